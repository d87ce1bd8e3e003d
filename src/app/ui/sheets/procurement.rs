//! 政府采购: the procurement items, with their parts (goods, works, services).

use super::plan::{RecordsGrid, records_grid};
use super::{Command, SheetStates, total_label};
use crate::app::document::Document;
use crate::app::ui::command::UiCommand;
use crate::engine::model::*;
use crate::engine::money::Money;
use crate::engine::records::Kind;
use crate::engine::records::place::Sheet;

fn new_item(b: &Budget) -> Option<Procurement> {
    Some(Procurement {
        unit_id: b.units.first()?.id,
        name: "新采购项目".into(),
        ..Procurement::blank()
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
        let has = |v: bool| !ro && v;
        super::verb_button(
            ui,
            "新增采购项目",
            has(!b.units.is_empty()),
            UiCommand::InsertRow,
            out,
        );
        super::verb_button(
            ui,
            "删除所选",
            has(!b.procurement.is_empty()),
            UiCommand::DeleteRows,
            out,
        );
    });
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
    // An item typed into the new row is made once it has its name (not a made-up one).
    let new = || new_item(b).ok_or_else(|| "请先在“单位信息”页添加单位".to_string());
    let g = RecordsGrid {
        origin: (Sheet::Procurement, 0),
        id: "政府采购",
        records: &b.procurement,
        new: &new,
        hint: "在表格最后的新行中填写采购项目：单位 Tab 采购项目名称 Tab 资金来源 Tab 金额…，填好名称即保存",
        needed: &["采购项目名称"],
    };
    records_grid(ui, doc, st, out, g);
}
