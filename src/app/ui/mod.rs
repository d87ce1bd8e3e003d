//! The desktop editor: a thin view over the engine. Sheets read the [`Document`]; every
//! change is an [`Edit`] queued as a [`Command`] during the frame and run once at its end,
//! through the document's one gate (which stores it, keeps the history and recalculates).

mod charts;
mod compare;
mod dialogs;
mod path_field;
use path_field::{Pick, path_field};
pub mod command;
pub mod grid;
mod published;
mod remarks;
mod sheets;

use crate::checks::{Finding, Severity, Sheet};
use crate::document::Document;
use crate::edit::Edit;
use crate::model::Budget;
use command::UiCommand;
use egui::{Color32, RichText};
use std::path::{Path, PathBuf};

pub use crate::fonts::CJK_FONT;

/// Puts the bundled CJK font behind egui's own fonts, so every machine renders the same.
pub fn install_fonts(ctx: &egui::Context) {
    let mut fonts = egui::FontDefinitions::default();
    fonts.font_data.insert(
        "noto_sc".into(),
        std::sync::Arc::new(egui::FontData::from_static(CJK_FONT)),
    );
    for family in [egui::FontFamily::Proportional, egui::FontFamily::Monospace] {
        fonts
            .families
            .entry(family)
            .or_default()
            .push("noto_sc".into());
    }
    ctx.set_fonts(fonts);
    // Light, like the spreadsheets and printed tables the users know.
    ctx.set_visuals(egui::Visuals::light());
    // Zoom is ours (UiCommand::ZoomIn/Out, remembered between sessions).
    ctx.options_mut(|o| o.zoom_with_keyboard = false);
}

/// What outlives a session (eframe storage).
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Persisted {
    pub recent: Vec<PathBuf>,
    pub zoom: Option<f32>,
    /// The name remarks are signed with.
    pub author: String,
    /// Column widths the user dragged, by grid.
    pub column_widths: std::collections::BTreeMap<String, Vec<f32>>,
}

const STORAGE_KEY: &str = "yusuan";

/// Something to do at the end of the frame.
#[derive(Clone, Debug)]
pub enum Command {
    Ui(UiCommand),
    /// An edit, and the grid cell it came from (to show a refusal there).
    Apply(Edit, Option<CellOrigin>),
    OpenPath(PathBuf, bool),
    GoTo(Finding),
    GoToPlace(crate::checks::Place),
    Remark(RemarkAction),
    Notify(Notice),
    /// 查找下一个 in 支出明细.
    FindNext,
}

/// Something done to a remark (批注).
#[derive(Clone, Debug)]
pub enum RemarkAction {
    /// Place, author, text.
    Add(crate::checks::Place, String, String),
    Resolve(i64, bool),
    Delete(i64),
}

/// The grid cell an edit came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CellOrigin {
    pub sheet: Sheet,
    pub grid: u8,
    pub row: usize,
    pub col: usize,
}

#[derive(Clone, Debug)]
pub struct Notice {
    pub error: bool,
    pub text: String,
}

impl Notice {
    pub fn info(text: impl Into<String>) -> Notice {
        Notice {
            error: false,
            text: text.into(),
        }
    }
    pub fn error(text: impl Into<String>) -> Notice {
        Notice {
            error: true,
            text: text.into(),
        }
    }
}

/// What an export writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportKind {
    Xlsx,
    Pdf,
    Docx,
    Charts,
}

impl ExportKind {
    pub fn from_command(c: UiCommand) -> Option<ExportKind> {
        match c {
            UiCommand::ExportXlsx => Some(ExportKind::Xlsx),
            UiCommand::ExportPdf => Some(ExportKind::Pdf),
            UiCommand::ExportDocx => Some(ExportKind::Docx),
            UiCommand::ExportCharts => Some(ExportKind::Charts),
            _ => None,
        }
    }
    fn title(self) -> &'static str {
        match self {
            ExportKind::Xlsx => "导出公开表（Excel）",
            ExportKind::Pdf => "导出打印用 PDF",
            ExportKind::Docx => "导出情况说明（Word）",
            ExportKind::Charts => "导出图表图片（PNG）",
        }
    }
    /// The default file (or folder) name after the budget file's stem.
    fn default_name(self, stem: &str) -> String {
        match self {
            ExportKind::Xlsx => format!("{stem}-公开表.xlsx"),
            ExportKind::Pdf => format!("{stem}-部门预算.pdf"),
            ExportKind::Docx => format!("{stem}-情况说明.docx"),
            ExportKind::Charts => format!("{stem}-图表"),
        }
    }
    /// The file's extension (none for the charts' folder), as 浏览… filters it.
    fn extension(self) -> Option<&'static str> {
        match self.pick() {
            Pick::Save(_, ext) | Pick::Open(_, ext) => ext.first().copied(),
            Pick::Folder => None,
        }
    }
    /// What 浏览… asks for.
    fn pick(self) -> Pick {
        match self {
            ExportKind::Xlsx => Pick::Save("Excel 工作簿", &["xlsx"]),
            ExportKind::Pdf => Pick::Save("PDF 文件", &["pdf"]),
            ExportKind::Docx => Pick::Save("Word 文档", &["docx"]),
            ExportKind::Charts => Pick::Folder,
        }
    }
    /// Whether the 万元 switch applies.
    fn has_wan(self) -> bool {
        matches!(self, ExportKind::Xlsx | ExportKind::Pdf)
    }

    /// Writes the export; returns what to tell the user.
    pub fn run(
        self,
        b: &Budget,
        path: &Path,
        in_wan: bool,
        with_remarks: bool,
    ) -> Result<String, String> {
        use crate::export;
        match self {
            ExportKind::Xlsx => export::xlsx::write(b, path, in_wan),
            ExportKind::Pdf => export::pdf::write(
                b,
                path,
                &export::pdf::Options {
                    in_wan,
                    remarks: with_remarks,
                },
            ),
            ExportKind::Docx => export::docx::write(b, path),
            ExportKind::Charts => export::charts::write_pngs(b, path).map(|_| ()),
        }?;
        Ok(match self {
            ExportKind::Charts => format!("已导出 5 张图表到 {}", path.display()),
            _ => format!("已导出 {}", path.display()),
        })
    }
}

/// A small dialog with a path field (and 浏览… for the system dialog).
#[derive(Clone, Debug, Default)]
struct PathDialog {
    open: bool,
    path: String,
    read_only: bool,
}

