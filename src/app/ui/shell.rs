//! Start-up and the eframe application: the document to open first (the file given,
//! the last one, or the demo), the window, and what is kept between sessions.

use super::{EditorApp, Persisted, STORAGE_KEY, install_fonts};
use crate::app::document::Document;
use std::path::PathBuf;

/// Where the demo budget lives when yusuan starts with no file and none opened before.
pub fn demo_path() -> PathBuf {
    crate::engine::base::platform::data_dir().join("演示预算-渝北区信访办公室-2025.db")
}

/// The document to start on: the file given, else the last opened, else the demo.
pub fn startup_document(
    file: Option<PathBuf>,
    read_only: bool,
    persisted: &Persisted,
) -> Result<Document, String> {
    if let Some(p) = file {
        return Document::open(&p, read_only).map_err(|e| format!("无法打开 {}：{e}", p.display()));
    }
    if let Some(last) = persisted.recent.iter().find(|p| p.exists())
        && let Ok(d) = Document::open(last, read_only)
    {
        return Ok(d);
    }
    let demo = demo_path();
    if !demo.exists() {
        if let Some(dir) = demo.parent() {
            std::fs::create_dir_all(dir).map_err(|e| {
                format!(
                    "无法建立 {}：{}",
                    dir.display(),
                    crate::engine::base::system::io_reason(&e)
                )
            })?;
        }
        let b = crate::exchange::demo::demo_budget()?;
        crate::engine::store::Store::create(&demo, &b).map_err(|e| e.to_string())?;
    }
    Document::open(&demo, read_only).map_err(|e| e.to_string())
}

/// When the process started (set by `main`), for the start-up benchmark.
pub static STARTED: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();

struct EframeApp {
    app: EditorApp,
    frames: u64,
}

impl eframe::App for EframeApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        let zoom = self.app.zoom();
        if (zoom - self.app.last_zoom).abs() > f32::EPSILON {
            ctx.set_zoom_factor(zoom);
            self.app.last_zoom = zoom;
        }
        self.app.show(ui);
        self.frames += 1;
        // `YUSUAN_EXIT_AFTER_FIRST_FRAME=1`: print the time from process start to the end
        // of the first frame, then close (BENCHMARKS.md, cold start).
        if self.frames == 1 && std::env::var_os("YUSUAN_EXIT_AFTER_FIRST_FRAME").is_some() {
            if let Some(t) = STARTED.get() {
                println!(
                    "first frame after {:.1} ms",
                    t.elapsed().as_secs_f64() * 1000.0
                );
            }
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
        let title = self.app.window_title();
        if title != self.app.title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.app.title = title;
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, STORAGE_KEY, &self.app.persisted);
    }
}

/// Runs the window. `args`: optional file, `--readonly`.
pub fn run(file: Option<PathBuf>, read_only: bool) -> Result<(), String> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([800.0, 500.0])
            .with_drag_and_drop(true)
            .with_title("yusuan 部门预算编制"),
        ..Default::default()
    };
    eframe::run_native(
        "yusuan",
        options,
        Box::new(move |cc| {
            install_fonts(&cc.egui_ctx);
            let persisted: Persisted = cc
                .storage
                .and_then(|s| eframe::get_value(s, STORAGE_KEY))
                .unwrap_or_default();
            let doc = startup_document(file, read_only, &persisted);
            Ok(Box::new(EframeApp {
                app: EditorApp::new(doc, persisted),
                frames: 0,
            }))
        }),
    )
    .map_err(|e| {
        let text = e.to_string();
        // For whoever helps the user: the graphics library's own words, on request.
        if std::env::var_os("YUSUAN_DEBUG").is_some() {
            eprintln!("{text}");
        }
        if text.contains("DISPLAY") || text.contains("WAYLAND") {
            "无法打开窗口：没有图形桌面（未设置 DISPLAY 或 WAYLAND_DISPLAY）。没有桌面时请用命令行，见 yusuan help".to_string()
        } else if text.contains("GL") || text.contains("gl") {
            "无法打开窗口：显卡驱动不支持 OpenGL 2.0 以上，请更新显卡驱动".to_string()
        } else {
            "无法打开窗口：图形界面初始化失败（可用命令行 yusuan help）".to_string()
        }
    })
}
