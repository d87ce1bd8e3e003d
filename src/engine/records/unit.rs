//! 单位: a budget unit of the department.

use super::{Field, FieldType, Kind, Value};
use crate::engine::kinds::*;
use crate::engine::model::*;

impl Kind for Unit {
    const NAME: &'static str = "单位";
    const TABLE: &'static str = "unit";
    const KEY: &'static [&'static str] = &["id"];

    fn fields() -> &'static [Field<Unit>] {
        FIELDS
    }

    fn blank() -> Unit {
        Unit {
            id: 0,
            code: String::new(),
            name: String::new(),
            kind: UnitKind::Institution,
            short_name: String::new(),
        }
    }
}

/// The fields, in the order of the grid, the template and a pasted row.
type F = Field<Unit>;

static FIELDS: &[Field<Unit>] = &[
    F::id(|u| Value::Int(u.id), |u, v| u.id = v.int()),
    F::new(
        "单位代码",
        "code",
        FieldType::Text,
        |u| Value::Text(u.code.clone()),
        |u, v| u.code = v.into_text(),
    )
    .aliases(&["代码", "agency_code"])
    .required()
    .width(110.0)
    // Digits under the department's code, and not another unit's.
    .read(|u, t, b| {
        let t = t.trim();
        if let Some(why) = crate::engine::create::unit_code_problem(&b.department.code, t) {
            return Err(why);
        }
        if let Some(o) = b.units.iter().find(|o| o.code == t && o.id != u.id) {
            return Err(format!("单位代码“{t}”已被“{}”使用", o.name));
        }
        u.code = t.to_string();
        Ok(())
    }),
    F::new(
        "单位名称",
        "name",
        FieldType::Text,
        |u| Value::Text(u.name.clone()),
        |u, v| u.name = v.into_text(),
    )
    .aliases(&["名称", "agency_name"])
    .required()
    .width(320.0)
    .read(|u, t, b| {
        u.name = distinct(u, t, b)?;
        Ok(())
    }),
    F::new(
        "简称",
        "short_name",
        FieldType::Text,
        |u| Value::Text(u.short_name.clone()),
        |u, v| u.short_name = v.into_text(),
    )
    .aliases(&["单位简称"])
    .read(|u, t, b| {
        u.short_name = distinct(u, t, b)?;
        Ok(())
    }),
    F::new(
        "单位类型",
        "kind",
        FieldType::Choice(UnitKind::LABELS, UnitKind::canonical),
        |u| Value::Text(u.kind.label().into()),
        |u, v| u.kind = UnitKind::parse(v.text()).unwrap_or(UnitKind::Institution),
    )
    .aliases(&["单位性质", "类型"])
    .required()
    .width(90.0),
];

/// A unit's name or 简称, when no other unit goes by it (lines and projects name their
/// unit by either).
fn distinct(u: &Unit, t: &str, b: &Budget) -> Result<String, String> {
    let t = t.trim();
    match b
        .units
        .iter()
        .find(|o| o.id != u.id && o.code != u.code && (o.name == t || o.short_name == t))
    {
        Some(o) if !t.is_empty() => Err(format!(
            "“{t}”已是单位“{}”（{}）的名称或简称",
            o.name, o.code
        )),
        _ => Ok(t.to_string()),
    }
}
