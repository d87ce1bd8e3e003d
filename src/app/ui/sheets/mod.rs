//! The sheets of the editor, one file each. Each reads the document and turns what the
//! user does into commands; none changes the budget itself.
//!
//! Every grid of a sheet goes through [`grid_ui`]: the sheet describes the grid for the
//! frame ([`SheetGrid`]: columns, texts, and how a set of cell texts becomes one edit),
//! and the grid's actions become commands here, the same way on every sheet.

mod assets;
mod department;
mod income;
mod indicators;
mod lines;
pub mod places;
mod plan;
mod prior;
mod procurement;
mod projects;
mod reasons;
mod rows;
mod staff;
mod standards;
mod three_public;

pub use lines::LinesState;

use super::command::UiCommand;
use super::grid::{self, CellChange, GridAction, GridData, GridState, GridView, SetHow};
use super::{CellOrigin, Command, Notice};
use crate::app::document::Document;
use crate::engine::checks;
use crate::engine::edit::Edit;
use crate::engine::kinds::*;
use crate::engine::model::*;
use crate::engine::records::Kind;
use crate::engine::records::place::{Place, Sheet, Target};
use crate::engine::records::registry::{KindFn, RecordRefFn};
use crate::exchange::paste::PasteProblem;
use egui::RichText;
use std::collections::{BTreeMap, HashMap};

/// The sheets in navigation order.
pub const ORDER: [Sheet; 16] = Sheet::ALL;

/// A verb of the 编辑 menu for the grid that has (or last had) the keyboard.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verb {
    FillDown,
    FillRight,
    InsertRow,
    DuplicateRows,
    DeleteRows,
}

impl Verb {
    fn of(c: UiCommand) -> Option<Verb> {
        Some(match c {
            UiCommand::FillDown => Verb::FillDown,
            UiCommand::FillRight => Verb::FillRight,
            UiCommand::InsertRow => Verb::InsertRow,
            UiCommand::DuplicateRows => Verb::DuplicateRows,
            UiCommand::DeleteRows => Verb::DeleteRows,
            _ => return None,
        })
    }
}

/// What all grids share: the problems of the last refused paste or fill, the column
/// widths the user chose, which grid of each sheet was last used, and a verb waiting for
/// its grid.
#[derive(Default)]
pub struct Shared {
    /// A refused block: what was refused and every problem, by row and column.
    pub problems: Option<(String, Vec<PasteProblem>)>,
    /// Column widths by grid, remembered between sessions.
    pub widths: BTreeMap<String, Vec<f32>>,
    pub widths_changed: bool,
    active: HashMap<Sheet, u8>,
    verb: Option<(Sheet, Verb)>,
}

#[derive(Default)]
pub struct SheetStates {
    /// A dialog is open over the window: grids are drawn but take no keys or clicks.
    pub inert: bool,
    pub lines: LinesState,
    pub published: super::published::PublishedState,
    pub charts: super::charts::ChartsState,
    pub shared: Shared,
    changes: Option<(u64, std::rc::Rc<Vec<checks::Change>>)>,
    working: Option<(u64, std::rc::Rc<crate::engine::staffing::working::Working>)>,
    pub grids: HashMap<(Sheet, u8), GridState>,
    /// Text being typed in form fields, by field.
    pub drafts: HashMap<String, String>,
    pub project: Option<i64>,
    /// After 新增项目: select the first project whose id is above this once it exists.
    select_new_project_after: Option<i64>,
    prior_new: (String, Option<Nature>, String),
}

impl SheetStates {
    /// Sheet states with the column widths the user chose before.
    pub fn with_widths(widths: BTreeMap<String, Vec<f32>>) -> SheetStates {
        SheetStates {
            shared: Shared {
                widths,
                ..Shared::default()
            },
            ..SheetStates::default()
        }
    }

    pub fn grid(&mut self, sheet: Sheet, n: u8) -> &mut GridState {
        self.grids.entry((sheet, n)).or_default()
    }

    /// A grid's state and what the grids share, borrowed together.
    fn split(&mut self, sheet: Sheet, n: u8) -> (&mut GridState, &mut Shared) {
        (self.grids.entry((sheet, n)).or_default(), &mut self.shared)
    }

