//! One SQLite file per budget. Every edit passes through [`Store::apply`]: it is checked,
//! written in one transaction that is durable when the call returns, mirrored in the
//! loaded [`Budget`], and answered with the edit that undoes it. The file is
//! self-contained after every commit (rollback journal, deleted at commit: no `-wal` or
//! journal file is needed to read it), so a copy taken right after an edit holds it.

pub mod schema;

use crate::catalog::{CatalogKind, LoadedCatalog};
use crate::edit::Edit;
use crate::model::*;
use crate::money::Money;
use rusqlite::config::DbConfig;
use rusqlite::{Connection, OpenFlags, OptionalExtension, Transaction, params};
use rust_decimal::Decimal;
use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// Why a file could not be opened or an edit not be made. `Display` is the Chinese
/// message for the user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoreError {
    NotFound(PathBuf),
    /// The file is not a yusuan budget (another program's file, an empty file, …).
    NotABudget(String),
    /// Written by a newer yusuan: refused for writing.
    NewerVersion {
        found: i64,
        supported: i64,
    },
    /// The file is damaged or its content breaks the model's rules.
    Damaged(String),
    /// An edit that the budget's rules refuse; nothing was stored.
    Refused(String),
    /// The file is open read-only.
    ReadOnly(String),
    /// The file system refused (permissions, full disk, …).
    Io(String),
    /// A journal left by a crash that a read-only connection cannot roll back (internal:
    /// handled by recovering in a copy).
    HotJournal,
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::NotFound(p) => write!(f, "找不到文件：{}", p.display()),
            StoreError::NotABudget(why) => write!(f, "这不是 yusuan 预算文件：{why}"),
            StoreError::NewerVersion { found, supported } => write!(
                f,
                "此文件由更新版本的 yusuan 写入（文件格式版本 {found}，本程序支持到 {supported}），\
                 为免损坏，本程序不能修改它；请升级 yusuan，或以只读方式查看"
            ),
            StoreError::Damaged(why) => write!(f, "文件已损坏或内容不合规则：{why}"),
            StoreError::Refused(why) => write!(f, "{why}"),
            StoreError::ReadOnly(why) => write!(f, "文件以只读方式打开，不能修改：{why}"),
            StoreError::Io(why) => write!(f, "无法写入文件：{why}"),
            StoreError::HotJournal => write!(f, "文件上次未正常关闭，需要恢复"),
        }
    }
}

impl std::error::Error for StoreError {}

fn refused(msg: impl Into<String>) -> StoreError {
    StoreError::Refused(msg.into())
}

fn db_err(e: rusqlite::Error) -> StoreError {
    use rusqlite::ErrorCode::*;
    match e.sqlite_error_code() {
        Some(ReadOnly) => StoreError::ReadOnly("文件或其所在文件夹不可写".into()),
        Some(DiskFull) => StoreError::Io("磁盘已满".into()),
        Some(CannotOpen) | Some(PermissionDenied) => StoreError::Io("没有权限或路径不存在".into()),
        Some(NotADatabase) => StoreError::NotABudget("文件不是 SQLite 数据库".into()),
        Some(DatabaseCorrupt) => StoreError::Damaged("SQLite 报告数据库损坏".into()),
        Some(DatabaseBusy) | Some(DatabaseLocked) => {
            StoreError::Io("文件正被另一个程序写入，请稍后再试".into())
        }
        Some(ConstraintViolation) => StoreError::Refused(format!("违反数据规则：{e}")),
        _ => StoreError::Damaged(e.to_string()),
    }
}

type Result<T> = std::result::Result<T, StoreError>;

/// How a file is opened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    ReadWrite,
    ReadOnly,
}

/// An open budget file and the budget loaded from it.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// Why the file is read-only, when it is.
    read_only: Option<String>,
    budget: Budget,
}

impl fmt::Debug for Store {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.path)
            .field("read_only", &self.read_only)
            .finish()
    }
}

