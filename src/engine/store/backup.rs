//! Backups kept beside a budget file, before a migration or an import, and restoring
//! the newest.

use super::{Access, Result, Store, StoreError};
use rusqlite::Connection;
use std::path::{Path, PathBuf};

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
    // `{stamp}-v{version}.db`, then `-v{version}-2.db`, … within one minute: by time, then
    // by version (a migration's copy is of the older one), then by that count (a name's
    // own order puts `-2` before the first).
    let order = |p: &PathBuf| {
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        let rest = name[prefix.len().min(name.len())..].trim_end_matches(".db");
        let (stamp, after) = rest.rsplit_once("-v").unwrap_or((rest, ""));
        let (version, n) = after.split_once('-').unwrap_or((after, "1"));
        let number = |t: &str| t.parse::<u32>().unwrap_or(0);
        (stamp.to_string(), number(version), number(n))
    };
    found.sort_by_key(|p| std::cmp::Reverse(order(p)));
    found
}

/// How many backups of one file are kept.
const KEEP_BACKUPS: usize = 5;

/// Keeps a complete copy of the budget beside it (before a migration or an import), and
/// prunes old ones. Returns the copy's path.
pub fn backup(conn: &Connection, path: &Path, version: i64) -> Result<PathBuf> {
    let stamp = crate::engine::base::clock::now_beijing()
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
        let why = match super::db_err(e) {
            StoreError::Io(why) => why,
            other => other.to_string(),
        };
        StoreError::Refused(format!("无法保存备份副本：{why}"))
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
    std::fs::copy(from, &tmp).map_err(|e| StoreError::io(&e))?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        StoreError::io(&e)
    })
}
