//! The checks a finance bureau's reviewer runs on the figures: last year's figures that
//! disagree with each other, vehicles against the 公务用车 money, and large swings.

use super::{Finding, prior_entered, warn, year_on_year_of};
use crate::engine::kinds::*;
use crate::engine::model::*;
use crate::engine::money::{Money, percent_change};
use crate::engine::records::place::{Place, Sheet};
use crate::engine::tables::{Sums, three_public_of};

/// Last year's 一般公共预算 income and last year's general-budget spending by function
/// are two records of one figure: where both are entered they must agree, or the
/// 情况说明's comparisons with last year contradict each other.
pub(super) fn prior_agrees(b: &Budget) -> Vec<Finding> {
    if b.prior_functions.is_empty() {
        return Vec::new();
    }
    let income: Money = b
        .income
        .iter()
        .filter(|i| i.source.fiscal_kind() == Some(FiscalKind::General))
        .map(|i| i.prior)
        .sum();
    let spending: Money = b.prior_functions.iter().map(|p| p.amount).sum();
    if income.is_zero() || income == spending {
        return Vec::new();
    }
    vec![warn(
        "prior-agrees",
        Place::new(Sheet::Prior, None, None),
        format!(
            "上年一般公共预算财政拨款收入 {} 元，而上年按功能科目填写的一般公共预算支出合计 {} 元，相差 {} 元；两者应相等，否则情况说明中收入与支出的同比前后矛盾",
            income.grouped(),
            spending.grouped(),
            (income - spending).abs().grouped()
        ),
    )]
}

/// Vehicles (国有资产占有使用情况) against the 公务用车 money of the 三公 table: a purchase
/// budget with no vehicle to buy, running costs with no vehicle, or vehicles to buy with
/// no purchase budget.
pub(super) fn vehicles_and_car_costs(b: &Budget, sums: &Sums) -> Vec<Finding> {
    let cars = b
        .assets
        .iter()
        .filter(|a| a.category != AssetCategory::LargeEquipment);
    let (owned, to_buy) = cars.fold((0u32, 0u32), |(o, t), a| (o + a.owned, t + a.to_buy));
    let money = three_public_of(sums);
    let (purchase, running) = (money[1], money[2]);
    let place = Place::new(Sheet::Assets, None, None);
    let mut out = Vec::new();
    if !purchase.is_zero() && to_buy == 0 {
        out.push(warn(
            "vehicles",
            place.clone(),
            format!(
                "公务用车购置费 {} 元，而资产中本年拟购置的车辆为 0 辆",
                purchase.grouped()
            ),
        ));
    }
    if !running.is_zero() && owned == 0 && to_buy == 0 {
        out.push(warn(
            "vehicles",
            place.clone(),
            format!(
                "公务用车运行维护费 {} 元，而资产中没有现有或拟购置的车辆",
                running.grouped()
            ),
        ));
    }
    if to_buy > 0 && purchase.is_zero() {
        out.push(warn(
            "vehicles",
            place,
            format!("资产中本年拟购置车辆 {to_buy} 辆，而公务用车购置费为 0 元"),
        ));
    }
    out
}

/// A function 项, a 三公 item or 机关运行经费 that changed by more than half from last
/// year, with no reason given yet: besides the request for a reason, a reviewer's
/// question with the figures and the rate. A reason written for it answers both.
pub(super) fn large_swings(b: &Budget, sums: &Sums) -> Vec<Finding> {
    year_on_year_of(b, sums)
        .into_iter()
        .filter(|c| !c.key.starts_with("支出性质:") && prior_entered(b, &c.key))
        .filter(|c| b.reason(&c.key).is_none())
        .filter(|c| !c.prior.is_zero() && (c.current - c.prior).abs().fen() * 2 > c.prior.fen())
        .map(|c| {
            let rate = percent_change(c.prior, c.current, 1).unwrap_or_default();
            let (verb, trend) = if c.current > c.prior {
                ("增加", "增长")
            } else {
                ("减少", "下降")
            };
            warn(
                "large-swings",
                Place::key(Sheet::Reasons, c.key.clone(), Some("原因")),
                format!(
                    "{}较上年{verb} {} 元，{trend} {}%（上年 {} 元，本年 {} 元），变动超过一半，请核实并说明原因",
                    c.what,
                    (c.current - c.prior).abs().grouped(),
                    rate.abs(),
                    c.prior.grouped(),
                    c.current.grouped()
                ),
            )
        })
        .collect()
}
