//! 政府采购: a procurement item and its parts.

use super::place::Sheet;
use super::registry::{self, Before, KindId, Record};
use super::{Field, FieldType, Kind, Value};
use crate::engine::kinds::*;
use crate::engine::model::*;
use crate::engine::money::Money;
use crate::engine::parts::Parts;
use std::borrow::Cow;

impl Kind for Procurement {
    const ID: KindId = KindId::Procurement;
    const SHEET: Option<Sheet> = Some(Sheet::Procurement);
    const PART: Parts = Parts::PROCUREMENT;
    const NAME: &'static str = "政府采购";
    const TABLE: &'static str = "procurement";
    const KEY: &'static [&'static str] = &["id"];

    fn fields() -> &'static [Field<Procurement>] {
        FIELDS
    }

    fn blank() -> Procurement {
        Procurement {
            id: 0,
            unit_id: 0,
            name: String::new(),
            fund_source: FundSource::General,
            total: Money::ZERO,
            goods: Money::ZERO,
            works: Money::ZERO,
            services: Money::ZERO,
            sme: Money::ZERO,
            small: Money::ZERO,
        }
    }

    fn title(&self) -> String {
        self.name.clone()
    }

    fn rules(&self, _: &Budget) -> Result<(), String> {
        if self.name.trim().is_empty() {
            return Err("采购项目名称不能为空".into());
        }
        Ok(())
    }

    fn put_in(self, b: &mut Budget) -> Before<Self> {
        registry::put_by_id(&mut b.procurement, self, |p| p.id)
    }

    fn take_from(b: &mut Budget, id: i64) -> Vec<Record> {
        registry::take_by_id(&mut b.procurement, id, |p| p.id)
            .map(Record::from)
            .into_iter()
            .collect()
    }

    fn load_into(b: &mut Budget, all: Vec<Self>) {
        b.procurement = all;
    }

    fn records(b: &Budget) -> Cow<'_, [Self]> {
        Cow::Borrowed(&b.procurement)
    }
}

/// The fields, in the order of the grid, the template and a pasted row.
type F = Field<Procurement>;

static FIELDS: &[Field<Procurement>] = &[
    F::id(|p| Value::Int(p.id), |p, v| p.id = v.int()),
    F::unit(|p| Value::Int(p.unit_id), |p, v| p.unit_id = v.int())
        .required()
        .width(110.0),
    F::new(
        "采购项目名称",
        "name",
        FieldType::Text,
        |p| Value::Text(p.name.clone()),
        |p, v| p.name = v.into_text(),
    )
    .aliases(&["采购项目"])
    .required()
    .width(300.0),
    F::new(
        "资金来源",
        "fund_source",
        FieldType::Choice(FundSource::LABELS, FundSource::canonical),
        |p| Value::Text(p.fund_source.label().into()),
        |p, v| p.fund_source = FundSource::parse(v.text()).unwrap_or(FundSource::General),
    )
    .aliases(&["资金性质", "fund_type_code"])
    .required()
    .width(170.0),
    money_field!(Procurement, "合计", "total_fen", total),
    money_field!(Procurement, "货物类", "goods_fen", goods)
        .aliases(&["货物"])
        .width(110.0),
    money_field!(Procurement, "工程类", "works_fen", works)
        .aliases(&["工程"])
        .width(110.0),
    money_field!(Procurement, "服务类", "services_fen", services)
        .aliases(&["服务"])
        .width(110.0),
    money_field!(Procurement, "面向中小企业预留", "sme_fen", sme)
        .aliases(&["中小企业预留", "预留中小企业"])
        .width(130.0),
    money_field!(Procurement, "其中小微企业", "small_fen", small)
        .aliases(&["小微企业预留", "预留小微企业"])
        .width(110.0),
];
