//! Drawing the laid-out pages with krilla: text, rules, grey fills and the charts.

use super::*;

// ---- drawing -----------------------------------------------------------------------------

pub(super) fn grey_fill(g: u8) -> Fill {
    Fill {
        paint: rgb::Color::new(g, g, g).into(),
        opacity: NormalizedF32::ONE,
        rule: Default::default(),
    }
}

/// Draws the pages; a draft (a budget with 错误) is marked on every page: a light
/// diagonal 草稿 under the content and the mark with the count at the top right.
pub(super) fn draw(mut l: PageBuilder, b: &Budget, draft: Option<&str>) -> Result<Vec<u8>, String> {
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