    /// Makes a grid the one the 编辑 menu's verbs go to on its sheet.
    pub(super) fn shared_active(&mut self, sheet: Sheet, n: u8) {
        self.shared.active.insert(sheet, n);
    }

    /// The grid of a sheet that has, or last had, the keyboard.
    pub fn active_grid(&self, sheet: Sheet) -> Option<&GridState> {
        let n = self.active_n(sheet);
        self.grids
            .get(&(sheet, n))
            .or_else(|| self.grids.get(&(sheet, 0)))
    }

    /// The outcome of an edit that came from a cell editor; a refusal of an entry the user
    /// has left is returned, for a notice.
    pub fn commit_result(&mut self, o: CellOrigin, r: Result<(), String>) -> Option<String> {
        self.grid(o.sheet, o.grid).entry_result(o.row, o.col, r)
    }

    /// Whether a cell editor on the sheet holds text not yet stored.
    pub fn has_open_edit(&self, sheet: Sheet) -> bool {
        self.grids
            .iter()
            .any(|((s, _), g)| *s == sheet && g.has_open_edit())
    }

    /// Asks the sheet's open cell editors to store their text on the next frame;
    /// `leaving`: the sheet is being left.
    pub fn commit_open_edits(&mut self, sheet: Sheet, leaving: bool) {
        for ((s, _), g) in self.grids.iter_mut() {
            if *s == sheet {
                g.request_commit(leaving);
            }
        }
    }

    /// Whether a commit asked for on the sheet has still to happen.
    pub fn has_open_edit_pending_commit(&self, sheet: Sheet) -> bool {
        self.grids
            .iter()
            .any(|((s, _), g)| *s == sheet && g.commit_pending())
    }

    /// The grid of a sheet that has (or last had) the keyboard takes it on the next frame.
    pub fn focus_active(&mut self, sheet: Sheet) {
        if matches!(sheet, Sheet::Tables | Sheet::Narrative | Sheet::Charts) {
            return;
        }
        let n = self.active_n(sheet);
        self.grid(sheet, n).focus();
    }

    /// The number of the sheet's grid that has (or last had) the keyboard: at first the
    /// one an officer types into (a project's indicators, not the list above them).
    fn active_n(&self, sheet: Sheet) -> u8 {
        let first = match sheet {
            Sheet::Projects | Sheet::DepartmentTarget => 1,
            _ => 0,
        };
        self.shared.active.get(&sheet).copied().unwrap_or(first)
    }

    /// The items that changed from last year (the rows of 变动原因), derived once per
    /// revision: the sheet, its remarks and the jumps to it all read them.
    pub fn changed_items(&mut self, doc: &Document) -> std::rc::Rc<Vec<checks::Change>> {
        match &self.changes {
            Some((rev, c)) if *rev == doc.revision() => c.clone(),
            _ => {
                let c: std::rc::Rc<Vec<checks::Change>> = std::rc::Rc::new(
                    checks::year_on_year_of(doc.budget(), doc.derived().sums())
                        .into_iter()
                        .filter(|c| c.prior != c.current)
                        .collect(),
                );
                self.changes = Some((doc.revision(), c.clone()));
                c
            }
        }
    }

    /// The 测算表, worked out once per revision.
    pub fn working(
        &mut self,
        doc: &Document,
    ) -> std::rc::Rc<crate::engine::staffing::working::Working> {
        match &self.working {
            Some((rev, w)) if *rev == doc.revision() => w.clone(),
            _ => {
                let w = std::rc::Rc::new(crate::engine::staffing::working::of(doc.budget()));
                self.working = Some((doc.revision(), w.clone()));
                w
            }
        }
    }

    /// A command of the 编辑 menu on the current sheet: find, and the row and fill verbs,
    /// which the sheet's active grid carries out on the next frame.
    pub fn command(&mut self, sheet: Sheet, c: UiCommand, out: &mut Vec<Command>) {
        if c == UiCommand::Find {
            if sheet == Sheet::Lines {
                self.lines.open_find();
            } else {
                out.push(Command::Notify(Notice::info("查找用于“支出明细”页")));
            }
            return;
        }
        if let Some(v) = Verb::of(c) {
            self.shared.verb = Some((sheet, v));
        }
    }

