//! 单位信息: the department and its facts (one record).

use super::place::{Place, Sheet};
use super::registry::{Before, KindId};
use super::{Field, FieldType, Kind, Value};
use crate::engine::model::*;
use crate::engine::parts::Parts;
use std::borrow::Cow;

impl Kind for Department {
    const ID: KindId = KindId::Department;
    const SHEET: Option<Sheet> = Some(Sheet::Department);
    const PART: Parts = Parts::DEPARTMENT;
    const NAME: &'static str = "单位信息";
    const TABLE: &'static str = "department";
    const KEY: &'static [&'static str] = &["id"];

    fn fields() -> &'static [Field<Department>] {
        FIELDS
    }

    fn blank() -> Department {
        Department::default()
    }

    fn describe_put(&self) -> String {
        "修改单位信息".into()
    }

    fn rules(&self, _: &Budget) -> Result<(), String> {
        if self.name.trim().is_empty() {
            return Err("部门名称不能为空".into());
        }
        if !(2000..=2100).contains(&self.year) {
            return Err(format!(
                "预算年度“{}”无效，应在 2000 至 2100 之间",
                self.year
            ));
        }
        Ok(())
    }

    /// The department is its sheet.
    fn place(&self) -> Option<Place> {
        Some(Place::new(Sheet::Department, None, None))
    }

    fn put_in(self, b: &mut Budget) -> Before<Self> {
        Before::Was(std::mem::replace(&mut b.department, self))
    }

    fn load_into(b: &mut Budget, all: Vec<Self>) {
        if let Some(d) = all.into_iter().next() {
            b.department = d;
        }
    }

    fn records(b: &Budget) -> Cow<'_, [Self]> {
        Cow::Borrowed(std::slice::from_ref(&b.department))
    }
}

/// The fields, in the order of the grid, the template and a pasted row.
type F = Field<Department>;

static FIELDS: &[Field<Department>] = &[
    // One department a file: its row is always 1.
    F::new("id", "id", FieldType::Id, |_| Value::Int(1), |_, _| {}),
    text_field!(Department, "部门名称", "name", name, FieldType::Text)
        .aliases(&["部门全称", "名称"])
        .required(),
    text_field!(Department, "部门代码", "code", code, FieldType::Text).aliases(&["代码"]),
    F::new(
        "预算年度",
        "year",
        FieldType::Year,
        |d| Value::Int(d.year.into()),
        |d, v| d.year = v.int().clamp(i32::MIN as i64, i32::MAX as i64) as i32,
    )
    .aliases(&["年度"])
    .required(),
    text_field!(Department, "地区", "region", region, FieldType::Text).aliases(&["区县"]),
    text_field!(
        Department,
        "职能职责",
        "duties",
        duties,
        FieldType::LongText
    )
    .aliases(&["部门主要职能"]),
    text_field!(
        Department,
        "单位构成",
        "composition",
        composition,
        FieldType::LongText
    )
    .aliases(&["机构设置"]),
    F::new(
        "内设科室数",
        "divisions",
        FieldType::Count,
        |d| Value::Int(d.divisions.into()),
        |d, v| d.divisions = v.int().clamp(0, u32::MAX as i64) as u32,
    ),
    text_field!(
        Department,
        "联系人",
        "contact_name",
        contact_name,
        FieldType::Text
    ),
    text_field!(
        Department,
        "联系电话",
        "contact_phone",
        contact_phone,
        FieldType::Text
    ),
    text_field!(
        Department,
        "整体绩效目标",
        "goal",
        goal,
        FieldType::LongText
    )
    .aliases(&["当年整体绩效目标"]),
];
