//! The window's frame around the sheet: the menus, the status bar (totals, counts of
//! findings and remarks, the notice, 求和/计数), the navigation and the side panel of
//! 检查结果 and 批注.

use super::command::{self, UiCommand};
use super::{Command, EditorApp, remarks, sheets};
use crate::engine::checks::Severity;
use egui::{Color32, RichText};

impl EditorApp {
    pub(super) fn menu_item(&mut self, ui: &mut egui::Ui, c: UiCommand, enabled: bool) {
        let shortcut = command::shortcut_label(c);
        let button = egui::Button::new(c.label()).shortcut_text(shortcut);
        if ui.add_enabled(enabled, button).clicked() {
            self.commands.push(Command::Ui(c));
            ui.close();
        }
    }

    pub(super) fn menu_bar(&mut self, ui: &mut egui::Ui) {
        egui::Panel::top("menu").show(ui, |ui| {
            egui::MenuBar::new().ui(ui, |ui| {
                let has_doc = self.doc.is_some();
                let writable = self.doc.as_ref().is_some_and(|d| !d.is_read_only());
                ui.menu_button("文件", |ui| {
                    self.menu_item(ui, UiCommand::New, true);
                    self.menu_item(ui, UiCommand::Open, true);
                    self.menu_item(ui, UiCommand::OpenReadOnly, true);
                    self.menu_item(ui, UiCommand::SaveAs, has_doc);
                    self.menu_item(ui, UiCommand::ExportXlsx, has_doc);
                    self.menu_item(ui, UiCommand::ExportPdf, has_doc);
                    self.menu_item(ui, UiCommand::ExportDocx, has_doc);
                    self.menu_item(ui, UiCommand::ExportCharts, has_doc);
                    self.menu_item(ui, UiCommand::ExportData, has_doc);
                    ui.separator();
                    self.menu_item(ui, UiCommand::Import, writable);
                    self.menu_item(ui, UiCommand::SaveTemplate, true);
                    self.menu_item(ui, UiCommand::CarryOver, writable);
                    ui.separator();
                    self.menu_item(ui, UiCommand::LoadLayout, writable);
                    self.menu_item(ui, UiCommand::SaveLayout, has_doc);
                    self.menu_item(ui, UiCommand::LoadStandards, writable);
                    self.menu_item(ui, UiCommand::SaveStandards, has_doc);
                    ui.separator();
                    self.menu_item(ui, UiCommand::Compare, has_doc);
                    self.menu_item(ui, UiCommand::Consolidate, true);
                    self.menu_item(ui, UiCommand::RestoreBackup, writable);
                    ui.separator();
                    self.menu_item(ui, UiCommand::Save, has_doc);
                    ui.menu_button("最近打开", |ui| {
                        let recent = self.persisted.recent.clone();
                        if recent.is_empty() {
                            ui.label("（无）");
                        }
                        for p in recent {
                            if ui.button(p.display().to_string()).clicked() {
                                self.commands.push(Command::OpenPath(p, false));
                                ui.close();
                            }
                        }
                    });
                    ui.separator();
                    self.menu_item(ui, UiCommand::Quit, true);
                });
                ui.menu_button("编辑", |ui| {
                    let undo = self
                        .doc
                        .as_ref()
                        .and_then(|d| d.undo_label())
                        .map(|l| format!("（{l}）"))
                        .unwrap_or_default();
                    let redo = self
                        .doc
                        .as_ref()
                        .and_then(|d| d.redo_label())
                        .map(|l| format!("（{l}）"))
                        .unwrap_or_default();
                    let can_undo = writable && !undo.is_empty();
                    let can_redo = writable && !redo.is_empty();
                    let sc = command::shortcut_label;
                    if ui
                        .add_enabled(
                            can_undo,
                            egui::Button::new(format!("撤销{undo}"))
                                .shortcut_text(sc(UiCommand::Undo)),
                        )
                        .clicked()
                    {
                        self.commands.push(Command::Ui(UiCommand::Undo));
                        ui.close();
                    }
                    if ui
                        .add_enabled(
                            can_redo,
                            egui::Button::new(format!("重做{redo}"))
                                .shortcut_text(sc(UiCommand::Redo)),
                        )
                        .clicked()
                    {
                        self.commands.push(Command::Ui(UiCommand::Redo));
                        ui.close();
                    }
                    ui.separator();
                    self.menu_item(ui, UiCommand::Find, has_doc);
                    self.menu_item(ui, UiCommand::InsertRow, writable);
                    self.menu_item(ui, UiCommand::DuplicateRows, writable);
                    self.menu_item(ui, UiCommand::DeleteRows, writable);
                });
                ui.menu_button("视图", |ui| {
                    self.menu_item(ui, UiCommand::ToggleFindings, has_doc);
                    self.menu_item(ui, UiCommand::ToggleRemarks, has_doc);
                    ui.separator();
                    self.menu_item(ui, UiCommand::PrevSheet, has_doc);
                    self.menu_item(ui, UiCommand::NextSheet, has_doc);
                    ui.separator();
                    self.menu_item(ui, UiCommand::ZoomIn, true);
                    self.menu_item(ui, UiCommand::ZoomOut, true);
                    self.menu_item(ui, UiCommand::ZoomReset, true);
                });
                ui.menu_button("帮助", |ui| {
                    self.menu_item(ui, UiCommand::Guide, true);
                    self.menu_item(ui, UiCommand::About, true);
                });
            });
            self.first_run_banner(ui);
            if let Some(why) = self.doc.as_ref().and_then(|d| d.read_only_reason()) {
                egui::Frame::new()
                    .fill(Color32::from_rgb(255, 243, 205))
                    .inner_margin(6.0)
                    .show(ui, |ui| {
                        ui.set_width(ui.available_width());
                        ui.label(
                            RichText::new(format!("审阅模式（只读）：{why}。不能修改此文件。"))
                                .color(Color32::from_rgb(110, 80, 0)),
                        );
                    });
            }
        });
    }

