//! The file format of a disclosure layout (表样): which tables a region publishes, and for
//! each its title, header, rows and columns (`docs/layouts.md` documents every key).
//! Reading a layout file checks it whole (`spec_check.rs`): every fault is named by its
//! line and key, in Chinese. These files depend on nothing else of the crate, so that
//! `build.rs` checks the built-in layouts with the same code before they are compiled in.

use serde::Deserialize;
use toml::Spanned;

#[path = "spec_check.rs"]
mod check;
#[path = "narrative_spec.rs"]
pub mod narrative;

#[allow(unused_imports)] // build.rs reads only `parse`
pub use check::{line_of, parse, syntax_fault};

/// The names a layout may use, as the budget's records spell them (the model checks in
/// a test that these are its own).
pub mod words {
    pub const FUND_SOURCES: [&str; 14] = [
        "一般公共预算财政拨款",
        "政府性基金预算财政拨款",
        "国有资本经营预算财政拨款",
        "财政专户管理资金",
        "事业收入",
        "上级补助收入",
        "附属单位上缴收入",
        "事业单位经营收入",
        "其他收入",
        "上年结转（一般公共预算）",
        "上年结转（政府性基金预算）",
        "上年结转（国有资本经营预算）",
        "上年结转（其他资金）",
        "用事业基金弥补收支差额",
    ];
    /// Groups of fund sources, by the names tables give them.
    pub const FUND_GROUPS: [(&str, &[&str]); 5] = [
        (
            "一般公共预算",
            &["一般公共预算财政拨款", "上年结转（一般公共预算）"],
        ),
        (
            "政府性基金预算",
            &["政府性基金预算财政拨款", "上年结转（政府性基金预算）"],
        ),
        (
            "国有资本经营预算",
            &["国有资本经营预算财政拨款", "上年结转（国有资本经营预算）"],
        ),
        (
            "财政拨款",
            &[
                "一般公共预算财政拨款",
                "政府性基金预算财政拨款",
                "国有资本经营预算财政拨款",
                "上年结转（一般公共预算）",
                "上年结转（政府性基金预算）",
                "上年结转（国有资本经营预算）",
            ],
        ),
        (
            "上年结转",
            &[
                "上年结转（一般公共预算）",
                "上年结转（政府性基金预算）",
                "上年结转（国有资本经营预算）",
                "上年结转（其他资金）",
            ],
        ),
    ];
    pub const NATURES: [&str; 2] = ["基本支出", "项目支出"];
    pub const COST_CLASSES: [&str; 2] = ["人员经费", "公用经费"];
    pub const UNIT_KINDS: [&str; 3] = ["行政", "参公", "事业"];
    pub const PRIOR_ITEMS: [&str; 5] = [
        "因公出国（境）费",
        "公务用车购置费",
        "公务用车运行维护费",
        "公务接待费",
        "机关运行经费",
    ];
    pub const PROJECT_KINDS: [&str; 2] = ["重点", "一般"];
    /// What a row of projects may show of its project.
    pub const PROJECT_FIELDS: [&str; 8] = [
        "项目名称",
        "项目编码",
        "单位名称",
        "单位代码",
        "项目类别",
        "业务主管部门",
        "当年预算",
        "区级支出",
    ];
    /// What a row of procurement items may show of its item.
    pub const PROCUREMENT_FIELDS: [&str; 10] = [
        "部门代码",
        "部门名称",
        "单位代码",
        "单位名称",
        "采购项目名称",
        "资金来源",
        "合计",
        "货物类",
        "工程类",
        "服务类",
    ];
    /// The record fields that hold money (summed in a 合计 row).
    pub const MONEY_FIELDS: [&str; 6] =
        ["当年预算", "区级支出", "合计", "货物类", "工程类", "服务类"];
}

