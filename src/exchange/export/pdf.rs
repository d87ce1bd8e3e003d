//! The PDF for printing: A4, the bundled Chinese font embedded and subset. First the
//! meeting pages (key figures and the charts), then the 目录 with page numbers, the 17
//! tables (landscape where they are wide, header rows repeated on every page), and the
//! 情况说明. Everything is black on white or grey, so a black-and-white print loses
//! nothing; tables and figures are real text, so they can be searched and copied.
//!
//! Laying out is done first into a list of pages of simple drawing operations (so that page
//! numbers and the 目录 are known before anything is drawn), then the pages are drawn
//! with krilla.

use super::svg;
use crate::engine::charts::{self, ChartId, Level};
use crate::engine::model::Budget;
use crate::engine::narrative;
use crate::engine::tables::{self, Cell, RowKind, Table, header_cells};
use krilla::Document;
use krilla::color::rgb;
use krilla::destination::XyzDestination;
use krilla::geom::{PathBuilder, Point, Rect, Size, Transform};
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::outline::{Outline, OutlineNode};
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::text::{Font, TextDirection};
use krilla_svg::{SurfaceExt, SvgSettings};
use skrifa::MetadataProvider;
use std::collections::HashMap;
use std::path::Path;

const A4_SHORT: f32 = 595.28;
const A4_LONG: f32 = 841.89;
const MARGIN: f32 = 40.0;
/// Room at the bottom of a page for its number.
const FOOTER: f32 = 28.0;
/// Table text size, before shrinking to fit.
const TABLE_SIZE: f32 = 9.0;
const MIN_TABLE_SIZE: f32 = 6.0;
const PAD: f32 = 3.0;

// ---- measuring ---------------------------------------------------------------------------

/// Advance widths of the bundled font, per character, in em.
struct Measure {
    widths: HashMap<char, f32>,
    font: skrifa::FontRef<'static>,
    upem: f32,
}

impl Measure {
    fn new() -> Result<Measure, String> {
        use skrifa::raw::TableProvider;
        let font = skrifa::FontRef::new(crate::engine::fonts::CJK_FONT)
            .map_err(|_| "内置字体无法读取".to_string())?;
        let upem = font
            .head()
            .map(|h| h.units_per_em() as f32)
            .unwrap_or(1000.0);
        Ok(Measure {
            widths: HashMap::new(),
            font,
            upem,
        })
    }

    fn em(&mut self, c: char) -> f32 {
        if let Some(w) = self.widths.get(&c) {
            return *w;
        }
        let gid = self.font.charmap().map(c).unwrap_or_default();
        let w = self
            .font
            .glyph_metrics(
                skrifa::instance::Size::unscaled(),
                skrifa::instance::LocationRef::default(),
            )
            .advance_width(gid)
            .unwrap_or(self.upem)
            / self.upem;
        self.widths.insert(c, w);
        w
    }

    fn width(&mut self, s: &str, size: f32) -> f32 {
        s.chars().map(|c| self.em(c)).sum::<f32>() * size
    }

    /// Breaks a text into lines no wider than `max`; breaks at any character (as Chinese
    /// text does) and at line ends in the text.
    fn wrap(&mut self, s: &str, size: f32, max: f32) -> Vec<String> {
        let mut lines = Vec::new();
        for para in s.split('\n') {
            let mut line = String::new();
            let mut w = 0.0;
            let figure = |c: char| c.is_ascii_digit() || ".,%".contains(c);
            for c in para.chars() {
                let cw = self.em(c) * size;
                if w + cw > max && !line.is_empty() {
                    // Keep closing punctuation with the text before it.
                    if "，。、；：）》」”’！？,.;:)".contains(c) {
                        line.push(c);
                        lines.push(std::mem::take(&mut line));
                        w = 0.0;
                        continue;
                    }
                    // Never break inside a figure (37,151.47, 2024) or before its unit
                    // (2024年, 1.00万元): the figure moves down whole.
                    let run = line.chars().rev().take_while(|x| figure(*x)).count();
                    let sticks = figure(c) || "年万元个辆台月日".contains(c);
                    if sticks && run > 0 && run < line.chars().count() {
                        let at = line.char_indices().rev().nth(run - 1).map_or(0, |(i, _)| i);
                        let moved = line.split_off(at);
                        lines.push(std::mem::take(&mut line));
                        w = moved.chars().map(|x| self.em(x) * size).sum();
                        line = moved;
                    } else {
                        // An opening mark never ends a line: it goes down with what it
                        // opens.
                        let opening = line
                            .chars()
                            .last()
                            .filter(|x| "（《“‘(「[【〔".contains(*x) && line.chars().count() > 1);
                        if let Some(o) = opening {
                            line.pop();
                            lines.push(std::mem::take(&mut line));
                            line.push(o);
                            w = self.em(o) * size;
                        } else {
                            lines.push(std::mem::take(&mut line));
                            w = 0.0;
                        }
                    }
                }
                line.push(c);
                w += cw;
            }
            // (A closing mark that ended the last full line leaves nothing after it: no
            // empty line.)
            if !line.is_empty() || lines.is_empty() || para.is_empty() {
                lines.push(line);
            }
        }
        lines
    }
}

