//! The system as users are told of it: why a file could not be read or written, in
//! Chinese (the system's own text is English), and what a path is when it is not a file.

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

/// Why a path is not a file that can be read, when it is not a regular file (see
/// [`super::platform::not_a_file`]).
pub fn not_a_file(meta: &std::fs::Metadata) -> Option<&'static str> {
    super::platform::not_a_file(meta)
}

/// `12.3 MB`.
pub fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
}
