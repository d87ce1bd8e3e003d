//! The published tables (部门预算公开表) of the budget's layout (`layout/`), derived from
//! the stored budget alone. No subtotal is stored anywhere: hierarchy rows (类/款/项,
//! 301/30101) are sums in code order. `derive.rs` interprets a declared table.

mod derive;
mod forms;
mod hierarchy;
mod sums;

pub use sums::{Groups, Item, Moved, ProjectSum, Sums};
mod three_public;
pub mod wan;
mod working;
pub use working::working_table;

use crate::engine::kinds::{CostClass, FiscalKind, UnitKind};
use crate::engine::model::Budget;
use crate::engine::money::Money;
use rust_decimal::Decimal;

pub use derive::{ProjectRows, chinese_number, patch_project_rows};
pub use three_public::{
    ABROAD, CAR_PURCHASE, CAR_RUNNING, RECEPTION, three_public_current, three_public_of,
    three_public_prior,
};

/// The tables of the budget's layout, in order.
pub fn all_tables(b: &Budget) -> Vec<Table> {
    let p = Sums::of(b);
    (1..=b.layout.len() as u8)
        .map(|n| table_of(b, &p, n))
        .collect()
}

/// Table `n` (from 1) of the budget's layout; an empty table past its last.
pub fn table(b: &Budget, n: u8) -> Table {
    table_of(b, &Sums::of(b), n)
}

/// Table `n` of the budget's layout, from its lines summed once for all its tables.
pub fn table_of(b: &Budget, p: &Sums, n: u8) -> Table {
    table_and_rows_of(b, p, n).0
}

/// [`table_of`], with the rows of a table of projects in 元 (to patch it in place after
/// an edit of lines, [`patch_project_rows`]).
pub fn table_and_rows_of(b: &Budget, p: &Sums, n: u8) -> (Table, Option<ProjectRows>) {
    match b.layout.table(n) {
        Some(t) => derive::derive(b, p, &b.layout, t),
        None => (
            Table {
                number: n,
                title: format!("（表样中没有第 {n} 张表）"),
                subtitle: None,
                org_label: String::new(),
                unit_label: String::new(),
                header: Vec::new(),
                columns: Vec::new(),
                rows: Vec::new(),
                note: None,
                note_prefix: String::new(),
                rounding: Vec::new(),
                code_columns: 0,
            },
            None,
        ),
    }
}

/// One cell as printed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cell {
    Empty,
    Text(String),
    /// An amount in 元; zero prints blank, as the published tables do.
    Money(Money),
    /// A whole percent (`13%`).
    Percent(Decimal),
    /// A plain number that is not money (indicator weight).
    Number(Decimal),
    /// An amount in 万元 with two places, as printed in a 万元 table.
    Wan(Decimal),
}

impl Cell {
    /// A text as printed: a character a reader could not see (a right-to-left override
    /// in a name another program wrote) is shown by its code, `〔U+202E〕`, so that no
    /// output prints a name that reads differently from what it holds.
    pub fn text(s: impl Into<String>) -> Cell {
        Cell::Text(crate::engine::records::visible(s.into()))
    }

    /// The cell as the published tables print it: `3,129,066.95`, blank for zero, `13%`.
    pub fn display(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.clone(),
            Cell::Money(m) if m.is_zero() => String::new(),
            Cell::Money(m) => m.grouped(),
            Cell::Percent(p) => format!("{p}%"),
            Cell::Number(n) => n.normalize().to_string(),
            Cell::Wan(d) if d.is_zero() => String::new(),
            Cell::Wan(d) => crate::engine::money::group_digits(&format!("{d:.2}")),
        }
    }

    /// The cell for a CSV file: plain decimals with two places, no separators.
    pub fn plain(&self) -> String {
        match self {
            Cell::Money(m) if m.is_zero() => String::new(),
            Cell::Money(m) => m.plain(),
            Cell::Wan(d) if d.is_zero() => String::new(),
            Cell::Wan(d) => format!("{d:.2}"),
            other => other.display(),
        }
    }

    pub fn money(&self) -> Option<Money> {
        match self {
            Cell::Money(m) => Some(*m),
            _ => None,
        }
    }
}

