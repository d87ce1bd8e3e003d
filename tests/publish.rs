//! The published outputs besides the workbook: the charts (their figures, their PNGs), the
//! PDF (read back with poppler's pdftotext and pdfinfo), and the narrative's .docx.
//! Expected figures come from the seed (tests/fixtures/seed_2025.txt).

mod common;

use std::io::Read;
use std::process::Command;
use yusuan::engine::charts::{self, ChartId, Kind, Level};
use yusuan::engine::money::Money;
use yusuan::engine::tables::Sums;

const SEED: &str = include_str!("fixtures/seed_2025.txt");

fn yuan(s: &str) -> Money {
    common::yuan(s)
}

fn norm(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '(' => '（',
            ')' => '）',
            c => c,
        })
        .collect()
}

/// The seed's 情况说明 (everything before the tables' 目录).
fn seed_narrative() -> &'static str {
    SEED.split("2025年渝北区部门预算公开表（目录）")
        .next()
        .unwrap()
}

/// The seed's tables (from the 目录 on).
fn seed_tables() -> &'static str {
    let i = SEED.find("2025年渝北区部门预算公开表（目录）").unwrap();
    &SEED[i..]
}

/// Every amount printed in the seed's tables: `1,234.56`.
fn seed_table_amounts() -> Vec<String> {
    let mut out = Vec::new();
    for field in seed_tables().split(['\t', '\n']) {
        let f = field.trim();
        let is_amount = f.len() > 3
            && f.as_bytes()[f.len() - 3] == b'.'
            && f.chars()
                .all(|c| c.is_ascii_digit() || c == ',' || c == '.');
        if is_amount && f != "0.00" {
            out.push(f.to_string());
        }
    }
    out
}

// ---- charts ------------------------------------------------------------------------------

#[test]
fn chart_figures_are_the_seeds() {
    let b = common::demo();
    // Spending by 类: the seed's table 3 (and the narrative's 占 83.5% …).
    let c = charts::function_shares(&b, &Sums::of(&b));
    let Kind::Shares { total, parts } = &c.kind else {
        panic!("shares")
    };
    assert_eq!(*total, yuan("10,250,408.78"));
    let got: Vec<(&str, Money)> = parts.iter().map(|p| (p.label.as_str(), p.amount)).collect();
    assert_eq!(
        got,
        vec![
            ("一般公共服务支出", yuan("8,555,192.31")),
            ("社会保障和就业支出", yuan("1,059,931.84")),
            ("住房保障支出", yuan("341,882.52")),
            ("卫生健康支出", yuan("293,402.11")),
        ]
    );
    // 8,555,192.31 / 10,250,408.78 = 83.4619…%
    assert_eq!(parts[0].share.unwrap().to_string(), "83.46");

    let c = charts::basic_project(&b, &Sums::of(&b));
    let Kind::Shares { parts, .. } = &c.kind else {
        panic!("shares")
    };
    assert_eq!(parts[0].label, "基本支出");
    assert_eq!(parts[0].amount, yuan("6,817,408.78"));
    assert_eq!(parts[1].amount, yuan("3,433,000.00"));

    // This year against last by 款: table 5's 2024 and 2025 columns.
    let c = charts::year_on_year(&b, &Sums::of(&b), Level::Kuan);
    let Kind::Compare { pairs, .. } = &c.kind else {
        panic!("compare")
    };
    let got: Vec<(&str, Money, Money)> = pairs
        .iter()
        .map(|p| (p.label.as_str(), p.prior, p.current))
        .collect();
    assert_eq!(
        got,
        vec![
            ("20140 信访事务", yuan("8,928,244.61"), yuan("8,555,192.31")),
            (
                "20805 行政事业单位养老支出",
                yuan("742,527.76"),
                yuan("1,059,931.84")
            ),
            (
                "21011 行政事业单位医疗",
                yuan("281,657.40"),
                yuan("293,402.11")
            ),
            ("22102 住房改革支出", yuan("311,708.88"), yuan("341,882.52")),
        ]
    );
    // By 项 there are the seed's ten 项 rows (2014001 … 2210201).
    let c = charts::year_on_year(&b, &Sums::of(&b), Level::Xiang);
    let Kind::Compare { pairs, .. } = &c.kind else {
        panic!("compare")
    };
    assert_eq!(pairs.len(), 10);
    let p = pairs
        .iter()
        .find(|p| p.label.starts_with("2014004"))
        .unwrap();
    assert_eq!(
        (p.prior, p.current),
        (yuan("2,046,000.00"), yuan("1,293,000.00"))
    );
    // (1,293,000 − 2,046,000) / 2,046,000 = −36.80%
    assert_eq!(p.change().unwrap().to_string(), "-36.8");

    // 三公: 公务接待费 7,000, 公务用车运行维护费 45,000, both years.
    let c = charts::three_public(&b, &Sums::of(&b));
    let Kind::Compare { pairs, .. } = &c.kind else {
        panic!("compare")
    };
    let run = pairs
        .iter()
        .find(|p| p.label == "公务用车运行维护费")
        .unwrap();
    assert_eq!((run.prior, run.current), (yuan("45,000"), yuan("45,000")));
    let rec = pairs.iter().find(|p| p.label == "公务接待费").unwrap();
    assert_eq!((rec.prior, rec.current), (yuan("7,000"), yuan("7,000")));

    let c = charts::income_sources(&b);
    let Kind::Shares { parts, .. } = &c.kind else {
        panic!("shares")
    };
    assert_eq!(parts.len(), 1);
    assert_eq!(parts[0].label, "一般公共预算财政拨款");
    assert_eq!(parts[0].amount, yuan("10,250,408.78"));
}

