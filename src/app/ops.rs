//! The operations of the application, each written once and used by the command line and
//! the window alike: new budget, import, carry-over, layout load, use and save, catalog
//! load and reset, compare, consolidate, restore and export. Each opens what it reads,
//! keeps one backup copy before it replaces data (never two), makes its change through
//! the document (one undoable step in the window) and says what it did in a [`Report`],
//! or why not in a [`Failure`]; the front ends only show these.
//!
//! The backup policy: an operation that brings data in from outside or takes data away
//! wholesale (an import, a carry-over, a layout or catalog file, resetting a catalog,
//! restoring a backup) keeps a copy of the file first; edits made in the grid, and
//! choosing a built-in layout, are undone with 撤销 instead.

use crate::app::document::Document;
use crate::engine::catalog::CatalogKind;
use crate::engine::edit::Edit;
use crate::engine::model::Budget;
use crate::engine::staffing;
use crate::engine::store::{Access, Store, StoreError};
use crate::exchange::import::{Mode, Preview};
use crate::exchange::textfile::{self, limits};
use std::fmt;
use std::path::{Path, PathBuf};

/// What an operation did, as the user is told.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report {
    /// `已导入：支出明细 89 条`.
    pub done: String,
    /// The backup copy kept before the change.
    pub backup: Option<PathBuf>,
    /// The files an export wrote.
    pub written: Vec<PathBuf>,
}

impl Report {
    fn new(done: impl Into<String>) -> Report {
        Report {
            done: done.into(),
            backup: None,
            written: Vec::new(),
        }
    }
}

/// Why an operation did nothing: a message, and the problems it found one by one (an
/// import file's rows, a layout file's lines), when there are several.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    pub message: String,
    pub details: Vec<String>,
}

