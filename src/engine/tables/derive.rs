//! The interpreter of layouts: any declared table, derived from the budget alone. A table's
//! rows are a hierarchy of codes, rows written out, one row per record, two panels side
//! by side, a single row, or performance target forms (`forms.rs`); its columns say what
//! each sums (`layout::Figure`).

use super::fill;
use super::hierarchy::Hierarchy;
use super::sums::{Columns, Item, Sums};
use super::{Cell, Row, RowKind, Table, forms, wan};
use crate::engine::catalog::CodeList;
use crate::engine::kinds::*;
use crate::engine::layout::spec::{
    self, Classification, CodeStyle, MoneyUnit, PanelRow, RecordKind, RowsKind, TableSpec, TotalAt,
};
use crate::engine::layout::{Figure, Layout, LineFilter, takes_fund};
use crate::engine::model::*;
use crate::engine::money::{Money, percent_change};
use std::collections::BTreeMap;
use toml::Spanned;

/// Table `spec` of a layout, for a budget (its lines summed, [`Sums`]), with the rows of a
/// table of projects in 元 (to patch it later, [`patch_project_rows`]); none for another
/// table.
pub fn derive(
    b: &Budget,
    p: &Sums,
    layout: &Layout,
    t: &TableSpec,
) -> (Table, Option<ProjectRows>) {
    let mut project_rows = None;
    let l = &layout.spec;
    let name = |p: &str| fill(p, b, &t.name);
    let mut table = Table {
        number: t.number,
        title: name(t.title.as_deref().unwrap_or(&l.title)),
        subtitle: t.subtitle.as_deref().map(name),
        org_label: name(t.org.as_deref().unwrap_or(&l.org)),
        unit_label: t.unit_label.clone().unwrap_or_else(|| {
            match t.money {
                MoneyUnit::Yuan => "单位：元",
                MoneyUnit::Wan => "单位：万元",
            }
            .to_string()
        }),
        header: t
            .header
            .iter()
            .map(|h| h.iter().map(|c| name(c)).collect())
            .collect(),
        columns: Vec::new(),
        rows: Vec::new(),
        note: None,
        note_prefix: l.note_prefix.clone(),
        rounding: Vec::new(),
        code_columns: 0,
    };
    table.columns = leaf_names(&table.header);
    let total_at = t.total.unwrap_or(l.total);
    let r = &t.rows;
    let empty = match r.kind {
        RowsKind::Hierarchy => {
            let c = r.classification.unwrap_or(Classification::Function);
            let levels = &c.levels()[..r.levels.map_or(c.levels().len(), usize::from)];
            let split = t.codes.unwrap_or(l.codes) == CodeStyle::Split;
            table.code_columns = if split { levels.len() } else { 1 };
            hierarchy(b, p, &mut table, c, levels, split, r, t, total_at)
        }
        RowsKind::Fixed => {
            let w = Whole::of(p, t);
            for row in &r.rows {
                let row = row.get_ref();
                let mut cells = vec![Cell::text(row.label.clone())];
                cells.extend(figures(b, &w, &row.values));
                let kind = if row.total {
                    RowKind::Total
                } else {
                    RowKind::Detail
                };
                table.rows.push(Row::new(kind, cells));
            }
            false
        }
        RowsKind::Single => {
            let w = Whole::of(p, t);
            let cells = figures(b, &w, &r.columns);
            // One row of nothing but zeros (no 三公 this year or last): empty, and its
            // note says so.
            let empty = cells.iter().all(|c| match c {
                Cell::Money(m) => m.is_zero(),
                Cell::Empty => true,
                _ => false,
            });
            table.rows.push(Row::new(RowKind::Detail, cells));
            empty
        }
        RowsKind::Records => records(b, p, &mut table, r, t, total_at, &mut project_rows),
        RowsKind::Panels => {
            panels(b, p, &Whole::of(p, t), &mut table, &r.left, &r.right);
            false
        }
        RowsKind::Form => forms::form(b, p, &mut table, r),
    };
    if empty {
        table.note = t.empty_note.as_deref().map(name);
    }
    if t.money == MoneyUnit::Wan {
        let label = table.unit_label.clone();
        table = if t.add_up {
            wan::in_wan(&table, layout)
        } else {
            wan::each_cell(&table, layout)
        };
        table.unit_label = label;
    }
    (table, project_rows)
}

