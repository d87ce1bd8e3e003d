//! A sheet's rows of text cells, kept compactly: all the text of a sheet in one string,
//! with where each cell and each row ends. A million-row CSV takes the size of its text
//! and a few bytes a cell (a `Vec<String>` a row took four times its text: an allocation
//! per cell), and the whole of what a file's cells hold is bounded
//! ([`limits::CELL_TEXT`]: a workbook's cells may all repeat one long shared string).

use crate::exchange::textfile::limits;
use std::fmt;

/// Rows of text cells (row `i` is the sheet's row `i + 1`; blank rows are kept).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Rows {
    text: String,
    /// Where each cell's text ends in `text`.
    cell_ends: Vec<u32>,
    /// Where each row's cells end in `cell_ends`.
    row_ends: Vec<u32>,
}

/// One row of [`Rows`], its cells read in place.
#[derive(Clone, Copy)]
pub struct Row<'a> {
    rows: &'a Rows,
    /// Its cells' range in `cell_ends`.
    first: usize,
    end: usize,
}

impl Rows {
    /// Adds a row of cells, each trimmed; cells blank at its end are not kept. Past the
    /// limit of text a file's cells may hold, the row is not added and the message says
    /// so.
    pub fn push<S: AsRef<str>>(
        &mut self,
        cells: impl IntoIterator<Item = S>,
    ) -> Result<(), String> {
        let (text_was, cells_was) = (self.text.len(), self.cell_ends.len());
        for c in cells {
            self.text.push_str(c.as_ref().trim());
            if self.text.len() as u64 > limits::CELL_TEXT {
                self.text.truncate(text_was);
                self.cell_ends.truncate(cells_was);
                return Err(format!(
                    "各单元格的文字合计超过 {}，超出可导入的上限（可能有一段长文字被大量单元格引用）：请删去多余的内容后再导入",
                    crate::engine::base::system::megabytes(limits::CELL_TEXT)
                ));
            }
            self.cell_ends.push(self.text.len() as u32);
        }
        // Blank cells at the end hold nothing.
        let start = self.row_start();
        while self.cell_ends.len() > start
            && self.cell_ends[self.cell_ends.len() - 1]
                == self.cell_end_before(self.cell_ends.len() - 1)
        {
            self.cell_ends.pop();
        }
        self.row_ends.push(self.cell_ends.len() as u32);
        Ok(())
    }

    /// Where the row being added starts in `cell_ends`.
    fn row_start(&self) -> usize {
        self.row_ends.last().map_or(0, |e| *e as usize)
    }

    /// Where cell `k`'s text starts: where the one before it ends.
    fn cell_end_before(&self, k: usize) -> u32 {
        if k == 0 { 0 } else { self.cell_ends[k - 1] }
    }

    pub fn len(&self) -> usize {
        self.row_ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.row_ends.is_empty()
    }

    /// Row `i` (0-based), if there is one.
    pub fn get(&self, i: usize) -> Option<Row<'_>> {
        let end = *self.row_ends.get(i)? as usize;
        let first = if i == 0 {
            0
        } else {
            self.row_ends[i - 1] as usize
        };
        Some(Row {
            rows: self,
            first,
            end,
        })
    }

    /// Row `i`, empty when there is none.
    pub fn row(&self, i: usize) -> Row<'_> {
        self.get(i).unwrap_or(Row {
            rows: self,
            first: 0,
            end: 0,
        })
    }

    pub fn iter(&self) -> impl Iterator<Item = Row<'_>> {
        (0..self.len()).map(|i| self.row(i))
    }

    /// The rows as owned cells (a test's or a caller's copy to change).
    pub fn to_vecs(&self) -> Vec<Vec<String>> {
        self.iter().map(|r| r.to_vec()).collect()
    }
}

impl<S: AsRef<str>> FromIterator<Vec<S>> for Rows {
    /// Rows from cells (within the limit of text, as rows made by a program are).
    fn from_iter<I: IntoIterator<Item = Vec<S>>>(rows: I) -> Rows {
        let mut out = Rows::default();
        for r in rows {
            if out.push(r).is_err() {
                break;
            }
        }
        out
    }
}

impl fmt::Debug for Rows {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<'a> Row<'a> {
    /// How many cells the row has (up to its last cell that is not blank).
    pub fn len(&self) -> usize {
        self.end - self.first
    }

    pub fn is_empty(&self) -> bool {
        self.end == self.first
    }

