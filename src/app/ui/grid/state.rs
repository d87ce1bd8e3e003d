//! A grid's state between frames: the active cell, the selection, the open editor, the
//! scroll position, and what navigation keys do to them. Nothing here touches data.

use super::Cell;
use super::editor::CellEditor;

/// A rectangle of cells, both corners included.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Sel {
    pub r0: usize,
    pub r1: usize,
    pub c0: usize,
    pub c1: usize,
}

impl Sel {
    pub fn of(a: Cell, b: Cell) -> Sel {
        Sel {
            r0: a.0.min(b.0),
            r1: a.0.max(b.0),
            c0: a.1.min(b.1),
            c1: a.1.max(b.1),
        }
    }

    pub fn contains(&self, (r, c): Cell) -> bool {
        (self.r0..=self.r1).contains(&r) && (self.c0..=self.c1).contains(&c)
    }

    pub fn rows(&self) -> std::ops::RangeInclusive<usize> {
        self.r0..=self.r1
    }

    pub fn cols(&self) -> std::ops::RangeInclusive<usize> {
        self.c0..=self.c1
    }

    pub fn cells(&self) -> usize {
        (self.r1 - self.r0 + 1) * (self.c1 - self.c0 + 1)
    }
}

/// A move of the cursor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Move {
    Up,
    Down,
    Left,
    Right,
    /// To the first or last column of the row (Home, End).
    RowStart,
    RowEnd,
    /// To the first or last row of the column (Ctrl+↑, Ctrl+↓).
    Top,
    Bottom,
    /// To the first cell (Ctrl+Home) or the last (Ctrl+End).
    First,
    Last,
    PageUp,
    PageDown,
    /// Enter after a run of Tabs: the next row, at the column the run began in.
    NextRow(usize),
    /// Shift+Enter after a run of Tabs: the row above, at the column the run began in.
    PrevRow(usize),
}

/// What a key asks of the cursor. Enter and Tab depend on the run of Tabs typed before
/// (as in Excel: Enter goes back to the column the run began in), the others do not.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// Enter (down) or Shift+Enter (up).
    Enter { up: bool },
    /// Tab (right) or Shift+Tab (left).
    Tab { back: bool },
    /// Any other move; it ends a run of Tabs.
    Go(Move),
}

/// A drag in progress.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(super) enum Drag {
    #[default]
    None,
    /// Selecting cells; `rows` when it started on the # column.
    Select { rows: bool },
    /// Resizing a column: which, the pointer's x and the width when it began.
    Resize { col: usize, x: f32, width: f32 },
    /// Dragging a scrollbar's thumb: vertical or not, pointer start, offset at start.
    Scroll {
        vertical: bool,
        from: f32,
        offset: f32,
    },
}

/// The grid's own state, kept by the sheet between frames.
#[derive(Clone, Debug, Default)]
pub struct GridState {
    /// The active cell (Excel's): where typing goes; one corner of the selection.
    pub cursor: Option<Cell>,
    /// The selection's corners, when it is more than the active cell.
    pub(super) sel: Option<(Cell, Cell)>,
    /// The selection was made on the # column: whole rows.
    pub(super) whole_rows: bool,
    pub editing: Option<CellEditor>,
    /// Scroll offset: pixels into the scrolling columns, and into the rows.
    pub(super) offset: egui::Vec2,
    /// Bring the active cell (or the moving corner) into view on the next frame.
    pub(super) reveal: Option<Cell>,
    /// Column widths the user dragged to (0 = the column's own width).
    pub widths: Vec<f32>,
    /// Set when the user changed a width, for the sheet to remember it.
    pub widths_changed: bool,
    /// Money columns grow to show their widest value: the width each has needed so far.
    pub(super) fit: Vec<f32>,
    /// How narrow each column may be made to fit, for a revision of the data.
    pub(super) narrowest: Option<(u64, Vec<f32>)>,
    /// A cell marked briefly (after undo or redo) and until when (egui time).
    pub(super) flash: Option<(Cell, f64)>,
    /// The column a run of Tabs began in: Enter goes back to it on the next row.
    pub(super) tab_start: Option<usize>,
    pub(super) drag: Drag,
    /// Take the keyboard on the next frame.
    pub(super) take_focus: bool,
    /// The grid (or its cell editor) had the keyboard at the end of the last frame.
    pub(super) held: bool,
    /// Rows that fit in the body, for PgUp/PgDn.
    pub(super) page_rows: usize,
    /// A move to make on the next frame, when the grid's size is known (after a stored
    /// entry: Enter moves down).
    pub(super) pending_move: Option<Step>,
    /// Cells typed into the new row (“+”) that do not make a record yet (a 上年数 row
    /// needs its code and its amount): shown in the row, stored once the row is whole.
    pub(super) draft: Vec<(usize, String)>,
    /// The draft went to the sheet whole: cleared once it is stored.
    pub(super) draft_sent: bool,
    /// Commit an open editor on the next frame: `Some(true)` as the sheet is left (a
    /// refusal drops the text, with a notice), `Some(false)` as an entry (a refusal keeps
    /// the editor open on it: 退出, Ctrl+S).
    pub(super) commit_requested: Option<bool>,
    /// Numbers each editing session, so that each has its own text undo history.
    pub(super) sessions: u64,
    /// 求和 and 计数 of the selection, with what they were computed for.
    pub(super) summary: Option<(Sel, u64, Summary)>,
}

