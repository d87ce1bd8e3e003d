//! Nothing lost, nothing let in (issue 6): killed mid-edit, damaged and hostile files,
//! two programs on one file, backups, and the fuzz targets' corpus.
//!
//! Sizes: `YUSUAN_CRASH_KILLS` (default 25) kills in the crash harness; set it to 1000 for
//! the full run (BENCHMARKS.md has the figures).

mod common;

use rusqlite::Connection;
use std::io::{BufRead, BufReader, Read};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;
use yusuan::app::document::Document;
use yusuan::engine::edit::Edit;
use yusuan::engine::model::Budget;
use yusuan::engine::money::Money;
use yusuan::engine::store::{Access, Store, StoreError};

/// A small deterministic generator (no dependency needed for test randomness).
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

// ---- crash safety -----------------------------------------------------------------------

const CHILD_ENV: &str = "YUSUAN_CRASH_CHILD";
const SEQ_KEY: &str = "崩溃测试:序号";

/// Edit `i` of the plan: three lines get amounts that encode `i`, and the sequence number
/// is recorded, all in one batch (one transaction).
fn plan(lines: &[yusuan::engine::model::Line], i: u64) -> Edit {
    let n = lines.len() as u64;
    let mut changed = Vec::new();
    for j in 0..3u64 {
        let idx = ((i * 7 + j * 13) % n) as usize;
        if changed
            .iter()
            .any(|l: &yusuan::engine::model::Line| l.id == lines[idx].id)
        {
            continue;
        }
        let mut l = lines[idx].clone();
        l.amount = Money::from_fen((i * 1000 + j) as i64);
        changed.push(l);
    }
    Edit::Batch(vec![
        Edit::PutLines(changed),
        Edit::put(yusuan::engine::records::Reason {
            key: SEQ_KEY.into(),
            text: i.to_string(),
        }),
    ])
}