// ---- pages as drawing operations ---------------------------------------------------------

#[derive(Clone, Copy, PartialEq)]
enum Align {
    Left,
    Center,
    Right,
}

enum Op {
    /// Text with its baseline's left end at (x, y).
    Text {
        x: f32,
        y: f32,
        size: f32,
        text: String,
        bold: bool,
        grey: u8,
    },
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        width: f32,
    },
    Fill {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        grey: u8,
    },
    Svg {
        chart: usize,
        x: f32,
        y: f32,
        w: f32,
        h: f32,
    },
}

struct PageOut {
    landscape: bool,
    ops: Vec<Op>,
}

struct PageBuilder {
    pages: Vec<PageOut>,
    m: Measure,
    /// Parsed chart drawings, by index.
    charts: Vec<resvg::usvg::Tree>,
    /// Where the next thing goes on the current page.
    y: f32,
    /// Outline entries: (title, page index).
    outline: Vec<(String, usize)>,
}

impl PageBuilder {
    fn size(&self) -> (f32, f32) {
        match self.pages.last() {
            Some(p) if p.landscape => (A4_LONG, A4_SHORT),
            _ => (A4_SHORT, A4_LONG),
        }
    }
    fn content_width(&self) -> f32 {
        self.size().0 - 2.0 * MARGIN
    }
    fn bottom(&self) -> f32 {
        self.size().1 - MARGIN - FOOTER
    }
    fn new_page(&mut self, landscape: bool) {
        self.pages.push(PageOut {
            landscape,
            ops: Vec::new(),
        });
        self.y = MARGIN;
    }
    fn page_index(&self) -> usize {
        self.pages.len() - 1
    }
    fn op(&mut self, op: Op) {
        if let Some(p) = self.pages.last_mut() {
            p.ops.push(op);
        }
    }
    fn bookmark(&mut self, title: impl Into<String>) {
        let i = self.page_index();
        self.outline.push((title.into(), i));
    }

    /// Text aligned within [x, x + w] on baseline y.
    #[allow(clippy::too_many_arguments)]
    fn text(&mut self, x: f32, w: f32, y: f32, size: f32, s: &str, align: Align, bold: bool) {
        self.text_grey(x, w, y, size, s, align, bold, 0);
    }
    #[allow(clippy::too_many_arguments)]
    fn text_grey(
        &mut self,
        x: f32,
        w: f32,
        y: f32,
        size: f32,
        s: &str,
        align: Align,
        bold: bool,
        grey: u8,
    ) {
        if s.is_empty() {
            return;
        }
        let tw = self.m.width(s, size);
        let x = match align {
            Align::Left => x,
            Align::Center => x + (w - tw) / 2.0,
            Align::Right => x + w - tw,
        };
        self.op(Op::Text {
            x,
            y,
            size,
            text: s.to_string(),
            bold,
            grey,
        });
    }
    fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, width: f32) {
        for (x1, y1, x2, y2) in [
            (x, y, x + w, y),
            (x, y + h, x + w, y + h),
            (x, y, x, y + h),
            (x + w, y, x + w, y + h),
        ] {
            self.op(Op::Line {
                x1,
                y1,
                x2,
                y2,
                width,
            });
        }
    }

    /// A paragraph of running text, wrapped to the content width, breaking pages.
    fn paragraph(&mut self, s: &str, size: f32, indent: bool, bold: bool) {
        let lead = size * 1.75;
        let width = self.content_width();
        let text = if indent {
            format!("\u{3000}\u{3000}{s}")
        } else {
            s.to_string()
        };
        for line in self.m.wrap(&text, size, width) {
            if self.y + lead > self.bottom() {
                let landscape = self.pages.last().is_some_and(|p| p.landscape);
                self.new_page(landscape);
            }
            self.y += lead;
            self.text(
                MARGIN,
                width,
                self.y - lead * 0.3,
                size,
                &line,
                Align::Left,
                bold,
            );
        }
    }
}

// ---- the meeting pages -------------------------------------------------------------------

