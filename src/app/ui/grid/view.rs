//! Laying out and drawing the grid, and what the mouse and the keyboard do to it. Only
//! the visible rows and columns are drawn. The # column and the sheet's frozen columns
//! stay put when the grid scrolls sideways; a pinned column (the amount) stays on
//! screen at the right edge when it would scroll out of view. The grid holds the
//! keyboard while it has focus: Tab and the arrows move its cursor and never reach the
//! menus or the navigation.

use super::block::{block_changes, clear_changes, copy_text, fill_changes};
use super::editor::{self, CellEditor, EditMode, Outcome};
use super::state::{Drag, GridState, Move, Step, Summary};
use super::{Cell, CellChange, ColKind, ColumnSpec, GridAction, GridData, Sel, SetHow};
use crate::catalog::Catalog;
use egui::{Align2, Color32, Event, EventFilter, FontId, Key, Pos2, Rect, Sense, Vec2, pos2, vec2};

pub const ROW_H: f32 = 22.0;
const HEADER_H: f32 = 24.0;
const NUM_W: f32 = 46.0;
const BAR: f32 = 12.0;
const PAD: f32 = 5.0;
const MIN_W: f32 = 40.0;

pub struct GridView<'a> {
    pub id: &'a str,
    pub columns: &'a [ColumnSpec],
    pub data: &'a dyn GridData,
    pub read_only: bool,
    pub catalog: &'a Catalog,
    /// The column sorted by and whether descending, for the header mark.
    pub sort: Option<(usize, bool)>,
    /// Whether a click on a header asks to sort.
    pub sortable: bool,
    /// Leading columns that stay put when the grid scrolls sideways.
    pub frozen: usize,
    /// A column kept on screen at the right edge when it would scroll out of view.
    pub pinned: Option<usize>,
    /// The height to take; `None`: what is available.
    pub height: Option<f32>,
    /// Changes when the data does (for the selection's 求和).
    pub revision: u64,
    /// A blank row below the last one, marked “+”, where typing or pasting adds rows.
    pub new_row: bool,
    /// Drawn only: a dialog is open over the window, and the grid takes no keys, clicks
    /// or focus.
    pub inert: bool,
}

/// Where the columns are this frame.
struct Layout {
    body: Rect,
    /// The part of the body the scrolling columns show in.
    scroll: Rect,
    widths: Vec<f32>,
    /// Left edge of each column on screen (the pinned one where it is drawn).
    x: Vec<f32>,
    max_offset: Vec2,
    content: Vec2,
    first_row: usize,
    end_row: usize,
    /// The pinned column is drawn over the others at an edge.
    pinned_at_edge: bool,
}

impl Layout {
    fn col_rect(&self, c: usize, y: f32) -> Rect {
        Rect::from_min_size(pos2(self.x[c], y), vec2(self.widths[c], ROW_H))
    }

    fn row_y(&self, r: usize, offset: f32) -> f32 {
        self.body.top() + r as f32 * ROW_H - offset
    }

    /// The part of a column's cell not under the pinned column (when that one is drawn
    /// over the others at the edge).
    fn uncovered(&self, c: usize, rect: Rect, pinned: Option<usize>) -> Rect {
        match pinned {
            Some(p) if self.pinned_at_edge && p != c && rect.right() > self.x[p] => {
                let mut r = rect;
                r.max.x = self.x[p].max(r.min.x);
                r
            }
            _ => rect,
        }
    }
}

impl<'a> GridView<'a> {
    pub fn new(
        id: &'a str,
        columns: &'a [ColumnSpec],
        data: &'a dyn GridData,
        catalog: &'a Catalog,
    ) -> Self {
        GridView {
            id,
            columns,
            data,
            read_only: false,
            catalog,
            sort: None,
            sortable: false,
            frozen: 0,
            pinned: None,
            height: None,
            revision: 0,
            new_row: false,
            inert: false,
        }
    }

    /// A cell's text; the new row below the last shows what was typed into it and is
    /// not stored yet.
    fn text(&self, st: &GridState, r: usize, c: usize) -> String {
        if r < self.data.rows() {
            self.data.cell(r, c)
        } else {
            st.draft_text(c).unwrap_or_default().to_string()
        }
    }

    /// The egui id that holds the keyboard focus for this grid.
    pub fn focus_id(id: &str) -> egui::Id {
        egui::Id::unique(("yusuan-grid", id))
    }

    /// Whether any grid has the keyboard (then typing goes to the grid, and the editor's
    /// shortcuts work).
    pub fn grid_has_focus(ctx: &egui::Context) -> bool {
        let focused = ctx.memory(|m| m.focused());
        focused.is_some_and(|f| {
            ctx.data(|d| {
                d.get_temp::<bool>(f.with("yusuan-grid-mark"))
                    .unwrap_or(false)
            })
        })
    }

    pub fn show(&self, ui: &mut egui::Ui, st: &mut GridState) -> Vec<GridAction> {
        let mut actions = Vec::new();
        let rows = self.data.rows() + usize::from(self.new_row && !self.read_only);
        let ncols = self.columns.len();
        st.clamp(rows, ncols);
        if ncols == 0 {
            return actions;
        }
        if st.cursor.is_none() && rows > 0 {
            st.cursor = Some((0, 0));
        }
        if let Some(m) = st.pending_move.take() {
            st.step(m, rows, ncols);
        }
        let focus_id = Self::focus_id(self.id);
        ui.ctx()
            .data_mut(|d| d.insert_temp(focus_id.with("yusuan-grid-mark"), true));
        if self.inert {
            // A dialog has the window: the keyboard is not the grid's until it closes.
            ui.memory_mut(|m| m.surrender_focus(focus_id));
            st.held = false;
        } else {
            self.hold_keyboard(ui, st, focus_id);
        }

        let avail = ui.available_size();
        let min_h = HEADER_H + ROW_H * 2.0 + BAR;
        let height = self.height.unwrap_or(avail.y).max(min_h);
        let (outer, _) = ui.allocate_exact_size(vec2(avail.x.max(200.0), height), Sense::hover());

        // The body takes the keyboard and the mouse; it senses drags but not clicks, so
        // that Enter or Space on it is never taken for a click.
        let first_layout = self.layout(ui, st, outer, rows);
        let resp = ui.interact(first_layout.body, focus_id, Sense::drag());
        resp.widget_info(|| egui::WidgetInfo::labeled(egui::accesskit::Role::Table, true, self.id));
        // (Asking again while it has the keyboard would reset the keys it holds.)
        if st.take_focus && !resp.has_focus() && !self.inert {
            resp.request_focus();
        }
        if !self.inert {
            st.take_focus = false;
        }
        let has_focus = resp.has_focus();
        if has_focus {
            ui.memory_mut(|m| {
                m.set_focus_lock_filter(
                    focus_id,
                    EventFilter {
                        tab: true,
                        horizontal_arrows: true,
                        vertical_arrows: true,
                        escape: true,
                    },
                )
            });
        }
        st.page_rows = ((first_layout.body.height() / ROW_H).floor() as usize)
            .saturating_sub(1)
            .max(1);

        self.wheel(ui, st, &resp, &first_layout);
        if !self.inert {
            self.pointer(ui, st, &resp, &first_layout, rows);
        }
        if has_focus && st.editing.is_none() {
            self.keyboard(ui, st, rows, &mut actions);
        }
        if let Some(cell) = st.reveal.take() {
            self.reveal(st, &first_layout, cell);
        }
        let lay = self.layout(ui, st, outer, rows);
        st.offset = st.offset.clamp(Vec2::ZERO, lay.max_offset);

        self.paint(ui, st, outer, &lay, rows);
        self.header(ui, st, outer, &lay, &mut actions);
        self.scrollbars(ui, st, outer, &lay);
        self.hover(ui, &resp, &lay, st);
        self.editor(ui, st, &lay, &mut actions);
        self.summarize(st);
        let focused = ui.memory(|m| m.focused());
        st.held = focused == Some(focus_id)
            || (focused.is_some() && focused == st.editing.as_ref().map(|e| e.id));
        actions
    }

