//! 基本支出测算: the roster and the standards compute the 基本支出 lines, live.
//!
//! Expected figures are worked out by hand from the reference budget (tables 6 and 7, as
//! issue 28 quotes them) and from the demo's roster (assets/demo/persons.csv):
//! - 机关事业单位基本养老保险缴费 578,734.56 = 16% × 3,617,091.00 and 职业年金缴费
//!   289,367.28 = 8% × the same base; per unit 16% × 1,767,113.62 = 282,738.18 (本级).
//! - 住房公积金 341,882.52 = 12% × 2,849,021.00: 本级 247,199.64 = 12% × 2,059,997.00,
//!   the two centres 94,682.88 = 12% × 789,024.00.
//! - 培训费 15,839.82 = 1.5% × 基本工资 1,055,988.00 (本级 9,626.58 = 1.5% × 641,772.00);
//!   福利费 36,959.58 = 3.5% × 1,055,988.00.
//! - 医疗费 38,400.00 = 1,600 × 24 在职 (本级 20,800 = 13 × 1,600 on 2101101; the centres
//!   17,600 = 11 × 1,600 on 2101102).

mod common;

use std::path::Path;
use yusuan::app::document::Document;
use yusuan::app::ops;
use yusuan::engine::edit::Edit;
use yusuan::engine::kinds::*;
use yusuan::engine::model::*;
use yusuan::engine::money::Money;
use yusuan::engine::records::Kind;
use yusuan::engine::staffing;

use common::yuan;

/// The total of the computed lines of an economic code (of one unit, if given).
fn computed(b: &Budget, econ: &str, unit: Option<&str>) -> Money {
    b.lines
        .iter()
        .filter(|l| l.is_computed() && l.dept_econ == econ)
        .filter(|l| unit.is_none_or(|u| b.unit(l.unit_id).unwrap().code == u))
        .map(|l| l.amount)
        .sum()
}

fn unit_id(b: &Budget, code: &str) -> i64 {
    b.unit_by_code(code).unwrap().id
}

#[test]
fn the_demo_roster_computes_the_seeds_identities() {
    let b = common::demo();
    assert_eq!(computed(&b, "30108", None), yuan("578,734.56"));
    assert_eq!(computed(&b, "30109", None), yuan("289,367.28"));
    assert_eq!(computed(&b, "30108", Some("129001")), yuan("282,738.18"));
    assert_eq!(computed(&b, "30113", None), yuan("341,882.52"));
    assert_eq!(computed(&b, "30113", Some("129001")), yuan("247,199.64"));
    assert_eq!(
        computed(&b, "30113", Some("129002")) + computed(&b, "30113", Some("129003")),
        yuan("94,682.88")
    );
    assert_eq!(computed(&b, "30101", None), yuan("1,055,988.00"));
    assert_eq!(computed(&b, "30101", Some("129001")), yuan("641,772.00"));
    assert_eq!(computed(&b, "30216", None), yuan("15,839.82"));
    assert_eq!(computed(&b, "30216", Some("129001")), yuan("9,626.58"));
    assert_eq!(computed(&b, "30229", None), yuan("36,959.58"));
    assert_eq!(computed(&b, "30114", None), yuan("38,400.00"));
    let medical = |func: &str| -> Money {
        b.lines
            .iter()
            .filter(|l| l.dept_econ == "30114" && l.func_code == func)
            .map(|l| l.amount)
            .sum()
    };
    assert_eq!(medical("2101101"), yuan("20,800.00"));
    assert_eq!(medical("2101102"), yuan("17,600.00"));

    // The working: the pension base of the department and of 本级, and the 24 serving.
    let w = staffing::working::of(&b);
    let pension: Vec<_> = w
        .iter()
        .filter(|r| r.computed.rule == "机关事业单位基本养老保险缴费")
        .collect();
    let base: Money = pension.iter().filter_map(|r| r.computed.working.base).sum();
    assert_eq!(base, yuan("3,617,091.00"));
    let office = pension.iter().find(|r| r.cells[0] == "信访办本级").unwrap();
    assert_eq!(office.text, "16% × 1,767,113.62 = 282,738.18");
    let heads: u64 = w
        .iter()
        .filter(|r| r.computed.rule == "医疗费")
        .map(|r| r.computed.working.persons)
        .sum();
    assert_eq!(heads, 24);
    assert!(w.gaps.is_empty(), "{:?}", w.gaps);
    // Nothing the rules compute is also typed: the demo has no findings (seed_tables
    // checks every published figure).
    assert!(yusuan::engine::derived::findings(&b).is_empty());
}

