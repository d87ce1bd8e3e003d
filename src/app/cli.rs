//! The command line: how scripts, tests and reviewers reach the engine without a window.
//! Errors are messages in Chinese, never a panic or a backtrace.

use crate::app::ops::{self, ExportKind};
use crate::engine::base::system::io_reason;
use crate::engine::catalog::CatalogKind;
use crate::engine::checks::{self, Severity};
use crate::engine::store::StoreError;
use crate::engine::tables;
use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;

pub const USAGE: &str = "\
yusuan — 部门预算编制

用法：
  yusuan [文件.db] [--readonly]           打开编辑窗口
  yusuan new 文件.db --name 部门名称 --year 2026 [--code 部门代码] [--region 地区]
                       [--layout 表样ID]（默认 chongqing-17，见 yusuan layouts）
                                          新建空白预算文件（单位、收入、支出等可再用 import 导入）
  yusuan demo 输出.db [--shanghai] [--force]
                                          生成演示预算（重庆市渝北区信访办公室 2025 年，17 张表；
                                          --shanghai：上海市普陀区商务委员会 2025 年，9 张表）
  yusuan tables 文件.db --out 目录        按文件的表样输出公开表：table01.csv … tableNN.csv
  yusuan layouts                          列出内置表样，每行“ID<TAB>名称”
  yusuan layout load 文件.db 表样.toml    将自己地区的表样文件载入预算文件（先检查，有误时
                                          逐条列出行号与字段，不写入）
  yusuan layout use 文件.db 表样ID        改用一个内置表样
  yusuan layout save 文件.db 输出.toml    保存文件所用的表样（可作为编写自己表样的起点）
  yusuan standards list                   列出内置测算标准，每行“ID<TAB>名称”
  yusuan standards load 文件.db 标准.toml  将本地区的测算标准文件载入预算文件，取代其全部规则
                                          （先检查，有误时逐条列出行号，不写入）；测算行随即重算
  yusuan standards use 文件.db 标准ID     改用一个内置测算标准
  yusuan standards save 文件.db 输出.toml  保存文件的测算标准
  yusuan standards show 文件.db           输出测算表：每个单位每条规则的人数、基数、比例或定额、
                                          测算数、手工调整和金额，每行一条，以制表符分隔
  yusuan check 文件.db                    检查勾稽关系，每行一条；有错误时退出码为 1
  yusuan narrative 文件.db                按文件的表样输出情况说明的全文
  yusuan export 文件.db [--xlsx 输出.xlsx] [--pdf 输出.pdf] [--docx 输出.docx]
                       [--charts 目录] [--data 数据.xlsx] [--wan] [--remarks]
                       [--working] [--names]
                                          导出：公开表工作簿（目录与各张表）、打印用 PDF
                                          （主要数据与图表、目录、各张表、情况说明）、
                                          情况说明 Word 文件、每张图表的 PNG 图片、
                                          预算数据工作簿（全部记录，按导入模板的工作表与表头，
                                          可在 Excel 中修改后再导入）；
                                          --wan 表格以万元为单位（xlsx 与 PDF）；
                                          --remarks 在 PDF 末尾附上批注；
                                          --working 在表后附基本支出测算表（xlsx 与 PDF）；
                                          --names 预算数据包括人员的姓名或岗位（默认不导出）
  yusuan import 文件.db 数据.xlsx|数据.csv [--replace] [--dry-run]
                                          导入单位信息、单位、测算标准、人员、收入、上年数、
                                          项目、支出明细、
                                          绩效指标、政府采购、资产、变动原因；先逐行检查，
                                          有任何问题时列出并不写入（退出码 2）；--replace
                                          以文件中的支出明细、绩效指标、政府采购替换已有的
                                          （导出后在 Excel 中修改过的工作簿），否则为追加
  yusuan import --template 模板.xlsx      保存导入模板（中文表头、示例行、说明）
  yusuan carry 文件.db 上年文件.db        从上年预算文件填入上年数（功能科目、三公经费、收入），
                                          带入单位信息、单位和延续项目及其绩效指标
  yusuan restore 文件.db                  以最新的备份副本替换文件（替换前另存一份当前内容）
  yusuan diff 原文件.db 新文件.db         比较两个预算文件：新增、删除、修改的记录（逐字段），
                                          以及公开表中变化的每个数字；有差异时退出码为 1
  yusuan consolidate 文件夹 --out 汇总.db [--summary 汇总.csv] [--tables 目录] [--force]
                                          汇总文件夹中各部门的预算文件：生成汇总预算文件，
                                          列出各部门的收支与检查结果；--tables 输出合计及
                                          各部门的公开表（CSV）
  yusuan gen 输出.db [--lines 20000] [--units 30] [--projects 300] [--seed 2025] [--dept 900]
                       [--force]
                                          生成大型测试预算（用于性能测试）
  yusuan catalog load 文件.db 类别 目录.csv
                                          载入某年度的官方科目目录（CSV），替换内置目录
  yusuan catalog reset 文件.db 类别       恢复内置目录
      类别：function（支出功能分类）、economic_dept（部门经济分类）、
            economic_gov（政府经济分类）、economic_mapping（对照表）
  yusuan --help | --version

