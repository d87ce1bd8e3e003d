//! 项目: a project, with its performance target's texts.

use super::{Field, FieldType, Kind, Value};
use crate::model::*;
use crate::money::Money;

impl Kind for Project {
    const NAME: &'static str = "项目";
    const TABLE: &'static str = "project";
    const KEY: &'static [&'static str] = &["id"];

    fn fields() -> &'static [Field<Project>] {
        FIELDS
    }

    fn blank() -> Project {
        Project {
            id: 0,
            code: String::new(),
            name: String::new(),
            unit_id: 0,
            kind: ProjectKind::General,
            competent_dept: String::new(),
            overview: String::new(),
            basis: String::new(),
            goal: String::new(),
            budget: Money::ZERO,
            district: Money::ZERO,
            township: Money::ZERO,
        }
    }
}

/// The fields, in the order of the grid, the template and a pasted row.
type F = Field<Project>;

macro_rules! text {
    ($label:literal, $col:literal, $f:ident, $ty:expr) => {
        F::new(
            $label,
            $col,
            $ty,
            |p: &Project| Value::Text(p.$f.clone()),
            |p: &mut Project, v| p.$f = v.into_text(),
        )
    };
}

macro_rules! money {
    ($label:literal, $col:literal, $f:ident) => {
        F::new(
            $label,
            $col,
            FieldType::Money,
            |p: &Project| Value::Int(p.$f.fen()),
            |p: &mut Project, v| p.$f = Money::from_fen(v.int()),
        )
    };
}

static FIELDS: &[Field<Project>] = &[
    F::new(
        "id",
        "id",
        FieldType::Id,
        |p| Value::Int(p.id),
        |p, v| p.id = v.int(),
    ),
    text!("项目名称", "name", name, FieldType::Text)
        .aliases(&["pro_name"])
        .required()
        .width(220.0),
    text!("项目编码", "code", code, FieldType::Text).aliases(&["pro_code"]),
    F::new(
        "单位",
        "unit_id",
        FieldType::Unit,
        |p| Value::Int(p.unit_id),
        |p, v| p.unit_id = v.int(),
    )
    .aliases(&[
        "单位代码",
        "单位名称",
        "预算单位",
        "agency_code",
        "agency_name",
    ])
    .required(),
    F::new(
        "项目类别",
        "kind",
        FieldType::Choice(ProjectKind::LABELS, ProjectKind::canonical),
        |p| Value::Text(p.kind.label().into()),
        |p, v| p.kind = ProjectKind::parse(v.text()).unwrap_or(ProjectKind::General),
    )
    .aliases(&["类别"])
    .width(80.0),
    text!(
        "业务主管部门",
        "competent_dept",
        competent_dept,
        FieldType::Text
    ),
    text!("项目概况", "overview", overview, FieldType::LongText),
    text!("立项依据", "basis", basis, FieldType::LongText),
    text!("当年绩效目标", "goal", goal, FieldType::LongText).aliases(&["绩效目标"]),
    money!("当年预算", "budget_fen", budget).aliases(&["项目金额", "金额"]),
    money!("区级支出", "district_fen", district),
    money!("补助镇街", "township_fen", township),
];
