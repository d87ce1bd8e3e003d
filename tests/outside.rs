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

/// What a run wrote to both streams (an import's problems go to standard output, the
/// verdict to standard error).
fn both(out: &Output) -> String {
    text(&out.stdout) + &text(&out.stderr)
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
    let store = yusuan::engine::store::Store::open(
        Path::new(&path),
        yusuan::engine::store::Access::ReadWrite,
    )
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
    let e = yusuan::engine::store::Store::open(&path, yusuan::engine::store::Access::ReadOnly)
        .expect_err("refused")
        .to_string();
    assert!(
        e.contains("支出明细合计") && e.contains("超过程序能准确合计的上限（90 万亿元）"),
        "{e}"
    );
}

// ---- the narrative's expansion ---------------------------------------------------------

/// A declared narrative of one sentence, repeated: the smallest layout that has one.
fn layout_quoting(times: usize, sentence: &str) -> String {
    let paragraphs = vec![format!("\"{sentence}\""); times].join(", ");
    format!(
        "id = \"many\"\nname = \"重复引用\"\ntitle = \"{{year}}\"\norg = \"\"\ncontents = \"\"\n\n\
         [[table]]\nnumber = 1\nname = \"收入总表\"\nheader = [[\"合计\"]]\n\
         [table.rows]\nkind = \"single\"\ncolumns = [{{}}]\n\n\
         [narrative]\n[[narrative.section]]\nheading = \"一、概况\"\nparagraphs = [{paragraphs}]\n"
    )
}

/// A layout quoting the 职能职责 45,000 times is refused when loaded, with the limit; one
/// under the limit of slots but over the limit of text stops at it, saying so, instead
/// of asking for gigabytes (a 110,000-character 职能职责 quoted 1,800 times).
#[test]
fn a_narrative_cannot_grow_past_its_limit() {
    let faults = yusuan::engine::layout::load(&layout_quoting(4_500, &"{职能职责}".repeat(10)))
        .expect_err("refused");
    assert!(
        faults.iter().any(|f| f
            .to_string()
            .contains("情况说明共有 45000 处 {…}，超过上限 2000 处")),
        "{faults:?}"
    );
    let layout =
        yusuan::engine::layout::load(&layout_quoting(200, &"{职能职责}".repeat(9))).unwrap();
    let mut b = common::demo();
    b.department.duties = "职能职责".repeat(27_500);
    b.layout = layout;
    let n = yusuan::engine::narrative::narrative(&b);
    let texts: Vec<&str> = n
        .sections
        .iter()
        .flat_map(|s| s.paragraphs.iter().map(|p| p.text.as_str()))
        .collect();
    let size: usize = texts.iter().map(|t| t.len()).sum();
    assert!(
        size <= yusuan::engine::narrative::declared::MAX_BYTES,
        "{size}"
    );
    assert!(texts.contains(&yusuan::engine::narrative::declared::CUT));
}

// ---- bounded reading of everything from outside ----------------------------------------

/// Runs `yusuan ARGS…` and follows its peak resident memory (VmHWM) while it runs.
fn run_measured(args: &[&str], limit: Duration) -> (Output, u64) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_yusuan"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let status = format!("/proc/{}/status", child.id());
    let start = Instant::now();
    let mut peak_kb = 0u64;
    loop {
        if let Ok(s) = std::fs::read_to_string(&status)
            && let Some(kb) = s
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        {
            peak_kb = peak_kb.max(kb);
        }
        if child.try_wait().unwrap().is_some() {
            // Shown with --nocapture: the figures in BENCHMARKS.md.
            eprintln!(
                "yusuan {}: {:.2} s, peak {peak_kb} kB",
                args[0],
                start.elapsed().as_secs_f64()
            );
            return (child.wait_with_output().unwrap(), peak_kb);
        }
        assert!(start.elapsed() < limit, "yusuan {args:?} hung");
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// A workbook of a 支出明细 sheet with one line, and whatever `more` adds to the sheet.
fn workbook(path: &Path, more: impl FnOnce(&mut rust_xlsxwriter::Worksheet)) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let s = wb.add_worksheet();
    s.set_name("支出明细").unwrap();
    for (c, h) in [
        "单位代码",
        "功能科目",
        "部门经济科目",
        "支出性质",
        "资金来源",
        "金额",
    ]
    .iter()
    .enumerate()
    {
        s.write_string(0, c as u16, *h).unwrap();
    }
    for (c, v) in [
        "129001",
        "2014001",
        "30201",
        "基本支出",
        "一般公共预算财政拨款",
    ]
    .iter()
    .enumerate()
    {
        s.write_string(1, c as u16, *v).unwrap();
    }
    s.write_number(1, 5, 100.0).unwrap();
    more(s);
    wb.save(path).unwrap();
}

