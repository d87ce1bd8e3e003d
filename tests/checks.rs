//! Each check: silent on the demo, firing on a crafted violation with the figures (worked
//! out by hand below) and the place to fix.

mod common;

use common::{demo, yuan};
use rust_decimal::Decimal;
use yusuan::checks::{self, Finding, Record, Severity, Sheet};
use yusuan::model::*;
use yusuan::money::Money;
use yusuan::tables::{self, Cell};

fn findings(b: &Budget, check: &str) -> Vec<Finding> {
    checks::run(b)
        .into_iter()
        .filter(|f| f.check == check)
        .collect()
}

fn one(b: &Budget, check: &str) -> Finding {
    let f = findings(b, check);
    assert_eq!(f.len(), 1, "{check}: {f:#?}");
    f.into_iter().next().unwrap()
}

fn line_mut<'a>(b: &'a mut Budget, unit: &str, func: &str, econ: &str) -> &'a mut Line {
    let uid = b.unit_by_code(unit).unwrap().id;
    b.lines
        .iter_mut()
        .find(|l| l.unit_id == uid && l.func_code == func && l.dept_econ == econ)
        .unwrap()
}

#[test]
fn the_demo_has_no_findings_at_all() {
    let f = checks::run(&demo());
    assert!(f.is_empty(), "{f:#?}");
}

#[test]
fn income_must_equal_spending_in_total_and_by_source() {
    let mut b = demo();
    // 办公费 of the office raised by 100.00: spending 10,250,508.78 against income 10,250,408.78.
    line_mut(&mut b, "129001", "2014001", "30201").amount = yuan("330,100.00");
    let f = one(&b, "income-balance");
    assert_eq!(f.severity, Severity::Error);
    assert!(
        f.message.contains("10,250,408.78") && f.message.contains("10,250,508.78"),
        "{}",
        f.message
    );
    assert!(f.message.contains("-100.00"), "{}", f.message);
    let s = one(&b, "income-by-source");
    assert!(s.message.contains("一般公共预算财政拨款"));
    assert_eq!(
        s.place.record,
        Some(Record::Key("一般公共预算财政拨款".into()))
    );
}

#[test]
fn codes_must_exist_and_functions_be_at_xiang_level() {
    let mut b = demo();
    let l = line_mut(&mut b, "129001", "2014001", "30205");
    l.func_code = "2014077".into(); // no such 项
    let id = l.id;
    let f = one(&b, "function-code");
    assert_eq!(f.place.sheet, Sheet::Lines);
    assert_eq!(f.place.record, Some(Record::Id(id)));
    assert_eq!(f.place.field, Some("功能科目"));
    assert!(f.message.contains("2014077"));

    let mut b = demo();
    line_mut(&mut b, "129001", "2014001", "30206").dept_econ = "30298".into();
    assert!(one(&b, "dept-econ-code").message.contains("30298"));
}

#[test]
fn government_code_follows_the_mapping_and_an_override_is_a_warning() {
    let mut b = demo();
    let l = line_mut(&mut b, "129001", "2014001", "30201");
    l.gov_econ_override = Some("50299".into());
    let f = one(&b, "gov-econ-override");
    assert_eq!(f.severity, Severity::Warning);
    assert!(
        f.message.contains("50299") && f.message.contains("50201") && f.message.contains("行政"),
        "{}",
        f.message
    );

    // An override equal to the mapping is no finding.
    let mut b = demo();
    line_mut(&mut b, "129001", "2014001", "30201").gov_econ_override = Some("50201".into());
    assert!(findings(&b, "gov-econ-override").is_empty());

    // A department code the mapping lacks needs a government code by hand.
    let mut b = demo();
    line_mut(&mut b, "129001", "2014001", "30201").dept_econ = "30219".into();
    let f = one(&b, "gov-econ-missing");
    assert_eq!(f.severity, Severity::Error);
    assert!(f.message.contains("30219"));

    // An override that is not a government code at all.
    let mut b = demo();
    line_mut(&mut b, "129001", "2014001", "30201").gov_econ_override = Some("50298".into());
    assert!(one(&b, "gov-econ-code").message.contains("50298"));
}

