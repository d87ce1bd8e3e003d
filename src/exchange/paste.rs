//! Expenditure lines pasted from Excel or WPS (tab-separated text), and lines copied out in
//! the same form. A pasted block is validated whole: either every row becomes a line, or
//! the problems are listed by row and column and nothing is applied.

use super::sheet;
use crate::engine::model::*;
use crate::engine::records::Kind;
use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PasteProblem {
    /// 1-based row of the pasted block (the header, when present, is row 1).
    pub row: usize,
    pub column: &'static str,
    pub message: String,
}

impl fmt::Display for PasteProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "第 {} 行“{}”：{}", self.row, self.column, self.message)
    }
}

/// Splits clipboard text into rows of cells, leaving out rows with nothing in them.
pub fn split_tsv(text: &str) -> Vec<Vec<String>> {
    let mut rows = split_tsv_keep_blank(text);
    rows.retain(|r| r.iter().any(|c| !c.trim().is_empty()));
    rows
}

/// Splits clipboard text into rows of cells, blank rows included (a block pasted over a
/// grid keeps its shape). Excel quotes a cell that holds a tab, a newline or a quote;
/// such cells are unquoted here. The newline after the last row ends it.
pub fn split_tsv_keep_blank(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    let mut at_cell_start = true;
    while let Some(c) = chars.next() {
        match c {
            '"' if at_cell_start => {
                quoted = true;
                at_cell_start = false;
            }
            '"' if quoted => {
                if chars.peek() == Some(&'"') {
                    cell.push('"');
                    chars.next();
                } else {
                    quoted = false;
                }
            }
            '\t' if !quoted => {
                row.push(std::mem::take(&mut cell));
                at_cell_start = true;
            }
            '\r' if !quoted => {}
            '\n' if !quoted => {
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
                at_cell_start = true;
            }
            _ => {
                cell.push(c);
                at_cell_start = false;
            }
        }
    }
    if !cell.is_empty() || !row.is_empty() {
        row.push(cell);
        rows.push(row);
    }
    rows
}

/// Whether a pasted text begins with a header row naming the line columns (whole rows
/// copied from a workbook with its headers, or an 一体化 export).
pub fn has_header(text: &str) -> bool {
    split_tsv(text)
        .first()
        .is_some_and(|row| sheet::is_header::<Line>(row))
}

/// Parses a pasted block into new lines (id 0), or lists every problem.
pub fn parse_lines(text: &str, b: &Budget) -> Result<Vec<Line>, Vec<PasteProblem>> {
    parse_rows(&split_tsv(text), b)
}

/// Parses rows of cells (a pasted block, or a sheet of an imported workbook) into new
/// lines (id 0), or lists every problem. With a header row the columns go by their
/// names (the declaration's labels and other names, `records/line.rs`); without one, in
/// the order of the 支出明细 grid. Row numbers count from 1 at the first row.
pub fn parse_rows(rows: &[Vec<String>], b: &Budget) -> Result<Vec<Line>, Vec<PasteProblem>> {
    if rows.is_empty() {
        return Err(vec![PasteProblem {
            row: 1,
            column: "",
            message: "剪贴板中没有可粘贴的内容".into(),
        }]);
    }
    let header = sheet::is_header::<Line>(&rows[0]);
    let (cols, first) = if header {
        (sheet::header_fields::<Line>(&rows[0]), 1)
    } else {
        (sheet::positional::<Line>(rows[0].len().max(MIN_COLUMNS)), 0)
    };
    if header && rows.len() == 1 {
        return Err(vec![PasteProblem {
            row: 1,
            column: "",
            message: "只有表头，没有数据行".into(),
        }]);
    }
    if header && let Some(why) = sheet::duplicate_columns(&rows[0], &cols) {
        return Err(vec![PasteProblem {
            row: 1,
            column: "",
            message: why,
        }]);
    }
    if header {
        let missing = sheet::missing_columns(&cols);
        if !missing.is_empty() {
            return Err(vec![PasteProblem {
                row: 1,
                column: "",
                message: format!("表头缺少“{}”", missing.join("、")),
            }]);
        }
    }
    let mut lines = Vec::new();
    let mut problems = Vec::new();
    for (i, row) in rows.iter().enumerate().skip(first) {
        let n = i + 1;
        if !header && row.len() < MIN_COLUMNS {
            let order: Vec<&str> = Line::grid_fields().iter().map(|f| f.label).collect();
            problems.push(PasteProblem {
                row: n,
                column: "",
                message: format!(
                    "只有 {} 列；没有表头时须按“{}”的顺序给出至少 {MIN_COLUMNS} 列",
                    row.len(),
                    order.join("、")
                ),
            });
            continue;
        }
        match sheet::read_row(row, &cols, Line::blank(), true, b) {
            // What is pasted is typed: a 测算 mark copied with a row is not the standards'
            // (the line keeps its amount, as typed).
            Ok(mut line) => {
                line.set_rule(String::new());
                lines.push(line)
            }
            Err(p) => problems.extend(p.into_iter().map(|(column, message)| PasteProblem {
                row: n,
                column,
                message,
            })),
        }
    }
    if problems.is_empty() {
        Ok(lines)
    } else {
        Err(problems)
    }
}

/// A block without a header gives at least the columns up to 金额.
const MIN_COLUMNS: usize = 8;

/// A cell as Excel writes it to the clipboard: quoted when it holds a tab, a newline or
/// a quote.
pub fn tsv_cell(s: &str) -> String {
    if s.contains(['\t', '\n', '"']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// Lines as tab-separated text that Excel takes (no header; amounts as plain numbers).
pub fn lines_to_tsv(b: &Budget, lines: &[&Line]) -> String {
    let mut out = String::new();
    for l in lines {
        let cells = [
            b.unit(l.unit_id)
                .map(|u| u.name.clone())
                .unwrap_or_default(),
            l.func_code.clone(),
            l.dept_econ.clone(),
            b.gov_code(l).unwrap_or_default(),
            l.nature.label().to_string(),
            l.project_id
                .and_then(|p| b.project(p))
                .map(|p| p.name.clone())
                .unwrap_or_default(),
            l.fund_source.label().to_string(),
            l.amount.plain(),
            l.remark.clone(),
        ];
        out.push_str(
            &cells
                .iter()
                .map(|c| tsv_cell(c))
                .collect::<Vec<_>>()
                .join("\t"),
        );
        out.push_str("\r\n");
    }
    out
}