    /// While the grid or its cell editor has the keyboard, Tab and the arrows are the
    /// grid's: egui's own keyboard navigation (which would move the focus to the menus or
    /// the navigation) is turned off for the frame. egui lets a widget claim those keys
    /// only from its second frame with the focus; this covers the first one too. An
    /// Escape in that first frame, which egui takes to drop the focus, does not lose it.
    fn hold_keyboard(&self, ui: &egui::Ui, st: &mut GridState, focus_id: egui::Id) {
        let focused = ui.memory(|m| m.focused());
        let editor = st.editing.as_ref().map(|e| e.id);
        let ours = focused.is_some() && (focused == Some(focus_id) || focused == editor);
        if ours {
            ui.memory_mut(|m| m.move_focus(egui::FocusDirection::None));
        } else if st.held
            && focused.is_none()
            && editor.is_none()
            && !ui.input(|i| i.pointer.any_pressed())
        {
            ui.memory_mut(|m| m.request_focus(focus_id));
        }
        st.held = ours || (st.held && focused.is_none());
    }

    // ---- layout ------------------------------------------------------------------------

    fn base_width(&self, st: &GridState, c: usize) -> f32 {
        let w = st.widths.get(c).copied().unwrap_or(0.0);
        if w > 0.0 { w } else { self.columns[c].width }
    }

    fn layout(&self, ui: &egui::Ui, st: &mut GridState, outer: Rect, rows: usize) -> Layout {
        let n = self.columns.len();
        let content_h = rows as f32 * ROW_H;
        // Rows in view (from the offset; the widths do not change them).
        let body_h_guess = (outer.height() - HEADER_H - BAR).max(ROW_H);
        let first_row = ((st.offset.y / ROW_H).floor() as usize).min(rows);
        let end_row = (((st.offset.y + body_h_guess) / ROW_H).ceil() as usize + 1).min(rows);
        // Amount columns grow to show their widest value in view: never clipped.
        for c in 0..n {
            if !self.columns[c].kind.is_figure() {
                continue;
            }
            for r in first_row..end_row.min(self.data.rows()) {
                let t = self.data.cell(r, c);
                let w = text_width(ui, &t, true) + 2.0 * PAD + 2.0;
                if w > st.fit[c] {
                    st.fit[c] = w;
                }
            }
        }
        let mut widths: Vec<f32> = (0..n).map(|c| self.base_width(st, c)).collect();
        let user_sized = st.widths.iter().any(|w| *w > 0.0);
        let avail_w = outer.width() - NUM_W - BAR;
        let total: f32 = widths.iter().sum();
        if st
            .narrowest
            .as_ref()
            .is_none_or(|(rev, v)| *rev != self.revision || v.len() != n)
        {
            st.narrowest = Some((self.revision, self.narrowest(ui)));
        }
        let narrowest = st
            .narrowest
            .as_ref()
            .map(|(_, v)| v.clone())
            .unwrap_or_default();
        if !user_sized && total > avail_w {
            // Narrow the columns that may be narrowed so that the row fits.
            let min_of = |c: usize| narrowest.get(c).copied().unwrap_or(self.columns[c].width);
            let room: f32 = (0..n)
                .filter(|c| !self.columns[*c].kind.is_figure())
                .map(|c| widths[c] - min_of(c))
                .sum();
            if room > 0.0 {
                let k = ((total - avail_w) / room).min(1.0);
                for (c, w) in widths.iter_mut().enumerate() {
                    if !self.columns[c].kind.is_figure() {
                        *w -= (*w - min_of(c)) * k;
                    }
                }
            }
        }
        for (c, w) in widths.iter_mut().enumerate() {
            *w = w.max(st.fit[c]).max(MIN_W);
            if !user_sized {
                *w = w.max(narrowest.get(c).copied().unwrap_or(0.0));
            }
        }
        let frozen = self.frozen.min(n);
        let frozen_w: f32 = NUM_W + widths[..frozen].iter().sum::<f32>();
        let scroll_w: f32 = widths[frozen..].iter().sum();
        let mut need_v = content_h > outer.height() - HEADER_H;
        let need_h = frozen_w + scroll_w > outer.width() - if need_v { BAR } else { 0.0 };
        if need_h {
            need_v = content_h > outer.height() - HEADER_H - BAR;
        }
        let body = Rect::from_min_max(
            pos2(outer.left(), outer.top() + HEADER_H),
            pos2(
                outer.right() - if need_v { BAR } else { 0.0 },
                outer.bottom() - if need_h { BAR } else { 0.0 },
            ),
        );
        let scroll = Rect::from_min_max(
            pos2((body.left() + frozen_w).min(body.right()), body.top()),
            body.max,
        );
        let max_offset = vec2(
            (scroll_w - scroll.width()).max(0.0),
            (content_h - body.height()).max(0.0),
        );
        let ox = st.offset.x.clamp(0.0, max_offset.x);
        let mut x = Vec::with_capacity(n);
        let mut left = body.left() + NUM_W;
        for w in &widths[..frozen] {
            x.push(left);
            left += w;
        }
        let mut left = scroll.left() - ox;
        for w in &widths[frozen..] {
            x.push(left);
            left += w;
        }
        let mut pinned_at_edge = false;
        if let Some(p) = self.pinned.filter(|p| *p >= frozen && *p < n) {
            let w = widths[p];
            if x[p] + w > scroll.right() {
                x[p] = scroll.right() - w;
                pinned_at_edge = true;
            } else if x[p] < scroll.left() {
                x[p] = scroll.left();
                pinned_at_edge = true;
            }
        }
        Layout {
            body,
            scroll,
            widths,
            x,
            max_offset,
            content: vec2(scroll_w, content_h),
            first_row,
            end_row: (((st.offset.y + body.height()) / ROW_H).ceil() as usize + 1).min(rows),
            pinned_at_edge,
        }
    }

