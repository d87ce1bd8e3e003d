//! Drawing the grid: the visible cells (the # column, the frozen columns, the pinned one
//! at the edge), the selection and the cursor, the header with its sort marks and column
//! resizing, the scroll bars, and what a hovered cell holds in full.

use super::super::state::{Drag, GridState};
use super::super::{ColKind, GridAction, Sel};
use super::{Geometry, GridView, HEADER_H, MIN_W, NUM_W, PAD, ROW_H, layout_cell, text_width};
use egui::{Align2, Color32, Rect, Sense, pos2, vec2};

impl GridView<'_> {
    pub(super) fn paint(
        &self,
        ui: &egui::Ui,
        st: &mut GridState,
        outer: Rect,
        lay: &Geometry,
        rows: usize,
    ) {
        let v = ui.visuals().clone();
        let painter = ui.painter_at(outer);
        let body_painter = ui.painter_at(lay.body);
        let scroll_painter = ui.painter_at(lay.scroll);
        painter.rect_filled(outer, 0.0, v.extreme_bg_color);
        let grid_line = egui::Stroke::new(
            1.0,
            v.widgets.noninteractive.bg_stroke.color.gamma_multiply(0.6),
        );
        let sel = st.selection();
        let sel_fill = v.selection.bg_fill.gamma_multiply(0.45);
        let now = ui.input(|i| i.time);
        let flash = st.flash.filter(|(_, until)| *until > now);
        if flash.is_some() {
            ui.ctx().request_repaint();
        } else {
            st.flash = None;
        }
        let frozen = self.frozen.min(self.columns.len());
        let body_font = egui::TextStyle::Body.resolve(ui.style());
        let mono_font = egui::TextStyle::Monospace.resolve(ui.style());
        // Cells are nodes of the accessibility tree (for screen readers and the tests) only
        // while it is built at all.
        let accesskit = ui
            .ctx()
            .accesskit_node_builder(GridView::focus_id(self.id), |_| ())
            .is_some();
        let order: Vec<usize> = {
            // The scrolling columns first, then the pinned one over them, then the frozen.
            let mut v: Vec<usize> = (frozen..self.columns.len())
                .filter(|c| Some(*c) != self.pinned)
                .collect();
            v.extend(
                self.pinned
                    .filter(|p| *p >= frozen && *p < self.columns.len()),
            );
            v.extend(0..frozen);
            v
        };
        for r in lay.first_row..lay.end_row {
            let y = lay.row_y(r, st.offset.y);
            let row_rect =
                Rect::from_min_size(pos2(lay.body.left(), y), vec2(lay.body.width(), ROW_H));
            if r % 2 == 1 {
                body_painter.rect_filled(row_rect, 0.0, v.faint_bg_color);
            }
            // # column.
            let num_rect = Rect::from_min_size(row_rect.min, vec2(NUM_W, ROW_H));
            let row_selected = sel.is_some_and(|s| s.rows().contains(&r));
            body_painter.rect_filled(
                num_rect,
                0.0,
                if row_selected {
                    v.selection.bg_fill.gamma_multiply(0.7)
                } else {
                    v.widgets.noninteractive.weak_bg_fill
                },
            );
            let is_new = r >= self.data.rows();
            let num_color = if is_new && !st.draft.is_empty() {
                Color32::from_rgb(180, 110, 0)
            } else if !is_new && self.data.marked(r) {
                Color32::from_rgb(200, 60, 40)
            } else {
                v.weak_text_color()
            };
            body_painter.text(
                pos2(num_rect.right() - PAD, num_rect.center().y),
                Align2::RIGHT_CENTER,
                if is_new {
                    "+".to_string()
                } else {
                    (r + 1).to_string()
                },
                body_font.clone(),
                num_color,
            );
            for &c in &order {
                let rect = lay.col_rect(c, y);
                let in_scroll = c >= frozen;
                if in_scroll
                    && (rect.right() < lay.scroll.left() || rect.left() > lay.scroll.right())
                {
                    continue;
                }
                let p = if in_scroll {
                    &scroll_painter
                } else {
                    &body_painter
                };
                let pinned_over = Some(c) == self.pinned && lay.pinned_at_edge;
                if pinned_over || !in_scroll {
                    // Drawn over what scrolls beneath.
                    p.rect_filled(rect, 0.0, v.extreme_bg_color);
                    if r % 2 == 1 {
                        p.rect_filled(rect, 0.0, v.faint_bg_color);
                    }
                }
                if sel.is_some_and(|s| s.contains((r, c))) && sel.is_some_and(|s| s.cells() > 1) {
                    p.rect_filled(rect, 0.0, sel_fill);
                }
                if let Some(((fr, fc), until)) = flash
                    && fr == r
                    && fc == c
                {
                    let a = ((until - now) / 1.5).clamp(0.0, 1.0) as f32;
                    p.rect_filled(
                        rect,
                        0.0,
                        Color32::from_rgba_unmultiplied(255, 214, 64, (200.0 * a) as u8),
                    );
                }
                p.line_segment([rect.right_top(), rect.right_bottom()], grid_line);
                if pinned_over {
                    p.line_segment(
                        [rect.left_top(), rect.left_bottom()],
                        egui::Stroke::new(2.0, v.widgets.noninteractive.bg_stroke.color),
                    );
                }
                let editing_here = st
                    .editing
                    .as_ref()
                    .is_some_and(|e| e.row == r && e.col == c);
                if editing_here {
                    continue;
                }
                let text = self.text(st, r, c);
                if text.is_empty() {
                    continue;
                }
                let money = self.columns[c].kind.is_figure();
                let color = if is_new {
                    // Typed into the new row, not a record yet.
                    Color32::from_rgb(150, 100, 0)
                } else if !self.columns[c].kind.editable() {
                    v.text_color().gamma_multiply(0.85)
                } else {
                    v.text_color()
                };
                // A column partly under the pinned one shows its text cut to what is in
                // view, with “…”, never cut through a character.
                let text_rect = lay.uncovered(c, rect, self.pinned);
                let galley = layout_cell(
                    ui,
                    &text,
                    if money { &mono_font } else { &body_font },
                    color,
                    text_rect.width() - 2.0 * PAD,
                );
                let pos = if money {
                    pos2(
                        text_rect.right() - PAD - galley.size().x,
                        rect.center().y - galley.size().y / 2.0,
                    )
                } else {
                    pos2(rect.left() + PAD, rect.center().y - galley.size().y / 2.0)
                };
                p.galley(pos, galley, color);
                if accesskit {
                    let visible = rect.intersect(if in_scroll { lay.scroll } else { lay.body });
                    ui.ctx().accesskit_node_builder(
                        egui::Id::unique((self.id, "cell", r, c)),
                        |node| {
                            node.set_role(egui::accesskit::Role::Label);
                            node.set_value(text.clone());
                            node.set_bounds(egui::accesskit::Rect {
                                x0: visible.min.x.into(),
                                y0: visible.min.y.into(),
                                x1: visible.max.x.into(),
                                y1: visible.max.y.into(),
                            });
                        },
                    );
                }
            }
            body_painter.line_segment([row_rect.left_bottom(), row_rect.right_bottom()], grid_line);
        }
        if self.data.rows() == 0 && !self.new_row {
            body_painter.text(
                lay.body.left_top() + vec2(NUM_W + PAD, ROW_H / 2.0),
                Align2::LEFT_CENTER,
                "（没有记录）",
                body_font.clone(),
                v.weak_text_color(),
            );
        }
        // The selection's outline and the active cell.
        if let Some(s) = sel.filter(|s| s.cells() > 1)
            && let Some(r) = self.sel_rect(st, lay, s)
        {
            body_painter.rect_stroke(
                r,
                0.0,
                (1.0, v.selection.stroke.color),
                egui::StrokeKind::Inside,
            );
        }
        if let Some((r, c)) = st.cursor
            && st.editing.is_none()
            && r < rows
        {
            let rect = lay.col_rect(c, lay.row_y(r, st.offset.y));
            let p = if c >= frozen && !(Some(c) == self.pinned && lay.pinned_at_edge) {
                &scroll_painter
            } else {
                &body_painter
            };
            p.rect_stroke(
                rect.shrink(0.5),
                0.0,
                (2.0, v.selection.stroke.color),
                egui::StrokeKind::Inside,
            );
        }
        // The line between the frozen columns and the ones that scroll.
        if frozen > 0 || NUM_W > 0.0 {
            painter.line_segment(
                [
                    pos2(lay.scroll.left(), outer.top()),
                    pos2(lay.scroll.left(), lay.body.bottom()),
                ],
                egui::Stroke::new(1.5, v.widgets.noninteractive.bg_stroke.color),
            );
        }
        painter.rect_stroke(
            outer,
            0.0,
            v.widgets.noninteractive.bg_stroke,
            egui::StrokeKind::Inside,
        );
    }

    pub(super) fn sel_rect(&self, st: &GridState, lay: &Geometry, s: Sel) -> Option<Rect> {
        let top = lay.row_y(s.r0, st.offset.y);
        let bottom = lay.row_y(s.r1, st.offset.y) + ROW_H;
        let left = (s.c0..=s.c1)
            .map(|c| lay.x[c])
            .fold(f32::INFINITY, f32::min);
        let right = (s.c0..=s.c1)
            .map(|c| lay.x[c] + lay.widths[c])
            .fold(f32::NEG_INFINITY, f32::max);
        let left = if st.whole_rows { lay.body.left() } else { left };
        Some(Rect::from_min_max(pos2(left, top), pos2(right, bottom)).intersect(lay.body))
    }

    pub(super) fn header(
        &self,
        ui: &mut egui::Ui,
        st: &mut GridState,
        outer: Rect,
        lay: &Geometry,
        actions: &mut Vec<GridAction>,
    ) {
        let v = ui.visuals().clone();
        let header = Rect::from_min_max(outer.min, pos2(lay.body.right(), outer.top() + HEADER_H));
        let painter = ui.painter_at(header);
        painter.rect_filled(header, 0.0, v.widgets.noninteractive.bg_fill);
        let font = egui::TextStyle::Body.resolve(ui.style());
        let frozen = self.frozen.min(self.columns.len());
        let scroll_clip = Rect::from_min_max(
            pos2(lay.scroll.left(), header.top()),
            pos2(lay.scroll.right(), header.bottom()),
        );
        painter.text(
            pos2(header.left() + NUM_W - PAD, header.center().y),
            Align2::RIGHT_CENTER,
            "#",
            font.clone(),
            v.strong_text_color(),
        );
        let sel = st.selection();
        let mut order: Vec<usize> = (frozen..self.columns.len())
            .filter(|c| Some(*c) != self.pinned)
            .collect();
        order.extend(
            self.pinned
                .filter(|p| *p >= frozen && *p < self.columns.len()),
        );
        order.extend(0..frozen);
        for c in order {
            let rect =
                Rect::from_min_size(pos2(lay.x[c], header.top()), vec2(lay.widths[c], HEADER_H));
            let clip = if c >= frozen { scroll_clip } else { header };
            let shown = rect.intersect(clip);
            if shown.width() <= 0.0 {
                continue;
            }
            let p = painter.with_clip_rect(clip);
            let in_sel = sel.is_some_and(|s| s.cols().contains(&c));
            p.rect_filled(
                rect,
                0.0,
                if in_sel {
                    v.selection.bg_fill.gamma_multiply(0.7)
                } else {
                    v.widgets.noninteractive.bg_fill
                },
            );
            p.line_segment(
                [rect.right_top(), rect.right_bottom()],
                v.widgets.noninteractive.bg_stroke,
            );
            let spec = &self.columns[c];
            let mark = match self.sort {
                Some((s, false)) if s == c => " ▲",
                Some((s, true)) if s == c => " ▼",
                _ => "",
            };
            let title = format!("{}{mark}", spec.title);
            let text_rect = lay.uncovered(c, rect, self.pinned);
            let galley = layout_cell(
                ui,
                &title,
                &font,
                v.strong_text_color(),
                text_rect.width() - 2.0 * PAD,
            );
            let pos = if spec.kind.is_figure() {
                pos2(
                    text_rect.right() - PAD - galley.size().x,
                    rect.center().y - galley.size().y / 2.0,
                )
            } else {
                pos2(rect.left() + PAD, rect.center().y - galley.size().y / 2.0)
            };
            p.galley(pos, galley, v.strong_text_color());
            // A click sorts (where the sheet sorts); it never takes the keyboard focus.
            let hr = ui.interact(
                shown,
                egui::Id::unique((self.id, "header", c)),
                Sense::CLICK,
            );
            hr.widget_info(|| {
                egui::WidgetInfo::labeled(egui::accesskit::Role::ColumnHeader, true, spec.title)
            });
            let hr = if self.sortable {
                hr.on_hover_text("点击排序")
            } else {
                hr
            };
            // A press on the header keeps the keyboard in the grid.
            if hr.is_pointer_button_down_on() || hr.clicked() {
                self.keyboard_back(ui);
            }
            if hr.clicked() && self.sortable {
                actions.push(GridAction::SortBy(c));
            }
            // The right edge resizes the column.
            let handle =
                Rect::from_x_y_ranges(rect.right() - 4.0..=rect.right() + 3.0, header.y_range())
                    .intersect(clip);
            if handle.width() > 0.0 {
                let h = ui.interact(
                    handle,
                    egui::Id::unique((self.id, "resize", c)),
                    Sense::DRAG,
                );
                if h.hovered() || h.dragged() {
                    ui.ctx().set_cursor_icon(egui::CursorIcon::ResizeHorizontal);
                }
                if h.is_pointer_button_down_on() {
                    self.keyboard_back(ui);
                }
                if h.drag_started() {
                    // From now on every column keeps the width it has on screen.
                    for (k, w) in lay.widths.iter().enumerate() {
                        if st.widths[k] <= 0.0 {
                            st.widths[k] = *w;
                        }
                    }
                    st.drag = Drag::Resize {
                        col: c,
                        x: h.interact_pointer_pos()
                            .map(|p| p.x)
                            .unwrap_or(rect.right()),
                        width: lay.widths[c],
                    };
                }
                if let Drag::Resize { col, x, width } = st.drag
                    && col == c
                {
                    if h.dragged()
                        && let Some(p) = h.interact_pointer_pos()
                    {
                        st.widths[c] = (width + p.x - x).max(MIN_W);
                        st.fit[c] = st.fit[c].min(st.widths[c]);
                        st.widths_changed = true;
                    }
                    if h.drag_stopped() {
                        st.drag = Drag::None;
                    }
                }
            }
        }
        painter.line_segment(
            [header.left_bottom(), header.right_bottom()],
            v.widgets.noninteractive.bg_stroke,
        );
    }

    pub(super) fn scrollbars(
        &self,
        ui: &mut egui::Ui,
        st: &mut GridState,
        outer: Rect,
        lay: &Geometry,
    ) {
        let v = ui.visuals().clone();
        for vertical in [true, false] {
            let (max, view, content) = if vertical {
                (lay.max_offset.y, lay.body.height(), lay.content.y)
            } else {
                (lay.max_offset.x, lay.scroll.width(), lay.content.x)
            };
            if max <= 0.0 {
                continue;
            }
            let track = if vertical {
                Rect::from_min_max(
                    pos2(lay.body.right(), lay.body.top()),
                    pos2(outer.right(), lay.body.bottom()),
                )
            } else {
                Rect::from_min_max(
                    pos2(lay.scroll.left(), lay.body.bottom()),
                    pos2(lay.scroll.right(), outer.bottom()),
                )
            };
            let len = if vertical {
                track.height()
            } else {
                track.width()
            };
            let thumb_len = (len * view / content).clamp(24.0, len);
            let offset = if vertical { st.offset.y } else { st.offset.x };
            let start = (len - thumb_len) * offset / max;
            let thumb = if vertical {
                Rect::from_min_size(
                    pos2(track.left() + 2.0, track.top() + start),
                    vec2(track.width() - 4.0, thumb_len),
                )
            } else {
                Rect::from_min_size(
                    pos2(track.left() + start, track.top() + 2.0),
                    vec2(thumb_len, track.height() - 4.0),
                )
            };
            let id = egui::Id::unique((self.id, "bar", vertical));
            let r = ui.interact(track, id, Sense::DRAG);
            if r.is_pointer_button_down_on() {
                self.keyboard_back(ui);
            }
            let pointer = r.interact_pointer_pos();
            if r.drag_started()
                && let Some(p) = pointer
            {
                let at = if vertical { p.y } else { p.x };
                if thumb.contains(p) {
                    st.drag = Drag::Scroll {
                        vertical,
                        from: at,
                        offset,
                    };
                } else {
                    // A press on the track jumps there.
                    let to = ((at
                        - if vertical { track.top() } else { track.left() }
                        - thumb_len / 2.0)
                        / (len - thumb_len).max(1.0)
                        * max)
                        .clamp(0.0, max);
                    if vertical {
                        st.offset.y = to;
                    } else {
                        st.offset.x = to;
                    }
                    st.drag = Drag::Scroll {
                        vertical,
                        from: at,
                        offset: to,
                    };
                }
            }
            if let Drag::Scroll {
                vertical: dv,
                from,
                offset: o,
            } = st.drag
                && dv == vertical
            {
                if r.dragged()
                    && let Some(p) = pointer
                {
                    let at = if vertical { p.y } else { p.x };
                    let to = (o + (at - from) * max / (len - thumb_len).max(1.0)).clamp(0.0, max);
                    if vertical {
                        st.offset.y = to;
                    } else {
                        st.offset.x = to;
                    }
                }
                if r.drag_stopped() {
                    st.drag = Drag::None;
                }
            }
            let painter = ui.painter_at(track);
            painter.rect_filled(track, 0.0, v.extreme_bg_color);
            let color = if r.dragged() || r.hovered() {
                v.widgets.hovered.bg_fill
            } else {
                v.widgets.inactive.bg_fill
            };
            painter.rect_filled(thumb, 4.0, color);
        }
    }

    /// Hovering a cell shows what it holds in full: a unit's name, a code's 类 › 款 › 项.
    pub(super) fn hover(
        &self,
        ui: &egui::Ui,
        resp: &egui::Response,
        lay: &Geometry,
        st: &GridState,
    ) {
        if self.inert || !resp.hovered() || st.drag != Drag::None {
            return;
        }
        let Some(p) = ui.input(|i| i.pointer.hover_pos()) else {
            return;
        };
        if !lay.body.contains(p) {
            return;
        }
        let Some((r, Some(c))) = self.cell_at(lay, st.offset.y, p, self.data.rows()) else {
            return;
        };
        if r >= self.data.rows() {
            return;
        }
        let text = self.data.hover(r, c).or_else(|| {
            let shown = self.data.cell(r, c);
            if let ColKind::Code(kind) = &self.columns[c].kind {
                let code: String = shown.chars().take_while(|ch| ch.is_ascii_digit()).collect();
                let list = match kind {
                    crate::engine::catalog::CatalogKind::Function => &self.catalog.function,
                    crate::engine::catalog::CatalogKind::GovEconomic => &self.catalog.gov_economic,
                    _ => &self.catalog.dept_economic,
                };
                if list.contains(&code) {
                    return Some(list.path_text(&code));
                }
            }
            let w = text_width(ui, &shown, self.columns[c].kind.is_figure());
            (w > lay.widths[c] - 2.0 * PAD).then_some(shown)
        });
        if let Some(t) = text.filter(|t| !t.is_empty()) {
            resp.clone().on_hover_ui_at_pointer(|ui| {
                ui.set_max_width(420.0);
                ui.label(t);
            });
        }
    }
}