fn demo_doc(dir: &tempfile::TempDir) -> Document {
    let path = dir.path().join("demo.db");
    Document::create(&path, &common::demo()).unwrap()
}

fn amounts_of(b: &Budget, unit: &str) -> Vec<(String, Money)> {
    let mut v: Vec<(String, Money)> = b
        .lines
        .iter()
        .filter(|l| l.is_computed() && b.unit(l.unit_id).unwrap().code == unit)
        .map(|l| (format!("{} {}", l.dept_econ, l.func_code), l.amount))
        .collect();
    v.sort();
    v
}

/// One person joins 本级 in July: six months of 4,000.00 基本工资, 2,500.00 津贴补贴 and
/// 3,000.00 绩效工资, 奖金 by the standard (one month of 基本工资), monthly bases 10,000.00
/// (养老) and 11,000.00 (公积金). Each line moves by the amount worked out by hand; undo
/// puts every computed line back.
#[test]
fn a_person_joining_in_july_changes_each_line_by_hand_worked_amounts() {
    let dir = common::tempdir();
    let mut doc = demo_doc(&dir);
    let before_lines = doc.budget().lines.clone();
    let before = amounts_of(doc.budget(), "129001");
    let total_before = doc.derived().spending_total;
    let unit = unit_id(doc.budget(), "129001");
    doc.apply(Edit::put(Person {
        unit_id: unit,
        name: "科员（7月入职）".into(),
        months: 6,
        base_pay: yuan("4,000"),
        allowance: yuan("2,500"),
        performance: yuan("3,000"),
        base_pension: Some(yuan("10,000")),
        base_housing: Some(yuan("11,000")),
        ..Person::blank()
    }))
    .unwrap();
    let b = doc.budget();
    let want = [
        ("30101", "641,772.00", "665,772.00"), // + 4,000 × 6
        ("30102", "384,228.00", "399,228.00"), // + 2,500 × 6
        ("30103", "571,197.00", "575,197.00"), // + one month of 4,000
        ("30107", "650,000.00", "668,000.00"), // + 3,000 × 6
        ("30108", "282,738.18", "292,338.18"), // 16% × (1,767,113.62 + 60,000) = 292,338.1792
        ("30109", "141,369.09", "146,169.09"), // 8% × 1,827,113.62 = 146,169.0896
        ("30113", "247,199.64", "255,119.64"), // 12% × (2,059,997 + 66,000)
        ("30114", "20,800.00", "22,400.00"),   // 14 × 1,600
        ("30216", "9,626.58", "9,986.58"),     // 1.5% × 665,772
        ("30229", "22,462.02", "23,302.02"),   // 3.5% × 665,772
        ("30305", "96,000.00", "96,000.00"),   // retirees and survivors: unchanged
        ("30307", "7,200.00", "7,200.00"),
    ];
    for (econ, was, now) in want {
        assert_eq!(computed(b, econ, Some("129001")), yuan(now), "{econ}");
        let old: Money = before
            .iter()
            .filter(|(k, _)| k.starts_with(econ))
            .map(|(_, m)| *m)
            .sum();
        assert_eq!(old, yuan(was), "{econ} before");
    }
    // Spending moves by the sum of the changes; the centres' lines do not move.
    assert_eq!(
        doc.derived().spending_total,
        total_before + yuan("86,120.00")
    );
    assert_eq!(
        doc.derived().spending_total,
        yusuan::engine::derived::Derived::of(doc.budget()).spending_total
    );
    // One step: undo takes the person and every line back, ids and all.
    assert_eq!(
        doc.undo().unwrap().as_deref(),
        Some("修改人员“科员（7月入职）”")
    );
    assert_eq!(doc.budget().lines, before_lines);
    doc.redo().unwrap();
    assert_eq!(
        computed(doc.budget(), "30101", Some("129001")),
        yuan("665,772.00")
    );
}

