//! Text files from users: UTF-8 (with or without BOM) or, as Excel and WPS save CSV on
//! Chinese Windows, GBK/GB18030.

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
