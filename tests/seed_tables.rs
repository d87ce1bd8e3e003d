//! The demo's tables against the reference document itself: every printed table of the
//! seed (`tests/fixtures/seed_2025.txt`, the published 2025 budget of 重庆市渝北区信访办公室)
//! is read from the document and compared with what the program derives, cell by cell.
//! Tables 2 and 13 are not printed in the seed; they are checked against figures computed
//! by hand from the printed ones.

mod common;

use common::{demo, yuan};
use yusuan::engine::tables::{self, Table};

const SEED: &str = include_str!("fixtures/seed_2025.txt");

/// One printed table of the seed: its title (with subtitle), 编制单位 if printed, and
/// its lines after 单位：元, split on tabs.
#[derive(Debug)]
struct SeedTable {
    title: String,
    org: Option<String>,
    lines: Vec<Vec<String>>,
    note: Option<String>,
}

/// Normalises text for comparison: half-width parentheses as full-width (the seed mixes
/// 维修(护)费 and 维修（护）费), the `<p>` markup one table carries.
fn norm(s: &str) -> String {
    s.trim()
        .replace('(', "（")
        .replace(')', "）")
        .replace("<p>", "")
        .replace("</p>", "")
}

fn seed_tables() -> Vec<SeedTable> {
    let body = SEED
        .split("2025年渝北区部门一般项目绩效目标表\n\n")
        .collect::<Vec<_>>();
    assert!(body.len() > 2, "seed layout");
    let lines: Vec<&str> = SEED.lines().collect();
    // Sections start at a line that is a table title on its own (the 目录 lines carry tabs).
    let starts: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| {
            l.starts_with("2025年渝北区部门") && !l.contains('\t') && !l.contains("目录")
        })
        .map(|(i, _)| i)
        .collect();
    let mut out = Vec::new();
    for (k, &s) in starts.iter().enumerate() {
        let end = starts.get(k + 1).copied().unwrap_or(lines.len());
        let section = &lines[s..end];
        let mut title = section[0].to_string();
        let mut org = None;
        let mut i = 1;
        let mut rows = Vec::new();
        let mut note = None;
        while i < section.len() && !section[i].starts_with("单位：元") {
            let l = section[i].trim();
            if l.starts_with('(') || l.starts_with('（') {
                title.push_str(&norm(l));
            }
            if let Some(o) = l.strip_prefix("编制单位：") {
                org = Some(o.to_string());
            }
            i += 1;
        }
        for l in &section[i + 1..] {
            if l.is_empty() {
                continue;
            }
            if let Some(n) = l.strip_prefix("备注：") {
                note = Some(n.to_string());
                continue;
            }
            rows.push(l.split('\t').map(norm).collect());
        }
        out.push(SeedTable {
            title: norm(&title),
            org,
            lines: rows,
            note,
        });
    }
    out
}

fn trim_trailing(mut v: Vec<String>) -> Vec<String> {
    while v.last().is_some_and(|s| s.is_empty()) {
        v.pop();
    }
    v
}

fn non_empty(v: &[String]) -> Vec<String> {
    v.iter().filter(|s| !s.is_empty()).cloned().collect()
}

/// Our table as printed lines: header lines, then rows (display form), normalised.
fn printed(t: &Table) -> (Vec<Vec<String>>, Vec<Vec<String>>) {
    let header = t
        .header
        .iter()
        .map(|h| h.iter().map(|c| norm(c)).collect())
        .collect();
    let rows = t
        .rows
        .iter()
        .map(|r| r.cells.iter().map(|c| norm(&c.display())).collect())
        .collect();
    (header, rows)
}

fn full_title(t: &Table) -> String {
    norm(&format!(
        "{}{}",
        t.title,
        t.subtitle.clone().unwrap_or_default()
    ))
}

#[test]
fn the_seed_prints_fifteen_tables_with_three_general_project_forms() {
    let titles: Vec<String> = seed_tables().iter().map(|t| t.title.clone()).collect();
    assert_eq!(titles.len(), 17, "{titles:#?}");
    assert_eq!(
        titles
            .iter()
            .filter(|t| t.contains("一般项目绩效目标表"))
            .count(),
        3
    );
}

/// Tables 1, 3–12 and 14 (tabular): header labels in order, and every data row cell by
/// cell in its column.
#[test]
fn tabular_tables_equal_the_seed_cell_by_cell() {
    tabular_tables_equal_the_seed(&demo());
}

