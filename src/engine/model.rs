//! The budget as entered: the atomic data a budget publishes from. Nothing here is
//! derived: every total and every published table is computed from these records by
//! `tables` and `checks`. The closed sets its records choose from (资金来源, 支出性质, …)
//! are `kinds`'.

use crate::engine::catalog::{Catalog, LoadedCatalog};
use crate::engine::kinds::*;
use crate::engine::money::Money;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// The department and its facts (单位基本情况, contact, 整体绩效目标).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Department {
    /// 部门代码 (`129`).
    pub code: String,
    pub name: String,
    /// 预算年度 (2025).
    pub year: i32,
    /// 地区 (`渝北区`), used in table titles.
    pub region: String,
    /// 职能职责.
    pub duties: String,
    /// 单位构成.
    pub composition: String,
    /// 内设科室数.
    pub divisions: u32,
    pub contact_name: String,
    pub contact_phone: String,
    /// 当年整体绩效目标.
    pub goal: String,
}

/// A budget unit (预算单位) of the department.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unit {
    pub id: i64,
    /// `129001`
    pub code: String,
    pub name: String,
    pub kind: UnitKind,
    /// 简称, optional: how the unit shows in grids (`信访办本级`); empty = by its code.
    pub short_name: String,
    /// 行政编制数 and 事业编制数: the posts the unit may fill.
    pub posts_admin: u32,
    pub posts_institution: u32,
    /// 主要功能科目: where its wages are booked (`2014001`); empty until given.
    pub main_func: String,
}

impl Unit {
    /// How the unit shows in a grid cell: its 简称, else its code.
    pub fn short_label(&self) -> &str {
        if self.short_name.trim().is_empty() {
            &self.code
        } else {
            &self.short_name
        }
    }

    /// Whether a text names this unit: its code, name, 简称, or the name without “（本级）”.
    pub fn is_named(&self, t: &str) -> bool {
        let t = t.trim();
        !t.is_empty()
            && (self.code == t
                || self.name == t
                || self.short_name == t
                || self.name.trim_end_matches("（本级）") == t
                || format!("{} {}", self.code, self.name) == t)
    }
}

/// Income by source, this year and last.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Income {
    pub source: FundSource,
    pub current: Money,
    pub prior: Money,
}

/// One expenditure line (支出明细).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    pub id: i64,
    pub unit_id: i64,
    /// 支出功能分类 at 项 level (7 digits).
    pub func_code: String,
    /// 部门预算支出经济分类 款 (5 digits).
    pub dept_econ: String,
    /// 政府预算支出经济分类 when the user overrides the mapping; `None` = from the mapping.
    pub gov_econ_override: Option<String>,
    pub nature: Nature,
    /// 人员/公用 when the user overrides the default by economic class.
    pub cost_class_override: Option<CostClass>,
    pub project_id: Option<i64>,
    pub fund_source: FundSource,
    pub amount: Money,
    pub remark: String,
    /// Where the line stands in the officer's list (支出明细 keeps the order given to it).
    pub seq: i64,
    /// For a line a rule of the standards computes (测算): which, and its adjustment by
    /// hand. Boxed: a typed line (most of a city's 200,000) carries one word for it.
    pub computed: Option<Box<ComputedBy>>,
}

/// What makes a line a computed one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ComputedBy {
    /// The rule of the standards (测算标准) that computes the line.
    pub rule: String,
    /// Its adjustment by hand (手工调整, may be negative): the line's amount is the
    /// rule's result plus this, and the adjustment survives a recomputation.
    pub adjust: Money,
}

impl Line {
    /// Computed by a rule of the standards (测算).
    pub fn is_computed(&self) -> bool {
        !self.rule().is_empty()
    }

    /// The rule that computes it; empty for a typed line.
    pub fn rule(&self) -> &str {
        self.computed.as_ref().map_or("", |c| c.rule.as_str())
    }

    /// Its adjustment by hand (0 for a typed line).
    pub fn adjust(&self) -> Money {
        self.computed.as_ref().map_or(Money::ZERO, |c| c.adjust)
    }

    pub fn set_rule(&mut self, rule: String) {
        match (&mut self.computed, rule.is_empty()) {
            (Some(c), false) => c.rule = rule,
            (None, false) => {
                self.computed = Some(Box::new(ComputedBy {
                    rule,
                    adjust: Money::ZERO,
                }))
            }
            (_, true) => self.computed = None,
        }
    }