/// Settings every connection gets: foreign keys enforced; SQLite's defensive mode, no
/// trusted schema, no triggers or views (a budget file has none: a crafted one cannot run
/// code through them); a rollback journal deleted at each commit; full sync.
fn configure(conn: &Connection, writable: bool) -> rusqlite::Result<()> {
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

fn version_of(conn: &Connection) -> rusqlite::Result<(i32, i64)> {
    let app: i32 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    let ver: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    Ok((app, ver))
}

/// Runs migrations `from..to` on a connection, each with its version bump, in one
/// transaction.
fn migrate(conn: &mut Connection, from: i64, to: i64) -> rusqlite::Result<()> {
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
fn expected_schema(version: i64) -> rusqlite::Result<Vec<(String, String, Option<String>)>> {
    let mut mem = Connection::open_in_memory()?;
    migrate(&mut mem, 0, version)?;
    schema_objects(&mem)
}

fn schema_objects(conn: &Connection) -> rusqlite::Result<Vec<(String, String, Option<String>)>> {
    let mut st = conn.prepare("SELECT type, name, sql FROM sqlite_schema ORDER BY type, name")?;
    let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    rows.collect()
}

/// Refuses a file whose schema is not exactly what this program made: an extra trigger,
/// view, table or index, or a table with other columns or rules.
fn verify_schema(conn: &Connection, version: i64) -> Result<()> {
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
fn check_file(conn: &Connection, access: Access) -> Result<i64> {
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

/// Recovers a file that a crash left with a journal, in a temporary copy (the original
/// is not touched): copies file and journal, lets SQLite roll back there.
fn recover_in_copy(path: &Path) -> Result<(Connection, tempfile::TempDir)> {
    let tmp = tempfile::tempdir().map_err(|e| StoreError::Io(e.to_string()))?;
    let copy = tmp.path().join("budget.db");
    std::fs::copy(path, &copy).map_err(|e| StoreError::Io(e.to_string()))?;
    let journal = PathBuf::from(format!("{}-journal", path.display()));
    if journal.exists() {
        std::fs::copy(&journal, format!("{}-journal", copy.display()))
            .map_err(|e| StoreError::Io(e.to_string()))?;
    }
    let conn = Connection::open_with_flags(
        &copy,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(db_err)?;
    configure(&conn, false).map_err(db_err)?;
    Ok((conn, tmp))
}

/// Backups kept beside a budget: `.NAME.db.yusuan-backup-YYYYMMDD-HHMMSS-vN.db`.
pub fn backup_prefix(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    format!(".{name}.yusuan-backup-")
}

/// The backups of a budget file, newest first.
pub fn backups(path: &Path) -> Vec<PathBuf> {
    let prefix = backup_prefix(path);
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.path())
                .filter(|p| {
                    p.file_name()
                        .is_some_and(|n| n.to_string_lossy().starts_with(&prefix))
                })
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    found.reverse();
    found
}

/// How many backups of one file are kept.
const KEEP_BACKUPS: usize = 5;

/// Keeps a complete copy of the budget beside it (before a migration or an import), and
/// prunes old ones. Returns the copy's path.
pub fn backup(conn: &Connection, path: &Path, version: i64) -> Result<PathBuf> {
    let stamp = crate::lock::now_beijing()
        .replace(['-', ':'], "")
        .replace(' ', "-");
    let mut target = path.with_file_name(format!("{}{stamp}-v{version}.db", backup_prefix(path)));
    let mut n = 1;
    while target.exists() {
        n += 1;
        target = path.with_file_name(format!("{}{stamp}-v{version}-{n}.db", backup_prefix(path)));
    }
    let t = target
        .to_str()
        .ok_or_else(|| StoreError::Io("路径中有无法识别的字符".into()))?;
    conn.execute("VACUUM INTO ?1", [t]).map_err(|e| {
        let _ = std::fs::remove_file(&target);
        StoreError::Io(format!("无法保存备份副本：{e}"))
    })?;
    for old in backups(path).into_iter().skip(KEEP_BACKUPS) {
        let _ = std::fs::remove_file(old);
    }
    Ok(target)
}

/// Puts a backup copy in place of the budget file (whole, by rename). The file must not
/// be open.
pub fn restore_backup(path: &Path, from: &Path) -> Result<()> {
    // Only a valid budget is restored.
    drop(Store::open(from, Access::ReadOnly)?);
    let tmp = path.with_extension("db.restoring");
    std::fs::copy(from, &tmp).map_err(|e| StoreError::Io(e.to_string()))?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        StoreError::Io(e.to_string())
    })
}

impl Store {
    /// Creates a new budget file holding `budget` (ids as given). Refuses an existing
    /// path. The file appears only when complete: it is built beside and renamed.
    pub fn create(path: &Path, budget: &Budget) -> Result<Store> {
        if path.exists() {
            return Err(refused(format!("文件已存在：{}", path.display())));
        }
        let tmp = path.with_extension("db.partial");
        let _ = std::fs::remove_file(&tmp);
        let result = (|| {
            let mut conn = Connection::open(&tmp).map_err(db_err)?;
            configure(&conn, true).map_err(db_err)?;
            migrate(&mut conn, 0, schema::CURRENT_VERSION).map_err(db_err)?;
            let mut store = Store {
                conn,
                path: tmp.clone(),
                read_only: None,
                budget: Budget::default(),
            };
            store.apply(Edit::Batch(edits_to_write(budget)))?;
            Ok::<(), StoreError>(())
        })();
        if let Err(e) = result {
            let _ = std::fs::remove_file(&tmp);
            return Err(e);
        }
        std::fs::rename(&tmp, path).map_err(|e| StoreError::Io(e.to_string()))?;
        Store::open(path, Access::ReadWrite)
    }

    /// Opens a budget file. For writing, an older file is migrated first (after a backup
    /// copy is kept); a newer one is refused. Nothing is written before the file is known
    /// to be a budget. Read-only opening never changes the file: an older file is migrated
    /// in memory, and a file left mid-transaction by a crash is recovered in a temporary
    /// copy.
    pub fn open(path: &Path, access: Access) -> Result<Store> {
        let meta = std::fs::metadata(path).map_err(|_| StoreError::NotFound(path.to_path_buf()))?;
        if !meta.is_file() {
            return Err(StoreError::NotABudget("这是一个文件夹，不是文件".into()));
        }
        if meta.len() == 0 {
            return Err(StoreError::NotABudget("文件是空的".into()));
        }
        let mut head = [0u8; 16];
        {
            use std::io::Read;
            let mut f = std::fs::File::open(path).map_err(|e| StoreError::Io(e.to_string()))?;
            let n = f
                .read(&mut head)
                .map_err(|e| StoreError::Io(e.to_string()))?;
            if n < 16 || &head != b"SQLite format 3\0" {
                return Err(StoreError::NotABudget("文件不是 SQLite 数据库".into()));
            }
        }
        let flags = OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let (mut conn, version, _tmp) = match access {
            Access::ReadWrite => {
                // A read-write connection rolls back a journal left by a crash; it writes
                // nothing else until the file has passed every check below.
                let conn =
                    Connection::open_with_flags(path, flags | OpenFlags::SQLITE_OPEN_READ_WRITE)
                        .map_err(db_err)?;
                configure(&conn, false).map_err(db_err)?;
                let version = check_file(&conn, access)?;
                (conn, version, None)
            }
            Access::ReadOnly => {
                let conn =
                    Connection::open_with_flags(path, flags | OpenFlags::SQLITE_OPEN_READ_ONLY)
                        .map_err(db_err)?;
                configure(&conn, false).map_err(db_err)?;
                match check_file(&conn, access) {
                    Ok(version) => (conn, version, None),
                    Err(StoreError::HotJournal) => {
                        drop(conn);
                        let (conn, tmp) = recover_in_copy(path)?;
                        let version = check_file(&conn, access)?;
                        (conn, version, Some(tmp))
                    }
                    Err(e) => return Err(e),
                }
            }
        };
        let read_only = match access {
            Access::ReadOnly => {
                // Work on an in-memory copy: reading never touches the file again, and an
                // older file can be migrated there.
                let mut mem = Connection::open_in_memory().map_err(db_err)?;
                rusqlite::backup::Backup::new(&conn, &mut mem)
                    .and_then(|b| b.run_to_completion(1024, std::time::Duration::ZERO, None))
                    .map_err(db_err)?;
                configure(&mem, false).map_err(db_err)?;
                if version < schema::CURRENT_VERSION {
                    migrate(&mut mem, version, schema::CURRENT_VERSION).map_err(db_err)?;
                }
                conn = mem;
                Some("按要求以只读方式打开".to_string())
            }
            Access::ReadWrite => {
                configure(&conn, true).map_err(db_err)?;
                if version < schema::CURRENT_VERSION {
                    backup(&conn, path, version)?;
                    migrate(&mut conn, version, schema::CURRENT_VERSION).map_err(db_err)?;
                    verify_schema(&conn, schema::CURRENT_VERSION)?;
                }
                None
            }
        };
        let budget = load(&conn).map_err(|e| match e {
            StoreError::Damaged(why) if version > schema::CURRENT_VERSION => StoreError::Damaged(
                format!("{why}（文件由更新版本的 yusuan 写入，格式版本 {version}）"),
            ),
            other => other,
        })?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            read_only,
            budget,
        })
    }

    pub fn budget(&self) -> &Budget {
        &self.budget
    }

    /// Marks an open store read-only, with the reason to show.
    pub fn with_read_only_reason(mut self, why: &str) -> Store {
        self.read_only = Some(why.to_string());
        self
    }

    /// Keeps a backup copy of the file now (before an import). Returns its path.
    pub fn backup_now(&self) -> Result<PathBuf> {
        backup(&self.conn, &self.path, self.schema_version())
    }

    /// Writes a complete, self-contained copy of the budget to `to` (replacing a file
    /// there only once the copy is complete).
    pub fn save_copy(&self, to: &Path) -> Result<()> {
        if to == self.path {
            return Ok(());
        }
        let tmp = to.with_extension("db.partial");
        let _ = std::fs::remove_file(&tmp);
        let target = tmp
            .to_str()
            .ok_or_else(|| StoreError::Io("路径中有无法识别的字符".into()))?;
        self.conn.execute("VACUUM INTO ?1", [target]).map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            db_err(e)
        })?;
        std::fs::rename(&tmp, to).map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            StoreError::Io(e.to_string())
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Why the file is read-only, when it is.
    pub fn read_only_reason(&self) -> Option<&str> {
        self.read_only.as_deref()
    }

    /// The schema version of the open file.
    pub fn schema_version(&self) -> i64 {
        version_of(&self.conn).map(|v| v.1).unwrap_or(0)
    }

    /// The next free id of an entity table, for callers that build several related
    /// records in one batch.
    pub fn next_id(&self, table: IdTable) -> i64 {
        let b = &self.budget;
        1 + match table {
            IdTable::Unit => b.units.iter().map(|u| u.id).max(),
            IdTable::Line => b.lines.last().map(|l| l.id),
            IdTable::Project => b.projects.iter().map(|p| p.id).max(),
            IdTable::Indicator => b.indicators.iter().map(|i| i.id).max(),
            IdTable::Procurement => b.procurement.iter().map(|p| p.id).max(),
        }
        .unwrap_or(0)
    }

    /// The one gate for changes. Checks the edit, stores it in one transaction (durable
    /// when this returns), updates the loaded budget, and returns the edit that undoes it.
    /// On any refusal nothing is stored and the loaded budget is as before.
    pub fn apply(&mut self, edit: Edit) -> Result<Edit> {
        if let Some(why) = &self.read_only {
            return Err(StoreError::ReadOnly(why.clone()));
        }
        let tx = self.conn.transaction().map_err(db_err)?;
        let mut done: Vec<Edit> = Vec::new();
        let outcome = apply_one(&tx, &mut self.budget, edit, &mut done);
        match outcome.and_then(|inverse| tx.commit().map_err(db_err).map(|_| inverse)) {
            Ok(inverse) => Ok(inverse),
            Err(e) => {
                // The transaction rolled back (dropped or failed commit): undo in memory.
                for inv in done.into_iter().rev() {
                    apply_memory(&mut self.budget, inv);
                }
                Err(e)
            }
        }
    }
}

