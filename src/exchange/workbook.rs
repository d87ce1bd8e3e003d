//! The data workbook: every record of a budget, one sheet per kind, each headed by the
//! record declarations (`exchange/sheet.rs`). `yusuan export --data` writes it; the import
//! template is one with an example row on each sheet; `import` reads it back, so that a
//! new budget and an import of this workbook give the same tables, checks and narrative.
//!
//! 批注 are not in it: they point at records of their own file and stay there.

use crate::engine::catalog::{CatalogKind, LoadedCatalog};
use crate::engine::kinds::{FundSource, IndicatorOp, Nature, ProjectKind};
use crate::engine::model::{
    Asset, Budget, Indicator, Line, Person, PriorFunction, Project, Rule, Unit,
};
use crate::engine::money::Money;
use crate::engine::records::{Kind, PriorFigure, Reason};
use crate::exchange::sheet::{self, WorkbookCell};

/// A sheet of the data workbook.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WorkbookSheet {
    /// 单位信息: the department's facts, one per row (项目 | 内容).
    Department,
    /// An official catalog the budget carries in place of the bundled one.
    Catalog(CatalogKind),
    Units,
    /// 测算标准: the rules that compute lines from the roster.
    Standards,
    /// 人员: the roster.
    Persons,
    Income,
    /// 上年数: by function and nature, and the 三公 items and 机关运行经费 by name.
    Prior,
    Projects,
    Lines,
    Indicators,
    Procurement,
    Assets,
    Reasons,
}

use WorkbookSheet::*;

impl WorkbookSheet {
    /// The sheets of records, in the order an import applies them (catalogs come right
    /// after 单位信息, functions and economic codes before their mapping).
    pub const RECORDS: [WorkbookSheet; 12] = [
        Department,
        Units,
        Standards,
        Persons,
        Income,
        Prior,
        Projects,
        Lines,
        Indicators,
        Procurement,
        Assets,
        Reasons,
    ];

    /// The sheet's name in a workbook.
    pub fn name(self) -> String {
        match self {
            Department => crate::engine::model::Department::NAME.into(),
            Catalog(k) => format!("{CATALOG_PREFIX}{}", k.label()),
            Units => Unit::NAME.into(),
            Standards => Rule::NAME.into(),
            Persons => Person::NAME.into(),
            Income => crate::engine::model::Income::NAME.into(),
            Prior => PriorFunction::NAME.into(),
            Projects => Project::NAME.into(),
            Lines => Line::NAME.into(),
            Indicators => Indicator::NAME.into(),
            Procurement => crate::engine::model::Procurement::NAME.into(),
            Assets => Asset::NAME.into(),
            Reasons => Reason::NAME.into(),
        }
    }

    /// The sheet a workbook's sheet name means (上年三公 is a 上年数 sheet).
    pub fn of_name(name: &str) -> Option<WorkbookSheet> {
        let n = name.trim();
        if let Some(k) = n.strip_prefix(CATALOG_PREFIX) {
            return CatalogKind::from_key(k.trim()).map(Catalog);
        }
        if n == PriorFigure::NAME {
            return Some(Prior);
        }
        WorkbookSheet::RECORDS.into_iter().find(|s| s.name() == n)
    }

