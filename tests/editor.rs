//! The editor, driven headless with egui_kittest through its real widgets: editing an
//! amount, a refused amount, undo/redo, pasting from Excel, adding a project with an
//! indicator, review mode, and opening the file given on the command line.
//!
//! Expected figures: the demo's totals are the seed's 10,250,408.78; the first line is the
//! office's 30201 办公费 of 328,537.98 (assets/demo/lines.csv, row 2). Changing it to
//! 333,537.98 makes spending 10,255,408.78 against unchanged income: a difference of
//! -5,000.00 and two 错误 (the total and the 一般公共预算 source no longer balance).

mod common;

use egui::{Event, Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::path::{Path, PathBuf};
use yusuan::app::document::Document;
use yusuan::app::ui::{EditorApp, Persisted};
use yusuan::engine::store::{Access, Store};

fn harness(app: EditorApp) -> Harness<'static, EditorApp> {
    let mut h = Harness::builder()
        .with_size([1400.0, 900.0])
        .with_context_setup(yusuan::app::ui::install_fonts)
        .build_ui_state(|ui, app: &mut EditorApp| app.show(ui), app);
    h.run_steps(3);
    h
}

fn editor_on(path: &Path, read_only: bool) -> Harness<'static, EditorApp> {
    let doc = Document::open(path, read_only).map_err(|e| e.to_string());
    harness(EditorApp::new(doc, Persisted::default()))
}

fn demo_copy(dir: &tempfile::TempDir) -> PathBuf {
    let (path, store) = common::demo_file(dir);
    drop(store);
    path
}

/// Clicks a sheet in the navigation panel (labelled `单位信息`, or `单位信息  (2)` with
/// the count of its findings).
fn go(h: &mut Harness<'_, EditorApp>, sheet: &str) {
    let counted = format!("{sheet}  (");
    h.get_by(|n| {
        n.role() == egui::accesskit::Role::Button
            && n.label()
                .is_some_and(|l| l == sheet || l.starts_with(&counted))
    })
    .click();
    h.run_steps(2);
}

fn first_amount(h: &Harness<'_, EditorApp>) -> String {
    h.state().budget().unwrap().lines[0].amount.plain()
}

/// Puts the cursor on the first line's amount and types `text` then Enter, as a user
/// would: type over the cell, Enter to store.
fn type_into_first_amount(h: &mut Harness<'_, EditorApp>, text: &str) {
    h.get_by_label("328,537.98").click();
    h.run_steps(2);
    h.event(Event::Text(text.to_string()));
    h.run_steps(3);
    h.key_press(Key::Enter);
    h.run_steps(3);
}

#[test]
fn editing_an_amount_updates_totals_and_status_bar_and_is_stored() {
    let dir = common::tempdir();
    let path = demo_copy(&dir);
    let mut h = editor_on(&path, false);
    h.get_by_label("支出合计 10,250,408.78");
    h.get_by_label("错误 0");
    type_into_first_amount(&mut h, "333,537.98");
    assert_eq!(first_amount(&h), "333537.98");
    h.get_by_label("支出合计 10,255,408.78");
    h.get_by_label("收入合计 10,250,408.78");
    h.get_by_label("差额 -5,000.00");
    h.get_by_label("错误 2");
    // The grid shows the new amount, formatted.
    h.get_by_label("333,537.98");
    // Stored when made: another reader sees it.
    let other = Store::open(&path, Access::ReadOnly).unwrap();
    assert_eq!(other.budget().lines[0].amount.plain(), "333537.98");
}

#[test]
fn a_bad_amount_shows_its_message_and_stores_nothing() {
    let dir = common::tempdir();
    let path = demo_copy(&dir);
    let mut h = editor_on(&path, false);
    type_into_first_amount(&mut h, "12.345");
    h.get_by_label_contains("小数位过多");
    assert_eq!(first_amount(&h), "328537.98");
    h.get_by_label("支出合计 10,250,408.78");
    // Escape leaves the cell as it was.
    h.key_press(Key::Escape);
    h.run_steps(2);
    assert!(h.query_by_label_contains("小数位过多").is_none());
    let other = Store::open(&path, Access::ReadOnly).unwrap();
    assert_eq!(other.budget().lines[0].amount.plain(), "328537.98");

    // Letters are refused too.
    type_into_first_amount(&mut h, "六十万");
    h.get_by_label_contains("不是金额");
    assert_eq!(first_amount(&h), "328537.98");
}