    pub fn set_adjust(&mut self, adjust: Money) {
        match &mut self.computed {
            Some(c) => c.adjust = adjust,
            None if adjust.is_zero() => {}
            None => {
                self.computed = Some(Box::new(ComputedBy {
                    rule: String::new(),
                    adjust,
                }))
            }
        }
    }
}

/// A row of the roster (人员): one person, or a group of identical posts. Identity
/// numbers (证件号码) are never kept; the name is optional.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Person {
    pub id: i64,
    pub unit_id: i64,
    pub category: StaffCategory,
    /// 身份 (行政, 参公, 事业); `None`: the unit's kind.
    pub identity: Option<UnitKind>,
    /// 姓名或岗位, optional.
    pub name: String,
    /// 人数: persons in the row.
    pub count: u32,
    /// 月数: months paid in the budget year (someone joining in July: 6).
    pub months: u32,
    /// Monthly, per person.
    pub base_pay: Money,
    pub allowance: Money,
    pub performance: Money,
    pub pension: Money,
    pub living: Money,
    /// 奖金 for the year, per person; `None`: by the standard.
    pub bonus: Option<Money>,
    /// Monthly contribution bases (缴费基数), per person; `None`: by the standard.
    pub base_pension: Option<Money>,
    pub base_medical: Option<Money>,
    pub base_housing: Option<Money>,
}

impl Person {
    /// 身份: as given, else the kind of its unit.
    pub fn identity_in(&self, b: &Budget) -> UnitKind {
        self.identity
            .or_else(|| b.unit(self.unit_id).map(|u| u.kind))
            .unwrap_or(UnitKind::Institution)
    }
}

/// A rule of the standards (测算标准): what it computes (an economic code, booked on a
/// function and as 人员 or 公用经费) and how, for each unit, from the roster.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rule {
    pub id: i64,
    /// 名称, unique: the lines it computes are marked with it.
    pub name: String,
    pub way: RuleWay,
    /// 依据: the roster items (or other rules) summed as the base, joined by `+`.
    pub base: String,
    /// 比例或定额: a percentage for 按比例 (`16` is 16%), 元 for a quota, a number of
    /// months for 奖金 by the standard; blank: 1 (按人月) or 0.
    pub rate: Decimal,
    /// 人员类别 it applies to, joined by `、`; blank: 在职.
    pub categories: String,
    /// 身份 it applies to, joined by `、`; blank: all.
    pub identities: String,
    /// 部门经济科目 of its lines.
    pub econ: String,
    /// 功能科目 of its lines; blank: the unit's 主要功能科目.
    pub func: String,
    /// 功能科目 for persons of 身份 事业, when it differs (2101102 against 2101101).
    pub func_institution: String,
    /// 人员经费 or 公用经费 when it differs from the economic code's.
    pub cost_class: Option<CostClass>,
    /// Where it stands in the standards.
    pub seq: i64,
}

impl Line {
    /// A line is complete once its function and department economic codes are filled in.
    /// An incomplete one (a blank row being typed) is kept and checked, but counts in no
    /// table until it is complete.
    pub fn is_complete(&self) -> bool {
        !self.func_code.is_empty() && !self.dept_econ.is_empty()
    }
}

/// Last year's general-budget figure of a function 项 and nature (tables 5, narrative).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PriorFunction {
    pub func_code: String,
    pub nature: Nature,
    pub amount: Money,
}

/// A project (项目) with its performance target.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Project {
    pub id: i64,
    /// 项目编码 of the 一体化 system, when known.
    pub code: String,
    pub name: String,
    pub unit_id: i64,
    pub kind: ProjectKind,
    /// 业务主管部门.
    pub competent_dept: String,
    /// 项目概况.
    pub overview: String,
    /// 立项依据.
    pub basis: String,
    /// 当年绩效目标.
    pub goal: String,
    /// 当年预算.
    pub budget: Money,
    /// 区级支出.
    pub district: Money,
    /// 补助镇街.
    pub township: Money,
}

