//! 批注: a remark a reviewer or the officer attaches to a place in the budget.

use super::place::Sheet;
use super::registry::{self, Before, KindId, Record};
use super::{Field, FieldType, Kind, Value};
use crate::engine::model::*;
use crate::engine::parts::Parts;
use std::borrow::Cow;

impl Kind for Remark {
    const ID: KindId = KindId::Remark;
    const SHEET: Option<Sheet> = None;
    const PART: Parts = Parts::NONE;
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

    fn describe_put(&self) -> String {
        if self.id == 0 {
            "添加批注"
        } else {
            "修改批注"
        }
        .into()
    }

    fn rules(&self, _: &Budget) -> Result<(), String> {
        if self.text.trim().is_empty() {
            return Err("批注内容不能为空".into());
        }
        if self.author.trim().is_empty() {
            return Err("批注需要署名（作者）".into());
        }
        if self.text.chars().count() > 5000 {
            return Err("批注过长（最多 5000 字）".into());
        }
        Ok(())
    }

    fn put_in(self, b: &mut Budget) -> Before<Self> {
        registry::put_by_id(&mut b.remarks, self, |r| r.id)
    }

    fn take_from(b: &mut Budget, id: i64) -> Vec<Record> {
        registry::take_by_id(&mut b.remarks, id, |r| r.id)
            .map(Record::from)
            .into_iter()
            .collect()
    }

    fn load_into(b: &mut Budget, all: Vec<Self>) {
        b.remarks = all;
    }

    fn records(b: &Budget) -> Cow<'_, [Self]> {
        Cow::Borrowed(&b.remarks)
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