/// What the status bar shows of a selection, as Excel does.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Non-empty cells.
    pub count: usize,
    /// Amount cells and their sum, in 分.
    pub amounts: usize,
    pub sum_fen: i128,
}

impl GridState {
    /// Puts the cursor on a cell alone and brings it into view (a jump from a finding,
    /// a remark, undo).
    pub fn select_only(&mut self, row: usize, col: usize) {
        self.cursor = Some((row, col));
        self.sel = None;
        self.whole_rows = false;
        self.reveal = Some((row, col));
        self.tab_start = None;
        self.take_focus = true;
    }

    /// Selects whole rows `r0..=r1`, the cursor on the first.
    pub fn select_rows(&mut self, r0: usize, r1: usize, cols: usize) {
        let col = self.cursor.map(|c| c.1).unwrap_or(0);
        self.cursor = Some((r0, col));
        self.sel = Some(((r0, 0), (r1, cols.saturating_sub(1))));
        self.whole_rows = true;
        self.reveal = Some((r0, col));
        self.take_focus = true;
    }

    /// Selects a block, the active cell at its first corner (what was just pasted).
    pub fn select_block(&mut self, a: Cell, b: Cell) {
        self.cursor = Some(a);
        self.sel = (a != b).then_some((a, b));
        self.whole_rows = false;
        self.reveal = Some(b);
    }

    /// Marks a cell for a moment (it changed by undo or redo).
    pub fn flash(&mut self, cell: Cell, until: f64) {
        self.flash = Some((cell, until));
    }

    /// The selected rectangle (the active cell alone when nothing more is selected).
    pub fn selection(&self) -> Option<Sel> {
        let c = self.cursor?;
        Some(match self.sel {
            Some((a, b)) => Sel::of(a, b),
            None => Sel::of(c, c),
        })
    }

    /// The rows the selection spans.
    pub fn selected_rows(&self) -> Vec<usize> {
        self.selection()
            .map(|s| s.rows().collect())
            .unwrap_or_default()
    }

    pub fn is_whole_rows(&self) -> bool {
        self.whole_rows
    }

    /// An editor is open with text the user changed.
    pub fn has_open_edit(&self) -> bool {
        self.editing.as_ref().is_some_and(|e| e.changed())
    }

    /// Stores an open editor's text on the next frame; `leaving`: the sheet is being
    /// left (a refusal then drops the text with a notice, else the editor stays on it).
    pub fn request_commit(&mut self, leaving: bool) {
        if self.has_open_edit() {
            self.commit_requested = Some(leaving);
        }
    }

    /// A commit was asked for and has not happened yet.
    pub fn commit_pending(&self) -> bool {
        self.commit_requested.is_some()
    }

    /// Takes the keyboard on the next frame.
    pub fn focus(&mut self) {
        self.take_focus = true;
    }

    /// The outcome of an entry the grid emitted (from the sheet, or from the store at the
    /// end of the frame). Stored: the editor closes and the cursor moves as the key that
    /// committed asked. Refused: the editor stays open on its text, with the message
    /// beside it; or, if the user had moved elsewhere, it closes and the message is
    /// returned for a notice.
    pub fn entry_result(
        &mut self,
        row: usize,
        col: usize,
        result: Result<(), String>,
    ) -> Option<String> {
        let Some(ed) = self
            .editing
            .as_mut()
            .filter(|e| e.row == row && e.col == col)
        else {
            return result.err();
        };
        match result {
            Ok(()) => {
                let next = ed.pending.take();
                let leaving = ed.leaving;
                self.editing = None;
                if std::mem::take(&mut self.draft_sent) {
                    self.draft.clear();
                }
                if !leaving {
                    self.take_focus = true;
                }
                self.pending_move = next;
                None
            }
            Err(msg) if ed.leaving => {
                self.editing = None;
                self.draft_sent = false;
                Some(msg)
            }
            Err(msg) => {
                self.draft_sent = false;
                ed.pending = None;
                ed.error = Some(msg);
                ed.refocus = true;
                None
            }
        }
    }