/// Imports the file `make` writes (given its folder) into the demo: refused with exit 2
/// and every one of `says`, within `max_kb` of peak memory, the budget file unchanged.
fn import_is_refused(make: impl FnOnce(&Path) -> std::path::PathBuf, says: &[&str], max_kb: u64) {
    let dir = common::tempdir();
    let (path, store) = common::demo_file(&dir);
    drop(store);
    let before = std::fs::read(&path).unwrap();
    let file = make(dir.path());
    let (out, peak_kb) = run_measured(
        &["import", path.to_str().unwrap(), file.to_str().unwrap()],
        Duration::from_secs(120),
    );
    let err = both(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    for s in says {
        assert!(err.contains(s), "{s}: {err}");
    }
    assert!(peak_kb < max_kb, "peak {peak_kb} kB");
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

/// A workbook with one stray value at XFD1048576, the sheet's last cell: refused by that
/// cell and the limit of columns, read within a small memory (it once asked for 512 GB
/// and was killed).
#[test]
fn a_far_cell_is_named_not_allocated() {
    import_is_refused(
        |dir| {
            let xlsx = dir.join("远处的格.xlsx");
            workbook(&xlsx, |s| {
                s.write_string(1_048_575, 16_383, "x").unwrap();
            });
            xlsx
        },
        &[
            "工作表“支出明细”的单元格 XFD1048576 有内容，超出可导入的范围（最多 256 列，即 IV 列以内）",
        ],
        300_000,
    );
}

/// A zip bomb: a workbook of a few MB whose sheet unzips to 450 MB is refused before it
/// is unzipped, by the limit of a workbook's parts.
#[test]
fn a_zip_bomb_is_refused_before_it_is_unzipped() {
    import_is_refused(zip_bomb, &["工作簿解压后有", "超过上限 400.0 MB"], 300_000);
}

/// A real workbook, its sheet's XML padded with 450 MB of blanks (valid XML).
fn zip_bomb(dir: &Path) -> std::path::PathBuf {
    use std::io::Write;
    let plain = dir.join("plain.xlsx");
    workbook(&plain, |_| {});
    let bomb = dir.join("炸弹.xlsx");
    let mut src = zip::ZipArchive::new(std::fs::File::open(&plain).unwrap()).unwrap();
    let mut out = zip::ZipWriter::new(std::fs::File::create(&bomb).unwrap());
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1))
        .large_file(true);
    for i in 0..src.len() {
        let mut f = src.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut data = Vec::new();
        std::io::Read::read_to_end(&mut f, &mut data).unwrap();
        out.start_file(name.as_str(), opts).unwrap();
        if name.ends_with("sheet1.xml") {
            let at = data.windows(11).position(|w| w == b"<sheetData>").unwrap();
            out.write_all(&data[..at]).unwrap();
            let blanks = vec![b' '; 1 << 20];
            for _ in 0..450 {
                out.write_all(&blanks).unwrap();
            }
            out.write_all(&data[at..]).unwrap();
        } else {
            out.write_all(&data).unwrap();
        }
    }
    out.finish().unwrap();
    assert!(std::fs::metadata(&bomb).unwrap().len() < 10 << 20);
    bomb
}

