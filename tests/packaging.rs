//! The package's metadata (`packaging/`): the menu entry, the MIME type that recognises a
//! budget file by its SQLite `application_id`, the icons in the sizes a desktop uses, the
//! control file and the build script; and what 帮助 shows (the guide, the version).
//! `packaging/build-deb.sh` itself makes a release build, which CI does not run.

mod common;

use std::path::{Path, PathBuf};

fn packaging() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("packaging")
}

fn read(name: &str) -> String {
    std::fs::read_to_string(packaging().join(name)).unwrap()
}

/// The keys of a .desktop file's [Desktop Entry] group.
fn entries(text: &str) -> Vec<(String, String)> {
    text.lines()
        .skip_while(|l| l.trim() != "[Desktop Entry]")
        .skip(1)
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (k, v) = l.split_once('=').expect("key=value");
            (k.trim().to_string(), v.trim().to_string())
        })
        .collect()
}

#[test]
fn the_menu_entry_names_yusuan_in_chinese_and_opens_budget_files() {
    let text = read("yusuan.desktop");
    let e = entries(&text);
    let get = |k: &str| {
        e.iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.as_str())
            .unwrap_or_else(|| panic!("no {k}"))
    };
    assert_eq!(get("Type"), "Application");
    assert_eq!(get("Name[zh_CN]"), "预算编制");
    assert!(get("Name").contains("yusuan"));
    assert_eq!(get("Exec"), "yusuan %f");
    assert_eq!(get("Icon"), "yusuan");
    assert_eq!(get("Terminal"), "false");
    let categories: Vec<&str> = get("Categories").split(';').collect();
    assert!(categories.contains(&"Office") && categories.contains(&"Finance"));
    assert_eq!(get("MimeType"), "application/x-yusuan-budget;");
    // No key twice.
    let mut keys: Vec<&str> = e.iter().map(|(k, _)| k.as_str()).collect();
    keys.sort();
    let n = keys.len();
    keys.dedup();
    assert_eq!(keys.len(), n);
    // The desktop's own validator, where it is installed.
    if let Ok(o) = std::process::Command::new("desktop-file-validate")
        .arg(packaging().join("yusuan.desktop"))
        .output()
    {
        assert!(
            o.status.success() && o.stdout.is_empty(),
            "{}",
            String::from_utf8_lossy(&o.stdout)
        );
    }
}

/// The MIME type matches a budget file by its header: `SQLite format 3` and, at byte 68,
/// the application_id the store writes; a demo file written here has both.
#[test]
fn budget_files_are_recognised_by_their_application_id() {
    let xml = read("yusuan-mime.xml");
    assert!(xml.contains(r#"<mime-type type="application/x-yusuan-budget">"#));
    assert!(xml.contains(r#"<match type="string" value="SQLite format 3" offset="0">"#));
    let id = yusuan::engine::store::schema::APPLICATION_ID;
    let want = format!(r#"<match type="big32" value="0x{id:08x}" offset="68"/>"#);
    assert!(xml.contains(&want), "{want}");
    assert!(xml.contains(r#"<sub-class-of type="application/vnd.sqlite3"/>"#));
    // Well formed, where xmllint is installed.
    if let Ok(o) = std::process::Command::new("xmllint")
        .args(["--noout"])
        .arg(packaging().join("yusuan-mime.xml"))
        .output()
    {
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    let dir = common::tempdir();
    let (path, store) = common::demo_file(&dir);
    drop(store);
    let bytes = std::fs::read(path).unwrap();
    assert_eq!(&bytes[..15], b"SQLite format 3");
    assert_eq!(
        u32::from_be_bytes(bytes[68..72].try_into().unwrap()),
        id as u32
    );
    assert_eq!(&bytes[68..72], b"ysua");
}

#[test]
fn the_icons_come_in_the_sizes_a_desktop_uses() {
    let icons = packaging().join("icons");
    let svg = std::fs::read_to_string(icons.join("yusuan.svg")).unwrap();
    assert!(svg.starts_with("<svg ") && svg.contains(r#"viewBox="0 0 256 256""#));
    assert!(!svg.contains("<text"), "shapes only: no font needed");
    for size in [16u32, 24, 32, 48, 64, 128, 256] {
        let png = std::fs::read(icons.join(format!("yusuan-{size}.png"))).unwrap();
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "{size}");
        let w = u32::from_be_bytes(png[16..20].try_into().unwrap());
        let h = u32::from_be_bytes(png[20..24].try_into().unwrap());
        assert_eq!((w, h), (size, size));
        // RGBA: a transparent background around the tile.
        assert_eq!(png[25], 6, "{size}: colour type RGBA");
    }
}

#[test]
fn the_control_file_and_the_build_script() {
    let control = read("control");
    for field in [
        "Package: yusuan",
        "Version: @VERSION@",
        "Architecture: @ARCH@",
        "Installed-Size: @SIZE@",
        "Description: ",
    ] {
        assert!(control.contains(field), "{field}");
    }
    // What the window loads at run time (OpenGL, X11; Wayland recommended).
    let depends = control
        .lines()
        .find_map(|l| l.strip_prefix("Depends: "))
        .unwrap();
    for lib in ["libc6", "libgl1", "libegl1", "libx11-6", "libxkbcommon0"] {
        assert!(depends.contains(lib), "{lib}");
    }
    // A description's continuation lines start with a space.
    let after: Vec<&str> = control
        .lines()
        .skip_while(|l| !l.starts_with("Description: "))
        .skip(1)
        .collect();
    assert!(!after.is_empty() && after.iter().all(|l| l.starts_with(' ')));
    let script = packaging().join("build-deb.sh");
    let text = std::fs::read_to_string(&script).unwrap();
    for installed in [
        "usr/bin/yusuan",
        "usr/share/applications/yusuan.desktop",
        "usr/share/mime/packages/yusuan.xml",
        "usr/share/icons/hicolor/scalable/apps/yusuan.svg",
        "usr/share/doc/yusuan/copyright",
        "usr/share/doc/yusuan/LICENSE-OFL.txt",
    ] {
        assert!(text.contains(installed), "{installed}");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&script).unwrap().permissions().mode();
        assert!(mode & 0o111 != 0, "build-deb.sh is executable");
    }
    let copyright = read("copyright");
    assert!(copyright.contains("License: MIT") && copyright.contains("License: OFL-1.1"));
}

/// `yusuan --version`: the version, the build's date and the licences; the guide that
/// 帮助 › 使用说明 shows covers the first steps.
#[test]
fn the_version_and_the_guide() {
    let (code, out) = common::cli(&["--version"]);
    assert_eq!(code, 0);
    let first = out.lines().next().unwrap();
    assert!(first.starts_with(&format!("yusuan {}（构建于 20", env!("CARGO_PKG_VERSION"))));
    assert!(out.contains("MIT") && out.contains("SIL Open Font License 1.1"));
    let guide =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/guide.md"))
            .unwrap();
    for step in ["新建预算", "导入", "支出明细", "检查", "导出", "审阅"] {
        assert!(guide.contains(step), "{step}");
    }
}