#[test]
fn key_figures_are_the_seeds() {
    let b = common::demo();
    let k = charts::key_figures(&b, &Sums::of(&b));
    let get = |l: &str| k.iter().find(|f| f.label == l).unwrap();
    assert_eq!(get("收入总计").amount, yuan("10,250,408.78"));
    // The narrative: 收入较 2024 年减少 13,729.87 元.
    assert!(
        get("收入总计").note.contains("减少 13,729.87"),
        "{:?}",
        get("收入总计")
    );
    assert_eq!(get("基本支出").amount, yuan("6,817,408.78"));
    assert_eq!(get("项目支出").amount, yuan("3,433,000.00"));
    assert_eq!(get("“三公”经费").amount, yuan("52,000"));
    assert_eq!(get("“三公”经费").note, "与上年持平");
}

#[test]
fn a_budget_without_data_gives_empty_charts_that_still_draw() {
    let mut b = common::demo();
    b.lines.clear();
    b.income.clear();
    b.prior_functions.clear();
    b.prior_items.clear();
    for c in charts::all(&b, &Sums::of(&b), Level::Xiang) {
        if c.id != ChartId::ThreePublic {
            assert!(c.is_empty(), "{:?}", c.id);
        }
        let svg = yusuan::exchange::export::svg::render(&c);
        let png = yusuan::exchange::export::charts::png(&svg, 1.0).unwrap();
        assert!(png.starts_with(b"\x89PNG"));
    }
}

#[test]
fn chart_pngs_are_drawn_with_the_chinese_font() {
    let b = common::demo();
    let dir = common::tempdir();
    let files = yusuan::exchange::export::charts::write_pngs(&b, dir.path()).unwrap();
    assert_eq!(files.len(), 5);
    for f in &files {
        let bytes = std::fs::read(f).unwrap();
        let img = resvg::tiny_skia::Pixmap::decode_png(&bytes).unwrap();
        assert_eq!(img.width(), 1640, "{}", f.display());
        // Not blank: a fair share of the pixels is ink.
        let ink = img
            .pixels()
            .iter()
            .filter(|p| p.red() < 128 || p.blue() < 128)
            .count();
        assert!(ink > 5_000, "{}: {ink} dark pixels", f.display());
    }
    // The title is drawn in glyphs (text left out would leave the top band white).
    let bytes = std::fs::read(&files[0]).unwrap();
    let img = resvg::tiny_skia::Pixmap::decode_png(&bytes).unwrap();
    let title_ink = (0..img.width())
        .flat_map(|x| (30..80).map(move |y| (x, y)))
        .filter(|&(x, y)| img.pixel(x, y).is_some_and(|p| p.red() < 100))
        .count();
    assert!(title_ink > 1_000, "title ink {title_ink}");
}

// ---- PDF ---------------------------------------------------------------------------------

