//! 绩效指标: an indicator of a project's performance target, or of the department's.

use super::place::{Place, Sheet};
use super::registry::{self, Before, KindId, Record};
use super::{Field, FieldType, Kind, Value};
use crate::engine::kinds::*;
use crate::engine::model::*;
use crate::engine::parts::Parts;
use rust_decimal::Decimal;
use std::borrow::Cow;

impl Kind for Indicator {
    const ID: KindId = KindId::Indicator;
    const SHEET: Option<Sheet> = Some(Sheet::Projects);
    const PART: Parts = Parts::INDICATORS;
    const NAME: &'static str = "绩效指标";
    const TABLE: &'static str = "indicator";
    const KEY: &'static [&'static str] = &["id"];

    fn fields() -> &'static [Field<Indicator>] {
        FIELDS
    }

    fn blank() -> Indicator {
        Indicator {
            id: 0,
            project_id: None,
            level1: String::new(),
            level2: String::new(),
            name: String::new(),
            weight: Decimal::ZERO,
            unit: String::new(),
            op: IndicatorOp::Ge,
            value: String::new(),
            core: false,
        }
    }

    fn title(&self) -> String {
        self.name.clone()
    }

    fn rules(&self, _: &Budget) -> Result<(), String> {
        if self.name.trim().is_empty() {
            return Err("指标名称不能为空".into());
        }
        if self.weight < Decimal::ZERO || self.weight > Decimal::ONE_HUNDRED {
            return Err(format!(
                "指标“{}”的权重 {} 应在 0 到 100 之间",
                self.name, self.weight
            ));
        }
        Ok(())
    }

    /// A project's indicator is shown with its project, the department's on 整体绩效.
    fn place(&self) -> Option<Place> {
        let sheet = if self.project_id.is_some() {
            Sheet::Projects
        } else {
            Sheet::DepartmentTarget
        };
        Some(Place::new(sheet, Some(self.target()), None))
    }

    fn put_in(self, b: &mut Budget) -> Before<Self> {
        registry::put_by_id(&mut b.indicators, self, |i| i.id)
    }

    fn take_from(b: &mut Budget, id: i64) -> Vec<Record> {
        registry::take_by_id(&mut b.indicators, id, |i| i.id)
            .map(Record::from)
            .into_iter()
            .collect()
    }

    fn load_into(b: &mut Budget, all: Vec<Self>) {
        b.indicators = all;
    }

    fn records(b: &Budget) -> Cow<'_, [Self]> {
        Cow::Borrowed(&b.indicators)
    }
}

/// 一级指标 as the rules name them: 成本 is one of its own since 财预〔2021〕101号.
pub const LEVEL1: &[&str] = &["产出指标", "效益指标", "满意度指标", "成本指标"];

/// The 二级指标 of each 一级. Under 产出 the 成本指标 of the list before 财预〔2021〕101号
/// is kept, for the regions that still print it there.
pub const LEVELS: &[(&str, &[&str])] = &[
    (
        "产出指标",
        &["数量指标", "质量指标", "时效指标", "成本指标"],
    ),
    (
        "效益指标",
        &[
            "经济效益指标",
            "社会效益指标",
            "生态效益指标",
            "可持续影响指标",
        ],
    ),
    ("满意度指标", &["服务对象满意度指标"]),
    (
        "成本指标",
        &["经济成本指标", "社会成本指标", "生态环境成本指标"],
    ),
];

/// Every 二级指标 the rules name.
pub const LEVEL2: &[&str] = &[
    "数量指标",
    "质量指标",
    "时效指标",
    "成本指标",
    "经济效益指标",
    "社会效益指标",
    "生态效益指标",
    "可持续影响指标",
    "服务对象满意度指标",
    "经济成本指标",
    "社会成本指标",
    "生态环境成本指标",
];

/// The 二级指标 of a 一级 (trimmed), when it is one the rules name.
pub fn level2_of(level1: &str) -> Option<&'static [&'static str]> {
    LEVELS
        .iter()
        .find(|(l, _)| *l == level1.trim())
        .map(|(_, v)| *v)
}

/// The 一级 a 二级 of the rules belongs under, when it names one pair that does not fit:
/// `Some(list)` of what fits under the 一级 given; `None` when the pair fits or either is
/// not one the rules name (a region's own wording).
pub fn misplaced_level2(level1: &str, level2: &str) -> Option<&'static [&'static str]> {
    let fits = level2_of(level1)?;
    let l2 = level2.trim();
    (LEVEL2.contains(&l2) && !fits.contains(&l2)).then_some(fits)
}

/// The fields, in the order of the grid, the template and a pasted row.
type F = Field<Indicator>;

static FIELDS: &[Field<Indicator>] = &[
    F::id(|i| Value::Int(i.id), |i, v| i.id = v.int()),
    // The project whose target it is (none: the department's own, 整体绩效).
    F::new(
        "项目名称",
        "project_id",
        FieldType::Project,
        |i| Value::from_opt_id(i.project_id),
        |i, v| i.project_id = v.id(),
    )
    .aliases(&["项目", "pro_name", "pro_code"])
    .nullable()
    .hidden(),
    text_field!(Indicator, "一级指标", "level1", level1)
        .suggest(LEVEL1)
        .width(90.0),
    text_field!(Indicator, "二级指标", "level2", level2)
        .suggest(LEVEL2)
        .suggest_for(|i| level2_of(&i.level1))
        .width(110.0),
    text_field!(Indicator, "指标名称", "name", name)
        .aliases(&["三级指标"])
        .required()
        .width(220.0),
    F::new(
        "指标权重",
        "weight",
        FieldType::Decimal,
        |i| Value::Text(i.weight.normalize().to_string()),
        |i, v| i.weight = v.text().parse().unwrap_or(Decimal::ZERO),
    )
    .aliases(&["权重"])
    .required()
    .width(70.0)
    .read(|i, t, _| {
        let t = t.trim().trim_end_matches(['%', '％']);
        let w = if t.is_empty() {
            Decimal::ZERO
        } else {
            t.parse::<Decimal>()
                .map_err(|_| format!("权重“{t}”不是数字"))?
        };
        if w < Decimal::ZERO || w > Decimal::ONE_HUNDRED {
            return Err("权重应在 0 到 100 之间".into());
        }
        i.weight = w;
        Ok(())
    }),
    text_field!(Indicator, "计量单位", "unit", unit)
        .aliases(&["单位"])
        .width(70.0),
    F::new(
        "指标性质",
        "op",
        FieldType::Choice(IndicatorOp::LABELS, IndicatorOp::canonical),
        |i| Value::Text(i.op.label().into()),
        |i, v| i.op = IndicatorOp::parse(v.text()).unwrap_or(IndicatorOp::Ge),
    )
    .aliases(&["运算符"])
    .required()
    .width(70.0),
    text_field!(Indicator, "指标值", "value", value).width(90.0),
    F::new(
        "是否核心指标",
        "core",
        FieldType::YesNo,
        |i| Value::Int(i.core as i64),
        |i, v| i.core = v.int() != 0,
    )
    .aliases(&["核心指标"])
    .width(90.0),
];
