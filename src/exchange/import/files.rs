//! Reading the sheets of an import file as rows of text cells: an .xlsx sheet by sheet,
//! each known by its name or else by its header; a .csv as the one sheet its header says.
//!
//! Everything is read within the limits of `textfile::limits`: a file's kind and size
//! are checked before it is opened, a workbook's parts before they are unzipped, a
//! sheet's cells one at a time (its declared dimension is never trusted to allocate), a
//! CSV row by row.

use super::{Rows, RowsBuilder, SheetRows};
use crate::engine::base::{system, text};
use crate::exchange::textfile::{self, limits};
use crate::exchange::workbook::WorkbookSheet;
use std::io::Read;
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
    let named = |e: String| format!("{}：{e}", path.display());
    match ext.as_str() {
        "xlsx" | "xlsm" => {
            let bytes = textfile::read_outside(path, limits::WORKBOOK_BYTES, "导入的工作簿")?;
            xlsx_sheets(&bytes).map_err(named)
        }
        "csv" | "txt" => {
            let (file, _) = textfile::open_outside(path, limits::CSV_BYTES, "导入的 CSV 文件")?;
            csv_sheets_from(std::io::BufReader::with_capacity(1 << 16, file)).map_err(named)
        }
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
    csv_sheets_from(bytes)
}

/// The one sheet of a CSV read row by row: comma-separated, or tab-separated as Excel
/// saves “文本文件（制表符分隔）”; UTF-8 (with or without BOM) or GBK, as the start of the
/// file says. A cell that is not in that encoding is named by its row and column, and
/// nothing is read.
pub fn csv_sheets_from<R: Read>(mut input: R) -> Result<Vec<SheetRows>, String> {
    // The first 64 KB decide the encoding and the delimiter; then all is read as a stream.
    let mut head = Vec::with_capacity(1 << 16);
    (&mut input)
        .take(1 << 16)
        .read_to_end(&mut head)
        .map_err(|e| format!("无法读取：{}", system::io_reason(&e)))?;
    let encoding = text::sniff(&head);
    let first = head
        .split(|b| *b == b'\n')
        .find(|l| l.iter().any(|b| !b.is_ascii_whitespace()))
        .unwrap_or(&[]);
    let tabs = first.contains(&b'\t') && !first.contains(&b',');
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(if tabs { b'\t' } else { b',' })
        .from_reader(std::io::Cursor::new(head).chain(input));
    let mut rows = Rows::default();
    let mut rec = csv::ByteRecord::new();
    let mut line = 0usize;
    loop {
        line += 1;
        match r.read_byte_record(&mut rec) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                return Err(match e.kind() {
                    csv::ErrorKind::Io(e) => {
                        format!("第 {line} 行无法读取：{}", system::io_reason(e))
                    }
                    _ => format!("CSV 第 {line} 行无法读取（引号不成对？）"),
                });
            }
        }
        let mut row = Vec::with_capacity(rec.len());
        for (c, field) in rec.iter().enumerate() {
            let field = if line == 1 && c == 0 {
                field.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(field)
            } else {
                field
            };
            let Some(text) = text::decode_in(field, encoding) else {
                return Err(format!(
                    "CSV 第 {line} 行第 {} 列（{}列）的内容不是 {} 编码，而文件其余部分是：同一文件中混有两种编码，请在 Excel 或 WPS 中打开后另存为 CSV（UTF-8）再导入",
                    c + 1,
                    column_letters(c as u32),
                    encoding.name()
                ));
            };
            row.push(text);
        }
        rows.push(row)
            .map_err(|e| format!("CSV 读到第 {line} 行时，{e}"))?;
    }
    let kind = WorkbookSheet::of_header(&rows).unwrap_or(WorkbookSheet::Lines);
    let (rows, notes) = as_roster(kind, rows);
    Ok(vec![SheetRows {
        kind,
        name: kind.name(),
        rows,
        skipped: None,
        notes,
        problems: Vec::new(),
    }])
}

/// A roster sheet with a payroll's columns (and without any identity number), and what
/// was done to it.
fn as_roster(kind: WorkbookSheet, rows: Rows) -> (Rows, Vec<String>) {
    if kind != WorkbookSheet::Persons {
        return (rows, Vec::new());
    }
    match super::payroll::normalize(&rows) {
        Some((rows, notes)) => (rows, notes),
        None => (rows, Vec::new()),
    }
}

