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
/// is English).
pub fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    match e.kind() {
        NotFound => "文件或文件夹不存在".into(),
        PermissionDenied => "没有权限".into(),
        AlreadyExists => "文件已存在".into(),
        StorageFull => "磁盘已满".into(),
        IsADirectory => "这是一个文件夹，不是文件".into(),
        NotADirectory => "路径中有一项不是文件夹".into(),
        ReadOnlyFilesystem => "所在磁盘是只读的".into(),
        InvalidFilename => "文件名无效".into(),
        _ => match e.raw_os_error() {
            Some(code) => format!("系统错误（代码 {code}）"),
            None => "系统错误".into(),
        },
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn decodes_utf8_bom_and_gbk() {
        assert_eq!(super::decode("\u{feff}科目".as_bytes()), "科目");
        // "科目" in GBK is BF C6 C4 BF.
        assert_eq!(super::decode(&[0xBF, 0xC6, 0xC4, 0xBF]), "科目");
    }
}
