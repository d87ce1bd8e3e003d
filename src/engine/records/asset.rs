//! 资产: vehicles and large equipment, held and to be bought.

use super::place::Sheet;
use super::registry::{self, Before, KindId};
use super::{Field, FieldType, Kind, Value};
use crate::engine::kinds::*;
use crate::engine::model::*;
use crate::engine::parts::Parts;
use std::borrow::Cow;

impl Kind for Asset {
    const ID: KindId = KindId::Asset;
    const SHEET: Option<Sheet> = Some(Sheet::Assets);
    const PART: Parts = Parts::ASSETS;
    const NAME: &'static str = "资产";
    const TABLE: &'static str = "asset";
    const KEY: &'static [&'static str] = &["category"];

    fn fields() -> &'static [Field<Asset>] {
        FIELDS
    }

    fn blank() -> Asset {
        Asset {
            category: AssetCategory::OtherCar,
            owned: 0,
            to_buy: 0,
        }
    }

    fn title(&self) -> String {
        self.category.label().into()
    }

    fn put_in(self, b: &mut Budget) -> Before<Self> {
        let empty = Asset {
            category: self.category,
            owned: 0,
            to_buy: 0,
        };
        registry::put_by_key(&mut b.assets, self, |a| a.category, false, empty)
    }

    fn load_into(b: &mut Budget, mut all: Vec<Self>) {
        all.sort_by_key(|a| a.category);
        b.assets = all;
    }

    fn records(b: &Budget) -> Cow<'_, [Self]> {
        Cow::Borrowed(&b.assets)
    }
}

/// The fields, in the order of the grid, the template and a pasted row.
type F = Field<Asset>;

static FIELDS: &[Field<Asset>] = &[
    F::new(
        "类别",
        "category",
        FieldType::Choice(AssetCategory::LABELS, AssetCategory::canonical),
        |a| Value::Text(a.category.label().into()),
        |a, v| a.category = AssetCategory::parse(v.text()).unwrap_or(AssetCategory::OtherCar),
    )
    .aliases(&["资产类别", "车辆类别"])
    .required()
    .width(260.0),
    F::new(
        "现有数量",
        "owned",
        FieldType::Count,
        |a| Value::Int(a.owned.into()),
        |a, v| a.owned = v.int().clamp(0, u32::MAX as i64) as u32,
    )
    .aliases(&["上年末实有", "实有数"])
    .width(120.0),
    F::new(
        "本年拟购置数量",
        "to_buy",
        FieldType::Count,
        |a| Value::Int(a.to_buy.into()),
        |a, v| a.to_buy = v.int().clamp(0, u32::MAX as i64) as u32,
    )
    .aliases(&["本年拟购置", "拟购置数"])
    .width(140.0),
];
