//! Comparing two budget files (a draft and the revision a reviewer sent back): what was
//! added, removed and changed, field by field, and every figure of the layout's tables
//! that changed, before and after.
//!
//! Records are paired by what they are, never by where they stand: a unit by its code, a
//! line by its unit and codes (nature, project, fund source; the k-th of equal ones with
//! the k-th), a project by its name, an indicator by its project and name, a procurement
//! item by its unit and name; income by source, last year's figures by code and item,
//! reasons by key. Within one department's one year (a draft and its revision, copies of
//! one file) a record that changed what pairs it (a line given another code, a renamed
//! project) keeps its id, and is paired by it as one change.

use crate::engine::model::*;
use crate::engine::records::{FieldType, Kind, PriorFigure, Reason};
use crate::engine::tables::{self, Table};
use std::collections::{BTreeMap, HashMap};

/// What happened to a record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChangeKind {
    Added,
    Removed,
    Changed,
}

impl ChangeKind {
    pub fn label(self) -> &'static str {
        match self {
            ChangeKind::Added => "新增",
            ChangeKind::Removed => "删除",
            ChangeKind::Changed => "修改",
        }
    }
}

/// One field, before and after.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldChange {
    pub field: &'static str,
    pub before: String,
    pub after: String,
}

/// A record that was added, removed or changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordChange {
    /// 支出明细, 项目, 绩效指标, 政府采购, 收入, 单位, 上年数, 变动原因, 单位信息.
    pub sheet: &'static str,
    pub kind: ChangeKind,
    /// The record as a reader knows it: `#12 129001 2014001 30101 基本工资`.
    pub record: String,
    /// For a change: the fields that differ. For an addition or removal: every field.
    pub fields: Vec<FieldChange>,
}

/// A figure of a published table that changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FigureChange {
    pub table: u8,
    /// The row's key (code or label) and its name: `2014001 行政运行`.
    pub row: String,
    pub column: String,
    pub before: String,
    pub after: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Diff {
    /// The two files are not one department's budget of one year: said first.
    pub warning: Option<String>,
    pub records: Vec<RecordChange>,
    pub cells: Vec<FigureChange>,
}

impl Diff {
    pub fn is_empty(&self) -> bool {
        self.records.is_empty() && self.cells.is_empty()
    }

    /// The comparison as text, a change a line (what `yusuan diff` prints).
    pub fn text(&self) -> String {
        let mut out = String::new();
        for r in &self.records {
            out.push_str(&format!("{}\t{}\t{}\n", r.sheet, r.kind.label(), r.record));
            for f in &r.fields {
                match r.kind {
                    ChangeKind::Changed => {
                        out.push_str(&format!("\t\t{}：{} → {}\n", f.field, f.before, f.after))
                    }
                    ChangeKind::Added => out.push_str(&format!("\t\t{}：{}\n", f.field, f.after)),
                    ChangeKind::Removed => {
                        out.push_str(&format!("\t\t{}：{}\n", f.field, f.before))
                    }
                }
            }
        }
        for c in &self.cells {
            out.push_str(&format!(
                "{}\t{}\t{}\t{} → {}\n",
                tables::sheet_name(c.table),
                c.row,
                c.column,
                if c.before.is_empty() {
                    "（空）"
                } else {
                    &c.before
                },
                if c.after.is_empty() {
                    "（空）"
                } else {
                    &c.after
                },
            ));
        }
        out
    }
}