pub struct EditorApp {
    pub doc: Option<Document>,
    pub sheet: Sheet,
    pub sheets: sheets::SheetStates,
    pub persisted: Persisted,
    pub notice: Option<Notice>,
    pub show_findings: bool,
    pub show_remarks: bool,
    /// The side panel shows the remarks (else the findings).
    side_remarks: bool,
    remarks: remarks::RemarksState,
    compare_dialog: PathDialog,
    comparison: Option<compare::Comparison>,
    import_dialog: PathDialog,
    import_preview: Option<crate::import::Preview>,
    template_dialog: PathDialog,
    carry_dialog: PathDialog,
    /// 汇总: the folder, and the district file to write.
    consolidate_dialog: (bool, String, String),
    commands: Vec<Command>,
    open_dialog: PathDialog,
    save_dialog: PathDialog,
    export_dialog: PathDialog,
    export_kind: ExportKind,
    export_remarks: bool,
    /// An export of a budget with 错误, waiting for the user to confirm it as a draft.
    export_draft: Option<PathBuf>,
    new_budget: dialogs::new_budget::NewBudgetDialog,
    /// The backup offered for restoring, awaiting confirmation.
    restore_offer: Option<PathBuf>,
    title: String,
    last_zoom: f32,
    /// The time of this frame (egui's clock), for marks that fade.
    now: f64,
    /// A review window looks at its file again from this time on.
    next_poll: f64,
    /// A sheet to go to once the cell being edited has been stored.
    pending_sheet: Option<Sheet>,
}

impl EditorApp {
    /// An editor on a document (or on none, with a message).
    pub fn new(doc: Result<Document, String>, persisted: Persisted) -> EditorApp {
        let mut app = EditorApp {
            doc: None,
            sheet: Sheet::Lines,
            sheets: sheets::SheetStates::default(),
            persisted,
            notice: None,
            show_findings: false,
            show_remarks: false,
            side_remarks: false,
            remarks: remarks::RemarksState::default(),
            compare_dialog: PathDialog::default(),
            comparison: None,
            import_dialog: PathDialog::default(),
            import_preview: None,
            template_dialog: PathDialog::default(),
            carry_dialog: PathDialog::default(),
            consolidate_dialog: (false, String::new(), String::new()),
            commands: Vec::new(),
            open_dialog: PathDialog::default(),
            save_dialog: PathDialog::default(),
            export_dialog: PathDialog::default(),
            export_kind: ExportKind::Xlsx,
            export_remarks: false,
            export_draft: None,
            new_budget: Default::default(),
            restore_offer: None,
            title: String::new(),
            last_zoom: 0.0,
            now: 0.0,
            next_poll: 0.0,
            pending_sheet: None,
        };
        match doc {
            Ok(d) => app.set_document(d),
            Err(e) => app.notice = Some(Notice::error(e)),
        }
        app
    }

    fn set_document(&mut self, d: Document) {
        let path = d.path().to_path_buf();
        self.notice = d
            .read_only_reason()
            .map(|r| Notice::info(format!("审阅模式：{r}")));
        self.doc = Some(d);
        self.sheets = sheets::SheetStates::with_widths(self.persisted.column_widths.clone());
        self.persisted.recent.retain(|p| p != &path);
        self.persisted.recent.insert(0, path);
        self.persisted.recent.truncate(10);
    }

    /// The remark being written in the 批注 panel.
    pub fn remarks_draft(&self) -> &str {
        &self.remarks.draft
    }

    pub fn budget(&self) -> Option<&Budget> {
        self.doc.as_ref().map(|d| d.budget())
    }

    /// Queues a command for the end of the frame.
    pub fn push(&mut self, c: Command) {
        self.commands.push(c);
    }

    /// The window title: department, year, file, read-only.
    pub fn window_title(&self) -> String {
        match &self.doc {
            Some(d) => {
                let b = d.budget();
                let file = d
                    .path()
                    .file_name()
                    .map(|f| f.to_string_lossy().to_string())
                    .unwrap_or_default();
                let ro = if d.is_read_only() { " [只读]" } else { "" };
                format!(
                    "{} {}年部门预算 — {file}{ro} — yusuan",
                    b.department.name, b.department.year
                )
            }
            None => "yusuan 部门预算编制".to_string(),
        }
    }

    /// Draws the whole editor and runs the frame's commands.
    pub fn show(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        self.now = ctx.input(|i| i.time);
        self.poll_file(&ctx);
        self.shortcuts(&ctx);
        self.dropped_files(&ctx);
        // Presentation mode: the chart alone, full screen.
        let presenting = self.sheet == Sheet::Charts && self.sheets.charts.presentation;
        if !presenting {
            self.menu_bar(ui);
            self.status_bar(ui);
        }
        if self.doc.is_some() && !presenting {
            self.navigation(ui);
            if self.show_findings || self.show_remarks {
                self.side_panel(ui);
            }
        }
        egui::CentralPanel::default().show(ui, |ui| match &self.doc {
            Some(doc) => {
                let mut out = Vec::new();
                sheets::show(ui, self.sheet, doc, &mut self.sheets, &mut out);
                self.commands.extend(out);
            }
            None => {
                ui.vertical_centered(|ui| {
                    ui.add_space(80.0);
                    ui.heading("没有打开的预算文件");
                    ui.label("从“文件”菜单新建或打开一个预算文件，或把 .db 文件拖到窗口中。");
                });
            }
        });
        self.dialogs(&ctx);
        self.restore_dialog(&ctx);
        self.run_commands();
        self.sync_widths();
        if let Some(s) = self.pending_sheet.take() {
            self.sheet = s;
        }
    }

    /// Goes to a sheet; a cell being edited is stored first (on the next frame).
    fn switch_sheet(&mut self, s: Sheet) {
        if s == self.sheet {
            return;
        }
        if self.sheets.has_open_edit(self.sheet) {
            self.sheets.commit_open_edits(self.sheet);
            self.pending_sheet = Some(s);
        } else {
            self.sheet = s;
        }
    }

    /// A review window reads its file again when another yusuan stored a change in it
    /// (checked twice a second).
    fn poll_file(&mut self, ctx: &egui::Context) {
        let Some(doc) = &self.doc else { return };
        if !doc.is_read_only() {
            return;
        }
        ctx.request_repaint_after(std::time::Duration::from_millis(500));
        if self.now < self.next_poll {
            return;
        }
        self.next_poll = self.now + 0.5;
        if doc.changed_on_disk() {
            self.reload(false);
        }
    }

    /// Reads the file again, keeping the sheet and the place selected on it. `asked`: the
    /// user pressed F5 (a window in review mode because another yusuan held the file
    /// then opens it for editing, if it is free now).
    fn reload(&mut self, asked: bool) {
        let Some(doc) = &self.doc else { return };
        if !doc.is_read_only() {
            if asked {
                self.notice = Some(Notice::info("此文件正由本窗口编辑，显示的已是最新内容"));
            }
            return;
        }
        let place = self.sheets.current_place(self.sheet, doc);
        let reopened = doc.reopen(asked);
        match reopened {
            Ok(d) => {
                let path = d.path().display().to_string();
                self.doc = Some(d);
                if let Some(doc) = &self.doc {
                    self.sheets.go_to(doc, &place);
                }
                self.notice = Some(Notice::info(
                    match self.doc.as_ref().and_then(|d| d.read_only_reason()) {
                        Some(_) if asked => format!("已重新载入 {path}"),
                        Some(_) => format!("文件已被修改，已重新载入 {path}"),
                        None => format!("已重新载入并可编辑 {path}"),
                    },
                ));
            }
            Err(e) => self.notice = Some(Notice::error(format!("无法重新载入：{e}"))),
        }
    }