/// A performance indicator of a project's target, or of the department's when
/// `project_id` is `None`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Indicator {
    pub id: i64,
    pub project_id: Option<i64>,
    /// 一级指标 (产出/效益/满意度), optional.
    pub level1: String,
    /// 二级指标 (数量/质量/时效/成本/…), optional.
    pub level2: String,
    pub name: String,
    /// 指标权重; the weights of one target add up to 100.
    pub weight: Decimal,
    /// 计量单位.
    pub unit: String,
    pub op: IndicatorOp,
    /// 指标值, as written (`95`, `100%`, `优良中差`).
    pub value: String,
    /// 是否核心指标.
    pub core: bool,
}

/// A government procurement item (政府采购预算).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Procurement {
    pub id: i64,
    pub unit_id: i64,
    /// 采购项目名称.
    pub name: String,
    pub fund_source: FundSource,
    /// 合计 as budgeted; checked against its parts.
    pub total: Money,
    pub goods: Money,
    pub works: Money,
    pub services: Money,
    /// 面向中小企业预留: reserved for small and medium firms (part of 合计).
    pub sme: Money,
    /// 其中小微企业: of that, reserved for small and micro firms.
    pub small: Money,
}

/// Vehicles or large equipment held at the end of last year and to be bought this year.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Asset {
    pub category: AssetCategory,
    pub owned: u32,
    pub to_buy: u32,
}

/// A remark (批注) a reviewer or the officer attaches to a place in the budget: a line, a
/// project, an indicator, a field, or a whole sheet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Remark {
    pub id: i64,
    /// Where it points, as `records::place::Place::to_key` writes it.
    pub target: String,
    pub author: String,
    /// When it was written, Beijing time: `2026-11-28 21:30`.
    pub created: String,
    pub text: String,
    pub resolved: bool,
}

/// Keys of the reasons for changes from last year.
pub mod reason_key {
    use super::{Nature, PriorItem};
    pub fn function(code: &str) -> String {
        format!("功能科目:{code}")
    }
    pub fn nature(n: Nature) -> String {
        format!("支出性质:{}", n.label())
    }
    pub fn item(i: PriorItem) -> String {
        i.label().to_string()
    }
}

/// A whole budget, as loaded from its file.
#[derive(Clone, Debug, PartialEq)]
pub struct Budget {
    pub department: Department,
    pub units: Vec<Unit>,
    pub income: Vec<Income>,
    /// Complete lines, which make the tables (sorted by id).
    pub lines: Vec<Line>,
    /// Lines still without a function or economic code (sorted by id): shown in 支出明细
    /// and reported by the checks, left out of every table until they are complete.
    pub incomplete_lines: Vec<Line>,
    pub prior_functions: Vec<PriorFunction>,
    pub prior_items: BTreeMap<PriorItem, Money>,
    pub projects: Vec<Project>,
    pub indicators: Vec<Indicator>,
    pub procurement: Vec<Procurement>,
    pub assets: Vec<Asset>,
    pub reasons: BTreeMap<String, String>,
    /// The roster (人员), by id.
    pub persons: Vec<Person>,
    /// The standards' rules (测算标准), by id.
    pub rules: Vec<Rule>,
    /// Remarks (批注), by id.
    pub remarks: Vec<Remark>,
    /// Official catalogs loaded into the file.
    pub loaded_catalogs: Vec<LoadedCatalog>,
    /// The catalogs in force: bundled, with the loaded ones in their place (derived).
    pub catalog: Catalog,
    /// The disclosure layout (表样) whose tables the budget publishes.
    pub layout: std::sync::Arc<crate::engine::layout::Layout>,
}

impl Default for Budget {
    fn default() -> Self {
        Budget {
            department: Department::default(),
            units: Vec::new(),
            income: Vec::new(),
            lines: Vec::new(),
            incomplete_lines: Vec::new(),
            prior_functions: Vec::new(),
            prior_items: BTreeMap::new(),
            projects: Vec::new(),
            indicators: Vec::new(),
            procurement: Vec::new(),
            assets: Vec::new(),
            reasons: BTreeMap::new(),
            persons: Vec::new(),
            rules: Vec::new(),
            remarks: Vec::new(),
            loaded_catalogs: Vec::new(),
            catalog: Catalog::builtin().clone(),
            layout: crate::engine::layout::default_layout(),
        }
    }
}

impl Budget {
    /// Records are kept sorted by id (the store inserts them in place), so lookups by id
    /// are binary searches.
    pub fn unit(&self, id: i64) -> Option<&Unit> {
        by_id(&self.units, id, |u| u.id)
    }

