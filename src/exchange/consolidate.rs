//! Consolidation (汇总): a finance bureau combines the department files of a folder into
//! one district budget whose tables (in their common layout) are the totals, and keeps each department's figures
//! and check status beside it.
//!
//! Every file is opened read-only (no file in the folder is changed) and checked as any
//! budget file is; the files are read on all cores. The combination is all or nothing: a
//! file that cannot be used, a second file of the same department, or a file of another
//! year stops it with a message naming each file, and nothing is written.

use crate::engine::base::system::io_reason;
use crate::engine::checks;
use crate::engine::kinds::*;
use crate::engine::model::*;
use crate::engine::money::Money;
use crate::engine::store::{Access, Store};
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

/// One department of a consolidation, with its figures and check status.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DepartmentStatus {
    pub file: PathBuf,
    pub code: String,
    pub name: String,
    pub income: Money,
    pub spending: Money,
    pub basic: Money,
    pub project: Money,
    pub lines: usize,
    pub errors: usize,
    pub warnings: usize,
}

pub struct Consolidation {
    /// The district budget: every unit, line, project and procurement item of every
    /// department; income, last year's figures and assets added up.
    pub budget: Budget,
    /// The departments, by department code, each with its own budget.
    pub departments: Vec<(DepartmentStatus, Budget)>,
}

/// The budget files of a folder: `*.db`, not the hidden backups and partial files yusuan
/// keeps beside a file; sorted by name.
pub fn files_in(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| format!("无法读取文件夹 {}：{}", dir.display(), io_reason(&e)))?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.is_file()
                && p.extension().is_some_and(|e| e.eq_ignore_ascii_case("db"))
                && !p
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        })
        .collect();
    files.sort();
    Ok(files)
}

