//! Benchmarks (issue 7): `cargo bench --bench perf`. Each figure is the median and the
//! worst of repeated runs, in release mode. Nothing here asserts a time: the figures go
//! to BENCHMARKS.md.

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};
use yusuan::app::document::Document;
use yusuan::engine::derived::Derived;
use yusuan::engine::edit::Edit;
use yusuan::engine::money::Money;
use yusuan::engine::store::{Access, Store};
use yusuan::exchange::generate::{GenSpec, large_budget};

struct Figures {
    name: String,
    runs: Vec<Duration>,
}

impl Figures {
    fn report(&self) {
        let mut v = self.runs.clone();
        v.sort();
        let median = v[v.len() / 2];
        let worst = *v.last().unwrap();
        println!(
            "| {} | {} | {:.3} ms | {:.3} ms |",
            self.name,
            v.len(),
            ms(median),
            ms(worst)
        );
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn time<T>(name: &str, n: usize, mut f: impl FnMut(usize) -> T) -> Figures {
    // One warm-up run.
    black_box(f(0));
    let runs = (1..=n)
        .map(|i| {
            let t = Instant::now();
            black_box(f(i));
            t.elapsed()
        })
        .collect();
    Figures {
        name: name.into(),
        runs,
    }
}

/// A budget to measure, with its file.
struct Size {
    label: &'static str,
    budget: yusuan::engine::model::Budget,
    path: std::path::PathBuf,
    /// How many runs a figure takes (fewer on the largest).
    runs: usize,
}

fn main() {
    let only = std::env::args().nth(1).filter(|a| !a.starts_with('-'));
    let want = |k: &str| only.as_deref().is_none_or(|o| k.contains(o));
    let dir = tempfile::tempdir().unwrap();
    let demo = yusuan::exchange::demo::demo_budget().unwrap();
    let demo_path = dir.path().join("demo.db");
    drop(Store::create(&demo_path, &demo).unwrap());
    // A large department (20,000 lines) and a city's consolidated budget (200,000);
    // `YUSUAN_BENCH_LINES=20000` measures one size only.
    let sizes: Vec<Size> = std::env::var("YUSUAN_BENCH_LINES")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
        .map_or(vec![20_000, 200_000], |n| vec![n])
        .into_iter()
        .map(|n| {
            let budget = large_budget(GenSpec::of_lines(n));
            let path = dir.path().join(format!("big{n}.db"));
            drop(Store::create(&path, &budget).unwrap());
            Size {
                label: if n == 20_000 {
                    "20,000 lines"
                } else if n == 200_000 {
                    "200,000 lines"
                } else {
                    Box::leak(format!("{n} lines").into_boxed_str())
                },
                budget,
                path,
                runs: if n > 50_000 { 10 } else { 30 },
            }
        })
        .collect();
    let big = &sizes[0].budget;
    let big_path = &sizes[0].path;
    println!("| benchmark | runs | median | worst |");
    println!("|---|---|---|---|");

    if want("recalc") {
        time(
            "full derivation of all tables and checks, demo (89 lines)",
            200,
            |_| Derived::of(&demo),
        )
        .report();
        for z in &sizes {
            let (b, label, n) = (&z.budget, z.label, z.runs);
            time(
                &format!("full derivation of all tables and checks, {label}"),
                n,
                |_| Derived::of(b),
            )
            .report();
            let sums = yusuan::engine::tables::Sums::of(b);
            time(&format!("  the lines' sums, {label}"), n, |_| {
                yusuan::engine::tables::Sums::of(b)
            })
            .report();
            time(&format!("  the tables, one thread, {label}"), n, |_| {
                (1..=b.layout.len() as u8)
                    .map(|t| yusuan::engine::tables::table_of(b, &sums, t))
                    .collect::<Vec<_>>()
            })
            .report();
            time(&format!("  the checks, one thread, {label}"), n, |_| {
                yusuan::engine::checks::budget_checks(b, &sums)
            })
            .report();
            for c in yusuan::engine::checks::CHECKS {
                let f = time(&format!("    check {}, {label}", c.name), 5, |_| {
                    let mut out = Vec::new();
                    c.whole(b, &sums, &mut out);
                    if c.has_lines() {
                        for l in &b.lines {
                            c.line(b, l, &mut out);
                        }
                    }
                    out
                });
                let mut v = f.runs.clone();
                v.sort();
                if ms(v[v.len() / 2]) > 0.3 {
                    f.report();
                }
            }
            for t in 1..=b.layout.len() as u8 {
                let f = time(&format!("    table {t}, {label}"), 5, |_| {
                    yusuan::engine::tables::table_of(b, &sums, t)
                });
                let mut v = f.runs.clone();
                v.sort();
                if ms(v[v.len() / 2]) > 0.3 {
                    f.report();
                }
            }
        }
    }
    if want("update") {
        for z in &sizes {
            let (b, label) = (&z.budget, z.label);
            // What an edit of one line costs the derivation kept current: the line
            // leaves its group and joins it again, its checks run again, and so do the
            // checks and tables that read lines.
            let mut d = Derived::of(b);
            let ids: Vec<i64> = b.lines.iter().step_by(97).map(|l| l.id).collect();
            time(
                &format!("derivation kept current after an edit of one line, {label}"),
                200,
                |i| {
                    let t = yusuan::engine::edit::Touched {
                        parts: yusuan::engine::parts::Parts::LINES,
                        lines: vec![ids[i % ids.len()]],
                        ..Default::default()
                    };
                    d.update(b, &t);
                },
            )
            .report();
            let many: Vec<i64> = b.lines.iter().take(10_000).map(|l| l.id).collect();
            time(
                &format!("derivation kept current after an edit of 10,000 lines, {label}"),
                10,
                |_| {
                    let t = yusuan::engine::edit::Touched {
                        parts: yusuan::engine::parts::Parts::LINES,
                        lines: many.clone(),
                        ..Default::default()
                    };
                    d.update(b, &t);
                },
            )
            .report();
            let s = d.sums();
            println!(
                "| (groups of lines, {label}: {} coarse, {} by project) | | | |",
                s.coarse.live().count(),
                s.fine.live().count()
            );
        }
    }
    if want("open") {
        for z in &sizes {
            let n = z.runs.min(20);
            // As created (no write by the editor yet): verified in full on opening.
            time(
                &format!("opening a file not yet proven (verify, load), {}", z.label),
                n.min(5),
                |_| Store::open(&z.path, Access::ReadWrite).unwrap(),
            )
            .report();
            // After an edit: the file's change counter is what the editor's last write
            // left, so it is opened without verifying again.
            let mut store = Store::open(&z.path, Access::ReadWrite).unwrap();
            let l = store.budget().lines[0].clone();
            store.apply(Edit::PutLines(vec![l])).unwrap();
            drop(store);
            time(
                &format!("opening the file the editor wrote last (load), {}", z.label),
                n,
                |_| Store::open(&z.path, Access::ReadWrite).unwrap(),
            )
            .report();
            time(
                &format!("opening it in the editor (lock, load, derive), {}", z.label),
                n,
                |_| Document::open(&z.path, false).unwrap(),
            )
            .report();
        }
    }
    if want("edit") {
        let files: Vec<(&str, &Path)> = std::iter::once(("demo", demo_path.as_path()))
            .chain(sizes.iter().map(|z| (z.label, z.path.as_path())))
            .collect();
        for (label, path) in &files {
            let mut store = Store::open(path, Access::ReadWrite).unwrap();
            let line = store.budget().lines[0].clone();
            time(
                &format!("one durable edit (Store::apply), {label}"),
                200,
                |i| {
                    let mut l = line.clone();
                    l.amount = Money::from_fen(100_000 + i as i64);
                    store.apply(Edit::PutLines(vec![l])).unwrap()
                },
            )
            .report();
            drop(store);
            editor_edits(path, label, "");
        }
        // The same on Shanghai's 9 tables, whose 情况说明 the narrative-texts check builds.
        for z in &sizes {
            let path = dir
                .path()
                .join(format!("shanghai{}.db", z.budget.lines.len()));
            std::fs::copy(&z.path, &path).unwrap();
            let mut store = Store::open(&path, Access::ReadWrite).unwrap();
            let layout = yusuan::engine::layout::builtin("shanghai-district-9").unwrap();
            store.apply(Edit::SetLayout(layout)).unwrap();
            drop(store);
            editor_edits(&path, z.label, ", Shanghai's 9 tables");
        }
    }
    if want("paste") {
        // 10,000 lines copied out of 支出明细 as the grid copies them (with the header),
        // pasted back as new lines: parsed, checked, stored as one edit, derived; then
        // undone, so that every run starts from the same budget.
        for z in &sizes {
            let mut doc = Document::open(&z.path, false).unwrap();
            let some: Vec<&yusuan::engine::model::Line> =
                doc.budget().lines.iter().take(10_000).collect();
            let text = yusuan::exchange::paste::lines_to_tsv(doc.budget(), &some);
            let (mut parse, mut store, mut undo) = (Vec::new(), Vec::new(), Vec::new());
            for _ in 0..5 {
                let t = Instant::now();
                let b = doc.budget();
                let mut new = yusuan::exchange::paste::parse_lines(&text, b).unwrap();
                for (seq, l) in (b.next_seq()..).zip(new.iter_mut()) {
                    l.id = 0;
                    l.seq = seq;
                }
                parse.push(t.elapsed());
                let t = Instant::now();
                doc.apply(Edit::PutLines(new)).unwrap();
                store.push(t.elapsed());
                let t = Instant::now();
                doc.undo().unwrap();
                undo.push(t.elapsed());
            }
            let total: Vec<Duration> = parse.iter().zip(&store).map(|(a, b)| *a + *b).collect();
            for (what, runs) in [
                ("paste of 10,000 lines (parse, store, derive)", total),
                ("  parse and check the text", parse),
                ("  store as one edit, derive", store),
                ("  undo it (store, derive)", undo),
            ] {
                Figures {
                    name: format!("{what}, {}", z.label),
                    runs,
                }
                .report();
            }
        }
    }
    if want("frame") {
        for z in &sizes {
            frames(&z.path, z.label);
        }
    }
    if want("export") {
        time("xlsx of the 目录 and 17 tables, demo", 20, |_| {
            yusuan::exchange::export::xlsx::to_bytes(&demo, false, false).unwrap()
        })
        .report();
        time("xlsx of the 目录 and 17 tables, 20,000 lines", 5, |_| {
            yusuan::exchange::export::xlsx::to_bytes(big, false, false).unwrap()
        })
        .report();
        time(
            "PDF (charts, 目录, 17 tables, 情况说明), demo",
            10,
            |_| yusuan::exchange::export::pdf::to_bytes(&demo, &Default::default()).unwrap(),
        )
        .report();
        time(
            "PDF (charts, 目录, 17 tables, 情况说明), 20,000 lines",
            3,
            |_| yusuan::exchange::export::pdf::to_bytes(big, &Default::default()).unwrap(),
        )
        .report();
        time("情况说明 .docx, demo", 20, |_| {
            yusuan::exchange::export::docx::to_bytes(&demo).unwrap()
        })
        .report();
        time("5 chart PNGs (1640 px wide), demo", 5, |_| {
            let out = dir.path().join("charts");
            yusuan::exchange::export::charts::write_pngs(&demo, &out).unwrap()
        })
        .report();
    }
    if want("data") {
        // The data workbook (export --data) and its import into a new file of the
        // same department: reading and checking every sheet, then the one edit.
        time(
            "data workbook (every record), 20,000 lines: write",
            5,
            |_| yusuan::exchange::workbook::data_xlsx(big, false).unwrap(),
        )
        .report();
        let data = dir.path().join("data.xlsx");
        std::fs::write(
            &data,
            yusuan::exchange::workbook::data_xlsx(big, false).unwrap(),
        )
        .unwrap();
        let empty = yusuan::engine::model::Budget {
            department: big.department.clone(),
            ..Default::default()
        };
        time(
            "data workbook, 20,000 lines: read and check (preview)",
            5,
            |_| {
                let p = yusuan::exchange::import::read(&data, &empty);
                assert!(p.problems.is_empty(), "{:?}", &p.problems[..1]);
                p
            },
        )
        .report();
        time(
            "data workbook, 20,000 lines: into a new file (preview and store)",
            3,
            |i| {
                let path = dir.path().join(format!("into{i}.db"));
                let mut store = Store::create(&path, &empty).unwrap();
                let edit = yusuan::exchange::import::read(&data, store.budget())
                    .edit()
                    .unwrap();
                store.apply(edit).unwrap();
            },
        )
        .report();
    }
    if want("consolidate") {
        // 300 department files of about 70 lines each (about 21,000 lines in all), and
        // 3,000 (about 200,000 lines: a city).
        for files in [300u32, 3_000] {
            if files > 300 && sizes.len() < 2 {
                continue;
            }
            let folder = dir.path().join(format!("departments{files}"));
            std::fs::create_dir_all(&folder).unwrap();
            for d in 0..files {
                let b = large_budget(GenSpec {
                    lines: if files > 300 { 67 } else { 70 },
                    units: 2,
                    projects: 2,
                    seed: 1 + d as u64,
                    department: 1000 + d,
                });
                drop(Store::create(&folder.join(format!("{}.db", 1000 + d)), &b).unwrap());
            }
            let runs = if files > 300 { 3 } else { 5 };
            time(
                &format!("consolidation of {files} department files (read, check, combine)"),
                runs,
                |_| yusuan::exchange::consolidate::consolidate_dir(&folder).unwrap(),
            )
            .report();
            let out = dir.path().join(format!("district{files}.db"));
            time(
                &format!("  and writing the combined file, {files} files"),
                runs,
                |_| {
                    let c = yusuan::exchange::consolidate::consolidate_dir(&folder).unwrap();
                    let _ = std::fs::remove_file(&out);
                    yusuan::exchange::consolidate::write(&c, &out).unwrap()
                },
            )
            .report();
        }
    }
    if want("libreoffice") {
        libreoffice(big_path, dir.path());
    }
    if want("staffing") {
        staffing(big, dir.path());
    }
    if want("tables") {
        let out = dir.path().join("tables");
        time("CSV of the 17 tables, 20,000 lines", 20, |_| {
            let t = yusuan::engine::tables::all_tables(big);
            yusuan::exchange::export::csv::write_all(&t, &out).unwrap()
        })
        .report();
    }
    let _ = Path::new(".");
}

/// CPU time of frames of the 支出明细 sheet with 20,000 lines as the app runs them: egui
/// layout and tessellation, without a GPU and without an accessibility tree.
fn plain_frames(path: &Path, label: &str) {
    let doc = Document::open(path, false).unwrap();
    let mut app = yusuan::app::ui::EditorApp::new(Ok(doc), Default::default());
    let ctx = egui::Context::default();
    yusuan::app::ui::install_fonts(&ctx);
    let screen = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1280.0, 800.0));
    let mut frame = |events: Vec<egui::Event>| {
        let input = egui::RawInput {
            screen_rect: Some(screen),
            events,
            ..Default::default()
        };
        let out = ctx.run_ui(input, |ui| app.show(ui));
        ctx.tessellate(out.shapes, out.pixels_per_point)
    };
    for _ in 0..5 {
        frame(vec![]);
    }
    time(
        &format!("frame of 支出明细, {label}, idle (egui + tessellation)"),
        100,
        |_| frame(vec![]),
    )
    .report();
    time(
        &format!("frame of 支出明细, {label}, scrolling (egui + tessellation)"),
        100,
        |_| {
            frame(vec![
                egui::Event::PointerMoved(egui::pos2(600.0, 300.0)),
                egui::Event::MouseWheel {
                    unit: egui::MouseWheelUnit::Line,
                    delta: egui::vec2(0.0, -3.0),
                    modifiers: egui::Modifiers::NONE,
                    phase: egui::TouchPhase::Move,
                    source: egui::MouseWheelSource::Wheel,
                },
            ])
        },
    )
    .report();
}