    /// At the first start (no file opened before), on the demo: what it is, and the way
    /// to one's own budget.
    fn first_run_banner(&mut self, ui: &mut egui::Ui) {
        if !self.first_run
            || self
                .doc
                .as_ref()
                .is_none_or(|d| super::absolute(d.path()) != super::absolute(&super::demo_path()))
        {
            return;
        }
        egui::Frame::new()
            .fill(Color32::from_rgb(226, 239, 252))
            .inner_margin(6.0)
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.horizontal(|ui| {
                    ui.label("这是演示预算（重庆市渝北区信访办公室 2025 年），可随意试用。开始自己的预算：");
                    if ui.button("新建预算…").clicked() {
                        self.commands.push(Command::Ui(UiCommand::New));
                    }
                    if ui.button("打开…").clicked() {
                        self.commands.push(Command::Ui(UiCommand::Open));
                    }
                    if ui.button("使用说明").clicked() {
                        self.commands.push(Command::Ui(UiCommand::Guide));
                    }
                    if ui.small_button("×").on_hover_text("不再显示").clicked() {
                        self.first_run = false;
                    }
                });
            });
    }

    pub(super) fn status_bar(&mut self, ui: &mut egui::Ui) {
        egui::Panel::bottom("status").show(ui, |ui| {
            ui.horizontal(|ui| {
                if let Some(d) = &self.doc {
                    let dv = d.derived();
                    ui.label(format!("收入合计 {}", dv.income_total.grouped()));
                    ui.separator();
                    ui.label(format!("支出合计 {}", dv.spending_total.grouped()));
                    ui.separator();
                    let diff = dv.income_total - dv.spending_total;
                    let diff_text = RichText::new(format!("差额 {}", diff.grouped()));
                    ui.label(if diff.is_zero() {
                        diff_text
                    } else {
                        diff_text.color(Color32::from_rgb(200, 40, 40))
                    });
                    ui.separator();
                    let e = RichText::new(format!("错误 {}", dv.errors));
                    let e = if dv.errors > 0 {
                        e.color(Color32::from_rgb(200, 40, 40)).strong()
                    } else {
                        e
                    };
                    if ui
                        .add(egui::Button::new(e).frame(false))
                        .on_hover_text("打开检查结果")
                        .clicked()
                    {
                        self.show_findings = true;
                        self.side_remarks = false;
                    }
                    let w = RichText::new(format!("警告 {}", dv.warnings));
                    let w = if dv.warnings > 0 {
                        w.color(Color32::from_rgb(180, 120, 0))
                    } else {
                        w
                    };
                    if ui
                        .add(egui::Button::new(w).frame(false))
                        .on_hover_text("打开检查结果")
                        .clicked()
                    {
                        self.show_findings = true;
                        self.side_remarks = false;
                    }
                    ui.separator();
                    let open = d.budget().remarks.iter().filter(|r| !r.resolved).count();
                    if ui
                        .add(egui::Button::new(format!("批注 {open}")).frame(false))
                        .on_hover_text("打开批注（F9）")
                        .clicked()
                    {
                        self.show_remarks = true;
                        self.side_remarks = true;
                    }
                }
                if let Some(n) = &self.notice {
                    ui.separator();
                    let t = RichText::new(&n.text);
                    ui.add(
                        egui::Label::new(if n.error {
                            t.color(Color32::from_rgb(200, 40, 40))
                        } else {
                            t
                        })
                        .truncate(),
                    );
                }
                // As Excel does: 求和 and 计数 of the selected cells, at the right.
                if let Some(sum) = self.sheets.selection_summary(self.sheet) {
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        ui.label(format!("计数 {}", sum.count));
                        if sum.amounts > 0 {
                            ui.separator();
                            ui.label(format!(
                                "求和 {}",
                                crate::engine::money::Money::from_fen_wide(sum.sum_fen).grouped()
                            ));
                        }
                    });
                }
            });
        });
    }

    pub(super) fn navigation(&mut self, ui: &mut egui::Ui) {
        let Some(doc) = &self.doc else { return };
        let findings = &doc.derived().findings;
        let mut go = None;
        egui::Panel::left("nav")
            .resizable(false)
            .exact_size(132.0)
            .show(ui, |ui| {
                ui.add_space(6.0);
                for s in sheets::ORDER {
                    let n = findings.iter().filter(|f| f.place.sheet == s).count();
                    let label = if n > 0 {
                        format!("{}  ({n})", s.label())
                    } else {
                        s.label().to_string()
                    };
                    if ui.selectable_label(self.sheet == s, label).clicked() {
                        go = Some(s);
                    }
                }
            });
        if let Some(s) = go {
            self.switch_sheet(s);
        }
    }

    /// 检查结果 (F8) and 批注 (F9) share one panel at the right, as tabs when both are
    /// open. It is never wider than leaves the sheet 540 points, so that a grid's frozen
    /// columns and its amounts stay in view.
    pub(super) fn side_panel(&mut self, ui: &mut egui::Ui) {
        let Some(doc) = &self.doc else { return };
        let max = (ui.available_width() - 540.0).max(240.0);
        let both = self.show_findings && self.show_remarks;
        if !both {
            self.side_remarks = self.show_remarks;
        }
        let findings_n = doc.derived().findings.len();
        let remarks_n = doc.budget().remarks.iter().filter(|r| !r.resolved).count();
        egui::Panel::right("side")
            .resizable(true)
            .default_size(360.0_f32.min(max))
            .max_size(max)
            .show(ui, |ui| {
                ui.horizontal(|ui| {
                    if both {
                        if ui
                            .selectable_label(
                                !self.side_remarks,
                                format!("检查结果（{findings_n}）"),
                            )
                            .clicked()
                        {
                            self.side_remarks = false;
                        }
                        if ui
                            .selectable_label(self.side_remarks, format!("批注（{remarks_n}）"))
                            .clicked()
                        {
                            self.side_remarks = true;
                        }
                    } else {
                        ui.heading(if self.side_remarks {
                            "批注"
                        } else {
                            "检查结果"
                        });
                    }
                    if ui.button("关闭").clicked() {
                        if self.side_remarks {
                            self.show_remarks = false;
                        } else {
                            self.show_findings = false;
                        }
                    }
                });
                ui.separator();
                if self.side_remarks {
                    self.remarks_content(ui);
                } else {
                    self.findings_content(ui);
                }
            });
    }

    pub(super) fn remarks_content(&mut self, ui: &mut egui::Ui) {
        let Some(doc) = &self.doc else { return };
        let place = self.sheets.current_place(self.sheet, doc);
        let mut out = Vec::new();
        remarks::panel(
            ui,
            doc,
            &place,
            &mut self.persisted.author,
            &mut self.remarks,
            &mut out,
        );
        self.commands.extend(out);
    }

    pub(super) fn findings_content(&mut self, ui: &mut egui::Ui) {
        let Some(doc) = &self.doc else { return };
        let findings = doc.derived().findings.clone();
        if findings.is_empty() {
            ui.label("没有发现问题。");
        }
        egui::ScrollArea::vertical().show(ui, |ui| {
            for f in findings {
                let color = match f.severity {
                    Severity::Error => Color32::from_rgb(200, 40, 40),
                    Severity::Warning => Color32::from_rgb(180, 120, 0),
                };
                ui.horizontal_wrapped(|ui| {
                    ui.label(RichText::new(f.severity.label()).color(color).strong());
                    if ui
                        .link(f.place.to_string())
                        .on_hover_text("转到此处")
                        .clicked()
                    {
                        self.commands.push(Command::GoTo(f.clone()));
                    }
                });
                ui.label(&f.message);
                ui.separator();
            }
        });
    }
}