/// A record's fields: (name, as shown, as compared). A reference to another record is
/// shown by name and compared by id, so renaming a project is one change, not one per line.
type Fields = Vec<(&'static str, String, String)>;

/// Every field of a record, from its kind's declaration (`records`), as written in files:
/// codes alone, a unit by its code, a project by its name, amounts `620,000.00`. Within
/// one lineage a reference to another record is compared by id (a renamed project is one
/// change, not one per line); across departments by what it is written as.
fn fields_of<R: Kind>(b: &Budget, r: &R, by_id: bool) -> Fields {
    R::fields()
        .iter()
        .filter(|f| !matches!(f.ty, FieldType::Id | FieldType::Order))
        .map(|f| {
            let shown = f.written(r, b);
            let compared = match f.ty {
                FieldType::Unit | FieldType::Project if by_id => format!("{:?}", (f.get)(r)),
                _ => shown.clone(),
            };
            (f.label, shown, compared)
        })
        .collect()
}

/// A record of one side: its id, the key it is paired by, its title and fields.
struct Keyed {
    id: i64,
    key: String,
    title: String,
    fields: Fields,
}

/// How a record is paired with its counterpart: by key (the k-th of equal keys with the
/// k-th), by id (within one lineage, a record that changed what keys it), or not at all
/// (on one side only: added or removed).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Pairing {
    Key(String, usize),
    Id(i64),
    Only(bool, String, usize),
}

/// Each side as a map for [`compare`], under its pairing.
type Sides = (
    BTreeMap<Pairing, (String, Fields)>,
    BTreeMap<Pairing, (String, Fields)>,
);

/// Pairs the records of two sides: by key first, then, within one lineage, those left by
/// id. Both sides are sorted by key and walked together (no key is copied).
fn pair(a: Vec<Keyed>, b: Vec<Keyed>, by_id: bool) -> Sides {
    // Each record with its key and the number of equal keys before it.
    let numbered = |v: Vec<Keyed>| -> Vec<(usize, Keyed)> {
        let mut v: Vec<(usize, Keyed)> = v.into_iter().map(|k| (0, k)).collect();
        // Stable: equal keys keep their order in the file.
        v.sort_by(|x, y| x.1.key.cmp(&y.1.key));
        for i in 1..v.len() {
            if v[i].1.key == v[i - 1].1.key {
                v[i].0 = v[i - 1].0 + 1;
            }
        }
        v
    };
    let (a, b) = (numbered(a), numbered(b));
    // Walk both in key order: a key on both sides pairs them.
    let mut matched_a = vec![false; a.len()];
    let mut matched_b = vec![false; b.len()];
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match (&a[i].1.key, a[i].0).cmp(&(&b[j].1.key, b[j].0)) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                matched_a[i] = true;
                matched_b[j] = true;
                i += 1;
                j += 1;
            }
        }
    }
    // The ids of the records left on each side.
    let left_ids = |v: &[(usize, Keyed)], matched: &[bool]| -> std::collections::HashSet<i64> {
        v.iter()
            .zip(matched)
            .filter(|(_, m)| !**m)
            .map(|((_, r), _)| r.id)
            .collect()
    };
    let (ids_a, ids_b) = (left_ids(&a, &matched_a), left_ids(&b, &matched_b));
    let side = |v: Vec<(usize, Keyed)>,
                matched: Vec<bool>,
                other_ids: &std::collections::HashSet<i64>,
                later: bool| {
        v.into_iter()
            .zip(matched)
            .map(|((n, r), m)| {
                let p = if m {
                    Pairing::Key(r.key, n)
                } else if by_id && other_ids.contains(&r.id) {
                    Pairing::Id(r.id)
                } else {
                    Pairing::Only(later, r.key, n)
                };
                (p, (r.title, r.fields))
            })
            .collect::<BTreeMap<_, _>>()
    };
    (
        side(a, matched_a, &ids_b, false),
        side(b, matched_b, &ids_a, true),
    )
}

/// Why two files are not one department's budget of one year, if they are not.
pub fn mismatch(a: &Budget, b: &Budget) -> Option<String> {
    let (da, db) = (&a.department, &b.department);
    let same_dept = da.code == db.code && da.name == db.name;
    if same_dept && da.year == db.year {
        return None;
    }
    let what = match (same_dept, da.year == db.year) {
        (false, false) => "不是同一部门、同一年度的预算",
        (false, true) => "不是同一部门的预算",
        _ => "不是同一年度的预算",
    };
    Some(format!(
        "注意：两个文件{what}（{} {} {} 年 / {} {} {} 年）；记录按单位代码、科目等对应，不按顺序",
        da.code, da.name, da.year, db.code, db.name, db.year
    ))
}

