//! Each check: silent on the demo, firing on a crafted violation with the figures (worked
//! out by hand below) and the place to fix.

mod common;

use common::{demo, yuan};
use rust_decimal::Decimal;
use yusuan::engine::checks::{self, Finding, Severity};
use yusuan::engine::kinds::*;
use yusuan::engine::model::*;
use yusuan::engine::money::Money;
use yusuan::engine::records::place::{Sheet, Target};
use yusuan::engine::tables::{self, Cell};

fn findings(b: &Budget, check: &str) -> Vec<Finding> {
    yusuan::engine::derived::findings(b)
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
    let f = yusuan::engine::derived::findings(&demo());
    assert!(f.is_empty(), "{f:#?}");
}

#[test]
fn income_must_equal_spending_in_total_and_by_source() {
    let mut b = demo();
    // 办公费 of the office raised by 100.00: spending 10,250,508.78 against income 10,250,408.78.
    line_mut(&mut b, "129001", "2014001", "30201").amount = yuan("328,637.98");
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
        Some(Target::Key("一般公共预算财政拨款".into()))
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
    assert_eq!(f.place.record, Some(Target::Id(id)));
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
    assert_eq!(f.place.record, Some(Target::Id(pid)));

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
    assert_eq!(f.place.record, Some(Target::Id(id)));
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
    assert_eq!(f.place.record, Some(Target::Id(b.units[2].id)));
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
    let text = yusuan::engine::narrative::narrative(&b).text();
    assert!(text.contains("负责信访〔U+202E〕工作。"), "{text}");
    assert!(!text.contains('\u{202E}'));
    // And the sheets of the window show a name so, while the editor opens it as it is.
    use yusuan::engine::records::Kind;
    b.projects[0].name = "信访\u{202E}费经务业".into();
    let f = yusuan::engine::model::Project::field("项目名称").unwrap();
    assert_eq!(f.shown(&b.projects[0], &b), "信访〔U+202E〕费经务业");
    assert_eq!(f.edit_text(&b.projects[0], &b), "信访\u{202E}费经务业");
}

// ---- a reviewer's checks (issue 18) -----------------------------------------------------------

/// Template text left in an officer's text is an error at its record and field: a marker
/// (XX, 待填写) or a bracketed hint that trails off.
#[test]
fn template_leftovers_are_errors() {
    let mut b = demo();
    b.projects[0].overview = "XX单位负责信访稳定工作".into();
    b.indicators[0].value = "待填写".into();
    b.department.goal = "（绩效目标管理工作情况，以及…）".into();
    let f = findings(&b, "placeholders");
    let messages: Vec<&str> = f.iter().map(|f| f.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "单位信息：“整体绩效目标”中还有模板的占位文字“（绩效目标管理工作情况，以及…）”，会照样公开，请改为实际内容",
            "项目“信访稳定相关业务经费”：“项目概况”中还有模板的占位文字“XX”，会照样公开，请改为实际内容",
            &format!(
                "绩效指标“{}”：“指标值”中还有模板的占位文字“待填写”，会照样公开，请改为实际内容",
                b.indicators[0].name
            ),
        ]
    );
    assert!(f.iter().all(|f| f.severity == Severity::Error));
    assert_eq!(f[1].place.record, Some(Target::Id(b.projects[0].id)));
    assert_eq!(f[1].place.field, Some("项目概况"));
    // A bracket that does not trail off is the officer's own: no finding.
    assert_eq!(checks::leftover("（含二级单位）"), None);
}

/// The texts a published budget prints cannot be empty: here 职能职责, 联系电话, a funded
/// project's 立项依据 (重庆 prints project target forms), an indicator's 指标值 and the
/// 计量单位 of a quantitative one (a qualitative one needs none).
#[test]
fn required_texts_left_empty_are_flagged() {
    let mut b = demo();
    b.department.duties.clear();
    b.department.contact_phone = "  ".into();
    b.projects[1].basis.clear();
    let quantitative = b
        .indicators
        .iter()
        .position(|i| i.op != IndicatorOp::Qualitative)
        .unwrap();
    b.indicators[quantitative].unit.clear();
    let qualitative = b
        .indicators
        .iter()
        .position(|i| i.op == IndicatorOp::Qualitative)
        .unwrap();
    b.indicators[qualitative].unit.clear();
    b.indicators[qualitative].value.clear();
    let f = findings(&b, "required-texts");
    let messages: Vec<&str> = f.iter().map(|f| f.message.as_str()).collect();
    let owner = |i: &Indicator| {
        let p = b.project(i.project_id.unwrap()).unwrap();
        format!("项目“{}”的绩效指标“{}”", p.name, i.name)
    };
    let q = &b.indicators[quantitative];
    let ql = &b.indicators[qualitative];
    let mut expected = vec![
        "单位信息的“职能职责”尚未填写，公开时会是空白".to_string(),
        "单位信息的“联系电话”尚未填写，公开时会是空白".to_string(),
        "项目“编外人员工作经费”的“立项依据”尚未填写，公开时会是空白".to_string(),
    ];
    let by_id = |a: &Indicator, c: &Indicator| a.id.cmp(&c.id);
    let mut ind = [(q, "计量单位"), (ql, "指标值")];
    ind.sort_by(|a, c| by_id(a.0, c.0));
    expected.extend(
        ind.iter()
            .map(|(i, what)| format!("{}的“{what}”尚未填写，公开时会是空白", owner(i))),
    );
    assert_eq!(messages, expected);
    assert!(f.iter().all(|f| f.severity == Severity::Warning));
}

