//! Rows of cells (a sheet of a workbook, a CSV file, a pasted block) read into records
//! of a kind, through its declaration: a header names each column's field by its label
//! or another name (Chinese variants, 一体化 field names); each cell is read by its
//! field; every problem is named by its column.

use crate::engine::model::Budget;
use crate::engine::records::{Field, FieldType, Kind, Value};

/// The field of each column of a header row (`None`: a column no field takes).
pub fn header_fields<R: Kind>(header: &[impl AsRef<str>]) -> Vec<Option<&'static Field<R>>> {
    header
        .iter()
        .map(|h| R::fields().iter().find(|f| f.is_named(h.as_ref())))
        .collect()
}

/// Two columns of a header that name one field (`金额` and `amount`, or `金额` twice):
/// which of them would be read is a guess, so it is a problem that names both, by their
/// letters and headers.
pub fn duplicate_columns<R: Kind>(
    header: &[impl AsRef<str>],
    cols: &[Option<&'static Field<R>>],
) -> Option<String> {
    for (i, f) in cols.iter().enumerate() {
        let Some(f) = f else { continue };
        if let Some(j) = cols[i + 1..]
            .iter()
            .position(|g| g.is_some_and(|g| std::ptr::eq(g, *f)))
            .map(|k| i + 1 + k)
        {
            let name = |c: usize| {
                format!(
                    "第 {} 列“{}”",
                    column_letters(c),
                    header.get(c).map(|h| h.as_ref().trim()).unwrap_or("")
                )
            };
            return Some(format!(
                "表头中{}和{}都是“{}”：请删去其中一列（不知道应导入哪一列）",
                name(i),
                name(j),
                f.label
            ));
        }
    }
    None
}

/// `A`, `Z`, `AA`: the letters Excel names the 0-based column `c` by.
pub fn column_letters(c: usize) -> String {
    let mut n = c + 1;
    let mut out = Vec::new();
    while n > 0 {
        let d = (n - 1) % 26;
        out.push(char::from(b'A' + d as u8));
        n = (n - 1) / 26;
    }
    out.iter().rev().collect()
}

/// Whether a row is a header for records of kind `R`: it names two fields or more.
pub fn is_header<R: Kind>(row: &[impl AsRef<str>]) -> bool {
    header_fields::<R>(row).iter().flatten().count() >= 2
}

/// The columns when a block has no header: the grid's fields, in order.
pub fn positional<R: Kind>(width: usize) -> Vec<Option<&'static Field<R>>> {
    let fields = R::grid_fields();
    (0..width).map(|i| fields.get(i).copied()).collect()
}

/// The required fields a header leaves out.
pub fn missing_columns<R: Kind>(cols: &[Option<&'static Field<R>>]) -> Vec<&'static str> {
    R::fields()
        .iter()
        .filter(|f| f.required && !cols.iter().flatten().any(|c| std::ptr::eq(*c, *f)))
        .map(|f| f.label)
        .collect()
}

fn is_empty(v: &Value, ty: FieldType) -> bool {
    match v {
        Value::Null => true,
        Value::Text(s) => s.trim().is_empty(),
        Value::Int(i) => *i == 0 && matches!(ty, FieldType::Unit | FieldType::Project),
    }
}

/// A problem of one cell: its column's label and what is wrong.
pub type CellProblem = (&'static str, String);

/// Reads a row into a record that starts as `start`: each cell that is not blank is read
/// by its column's field; a blank leaves the start's value. A required field must be
/// given for a new record (`is_new`), and must not end up empty for any.
pub fn read_row<R: Kind>(
    row: &[impl AsRef<str>],
    cols: &[Option<&'static Field<R>>],
    mut start: R,
    is_new: bool,
    b: &Budget,
) -> Result<R, Vec<CellProblem>> {
    let mut problems = Vec::new();
    let mut given = vec![false; R::fields().len()];
    for (cell, field) in row.iter().zip(cols) {
        let cell = cell.as_ref();
        let Some(f) = field else { continue };
        if cell.trim().is_empty() {
            continue;
        }
        if let Some(k) = R::fields().iter().position(|x| std::ptr::eq(x, *f)) {
            given[k] = true;
        }
        if let Err(e) = f.read_text(&mut start, cell, b) {
            problems.push((f.label, e));
        }
    }
    for (k, f) in R::fields().iter().enumerate() {
        if !f.required || given[k] {
            continue;
        }
        if is_new || is_empty(&(f.get)(&start), f.ty) {
            problems.push((f.label, "不能为空".to_string()));
        }
    }
    if problems.is_empty() {
        Ok(start)
    } else {
        Err(problems)
    }
}

/// A cell of a written sheet: text, an amount, or a whole number (a workbook keeps the
/// last two as numbers, so that Excel can add them).
#[derive(Clone, Debug, PartialEq)]
pub enum WorkbookCell {
    Text(String),
    Money(crate::engine::money::Money),
    Int(i64),
}

impl WorkbookCell {
    /// The cell as text (CSV, a check in a test).
    pub fn text(&self) -> String {
        match self {
            WorkbookCell::Text(s) => s.clone(),
            WorkbookCell::Money(m) => m.plain(),
            WorkbookCell::Int(i) => i.to_string(),
        }
    }
}

/// A record's fields as a row of a sheet (the template's and the data export's columns):
/// codes alone, units by code, projects by name, amounts and counts as numbers.
pub fn write_row<R: Kind>(r: &R, b: &Budget) -> Vec<WorkbookCell> {
    R::fields()
        .iter()
        .filter(|f| !matches!(f.ty, FieldType::Id | FieldType::Order))
        .map(|f| match (f.ty, (f.get)(r)) {
            (FieldType::Money, v) => {
                WorkbookCell::Money(crate::engine::money::Money::from_fen(v.int()))
            }
            (FieldType::Count | FieldType::Year, Value::Int(i)) => WorkbookCell::Int(i),
            _ => WorkbookCell::Text(f.written(r, b)),
        })
        .collect()
}

/// The headers of a kind's sheet, in the order of [`write_row`].
pub fn headers<R: Kind>() -> Vec<&'static str> {
    R::fields()
        .iter()
        .filter(|f| !matches!(f.ty, FieldType::Id | FieldType::Order))
        .map(|f| f.label)
        .collect()
}