    /// 求和/计数 of the selection on the sheet, for the status bar.
    pub fn selection_summary(&self, sheet: Sheet) -> Option<grid::Summary> {
        self.active_grid(sheet).and_then(|g| g.summary())
    }
}

pub fn show(
    ui: &mut egui::Ui,
    sheet: Sheet,
    doc: &Document,
    st: &mut SheetStates,
    out: &mut Vec<Command>,
) {
    if sheet == Sheet::Charts {
        return super::charts::show(ui, doc, &mut st.charts);
    }
    ui.heading(sheet.label());
    ui.add_space(4.0);
    match sheet {
        Sheet::Department => department::show(ui, doc, st, out),
        Sheet::Staff => staff::show(ui, doc, st, out),
        Sheet::Standards => standards::show(ui, doc, st, out),
        Sheet::Working => standards::working(ui, doc, st, out),
        Sheet::Income => income::show(ui, doc, st, out),
        Sheet::Lines => lines::show(ui, doc, st, out),
        Sheet::ThreePublic => three_public::show(ui, doc, st, out),
        Sheet::Projects => projects::show(ui, doc, st, out),
        Sheet::DepartmentTarget => projects::department_target(ui, doc, st, out),
        Sheet::Procurement => procurement::show(ui, doc, st, out),
        Sheet::Assets => assets::show(ui, doc, st, out),
        Sheet::Prior => prior::show(ui, doc, st, out),
        Sheet::Reasons => reasons::show(ui, doc, st, out),
        Sheet::Tables => super::published::show_tables(ui, doc, &mut st.published),
        Sheet::Narrative => super::published::show_narrative(ui, doc, &mut st.published, out),
        Sheet::Charts => {}
    }
    // A verb for a sheet without grids, or whose grid was not shown, is not kept.
    if st.shared.verb.is_some_and(|(s, _)| s == sheet) {
        st.shared.verb = None;
        out.push(Command::Notify(Notice::info("此页没有可以这样编辑的表格")));
    }
    problems_window(ui.ctx(), &mut st.shared);
}

/// The labels of a kind's grid columns, in order.
fn labels<R: crate::engine::records::Kind>() -> Vec<&'static str> {
    R::grid_fields().iter().map(|f| f.label).collect()
}

/// Finds the next line holding the text of the find box (Ctrl+F, Enter).
pub fn find_next(doc: &Document, st: &mut SheetStates) -> bool {
    lines::find_next(doc, st)
}

// ---- the grids of the sheets ------------------------------------------------------------

/// What cell changes come to: one edit, nothing (every cell already holds its text), or
/// the problems by row and column.
pub(super) type SetResult = Result<Option<Edit>, Vec<PasteProblem>>;

/// A sheet's own reading of a paste: `None` leaves it to the grid.
pub(super) type OwnPaste<'a> = dyn Fn(&str) -> Option<SetResult> + 'a;

/// Whether the cells typed into the new row make a record yet: `Ok(None)` they do,
/// `Ok(Some(what))` not until `what` is typed too, `Err` a cell is wrong.
pub(super) type PendingRow<'a> =
    dyn Fn(&[CellChange]) -> Result<Option<String>, Vec<PasteProblem>> + 'a;

/// The first of these columns that the cells typed into a new row leave blank: what the
/// row still needs before it makes a record (a unit its code, name and kind, never one
/// chosen for the officer).
pub(super) fn first_untyped(
    cells: &[CellChange],
    columns: &[grid::ColumnSpec],
    needed: &[&str],
) -> Option<String> {
    needed
        .iter()
        .find(|label| {
            !cells.iter().any(|c| {
                columns.get(c.col).is_some_and(|s| s.title == **label) && !c.text.trim().is_empty()
            })
        })
        .map(|l| l.to_string())
}

