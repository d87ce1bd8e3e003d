//! A layout of one's own: a finance bureau's layout file, written here, loads into a budget
//! file, prints its tables (figures worked out by hand from the reference budget), survives
//! reopening, is saved back as written; a malformed one is refused with a message that
//! names its fault, and nothing is stored. Files from before layouts were data print
//! 重庆's 17 tables; the layout is an edit like any other (undoable, compared by diff).

mod common;

use std::path::Path;
use yusuan::engine::edit::Edit;
use yusuan::engine::store::{Access, Store};
use yusuan::engine::tables;

/// Four tables: fixed rows, a function table in 万元 with 类/款/项 columns, two panels,
/// one row per project.
const BUREAU: &str = r#"
id = "test-bureau-4"
name = "某区 部门预算 4 表"
title = "{year}年{department}{name}"
org = "单位名称：{department}"
contents = "{year}年部门预算公开表目录"
note_prefix = "说明："
total = "bottom"

[[table]]
number = 1
name = "收支总表"
header = [["项目", "金额"]]
[table.rows]
kind = "fixed"
rows = [
    { label = "一般公共预算财政拨款收入", values = [{ of = "收入", sources = ["一般公共预算"] }] },
    { label = "基本支出", values = [{ nature = "基本支出" }] },
    { label = "项目支出", values = [{ nature = "项目支出" }] },
    { label = "支出合计", total = true, values = [{}] },
]

[[table]]
number = 2
name = "支出功能分类表"
money = "万元"
unit_label = "单位：万元"
codes = "split"
header = [
    ["科目编码", "", "", "科目名称", "合计", "基本支出", "项目支出"],
    ["类", "款", "项", "", "", "", ""],
]
[table.rows]
kind = "hierarchy"
classification = "支出功能分类"
columns = [{}, { nature = "基本支出" }, { nature = "项目支出" }]

[[table]]
number = 3
name = "财政拨款收支表"
header = [["收入", "", "支出", ""], ["项目", "预算数", "项目", "预算数"]]
[table.rows]
kind = "panels"
left = [
    [{ label = "一般公共预算", values = [{ of = "收入", sources = ["一般公共预算"] }] }],
    [{ label = "收入总计", total = true, values = [{ of = "收入" }] }],
]
right = [
    [{ classes = { numbered = true }, values = [{}] }],
    [{ label = "支出总计", total = true, values = [{}] }],
]

[[table]]
number = 4
name = "项目支出表"
header = [["项目名称", "单位名称", "金额"]]
empty_note = "本部门{year}年无项目支出。"
[table.rows]
kind = "records"
of = "项目"
columns = [{ field = "项目名称" }, { field = "单位名称" }, {}]

[[relation]]
name = "表一支出合计 = 表三支出总计"
left = [{ table = 1, row = "支出合计", column = 2 }]
right = [{ table = 3, row = "支出总计", column = 4 }]
"#;

fn shown(t: &tables::Table) -> Vec<Vec<String>> {
    t.rows
        .iter()
        .map(|r| r.cells.iter().map(|c| c.display()).collect())
        .collect()
}

fn s(v: &[&str]) -> Vec<String> {
    v.iter().map(|x| x.to_string()).collect()
}

