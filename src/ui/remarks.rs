//! The 批注 panel: the remarks of the file, open ones first, each jumping to its place;
//! a remark is added to the place selected on the current sheet, also in review mode.
//! And the window that compares the open file with another (a previous draft).

use super::{Command, RemarkAction};
use crate::checks::Place;
use crate::diff::{ChangeKind, Diff};
use crate::document::Document;
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
    if place.sheet == crate::checks::Sheet::Department {
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

/// The result of comparing the open file with another.
pub struct Comparison {
    /// The other file (the earlier version).
    pub other: String,
    pub diff: Diff,
}

pub fn comparison_window(ctx: &egui::Context, c: &Comparison, open: &mut bool) {
    egui::Window::new("比较结果")
        .open(open)
        .default_size([760.0, 560.0])
        .show(ctx, |ui| {
            ui.label(format!("原文件：{}（→ 当前文件）", c.other));
            if c.diff.is_empty() {
                ui.label("两个文件的内容相同。");
                return;
            }
            ui.label(format!(
                "{} 条记录有变化；公开表中 {} 个数字有变化。",
                c.diff.records.len(),
                c.diff.cells.len()
            ));
            ui.separator();
            ui.columns(2, |cols| {
                cols[0].strong("记录（逐字段）");
                egui::ScrollArea::vertical()
                    .id_salt("diff_records")
                    .show(&mut cols[0], |ui| {
                        for r in &c.diff.records {
                            let colour = match r.kind {
                                ChangeKind::Added => Color32::from_rgb(30, 120, 30),
                                ChangeKind::Removed => Color32::from_rgb(190, 40, 40),
                                ChangeKind::Changed => Color32::from_rgb(40, 80, 160),
                            };
                            ui.label(
                                RichText::new(format!(
                                    "{} {} {}",
                                    r.kind.label(),
                                    r.sheet,
                                    r.record
                                ))
                                .color(colour),
                            );
                            for f in &r.fields {
                                let text = match r.kind {
                                    ChangeKind::Changed => {
                                        format!("    {}：{} → {}", f.field, f.before, f.after)
                                    }
                                    ChangeKind::Added => format!("    {}：{}", f.field, f.after),
                                    ChangeKind::Removed => {
                                        format!("    {}：{}", f.field, f.before)
                                    }
                                };
                                ui.label(text);
                            }
                        }
                    });
                cols[1].strong("公开表中变化的数字");
                let rows = c.diff.cells.len();
                egui::ScrollArea::vertical()
                    .id_salt("diff_cells")
                    .show_rows(&mut cols[1], 20.0, rows, |ui, range| {
                        for cell in &c.diff.cells[range] {
                            ui.label(format!(
                                "{} {} · {}：{} → {}",
                                crate::tables::sheet_name(cell.table),
                                cell.row,
                                cell.column,
                                if cell.before.is_empty() {
                                    "（空）"
                                } else {
                                    &cell.before
                                },
                                if cell.after.is_empty() {
                                    "（空）"
                                } else {
                                    &cell.after
                                },
                            ));
                        }
                    });
            });
        });
}
