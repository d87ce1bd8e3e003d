//! 单位: a budget unit of the department.

use super::place::Sheet;
use super::registry::{self, Before, KindId, Record};
use super::{Field, FieldType, Kind, Value};
use crate::engine::kinds::*;
use crate::engine::model::*;
use crate::engine::parts::Parts;
use std::borrow::Cow;

impl Kind for Unit {
    const ID: KindId = KindId::Unit;
    const SHEET: Option<Sheet> = Some(Sheet::Department);
    const PART: Parts = Parts::UNITS;
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
            posts_admin: 0,
            posts_institution: 0,
            main_func: String::new(),
        }
    }

    fn title(&self) -> String {
        self.name.clone()
    }

    fn rules(&self, b: &Budget) -> Result<(), String> {
        if self.code.trim().is_empty() || self.name.trim().is_empty() {
            return Err("单位代码和单位名称都不能为空".into());
        }
        if let Some(other) = b
            .units
            .iter()
            .find(|o| o.code == self.code && o.id != self.id)
        {
            return Err(format!("单位代码“{}”已被“{}”使用", self.code, other.name));
        }
        Ok(())
    }

    fn delete_rules(b: &Budget, id: i64) -> Result<(), String> {
        let Some(u) = b.unit(id) else {
            return Err("要删除的单位不存在".into());
        };
        let lines = b.lines.iter().filter(|l| l.unit_id == id).count();
        let projects = b.projects.iter().filter(|p| p.unit_id == id).count();
        let proc = b.procurement.iter().filter(|p| p.unit_id == id).count();
        let staff = b.persons.iter().filter(|p| p.unit_id == id).count();
        if lines + projects + proc + staff > 0 {
            return Err(format!(
                "单位“{}”还有 {lines} 条支出明细、{projects} 个项目、{proc} 条政府采购、{staff} 行人员，不能删除",
                u.name
            ));
        }
        Ok(())
    }

    fn put_in(self, b: &mut Budget) -> Before<Self> {
        registry::put_by_id(&mut b.units, self, |u| u.id)
    }

    fn take_from(b: &mut Budget, id: i64) -> Vec<Record> {
        registry::take_by_id(&mut b.units, id, |u| u.id)
            .map(Record::from)
            .into_iter()
            .collect()
    }

    fn load_into(b: &mut Budget, all: Vec<Self>) {
        b.units = all;
    }

    fn records(b: &Budget) -> Cow<'_, [Self]> {
        Cow::Borrowed(&b.units)
    }
}

/// The labels of a unit's fields, by which other code reads a unit's columns.
pub const CODE: &str = "单位代码";
pub const NAME: &str = "单位名称";
pub const SHORT_NAME: &str = "简称";
pub const KIND: &str = "单位类型";
pub const MAIN_FUNC: &str = "主要功能科目";

/// The fields, in the order of the grid, the template and a pasted row.
type F = Field<Unit>;

static FIELDS: &[Field<Unit>] = &[
    F::id(|u| Value::Int(u.id), |u, v| u.id = v.int()),
    F::new(
        CODE,
        "code",
        FieldType::Text,
        |u| Value::Text(u.code.clone()),
        |u, v| u.code = v.into_text(),
    )
    .aliases(&["代码", "agency_code"])
    .names()
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
        NAME,
        "name",
        FieldType::Text,
        |u| Value::Text(u.name.clone()),
        |u, v| u.name = v.into_text(),
    )
    .aliases(&["名称", "agency_name"])
    .names()
    .required()
    .width(320.0)
    .read(|u, t, b| {
        u.name = distinct(u, t, b)?;
        Ok(())
    }),
    F::new(
        SHORT_NAME,
        "short_name",
        FieldType::Text,
        |u| Value::Text(u.short_name.clone()),
        |u, v| u.short_name = v.into_text(),
    )
    .aliases(&["单位简称"])
    .names()
    .read(|u, t, b| {
        u.short_name = distinct(u, t, b)?;
        Ok(())
    }),
    F::new(
        KIND,
        "kind",
        FieldType::Choice(UnitKind::LABELS, UnitKind::canonical),
        |u| Value::Text(u.kind.label().into()),
        |u, v| u.kind = UnitKind::parse(v.text()).unwrap_or(UnitKind::Institution),
    )
    .aliases(&["单位性质", "类型"])
    .required()
    .width(90.0),
    F::new(
        "行政编制数",
        "posts_admin",
        FieldType::Count,
        |u| Value::Int(u.posts_admin.into()),
        |u, v| u.posts_admin = v.int().clamp(0, u32::MAX as i64) as u32,
    )
    .aliases(&["行政编制"])
    .width(84.0),
    F::new(
        "事业编制数",
        "posts_institution",
        FieldType::Count,
        |u| Value::Int(u.posts_institution.into()),
        |u, v| u.posts_institution = v.int().clamp(0, u32::MAX as i64) as u32,
    )
    .aliases(&["事业编制"])
    .width(84.0),
    F::new(
        MAIN_FUNC,
        "main_func",
        FieldType::Code(crate::engine::catalog::CatalogKind::Function),
        |u| Value::Text(u.main_func.clone()),
        |u, v| u.main_func = v.into_text(),
    )
    .aliases(&["主要功能分类"])
    .width(230.0)
    .read(|u, t, b| {
        u.main_func = match t.trim() {
            "" => String::new(),
            t => super::read_code(b, crate::engine::catalog::CatalogKind::Function, t)?,
        };
        Ok(())
    }),
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
