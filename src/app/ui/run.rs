//! Running the commands a frame collected, once, at its end: edits through the
//! document's gate, files opened and saved, exports, imports, and every [`UiCommand`].

use super::command::UiCommand;
use super::dialogs::Dialog as _;
use super::{Command, EditorApp, Notice, RemarkAction, compare, sheets};
use crate::app::document::Document;
use crate::app::ops::{self, ExportKind};
use crate::app::paths::absolute;
use crate::engine::edit::Edit;
use crate::engine::records::place::Sheet;
use std::path::Path;

impl EditorApp {
    pub(super) fn dialogs(&mut self, ctx: &egui::Context) {
        let out = self.dialogs.show(ctx, self.doc.as_ref());
        self.commands.extend(out);
        if let Some(c) = &self.comparison {
            let mut open = true;
            compare::comparison_window(ctx, c, &mut open);
            if !open {
                self.comparison = None;
            }
        }
    }

    /// 另存为: whether the copy was written.
    pub(super) fn save_as(&mut self, to: &Path) -> bool {
        let Some(doc) = &self.doc else { return false };
        let to = crate::app::paths::new_budget_path(to, Some(doc.path()));
        match doc.save_copy(&to) {
            Ok(()) => {
                let was_ro = doc.is_read_only();
                self.doc = None; // release the lock of the old file first
                match Document::open(&to, was_ro) {
                    Ok(d) => {
                        self.set_document(d);
                        self.notice = Some(Notice::info(format!("已另存为 {}", to.display())));
                    }
                    Err(e) => self.notice = Some(Notice::error(e.to_string())),
                }
                true
            }
            Err(e) => {
                self.notice = Some(Notice::error(format!("另存失败：{e}")));
                false
            }
        }
    }

    /// Opens a budget file in the window. The budget open before stays open until the
    /// other one has opened; if it cannot be, it stays, and the notice says why.
    pub(super) fn open_path(&mut self, p: &Path, read_only: bool) {
        let p = absolute(p);
        if let Some(d) = &self.doc
            && absolute(d.path()) == p
            && d.is_read_only() == read_only
        {
            self.notice = Some(Notice::info(format!("此文件已经打开：{}", p.display())));
            return;
        }
        if !p.exists() {
            self.persisted.recent.retain(|r| r != &p);
            self.notice = Some(Notice::error(format!(
                "找不到文件 {}（已从“最近打开”中去掉）；当前预算仍然打开",
                p.display()
            )));
            return;
        }
        // The same file, now for editing (or for review): its lock is let go first.
        let same = self.doc.as_ref().is_some_and(|d| absolute(d.path()) == p);
        let kept = if same { self.doc.take() } else { None };
        match Document::open(&p, read_only) {
            Ok(d) => {
                drop(kept);
                self.set_document(d);
            }
            Err(e) => {
                let why = format!("无法打开 {}：{e}", p.display());
                if let Some(k) = kept {
                    self.doc = Some(k);
                }
                self.notice = Some(Notice::error(if self.doc.is_some() {
                    format!("{why}；当前预算仍然打开")
                } else {
                    why
                }));
            }
        }
    }

    /// Runs the commands queued during the frame, in order.
    pub fn run_commands(&mut self) {
        let commands = std::mem::take(&mut self.commands);
        for c in commands {
            self.run(c);
        }
    }

