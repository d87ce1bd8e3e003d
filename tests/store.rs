//! The budget file: round trip, durable edits with no sidecar, migrations, refusal of a
//! newer file, all-or-nothing edits, undo by the returned inverse, refusal of foreign
//! schema objects.

mod common;

use common::*;
use rusqlite::Connection;
use yusuan::engine::edit::Edit;
use yusuan::engine::kinds::*;
use yusuan::engine::money::Money;
use yusuan::engine::store::{Access, Store, StoreError, schema};

fn sidecars(path: &std::path::Path) -> Vec<String> {
    let dir = path.parent().unwrap();
    let stem = path.file_name().unwrap().to_string_lossy().to_string();
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.starts_with(&stem) && n != &stem)
        .collect()
}

#[test]
fn round_trip_keeps_every_record() {
    let dir = tempdir();
    let (path, store) = demo_file(&dir);
    let original = demo();
    assert!(store.budget() == &original);
    drop(store);
    let reopened = Store::open(&path, Access::ReadOnly).unwrap();
    assert!(
        reopened.budget() == &original,
        "reopened budget equals the written one"
    );
    assert_eq!(reopened.schema_version(), schema::CURRENT_VERSION);
}

#[test]
fn a_copy_taken_right_after_an_edit_holds_it_without_sidecar_files() {
    let dir = tempdir();
    let (path, mut store) = demo_file(&dir);
    let mut line = store.budget().lines[0].clone();
    line.amount = yuan("620,001.23");
    store.apply(Edit::PutLines(vec![line.clone()])).unwrap();
    // While the program still has the file open, with no journal or WAL file beside it.
    assert_eq!(sidecars(&path), Vec::<String>::new());
    let copy = dir.path().join("emailed.db");
    std::fs::copy(&path, &copy).unwrap();
    let other = Store::open(&copy, Access::ReadOnly).unwrap();
    assert_eq!(
        other.budget().line(line.id).unwrap().amount,
        yuan("620001.23")
    );
    drop(store);
}

#[test]
fn inverse_edits_undo_and_redo() {
    let dir = tempdir();
    let (_path, mut store) = demo_file(&dir);
    let before = store.budget().clone();
    let mut l = before.lines[3].clone();
    l.amount = yuan("1");
    let undo = store.apply(Edit::PutLines(vec![l])).unwrap();
    assert!(store.budget() != &before, "edit applied");
    let redo = store.apply(undo).unwrap();
    assert!(store.budget() == &before, "undo restores");
    let undo_again = store.apply(redo).unwrap();
    assert_eq!(store.budget().lines[3].amount, yuan("1"), "redo reapplies");
    store.apply(undo_again).unwrap();
    assert!(store.budget() == &before);

    // Deleting a project with its indicators is undone with them.
    let pid = before.projects[0].id;
    let lines: Vec<i64> = before
        .lines
        .iter()
        .filter(|l| l.project_id == Some(pid))
        .map(|l| l.id)
        .collect();
    let undo = store
        .apply(Edit::Batch(vec![
            Edit::DeleteLines(lines),
            Edit::delete::<yusuan::engine::model::Project>(pid),
        ]))
        .unwrap();
    assert!(store.budget().project(pid).is_none());
    assert_eq!(store.budget().indicators_of(Some(pid)).count(), 0);
    store.apply(undo).unwrap();
    assert!(store.budget() == &before, "project and indicators restored");
}

#[test]
fn a_refused_batch_stores_nothing() {
    let dir = tempdir();
    let (path, mut store) = demo_file(&dir);
    let before = store.budget().clone();
    let mut good = before.lines[0].clone();
    good.amount = yuan("1.00");
    let mut bad = before.lines[1].clone();
    bad.func_code = "20140".into(); // a 款, not a 项
    let e = store
        .apply(Edit::Batch(vec![
            Edit::PutLines(vec![good]),
            Edit::PutLines(vec![bad]),
        ]))
        .unwrap_err();
    assert!(
        matches!(&e, StoreError::Refused(m) if m.contains("7 位")),
        "{e}"
    );
    assert!(store.budget() == &before, "memory unchanged");
    drop(store);
    assert!(
        Store::open(&path, Access::ReadOnly).unwrap().budget() == &before,
        "file unchanged"
    );
}

