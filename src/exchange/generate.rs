//! Large, realistic budgets for benchmarks and stress tests: many units, projects and
//! line items with valid codes, plausible amounts, balanced income, complete project
//! targets and prior-year figures. Deterministic for a given seed.

use crate::engine::kinds::*;
use crate::engine::model::*;
use crate::engine::money::Money;
use rust_decimal::Decimal;

/// What to generate.
#[derive(Clone, Copy, Debug)]
pub struct GenSpec {
    pub lines: usize,
    pub units: usize,
    pub projects: usize,
    pub seed: u64,
    /// The department code (three digits or more); 900 by default. Files of several departments
    /// (for consolidation) differ in it.
    pub department: u32,
}

impl Default for GenSpec {
    fn default() -> Self {
        GenSpec::of_lines(20_000)
    }
}

impl GenSpec {
    /// A budget of `lines` lines with units and projects in proportion: 30 units and
    /// 300 projects for 20,000 lines (a large department), 300 and 3,000 for 200,000 (a
    /// city's consolidated budget: many departments' worth).
    pub fn of_lines(lines: usize) -> GenSpec {
        GenSpec {
            lines,
            units: (lines / 667).max(30),
            projects: (lines / 67).max(300),
            seed: 2025,
            department: 900,
        }
    }
}

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn pick<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        &v[self.below(v.len())]
    }
}

/// Basic spending: (function 项, department economic 款).
const BASIC: &[(&str, &str)] = &[
    ("2010101", "30101"),
    ("2010101", "30102"),
    ("2010101", "30103"),
    ("2010101", "30201"),
    ("2010301", "30101"),
    ("2010301", "30107"),
    ("2010301", "30201"),
    ("2010301", "30207"),
    ("2013101", "30102"),
    ("2013101", "30228"),
    ("2014001", "30101"),
    ("2014001", "30239"),
    ("2013101", "30201"),
    ("2014001", "30209"),
    ("2080505", "30108"),
    ("2080506", "30109"),
    ("2080599", "30305"),
    ("2101101", "30110"),
    ("2101102", "30110"),
    ("2210201", "30113"),
    ("2010350", "30101"),
    ("2010350", "30201"),
    ("2013150", "30107"),
    ("2013150", "30211"),
];

/// Project spending: (function 项, department economic 款).
const PROJECT: &[(&str, &str)] = &[
    ("2010102", "30201"),
    ("2010102", "30227"),
    ("2010302", "30226"),
    ("2010302", "30211"),
    ("2013102", "30202"),
    ("2013102", "30215"),
    ("2014002", "30201"),
    ("2014004", "30209"),
    ("2050199", "30216"),
    ("2010399", "31002"),
    ("2010399", "31007"),
    ("2013199", "30299"),
];