/// The demo taken out to its data workbook and imported into a new file prints the same.
#[test]
fn the_data_workbook_round_trip_prints_the_seeds_tables() {
    let b = common::through_data_workbook(&demo());
    tabular_tables_equal_the_seed(&b);
    form_tables_equal(&b);
}

fn tabular_tables_equal_the_seed(b: &yusuan::engine::model::Budget) {
    let seed = seed_tables();
    for n in [1u8, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 14] {
        let t = tables::table(b, n);
        let s = seed
            .iter()
            .find(|s| s.title == full_title(&t))
            .unwrap_or_else(|| panic!("seed has no table titled {}", full_title(&t)));
        let (header, rows) = printed(&t);
        let (seed_header, seed_rows) = s.lines.split_at(header.len());
        for (i, (ours, theirs)) in header.iter().zip(seed_header).enumerate() {
            assert_eq!(
                non_empty(ours),
                non_empty(theirs),
                "table {n} header line {i}"
            );
        }
        assert_eq!(
            rows.len(),
            seed_rows.len(),
            "table {n}: row count\nours: {rows:#?}"
        );
        for (i, (ours, theirs)) in rows.iter().zip(seed_rows).enumerate() {
            assert_eq!(
                trim_trailing(ours.clone()),
                trim_trailing(theirs.clone()),
                "table {n} row {i}"
            );
        }
        assert_eq!(t.note, s.note, "table {n} note");
    }
}

/// Tables 15–17 (forms): every printed row's non-empty cells in order, and 编制单位.
#[test]
fn form_tables_equal_the_seed() {
    form_tables_equal(&demo());
}

fn form_tables_equal(b: &yusuan::engine::model::Budget) {
    let seed = seed_tables();
    for n in [15u8, 16, 17] {
        let t = tables::table(b, n);
        let forms: Vec<&SeedTable> = seed.iter().filter(|s| s.title == full_title(&t)).collect();
        assert!(!forms.is_empty(), "table {n} in the seed");
        let (_, rows) = printed(&t);
        // Split ours into forms at each 编制单位 row (tables 16, 17) or take it whole (15).
        let mut ours: Vec<(Option<String>, Vec<Vec<String>>)> = Vec::new();
        for r in rows {
            if let Some(org) = r[0].strip_prefix("编制单位：") {
                ours.push((Some(org.to_string()), Vec::new()));
            } else {
                if ours.is_empty() {
                    ours.push((None, Vec::new()));
                }
                ours.last_mut().unwrap().1.push(r);
            }
        }
        assert_eq!(ours.len(), forms.len(), "table {n}: number of forms");
        for (k, ((org, our_rows), s)) in ours.iter().zip(&forms).enumerate() {
            assert_eq!(org, &s.org, "table {n} form {k}: 编制单位");
            let a: Vec<Vec<String>> = our_rows
                .iter()
                .map(|r| non_empty(r))
                .filter(|r| !r.is_empty())
                .collect();
            let e: Vec<Vec<String>> = s
                .lines
                .iter()
                .map(|r| non_empty(r))
                .filter(|r| !r.is_empty())
                .collect();
            assert_eq!(a, e, "table {n} form {k}");
            assert_eq!(t.note, s.note, "table {n} note");
        }
    }
}

/// Key figures written out from the seed, so that a reader sees them without the parser.
#[test]
fn key_figures_from_the_seed() {
    let b = demo();
    let t3 = tables::table(&b, 3);
    assert_eq!(t3.amount("合计", 2), yuan("10,250,408.78"));
    assert_eq!(t3.amount("合计", 3), yuan("6,817,408.78"));
    assert_eq!(t3.amount("合计", 4), yuan("3,433,000.00"));
    assert_eq!(t3.amount("2014001", 2), yuan("3,129,066.95"));
    let t5 = tables::table(&b, 5);
    assert_eq!(t5.amount("合计", 2), yuan("10,264,138.65"));
    assert_eq!(t5.row("2014004").unwrap().cells[6].display(), "-37%");
    assert_eq!(t5.row("2014001").unwrap().cells[6].display(), "13%");
    assert_eq!(t5.row("合计").unwrap().cells[6].display(), "0%");
    let t6 = tables::table(&b, 6);
    assert_eq!(t6.amount("合计", 3), yuan("5,464,057.53"));
    assert_eq!(t6.amount("合计", 4), yuan("1,353,351.25"));
    let t7 = tables::table(&b, 7);
    assert_eq!(t7.amount("502", 2), yuan("884,216.96"));
    assert_eq!(t7.amount("505", 2), yuan("2,629,773.20"));
    let t10 = tables::table(&b, 10);
    assert_eq!(t10.rows[0].cells[0].display(), "52,000.00");
    assert_eq!(
        yusuan::engine::tables::office_running_cost(&b),
        yuan("884,216.96")
    );
}