    pub fn unit_by_code(&self, code: &str) -> Option<&Unit> {
        self.units.iter().find(|u| u.code == code)
    }

    pub fn project(&self, id: i64) -> Option<&Project> {
        by_id(&self.projects, id, |p| p.id)
    }

    pub fn project_by_name(&self, name: &str) -> Option<&Project> {
        self.projects.iter().find(|p| p.name == name)
    }

    pub fn line(&self, id: i64) -> Option<&Line> {
        by_id(&self.lines, id, |l| l.id).or_else(|| by_id(&self.incomplete_lines, id, |l| l.id))
    }

    /// Every line, complete or not, in the officer's order (seq, then id).
    pub fn lines_in_order(&self) -> Vec<&Line> {
        let mut v: Vec<&Line> = self.lines.iter().chain(&self.incomplete_lines).collect();
        v.sort_by_key(|l| (l.seq, l.id));
        v
    }

    /// The seq after every line's: where a line added at the end goes.
    pub fn next_seq(&self) -> i64 {
        self.lines
            .iter()
            .chain(&self.incomplete_lines)
            .map(|l| l.seq)
            .max()
            .map_or(SEQ_STEP, |m| m + SEQ_STEP)
    }

    /// The government economic code of a line: the override, else the mapping for the
    /// department code and the kind of the line's unit.
    pub fn gov_code(&self, line: &Line) -> Option<String> {
        if let Some(o) = &line.gov_econ_override {
            return Some(o.clone());
        }
        let kind = self.unit(line.unit_id)?.kind;
        self.catalog
            .gov_for(&line.dept_econ, kind)
            .map(str::to_string)
    }

    /// The government economic code of a line, borrowed (no allocation): for sums over
    /// many lines.
    pub fn gov_code_ref<'a>(&'a self, line: &'a Line) -> Option<&'a str> {
        match &line.gov_econ_override {
            Some(o) => Some(o.as_str()),
            None => self.mapped_gov_code(line),
        }
    }

    /// The government code the mapping gives, ignoring any override.
    pub fn mapped_gov_code(&self, line: &Line) -> Option<&str> {
        let kind = self.unit(line.unit_id)?.kind;
        self.catalog.gov_for(&line.dept_econ, kind)
    }

    /// 人员经费 or 公用经费: the override, else 301 and 303 are 人员经费, the rest 公用经费.
    pub fn cost_class(&self, line: &Line) -> CostClass {
        line.cost_class_override
            .unwrap_or_else(|| default_cost_class(&line.dept_econ))
    }

    pub fn indicators_of(&self, project_id: Option<i64>) -> impl Iterator<Item = &Indicator> {
        self.indicators
            .iter()
            .filter(move |i| i.project_id == project_id)
    }

    /// 基本支出 and 项目支出 over all lines, in integer 分.
    pub fn by_nature(&self) -> (Money, Money) {
        let mut v = [0i128; 2];
        for l in &self.lines {
            v[matches!(l.nature, Nature::Project) as usize] += l.amount.fen() as i128;
        }
        (Money::from_fen_wide(v[0]), Money::from_fen_wide(v[1]))
    }

    pub fn income_of(&self, source: FundSource) -> Option<&Income> {
        self.income.iter().find(|i| i.source == source)
    }

    pub fn prior_item(&self, item: PriorItem) -> Money {
        self.prior_items.get(&item).copied().unwrap_or_default()
    }

    pub fn reason(&self, key: &str) -> Option<&str> {
        self.reasons
            .get(key)
            .map(String::as_str)
            .filter(|s| !s.trim().is_empty())
    }

    /// The catalogs in force are derived from the loaded ones: call after changing those.
    pub fn refresh_catalog(&mut self) {
        self.catalog = Catalog::with_loaded(&self.loaded_catalogs);
    }
}

/// The gap left between the seqs of consecutive lines, so that a line can be inserted
/// between two without renumbering the others.
pub const SEQ_STEP: i64 = 1024;

/// A record by id in a vector sorted by id; falls back to a scan if it is not sorted
/// (a budget built by hand).
fn by_id<T>(v: &[T], id: i64, key: impl Fn(&T) -> i64) -> Option<&T> {
    match v.binary_search_by_key(&id, &key) {
        Ok(i) => Some(&v[i]),
        Err(_) => v.iter().find(|x| key(x) == id),
    }
}