fn meeting_pages(l: &mut PageBuilder, b: &Budget) -> Result<(), String> {
    let d = &b.department;
    l.new_page(false);
    l.bookmark("主要数据与图表");
    let w = l.content_width();
    l.y += 24.0;
    l.text(MARGIN, w, l.y, 20.0, &d.name, Align::Center, true);
    l.y += 30.0;
    l.text(
        MARGIN,
        w,
        l.y,
        18.0,
        &format!("{}年部门预算主要数据", d.year),
        Align::Center,
        true,
    );
    l.y += 26.0;
    // Key figures, three to a row.
    let sums = crate::engine::tables::Sums::of(b);
    let figs = charts::key_figures(b, &sums);
    let gap = 10.0;
    let bw = (w - 2.0 * gap) / 3.0;
    let bh = 74.0;
    for (i, f) in figs.iter().enumerate() {
        let (col, row) = ((i % 3) as f32, (i / 3) as f32);
        let x = MARGIN + col * (bw + gap);
        let y = l.y + row * (bh + gap);
        l.rect(x, y, bw, bh, 0.8);
        l.text_grey(
            x + 8.0,
            bw - 16.0,
            y + 17.0,
            10.0,
            &f.label,
            Align::Left,
            false,
            60,
        );
        l.text(
            x + 8.0,
            bw - 16.0,
            y + 41.0,
            17.0,
            &format!("{} 万元", charts::wan(f.amount)),
            Align::Left,
            true,
        );
        l.text_grey(
            x + 8.0,
            bw - 16.0,
            y + 56.0,
            8.0,
            &format!("{} 元", f.amount.grouped()),
            Align::Left,
            false,
            40,
        );
        l.text_grey(
            x + 8.0,
            bw - 16.0,
            y + 68.0,
            8.0,
            &f.note,
            Align::Left,
            false,
            40,
        );
    }
    let rows = figs.len().div_ceil(3) as f32;
    l.y += rows * (bh + gap) + 6.0;
    // The charts, as many to a page as fit.
    for id in [
        ChartId::FunctionShares,
        ChartId::ThreePublic,
        ChartId::BasicProject,
        ChartId::IncomeSources,
        ChartId::YearOnYear,
    ] {
        let chart = charts::chart(b, &sums, id, Level::Kuan);
        let svg_text = svg::render(&chart);
        let tree = super::charts::tree(&svg_text)?;
        let scale = l.content_width() / svg::WIDTH as f32;
        let (cw, ch) = (tree.size().width() * scale, tree.size().height() * scale);
        let ch_fit = ch.min(l.bottom() - MARGIN);
        if l.y + ch_fit > l.bottom() {
            l.new_page(false);
        }
        l.charts.push(tree);
        let chart = l.charts.len() - 1;
        let y = l.y;
        l.op(Op::Svg {
            chart,
            x: MARGIN,
            y,
            w: cw * ch_fit / ch,
            h: ch_fit,
        });
        l.y += ch_fit + 10.0;
    }
    Ok(())
}

// ---- the tables --------------------------------------------------------------------------

fn is_number(c: &Cell) -> bool {
    matches!(
        c,
        Cell::Money(_) | Cell::Percent(_) | Cell::Number(_) | Cell::Wan(_)
    )
}

/// A row of a form: its cells, each with the columns it spans (trailing empty cells join
/// the last filled one).
fn form_spans(cells: &[Cell]) -> Vec<(usize, usize)> {
    let last = cells
        .iter()
        .rposition(|c| !c.display().is_empty())
        .unwrap_or(0);
    (0..=last)
        .map(|i| {
            if i == last {
                (i, cells.len() - i)
            } else {
                (i, 1)
            }
        })
        .collect()
}

const FORM_SHARES: [f32; 7] = [0.15, 0.25, 0.09, 0.15, 0.11, 0.12, 0.13];

struct Grid {
    widths: Vec<f32>,
    size: f32,
}

impl Grid {
    fn x(&self, col: usize) -> f32 {
        MARGIN + self.widths[..col].iter().sum::<f32>()
    }
    fn span(&self, col: usize, cols: usize) -> f32 {
        self.widths[col..(col + cols).min(self.widths.len())]
            .iter()
            .sum()
    }
}

/// The most lines a column's header may wrap over.
const HEADER_LINES: usize = 3;

