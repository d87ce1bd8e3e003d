//! Comparing two budget files (a draft and the revision a reviewer sent back): what was
//! added, removed and changed, field by field, and every figure of the 17 tables that
//! changed, before and after.
//!
//! Records are matched by their id: a revision is a copy of the draft, so a line keeps its
//! id through every change. Income is matched by source, last year's figures by code and
//! item, reasons by key.

use crate::model::*;
use crate::tables::{self, Table};
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
pub struct CellChange {
    pub table: u8,
    /// The row's key (code or label) and its name: `2014001 行政运行`.
    pub row: String,
    pub column: String,
    pub before: String,
    pub after: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Diff {
    pub records: Vec<RecordChange>,
    pub cells: Vec<CellChange>,
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

fn f(name: &'static str, value: String) -> (&'static str, String, String) {
    (name, value.clone(), value)
}

fn unit_code(b: &Budget, id: i64) -> String {
    b.unit(id).map(|u| u.code.clone()).unwrap_or_default()
}

fn project_name(b: &Budget, id: Option<i64>) -> String {
    id.and_then(|p| b.project(p))
        .map(|p| p.name.clone())
        .unwrap_or_default()
}

fn line_fields(b: &Budget, l: &Line) -> Fields {
    vec![
        f("单位", unit_code(b, l.unit_id)),
        f("功能科目", l.func_code.clone()),
        f("部门经济科目", l.dept_econ.clone()),
        f(
            "政府经济科目",
            l.gov_econ_override.clone().unwrap_or_default(),
        ),
        f("支出性质", l.nature.label().to_string()),
        f(
            "人员/公用",
            l.cost_class_override
                .map(|c| c.label().to_string())
                .unwrap_or_default(),
        ),
        (
            "项目",
            project_name(b, l.project_id),
            format!("{:?}", l.project_id),
        ),
        f("资金来源", l.fund_source.label().to_string()),
        f("金额", l.amount.grouped()),
        f("备注", l.remark.clone()),
    ]
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

fn project_fields(b: &Budget, p: &Project) -> Fields {
    vec![
        f("项目名称", p.name.clone()),
        f("项目编码", p.code.clone()),
        f("单位", unit_code(b, p.unit_id)),
        f("项目类别", p.kind.label().to_string()),
        f("业务主管部门", p.competent_dept.clone()),
        f("项目概况", p.overview.clone()),
        f("立项依据", p.basis.clone()),
        f("当年绩效目标", p.goal.clone()),
        f("当年预算", p.budget.grouped()),
        f("区级支出", p.district.grouped()),
        f("补助镇街", p.township.grouped()),
    ]
}

fn indicator_fields(b: &Budget, i: &Indicator) -> Fields {
    vec![
        (
            "所属",
            match i.project_id {
                Some(p) => project_name(b, Some(p)),
                None => "整体绩效".into(),
            },
            format!("{:?}", i.project_id),
        ),
        f("一级指标", i.level1.clone()),
        f("二级指标", i.level2.clone()),
        f("指标名称", i.name.clone()),
        f("指标权重", i.weight.normalize().to_string()),
        f("计量单位", i.unit.clone()),
        f("指标性质", i.op.label().to_string()),
        f("指标值", i.value.clone()),
        f("是否核心指标", if i.core { "是" } else { "否" }.into()),
    ]
}

fn procurement_fields(b: &Budget, p: &Procurement) -> Fields {
    vec![
        f("单位", unit_code(b, p.unit_id)),
        f("采购项目", p.name.clone()),
        f("资金来源", p.fund_source.label().to_string()),
        f("合计", p.total.grouped()),
        f("货物", p.goods.grouped()),
        f("工程", p.works.grouped()),
        f("服务", p.services.grouped()),
    ]
}

fn unit_fields(u: &Unit) -> Fields {
    vec![
        f("单位代码", u.code.clone()),
        f("单位名称", u.name.clone()),
        f("单位性质", u.kind.label().to_string()),
    ]
}

fn department_fields(d: &Department) -> Fields {
    vec![
        f("部门代码", d.code.clone()),
        f("部门名称", d.name.clone()),
        f("预算年度", d.year.to_string()),
        f("地区", d.region.clone()),
        f("职能职责", d.duties.clone()),
        f("单位构成", d.composition.clone()),
        f("内设科室数", d.divisions.to_string()),
        f("联系人", d.contact_name.clone()),
        f("联系电话", d.contact_phone.clone()),
        f("整体绩效目标", d.goal.clone()),
    ]
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
    let dept = |x: &Budget| {
        BTreeMap::from([(
            0,
            (x.department.name.clone(), department_fields(&x.department)),
        )])
    };
    compare(&mut out, "单位信息", dept(a), dept(b));
    let units = |x: &Budget| {
        x.units
            .iter()
            .map(|u| (u.id, (format!("{} {}", u.code, u.name), unit_fields(u))))
            .collect()
    };
    compare(&mut out, "单位", units(a), units(b));
    let income = |x: &Budget| {
        x.income
            .iter()
            .map(|i| {
                (
                    i.source,
                    (
                        i.source.label().to_string(),
                        vec![f("本年", i.current.grouped()), f("上年", i.prior.grouped())],
                    ),
                )
            })
            .collect()
    };
    compare(&mut out, "收入", income(a), income(b));
    let lines = |x: &Budget| {
        x.lines
            .iter()
            .map(|l| (l.id, (line_title(x, l), line_fields(x, l))))
            .collect()
    };
    compare(&mut out, "支出明细", lines(a), lines(b));
    let projects = |x: &Budget| {
        x.projects
            .iter()
            .map(|p| {
                (
                    p.id,
                    (format!("#{} {}", p.id, p.name), project_fields(x, p)),
                )
            })
            .collect()
    };
    compare(&mut out, "项目", projects(a), projects(b));
    let indicators = |x: &Budget| {
        x.indicators
            .iter()
            .map(|i| {
                (
                    i.id,
                    (format!("#{} {}", i.id, i.name), indicator_fields(x, i)),
                )
            })
            .collect()
    };
    compare(&mut out, "绩效指标", indicators(a), indicators(b));
    let procurement = |x: &Budget| {
        x.procurement
            .iter()
            .map(|p| {
                (
                    p.id,
                    (format!("#{} {}", p.id, p.name), procurement_fields(x, p)),
                )
            })
            .collect()
    };
    compare(&mut out, "政府采购", procurement(a), procurement(b));
    let prior = |x: &Budget| {
        let mut m: BTreeMap<String, (String, Fields)> = x
            .prior_functions
            .iter()
            .map(|p| {
                (
                    format!("{} {}", p.func_code, p.nature.label()),
                    (
                        format!("{} {}", p.func_code, p.nature.label()),
                        vec![f("上年预算数", p.amount.grouped())],
                    ),
                )
            })
            .collect();
        for (k, v) in &x.prior_items {
            m.insert(
                k.label().to_string(),
                (k.label().to_string(), vec![f("上年预算数", v.grouped())]),
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
                    (
                        s.category.label().to_string(),
                        vec![
                            f("上年末实有", s.owned.to_string()),
                            f("本年拟购置", s.to_buy.to_string()),
                        ],
                    ),
                )
            })
            .collect()
    };
    compare(&mut out, "资产", assets(a), assets(b));
    let reasons = |x: &Budget| {
        x.reasons
            .iter()
            .filter(|(_, t)| !t.trim().is_empty())
            .map(|(k, t)| (k.clone(), (k.clone(), vec![f("原因", t.clone())])))
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
                crate::tables::Cell::Text(s) => Some(s.clone()),
                _ => None,
            })
            .filter(|s| !s.is_empty() && s.chars().count() <= 30)
            .map(|s| format!("{key} {s}"))
            .unwrap_or_else(|| key.clone());
        order.push((key.clone(), name));
        for (c, cell) in r.cells.iter().enumerate().skip(1) {
            let side = r.cells[2.min(c)..c].iter().rev().find_map(|x| match x {
                crate::tables::Cell::Text(s) if !s.is_empty() => Some(s.clone()),
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

fn table_cells(a: &Budget, b: &Budget) -> Vec<CellChange> {
    let mut out = Vec::new();
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
                out.push(CellChange {
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
        records: records(before, after),
        cells: table_cells(before, after),
    }
}
