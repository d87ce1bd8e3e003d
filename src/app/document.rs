//! An open budget as the editor sees it: the store (the one gate for edits), the history
//! of undoable steps, and what is derived from the budget (tables, findings, totals),
//! brought up to date after every change (only what the change touched is derived
//! again) so that everything shown is current in the same frame.

use crate::app::lock::{FileLock, LockState};
use crate::engine::edit::Edit;
use crate::engine::edit::Touched;
use crate::engine::model::{Budget, Remark};
use crate::engine::store::{Access, Store, StoreError};
use std::path::{Path, PathBuf};

use crate::engine::derived::Derived;

/// One undoable step: its description and the edit that undoes (or redoes) it.
#[derive(Clone, Debug)]
struct Step {
    label: String,
    edit: Edit,
}

/// What another program changed in the file an editor holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outside {
    Nothing,
    /// Only remarks (批注): the undo history still fits.
    Remarks,
    /// The budget's records: the undo history is let go.
    Records,
}

/// Revisions are numbered across documents, so that a view's cache of one document is
/// never taken for another's (a file reopened has new revisions).
static REVISIONS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

fn next_revision() -> u64 {
    REVISIONS.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

pub struct Document {
    store: Store,
    undo: Vec<Step>,
    redo: Vec<Step>,
    derived: Derived,
    /// Changes whenever the budget does, so that views can tell when to refresh caches.
    revision: u64,
    /// Held while the file is open for editing.
    _lock: Option<FileLock>,
    /// Review mode was asked for (not forced by another editor or the file).
    wanted_read_only: bool,
    /// The file as it was when read: a review window reloads when it changes.
    signature: Option<FileSignature>,
    /// The file's `data_version` when last read: another program's change moves it.
    data_version: Option<i64>,
}

/// What tells that a file changed: SQLite's file change counter (bumped by every
/// transaction that writes), its length and its modification time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FileSignature {
    counter: u32,
    len: u64,
    modified: Option<std::time::SystemTime>,
}

impl FileSignature {
    pub fn of(path: &Path) -> Option<FileSignature> {
        use std::io::Read;
        let meta = std::fs::metadata(path).ok()?;
        let mut head = [0u8; 28];
        std::fs::File::open(path).ok()?.read_exact(&mut head).ok()?;
        Some(FileSignature {
            counter: u32::from_be_bytes([head[24], head[25], head[26], head[27]]),
            len: meta.len(),
            modified: meta.modified().ok(),
        })
    }
}

impl Document {
    /// Opens a file for editing, or for review when asked, when another yusuan holds it,
    /// or when it cannot be written. The reason for review mode is in
    /// [`Document::read_only_reason`].
    pub fn open(path: &Path, want_read_only: bool) -> Result<Document, StoreError> {
        if want_read_only {
            let mut d = Document::open_read_only(path, "按要求以只读方式打开（审阅模式）")?;
            d.wanted_read_only = true;
            return Ok(d);
        }
        if !path.exists() {
            return Err(StoreError::NotFound(path.to_path_buf()));
        }
        if let Err(why) = writable(path) {
            return Document::open_read_only(path, &why);
        }
        match FileLock::acquire(path) {
            LockState::Acquired(lock) => {
                let store = match Store::open(path, Access::ReadWrite) {
                    Ok(s) => s,
                    Err(StoreError::NewerVersion { found, supported }) => {
                        let why = format!(
                            "此文件由更新版本的 yusuan 写入（格式版本 {found}，本程序支持到 {supported}），只能查看"
                        );
                        return Document::open_read_only(path, &why);
                    }
                    Err(StoreError::ReadOnly(why)) => return Document::open_read_only(path, &why),
                    Err(e) => return Err(e),
                };
                Ok(Document::with_store(store, Some(lock)))
            }
            LockState::HeldBy(holder) => Document::open_read_only(
                path,
                &format!(
                    "此文件正由 {holder} 编辑，为免冲突，本窗口以只读方式打开；文件改动后自动刷新"
                ),
            ),
            LockState::Unavailable(why) => Document::open_read_only(path, &why),
        }
    }

    fn open_read_only(path: &Path, why: &str) -> Result<Document, StoreError> {
        let store = Store::open(path, Access::ReadOnly)?.with_read_only_reason(why);
        Ok(Document::with_store(store, None))
    }

    /// Creates a new budget file and opens it for editing.
    pub fn create(path: &Path, budget: &Budget) -> Result<Document, StoreError> {
        drop(Store::create(path, budget)?);
        Document::open(path, false)
    }