#[test]
fn undo_and_redo_with_the_keyboard() {
    let dir = common::tempdir();
    let path = demo_copy(&dir);
    let mut h = editor_on(&path, false);
    type_into_first_amount(&mut h, "333537.98");
    assert_eq!(first_amount(&h), "333537.98");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(3);
    assert_eq!(first_amount(&h), "328537.98");
    h.get_by_label("支出合计 10,250,408.78");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Y);
    h.run_steps(3);
    assert_eq!(first_amount(&h), "333537.98");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(3);
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    h.run_steps(3);
    assert_eq!(first_amount(&h), "333537.98");
    h.get_by_label("支出合计 10,255,408.78");
    // The history survives switching sheets.
    go(&mut h, "项目");
    go(&mut h, "支出明细");
    // Any cell but the cursor cell (Enter moved the cursor to 159,360.38; clicking it edits).
    h.get_by_label("190,000.00").click();
    h.run_steps(1);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(3);
    assert_eq!(first_amount(&h), "328537.98");
}

#[test]
fn a_valid_paste_is_one_step_and_an_invalid_one_applies_nothing() {
    let dir = common::tempdir();
    let path = demo_copy(&dir);
    let mut h = editor_on(&path, false);
    h.get_by_label("328,537.98").click();
    h.run_steps(2);
    // As Excel puts two rows on the clipboard, with a header row.
    let good = "单位\t功能科目\t部门经济科目\t政府经济科目\t支出性质\t项目\t资金来源\t金额\t备注\r\n\
                129001\t2014001\t30201\t\t基本支出\t\t一般公共预算财政拨款\t1,000.00\t复印纸\r\n\
                重庆市渝北区信访投诉受理中心\t2014099 其他信访事务支出\t30201\t\t基本支出\t\t一般公共预算财政拨款\t500\t\r\n";
    h.event(Event::Paste(good.to_string()));
    h.run_steps(3);
    let b = h.state().budget().unwrap();
    assert_eq!(b.lines.len(), 91);
    assert_eq!(b.lines[89].remark, "复印纸");
    // 10,250,408.78 + 1,000 + 500
    h.get_by_label("支出合计 10,251,908.78");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(3);
    assert_eq!(
        h.state().budget().unwrap().lines.len(),
        89,
        "the paste is undone as one step"
    );

    // Rows under a header (as an 一体化 export gives them), two of them wrong: the rows
    // are numbered as in the pasted block, the header being row 1.
    let bad = "单位\t功能科目\t部门经济科目\t政府经济科目\t支出性质\t项目\t资金来源\t金额\t备注\n\
               129001\t2014001\t30201\t\t基本支出\t\t一般公共预算财政拨款\t1.234\t\n\
               129009\t20140\t30201\t\t基本支出\t\t一般公共预算财政拨款\t5\t\n";
    h.get_by_label("159,360.38").click();
    h.run_steps(2);
    h.event(Event::Paste(bad.to_string()));
    h.run_steps(3);
    assert_eq!(
        h.state().budget().unwrap().lines.len(),
        89,
        "nothing applied"
    );
    h.get_by_label_contains("未作任何修改");
    h.get_by_label_contains("第 2 行“金额”");
    h.get_by_label_contains("第 3 行“单位”");
    h.get_by_label_contains("第 3 行“功能科目”");
}

#[test]
fn copying_rows_gives_tab_separated_text() {
    let b = common::demo();
    let rows: Vec<&yusuan::engine::model::Line> = b.lines.iter().take(2).collect();
    let tsv = yusuan::exchange::paste::lines_to_tsv(&b, &rows);
    assert_eq!(
        tsv,
        "重庆市渝北区信访办公室（本级）\t2014001\t30201\t50201\t基本支出\t\t一般公共预算财政拨款\t328537.98\t\r\n\
         重庆市渝北区信访办公室（本级）\t2014001\t30228\t50201\t基本支出\t\t一般公共预算财政拨款\t159360.38\t\r\n"
    );
    // And what is copied pastes back.
    let again = yusuan::exchange::paste::parse_lines(&tsv, &b).unwrap();
    assert_eq!(again[0].amount, b.lines[0].amount);
    assert_eq!(again[1].dept_econ, "30228");
}