fn seq_of(b: &Budget) -> u64 {
    b.reasons
        .get(SEQ_KEY)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

/// The child: edits through the same gate the editor uses, printing each edit's number
/// once its call has returned, until it is killed. A no-op in a normal test run.
#[test]
fn crash_child() {
    let Ok(path) = std::env::var(CHILD_ENV) else {
        return;
    };
    let mut store = Store::open(Path::new(&path), Access::ReadWrite).expect("child opens");
    let base = typed(store.budget());
    let start = seq_of(store.budget());
    for i in start + 1..start + 1_000_000 {
        store.apply(plan(&base, i)).expect("edit");
        println!("ok {i}");
    }
}

/// The typed lines the plan edits (a computed line's amount is the roster's).
fn typed(b: &Budget) -> Vec<yusuan::engine::model::Line> {
    b.lines
        .iter()
        .filter(|l| !l.is_computed())
        .cloned()
        .collect()
}

/// The amounts expected after edits 1..=s of the plan, from the initial lines.
fn expected_after(base: &[yusuan::engine::model::Line], s: u64) -> Vec<Money> {
    let mut amounts: Vec<Money> = base.iter().map(|l| l.amount).collect();
    let mut idx_of = std::collections::HashMap::new();
    for (k, l) in base.iter().enumerate() {
        idx_of.insert(l.id, k);
    }
    for i in 1..=s {
        if let Edit::Batch(v) = plan(base, i)
            && let Edit::PutLines(ls) = &v[0]
        {
            for l in ls {
                amounts[idx_of[&l.id]] = l.amount;
            }
        }
    }
    amounts
}

#[test]
fn killed_at_random_moments_loses_no_returned_edit_and_half_applies_none() {
    let kills: usize = std::env::var("YUSUAN_CRASH_KILLS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(25);
    let dir = common::tempdir();
    let (path, store) = common::demo_file(&dir);
    let base = typed(store.budget());
    drop(store);
    let mut rng = Rng(0x5eed_1234_abcd);
    let exe = std::env::current_exe().unwrap();
    let (mut total_acked, mut mid_journal, mut acked_sum) = (0u64, 0usize, 0u64);
    for k in 0..kills {
        let mut child = Command::new(&exe)
            .args(["crash_child", "--exact", "--nocapture", "--test-threads=1"])
            .env(CHILD_ENV, &path)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(10 + rng.below(120)));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        let mut out = String::new();
        child
            .stdout
            .take()
            .unwrap()
            .read_to_string(&mut out)
            .unwrap();
        let acked: u64 = out
            .lines()
            // The first "ok N" shares its line with the harness's "test crash_child ... ".
            .filter_map(|l| l.rsplit_once("ok ").map(|(_, n)| n))
            .filter_map(|n| n.trim().parse().ok())
            .max()
            .unwrap_or(0);

        if acked > total_acked {
            acked_sum += acked - total_acked;
        }
        let journal = PathBuf::from(format!("{}-journal", path.display()));
        if journal.exists() {
            mid_journal += 1;
            // Reading a file a crash left mid-transaction recovers in a copy and changes
            // nothing on disk.
            let before = (
                std::fs::read(&path).unwrap(),
                std::fs::read(&journal).unwrap(),
            );
            let ro = Store::open(&path, Access::ReadOnly).expect("read-only open after a crash");
            let ro_seq = seq_of(ro.budget());
            drop(ro);
            assert_eq!(
                (
                    std::fs::read(&path).unwrap(),
                    std::fs::read(&journal).unwrap()
                ),
                before
            );
            let rw = Store::open(&path, Access::ReadWrite).unwrap();
            assert_eq!(
                seq_of(rw.budget()),
                ro_seq,
                "kill {k}: read-only and recovered views agree"
            );
        }
        let store =
            Store::open(&path, Access::ReadWrite).unwrap_or_else(|e| panic!("kill {k}: {e}"));
        let s = seq_of(store.budget());
        let before_kill = total_acked;
        assert!(
            s >= acked,
            "kill {k}: edit {acked} had returned but the file is at {s}"
        );
        assert!(
            s <= acked.max(before_kill) + 1,
            "kill {k}: file at {s}, at most {} expected",
            acked + 1
        );
        let now: Vec<Money> = typed(store.budget()).iter().map(|l| l.amount).collect();
        assert_eq!(
            now,
            expected_after(&base, s),
            "kill {k}: every line as of edit {s}, none half-applied"
        );
        drop(store);
        let c = Connection::open(&path).unwrap();
        let ic: String = c
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(ic, "ok");
        total_acked = s;
    }
    eprintln!(
        "crash harness: {kills} kills survived, {total_acked} edits in the file ({acked_sum} acknowledged before a kill), {mid_journal} kills left a journal"
    );
    assert!(acked_sum > 0, "the children's acknowledgements were read");
}

// ---- damaged and hostile files ------------------------------------------------------------

/// A bad or unusual file to open.
struct Case {
    name: String,
    path: PathBuf,
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> Case {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    Case {
        name: name.into(),
        path,
    }
}

fn sql_case(dir: &Path, demo: &[u8], name: &str, sql: &str) -> Case {
    let case = write(dir, name, demo);
    let c = Connection::open(&case.path).unwrap();
    c.execute_batch(sql).unwrap();
    drop(c);
    case
}

fn corpus(dir: &Path) -> Vec<Case> {
    let demo_dir = dir.join("src");
    std::fs::create_dir_all(&demo_dir).unwrap();
    let demo_path = demo_dir.join("demo.db");
    drop(Store::create(&demo_path, &common::demo()).unwrap());
    let demo = std::fs::read(&demo_path).unwrap();
    let mut rng = Rng(0xdead_beef_2025);
    let mut cases = Vec::new();
    for k in 0..20 {
        let cut = match k {
            0 => 10,
            1 => 100,
            2 => 4096,
            3 => demo.len() - 1,
            _ => 16 + rng.below(demo.len() as u64 - 16) as usize,
        };
        cases.push(write(dir, &format!("truncated-{cut}.db"), &demo[..cut]));
    }
    for k in 0..10 {
        let mut b = demo.clone();
        for _ in 0..(1 + k) {
            let at = 100 + rng.below(b.len() as u64 - 100) as usize;
            b[at] ^= 1 << rng.below(8);
        }
        cases.push(write(dir, &format!("flipped-{k}.db"), &b));
    }
    for k in 0..5 {
        let mut b: Vec<u8> = (0..(1000 + rng.below(20000)))
            .map(|_| rng.next() as u8)
            .collect();
        if k % 2 == 0 {
            b[..16].copy_from_slice(b"SQLite format 3\0");
        }
        cases.push(write(dir, &format!("random-{k}.db"), &b));
    }
    cases.push(write(dir, "empty.db", b""));
    cases.push(write(
        dir,
        "text.db",
        "科目编码,科目名称\n201,一般公共服务支出\n".as_bytes(),
    ));
    cases.push(write(
        dir,
        "image.db",
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0",
    ));
    cases.push(write(
        dir,
        "utf16.db",
        &[0xFF, 0xFE, 0x2D, 0x00, 0x2D, 0x00],
    ));
    let other = dir.join("other-program.db");
    Connection::open(&other)
        .unwrap()
        .execute_batch(
            "CREATE TABLE accounts (id INTEGER, name TEXT); INSERT INTO accounts VALUES (1, 'x');",
        )
        .unwrap();
    cases.push(Case {
        name: "other-program.db".into(),
        path: other,
    });
    let spoof = dir.join("spoofed-id.db");
    Connection::open(&spoof)
        .unwrap()
        .execute_batch(&format!(
            "PRAGMA application_id = {}; PRAGMA user_version = 2; CREATE TABLE line (x);",
            yusuan::engine::store::schema::APPLICATION_ID
        ))
        .unwrap();
    cases.push(Case {
        name: "spoofed-id.db".into(),
        path: spoof,
    });
    cases.push(sql_case(
        dir,
        &demo,
        "newer-version.db",
        "PRAGMA user_version = 99;",
    ));
    cases.push(sql_case(
        dir,
        &demo,
        "broken-reference.db",
        "PRAGMA foreign_keys = OFF; UPDATE line SET unit_id = 999 WHERE id = 5;",
    ));
    cases.push(sql_case(
        dir,
        &demo,
        "negative-amount.db",
        "PRAGMA ignore_check_constraints = ON; UPDATE line SET amount_fen = -5 WHERE id = 3;",
    ));
    cases.push(sql_case(
        dir,
        &demo,
        "bad-nature.db",
        "PRAGMA ignore_check_constraints = ON; UPDATE line SET nature = '其他' WHERE id = 3;",
    ));
    cases.push(sql_case(
        dir,
        &demo,
        "text-amount.db",
        "PRAGMA ignore_check_constraints = ON; UPDATE line SET amount_fen = 'abc' WHERE id = 3;",
    ));
    cases.push(sql_case(dir, &demo, "huge-amount.db", "PRAGMA ignore_check_constraints = ON; UPDATE line SET amount_fen = 9223372036854775807 WHERE id = 3;"));
    cases.push(sql_case(
        dir,
        &demo,
        "bad-weight.db",
        "UPDATE indicator SET weight = '很多' WHERE id = 1;",
    ));
    cases.push(sql_case(
        dir,
        &demo,
        "no-department.db",
        "DELETE FROM department;",
    ));
    cases.push(sql_case(
        dir,
        &demo,
        "bad-year.db",
        "PRAGMA ignore_check_constraints = ON; UPDATE department SET year = 99999;",
    ));
    // Hostile: objects that would run code or change data when the file is used.
    cases.push(sql_case(
        dir,
        &demo,
        "trigger.db",
        "CREATE TRIGGER t AFTER UPDATE ON line BEGIN DELETE FROM line; END;",
    ));
    cases.push(sql_case(
        dir,
        &demo,
        "trigger-on-insert.db",
        "CREATE TRIGGER t2 BEFORE INSERT ON reason BEGIN UPDATE line SET amount_fen = 0; END;",
    ));
    cases.push(sql_case(
        dir,
        &demo,
        "view.db",
        "CREATE VIEW v AS SELECT * FROM line;",
    ));
    cases.push(sql_case(dir, &demo, "shadow-view.db", "PRAGMA writable_schema = ON; DROP TABLE reason; CREATE VIEW reason AS SELECT 'k' AS key, 't' AS text;"));
    cases.push(sql_case(
        dir,
        &demo,
        "extra-table.db",
        "CREATE TABLE payload (x BLOB);",
    ));
    cases.push(sql_case(
        dir,
        &demo,
        "extra-index.db",
        "CREATE INDEX evil ON line (abs(amount_fen));",
    ));
    cases.push(sql_case(
        dir,
        &demo,
        "altered-table.db",
        "ALTER TABLE line ADD COLUMN extra TEXT DEFAULT 'x';",
    ));
    cases.push(sql_case(
        dir,
        &demo,
        "dropped-table.db",
        "DROP TABLE asset;",
    ));
    // Unusual but valid.
    let cn = dir.join("预算 文件 2025.db");
    std::fs::write(&cn, &demo).unwrap();
    cases.push(Case {
        name: "预算 文件 2025.db".into(),
        path: cn,
    });
    let ro = write(dir, "read-only.db", &demo);
    let mut perm = std::fs::metadata(&ro.path).unwrap().permissions();
    perm.set_readonly(true);
    std::fs::set_permissions(&ro.path, perm).unwrap();
    cases.push(ro);
    let folder = dir.join("folder.db");
    std::fs::create_dir_all(&folder).unwrap();
    cases.push(Case {
        name: "folder.db".into(),
        path: folder,
    });
    cases
}

fn has_cjk(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

fn snapshot(p: &Path) -> Option<Vec<u8>> {
    std::fs::read(p).ok()
}

#[test]
fn damaged_and_hostile_files_give_a_message_or_open_and_stay_unchanged() {
    let dir = common::tempdir();
    let cases = corpus(dir.path());
    assert!(cases.len() >= 50, "{} files", cases.len());
    let mut opened = Vec::new();
    let mut refused = Vec::new();
    for case in &cases {
        let before = snapshot(&case.path);
        let name = &case.name;
        // In the engine, for reading and for writing.
        for access in [Access::ReadOnly, Access::ReadWrite] {
            let r = catch_unwind(AssertUnwindSafe(|| {
                Store::open(&case.path, access).map(|s| s.budget().lines.len())
            }));
            match r.unwrap_or_else(|_| panic!("{name}: panicked opening ({access:?})")) {
                Ok(_) => {}
                Err(e) => {
                    let msg = e.to_string();
                    assert!(has_cjk(&msg), "{name}: message {msg:?}");
                }
            }
        }
        // In the editor (with the editor's checks and findings computed on what opens).
        let r = catch_unwind(AssertUnwindSafe(|| {
            let doc = Document::open(&case.path, false);
            let ok = doc.is_ok();
            let app =
                yusuan::app::ui::EditorApp::new(doc.map_err(|e| e.to_string()), Default::default());
            (ok, app.notice.map(|n| n.text))
        }));
        let (ok, notice) = r.unwrap_or_else(|_| panic!("{name}: the editor panicked"));
        if ok {
            opened.push(name.clone());
        } else {
            assert!(
                notice.as_deref().is_some_and(has_cjk),
                "{name}: editor message {notice:?}"
            );
            refused.push(name.clone());
        }
        // From the command line.
        let out = Command::new(env!("CARGO_BIN_EXE_yusuan"))
            .arg("check")
            .arg(&case.path)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            matches!(out.status.code(), Some(0..=2)),
            "{name}: exit {:?}",
            out.status
        );
        assert!(
            !err.contains("panicked") && !err.contains("内部错误"),
            "{name}: {err}"
        );
        if out.status.code() == Some(2) {
            assert!(has_cjk(&err), "{name}: {err}");
        }
        assert_eq!(snapshot(&case.path), before, "{name}: the file changed");
        let lock = yusuan::app::lock::lock_path(&case.path);
        assert!(!lock.exists(), "{name}: a lock file was left");
    }
    // What must be refused is refused, and what is fine opens.
    for must in [
        "empty.db",
        "text.db",
        "image.db",
        "other-program.db",
        "spoofed-id.db",
        "trigger.db",
        "view.db",
        "shadow-view.db",
        "extra-table.db",
        "extra-index.db",
        "altered-table.db",
        "dropped-table.db",
        "broken-reference.db",
        "negative-amount.db",
        "bad-nature.db",
        "text-amount.db",
        "no-department.db",
        "bad-weight.db",
        "folder.db",
        "huge-amount.db",
        "bad-year.db",
    ] {
        assert!(
            refused.iter().any(|n| n == must),
            "{must} should be refused; opened: {opened:?}"
        );
    }
    for fine in ["预算 文件 2025.db", "read-only.db", "newer-version.db"] {
        assert!(opened.iter().any(|n| n == fine), "{fine} should open");
    }
    eprintln!(
        "damaged files: {} tried, {} opened (read-only or as valid), {} refused with a message",
        cases.len(),
        opened.len(),
        refused.len()
    );
}

#[test]
fn a_newer_file_opens_in_review_mode_in_the_editor() {
    let dir = common::tempdir();
    let (path, store) = common::demo_file(&dir);
    drop(store);
    Connection::open(&path)
        .unwrap()
        .pragma_update(None, "user_version", 99)
        .unwrap();
    let doc = Document::open(&path, false).unwrap();
    assert!(doc.read_only_reason().unwrap().contains("更新版本"));
}

// ---- two programs, one file ---------------------------------------------------------------

#[test]
fn a_lock_left_by_a_crashed_program_does_not_block() {
    let dir = common::tempdir();
    let (path, store) = common::demo_file(&dir);
    drop(store);
    // What a crashed yusuan leaves: the lock file with its holder, but no lock held.
    std::fs::write(
        yusuan::app::lock::lock_path(&path),
        "某人（某机，进程 4242）于 2026-11-28 09:00 起",
    )
    .unwrap();
    let doc = Document::open(&path, false).unwrap();
    assert!(!doc.is_read_only(), "{:?}", doc.read_only_reason());

    // A real crash: a child holding the file for editing is killed.
    drop(doc);
    let exe = std::env::current_exe().unwrap();
    let mut child = Command::new(&exe)
        .args([
            "lock_holder_child",
            "--exact",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("YUSUAN_LOCK_CHILD", &path)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    // The test harness prints its own lines first.
    let mut reader = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    while !line.trim().ends_with("holding") {
        line.clear();
        assert!(
            reader.read_line(&mut line).unwrap() > 0,
            "the child ended before holding the file"
        );
    }
    let second = Document::open(&path, false).unwrap();
    let why = second
        .read_only_reason()
        .expect("review mode while the other edits");
    assert!(
        why.contains("进程") && why.contains("起"),
        "who and since when: {why}"
    );
    drop(second);
    child.kill().unwrap();
    child.wait().unwrap();
    let third = Document::open(&path, false).unwrap();
    assert!(
        !third.is_read_only(),
        "the crashed holder does not block: {:?}",
        third.read_only_reason()
    );
}

#[test]
fn lock_holder_child() {
    let Ok(path) = std::env::var("YUSUAN_LOCK_CHILD") else {
        return;
    };
    let doc = Document::open(Path::new(&path), false).unwrap();
    assert!(!doc.is_read_only());
    println!("holding");
    std::thread::sleep(Duration::from_secs(60));
}

// ---- backups ----------------------------------------------------------------------------------

#[test]
fn a_migration_keeps_a_backup_and_the_latest_copy_can_be_restored() {
    let dir = common::tempdir();
    let path = dir.path().join("old.db");
    let c = Connection::open(&path).unwrap();
    c.execute_batch(yusuan::engine::store::schema::MIGRATIONS[0])
        .unwrap();
    c.execute_batch(&format!(
        "PRAGMA application_id = {}; PRAGMA user_version = 1;
         INSERT INTO department (id, code, name, year, region) VALUES (1, '129', '测试部门', 2024, '渝北区');
         INSERT INTO unit (id, code, name, kind) VALUES (1, '129001', '本级', '行政');",
        yusuan::engine::store::schema::APPLICATION_ID
    ))
    .unwrap();
    drop(c);
    let v1 = std::fs::read(&path).unwrap();
    let mut doc = Document::open(&path, false).unwrap();
    let backups = yusuan::engine::store::backups(&path);
    assert_eq!(backups.len(), 1, "one backup before the migration");
    assert!(backups[0].to_string_lossy().ends_with("-v1.db"));
    // The backup is the version-1 content (read back: version 1, same department).
    let bc = Connection::open(&backups[0]).unwrap();
    let v: i64 = bc
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, 1);
    drop(bc);
    assert!(!v1.is_empty());

    // An edit after the migration, then restoring the latest backup gives back version 1's
    // content (migrated again on opening), and the edit is in a backup of its own.
    doc.apply(Edit::put(yusuan::engine::records::Reason {
        key: "x".into(),
        text: "迁移后的修改".into(),
    }))
    .unwrap();
    drop(doc);
    let (restored, _) = yusuan::app::ops::restore(&path).unwrap();
    assert_eq!(restored, backups[0]);
    let doc = Document::open(&path, false).unwrap();
    assert!(
        !doc.budget().reasons.contains_key("x"),
        "restored content has no later edit"
    );
    let newest = yusuan::engine::store::backups(&path);
    let saved = Store::open(&newest[0], Access::ReadOnly).unwrap();
    assert_eq!(
        saved.budget().reasons.get("x").map(String::as_str),
        Some("迁移后的修改"),
        "the replaced content was kept"
    );
}

#[test]
fn loading_an_official_catalog_keeps_a_backup_first() {
    let dir = common::tempdir();
    let (path, store) = common::demo_file(&dir);
    drop(store);
    let mut doc = Document::open(&path, false).unwrap();
    assert!(yusuan::engine::store::backups(&path).is_empty());
    let csv = dir.path().join("功能科目.csv");
    std::fs::write(&csv, "科目编码,科目名称\n201,一般公共服务支出\n").unwrap();
    yusuan::app::ops::load_catalog(
        &mut doc,
        yusuan::engine::catalog::CatalogKind::Function,
        &csv,
    )
    .unwrap();
    let b = yusuan::engine::store::backups(&path);
    assert_eq!(b.len(), 1);
    let before = Store::open(&b[0], Access::ReadOnly).unwrap();
    assert!(
        before.budget().loaded_catalogs.is_empty(),
        "the backup is the state before the import"
    );
}

// ---- fuzz targets ------------------------------------------------------------------------------

/// The fuzz targets over their stored corpus and over pseudo-random inputs built from the
/// characters that matter: none may panic.
#[test]
fn fuzz_targets_never_panic_on_corpus_and_random_inputs() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus");
    let mut n = 0;
    for (target, f) in [
        ("amount", yusuan::fuzz_targets::amount as fn(&[u8])),
        ("paste", yusuan::fuzz_targets::paste),
        ("catalog", yusuan::fuzz_targets::catalog),
        ("layout", yusuan::fuzz_targets::layout),
        ("import_csv", yusuan::fuzz_targets::import_csv),
        ("workbook_cells", yusuan::fuzz_targets::workbook_cells),
        ("narrative_slots", yusuan::fuzz_targets::narrative_slots),
    ] {
        if let Ok(rd) = std::fs::read_dir(root.join(target)) {
            for e in rd.flatten() {
                f(&std::fs::read(e.path()).unwrap());
                n += 1;
            }
        }
        let alphabet: Vec<&str> = vec![
            "0",
            "1",
            "9",
            ".",
            ",",
            "-",
            "(",
            ")",
            "¥",
            "元",
            "万元",
            "１",
            "．",
            "，",
            " ",
            "\t",
            "\n",
            "\r",
            "\"",
            "2014001",
            "30201",
            "129001",
            "基本支出",
            "项目支出",
            "一般公共预算财政拨款",
            "金额",
            "科目编码",
            "科目名称",
            "201",
            "20140",
            "e",
            "x",
            "信访",
            "\u{3000}",
            "99999999999999",
            "0.001",
        ];
        let mut rng = Rng(0xf0f0_1234 + n as u64);
        // The targets that build a whole workbook or narrative each time take fewer.
        let runs = if target.starts_with("workbook") || target.starts_with("narrative") {
            200
        } else {
            3000
        };
        for _ in 0..runs {
            let len = rng.below(24);
            let s: String = (0..len)
                .map(|_| alphabet[rng.below(alphabet.len() as u64) as usize])
                .collect();
            f(s.as_bytes());
            n += 1;
        }
    }
    assert!(n >= 15000);
}

/// The readers of whole files (a workbook to import, a budget file) over their stored
/// corpus and over copies of it with bytes changed, cut short or doubled at random: none
/// may panic.
#[test]
fn file_readers_never_panic_on_corpus_and_damaged_copies() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus");
    let mut n = 0;
    for (target, f, copies) in [
        (
            "import_xlsx",
            yusuan::fuzz_targets::import_xlsx as fn(&[u8]),
            300,
        ),
        ("budget_file", yusuan::fuzz_targets::budget_file, 60),
    ] {
        let mut seeds = Vec::new();
        for e in std::fs::read_dir(root.join(target)).unwrap().flatten() {
            let bytes = std::fs::read(e.path()).unwrap();
            f(&bytes);
            n += 1;
            seeds.push(bytes);
        }
        assert!(!seeds.is_empty(), "{target} has a corpus");
        let mut rng = Rng(0x5eed_0000 + n as u64);
        for _ in 0..copies {
            let mut b = seeds[rng.below(seeds.len() as u64) as usize].clone();
            match rng.below(3) {
                0 => {
                    for _ in 0..1 + rng.below(16) {
                        let i = rng.below(b.len() as u64) as usize;
                        b[i] = rng.below(256) as u8;
                    }
                }
                1 => b.truncate(rng.below(b.len() as u64) as usize),
                _ => {
                    let at = rng.below(b.len() as u64) as usize;
                    let len = (rng.below(4096) as usize).min(b.len() - at);
                    let piece = b[at..at + len].to_vec();
                    b.splice(at..at, piece);
                }
            }
            f(&b);
            n += 1;
        }
    }
    assert!(n >= 360);
}

/// Layout files a bureau might get wrong: each built-in layout with a line taken out, a line
/// doubled, or a number or a name changed, at random. Loading refuses or accepts; an
/// accepted one derives, checks and writes every table; none panics.
#[test]
fn mutated_layouts_never_panic() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/layouts");
    let words = [
        "1",
        "0",
        "99",
        "\"\"",
        "\"合计\"",
        "\"支出\"",
        "\"收入\"",
        "\"万元\"",
        "true",
        "[]",
        "[{}]",
        "{}",
        "\"301\"",
        "\"hierarchy\"",
        "\"panels\"",
        "\"records\"",
        "\"split\"",
        "\"bottom\"",
        "\"{year}\"",
    ];
    let mut rng = Rng(0x1a70_75e0_1234_5678);
    let mut accepted = 0;
    for e in std::fs::read_dir(&root).unwrap().flatten() {
        let text = std::fs::read_to_string(e.path()).unwrap();
        let text = text.replacen("id = \"", "id = \"x-", 1);
        let lines: Vec<&str> = text.lines().collect();
        for _ in 0..150 {
            let mut v: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
            let i = rng.below(v.len() as u64) as usize;
            match rng.below(3) {
                0 => {
                    v.remove(i);
                }
                1 => {
                    let l = v[i].clone();
                    v.insert(i, l);
                }
                _ => {
                    // The value after the first `=` of the line, or a word in it.
                    let w = words[rng.below(words.len() as u64) as usize];
                    if let Some(at) = v[i].find("= ") {
                        let (head, tail) = v[i].split_at(at + 2);
                        let cut = tail.find([',', ' ', '}', ']']).unwrap_or(tail.len());
                        v[i] = format!("{head}{w}{}", &tail[cut..]);
                    }
                }
            }
            let mutated = v.join("\n");
            if yusuan::engine::layout::load(&mutated).is_ok() {
                accepted += 1;
            }
            yusuan::fuzz_targets::layout(mutated.as_bytes());
        }
    }
    // Some mutations leave a valid layout (a doubled comment line, a changed name).
    assert!(accepted > 0);
}