    /// The cells of the new row typed so far and not yet stored, with `change` put in.
    pub fn draft_with(&self, change: &super::CellChange) -> Vec<super::CellChange> {
        let mut cells = vec![change.clone()];
        cells.extend(
            self.draft
                .iter()
                .filter(|(c, _)| *c != change.col)
                .map(|(col, text)| super::CellChange {
                    row: change.row,
                    col: *col,
                    text: text.clone(),
                }),
        );
        cells
    }

    /// Keeps the cells of the new row that do not make a record yet (see `draft`).
    pub fn keep_draft(&mut self, cells: &[super::CellChange]) {
        self.draft = cells
            .iter()
            .filter(|c| !c.text.trim().is_empty())
            .map(|c| (c.col, c.text.clone()))
            .collect();
        self.draft.sort();
    }

    /// Marks the draft as sent whole to be stored.
    pub fn draft_sent(&mut self) {
        self.draft_sent = true;
    }

    /// A draft cell's text.
    pub(super) fn draft_text(&self, col: usize) -> Option<&str> {
        self.draft
            .iter()
            .find(|(c, _)| *c == col)
            .map(|(_, t)| t.as_str())
    }

    /// Keeps the state within `rows` × `cols` (the data may have shrunk).
    pub(super) fn clamp(&mut self, rows: usize, cols: usize) {
        if self.fit.len() != cols {
            self.fit.resize(cols, 0.0);
        }
        if self.widths.len() != cols {
            self.widths.resize(cols, 0.0);
        }
        if rows == 0 || cols == 0 {
            self.cursor = None;
            self.sel = None;
            self.editing = None;
            return;
        }
        let fit = |(r, c): Cell| (r.min(rows - 1), c.min(cols - 1));
        self.cursor = self.cursor.map(fit);
        self.sel = self.sel.map(|(a, b)| (fit(a), fit(b)));
        if self
            .editing
            .as_ref()
            .is_some_and(|e| e.row >= rows || e.col >= cols)
        {
            self.editing = None;
        }
    }

    /// Moves the cursor as a key asks: Tab starts or continues a run, Enter ends it and
    /// goes to the next row at the column the run began in (as Excel does).
    pub(super) fn step(&mut self, s: Step, rows: usize, cols: usize) {
        let Some(cur) = self.cursor else { return };
        let m = match s {
            Step::Tab { back: false } => {
                self.tab_start.get_or_insert(cur.1);
                Move::Right
            }
            Step::Tab { back: true } => Move::Left,
            Step::Enter { up } => match (self.tab_start.take(), up) {
                (Some(c), false) => Move::NextRow(c),
                (Some(c), true) => Move::PrevRow(c),
                (None, false) => Move::Down,
                (None, true) => Move::Up,
            },
            Step::Go(m) => {
                self.tab_start = None;
                m
            }
        };
        self.go(m, false, rows, cols);
    }

    /// Moves the cursor (or, with `extend`, the selection's moving corner) within
    /// `rows` × `cols`.
    pub(super) fn go(&mut self, m: Move, extend: bool, rows: usize, cols: usize) {
        let Some(cur) = self.cursor else { return };
        let from = if extend {
            self.sel.map(|(_, b)| b).unwrap_or(cur)
        } else {
            cur
        };
        let last_r = rows.saturating_sub(1);
        let last_c = cols.saturating_sub(1);
        let page = self.page_rows.max(1);
        let (r, c) = from;
        let to = match m {
            Move::Up => (r.saturating_sub(1), c),
            Move::Down => ((r + 1).min(last_r), c),
            Move::Left => (r, c.saturating_sub(1)),
            Move::Right => (r, (c + 1).min(last_c)),
            Move::RowStart => (r, 0),
            Move::RowEnd => (r, last_c),
            Move::Top => (0, c),
            Move::Bottom => (last_r, c),
            Move::First => (0, 0),
            Move::Last => (last_r, last_c),
            Move::PageUp => (r.saturating_sub(page), c),
            Move::PageDown => ((r + page).min(last_r), c),
            Move::NextRow(col) => ((r + 1).min(last_r), col.min(last_c)),
            Move::PrevRow(col) => (r.saturating_sub(1), col.min(last_c)),
        };
        if extend {
            let anchor = self.sel.map(|(a, _)| a).unwrap_or(cur);
            // Extending whole rows up or down keeps them whole.
            if self.whole_rows
                && matches!(
                    m,
                    Move::Up
                        | Move::Down
                        | Move::PageUp
                        | Move::PageDown
                        | Move::Top
                        | Move::Bottom
                )
            {
                self.sel = Some(((anchor.0, 0), (to.0, last_c)));
            } else {
                self.whole_rows = false;
                self.sel = Some((anchor, to));
            }
            self.reveal = Some(to);
        } else {
            self.cursor = Some(to);
            self.sel = None;
            self.whole_rows = false;
            self.reveal = Some(to);
        }
    }

