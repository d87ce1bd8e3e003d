//! Tables as CSV: UTF-8, a header line with the column names as printed, then the rows in
//! print order; amounts as plain decimals with two places, blank cells empty, percentages
//! as printed; an empty table's note as a last line `备注：…`. A text that Excel or WPS
//! would run as a formula (`=HYPERLINK(…)` in a project's name) is written with a leading
//! `'`, which they show as the text itself.

use crate::engine::tables::{Cell, Table};
use std::path::Path;

pub fn to_csv(t: &Table) -> String {
    let mut w = ::csv::WriterBuilder::new()
        .flexible(true)
        .terminator(::csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    let width = t.width();
    let pad = |mut v: Vec<String>| {
        v.resize(width, String::new());
        v
    };
    // Writing into a Vec cannot fail.
    if !t.columns.is_empty() {
        w.write_record(pad(t.columns.clone()))
            .expect("write to memory");
    }
    for r in &t.rows {
        w.write_record(pad(r.cells.iter().map(csv_cell).collect()))
            .expect("write to memory");
    }
    if let Some(note) = t.note_line() {
        w.write_record(pad(vec![note])).expect("write to memory");
    }
    String::from_utf8(w.into_inner().expect("flush to memory")).expect("cells are UTF-8")
}

/// A cell for a spreadsheet to open: figures as they are, a text that would start a
/// formula (`=`, `+`, `-`, `@`, a tab or a carriage return first) behind a `'`.
fn csv_cell(c: &Cell) -> String {
    match c {
        Cell::Text(s) => inert(s),
        other => other.plain(),
    }
}

/// A text for a CSV cell that a spreadsheet shows and never runs: behind a `'` when it
/// would start a formula.
pub fn inert(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

/// File name of table `n`: `table01.csv` … `table17.csv`.
pub fn file_name(n: u8) -> String {
    format!("table{n:02}.csv")
}

/// Writes all tables into `dir` (created if missing).
pub fn write_all(tables: &[Table], dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    for t in tables {
        std::fs::write(dir.join(file_name(t.number)), to_csv(t))?;
    }
    // A table file of an earlier layout with more tables would read as one of this one.
    for n in tables.len() + 1..=99 {
        let stale = dir.join(file_name(n as u8));
        if stale.is_file() {
            std::fs::remove_file(stale)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::tables::{Row, RowKind};

    #[test]
    fn a_text_that_would_be_a_formula_stays_text() {
        let cell = |s: &str| Cell::text(s);
        assert_eq!(
            csv_cell(&cell("=HYPERLINK(\"http://x\",\"点\")")),
            "'=HYPERLINK(\"http://x\",\"点\")"
        );
        assert_eq!(csv_cell(&cell("@SUM(A1)")), "'@SUM(A1)");
        assert_eq!(csv_cell(&cell("+1")), "'+1");
        assert_eq!(csv_cell(&cell("信访业务")), "信访业务");
        // Figures are not names: a negative change prints as it is.
        assert_eq!(
            csv_cell(&Cell::Percent(rust_decimal::Decimal::from(-13))),
            "-13%"
        );
        let t = Table {
            number: 1,
            title: String::new(),
            subtitle: None,
            org_label: String::new(),
            unit_label: String::new(),
            header: vec![vec!["项目名称".into()]],
            columns: vec!["项目名称".into()],
            rows: vec![Row::new(RowKind::Detail, vec![cell("=1+1")])],
            note: None,
            note_prefix: String::new(),
            rounding: Vec::new(),
            code_columns: 0,
        };
        assert_eq!(to_csv(&t), "项目名称\n'=1+1\n");
    }
}
