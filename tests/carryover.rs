//! Last year's file: the demo (2025) as last year's file of a 2026 budget whose 上年数 are
//! empty. After the carry-over, the 2026 table 5's “2025年预算数” column is the seed's
//! 2025 column (10,250,408.78 in all; 2014001 行政运行 3,129,066.95), the 三公 of last year
//! are the seed's (因公出国 0, 公务用车运行维护费 45,000, 公务接待费 7,000), income 上年数 is
//! 10,250,408.78, and last year's projects continue with their indicators.

mod common;

use yusuan::engine::edit::Edit;
use yusuan::engine::kinds::PriorItem;
use yusuan::engine::money::Money;
use yusuan::engine::store::{Access, Store};
use yusuan::engine::tables;

#[test]
fn last_years_file_fills_the_prior_year() {
    let dir = common::tempdir();
    let (last_path, last) = common::demo_file(&dir);
    let last_budget = last.budget().clone();
    drop(last);
    // This year's file: units and this year's lines, nothing of last year yet.
    let mut this = last_budget.clone();
    this.department.year = 2026;
    this.department.duties.clear();
    this.prior_functions.clear();
    this.prior_items.clear();
    for i in &mut this.income {
        i.prior = Money::ZERO;
    }
    this.projects.clear();
    this.indicators.retain(|i| i.project_id.is_none());
    for l in &mut this.lines {
        l.project_id = None;
        l.nature = yusuan::engine::kinds::Nature::Basic;
    }
    let this_path = dir.path().join("2026.db");
    drop(Store::create(&this_path, &this).unwrap());

    let o = std::process::Command::new(env!("CARGO_BIN_EXE_yusuan"))
        .args([
            "carry",
            this_path.to_str().unwrap(),
            last_path.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let b = Store::open(&this_path, Access::ReadOnly)
        .unwrap()
        .budget()
        .clone();
    let t5 = tables::table(&b, 5);
    assert_eq!(t5.header[0][2], "2025年预算数");
    assert_eq!(t5.amount("合计", 2), common::yuan("10,250,408.78"));
    assert_eq!(t5.amount("2014001", 2), common::yuan("3,129,066.95"));
    assert_eq!(t5.amount("2014004", 2), common::yuan("1,293,000.00"));
    assert_eq!(b.prior_item(PriorItem::Abroad), Money::ZERO);
    assert_eq!(b.prior_item(PriorItem::CarRunning), common::yuan("45,000"));
    assert_eq!(b.prior_item(PriorItem::Reception), common::yuan("7,000"));
    let income_prior: Money = b.income.iter().map(|i| i.prior).sum();
    assert_eq!(income_prior, common::yuan("10,250,408.78"));
    // Facts: this year's empty 职能职责 takes last year's.
    assert_eq!(b.department.duties, last_budget.department.duties);
    // Projects continue, with zero amounts and their indicators.
    assert_eq!(b.projects.len(), last_budget.projects.len());
    for p in &b.projects {
        assert!(p.budget.is_zero());
        let old = last_budget.project_by_name(&p.name).unwrap();
        assert_eq!(
            b.indicators_of(Some(p.id)).count(),
            last_budget.indicators_of(Some(old.id)).count()
        );
    }
}

#[test]
fn a_file_of_the_wrong_year_or_department_is_refused() {
    let b = common::demo();
    let e = yusuan::exchange::carryover::from_last_year(&b, &b).unwrap_err();
    assert!(e.contains("应选择 2024 年的文件"), "{e}");
    let mut last = b.clone();
    last.department.year = 2024;
    last.department.code = "130".into();
    let e = yusuan::exchange::carryover::from_last_year(&b, &last).unwrap_err();
    assert!(e.contains("部门 130"), "{e}");
    // Applying it is one step, undone as a whole.
    let mut last = b.clone();
    last.department.year = 2024;
    let (edit, _) = yusuan::exchange::carryover::from_last_year(&b, &last).unwrap();
    assert!(matches!(edit, Edit::Batch(_)));
}
