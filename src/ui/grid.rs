//! A spreadsheet-like grid: only visible rows are laid out; a cursor cell moved with the
//! arrows, Tab and Enter; typing or a click (on the cursor cell) edits; code cells offer a
//! picker; several rows can be selected (Ctrl/Shift+click); Ctrl+C / Ctrl+V come as copy
//! and paste actions. The grid knows nothing of the budget: a sheet gives it columns and
//! cell texts and turns its actions into edits.

use crate::catalog::{Catalog, CatalogKind};
use egui::{Align, Color32, Key, Layout, RichText, Sense};
use egui_extras::{Column, TableBuilder};
use std::collections::BTreeSet;

/// What a column holds, which decides how it is shown and edited.
#[derive(Clone, Debug, PartialEq)]
pub enum ColKind {
    Text,
    /// Money: right-aligned, `3,129,066.95`; edited as typed.
    Money,
    /// A code with a picker over a catalog (leaf codes only).
    Code(CatalogKind),
    /// One of a fixed list (picked from a menu, or typed).
    Choice(Vec<String>),
    /// Shown, not editable.
    Fixed,
    /// A derived amount: shown right-aligned, not editable.
    FixedMoney,
}

impl ColKind {
    fn editable(&self) -> bool {
        !matches!(self, ColKind::Fixed | ColKind::FixedMoney)
    }
}

#[derive(Clone, Debug)]
pub struct ColumnSpec {
    pub title: &'static str,
    pub width: f32,
    pub kind: ColKind,
}

impl ColumnSpec {
    pub fn new(title: &'static str, width: f32, kind: ColKind) -> Self {
        ColumnSpec { title, width, kind }
    }
}

/// A cell being edited.
#[derive(Clone, Debug)]
pub struct CellEditor {
    pub row: usize,
    pub col: usize,
    pub text: String,
    /// The highlighted entry of the code picker.
    pub pick: usize,
    focus_requested: bool,
}

/// What the user asked of the grid this frame.
#[derive(Clone, Debug, PartialEq)]
pub enum GridAction {
    Commit {
        row: usize,
        col: usize,
        text: String,
    },
    Copy(Vec<usize>),
    Paste(String),
    SortBy(usize),
}

/// The grid's own state, kept by the sheet between frames.
#[derive(Clone, Debug, Default)]
pub struct GridState {
    pub cursor: Option<(usize, usize)>,
    pub selected: BTreeSet<usize>,
    anchor: Option<usize>,
    pub editing: Option<CellEditor>,
    /// A refused entry: row, column and the message; the editor stays open on it.
    pub error: Option<(usize, usize, String)>,
    pub scroll_to: Option<usize>,
    /// The grid takes the keyboard (it was clicked last).
    pub active: bool,
}

impl GridState {
    pub fn select_only(&mut self, row: usize, col: usize) {
        self.cursor = Some((row, col));
        self.selected = BTreeSet::from([row]);
        self.anchor = Some(row);
        self.scroll_to = Some(row);
        self.active = true;
    }

    /// Starts editing a cell with the given text.
    pub fn begin_edit(&mut self, row: usize, col: usize, text: String) {
        self.cursor = Some((row, col));
        self.editing = Some(CellEditor {
            row,
            col,
            text,
            pick: 0,
            focus_requested: false,
        });
    }

    /// The rows selected, or the cursor's row.
    pub fn selection(&self) -> Vec<usize> {
        if self.selected.is_empty() {
            self.cursor.map(|(r, _)| vec![r]).unwrap_or_default()
        } else {
            self.selected.iter().copied().collect()
        }
    }

    /// Called by the sheet after a commit: keep the editor open on a refusal, otherwise
    /// close it and move the cursor as the key that committed asked.
    pub fn commit_result(&mut self, row: usize, col: usize, result: Result<(), String>) {
        match result {
            Ok(()) => {
                self.error = None;
                if self
                    .editing
                    .as_ref()
                    .is_some_and(|e| e.row == row && e.col == col)
                {
                    self.editing = None;
                }
            }
            Err(msg) => self.error = Some((row, col, msg)),
        }
    }
}