impl Store {
    /// Adds, changes or deletes a remark, also in review mode: remarks are the one thing a
    /// reviewer may add. In review mode the remark is written straight into the file
    /// through a short-lived connection (in one transaction, after the file has passed the
    /// usual checks), and the budget as loaded is updated to match.
    pub fn apply_remark(&mut self, edit: Edit) -> Result<Edit> {
        if !matches!(edit, Edit::PutRemark(_) | Edit::DeleteRemark(_)) {
            return Err(refused("只能添加或修改批注"));
        }
        if self.read_only.is_none() {
            return self.apply(edit);
        }
        let fail = |e: StoreError| match e {
            StoreError::Io(m) | StoreError::ReadOnly(m) => {
                StoreError::ReadOnly(format!("无法写入文件，批注未保存：{m}"))
            }
            other => other,
        };
        let mut file = Connection::open_with_flags(
            &self.path,
            OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_READ_WRITE,
        )
        .map_err(db_err)
        .map_err(fail)?;
        configure(&file, false).map_err(db_err).map_err(fail)?;
        let version = check_file(&file, Access::ReadWrite).map_err(fail)?;
        if version != schema::CURRENT_VERSION {
            return Err(StoreError::ReadOnly(format!(
                "此文件的格式版本为 {version}，需先以编辑方式打开一次（会自动升级并备份）才能添加批注"
            )));
        }
        configure(&file, true).map_err(db_err).map_err(fail)?;
        let tx = file.transaction().map_err(db_err).map_err(fail)?;
        let mut done = Vec::new();
        let mut scratch = Budget {
            remarks: self.budget.remarks.clone(),
            ..Budget::default()
        };
        let inverse = apply_one(&tx, &mut scratch, edit, &mut done)?;
        tx.commit().map_err(db_err).map_err(fail)?;
        // The write filled in the id of a new remark: the last one done holds it.
        self.budget.remarks = scratch.remarks;
        // Keep the in-memory copy the review works on in step (for 另存为).
        let mem_tx = self.conn.transaction().map_err(db_err)?;
        mem_tx.execute("DELETE FROM remark", []).map_err(db_err)?;
        for r in &self.budget.remarks {
            write_sql(&mem_tx, Edit::PutRemark(r.clone())).map_err(db_err)?;
        }
        mem_tx.commit().map_err(db_err)?;
        Ok(inverse)
    }
}

/// Tables whose records have ids.
#[derive(Clone, Copy, Debug)]
pub enum IdTable {
    Unit,
    Line,
    Project,
    Indicator,
    Procurement,
}

/// The edits that write a whole budget into an empty file.
pub fn edits_to_write(b: &Budget) -> Vec<Edit> {
    let mut v = vec![Edit::SetDepartment(b.department.clone())];
    v.extend(b.loaded_catalogs.iter().cloned().map(Edit::LoadCatalog));
    v.extend(b.units.iter().cloned().map(Edit::PutUnit));
    v.extend(b.income.iter().cloned().map(Edit::SetIncome));
    v.extend(b.projects.iter().cloned().map(Edit::PutProject));
    v.extend(b.indicators.iter().cloned().map(Edit::PutIndicator));
    v.push(Edit::PutLines(b.lines.clone()));
    v.push(Edit::PutLines(b.incomplete_lines.clone()));
    v.extend(
        b.prior_functions
            .iter()
            .cloned()
            .map(Edit::SetPriorFunction),
    );
    v.extend(
        b.prior_items
            .iter()
            .map(|(k, m)| Edit::SetPriorItem(*k, *m)),
    );
    v.extend(b.procurement.iter().cloned().map(Edit::PutProcurement));
    v.extend(b.assets.iter().cloned().map(Edit::SetAsset));
    v.extend(b.reasons.iter().map(|(k, t)| Edit::SetReason {
        key: k.clone(),
        text: t.clone(),
    }));
    v.extend(b.remarks.iter().cloned().map(Edit::PutRemark));
    v
}

// ---------------------------------------------------------------------------------------
// Checking an edit against the rules of the model.

fn code_ok(code: &str, len: usize) -> bool {
    code.len() == len && code.bytes().all(|b| b.is_ascii_digit())
}

fn money_ok(m: Money, what: &str) -> Result<()> {
    if m.is_negative() {
        return Err(refused(format!("{what}不能为负数（{}）", m.grouped())));
    }
    if m.fen() > crate::money::MAX_YUAN * 100 + 99 {
        return Err(refused(format!("{what}过大（{}）", m.grouped())));
    }
    Ok(())
}

