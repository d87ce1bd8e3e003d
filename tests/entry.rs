//! The editor in an Excel user's hands, round two (issue 25): every keyboard path that
//! enters data stores what was typed, in the cell it was typed in. Driven headless with
//! egui_kittest by real keys, whole rows of them.
//!
//! Expected values are typed by hand from the sources: the demo's first line is 信访办本级
//! 2014001 30201 基本支出 一般公共预算财政拨款 328,537.98 (assets/demo/lines.csv, row 2);
//! the function catalog (assets/catalog/function.csv) has 85 项 whose code begins with
//! 2010 (2010101 行政运行（人大事务） first) and 10 beginning with 20104; under 20140 信访事务
//! 2014001 行政运行 is followed by 2014002 一般行政管理事务; 30101 基本工资 by 30102 津贴补贴.

mod common;
#[path = "common/ui.rs"]
mod ui;

use common::Rng;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use std::path::{Path, PathBuf};
use ui::*;
use yusuan::app::ui::{Command, EditorApp, Persisted};
use yusuan::engine::create::{BudgetDraft, UnitDraft};
use yusuan::engine::kinds::{FundSource, Nature, UnitKind};
use yusuan::engine::records::place::Sheet;
use yusuan::engine::store::{Access, Store};

/// A budget as `yusuan new` makes it: department 305 of 2026, with these units.
fn new_budget(dir: &Path, name: &str, units: &[(&str, &str, UnitKind)]) -> PathBuf {
    let draft = BudgetDraft {
        name: "重庆市南岸区测试局".into(),
        code: "305".into(),
        year: "2026".into(),
        region: "重庆市".into(),
        units: units
            .iter()
            .map(|(code, name, kind)| UnitDraft {
                code: code.to_string(),
                name: name.to_string(),
                short_name: String::new(),
                kind: Some(*kind),
            })
            .collect(),
    };
    let b = if units.is_empty() {
        draft.department_only()
    } else {
        draft.budget()
    }
    .expect("a valid draft");
    let path = dir.join(name);
    drop(Store::create(&path, &b).expect("created"));
    path
}

fn one_unit(dir: &Path) -> PathBuf {
    new_budget(
        dir,
        "新预算.db",
        &[(
            "305001",
            "重庆市南岸区测试局（本级）",
            UnitKind::Administrative,
        )],
    )
}

fn demo_copy(dir: &tempfile::TempDir) -> PathBuf {
    let (path, store) = common::demo_file(dir);
    drop(store);
    path
}

const SHEETS: [&str; 13] = [
    "单位信息",
    "收入",
    "支出明细",
    "三公经费",
    "项目",
    "整体绩效",
    "政府采购",
    "资产",
    "上年数",
    "变动原因",
    "公开表",
    "情况说明",
    "图表",
];

/// Every sheet opens, takes navigation keys and closes, on an empty new budget, on one
/// with units only and on the demo; nothing in the file changes.
#[test]
fn every_sheet_opens_and_takes_keys_on_any_budget() {
    let dir = common::tempdir();
    let budgets = [
        new_budget(dir.path(), "空.db", &[]),
        one_unit(dir.path()),
        demo_copy(&dir),
    ];
    let mut rng = Rng(0x2025_1208);
    for path in budgets {
        let before = std::fs::read(&path).unwrap();
        let mut h = editor_on(&path);
        for sheet in SHEETS {
            nav(&mut h, sheet);
            for _ in 0..50 {
                navigation_key(&mut h, rng.below(NAVIGATION_KEYS));
            }
        }
        drop(h);
        assert_eq!(
            std::fs::read(&path).unwrap(),
            before,
            "{}: navigation changed the file",
            path.display()
        );
    }
}