pub struct GridView<'a> {
    pub id: &'a str,
    pub columns: &'a [ColumnSpec],
    pub rows: usize,
    pub read_only: bool,
    pub catalog: &'a Catalog,
    /// Text of a cell as shown (money already formatted).
    pub cell: &'a dyn Fn(usize, usize) -> String,
    /// Text of a cell for editing (money plain).
    pub edit_text: &'a dyn Fn(usize, usize) -> String,
    /// The column being sorted and whether descending, for the header mark.
    pub sort: Option<(usize, bool)>,
    /// Rows to mark as carrying a finding.
    pub marked: &'a dyn Fn(usize) -> bool,
}

const ROW_H: f32 = 22.0;

impl GridView<'_> {
    pub fn show(&self, ui: &mut egui::Ui, st: &mut GridState) -> Vec<GridAction> {
        let mut actions = Vec::new();
        if self.rows == 0 {
            st.cursor = None;
            st.selected.clear();
        } else if let Some((r, c)) = st.cursor {
            st.cursor = Some((r.min(self.rows - 1), c.min(self.columns.len() - 1)));
        }
        st.selected.retain(|r| *r < self.rows);
        if st.editing.as_ref().is_some_and(|e| e.row >= self.rows) {
            st.editing = None;
        }
        if st.active && !self.read_only {
            self.keyboard(ui, st, &mut actions);
        } else if st.active {
            self.navigate_only(ui, st, &mut actions);
        }

        // Wide grids scroll sideways; the vertical scrolling stays the table's own, so only
        // visible rows are laid out.
        let mut actions_inner = Vec::new();
        egui::ScrollArea::horizontal()
            .id_salt((self.id, "h"))
            .auto_shrink([false, false])
            .show(ui, |ui| {
                self.table(ui, st, &mut actions_inner);
            });
        actions.extend(actions_inner);
        actions
    }

    fn table(&self, ui: &mut egui::Ui, st: &mut GridState, actions: &mut Vec<GridAction>) {
        let mut table = TableBuilder::new(ui)
            .id_salt(self.id)
            .striped(true)
            .resizable(true)
            .cell_layout(Layout::left_to_right(Align::Center))
            .auto_shrink([false, false])
            .min_scrolled_height(0.0)
            .column(Column::exact(44.0));
        for c in self.columns {
            table = table.column(Column::initial(c.width).at_least(40.0).clip(true));
        }
        if let Some(r) = st.scroll_to.take() {
            table = table.scroll_to_row(r, Some(Align::Center));
        }
        table
            .header(ROW_H + 2.0, |mut h| {
                h.col(|ui| {
                    ui.label(RichText::new("#").strong());
                });
                for (i, c) in self.columns.iter().enumerate() {
                    h.col(|ui| {
                        let mark = match self.sort {
                            Some((s, false)) if s == i => " ▲",
                            Some((s, true)) if s == i => " ▼",
                            _ => "",
                        };
                        let r = ui.add(
                            egui::Label::new(RichText::new(format!("{}{mark}", c.title)).strong())
                                .sense(Sense::click()),
                        );
                        if r.on_hover_text("点击排序").clicked() {
                            actions.push(GridAction::SortBy(i));
                        }
                    });
                }
            })
            .body(|body| {
                body.rows(ROW_H, self.rows, |mut row| {
                    let r = row.index();
                    row.set_selected(st.selected.contains(&r));
                    row.col(|ui| {
                        let text = RichText::new(format!("{}", r + 1)).weak();
                        let text = if (self.marked)(r) {
                            text.color(Color32::from_rgb(200, 60, 40))
                        } else {
                            text
                        };
                        let resp = ui.add(egui::Label::new(text).sense(Sense::click()));
                        if resp.clicked() {
                            let mods = ui.input(|i| i.modifiers);
                            self.click_row(st, r, 0, mods);
                        }
                    });
                    for c in 0..self.columns.len() {
                        row.col(|ui| self.cell_ui(ui, st, r, c, actions));
                    }
                });
            });
    }

    fn click_row(&self, st: &mut GridState, r: usize, c: usize, mods: egui::Modifiers) {
        st.active = true;
        if mods.shift {
            let a = st.anchor.unwrap_or(r);
            st.selected = (a.min(r)..=a.max(r)).collect();
        } else if mods.command {
            if !st.selected.insert(r) {
                st.selected.remove(&r);
            }
            st.anchor = Some(r);
        } else {
            st.selected = BTreeSet::from([r]);
            st.anchor = Some(r);
        }
        st.cursor = Some((r, c));
    }

    fn cell_ui(
        &self,
        ui: &mut egui::Ui,
        st: &mut GridState,
        r: usize,
        c: usize,
        actions: &mut Vec<GridAction>,
    ) {
        let spec = &self.columns[c];
        let editing_here = st
            .editing
            .as_ref()
            .is_some_and(|e| e.row == r && e.col == c);
        if editing_here && !self.read_only {
            self.editor_ui(ui, st, actions);
            return;
        }
        let text = (self.cell)(r, c);
        let is_cursor = st.cursor == Some((r, c)) && st.active;
        let rect = ui.available_rect_before_wrap();
        if is_cursor {
            ui.painter().rect_stroke(
                rect.shrink(1.0),
                2.0,
                (2.0, ui.visuals().selection.stroke.color),
                egui::StrokeKind::Inside,
            );
        }
        let label = match spec.kind {
            ColKind::Money => {
                ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                    ui.add(egui::Label::new(RichText::new(&text).monospace()).sense(Sense::click()))
                })
                .inner
            }
            _ => ui.add(egui::Label::new(&text).truncate().sense(Sense::click())),
        };
        let resp = label.interact(Sense::click()).union(ui.interact(
            rect,
            ui.make_persistent_id((self.id, "cell", r, c)),
            Sense::click(),
        ));
        if resp.clicked() {
            let mods = ui.input(|i| i.modifiers);
            let was_cursor = st.cursor == Some((r, c));
            self.click_row(st, r, c, mods);
            if was_cursor && !mods.any() && !self.read_only && spec.kind.editable() {
                st.begin_edit(r, c, (self.edit_text)(r, c));
            }
        }
        if resp.double_clicked() && !self.read_only && spec.kind.editable() {
            st.begin_edit(r, c, (self.edit_text)(r, c));
        }
        if let ColKind::Code(kind) = &spec.kind {
            let list = list_of(self.catalog, *kind);
            let code: String = text.chars().take_while(|c| c.is_ascii_digit()).collect();
            if list.contains(&code) {
                resp.on_hover_text(list.path_text(&code));
            }
        }
    }

    fn editor_ui(&self, ui: &mut egui::Ui, st: &mut GridState, actions: &mut Vec<GridAction>) {
        let Some(ed) = st.editing.as_mut() else {
            return;
        };
        let (r, c) = (ed.row, ed.col);
        let spec = &self.columns[c];
        let error = st
            .error
            .as_ref()
            .filter(|(er, ec, _)| *er == r && *ec == c)
            .map(|(_, _, m)| m.clone());
        let id = egui::Id::unique(("editor", self.id));
        let mut edit = egui::TextEdit::singleline(&mut ed.text)
            .id(id)
            .desired_width(f32::INFINITY);
        if error.is_some() {
            edit = edit.text_color(Color32::from_rgb(190, 30, 30));
        }
        let resp = ui.add(edit);
        if !ed.focus_requested {
            resp.request_focus();
            ed.focus_requested = true;
        }
        if let Some(msg) = &error {
            ui.painter().rect_stroke(
                resp.rect,
                2.0,
                (2.0, Color32::from_rgb(210, 40, 40)),
                egui::StrokeKind::Outside,
            );
            egui::Area::new(id.with("err"))
                .order(egui::Order::Tooltip)
                .fixed_pos(resp.rect.right_top() + egui::vec2(4.0, 0.0))
                .show(ui.ctx(), |ui| {
                    egui::Frame::popup(ui.style()).show(ui, |ui| {
                        ui.colored_label(Color32::from_rgb(190, 30, 30), format!("未保存：{msg}"));
                    });
                });
        }
        // The picker of code cells, and the menu of choice cells.
        let mut picked: Option<String> = None;
        match &spec.kind {
            ColKind::Code(kind) => {
                let list = list_of(self.catalog, *kind);
                let q = ed.text.trim().to_string();
                let found = list.search(&q, true, 12);
                if ui.input(|i| i.key_pressed(Key::ArrowDown)) {
                    ed.pick = (ed.pick + 1).min(found.len().saturating_sub(1));
                }
                if ui.input(|i| i.key_pressed(Key::ArrowUp)) {
                    ed.pick = ed.pick.saturating_sub(1);
                }
                let exact = found.len() == 1 && found[0] == q;
                if !found.is_empty() && !exact {
                    egui::Area::new(id.with("picker"))
                        .order(egui::Order::Foreground)
                        .fixed_pos(resp.rect.left_bottom())
                        .show(ui.ctx(), |ui| {
                            egui::Frame::popup(ui.style()).show(ui, |ui| {
                                ui.set_min_width(420.0);
                                for (k, code) in found.iter().enumerate() {
                                    let path = list.path_text(code);
                                    let name = list.name(code).unwrap_or("");
                                    let r = ui.selectable_label(
                                        k == ed.pick,
                                        RichText::new(format!("{code}  {name}")).strong(),
                                    );
                                    let r = r.on_hover_text(&path);
                                    ui.label(RichText::new(path).small().weak());
                                    if r.clicked() {
                                        picked = Some(code.to_string());
                                    }
                                }
                            });
                        });
                    if ui.input(|i| i.key_pressed(Key::Enter))
                        && q != found.get(ed.pick).copied().unwrap_or("")
                    {
                        picked = found.get(ed.pick).map(|s| s.to_string());
                    }
                }
            }
            ColKind::Choice(options) => {
                egui::Area::new(id.with("choices"))
                    .order(egui::Order::Foreground)
                    .fixed_pos(resp.rect.left_bottom())
                    .show(ui.ctx(), |ui| {
                        egui::Frame::popup(ui.style()).show(ui, |ui| {
                            for o in options {
                                if ui.selectable_label(*o == ed.text, o).clicked() {
                                    picked = Some(o.clone());
                                }
                            }
                        });
                    });
            }
            _ => {}
        }
        if let Some(code) = picked {
            ed.text = code.clone();
            actions.push(GridAction::Commit {
                row: r,
                col: c,
                text: code,
            });
            return;
        }
        let (enter, tab, esc) = ui.input(|i| {
            (
                i.key_pressed(Key::Enter),
                i.key_pressed(Key::Tab),
                i.key_pressed(Key::Escape),
            )
        });
        if esc {
            st.editing = None;
            st.error = None;
            return;
        }
        if enter
            || tab
            || resp.lost_focus()
                && !ui.input(|i| {
                    i.pointer.any_pressed()
                        && i.pointer.hover_pos().is_some_and(|p| resp.rect.contains(p))
                })
        {
            actions.push(GridAction::Commit {
                row: r,
                col: c,
                text: ed.text.clone(),
            });
            if enter || tab {
                // Move after the commit (the sheet reports a refusal, which reopens).
                let next = if tab {
                    (r, (c + 1).min(self.columns.len() - 1))
                } else {
                    ((r + 1).min(self.rows - 1), c)
                };
                st.cursor = Some(next);
            }
        }
    }

    fn navigate_only(&self, ui: &mut egui::Ui, st: &mut GridState, actions: &mut Vec<GridAction>) {
        if ui.ctx().egui_wants_keyboard_input() {
            return;
        }
        self.arrows(ui, st);
        let copy = ui.input(|i| i.events.iter().any(|e| matches!(e, egui::Event::Copy)));
        if copy {
            actions.push(GridAction::Copy(st.selection()));
        }
    }

    fn arrows(&self, ui: &mut egui::Ui, st: &mut GridState) {
        let Some((r, c)) = st.cursor else { return };
        let (up, down, left, right, tab, shift, home, end, pgup, pgdn) = ui.input(|i| {
            (
                i.key_pressed(Key::ArrowUp),
                i.key_pressed(Key::ArrowDown),
                i.key_pressed(Key::ArrowLeft),
                i.key_pressed(Key::ArrowRight),
                i.key_pressed(Key::Tab),
                i.modifiers.shift,
                i.key_pressed(Key::Home),
                i.key_pressed(Key::End),
                i.key_pressed(Key::PageUp),
                i.key_pressed(Key::PageDown),
            )
        });
        let last_r = self.rows.saturating_sub(1);
        let last_c = self.columns.len() - 1;
        let next = if up {
            (r.saturating_sub(1), c)
        } else if down {
            ((r + 1).min(last_r), c)
        } else if left || (tab && shift) {
            (r, c.saturating_sub(1))
        } else if right || tab {
            (r, (c + 1).min(last_c))
        } else if home {
            (r, 0)
        } else if end {
            (r, last_c)
        } else if pgup {
            (r.saturating_sub(20), c)
        } else if pgdn {
            ((r + 20).min(last_r), c)
        } else {
            return;
        };
        if shift && (up || down) {
            let a = st.anchor.unwrap_or(r);
            st.selected = (a.min(next.0)..=a.max(next.0)).collect();
        } else if next.0 != r {
            st.selected = BTreeSet::from([next.0]);
            st.anchor = Some(next.0);
        }
        st.cursor = Some(next);
        st.scroll_to = Some(next.0);
    }

    fn keyboard(&self, ui: &mut egui::Ui, st: &mut GridState, actions: &mut Vec<GridAction>) {
        if st.editing.is_some() {
            return;
        }
        // Another widget (a search box, a form field) has the keyboard.
        if ui.ctx().egui_wants_keyboard_input() {
            return;
        }
        let events = ui.input(|i| i.events.clone());
        for e in &events {
            match e {
                egui::Event::Paste(text) => actions.push(GridAction::Paste(text.clone())),
                egui::Event::Copy => actions.push(GridAction::Copy(st.selection())),
                _ => {}
            }
        }
        let Some((r, c)) = st.cursor else { return };
        let editable = self.columns[c].kind.editable();
        if ui.input(|i| i.key_pressed(Key::Enter) || i.key_pressed(Key::F2)) && editable {
            st.begin_edit(r, c, (self.edit_text)(r, c));
            return;
        }
        // Typing starts editing with what was typed, as in a spreadsheet.
        let typed: String = events
            .iter()
            .filter_map(|e| match e {
                egui::Event::Text(t) => Some(t.as_str()),
                _ => None,
            })
            .collect();
        if !typed.is_empty() && editable && !ui.input(|i| i.modifiers.command) {
            st.begin_edit(r, c, typed);
            return;
        }
        if ui.input(|i| i.key_pressed(Key::Delete) && i.modifiers.is_none()) && editable {
            actions.push(GridAction::Commit {
                row: r,
                col: c,
                text: String::new(),
            });
            return;
        }
        self.arrows(ui, st);
    }
}

fn list_of(c: &Catalog, kind: CatalogKind) -> &crate::catalog::CodeList {
    match kind {
        CatalogKind::Function => &c.function,
        CatalogKind::DeptEconomic | CatalogKind::Mapping => &c.dept_economic,
        CatalogKind::GovEconomic => &c.gov_economic,
    }
}