/// The 单位构成 text against the data: the demo says “内设 5 个科室、下属 2 个事业单位”
/// (5 divisions, 2 non-administrative units). Chinese numerals are read too.
#[test]
fn the_composition_text_is_compared_with_the_units() {
    let mut b = demo();
    b.department.composition = "本部门内设六个科室，下属两个事业单位".into();
    let f = one(&b, "composition-counts");
    assert_eq!(
        f.message,
        "单位构成中写有 6 个内设科室（机构），而“内设科室数”为 5"
    );
    b.department.composition = "机关设5个内设机构；行政单位1家，事业单位3家".into();
    let f = one(&b, "composition-counts");
    assert_eq!(
        f.message,
        "单位构成中写有 3 个事业单位，而单位中有 2 个事业单位"
    );
    b.department.composition = "内设十二个科室".into();
    b.department.divisions = 12;
    assert!(findings(&b, "composition-counts").is_empty());
}

/// Vehicles against the 公务用车 money: the demo owns one 应急保障用车 and runs it on
/// 45,000.00 元. A purchase budget with no car to buy, running costs with no car, and a
/// car to buy with no purchase budget each get a 警告 with the figures.
#[test]
fn vehicles_are_compared_with_the_car_money() {
    let mut b = demo();
    let mut buy = b.lines[0].clone();
    buy.id = 9_999;
    buy.dept_econ = "31013".into();
    buy.amount = yuan("150,000.00");
    b.lines.push(buy);
    let f = one(&b, "vehicles");
    assert_eq!(
        f.message,
        "公务用车购置费 150,000.00 元，而资产中本年拟购置的车辆为 0 辆"
    );
    let mut b = demo();
    for a in &mut b.assets {
        a.owned = 0;
    }
    assert_eq!(
        one(&b, "vehicles").message,
        "公务用车运行维护费 45,000.00 元，而资产中没有现有或拟购置的车辆"
    );
    let mut b = demo();
    b.assets[0].to_buy = 2;
    assert_eq!(
        one(&b, "vehicles").message,
        "资产中本年拟购置车辆 2 辆，而公务用车购置费为 0 元"
    );
}

/// A 项 that grew by more than half with no reason given: 2080505 went from 375,131.84
/// to 578,734.56 元, up 203,602.72 元 = 54.275…% → 54.3%. With the demo's reason it is
/// silent.
#[test]
fn swings_over_half_without_a_reason_are_flagged() {
    let mut b = demo();
    b.reasons.remove("功能科目:2080505");
    let f = one(&b, "large-swings");
    assert_eq!(
        f.message,
        "功能科目 2080505 机关事业单位基本养老保险缴费支出较上年增加 203,602.72 元，增长 54.3%（上年 375,131.84 元，本年 578,734.56 元），变动超过一半，请核实并说明原因"
    );
    assert_eq!(f.severity, Severity::Warning);
}

/// Last year's general-budget income and last year's spending by function are one figure
/// twice: 1,200,000.00 against 1,000,000.00 differ by 200,000.00 元.
#[test]
fn last_years_income_and_spending_by_function_must_agree() {
    let mut b = demo();
    b.prior_functions = vec![PriorFunction {
        func_code: "2014001".into(),
        nature: Nature::Basic,
        amount: yuan("1,000,000.00"),
    }];
    for i in &mut b.income {
        i.prior = Money::ZERO;
    }
    b.income[0].prior = yuan("1,200,000.00");
    let f = one(&b, "prior-agrees");
    assert_eq!(
        f.message,
        "上年一般公共预算财政拨款收入 1,200,000.00 元，而上年按功能科目填写的一般公共预算支出合计 1,000,000.00 元，相差 200,000.00 元；两者应相等，否则情况说明中收入与支出的同比前后矛盾"
    );
}

/// An empty table prints the note the others carry: 表八/九 of a budget without general
/// project spending, 表十 of one without 三公 this year or last.
#[test]
fn empty_tables_carry_their_notes() {
    let mut b = demo();
    b.lines.retain(|l| {
        !(l.nature == Nature::Project && l.fund_source.fiscal_kind() == Some(FiscalKind::General))
    });
    for n in [8, 9] {
        let t = tables::table(&b, n);
        assert!(
            t.rows.iter().all(|r| r.kind != tables::RowKind::Detail),
            "表{n}"
        );
        assert_eq!(
            t.note.as_deref(),
            Some("本部门无一般公共预算项目支出，故此表无数据。"),
            "表{n}"
        );
    }
    assert_eq!(tables::table(&b, 10).note, None, "the demo has 三公");
    let car = ["30212", "31013", "30913", "30231", "30217"];
    b.lines.retain(|l| !car.contains(&l.dept_econ.as_str()));
    for item in [
        PriorItem::Abroad,
        PriorItem::CarPurchase,
        PriorItem::CarRunning,
        PriorItem::Reception,
    ] {
        b.prior_items.remove(&item);
    }
    assert_eq!(
        tables::table(&b, 10).note.as_deref(),
        Some("本部门无“三公”经费预算，故此表无数据。")
    );
}

