//! Year on year: every item the narrative compares with last year, and the check that
//! each one that changed has its reason.

use super::*;

/// An item compared with last year: its reason key, what it is, and both figures.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub key: String,
    pub what: String,
    pub prior: Money,
    pub current: Money,
}

/// Every item the narrative compares with last year: each function 项 of the general
/// budget, basic and project spending, the 三公 items and 机关运行经费.
pub fn year_on_year(b: &Budget) -> Vec<Change> {
    year_on_year_of(b, &Sums::of(b))
}

/// [`year_on_year`], the lines read through their sums.
pub fn year_on_year_of(b: &Budget, sums: &Sums) -> Vec<Change> {
    let mut out = Vec::new();
    // One pass over the lines, sums in integer 分: by function 项 and by nature.
    let mut by_func: crate::engine::base::fxhash::FxHashMap<&str, (i128, i128)> =
        Default::default();
    let mut by_nature = [(0i128, 0i128); 2];
    let slot = |n: Nature| match n {
        Nature::Basic => 0,
        Nature::Project => 1,
    };
    for p in &b.prior_functions {
        by_func.entry(&p.func_code).or_default().0 += p.amount.fen() as i128;
        by_nature[slot(p.nature)].0 += p.amount.fen() as i128;
    }
    for g in sums
        .coarse
        .live()
        .filter(|g| g.fund().fiscal_kind() == Some(FiscalKind::General))
    {
        by_func.entry(&sums.func[g.func as usize]).or_default().1 += g.fen;
        let nature = if g.is_project() {
            Nature::Project
        } else {
            Nature::Basic
        };
        by_nature[slot(nature)].1 += g.fen;
    }
    let mut by_func: Vec<(&str, (i128, i128))> = by_func.into_iter().collect();
    by_func.sort_unstable_by_key(|(code, _)| *code);
    for (code, (prior, current)) in by_func {
        let name = b.catalog.function.name(code).unwrap_or("");
        out.push(Change {
            key: reason_key::function(code),
            what: format!("功能科目 {code} {name}"),
            prior: Money::from_fen_wide(prior),
            current: Money::from_fen_wide(current),
        });
    }
    for nature in [Nature::Basic, Nature::Project] {
        let (prior, current) = by_nature[slot(nature)];
        let (prior, current) = (Money::from_fen_wide(prior), Money::from_fen_wide(current));
        out.push(Change {
            key: reason_key::nature(nature),
            what: nature.label().to_string(),
            prior,
            current,
        });
    }
    let cur = tables::three_public_of(sums);
    let prior = tables::three_public_prior(b);
    let items = [
        PriorItem::Abroad,
        PriorItem::CarPurchase,
        PriorItem::CarRunning,
        PriorItem::Reception,
    ];
    for (i, item) in items.into_iter().enumerate() {
        out.push(Change {
            key: reason_key::item(item),
            what: format!("“三公”经费中的{item}"),
            prior: prior[i],
            current: cur[i],
        });
    }
    out.push(Change {
        key: reason_key::item(PriorItem::OfficeRunning),
        what: "机关运行经费".into(),
        prior: b.prior_item(PriorItem::OfficeRunning),
        current: office_running_of(sums),
    });
    out
}

/// Whether last year's figure of a [`year_on_year`] item was entered: without them, the
/// prior-missing finding says what to do, and a finding for every line is noise.
/// A function 项 or a nature is compared only where the layout's narrative publishes that
/// comparison with its reason (重庆's does; Shanghai's states 项 without last year).
pub(super) fn prior_entered(b: &Budget, key: &str) -> bool {
    if key == reason_key::item(PriorItem::OfficeRunning) {
        b.prior_items.contains_key(&PriorItem::OfficeRunning)
    } else if key.starts_with("功能科目:") || key.starts_with("支出性质:") {
        !b.prior_functions.is_empty() && crate::engine::narrative::compares_functions(b)
    } else {
        true
    }
}

/// An item that changed from last year needs a reason (for the narrative).
pub(super) fn change_reasons(b: &Budget, sums: &Sums) -> Vec<Finding> {
    year_on_year_of(b, sums)
        .into_iter()
        .filter(|c| c.prior != c.current && b.reason(&c.key).is_none() && prior_entered(b, &c.key))
        .map(|c| {
            let change = if c.current > c.prior {
                "增加"
            } else {
                "减少"
            };
            warn(
                "change-reason",
                Place::key(Sheet::Reasons, c.key.clone(), Some("原因")),
                format!(
                    "{}较上年{change} {} 元（上年 {} 元，本年 {} 元），尚未填写变动原因",
                    c.what,
                    (c.current - c.prior).abs().grouped(),
                    c.prior.grouped(),
                    c.current.grouped()
                ),
            )
        })
        .collect()
}