fn validate(b: &Budget, edit: &Edit) -> Result<()> {
    match edit {
        Edit::SetDepartment(d) => {
            if d.name.trim().is_empty() {
                return Err(refused("部门名称不能为空"));
            }
            if !(2000..=2100).contains(&d.year) {
                return Err(refused(format!(
                    "预算年度“{}”无效，应在 2000 至 2100 之间",
                    d.year
                )));
            }
        }
        Edit::PutUnit(u) => {
            if u.code.trim().is_empty() || u.name.trim().is_empty() {
                return Err(refused("单位代码和单位名称都不能为空"));
            }
            if let Some(other) = b.units.iter().find(|o| o.code == u.code && o.id != u.id) {
                return Err(refused(format!(
                    "单位代码“{}”已被“{}”使用",
                    u.code, other.name
                )));
            }
        }
        Edit::DeleteUnit(id) => {
            let Some(u) = b.unit(*id) else {
                return Err(refused("要删除的单位不存在"));
            };
            let lines = b.lines.iter().filter(|l| l.unit_id == *id).count();
            let projects = b.projects.iter().filter(|p| p.unit_id == *id).count();
            let proc = b.procurement.iter().filter(|p| p.unit_id == *id).count();
            if lines + projects + proc > 0 {
                return Err(refused(format!(
                    "单位“{}”还有 {lines} 条支出明细、{projects} 个项目、{proc} 条政府采购，不能删除",
                    u.name
                )));
            }
        }
        Edit::SetIncome(i) => {
            money_ok(i.current, &format!("收入“{}”的本年预算数", i.source))?;
            money_ok(i.prior, &format!("收入“{}”的上年预算数", i.source))?;
        }
        Edit::PutLines(lines) => {
            for (n, l) in lines.iter().enumerate() {
                let at = if lines.len() > 1 {
                    format!("第 {} 条：", n + 1)
                } else {
                    String::new()
                };
                if b.unit(l.unit_id).is_none() {
                    return Err(refused(format!("{at}所选单位不存在")));
                }
                // A blank code is a row still being typed (an incomplete line).
                if !l.func_code.is_empty() && !code_ok(&l.func_code, 7) {
                    return Err(refused(format!(
                        "{at}功能科目“{}”应为 7 位数字的项级科目",
                        l.func_code
                    )));
                }
                if !l.dept_econ.is_empty() && !code_ok(&l.dept_econ, 5) {
                    return Err(refused(format!(
                        "{at}部门经济科目“{}”应为 5 位数字的款级科目",
                        l.dept_econ
                    )));
                }
                if let Some(g) = &l.gov_econ_override
                    && !code_ok(g, 5)
                {
                    return Err(refused(format!(
                        "{at}政府经济科目“{g}”应为 5 位数字的款级科目"
                    )));
                }
                if let Some(p) = l.project_id
                    && b.project(p).is_none()
                {
                    return Err(refused(format!("{at}所选项目不存在")));
                }
                money_ok(l.amount, &format!("{at}金额"))?;
            }
        }
        Edit::DeleteLines(_) | Edit::DeleteIndicator(_) | Edit::DeleteProcurement(_) => {}
        Edit::SetPriorFunction(p) => {
            if !code_ok(&p.func_code, 7) {
                return Err(refused(format!(
                    "功能科目“{}”应为 7 位数字的项级科目",
                    p.func_code
                )));
            }
            money_ok(p.amount, "上年预算数")?;
        }
        Edit::SetPriorItem(item, m) => money_ok(*m, &format!("上年“{item}”"))?,
        Edit::PutProject(p) => {
            if p.name.trim().is_empty() {
                return Err(refused("项目名称不能为空"));
            }
            if let Some(o) = b.projects.iter().find(|o| o.name == p.name && o.id != p.id) {
                return Err(refused(format!("已有同名项目“{}”", o.name)));
            }
            if b.unit(p.unit_id).is_none() {
                return Err(refused(format!("项目“{}”的单位不存在", p.name)));
            }
            money_ok(p.budget, "当年预算")?;
            money_ok(p.district, "区级支出")?;
            money_ok(p.township, "补助镇街")?;
        }
        Edit::DeleteProject(id) => {
            let n = b.lines.iter().filter(|l| l.project_id == Some(*id)).count();
            if n > 0 {
                let name = b.project(*id).map(|p| p.name.as_str()).unwrap_or("");
                return Err(refused(format!(
                    "项目“{name}”还有 {n} 条支出明细，请先删除或改挂这些明细"
                )));
            }
        }
        Edit::PutIndicator(i) => {
            if i.name.trim().is_empty() {
                return Err(refused("指标名称不能为空"));
            }
            if let Some(p) = i.project_id
                && b.project(p).is_none()
            {
                return Err(refused(format!("指标“{}”所属的项目不存在", i.name)));
            }
            if i.weight < Decimal::ZERO || i.weight > Decimal::ONE_HUNDRED {
                return Err(refused(format!(
                    "指标“{}”的权重 {} 应在 0 到 100 之间",
                    i.name, i.weight
                )));
            }
        }
        Edit::PutProcurement(p) => {
            if p.name.trim().is_empty() {
                return Err(refused("采购项目名称不能为空"));
            }
            if b.unit(p.unit_id).is_none() {
                return Err(refused(format!("采购项目“{}”的单位不存在", p.name)));
            }
            for (m, what) in [
                (p.total, "合计"),
                (p.goods, "货物类"),
                (p.works, "工程类"),
                (p.services, "服务类"),
            ] {
                money_ok(m, &format!("采购项目“{}”的{what}", p.name))?;
            }
        }
        Edit::SetAsset(_) | Edit::SetReason { .. } | Edit::ResetCatalog(_) => {}
        Edit::PutRemark(r) => {
            if r.text.trim().is_empty() {
                return Err(refused("批注内容不能为空"));
            }
            if r.author.trim().is_empty() {
                return Err(refused("批注需要署名（作者）"));
            }
            if r.text.chars().count() > 5000 {
                return Err(refused("批注过长（最多 5000 字）"));
            }
        }
        Edit::DeleteRemark(_) => {}
        Edit::LoadCatalog(c) => {
            if c.is_empty() {
                return Err(refused(format!("{}是空的", c.kind().label())));
            }
        }
        Edit::Batch(_) => {}
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Applying: SQL, then memory.

fn apply_one(tx: &Transaction, b: &mut Budget, edit: Edit, done: &mut Vec<Edit>) -> Result<Edit> {
    if let Edit::Batch(edits) = edit {
        let mut inverses = Vec::with_capacity(edits.len());
        for e in edits {
            inverses.push(apply_one(tx, b, e, done)?);
        }
        inverses.reverse();
        return Ok(Edit::Batch(inverses));
    }
    validate(b, &edit)?;
    let edit = write_sql(tx, edit).map_err(db_err)?;
    let inverse = apply_memory(b, edit);
    done.push(inverse.clone());
    Ok(inverse)
}

fn opt_text(s: &Option<String>) -> Option<&str> {
    s.as_deref()
}

/// Writes one edit (not a batch) and returns it with the ids of new records filled in.
fn write_sql(tx: &Transaction, mut edit: Edit) -> rusqlite::Result<Edit> {
    let new_id = |id: i64| if id == 0 { None } else { Some(id) };
    match &mut edit {
        Edit::SetDepartment(d) => {
            tx.execute(
                "INSERT INTO department (id, code, name, year, region, duties, composition, divisions,
                    contact_name, contact_phone, goal) VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
                 ON CONFLICT(id) DO UPDATE SET code=excluded.code, name=excluded.name, year=excluded.year,
                    region=excluded.region, duties=excluded.duties, composition=excluded.composition,
                    divisions=excluded.divisions, contact_name=excluded.contact_name,
                    contact_phone=excluded.contact_phone, goal=excluded.goal",
                params![d.code, d.name, d.year, d.region, d.duties, d.composition, d.divisions,
                        d.contact_name, d.contact_phone, d.goal],
            )?;
        }
        Edit::PutUnit(u) => {
            tx.execute(
                "INSERT INTO unit (id, code, name, kind, short_name) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT(id) DO UPDATE SET code=excluded.code, name=excluded.name, kind=excluded.kind,
                    short_name=excluded.short_name",
                params![new_id(u.id), u.code, u.name, u.kind.label(), u.short_name],
            )?;
            if u.id == 0 {
                u.id = tx.last_insert_rowid();
            }
        }
        Edit::DeleteUnit(id) => {
            tx.execute("DELETE FROM unit WHERE id = ?1", [*id])?;
        }
        Edit::SetIncome(i) => {
            if i.current.is_zero() && i.prior.is_zero() {
                tx.execute("DELETE FROM income WHERE source = ?1", [i.source.label()])?;
            } else {
                tx.execute(
                    "INSERT INTO income (source, current_fen, prior_fen) VALUES (?1, ?2, ?3)
                     ON CONFLICT(source) DO UPDATE SET current_fen=excluded.current_fen, prior_fen=excluded.prior_fen",
                    params![i.source.label(), i.current.fen(), i.prior.fen()],
                )?;
            }
        }
        Edit::PutLines(lines) => {
            let mut st = tx.prepare_cached(
                "INSERT INTO line (id, unit_id, func_code, dept_econ, gov_econ_override, nature, project_id,
                    fund_source, amount_fen, remark, cost_class, seq)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
                 ON CONFLICT(id) DO UPDATE SET unit_id=excluded.unit_id, func_code=excluded.func_code,
                    dept_econ=excluded.dept_econ, gov_econ_override=excluded.gov_econ_override,
                    nature=excluded.nature, project_id=excluded.project_id, fund_source=excluded.fund_source,
                    amount_fen=excluded.amount_fen, remark=excluded.remark, cost_class=excluded.cost_class,
                    seq=excluded.seq",
            )?;
            for l in lines.iter_mut() {
                st.execute(params![
                    new_id(l.id),
                    l.unit_id,
                    l.func_code,
                    l.dept_econ,
                    opt_text(&l.gov_econ_override),
                    l.nature.label(),
                    l.project_id,
                    l.fund_source.label(),
                    l.amount.fen(),
                    l.remark,
                    l.cost_class_override.map(|c| c.label()),
                    l.seq,
                ])?;
                if l.id == 0 {
                    l.id = tx.last_insert_rowid();
                }
            }
        }
        Edit::DeleteLines(ids) => {
            let mut st = tx.prepare_cached("DELETE FROM line WHERE id = ?1")?;
            for id in ids.iter() {
                st.execute([*id])?;
            }
        }
        Edit::SetPriorFunction(p) => {
            if p.amount.is_zero() {
                tx.execute(
                    "DELETE FROM prior_function WHERE func_code = ?1 AND nature = ?2",
                    params![p.func_code, p.nature.label()],
                )?;
            } else {
                tx.execute(
                    "INSERT INTO prior_function (func_code, nature, amount_fen) VALUES (?1, ?2, ?3)
                     ON CONFLICT(func_code, nature) DO UPDATE SET amount_fen=excluded.amount_fen",
                    params![p.func_code, p.nature.label(), p.amount.fen()],
                )?;
            }
        }
        Edit::SetPriorItem(item, m) => {
            tx.execute(
                "INSERT INTO prior_item (item, amount_fen) VALUES (?1, ?2)
                 ON CONFLICT(item) DO UPDATE SET amount_fen=excluded.amount_fen",
                params![item.label(), m.fen()],
            )?;
        }
        Edit::PutProject(p) => {
            tx.execute(
                "INSERT INTO project (id, code, name, unit_id, kind, competent_dept, overview, basis, goal,
                    budget_fen, district_fen, township_fen)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
                 ON CONFLICT(id) DO UPDATE SET code=excluded.code, name=excluded.name, unit_id=excluded.unit_id,
                    kind=excluded.kind, competent_dept=excluded.competent_dept, overview=excluded.overview,
                    basis=excluded.basis, goal=excluded.goal, budget_fen=excluded.budget_fen,
                    district_fen=excluded.district_fen, township_fen=excluded.township_fen",
                params![new_id(p.id), p.code, p.name, p.unit_id, p.kind.label(), p.competent_dept,
                        p.overview, p.basis, p.goal, p.budget.fen(), p.district.fen(), p.township.fen()],
            )?;
            if p.id == 0 {
                p.id = tx.last_insert_rowid();
            }
        }
        Edit::DeleteProject(id) => {
            tx.execute("DELETE FROM project WHERE id = ?1", [*id])?;
        }
        Edit::PutIndicator(i) => {
            tx.execute(
                "INSERT INTO indicator (id, project_id, level1, level2, name, weight, unit, op, value, core)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
                 ON CONFLICT(id) DO UPDATE SET project_id=excluded.project_id, level1=excluded.level1,
                    level2=excluded.level2, name=excluded.name, weight=excluded.weight, unit=excluded.unit,
                    op=excluded.op, value=excluded.value, core=excluded.core",
                params![new_id(i.id), i.project_id, i.level1, i.level2, i.name, i.weight.to_string(),
                        i.unit, i.op.label(), i.value, i.core],
            )?;
            if i.id == 0 {
                i.id = tx.last_insert_rowid();
            }
        }
        Edit::DeleteIndicator(id) => {
            tx.execute("DELETE FROM indicator WHERE id = ?1", [*id])?;
        }
        Edit::PutProcurement(p) => {
            tx.execute(
                "INSERT INTO procurement (id, unit_id, name, fund_source, total_fen, goods_fen, works_fen, services_fen)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                 ON CONFLICT(id) DO UPDATE SET unit_id=excluded.unit_id, name=excluded.name,
                    fund_source=excluded.fund_source, total_fen=excluded.total_fen, goods_fen=excluded.goods_fen,
                    works_fen=excluded.works_fen, services_fen=excluded.services_fen",
                params![new_id(p.id), p.unit_id, p.name, p.fund_source.label(), p.total.fen(),
                        p.goods.fen(), p.works.fen(), p.services.fen()],
            )?;
            if p.id == 0 {
                p.id = tx.last_insert_rowid();
            }
        }
        Edit::DeleteProcurement(id) => {
            tx.execute("DELETE FROM procurement WHERE id = ?1", [*id])?;
        }
        Edit::SetAsset(a) => {
            tx.execute(
                "INSERT INTO asset (category, owned, to_buy) VALUES (?1, ?2, ?3)
                 ON CONFLICT(category) DO UPDATE SET owned=excluded.owned, to_buy=excluded.to_buy",
                params![a.category.label(), a.owned, a.to_buy],
            )?;
        }
        Edit::SetReason { key, text } => {
            if text.trim().is_empty() {
                tx.execute("DELETE FROM reason WHERE key = ?1", [&*key])?;
            } else {
                tx.execute(
                    "INSERT INTO reason (key, text) VALUES (?1, ?2)
                     ON CONFLICT(key) DO UPDATE SET text=excluded.text",
                    params![&*key, &*text],
                )?;
            }
        }
        Edit::PutRemark(r) => {
            tx.execute(
                "INSERT INTO remark (id, target, author, created, text, resolved)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT(id) DO UPDATE SET target=excluded.target, author=excluded.author,
                    created=excluded.created, text=excluded.text, resolved=excluded.resolved",
                params![
                    new_id(r.id),
                    r.target,
                    r.author,
                    r.created,
                    r.text,
                    r.resolved
                ],
            )?;
            if r.id == 0 {
                r.id = tx.last_insert_rowid();
            }
        }
        Edit::DeleteRemark(id) => {
            tx.execute("DELETE FROM remark WHERE id = ?1", [*id])?;
        }
        Edit::LoadCatalog(c) => {
            write_catalog_kind(tx, c.kind(), Some(c))?;
        }
        Edit::ResetCatalog(kind) => {
            write_catalog_kind(tx, *kind, None)?;
        }
        Edit::Batch(_) => unreachable!("batches are split by apply_one"),
    }
    Ok(edit)
}

