//! The yusuan binary: the window when run without a command, the command line otherwise
//! (`src/app/cli.rs`); a fault ends in a Chinese message, not a backtrace.

use std::io::Write;

fn main() {
    #[cfg(feature = "gui")]
    let _ = yusuan::ui::STARTED.set(std::time::Instant::now());
    // A fault in the program must still end in a message, not a backtrace.
    std::panic::set_hook(Box::new(|info| {
        let what = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        let at = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let _ = writeln!(
            std::io::stderr(),
            "yusuan：内部错误（{what}，位于 {at}），请报告此问题。"
        );
    }));
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if yusuan::cli::wants_gui(&args) {
        let mut file = None;
        let mut read_only = false;
        for a in args.iter().skip(1) {
            match a.to_str() {
                Some("--readonly" | "--read-only") => read_only = true,
                _ if file.is_none() => file = Some(std::path::PathBuf::from(a)),
                _ => {
                    let _ = writeln!(
                        std::io::stderr(),
                        "yusuan：多余的参数 {}",
                        a.to_string_lossy()
                    );
                    std::process::exit(yusuan::cli::UNUSABLE);
                }
            }
        }
        #[cfg(not(feature = "gui"))]
        let _ = (&file, read_only);
        #[cfg(not(feature = "gui"))]
        let run: Result<(), String> = Err("此版本没有编辑窗口（编译时未启用 gui 功能）".into());
        #[cfg(feature = "gui")]
        let run = yusuan::ui::run(file, read_only);
        if let Err(e) = run {
            let _ = writeln!(std::io::stderr(), "yusuan：{e}");
            std::process::exit(yusuan::cli::UNUSABLE);
        }
        return;
    }
    let code = std::panic::catch_unwind(|| {
        let mut out = std::io::stdout().lock();
        let mut err = std::io::stderr().lock();
        yusuan::cli::run(&args, &mut out, &mut err)
    })
    .unwrap_or(yusuan::cli::UNUSABLE);
    std::process::exit(code);
}
