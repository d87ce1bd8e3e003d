//! The checks of the roster and the standards (基本支出测算): staff beyond the posts, a
//! typed line that counts what a rule already computes, a person without wages or with
//! months outside the year, a rate outside 0–100%, a base of 0 for persons, a unit a
//! rule cannot book on.

use super::*;
use crate::engine::staffing;

/// 在职 persons of a 身份 beyond the unit's 编制数 of it (行政 and 参公 against the
/// 行政编制, 事业 against the 事业编制), once the unit's 编制数 are given.
pub(super) fn posts(b: &Budget) -> Vec<Finding> {
    let mut out = Vec::new();
    for u in &b.units {
        if u.posts_admin + u.posts_institution == 0 {
            continue;
        }
        let (mut admin, mut inst) = (0u64, 0u64);
        for p in b
            .persons
            .iter()
            .filter(|p| p.unit_id == u.id && p.category == StaffCategory::Serving)
        {
            match p.identity_in(b) {
                UnitKind::Institution => inst += u64::from(p.count),
                _ => admin += u64::from(p.count),
            }
        }
        for (n, posts, what) in [
            (admin, u.posts_admin, "行政编制"),
            (inst, u.posts_institution, "事业编制"),
        ] {
            if n > u64::from(posts) {
                out.push(warn(
                    "staff-beyond-posts",
                    Place::id(
                        Sheet::Department,
                        u.id,
                        if what == "行政编制" {
                            "行政编制数"
                        } else {
                            "事业编制数"
                        },
                    ),
                    format!(
                        "单位“{}”在职{}人员 {n} 人，超过{what}数 {posts} 人",
                        u.name,
                        if what == "行政编制" {
                            "行政（参公）"
                        } else {
                            "事业"
                        }
                    ),
                ));
            }
        }
    }
    out
}

/// A typed 基本支出 line of an economic code a rule computes for the same unit: counted
/// twice (错误 for 人员经费; a 公用经费 line may add to a quota, 警告).
pub(super) fn typed_beside_computed(b: &Budget, l: &Line, out: &mut Vec<Finding>) {
    if l.is_computed()
        || l.nature != Nature::Basic
        || !staffing::computes(b, l.unit_id, &l.dept_econ)
    {
        return;
    }
    let name = b.catalog.dept_economic.name(&l.dept_econ).unwrap_or("");
    let what = format!(
        "单位“{}”手工填写的{} {name}（{}）与测算行重复：此科目已由测算标准算出",
        unit_label(b, l.unit_id),
        l.dept_econ,
        l.amount.grouped()
    );
    let place = Place::id(Sheet::Lines, l.id, "部门经济科目");
    out.push(match b.cost_class(l) {
        CostClass::Personnel => err(
            "typed-beside-computed",
            place,
            format!("{what}，人员经费会重复计算（删去此行，或在人员、测算标准中调整）"),
        ),
        CostClass::Public => warn(
            "typed-beside-computed",
            place,
            format!("{what}，请确认不是重复计算"),
        ),
    });
}

/// Only the 基本支出 lines of an economic code some rule computes need looking at.
pub(super) fn typed_beside_computed_group(b: &Budget, s: &Sums, g: &Item) -> bool {
    g.nature() == Nature::Basic && b.rules.iter().any(|r| r.econ == *s.econ[g.econ as usize])
}

