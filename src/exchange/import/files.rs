//! Reading the sheets of an import file as rows of text cells: an .xlsx sheet by sheet,
//! each known by its name or else by its header; a .csv as the one sheet its header says.

use super::{Rows, SheetRows};
use crate::workbook::Sheet;
use std::path::Path;

/// Reads the sheets of a file, each with the sheet of records it is; a workbook's 说明
/// and sheets that hold no records are left out. Row `i` of a sheet is the row `i + 1`
/// that Excel shows (or the line of a CSV file); blank rows are kept, and the first row
/// that is not blank is the header.
pub fn read_sheets(path: &Path) -> Result<Vec<SheetRows>, String> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let bytes = std::fs::read(path).map_err(|e| format!("无法读取 {}：{e}", path.display()))?;
    match ext.as_str() {
        "xlsx" | "xlsm" => xlsx_sheets(&bytes),
        "csv" | "txt" => {
            let text = crate::textfile::decode(&bytes);
            let rows = csv_rows(&text)?;
            let kind = Sheet::of_header(&rows).unwrap_or(Sheet::Lines);
            Ok(vec![SheetRows {
                kind,
                name: kind.name(),
                rows,
            }])
        }
        _ => Err(format!(
            "只能导入 .xlsx 或 .csv 文件，而不是 {}",
            path.display()
        )),
    }
}

fn csv_rows(text: &str) -> Result<Rows, String> {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for (i, rec) in r.records().enumerate() {
        let rec = rec.map_err(|_| format!("CSV 第 {} 行无法读取（引号不成对？）", i + 1))?;
        rows.push(rec.iter().map(|s| s.trim().to_string()).collect());
    }
    Ok(rows)
}

fn cell_text(d: &calamine::Data) -> String {
    use calamine::Data;
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_string(),
        Data::Float(f) => float_text(*f),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => if *b { "是" } else { "否" }.to_string(),
        other => other.to_string(),
    }
}

/// A number from a workbook as text, never rounded to fit: `620000`, `30000.5`. A value
/// computed in Excel may carry binary noise (`0.30000000000000004`); it is read as Excel
/// shows it (15 significant digits) when that is exact to the fen, otherwise as it is, so
/// that the amount parser refuses it rather than the import rounding it silently.
fn float_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        return format!("{}", f as i64);
    }
    let places = |s: &str| s.split('.').nth(1).map_or(0, str::len);
    let exact = format!("{f}");
    if places(&exact) <= 2 {
        return exact;
    }
    let int_digits = (f.abs().log10().floor() as i64 + 1).max(1) as usize;
    let shown = format!("{:.*}", 15usize.saturating_sub(int_digits), f);
    let shown = shown
        .trim_end_matches('0')
        .trim_end_matches('.')
        .to_string();
    if places(&shown) <= 2 { shown } else { exact }
}

fn xlsx_sheets(bytes: &[u8]) -> Result<Vec<SheetRows>, String> {
    use calamine::Reader;
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes))
        .map_err(|_| "不是可读取的 Excel 工作簿（.xlsx）".to_string())?;
    let names = wb.sheet_names();
    let mut out = Vec::new();
    for name in &names {
        let range = wb
            .worksheet_range(name)
            .map_err(|_| format!("工作表“{name}”无法读取"))?;
        // Row i is the sheet's row i + 1, blank rows kept, so that problems name the row
        // Excel shows.
        let above = range.start().map_or(0, |(r, _)| r as usize);
        let mut rows: Rows = vec![Vec::new(); above];
        rows.extend(
            range
                .rows()
                .map(|r| r.iter().map(cell_text).collect::<Vec<_>>()),
        );
        if name.trim() == "说明" {
            continue;
        }
        // By its name; else by its header; a workbook of one sheet is lines.
        let kind = Sheet::of_name(name)
            .or_else(|| Sheet::of_header(&rows))
            .or_else(|| (names.len() == 1).then_some(Sheet::Lines));
        if let Some(kind) = kind {
            out.push(SheetRows {
                kind,
                name: name.trim().to_string(),
                rows,
            });
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::float_text;

    #[test]
    fn numbers_read_as_excel_shows_them() {
        assert_eq!(float_text(620000.0), "620000");
        assert_eq!(float_text(30000.5), "30000.5");
        assert_eq!(float_text(0.1 + 0.2), "0.3");
        assert_eq!(float_text(12.345), "12.345");
        assert_eq!(float_text(9_999_999_999.99), "9999999999.99");
    }
}
