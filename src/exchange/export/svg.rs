//! A chart as SVG, the one drawing behind the chart PNGs and the charts in the PDF.
//!
//! Drawn as the editor draws them on screen: horizontal bars, parts of a whole by their
//! share, this year against last side by side. To be read in black and white, every bar
//! has its figures written beside it, so that nothing depends on telling colours apart.
//! Amounts are in 万元.

use crate::engine::charts::{Chart, Kind, Pair, Part, wan};
use crate::engine::money::Money;
use std::fmt::Write;

/// The font family every chart asks for (the bundled Noto Sans CJK SC).
pub const FONT_FAMILY: &str = "Noto Sans CJK SC";

/// The width of every chart in SVG units (px at 1×).
pub const WIDTH: f64 = 820.0;

/// Greys only: the charts print in black and white and lose nothing.
const SHARE_FILL: &str = "#404040";
const PRIOR_FILL: &str = "#d0d0d0";
const CURRENT_FILL: &str = "#404040";

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The width of a text in the font, estimated: CJK and full-width characters take one em,
/// others about 0.55 em.
pub fn text_width(s: &str, size: f64) -> f64 {
    s.chars()
        .map(|c| if (c as u32) < 0x2000 { 0.56 } else { 1.0 })
        .sum::<f64>()
        * size
}

