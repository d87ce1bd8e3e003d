//! The yusuan binary: the window when run without a command, the command line otherwise
//! (`src/app/cli.rs`); a fault ends in a Chinese message, not a backtrace.

use std::io::Write;

fn main() {
    #[cfg(feature = "gui")]
    let _ = yusuan::app::ui::STARTED.set(std::time::Instant::now());
    // A fault in the program must still end in a message, not a backtrace; said once,
    // from whichever thread it happens on. Nothing holds the standard streams locked
    // across threads (see below), so a worker's fault is reported, never waited on.
    std::panic::set_hook(Box::new(|info| {
        static SAID: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
        if SAID.swap(true, std::sync::atomic::Ordering::SeqCst) {
            return;
        }
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
    if yusuan::app::cli::wants_gui(&args) {
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
                    std::process::exit(yusuan::app::cli::UNUSABLE);
                }
            }
        }
        #[cfg(not(feature = "gui"))]
        let _ = (&file, read_only);
        #[cfg(not(feature = "gui"))]
        let run: Result<(), String> = Err("此版本没有编辑窗口（编译时未启用 gui 功能）".into());
        #[cfg(feature = "gui")]
        let run = yusuan::app::ui::run(file, read_only);
        if let Err(e) = run {
            let _ = writeln!(std::io::stderr(), "yusuan：{e}");
            std::process::exit(yusuan::app::cli::UNUSABLE);
        }
        return;
    }
    // Standard output through a buffer that remembers a failed write (a full disk, a
    // closed pipe); standard error unbuffered. Neither is locked for the whole run: a
    // lock held here while a worker thread reports a fault would wait for ever.
    let mut out = Checked::new(std::io::BufWriter::new(std::io::stdout()));
    let code = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        yusuan::app::cli::run(&args, &mut out, &mut std::io::stderr())
    }))
    .unwrap_or(yusuan::app::cli::UNUSABLE);
    let flushed = out.flush();
    if let Some(e) = out.failed.take().or(flushed.err()) {
        // A reader that stopped reading (`yusuan check … | head`) wanted no more.
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(code);
        }
        let _ = writeln!(
            std::io::stderr(),
            "yusuan：无法写出结果（标准输出）：{}",
            yusuan::engine::base::system::io_reason(&e)
        );
        std::process::exit(yusuan::app::cli::UNUSABLE);
    }
    std::process::exit(code);
}

/// A writer that remembers its first failure, so that output lost on a full device ends
/// in a message and exit 2 rather than exit 0.
struct Checked<W: Write> {
    inner: W,
    failed: Option<std::io::Error>,
}

impl<W: Write> Checked<W> {
    fn new(inner: W) -> Self {
        Checked {
            inner,
            failed: None,
        }
    }
}

impl<W: Write> Write for Checked<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.inner.write(buf).inspect_err(|e| {
            if self.failed.is_none() {
                self.failed = Some(match e.raw_os_error() {
                    Some(code) => std::io::Error::from_raw_os_error(code),
                    None => std::io::Error::from(e.kind()),
                });
            }
        })
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}
