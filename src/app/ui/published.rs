//! What the department publishes, on screen: the 17 tables laid out as printed (title,
//! 部门全称, 单位, merged multi-level headers, 类/款/项 indentation, bold totals, the note of
//! an empty table), in 元 or 万元, and the 情况说明 with each reason editable beside the
//! sentence that quotes it.

use super::{Command, Notice};
use crate::app::document::Document;
use crate::engine::edit::Edit;
use crate::engine::tables::{self, Cell, RowKind, Table};
use egui::{Align2, Color32, FontId, Pos2, Rect, RichText, Stroke, Vec2};

#[derive(Default)]
pub struct PublishedState {
    /// The table shown (1–17); 0 = the 目录.
    pub table: u8,
    pub wan: bool,
    drafts: std::collections::HashMap<String, String>,
    /// The table in 万元 for (revision, table): derived once, not every frame.
    wan_cache: Option<(u64, u8, Table)>,
    /// The narrative and the reason keys whose item changed, for a revision.
    narrative_cache: Option<(
        u64,
        crate::engine::narrative::Narrative,
        std::collections::HashSet<String>,
    )>,
}

use crate::engine::tables::header_cells;

const ROW_H: f32 = 24.0;

fn is_amount(c: &Cell) -> bool {
    matches!(
        c,
        Cell::Money(_) | Cell::Wan(_) | Cell::Percent(_) | Cell::Number(_)
    )
}

/// Draws a tabular table (1–14) as printed.
fn draw_table(ui: &mut egui::Ui, t: &Table) {
    let width = t.width();
    let font = FontId::proportional(14.0);
    let bold = FontId::proportional(14.0);
    let measure = |ui: &egui::Ui, s: &str| -> f32 {
        ui.fonts_mut(|f| {
            f.layout_no_wrap(s.to_string(), font.clone(), Color32::BLACK)
                .size()
                .x
        })
    };
    let mut widths = vec![60.0f32; width];
    for r in &t.rows {
        for (c, cell) in r.cells.iter().enumerate() {
            let indent = if c == t.name_column() {
                14.0 * level_of(r) as f32
            } else {
                0.0
            };
            widths[c] = widths[c].max((measure(ui, &cell.display()) + 16.0 + indent).min(340.0));
        }
    }
    let hc = header_cells(&t.header);
    // A long header label wraps within its cell rather than widening the column.
    for h in hc.iter().filter(|h| h.cols == 1) {
        widths[h.col] = widths[h.col].max((measure(ui, &h.text) + 16.0).min(130.0));
    }
    let total_w: f32 = widths.iter().sum();
    let header_h = ROW_H * t.header.len() as f32;
    let body_h = ROW_H * t.rows.len() as f32;
    let (rect, _) =
        ui.allocate_exact_size(Vec2::new(total_w, header_h + body_h), egui::Sense::hover());
    let painter = ui.painter_at(rect.expand(1.0));
    let stroke = Stroke::new(1.0, Color32::from_gray(150));
    let x_of = |c: usize| rect.left() + widths[..c].iter().sum::<f32>();
    let text_color = ui.visuals().text_color();
    // Header: shaded, merged cells, centred labels.
    for h in &hc {
        let r = Rect::from_min_max(
            Pos2::new(x_of(h.col), rect.top() + ROW_H * h.row as f32),
            Pos2::new(
                x_of(h.col + h.cols),
                rect.top() + ROW_H * (h.row + h.rows) as f32,
            ),
        );
        painter.rect_filled(r, 0.0, Color32::from_gray(232));
        painter.rect_stroke(r, 0.0, stroke, egui::StrokeKind::Inside);
        let galley = painter.layout(h.text.clone(), bold.clone(), text_color, r.width() - 8.0);
        let pos = r.center() - galley.size() / 2.0;
        painter.with_clip_rect(r).galley(pos, galley, text_color);
    }
    // Body.
    for (i, row) in t.rows.iter().enumerate() {
        let top = rect.top() + header_h + ROW_H * i as f32;
        let strong = row.kind == RowKind::Total || matches!(row.kind, RowKind::Level(0));
        for c in 0..width {
            let r =
                Rect::from_min_max(Pos2::new(x_of(c), top), Pos2::new(x_of(c + 1), top + ROW_H));
            painter.rect_stroke(r, 0.0, stroke, egui::StrokeKind::Inside);
            let Some(cell) = row.cells.get(c) else {
                continue;
            };
            let text = cell.display();
            if text.is_empty() {
                continue;
            }
            let color = if strong { Color32::BLACK } else { text_color };
            let p = painter.with_clip_rect(r.shrink(1.0));
            if is_amount(cell) {
                p.text(
                    Pos2::new(r.right() - 6.0, r.center().y),
                    Align2::RIGHT_CENTER,
                    text,
                    font.clone(),
                    color,
                );
            } else {
                let indent = if c == t.name_column() {
                    14.0 * level_of(row) as f32
                } else {
                    0.0
                };
                p.text(
                    Pos2::new(r.left() + 6.0 + indent, r.center().y),
                    Align2::LEFT_CENTER,
                    text,
                    font.clone(),
                    color,
                );
            }
        }
    }
}