/// An adjustment by hand (the amount typed over, as the grid does it) is kept apart and
/// survives a change of the rate; undo of the rate change restores the line.
#[test]
fn an_adjustment_survives_a_rate_change() {
    let dir = common::tempdir();
    let mut doc = demo_doc(&dir);
    let unit = unit_id(doc.budget(), "129001");
    let mut l = doc
        .budget()
        .lines
        .iter()
        .find(|l| l.unit_id == unit && l.dept_econ == "30108")
        .unwrap()
        .clone();
    let f = Line::field("金额").unwrap();
    f.read_text(&mut l, "283,938.18", doc.budget()).unwrap();
    assert_eq!(l.adjust(), yuan("1,200.00"));
    doc.apply(Edit::PutLines(vec![l.clone()])).unwrap();
    let shown = Line::field("手工调整").unwrap().shown(&l, doc.budget());
    assert_eq!(shown, "+1,200.00");
    // The rate of 养老 from 16% to 14%: 14% × 1,767,113.62 = 247,395.9068.
    let mut rule = doc
        .budget()
        .rules
        .iter()
        .find(|r| r.econ == "30108")
        .unwrap()
        .clone();
    Rule::field("比例或定额")
        .unwrap()
        .read_text(&mut rule, "14%", doc.budget())
        .unwrap();
    doc.apply(Edit::put(rule)).unwrap();
    let now = doc.budget().line(l.id).unwrap().clone();
    assert_eq!(now.adjust(), yuan("1,200.00"));
    assert_eq!(now.amount, yuan("248,595.91"));
    // The other units follow the rate too; 职业年金 (8%) does not move.
    assert_eq!(
        computed(doc.budget(), "30108", Some("129002")),
        yuan("148,750.00")
    );
    assert_eq!(computed(doc.budget(), "30109", None), yuan("289,367.28"));
    doc.undo().unwrap();
    assert_eq!(doc.budget().line(l.id).unwrap().amount, yuan("283,938.18"));
    // The 测算表 says so.
    let w = staffing::working::of(doc.budget());
    let row = w
        .iter()
        .find(|r| r.computed.rule == "机关事业单位基本养老保险缴费" && r.cells[0] == "信访办本级")
        .unwrap();
    assert_eq!(
        row.text,
        "16% × 1,767,113.62 = 282,738.18；手工调整 +1,200.00，金额 283,938.18"
    );
}

/// A payroll exported from the 一体化 system: its pay items summed into the roster's, its
/// status and establishment into 人员类别; the identity numbers never reach the file.
#[test]
fn an_imported_payroll_stores_no_identity_number() {
    let dir = common::tempdir();
    let mut doc = demo_doc(&dir);
    let path = dir.path().join("工资表.xlsx");
    let header = [
        "单位名称",
        "姓名",
        "证件号码",
        "人员状态",
        "是否在编",
        "在编类别",
        "岗位工资",
        "薪级工资",
        "基础性绩效",
        "奖励性绩效",
        "津贴补贴",
        "月合计",
    ];
    let rows = [
        [
            "重庆市渝北区信访投诉受理中心",
            "张三",
            "500101199001011234",
            "在职",
            "是",
            "事业编制",
            "2100",
            "900",
            "2500",
            "1000",
            "1800",
            "8300",
        ],
        [
            "重庆市渝北区信访投诉受理中心",
            "李四",
            "50010119920202567X",
            "在职",
            "否",
            "",
            "1800",
            "0",
            "1500",
            "0",
            "1200",
            "4500",
        ],
    ];
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("工资表").unwrap();
    for (c, h) in header.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            // Pay as numbers, as a payroll holds it; the numbers that identify as text.
            match (c >= 6, v.parse::<f64>()) {
                (true, Ok(n)) => ws.write_number(r as u32 + 1, c as u16, n).unwrap(),
                _ => ws.write_string(r as u32 + 1, c as u16, *v).unwrap(),
            };
        }
    }
    wb.save(&path).unwrap();
    let preview = ops::preview_import(&doc, &path, yusuan::exchange::import::Mode::Add);
    assert!(preview.problems.is_empty(), "{:?}", preview.problems);
    assert!(
        preview
            .notes
            .iter()
            .any(|n| n.contains("已略去“证件号码”列")),
        "{:?}",
        preview.notes
    );
    assert_eq!(preview.persons.len(), 2);
    let p = &preview.persons[0];
    assert_eq!(
        (p.base_pay, p.performance, p.allowance),
        (yuan("3,000"), yuan("3,500"), yuan("1,800"))
    );
    assert_eq!(p.category, StaffCategory::Serving);
    assert_eq!(p.identity, Some(UnitKind::Institution));
    assert_eq!(preview.persons[1].category, StaffCategory::Contract);
    ops::import(&mut doc, &preview).unwrap();
    let db = doc.path().to_path_buf();
    drop(doc);
    let bytes = std::fs::read(&db).unwrap();
    for id in ["500101199001011234", "50010119920202567X"] {
        assert!(
            !bytes.windows(id.len()).any(|w| w == id.as_bytes()),
            "{id} is in the file"
        );
    }
}