fn cell_text(d: &calamine::DataRef<'_>) -> String {
    use calamine::DataRef;
    match d {
        DataRef::Empty => String::new(),
        DataRef::String(s) => s.trim().to_string(),
        DataRef::SharedString(s) => s.trim().to_string(),
        DataRef::Float(f) => float_text(*f),
        DataRef::Int(i) => i.to_string(),
        DataRef::Bool(b) => if *b { "是" } else { "否" }.to_string(),
        // A date is read as a date, so that an amount cell holding one is refused.
        DataRef::DateTime(d) if d.is_datetime() => excel_date(d.as_f64()),
        DataRef::DateTime(d) => float_text(d.as_f64()),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.trim().to_string(),
        DataRef::Error(e) => format!("#{e:?}"),
    }
}

/// An Excel date serial (days since 1899-12-30) as `2026-01-01`.
fn excel_date(serial: f64) -> String {
    crate::engine::base::clock::civil_date(serial.floor() as i64 - 25_569)
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

/// Why bytes that are not a zip are not a workbook yusuan reads: an encrypted workbook
/// and an old .xls (renamed .xlsx) are both OLE files; the names of their streams say
/// which.
fn not_a_workbook(bytes: &[u8]) -> String {
    let ole = bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    let utf16 = |s: &str| -> Vec<u8> { s.encode_utf16().flat_map(u16::to_le_bytes).collect() };
    let holds = |s: &str| {
        let needle = utf16(s);
        bytes.windows(needle.len()).any(|w| w == needle.as_slice())
    };
    if ole && (holds("EncryptedPackage") || holds("EncryptionInfo")) {
        "工作簿设有打开密码（已加密）：请在 Excel 或 WPS 中打开，去掉密码后另存为 .xlsx 再导入"
            .into()
    } else if ole {
        "这是旧版 Excel 格式（.xls），只是扩展名为 .xlsx：请在 Excel 或 WPS 中“另存为” .xlsx 工作簿后再导入".into()
    } else {
        "不是可读取的 Excel 工作簿（.xlsx）".into()
    }
}

/// Checks a workbook's parts before anything is unzipped: their sizes, as the archive
/// declares them (the reader refuses a part that grows past its declared size), are
/// within [`limits::WORKBOOK_PARTS`].
fn parts_within_limit(bytes: &[u8]) -> Result<(), String> {
    let mut zip =
        zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|_| not_a_workbook(bytes))?;
    let mut total = 0u64;
    for i in 0..zip.len() {
        let part = zip.by_index_raw(i).map_err(|_| not_a_workbook(bytes))?;
        total = total.saturating_add(part.size());
    }
    if total > limits::WORKBOOK_PARTS {
        return Err(format!(
            "工作簿解压后有 {}，超过上限 {}（文件可能已损坏，或是故意构造的压缩炸弹）",
            system::megabytes(total),
            system::megabytes(limits::WORKBOOK_PARTS)
        ));
    }
    Ok(())
}

/// The sheets of an .xlsx workbook, each read cell by cell.
pub fn xlsx_sheets(bytes: &[u8]) -> Result<Vec<SheetRows>, String> {
    use calamine::Reader;
    parts_within_limit(bytes)?;
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes))
        .map_err(|_| not_a_workbook(bytes))?;
    let sheets: Vec<(String, bool)> = wb
        .sheets_metadata()
        .iter()
        .map(|s| (s.name.clone(), s.visible != calamine::SheetVisible::Visible))
        .collect();
    let mut out: Vec<SheetRows> = Vec::new();
    // Which kinds sheets name: a sheet known only by its header does not add to them.
    let named: Vec<WorkbookSheet> = sheets
        .iter()
        .filter_map(|(n, _)| WorkbookSheet::of_name(n))
        .collect();
    for (name, hidden) in &sheets {
        if name.trim() == "说明" {
            continue;
        }
        let read = read_sheet(&mut wb, name)?;
        let rows = read.rows;
        let (formula_notes, formula_problems) = formula_findings(name, &read.formulas);
        // By its name; else by its header; a workbook of one sheet is lines.
        let by_name = WorkbookSheet::of_name(name);
        let Some(kind) = by_name
            .or_else(|| WorkbookSheet::of_header(&rows))
            .or_else(|| (sheets.len() == 1).then_some(WorkbookSheet::Lines))
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
        let (rows, mut notes) = as_roster(kind, rows);
        notes.extend(formula_notes);
        out.push(SheetRows {
            kind,
            name: name.trim().to_string(),
            rows,
            skipped,
            notes,
            problems: formula_problems,
        });
    }
    Ok(out)
}