    fn with_store(store: Store, lock: Option<FileLock>) -> Document {
        let derived = Derived::of(store.budget());
        let signature = FileSignature::of(store.path());
        let data_version = if store.read_only_reason().is_none() {
            store.data_version().ok()
        } else {
            None
        };
        Document {
            data_version,
            store,
            undo: Vec::new(),
            redo: Vec::new(),
            derived,
            revision: next_revision(),
            _lock: lock,
            wanted_read_only: false,
            signature,
        }
    }

    /// Whether the file changed on disk since it was read (another yusuan stored an edit).
    pub fn changed_on_disk(&self) -> bool {
        FileSignature::of(self.path()) != self.signature
    }

    /// Reads the file again. A review stays a review; a window that was put in review
    /// mode because another yusuan held the file opens it for editing when `allow_edit`
    /// and the file is free, and otherwise says who holds it now.
    pub fn reopen(&self, allow_edit: bool) -> Result<Document, StoreError> {
        let path = self.path().to_path_buf();
        if self.wanted_read_only {
            return Document::open(&path, true);
        }
        if allow_edit {
            return Document::open(&path, false);
        }
        let why = match FileLock::acquire(&path) {
            LockState::HeldBy(holder) => {
                format!(
                    "此文件正由 {holder} 编辑，为免冲突，本窗口以只读方式打开；文件改动后自动刷新"
                )
            }
            LockState::Acquired(lock) => {
                drop(lock);
                "编辑此文件的窗口已关闭；按 F5 重新载入即可编辑".to_string()
            }
            LockState::Unavailable(why) => why,
        };
        Document::open_read_only(&path, &why)
    }

    pub fn budget(&self) -> &Budget {
        self.store.budget()
    }

    pub fn derived(&self) -> &Derived {
        &self.derived
    }