/// The leaf column names: the lowest label of each column of the header.
fn leaf_names(header: &[Vec<String>]) -> Vec<String> {
    let Some(last) = header.last() else {
        return Vec::new();
    };
    (0..last.len())
        .map(|c| {
            header
                .iter()
                .rev()
                .map(|h| h.get(c).map(String::as_str).unwrap_or(""))
                .find(|s| !s.is_empty())
                .unwrap_or("")
                .to_string()
        })
        .collect()
}

/// The sums of the lines over the whole budget of every filter a table's rows name
/// (fixed rows, a single row, panels' labelled rows), taken in one pass.
struct Whole {
    filters: Vec<LineFilter>,
    sums: Vec<Money>,
}

impl Whole {
    fn of(p: &Sums, t: &TableSpec) -> Whole {
        let mut filters: Vec<LineFilter> = Vec::new();
        for m in t.measures() {
            if let Figure::Lines(f) = Figure::of(m)
                && !filters.contains(&f)
            {
                filters.push(f);
            }
        }
        let sums = Columns::new(filters.iter().collect(), p).sums(p);
        Whole { filters, sums }
    }

    fn sum(&self, f: &LineFilter) -> Money {
        self.filters
            .iter()
            .position(|x| x == f)
            .map_or(Money::ZERO, |i| self.sums[i])
    }
}

/// The figures of a row that sums the whole budget (a fixed row, a single row, a panel's
/// labelled row).
fn figures(b: &Budget, w: &Whole, ms: &[Spanned<spec::Measure>]) -> Vec<Cell> {
    let figs: Vec<Figure> = ms.iter().map(|m| Figure::of(m.get_ref())).collect();
    let sums: Vec<Option<Money>> = figs.iter().map(|f| whole(b, w, f)).collect();
    figs.iter()
        .zip(&sums)
        .map(|(f, s)| match f {
            Figure::Change { from, to } => change(&sums, *from, *to),
            _ => Cell::Money(s.unwrap_or(Money::ZERO)),
        })
        .collect()
}

fn change(sums: &[Option<Money>], from: usize, to: usize) -> Cell {
    let get = |i: usize| sums.get(i).copied().flatten().unwrap_or(Money::ZERO);
    percent_change(get(from), get(to), 0)
        .map(Cell::Percent)
        .unwrap_or(Cell::Empty)
}

/// A figure over the whole budget; `None` for a percentage (computed from others).
fn whole(b: &Budget, w: &Whole, f: &Figure) -> Option<Money> {
    Some(match f {
        Figure::Lines(filter) => w.sum(filter),
        Figure::Income { sources, prior } => b
            .income
            .iter()
            .filter(|i| takes_fund(*sources, i.source))
            .map(|i| if *prior { i.prior } else { i.current })
            .sum(),
        Figure::PriorFunctions(nature) => b
            .prior_functions
            .iter()
            .filter(|p| nature.is_none_or(|n| n == p.nature))
            .map(|p| p.amount)
            .sum(),
        Figure::PriorItems(items) => items.iter().map(|i| b.prior_item(*i)).sum(),
        Figure::Change { .. } => return None,
        Figure::Zero | Figure::Field(_) => Money::ZERO,
    })
}

