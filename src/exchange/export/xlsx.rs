//! The published workbook: a 目录 sheet and one sheet per table (表一 … 表十七), laid out
//! like the published xlsx: title, subtitle, 部门全称 and 单位, merged multi-level
//! headers, amounts as numbers with `#,##0.00`, column widths, A4 print setup with the
//! header rows repeated on every page. Nothing is a formula: every cell holds its value.

use crate::engine::model::Budget;
use crate::engine::tables::{self, Cell, RowKind, Table, header_cells};
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};
use std::path::Path;

/// The writer's failure in words a user reads (its own text is English).
fn err(e: XlsxError) -> String {
    match e {
        XlsxError::IoError(e) => format!("无法写入 Excel 文件：{}", crate::engine::base::system::io_reason(&e)),
        XlsxError::SheetnameLengthExceeded(_)
        | XlsxError::SheetnameCannotBeBlank(_)
        | XlsxError::SheetnameContainsInvalidCharacter(_)
        | XlsxError::SheetnameStartsOrEndsWithApostrophe(_)
        | XlsxError::SheetnameReused(_) => "无法写入 Excel 文件：表样中有表名不能作为工作表名（过长、重复或含有 [ ] : * ? / \\ 等字符）".into(),
        XlsxError::MaxStringLengthExceeded => "无法写入 Excel 文件：有一格文字超过 Excel 允许的 32,767 个字符".into(),
        _ => "无法写入 Excel 文件（生成工作簿时出错）".into(),
    }
}

struct Formats {
    title: Format,
    subtitle: Format,
    plain: Format,
    head: Format,
    text: Format,
    text_bold: Format,
    money: Format,
    money_bold: Format,
    wan: Format,
    wan_bold: Format,
    center: Format,
}

fn formats() -> Formats {
    let base = Format::new().set_font_name("宋体").set_font_size(10);
    let cell = base
        .clone()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::VerticalCenter);
    Formats {
        title: base
            .clone()
            .set_font_size(16)
            .set_bold()
            .set_align(FormatAlign::Center),
        subtitle: base.clone().set_align(FormatAlign::Center),
        plain: base.clone(),
        head: cell
            .clone()
            .set_bold()
            .set_align(FormatAlign::Center)
            .set_text_wrap()
            .set_background_color("#E8E8E8"),
        text: cell.clone().set_text_wrap(),
        text_bold: cell.clone().set_bold().set_text_wrap(),
        money: cell.clone().set_num_format("#,##0.00"),
        money_bold: cell.clone().set_bold().set_num_format("#,##0.00"),
        wan: cell.clone().set_num_format("#,##0.00"),
        wan_bold: cell.clone().set_bold().set_num_format("#,##0.00"),
        center: cell.set_align(FormatAlign::Center),
    }
}

/// Writes the workbook for a budget (amounts in 元, or in 万元 with parts adding up).
pub fn write(b: &Budget, path: &Path, in_wan: bool, working: bool) -> Result<(), String> {
    super::write_atomically(path, &to_bytes(b, in_wan, working)?)
}

/// The workbook as bytes (`working`: the 测算表 after the tables).
pub fn to_bytes(b: &Budget, in_wan: bool, working: bool) -> Result<Vec<u8>, String> {
    let mut wb = workbook(b, in_wan)?;
    if working && let Some(t) = tables::working_table(b) {
        let ws = wb.add_worksheet();
        ws.set_name("测算表").map_err(err)?;
        sheet(ws, &t, &formats())?;
    }
    wb.save_to_buffer().map_err(err)
}

fn workbook(b: &Budget, in_wan: bool) -> Result<Workbook, String> {
    let f = formats();
    let draft = super::draft_mark(b);
    let red = Format::new()
        .set_bold()
        .set_font_color(rust_xlsxwriter::Color::RGB(0xC00000))
        .set_font_size(12);
    let mut wb = Workbook::new();
    // 目录
    let ws = wb.add_worksheet();
    ws.set_name("目录").map_err(err)?;
    ws.merge_range(0, 0, 0, 2, &tables::contents_heading(b), &f.title)
        .map_err(err)?;
    for (c, h) in ["编号", "工作表名", ""].iter().enumerate() {
        ws.write_string_with_format(2, c as u16, *h, &f.head)
            .map_err(err)?;
    }
    for (n, short, title) in tables::contents_of(b) {
        let r = 2 + n as u32;
        ws.write_number_with_format(r, 0, n as f64, &f.center)
            .map_err(err)?;
        ws.write_string_with_format(r, 1, &short, &f.text)
            .map_err(err)?;
        ws.write_string_with_format(r, 2, &title, &f.text)
            .map_err(err)?;
    }
    ws.set_column_width(0, 8).map_err(err)?;
    ws.set_column_width(1, 10).map_err(err)?;
    ws.set_column_width(2, 90).map_err(err)?;
    ws.set_paper_size(9);
    if let Some(mark) = &draft {
        mark_draft(ws, 3, mark, &red)?;
    }
    for t in tables::all_tables(b) {
        let t = if in_wan {
            tables::wan::in_wan(&t, &b.layout)
        } else {
            t
        };
        let ws = wb.add_worksheet();
        ws.set_name(tables::sheet_name(t.number)).map_err(err)?;
        sheet(ws, &t, &f)?;
        if let Some(mark) = &draft {
            mark_draft(ws, t.width().max(1) as u16 + 1, mark, &red)?;
        }
    }
    Ok(wb)
}