    /// The header row, in the order of [`WorkbookSheet::rows`].
    pub fn headers(self) -> Vec<&'static str> {
        match self {
            Department => vec!["项目", "内容"],
            Catalog(CatalogKind::Mapping) => vec![
                "部门经济科目",
                "行政单位政府经济科目",
                "事业单位政府经济科目",
            ],
            Catalog(_) => vec!["科目编码", "科目名称"],
            Units => sheet::headers::<Unit>(),
            Standards => sheet::headers::<Rule>(),
            Persons => sheet::headers::<Person>(),
            Income => sheet::headers::<crate::engine::model::Income>(),
            // 功能科目, 支出性质, 项目 (the 三公 item), 上年预算数.
            Prior => {
                let mut h = sheet::headers::<PriorFunction>();
                let amount = h.pop().unwrap_or("上年预算数");
                h.extend(
                    sheet::headers::<PriorFigure>()
                        .into_iter()
                        .filter(|x| *x != amount),
                );
                h.push(amount);
                h
            }
            Projects => sheet::headers::<Project>(),
            Lines => sheet::headers::<Line>(),
            Indicators => sheet::headers::<Indicator>(),
            Procurement => sheet::headers::<crate::engine::model::Procurement>(),
            Assets => sheet::headers::<Asset>(),
            Reasons => sheet::headers::<Reason>(),
        }
    }

    /// The sheet whose declarations name a header row best, for a CSV file or a sheet of
    /// another name: first one whose required columns are all there, then the most
    /// columns named (two at least). The header may sit under a title of a few rows;
    /// 单位信息 written down a column is known by its first column.
    pub fn of_header(rows: &super::import::Rows) -> Option<WorkbookSheet> {
        // A header is among the first rows; 单位信息 down a column has a few dozen.
        let rows: Vec<Vec<&str>> = rows
            .iter()
            .filter(|r| !r.is_blank())
            .take(100)
            .map(|r| r.cells())
            .collect();
        // Whether a header has every required column, and how many fields it names.
        fn fit<R: Kind>(h: &[impl AsRef<str>]) -> (bool, usize) {
            let cols = sheet::header_fields::<R>(h);
            let mut f: Vec<&'static str> = cols.iter().flatten().map(|f| f.label).collect();
            f.sort();
            f.dedup();
            (sheet::missing_columns(&cols).is_empty(), f.len())
        }
        let first_column: Vec<&str> = rows.iter().filter_map(|r| r.first().copied()).collect();
        let mut best: Option<((bool, usize), WorkbookSheet)> = None;
        for header in rows.iter().take(6) {
            let (pf, pi) = (fit::<PriorFunction>(header), fit::<PriorFigure>(header));
            let candidates = [
                (Lines, fit::<Line>(header)),
                (Projects, fit::<Project>(header)),
                (Units, fit::<Unit>(header)),
                (Standards, fit::<Rule>(header)),
                // A payroll of the 一体化 system as the roster it is.
                (
                    Persons,
                    fit::<Person>(&super::import::payroll::roster_header(header)),
                ),
                (Income, fit::<crate::engine::model::Income>(header)),
                // The amount column is both kinds'.
                (
                    Prior,
                    (
                        pf.0 || pi.0,
                        pf.1 + pi.1 - usize::from(pi.1 > 0 && pf.1 > 0),
                    ),
                ),
                (Indicators, fit::<Indicator>(header)),
                (
                    Procurement,
                    fit::<crate::engine::model::Procurement>(header),
                ),
                (Assets, fit::<Asset>(header)),
                (Reasons, fit::<Reason>(header)),
                (Department, fit::<crate::engine::model::Department>(header)),
                (
                    Department,
                    fit::<crate::engine::model::Department>(&first_column),
                ),
            ];
            for (sheet, score) in candidates {
                // The first of the best, so that 支出明细 wins a tie.
                if score.1 >= 2 && best.is_none_or(|(b, _)| score > b) {
                    best = Some((score, sheet));
                }
            }
        }
        best.map(|(_, s)| s)
    }

    /// The sheet's rows of a budget (without the header).
    pub fn rows(self, b: &Budget) -> Vec<Vec<WorkbookCell>> {
        fn all<'a, R: Kind + 'a>(
            b: &Budget,
            records: impl IntoIterator<Item = &'a R>,
        ) -> Vec<Vec<WorkbookCell>> {
            records
                .into_iter()
                .map(|r| sheet::write_row(r, b))
                .collect()
        }
        let text = |s: &str| WorkbookCell::Text(s.to_string());
        match self {
            Department => sheet::headers::<crate::engine::model::Department>()
                .into_iter()
                .zip(sheet::write_row(&b.department, b))
                .map(|(label, value)| vec![text(label), value])
                .collect(),
            Catalog(kind) => match b.loaded_catalogs.iter().find(|c| c.kind() == kind) {
                Some(LoadedCatalog::Codes(_, entries)) => entries
                    .iter()
                    .map(|(c, n)| vec![text(c), text(n)])
                    .collect(),
                Some(LoadedCatalog::Mapping(rows)) => rows
                    .iter()
                    .map(|(d, a, i)| vec![text(d), text(a), text(i)])
                    .collect(),
                None => Vec::new(),
            },
            Units => all(b, &b.units),
            Standards => all(b, Rule::records(b).iter()),
            Persons => all(b, &b.persons),
            Income => all(b, &b.income),
            Prior => {
                let blank = || WorkbookCell::Text(String::new());
                let mut v: Vec<Vec<WorkbookCell>> = b
                    .prior_functions
                    .iter()
                    .map(|p| {
                        let mut r = sheet::write_row(p, b);
                        r.insert(2, blank());
                        r
                    })
                    .collect();
                v.extend(b.prior_items.iter().map(|(item, amount)| {
                    let mut r = vec![blank(), blank()];
                    r.extend(sheet::write_row(
                        &PriorFigure {
                            item: *item,
                            amount: *amount,
                        },
                        b,
                    ));
                    r
                }));
                v
            }
            Projects => all(b, &b.projects),
            Lines => all(b, b.lines_in_order()),
            Indicators => all(b, &b.indicators),
            Procurement => all(b, &b.procurement),
            Assets => all(b, &b.assets),
            Reasons => b
                .reasons
                .iter()
                .map(|(key, text)| {
                    sheet::write_row(
                        &Reason {
                            key: key.clone(),
                            text: text.clone(),
                        },
                        b,
                    )
                })
                .collect(),
        }
    }

    /// Its width in Excel's characters, for a column of the header.
    fn width(self, header: &str) -> f64 {
        match (self, header) {
            (Department, "内容") => 80.0,
            (_, "项目概况" | "立项依据" | "当年绩效目标" | "原因") => 40.0,
            (_, "单位名称" | "科目名称" | "变动项目") => 30.0,
            _ => 16.0,
        }
    }
}