/// A layout as its file declares it.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LayoutSpec {
    /// Short and stable: `chongqing-17`.
    pub id: String,
    /// As users see it: `重庆 区县部门预算 17 表`.
    pub name: String,
    /// How a table's title is made: `{year}年{region}部门{name}`; {year}, {prior_year},
    /// {region}, {department} and {name} (the table's name) are filled in.
    pub title: String,
    /// The line under the title: `部门全称：{department}`.
    pub org: String,
    /// The heading of the 目录: `{year}年{region}部门预算公开表（目录）`.
    pub contents: String,
    /// Before the note of an empty table: `备注：`.
    #[serde(default = "default_note_prefix")]
    pub note_prefix: String,
    /// Where a table's 合计 row goes unless it says otherwise.
    #[serde(default)]
    pub total: TotalAt,
    /// How codes print unless a table says otherwise.
    #[serde(default)]
    pub codes: CodeStyle,
    #[serde(rename = "table")]
    pub tables: Vec<Spanned<TableSpec>>,
    #[serde(default, rename = "relation")]
    pub relations: Vec<Spanned<RelationSpec>>,
    /// The 情况说明 it publishes; without it, 重庆's.
    #[serde(default)]
    pub narrative: Option<Spanned<narrative::NarrativeSpec>>,
}

fn default_note_prefix() -> String {
    "备注：".into()
}

/// Where the 合计 row goes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
pub enum TotalAt {
    #[default]
    #[serde(rename = "top")]
    Top,
    #[serde(rename = "bottom")]
    Bottom,
    #[serde(rename = "none")]
    None,
}

/// How a code prints: in one column (`2014001`), or split into a column per level
/// (`201 | 40 | 01`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
pub enum CodeStyle {
    #[default]
    #[serde(rename = "one")]
    One,
    #[serde(rename = "split")]
    Split,
}

/// 元 or 万元.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
pub enum MoneyUnit {
    #[default]
    #[serde(rename = "元")]
    Yuan,
    #[serde(rename = "万元")]
    Wan,
}

/// One table.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableSpec {
    /// 1, 2, …: the tables are numbered in order.
    pub number: u8,
    /// `收支预算总表`: {name} in the title pattern.
    pub name: String,
    #[serde(default)]
    pub subtitle: Option<String>,
    /// Its own title pattern, in place of the layout's.
    #[serde(default)]
    pub title: Option<String>,
    /// Its own line under the title (`""` for none).
    #[serde(default)]
    pub org: Option<String>,
    #[serde(default)]
    pub money: MoneyUnit,
    /// `单位：元` unless given.
    #[serde(default)]
    pub unit_label: Option<String>,
    /// In 万元: the printed parts of each 类/款 add up to their printed total.
    #[serde(default)]
    pub add_up: bool,
    /// The header as printed, a list per header line; a cell left empty belongs to the
    /// label above it (when that label is one column wide) or else to its left.
    #[serde(default)]
    pub header: Vec<Vec<String>>,
    #[serde(default)]
    pub total: Option<TotalAt>,
    /// The 合计 row's label (`""`: none).
    #[serde(default = "default_total_label")]
    pub total_label: String,
    #[serde(default)]
    pub codes: Option<CodeStyle>,
    /// Printed under the table when it has no rows of data; {year} is filled in.
    #[serde(default)]
    pub empty_note: Option<String>,
    pub rows: RowsSpec,
}

impl TableSpec {
    /// Every figure the table declares: its columns, its rows' values, its panels' values.
    pub fn measures(&self) -> impl Iterator<Item = &Measure> {
        let r = &self.rows;
        r.columns
            .iter()
            .chain(r.rows.iter().flat_map(|x| x.get_ref().values.iter()))
            .chain(
                r.left
                    .iter()
                    .chain(&r.right)
                    .flatten()
                    .flat_map(|x| x.get_ref().values.iter()),
            )
            .map(|m| m.get_ref())
    }
}

fn default_total_label() -> String {
    "合计".into()
}

/// What a table's rows are: `kind`, and the keys that kind takes.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RowsSpec {
    pub kind: RowsKind,
    /// hierarchy: the classification whose codes make the rows.
    #[serde(default)]
    pub classification: Option<Classification>,
    /// hierarchy: how many levels show (function 1–3, economic 1–2); all unless given.
    #[serde(default)]
    pub levels: Option<u8>,
    /// hierarchy: which lines the table sums (all unless given).
    #[serde(default)]
    pub lines: Option<Filter>,
    /// hierarchy, single, records: the columns of figures (records: also fields).
    #[serde(default)]
    pub columns: Vec<Spanned<Measure>>,
    /// fixed: the rows.
    #[serde(default)]
    pub rows: Vec<Spanned<FixedRow>>,
    /// records: 项目 or 政府采购.
    #[serde(default)]
    pub of: Option<RecordKind>,
    /// records of projects: a project's row per unit that spends on it.
    #[serde(default)]
    pub by_unit: bool,
    /// panels: the left and right lists, in blocks: block `i` of the left beside block
    /// `i` of the right, the shorter padded with blank rows.
    #[serde(default)]
    pub left: Vec<Vec<Spanned<PanelRow>>>,
    #[serde(default)]
    pub right: Vec<Vec<Spanned<PanelRow>>>,
    /// form: 整体绩效目标 or 项目绩效目标.
    #[serde(default)]
    pub form: Option<FormKind>,
    /// form of projects: 重点 or 一般.
    #[serde(default)]
    pub project_kind: Option<String>,
}

