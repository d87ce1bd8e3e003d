//! Pages as lists of simple drawing operations, laid out before anything is drawn (so
//! that page numbers and the 目录 are known), and the pages that are not tables: the
//! meeting pages, the 目录 and the 情况说明.

use super::*;

// ---- pages as drawing operations ---------------------------------------------------------

#[derive(Clone, Copy, PartialEq)]
pub(super) enum Align {
    Left,
    Center,
    Right,
}

pub(super) enum Op {
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

pub(super) struct PageOut {
    pub(super) landscape: bool,
    pub(super) ops: Vec<Op>,
}

pub(super) struct PageBuilder {
    pub(super) pages: Vec<PageOut>,
    pub(super) m: Measure,
    /// Parsed chart drawings, by index.
    pub(super) charts: Vec<resvg::usvg::Tree>,
    /// Where the next thing goes on the current page.
    pub(super) y: f32,
    /// Outline entries: (title, page index).
    pub(super) outline: Vec<(String, usize)>,
}

impl PageBuilder {
    pub(super) fn size(&self) -> (f32, f32) {
        match self.pages.last() {
            Some(p) if p.landscape => (A4_LONG, A4_SHORT),
            _ => (A4_SHORT, A4_LONG),
        }
    }
    pub(super) fn content_width(&self) -> f32 {
        self.size().0 - 2.0 * MARGIN
    }
    pub(super) fn bottom(&self) -> f32 {
        self.size().1 - MARGIN - FOOTER
    }
    pub(super) fn new_page(&mut self, landscape: bool) {
        self.pages.push(PageOut {
            landscape,
            ops: Vec::new(),
        });
        self.y = MARGIN;
    }
    pub(super) fn page_index(&self) -> usize {
        self.pages.len() - 1
    }
    pub(super) fn op(&mut self, op: Op) {
        if let Some(p) = self.pages.last_mut() {
            p.ops.push(op);
        }
    }
    pub(super) fn bookmark(&mut self, title: impl Into<String>) {
        let i = self.page_index();
        self.outline.push((title.into(), i));
    }

    /// Text aligned within [x, x + w] on baseline y.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn text(
        &mut self,
        x: f32,
        w: f32,
        y: f32,
        size: f32,
        s: &str,
        align: Align,
        bold: bool,
    ) {
        self.text_grey(x, w, y, size, s, align, bold, 0);
    }
    #[allow(clippy::too_many_arguments)]
    pub(super) fn text_grey(
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
    pub(super) fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, width: f32) {
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
    pub(super) fn paragraph(&mut self, s: &str, size: f32, indent: bool, bold: bool) {
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

pub(super) fn meeting_pages(l: &mut PageBuilder, b: &Budget) -> Result<(), String> {
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
        let tree = crate::exchange::export::charts::tree(&svg_text)?;
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

// ---- 目录 and 情况说明 -------------------------------------------------------------------

pub(super) fn contents(
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

pub(super) fn narrative_pages(l: &mut PageBuilder, b: &Budget) {
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
