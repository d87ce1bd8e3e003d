//! What the mouse and the keyboard do to the grid: scrolling, pressing and dragging,
//! typing over a cell, the navigation keys, and the verbs that make changes (copy, clear,
//! fill, paste), which the grid turns into actions and never applies itself.

use super::super::block::{block_changes, clear_changes, copy_text, fill_changes};
use super::super::editor::{CellEditor, EditMode};
use super::super::state::{Drag, GridState, Move, Step};
use super::super::{Cell, CellChange, GridAction, Sel, SetHow};
use super::{Geometry, GridView, READ_ONLY, ROW_H};
use egui::{Event, Key, Vec2, pos2};

impl GridView<'_> {
    pub(super) fn wheel(
        &self,
        ui: &egui::Ui,
        st: &mut GridState,
        resp: &egui::Response,
        lay: &Geometry,
    ) {
        if !resp.contains_pointer() {
            return;
        }
        let delta = ui.input(|i| i.smooth_scroll_delta);
        let mut used = Vec2::ZERO;
        if delta.y != 0.0 && lay.max_offset.y > 0.0 {
            st.offset.y = (st.offset.y - delta.y).clamp(0.0, lay.max_offset.y);
            used.y = delta.y;
        }
        if delta.x != 0.0 && lay.max_offset.x > 0.0 {
            st.offset.x = (st.offset.x - delta.x).clamp(0.0, lay.max_offset.x);
            used.x = delta.x;
        }
        if used != Vec2::ZERO {
            ui.ctx().input_mut(|i| i.smooth_scroll_delta -= used);
        }
    }

    pub(super) fn pointer(
        &self,
        ui: &egui::Ui,
        st: &mut GridState,
        resp: &egui::Response,
        lay: &Geometry,
        rows: usize,
    ) {
        let (pressed, down, double, pos, shift) = ui.input(|i| {
            (
                i.pointer.primary_pressed(),
                i.pointer.primary_down(),
                i.pointer
                    .button_double_clicked(egui::PointerButton::Primary),
                i.pointer.interact_pos(),
                i.modifiers.shift,
            )
        });
        let Some(pos) = pos else { return };
        let over_editor = st.editing.as_ref().is_some_and(|e| {
            lay.x.get(e.col).is_some_and(|x| {
                lay.col_rect(e.col, lay.row_y(e.row, st.offset.y))
                    .contains(pos)
                    && *x > f32::MIN
            })
        });
        if pressed
            && resp.hovered()
            && lay.body.contains(pos)
            && !over_editor
            && let Some((r, c)) = self.cell_at(lay, st.offset.y, pos, rows)
        {
            st.press(r, c, shift, self.columns.len());
            st.drag = Drag::Select { rows: c.is_none() };
            resp.request_focus();
        }
        if double
            && resp.hovered()
            && lay.body.contains(pos)
            && !over_editor
            && let Some((r, Some(c))) = self.cell_at(lay, st.offset.y, pos, rows)
        {
            self.begin_edit(ui, st, (r, c), None, EditMode::Edit);
        }
        match st.drag {
            Drag::Select { rows: whole } if down => {
                // Past the edge, the grid scrolls on.
                if pos.y > lay.body.bottom() {
                    st.offset.y += ROW_H;
                } else if pos.y < lay.body.top() {
                    st.offset.y -= ROW_H;
                }
                let p = pos2(
                    pos.x.clamp(lay.body.left() + 1.0, lay.body.right() - 1.0),
                    pos.y.clamp(lay.body.top(), lay.body.bottom() - 1.0),
                );
                if let Some((r, c)) = self.cell_at(lay, st.offset.y, p, rows) {
                    let c = if whole {
                        self.columns.len() - 1
                    } else {
                        c.unwrap_or(0)
                    };
                    let moved = st.sel.map(|(_, b)| b) != Some((r, c)) && st.cursor != Some((r, c));
                    if moved || st.sel.is_some() {
                        st.drag_to(r, c, self.columns.len());
                        st.reveal = None;
                    }
                }
                ui.ctx().request_repaint();
            }
            Drag::Select { .. } => st.drag = Drag::None,
            _ => {}
        }
    }

    pub(super) fn begin_edit(
        &self,
        ui: &egui::Ui,
        st: &mut GridState,
        (r, c): Cell,
        typed: Option<String>,
        mode: EditMode,
    ) -> bool {
        let new_row = self.new_row && r == self.data.rows();
        if self.read_only || !self.columns[c].kind.editable() || (r >= self.data.rows() && !new_row)
        {
            return false;
        }
        let original = if new_row {
            st.draft_text(c).unwrap_or_default().to_string()
        } else {
            self.data.edit_text(r, c)
        };
        st.sessions += 1;
        let id = egui::Id::unique(("yusuan-cell-editor", self.id, st.sessions));
        // A fresh session: no text undo history from another cell.
        ui.ctx()
            .data_mut(|d| d.remove::<egui::text_edit::TextEditState>(id));
        let text = typed.unwrap_or_else(|| original.clone());
        let mut ed = CellEditor::new(r, c, original, text, mode, id);
        if r < self.data.rows() {
            ed.choices = self.data.choices(r, c);
        }
        st.editing = Some(ed);
        st.cursor = Some((r, c));
        st.sel = None;
        st.reveal = Some((r, c));
        true
    }

    pub(super) fn keyboard(
        &self,
        ui: &egui::Ui,
        st: &mut GridState,
        rows: usize,
        actions: &mut Vec<GridAction>,
    ) {
        let events = ui.input(|i| i.events.clone());
        let ncols = self.columns.len();
        for e in events {
            // Keys typed after the editor opened in this same frame belong to it.
            if let Some(ed) = st.editing.as_mut() {
                match e {
                    Event::Text(t) => ed.text.push_str(&t),
                    Event::Key {
                        key: Key::Escape,
                        pressed: true,
                        ..
                    } => st.editing = None,
                    Event::Key {
                        key: k @ (Key::Enter | Key::Tab),
                        pressed: true,
                        modifiers,
                        ..
                    } => {
                        let then = match k {
                            Key::Enter => Step::Enter {
                                up: modifiers.shift,
                            },
                            _ => Step::Tab {
                                back: modifiers.shift,
                            },
                        };
                        let ed = st.editing.as_mut().expect("open");
                        if ed.changed() {
                            ed.pending = Some(then);
                            actions.push(GridAction::Set {
                                changes: vec![CellChange {
                                    row: ed.row,
                                    col: ed.col,
                                    text: ed.text.clone(),
                                }],
                                how: SetHow::Entry,
                            });
                        } else {
                            st.editing = None;
                            st.step(then, rows, ncols);
                        }
                        return;
                    }
                    _ => {}
                }
                continue;
            }
            match e {
                Event::Copy => self.copy(ui, st, actions),
                Event::Cut => {
                    self.copy(ui, st, actions);
                    self.clear(st, actions);
                }
                Event::Paste(text) => {
                    if self.read_only {
                        actions.push(GridAction::Refused(READ_ONLY.into()));
                    } else {
                        actions.push(GridAction::Paste(text));
                    }
                }
                Event::Text(t) => {
                    let Some(cur) = st.cursor else { continue };
                    if self.read_only {
                        actions.push(GridAction::Refused(READ_ONLY.into()));
                        return;
                    }
                    if !self.columns[cur.1].kind.editable() {
                        actions.push(GridAction::Refused(format!(
                            "“{}”列是计算或固定的内容，不能输入",
                            self.columns[cur.1].title
                        )));
                        continue;
                    }
                    self.begin_edit(ui, st, cur, Some(t), EditMode::Enter);
                }
                Event::Key {
                    key,
                    pressed: true,
                    modifiers,
                    ..
                } => self.key(ui, st, key, modifiers, rows, actions),
                _ => {}
            }
        }
    }

    pub(super) fn key(
        &self,
        ui: &egui::Ui,
        st: &mut GridState,
        key: Key,
        m: egui::Modifiers,
        rows: usize,
        actions: &mut Vec<GridAction>,
    ) {
        let ncols = self.columns.len();
        let Some(cur) = st.cursor else { return };
        let mv = |st: &mut GridState, mv: Move, extend: bool| {
            st.go(mv, extend, rows, ncols);
        };
        match key {
            Key::ArrowUp | Key::ArrowDown | Key::ArrowLeft | Key::ArrowRight => {
                let dir = match (key, m.command) {
                    (Key::ArrowUp, false) => Move::Up,
                    (Key::ArrowDown, false) => Move::Down,
                    (Key::ArrowLeft, false) => Move::Left,
                    (Key::ArrowRight, false) => Move::Right,
                    (Key::ArrowUp, true) => Move::Top,
                    (Key::ArrowDown, true) => Move::Bottom,
                    (Key::ArrowLeft, true) => Move::RowStart,
                    _ => Move::RowEnd,
                };
                if m.alt && key == Key::ArrowDown {
                    // Alt+↓ opens the list of a code or choice cell.
                    if self.begin_edit(ui, st, cur, None, EditMode::Edit)
                        && let Some(ed) = st.editing.as_mut()
                    {
                        ed.list_asked = true;
                    }
                    return;
                }
                if m.shift {
                    st.tab_start = None;
                    mv(st, dir, true);
                } else {
                    st.step(Step::Go(dir), rows, ncols);
                }
            }
            Key::Tab => st.step(Step::Tab { back: m.shift }, rows, ncols),
            Key::Enter => st.step(Step::Enter { up: m.shift }, rows, ncols),
            Key::Home => mv(
                st,
                if m.command {
                    Move::First
                } else {
                    Move::RowStart
                },
                m.shift,
            ),
            // Ctrl+End: the last cell with data (not the new row below it).
            Key::End if m.command => {
                let data_rows = self.data.rows().max(1);
                st.go(Move::Last, m.shift, data_rows, ncols);
            }
            Key::End => mv(st, Move::RowEnd, m.shift),
            Key::PageUp => mv(st, Move::PageUp, m.shift),
            Key::PageDown => mv(st, Move::PageDown, m.shift),
            Key::F2 => {
                if self.read_only {
                    actions.push(GridAction::Refused(READ_ONLY.into()));
                } else if !self.begin_edit(ui, st, cur, None, EditMode::Edit)
                    && !self.columns[cur.1].kind.editable()
                {
                    actions.push(GridAction::Refused(format!(
                        "“{}”列是计算或固定的内容，不能修改",
                        self.columns[cur.1].title
                    )));
                }
            }
            Key::Delete => self.clear(st, actions),
            Key::Backspace if !m.any() => {
                if self.read_only {
                    actions.push(GridAction::Refused(READ_ONLY.into()));
                } else {
                    self.begin_edit(ui, st, cur, Some(String::new()), EditMode::Enter);
                }
            }
            Key::Escape => {
                st.sel = None;
                st.whole_rows = false;
                // The new row's cells not stored yet are given up.
                if cur.0 >= self.data.rows() && !st.draft.is_empty() {
                    st.draft.clear();
                    actions.push(GridAction::Info("已放弃新行中未保存的内容".into()));
                }
            }
            Key::A if m.command => st.select_all(rows, ncols),
            _ => {}
        }
    }

    pub(super) fn copy(&self, ui: &egui::Ui, st: &GridState, actions: &mut Vec<GridAction>) {
        let Some(mut sel) = st.selection() else {
            return;
        };
        if self.data.rows() == 0 || sel.r0 >= self.data.rows() {
            return;
        }
        sel.r1 = sel.r1.min(self.data.rows() - 1);
        ui.ctx().copy_text(copy_text(self.data, sel));
        actions.push(GridAction::Copied {
            rows: sel.r1 - sel.r0 + 1,
            cells: sel.cells(),
        });
    }

    pub(super) fn clear(&self, st: &GridState, actions: &mut Vec<GridAction>) {
        if self.read_only {
            actions.push(GridAction::Refused(READ_ONLY.into()));
            return;
        }
        let Some(sel) = st.selection() else { return };
        let changes = clear_changes(sel, self.columns);
        if changes.is_empty() {
            actions.push(GridAction::Refused(
                "所选的是计算或固定的内容，不能清除".into(),
            ));
        } else {
            actions.push(GridAction::Set {
                changes,
                how: SetHow::Clear,
            });
        }
    }

    /// Fill down or right (Ctrl+D, Ctrl+R) from the selection, as the sheet asks.
    pub fn fill(&self, st: &GridState, down: bool) -> Option<GridAction> {
        let sel = st.selection()?;
        let changes = fill_changes(sel, down, self.columns, self.data);
        if changes.is_empty() {
            return Some(GridAction::Refused(if down {
                "没有可向下填充的单元格：请选中要填充的区域（首行为来源），或在来源下一行按 Ctrl+D"
                    .into()
            } else {
                "没有可向右填充的单元格：请选中要填充的区域（首列为来源）".into()
            }));
        }
        Some(GridAction::Set {
            changes,
            how: if down {
                SetHow::FillDown
            } else {
                SetHow::FillRight
            },
        })
    }

    /// The cells a pasted block sets, from the selection's top-left cell.
    pub fn paste(&self, st: &GridState, text: &str) -> GridAction {
        let sel = st.selection().unwrap_or(Sel::of((0, 0), (0, 0)));
        match block_changes(text, sel, self.columns, self.data) {
            Ok(changes) => GridAction::Set {
                changes,
                how: SetHow::Paste,
            },
            Err(e) => GridAction::Refused(format!("未粘贴：{e}")),
        }
    }
}