    fn shortcuts(&mut self, ctx: &egui::Context) {
        // Typing in a text field (a cell editor among them): its own keys come first,
        // Ctrl+Z undoes its text. A grid with the keyboard is not typing.
        let typing = ctx.text_edit_focused();
        let mut all: Vec<(egui::KeyboardShortcut, UiCommand)> = UiCommand::ALL
            .iter()
            .filter(|c| !typing || c.works_while_typing())
            .flat_map(|c| {
                c.shortcut()
                    .into_iter()
                    .chain(c.alternatives())
                    .map(move |s| (s, *c))
            })
            .collect();
        // egui matches Ctrl+Z against Ctrl+Shift+Z too: try the shortcuts with more
        // modifiers first, so that Ctrl+Shift+Z is redo and not undo.
        all.sort_by_key(|(s, _)| {
            std::cmp::Reverse(s.modifiers.shift as u8 + s.modifiers.alt as u8)
        });
        for (sc, c) in all {
            if ctx.input_mut(|i| i.consume_shortcut(&sc)) {
                self.commands.push(Command::Ui(c));
            }
        }
    }

    fn dropped_files(&mut self, ctx: &egui::Context) {
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        });
        for p in dropped {
            if p.extension().is_some_and(|e| e.eq_ignore_ascii_case("db")) {
                self.commands.push(Command::OpenPath(p, false));
            } else {
                self.commands.push(Command::Notify(Notice::error(format!(
                    "只能打开 .db 预算文件：{}",
                    p.display()
                ))));
            }
        }
    }

    fn menu_item(&mut self, ui: &mut egui::Ui, c: UiCommand, enabled: bool) {
        let shortcut = c
            .shortcut()
            .map(|s| ui.ctx().format_shortcut(&s))
            .unwrap_or_default();
        let button = egui::Button::new(c.label()).shortcut_text(shortcut);
        if ui.add_enabled(enabled, button).clicked() {
            self.commands.push(Command::Ui(c));
            ui.close();
        }
    }

    fn menu_bar(&mut self, ui: &mut egui::Ui) {
        egui::Panel::top("menu").show(ui, |ui| {
            egui::MenuBar::new().ui(ui, |ui| {
                let has_doc = self.doc.is_some();
                let writable = self.doc.as_ref().is_some_and(|d| !d.is_read_only());
                ui.menu_button("文件", |ui| {
                    self.menu_item(ui, UiCommand::New, true);
                    self.menu_item(ui, UiCommand::Open, true);
                    self.menu_item(ui, UiCommand::OpenReadOnly, true);
                    self.menu_item(ui, UiCommand::SaveAs, has_doc);
                    self.menu_item(ui, UiCommand::ExportXlsx, has_doc);
                    self.menu_item(ui, UiCommand::ExportPdf, has_doc);
                    self.menu_item(ui, UiCommand::ExportDocx, has_doc);
                    self.menu_item(ui, UiCommand::ExportCharts, has_doc);
                    ui.separator();
                    self.menu_item(ui, UiCommand::Import, writable);
                    self.menu_item(ui, UiCommand::SaveTemplate, true);
                    self.menu_item(ui, UiCommand::CarryOver, writable);
                    ui.separator();
                    self.menu_item(ui, UiCommand::Compare, has_doc);
                    self.menu_item(ui, UiCommand::Consolidate, true);
                    self.menu_item(ui, UiCommand::RestoreBackup, writable);
                    ui.menu_button("最近打开", |ui| {
                        let recent = self.persisted.recent.clone();
                        if recent.is_empty() {
                            ui.label("（无）");
                        }
                        for p in recent {
                            if ui.button(p.display().to_string()).clicked() {
                                self.commands.push(Command::OpenPath(p, false));
                                ui.close();
                            }
                        }
                    });
                });
                ui.menu_button("编辑", |ui| {
                    let undo = self
                        .doc
                        .as_ref()
                        .and_then(|d| d.undo_label())
                        .map(|l| format!("（{l}）"))
                        .unwrap_or_default();
                    let redo = self
                        .doc
                        .as_ref()
                        .and_then(|d| d.redo_label())
                        .map(|l| format!("（{l}）"))
                        .unwrap_or_default();
                    let can_undo = writable && !undo.is_empty();
                    let can_redo = writable && !redo.is_empty();
                    let ctx = ui.ctx().clone();
                    let sc = |c: UiCommand| {
                        c.shortcut()
                            .map(|s| ctx.format_shortcut(&s))
                            .unwrap_or_default()
                    };
                    if ui
                        .add_enabled(
                            can_undo,
                            egui::Button::new(format!("撤销{undo}"))
                                .shortcut_text(sc(UiCommand::Undo)),
                        )
                        .clicked()
                    {
                        self.commands.push(Command::Ui(UiCommand::Undo));
                        ui.close();
                    }
                    if ui
                        .add_enabled(
                            can_redo,
                            egui::Button::new(format!("重做{redo}"))
                                .shortcut_text(sc(UiCommand::Redo)),
                        )
                        .clicked()
                    {
                        self.commands.push(Command::Ui(UiCommand::Redo));
                        ui.close();
                    }
                    ui.separator();
                    self.menu_item(ui, UiCommand::Find, has_doc);
                    self.menu_item(ui, UiCommand::InsertRow, writable);
                    self.menu_item(ui, UiCommand::DuplicateRows, writable);
                    self.menu_item(ui, UiCommand::DeleteRows, writable);
                });
                ui.menu_button("视图", |ui| {
                    self.menu_item(ui, UiCommand::ToggleFindings, has_doc);
                    self.menu_item(ui, UiCommand::ToggleRemarks, has_doc);
                    ui.separator();
                    self.menu_item(ui, UiCommand::ZoomIn, true);
                    self.menu_item(ui, UiCommand::ZoomOut, true);
                    self.menu_item(ui, UiCommand::ZoomReset, true);
                });
            });
            if let Some(why) = self.doc.as_ref().and_then(|d| d.read_only_reason()) {
                egui::Frame::new()
                    .fill(Color32::from_rgb(255, 243, 205))
                    .inner_margin(6.0)
                    .show(ui, |ui| {
                        ui.set_width(ui.available_width());
                        ui.label(
                            RichText::new(format!("审阅模式（只读）：{why}。不能修改此文件。"))
                                .color(Color32::from_rgb(110, 80, 0)),
                        );
                    });
            }
        });
    }

    fn status_bar(&mut self, ui: &mut egui::Ui) {
        egui::Panel::bottom("status").show(ui, |ui| {
            ui.horizontal(|ui| {
                if let Some(d) = &self.doc {
                    let dv = d.derived();
                    ui.label(format!("收入合计 {}", dv.income_total.grouped()));
                    ui.separator();
                    ui.label(format!("支出合计 {}", dv.spending_total.grouped()));
                    ui.separator();
                    let diff = dv.income_total - dv.spending_total;
                    let diff_text = RichText::new(format!("差额 {}", diff.grouped()));
                    ui.label(if diff.is_zero() {
                        diff_text
                    } else {
                        diff_text.color(Color32::from_rgb(200, 40, 40))
                    });
                    ui.separator();
                    let e = RichText::new(format!("错误 {}", dv.errors));
                    let e = if dv.errors > 0 {
                        e.color(Color32::from_rgb(200, 40, 40)).strong()
                    } else {
                        e
                    };
                    if ui
                        .add(egui::Button::new(e).frame(false))
                        .on_hover_text("打开检查结果")
                        .clicked()
                    {
                        self.show_findings = true;
                        self.side_remarks = false;
                    }
                    let w = RichText::new(format!("警告 {}", dv.warnings));
                    let w = if dv.warnings > 0 {
                        w.color(Color32::from_rgb(180, 120, 0))
                    } else {
                        w
                    };
                    if ui
                        .add(egui::Button::new(w).frame(false))
                        .on_hover_text("打开检查结果")
                        .clicked()
                    {
                        self.show_findings = true;
                        self.side_remarks = false;
                    }
                    ui.separator();
                    let open = d.budget().remarks.iter().filter(|r| !r.resolved).count();
                    if ui
                        .add(egui::Button::new(format!("批注 {open}")).frame(false))
                        .on_hover_text("打开批注（F9）")
                        .clicked()
                    {
                        self.show_remarks = true;
                        self.side_remarks = true;
                    }
                }
                if let Some(n) = &self.notice {
                    ui.separator();
                    let t = RichText::new(&n.text);
                    ui.add(
                        egui::Label::new(if n.error {
                            t.color(Color32::from_rgb(200, 40, 40))
                        } else {
                            t
                        })
                        .truncate(),
                    );
                }
                // As Excel does: 求和 and 计数 of the selected cells, at the right.
                if let Some(sum) = self.sheets.selection_summary(self.sheet) {
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        ui.label(format!("计数 {}", sum.count));
                        if sum.amounts > 0 {
                            ui.separator();
                            ui.label(format!(
                                "求和 {}",
                                crate::money::Money::from_fen_wide(sum.sum_fen).grouped()
                            ));
                        }
                    });
                }
            });
        });
    }

    fn navigation(&mut self, ui: &mut egui::Ui) {
        let Some(doc) = &self.doc else { return };
        let findings = &doc.derived().findings;
        let mut go = None;
        egui::Panel::left("nav")
            .resizable(false)
            .exact_size(132.0)
            .show(ui, |ui| {
                ui.add_space(6.0);
                for s in sheets::ORDER {
                    let n = findings.iter().filter(|f| f.place.sheet == s).count();
                    let label = if n > 0 {
                        format!("{}  ({n})", s.label())
                    } else {
                        s.label().to_string()
                    };
                    if ui.selectable_label(self.sheet == s, label).clicked() {
                        go = Some(s);
                    }
                }
            });
        if let Some(s) = go {
            self.switch_sheet(s);
        }
    }

    /// 检查结果 (F8) and 批注 (F9) share one panel at the right, as tabs when both are
    /// open. It is never wider than leaves the sheet 540 points, so that a grid's frozen
    /// columns and its amounts stay in view.
    fn side_panel(&mut self, ui: &mut egui::Ui) {
        let Some(doc) = &self.doc else { return };
        let max = (ui.available_width() - 540.0).max(240.0);
        let both = self.show_findings && self.show_remarks;
        if !both {
            self.side_remarks = self.show_remarks;
        }
        let findings_n = doc.derived().findings.len();
        let remarks_n = doc.budget().remarks.iter().filter(|r| !r.resolved).count();
        egui::Panel::right("side")
            .resizable(true)
            .default_size(360.0_f32.min(max))
            .max_size(max)
            .show(ui, |ui| {
                ui.horizontal(|ui| {
                    if both {
                        if ui
                            .selectable_label(
                                !self.side_remarks,
                                format!("检查结果（{findings_n}）"),
                            )
                            .clicked()
                        {
                            self.side_remarks = false;
                        }
                        if ui
                            .selectable_label(self.side_remarks, format!("批注（{remarks_n}）"))
                            .clicked()
                        {
                            self.side_remarks = true;
                        }
                    } else {
                        ui.heading(if self.side_remarks {
                            "批注"
                        } else {
                            "检查结果"
                        });
                    }
                    if ui.button("关闭").clicked() {
                        if self.side_remarks {
                            self.show_remarks = false;
                        } else {
                            self.show_findings = false;
                        }
                    }
                });
                ui.separator();
                if self.side_remarks {
                    self.remarks_content(ui);
                } else {
                    self.findings_content(ui);
                }
            });
    }

    fn remarks_content(&mut self, ui: &mut egui::Ui) {
        let Some(doc) = &self.doc else { return };
        let place = self.sheets.current_place(self.sheet, doc);
        let mut out = Vec::new();
        remarks::panel(
            ui,
            doc,
            &place,
            &mut self.persisted.author,
            &mut self.remarks,
            &mut out,
        );
        self.commands.extend(out);
    }

    fn findings_content(&mut self, ui: &mut egui::Ui) {
        let Some(doc) = &self.doc else { return };
        let findings = doc.derived().findings.clone();
        if findings.is_empty() {
            ui.label("没有发现问题。");
        }
        egui::ScrollArea::vertical().show(ui, |ui| {
            for f in findings {
                let color = match f.severity {
                    Severity::Error => Color32::from_rgb(200, 40, 40),
                    Severity::Warning => Color32::from_rgb(180, 120, 0),
                };
                ui.horizontal_wrapped(|ui| {
                    ui.label(RichText::new(f.severity.label()).color(color).strong());
                    if ui
                        .link(f.place.to_string())
                        .on_hover_text("转到此处")
                        .clicked()
                    {
                        self.commands.push(Command::GoTo(f.clone()));
                    }
                });
                ui.label(&f.message);
                ui.separator();
            }
        });
    }

    fn dialogs(&mut self, ctx: &egui::Context) {
        // 打开
        if self.open_dialog.open {
            let mut open = true;
            let mut go = None;
            egui::Window::new(if self.open_dialog.read_only {
                "以只读方式打开"
            } else {
                "打开预算文件"
            })
            .open(&mut open)
            .collapsible(false)
            .show(ctx, |ui| {
                path_field(
                    ui,
                    "文件：",
                    &mut self.open_dialog.path,
                    Pick::Open("预算文件", &["db"]),
                );
                if ui.button("打开").clicked() && !self.open_dialog.path.trim().is_empty() {
                    go = Some(PathBuf::from(self.open_dialog.path.trim()));
                }
            });
            if let Some(p) = go {
                self.commands
                    .push(Command::OpenPath(p, self.open_dialog.read_only));
                open = false;
            }
            self.open_dialog.open = open;
        }
        // 另存为
        if self.save_dialog.open {
            let mut open = true;
            let mut go = None;
            egui::Window::new("另存为")
                .open(&mut open)
                .collapsible(false)
                .show(ctx, |ui| {
                    path_field(
                        ui,
                        "新文件：",
                        &mut self.save_dialog.path,
                        Pick::Save("预算文件", &["db"]),
                    );
                    ui.label("另存后，窗口改为编辑新文件。");
                    if ui.button("保存").clicked() && !self.save_dialog.path.trim().is_empty() {
                        go = Some(PathBuf::from(self.save_dialog.path.trim()));
                    }
                });
            if let Some(p) = go {
                self.save_as(&p);
                open = false;
            }
            self.save_dialog.open = open;
        }
        // 导出 (the read_only flag of the dialog here means: in 万元)
        if self.export_dialog.open {
            let kind = self.export_kind;
            let mut open = true;
            let mut go = None;
            egui::Window::new(kind.title())
                .open(&mut open)
                .collapsible(false)
                .show(ctx, |ui| {
                    let label = if kind == ExportKind::Charts {
                        "文件夹："
                    } else {
                        "文件："
                    };
                    path_field(ui, label, &mut self.export_dialog.path, kind.pick());
                    if kind.has_wan() {
                        ui.checkbox(&mut self.export_dialog.read_only, "表格以万元为单位");
                    }
                    if kind == ExportKind::Pdf {
                        ui.checkbox(&mut self.export_remarks, "在末尾附上批注");
                    }
                    if kind == ExportKind::Charts {
                        ui.label("每张图表一个 PNG 文件（1640 像素宽），文件夹不存在时会新建。");
                    }
                    if ui.button("导出").clicked() && !self.export_dialog.path.trim().is_empty() {
                        go = Some(PathBuf::from(self.export_dialog.path.trim()));
                    }
                });
            // A budget with 错误 is exported only once the user agrees to a draft.
            if let (Some(p), Some(doc)) = (&go, &self.doc)
                && doc.derived().errors > 0
                && self.export_draft.is_none()
            {
                self.export_draft = Some(p.clone());
                go = None;
            }
            let mut confirmed = None;
            if let (Some(p), Some(doc)) = (self.export_draft.clone(), &self.doc) {
                let errors = doc.derived().errors;
                let mut keep = true;
                egui::Window::new("此预算尚有错误")
                    .collapsible(false)
                    .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
                    .show(ctx, |ui| {
                        ui.label(format!(
                            "检查发现 {errors} 个错误（如收支不平衡）。导出的文件每页、每个工作表都将标明“草稿（尚有 {errors} 个错误）”。"
                        ));
                        ui.horizontal(|ui| {
                            if ui.button("仍然导出草稿").clicked() {
                                confirmed = Some(p.clone());
                                keep = false;
                            }
                            if ui.button("查看错误").clicked() {
                                self.show_findings = true;
                                self.side_remarks = false;
                                keep = false;
                            }
                            if ui.button("取消").clicked() {
                                keep = false;
                            }
                        });
                    });
                if !keep {
                    self.export_draft = None;
                }
            }
            if confirmed.is_some() {
                go = confirmed;
            }
            if let (Some(p), Some(doc)) = (go, &self.doc) {
                let p = match kind.extension() {
                    Some(ext) if !p.extension().is_some_and(|e| e.eq_ignore_ascii_case(ext)) => {
                        p.with_extension(ext)
                    }
                    _ => p,
                };
                self.notice = Some(
                    match kind.run(
                        doc.budget(),
                        &p,
                        self.export_dialog.read_only,
                        self.export_remarks,
                    ) {
                        Ok(done) => Notice::info(done),
                        Err(e) => Notice::error(e),
                    },
                );
                open = false;
            }
            self.export_dialog.open = open;
        }
        // 导入
        if self.import_dialog.open {
            let mut open = true;
            let mut check = None;
            let mut apply = false;
            egui::Window::new("导入数据（Excel/CSV）")
                .open(&mut open)
                .default_size([640.0, 420.0])
                .show(ctx, |ui| {
                    ui.label(
                        "支出明细、项目、绩效指标、政府采购；先逐行检查，有任何问题都不会写入。",
                    );
                    path_field(
                        ui,
                        "文件：",
                        &mut self.import_dialog.path,
                        Pick::Open("Excel 或 CSV", &["xlsx", "csv"]),
                    );
                    if ui.button("检查").clicked() && !self.import_dialog.path.trim().is_empty() {
                        check = Some(PathBuf::from(self.import_dialog.path.trim()));
                    }
                    if let Some(p) = &self.import_preview {
                        ui.separator();
                        if p.problems.is_empty() {
                            ui.label(format!("检查通过，将导入：{}", p.summary()));
                            if ui.button("导入").clicked() {
                                apply = true;
                            }
                        } else {
                            ui.label(
                                RichText::new(format!(
                                    "发现 {} 处问题，未导入任何数据：",
                                    p.problems.len()
                                ))
                                .color(Color32::from_rgb(200, 40, 40)),
                            );
                            egui::ScrollArea::vertical()
                                .id_salt("import_problems")
                                .show(ui, |ui| {
                                    for pr in &p.problems {
                                        ui.label(pr.to_string());
                                    }
                                });
                        }
                    }
                });
            if let (Some(path), Some(doc)) = (check, &self.doc) {
                self.import_preview = Some(crate::import::read(&path, doc.budget()));
            }
            if apply
                && let (Some(p), Some(doc)) = (&self.import_preview, &mut self.doc)
                && let Some(edit) = p.edit()
            {
                let summary = p.summary();
                self.notice = Some(match doc.apply_import(edit) {
                    Ok(()) => Notice::info(format!("已导入：{summary}（可撤销）")),
                    Err(e) => Notice::error(format!("未导入：{e}")),
                });
                self.import_preview = None;
                open = false;
            }
            self.import_dialog.open = open;
        }
        // 汇总
        if self.consolidate_dialog.0 {
            let mut open = true;
            let mut go = false;
            egui::Window::new("汇总部门预算")
                .open(&mut open)
                .collapsible(false)
                .show(ctx, |ui| {
                    ui.label("把文件夹中各部门的预算文件（.db）汇总为一个汇总预算文件；");
                    ui.label("各文件只读打开、不会被修改；有任何文件无法使用时不生成汇总文件。");
                    let (_, dir, out) = &mut self.consolidate_dialog;
                    path_field(ui, "部门文件夹：", dir, Pick::Folder);
                    path_field(ui, "汇总文件：", out, Pick::Save("预算文件", &["db"]));
                    if ui.button("汇总并打开").clicked() {
                        go = true;
                    }
                });
            if go {
                let (_, dir, out) = &self.consolidate_dialog;
                let (dir, out) = (PathBuf::from(dir.trim()), PathBuf::from(out.trim()));
                let result = if out.as_os_str().is_empty() || dir.as_os_str().is_empty() {
                    Err("请填写部门文件夹和汇总文件".to_string())
                } else if out.exists() {
                    Err(format!("汇总文件已存在：{}，请换一个文件名", out.display()))
                } else {
                    crate::consolidate::consolidate_dir_except(&dir, &out).and_then(|c| {
                        crate::consolidate::write(&c, &out).map(|_| {
                            let errors = c.departments.iter().filter(|(d, _)| d.errors > 0).count();
                            format!(
                                "已汇总 {} 个部门（{} 个部门的检查有错误）",
                                c.departments.len(),
                                errors
                            )
                        })
                    })
                };
                match result {
                    Ok(msg) => {
                        self.commands.push(Command::OpenPath(out, false));
                        self.commands.push(Command::Notify(Notice::info(msg)));
                        open = false;
                    }
                    Err(e) => self.notice = Some(Notice::error(e)),
                }
            }
            self.consolidate_dialog.0 = open;
        }
        // 从上年文件带入
        if self.carry_dialog.open {
            let mut open = true;
            let mut go = None;
            egui::Window::new("从上年文件带入上年数")
                .open(&mut open)
                .collapsible(false)
                .show(ctx, |ui| {
                    ui.label("选择上一年度的预算文件：填入上年数（功能科目、“三公”经费、机关运行经费、收入），");
                    ui.label("并带入尚未填写的单位信息、单位，以及上年的项目（延续项目）和绩效指标。可撤销。");
                    path_field(
                        ui,
                        "上年文件：",
                        &mut self.carry_dialog.path,
                        Pick::Open("预算文件", &["db"]),
                    );
                    if ui.button("带入").clicked() && !self.carry_dialog.path.trim().is_empty() {
                        go = Some(PathBuf::from(self.carry_dialog.path.trim()));
                    }
                });
            if let (Some(p), Some(doc)) = (go, &mut self.doc) {
                let result = crate::store::Store::open(&p, crate::store::Access::ReadOnly)
                    .map_err(|e| e.to_string())
                    .and_then(|last| crate::carryover::from_last_year(doc.budget(), last.budget()))
                    .and_then(|(edit, summary)| {
                        doc.apply_import(edit)
                            .map(|_| summary)
                            .map_err(|e| e.to_string())
                    });
                self.notice = Some(match result {
                    Ok(s) => {
                        open = false;
                        Notice::info(format!("已从上年文件带入：{}（可撤销）", s.text()))
                    }
                    Err(e) => Notice::error(format!("未带入：{e}")),
                });
            }
            self.carry_dialog.open = open;
        }
        // 保存导入模板
        if self.template_dialog.open {
            let mut open = true;
            let mut go = None;
            egui::Window::new("保存导入模板")
                .open(&mut open)
                .collapsible(false)
                .show(ctx, |ui| {
                    path_field(
                        ui,
                        "文件：",
                        &mut self.template_dialog.path,
                        Pick::Save("Excel 工作簿", &["xlsx"]),
                    );
                    if ui.button("保存").clicked() && !self.template_dialog.path.trim().is_empty()
                    {
                        go = Some(PathBuf::from(self.template_dialog.path.trim()));
                    }
                });
            if let Some(p) = go {
                let p = p.with_extension("xlsx");
                self.notice = Some(
                    match crate::import::template_xlsx()
                        .and_then(|b| crate::export::write_atomically(&p, &b))
                    {
                        Ok(()) => Notice::info(format!("已保存导入模板 {}", p.display())),
                        Err(e) => Notice::error(e),
                    },
                );
                open = false;
            }
            self.template_dialog.open = open;
        }
        // 与另一文件比较
        if self.compare_dialog.open {
            let mut open = true;
            let mut go = None;
            egui::Window::new("与另一文件比较")
                .open(&mut open)
                .collapsible(false)
                .show(ctx, |ui| {
                    ui.label("选择较早的版本（如上一稿）；结果列出从它到当前文件的变化。");
                    path_field(
                        ui,
                        "文件：",
                        &mut self.compare_dialog.path,
                        Pick::Open("预算文件", &["db"]),
                    );
                    if ui.button("比较").clicked() && !self.compare_dialog.path.trim().is_empty()
                    {
                        go = Some(PathBuf::from(self.compare_dialog.path.trim()));
                    }
                });
            if let (Some(p), Some(doc)) = (go, &self.doc) {
                match crate::store::Store::open(&p, crate::store::Access::ReadOnly) {
                    Ok(other) => {
                        let diff = crate::diff::diff(other.budget(), doc.budget());
                        self.notice = Some(Notice::info(format!(
                            "比较完成：{} 条记录、{} 个公开表数字有变化",
                            diff.records.len(),
                            diff.cells.len()
                        )));
                        self.comparison = Some(compare::Comparison {
                            other: p.display().to_string(),
                            diff,
                        });
                        open = false;
                    }
                    Err(e) => self.notice = Some(Notice::error(format!("无法比较：{e}"))),
                }
            }
            self.compare_dialog.open = open;
        }
        if let Some(c) = &self.comparison {
            let mut open = true;
            compare::comparison_window(ctx, c, &mut open);
            if !open {
                self.comparison = None;
            }
        }
        // 新建
        if let Some((path, b)) = self.new_budget.show(ctx) {
            match Document::create(&path, &b) {
                Ok(d) => {
                    self.set_document(d);
                    self.sheet = Sheet::Department;
                    self.notice = Some(Notice::info(format!("已新建 {}", path.display())));
                    self.new_budget.open = false;
                }
                Err(e) => self.new_budget.error = Some(e.to_string()),
            }
        }
    }

    fn restore_dialog(&mut self, ctx: &egui::Context) {
        let Some(backup) = self.restore_offer.clone() else {
            return;
        };
        let mut open = true;
        let mut go = false;
        egui::Window::new("恢复最近的备份")
            .open(&mut open)
            .collapsible(false)
            .show(ctx, |ui| {
                let name = backup
                    .file_name()
                    .map(|n| n.to_string_lossy().to_string())
                    .unwrap_or_default();
                ui.label(format!("用备份副本 {name} 替换当前文件的内容？"));
                ui.label("当前内容会先另存为一份备份，之后仍可恢复。");
                if ui.button("恢复").clicked() {
                    go = true;
                }
            });
        if go {
            open = false;
            if let Some(doc) = self.doc.take() {
                let path = doc.path().to_path_buf();
                drop(doc); // release the lock before replacing the file
                let result = crate::document::restore_latest_backup(&path);
                match Document::open(&path, false) {
                    Ok(d) => self.set_document(d),
                    Err(e) => self.notice = Some(Notice::error(e.to_string())),
                }
                self.notice = Some(match result {
                    Ok(b) => Notice::info(format!("已恢复备份 {}", b.display())),
                    Err(e) => Notice::error(format!("未能恢复：{e}")),
                });
            }
        }
        if !open {
            self.restore_offer = None;
        }
    }

    fn save_as(&mut self, to: &Path) {
        let Some(doc) = &self.doc else { return };
        let to = with_db_extension(to);
        match doc.save_copy(&to) {
            Ok(()) => {
                let was_ro = doc.is_read_only();
                self.doc = None; // release the lock of the old file first
                match Document::open(&to, was_ro) {
                    Ok(d) => {
                        self.set_document(d);
                        self.notice = Some(Notice::info(format!("已另存为 {}", to.display())));
                    }
                    Err(e) => self.notice = Some(Notice::error(e.to_string())),
                }
            }
            Err(e) => self.notice = Some(Notice::error(format!("另存失败：{e}"))),
        }
    }

    /// Runs the commands queued during the frame, in order.
    pub fn run_commands(&mut self) {
        let commands = std::mem::take(&mut self.commands);
        for c in commands {
            self.run(c);
        }
    }

    fn run(&mut self, c: Command) {
        match c {
            Command::Ui(u) => self.run_ui(u),
            Command::Apply(edit, origin) => {
                let Some(doc) = &mut self.doc else { return };
                if let Some(why) = doc.read_only_reason() {
                    self.notice = Some(Notice::error(format!("审阅模式，不能修改：{why}")));
                    if let Some(o) = origin {
                        self.sheets
                            .commit_result(o, Err("审阅模式，不能修改".into()));
                    }
                    return;
                }
                let label = edit.describe();
                match doc.apply(edit) {
                    Ok(()) => {
                        self.notice = Some(Notice::info(format!("已保存：{label}")));
                        if let Some(o) = origin {
                            self.sheets.commit_result(o, Ok(()));
                        }
                    }
                    Err(e) => {
                        self.notice = Some(Notice::error(format!("未保存：{e}")));
                        if let Some(o) = origin {
                            self.sheets.commit_result(o, Err(e.to_string()));
                        }
                    }
                }
            }
            Command::OpenPath(p, ro) => {
                self.doc = None;
                match Document::open(&p, ro) {
                    Ok(d) => self.set_document(d),
                    Err(e) => {
                        self.notice = Some(Notice::error(format!("无法打开 {}：{e}", p.display())))
                    }
                }
            }
            Command::GoTo(f) => {
                self.sheet = f.place.sheet;
                if let Some(doc) = &self.doc {
                    self.sheets.go_to(doc, &f.place);
                }
                self.notice = Some(Notice::info(f.message.clone()));
            }
            Command::GoToPlace(p) => {
                self.sheet = p.sheet;
                if let Some(doc) = &self.doc {
                    self.sheets.go_to(doc, &p);
                }
            }
            Command::Remark(action) => {
                let Some(doc) = &mut self.doc else { return };
                let r = match action {
                    RemarkAction::Add(place, author, text) => {
                        if author.trim().is_empty() {
                            self.notice = Some(Notice::error("请先填写署名，再添加批注"));
                            return;
                        }
                        doc.add_remark(&place, &author, &text)
                            .map(|_| "已添加批注".to_string())
                    }
                    RemarkAction::Resolve(id, to) => doc.set_remark_resolved(id, to).map(|_| {
                        if to {
                            "批注已标为已解决"
                        } else {
                            "批注已重新打开"
                        }
                        .into()
                    }),
                    RemarkAction::Delete(id) => doc.delete_remark(id).map(|_| "已删除批注".into()),
                };
                match r {
                    Ok(msg) => {
                        if msg == "已添加批注" {
                            self.remarks.draft.clear();
                        }
                        self.notice = Some(Notice::info(msg));
                    }
                    Err(e) => self.notice = Some(Notice::error(format!("批注未保存：{e}"))),
                }
            }
            Command::Notify(n) => self.notice = Some(n),
            Command::FindNext => {
                if let Some(doc) = &self.doc
                    && !sheets::find_next(doc, &mut self.sheets)
                {
                    self.notice = Some(Notice::info(format!("找不到“{}”", self.sheets.lines.find)));
                }
            }
        }
    }

    /// Keeps the column widths the user chose, for the next session.
    fn sync_widths(&mut self) {
        if self.sheets.shared.widths_changed {
            self.sheets.shared.widths_changed = false;
            self.persisted.column_widths = self.sheets.shared.widths.clone();
        }
    }

    fn run_ui(&mut self, u: UiCommand) {
        let read_only = self.doc.as_ref().is_some_and(|d| d.is_read_only());
        if u.edits() && read_only {
            self.notice = Some(Notice::error("审阅模式（只读），不能修改此文件"));
            return;
        }
        match u {
            UiCommand::New => self.new_budget.open = true,
            UiCommand::Open => {
                self.open_dialog = PathDialog {
                    open: true,
                    path: String::new(),
                    read_only: false,
                }
            }
            UiCommand::OpenReadOnly => {
                self.open_dialog = PathDialog {
                    open: true,
                    path: String::new(),
                    read_only: true,
                }
            }
            UiCommand::SaveAs => {
                if let Some(d) = &self.doc {
                    let stem = d
                        .path()
                        .file_stem()
                        .map(|s| s.to_string_lossy().to_string())
                        .unwrap_or_default();
                    let dir = d.path().parent().map(Path::to_path_buf).unwrap_or_default();
                    self.save_dialog = PathDialog {
                        open: true,
                        path: dir.join(format!("{stem}-副本.db")).display().to_string(),
                        read_only: false,
                    };
                }
            }
            UiCommand::ExportXlsx
            | UiCommand::ExportPdf
            | UiCommand::ExportDocx
            | UiCommand::ExportCharts => {
                if let (Some(d), Some(kind)) = (&self.doc, ExportKind::from_command(u)) {
                    let stem = d
                        .path()
                        .file_stem()
                        .map(|s| s.to_string_lossy().to_string())
                        .unwrap_or_default();
                    let dir = d.path().parent().map(Path::to_path_buf).unwrap_or_default();
                    let in_wan = self.export_dialog.read_only;
                    self.export_kind = kind;
                    self.export_dialog = PathDialog {
                        open: true,
                        path: dir.join(kind.default_name(&stem)).display().to_string(),
                        read_only: in_wan,
                    };
                }
            }
            UiCommand::RestoreBackup => {
                if let Some(d) = &self.doc {
                    match crate::store::backups(d.path()).into_iter().next() {
                        Some(b) => self.restore_offer = Some(b),
                        None => {
                            self.notice = Some(Notice::info(
                                "此文件还没有备份副本（升级文件格式或导入前会自动备份）",
                            ))
                        }
                    }
                }
            }
            UiCommand::Undo | UiCommand::Redo => {
                let Some(doc) = &mut self.doc else { return };
                // Where the step changes the budget, found before it is undone or redone.
                let place = if u == UiCommand::Undo {
                    doc.undo_edit()
                } else {
                    doc.redo_edit()
                }
                .and_then(|e| sheets::place_of_edit(doc.budget(), e));
                let r = if u == UiCommand::Undo {
                    doc.undo()
                } else {
                    doc.redo()
                };
                let mut at = String::new();
                if let (Ok(Some(_)), Some(place)) = (&r, &place) {
                    // Show what changed: its sheet, its cell, marked for a moment.
                    self.sheet = place.sheet;
                    let now = self.now;
                    self.sheets.go_to_and_flash(doc, place, now + 1.5);
                    at = self.sheets.place_text(doc, place);
                }
                self.notice = Some(match (u, r) {
                    (_, Ok(None)) => Notice::info(if u == UiCommand::Undo {
                        "没有可撤销的操作"
                    } else {
                        "没有可重做的操作"
                    }),
                    (UiCommand::Undo, Ok(Some(l))) => Notice::info(format!("已撤销：{l}{at}")),
                    (_, Ok(Some(l))) => Notice::info(format!("已重做：{l}{at}")),
                    (_, Err(e)) => Notice::error(e.to_string()),
                });
            }
            UiCommand::ToggleFindings => {
                self.show_findings = !self.show_findings;
                self.side_remarks = !self.show_findings && self.show_remarks;
            }
            UiCommand::ToggleRemarks => {
                self.show_remarks = !self.show_remarks;
                self.side_remarks = self.show_remarks;
            }
            UiCommand::Import => {
                self.import_preview = None;
                self.import_dialog = PathDialog {
                    open: true,
                    path: String::new(),
                    read_only: false,
                }
            }
            UiCommand::Consolidate => self.consolidate_dialog.0 = true,
            UiCommand::CarryOver => {
                self.carry_dialog = PathDialog {
                    open: true,
                    path: String::new(),
                    read_only: false,
                }
            }
            UiCommand::SaveTemplate => {
                let dir = self
                    .doc
                    .as_ref()
                    .and_then(|d| d.path().parent().map(Path::to_path_buf))
                    .unwrap_or_default();
                self.template_dialog = PathDialog {
                    open: true,
                    path: dir.join("yusuan-导入模板.xlsx").display().to_string(),
                    read_only: false,
                }
            }
            UiCommand::Compare => {
                self.compare_dialog = PathDialog {
                    open: true,
                    path: String::new(),
                    read_only: false,
                }
            }
            UiCommand::ZoomIn | UiCommand::ZoomOut | UiCommand::ZoomReset => {
                let z = self.persisted.zoom.unwrap_or(1.0);
                let z = match u {
                    UiCommand::ZoomIn => (z + 0.1).min(3.0),
                    UiCommand::ZoomOut => (z - 0.1).max(0.5),
                    _ => 1.0,
                };
                self.persisted.zoom = Some((z * 10.0).round() / 10.0);
            }
            UiCommand::Find
            | UiCommand::InsertRow
            | UiCommand::DuplicateRows
            | UiCommand::DeleteRows
            | UiCommand::FillDown
            | UiCommand::FillRight => {
                if self.doc.is_some() {
                    let mut out = Vec::new();
                    self.sheets.command(self.sheet, u, &mut out);
                    for c in out {
                        self.run(c);
                    }
                }
            }
            UiCommand::Reload => self.reload(true),
        }
    }

    /// The zoom factor the user chose.
    pub fn zoom(&self) -> f32 {
        self.persisted.zoom.unwrap_or(1.0)
    }
}