/// One grid of a sheet, as the sheet describes it for a frame.
pub(super) struct SheetGrid<'a> {
    /// The sheet and the grid's number on it (where refusals and remarks go).
    pub origin: (Sheet, u8),
    /// Names the grid; its column widths are remembered under it.
    pub id: &'a str,
    pub columns: &'a [grid::ColumnSpec],
    pub data: &'a dyn GridData,
    /// Cell texts to one edit, checked whole.
    pub set: &'a dyn Fn(&[CellChange]) -> SetResult,
    /// A paste the sheet reads itself (whole rows under a header row); `None` from it
    /// leaves the paste to the grid.
    pub paste: Option<&'a OwnPaste<'a>>,
    pub frozen: usize,
    pub pinned: Option<usize>,
    pub height: Option<f32>,
    pub sortable: bool,
    pub sort: Option<(usize, bool)>,
    /// A blank row below the last, where typing or pasting adds records.
    pub new_row: bool,
    /// For records that need several cells before they exist: the new row keeps what is
    /// typed into it until they are there.
    pub pending_row: Option<&'a PendingRow<'a>>,
}

impl<'a> SheetGrid<'a> {
    pub fn new(
        origin: (Sheet, u8),
        id: &'a str,
        columns: &'a [grid::ColumnSpec],
        data: &'a dyn GridData,
        set: &'a dyn Fn(&[CellChange]) -> SetResult,
    ) -> Self {
        SheetGrid {
            origin,
            id,
            columns,
            data,
            set,
            paste: None,
            frozen: 0,
            pinned: None,
            height: None,
            sortable: false,
            sort: None,
            new_row: false,
            pending_row: None,
        }
    }

    /// With a blank row below the last, where typing adds a record.
    pub fn with_new_row(mut self) -> Self {
        self.new_row = true;
        self
    }

    pub fn height(mut self, h: f32) -> Self {
        self.height = Some(h);
        self
    }

    /// Tall enough for `rows` rows (and at most `max`), for a short list on a form.
    pub fn rows_height(self, rows: usize, max: usize) -> Self {
        let n = rows.clamp(2, max.max(2)) as f32;
        self.height(26.0 + n * grid::ROW_H + 14.0)
    }
}

/// What a sheet handles itself after its grid was shown.
#[derive(Default)]
pub(super) struct GridOutcome {
    pub sort_by: Option<usize>,
    /// A row verb (insert, duplicate, delete) for this grid.
    pub verb: Option<Verb>,
}

/// Shows a sheet's grid and turns what the user did there into commands.
pub(super) fn grid_ui(
    ui: &mut egui::Ui,
    doc: &Document,
    st: &mut SheetStates,
    g: &SheetGrid,
    out: &mut Vec<Command>,
) -> GridOutcome {
    let inert = st.inert;
    let (gs, shared) = st.split(g.origin.0, g.origin.1);
    let key = format!("{}:{}", g.id, g.columns.len());
    if gs.widths.iter().all(|w| *w <= 0.0)
        && let Some(w) = shared.widths.get(&key)
        && w.len() == g.columns.len()
    {
        gs.widths = w.clone();
    }
    let view = GridView {
        id: g.id,
        columns: g.columns,
        data: g.data,
        read_only: doc.is_read_only(),
        catalog: &doc.budget().catalog,
        sort: g.sort,
        sortable: g.sortable,
        frozen: g.frozen,
        pinned: g.pinned,
        height: g.height,
        revision: doc.revision(),
        new_row: g.new_row,
        inert,
    };
    let mut actions = view.show(ui, gs);
    if gs.widths_changed {
        gs.widths_changed = false;
        shared.widths.insert(key, gs.widths.clone());
        shared.widths_changed = true;
    }
    let focused = ui.memory(|m| m.has_focus(GridView::focus_id(g.id)));
    if focused || gs.editing.is_some() {
        shared.active.insert(g.origin.0, g.origin.1);
    }
    let mine = shared.active.get(&g.origin.0).copied().unwrap_or(0) == g.origin.1;
    let mut outcome = GridOutcome::default();
    if mine && let Some((s, v)) = shared.verb.filter(|(s, _)| *s == g.origin.0) {
        let _ = s;
        shared.verb = None;
        match v {
            Verb::FillDown | Verb::FillRight if doc.is_read_only() => out.push(Command::Notify(
                Notice::error("审阅模式（只读），不能修改此文件"),
            )),
            Verb::FillDown | Verb::FillRight => actions.extend(view.fill(gs, v == Verb::FillDown)),
            _ => outcome.verb = Some(v),
        }
    }
    for a in actions {
        match a {
            GridAction::Set { changes, how } => apply_set(gs, shared, g, changes, how, out),
            GridAction::Paste(text) => {
                let own = g.paste.and_then(|p| p(&text));
                match own {
                    Some(result) => finish_set(gs, shared, g, &[], SetHow::Paste, result, out),
                    None => match view.paste(gs, &text) {
                        GridAction::Set { changes, how } => {
                            apply_set(gs, shared, g, changes, how, out)
                        }
                        GridAction::Refused(msg) => out.push(Command::Notify(Notice::error(msg))),
                        _ => {}
                    },
                }
            }
            GridAction::Copied { rows, cells } => {
                out.push(Command::Notify(Notice::info(if cells > 1 {
                    format!("已复制 {rows} 行（{cells} 个单元格），可粘贴到 Excel")
                } else {
                    "已复制 1 个单元格".to_string()
                })))
            }
            GridAction::Refused(msg) => out.push(Command::Notify(Notice::error(msg))),
            GridAction::Info(msg) => out.push(Command::Notify(Notice::info(msg))),
            GridAction::SortBy(c) => outcome.sort_by = Some(c),
        }
    }
    outcome
}

