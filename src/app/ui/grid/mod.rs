//! A spreadsheet grid, as Excel and WPS users expect one: a cell cursor and a rectangular
//! selection moved from the keyboard, frozen leading columns, only the visible rows laid
//! out, and the editing verbs (type over, F2, paste a block, fill down and right, clear).
//!
//! The grid knows nothing of the budget. A sheet gives it columns and cell texts
//! ([`GridData`]) and gets back [`GridAction`]s: every change the user asks for is a set
//! of cell texts ([`CellChange`]), which the sheet turns into one edit or refuses whole.
//! No key changes a cell by itself: moving around never emits a change, and an entry
//! whose text is what the cell already held emits none either.
//!
//! - `state.rs`: the cursor, the selection and what the keyboard does to them.
//! - `view/`: laying the grid out (`mod.rs`), the mouse and the keys (`input.rs`), drawing
//!   it (`paint.rs`).
//! - `editor.rs`: the cell editor and its picker.
//! - `block.rs`: copying a selection out and pasting or filling a block in.

mod block;
mod editor;
mod state;
mod view;

pub use block::{block_changes, copy_text, fill_changes};
pub use state::{GridState, Sel, Summary};
pub use view::{GridView, ROW_H};

use crate::engine::catalog::CatalogKind;

/// A cell: row and column.
pub type Cell = (usize, usize);

/// What a column holds, which decides how it is shown and edited.
#[derive(Clone, Debug, PartialEq)]
pub enum ColKind {
    Text,
    /// Money: right-aligned, `3,129,066.95`; edited as typed.
    Money,
    /// A code with a picker over a catalog (leaf codes only).
    Code(CatalogKind),
    /// One of a fixed list, picked from a list that filters as one types.
    Choice(Vec<String>),
    /// Shown, not editable.
    Fixed,
    /// A derived amount: shown right-aligned, not editable.
    FixedMoney,
    /// A count or a weight: right-aligned, edited as typed.
    Number,
    /// A derived figure that is not money (a percentage): right-aligned, not editable.
    FixedNumber,
}

impl ColKind {
    pub fn editable(&self) -> bool {
        !matches!(
            self,
            ColKind::Fixed | ColKind::FixedMoney | ColKind::FixedNumber
        )
    }

    /// Amounts: summed in the status bar.
    pub fn is_money(&self) -> bool {
        matches!(self, ColKind::Money | ColKind::FixedMoney)
    }

    /// Figures: right-aligned, in the monospace face, never narrowed or clipped.
    pub fn is_figure(&self) -> bool {
        matches!(
            self,
            ColKind::Money | ColKind::FixedMoney | ColKind::Number | ColKind::FixedNumber
        )
    }
}

#[derive(Clone, Debug)]
pub struct ColumnSpec {
    pub title: &'static str,
    /// The width it starts at; the user may drag it wider or narrower.
    pub width: f32,
    pub kind: ColKind,
}

impl ColumnSpec {
    pub fn new(title: &'static str, width: f32, kind: ColKind) -> Self {
        ColumnSpec { title, width, kind }
    }
}

/// What a sheet shows in a grid.
pub trait GridData {
    fn rows(&self) -> usize;
    /// A cell's text as shown (money formatted `620,000.00`, a code with its name).
    fn cell(&self, row: usize, col: usize) -> String;
    /// A cell's text when the editor opens on it (money plain, a code alone).
    fn edit_text(&self, row: usize, col: usize) -> String {
        self.cell(row, col)
    }
    /// More about a cell, on hover (a unit's full name, a code's path).
    fn hover(&self, _row: usize, _col: usize) -> Option<String> {
        None
    }
    /// Rows carrying a finding, marked in the # column.
    fn marked(&self, _row: usize) -> bool {
        false
    }
    /// The entries a list cell offers where they depend on the row (the 二级指标 of the
    /// row's 一级); `None`: the column's own.
    fn choices(&self, _row: usize, _col: usize) -> Option<Vec<String>> {
        None
    }
}

/// A grid's texts held as rows of strings: what simple sheets give.
pub struct Rows<'a> {
    pub shown: &'a [Vec<String>],
    /// The texts to edit, where they differ from the shown ones.
    pub edited: Option<&'a [Vec<String>]>,
    pub hover: Option<&'a dyn Fn(usize, usize) -> Option<String>>,
}

impl<'a> Rows<'a> {
    pub fn new(shown: &'a [Vec<String>]) -> Self {
        Rows {
            shown,
            edited: None,
            hover: None,
        }
    }

    pub fn edited(mut self, edited: &'a [Vec<String>]) -> Self {
        self.edited = Some(edited);
        self
    }
}

impl GridData for Rows<'_> {
    fn rows(&self) -> usize {
        self.shown.len()
    }
    fn cell(&self, row: usize, col: usize) -> String {
        self.shown
            .get(row)
            .and_then(|r| r.get(col))
            .cloned()
            .unwrap_or_default()
    }
    fn edit_text(&self, row: usize, col: usize) -> String {
        match self.edited {
            Some(e) => e
                .get(row)
                .and_then(|r| r.get(col))
                .cloned()
                .unwrap_or_default(),
            None => self.cell(row, col),
        }
    }
    fn hover(&self, row: usize, col: usize) -> Option<String> {
        self.hover.and_then(|h| h(row, col))
    }
}

/// One cell to set to a text. `row` may be at or past the last row: a new row there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CellChange {
    pub row: usize,
    pub col: usize,
    pub text: String,
}

/// How a set of changes came about, which decides how a refusal is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SetHow {
    /// Typed into the cell editor: a refusal keeps the editor open with its message.
    Entry,
    /// Typed, but the user has moved elsewhere: a refusal is a notice, the text is dropped.
    Leaving,
    Paste,
    FillDown,
    FillRight,
    /// Delete: the selected cells made blank.
    Clear,
}

impl SetHow {
    /// What a refusal says it refused.
    pub fn label(self) -> &'static str {
        match self {
            SetHow::Entry | SetHow::Leaving => "输入",
            SetHow::Paste => "粘贴",
            SetHow::FillDown => "向下填充",
            SetHow::FillRight => "向右填充",
            SetHow::Clear => "清除",
        }
    }
}

/// What the user asked of the grid this frame.
#[derive(Clone, Debug, PartialEq)]
pub enum GridAction {
    /// Set these cells, all or nothing.
    Set {
        changes: Vec<CellChange>,
        how: SetHow,
    },
    /// Text pasted at the cursor (Ctrl+V): the sheet may read a header row itself, or
    /// turn it into cells with [`block_changes`].
    Paste(String),
    /// The selection was copied to the clipboard: how many rows and cells.
    Copied {
        rows: usize,
        cells: usize,
    },
    /// A refusal the grid itself makes (a paste past the last column, a read-only file).
    Refused(String),
    /// Something the grid did that the user should read (a new row's draft given up).
    Info(String),
    SortBy(usize),
}
