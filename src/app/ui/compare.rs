//! The window that compares the open file with another (a previous draft): records
//! changed field by field, and every figure of the 17 tables that changed.

use crate::exchange::diff::{ChangeKind, Diff};
use egui::{Color32, RichText};

/// The result of comparing the open file with another.
pub struct Comparison {
    /// The other file (the earlier version).
    pub other: String,
    pub diff: Diff,
}

pub fn comparison_window(ctx: &egui::Context, c: &Comparison, open: &mut bool) {
    egui::Window::new("比较结果")
        .open(open)
        .default_size([960.0, 560.0])
        .show(ctx, |ui| {
            ui.label(format!("原文件：{}（→ 当前文件）", c.other));
            if let Some(w) = &c.diff.warning {
                ui.label(RichText::new(w).color(Color32::from_rgb(170, 100, 0)));
            }
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
                // Two lines a figure: where it is (cut to fit, whole on hover), then the
                // figures before and after, never cut.
                let line_h = cols[1].text_style_height(&egui::TextStyle::Body);
                let row_h = 2.0 * line_h + 2.0 * cols[1].spacing().item_spacing.y;
                egui::ScrollArea::vertical()
                    .id_salt("diff_cells")
                    .show_rows(&mut cols[1], row_h, rows, |ui, range| {
                        for cell in &c.diff.cells[range] {
                            let place = format!(
                                "{} {} · {}",
                                crate::engine::tables::sheet_name(cell.table),
                                cell.row,
                                cell.column,
                            );
                            let figures = format!(
                                "    {} → {}",
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
                            );
                            ui.add(egui::Label::new(place.as_str()).truncate())
                                .on_hover_text(place);
                            ui.add(egui::Label::new(RichText::new(figures).monospace()).extend());
                        }
                    });
            });
        });
}