fn level_of(r: &tables::Row) -> u8 {
    match r.kind {
        RowKind::Level(l) => l,
        _ => 0,
    }
}

/// Draws a form table (15–17) as a grid of its printed rows.
fn draw_form(ui: &mut egui::Ui, t: &Table) {
    egui::Grid::new(("form", t.number))
        .striped(true)
        .min_col_width(60.0)
        .spacing([10.0, 6.0])
        .show(ui, |ui| {
            for row in &t.rows {
                let texts: Vec<String> = row.cells.iter().map(Cell::display).collect();
                let long = texts.get(1).is_some_and(|s| s.chars().count() > 30)
                    && texts[2..].iter().all(String::is_empty);
                for (c, text) in texts.iter().enumerate() {
                    if long && c > 1 {
                        break;
                    }
                    let rt = if row.kind == RowKind::Heading && (c == 0 || c == 3) {
                        RichText::new(text).strong()
                    } else {
                        RichText::new(text)
                    };
                    if long && c == 1 {
                        ui.add(egui::Label::new(rt).wrap());
                    } else if is_amount(&row.cells[c]) {
                        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                            ui.label(rt)
                        });
                    } else {
                        ui.label(rt);
                    }
                }
                ui.end_row();
            }
        });
}

pub fn show_tables(ui: &mut egui::Ui, doc: &Document, st: &mut PublishedState) {
    let b = doc.budget();
    if usize::from(st.table) > b.layout.len() {
        st.table = 0; // the layout changed to one of fewer tables
    }
    egui::Panel::left("table_list")
        .resizable(true)
        .default_size(250.0)
        .show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.selectable_value(&mut st.wan, false, "元");
                ui.selectable_value(&mut st.wan, true, "万元");
            });
            ui.separator();
            egui::ScrollArea::vertical()
                .id_salt("contents")
                .show(ui, |ui| {
                    ui.selectable_value(&mut st.table, 0, "目录");
                    for t in b.layout.spec.tables.iter().map(|t| t.get_ref()) {
                        ui.selectable_value(
                            &mut st.table,
                            t.number,
                            format!(
                                "{} {}{}",
                                tables::sheet_name(t.number),
                                t.name,
                                t.subtitle.as_deref().unwrap_or("")
                            ),
                        );
                    }
                });
        });
    egui::ScrollArea::both()
        .id_salt("published_table")
        .show(ui, |ui| {
            if st.table == 0 {
                ui.vertical_centered(|ui| ui.heading(tables::contents_heading(b)));
                egui::Grid::new("contents_grid")
                    .striped(true)
                    .show(ui, |ui| {
                        ui.strong("编号");
                        ui.strong("工作表名");
                        ui.strong("");
                        ui.end_row();
                        for (n, short, title) in tables::contents_of(b) {
                            ui.label(n.to_string());
                            ui.label(short);
                            if ui.link(title).clicked() {
                                st.table = n;
                            }
                            ui.end_row();
                        }
                    });
                return;
            }
            let Some(base) = doc.derived().tables.get(st.table as usize - 1) else {
                return;
            };
            let t = if st.wan {
                let key = (doc.revision(), st.table);
                if st.wan_cache.as_ref().map(|c| (c.0, c.1)) != Some(key) {
                    let t = tables::wan::in_wan(base, &doc.budget().layout);
                    st.wan_cache = Some((key.0, key.1, t));
                }
                match &st.wan_cache {
                    Some((_, _, t)) => t.clone(),
                    None => return,
                }
            } else {
                base.clone()
            };
            ui.vertical_centered(|ui| {
                ui.heading(RichText::new(&t.title).strong());
                if let Some(s) = &t.subtitle {
                    ui.label(s);
                }
            });
            ui.horizontal(|ui| {
                ui.label(&t.org_label);
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    ui.label(&t.unit_label)
                });
            });
            if t.header.is_empty() {
                draw_form(ui, &t);
            } else {
                draw_table(ui, &t);
            }
            if let Some(note) = t.note_line() {
                ui.add_space(6.0);
                ui.label(note);
            }
            for p in &t.rounding {
                ui.colored_label(Color32::from_rgb(180, 110, 0), p);
            }
        });
}