    /// How narrow each column may become when the row does not fit: frozen columns and
    /// amounts not at all, a list column to its longest entry, code and text columns to
    /// about half.
    fn narrowest(&self, ui: &egui::Ui) -> Vec<f32> {
        self.columns
            .iter()
            .enumerate()
            .map(|(c, spec)| {
                // A header is never cut: the row scrolls sideways instead.
                let header = text_width(ui, spec.title, false)
                    + 2.0 * PAD
                    + 2.0
                    + if self.sortable { 16.0 } else { 0.0 };
                if c < self.frozen || spec.kind.is_figure() {
                    return spec.width.max(header);
                }
                let narrowest = match &spec.kind {
                    ColKind::Choice(options) => {
                        let widest = options
                            .iter()
                            .take(50)
                            .map(|o| text_width(ui, o, false))
                            .fold(0.0, f32::max);
                        (widest + 2.0 * PAD + 2.0).clamp(48.0, spec.width)
                    }
                    ColKind::Code(_) => (spec.width * 0.75).max(64.0),
                    _ => (spec.width * 0.5).max(56.0),
                };
                narrowest.max(header)
            })
            .collect()
    }

    /// Scrolls so that a cell is in view, both ways.
    fn reveal(&self, st: &mut GridState, lay: &Layout, (r, c): Cell) {
        let top = r as f32 * ROW_H;
        if top < st.offset.y {
            st.offset.y = top;
        } else if top + ROW_H > st.offset.y + lay.body.height() {
            st.offset.y = top + ROW_H - lay.body.height();
        }
        let frozen = self.frozen.min(self.columns.len());
        if c < frozen || Some(c) == self.pinned {
            return;
        }
        let cx: f32 = lay.widths[frozen..c].iter().sum();
        let w = lay.widths[c];
        // The pinned column, when it sits at the right edge, hides what is under it.
        let hidden = match self.pinned {
            Some(p) if p > c => lay.widths[p],
            _ => 0.0,
        };
        let view = (lay.scroll.width() - hidden).max(w);
        if cx < st.offset.x {
            st.offset.x = cx;
        } else if cx + w > st.offset.x + view {
            st.offset.x = cx + w - view;
        }
        st.offset = st.offset.max(Vec2::ZERO);
    }

    /// The cell under a point of the body: its row, and its column (None on the # column).
    fn cell_at(
        &self,
        lay: &Layout,
        offset: f32,
        p: Pos2,
        rows: usize,
    ) -> Option<(usize, Option<usize>)> {
        if rows == 0 {
            return None;
        }
        let r = ((p.y - lay.body.top() + offset) / ROW_H).floor().max(0.0) as usize;
        let r = r.min(rows - 1);
        if p.x < lay.body.left() + NUM_W {
            return Some((r, None));
        }
        // The pinned column is on top; then the frozen ones; then the scrolling ones.
        let order = self
            .pinned
            .into_iter()
            .chain(0..self.columns.len())
            .filter(|c| *c < self.columns.len());
        for c in order {
            let x0 = lay.x[c];
            let x1 = x0 + lay.widths[c];
            let visible = c < self.frozen || x0 < lay.scroll.right() && x1 > lay.scroll.left();
            let on_top = c < self.frozen || Some(c) == self.pinned || p.x >= lay.scroll.left();
            if visible && on_top && p.x >= x0 && p.x < x1 {
                return Some((r, Some(c)));
            }
        }
        Some((r, Some(self.columns.len() - 1)))
    }

    // ---- input -------------------------------------------------------------------------

    fn wheel(&self, ui: &egui::Ui, st: &mut GridState, resp: &egui::Response, lay: &Layout) {
        if !resp.contains_pointer() {
            return;
        }
        let delta = ui.input(|i| i.smooth_scroll_delta);
        let mut used = Vec2::ZERO;
        if delta.y != 0.0 && lay.max_offset.y > 0.0 {
            st.offset.y = (st.offset.y - delta.y).clamp(0.0, lay.max_offset.y);
            used.y = delta.y;
        }
        if delta.x != 0.0 && lay.max_offset.x > 0.0 {
            st.offset.x = (st.offset.x - delta.x).clamp(0.0, lay.max_offset.x);
            used.x = delta.x;
        }
        if used != Vec2::ZERO {
            ui.ctx().input_mut(|i| i.smooth_scroll_delta -= used);
        }
    }

    fn pointer(
        &self,
        ui: &egui::Ui,
        st: &mut GridState,
        resp: &egui::Response,
        lay: &Layout,
        rows: usize,
    ) {
        let (pressed, down, double, pos, shift) = ui.input(|i| {
            (
                i.pointer.primary_pressed(),
                i.pointer.primary_down(),
                i.pointer
                    .button_double_clicked(egui::PointerButton::Primary),
                i.pointer.interact_pos(),
                i.modifiers.shift,
            )
        });
        let Some(pos) = pos else { return };
        let over_editor = st.editing.as_ref().is_some_and(|e| {
            lay.x.get(e.col).is_some_and(|x| {
                lay.col_rect(e.col, lay.row_y(e.row, st.offset.y))
                    .contains(pos)
                    && *x > f32::MIN
            })
        });
        if pressed
            && resp.hovered()
            && lay.body.contains(pos)
            && !over_editor
            && let Some((r, c)) = self.cell_at(lay, st.offset.y, pos, rows)
        {
            st.press(r, c, shift, self.columns.len());
            st.drag = Drag::Select { rows: c.is_none() };
            resp.request_focus();
        }
        if double
            && resp.hovered()
            && lay.body.contains(pos)
            && !over_editor
            && let Some((r, Some(c))) = self.cell_at(lay, st.offset.y, pos, rows)
        {
            self.begin_edit(ui, st, (r, c), None, EditMode::Edit);
        }
        match st.drag {
            Drag::Select { rows: whole } if down => {
                // Past the edge, the grid scrolls on.
                if pos.y > lay.body.bottom() {
                    st.offset.y += ROW_H;
                } else if pos.y < lay.body.top() {
                    st.offset.y -= ROW_H;
                }
                let p = pos2(
                    pos.x.clamp(lay.body.left() + 1.0, lay.body.right() - 1.0),
                    pos.y.clamp(lay.body.top(), lay.body.bottom() - 1.0),
                );
                if let Some((r, c)) = self.cell_at(lay, st.offset.y, p, rows) {
                    let c = if whole {
                        self.columns.len() - 1
                    } else {
                        c.unwrap_or(0)
                    };
                    let moved = st.sel.map(|(_, b)| b) != Some((r, c)) && st.cursor != Some((r, c));
                    if moved || st.sel.is_some() {
                        st.drag_to(r, c, self.columns.len());
                        st.reveal = None;
                    }
                }
                ui.ctx().request_repaint();
            }
            Drag::Select { .. } => st.drag = Drag::None,
            _ => {}
        }
    }

