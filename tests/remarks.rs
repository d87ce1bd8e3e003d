//! Remarks (批注): stored in the file, survive reopening, and are the one thing a reviewer
//! can add in review mode, where every other edit is refused.

mod common;

use yusuan::app::document::Document;
use yusuan::engine::edit::Edit;
use yusuan::engine::records::place::{Place, Sheet, Target};
use yusuan::engine::store::{Access, Store};

fn line_place(id: i64) -> Place {
    Place::new(Sheet::Lines, Some(Target::Id(id)), Some("金额"))
}

#[test]
fn places_are_stored_and_read_back() {
    for p in [
        line_place(12),
        Place::new(Sheet::Income, Some(Target::Key("事业收入".into())), None),
        Place::new(Sheet::Department, None, Some("职能职责")),
        Place::new(
            Sheet::Reasons,
            Some(Target::Key("功能科目:2014004".into())),
            Some("原因"),
        ),
    ] {
        assert_eq!(
            Place::from_key(&p.to_key()),
            Some(p.clone()),
            "{}",
            p.to_key()
        );
    }
    assert_eq!(Place::from_key("没有这一页|#1|"), None);
    assert_eq!(Place::from_key("支出明细|#x|"), None);
}

#[test]
fn a_remark_survives_reopening() {
    let dir = common::tempdir();
    let (path, store) = common::demo_file(&dir);
    drop(store);
    let mut doc = Document::open(&path, false).unwrap();
    let id = doc.budget().lines[0].id;
    doc.add_remark(&line_place(id), "李审核", "基本工资比上年增长较多，请说明")
        .unwrap();
    // Not an undoable step of the budget.
    assert_eq!(doc.undo_label(), None);
    drop(doc);
    let back = Store::open(&path, Access::ReadOnly).unwrap();
    let r = &back.budget().remarks[0];
    assert_eq!(r.author, "李审核");
    assert_eq!(r.text, "基本工资比上年增长较多，请说明");
    assert!(!r.resolved);
    assert_eq!(r.place(), Some(line_place(id)));
    assert_eq!(r.created.len(), "2026-11-28 21:30".len());
}

#[test]
fn in_review_mode_a_remark_is_the_only_thing_that_can_be_added() {
    let dir = common::tempdir();
    let (path, store) = common::demo_file(&dir);
    let before = store.budget().clone();
    drop(store);
    let mut doc = Document::open(&path, true).unwrap();
    assert!(doc.is_read_only());
    // Any other edit is refused.
    let mut l = doc.budget().lines[0].clone();
    l.amount = common::yuan("1.00");
    assert!(doc.apply(Edit::PutLines(vec![l])).is_err());
    // A remark is written into the file.
    doc.add_remark(&line_place(before.lines[0].id), "王科长", "请核实")
        .unwrap();
    assert_eq!(doc.budget().remarks.len(), 1);
    let id = doc.budget().remarks[0].id;
    doc.set_remark_resolved(id, true).unwrap();
    assert!(doc.budget().remarks[0].resolved);
    // An empty remark is refused with a message and stores nothing.
    let e = doc
        .add_remark(&line_place(before.lines[0].id), "王科长", "  ")
        .unwrap_err();
    assert!(e.to_string().contains("批注内容不能为空"), "{e}");
    drop(doc);
    let back = Store::open(&path, Access::ReadOnly).unwrap();
    let mut b = back.budget().clone();
    assert_eq!(b.remarks.len(), 1);
    assert!(b.remarks[0].resolved);
    // Nothing else changed.
    b.remarks.clear();
    assert_eq!(b, before);
    // Another reviewer's remark while the first file is open for editing elsewhere.
    let editor = Document::open(&path, false).unwrap();
    let mut reviewer = Document::open(&path, false).unwrap();
    assert!(
        reviewer.is_read_only(),
        "the second opener gets review mode"
    );
    reviewer
        .add_remark(
            &Place::new(Sheet::Department, None, Some("职能职责")),
            "赵",
            "表述需更新",
        )
        .unwrap();
    drop(editor);
    drop(reviewer);
    let back = Store::open(&path, Access::ReadOnly).unwrap();
    assert_eq!(back.budget().remarks.len(), 2);
}

