//! Importing a budget's records from a workbook (.xlsx) or a CSV file: the sheets of the
//! data workbook (`workbook.rs`: 单位信息, 单位, 收入, 上年数, 项目, 支出明细, 绩效指标,
//! 政府采购, 资产, 变动原因, and official catalogs), laid out as the template
//! ([`template_xlsx`]) or as the 一体化 system exports them (its field names are
//! understood: agency_code, exp_func_code, dep_bgt_eco_code, gov_bgt_eco_code,
//! fund_type_code, pro_code, pro_name, …).
//!
//! An import is read and checked whole first ([`read`]): the preview lists every row's
//! problems, sheet by sheet. Only an import without problems becomes one edit
//! ([`Preview::edit`]), which the store applies all or nothing.

mod draft;
mod files;
pub mod payroll;
mod rows;
mod sheets;

pub use crate::exchange::workbook::template_xlsx;
pub use draft::draft_from;
pub use files::{csv_sheets, read_sheets, xlsx_sheets};
pub use rows::{Row, Rows, RowsBuilder};

use crate::engine::catalog::LoadedCatalog;
use crate::engine::edit::Edit;
use crate::engine::model::*;
use crate::engine::records::{PriorFigure, Reason};
use crate::exchange::workbook::WorkbookSheet;
use std::fmt;
use std::path::Path;

/// A problem in one row of one sheet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub sheet: String,
    /// 1-based row in the sheet, as Excel shows it; 0 = the sheet or file as a whole.
    pub row: usize,
    pub column: String,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.row, self.column.is_empty()) {
            (0, _) => write!(f, "“{}”：{}", self.sheet, self.message),
            (r, true) => write!(f, "“{}”第 {r} 行：{}", self.sheet, self.message),
            (r, false) => write!(
                f,
                "“{}”第 {r} 行“{}”：{}",
                self.sheet, self.column, self.message
            ),
        }
    }
}

/// What an import would do, and what is wrong with it. Records the import leaves as
/// they are in the budget are not in it.
#[derive(Clone, Debug, Default)]
pub struct Preview {
    /// The department's facts, when the import changes them.
    pub department: Option<Department>,
    pub catalogs: Vec<LoadedCatalog>,
    /// New units, with the ids the lines and projects of the same import refer to.
    pub new_units: Vec<Unit>,
    /// Units of the same code already in the budget, with their new contents.
    pub updated_units: Vec<Unit>,
    /// The standards' rules, when the file has them: they replace the budget's.
    pub rules: Option<Vec<Rule>>,
    /// Rows of the roster (人员), with the ids they will have.
    pub persons: Vec<Person>,
    pub income: Vec<Income>,
    pub prior_functions: Vec<PriorFunction>,
    pub prior_items: Vec<PriorFigure>,
    pub new_projects: Vec<Project>,
    /// Projects of the same name already in the budget, with their new contents.
    pub updated_projects: Vec<Project>,
    pub lines: Vec<Line>,
    pub indicators: Vec<Indicator>,
    pub procurement: Vec<Procurement>,
    pub assets: Vec<Asset>,
    pub reasons: Vec<Reason>,
    pub problems: Vec<Problem>,
    /// What the import leaves out or should make the user look twice at, without
    /// refusing it (a hidden sheet, columns it does not know, lines already there).
    pub notes: Vec<String>,
    /// How the lines, indicators and procurement items of the file go in.
    pub mode: Mode,
    /// In [`Mode::Replace`], the records of the budget it removes: lines, indicators,
    /// procurement items (only of the kinds the file has a sheet of).
    pub removed: Removed,
}

/// How an import's lines, indicators and procurement items go in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Mode {
    /// Added to those of the budget.
    #[default]
    Add,
    /// In place of those of the budget (the workbook came back from Excel).
    Replace,
}

/// The ids of the records an import in [`Mode::Replace`] removes.
#[derive(Clone, Debug, Default)]
pub struct Removed {
    pub lines: Vec<i64>,
    pub persons: Vec<i64>,
    /// The budget's rules, replaced by the file's (in either mode).
    pub rules: Vec<i64>,
    pub indicators: Vec<i64>,
    pub procurement: Vec<i64>,
}

impl Preview {
    pub fn is_empty(&self) -> bool {
        self.counts().iter().all(|(_, n, _)| *n == 0)
    }

