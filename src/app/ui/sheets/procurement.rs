//! 政府采购: the procurement items, with their parts (goods, works, services).

use super::rows::{RowRules, one_edit};
use super::{
    Command, Notice, SheetGrid, SheetStates, Verb, choice, find_unit, grid_ui, money_of,
    total_label, unit_choice,
};
use crate::checks::Sheet;
use crate::document::Document;
use crate::edit::Edit;
use crate::model::*;
use crate::money::Money;
use crate::ui::grid::{CellChange, ColKind, ColumnSpec, Rows};

pub const COLUMNS: [&str; 7] = [
    "单位",
    "采购项目名称",
    "资金来源",
    "合计",
    "货物",
    "工程",
    "服务",
];

fn new_item(b: &Budget) -> Option<Procurement> {
    Some(Procurement {
        id: 0,
        unit_id: b.units.first()?.id,
        name: "新采购项目".into(),
        fund_source: FundSource::General,
        total: Money::ZERO,
        goods: Money::ZERO,
        works: Money::ZERO,
        services: Money::ZERO,
    })
}

pub(super) fn show(
    ui: &mut egui::Ui,
    doc: &Document,
    st: &mut SheetStates,
    out: &mut Vec<Command>,
) {
    let b = doc.budget();
    let ro = doc.is_read_only();
    ui.horizontal(|ui| {
        if ui
            .add_enabled(
                !ro && !b.units.is_empty(),
                egui::Button::new("新增采购项目"),
            )
            .clicked()
        {
            out.push(Command::Ui(crate::ui::command::UiCommand::InsertRow));
        }
        if ui
            .add_enabled(
                !ro && !b.procurement.is_empty(),
                egui::Button::new("删除所选"),
            )
            .clicked()
        {
            out.push(Command::Ui(crate::ui::command::UiCommand::DeleteRows));
        }
    });
    let columns = [
        ColumnSpec::new(COLUMNS[0], 110.0, unit_choice(b)),
        ColumnSpec::new(COLUMNS[1], 300.0, ColKind::Text),
        ColumnSpec::new(
            COLUMNS[2],
            170.0,
            choice(FundSource::ALL.iter().map(|s| s.label())),
        ),
        ColumnSpec::new(COLUMNS[3], 120.0, ColKind::Money),
        ColumnSpec::new("货物类", 110.0, ColKind::Money),
        ColumnSpec::new("工程类", 110.0, ColKind::Money),
        ColumnSpec::new("服务类", 110.0, ColKind::Money),
    ];
    let unit = |id: i64| {
        b.unit(id)
            .map(|u| u.short_label().to_string())
            .unwrap_or_default()
    };
    // Shown with grouped amounts, edited with plain ones.
    let texts = |money: fn(Money) -> String| -> Vec<Vec<String>> {
        b.procurement
            .iter()
            .map(|p| {
                let mut row = vec![
                    unit(p.unit_id),
                    p.name.clone(),
                    p.fund_source.label().into(),
                ];
                row.extend([p.total, p.goods, p.works, p.services].map(money));
                row
            })
            .collect()
    };
    let shown = texts(Money::grouped);
    let edited = texts(Money::plain);
    let hover = |r: usize, c: usize| -> Option<String> {
        (c == 0).then(|| {
            b.procurement
                .get(r)
                .and_then(|p| b.unit(p.unit_id))
                .map(|u| format!("{} {}", u.code, u.name))
        })?
    };
    let mut data = Rows::new(&shown).edited(&edited);
    data.hover = Some(&hover);
    let get = |r: usize| b.procurement[r].clone();
    let new_row = |_k: usize| -> Result<Procurement, String> {
        new_item(b).ok_or_else(|| "请先在“单位信息”页添加单位".to_string())
    };
    let set_one = |p: &mut Procurement, c: usize, t: &str| -> Result<(), String> {
        let t = t.trim();
        match c {
            0 => p.unit_id = find_unit(b, t)?,
            1 if t.is_empty() => return Err("采购项目名称不能为空".into()),
            1 => p.name = t.into(),
            2 => {
                p.fund_source = FundSource::parse(t).ok_or_else(|| format!("“{t}”不是资金来源"))?
            }
            _ => {
                let m = money_of(t)?;
                match c {
                    3 => p.total = m,
                    4 => p.goods = m,
                    5 => p.works = m,
                    _ => p.services = m,
                }
            }
        }
        Ok(())
    };
    let rules = RowRules {
        columns: &columns,
        get: &get,
        rows: b.procurement.len(),
        new_row: &new_row,
        set: &set_one,
    };
    let set = |changes: &[CellChange]| rules.edits(changes, Edit::PutProcurement);
    let sum = |f: fn(&Procurement) -> Money| b.procurement.iter().map(f).sum::<Money>();
    total_label(
        ui,
        format!(
            "合计 {}（货物 {}，工程 {}，服务 {}）",
            sum(|p| p.total).grouped(),
            sum(|p| p.goods).grouped(),
            sum(|p| p.works).grouped(),
            sum(|p| p.services).grouped()
        ),
    );
    let mut g =
        SheetGrid::new((Sheet::Procurement, 0), "政府采购", &columns, &data, &set).with_new_row();
    g.frozen = 1;
    let outcome = grid_ui(ui, doc, st, &g, out);
    match outcome.verb {
        Some(Verb::InsertRow) => match new_item(b) {
            Some(p) => {
                out.push(Command::Apply(Edit::PutProcurement(p), None));
                st.grid(Sheet::Procurement, 0)
                    .select_only(b.procurement.len(), 1);
            }
            None => out.push(Command::Notify(Notice::error("请先在“单位信息”页添加单位"))),
        },
        Some(Verb::DuplicateRows) => {
            let copies: Vec<Edit> = st
                .grid(Sheet::Procurement, 0)
                .selected_rows()
                .iter()
                .filter_map(|r| b.procurement.get(*r))
                .map(|p| Edit::PutProcurement(Procurement { id: 0, ..p.clone() }))
                .collect();
            if let Some(e) = one_edit(copies) {
                out.push(Command::Apply(e, None));
            }
        }
        Some(Verb::DeleteRows) => {
            let del: Vec<Edit> = st
                .grid(Sheet::Procurement, 0)
                .selected_rows()
                .iter()
                .filter_map(|r| b.procurement.get(*r))
                .map(|p| Edit::DeleteProcurement(p.id))
                .collect();
            if let Some(e) = one_edit(del) {
                out.push(Command::Apply(e, None));
            }
        }
        _ => {}
    }
}