fn apply_set(
    gs: &mut GridState,
    shared: &mut Shared,
    g: &SheetGrid,
    changes: Vec<CellChange>,
    how: SetHow,
    out: &mut Vec<Command>,
) {
    // A cell typed into the new row of a sheet whose records need several cells: kept
    // with the others typed there until the row makes a record.
    if let Some(pending) = g.pending_row
        && matches!(how, SetHow::Entry | SetHow::Leaving)
        && let [change] = changes.as_slice()
        && change.row >= g.data.rows()
    {
        let cells = gs.draft_with(change);
        match pending(&cells) {
            Err(problems) => finish_set(gs, shared, g, &cells, how, Err(problems), out),
            Ok(Some(missing)) => {
                gs.keep_draft(&cells);
                gs.entry_result(change.row, change.col, Ok(()));
                out.push(Command::Notify(Notice::info(format!(
                    "新行尚未保存：还要填写“{missing}”（Esc 放弃此行）"
                ))));
            }
            Ok(None) => {
                gs.draft_sent();
                let result = (g.set)(&cells);
                finish_set(gs, shared, g, &cells, how, result, out);
            }
        }
        return;
    }
    let result = (g.set)(&changes);
    finish_set(gs, shared, g, &changes, how, result, out);
}

/// Sends the edit of a set of changes to the gate, or shows why it was refused.
fn finish_set(
    gs: &mut GridState,
    shared: &mut Shared,
    g: &SheetGrid,
    changes: &[CellChange],
    how: SetHow,
    result: SetResult,
    out: &mut Vec<Command>,
) {
    let entry = matches!(how, SetHow::Entry | SetHow::Leaving);
    let first = changes.first().map(|c| (c.row, c.col));
    match result {
        Ok(None) => {
            if entry && let Some((r, c)) = first {
                gs.entry_result(r, c, Ok(()));
            } else if !entry {
                out.push(Command::Notify(Notice::info(format!(
                    "{}：内容没有变化",
                    how.label()
                ))));
            }
        }
        Ok(Some(edit)) => {
            let origin = first.filter(|_| entry).map(|(row, col)| CellOrigin {
                sheet: g.origin.0,
                grid: g.origin.1,
                row,
                col,
            });
            if !entry {
                let n = changes.len();
                let rows = changes.iter().map(|c| c.row).max().unwrap_or(0);
                let new_rows = rows + 1 > g.data.rows();
                // What was pasted or filled stays selected, so that it shows.
                if let (Some(r0), Some(c0), Some(c1)) = (
                    changes.iter().map(|c| c.row).min(),
                    changes.iter().map(|c| c.col).min(),
                    changes.iter().map(|c| c.col).max(),
                ) {
                    gs.select_block((r0, c0), (rows, c1));
                }
                if n > 0 {
                    out.push(Command::Notify(Notice::info(format!(
                        "已{}{}（一步，可撤销）",
                        how.label(),
                        if new_rows {
                            format!(" {n} 个单元格，含新行")
                        } else {
                            format!(" {n} 个单元格")
                        }
                    ))));
                }
            }
            out.push(Command::Apply(edit, origin));
            if !entry {
                shared.problems = None;
            }
        }
        Err(problems) => {
            let msg = problems
                .first()
                .map(|p| p.message.clone())
                .unwrap_or_else(|| "不能这样修改".into());
            match how {
                SetHow::Entry => {
                    if let Some((r, c)) = first {
                        gs.entry_result(r, c, Err(msg));
                    }
                }
                SetHow::Leaving => {
                    if let Some((r, c)) = first {
                        gs.entry_result(r, c, Err(msg.clone()));
                    }
                    out.push(Command::Notify(Notice::error(format!("未保存：{msg}"))));
                }
                _ if problems.len() == 1 => out.push(Command::Notify(Notice::error(format!(
                    "未{}：{}",
                    how.label(),
                    problems[0]
                )))),
                _ => shared.problems = Some((how.label().to_string(), problems)),
            }
        }
    }
}

