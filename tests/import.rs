//! Import from .xlsx and .csv: the template round trip, 一体化 field names, projects named
//! by lines of the same import, and all or nothing: one bad row writes nothing and is
//! named with its sheet, row and column.

mod common;

use rust_xlsxwriter::Workbook;
use std::path::Path;
use std::process::Command;
use yusuan::engine::kinds::Nature;
use yusuan::engine::store::{Access, Store};
use yusuan::exchange::import;

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
    // Its 单位信息, 单位, 收入, 上年数, 资产 and 变动原因 are the budget's own: unchanged.
    assert!(p.department.is_none());
    assert!(p.new_units.is_empty() && p.updated_units.is_empty());
    assert!(p.income.is_empty() && p.prior_functions.is_empty() && p.prior_items.is_empty());
    assert!(p.assets.is_empty() && p.reasons.is_empty());
    // The window's template for a budget holds all of that budget's keyed records.
    let mine = dir.path().join("本预算模板.xlsx");
    std::fs::write(
        &mine,
        yusuan::exchange::workbook::template_xlsx_for(&b).unwrap(),
    )
    .unwrap();
    let p = import::read(&mine, &b);
    assert!(p.problems.is_empty(), "{:?}", p.problems);
    assert_eq!(
        p.summary(),
        "人员 1 行、项目 1 个、支出明细 1 条、绩效指标 1 个、政府采购 1 项"
    );
    let sheets = import::read_sheets(&mine).unwrap();
    let units = &sheets.iter().find(|s| s.name == "单位").unwrap().rows;
    assert_eq!(units.len(), 1 + 3, "the demo's three units");
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
    let sum: yusuan::engine::money::Money = new_lines.iter().map(|l| l.amount).sum();
    assert_eq!(sum, common::yuan("80,000.50"));
    assert_eq!(after.indicators_of(Some(project.id)).count(), 1);
    // One undoable step, with a backup kept first.
    assert!(!yusuan::engine::store::backups(&db).is_empty());
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
    use yusuan::engine::kinds::CostClass;
    let b = common::demo();
    // The template's 支出明细 sheet has the column.
    let dir = common::tempdir();
    let t = dir.path().join("模板.xlsx");
    std::fs::write(&t, import::template_xlsx().unwrap()).unwrap();
    let sheets = import::read_sheets(&t).unwrap();
    let lines = &sheets.iter().find(|s| s.name == "支出明细").unwrap().rows;
    assert!(
        lines.row(0).iter().any(|h| h == "经费类型"),
        "{:?}",
        lines.row(0)
    );
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
    let pasted = yusuan::exchange::paste::parse_lines(
        "单位\t功能科目\t部门经济科目\t支出性质\t金额\t人员/公用\n129001\t2080501\t30302\t基本支出\t500\t公用经费\n",
        &b,
    )
    .unwrap();
    assert_eq!(pasted[0].cost_class_override, Some(CostClass::Public));
    // The diff names it.
    let mut after = b.clone();
    after.lines[0].cost_class_override = Some(CostClass::Public);
    let d = yusuan::exchange::diff::diff(&b, &after);
    assert_eq!(d.records.len(), 1);
    assert_eq!(d.records[0].fields[0].field, "经费类型");
    assert_eq!(d.records[0].fields[0].after, "公用经费");
}

