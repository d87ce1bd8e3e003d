//! The 图表 view: the five meeting charts drawn with egui_plot, current as the data
//! changes, values on hover and in a table beside each chart, and a presentation mode
//! (large type, full screen, arrows to step through the charts, Esc to leave).

use crate::app::document::Document;
use crate::engine::charts::{self, Chart, ChartId, Kind, Level};
use crate::engine::money::Money;
use egui::{Color32, RichText};
use egui_plot::{Bar, BarChart, GridMark, Legend, Plot, PlotPoint, Text};

const PRIOR: Color32 = Color32::from_rgb(190, 190, 190);
const CURRENT: Color32 = Color32::from_rgb(31, 78, 121);
const SHARE: Color32 = Color32::from_rgb(31, 78, 121);

#[derive(Default)]
pub struct ChartsState {
    pub chart: usize,
    pub level: Level,
    /// Large type and full screen, for a projector.
    pub presentation: bool,
    /// The charts of a revision and level, so that a frame does not derive them again.
    cache: Option<(u64, Level, Vec<Chart>)>,
}

impl ChartsState {
    fn charts(&mut self, doc: &Document) -> &[Chart] {
        let key = (doc.revision(), self.level);
        if self.cache.as_ref().map(|(r, l, _)| (*r, *l)) != Some(key) {
            self.cache = Some((
                key.0,
                key.1,
                charts::all(doc.budget(), doc.derived().sums(), self.level),
            ));
        }
        self.cache.as_ref().map(|c| c.2.as_slice()).unwrap_or(&[])
    }
}

fn wan_f64(m: Money) -> f64 {
    m.to_f64_for_chart() / 10_000.0
}

