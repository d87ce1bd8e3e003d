//! 变动原因: every item that changed from last year, with the reason the narrative quotes.

use super::rows::{RowRules, fixed_rows};
use super::{Command, SheetGrid, SheetStates, grid_ui, total_label};
use crate::checks::Sheet;
use crate::document::Document;
use crate::edit::Edit;
use crate::ui::grid::{CellChange, ColKind, ColumnSpec, Rows};

pub const REASON: usize = 5;

pub(super) fn show(
    ui: &mut egui::Ui,
    doc: &Document,
    st: &mut SheetStates,
    out: &mut Vec<Command>,
) {
    let b = doc.budget();
    ui.label("与上年相比有变动的每一项，需写明原因（用于情况说明）。");
    let changes = st.changed_items(doc);
    let columns = [
        ColumnSpec::new("项目", 300.0, ColKind::Fixed),
        ColumnSpec::new("上年", 120.0, ColKind::FixedMoney),
        ColumnSpec::new("本年", 120.0, ColKind::FixedMoney),
        ColumnSpec::new("增减", 120.0, ColKind::FixedMoney),
        ColumnSpec::new("增幅", 70.0, ColKind::FixedNumber),
        ColumnSpec::new("原因", 420.0, ColKind::Text),
    ];
    let shown: Vec<Vec<String>> = changes
        .iter()
        .map(|c| {
            vec![
                c.what.clone(),
                c.prior.grouped(),
                c.current.grouped(),
                (c.current - c.prior).grouped(),
                crate::money::percent_change(c.prior, c.current, 1)
                    .map(|p| format!("{p}%"))
                    .unwrap_or_default(),
                b.reasons.get(&c.key).cloned().unwrap_or_default(),
            ]
        })
        .collect();
    let missing = changes
        .iter()
        .filter(|c| b.reason(&c.key).is_none())
        .count();
    total_label(
        ui,
        format!("共 {} 项变动，{} 项尚未填写原因", changes.len(), missing),
    );
    let data = Rows::new(&shown);
    let get = |r: usize| {
        (
            changes[r].key.clone(),
            b.reasons.get(&changes[r].key).cloned().unwrap_or_default(),
        )
    };
    let new_row = fixed_rows(changes.len());
    let set_one = |x: &mut (String, String), _c: usize, t: &str| -> Result<(), String> {
        x.1 = t.trim().to_string();
        Ok(())
    };
    let rules = RowRules {
        columns: &columns,
        get: &get,
        rows: changes.len(),
        new_row: &new_row,
        set: &set_one,
    };
    let set =
        |cells: &[CellChange]| rules.edits(cells, |(key, text)| Edit::SetReason { key, text });
    let mut g = SheetGrid::new((Sheet::Reasons, 0), "变动原因", &columns, &data, &set);
    g.frozen = 1;
    let outcome = grid_ui(ui, doc, st, &g, out);
    super::fixed_rows_verb(outcome.verb, out);
}
