//! Tables in 万元 (two places). Rounding each cell on its own can make printed parts miss
//! their printed total by 0.01; here, in each column, the 合计 is rounded 四舍五入 and each
//! level's parts are then rounded so that they add up to their parent's printed figure
//! (largest remainder). Where a row's own figures still cannot agree (总计 against
//! 基本支出 + 项目支出), the places are reported.

use super::{Cell, RowKind, Table};
use rust_decimal::Decimal;

/// A table's amounts in 万元, and the places where printed figures do not add up.
pub fn in_wan(t: &Table) -> (Table, Vec<String>) {
    let mut out = t.clone();
    out.unit_label = "单位：万元".into();
    let hierarchy = t.rows.iter().any(|r| matches!(r.kind, RowKind::Level(_)));
    let width = t.width();
    for col in 0..width {
        let exact: Vec<Option<i64>> = t
            .rows
            .iter()
            .map(|r| r.cells.get(col).and_then(Cell::money).map(|m| m.fen()))
            .collect();
        if exact.iter().all(Option::is_none) {
            continue;
        }
        // Printed figures in units of 0.01 万元 (100 元).
        let mut printed: Vec<Option<i64>> = exact.iter().map(|e| e.map(round_hundreds)).collect();
        if hierarchy {
            let parents = parents(t);
            // Top-down: each parent's children are adjusted to add up to it.
            for (p, _) in t.rows.iter().enumerate() {
                let children: Vec<usize> = (0..t.rows.len())
                    .filter(|c| parents[*c] == Some(p))
                    .collect();
                if children.is_empty() {
                    continue;
                }
                let (Some(target), true) =
                    (printed[p], children.iter().all(|c| exact[*c].is_some()))
                else {
                    continue;
                };
                let fixed = largest_remainder(
                    target,
                    &children
                        .iter()
                        .map(|c| exact[*c].unwrap_or(0))
                        .collect::<Vec<_>>(),
                );
                if let Some(f) = fixed {
                    for (c, v) in children.iter().zip(f) {
                        printed[*c] = Some(v);
                    }
                }
            }
        }
        for (r, row) in out.rows.iter_mut().enumerate() {
            if let (Some(v), Some(cell)) = (printed[r], row.cells.get_mut(col))
                && matches!(cell, Cell::Money(_))
            {
                *cell = Cell::Wan(Decimal::new(v, 2));
            }
        }
    }
    let problems = row_sums(&out);
    (out, problems)
}

/// A table's amounts in 万元, each cell rounded on its own (as tables declared in 万元
/// print them: 9.375 prints 9.38).
pub fn each_cell(t: &Table) -> Table {
    let mut out = t.clone();
    out.unit_label = "单位：万元".into();
    for row in &mut out.rows {
        for cell in &mut row.cells {
            if let Cell::Money(m) = cell {
                *cell = Cell::Wan(Decimal::new(round_hundreds(m.fen()), 2));
            }
        }
    }
    out
}

/// 四舍五入 of 分 to hundreds of 元 (0.01 万元).
fn round_hundreds(fen: i64) -> i64 {
    let q = fen.abs() / 10_000;
    let r = fen.abs() % 10_000;
    let v = if r >= 5_000 { q + 1 } else { q };
    if fen < 0 { -v } else { v }
}

/// Parts (in 分) rounded to hundreds of 元 so that they add up to `target`: floors first,
/// then one more to the largest remainders. `None` when no such rounding exists.
fn largest_remainder(target: i64, parts: &[i64]) -> Option<Vec<i64>> {
    if parts.iter().any(|p| *p < 0) {
        return None;
    }
    let mut v: Vec<i64> = parts.iter().map(|p| p / 10_000).collect();
    let short = target - v.iter().sum::<i64>();
    if short < 0 || short as usize > parts.len() {
        return None;
    }
    let mut order: Vec<usize> = (0..parts.len()).collect();
    order.sort_by_key(|i| std::cmp::Reverse(parts[*i] % 10_000));
    for i in order.into_iter().take(short as usize) {
        v[i] += 1;
    }
    Some(v)
}

/// The parent row of each row: 合计 for 类 rows, the nearest code prefix for the others.
fn parents(t: &Table) -> Vec<Option<usize>> {
    let total = t.rows.iter().position(|r| r.kind == RowKind::Total);
    t.rows
        .iter()
        .enumerate()
        .map(|(i, r)| match r.kind {
            RowKind::Level(0) => total,
            RowKind::Level(_) => {
                let code = t.row_code(r);
                (0..i).rev().find(|j| {
                    let k = t.row_code(&t.rows[*j]);
                    matches!(t.rows[*j].kind, RowKind::Level(_))
                        && !k.is_empty()
                        && code.starts_with(&k)
                        && k != code
                })
            }
            _ => None,
        })
        .collect()
}

/// Rows whose printed 总计 (合计, 小计) is not the sum of the printed 基本支出 and 项目支出,
/// or 人员经费 and 公用经费, after rounding.
fn row_sums(t: &Table) -> Vec<String> {
    let pairs = [
        ("基本支出", "项目支出"),
        ("人员经费", "日常公用经费"),
        ("人员经费", "公用经费"),
    ];
    let c = &t.columns;
    let Some(total) = (0..c.len().saturating_sub(2)).find(|i| {
        matches!(c[*i].as_str(), "总计" | "合计" | "小计")
            && pairs.iter().any(|(a, b)| c[i + 1] == *a && c[i + 2] == *b)
    }) else {
        return Vec::new();
    };
    let (a, b) = (total + 1, total + 2);
    let wan = |c: Option<&Cell>| match c {
        Some(Cell::Wan(d)) => *d,
        _ => Decimal::ZERO,
    };
    t.rows
        .iter()
        .filter(|r| wan(r.cells.get(total)) != wan(r.cells.get(a)) + wan(r.cells.get(b)))
        .map(|r| {
            let code = t.row_code(r);
            format!(
                "{} {}：{} ≠ {} + {}（四舍五入所致，元表无此差异）",
                super::sheet_name(t.number),
                if code.is_empty() {
                    "合计".to_string()
                } else {
                    code
                },
                wan(r.cells.get(total)),
                wan(r.cells.get(a)),
                wan(r.cells.get(b))
            )
        })
        .collect()
}