/// The same frames through egui_kittest (which also builds the accessibility tree every
/// frame), and an edit typed into the grid.
/// One edit in the editor after another, of a line of 基本支出 and of one of 项目支出 (whose
/// project's rows in the table of projects change too).
fn editor_edits(path: &Path, label: &str, layout: &str) {
    use yusuan::engine::kinds::Nature;
    let mut doc = Document::open(path, false).unwrap();
    for nature in [Nature::Basic, Nature::Project] {
        let Some(line) = doc
            .budget()
            .lines
            .iter()
            .find(|l| l.nature == nature)
            .cloned()
        else {
            continue;
        };
        time(
            &format!(
                "one edit of a {} line in the editor (store, undo, derivation kept current), {label}{layout}",
                nature.label()
            ),
            200,
            |i| {
                let mut l = line.clone();
                l.amount = Money::from_fen(200_000 + i as i64);
                doc.apply(Edit::PutLines(vec![l])).unwrap()
            },
        )
        .report();
    }
}

fn frames(path: &Path, label: &str) {
    plain_frames(path, label);
    use egui_kittest::Harness;
    let doc = Document::open(path, false).unwrap();
    let app = yusuan::app::ui::EditorApp::new(Ok(doc), Default::default());
    let mut h = Harness::builder()
        .with_size([1280.0, 800.0])
        .with_context_setup(yusuan::app::ui::install_fonts)
        .build_ui_state(|ui, app: &mut yusuan::app::ui::EditorApp| app.show(ui), app);
    h.run_steps(5);
    time(
        &format!("frame of 支出明细, {label}, idle (kittest)"),
        100,
        |_| h.step(),
    )
    .report();
    time(
        &format!("frame of 支出明细, {label}, scrolling"),
        100,
        |_| {
            h.event(egui::Event::MouseWheel {
                unit: egui::MouseWheelUnit::Line,
                delta: egui::vec2(0.0, -3.0),
                modifiers: egui::Modifiers::NONE,
                phase: egui::TouchPhase::Move,
                source: egui::MouseWheelSource::Wheel,
            });
            h.step()
        },
    )
    .report();
    // Editing: the cursor on an amount, type a digit, Enter (a frame with the store,
    // undo and recalculation), three frames per edit measured together.
    let cell = h
        .get_all_by_label_contains(".")
        .next()
        .map(|n| n.rect().center());
    if let Some(pos) = cell {
        h.event(egui::Event::PointerMoved(pos));
        h.event(egui::Event::PointerButton {
            pos,
            button: egui::PointerButton::Primary,
            pressed: true,
            modifiers: Default::default(),
        });
        h.event(egui::Event::PointerButton {
            pos,
            button: egui::PointerButton::Primary,
            pressed: false,
            modifiers: Default::default(),
        });
        h.run_steps(2);
    }
    time(
        &format!("an edit in the grid (type, Enter: 3 frames), {label}"),
        20,
        |i| {
            h.event(egui::Event::Text(format!("{}", 1000 + i)));
            h.step();
            h.key_press(egui::Key::Enter);
            h.step();
            h.step();
        },
    )
    .report();
}