/// How the sheet of an official catalog is named: `目录·支出功能分类`.
pub const CATALOG_PREFIX: &str = "目录·";

/// The sheets a budget's data workbook holds: every sheet of records, then a sheet per
/// official catalog it carries.
pub fn sheets_of(b: &Budget) -> Vec<WorkbookSheet> {
    let mut v = WorkbookSheet::RECORDS.to_vec();
    // After 单位信息: the lines are read against the catalogs in force.
    let mut kinds: Vec<CatalogKind> = b.loaded_catalogs.iter().map(|c| c.kind()).collect();
    kinds.sort_by_key(|k| CatalogKind::ALL.iter().position(|x| x == k));
    for (i, k) in kinds.into_iter().enumerate() {
        v.insert(1 + i, Catalog(k));
    }
    v
}

/// A workbook: a 说明 sheet with these lines, then each sheet with its header and rows.
/// A sheet to write: which, its header, its rows.
pub type SheetOut = (WorkbookSheet, Vec<&'static str>, Vec<Vec<WorkbookCell>>);

pub fn write_xlsx(note: &[&str], sheets: &[SheetOut]) -> Result<Vec<u8>, String> {
    use rust_xlsxwriter::{Format, Workbook};
    let err = |_| "无法生成 Excel 工作簿".to_string();
    let mut wb = Workbook::new();
    let head = Format::new().set_bold().set_background_color("#E6E6E6");
    let money = Format::new().set_num_format("#,##0.00");
    let ws = wb.add_worksheet();
    ws.set_name("说明").map_err(err)?;
    for (i, l) in note.iter().enumerate() {
        ws.write_string(i as u32, 0, *l).map_err(err)?;
    }
    ws.set_column_width(0, 120).map_err(err)?;
    for (sheet, headers, rows) in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(sheet.name()).map_err(err)?;
        for (c, h) in headers.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, *h, &head)
                .map_err(err)?;
            ws.set_column_width(c as u16, sheet.width(h)).map_err(err)?;
        }
        ws.set_freeze_panes(1, 0).map_err(err)?;
        for (r, row) in rows.iter().enumerate() {
            let r = r as u32 + 1;
            for (c, cell) in row.iter().enumerate() {
                let c = c as u16;
                match cell {
                    WorkbookCell::Text(s) if s.is_empty() => {}
                    WorkbookCell::Text(s) => {
                        ws.write_string(r, c, s).map_err(err)?;
                    }
                    // Exact: an amount has at most 14 digits, within a double's 15.
                    WorkbookCell::Money(m) => {
                        ws.write_number_with_format(r, c, m.to_f64_for_chart(), &money)
                            .map_err(err)?;
                    }
                    WorkbookCell::Int(i) => {
                        ws.write_number(r, c, *i as f64).map_err(err)?;
                    }
                }
            }
        }
    }
    wb.save_to_buffer().map_err(err)
}

