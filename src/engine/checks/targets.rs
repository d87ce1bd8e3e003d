//! The checks on performance targets: the weights of a target's indicators, and the
//! 一级 and 二级 of each indicator as the rules pair them.

use super::{Finding, err, warn};
use crate::engine::model::*;
use crate::engine::records::indicator::misplaced_level2;
use crate::engine::records::place::{Place, Sheet};
use rust_decimal::Decimal;

/// The weights of each target's indicators add up to 100.
pub(super) fn indicator_weights(b: &Budget) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut targets: Vec<(Option<i64>, String, Place)> = vec![(
        None,
        "部门整体绩效目标".to_string(),
        Place::sheet(Sheet::DepartmentTarget),
    )];
    targets.extend(b.projects.iter().map(|p| {
        (
            Some(p.id),
            format!("项目“{}”", p.name),
            Place::id(Sheet::Projects, p.id, "指标权重"),
        )
    }));
    let mut by_target: crate::engine::base::fxhash::FxHashMap<Option<i64>, (usize, Decimal)> =
        Default::default();
    for i in &b.indicators {
        let e = by_target.entry(i.project_id).or_insert((0, Decimal::ZERO));
        e.0 += 1;
        e.1 += i.weight;
    }
    for (id, what, place) in targets {
        let Some(&(n, sum)) = by_target.get(&id) else {
            continue;
        };
        if sum != Decimal::ONE_HUNDRED {
            out.push(err(
                "indicator-weights",
                place,
                format!(
                    "{what}的 {n} 个绩效指标权重合计为 {}，应为 100",
                    sum.normalize()
                ),
            ));
        }
    }
    if b.indicators_of(None).count() == 0 {
        out.push(warn(
            "department-target",
            Place::sheet(Sheet::DepartmentTarget),
            "部门整体绩效目标还没有绩效指标".into(),
        ));
    }
    out
}

/// Each indicator's 二级指标 belongs under its 一级指标 (数量指标 under 产出指标, not under
/// 效益指标): a pair that does not fit is an 错误 that names both and what would fit.
pub(super) fn indicator_levels(b: &Budget) -> Vec<Finding> {
    let mut out = Vec::new();
    for i in &b.indicators {
        let Some(fits) = misplaced_level2(&i.level1, &i.level2) else {
            continue;
        };
        let (sheet, whose) = match i.project_id.and_then(|p| b.project(p)) {
            Some(p) => (Sheet::Projects, format!("项目“{}”", p.name)),
            None => (Sheet::DepartmentTarget, "部门整体绩效目标".to_string()),
        };
        out.push(err(
            "indicator-levels",
            Place::id(sheet, i.id, "二级指标"),
            format!(
                "{whose}的绩效指标“{}”：二级指标“{}”不属于一级指标“{}”（其下为：{}）",
                i.name.trim(),
                i.level2.trim(),
                i.level1.trim(),
                fits.join("、")
            ),
        ));
    }
    out
}