    /// Each kind of record with how many the import writes and the unit it is counted in.
    fn counts(&self) -> Vec<(&'static str, usize, &'static str)> {
        vec![
            ("单位信息", usize::from(self.department.is_some()), "项"),
            ("科目目录", self.catalogs.len(), "个"),
            (
                "单位",
                self.new_units.len() + self.updated_units.len(),
                "个",
            ),
            ("测算标准", self.rules.as_ref().map_or(0, Vec::len), "条"),
            ("人员", self.persons.len(), "行"),
            ("收入", self.income.len(), "项"),
            (
                "上年数",
                self.prior_functions.len() + self.prior_items.len(),
                "项",
            ),
            (
                "项目",
                self.new_projects.len() + self.updated_projects.len(),
                "个",
            ),
            ("支出明细", self.lines.len(), "条"),
            ("绩效指标", self.indicators.len(), "个"),
            ("政府采购", self.procurement.len(), "项"),
            ("资产", self.assets.len(), "项"),
            ("变动原因", self.reasons.len(), "条"),
        ]
    }

    /// `支出明细 120 条、项目 3 个（新增 2、更新 1）、绩效指标 8 个`: what the import
    /// writes, kind by kind (kinds it does not touch left out); in [`Mode::Replace`]
    /// with what it removes.
    pub fn summary(&self) -> String {
        let added = self.added();
        let r = &self.removed;
        let removed: Vec<String> = [
            ("支出明细", r.lines.len(), "条"),
            ("人员", r.persons.len(), "行"),
            ("绩效指标", r.indicators.len(), "个"),
            ("政府采购", r.procurement.len(), "项"),
        ]
        .iter()
        .filter(|(_, n, _)| *n > 0)
        .map(|(what, n, unit)| format!("{what} {n} {unit}"))
        .collect();
        if removed.is_empty() {
            added
        } else {
            format!("{added}；替换已有的{}", removed.join("、"))
        }
    }

    fn added(&self) -> String {
        let split = |new: usize, updated: usize| {
            if new > 0 && updated > 0 {
                format!("（新增 {new}、更新 {updated}）")
            } else if updated > 0 {
                "（更新）".to_string()
            } else {
                String::new()
            }
        };
        let parts: Vec<String> = self
            .counts()
            .into_iter()
            .filter(|(_, n, _)| *n > 0)
            .map(|(what, n, unit)| {
                let detail = match what {
                    "单位" => split(self.new_units.len(), self.updated_units.len()),
                    "项目" => split(self.new_projects.len(), self.updated_projects.len()),
                    _ => String::new(),
                };
                if what == "单位信息" {
                    "单位信息".to_string()
                } else {
                    format!("{what} {n} {unit}{detail}")
                }
            })
            .collect();
        if parts.is_empty() {
            "没有需要写入的变化".into()
        } else {
            parts.join("、")
        }
    }

    /// The import as one edit, when it has no problems.
    pub fn edit(&self) -> Option<Edit> {
        if !self.problems.is_empty() || (self.is_empty() && self.removed.lines.is_empty()) {
            return None;
        }
        let mut v: Vec<Edit> = Vec::new();
        // What the file replaces goes first.
        if !self.removed.lines.is_empty() {
            v.push(Edit::DeleteLines(self.removed.lines.clone()));
        }
        v.extend(
            self.removed
                .indicators
                .iter()
                .map(|i| Edit::delete::<Indicator>(*i)),
        );
        v.extend(
            self.removed
                .procurement
                .iter()
                .map(|i| Edit::delete::<Procurement>(*i)),
        );
        v.extend(self.department.clone().map(Edit::put));
        v.extend(self.catalogs.iter().cloned().map(Edit::LoadCatalog));
        // New units and projects keep their preview ids: lines, projects and indicators
        // of the same import refer to them.
        v.extend(
            self.new_units
                .iter()
                .chain(&self.updated_units)
                .cloned()
                .map(Edit::put),
        );
        if let Some(rules) = &self.rules {
            let s = crate::engine::staffing::file::Standards {
                name: String::new(),
                rules: rules.clone(),
            };
            v.push(crate::engine::staffing::file::replace_edit(
                &self.removed.rules,
                &s,
            ));
        }
        v.extend(
            self.removed
                .persons
                .iter()
                .map(|i| Edit::delete::<Person>(*i)),
        );
        v.extend(
            self.persons
                .iter()
                .cloned()
                .map(|p| Edit::put(Person { id: 0, ..p })),
        );
        v.extend(self.income.iter().cloned().map(Edit::put));
        v.extend(self.prior_functions.iter().cloned().map(Edit::put));
        v.extend(self.prior_items.iter().cloned().map(Edit::put));
        v.extend(
            self.new_projects
                .iter()
                .chain(&self.updated_projects)
                .cloned()
                .map(Edit::put),
        );
        // New lines, indicators and procurement items get their ids from the store; the
        // preview's ids only show what they will be.
        if !self.lines.is_empty() {
            v.push(Edit::PutLines(
                self.lines
                    .iter()
                    .cloned()
                    .map(|l| Line { id: 0, ..l })
                    .collect(),
            ));
        }
        v.extend(
            self.indicators
                .iter()
                .cloned()
                .map(|i| Edit::put(Indicator { id: 0, ..i })),
        );
        v.extend(
            self.procurement
                .iter()
                .cloned()
                .map(|p| Edit::put(Procurement { id: 0, ..p })),
        );
        v.extend(self.assets.iter().cloned().map(Edit::put));
        v.extend(self.reasons.iter().cloned().map(Edit::put));
        Some(Edit::Batch(v))
    }
}