/// Column widths that fill the page. A column of figures is never narrower than its
/// widest figure, and no header wraps over more than three lines; texts are capped and
/// give way first; only when the figures and headers cannot fit at the table's type size
/// is the type made smaller.
fn grid(l: &mut PageBuilder, t: &Table, landscape: bool) -> Grid {
    let n = t.width().max(1);
    let avail = if landscape { A4_LONG } else { A4_SHORT } - 2.0 * MARGIN;
    if t.columns.is_empty() {
        let widths = (0..n)
            .map(|i| avail * FORM_SHARES.get(i).copied().unwrap_or(1.0 / n as f32))
            .collect();
        return Grid {
            widths,
            size: TABLE_SIZE,
        };
    }
    let mut size = TABLE_SIZE;
    loop {
        let (natural, least) = column_widths(l, t, n, size);
        let total: f32 = natural.iter().sum();
        if total <= avail {
            // Spread the spare width over the columns.
            let k = avail / total;
            return Grid {
                widths: natural.iter().map(|w| w * k).collect(),
                size,
            };
        }
        // Texts give way, down to what they need at least.
        let floor: f32 = least.iter().sum();
        if floor <= avail {
            let k = (total - avail) / (total - floor);
            return Grid {
                widths: natural
                    .iter()
                    .zip(&least)
                    .map(|(w, m)| w - (w - m) * k)
                    .collect(),
                size,
            };
        }
        if size <= MIN_TABLE_SIZE {
            // As small as type goes: the least widths, scaled to the page.
            let k = avail / floor;
            return Grid {
                widths: least.iter().map(|w| w * k).collect(),
                size,
            };
        }
        size = (size - 0.5).max(MIN_TABLE_SIZE);
    }
}

/// Each column's natural width at a type size, and the least it may be given: a column's
/// widest figure, the width at which its header takes at most [`HEADER_LINES`] lines, and
/// for texts about four characters.
fn column_widths(l: &mut PageBuilder, t: &Table, n: usize, size: f32) -> (Vec<f32>, Vec<f32>) {
    let mut natural = vec![24.0f32; n];
    let mut least = vec![24.0f32; n];
    // Each column's own header (a cell over one column, in whichever header line).
    for cell in header_cells(&t.header)
        .into_iter()
        .filter(|h| h.cols == 1 && h.col < n)
    {
        let (c, h) = (cell.col, cell.text.as_str());
        let full = l.m.width(h, size);
        // Narrowest width at which the header takes at most three lines.
        let mut w = (full / HEADER_LINES as f32).max(size);
        while l.m.wrap(h, size, w).len() > HEADER_LINES && w < full {
            w += size / 2.0;
        }
        let w = w + 2.0 * PAD;
        least[c] = least[c].max(w);
        // Headers otherwise ask for about four characters a line.
        natural[c] = natural[c].max((full.min(4.0 * size) + 2.0 * PAD).max(w));
    }
    for row in &t.rows {
        for (c, cell) in row.cells.iter().enumerate().take(n) {
            let mut w = l.m.width(&cell.display(), size) + 2.0 * PAD;
            if let RowKind::Level(lv) = row.kind
                && c == t.name_column()
            {
                w += lv as f32 * size;
            }
            if is_number(cell) {
                least[c] = least[c].max(w);
            } else {
                w = w.min(190.0);
                least[c] = least[c].max(w.min(4.0 * size + 2.0 * PAD));
            }
            natural[c] = natural[c].max(w);
        }
    }
    for c in 0..n {
        natural[c] = natural[c].max(least[c]);
    }
    (natural, least)
}

fn lead(size: f32) -> f32 {
    size * 1.3
}

/// Draws the header rows at the current position; returns nothing, moves `l.y`.
fn header(l: &mut PageBuilder, t: &Table, g: &Grid) {
    if t.header.is_empty() {
        return;
    }
    let cells = header_cells(&t.header);
    // Height of each header line: the most wrapped single-line cell in it.
    let mut heights = vec![lead(g.size) + 2.0 * PAD; t.header.len()];
    for c in &cells {
        if c.rows == 1 {
            let lines =
                l.m.wrap(&c.text, g.size, g.span(c.col, c.cols) - 2.0 * PAD)
                    .len();
            heights[c.row] = heights[c.row].max(lines as f32 * lead(g.size) + 2.0 * PAD);
        }
    }
    // A cell over several header lines gets the room it needs in its last line.
    for c in cells.iter().filter(|c| c.rows > 1) {
        let lines =
            l.m.wrap(&c.text, g.size, g.span(c.col, c.cols) - 2.0 * PAD)
                .len();
        let need = lines as f32 * lead(g.size) + 2.0 * PAD;
        let have: f32 = heights[c.row..c.row + c.rows].iter().sum();
        if need > have {
            heights[c.row + c.rows - 1] += need - have;
        }
    }
    let top = l.y;
    let row_y = |r: usize| top + heights[..r].iter().sum::<f32>();
    for c in &cells {
        let (x, y) = (g.x(c.col), row_y(c.row));
        let (w, h) = (
            g.span(c.col, c.cols),
            heights[c.row..c.row + c.rows].iter().sum::<f32>(),
        );
        l.op(Op::Fill {
            x,
            y,
            w,
            h,
            grey: 230,
        });
        l.rect(x, y, w, h, 0.5);
        let lines = l.m.wrap(&c.text, g.size, w - 2.0 * PAD);
        let block = lines.len() as f32 * lead(g.size);
        let mut by = y + (h - block) / 2.0 + g.size;
        for line in lines {
            l.text(
                x + PAD,
                w - 2.0 * PAD,
                by,
                g.size,
                &line,
                Align::Center,
                true,
            );
            by += lead(g.size);
        }
    }
    l.y = top + heights.iter().sum::<f32>();
}