    fn begin_edit(
        &self,
        ui: &egui::Ui,
        st: &mut GridState,
        (r, c): Cell,
        typed: Option<String>,
        mode: EditMode,
    ) -> bool {
        let new_row = self.new_row && r == self.data.rows();
        if self.read_only || !self.columns[c].kind.editable() || (r >= self.data.rows() && !new_row)
        {
            return false;
        }
        let original = if new_row {
            st.draft_text(c).unwrap_or_default().to_string()
        } else {
            self.data.edit_text(r, c)
        };
        st.sessions += 1;
        let id = egui::Id::unique(("yusuan-cell-editor", self.id, st.sessions));
        // A fresh session: no text undo history from another cell.
        ui.ctx()
            .data_mut(|d| d.remove::<egui::text_edit::TextEditState>(id));
        let text = typed.unwrap_or_else(|| original.clone());
        let mut ed = CellEditor::new(r, c, original, text, mode, id);
        if r < self.data.rows() {
            ed.choices = self.data.choices(r, c);
        }
        st.editing = Some(ed);
        st.cursor = Some((r, c));
        st.sel = None;
        st.reveal = Some((r, c));
        true
    }

    fn keyboard(
        &self,
        ui: &egui::Ui,
        st: &mut GridState,
        rows: usize,
        actions: &mut Vec<GridAction>,
    ) {
        let events = ui.input(|i| i.events.clone());
        let ncols = self.columns.len();
        for e in events {
            // Keys typed after the editor opened in this same frame belong to it.
            if let Some(ed) = st.editing.as_mut() {
                match e {
                    Event::Text(t) => ed.text.push_str(&t),
                    Event::Key {
                        key: Key::Escape,
                        pressed: true,
                        ..
                    } => st.editing = None,
                    Event::Key {
                        key: k @ (Key::Enter | Key::Tab),
                        pressed: true,
                        modifiers,
                        ..
                    } => {
                        let then = match k {
                            Key::Enter => Step::Enter {
                                up: modifiers.shift,
                            },
                            _ => Step::Tab {
                                back: modifiers.shift,
                            },
                        };
                        let ed = st.editing.as_mut().expect("open");
                        if ed.changed() {
                            ed.pending = Some(then);
                            actions.push(GridAction::Set {
                                changes: vec![CellChange {
                                    row: ed.row,
                                    col: ed.col,
                                    text: ed.text.clone(),
                                }],
                                how: SetHow::Entry,
                            });
                        } else {
                            st.editing = None;
                            st.step(then, rows, ncols);
                        }
                        return;
                    }
                    _ => {}
                }
                continue;
            }
            match e {
                Event::Copy => self.copy(ui, st, actions),
                Event::Cut => {
                    self.copy(ui, st, actions);
                    self.clear(st, actions);
                }
                Event::Paste(text) => {
                    if self.read_only {
                        actions.push(GridAction::Refused(READ_ONLY.into()));
                    } else {
                        actions.push(GridAction::Paste(text));
                    }
                }
                Event::Text(t) => {
                    let Some(cur) = st.cursor else { continue };
                    if self.read_only {
                        actions.push(GridAction::Refused(READ_ONLY.into()));
                        return;
                    }
                    if !self.columns[cur.1].kind.editable() {
                        actions.push(GridAction::Refused(format!(
                            "“{}”列是计算或固定的内容，不能输入",
                            self.columns[cur.1].title
                        )));
                        continue;
                    }
                    self.begin_edit(ui, st, cur, Some(t), EditMode::Enter);
                }
                Event::Key {
                    key,
                    pressed: true,
                    modifiers,
                    ..
                } => self.key(ui, st, key, modifiers, rows, actions),
                _ => {}
            }
        }
    }

    fn key(
        &self,
        ui: &egui::Ui,
        st: &mut GridState,
        key: Key,
        m: egui::Modifiers,
        rows: usize,
        actions: &mut Vec<GridAction>,
    ) {
        let ncols = self.columns.len();
        let Some(cur) = st.cursor else { return };
        let mv = |st: &mut GridState, mv: Move, extend: bool| {
            st.go(mv, extend, rows, ncols);
        };
        match key {
            Key::ArrowUp | Key::ArrowDown | Key::ArrowLeft | Key::ArrowRight => {
                let dir = match (key, m.command) {
                    (Key::ArrowUp, false) => Move::Up,
                    (Key::ArrowDown, false) => Move::Down,
                    (Key::ArrowLeft, false) => Move::Left,
                    (Key::ArrowRight, false) => Move::Right,
                    (Key::ArrowUp, true) => Move::Top,
                    (Key::ArrowDown, true) => Move::Bottom,
                    (Key::ArrowLeft, true) => Move::RowStart,
                    _ => Move::RowEnd,
                };
                if m.alt && key == Key::ArrowDown {
                    // Alt+↓ opens the list of a code or choice cell.
                    if self.begin_edit(ui, st, cur, None, EditMode::Edit)
                        && let Some(ed) = st.editing.as_mut()
                    {
                        ed.list_asked = true;
                    }
                    return;
                }
                if m.shift {
                    st.tab_start = None;
                    mv(st, dir, true);
                } else {
                    st.step(Step::Go(dir), rows, ncols);
                }
            }
            Key::Tab => st.step(Step::Tab { back: m.shift }, rows, ncols),
            Key::Enter => st.step(Step::Enter { up: m.shift }, rows, ncols),
            Key::Home => mv(
                st,
                if m.command {
                    Move::First
                } else {
                    Move::RowStart
                },
                m.shift,
            ),
            // Ctrl+End: the last cell with data (not the new row below it).
            Key::End if m.command => {
                let data_rows = self.data.rows().max(1);
                st.go(Move::Last, m.shift, data_rows, ncols);
            }
            Key::End => mv(st, Move::RowEnd, m.shift),
            Key::PageUp => mv(st, Move::PageUp, m.shift),
            Key::PageDown => mv(st, Move::PageDown, m.shift),
            Key::F2 => {
                if self.read_only {
                    actions.push(GridAction::Refused(READ_ONLY.into()));
                } else if !self.begin_edit(ui, st, cur, None, EditMode::Edit)
                    && !self.columns[cur.1].kind.editable()
                {
                    actions.push(GridAction::Refused(format!(
                        "“{}”列是计算或固定的内容，不能修改",
                        self.columns[cur.1].title
                    )));
                }
            }
            Key::Delete => self.clear(st, actions),
            Key::Backspace if !m.any() => {
                if self.read_only {
                    actions.push(GridAction::Refused(READ_ONLY.into()));
                } else {
                    self.begin_edit(ui, st, cur, Some(String::new()), EditMode::Enter);
                }
            }
            Key::Escape => {
                st.sel = None;
                st.whole_rows = false;
                // The new row's cells not stored yet are given up.
                if cur.0 >= self.data.rows() && !st.draft.is_empty() {
                    st.draft.clear();
                    actions.push(GridAction::Info("已放弃新行中未保存的内容".into()));
                }
            }
            Key::A if m.command => st.select_all(rows, ncols),
            _ => {}
        }
    }

