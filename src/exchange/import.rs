//! Importing line items, projects, indicators and procurement from a workbook (.xlsx) or
//! a CSV file, laid out as the template ([`template_xlsx`]) or as the 一体化 system exports
//! them (its field names are understood: agency_code, exp_func_code, dep_bgt_eco_code,
//! gov_bgt_eco_code, fund_type_code, pro_code, pro_name, …).
//!
//! An import is read and checked whole first ([`read`]): the preview lists every row's
//! problems, sheet by sheet. Only an import without problems becomes one edit
//! ([`Preview::edit`]), which the store applies all or nothing.

use crate::edit::Edit;
use crate::exchange::sheet;
use crate::model::*;
use crate::paste;
use crate::records::{Field, FieldType, Kind};
use std::fmt;
use std::path::Path;

/// The sheets of an import, in the order they are applied.
pub const SHEETS: [&str; 4] = ["项目", "支出明细", "绩效指标", "政府采购"];

/// A problem in one row of one sheet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub sheet: String,
    /// 1-based row in the sheet (the header is row 1); 0 = the sheet or file as a whole.
    pub row: usize,
    pub column: String,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.row, self.column.is_empty()) {
            (0, _) => write!(f, "“{}”：{}", self.sheet, self.message),
            (r, true) => write!(f, "“{}”第 {r} 行：{}", self.sheet, self.message),
            (r, false) => write!(
                f,
                "“{}”第 {r} 行“{}”：{}",
                self.sheet, self.column, self.message
            ),
        }
    }
}

/// What an import would do, and what is wrong with it.
#[derive(Clone, Debug, Default)]
pub struct Preview {
    pub new_projects: Vec<Project>,
    /// Projects of the same name already in the budget, with their new contents.
    pub updated_projects: Vec<Project>,
    pub lines: Vec<Line>,
    pub indicators: Vec<Indicator>,
    pub procurement: Vec<Procurement>,
    pub problems: Vec<Problem>,
}

impl Preview {
    pub fn is_empty(&self) -> bool {
        self.new_projects.is_empty()
            && self.updated_projects.is_empty()
            && self.lines.is_empty()
            && self.indicators.is_empty()
            && self.procurement.is_empty()
    }

    /// `支出明细 120 条、项目 3 个（新增 2、更新 1）、绩效指标 8 个、政府采购 1 项`.
    pub fn summary(&self) -> String {
        format!(
            "支出明细 {} 条、项目 {} 个（新增 {}、更新 {}）、绩效指标 {} 个、政府采购 {} 项",
            self.lines.len(),
            self.new_projects.len() + self.updated_projects.len(),
            self.new_projects.len(),
            self.updated_projects.len(),
            self.indicators.len(),
            self.procurement.len()
        )
    }

    /// The import as one edit, when it has no problems.
    pub fn edit(&self) -> Option<Edit> {
        if !self.problems.is_empty() || self.is_empty() {
            return None;
        }
        let mut v: Vec<Edit> = Vec::new();
        v.extend(
            self.new_projects
                .iter()
                .chain(&self.updated_projects)
                .cloned()
                .map(Edit::PutProject),
        );
        // New lines, indicators and procurement items get their ids from the store; the
        // preview's ids only show what they will be. New projects keep theirs, since
        // lines and indicators of the same import refer to them.
        if !self.lines.is_empty() {
            v.push(Edit::PutLines(
                self.lines
                    .iter()
                    .cloned()
                    .map(|l| Line { id: 0, ..l })
                    .collect(),
            ));
        }
        v.extend(
            self.indicators
                .iter()
                .cloned()
                .map(|i| Edit::PutIndicator(Indicator { id: 0, ..i })),
        );
        v.extend(
            self.procurement
                .iter()
                .cloned()
                .map(|p| Edit::PutProcurement(Procurement { id: 0, ..p })),
        );
        Some(Edit::Batch(v))
    }
}