#[test]
fn refusals_name_what_is_wrong() {
    let dir = tempdir();
    let (_p, mut store) = demo_file(&dir);
    let b = store.budget().clone();
    let mut l = b.lines[0].clone();
    l.amount = Money::ZERO - yuan("5");
    assert!(
        store
            .apply(Edit::PutLines(vec![l]))
            .unwrap_err()
            .to_string()
            .contains("不能为负数")
    );
    let mut l = b.lines[0].clone();
    l.unit_id = 999;
    assert!(
        store
            .apply(Edit::PutLines(vec![l]))
            .unwrap_err()
            .to_string()
            .contains("单位不存在")
    );
    let used = b.projects[0].id;
    let e = store
        .apply(Edit::delete::<yusuan::engine::model::Project>(used))
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("信访稳定相关业务经费") && e.contains("6 条支出明细"),
        "{e}"
    );
    let mut u = b.units[1].clone();
    u.code = b.units[0].code.clone();
    assert!(
        store
            .apply(Edit::put(u))
            .unwrap_err()
            .to_string()
            .contains("已被")
    );
}

#[test]
fn new_records_get_ids_and_next_id_is_free() {
    let dir = tempdir();
    let (_p, mut store) = demo_file(&dir);
    let next = store.next_id::<yusuan::engine::model::Line>();
    assert_eq!(next, 90, "89 demo lines");
    let mut l = store.budget().lines[0].clone();
    l.id = 0;
    let undo = store.apply(Edit::PutLines(vec![l])).unwrap();
    assert_eq!(undo, Edit::DeleteLines(vec![90]));
    assert_eq!(store.budget().lines.len(), 90);
}

#[test]
fn read_only_store_refuses_edits() {
    let dir = tempdir();
    let (path, store) = demo_file(&dir);
    drop(store);
    let mut ro = Store::open(&path, Access::ReadOnly).unwrap();
    let e = ro
        .apply(Edit::put(yusuan::engine::records::Reason {
            key: "x".into(),
            text: "y".into(),
        }))
        .unwrap_err();
    assert!(matches!(e, StoreError::ReadOnly(_)));
    assert!(e.to_string().contains("只读"));
}

/// A file at schema version 1 (before official catalogs and the 人员/公用 override).
fn version_1_file(path: &std::path::Path) {
    let c = Connection::open(path).unwrap();
    c.execute_batch(schema::MIGRATIONS[0]).unwrap();
    c.execute_batch(&format!(
        "PRAGMA application_id = {}; PRAGMA user_version = 1;
         INSERT INTO department (id, code, name, year, region) VALUES (1, '129', '重庆市渝北区信访办公室', 2024, '渝北区');
         INSERT INTO unit (id, code, name, kind) VALUES (1, '129001', '本级', '行政');
         INSERT INTO line (id, unit_id, func_code, dept_econ, nature, fund_source, amount_fen)
             VALUES (1, 1, '2014001', '30101', '基本支出', '一般公共预算财政拨款', 105598800);",
        schema::APPLICATION_ID
    ))
    .unwrap();
}

#[test]
fn an_older_file_is_migrated_for_writing_and_read_without_change() {
    let dir = tempdir();
    let path = dir.path().join("old.db");
    version_1_file(&path);
    let bytes = std::fs::read(&path).unwrap();

    let ro = Store::open(&path, Access::ReadOnly).unwrap();
    assert_eq!(ro.budget().lines[0].amount, yuan("1,055,988.00"));
    drop(ro);
    assert_eq!(
        std::fs::read(&path).unwrap(),
        bytes,
        "reading does not migrate the file"
    );

    let mut rw = Store::open(&path, Access::ReadWrite).unwrap();
    assert_eq!(rw.schema_version(), schema::CURRENT_VERSION);
    assert_eq!(rw.budget().department.year, 2024);
    assert_eq!(rw.budget().lines[0].amount, yuan("1055988"));
    // The new column works.
    let mut l = rw.budget().lines[0].clone();
    l.cost_class_override = Some(CostClass::Public);
    rw.apply(Edit::PutLines(vec![l])).unwrap();
}