    fn copy(&self, ui: &egui::Ui, st: &GridState, actions: &mut Vec<GridAction>) {
        let Some(mut sel) = st.selection() else {
            return;
        };
        if self.data.rows() == 0 || sel.r0 >= self.data.rows() {
            return;
        }
        sel.r1 = sel.r1.min(self.data.rows() - 1);
        ui.ctx().copy_text(copy_text(self.data, sel));
        actions.push(GridAction::Copied {
            rows: sel.r1 - sel.r0 + 1,
            cells: sel.cells(),
        });
    }

    fn clear(&self, st: &GridState, actions: &mut Vec<GridAction>) {
        if self.read_only {
            actions.push(GridAction::Refused(READ_ONLY.into()));
            return;
        }
        let Some(sel) = st.selection() else { return };
        let changes = clear_changes(sel, self.columns);
        if changes.is_empty() {
            actions.push(GridAction::Refused(
                "所选的是计算或固定的内容，不能清除".into(),
            ));
        } else {
            actions.push(GridAction::Set {
                changes,
                how: SetHow::Clear,
            });
        }
    }

    /// Fill down or right (Ctrl+D, Ctrl+R) from the selection, as the sheet asks.
    pub fn fill(&self, st: &GridState, down: bool) -> Option<GridAction> {
        let sel = st.selection()?;
        let changes = fill_changes(sel, down, self.columns, self.data);
        if changes.is_empty() {
            return Some(GridAction::Refused(if down {
                "没有可向下填充的单元格：请选中要填充的区域（首行为来源），或在来源下一行按 Ctrl+D"
                    .into()
            } else {
                "没有可向右填充的单元格：请选中要填充的区域（首列为来源）".into()
            }));
        }
        Some(GridAction::Set {
            changes,
            how: if down {
                SetHow::FillDown
            } else {
                SetHow::FillRight
            },
        })
    }

    /// The cells a pasted block sets, from the selection's top-left cell.
    pub fn paste(&self, st: &GridState, text: &str) -> GridAction {
        let sel = st.selection().unwrap_or(Sel::of((0, 0), (0, 0)));
        match block_changes(text, sel, self.columns, self.data) {
            Ok(changes) => GridAction::Set {
                changes,
                how: SetHow::Paste,
            },
            Err(e) => GridAction::Refused(format!("未粘贴：{e}")),
        }
    }

    // ---- drawing -----------------------------------------------------------------------