#[test]
fn adding_a_project_with_an_indicator() {
    let dir = common::tempdir();
    let path = demo_copy(&dir);
    let mut h = editor_on(&path, false);
    go(&mut h, "项目");
    h.get_by_label("新增项目").click();
    h.run_steps(4);
    // 新增指标 puts the cursor on the blank new row: what is typed there makes it.
    h.get_by_label("新增指标").click();
    h.run_steps(4);
    for t in ["产出指标", "数量指标", "化解信访积案件数"] {
        h.event(Event::Text(t.into()));
        h.run_steps(1);
        h.key_press(Key::Tab);
        h.run_steps(1);
    }
    h.key_press(Key::Enter);
    h.run_steps(3);
    let b = h.state().budget().unwrap();
    assert_eq!(b.projects.len(), 4);
    let p = b.project_by_name("新项目4").expect("new project");
    let inds: Vec<_> = b.indicators_of(Some(p.id)).collect();
    assert_eq!(inds.len(), 1);
    assert_eq!(
        (
            inds[0].level1.as_str(),
            inds[0].level2.as_str(),
            inds[0].name.as_str()
        ),
        ("产出指标", "数量指标", "化解信访积案件数")
    );

    // Rename the project in its form.
    let field = h.get_by_role_and_label(egui::accesskit::Role::TextInput, "项目名称");
    field.click();
    h.run_steps(1);
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.event(Event::Text("信访矛盾化解专项".into()));
    h.run_steps(1);
    h.key_press(Key::Enter);
    h.run_steps(3);
    let b = h.state().budget().unwrap();
    assert!(
        b.project_by_name("信访矛盾化解专项").is_some(),
        "{:?}",
        b.projects.iter().map(|p| &p.name).collect::<Vec<_>>()
    );
    // It is in the file.
    let other = Store::open(&path, Access::ReadOnly).unwrap();
    let p = other.budget().project_by_name("信访矛盾化解专项").unwrap();
    assert_eq!(other.budget().indicators_of(Some(p.id)).count(), 1);
}

#[test]
fn review_mode_refuses_every_edit() {
    let dir = common::tempdir();
    let path = demo_copy(&dir);
    let before = std::fs::read(&path).unwrap();
    let mut h = editor_on(&path, true);
    h.get_by_label_contains("审阅模式（只读）");
    assert!(h.state().window_title().contains("[只读]"));
    // Typing over a cell does not edit it.
    type_into_first_amount(&mut h, "1");
    assert_eq!(first_amount(&h), "328537.98");
    // Paste and undo are refused.
    h.event(Event::Paste(
        "129001\t2014001\t30201\t\t基本支出\t\t一般公共预算财政拨款\t1000\t".into(),
    ));
    h.run_steps(2);
    assert_eq!(h.state().budget().unwrap().lines.len(), 89);
    h.key_press_modifiers(Modifiers::COMMAND, Key::I);
    h.run_steps(2);
    h.get_by_label("审阅模式（只读），不能修改此文件");
    assert_eq!(h.state().budget().unwrap().lines.len(), 89);
    // Buttons that change the budget are disabled.
    go(&mut h, "项目");
    h.get_by_label("新增项目").click();
    h.run_steps(3);
    assert_eq!(h.state().budget().unwrap().projects.len(), 3);
    drop(h);
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "the file is byte for byte unchanged"
    );
}

#[test]
fn a_second_editor_of_the_same_file_gets_review_mode() {
    let dir = common::tempdir();
    let path = demo_copy(&dir);
    let first = Document::open(&path, false).unwrap();
    assert!(!first.is_read_only());
    let second = Document::open(&path, false).unwrap();
    let why = second.read_only_reason().unwrap();
    assert!(why.contains("正由") && why.contains("编辑"), "{why}");
    drop(second);
    drop(first);
    // Once the first closes, the file can be edited again.
    assert!(!Document::open(&path, false).unwrap().is_read_only());
}

#[test]
fn opening_the_file_given_on_the_command_line() {
    let dir = common::tempdir();
    let path = demo_copy(&dir);
    let doc = yusuan::app::ui::startup_document(Some(path.clone()), false, &Persisted::default())
        .unwrap();
    assert_eq!(doc.path(), path.as_path());
    let h = harness(EditorApp::new(Ok(doc), Persisted::default()));
    let title = h.state().window_title();
    assert!(
        title.contains("重庆市渝北区信访办公室")
            && title.contains("2025年")
            && title.contains("demo.db"),
        "{title}"
    );
    assert_eq!(h.state().persisted.recent, vec![path.clone()]);

    // A file that is not a budget gives a message, not a panic, and an empty window.
    let bad = dir.path().join("notes.db");
    std::fs::write(&bad, "预算说明").unwrap();
    let r = yusuan::app::ui::startup_document(Some(bad), false, &Persisted::default());
    let msg = r.err().expect("refused");
    assert!(msg.contains("不是 yusuan 预算文件"), "{msg}");
    let h = harness(EditorApp::new(Err(msg), Persisted::default()));
    h.get_by_label("没有打开的预算文件");
}

