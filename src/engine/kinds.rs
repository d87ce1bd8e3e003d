//! The closed sets of values a budget's records choose from, each with its Chinese labels
//! (the form stored in the file and shown to users) and the spellings accepted when
//! reading: 单位类型, 支出性质, 经费类型, 资金来源, 项目类别, 指标性质, the 上年数 items and the
//! categories of assets. Below the catalogs, the layouts and the model, which all name
//! them.

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

labelled_enum!(
    /// 人员类别: who a row of the roster is.
    StaffCategory {
        Serving => "在职" | "在职人员" | "在编" | "在编在岗",
        Contract => "编外聘用" | "编外" | "编外人员" | "聘用" | "临聘",
        Veteran => "离休" | "离休人员",
        Retired => "退休" | "退休人员",
        Survivor => "遗属" | "遗属人员" | "遗属补助",
    }
);

labelled_enum!(
    /// 测算方式: how a rule of the standards computes its amount for a unit.
    RuleWay {
        PerMonth => "按人月" | "按月" | "人月",
        Rate => "按比例" | "比例",
        PerHead => "按人定额" | "人均定额" | "按人",
        PerVehicle => "按车定额" | "按车",
        PerUnit => "按单位定额" | "定额" | "固定",
    }
);

/// 301 工资福利支出 and 303 对个人和家庭的补助 are 人员经费; everything else 公用经费.
pub fn default_cost_class(dept_econ: &str) -> CostClass {
    if dept_econ.starts_with("301") || dept_econ.starts_with("303") {
        CostClass::Personnel
    } else {
        CostClass::Public
    }
}