fn title_block(l: &mut PageBuilder, t: &Table, cont: bool) {
    let w = l.content_width();
    l.y += 18.0;
    let title = if cont {
        format!("{}（续）", t.title)
    } else {
        t.title.clone()
    };
    l.text(
        MARGIN,
        w,
        l.y,
        if cont { 11.0 } else { 14.0 },
        &title,
        Align::Center,
        true,
    );
    if let (Some(sub), false) = (&t.subtitle, cont) {
        l.y += 16.0;
        l.text(MARGIN, w, l.y, 10.0, sub, Align::Center, false);
    }
    l.y += 18.0;
    let sheet = tables::sheet_name(t.number);
    l.text(MARGIN, w, l.y, 9.0, &t.org_label, Align::Left, false);
    let right = if t.unit_label.is_empty() {
        sheet
    } else {
        format!("{sheet}　{}", t.unit_label)
    };
    l.text(MARGIN, w, l.y, 9.0, &right, Align::Right, false);
    l.y += 6.0;
}

fn table(l: &mut PageBuilder, t: &Table) {
    let landscape = t.width() > 7;
    l.new_page(landscape);
    l.bookmark(format!("{} {}", tables::sheet_name(t.number), t.title));
    title_block(l, t, false);
    let g = grid(l, t, landscape);
    header(l, t, &g);
    let form = t.columns.is_empty();
    for row in &t.rows {
        let spans: Vec<(usize, usize)> = if form {
            form_spans(&row.cells)
        } else {
            (0..row.cells.len()).map(|c| (c, 1)).collect()
        };
        // Wrap each text cell; numbers stay on one line.
        let mut laid: Vec<(usize, usize, Vec<String>, bool, f32)> = Vec::new();
        let mut lines_max = 1;
        for &(c, span) in &spans {
            let cell = &row.cells[c];
            let text = cell.display();
            let indent = match (row.kind, c) {
                (RowKind::Level(lv), c) if !form && c == t.name_column() => lv as f32 * g.size,
                _ => 0.0,
            };
            let w = g.span(c, span) - 2.0 * PAD - indent;
            let lines = if is_number(cell) {
                vec![text]
            } else {
                l.m.wrap(&text, g.size, w)
            };
            lines_max = lines_max.max(lines.len());
            laid.push((c, span, lines, is_number(cell), indent));
        }
        let h = lines_max as f32 * lead(g.size) + 2.0 * PAD;
        if l.y + h > l.bottom() {
            l.new_page(landscape);
            title_block(l, t, true);
            header(l, t, &g);
        }
        let bold = row.kind == RowKind::Total;
        for (c, span, lines, number, indent) in laid {
            let (x, w) = (g.x(c), g.span(c, span));
            l.rect(x, l.y, w, h, 0.5);
            let heading = form && row.kind == RowKind::Heading && (c == 0 || c == 3);
            let mut by = l.y + PAD + g.size;
            if lines.len() == 1 {
                by = l.y + (h - lead(g.size)) / 2.0 + g.size;
            }
            for line in lines {
                let align = if number { Align::Right } else { Align::Left };
                l.text(
                    x + PAD + indent,
                    w - 2.0 * PAD - indent,
                    by,
                    g.size,
                    &line,
                    align,
                    bold || heading,
                );
                by += lead(g.size);
            }
        }
        // Cells a row lacks still get their borders.
        if !form {
            for c in row.cells.len()..g.widths.len() {
                let (x, w) = (g.x(c), g.widths[c]);
                l.rect(x, l.y, w, h, 0.5);
            }
        }
        l.y += h;
    }
    if let Some(note) = t.note_line() {
        l.y += 4.0;
        l.paragraph(&note, 9.0, false, false);
    }
    for r in &t.rounding {
        l.y += 2.0;
        l.paragraph(r, 9.0, false, false);
    }
}

// ---- 目录 and 情况说明 -------------------------------------------------------------------