#[test]
fn a_newer_file_is_refused_for_writing_with_a_message() {
    let dir = tempdir();
    let (path, store) = demo_file(&dir);
    drop(store);
    Connection::open(&path)
        .unwrap()
        .pragma_update(None, "user_version", 99)
        .unwrap();
    let bytes = std::fs::read(&path).unwrap();
    let e = Store::open(&path, Access::ReadWrite).unwrap_err();
    assert_eq!(
        e,
        StoreError::NewerVersion {
            found: 99,
            supported: schema::CURRENT_VERSION
        }
    );
    assert!(e.to_string().contains("更新版本"), "{e}");
    // Reading it is still possible while its tables are ones we know.
    let ro = Store::open(&path, Access::ReadOnly).unwrap();
    assert_eq!(ro.budget().lines.len(), 89);
    drop(ro);
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
}

#[test]
fn foreign_files_and_objects_are_refused() {
    let dir = tempdir();
    let empty = dir.path().join("empty.db");
    std::fs::write(&empty, b"").unwrap();
    assert!(matches!(
        Store::open(&empty, Access::ReadWrite),
        Err(StoreError::NotABudget(_))
    ));
    let text = dir.path().join("text.db");
    std::fs::write(&text, "科目编码,科目名称\n").unwrap();
    assert!(matches!(
        Store::open(&text, Access::ReadOnly),
        Err(StoreError::NotABudget(_))
    ));
    let other = dir.path().join("other.db");
    Connection::open(&other)
        .unwrap()
        .execute_batch("CREATE TABLE t (x);")
        .unwrap();
    let e = Store::open(&other, Access::ReadOnly).unwrap_err();
    assert!(e.to_string().contains("不是由 yusuan 创建"), "{e}");
    assert!(matches!(
        Store::open(&dir.path().join("missing.db"), Access::ReadOnly),
        Err(StoreError::NotFound(_))
    ));

    // A budget file carrying a trigger crafted to run on edit.
    let (path, store) = demo_file(&dir);
    drop(store);
    Connection::open(&path)
        .unwrap()
        .execute_batch("CREATE TRIGGER evil AFTER UPDATE ON line BEGIN DELETE FROM unit; END;")
        .unwrap();
    let bytes = std::fs::read(&path).unwrap();
    let e = Store::open(&path, Access::ReadWrite).unwrap_err();
    assert!(e.to_string().contains("trigger evil"), "{e}");
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
}

#[test]
fn official_catalog_in_the_file_is_used_and_survives_reopening() {
    let dir = tempdir();
    let (path, mut store) = demo_file(&dir);
    let mut entries: Vec<(String, String)> = store
        .budget()
        .catalog
        .function
        .iter()
        .map(|(c, n)| (c.to_string(), n.to_string()))
        .collect();
    entries.push(("2014098".into(), "试点科目".into()));
    entries.sort();
    store
        .apply(Edit::LoadCatalog(
            yusuan::engine::catalog::LoadedCatalog::Codes(
                yusuan::engine::catalog::CatalogKind::Function,
                entries,
            ),
        ))
        .unwrap();
    drop(store);
    let s = Store::open(&path, Access::ReadOnly).unwrap();
    assert_eq!(
        s.budget().catalog.function.name("2014098"),
        Some("试点科目")
    );
}

#[test]
fn create_refuses_an_existing_path() {
    let dir = tempdir();
    let (path, store) = demo_file(&dir);
    drop(store);
    let e = Store::create(&path, &demo()).unwrap_err();
    assert!(e.to_string().contains("已存在"));
}

