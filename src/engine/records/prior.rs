//! 上年数: last year's general-budget figure of a function 项 and nature, and last year's
//! 三公 items and 机关运行经费.

use super::place::{Place, Sheet, Target};
use super::registry::{self, Before, KindId};
use super::{Field, FieldType, Kind, Value};
use crate::engine::catalog::CatalogKind;
use crate::engine::kinds::*;
use crate::engine::model::*;
use crate::engine::money::Money;
use crate::engine::parts::Parts;
use std::borrow::Cow;

impl Kind for PriorFunction {
    const ID: KindId = KindId::PriorFunction;
    const SHEET: Option<Sheet> = Some(Sheet::Prior);
    const PART: Parts = Parts::PRIOR;
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

    fn title(&self) -> String {
        format!("{} {}", self.func_code, self.nature.label())
    }

    fn is_void(&self) -> bool {
        self.amount.is_zero()
    }

    fn target(&self) -> Target {
        Target::Key(self.func_code.clone())
    }

    fn put_in(self, b: &mut Budget) -> Before<Self> {
        let void = self.is_void();
        let empty = PriorFunction {
            amount: Money::ZERO,
            ..self.clone()
        };
        registry::put_by_key(
            &mut b.prior_functions,
            self,
            |p| (p.func_code.clone(), p.nature),
            void,
            empty,
        )
    }

    fn load_into(b: &mut Budget, mut all: Vec<Self>) {
        all.sort_by(|a, c| (&a.func_code, a.nature).cmp(&(&c.func_code, c.nature)));
        b.prior_functions = all;
    }

    fn records(b: &Budget) -> Cow<'_, [Self]> {
        Cow::Borrowed(&b.prior_functions)
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
    const ID: KindId = KindId::PriorFigure;
    const SHEET: Option<Sheet> = Some(Sheet::Prior);
    const PART: Parts = Parts::PRIOR;
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

    fn title(&self) -> String {
        self.item.label().into()
    }

    fn describe_put(&self) -> String {
        format!("修改上年数“{}”", self.item)
    }

    /// A 三公 item is shown on 三公经费, 机关运行经费 on 上年数.
    fn place(&self) -> Option<Place> {
        let sheet = if self.item == PriorItem::OfficeRunning {
            Sheet::Prior
        } else {
            Sheet::ThreePublic
        };
        Some(Place::new(sheet, Some(self.target()), None))
    }

    fn put_in(self, b: &mut Budget) -> Before<Self> {
        let old = b.prior_items.insert(self.item, self.amount);
        Before::Was(PriorFigure {
            item: self.item,
            amount: old.unwrap_or_default(),
        })
    }

    fn load_into(b: &mut Budget, all: Vec<Self>) {
        b.prior_items = all.into_iter().map(|p| (p.item, p.amount)).collect();
    }

    fn records(b: &Budget) -> Cow<'_, [Self]> {
        Cow::Owned(
            b.prior_items
                .iter()
                .map(|(item, amount)| PriorFigure {
                    item: *item,
                    amount: *amount,
                })
                .collect(),
        )
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
