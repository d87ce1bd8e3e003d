//! Expenditure lines pasted from Excel or WPS (tab-separated text), and lines copied out in
//! the same form. A pasted block is validated whole: either every row becomes a line, or
//! the problems are listed by row and column and nothing is applied.

use crate::model::*;
use crate::money::{AmountRules, Money, parse_amount};
use std::fmt;

/// The columns of the 支出明细 grid, in order.
pub const COLUMNS: [&str; 9] = [
    "单位",
    "功能科目",
    "部门经济科目",
    "政府经济科目",
    "支出性质",
    "项目",
    "资金来源",
    "金额",
    "备注",
];

/// Other names a header may use for each column (Chinese variants and the field names of
/// 预算管理一体化 exports).
const ALIASES: [&[&str]; 9] = [
    &[
        "单位",
        "单位代码",
        "单位名称",
        "预算单位",
        "agency_code",
        "agency_name",
    ],
    &[
        "功能科目",
        "功能分类",
        "功能分类科目",
        "支出功能分类",
        "exp_func_code",
    ],
    &[
        "部门经济科目",
        "部门经济分类",
        "部门预算支出经济分类",
        "dep_bgt_eco_code",
    ],
    &[
        "政府经济科目",
        "政府经济分类",
        "政府预算支出经济分类",
        "gov_bgt_eco_code",
    ],
    &["支出性质", "性质", "支出类型"],
    &["项目", "项目名称", "pro_name", "pro_code"],
    &["资金来源", "资金性质", "fund_type_code", "fund_type"],
    &["金额", "预算数", "金额（元）", "金额(元)", "amount"],
    &["备注", "说明", "remark"],
];

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// 1-based row of the pasted block (the header, when present, is row 1).
    pub row: usize,
    pub column: &'static str,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "第 {} 行“{}”：{}", self.row, self.column, self.message)
    }
}

/// Splits clipboard text into rows of cells, leaving out rows with nothing in them.
pub fn split_tsv(text: &str) -> Vec<Vec<String>> {
    let mut rows = split_tsv_keep_blank(text);
    rows.retain(|r| r.iter().any(|c| !c.trim().is_empty()));
    rows
}

/// Splits clipboard text into rows of cells, blank rows included (a block pasted over a
/// grid keeps its shape). Excel quotes a cell that holds a tab, a newline or a quote;
/// such cells are unquoted here. The newline after the last row ends it.
pub fn split_tsv_keep_blank(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    let mut at_cell_start = true;
    while let Some(c) = chars.next() {
        match c {
            '"' if at_cell_start => {
                quoted = true;
                at_cell_start = false;
            }
            '"' if quoted => {
                if chars.peek() == Some(&'"') {
                    cell.push('"');
                    chars.next();
                } else {
                    quoted = false;
                }
            }
            '\t' if !quoted => {
                row.push(std::mem::take(&mut cell));
                at_cell_start = true;
            }
            '\r' if !quoted => {}
            '\n' if !quoted => {
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
                at_cell_start = true;
            }
            _ => {
                cell.push(c);
                at_cell_start = false;
            }
        }
    }
    if !cell.is_empty() || !row.is_empty() {
        row.push(cell);
        rows.push(row);
    }
    rows
}

/// The column of each header cell, when the first row is a header.
fn header_map(row: &[String]) -> Option<Vec<Option<usize>>> {
    let map: Vec<Option<usize>> = row
        .iter()
        .map(|h| {
            let h = h.trim().to_lowercase();
            ALIASES
                .iter()
                .position(|names| names.iter().any(|n| *n == h))
        })
        .collect();
    // A header names at least the amount and one code column.
    let named = map.iter().flatten().count();
    (map.contains(&Some(7)) && named >= 2).then_some(map)
}

/// Whether a pasted text begins with a header row naming the line columns (whole rows
/// copied from a workbook with its headers, or an 一体化 export).
pub fn has_header(text: &str) -> bool {
    split_tsv(text)
        .first()
        .is_some_and(|row| header_map(row).is_some())
}

/// The leading digits of a cell such as `2014001 行政运行` or `[30101]基本工资`.
fn code_of(cell: &str) -> String {
    cell.trim()
        .trim_start_matches(['[', '【', '('])
        .chars()
        .take_while(|c| c.is_ascii_digit())
        .collect()
}

/// Parses a pasted block into new lines (id 0), or lists every problem.
pub fn parse_lines(text: &str, b: &Budget) -> Result<Vec<Line>, Vec<Problem>> {
    parse_rows(&split_tsv(text), b)
}

/// Parses rows of cells (a pasted block, or a sheet of an imported workbook) into new
/// lines (id 0), or lists every problem. Row numbers count from 1 at the first row.
pub fn parse_rows(rows: &[Vec<String>], b: &Budget) -> Result<Vec<Line>, Vec<Problem>> {
    if rows.is_empty() {
        return Err(vec![Problem {
            row: 1,
            column: "",
            message: "剪贴板中没有可粘贴的内容".into(),
        }]);
    }
    let (map, first) = match header_map(&rows[0]) {
        Some(m) => (m, 1),
        None => (
            (0..rows[0].len().max(COLUMNS.len()))
                .map(|i| (i < COLUMNS.len()).then_some(i))
                .collect(),
            0,
        ),
    };
    if first == 1 && rows.len() == 1 {
        return Err(vec![Problem {
            row: 1,
            column: "",
            message: "只有表头，没有数据行".into(),
        }]);
    }
    let mut lines = Vec::new();
    let mut problems = Vec::new();
    for (i, row) in rows.iter().enumerate().skip(first) {
        let n = i + 1;
        let mut cells: [&str; 9] = [""; 9];
        for (j, v) in row.iter().enumerate() {
            if let Some(Some(col)) = map.get(j) {
                cells[*col] = v.trim();
            }
        }
        if first == 0 && row.len() < 8 {
            problems.push(Problem {
                row: n,
                column: "",
                message: format!(
                    "只有 {} 列；没有表头时须按“{}”的顺序给出至少 8 列",
                    row.len(),
                    COLUMNS.join("、")
                ),
            });
            continue;
        }
        match parse_row(&cells, b) {
            Ok(line) => lines.push(line),
            Err(mut p) => {
                for x in &mut p {
                    x.row = n;
                }
                problems.extend(p);
            }
        }
    }
    if problems.is_empty() {
        Ok(lines)
    } else {
        Err(problems)
    }
}

