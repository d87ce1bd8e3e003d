//! Keeping the computed lines what the rules give: which units an edit concerns, and
//! the edit that brings their lines up to date (an adjustment by hand kept).

use super::{Computed, unit_lines};
use crate::engine::edit::Edit;
use crate::engine::kinds::*;
use crate::engine::model::*;
use crate::engine::money::Money;
use crate::engine::records::registry::{KindId, Record};
use std::collections::BTreeMap;

/// The units whose computed lines an edit may have changed, told by the edit that undoes
/// it (`inverse`) and the budget after it: a person's unit (before and after), every
/// unit for a rule, a unit itself (its kind, its 主要功能科目), the first unit for the
/// vehicles, and the unit of a computed line touched by hand.
pub fn units_to_refresh(b: &Budget, inverse: &Edit) -> Vec<i64> {
    let mut units = Vec::new();
    let mut all = false;
    collect(b, inverse, &mut units, &mut all);
    if all {
        return b.units.iter().map(|u| u.id).collect();
    }
    units.sort_unstable();
    units.dedup();
    units
}

fn collect(b: &Budget, e: &Edit, units: &mut Vec<i64>, all: &mut bool) {
    let person_unit = |id: i64| b.persons.iter().find(|p| p.id == id).map(|p| p.unit_id);
    let computed_line = |id: i64| b.line(id).filter(|l| l.is_computed()).map(|l| l.unit_id);
    match e {
        Edit::Put(Record::Person(p)) => {
            units.push(p.unit_id);
            units.extend(person_unit(p.id));
        }
        Edit::Delete(KindId::Person, id) => units.extend(person_unit(*id)),
        Edit::Put(Record::Rule(_)) | Edit::Delete(KindId::Rule, _) => *all = true,
        Edit::Put(Record::Unit(u)) => units.push(u.id),
        Edit::Delete(KindId::Unit, id) => units.push(*id),
        Edit::Put(Record::Asset(_)) if b.rules.iter().any(|r| r.way == RuleWay::PerVehicle) => {
            units.extend(b.units.first().map(|u| u.id));
        }
        Edit::Put(Record::Line(l)) => {
            if l.is_computed() {
                units.push(l.unit_id);
            }
            units.extend(computed_line(l.id));
        }
        Edit::Delete(KindId::Line, id) => units.extend(computed_line(*id)),
        Edit::PutLines(ls) => {
            for l in ls {
                if l.is_computed() {
                    units.push(l.unit_id);
                }
                units.extend(computed_line(l.id));
            }
        }
        Edit::DeleteLines(ids) => units.extend(ids.iter().filter_map(|id| computed_line(*id))),
        Edit::LoadCatalog(_) | Edit::ResetCatalog(_) => {}
        Edit::Batch(v) => v.iter().for_each(|e| collect(b, e, units, all)),
        _ => {}
    }
}

/// The edit that makes the computed lines of these units what the rules give now, or
/// none when they already are. A line is known by its unit, rule and function: it keeps
/// its id, its adjustment by hand, its fund source, remark and place in the list; a line
/// no rule makes any more goes (unless an adjustment keeps it, at the rule's 0).
pub fn refresh(b: &Budget, units: &[i64]) -> Option<Edit> {
    if units.is_empty() {
        return None;
    }
    let mut existing: BTreeMap<(i64, &str, &str), &Line> = BTreeMap::new();
    // A second line of the same unit, rule and function (brought in by an import) goes.
    let mut deletes = Vec::new();
    for l in b.lines.iter().chain(&b.incomplete_lines) {
        if l.is_computed()
            && units.binary_search(&l.unit_id).is_ok()
            && let Some(first) = existing.insert((l.unit_id, l.rule(), l.func_code.as_str()), l)
        {
            deletes.push(first.id);
        }
    }
    let mut puts = Vec::new();
    let mut seq = b.next_seq();
    let mut kept = Vec::new();
    for u in units {
        let (computed, _) = unit_lines(b, *u);
        for c in computed {
            let key = (c.unit_id, c.rule.as_str(), c.func_code.as_str());
            match existing.get(&key) {
                Some(old) => {
                    kept.push(old.id);
                    let new = updated(old, &c);
                    if new != **old {
                        puts.push(new);
                    }
                }
                None if c.amount.is_zero() => {}
                None => {
                    puts.push(Line {
                        id: 0,
                        unit_id: c.unit_id,
                        func_code: c.func_code.clone(),
                        dept_econ: c.dept_econ.clone(),
                        gov_econ_override: None,
                        nature: Nature::Basic,
                        cost_class_override: c.cost_class,
                        project_id: None,
                        fund_source: FundSource::General,
                        amount: c.amount,
                        remark: String::new(),
                        seq,
                        computed: Some(Box::new(ComputedBy {
                            rule: c.rule.clone(),
                            adjust: Money::ZERO,
                        })),
                    });
                    seq += SEQ_STEP;
                }
            }
        }
    }
    kept.sort_unstable();
    for l in existing.values() {
        if kept.binary_search(&l.id).is_err() {
            if l.adjust().is_zero() {
                deletes.push(l.id);
            } else {
                // The rule makes nothing here now: the line stays at the adjustment alone.
                let mut z = (*l).clone();
                z.amount = non_negative(z.adjust());
                if z != **l {
                    puts.push(z);
                }
            }
        }
    }
    // A line still of a rule that is gone is no computed line any more: it goes.
    let rules: Vec<&str> = b.rules.iter().map(|r| r.name.as_str()).collect();
    for l in existing.values() {
        if !rules.contains(&l.rule()) && !deletes.contains(&l.id) {
            deletes.push(l.id);
            puts.retain(|p| p.id != l.id);
        }
    }
    let mut edits = Vec::new();
    if !deletes.is_empty() {
        edits.push(Edit::DeleteLines(deletes));
    }
    if !puts.is_empty() {
        edits.push(Edit::PutLines(puts));
    }
    match edits.len() {
        0 => None,
        1 => edits.pop(),
        _ => Some(Edit::Batch(edits)),
    }
}

fn non_negative(m: Money) -> Money {
    if m.is_negative() { Money::ZERO } else { m }
}

/// An existing computed line with the rule's result now: its codes and class from the
/// rule, its amount the result plus its adjustment.
fn updated(old: &Line, c: &Computed) -> Line {
    Line {
        dept_econ: c.dept_econ.clone(),
        cost_class_override: c.cost_class,
        gov_econ_override: None,
        nature: Nature::Basic,
        project_id: None,
        amount: non_negative(c.amount + old.adjust()),
        ..old.clone()
    }
}

/// Computes every unit's lines into a budget held in memory (a demo, a generated one,
/// before it is written to a file): as [`refresh`] would, new lines taking the next ids.
pub fn fill(b: &mut Budget) {
    use crate::engine::records::Kind;
    let units: Vec<i64> = b.units.iter().map(|u| u.id).collect();
    let Some(edit) = refresh(b, &units) else {
        return;
    };
    let mut next = b
        .lines
        .iter()
        .chain(&b.incomplete_lines)
        .map(|l| l.id)
        .max()
        .unwrap_or(0);
    let mut apply = |e: Edit, b: &mut Budget| match e {
        Edit::DeleteLines(ids) => {
            for id in ids {
                Line::take_from(b, id);
            }
        }
        Edit::PutLines(ls) => {
            for mut l in ls {
                if l.id == 0 {
                    next += 1;
                    l.id = next;
                }
                l.put_in(b);
            }
        }
        _ => {}
    };
    match edit {
        Edit::Batch(v) => v.into_iter().for_each(|e| apply(e, b)),
        e => apply(e, b),
    }
}