/// A large budget as described by `spec`. It passes the checks (no 错误).
pub fn large_budget(spec: GenSpec) -> Budget {
    let mut r = Rng(spec.seed.max(1));
    let dept = format!("{:03}", spec.department);
    let dept_name = if spec.department == 900 {
        "某区综合测试局".to_string()
    } else {
        format!("某区测试{dept}局")
    };
    let mut b = Budget {
        department: Department {
            code: dept.clone(),
            name: dept_name.clone(),
            year: 2025,
            region: "测试区".into(),
            duties: "承担全区综合管理职能。".into(),
            composition: format!(
                "内设 12 个科室，下属 {} 个单位。",
                spec.units.saturating_sub(1)
            ),
            divisions: 12,
            contact_name: "张三".into(),
            contact_phone: "023-00000000".into(),
            goal: "全面完成年度工作目标。".into(),
        },
        ..Budget::default()
    };
    for u in 0..spec.units.max(1) {
        let kind = match u {
            0 => UnitKind::Administrative,
            _ if u % 7 == 0 => UnitKind::CivilServiceManaged,
            _ => UnitKind::Institution,
        };
        b.units.push(Unit {
            id: u as i64 + 1,
            code: format!("{dept}{:03}", u + 1),
            name: if u == 0 {
                format!("{dept_name}（本级）")
            } else if spec.department == 900 {
                format!("某区测试中心{u:02}")
            } else {
                format!("{dept_name}测试中心{u:02}")
            },
            kind,
            short_name: if u == 0 {
                "本级".to_string()
            } else {
                format!("中心{u:02}")
            },
            ..<Unit as crate::engine::records::Kind>::blank()
        });
    }
    let n_units = b.units.len();
    let kind_of = |u: usize| b.units[u].kind;
    for p in 0..spec.projects {
        let unit = p % n_units;
        b.projects.push(Project {
            id: p as i64 + 1,
            code: format!("50011225T{:011}", 90_000 + p),
            name: format!("测试项目{:03}", p + 1),
            unit_id: unit as i64 + 1,
            kind: if p % 10 == 0 {
                ProjectKind::Key
            } else {
                ProjectKind::General
            },
            competent_dept: dept_name.clone(),
            overview: "保障年度重点工作顺利开展。".into(),
            basis: "根据相关文件。".into(),
            goal: "按时保质完成项目任务。".into(),
            budget: Money::ZERO,
            district: Money::ZERO,
            township: Money::ZERO,
        });
    }
    // Each unit's projects.
    let mut own: Vec<Vec<i64>> = vec![Vec::new(); n_units];
    for p in &b.projects {
        own[(p.unit_id - 1) as usize].push(p.id);
    }
    for i in 0..spec.lines {
        let id = i as i64 + 1;
        let unit = r.below(n_units);
        let project_line = spec.projects > 0 && i % 4 == 0;
        let (func, econ) = if project_line {
            *r.pick(PROJECT)
        } else {
            *r.pick(BASIC)
        };
        // 事业单位 do not use 行政运行 and 行政单位 not 事业运行: switch to the sibling 项.
        let names = &b.catalog.function;
        let swap = match (kind_of(unit), names.name(func)) {
            (UnitKind::Institution, Some("行政运行")) => Some(format!("{}50", &func[..5])),
            (UnitKind::Administrative | UnitKind::CivilServiceManaged, Some("事业运行")) => {
                Some(format!("{}01", &func[..5]))
            }
            _ => None,
        };
        let func = swap
            .filter(|c| names.contains(c))
            .unwrap_or_else(|| func.to_string());
        let project_id = project_line.then(|| {
            // A project of this unit when it has one.
            let own = &own[unit];
            if own.is_empty() {
                (r.below(b.projects.len()) + 1) as i64
            } else {
                *r.pick(own)
            }
        });
        let yuan = 1_000 + (r.next() % 400_000) as i64;
        let fen = (r.next() % 100) as i64;
        b.lines.push(Line {
            id,
            unit_id: unit as i64 + 1,
            func_code: func,
            dept_econ: econ.to_string(),
            gov_econ_override: None,
            nature: if project_line {
                Nature::Project
            } else {
                Nature::Basic
            },
            cost_class_override: None,
            project_id,
            fund_source: if i % 17 == 0 {
                FundSource::Business
            } else {
                FundSource::General
            },
            amount: Money::from_fen(yuan * 100 + fen),
            remark: String::new(),
            seq: id * SEQ_STEP,
            computed: None,
        });
    }
    // Project amounts follow from their lines; targets of four indicators, 100 in all.
    let mut iid = 0i64;
    let mut sums = vec![Money::ZERO; b.projects.len()];
    for l in &b.lines {
        if let Some(p) = l.project_id {
            sums[p as usize - 1] += l.amount;
        }
    }
    for (p, sum) in b.projects.iter_mut().zip(sums) {
        p.budget = sum;
        p.district = sum;
        for (name, w, op) in [
            ("完成任务数", 40, IndicatorOp::Ge),
            ("完成及时率", 20, IndicatorOp::Ge),
            ("预算执行率", 20, IndicatorOp::Eq),
            ("满意度", 20, IndicatorOp::Ge),
        ] {
            iid += 1;
            b.indicators.push(Indicator {
                id: iid,
                project_id: Some(p.id),
                level1: "产出指标".into(),
                level2: "数量指标".into(),
                name: name.into(),
                weight: Decimal::from(w),
                unit: "%".into(),
                op,
                value: "95".into(),
                core: w == 40,
            });
        }
    }
    for (name, w) in [("重点工作完成率", 50), ("群众满意度", 50)] {
        iid += 1;
        b.indicators.push(Indicator {
            id: iid,
            project_id: None,
            level1: "效益指标".into(),
            level2: "社会效益指标".into(),
            name: name.into(),
            weight: Decimal::from(w),
            unit: "%".into(),
            op: IndicatorOp::Ge,
            value: "90".into(),
            core: true,
        });
    }
    // Income equals spending by source; last year about 5% less, by function and nature.
    let mut by_source = std::collections::BTreeMap::new();
    let mut by_func = std::collections::BTreeMap::new();
    for l in &b.lines {
        *by_source.entry(l.fund_source).or_insert(Money::ZERO) += l.amount;
        if l.fund_source == FundSource::General {
            *by_func
                .entry((l.func_code.clone(), l.nature))
                .or_insert(Money::ZERO) += l.amount;
        }
    }
    for (source, m) in by_source {
        b.income.push(Income {
            source,
            current: m,
            prior: Money::round_from(m.decimal() * Decimal::new(95, 2)),
        });
    }
    for ((func_code, nature), m) in by_func {
        b.prior_functions.push(PriorFunction {
            func_code,
            nature,
            amount: Money::round_from(m.decimal() * Decimal::new(95, 2)),
        });
    }
    let changes = crate::engine::checks::year_on_year(&b);
    for c in changes {
        if c.prior != c.current {
            b.reasons.insert(c.key, "业务量变化".into());
        }
    }
    for item in PriorItem::ALL {
        b.prior_items.insert(*item, Money::ZERO);
    }
    let office = crate::engine::tables::office_running_cost(&b);
    b.prior_items.insert(PriorItem::OfficeRunning, office);
    b
}
