//! The charts as files: a PNG of each chart (for slides and documents), drawn from the same
//! SVG as the charts in the PDF, with the bundled font and nothing from the system.

use super::svg;
use crate::engine::charts::{self, Level};
use crate::engine::model::Budget;
use resvg::{tiny_skia, usvg};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

/// The fonts the charts are drawn with: the bundled CJK font alone, so that a chart looks
/// the same on every machine.
fn fontdb() -> Arc<usvg::fontdb::Database> {
    static DB: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = usvg::fontdb::Database::new();
        db.load_font_data(crate::engine::fonts::CJK_FONT.to_vec());
        db.set_sans_serif_family(svg::FONT_FAMILY);
        Arc::new(db)
    })
    .clone()
}

/// Parses a chart's SVG with the bundled font.
pub fn tree(svg_text: &str) -> Result<usvg::Tree, String> {
    let opt = usvg::Options {
        fontdb: fontdb(),
        font_family: svg::FONT_FAMILY.to_string(),
        ..usvg::Options::default()
    };
    usvg::Tree::from_str(svg_text, &opt).map_err(|_| "图表绘制失败（图形数据无法解析）".to_string())
}

/// A chart's SVG as PNG bytes, at `scale` times its size (2 gives 1640 px wide).
pub fn png(svg_text: &str, scale: f32) -> Result<Vec<u8>, String> {
    let tree = tree(svg_text)?;
    let size = tree.size();
    let (w, h) = (
        (size.width() * scale).ceil() as u32,
        (size.height() * scale).ceil() as u32,
    );
    let mut pixmap =
        tiny_skia::Pixmap::new(w, h).ok_or_else(|| "图表尺寸无效，无法生成图片".to_string())?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    pixmap
        .encode_png()
        .map_err(|_| "无法编码 PNG 图片".to_string())
}

/// Writes a PNG of every chart into `dir` (created when missing); returns the files.
pub fn write_pngs(b: &Budget, dir: &Path) -> Result<Vec<PathBuf>, String> {
    std::fs::create_dir_all(dir).map_err(|e| {
        format!(
            "无法创建图表文件夹 {}：{}",
            dir.display(),
            crate::engine::base::system::io_reason(&e)
        )
    })?;
    let mut written = Vec::new();
    for chart in charts::all(b, &crate::engine::tables::Sums::of(b), Level::Kuan) {
        let bytes = png(&svg::render(&chart), 2.0)?;
        let path = dir.join(format!("{}.png", chart.id.file_stem()));
        crate::exchange::export::write_atomically(&path, &bytes)?;
        written.push(path);
    }
    Ok(written)
}