退出码：0 成功；1 检查发现错误（diff：两个文件有差异）；2 文件无法使用或参数有误。";

/// The version, the build's date and the licences (`--version`, 帮助 › 关于).
pub fn version_text() -> String {
    format!(
        "yusuan {}（构建于 {}）\n{}",
        env!("CARGO_PKG_VERSION"),
        env!("YUSUAN_BUILD_DATE"),
        LICENCES
    )
}

/// What the program and what it carries are licensed under.
pub const LICENCES: &str = "yusuan 以 MIT 许可发布；内置字体 Noto Sans SC（思源黑体）以 SIL Open Font License 1.1 许可发布。";

/// Exit codes.
pub const OK: i32 = 0;
pub const FINDINGS: i32 = 1;
pub const UNUSABLE: i32 = 2;

/// A failure that ends the command with exit code 2 and a message.
struct Fail(String);

impl From<StoreError> for Fail {
    fn from(e: StoreError) -> Fail {
        Fail(e.to_string())
    }
}

/// An operation's failure: its message, then the problems it found one by one.
impl From<ops::Failure> for Fail {
    fn from(f: ops::Failure) -> Fail {
        if f.details.is_empty() {
            Fail(f.message)
        } else {
            Fail(format!("{}：\n{}", f.message, f.details.join("\n")))
        }
    }
}

type Outcome = Result<i32, Fail>;

/// Whether the arguments ask for the window rather than a command.
pub fn wants_gui(args: &[OsString]) -> bool {
    let Some(first) = args.get(1) else {
        return true;
    };
    let path = std::path::Path::new(first);
    first.to_str().is_some_and(|a| a.starts_with("--read"))
        || path.exists()
        || path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("db"))
}

/// Runs a command; returns the exit code. Output goes to `out`, messages to `err`.
pub fn run(args: &[OsString], out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let args: Vec<String> = match args
        .iter()
        .skip(1)
        .map(|a| a.clone().into_string())
        .collect()
    {
        Ok(a) => a,
        Err(_) => {
            let _ = writeln!(err, "参数中有无法识别的字符（非 UTF-8）");
            return UNUSABLE;
        }
    };
    // `yusuan CMD --help` (or `yusuan help CMD`): the command's own usage.
    let help_for = match args.first().map(String::as_str) {
        Some("help" | "--help" | "-h") => args.get(1),
        Some(_) if args[1..].iter().any(|a| a == "--help" || a == "-h") => args.first(),
        _ => None,
    };
    if let Some(cmd) = help_for {
        let text = usage_of(cmd);
        if text.is_empty() {
            let _ = writeln!(err, "yusuan：未知命令“{cmd}”\n\n{USAGE}");
            return UNUSABLE;
        }
        let _ = writeln!(out, "用法：\n{text}");
        return OK;
    }
    let result = match args.first().map(String::as_str) {
        Some("new") => cmd_new(&args[1..], err),
        Some("demo") => cmd_demo(&args[1..], err),
        Some("tables") => cmd_tables(&args[1..], err),
        Some("check") => cmd_check(&args[1..], out, err),
        Some("narrative") => cmd_narrative(&args[1..], out),
        Some("catalog") => cmd_catalog(&args[1..], err),
        Some("layouts") => cmd_layouts(&args[1..], out),
        Some("layout") => cmd_layout(&args[1..], err),
        Some("standards") => cmd_standards(&args[1..], out, err),
        Some("gen") => cmd_gen(&args[1..], err),
        Some("export") => cmd_export(&args[1..], err),
        Some("consolidate") => cmd_consolidate(&args[1..], out, err),
        Some("diff") => cmd_diff(&args[1..], out, err),
        Some("import") => cmd_import(&args[1..], out, err),
        Some("carry") => cmd_carry(&args[1..], err),
        Some("restore") => cmd_restore(&args[1..], err),
        Some("help" | "--help" | "-h") | None => {
            let _ = writeln!(out, "{USAGE}");
            Ok(OK)
        }
        Some("--version" | "-V") => {
            let _ = writeln!(out, "{}", version_text());
            Ok(OK)
        }
        Some(other) => Err(Fail(format!("未知命令“{other}”\n\n{USAGE}"))),
    };
    match result {
        Ok(code) => code,
        Err(Fail(msg)) => {
            let _ = writeln!(err, "yusuan：{msg}");
            UNUSABLE
        }
    }
}

