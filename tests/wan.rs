//! Tables in 万元: figures rounded 四舍五入, parts adding up to their printed totals.

mod common;

use yusuan::engine::tables::{self, Cell, RowKind, wan::in_wan};

fn printed(t: &tables::Table, key: &str, col: usize) -> String {
    t.row(key).unwrap().cells[col].display()
}

#[test]
fn demo_table_3_in_wan_yuan() {
    // By hand from the seed's table 3: 10,250,408.78 元 = 1,025.040878 万元 → 1,025.04;
    // 8,555,192.31 → 855.52; 1,059,931.84 → 105.99; 293,402.11 → 29.34; 341,882.52 → 34.19;
    // 6,817,408.78 → 681.74; 3,433,000 → 343.30.
    let b = common::demo();
    let t = in_wan(&tables::table(&b, 3), &b.layout);
    let problems = &t.rounding;
    assert_eq!(t.unit_label, "单位：万元");
    assert_eq!(printed(&t, "合计", 2), "1,025.04");
    assert_eq!(printed(&t, "合计", 3), "681.74");
    assert_eq!(printed(&t, "合计", 4), "343.30");
    assert_eq!(printed(&t, "201", 2), "855.52");
    assert_eq!(printed(&t, "208", 2), "105.99");
    assert_eq!(printed(&t, "210", 2), "29.34");
    assert_eq!(printed(&t, "221", 2), "34.19");
    assert_eq!(printed(&t, "2014002", 4), "155.00");
    assert!(problems.is_empty(), "{problems:?}");
}

#[test]
fn three_thirds_still_add_up_to_their_total() {
    // Three lines of 3,333.33 元 under one 款: 9,999.99 元 prints 1.00 万元; each third,
    // rounded alone, would print 0.33 (0.99 in all). One of them prints 0.34.
    let mut b = common::demo();
    b.lines.truncate(3);
    for (l, code) in b.lines.iter_mut().zip(["2014001", "2014002", "2014004"]) {
        l.func_code = code.into();
        l.amount = common::yuan("3,333.33");
    }
    let t = in_wan(&tables::table(&b, 3), &b.layout);
    assert_eq!(printed(&t, "20140", 2), "1.00");
    let parts: Vec<String> = ["2014001", "2014002", "2014004"]
        .iter()
        .map(|k| printed(&t, k, 2))
        .collect();
    let mut sorted = parts.clone();
    sorted.sort();
    assert_eq!(sorted, vec!["0.33", "0.33", "0.34"]);
}

/// In every hierarchical table of the demo and of a generated 20,000-line budget, each
/// printed parent equals the sum of its printed children, in every column.
#[test]
fn printed_parts_add_up_in_every_table() {
    let big = yusuan::exchange::generate::large_budget(yusuan::exchange::generate::GenSpec {
        lines: 3000,
        units: 8,
        projects: 40,
        seed: 7,
        ..Default::default()
    });
    for b in [common::demo(), big] {
        for n in [2u8, 3, 5, 6, 7, 8, 9] {
            let t = in_wan(&tables::table(&b, n), &b.layout);
            let wan = |c: &Cell| match c {
                Cell::Wan(d) => *d,
                _ => rust_decimal::Decimal::ZERO,
            };
            for (i, r) in t.rows.iter().enumerate() {
                let level = match r.kind {
                    RowKind::Total => -1,
                    RowKind::Level(l) => l as i32,
                    _ => continue,
                };
                // Children: the following rows one level down until a row at this level or above.
                let mut sums = vec![rust_decimal::Decimal::ZERO; r.cells.len()];
                let mut any = false;
                for c in &t.rows[i + 1..] {
                    let RowKind::Level(l) = c.kind else { continue };
                    if l as i32 <= level {
                        break;
                    }
                    if l as i32 == level + 1 {
                        any = true;
                        for (k, cell) in c.cells.iter().enumerate() {
                            sums[k] += wan(cell);
                        }
                    }
                }
                if !any {
                    continue;
                }
                for (k, cell) in r.cells.iter().enumerate().skip(2) {
                    // Percentages (table 5) are not amounts and are left out.
                    if matches!(cell, Cell::Wan(_)) {
                        assert_eq!(wan(cell), sums[k], "table {n}, row {}, column {k}", r.key());
                    }
                }
            }
        }
    }
}

/// The 三公 example on 重庆's 表十 in 万元: 因公出国 15,000, 公务用车运行 45,450,
/// 公务接待 7,450 元; 合计 67,900 元 prints 6.79. Rounded alone the parts would print
/// 1.50 + 4.55 + 0.75 = 6.80. Adjusted (largest remainder): floors 1.50 + 4.54 + 0.74 =
/// 6.78, one short; 4.545 and 0.745 leave the same remainder (50 of 100 元), and the
/// larger part takes the 0.01: 1.50 + 4.55 + 0.74 = 6.79. Then 小计 4.55 = 购置 0.00 +
/// 运行 4.55.
#[test]
fn three_public_parts_add_up_to_their_printed_total() {
    let mut b = common::demo();
    let car = ["30212", "31013", "30913", "30231", "30217"];
    let template = b
        .lines
        .iter()
        .find(|l| l.dept_econ == "30231")
        .unwrap()
        .clone();
    b.lines.retain(|l| !car.contains(&l.dept_econ.as_str()));
    for (i, (econ, amount)) in [("30212", "15,000"), ("30231", "45,450"), ("30217", "7,450")]
        .into_iter()
        .enumerate()
    {
        let mut l = template.clone();
        l.id = 10_000 + i as i64;
        l.dept_econ = econ.into();
        l.amount = common::yuan(amount);
        b.lines.push(l);
    }
    let t = in_wan(&tables::table(&b, 10), &b.layout);
    let row: Vec<String> = t.rows[0].cells[..6].iter().map(|c| c.display()).collect();
    // 合计, 出国, 小计, 购置 (blank: 0), 运行, 接待.
    assert_eq!(row, ["6.79", "1.50", "4.55", "", "4.55", "0.74"]);
    assert!(t.rounding.is_empty(), "{:?}", t.rounding);
}
