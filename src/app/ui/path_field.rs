//! A labelled path field with 浏览… beside it, for every dialog that asks for a file or a
//! folder. The system dialog may be unavailable (no portal under Xvfb): the field is
//! always there to type into.

/// What 浏览… asks the system for.
#[derive(Clone, Copy)]
pub enum Pick {
    /// An existing file, with a filter (name, extensions).
    Open(&'static str, &'static [&'static str]),
    /// A file to write, with a filter.
    Save(&'static str, &'static [&'static str]),
    Folder,
}

/// Shows `label`, the field (labelled by it, so tests and screen readers find it) and
/// 浏览….
pub fn path_field(ui: &mut egui::Ui, label: &str, path: &mut String, pick: Pick) {
    ui.horizontal(|ui| {
        let l = ui.label(label);
        ui.add(egui::TextEdit::singleline(path).desired_width(360.0))
            .labelled_by(l.id);
        if ui.button("浏览…").clicked() {
            let picked = match pick {
                Pick::Open(name, ext) => rfd::FileDialog::new().add_filter(name, ext).pick_file(),
                Pick::Save(name, ext) => rfd::FileDialog::new().add_filter(name, ext).save_file(),
                Pick::Folder => rfd::FileDialog::new().pick_folder(),
            };
            if let Some(p) = picked {
                *path = p.display().to_string();
            }
        }
    });
}