/// The lines of [`USAGE`] that describe a command (`export`, `layout`), with the lines
/// that continue them: the one text for `yusuan CMD --help` and for every usage message.
pub fn usage_of(cmd: &str) -> String {
    let head = format!("  yusuan {cmd}");
    let mut out = Vec::new();
    let mut taking = false;
    for line in USAGE.lines() {
        if !line.starts_with("   ") {
            taking = line == head || line.starts_with(&format!("{head} "));
        }
        if taking {
            out.push(line);
        }
    }
    out.join("\n")
}

/// A wrong use of a command: its usage.
fn usage_fail(cmd: &str) -> Fail {
    Fail(format!("用法：\n{}", usage_of(cmd)))
}

/// Splits arguments into positionals and `--flag [value]` options.
struct Args {
    positional: Vec<String>,
    flags: Vec<(String, Option<String>)>,
}

fn parse_args(
    args: &[String],
    cmd: &str,
    with_value: &[&str],
    switches: &[&str],
) -> Result<Args, Fail> {
    // Every option a command takes is in its usage text.
    debug_assert!(
        with_value
            .iter()
            .chain(switches)
            .all(|o| usage_of(cmd).contains(&format!("--{o}"))),
        "an option of {cmd} missing from its usage"
    );
    let mut a = Args {
        positional: Vec::new(),
        flags: Vec::new(),
    };
    let mut it = args.iter();
    while let Some(x) = it.next() {
        if let Some(name) = x.strip_prefix("--") {
            if a.flags.iter().any(|(n, _)| n == name) {
                return Err(Fail(format!("选项 --{name} 只能给一次")));
            }
            if with_value.contains(&name) {
                let v = it
                    .next()
                    .ok_or_else(|| Fail(format!("选项 --{name} 后面需要一个值")))?;
                a.flags.push((name.to_string(), Some(v.clone())));
            } else if switches.contains(&name) {
                a.flags.push((name.to_string(), None));
            } else {
                return Err(Fail(format!("未知选项“{x}”\n用法：\n{}", usage_of(cmd))));
            }
        } else {
            a.positional.push(x.clone());
        }
    }
    Ok(a)
}

impl Args {
    fn value(&self, name: &str) -> Option<&str> {
        self.flags
            .iter()
            .find(|(n, _)| n == name)
            .and_then(|(_, v)| v.as_deref())
    }
    fn has(&self, name: &str) -> bool {
        self.flags.iter().any(|(n, _)| n == name)
    }
    /// The positional arguments, when there are `n`; else the usage of `cmd`.
    fn exactly(&self, n: usize, cmd: &str) -> Result<&[String], Fail> {
        if self.positional.len() != n {
            return Err(usage_fail(cmd));
        }
        Ok(&self.positional)
    }
}

/// The built-in layout of this id, or a message listing the ones there are.
fn builtin_layout(id: &str) -> Result<std::sync::Arc<crate::engine::layout::Layout>, Fail> {
    crate::engine::layout::builtin(id).ok_or_else(|| {
        let known: Vec<String> = crate::engine::layout::builtins()
            .iter()
            .map(|l| format!("{}（{}）", l.id(), l.name()))
            .collect();
        Fail(format!("没有表样“{id}”：可用的表样为 {}", known.join("、")))
    })
}

