//! Reading the sheets of an import file as rows of text cells: an .xlsx sheet by sheet,
//! each known by its name or else by its header; a .csv as the one sheet its header says.

use super::{Rows, SheetRows};
use crate::workbook::Sheet;
use std::path::Path;

/// Reads the sheets of a file, each with the sheet of records it is; a workbook's 说明
/// and sheets that hold no records are left out, and hidden sheets and second sheets of a
/// kind are kept only to say why they are not imported. Row `i` of a sheet is the row
/// `i + 1` that Excel shows (or the line of a CSV file); blank rows are kept.
pub fn read_sheets(path: &Path) -> Result<Vec<SheetRows>, String> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let bytes = std::fs::read(path).map_err(|e| {
        format!(
            "无法读取 {}：{}",
            path.display(),
            crate::textfile::io_reason(&e)
        )
    })?;
    match ext.as_str() {
        "xlsx" | "xlsm" => xlsx_sheets(&bytes),
        "csv" | "txt" => csv_sheets(&bytes),
        "xls" | "et" => Err(format!(
            "{} 是旧版 Excel 格式：请在 Excel 或 WPS 中“另存为” .xlsx 工作簿后再导入",
            path.display()
        )),
        _ => Err(format!(
            "只能导入 .xlsx 或 .csv 文件，而不是 {}",
            path.display()
        )),
    }
}

/// The one sheet of a CSV file, of the kind its header says (else lines).
pub fn csv_sheets(bytes: &[u8]) -> Result<Vec<SheetRows>, String> {
    let text = crate::textfile::decode(bytes);
    let rows = csv_rows(&text)?;
    let kind = Sheet::of_header(&rows).unwrap_or(Sheet::Lines);
    Ok(vec![SheetRows {
        kind,
        name: kind.name(),
        rows,
        skipped: None,
        notes: Vec::new(),
        problems: Vec::new(),
    }])
}

/// The rows of a CSV file: comma-separated, or tab-separated as Excel saves
/// “文本文件（制表符分隔）” and “Unicode 文本”.
fn csv_rows(text: &str) -> Result<Rows, String> {
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let tabs = first.contains('\t') && !first.contains(',');
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(if tabs { b'\t' } else { b',' })
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
        // A date is read as a date, so that an amount cell holding one is refused.
        Data::DateTime(d) if d.is_datetime() => excel_date(d.as_f64()),
        other => other.to_string(),
    }
}

/// An Excel date serial (days since 1899-12-30) as `2026-01-01`.
fn excel_date(serial: f64) -> String {
    crate::textfile::civil_date(serial.floor() as i64 - 25_569)
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

/// The sheets of an .xlsx workbook.
pub fn xlsx_sheets(bytes: &[u8]) -> Result<Vec<SheetRows>, String> {
    use calamine::Reader;
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes))
        .map_err(|_| "不是可读取的 Excel 工作簿（.xlsx）".to_string())?;
    let sheets: Vec<(String, bool)> = wb
        .sheets_metadata()
        .iter()
        .map(|s| (s.name.clone(), s.visible != calamine::SheetVisible::Visible))
        .collect();
    let mut out: Vec<SheetRows> = Vec::new();
    // Which kinds sheets name: a sheet known only by its header does not add to them.
    let named: Vec<Sheet> = sheets
        .iter()
        .filter_map(|(n, _)| Sheet::of_name(n))
        .collect();
    for (name, hidden) in &sheets {
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
        let (formula_notes, formula_problems) = formula_cells(&mut wb, name, &range);
        // By its name; else by its header; a workbook of one sheet is lines.
        let by_name = Sheet::of_name(name);
        let Some(kind) = by_name
            .or_else(|| Sheet::of_header(&rows))
            .or_else(|| (sheets.len() == 1).then_some(Sheet::Lines))
        else {
            continue;
        };
        let skipped = if *hidden {
            Some(format!("工作表“{name}”是隐藏的，未导入"))
        } else if by_name.is_none()
            && (named.contains(&kind) || out.iter().any(|s| s.kind == kind && s.skipped.is_none()))
        {
            Some(format!(
                "工作表“{name}”未导入：它也是{}，而本文件已有一张{}工作表（需要的行请并入那一张）",
                kind.name(),
                kind.name()
            ))
        } else {
            None
        };
        out.push(SheetRows {
            kind,
            name: name.trim().to_string(),
            rows,
            skipped,
            notes: formula_notes,
            problems: formula_problems,
        });
    }
    Ok(out)
}

/// The formula cells of a sheet. Each is read by the value Excel or WPS computed and
/// saved with it, and the preview says so; one saved without its value (written by a
/// program, never recalculated) or whose value is an error is a problem, since what the
/// import would read is not what the officer sees.
fn formula_cells<R: std::io::Read + std::io::Seek>(
    wb: &mut calamine::Xlsx<R>,
    name: &str,
    values: &calamine::Range<calamine::Data>,
) -> (Vec<String>, Vec<(usize, String, String)>) {
    use calamine::{Data, Reader};
    let Ok(formulas) = wb.worksheet_formula(name) else {
        return (Vec::new(), Vec::new());
    };
    let Some((r0, c0)) = formulas.start() else {
        return (Vec::new(), Vec::new());
    };
    let mut cells = Vec::new();
    let mut problems = Vec::new();
    for (r, c, f) in formulas.used_cells() {
        if f.trim().is_empty() {
            continue;
        }
        let (row, col) = (r0 + r as u32, c0 + c as u32);
        let at = format!("{}{}", column_letters(col), row + 1);
        cells.push(at.clone());
        let problem = match values.get_value((row, col)) {
            None | Some(Data::Empty) => Some("没有保存计算结果".to_string()),
            Some(Data::String(s)) if s.is_empty() => Some("没有保存计算结果".to_string()),
            Some(Data::Error(e)) => Some(format!("的结果是错误值 {e}")),
            _ => None,
        };
        if let Some(what) = problem {
            let formula: String = f.chars().take(40).collect();
            problems.push((
                row as usize + 1,
                String::new(),
                format!(
                    "单元格 {at} 的公式“={formula}”{what}：请在 Excel 或 WPS 中打开此文件，确认计算无误并保存后再导入"
                ),
            ));
        }
    }
    let notes = match cells.len() {
        0 => Vec::new(),
        n => vec![format!(
            "工作表“{}”有 {n} 个公式单元格（{}{}），按 Excel 或 WPS 保存时算出的值导入，公式本身不导入",
            name.trim(),
            cells.iter().take(3).cloned().collect::<Vec<_>>().join("、"),
            if n > 3 { " 等" } else { "" }
        )],
    };
    (notes, problems)
}

/// `A`, `Z`, `AA`: the letters Excel names the 0-based column `c` by.
fn column_letters(c: u32) -> String {
    let mut n = c + 1;
    let mut out = Vec::new();
    while n > 0 {
        let d = (n - 1) % 26;
        out.push(char::from(b'A' + d as u8));
        n = (n - 1) / 26;
    }
    out.iter().rev().collect()
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

    #[test]
    fn columns_are_named_as_excel_names_them() {
        use super::column_letters;
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        // 26 + 26 × 26 = 702 columns A..ZZ; the next is AAA.
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
    }

    #[test]
    fn dates_read_as_dates() {
        // 46023 is 2026-01-01 in Excel; 25569 is 1970-01-01.
        assert_eq!(super::excel_date(46023.0), "2026-01-01");
        assert_eq!(super::excel_date(25569.0), "1970-01-01");
        assert_eq!(super::excel_date(45351.5), "2024-02-29");
    }
}
