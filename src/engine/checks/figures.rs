//! The checks of the budget's figures as a whole: units, income against spending, the
//! social-insurance pairs, projects' targets and amounts, procurement's parts, and the
//! prior-year figures the layout needs.

use super::*;

pub(super) fn units_present(b: &Budget) -> Vec<Finding> {
    if b.units.is_empty() {
        vec![err(
            "units",
            Place::sheet(Sheet::Department),
            "部门下还没有预算单位".into(),
        )]
    } else {
        vec![]
    }
}

/// Unit codes are digits under the department's code (`129001` under `129`).
pub(super) fn unit_codes(b: &Budget) -> Vec<Finding> {
    let dept = b.department.code.trim();
    b.units
        .iter()
        .filter_map(|u| {
            let why = crate::engine::create::unit_code_problem(dept, &u.code)?;
            Some(warn(
                "unit-codes",
                Place::id(Sheet::Department, u.id, "单位代码"),
                format!("单位“{}”：{why}", u.name),
            ))
        })
        .collect()
}

/// 收入合计 = 支出合计, and for each fund source, income = spending.
pub(super) fn income_balance(b: &Budget, sums: &Sums) -> Vec<Finding> {
    let mut out = Vec::new();
    let income: Money = b.income.iter().map(|i| i.current).sum();
    let spending = sums.total();
    if income != spending {
        out.push(err(
            "income-balance",
            Place::sheet(Sheet::Income),
            format!(
                "收入合计 {} 元与支出合计 {} 元不相等，相差 {} 元",
                income.grouped(),
                spending.grouped(),
                (income - spending).grouped()
            ),
        ));
    }
    let mut by_source: BTreeMap<FundSource, (Money, Money)> = BTreeMap::new();
    for i in &b.income {
        by_source.entry(i.source).or_default().0 += i.current;
    }
    for g in sums.coarse.live() {
        by_source.entry(g.fund()).or_default().1 += g.money();
    }
    for (s, (inc, exp)) in by_source {
        if inc != exp {
            out.push(err(
                "income-by-source",
                Place::key(Sheet::Income, s.label(), Some("本年预算数")),
                format!(
                    "资金来源“{s}”：收入 {} 元，安排支出 {} 元，相差 {} 元",
                    inc.grouped(),
                    exp.grouped(),
                    (inc - exp).grouped()
                ),
            ));
        }
    }
    out
}

/// Social-insurance pairs: 30108 = 2080505; 30109 = 2080506; 30113 = 2210201.
pub(super) fn social_insurance_pairs(_: &Budget, sums: &Sums) -> Vec<Finding> {
    const PAIRS: [(&str, &str, &str); 3] = [
        ("30108", "2080505", "机关事业单位基本养老保险缴费"),
        ("30109", "2080506", "职业年金缴费"),
        ("30113", "2210201", "住房公积金"),
    ];
    let mut out = Vec::new();
    for (econ, func, what) in PAIRS {
        let by_econ = sums.sum(|g| &*sums.econ[g.econ as usize] == econ);
        let by_func = sums.sum(|g| &*sums.func[g.func as usize] == func);
        if by_econ != by_func {
            out.push(warn(
                "social-insurance",
                Place::key(Sheet::Lines, econ, Some("功能科目")),
                format!(
                    "{what}：经济科目 {econ} 合计 {} 元，功能科目 {func} 合计 {} 元，两者应相等（相差 {} 元）",
                    by_econ.grouped(),
                    by_func.grouped(),
                    (by_econ - by_func).grouped()
                ),
            ));
        }
    }
    out
}

/// A project with project lines has a performance target.
pub(super) fn project_targets(b: &Budget, sums: &Sums) -> Vec<Finding> {
    let mut out = Vec::new();
    let with_lines = |p: &Project| sums.project(p.id).is_some_and(|s| s.project_lines > 0);
    if !b.projects.iter().any(with_lines) {
        return out;
    }
    let mut indicators: crate::engine::base::fxhash::FxHashMap<i64, usize> = Default::default();
    for i in &b.indicators {
        if let Some(p) = i.project_id {
            *indicators.entry(p).or_default() += 1;
        }
    }
    for p in b.projects.iter().filter(|p| with_lines(p)) {
        let indicators = indicators.get(&p.id).copied().unwrap_or(0);
        if p.goal.trim().is_empty() || indicators == 0 {
            let missing = match (p.goal.trim().is_empty(), indicators == 0) {
                (true, true) => "当年绩效目标和绩效指标",
                (true, false) => "当年绩效目标",
                _ => "绩效指标",
            };
            // Without a table of project targets in the layout, a missing target does
            // not stop the tables being published: a reminder, not an error.
            let finding = if b.layout.prints_forms().projects {
                err
            } else {
                warn
            };
            out.push(finding(
                "project-target",
                Place::id(
                    Sheet::Projects,
                    p.id,
                    if indicators == 0 {
                        "绩效指标"
                    } else {
                        "当年绩效目标"
                    },
                ),
                format!("项目“{}”有支出明细，但缺少{missing}", p.name),
            ));
        }
    }
    out
}