    fn paint(&self, ui: &egui::Ui, st: &mut GridState, outer: Rect, lay: &Layout, rows: usize) {
        let v = ui.visuals().clone();
        let painter = ui.painter_at(outer);
        let body_painter = ui.painter_at(lay.body);
        let scroll_painter = ui.painter_at(lay.scroll);
        painter.rect_filled(outer, 0.0, v.extreme_bg_color);
        let grid_line = egui::Stroke::new(
            1.0,
            v.widgets.noninteractive.bg_stroke.color.gamma_multiply(0.6),
        );
        let sel = st.selection();
        let sel_fill = v.selection.bg_fill.gamma_multiply(0.45);
        let now = ui.input(|i| i.time);
        let flash = st.flash.filter(|(_, until)| *until > now);
        if flash.is_some() {
            ui.ctx().request_repaint();
        } else {
            st.flash = None;
        }
        let frozen = self.frozen.min(self.columns.len());
        let body_font = egui::TextStyle::Body.resolve(ui.style());
        let mono_font = egui::TextStyle::Monospace.resolve(ui.style());
        // Cells are nodes of the accessibility tree (for screen readers and the tests) only
        // while it is built at all.
        let accesskit = ui
            .ctx()
            .accesskit_node_builder(GridView::focus_id(self.id), |_| ())
            .is_some();
        let order: Vec<usize> = {
            // The scrolling columns first, then the pinned one over them, then the frozen.
            let mut v: Vec<usize> = (frozen..self.columns.len())
                .filter(|c| Some(*c) != self.pinned)
                .collect();
            v.extend(
                self.pinned
                    .filter(|p| *p >= frozen && *p < self.columns.len()),
            );
            v.extend(0..frozen);
            v
        };
        for r in lay.first_row..lay.end_row {
            let y = lay.row_y(r, st.offset.y);
            let row_rect =
                Rect::from_min_size(pos2(lay.body.left(), y), vec2(lay.body.width(), ROW_H));
            if r % 2 == 1 {
                body_painter.rect_filled(row_rect, 0.0, v.faint_bg_color);
            }
            // # column.
            let num_rect = Rect::from_min_size(row_rect.min, vec2(NUM_W, ROW_H));
            let row_selected = sel.is_some_and(|s| s.rows().contains(&r));
            body_painter.rect_filled(
                num_rect,
                0.0,
                if row_selected {
                    v.selection.bg_fill.gamma_multiply(0.7)
                } else {
                    v.widgets.noninteractive.weak_bg_fill
                },
            );
            let is_new = r >= self.data.rows();
            let num_color = if is_new && !st.draft.is_empty() {
                Color32::from_rgb(180, 110, 0)
            } else if !is_new && self.data.marked(r) {
                Color32::from_rgb(200, 60, 40)
            } else {
                v.weak_text_color()
            };
            body_painter.text(
                pos2(num_rect.right() - PAD, num_rect.center().y),
                Align2::RIGHT_CENTER,
                if is_new {
                    "+".to_string()
                } else {
                    (r + 1).to_string()
                },
                body_font.clone(),
                num_color,
            );
            for &c in &order {
                let rect = lay.col_rect(c, y);
                let in_scroll = c >= frozen;
                if in_scroll
                    && (rect.right() < lay.scroll.left() || rect.left() > lay.scroll.right())
                {
                    continue;
                }
                let p = if in_scroll {
                    &scroll_painter
                } else {
                    &body_painter
                };
                let pinned_over = Some(c) == self.pinned && lay.pinned_at_edge;
                if pinned_over || !in_scroll {
                    // Drawn over what scrolls beneath.
                    p.rect_filled(rect, 0.0, v.extreme_bg_color);
                    if r % 2 == 1 {
                        p.rect_filled(rect, 0.0, v.faint_bg_color);
                    }
                }
                if sel.is_some_and(|s| s.contains((r, c))) && sel.is_some_and(|s| s.cells() > 1) {
                    p.rect_filled(rect, 0.0, sel_fill);
                }
                if let Some(((fr, fc), until)) = flash
                    && fr == r
                    && fc == c
                {
                    let a = ((until - now) / 1.5).clamp(0.0, 1.0) as f32;
                    p.rect_filled(
                        rect,
                        0.0,
                        Color32::from_rgba_unmultiplied(255, 214, 64, (200.0 * a) as u8),
                    );
                }
                p.line_segment([rect.right_top(), rect.right_bottom()], grid_line);
                if pinned_over {
                    p.line_segment(
                        [rect.left_top(), rect.left_bottom()],
                        egui::Stroke::new(2.0, v.widgets.noninteractive.bg_stroke.color),
                    );
                }
                let editing_here = st
                    .editing
                    .as_ref()
                    .is_some_and(|e| e.row == r && e.col == c);
                if editing_here {
                    continue;
                }
                let text = self.text(st, r, c);
                if text.is_empty() {
                    continue;
                }
                let money = self.columns[c].kind.is_figure();
                let color = if is_new {
                    // Typed into the new row, not a record yet.
                    Color32::from_rgb(150, 100, 0)
                } else if !self.columns[c].kind.editable() {
                    v.text_color().gamma_multiply(0.85)
                } else {
                    v.text_color()
                };
                // A column partly under the pinned one shows its text cut to what is in
                // view, with “…”, never cut through a character.
                let text_rect = lay.uncovered(c, rect, self.pinned);
                let galley = layout_cell(
                    ui,
                    &text,
                    if money { &mono_font } else { &body_font },
                    color,
                    text_rect.width() - 2.0 * PAD,
                );
                let pos = if money {
                    pos2(
                        text_rect.right() - PAD - galley.size().x,
                        rect.center().y - galley.size().y / 2.0,
                    )
                } else {
                    pos2(rect.left() + PAD, rect.center().y - galley.size().y / 2.0)
                };
                p.galley(pos, galley, color);
                if accesskit {
                    let visible = rect.intersect(if in_scroll { lay.scroll } else { lay.body });
                    ui.ctx().accesskit_node_builder(
                        egui::Id::unique((self.id, "cell", r, c)),
                        |node| {
                            node.set_role(egui::accesskit::Role::Label);
                            node.set_value(text.clone());
                            node.set_bounds(egui::accesskit::Rect {
                                x0: visible.min.x.into(),
                                y0: visible.min.y.into(),
                                x1: visible.max.x.into(),
                                y1: visible.max.y.into(),
                            });
                        },
                    );
                }
            }
            body_painter.line_segment([row_rect.left_bottom(), row_rect.right_bottom()], grid_line);
        }
        if self.data.rows() == 0 && !self.new_row {
            body_painter.text(
                lay.body.left_top() + vec2(NUM_W + PAD, ROW_H / 2.0),
                Align2::LEFT_CENTER,
                "（没有记录）",
                body_font.clone(),
                v.weak_text_color(),
            );
        }
        // The selection's outline and the active cell.
        if let Some(s) = sel.filter(|s| s.cells() > 1)
            && let Some(r) = self.sel_rect(st, lay, s)
        {
            body_painter.rect_stroke(
                r,
                0.0,
                (1.0, v.selection.stroke.color),
                egui::StrokeKind::Inside,
            );
        }
        if let Some((r, c)) = st.cursor
            && st.editing.is_none()
            && r < rows
        {
            let rect = lay.col_rect(c, lay.row_y(r, st.offset.y));
            let p = if c >= frozen && !(Some(c) == self.pinned && lay.pinned_at_edge) {
                &scroll_painter
            } else {
                &body_painter
            };
            p.rect_stroke(
                rect.shrink(0.5),
                0.0,
                (2.0, v.selection.stroke.color),
                egui::StrokeKind::Inside,
            );
        }
        // The line between the frozen columns and the ones that scroll.
        if frozen > 0 || NUM_W > 0.0 {
            painter.line_segment(
                [
                    pos2(lay.scroll.left(), outer.top()),
                    pos2(lay.scroll.left(), lay.body.bottom()),
                ],
                egui::Stroke::new(1.5, v.widgets.noninteractive.bg_stroke.color),
            );
        }
        painter.rect_stroke(
            outer,
            0.0,
            v.widgets.noninteractive.bg_stroke,
            egui::StrokeKind::Inside,
        );
    }

    fn sel_rect(&self, st: &GridState, lay: &Layout, s: Sel) -> Option<Rect> {
        let top = lay.row_y(s.r0, st.offset.y);
        let bottom = lay.row_y(s.r1, st.offset.y) + ROW_H;
        let left = (s.c0..=s.c1)
            .map(|c| lay.x[c])
            .fold(f32::INFINITY, f32::min);
        let right = (s.c0..=s.c1)
            .map(|c| lay.x[c] + lay.widths[c])
            .fold(f32::NEG_INFINITY, f32::max);
        let left = if st.whole_rows { lay.body.left() } else { left };
        Some(Rect::from_min_max(pos2(left, top), pos2(right, bottom)).intersect(lay.body))
    }

