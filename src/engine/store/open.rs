//! Opening a budget file and verifying it: connection settings, schema version and
//! migrations, the schema compared object by object with what the migrations make, the
//! integrity and reference checks, and recovering a crashed file in a copy.

use super::{Access, Result, StoreError, db_err, schema};
use rusqlite::config::DbConfig;
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};

/// Settings every connection gets: foreign keys enforced; SQLite's defensive mode, no
/// trusted schema, no triggers or views (a budget file has none: a crafted one cannot run
/// code through them); a rollback journal deleted at each commit; full sync.
pub(super) fn configure(conn: &Connection, writable: bool) -> rusqlite::Result<()> {
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_DEFENSIVE, true)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_TRUSTED_SCHEMA, false)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_TRIGGER, false)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_VIEW, false)?;
    conn.pragma_update(None, "foreign_keys", true)?;
    if writable {
        conn.pragma_update(None, "synchronous", "FULL")?;
        let mode: String = conn.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("delete") && !mode.eq_ignore_ascii_case("memory") {
            return Err(rusqlite::Error::InvalidQuery);
        }
    }
    Ok(())
}

pub(super) fn version_of(conn: &Connection) -> rusqlite::Result<(i32, i64)> {
    let app: i32 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    let ver: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    Ok((app, ver))
}

/// Runs migrations `from..to` on a connection, each with its version bump, in one
/// transaction.
pub(super) fn migrate(conn: &mut Connection, from: i64, to: i64) -> rusqlite::Result<()> {
    let tx = conn.transaction()?;
    for v in from..to {
        tx.execute_batch(schema::MIGRATIONS[v as usize])?;
    }
    tx.pragma_update(None, "application_id", schema::APPLICATION_ID)?;
    tx.pragma_update(None, "user_version", to)?;
    tx.commit()
}

/// The schema objects (type, name, sql) a file at `version` must have, obtained by
/// running the migrations on an empty database.
pub(super) fn expected_schema(
    version: i64,
) -> rusqlite::Result<Vec<(String, String, Option<String>)>> {
    let mut mem = Connection::open_in_memory()?;
    migrate(&mut mem, 0, version)?;
    schema_objects(&mem)
}

pub(super) fn schema_objects(
    conn: &Connection,
) -> rusqlite::Result<Vec<(String, String, Option<String>)>> {
    let mut st = conn.prepare("SELECT type, name, sql FROM sqlite_schema ORDER BY type, name")?;
    let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    rows.collect()
}

/// Refuses a file whose schema is not exactly what this program made: an extra trigger,
/// view, table or index, or a table with other columns or rules.
pub(super) fn verify_schema(conn: &Connection, version: i64) -> Result<()> {
    let expected = expected_schema(version).map_err(db_err)?;
    let found = schema_objects(conn).map_err(db_err)?;
    if found == expected {
        return Ok(());
    }
    let extra: Vec<String> = found
        .iter()
        .filter(|o| !expected.contains(o))
        .map(|(t, n, _)| format!("{t} {n}"))
        .collect();
    let missing: Vec<String> = expected
        .iter()
        .filter(|o| !found.contains(o))
        .map(|(t, n, _)| format!("{t} {n}"))
        .collect();
    let mut why = String::from("文件结构与预算文件格式不符");
    if !extra.is_empty() {
        why.push_str(&format!("；多出或被改动的对象：{}", extra.join("、")));
    }
    if !missing.is_empty() {
        why.push_str(&format!("；缺少：{}", missing.join("、")));
    }
    Err(StoreError::NotABudget(why))
}