/// A hierarchy of codes; whether it has no data.
#[allow(clippy::too_many_arguments)]
fn hierarchy<'a>(
    b: &'a Budget,
    p: &'a Sums,
    t: &mut Table,
    c: Classification,
    levels: &[usize],
    split: bool,
    r: &spec::RowsSpec,
    spec: &TableSpec,
    total_at: TotalAt,
) -> bool {
    let rows_filter = r.lines.as_ref().map(LineFilter::of).unwrap_or_default();
    let figs: Vec<Figure> = r.columns.iter().map(|m| Figure::of(m.get_ref())).collect();
    // The columns that sum lines, with their filters.
    let line_cols = line_figures(&figs);
    let all_rows = rows_filter.is_all();
    let prior_cols: Vec<(usize, Option<Nature>)> = figs
        .iter()
        .enumerate()
        .filter_map(|(i, f)| match f {
            Figure::PriorFunctions(n) => Some((i, *n)),
            _ => None,
        })
        .collect();
    // Filter 0 chooses the lines; filter k > 0 is line column k - 1.
    let cols = Columns::new(
        std::iter::once(&rows_filter)
            .chain(line_cols.iter().map(|(_, lf)| *lf))
            .collect(),
        p,
    );
    type IdOf = fn(&Item) -> u32;
    let (codes, id_of): (&[Box<str>], IdOf) = match c {
        Classification::Function => (&p.func, |it| it.func),
        Classification::DeptEconomic => (&p.econ, |it| it.econ),
        Classification::GovEconomic => (&p.gov, |it| it.gov),
    };
    // Sums per code number and column, in 分; which codes have lines.
    let w = figs.len();
    let mut acc = vec![0i128; codes.len() * w];
    let mut seen = vec![false; codes.len()];
    let mut unmapped = vec![0i128; w];
    let mut any_unmapped = false;
    for it in p.coarse.live() {
        if !all_rows && !cols.takes(0, it) {
            continue;
        }
        let f = it.fen;
        let id = id_of(it);
        if id == u32::MAX {
            any_unmapped = true;
            cols.each(it, |k| {
                if k > 0 {
                    unmapped[line_cols[k - 1].0] += f;
                }
            });
        } else {
            let id = id as usize;
            seen[id] = true;
            let row = &mut acc[id * w..(id + 1) * w];
            cols.each(it, |k| {
                if k > 0 {
                    row[line_cols[k - 1].0] += f;
                }
            });
        }
    }
    let mut h = Hierarchy::new(levels, w);
    for (id, code) in codes.iter().enumerate().filter(|(id, _)| seen[*id]) {
        let (leaf, total) = h.leaf_and_total(code);
        for (i, v) in acc[id * w..(id + 1) * w].iter().enumerate() {
            leaf[i] += v;
            total[i] += v;
        }
    }
    if c == Classification::Function && !prior_cols.is_empty() {
        for pf in &b.prior_functions {
            let f = i128::from(pf.amount.fen());
            let (leaf, total) = h.leaf_and_total(&pf.func_code);
            for (i, n) in &prior_cols {
                if n.is_none_or(|n| n == pf.nature) {
                    leaf[*i] += f;
                    total[*i] += f;
                }
            }
        }
    }
    let mut h = h.finish();
    let unmapped: Vec<Money> = unmapped.into_iter().map(Money::from_fen_wide).collect();
    for (t, u) in h.total.iter_mut().zip(&unmapped) {
        *t += *u;
    }
    let empty = h.is_empty() && !any_unmapped;
    let cells = |v: &[Money]| -> Vec<Cell> {
        figs.iter()
            .enumerate()
            .map(|(i, f)| match f {
                Figure::Change { from, to } => {
                    let get = |j: usize| v.get(j).copied().unwrap_or(Money::ZERO);
                    percent_change(get(*from), get(*to), 0)
                        .map(Cell::Percent)
                        .unwrap_or(Cell::Empty)
                }
                _ => Cell::Money(v[i]),
            })
            .collect()
    };
    let names = match c {
        Classification::Function => &b.catalog.function,
        Classification::DeptEconomic => &b.catalog.dept_economic,
        Classification::GovEconomic => &b.catalog.gov_economic,
    };
    let code_cols = if split { levels.len() } else { 1 };
    let total_row = || {
        let mut c = vec![label_cell(&spec.total_label)];
        c.extend(std::iter::repeat_n(Cell::Empty, code_cols));
        c.extend(cells(&h.total));
        Row::new(RowKind::Total, c)
    };
    if total_at == TotalAt::Top {
        t.rows.push(total_row());
    }
    for (code, v) in &h.sums {
        let mut row = code_cells(code, levels, split);
        row.push(Cell::text(code_name(names, code)));
        row.extend(cells(v));
        t.rows.push(Row::new(RowKind::Level(h.level(code)), row));
    }
    if any_unmapped {
        let mut row = vec![Cell::Empty; code_cols];
        row.push(Cell::text("（未对应政府经济科目）"));
        row.extend(cells(&unmapped));
        t.rows.push(Row::new(RowKind::Level(0), row));
    }
    if total_at == TotalAt::Bottom {
        t.rows.push(total_row());
    }
    empty
}