impl Failure {
    pub fn new(message: impl Into<String>) -> Failure {
        Failure {
            message: message.into(),
            details: Vec::new(),
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Failure {
        Failure::new(e.to_string())
    }
}

impl From<String> for Failure {
    fn from(message: String) -> Failure {
        Failure::new(message)
    }
}

pub type Result<T> = std::result::Result<T, Failure>;

// ---- opening ------------------------------------------------------------------------

/// Opens a budget to change it, or says why it cannot be (another yusuan edits it, the
/// file or its folder cannot be written, a newer version wrote it).
pub fn open_to_change(path: &Path) -> Result<Document> {
    let doc = Document::open(path, false)?;
    match doc.read_only_reason() {
        Some(why) => Err(Failure::new(format!("无法修改 {}：{why}", path.display()))),
        None => Ok(doc),
    }
}

/// Opens a budget to read it (review mode: nothing can change it).
pub fn open_to_read(path: &Path) -> Result<Document> {
    Ok(Document::open(path, true)?)
}

/// Makes a change after keeping a backup copy of the file (one, whatever the change).
fn apply_backed_up(doc: &mut Document, edit: Edit, done: String) -> Result<Report> {
    let backup = doc.apply_backed_up(edit)?;
    Ok(Report {
        backup: Some(backup),
        ..Report::new(done)
    })
}

// ---- new budget ---------------------------------------------------------------------

/// Creates a budget file (never over an existing one) and opens it for editing.
pub fn new_budget(path: &Path, budget: &Budget) -> Result<Document> {
    if path.exists() {
        return Err(Failure::new(format!(
            "文件已存在：{}（新建预算不会覆盖已有文件）",
            path.display()
        )));
    }
    Ok(Document::create(path, budget)?)
}

// ---- import -------------------------------------------------------------------------

/// Reads an import file and checks every row against the budget; nothing is written.
pub fn preview_import(doc: &Document, file: &Path, mode: Mode) -> Preview {
    crate::exchange::import::read_in(file, doc.budget(), mode)
}

/// Imports what a preview read, as one step, after a backup copy: all of it, or nothing
/// when the file has a problem.
pub fn import(doc: &mut Document, preview: &Preview) -> Result<Report> {
    if !preview.problems.is_empty() {
        return Err(Failure {
            message: format!(
                "导入文件有 {} 处问题，未导入任何数据",
                preview.problems.len()
            ),
            details: preview.problems.iter().map(|p| p.to_string()).collect(),
        });
    }
    let Some(edit) = preview.edit() else {
        return Ok(Report::new(
            "文件中的数据与预算中已有的相同，没有需要导入的变化",
        ));
    };
    apply_backed_up(doc, edit, format!("已导入：{}", preview.summary()))
}

// ---- carry-over ---------------------------------------------------------------------

/// Fills in last year's figures, and carries the department's facts, its units and its
/// continuing projects, from last year's budget file.
pub fn carry_over(doc: &mut Document, last_year: &Path) -> Result<Report> {
    let last = Store::open(last_year, Access::ReadOnly)?;
    let (edit, summary) = crate::exchange::carryover::from_last_year(doc.budget(), last.budget())?;
    apply_backed_up(doc, edit, format!("已从上年文件带入：{}", summary.text()))
}

// ---- layouts ------------------------------------------------------------------------

/// Loads a region's own layout file into the budget, after checking it whole: every
/// fault by its line, and nothing loaded, when it has any.
pub fn load_layout(doc: &mut Document, file: &Path) -> Result<Report> {
    let text = textfile::read_text_outside(file, limits::LAYOUT_BYTES, "表样文件")?;
    let layout = crate::engine::layout::load(&text).map_err(|faults| Failure {
        message: format!("{} 有 {} 处问题，未载入", file.display(), faults.len()),
        details: faults.iter().map(|f| f.to_string()).collect(),
    })?;
    let done = format!("已载入表样“{}”：{} 张表", layout.name(), layout.len());
    apply_backed_up(doc, Edit::SetLayout(layout), done)
}

/// Makes the budget follow a built-in layout.
pub fn use_layout(doc: &mut Document, id: &str) -> Result<Report> {
    let layout = crate::engine::layout::builtin(id).ok_or_else(|| {
        let known: Vec<String> = crate::engine::layout::builtins()
            .iter()
            .map(|l| l.id().to_string())
            .collect();
        Failure::new(format!("没有表样“{id}”：可用的表样为 {}", known.join("、")))
    })?;
    let done = format!("已改用表样“{}”", layout.name());
    doc.apply(Edit::SetLayout(layout))?;
    Ok(Report::new(done))
}

/// Writes the layout in force to a file (a start for a region's own).
pub fn save_layout(b: &Budget, to: &Path) -> Result<Report> {
    crate::exchange::export::write_atomically(to, b.layout.source.as_bytes())?;
    Ok(Report::new(format!(
        "已保存表样“{}”到 {}",
        b.layout.name(),
        to.display()
    )))
}

// ---- standards (测算标准) ----------------------------------------------------------------

/// Loads a region's standards file in place of the budget's rules, after checking it
/// whole (every fault by its line; nothing loaded when it has any). The computed lines
/// follow in the same step.
pub fn load_standards(doc: &mut Document, file: &Path) -> Result<Report> {
    let text = textfile::read_text_outside(file, limits::LAYOUT_BYTES, "测算标准文件")?;
    let s = staffing::file::parse(&text, doc.budget()).map_err(|faults| Failure {
        message: format!("{} 有 {} 处问题，未载入", file.display(), faults.len()),
        details: faults.iter().map(|f| f.to_string()).collect(),
    })?;
    let edit = staffing::file::replace_edit(&rule_ids(doc.budget()), &s);
    let done = standards_done(doc, &s, edit)?;
    Ok(Report::new(done))
}

/// Makes the budget follow one of the built-in standards.
pub fn use_standards(doc: &mut Document, id: &str) -> Result<Report> {
    let s = staffing::file::builtin(id, doc.budget())
        .ok_or_else(|| {
            let known: Vec<String> = staffing::file::builtins()
                .iter()
                .map(|(id, name)| format!("{id}（{name}）"))
                .collect();
            Failure::new(format!("没有测算标准“{id}”：可用的为 {}", known.join("、")))
        })?
        .map_err(|faults| Failure {
            message: format!("内置测算标准“{id}”不合此预算的科目目录，未采用"),
            details: faults.iter().map(|f| f.to_string()).collect(),
        })?;
    let edit = staffing::file::replace_edit(&rule_ids(doc.budget()), &s);
    let done = standards_done(doc, &s, edit)?;
    Ok(Report::new(done))
}

fn rule_ids(b: &Budget) -> Vec<i64> {
    b.rules.iter().map(|r| r.id).collect()
}

/// Applies standards (undone with 撤销) and says what they computed.
fn standards_done(doc: &mut Document, s: &staffing::file::Standards, edit: Edit) -> Result<String> {
    doc.apply(edit)?;
    let lines = doc
        .budget()
        .lines
        .iter()
        .filter(|l| l.is_computed())
        .count();
    Ok(format!(
        "已采用测算标准“{}”：{} 条规则，算出 {lines} 条支出明细",
        s.name,
        s.rules.len()
    ))
}

/// Writes the budget's rules to a standards file (what `load_standards` reads back).
pub fn save_standards(b: &Budget, name: &str, to: &Path) -> Result<Report> {
    let name = if name.trim().is_empty() {
        format!("{}测算标准", b.department.name)
    } else {
        name.trim().to_string()
    };
    let text = staffing::file::write(&name, &b.rules, b);
    crate::exchange::export::write_atomically(to, text.as_bytes())?;
    Ok(Report::new(format!(
        "已保存测算标准（{} 条规则）到 {}",
        b.rules.len(),
        to.display()
    )))
}

// ---- catalogs -----------------------------------------------------------------------

/// Loads an official catalog (CSV) in place of the bundled one of its kind, after
/// checking it whole.
pub fn load_catalog(doc: &mut Document, kind: CatalogKind, file: &Path) -> Result<Report> {
    let bytes = textfile::read_outside(file, limits::CATALOG_BYTES, "科目目录文件")?;
    let loaded = crate::engine::catalog::load_official_csv(kind, &bytes, &doc.budget().catalog)
        .map_err(|problems| Failure {
            message: format!("{} 有 {} 处问题，未载入", file.display(), problems.len()),
            details: problems,
        })?;
    let done = format!("已载入{}：{} 条", kind.label(), loaded.len());
    apply_backed_up(doc, Edit::LoadCatalog(loaded), done)
}

/// Goes back to the bundled catalog of a kind.
pub fn reset_catalog(doc: &mut Document, kind: CatalogKind) -> Result<Report> {
    apply_backed_up(
        doc,
        Edit::ResetCatalog(kind),
        format!("已恢复内置{}", kind.label()),
    )
}

// ---- compare, consolidate, restore --------------------------------------------------

/// Compares an earlier stage or draft (a file) with a budget: records field by field, and
/// every figure of the published tables that changed.
pub fn compare(before: &Path, after: &Budget) -> Result<crate::exchange::diff::Diff> {
    let before = Store::open(before, Access::ReadOnly)?;
    Ok(crate::exchange::diff::diff(before.budget(), after))
}

/// Consolidates the department files of a folder into a new file (`replace`: one that
/// exists is replaced; else it is refused).
pub fn consolidate(
    dir: &Path,
    out: &Path,
    replace: bool,
) -> Result<(crate::exchange::consolidate::Consolidation, Report)> {
    if out.exists() && !replace {
        return Err(Failure::new(format!(
            "汇总文件已存在：{}，请换一个文件名",
            out.display()
        )));
    }
    // The output may sit in the folder being read: it is left out of the inputs.
    let c = crate::exchange::consolidate::consolidate_dir_except(dir, out)?;
    crate::exchange::consolidate::write(&c, out)?;
    let with_errors = c.departments.iter().filter(|(d, _)| d.errors > 0).count();
    let done = format!(
        "已汇总 {} 个部门，{} 条支出明细：{}{}",
        c.departments.len(),
        c.budget.lines.len(),
        out.display(),
        if with_errors > 0 {
            format!("（其中 {with_errors} 个部门的检查有错误）")
        } else {
            String::new()
        }
    );
    Ok((c, Report::new(done)))
}

/// Puts the newest backup copy in place of a budget file, keeping a backup of the
/// current content first (so that a restore is itself undone by restoring again). The
/// file must not be open. The backup restored, and the report.
pub fn restore(path: &Path) -> Result<(PathBuf, Report)> {
    if !path.exists() {
        return Err(StoreError::NotFound(path.to_path_buf()).into());
    }
    let Some(latest) = crate::engine::store::backups(path).into_iter().next() else {
        return Err(Failure::new("此文件还没有备份副本"));
    };
    let current = Store::open(path, Access::ReadWrite)?;
    let kept = current.backup_now()?;
    drop(current);
    crate::engine::store::restore_backup(path, &latest)?;
    let done = format!("已恢复备份 {}", latest.display());
    Ok((
        latest,
        Report {
            backup: Some(kept),
            ..Report::new(done)
        },
    ))
}

// ---- export -------------------------------------------------------------------------

/// What an export writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportKind {
    /// The published tables as a workbook.
    Xlsx,
    /// The PDF for printing.
    Pdf,
    /// The 情况说明 as a Word document.
    Docx,
    /// The charts as PNG files, in a folder.
    Charts,
    /// Every record, in the sheets the import reads.
    Data,
}

impl ExportKind {
    /// Whether it is a publication (marked a draft while the budget has errors).
    pub fn is_published(self) -> bool {
        self != ExportKind::Data
    }

