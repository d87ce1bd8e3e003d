//! The 三公 figures, this year's from the general-budget lines by economic code and last
//! year's as entered: what the 三公 sheet, the checks, the narrative and the charts show
//! whatever the layout.

use crate::model::*;
use crate::money::Money;

fn is_general(l: &Line) -> bool {
    l.fund_source.fiscal_kind() == Some(FiscalKind::General)
}

/// Economic codes of the 三公 items: 因公出国（境）, 公务用车购置, 公务用车运行维护, 公务接待.
pub const ABROAD: &[&str] = &["30212"];
pub const CAR_PURCHASE: &[&str] = &["31013", "30913"];
pub const CAR_RUNNING: &[&str] = &["30231"];
pub const RECEPTION: &[&str] = &["30217"];

/// This year's 三公 figures from general-budget lines: [abroad, car purchase, car
/// running, reception].
pub fn three_public_current(b: &Budget) -> [Money; 4] {
    let mut v = [Money::ZERO; 4];
    for l in b.lines.iter().filter(|l| is_general(l)) {
        let e = l.dept_econ.as_str();
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
        v[slot] += l.amount;
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
