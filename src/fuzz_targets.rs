//! Entry points for fuzzing (the `fuzz/` cargo-fuzz targets) and for the test that runs
//! their corpus in CI: each takes arbitrary bytes and must return without panicking.

use crate::engine::catalog::{self, CatalogKind};
use crate::engine::money::{AmountRules, AmountUnit, parse_amount};
use std::sync::LazyLock;

static DEMO: LazyLock<crate::engine::model::Budget> =
    LazyLock::new(|| crate::exchange::demo::demo_budget().expect("demo data is valid"));

/// The amount parser, under every set of rules; an accepted amount prints and reparses
/// to itself.
pub fn amount(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    for unit in [AmountUnit::Yuan, AmountUnit::Wan] {
        for allow_negative in [false, true] {
            let rules = AmountRules {
                unit,
                allow_negative,
                required: true,
            };
            if let Ok(Some(m)) = parse_amount(&text, rules) {
                let again = parse_amount(
                    &m.plain(),
                    AmountRules {
                        unit: AmountUnit::Yuan,
                        ..rules
                    },
                );
                assert_eq!(again, Ok(Some(m)), "{text:?} → {m:?} does not reparse");
                let _ = (m.grouped(), m.narrative(), m.fen());
            }
        }
    }
}

/// The paste parser on the demo budget; accepted lines copy out and paste back the same.
pub fn paste(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Ok(lines) = crate::exchange::paste::parse_lines(&text, &DEMO) {
        let refs: Vec<&crate::engine::model::Line> = lines.iter().collect();
        let out = crate::exchange::paste::lines_to_tsv(&DEMO, &refs);
        let back =
            crate::exchange::paste::parse_lines(&out, &DEMO).expect("copied lines paste back");
        assert_eq!(back.len(), lines.len());
    }
}

/// The official-catalog loader, for every kind.
pub fn catalog(data: &[u8]) {
    for kind in CatalogKind::ALL {
        if let Ok(loaded) = catalog::load_official_csv(kind, data, &DEMO.catalog) {
            let c = catalog::Catalog::with_loaded(&[loaded]);
            let _ = c.function.search("20", true, 5);
        }
    }
}

/// The layout loader (a region's own layout file); a layout it accepts derives every
/// table of the demo and of the Shanghai demo, checks them and writes their CSV.
pub fn layout(data: &[u8]) {
    let text = crate::engine::base::text::decode(data);
    let Ok(layout) = crate::engine::layout::load(&text) else {
        return;
    };
    static SHANGHAI: LazyLock<crate::engine::model::Budget> = LazyLock::new(|| {
        crate::exchange::demo::shanghai_demo_budget().expect("demo data is valid")
    });
    for b in [&*DEMO, &*SHANGHAI] {
        let b = crate::engine::model::Budget {
            layout: layout.clone(),
            ..b.clone()
        };
        let tables = crate::engine::tables::all_tables(&b);
        let _ = crate::engine::checks::table_relations(&b, &tables);
        for t in &tables {
            let _ = crate::exchange::export::csv::to_csv(t);
            let _ = crate::engine::tables::wan::in_wan(t, &b.layout);
        }
    }
}

/// An import's whole file, read as the window and `yusuan import` read it, previewed
/// against the demo in both modes; one without problems becomes an edit.
fn import(sheets: Result<Vec<crate::exchange::import::SheetRows>, String>) {
    let Ok(sheets) = sheets else {
        return;
    };
    for mode in [
        crate::exchange::import::Mode::Add,
        crate::exchange::import::Mode::Replace,
    ] {
        let p = crate::exchange::import::preview(&sheets, &DEMO, mode);
        let _ = (p.summary(), p.edit());
        for problem in &p.problems {
            let _ = problem.to_string();
        }
    }
    let draft = crate::engine::create::BudgetDraft {
        name: String::new(),
        code: String::new(),
        year: String::new(),
        region: String::new(),
        units: Vec::new(),
    };
    if let Some(d) = crate::exchange::import::draft_from(&sheets, &draft) {
        let _ = d.department_only();
    }
}

/// An .xlsx workbook given to the import.
pub fn import_xlsx(data: &[u8]) {
    import(crate::exchange::import::xlsx_sheets(data));
}

/// A .csv file given to the import.
pub fn import_csv(data: &[u8]) {
    import(crate::exchange::import::csv_sheets(data));
}

