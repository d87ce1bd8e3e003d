//! The cell editor: a text field over the cell, with a picker beside code and choice
//! cells. Each editing session has its own text field (and so its own text undo), the
//! picker never chooses by itself, and a refusal is shown beside the cell, not over it.

use super::state::{Move, Step};
use super::{ColKind, ColumnSpec};
use crate::engine::catalog::{Catalog, CatalogKind, CodeList};
use egui::{Align2, Color32, EventFilter, Key, RichText};

/// How the editor was opened, which decides what the arrow keys do (as in Excel).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EditMode {
    /// Started by typing over the cell: the arrows store the entry and move on.
    Enter,
    /// F2 or a double click: the arrows move the caret in the text.
    Edit,
}

/// A cell being edited.
#[derive(Clone, Debug)]
pub struct CellEditor {
    pub row: usize,
    pub col: usize,
    pub text: String,
    /// What the cell held when the editor opened: leaving it so stores nothing.
    pub(super) original: String,
    pub(super) mode: EditMode,
    /// The picker's highlighted entry, and whether the user moved it: only then (or after
    /// typing) does Enter take it.
    pub(super) pick: usize,
    pub(super) pick_moved: bool,
    /// Alt+↓ asked for the picker's list before anything was typed.
    pub(super) list_asked: bool,
    /// Why the text as it stands was refused.
    pub error: Option<String>,
    /// Why Enter did not take the text yet (a code that several entries match).
    pub hint: Option<String>,
    /// The entries this cell offers, where they depend on its row (else the column's).
    pub(super) choices: Option<Vec<String>>,
    /// Where to go once the entry is stored.
    pub(super) pending: Option<Step>,
    /// The user moved elsewhere with the entry unstored: a refusal drops it.
    pub(super) leaving: bool,
    /// This session's text field.
    pub(super) id: egui::Id,
    /// The text field has been shown and given the keyboard.
    pub(super) started: bool,
    /// Give the keyboard back to the text field (after a refusal).
    pub(super) refocus: bool,
}

impl CellEditor {
    pub(super) fn new(
        row: usize,
        col: usize,
        original: String,
        text: String,
        mode: EditMode,
        id: egui::Id,
    ) -> Self {
        CellEditor {
            row,
            col,
            text,
            original,
            mode,
            pick: 0,
            pick_moved: false,
            list_asked: false,
            error: None,
            hint: None,
            choices: None,
            pending: None,
            leaving: false,
            id,
            started: false,
            refocus: false,
        }
    }

    /// The text differs from what the cell held.
    pub fn changed(&self) -> bool {
        self.text != self.original
    }
}

/// What the editor asks for at the end of its frame.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Outcome {
    None,
    /// Esc: close, storing nothing.
    Cancel,
    /// Store `text` (when it differs from what the cell held) and then move.
    Commit {
        text: String,
        then: Option<Step>,
        leaving: bool,
    },
}

/// An entry of the picker.
struct Item {
    value: String,
    label: String,
    detail: Option<String>,
}

fn list_of(c: &Catalog, kind: CatalogKind) -> &CodeList {
    match kind {
        CatalogKind::Function => &c.function,
        CatalogKind::DeptEconomic | CatalogKind::Mapping => &c.dept_economic,
        CatalogKind::GovEconomic => &c.gov_economic,
    }
}

/// The most entries the picker lists (it scrolls).
const LIMIT: usize = 200;

/// The picker's entries for the text as it stands; none when there is nothing to pick.
/// A code typed whole is listed alone, so that its name shows before it is stored.
fn items(ed: &CellEditor, kind: &ColKind, catalog: &Catalog) -> Vec<Item> {
    let typed = ed.changed();
    match kind {
        ColKind::Code(k) => {
            if !typed && !ed.list_asked {
                return Vec::new();
            }
            let list = list_of(catalog, *k);
            // Alt+↓ on a code: the codes beside it (the same 款 or 类), the code highlighted.
            let q = if typed {
                ed.text.trim().to_string()
            } else {
                parent_prefix(list, ed.original.trim())
            };
            list.search(&q, true, LIMIT)
                .into_iter()
                .map(|code| Item {
                    value: code.to_string(),
                    label: format!("{code}  {}", list.name(code).unwrap_or("")),
                    detail: Some(list.path_text(code)),
                })
                .collect()
        }
        ColKind::Choice(options) => {
            let options = ed.choices.as_ref().unwrap_or(options);
            let q = ed.text.trim();
            let mut v: Vec<&String> = if typed && !q.is_empty() {
                let ql = q.to_lowercase();
                let mut starts: Vec<&String> = options
                    .iter()
                    .filter(|o| o.to_lowercase().starts_with(&ql))
                    .collect();
                starts.extend(options.iter().filter(|o| {
                    let ol = o.to_lowercase();
                    ol.contains(&ql) && !ol.starts_with(&ql)
                }));
                starts
            } else {
                options.iter().collect()
            };
            v.dedup();
            v.into_iter()
                .map(|o| Item {
                    value: o.clone(),
                    label: if o.is_empty() {
                        "（空）".into()
                    } else {
                        o.clone()
                    },
                    detail: None,
                })
                .collect()
        }
        _ => Vec::new(),
    }
}