/// Cuts a text to fit `max` units, with an ellipsis.
fn fit(s: &str, size: f64, max: f64) -> String {
    if text_width(s, size) <= max {
        return s.to_string();
    }
    let mut out = String::new();
    for c in s.chars() {
        let next = format!("{out}{c}…");
        if text_width(&next, size) > max {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

struct Svg {
    body: String,
}

impl Svg {
    fn text(&mut self, x: f64, y: f64, size: f64, anchor: &str, fill: &str, s: &str) {
        let _ = writeln!(
            self.body,
            r#"<text x="{x:.1}" y="{y:.1}" font-size="{size}" text-anchor="{anchor}" fill="{fill}">{}</text>"#,
            esc(s)
        );
    }
    fn rect(&mut self, x: f64, y: f64, w: f64, h: f64, fill: &str, stroke: &str) {
        let _ = writeln!(
            self.body,
            r#"<rect x="{x:.1}" y="{y:.1}" width="{w:.1}" height="{h:.1}" fill="{fill}" stroke="{stroke}" stroke-width="0.8"/>"#
        );
    }
    fn line(&mut self, x1: f64, y1: f64, x2: f64, y2: f64, stroke: &str) {
        let _ = writeln!(
            self.body,
            r#"<line x1="{x1:.1}" y1="{y1:.1}" x2="{x2:.1}" y2="{y2:.1}" stroke="{stroke}" stroke-width="0.8"/>"#
        );
    }
    fn finish(self, height: f64) -> String {
        format!(
            r##"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height:.0}" viewBox="0 0 {WIDTH} {height:.0}" font-family="{FONT_FAMILY}">
<rect x="0" y="0" width="{WIDTH}" height="{height:.0}" fill="#ffffff"/>
{}</svg>
"##,
            self.body
        )
    }
}

/// The chart as an SVG document, [`WIDTH`] wide and as tall as its content needs.
pub fn render(chart: &Chart) -> String {
    let mut s = Svg {
        body: String::new(),
    };
    s.text(WIDTH / 2.0, 34.0, 22.0, "middle", "#000", &chart.title);
    s.text(
        WIDTH / 2.0,
        58.0,
        14.0,
        "middle",
        "#333",
        &format!("{}　单位：万元", chart.subtitle),
    );
    let top = 78.0;
    if chart.is_empty() {
        s.text(
            WIDTH / 2.0,
            top + 60.0,
            16.0,
            "middle",
            "#333",
            "（无数据）",
        );
        let mut h = top + 100.0;
        if let Some(note) = chart.omitted_note() {
            s.text(WIDTH / 2.0, h, 13.0, "middle", "#333", &note);
            h += 24.0;
        }
        return s.finish(h);
    }
    let mut height = match &chart.kind {
        Kind::Shares { total, parts } => shares(&mut s, top, *total, parts),
        Kind::Compare {
            prior_label,
            current_label,
            pairs,
            total,
            ..
        } => compare(
            &mut s,
            top,
            prior_label,
            current_label,
            pairs,
            total.as_ref(),
        ),
    };
    if let Some(note) = chart.omitted_note() {
        s.text(20.0, height, 13.0, "start", "#333", &note);
        height += 24.0;
    }
    s.finish(height)
}

/// The change of a pair as printed: `+4.2%`, `-36.8%`, `新增`.
fn change_text(p: &Pair) -> String {
    match p.change() {
        Some(c) if c.is_sign_positive() && !c.is_zero() => format!("+{c}%"),
        Some(c) => format!("{c}%"),
        None if p.current.is_zero() => String::new(),
        None => "新增".into(),
    }
}

/// Parts of a whole as bars, one a row, each as long as its share (the whole row is
/// 100%), with its amount and share at the right, and the whole below.
fn shares(s: &mut Svg, top: f64, total: Money, parts: &[Part]) -> f64 {
    let label_w = parts
        .iter()
        .map(|p| text_width(&p.label, 14.0))
        .fold(0.0, f64::max)
        .min(240.0);
    let x0 = 20.0 + label_w + 10.0;
    let (amount_x, share_x) = (WIDTH - 90.0, WIDTH - 20.0);
    let plot_w = amount_x - 110.0 - x0;
    let row = 30.0;
    let mut y = top + 16.0;
    s.text(amount_x, y, 13.0, "end", "#333", "金额");
    s.text(share_x, y, 13.0, "end", "#333", "占比");
    y += 10.0;
    let axis_top = y;
    for p in parts {
        let pct = p
            .share
            .map(|d| d.to_string().parse::<f64>().unwrap_or(0.0))
            .unwrap_or(0.0);
        let w = plot_w * pct.clamp(0.0, 100.0) / 100.0;
        s.text(
            x0 - 8.0,
            y + 19.0,
            14.0,
            "end",
            "#000",
            &fit(&p.label, 14.0, 240.0),
        );
        if w > 0.0 {
            s.rect(x0, y + 5.0, w, row - 10.0, SHARE_FILL, "#000");
        }
        let pct_text = p.share.map(|d| format!("{d}%")).unwrap_or_default();
        // The share on the bar: inside a long one (white), beside a short one.
        if w > 70.0 {
            s.text(x0 + w - 6.0, y + 19.0, 13.0, "end", "#fff", &pct_text);
        } else {
            s.text(x0 + w + 5.0, y + 19.0, 13.0, "start", "#000", &pct_text);
        }
        s.text(amount_x, y + 19.0, 14.0, "end", "#000", &wan(p.amount));
        s.text(share_x, y + 19.0, 14.0, "end", "#000", &pct_text);
        y += row;
    }
    s.line(x0, axis_top, x0, y, "#000");
    s.line(20.0, y + 4.0, share_x, y + 4.0, "#888");
    y += 24.0;
    s.text(x0 - 8.0, y, 14.0, "end", "#000", "合计");
    s.text(amount_x, y, 14.0, "end", "#000", &wan(total));
    s.text(share_x, y, 14.0, "end", "#000", "100.00%");
    y + 26.0
}

fn compare(
    s: &mut Svg,
    top: f64,
    prior_label: &str,
    current_label: &str,
    pairs: &[Pair],
    total: Option<&Pair>,
) -> f64 {
    // Legend.
    let ly = top + 10.0;
    let lx = WIDTH / 2.0 - 150.0;
    s.rect(lx, ly - 11.0, 22.0, 12.0, PRIOR_FILL, "#000");
    s.text(lx + 28.0, ly, 14.0, "start", "#000", prior_label);
    s.rect(lx + 160.0, ly - 11.0, 22.0, 12.0, CURRENT_FILL, "#000");
    s.text(lx + 188.0, ly, 14.0, "start", "#000", current_label);

    let label_w = pairs
        .iter()
        .map(|p| text_width(&p.label, 13.0))
        .fold(0.0, f64::max)
        .min(250.0);
    let x0 = 20.0 + label_w + 8.0;
    let change_x = WIDTH - 16.0;
    let value_room = 80.0;
    let plot_w = change_x - 62.0 - value_room - x0;
    let max = pairs
        .iter()
        .map(|p| p.prior.max(p.current).to_f64_for_chart())
        .fold(0.0, f64::max);
    let scale = if max > 0.0 { plot_w / max } else { 0.0 };
    let bar = 14.0;
    let group = 2.0 * bar + 14.0;
    let mut y = top + 34.0;
    s.text(change_x, y - 6.0, 13.0, "end", "#333", "增减");
    let axis_top = y;
    for p in pairs {
        let label = fit(&p.label, 13.0, 250.0);
        s.text(x0 - 8.0, y + bar + 5.0, 13.0, "end", "#000", &label);
        for (k, (m, fill)) in [(p.prior, PRIOR_FILL), (p.current, CURRENT_FILL)]
            .into_iter()
            .enumerate()
        {
            let by = y + k as f64 * bar;
            let w = m.to_f64_for_chart().max(0.0) * scale;
            if w > 0.0 {
                s.rect(x0, by, w, bar - 1.0, fill, "#000");
            }
            s.text(x0 + w + 4.0, by + bar - 3.0, 12.0, "start", "#000", &wan(m));
        }
        s.text(
            change_x,
            y + bar + 5.0,
            13.0,
            "end",
            "#000",
            &change_text(p),
        );
        y += group;
    }
    s.line(x0, axis_top - 4.0, x0, y - 10.0, "#000");
    if let Some(t) = total {
        // The whole, in figures: a bar for it would dwarf the parts.
        s.line(20.0, y - 4.0, change_x, y - 4.0, "#888");
        y += 14.0;
        s.text(x0 - 8.0, y, 13.0, "end", "#000", "合计");
        s.text(
            x0,
            y,
            13.0,
            "start",
            "#000",
            &format!(
                "{prior_label} {}　{current_label} {}",
                wan(t.prior),
                wan(t.current)
            ),
        );
        s.text(change_x, y, 13.0, "end", "#000", &change_text(t));
        y += 16.0;
    }
    y + 10.0
}
