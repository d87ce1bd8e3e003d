//! The desktop editor: a thin view over the engine. Sheets read the [`Document`]; every
//! change is an [`Edit`] queued as a [`Command`] during the frame and run once at its end,
//! through the document's one gate (which stores it, keeps the history and recalculates).

mod charts;
mod compare;
mod dialogs;
pub mod path_field;
use dialogs::Dialog as _;
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
    // Scroll bars always in view and beside the content, never floating over it: a wide
    // table shows that it goes on to the right.
    ctx.all_styles_mut(|s| s.spacing.scroll = egui::style::ScrollStyle::solid());
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
    /// Open the findings (检查结果).
    ShowFindings,
    SaveAs(PathBuf),
    Export {
        kind: ExportKind,
        path: PathBuf,
        wan: bool,
        remarks: bool,
    },
    /// An import checked whole, as one edit, with what it holds.
    ApplyImport(Edit, String),
    CarryFrom(PathBuf),
    SaveTemplate(PathBuf),
    /// A region's own layout file into the budget.
    LoadLayout(PathBuf),
    /// The layout in force out to a file.
    SaveLayout(PathBuf),
    Compare(PathBuf),
    /// The department files of a folder into a district file.
    Consolidate(PathBuf, PathBuf),
    RestoreBackup,
    /// Creates a budget file; then imports the workbook it was filled from, if any.
    Create(PathBuf, Box<Budget>, Option<PathBuf>),
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