/// What a row is, for layout (bold totals, indentation).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowKind {
    /// 合计 / 收入合计.
    Total,
    /// A hierarchy row; the level (0 = 类, 1 = 款, 2 = 项).
    Level(u8),
    /// A plain data row.
    Detail,
    /// A label row inside a form (编制单位, 绩效指标 header).
    Heading,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub kind: RowKind,
    pub cells: Vec<Cell>,
}

impl Row {
    pub fn new(kind: RowKind, cells: Vec<Cell>) -> Row {
        Row { kind, cells }
    }

    /// The first cell's text (a code or a label).
    pub fn key(&self) -> String {
        self.cells.first().map(Cell::display).unwrap_or_default()
    }
}

/// A derived table, ready to show, print or export.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Table {
    /// 1 to 17.
    pub number: u8,
    /// `2025年渝北区部门收支预算总表`
    pub title: String,
    /// `（部门预算支出经济分类科目）` for tables 6–9.
    pub subtitle: Option<String>,
    /// `部门全称：重庆市渝北区信访办公室`; empty for tables whose forms carry their own
    /// 编制单位.
    pub org_label: String,
    /// `单位：元`
    pub unit_label: String,
    /// The header as printed, one vector per header line; a cell left empty under or
    /// beside a label belongs to that label's merged cell.
    pub header: Vec<Vec<String>>,
    /// The leaf column names (CSV header line). Empty for forms (tables 15–17), whose
    /// first printed row stands in as their header line.
    pub columns: Vec<String>,
    pub rows: Vec<Row>,
    /// The note printed under an empty table (without its prefix).
    pub note: Option<String>,
    /// Before the note: `备注：`, `注:`.
    pub note_prefix: String,
    /// How many leading columns hold a code (split: one per level); 0 for tables
    /// without codes.
    pub code_columns: usize,
    /// In 万元: where printed parts do not add up to their printed total (each printed
    /// under the table, and a 警告 of the checks).
    pub rounding: Vec<String>,
}

impl Table {
    /// The 合计 row (the first row of kind Total).
    pub fn total_row(&self) -> Option<&Row> {
        self.rows.iter().find(|r| r.kind == RowKind::Total)
    }

    /// The row whose first cell is `key` (a code or a label).
    pub fn row(&self, key: &str) -> Option<&Row> {
        self.rows.iter().find(|r| r.key() == key)
    }

    /// The row a relation names: `合计`, `first`, the row whose first cell is `key`, or
    /// else one that holds `key` in any cell (the right panel's 支出总计 stands in the
    /// row that 收入总计 begins).
    pub fn relation_row(&self, key: &str) -> Option<usize> {
        match key {
            "合计" => self.rows.iter().position(|r| r.kind == RowKind::Total),
            "first" => (!self.rows.is_empty()).then_some(0),
            key => self.rows.iter().position(|r| r.key() == key).or_else(|| {
                self.rows.iter().position(|row| {
                    row.cells
                        .iter()
                        .any(|c| matches!(c, Cell::Text(t) if t == key))
                })
            }),
        }
    }

    /// The amount in column `col` of the row keyed `key`.
    pub fn amount(&self, key: &str, col: usize) -> Money {
        self.row(key)
            .and_then(|r| r.cells.get(col))
            .and_then(Cell::money)
            .unwrap_or_default()
    }

    /// The note as printed, with its prefix.
    pub fn note_line(&self) -> Option<String> {
        self.note
            .as_ref()
            .map(|n| format!("{}{n}", self.note_prefix))
    }

    /// A row's code as one text (`2011301` from `201 | 13 | 01`), or its first cell.
    pub fn row_code(&self, row: &Row) -> String {
        if self.code_columns <= 1 {
            return row.key();
        }
        row.cells
            .iter()
            .take(self.code_columns)
            .map(Cell::display)
            .collect()
    }

    /// The column of a hierarchy row's name, which is indented by its level: after the
    /// code column, or after the split 类/款/项 columns.
    pub fn name_column(&self) -> usize {
        self.code_columns.max(1)
    }

    /// The column count.
    pub fn width(&self) -> usize {
        self.columns
            .len()
            .max(self.rows.iter().map(|r| r.cells.len()).max().unwrap_or(0))
    }
}

