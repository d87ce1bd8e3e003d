//! The exported workbook read back: every table's cells equal the derived tables (text,
//! and amounts to the fen), the headers are merged as printed, and nothing is a formula.

mod common;

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use std::io::Cursor;
use yusuan::engine::tables::{self, Cell};

#[test]
fn the_workbook_holds_every_table_figure() {
    let b = common::demo();
    let bytes = yusuan::exchange::export::xlsx::to_bytes(&b, false, false).unwrap();
    let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let names = wb.sheet_names();
    assert_eq!(names.len(), 18);
    assert_eq!(names[0], "目录");
    assert_eq!(names[1], "表一");
    assert_eq!(names[17], "表十七");
    for t in tables::all_tables(&b) {
        let range = wb.worksheet_range(&tables::sheet_name(t.number)).unwrap();
        let rows: Vec<Vec<Data>> = range.rows().map(|r| r.to_vec()).collect();
        // Title first, as printed.
        assert_eq!(
            rows[0][0],
            Data::String(t.title.clone()),
            "table {}",
            t.number
        );
        // Find the first data row: the header ends after title, subtitle, org line, header.
        let first = 1 + usize::from(t.subtitle.is_some()) + 1 + t.header.len();
        for (i, row) in t.rows.iter().enumerate() {
            let got = &rows[first + i];
            for (c, cell) in row.cells.iter().enumerate() {
                let v = got.get(c).cloned().unwrap_or(Data::Empty);
                match cell {
                    Cell::Money(m) if !m.is_zero() => {
                        let Data::Float(f) = v else {
                            panic!("table {} row {i} col {c}: {v:?}", t.number)
                        };
                        assert_eq!(
                            format!("{f:.2}"),
                            m.plain(),
                            "table {} row {i} col {c}",
                            t.number
                        );
                    }
                    _ => {
                        let text = match v {
                            Data::String(s) => s.trim_start().to_string(),
                            Data::Empty => String::new(),
                            other => other.to_string(),
                        };
                        assert_eq!(text, cell.display(), "table {} row {i} col {c}", t.number);
                    }
                }
            }
        }
    }
}

#[test]
fn headers_are_merged_as_printed_and_figures_are_values() {
    let b = common::demo();
    let bytes = yusuan::exchange::export::xlsx::to_bytes(&b, false, false).unwrap();
    let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    // Table 5: 功能分类科目 over 2 columns; 2024年预算数 over 2 rows; 2025年预算数 over 3 columns.
    let merged: Vec<(u32, u32, u32, u32)> = wb
        .merge_cells_by_sheet_name("表五")
        .unwrap()
        .iter()
        .map(|d| (d.start.0, d.start.1, d.end.0, d.end.1))
        .collect();
    // Rows: 0 title, 1 部门全称/单位, 2–3 header.
    assert!(merged.contains(&(2, 0, 2, 1)), "{merged:?}");
    assert!(merged.contains(&(2, 2, 3, 2)), "{merged:?}");
    assert!(merged.contains(&(2, 3, 2, 5)), "{merged:?}");
    let formulas = wb.worksheet_formula("表五").unwrap();
    assert!(
        formulas.used_cells().all(|(_, _, f)| f.is_empty()),
        "no formulas"
    );
    // 10,250,408.78 is a number, shown with #,##0.00.
    let r = wb.worksheet_range("表三").unwrap();
    // Rows: 0 title, 1 部门全称/单位, 2 header, 3 合计.
    assert_eq!(r.get((3, 2)), Some(&Data::Float(10_250_408.78)));
}

#[test]
fn export_from_the_command_line() {
    let dir = common::tempdir();
    let (path, store) = common::demo_file(&dir);
    drop(store);
    let out = dir.path().join("公开表.xlsx");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_yusuan"))
        .args([
            "export",
            path.to_str().unwrap(),
            "--xlsx",
            out.to_str().unwrap(),
            "--wan",
        ])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let mut wb: Xlsx<_> = calamine::open_workbook(&out).unwrap();
    let r = wb.worksheet_range("表三").unwrap();
    assert_eq!(r.get((1, 4)), Some(&Data::String("单位：万元".into())));
    // 10,250,408.78 元 = 1,025.04 万元 (rounded by hand).
    assert_eq!(r.get((3, 2)), Some(&Data::Float(1025.04)));
}