#[test]
fn project_lines_add_up_to_the_project_and_its_split() {
    let mut b = demo();
    // 信访稳定相关业务经费: 当年预算 2,683,000; its 30209 line 350,000 → 349,000 makes 2,682,000.
    line_mut(&mut b, "129001", "2014099", "30209").amount = yuan("349,000");
    let f = findings(&b, "project-budget");
    assert_eq!(f.len(), 1);
    assert!(
        f[0].message.contains("2,683,000.00")
            && f[0].message.contains("2,682,000.00")
            && f[0].message.contains("1,000.00"),
        "{}",
        f[0].message
    );

    let mut b = demo();
    let p = b
        .projects
        .iter_mut()
        .find(|p| p.name == "编外人员工作经费")
        .unwrap();
    p.district = yuan("500,000");
    p.township = yuan("40,000");
    let f = one(&b, "project-split");
    // 500,000 + 40,000 = 540,000 ≠ 550,000
    assert!(
        f.message.contains("540,000.00") && f.message.contains("550,000.00"),
        "{}",
        f.message
    );
}

#[test]
fn indicator_weights_add_up_to_one_hundred() {
    let mut b = demo();
    let pid = b.project_by_name("信访信息系统运行维护费").unwrap().id;
    // Its weights: 10+20+10+10+20+20+10 = 100; one 20 → 25 makes 105.
    let i = b
        .indicators
        .iter_mut()
        .find(|i| i.project_id == Some(pid) && i.name == "网上信访办理率")
        .unwrap();
    i.weight = Decimal::from(25);
    let f = one(&b, "indicator-weights");
    assert!(
        f.message.contains("105") && f.message.contains("信访信息系统运行维护费"),
        "{}",
        f.message
    );
    assert_eq!(f.place.record, Some(Record::Id(pid)));

    let mut b = demo();
    let i = b
        .indicators
        .iter_mut()
        .find(|i| i.project_id.is_none() && i.name == "群众满意度")
        .unwrap();
    i.weight = Decimal::from(5); // department target: 100 - 10 + 5 = 95
    let f = one(&b, "indicator-weights");
    assert!(
        f.message.contains("部门整体") && f.message.contains("95"),
        "{}",
        f.message
    );
}

#[test]
fn procurement_parts_add_up() {
    let mut b = demo();
    b.procurement[0].goods = yuan("20,000");
    b.procurement[0].services = yuan("5,000");
    let f = one(&b, "procurement-parts");
    // 20,000 + 0 + 5,000 = 25,000 ≠ 30,000
    assert!(
        f.message.contains("30,000.00") && f.message.contains("25,000.00"),
        "{}",
        f.message
    );
}

#[test]
fn every_project_line_belongs_to_a_project_with_a_target() {
    let mut b = demo();
    let l = line_mut(&mut b, "129001", "2014004", "30226");
    l.project_id = None;
    let id = l.id;
    let f = one(&b, "project-line-without-project");
    assert_eq!(f.place.record, Some(Record::Id(id)));
    assert!(f.message.contains("550,000.00"));

    let mut b = demo();
    let pid = b.project_by_name("编外人员工作经费").unwrap().id;
    b.indicators.retain(|i| i.project_id != Some(pid));
    let f = one(&b, "project-target");
    assert!(
        f.message.contains("编外人员工作经费") && f.message.contains("绩效指标"),
        "{}",
        f.message
    );
}

#[test]
fn social_insurance_pairs_match() {
    let mut b = demo();
    // Move the office's 30108 line (282,738.18) from 2080505 to 2080599: econ 30108 stays
    // 578,734.56 while function 2080505 drops to 295,996.38.
    line_mut(&mut b, "129001", "2080505", "30108").func_code = "2080599".into();
    let f = one(&b, "social-insurance");
    assert!(
        f.message.contains("578,734.56")
            && f.message.contains("295,996.38")
            && f.message.contains("282,738.18"),
        "{}",
        f.message
    );
}