/// Checks that an open connection holds a yusuan budget this program can use: its id,
/// version, schema, integrity and references. Returns the schema version.
pub(super) fn check_file(conn: &Connection, access: Access, path: &Path) -> Result<i64> {
    let (app, version) = version_of(conn).map_err(|e| {
        // A journal left by a crash that a read-only connection cannot roll back.
        if e.sqlite_error().is_some_and(|x| x.extended_code == 776) {
            StoreError::HotJournal
        } else {
            db_err(e)
        }
    })?;
    if app != schema::APPLICATION_ID {
        return Err(StoreError::NotABudget(
            "文件是 SQLite 数据库，但不是由 yusuan 创建的".into(),
        ));
    }
    if version < 1 {
        return Err(StoreError::NotABudget("文件格式版本无效".into()));
    }
    if version > schema::CURRENT_VERSION && access == Access::ReadWrite {
        return Err(StoreError::NewerVersion {
            found: version,
            supported: schema::CURRENT_VERSION,
        });
    }
    if version <= schema::CURRENT_VERSION {
        verify_schema(conn, version)?;
    }
    // A file this program wrote last, with nothing written since (schema 7: `proven`),
    // holds what SQLite held it to on every write: it is not verified again.
    if version >= 7 && proven(conn, path) {
        return Ok(version);
    }
    // quick_check also checks NOT NULL and CHECK constraints: values out of range that
    // were written around the rules are found here.
    let mut st = conn.prepare("PRAGMA quick_check(5)").map_err(db_err)?;
    let problems: Vec<String> = st
        .query_map([], |r| r.get(0))
        .map_err(db_err)?
        .collect::<rusqlite::Result<_>>()
        .map_err(db_err)?;
    if problems != ["ok"] {
        return Err(StoreError::Damaged(format!(
            "完整性检查未通过：{}",
            problems.join("；")
        )));
    }
    let mut st = conn.prepare("PRAGMA foreign_key_check").map_err(db_err)?;
    let broken: Vec<(String, i64, String)> = st
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get::<_, Option<i64>>(1)?.unwrap_or(0),
                r.get(2)?,
            ))
        })
        .map_err(db_err)?
        .take(5)
        .collect::<rusqlite::Result<_>>()
        .map_err(db_err)?;
    if !broken.is_empty() {
        let list: Vec<String> = broken
            .iter()
            .map(|(t, id, parent)| format!("{t} #{id} 引用的 {parent} 不存在"))
            .collect();
        return Err(StoreError::Damaged(format!(
            "记录之间的引用已损坏：{}",
            list.join("；")
        )));
    }
    Ok(version)
}

/// SQLite's file change counter (the header's bytes 24–27), as the file holds it now.
pub(super) fn change_counter(path: &Path) -> Option<u32> {
    use std::io::Read;
    let mut head = [0u8; 28];
    std::fs::File::open(path).ok()?.read_exact(&mut head).ok()?;
    Some(u32::from_be_bytes([head[24], head[25], head[26], head[27]]))
}

/// Whether the file's change counter is still what this program's last write left in
/// it (nothing else wrote the file since).
fn proven(conn: &Connection, path: &Path) -> bool {
    let Some(now) = change_counter(path) else {
        return false;
    };
    conn.query_row("SELECT change_counter FROM proven WHERE id = 1", [], |r| {
        r.get::<_, i64>(0)
    })
    .is_ok_and(|c| c == i64::from(now))
}

/// Recovers a file that a crash left with a journal, in a temporary copy (the original
/// is not touched): copies file and journal, lets SQLite roll back there.
pub(super) fn recover_in_copy(path: &Path) -> Result<(Connection, tempfile::TempDir)> {
    // The copy goes into the system's temporary folder: a failure there is said to be
    // the temporary folder's, not the budget's.
    let in_temp = |e: std::io::Error| {
        StoreError::Io(format!(
            "此文件上次未正常关闭，需要在临时文件夹 {} 中恢复一份副本后才能查看，但临时文件夹无法使用（{}）；请检查环境变量 TMPDIR",
            std::env::temp_dir().display(),
            crate::engine::base::system::io_reason(&e)
        ))
    };
    let tmp = tempfile::tempdir().map_err(in_temp)?;
    let copy = tmp.path().join("budget.db");
    std::fs::copy(path, &copy).map_err(in_temp)?;
    let journal = PathBuf::from(format!("{}-journal", path.display()));
    if journal.exists() {
        std::fs::copy(&journal, format!("{}-journal", copy.display()))
            .map_err(|e| StoreError::io(&e))?;
    }
    let conn = Connection::open_with_flags(
        &copy,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(db_err)?;
    configure(&conn, false).map_err(db_err)?;
    Ok((conn, tmp))
}
