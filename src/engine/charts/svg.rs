//! A chart as SVG, the one drawing behind the chart PNGs and the charts in the PDF.
//!
//! Drawn to be read in black and white: every slice carries its number and every bar its
//! value, so that nothing depends on telling colours apart. Amounts are in 万元.

use super::{Chart, Kind, Pair, Part};
use crate::money::{Money, group_digits};
use std::fmt::Write;

/// The font family every chart asks for (the bundled Noto Sans CJK SC).
pub const FONT_FAMILY: &str = "Noto Sans CJK SC";

/// The width of every chart in SVG units (px at 1×).
pub const WIDTH: f64 = 820.0;

/// Fills for slices: alternating dark and light so neighbours differ in grey too.
const PALETTE: [&str; 10] = [
    "#1f4e79", "#9dc3e6", "#c55a11", "#f4b183", "#385723", "#a9d18e", "#7030a0", "#d9c3e9",
    "#7f6000", "#ffe699",
];
/// Whether text on a slice of this fill should be white.
const DARK: [bool; 10] = [
    true, false, true, false, true, false, true, false, true, false,
];

const PRIOR_FILL: &str = "#d0d0d0";
const CURRENT_FILL: &str = "#1f4e79";

/// `1,234.57` (万元, two places).
pub fn wan(m: Money) -> String {
    group_digits(&format!("{:.2}", m.wan(2)))
}

/// The circled number of a slice: ① … ⑩ (the ones the bundled GBK font has), then (11).
pub fn marker(i: usize) -> String {
    match char::from_u32(0x2460 + i as u32) {
        Some(c) if i < 10 => c.to_string(),
        _ => format!("({})", i + 1),
    }
}

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
        return s.finish(top + 100.0);
    }
    let height = match &chart.kind {
        Kind::Shares { total, parts } => shares(&mut s, top, *total, parts),
        Kind::Compare {
            prior_label,
            current_label,
            pairs,
        } => compare(&mut s, top, prior_label, current_label, pairs),
    };
    s.finish(height)
}

fn shares(s: &mut Svg, top: f64, total: Money, parts: &[Part]) -> f64 {
    let r = 125.0;
    let (cx, cy) = (30.0 + r, top + 20.0 + r);
    let total_f = total.to_f64_for_chart();
    let mut angle = -std::f64::consts::FRAC_PI_2; // from 12 o'clock, clockwise
    let n = parts.len();
    for (i, p) in parts.iter().enumerate() {
        let fill = PALETTE[i % PALETTE.len()];
        let frac = if total_f > 0.0 {
            p.amount.to_f64_for_chart() / total_f
        } else {
            0.0
        };
        let sweep = frac * std::f64::consts::TAU;
        if n == 1 || frac >= 0.9999 {
            let _ = writeln!(
                s.body,
                r##"<circle cx="{cx:.1}" cy="{cy:.1}" r="{r:.1}" fill="{fill}" stroke="#ffffff" stroke-width="1.5"/>"##
            );
        } else if sweep > 0.0 {
            let (x0, y0) = (cx + r * angle.cos(), cy + r * angle.sin());
            let end = angle + sweep;
            let (x1, y1) = (cx + r * end.cos(), cy + r * end.sin());
            let large = if sweep > std::f64::consts::PI { 1 } else { 0 };
            let _ = writeln!(
                s.body,
                r##"<path d="M{cx:.2},{cy:.2} L{x0:.2},{y0:.2} A{r:.2},{r:.2} 0 {large} 1 {x1:.2},{y1:.2} Z" fill="{fill}" stroke="#ffffff" stroke-width="1.5"/>"##
            );
        }
        // The slice's number, inside when it is wide enough, else just outside.
        let mid = angle + sweep / 2.0;
        let (dist, colour) = if n == 1 {
            (0.0, if DARK[0] { "#fff" } else { "#000" })
        } else if frac >= 0.04 {
            (r * 0.68, if DARK[i % DARK.len()] { "#fff" } else { "#000" })
        } else {
            (r + 14.0, "#000")
        };
        s.text(
            cx + dist * mid.cos(),
            cy + dist * mid.sin() + 6.0,
            16.0,
            "middle",
            colour,
            &marker(i),
        );
        angle += sweep;
    }
    // Legend: number, name, amount, share.
    let lx = cx + r + 50.0;
    let (amount_x, share_x) = (WIDTH - 90.0, WIDTH - 20.0);
    let row = 26.0;
    let mut y = top + 30.0;
    s.text(amount_x, y, 13.0, "end", "#333", "金额");
    s.text(share_x, y, 13.0, "end", "#333", "占比");
    y += 8.0;
    s.line(lx, y, share_x, y, "#888");
    y += row - 4.0;
    let name_max = amount_x - 100.0 - (lx + 44.0);
    for (i, p) in parts.iter().enumerate() {
        s.rect(lx, y - 13.0, 14.0, 14.0, PALETTE[i % PALETTE.len()], "#000");
        s.text(lx + 20.0, y, 14.0, "start", "#000", &marker(i));
        s.text(
            lx + 40.0,
            y,
            14.0,
            "start",
            "#000",
            &fit(&p.label, 14.0, name_max),
        );
        s.text(amount_x, y, 14.0, "end", "#000", &wan(p.amount));
        let pct = p.share.map(|d| format!("{d}%")).unwrap_or_default();
        s.text(share_x, y, 14.0, "end", "#000", &pct);
        y += row;
    }
    y -= row - 8.0;
    s.line(lx, y, share_x, y, "#888");
    y += row - 6.0;
    s.text(lx + 40.0, y, 14.0, "start", "#000", "合计");
    s.text(amount_x, y, 14.0, "end", "#000", &wan(total));
    s.text(share_x, y, 14.0, "end", "#000", "100.00%");
    (cy + r + 30.0).max(y + 24.0)
}

fn compare(s: &mut Svg, top: f64, prior_label: &str, current_label: &str, pairs: &[Pair]) -> f64 {
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
        let change = match p.change() {
            Some(c) if c.is_sign_positive() && !c.is_zero() => format!("+{c}%"),
            Some(c) => format!("{c}%"),
            None if p.current.is_zero() => String::new(),
            None => "新增".into(),
        };
        s.text(change_x, y + bar + 5.0, 13.0, "end", "#000", &change);
        y += group;
    }
    s.line(x0, axis_top - 4.0, x0, y - 10.0, "#000");
    y + 10.0
}
