//! 项目: a project, with its performance target's texts.

use super::place::Sheet;
use super::registry::{self, Before, KindId, Record};
use super::{Field, FieldType, Kind, Value};
use crate::engine::kinds::*;
use crate::engine::model::*;
use crate::engine::money::Money;
use crate::engine::parts::Parts;
use std::borrow::Cow;

impl Kind for Project {
    const ID: KindId = KindId::Project;
    const SHEET: Option<Sheet> = Some(Sheet::Projects);
    const PART: Parts = Parts::PROJECTS;
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

    fn title(&self) -> String {
        self.name.clone()
    }

    fn rules(&self, b: &Budget) -> Result<(), String> {
        if self.name.trim().is_empty() {
            return Err("项目名称不能为空".into());
        }
        if let Some(o) = b
            .projects
            .iter()
            .find(|o| o.name == self.name && o.id != self.id)
        {
            return Err(format!("已有同名项目“{}”", o.name));
        }
        Ok(())
    }

    fn delete_rules(b: &Budget, id: i64) -> Result<(), String> {
        let n = b.lines.iter().filter(|l| l.project_id == Some(id)).count();
        if n > 0 {
            let name = b.project(id).map(|p| p.name.as_str()).unwrap_or("");
            return Err(format!(
                "项目“{name}”还有 {n} 条支出明细，请先删除或改挂这些明细"
            ));
        }
        Ok(())
    }

    fn put_in(self, b: &mut Budget) -> Before<Self> {
        registry::put_by_id(&mut b.projects, self, |p| p.id)
    }

    /// A project goes with its indicators.
    fn take_from(b: &mut Budget, id: i64) -> Vec<Record> {
        let Some(p) = registry::take_by_id(&mut b.projects, id, |p| p.id) else {
            return Vec::new();
        };
        let (gone, keep): (Vec<Indicator>, Vec<Indicator>) = std::mem::take(&mut b.indicators)
            .into_iter()
            .partition(|i| i.project_id == Some(id));
        b.indicators = keep;
        std::iter::once(Record::from(p))
            .chain(gone.into_iter().map(Record::from))
            .collect()
    }

    fn load_into(b: &mut Budget, all: Vec<Self>) {
        b.projects = all;
    }

    fn records(b: &Budget) -> Cow<'_, [Self]> {
        Cow::Borrowed(&b.projects)
    }
}

/// The fields, in the order of the grid, the template and a pasted row.
type F = Field<Project>;

static FIELDS: &[Field<Project>] = &[
    F::id(|p| Value::Int(p.id), |p, v| p.id = v.int()),
    text_field!(Project, "项目名称", "name", name, FieldType::Text)
        .names()
        .aliases(&["pro_name"])
        .required()
        .width(220.0),
    text_field!(Project, "项目编码", "code", code, FieldType::Text)
        .aliases(&["pro_code"])
        .names(),
    F::unit(|p| Value::Int(p.unit_id), |p, v| p.unit_id = v.int()).required(),
    F::new(
        "项目类别",
        "kind",
        FieldType::Choice(ProjectKind::LABELS, ProjectKind::canonical),
        |p| Value::Text(p.kind.label().into()),
        |p, v| p.kind = ProjectKind::parse(v.text()).unwrap_or(ProjectKind::General),
    )
    .aliases(&["类别"])
    .width(80.0),
    text_field!(
        Project,
        "业务主管部门",
        "competent_dept",
        competent_dept,
        FieldType::Text
    ),
    text_field!(
        Project,
        "项目概况",
        "overview",
        overview,
        FieldType::LongText
    ),
    text_field!(Project, "立项依据", "basis", basis, FieldType::LongText),
    text_field!(Project, "当年绩效目标", "goal", goal, FieldType::LongText).aliases(&["绩效目标"]),
    money_field!(Project, "当年预算", "budget_fen", budget).aliases(&["项目金额", "金额"]),
    money_field!(Project, "区级支出", "district_fen", district),
    money_field!(Project, "补助镇街", "township_fen", township),
];