/// A small workbook whose 12,000 cells all show one 32 KB shared string (384 MB once
/// read) is refused by the limit of text a sheet's cells may hold, within that limit's
/// memory.
#[test]
fn a_shared_string_repeated_is_refused_by_the_text_it_makes() {
    import_is_refused(
        |dir| {
            let xlsx = dir.join("重复的长文字.xlsx");
            let long = "长".repeat(32 * 1024 / 3);
            workbook(&xlsx, |s| {
                for r in 2..12_002 {
                    s.write_string(r, 6, &long).unwrap();
                }
            });
            assert!(std::fs::metadata(&xlsx).unwrap().len() < 5 << 20);
            xlsx
        },
        &[
            "工作表“支出明细”读到单元格 G",
            "各单元格的文字合计超过 300.0 MB，超出可导入的上限",
        ],
        700_000,
    );
}

/// A named pipe, a device and a folder given as a file to import, a layout or a budget:
/// each refused at once, by what it is (a pipe once blocked for ever, /dev/zero grew to
/// 2 GB).
#[test]
fn pipes_devices_and_folders_are_named_for_what_they_are() {
    let dir = common::tempdir();
    let (path, store) = common::demo_file(&dir);
    drop(store);
    let db = path.to_str().unwrap();
    let fifo = dir.path().join("管道.csv");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    let folder = dir.path().join("文件夹.csv");
    std::fs::create_dir(&folder).unwrap();
    let dev_layout = dir.path().join("零.toml");
    std::os::unix::fs::symlink("/dev/zero", &dev_layout).unwrap();
    let fifo_db = dir.path().join("管道.db");
    std::os::unix::fs::symlink(&fifo, &fifo_db).unwrap();
    let cases: [(Vec<&str>, &str); 5] = [
        (
            vec!["import", db, fifo.to_str().unwrap()],
            "这是一个命名管道（FIFO），不是文件",
        ),
        (
            vec!["import", db, folder.to_str().unwrap()],
            "这是一个文件夹，不是文件",
        ),
        (
            vec!["layout", "load", db, dev_layout.to_str().unwrap()],
            "这是一个设备（如 /dev/zero），不是文件",
        ),
        (
            vec!["catalog", "load", db, "function", "/dev/urandom"],
            "这是一个设备（如 /dev/zero），不是文件",
        ),
        (
            vec!["check", fifo_db.to_str().unwrap()],
            "这是一个命名管道（FIFO），不是文件",
        ),
    ];
    for (args, why) in cases {
        let out = run_within(&args, &[], Duration::from_secs(20));
        let err = both(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(why), "{args:?}: {err}");
    }
}