/// A sheet of an import file: which records it holds, its name in the file (which the
/// problems give), and its rows.
#[derive(Clone, Debug)]
pub struct SheetRows {
    pub kind: WorkbookSheet,
    pub name: String,
    pub rows: Rows,
    /// Why the sheet is not imported (hidden, or a second sheet of its kind).
    pub skipped: Option<String>,
    /// What the preview says of the sheet as a whole (its formula cells).
    pub notes: Vec<String>,
    /// Cells that cannot be read as the officer sees them: (row as Excel shows it,
    /// column header or empty, message).
    pub problems: Vec<(usize, String, String)>,
}

/// Whether a row holds nothing.
pub fn is_blank(row: &[impl AsRef<str>]) -> bool {
    row.iter().all(|c| c.as_ref().trim().is_empty())
}

/// Reads a file and checks every row against the budget; nothing is written. Its lines,
/// indicators and procurement items would be added.
pub fn read(path: &Path, b: &Budget) -> Preview {
    read_in(path, b, Mode::Add)
}

/// Reads a file for an import in the given mode; nothing is written.
pub fn read_in(path: &Path, b: &Budget, mode: Mode) -> Preview {
    match read_sheets(path) {
        Ok(sheets) => preview(&sheets, b, mode),
        Err(e) => Preview {
            problems: vec![Problem {
                sheet: path
                    .file_name()
                    .map(|f| f.to_string_lossy().to_string())
                    .unwrap_or_default(),
                row: 0,
                column: String::new(),
                message: e,
            }],
            ..Preview::default()
        },
    }
}

