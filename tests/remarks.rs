//! Remarks (批注): stored in the file, survive reopening, and are the one thing a reviewer
//! can add in review mode, where every other edit is refused.

mod common;

use yusuan::checks::{Place, Record, Sheet};
use yusuan::document::Document;
use yusuan::edit::Edit;
use yusuan::store::{Access, Store};

fn line_place(id: i64) -> Place {
    Place::new(Sheet::Lines, Some(Record::Id(id)), Some("金额"))
}

#[test]
fn places_are_stored_and_read_back() {
    for p in [
        line_place(12),
        Place::new(Sheet::Income, Some(Record::Key("事业收入".into())), None),
        Place::new(Sheet::Department, None, Some("职能职责")),
        Place::new(
            Sheet::Reasons,
            Some(Record::Key("功能科目:2014004".into())),
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
    use yusuan::store::schema;
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
        Place::new(Sheet::Projects, Some(Record::Id(p.id)), None).describe(&b),
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
            Some(Record::Id(i.id)),
            Some("指标名称")
        )
        .describe(&b),
        format!("整体绩效 绩效指标“{}”", i.name)
    );
    assert_eq!(line_place(3).describe(&b), "支出明细 #3 · 金额");
}
