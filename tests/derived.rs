//! What the editor keeps current edit by edit (`Derived::update`) equals what a full
//! derivation of the edited budget gives (`Derived::of`), after every edit of a long
//! random sequence: changes of amount, codes, unit, nature, fund source and project,
//! lines added, deleted, made incomplete and completed, batches, units' kinds, projects,
//! reasons, last year's figures, income, indicators, procurement, the roster, the
//! standards, adjustments of computed lines, units' 主要功能科目, undo and redo; and after
//! every edit the computed lines are what the roster and the standards give.
//!
//! `YUSUAN_RANDOM_EDITS=N` sets the length of the sequence (default 1,500 on a small
//! budget, 500 on it with Shanghai's layout, and 200 on one large enough to be derived on
//! two threads).

mod common;

use rust_decimal::Decimal;
use yusuan::app::document::Document;
use yusuan::engine::derived::Derived;
use yusuan::engine::edit::Edit;
use yusuan::engine::kinds::*;
use yusuan::engine::model::*;
use yusuan::engine::money::Money;
use yusuan::engine::records::{Kind, PriorFigure, Reason};
use yusuan::exchange::generate::{GenSpec, large_budget};

use common::Rng;

fn edits() -> usize {
    std::env::var("YUSUAN_RANDOM_EDITS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// A random edit of the budget as it stands (the store may refuse it: that is tried too).
fn random_edit(r: &mut Rng, b: &Budget, funcs: &[String], econs: &[String]) -> Option<Edit> {
    let any_line = |r: &mut Rng| -> Option<Line> {
        let all: Vec<&Line> = b.lines.iter().chain(&b.incomplete_lines).collect();
        (!all.is_empty()).then(|| (*r.pick(&all)).clone())
    };
    let project =
        |r: &mut Rng| -> Option<i64> { (!b.projects.is_empty()).then(|| r.pick(&b.projects).id) };
    Some(match r.below(28) {
        0..=2 => {
            let mut l = any_line(r)?;
            l.amount = if r.chance(10) {
                Money::ZERO
            } else {
                Money::from_fen(r.below(50_000_000) as i64)
            };
            Edit::PutLines(vec![l])
        }
        3 => {
            let mut l = any_line(r)?;
            l.func_code = r.pick(funcs).clone();
            Edit::PutLines(vec![l])
        }
        4 => {
            let mut l = any_line(r)?;
            l.dept_econ = r.pick(econs).clone();
            Edit::PutLines(vec![l])
        }
        5 => {
            let mut l = any_line(r)?;
            l.unit_id = r.pick(&b.units).id;
            Edit::PutLines(vec![l])
        }
        6 => {
            let mut l = any_line(r)?;
            l.nature = *r.pick(Nature::ALL);
            if r.chance(70) {
                l.project_id = match l.nature {
                    Nature::Project => project(r),
                    Nature::Basic => None,
                };
            }
            Edit::PutLines(vec![l])
        }
        7 => {
            let mut l = any_line(r)?;
            l.fund_source = *r.pick(FundSource::ALL);
            Edit::PutLines(vec![l])
        }
        8 => {
            let mut l = any_line(r)?;
            l.project_id = if r.chance(30) { None } else { project(r) };
            Edit::PutLines(vec![l])
        }
        9 => {
            let mut l = any_line(r)?;
            l.id = 0;
            l.seq = b.next_seq();
            l.amount = Money::from_fen(r.below(10_000_000) as i64);
            Edit::PutLines(vec![l])
        }
        10 => {
            let n = 1 + r.below(3);
            let ids: Vec<i64> = (0..n).filter_map(|_| any_line(r).map(|l| l.id)).collect();
            Edit::DeleteLines(ids)
        }
        11 => {
            let mut l = any_line(r)?;
            if l.is_complete() {
                l.func_code.clear();
            } else {
                l.func_code = r.pick(funcs).clone();
                l.dept_econ = r.pick(econs).clone();
            }
            Edit::PutLines(vec![l])
        }
        12 => {
            let mut l = any_line(r)?;
            l.remark = r
                .pick(&["", "XX", "沿用2019年的文字", "预算预算", "正常"])
                .to_string();
            Edit::PutLines(vec![l])
        }
        13 => {
            let mut l = any_line(r)?;
            if r.chance(50) {
                l.gov_econ_override = match r.below(3) {
                    0 => None,
                    1 => Some("50201".into()),
                    _ => Some("59999".into()),
                };
            } else {
                l.cost_class_override = match r.below(3) {
                    0 => None,
                    1 => Some(CostClass::Personnel),
                    _ => Some(CostClass::Public),
                };
            }
            Edit::PutLines(vec![l])
        }
        14 => {
            let mut u = r.pick(&b.units).clone();
            if r.chance(70) {
                u.kind = *r.pick(UnitKind::ALL);
            } else {
                u.name = format!("单位{}", r.below(100));
            }
            Edit::put(u)
        }
        15 => {
            let mut p = b.projects.get(r.below(b.projects.len()))?.clone();
            match r.below(3) {
                0 => p.name = format!("项目{}", r.below(10_000)),
                1 => {
                    p.goal = if r.chance(50) {
                        String::new()
                    } else {
                        "完成".into()
                    }
                }
                _ => p.budget = Money::from_fen(r.below(100_000_000) as i64),
            }
            Edit::put(p)
        }
        16 => {
            let code = r.pick(funcs).clone();
            // Reasons, and texts a declared narrative quotes (a 项's 主要用于, a project's
            // 实施方案).
            let key = match r.below(10) {
                0..=4 => reason_key::function(&code),
                5 | 6 => reason_key::item(*r.pick(PriorItem::ALL)),
                7 => format!("主要用于:功能科目:{code}"),
                _ => match b.projects.is_empty() {
                    true => reason_key::function(&code),
                    false => format!("项目:{}:实施方案", r.pick(&b.projects).name),
                },
            };
            let text = if r.chance(30) {
                String::new()
            } else {
                "因工作调整".into()
            };
            Edit::put(Reason { key, text })
        }
        17 => {
            if r.chance(50) {
                Edit::put(PriorFunction {
                    func_code: r.pick(funcs).clone(),
                    nature: *r.pick(Nature::ALL),
                    amount: Money::from_fen(r.below(30_000_000) as i64),
                })
            } else {
                Edit::put(PriorFigure {
                    item: *r.pick(PriorItem::ALL),
                    amount: Money::from_fen(r.below(3_000_000) as i64),
                })
            }
        }
        18 => Edit::put(Income {
            source: *r.pick(FundSource::ALL),
            current: Money::from_fen(r.below(900_000_000) as i64),
            prior: Money::from_fen(r.below(900_000_000) as i64),
        }),
        19 => {
            if r.chance(50) && !b.indicators.is_empty() {
                let mut i = r.pick(&b.indicators).clone();
                i.weight = Decimal::from(r.below(60) as i64);
                i.value = if r.chance(20) {
                    String::new()
                } else {
                    "95".into()
                };
                Edit::put(i)
            } else {
                let mut p = b.procurement.first()?.clone();
                p.total = Money::from_fen(r.below(10_000_000) as i64);
                Edit::put(p)
            }
        }
        // The roster: a person's months, pay, base, count or unit.
        22 | 23 => {
            let mut p = r.pick(&b.persons).clone();
            match r.below(5) {
                0 => p.months = 1 + r.below(12) as u32,
                1 => p.base_pay = Money::from_fen(r.below(1_000_000) as i64),
                2 => {
                    p.base_pension = r
                        .chance(30)
                        .then(|| Money::from_fen(r.below(2_000_000) as i64))
                }
                3 => p.count = 1 + r.below(5) as u32,
                _ => p.unit_id = r.pick(&b.units).id,
            }
            Edit::put(p)
        }
        // A person joins or leaves.
        24 => {
            if r.chance(50) {
                let p = r.pick(&b.persons).clone();
                Edit::delete::<Person>(p.id)
            } else {
                Edit::put(Person {
                    id: 0,
                    unit_id: r.pick(&b.units).id,
                    category: *r.pick(StaffCategory::ALL),
                    months: 1 + r.below(12) as u32,
                    base_pay: Money::from_fen(r.below(800_000) as i64),
                    performance: Money::from_fen(r.below(800_000) as i64),
                    living: Money::from_fen(r.below(100_000) as i64),
                    ..Person::blank()
                })
            }
        }
        // The standards: a rate or quota, or a rule's function.
        25 => {
            let mut rule = r.pick(&b.rules).clone();
            if r.chance(70) {
                rule.rate = Decimal::from(r.below(30) as i64);
            } else {
                rule.func = r.pick(funcs).clone();
            }
            Edit::put(rule)
        }
        // A computed line's amount typed over, as the grid does it: an adjustment.
        26 => {
            let all: Vec<&Line> = b.lines.iter().filter(|l| l.is_computed()).collect();
            let mut l = (*r.pick(&all)).clone();
            let f = Line::field("金额").unwrap();
            let typed = Money::from_fen(r.below(50_000_000) as i64).plain();
            f.read_text(&mut l, &typed, b).ok()?;
            Edit::PutLines(vec![l])
        }
        // A unit's 主要功能科目.
        27 => {
            let mut u = r.pick(&b.units).clone();
            u.main_func = r.pick(funcs).clone();
            Edit::put(u)
        }
        _ => {
            let n = 2 + r.below(8);
            let lines: Vec<Line> = (0..n)
                .filter_map(|_| {
                    let mut l = any_line(r)?;
                    l.amount = Money::from_fen(r.below(50_000_000) as i64);
                    l.func_code = r.pick(funcs).clone();
                    Some(l)
                })
                .collect();
            // One id once in a batch.
            let mut seen = std::collections::HashSet::new();
            let lines = lines.into_iter().filter(|l| seen.insert(l.id)).collect();
            Edit::PutLines(lines)
        }
    })
}

fn random_sequence(spec: GenSpec, n: usize, seed: u64, layout: &str) {
    let dir = common::tempdir();
    let path = dir.path().join("随机.db");
    let mut b = large_budget(spec);
    b.layout = yusuan::engine::layout::builtin(layout).expect("a built-in layout");
    b.procurement.push(Procurement {
        id: 1,
        unit_id: 1,
        name: "办公设备".into(),
        fund_source: FundSource::General,
        total: Money::from_fen(1_000_000),
        goods: Money::from_fen(1_000_000),
        works: Money::ZERO,
        services: Money::ZERO,
        sme: Money::ZERO,
        small: Money::ZERO,
    });
    // A roster and the general standards, so that roster and standard edits are tried.
    let main = b.lines[0].func_code.clone();
    for u in &mut b.units {
        u.main_func = main.clone();
    }
    b.rules = yusuan::engine::staffing::file::builtin("general", &b)
        .expect("built in")
        .expect("valid")
        .rules;
    let unit_ids: Vec<i64> = b.units.iter().map(|u| u.id).collect();
    b.persons = unit_ids
        .iter()
        .flat_map(|u| [(*u, StaffCategory::Serving), (*u, StaffCategory::Retired)])
        .enumerate()
        .map(|(i, (unit_id, category))| Person {
            id: i as i64 + 1,
            unit_id,
            category,
            count: 1 + (i % 4) as u32,
            months: 12 - (i % 3) as u32,
            base_pay: Money::from_fen(400_000 + i as i64 * 1_000),
            allowance: Money::from_fen(250_000),
            performance: Money::from_fen(300_000),
            pension: Money::from_fen(500_000),
            ..Person::blank()
        })
        .collect();
    yusuan::engine::staffing::fill(&mut b);
    let mut doc = Document::create(&path, &b).expect("create");
    assert!(
        doc.derived().same_as(&Derived::of(doc.budget())),
        "as opened"
    );
    let mut funcs: Vec<String> = b.lines.iter().map(|l| l.func_code.clone()).collect();
    funcs.sort();
    funcs.dedup();
    // A 项 not in the catalog, and one the generated budget does not use.
    funcs.extend(["2019999".to_string(), "2010350".to_string()]);
    let mut econs: Vec<String> = b.lines.iter().map(|l| l.dept_econ.clone()).collect();
    econs.sort();
    econs.dedup();
    econs.extend([
        "39999".to_string(),
        "30108".to_string(),
        "30231".to_string(),
    ]);
    let mut r = Rng(seed);
    let (mut stored, mut refused, mut undone, mut redone) = (0, 0, 0, 0);
    for step in 0..n {
        let what = match r.below(20) {
            0 | 1 => {
                if doc.undo().expect("undo").is_some() {
                    undone += 1;
                }
                "撤销".to_string()
            }
            2 => {
                if doc.redo().expect("redo").is_some() {
                    redone += 1;
                }
                "恢复".to_string()
            }
            _ => {
                let Some(edit) = random_edit(&mut r, doc.budget(), &funcs, &econs) else {
                    continue;
                };
                let what = format!("{edit:?}");
                match doc.apply(edit) {
                    Ok(()) => stored += 1,
                    Err(_) => refused += 1,
                }
                what
            }
        };
        // The computed lines are always what the roster and the standards give.
        let units: Vec<i64> = doc.budget().units.iter().map(|u| u.id).collect();
        assert_eq!(
            yusuan::engine::staffing::refresh(doc.budget(), &units),
            None,
            "after step {step} ({}): computed lines not current",
            what.chars().take(300).collect::<String>()
        );
        let full = Derived::of(doc.budget());
        let kept = doc.derived();
        // Now and then, the full derivation against the checks run plainly, every line
        // looked at (no test of groups, no threads).
        if step % 50 == 0 {
            let plain = yusuan::engine::checks::run_with_tables(doc.budget(), &full.tables);
            assert_eq!(
                plain, full.findings,
                "after step {step}: checks run plainly"
            );
            assert_eq!(
                full.tables,
                yusuan::engine::tables::all_tables(doc.budget())
            );
        }
        if !kept.same_as(&full) {
            let tables: Vec<u8> = kept
                .tables
                .iter()
                .zip(&full.tables)
                .filter(|(a, b)| a != b)
                .map(|(a, _)| a.number)
                .collect();
            let only_kept: Vec<String> = kept
                .findings
                .iter()
                .filter(|f| !full.findings.contains(f))
                .map(|f| f.to_string())
                .collect();
            let only_full: Vec<String> = full
                .findings
                .iter()
                .filter(|f| !kept.findings.contains(f))
                .map(|f| f.to_string())
                .collect();
            panic!(
                "after step {step} ({}), the kept derivation differs from a full one: tables {tables:?}, findings only kept {only_kept:?}, only in full {only_full:?}, sums same: {}",
                what.chars().take(300).collect::<String>(),
                kept.sums().same_as(full.sums())
            );
        }
    }
    // The sequence did what it says: most edits were stored, some undone and redone.
    assert!(stored > n / 2, "{stored} of {n} edits stored");
    assert!(undone > 0 && redone > 0, "{undone} undone, {redone} redone");
    eprintln!("{n} steps: {stored} stored, {refused} refused, {undone} undone, {redone} redone");
}

/// A budget of `lines` lines, `units` units and `projects` projects, edited `n` times at
/// random (`YUSUAN_RANDOM_EDITS` overrides `n`) on a layout.
fn sequence(lines: usize, units: usize, projects: usize, n: usize, seed: u64, layout: &str) {
    let n = match edits() {
        0 => n,
        asked => asked,
    };
    let spec = GenSpec {
        lines,
        units,
        projects,
        ..GenSpec::default()
    };
    random_sequence(spec, n, seed, layout);
}

#[test]
fn kept_current_equals_full_derivation_on_a_small_budget() {
    sequence(300, 4, 12, 1_500, 0x9E37_79B9_7F4A_7C15, "chongqing-17");
}

/// On Shanghai's layout, whose 情况说明 quotes officer's texts per 项 and per project.
#[test]
fn kept_current_equals_full_derivation_on_shanghais_layout() {
    sequence(
        300,
        4,
        12,
        500,
        0x2545_F491_4F6C_DD1D,
        "shanghai-district-9",
    );
}

#[test]
fn kept_current_equals_full_derivation_on_two_threads() {
    sequence(2_500, 6, 30, 200, 0xD1B5_4A32_D192_ED05, "chongqing-17");
}
