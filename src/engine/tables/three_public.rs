//! The 三公 figures, this year's from the general-budget lines by economic code and last
//! year's as entered: what the 三公 sheet, the checks, the narrative and the charts show
//! whatever the layout.

use crate::engine::kinds::*;
use crate::engine::model::*;
use crate::engine::money::Money;

/// Economic codes of the 三公 items: 因公出国（境）, 公务用车购置, 公务用车运行维护, 公务接待.
pub const ABROAD: &[&str] = &["30212"];
pub const CAR_PURCHASE: &[&str] = &["31013", "30913"];
pub const CAR_RUNNING: &[&str] = &["30231"];
pub const RECEPTION: &[&str] = &["30217"];

/// This year's 三公 figures from general-budget lines: [abroad, car purchase, car
/// running, reception].
pub fn three_public_current(b: &Budget) -> [Money; 4] {
    three_public_of(&super::Sums::of(b))
}

/// [`three_public_current`], from the lines' sums.
pub fn three_public_of(sums: &super::Sums) -> [Money; 4] {
    let mut v = [Money::ZERO; 4];
    for g in sums
        .coarse
        .live()
        .filter(|g| g.fund().fiscal_kind() == Some(FiscalKind::General))
    {
        let e = &*sums.econ[g.econ as usize];
        let slot = if ABROAD.contains(&e) {
            0
        } else if CAR_PURCHASE.contains(&e) {
            1
        } else if CAR_RUNNING.contains(&e) {
            2
        } else if RECEPTION.contains(&e) {
            3
        } else {
            continue;
        };
        v[slot] += g.money();
    }
    v
}

pub fn three_public_prior(b: &Budget) -> [Money; 4] {
    [
        b.prior_item(PriorItem::Abroad),
        b.prior_item(PriorItem::CarPurchase),
        b.prior_item(PriorItem::CarRunning),
        b.prior_item(PriorItem::Reception),
    ]
}
