//! The charts for a meeting, derived from the budget: what each chart shows, as amounts.
//! How a chart is drawn is elsewhere (the editor draws it with egui_plot; files get the
//! SVG of [`svg`], which becomes a PNG or a PDF page).

use crate::engine::kinds::{FiscalKind, FundSource, Nature};
use crate::engine::model::Budget;
use crate::engine::money::{Money, group_digits, percent_change, share};
use crate::engine::tables::{self, Sums};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// `1,234.57`: an amount in 万元 with two places, as every chart writes it.
pub fn wan(m: Money) -> String {
    group_digits(&format!("{:.2}", m.wan(2)))
}

/// Which chart (also the stem of its PNG file).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ChartId {
    /// 支出按功能分类（类）构成.
    FunctionShares,
    /// 基本支出与项目支出.
    BasicProject,
    /// 一般公共预算财政拨款支出本年与上年（按款或项）.
    YearOnYear,
    /// “三公”经费本年与上年.
    ThreePublic,
    /// 收入来源构成.
    IncomeSources,
}

impl ChartId {
    pub const ALL: [ChartId; 5] = [
        ChartId::FunctionShares,
        ChartId::BasicProject,
        ChartId::YearOnYear,
        ChartId::ThreePublic,
        ChartId::IncomeSources,
    ];

    /// The file stem: `01-支出功能分类构成`.
    pub fn file_stem(self) -> &'static str {
        match self {
            ChartId::FunctionShares => "1-支出功能分类构成",
            ChartId::BasicProject => "2-基本支出与项目支出",
            ChartId::YearOnYear => "3-一般公共预算拨款本年与上年",
            ChartId::ThreePublic => "4-三公经费本年与上年",
            ChartId::IncomeSources => "5-收入来源构成",
        }
    }

    /// The short name shown on a tab.
    pub fn short(self) -> &'static str {
        match self {
            ChartId::FunctionShares => "功能分类构成",
            ChartId::BasicProject => "基本与项目",
            ChartId::YearOnYear => "本年与上年",
            ChartId::ThreePublic => "三公经费",
            ChartId::IncomeSources => "收入来源",
        }
    }
}

/// The function level by which this year is set against last.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Level {
    /// 款 (5 digits).
    #[default]
    Kuan,
    /// 项 (7 digits).
    Xiang,
}

impl Level {
    pub fn digits(self) -> usize {
        match self {
            Level::Kuan => 5,
            Level::Xiang => 7,
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Level::Kuan => "款",
            Level::Xiang => "项",
        }
    }
}

/// One part of a whole.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Part {
    pub label: String,
    pub amount: Money,
    /// The share of the whole in percent, two places; `None` when the whole is zero.
    pub share: Option<Decimal>,
}

/// One group of a comparison: last year's and this year's amounts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pair {
    pub label: String,
    pub prior: Money,
    pub current: Money,
}

