//! 测算标准: a rule of the region's standards. What it computes is a line (an economic
//! code on a function, 人员 or 公用经费) for each unit; how is its 方式 over its 依据.
//! A whole set of rules is read from and written to a standards file
//! (`engine::staffing::file`) with these same fields.

use super::place::Sheet;
use super::registry::{self, Before, KindId, Record};
use super::{Field, FieldType, Kind, Value, read_code};
use crate::engine::catalog::CatalogKind;
use crate::engine::kinds::*;
use crate::engine::model::*;
use crate::engine::parts::Parts;
use rust_decimal::Decimal;
use std::borrow::Cow;

impl Kind for Rule {
    const ID: KindId = KindId::Rule;
    const SHEET: Option<Sheet> = Some(Sheet::Standards);
    const PART: Parts = Parts::STANDARDS;
    const NAME: &'static str = "测算标准";
    const TABLE: &'static str = "rule";
    const KEY: &'static [&'static str] = &["id"];

    fn fields() -> &'static [Field<Rule>] {
        FIELDS
    }

    fn blank() -> Rule {
        Rule {
            id: 0,
            name: String::new(),
            way: RuleWay::PerMonth,
            base: String::new(),
            rate: Decimal::ZERO,
            categories: String::new(),
            identities: String::new(),
            econ: String::new(),
            func: String::new(),
            func_institution: String::new(),
            cost_class: None,
            seq: 0,
        }
    }

    fn title(&self) -> String {
        self.name.clone()
    }

    fn rules(&self, b: &Budget) -> Result<(), String> {
        let name = self.name.trim();
        if name.is_empty() {
            return Err("规则名称不能为空".into());
        }
        if let Some(o) = b
            .rules
            .iter()
            .find(|o| o.name == self.name && o.id != self.id)
        {
            return Err(format!("已有名为“{}”的规则（第 {} 条）", o.name, o.seq));
        }
        if self.econ.is_empty() {
            return Err(format!("规则“{name}”缺少经济科目"));
        }
        categories(&self.categories)?;
        identities(&self.identities)?;
        let others: Vec<&str> = b
            .rules
            .iter()
            .filter(|o| o.id != self.id || self.id == 0)
            .map(|o| o.name.as_str())
            .collect();
        for term in terms(&self.base) {
            let item = crate::engine::records::person::ITEMS.contains(&term);
            match self.way {
                RuleWay::PerMonth if !item => {
                    return Err(format!(
                        "规则“{name}”按人月测算，依据“{term}”应为人员的工资项目：{}",
                        person_items()
                    ));
                }
                RuleWay::Rate if !item && term == name.trim() => {
                    return Err(format!("规则“{name}”的依据不能是它自己"));
                }
                RuleWay::Rate if !item && !others.contains(&term) => {
                    return Err(format!(
                        "规则“{name}”的依据“{term}”既不是人员的工资项目（{}），也不是另一条规则的名称",
                        person_items()
                    ));
                }
                _ => {}
            }
        }
        if matches!(self.way, RuleWay::PerMonth | RuleWay::Rate) && terms(&self.base).is_empty() {
            return Err(format!("规则“{name}”{}，须填写依据", self.way.label()));
        }
        if let Some(cycle) = cycle_through(b, self) {
            return Err(format!("规则“{name}”的依据循环引用：{cycle}"));
        }
        Ok(())
    }

    fn put_in(self, b: &mut Budget) -> Before<Self> {
        registry::put_by_id(&mut b.rules, self, |r| r.id)
    }

    fn take_from(b: &mut Budget, id: i64) -> Vec<Record> {
        registry::take_by_id(&mut b.rules, id, |r| r.id)
            .map(Record::from)
            .into_iter()
            .collect()
    }

    fn load_into(b: &mut Budget, all: Vec<Self>) {
        b.rules = all;
    }

    fn records(b: &Budget) -> Cow<'_, [Self]> {
        let mut v = b.rules.clone();
        v.sort_by_key(|r| (r.seq, r.id));
        Cow::Owned(v)
    }
}

fn person_items() -> String {
    crate::engine::records::person::ITEMS.join("、")
}

/// The terms of a base: `基本工资+津贴补贴` → the two names.
pub fn terms(base: &str) -> Vec<&str> {
    base.split(['+', '＋', '、'])
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .collect()
}

/// The 人员类别 a rule applies to (blank: 在职), or why a text names none.
pub fn categories(s: &str) -> Result<Vec<StaffCategory>, String> {
    let v = list(
        s,
        StaffCategory::parse,
        "人员类别",
        &StaffCategory::labels(),
    )?;
    Ok(if v.is_empty() {
        vec![StaffCategory::Serving]
    } else {
        v
    })
}

