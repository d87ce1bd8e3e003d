//! 支出明细: a line item.

use super::place::Sheet;
use super::registry::{self, Before, KindId, Record};
use super::{Field, FieldType, Kind, Value, read_code};
use crate::engine::catalog::CatalogKind;
use crate::engine::kinds::*;
use crate::engine::model::*;
use crate::engine::money::Money;
use crate::engine::parts::Parts;
use std::borrow::Cow;

impl Kind for Line {
    const ID: KindId = KindId::Line;
    const SHEET: Option<Sheet> = Some(Sheet::Lines);
    const PART: Parts = Parts::LINES;
    const NAME: &'static str = "支出明细";
    const TABLE: &'static str = "line";
    const KEY: &'static [&'static str] = &["id"];

    fn fields() -> &'static [Field<Line>] {
        FIELDS
    }

    fn blank() -> Line {
        Line {
            id: 0,
            unit_id: 0,
            func_code: String::new(),
            dept_econ: String::new(),
            gov_econ_override: None,
            nature: Nature::Basic,
            cost_class_override: None,
            project_id: None,
            fund_source: FundSource::General,
            amount: Money::ZERO,
            remark: String::new(),
            seq: 0,
            computed: None,
        }
    }

    fn describe_put(&self) -> String {
        "修改支出明细".into()
    }

    fn put_in(self, b: &mut Budget) -> Before<Self> {
        // A line lives in one of the two lists, by whether it is complete.
        let id = self.id;
        let (to, other) = if self.is_complete() {
            (&mut b.lines, &mut b.incomplete_lines)
        } else {
            (&mut b.incomplete_lines, &mut b.lines)
        };
        let moved = registry::take_by_id(other, id, |l| l.id);
        match (registry::put_by_id(to, self, |l| l.id), moved) {
            (Before::New(_), Some(old)) => Before::Was(old),
            (before, _) => before,
        }
    }

    fn take_from(b: &mut Budget, id: i64) -> Vec<Record> {
        registry::take_by_id(&mut b.lines, id, |l| l.id)
            .or_else(|| registry::take_by_id(&mut b.incomplete_lines, id, |l| l.id))
            .map(Record::from)
            .into_iter()
            .collect()
    }

    fn load_into(b: &mut Budget, all: Vec<Self>) {
        // Complete lines make the tables; the others wait for their codes.
        b.lines.reserve(all.len());
        for l in all {
            if l.is_complete() {
                b.lines.push(l);
            } else {
                b.incomplete_lines.push(l);
            }
        }
    }

    fn current(&self, b: &Budget) -> Option<Self> {
        b.line(self.id).cloned()
    }

    fn records(b: &Budget) -> Cow<'_, [Self]> {
        Cow::Owned(b.lines_in_order().into_iter().cloned().collect())
    }
}

/// The fields, in the order of the grid, the template and a pasted row.
type F = Field<Line>;

