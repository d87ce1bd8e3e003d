//! 人员: the roster the standards compute the 基本支出 from. A row is one person or a
//! group of identical posts; monthly amounts, the yearly 奖金, the monthly 缴费基数.

use super::plan::{RecordsGrid, records_grid};
use super::{Command, SheetStates, total_label};
use crate::app::document::Document;
use crate::app::ui::command::UiCommand;
use crate::engine::kinds::*;
use crate::engine::model::*;
use crate::engine::records::Kind;
use crate::engine::records::place::Sheet;

fn new_person(b: &Budget) -> Option<Person> {
    Some(Person {
        unit_id: b.units.first()?.id,
        ..Person::blank()
    })
}

/// 在职 13 人（编制 14），退休 18 人 … per unit, for the line above the grid.
fn headcounts(b: &Budget) -> String {
    let mut parts = Vec::new();
    for u in &b.units {
        let mut by = [0u64; 5];
        for p in b.persons.iter().filter(|p| p.unit_id == u.id) {
            by[p.category.index()] += u64::from(p.count);
        }
        if by.iter().all(|n| *n == 0) {
            continue;
        }
        let posts = u.posts_admin + u.posts_institution;
        let mut s = format!("{}：在职 {}", u.short_label(), by[0]);
        if posts > 0 {
            s.push_str(&format!("（编制 {posts}）"));
        }
        for c in &StaffCategory::ALL[1..] {
            if by[c.index()] > 0 {
                s.push_str(&format!("，{} {}", c.label(), by[c.index()]));
            }
        }
        parts.push(s);
    }
    if parts.is_empty() {
        "尚无人员：在下方表格中逐行填写，或从一体化系统导出的工资表导入（文件 › 导入）".into()
    } else {
        parts.join("；")
    }
}

pub(super) fn show(
    ui: &mut egui::Ui,
    doc: &Document,
    st: &mut SheetStates,
    out: &mut Vec<Command>,
) {
    let b = doc.budget();
    let ro = doc.is_read_only();
    ui.label("每行一人或一组相同岗位：工资按月填写，奖金按年；缴费基数按月，留空则按基本工资、津贴补贴和绩效工资之和。不保存证件号码。");
    ui.horizontal(|ui| {
        let has = |v: bool| !ro && v;
        super::verb_button(
            ui,
            "新增人员",
            has(!b.units.is_empty()),
            UiCommand::InsertRow,
            out,
        );
        super::verb_button(
            ui,
            "复制所选",
            has(!b.persons.is_empty()),
            UiCommand::DuplicateRows,
            out,
        );
        super::verb_button(
            ui,
            "删除所选",
            has(!b.persons.is_empty()),
            UiCommand::DeleteRows,
            out,
        );
    });
    total_label(ui, headcounts(b));
    let new = || new_person(b).ok_or_else(|| "请先在“单位信息”页添加单位".to_string());
    // A row typed into the new row is made once its unit is there.
    let g = RecordsGrid {
        origin: (Sheet::Staff, 0),
        id: "人员",
        records: &b.persons,
        new: &new,
        hint: "在表格最后的新行中填写：单位 Tab 人员类别 Tab 身份 Tab 姓名或岗位 Tab 人数 Tab 月数 Tab 基本工资…，填好单位即保存",
        needed: &["单位"],
    };
    records_grid(ui, doc, st, out, g);
}