/// 支出明细 of a new budget typed row after row: 单位 Tab 功能科目 Tab 经济科目 Tab×5 金额
/// Enter goes back to the first column of the next (new) row, and each figure lands in
/// its own line and column.
#[test]
fn rows_typed_with_tab_and_enter_land_in_their_cells() {
    let dir = common::tempdir();
    let path = one_unit(dir.path());
    let mut h = editor_on(&path);
    nav(&mut h, "支出明细");
    assert_eq!(cursor(&h, Sheet::Lines, 0), Some((0, 0)), "the “+” row");
    let row = |code: &'static str, econ: &'static str, amount: &'static str| {
        ["305001", code, econ, "", "", "", "", amount]
    };
    type_row(&mut h, &row("2010101", "30101", "120000"));
    assert_eq!(cursor(&h, Sheet::Lines, 0), Some((1, 0)), "{}", notice(&h));
    type_row(&mut h, &row("2010101", "30102", "80000"));
    assert_eq!(cursor(&h, Sheet::Lines, 0), Some((2, 0)));
    // A row whose Tabs run was not typed into goes back the same way.
    key(&mut h, Key::Tab);
    key(&mut h, Key::Tab);
    key(&mut h, Key::Enter);
    assert_eq!(
        cursor(&h, Sheet::Lines, 0),
        Some((2, 0)),
        "stays on the new row"
    );
    let b = h.state().budget().unwrap();
    let got: Vec<(String, String, String, String)> = b
        .lines_in_order()
        .iter()
        .map(|l| {
            (
                b.unit(l.unit_id).unwrap().code.clone(),
                l.func_code.clone(),
                l.dept_econ.clone(),
                l.amount.plain(),
            )
        })
        .collect();
    let want = |e: &str, a: &str| {
        (
            "305001".to_string(),
            "2010101".to_string(),
            e.to_string(),
            a.to_string(),
        )
    };
    assert_eq!(
        got,
        vec![want("30101", "120000.00"), want("30102", "80000.00")]
    );
    // Shift+Enter goes up.
    key_with(&mut h, Modifiers::SHIFT, Key::Enter);
    assert_eq!(cursor(&h, Sheet::Lines, 0), Some((1, 0)));
    // In the file.
    drop(h);
    let stored = Store::open(&path, Access::ReadOnly).unwrap();
    assert_eq!(stored.budget().lines.len(), 2);
}

/// 上年数: a row typed into the “+” row is kept there until it has its code and its amount,
/// then stored whole; nothing is reported as saved before.
#[test]
fn a_prior_figure_is_typed_into_the_new_row() {
    let dir = common::tempdir();
    let path = one_unit(dir.path());
    let mut h = editor_on(&path);
    nav(&mut h, "上年数");
    assert_eq!(cursor(&h, Sheet::Prior, 0), Some((0, 0)));
    type_text(&mut h, "2010401");
    key(&mut h, Key::Tab);
    assert!(h.state().budget().unwrap().prior_functions.is_empty());
    assert_eq!(
        notice(&h),
        "新行尚未保存：还要填写“上年预算数”（Esc 放弃此行）"
    );
    h.get_by_label("2010401");
    type_text(&mut h, "项目支出");
    key(&mut h, Key::Tab);
    type_text(&mut h, "50000");
    key(&mut h, Key::Enter);
    h.run_steps(2);
    assert_eq!(cursor(&h, Sheet::Prior, 0), Some((1, 0)), "{}", notice(&h));
    type_row(&mut h, &["2010101", "", "30000"]);
    let got: Vec<(String, Nature, String)> = h
        .state()
        .budget()
        .unwrap()
        .prior_functions
        .iter()
        .map(|p| (p.func_code.clone(), p.nature, p.amount.plain()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("2010101".into(), Nature::Basic, "30000.00".into()),
            ("2010401".into(), Nature::Project, "50000.00".into())
        ]
    );
    // The new row is below them, at the first column.
    assert_eq!(cursor(&h, Sheet::Prior, 0), Some((2, 0)));
    // Esc gives up what was typed into the new row and not stored.
    type_text(&mut h, "2010102");
    key(&mut h, Key::Tab);
    key(&mut h, Key::Escape);
    assert_eq!(notice(&h), "已放弃新行中未保存的内容");
    assert!(h.query_by_label("2010102").is_none());
    assert_eq!(h.state().budget().unwrap().prior_functions.len(), 2);
}

/// A project's indicators typed row after row: a new indicator starts blank and takes
/// what is typed, and the next row begins at the first column.
#[test]
fn indicators_are_typed_row_after_row() {
    let dir = common::tempdir();
    let path = demo_copy(&dir);
    let mut h = editor_on(&path);
    nav(&mut h, "项目");
    let before = h.state().budget().unwrap().indicators.len();
    let project = h.state().sheets.project.expect("a project shown");
    let shown = h
        .state()
        .budget()
        .unwrap()
        .indicators_of(Some(project))
        .count();
    // To the “+” row, first column.
    key_with(&mut h, Modifiers::COMMAND, Key::End);
    key(&mut h, Key::ArrowDown);
    key(&mut h, Key::Home);
    assert_eq!(cursor(&h, Sheet::Projects, 1), Some((shown, 0)));
    type_row(
        &mut h,
        &[
            "产出指标",
            "数量指标",
            "接待群众人次",
            "10",
            "人次",
            "≥",
            "5000",
            "是",
        ],
    );
    assert_eq!(
        cursor(&h, Sheet::Projects, 1),
        Some((shown + 1, 0)),
        "{}",
        notice(&h)
    );
    type_row(
        &mut h,
        &[
            "效益指标",
            "社会效益指标",
            "群众满意度",
            "10",
            "%",
            "≥",
            "90",
            "否",
        ],
    );
    let b = h.state().budget().unwrap();
    assert_eq!(b.indicators.len(), before + 2);
    let new: Vec<_> = b.indicators_of(Some(project)).skip(shown).collect();
    let row = |i: &yusuan::engine::model::Indicator| {
        (
            i.level1.clone(),
            i.level2.clone(),
            i.name.clone(),
            i.weight.to_string(),
            i.unit.clone(),
            i.op.label().to_string(),
            i.value.clone(),
            i.core,
        )
    };
    assert_eq!(
        row(new[0]),
        (
            "产出指标".into(),
            "数量指标".into(),
            "接待群众人次".into(),
            "10".into(),
            "人次".into(),
            "≥".into(),
            "5000".into(),
            true
        )
    );
    assert_eq!(row(new[1]).2, "群众满意度");
    assert!(!row(new[1]).7);
}