    fn header(
        &self,
        ui: &mut egui::Ui,
        st: &mut GridState,
        outer: Rect,
        lay: &Layout,
        actions: &mut Vec<GridAction>,
    ) {
        let v = ui.visuals().clone();
        let header = Rect::from_min_max(outer.min, pos2(lay.body.right(), outer.top() + HEADER_H));
        let painter = ui.painter_at(header);
        painter.rect_filled(header, 0.0, v.widgets.noninteractive.bg_fill);
        let font = egui::TextStyle::Body.resolve(ui.style());
        let frozen = self.frozen.min(self.columns.len());
        let scroll_clip = Rect::from_min_max(
            pos2(lay.scroll.left(), header.top()),
            pos2(lay.scroll.right(), header.bottom()),
        );
        painter.text(
            pos2(header.left() + NUM_W - PAD, header.center().y),
            Align2::RIGHT_CENTER,
            "#",
            font.clone(),
            v.strong_text_color(),
        );
        let sel = st.selection();
        let mut order: Vec<usize> = (frozen..self.columns.len())
            .filter(|c| Some(*c) != self.pinned)
            .collect();
        order.extend(
            self.pinned
                .filter(|p| *p >= frozen && *p < self.columns.len()),
        );
        order.extend(0..frozen);
        for c in order {
            let rect =
                Rect::from_min_size(pos2(lay.x[c], header.top()), vec2(lay.widths[c], HEADER_H));
            let clip = if c >= frozen { scroll_clip } else { header };
            let shown = rect.intersect(clip);
            if shown.width() <= 0.0 {
                continue;
            }
            let p = painter.with_clip_rect(clip);
            let in_sel = sel.is_some_and(|s| s.cols().contains(&c));
            p.rect_filled(
                rect,
                0.0,
                if in_sel {
                    v.selection.bg_fill.gamma_multiply(0.7)
                } else {
                    v.widgets.noninteractive.bg_fill
                },
            );
            p.line_segment(
                [rect.right_top(), rect.right_bottom()],
                v.widgets.noninteractive.bg_stroke,
            );
            let spec = &self.columns[c];
            let mark = match self.sort {
                Some((s, false)) if s == c => " ▲",
                Some((s, true)) if s == c => " ▼",
                _ => "",
            };
            let title = format!("{}{mark}", spec.title);
            let text_rect = lay.uncovered(c, rect, self.pinned);
            let galley = layout_cell(
                ui,
                &title,
                &font,
                v.strong_text_color(),
                text_rect.width() - 2.0 * PAD,
            );
            let pos = if spec.kind.is_figure() {
                pos2(
                    text_rect.right() - PAD - galley.size().x,
                    rect.center().y - galley.size().y / 2.0,
                )
            } else {
                pos2(rect.left() + PAD, rect.center().y - galley.size().y / 2.0)
            };
            p.galley(pos, galley, v.strong_text_color());
            // A click sorts (where the sheet sorts); it never takes the keyboard focus.
            let hr = ui.interact(
                shown,
                egui::Id::unique((self.id, "header", c)),
                Sense::CLICK,
            );
            hr.widget_info(|| {
                egui::WidgetInfo::labeled(egui::accesskit::Role::ColumnHeader, true, spec.title)
            });
            let hr = if self.sortable {
                hr.on_hover_text("点击排序")
            } else {
                hr
            };
            // A press on the header keeps the keyboard in the grid.
            if hr.is_pointer_button_down_on() || hr.clicked() {
                self.keyboard_back(ui);
            }
            if hr.clicked() && self.sortable {
                actions.push(GridAction::SortBy(c));
            }
            // The right edge resizes the column.
            let handle =
                Rect::from_x_y_ranges(rect.right() - 4.0..=rect.right() + 3.0, header.y_range())
                    .intersect(clip);
            if handle.width() > 0.0 {
                let h = ui.interact(
                    handle,
                    egui::Id::unique((self.id, "resize", c)),
                    Sense::DRAG,
                );
                if h.hovered() || h.dragged() {
                    ui.ctx().set_cursor_icon(egui::CursorIcon::ResizeHorizontal);
                }
                if h.is_pointer_button_down_on() {
                    self.keyboard_back(ui);
                }
                if h.drag_started() {
                    // From now on every column keeps the width it has on screen.
                    for (k, w) in lay.widths.iter().enumerate() {
                        if st.widths[k] <= 0.0 {
                            st.widths[k] = *w;
                        }
                    }
                    st.drag = Drag::Resize {
                        col: c,
                        x: h.interact_pointer_pos()
                            .map(|p| p.x)
                            .unwrap_or(rect.right()),
                        width: lay.widths[c],
                    };
                }
                if let Drag::Resize { col, x, width } = st.drag
                    && col == c
                {
                    if h.dragged()
                        && let Some(p) = h.interact_pointer_pos()
                    {
                        st.widths[c] = (width + p.x - x).max(MIN_W);
                        st.fit[c] = st.fit[c].min(st.widths[c]);
                        st.widths_changed = true;
                    }
                    if h.drag_stopped() {
                        st.drag = Drag::None;
                    }
                }
            }
        }
        painter.line_segment(
            [header.left_bottom(), header.right_bottom()],
            v.widgets.noninteractive.bg_stroke,
        );
    }

    fn scrollbars(&self, ui: &mut egui::Ui, st: &mut GridState, outer: Rect, lay: &Layout) {
        let v = ui.visuals().clone();
        for vertical in [true, false] {
            let (max, view, content) = if vertical {
                (lay.max_offset.y, lay.body.height(), lay.content.y)
            } else {
                (lay.max_offset.x, lay.scroll.width(), lay.content.x)
            };
            if max <= 0.0 {
                continue;
            }
            let track = if vertical {
                Rect::from_min_max(
                    pos2(lay.body.right(), lay.body.top()),
                    pos2(outer.right(), lay.body.bottom()),
                )
            } else {
                Rect::from_min_max(
                    pos2(lay.scroll.left(), lay.body.bottom()),
                    pos2(lay.scroll.right(), outer.bottom()),
                )
            };
            let len = if vertical {
                track.height()
            } else {
                track.width()
            };
            let thumb_len = (len * view / content).clamp(24.0, len);
            let offset = if vertical { st.offset.y } else { st.offset.x };
            let start = (len - thumb_len) * offset / max;
            let thumb = if vertical {
                Rect::from_min_size(
                    pos2(track.left() + 2.0, track.top() + start),
                    vec2(track.width() - 4.0, thumb_len),
                )
            } else {
                Rect::from_min_size(
                    pos2(track.left() + start, track.top() + 2.0),
                    vec2(thumb_len, track.height() - 4.0),
                )
            };
            let id = egui::Id::unique((self.id, "bar", vertical));
            let r = ui.interact(track, id, Sense::DRAG);
            if r.is_pointer_button_down_on() {
                self.keyboard_back(ui);
            }
            let pointer = r.interact_pointer_pos();
            if r.drag_started()
                && let Some(p) = pointer
            {
                let at = if vertical { p.y } else { p.x };
                if thumb.contains(p) {
                    st.drag = Drag::Scroll {
                        vertical,
                        from: at,
                        offset,
                    };
                } else {
                    // A press on the track jumps there.
                    let to = ((at
                        - if vertical { track.top() } else { track.left() }
                        - thumb_len / 2.0)
                        / (len - thumb_len).max(1.0)
                        * max)
                        .clamp(0.0, max);
                    if vertical {
                        st.offset.y = to;
                    } else {
                        st.offset.x = to;
                    }
                    st.drag = Drag::Scroll {
                        vertical,
                        from: at,
                        offset: to,
                    };
                }
            }
            if let Drag::Scroll {
                vertical: dv,
                from,
                offset: o,
            } = st.drag
                && dv == vertical
            {
                if r.dragged()
                    && let Some(p) = pointer
                {
                    let at = if vertical { p.y } else { p.x };
                    let to = (o + (at - from) * max / (len - thumb_len).max(1.0)).clamp(0.0, max);
                    if vertical {
                        st.offset.y = to;
                    } else {
                        st.offset.x = to;
                    }
                }
                if r.drag_stopped() {
                    st.drag = Drag::None;
                }
            }
            let painter = ui.painter_at(track);
            painter.rect_filled(track, 0.0, v.extreme_bg_color);
            let color = if r.dragged() || r.hovered() {
                v.widgets.hovered.bg_fill
            } else {
                v.widgets.inactive.bg_fill
            };
            painter.rect_filled(thumb, 4.0, color);
        }
    }

