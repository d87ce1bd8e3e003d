//! The dialogs that ask for one path and do one thing with it, each declared as data
//! ([`OnePath`]): 另存为, 从上年文件带入, 与另一文件比较, 保存导入模板.

use super::{Dialog, PathForm};
use crate::app::document::Document;
use crate::app::ui::Command;
use crate::app::ui::path_field::Pick;
use std::marker::PhantomData;
use std::path::PathBuf;

/// What a one-path dialog says, asks for and does.
pub trait OnePath {
    const TITLE: &'static str;
    /// Lines of explanation above the field.
    const EXPLAIN: &'static [&'static str];
    /// The field's label and what 浏览… picks.
    const FIELD: (&'static str, Pick);
    const BUTTON: &'static str;
    /// The command the confirmed path becomes.
    fn command(path: PathBuf) -> Command;
}

/// A dialog asking for one path, of the kind `S` declares.
pub struct PathDialog<S>(PathForm, PhantomData<S>);

impl<S> Default for PathDialog<S> {
    fn default() -> Self {
        PathDialog(PathForm::default(), PhantomData)
    }
}

impl<S: OnePath> PathDialog<S> {
    /// Opens, with a path to start from.
    pub fn start(&mut self, path: String) {
        self.0.start(path);
    }
}

impl<S: OnePath> Dialog for PathDialog<S> {
    fn is_open(&self) -> bool {
        self.0.open
    }
    fn close(&mut self) {
        self.0.open = false;
    }
    fn show(&mut self, ctx: &egui::Context, _doc: Option<&Document>) -> Vec<Command> {
        self.0
            .window(ctx, S::TITLE, S::EXPLAIN, S::FIELD, S::BUTTON)
            .map(|p| vec![S::command(p)])
            .unwrap_or_default()
    }
}

/// 另存为: a complete copy of the budget in another file, which the window then edits.
pub struct SaveAs;

impl OnePath for SaveAs {
    const TITLE: &'static str = "另存为";
    const EXPLAIN: &'static [&'static str] = &["另存后，窗口改为编辑新文件。"];
    const FIELD: (&'static str, Pick) = ("新文件：", Pick::Save("预算文件", &["db"]));
    const BUTTON: &'static str = "保存";
    fn command(p: PathBuf) -> Command {
        Command::SaveAs(p)
    }
}

impl PathDialog<SaveAs> {
    pub fn start_for(&mut self, doc: &Document) {
        self.start(super::beside(doc, |stem| format!("{stem}-副本.db")));
    }
}

/// 从上年文件带入: last year's file into this year's 上年数, facts, units and projects.
pub struct Carry;

impl OnePath for Carry {
    const TITLE: &'static str = "从上年文件带入上年数";
    const EXPLAIN: &'static [&'static str] = &[
        "选择上一年度的预算文件：填入上年数（功能科目、“三公”经费、机关运行经费、收入），",
        "并带入尚未填写的单位信息、单位，以及上年的项目（延续项目）和绩效指标。可撤销。",
    ];
    const FIELD: (&'static str, Pick) = ("上年文件：", Pick::Open("预算文件", &["db"]));
    const BUTTON: &'static str = "带入";
    fn command(p: PathBuf) -> Command {
        Command::CarryFrom(p)
    }
}

/// 与另一文件比较: an earlier stage or draft against the open budget.
pub struct Compare;

impl OnePath for Compare {
    const TITLE: &'static str = "与另一文件比较";
    const EXPLAIN: &'static [&'static str] =
        &["选择较早的版本（如上一稿）；结果列出从它到当前文件的变化。"];
    const FIELD: (&'static str, Pick) = ("文件：", Pick::Open("预算文件", &["db"]));
    const BUTTON: &'static str = "比较";
    fn command(p: PathBuf) -> Command {
        Command::Compare(p)
    }
}

/// 保存导入模板: the workbook whose sheets and headers the import reads.
pub struct Template;

impl OnePath for Template {
    const TITLE: &'static str = "保存导入模板";
    const EXPLAIN: &'static [&'static str] = &[];
    const FIELD: (&'static str, Pick) = ("文件：", Pick::Save("Excel 工作簿", &["xlsx"]));
    const BUTTON: &'static str = "保存";
    fn command(p: PathBuf) -> Command {
        Command::SaveTemplate(p.with_extension("xlsx"))
    }
}

impl PathDialog<Template> {
    /// Beside the open budget, else in the folder the program runs in.
    pub fn start_from(&mut self, doc: Option<&Document>) {
        let dir = doc
            .and_then(|d| d.path().parent().map(std::path::Path::to_path_buf))
            .unwrap_or_default();
        self.start(dir.join("yusuan-导入模板.xlsx").display().to_string());
    }
}
