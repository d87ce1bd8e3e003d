//! Text files from users: UTF-8 (with or without BOM) or, as Excel and WPS save CSV on
//! Chinese Windows, GBK/GB18030.

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

/// Why a path is not a file that can be read, when it is not a regular file: a folder, a
/// named pipe, a device (`/dev/zero`), a socket.
pub fn not_a_file(meta: &std::fs::Metadata) -> Option<&'static str> {
    let t = meta.file_type();
    if t.is_file() {
        return None;
    }
    if t.is_dir() {
        return Some("这是一个文件夹，不是文件");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return Some("这是一个命名管道（FIFO），不是文件");
        }
        if t.is_char_device() || t.is_block_device() {
            return Some("这是一个设备（如 /dev/zero），不是文件");
        }
        if t.is_socket() {
            return Some("这是一个套接字，不是文件");
        }
    }
    Some("这不是一个普通文件")
}

/// `12.3 MB`.
pub fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
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

/// The encoding of a text file from outside.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    /// GBK and its superset GB18030, as Excel and WPS save text on Chinese Windows.
    Gb18030,
}

impl Encoding {
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Gb18030 => "GBK",
        }
    }
}

/// The encoding a file is in, from its start: UTF-8 when it is valid UTF-8, or nearly all
/// of its non-ASCII text is (a file of UTF-8 with a stray byte is UTF-8 with a fault, not
/// GBK); otherwise GBK. In GBK almost no Chinese character is also valid UTF-8.
pub fn sniff(bytes: &[u8]) -> Encoding {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // The last character may be cut by the sample's end.
    let cut = bytes.len().saturating_sub(3);
    match std::str::from_utf8(bytes) {
        Ok(_) => Encoding::Utf8,
        Err(e) if e.valid_up_to() >= cut => Encoding::Utf8,
        Err(_) => {
            let lossy = String::from_utf8_lossy(bytes);
            let bad = lossy.chars().filter(|c| *c == '\u{FFFD}').count();
            let good = lossy
                .chars()
                .filter(|c| !c.is_ascii() && *c != '\u{FFFD}')
                .count();
            if good >= 4 * bad {
                Encoding::Utf8
            } else {
                Encoding::Gb18030
            }
        }
    }
}

/// Text in a given encoding; `None` when the bytes are not in it.
pub fn decode_in(bytes: &[u8], enc: Encoding) -> Option<std::borrow::Cow<'_, str>> {
    match enc {
        Encoding::Utf8 => std::str::from_utf8(bytes)
            .ok()
            .map(std::borrow::Cow::Borrowed),
        Encoding::Gb18030 => {
            encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(bytes)
        }
    }
}

/// Decodes a whole text file in the encoding its start shows; the line (from 1) of the
/// first bytes that are not in it, when some are not.
pub fn decode_lines(bytes: &[u8]) -> Result<(String, Encoding), usize> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let enc = sniff(bytes);
    if let Some(text) = decode_in(bytes, enc) {
        return Ok((text.into_owned(), enc));
    }
    let line = bytes
        .split(|b| *b == b'\n')
        .position(|l| decode_in(l, enc).is_none())
        .unwrap_or(0);
    Err(line + 1)
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

/// Decodes bytes to text: UTF-8 when valid, otherwise GB18030 (a superset of GBK).
pub fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => {
            let (text, _, _) = encoding_rs::GB18030.decode(bytes);
            text.into_owned()
        }
    }
}

/// Why a file could not be read or written, in words a user reads (the system's own text
/// is English). One mapping, used for every file the program touches.
pub fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    // The codes the kinds below do not tell apart (Linux numbering).
    if let Some(code) = e.raw_os_error() {
        let named = match code {
            5 => Some("磁盘读写错误（存储设备可能已断开或损坏）"),
            23 | 24 => Some("打开的文件过多（系统限制），请关闭其他程序后再试"),
            27 => Some("文件超过了系统允许的大小"),
            28 => Some("磁盘已满"),
            36 => Some("文件名过长"),
            40 => Some("符号链接层数过多（可能指向自身）"),
            122 => Some("超出了磁盘配额"),
            _ => None,
        };
        if let Some(n) = named {
            return n.into();
        }
    }
    match e.kind() {
        NotFound => "文件或文件夹不存在".into(),
        PermissionDenied => "没有权限".into(),
        AlreadyExists => "文件已存在".into(),
        StorageFull => "磁盘已满".into(),
        IsADirectory => "这是一个文件夹，不是文件".into(),
        NotADirectory => "路径中有一项不是文件夹".into(),
        ReadOnlyFilesystem => "所在磁盘是只读的".into(),
        InvalidFilename => "文件名无效".into(),
        FileTooLarge => "文件超过了系统允许的大小".into(),
        QuotaExceeded => "超出了磁盘配额".into(),
        BrokenPipe => "接收输出的程序已关闭".into(),
        OutOfMemory => "内存不足".into(),
        TimedOut => "操作超时".into(),
        Interrupted => "操作被中断".into(),
        ResourceBusy => "文件或设备正忙".into(),
        StaleNetworkFileHandle | NetworkDown | ConnectionReset | HostUnreachable => {
            "网络存储已断开".into()
        }
        _ => match e.raw_os_error() {
            Some(code) => format!("系统错误（代码 {code}）"),
            None => "系统错误".into(),
        },
    }
}

/// The date `days` after 1970-01-01 as `2026-01-01` (Howard Hinnant's civil-date
/// algorithm), for dates written in files and remarks.
pub fn civil_date(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    /// Worked by hand: 1970-01-01 is day 0; 2000-01-01 is 30 × 365 + 7 leap days, and
    /// 2000-03-01 is 31 + 29 (a leap year) days later.
    #[test]
    fn days_since_1970_as_dates() {
        assert_eq!(super::civil_date(0), "1970-01-01");
        assert_eq!(super::civil_date(30 * 365 + 7 + 60), "2000-03-01");
        assert_eq!(super::civil_date(-1), "1969-12-31");
    }

    #[test]
    fn decodes_utf8_bom_and_gbk() {
        assert_eq!(super::decode("\u{feff}科目".as_bytes()), "科目");
        // "科目" in GBK is BF C6 C4 BF.
        assert_eq!(super::decode(&[0xBF, 0xC6, 0xC4, 0xBF]), "科目");
    }
}