    pub fn path(&self) -> &Path {
        self.store.path()
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn read_only_reason(&self) -> Option<&str> {
        self.store.read_only_reason()
    }

    pub fn is_read_only(&self) -> bool {
        self.read_only_reason().is_some()
    }

    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Loads what another program wrote to the file since it was read (a reviewer's
    /// remark from another window, a change by a script): the budget is read again. A
    /// remark leaves the records, and so the undo history, as they were; any other change
    /// lets the history go (it may no longer fit). Whether there was anything.
    pub fn pick_up_outside_changes(&mut self) -> Result<bool, StoreError> {
        Ok(self.outside_changes()? != Outside::Nothing)
    }

    /// What another program changed in the file since it was read, loaded.
    pub fn outside_changes(&mut self) -> Result<Outside, StoreError> {
        let Some(seen) = self.data_version else {
            return Ok(Outside::Nothing);
        };
        let now = self.store.data_version()?;
        if now == seen {
            return Ok(Outside::Nothing);
        }
        let records = self.store.reload_changed_records()?;
        self.data_version = Some(now);
        if !records {
            // Remarks are not part of the budget: nothing derived from it changes.
            self.revision = next_revision();
            self.signature = FileSignature::of(self.path());
            return Ok(Outside::Remarks);
        }
        self.undo.clear();
        self.redo.clear();
        self.changed(&Touched::all());
        Ok(Outside::Records)
    }

    /// Makes a change as one undoable step. Nothing is stored when it is refused.
    pub fn apply(&mut self, edit: Edit) -> Result<(), StoreError> {
        // An edit is made against what the window shows: if another program changed the
        // file meanwhile, its change is loaded and the edit refused, never written over it
        // (a remark written meanwhile changes nothing the edit is made against).
        if self.outside_changes()? == Outside::Records {
            return Err(outside_change());
        }
        let label = edit.describe();
        let inverse = self.store.apply(edit)?;
        let touched = Touched::of_inverse(&inverse);
        self.undo.push(Step {
            label,
            edit: inverse,
        });
        self.redo.clear();
        self.changed(&touched);
        Ok(())
    }

    /// Makes a change as one undoable step after keeping a backup copy of the file (an
    /// operation that brings data in wholesale: `app::ops`); the copy kept.
    pub fn apply_backed_up(&mut self, edit: Edit) -> Result<PathBuf, StoreError> {
        if self.outside_changes()? == Outside::Records {
            return Err(outside_change());
        }
        let kept = self.store.backup_now()?;
        self.apply(edit)?;
        Ok(kept)
    }

    /// Undoes the last step; returns its description.
    pub fn undo(&mut self) -> Result<Option<String>, StoreError> {
        if self.outside_changes()? == Outside::Records {
            return Err(outside_change());
        }
        let Some(step) = self.undo.pop() else {
            return Ok(None);
        };
        match self.store.apply(step.edit.clone()) {
            Ok(inverse) => {
                let touched = Touched::of_inverse(&inverse);
                self.redo.push(Step {
                    label: step.label.clone(),
                    edit: inverse,
                });
                self.changed(&touched);
                Ok(Some(step.label))
            }
            Err(e) => {
                self.undo.push(step);
                Err(e)
            }
        }
    }

    /// Redoes the last undone step; returns its description.
    pub fn redo(&mut self) -> Result<Option<String>, StoreError> {
        if self.outside_changes()? == Outside::Records {
            return Err(outside_change());
        }
        let Some(step) = self.redo.pop() else {
            return Ok(None);
        };
        match self.store.apply(step.edit.clone()) {
            Ok(inverse) => {
                let touched = Touched::of_inverse(&inverse);
                self.undo.push(Step {
                    label: step.label.clone(),
                    edit: inverse,
                });
                self.changed(&touched);
                Ok(Some(step.label))
            }
            Err(e) => {
                self.redo.push(step);
                Err(e)
            }
        }
    }

    /// Adds a remark (批注) at a place, signed by `author`; also in review mode. Remarks
    /// are annotations, not part of the budget: they stay out of the undo history and do
    /// not change the derived tables.
    pub fn add_remark(
        &mut self,
        place: &crate::engine::records::place::Place,
        author: &str,
        text: &str,
    ) -> Result<(), StoreError> {
        self.pick_up_outside_changes()?;
        let remark = crate::engine::model::Remark {
            id: 0,
            target: place.to_key(),
            author: author.trim().to_string(),
            created: crate::engine::base::clock::now_beijing(),
            text: text.trim().to_string(),
            resolved: false,
        };
        self.store.apply_remark(Edit::put(remark))?;
        self.revision = next_revision();
        self.signature = FileSignature::of(self.path());
        Ok(())
    }

    /// Marks a remark resolved or open again.
    pub fn set_remark_resolved(&mut self, id: i64, resolved: bool) -> Result<(), StoreError> {
        self.pick_up_outside_changes()?;
        let Some(mut r) = self.budget().remarks.iter().find(|r| r.id == id).cloned() else {
            return Ok(());
        };
        r.resolved = resolved;
        self.store.apply_remark(Edit::put(r))?;
        self.revision = next_revision();
        self.signature = FileSignature::of(self.path());
        Ok(())
    }

    pub fn delete_remark(&mut self, id: i64) -> Result<(), StoreError> {
        self.pick_up_outside_changes()?;
        self.store.apply_remark(Edit::delete::<Remark>(id))?;
        self.revision = next_revision();
        self.signature = FileSignature::of(self.path());
        Ok(())
    }

    /// The edit the next undo applies.
    pub fn undo_edit(&self) -> Option<&Edit> {
        self.undo.last().map(|s| &s.edit)
    }

    /// The edit the next redo applies.
    pub fn redo_edit(&self) -> Option<&Edit> {
        self.redo.last().map(|s| &s.edit)
    }

    pub fn undo_label(&self) -> Option<&str> {
        self.undo.last().map(|s| s.label.as_str())
    }

    pub fn redo_label(&self) -> Option<&str> {
        self.redo.last().map(|s| s.label.as_str())
    }

    /// Writes a copy of the budget to another file (另存为); the copy is complete and
    /// self-contained. The document stays on its own file.
    pub fn save_copy(&self, to: &Path) -> Result<(), StoreError> {
        self.store.save_copy(to)
    }

    fn changed(&mut self, touched: &Touched) {
        self.derived.update(self.store.budget(), touched);
        self.revision = next_revision();
    }
}

/// The refusal of an edit, undo or redo made while another program had changed the file.
fn outside_change() -> StoreError {
    StoreError::Refused(
        "文件刚被另一个程序修改，已载入最新内容（撤销记录已清空）；请在最新内容上重新操作".into(),
    )
}

/// Whether the file can be opened for writing (without changing it).
fn writable(path: &Path) -> Result<(), String> {
    match std::fs::OpenOptions::new().append(true).open(path) {
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
            return Err("文件不可写（只读文件或没有写入权限），以只读方式打开".into());
        }
        Err(e) => {
            return Err(format!(
                "文件无法写入（{}），以只读方式打开",
                crate::engine::base::system::io_reason(&e)
            ));
        }
    }
    // SQLite writes its journal beside the file: the folder must be writable too.
    let dir = path
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    let probe = dir.join(format!(".yusuan-probe-{}", std::process::id()));
    match std::fs::File::create(&probe) {
        Ok(_) => {
            let _ = std::fs::remove_file(&probe);
            Ok(())
        }
        Err(_) => Err("文件所在文件夹不可写，以只读方式打开".into()),
    }
}
