//! 基本支出测算: the lines the roster (人员) and the standards (测算标准) compute, with
//! their working. Pure functions of the budget: [`unit_lines`] computes one unit's
//! lines, [`refresh`] the edit that makes the budget's computed lines what the rules
//! give, which the store makes part of every edit of the roster, the standards or a
//! unit (`store::Store::apply`), so that they are always current and undone together.
//!
//! The ways of a rule, for each unit and the persons it applies to (人员类别 and 身份):
//! - 按人月: the roster's items × 月数 × 人数 (奖金 is yearly: as given × 人数, or when
//!   blank, 比例或定额 months of 基本工资);
//! - 按比例: 比例 % of a base, rounded to 分 once per unit and function: roster items a
//!   year (a 缴费基数 × 月数 × 人数; a blank 缴费基数 is the person's 基本工资 + 津贴补贴 +
//!   绩效工资) and other rules' results for the unit;
//! - 按人定额: the quota × 人数 (persons on the roster, whatever their months);
//! - 按车定额: the quota × the vehicles held (资产), booked on the department's first
//!   unit (本级);
//! - 按单位定额: the quota, for each unit with persons the rule applies to.
//!
//! A rule's function is its 功能科目, or for persons of 身份 事业 its 事业功能科目, or,
//! blank, the unit's 主要功能科目.

pub mod file;
mod refresh;
pub mod working;

pub use refresh::{fill, refresh, units_to_refresh};

use crate::engine::kinds::*;
use crate::engine::model::*;
use crate::engine::money::Money;
use crate::engine::records::person;
use crate::engine::records::rule::{categories, identities, rate_text, terms};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// One line a rule computes for a unit, with its working.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Computed {
    pub unit_id: i64,
    pub rule: String,
    pub func_code: String,
    pub dept_econ: String,
    /// The rule's 经费类型 where it differs from the economic code's.
    pub cost_class: Option<CostClass>,
    pub amount: Money,
    pub working: Working,
}

/// How a computed amount was arrived at: `16% × 3,617,091.00 = 578,734.56`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Working {
    /// Persons the rule counted (人数), or vehicles for 按车定额.
    pub persons: u64,
    /// The base: a year of the roster's items (按人月, 按比例); none for a quota.
    pub base: Option<Money>,
    /// 比例或定额 as shown (`16%`, `1,600.00`).
    pub factor: String,
    /// The whole working, to show and print.
    pub text: String,
}

/// Why a rule computes nothing for a unit that it should (a finding of the checks).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Gap {
    pub unit_id: i64,
    pub rule: String,
    pub why: String,
}

/// A roster item of a person for the year (all persons of the row), by its place in
/// [`person::ITEMS`].
fn item_year(p: &Person, item: usize, bonus_months: Decimal) -> i128 {
    let n = i128::from(p.count);
    let months = i128::from(p.months);
    let monthly = |m: Money| i128::from(m.fen()) * months * n;
    let wage = || i128::from(p.base_pay.fen() + p.allowance.fen() + p.performance.fen());
    let base = |given: Option<Money>| given.map_or_else(|| wage() * months * n, monthly);
    match item {
        0 => monthly(p.base_pay),
        1 => monthly(p.allowance),
        2 => monthly(p.performance),
        3 => monthly(p.pension),
        4 => monthly(p.living),
        5 => match p.bonus {
            Some(b) => i128::from(b.fen()) * n,
            None => round_fen(Decimal::from(p.base_pay.fen()) * bonus_months) * n,
        },
        6 => base(p.base_pension),
        7 => base(p.base_medical),
        8 => base(p.base_housing),
        _ => 0,
    }
}