/// A project's lines add up to its 当年预算, and 区级支出 + 补助镇街 = 当年预算.
pub(super) fn project_amounts(b: &Budget, sums: &Sums) -> Vec<Finding> {
    let mut out = Vec::new();
    for p in &b.projects {
        let lines = sums
            .project(p.id)
            .map_or(Money::ZERO, |s| Money::from_fen_wide(s.fen));
        if lines != p.budget {
            out.push(err(
                "project-budget",
                Place::id(Sheet::Projects, p.id, "当年预算"),
                format!(
                    "项目“{}”的当年预算为 {} 元，其支出明细合计 {} 元，相差 {} 元",
                    p.name,
                    p.budget.grouped(),
                    lines.grouped(),
                    (p.budget - lines).grouped()
                ),
            ));
        }
        if p.district + p.township != p.budget {
            out.push(err(
                "project-split",
                Place::id(Sheet::Projects, p.id, "区级支出"),
                format!(
                    "项目“{}”：区级支出 {} 元 + 补助镇街 {} 元 = {} 元，不等于当年预算 {} 元",
                    p.name,
                    p.district.grouped(),
                    p.township.grouped(),
                    (p.district + p.township).grouped(),
                    p.budget.grouped()
                ),
            ));
        }
    }
    out
}

/// 合计 = 货物 + 工程 + 服务 for each procurement item.
pub(super) fn procurement_parts(b: &Budget) -> Vec<Finding> {
    let mut out: Vec<Finding> = b
        .procurement
        .iter()
        .filter(|p| p.goods + p.works + p.services != p.total)
        .map(|p| {
            err(
                "procurement-parts",
                Place::id(Sheet::Procurement, p.id, "合计"),
                format!(
                    "采购项目“{}”：合计 {} 元，货物 {} + 工程 {} + 服务 {} = {} 元",
                    p.name,
                    p.total.grouped(),
                    p.goods.grouped(),
                    p.works.grouped(),
                    p.services.grouped(),
                    (p.goods + p.works + p.services).grouped()
                ),
            )
        })
        .collect();
    // The reserve for small and medium firms is part of the item, and the small and micro
    // firms' part of that.
    for p in &b.procurement {
        if p.sme > p.total {
            out.push(err(
                "procurement-parts",
                Place::id(Sheet::Procurement, p.id, "面向中小企业预留"),
                format!(
                    "采购项目“{}”：面向中小企业预留 {} 元，超过合计 {} 元",
                    p.name,
                    p.sme.grouped(),
                    p.total.grouped()
                ),
            ));
        }
        if p.small > p.sme {
            out.push(err(
                "procurement-parts",
                Place::id(Sheet::Procurement, p.id, "其中小微企业"),
                format!(
                    "采购项目“{}”：其中小微企业 {} 元，超过面向中小企业预留 {} 元",
                    p.name,
                    p.small.grouped(),
                    p.sme.grouped()
                ),
            ));
        }
    }
    out
}

/// The prior-year figures that the layout's tables and the narrative need.
pub(super) fn prior_year_present(b: &Budget, sums: &Sums) -> Vec<Finding> {
    let mut out = Vec::new();
    if !b.lines.is_empty() && b.prior_functions.is_empty() {
        let using: Vec<String> = b
            .layout
            .tables_using(crate::engine::layout::spec::Source::PriorFunctions)
            .into_iter()
            .map(crate::engine::tables::sheet_name)
            .collect();
        let what = if using.is_empty() {
            "情况说明中与上年的比较将缺少依据".to_string()
        } else {
            format!("{}的上年数和增幅将为空", using.join("、"))
        };
        out.push(warn(
            "prior-missing",
            Place::sheet(Sheet::Prior),
            format!("还没有填写上年预算数（按功能科目），{what}"),
        ));
    }
    if !b.prior_items.contains_key(&PriorItem::OfficeRunning)
        && office_running_of(sums) > Money::ZERO
    {
        out.push(warn(
            "prior-missing",
            Place::key(Sheet::Prior, PriorItem::OfficeRunning.label(), None),
            "还没有填写上年机关运行经费，无法说明其增减".into(),
        ));
    }
    out
}