static FIELDS: &[Field<Line>] = &[
    F::id(|l| Value::Int(l.id), |l, v| l.id = v.int()),
    F::unit(|l| Value::Int(l.unit_id), |l, v| l.unit_id = v.int())
        .required()
        .width(96.0),
    F::new(
        "功能科目",
        "func_code",
        FieldType::Code(CatalogKind::Function),
        |l| Value::Text(l.func_code.clone()),
        |l, v| l.func_code = v.into_text(),
    )
    .aliases(&["功能分类", "功能分类科目", "支出功能分类", "exp_func_code"])
    .required()
    .width(230.0)
    .read(|l, t, b| {
        fixed_by_rule(l, "功能科目")?;
        // A line being typed may stay without its code; a code given cannot be cleared.
        if t.trim().is_empty() {
            return if l.func_code.is_empty() {
                Ok(())
            } else {
                Err("功能科目不能清空（可直接输入新的科目）".into())
            };
        }
        l.func_code = read_code(b, CatalogKind::Function, t)?;
        Ok(())
    }),
    F::new(
        "部门经济科目",
        "dept_econ",
        FieldType::Code(CatalogKind::DeptEconomic),
        |l| Value::Text(l.dept_econ.clone()),
        |l, v| l.dept_econ = v.into_text(),
    )
    .aliases(&["部门经济分类", "部门预算支出经济分类", "dep_bgt_eco_code"])
    .required()
    .width(150.0)
    .read(|l, t, b| {
        fixed_by_rule(l, "部门经济科目")?;
        if t.trim().is_empty() {
            return if l.dept_econ.is_empty() {
                Ok(())
            } else {
                Err("部门经济科目不能清空（可直接输入新的科目）".into())
            };
        }
        l.dept_econ = read_code(b, CatalogKind::DeptEconomic, t)?;
        Ok(())
    }),
    F::new(
        "政府经济科目",
        "gov_econ_override",
        FieldType::Code(CatalogKind::GovEconomic),
        |l| Value::from_opt_text(&l.gov_econ_override),
        |l, v| l.gov_econ_override = v.opt_text(),
    )
    .aliases(&["政府经济分类", "政府预算支出经济分类", "gov_bgt_eco_code"])
    .nullable()
    .width(150.0)
    // Blank: the mapping decides, and the grid shows what it gives.
    .show(|l, b| match &l.gov_econ_override {
        Some(o) => format!(
            "{o} {}（手工指定）",
            b.catalog.gov_economic.name(o).unwrap_or("")
        ),
        None if l.dept_econ.is_empty() => String::new(),
        None => b
            .gov_code(l)
            .map(|g| format!("{g} {}", b.catalog.gov_economic.name(&g).unwrap_or("")))
            .unwrap_or_else(|| "（无对应）".into()),
    })
    // A code equal to the mapping's is no override.
    .read(|l, t, b| {
        let t = t.trim();
        if t.is_empty() || t == "（无对应）" {
            l.gov_econ_override = None;
            return Ok(());
        }
        let c = read_code(b, CatalogKind::GovEconomic, t)
            .map_err(|e| format!("{e}（留空则按对照表）"))?;
        let mapped = b.mapped_gov_code(l).map(str::to_string);
        l.gov_econ_override = (mapped.as_deref() != Some(c.as_str())).then_some(c);
        Ok(())
    }),
    F::new(
        "支出性质",
        "nature",
        FieldType::Choice(Nature::LABELS, Nature::canonical),
        |l| Value::Text(l.nature.label().into()),
        |l, v| l.nature = Nature::parse(v.text()).unwrap_or(Nature::Basic),
    )
    .aliases(&["性质", "支出类型"])
    .required()
    .width(76.0)
    .read(|l, t, _| {
        let n = Nature::parse(t).ok_or_else(|| format!("“{}”应为 {}", t.trim(), Nature::labels()))?;
        if n != l.nature {
            fixed_by_rule(l, "支出性质")?;
        }
        l.nature = n;
        Ok(())
    }),
    F::new(
        "项目",
        "project_id",
        FieldType::Project,
        |l| Value::from_opt_id(l.project_id),
        |l, v| l.project_id = v.id(),
    )
    .aliases(&["项目名称", "pro_name", "pro_code"])
    .nullable()
    .width(130.0)
    .read(|l, t, b| {
        let t = t.trim();
        if t.is_empty() {
            if l.nature == Nature::Project {
                return Err("项目支出须选择项目（或先把性质改为“基本支出”）".into());
            }
            l.project_id = None;
            return Ok(());
        }
        let p = b
            .projects
            .iter()
            .find(|p| p.name == t || (!p.code.is_empty() && p.code == t))
            .ok_or_else(|| format!("没有项目“{t}”"))?;
        l.project_id = Some(p.id);
        Ok(())
    }),
    F::new(
        "资金来源",
        "fund_source",
        FieldType::Choice(FundSource::LABELS, FundSource::canonical),
        |l| Value::Text(l.fund_source.label().into()),
        |l, v| l.fund_source = FundSource::parse(v.text()).unwrap_or(FundSource::General),
    )
    .aliases(&["资金性质", "fund_type_code", "fund_type"])
    .width(150.0),
    F::new(
        "金额",
        "amount_fen",
        FieldType::Money,
        |l| Value::Int(l.amount.fen()),
        |l, v| l.amount = Money::from_fen(v.int()),
    )
    .aliases(&["预算数", "金额（元）", "金额(元)", "amount"])
    .width(120.0)
    // A computed line's amount typed over: the difference is its adjustment by hand.
    .read(|l, t, _| {
        let t = t.trim();
        let typed = if t.is_empty() {
            Money::ZERO
        } else {
            crate::engine::money::parse_yuan(t).map_err(|e| e.to_string())?
        };
        if l.is_computed() {
            l.set_adjust(l.adjust() + (typed - l.amount));
        }
        l.amount = typed;
        Ok(())
    }),
    F::new(
        "备注",
        "remark",
        FieldType::Text,
        |l| Value::Text(l.remark.clone()),
        |l, v| l.remark = v.into_text(),
    )
    .aliases(&["说明", "remark"]),
    F::new(
        "经费类型",
        "cost_class",
        FieldType::Choice(CostClass::LABELS, CostClass::canonical),
        |l| Value::from_opt_text(&l.cost_class_override.map(|c| c.label().to_string())),
        |l, v| l.cost_class_override = v.opt_text().and_then(|s| CostClass::parse(&s)),
    )
    .aliases(&["人员/公用", "人员经费/公用经费", "经费分类"])
    .nullable()
    .width(84.0)
    // Blank: 301 and 303 are 人员经费, the rest 公用经费; the grid shows which applies.
    .show(|l, b| match l.cost_class_override {
        Some(c) => format!("{}（手工指定）", c.label()),
        None if l.dept_econ.is_empty() => String::new(),
        None => b.cost_class(l).label().to_string(),
    })
    .read(|l, t, _| {
        let t = t.trim().trim_end_matches("（手工指定）");
        if t.is_empty() {
            l.cost_class_override = None;
            return Ok(());
        }
        let c = CostClass::parse(t)
            .ok_or_else(|| format!("“{t}”应为“人员经费”或“公用经费”（留空则按经济科目）"))?;
        l.cost_class_override = (c != default_cost_class(&l.dept_econ)).then_some(c);
        Ok(())
    }),
    F::new(
        "顺序",
        "seq",
        FieldType::Order,
        |l| Value::Int(l.seq),
        |l, v| l.seq = v.int(),
    ),
    F::new(
        RULE,
        "rule",
        FieldType::Text,
        |l| Value::Text(l.rule().to_string()),
        |l, v| l.set_rule(v.into_text()),
    )
    .aliases(&["测算规则"])
    .width(150.0)
    // Made by the standards: a computed line is not turned into a typed one by hand.
    .read(|l, t, _| {
        // A new line read whole (an import of a data workbook) comes with its mark.
        if l.id == 0 {
            l.set_rule(t.trim().to_string());
            return Ok(());
        }
        if t.trim() != l.rule() {
            return Err(if l.is_computed() {
                format!("此行由测算标准“{}”算出，不能改为手工行（可修改人员或标准，或直接改金额作为手工调整）", l.rule())
            } else {
                "测算行由人员和测算标准生成，不能手工标记".into()
            });
        }
        Ok(())
    }),
    F::new(
        ADJUST,
        "adjust_fen",
        FieldType::SignedMoney,
        |l| Value::Int(l.adjust().fen()),
        |l, v| l.set_adjust(Money::from_fen(v.int())),
    )
    .width(100.0)
    // Setting the adjustment moves the amount with it.
    .read(|l, t, _| {
        let t = t.trim();
        if !l.is_computed() {
            return if t.is_empty() || t == "0" || t == "0.00" {
                Ok(())
            } else {
                Err("只有测算行有手工调整：手工行直接修改金额".into())
            };
        }
        let before = l.adjust();
        let adjust = super::parse_signed(t)?;
        // A new line read whole has its amount (the result and the adjustment) already.
        if l.id == 0 {
            l.set_adjust(adjust);
            return Ok(());
        }
        let computed = l.amount - before;
        let amount = computed + adjust;
        if amount.is_negative() {
            return Err(format!(
                "手工调整 {} 会使金额为负数（测算数 {}）",
                super::signed(adjust),
                computed.grouped()
            ));
        }
        l.set_adjust(adjust);
        l.amount = amount;
        Ok(())
    }),
];

/// The labels of a line's mark of the rule that computes it and of its adjustment.
pub const RULE: &str = "测算";
pub const ADJUST: &str = "手工调整";

/// Refuses a change to what the rule of a computed line decides.
fn fixed_by_rule(l: &Line, what: &str) -> Result<(), String> {
    if l.is_computed() {
        Err(format!(
            "此行由测算标准“{}”算出，{what}由标准决定（可在“测算标准”页修改规则）",
            l.rule()
        ))
    } else {
        Ok(())
    }
}
