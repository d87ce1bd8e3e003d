//! The roster as the 一体化 system's payroll export (工资表) gives it: its pay items
//! summed into the roster's (岗位工资 + 薪级工资 → 基本工资, 基础性绩效 + 奖励性绩效 →
//! 绩效工资, …), its 人员状态 and 是否在编 into a 人员类别, its totals left out, and its
//! identity numbers (证件号码) and other personal numbers dropped before anything reads
//! them: the import says so, and the budget file never holds one.

use super::Rows;
use crate::engine::money::{Money, parse_yuan};

/// Columns that identify a person (or reach their money): never read, never stored.
pub const PRIVATE: &[&str] = &[
    "证件号码",
    "身份证号",
    "身份证号码",
    "公民身份号码",
    "身份证件号码",
    "证件号",
    "银行账号",
    "银行卡号",
    "工资卡号",
    "手机号码",
    "手机号",
    "联系电话",
];

/// Pay items of the payroll, summed into an item of the roster (when the sheet has no
/// column of that item itself).
const SUMS: &[(&str, &[&str])] = &[
    (
        "基本工资",
        &["岗位工资", "薪级工资", "职务工资", "级别工资"],
    ),
    (
        "绩效工资",
        &[
            "基础性绩效",
            "奖励性绩效",
            "基础性绩效工资",
            "奖励性绩效工资",
        ],
    ),
    (
        "津贴补贴",
        &[
            "岗位津贴",
            "工作性津贴",
            "生活性补贴",
            "艰苦边远地区津贴",
            "改革性补贴",
        ],
    ),
];

/// Totals the roster works out itself.
const TOTALS: &[&str] = &[
    "月合计",
    "应发合计",
    "应发工资",
    "实发合计",
    "实发工资",
    "扣款合计",
    "年合计",
];

const STATUS: &str = "人员状态";
const ON_POST: &str = "是否在编";
const CATEGORY: &str = "人员类别";

/// What a column of the payroll becomes.
#[derive(Clone, Copy, PartialEq)]
enum Col {
    Keep,
    Drop,
    Part(usize),
    Status,
    OnPost,
}

/// The header of a payroll as the roster's: what decides whether a sheet is a roster.
pub fn roster_header(header: &[&str]) -> Vec<String> {
    plan(header).0
}

fn plan(header: &[&str]) -> (Vec<String>, Vec<Col>, Vec<usize>, bool) {
    let named = |h: &str| header.iter().any(|x| x.trim() == h);
    let mut cols = Vec::with_capacity(header.len());
    let mut out: Vec<String> = Vec::new();
    let mut sums: Vec<usize> = Vec::new();
    for h in header {
        let h = h.trim();
        let part = SUMS
            .iter()
            .position(|(to, parts)| parts.contains(&h) && !named(to));
        let c = if PRIVATE.contains(&h) || TOTALS.contains(&h) {
            Col::Drop
        } else if let Some(p) = part {
            if !sums.contains(&p) {
                sums.push(p);
            }
            Col::Part(p)
        } else if h == STATUS && !named(CATEGORY) {
            Col::Status
        } else if h == ON_POST {
            Col::OnPost
        } else {
            Col::Keep
        };
        if c == Col::Keep {
            out.push(h.to_string());
        }
        cols.push(c);
    }
    let category = cols.iter().any(|c| matches!(c, Col::Status | Col::OnPost));
    if category {
        out.push(CATEGORY.to_string());
    }
    out.extend(sums.iter().map(|p| SUMS[*p].0.to_string()));
    (out, cols, sums, category)
}

/// The 人员类别 of a payroll row: its 人员状态, with a post outside the establishment
/// (是否在编 否) 编外聘用.
fn category(status: &str, on_post: &str) -> String {
    let status = status.trim();
    let outside = matches!(on_post.trim(), "否" | "N" | "n" | "0" | "编外");
    let serving = status.is_empty() || matches!(status, "在职" | "在岗" | "在职在岗");
    if outside && serving {
        "编外聘用".into()
    } else if status.is_empty() {
        "在职".into()
    } else {
        status.to_string()
    }
}

/// The sheet as a roster, and what was left out (the notes the preview shows); `None`
/// when it is one already (no payroll column and nothing to drop).
pub fn normalize(rows: &Rows) -> Option<(Rows, Vec<String>)> {
    // The header: the first of the first rows that names a payroll or private column.
    let at = (0..rows.len().min(8)).find(|i| {
        rows.row(*i).iter().any(|h| {
            let h = h.trim();
            PRIVATE.contains(&h)
                || TOTALS.contains(&h)
                || h == ON_POST
                || h == STATUS
                || SUMS.iter().any(|(_, p)| p.contains(&h))
        })
    })?;
    let header = rows.row(at).cells();
    let (out_header, cols, sums, with_category) = plan(&header);
    let mut notes = Vec::new();
    let dropped: Vec<&str> = header
        .iter()
        .zip(&cols)
        .filter(|(h, c)| **c == Col::Drop && PRIVATE.contains(&h.trim()))
        .map(|(h, _)| h.trim())
        .collect();
    if !dropped.is_empty() {
        notes.push(format!(
            "已略去“{}”列：证件号码等个人号码不读取、不保存",
            dropped.join("”“")
        ));
    }
    for p in &sums {
        let (to, parts) = SUMS[*p];
        let used: Vec<&str> = header
            .iter()
            .zip(&cols)
            .filter(|(_, c)| **c == Col::Part(*p))
            .map(|(h, _)| h.trim())
            .filter(|h| parts.contains(h))
            .collect();
        notes.push(format!("“{to}”取 {} 之和", used.join(" + ")));
    }
    let mut out = Rows::default();
    for i in 0..rows.len() {
        let r = rows.row(i);
        if i < at {
            out.push(r.iter()).ok()?;
            continue;
        }
        if i == at {
            out.push(out_header.iter()).ok()?;
            continue;
        }
        let mut cells: Vec<String> = Vec::with_capacity(out_header.len());
        let mut parts: Vec<Result<Money, String>> = vec![Ok(Money::ZERO); sums.len()];
        let (mut status, mut on_post) = ("", "");
        let mut any = false;
        for (c, kind) in cols.iter().enumerate() {
            let cell = r.get(c).unwrap_or("");
            any |= !cell.trim().is_empty() && *kind != Col::Drop;
            match kind {
                Col::Keep => cells.push(cell.to_string()),
                Col::Drop => {}
                Col::Status => status = cell,
                Col::OnPost => on_post = cell,
                Col::Part(p) => {
                    let k = sums.iter().position(|s| s == p).expect("a summed item");
                    if !cell.trim().is_empty() {
                        parts[k] = match (&parts[k], parse_yuan(cell)) {
                            (Ok(sum), Ok(m)) => Ok(*sum + m),
                            (Err(e), _) => Err(e.clone()),
                            (_, Err(_)) => Err(cell.to_string()),
                        };
                    }
                }
            }
        }
        if !any {
            out.push(std::iter::empty::<&str>()).ok()?;
            continue;
        }
        if with_category {
            cells.push(category(status, on_post));
        }
        // A part that is no amount is handed on as it is: the roster's field says why.
        cells.extend(parts.into_iter().map(|p| match p {
            Ok(m) => m.plain(),
            Err(text) => text,
        }));
        out.push(cells.iter()).ok()?;
    }
    Some((out, notes))
}