/// The data workbook leaves the roster's names out unless asked.
#[test]
fn names_leave_the_file_only_when_asked() {
    let dir = common::tempdir();
    let b = common::demo();
    let header_of = |names: bool| -> Vec<String> {
        let path = dir.path().join(format!("数据{names}.xlsx"));
        std::fs::write(
            &path,
            yusuan::exchange::workbook::data_xlsx(&b, names).unwrap(),
        )
        .unwrap();
        let sheets = yusuan::exchange::import::read_sheets(&path).unwrap();
        let s = sheets.iter().find(|s| s.name == "人员").unwrap();
        let all: Vec<String> = s.rows.iter().flat_map(|r| r.to_vec()).collect();
        assert_eq!(all.iter().any(|c| c == "主任"), names);
        s.rows.row(0).to_vec()
    };
    assert!(!header_of(false).iter().any(|h| h == "姓名或岗位"));
    assert!(header_of(true).iter().any(|h| h == "姓名或岗位"));
}

/// A standards file with faults is refused whole, each fault by its line; the budget's
/// rules stay as they were.
#[test]
fn a_broken_standards_file_is_refused_at_its_lines() {
    let dir = common::tempdir();
    let mut doc = demo_doc(&dir);
    let file = dir.path().join("标准.toml");
    std::fs::write(
        &file,
        "name = \"某区标准\"\n\
         \n\
         [[rule]]\n\
         name = \"基本工资\"\n\
         way = \"按人月\"\n\
         base = \"基本工资\"\n\
         rate = \"abc\"\n\
         econ = \"30101\"\n\
         \n\
         [[rule]]\n\
         name = \"养老\"\n\
         way = \"按比例\"\n\
         base = \"养老基数\"\n\
         rate = \"16%\"\n\
         econ = \"30108\"\n\
         colour = \"红\"\n",
    )
    .unwrap();
    let rules = doc.budget().rules.clone();
    let f = ops::load_standards(&mut doc, &file).unwrap_err();
    let details = f.details.join("\n");
    assert!(
        details.contains("第 7 行") && details.contains("“abc”不是数字"),
        "{details}"
    );
    assert!(
        details.contains("第 16 行") && details.contains("colour"),
        "{details}"
    );
    // A base that names neither a roster item nor a rule: the rule, at its [[rule]] line.
    assert!(
        details.contains("第 10 行") && details.contains("养老基数"),
        "{details}"
    );
    assert_eq!(doc.budget().rules, rules);
    // The built-in general standards load in their place, and are one undoable step.
    let r = ops::use_standards(&mut doc, "general").unwrap();
    assert!(r.done.contains("8 条规则"), "{}", r.done);
    assert!(
        doc.budget()
            .lines
            .iter()
            .all(|l| l.dept_econ != "30114" || !l.is_computed()),
        "the general standards have no 医疗费 quota"
    );
    doc.undo().unwrap();
    assert_eq!(doc.budget().rules.len(), rules.len());
    assert_eq!(computed(doc.budget(), "30114", None), yuan("38,400.00"));
    // Saved and loaded back: the same rules.
    let saved = dir.path().join("保存.toml");
    ops::save_standards(doc.budget(), "", &saved).unwrap();
    let text = std::fs::read_to_string(&saved).unwrap();
    let again = staffing::file::parse(&text, doc.budget()).unwrap();
    let plain = |r: &Rule| Rule {
        id: 0,
        seq: 0,
        ..r.clone()
    };
    let mut ours = Rule::records(doc.budget()).into_owned();
    ours.sort_by_key(|r| r.seq);
    assert_eq!(
        again.rules.iter().map(plain).collect::<Vec<_>>(),
        ours.iter().map(plain).collect::<Vec<_>>()
    );
}