/// Alt+↓ opens a cell's list, ↓ moves the highlight, Enter takes it: on existing rows and
/// on the new row, for codes and choices, on 支出明细 and on the indicators.
#[test]
fn alt_down_down_enter_takes_the_entry_below() {
    let dir = common::tempdir();
    let path = demo_copy(&dir);
    let mut h = editor_on(&path);
    nav(&mut h, "支出明细");
    let pick_below = |h: &mut H, sheet: Sheet, n: u8, row: usize, col: usize| {
        let g = h.state_mut().sheets.grid(sheet, n);
        g.select_only(row, col);
        h.run_steps(2);
        key_with(h, Modifiers::ALT, Key::ArrowDown);
        key(h, Key::ArrowDown);
        key(h, Key::Enter);
        h.run_steps(2);
        assert!(!editing(h, sheet, n), "stored: {}", notice(h));
    };
    let first = |h: &H| {
        let app = h.state();
        app.budget()
            .unwrap()
            .line(app.sheets.lines.view[0])
            .unwrap()
            .clone()
    };
    pick_below(&mut h, Sheet::Lines, 0, 0, 1);
    assert_eq!(first(&h).func_code, "2014002");
    pick_below(&mut h, Sheet::Lines, 0, 0, 2);
    assert_eq!(first(&h).dept_econ, "30202");
    pick_below(&mut h, Sheet::Lines, 0, 0, 4);
    assert_eq!(first(&h).nature, Nature::Project);
    pick_below(&mut h, Sheet::Lines, 0, 0, 6);
    assert_eq!(first(&h).fund_source, FundSource::GovFund);
    // 单位: 信访办本级 → 受理中心.
    pick_below(&mut h, Sheet::Lines, 0, 0, 0);
    let b = h.state().budget().unwrap();
    assert_eq!(b.unit(first(&h).unit_id).unwrap().code, "129002");
    // On the new row: the list of 支出性质 from the start, ↓ takes the first.
    let rows = h.state().sheets.lines.view.len();
    pick_below(&mut h, Sheet::Lines, 0, rows, 4);
    let b = h.state().budget().unwrap();
    assert_eq!(b.incomplete_lines.len(), 1, "{}", notice(&h));
    assert_eq!(b.incomplete_lines[0].nature, Nature::Basic);

    // The indicators of the first project: 一级 (blank in the demo) → 产出指标, then
    // 效益指标; 是否核心指标 是 → 否.
    nav(&mut h, "项目");
    let project = h.state().sheets.project.unwrap();
    let ind = |h: &H| {
        h.state()
            .budget()
            .unwrap()
            .indicators_of(Some(project))
            .next()
            .unwrap()
            .clone()
    };
    assert_eq!(ind(&h).level1, "");
    pick_below(&mut h, Sheet::Projects, 1, 0, 0);
    assert_eq!(ind(&h).level1, "产出指标");
    pick_below(&mut h, Sheet::Projects, 1, 0, 0);
    assert_eq!(ind(&h).level1, "效益指标");
    assert!(ind(&h).core);
    pick_below(&mut h, Sheet::Projects, 1, 0, 7);
    assert!(!ind(&h).core);
    // The 二级 list offers what belongs under the 一级 chosen (效益指标): its first is
    // 经济效益指标, and 数量指标 is not among them.
    h.state_mut()
        .sheets
        .grid(Sheet::Projects, 1)
        .select_only(0, 1);
    h.run_steps(2);
    key_with(&mut h, Modifiers::ALT, Key::ArrowDown);
    h.run_steps(1);
    for l2 in [
        "经济效益指标",
        "社会效益指标",
        "生态效益指标",
        "可持续影响指标",
    ] {
        assert!(h.query_by_label(l2).is_some(), "{l2} offered");
    }
    assert!(h.query_by_label("数量指标").is_none());
    key(&mut h, Key::ArrowDown);
    key(&mut h, Key::Enter);
    h.run_steps(2);
    assert_eq!(ind(&h).level2, "经济效益指标");
}