#[test]
fn code_cells_offer_a_picker_that_finds_by_number_or_name() {
    let dir = common::tempdir();
    let path = demo_copy(&dir);
    let mut h = editor_on(&path, false);
    // The 功能科目 cell of the first line: click it, then type a name.
    h.get_all_by_label("2014001 行政运行（信访事务）")
        .next()
        .unwrap()
        .click();
    h.run_steps(2);
    h.event(Event::Text("信访业务".into()));
    h.run_steps(3);
    h.get_by_label("2014004  信访业务").click();
    h.run_steps(3);
    let b = h.state().budget().unwrap();
    assert_eq!(b.lines[0].func_code, "2014004");
}

#[test]
fn find_by_name_and_filter_by_nature() {
    let dir = common::tempdir();
    let path = demo_copy(&dir);
    let mut h = editor_on(&path, false);
    // Ctrl+F, type a name, Enter: the cursor goes to the one 劳务费 (30226) line.
    h.key_press_modifiers(Modifiers::COMMAND, Key::F);
    h.run_steps(3);
    h.event(Event::Text("劳务费".into()));
    h.run_steps(1);
    h.key_press(Key::Enter);
    h.run_steps(3);
    let app = h.state();
    let b = app.budget().unwrap();
    let (row, _) = app.sheets.grids[&(yusuan::engine::records::place::Sheet::Lines, 0)]
        .cursor
        .expect("a match");
    assert_eq!(
        b.line(app.sheets.lines.view[row]).unwrap().dept_econ,
        "30226"
    );

    // Filter to 项目支出: the demo has 9 project lines, 3,433,000.00 in all (table 3).
    h.get_by_role_and_label(egui::accesskit::Role::ComboBox, "性质")
        .click();
    h.run_steps(2);
    h.get_by_role_and_label(egui::accesskit::Role::Button, "项目支出")
        .click();
    h.run_steps(3);
    h.get_by_label("共 89 条，筛选后 9 条，合计 3,433,000.00");
}

#[test]
fn published_tables_and_narrative_with_an_editable_reason() {
    let dir = common::tempdir();
    let path = demo_copy(&dir);
    let mut h = editor_on(&path, false);
    go(&mut h, "公开表");
    h.get_by_label("表三 支出预算总表").click();
    h.run_steps(2);
    assert_eq!(h.state().sheets.published.table, 3);
    h.get_by_label("万元").click();
    h.run_steps(2);
    assert!(h.state().sheets.published.wan);
    h.get_by_label("单位：万元");

    go(&mut h, "情况说明");
    h.get_by_label("重庆市渝北区信访办公室2025年部门预算情况说明");
    // The first reason beside its sentence is the one for 基本支出 (“2025 年预算人员增加”).
    let field = h
        .get_all_by_role_and_label(egui::accesskit::Role::TextInput, "变动原因：")
        .next()
        .unwrap();
    field.click();
    h.run_steps(1);
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.event(Event::Text("编制内人员增加 3 人".into()));
    h.run_steps(1);
    h.key_press(Key::Enter);
    h.run_steps(3);
    assert_eq!(
        h.state().budget().unwrap().reasons["支出性质:基本支出"],
        "编制内人员增加 3 人"
    );
    h.get_by_label_contains("主要原因是编制内人员增加 3 人");
}

