//! 测算表: the working of every computed line, per unit and rule, as texts to show and
//! print (the 测算表 sheet, the PDF and the workbook).

use crate::engine::model::*;

/// The columns: title, and whether it holds money.
pub const COLUMNS: [(&str, bool); 10] = [
    ("单位", false),
    ("规则", false),
    ("功能科目", false),
    ("经济科目", false),
    ("人数", false),
    ("基数", true),
    ("比例或定额", false),
    ("测算数", true),
    ("手工调整", true),
    ("金额", true),
];

/// A row of the 测算表: its texts as shown, its working, and its figures.
pub struct WorkingRow {
    pub cells: [String; 10],
    pub text: String,
    pub computed: super::Computed,
    /// The line's adjustment by hand, and its amount as it stands.
    pub adjust: crate::engine::money::Money,
    pub amount: crate::engine::money::Money,
}

/// The 测算表 of a budget, with what the rules could not compute.
pub struct Working {
    pub rows: Vec<WorkingRow>,
    pub gaps: Vec<String>,
}

impl std::ops::Deref for Working {
    type Target = [WorkingRow];
    fn deref(&self) -> &[WorkingRow] {
        &self.rows
    }
}

/// The 测算表 rows: each computed line with its working and the line as it stands.
pub fn of(b: &Budget) -> Working {
    let (computed, gaps) = super::all_lines(b);
    let code = |list: &crate::engine::catalog::CodeList, c: &str| {
        format!("{c} {}", list.name(c).unwrap_or(""))
    };
    let rows = computed
        .iter()
        .map(|c| {
            let line = b.lines.iter().chain(&b.incomplete_lines).find(|l| {
                l.unit_id == c.unit_id && l.rule() == c.rule && l.func_code == c.func_code
            });
            let adjust = line.map(|l| l.adjust()).unwrap_or_default();
            let amount = line.map_or(c.amount, |l| l.amount);
            let mut text = c.working.text.clone();
            if !adjust.is_zero() {
                text.push_str(&format!(
                    "；手工调整 {}，金额 {}",
                    crate::engine::records::signed(adjust),
                    amount.grouped()
                ));
            }
            WorkingRow {
                cells: [
                    b.unit(c.unit_id)
                        .map(|u| u.short_label().to_string())
                        .unwrap_or_default(),
                    c.rule.clone(),
                    code(&b.catalog.function, &c.func_code),
                    code(&b.catalog.dept_economic, &c.dept_econ),
                    c.working.persons.to_string(),
                    c.working.base.map(|m| m.grouped()).unwrap_or_default(),
                    c.working.factor.clone(),
                    c.amount.grouped(),
                    crate::engine::records::signed(adjust),
                    amount.grouped(),
                ],
                text,
                adjust,
                amount,
                computed: c.clone(),
            }
        })
        .collect();
    Working {
        rows,
        gaps: gaps.into_iter().map(|g| g.why).collect(),
    }
}

/// How a computed line was arrived at, to show over it: `测算“住房公积金”：12% ×
/// 2,059,997.00 = 247,199.64；手工调整 +1,200.00`.
pub fn of_line(b: &Budget, l: &Line) -> Option<String> {
    let (computed, _) = super::unit_lines(b, l.unit_id);
    let c = computed
        .iter()
        .find(|c| c.rule == l.rule() && c.func_code == l.func_code);
    let mut text = match c {
        Some(c) => format!("测算“{}”：{}", c.rule, c.working.text),
        None => format!("测算“{}”：此单位按现有人员和标准不再算出此行", l.rule()),
    };
    if !l.adjust().is_zero() {
        text.push_str(&format!(
            "；手工调整 {}，金额 {}",
            crate::engine::records::signed(l.adjust()),
            l.amount.grouped()
        ));
    }
    text.push_str("（改金额即为手工调整；人员和标准在“人员”“测算标准”页）");
    Some(text)
}
