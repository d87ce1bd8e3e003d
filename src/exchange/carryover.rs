//! Last year's file (上年文件): in one step, fills this year's 上年数 from what last year's
//! budget held, and carries over what continues: the department's facts where this year's
//! are still empty, units, and last year's projects with their indicators.
//!
//! - 上年数 by function 项 and nature: last year's general-budget lines (table 5's source);
//! - 上年“三公”经费 and 机关运行经费: last year's figures of those items;
//! - 收入 上年数: last year's income by source;
//! - projects of last year whose name is not in this year's file, with their indicators,
//!   their amounts left at zero (this year's amounts come from this year's lines);
//! - the standards (测算标准) and the roster (人员), when this year's file has none: the
//!   roster for a whole year (月数 12; who joins or leaves is the officer's to change), so
//!   that the computed lines of this year follow at once.
//!
//! The result is one edit: the officer can undo it as a whole.

use crate::engine::edit::Edit;
use crate::engine::kinds::*;
use crate::engine::model::*;
use crate::engine::money::Money;
use crate::engine::records::PriorFigure;
use crate::engine::tables;
use std::collections::BTreeMap;

/// What a carry-over does, for the message after it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub prior_functions: usize,
    pub income_sources: usize,
    pub units: usize,
    pub projects: Vec<String>,
    pub indicators: usize,
    pub facts: Vec<&'static str>,
    pub rules: usize,
    pub persons: usize,
}

impl Summary {
    pub fn text(&self) -> String {
        let mut s = format!(
            "上年数 {} 个功能科目、收入 {} 个来源、“三公”经费及机关运行经费",
            self.prior_functions, self.income_sources
        );
        if self.units > 0 {
            s.push_str(&format!("；新增单位 {} 个", self.units));
        }
        if !self.projects.is_empty() {
            s.push_str(&format!(
                "；延续项目 {} 个（绩效指标 {} 个）",
                self.projects.len(),
                self.indicators
            ));
        }
        if !self.facts.is_empty() {
            s.push_str(&format!("；单位信息：{}", self.facts.join("、")));
        }
        if self.rules > 0 {
            s.push_str(&format!("；测算标准 {} 条规则", self.rules));
        }
        if self.persons > 0 {
            s.push_str(&format!(
                "；人员 {} 行（月数均按 12 个月，请核对本年入职、离职）",
                self.persons
            ));
        }
        s
    }
}