/// A department's spreadsheet, as an officer keeps it, in the sheets of the template.
fn officers_workbook(path: &Path) {
    workbook(
        path,
        &[
            // Any order: the lines come before the units they name.
            (
                "支出明细",
                vec![
                    vec![
                        "单位",
                        "功能科目",
                        "部门经济科目",
                        "支出性质",
                        "项目",
                        "资金来源",
                        "金额",
                        "经费类型",
                    ],
                    vec![
                        "301001",
                        "2014001 行政运行",
                        "30101 基本工资",
                        "基本支出",
                        "",
                        "",
                        "500000",
                        "",
                    ],
                    // Retirees' pay counted as 公用经费, as Shanghai departments count it.
                    vec![
                        "测试局本级",
                        "2080501",
                        "30302",
                        "基本支出",
                        "",
                        "",
                        "100000",
                        "公用经费",
                    ],
                    vec![
                        "301002",
                        "2014050",
                        "30201",
                        "基本支出",
                        "",
                        "",
                        "200000",
                        "",
                    ],
                    vec![
                        "301001",
                        "2014004",
                        "30227",
                        "项目支出",
                        "宣传专项",
                        "一般公共预算财政拨款",
                        "200000",
                        "",
                    ],
                ],
            ),
            (
                "单位",
                vec![
                    vec!["单位代码", "单位名称", "单位类型", "简称"],
                    vec!["301001", "测试局本级", "行政单位", "本级"],
                    vec!["301002", "测试中心", "事业单位", ""],
                ],
            ),
            (
                "收入",
                vec![
                    vec!["资金来源", "本年预算数", "上年预算数"],
                    vec!["1 一般公共预算", "1000000", "900000"],
                ],
            ),
            (
                "项目",
                vec![
                    vec!["项目名称", "单位", "项目类别", "当年预算"],
                    vec!["宣传专项", "301001", "一般", "200000"],
                ],
            ),
            (
                "上年数",
                vec![
                    vec!["功能科目", "支出性质", "项目", "上年预算数"],
                    vec!["2014001", "基本支出", "", "700000"],
                    vec!["2014004", "项目支出", "", "200000"],
                    vec!["", "", "公务接待费", "10000"],
                ],
            ),
            (
                "绩效指标",
                vec![
                    vec!["项目名称", "指标名称", "指标权重", "指标性质", "指标值"],
                    vec!["宣传专项", "宣传活动场次", "100", "≥", "12"],
                ],
            ),
        ],
    );
}

/// A table as `yusuan tables` writes it: its rows of cells.
fn table_csv(dir: &Path, n: u8) -> Vec<Vec<String>> {
    std::fs::read_to_string(dir.join(format!("table{n:02}.csv")))
        .unwrap()
        .lines()
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect()
}

/// The row of a table whose first cell is `first`.
fn row<'t>(t: &'t [Vec<String>], first: &str) -> &'t [String] {
    t.iter()
        .find(|r| r[0] == first)
        .unwrap_or_else(|| panic!("no row {first} in {t:?}"))
}

/// `yusuan new` of 测试局 (部门代码 301) for 2026, in `dir`.
fn new_file(dir: &tempfile::TempDir) -> std::path::PathBuf {
    let db = dir.path().join("测试局.db");
    ok(&yusuan(&[
        "new",
        db.to_str().unwrap(),
        "--name",
        "测试局",
        "--code",
        "301",
        "--year",
        "2026",
    ]));
    db
}