fn poppler(tool: &str, args: &[&str]) -> String {
    let o = Command::new(tool)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{tool} (poppler-utils) is needed by this test: {e}"));
    assert!(
        o.status.success(),
        "{tool}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).unwrap()
}

#[test]
fn the_pdf_holds_every_table_figure_and_the_narrative() {
    let b = common::demo();
    let dir = common::tempdir();
    let path = dir.path().join("预算.pdf");
    yusuan::exchange::export::pdf::write(&b, &path, &Default::default()).unwrap();
    let p = path.to_str().unwrap();

    let info = poppler("pdfinfo", &[p]);
    assert!(info.contains("(A4)"), "{info}");
    let fonts = poppler("pdffonts", &[p]);
    // One font, embedded and subset (name like ABCDEF+NotoSansCJKsc-Regular…, emb yes sub yes).
    let font_lines: Vec<&str> = fonts.lines().skip(2).collect();
    assert_eq!(font_lines.len(), 1, "{fonts}");
    assert!(font_lines[0].contains("+NotoSansCJKsc"), "{fonts}");
    assert!(font_lines[0].contains(" yes yes yes "), "{fonts}");

    let text = poppler("pdftotext", &["-layout", p, "-"]);
    // Every amount the seed's tables print.
    let amounts = seed_table_amounts();
    assert!(amounts.len() > 200, "{} amounts", amounts.len());
    let missing: Vec<&String> = amounts
        .iter()
        .filter(|a| !text.contains(a.as_str()))
        .collect();
    assert!(missing.is_empty(), "not in the PDF: {missing:?}");
    // Every table title, and the 目录.
    for (_, _, title) in yusuan::engine::tables::contents(2025, "渝北区") {
        assert!(norm(&text).contains(&norm(&title)), "{title}");
    }
    // The key figures of the first page, in 万元.
    let first = poppler("pdftotext", &["-f", "1", "-l", "1", p, "-"]);
    assert!(first.contains("1,025.04 万元"), "{first}");
    assert!(first.contains("681.74 万元"), "{first}");
    // The narrative: every sentence of the seed's 情况说明 but its one slip.
    let flat = norm(&text);
    let missing: Vec<String> = norm(seed_narrative())
        .split('。')
        .filter(|s| !s.is_empty() && !s.contains("纳入一般绩效评价的项目9个"))
        .filter(|s| !flat.contains(*s))
        .map(str::to_string)
        .collect();
    assert!(missing.is_empty(), "sentences not in the PDF: {missing:#?}");
}

#[test]
fn the_pdf_in_wan_prints_the_wan_tables() {
    let b = common::demo();
    let bytes = yusuan::exchange::export::pdf::to_bytes(
        &b,
        &yusuan::exchange::export::pdf::Options {
            in_wan: true,
            remarks: false,
            working: false,
        },
    )
    .unwrap();
    let dir = common::tempdir();
    let path = dir.path().join("wan.pdf");
    std::fs::write(&path, bytes).unwrap();
    let text = poppler("pdftotext", &["-layout", path.to_str().unwrap(), "-"]);
    // 10,250,408.78 元 = 1,025.04 万元; 8,555,192.31 元 = 855.52 万元.
    // The table pages (those with 部门全称) print 万元; the narrative keeps its 元.
    let table_pages: Vec<&str> = text
        .split('\x0c')
        .filter(|p| p.contains("部门全称"))
        .collect();
    assert!(table_pages.len() >= 14, "{} table pages", table_pages.len());
    assert!(table_pages.iter().all(|p| p.contains("单位：万元")));
    assert!(table_pages.iter().any(|p| p.contains("855.52")));
    assert!(table_pages.iter().all(|p| !p.contains("8,555,192.31")));
}

// ---- docx --------------------------------------------------------------------------------

/// The paragraphs of a .docx: the text of each `<w:p>`.
fn docx_paragraphs(bytes: &[u8]) -> Vec<String> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    for part in ["[Content_Types].xml", "_rels/.rels", "word/styles.xml"] {
        assert!(zip.by_name(part).is_ok(), "{part}");
    }
    xml.split("</w:p>")
        .filter(|p| p.contains("<w:t"))
        .map(|p| {
            let mut out = String::new();
            for piece in p.split("<w:t").skip(1) {
                let body = &piece[piece.find('>').unwrap() + 1..];
                let end = body.find("</w:t>").unwrap();
                out.push_str(
                    &body[..end]
                        .replace("&lt;", "<")
                        .replace("&gt;", ">")
                        .replace("&quot;", "\"")
                        .replace("&amp;", "&"),
                );
            }
            out
        })
        .collect()
}