/// A sheet as read: its rows (row `i` is the row `i + 1` Excel shows, blank rows kept)
/// and its formula cells (address, formula, whether a value was saved with it: a
/// problem when not, or when the value is an error).
struct ReadSheet {
    rows: Rows,
    formulas: Vec<(u32, String, String, Option<String>)>,
}

/// Reads a sheet one cell at a time. A cell with content past
/// [`limits::SHEET_COLUMNS`] is refused by its address (a stray value at XFD1048576 would
/// otherwise make a sheet of 17 billion cells).
fn read_sheet<RS: std::io::Read + std::io::Seek>(
    wb: &mut calamine::Xlsx<RS>,
    name: &str,
) -> Result<ReadSheet, String> {
    use calamine::DataRef;
    let unreadable = |_| format!("工作表“{name}”无法读取");
    let mut cells = wb.worksheet_cells_reader(name).map_err(unreadable)?;
    let mut rows = RowsBuilder::default();
    let mut formulas = Vec::new();
    while let Some(cell) = cells.next_cell_with_formula().map_err(unreadable)? {
        let (r, c) = cell.pos;
        let formula = cell.formula.filter(|f| !f.trim().is_empty());
        if cell.value == DataRef::Empty && formula.is_none() {
            continue;
        }
        let at = format!("{}{}", column_letters(c), r + 1);
        if c >= limits::SHEET_COLUMNS {
            return Err(format!(
                "工作表“{name}”的单元格 {at} 有内容，超出可导入的范围（最多 {} 列，即 {} 列以内）：请删除多余的内容后再导入",
                limits::SHEET_COLUMNS,
                column_letters(limits::SHEET_COLUMNS - 1)
            ));
        }
        let text = cell_text(&cell.value);
        if let Some(f) = formula {
            let problem = match &cell.value {
                DataRef::Empty => Some("没有保存计算结果".to_string()),
                DataRef::String(s) if s.is_empty() => Some("没有保存计算结果".to_string()),
                DataRef::Error(e) => Some(format!("的结果是错误值 {e}")),
                _ => None,
            };
            formulas.push((r, at.clone(), f, problem));
        }
        rows.put(r as usize, c as usize, text)
            .map_err(|e| format!("工作表“{name}”读到单元格 {at} 时，{e}"))?;
    }
    let rows = rows.finish().map_err(|e| format!("工作表“{name}”：{e}"))?;
    Ok(ReadSheet { rows, formulas })
}

/// The formula cells of a sheet. Each is read by the value Excel or WPS computed and
/// saved with it, and the preview says so; one saved without its value (written by a
/// program, never recalculated) or whose value is an error is a problem, since what the
/// import would read is not what the officer sees.
fn formula_findings(
    name: &str,
    formulas: &[(u32, String, String, Option<String>)],
) -> (Vec<String>, Vec<(usize, String, String)>) {
    let problems = formulas
        .iter()
        .filter_map(|(row, at, f, problem)| {
            let what = problem.as_ref()?;
            let formula: String = f.chars().take(40).collect();
            Some((
                *row as usize + 1,
                String::new(),
                format!(
                    "单元格 {at} 的公式“={formula}”{what}：请在 Excel 或 WPS 中打开此文件，确认计算无误并保存后再导入"
                ),
            ))
        })
        .collect();
    let cells: Vec<&str> = formulas.iter().map(|(_, at, _, _)| at.as_str()).collect();
    let notes = match cells.len() {
        0 => Vec::new(),
        n => vec![format!(
            "工作表“{}”有 {n} 个公式单元格（{}{}），按 Excel 或 WPS 保存时算出的值导入，公式本身不导入",
            name.trim(),
            cells.iter().take(3).copied().collect::<Vec<_>>().join("、"),
            if n > 3 { " 等" } else { "" }
        )],
    };
    (notes, problems)
}

/// `A`, `Z`, `AA`: the letters Excel names the 0-based column `c` by.
fn column_letters(c: u32) -> String {
    crate::exchange::sheet::column_letters(c as usize)
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