fn cmd_new(args: &[String], err: &mut dyn Write) -> Outcome {
    let a = parse_args(
        args,
        "new",
        &["name", "code", "year", "region", "layout"],
        &[],
    )?;
    let p = a.exactly(1, "new")?;
    let path = PathBuf::from(&p[0]);
    let layout = a.value("layout").map(builtin_layout).transpose()?;
    let year = a.value("year").ok_or_else(|| {
        Fail(format!(
            "请用 --year 指定预算年度\n用法：\n{}",
            usage_of("new")
        ))
    })?;
    let draft = crate::engine::create::BudgetDraft {
        name: a.value("name").unwrap_or("").to_string(),
        code: a.value("code").unwrap_or("").to_string(),
        year: year.to_string(),
        region: a.value("region").unwrap_or("").to_string(),
        units: Vec::new(),
    };
    let mut budget = draft.department_only().map_err(|problems| {
        let lines: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        Fail(format!(
            "未新建预算：{}\n用法：\n{}",
            lines.join("；"),
            usage_of("new")
        ))
    })?;
    if let Some(l) = layout {
        budget.layout = l;
    }
    ops::new_budget(&path, &budget)?;
    let _ = writeln!(
        err,
        "已新建预算：{}（{} {} 年）；可用 yusuan import {} 数据.xlsx 导入单位、收入、支出明细等",
        path.display(),
        budget.department.name,
        budget.department.year,
        path.display()
    );
    Ok(OK)
}

/// Where a generated budget goes: a file already there is refused, or with `--force`
/// removed.
fn make_room(path: &std::path::Path, force: bool) -> Result<(), Fail> {
    if !path.exists() {
        return Ok(());
    }
    if !force {
        return Err(Fail(format!(
            "文件已存在：{}（如确要覆盖，请加 --force）",
            path.display()
        )));
    }
    std::fs::remove_file(path).map_err(|e| {
        Fail(format!(
            "无法删除已有文件 {}：{}",
            path.display(),
            io_reason(&e)
        ))
    })
}

fn cmd_demo(args: &[String], err: &mut dyn Write) -> Outcome {
    let a = parse_args(args, "demo", &[], &["force", "shanghai"])?;
    let p = a.exactly(1, "demo")?;
    let path = PathBuf::from(&p[0]);
    make_room(&path, a.has("force"))?;
    let budget = if a.has("shanghai") {
        crate::exchange::demo::shanghai_demo_budget()
    } else {
        crate::exchange::demo::demo_budget()
    }
    .map_err(|e| Fail(format!("演示数据有误：{e}")))?;
    ops::new_budget(&path, &budget)?;
    let _ = writeln!(
        err,
        "已生成演示预算：{}（{} {} 年，{} 条支出明细，表样：{}）",
        path.display(),
        budget.department.name,
        budget.department.year,
        budget.lines.len(),
        budget.layout.name()
    );
    Ok(OK)
}

fn cmd_gen(args: &[String], err: &mut dyn Write) -> Outcome {
    let a = parse_args(
        args,
        "gen",
        &["lines", "units", "projects", "seed", "dept"],
        &["force"],
    )?;
    let p = a.exactly(1, "gen")?;
    let num = |name: &str, dflt: usize, max: usize| -> Result<usize, Fail> {
        match a.value(name) {
            None => Ok(dflt),
            Some(v) => v
                .parse::<usize>()
                .ok()
                .filter(|n| *n <= max)
                .ok_or_else(|| Fail(format!("--{name} 应为不超过 {max} 的整数，而不是“{v}”"))),
        }
    };
    // Units and projects in proportion to the lines unless given.
    let mut spec = crate::exchange::generate::GenSpec::of_lines(num("lines", 20_000, 2_000_000)?);
    spec.units = num("units", spec.units, 10_000)?.max(1);
    spec.projects = num("projects", spec.projects, 100_000)?;
    spec.seed = num("seed", spec.seed as usize, usize::MAX)? as u64;
    spec.department = num("dept", spec.department as usize, 999)?.max(1) as u32;
    let path = PathBuf::from(&p[0]);
    make_room(&path, a.has("force"))?;
    let b = crate::exchange::generate::large_budget(spec);
    ops::new_budget(&path, &b)?;
    let _ = writeln!(
        err,
        "已生成：{}（{} 个单位，{} 个项目，{} 条支出明细）",
        path.display(),
        b.units.len(),
        b.projects.len(),
        b.lines.len()
    );
    Ok(OK)
}

