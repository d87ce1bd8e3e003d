//! The published tables on pages: column widths that hold every figure, header rows
//! repeated on every page, landscape where a table is wide.

use super::*;

// ---- the tables --------------------------------------------------------------------------

pub(super) fn is_number(c: &Cell) -> bool {
    matches!(
        c,
        Cell::Money(_) | Cell::Percent(_) | Cell::Number(_) | Cell::Wan(_)
    )
}

/// A row of a form: its cells, each with the columns it spans (trailing empty cells join
/// the last filled one).
pub(super) fn form_spans(cells: &[Cell]) -> Vec<(usize, usize)> {
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

pub(super) const FORM_SHARES: [f32; 7] = [0.15, 0.25, 0.09, 0.15, 0.11, 0.12, 0.13];

pub(super) struct Grid {
    pub(super) widths: Vec<f32>,
    pub(super) size: f32,
}

impl Grid {
    pub(super) fn x(&self, col: usize) -> f32 {
        MARGIN + self.widths[..col].iter().sum::<f32>()
    }
    pub(super) fn span(&self, col: usize, cols: usize) -> f32 {
        self.widths[col..(col + cols).min(self.widths.len())]
            .iter()
            .sum()
    }
}

/// The most lines a column's header may wrap over.
pub(super) const HEADER_LINES: usize = 3;

/// Column widths that fill the page. A column of figures is never narrower than its
/// widest figure, and no header wraps over more than three lines; texts are capped and
/// give way first; only when the figures and headers cannot fit at the table's type size
/// is the type made smaller.
pub(super) fn grid(l: &mut PageBuilder, t: &Table, landscape: bool) -> Grid {
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
pub(super) fn column_widths(
    l: &mut PageBuilder,
    t: &Table,
    n: usize,
    size: f32,
) -> (Vec<f32>, Vec<f32>) {
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

pub(super) fn lead(size: f32) -> f32 {
    size * 1.3
}

/// Draws the header rows at the current position; returns nothing, moves `l.y`.
pub(super) fn header(l: &mut PageBuilder, t: &Table, g: &Grid) {
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

pub(super) fn title_block(l: &mut PageBuilder, t: &Table, cont: bool) {
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

pub(super) fn table(l: &mut PageBuilder, t: &Table) {
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
