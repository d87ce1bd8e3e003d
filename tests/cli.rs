//! The command line, through the real binary: `demo`, `tables`, `check`, `catalog`; exit
//! codes; messages instead of panics.

mod common;

use std::process::{Command, Output};

fn yusuan(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_yusuan"))
        .args(args)
        .output()
        .expect("run yusuan")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn demo_then_tables_then_check() {
    let dir = common::tempdir();
    let db = dir.path().join("预算 演示.db"); // Chinese and a space in the path
    let db = db.to_str().unwrap();
    let o = yusuan(&["demo", db]);
    assert!(o.status.success(), "{}", text(&o.stderr));

    let out = dir.path().join("tables");
    let o = yusuan(&["tables", db, "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    for n in 1..=17 {
        assert!(
            out.join(format!("table{n:02}.csv")).exists(),
            "table{n:02}.csv"
        );
    }
    let t3 = std::fs::read_to_string(out.join("table03.csv")).unwrap();
    let mut lines = t3.lines();
    assert_eq!(
        lines.next(),
        Some("科目编码,科目名称,总计,基本支出,项目支出")
    );
    assert_eq!(
        lines.next(),
        Some("合计,,10250408.78,6817408.78,3433000.00")
    );
    assert_eq!(
        lines.next(),
        Some("201,一般公共服务支出,8555192.31,5122192.31,3433000.00")
    );
    assert!(t3.contains("\n2014001,行政运行,3129066.95,3129066.95,\n"));
    let t10 = std::fs::read_to_string(out.join("table10.csv")).unwrap();
    assert_eq!(
        t10.lines().nth(1),
        Some("52000.00,,45000.00,,45000.00,7000.00,52000.00,,45000.00,,45000.00,7000.00")
    );

    let o = yusuan(&["check", db]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stdout));
    assert_eq!(text(&o.stdout), "");
    assert!(text(&o.stderr).contains("共 0 个错误，0 个警告"));
}

#[test]
fn check_exits_1_on_errors_and_prints_one_finding_a_line() {
    let dir = common::tempdir();
    let db = dir.path().join("b.db");
    let mut b = common::demo();
    b.income[0].current = common::yuan("10,250,000.00");
    yusuan::engine::store::Store::create(&db, &b).unwrap();
    let o = yusuan(&["check", db.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let out = text(&o.stdout);
    // Income 10,250,000.00 against spending 10,250,408.78: 408.78 short.
    assert!(
        out.lines()
            .all(|l| l.starts_with("错误\t") || l.starts_with("警告\t")),
        "{out}"
    );
    assert!(
        out.contains("10,250,000.00") && out.contains("-408.78"),
        "{out}"
    );
}

#[test]
fn unusable_files_exit_2_with_a_message_and_are_left_unchanged() {
    let dir = common::tempdir();
    let garbage = dir.path().join("garbage.db");
    std::fs::write(&garbage, b"\x89PNG\r\n\x1a\n not a database at all").unwrap();
    for args in [
        vec!["check", garbage.to_str().unwrap()],
        vec![
            "tables",
            garbage.to_str().unwrap(),
            "--out",
            dir.path().join("o").to_str().unwrap(),
        ],
        vec!["check", dir.path().join("missing.db").to_str().unwrap()],
    ] {
        let o = yusuan(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let err = text(&o.stderr);
        assert!(err.starts_with("yusuan："), "{err}");
        assert!(
            !err.contains("panicked") && !err.contains("backtrace"),
            "{err}"
        );
    }
    assert_eq!(
        std::fs::read(&garbage).unwrap(),
        b"\x89PNG\r\n\x1a\n not a database at all"
    );
}

#[test]
fn bad_arguments_get_usage_and_exit_2() {
    let o = yusuan(&["tables", "x.db"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("--out"));
    let o = yusuan(&["frobnicate"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("未知命令"));
    let o = yusuan(&["--help"]);
    assert!(o.status.success());
    assert!(text(&o.stdout).contains("yusuan tables"));
}

#[test]
fn demo_refuses_to_overwrite_without_force() {
    let dir = common::tempdir();
    let db = dir.path().join("d.db");
    std::fs::write(&db, b"precious").unwrap();
    let o = yusuan(&["demo", db.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("--force"));
    assert_eq!(std::fs::read(&db).unwrap(), b"precious");
    let o = yusuan(&["demo", db.to_str().unwrap(), "--force"]);
    assert!(o.status.success());
}

#[test]
fn catalog_load_and_reset() {
    let dir = common::tempdir();
    let db = dir.path().join("c.db");
    assert!(yusuan(&["demo", db.to_str().unwrap()]).status.success());
    let csv = dir.path().join("bad.csv");
    std::fs::write(&csv, "科目编码,科目名称\n201,一般公共服务支出\n201,重复\n").unwrap();
    let o = yusuan(&[
        "catalog",
        "load",
        db.to_str().unwrap(),
        "function",
        csv.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("第 3 行"), "{}", text(&o.stderr));

    // A valid official list that lacks the demo's codes: check now reports them.
    std::fs::write(
        &csv,
        "科目编码,科目名称\n201,一般公共服务支出\n20140,信访事务\n2014001,行政运行\n",
    )
    .unwrap();
    let o = yusuan(&[
        "catalog",
        "load",
        db.to_str().unwrap(),
        "function",
        csv.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let o = yusuan(&["check", db.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stdout).contains("本文件载入的支出功能分类"));
    let o = yusuan(&["catalog", "reset", db.to_str().unwrap(), "function"]);
    assert!(o.status.success());
    assert_eq!(
        yusuan(&["check", db.to_str().unwrap()]).status.code(),
        Some(0)
    );
}

#[test]
fn export_writes_every_output_asked_for() {
    let dir = common::tempdir();
    let db = dir.path().join("demo.db");
    let db = db.to_str().unwrap();
    assert!(yusuan(&["demo", db]).status.success());
    let out = |n: &str| dir.path().join(n).to_str().unwrap().to_string();
    let (xlsx, pdf, docx, charts) = (out("a.xlsx"), out("a.pdf"), out("a.docx"), out("图表"));
    let o = yusuan(&[
        "export", db, "--xlsx", &xlsx, "--pdf", &pdf, "--docx", &docx, "--charts", &charts,
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(std::fs::read(&xlsx).unwrap().starts_with(b"PK"));
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"));
    assert!(std::fs::read(&docx).unwrap().starts_with(b"PK"));
    let pngs = std::fs::read_dir(&charts).unwrap().count();
    assert_eq!(pngs, 5);
    // Nothing asked for: a message and exit 2.
    let o = yusuan(&["export", db]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("请至少指定一种输出"),
        "{}",
        text(&o.stderr)
    );
}

/// A budget with 错误 still exports (exit 0), with a warning, and every page of the PDF
/// and every sheet of the workbook carries 草稿（尚有 N 个错误）, N being the 错误 that
/// `yusuan check` lists.
#[test]
fn a_budget_with_errors_exports_as_a_marked_draft() {
    let dir = common::tempdir();
    let db = dir.path().join("b.db");
    let mut b = common::demo();
    b.income[0].current = common::yuan("10,250,000.00");
    yusuan::engine::store::Store::create(&db, &b).unwrap();
    let check = yusuan(&["check", db.to_str().unwrap()]);
    let errors = text(&check.stdout)
        .lines()
        .filter(|l| l.starts_with("错误\t"))
        .count();
    assert!(
        errors >= 2,
        "total and 一般公共预算 out of balance: {errors}"
    );
    let mark = format!("草稿（尚有 {errors} 个错误）");
    let pdf = dir.path().join("b.pdf");
    let xlsx = dir.path().join("b.xlsx");
    let o = yusuan(&[
        "export",
        db.to_str().unwrap(),
        "--pdf",
        pdf.to_str().unwrap(),
        "--xlsx",
        xlsx.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let err = text(&o.stderr);
    assert!(err.contains("警告") && err.contains(&mark), "{err}");
    // The 错误 themselves close the output, each as `yusuan check` prints it.
    let check_text = text(&check.stdout);
    let listed: Vec<&str> = check_text
        .lines()
        .filter(|l| l.starts_with("错误\t"))
        .collect();
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines[lines.len() - errors..], listed[..], "{err}");
    assert!(err.contains(&format!("尚有 {errors} 个错误，改正后再导出即为正式稿：")));
    // Every page of the PDF.
    let info = Command::new("pdfinfo")
        .arg(&pdf)
        .output()
        .expect("pdfinfo (poppler-utils)");
    let pages: usize = text(&info.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap();
    assert!(pages > 10);
    for p in 1..=pages {
        let n = p.to_string();
        let t = Command::new("pdftotext")
            .args(["-f", &n, "-l", &n, pdf.to_str().unwrap(), "-"])
            .output()
            .unwrap();
        assert!(text(&t.stdout).contains(&mark), "page {p}");
    }
    // Every sheet of the workbook, in its first row.
    use calamine::{Reader, Xlsx, open_workbook};
    let mut wb: Xlsx<_> = open_workbook(&xlsx).unwrap();
    let names = wb.sheet_names().to_vec();
    assert_eq!(names.len(), 18);
    for name in names {
        let range = wb.worksheet_range(&name).unwrap();
        let first_row: Vec<String> = range
            .rows()
            .next()
            .unwrap()
            .iter()
            .map(|c| c.to_string())
            .collect();
        assert!(first_row.contains(&mark), "{name}: {first_row:?}");
    }
    // The demo itself has no 错误: no mark.
    let clean = dir.path().join("demo.db");
    yusuan::engine::store::Store::create(&clean, &common::demo()).unwrap();
    let o = yusuan(&[
        "export",
        clean.to_str().unwrap(),
        "--pdf",
        pdf.to_str().unwrap(),
    ]);
    assert!(!text(&o.stderr).contains("草稿"));
    let t = Command::new("pdftotext")
        .args([pdf.to_str().unwrap(), "-"])
        .output()
        .unwrap();
    assert!(!text(&t.stdout).contains("草稿"));
}

/// A project named like a formula is written to `yusuan tables`'s CSV as text (behind a
/// `'`): Excel and WPS would otherwise run `=HYPERLINK(…)` when a reviewer opens it.
#[test]
fn a_name_like_a_formula_is_written_as_text() {
    let dir = common::tempdir();
    let (path, mut store) = common::demo_file(&dir);
    let mut p = store.budget().projects[0].clone();
    p.name = "=HYPERLINK(\"http://example.com\",\"点\")".into();
    store.apply(yusuan::engine::edit::Edit::put(p)).unwrap();
    drop(store);
    let out = dir.path().join("表");
    let o = yusuan(&[
        "tables",
        path.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let t13 = std::fs::read_to_string(out.join("table13.csv")).unwrap();
    assert!(
        t13.contains("\"'=HYPERLINK(\"\"http://example.com\"\",\"\"点\"\")\""),
        "{t13}"
    );
    assert!(!t13.lines().any(|l| l.starts_with('=')), "{t13}");
}

/// `yusuan SUB --help` prints that command's own usage and exits 0, for every command;
/// a wrong use prints the same complete usage (export's names --remarks).
#[test]
fn every_command_has_its_own_help() {
    for cmd in [
        "new",
        "demo",
        "tables",
        "layouts",
        "layout",
        "check",
        "narrative",
        "export",
        "import",
        "carry",
        "diff",
        "consolidate",
        "gen",
        "catalog",
        "restore",
    ] {
        for args in [vec![cmd, "--help"], vec!["help", cmd], vec![cmd, "-h"]] {
            let (code, text) = common::cli(&args);
            assert_eq!(code, 0, "{args:?}: {text}");
            assert!(
                text.starts_with(&format!("用法：\n  yusuan {cmd}")),
                "{args:?}: {text}"
            );
            assert!(
                !text.contains("退出码：0"),
                "only the command's own lines: {text}"
            );
        }
    }
    let (_, text) = common::cli(&["export", "--help"]);
    for option in [
        "--xlsx",
        "--pdf",
        "--docx",
        "--charts",
        "--data",
        "--wan",
        "--remarks",
    ] {
        assert!(text.contains(option), "{option}: {text}");
    }
    // A wrong use: the same lines.
    let (code, text) = common::cli(&["export"]);
    assert_eq!(code, 2);
    assert!(text.contains("--remarks"), "{text}");
    let (code, text) = common::cli(&["export", "a.db", "--bogus"]);
    assert_eq!(code, 2);
    assert!(
        text.contains("未知选项“--bogus”") && text.contains("--remarks"),
        "{text}"
    );
}

// ---- the operations, once for both front ends -------------------------------------------

/// A budget the window holds open for editing is not changed behind it by the command
/// line: the change is refused with who holds it, the file left as it was (it was
/// written while the window still showed the old content).
#[test]
fn a_file_open_in_the_window_is_not_changed_by_the_command_line() {
    let dir = common::tempdir();
    let (path, store) = common::demo_file(&dir);
    drop(store);
    let held = yusuan::app::document::Document::open(&path, false).unwrap();
    assert!(!held.is_read_only());
    let before = std::fs::read(&path).unwrap();
    let db = path.to_str().unwrap();
    for args in [
        vec!["layout", "use", db, "shanghai-unit-9"],
        vec!["catalog", "reset", db, "function"],
    ] {
        let (code, text) = common::cli(&args);
        assert_eq!(code, 2, "{args:?}: {text}");
        assert!(
            text.contains("无法修改") && text.contains("正由") && text.contains("编辑"),
            "{args:?}: {text}"
        );
    }
    assert_eq!(std::fs::read(&path).unwrap(), before);
    // Reading is not refused.
    let (code, _) = common::cli(&["check", db]);
    assert_ne!(code, 2);
    drop(held);
    let (code, text) = common::cli(&["layout", "use", db, "shanghai-unit-9"]);
    assert_eq!(code, 0, "{text}");
}

/// An import whose workbook loads an official catalog keeps one backup copy, not two
/// (the import and the catalog each took one); `yusuan restore` puts it back and keeps
/// the replaced content as a backup of its own.
#[test]
fn an_operation_keeps_one_backup_and_restore_puts_it_back() {
    let dir = common::tempdir();
    let (path, store) = common::demo_file(&dir);
    let mut b = store.budget().clone();
    drop(store);
    let db = path.to_str().unwrap();
    // A data workbook of the demo with an official function catalog in it.
    b.loaded_catalogs
        .push(yusuan::engine::catalog::LoadedCatalog::Codes(
            yusuan::engine::catalog::CatalogKind::Function,
            b.catalog
                .function
                .iter()
                .map(|(c, n)| (c.to_string(), n.to_string()))
                .collect(),
        ));
    let data = dir.path().join("数据.xlsx");
    std::fs::write(
        &data,
        yusuan::exchange::workbook::data_xlsx(&b, true).unwrap(),
    )
    .unwrap();
    let (code, text) = common::cli(&["import", db, data.to_str().unwrap(), "--replace"]);
    assert_eq!(code, 0, "{text}");
    assert_eq!(yusuan::engine::store::backups(&path).len(), 1, "{text}");
    assert_eq!(text.matches("已保留备份").count(), 1, "{text}");
    let imported = std::fs::read(&path).unwrap();
    let (code, text) = common::cli(&["restore", db]);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("已恢复备份"), "{text}");
    let back =
        yusuan::engine::store::Store::open(&path, yusuan::engine::store::Access::ReadOnly).unwrap();
    assert!(
        back.budget().loaded_catalogs.is_empty(),
        "the state before the import"
    );
    drop(back);
    assert_eq!(yusuan::engine::store::backups(&path).len(), 2);
    let newest = &yusuan::engine::store::backups(&path)[0];
    let kept = yusuan::engine::store::Store::open(newest, yusuan::engine::store::Access::ReadOnly)
        .unwrap();
    assert_eq!(
        kept.budget().loaded_catalogs.len(),
        1,
        "the imported state, kept"
    );
    assert_ne!(std::fs::read(&path).unwrap(), imported);
}