/// A draft's mark: in the first row, right of the table (on screen), and in the page
/// header (on paper).
fn mark_draft(ws: &mut Worksheet, col: u16, mark: &str, fmt: &Format) -> Result<(), String> {
    ws.write_string_with_format(0, col, mark, fmt)
        .map_err(err)?;
    ws.set_column_width(col, 26).map_err(err)?;
    ws.set_header(format!("&R&\"-,Bold\"{mark}"));
    Ok(())
}

fn sheet(ws: &mut Worksheet, t: &Table, f: &Formats) -> Result<(), String> {
    let width = t.width().max(1) as u16;
    let last = width - 1;
    let mut r: u32 = 0;
    let merge_or_write =
        |ws: &mut Worksheet, r: u32, text: &str, fmt: &Format| -> Result<(), String> {
            if last == 0 {
                ws.write_string_with_format(r, 0, text, fmt)
                    .map(|_| ())
                    .map_err(err)
            } else {
                ws.merge_range(r, 0, r, last, text, fmt)
                    .map(|_| ())
                    .map_err(err)
            }
        };
    merge_or_write(ws, r, &t.title, &f.title)?;
    ws.set_row_height(r, 28).map_err(err)?;
    r += 1;
    if let Some(s) = &t.subtitle {
        merge_or_write(ws, r, s, &f.subtitle)?;
        r += 1;
    }
    if !t.org_label.is_empty() {
        ws.write_string_with_format(r, 0, &t.org_label, &f.plain)
            .map_err(err)?;
    }
    ws.write_string_with_format(r, last, &t.unit_label, &f.plain)
        .map_err(err)?;
    r += 1;
    let header_top = r;
    for h in header_cells(&t.header) {
        let (r1, c1) = (header_top + h.row as u32, h.col as u16);
        let (r2, c2) = (r1 + h.rows as u32 - 1, c1 + h.cols as u16 - 1);
        if r1 == r2 && c1 == c2 {
            ws.write_string_with_format(r1, c1, &h.text, &f.head)
                .map_err(err)?;
        } else {
            ws.merge_range(r1, c1, r2, c2, &h.text, &f.head)
                .map_err(err)?;
        }
    }
    r += t.header.len() as u32;
    if !t.header.is_empty() {
        ws.set_repeat_rows(header_top, r - 1).map_err(err)?;
    }
    let mut widths = vec![8.0f64; width as usize];
    for row in &t.rows {
        let strong = row.kind == RowKind::Total
            || matches!(row.kind, RowKind::Level(0))
            || row.kind == RowKind::Heading;
        for (c, cell) in row.cells.iter().enumerate() {
            let c16 = c as u16;
            match cell {
                Cell::Money(m) if !m.is_zero() => {
                    let fmt = if strong { &f.money_bold } else { &f.money };
                    ws.write_number_with_format(r, c16, m.to_f64_for_chart(), fmt)
                        .map_err(err)?;
                }
                Cell::Wan(w) if !w.is_zero() => {
                    let fmt = if strong { &f.wan_bold } else { &f.wan };
                    let v: f64 = w.to_string().parse().unwrap_or(0.0);
                    ws.write_number_with_format(r, c16, v, fmt).map_err(err)?;
                }
                _ => {
                    let mut text = cell.display();
                    if c == t.name_column()
                        && let RowKind::Level(l) = row.kind
                    {
                        text = format!("{}{text}", "  ".repeat(l as usize));
                    }
                    let fmt = if strong { &f.text_bold } else { &f.text };
                    ws.write_string_with_format(r, c16, &text, fmt)
                        .map_err(err)?;
                }
            }
            let w = cell
                .display()
                .chars()
                .map(|ch| if ch.is_ascii() { 1.1 } else { 2.1 })
                .sum::<f64>()
                + 2.0;
            widths[c] = widths[c].max(w.min(if t.header.is_empty() { 60.0 } else { 44.0 }));
        }
        r += 1;
    }
    if let Some(note) = t.note_line() {
        r += 1;
        ws.write_string_with_format(r, 0, note, &f.plain)
            .map_err(err)?;
    }
    for line in &t.rounding {
        r += 1;
        ws.write_string_with_format(r, 0, line, &f.plain)
            .map_err(err)?;
    }
    for h in header_cells(&t.header).iter().filter(|h| h.cols == 1) {
        let w = h.text.chars().count() as f64 * 2.1 + 2.0;
        widths[h.col] = widths[h.col].max(w.min(18.0));
    }
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, *w).map_err(err)?;
    }
    ws.set_paper_size(9);
    if width > 6 {
        ws.set_landscape();
    }
    ws.set_print_fit_to_pages(1, 0);
    ws.set_print_center_horizontally(true);
    Ok(())
}