/// A Shanghai budget's 情况说明 is Shanghai's, with an entry box under each sentence that
/// quotes an officer's text: typing a 主要用于 in Chinese stores it, and the sentence reads
/// it at once.
#[test]
fn a_shanghai_narrative_takes_its_texts_beside_their_sentences() {
    let dir = common::tempdir();
    let path = dir.path().join("商务委.db");
    let b = yusuan::exchange::demo::shanghai_demo_budget().unwrap();
    drop(Store::create(&path, &b).unwrap());
    let mut h = editor_on(&path, false);
    go(&mut h, "情况说明");
    h.get_by_label("2025年部门预算编制说明");
    h.get_by_label_contains("主要用于商贸事务支出。");
    // The boxes under 主要内容 are labelled 主要用于; the second is for 一般行政管理事务
    // (below the fold: reached as the keyboard reaches it).
    let field = h
        .get_all_by_role_and_label(egui::accesskit::Role::TextInput, "主要用于：")
        .nth(1)
        .unwrap();
    field.focus();
    h.run_steps(1);
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.event(Event::Text("商贸事务管理和行业协调".into()));
    h.run_steps(1);
    h.key_press(Key::Enter);
    h.run_steps(3);
    assert_eq!(
        h.state().budget().unwrap().reasons["主要用于:功能科目:2011302"],
        "商贸事务管理和行业协调"
    );
    h.get_by_label_contains("”454.50万元，主要用于商贸事务管理和行业协调。");
}

/// Figures from the seed: 一般公共服务支出 8,555,192.31 元 = 855.52 万元; 20140 信访事务
/// 2024 年 8,928,244.61 = 892.82 万元 (table 5). After the first line goes from 328,537.98
/// to 333,537.98 (it is 2014001 行政运行, in 类 201): 8,560,192.31 = 856.02 万元.
#[test]
fn charts_follow_the_data_and_have_a_presentation_mode() {
    let dir = common::tempdir();
    let path = demo_copy(&dir);
    let mut h = editor_on(&path, false);
    go(&mut h, "图表");
    h.get_by_label("2025年支出按功能分类（类）构成");
    h.get_by_label("855.52");
    h.get_by_label("83.46%");

    h.get_by_label("本年与上年").click();
    h.run_steps(2);
    h.get_by_label("892.82");
    h.get_by_label("项").click();
    h.run_steps(2);
    h.get_by_label("2014004 信访业务");
    h.get_by_label("-36.8%");

    h.get_by_label("演示模式（全屏大字）").click();
    h.run_steps(2);
    assert!(h.state().sheets.charts.presentation);
    assert!(
        h.query_by_label("文件").is_none(),
        "menu hidden while presenting"
    );
    h.key_press(Key::ArrowRight);
    h.run_steps(2);
    h.get_by_label("“三公”经费2025年与2024年对比");
    h.key_press(Key::Escape);
    h.run_steps(2);
    assert!(!h.state().sheets.charts.presentation);
    h.get_by_label("文件");

    go(&mut h, "支出明细");
    type_into_first_amount(&mut h, "333,537.98");
    go(&mut h, "图表");
    h.get_by_label("功能分类构成").click();
    h.run_steps(2);
    h.get_by_label("856.02");
}

/// A reviewer (review mode) selects a line's amount, signs and adds a remark: it is in the
/// file, pointing at that line and column; the budget is unchanged.
#[test]
fn a_reviewer_adds_a_remark_to_the_selected_cell() {
    let dir = common::tempdir();
    let path = demo_copy(&dir);
    let before = Store::open(&path, Access::ReadOnly)
        .unwrap()
        .budget()
        .clone();
    let mut h = editor_on(&path, true);
    h.get_by_label("328,537.98").click();
    h.run_steps(2);
    h.key_press(Key::F9);
    h.run_steps(2);
    h.get_by_label_contains("添加到：支出明细 #");
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, "署名：")
        .click();
    h.run_steps(1);
    h.event(Event::Text("李审核".into()));
    h.run_steps(1);
    h.get_by_role_and_label(egui::accesskit::Role::MultilineTextInput, "批注内容：")
        .click();
    h.run_steps(1);
    h.event(Event::Text("基本工资增幅较大，请说明".into()));
    h.run_steps(1);
    h.get_by_label("添加批注").click();
    h.run_steps(3);
    let remarks = &h.state().budget().unwrap().remarks;
    assert_eq!(
        remarks.len(),
        1,
        "{:?} {:?} {:?}",
        h.state().notice,
        h.state().persisted.author,
        h.state().remarks_draft()
    );
    assert_eq!(remarks[0].author, "李审核");
    assert_eq!(remarks[0].text, "基本工资增幅较大，请说明");
    assert_eq!(
        remarks[0].target,
        format!("支出明细|#{}|金额", before.lines[0].id)
    );
    h.get_by_label("批注 1");
    drop(h);
    let mut after = Store::open(&path, Access::ReadOnly)
        .unwrap()
        .budget()
        .clone();
    assert_eq!(after.remarks.len(), 1);
    after.remarks.clear();
    assert_eq!(after, before);
}

