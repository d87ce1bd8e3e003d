//! 批注: a remark a reviewer or the officer attaches to a place in the budget.

use super::{Field, FieldType, Kind, Value};
use crate::model::*;

impl Kind for Remark {
    const NAME: &'static str = "批注";
    const TABLE: &'static str = "remark";
    const KEY: &'static [&'static str] = &["id"];

    fn fields() -> &'static [Field<Remark>] {
        FIELDS
    }

    fn blank() -> Remark {
        Remark {
            id: 0,
            target: String::new(),
            author: String::new(),
            created: String::new(),
            text: String::new(),
            resolved: false,
        }
    }
}

/// The fields, in the order of the grid, the template and a pasted row.
type F = Field<Remark>;

macro_rules! text {
    ($label:literal, $col:literal, $f:ident) => {
        F::new(
            $label,
            $col,
            FieldType::Text,
            |r: &Remark| Value::Text(r.$f.clone()),
            |r: &mut Remark, v| r.$f = v.into_text(),
        )
    };
}

static FIELDS: &[Field<Remark>] = &[
    F::new(
        "id",
        "id",
        FieldType::Id,
        |r| Value::Int(r.id),
        |r, v| r.id = v.int(),
    ),
    text!("位置", "target", target),
    text!("署名", "author", author).required(),
    text!("时间", "created", created),
    F::new(
        "批注内容",
        "text",
        FieldType::LongText,
        |r| Value::Text(r.text.clone()),
        |r, v| r.text = v.into_text(),
    )
    .required(),
    F::new(
        "已解决",
        "resolved",
        FieldType::YesNo,
        |r| Value::Int(r.resolved as i64),
        |r, v| r.resolved = v.int() != 0,
    ),
];
