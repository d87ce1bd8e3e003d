//! Blocks of cells in and out: a selection copied as tab-separated text (what Excel and
//! WPS paste), a pasted block laid over the cells from the cursor, fill down and right,
//! and clearing. Each gives the cell changes for the sheet to check whole.

use super::{CellChange, ColumnSpec, GridData, Sel};

/// The selection as Excel's clipboard text: the cells as shown, tab-separated, one line a
/// row, a cell holding a tab, a newline or a quote quoted.
pub fn copy_text(data: &dyn GridData, sel: Sel) -> String {
    let mut out = String::new();
    for r in sel.rows() {
        let cells: Vec<String> = sel
            .cols()
            .map(|c| crate::exchange::paste::tsv_cell(&data.cell(r, c)))
            .collect();
        out.push_str(&cells.join("\t"));
        out.push_str("\r\n");
    }
    out
}

/// A pasted block laid over the grid: one value pasted into a selection of several cells
/// fills each of them; a block goes from the selection's top-left cell over the cells it
/// covers, and rows past the last row are new rows. Columns that are not editable are
/// passed over when the block holds what they show (a copied block pasted back), and
/// refused otherwise. Refused too: a block wider than the grid.
pub fn block_changes(
    text: &str,
    sel: Sel,
    columns: &[ColumnSpec],
    data: &dyn GridData,
) -> Result<Vec<CellChange>, String> {
    let block = crate::exchange::paste::split_tsv_keep_blank(text);
    if block.is_empty() {
        return Err("剪贴板中没有可粘贴的内容".into());
    }
    let width = block.iter().map(Vec::len).max().unwrap_or(0);
    if block.len() == 1 && width == 1 && sel.cells() > 1 {
        let text = block[0][0].clone();
        return Ok(sel
            .rows()
            .flat_map(|r| sel.cols().map(move |c| (r, c)))
            .filter(|(_, c)| columns[*c].kind.editable())
            .map(|(row, col)| CellChange {
                row,
                col,
                text: text.clone(),
            })
            .collect());
    }
    if sel.c0 + width > columns.len() {
        return Err(format!(
            "粘贴的内容有 {width} 列，从“{}”列起放不下（表格只到“{}”列）",
            columns[sel.c0].title,
            columns.last().map(|c| c.title).unwrap_or("")
        ));
    }
    let rows = data.rows();
    let mut changes = Vec::new();
    for (i, line) in block.iter().enumerate() {
        let row = sel.r0 + i;
        for (j, value) in line.iter().enumerate() {
            let col = sel.c0 + j;
            let spec = &columns[col];
            if !spec.kind.editable() {
                if row < rows
                    && data.cell(row, col).trim() != value.trim()
                    && !value.trim().is_empty()
                {
                    return Err(format!(
                        "第 {} 行“{}”列是计算或固定的内容，不能粘贴",
                        row + 1,
                        spec.title
                    ));
                }
                continue;
            }
            changes.push(CellChange {
                row,
                col,
                text: value.clone(),
            });
        }
    }
    Ok(changes)
}

/// Fill down (Ctrl+D) or right (Ctrl+R): the first row (column) of the selection is
/// copied, as shown, into the others; a selection one row (column) deep takes the row
/// above (the column to the left). Columns that are not editable are left alone.
pub fn fill_changes(
    sel: Sel,
    down: bool,
    columns: &[ColumnSpec],
    data: &dyn GridData,
) -> Vec<CellChange> {
    let mut changes = Vec::new();
    if down {
        let (src, targets) = if sel.r0 == sel.r1 {
            if sel.r0 == 0 {
                return changes;
            }
            (sel.r0 - 1, sel.r0..=sel.r1)
        } else {
            (sel.r0, sel.r0 + 1..=sel.r1)
        };
        for col in sel.cols().filter(|c| columns[*c].kind.editable()) {
            let text = data.cell(src, col);
            for row in targets.clone() {
                changes.push(CellChange {
                    row,
                    col,
                    text: text.clone(),
                });
            }
        }
    } else {
        let (src, targets) = if sel.c0 == sel.c1 {
            if sel.c0 == 0 {
                return changes;
            }
            (sel.c0 - 1, sel.c0..=sel.c1)
        } else {
            (sel.c0, sel.c0 + 1..=sel.c1)
        };
        for row in sel.rows() {
            let text = data.cell(row, src);
            for col in targets.clone().filter(|c| columns[*c].kind.editable()) {
                changes.push(CellChange {
                    row,
                    col,
                    text: text.clone(),
                });
            }
        }
    }
    changes
}