#[test]
fn the_docx_narrative_is_the_seeds() {
    let b = common::demo();
    let paragraphs = docx_paragraphs(&yusuan::exchange::export::docx::to_bytes(&b).unwrap());
    assert_eq!(
        paragraphs[0],
        "重庆市渝北区信访办公室2025年部门预算情况说明"
    );
    assert_eq!(paragraphs[1], "一、单位基本情况");
    let ours: Vec<String> = norm(&paragraphs.join("\n"))
        .split('。')
        .map(str::to_string)
        .collect();
    let seed: Vec<String> = norm(seed_narrative())
        .split('。')
        .map(str::to_string)
        .collect();
    assert_eq!(ours.len(), seed.len());
    let differing: Vec<(&String, &String)> =
        ours.iter().zip(&seed).filter(|(o, s)| o != s).collect();
    assert_eq!(differing.len(), 1, "{differing:#?}");
    assert!(differing[0].1.contains("纳入一般绩效评价的项目9个"));
}

#[test]
fn exports_replace_whole_files_and_keep_nothing_half_written() {
    let b = common::demo();
    let dir = common::tempdir();
    let path = dir.path().join("说明.docx");
    std::fs::write(&path, b"old").unwrap();
    yusuan::exchange::export::docx::write(&b, &path).unwrap();
    assert!(std::fs::read(&path).unwrap().starts_with(b"PK"));
    // No temporary file is left beside it.
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(names.len(), 1);
    // Into a folder that does not exist: a message, and nothing written.
    let bad = dir.path().join("没有这个目录").join("x.pdf");
    let e = yusuan::exchange::export::pdf::write(&b, &bad, &Default::default()).unwrap_err();
    assert!(e.contains("无法写入"), "{e}");
}

#[test]
fn remarks_can_be_included_in_the_pdf() {
    let mut b = common::demo();
    b.remarks.push(yusuan::engine::model::Remark {
        id: 1,
        target: "支出明细|#1|金额".into(),
        author: "李审核".into(),
        created: "2026-11-28 21:30".into(),
        text: "基本工资增幅较大，请补充说明原因".into(),
        resolved: false,
    });
    let dir = common::tempdir();
    let with = dir.path().join("with.pdf");
    let without = dir.path().join("without.pdf");
    let opts = yusuan::exchange::export::pdf::Options {
        in_wan: false,
        remarks: true,
        working: false,
    };
    yusuan::exchange::export::pdf::write(&b, &with, &opts).unwrap();
    yusuan::exchange::export::pdf::write(&b, &without, &Default::default()).unwrap();
    let text = norm(&poppler("pdftotext", &[with.to_str().unwrap(), "-"]));
    assert!(
        text.contains("【未解决】支出明细#1·金额李审核2026-11-2821:30"),
        "{text}"
    );
    assert!(text.contains("基本工资增幅较大，请补充说明原因"));
    let text = poppler("pdftotext", &[without.to_str().unwrap(), "-"]);
    assert!(!text.contains("李审核"));
}

