//! Import from .xlsx and .csv: the template round trip, 一体化 field names, projects named
//! by lines of the same import, and all or nothing: one bad row writes nothing and is
//! named with its sheet, row and column.

mod common;

use rust_xlsxwriter::Workbook;
use std::path::Path;
use std::process::Command;
use yusuan::import;
use yusuan::model::Nature;
use yusuan::store::{Access, Store};

fn workbook(path: &Path, sheets: &[(&str, Vec<Vec<&str>>)]) {
    let mut wb = Workbook::new();
    for (name, rows) in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(*name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                // Amounts and codes as numbers, as Excel users type them.
                match v.parse::<f64>() {
                    Ok(n) if !v.is_empty() => ws.write_number(r as u32, c as u16, n).unwrap(),
                    _ => ws.write_string(r as u32, c as u16, *v).unwrap(),
                };
            }
        }
    }
    wb.save(path).unwrap();
}

fn yusuan(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_yusuan"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn the_template_imports_as_it_is() {
    let dir = common::tempdir();
    let t = dir.path().join("模板.xlsx");
    std::fs::write(&t, import::template_xlsx().unwrap()).unwrap();
    let b = common::demo();
    let p = import::read(&t, &b);
    assert!(p.problems.is_empty(), "{:?}", p.problems);
    assert_eq!(
        (
            p.new_projects.len(),
            p.lines.len(),
            p.indicators.len(),
            p.procurement.len()
        ),
        (1, 1, 1, 1)
    );
    assert_eq!(p.lines[0].amount, common::yuan("620,000"));
    assert_eq!(p.indicators[0].project_id, Some(p.new_projects[0].id));
}