/// A sheet as rows of text cells.
type Rows = Vec<Vec<String>>;

/// Reads the sheets of a file: an .xlsx by sheet name (a workbook with one sheet of
/// another name is taken as 支出明细), a .csv as the one sheet its header says it is.
pub fn read_sheets(path: &Path) -> Result<Vec<(String, Rows)>, String> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let bytes = std::fs::read(path).map_err(|e| format!("无法读取 {}：{e}", path.display()))?;
    match ext.as_str() {
        "xlsx" | "xlsm" => xlsx_sheets(&bytes),
        "csv" | "txt" => {
            let text = crate::textfile::decode(&bytes);
            let rows = csv_rows(&text)?;
            let kind = rows
                .first()
                .map(|h| sheet_of_header(h))
                .unwrap_or("支出明细");
            Ok(vec![(kind.to_string(), rows)])
        }
        _ => Err(format!(
            "只能导入 .xlsx 或 .csv 文件，而不是 {}",
            path.display()
        )),
    }
}

fn csv_rows(text: &str) -> Result<Rows, String> {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for (i, rec) in r.records().enumerate() {
        let rec = rec.map_err(|e| format!("CSV 第 {} 行无法读取：{e}", i + 1))?;
        rows.push(rec.iter().map(|s| s.trim().to_string()).collect());
    }
    Ok(rows)
}

fn cell_text(d: &calamine::Data) -> String {
    use calamine::Data;
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_string(),
        Data::Float(f) => float_text(*f),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => if *b { "是" } else { "否" }.to_string(),
        other => other.to_string(),
    }
}

/// A number from a workbook as text, never rounded to fit: `620000`, `30000.5`. A value
/// computed in Excel may carry binary noise (`0.30000000000000004`); it is read as Excel
/// shows it (15 significant digits) when that is exact to the fen, otherwise as it is, so
/// that the amount parser refuses it rather than the import rounding it silently.
fn float_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        return format!("{}", f as i64);
    }
    let places = |s: &str| s.split('.').nth(1).map_or(0, str::len);
    let exact = format!("{f}");
    if places(&exact) <= 2 {
        return exact;
    }
    let int_digits = (f.abs().log10().floor() as i64 + 1).max(1) as usize;
    let shown = format!("{:.*}", 15usize.saturating_sub(int_digits), f);
    let shown = shown
        .trim_end_matches('0')
        .trim_end_matches('.')
        .to_string();
    if places(&shown) <= 2 { shown } else { exact }
}

fn xlsx_sheets(bytes: &[u8]) -> Result<Vec<(String, Rows)>, String> {
    use calamine::Reader;
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes))
        .map_err(|e| format!("不是可读取的 Excel 工作簿（.xlsx）：{e}"))?;
    let names = wb.sheet_names();
    let mut out = Vec::new();
    for name in &names {
        let range = wb
            .worksheet_range(name)
            .map_err(|e| format!("工作表“{name}”无法读取：{e}"))?;
        let rows: Rows = range
            .rows()
            .map(|r| r.iter().map(cell_text).collect::<Vec<_>>())
            .filter(|r: &Vec<String>| r.iter().any(|c| !c.is_empty()))
            .collect();
        let kind = SHEETS
            .iter()
            .find(|s| name.trim() == **s)
            .copied()
            .or_else(|| (names.len() == 1).then_some("支出明细"))
            .or_else(|| {
                rows.first()
                    .map(|h| sheet_of_header(h))
                    .filter(|_| name.trim() != "说明")
            });
        if let Some(kind) = kind {
            out.push((kind.to_string(), rows));
        }
    }
    Ok(out)
}

/// Which sheet a header row belongs to.
fn sheet_of_header(h: &[String]) -> &'static str {
    let has = |names: &[&str]| h.iter().any(|c| names.contains(&c.trim()));
    if has(&["指标名称", "指标值", "指标权重"]) {
        "绩效指标"
    } else if has(&["采购项目名称", "采购项目", "货物", "工程", "服务"]) {
        "政府采购"
    } else if has(&["项目类别", "项目概况", "立项依据"]) {
        "项目"
    } else {
        "支出明细"
    }
}

