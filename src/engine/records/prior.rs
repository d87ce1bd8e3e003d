//! 上年数: last year's general-budget figure of a function 项 and nature, and last year's
//! 三公 items and 机关运行经费.

use super::{Field, FieldType, Kind, Value};
use crate::engine::catalog::CatalogKind;
use crate::engine::kinds::*;
use crate::engine::model::*;
use crate::engine::money::Money;

impl Kind for PriorFunction {
    const NAME: &'static str = "上年数";
    const TABLE: &'static str = "prior_function";
    const KEY: &'static [&'static str] = &["func_code", "nature"];

    fn fields() -> &'static [Field<PriorFunction>] {
        FUNCTION_FIELDS
    }

    fn blank() -> PriorFunction {
        PriorFunction {
            func_code: String::new(),
            nature: Nature::Basic,
            amount: Money::ZERO,
        }
    }
}

type PF = Field<PriorFunction>;

static FUNCTION_FIELDS: &[Field<PriorFunction>] = &[
    PF::new(
        "功能科目",
        "func_code",
        FieldType::Code(CatalogKind::Function),
        |p| Value::Text(p.func_code.clone()),
        |p, v| p.func_code = v.into_text(),
    )
    .aliases(&["功能分类", "功能分类科目", "exp_func_code"])
    .required()
    .width(200.0),
    PF::new(
        "支出性质",
        "nature",
        FieldType::Choice(Nature::LABELS, Nature::canonical),
        |p| Value::Text(p.nature.label().into()),
        |p, v| p.nature = Nature::parse(v.text()).unwrap_or(Nature::Basic),
    )
    .aliases(&["性质"])
    .required()
    .width(100.0),
    PF::new(
        "上年预算数",
        "amount_fen",
        FieldType::Money,
        |p| Value::Int(p.amount.fen()),
        |p, v| p.amount = Money::from_fen(v.int()),
    )
    .aliases(&["上年数", "金额"])
    .width(150.0),
];

/// Last year's figure of a 三公 item or of 机关运行经费 (the budget keeps them by item).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PriorFigure {
    pub item: PriorItem,
    pub amount: Money,
}

impl Kind for PriorFigure {
    const NAME: &'static str = "上年三公";
    const TABLE: &'static str = "prior_item";
    const KEY: &'static [&'static str] = &["item"];

    fn fields() -> &'static [Field<PriorFigure>] {
        ITEM_FIELDS
    }

    fn blank() -> PriorFigure {
        PriorFigure {
            item: PriorItem::Abroad,
            amount: Money::ZERO,
        }
    }
}

type PI = Field<PriorFigure>;

static ITEM_FIELDS: &[Field<PriorFigure>] = &[
    PI::new(
        "项目",
        "item",
        FieldType::Choice(PriorItem::LABELS, PriorItem::canonical),
        |p| Value::Text(p.item.label().into()),
        |p, v| p.item = PriorItem::parse(v.text()).unwrap_or(PriorItem::Abroad),
    )
    .aliases(&["三公项目", "名称"])
    .required()
    .width(200.0),
    PI::new(
        "上年预算数",
        "amount_fen",
        FieldType::Money,
        |p| Value::Int(p.amount.fen()),
        |p, v| p.amount = Money::from_fen(v.int()),
    )
    .aliases(&["上年数", "金额"])
    .width(150.0),
];
