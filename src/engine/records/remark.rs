//! 批注: a remark a reviewer or the officer attaches to a place in the budget.

use super::{Field, FieldType, Kind, Value};
use crate::engine::model::*;

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

static FIELDS: &[Field<Remark>] = &[
    F::id(|r| Value::Int(r.id), |r, v| r.id = v.int()),
    text_field!(Remark, "位置", "target", target),
    text_field!(Remark, "署名", "author", author).required(),
    text_field!(Remark, "时间", "created", created),
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
