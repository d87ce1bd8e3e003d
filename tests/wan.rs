//! Tables in 万元: figures rounded 四舍五入, parts adding up to their printed totals.

mod common;

use yusuan::tables::{self, Cell, RowKind, wan::in_wan};

fn printed(t: &tables::Table, key: &str, col: usize) -> String {
    t.row(key).unwrap().cells[col].display()
}

#[test]
fn demo_table_3_in_wan_yuan() {
    // By hand from the seed's table 3: 10,250,408.78 元 = 1,025.040878 万元 → 1,025.04;
    // 8,555,192.31 → 855.52; 1,059,931.84 → 105.99; 293,402.11 → 29.34; 341,882.52 → 34.19;
    // 6,817,408.78 → 681.74; 3,433,000 → 343.30.
    let (t, problems) = in_wan(&tables::table(&common::demo(), 3));
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
    let (t, _) = in_wan(&tables::table(&b, 3));
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
    let big = yusuan::generate::large_budget(yusuan::generate::GenSpec {
        lines: 3000,
        units: 8,
        projects: 40,
        seed: 7,
        ..Default::default()
    });
    for b in [common::demo(), big] {
        for n in [2u8, 3, 5, 6, 7, 8, 9] {
            let (t, _) = in_wan(&tables::table(&b, n));
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