#[test]
fn lines_projects_and_indicators_from_one_workbook() {
    let dir = common::tempdir();
    let (db, store) = common::demo_file(&dir);
    let before = store.budget().clone();
    drop(store);
    let data = dir.path().join("数据.xlsx");
    workbook(
        &data,
        &[
            (
                "项目",
                vec![
                    vec!["项目名称", "单位", "项目类别", "当年预算"],
                    vec!["矛盾纠纷化解专项", "129001", "重点", "80000"],
                ],
            ),
            (
                "支出明细",
                vec![
                    // 一体化 field names.
                    vec![
                        "agency_code",
                        "exp_func_code",
                        "dep_bgt_eco_code",
                        "pro_name",
                        "支出性质",
                        "amount",
                    ],
                    vec![
                        "129001",
                        "2014004",
                        "30201",
                        "矛盾纠纷化解专项",
                        "项目支出",
                        "50000",
                    ],
                    vec![
                        "129001",
                        "2014004",
                        "30227",
                        "矛盾纠纷化解专项",
                        "项目支出",
                        "30000.5",
                    ],
                ],
            ),
            (
                "绩效指标",
                vec![
                    vec!["项目名称", "指标名称", "指标权重", "指标性质", "指标值"],
                    vec!["矛盾纠纷化解专项", "化解纠纷件数", "100", "≥", "200"],
                ],
            ),
        ],
    );
    let o = yusuan(&["import", db.to_str().unwrap(), data.to_str().unwrap()]);
    assert!(
        o.status.success(),
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    let after = Store::open(&db, Access::ReadOnly).unwrap().budget().clone();
    assert_eq!(after.lines.len(), before.lines.len() + 2);
    let project = after.project_by_name("矛盾纠纷化解专项").unwrap();
    let new_lines: Vec<_> = after
        .lines
        .iter()
        .filter(|l| l.project_id == Some(project.id))
        .collect();
    assert_eq!(new_lines.len(), 2);
    assert!(new_lines.iter().all(|l| l.nature == Nature::Project));
    let sum: yusuan::money::Money = new_lines.iter().map(|l| l.amount).sum();
    assert_eq!(sum, common::yuan("80,000.50"));
    assert_eq!(after.indicators_of(Some(project.id)).count(), 1);
    // One undoable step, with a backup kept first.
    assert!(!yusuan::store::backups(&db).is_empty());
}

#[test]
fn one_bad_row_writes_nothing_and_is_named() {
    let dir = common::tempdir();
    let (db, store) = common::demo_file(&dir);
    drop(store);
    let bytes = std::fs::read(&db).unwrap();
    let data = dir.path().join("有错.xlsx");
    workbook(
        &data,
        &[(
            "支出明细",
            vec![
                vec!["单位", "功能科目", "部门经济科目", "支出性质", "金额"],
                vec!["129001", "2014001", "30101", "基本支出", "1000"],
                vec!["129001", "9999999", "30101", "基本支出", "1000"],
                vec!["129001", "2014001", "30102", "基本支出", "12.345"],
            ],
        )],
    );
    let o = yusuan(&["import", db.to_str().unwrap(), data.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(out.contains("“支出明细”第 3 行“功能科目”"), "{out}");
    assert!(out.contains("“支出明细”第 4 行“金额”"), "{out}");
    assert!(String::from_utf8_lossy(&o.stderr).contains("未导入任何数据"));
    assert_eq!(std::fs::read(&db).unwrap(), bytes, "nothing written");
}

#[test]
fn a_gbk_csv_with_chinese_headers() {
    let dir = common::tempdir();
    let (db, store) = common::demo_file(&dir);
    let n = store.budget().lines.len();
    drop(store);
    let text = "单位,功能科目,部门经济科目,支出性质,资金来源,金额,备注\n\
                129001,2014001 行政运行,30201 办公费,基本支出,一般公共预算财政拨款,\"1,200.00\",打印纸\n";
    let (gbk, _, _) = encoding_rs::GBK.encode(text);
    let csv = dir.path().join("明细.csv");
    std::fs::write(&csv, &gbk).unwrap();
    // --dry-run checks and writes nothing.
    let bytes = std::fs::read(&db).unwrap();
    let o = yusuan(&[
        "import",
        db.to_str().unwrap(),
        csv.to_str().unwrap(),
        "--dry-run",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(std::fs::read(&db).unwrap(), bytes);
    let o = yusuan(&["import", db.to_str().unwrap(), csv.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let b = Store::open(&db, Access::ReadOnly).unwrap().budget().clone();
    assert_eq!(b.lines.len(), n + 1);
    let l = b.lines.last().unwrap();
    assert_eq!(
        (l.dept_econ.as_str(), l.remark.as_str()),
        ("30201", "打印纸")
    );
    assert_eq!(l.amount, common::yuan("1,200"));
}

#[test]
fn files_that_are_not_imports_get_a_message() {
    let dir = common::tempdir();
    let b = common::demo();
    let junk = dir.path().join("x.xlsx");
    std::fs::write(&junk, b"not a workbook").unwrap();
    let p = import::read(&junk, &b);
    assert!(p.problems[0].message.contains("不是可读取的 Excel 工作簿"));
    let other = dir.path().join("x.pdf");
    std::fs::write(&other, b"%PDF").unwrap();
    let p = import::read(&other, &b);
    assert!(p.problems[0].message.contains("只能导入 .xlsx 或 .csv"));
    let o = yusuan(&[
        "import",
        "--template",
        dir.path().join("t.xlsx").to_str().unwrap(),
    ]);
    assert!(o.status.success());
}

/// A line's 经费类型 (人员经费/公用经费) is declared once, with the line's other fields;
/// from that alone it is in the template, read from an import and from a paste, and
/// compared by the diff. Shanghai departments count retirees' 30302 退休费 as 公用经费,
/// where the economic class alone would make it 人员经费.
#[test]
fn the_cost_class_comes_from_its_declaration_everywhere() {
    use yusuan::model::CostClass;
    let b = common::demo();
    // The template's 支出明细 sheet has the column.
    let dir = common::tempdir();
    let t = dir.path().join("模板.xlsx");
    std::fs::write(&t, import::template_xlsx().unwrap()).unwrap();
    let sheets = import::read_sheets(&t).unwrap();
    let (_, lines) = sheets.iter().find(|(s, _)| s == "支出明细").unwrap();
    assert!(lines[0].iter().any(|h| h == "经费类型"), "{:?}", lines[0]);
    // An import.
    let data = dir.path().join("数据.xlsx");
    workbook(
        &data,
        &[(
            "支出明细",
            vec![
                vec![
                    "单位",
                    "功能科目",
                    "部门经济科目",
                    "支出性质",
                    "金额",
                    "经费类型",
                ],
                vec!["129001", "2080501", "30302", "基本支出", "1000", "公用经费"],
                vec!["129001", "2080501", "30302", "基本支出", "2000", ""],
            ],
        )],
    );
    let p = import::read(&data, &b);
    assert!(p.problems.is_empty(), "{:?}", p.problems);
    assert_eq!(p.lines[0].cost_class_override, Some(CostClass::Public));
    assert_eq!(
        p.lines[1].cost_class_override, None,
        "blank: by the economic class"
    );
    assert_eq!(b.cost_class(&p.lines[1]), CostClass::Personnel);
    // A paste with its header.
    let pasted = yusuan::paste::parse_lines(
        "单位\t功能科目\t部门经济科目\t支出性质\t金额\t人员/公用\n129001\t2080501\t30302\t基本支出\t500\t公用经费\n",
        &b,
    )
    .unwrap();
    assert_eq!(pasted[0].cost_class_override, Some(CostClass::Public));
    // The diff names it.
    let mut after = b.clone();
    after.lines[0].cost_class_override = Some(CostClass::Public);
    let d = yusuan::diff::diff(&b, &after);
    assert_eq!(d.records.len(), 1);
    assert_eq!(d.records[0].fields[0].field, "经费类型");
    assert_eq!(d.records[0].fields[0].after, "公用经费");
}
