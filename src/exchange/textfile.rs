//! Files from outside read within limits: a regular file of at most a size per kind,
//! and a text file decoded in the encoding it is in ([`crate::engine::base::text`]).

use crate::engine::base::system::{io_reason, megabytes, not_a_file};
use crate::engine::base::text::{decode_lines, sniff};
use std::io::Read;
use std::path::Path;

/// The most that is read from outside, by kind of file (README, “Limits”). Each is far
/// above what a department's or a city's file holds, and far below what would exhaust a
/// laptop's memory.
pub mod limits {
    const MB: u64 = 1024 * 1024;
    /// An .xlsx workbook as stored (compressed).
    pub const WORKBOOK_BYTES: u64 = 100 * MB;
    /// All the parts of an .xlsx workbook, uncompressed (a zip bomb is refused by it).
    pub const WORKBOOK_PARTS: u64 = 400 * MB;
    /// A CSV file (a million lines of a budget take about 80 MB).
    pub const CSV_BYTES: u64 = 200 * MB;
    /// An official catalog's CSV.
    pub const CATALOG_BYTES: u64 = 20 * MB;
    /// A layout file (表样).
    pub const LAYOUT_BYTES: u64 = MB;
    /// The columns a sheet may span (Excel's own limit is 16,384).
    pub const SHEET_COLUMNS: u32 = 256;
    /// The text of all the cells of one sheet, once read (a GBK CSV grows by half in
    /// UTF-8; a small workbook's cells may all repeat one long shared string).
    pub const CELL_TEXT: u64 = 300 * MB;
}

/// Reads a file from outside whole, after checking that it is a regular file of at most
/// `limit` bytes (`what` names the kind in the message: 导入文件, 表样文件, …). The read
/// itself stops past the limit, for a file that grows while it is read. Every refusal
/// names the file and the fault.
pub fn read_outside(path: &Path, limit: u64, what: &str) -> Result<Vec<u8>, String> {
    let (file, len) = open_outside(path, limit, what)?;
    let mut bytes = Vec::with_capacity(len as usize);
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("无法读取 {}：{}", path.display(), io_reason(&e)))?;
    if bytes.len() as u64 > limit {
        return Err(too_large(path, bytes.len() as u64, limit, what));
    }
    Ok(bytes)
}

/// Opens a file from outside for reading after the same checks as [`read_outside`]; its
/// size as it was.
pub fn open_outside(path: &Path, limit: u64, what: &str) -> Result<(std::fs::File, u64), String> {
    let meta = std::fs::metadata(path)
        .map_err(|e| format!("无法读取 {}：{}", path.display(), io_reason(&e)))?;
    if let Some(why) = not_a_file(&meta) {
        return Err(format!("无法读取 {}：{why}", path.display()));
    }
    if meta.len() > limit {
        return Err(too_large(path, meta.len(), limit, what));
    }
    let file = std::fs::File::open(path)
        .map_err(|e| format!("无法读取 {}：{}", path.display(), io_reason(&e)))?;
    Ok((file, meta.len()))
}

fn too_large(path: &Path, len: u64, limit: u64, what: &str) -> String {
    format!(
        "{} 有 {}，超过{what}的上限 {}：请确认选的是要导入的文件",
        path.display(),
        megabytes(len),
        megabytes(limit)
    )
}

/// A text file from outside (a layout, a catalog) read whole within `limit` and decoded:
/// a fault names the file, and for bytes not in its encoding the line.
pub fn read_text_outside(path: &Path, limit: u64, what: &str) -> Result<String, String> {
    let bytes = read_outside(path, limit, what)?;
    decode_lines(&bytes).map(|(t, _)| t).map_err(|line| {
        format!(
            "{} 第 {line} 行有不是 {} 编码的字符（文件其余部分是）：同一文件中混有两种编码，请用记事本等另存为 UTF-8 编码",
            path.display(),
            sniff(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes)).name()
        )
    })
}