/// Checks the sheets of a file against the budget. Sheets are read in the order their
/// records depend on one another, whatever their order in the file: 单位信息 and
/// catalogs, units, then what names units and projects.
pub fn preview(sheets: &[SheetRows], b: &Budget, mode: Mode) -> Preview {
    let mut p = Preview {
        mode,
        ..Preview::default()
    };
    p.notes
        .extend(sheets.iter().filter_map(|s| s.skipped.clone()));
    for s in sheets.iter().filter(|s| s.skipped.is_none()) {
        // The note says formula cells are read by their saved values: not when one of
        // them is refused.
        if s.problems.is_empty() {
            p.notes.extend(s.notes.iter().cloned());
        }
        p.problems
            .extend(s.problems.iter().map(|(row, column, message)| Problem {
                sheet: s.name.clone(),
                row: *row,
                column: column.clone(),
                message: message.clone(),
            }));
    }
    let known: Vec<(WorkbookSheet, &String, &Rows)> = sheets
        .iter()
        .filter(|s| s.skipped.is_none())
        .map(|s| (s.kind, &s.name, &s.rows))
        .collect();
    if known.is_empty() {
        p.problems.push(Problem {
            sheet: "文件".into(),
            row: 0,
            column: String::new(),
            message: format!(
                "没有可导入的工作表（应为：{}）",
                WorkbookSheet::RECORDS.map(WorkbookSheet::name).join("、")
            ),
        });
        return p;
    }
    // What the records read so far make of the budget: later sheets are checked
    // against it (a line names a unit of the same import).
    let mut scratch = b.clone();
    if mode == Mode::Replace {
        let has = |k: WorkbookSheet| known.iter().any(|(s, _, rows)| *s == k && has_rows(rows));
        if has(WorkbookSheet::Lines) {
            p.removed.lines = b.lines_in_order().iter().map(|l| l.id).collect();
        }
        if has(WorkbookSheet::Indicators) {
            p.removed.indicators = b.indicators.iter().map(|i| i.id).collect();
            scratch.indicators.clear();
        }
        if has(WorkbookSheet::Procurement) {
            p.removed.procurement = b.procurement.iter().map(|x| x.id).collect();
            scratch.procurement.clear();
        }
        if has(WorkbookSheet::Persons) {
            p.removed.persons = b.persons.iter().map(|x| x.id).collect();
            scratch.persons.clear();
        }
    }
    // Units and projects refused on their sheets: what other sheets say of them follows.
    let mut refused: Vec<(&str, &String, Vec<String>)> = Vec::new();
    let mut order: Vec<&(WorkbookSheet, &String, &Rows)> = known.iter().collect();
    order.sort_by_key(|(s, _, _)| match s {
        WorkbookSheet::Department => 0,
        WorkbookSheet::Catalog(k) => {
            1 + crate::engine::catalog::CatalogKind::ALL
                .iter()
                .position(|x| x == k)
                .unwrap_or(0)
        }
        other => {
            10 + WorkbookSheet::RECORDS
                .iter()
                .position(|x| x == other)
                .unwrap_or(0)
        }
    });
    for (sheet, name, rows) in order {
        let mut s = sheets::SheetReader {
            name,
            rows,
            problems: &mut p.problems,
            notes: &mut p.notes,
            refused: Vec::new(),
        };
        if !s.has_data() {
            continue;
        }
        match sheet {
            WorkbookSheet::Department => s.department(&mut scratch, &mut p.department),
            WorkbookSheet::Catalog(kind) => s.catalog(*kind, &mut scratch, &mut p.catalogs),
            WorkbookSheet::Units => s.units(&mut scratch, &mut p.new_units, &mut p.updated_units),
            WorkbookSheet::Standards => {
                let rules = s.rules(&mut scratch);
                // The budget's own rules, as they are, change nothing.
                let plain = |r: &Rule| Rule {
                    id: 0,
                    seq: 0,
                    ..r.clone()
                };
                let mut ours: Vec<&Rule> = b.rules.iter().collect();
                ours.sort_by_key(|r| (r.seq, r.id));
                let same = rules.len() == ours.len()
                    && rules.iter().zip(&ours).all(|(a, o)| plain(a) == plain(o));
                if !same {
                    p.removed.rules = b.rules.iter().map(|r| r.id).collect();
                    p.rules = Some(rules);
                }
            }
            WorkbookSheet::Persons => s.persons(&scratch, &mut p.persons),
            WorkbookSheet::Income => s.income(&mut scratch, &mut p.income),
            WorkbookSheet::Prior => {
                s.prior(&mut scratch, &mut p.prior_functions, &mut p.prior_items)
            }
            WorkbookSheet::Projects => {
                s.projects(&mut scratch, &mut p.new_projects, &mut p.updated_projects)
            }
            WorkbookSheet::Lines => s.lines(&scratch, &mut p.lines),
            WorkbookSheet::Indicators => s.indicators(&scratch, &mut p.indicators),
            WorkbookSheet::Procurement => s.procurement(&scratch, &mut p.procurement),
            WorkbookSheet::Assets => s.assets(&mut scratch, &mut p.assets),
            WorkbookSheet::Reasons => s.reasons(&mut scratch, &mut p.reasons),
        }
        match sheet {
            WorkbookSheet::Units => refused.push(("单位", name, s.refused)),
            WorkbookSheet::Projects => refused.push(("项目", name, s.refused)),
            _ => {}
        }
    }
    for (what, source, names) in refused {
        follow_on(&mut p.problems, what, source, &names);
    }
    typed_where_not_computed(&mut p, &scratch, b);
    if mode == Mode::Add {
        note_repeated_lines(&mut p, b);
    }
    // A roster exported without its names (the default) puts nameless rows in place of
    // named ones: said before it happens.
    if !p.removed.persons.is_empty()
        && b.persons.iter().any(|x| !x.name.is_empty())
        && p.persons.iter().all(|x| x.name.is_empty())
    {
        p.notes.push(
            "人员表没有姓名或岗位：替换后的人员行不再有姓名或岗位（导出预算数据时勾选“包括人员的姓名或岗位”可保留）"
                .into(),
        );
    }
    // Lines get their ids now, so that the preview shows what will be stored.
    // They go after the lines already there, in the order of the file.
    let first = b
        .lines
        .iter()
        .chain(&b.incomplete_lines)
        .map(|l| l.id)
        .max()
        .unwrap_or(0)
        + 1;
    let seq = b.next_seq();
    for (k, (id, l)) in (first..).zip(p.lines.iter_mut()).enumerate() {
        l.id = id;
        l.seq = seq + k as i64 * SEQ_STEP;
    }
    // A row refused for a formula cell is not refused again for the empty value it read.
    let formula_rows: Vec<(String, usize)> = sheets
        .iter()
        .flat_map(|s| s.problems.iter().map(|(row, _, _)| (s.name.clone(), *row)))
        .collect();
    // (A formula's problem names no column; what the reader found in that row does.)
    p.problems
        .retain(|x| x.column.is_empty() || !formula_rows.contains(&(x.sheet.clone(), x.row)));
    if p.problems.is_empty() && !known.iter().any(|(_, _, rows)| has_rows(rows)) {
        p.problems.push(Problem {
            sheet: "文件".into(),
            row: 0,
            column: String::new(),
            message: "文件中没有数据行".into(),
        });
    }
    p
}

