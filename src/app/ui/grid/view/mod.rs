//! Laying out and drawing the grid, and what the mouse and the keyboard do to it. Only
//! the visible rows and columns are drawn. The # column and the sheet's frozen columns
//! stay put when the grid scrolls sideways; a pinned column (the amount) stays on
//! screen at the right edge when it would scroll out of view. The grid holds the
//! keyboard while it has focus: Tab and the arrows move its cursor and never reach the
//! menus or the navigation.
//!
//! - `input.rs`: what the mouse and the keyboard do (moves, entries, copy, clear, fill).
//! - `paint.rs`: drawing the cells, the header, the scroll bars and the hover texts.

mod input;
mod paint;

use super::editor::{self, Outcome};
use super::state::{GridState, Summary};
use super::{Cell, CellChange, ColKind, ColumnSpec, GridAction, GridData, SetHow};
use crate::engine::catalog::Catalog;
use egui::{Color32, EventFilter, FontId, Pos2, Rect, Sense, Vec2, pos2, vec2};

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
struct Geometry {
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

impl Geometry {
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

    fn layout(&self, ui: &egui::Ui, st: &mut GridState, outer: Rect, rows: usize) -> Geometry {
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
        Geometry {
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
    fn reveal(&self, st: &mut GridState, lay: &Geometry, (r, c): Cell) {
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
        lay: &Geometry,
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

    fn editor(
        &self,
        ui: &mut egui::Ui,
        st: &mut GridState,
        lay: &Geometry,
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
                        && let Ok(m) = crate::engine::money::parse_yuan(&t)
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