#[test]
fn an_older_file_in_review_mode_gets_a_message_and_stays_unchanged() {
    use yusuan::engine::store::schema;
    let dir = common::tempdir();
    let path = dir.path().join("old.db");
    let c = rusqlite::Connection::open(&path).unwrap();
    c.execute_batch(schema::MIGRATIONS[0]).unwrap();
    c.execute_batch(&format!(
        "PRAGMA application_id = {}; PRAGMA user_version = 1;
         INSERT INTO department (id, code, name, year, region) VALUES (1, '129', '某部门', 2024, '渝北区');
         INSERT INTO unit (id, code, name, kind) VALUES (1, '129001', '本级', '行政');",
        schema::APPLICATION_ID
    ))
    .unwrap();
    drop(c);
    let bytes = std::fs::read(&path).unwrap();
    let mut doc = Document::open(&path, true).unwrap();
    let e = doc
        .add_remark(&Place::new(Sheet::Department, None, None), "王", "请核实")
        .unwrap_err();
    assert!(e.to_string().contains("以编辑方式打开一次"), "{e}");
    assert!(doc.budget().remarks.is_empty());
    drop(doc);
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
}

#[test]
fn places_are_described_with_the_names_of_their_records() {
    let b = common::demo();
    let p = &b.projects[0];
    assert_eq!(
        Place::new(Sheet::Projects, Some(Target::Id(p.id)), None).describe(&b),
        format!("项目 “{}”", p.name)
    );
    let i = b
        .indicators
        .iter()
        .find(|i| i.project_id.is_none())
        .unwrap();
    assert_eq!(
        Place::new(
            Sheet::DepartmentTarget,
            Some(Target::Id(i.id)),
            Some("指标名称")
        )
        .describe(&b),
        format!("整体绩效 绩效指标“{}”", i.name)
    );
    assert_eq!(line_place(3).describe(&b), "支出明细 #3 · 金额");
}

/// Another program writes to the file the editor holds (a remark, a changed name): the
/// open document shows it without reopening, and an edit prepared before it is refused
/// rather than written over it; the next edit goes through.
#[test]
fn an_open_editor_sees_what_another_program_wrote() {
    let dir = common::tempdir();
    let (path, store) = common::demo_file(&dir);
    drop(store);
    let mut doc = Document::open(&path, false).unwrap();
    assert!(!doc.is_read_only());
    assert!(!doc.pick_up_outside_changes().unwrap());

    let other = rusqlite::Connection::open(&path).unwrap();
    other
        .execute(
            "INSERT INTO remark (target, author, created, text, resolved) \
             VALUES ('sheet:单位信息', '审核人', '2026-12-02 10:00', '请核对单位构成', 0)",
            [],
        )
        .unwrap();
    assert!(doc.pick_up_outside_changes().unwrap());
    assert!(
        doc.budget()
            .remarks
            .iter()
            .any(|r| r.text == "请核对单位构成"),
        "{:?}",
        doc.budget().remarks
    );

    // An edit made while the file changed underneath is refused, and the change kept.
    let mut p = doc.budget().projects[0].clone();
    other
        .execute(
            "UPDATE project SET name = '由另一程序改名' WHERE id = ?1",
            [p.id],
        )
        .unwrap();
    p.overview = "本窗口的修改".into();
    let e = doc.apply(Edit::put(p.clone())).unwrap_err().to_string();
    assert!(e.contains("另一个程序修改"), "{e}");
    assert_eq!(doc.budget().projects[0].name, "由另一程序改名");
    // Made again on what the window now shows, it is stored.
    let mut p = doc.budget().projects[0].clone();
    p.goal = "本窗口的修改".into();
    doc.apply(Edit::put(p)).unwrap();
    drop(doc);
    let stored = Store::open(&path, Access::ReadOnly).unwrap();
    assert_eq!(stored.budget().projects[0].name, "由另一程序改名");
    assert_ne!(stored.budget().projects[0].overview, "本窗口的修改");
    assert_eq!(stored.budget().projects[0].goal, "本窗口的修改");
}