use egui_kittest::kittest::Queryable;

/// A spreadsheet as a budget officer keeps one: the 20,000 lines on one sheet, and 支出总表
/// (table 3: every 类, 款 and 项 with 总计, 基本支出, 项目支出) on another, each figure a
/// SUMIFS over the lines. LibreOffice is set to recalculate on load, so opening it does
/// the work a spreadsheet does when its data change.
fn formula_workbook(b: &yusuan::engine::model::Budget, path: &Path) {
    use rust_xlsxwriter::{Formula, Workbook};
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("支出明细").unwrap();
    for (c, h) in ["单位", "功能科目", "部门经济科目", "支出性质", "金额"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (i, l) in b.lines.iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_string(
            r,
            0,
            b.unit(l.unit_id).map(|u| u.code.as_str()).unwrap_or(""),
        )
        .unwrap();
        ws.write_string(r, 1, &l.func_code).unwrap();
        ws.write_string(r, 2, &l.dept_econ).unwrap();
        ws.write_string(r, 3, l.nature.label()).unwrap();
        ws.write_number(r, 4, l.amount.to_f64_for_chart()).unwrap();
    }
    let n = b.lines.len() + 1;
    let t = wb.add_worksheet();
    t.set_name("支出总表").unwrap();
    for (c, h) in ["科目编码", "总计", "基本支出", "项目支出"]
        .iter()
        .enumerate()
    {
        t.write_string(0, c as u16, *h).unwrap();
    }
    let mut codes = std::collections::BTreeSet::new();
    for l in &b.lines {
        for k in [3, 5, 7] {
            codes.insert(l.func_code[..k].to_string());
        }
    }
    for (i, code) in codes.iter().enumerate() {
        let r = i as u32 + 1;
        t.write_string(r, 0, code).unwrap();
        let crit = format!("\"{code}*\"");
        t.write_formula(
            r,
            1,
            Formula::new(format!(
                "=SUMIFS(支出明细!$E$2:$E${n},支出明细!$B$2:$B${n},{crit})"
            )),
        )
        .unwrap();
        t.write_formula(r, 2, Formula::new(format!("=SUMIFS(支出明细!$E$2:$E${n},支出明细!$B$2:$B${n},{crit},支出明细!$D$2:$D${n},\"基本支出\")")))
            .unwrap();
        t.write_formula(r, 3, Formula::new(format!("=SUMIFS(支出明细!$E$2:$E${n},支出明细!$B$2:$B${n},{crit},支出明细!$D$2:$D${n},\"项目支出\")")))
            .unwrap();
    }
    wb.save(path).unwrap();
}