/// 与另一文件比较: the revision raised the first line by 5,000.00; the window lists it and
/// the table figures that follow (表三 2014001 基本支出 3,129,066.95 → 3,134,066.95).
#[test]
fn comparing_with_the_previous_draft() {
    let dir = common::tempdir();
    let draft = demo_copy(&dir);
    let revised = dir.path().join("revised.db");
    std::fs::copy(&draft, &revised).unwrap();
    {
        let mut s = Store::open(&revised, Access::ReadWrite).unwrap();
        let mut l = s.budget().lines[0].clone();
        l.amount = common::yuan("333,537.98");
        s.apply(yusuan::engine::edit::Edit::PutLines(vec![l]))
            .unwrap();
    }
    let mut h = editor_on(&revised, false);
    h.state_mut().push(yusuan::app::ui::Command::Ui(
        yusuan::app::ui::command::UiCommand::Compare,
    ));
    h.run_steps(4);
    h.get_by_label_contains("选择较早的版本");
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, "文件：")
        .click();
    h.run_steps(1);
    h.event(Event::Text(draft.display().to_string()));
    h.run_steps(1);
    h.get_by_label("比较").click();
    h.run_steps(5);
    h.get_by_label_contains("1 条记录有变化");
    h.get_by_label_contains("金额：328,537.98 → 333,537.98");
    // Where, then the figures on a line of their own (never cut).
    assert!(
        h.query_all_by_value("表一 合计 · 支出·预算数")
            .next()
            .is_some()
    );
    assert!(
        h.query_all_by_label_contains("10,250,408.78 → 10,255,408.78")
            .next()
            .is_some()
    );
}

/// 导入数据: a CSV with one bad row is listed and nothing is written; a good one is
/// imported as one undoable step.
#[test]
fn importing_with_a_preview() {
    let dir = common::tempdir();
    let path = demo_copy(&dir);
    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "单位,功能科目,部门经济科目,支出性质,金额\n129001,2014001,30201,基本支出,100\n129001,2014001,30201,其他,100\n",
    )
    .unwrap();
    let good = dir.path().join("good.csv");
    std::fs::write(
        &good,
        "单位,功能科目,部门经济科目,支出性质,金额\n129001,2014001,30201,基本支出,100\n",
    )
    .unwrap();
    let mut h = editor_on(&path, false);
    let n = h.state().budget().unwrap().lines.len();
    h.state_mut().push(yusuan::app::ui::Command::Ui(
        yusuan::app::ui::command::UiCommand::Import,
    ));
    h.run_steps(4);
    let check = |h: &mut Harness<'_, EditorApp>, p: &Path| {
        let field = h.get_by_role_and_label(egui::accesskit::Role::TextInput, "文件：");
        field.click();
        h.run_steps(1);
        h.key_press_modifiers(Modifiers::COMMAND, Key::A);
        h.event(Event::Text(p.display().to_string()));
        h.run_steps(1);
        h.get_by_label("检查").click();
        h.run_steps(3);
    };
    check(&mut h, &bad);
    h.get_by_label_contains("发现 1 处问题");
    h.get_by_label_contains("“支出明细”第 3 行“支出性质”");
    assert_eq!(h.state().budget().unwrap().lines.len(), n);
    check(&mut h, &good);
    h.get_by_label_contains("检查通过，将导入：支出明细 1 条");
    h.get_by_label("导入").click();
    h.run_steps(3);
    assert_eq!(h.state().budget().unwrap().lines.len(), n + 1);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(3);
    assert_eq!(h.state().budget().unwrap().lines.len(), n);
}

