//! Who is editing a budget file. A lock file beside the budget (`.NAME.db.yusuan-lock`)
//! holds an operating-system lock for as long as a yusuan edits the file, and says who
//! and since when. The operating system releases the lock when that program ends, even
//! by a crash, so a stale lock file never blocks the next start.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};

/// A held lock; released when dropped.
#[derive(Debug)]
pub struct FileLock {
    file: File,
    path: PathBuf,
}

pub enum LockState {
    Acquired(FileLock),
    /// Another program holds it: who and since when.
    HeldBy(String),
    /// No lock can be taken (read-only folder …): the reason.
    Unavailable(String),
}

pub fn lock_path(db: &Path) -> PathBuf {
    let name = db
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    db.with_file_name(format!(".{name}.yusuan-lock"))
}

impl FileLock {
    pub fn acquire(db: &Path) -> LockState {
        let path = lock_path(db);
        let mut file = match OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
        {
            Ok(f) => f,
            Err(e) => {
                return LockState::Unavailable(format!(
                    "无法建立编辑锁（{}），以只读方式打开",
                    crate::engine::base::system::io_reason(&e)
                ));
            }
        };
        match file.try_lock() {
            Ok(()) => {
                let who = format!(
                    "{}（{}，进程 {}）于 {} 起",
                    user(),
                    host(),
                    std::process::id(),
                    crate::engine::base::clock::now_beijing()
                );
                let _ = file.set_len(0);
                let _ = file.rewind();
                let _ = file.write_all(who.as_bytes());
                let _ = file.sync_all();
                LockState::Acquired(FileLock { file, path })
            }
            Err(TryLockError::WouldBlock) => {
                let mut who = String::new();
                let _ = file.read_to_string(&mut who);
                if who.trim().is_empty() {
                    who = "另一个 yusuan 窗口".into();
                }
                LockState::HeldBy(who.trim().to_string())
            }
            Err(TryLockError::Error(e)) => LockState::Unavailable(format!(
                "无法建立编辑锁（{}），以只读方式打开",
                crate::engine::base::system::io_reason(&e)
            )),
        }
    }
}

impl Drop for FileLock {
    fn drop(&mut self) {
        let _ = self.file.unlock();
        let _ = std::fs::remove_file(&self.path);
    }
}

/// The operating system's name of the user running this program.
pub fn user() -> String {
    crate::engine::base::platform::user_name()
}

fn host() -> String {
    crate::engine::base::platform::host_name()
}
