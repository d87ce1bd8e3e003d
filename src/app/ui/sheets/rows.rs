//! Cell changes applied to records row by row: how each record sheet turns a block of
//! texts (an entry, a paste, a fill, a clear) into changed records, or into the problems
//! of the cells that are wrong. Nothing is half-applied: any problem refuses the whole.

use super::super::grid::{CellChange, ColumnSpec};
use crate::exchange::paste::PasteProblem;
use std::collections::BTreeMap;

/// Sets one cell of a record from a text, or says why not.
pub(super) type SetCell<'a, R> = dyn Fn(&mut R, usize, &str) -> Result<(), String> + 'a;

/// How the records of a grid take cell texts.
pub(super) struct RowRules<'a, R> {
    pub columns: &'a [ColumnSpec],
    /// The record shown at a row, for `0..rows`.
    pub get: Box<dyn Fn(usize) -> R + 'a>,
    pub rows: usize,
    /// The record for the `k`-th new row past the end, or why the grid takes no new rows.
    pub new_row: Box<dyn Fn(usize) -> Result<R, String> + 'a>,
    /// Sets one cell of a record from its text, or says why not.
    pub set: Box<SetCell<'a, R>>,
}

impl<'a, R: crate::engine::records::Kind> RowRules<'a, R> {
    /// The rules of a grid over a list of records laid out by a plan: each cell read by
    /// its declared field.
    pub fn of_plan(
        plan: &'a super::plan::Plan<'a, R>,
        columns: &'a [ColumnSpec],
        records: &'a [R],
        b: &'a crate::engine::model::Budget,
        new_row: impl Fn(usize) -> Result<R, String> + 'a,
    ) -> Self {
        RowRules {
            columns,
            get: Box::new(move |r| records[r].clone()),
            rows: records.len(),
            new_row: Box::new(new_row),
            set: Box::new(move |rec, c, t| plan.read(rec, c, t, b)),
        }
    }
}

/// A record as the changes leave it: `Some(row)` for one that was there, `None` new.
pub(super) type Changed<R> = Vec<(Option<usize>, R)>;

impl<R: Clone + PartialEq> RowRules<'_, R> {
    /// The records the changes make, each row's cells set in column order. Rows whose
    /// record does not change are left out, and so are new rows whose cells are all blank.
    pub fn apply(&self, changes: &[CellChange]) -> Result<Changed<R>, Vec<PasteProblem>> {
        let mut by_row: BTreeMap<usize, Vec<&CellChange>> = BTreeMap::new();
        for c in changes {
            by_row.entry(c.row).or_default().push(c);
        }
        let mut out = Vec::new();
        let mut problems = Vec::new();
        for (row, mut cells) in by_row {
            cells.sort_by_key(|c| c.col);
            let (old, mut rec) = if row < self.rows {
                let r = (self.get)(row);
                (Some(r.clone()), r)
            } else {
                if cells.iter().all(|c| c.text.trim().is_empty()) {
                    continue;
                }
                match (self.new_row)(row - self.rows) {
                    Ok(r) => (None, r),
                    Err(message) => {
                        problems.push(PasteProblem {
                            row: row + 1,
                            column: "",
                            message,
                        });
                        continue;
                    }
                }
            };
            for c in cells {
                if let Err(message) = (self.set)(&mut rec, c.col, &c.text) {
                    problems.push(PasteProblem {
                        row: row + 1,
                        column: self.columns.get(c.col).map(|s| s.title).unwrap_or(""),
                        message,
                    });
                }
            }
            match old {
                Some(o) if o == rec => {}
                Some(_) => out.push((Some(row), rec)),
                None => out.push((None, rec)),
            }
        }
        if problems.is_empty() {
            Ok(out)
        } else {
            Err(problems)
        }
    }
}

impl<R: Clone + PartialEq> RowRules<'_, R> {
    /// The changes as one edit: each changed or new record turned into its edit.
    pub fn edits(
        &self,
        changes: &[CellChange],
        to_edit: impl Fn(R) -> crate::engine::edit::Edit,
    ) -> super::SetResult {
        let changed = self.apply(changes)?;
        Ok(one_edit(
            changed.into_iter().map(|(_, r)| to_edit(r)).collect(),
        ))
    }
}

/// A grid whose rows are fixed (the fund sources, the 三公 items): no new rows.
pub(super) fn fixed_rows<R>(rows: usize) -> impl Fn(usize) -> Result<R, String> + Copy {
    move |_| Err(format!("此表只有 {rows} 行，不能在下面添加新行"))
}

/// One edit for several: none, the one, or a batch.
pub(super) fn one_edit(
    mut edits: Vec<crate::engine::edit::Edit>,
) -> Option<crate::engine::edit::Edit> {
    match edits.len() {
        0 => None,
        1 => edits.pop(),
        _ => Some(crate::engine::edit::Edit::Batch(edits)),
    }
}

/// 复制为新行 and 删除 of the records selected on a grid of a kind kept by id: copies (given
/// new ids by the store) or deletions, one edit, one step to undo. Whether the verb was one
/// of the two.
pub(super) fn copy_or_delete<R: crate::engine::records::Kind>(
    verb: super::Verb,
    st: &mut super::SheetStates,
    grid: (crate::engine::records::place::Sheet, u8),
    records: &[R],
    out: &mut Vec<super::Command>,
) -> bool {
    use crate::engine::edit::Edit;
    use crate::engine::records::{FieldType, Value};
    let chosen: Vec<&R> = st
        .grid(grid.0, grid.1)
        .selected_rows()
        .iter()
        .filter_map(|r| records.get(*r))
        .collect();
    let edits: Vec<Edit> = match verb {
        super::Verb::DuplicateRows => chosen
            .iter()
            .map(|r| {
                let mut copy = (*r).clone();
                if let Some(f) = R::fields().iter().find(|f| matches!(f.ty, FieldType::Id)) {
                    (f.set)(&mut copy, Value::Int(0));
                }
                Edit::put(copy)
            })
            .collect(),
        super::Verb::DeleteRows => chosen
            .iter()
            .filter_map(|r| r.id())
            .map(|id| Edit::Delete(R::ID, id))
            .collect(),
        _ => return false,
    };
    let n = edits.len();
    if let Some(e) = one_edit(edits) {
        out.push(super::Command::Apply(e, None));
        if verb == super::Verb::DeleteRows {
            out.push(super::Command::Notify(super::Notice::info(format!(
                "已删除 {n} 行（可撤销）"
            ))));
        }
    }
    true
}