fn unit_code(b: &Budget, id: i64) -> String {
    b.unit(id).map(|u| u.code.clone()).unwrap_or_default()
}

fn line_title(b: &Budget, l: &Line) -> String {
    let econ = b.catalog.dept_economic.name(&l.dept_econ).unwrap_or("");
    format!(
        "#{} {} {} {} {}",
        l.id,
        unit_code(b, l.unit_id),
        l.func_code,
        l.dept_econ,
        econ
    )
}

/// The filled fields of an added or removed record, on the side where it exists.
fn every_field(fields: &Fields, removed: bool) -> Vec<FieldChange> {
    fields
        .iter()
        .filter(|(_, v, _)| !v.is_empty())
        .map(|(f, v, _)| {
            let (before, after) = if removed {
                (v.clone(), String::new())
            } else {
                (String::new(), v.clone())
            };
            FieldChange {
                field: f,
                before,
                after,
            }
        })
        .collect()
}

/// Compares keyed records of two budgets.
fn compare<K: Ord>(
    out: &mut Vec<RecordChange>,
    sheet: &'static str,
    before: BTreeMap<K, (String, Fields)>,
    after: BTreeMap<K, (String, Fields)>,
) {
    for (k, (title, fields)) in &before {
        match after.get(k) {
            None => out.push(RecordChange {
                sheet,
                kind: ChangeKind::Removed,
                record: title.clone(),
                fields: every_field(fields, true),
            }),
            Some((new_title, new_fields)) => {
                let changed: Vec<FieldChange> = fields
                    .iter()
                    .zip(new_fields)
                    .filter(|((_, _, a), (_, _, b))| a != b)
                    .map(|((f, a, _), (_, b, _))| FieldChange {
                        field: f,
                        before: a.clone(),
                        after: b.clone(),
                    })
                    .collect();
                if !changed.is_empty() {
                    out.push(RecordChange {
                        sheet,
                        kind: ChangeKind::Changed,
                        record: new_title.clone(),
                        fields: changed,
                    });
                }
            }
        }
    }
    for (k, (title, fields)) in &after {
        if !before.contains_key(k) {
            out.push(RecordChange {
                sheet,
                kind: ChangeKind::Added,
                record: title.clone(),
                fields: every_field(fields, false),
            });
        }
    }
}