fn round_fen(d: Decimal) -> i128 {
    use rust_decimal::prelude::ToPrimitive;
    d.round_dp_with_strategy(0, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
        .to_i128()
        .unwrap_or(0)
}

/// An amount of 分 as money, held at one 分 above the largest amount a line may have: a
/// roster or a rule that would compute more (a mistyped figure, a hostile file) gives a
/// line the store refuses with its message, and no sum of such amounts can overflow.
fn money(fen: i128) -> Money {
    const OVER: i128 = crate::engine::money::MAX_YUAN as i128 * 100 + 100;
    Money::from_fen_wide(fen.clamp(-OVER, OVER))
}

/// The rules in the order they are computed: by their place in the standards, a rule
/// after the rules its base names.
pub fn rules_in_order(b: &Budget) -> Vec<&Rule> {
    let mut left: Vec<&Rule> = b.rules.iter().collect();
    left.sort_by_key(|r| (r.seq, r.id));
    let mut done: Vec<&Rule> = Vec::with_capacity(left.len());
    while !left.is_empty() {
        let ready = left.iter().position(|r| {
            terms(&r.base).iter().all(|t| {
                person::ITEMS.contains(t)
                    || done.iter().any(|d| d.name == *t)
                    || !left.iter().any(|o| o.name == *t)
            })
        });
        // A circle (refused when a rule is stored) would leave none ready: take the next.
        done.push(left.remove(ready.unwrap_or(0)));
    }
    done
}

/// A rule read once for computing: its base's roster items by number and the rules it
/// names, and whom it applies to.
struct Prepared<'a> {
    rule: &'a Rule,
    items: Vec<usize>,
    others: Vec<&'a str>,
    categories: [bool; 5],
    identities: [bool; 3],
}

/// The standards read once for computing: the rules in order, the months of a blank 奖金,
/// the vehicles and the unit they are booked on.
pub struct Prepare<'a> {
    rules: Vec<Prepared<'a>>,
    bonus: Decimal,
    vehicles: u64,
    first_unit: Option<i64>,
}

impl<'a> Prepare<'a> {
    pub fn of(b: &'a Budget) -> Prepare<'a> {
        let rules: Vec<Prepared<'a>> = rules_in_order(b)
            .into_iter()
            .filter_map(|r| {
                let (cats, ids) = (
                    categories(&r.categories).ok()?,
                    identities(&r.identities).ok()?,
                );
                let mut categories = [false; 5];
                cats.iter().for_each(|c| categories[c.index()] = true);
                let mut identities = [false; 3];
                ids.iter().for_each(|k| identities[k.index()] = true);
                let terms = terms(&r.base);
                Some(Prepared {
                    rule: r,
                    items: terms
                        .iter()
                        .filter_map(|t| person::ITEMS.iter().position(|i| i == t))
                        .collect(),
                    others: terms
                        .into_iter()
                        .filter(|t| !person::ITEMS.contains(t))
                        .collect(),
                    categories,
                    identities,
                })
            })
            .collect();
        // The months of 基本工资 a blank 奖金 is: the 比例或定额 of the 按人月 rule on 奖金.
        let bonus = rules
            .iter()
            .find(|p| p.rule.way == RuleWay::PerMonth && p.items == [5] && p.others.is_empty())
            .map_or(Decimal::ZERO, |p| p.rule.rate);
        Prepare {
            rules,
            bonus,
            vehicles: vehicles(b),
            first_unit: b.units.first().map(|u| u.id),
        }
    }
}

impl Prepared<'_> {
    fn applies(&self, p: &Person, identity: UnitKind) -> bool {
        self.categories[p.category.index()] && self.identities[identity.index()]
    }
}

/// Whether a rule of this economic code computes a line for the unit: it has persons the
/// rule applies to (or the vehicles, for a quota per vehicle). Only the rules of the code
/// are read: what a check of a typed line asks.
pub fn computes(b: &Budget, unit_id: i64, econ: &str) -> bool {
    let Some(unit) = b.unit(unit_id) else {
        return false;
    };
    b.rules
        .iter()
        .filter(|r| r.econ == econ)
        .any(|r| match r.way {
            RuleWay::PerVehicle => {
                b.units.first().map(|u| u.id) == Some(unit_id) && vehicles(b) > 0
            }
            _ => {
                let (Ok(cats), Ok(ids)) = (categories(&r.categories), identities(&r.identities))
                else {
                    return false;
                };
                b.persons.iter().any(|p| {
                    p.unit_id == unit_id
                        && cats.contains(&p.category)
                        && ids.contains(&p.identity.unwrap_or(unit.kind))
                })
            }
        })
}