/// The code one level up from a leaf code (`2014001` → `20140`), to list its siblings.
fn parent_prefix(list: &CodeList, code: &str) -> String {
    let levels = list.levels();
    match levels.iter().rev().find(|l| **l < code.len()) {
        Some(l) if list.contains(code) => code[..*l].to_string(),
        _ => String::new(),
    }
}

/// What Enter or Tab takes from a typed text: the entry chosen in the list, the text when
/// it names one entry (a whole code, an exact name, the only match), or nothing with the
/// reason when several match (the cell stays open, nothing is stored).
fn taken(
    ed: &CellEditor,
    list: &[Item],
    kind: &ColKind,
    catalog: &Catalog,
) -> Result<String, String> {
    if ed.pick_moved && !list.is_empty() {
        return Ok(list[ed.pick.min(list.len() - 1)].value.clone());
    }
    let t = ed.text.trim();
    if !ed.changed() || t.is_empty() {
        return Ok(ed.text.clone());
    }
    if let Some(it) = list.iter().find(|it| it.value == t || it.label == t) {
        return Ok(it.value.clone());
    }
    match kind {
        ColKind::Code(k) => {
            let codes = list_of(catalog, *k);
            let code = crate::engine::records::code_of(t);
            if codes.contains(&code) && codes.is_leaf_code(&code) {
                return Ok(code);
            }
            let found = codes.search(t, true, usize::MAX);
            match found.len() {
                0 => Ok(ed.text.clone()),
                1 => Ok(found[0].to_string()),
                n => Err(format!("{t} 有 {n} 个科目，用 ↓ 选择（或继续输入）")),
            }
        }
        ColKind::Choice(_) => {
            let tl = t.to_lowercase();
            if let Some(it) = list.iter().find(|it| it.value.to_lowercase() == tl) {
                return Ok(it.value.clone());
            }
            // The one entry that begins with the text (`一般公共预算` is 一般公共预算财政拨款,
            // not 上年结转（一般公共预算）).
            let starting: Vec<&Item> = list
                .iter()
                .filter(|it| it.value.to_lowercase().starts_with(&tl))
                .collect();
            if let [one] = starting.as_slice() {
                return Ok(one.value.clone());
            }
            match list.len() {
                0 => Ok(ed.text.clone()),
                1 => Ok(list[0].value.clone()),
                n => Err(format!("“{t}”有 {n} 项可选，用 ↓ 选择（或继续输入）")),
            }
        }
        _ => Ok(ed.text.clone()),
    }
}