pub fn show(ui: &mut egui::Ui, doc: &Document, st: &mut ChartsState) {
    let big = st.presentation;
    if big {
        // Arrows step through the charts; Esc leaves.
        let (left, right, esc) = ui.input_mut(|i| {
            (
                i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowLeft)
                    || i.consume_key(egui::Modifiers::NONE, egui::Key::PageUp),
                i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowRight)
                    || i.consume_key(egui::Modifiers::NONE, egui::Key::PageDown)
                    || i.consume_key(egui::Modifiers::NONE, egui::Key::Space),
                i.consume_key(egui::Modifiers::NONE, egui::Key::Escape),
            )
        });
        let n = ChartId::ALL.len();
        if left {
            st.chart = (st.chart + n - 1) % n;
        }
        if right {
            st.chart = (st.chart + 1) % n;
        }
        if esc {
            set_presentation(ui.ctx(), st, false);
            return;
        }
    }
    ui.horizontal_wrapped(|ui| {
        for (i, id) in ChartId::ALL.iter().enumerate() {
            let text = if big {
                RichText::new(id.short()).size(22.0)
            } else {
                RichText::new(id.short())
            };
            ui.selectable_value(&mut st.chart, i, text);
        }
        ui.separator();
        if ChartId::ALL.get(st.chart) == Some(&ChartId::YearOnYear) {
            ui.label("按功能分类：");
            ui.selectable_value(&mut st.level, Level::Kuan, "款");
            ui.selectable_value(&mut st.level, Level::Xiang, "项");
            ui.separator();
        }
        let label = if big {
            "退出演示（Esc）"
        } else {
            "演示模式（全屏大字）"
        };
        if ui
            .button(RichText::new(label).size(if big { 18.0 } else { 14.0 }))
            .clicked()
        {
            set_presentation(ui.ctx(), st, !big);
        }
        if big {
            ui.label(RichText::new("← → 切换图表").weak());
        }
    });
    ui.separator();
    let index = st.chart.min(ChartId::ALL.len() - 1);
    let Some(chart) = st.charts(doc).get(index).cloned() else {
        return;
    };
    let scale = if big { 1.9 } else { 1.0 };
    ui.vertical_centered(|ui| {
        ui.label(RichText::new(&chart.title).size(20.0 * scale).strong());
        ui.label(RichText::new(format!("{}　单位：万元", chart.subtitle)).size(13.0 * scale));
    });
    if chart.is_empty() {
        ui.vertical_centered(|ui| {
            ui.add_space(40.0);
            ui.label(RichText::new("（无数据）").size(16.0 * scale));
        });
        return;
    }
    // Larger type in the plot too.
    if big {
        let style = ui.style_mut();
        for font in style.text_styles.values_mut() {
            font.size *= scale;
        }
    }
    // The exact figures under the chart (laid out anew for each size of type: a table
    // shown large keeps no row height when it is shown small again); the room they take.
    let rows = match &chart.kind {
        Kind::Shares { parts, .. } => parts.len() + 2,
        Kind::Compare { pairs, total, .. } => pairs.len() + 1 + usize::from(total.is_some()),
    };
    let note = chart.omitted_note();
    let table_height = ((rows + usize::from(note.is_some())) as f32 * 26.0 * scale + 20.0)
        .min(ui.available_height() * 0.45);
    // Bars of a readable thickness: a lone bar does not fill the screen.
    let per_group = match &chart.kind {
        Kind::Shares { parts, .. } => parts.len() as f32 * 64.0,
        Kind::Compare { pairs, .. } => pairs.len() as f32 * 96.0,
    };
    let height = (per_group * scale + 70.0)
        .min(ui.available_height() - table_height)
        .max(200.0);
    match &chart.kind {
        Kind::Shares { parts, .. } => {
            let n = parts.len();
            let labels: Vec<String> = parts.iter().map(|p| p.label.clone()).collect();
            let ends: Vec<BarLabel> = parts
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    let pct = p.share.map(|d| d.to_string()).unwrap_or_default();
                    BarLabel {
                        y: (n - 1 - i) as f64,
                        x: pct.parse::<f64>().unwrap_or(0.0),
                        text: format!("{pct}%  {} 万元", charts::wan(p.amount)),
                        dark_bar: true,
                    }
                })
                .collect();
            let tips: Vec<String> = parts
                .iter()
                .map(|p| {
                    format!(
                        "{}\n{} 元\n占 {}%",
                        p.label,
                        p.amount.grouped(),
                        p.share.map(|d| d.to_string()).unwrap_or_default()
                    )
                })
                .collect();
            let bars: Vec<Bar> = parts
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    let pct = p.share.map(|d| d.to_string().parse::<f64>().unwrap_or(0.0));
                    Bar::new((n - 1 - i) as f64, pct.unwrap_or(0.0))
                        .name(&p.label)
                        .fill(SHARE)
                        .width(0.6)
                })
                .collect();
            // The axis ends at 100%: a bar of the whole fills the row.
            let resp = category_plot(index, height, labels, scale)
                .include_x(100.0)
                .x_axis_formatter(|m: GridMark, _| format!("{}%", m.value))
                .show(ui, |p| {
                    p.bar_chart(BarChart::new("占比", bars).horizontal().allow_hover(false));
                    bar_labels(p, ends, 100.0, scale);
                    p.pointer_coordinate()
                });
            hover_tip(&resp.response, resp.inner, &tips);
        }
        Kind::Compare {
            prior_label,
            current_label,
            pairs,
            ..
        } => {
            let n = pairs.len();
            let labels: Vec<String> = pairs.iter().map(|p| p.label.clone()).collect();
            let make = |prior: bool| -> Vec<Bar> {
                pairs
                    .iter()
                    .enumerate()
                    .map(|(i, p)| {
                        let (m, off) = if prior {
                            (p.prior, 0.18)
                        } else {
                            (p.current, -0.18)
                        };
                        Bar::new((n - 1 - i) as f64 + off, wan_f64(m))
                            .name(&p.label)
                            .fill(if prior { PRIOR } else { CURRENT })
                            .width(0.34)
                    })
                    .collect()
            };
            let (prior_bars, current_bars) = (make(true), make(false));
            let tips: Vec<String> = pairs
                .iter()
                .map(|p| {
                    let change = match p.change() {
                        Some(c) => format!("\n增减 {c}%"),
                        None if p.current.is_zero() => String::new(),
                        None => "\n上年无此项".into(),
                    };
                    format!(
                        "{}\n{prior_label}：{} 元\n{current_label}：{} 元{change}",
                        p.label,
                        p.prior.grouped(),
                        p.current.grouped()
                    )
                })
                .collect();
            let max = pairs
                .iter()
                .map(|p| wan_f64(p.prior.max(p.current)))
                .fold(0.0, f64::max);
            let ends: Vec<BarLabel> = pairs
                .iter()
                .enumerate()
                .flat_map(|(i, p)| {
                    let y = (n - 1 - i) as f64;
                    [
                        BarLabel {
                            y: y + 0.18,
                            x: wan_f64(p.prior),
                            text: charts::wan(p.prior),
                            dark_bar: false,
                        },
                        BarLabel {
                            y: y - 0.18,
                            x: wan_f64(p.current),
                            text: charts::wan(p.current),
                            dark_bar: true,
                        },
                    ]
                })
                .collect();
            let (pl, cl) = (prior_label.clone(), current_label.clone());
            // The axis ends at the largest amount.
            let resp = category_plot(index, height, labels, scale)
                .include_x(max.max(0.01))
                .legend(Legend::default().position(egui_plot::Corner::RightBottom))
                .x_axis_formatter(|m: GridMark, _| format!("{}", m.value))
                .show(ui, |p| {
                    p.bar_chart(
                        BarChart::new(pl, prior_bars)
                            .color(PRIOR)
                            .horizontal()
                            .allow_hover(false),
                    );
                    p.bar_chart(
                        BarChart::new(cl, current_bars)
                            .color(CURRENT)
                            .horizontal()
                            .allow_hover(false),
                    );
                    bar_labels(p, ends, max, scale);
                    p.pointer_coordinate()
                });
            hover_tip(&resp.response, resp.inner, &tips);
        }
    }
    // The exact figures right under the chart.
    ui.add_space(6.0);
    figures_table(ui, &chart, scale, big);
    if let Some(n) = &note {
        ui.label(RichText::new(n).size(13.0 * scale).weak());
    }
}