fn contents(
    l: &mut PageBuilder,
    page: usize,
    b: &Budget,
    table_pages: &[usize],
    narrative_page: usize,
) {
    // Draw onto the reserved page: make it the last one for a while.
    let tail = l.pages.split_off(page + 1);
    let y_saved = l.y;
    l.y = MARGIN + 24.0;
    let w = l.content_width();
    l.text(
        MARGIN,
        w,
        l.y,
        16.0,
        &tables::contents_heading(b),
        Align::Center,
        true,
    );
    l.y += 30.0;
    let entries: Vec<(String, String, usize)> = tables::contents_of(b)
        .into_iter()
        .zip(table_pages)
        .map(|((_, sheet, title), p)| (sheet, title, *p))
        .chain(std::iter::once((
            String::new(),
            narrative::narrative(b).title,
            narrative_page,
        )))
        .collect();
    for (sheet, title, p) in entries {
        l.text(MARGIN, 50.0, l.y, 10.5, &sheet, Align::Left, false);
        l.text(
            MARGIN + 50.0,
            w - 100.0,
            l.y,
            10.5,
            &title,
            Align::Left,
            false,
        );
        l.text(
            MARGIN,
            w,
            l.y,
            10.5,
            &(p + 1).to_string(),
            Align::Right,
            false,
        );
        let dots_from = MARGIN + 50.0 + l.m.width(&title, 10.5) + 6.0;
        let dots_to = MARGIN + w - 30.0;
        if dots_to > dots_from {
            l.op(Op::Line {
                x1: dots_from,
                y1: l.y,
                x2: dots_to,
                y2: l.y,
                width: 0.3,
            });
        }
        l.y += 24.0;
    }
    l.pages.extend(tail);
    l.y = y_saved;
}

fn narrative_pages(l: &mut PageBuilder, b: &Budget) {
    let n = narrative::narrative(b);
    l.new_page(false);
    l.bookmark("情况说明");
    let w = l.content_width();
    l.y += 20.0;
    for line in l.m.wrap(&n.title, 16.0, w) {
        l.text(MARGIN, w, l.y, 16.0, &line, Align::Center, true);
        l.y += 24.0;
    }
    l.y += 6.0;
    // A heading, or a short line that heads the paragraph after it (一、项目概述), is
    // not left alone at the foot of a page.
    let keep = |l: &mut PageBuilder, lines: f32| {
        if l.y + 11.0 * 1.75 * lines > l.bottom() {
            l.new_page(false);
        }
    };
    for s in &n.sections {
        l.y += 4.0;
        keep(l, 3.0);
        l.paragraph(&s.heading, 12.0, true, true);
        for (i, p) in s.paragraphs.iter().enumerate() {
            let heads = p.text.chars().count() <= 24
                && !p.text.ends_with('。')
                && i + 1 < s.paragraphs.len();
            if heads {
                keep(l, 2.0);
            }
            l.paragraph(&p.text, 11.0, true, false);
        }
    }
}

// ---- drawing -----------------------------------------------------------------------------

fn grey_fill(g: u8) -> Fill {
    Fill {
        paint: rgb::Color::new(g, g, g).into(),
        opacity: NormalizedF32::ONE,
        rule: Default::default(),
    }
}