fn cmd_export(args: &[String], err: &mut dyn Write) -> Outcome {
    let a = parse_args(
        args,
        "export",
        &["xlsx", "pdf", "docx", "charts", "data"],
        &["wan", "remarks", "names", "working"],
    )?;
    let p = a.exactly(1, "export")?;
    let wanted: Vec<(ExportKind, &str)> = [
        (ExportKind::Data, "data"),
        (ExportKind::Xlsx, "xlsx"),
        (ExportKind::Pdf, "pdf"),
        (ExportKind::Docx, "docx"),
        (ExportKind::Charts, "charts"),
    ]
    .into_iter()
    .filter_map(|(k, option)| a.value(option).map(|v| (k, v)))
    .collect();
    if wanted.is_empty() {
        return Err(Fail(format!(
            "请至少指定一种输出：--xlsx、--pdf、--docx、--charts 或 --data\n用法：\n{}",
            usage_of("export")
        )));
    }
    let doc = ops::open_to_read(&PathBuf::from(&p[0]))?;
    let b = doc.budget();
    let published = wanted.iter().any(|(k, _)| k.is_published());
    // The data workbook is the budget's records, not a publication: no draft mark.
    let mut warned = false;
    for (kind, out) in &wanted {
        if kind.is_published() && !warned {
            warned = true;
            if let Some(mark) = crate::exchange::export::draft_mark(b) {
                let _ = writeln!(
                    err,
                    "警告：此预算尚有错误（yusuan check 可列出），导出的文件已标“{mark}”"
                );
            }
        }
        let options = ops::ExportOptions {
            wan: a.has("wan"),
            remarks: a.has("remarks"),
            names: a.has("names"),
            working: a.has("working"),
        };
        let r = ops::export(b, *kind, &PathBuf::from(out), &options)?;
        let what = if *kind == ExportKind::Data {
            "已导出预算数据"
        } else {
            "已导出"
        };
        for f in &r.written {
            let _ = writeln!(err, "{what}：{}", f.display());
        }
    }
    // What made the export a draft, at the end where the officer reads it.
    if published {
        let errors: Vec<_> = doc
            .derived()
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .collect();
        if !errors.is_empty() {
            let _ = writeln!(
                err,
                "尚有 {} 个错误，改正后再导出即为正式稿：",
                errors.len()
            );
            for f in errors {
                let _ = writeln!(err, "{f}");
            }
        }
    }
    Ok(OK)
}