/// 汇总部门预算: two department files in a folder become a district file, opened at once.
#[test]
fn consolidating_a_folder_from_the_menu() {
    let dir = common::tempdir();
    let folder = dir.path().join("部门");
    std::fs::create_dir_all(&folder).unwrap();
    for (code, seed) in [(501u32, 1u64), (502, 2)] {
        let b = yusuan::exchange::generate::large_budget(yusuan::exchange::generate::GenSpec {
            lines: 50,
            units: 2,
            projects: 2,
            seed,
            department: code,
        });
        drop(yusuan::engine::store::Store::create(&folder.join(format!("{code}.db")), &b).unwrap());
    }
    let out = dir.path().join("汇总.db");
    let mut h = harness(EditorApp::new(Err("没有文件".into()), Persisted::default()));
    h.state_mut().push(yusuan::app::ui::Command::Ui(
        yusuan::app::ui::command::UiCommand::Consolidate,
    ));
    h.run_steps(4);
    for (label, text) in [
        ("部门文件夹：", folder.display().to_string()),
        ("汇总文件：", out.display().to_string()),
    ] {
        h.get_by_role_and_label(egui::accesskit::Role::TextInput, label)
            .click();
        h.run_steps(1);
        h.event(Event::Text(text));
        h.run_steps(1);
    }
    h.get_by_label("汇总并打开").click();
    h.run_steps(4);
    let b = h.state().budget().expect("the district file is open");
    assert_eq!(b.lines.len(), 100);
    assert_eq!(b.department.name, "测试区部门预算汇总");
    h.get_by_label_contains("已汇总 2 个部门");
}

/// From the window alone: 新建预算 filled from a workbook (the demo's data, as `export
/// --data` writes it), its other sheets offered for import right after, and the budget's
/// data written out again from 文件 › 导出预算数据. The new budget prints the demo's 17
/// tables.
#[test]
fn a_new_budget_from_a_workbook_and_its_data_out_again() {
    use egui::accesskit::Role;
    let dir = common::tempdir();
    let demo = common::demo();
    let data = dir.path().join("数据.xlsx");
    std::fs::write(
        &data,
        yusuan::exchange::workbook::data_xlsx(&demo, true).unwrap(),
    )
    .unwrap();
    let path = dir.path().join("新预算.db");
    let mut h = harness(EditorApp::new(Err("没有文件".into()), Persisted::default()));
    h.state_mut().push(yusuan::app::ui::Command::Ui(
        yusuan::app::ui::command::UiCommand::New,
    ));
    h.run_steps(3);
    let fill = |h: &mut Harness<'_, EditorApp>, label: &str, text: &str| {
        h.get_by_role_and_label(Role::TextInput, label).click();
        h.run_steps(1);
        h.key_press_modifiers(Modifiers::COMMAND, Key::A);
        h.event(Event::Text(text.into()));
        h.run_steps(1);
    };
    fill(&mut h, "从工作簿填入：", &data.display().to_string());
    h.get_by_label("读取").click();
    h.run_steps(2);
    let value = |h: &Harness<'_, EditorApp>, label: &str, nth: usize| {
        h.get_all_by_role_and_label(Role::TextInput, label)
            .nth(nth)
            .and_then(|n| n.value())
    };
    assert_eq!(
        value(&h, "部门名称", 0).as_deref(),
        Some("重庆市渝北区信访办公室")
    );
    assert_eq!(value(&h, "预算年度", 0).as_deref(), Some("2025"));
    assert_eq!(value(&h, "单位代码", 2).as_deref(), Some("129003"));
    fill(&mut h, "保存为：", &path.display().to_string());
    h.get_by_label("建立").click();
    h.run_steps(3);
    assert!(path.exists());
    // The import opens on the same workbook, already checked.
    h.get_by_label_contains("检查通过，将导入：");
    h.get_by_label("导入").click();
    h.run_steps(3);
    let b = h.state().budget().unwrap().clone();
    assert_eq!(b.lines.len(), 89);
    assert_eq!(
        yusuan::engine::tables::all_tables(&b),
        yusuan::engine::tables::all_tables(&demo)
    );
    // And out again.
    h.state_mut().push(yusuan::app::ui::Command::Ui(
        yusuan::app::ui::command::UiCommand::ExportData,
    ));
    h.run_steps(3);
    h.get_by_label("导出预算数据（Excel，可再导入）");
    let out = dir.path().join("再导出.xlsx");
    fill(&mut h, "文件：", &out.display().to_string());
    h.get_by_label("导出").click();
    h.run_steps(3);
    let sheets = yusuan::exchange::import::read_sheets(&out).unwrap();
    let lines = &sheets.iter().find(|s| s.name == "支出明细").unwrap().rows;
    assert_eq!(lines.len(), 90);
}