/// Table 2 is not printed in the seed. All the demo's money is 一般公共预算财政拨款, so
/// each row's 总计 and 一般公共预算财政拨款 equal table 3's 总计 for that code, and every
/// other source column is blank.
#[test]
fn table_2_is_consistent_with_table_3() {
    let b = demo();
    let t2 = tables::table(&b, 2);
    let t3 = tables::table(&b, 3);
    assert_eq!(t2.columns[2], "总计");
    assert_eq!(t2.columns[3], "一般公共预算财政拨款");
    assert_eq!(t2.rows.len(), t3.rows.len());
    for (r2, r3) in t2.rows.iter().zip(&t3.rows) {
        assert_eq!(r2.key(), r3.key());
        assert_eq!(r2.cells[2], r3.cells[2], "总计 of {}", r2.key());
        assert_eq!(r2.cells[3], r3.cells[2], "一般公共预算 of {}", r2.key());
        assert!(
            r2.cells[4..].iter().all(|c| c.display().is_empty()),
            "other sources of {}",
            r2.key()
        );
    }
    assert_eq!(t2.amount("合计", 2), yuan("10,250,408.78"));
}

/// Table 13 is not printed in the seed. Its project totals are those of table 17
/// (2,683,000; 550,000; 200,000) and add up to table 8's 3,433,000. The split of
/// 信访稳定相关业务经费 between units follows from table 9: 505 (事业单位) project spending is
/// 300,000, of which 200,000 is the 受理中心's own 信息系统 project, leaving 100,000 of
/// 信访稳定相关业务经费 in a 事业单位 (the 稳定风险评估中心) and 2,583,000 in the office.
#[test]
fn table_13_is_consistent_with_tables_8_9_and_17() {
    let b = demo();
    let t = tables::table(&b, 13);
    assert_eq!(t.amount("合计", 3), yuan("3,433,000"));
    let rows: Vec<(String, String, String)> = t.rows[1..]
        .iter()
        .map(|r| {
            (
                r.cells[0].display(),
                r.cells[1].display(),
                r.cells[3].display(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            (
                "信访稳定相关业务经费".into(),
                "重庆市渝北区信访办公室（本级）".into(),
                "2,583,000.00".into()
            ),
            (
                "信访稳定相关业务经费".into(),
                "重庆市渝北区稳定风险评估中心".into(),
                "100,000.00".into()
            ),
            (
                "编外人员工作经费".into(),
                "重庆市渝北区信访办公室（本级）".into(),
                "550,000.00".into()
            ),
            (
                "信访信息系统运行维护费".into(),
                "重庆市渝北区信访投诉受理中心".into(),
                "200,000.00".into()
            ),
        ]
    );
}

#[test]
fn csv_form_is_plain_decimals_blank_cells_and_percent() {
    let b = demo();
    let csv = yusuan::exchange::export::csv::to_csv(&tables::table(&b, 5));
    let mut lines = csv.lines();
    assert_eq!(
        lines.next().unwrap(),
        "科目编码,科目名称,2024年预算数,小计,基本支出,项目支出,2025年预算比2024年预算增幅%"
    );
    assert_eq!(
        lines.next().unwrap(),
        "合计,,10264138.65,10250408.78,6817408.78,3433000.00,0%"
    );
    assert!(csv.contains("2014001,行政运行,2758908.73,3129066.95,3129066.95,,13%\n"));
    let t11 = yusuan::exchange::export::csv::to_csv(&tables::table(&b, 11));
    assert!(
        t11.ends_with("备注：本部门无政府性基金收支，故此表无数据。,,,,\n"),
        "{t11}"
    );
}

#[test]
fn contents_lists_the_seventeen_titles() {
    let c = tables::contents(2025, "渝北区");
    assert_eq!(
        c[0],
        (1, "表一".into(), "2025年渝北区部门收支预算总表".into())
    );
    assert_eq!(c[9].1, "表十");
    assert_eq!(c[16].1, "表十七");
    assert_eq!(
        c[6].2,
        "2025年渝北区部门一般公共预算财政拨款基本支出预算表（政府预算支出经济分类科目）"
    );
}