/// Opens every file read-only and checks it, on as many threads as there are cores; one
/// result a file, in the order of `files`.
fn load_all(files: &[PathBuf]) -> Vec<Result<(DepartmentStatus, Budget), String>> {
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, 8);
    let chunk = files.len().div_ceil(threads).max(1);
    std::thread::scope(|s| {
        let handles: Vec<_> = files
            .chunks(chunk)
            .map(|part| {
                s.spawn(move || {
                    part.iter()
                        .map(|f| {
                            Store::open(f, Access::ReadOnly)
                                .map(|st| {
                                    let b = st.budget().clone();
                                    (status(f, &b), b)
                                })
                                .map_err(|e| e.to_string())
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .zip(files.chunks(chunk))
            .flat_map(|(h, part)| {
                // A thread that failed answers for each of its files.
                h.join().unwrap_or_else(|_| {
                    part.iter()
                        .map(|_| Err("读取时出现内部错误".to_string()))
                        .collect()
                })
            })
            .collect()
    })
}

fn status(file: &Path, b: &Budget) -> DepartmentStatus {
    let findings = crate::engine::derived::findings(b);
    let (errors, warnings) = checks::counts(&findings);
    let (basic, project) = b.by_nature();
    DepartmentStatus {
        file: file.to_path_buf(),
        code: b.department.code.clone(),
        name: b.department.name.clone(),
        income: b.income.iter().map(|i| i.current).sum(),
        spending: basic + project,
        basic,
        project,
        lines: b.lines.len(),
        errors,
        warnings,
    }
}

/// Reads the department files of a folder and combines them.
pub fn consolidate_dir(dir: &Path) -> Result<Consolidation, String> {
    consolidate_dir_except(dir, Path::new(""))
}

/// As [`consolidate_dir`], leaving out `except` (the output, when it is in the folder).
pub fn consolidate_dir_except(dir: &Path, except: &Path) -> Result<Consolidation, String> {
    let skip = std::fs::canonicalize(except).ok();
    let mut files = files_in(dir)?;
    files.retain(|f| skip.is_none() || std::fs::canonicalize(f).ok() != skip);
    if files.is_empty() {
        return Err(format!("文件夹 {} 中没有预算文件（.db）", dir.display()));
    }
    let loaded = load_all(&files);
    let mut problems = Vec::new();
    let mut budgets = Vec::new();
    for (f, r) in files.iter().zip(loaded) {
        match r {
            Ok(loaded) => budgets.push(loaded),
            Err(e) => problems.push(format!("{}：{e}", f.display())),
        }
    }
    if !problems.is_empty() {
        return Err(format!(
            "有 {} 个文件无法汇总，未生成汇总文件：\n{}",
            problems.len(),
            problems.join("\n")
        ));
    }
    combine(budgets)
}

/// Combines department budgets (each with its file and status) into a district budget.
fn combine(budgets: Vec<(DepartmentStatus, Budget)>) -> Result<Consolidation, String> {
    let Some((_, first)) = budgets.first() else {
        return Err("没有可汇总的预算".into());
    };
    let year = first.department.year;
    let region = first.department.region.clone();
    let catalogs = first.loaded_catalogs.clone();
    let layout = first.layout.clone();
    let mut problems = Vec::new();
    let mut seen: BTreeMap<String, &Path> = BTreeMap::new();
    for (status, b) in &budgets {
        let f = status.file.as_path();
        let d = &b.department;
        if d.year != year {
            problems.push(format!(
                "{}：预算年度为 {}，与其他文件（{year}）不同",
                f.display(),
                d.year
            ));
        }
        if b.loaded_catalogs != catalogs {
            problems.push(format!(
                "{}：载入的科目目录与 {} 不同，不能按同一口径汇总",
                f.display(),
                budgets[0].0.file.display()
            ));
        }
        if b.layout != layout {
            problems.push(format!(
                "{}：公开表表样为“{}”，与 {} 的“{}”不同，不能汇总成同一套表",
                f.display(),
                b.layout.name(),
                budgets[0].0.file.display(),
                layout.name()
            ));
        }
        if let Some(other) = seen.insert(d.code.clone(), f) {
            problems.push(format!(
                "部门代码 {}（{}）出现在两个文件中：{} 和 {}",
                d.code,
                d.name,
                other.display(),
                f.display()
            ));
        }
    }
    if !problems.is_empty() {
        return Err(format!(
            "无法汇总，未生成汇总文件：\n{}",
            problems.join("\n")
        ));
    }

    let mut district = Budget {
        department: Department {
            code: String::new(),
            name: format!("{region}部门预算汇总"),
            year,
            region: region.clone(),
            composition: format!("汇总 {} 个部门", budgets.len()),
            ..Department::default()
        },
        loaded_catalogs: catalogs,
        layout,
        ..Budget::default()
    };
    district.refresh_catalog();
    let mut income: BTreeMap<FundSource, (Money, Money)> = BTreeMap::new();
    let mut prior_functions: BTreeMap<(String, Nature), Money> = BTreeMap::new();
    let mut assets: BTreeMap<AssetCategory, (u32, u32)> = BTreeMap::new();
    let mut unit_codes: HashSet<String> = HashSet::new();
    let mut project_names: HashSet<String> = HashSet::new();
    let (mut unit_id, mut project_id, mut line_id, mut indicator_id, mut proc_id) =
        (0i64, 0i64, 0i64, 0i64, 0i64);
    for (_, b) in &budgets {
        let d = &b.department;
        district.department.divisions += d.divisions;
        let mut units = BTreeMap::new();
        for u in &b.units {
            unit_id += 1;
            units.insert(u.id, unit_id);
            let mut code = u.code.clone();
            if !unit_codes.insert(code.clone()) {
                code = format!("{}-{}", d.code, u.code);
                unit_codes.insert(code.clone());
            }
            district.units.push(Unit {
                id: unit_id,
                code,
                name: u.name.clone(),
                kind: u.kind,
                short_name: u.short_name.clone(),
                posts_admin: u.posts_admin,
                posts_institution: u.posts_institution,
                main_func: u.main_func.clone(),
            });
        }
        let mut projects = BTreeMap::new();
        for p in &b.projects {
            project_id += 1;
            projects.insert(p.id, project_id);
            let mut name = p.name.clone();
            if !project_names.insert(name.clone()) {
                name = format!("{}（{}）", p.name, d.name);
                project_names.insert(name.clone());
            }
            district.projects.push(Project {
                id: project_id,
                name,
                unit_id: units.get(&p.unit_id).copied().unwrap_or(0),
                ..p.clone()
            });
        }
        // Project indicators follow their projects; a department's own 整体绩效 indicators
        // describe that department and stay in its file.
        for i in &b.indicators {
            if let Some(pid) = i.project_id.and_then(|p| projects.get(&p)) {
                indicator_id += 1;
                district.indicators.push(Indicator {
                    id: indicator_id,
                    project_id: Some(*pid),
                    ..i.clone()
                });
            }
        }
        for l in &b.lines {
            line_id += 1;
            district.lines.push(Line {
                id: line_id,
                unit_id: units.get(&l.unit_id).copied().unwrap_or(0),
                project_id: l.project_id.and_then(|p| projects.get(&p).copied()),
                seq: line_id * SEQ_STEP,
                // A department's roster and standards stay in its file: in the district's
                // its computed lines are figures like any other.
                computed: None,
                ..l.clone()
            });
        }
        for p in &b.procurement {
            proc_id += 1;
            district.procurement.push(Procurement {
                id: proc_id,
                unit_id: units.get(&p.unit_id).copied().unwrap_or(0),
                ..p.clone()
            });
        }
        for i in &b.income {
            let e = income.entry(i.source).or_default();
            e.0 += i.current;
            e.1 += i.prior;
        }
        for p in &b.prior_functions {
            *prior_functions
                .entry((p.func_code.clone(), p.nature))
                .or_default() += p.amount;
        }
        for (k, m) in &b.prior_items {
            *district.prior_items.entry(*k).or_default() += *m;
        }
        for a in &b.assets {
            let e = assets.entry(a.category).or_default();
            e.0 += a.owned;
            e.1 += a.to_buy;
        }
    }
    district.income = income
        .into_iter()
        .map(|(source, (current, prior))| Income {
            source,
            current,
            prior,
        })
        .collect();
    district.prior_functions = prior_functions
        .into_iter()
        .map(|((func_code, nature), amount)| PriorFunction {
            func_code,
            nature,
            amount,
        })
        .collect();
    district.assets = assets
        .into_iter()
        .map(|(category, (owned, to_buy))| Asset {
            category,
            owned,
            to_buy,
        })
        .collect();
    let mut departments = budgets;
    departments.sort_by(|a, b| a.0.code.cmp(&b.0.code));
    Ok(Consolidation {
        budget: district,
        departments,
    })
}

/// Writes the district budget to `path`, replacing a file there as a whole (the new file
/// is made beside it and takes its name only when complete).
pub fn write(c: &Consolidation, path: &Path) -> Result<(), String> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let tmp = tempfile::Builder::new()
        .prefix(".yusuan-consolidate-")
        .suffix(".db")
        .tempdir_in(dir)
        .map_err(|e| format!("无法写入 {}：{}", path.display(), io_reason(&e)))?;
    let staged = tmp.path().join("district.db");
    drop(Store::create(&staged, &c.budget).map_err(|e| e.to_string())?);
    std::fs::rename(&staged, path)
        .map_err(|e| format!("无法写入 {}：{}", path.display(), io_reason(&e)))
}

/// The departments' figures and check status as CSV (UTF-8 with BOM, for Excel).
pub fn summary_csv(c: &Consolidation) -> String {
    let mut out = String::from(
        "\u{feff}部门代码,部门名称,文件,支出明细条数,收入合计,支出合计,基本支出,项目支出,错误,警告\n",
    );
    let q = |s: &str| {
        let s = crate::exchange::export::csv::inert(s);
        if s.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s
        }
    };
    for (d, _) in &c.departments {
        out.push_str(&format!(
            "{},{},{},{},{},{},{},{},{},{}\n",
            q(&d.code),
            q(&d.name),
            q(&d.file.display().to_string()),
            d.lines,
            d.income.plain(),
            d.spending.plain(),
            d.basic.plain(),
            d.project.plain(),
            d.errors,
            d.warnings
        ));
    }
    let b = &c.budget;
    let income: Money = b.income.iter().map(|i| i.current).sum();
    let spending: Money = b.lines.iter().map(|l| l.amount).sum();
    let (errors, warnings) = c
        .departments
        .iter()
        .fold((0, 0), |(e, w), (d, _)| (e + d.errors, w + d.warnings));
    let basic: Money = c.departments.iter().map(|(d, _)| d.basic).sum();
    let project: Money = c.departments.iter().map(|(d, _)| d.project).sum();
    out.push_str(&format!(
        ",合计,,{},{},{},{},{},{},{}\n",
        b.lines.len(),
        income.plain(),
        spending.plain(),
        basic.plain(),
        project.plain(),
        errors,
        warnings
    ));
    out
}
