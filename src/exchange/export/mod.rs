//! What the department publishes, written to files.

pub mod charts;
pub mod csv;
pub mod docx;
pub mod pdf;
pub mod svg;
pub mod xlsx;

use crate::engine::model::Budget;
use std::io::Write;
use std::path::Path;

/// The mark a budget with 错误 carries on every page and sheet of what is exported from
/// it: `草稿（尚有 3 个错误）`; none when the checks find no error.
pub fn draft_mark(b: &Budget) -> Option<String> {
    let errors = crate::engine::derived::Derived::of(b).errors;
    (errors > 0).then(|| format!("草稿（尚有 {errors} 个错误）"))
}

/// Writes a whole file or nothing: the bytes go to a temporary file beside the target,
/// which then takes the target's name. A reader never sees half a file, and a failed
/// export leaves an earlier file of that name as it was.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let fail = |e: std::io::Error| {
        let why = match e.kind() {
            std::io::ErrorKind::NotFound => "所在文件夹不存在".to_string(),
            std::io::ErrorKind::PermissionDenied => "没有写入权限".to_string(),
            _ => crate::engine::base::system::io_reason(&e),
        };
        format!("无法写入 {}：{why}", path.display())
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".yusuan-export-")
        .tempfile_in(dir)
        .map_err(fail)?;
    tmp.write_all(bytes).map_err(fail)?;
    tmp.as_file().sync_all().map_err(fail)?;
    // A temporary file is private (0600); an export is an ordinary file, or keeps the
    // permissions of the file it replaces.
    crate::engine::base::platform::ordinary_permissions(tmp.as_file(), path).map_err(fail)?;
    tmp.persist(path).map_err(|e| fail(e.error))?;
    Ok(())
}