/// The short names 表一 … 表十七.
pub fn sheet_name(n: u8) -> String {
    const DIGITS: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    // A table printed after the layout's, not one of them (the 测算表).
    if n == 0 {
        return "附表".into();
    }
    let n = n as usize;
    let s = match n {
        1..=9 => DIGITS[n].to_string(),
        10 => "十".to_string(),
        11..=19 => format!("十{}", DIGITS[n - 10]),
        _ => n.to_string(),
    };
    format!("表{s}")
}

/// The 目录 of the built-in 重庆 layout: (number, 表X, full title with subtitle).
pub fn contents(year: i32, region: &str) -> Vec<(u8, String, String)> {
    let b = Budget {
        department: crate::engine::model::Department {
            year,
            region: region.to_string(),
            ..Default::default()
        },
        ..Budget::default()
    };
    contents_of(&b)
}

/// The heading of the budget's 目录.
pub fn contents_heading(b: &Budget) -> String {
    fill(&b.layout.spec.contents, b, "")
}

/// The 目录 of the budget's layout: (number, 表X, full title with subtitle).
pub fn contents_of(b: &Budget) -> Vec<(u8, String, String)> {
    b.layout
        .spec
        .tables
        .iter()
        .map(|t| {
            let t = t.get_ref();
            let l = &b.layout.spec;
            let fill = |p: &str| fill(p, b, &t.name);
            let title = fill(t.title.as_deref().unwrap_or(&l.title));
            let sub = t.subtitle.as_deref().map(fill).unwrap_or_default();
            (t.number, sheet_name(t.number), format!("{title}{sub}"))
        })
        .collect()
}

/// A printed header cell with its span (rows and columns from its top-left cell).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeaderCell {
    pub row: usize,
    pub col: usize,
    pub rows: usize,
    pub cols: usize,
    pub text: String,
}

/// The merged cells of a table's header: an empty cell continues the label above it when
/// that label spans one column (a vertical merge), otherwise the label to its left in the
/// same row (a horizontal merge).
pub fn header_cells(header: &[Vec<String>]) -> Vec<HeaderCell> {
    let mut cells: Vec<HeaderCell> = Vec::new();
    let width = header.iter().map(Vec::len).max().unwrap_or(0);
    let mut owner: Vec<Vec<Option<usize>>> = vec![vec![None; width]; header.len()];
    for (r, row) in header.iter().enumerate() {
        for c in 0..width {
            let text = row.get(c).map(String::as_str).unwrap_or("");
            if !text.is_empty() {
                cells.push(HeaderCell {
                    row: r,
                    col: c,
                    rows: 1,
                    cols: 1,
                    text: text.to_string(),
                });
                owner[r][c] = Some(cells.len() - 1);
                continue;
            }
            let above = if r > 0 { owner[r - 1][c] } else { None };
            let left = if c > 0 { owner[r][c - 1] } else { None };
            if let Some(a) = above.filter(|a| cells[*a].cols == 1 && cells[*a].col == c) {
                cells[a].rows += 1;
                owner[r][c] = Some(a);
            } else if let Some(l) = left.filter(|l| cells[*l].row == r) {
                cells[l].cols += 1;
                owner[r][c] = Some(l);
            } else {
                cells.push(HeaderCell {
                    row: r,
                    col: c,
                    rows: 1,
                    cols: 1,
                    text: String::new(),
                });
                owner[r][c] = Some(cells.len() - 1);
            }
        }
    }
    cells
}

/// A table's title, or another of its texts, with its fields filled in: {year},
/// {prior_year}, {region}, {department}, {name}.
pub fn fill(pattern: &str, b: &Budget, name: &str) -> String {
    if !pattern.contains('{') {
        return pattern.to_string();
    }
    let d = &b.department;
    pattern
        .replace("{year}", &d.year.to_string())
        .replace("{prior_year}", &(d.year - 1).to_string())
        .replace("{region}", &d.region)
        .replace("{department}", &d.name)
        .replace("{name}", name)
}

/// 机关运行经费: 日常公用经费 of the basic general-budget spending of 行政 and 参公 units.
pub fn office_running_cost(b: &Budget) -> Money {
    office_running_of(&Sums::of(b))
}

/// [`office_running_cost`], from the lines' sums.
pub fn office_running_of(sums: &Sums) -> Money {
    sums.sum(|g| {
        !g.is_project()
            && g.fund().fiscal_kind() == Some(FiscalKind::General)
            && g.cost() == CostClass::Public
            && g.unit_kind().is_some_and(|k| k != UnitKind::Institution)
    })
}