/// The kinds of rows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
pub enum RowsKind {
    /// One row per code of a classification and per parent (类, 款, 项), in code order.
    #[serde(rename = "hierarchy")]
    Hierarchy,
    /// Rows written out, each a label and its figures.
    #[serde(rename = "fixed")]
    Fixed,
    /// One row per project or procurement item.
    #[serde(rename = "records")]
    Records,
    /// Two lists side by side (收入 | 支出).
    #[serde(rename = "panels")]
    Panels,
    /// One row of figures.
    #[serde(rename = "single")]
    Single,
    /// Performance target forms.
    #[serde(rename = "form")]
    Form,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
pub enum Classification {
    #[serde(rename = "支出功能分类")]
    Function,
    #[serde(rename = "部门经济分类")]
    DeptEconomic,
    #[serde(rename = "政府经济分类")]
    GovEconomic,
}

impl Classification {
    /// Its levels' code lengths.
    pub fn levels(self) -> &'static [usize] {
        match self {
            Classification::Function => &[3, 5, 7],
            _ => &[3, 5],
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
pub enum RecordKind {
    #[serde(rename = "项目")]
    Projects,
    #[serde(rename = "政府采购")]
    Procurement,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
pub enum FormKind {
    /// 部门整体绩效目标.
    #[serde(rename = "整体绩效目标")]
    Department,
    /// One form per project of a kind.
    #[serde(rename = "项目绩效目标")]
    Projects,
}

/// Which lines something sums; every condition given must hold.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Filter {
    /// Fund sources (their labels) or groups (一般公共预算, 政府性基金预算, 国有资本经营预算,
    /// 财政拨款, 上年结转).
    #[serde(default)]
    pub fund: Vec<String>,
    /// 基本支出 or 项目支出.
    #[serde(default)]
    pub nature: Option<String>,
    /// 人员经费 or 公用经费.
    #[serde(default)]
    pub cost: Option<String>,
    /// Department economic codes (a 类 or 款 code, or a list of them).
    #[serde(default)]
    pub econ: Vec<String>,
    /// 行政, 参公, 事业.
    #[serde(default)]
    pub unit_kind: Vec<String>,
}

/// What a column (or a figure of a row) holds: a sum of lines, income, last year's
/// figures, a percentage change, or (in a table of records) a field of the record.
/// Its conditions on lines repeat [`Filter`]'s keys: serde cannot flatten one struct
/// into another and still refuse unknown keys, and a misspelt key must be named.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Measure {
    #[serde(default)]
    pub of: Source,
    /// Which lines (of = "支出"): as in [`Filter`].
    #[serde(default)]
    pub fund: Vec<String>,
    #[serde(default)]
    pub nature: Option<String>,
    #[serde(default)]
    pub cost: Option<String>,
    #[serde(default)]
    pub econ: Vec<String>,
    #[serde(default)]
    pub unit_kind: Vec<String>,
    /// For income: these sources (labels or groups); all unless given.
    #[serde(default)]
    pub sources: Vec<String>,
    /// For income: last year's figures rather than this year's.
    #[serde(default)]
    pub prior: bool,
    /// For 上年三公: these items.
    #[serde(default)]
    pub items: Vec<String>,
    /// For a percentage change: the columns (from 1) of last year's and this year's figures.
    #[serde(default)]
    pub from: Option<usize>,
    #[serde(default)]
    pub to: Option<usize>,
    /// In a table of records: this field of the record.
    #[serde(default)]
    pub field: Option<String>,
}

impl Measure {
    /// Its conditions on lines.
    pub fn filter(&self) -> Filter {
        Filter {
            fund: self.fund.clone(),
            nature: self.nature.clone(),
            cost: self.cost.clone(),
            econ: self.econ.clone(),
            unit_kind: self.unit_kind.clone(),
        }
    }
}

/// Where a figure comes from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
pub enum Source {
    /// The sum of the lines the conditions take.
    #[default]
    #[serde(rename = "支出")]
    Lines,
    /// Income by source (收入 sheet).
    #[serde(rename = "收入")]
    Income,
    /// Last year's general-budget figures by function (上年数).
    #[serde(rename = "上年功能科目")]
    PriorFunctions,
    /// Last year's 三公 items and 机关运行经费.
    #[serde(rename = "上年三公")]
    PriorItems,
    /// The percentage change from column `from` to column `to`, whole percent.
    #[serde(rename = "增幅")]
    Change,
    /// A zero (printed blank).
    #[serde(rename = "零")]
    Zero,
}

/// A row written out.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FixedRow {
    pub label: String,
    #[serde(default)]
    pub total: bool,
    #[serde(default)]
    pub values: Vec<Spanned<Measure>>,
}

/// A row of a panel: a label with figures, or one row per function 类 of the lines.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PanelRow {
    #[serde(default)]
    pub label: Option<String>,
    /// Printed bold, as a total.
    #[serde(default)]
    pub total: bool,
    #[serde(default)]
    pub values: Vec<Spanned<Measure>>,
    /// One row per function 类 of the lines this filter takes; `values` sum each 类.
    #[serde(default)]
    pub classes: Option<Classes>,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Classes {
    #[serde(default)]
    pub lines: Filter,
    /// `一、一般公共服务支出`: each 类 numbered.
    #[serde(default)]
    pub numbered: bool,
}

/// A relation between printed figures (勾稽): the sum of the left cells equals the sum
/// of the right ones.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RelationSpec {
    /// How the check names it: `表五合计 = 表六合计 + 表八合计`.
    pub name: String,
    pub left: Vec<CellRef>,
    pub right: Vec<CellRef>,
}