/// The figures that sum lines, each with its place among the figures.
fn line_figures(figs: &[Figure]) -> Vec<(usize, &LineFilter)> {
    figs.iter()
        .enumerate()
        .filter_map(|(i, f)| match f {
            Figure::Lines(lf) => Some((i, lf)),
            _ => None,
        })
        .collect()
}

fn label_cell(label: &str) -> Cell {
    if label.is_empty() {
        Cell::Empty
    } else {
        Cell::text(label)
    }
}

fn code_name(names: &CodeList, code: &str) -> String {
    names
        .name(code)
        .unwrap_or("（目录中没有此科目）")
        .to_string()
}

/// A code's cells: the whole code, or one cell per level (`201 | 40 | 01`), the parts
/// below its own level blank.
fn code_cells(code: &str, levels: &[usize], split: bool) -> Vec<Cell> {
    if !split {
        return vec![Cell::text(code)];
    }
    let mut start = 0;
    levels
        .iter()
        .map(|end| {
            let part = if *end <= code.len() {
                Cell::text(&code[start..*end])
            } else {
                Cell::Empty
            };
            start = *end;
            part
        })
        .collect()
}

/// The rows of a table of projects, in the order printed: each row's project (its place
/// in the budget's list) and unit, and the sums of its columns of lines (by column; zero
/// in the others).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProjectRows {
    pub keys: Vec<(usize, i64)>,
    pub sums: Vec<Vec<Money>>,
}

/// Each project's rows: one per unit of its 项目支出 lines (`by_unit`), or one in its own
/// unit's name; a project without lines has one row of zeros.
fn project_rows(b: &Budget, p: &Sums, r: &spec::RowsSpec, figs: &[Figure]) -> ProjectRows {
    // (project, unit) → the sums of its 项目支出 lines, per column, in 分: found by a
    // hash, then sorted once so that each project's units are one range.
    let line_figs = line_figures(figs);
    let cols = Columns::new(line_figs.iter().map(|(_, lf)| *lf).collect(), p);
    let w = figs.len();
    let mut slot: crate::engine::base::fxhash::FxHashMap<(i64, i64), usize> = Default::default();
    let mut keys: Vec<(i64, i64)> = Vec::new();
    let mut fen: Vec<i128> = Vec::new();
    // The groups of project lines by project and unit.
    for it in p.fine.live() {
        if !it.is_project() {
            continue;
        }
        let unit = if r.by_unit {
            it.unit
        } else {
            b.project(it.project).map_or(it.unit, |p| p.unit_id)
        };
        let k = *slot.entry((it.project, unit)).or_insert_with(|| {
            keys.push((it.project, unit));
            fen.resize(fen.len() + w, 0);
            keys.len() - 1
        });
        let row = &mut fen[k * w..(k + 1) * w];
        cols.each(it, |c| row[line_figs[c].0] += it.fen);
    }
    let mut order: Vec<usize> = (0..keys.len()).collect();
    order.sort_unstable_by_key(|k| keys[*k]);
    let sums: BTreeMap<(i64, i64), Vec<Money>> = order
        .into_iter()
        .map(|k| {
            let v = fen[k * w..(k + 1) * w]
                .iter()
                .map(|f| Money::from_fen_wide(*f))
                .collect();
            (keys[k], v)
        })
        .collect();
    let zero = vec![Money::ZERO; w];
    let mut out = ProjectRows::default();
    for (i, p) in b.projects.iter().enumerate() {
        let mut units: Vec<(i64, &Vec<Money>)> = sums
            .range((p.id, i64::MIN)..=(p.id, i64::MAX))
            .map(|((_, u), v)| (*u, v))
            .collect();
        if units.is_empty() {
            units.push((p.unit_id, &zero));
        }
        units.sort_by(|(a, _), (c, _)| {
            let code = |u: &i64| b.unit(*u).map(|u| u.code.as_str());
            code(a).cmp(&code(c))
        });
        for (u, v) in units {
            out.keys.push((i, u));
            out.sums.push(v.clone());
        }
    }
    out
}