fn ok(o: &std::process::Output) {
    assert!(
        o.status.success(),
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
}

/// `yusuan new`, then one import of the officer's workbook (units, income, projects,
/// lines with a 经费类型, last year's figures, indicators): the tables hold what the
/// workbook says, worked out by hand below.
#[test]
fn a_new_budget_filled_from_one_workbook() {
    let dir = common::tempdir();
    let db = dir.path().join("测试局.db");
    let data = dir.path().join("数据.xlsx");
    officers_workbook(&data);
    let db_s = db.to_str().unwrap();
    ok(&yusuan(&[
        "new",
        db_s,
        "--name",
        "测试局",
        "--code",
        "301",
        "--year",
        "2026",
        "--region",
        "渝北区",
    ]));
    ok(&yusuan(&["import", db_s, data.to_str().unwrap()]));
    let out = dir.path().join("表");
    ok(&yusuan(&["tables", db_s, "--out", out.to_str().unwrap()]));

    // Lines: 500,000 (30101) + 100,000 (30302) + 200,000 (30201, the 中心) are 基本支出,
    // 200,000 (宣传专项) 项目支出: 1,000,000 in all, as the income.
    // Spending by function 类: 201 is 500,000 + 200,000 + 200,000, 208 the 100,000.
    let t1 = table_csv(&out, 1);
    assert_eq!(
        row(&t1, "一般公共预算财政拨款资金")[1..],
        ["1000000.00", "一般公共服务支出", "900000.00"]
    );
    assert_eq!(
        row(&t1, "政府性基金预算财政拨款资金")[2..],
        ["社会保障和就业支出", "100000.00"]
    );
    let t3 = table_csv(&out, 3);
    assert_eq!(
        row(&t3, "合计")[2..],
        ["1000000.00", "800000.00", "200000.00"]
    );
    assert_eq!(row(&t3, "2014004")[2..], ["200000.00", "", "200000.00"]);
    // 上年数: 2014001 was 700,000 and is 500,000: (500,000 − 700,000) / 700,000 = −28.6%;
    // in all 900,000 → 1,000,000 is +11.1%.
    let t5 = table_csv(&out, 5);
    assert_eq!(row(&t5, "2014001")[2], "700000.00");
    assert_eq!(row(&t5, "2014001")[6], "-29%");
    assert_eq!(row(&t5, "合计")[6], "11%");
    // 人员经费: 30101 alone, 500,000; 30302 was declared 公用经费, so 公用 is 200,000 +
    // 100,000 = 300,000.
    let t6 = table_csv(&out, 6);
    assert_eq!(
        row(&t6, "合计")[2..],
        ["800000.00", "500000.00", "300000.00"]
    );
    assert_eq!(row(&t6, "30302")[2..], ["100000.00", "", "100000.00"]);
    // 政府经济分类: the 行政单位's 30302 is 50905, the 事业单位's 30201 is 50502.
    let t7 = table_csv(&out, 7);
    assert_eq!(row(&t7, "50905")[2], "100000.00");
    assert_eq!(row(&t7, "50502")[2], "200000.00");
    // Last year's 公务接待费, this year none.
    let t10 = table_csv(&out, 10);
    assert_eq!(t10[1][6], "10000.00");
    assert_eq!(t10[1][11], "10000.00");
    // The project, in its unit, with its indicator.
    let t13 = table_csv(&out, 13);
    assert_eq!(
        row(&t13, "宣传专项")[1..4],
        ["测试局本级", "一般", "200000.00"]
    );
    let b = Store::open(&db, Access::ReadOnly).unwrap().budget().clone();
    let project = b.project_by_name("宣传专项").unwrap();
    let targets: Vec<&str> = b
        .indicators_of(Some(project.id))
        .map(|i| i.name.as_str())
        .collect();
    assert_eq!(targets, ["宣传活动场次"]);
    assert_eq!(b.unit(project.unit_id).unwrap().short_name, "本级");
    let kinds: Vec<&str> = b.units.iter().map(|u| u.kind.label()).collect();
    assert_eq!(kinds, ["行政", "事业"]);
}

#[test]
fn new_refuses_an_existing_file_a_bad_year_and_no_name() {
    let dir = common::tempdir();
    let (db, store) = common::demo_file(&dir);
    drop(store);
    let before = std::fs::read(&db).unwrap();
    let o = yusuan(&[
        "new",
        db.to_str().unwrap(),
        "--name",
        "某局",
        "--year",
        "2026",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("文件已存在"));
    assert_eq!(std::fs::read(&db).unwrap(), before);
    let fresh = dir.path().join("新.db");
    let f = fresh.to_str().unwrap();
    let o = yusuan(&["new", f, "--name", "某局", "--year", "1999"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("预算年度“1999”应在 2000 至 2100 之间"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let o = yusuan(&["new", f, "--name", " ", "--year", "2026"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("请填写部门名称"));
    let o = yusuan(&[
        "new", f, "--name", "某局", "--year", "2026", "--layout", "x",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("没有表样“x”"));
    assert!(!fresh.exists(), "nothing created");
}

/// One bad cell on one sheet of a workbook of many: nothing is written, and the message
/// names the sheet, the row Excel shows and the column; a line naming a unit that is in
/// neither the budget nor the workbook is refused.
#[test]
fn a_bad_row_on_one_sheet_writes_nothing() {
    let dir = common::tempdir();
    let db = new_file(&dir);
    let db_s = db.to_str().unwrap();
    let before = std::fs::read(&db).unwrap();
    let data = dir.path().join("数据.xlsx");
    workbook(
        &data,
        &[
            // Not a sheet name yusuan knows: known by its header, named as the file names it.
            (
                "单位表",
                vec![
                    vec!["单位代码", "单位名称", "单位类型"],
                    vec!["301001", "测试局本级", "行政"],
                    vec![],
                    vec!["301002", "测试中心", "部门"],
                ],
            ),
            (
                "支出明细",
                vec![
                    vec!["单位", "功能科目", "部门经济科目", "支出性质", "金额"],
                    vec!["301001", "2014001", "30101", "基本支出", "1000"],
                    vec!["301009", "2014001", "30101", "基本支出", "1000"],
                ],
            ),
        ],
    );
    let o = yusuan(&["import", db_s, data.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let out = String::from_utf8(o.stdout).unwrap();
    // Row 4 as Excel shows it: the blank row 3 is counted.
    assert!(
        out.contains("“单位表”第 4 行“单位类型”：“部门”应为 行政、参公、事业"),
        "{out}"
    );
    assert!(
        out.contains("“支出明细”第 3 行“单位”：没有单位“301009”"),
        "{out}"
    );
    assert_eq!(out.lines().count(), 2, "{out}");
    assert_eq!(std::fs::read(&db).unwrap(), before, "nothing written");
}

/// A CSV file is one sheet, known by its header: units in UTF-8 (with the BOM Excel
/// writes), income in GBK.
#[test]
fn csv_files_of_units_and_income() {
    let dir = common::tempdir();
    let db = new_file(&dir);
    let db_s = db.to_str().unwrap();
    let units = dir.path().join("单位.csv");
    std::fs::write(
        &units,
        "\u{feff}agency_code,agency_name,单位性质\n301001,测试局本级,参照公务员法管理事业单位\n",
    )
    .unwrap();
    ok(&yusuan(&["import", db_s, units.to_str().unwrap()]));
    let income = dir.path().join("收入.csv");
    let (gbk, _, _) = encoding_rs::GBK
        .encode("资金来源,本年预算数,上年预算数\n一般公共预算财政拨款,\"1,200.50\",1000\n");
    std::fs::write(&income, &gbk).unwrap();
    ok(&yusuan(&["import", db_s, income.to_str().unwrap()]));
    let b = Store::open(&db, Access::ReadOnly).unwrap().budget().clone();
    assert_eq!(b.units.len(), 1);
    assert_eq!(
        b.units[0].kind,
        yusuan::engine::kinds::UnitKind::CivilServiceManaged
    );
    assert_eq!(b.income[0].current, common::yuan("1,200.50"));
    assert_eq!(b.income[0].prior, common::yuan("1,000"));
    // The same units again: nothing to change, and said so; not an error.
    let o = yusuan(&["import", db_s, units.to_str().unwrap()]);
    ok(&o);
    assert!(String::from_utf8_lossy(&o.stderr).contains("没有需要导入的变化"));
    // A CSV of projects is known by its header (项目名称 and 单位 are all a project
    // needs, where a line needs more).
    let projects = dir.path().join("项目.csv");
    std::fs::write(&projects, "项目名称,单位\n宣传专项,301001\n").unwrap();
    ok(&yusuan(&["import", db_s, projects.to_str().unwrap()]));
    let b = Store::open(&db, Access::ReadOnly).unwrap().budget().clone();
    assert_eq!(b.projects.len(), 1);
}

/// 单位信息 of another year is refused: a workbook of 2025 does not go into 2026's file.
#[test]
fn department_facts_of_another_year_are_refused() {
    let dir = common::tempdir();
    let db = new_file(&dir);
    let db_s = db.to_str().unwrap();
    let data = dir.path().join("数据.xlsx");
    workbook(
        &data,
        &[(
            "单位信息",
            vec![
                vec!["项目", "内容"],
                vec!["部门名称", "测试局"],
                vec!["预算年度", "2025"],
                vec!["联系人", "张三"],
            ],
        )],
    );
    let o = yusuan(&["import", db_s, data.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&o.stdout)
            .contains("“单位信息”第 3 行“预算年度”：预算年度 2025 与本预算文件的 2026 年不同"),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
}

/// `export --data` writes every sheet the import reads, each headed as the template is.
#[test]
fn the_data_workbook_has_the_templates_sheets() {
    let dir = common::tempdir();
    let (db, store) = common::demo_file(&dir);
    drop(store);
    let data = dir.path().join("数据.xlsx");
    ok(&yusuan(&[
        "export",
        db.to_str().unwrap(),
        "--data",
        data.to_str().unwrap(),
        "--names",
    ]));
    let t = dir.path().join("模板.xlsx");
    std::fs::write(&t, import::template_xlsx().unwrap()).unwrap();
    let ours = import::read_sheets(&data).unwrap();
    let template = import::read_sheets(&t).unwrap();
    let names = |s: &[import::SheetRows]| {
        s.iter()
            .map(|x| (x.name.clone(), x.rows.row(0).to_vec()))
            .collect::<Vec<_>>()
    };
    assert_eq!(names(&ours), names(&template));
    let sheets: Vec<String> = ours.iter().map(|s| s.name.clone()).collect();
    assert_eq!(
        sheets,
        [
            "单位信息",
            "单位",
            "测算标准",
            "人员",
            "收入",
            "上年数",
            "项目",
            "支出明细",
            "绩效指标",
            "政府采购",
            "资产",
            "变动原因"
        ]
    );
    let lines = &ours.iter().find(|s| s.name == "支出明细").unwrap().rows;
    assert_eq!(lines.len(), 1 + 89, "the demo's 89 lines under the header");
}

/// An official catalog the budget carries goes out with its data and comes back: the
/// tables print its names.
#[test]
fn an_official_catalog_survives_the_data_workbook() {
    use yusuan::engine::catalog::{CatalogKind, LoadedCatalog};
    let mut b = common::demo();
    let entries: Vec<(String, String)> = b
        .catalog
        .function
        .iter()
        .map(|(c, n)| {
            let n = if c == "2014001" {
                "行政运行（官方）"
            } else {
                n
            };
            (c.to_string(), n.to_string())
        })
        .collect();
    b.loaded_catalogs = vec![LoadedCatalog::Codes(CatalogKind::Function, entries)];
    b.catalog = yusuan::engine::catalog::Catalog::with_loaded(&b.loaded_catalogs);
    let back = common::through_data_workbook(&b);
    assert_eq!(back.loaded_catalogs, b.loaded_catalogs);
    let t3 = yusuan::engine::tables::table(&back, 3);
    assert!(
        t3.rows
            .iter()
            .any(|r| r.cells.iter().any(|c| c.display() == "行政运行（官方）")),
        "table 3 names 2014001 by the official catalog"
    );
}

/// A workbook exported, changed in Excel and imported back into its own file with
/// --replace gives the budget the workbook shows; without it the repeated lines are
/// pointed out.
#[test]
fn an_exported_workbook_comes_back_with_replace() {
    let dir = common::tempdir();
    let (db, store) = common::demo_file(&dir);
    drop(store);
    let db_s = db.to_str().unwrap();
    let data = dir.path().join("数据.xlsx");
    ok(&yusuan(&["export", db_s, "--data", data.to_str().unwrap()]));
    // As a colleague with Excel would: 办公费 328,537.98 (the first line) becomes 333,537.98.
    let mut sheets = import::read_sheets(&data).unwrap();
    let sheet = sheets.iter_mut().find(|s| s.name == "支出明细").unwrap();
    let mut lines = sheet.rows.to_vecs();
    let amount = lines[0].iter().position(|h| h == "金额").unwrap();
    assert_eq!(lines[1][amount], "328537.98");
    lines[1][amount] = "333537.98".into();
    sheet.rows = lines.into_iter().collect();
    let b = common::demo();
    // Added, the 89 lines would be there twice: the preview says so.
    let added = import::preview(&sheets, &b, import::Mode::Add);
    assert!(
        added
            .notes
            .iter()
            .any(|n| n.contains("有 88 条支出明细与预算中已有的完全相同")),
        "{:?}",
        added.notes
    );
    let replaced = import::preview(&sheets, &b, import::Mode::Replace);
    assert!(replaced.problems.is_empty(), "{:?}", replaced.problems);
    assert_eq!(replaced.removed.lines.len(), 89);
    assert!(
        replaced
            .summary()
            .contains("替换已有的支出明细 89 条、人员 20 行、绩效指标 28 个")
    );
    // The same through the command line, into the file itself.
    let changed = dir.path().join("改过.xlsx");
    let rows: Vec<(&str, Vec<Vec<&str>>)> = sheets
        .iter()
        .map(|s| (s.name.as_str(), s.rows.iter().map(|r| r.cells()).collect()))
        .collect();
    workbook(&changed, &rows);
    ok(&yusuan(&[
        "import",
        db_s,
        changed.to_str().unwrap(),
        "--replace",
    ]));
    let after = Store::open(&db, Access::ReadOnly).unwrap().budget().clone();
    assert_eq!(after.lines.len(), 89);
    assert_eq!(after.indicators.len(), b.indicators.len());
    // Spending is the seed's 10,250,408.78 and 5,000 more.
    let total: yusuan::engine::money::Money = after.lines.iter().map(|l| l.amount).sum();
    assert_eq!(total, common::yuan("10,255,408.78"));
}

/// What a workbook may hold by mistake is refused or left out, and said: an amount
/// column of another name, a blank amount, a date for an amount; a hidden sheet, a copy
/// of a sheet; a title row above the header is passed over.
#[test]
fn what_a_workbook_holds_by_mistake() {
    let dir = common::tempdir();
    let b = common::demo();
    let head = vec![
        "单位",
        "功能科目",
        "部门经济科目",
        "支出性质",
        "金额（万元）",
    ];
    let data = dir.path().join("万元.xlsx");
    workbook(
        &data,
        &[(
            "支出明细",
            vec![head, vec!["129001", "2014001", "30101", "基本支出", "62"]],
        )],
    );
    let p = import::read(&data, &b);
    assert_eq!(
        p.problems[0].to_string(),
        "“支出明细”第 1 行：表头缺少“金额”（表头应为：单位、功能科目、部门经济科目、政府经济科目、支出性质、项目、资金来源、金额、备注、经费类型、测算、手工调整；“金额（万元）”不是可导入的列）"
    );
    // Written by hand: a title row, a blank amount, a date; a hidden sheet and a copy.
    let data = dir.path().join("杂.xlsx");
    let mut wb = Workbook::new();
    let header = ["单位", "功能科目", "部门经济科目", "支出性质", "金额"];
    let date = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
    for (name, hidden) in [
        ("支出明细", false),
        ("支出明细(旧)", true),
        ("支出明细2", false),
    ] {
        let ws = wb.add_worksheet();
        ws.set_name(name).unwrap();
        ws.write_string(0, 0, "2026年支出明细").unwrap();
        for (c, h) in header.iter().enumerate() {
            ws.write_string(1, c as u16, *h).unwrap();
        }
        for (r, amount) in [(2u32, Some(1000.0)), (3, None), (4, Some(46023.0))] {
            for (c, v) in ["129001", "2014001", "30201", "基本支出"]
                .iter()
                .enumerate()
            {
                ws.write_string(r, c as u16, *v).unwrap();
            }
            match (r, amount) {
                (4, Some(a)) => ws.write_number_with_format(r, 4, a, &date).unwrap(),
                (_, Some(a)) => ws.write_number(r, 4, a).unwrap(),
                _ => ws,
            };
        }
        if hidden {
            ws.set_hidden(true);
        }
    }
    wb.save(&data).unwrap();
    let p = import::read(&data, &b);
    let problems: Vec<String> = p.problems.iter().map(|x| x.to_string()).collect();
    assert_eq!(
        problems,
        [
            "“支出明细”第 4 行“金额”：不能为空（金额为 0 的明细请填 0）",
            "“支出明细”第 5 行“金额”：“2026-01-01”不是金额：只能包含数字、小数点和千分位逗号",
        ],
        "the title in row 1 is passed over; row 3 is read"
    );
    assert!(
        p.notes
            .iter()
            .any(|n| n == "工作表“支出明细(旧)”是隐藏的，未导入"),
        "{:?}",
        p.notes
    );
    assert!(
        p.notes
            .iter()
            .any(|n| n.starts_with("工作表“支出明细2”未导入")),
        "{:?}",
        p.notes
    );
}

/// One unit refused on its sheet is said once there: the lines that name it wait for it
/// in one message, not one each. Two units of one 简称 cannot be told apart.
#[test]
fn a_refused_unit_is_said_once() {
    let dir = common::tempdir();
    let b = yusuan::engine::create::BudgetDraft {
        name: "测试局".into(),
        code: "301".into(),
        year: "2026".into(),
        region: String::new(),
        units: Vec::new(),
    }
    .department_only()
    .unwrap();
    let data = dir.path().join("数据.xlsx");
    let line = |unit| vec![unit, "2014001", "30101", "基本支出", "1000"];
    workbook(
        &data,
        &[
            (
                "单位",
                vec![
                    vec!["单位代码", "单位名称", "单位类型", "简称"],
                    vec!["301001", "测试局本级", "行政", "本级"],
                    vec!["301002", "测试中心", "部门", ""],
                    vec!["301003", "测试站", "事业", "本级"],
                ],
            ),
            (
                "支出明细",
                vec![
                    vec!["单位", "功能科目", "部门经济科目", "支出性质", "金额"],
                    line("301002"),
                    line("测试中心"),
                    line("301002"),
                    line("301001"),
                ],
            ),
        ],
    );
    let p = import::read(&data, &b);
    let problems: Vec<String> = p.problems.iter().map(|x| x.to_string()).collect();
    assert_eq!(
        problems,
        [
            "“单位”第 3 行“单位类型”：“部门”应为 行政、参公、事业",
            "“单位”第 4 行：单位名称或简称与单位“测试局本级”（301001）相同，无法区分",
            "“支出明细”：另有 3 行所填的单位在“单位”表中有误，改正后再检查",
        ]
    );
}

#[test]
fn small_things_said_in_chinese() {
    let dir = common::tempdir();
    let f = dir.path().join("x.db");
    let f = f.to_str().unwrap();
    let o = yusuan(&[
        "new", f, "--name", "某局", "--year", "2026", "--year", "2027",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("选项 --year 只能给一次"));
    // Full-width digits, as a Chinese input method types them.
    ok(&yusuan(&[
        "new",
        f,
        "--name",
        "某局",
        "--code",
        "301",
        "--year",
        "２０２６",
    ]));
    let o = yusuan(&["import", f, "/nonexistent/数据.xlsx"]);
    assert_eq!(o.status.code(), Some(2));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("文件或文件夹不存在"), "{out}");
    assert!(!out.contains("os error"), "{out}");
    let xls = dir.path().join("旧.xls");
    std::fs::write(&xls, b"\xD0\xCF\x11\xE0").unwrap();
    let o = yusuan(&["import", f, xls.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&o.stdout).contains("另存为” .xlsx"));
    // A unit code that is the department's own.
    let units = dir.path().join("单位.csv");
    std::fs::write(&units, "单位代码,单位名称,单位类型\n301,某局,行政\n").unwrap();
    let o = yusuan(&["import", f, units.to_str().unwrap()]);
    assert!(
        String::from_utf8_lossy(&o.stdout)
            .contains("单位代码不能与部门代码“301”相同，应在其后加位数（如 301001）"),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    // A reason for a function code that is nowhere.
    let reasons = dir.path().join("原因.csv");
    std::fs::write(&reasons, "变动项目,原因\n功能科目:9999999,增加\n").unwrap();
    let o = yusuan(&["import", f, reasons.to_str().unwrap()]);
    assert!(
        String::from_utf8_lossy(&o.stdout)
            .contains("功能科目“9999999”不在目录中，也不在上年数和支出明细中"),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
}

/// A workbook whose amounts are formulas (an officer's =B3*12): each is read by the value
/// Excel saved with it, and the preview says the cells were formulas; a formula saved
/// without its value, or whose value is an error, is named by its cell and imports nothing.
#[test]
fn formula_cells_are_read_by_their_saved_values_and_the_preview_says_so() {
    use rust_xlsxwriter::Formula;
    let dir = common::tempdir();
    let b = common::demo();
    let write = |path: &Path, second: Formula| {
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        ws.set_name("支出明细").unwrap();
        // A formula given no result is saved without one (the library's default is 0).
        ws.set_formula_result_default("");
        for (c, h) in [
            "单位",
            "功能科目",
            "部门经济科目",
            "支出性质",
            "金额",
            "月数",
        ]
        .iter()
        .enumerate()
        {
            ws.write_string(0, c as u16, *h).unwrap();
        }
        for r in 1..=2u32 {
            for (c, v) in ["129001", "2014001", "30201", "基本支出"]
                .iter()
                .enumerate()
            {
                ws.write_string(r, c as u16, *v).unwrap();
            }
            ws.write_number(r, 5, 12.0).unwrap();
        }
        // 1,000 × 12 months, as Excel computed and saved it.
        ws.write_formula(1, 4, Formula::new("=1000*F2").set_result("12000"))
            .unwrap();
        ws.write_formula(2, 4, second).unwrap();
        wb.save(path).unwrap();
    };
    let good = dir.path().join("公式.xlsx");
    write(&good, Formula::new("=2500.5*F3").set_result("30006"));
    let p = import::read(&good, &b);
    assert!(p.problems.is_empty(), "{:?}", p.problems);
    let amounts: Vec<_> = p.lines.iter().map(|l| l.amount).collect();
    assert_eq!(amounts, [common::yuan("12,000"), common::yuan("30,006")]);
    assert!(
        p.notes.iter().any(|n| n
            == "工作表“支出明细”有 2 个公式单元格（E2、E3），按 Excel 或 WPS 保存时算出的值导入，公式本身不导入"),
        "{:?}",
        p.notes
    );

    // Written by a program that saved no value.
    let uncached = dir.path().join("未计算.xlsx");
    write(&uncached, Formula::new("=2500.5*F3"));
    let p = import::read(&uncached, &b);
    let problems: Vec<String> = p.problems.iter().map(|x| x.to_string()).collect();
    assert_eq!(
        problems,
        [
            "“支出明细”第 3 行：单元格 E3 的公式“=2500.5*F3”没有保存计算结果：请在 Excel 或 WPS 中打开此文件，确认计算无误并保存后再导入"
        ],
        "one problem for the cell, not a second for the empty value it read"
    );
    assert!(
        !p.notes.iter().any(|n| n.contains("公式单元格")),
        "no note that the saved values are imported"
    );
    assert!(p.edit().is_none(), "nothing is imported");

    let error = dir.path().join("错误值.xlsx");
    write(&error, Formula::new("=1/0").set_result("#DIV/0!"));
    let p = import::read(&error, &b);
    let problems: Vec<String> = p.problems.iter().map(|x| x.to_string()).collect();
    assert_eq!(
        problems[0],
        "“支出明细”第 3 行：单元格 E3 的公式“=1/0”的结果是错误值 #DIV/0!：请在 Excel 或 WPS 中打开此文件，确认计算无误并保存后再导入"
    );
}