fn cmd_import(args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> Outcome {
    let a = parse_args(args, "import", &["template"], &["dry-run", "replace"])?;
    if let Some(t) = a.value("template") {
        ops::save_template(None, &PathBuf::from(t))?;
        let _ = writeln!(err, "已保存导入模板：{t}");
        return Ok(OK);
    }
    let p = a.exactly(2, "import")?;
    let path = PathBuf::from(&p[0]);
    let mode = if a.has("replace") {
        crate::exchange::import::Mode::Replace
    } else {
        crate::exchange::import::Mode::Add
    };
    let mut doc = if a.has("dry-run") {
        ops::open_to_read(&path)?
    } else {
        ops::open_to_change(&path)?
    };
    let preview = ops::preview_import(&doc, &PathBuf::from(&p[1]), mode);
    for note in &preview.notes {
        let _ = writeln!(err, "注意：{note}");
    }
    if a.has("dry-run") && preview.problems.is_empty() && preview.edit().is_some() {
        let _ = writeln!(
            err,
            "检查通过，可以导入：{}（--dry-run：未写入）",
            preview.summary()
        );
        return Ok(OK);
    }
    let r = ops::import(&mut doc, &preview).map_err(|f| {
        for d in &f.details {
            let _ = writeln!(out, "{d}");
        }
        Fail(f.message)
    })?;
    say(err, &r);
    Ok(OK)
}

fn cmd_carry(args: &[String], err: &mut dyn Write) -> Outcome {
    let a = parse_args(args, "carry", &[], &[])?;
    let p = a.exactly(2, "carry")?;
    let mut doc = ops::open_to_change(&PathBuf::from(&p[0]))?;
    let r = ops::carry_over(&mut doc, &PathBuf::from(&p[1]))?;
    say(err, &r);
    Ok(OK)
}

fn cmd_diff(args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> Outcome {
    let a = parse_args(args, "diff", &[], &[])?;
    let p = a.exactly(2, "diff")?;
    let after = ops::open_to_read(&PathBuf::from(&p[1]))?;
    let d = ops::compare(&PathBuf::from(&p[0]), after.budget())?;
    if let Some(w) = &d.warning {
        let _ = writeln!(err, "{w}");
    }
    let _ = out.write_all(d.text().as_bytes());
    if d.is_empty() {
        let _ = writeln!(err, "两个文件的内容相同");
        Ok(OK)
    } else {
        let _ = writeln!(
            err,
            "{} 条记录有变化，公开表中 {} 个数字有变化",
            d.records.len(),
            d.cells.len()
        );
        Ok(FINDINGS)
    }
}

fn cmd_consolidate(args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> Outcome {
    let a = parse_args(
        args,
        "consolidate",
        &["out", "summary", "tables"],
        &["force"],
    )?;
    let p = a.exactly(1, "consolidate")?;
    let Some(target) = a.value("out") else {
        return Err(Fail(format!(
            "请用 --out 指定汇总文件\n用法：\n{}",
            usage_of("consolidate")
        )));
    };
    let target = PathBuf::from(target);
    if target.exists() && !a.has("force") {
        return Err(Fail(format!(
            "文件已存在：{}（要替换它请加 --force）",
            target.display()
        )));
    }
    let (c, report) = ops::consolidate(&PathBuf::from(&p[0]), &target, true)?;
    let summary = crate::exchange::consolidate::summary_csv(&c);
    if let Some(s) = a.value("summary") {
        crate::exchange::export::write_atomically(&PathBuf::from(s), summary.as_bytes())
            .map_err(Fail)?;
    }
    if let Some(t) = a.value("tables") {
        let t = PathBuf::from(t);
        let write = |dir: PathBuf, b: &crate::engine::model::Budget| {
            crate::exchange::export::csv::write_all(&tables::all_tables(b), &dir)
                .map_err(|e| Fail(format!("无法写入 {}：{e}", dir.display())))
        };
        write(t.join("合计"), &c.budget)?;
        for (d, b) in &c.departments {
            write(t.join(format!("{}-{}", d.code, d.name)), b)?;
        }
    }
    let _ = out.write_all(summary.trim_start_matches('\u{feff}').as_bytes());
    let _ = writeln!(err, "{}", report.done);
    Ok(OK)
}

fn cmd_tables(args: &[String], err: &mut dyn Write) -> Outcome {
    let a = parse_args(args, "tables", &["out"], &[])?;
    let p = a.exactly(1, "tables")?;
    let out = a
        .value("out")
        .ok_or_else(|| Fail("请用 --out 指定输出目录".into()))?;
    let doc = ops::open_to_read(&PathBuf::from(&p[0]))?;
    let all = &doc.derived().tables;
    crate::exchange::export::csv::write_all(all, &PathBuf::from(out))
        .map_err(|e| Fail(format!("无法写入目录 {out}：{}", io_reason(&e))))?;
    let _ = writeln!(err, "已输出 {} 张表到 {out}", all.len());
    Ok(OK)
}

fn cmd_check(args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> Outcome {
    let a = parse_args(args, "check", &[], &[])?;
    let p = a.exactly(1, "check")?;
    let doc = ops::open_to_read(&PathBuf::from(&p[0]))?;
    let findings = &doc.derived().findings;
    for f in findings {
        let _ = writeln!(out, "{f}");
    }
    let (e, w) = checks::counts(findings);
    let _ = writeln!(err, "共 {e} 个错误，{w} 个警告");
    Ok(if findings.iter().any(|f| f.severity == Severity::Error) {
        FINDINGS
    } else {
        OK
    })
}

fn cmd_narrative(args: &[String], out: &mut dyn Write) -> Outcome {
    let a = parse_args(args, "narrative", &[], &[])?;
    let p = a.exactly(1, "narrative")?;
    let doc = ops::open_to_read(&PathBuf::from(&p[0]))?;
    let _ = write!(
        out,
        "{}",
        crate::engine::narrative::narrative(doc.budget()).text()
    );
    Ok(OK)
}

fn cmd_catalog(args: &[String], err: &mut dyn Write) -> Outcome {
    let a = parse_args(args, "catalog", &[], &[])?;
    let usage = "catalog";
    let kind_of = |s: &str| {
        CatalogKind::from_key(s).ok_or_else(|| {
            Fail(format!(
                "未知的目录类别“{s}”：应为 function、economic_dept、economic_gov 或 economic_mapping"
            ))
        })
    };
    let r = match a.positional.first().map(String::as_str) {
        Some("load") => {
            let p = a.exactly(4, usage)?;
            let kind = kind_of(&p[2])?;
            let mut doc = ops::open_to_change(&PathBuf::from(&p[1]))?;
            ops::load_catalog(&mut doc, kind, &PathBuf::from(&p[3]))?
        }
        Some("reset") => {
            let p = a.exactly(3, usage)?;
            let kind = kind_of(&p[2])?;
            let mut doc = ops::open_to_change(&PathBuf::from(&p[1]))?;
            ops::reset_catalog(&mut doc, kind)?
        }
        _ => return Err(usage_fail(usage)),
    };
    say(err, &r);
    Ok(OK)
}

fn cmd_layouts(args: &[String], out: &mut dyn Write) -> Outcome {
    let a = parse_args(args, "layouts", &[], &[])?;
    a.exactly(0, "layouts")?;
    for l in crate::engine::layout::builtins() {
        let _ = writeln!(out, "{}\t{}", l.id(), l.name());
    }
    Ok(OK)
}

fn cmd_layout(args: &[String], err: &mut dyn Write) -> Outcome {
    let a = parse_args(args, "layout", &[], &[])?;
    let usage = "layout";
    let r = match a.positional.first().map(String::as_str) {
        Some("load") => {
            let p = a.exactly(3, usage)?;
            let mut doc = ops::open_to_change(&PathBuf::from(&p[1]))?;
            ops::load_layout(&mut doc, &PathBuf::from(&p[2]))?
        }
        Some("use") => {
            let p = a.exactly(3, usage)?;
            let mut doc = ops::open_to_change(&PathBuf::from(&p[1]))?;
            ops::use_layout(&mut doc, &p[2])?
        }
        Some("save") => {
            let p = a.exactly(3, usage)?;
            let doc = ops::open_to_read(&PathBuf::from(&p[1]))?;
            ops::save_layout(doc.budget(), &PathBuf::from(&p[2]))?
        }
        _ => return Err(usage_fail(usage)),
    };
    say(err, &r);
    Ok(OK)
}

fn cmd_standards(args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> Outcome {
    let a = parse_args(args, "standards", &[], &[])?;
    let usage = "standards";
    let r = match a.positional.first().map(String::as_str) {
        Some("list") => {
            a.exactly(1, usage)?;
            for (id, name) in crate::engine::staffing::file::builtins() {
                let _ = writeln!(out, "{id}\t{name}");
            }
            return Ok(OK);
        }
        Some("show") => {
            let p = a.exactly(2, usage)?;
            let doc = ops::open_to_read(&PathBuf::from(&p[1]))?;
            let w = crate::engine::staffing::working::of(doc.budget());
            let titles: Vec<&str> = crate::engine::staffing::working::COLUMNS
                .iter()
                .map(|(t, _)| *t)
                .collect();
            let _ = writeln!(out, "{}\t算式", titles.join("\t"));
            for r in w.iter() {
                let _ = writeln!(out, "{}\t{}", r.cells.join("\t"), r.text);
            }
            for g in &w.gaps {
                let _ = writeln!(err, "{g}");
            }
            return Ok(OK);
        }
        Some("load") => {
            let p = a.exactly(3, usage)?;
            let mut doc = ops::open_to_change(&PathBuf::from(&p[1]))?;
            ops::load_standards(&mut doc, &PathBuf::from(&p[2]))?
        }
        Some("use") => {
            let p = a.exactly(3, usage)?;
            let mut doc = ops::open_to_change(&PathBuf::from(&p[1]))?;
            ops::use_standards(&mut doc, &p[2])?
        }
        Some("save") => {
            let p = a.exactly(3, usage)?;
            let doc = ops::open_to_read(&PathBuf::from(&p[1]))?;
            ops::save_standards(doc.budget(), "", &PathBuf::from(&p[2]))?
        }
        _ => return Err(usage_fail(usage)),
    };
    say(err, &r);
    Ok(OK)
}

fn cmd_restore(args: &[String], err: &mut dyn Write) -> Outcome {
    let a = parse_args(args, "restore", &[], &[])?;
    let p = a.exactly(1, "restore")?;
    let (_, r) = ops::restore(&PathBuf::from(&p[0]))?;
    say(err, &r);
    Ok(OK)
}

/// What an operation did: the backup it kept, then what it did.
fn say(err: &mut dyn Write, r: &ops::Report) {
    if let Some(b) = &r.backup {
        let _ = writeln!(err, "已保留备份：{}", b.display());
    }
    let _ = writeln!(err, "{}", r.done);
}
