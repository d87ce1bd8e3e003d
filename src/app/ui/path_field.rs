//! A labelled path field with 浏览… beside it, for every dialog that asks for a file or a
//! folder. The system dialog may be unavailable (no desktop portal, no zenity: a bare
//! X session, Xvfb): then 浏览… says to type the path, and the field is always there to
//! type into.

use egui::{Color32, RichText};

/// What 浏览… asks the system for.
#[derive(Clone, Copy)]
pub enum Pick {
    /// An existing file, with a filter (name, extensions).
    Open(&'static str, &'static [&'static str]),
    /// A file to write, with a filter.
    Save(&'static str, &'static [&'static str]),
    Folder,
}

/// Shown when 浏览… cannot open the system's file dialog.
pub const NO_DIALOG: &str =
    "此电脑上没有可用的系统文件对话框：请在框中直接输入完整路径（如 /home/用户/文档/预算.db）";

/// Whether the system can show a file dialog (see
/// [`crate::engine::base::platform::system_dialog_available`]).
pub fn system_dialog_available() -> bool {
    crate::engine::base::platform::system_dialog_available()
}

/// Shows `label`, the field (labelled by it, so tests and screen readers find it) and
/// 浏览…; under them, why 浏览… could not open the system dialog, if it could not.
pub fn path_field(ui: &mut egui::Ui, label: &str, path: &mut String, pick: Pick) {
    let note_id = ui.scope_id().with(("path-field-note", label));
    ui.horizontal(|ui| {
        let l = ui.label(label);
        ui.add(egui::TextEdit::singleline(path).desired_width(360.0))
            .labelled_by(l.id);
        if ui.button("浏览…").clicked() {
            let started = std::time::Instant::now();
            let picked = if system_dialog_available() {
                match pick {
                    Pick::Open(name, ext) => {
                        rfd::FileDialog::new().add_filter(name, ext).pick_file()
                    }
                    Pick::Save(name, ext) => {
                        rfd::FileDialog::new().add_filter(name, ext).save_file()
                    }
                    Pick::Folder => rfd::FileDialog::new().pick_folder(),
                }
            } else {
                None
            };
            match picked {
                Some(p) => {
                    *path = p.display().to_string();
                    ui.data_mut(|d| d.remove::<bool>(note_id));
                }
                // Nothing came back at once: no dialog was shown (a user's cancel takes
                // longer than this).
                None if started.elapsed() < std::time::Duration::from_millis(150) => {
                    ui.data_mut(|d| d.insert_temp(note_id, true));
                }
                None => {}
            }
        }
    });
    if ui.data(|d| d.get_temp::<bool>(note_id)).unwrap_or(false) {
        ui.label(RichText::new(NO_DIALOG).color(Color32::from_rgb(160, 100, 0)));
    }
}
