//! 变动原因: the reason given for an item that changed from last year.

use super::{Field, FieldType, Kind, Value};

/// A reason, by the key of the item it explains (the budget keeps them by key).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reason {
    pub key: String,
    pub text: String,
}

impl Kind for Reason {
    const NAME: &'static str = "变动原因";
    const TABLE: &'static str = "reason";
    const KEY: &'static [&'static str] = &["key"];

    fn fields() -> &'static [Field<Reason>] {
        FIELDS
    }

    fn blank() -> Reason {
        Reason {
            key: String::new(),
            text: String::new(),
        }
    }
}

/// The fields, in the order of the grid, the template and a pasted row.
type F = Field<Reason>;

static FIELDS: &[Field<Reason>] = &[
    F::new(
        "变动项目",
        "key",
        FieldType::Text,
        |r| Value::Text(r.key.clone()),
        |r, v| r.key = v.into_text(),
    )
    .aliases(&["项目"])
    .required()
    .width(300.0),
    F::new(
        "原因",
        "text",
        FieldType::LongText,
        |r| Value::Text(r.text.clone()),
        |r, v| r.text = v.into_text(),
    )
    .aliases(&["变动原因", "说明"])
    .width(420.0),
];