/// A row verb on a grid whose rows are fixed (every fund source, every 三公 item).
pub(super) fn fixed_rows_verb(v: Option<Verb>, out: &mut Vec<Command>) {
    if matches!(
        v,
        Some(Verb::InsertRow | Verb::DuplicateRows | Verb::DeleteRows)
    ) {
        out.push(Command::Notify(Notice::info(
            "此表的行是固定的，不能插入或删除行（金额可按 Delete 清为 0）",
        )));
    }
}

/// The problems of a refused paste or fill, each by row and column.
fn problems_window(ctx: &egui::Context, shared: &mut Shared) {
    let Some((what, problems)) = &shared.problems else {
        return;
    };
    let mut open = true;
    egui::Window::new(format!("{what}的内容有问题，未作任何修改"))
        .open(&mut open)
        .default_width(520.0)
        .show(ctx, |ui| {
            ui.label(format!(
                "共 {} 处问题。请改正后重新{what}：",
                problems.len()
            ));
            egui::ScrollArea::vertical()
                .max_height(300.0)
                .show(ui, |ui| {
                    for p in problems {
                        ui.label(p.to_string());
                    }
                });
        });
    if !open {
        shared.problems = None;
    }
}

// ---- helpers ----------------------------------------------------------------------------

/// A form field that commits its text when it loses focus (or Enter on one line).
pub(super) fn draft_field(
    ui: &mut egui::Ui,
    drafts: &mut HashMap<String, String>,
    key: &str,
    label: &str,
    current: &str,
    multiline: bool,
    read_only: bool,
) -> Option<String> {
    let l = ui.label(label);
    let text = drafts
        .entry(key.to_string())
        .or_insert_with(|| current.to_string());
    let edit = if multiline {
        egui::TextEdit::multiline(text)
            .desired_rows(3)
            .desired_width(f32::INFINITY)
    } else {
        egui::TextEdit::singleline(text)
            .desired_width(320.0_f32.min(ui.available_width()).max(120.0))
    };
    let resp = ui.add_enabled(!read_only, edit).labelled_by(l.id);
    let changed = resp.lost_focus() && text.as_str() != current;
    let value = text.clone();
    if !resp.has_focus() {
        drafts.remove(key);
    }
    changed.then_some(value)
}

/// A field's label that never breaks inside itself: in a row that wraps, the row moves
/// on to the next line before it, whole.
pub(super) fn tag(ui: &mut egui::Ui, text: &str) -> egui::Response {
    ui.add(egui::Label::new(text).extend())
}

/// A button for a row verb of the 编辑 menu (新增, 删除所选): pressed, the verb goes to
/// the sheet's grid as the menu's would; whether it was pressed.
pub(super) fn verb_button(
    ui: &mut egui::Ui,
    label: &str,
    enabled: bool,
    verb: UiCommand,
    out: &mut Vec<Command>,
) -> bool {
    let pressed = ui.add_enabled(enabled, egui::Button::new(label)).clicked();
    if pressed {
        out.push(Command::Ui(verb));
    }
    pressed
}

pub(super) fn total_label(ui: &mut egui::Ui, text: String) {
    ui.label(RichText::new(text).strong());
}
