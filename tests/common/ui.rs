//! Helpers for the tests that drive the editor headless with egui_kittest: a harness of a
//! given size, real keys and clicks, the navigation, and where the cursor is.
#![allow(dead_code)]

use egui::accesskit::Role;
use egui::{Event, Key, Modifiers, PointerButton, Pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::path::Path;
use yusuan::app::document::Document;
use yusuan::app::ui::{EditorApp, Persisted};
use yusuan::engine::records::place::Sheet;

pub type H = Harness<'static, EditorApp>;

pub fn harness_sized(app: EditorApp, w: f32, h: f32) -> H {
    let mut h = Harness::builder()
        .with_size([w, h])
        .with_context_setup(yusuan::app::ui::install_fonts)
        .build_ui_state(|ui, app: &mut EditorApp| app.show(ui), app);
    h.run_steps(3);
    h
}

/// An editor on a file, at 1280×800.
pub fn editor_on(path: &Path) -> H {
    let doc = Document::open(path, false).map_err(|e| e.to_string());
    harness_sized(EditorApp::new(doc, Persisted::default()), 1280.0, 800.0)
}

/// Clicks a sheet in the navigation panel (labelled `单位信息`, or `单位信息  (2)` with
/// the count of its findings).
pub fn nav(h: &mut H, sheet: &str) {
    let counted = format!("{sheet}  (");
    h.get_by(|n| {
        n.role() == Role::Button
            && n.label()
                .is_some_and(|l| l == sheet || l.starts_with(&counted))
    })
    .click();
    h.run_steps(2);
}

pub fn key(h: &mut H, k: Key) {
    h.key_press(k);
    h.run_steps(1);
}

pub fn key_with(h: &mut H, m: Modifiers, k: Key) {
    h.key_press_modifiers(m, k);
    h.run_steps(1);
}

pub fn type_text(h: &mut H, t: &str) {
    h.event(Event::Text(t.to_string()));
    h.run_steps(1);
}

/// Types a row as an Excel user does: each cell's text, Tab between them (an empty text:
/// Tab alone), Enter at the end.
pub fn type_row(h: &mut H, cells: &[&str]) {
    for (k, c) in cells.iter().enumerate() {
        if !c.is_empty() {
            type_text(h, c);
        }
        if k + 1 < cells.len() {
            key(h, Key::Tab);
        }
    }
    key(h, Key::Enter);
    h.run_steps(2);
}

pub fn cursor(h: &H, sheet: Sheet, n: u8) -> Option<(usize, usize)> {
    h.state()
        .sheets
        .grids
        .get(&(sheet, n))
        .and_then(|g| g.cursor)
}

pub fn editing(h: &H, sheet: Sheet, n: u8) -> bool {
    h.state()
        .sheets
        .grids
        .get(&(sheet, n))
        .is_some_and(|g| g.editing.is_some())
}

pub fn grid_rect(h: &H, id: &str) -> egui::Rect {
    h.get_by_role_and_label(Role::Table, id).rect()
}

pub fn press_at(h: &mut H, p: Pos2) {
    h.hover_at(p);
    for pressed in [true, false] {
        h.event(Event::PointerButton {
            pos: p,
            button: PointerButton::Primary,
            pressed,
            modifiers: Modifiers::NONE,
        });
    }
    h.run_steps(1);
}

/// One of the keys that only move around (and the editor opened and left as it was):
/// `which` below [`NAVIGATION_KEYS`]. None of them may change the budget.
pub fn navigation_key(h: &mut H, which: usize) {
    let (shift, ctrl) = (Modifiers::SHIFT, Modifiers::COMMAND);
    match which {
        0 => key(h, Key::Enter),
        1 => key(h, Key::Tab),
        2 => key_with(h, shift, Key::Tab),
        3 => key(h, Key::ArrowUp),
        4 => key(h, Key::ArrowDown),
        5 => key(h, Key::ArrowLeft),
        6 => key(h, Key::ArrowRight),
        7 => key(h, Key::Home),
        8 => key(h, Key::End),
        9 => key(h, Key::PageUp),
        10 => key(h, Key::PageDown),
        11 => key(h, Key::Escape),
        12 => {
            key(h, Key::F2);
            key(h, Key::Escape);
        }
        13 => {
            // Opened and left as it was: Enter stores nothing.
            key(h, Key::F2);
            key(h, Key::Enter);
        }
        14 => {
            // The list of a code or choice cell, opened and closed with Enter.
            key_with(h, Modifiers::ALT, Key::ArrowDown);
            key(h, Key::Enter);
        }
        15 => key_with(h, ctrl, Key::End),
        16 => key_with(h, ctrl, Key::Home),
        _ => key_with(h, shift, Key::ArrowDown),
    }
}

/// How many kinds of key [`navigation_key`] presses.
pub const NAVIGATION_KEYS: usize = 18;

/// The notice in the status bar.
pub fn notice(h: &H) -> String {
    h.state()
        .notice
        .as_ref()
        .map(|n| n.text.clone())
        .unwrap_or_default()
}
