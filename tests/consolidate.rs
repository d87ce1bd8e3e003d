//! Consolidation: the district tables equal the sum of the department tables, row by row
//! and column by column; check status per department; all or nothing on bad folders.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use yusuan::engine::model::Budget;
use yusuan::engine::money::Money;
use yusuan::engine::store::{Access, Store};
use yusuan::engine::tables::{self, Cell, Table};
use yusuan::exchange::generate::{GenSpec, large_budget};

fn department(code: u32, seed: u64) -> Budget {
    large_budget(GenSpec {
        lines: 300,
        units: 3,
        projects: 6,
        seed,
        department: code,
    })
}

fn folder_of(dir: &Path, budgets: &[Budget]) -> Vec<PathBuf> {
    budgets
        .iter()
        .map(|b| {
            let p = dir.join(format!("{}.db", b.department.code));
            drop(Store::create(&p, b).unwrap());
            p
        })
        .collect()
}

/// Amounts of a table by (row key, column), for tables whose rows are keyed by code.
fn amounts(t: &Table) -> BTreeMap<(String, usize), Money> {
    let mut m = BTreeMap::new();
    for r in &t.rows {
        for (c, cell) in r.cells.iter().enumerate() {
            if let Cell::Money(v) = cell {
                *m.entry((r.key(), c)).or_default() += *v;
            }
        }
    }
    m
}

/// Tables keyed by code (2, 3, 5–9, 11, 12) and the one-row 三公 table (10).
const KEYED: [u8; 10] = [2, 3, 5, 6, 7, 8, 9, 10, 11, 12];

fn assert_sum_of_parts(total: &Budget, parts: &[&Budget]) {
    for n in KEYED {
        let got = amounts(&tables::table(total, n));
        let mut want: BTreeMap<(String, usize), Money> = BTreeMap::new();
        for b in parts {
            for (k, v) in amounts(&tables::table(b, n)) {
                *want.entry(k).or_default() += v;
            }
        }
        want.retain(|_, v| !v.is_zero());
        let got: BTreeMap<_, _> = got.into_iter().filter(|(_, v)| !v.is_zero()).collect();
        assert_eq!(got, want, "table {n}");
    }
}

#[test]
fn district_tables_are_the_sum_of_the_department_tables() {
    let dir = common::tempdir();
    let depts = [department(101, 1), department(102, 2), department(103, 3)];
    folder_of(dir.path(), &depts);
    // A hidden file beside them (as yusuan's backups are) is not a department.
    std::fs::write(dir.path().join(".101.db.yusuan-backup-x"), b"x").unwrap();
    let c = yusuan::exchange::consolidate::consolidate_dir(dir.path()).unwrap();
    assert_eq!(c.departments.len(), 3);
    assert_eq!(c.budget.lines.len(), 900);
    assert_eq!(c.budget.units.len(), 9);
    assert_eq!(c.budget.projects.len(), 18);
    let parts: Vec<&Budget> = depts.iter().collect();
    assert_sum_of_parts(&c.budget, &parts);
    // Income and spending by department, and in total.
    let spending: Money = depts
        .iter()
        .flat_map(|b| b.lines.iter().map(|l| l.amount))
        .sum();
    let total: Money = c.budget.lines.iter().map(|l| l.amount).sum();
    assert_eq!(total, spending);
    for ((status, b), original) in c.departments.iter().zip(&depts) {
        assert_eq!(status.code, original.department.code);
        assert_eq!(b, original);
        let (e, w) = yusuan::engine::checks::counts(&yusuan::engine::derived::findings(original));
        assert_eq!((status.errors, status.warnings), (e, w));
    }
    // The district budget is a budget the program accepts, and reads back the same.
    let out = dir.path().join("out").join("district.db");
    std::fs::create_dir_all(out.parent().unwrap()).unwrap();
    yusuan::exchange::consolidate::write(&c, &out).unwrap();
    let back = Store::open(&out, Access::ReadOnly).unwrap();
    assert_sum_of_parts(back.budget(), &parts);
    // The summary: a line per department and the total.
    let csv = yusuan::exchange::consolidate::summary_csv(&c);
    assert_eq!(csv.lines().count(), 5);
    assert!(csv.lines().last().unwrap().contains(&total.plain()));
}

