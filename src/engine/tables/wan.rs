//! Tables in 万元 (two places), by one of two rules a layout declares for each table:
//! - parts that add up ([`in_wan`], `add_up = true`, and the window's 万元 switch): the
//!   whole of each of the layout's relations within the table is rounded 四舍五入 and its
//!   parts are rounded so that they add up to it (largest remainder), top-down; then in
//!   each column the 合计 and each level's parts likewise;
//! - each cell on its own ([`each_cell`]): every figure rounded from its exact 元, as
//!   regions print them.
//!
//! Either way, where printed parts still do not add up to their printed whole (a
//! relation, or 总计 against 基本支出 + 项目支出), the table lists it in
//! [`Table::rounding`]: printed under it, and a 警告 of the checks.

use super::{Cell, RowKind, Table};
use crate::engine::layout::Layout;
use crate::engine::layout::spec::RelationSpec;
use rust_decimal::Decimal;

/// A relation of the layout that lies within one table: its whole and its parts as
/// (row, column) places of that table.
struct Within<'a> {
    name: &'a str,
    whole: (usize, usize),
    parts: Vec<(usize, usize)>,
}

/// The layout's relations that lie within table `t` (one whole, parts in the same table).
fn within<'a>(t: &Table, layout: &'a Layout) -> Vec<Within<'a>> {
    let place = |r: &crate::engine::layout::spec::CellRef| -> Option<(usize, usize)> {
        (r.table == t.number)
            .then(|| t.relation_row(&r.row))
            .flatten()
            .map(|row| (row, r.column.saturating_sub(1)))
    };
    layout
        .spec
        .relations
        .iter()
        .map(|r| r.get_ref())
        .filter_map(|r: &RelationSpec| {
            let [whole] = r.left.as_slice() else {
                return None;
            };
            Some(Within {
                name: &r.name,
                whole: place(whole)?,
                parts: r.right.iter().map(place).collect::<Option<Vec<_>>>()?,
            })
        })
        .collect()
}

/// A table's amounts in 万元 with parts that add up to their wholes.
pub fn in_wan(t: &Table, layout: &Layout) -> Table {
    let mut out = t.clone();
    out.unit_label = "单位：万元".into();
    let exact: Vec<Vec<Option<i64>>> = t
        .rows
        .iter()
        .map(|r| r.cells.iter().map(|c| c.money().map(|m| m.fen())).collect())
        .collect();
    // Printed figures in units of 0.01 万元 (100 元).
    let mut printed: Vec<Vec<Option<i64>>> = exact
        .iter()
        .map(|r| r.iter().map(|e| e.map(round_hundreds)).collect())
        .collect();
    let at = |m: &Vec<Vec<Option<i64>>>, (r, c): (usize, usize)| {
        m.get(r).and_then(|x| x.get(c)).copied().flatten()
    };
    // The layout's relations, wholes before their parts: a relation waits while its
    // whole is a part of another not yet done.
    let relations = within(t, layout);
    let mut done = vec![false; relations.len()];
    let mut fixed: Vec<(usize, usize)> = Vec::new();
    loop {
        let next = (0..relations.len()).find(|i| {
            !done[*i]
                && !relations
                    .iter()
                    .enumerate()
                    .any(|(j, o)| !done[j] && j != *i && o.parts.contains(&relations[*i].whole))
        });
        let Some(i) = next else { break };
        done[i] = true;
        let r = &relations[i];
        if r.parts.iter().any(|p| fixed.contains(p)) {
            continue;
        }
        let parts: Option<Vec<i64>> = r.parts.iter().map(|p| at(&exact, *p)).collect();
        if let (Some(target), Some(parts)) = (at(&printed, r.whole), parts)
            && let Some(v) = largest_remainder(target, &parts)
        {
            for (p, v) in r.parts.iter().zip(v) {
                printed[p.0][p.1] = Some(v);
            }
            fixed.extend(r.parts.iter().copied());
        }
    }
    // The hierarchy, column by column: each parent's children add up to it, top-down.
    if t.rows.iter().any(|r| matches!(r.kind, RowKind::Level(_))) {
        let parents = parents(t);
        for col in 0..t.width() {
            for p in 0..t.rows.len() {
                let children: Vec<usize> = (0..t.rows.len())
                    .filter(|c| parents[*c] == Some(p))
                    .collect();
                if children.is_empty() {
                    continue;
                }
                let parts: Option<Vec<i64>> =
                    children.iter().map(|c| at(&exact, (*c, col))).collect();
                if let (Some(target), Some(parts)) = (at(&printed, (p, col)), parts)
                    && let Some(v) = largest_remainder(target, &parts)
                {
                    for (c, v) in children.iter().zip(v) {
                        printed[*c][col] = Some(v);
                    }
                }
            }
        }
    }
    for (row, printed) in out.rows.iter_mut().zip(&printed) {
        for (cell, v) in row.cells.iter_mut().zip(printed) {
            if let (Some(v), Cell::Money(_)) = (v, &cell) {
                *cell = Cell::Wan(Decimal::new(*v, 2));
            }
        }
    }
    out.rounding = gaps(&out, &relations);
    out
}

/// A table's amounts in 万元, each cell rounded on its own (9.375 prints 9.38).
pub fn each_cell(t: &Table, layout: &Layout) -> Table {
    let mut out = t.clone();
    out.unit_label = "单位：万元".into();
    for row in &mut out.rows {
        for cell in &mut row.cells {
            if let Cell::Money(m) = cell {
                *cell = Cell::Wan(Decimal::new(round_hundreds(m.fen()), 2));
            }
        }
    }
    out.rounding = gaps(&out, &within(t, layout));
    out
}

/// Where a printed table's parts do not add up to their printed wholes: the layout's
/// relations within it, and each row's 总计 against its two parts.
fn gaps(t: &Table, relations: &[Within]) -> Vec<String> {
    let wan = |(r, c): (usize, usize)| match t.rows.get(r).and_then(|x| x.cells.get(c)) {
        Some(Cell::Wan(d)) => Some(*d),
        _ => None,
    };
    let mut out: Vec<String> = relations
        .iter()
        .filter_map(|r| {
            let whole = wan(r.whole)?;
            let parts: Vec<Decimal> = r.parts.iter().map(|p| wan(*p)).collect::<Option<_>>()?;
            (parts.iter().sum::<Decimal>() != whole).then(|| {
                // A relation's name usually names its table (表十 合计 = 各项之和).
                let table = super::sheet_name(t.number);
                let name = if r.name.starts_with(&table) {
                    r.name.to_string()
                } else {
                    format!("{table} {}", r.name)
                };
                format!(
                    "{name}：{whole} ≠ {}（四舍五入所致，元表无此差异）",
                    parts
                        .iter()
                        .map(Decimal::to_string)
                        .collect::<Vec<_>>()
                        .join(" + ")
                )
            })
        })
        .collect();
    out.extend(row_sums(t));
    out
}

/// 四舍五入 of 分 to hundreds of 元 (0.01 万元); the narrative's 万元 too.
pub(crate) fn round_hundreds(fen: i64) -> i64 {
    let q = fen.abs() / 10_000;
    let r = fen.abs() % 10_000;
    let v = if r >= 5_000 { q + 1 } else { q };
    if fen < 0 { -v } else { v }
}

/// Parts (in 分) rounded to hundreds of 元 so that they add up to `target`: floors first,
/// then one more to the largest remainders (of equal ones, the larger part's). `None` when no such rounding exists.
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
    // Largest remainder first; of equal remainders, the larger part.
    order.sort_by_key(|i| std::cmp::Reverse((parts[*i] % 10_000, parts[*i])));
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