fn write_catalog_kind(
    tx: &Transaction,
    kind: CatalogKind,
    c: Option<&LoadedCatalog>,
) -> rusqlite::Result<()> {
    if kind == CatalogKind::Mapping {
        tx.execute("DELETE FROM catalog_mapping", [])?;
    } else {
        tx.execute("DELETE FROM catalog_entry WHERE kind = ?1", [kind.key()])?;
    }
    match c {
        Some(LoadedCatalog::Codes(k, entries)) => {
            let mut st = tx.prepare_cached(
                "INSERT INTO catalog_entry (kind, code, name) VALUES (?1, ?2, ?3)",
            )?;
            for (code, name) in entries {
                st.execute(params![k.key(), code, name])?;
            }
        }
        Some(LoadedCatalog::Mapping(rows)) => {
            let mut st = tx.prepare_cached(
                "INSERT INTO catalog_mapping (dept_code, gov_admin, gov_institution) VALUES (?1, ?2, ?3)",
            )?;
            for (d, a, i) in rows {
                st.execute(params![d, a, i])?;
            }
        }
        None => {}
    }
    Ok(())
}

/// Keeps a vector sorted by id: replaces the record with the same id or inserts it in
/// place. Returns the replaced record.
fn put_sorted<T: Clone>(v: &mut Vec<T>, item: T, id: impl Fn(&T) -> i64) -> Option<T> {
    let key = id(&item);
    match v.binary_search_by_key(&key, &id) {
        Ok(i) => Some(std::mem::replace(&mut v[i], item)),
        Err(i) => {
            v.insert(i, item);
            None
        }
    }
}