#[test]
fn a_change_without_a_reason_is_a_warning() {
    let mut b = demo();
    b.reasons.remove("功能科目:2014001");
    let f = one(&b, "change-reason");
    assert_eq!(f.severity, Severity::Warning);
    // 3,129,066.95 - 2,758,908.73 = 370,158.22 (the seed's “增加 370,158.22 元”).
    assert!(
        f.message.contains("370,158.22") && f.message.contains("增加"),
        "{}",
        f.message
    );
    assert_eq!(f.place.sheet, Sheet::Reasons);

    let mut b = demo();
    b.reasons.remove("机关运行经费");
    // 884,216.96 - 785,702.50 = 98,514.46 (the seed's “比去年增加 98,514.46 元”).
    assert!(one(&b, "change-reason").message.contains("98,514.46"));

    // An unchanged item needs none: 2014002 is 1,550,000 both years.
    let b = demo();
    assert!(b.reason("功能科目:2014002").is_none());
    assert!(findings(&b, "change-reason").is_empty());
}

#[test]
fn smaller_rules() {
    let mut b = demo();
    line_mut(&mut b, "129001", "2014001", "30205").amount = Money::ZERO;
    b.income[0].current = yuan("10,245,408.78"); // keep the balance: 10,250,408.78 - 5,000
    assert_eq!(one(&b, "zero-line").severity, Severity::Warning);

    let mut b = demo();
    line_mut(&mut b, "129002", "2014099", "30201").func_code = "2014001".into();
    assert!(one(&b, "unit-kind-function").message.contains("行政运行"));

    let mut b = demo();
    line_mut(&mut b, "129001", "2080599", "30305").cost_class_override = Some(CostClass::Public);
    assert!(one(&b, "cost-class-override").message.contains("30305"));

    let mut b = demo();
    b.prior_items.remove(&PriorItem::OfficeRunning);
    assert_eq!(one(&b, "prior-missing").place.sheet, Sheet::Prior);

    let mut b = demo();
    b.units.clear();
    b.lines.clear();
    b.projects.clear();
    b.indicators.retain(|i| i.project_id.is_none());
    b.procurement.clear();
    assert_eq!(one(&b, "units").severity, Severity::Error);
}

#[test]
fn relations_between_tables_are_checked() {
    let b = demo();
    let mut t = tables::all_tables(&b);
    assert!(checks::table_relations(&b, &t).is_empty());
    // Tamper with table 7's total: 表六合计 = 表七合计 no longer holds.
    let row = t[6].rows.iter_mut().find(|r| r.key() == "合计").unwrap();
    row.cells[2] = Cell::Money(yuan("6,817,408.77"));
    let f = checks::table_relations(&b, &t);
    assert_eq!(f.len(), 1);
    assert!(
        f[0].message.contains("表六合计 = 表七合计") && f[0].message.contains("6,817,408.77"),
        "{}",
        f[0].message
    );
}

#[test]
fn finding_display_is_one_line_with_severity_place_and_message() {
    let mut b = demo();
    b.reasons.remove("功能科目:2014004");
    let f = one(&b, "change-reason");
    let s = f.to_string();
    assert!(
        s.starts_with("警告\t[变动原因 功能科目:2014004 · 原因]\t"),
        "{s}"
    );
    assert!(!s.contains('\n'));
}

/// A unit whose code is not digits under the department's code (the 新建 form once took
/// `9x Third`) is reported where it is typed.
#[test]
fn unit_codes_are_digits_under_the_departments() {
    let mut b = demo();
    b.units[2].code = "9x".into();
    let f = one(&b, "unit-codes");
    assert_eq!(f.severity, Severity::Warning);
    assert_eq!(f.place.sheet, Sheet::Department);
    assert_eq!(f.place.record, Some(Record::Id(b.units[2].id)));
    assert!(
        f.message.contains("单位代码“9x”应只含数字"),
        "{}",
        f.message
    );
    b.units[2].code = "130003".into();
    let f = one(&b, "unit-codes");
    assert!(f.message.contains("应以部门代码“129”开头"), "{}", f.message);
}