    pub(super) fn run(&mut self, c: Command) {
        match c {
            Command::Ui(u) => self.run_ui(u),
            Command::Apply(edit, origin) => {
                let Some(doc) = &mut self.doc else { return };
                if let Some(why) = doc.read_only_reason() {
                    self.notice = Some(Notice::error(format!("审阅模式，不能修改：{why}")));
                    if let Some(o) = origin {
                        self.sheets
                            .commit_result(o, Err("审阅模式，不能修改".into()));
                    }
                    return;
                }
                let label = edit.describe();
                match doc.apply(edit) {
                    Ok(()) => {
                        self.notice = Some(Notice::info(format!("已保存：{label}")));
                        if let Some(o) = origin {
                            self.sheets.commit_result(o, Ok(()));
                        }
                    }
                    Err(e) => {
                        self.notice = Some(Notice::error(format!("未保存：{e}")));
                        if let Some(o) = origin {
                            self.sheets.commit_result(o, Err(e.to_string()));
                        }
                    }
                }
            }
            Command::OpenPath(p, ro) => self.open_path(&p, ro),
            Command::GoTo(f) => {
                self.sheet = f.place.sheet;
                if let Some(doc) = &self.doc {
                    self.sheets.go_to(doc, &f.place);
                }
                self.notice = Some(Notice::info(f.message.clone()));
            }
            Command::GoToPlace(p) => {
                self.sheet = p.sheet;
                if let Some(doc) = &self.doc {
                    self.sheets.go_to(doc, &p);
                }
            }
            Command::Remark(action) => {
                let Some(doc) = &mut self.doc else { return };
                let r = match action {
                    RemarkAction::Add(place, author, text) => {
                        if author.trim().is_empty() {
                            self.notice = Some(Notice::error("请先填写署名，再添加批注"));
                            return;
                        }
                        doc.add_remark(&place, &author, &text)
                            .map(|_| "已添加批注".to_string())
                    }
                    RemarkAction::Resolve(id, to) => doc.set_remark_resolved(id, to).map(|_| {
                        if to {
                            "批注已标为已解决"
                        } else {
                            "批注已重新打开"
                        }
                        .into()
                    }),
                    RemarkAction::Delete(id) => doc.delete_remark(id).map(|_| "已删除批注".into()),
                };
                match r {
                    Ok(msg) => {
                        if msg == "已添加批注" {
                            self.remarks.draft.clear();
                        }
                        self.notice = Some(Notice::info(msg));
                    }
                    Err(e) => self.notice = Some(Notice::error(format!("批注未保存：{e}"))),
                }
            }
            Command::Notify(n) => self.notice = Some(n),
            Command::ShowFindings => {
                self.show_findings = true;
                self.side_remarks = false;
            }
            Command::SaveAs(p) => {
                if self.save_as(&p) {
                    self.dialogs.save_as.close();
                }
            }
            Command::Export {
                kind,
                path,
                options,
            } => {
                let Some(doc) = &self.doc else { return };
                let r = ops::export(doc.budget(), kind, &path, &options);
                if r.is_ok() {
                    self.dialogs.export.close();
                }
                self.report(r, "");
            }
            Command::Import(preview) => {
                let Some(doc) = &mut self.doc else { return };
                let r = ops::import(doc, &preview);
                if r.is_ok() {
                    self.dialogs.import.close();
                }
                self.report_undoable(r, "未导入");
            }
            Command::CarryFrom(p) => {
                let Some(doc) = &mut self.doc else { return };
                let r = ops::carry_over(doc, &p);
                if r.is_ok() {
                    self.dialogs.carry.close();
                }
                self.report_undoable(r, "未带入");
            }
            Command::LoadLayout(p) => {
                let Some(doc) = &mut self.doc else { return };
                match ops::load_layout(doc, &p) {
                    Err(f) if !f.details.is_empty() => {
                        self.notice = Some(Notice::error(format!("{}（见对话框）", f.message)));
                        self.dialogs.layout.refused(f.details);
                    }
                    r => {
                        if r.is_ok() {
                            self.dialogs.layout.close();
                        }
                        self.report_undoable(r, "未载入表样");
                    }
                }
            }
            Command::UseLayout(id) => {
                let Some(doc) = &mut self.doc else { return };
                let r = ops::use_layout(doc, &id);
                self.report_undoable(r, "未改用表样");
            }
            Command::SaveLayout(p) => {
                let Some(doc) = &self.doc else { return };
                let r = ops::save_layout(doc.budget(), &p);
                if r.is_ok() {
                    self.dialogs.layout.close();
                }
                self.report(r, "");
            }
            Command::LoadStandards(p) => {
                let Some(doc) = &mut self.doc else { return };
                match ops::load_standards(doc, &p) {
                    Err(f) if !f.details.is_empty() => {
                        self.notice = Some(Notice::error(format!("{}（见对话框）", f.message)));
                        self.dialogs.standards.refused(f.details);
                    }
                    r => {
                        if r.is_ok() {
                            self.dialogs.standards.close();
                        }
                        self.report_undoable(r, "未载入测算标准");
                    }
                }
            }
            Command::UseStandards(id) => {
                let Some(doc) = &mut self.doc else { return };
                let r = ops::use_standards(doc, &id);
                self.report_undoable(r, "未采用测算标准");
            }
            Command::SaveStandards(p) => {
                let Some(doc) = &self.doc else { return };
                let r = ops::save_standards(doc.budget(), "", &p);
                if r.is_ok() {
                    self.dialogs.standards.close();
                }
                self.report(r, "");
            }
            Command::SaveTemplate(p) => {
                let r = ops::save_template(self.doc.as_ref().map(|d| d.budget()), &p);
                if r.is_ok() {
                    self.dialogs.template.close();
                }
                self.report(r, "");
            }
            Command::Compare(p) => {
                let Some(doc) = &self.doc else { return };
                match ops::compare(&p, doc.budget()) {
                    Ok(diff) => {
                        self.notice = Some(Notice::info(format!(
                            "{}比较完成：{} 条记录、{} 个公开表数字有变化",
                            diff.warning
                                .as_ref()
                                .map(|w| format!("{w}。"))
                                .unwrap_or_default(),
                            diff.records.len(),
                            diff.cells.len()
                        )));
                        self.comparison = Some(compare::Comparison {
                            other: p.display().to_string(),
                            diff,
                        });
                        self.dialogs.compare.close();
                    }
                    Err(e) => self.notice = Some(Notice::error(format!("无法比较：{e}"))),
                }
            }
            Command::Consolidate(dir, out) => match ops::consolidate(&dir, &out, false) {
                Ok((_, report)) => {
                    self.dialogs.consolidate.close();
                    self.run(Command::OpenPath(out, false));
                    self.notice = Some(Notice::info(report.done));
                }
                Err(e) => self.notice = Some(Notice::error(e.message)),
            },
            Command::RestoreBackup => {
                if let Some(doc) = self.doc.take() {
                    let path = doc.path().to_path_buf();
                    drop(doc); // release the lock before replacing the file
                    let result = ops::restore(&path);
                    match Document::open(&path, false) {
                        Ok(d) => self.set_document(d),
                        Err(e) => self.notice = Some(Notice::error(e.to_string())),
                    }
                    self.notice = Some(match result {
                        Ok((_, r)) => Notice::info(r.done),
                        Err(e) => Notice::error(format!("未能恢复：{e}")),
                    });
                }
            }
            Command::Create(path, b, source) => match ops::new_budget(&path, &b) {
                Ok(d) => {
                    self.set_document(d);
                    self.sheet = Sheet::Department;
                    self.notice = Some(Notice::info(format!("已新建 {}", path.display())));
                    self.dialogs.new_budget.close();
                    if let Some(source) = source {
                        self.dialogs.import.start_with(&source);
                    }
                }
                Err(e) => self.dialogs.new_budget.error = Some(e.message),
            },
            Command::FindNext => {
                if let Some(doc) = &self.doc
                    && !sheets::find_next(doc, &mut self.sheets)
                {
                    self.notice = Some(Notice::info(format!("找不到“{}”", self.sheets.lines.find)));
                }
            }
        }
    }