/// The function a rule books a person's amount on: 事业功能科目 for 身份 事业 when given,
/// else 功能科目, else the unit's 主要功能科目 (empty when the unit has none).
fn func_for<'a>(r: &'a Rule, identity: UnitKind, unit: &'a Unit) -> &'a str {
    if identity == UnitKind::Institution && !r.func_institution.is_empty() {
        &r.func_institution
    } else if !r.func.is_empty() {
        &r.func
    } else {
        &unit.main_func
    }
}

/// The vehicles held (资产: every category but large equipment).
fn vehicles(b: &Budget) -> u64 {
    b.assets
        .iter()
        .filter(|a| a.category != AssetCategory::LargeEquipment)
        .map(|a| u64::from(a.owned))
        .sum()
}

/// What a rule computes for one unit, by function: (persons, base or quota total in 分).
#[derive(Default)]
struct Group {
    persons: u64,
    base: i128,
}

/// The lines the rules compute for a unit, in the order of the rules, and the rules that
/// cannot compute (a unit without 主要功能科目).
pub fn unit_lines(b: &Budget, unit_id: i64) -> (Vec<Computed>, Vec<Gap>) {
    let persons: Vec<&Person> = b.persons.iter().filter(|p| p.unit_id == unit_id).collect();
    unit_lines_of(b, &Prepare::of(b), unit_id, &persons)
}

fn unit_lines_of(
    b: &Budget,
    prepared: &Prepare,
    unit_id: i64,
    persons: &[&Person],
) -> (Vec<Computed>, Vec<Gap>) {
    let mut out: Vec<Computed> = Vec::new();
    let mut gaps = Vec::new();
    let Some(unit) = b.unit(unit_id) else {
        return (out, gaps);
    };
    let first_unit = prepared.first_unit == Some(unit_id);
    for p in &prepared.rules {
        let r = p.rule;
        let mut groups: BTreeMap<&str, Group> = BTreeMap::new();
        match r.way {
            RuleWay::PerVehicle => {
                if first_unit && prepared.vehicles > 0 {
                    let g = groups.entry(func_for(r, unit.kind, unit)).or_default();
                    g.persons = prepared.vehicles;
                }
            }
            RuleWay::PerUnit => {
                let n: u64 = persons
                    .iter()
                    .filter(|x| p.applies(x, x.identity.unwrap_or(unit.kind)))
                    .map(|x| u64::from(x.count))
                    .sum();
                if n > 0 {
                    groups
                        .entry(func_for(r, unit.kind, unit))
                        .or_default()
                        .persons = n;
                }
            }
            _ => {
                let summed = matches!(r.way, RuleWay::PerMonth | RuleWay::Rate);
                for x in persons {
                    let id = x.identity.unwrap_or(unit.kind);
                    if !p.applies(x, id) {
                        continue;
                    }
                    let g = groups.entry(func_for(r, id, unit)).or_default();
                    g.persons += u64::from(x.count);
                    if summed {
                        g.base += p
                            .items
                            .iter()
                            .map(|i| item_year(x, *i, prepared.bonus))
                            .sum::<i128>();
                    }
                }
                // Other rules' results for the unit go with the unit's own function.
                if r.way == RuleWay::Rate && !p.others.is_empty() {
                    let others: i128 = out
                        .iter()
                        .filter(|c| p.others.contains(&c.rule.as_str()))
                        .map(|c| i128::from(c.amount.fen()))
                        .sum();
                    if others != 0 {
                        groups.entry(func_for(r, unit.kind, unit)).or_default().base += others;
                    }
                }
            }
        }
        for (func, g) in groups {
            if func.is_empty() {
                gaps.push(Gap {
                    unit_id,
                    rule: r.name.clone(),
                    why: format!(
                        "单位“{}”未填主要功能科目，规则“{}”无法测算（在“单位信息”页填写，或在规则中指定功能科目）",
                        unit.name, r.name
                    ),
                });
                continue;
            }
            let (amount, base, text) = amount_of(r, &g);
            out.push(Computed {
                unit_id,
                rule: r.name.clone(),
                func_code: func.to_string(),
                dept_econ: r.econ.clone(),
                cost_class: r.cost_class.filter(|c| *c != default_cost_class(&r.econ)),
                amount,
                working: Working {
                    persons: g.persons,
                    base,
                    factor: rate_text(r),
                    text,
                },
            });
        }
    }
    (out, gaps)
}