/// Every record of a budget as a workbook that `import` reads back. The roster's names
/// (姓名或岗位) only when `names`: a budget's data travels by e-mail.
pub fn data_xlsx(b: &Budget, names: bool) -> Result<Vec<u8>, String> {
    let title = format!(
        "{} {} 年预算数据：由 yusuan 导出，可在 Excel 中修改后导入（“文件 › 导入”或 yusuan import）。",
        b.department.name, b.department.year
    );
    let mut note = vec![title.as_str(), ""];
    note.extend(NOTE);
    let sheets: Vec<_> = sheets_of(b)
        .into_iter()
        .map(|s| {
            let (headers, rows) = (s.headers(), s.rows(b));
            match s {
                Persons if !names => without(headers, rows, crate::engine::records::person::NAME),
                _ => (s, headers, rows),
            }
        })
        .collect();
    write_xlsx(&note, &sheets)
}

/// A sheet without one of its columns.
fn without(headers: Vec<&'static str>, mut rows: Vec<Vec<WorkbookCell>>, column: &str) -> SheetOut {
    let mut headers = headers;
    if let Some(i) = headers.iter().position(|h| *h == column) {
        headers.remove(i);
        for r in &mut rows {
            if i < r.len() {
                r.remove(i);
            }
        }
    }
    (Persons, headers, rows)
}

/// The import template: the sheets of a data workbook, each with an example row (the
/// demo's department).
pub fn template_xlsx() -> Result<Vec<u8>, String> {
    let demo = crate::exchange::demo::demo_budget()?;
    // The first of each keyed kind, so that the template stays short.
    let first = Budget {
        units: demo.units.iter().take(1).cloned().collect(),
        income: demo.income.iter().take(1).cloned().collect(),
        prior_functions: demo.prior_functions.iter().take(1).cloned().collect(),
        prior_items: demo
            .prior_items
            .iter()
            .take(1)
            .map(|(k, v)| (*k, *v))
            .collect(),
        assets: demo.assets.iter().take(1).cloned().collect(),
        reasons: demo
            .reasons
            .iter()
            .take(1)
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
        ..demo
    };
    template_xlsx_for(&first)
}

/// The import template for a budget: the sheets of records with a key (单位信息, 单位,
/// 收入, 上年数, 资产, 变动原因) hold the budget's own, so that they change nothing as
/// they are; the others an example row each, in its first unit.
pub fn template_xlsx_for(base: &Budget) -> Result<Vec<u8>, String> {
    let b = example(base);
    let mut note = vec![
        "yusuan 导入模板：把数据填入下列工作表（可删去不用的工作表，示例行请改为自己的数据），",
        "在“文件 › 导入…”中选择本文件，或在命令行运行 yusuan import 预算.db 本文件.xlsx。",
        "",
    ];
    note.extend(NOTE);
    let sheets: Vec<_> = WorkbookSheet::RECORDS
        .into_iter()
        .map(|s| (s, s.headers(), s.rows(&b)))
        .collect();
    write_xlsx(&note, &sheets)
}