    /// Keeps the column widths the user chose, for the next session.
    pub(super) fn sync_widths(&mut self) {
        if self.sheets.shared.widths_changed {
            self.sheets.shared.widths_changed = false;
            self.persisted.column_widths = self.sheets.shared.widths.clone();
        }
    }

    pub(super) fn run_ui(&mut self, u: UiCommand) {
        let read_only = self.doc.as_ref().is_some_and(|d| d.is_read_only());
        if u.edits() && read_only {
            self.notice = Some(Notice::error("审阅模式（只读），不能修改此文件"));
            return;
        }
        match u {
            UiCommand::New => self.dialogs.new_budget.start(),
            UiCommand::Open => self.dialogs.open.start(false),
            UiCommand::OpenReadOnly => self.dialogs.open.start(true),
            UiCommand::SaveAs => {
                if let Some(d) = &self.doc {
                    self.dialogs.save_as.start_for(d);
                }
            }
            UiCommand::ExportXlsx
            | UiCommand::ExportPdf
            | UiCommand::ExportDocx
            | UiCommand::ExportCharts
            | UiCommand::ExportData => {
                if let (Some(d), Some(kind)) = (&self.doc, ExportKind::from_command(u)) {
                    self.dialogs.export.start(kind, d);
                }
            }
            UiCommand::RestoreBackup => {
                if let Some(d) = &self.doc {
                    match crate::engine::store::backups(d.path()).into_iter().next() {
                        Some(b) => self.dialogs.restore.start(b),
                        None => {
                            self.notice = Some(Notice::info(
                                "此文件还没有备份副本（升级文件格式或导入前会自动备份）",
                            ))
                        }
                    }
                }
            }
            UiCommand::Undo | UiCommand::Redo => {
                let Some(doc) = &mut self.doc else { return };
                // Where the step changes the budget, found before it is undone or redone.
                let place = if u == UiCommand::Undo {
                    doc.undo_edit()
                } else {
                    doc.redo_edit()
                }
                .and_then(|e| sheets::places::place_of_edit(doc.budget(), e));
                let deletes = matches!(
                    if u == UiCommand::Undo {
                        doc.undo_edit()
                    } else {
                        doc.redo_edit()
                    },
                    Some(Edit::DeleteLines(_))
                );
                // A line about to go is named by the row it is in now.
                let before = place
                    .as_ref()
                    .filter(|_| deletes)
                    .and_then(|p| self.sheets.line_row_before(doc, p));
                let r = if u == UiCommand::Undo {
                    doc.undo()
                } else {
                    doc.redo()
                };
                let mut at = String::new();
                if let (Ok(Some(_)), Some(place)) = (&r, &place) {
                    // Show what changed: its sheet, its cell, marked for a moment.
                    self.sheet = place.sheet;
                    let now = self.now;
                    match before {
                        Some((text, row)) => {
                            self.sheets.flash_row(row, now + 1.5);
                            at = text;
                        }
                        None => {
                            self.sheets.go_to_and_flash(doc, place, now + 1.5);
                            at = self.sheets.place_text(doc, place);
                        }
                    }
                }
                self.notice = Some(match (u, r) {
                    (_, Ok(None)) => Notice::info(if u == UiCommand::Undo {
                        "没有可撤销的操作"
                    } else {
                        "没有可重做的操作"
                    }),
                    (UiCommand::Undo, Ok(Some(l))) => Notice::info(format!("已撤销：{l}{at}")),
                    (_, Ok(Some(l))) => Notice::info(format!("已重做：{l}{at}")),
                    (_, Err(e)) => Notice::error(e.to_string()),
                });
            }
            UiCommand::ToggleFindings => {
                self.show_findings = !self.show_findings;
                self.side_remarks = !self.show_findings && self.show_remarks;
            }
            UiCommand::ToggleRemarks => {
                self.show_remarks = !self.show_remarks;
                self.side_remarks = self.show_remarks;
            }
            UiCommand::Import => self.dialogs.import.start(),
            UiCommand::Consolidate => self.dialogs.consolidate.start(),
            UiCommand::CarryOver => self.dialogs.carry.start(String::new()),
            UiCommand::SaveTemplate => self.dialogs.template.start_from(self.doc.as_ref()),
            UiCommand::LoadLayout => self.dialogs.layout.start_load(self.doc.as_ref()),
            UiCommand::SaveLayout => {
                if let Some(d) = &self.doc {
                    self.dialogs.layout.start_save(d);
                }
            }
            UiCommand::LoadStandards => self.dialogs.standards.start_load(self.doc.as_ref()),
            UiCommand::Guide => self.dialogs.help.guide(),
            UiCommand::About => self.dialogs.help.about(),
            UiCommand::SaveStandards => {
                if let Some(d) = &self.doc {
                    self.dialogs.standards.start_save(d);
                }
            }
            UiCommand::Compare => self.dialogs.compare.start(String::new()),
            UiCommand::ZoomIn | UiCommand::ZoomOut | UiCommand::ZoomReset => {
                let z = self.persisted.zoom.unwrap_or(1.0);
                let z = match u {
                    UiCommand::ZoomIn => (z + 0.1).min(3.0),
                    UiCommand::ZoomOut => (z - 0.1).max(0.5),
                    _ => 1.0,
                };
                self.persisted.zoom = Some((z * 10.0).round() / 10.0);
            }
            UiCommand::Find
            | UiCommand::InsertRow
            | UiCommand::DuplicateRows
            | UiCommand::DeleteRows
            | UiCommand::FillDown
            | UiCommand::FillRight => {
                if self.doc.is_some() {
                    let mut out = Vec::new();
                    self.sheets.command(self.sheet, u, &mut out);
                    for c in out {
                        self.run(c);
                    }
                }
            }
            UiCommand::Reload => self.reload(true),
            UiCommand::Save => {
                if self.sheets.has_open_edit(self.sheet) {
                    self.sheets.commit_open_edits(self.sheet, false);
                }
                if let Some(d) = &self.doc {
                    self.notice = Some(Notice::info(if d.is_read_only() {
                        "审阅模式（只读）：此文件不能修改；批注已写入文件".to_string()
                    } else {
                        format!("已保存（每次修改都已自动保存）：{}", d.path().display())
                    }));
                }
            }
            UiCommand::Quit => {
                if self.sheets.has_open_edit(self.sheet) {
                    self.sheets.commit_open_edits(self.sheet, false);
                }
                self.quit_pending = true;
            }
            UiCommand::PrevSheet | UiCommand::NextSheet if self.doc.is_some() => {
                self.next_sheet(u == UiCommand::NextSheet)
            }
            UiCommand::PrevSheet | UiCommand::NextSheet => {}
        }
    }
}

impl EditorApp {
    /// An operation's outcome as a notice: what it did, or why not (`failed` before it).
    fn report(&mut self, r: ops::Result<ops::Report>, failed: &str) {
        self.notice = Some(match r {
            Ok(r) => Notice::info(r.done),
            Err(e) if failed.is_empty() => Notice::error(e.message),
            Err(e) => Notice::error(format!("{failed}：{}", e.message)),
        });
    }

    /// As [`EditorApp::report`], for a change that 撤销 undoes.
    fn report_undoable(&mut self, r: ops::Result<ops::Report>, failed: &str) {
        self.report(
            r.map(|mut r| {
                r.done.push_str("（可撤销）");
                r
            }),
            failed,
        );
    }
}