/// A code typed in part and Enter stores nothing: the cell stays open with its list and
/// says how many codes match; ↓ Enter takes one; the code shows with its 款, so that one
/// 行政运行 is told from another.
#[test]
fn a_partial_code_is_not_taken_for_the_first_match() {
    let dir = common::tempdir();
    let path = demo_copy(&dir);
    let mut h = editor_on(&path);
    nav(&mut h, "支出明细");
    h.state_mut().sheets.grid(Sheet::Lines, 0).select_only(0, 1);
    h.run_steps(2);
    type_text(&mut h, "2010");
    key(&mut h, Key::Enter);
    h.run_steps(1);
    assert!(editing(&h, Sheet::Lines, 0), "still open");
    h.get_by_label("2010 有 85 个科目，用 ↓ 选择（或继续输入）");
    let code = |h: &H| h.state().budget().unwrap().lines[0].func_code.clone();
    assert_eq!(code(&h), "2014001");
    // More digits narrow it; still several.
    type_text(&mut h, "4");
    key(&mut h, Key::Tab);
    h.run_steps(1);
    h.get_by_label("20104 有 10 个科目，用 ↓ 选择（或继续输入）");
    assert_eq!(code(&h), "2014001");
    // A whole code shows its name before it is stored.
    key_with(&mut h, Modifiers::COMMAND, Key::A);
    type_text(&mut h, "2010101");
    h.run_steps(1);
    h.get_by_label("2010101  行政运行");
    h.get_by_label("201 一般公共服务支出 › 20101 人大事务 › 2010101 行政运行");
    key(&mut h, Key::Enter);
    h.run_steps(2);
    assert_eq!(code(&h), "2010101");
    assert!(
        h.query_all_by_label("2010101 行政运行（人大事务）")
            .next()
            .is_some()
    );
    // ↓ Enter after a partial code takes the entry chosen.
    h.state_mut().sheets.grid(Sheet::Lines, 0).select_only(0, 1);
    h.run_steps(2);
    type_text(&mut h, "20104");
    key(&mut h, Key::ArrowDown);
    key(&mut h, Key::ArrowDown);
    key(&mut h, Key::Enter);
    h.run_steps(2);
    assert_eq!(code(&h), "2010402");
}

/// After a click in the navigation, on a button of the status bar, or after a dialog
/// closes, the sheet's grid has the keyboard: what is typed lands in its cell, and Enter
/// never presses the button that was clicked. Ctrl+PgDn / Ctrl+PgUp change sheets.
#[test]
fn the_grid_has_the_keyboard_whenever_a_sheet_is_shown() {
    let dir = common::tempdir();
    let path = one_unit(dir.path());
    let mut h = editor_on(&path);
    nav(&mut h, "收入");
    // 一般公共预算财政拨款 本年预算数.
    key(&mut h, Key::Tab);
    type_text(&mut h, "777");
    key(&mut h, Key::Enter);
    h.run_steps(1);
    let income = |h: &H| {
        h.state()
            .budget()
            .unwrap()
            .income_of(FundSource::General)
            .map(|i| i.current.plain())
    };
    assert_eq!(income(&h).as_deref(), Some("777.00"), "{}", notice(&h));
    assert_eq!(
        cursor(&h, Sheet::Income, 0),
        Some((1, 0)),
        "back to the first column"
    );
    // A click on the status bar's count of 错误, then typing: into the grid, not the button.
    h.get_all_by_label_contains("错误 ").next().unwrap().click();
    h.run_steps(2);
    assert!(h.state().show_findings);
    h.state_mut().show_findings = false;
    h.run_steps(2);
    key(&mut h, Key::ArrowUp);
    key(&mut h, Key::ArrowRight);
    type_text(&mut h, "888");
    key(&mut h, Key::Enter);
    h.run_steps(2);
    assert_eq!(income(&h).as_deref(), Some("888.00"), "{}", notice(&h));
    assert!(!h.state().show_findings, "Enter did not press the button");
    assert_eq!(cursor(&h, Sheet::Income, 0), Some((1, 1)));
    // A dialog opened and closed with Esc: the grid has the keyboard again, and nothing
    // typed while the dialog was open reached it.
    key_with(&mut h, Modifiers::COMMAND, Key::N);
    assert!(h.query_by_label("新建预算").is_some());
    type_text(&mut h, "999");
    key(&mut h, Key::Enter);
    key(&mut h, Key::Escape);
    h.run_steps(2);
    assert!(h.query_by_label("新建预算").is_none(), "Esc closes it");
    let fund = |h: &H| {
        h.state()
            .budget()
            .unwrap()
            .income_of(FundSource::GovFund)
            .map(|i| i.current.plain())
    };
    assert_eq!(fund(&h), None, "nothing typed behind the dialog");
    type_text(&mut h, "555");
    key(&mut h, Key::Enter);
    h.run_steps(2);
    assert_eq!(fund(&h).as_deref(), Some("555.00"), "{}", notice(&h));
    // Sheets in turn, as Excel's tabs.
    key_with(&mut h, Modifiers::COMMAND, Key::PageDown);
    assert_eq!(h.state().sheet, Sheet::Lines);
    key_with(&mut h, Modifiers::COMMAND, Key::PageUp);
    assert_eq!(h.state().sheet, Sheet::Income);
    for _ in 0..4 {
        key_with(&mut h, Modifiers::COMMAND, Key::PageUp);
    }
    assert_eq!(h.state().sheet, Sheet::Department);
}