/// Rows of the roster that cannot be right: no months in the year or more than twelve,
/// no persons, or a serving person without wages.
pub(super) fn roster_rows(b: &Budget) -> Vec<Finding> {
    let mut out = Vec::new();
    for (i, p) in b.persons.iter().enumerate() {
        let works = matches!(p.category, StaffCategory::Serving | StaffCategory::Contract);
        let unpaid = works && (p.base_pay + p.allowance + p.performance).is_zero();
        if (1..=12).contains(&p.months) && p.count > 0 && !unpaid {
            continue;
        }
        let who = format!(
            "人员第 {} 行（{}{}）",
            i + 1,
            b.unit(p.unit_id).map_or("", |u| u.short_label()),
            if p.name.is_empty() {
                String::new()
            } else {
                format!(" {}", p.name)
            }
        );
        if !(1..=12).contains(&p.months) {
            out.push(err(
                "roster-rows",
                Place::id(Sheet::Staff, p.id, "月数"),
                format!("{who}月数为 {}，应在 1 至 12 之间", p.months),
            ));
        }
        if p.count == 0 {
            out.push(err(
                "roster-rows",
                Place::id(Sheet::Staff, p.id, "人数"),
                format!("{who}人数为 0"),
            ));
        }
        if unpaid {
            out.push(warn(
                "roster-rows",
                Place::id(Sheet::Staff, p.id, "基本工资"),
                format!(
                    "{who}为{}人员，但没有填写工资（基本工资、津贴补贴、绩效工资均为 0）",
                    p.category.label()
                ),
            ));
        }
    }
    out
}

/// Rules whose figures cannot be meant: a rate outside 0–100%, a quota of 0.
pub(super) fn rule_values(b: &Budget) -> Vec<Finding> {
    let mut out = Vec::new();
    for r in &b.rules {
        let place = Place::id(Sheet::Standards, r.id, "比例或定额");
        match r.way {
            RuleWay::Rate if r.rate > rust_decimal::Decimal::ONE_HUNDRED => out.push(err(
                "rule-values",
                place,
                format!(
                    "规则“{}”的比例为 {}%，应在 0 至 100% 之间",
                    r.name,
                    r.rate.normalize()
                ),
            )),
            RuleWay::Rate if r.rate.is_zero() => out.push(warn(
                "rule-values",
                place,
                format!("规则“{}”的比例为 0", r.name),
            )),
            RuleWay::PerHead | RuleWay::PerVehicle | RuleWay::PerUnit if r.rate.is_zero() => out
                .push(warn(
                    "rule-values",
                    place,
                    format!("规则“{}”的定额为 0", r.name),
                )),
            _ => {}
        }
    }
    out
}

/// What the rules compute that cannot be right: a base of 0 for persons the rule
/// applies to, a unit without the function a rule books on.
pub(super) fn computed_lines(b: &Budget) -> Vec<Finding> {
    if b.rules.is_empty() {
        return Vec::new();
    }
    let (zero, gaps) = staffing::faults(b);
    let mut out: Vec<Finding> = gaps
        .into_iter()
        .map(|g| {
            err(
                "computed-lines",
                Place::id(
                    Sheet::Department,
                    g.unit_id,
                    crate::engine::records::unit::MAIN_FUNC,
                ),
                g.why,
            )
        })
        .collect();
    for z in zero {
        let Some(r) = b.rules.iter().find(|r| r.id == z.rule_id) else {
            continue;
        };
        out.push(warn(
            "computed-lines",
            Place::id(Sheet::Standards, r.id, "依据"),
            format!(
                "规则“{}”在单位“{}”有 {} 人适用，但依据（{}）合计为 0",
                r.name,
                unit_label(b, z.unit_id),
                z.persons,
                r.base
            ),
        ));
    }
    out
}

/// A computed line whose adjustment by hand takes it to 0 or below: it counts as 0.
pub(super) fn adjustment_beyond_result(b: &Budget, l: &Line, out: &mut Vec<Finding>) {
    if l.is_computed() && l.amount.is_zero() && l.adjust().is_negative() {
        out.push(warn(
            "adjustment-beyond-result",
            Place::id(Sheet::Lines, l.id, crate::engine::records::line::ADJUST),
            format!(
                "单位“{}”的测算行“{}”手工调整 {} 不小于测算数，金额按 0 计",
                unit_label(b, l.unit_id),
                l.rule(),
                crate::engine::records::signed(l.adjust()),
            ),
        ));
    }
}