/// Delete: every editable cell of the selection made blank.
pub fn clear_changes(sel: Sel, columns: &[ColumnSpec]) -> Vec<CellChange> {
    sel.rows()
        .flat_map(|row| sel.cols().map(move |col| (row, col)))
        .filter(|(_, c)| columns[*c].kind.editable())
        .map(|(row, col)| CellChange {
            row,
            col,
            text: String::new(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::{ColKind, Rows};
    use super::*;

    fn cols() -> Vec<ColumnSpec> {
        vec![
            ColumnSpec::new("名称", 80.0, ColKind::Text),
            ColumnSpec::new("金额", 80.0, ColKind::Money),
            ColumnSpec::new("增减", 80.0, ColKind::FixedMoney),
        ]
    }

    #[test]
    fn a_copied_block_pastes_back_over_itself() {
        let shown = vec![
            vec!["办公费".to_string(), "1,000.00".into(), "10.00".into()],
            vec!["印刷费".to_string(), "2,500.50".into(), "0.00".into()],
        ];
        let data = Rows::new(&shown);
        let all = Sel::of((0, 0), (1, 2));
        let text = copy_text(&data, all);
        assert_eq!(
            text,
            "办公费\t1,000.00\t10.00\r\n印刷费\t2,500.50\t0.00\r\n"
        );
        let changes = block_changes(&text, Sel::of((0, 0), (0, 0)), &cols(), &data).unwrap();
        // The computed column is passed over; the rest is set to what it shows.
        assert_eq!(changes.len(), 4);
        assert!(changes.iter().all(|c| c.col < 2));
        assert_eq!(changes[3].text, "2,500.50");
        // Two rows lower, the second row is past the end: a new row.
        let changes =
            block_changes("a\t1\r\nb\t2\r\n", Sel::of((1, 0), (1, 0)), &cols(), &data).unwrap();
        assert_eq!(changes.last().unwrap().row, 2);
    }

    #[test]
    fn one_value_fills_the_selection_and_a_wide_block_is_refused() {
        let shown = vec![vec![String::new(), String::new(), String::new()]; 3];
        let data = Rows::new(&shown);
        let c = block_changes("5", Sel::of((0, 0), (2, 2)), &cols(), &data).unwrap();
        assert_eq!(c.len(), 6, "3 rows × 2 editable columns");
        let e = block_changes("1\t2\t3", Sel::of((0, 1), (0, 1)), &cols(), &data).unwrap_err();
        assert!(e.contains("3 列"), "{e}");
    }

    #[test]
    fn fill_down_takes_the_first_row_or_the_one_above() {
        let shown = vec![
            vec!["甲".to_string(), "1.00".into(), String::new()],
            vec!["乙".to_string(), "2.00".into(), String::new()],
            vec!["丙".to_string(), "3.00".into(), String::new()],
        ];
        let data = Rows::new(&shown);
        let c = fill_changes(Sel::of((0, 0), (2, 1)), true, &cols(), &data);
        assert_eq!(c.len(), 4);
        assert!(c.iter().filter(|x| x.col == 0).all(|x| x.text == "甲"));
        let c = fill_changes(Sel::of((2, 1), (2, 1)), true, &cols(), &data);
        assert_eq!(
            c,
            vec![CellChange {
                row: 2,
                col: 1,
                text: "2.00".into()
            }]
        );
        let c = fill_changes(Sel::of((1, 0), (1, 1)), false, &cols(), &data);
        assert_eq!(
            c,
            vec![CellChange {
                row: 1,
                col: 1,
                text: "乙".into()
            }]
        );
    }
}