/// The edit that brings last year's file into this year's budget.
pub fn from_last_year(current: &Budget, last: &Budget) -> Result<(Edit, Summary), String> {
    let (cy, ly) = (current.department.year, last.department.year);
    if ly != cy - 1 {
        return Err(format!(
            "所选文件是 {ly} 年的预算，本预算为 {cy} 年，应选择 {} 年的文件",
            cy - 1
        ));
    }
    if !current.department.code.is_empty()
        && !last.department.code.is_empty()
        && current.department.code != last.department.code
    {
        return Err(format!(
            "所选文件属于部门 {}（{}），与本预算的部门 {}（{}）不同",
            last.department.code,
            last.department.name,
            current.department.code,
            current.department.name
        ));
    }
    let mut edits = Vec::new();
    let mut summary = Summary::default();

    // 上年数 by function 项 and nature: replace what is there.
    let mut prior: BTreeMap<(String, Nature), Money> = BTreeMap::new();
    for l in last
        .lines
        .iter()
        .filter(|l| l.fund_source.fiscal_kind() == Some(FiscalKind::General))
    {
        *prior.entry((l.func_code.clone(), l.nature)).or_default() += l.amount;
    }
    for p in &current.prior_functions {
        if !prior.contains_key(&(p.func_code.clone(), p.nature)) {
            edits.push(Edit::put(PriorFunction {
                amount: Money::ZERO,
                ..p.clone()
            }));
        }
    }
    for ((func_code, nature), amount) in prior {
        if amount.is_zero() {
            continue;
        }
        summary.prior_functions += 1;
        edits.push(Edit::put(PriorFunction {
            func_code,
            nature,
            amount,
        }));
    }
    let three = tables::three_public_current(last);
    for (item, m) in [
        PriorItem::Abroad,
        PriorItem::CarPurchase,
        PriorItem::CarRunning,
        PriorItem::Reception,
    ]
    .into_iter()
    .zip(three)
    {
        edits.push(Edit::put(PriorFigure { item, amount: m }));
    }
    edits.push(Edit::put(PriorFigure {
        item: PriorItem::OfficeRunning,
        amount: crate::engine::tables::office_running_cost(last),
    }));

    // 收入 上年数.
    let last_income: BTreeMap<FundSource, Money> =
        last.income.iter().map(|i| (i.source, i.current)).collect();
    for i in &current.income {
        let prior = last_income.get(&i.source).copied().unwrap_or_default();
        if prior != i.prior {
            edits.push(Edit::put(Income { prior, ..i.clone() }));
        }
    }
    for (source, prior) in &last_income {
        if !prior.is_zero() {
            summary.income_sources += 1;
        }
        if current.income_of(*source).is_none() && !prior.is_zero() {
            edits.push(Edit::put(Income {
                source: *source,
                current: Money::ZERO,
                prior: *prior,
            }));
        }
    }

    // The department's facts, where this year's are still empty.
    let mut d = current.department.clone();
    let l = &last.department;
    for (name, this, that) in [
        ("职能职责", &mut d.duties, &l.duties),
        ("单位构成", &mut d.composition, &l.composition),
        ("联系人", &mut d.contact_name, &l.contact_name),
        ("联系电话", &mut d.contact_phone, &l.contact_phone),
    ] {
        if this.trim().is_empty() && !that.trim().is_empty() {
            *this = that.clone();
            summary.facts.push(name);
        }
    }
    if d.divisions == 0 && l.divisions > 0 {
        d.divisions = l.divisions;
        summary.facts.push("内设科室数");
    }
    if d != current.department {
        edits.push(Edit::put(d));
    }

    // Units (by code) and continuing projects (by name) with their indicators.
    let mut unit_ids: BTreeMap<i64, i64> = BTreeMap::new();
    let mut next_unit = current.units.iter().map(|u| u.id).max().unwrap_or(0) + 1;
    for u in &last.units {
        match current.unit_by_code(&u.code) {
            Some(c) => {
                unit_ids.insert(u.id, c.id);
            }
            None => {
                unit_ids.insert(u.id, next_unit);
                edits.push(Edit::put(Unit {
                    id: next_unit,
                    ..u.clone()
                }));
                summary.units += 1;
                next_unit += 1;
            }
        }
    }
    let mut next_project = current.projects.iter().map(|p| p.id).max().unwrap_or(0) + 1;
    for p in &last.projects {
        if current.project_by_name(&p.name).is_some() {
            continue;
        }
        let Some(unit_id) = unit_ids.get(&p.unit_id).copied() else {
            continue;
        };
        let id = next_project;
        next_project += 1;
        edits.push(Edit::put(Project {
            id,
            unit_id,
            budget: Money::ZERO,
            district: Money::ZERO,
            township: Money::ZERO,
            ..p.clone()
        }));
        summary.projects.push(p.name.clone());
        for i in last.indicators_of(Some(p.id)) {
            edits.push(Edit::put(Indicator {
                id: 0,
                project_id: Some(id),
                ..i.clone()
            }));
            summary.indicators += 1;
        }
    }
    // The standards and the roster, when this year's file has none yet.
    if current.rules.is_empty() && !last.rules.is_empty() {
        let s = crate::engine::staffing::file::Standards {
            name: String::new(),
            rules: last.rules.clone(),
        };
        edits.push(crate::engine::staffing::file::replace_edit(&[], &s));
        summary.rules = last.rules.len();
    }
    if current.persons.is_empty() {
        for p in &last.persons {
            let Some(unit_id) = unit_ids.get(&p.unit_id).copied() else {
                continue;
            };
            edits.push(Edit::put(Person {
                id: 0,
                unit_id,
                months: 12,
                ..p.clone()
            }));
            summary.persons += 1;
        }
    }
    Ok((Edit::Batch(edits), summary))
}
