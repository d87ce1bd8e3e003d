//! The PDF for printing: A4, the bundled Chinese font embedded and subset. First the
//! meeting pages (key figures and the charts), then the 目录 with page numbers, the 17
//! tables (landscape where they are wide, header rows repeated on every page), and the
//! 情况说明. Everything is black on white or grey, so a black-and-white print loses
//! nothing; tables and figures are real text, so they can be searched and copied.
//!
//! Laying out is done first into a list of pages of simple drawing operations (so that
//! page numbers and the 目录 are known before anything is drawn: `pages.rs`, the tables'
//! in `table_pages.rs`, text measured by `measure.rs`), then the pages are drawn with
//! krilla (`draw.rs`).

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

mod draw;
mod measure;
mod pages;
mod table_pages;

use draw::*;
use measure::*;
use pages::*;
use table_pages::*;

/// What goes into the PDF besides the charts, tables and narrative.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// Tables in 万元.
    pub in_wan: bool,
    /// The remarks (批注), at the end.
    pub remarks: bool,
    /// The 测算表, after the narrative.
    pub working: bool,
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
    if opts.working
        && let Some(t) = tables::working_table(b)
    {
        l.new_page(false);
        l.bookmark("测算表");
        table(&mut l, &t);
    }
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