/// Whether a sheet has rows under its header.
fn has_rows(rows: &Rows) -> bool {
    rows.iter().filter(|r| !r.is_blank()).count() > 1
}

/// Takes out the problems of other sheets that only repeat that a unit (or project)
/// refused on its own sheet is not there, and says once per sheet how many rows wait
/// for it.
fn follow_on(problems: &mut Vec<Problem>, what: &str, source: &str, names: &[String]) {
    if names.is_empty() {
        return;
    }
    let prefix = format!("没有{what}“");
    let mut waiting: Vec<(String, std::collections::BTreeSet<usize>)> = Vec::new();
    problems.retain(|pr| {
        let Some(named) = pr.message.strip_prefix(&prefix) else {
            return true;
        };
        let named = named.split('”').next().unwrap_or("").trim();
        let code = crate::engine::records::code_of(named);
        if !names
            .iter()
            .any(|n| n == named || (!code.is_empty() && *n == code))
        {
            return true;
        }
        match waiting.iter_mut().find(|(s, _)| *s == pr.sheet) {
            Some((_, rows)) => {
                rows.insert(pr.row);
            }
            None => waiting.push((pr.sheet.clone(), [pr.row].into())),
        }
        false
    });
    for (sheet, rows) in waiting {
        problems.push(Problem {
            sheet,
            row: 0,
            column: String::new(),
            message: format!(
                "另有 {} 行所填的{what}在“{source}”表中有误，改正后再检查",
                rows.len()
            ),
        });
    }
}

/// Notes how many of the lines to add are the same as lines the budget has: a workbook
/// exported from this budget and imported again is to replace, not to add.
fn note_repeated_lines(p: &mut Preview, b: &Budget) {
    let same = |l: &Line| {
        (
            l.unit_id,
            l.func_code.clone(),
            l.dept_econ.clone(),
            l.gov_econ_override.clone(),
            l.nature,
            l.cost_class_override,
            l.project_id,
            l.fund_source,
            l.amount,
            l.remark.clone(),
        )
    };
    let there: std::collections::HashSet<_> = b.lines_in_order().into_iter().map(same).collect();
    let n = p.lines.iter().filter(|l| there.contains(&same(l))).count();
    if n > 0 {
        p.notes.push(format!(
            "有 {n} 条支出明细与预算中已有的完全相同：若是再次导入同一工作簿（如导出后在 Excel 中修改过），请选择“替换”（命令行加 --replace），否则它们会重复"
        ));
    }
}

/// Lines marked 测算 that the budget after the import would not compute (their rule, or
/// the persons it applies to, not in the file nor in the budget) come in as typed lines,
/// and the preview says so: the store would otherwise drop them as no longer computed.
fn typed_where_not_computed(p: &mut Preview, scratch: &Budget, b: &Budget) {
    if !p.lines.iter().any(|l| l.is_computed()) {
        return;
    }
    let mut after = scratch.clone();
    if let Some(rules) = &p.rules {
        after.rules = rules.clone();
    }
    if p.removed.persons.is_empty() {
        after.persons = b.persons.clone();
    } else {
        after.persons.clear();
    }
    after.persons.extend(p.persons.iter().cloned());
    after.persons.sort_by_key(|x| x.id);
    let mut units: Vec<i64> = p
        .lines
        .iter()
        .filter(|l| l.is_computed())
        .map(|l| l.unit_id)
        .collect();
    units.sort_unstable();
    units.dedup();
    let made: std::collections::BTreeSet<(i64, String, String)> = units
        .iter()
        .flat_map(|u| crate::engine::staffing::unit_lines(&after, *u).0)
        .map(|c| (c.unit_id, c.rule, c.func_code))
        .collect();
    let mut typed = 0;
    for l in p.lines.iter_mut().filter(|l| l.is_computed()) {
        let key = (l.unit_id, l.rule().to_string(), l.func_code.clone());
        if !made.contains(&key) {
            l.set_rule(String::new());
            typed += 1;
        }
    }
    if typed > 0 {
        p.notes.push(format!(
            "有 {typed} 条支出明细标为“测算”，但导入后的人员和测算标准不会算出它们：按手工填写的行导入（金额不变）"
        ));
    }
}
