//! 导出: the published workbook, the PDF, the 情况说明 as Word, the charts as PNG. A
//! budget with 错误 is exported only once the user agrees to a draft.

use super::Modal as _;
use super::{Dialog, beside, path_of};
use crate::app::document::Document;
use crate::app::ops::ExportKind;
use crate::app::ui::Command;
use crate::app::ui::command::UiCommand;
use crate::app::ui::path_field::{Pick, path_field};
use std::path::PathBuf;

impl ExportKind {
    pub fn from_command(c: UiCommand) -> Option<ExportKind> {
        match c {
            UiCommand::ExportXlsx => Some(ExportKind::Xlsx),
            UiCommand::ExportPdf => Some(ExportKind::Pdf),
            UiCommand::ExportDocx => Some(ExportKind::Docx),
            UiCommand::ExportCharts => Some(ExportKind::Charts),
            UiCommand::ExportData => Some(ExportKind::Data),
            _ => None,
        }
    }
    fn title(self) -> &'static str {
        match self {
            ExportKind::Xlsx => "导出公开表（Excel）",
            ExportKind::Pdf => "导出打印用 PDF",
            ExportKind::Docx => "导出情况说明（Word）",
            ExportKind::Charts => "导出图表图片（PNG）",
            ExportKind::Data => "导出预算数据（Excel，可再导入）",
        }
    }
    /// The default file (or folder) name after the budget file's stem.
    fn default_name(self, stem: &str) -> String {
        match self {
            ExportKind::Xlsx => format!("{stem}-公开表.xlsx"),
            ExportKind::Pdf => format!("{stem}-部门预算.pdf"),
            ExportKind::Docx => format!("{stem}-情况说明.docx"),
            ExportKind::Charts => format!("{stem}-图表"),
            ExportKind::Data => format!("{stem}-数据.xlsx"),
        }
    }
    /// What 浏览… asks for.
    fn pick(self) -> Pick {
        match self {
            ExportKind::Xlsx | ExportKind::Data => Pick::Save("Excel 工作簿", &["xlsx"]),
            ExportKind::Pdf => Pick::Save("PDF 文件", &["pdf"]),
            ExportKind::Docx => Pick::Save("Word 文档", &["docx"]),
            ExportKind::Charts => Pick::Folder,
        }
    }
    /// The file's extension (none for the charts' folder).
    fn extension(self) -> Option<&'static str> {
        match self.pick() {
            Pick::Save(_, ext) | Pick::Open(_, ext) => ext.first().copied(),
            Pick::Folder => None,
        }
    }

    /// The path with the kind's extension.
    pub fn with_extension(self, p: PathBuf) -> PathBuf {
        match self.extension() {
            Some(ext) if !p.extension().is_some_and(|e| e.eq_ignore_ascii_case(ext)) => {
                p.with_extension(ext)
            }
            _ => p,
        }
    }
}

pub struct ExportDialog {
    open: bool,
    kind: ExportKind,
    path: String,
    options: crate::app::ops::ExportOptions,
    /// An export of a budget with 错误, waiting for the user to agree to a draft.
    draft: Option<PathBuf>,
}

impl Default for ExportDialog {
    fn default() -> Self {
        ExportDialog {
            open: false,
            kind: ExportKind::Xlsx,
            path: String::new(),
            options: Default::default(),
            draft: None,
        }
    }
}

impl ExportDialog {
    /// Opens for a kind; the 万元 and 批注 choices stay as last set.
    pub fn start(&mut self, kind: ExportKind, doc: &Document) {
        self.open = true;
        self.kind = kind;
        self.path = beside(doc, |stem| kind.default_name(stem));
        self.draft = None;
    }
}

impl Dialog for ExportDialog {
    fn is_open(&self) -> bool {
        self.open
    }
    fn close(&mut self) {
        self.open = false;
        self.draft = None;
    }
    fn escape(&mut self) {
        if self.draft.take().is_none() {
            self.open = false;
        }
    }
    fn show(&mut self, ctx: &egui::Context, doc: Option<&Document>) -> Vec<Command> {
        let kind = self.kind;
        let mut go = None;
        egui::Window::new(kind.title())
            .open(&mut self.open)
            .collapsible(false)
            .show_modal(ctx, |ui| {
                let label = if kind == ExportKind::Charts {
                    "文件夹："
                } else {
                    "文件："
                };
                path_field(ui, label, &mut self.path, kind.pick());
                let o = &mut self.options;
                if kind.has_wan() {
                    ui.checkbox(&mut o.wan, "表格以万元为单位");
                }
                if matches!(kind, ExportKind::Pdf | ExportKind::Xlsx) {
                    ui.checkbox(&mut o.working, "附基本支出测算表（内部用，不公开）");
                }
                if kind == ExportKind::Pdf {
                    ui.checkbox(&mut o.remarks, "在末尾附上批注");
                }
                if kind == ExportKind::Data {
                    ui.checkbox(&mut o.names, "包括人员的姓名或岗位（默认不导出，以免个人信息随文件外传）");
                }
                if kind == ExportKind::Charts {
                    ui.label("每张图表一个 PNG 文件（1640 像素宽），文件夹不存在时会新建。");
                }
                if kind == ExportKind::Data {
                    ui.label("全部记录（单位信息、单位、测算标准、人员、收入、上年数、项目、支出明细、绩效指标、政府采购、资产、变动原因），");
                    ui.label("按导入模板的工作表与表头：可在 Excel 中修改后用“导入数据”导回，或导入新建的预算文件。");
                }
                if ui.button("导出").clicked() {
                    go = path_of(&self.path);
                }
            });
        // The data is the budget's records, not a publication: it carries no draft mark.
        let errors = match kind {
            ExportKind::Data => 0,
            _ => doc.map_or(0, |d| d.derived().errors),
        };
        if let Some(p) = go.take() {
            if errors > 0 {
                self.draft = Some(p);
            } else {
                go = Some(p);
            }
        }
        let mut out = Vec::new();
        if let Some(p) = self.draft.clone() {
            let mut keep = true;
            egui::Window::new("此预算尚有错误")
                .collapsible(false)
                .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
                .show_modal(ctx, |ui| {
                    ui.label(format!(
                        "检查发现 {errors} 个错误（如收支不平衡）。导出的文件每页、每个工作表都将标明“草稿（尚有 {errors} 个错误）”。"
                    ));
                    ui.horizontal(|ui| {
                        if ui.button("仍然导出草稿").clicked() {
                            go = Some(p.clone());
                            keep = false;
                        }
                        if ui.button("查看错误").clicked() {
                            out.push(Command::ShowFindings);
                            keep = false;
                        }
                        if ui.button("取消").clicked() {
                            keep = false;
                        }
                    });
                });
            if !keep {
                self.draft = None;
            }
        }
        if let Some(p) = go {
            out.push(Command::Export {
                kind,
                path: kind.with_extension(p),
                options: self.options,
            });
        }
        out
    }
}