/// What every sheet holds, for the 说明 sheet (and the README says the same).
const NOTE: [&str; 26] = [
    "导入前会逐表逐行检查，有任何问题都会列出（工作表、行、列），且不写入任何数据；导入是一步操作，可撤销，导入前自动备份。",
    "工作表可按任意顺序排列：先读单位，再读引用单位的支出明细和项目。CSV 文件（UTF-8 或 GBK）按表头判断是哪一张表。",
    "",
    "单位信息：每行一项（项目 | 内容）：部门名称、部门代码、预算年度、地区、职能职责、单位构成、内设科室数、联系人、联系电话、整体绩效目标。",
    "  预算年度须与预算文件一致；部门代码已有时须一致。留空的项目保持原值。",
    "单位：单位代码（以部门代码开头）、单位名称、单位类型（行政、参公、事业，或 行政单位、参照公务员法管理事业单位、事业单位）、简称（可空）。",
    "  单位代码已有的单位按本表更新，其余为新增单位。",
    "测算标准：每行一条规则（名称、方式、依据、比例或定额、人员类别、身份、经济科目、功能科目…），有此表时取代预算文件中的全部规则。",
    "人员：每行一人或一组相同岗位：单位、人员类别（在职、编外聘用、离休、退休、遗属）、身份、姓名或岗位（可空）、人数、月数、",
    "  月工资各项、年度奖金、各项缴费基数（可空：按标准）。一体化系统导出的工资表可直接导入（岗位工资、薪级工资等自动相加）；",
    "  证件号码等个人号码列不读取、不保存。",
    "收入：资金来源（如“一般公共预算财政拨款”，可带编码“1 一般公共预算”）、本年预算数、上年预算数。",
    "上年数：每行填“功能科目”（7 位项级科目）和“支出性质”，或在“项目”列填三公经费项目或“机关运行经费”；再填上年预算数。",
    "项目：项目名称必填；与已有项目同名时更新该项目。项目类别为“重点”或“一般”。单位填单位代码、名称或简称（可空：第一个单位）。",
    "支出明细：单位填代码、名称或简称；功能科目为 7 位项级科目，部门经济科目为 5 位款级科目（可带名称，如“2014001 行政运行”）；",
    "  政府经济科目可空（按对照表自动确定）；支出性质为“基本支出”或“项目支出”；项目填项目名称或编码；",
    "  资金来源可空（一般公共预算财政拨款）；经费类型为“人员经费”或“公用经费”，可空（按经济科目确定）；金额以元为单位，最多两位小数。",
    "绩效指标：项目名称为空或“整体绩效”时属于部门整体绩效；指标性质为 ≥、≤、= 或 定性；权重 0–100。",
    "政府采购：合计可空（按货物、工程、服务相加）。",
    "资产：类别（领导干部用车、机要通信用车、应急保障用车、执法执勤用车、特种专业技术用车、其他用车、单位价值100万元（含）以上设备）、现有数量、本年拟购置数量。",
    "变动原因：变动项目写作“功能科目:2014001”“支出性质:基本支出”或三公经费、机关运行经费的名称；原因为说明文字。",
    "目录·…：预算文件载入的官方科目目录（科目编码、科目名称；对照表为三列），导入时替换内置目录。",
    "",
    "一体化系统导出的字段名也可作为表头：agency_code、agency_name、exp_func_code、dep_bgt_eco_code、gov_bgt_eco_code、",
    "  fund_type_code、pro_code、pro_name 等；编码与名称写在一起（“30101 基本工资”）也可以。",
    "批注不在本工作簿中：批注指向预算文件中的记录，留在预算文件里。",
];

/// The template's example: the budget's keyed records, and one new record of each other
/// kind.
fn example(base: &Budget) -> Budget {
    let unit_id = base.units.first().map_or(0, |u| u.id);
    let yuan = Money::from_yuan;
    let project = Project {
        id: 1,
        code: String::new(),
        name: "信访接待专项".into(),
        unit_id,
        kind: ProjectKind::General,
        competent_dept: base.department.name.clone(),
        overview: "保障信访接待工作".into(),
        basis: "信访工作条例".into(),
        goal: "按时办结信访事项".into(),
        budget: yuan(100_000),
        district: yuan(100_000),
        township: Money::ZERO,
    };
    let line = Line {
        id: 1,
        unit_id,
        func_code: "2014001".into(),
        dept_econ: "30101".into(),
        gov_econ_override: None,
        nature: Nature::Basic,
        cost_class_override: None,
        project_id: None,
        fund_source: FundSource::General,
        amount: yuan(620_000),
        remark: String::new(),
        seq: 0,
        computed: None,
    };
    let indicator = Indicator {
        id: 1,
        project_id: Some(project.id),
        level1: "产出指标".into(),
        level2: "数量指标".into(),
        name: "接待群众人次".into(),
        weight: 30.into(),
        unit: "人次".into(),
        op: IndicatorOp::Ge,
        value: "1000".into(),
        core: true,
    };
    let procurement = crate::engine::model::Procurement {
        id: 1,
        unit_id,
        name: "办公设备".into(),
        fund_source: FundSource::General,
        total: yuan(50_000),
        goods: yuan(50_000),
        works: Money::ZERO,
        services: Money::ZERO,
        sme: yuan(50_000),
        small: yuan(20_000),
    };
    let person = Person {
        id: 1,
        unit_id,
        name: "科员".into(),
        base_pay: yuan(3_000),
        allowance: yuan(2_000),
        performance: yuan(3_500),
        ..Person::blank()
    };
    Budget {
        projects: vec![project],
        persons: vec![person],
        lines: vec![line],
        indicators: vec![indicator],
        procurement: vec![procurement],
        ..base.clone()
    }
}