fn records(a: &Budget, b: &Budget) -> Vec<RecordChange> {
    let mut out = Vec::new();
    // One department's one year: a record keeps its id through a revision.
    let by_id = mismatch(a, b).is_none();
    let dept = |x: &Budget| {
        BTreeMap::from([(
            0,
            (
                x.department.name.clone(),
                fields_of(x, &x.department, by_id),
            ),
        )])
    };
    compare(&mut out, "单位信息", dept(a), dept(b));
    if a.layout != b.layout {
        out.push(RecordChange {
            sheet: "表样",
            kind: ChangeKind::Changed,
            record: "公开表表样".into(),
            fields: vec![FieldChange {
                field: "表样",
                before: format!("{}（{}）", a.layout.name(), a.layout.id()),
                after: format!("{}（{}）", b.layout.name(), b.layout.id()),
            }],
        });
    }
    let units = |x: &Budget| -> Vec<Keyed> {
        x.units
            .iter()
            .map(|u| Keyed {
                id: u.id,
                key: u.code.clone(),
                title: format!("{} {}", u.code, u.name),
                fields: fields_of(x, u, by_id),
            })
            .collect()
    };
    let (ua, ub) = pair(units(a), units(b), by_id);
    compare(&mut out, "单位", ua, ub);
    let income = |x: &Budget| {
        x.income
            .iter()
            .map(|i| {
                (
                    i.source,
                    (i.source.label().to_string(), fields_of(x, i, by_id)),
                )
            })
            .collect()
    };
    compare(&mut out, "收入", income(a), income(b));
    let project_name = |x: &Budget, id: Option<i64>| -> String {
        id.and_then(|p| x.project(p))
            .map(|p| p.name.clone())
            .unwrap_or_default()
    };
    let lines = |x: &Budget| -> Vec<Keyed> {
        x.lines_in_order()
            .into_iter()
            .map(|l| Keyed {
                id: l.id,
                key: format!(
                    "{}|{}|{}|{}|{}|{}|{}",
                    unit_code(x, l.unit_id),
                    l.func_code,
                    l.dept_econ,
                    l.gov_econ_override.as_deref().unwrap_or(""),
                    l.nature.label(),
                    project_name(x, l.project_id),
                    l.fund_source.label()
                ),
                title: line_title(x, l),
                fields: fields_of(x, l, by_id),
            })
            .collect()
    };
    let (la, lb) = pair(lines(a), lines(b), by_id);
    compare(&mut out, "支出明细", la, lb);
    fn keyed<R: Kind>(
        x: &Budget,
        list: &[R],
        by_id: bool,
        id: impl Fn(&R) -> i64,
        key: impl Fn(&R) -> String,
        name: impl Fn(&R) -> &str,
    ) -> Vec<Keyed> {
        list.iter()
            .map(|r| Keyed {
                id: id(r),
                key: key(r),
                title: format!("#{} {}", id(r), name(r)),
                fields: fields_of(x, r, by_id),
            })
            .collect()
    }
    let projects = |x: &Budget| {
        keyed(
            x,
            &x.projects,
            by_id,
            |p| p.id,
            |p| p.name.clone(),
            |p| &p.name,
        )
    };
    let (pa, pb) = pair(projects(a), projects(b), by_id);
    compare(&mut out, "项目", pa, pb);
    let indicators = |x: &Budget| {
        keyed(
            x,
            &x.indicators,
            by_id,
            |i| i.id,
            |i| format!("{}|{}", project_name(x, i.project_id), i.name),
            |i| &i.name,
        )
    };
    let (ia, ib) = pair(indicators(a), indicators(b), by_id);
    compare(&mut out, "绩效指标", ia, ib);
    let procurement = |x: &Budget| {
        keyed(
            x,
            &x.procurement,
            by_id,
            |p| p.id,
            |p| format!("{}|{}", unit_code(x, p.unit_id), p.name),
            |p| &p.name,
        )
    };
    let (ra, rb) = pair(procurement(a), procurement(b), by_id);
    compare(&mut out, "政府采购", ra, rb);
    let prior = |x: &Budget| {
        let mut m: BTreeMap<String, (String, Fields)> = x
            .prior_functions
            .iter()
            .map(|p| {
                let k = format!("{} {}", p.func_code, p.nature.label());
                (k.clone(), (k, fields_of(x, p, by_id)))
            })
            .collect();
        for (item, amount) in &x.prior_items {
            let figure = PriorFigure {
                item: *item,
                amount: *amount,
            };
            m.insert(
                item.label().to_string(),
                (item.label().to_string(), fields_of(x, &figure, by_id)),
            );
        }
        m
    };
    compare(&mut out, "上年数", prior(a), prior(b));
    let assets = |x: &Budget| {
        x.assets
            .iter()
            .map(|s| {
                (
                    s.category,
                    (s.category.label().to_string(), fields_of(x, s, by_id)),
                )
            })
            .collect()
    };
    compare(&mut out, "资产", assets(a), assets(b));
    let reasons = |x: &Budget| {
        x.reasons
            .iter()
            .filter(|(_, t)| !t.trim().is_empty())
            .map(|(k, t)| {
                let r = Reason {
                    key: k.clone(),
                    text: t.clone(),
                };
                (k.clone(), (k.clone(), fields_of(x, &r, by_id)))
            })
            .collect()
    };
    compare(&mut out, "变动原因", reasons(a), reasons(b));
    out
}

/// A table's rows in order as (key, key and name), and its cells by (row key, occurrence
/// of the key, column).
/// A cell: as printed, and the label of its side of the row when the row has two (表一
/// and 表四 print income on the left and spending on the right).
type TableCells = (
    Vec<(String, String)>,
    HashMap<(String, usize, usize), (String, Option<String>)>,
);