/// The problems of a sheet's header: the required columns it leaves out.
fn check_header<R: Kind>(
    sheet: &str,
    cols: &[Option<&'static Field<R>>],
    problems: &mut Vec<Problem>,
) -> bool {
    let missing = sheet::missing_columns(cols);
    if missing.is_empty() {
        return true;
    }
    problems.push(Problem {
        sheet: sheet.into(),
        row: 1,
        column: String::new(),
        message: format!(
            "表头缺少“{}”（表头应为：{}）",
            missing.join("、"),
            sheet::headers::<R>().join("、")
        ),
    });
    false
}

/// Each data row of a sheet read into a record: `start` gives the record a row starts
/// from (an existing one to update, or a new one) and whether it is new.
fn read_sheet<R: Kind>(
    sheet: &str,
    rows: &Rows,
    b: &Budget,
    problems: &mut Vec<Problem>,
    mut start: impl FnMut(&[String], &[Option<&'static Field<R>>]) -> (R, bool),
    mut take: impl FnMut(R, &[String], &[Option<&'static Field<R>>]),
) {
    let Some(header) = rows.first() else { return };
    let cols = sheet::header_fields::<R>(header);
    if !check_header(sheet, &cols, problems) {
        return;
    }
    for (i, row) in rows.iter().enumerate().skip(1) {
        let (r, is_new) = start(row, &cols);
        match sheet::read_row(row, &cols, r, is_new, b) {
            Ok(r) => take(r, row, &cols),
            Err(p) => problems.extend(p.into_iter().map(|(column, message)| Problem {
                sheet: sheet.into(),
                row: i + 1,
                column: column.into(),
                message,
            })),
        }
    }
}

/// The text of a row's cell under the column of a field.
fn cell<'r, R>(row: &'r [String], cols: &[Option<&'static Field<R>>], label: &str) -> &'r str {
    cols.iter()
        .position(|c| c.is_some_and(|f| f.label == label))
        .and_then(|i| row.get(i))
        .map(|s| s.trim())
        .unwrap_or("")
}

/// Reads a file and checks every row against the budget; nothing is written.
pub fn read(path: &Path, b: &Budget) -> Preview {
    match read_sheets(path) {
        Ok(sheets) => preview(&sheets, b),
        Err(e) => Preview {
            problems: vec![Problem {
                sheet: path
                    .file_name()
                    .map(|f| f.to_string_lossy().to_string())
                    .unwrap_or_default(),
                row: 0,
                column: String::new(),
                message: e,
            }],
            ..Preview::default()
        },
    }
}

/// Checks sheets of rows against the budget.
pub fn preview(sheets: &[(String, Rows)], b: &Budget) -> Preview {
    let mut p = Preview::default();
    if sheets.is_empty() {
        p.problems.push(Problem {
            sheet: "文件".into(),
            row: 0,
            column: String::new(),
            message: format!("没有可导入的工作表（应为：{}）", SHEETS.join("、")),
        });
        return p;
    }
    // Projects first: lines and indicators may name projects of the same import.
    let mut scratch = b.clone();
    let mut next_project = b.projects.iter().map(|x| x.id).max().unwrap_or(0) + 1;
    for (sheet, rows) in sheets.iter().filter(|(s, _)| s == "项目") {
        projects(sheet, rows, &mut scratch, &mut next_project, &mut p);
    }
    for (sheet, rows) in sheets.iter().filter(|(s, _)| s == "支出明细") {
        if rows.len() < 2 {
            p.problems.push(Problem {
                sheet: sheet.clone(),
                row: 0,
                column: String::new(),
                message: "没有数据行".into(),
            });
            continue;
        }
        match paste::parse_rows(rows, &scratch) {
            Ok(lines) => p.lines.extend(lines),
            Err(problems) => p.problems.extend(problems.into_iter().map(|x| Problem {
                sheet: sheet.clone(),
                row: x.row,
                column: x.column.to_string(),
                message: x.message,
            })),
        }
    }
    // Lines get their ids now, so that the preview shows what will be stored.
    // They go after the lines already there, in the order of the file.
    let first = b.lines.last().map(|l| l.id).unwrap_or(0) + 1;
    let seq = b.next_seq();
    for (k, (id, l)) in (first..).zip(p.lines.iter_mut()).enumerate() {
        l.id = id;
        l.seq = seq + k as i64 * SEQ_STEP;
    }
    for (sheet, rows) in sheets.iter().filter(|(s, _)| s == "绩效指标") {
        indicators(sheet, rows, &scratch, &mut p);
    }
    for (sheet, rows) in sheets.iter().filter(|(s, _)| s == "政府采购") {
        procurement(sheet, rows, b, &mut p);
    }
    if p.problems.is_empty() && p.is_empty() {
        p.problems.push(Problem {
            sheet: "文件".into(),
            row: 0,
            column: String::new(),
            message: "文件中没有数据行".into(),
        });
    }
    p
}

/// Projects: one of the same name is updated, another added (with an id the lines and
/// indicators of the same import refer to). A new project without a unit belongs to the
/// first unit.
fn projects(sheet: &str, rows: &Rows, scratch: &mut Budget, next: &mut i64, p: &mut Preview) {
    let b = scratch.clone();
    let mut read = Vec::new();
    read_sheet::<Project>(
        sheet,
        rows,
        &b,
        &mut p.problems,
        |row, cols| {
            let name = cell(row, cols, "项目名称");
            match b.projects.iter().find(|x| x.name == name) {
                Some(e) => (e.clone(), false),
                None => {
                    let mut n = Project::blank();
                    n.unit_id = b.units.first().map_or(0, |u| u.id);
                    (n, true)
                }
            }
        },
        |r, _, _| read.push(r),
    );
    for mut project in read {
        match scratch.projects.iter().position(|x| x.name == project.name) {
            Some(i) => {
                project.id = scratch.projects[i].id;
                scratch.projects[i] = project.clone();
                p.updated_projects.retain(|x| x.id != project.id);
                p.updated_projects.push(project);
            }
            None => {
                project.id = *next;
                *next += 1;
                scratch.projects.push(project.clone());
                p.new_projects.push(project);
            }
        }
    }
}

/// Indicators: of the project their row names, or of the department (blank, 整体绩效).
fn indicators(sheet: &str, rows: &Rows, scratch: &Budget, p: &mut Preview) {
    let mut next = scratch.indicators.iter().map(|i| i.id).max().unwrap_or(0) + 1;
    let mut rows = rows.clone();
    // “整体绩效” names the department's own target, as a blank does.
    if let Some(col) = rows
        .first()
        .map(|h| sheet::header_fields::<Indicator>(h))
        .and_then(|c| {
            c.iter()
                .position(|f| f.is_some_and(|f| matches!(f.ty, FieldType::Project)))
        })
    {
        for r in rows.iter_mut().skip(1) {
            if let Some(c) = r.get_mut(col)
                && matches!(c.trim(), "整体绩效" | "部门整体")
            {
                c.clear();
            }
        }
    }
    read_sheet::<Indicator>(
        sheet,
        &rows,
        scratch,
        &mut p.problems,
        |_, _| (Indicator::blank(), true),
        |mut i, _, _| {
            i.id = next;
            next += 1;
            p.indicators.push(i);
        },
    );
}

/// Procurement items; a 合计 left blank is the sum of the parts.
fn procurement(sheet: &str, rows: &Rows, b: &Budget, p: &mut Preview) {
    let mut next = b.procurement.iter().map(|x| x.id).max().unwrap_or(0) + 1;
    let mut read = Vec::new();
    read_sheet::<Procurement>(
        sheet,
        rows,
        b,
        &mut p.problems,
        |_, _| (Procurement::blank(), true),
        |mut x, row, cols| {
            if cell(row, cols, "合计").is_empty() {
                x.total = x.goods + x.works + x.services;
            }
            x.id = next;
            next += 1;
            read.push(x);
        },
    );
    p.procurement.extend(read);
}

/// The import template: a 说明 sheet and one sheet per kind of record, with the Chinese
/// headers and an example row from the demo budget.
pub fn template_xlsx() -> Result<Vec<u8>, String> {
    use rust_xlsxwriter::{Format, Workbook};
    let err = |e: rust_xlsxwriter::XlsxError| format!("无法生成模板：{e}");
    let mut wb = Workbook::new();
    let head = Format::new().set_bold().set_background_color("#E6E6E6");
    let note = wb.add_worksheet();
    note.set_name("说明").map_err(err)?;
    let lines = [
        "yusuan 导入模板：把数据填入下列工作表（可删去不用的工作表），在“文件 › 导入…”中选择本文件，",
        "或在命令行运行 yusuan import 预算.db 本文件.xlsx。导入前会逐行检查，有任何问题都不会写入。",
        "",
        "项目：项目名称必填；与已有项目同名时更新该项目。项目类别为“重点”或“一般”。单位填单位代码或名称。",
        "支出明细：功能科目为 7 位项级科目，部门经济科目为 5 位款级科目（可带名称，如“2014001 行政运行”）；",
        "  政府经济科目可空（按对照表自动确定）；支出性质为“基本支出”或“项目支出”；项目填项目名称或编码；",
        "  资金来源可空（一般公共预算财政拨款）；金额以元为单位，最多两位小数。",
        "绩效指标：项目名称为空或“整体绩效”时属于部门整体绩效；指标性质为 ≥、≤、= 或 定性。",
        "政府采购：合计可空（按货物、工程、服务相加）。",
        "一体化系统导出的字段名也可作为表头：agency_code、exp_func_code、dep_bgt_eco_code、gov_bgt_eco_code、",
        "  fund_type_code、pro_code、pro_name 等。CSV 文件（UTF-8 或 GBK）按表头判断是哪一类数据。",
    ];
    for (i, l) in lines.iter().enumerate() {
        note.write_string(i as u32, 0, *l).map_err(err)?;
    }
    note.set_column_width(0, 110).map_err(err)?;
    let sheets: [(&str, Vec<&str>, Vec<&str>); 4] = [
        (
            "项目",
            sheet::headers::<Project>(),
            vec![
                "信访接待专项",
                "",
                "129001",
                "一般",
                "重庆市渝北区信访办公室",
                "保障信访接待工作",
                "信访工作条例",
                "按时办结信访事项",
                "100000",
                "100000",
                "",
            ],
        ),
        (
            "支出明细",
            sheet::headers::<Line>(),
            vec![
                "129001",
                "2014001",
                "30101",
                "",
                "基本支出",
                "",
                "一般公共预算财政拨款",
                "620000",
                "",
            ],
        ),
        (
            "绩效指标",
            sheet::headers::<Indicator>(),
            vec![
                "信访接待专项",
                "产出指标",
                "数量指标",
                "接待群众人次",
                "30",
                "人次",
                "≥",
                "1000",
                "是",
            ],
        ),
        (
            "政府采购",
            sheet::headers::<Procurement>(),
            vec![
                "129001",
                "办公设备",
                "一般公共预算财政拨款",
                "",
                "50000",
                "",
                "",
            ],
        ),
    ];
    for (name, header, example) in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(name).map_err(err)?;
        for (c, h) in header.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, *h, &head)
                .map_err(err)?;
            ws.set_column_width(c as u16, 16).map_err(err)?;
            if let Some(v) = example.get(c) {
                ws.write_string(1, c as u16, *v).map_err(err)?;
            }
        }
    }
    wb.save_to_buffer().map_err(err)
}