fn remove_sorted<T>(v: &mut Vec<T>, key: i64, id: impl Fn(&T) -> i64) -> Option<T> {
    v.binary_search_by_key(&key, id).ok().map(|i| v.remove(i))
}

/// Applies an edit (already checked and stored) to the loaded budget; returns its inverse.
fn apply_memory(b: &mut Budget, edit: Edit) -> Edit {
    match edit {
        Edit::SetDepartment(d) => Edit::SetDepartment(std::mem::replace(&mut b.department, d)),
        Edit::PutUnit(u) => {
            let id = u.id;
            match put_sorted(&mut b.units, u, |u| u.id) {
                Some(old) => Edit::PutUnit(old),
                None => Edit::DeleteUnit(id),
            }
        }
        Edit::DeleteUnit(id) => match remove_sorted(&mut b.units, id, |u| u.id) {
            Some(old) => Edit::PutUnit(old),
            None => Edit::Batch(vec![]),
        },
        Edit::SetIncome(i) => {
            let source = i.source;
            let pos = b.income.iter().position(|x| x.source == source);
            let old = pos.map(|p| b.income[p].clone()).unwrap_or(Income {
                source,
                current: Money::ZERO,
                prior: Money::ZERO,
            });
            let remove = i.current.is_zero() && i.prior.is_zero();
            match (pos, remove) {
                (Some(p), true) => {
                    b.income.remove(p);
                }
                (Some(p), false) => b.income[p] = i,
                (None, true) => {}
                (None, false) => {
                    b.income.push(i);
                    b.income.sort_by_key(|x| x.source);
                }
            }
            Edit::SetIncome(old)
        }
        Edit::PutLines(lines) => {
            let mut olds = Vec::new();
            let mut news = Vec::new();
            for l in lines {
                let id = l.id;
                // A line lives in one of the two lists, by whether it is complete.
                let (to, other) = if l.is_complete() {
                    (&mut b.lines, &mut b.incomplete_lines)
                } else {
                    (&mut b.incomplete_lines, &mut b.lines)
                };
                let moved = remove_sorted(other, id, |l| l.id);
                match put_sorted(to, l, |l| l.id).or(moved) {
                    Some(old) => olds.push(old),
                    None => news.push(id),
                }
            }
            match (olds.is_empty(), news.is_empty()) {
                (true, _) => Edit::DeleteLines(news),
                (false, true) => Edit::PutLines(olds),
                (false, false) => Edit::Batch(vec![Edit::DeleteLines(news), Edit::PutLines(olds)]),
            }
        }
        Edit::DeleteLines(ids) => {
            let olds: Vec<Line> = ids
                .iter()
                .filter_map(|id| {
                    remove_sorted(&mut b.lines, *id, |l| l.id)
                        .or_else(|| remove_sorted(&mut b.incomplete_lines, *id, |l| l.id))
                })
                .collect();
            Edit::PutLines(olds)
        }
        Edit::SetPriorFunction(p) => {
            let pos = b
                .prior_functions
                .iter()
                .position(|x| x.func_code == p.func_code && x.nature == p.nature);
            let old = PriorFunction {
                amount: pos.map(|i| b.prior_functions[i].amount).unwrap_or_default(),
                ..p.clone()
            };
            match (pos, p.amount.is_zero()) {
                (Some(i), true) => {
                    b.prior_functions.remove(i);
                }
                (Some(i), false) => b.prior_functions[i] = p,
                (None, true) => {}
                (None, false) => {
                    b.prior_functions.push(p);
                    b.prior_functions
                        .sort_by(|a, c| (&a.func_code, a.nature).cmp(&(&c.func_code, c.nature)));
                }
            }
            Edit::SetPriorFunction(old)
        }
        Edit::SetPriorItem(item, m) => {
            let old = b.prior_items.insert(item, m).unwrap_or_default();
            Edit::SetPriorItem(item, old)
        }
        Edit::PutProject(p) => {
            let id = p.id;
            match put_sorted(&mut b.projects, p, |p| p.id) {
                Some(old) => Edit::PutProject(old),
                None => Edit::DeleteProject(id),
            }
        }
        Edit::DeleteProject(id) => {
            let Some(old) = remove_sorted(&mut b.projects, id, |p| p.id) else {
                return Edit::Batch(vec![]);
            };
            let mut restore = vec![Edit::PutProject(old)];
            let (gone, keep): (Vec<Indicator>, Vec<Indicator>) = std::mem::take(&mut b.indicators)
                .into_iter()
                .partition(|i| i.project_id == Some(id));
            b.indicators = keep;
            restore.extend(gone.into_iter().map(Edit::PutIndicator));
            Edit::Batch(restore)
        }
        Edit::PutIndicator(i) => {
            let id = i.id;
            match put_sorted(&mut b.indicators, i, |i| i.id) {
                Some(old) => Edit::PutIndicator(old),
                None => Edit::DeleteIndicator(id),
            }
        }
        Edit::DeleteIndicator(id) => match remove_sorted(&mut b.indicators, id, |i| i.id) {
            Some(old) => Edit::PutIndicator(old),
            None => Edit::Batch(vec![]),
        },
        Edit::PutProcurement(p) => {
            let id = p.id;
            match put_sorted(&mut b.procurement, p, |p| p.id) {
                Some(old) => Edit::PutProcurement(old),
                None => Edit::DeleteProcurement(id),
            }
        }
        Edit::DeleteProcurement(id) => match remove_sorted(&mut b.procurement, id, |p| p.id) {
            Some(old) => Edit::PutProcurement(old),
            None => Edit::Batch(vec![]),
        },
        Edit::SetAsset(a) => {
            let pos = b.assets.iter().position(|x| x.category == a.category);
            let old = pos.map(|i| b.assets[i].clone()).unwrap_or(Asset {
                category: a.category,
                owned: 0,
                to_buy: 0,
            });
            match pos {
                Some(i) => b.assets[i] = a,
                None => {
                    b.assets.push(a);
                    b.assets.sort_by_key(|x| x.category);
                }
            }
            Edit::SetAsset(old)
        }
        Edit::PutRemark(r) => {
            let id = r.id;
            match put_sorted(&mut b.remarks, r, |r| r.id) {
                Some(old) => Edit::PutRemark(old),
                None => Edit::DeleteRemark(id),
            }
        }
        Edit::DeleteRemark(id) => match remove_sorted(&mut b.remarks, id, |r| r.id) {
            Some(old) => Edit::PutRemark(old),
            None => Edit::Batch(vec![]),
        },
        Edit::SetReason { key, text } => {
            let old = if text.trim().is_empty() {
                b.reasons.remove(&key)
            } else {
                b.reasons.insert(key.clone(), text)
            };
            Edit::SetReason {
                key,
                text: old.unwrap_or_default(),
            }
        }
        Edit::LoadCatalog(c) => {
            let kind = c.kind();
            let old = take_loaded(b, kind);
            b.loaded_catalogs.push(c);
            b.loaded_catalogs.sort_by_key(|c| c.kind());
            b.refresh_catalog();
            old.map(Edit::LoadCatalog)
                .unwrap_or(Edit::ResetCatalog(kind))
        }
        Edit::ResetCatalog(kind) => {
            let old = take_loaded(b, kind);
            b.refresh_catalog();
            old.map(Edit::LoadCatalog)
                .unwrap_or(Edit::ResetCatalog(kind))
        }
        Edit::Batch(edits) => {
            let mut inv: Vec<Edit> = edits.into_iter().map(|e| apply_memory(b, e)).collect();
            inv.reverse();
            Edit::Batch(inv)
        }
    }
}