impl Pair {
    /// The change in percent, one place; `None` when last year's is zero.
    pub fn change(&self) -> Option<Decimal> {
        percent_change(self.prior, self.current, 1)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Parts of a whole, largest first.
    Shares { total: Money, parts: Vec<Part> },
    /// Last year against this year, group by group.
    Compare {
        prior_label: String,
        current_label: String,
        pairs: Vec<Pair>,
        /// The groups together (printed under the bars, not drawn as one).
        total: Option<Pair>,
        /// Groups with nothing in either year: left out of the bars, named under them.
        omitted: Vec<String>,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Chart {
    pub id: ChartId,
    pub title: String,
    /// What the amounts cover, printed under the title.
    pub subtitle: String,
    pub kind: Kind,
}

impl Chart {
    /// What is left out of the bars for having nothing in it, as printed under them:
    /// `本年和上年均未安排：因公出国（境）费、公务用车购置费`.
    pub fn omitted_note(&self) -> Option<String> {
        match &self.kind {
            Kind::Compare { omitted, .. } if !omitted.is_empty() => {
                Some(format!("本年和上年均未安排：{}", omitted.join("、")))
            }
            _ => None,
        }
    }

    /// Whether there is nothing to draw.
    pub fn is_empty(&self) -> bool {
        match &self.kind {
            Kind::Shares { parts, .. } => parts.is_empty(),
            Kind::Compare { pairs, .. } => pairs.is_empty(),
        }
    }
}

fn shares(mut parts: Vec<(String, Money)>) -> Kind {
    parts.retain(|(_, m)| !m.is_zero());
    // Largest first; equal amounts in their given order.
    parts.sort_by_key(|p| std::cmp::Reverse(p.1));
    let total: Money = parts.iter().map(|(_, m)| *m).sum();
    Kind::Shares {
        total,
        parts: parts
            .into_iter()
            .map(|(label, amount)| Part {
                share: share(amount, total, 2),
                label,
                amount,
            })
            .collect(),
    }
}

fn code_label(b: &Budget, code: &str) -> String {
    match b.catalog.function.name(code) {
        Some(name) => format!("{code} {name}"),
        None => code.to_string(),
    }
}

/// Spending by function 类, all funds.
pub fn function_shares(b: &Budget, sums: &Sums) -> Chart {
    let mut by_class: BTreeMap<&str, Money> = BTreeMap::new();
    for g in sums.coarse.live() {
        let code = &sums.func[g.func as usize];
        *by_class.entry(code.get(..3).unwrap_or(code)).or_default() += g.money();
    }
    let parts = by_class
        .into_iter()
        .map(|(code, m)| {
            let name = b.catalog.function.name(code).unwrap_or(code).to_string();
            (name, m)
        })
        .collect();
    Chart {
        id: ChartId::FunctionShares,
        title: format!("{}年支出按功能分类（类）构成", b.department.year),
        subtitle: "全部资金".into(),
        kind: shares(parts),
    }
}

/// Basic against project spending, all funds.
pub fn basic_project(b: &Budget, sums: &Sums) -> Chart {
    let basic = sums.sum(|g| g.nature() == Nature::Basic);
    let project = sums.sum(|g| g.nature() == Nature::Project);
    Chart {
        id: ChartId::BasicProject,
        title: format!("{}年基本支出与项目支出", b.department.year),
        subtitle: "全部资金".into(),
        kind: shares(vec![
            ("基本支出".into(), basic),
            ("项目支出".into(), project),
        ]),
    }
}

/// General-budget spending this year against last, by function 款 or 项 (the figures of
/// table 5).
pub fn year_on_year(b: &Budget, sums: &Sums, level: Level) -> Chart {
    let n = level.digits();
    let mut by_code: BTreeMap<&str, (Money, Money)> = BTreeMap::new();
    for g in sums
        .coarse
        .live()
        .filter(|g| g.fund().fiscal_kind() == Some(FiscalKind::General))
    {
        let code = &sums.func[g.func as usize];
        by_code.entry(code.get(..n).unwrap_or(code)).or_default().1 += g.money();
    }
    for p in &b.prior_functions {
        let code = p.func_code.get(..n).unwrap_or(&p.func_code);
        by_code.entry(code).or_default().0 += p.amount;
    }
    let y = b.department.year;
    Chart {
        id: ChartId::YearOnYear,
        title: format!(
            "一般公共预算财政拨款支出{}年与{}年对比（按功能分类{}）",
            y,
            y - 1,
            level.label()
        ),
        subtitle: "一般公共预算财政拨款".into(),
        kind: Kind::Compare {
            prior_label: format!("{}年预算数", y - 1),
            current_label: format!("{y}年预算数"),
            pairs: by_code
                .into_iter()
                .filter(|(_, (p, c))| !p.is_zero() || !c.is_zero())
                .map(|(code, (prior, current))| Pair {
                    label: code_label(b, code),
                    prior,
                    current,
                })
                .collect(),
            total: None,
            omitted: Vec::new(),
        },
    }
}

/// The four 三公 items, this year against last (the figures of table 10).
pub fn three_public(b: &Budget, sums: &Sums) -> Chart {
    let cur = tables::three_public_of(sums);
    let prior = tables::three_public_prior(b);
    let labels = [
        "因公出国（境）费",
        "公务用车购置费",
        "公务用车运行维护费",
        "公务接待费",
    ];
    let y = b.department.year;
    let (pairs, empty): (Vec<Pair>, Vec<Pair>) = labels
        .iter()
        .enumerate()
        .map(|(i, l)| Pair {
            label: l.to_string(),
            prior: prior[i],
            current: cur[i],
        })
        .partition(|p| !p.prior.is_zero() || !p.current.is_zero());
    let total = Pair {
        label: "合计".into(),
        prior: prior.iter().copied().sum(),
        current: cur.iter().copied().sum(),
    };
    Chart {
        id: ChartId::ThreePublic,
        title: format!("“三公”经费{}年与{}年对比", y, y - 1),
        subtitle: "一般公共预算财政拨款".into(),
        kind: Kind::Compare {
            prior_label: format!("{}年预算数", y - 1),
            current_label: format!("{y}年预算数"),
            pairs,
            total: Some(total),
            omitted: empty.into_iter().map(|p| p.label).collect(),
        },
    }
}

/// This year's income by source.
pub fn income_sources(b: &Budget) -> Chart {
    let mut by_source: BTreeMap<FundSource, Money> = BTreeMap::new();
    for i in &b.income {
        *by_source.entry(i.source).or_default() += i.current;
    }
    Chart {
        id: ChartId::IncomeSources,
        title: format!("{}年收入来源构成", b.department.year),
        subtitle: "全部收入".into(),
        kind: shares(
            by_source
                .into_iter()
                .map(|(s, m)| (s.label().to_string(), m))
                .collect(),
        ),
    }
}

/// One chart by its id.
pub fn chart(b: &Budget, sums: &Sums, id: ChartId, level: Level) -> Chart {
    match id {
        ChartId::FunctionShares => function_shares(b, sums),
        ChartId::BasicProject => basic_project(b, sums),
        ChartId::YearOnYear => year_on_year(b, sums, level),
        ChartId::ThreePublic => three_public(b, sums),
        ChartId::IncomeSources => income_sources(b),
    }
}

/// All five charts, in their order.
pub fn all(b: &Budget, sums: &Sums, level: Level) -> Vec<Chart> {
    ChartId::ALL
        .iter()
        .map(|&id| chart(b, sums, id, level))
        .collect()
}

/// A key figure for the first page of a meeting's copy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyFigure {
    pub label: String,
    /// The amount in 元.
    pub amount: Money,
    /// Against last year, when last year is known: `比上年增长 3.2%`.
    pub note: String,
}

fn against_prior(prior: Money, current: Money) -> String {
    if prior.is_zero() {
        return String::new();
    }
    let diff = current - prior;
    let pct = percent_change(prior, current, 1)
        .map(|p| format!("{}%", p.abs()))
        .unwrap_or_default();
    if diff.is_zero() {
        "与上年持平".into()
    } else if diff.is_negative() {
        format!("比上年减少 {}（{pct}）", diff.abs().grouped())
    } else {
        format!("比上年增加 {}（{pct}）", diff.grouped())
    }
}

/// 收入总计, 支出总计, 基本支出, 项目支出, 一般公共预算财政拨款, “三公”经费, with last year
/// where the budget holds it.
pub fn key_figures(b: &Budget, sums: &Sums) -> Vec<KeyFigure> {
    let income: Money = b.income.iter().map(|i| i.current).sum();
    let income_prior: Money = b.income.iter().map(|i| i.prior).sum();
    let spending = sums.total();
    let basic = sums.sum(|g| g.nature() == Nature::Basic);
    let project = sums.sum(|g| g.nature() == Nature::Project);
    let general = sums.sum(|g| g.fund().fiscal_kind() == Some(FiscalKind::General));
    let general_prior: Money = b.prior_functions.iter().map(|p| p.amount).sum();
    let three: Money = tables::three_public_of(sums).into_iter().sum();
    let three_prior: Money = tables::three_public_prior(b).into_iter().sum();
    let fig = |label: &str, amount: Money, note: String| KeyFigure {
        label: label.into(),
        amount,
        note,
    };
    vec![
        fig("收入总计", income, against_prior(income_prior, income)),
        fig("支出总计", spending, String::new()),
        fig(
            "基本支出",
            basic,
            share(basic, spending, 2)
                .map(|s| format!("占支出总计 {s}%"))
                .unwrap_or_default(),
        ),
        fig(
            "项目支出",
            project,
            share(project, spending, 2)
                .map(|s| format!("占支出总计 {s}%"))
                .unwrap_or_default(),
        ),
        fig(
            "一般公共预算财政拨款支出",
            general,
            against_prior(general_prior, general),
        ),
        fig("“三公”经费", three, against_prior(three_prior, three)),
    ]
}