/// The four tables of the demo (the reference budget) in the bureau's layout. Figures from
/// the reference's 表一 and 表三; 万元 worked by hand, each cell rounded half-up from its
/// exact 元 figure: 8,555,192.31 → 855.52, 5,122,192.31 → 512.22, 2,583,125.36 → 258.31.
fn assert_bureau_tables(b: &yusuan::engine::model::Budget) {
    assert_eq!(b.layout.id(), "test-bureau-4");
    let all = tables::all_tables(b);
    assert_eq!(all.len(), 4);
    let t1 = &all[0];
    assert_eq!(t1.title, "2025年重庆市渝北区信访办公室收支总表");
    assert_eq!(t1.org_label, "单位名称：重庆市渝北区信访办公室");
    assert_eq!(t1.columns, s(&["项目", "金额"]));
    assert_eq!(
        shown(t1),
        vec![
            s(&["一般公共预算财政拨款收入", "10,250,408.78"]),
            s(&["基本支出", "6,817,408.78"]),
            s(&["项目支出", "3,433,000.00"]),
            s(&["支出合计", "10,250,408.78"]),
        ]
    );

    let t2 = &all[1];
    assert_eq!(t2.unit_label, "单位：万元");
    assert_eq!(t2.code_columns, 3);
    let rows = shown(t2);
    let want = [
        [
            "201",
            "",
            "",
            "一般公共服务支出",
            "855.52",
            "512.22",
            "343.30",
        ],
        ["201", "40", "", "信访事务", "855.52", "512.22", "343.30"],
        ["201", "40", "01", "行政运行", "312.91", "312.91", ""],
        [
            "201",
            "40",
            "02",
            "一般行政管理事务",
            "155.00",
            "",
            "155.00",
        ],
        ["201", "40", "04", "信访业务", "129.30", "", "129.30"],
        [
            "201",
            "40",
            "99",
            "其他信访事务支出",
            "258.31",
            "199.31",
            "59.00",
        ],
        ["208", "", "", "社会保障和就业支出", "105.99", "105.99", ""],
        [
            "208",
            "05",
            "",
            "行政事业单位养老支出",
            "105.99",
            "105.99",
            "",
        ],
        [
            "208",
            "05",
            "05",
            "机关事业单位基本养老保险缴费支出",
            "57.87",
            "57.87",
            "",
        ],
        [
            "208",
            "05",
            "06",
            "机关事业单位职业年金缴费支出",
            "28.94",
            "28.94",
            "",
        ],
        [
            "208",
            "05",
            "99",
            "其他行政事业单位养老支出",
            "19.18",
            "19.18",
            "",
        ],
        ["210", "", "", "卫生健康支出", "29.34", "29.34", ""],
        ["210", "11", "", "行政事业单位医疗", "29.34", "29.34", ""],
        ["210", "11", "01", "行政单位医疗", "19.69", "19.69", ""],
        ["210", "11", "02", "事业单位医疗", "9.65", "9.65", ""],
        ["221", "", "", "住房保障支出", "34.19", "34.19", ""],
        ["221", "02", "", "住房改革支出", "34.19", "34.19", ""],
        ["221", "02", "01", "住房公积金", "34.19", "34.19", ""],
        ["合计", "", "", "", "1,025.04", "681.74", "343.30"],
    ];
    assert_eq!(rows.len(), want.len(), "{rows:?}");
    for (g, w) in rows.iter().zip(want) {
        assert_eq!(g, &s(&w));
    }

    let t3 = &all[2];
    let rows: Vec<Vec<String>> = shown(t3);
    assert_eq!(
        rows,
        vec![
            s(&[
                "一般公共预算",
                "10,250,408.78",
                "一、一般公共服务支出",
                "8,555,192.31"
            ]),
            s(&["", "", "二、社会保障和就业支出", "1,059,931.84"]),
            s(&["", "", "三、卫生健康支出", "293,402.11"]),
            s(&["", "", "四、住房保障支出", "341,882.52"]),
            s(&["收入总计", "10,250,408.78", "支出总计", "10,250,408.78"]),
        ]
    );

    let t4 = &all[3];
    assert_eq!(
        shown(t4),
        vec![
            s(&[
                "信访稳定相关业务经费",
                "重庆市渝北区信访办公室（本级）",
                "2,683,000.00"
            ]),
            s(&[
                "编外人员工作经费",
                "重庆市渝北区信访办公室（本级）",
                "550,000.00"
            ]),
            s(&[
                "信访信息系统运行维护费",
                "重庆市渝北区信访投诉受理中心",
                "200,000.00"
            ]),
            s(&["合计", "", "3,433,000.00"]),
        ]
    );
    assert_eq!(t4.note, None);
    // The layout's one relation holds, and is the only one run.
    assert!(yusuan::engine::checks::table_relations(b, &all).is_empty());
}