/// Two 金额 columns in one sheet: a problem naming both, nothing imported (the last one
/// used to win silently).
#[test]
fn two_columns_of_one_field_are_a_problem_not_a_choice() {
    let dir = common::tempdir();
    let (path, store) = common::demo_file(&dir);
    drop(store);
    let before = std::fs::read(&path).unwrap();
    let csv = dir.path().join("两列金额.csv");
    std::fs::write(
        &csv,
        "单位代码,功能科目,部门经济科目,支出性质,资金来源,金额,备注,金额\n\
         129001,2014001,30201,基本支出,一般公共预算财政拨款,100.00,,999999.00\n\
         129001,2014001,30201,基本支出,一般公共预算财政拨款,200.50,,999999.00\n",
    )
    .unwrap();
    let (code, out) = common::cli(&["import", path.to_str().unwrap(), csv.to_str().unwrap()]);
    assert_eq!(code, 2, "{out}");
    assert!(
        out.contains("表头中第 F 列“金额”和第 H 列“金额”都是“金额”：请删去其中一列"),
        "{out}"
    );
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

/// A UTF-8 CSV with one cell in GBK names that cell's row and column (it was blamed on
/// the header, quoting mojibake); a layout with one byte that is not UTF-8 names its line
/// (it was decoded as GBK whole and loaded with every title garbled).
#[test]
fn mixed_encodings_name_the_first_cell_or_line() {
    let dir = common::tempdir();
    let (path, store) = common::demo_file(&dir);
    drop(store);
    let mut csv = "单位代码,功能科目,部门经济科目,支出性质,资金来源,金额,备注\n".to_string();
    for _ in 0..2 {
        csv.push_str("129001,2014001,30201,基本支出,一般公共预算财政拨款,100.00,办公用品\n");
    }
    let mut bytes = csv.into_bytes();
    // Row 4: its 备注 “科目” in GBK (BF C6 C4 BF).
    bytes
        .extend_from_slice("129001,2014001,30201,基本支出,一般公共预算财政拨款,100.00,".as_bytes());
    bytes.extend_from_slice(&[0xBF, 0xC6, 0xC4, 0xBF, b'\n']);
    let file = dir.path().join("混合.csv");
    std::fs::write(&file, &bytes).unwrap();
    let (code, out) = common::cli(&["import", path.to_str().unwrap(), file.to_str().unwrap()]);
    assert_eq!(code, 2, "{out}");
    assert!(
        out.contains("CSV 第 4 行第 7 列（G列）的内容不是 UTF-8 编码，而文件其余部分是"),
        "{out}"
    );
    // A layout saved out, one byte of a title made invalid.
    let layout = saved_layout(&path);
    let text = std::fs::read_to_string(&layout).unwrap();
    let line = text.lines().position(|l| l.starts_with("name = ")).unwrap() + 1;
    let mut bytes = text.into_bytes();
    let at = bytes.windows(7).position(|w| w == b"name = ").unwrap() + 8;
    bytes.insert(at, 0xFF);
    std::fs::write(&layout, &bytes).unwrap();
    let out = layout_refused(&path, &layout);
    assert!(
        out.contains(&format!("第 {line} 行有不是 UTF-8 编码的字符")),
        "line {line}: {out}"
    );
}

/// The layout of the budget at `db`, saved beside it as 表样.toml.
fn saved_layout(db: &Path) -> std::path::PathBuf {
    let layout = db.with_file_name("表样.toml");
    let (code, out) = common::cli(&[
        "layout",
        "save",
        db.to_str().unwrap(),
        layout.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{out}");
    layout
}

/// What `layout load` says of a layout file it refuses.
fn layout_refused(db: &Path, layout: &Path) -> String {
    let (code, out) = common::cli(&[
        "layout",
        "load",
        db.to_str().unwrap(),
        layout.to_str().unwrap(),
    ]);
    assert_eq!(code, 2, "{out}");
    out
}

/// An encrypted workbook and an old .xls renamed .xlsx are told apart (both were “not a
/// readable workbook”); a layout of 256 tables is told the limit is 255.
#[test]
fn refusals_name_the_real_fault() {
    let dir = common::tempdir();
    let (path, store) = common::demo_file(&dir);
    drop(store);
    let ole = |streams: &[&str]| {
        let mut b = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        b.resize(512, 0);
        for s in streams {
            b.extend(s.encode_utf16().flat_map(u16::to_le_bytes));
            b.resize(b.len() + 64, 0);
        }
        b
    };
    for (name, streams, why) in [
        (
            "加密.xlsx",
            &["EncryptionInfo", "EncryptedPackage"][..],
            "工作簿设有打开密码（已加密）",
        ),
        (
            "旧版.xlsx",
            &["Workbook"][..],
            "这是旧版 Excel 格式（.xls），只是扩展名为 .xlsx",
        ),
    ] {
        let f = dir.path().join(name);
        std::fs::write(&f, ole(streams)).unwrap();
        let (code, out) = common::cli(&["import", path.to_str().unwrap(), f.to_str().unwrap()]);
        assert_eq!(code, 2, "{out}");
        assert!(out.contains(why), "{name}: {out}");
    }
    let layout = saved_layout(&path);
    let text = std::fs::read_to_string(&layout)
        .unwrap()
        .replacen("number = 17", "number = 256", 1);
    std::fs::write(&layout, text).unwrap();
    let out = layout_refused(&path, &layout);
    assert!(
        out.contains("应为 0 到 255 之间的整数，此处是 256（表号最大为 255）"),
        "{out}"
    );
}

/// A read-only `check` of a file a crash left with a hot journal recovers in a copy in
/// the temporary folder; when that folder is missing the message says so and names
/// TMPDIR (it said 文件或文件夹不存在, as if the budget were missing). Both files
/// unchanged.
#[test]
fn a_missing_temporary_folder_is_named_as_such() {
    let dir = common::tempdir();
    let (path, store) = common::demo_file(&dir);
    drop(store);
    // A write transaction left open whose pages spilled into the file: a copy of the file
    // and its journal taken then is what a crash at that moment leaves.
    let crashed = dir.path().join("崩溃.db");
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute_batch("PRAGMA journal_mode = DELETE; PRAGMA cache_size = 1; BEGIN IMMEDIATE;")
            .unwrap();
        c.execute_batch("UPDATE line SET remark = hex(randomblob(3000));")
            .unwrap();
        std::fs::copy(&path, &crashed).unwrap();
        std::fs::copy(
            format!("{}-journal", path.display()),
            format!("{}-journal", crashed.display()),
        )
        .unwrap();
        c.execute_batch("ROLLBACK").unwrap();
    }
    let journal = format!("{}-journal", crashed.display());
    let before = (
        std::fs::read(&crashed).unwrap(),
        std::fs::read(&journal).unwrap(),
    );
    let db = crashed.to_str().unwrap();
    let ok = run_within(&["check", db], &[], Duration::from_secs(60));
    assert_ne!(ok.status.code(), Some(2), "{}", both(&ok));
    let out = run_within(
        &["check", db],
        &[("TMPDIR", "/nonexistent/临时")],
        Duration::from_secs(60),
    );
    let err = both(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("需要在临时文件夹 /nonexistent/临时 中恢复一份副本")
            && err.contains("请检查环境变量 TMPDIR"),
        "{err}"
    );
    assert_eq!(
        (
            std::fs::read(&crashed).unwrap(),
            std::fs::read(&journal).unwrap()
        ),
        before
    );
}

/// A CSV of a million lines (87 MB) is read row by row into compact rows and checked
/// whole within a bounded memory: about six times the file (a row of cells each its own
/// allocation took 700 MB, and a 300 MB file 3.2 GB).
#[test]
fn a_million_line_csv_is_read_within_a_memory_bound() {
    use std::io::Write;
    let dir = common::tempdir();
    let (path, store) = common::demo_file(&dir);
    drop(store);
    let before = std::fs::read(&path).unwrap();
    let csv = dir.path().join("百万行.csv");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&csv).unwrap());
    writeln!(
        f,
        "单位代码,功能科目,部门经济科目,支出性质,资金来源,金额,备注"
    )
    .unwrap();
    for i in 0..1_000_000u64 {
        writeln!(
            f,
            "129001,2014001,30201,基本支出,一般公共预算财政拨款,{}.{:02},第{i}行",
            i % 99_999,
            i % 100
        )
        .unwrap();
    }
    drop(f);
    let size_kb = std::fs::metadata(&csv).unwrap().len() / 1024;
    let (out, peak_kb) = run_measured(
        &[
            "import",
            path.to_str().unwrap(),
            csv.to_str().unwrap(),
            "--dry-run",
        ],
        Duration::from_secs(300),
    );
    let said = both(&out);
    assert_eq!(out.status.code(), Some(0), "{said}");
    assert!(said.contains("支出明细 1000000 条"), "{said}");
    assert!(
        peak_kb < 600_000,
        "peak {peak_kb} kB for a file of {size_kb} kB"
    );
    assert_eq!(std::fs::read(&path).unwrap(), before);
}
