//! The budget as entered (GUIDE.md, "Atomic data"). Nothing here is derived: every total
//! and every published table is computed from these records by `tables` and `checks`.

use crate::engine::catalog::{Catalog, LoadedCatalog};
use crate::engine::money::Money;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// Declares a closed set of values with their Chinese labels (the form stored in the file
/// and shown to users) and accepted spellings when parsing.
macro_rules! labelled_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident => $label:literal $(| $alias:literal)*),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($variant),+ }
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// The labels, in order (what a record declaration lists as its choices).
            pub const LABELS: &'static [&'static str] = &[$($label),+];
            /// The label of the value a text names (any accepted spelling).
            pub fn canonical(s: &str) -> Option<&'static str> {
                $name::parse(s).map($name::label)
            }
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }
            /// Its place in [`Self::ALL`].
            pub fn index(self) -> usize {
                self as usize
            }
            /// Accepts the label and the usual alternative spellings.
            pub fn parse(s: &str) -> Option<$name> {
                let s = s.trim();
                $(if s == $label $(|| s == $alias)* { return Some($name::$variant); })+
                None
            }
            /// The labels, for messages: “行政、参公、事业”.
            pub fn labels() -> String {
                [$($label),+].join("、")
            }
        }
        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.label())
            }
        }
    };
}

labelled_enum!(
    /// The kind of a budget unit; it decides the government economic code of its spending.
    UnitKind {
        Administrative => "行政" | "行政单位",
        CivilServiceManaged => "参公" | "参公单位" | "参照公务员法管理事业单位",
        Institution => "事业" | "事业单位",
    }
);

labelled_enum!(
    /// 支出性质.
    Nature {
        Basic => "基本支出" | "基本",
        Project => "项目支出" | "项目",
    }
);

labelled_enum!(
    /// Within basic spending: 人员经费 or 日常公用经费.
    CostClass {
        Personnel => "人员经费" | "人员",
        Public => "公用经费" | "日常公用经费" | "公用",
    }
);

labelled_enum!(
    /// 资金来源.
    FundSource {
        General => "一般公共预算财政拨款" | "一般公共预算" | "一般公共预算财政拨款资金",
        GovFund => "政府性基金预算财政拨款" | "政府性基金预算" | "政府性基金预算财政拨款资金",
        StateCapital => "国有资本经营预算财政拨款" | "国有资本经营预算" | "国有资本经营预算财政拨款资金",
        SpecialAccount => "财政专户管理资金",
        Business => "事业收入" | "事业收入资金",
        Superior => "上级补助收入" | "上级补助收入资金",
        Affiliated => "附属单位上缴收入" | "附属单位上缴收入资金",
        Operating => "事业单位经营收入" | "事业单位经营收入资金" | "经营收入",
        Other => "其他收入" | "其他收入资金",
        CarryGeneral => "上年结转（一般公共预算）" | "上年结转(一般公共预算)" | "上年结转",
        CarryGovFund => "上年结转（政府性基金预算）" | "上年结转(政府性基金预算)",
        CarryStateCapital => "上年结转（国有资本经营预算）" | "上年结转(国有资本经营预算)",
        CarryOther => "上年结转（其他资金）" | "上年结转(其他资金)",
        ReserveFund => "用事业基金弥补收支差额" | "事业基金",
    }
);

/// The fiscal appropriation kinds that tables 4–12 distinguish.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FiscalKind {
    General,
    GovFund,
    StateCapital,
}

impl FundSource {
    /// 财政拨款 kind of this source, current year or carried over; `None` for other funds.
    pub fn fiscal_kind(self) -> Option<FiscalKind> {
        match self {
            FundSource::General | FundSource::CarryGeneral => Some(FiscalKind::General),
            FundSource::GovFund | FundSource::CarryGovFund => Some(FiscalKind::GovFund),
            FundSource::StateCapital | FundSource::CarryStateCapital => {
                Some(FiscalKind::StateCapital)
            }
            _ => None,
        }
    }

    pub fn is_carry_over(self) -> bool {
        matches!(
            self,
            FundSource::CarryGeneral
                | FundSource::CarryGovFund
                | FundSource::CarryStateCapital
                | FundSource::CarryOther
        )
    }
}

labelled_enum!(
    /// 项目类别.
    ProjectKind {
        Key => "重点" | "重点项目",
        General => "一般" | "一般项目",
    }
);

labelled_enum!(
    /// 指标性质.
    IndicatorOp {
        Ge => "≥" | ">=" | "＞＝" | "大于等于",
        Le => "≤" | "<=" | "＜＝" | "小于等于",
        Eq => "=" | "＝" | "等于",
        Qualitative => "定性",
    }
);

labelled_enum!(
    /// Prior-year figures other than by function: 三公 items and 机关运行经费.
    PriorItem {
        Abroad => "因公出国（境）费" | "因公出国（境）费用" | "因公出国(境)费",
        CarPurchase => "公务用车购置费",
        CarRunning => "公务用车运行维护费" | "公务用车运行费",
        Reception => "公务接待费",
        OfficeRunning => "机关运行经费",
    }
);

labelled_enum!(
    /// Vehicles and large equipment (国有资产占有使用情况).
    /// 重庆 prints 领导干部用车 (含在职和离退休部级干部用车); Shanghai 部级领导干部用车,
    /// 主要领导干部用车 and 离退休干部用车 apart: a region fills in the kinds it prints.
    AssetCategory {
        LeaderCar => "领导干部用车",
        MinisterCar => "部级领导干部用车",
        PrincipalCar => "主要领导干部用车",
        ConfidentialCar => "机要通信用车",
        EmergencyCar => "应急保障用车",
        LawEnforcementCar => "执法执勤用车",
        SpecialCar => "特种专业技术用车",
        RetiredCar => "离退休干部用车",
        OtherCar => "其他用车",
        LargeEquipment => "单位价值100万元（含）以上设备" | "单位价值100万元以上设备" | "大型设备",
    }
);

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
    /// Where it points, as [`crate::engine::checks::Place::to_key`] writes it.
    pub target: String,
    pub author: String,
    /// When it was written, Beijing time: `2026-11-28 21:30`.
    pub created: String,
    pub text: String,
    pub resolved: bool,
}

impl Remark {
    /// The place it points at, when the target can be read.
    pub fn place(&self) -> Option<crate::engine::checks::Place> {
        crate::engine::checks::Place::from_key(&self.target)
    }
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

/// 301 工资福利支出 and 303 对个人和家庭的补助 are 人员经费; everything else 公用经费.
pub fn default_cost_class(dept_econ: &str) -> CostClass {
    if dept_econ.starts_with("301") || dept_econ.starts_with("303") {
        CostClass::Personnel
    } else {
        CostClass::Public
    }
}
