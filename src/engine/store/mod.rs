//! One SQLite file per budget. Every edit passes through [`Store::apply`]: it is checked,
//! written in one transaction that is durable when the call returns, mirrored in the
//! loaded [`Budget`], and answered with the edit that undoes it. The file is
//! self-contained after every commit (rollback journal, deleted at commit: no `-wal` or
//! journal file is needed to read it), so a copy taken right after an edit holds it.

mod backup;
mod load;
mod open;
mod records;
pub mod schema;
mod write;

pub use backup::{backup, backup_prefix, backups, restore_backup};
use load::load;
use open::{
    change_counter, check_file, configure, migrate, recover_in_copy, verify_schema, version_of,
};
use write::{apply_memory, apply_one, write_sql};

use crate::engine::edit::Edit;
use crate::engine::model::*;
use crate::engine::records::Kind;
use crate::engine::records::registry::{KindFn, KindId, Record};
use crate::engine::staffing;
use rusqlite::{Connection, OpenFlags};
use std::fmt;
use std::path::{Path, PathBuf};

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

impl StoreError {
    /// A file-system failure, in words a user reads.
    pub fn io(e: &std::io::Error) -> StoreError {
        StoreError::Io(crate::engine::base::system::io_reason(e))
    }
}

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
        Some(ConstraintViolation) => StoreError::Refused(constraint_reason(&e)),
        Some(SystemIoFailure) => StoreError::Io(io_reason(&e).into()),
        Some(OutOfMemory) => StoreError::Io("内存不足".into()),
        Some(_) => StoreError::Damaged(format!(
            "SQLite 报告错误（代码 {}）",
            e.sqlite_error().map_or(0, |x| x.extended_code)
        )),
        None => StoreError::Damaged(value_reason(&e)),
    }
}

/// What an I/O failure SQLite reports was, by its extended code.
fn io_reason(e: &rusqlite::Error) -> &'static str {
    match e.sqlite_error().map_or(0, |x| x.extended_code) {
        // SQLITE_IOERR_WRITE, _FSYNC, _TRUNCATE, _DIR_FSYNC
        778 | 1034 | 1546 | 1290 => {
            "写入磁盘失败（磁盘可能已满、文件超过了大小限制，或存储设备已断开）"
        }
        // SQLITE_IOERR_READ, _SHORT_READ
        266 | 522 => "读取磁盘失败（存储设备可能已断开或损坏）",
        _ => "读写磁盘失败",
    }
}

/// Which rule of the file a refused write broke, in words a user reads (SQLite's own
/// text is English: `CHECK constraint failed: …`).
fn constraint_reason(e: &rusqlite::Error) -> String {
    let text = e.to_string();
    let what = if text.contains("UNIQUE") {
        "有重复的记录（名称或代码已存在）"
    } else if text.contains("FOREIGN KEY") {
        "引用了不存在的记录，或记录仍被其他记录引用"
    } else if text.contains("NOT NULL") {
        "缺少必填的值"
    } else if text.contains("CHECK") {
        "有值不合文件的规则（超出范围或不在可选值中）"
    } else {
        "不合文件的规则"
    };
    format!("违反数据规则：{what}")
}

