//! Comparing two budget files: a known set of edits is reported exactly, and the table
//! figures that follow from them, before and after (worked out by hand from the seed's
//! printed tables).

mod common;

use std::process::Command;
use yusuan::engine::edit::Edit;
use yusuan::engine::store::{Access, Store};
use yusuan::exchange::diff::{ChangeKind, diff};

#[test]
fn identical_budgets_have_no_differences() {
    let b = common::demo();
    assert!(diff(&b, &b).is_empty());
}

/// The draft is the demo; the revision raises the first line (the office's 30201 办公费
/// under 2014001 行政运行) from 328,537.98 to 333,537.98 and renames the first project.
#[test]
fn a_known_set_of_edits_is_reported_exactly() {
    let dir = common::tempdir();
    let (path_a, store) = common::demo_file(&dir);
    drop(store);
    let path_b = dir.path().join("revised.db");
    std::fs::copy(&path_a, &path_b).unwrap();
    let mut s = Store::open(&path_b, Access::ReadWrite).unwrap();
    let mut line = s.budget().lines[0].clone();
    assert_eq!(line.amount, common::yuan("328,537.98"));
    line.amount = common::yuan("333,537.98");
    let mut project = s.budget().projects[0].clone();
    let old_name = project.name.clone();
    project.name = format!("{old_name}（调整）");
    s.apply(Edit::Batch(vec![
        Edit::PutLines(vec![line.clone()]),
        Edit::put(project.clone()),
    ]))
    .unwrap();
    let b = s.budget().clone();
    drop(s);
    let a = Store::open(&path_a, Access::ReadOnly)
        .unwrap()
        .budget()
        .clone();

    let d = diff(&a, &b);
    let summary: Vec<(&str, ChangeKind, Vec<&str>)> = d
        .records
        .iter()
        .map(|r| {
            (
                r.sheet,
                r.kind,
                r.fields.iter().map(|f| f.field).collect::<Vec<_>>(),
            )
        })
        .collect();
    // The line's amount and the project's name: a rename is one change (lines and
    // indicators refer to the project by id, so they did not change).
    assert_eq!(
        summary,
        vec![
            ("支出明细", ChangeKind::Changed, vec!["金额"]),
            ("项目", ChangeKind::Changed, vec!["项目名称"]),
        ]
    );
    let amount = &d.records[0].fields[0];
    assert_eq!(
        (amount.before.as_str(), amount.after.as_str()),
        ("328,537.98", "333,537.98")
    );

    // Table 3: 2014001 行政运行 总计 and 基本支出 3,129,066.95 + 5,000 = 3,134,066.95; the
    // 类 201 8,555,192.31 → 8,560,192.31; the total 10,250,408.78 → 10,255,408.78.
    let t3: Vec<(&str, &str, &str, &str)> = d
        .cells
        .iter()
        .filter(|c| c.table == 3)
        .map(|c| {
            (
                c.row.as_str(),
                c.column.as_str(),
                c.before.as_str(),
                c.after.as_str(),
            )
        })
        .collect();
    assert!(
        t3.contains(&("合计", "总计", "10,250,408.78", "10,255,408.78")),
        "{t3:?}"
    );
    assert!(t3.contains(&(
        "201 一般公共服务支出",
        "总计",
        "8,555,192.31",
        "8,560,192.31"
    )));
    assert!(t3.contains(&(
        "2014001 行政运行",
        "基本支出",
        "3,129,066.95",
        "3,134,066.95"
    )));
    // Nothing reported that did not change.
    assert!(d.cells.iter().all(|c| c.before != c.after));
    // The project's new name appears in tables 13 and 16/17, its old one disappears.
    assert!(d.cells.iter().any(|c| c.after.contains("（调整）")));

    // The same through the command line: exit 1 on differences, 0 on none.
    let run = |x: &std::path::Path, y: &std::path::Path| {
        Command::new(env!("CARGO_BIN_EXE_yusuan"))
            .args(["diff", x.to_str().unwrap(), y.to_str().unwrap()])
            .output()
            .unwrap()
    };
    let o = run(&path_a, &path_b);
    assert_eq!(o.status.code(), Some(1));
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(text.contains("金额：328,537.98 → 333,537.98"), "{text}");
    assert!(text.contains("表三\t2014001 行政运行\t基本支出\t3,129,066.95 → 3,134,066.95"));
    let o = run(&path_a, &path_a);
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn added_and_removed_lines() {
    let a = common::demo();
    let mut b = a.clone();
    let removed = b.lines.remove(5);
    let mut added = b.lines[0].clone();
    added.id = 10_000;
    added.remark = "新增的一行".into();
    b.lines.push(added);
    let d = diff(&a, &b);
    let lines: Vec<(ChangeKind, &str)> = d
        .records
        .iter()
        .filter(|r| r.sheet == "支出明细")
        .map(|r| (r.kind, r.record.as_str()))
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0].0, ChangeKind::Removed);
    assert!(lines[0].1.starts_with(&format!("#{} ", removed.id)));
    assert_eq!(lines[1].0, ChangeKind::Added);
    assert!(lines[1].1.starts_with("#10000 "));
}

/// Two files of different departments and years: the comparison says so first, and pairs
/// records by what they are (a unit by its code), never by their place in the file.
#[test]
fn different_departments_are_named_and_paired_by_keys() {
    let a = common::demo();
    let mut b = a.clone();
    b.department.code = "305".into();
    b.department.name = "重庆市南岸区测试局".into();
    b.department.year = 2026;
    // The first unit of the other department is another unit, in the same place.
    b.units[0].code = "305001".into();
    b.units[0].name = "重庆市南岸区测试局（本级）".into();
    let d = diff(&a, &b);
    assert_eq!(
        d.warning.as_deref(),
        Some(
            "注意：两个文件不是同一部门、同一年度的预算（129 重庆市渝北区信访办公室 2025 年 / 305 重庆市南岸区测试局 2026 年）；记录按单位代码、科目等对应，不按顺序"
        )
    );
    let units: Vec<(ChangeKind, &str)> = d
        .records
        .iter()
        .filter(|r| r.sheet == "单位")
        .map(|r| (r.kind, r.record.as_str()))
        .collect();
    assert_eq!(
        units,
        vec![
            (ChangeKind::Removed, "129001 重庆市渝北区信访办公室（本级）"),
            (ChangeKind::Added, "305001 重庆市南岸区测试局（本级）"),
        ]
    );
    // The office's lines are under another unit code now: each is gone and another is
    // there, none is “changed” into the other.
    let lines = d.records.iter().filter(|r| r.sheet == "支出明细");
    assert!(lines.clone().all(|r| r.kind != ChangeKind::Changed));
    assert!(lines.count() > 0);
    // The command line says it first, on standard error.
    let dir = common::tempdir();
    let (pa, pb) = (dir.path().join("a.db"), dir.path().join("b.db"));
    drop(Store::create(&pa, &a).unwrap());
    drop(Store::create(&pb, &b).unwrap());
    let (code, text) = common::cli(&["diff", pa.to_str().unwrap(), pb.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(
        text.contains("注意：两个文件不是同一部门、同一年度的预算"),
        "{text}"
    );
}