/// A Shanghai budget in the window: the 公开表 view lists its 9 tables and shows them as
/// printed (title, 编制部门, 单位:万元 for table 9, the note of the empty table 6); in 单位信息
/// the layout is switched to 重庆's 17 tables and back with Ctrl+Z.
#[test]
fn a_shanghai_budget_shows_its_nine_tables_and_changes_layout() {
    use egui::accesskit::Role;
    let dir = common::tempdir();
    let path = dir.path().join("商务委.db");
    let b = yusuan::exchange::demo::shanghai_demo_budget().unwrap();
    drop(Store::create(&path, &b).unwrap());
    let mut h = editor_on(&path, false);
    go(&mut h, "公开表");
    h.get_by_label("表九 “三公”经费和机关运行经费预算表")
        .click();
    h.run_steps(2);
    h.get_by_label("2025年部门“三公”经费和机关运行经费预算表");
    h.get_by_label("编制部门：上海市普陀区商务委员会");
    h.get_by_label("单位:万元");
    // 机关运行经费 171.01 万元, as published.
    let t9 = &h.state().doc.as_ref().unwrap().derived().tables[8];
    assert_eq!(t9.rows[0].cells[6].display(), "171.01");
    h.get_by_label("表六 政府性基金预算支出功能分类预算表")
        .click();
    h.run_steps(2);
    h.get_by_label("注:本部门2025年无政府性基金预算财政拨款安排的预算，故本表为空表。");
    assert!(
        h.query_by_label("表十 一般公共预算“三公”经费支出预算表")
            .is_none()
    );

    go(&mut h, "单位信息");
    h.get_by_role_and_label(Role::ComboBox, "公开表表样")
        .click();
    h.run_steps(2);
    h.get_by_role_and_label(Role::Button, "重庆 区县部门预算 17 表（17 张表）")
        .click();
    h.run_steps(3);
    assert_eq!(h.state().budget().unwrap().layout.id(), "chongqing-17");
    assert_eq!(h.state().doc.as_ref().unwrap().derived().tables.len(), 17);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(3);
    assert_eq!(
        h.state().budget().unwrap().layout.id(),
        "shanghai-district-9"
    );
    let back = Store::open(&path, Access::ReadOnly).unwrap();
    assert_eq!(back.budget().layout.id(), "shanghai-district-9");
}

/// 文件 › 载入表样…: a faulty file is refused with its fault by line in the dialog; the
/// file corrected loads, and the 公开表 follow it.
#[test]
fn loading_a_layout_file_from_the_menu() {
    use egui::accesskit::Role;
    let dir = common::tempdir();
    let path = demo_copy(&dir);
    let mut h = editor_on(&path, false);
    let own = yusuan::engine::layout::builtin("shanghai-unit-9")
        .unwrap()
        .source
        .replace(r#"id = "shanghai-unit-9""#, r#"id = "my-unit-9""#)
        .replace(
            r#"name = "上海 区级单位预算 9 表""#,
            r#"name = "本区 单位预算 9 表""#,
        );
    let bad = own.replacen(r#"of = "收入""#, r#"of = "收益""#, 1);
    let line = bad.lines().position(|l| l.contains("收益")).unwrap() + 1;
    let (good_file, bad_file) = (dir.path().join("本区.toml"), dir.path().join("坏.toml"));
    std::fs::write(&good_file, &own).unwrap();
    std::fs::write(&bad_file, &bad).unwrap();
    let load = |h: &mut Harness<'_, EditorApp>, file: &Path| {
        let field = h.get_by_role_and_label(Role::TextInput, "表样文件：");
        field.click();
        h.run_steps(1);
        h.key_press_modifiers(Modifiers::COMMAND, Key::A);
        h.event(Event::Text(file.display().to_string()));
        h.run_steps(1);
        h.get_by_role_and_label(Role::Button, "载入").click();
        h.run_steps(3);
    };
    h.state_mut().push(yusuan::app::ui::Command::Ui(
        yusuan::app::ui::command::UiCommand::LoadLayout,
    ));
    h.run_steps(3);
    load(&mut h, &bad_file);
    h.get_by_label_contains(&format!("• 第 {line} 行：不认识“收益”"));
    assert_eq!(h.state().budget().unwrap().layout.id(), "chongqing-17");
    load(&mut h, &good_file);
    assert_eq!(h.state().budget().unwrap().layout.id(), "my-unit-9");
    assert_eq!(h.state().doc.as_ref().unwrap().derived().tables.len(), 9);
    go(&mut h, "公开表");
    h.get_by_label("表一 财务收支预算总表").click();
    h.run_steps(2);
    h.get_by_label("2025年预算单位财务收支预算总表");
    h.get_by_label("编制单位：重庆市渝北区信访办公室");
}
