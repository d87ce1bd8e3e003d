//! 人员: a row of the roster, one person or a group of identical posts. What the
//! standards compute from (`engine::staffing`). Identity numbers are no field: a file
//! never holds one.

use super::place::Sheet;
use super::registry::{self, Before, KindId, Record};
use super::{Field, FieldType, Kind, Value};
use crate::engine::kinds::*;
use crate::engine::model::*;
use crate::engine::money::Money;
use crate::engine::parts::Parts;
use std::borrow::Cow;

impl Kind for Person {
    const ID: KindId = KindId::Person;
    const SHEET: Option<Sheet> = Some(Sheet::Staff);
    const PART: Parts = Parts::STAFF;
    const NAME: &'static str = "人员";
    const TABLE: &'static str = "person";
    const KEY: &'static [&'static str] = &["id"];

    fn fields() -> &'static [Field<Person>] {
        FIELDS
    }

    fn blank() -> Person {
        Person {
            id: 0,
            unit_id: 0,
            category: StaffCategory::Serving,
            identity: None,
            name: String::new(),
            count: 1,
            months: 12,
            base_pay: Money::ZERO,
            allowance: Money::ZERO,
            performance: Money::ZERO,
            pension: Money::ZERO,
            living: Money::ZERO,
            bonus: None,
            base_pension: None,
            base_medical: None,
            base_housing: None,
        }
    }

    fn title(&self) -> String {
        self.name.clone()
    }

    fn describe_put(&self) -> String {
        match self.name.trim() {
            "" => "修改人员".into(),
            n => format!("修改人员“{n}”"),
        }
    }

    fn put_in(self, b: &mut Budget) -> Before<Self> {
        registry::put_by_id(&mut b.persons, self, |p| p.id)
    }

    fn take_from(b: &mut Budget, id: i64) -> Vec<Record> {
        registry::take_by_id(&mut b.persons, id, |p| p.id)
            .map(Record::from)
            .into_iter()
            .collect()
    }

    fn load_into(b: &mut Budget, all: Vec<Self>) {
        b.persons = all;
    }

    fn records(b: &Budget) -> Cow<'_, [Self]> {
        Cow::Borrowed(&b.persons)
    }
}

/// The labels of the roster's items, by which the standards name them (`依据`).
pub const BASE_PAY: &str = "基本工资";
pub const ALLOWANCE: &str = "津贴补贴";
pub const PERFORMANCE: &str = "绩效工资";
pub const PENSION: &str = "离退休费";
pub const LIVING: &str = "生活补助";
pub const BONUS: &str = "奖金";
pub const BASE_PENSION: &str = "养老缴费基数";
pub const BASE_MEDICAL: &str = "医疗缴费基数";
pub const BASE_HOUSING: &str = "公积金缴费基数";
/// 姓名或岗位: the one field that may name a person (left out of exports unless asked).
pub const NAME: &str = "姓名或岗位";

/// The roster's items a rule can sum, in order.
pub const ITEMS: &[&str] = &[
    BASE_PAY,
    ALLOWANCE,
    PERFORMANCE,
    PENSION,
    LIVING,
    BONUS,
    BASE_PENSION,
    BASE_MEDICAL,
    BASE_HOUSING,
];

/// A field kept in a `Money` of the person.
macro_rules! monthly {
    ($label:expr, $col:literal, $f:ident, $aliases:expr) => {
        F::new(
            $label,
            $col,
            FieldType::Money,
            |p| Value::Int(p.$f.fen()),
            |p, v| p.$f = Money::from_fen(v.int()),
        )
        .aliases($aliases)
        .width(104.0)
    };
}

/// A field kept in an `Option<Money>` of the person (blank: by the standard).
macro_rules! optional {
    ($label:expr, $col:literal, $f:ident, $aliases:expr) => {
        F::new(
            $label,
            $col,
            FieldType::OptMoney,
            |p| p.$f.map_or(Value::Null, |m| Value::Int(m.fen())),
            |p, v| p.$f = v.id().map(Money::from_fen),
        )
        .aliases($aliases)
        .nullable()
        .width(110.0)
    };
}

type F = Field<Person>;

