//! Everything that differs between operating systems, in one place: the user's name, the
//! folders a desktop program keeps its data, settings and documents in, what kind of
//! file a path is, and the permissions an export keeps. Linux (and other Unix desktops:
//! 统信 UOS, 银河麒麟) follow the XDG conventions; the Windows branches are written for a
//! Windows build (`cargo check --target x86_64-pc-windows-gnu`, which these machines
//! cannot run: README). Nothing else in the program calls a Unix-only function.

use std::path::PathBuf;

/// The operating system's name of the user running this program: on Unix the account of
/// the process's user id (from /etc/passwd), as `id -un` gives it; else the login name
/// the environment holds (`USERNAME` on Windows).
pub fn user_name() -> String {
    #[cfg(unix)]
    if let Some(name) = unix_user() {
        return name;
    }
    ["USER", "USERNAME", "LOGNAME"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .map(|s| s.trim().to_string())
        .find(|s| !s.is_empty())
        .unwrap_or_else(|| "未知用户".into())
}

#[cfg(unix)]
fn unix_user() -> Option<String> {
    use std::os::unix::fs::MetadataExt;
    // The owner of /proc/self is the process's user.
    let uid = std::fs::metadata("/proc/self").ok()?.uid();
    let passwd = std::fs::read_to_string("/etc/passwd").ok()?;
    passwd.lines().find_map(|l| {
        let mut f = l.split(':');
        let name = f.next()?;
        let id: u32 = f.nth(1)?.parse().ok()?;
        (id == uid && !name.is_empty()).then(|| name.to_string())
    })
}

/// The computer's name (for who holds a file open).
pub fn host_name() -> String {
    #[cfg(unix)]
    let from_system = std::fs::read_to_string("/etc/hostname").ok();
    #[cfg(not(unix))]
    let from_system: Option<String> = None;
    from_system
        .or_else(|| std::env::var("COMPUTERNAME").ok())
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "本机".into())
}

/// The user's home folder.
pub fn home_dir() -> Option<PathBuf> {
    #[cfg(windows)]
    let home = std::env::var_os("USERPROFILE");
    #[cfg(not(windows))]
    let home = std::env::var_os("HOME");
    home.map(PathBuf::from)
        .filter(|p| !p.as_os_str().is_empty())
}

/// Where the program keeps its own data (the demo budget): `$XDG_DATA_HOME/yusuan`
/// (`~/.local/share/yusuan`); on Windows `%LOCALAPPDATA%\yusuan`. The system's temporary
/// folder when there is no home.
pub fn data_dir() -> PathBuf {
    #[cfg(windows)]
    let base = std::env::var_os("LOCALAPPDATA").map(PathBuf::from);
    #[cfg(not(windows))]
    let base = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| home_dir().map(|h| h.join(".local/share")));
    base.unwrap_or_else(std::env::temp_dir).join("yusuan")
}

/// The folder of the user's settings: `$XDG_CONFIG_HOME` (`~/.config`); on Windows
/// `%APPDATA%`.
pub fn config_base() -> Option<PathBuf> {
    #[cfg(windows)]
    return std::env::var_os("APPDATA").map(PathBuf::from);
    #[cfg(not(windows))]
    std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| home_dir().map(|h| h.join(".config")))
}

/// The user's documents folder: the desktop's own (XDG `user-dirs.dirs`; on Windows the
/// profile's `Documents`), else `~/文档` or `~/Documents` where they exist, else the home
/// folder.
pub fn documents_dir() -> Option<PathBuf> {
    let home = home_dir()?;
    #[cfg(not(windows))]
    if let Some(config) = config_base()
        && let Ok(text) = std::fs::read_to_string(config.join("user-dirs.dirs"))
    {
        for line in text.lines() {
            if let Some(v) = line.trim().strip_prefix("XDG_DOCUMENTS_DIR=") {
                let v = v
                    .trim()
                    .trim_matches('"')
                    .replace("$HOME", &home.to_string_lossy());
                let p = PathBuf::from(v);
                if p.is_dir() {
                    return Some(p);
                }
            }
        }
    }
    ["文档", "Documents"]
        .iter()
        .map(|d| home.join(d))
        .find(|p| p.is_dir())
        .or(Some(home))
}

/// Whether the desktop can show its own file dialog: on Linux through the desktop portal
/// (a session bus) or zenity, as rfd does; elsewhere always.
pub fn system_dialog_available() -> bool {
    if !cfg!(target_os = "linux") {
        return true;
    }
    let bus = std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some()
        || std::env::var_os("XDG_RUNTIME_DIR")
            .is_some_and(|d| std::path::Path::new(&d).join("bus").exists());
    let zenity = std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|p| p.join("zenity").is_file()));
    bus || zenity
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

/// Gives a file just written (a private temporary file, 0600) the permissions of the file
/// it replaces, or those of an ordinary file (0644). On Windows a file has no such mode:
/// nothing to do.
pub fn ordinary_permissions(
    file: &std::fs::File,
    replaces: &std::path::Path,
) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(replaces)
            .map(|m| m.permissions().mode())
            .unwrap_or(0o644);
        file.set_permissions(std::fs::Permissions::from_mode(mode))?;
    }
    #[cfg(not(unix))]
    let _ = (file, replaces);
    Ok(())
}