fn parse_row(c: &[&str; 9], b: &Budget) -> Result<Line, Vec<Problem>> {
    let mut p = Vec::new();
    let mut bad = |column: &'static str, message: String| {
        p.push(Problem {
            row: 0,
            column,
            message,
        })
    };

    let unit = b
        .units
        .iter()
        .find(|u| u.is_named(c[0]) || code_of(c[0]) == u.code);
    if unit.is_none() {
        bad(
            "单位",
            if c[0].is_empty() {
                "不能为空".into()
            } else {
                format!("没有单位“{}”", c[0])
            },
        );
    }
    let func = code_of(c[1]);
    if func.len() != 7 {
        bad("功能科目", format!("“{}”不是 7 位的项级功能科目", c[1]));
    } else if !b.catalog.function.contains(&func) {
        bad("功能科目", format!("“{func}”不在功能分类目录中"));
    }
    let econ = code_of(c[2]);
    if econ.len() != 5 {
        bad(
            "部门经济科目",
            format!("“{}”不是 5 位的款级部门经济科目", c[2]),
        );
    } else if !b.catalog.dept_economic.contains(&econ) {
        bad("部门经济科目", format!("“{econ}”不在部门经济分类目录中"));
    }
    let gov = code_of(c[3]);
    let gov_override = if c[3].is_empty() {
        None
    } else if gov.len() != 5 || !b.catalog.gov_economic.contains(&gov) {
        bad(
            "政府经济科目",
            format!("“{}”不是政府经济分类中的款级科目", c[3]),
        );
        None
    } else {
        let mapped = unit.and_then(|u| b.catalog.gov_for(&econ, u.kind));
        (mapped != Some(gov.as_str())).then_some(gov)
    };
    let nature = Nature::parse(c[4]);
    if nature.is_none() {
        bad("支出性质", format!("“{}”应为“基本支出”或“项目支出”", c[4]));
    }
    let project = if c[5].is_empty() {
        None
    } else {
        match b
            .projects
            .iter()
            .find(|p| p.name == c[5] || (!p.code.is_empty() && p.code == c[5]))
        {
            Some(p) => Some(p.id),
            None => {
                bad("项目", format!("没有项目“{}”，请先在“项目”页建立", c[5]));
                None
            }
        }
    };
    let source = if c[6].is_empty() {
        Some(FundSource::General)
    } else {
        // As written, or after a leading code (`1 一般公共预算` as 一体化 exports give it).
        FundSource::parse(c[6]).or_else(|| {
            c[6].split_once(char::is_whitespace)
                .and_then(|(_, name)| FundSource::parse(name))
        })
    };
    if source.is_none() {
        bad(
            "资金来源",
            format!("“{}”不是资金来源（如：{}）", c[6], FundSource::General),
        );
    }
    let amount = match parse_amount(c[7], AmountRules::YUAN) {
        Ok(m) => m.unwrap_or(Money::ZERO),
        Err(e) => {
            bad("金额", e.to_string());
            Money::ZERO
        }
    };
    if !p.is_empty() {
        return Err(p);
    }
    Ok(Line {
        id: 0,
        unit_id: unit.map(|u| u.id).unwrap_or_default(),
        func_code: func,
        dept_econ: econ,
        gov_econ_override: gov_override,
        nature: nature.unwrap_or(Nature::Basic),
        cost_class_override: None,
        project_id: project,
        fund_source: source.unwrap_or(FundSource::General),
        amount,
        remark: c[8].to_string(),
        seq: 0,
    })
}

/// A cell as Excel writes it to the clipboard: quoted when it holds a tab, a newline or
/// a quote.
pub fn tsv_cell(s: &str) -> String {
    if s.contains(['\t', '\n', '"']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// Lines as tab-separated text that Excel takes (no header; amounts as plain numbers).
pub fn lines_to_tsv(b: &Budget, lines: &[&Line]) -> String {
    let mut out = String::new();
    for l in lines {
        let cells = [
            b.unit(l.unit_id)
                .map(|u| u.name.clone())
                .unwrap_or_default(),
            l.func_code.clone(),
            l.dept_econ.clone(),
            b.gov_code(l).unwrap_or_default(),
            l.nature.label().to_string(),
            l.project_id
                .and_then(|p| b.project(p))
                .map(|p| p.name.clone())
                .unwrap_or_default(),
            l.fund_source.label().to_string(),
            l.amount.plain(),
            l.remark.clone(),
        ];
        out.push_str(
            &cells
                .iter()
                .map(|c| tsv_cell(c))
                .collect::<Vec<_>>()
                .join("\t"),
        );
        out.push_str("\r\n");
    }
    out
}