/// Shows the editor over `cell` and handles its keys. `screen` is where popups may go.
pub(super) fn show(
    ui: &mut egui::Ui,
    ed: &mut CellEditor,
    cell: egui::Rect,
    spec: &ColumnSpec,
    catalog: &Catalog,
) -> Outcome {
    let screen = ui.ctx().content_rect();
    let list = items(ed, &spec.kind, catalog);
    if ed.pick >= list.len() {
        ed.pick = 0;
    }
    // Nothing chosen yet: the highlight rests on the cell's own value, if the list holds
    // it, or on the only entry there is; else nothing is highlighted.
    let resting = if ed.pick_moved {
        None
    } else if !ed.changed() {
        list.iter().position(|it| it.value == ed.original)
    } else {
        (list.len() == 1).then_some(0)
    };
    if let Some(i) = resting {
        ed.pick = i;
    }
    let has_focus = ui.memory(|m| m.has_focus(ed.id));
    // Keys are read before the text field takes its share of them.
    let keys = if ed.started && has_focus {
        ui.input(|i| Keys {
            enter: i.key_pressed(Key::Enter),
            tab: i.key_pressed(Key::Tab),
            esc: i.key_pressed(Key::Escape),
            up: i.key_pressed(Key::ArrowUp),
            down: i.key_pressed(Key::ArrowDown),
            left: i.key_pressed(Key::ArrowLeft),
            right: i.key_pressed(Key::ArrowRight),
            f2: i.key_pressed(Key::F2),
            shift: i.modifiers.shift,
            alt: i.modifiers.alt,
        })
    } else {
        Keys::default()
    };
    let before = ed.text.clone();
    let mut edit = egui::TextEdit::singleline(&mut ed.text)
        .id(ed.id)
        .desired_width(cell.width())
        .margin(egui::vec2(3.0, 2.0))
        .return_key(None)
        .event_filter(EventFilter {
            tab: true,
            horizontal_arrows: true,
            vertical_arrows: true,
            escape: true,
        });
    if ed.error.is_some() {
        edit = edit.text_color(Color32::from_rgb(190, 30, 30));
    }
    if spec.kind.is_figure() {
        edit = edit.align(egui::Align2::RIGHT_CENTER);
    }
    let resp = ui.put(cell, edit);
    if ed.text != before {
        // Typing: the picker starts over; nothing is highlighted until the user chooses.
        ed.pick = 0;
        ed.pick_moved = false;
        ed.error = None;
        ed.hint = None;
    }
    if !ed.started || ed.refocus {
        resp.request_focus();
        // The caret goes to the end of the text (F2 as in Excel, and after typing over).
        let mut state = egui::TextEdit::load_state(ui.ctx(), ed.id).unwrap_or_default();
        let end = egui::text::CCursor::new(ed.text.chars().count());
        state
            .cursor
            .set_char_range(Some(egui::text::CCursorRange::one(end)));
        state.store(ui.ctx(), ed.id);
        ed.started = true;
        ed.refocus = false;
    }
    if ed.error.is_some() {
        ui.painter().rect_stroke(
            cell,
            2.0,
            (2.0, Color32::from_rgb(210, 40, 40)),
            egui::StrokeKind::Inside,
        );
    } else {
        ui.painter().rect_stroke(
            cell,
            0.0,
            (2.0, ui.visuals().selection.stroke.color),
            egui::StrokeKind::Inside,
        );
    }

    // The picker: below the cell, or above it when there is no room below.
    let mut picked: Option<String> = None;
    let item_h = 20.0
        + if list.iter().any(|i| i.detail.is_some()) {
            16.0
        } else {
            0.0
        };
    let list_h = list.len() as f32 * item_h + 14.0;
    // The highlight shows the entry Enter takes: the one chosen, the cell's own value, or
    // the only one there is.
    let highlighted = ed.pick_moved || resting.is_some();
    let below = screen.bottom() - cell.bottom() >= list_h.min(300.0)
        || cell.top() - screen.top() < list_h.min(300.0);
    if !list.is_empty() {
        let (pos, pivot) = if below {
            (cell.left_bottom() + egui::vec2(0.0, 2.0), Align2::LEFT_TOP)
        } else {
            (cell.left_top() - egui::vec2(0.0, 2.0), Align2::LEFT_BOTTOM)
        };
        egui::Area::new(ed.id.with("picker"))
            .order(egui::Order::Foreground)
            .fixed_pos(pos)
            .pivot(pivot)
            .constrain(true)
            .show(ui.ctx(), |ui| {
                egui::Frame::popup(ui.style()).show(ui, |ui| {
                    ui.set_min_width(cell.width().max(if list[0].detail.is_some() {
                        420.0
                    } else {
                        160.0
                    }));
                    egui::ScrollArea::vertical()
                        .max_height(300.0)
                        .show(ui, |ui| {
                            for (k, it) in list.iter().enumerate() {
                                let r = ui.selectable_label(
                                    k == ed.pick && highlighted,
                                    RichText::new(&it.label).strong(),
                                );
                                if k == ed.pick && ed.pick_moved {
                                    r.scroll_to_me(None);
                                }
                                if let Some(d) = &it.detail {
                                    ui.label(RichText::new(d).small().weak());
                                }
                                if r.clicked() {
                                    picked = Some(it.value.clone());
                                }
                            }
                        });
                });
            });
    }
    // A refusal (or why Enter did not take the text): beside the cell, to its right, or
    // above or below where there is room.
    let note = match (&ed.error, &ed.hint) {
        (Some(msg), _) => Some((
            format!("未保存：{msg}（改正后回车，Esc 放弃）"),
            Color32::from_rgb(190, 30, 30),
        )),
        (None, Some(hint)) => Some((hint.clone(), Color32::from_rgb(140, 90, 0))),
        _ => None,
    };
    if let Some((msg, color)) = note {
        let room_right = screen.right() - cell.right() > 260.0;
        let (pos, pivot) = if room_right {
            (cell.right_top() + egui::vec2(4.0, 0.0), Align2::LEFT_TOP)
        } else if list.is_empty() || !below {
            (cell.left_bottom() + egui::vec2(0.0, 2.0), Align2::LEFT_TOP)
        } else {
            (cell.left_top() - egui::vec2(0.0, 2.0), Align2::LEFT_BOTTOM)
        };
        egui::Area::new(ed.id.with("error"))
            .order(egui::Order::Tooltip)
            .fixed_pos(pos)
            .pivot(pivot)
            .constrain(true)
            .interactable(false)
            .show(ui.ctx(), |ui| {
                egui::Frame::popup(ui.style()).show(ui, |ui| {
                    ui.set_max_width(360.0);
                    ui.colored_label(color, msg);
                });
            });
    }

    if let Some(value) = picked {
        ed.text = value.clone();
        return Outcome::Commit {
            text: value,
            then: None,
            leaving: false,
        };
    }
    if keys.esc {
        return Outcome::Cancel;
    }
    if keys.f2 {
        ed.mode = match ed.mode {
            EditMode::Enter => EditMode::Edit,
            EditMode::Edit => EditMode::Enter,
        };
    }
    // A code typed whole is listed alone, for its name: the arrows leave the cell then.
    let exact = list.len() == 1 && ed.changed() && list[0].value == ed.text.trim();
    if !list.is_empty() && !exact && (keys.up || keys.down) && !keys.alt {
        ed.pick = if !ed.pick_moved && resting.is_none() {
            // Nothing highlighted: the first press takes the first entry (the last, going
            // up).
            if keys.down { 0 } else { list.len() - 1 }
        } else if keys.down {
            (ed.pick + 1).min(list.len() - 1)
        } else {
            ed.pick.saturating_sub(1)
        };
        ed.pick_moved = true;
        ed.hint = None;
        return Outcome::None;
    }
    if keys.down && keys.alt {
        ed.list_asked = true;
        return Outcome::None;
    }
    let then = if keys.enter {
        Some(Step::Enter { up: keys.shift })
    } else if keys.tab {
        Some(Step::Tab { back: keys.shift })
    } else if ed.mode == EditMode::Enter && (list.is_empty() || exact) {
        match (keys.up, keys.down, keys.left, keys.right) {
            (true, _, _, _) => Some(Step::Go(Move::Up)),
            (_, true, _, _) => Some(Step::Go(Move::Down)),
            (_, _, true, _) => Some(Step::Go(Move::Left)),
            (_, _, _, true) => Some(Step::Go(Move::Right)),
            _ => None,
        }
    } else {
        None
    };
    if let Some(m) = then {
        match taken(ed, &list, &spec.kind, catalog) {
            Ok(text) => {
                ed.text = text.clone();
                return Outcome::Commit {
                    text,
                    then: Some(m),
                    leaving: false,
                };
            }
            Err(hint) => {
                ed.hint = Some(hint);
                return Outcome::None;
            }
        }
    }
    // Escape in the field's first frame with the keyboard, which egui takes to drop the
    // focus: the entry is cancelled, not stored.
    if ed.started && resp.lost_focus() && ui.input(|i| i.key_pressed(Key::Escape)) {
        return Outcome::Cancel;
    }
    // The user went elsewhere (a click on another cell or widget).
    if ed.started && resp.lost_focus() {
        return Outcome::Commit {
            text: ed.text.clone(),
            then: None,
            leaving: true,
        };
    }
    Outcome::None
}

#[derive(Default)]
struct Keys {
    enter: bool,
    tab: bool,
    esc: bool,
    up: bool,
    down: bool,
    left: bool,
    right: bool,
    f2: bool,
    shift: bool,
    alt: bool,
}