    /// Selects everything (Ctrl+A); the active cell stays where it is.
    pub(super) fn select_all(&mut self, rows: usize, cols: usize) {
        if rows == 0 || cols == 0 {
            return;
        }
        if self.cursor.is_none() {
            self.cursor = Some((0, 0));
        }
        self.sel = Some(((0, 0), (rows - 1, cols - 1)));
        self.whole_rows = true;
    }

    /// A press on a cell: select it, or extend the selection to it with Shift. On the #
    /// column (`col` None) whole rows.
    pub(super) fn press(&mut self, row: usize, col: Option<usize>, shift: bool, cols: usize) {
        let last_c = cols.saturating_sub(1);
        match (col, shift, self.cursor) {
            (Some(c), true, Some(cur)) => {
                let anchor = self.sel.map(|(a, _)| a).unwrap_or(cur);
                self.sel = Some((anchor, (row, c)));
                self.whole_rows = false;
            }
            (Some(c), _, _) => {
                self.cursor = Some((row, c));
                self.sel = None;
                self.whole_rows = false;
            }
            (None, true, Some(cur)) => {
                let anchor = self.sel.map(|(a, _)| a.0).unwrap_or(cur.0);
                self.sel = Some(((anchor, 0), (row, last_c)));
                self.whole_rows = true;
            }
            (None, _, _) => {
                self.cursor = Some((row, 0));
                self.sel = Some(((row, 0), (row, last_c)));
                self.whole_rows = true;
            }
        }
        self.tab_start = None;
    }

    /// The pointer dragged over a cell while selecting.
    pub(super) fn drag_to(&mut self, row: usize, col: usize, cols: usize) {
        let Some(cur) = self.cursor else { return };
        let anchor = self.sel.map(|(a, _)| a).unwrap_or(cur);
        self.sel = Some(if self.whole_rows {
            ((anchor.0, 0), (row, cols.saturating_sub(1)))
        } else {
            (anchor, (row, col))
        });
        self.reveal = Some((row, col));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(r: usize, c: usize) -> GridState {
        GridState {
            cursor: Some((r, c)),
            page_rows: 10,
            ..GridState::default()
        }
    }

    #[test]
    fn moves_stay_inside_the_grid() {
        let mut s = at(0, 0);
        s.go(Move::Up, false, 5, 3);
        s.go(Move::Left, false, 5, 3);
        assert_eq!(s.cursor, Some((0, 0)));
        s.go(Move::Last, false, 5, 3);
        assert_eq!(s.cursor, Some((4, 2)));
        s.go(Move::Down, false, 5, 3);
        s.go(Move::Right, false, 5, 3);
        assert_eq!(s.cursor, Some((4, 2)));
        s.go(Move::PageUp, false, 5, 3);
        assert_eq!(s.cursor, Some((0, 2)));
        s.go(Move::RowStart, false, 5, 3);
        assert_eq!(s.cursor, Some((0, 0)));
    }

    #[test]
    fn shift_extends_and_the_active_cell_stays() {
        let mut s = at(2, 1);
        s.go(Move::Down, true, 10, 5);
        s.go(Move::Right, true, 10, 5);
        assert_eq!(s.cursor, Some((2, 1)));
        assert_eq!(
            s.selection(),
            Some(Sel {
                r0: 2,
                r1: 3,
                c0: 1,
                c1: 2
            })
        );
        // A move without Shift collapses it.
        s.go(Move::Down, false, 10, 5);
        assert_eq!(s.selection().unwrap().cells(), 1);
        assert_eq!(s.cursor, Some((3, 1)));
    }

    #[test]
    fn rows_from_the_number_column() {
        let mut s = at(0, 3);
        s.press(4, None, false, 6);
        s.press(6, None, true, 6);
        let sel = s.selection().unwrap();
        assert_eq!((sel.r0, sel.r1, sel.c0, sel.c1), (4, 6, 0, 5));
        assert!(s.is_whole_rows());
        assert_eq!(s.selected_rows(), vec![4, 5, 6]);
    }
}