fn take_loaded(b: &mut Budget, kind: CatalogKind) -> Option<LoadedCatalog> {
    let pos = b.loaded_catalogs.iter().position(|c| c.kind() == kind)?;
    Some(b.loaded_catalogs.remove(pos))
}

// ---------------------------------------------------------------------------------------
// Loading.

fn bad(what: &str, value: &str) -> StoreError {
    StoreError::Damaged(format!("{what}“{value}”无效"))
}

/// An amount read from a file, refused when outside what the program ever stores.
fn fen_in_range(fen: i64, what: &str) -> Result<Money> {
    if (0..=crate::money::MAX_YUAN * 100 + 99).contains(&fen) {
        Ok(Money::from_fen(fen))
    } else {
        Err(StoreError::Damaged(format!(
            "{what}的金额超出范围（{fen} 分）"
        )))
    }
}

fn parse_enum<T>(value: String, what: &str, f: fn(&str) -> Option<T>) -> Result<T> {
    f(&value).ok_or_else(|| bad(what, &value))
}

fn load(conn: &Connection) -> Result<Budget> {
    let q = |e: rusqlite::Error| db_err(e);
    let department = conn
        .query_row(
            "SELECT code, name, year, region, duties, composition, divisions, contact_name, contact_phone, goal
             FROM department WHERE id = 1",
            [],
            |r| {
                Ok(Department {
                    code: r.get(0)?,
                    name: r.get(1)?,
                    year: r.get(2)?,
                    region: r.get(3)?,
                    duties: r.get(4)?,
                    composition: r.get(5)?,
                    divisions: r.get(6)?,
                    contact_name: r.get(7)?,
                    contact_phone: r.get(8)?,
                    goal: r.get(9)?,
                })
            },
        )
        .optional()
        .map_err(q)?
        .ok_or_else(|| StoreError::Damaged("缺少部门信息".into()))?;
    let mut b = Budget {
        department,
        ..Budget::default()
    };

    let mut st = conn
        .prepare("SELECT id, code, name, kind, short_name FROM unit ORDER BY id")
        .map_err(q)?;
    let rows = st
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get::<_, String>(3)?,
                r.get(4)?,
            ))
        })
        .map_err(q)?;
    for row in rows {
        let (id, code, name, kind, short_name) = row.map_err(q)?;
        let kind = parse_enum(kind, "单位类型", UnitKind::parse)?;
        b.units.push(Unit {
            id,
            code,
            name,
            kind,
            short_name,
        });
    }

    let mut st = conn
        .prepare("SELECT source, current_fen, prior_fen FROM income")
        .map_err(q)?;
    let rows = st
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get(1)?, r.get(2)?)))
        .map_err(q)?;
    for row in rows {
        let (source, cur, prior) = row.map_err(q)?;
        b.income.push(Income {
            source: parse_enum(source, "资金来源", FundSource::parse)?,
            current: fen_in_range(cur, "收入")?,
            prior: fen_in_range(prior, "上年收入")?,
        });
    }
    b.income.sort_by_key(|i| i.source);

    let mut st = conn
        .prepare(
            "SELECT id, code, name, unit_id, kind, competent_dept, overview, basis, goal,
                budget_fen, district_fen, township_fen FROM project ORDER BY id",
        )
        .map_err(q)?;
    let rows = st
        .query_map([], |r| {
            Ok((
                Project {
                    id: r.get(0)?,
                    code: r.get(1)?,
                    name: r.get(2)?,
                    unit_id: r.get(3)?,
                    kind: ProjectKind::General,
                    competent_dept: r.get(5)?,
                    overview: r.get(6)?,
                    basis: r.get(7)?,
                    goal: r.get(8)?,
                    budget: Money::from_fen(r.get(9)?),
                    district: Money::from_fen(r.get(10)?),
                    township: Money::from_fen(r.get(11)?),
                },
                r.get::<_, String>(4)?,
            ))
        })
        .map_err(q)?;
    for row in rows {
        let (mut p, kind) = row.map_err(q)?;
        p.kind = parse_enum(kind, "项目类别", ProjectKind::parse)?;
        for m in [p.budget, p.district, p.township] {
            fen_in_range(m.fen(), &format!("项目“{}”", p.name))?;
        }
        b.projects.push(p);
    }

    let mut st = conn
        .prepare(
            "SELECT id, unit_id, func_code, dept_econ, gov_econ_override, nature, project_id, fund_source,
                amount_fen, remark, cost_class, seq FROM line ORDER BY id",
        )
        .map_err(q)?;
    let rows = st
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, Option<i64>>(6)?,
                r.get::<_, String>(7)?,
                r.get::<_, i64>(8)?,
                r.get::<_, String>(9)?,
                r.get::<_, Option<String>>(10)?,
                r.get::<_, i64>(11)?,
            ))
        })
        .map_err(q)?;
    b.lines.reserve(1024);
    for row in rows {
        let (
            id,
            unit_id,
            func_code,
            dept_econ,
            gov,
            nature,
            project_id,
            source,
            fen,
            remark,
            cost,
            seq,
        ) = row.map_err(q)?;
        let line = Line {
            id,
            unit_id,
            func_code,
            dept_econ,
            gov_econ_override: gov,
            nature: parse_enum(nature, "支出性质", Nature::parse)?,
            cost_class_override: match cost {
                Some(c) => Some(parse_enum(c, "人员/公用经费", CostClass::parse)?),
                None => None,
            },
            project_id,
            fund_source: parse_enum(source, "资金来源", FundSource::parse)?,
            amount: fen_in_range(fen, &format!("支出明细 #{id} "))?,
            remark,
            seq,
        };
        if line.is_complete() {
            b.lines.push(line);
        } else {
            b.incomplete_lines.push(line);
        }
    }

    let mut st = conn
        .prepare(
            "SELECT func_code, nature, amount_fen FROM prior_function ORDER BY func_code, nature",
        )
        .map_err(q)?;
    let rows = st
        .query_map([], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get(2)?))
        })
        .map_err(q)?;
    for row in rows {
        let (func_code, nature, fen) = row.map_err(q)?;
        b.prior_functions.push(PriorFunction {
            func_code,
            nature: parse_enum(nature, "支出性质", Nature::parse)?,
            amount: fen_in_range(fen, "上年数")?,
        });
    }
    b.prior_functions
        .sort_by(|a, c| (&a.func_code, a.nature).cmp(&(&c.func_code, c.nature)));

    let mut st = conn
        .prepare("SELECT item, amount_fen FROM prior_item")
        .map_err(q)?;
    let rows = st
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get(1)?)))
        .map_err(q)?;
    for row in rows {
        let (item, fen) = row.map_err(q)?;
        b.prior_items.insert(
            parse_enum(item, "上年数项目", PriorItem::parse)?,
            fen_in_range(fen, "上年数")?,
        );
    }

    let mut st = conn
        .prepare("SELECT id, project_id, level1, level2, name, weight, unit, op, value, core FROM indicator ORDER BY id")
        .map_err(q)?;
    let rows = st
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, Option<i64>>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, String>(6)?,
                r.get::<_, String>(7)?,
                r.get::<_, String>(8)?,
                r.get::<_, bool>(9)?,
            ))
        })
        .map_err(q)?;
    for row in rows {
        let (id, project_id, level1, level2, name, weight, unit, op, value, core) =
            row.map_err(q)?;
        b.indicators.push(Indicator {
            id,
            project_id,
            level1,
            level2,
            name,
            weight: Decimal::from_str(&weight).map_err(|_| bad("指标权重", &weight))?,
            unit,
            op: parse_enum(op, "指标性质", IndicatorOp::parse)?,
            value,
            core,
        });
    }

    let mut st = conn
        .prepare(
            "SELECT id, unit_id, name, fund_source, total_fen, goods_fen, works_fen, services_fen
             FROM procurement ORDER BY id",
        )
        .map_err(q)?;
    let rows = st
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, i64>(4)?,
                r.get::<_, i64>(5)?,
                r.get::<_, i64>(6)?,
                r.get::<_, i64>(7)?,
            ))
        })
        .map_err(q)?;
    for row in rows {
        let (id, unit_id, name, source, t, g, w, s) = row.map_err(q)?;
        b.procurement.push(Procurement {
            id,
            unit_id,
            name,
            fund_source: parse_enum(source, "资金来源", FundSource::parse)?,
            total: fen_in_range(t, "政府采购")?,
            goods: fen_in_range(g, "政府采购")?,
            works: fen_in_range(w, "政府采购")?,
            services: fen_in_range(s, "政府采购")?,
        });
    }

    let mut st = conn
        .prepare("SELECT category, owned, to_buy FROM asset")
        .map_err(q)?;
    let rows = st
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get(1)?, r.get(2)?)))
        .map_err(q)?;
    for row in rows {
        let (cat, owned, to_buy) = row.map_err(q)?;
        b.assets.push(Asset {
            category: parse_enum(cat, "资产类别", AssetCategory::parse)?,
            owned,
            to_buy,
        });
    }
    b.assets.sort_by_key(|a| a.category);

    let mut st = conn
        .prepare("SELECT id, target, author, created, text, resolved FROM remark ORDER BY id")
        .map_err(q)?;
    let rows = st
        .query_map([], |r| {
            Ok(Remark {
                id: r.get(0)?,
                target: r.get(1)?,
                author: r.get(2)?,
                created: r.get(3)?,
                text: r.get(4)?,
                resolved: r.get(5)?,
            })
        })
        .map_err(q)?;
    for row in rows {
        b.remarks.push(row.map_err(q)?);
    }

    let mut st = conn.prepare("SELECT key, text FROM reason").map_err(q)?;
    let rows = st
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
        .map_err(q)?;
    for row in rows {
        let (k, t) = row.map_err(q)?;
        b.reasons.insert(k, t);
    }

    for kind in [
        CatalogKind::Function,
        CatalogKind::DeptEconomic,
        CatalogKind::GovEconomic,
    ] {
        let mut st = conn
            .prepare("SELECT code, name FROM catalog_entry WHERE kind = ?1 ORDER BY code")
            .map_err(q)?;
        let entries: Vec<(String, String)> = st
            .query_map([kind.key()], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(q)?
            .collect::<rusqlite::Result<_>>()
            .map_err(q)?;
        if !entries.is_empty() {
            b.loaded_catalogs.push(LoadedCatalog::Codes(kind, entries));
        }
    }
    let mut st = conn
        .prepare(
            "SELECT dept_code, gov_admin, gov_institution FROM catalog_mapping ORDER BY dept_code",
        )
        .map_err(q)?;
    let rows: Vec<(String, String, String)> = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .map_err(q)?
        .collect::<rusqlite::Result<_>>()
        .map_err(q)?;
    if !rows.is_empty() {
        b.loaded_catalogs.push(LoadedCatalog::Mapping(rows));
    }
    b.refresh_catalog();
    Ok(b)
}