fn findings_of(b: &Budget, check: &str) -> Vec<String> {
    yusuan::engine::derived::findings(b)
        .into_iter()
        .filter(|f| f.check == check)
        .map(|f| format!("{} {}", f.severity.label(), f.message))
        .collect()
}

#[test]
fn the_checks_of_the_roster_and_the_standards() {
    let mut b = common::demo();
    let office = unit_id(&b, "129001");
    // 13 serving in 本级 against 12 posts.
    b.units
        .iter_mut()
        .find(|u| u.id == office)
        .unwrap()
        .posts_admin = 12;
    assert_eq!(
        findings_of(&b, "staff-beyond-posts"),
        [
            "警告 单位“重庆市渝北区信访办公室（本级）”在职行政（参公）人员 13 人，超过行政编制数 12 人"
        ]
    );
    // A typed 30101 beside the computed one: 人员经费 counted twice.
    let mut typed = b.lines[0].clone();
    typed.id = 1_000;
    typed.dept_econ = "30101".into();
    typed.amount = yuan("1,000");
    b.lines.push(typed);
    let f = findings_of(&b, "typed-beside-computed");
    assert_eq!(f.len(), 1);
    assert!(f[0].starts_with("错误 单位“重庆市渝北区信访办公室（本级）”手工填写的30101 基本工资（1,000.00）与测算行重复"), "{f:?}");
    // 月数 13, and a serving person without wages.
    b.persons[0].months = 13;
    b.persons[1].base_pay = Money::ZERO;
    b.persons[1].allowance = Money::ZERO;
    b.persons[1].performance = Money::ZERO;
    let f = findings_of(&b, "roster-rows");
    assert_eq!(f.len(), 2, "{f:?}");
    assert_eq!(
        f[0],
        "错误 人员第 1 行（信访办本级 主任）月数为 13，应在 1 至 12 之间"
    );
    assert!(f[1].starts_with("警告 人员第 2 行（信访办本级 副主任）为在职人员，但没有填写工资"));
    // A rate of 120%.
    let rule = b.rules.iter_mut().find(|r| r.econ == "30109").unwrap();
    rule.rate = rust_decimal::Decimal::from(120);
    assert_eq!(
        findings_of(&b, "rule-values"),
        ["错误 规则“职业年金缴费”的比例为 120%，应在 0 至 100% 之间"]
    );
    // A base of 0 for persons: the 稳评中心's pension bases all 0.
    let centre = unit_id(&b, "129003");
    for p in b.persons.iter_mut().filter(|p| p.unit_id == centre) {
        p.base_pension = Some(Money::ZERO);
    }
    let f = findings_of(&b, "computed-lines");
    assert!(
        f.iter().any(|m| m.contains("规则“机关事业单位基本养老保险缴费”在单位“重庆市渝北区稳定风险评估中心”有 5 人适用，但依据（养老缴费基数）合计为 0")),
        "{f:?}"
    );
    // An adjustment that takes a computed line below 0: it counts as 0.
    let l = b
        .lines
        .iter_mut()
        .find(|l| l.is_computed() && l.dept_econ == "30307")
        .unwrap();
    l.set_adjust(Money::ZERO - yuan("8,000.00"));
    l.amount = Money::ZERO;
    assert_eq!(
        findings_of(&b, "adjustment-beyond-result"),
        [
            "警告 单位“重庆市渝北区信访办公室（本级）”的测算行“医疗费补助”手工调整 -8,000.00 不小于测算数，金额按 0 计"
        ]
    );
    // A unit without 主要功能科目 where a rule books on it.
    b.units
        .iter_mut()
        .find(|u| u.id == office)
        .unwrap()
        .main_func = String::new();
    let f = findings_of(&b, "computed-lines");
    assert!(
        f.iter().any(|m| m.starts_with(
            "错误 单位“重庆市渝北区信访办公室（本级）”未填主要功能科目，规则“基本工资”无法测算"
        )),
        "{f:?}"
    );
}