/// A printed figure: a table, a row (`合计`: the 合计 row; `first`: the first row; else
/// the row whose first cell it is) and a column (from 1).
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CellRef {
    pub table: u8,
    pub row: String,
    pub column: usize,
}

/// A fault of a layout file: where, and what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fault {
    /// From 1; 0 when it is the file as a whole.
    pub line: usize,
    /// The key it is about, when known.
    pub key: String,
    pub message: String,
}

impl std::fmt::Display for Fault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.line, self.key.is_empty()) {
            (0, _) => write!(f, "{}", self.message),
            (l, true) => write!(f, "第 {l} 行：{}", self.message),
            (l, false) => write!(f, "第 {l} 行“{}”：{}", self.key, self.message),
        }
    }
}

/// How many columns a table has, from its rows.
pub fn width(t: &TableSpec, l: &LayoutSpec) -> usize {
    let r = &t.rows;
    match r.kind {
        RowsKind::Hierarchy => {
            let c = r.classification.unwrap_or(Classification::Function);
            code_columns(t, l, c, r.levels) + 1 + r.columns.len()
        }
        RowsKind::Fixed => {
            1 + r
                .rows
                .iter()
                .map(|x| x.get_ref().values.len())
                .max()
                .unwrap_or(0)
        }
        RowsKind::Records | RowsKind::Single => r.columns.len(),
        RowsKind::Panels => panel_width(&r.left) + panel_width(&r.right),
        RowsKind::Form => FORM_WIDTH,
    }
}

/// The columns of a performance target form.
pub const FORM_WIDTH: usize = 7;

/// What a pattern may hold: `{year}年{region}部门{name}`.
pub const PLACEHOLDERS: [&str; 5] = ["year", "prior_year", "region", "department", "name"];

/// The most columns a table may have (the widest published ones have about 15).
pub const MAX_COLUMNS: usize = 64;

/// How many columns a hierarchy's codes take.
pub fn code_columns(t: &TableSpec, l: &LayoutSpec, c: Classification, levels: Option<u8>) -> usize {
    match t.codes.unwrap_or(l.codes) {
        CodeStyle::One => 1,
        CodeStyle::Split => levels.map_or(c.levels().len(), usize::from),
    }
}

/// A panel's width: its label and its widest row of figures.
pub fn panel_width(blocks: &[Vec<Spanned<PanelRow>>]) -> usize {
    1 + blocks
        .iter()
        .flatten()
        .map(|r| r.get_ref().values.len())
        .max()
        .unwrap_or(0)
}
