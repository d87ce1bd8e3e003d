//! 资产: vehicles and large equipment, held and to be bought.

use super::{Field, FieldType, Kind, Value};
use crate::engine::kinds::*;
use crate::engine::model::*;

impl Kind for Asset {
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