    /// Whether the 万元 switch applies.
    pub fn has_wan(self) -> bool {
        matches!(self, ExportKind::Xlsx | ExportKind::Pdf)
    }
}

/// What an export holds besides its kind's own.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ExportOptions {
    /// Tables in 万元.
    pub wan: bool,
    /// The PDF ends with the remarks (批注).
    pub remarks: bool,
    /// The data workbook holds the roster's names (姓名或岗位); left out unless asked.
    pub names: bool,
    /// The 测算表 after the tables (PDF and workbook).
    pub working: bool,
}

/// Writes an export of a budget.
pub fn export(b: &Budget, kind: ExportKind, to: &Path, o: &ExportOptions) -> Result<Report> {
    use crate::exchange::export;
    let names = o.names;
    match kind {
        ExportKind::Xlsx => export::xlsx::write(b, to, o.wan, o.working)?,
        ExportKind::Pdf => export::pdf::write(
            b,
            to,
            &export::pdf::Options {
                in_wan: o.wan,
                remarks: o.remarks,
                working: o.working,
            },
        )?,
        ExportKind::Docx => export::docx::write(b, to)?,
        ExportKind::Charts => {
            let files = export::charts::write_pngs(b, to)?;
            return Ok(Report {
                written: files.clone(),
                ..Report::new(format!("已导出 {} 张图表到 {}", files.len(), to.display()))
            });
        }
        ExportKind::Data => {
            let bytes = crate::exchange::workbook::data_xlsx(b, names)?;
            export::write_atomically(to, &bytes)?
        }
    }
    Ok(Report {
        written: vec![to.to_path_buf()],
        ..Report::new(format!("已导出 {}", to.display()))
    })
}

/// Writes the import template: with a budget, its own records fill the keyed sheets, so
/// that the template imported as it is changes nothing there.
pub fn save_template(b: Option<&Budget>, to: &Path) -> Result<Report> {
    let bytes = match b {
        Some(b) => crate::exchange::workbook::template_xlsx_for(b)?,
        None => crate::exchange::import::template_xlsx()?,
    };
    crate::exchange::export::write_atomically(to, &bytes)?;
    Ok(Report::new(format!("已保存导入模板 {}", to.display())))
}