pub(crate) fn with_db_extension(p: &Path) -> PathBuf {
    if p.extension().is_some_and(|e| e.eq_ignore_ascii_case("db")) {
        p.to_path_buf()
    } else {
        p.with_extension("db")
    }
}

// ---------------------------------------------------------------------------------------
// Start-up and the eframe application.

/// Where the demo budget lives when yusuan starts with no file and none opened before.
pub fn demo_path() -> PathBuf {
    let base = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))
        .unwrap_or_else(std::env::temp_dir);
    base.join("yusuan")
        .join("演示预算-渝北区信访办公室-2025.db")
}

/// The document to start on: the file given, else the last opened, else the demo.
pub fn startup_document(
    file: Option<PathBuf>,
    read_only: bool,
    persisted: &Persisted,
) -> Result<Document, String> {
    if let Some(p) = file {
        return Document::open(&p, read_only).map_err(|e| format!("无法打开 {}：{e}", p.display()));
    }
    if let Some(last) = persisted.recent.iter().find(|p| p.exists())
        && let Ok(d) = Document::open(last, read_only)
    {
        return Ok(d);
    }
    let demo = demo_path();
    if !demo.exists() {
        if let Some(dir) = demo.parent() {
            std::fs::create_dir_all(dir).map_err(|e| format!("无法建立 {}：{e}", dir.display()))?;
        }
        let b = crate::demo::demo_budget()?;
        crate::store::Store::create(&demo, &b).map_err(|e| e.to_string())?;
    }
    Document::open(&demo, read_only).map_err(|e| e.to_string())
}