/// Side by side with LibreOffice Calc, in the same run: Calc opening (and recalculating)
/// and saving a workbook of the same 20,000-line budget, against yusuan opening the budget
/// file, deriving all 17 tables and the checks, and writing the published workbook.
fn libreoffice(big_path: &Path, dir: &Path) {
    let Ok(v) = std::process::Command::new("soffice")
        .arg("--version")
        .output()
    else {
        println!(
            "| LibreOffice comparison | — | — | — | soffice not installed (apt-get install libreoffice-calc-nogui) |"
        );
        return;
    };
    let version = String::from_utf8_lossy(&v.stdout).trim().to_string();
    let big = Store::open(big_path, Access::ReadOnly)
        .unwrap()
        .budget()
        .clone();
    let profile = dir.join("lo-profile");
    std::fs::create_dir_all(profile.join("user")).unwrap();
    // OOXMLRecalcMode 0: always recalculate an .xlsx on load.
    std::fs::write(
        profile.join("user/registrymodifications.xcu"),
        r#"<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"#,
    )
    .unwrap();
    let formulas = dir.join("officer.xlsx");
    formula_workbook(&big, &formulas);
    let published = dir.join("published.xlsx");
    yusuan::exchange::export::xlsx::write(&big, &published, false, false).unwrap();
    let out = dir.join("lo-out");
    let soffice = |input: &Path, to: &str| {
        let o = std::process::Command::new("soffice")
            .arg(format!(
                "-env:UserInstallation=file://{}",
                profile.display()
            ))
            .args(["--headless", "--calc", "--convert-to", to, "--outdir"])
            .arg(&out)
            .arg(input)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    };
    println!("| ({version}) | | | |");
    let empty = dir.join("empty.xlsx");
    rust_xlsxwriter::Workbook::new().save(&empty).unwrap();
    time(
        "LibreOffice: start, open an empty workbook, save (its fixed cost)",
        3,
        |_| soffice(&empty, "xlsx"),
    )
    .report();
    let lo_formulas = time(
        "LibreOffice: open the officer's workbook (20,000 lines, 支出总表 by SUMIFS), recalculate, save",
        3,
        |_| soffice(&formulas, "xlsx"),
    );
    lo_formulas.report();
    // The figures LibreOffice saved are computed, not the zeros the file was written with.
    {
        use calamine::Reader;
        let mut wb: calamine::Xlsx<_> = calamine::open_workbook(out.join("officer.xlsx")).unwrap();
        let sheet = wb.worksheet_range("支出总表").unwrap();
        let v = sheet.get_value((1, 1)).cloned();
        assert!(
            matches!(v, Some(calamine::Data::Float(f)) if f > 0.0),
            "LibreOffice did not recalculate: {v:?}"
        );
    }
    let lo_published = time(
        "LibreOffice: open the published workbook (17 tables), save as PDF",
        3,
        |_| soffice(&published, "pdf"),
    );
    lo_published.report();
    let ours = time(
        "yusuan: open the budget file, derive 17 tables and checks, write the xlsx",
        3,
        |_| {
            let doc = Document::open(big_path, true).unwrap();
            yusuan::exchange::export::xlsx::to_bytes(doc.budget(), false, false).unwrap()
        },
    );
    ours.report();
    let ours_pdf = time(
        "yusuan: open the budget file, derive, write the PDF (charts, 17 tables, 情况说明)",
        3,
        |_| {
            let doc = Document::open(big_path, true).unwrap();
            yusuan::exchange::export::pdf::to_bytes(doc.budget(), &Default::default()).unwrap()
        },
    );
    ours_pdf.report();
    let med = |f: &Figures| {
        let mut v = f.runs.clone();
        v.sort();
        ms(v[v.len() / 2])
    };
    println!(
        "| ratio: LibreOffice recalculating one table / yusuan deriving all 17 and the workbook | | {:.0}× | |",
        med(&lo_formulas) / med(&ours)
    );
    println!(
        "| ratio: LibreOffice printing the workbook to PDF / yusuan writing its PDF | | {:.1}× | |",
        med(&lo_published) / med(&ours_pdf)
    );
}