/// A bar's figures, written at its end.
struct BarLabel {
    y: f64,
    /// Where the bar ends.
    x: f64,
    text: String,
    /// The bar is dark (white text on it) or light.
    dark_bar: bool,
}

/// Each bar's figures inside the plot: on a long bar, inside its end; beside a short one.
fn bar_labels(p: &mut egui_plot::PlotUi, labels: Vec<BarLabel>, full: f64, scale: f32) {
    for l in labels {
        let inside = full > 0.0 && l.x > full * 0.55;
        let (text, anchor, color) = if inside {
            (
                format!("{} ", l.text),
                egui::Align2::RIGHT_CENTER,
                if l.dark_bar {
                    Color32::WHITE
                } else {
                    Color32::BLACK
                },
            )
        } else {
            (
                format!(" {}", l.text),
                egui::Align2::LEFT_CENTER,
                Color32::BLACK,
            )
        };
        p.text(
            Text::new(
                "",
                PlotPoint::new(l.x, l.y),
                RichText::new(text).size(13.0 * scale).color(color),
            )
            .anchor(anchor)
            .color(color),
        );
    }
}

/// A still plot (no drag, zoom or scroll) of horizontal bars, one category a row, named on
/// the left; the first category at the top.
fn category_plot(index: usize, height: f32, labels: Vec<String>, scale: f32) -> Plot<'static> {
    let n = labels.len();
    Plot::new(("chart", index))
        .height(height)
        .show_x(false)
        .show_y(false)
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .show_grid([true, false])
        .set_margin_fraction(egui::vec2(0.0, 0.05))
        .include_x(0.0)
        .y_axis_min_width(label_width(&labels) * scale)
        .y_grid_spacer(move |_| integer_marks(n))
        .y_axis_formatter(move |m: GridMark, _| category(&labels, n, m.value))
}

