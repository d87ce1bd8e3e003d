//! Tables as CSV: UTF-8, a header line with the column names as printed, then the rows in
//! print order; amounts as plain decimals with two places, blank cells empty, percentages
//! as printed; an empty table's note as a last line `备注：…`.

use super::Table;
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
        w.write_record(pad(r.cells.iter().map(|c| c.plain()).collect()))
            .expect("write to memory");
    }
    if let Some(note) = t.note_line() {
        w.write_record(pad(vec![note])).expect("write to memory");
    }
    String::from_utf8(w.into_inner().expect("flush to memory")).expect("cells are UTF-8")
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
