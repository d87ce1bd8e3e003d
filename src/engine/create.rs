//! A new budget from what the officer fills in: the department, the year, the region and
//! the units, each unit with its code, name and kind. Everything is checked before
//! anything is created, and every problem is named by its field or unit row.

use crate::engine::kinds::*;
use crate::engine::model::*;

/// A unit as typed into the form.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UnitDraft {
    pub code: String,
    pub name: String,
    pub short_name: String,
    /// Chosen from the three kinds; none chosen is a problem, never a silent default.
    pub kind: Option<UnitKind>,
}

/// What the 新建预算 form (or `yusuan new`) holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BudgetDraft {
    pub name: String,
    pub code: String,
    pub year: String,
    pub region: String,
    pub units: Vec<UnitDraft>,
}

/// A problem of the form: the unit row (from 1) or none for a department field, the
/// field, and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormProblem {
    pub unit_row: Option<usize>,
    pub field: &'static str,
    pub message: String,
}

impl std::fmt::Display for FormProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.unit_row {
            Some(r) => write!(f, "单位第 {r} 行“{}”：{}", self.field, self.message),
            None => write!(f, "“{}”：{}", self.field, self.message),
        }
    }
}

/// Why a unit code does not fit the department's, if it does not: it must be digits,
/// and begin with the department's code (when the department has one) and go on past it.
pub fn unit_code_problem(dept_code: &str, code: &str) -> Option<String> {
    let code = code.trim();
    if code.is_empty() {
        return Some("单位代码不能为空".into());
    }
    if !code.chars().all(|c| c.is_ascii_digit()) {
        return Some(format!("单位代码“{code}”应只含数字"));
    }
    let dept = dept_code.trim();
    if !dept.is_empty() && code == dept {
        return Some(format!(
            "单位代码不能与部门代码“{dept}”相同，应在其后加位数（如 {dept}001）"
        ));
    }
    if !dept.is_empty()
        && dept.chars().all(|c| c.is_ascii_digit())
        && (!code.starts_with(dept) || code.len() <= dept.len())
    {
        return Some(format!(
            "单位代码“{code}”应以部门代码“{dept}”开头（如 {dept}001）"
        ));
    }
    None
}

impl BudgetDraft {
    /// The budget the form describes, or every problem in it.
    pub fn budget(&self) -> Result<Budget, Vec<FormProblem>> {
        self.build(true)
    }

    /// A budget of the department alone, its units to come by import (`yusuan new`);
    /// any units the draft has are checked all the same.
    pub fn department_only(&self) -> Result<Budget, Vec<FormProblem>> {
        self.build(false)
    }

    fn build(&self, need_units: bool) -> Result<Budget, Vec<FormProblem>> {
        let mut p = Vec::new();
        let mut bad = |unit_row, field, message: String| {
            p.push(FormProblem {
                unit_row,
                field,
                message,
            })
        };
        if self.name.trim().is_empty() {
            bad(None, "部门名称", "请填写部门名称".into());
        }
        let code = self.code.trim();
        if !code.is_empty() && !code.chars().all(|c| c.is_ascii_digit()) {
            bad(None, "部门代码", format!("部门代码“{code}”应只含数字"));
        }
        // Full-width digits (２０２６) as typed with a Chinese input method.
        let year: String = self
            .year
            .trim()
            .chars()
            .map(|c| match c {
                '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
                c => c,
            })
            .collect();
        let year = match year.parse::<i32>() {
            Ok(y) if (2000..=2100).contains(&y) => y,
            Ok(y) => {
                bad(
                    None,
                    "预算年度",
                    format!("预算年度“{y}”应在 2000 至 2100 之间"),
                );
                0
            }
            Err(_) => {
                bad(None, "预算年度", format!("“{}”不是年份", self.year.trim()));
                0
            }
        };
        let rows: Vec<&UnitDraft> = self
            .units
            .iter()
            .filter(|u| *u != &UnitDraft::default())
            .collect();
        if rows.is_empty() && need_units {
            bad(None, "单位", "至少填写一个预算单位".into());
        }
        let mut units: Vec<Unit> = Vec::new();
        for (i, u) in rows.iter().enumerate() {
            let row = Some(i + 1);
            let ucode = u.code.trim();
            if let Some(why) = unit_code_problem(code, ucode) {
                bad(row, "单位代码", why);
            } else if let Some(k) = rows[..i].iter().position(|o| o.code.trim() == ucode) {
                bad(
                    row,
                    "单位代码",
                    format!("代码“{ucode}”与第 {} 行重复", k + 1),
                );
            }
            if u.name.trim().is_empty() {
                bad(row, "单位名称", "请填写单位名称".into());
            }
            let Some(kind) = u.kind else {
                bad(
                    row,
                    "单位类型",
                    format!("请选择单位类型（{}）", UnitKind::labels()),
                );
                continue;
            };
            units.push(Unit {
                id: i as i64 + 1,
                code: ucode.to_string(),
                name: u.name.trim().to_string(),
                kind,
                short_name: u.short_name.trim().to_string(),
                posts_admin: 0,
                posts_institution: 0,
                main_func: String::new(),
            });
        }
        if !p.is_empty() {
            return Err(p);
        }
        Ok(Budget {
            department: Department {
                code: code.to_string(),
                name: self.name.trim().to_string(),
                year,
                region: self.region.trim().to_string(),
                ..Department::default()
            },
            units,
            ..Budget::default()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(units: Vec<UnitDraft>) -> BudgetDraft {
        BudgetDraft {
            name: "重庆市渝北区信访办公室".into(),
            code: "129".into(),
            year: "2026".into(),
            region: "渝北区".into(),
            units,
        }
    }

    fn unit(code: &str, name: &str, kind: Option<UnitKind>) -> UnitDraft {
        UnitDraft {
            code: code.into(),
            name: name.into(),
            short_name: String::new(),
            kind,
        }
    }

    #[test]
    fn a_unit_needs_a_kind_and_a_code_under_the_department() {
        let e = draft(vec![unit("9x", "Third", None)]).budget().unwrap_err();
        let fields: Vec<(&str, Option<usize>)> = e.iter().map(|p| (p.field, p.unit_row)).collect();
        assert_eq!(fields, vec![("单位代码", Some(1)), ("单位类型", Some(1))]);
        let e = draft(vec![unit("130001", "某中心", Some(UnitKind::Institution))])
            .budget()
            .unwrap_err();
        assert!(e[0].message.contains("应以部门代码“129”开头"), "{e:?}");
        let e = draft(vec![
            unit("129001", "本级", Some(UnitKind::Administrative)),
            unit("129001", "中心", Some(UnitKind::Institution)),
        ])
        .budget()
        .unwrap_err();
        assert_eq!(
            e[0].to_string(),
            "单位第 2 行“单位代码”：代码“129001”与第 1 行重复"
        );
    }

    #[test]
    fn a_valid_form_makes_a_budget() {
        let b = draft(vec![
            unit(
                "129001",
                "重庆市渝北区信访办公室（本级）",
                Some(UnitKind::Administrative),
            ),
            UnitDraft::default(),
            unit(
                "129002",
                "重庆市渝北区信访投诉受理中心",
                Some(UnitKind::Institution),
            ),
        ])
        .budget()
        .unwrap();
        assert_eq!(b.units.len(), 2, "the blank row is left out");
        assert_eq!(b.units[1].kind, UnitKind::Institution);
        assert_eq!(b.department.year, 2026);
    }
}