/// The Shanghai demo's PDF: its 目录 and 9 titles, and every amount its published tables
/// print (`tests/fixtures/shanghai_shangwuwei_2025.txt`), in 元 and, for table 9, 万元.
#[test]
fn the_shanghai_pdf_prints_its_nine_tables() {
    let b = yusuan::exchange::demo::shanghai_demo_budget().unwrap();
    let dir = common::tempdir();
    let path = dir.path().join("商务委.pdf");
    yusuan::exchange::export::pdf::write(&b, &path, &Default::default()).unwrap();
    let text = poppler("pdftotext", &["-layout", path.to_str().unwrap(), "-"]);
    let printed = include_str!("fixtures/shanghai_shangwuwei_2025.txt");
    // From the title of table 1 (its second mention: the first is in the 目录).
    let start = printed
        .match_indices("2025年部门财务收支预算总表")
        .nth(1)
        .unwrap()
        .0;
    let tables_part = &printed[start..];
    let tables_part = &tables_part[..tables_part.find("其他相关情况说明").unwrap()];
    let amounts: Vec<&str> = tables_part
        .split_whitespace()
        .filter(|f| {
            f.len() > 3
                && f.as_bytes()[f.len() - 3] == b'.'
                && f.chars()
                    .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
        })
        .collect();
    assert!(amounts.len() > 280, "{} amounts", amounts.len());
    let missing: Vec<&&str> = amounts.iter().filter(|a| !text.contains(**a)).collect();
    assert!(missing.is_empty(), "not in the PDF: {missing:?}");
    let flat = norm(&text);
    assert!(flat.contains(&norm("2025年部门预算表")));
    for t in yusuan::engine::tables::all_tables(&b) {
        assert!(flat.contains(&norm(&t.title)), "{}", t.title);
    }
    assert!(flat.contains(&norm(
        "注:本部门2025年无国有资本经营预算财政拨款安排的预算，故本表为空表。"
    )));
    // Its 情况说明 is Shanghai's, as published (the figures of its first sentences, a 项
    // with its 主要用于, the 三公 and a project's section).
    for sentence in [
        "2025年部门预算编制说明",
        "2025年，上海市普陀区商务委员会收入预算37,151.47万元，其中：财政拨款收入37,151.47万元，比2024年预算执行数增加24,558.18万元",
        "“一般公共服务支出（类）商贸事务（款）一般行政管理事务（项）”454.50万元，主要用于商贸事务支出。",
        "2025年“三公”经费预算数为1.00万元，与2024年预算持平。",
        "科技创新专项经费情况说明",
    ] {
        assert!(flat.contains(&norm(sentence)), "{sentence}");
    }
    assert!(
        !flat.contains(&norm("部门预算情况说明")),
        "no 重庆 narrative"
    );
}

/// The Shanghai demo's .docx is Shanghai's 情况说明, paragraph for paragraph.
#[test]
fn the_shanghai_docx_follows_its_layout() {
    let b = yusuan::exchange::demo::shanghai_demo_budget().unwrap();
    let paragraphs = docx_paragraphs(&yusuan::exchange::export::docx::to_bytes(&b).unwrap());
    let n = yusuan::engine::narrative::narrative(&b);
    // A text of several lines (职能职责) is a paragraph a line.
    let ours: Vec<String> = n
        .sections
        .iter()
        .flat_map(|s| {
            s.paragraphs
                .iter()
                .flat_map(|p| p.text.lines().map(str::to_string))
        })
        .filter(|l| !l.trim().is_empty())
        .collect();
    for p in &ours {
        assert!(paragraphs.iter().any(|d| d.trim() == p.trim()), "{p}");
    }
    assert!(paragraphs.iter().any(|d| d.contains("其他相关情况说明")));
}

/// The 三公 chart leaves out the items with nothing in either year and names them under
/// the bars, and carries the 合计 (the demo: 公务接待费 7,000 and 公务用车运行维护费 45,000
/// in both years, so 52,000 against 52,000). Parts of a whole are drawn as bars in the
/// files as on screen: no pie, and the lone income source is one bar of 100%.
#[test]
fn charts_leave_out_empty_items_and_draw_bars() {
    let b = common::demo();
    let sums = Sums::of(&b);
    let c = charts::three_public(&b, &sums);
    let Kind::Compare {
        pairs,
        total,
        omitted,
        ..
    } = &c.kind
    else {
        panic!("compare")
    };
    let labels: Vec<&str> = pairs.iter().map(|p| p.label.as_str()).collect();
    assert_eq!(labels, ["公务用车运行维护费", "公务接待费"]);
    assert_eq!(omitted, &["因公出国（境）费", "公务用车购置费"]);
    let t = total.as_ref().unwrap();
    assert_eq!((t.prior, t.current), (yuan("52,000"), yuan("52,000")));
    let svg = yusuan::exchange::export::svg::render(&c);
    assert!(svg.contains("本年和上年均未安排：因公出国（境）费、公务用车购置费"));
    assert!(svg.contains(">合计<"));
    assert!(!svg.contains(">0.00<"), "no empty bars: {svg}");
    for c in charts::all(&b, &sums, Level::Kuan) {
        let svg = yusuan::exchange::export::svg::render(&c);
        assert!(
            !svg.contains("<circle") && !svg.contains("<path"),
            "{:?}",
            c.id
        );
    }
    let income = yusuan::exchange::export::svg::render(&charts::income_sources(&b));
    assert_eq!(income.matches("<rect").count(), 2, "the page and one bar");
    assert!(income.contains(">100.00%<"));
}