/// When the process started (set by `main`), for the start-up benchmark.
pub static STARTED: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();

struct EframeApp {
    app: EditorApp,
    frames: u64,
}

impl eframe::App for EframeApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        let zoom = self.app.zoom();
        if (zoom - self.app.last_zoom).abs() > f32::EPSILON {
            ctx.set_zoom_factor(zoom);
            self.app.last_zoom = zoom;
        }
        self.app.show(ui);
        self.frames += 1;
        // `YUSUAN_EXIT_AFTER_FIRST_FRAME=1`: print the time from process start to the end
        // of the first frame, then close (BENCHMARKS.md, cold start).
        if self.frames == 1 && std::env::var_os("YUSUAN_EXIT_AFTER_FIRST_FRAME").is_some() {
            if let Some(t) = STARTED.get() {
                println!(
                    "first frame after {:.1} ms",
                    t.elapsed().as_secs_f64() * 1000.0
                );
            }
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
        let title = self.app.window_title();
        if title != self.app.title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.app.title = title;
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, STORAGE_KEY, &self.app.persisted);
    }
}

/// Runs the window. `args`: optional file, `--readonly`.
pub fn run(file: Option<PathBuf>, read_only: bool) -> Result<(), String> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([800.0, 500.0])
            .with_drag_and_drop(true)
            .with_title("yusuan 部门预算编制"),
        ..Default::default()
    };
    eframe::run_native(
        "yusuan",
        options,
        Box::new(move |cc| {
            install_fonts(&cc.egui_ctx);
            let persisted: Persisted = cc
                .storage
                .and_then(|s| eframe::get_value(s, STORAGE_KEY))
                .unwrap_or_default();
            let doc = startup_document(file, read_only, &persisted);
            Ok(Box::new(EframeApp {
                app: EditorApp::new(doc, persisted),
                frames: 0,
            }))
        }),
    )
    .map_err(|e| {
        let text = e.to_string();
        if text.contains("DISPLAY") || text.contains("WAYLAND") {
            "无法打开窗口：没有图形桌面（未设置 DISPLAY 或 WAYLAND_DISPLAY）。没有桌面时请用命令行，见 yusuan help".to_string()
        } else if text.contains("GL") || text.contains("gl") {
            "无法打开窗口：显卡驱动不支持 OpenGL 2.0 以上，请更新显卡驱动".to_string()
        } else {
            "无法打开窗口：图形界面初始化失败（可用命令行 yusuan help）".to_string()
        }
    })
}