/// Whether a table is one of projects' rows printed in 元 (whose figures can be set
/// anew in place, [`patch_project_rows`]).
fn of_projects_in_yuan(t: &TableSpec) -> bool {
    t.rows.kind == RowsKind::Records
        && t.rows.of.unwrap_or(RecordKind::Projects) == RecordKind::Projects
        && t.money == MoneyUnit::Yuan
}

fn line_columns(t: &TableSpec) -> Vec<Figure> {
    t.rows
        .columns
        .iter()
        .map(|m| Figure::of(m.get_ref()))
        .collect()
}

/// A table of projects in 元 after an edit of lines alone: when its rows are still the
/// same projects and units as `was` (derived with the table), only its figures of lines
/// and their totals are set anew, the rest (names, texts) kept. Returns the rows as they
/// now are, or none when the table must be derived again.
pub fn patch_project_rows(
    b: &Budget,
    p: &Sums,
    t: &TableSpec,
    table: &mut Table,
    was: &ProjectRows,
) -> Option<ProjectRows> {
    if !of_projects_in_yuan(t) {
        return None;
    }
    let figs = line_columns(t);
    let now = project_rows(b, p, &t.rows, &figs);
    let details = table
        .rows
        .iter()
        .filter(|r| r.kind == RowKind::Detail)
        .count();
    if now.keys != was.keys || details != now.keys.len() {
        return None;
    }
    let lines: Vec<usize> = (0..figs.len())
        .filter(|i| matches!(figs[*i], Figure::Lines(_)))
        .collect();
    if now.sums == was.sums {
        return Some(now);
    }
    let mut totals = vec![Money::ZERO; figs.len()];
    let mut sums = now.sums.iter();
    for row in table.rows.iter_mut().filter(|r| r.kind == RowKind::Detail) {
        let v = sums.next()?;
        for i in &lines {
            row.cells[*i] = Cell::Money(v[*i]);
            totals[*i] += v[*i];
        }
    }
    for row in table.rows.iter_mut().filter(|r| r.kind == RowKind::Total) {
        for i in &lines {
            row.cells[*i] = Cell::Money(totals[*i]);
        }
    }
    Some(now)
}