/// A value read from the file that is not what its column holds, in words a user reads.
fn value_reason(e: &rusqlite::Error) -> String {
    use rusqlite::Error::*;
    match e {
        InvalidColumnType(_, name, ty) => {
            let ty = match ty {
                rusqlite::types::Type::Null => "空值",
                rusqlite::types::Type::Integer => "整数",
                rusqlite::types::Type::Real => "小数",
                rusqlite::types::Type::Text => "文字",
                rusqlite::types::Type::Blob => "二进制数据",
            };
            // The columns read outside the record declarations (catalogs, layout).
            let column = match name.as_str() {
                "name" => "名称",
                "code" | "dept_code" => "科目编码",
                "gov_admin" | "gov_institution" => "政府经济科目",
                "kind" => "目录类别",
                "builtin" => "内置表样",
                "source" => "表样文本",
                _ => "某一项",
            };
            format!("文件中的“{column}”类型不对（是{ty}）")
        }
        FromSqlConversionFailure(_, _, _) | Utf8Error(..) => {
            "有文字不是有效的文字（编码不是 UTF-8）".into()
        }
        IntegralValueOutOfRange(_, _) => "有数值超出范围".into(),
        QueryReturnedNoRows => "缺少应有的记录".into(),
        _ => "读写文件时出错".into(),
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
    /// At least the total of the budget's lines in 分 (exact when it was last added up):
    /// an edit that could take it past the limit of totals has it added up again.
    lines_bound: i128,
}

impl fmt::Debug for Store {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.path)
            .field("read_only", &self.read_only)
            .finish()
    }
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
                lines_bound: 0,
            };
            store.apply(Edit::Batch(edits_to_write(budget)))?;
            Ok::<(), StoreError>(())
        })();
        if let Err(e) = result {
            let _ = std::fs::remove_file(&tmp);
            return Err(e);
        }
        std::fs::rename(&tmp, path).map_err(|e| StoreError::io(&e))?;
        Store::open(path, Access::ReadWrite)
    }

    /// Opens a budget file. For writing, an older file is migrated first (after a backup
    /// copy is kept); a newer one is refused. Nothing is written before the file is known
    /// to be a budget. Read-only opening never changes the file: an older file is migrated
    /// in memory, and a file left mid-transaction by a crash is recovered in a temporary
    /// copy.
    pub fn open(path: &Path, access: Access) -> Result<Store> {
        let meta = std::fs::metadata(path).map_err(|_| StoreError::NotFound(path.to_path_buf()))?;
        if let Some(why) = crate::engine::base::system::not_a_file(&meta) {
            return Err(StoreError::NotABudget(why.into()));
        }
        if meta.len() == 0 {
            return Err(StoreError::NotABudget("文件是空的".into()));
        }
        let mut head = [0u8; 16];
        {
            use std::io::Read;
            let mut f = std::fs::File::open(path).map_err(|e| StoreError::io(&e))?;
            let n = f.read(&mut head).map_err(|e| StoreError::io(&e))?;
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
                let version = check_file(&conn, access, path)?;
                (conn, version, None)
            }
            Access::ReadOnly => {
                let conn =
                    Connection::open_with_flags(path, flags | OpenFlags::SQLITE_OPEN_READ_ONLY)
                        .map_err(db_err)?;
                configure(&conn, false).map_err(db_err)?;
                match check_file(&conn, access, path) {
                    Ok(version) => (conn, version, None),
                    Err(StoreError::HotJournal) => {
                        drop(conn);
                        let (conn, tmp) = recover_in_copy(path)?;
                        let copy = tmp.path().join("budget.db");
                        let version = check_file(&conn, access, &copy)?;
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
        // Every sum of its figures must be exact: a file beyond the limit of totals (made
        // by an older version, or by another program) is refused whole.
        let lines_bound = write::lines_fen(&budget);
        if let Some(why) = write::totals_fault(&budget, lines_bound) {
            return Err(StoreError::Damaged(why));
        }
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            read_only,
            budget,
            lines_bound,
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
            StoreError::io(&e)
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

    /// The next free id of a kind kept by id, for callers that build several related
    /// records in one batch.
    pub fn next_id<R: Kind>(&self) -> i64 {
        1 + R::records(&self.budget)
            .iter()
            .filter_map(Kind::id)
            .max()
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
        // The counter as the transaction starts; its commit moves it on by one.
        let counter = change_counter(&self.path);
        let mut done: Vec<Edit> = Vec::new();
        // What the lines' total may be after the edit; added up exactly only when that
        // could pass the limit (or procurement changes), so that an edit stays cheap.
        let max = i128::from(crate::engine::money::MAX_TOTAL_YUAN) * 100;
        let mut bound = self.lines_bound + write::lines_added_fen(&edit);
        let procurement = write::touches_procurement(&edit);
        let mut exact = None;
        let outcome = apply_one(&tx, &mut self.budget, edit, &mut done)
            .and_then(|inverse| {
                // The lines the roster and the standards compute follow in the same step
                // (and are undone with it).
                let units = staffing::units_to_refresh(&self.budget, &inverse);
                match staffing::refresh(&self.budget, &units) {
                    Some(e) => {
                        bound += write::lines_added_fen(&e);
                        let computed =
                            apply_one(&tx, &mut self.budget, e, &mut done).map_err(|e| match e {
                                StoreError::Refused(why) => refused(format!(
                                    "测算结果不能保存：{why}（请检查人员的工资、人数、月数和测算标准的比例或定额）"
                                )),
                                other => other,
                            })?;
                        Ok(Edit::Batch(vec![computed, inverse]))
                    }
                    None => Ok(inverse),
                }
            })
            .and_then(|inverse| {
                if bound > max || procurement {
                    let lines = write::lines_fen(&self.budget);
                    if let Some(why) = write::totals_fault(&self.budget, lines) {
                        return Err(refused(why));
                    }
                    exact = Some(lines);
                }
                Ok(inverse)
            })
            .and_then(|inverse| {
                if let Some(c) = counter {
                    tx.execute(
                        "INSERT OR REPLACE INTO proven (id, change_counter) VALUES (1, ?1)",
                        [i64::from(c.wrapping_add(1))],
                    )
                    .map_err(db_err)?;
                }
                Ok(inverse)
            });
        match outcome.and_then(|inverse| tx.commit().map_err(db_err).map(|_| inverse)) {
            Ok(inverse) => {
                self.lines_bound = exact.unwrap_or(bound);
                Ok(inverse)
            }
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
    /// A number that changes when another connection (another program) commits a change
    /// to the file: SQLite's `data_version`, unchanged by this store's own writes.
    pub fn data_version(&self) -> Result<i64> {
        self.conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))
            .map_err(db_err)
    }

    /// Reads the budget again from the file, after another program changed it.
    pub fn reload(&mut self) -> Result<()> {
        self.budget = load(&self.conn)?;
        self.lines_bound = write::lines_fen(&self.budget);
        Ok(())
    }

    /// Reads the budget again after another program changed the file; whether anything
    /// but the remarks (批注) changed (a reviewer's remark leaves the records as they were).
    pub fn reload_changed_records(&mut self) -> Result<bool> {
        let mut fresh = load(&self.conn)?;
        let remarks = std::mem::take(&mut fresh.remarks);
        let _old_remarks = std::mem::take(&mut self.budget.remarks);
        let changed = fresh != self.budget;
        fresh.remarks = remarks;
        self.budget = fresh;
        self.lines_bound = write::lines_fen(&self.budget);
        Ok(changed)
    }

    /// Adds, changes or deletes a remark, also in review mode: remarks are the one thing a
    /// reviewer may add. In review mode the remark is written straight into the file
    /// through a short-lived connection (in one transaction, after the file has passed the
    /// usual checks), and the budget as loaded is updated to match.
    pub fn apply_remark(&mut self, edit: Edit) -> Result<Edit> {
        if !edit.is_remark() {
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
        let version = check_file(&file, Access::ReadWrite, &self.path).map_err(fail)?;
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
            write_sql(&mem_tx, Edit::put(r.clone())).map_err(db_err)?;
        }
        mem_tx.commit().map_err(db_err)?;
        Ok(inverse)
    }
}

/// The edits that write a whole budget into an empty file: its department, layout and
/// catalogs, then the records of every kind, in the order they depend on one another.
pub fn edits_to_write(b: &Budget) -> Vec<Edit> {
    struct All<'a>(&'a Budget);
    impl KindFn for All<'_> {
        type Out = Vec<Edit>;
        fn call<R: Kind>(self) -> Vec<Edit> {
            let records = R::records(self.0).into_owned();
            match R::ID {
                KindId::Department => Vec::new(),
                // Lines in one edit (a city has 200,000).
                KindId::Line => vec![Edit::PutLines(
                    records
                        .into_iter()
                        .filter_map(|r| match r.into() {
                            Record::Line(l) => Some(l),
                            _ => None,
                        })
                        .collect(),
                )],
                _ => records.into_iter().map(Edit::put).collect(),
            }
        }
    }
    let mut v = vec![
        Edit::put(b.department.clone()),
        Edit::SetLayout(b.layout.clone()),
    ];
    v.extend(b.loaded_catalogs.iter().cloned().map(Edit::LoadCatalog));
    for kind in KindId::ALL {
        v.extend(kind.visit(All(b)));
    }
    v
}