/// The 身份 a rule applies to (blank: all).
pub fn identities(s: &str) -> Result<Vec<UnitKind>, String> {
    let v = list(s, UnitKind::parse, "身份", &UnitKind::labels())?;
    Ok(if v.is_empty() {
        UnitKind::ALL.to_vec()
    } else {
        v
    })
}

fn list<T: PartialEq>(
    s: &str,
    parse: fn(&str) -> Option<T>,
    what: &str,
    labels: &str,
) -> Result<Vec<T>, String> {
    let mut v = Vec::new();
    for t in s.split(['、', ',', '，', '/', ' ']).map(str::trim) {
        if t.is_empty() {
            continue;
        }
        let x = parse(t).ok_or_else(|| format!("{what}“{t}”应为 {labels} 之一"))?;
        if !v.contains(&x) {
            v.push(x);
        }
    }
    Ok(v)
}

/// A chain of rules through which `r` would depend on itself, if one does (`培训费 → 基本工资 →
/// 培训费`).
fn cycle_through(b: &Budget, r: &Rule) -> Option<String> {
    let base_of = |name: &str| -> Option<String> {
        if name == r.name {
            Some(r.base.clone())
        } else {
            b.rules
                .iter()
                .find(|o| o.name == name && o.id != r.id)
                .map(|o| o.base.clone())
        }
    };
    let mut path = vec![r.name.clone()];
    fn walk(
        name: &str,
        start: &str,
        path: &mut Vec<String>,
        base_of: &dyn Fn(&str) -> Option<String>,
    ) -> bool {
        let Some(base) = base_of(name) else {
            return false;
        };
        // A roster item is no rule, even of the same name (基本工资).
        for t in terms(&base)
            .into_iter()
            .filter(|t| !crate::engine::records::person::ITEMS.contains(t))
        {
            if t == start {
                path.push(t.to_string());
                return true;
            }
            if path.iter().any(|p| p == t) || path.len() > 64 {
                continue;
            }
            path.push(t.to_string());
            if walk(t, start, path, base_of) {
                return true;
            }
            path.pop();
        }
        false
    }
    walk(&r.name, &r.name, &mut path, &base_of).then(|| path.join(" → "))
}

type F = Field<Rule>;

/// A function code, or blank.
fn read_func(t: &str, b: &Budget) -> Result<String, String> {
    let t = t.trim();
    if t.is_empty() || t.starts_with("单位主要功能科目") || t.starts_with("（按单位") {
        Ok(String::new())
    } else {
        read_code(b, CatalogKind::Function, t)
    }
}