#[test]
fn store_errors_are_chinese() {
    for e in [
        StoreError::NotABudget("x".into()),
        StoreError::Damaged("x".into()),
        StoreError::NewerVersion {
            found: 9,
            supported: 2,
        },
        StoreError::ReadOnly("x".into()),
        StoreError::Io("x".into()),
        StoreError::HotJournal,
    ] {
        assert!(has_cjk(&e.to_string()), "{e:?}");
    }
}

// ---- a disk that fills up during editing ---------------------------------------------------

const DISK_CHILD_ENV: &str = "YUSUAN_FULL_DISK_CHILD";

/// A tiny file system of its own, mounted for the test and unmounted when dropped; `None`
/// where the test may not mount one (not root, or a container without the right).
struct SmallDisk(PathBuf);

impl SmallDisk {
    fn mount(at: &Path, bytes: usize) -> Option<SmallDisk> {
        std::fs::create_dir_all(at).ok()?;
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={bytes}")])
            .arg("tmpfs")
            .arg(at)
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        ok.then(|| SmallDisk(at.to_path_buf()))
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

/// 3,000 new lines, copies of the demo's first: an edit that needs new pages in the file.
fn growing_edit(doc: &Document) -> Edit {
    let mut l = doc.budget().lines[0].clone();
    l.id = 0;
    Edit::PutLines(vec![l; 3000])
}

/// What the file holds, read by a second connection.
fn in_file(path: &Path) -> Budget {
    Store::open(path, Access::ReadOnly)
        .expect("the file opens")
        .budget()
        .clone()
}

/// The editor's gate on a disk with no room: `make_room` gives the room back. The edit is
/// refused with a Chinese message, the document equals the file, and once there is room
/// the same edit is stored.
fn refused_while_full_then_stored(doc: &mut Document, make_room: impl FnOnce()) {
    let path = doc.path().to_path_buf();
    let before = doc.budget().clone();
    let e = doc
        .apply(growing_edit(doc))
        .expect_err("no room on the disk");
    let msg = e.to_string();
    println!("refused: {msg}");
    assert!(has_cjk(&msg) && msg.contains("无法写入文件"), "{msg}");
    assert!(!msg.contains("disk") && !msg.contains("error"), "{msg}");
    assert_eq!(
        doc.budget(),
        &before,
        "the window keeps what the file holds"
    );
    assert_eq!(
        in_file(&path),
        before,
        "nothing of the refused edit reached the file"
    );
    assert_eq!(doc.undo_label(), None, "a refused edit is no step to undo");
    // A small edit is refused or stored, never half-way.
    let mut l = doc.budget().lines[1].clone();
    l.amount = Money::from_fen(123_456);
    let _ = doc.apply(Edit::PutLines(vec![l]));
    assert_eq!(in_file(&path), *doc.budget());

    make_room();
    let n = doc.budget().lines.len();
    doc.apply(growing_edit(doc))
        .expect("stored once there is room");
    assert_eq!(doc.budget().lines.len(), n + 3000);
    assert_eq!(in_file(&path), *doc.budget());
    doc.undo().expect("and undone").expect("a step");
    assert_eq!(in_file(&path).lines.len(), n);
}

/// The disk fills up while the budget is open: on a tmpfs of 2 MB filled to the last
/// block (where the test may mount one: as root), and in a child whose file-size limit
/// (`RLIMIT_FSIZE`) the kernel enforces on every write. Either way the failure comes from
/// the operating system through SQLite, not from a mock.
#[test]
fn a_full_disk_refuses_the_edit_and_the_next_works_once_there_is_room() {
    let dir = common::tempdir();
    if let Some(disk) = SmallDisk::mount(&dir.path().join("disk"), 2 << 20) {
        let path = disk.0.join("demo.db");
        let mut doc = Document::create(&path, &common::demo()).expect("create");
        assert!(!doc.is_read_only());
        // Fill what is left, to the last byte the file system gives.
        let filler = disk.0.join("filler");
        let mut f = std::fs::File::create(&filler).unwrap();
        let block = vec![0u8; 4096];
        while std::io::Write::write_all(&mut f, &block).is_ok() {}
        let _ = std::io::Write::write_all(&mut f, &[0u8; 1]);
        drop(f);
        refused_while_full_then_stored(&mut doc, || std::fs::remove_file(&filler).unwrap());
        drop(doc);
        drop(disk);
    }
    // And in a child process with a file-size limit, which needs no rights.
    let path = dir.path().join("demo.db");
    drop(Store::create(&path, &common::demo()).unwrap());
    let out = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "full_disk_child",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(DISK_CHILD_ENV, &path)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("full disk checked"), "{text}");
    for l in text
        .lines()
        .filter_map(|l| l.find("refused").map(|i| &l[i..]))
    {
        println!("{l} (child)");
    }
}

/// The child of the test above: limits the size of the files it writes to the size of the
/// budget file, so that an edit that grows it fails, then lifts the limit. A no-op in a
/// normal test run.
#[test]
fn full_disk_child() {
    let Ok(path) = std::env::var(DISK_CHILD_ENV) else {
        return;
    };
    let path = PathBuf::from(path);
    let mut doc = Document::open(&path, false).expect("child opens");
    let size = std::fs::metadata(&path).unwrap().len();
    let limit = |bytes: u64| unsafe {
        // A write past the limit fails with EFBIG instead of killing the process.
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
        let mut r = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        assert_eq!(libc::getrlimit(libc::RLIMIT_FSIZE, &mut r), 0);
        r.rlim_cur = bytes;
        assert_eq!(libc::setrlimit(libc::RLIMIT_FSIZE, &r), 0);
    };
    limit(size);
    refused_while_full_then_stored(&mut doc, || limit(libc::RLIM_INFINITY));
    println!("full disk checked");
}