#[test]
fn a_department_with_errors_is_reported_not_hidden() {
    let dir = common::tempdir();
    let mut bad = department(202, 5);
    // Spending 1,000.00 above income: the balance checks find errors.
    bad.lines[0].amount += Money::from_yuan(1000);
    folder_of(dir.path(), &[department(201, 4), bad]);
    let c = yusuan::exchange::consolidate::consolidate_dir(dir.path()).unwrap();
    let by_code: BTreeMap<&str, usize> = c
        .departments
        .iter()
        .map(|(d, _)| (d.code.as_str(), d.errors))
        .collect();
    assert_eq!(by_code["201"], 0);
    assert!(by_code["202"] > 0);
}

#[test]
fn bad_folders_write_nothing_and_name_each_file() {
    let dir = common::tempdir();
    let files = folder_of(dir.path(), &[department(301, 1), department(302, 2)]);
    let damaged = dir.path().join("坏文件.db");
    std::fs::write(&damaged, b"not a database at all").unwrap();
    let e = yusuan::exchange::consolidate::consolidate_dir(dir.path())
        .err()
        .unwrap();
    assert!(e.contains("坏文件.db"), "{e}");
    std::fs::remove_file(&damaged).unwrap();

    // The same department twice (a draft and its copy).
    let copy = dir.path().join("301-副本.db");
    std::fs::copy(&files[0], &copy).unwrap();
    let e = yusuan::exchange::consolidate::consolidate_dir(dir.path())
        .err()
        .unwrap();
    assert!(
        e.contains("部门代码 301") && e.contains("301-副本.db"),
        "{e}"
    );
    std::fs::remove_file(&copy).unwrap();

    // Another year.
    let mut other = department(303, 3);
    other.department.year = 2024;
    folder_of(dir.path(), &[other]);
    let e = yusuan::exchange::consolidate::consolidate_dir(dir.path())
        .err()
        .unwrap();
    assert!(e.contains("303.db") && e.contains("2024"), "{e}");
}

#[test]
fn consolidate_on_the_command_line() {
    let dir = common::tempdir();
    let depts = [department(401, 1), department(402, 2)];
    folder_of(dir.path(), &depts);
    let out = dir.path().join("汇总.db"); // inside the folder: left out of the inputs
    let tables_dir = dir.path().join("表");
    let run = |extra: &[&str]| {
        let mut args = vec![
            "consolidate".to_string(),
            dir.path().display().to_string(),
            "--out".into(),
            out.display().to_string(),
            "--tables".into(),
            tables_dir.display().to_string(),
        ];
        args.extend(extra.iter().map(|s| s.to_string()));
        Command::new(env!("CARGO_BIN_EXE_yusuan"))
            .args(&args)
            .output()
            .unwrap()
    };
    let o = run(&[]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let stdout = String::from_utf8(o.stdout).unwrap();
    assert!(stdout.starts_with("部门代码,部门名称"), "{stdout}");
    assert_eq!(stdout.lines().count(), 4);
    let back = Store::open(&out, Access::ReadOnly).unwrap();
    assert_eq!(back.budget().lines.len(), 600);
    drop(back);
    assert!(tables_dir.join("合计").join("table03.csv").exists());
    assert!(
        tables_dir
            .join("401-某区测试401局")
            .join("table03.csv")
            .exists()
    );
    // Again: the output exists; refused without --force, replaced with it.
    let o = run(&[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--force"));
    let o = run(&["--force"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let back = Store::open(&out, Access::ReadOnly).unwrap();
    assert_eq!(back.budget().lines.len(), 600);
}

/// A department whose lines the roster computes: in the district's file they are figures
/// like any other (its roster and standards stay in its own file), and the total holds.
#[test]
fn computed_lines_consolidate_as_figures() {
    let dir = common::tempdir();
    let demo = common::demo();
    let depts = [demo.clone(), department(101, 1)];
    folder_of(dir.path(), &depts);
    let c = yusuan::exchange::consolidate::consolidate_dir(dir.path()).unwrap();
    assert!(c.budget.lines.iter().all(|l| !l.is_computed()));
    let out = dir.path().join("out").join("district.db");
    std::fs::create_dir_all(out.parent().unwrap()).unwrap();
    yusuan::exchange::consolidate::write(&c, &out).unwrap();
    let back = Store::open(&out, Access::ReadOnly).unwrap();
    let total: Money = back.budget().lines.iter().map(|l| l.amount).sum();
    let spending: Money = depts
        .iter()
        .flat_map(|b| b.lines.iter().map(|l| l.amount))
        .sum();
    assert_eq!(total, spending);
    assert_sum_of_parts(back.budget(), &[&depts[0], &depts[1]]);
}