/// Draws the pages; a draft (a budget with 错误) is marked on every page: a light
/// diagonal 草稿 under the content and the mark with the count at the top right.
fn draw(mut l: PageBuilder, b: &Budget, draft: Option<&str>) -> Result<Vec<u8>, String> {
    let font = Font::new(crate::engine::fonts::CJK_FONT.into(), 0)
        .ok_or_else(|| "内置字体无法嵌入 PDF".to_string())?;
    let mut doc = Document::new();
    let total = l.pages.len();
    for (i, p) in l.pages.iter().enumerate() {
        let (w, h) = if p.landscape {
            (A4_LONG, A4_SHORT)
        } else {
            (A4_SHORT, A4_LONG)
        };
        let settings = PageSettings::from_wh(w, h).ok_or("页面尺寸无效")?;
        let mut page = doc.start_page_with(settings);
        let mut s = page.surface();
        let footer = format!("第 {} 页　共 {total} 页", i + 1);
        let fw = l.m.width(&footer, 8.0);
        let footer_op = Op::Text {
            x: (w - fw) / 2.0,
            y: h - MARGIN + 8.0,
            size: 8.0,
            text: footer,
            bold: false,
            grey: 60,
        };
        let mut marks = Vec::new();
        if let Some(mark) = draft {
            // The watermark, turned along the diagonal, under everything else.
            let size = w.min(h) * 0.26;
            let tw = l.m.width("草 稿", size);
            let (cx, cy) = (w / 2.0, h / 2.0);
            // Centred on the page, rising at 45°.
            s.push_transform(&Transform::from_row(
                0.707,
                -0.707,
                0.707,
                0.707,
                cx - 0.707 * tw / 2.0 + 0.707 * size * 0.35,
                cy + 0.707 * tw / 2.0 + 0.707 * size * 0.35,
            ));
            s.set_stroke(None);
            s.set_fill(Some(grey_fill(222)));
            s.draw_text(
                Point::from_xy(0.0, 0.0),
                font.clone(),
                size,
                "草 稿",
                false,
                TextDirection::Auto,
            );
            s.pop();
            let mw = l.m.width(mark, 11.0);
            marks.push(Op::Text {
                x: w - MARGIN - mw,
                y: MARGIN - 12.0,
                size: 11.0,
                text: mark.to_string(),
                bold: true,
                grey: 0,
            });
        }
        for op in p
            .ops
            .iter()
            .chain(std::iter::once(&footer_op))
            .chain(&marks)
        {
            match op {
                Op::Text {
                    x,
                    y,
                    size,
                    text,
                    bold,
                    grey,
                } => {
                    s.set_fill(Some(grey_fill(*grey)));
                    s.set_stroke(bold.then(|| Stroke {
                        paint: rgb::Color::new(*grey, *grey, *grey).into(),
                        width: size * 0.03,
                        ..Stroke::default()
                    }));
                    s.draw_text(
                        Point::from_xy(*x, *y),
                        font.clone(),
                        *size,
                        text,
                        false,
                        TextDirection::Auto,
                    );
                }
                Op::Line {
                    x1,
                    y1,
                    x2,
                    y2,
                    width,
                } => {
                    s.set_fill(None);
                    s.set_stroke(Some(Stroke {
                        width: *width,
                        ..Stroke::default()
                    }));
                    let mut pb = PathBuilder::new();
                    pb.move_to(*x1, *y1);
                    pb.line_to(*x2, *y2);
                    if let Some(path) = pb.finish() {
                        s.draw_path(&path);
                    }
                }
                Op::Fill { x, y, w, h, grey } => {
                    s.set_stroke(None);
                    s.set_fill(Some(grey_fill(*grey)));
                    let mut pb = PathBuilder::new();
                    if let Some(r) = Rect::from_xywh(*x, *y, *w, *h) {
                        pb.push_rect(r);
                    }
                    if let Some(path) = pb.finish() {
                        s.draw_path(&path);
                    }
                }
                Op::Svg { chart, x, y, w, h } => {
                    if let (Some(tree), Some(size)) = (l.charts.get(*chart), Size::from_wh(*w, *h))
                    {
                        s.push_transform(&Transform::from_translate(*x, *y));
                        s.draw_svg(tree, size, SvgSettings::default());
                        s.pop();
                    }
                }
            }
        }
        s.finish();
        page.finish();
    }
    let mut outline = Outline::new();
    for (title, page) in &l.outline {
        outline.push_child(OutlineNode::new(
            title.clone(),
            XyzDestination::new(*page, Point::from_xy(0.0, 0.0)),
        ));
    }
    doc.set_outline(outline);
    let d = &b.department;
    doc.set_metadata(
        Metadata::new()
            .title(format!("{}{}年部门预算", d.name, d.year))
            .creator("yusuan".into())
            .language("zh-CN".into()),
    );
    // krilla's errors are English and name its internals (a font, a glyph): the user is
    // told what failed, not the library's words.
    doc.finish()
        .map_err(|_| "无法生成 PDF（排版失败：内置字体缺少所需的字形，或页面内容无效）".to_string())
}

/// What goes into the PDF besides the charts, tables and narrative.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// Tables in 万元.
    pub in_wan: bool,
    /// The remarks (批注), at the end.
    pub remarks: bool,
}

fn remark_pages(l: &mut PageBuilder, b: &Budget) {
    l.new_page(false);
    l.bookmark("批注");
    let w = l.content_width();
    l.y += 20.0;
    l.text(MARGIN, w, l.y, 16.0, "批注", Align::Center, true);
    l.y += 16.0;
    if b.remarks.is_empty() {
        l.paragraph("（无批注）", 11.0, false, false);
    }
    let mut list: Vec<_> = b.remarks.iter().collect();
    list.sort_by_key(|r| (r.resolved, r.id));
    for r in list {
        let place = r
            .place()
            .map(|p| p.describe(b))
            .unwrap_or_else(|| r.target.clone());
        let status = if r.resolved { "已解决" } else { "未解决" };
        l.y += 6.0;
        l.paragraph(
            &format!("【{status}】{place}　{}　{}", r.author, r.created),
            10.0,
            false,
            true,
        );
        l.paragraph(&r.text, 10.5, true, false);
    }
}