/// A line still without its codes counts in no table; the check names its row, and it is
/// an 错误 once it carries an amount (the amount would be missing from the tables).
#[test]
fn unfinished_lines_are_reported_by_their_row() {
    let mut b = demo();
    let mut l = b.lines[0].clone();
    l.id = 1000;
    l.func_code = String::new();
    l.amount = Money::ZERO;
    l.seq = b.lines[0].seq + 1; // between the first and second lines: row 2
    b.incomplete_lines.push(l.clone());
    let f = one(&b, "incomplete-lines");
    assert_eq!(f.severity, Severity::Warning);
    assert_eq!(
        f.message,
        "支出明细第 2 行尚未填写功能科目（空行可按 Ctrl+- 删除）"
    );
    b.incomplete_lines[0].amount = yuan("1,000.50");
    let f = one(&b, "incomplete-lines");
    assert_eq!(f.severity, Severity::Error);
    assert!(
        f.message.contains("1,000.50 元未计入公开表"),
        "{}",
        f.message
    );
    // The tables are the demo's: table 3's total is still the seed's 10,250,408.78.
    let t3 = tables::table(&b, 3);
    assert!(t3.rows.iter().any(|r| {
        r.cells
            .iter()
            .any(|c| *c == Cell::Money(yuan("10,250,408.78")))
    }));
}

/// A text holding a character nobody sees: a right-to-left override in a project's name,
/// a NUL in a unit's, a zero-width space in a reason (written by another program), each a
/// 警告 at its record and field; a line break in a text of several lines is no finding.
#[test]
fn texts_with_hidden_characters_are_flagged() {
    let mut b = demo();
    b.projects[0].name = "信访\u{202E}费经务业".into();
    b.units[1].name.push('\0');
    let key = b.reasons.keys().next().unwrap().clone();
    b.reasons.get_mut(&key).unwrap().push('\u{200B}');
    b.department.duties.push_str("\n第二段");
    let f = findings(&b, "hidden-characters");
    let messages: Vec<&str> = f.iter().map(|f| f.message.as_str()).collect();
    assert_eq!(f.len(), 3, "{messages:#?}");
    assert!(f.iter().all(|f| f.severity == Severity::Warning));
    assert!(
        messages[0].starts_with("单位 129002：“单位名称”中有看不见的字符（U+0000）"),
        "{}",
        messages[0]
    );
    assert!(
        messages[1]
            .starts_with("项目“信访〔U+202E〕费经务业”：“项目名称”中有看不见的字符（U+202E）"),
        "{}",
        messages[1]
    );
    assert!(
        messages[2].starts_with(&format!(
            "变动原因“{key}”：“原因”中有看不见的字符（U+200B）"
        )),
        "{}",
        messages[2]
    );
    assert_eq!(f[1].place.field, Some("项目名称"));
}

/// A name holding a hidden character is printed with the character shown by its code, in
/// every output that prints tables: here the table of projects.
#[test]
fn tables_print_a_hidden_character_by_its_code() {
    let mut b = demo();
    b.projects[0].name = "信访\u{202E}费经务业".into();
    let t13 = tables::table(&b, 13);
    let shown: Vec<String> = t13.rows.iter().map(|r| r.cells[0].display()).collect();
    assert!(
        shown.contains(&"信访〔U+202E〕费经务业".to_string()),
        "{shown:?}"
    );
    assert!(!shown.iter().any(|s| s.contains('\u{202E}')));
}

/// The 情况说明 (and so its PDF and .docx) prints a hidden character of an officer's text
/// by its code, as the tables do.
#[test]
fn the_narrative_prints_a_hidden_character_by_its_code() {
    let mut b = demo();
    b.department.duties = format!("负责信访\u{202E}工作。{}", b.department.duties);
    let text = yusuan::narrative::narrative(&b).text();
    assert!(text.contains("负责信访〔U+202E〕工作。"), "{text}");
    assert!(!text.contains('\u{202E}'));
    // And the sheets of the window show a name so, while the editor opens it as it is.
    use yusuan::records::Kind;
    b.projects[0].name = "信访\u{202E}费经务业".into();
    let f = yusuan::model::Project::field("项目名称").unwrap();
    assert_eq!(f.shown(&b.projects[0], &b), "信访〔U+202E〕费经务业");
    assert_eq!(f.edit_text(&b.projects[0], &b), "信访\u{202E}费经务业");
}