static FIELDS: &[Field<Rule>] = &[
    F::id(|r| Value::Int(r.id), |r, v| r.id = v.int()),
    F::new(
        "名称",
        "name",
        FieldType::Text,
        |r| Value::Text(r.name.clone()),
        |r, v| r.name = v.into_text(),
    )
    .aliases(&["规则", "规则名称", "测算项目"])
    .names()
    .required()
    .width(200.0),
    F::new(
        "方式",
        "way",
        FieldType::Choice(RuleWay::LABELS, RuleWay::canonical),
        |r| Value::Text(r.way.label().into()),
        |r, v| r.way = RuleWay::parse(v.text()).unwrap_or(RuleWay::PerMonth),
    )
    .aliases(&["测算方式"])
    .required()
    .width(96.0),
    F::new(
        "依据",
        "base",
        FieldType::Text,
        |r| Value::Text(r.base.clone()),
        |r, v| r.base = v.into_text(),
    )
    .aliases(&["测算依据", "基数"])
    .width(150.0)
    .suggest(crate::engine::records::person::ITEMS),
    F::new(
        "比例或定额",
        "rate",
        FieldType::Decimal,
        |r| Value::Text(r.rate.normalize().to_string()),
        |r, v| r.rate = v.text().parse().unwrap_or(Decimal::ZERO),
    )
    .aliases(&["比例", "定额", "标准"])
    .width(100.0)
    .show(|r, _| rate_text(r))
    .read(|r, t, _| {
        let t = t.trim();
        let digits = t
            .trim_end_matches(['%', '％'])
            .trim_end_matches("元")
            .trim_end_matches("个月")
            .replace(',', "");
        r.rate = if digits.trim().is_empty() {
            Decimal::ZERO
        } else {
            digits
                .trim()
                .parse::<Decimal>()
                .map_err(|_| format!("“{t}”不是数字（比例如 16%，定额如 1600）"))?
                .normalize()
        };
        if r.rate.is_sign_negative() {
            return Err(format!("比例或定额“{t}”不能为负数"));
        }
        if r.rate > Decimal::from(crate::engine::money::MAX_YUAN) {
            return Err(format!("比例或定额“{t}”过大"));
        }
        Ok(())
    }),
    F::new(
        "人员类别",
        "categories",
        FieldType::Text,
        |r| Value::Text(r.categories.clone()),
        |r, v| r.categories = v.into_text(),
    )
    .aliases(&["适用人员"])
    .width(110.0)
    .show(|r, _| match r.categories.trim() {
        "" => "在职".into(),
        s => s.to_string(),
    })
    .read(|r, t, _| {
        let v = categories(t)?;
        r.categories = if t.trim().is_empty() {
            String::new()
        } else {
            v.iter().map(|c| c.label()).collect::<Vec<_>>().join("、")
        };
        Ok(())
    }),
    F::new(
        "身份",
        "identities",
        FieldType::Text,
        |r| Value::Text(r.identities.clone()),
        |r, v| r.identities = v.into_text(),
    )
    .aliases(&["适用身份"])
    .width(90.0)
    .show(|r, _| match r.identities.trim() {
        "" => "全部".into(),
        s => s.to_string(),
    })
    .read(|r, t, _| {
        let t = t.trim();
        let v = identities(if t == "全部" { "" } else { t })?;
        r.identities = if t.is_empty() || t == "全部" {
            String::new()
        } else {
            v.iter().map(|c| c.label()).collect::<Vec<_>>().join("、")
        };
        Ok(())
    }),
    F::new(
        "经济科目",
        "econ",
        FieldType::Code(CatalogKind::DeptEconomic),
        |r| Value::Text(r.econ.clone()),
        |r, v| r.econ = v.into_text(),
    )
    .aliases(&["部门经济科目", "部门经济分类"])
    .required()
    .width(150.0),
    F::new(
        "功能科目",
        "func",
        FieldType::Code(CatalogKind::Function),
        |r| Value::Text(r.func.clone()),
        |r, v| r.func = v.into_text(),
    )
    .aliases(&["功能分类"])
    .width(190.0)
    .show(|r, b| func_text(&r.func, b, "单位主要功能科目"))
    .read(|r, t, b| {
        r.func = read_func(t, b)?;
        Ok(())
    }),
    F::new(
        "事业功能科目",
        "func_institution",
        FieldType::Code(CatalogKind::Function),
        |r| Value::Text(r.func_institution.clone()),
        |r, v| r.func_institution = v.into_text(),
    )
    .aliases(&["事业身份功能科目"])
    .width(190.0)
    .show(|r, b| func_text(&r.func_institution, b, "同功能科目"))
    .read(|r, t, b| {
        r.func_institution = if t.trim().starts_with("同功能科目") {
            String::new()
        } else {
            read_func(t, b)?
        };
        Ok(())
    }),
    F::new(
        "经费类型",
        "cost_class",
        FieldType::Choice(CostClass::LABELS, CostClass::canonical),
        |r| Value::from_opt_text(&r.cost_class.map(|c| c.label().to_string())),
        |r, v| r.cost_class = v.opt_text().and_then(|s| CostClass::parse(&s)),
    )
    .nullable()
    .width(84.0)
    .show(|r, _| match r.cost_class {
        Some(c) => c.label().to_string(),
        None if r.econ.is_empty() => String::new(),
        None => default_cost_class(&r.econ).label().to_string(),
    })
    .read(|r, t, _| {
        let t = t.trim();
        r.cost_class = match t {
            "" => None,
            _ => {
                let c = CostClass::parse(t)
                    .ok_or_else(|| format!("“{t}”应为“人员经费”或“公用经费”"))?;
                (c != default_cost_class(&r.econ)).then_some(c)
            }
        };
        Ok(())
    }),
    F::new(
        "顺序",
        "seq",
        FieldType::Order,
        |r| Value::Int(r.seq),
        |r, v| r.seq = v.int(),
    ),
];

/// A function code with its name, or what blank means.
fn func_text(code: &str, b: &Budget, blank: &str) -> String {
    if code.is_empty() {
        return blank.to_string();
    }
    format!(
        "{code} {}",
        b.catalog
            .function
            .label(code)
            .unwrap_or_else(|| "（目录中没有）".into())
    )
}

/// 比例或定额 as the sheet shows it: `16%`, `1,600.00`, `1 个月`.
pub fn rate_text(r: &Rule) -> String {
    let d = r.rate.normalize();
    match r.way {
        RuleWay::Rate => format!("{d}%"),
        RuleWay::PerMonth if d.is_zero() => String::new(),
        RuleWay::PerMonth => format!("{d} 个月"),
        _ => crate::engine::money::Money::round_from(d).grouped(),
    }
}