static FIELDS: &[Field<Person>] = &[
    F::id(|p| Value::Int(p.id), |p, v| p.id = v.int()),
    F::unit(|p| Value::Int(p.unit_id), |p, v| p.unit_id = v.int())
        .required()
        .width(96.0),
    F::new(
        "人员类别",
        "category",
        FieldType::Choice(StaffCategory::LABELS, StaffCategory::canonical),
        |p| Value::Text(p.category.label().into()),
        |p, v| p.category = StaffCategory::parse(v.text()).unwrap_or(StaffCategory::Serving),
    )
    .aliases(&["人员状态", "人员类型", "类别"])
    .width(84.0),
    F::new(
        "身份",
        "identity",
        FieldType::Choice(UnitKind::LABELS, UnitKind::canonical),
        |p| Value::from_opt_text(&p.identity.map(|k| k.label().to_string())),
        |p, v| p.identity = v.opt_text().and_then(|s| UnitKind::parse(&s)),
    )
    .aliases(&["在编类别", "编制类别", "人员身份"])
    .nullable()
    .width(104.0)
    // Blank: the unit's kind, which the grid shows.
    .show(|p, b| {
        p.identity
            .or_else(|| b.unit(p.unit_id).map(|u| u.kind))
            .map(|k| k.label().to_string())
            .unwrap_or_default()
    })
    .read(|p, t, _| {
        let t = t.trim().trim_end_matches("（按单位）");
        let t = t
            .trim_end_matches("编制")
            .trim_end_matches("人员")
            .trim_end_matches("身份");
        p.identity =
            match t {
                "" => None,
                _ => Some(UnitKind::parse(t).ok_or_else(|| {
                    format!("“{t}”应为 {}（留空则按单位类型）", UnitKind::labels())
                })?),
            };
        Ok(())
    }),
    F::new(
        NAME,
        "name",
        FieldType::Text,
        |p| Value::Text(p.name.clone()),
        |p, v| p.name = v.into_text(),
    )
    .aliases(&["姓名", "岗位", "职务", "人员姓名"])
    .width(150.0),
    F::new(
        "人数",
        "count",
        FieldType::Count,
        |p| Value::Int(p.count.into()),
        |p, v| p.count = v.int().clamp(0, u32::MAX as i64) as u32,
    )
    .width(56.0)
    .read(|p, t, _| {
        let t = t.trim();
        p.count = match t {
            "" => 1,
            _ => t
                .parse()
                .ok()
                .filter(|n| (1..=100_000).contains(n))
                .ok_or_else(|| format!("人数“{t}”应为 1 至 100000 的整数"))?,
        };
        Ok(())
    }),
    F::new(
        "月数",
        "months",
        FieldType::Count,
        |p| Value::Int(p.months.into()),
        |p, v| p.months = v.int().clamp(0, u32::MAX as i64) as u32,
    )
    .aliases(&["在职月数", "发放月数"])
    .width(56.0)
    .read(|p, t, _| {
        let t = t.trim();
        p.months = match t {
            "" => 12,
            _ => t
                .parse()
                .ok()
                .filter(|n| (0..=1000).contains(n))
                .ok_or_else(|| format!("月数“{t}”应为 1 至 12 的整数"))?,
        };
        Ok(())
    }),
    monthly!(BASE_PAY, "base_pay_fen", base_pay, &["基本工资（月）"]),
    monthly!(
        ALLOWANCE,
        "allowance_fen",
        allowance,
        &["津贴", "津补贴", "津贴补贴（月）"]
    ),
    monthly!(
        PERFORMANCE,
        "performance_fen",
        performance,
        &["绩效", "绩效工资（月）"]
    ),
    monthly!(
        PENSION,
        "pension_fen",
        pension,
        &["退休费", "离休费", "离退休费（月）"]
    ),
    monthly!(
        LIVING,
        "living_fen",
        living,
        &["生活补贴", "生活补助（月）"]
    ),
    optional!(
        BONUS,
        "bonus_fen",
        bonus,
        &["年终奖金", "年度奖金", "奖金（年）"]
    ),
    optional!(
        BASE_PENSION,
        "base_pension_fen",
        base_pension,
        &["养老保险缴费基数", "养老基数"]
    ),
    optional!(
        BASE_MEDICAL,
        "base_medical_fen",
        base_medical,
        &["医疗保险缴费基数", "医疗基数"]
    ),
    optional!(
        BASE_HOUSING,
        "base_housing_fen",
        base_housing,
        &["住房公积金缴费基数", "公积金基数"]
    ),
];