/// One row per record; whether there are none. A table of projects in 元 gives its rows
/// in `kept`.
fn records(
    b: &Budget,
    p: &Sums,
    t: &mut Table,
    r: &spec::RowsSpec,
    spec: &TableSpec,
    total_at: TotalAt,
    kept: &mut Option<ProjectRows>,
) -> bool {
    let figs = line_columns(spec);
    let money_field = |f: &Figure| matches!(f, Figure::Field(name) if spec::words::MONEY_FIELDS.contains(&name.as_str()));
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    let empty = match r.of.unwrap_or(RecordKind::Projects) {
        RecordKind::Projects => {
            let pr = project_rows(b, p, r, &figs);
            for ((k, u), v) in pr.keys.iter().zip(&pr.sums) {
                let (project, unit) = (&b.projects[*k], b.unit(*u));
                rows.push(
                    figs.iter()
                        .enumerate()
                        .map(|(i, f)| match f {
                            Figure::Field(name) => project_field(project, unit, name),
                            Figure::Lines(_) => Cell::Money(v[i]),
                            _ => Cell::Money(Money::ZERO),
                        })
                        .collect(),
                );
            }
            if of_projects_in_yuan(spec) {
                *kept = Some(pr);
            }
            b.projects.is_empty()
        }
        RecordKind::Procurement => {
            for x in &b.procurement {
                let unit = b.unit(x.unit_id);
                rows.push(
                    figs.iter()
                        .map(|f| match f {
                            Figure::Field(name) => procurement_field(b, x, unit, name),
                            _ => Cell::Money(Money::ZERO),
                        })
                        .collect(),
                );
            }
            b.procurement.is_empty()
        }
    };
    let total_row = || {
        let mut cells: Vec<Cell> = figs
            .iter()
            .enumerate()
            .map(|(i, f)| {
                if matches!(f, Figure::Lines(_) | Figure::Zero) || money_field(f) {
                    Cell::Money(rows.iter().filter_map(|r| r[i].money()).sum())
                } else {
                    Cell::Empty
                }
            })
            .collect();
        if let Some(first) = cells.first_mut()
            && !spec.total_label.is_empty()
        {
            *first = Cell::text(spec.total_label.clone());
        }
        Row::new(RowKind::Total, cells)
    };
    let total = total_row();
    if total_at == TotalAt::Top {
        t.rows.push(total.clone());
    }
    t.rows
        .extend(rows.into_iter().map(|c| Row::new(RowKind::Detail, c)));
    if total_at == TotalAt::Bottom {
        t.rows.push(total);
    }
    empty
}

fn project_field(p: &Project, unit: Option<&Unit>, name: &str) -> Cell {
    let text = |s: &str| Cell::text(s);
    match name {
        "项目名称" => text(&p.name),
        "项目编码" => text(&p.code),
        "单位名称" => text(unit.map_or("", |u| u.name.as_str())),
        "单位代码" => text(unit.map_or("", |u| u.code.as_str())),
        "项目类别" => text(p.kind.label()),
        "业务主管部门" => text(&p.competent_dept),
        "当年预算" => Cell::Money(p.budget),
        "区级支出" => Cell::Money(p.district),
        _ => Cell::Empty,
    }
}

fn procurement_field(b: &Budget, x: &Procurement, unit: Option<&Unit>, name: &str) -> Cell {
    let text = |s: &str| Cell::text(s);
    match name {
        "部门代码" => text(&b.department.code),
        "部门名称" => text(&b.department.name),
        "单位代码" => text(unit.map_or("", |u| u.code.as_str())),
        "单位名称" => text(unit.map_or("", |u| u.name.as_str())),
        "采购项目名称" => text(&x.name),
        "资金来源" => text(x.fund_source.label()),
        "合计" => Cell::Money(x.total),
        "货物类" => Cell::Money(x.goods),
        "工程类" => Cell::Money(x.works),
        "服务类" => Cell::Money(x.services),
        _ => Cell::Empty,
    }
}