/// A budget file of arbitrary bytes, opened for review and for editing as the editor and
/// the command line open one; one that opens derives its tables, checks and narrative,
/// and takes an edit.
pub fn budget_file(data: &[u8]) {
    use crate::engine::store::{Access, Store};
    static DIR: LazyLock<Option<tempfile::TempDir>> = LazyLock::new(|| tempfile::tempdir().ok());
    let Some(dir) = DIR.as_ref() else {
        return;
    };
    let path = dir.path().join("budget.db");
    for leftover in ["budget.db-journal", "budget.db-wal"] {
        let _ = std::fs::remove_file(dir.path().join(leftover));
    }
    if std::fs::write(&path, data).is_err() {
        return;
    }
    for access in [Access::ReadOnly, Access::ReadWrite] {
        let Ok(mut store) = Store::open(&path, access) else {
            continue;
        };
        let b = store.budget().clone();
        let tables = crate::engine::tables::all_tables(&b);
        let _ = crate::engine::checks::run_with_tables(&b, &tables);
        let _ = crate::engine::narrative::narrative(&b);
        if access == Access::ReadWrite {
            let _ = store.apply(crate::engine::edit::Edit::put(
                crate::engine::records::Reason {
                    key: "模糊测试".into(),
                    text: "一次修改".into(),
                },
            ));
        }
    }
}

/// A workbook whose cells stand where the bytes say (any row up to 1,048,576, any column
/// up to XFD), so that its declared dimension may span the whole sheet: read cell by cell,
/// refused past the columns it may span, never allocated whole.
pub fn workbook_cells(data: &[u8]) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let sheet = wb.add_worksheet();
    if sheet.set_name("支出明细").is_err() {
        return;
    }
    let _ = sheet.write_string(0, 0, "单位代码");
    let _ = sheet.write_string(0, 1, "金额");
    for chunk in data.chunks(8) {
        let mut b = [0u8; 8];
        b[..chunk.len()].copy_from_slice(chunk);
        let row = u32::from_le_bytes([b[0], b[1], b[2] & 0x0F, 0]) % 1_048_576;
        let col = u16::from_le_bytes([b[3], b[4] & 0x3F]) % 16_384;
        let value = f64::from(u16::from_le_bytes([b[5], b[6]]));
        let _ = match b[7] % 3 {
            0 => sheet.write_number(row, col, value),
            1 => sheet.write_string(row, col, "129001"),
            _ => sheet.write_formula(row, col, "=1+1"),
        };
    }
    if let Ok(bytes) = wb.save_to_buffer() {
        import(crate::exchange::import::xlsx_sheets(&bytes));
    }
}

/// A declared narrative whose one sentence is the bytes, repeated as often as the first
/// byte says, over a budget whose 职能职责 is long: the layout is refused or accepted, and
/// an accepted one's narrative stays within its limit.
pub fn narrative_slots(data: &[u8]) {
    let Some((&times, rest)) = data.split_first() else {
        return;
    };
    let sentence = String::from_utf8_lossy(rest).replace(['"', '\\', '\n', '\r'], " ");
    let paragraphs = vec![format!("\"{sentence}\""); usize::from(times) + 1].join(", ");
    let text = format!(
        "id = \"fuzz\"\nname = \"模糊测试\"\ntitle = \"{{year}}\"\norg = \"\"\ncontents = \"\"\n\n\
         [[table]]\nnumber = 1\nname = \"收入总表\"\nheader = [[\"合计\"]]\n\
         [table.rows]\nkind = \"single\"\ncolumns = [{{}}]\n\n\
         [narrative]\nmoney = \"万元\"\n[[narrative.section]]\nheading = \"一、{{department}}\"\n\
         paragraphs = [{paragraphs}]\n"
    );
    let Ok(layout) = crate::engine::layout::load(&text) else {
        return;
    };
    let mut b = DEMO.clone();
    b.department.duties = "职能".repeat(50_000);
    b.layout = layout;
    let n = crate::engine::narrative::narrative(&b);
    let size: usize = n
        .sections
        .iter()
        .flat_map(|s| s.paragraphs.iter().map(|p| p.text.len()))
        .sum();
    assert!(
        size <= crate::engine::narrative::declared::MAX_BYTES + 1024,
        "a narrative of {size} bytes"
    );
}