    /// Hovering a cell shows what it holds in full: a unit's name, a code's 类 › 款 › 项.
    fn hover(&self, ui: &egui::Ui, resp: &egui::Response, lay: &Layout, st: &GridState) {
        if !resp.hovered() || st.drag != Drag::None {
            return;
        }
        let Some(p) = ui.input(|i| i.pointer.hover_pos()) else {
            return;
        };
        if !lay.body.contains(p) {
            return;
        }
        let Some((r, Some(c))) = self.cell_at(lay, st.offset.y, p, self.data.rows()) else {
            return;
        };
        if r >= self.data.rows() {
            return;
        }
        let text = self.data.hover(r, c).or_else(|| {
            let shown = self.data.cell(r, c);
            if let ColKind::Code(kind) = &self.columns[c].kind {
                let code: String = shown.chars().take_while(|ch| ch.is_ascii_digit()).collect();
                let list = match kind {
                    crate::catalog::CatalogKind::Function => &self.catalog.function,
                    crate::catalog::CatalogKind::GovEconomic => &self.catalog.gov_economic,
                    _ => &self.catalog.dept_economic,
                };
                if list.contains(&code) {
                    return Some(list.path_text(&code));
                }
            }
            let w = text_width(ui, &shown, self.columns[c].kind.is_figure());
            (w > lay.widths[c] - 2.0 * PAD).then_some(shown)
        });
        if let Some(t) = text.filter(|t| !t.is_empty()) {
            resp.clone().on_hover_ui_at_pointer(|ui| {
                ui.set_max_width(420.0);
                ui.label(t);
            });
        }
    }

    fn editor(
        &self,
        ui: &mut egui::Ui,
        st: &mut GridState,
        lay: &Layout,
        actions: &mut Vec<GridAction>,
    ) {
        let Some(ed) = st.editing.as_mut() else {
            return;
        };
        let (r, c) = (ed.row, ed.col);
        let rect = lay.col_rect(c, lay.row_y(r, st.offset.y));
        let commit_now = st.commit_requested.take();
        let outcome = if let Some(leaving) = commit_now.filter(|_| ed.changed()) {
            Outcome::Commit {
                text: ed.text.clone(),
                then: None,
                leaving,
            }
        } else {
            editor::show(ui, ed, rect, &self.columns[c], self.catalog)
        };
        match outcome {
            Outcome::None => {}
            Outcome::Cancel => {
                st.editing = None;
                self.keyboard_back(ui);
            }
            Outcome::Commit {
                text,
                then,
                leaving,
            } => {
                let ed = st.editing.as_mut().expect("open");
                if !leaving {
                    // The keyboard comes back to the grid in this same frame, so that the
                    // next key (a Tab right after Enter) already finds it holding Tab.
                    self.keyboard_back(ui);
                }
                if text == ed.original {
                    st.editing = None;
                    st.pending_move = then;
                } else {
                    ed.pending = then;
                    ed.leaving = leaving;
                    actions.push(GridAction::Set {
                        changes: vec![CellChange {
                            row: r,
                            col: c,
                            text,
                        }],
                        how: if leaving {
                            SetHow::Leaving
                        } else {
                            SetHow::Entry
                        },
                    });
                }
            }
        }
    }

    /// Gives the keyboard back to the grid from its cell editor.
    fn keyboard_back(&self, ui: &egui::Ui) {
        let id = Self::focus_id(self.id);
        ui.memory_mut(|m| m.request_focus(id));
    }

    /// 求和 and 计数 of the selection, recomputed when it or the data changes.
    fn summarize(&self, st: &mut GridState) {
        let Some(sel) = st.selection() else {
            st.summary = None;
            return;
        };
        if st
            .summary
            .as_ref()
            .is_some_and(|(s, rev, _)| *s == sel && *rev == self.revision)
        {
            return;
        }
        let mut sum = Summary::default();
        if self.data.rows() > 0 {
            for r in sel.rows().filter(|r| *r < self.data.rows()) {
                for c in sel.cols() {
                    let t = self.data.cell(r, c);
                    if t.trim().is_empty() {
                        continue;
                    }
                    sum.count += 1;
                    if self.columns[c].kind.is_money()
                        && let Ok(m) = crate::money::parse_yuan(&t)
                    {
                        sum.amounts += 1;
                        sum.sum_fen += i128::from(m.fen());
                    }
                }
            }
        }
        st.summary = Some((sel, self.revision, sum));
    }
}

const READ_ONLY: &str = "审阅模式（只读），不能修改此文件";

impl GridState {
    /// 求和/计数 of the selection when it is more than one cell.
    pub fn summary(&self) -> Option<Summary> {
        let (sel, _, s) = self.summary.as_ref()?;
        (sel.cells() > 1).then_some(*s)
    }
}

/// A cell's text on one line, cut with “…” to fit.
fn layout_cell(
    ui: &egui::Ui,
    text: &str,
    font: &FontId,
    color: Color32,
    width: f32,
) -> std::sync::Arc<egui::Galley> {
    let mut job = egui::text::LayoutJob::single_section(
        text.replace(['\n', '\r'], " "),
        egui::TextFormat::simple(font.clone(), color),
    );
    job.wrap = egui::text::TextWrapping {
        max_width: width.max(1.0),
        max_rows: 1,
        break_anywhere: true,
        overflow_character: Some('…'),
    };
    ui.ctx().fonts_mut(|f| f.layout_job(job))
}

fn text_width(ui: &egui::Ui, text: &str, mono: bool) -> f32 {
    let font = if mono {
        egui::TextStyle::Monospace.resolve(ui.style())
    } else {
        egui::TextStyle::Body.resolve(ui.style())
    };
    let job = egui::text::LayoutJob::single_section(
        text.to_string(),
        egui::TextFormat::simple(font, Color32::BLACK),
    );
    ui.ctx().fonts_mut(|f| f.layout_job(job)).size().x
}