pub use dialogs::export::ExportKind;

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
    comparison: Option<compare::Comparison>,
    commands: Vec<Command>,
    dialogs: dialogs::Dialogs,
    title: String,
    last_zoom: f32,
    /// The time of this frame (egui's clock), for marks that fade.
    now: f64,
    /// A review window looks at its file again from this time on.
    next_poll: f64,
    /// A sheet to go to once the cell being edited has been stored.
    pending_sheet: Option<Sheet>,
    /// 退出 was asked for: the window closes once the cell being edited is stored.
    quit_pending: bool,
    /// The window is to close (set once; the eframe shell closes the viewport).
    pub closing: bool,
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
            comparison: None,
            commands: Vec::new(),
            dialogs: Default::default(),
            title: String::new(),
            last_zoom: 0.0,
            now: 0.0,
            next_poll: 0.0,
            pending_sheet: None,
            quit_pending: false,
            closing: false,
        };
        match doc {
            Ok(d) => app.set_document(d),
            Err(e) => app.notice = Some(Notice::error(e)),
        }
        app
    }

    fn set_document(&mut self, d: Document) {
        let path = absolute(d.path());
        self.notice = d
            .read_only_reason()
            .map(|r| Notice::info(format!("审阅模式：{r}")));
        self.doc = Some(d);
        self.sheets = sheets::SheetStates::with_widths(self.persisted.column_widths.clone());
        self.persisted
            .recent
            .retain(|p| p != &path && p.is_absolute());
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
        self.close_dialog_on_escape(&ctx);
        if !self.dialogs.any_open() {
            self.shortcuts(&ctx);
        }
        self.keyboard_to_grid(&ctx);
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
        self.sheets.inert = self.dialogs.any_open();
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
        self.run_commands();
        self.sync_widths();
        if let Some(s) = self.pending_sheet.take() {
            self.sheet = s;
            self.sheets.focus_active(s);
        }
        self.finish_quit(&ctx);
    }

    /// The grid of the sheet shown takes the keyboard back whenever nothing else that
    /// takes typing has it: after a click in the navigation, on a button or on the status
    /// bar, after a dialog closed. Never from a text field, an open menu or list, or while
    /// a dialog is open (dialogs are modal).
    fn keyboard_to_grid(&mut self, ctx: &egui::Context) {
        if self.doc.is_none() || self.dialogs.any_open() || ctx.text_edit_focused() {
            return;
        }
        if egui::Popup::is_any_open(ctx) || grid::GridView::grid_has_focus(ctx) {
            return;
        }
        if ctx.input(|i| i.pointer.any_down()) {
            return; // a press in progress (a drag, a click on a button) goes on as it is
        }
        self.sheets.focus_active(self.sheet);
    }

    /// 退出 (Ctrl+Q, or the window's close button): a cell being typed is stored first;
    /// if it is refused, the window stays open on it, with the reason.
    fn finish_quit(&mut self, ctx: &egui::Context) {
        if ctx.input(|i| i.viewport().close_requested()) && !self.closing {
            if self.sheets.has_open_edit(self.sheet) {
                ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
                self.commands.push(Command::Ui(UiCommand::Quit));
            } else {
                self.closing = true;
            }
            return;
        }
        if !self.quit_pending || self.sheets.has_open_edit_pending_commit(self.sheet) {
            return;
        }
        self.quit_pending = false;
        if self.sheets.has_open_edit(self.sheet) {
            self.notice = Some(Notice::error(
                "未退出：正在输入的内容未能保存，请改正后回车，或按 Esc 放弃",
            ));
            return;
        }
        self.closing = true;
        ctx.send_viewport_cmd(egui::ViewportCommand::Close);
    }

    /// Goes to a sheet; a cell being edited is stored first (on the next frame). The
    /// sheet's grid takes the keyboard.
    fn switch_sheet(&mut self, s: Sheet) {
        if s == self.sheet {
            return;
        }
        if self.sheets.has_open_edit(self.sheet) {
            self.sheets.commit_open_edits(self.sheet, true);
            self.pending_sheet = Some(s);
        } else {
            self.sheet = s;
            self.sheets.focus_active(s);
        }
    }

    /// The sheet before or after the current one in the navigation (Ctrl+PgUp/PgDn).
    fn next_sheet(&mut self, forward: bool) {
        let n = sheets::ORDER.len();
        let i = sheets::ORDER
            .iter()
            .position(|s| *s == self.sheet)
            .unwrap_or(0);
        let j = if forward {
            (i + 1) % n
        } else {
            (i + n - 1) % n
        };
        self.switch_sheet(sheets::ORDER[j]);
    }

    /// A review window reads its file again when another yusuan stored a change in it
    /// (checked twice a second).
    fn poll_file(&mut self, ctx: &egui::Context) {
        let Some(doc) = &mut self.doc else { return };
        ctx.request_repaint_after(std::time::Duration::from_millis(500));
        if self.now < self.next_poll {
            return;
        }
        self.next_poll = self.now + 0.5;
        if !doc.is_read_only() {
            // Another program wrote to the file this window edits: show what it holds.
            match doc.outside_changes() {
                Ok(crate::document::Outside::Records) => {
                    self.notice = Some(Notice::info(
                        "文件已被另一个程序修改，已载入最新内容（撤销记录已清空）",
                    ))
                }
                Ok(crate::document::Outside::Remarks) => {
                    self.notice = Some(Notice::info("另一窗口添加或修改了批注，已载入"))
                }
                Ok(crate::document::Outside::Nothing) => {}
                Err(e) => self.notice = Some(Notice::error(format!("无法读取文件的最新内容：{e}"))),
            }
            return;
        }
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

    /// Esc closes the dialog on top (every dialog is modal: the window behind it takes
    /// no keys and no clicks while it is open).
    fn close_dialog_on_escape(&mut self, ctx: &egui::Context) {
        if self.dialogs.any_open()
            && !egui::Popup::is_any_open(ctx)
            && ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Escape))
        {
            self.dialogs.close_top();
        }
    }

    fn menu_item(&mut self, ui: &mut egui::Ui, c: UiCommand, enabled: bool) {
        let shortcut = command::shortcut_label(c);
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
                    self.menu_item(ui, UiCommand::ExportData, has_doc);
                    ui.separator();
                    self.menu_item(ui, UiCommand::Import, writable);
                    self.menu_item(ui, UiCommand::SaveTemplate, true);
                    self.menu_item(ui, UiCommand::CarryOver, writable);
                    ui.separator();
                    self.menu_item(ui, UiCommand::LoadLayout, writable);
                    self.menu_item(ui, UiCommand::SaveLayout, has_doc);
                    ui.separator();
                    self.menu_item(ui, UiCommand::Compare, has_doc);
                    self.menu_item(ui, UiCommand::Consolidate, true);
                    self.menu_item(ui, UiCommand::RestoreBackup, writable);
                    ui.separator();
                    self.menu_item(ui, UiCommand::Save, has_doc);
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
                    ui.separator();
                    self.menu_item(ui, UiCommand::Quit, true);
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
                    let sc = command::shortcut_label;
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
                    self.menu_item(ui, UiCommand::PrevSheet, has_doc);
                    self.menu_item(ui, UiCommand::NextSheet, has_doc);
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
        let out = self.dialogs.show(ctx, self.doc.as_ref());
        self.commands.extend(out);
        if let Some(c) = &self.comparison {
            let mut open = true;
            compare::comparison_window(ctx, c, &mut open);
            if !open {
                self.comparison = None;
            }
        }
    }

    /// 另存为: whether the copy was written.
    fn save_as(&mut self, to: &Path) -> bool {
        let Some(doc) = &self.doc else { return false };
        let to = crate::app::paths::new_budget_path(to, Some(doc.path()));
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
                true
            }
            Err(e) => {
                self.notice = Some(Notice::error(format!("另存失败：{e}")));
                false
            }
        }
    }

    /// Opens a budget file in the window. The budget open before stays open until the
    /// other one has opened; if it cannot be, it stays, and the notice says why.
    fn open_path(&mut self, p: &Path, read_only: bool) {
        let p = absolute(p);
        if let Some(d) = &self.doc
            && absolute(d.path()) == p
            && d.is_read_only() == read_only
        {
            self.notice = Some(Notice::info(format!("此文件已经打开：{}", p.display())));
            return;
        }
        if !p.exists() {
            self.persisted.recent.retain(|r| r != &p);
            self.notice = Some(Notice::error(format!(
                "找不到文件 {}（已从“最近打开”中去掉）；当前预算仍然打开",
                p.display()
            )));
            return;
        }
        // The same file, now for editing (or for review): its lock is let go first.
        let same = self.doc.as_ref().is_some_and(|d| absolute(d.path()) == p);
        let kept = if same { self.doc.take() } else { None };
        match Document::open(&p, read_only) {
            Ok(d) => {
                drop(kept);
                self.set_document(d);
            }
            Err(e) => {
                let why = format!("无法打开 {}：{e}", p.display());
                if let Some(k) = kept {
                    self.doc = Some(k);
                }
                self.notice = Some(Notice::error(if self.doc.is_some() {
                    format!("{why}；当前预算仍然打开")
                } else {
                    why
                }));
            }
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
            Command::OpenPath(p, ro) => self.open_path(&p, ro),
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
            Command::ShowFindings => {
                self.show_findings = true;
                self.side_remarks = false;
            }
            Command::SaveAs(p) => {
                if self.save_as(&p) {
                    self.dialogs.save_as.close();
                }
            }
            Command::Export {
                kind,
                path,
                wan,
                remarks,
            } => {
                let Some(doc) = &self.doc else { return };
                self.notice = Some(match kind.run(doc.budget(), &path, wan, remarks) {
                    Ok(done) => {
                        self.dialogs.export.close();
                        Notice::info(done)
                    }
                    Err(e) => Notice::error(e),
                });
            }
            Command::ApplyImport(edit, summary) => {
                let Some(doc) = &mut self.doc else { return };
                self.notice = Some(match doc.apply_import(edit) {
                    Ok(()) => {
                        self.dialogs.import.close();
                        Notice::info(format!("已导入：{summary}（可撤销）"))
                    }
                    Err(e) => Notice::error(format!("未导入：{e}")),
                });
            }
            Command::CarryFrom(p) => {
                let Some(doc) = &mut self.doc else { return };
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
                        self.dialogs.carry.close();
                        Notice::info(format!("已从上年文件带入：{}（可撤销）", s.text()))
                    }
                    Err(e) => Notice::error(format!("未带入：{e}")),
                });
            }
            Command::LoadLayout(p) => {
                let Some(doc) = &mut self.doc else { return };
                let text = match std::fs::read(&p) {
                    Ok(bytes) => crate::textfile::decode(&bytes),
                    Err(e) => {
                        let why = crate::textfile::io_reason(&e);
                        self.notice =
                            Some(Notice::error(format!("无法读取 {}：{why}", p.display())));
                        return;
                    }
                };
                match crate::layout::load(&text) {
                    Err(faults) => {
                        self.notice = Some(Notice::error(format!(
                            "表样文件有 {} 处问题，未载入（见对话框）",
                            faults.len()
                        )));
                        self.dialogs
                            .layout
                            .refused(faults.iter().map(|f| f.to_string()).collect());
                    }
                    Ok(layout) => {
                        let (name, n) = (layout.name().to_string(), layout.len());
                        self.notice = Some(match doc.apply_import(Edit::SetLayout(layout)) {
                            Ok(()) => {
                                self.dialogs.layout.close();
                                Notice::info(format!("已载入表样“{name}”：{n} 张表（可撤销）"))
                            }
                            Err(e) => Notice::error(format!("未载入表样：{e}")),
                        });
                    }
                }
            }
            Command::SaveLayout(p) => {
                let Some(doc) = &self.doc else { return };
                let layout = doc.budget().layout.clone();
                self.notice = Some(
                    match crate::export::write_atomically(&p, layout.source.as_bytes()) {
                        Ok(()) => {
                            self.dialogs.layout.close();
                            Notice::info(format!("已保存表样“{}”到 {}", layout.name(), p.display()))
                        }
                        Err(e) => Notice::error(e),
                    },
                );
            }
            Command::SaveTemplate(p) => {
                // With a budget open, its own records fill the keyed sheets, so that the
                // template imported as it is changes nothing there.
                let template = match &self.doc {
                    Some(d) => crate::workbook::template_xlsx_for(d.budget()),
                    None => crate::import::template_xlsx(),
                };
                self.notice = Some(
                    match template.and_then(|b| crate::export::write_atomically(&p, &b)) {
                        Ok(()) => {
                            self.dialogs.template.close();
                            Notice::info(format!("已保存导入模板 {}", p.display()))
                        }
                        Err(e) => Notice::error(e),
                    },
                );
            }
            Command::Compare(p) => {
                let Some(doc) = &self.doc else { return };
                match crate::store::Store::open(&p, crate::store::Access::ReadOnly) {
                    Ok(other) => {
                        let diff = crate::diff::diff(other.budget(), doc.budget());
                        self.notice = Some(Notice::info(format!(
                            "{}比较完成：{} 条记录、{} 个公开表数字有变化",
                            diff.warning
                                .as_ref()
                                .map(|w| format!("{w}。"))
                                .unwrap_or_default(),
                            diff.records.len(),
                            diff.cells.len()
                        )));
                        self.comparison = Some(compare::Comparison {
                            other: p.display().to_string(),
                            diff,
                        });
                        self.dialogs.compare.close();
                    }
                    Err(e) => self.notice = Some(Notice::error(format!("无法比较：{e}"))),
                }
            }
            Command::Consolidate(dir, out) => {
                let result = if out.exists() {
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
                        self.dialogs.consolidate.close();
                        self.run(Command::OpenPath(out, false));
                        self.notice = Some(Notice::info(msg));
                    }
                    Err(e) => self.notice = Some(Notice::error(e)),
                }
            }
            Command::RestoreBackup => {
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
            Command::Create(path, b, source) => match Document::create(&path, &b) {
                Ok(d) => {
                    self.set_document(d);
                    self.sheet = Sheet::Department;
                    self.notice = Some(Notice::info(format!("已新建 {}", path.display())));
                    self.dialogs.new_budget.close();
                    if let Some(source) = source {
                        self.dialogs.import.start_with(&source);
                    }
                }
                Err(e) => self.dialogs.new_budget.error = Some(e.to_string()),
            },
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
            UiCommand::New => self.dialogs.new_budget.start(),
            UiCommand::Open => self.dialogs.open.start(false),
            UiCommand::OpenReadOnly => self.dialogs.open.start(true),
            UiCommand::SaveAs => {
                if let Some(d) = &self.doc {
                    self.dialogs.save_as.start(d);
                }
            }
            UiCommand::ExportXlsx
            | UiCommand::ExportPdf
            | UiCommand::ExportDocx
            | UiCommand::ExportCharts
            | UiCommand::ExportData => {
                if let (Some(d), Some(kind)) = (&self.doc, ExportKind::from_command(u)) {
                    self.dialogs.export.start(kind, d);
                }
            }
            UiCommand::RestoreBackup => {
                if let Some(d) = &self.doc {
                    match crate::store::backups(d.path()).into_iter().next() {
                        Some(b) => self.dialogs.restore.start(b),
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
                let deletes = matches!(
                    if u == UiCommand::Undo {
                        doc.undo_edit()
                    } else {
                        doc.redo_edit()
                    },
                    Some(Edit::DeleteLines(_))
                );
                // A line about to go is named by the row it is in now.
                let before = place
                    .as_ref()
                    .filter(|_| deletes)
                    .and_then(|p| self.sheets.line_row_before(doc, p));
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
                    match before {
                        Some((text, row)) => {
                            self.sheets.flash_row(row, now + 1.5);
                            at = text;
                        }
                        None => {
                            self.sheets.go_to_and_flash(doc, place, now + 1.5);
                            at = self.sheets.place_text(doc, place);
                        }
                    }
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
            UiCommand::Import => self.dialogs.import.start(),
            UiCommand::Consolidate => self.dialogs.consolidate.start(),
            UiCommand::CarryOver => self.dialogs.carry.start(),
            UiCommand::SaveTemplate => self.dialogs.template.start(self.doc.as_ref()),
            UiCommand::LoadLayout => self.dialogs.layout.start_load(self.doc.as_ref()),
            UiCommand::SaveLayout => {
                if let Some(d) = &self.doc {
                    self.dialogs.layout.start_save(d);
                }
            }
            UiCommand::Compare => self.dialogs.compare.start(),
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
            UiCommand::Save => {
                if self.sheets.has_open_edit(self.sheet) {
                    self.sheets.commit_open_edits(self.sheet, false);
                }
                if let Some(d) = &self.doc {
                    self.notice = Some(Notice::info(if d.is_read_only() {
                        "审阅模式（只读）：此文件不能修改；批注已写入文件".to_string()
                    } else {
                        format!("已保存（每次修改都已自动保存）：{}", d.path().display())
                    }));
                }
            }
            UiCommand::Quit => {
                if self.sheets.has_open_edit(self.sheet) {
                    self.sheets.commit_open_edits(self.sheet, false);
                }
                self.quit_pending = true;
            }
            UiCommand::PrevSheet | UiCommand::NextSheet if self.doc.is_some() => {
                self.next_sheet(u == UiCommand::NextSheet)
            }
            UiCommand::PrevSheet | UiCommand::NextSheet => {}
        }
    }

    /// The zoom factor the user chose.
    pub fn zoom(&self) -> f32 {
        self.persisted.zoom.unwrap_or(1.0)
    }
}

use crate::app::paths::absolute;

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
            std::fs::create_dir_all(dir).map_err(|e| {
                format!(
                    "无法建立 {}：{}",
                    dir.display(),
                    crate::textfile::io_reason(&e)
                )
            })?;
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