/// The command line shows the 测算表 and switches standards.
#[test]
fn standards_from_the_command_line() {
    let dir = common::tempdir();
    let (db, store) = common::demo_file(&dir);
    drop(store);
    let db = db.to_str().unwrap();
    let (code, out) = common::cli(&["standards", "list"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("general\t通用标准"), "{out}");
    let (code, out) = common::cli(&["standards", "show", db]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.lines().any(|l| l.starts_with("信访办本级\t住房公积金\t2210201 住房公积金\t30113 住房公积金\t13\t2,059,997.00\t12%\t247,199.64\t\t247,199.64\t12% × 2,059,997.00 = 247,199.64")),
        "{out}"
    );
    let saved = dir.path().join("s.toml");
    let (code, out) = common::cli(&["standards", "save", db, saved.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}");
    let (code, out) = common::cli(&["standards", "load", db, saved.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("12 条规则，算出 36 条支出明细"), "{out}");
    let (code, out) = common::cli(&["check", db]);
    assert_eq!(code, 0, "{out}");
    assert!(Path::new(db).exists());
}

/// Last year's file brings its standards and its roster into a new year's file that has
/// none: every row for a whole year, and this year's lines computed at once, in one step.
#[test]
fn last_years_roster_and_standards_are_carried_over() {
    let dir = common::tempdir();
    let (last_path, last) = common::demo_file(&dir);
    drop(last);
    let draft = yusuan::engine::create::BudgetDraft {
        name: "重庆市渝北区信访办公室".into(),
        code: "129".into(),
        year: "2026".into(),
        region: "渝北区".into(),
        units: Vec::new(),
    };
    let path = dir.path().join("2026.db");
    let mut doc = Document::create(&path, &draft.department_only().unwrap()).unwrap();
    let r = ops::carry_over(&mut doc, &last_path).unwrap();
    assert!(
        r.done.contains("测算标准 12 条规则") && r.done.contains("人员 20 行"),
        "{}",
        r.done
    );
    let b = doc.budget();
    assert!(b.persons.iter().all(|p| p.months == 12));
    // 本级's 基本工资: 641,772.00, and the five months more of the one who joined in June
    // 2025 (5 × 3,612.60 = 18,063.00).
    assert_eq!(computed(b, "30101", Some("129001")), yuan("659,835.00"));
    assert_eq!(b.lines.iter().filter(|l| l.is_computed()).count(), 36);
    doc.undo().unwrap();
    assert!(doc.budget().persons.is_empty() && doc.budget().lines.is_empty());
}

/// A data workbook without its 人员 sheet, imported into a new file: the lines marked 测算
/// that nothing would compute there come in as typed lines, amounts unchanged, and the
/// preview says so (the store would otherwise drop them as no longer computed).
#[test]
fn marked_lines_without_their_roster_come_in_typed() {
    let dir = common::tempdir();
    let data = dir.path().join("数据.xlsx");
    std::fs::write(
        &data,
        yusuan::exchange::workbook::data_xlsx(&common::demo(), false).unwrap(),
    )
    .unwrap();
    let mut sheets = yusuan::exchange::import::read_sheets(&data).unwrap();
    sheets.retain(|s| s.name != "人员");
    let draft = yusuan::engine::create::BudgetDraft {
        name: "重庆市渝北区信访办公室".into(),
        code: "129".into(),
        year: "2025".into(),
        region: "渝北区".into(),
        units: Vec::new(),
    };
    let path = dir.path().join("新.db");
    let mut store =
        yusuan::engine::store::Store::create(&path, &draft.department_only().unwrap()).unwrap();
    let p = yusuan::exchange::import::preview(
        &sheets,
        store.budget(),
        yusuan::exchange::import::Mode::Add,
    );
    assert!(p.problems.is_empty(), "{:?}", p.problems);
    assert!(
        p.notes
            .iter()
            .any(|n| n.starts_with("有 36 条支出明细标为“测算”")),
        "{:?}",
        p.notes
    );
    store.apply(p.edit().unwrap()).unwrap();
    let b = store.budget();
    assert_eq!(b.lines.len(), 89);
    assert!(b.lines.iter().all(|l| !l.is_computed()));
    assert_eq!(
        b.lines.iter().map(|l| l.amount).sum::<Money>(),
        yuan("10,250,408.78")
    );
}

/// A roster beyond the largest amount a line may hold (a million persons at the largest
/// pay): the edit is refused with its reason and nothing is stored; computing, checking
/// and the 测算表 of such a roster in memory (a hostile file) do not fail either.
#[test]
fn a_roster_beyond_the_largest_amount_is_refused() {
    let dir = common::tempdir();
    let mut doc = demo_doc(&dir);
    let unit = unit_id(doc.budget(), "129001");
    let before = doc.budget().clone();
    let huge = Person {
        unit_id: unit,
        count: 1_000_000,
        months: 12,
        base_pay: yuan("999,999,999,999.99"),
        base_pension: Some(yuan("999,999,999,999.99")),
        ..Person::blank()
    };
    let e = doc.apply(Edit::put(huge.clone())).unwrap_err().to_string();
    assert!(
        e.starts_with("测算结果不能保存：") && e.contains("过大"),
        "{e}"
    );
    assert!(doc.budget() == &before, "nothing stored");
    let mut b = before;
    b.persons.push(Person { id: 10_000, ..huge });
    let w = staffing::working::of(&b);
    assert!(!w.rows.is_empty());
    let _ = yusuan::engine::derived::findings(&b);
}

/// Standards files mutated at random (a value replaced by another, a line dropped or
/// doubled) are refused with their faults or read: never a failure of the program, and
/// what is read computes, checks and prints its 测算表.
#[test]
fn mutated_standards_files_never_fail_the_program() {
    let words = [
        "\"1e30\"",
        "\"-5\"",
        "\"999999999999\"",
        "\"100%\"",
        "\"0\"",
        "\"\"",
        "1",
        "[]",
        "\"养老缴费基数+培训费\"",
        "\"培训费\"",
        "\"按比例\"",
        "\"按车定额\"",
        "\"30101\"",
        "\"2080505\"",
        "\"离休、遗属\"",
        "\"事业\"",
        "\"公用经费\"",
        "\"x\"",
    ];
    let mut rng = common::Rng(0x5747_1d4e_0000_0028);
    let base = common::demo();
    let text = include_str!("../assets/standards/chongqing-yubei-2025.toml");
    let lines: Vec<&str> = text.lines().collect();
    let (mut read, mut refused) = (0, 0);
    for _ in 0..400 {
        let mut v: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        for _ in 0..3 {
            let i = rng.below(v.len());
            match rng.below(4) {
                0 => v.remove(i).len(),
                1 => {
                    let l = v[i].clone();
                    v.insert(i, l);
                    0
                }
                _ => {
                    if let Some((k, _)) = v[i].clone().split_once(" = ") {
                        v[i] = format!("{k} = {}", rng.pick(&words));
                    }
                    0
                }
            };
        }
        match staffing::file::parse(&v.join("\n"), &base) {
            Ok(s) => {
                read += 1;
                let mut b = base.clone();
                b.rules = s.rules;
                staffing::fill(&mut b);
                let _ = staffing::working::of(&b);
                let _ = yusuan::engine::derived::findings(&b);
            }
            Err(faults) => {
                refused += 1;
                assert!(faults.iter().all(|f| !f.to_string().is_empty()));
            }
        }
    }
    assert!(read > 0 && refused > 0, "{read} read, {refused} refused");
}
