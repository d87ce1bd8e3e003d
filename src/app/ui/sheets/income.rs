//! 收入: income by source, this year and last. Every source has its row (a source with
//! nothing is 0.00), so that no row needs adding or removing.

use super::rows::{RowRules, fixed_rows};
use super::{Command, SheetGrid, SheetStates, grid_ui, money_of, total_label};
use crate::checks::Sheet;
use crate::document::Document;
use crate::edit::Edit;
use crate::model::*;
use crate::money::Money;
use crate::ui::grid::{CellChange, ColKind, ColumnSpec, Rows};

pub const COLUMNS: [&str; 4] = ["资金来源", "本年预算数", "上年预算数", "增减"];

pub(super) fn show(
    ui: &mut egui::Ui,
    doc: &Document,
    st: &mut SheetStates,
    out: &mut Vec<Command>,
) {
    let b = doc.budget();
    let columns = [
        ColumnSpec::new(COLUMNS[0], 260.0, ColKind::Fixed),
        ColumnSpec::new(COLUMNS[1], 160.0, ColKind::Money),
        ColumnSpec::new(COLUMNS[2], 160.0, ColKind::Money),
        ColumnSpec::new(COLUMNS[3], 160.0, ColKind::FixedMoney),
    ];
    let income: Vec<Income> = FundSource::ALL
        .iter()
        .map(|s| {
            b.income_of(*s).cloned().unwrap_or(Income {
                source: *s,
                current: Money::ZERO,
                prior: Money::ZERO,
            })
        })
        .collect();
    let shown: Vec<Vec<String>> = income
        .iter()
        .map(|i| {
            vec![
                i.source.label().into(),
                i.current.grouped(),
                i.prior.grouped(),
                (i.current - i.prior).grouped(),
            ]
        })
        .collect();
    let edited: Vec<Vec<String>> = income
        .iter()
        .map(|i| {
            vec![
                String::new(),
                i.current.plain(),
                i.prior.plain(),
                String::new(),
            ]
        })
        .collect();
    let data = Rows::new(&shown).edited(&edited);
    let get = |r: usize| income[r].clone();
    let new_row = fixed_rows(income.len());
    let set_one = |i: &mut Income, c: usize, t: &str| -> Result<(), String> {
        let m = money_of(t)?;
        if c == 1 {
            i.current = m;
        } else {
            i.prior = m;
        }
        Ok(())
    };
    let rules = RowRules {
        columns: &columns,
        get: &get,
        rows: income.len(),
        new_row: &new_row,
        set: &set_one,
    };
    let set = |changes: &[CellChange]| rules.edits(changes, Edit::SetIncome);
    let cur: Money = b.income.iter().map(|i| i.current).sum();
    let prior: Money = b.income.iter().map(|i| i.prior).sum();
    total_label(
        ui,
        format!(
            "收入合计：本年 {}，上年 {}，增减 {}",
            cur.grouped(),
            prior.grouped(),
            (cur - prior).grouped()
        ),
    );
    let g = SheetGrid::new((Sheet::Income, 0), "收入", &columns, &data, &set);
    let outcome = grid_ui(ui, doc, st, &g, out);
    super::fixed_rows_verb(outcome.verb, out);
}