    /// Cell `c` (0-based), trimmed.
    pub fn get(&self, c: usize) -> Option<&'a str> {
        if c >= self.len() {
            return None;
        }
        let k = self.first + c;
        let rows: &'a Rows = self.rows;
        let (from, to) = (rows.cell_end_before(k), rows.cell_ends[k]);
        Some(&rows.text[from as usize..to as usize])
    }

    pub fn first(&self) -> Option<&'a str> {
        self.get(0)
    }

    pub fn iter(&self) -> impl Iterator<Item = &'a str> + use<'a> {
        let row = *self;
        (0..row.len()).filter_map(move |c| row.get(c))
    }

    /// The cells, to be read as a slice.
    pub fn cells(&self) -> Vec<&'a str> {
        self.iter().collect()
    }

    pub fn to_vec(&self) -> Vec<String> {
        self.iter().map(str::to_string).collect()
    }

    /// Whether the row holds nothing (its blank cells at the end are not kept).
    pub fn is_blank(&self) -> bool {
        self.iter().all(str::is_empty)
    }
}

impl fmt::Debug for Row<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// Builds [`Rows`] from cells given by their position, as a workbook's reader finds
/// them: in order, row by row, as Excel and WPS save them; a cell out of order (a file
/// written by another program) is put in its place at the end.
#[derive(Default)]
pub struct RowsBuilder {
    rows: Rows,
    /// The row being read, its index and cells.
    at: usize,
    row: Vec<String>,
    /// Cells that came after a later row's.
    late: Vec<(usize, usize, String)>,
}

impl RowsBuilder {
    pub fn put(&mut self, r: usize, c: usize, text: String) -> Result<(), String> {
        if r < self.at || (r == self.at && self.rows.len() > r) {
            self.late.push((r, c, text));
            return Ok(());
        }
        if r > self.at {
            self.flush()?;
            while self.rows.len() < r {
                self.rows.push(std::iter::empty::<&str>())?;
            }
            self.at = r;
        }
        if self.row.len() <= c {
            self.row.resize(c + 1, String::new());
        }
        self.row[c] = text;
        Ok(())
    }

    /// Adds the row being read (once).
    fn flush(&mut self) -> Result<(), String> {
        if self.rows.len() == self.at {
            self.rows.push(self.row.drain(..))?;
        }
        Ok(())
    }

    pub fn finish(mut self) -> Result<Rows, String> {
        if !self.row.is_empty() || self.at > 0 {
            self.flush()?;
        }
        if self.late.is_empty() {
            return Ok(self.rows);
        }
        let mut all = self.rows.to_vecs();
        for (r, c, text) in self.late {
            if all.len() <= r {
                all.resize_with(r + 1, Vec::new);
            }
            if all[r].len() <= c {
                all[r].resize(c + 1, String::new());
            }
            all[r][c] = text;
        }
        let mut rows = Rows::default();
        for r in all {
            rows.push(r)?;
        }
        Ok(rows)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_read_back_trimmed_without_blanks_at_the_end() {
        let mut rows = Rows::default();
        rows.push([" 单位代码 ", "金额", "", ""]).unwrap();
        rows.push(Vec::<String>::new()).unwrap();
        rows.push(["", "", "备注"]).unwrap();
        assert_eq!(rows.len(), 3);
        assert_eq!(rows.row(0).cells(), ["单位代码", "金额"]);
        assert!(rows.row(1).is_empty() && rows.row(1).is_blank());
        assert_eq!(rows.row(2).get(2), Some("备注"));
        assert_eq!(rows.row(2).get(3), None);
        assert!(rows.get(3).is_none());
        assert_eq!(
            rows.to_vecs(),
            [vec!["单位代码", "金额"], vec![], vec!["", "", "备注"]]
        );
    }

    #[test]
    fn cells_out_of_order_land_in_their_place() {
        let mut b = RowsBuilder::default();
        b.put(0, 1, "b".into()).unwrap();
        b.put(2, 0, "c".into()).unwrap();
        b.put(0, 0, "a".into()).unwrap();
        b.put(3, 2, "d".into()).unwrap();
        let rows = b.finish().unwrap();
        assert_eq!(
            rows.to_vecs(),
            [vec!["a", "b"], vec![], vec!["c"], vec!["", "", "d"]]
        );
        assert_eq!(RowsBuilder::default().finish().unwrap().len(), 0);
    }
}