pub fn show_narrative(
    ui: &mut egui::Ui,
    doc: &Document,
    st: &mut PublishedState,
    out: &mut Vec<Command>,
) {
    let b = doc.budget();
    if st.narrative_cache.as_ref().map(|c| c.0) != Some(doc.revision()) {
        let sums = doc.derived().sums();
        let changed = crate::engine::checks::year_on_year_of(b, sums)
            .into_iter()
            .filter(|c| c.prior != c.current)
            .map(|c| c.key)
            .collect();
        st.narrative_cache = Some((
            doc.revision(),
            crate::engine::narrative::narrative_of(b, sums),
            changed,
        ));
    }
    let Some((_, n, changed_keys)) = st.narrative_cache.take() else {
        return;
    };
    let ro = doc.is_read_only();
    // 重庆's narrative asks for a reason where a figure changed; a declared one quotes each
    // of its officer's texts wherever it stands.
    let declared = !crate::engine::narrative::compares_functions(b);
    egui::ScrollArea::vertical()
        .id_salt("narrative")
        .show(ui, |ui| {
            ui.set_max_width(900.0);
            ui.vertical_centered(|ui| ui.heading(RichText::new(&n.title).strong()));
            for s in &n.sections {
                ui.add_space(8.0);
                ui.label(RichText::new(&s.heading).strong().size(16.0));
                for p in &s.paragraphs {
                    ui.add(egui::Label::new(&p.text).wrap());
                    if let Some(key) = &p.reason_key {
                        if !declared && !changed_keys.contains(key) {
                            continue;
                        }
                        let what = if declared {
                            text_label(key)
                        } else {
                            "变动原因"
                        };
                        ui.horizontal(|ui| {
                            let l = ui.label(
                                RichText::new(format!("{what}："))
                                    .color(Color32::from_rgb(40, 90, 160)),
                            );
                            let current = b.reasons.get(key).cloned().unwrap_or_default();
                            let text = st
                                .drafts
                                .entry(key.clone())
                                .or_insert_with(|| current.clone());
                            let r = ui
                                .add_enabled(
                                    !ro,
                                    egui::TextEdit::singleline(text)
                                        .desired_width(600.0)
                                        .hint_text(format!("请填写{what}")),
                                )
                                .labelled_by(l.id);
                            if r.lost_focus() && *text != current {
                                out.push(Command::Apply(
                                    Edit::put(crate::engine::records::Reason {
                                        key: key.clone(),
                                        text: text.trim().to_string(),
                                    }),
                                    None,
                                ));
                                out.push(Command::Notify(Notice::info(format!("已保存{what}"))));
                            }
                            if !r.has_focus() {
                                st.drafts.remove(key);
                            }
                        });
                    }
                }
            }
        });
    st.narrative_cache = Some((doc.revision(), n, changed_keys));
}

/// How the editor names an officer's text of a declared narrative, by its key:
/// `主要用于:功能科目:2011301` → 主要用于, `项目:某项目:实施方案` → 实施方案, else 说明.
fn text_label(key: &str) -> &str {
    let parts: Vec<&str> = key.split(':').collect();
    match parts.as_slice() {
        ["项目", _, what] => what,
        [word, "功能科目", _] => word,
        _ => "说明",
    }
}
