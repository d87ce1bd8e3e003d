//! Nothing lost, nothing let in, round three (issue 26): files from outside never crash,
//! hang, exhaust memory or import wrong figures; every refusal names the true fault in
//! Chinese. Each test makes its own hostile file and runs the real binary where a crash,
//! a hang or memory is what is tested (with a time limit, so that a hang fails the test).

mod common;

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Runs `yusuan ARGS…` with extra environment, killed after `limit` (a hang is a failure).
fn run_within(args: &[&str], env: &[(&str, &str)], limit: Duration) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_yusuan"));
    cmd.args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("yusuan runs");
    let start = Instant::now();
    loop {
        if child.try_wait().expect("wait").is_some() {
            return child.wait_with_output().expect("output");
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let out = child.wait_with_output().expect("output");
            panic!(
                "yusuan {args:?} still running after {limit:?} (hung): {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// A budget large enough that its checks run on two threads.
fn two_thread_budget(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("big.db");
    let (code, out) = common::cli(&["gen", path.to_str().unwrap(), "--lines", "3000"]);
    assert_eq!(code, 0, "{out}");
    path
}

// ---- no panic can hang or kill ---------------------------------------------------------

/// A fault on a worker thread (made on purpose in a debug build) ends the program with
/// one message and exit 2; it never waits for ever on the standard streams.
#[test]
fn a_worker_thread_fault_ends_with_a_message_not_a_hang() {
    let dir = common::tempdir();
    let path = two_thread_budget(dir.path());
    let out = run_within(
        &["check", path.to_str().unwrap()],
        &[("YUSUAN_TEST_WORKER_PANIC", "1")],
        Duration::from_secs(60),
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(
        err.contains("yusuan：内部错误（测试：工作线程出错"),
        "{err}"
    );
    assert_eq!(err.matches("内部错误").count(), 1, "said once: {err}");
}

/// Output lost on a full device is an error: exit 2 and a message, never exit 0.
#[test]
fn output_to_a_full_device_is_an_error() {
    if !Path::new("/dev/full").exists() {
        return;
    }
    let dir = common::tempdir();
    let (path, store) = common::demo_file(&dir);
    drop(store);
    // A budget with findings, so that `check` has lines to print.
    let big = two_thread_budget(dir.path());
    for args in [
        vec!["narrative", path.to_str().unwrap()],
        vec!["check", big.to_str().unwrap()],
    ] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let out = Command::new(env!("CARGO_BIN_EXE_yusuan"))
            .args(&args)
            .stdout(full)
            .stderr(Stdio::piped())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = text(&out.stderr);
        assert!(
            err.trim_end()
                .ends_with("yusuan：无法写出结果（标准输出）：磁盘已满"),
            "{args:?}: {err}"
        );
    }
}

// ---- every system error in Chinese -----------------------------------------------------

const BACKUP_CHILD: &str = "YUSUAN_BACKUP_CHILD";

/// Run by the test below in a child process whose files may not grow past a few KB
/// (`RLIMIT_FSIZE`): a backup copy cannot be written.
#[test]
fn backup_child() {
    let Ok(path) = std::env::var(BACKUP_CHILD) else {
        return;
    };
    let store = yusuan::store::Store::open(Path::new(&path), yusuan::store::Access::ReadWrite)
        .expect("child opens");
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
        let r = libc::rlimit {
            rlim_cur: 16 * 1024,
            rlim_max: libc::RLIM_INFINITY,
        };
        assert_eq!(libc::setrlimit(libc::RLIMIT_FSIZE, &r), 0);
    }
    let e = store.backup_now().expect_err("no room for a backup");
    println!("BACKUP:{e}");
}

/// A backup that cannot be written says why in Chinese (SQLite's own text is English:
/// “database or disk is full”, “disk I/O error”).
#[test]
fn a_failed_backup_says_why_in_chinese() {
    let dir = common::tempdir();
    let (path, store) = common::demo_file(&dir);
    drop(store);
    let out = Command::new(std::env::current_exe().unwrap())
        .args(["backup_child", "--exact", "--nocapture", "--test-threads=1"])
        .env(BACKUP_CHILD, &path)
        .output()
        .unwrap();
    let stdout = text(&out.stdout);
    let line = stdout
        .lines()
        .find_map(|l| l.split_once("BACKUP:").map(|(_, m)| m))
        .unwrap_or_else(|| panic!("{stdout}{}", text(&out.stderr)));
    assert!(line.starts_with("无法保存备份副本："), "{line}");
    assert!(
        !line.chars().any(|c| c.is_ascii_alphabetic()),
        "no English: {line}"
    );
}

// ---- sums that cannot overflow ---------------------------------------------------------

/// A CSV of lines of 999,999,999,999.99 each (each within the per-line limit).
fn huge_lines_csv(dir: &Path, n: usize) -> std::path::PathBuf {
    let mut csv = String::from("单位代码,功能科目,部门经济科目,支出性质,资金来源,金额\n");
    for _ in 0..n {
        csv.push_str("129001,2014001,30201,基本支出,一般公共预算财政拨款,999999999999.99\n");
    }
    let p = dir.join(format!("huge{n}.csv"));
    std::fs::write(&p, csv).unwrap();
    p
}

/// Every sum of a budget's figures is exact: lines adding up past 90 万亿元 are refused
/// whole, with the total and the limit, and the file stays as it was; up to the limit
/// every output is made without 内部错误 (the export in 万元, the tables, the PDF, the
/// checks). 89 lines of 999,999,999,999.99 and the demo's own stay under the limit; 91
/// pass it.
#[test]
fn totals_beyond_what_can_be_summed_are_refused() {
    let dir = common::tempdir();
    let (path, store) = common::demo_file(&dir);
    drop(store);
    let db = path.to_str().unwrap();
    let before = std::fs::read(&path).unwrap();
    let over = huge_lines_csv(dir.path(), 91);
    let out = run_within(
        &["import", db, over.to_str().unwrap()],
        &[],
        Duration::from_secs(60),
    );
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    // 91 × 999,999,999,999.99 + the demo's 10,250,408.78.
    assert!(
        err.contains(
            "支出明细合计 91,000,010,250,407.87 元，超过程序能准确合计的上限（90 万亿元）"
        ),
        "{err}"
    );
    assert_eq!(std::fs::read(&path).unwrap(), before, "nothing stored");
    let fits = huge_lines_csv(dir.path(), 89);
    let out = run_within(
        &["import", db, fits.to_str().unwrap()],
        &[],
        Duration::from_secs(60),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let pdf = dir.path().join("a.pdf");
    let xlsx = dir.path().join("a.xlsx");
    for args in [
        vec!["check", db],
        vec![
            "tables",
            db,
            "--out",
            dir.path().join("t").to_str().unwrap(),
        ],
        vec![
            "export",
            db,
            "--wan",
            "--pdf",
            pdf.to_str().unwrap(),
            "--xlsx",
            xlsx.to_str().unwrap(),
        ],
    ] {
        let out = run_within(&args, &[], Duration::from_secs(120));
        let err = text(&out.stderr);
        assert!(!err.contains("内部错误"), "{args:?}: {err}");
        assert!(out.status.code() != Some(2), "{args:?}: {err}");
    }
}

/// A file another program filled past the limit of totals is refused when opened, with
/// the reason; it is not opened to crash later.
#[test]
fn a_file_past_the_limit_of_totals_is_refused_on_opening() {
    let dir = common::tempdir();
    let (path, store) = common::demo_file(&dir);
    drop(store);
    let conn = rusqlite::Connection::open(&path).unwrap();
    // The demo's 89 lines and two more, each at the per-line limit: 91 × 999,999,999,999.99.
    conn.execute_batch(
        "INSERT INTO line (unit_id, func_code, dept_econ, nature, fund_source, amount_fen, seq)
             SELECT unit_id, func_code, dept_econ, nature, fund_source, 0, seq + 1
             FROM line WHERE id <= 2;
         UPDATE line SET amount_fen = 99999999999999;",
    )
    .unwrap();
    drop(conn);
    let e = yusuan::store::Store::open(&path, yusuan::store::Access::ReadOnly)
        .expect_err("refused")
        .to_string();
    assert!(
        e.contains("支出明细合计") && e.contains("超过程序能准确合计的上限（90 万亿元）"),
        "{e}"
    );
}