/// Shanghai's 表一 declares 收入总计 = 支出总计: when the officer's income and spending do
/// not balance, the relation fails for that reason, not as a fault of the program.
#[test]
fn a_relation_broken_by_the_budgets_own_balance_says_so() {
    let mut b = yusuan::exchange::demo::shanghai_demo_budget().unwrap();
    b.income[0].current += yuan("100.00");
    let f = one(&b, "table-relation");
    assert!(
        f.message.contains("收入与支出不相等所致，收支平衡后即成立"),
        "{}",
        f.message
    );
    assert!(!f.message.contains("程序内部不一致"));
}

/// A year carried over from an old text (2022 in a 2025 budget) is a 警告; years a text
/// cites (in 《》 or 〔〕, after 根据 or 截至) and the years next to the budget's are not.
#[test]
fn stale_years_in_texts_are_flagged() {
    assert_eq!(
        checks::stale_year("2022年全区信访工作坚持围绕中心", 2025),
        Some(2022)
    );
    assert_eq!(checks::stale_year("2024年完成，2026年继续", 2025), None);
    assert_eq!(
        checks::stale_year("根据2019年印发的条例，做好工作", 2025),
        None
    );
    assert_eq!(checks::stale_year("《2018年规划》确定的任务", 2025), None);
    assert_eq!(checks::stale_year("（普投资规范〔2023〕1号）", 2025), None);
    assert_eq!(checks::stale_year("2021年度项目", 2025), Some(2021));
    let mut b = demo();
    b.department.goal = format!("2022年{}", b.department.goal);
    let f = one(&b, "stale-years");
    assert_eq!(
        f.message,
        "单位信息：“整体绩效目标”中写的是 2022 年，而预算年度为 2025 年，请核对是否沿用了往年的文字"
    );
}

/// A word typed twice and an ASCII comma between Chinese and a figure are 警告.
#[test]
fn slips_in_texts_are_flagged() {
    assert_eq!(
        checks::slip("用于预算预算编制").as_deref(),
        Some("“预算”连写了两次")
    );
    assert_eq!(
        checks::slip("安排经费,2025年").as_deref(),
        Some("“费,2”中文与数字之间用了英文逗号")
    );
    assert_eq!(
        checks::slip("人人有责，常常检查"),
        None,
        "one character twice is Chinese"
    );
    let mut b = demo();
    b.projects[0].goal = "及时化解化解矛盾纠纷".into();
    let f = one(&b, "text-slips");
    assert_eq!(
        f.message,
        "项目“信访稳定相关业务经费”：“当年绩效目标”中“化解”连写了两次"
    );
    // The leftovers the checkers list besides XX and 待填写.
    for t in [
        "TBD",
        "N/A",
        "{单位}",
        "（略）",
        "。。。",
        "···",
        "＿＿＿",
        "○○",
        "此处填写项目概况",
    ] {
        assert!(checks::leftover(&format!("说明{t}")).is_some(), "{t}");
    }
}

/// A 二级指标 under a 一级 it does not belong to is an 错误 naming both and what fits
/// (财预〔2021〕101号: 效益指标 covers 经济、社会、生态效益 and 可持续影响); a region's own
/// wording, and the 成本指标 that older lists keep under 产出, are left alone.
#[test]
fn an_indicator_pair_that_does_not_fit_is_an_error() {
    let mut b = demo();
    let first = b.indicators[0].id;
    let project = b.indicators[0]
        .project_id
        .and_then(|p| b.project(p))
        .unwrap()
        .name
        .clone();
    let name = b.indicators[0].name.clone();
    b.indicators[0].level1 = "效益指标".into();
    b.indicators[0].level2 = "数量指标".into();
    let f = one(&b, "indicator-levels");
    assert_eq!(f.severity, Severity::Error);
    assert_eq!(
        f.message,
        format!(
            "项目“{project}”的绩效指标“{name}”：二级指标“数量指标”不属于一级指标“效益指标”（其下为：经济效益指标、社会效益指标、生态效益指标、可持续影响指标）"
        )
    );
    assert_eq!(f.place.record, Some(Target::Id(first)));
    assert_eq!(f.place.field, Some("二级指标"));
    // Fitting pairs, the older 产出·成本, and a region's own wording: nothing.
    for (l1, l2) in [
        ("效益指标", "社会效益指标"),
        ("成本指标", "经济成本指标"),
        ("产出指标", "成本指标"),
        ("效益指标", "本地区自定的二级指标"),
        ("", ""),
    ] {
        b.indicators[0].level1 = l1.into();
        b.indicators[0].level2 = l2.into();
        assert!(findings(&b, "indicator-levels").is_empty(), "{l1} {l2}");
    }
}
