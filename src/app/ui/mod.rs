//! The desktop editor: a thin view over the engine. Sheets read the [`Document`]; every
//! change is an [`Edit`] queued as a [`Command`] during the frame and run once at its end,
//! through the document's one gate (which stores it, keeps the history and recalculates).
//!
//! - here: the editor's state and its frame (the keyboard, the dialogs, quitting);
//! - `chrome.rs`: menus, status bar, navigation, side panel; `run.rs`: the commands run at
//!   the end of the frame; `shell.rs`: start-up and the eframe application;
//! - `sheets/`, `grid/`, `dialogs/`, and the views of tables, narrative and charts.

mod charts;
mod chrome;
pub mod command;
mod compare;
mod dialogs;
pub mod grid;
pub mod path_field;
mod published;
mod remarks;
mod run;
mod sheets;
mod shell;

pub use shell::{STARTED, demo_path, run, startup_document};

use crate::app::document::Document;
use crate::app::paths::absolute;
use crate::engine::checks::Finding;
use crate::engine::edit::Edit;
use crate::engine::model::Budget;
use crate::engine::records::place::Sheet;
use command::UiCommand;
use std::path::PathBuf;

pub use crate::engine::fonts::CJK_FONT;

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
    GoToPlace(crate::engine::records::place::Place),
    Remark(RemarkAction),
    Notify(Notice),
    /// 查找下一个 in 支出明细.
    FindNext,
    /// Open the findings (检查结果).
    ShowFindings,
    SaveAs(PathBuf),
    Export {
        kind: crate::app::ops::ExportKind,
        path: PathBuf,
        options: crate::app::ops::ExportOptions,
    },
    /// An import checked whole.
    Import(Box<crate::exchange::import::Preview>),
    /// A built-in layout (by id) for the budget.
    UseLayout(String),
    CarryFrom(PathBuf),
    SaveTemplate(PathBuf),
    /// A region's own layout file into the budget.
    LoadLayout(PathBuf),
    /// The layout in force out to a file.
    SaveLayout(PathBuf),
    /// A region's standards file (测算标准) into the budget.
    LoadStandards(PathBuf),
    /// Built-in standards (by id) for the budget.
    UseStandards(String),
    /// The budget's standards out to a file.
    SaveStandards(PathBuf),
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
    Add(crate::engine::records::place::Place, String, String),
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
    /// No file was opened before this start: the demo shows a banner with the way to
    /// one's own budget.
    pub first_run: bool,
}

impl EditorApp {
    /// An editor on a document (or on none, with a message).
    pub fn new(doc: Result<Document, String>, persisted: Persisted) -> EditorApp {
        let first_run = persisted.recent.is_empty();
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
            first_run,
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
                Ok(crate::app::document::Outside::Records) => {
                    self.notice = Some(Notice::info(
                        "文件已被另一个程序修改，已载入最新内容（撤销记录已清空）",
                    ))
                }
                Ok(crate::app::document::Outside::Remarks) => {
                    self.notice = Some(Notice::info("另一窗口添加或修改了批注，已载入"))
                }
                Ok(crate::app::document::Outside::Nothing) => {}
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

    /// The zoom factor the user chose.
    pub fn zoom(&self) -> f32 {
        self.persisted.zoom.unwrap_or(1.0)
    }
}
