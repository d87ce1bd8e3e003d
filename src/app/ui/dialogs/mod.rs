//! The editor's dialogs, one file each (those that ask for one path are data, in
//! `one_path.rs`), all of one shape ([`Dialog`]): opened by a
//! command, shown a frame at a time, and answering with commands that the editor runs at
//! the end of the frame. A dialog reads the document (an import's preview, an export's
//! count of 错误) but never changes it: what it asks for goes through the commands.

pub mod consolidate;
pub mod export;
pub mod help;
pub mod import;
pub mod layout;
pub mod new_budget;
pub mod one_path;
pub mod open;
pub mod restore;

use super::Command;
use super::path_field::{Pick, path_field};
use crate::app::document::Document;
use one_path::PathDialog;
use std::path::{Path, PathBuf};

/// The shape every dialog has.
pub trait Dialog {
    fn is_open(&self) -> bool;
    fn close(&mut self);
    /// Esc: closes the dialog (or what it shows on top of itself).
    fn escape(&mut self) {
        self.close();
    }
    /// Shows the dialog for a frame; what the user confirmed, as commands.
    fn show(&mut self, ctx: &egui::Context, doc: Option<&Document>) -> Vec<Command>;
}

/// Every dialog of the editor.
#[derive(Default)]
pub struct Dialogs {
    pub open: open::OpenDialog,
    pub save_as: PathDialog<one_path::SaveAs>,
    pub export: export::ExportDialog,
    pub import: import::ImportDialog,
    pub template: PathDialog<one_path::Template>,
    pub carry: PathDialog<one_path::Carry>,
    pub consolidate: consolidate::ConsolidateDialog,
    pub compare: PathDialog<one_path::Compare>,
    pub new_budget: new_budget::NewBudgetDialog,
    pub restore: restore::RestoreDialog,
    pub layout: layout::LoadSaveDialog<layout::Layouts>,
    pub standards: layout::LoadSaveDialog<layout::Standards>,
    pub help: help::HelpDialog,
}

impl Dialogs {
    pub fn all(&mut self) -> [&mut dyn Dialog; 13] {
        [
            &mut self.open,
            &mut self.save_as,
            &mut self.export,
            &mut self.import,
            &mut self.template,
            &mut self.carry,
            &mut self.consolidate,
            &mut self.compare,
            &mut self.new_budget,
            &mut self.restore,
            &mut self.layout,
            &mut self.standards,
            &mut self.help,
        ]
    }

    /// Whether a dialog is open (then the window behind takes no keys or clicks).
    pub fn any_open(&mut self) -> bool {
        self.all().iter().any(|d| d.is_open())
    }

    /// Esc on the dialog open on top.
    pub fn close_top(&mut self) {
        if let Some(d) = self.all().into_iter().rev().find(|d| d.is_open()) {
            d.escape();
        }
    }

    /// Shows the open dialogs; their commands.
    pub fn show(&mut self, ctx: &egui::Context, doc: Option<&Document>) -> Vec<Command> {
        let mut out = Vec::new();
        for d in self.all() {
            if d.is_open() {
                out.extend(d.show(ctx, doc));
            }
        }
        out
    }
}

/// Every dialog is modal: on top, and while it is open the window behind it takes no
/// clicks and no keys (Esc closes it: [`Dialogs::close_top`]).
pub trait Modal {
    fn show_modal<R>(
        self,
        ctx: &egui::Context,
        add: impl FnOnce(&mut egui::Ui) -> R,
    ) -> Option<egui::InnerResponse<Option<R>>>;
}

impl Modal for egui::Window<'_> {
    fn show_modal<R>(
        self,
        ctx: &egui::Context,
        add: impl FnOnce(&mut egui::Ui) -> R,
    ) -> Option<egui::InnerResponse<Option<R>>> {
        let shown = self.show(ctx, add);
        if let Some(r) = &shown {
            let layer = r.response.layer_id;
            ctx.move_to_top(layer);
            ctx.memory_mut(|m| m.set_modal_layer(layer));
        }
        shown
    }
}

/// What a dialog that asks for one path holds: whether it is open, and the path.
#[derive(Default)]
pub struct PathForm {
    pub open: bool,
    pub path: String,
}

impl PathForm {
    pub fn start(&mut self, path: String) {
        self.open = true;
        self.path = path;
    }

    /// Shows the window; the path when the button is pressed.
    pub fn window(
        &mut self,
        ctx: &egui::Context,
        title: &str,
        explain: &[&str],
        (label, pick): (&str, Pick),
        button: &str,
    ) -> Option<PathBuf> {
        path_window(
            ctx,
            title,
            &mut self.open,
            explain,
            label,
            &mut self.path,
            pick,
            button,
        )
    }
}

/// A path typed (or picked with 浏览…) in a dialog, once confirmed: the text trimmed,
/// when there is one.
pub(super) fn path_of(text: &str) -> Option<PathBuf> {
    let t = text.trim();
    (!t.is_empty()).then(|| PathBuf::from(t))
}

/// A window holding some lines of explanation, a path field and a button; the path when
/// the button is pressed. `open` turns false when the window is closed.
#[allow(clippy::too_many_arguments)]
pub(super) fn path_window(
    ctx: &egui::Context,
    title: &str,
    open: &mut bool,
    explain: &[&str],
    label: &str,
    path: &mut String,
    pick: Pick,
    button: &str,
) -> Option<PathBuf> {
    let mut go = None;
    egui::Window::new(title)
        .open(open)
        .collapsible(false)
        .show_modal(ctx, |ui| {
            for l in explain {
                ui.label(*l);
            }
            path_field(ui, label, path, pick);
            if ui.button(button).clicked() {
                go = path_of(path);
            }
        });
    go
}

/// A file beside the document: its folder and the name made from its file's stem.
pub(super) fn beside(doc: &Document, name: impl Fn(&str) -> String) -> String {
    let stem = doc
        .path()
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    let dir = doc
        .path()
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    dir.join(name(&stem)).display().to_string()
}