/// The exact figures of the category under the pointer, as a tooltip.
fn hover_tip(response: &egui::Response, pointer: Option<PlotPoint>, tips: &[String]) {
    let Some(pt) = pointer else { return };
    let n = tips.len();
    let r = pt.y.round();
    if r < 0.0 || r as usize >= n || (pt.y - r).abs() > 0.45 {
        return;
    }
    let tip = &tips[n - 1 - r as usize];
    response.clone().on_hover_ui_at_pointer(|ui| {
        ui.label(tip);
    });
}

fn set_presentation(ctx: &egui::Context, st: &mut ChartsState, on: bool) {
    st.presentation = on;
    ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(on));
}

/// Room for the category names on the left.
fn label_width(labels: &[String]) -> f32 {
    let longest = labels
        .iter()
        .map(|l| {
            l.chars()
                .map(|c| if (c as u32) < 0x2000 { 0.55 } else { 1.0 })
                .sum::<f32>()
        })
        .fold(0.0, f32::max);
    (longest * 14.0 + 12.0).clamp(60.0, 320.0)
}

/// One grid mark per category, at whole numbers.
fn integer_marks(n: usize) -> Vec<GridMark> {
    (0..n)
        .map(|i| GridMark {
            value: i as f64,
            step_size: 1.0,
        })
        .collect()
}

/// The category name at a whole-number position (bars are drawn bottom-up).
fn category(labels: &[String], n: usize, value: f64) -> String {
    let r = value.round();
    if (value - r).abs() > 1e-6 || r < 0.0 || r as usize >= n {
        return String::new();
    }
    labels.get(n - 1 - r as usize).cloned().unwrap_or_default()
}

/// The chart's figures, exact, beside it.
fn figures_table(ui: &mut egui::Ui, chart: &Chart, scale: f32, big: bool) {
    let size = 14.0 * scale;
    let t = |s: String| RichText::new(s).size(size);
    egui::ScrollArea::both()
        .id_salt(("chart_figures_scroll", big))
        .show(ui, |ui| {
            egui::Grid::new(("chart_figures", chart.id.file_stem(), big))
                .striped(true)
                .spacing([12.0, 6.0])
                .show(ui, |ui| match &chart.kind {
                    Kind::Shares { total, parts } => {
                        ui.label(t("项目".into()).strong());
                        ui.label(t("金额（万元）".into()).strong());
                        ui.label(t("占比".into()).strong());
                        ui.end_row();
                        for p in parts {
                            ui.label(t(p.label.clone()));
                            right(ui, t(charts::wan(p.amount)));
                            right(ui, t(p.share.map(|d| format!("{d}%")).unwrap_or_default()));
                            ui.end_row();
                        }
                        ui.label(t("合计".into()).strong());
                        right(ui, t(charts::wan(*total)).strong());
                        right(ui, t("100.00%".into()));
                        ui.end_row();
                    }
                    Kind::Compare {
                        prior_label,
                        current_label,
                        pairs,
                        total,
                        ..
                    } => {
                        ui.label(t("项目".into()).strong());
                        ui.label(t(prior_label.clone()).strong());
                        ui.label(t(current_label.clone()).strong());
                        ui.label(t("增减".into()).strong());
                        ui.end_row();
                        for (p, strong) in pairs
                            .iter()
                            .map(|p| (p, false))
                            .chain(total.iter().map(|p| (p, true)))
                        {
                            let cell = |s: String| if strong { t(s).strong() } else { t(s) };
                            ui.label(cell(p.label.clone()));
                            right(ui, cell(charts::wan(p.prior)));
                            right(ui, cell(charts::wan(p.current)));
                            let change = match p.change() {
                                Some(c) => format!("{c}%"),
                                None if p.current.is_zero() => String::new(),
                                None => "新增".into(),
                            };
                            right(ui, cell(change));
                            ui.end_row();
                        }
                    }
                });
        });
}

fn right(ui: &mut egui::Ui, text: RichText) {
    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
        ui.label(text)
    });
}