/// Two panels side by side, block by block.
fn panels(
    b: &Budget,
    p: &Sums,
    w: &Whole,
    t: &mut Table,
    left: &[Vec<Spanned<PanelRow>>],
    right: &[Vec<Spanned<PanelRow>>],
) {
    let (lw, rw) = (spec::panel_width(left), spec::panel_width(right));
    for i in 0..left.len().max(right.len()) {
        let l = left
            .get(i)
            .map(|rows| side(b, p, w, rows, lw))
            .unwrap_or_default();
        let r = right
            .get(i)
            .map(|rows| side(b, p, w, rows, rw))
            .unwrap_or_default();
        for k in 0..l.len().max(r.len()) {
            let blank = |w| (false, vec![Cell::Empty; w]);
            let (lt, mut cells) = l.get(k).cloned().unwrap_or_else(|| blank(lw));
            let (rt, rc) = r.get(k).cloned().unwrap_or_else(|| blank(rw));
            cells.extend(rc);
            let kind = if lt || rt {
                RowKind::Total
            } else {
                RowKind::Detail
            };
            t.rows.push(Row::new(kind, cells));
        }
    }
}

/// The rows of one block of a panel, each with whether it is a total, `width` cells wide.
fn side(
    b: &Budget,
    p: &Sums,
    w: &Whole,
    rows: &[Spanned<PanelRow>],
    width: usize,
) -> Vec<(bool, Vec<Cell>)> {
    let mut out = Vec::new();
    for row in rows {
        let row = row.get_ref();
        match (&row.label, &row.classes) {
            (Some(label), _) => {
                let mut cells = vec![Cell::text(label.clone())];
                cells.extend(figures(b, w, &row.values));
                cells.resize(width, Cell::Empty);
                out.push((row.total, cells));
            }
            (None, Some(classes)) => {
                let of = LineFilter::of(&classes.lines);
                let figs: Vec<Figure> =
                    row.values.iter().map(|m| Figure::of(m.get_ref())).collect();
                // 类 → its sums, in code order; filter 0 is the row's, then the figures'.
                let line_figs = line_figures(&figs);
                let cols = Columns::new(
                    std::iter::once(&of)
                        .chain(line_figs.iter().map(|(_, lf)| *lf))
                        .collect(),
                    p,
                );
                // Per function code number, then by 类.
                let nf = figs.len();
                let mut acc = vec![0i128; p.func.len() * nf];
                let mut seen = vec![false; p.func.len()];
                for it in p.coarse.live() {
                    if !cols.takes(0, it) {
                        continue;
                    }
                    let id = it.func as usize;
                    seen[id] = true;
                    let f = it.fen;
                    cols.each(it, |k| {
                        if k > 0 {
                            acc[id * nf + line_figs[k - 1].0] += f;
                        }
                    });
                }
                let mut fen: BTreeMap<&str, Vec<i128>> = BTreeMap::new();
                for (id, code) in p.func.iter().enumerate().filter(|(id, _)| seen[*id]) {
                    let class = code.get(..3).unwrap_or(code);
                    let e = fen.entry(class).or_insert_with(|| vec![0; nf]);
                    for (a, v) in e.iter_mut().zip(&acc[id * nf..(id + 1) * nf]) {
                        *a += v;
                    }
                }
                let sums = fen.into_iter().map(|(class, v)| {
                    (
                        class,
                        v.into_iter().map(Money::from_fen_wide).collect::<Vec<_>>(),
                    )
                });
                for (n, (class, v)) in sums.into_iter().enumerate() {
                    let name = b.catalog.function.name(class).unwrap_or(class);
                    let label = if classes.numbered {
                        format!("{}、{name}", chinese_number(n + 1))
                    } else {
                        name.to_string()
                    };
                    let mut cells = vec![Cell::text(label)];
                    cells.extend(v.into_iter().map(Cell::Money));
                    cells.resize(width, Cell::Empty);
                    out.push((row.total, cells));
                }
            }
            (None, None) => {}
        }
    }
    out
}

/// 一, 二, … 九十九.
pub fn chinese_number(n: usize) -> String {
    const D: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        1..=9 => D[n].to_string(),
        10 => "十".to_string(),
        11..=19 => format!("十{}", D[n - 10]),
        20..=99 => format!("{}十{}", D[n / 10], D[n % 10]),
        _ => n.to_string(),
    }
}