/// Values another program wrote into a valid schema, where the catalogs and the layout
/// are read: refused in Chinese, naming what is wrong, never with SQLite's English text.
#[test]
fn a_wrong_value_in_a_catalog_or_the_layout_is_refused_in_chinese() {
    let dir = common::tempdir();
    for (n, sql) in [
        "INSERT INTO catalog_entry (kind, code, name) VALUES ('function', '2014001', X'FFFE')",
        "INSERT INTO catalog_mapping (dept_code, gov_admin, gov_institution) VALUES ('30101', X'FF', '50101')",
        "UPDATE layout SET builtin = '', source = X'FF00'",
        "UPDATE layout SET builtin = 'beijing-12'",
        "UPDATE layout SET builtin = '', source = 'id = 1'",
    ]
    .iter()
    .enumerate()
    {
        let path = dir.path().join(format!("{n}.db"));
        drop(Store::create(&path, &common::demo()).unwrap());
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(sql).unwrap();
        drop(conn);
        let e = match Store::open(&path, Access::ReadOnly) {
            Ok(_) => panic!("{sql}: opened"),
            Err(e) => e.to_string(),
        };
        let english = e
            .split(|c: char| !c.is_ascii_alphabetic())
            .any(|w| w.len() > 3 && !["SQLite", "beijing", "yusuan", "UTF"].contains(&w));
        assert!(!english, "{sql}: {e}");
        assert!(e.contains("文件"), "{sql}: {e}");
    }
}

/// A name with a character nobody sees is refused as it is typed, pasted or imported; a
/// line break stays allowed in a text of several lines.
#[test]
fn hidden_characters_are_refused_on_entry() {
    let dir = common::tempdir();
    let (_, mut store) = demo_file(&dir);
    let mut p = store.budget().projects[0].clone();
    p.name = "信访\u{202E}费经务业".into();
    let e = store.apply(Edit::put(p.clone())).unwrap_err().to_string();
    assert!(e.contains("“项目名称”中有看不见的字符（U+202E）"), "{e}");
    assert_ne!(store.budget().projects[0].name, p.name);
    p.name = store.budget().projects[0].name.clone();
    p.overview = "第一段。\n第二段。".into();
    store.apply(Edit::put(p)).unwrap();
}

/// A file this program wrote last is not verified again when opened (schema 7 records the
/// change counter its last write left); once another program has written it, it is.
#[test]
fn a_file_written_last_by_this_program_is_not_verified_again() {
    let dir = tempdir();
    let (path, mut store) = demo_file(&dir);
    let mut l = store.budget().lines[0].clone();
    l.amount = Money::from_fen(12_345);
    store.apply(Edit::PutLines(vec![l.clone()])).unwrap();
    drop(store);
    let counter = |path: &std::path::Path| {
        let head = std::fs::read(path).unwrap();
        i64::from(u32::from_be_bytes(head[24..28].try_into().unwrap()))
    };
    let conn = Connection::open(&path).unwrap();
    let proven: i64 = conn
        .query_row("SELECT change_counter FROM proven", [], |r| r.get(0))
        .unwrap();
    drop(conn);
    assert_eq!(
        proven,
        counter(&path),
        "the last write's counter is recorded"
    );
    // Another program breaks a reference: the counter moves on, the file is verified and
    // refused.
    let conn = Connection::open(&path).unwrap();
    conn.execute_batch(&format!(
        "PRAGMA foreign_keys = OFF; UPDATE line SET unit_id = 999 WHERE id = {};",
        l.id
    ))
    .unwrap();
    drop(conn);
    assert_ne!(counter(&path), proven);
    match Store::open(&path, Access::ReadWrite) {
        Err(StoreError::Damaged(why)) => assert!(why.contains("引用已损坏"), "{why}"),
        other => panic!("{:?}", other.map(|_| ())),
    }
    // Had the counter stayed where this program left it, the file would be taken as
    // proven: that is what skips the verification.
    let mut bytes = std::fs::read(&path).unwrap();
    bytes[24..28].copy_from_slice(&(proven as u32).to_be_bytes());
    std::fs::write(&path, &bytes).unwrap();
    let store = Store::open(&path, Access::ReadOnly).unwrap();
    assert_eq!(store.budget().line(l.id).map(|l| l.unit_id), Some(999));
}