fn demo_in(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("demo.db");
    let (code, out) = common::cli(&["demo", db.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}");
    db
}

#[test]
fn a_bureau_layout_loads_prints_and_survives_reopening() {
    let dir = common::tempdir();
    let db = demo_in(dir.path());
    let file = dir.path().join("某区表样.toml");
    std::fs::write(&file, BUREAU).unwrap();
    let (code, out) = common::cli(&[
        "layout",
        "load",
        db.to_str().unwrap(),
        file.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("已载入表样“某区 部门预算 4 表”：4 张表"),
        "{out}"
    );

    // Reopened from the file: the same layout, the same tables.
    let store = Store::open(&db, Access::ReadOnly).unwrap();
    assert_eq!(store.budget().layout.source, BUREAU);
    assert!(!store.budget().layout.builtin);
    assert_bureau_tables(store.budget());
    drop(store);

    // Every output follows it: 4 CSV files, a workbook of 目录 and 4 sheets, a PDF.
    let out_dir = dir.path().join("表");
    // `yusuan tables` into the folder: how many files it then holds.
    let tables_into = |db: &Path| {
        let (code, out) = common::cli(&[
            "tables",
            db.to_str().unwrap(),
            "--out",
            out_dir.to_str().unwrap(),
        ]);
        assert_eq!(code, 0, "{out}");
        std::fs::read_dir(&out_dir).unwrap().count()
    };
    assert_eq!(tables_into(&db), 4);
    // Written again after the demo's 17 tables went into the same folder: the four, and no
    // table05.csv … left from before.
    let other = dir.path().join("另一");
    std::fs::create_dir(&other).unwrap();
    assert_eq!(tables_into(&demo_in(&other)), 17);
    assert_eq!(tables_into(&db), 4);
    let t2 = std::fs::read_to_string(out_dir.join("table02.csv")).unwrap();
    assert!(t2.contains("201,40,01,行政运行,312.91,312.91,"), "{t2}");
    let xlsx = dir.path().join("表.xlsx");
    let pdf = dir.path().join("表.pdf");
    let (code, out) = common::cli(&[
        "export",
        db.to_str().unwrap(),
        "--xlsx",
        xlsx.to_str().unwrap(),
        "--pdf",
        pdf.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{out}");
    use calamine::Reader;
    let wb: calamine::Xlsx<_> = calamine::open_workbook(&xlsx).unwrap();
    assert_eq!(
        wb.sheet_names(),
        s(&["目录", "表一", "表二", "表三", "表四"])
    );
    assert!(std::fs::metadata(&pdf).unwrap().len() > 10_000);

    // Saved back as it was written.
    let saved = dir.path().join("保存.toml");
    let (code, out) = common::cli(&[
        "layout",
        "save",
        db.to_str().unwrap(),
        saved.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(std::fs::read_to_string(&saved).unwrap(), BUREAU);
}

/// Each malformed layout is refused with its fault named by line and key, in Chinese, and
/// the budget keeps the layout it had.
#[test]
fn a_malformed_layout_is_refused_and_nothing_is_stored() {
    let dir = common::tempdir();
    let db = demo_in(dir.path());
    let line_of = |needle: &str| BUREAU.lines().position(|l| l.contains(needle)).unwrap() + 1;
    let cases = [
        (
            BUREAU.replace(r#"{ nature = "基本支出" }] },"#, r#"{ of = "预算数" }] },"#),
            line_of(r#"{ label = "基本支出""#),
            "不认识“预算数”",
        ),
        (
            BUREAU.replace("right = [{ table = 3,", "right = [{ table = 5,"),
            line_of("right = [{ table = 3,"),
            "引用的表 5 不存在",
        ),
        (
            BUREAU.replace(
                r#"header = [["项目名称", "单位名称", "金额"]]"#,
                r#"header = [["项目名称", "单位名称", "金额", "备注"]]"#,
            ),
            line_of(r#"header = [["项目名称""#),
            "表头第 1 行有 4 列，多于表的 3 列",
        ),
        (
            BUREAU.replace(
                r#"row = "支出总计", column = 4"#,
                r#"row = "支出合计", column = 4"#,
            ),
            line_of(r#"row = "支出总计", column = 4"#),
            "而该表没有这一行",
        ),
        (
            BUREAU.replace(
                r#"title = "{year}年{department}{name}""#,
                r#"title = "{yaer}年{department}{name}""#,
            ),
            line_of(r#"title = "{year}"#),
            "不认识“{yaer}”",
        ),
    ];
    for (text, line, fault) in cases {
        assert_ne!(text, BUREAU);
        let faults = yusuan::engine::layout::load(&text).expect_err(fault);
        let all: Vec<String> = faults.iter().map(|f| f.to_string()).collect();
        assert!(
            faults
                .iter()
                .any(|f| f.line == line && f.to_string().contains(fault)),
            "{fault} at line {line}: {all:?}"
        );
        let file = dir.path().join("坏.toml");
        std::fs::write(&file, &text).unwrap();
        let (code, out) = common::cli(&[
            "layout",
            "load",
            db.to_str().unwrap(),
            file.to_str().unwrap(),
        ]);
        assert_eq!(code, 2, "{out}");
        assert!(out.contains(&format!("第 {line} 行")), "{out}");
        assert!(out.contains("未载入"), "{out}");
        assert!(!out.is_ascii() && !out.contains("expected"), "{out}");
        let store = Store::open(&db, Access::ReadOnly).unwrap();
        assert_eq!(store.budget().layout.id(), "chongqing-17");
    }
    // A bureau's layout may not take a built-in one's id.
    let taken = BUREAU.replace(r#"id = "test-bureau-4""#, r#"id = "chongqing-17""#);
    let faults = yusuan::engine::layout::load(&taken).unwrap_err();
    assert!(faults[0].to_string().contains("内置表样"), "{faults:?}");
}

#[test]
fn the_layout_is_an_edit_undone_and_compared_like_others() {
    let dir = common::tempdir();
    let (path, mut store) = common::demo_file(&dir);
    let before = store.budget().clone();
    assert_eq!(tables::all_tables(&before).len(), 17);
    let shanghai = yusuan::engine::layout::builtin("shanghai-district-9").unwrap();
    let undo = store.apply(Edit::SetLayout(shanghai)).unwrap();
    assert_eq!(tables::all_tables(store.budget()).len(), 9);
    let after = store.budget().clone();

    // diff names the change of layout and compares the figures in the new one.
    let d = yusuan::exchange::diff::diff(&before, &after);
    assert_eq!(d.records.len(), 1, "{}", d.text());
    assert_eq!(d.records[0].sheet, "表样");
    assert!(d.cells.is_empty(), "{}", d.text());

    store.apply(undo).unwrap();
    drop(store);
    let back = Store::open(&path, Access::ReadOnly).unwrap();
    assert_eq!(back.budget().layout.id(), "chongqing-17");
    assert_eq!(
        tables::all_tables(back.budget()),
        tables::all_tables(&before)
    );
}

#[test]
fn built_in_layouts_are_listed_and_chosen_by_id() {
    let (code, out) = common::cli(&["layouts"]);
    assert_eq!(code, 0);
    assert_eq!(
        out,
        "chongqing-17\t重庆 区县部门预算 17 表\n\
         shanghai-district-9\t上海 区级部门预算 9 表\n\
         shanghai-unit-9\t上海 区级单位预算 9 表\n"
    );
    let dir = common::tempdir();
    let db = dir.path().join("新.db");
    let (code, out) = common::cli(&[
        "new",
        db.to_str().unwrap(),
        "--name",
        "上海市普陀区某局",
        "--year",
        "2026",
        "--code",
        "308",
        "--layout",
        "shanghai-unit-9",
    ]);
    assert_eq!(code, 0, "{out}");
    let store = Store::open(&db, Access::ReadOnly).unwrap();
    let all = tables::all_tables(store.budget());
    assert_eq!(all.len(), 9);
    assert_eq!(all[0].title, "2026年预算单位财务收支预算总表");
    assert!(
        all[0].org_label.starts_with("编制单位："),
        "{}",
        all[0].org_label
    );
    drop(store);
    let (code, out) = common::cli(&[
        "new",
        dir.path().join("x.db").to_str().unwrap(),
        "--name",
        "某局",
        "--year",
        "2026",
        "--layout",
        "beijing",
    ]);
    assert_eq!(code, 2);
    assert!(out.contains("没有表样“beijing”"), "{out}");
    // `layout use` switches to another built-in one.
    let (code, out) = common::cli(&["layout", "use", db.to_str().unwrap(), "chongqing-17"]);
    assert_eq!(code, 0, "{out}");
    let store = Store::open(&db, Access::ReadOnly).unwrap();
    assert_eq!(tables::all_tables(store.budget()).len(), 17);
}

/// A file written before layouts were recorded (schema 4) opens as 重庆's 17 tables.
#[test]
fn older_files_print_the_seventeen_tables() {
    let dir = common::tempdir();
    let (path, store) = common::demo_file(&dir);
    drop(store);
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(
        "DROP TABLE proven; DROP TABLE layout; ALTER TABLE procurement DROP COLUMN small_fen; \
         ALTER TABLE procurement DROP COLUMN sme_fen; DROP TABLE person; DROP TABLE rule; \
         ALTER TABLE unit DROP COLUMN posts_admin; ALTER TABLE unit DROP COLUMN posts_institution; \
         ALTER TABLE unit DROP COLUMN main_func; ALTER TABLE line DROP COLUMN rule; \
         ALTER TABLE line DROP COLUMN adjust_fen; PRAGMA user_version = 4;",
    )
    .unwrap();
    drop(conn);
    let store = Store::open(&path, Access::ReadWrite).unwrap();
    assert_eq!(
        store.schema_version(),
        yusuan::engine::store::schema::CURRENT_VERSION
    );
    assert_eq!(store.budget().layout.id(), "chongqing-17");
    assert_eq!(tables::all_tables(store.budget()).len(), 17);
}