/// The amount of a group and its working.
fn amount_of(r: &Rule, g: &Group) -> (Money, Option<Money>, String) {
    let quota = |what: &str| {
        let each = Money::round_from(r.rate);
        let fen = i128::from(each.fen()).saturating_mul(i128::from(g.persons));
        let m = money(fen);
        (
            m,
            None,
            format!(
                "{} × {} {what} = {}",
                each.grouped(),
                g.persons,
                m.grouped()
            ),
        )
    };
    match r.way {
        RuleWay::PerMonth => {
            let m = money(g.base);
            (
                m,
                Some(m),
                format!(
                    "{} 人 · {} 按月额 × 月数 × 人数 = {}",
                    g.persons,
                    terms(&r.base).join("+"),
                    m.grouped()
                ),
            )
        }
        RuleWay::Rate => {
            let base = money(g.base);
            // p% of a base in 元 is base × p 分, rounded to the 分 (四舍五入).
            let m = money(
                base.decimal()
                    .checked_mul(r.rate)
                    .map(round_fen)
                    .unwrap_or(i128::MAX),
            );
            (
                m,
                Some(base),
                format!(
                    "{}% × {} = {}",
                    r.rate.normalize(),
                    base.grouped(),
                    m.grouped()
                ),
            )
        }
        RuleWay::PerHead => quota("人"),
        RuleWay::PerVehicle => quota("辆"),
        RuleWay::PerUnit => {
            let m = Money::round_from(r.rate);
            (m, None, format!("每单位定额 {}", m.grouped()))
        }
    }
}

/// A rule of 按比例 whose base is 0 in a unit where it applies to persons.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ZeroBase {
    pub rule_id: i64,
    pub unit_id: i64,
    pub persons: u64,
}

/// What the rules cannot compute as meant, found without computing every line (what the
/// checks ask after each roster edit): rules of 按比例 on the roster's items whose base
/// is 0 in a unit with persons they apply to, and the units without 主要功能科目 where a
/// rule would book on it.
pub fn faults(b: &Budget) -> (Vec<ZeroBase>, Vec<Gap>) {
    let prepared = Prepare::of(b);
    let at = |id: i64| b.units.binary_search_by_key(&id, |u| u.id).ok();
    let mut zero = Vec::new();
    for p in prepared
        .rules
        .iter()
        .filter(|p| p.rule.way == RuleWay::Rate && p.others.is_empty())
    {
        let mut acc = vec![(0u64, 0i128); b.units.len()];
        for x in &b.persons {
            let Some(i) = at(x.unit_id) else { continue };
            if !p.applies(x, x.identity.unwrap_or(b.units[i].kind)) {
                continue;
            }
            acc[i].0 += u64::from(x.count);
            acc[i].1 += p
                .items
                .iter()
                .map(|t| item_year(x, *t, prepared.bonus))
                .sum::<i128>();
        }
        for (u, (persons, base)) in b.units.iter().zip(acc) {
            if persons > 0 && base == 0 {
                zero.push(ZeroBase {
                    rule_id: p.rule.id,
                    unit_id: u.id,
                    persons,
                });
            }
        }
    }
    // A unit without its function: the rules it would compute say which cannot.
    let mut gaps = Vec::new();
    for u in b.units.iter().filter(|u| u.main_func.is_empty()) {
        let persons: Vec<&Person> = b.persons.iter().filter(|p| p.unit_id == u.id).collect();
        gaps.extend(unit_lines_of(b, &prepared, u.id, &persons).1);
    }
    (zero, gaps)
}

/// Every unit's computed lines, in the order of the units (the 测算表).
pub fn all_lines(b: &Budget) -> (Vec<Computed>, Vec<Gap>) {
    let mut by_unit: BTreeMap<i64, Vec<&Person>> = BTreeMap::new();
    for p in &b.persons {
        by_unit.entry(p.unit_id).or_default().push(p);
    }
    let mut out = Vec::new();
    let mut gaps = Vec::new();
    let prepared = Prepare::of(b);
    for u in &b.units {
        let persons = by_unit.get(&u.id).map(Vec::as_slice).unwrap_or(&[]);
        let (c, g) = unit_lines_of(b, &prepared, u.id, persons);
        out.extend(c);
        gaps.extend(g);
    }
    (out, gaps)
}