/// The whole PDF as bytes.
pub fn to_bytes(b: &Budget, opts: &Options) -> Result<Vec<u8>, String> {
    let in_wan = opts.in_wan;
    let mut l = PageBuilder {
        pages: Vec::new(),
        m: Measure::new()?,
        charts: Vec::new(),
        y: MARGIN,
        outline: Vec::new(),
    };
    meeting_pages(&mut l, b)?;
    l.new_page(false);
    l.bookmark("目录");
    let contents_page = l.page_index();
    let mut table_pages = Vec::new();
    for t in tables::all_tables(b) {
        let t = if in_wan {
            tables::wan::in_wan(&t, &b.layout)
        } else {
            t
        };
        table_pages.push(l.pages.len());
        table(&mut l, &t);
    }
    let narrative_page = l.pages.len();
    narrative_pages(&mut l, b);
    if opts.remarks {
        remark_pages(&mut l, b);
    }
    contents(&mut l, contents_page, b, &table_pages, narrative_page);
    draw(l, b, super::draft_mark(b).as_deref())
}

/// Writes the PDF (whole or not at all).
pub fn write(b: &Budget, path: &Path, opts: &Options) -> Result<(), String> {
    super::write_atomically(path, &to_bytes(b, opts)?)
}

#[cfg(test)]
mod tests {
    /// A line is never broken inside a figure or between a figure and its unit: the
    /// figure moves to the next line whole.
    /// Every column of every table (both demos, in 元 and in 万元) is at least as wide as
    /// its widest figure, and every column's header takes at most three lines.
    #[test]
    fn every_column_holds_its_figures_and_its_header_in_three_lines() {
        use super::*;
        for b in [
            crate::exchange::demo::demo_budget().unwrap(),
            crate::exchange::demo::shanghai_demo_budget().unwrap(),
        ] {
            let mut l = PageBuilder {
                pages: Vec::new(),
                m: Measure::new().unwrap(),
                charts: Vec::new(),
                y: MARGIN,
                outline: Vec::new(),
            };
            for t in tables::all_tables(&b) {
                for t in [tables::wan::in_wan(&t, &b.layout), t] {
                    if t.columns.is_empty() {
                        continue;
                    }
                    let g = grid(&mut l, &t, t.width() > 7);
                    for row in &t.rows {
                        for (c, cell) in row.cells.iter().enumerate() {
                            let need = l.m.width(&cell.display(), g.size) + 2.0 * PAD;
                            assert!(
                                !is_number(cell) || g.widths[c] + 0.01 >= need,
                                "{} {}: “{}” in {:.1}",
                                t.title,
                                c,
                                cell.display(),
                                g.widths[c]
                            );
                        }
                    }
                    for h in header_cells(&t.header).iter().filter(|h| h.cols == 1) {
                        let lines = l.m.wrap(&h.text, g.size, g.widths[h.col] - 2.0 * PAD);
                        assert!(lines.len() <= 3, "{}: {lines:?}", t.title);
                    }
                }
            }
        }
    }

    #[test]
    fn no_line_ends_on_an_opening_bracket() {
        let mut m = super::Measure::new().unwrap();
        let text = "主要用于信访业务（含网上信访、来访接待、《信访工作条例》宣传）等支出，“三公”经费不增加。";
        for width in (40..=300).step_by(3) {
            let lines = m.wrap(text, 11.0, width as f32);
            assert_eq!(lines.concat(), text);
            for l in &lines[..lines.len() - 1] {
                let last = l.chars().last().unwrap();
                assert!(!"（《“".contains(last), "width {width}: {lines:?}");
            }
        }
    }

    #[test]
    fn figures_are_not_broken_across_lines() {
        let mut m = super::Measure::new().unwrap();
        let text = "比上年增加24,558.18万元；比2024年预算执行数持平，主要用于机关运行。";
        for width in (60..=320).step_by(7) {
            let lines = m.wrap(text, 11.0, width as f32);
            assert_eq!(lines.concat(), text);
            assert!(
                lines.iter().all(|l| !l.is_empty()),
                "no empty line: {lines:?}"
            );
            for pair in lines.windows(2) {
                let (a, b) = (pair[0].chars().last(), pair[1].chars().next());
                let figure = |c: char| c.is_ascii_digit() || ".,".contains(c);
                if let (Some(a), Some(b)) = (a, b) {
                    assert!(
                        !(figure(a) && (figure(b) || "年万元".contains(b))),
                        "width {width}: {lines:?}"
                    );
                }
            }
        }
    }
}
