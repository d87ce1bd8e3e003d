//! 收入: income of a fund source, this year and last.

use super::place::Sheet;
use super::registry::{self, Before, KindId};
use super::{Field, FieldType, Kind, Value};
use crate::engine::kinds::*;
use crate::engine::model::*;
use crate::engine::money::Money;
use crate::engine::parts::Parts;
use std::borrow::Cow;

impl Kind for Income {
    const ID: KindId = KindId::Income;
    const SHEET: Option<Sheet> = Some(Sheet::Income);
    const PART: Parts = Parts::INCOME;
    const NAME: &'static str = "收入";
    const TABLE: &'static str = "income";
    const KEY: &'static [&'static str] = &["source"];

    fn fields() -> &'static [Field<Income>] {
        FIELDS
    }

    fn blank() -> Income {
        Income {
            source: FundSource::General,
            current: Money::ZERO,
            prior: Money::ZERO,
        }
    }

    fn title(&self) -> String {
        self.source.label().into()
    }

    fn is_void(&self) -> bool {
        self.current.is_zero() && self.prior.is_zero()
    }

    fn put_in(self, b: &mut Budget) -> Before<Self> {
        let void = self.is_void();
        let empty = Income {
            source: self.source,
            ..Income::blank()
        };
        registry::put_by_key(&mut b.income, self, |i| i.source, void, empty)
    }

    fn load_into(b: &mut Budget, mut all: Vec<Self>) {
        all.sort_by_key(|i| i.source);
        b.income = all;
    }

    fn records(b: &Budget) -> Cow<'_, [Self]> {
        Cow::Borrowed(&b.income)
    }
}

/// The fields, in the order of the grid, the template and a pasted row.
type F = Field<Income>;

static FIELDS: &[Field<Income>] = &[
    F::new(
        "资金来源",
        "source",
        FieldType::Choice(FundSource::LABELS, FundSource::canonical),
        |i| Value::Text(i.source.label().into()),
        |i, v| i.source = FundSource::parse(v.text()).unwrap_or(FundSource::General),
    )
    .aliases(&["收入来源", "资金性质", "fund_type_code"])
    .required()
    .width(260.0),
    F::new(
        "本年预算数",
        "current_fen",
        FieldType::Money,
        |i| Value::Int(i.current.fen()),
        |i, v| i.current = Money::from_fen(v.int()),
    )
    .aliases(&["本年", "预算数", "金额"])
    .width(160.0),
    F::new(
        "上年预算数",
        "prior_fen",
        FieldType::Money,
        |i| Value::Int(i.prior.fen()),
        |i, v| i.prior = Money::from_fen(v.int()),
    )
    .aliases(&["上年", "上年数"])
    .width(160.0),
];