/// A table's cells by (row identity, column): the row's key with its occurrence (keys
/// repeat in the forms), the column's name.
fn cells(t: &Table) -> TableCells {
    let mut order = Vec::new();
    let mut map = HashMap::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for r in &t.rows {
        let key = r.key();
        let n = seen.entry(key.clone()).or_default();
        // The name beside a code (`2014001 行政运行`); an amount there is not a name.
        let name = r
            .cells
            .get(1)
            .and_then(|c| match c {
                crate::engine::tables::Cell::Text(s) => Some(s.clone()),
                _ => None,
            })
            .filter(|s| !s.is_empty() && s.chars().count() <= 30)
            .map(|s| format!("{key} {s}"))
            .unwrap_or_else(|| key.clone());
        order.push((key.clone(), name));
        for (c, cell) in r.cells.iter().enumerate().skip(1) {
            let side = r.cells[2.min(c)..c].iter().rev().find_map(|x| match x {
                crate::engine::tables::Cell::Text(s) if !s.is_empty() => Some(s.clone()),
                _ => None,
            });
            map.insert((key.clone(), *n, c), (cell.display(), side));
        }
        *n += 1;
    }
    (order, map)
}

/// A column as its header prints it, group above leaf: `收入·预算数`,
/// `2025年预算数·基本支出`; forms (no header) by position.
fn column_name(t: &Table, c: usize) -> String {
    let mut parts: Vec<String> = Vec::new();
    for h in tables::header_cells(&t.header) {
        if h.col <= c && c < h.col + h.cols && !h.text.is_empty() && !parts.contains(&h.text) {
            parts.push(h.text);
        }
    }
    if parts.is_empty() {
        format!("第 {} 列", c + 1)
    } else {
        parts.join("·")
    }
}

/// The figures of both budgets' tables, both in the layout of `b` (when the layout itself
/// changed, that is one record change; the figures are still compared cell by cell).
fn table_cells(a: &Budget, b: &Budget) -> Vec<FigureChange> {
    let mut out = Vec::new();
    let relaid;
    let a = if a.layout == b.layout {
        a
    } else {
        relaid = Budget {
            layout: b.layout.clone(),
            ..a.clone()
        };
        &relaid
    };
    for (ta, tb) in tables::all_tables(a)
        .iter()
        .zip(tables::all_tables(b).iter())
    {
        let (order_a, ma) = cells(ta);
        let (order_b, mb) = cells(tb);
        let names: HashMap<&String, &String> = order_a
            .iter()
            .chain(order_b.iter())
            .map(|(k, n)| (k, n))
            .collect();
        let mut keys: Vec<&(String, usize, usize)> = ma.keys().chain(mb.keys()).collect();
        // In the after-table's order, then rows that are gone.
        let mut pos: HashMap<&String, usize> = HashMap::new();
        for (i, (k, _)) in order_b.iter().chain(order_a.iter()).enumerate() {
            pos.entry(k).or_insert(i);
        }
        keys.sort_by_key(|(k, n, c)| (pos.get(k).copied().unwrap_or(usize::MAX), *n, *c));
        keys.dedup();
        for k in keys {
            let (before, side_a) = ma.get(k).cloned().unwrap_or_default();
            let (after, side_b) = mb.get(k).cloned().unwrap_or_default();
            if before != after {
                let row = side_b
                    .or(side_a)
                    .or_else(|| names.get(&k.0).map(|s| s.to_string()))
                    .unwrap_or_default();
                out.push(FigureChange {
                    table: tb.number,
                    row,
                    column: column_name(tb, k.2),
                    before,
                    after,
                });
            }
        }
    }
    out
}

/// Everything that differs from `before` to `after`.
pub fn diff(before: &Budget, after: &Budget) -> Diff {
    Diff {
        warning: mismatch(before, after),
        records: records(before, after),
        cells: table_cells(before, after),
    }
}
