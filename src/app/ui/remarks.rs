//! The 批注 panel: the remarks of the file, open ones first, each jumping to its place;
//! a remark is added to the place selected on the current sheet, also in review mode.

use super::{Command, RemarkAction};
use crate::app::document::Document;
use crate::engine::records::place::Place;
use egui::{Color32, RichText};

#[derive(Default)]
pub struct RemarksState {
    pub draft: String,
    pub show_resolved: bool,
    /// On 单位信息: the field the remark is about (none = the sheet).
    pub field: Option<&'static str>,
}

/// The fields of 单位信息 a remark can point at.
const DEPARTMENT_FIELDS: [&str; 3] = ["职能职责", "单位构成", "整体绩效目标"];

pub fn panel(
    ui: &mut egui::Ui,
    doc: &Document,
    place: &Place,
    author: &mut String,
    st: &mut RemarksState,
    out: &mut Vec<Command>,
) {
    ui.heading("批注");
    let mut place = place.clone();
    if place.sheet == crate::engine::records::place::Sheet::Department {
        ui.horizontal(|ui| {
            ui.label("字段：");
            egui::ComboBox::from_id_salt("remark_field")
                .selected_text(st.field.unwrap_or("整页"))
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut st.field, None, "整页");
                    for f in DEPARTMENT_FIELDS {
                        ui.selectable_value(&mut st.field, Some(f), f);
                    }
                });
        });
        place = Place::new(place.sheet, None, st.field);
    }
    let place = &place;
    ui.label(RichText::new(format!("添加到：{}", place.describe(doc.budget()))).weak());
    ui.horizontal(|ui| {
        let l = ui.label("署名：");
        ui.add(egui::TextEdit::singleline(author).desired_width(120.0))
            .labelled_by(l.id);
    });
    let l = ui.label("批注内容：");
    ui.add(
        egui::TextEdit::multiline(&mut st.draft)
            .desired_rows(3)
            .desired_width(f32::INFINITY),
    )
    .labelled_by(l.id);
    if ui.button("添加批注").clicked() {
        out.push(Command::Remark(RemarkAction::Add(
            place.clone(),
            author.clone(),
            st.draft.clone(),
        )));
    }
    ui.separator();
    let remarks = &doc.budget().remarks;
    let open = remarks.iter().filter(|r| !r.resolved).count();
    ui.horizontal(|ui| {
        ui.label(format!("未解决 {open} 条，共 {} 条", remarks.len()));
        ui.checkbox(&mut st.show_resolved, "显示已解决的");
    });
    egui::ScrollArea::vertical()
        .id_salt("remarks")
        .show(ui, |ui| {
            let mut list: Vec<_> = remarks
                .iter()
                .filter(|r| st.show_resolved || !r.resolved)
                .collect();
            list.sort_by_key(|r| (r.resolved, std::cmp::Reverse(r.id)));
            for r in list {
                let place = r.place();
                ui.horizontal_wrapped(|ui| {
                    let status = if r.resolved {
                        RichText::new("已解决").color(Color32::from_rgb(60, 130, 60))
                    } else {
                        RichText::new("未解决").color(Color32::from_rgb(200, 110, 0))
                    };
                    ui.label(status.strong());
                    match &place {
                        Some(p) => {
                            if ui
                                .link(p.describe(doc.budget()))
                                .on_hover_text("转到此处")
                                .clicked()
                            {
                                out.push(Command::GoToPlace(p.clone()));
                            }
                        }
                        None => {
                            ui.label(&r.target);
                        }
                    }
                });
                ui.label(RichText::new(format!("{} · {}", r.author, r.created)).weak());
                ui.label(&r.text);
                ui.horizontal(|ui| {
                    let (label, to) = if r.resolved {
                        ("重新打开", false)
                    } else {
                        ("标为已解决", true)
                    };
                    if ui.small_button(label).clicked() {
                        out.push(Command::Remark(RemarkAction::Resolve(r.id, to)));
                    }
                    if ui.small_button("删除").clicked() {
                        out.push(Command::Remark(RemarkAction::Delete(r.id)));
                    }
                });
                ui.separator();
            }
        });
}