/// A remark written by another window keeps the editor's undo history; Ctrl+Z still
/// undoes the edit made before it.
#[test]
fn a_remark_from_another_window_keeps_the_undo_history() {
    let dir = common::tempdir();
    let path = demo_copy(&dir);
    let mut h = editor_on(&path);
    nav(&mut h, "支出明细");
    h.state_mut().sheets.grid(Sheet::Lines, 0).select_only(0, 7);
    h.run_steps(2);
    type_text(&mut h, "333537.98");
    key(&mut h, Key::Enter);
    h.run_steps(2);
    assert_eq!(
        h.state().budget().unwrap().lines[0].amount.plain(),
        "333537.98"
    );
    // A reviewer's window on the same file adds a remark.
    let mut other = Store::open(&path, Access::ReadOnly)
        .unwrap()
        .with_read_only_reason("审阅");
    other
        .apply_remark(yusuan::engine::edit::Edit::put(
            yusuan::engine::model::Remark {
                id: 0,
                target: "sheet:支出明细".into(),
                author: "审核人".into(),
                created: "2026-12-08 10:00".into(),
                text: "第一行请说明依据".into(),
                resolved: false,
            },
        ))
        .unwrap();
    drop(other);
    // The editor looks at its file twice a second.
    for _ in 0..40 {
        h.run_steps(1);
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let doc = h.state_mut().doc.as_mut().unwrap();
    doc.pick_up_outside_changes().unwrap();
    assert!(
        h.state()
            .budget()
            .unwrap()
            .remarks
            .iter()
            .any(|r| r.text == "第一行请说明依据")
    );
    assert!(h.state().doc.as_ref().unwrap().undo_label().is_some());
    key_with(&mut h, Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    assert_eq!(
        h.state().budget().unwrap().lines[0].amount.plain(),
        "328537.98",
        "{}",
        notice(&h)
    );
}

/// Undo and redo of a deleted row name the same row.
#[test]
fn undo_and_redo_of_a_deletion_name_the_same_row() {
    let dir = common::tempdir();
    let path = demo_copy(&dir);
    let mut h = editor_on(&path);
    nav(&mut h, "支出明细");
    h.state_mut()
        .sheets
        .grid(Sheet::Lines, 0)
        .select_only(16, 7);
    h.run_steps(2);
    key_with(&mut h, Modifiers::COMMAND, Key::Minus);
    h.run_steps(2);
    assert_eq!(h.state().budget().unwrap().lines.len(), 88);
    key_with(&mut h, Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    assert_eq!(notice(&h), "已撤销：删除 1 条支出明细（第 17 行）");
    key_with(&mut h, Modifiers::COMMAND, Key::Y);
    h.run_steps(2);
    assert_eq!(notice(&h), "已重做：删除 1 条支出明细（第 17 行）");
    assert_eq!(cursor(&h, Sheet::Lines, 0).map(|c| c.0), Some(16));
    // The same with the lines sorted by amount, largest first: row 17 is then the
    // 稳评中心's 基本工资 174,216.00, computed from the roster, which is not deleted by
    // hand; row 16 is the office's typed 30239 190,000.00.
    h.state_mut().sheets.lines.sort = Some((7, true));
    h.run_steps(2);
    h.state_mut()
        .sheets
        .grid(Sheet::Lines, 0)
        .select_only(16, 7);
    h.run_steps(2);
    key_with(&mut h, Modifiers::COMMAND, Key::Minus);
    h.run_steps(2);
    assert!(
        notice(&h).starts_with("第 17 行由测算标准“基本工资”算出，不能删除"),
        "{}",
        notice(&h)
    );
    assert_eq!(
        h.state().budget().unwrap().lines.len(),
        88,
        "nothing deleted"
    );
    h.state_mut()
        .sheets
        .grid(Sheet::Lines, 0)
        .select_only(15, 7);
    h.run_steps(2);
    key_with(&mut h, Modifiers::COMMAND, Key::Minus);
    h.run_steps(2);
    key_with(&mut h, Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    assert_eq!(notice(&h), "已撤销：删除 1 条支出明细（第 16 行）");
    key_with(&mut h, Modifiers::COMMAND, Key::Y);
    h.run_steps(2);
    assert_eq!(notice(&h), "已重做：删除 1 条支出明细（第 16 行）");
}

/// Recent files are kept by absolute path; a file that cannot be opened leaves the open
/// budget open and says why; a new budget given a bare name goes beside the open file.
#[test]
fn files_are_found_again() {
    let dir = common::tempdir();
    let path = demo_copy(&dir);
    let persisted = Persisted {
        recent: vec![PathBuf::from("nanan2026.db")],
        ..Persisted::default()
    };
    let doc = yusuan::app::document::Document::open(&path, false).map_err(|e| e.to_string());
    let mut h = harness_sized(EditorApp::new(doc, persisted), 1280.0, 800.0);
    let recent = h.state().persisted.recent.clone();
    assert!(recent.iter().all(|p| p.is_absolute()), "{recent:?}");
    assert_eq!(recent[0], std::path::absolute(&path).unwrap());
    // Opening a file that is not there: the demo stays open.
    let missing = dir.path().join("不存在.db");
    h.state_mut()
        .push(Command::OpenPath(missing.clone(), false));
    h.run_steps(2);
    assert!(h.state().doc.is_some(), "still open");
    assert_eq!(
        notice(&h),
        format!(
            "找不到文件 {}（已从“最近打开”中去掉）；当前预算仍然打开",
            missing.display()
        )
    );
    // 另存为 with a bare name: beside the demo, and the status bar says where.
    h.state_mut()
        .push(Command::SaveAs(PathBuf::from("nanan2026")));
    h.run_steps(2);
    let copy = dir.path().join("nanan2026.db");
    assert!(copy.exists(), "{}", notice(&h));
    assert_eq!(notice(&h), format!("已另存为 {}", copy.display()));
}

/// Desktop habits: Ctrl+S says that every edit is already stored, 文件 › 退出 (Ctrl+Q)
/// stores the cell being typed and closes; menus print shortcuts as Chinese software does.
#[test]
fn save_and_quit_as_desktop_programs_do() {
    let dir = common::tempdir();
    let path = demo_copy(&dir);
    let mut h = editor_on(&path);
    nav(&mut h, "支出明细");
    key_with(&mut h, Modifiers::COMMAND, Key::S);
    assert_eq!(
        notice(&h),
        format!("已保存（每次修改都已自动保存）：{}", path.display())
    );
    h.state_mut().sheets.grid(Sheet::Lines, 0).select_only(0, 7);
    h.run_steps(2);
    type_text(&mut h, "1");
    key_with(&mut h, Modifiers::COMMAND, Key::Q);
    h.run_steps(3);
    assert!(h.state().closing);
    assert_eq!(h.state().budget().unwrap().lines[0].amount.plain(), "1.00");
    h.state_mut().closing = false;
    // The 编辑 menu prints Ctrl+- for 删除行.
    h.get_by_label("编辑").click();
    h.run_steps(2);
    h.get_by_label("删除行 Ctrl+-");
    h.get_by_label("复制为新行 Ctrl+Shift+D");
    key(&mut h, Key::Escape);
    h.get_by_label("视图").click();
    h.run_steps(2);
    h.get_by_label("放大 Ctrl+Alt+=");
    h.get_by_label("下一页 Ctrl+PgDn");
}

/// 浏览… where the system has no file dialog (no desktop portal, no zenity) says to type
/// the path, instead of doing nothing.
#[test]
fn browse_without_a_system_dialog_says_to_type_the_path() {
    if yusuan::app::ui::path_field::system_dialog_available() {
        return; // a real dialog would open and wait for a person
    }
    let dir = common::tempdir();
    let path = demo_copy(&dir);
    let mut h = editor_on(&path);
    key_with(&mut h, Modifiers::COMMAND, Key::O);
    h.get_by_label("浏览…").click();
    h.run_steps(2);
    h.get_by_label(yusuan::app::ui::path_field::NO_DIALOG);
}

/// A choice typed by the start of its name is taken when one entry begins with it
/// (`一般公共预算` is 一般公共预算财政拨款, though 上年结转（一般公共预算） contains it too);
/// `上年结转` begins four entries and stays open with a hint.
#[test]
fn a_choice_is_taken_by_the_one_entry_it_begins() {
    let dir = common::tempdir();
    let path = demo_copy(&dir);
    let mut h = editor_on(&path);
    nav(&mut h, "支出明细");
    h.state_mut().sheets.grid(Sheet::Lines, 0).select_only(0, 6);
    h.run_steps(2);
    type_text(&mut h, "上年结转");
    key(&mut h, Key::Enter);
    h.run_steps(1);
    assert!(editing(&h, Sheet::Lines, 0));
    h.get_by_label("“上年结转”有 4 项可选，用 ↓ 选择（或继续输入）");
    key_with(&mut h, Modifiers::COMMAND, Key::A);
    type_text(&mut h, "政府性基金");
    key(&mut h, Key::Enter);
    h.run_steps(2);
    let source = |h: &H| h.state().budget().unwrap().lines[0].fund_source;
    assert_eq!(source(&h), FundSource::GovFund);
    h.state_mut().sheets.grid(Sheet::Lines, 0).select_only(0, 6);
    h.run_steps(2);
    type_text(&mut h, "一般公共预算");
    key(&mut h, Key::Enter);
    h.run_steps(2);
    assert_eq!(source(&h), FundSource::General);
}

/// 单位信息 and 政府采购 take records typed into their “+” rows too: a unit once its code,
/// name and kind are typed (never a kind chosen for the officer), an item once it has its
/// name (never a made-up one).
#[test]
fn units_and_procurement_items_are_typed_into_the_new_row() {
    let dir = common::tempdir();
    let path = one_unit(dir.path());
    let mut h = editor_on(&path);
    nav(&mut h, "单位信息");
    h.state_mut()
        .sheets
        .grid(Sheet::Department, 0)
        .select_only(1, 0);
    h.run_steps(2);
    type_text(&mut h, "305002");
    key(&mut h, Key::Tab);
    type_text(&mut h, "重庆市南岸区测试中心");
    key(&mut h, Key::Tab);
    assert_eq!(h.state().budget().unwrap().units.len(), 1, "no kind yet");
    assert_eq!(
        notice(&h),
        "新行尚未保存：还要填写“单位类型”（Esc 放弃此行）"
    );
    type_text(&mut h, "测试中心");
    key(&mut h, Key::Tab);
    type_text(&mut h, "事业");
    key(&mut h, Key::Enter);
    h.run_steps(2);
    let b = h.state().budget().unwrap();
    let u = b.unit_by_code("305002").expect("stored");
    assert_eq!(
        (u.name.as_str(), u.short_name.as_str(), u.kind),
        ("重庆市南岸区测试中心", "测试中心", UnitKind::Institution)
    );
    assert_eq!(cursor(&h, Sheet::Department, 0), Some((2, 0)));

    nav(&mut h, "政府采购");
    assert_eq!(cursor(&h, Sheet::Procurement, 0), Some((0, 0)));
    type_text(&mut h, "305001");
    key(&mut h, Key::Tab);
    assert!(h.state().budget().unwrap().procurement.is_empty());
    type_text(&mut h, "办公设备采购");
    key(&mut h, Key::Enter);
    h.run_steps(2);
    let b = h.state().budget().unwrap();
    assert_eq!(b.procurement.len(), 1, "{}", notice(&h));
    assert_eq!(b.procurement[0].name, "办公设备采购");
    assert_eq!(b.unit(b.procurement[0].unit_id).unwrap().code, "305001");
}

/// The label of the entry a cell's open list highlights (a selected entry of the list
/// below the cell; the navigation's own selected sheet is not one).
fn highlighted_entry(h: &H, sheet: &str) -> Option<String> {
    use egui_kittest::kittest::NodeT as _;
    let counted = format!("{sheet}  (");
    h.query_all_by(|n| {
        n.role() == egui::accesskit::Role::Button
            && n.toggled() == Some(egui::accesskit::Toggled::True)
    })
    .filter_map(|n| n.accesskit_node().label())
    .find(|l| l != sheet && !l.starts_with(&counted))
}

/// Alt+↓, ↓, Enter on every list column of every sheet's grid (codes and choices), on a
/// record of the demo: the entry highlighted under the cell's own value is stored, and
/// the cell shows it.
#[test]
fn alt_down_works_on_every_list_column() {
    let dir = common::tempdir();
    let path = demo_copy(&dir);
    let mut h = editor_on(&path);
    // (navigation, sheet, grid, list columns by their declared order). 经费类型 (column
    // 9 of 支出明细) lists a blank first, then 人员经费, which its line's economic code
    // already gives: ↓ twice to change it. On 支出明细 the office's typed 30110 (row 14 of
    // assets/demo/lines.csv): a 人员经费 line that no rule computes.
    const PERSONNEL_ROW: usize = 13;
    // On 上年数 the last row (2210201 住房公积金 基本支出): its neighbour 2210202 and
    // 项目支出 are not taken by another row.
    let grids: [(&str, Sheet, u8, usize, &[usize]); 6] = [
        (
            "支出明细",
            Sheet::Lines,
            0,
            PERSONNEL_ROW,
            &[0, 1, 2, 3, 4, 5, 6, 9],
        ),
        ("单位信息", Sheet::Department, 0, 0, &[3]),
        ("项目", Sheet::Projects, 1, 0, &[0, 1, 5, 7]),
        ("整体绩效", Sheet::DepartmentTarget, 1, 0, &[0, 1, 5, 7]),
        ("政府采购", Sheet::Procurement, 0, 0, &[0, 2]),
        ("上年数", Sheet::Prior, 0, 10, &[0, 1]),
    ];
    for (name, sheet, n, row, cols) in grids {
        nav(&mut h, name);
        for &col in cols {
            let before = h.state().budget().unwrap().clone();
            h.state_mut().sheets.grid(sheet, n).select_only(row, col);
            h.run_steps(2);
            key_with(&mut h, Modifiers::ALT, Key::ArrowDown);
            key(&mut h, Key::ArrowDown);
            if (sheet, col) == (Sheet::Lines, 9) {
                key(&mut h, Key::ArrowDown);
            }
            h.run_steps(1);
            let entry = highlighted_entry(&h, name)
                .unwrap_or_else(|| panic!("{name} column {col}: no entry highlighted"));
            key(&mut h, Key::Enter);
            h.run_steps(2);
            assert!(
                !editing(&h, sheet, n),
                "{name} column {col} “{entry}”: {} {:?} {:?}",
                notice(&h),
                h.state().sheets.grids[&(sheet, n)].editing,
                cursor(&h, sheet, n)
            );
            assert!(
                h.state().budget().unwrap() != &before,
                "{name} column {col}: “{entry}” stored"
            );
            // The cell shows what was chosen (a code by its number).
            let shown = entry
                .split_whitespace()
                .next()
                .unwrap_or_default()
                .to_string();
            assert!(
                h.query_all_by(|n| n.value().is_some_and(|v| v.starts_with(&shown)))
                    .next()
                    .is_some(),
                "{name} column {col}: “{shown}” not shown"
            );
        }
    }
}

/// A person typed into the roster's new row, as an Excel user types a row: the unit's
/// 简称, 在职, Tab over 身份 (the unit's kind), a post, 1 person, 6 months (joining in
/// July), monthly 4,000 / 2,500 / 3,000, Tabs over 离退休费, 生活补助 and 奖金 (one month of
/// 基本工资 by the standard), bases 10,000 (养老), none (医疗), 11,000 (公积金). The
/// office's computed lines follow at once: 基本工资 641,772.00 + 6 × 4,000 = 665,772.00,
/// and spending rises by 86,120.00 (worked out line by line in tests/staffing.rs).
#[test]
fn a_person_typed_into_the_roster_recomputes_the_lines() {
    let dir = common::tempdir();
    let path = demo_copy(&dir);
    let mut h = editor_on(&path);
    nav(&mut h, "人员");
    let rows = h.state().budget().unwrap().persons.len();
    h.state_mut()
        .sheets
        .grid(Sheet::Staff, 0)
        .select_only(rows, 0);
    h.run_steps(2);
    type_row(
        &mut h,
        &[
            "信访办本级",
            "在职",
            "",
            "科员（7月入职）",
            "1",
            "6",
            "4000",
            "2500",
            "3000",
            "",
            "",
            "",
            "10000",
            "",
            "11000",
        ],
    );
    let b = h.state().budget().unwrap();
    assert_eq!(b.persons.len(), rows + 1, "{}", notice(&h));
    let p = b.persons.last().unwrap();
    assert_eq!(
        (
            p.name.as_str(),
            p.months,
            p.base_pay.plain(),
            p.bonus,
            p.identity
        ),
        ("科员（7月入职）", 6, "4000.00".to_string(), None, None)
    );
    assert_eq!(
        p.base_housing.map(|m| m.plain()).as_deref(),
        Some("11000.00")
    );
    let office = b.unit_by_code("129001").unwrap().id;
    let pay = b
        .lines
        .iter()
        .find(|l| l.unit_id == office && l.dept_econ == "30101")
        .unwrap();
    assert_eq!(pay.amount.plain(), "665772.00");
    h.get_by_label("支出合计 10,336,528.78");
    // Each cell was one step: undo of the last (公积金缴费基数) leaves the base blank, the
    // person's wages then (6 × 9,500.00 = 57,000.00): 12% × 2,116,997.00 = 254,039.64.
    key_with(&mut h, Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    let b = h.state().budget().unwrap();
    assert_eq!(b.persons.last().unwrap().base_housing, None);
    let housing = b
        .lines
        .iter()
        .find(|l| l.unit_id == office && l.dept_econ == "30113")
        .unwrap();
    assert_eq!(housing.amount.plain(), "254039.64");
    // Undone to the start, the person and every line go back.
    for _ in 0..20 {
        if h.state().budget().unwrap().persons.len() == rows {
            break;
        }
        key_with(&mut h, Modifiers::COMMAND, Key::Z);
        h.run_steps(2);
    }
    assert_eq!(h.state().budget().unwrap().persons.len(), rows);
    h.get_by_label("支出合计 10,250,408.78");
}