/// 基本支出测算 (issue 28): a department of 20,000 lines with a roster of 2,000 rows and
/// 40 rules. One roster edit stores the person, recomputes the unit's lines and keeps the
/// derivation current, in one step; what that costs beyond the durable write is the
/// recomputation and the derivation, measured apart.
fn staffing(big: &yusuan::engine::model::Budget, dir: &Path) {
    use yusuan::engine::kinds::*;
    use yusuan::engine::model::{Person, Rule};
    use yusuan::engine::records::Kind;
    use yusuan::engine::staffing;
    let mut b = big.clone();
    let main = b.lines[0].func_code.clone();
    for u in &mut b.units {
        u.main_func = main.clone();
    }
    let mut rules = staffing::file::builtin("general", &b)
        .unwrap()
        .unwrap()
        .rules;
    let used: Vec<String> = rules.iter().map(|r| r.econ.clone()).collect();
    let econs: Vec<String> = b
        .catalog
        .dept_economic
        .iter()
        .map(|(c, _)| c)
        .filter(|c| c.len() == 5 && ["301", "302", "303"].iter().any(|p| c.starts_with(p)))
        .filter(|c| !used.iter().any(|u| u == *c))
        .map(str::to_string)
        .collect();
    for i in 0..32 {
        let way = [
            RuleWay::PerHead,
            RuleWay::Rate,
            RuleWay::PerMonth,
            RuleWay::PerUnit,
        ][i % 4];
        let (base, categories) = match way {
            RuleWay::Rate => ("基本工资+津贴补贴", ""),
            RuleWay::PerMonth => ("生活补助", "退休、遗属"),
            _ => ("", ""),
        };
        rules.push(Rule {
            id: rules.len() as i64 + 1,
            name: format!("规则{i}"),
            way,
            base: base.into(),
            rate: rust_decimal::Decimal::from(1 + i as i64 % 7 * 100),
            categories: categories.into(),
            econ: econs[i % econs.len()].clone(),
            seq: rules.len() as i64 + 1,
            ..Rule::blank()
        });
    }
    b.rules = rules;
    let units: Vec<i64> = b.units.iter().map(|u| u.id).collect();
    b.persons = (0..2_000)
        .map(|i| Person {
            id: i as i64 + 1,
            unit_id: units[i % units.len()],
            category: [
                StaffCategory::Serving,
                StaffCategory::Serving,
                StaffCategory::Retired,
            ][i % 3],
            count: 1 + (i % 3) as u32,
            months: 12 - (i % 4) as u32,
            base_pay: Money::from_fen(300_000 + i as i64 * 7),
            allowance: Money::from_fen(200_000),
            performance: Money::from_fen(250_000),
            living: Money::from_fen(40_000),
            ..Person::blank()
        })
        .collect();
    staffing::fill(&mut b);
    // As a department that adopted the standards: the 基本支出 of the codes its rules
    // compute are no longer typed (the generated budget types every 301 code in every
    // unit; the worst case, where they are kept, is measured below).
    let worst = b.clone();
    let ruled: std::collections::HashSet<&str> = b.rules.iter().map(|r| r.econ.as_str()).collect();
    let typed: std::collections::HashSet<i64> = b
        .lines
        .iter()
        .filter(|l| {
            !l.is_computed() && l.nature == Nature::Basic && ruled.contains(l.dept_econ.as_str())
        })
        .map(|l| l.id)
        .collect();
    b.lines.retain(|l| !typed.contains(&l.id));
    let computed = b.lines.iter().filter(|l| l.is_computed()).count();
    let label = format!(
        "2,000 roster rows, 40 rules, {} lines ({computed} computed)",
        b.lines.len()
    );
    time(&format!("compute one unit's lines, {label}"), 200, |i| {
        staffing::unit_lines(&b, units[i % units.len()])
    })
    .report();
    time(
        &format!("compute every unit's lines (the 测算表), {label}"),
        30,
        |_| staffing::all_lines(&b),
    )
    .report();
    time(
        &format!("the edit that brings one unit's lines up to date, {label}"),
        200,
        |i| staffing::refresh(&b, &[units[i % units.len()]]),
    )
    .report();
    let path = dir.join("staffing.db");
    let _ = std::fs::remove_file(&path);
    let mut doc = Document::create(&path, &b).unwrap();
    // One person's 基本工资, again and again: the store writes the person and the
    // unit's changed lines, and the derivation follows.
    let person = doc.budget().persons[7].clone();
    time(
        &format!("one roster edit in the editor (store, recompute, undo, derivation kept current), {label}"),
        200,
        |i| {
            let mut p = person.clone();
            p.base_pay = Money::from_fen(400_000 + i as i64);
            doc.apply(Edit::put(p)).unwrap()
        },
    )
    .report();
    let line = doc
        .budget()
        .lines
        .iter()
        .find(|l| !l.is_computed())
        .unwrap()
        .clone();
    time(
        &format!("one edit of a typed line in the same editor (for comparison), {label}"),
        200,
        |i| {
            let mut l = line.clone();
            l.amount = Money::from_fen(200_000 + i as i64);
            doc.apply(Edit::PutLines(vec![l])).unwrap()
        },
    )
    .report();
    // What each check that reads the roster costs on its own.
    let sums = yusuan::engine::tables::Sums::of(doc.budget());
    for c in yusuan::engine::checks::CHECKS {
        if !c.reads.meets(yusuan::engine::parts::Parts::STAFF) {
            continue;
        }
        time(&format!("  check {}, {label}", c.name), 20, |_| {
            let mut out = Vec::new();
            c.whole(doc.budget(), &sums, &mut out);
            if c.has_lines() {
                for l in &doc.budget().lines {
                    c.line(doc.budget(), l, &mut out);
                }
            }
            out
        })
        .report();
    }
    // The worst case: every typed line of a computed code kept (each a finding).
    let mut d = Derived::of(&worst);
    let unit_lines: Vec<i64> = worst
        .lines
        .iter()
        .filter(|l| l.is_computed() && l.unit_id == person.unit_id)
        .map(|l| l.id)
        .collect();
    let label_worst = format!(
        "{} lines of which {} typed under a computed code",
        worst.lines.len(),
        worst.lines.len() - b.lines.len()
    );
    time(
        &format!("derivation kept current after a roster edit, worst case: {label_worst}"),
        20,
        |_| {
            let t = yusuan::engine::edit::Touched {
                parts: yusuan::engine::parts::Parts::STAFF
                    .with(yusuan::engine::parts::Parts::LINES),
                lines: unit_lines.clone(),
                ..Default::default()
            };
            d.update(&worst, &t);
        },
    )
    .report();
    // The derivation alone, after a roster edit: what the edit touched (the person and
    // the unit's recomputed lines), kept current.
    let mut d = Derived::of(doc.budget());
    let unit_lines: Vec<i64> = doc
        .budget()
        .lines
        .iter()
        .filter(|l| l.is_computed() && l.unit_id == person.unit_id)
        .map(|l| l.id)
        .collect();
    time(
        &format!("derivation kept current after a roster edit, {label}"),
        200,
        |_| {
            let t = yusuan::engine::edit::Touched {
                parts: yusuan::engine::parts::Parts::STAFF
                    .with(yusuan::engine::parts::Parts::LINES),
                lines: unit_lines.clone(),
                ..Default::default()
            };
            d.update(doc.budget(), &t);
        },
    )
    .report();
}
