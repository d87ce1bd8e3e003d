//! The demo budgets, as line items from which every published number of a real budget
//! follows: 重庆市渝北区信访办公室's 2025 budget with its 2024 figures (the reference
//! document, `assets/demo/`), and 上海市普陀区商务委员会's 2025 budget in Shanghai's 9
//! tables (`assets/demo-shanghai/`). The data lives in CSV files (readable, reviewable),
//! the same sheets for both; this module turns a set of them into a [`Budget`].

use crate::engine::kinds::*;
use crate::engine::model::*;
use crate::engine::money::{Money, parse_yuan};
use crate::engine::records::{FieldType, Kind, Value, unit};
use crate::engine::staffing;
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::str::FromStr;

/// Rows of a sheet: line number and cells by header.
type Rows = Vec<(usize, HashMap<String, String>)>;

struct DemoFile {
    name: &'static str,
    text: &'static str,
}

/// The sheets of one demo, each a CSV file of its folder.
struct DemoFiles {
    department: DemoFile,
    units: DemoFile,
    income: DemoFile,
    projects: DemoFile,
    indicators: DemoFile,
    lines: DemoFile,
    prior_function: DemoFile,
    prior_misc: DemoFile,
    procurement: DemoFile,
    assets: DemoFile,
    reasons: DemoFile,
}

macro_rules! sheets {
    ($dir:literal) => {
        sheets!($dir; department, units, income, projects, indicators, lines,
            prior_function, prior_misc, procurement, assets, reasons)
    };
    ($dir:literal; $($f:ident),*) => {
        DemoFiles {
            $($f: DemoFile {
                name: concat!(stringify!($f), ".csv"),
                text: include_str!(concat!("../../assets/", $dir, "/", stringify!($f), ".csv")),
            },)*
        }
    };
}

impl DemoFile {
    /// Rows as maps from header to cell, with their line numbers.
    fn rows(&self) -> Result<Rows, String> {
        let mut r = csv::ReaderBuilder::new().from_reader(self.text.as_bytes());
        let headers = r
            .headers()
            .map_err(|e| format!("{}: {e}", self.name))?
            .clone();
        let mut out = Vec::new();
        for (i, rec) in r.records().enumerate() {
            let rec = rec.map_err(|e| format!("{} 第 {} 行：{e}", self.name, i + 2))?;
            let map = headers
                .iter()
                .zip(rec.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect();
            out.push((i + 2, map));
        }
        Ok(out)
    }
}

fn get<'a>(row: &'a HashMap<String, String>, col: &str) -> &'a str {
    row.get(col).map(String::as_str).unwrap_or("")
}

fn money(row: &HashMap<String, String>, col: &str, at: &str) -> Result<Money, String> {
    let s = get(row, col);
    if s.trim().is_empty() {
        return Ok(Money::ZERO);
    }
    parse_yuan(s).map_err(|e| format!("{at}“{col}”：{e}"))
}

fn parse<T>(v: &str, f: fn(&str) -> Option<T>, at: &str, what: &str) -> Result<T, String> {
    f(v).ok_or_else(|| format!("{at}{what}“{v}”无效"))
}

/// The demo budget of the reference document (重庆, 17 tables).
pub fn demo_budget() -> Result<Budget, String> {
    let mut b = build(&sheets!("demo"))?;
    // Its 基本支出 of persons and of quotas follow from a roster and the standards.
    let roster = DemoFile {
        name: "persons.csv",
        text: include_str!("../../assets/demo/persons.csv"),
    };
    b.persons = records_of::<Person>(&roster, &b)?;
    let s = staffing::file::builtin(STANDARDS, &b)
        .ok_or("没有内置测算标准")?
        .map_err(|f| format!("内置测算标准有误：{}", f[0]))?;
    b.rules = s.rules;
    staffing::fill(&mut b);
    Ok(b)
}

/// The built-in standards the 重庆 demo's roster is computed with.
pub const STANDARDS: &str = "chongqing-yubei-2025";

/// A demo sheet read as records of a kind, each cell by the field its header names (as
/// an import reads it), ids from 1.
fn records_of<R: Kind>(file: &DemoFile, b: &Budget) -> Result<Vec<R>, String> {
    let mut out = Vec::new();
    for (i, (line, r)) in file.rows()?.into_iter().enumerate() {
        let mut rec = R::blank();
        for (header, cell) in &r {
            let f = R::fields()
                .iter()
                .find(|f| f.in_grid && f.is_named(header))
                .ok_or_else(|| format!("{} 第 {line} 行：没有“{header}”一项", file.name))?;
            f.read_text(&mut rec, cell, b)
                .map_err(|e| format!("{} 第 {line} 行：{e}", file.name))?;
        }
        if let Some(id) = R::fields().iter().find(|f| matches!(f.ty, FieldType::Id)) {
            (id.set)(&mut rec, Value::Int(i as i64 + 1));
        }
        out.push(rec);
    }
    Ok(out)
}

/// The Shanghai demo: 上海市普陀区商务委员会 2025, in the 上海 区级部门预算 9 表 layout.
pub fn shanghai_demo_budget() -> Result<Budget, String> {
    build(&sheets!("demo-shanghai"))
}

fn build(sheets: &DemoFiles) -> Result<Budget, String> {
    let mut b = Budget::default();

    let dept: HashMap<String, String> = sheets
        .department
        .rows()?
        .into_iter()
        .map(|(_, r)| (get(&r, "字段").to_string(), get(&r, "内容").to_string()))
        .collect();
    let d = |k: &str| dept.get(k).cloned().unwrap_or_default();
    b.department = Department {
        code: d("部门代码"),
        name: d("部门名称"),
        year: d("预算年度")
            .parse()
            .map_err(|_| "预算年度无效".to_string())?,
        region: d("地区"),
        duties: d("职能职责"),
        composition: d("单位构成"),
        divisions: d("内设科室数").parse().unwrap_or(0),
        contact_name: d("联系人"),
        contact_phone: d("联系电话"),
        goal: d("整体绩效目标"),
    };
    let layout = d("表样");
    if !layout.is_empty() {
        b.layout = crate::engine::layout::builtin(&layout)
            .ok_or_else(|| format!("department.csv：没有内置表样“{layout}”"))?;
    }

    for (i, (line, r)) in sheets.units.rows()?.into_iter().enumerate() {
        let at = format!("units.csv 第 {line} 行：");
        b.units.push(Unit {
            id: i as i64 + 1,
            code: get(&r, unit::CODE).to_string(),
            name: get(&r, unit::NAME).to_string(),
            kind: parse(get(&r, unit::KIND), UnitKind::parse, &at, unit::KIND)?,
            short_name: get(&r, unit::SHORT_NAME).to_string(),
            ..Unit::blank()
        });
        // 编制数 and 主要功能科目, where the sheet has them.
        let mut u = b.units.pop().expect("just pushed");
        for label in ["行政编制数", "事业编制数", unit::MAIN_FUNC] {
            if r.contains_key(label) {
                let f = Unit::field(label).expect("a unit's field");
                f.read_text(&mut u, get(&r, label), &b)
                    .map_err(|e| format!("{at}{e}"))?;
            }
        }
        b.units.push(u);
    }
    let unit_id = |code: &str, at: &str| -> Result<i64, String> {
        b.units
            .iter()
            .find(|u| u.code == code)
            .map(|u| u.id)
            .ok_or_else(|| format!("{at}单位代码“{code}”不存在"))
    };

    for (line, r) in sheets.income.rows()? {
        let at = format!("income.csv 第 {line} 行：");
        b.income.push(Income {
            source: parse(get(&r, "资金来源"), FundSource::parse, &at, "资金来源")?,
            current: money(&r, "本年预算数", &at)?,
            prior: money(&r, "上年预算数", &at)?,
        });
    }

    let mut projects = Vec::new();
    for (i, (line, r)) in sheets.projects.rows()?.into_iter().enumerate() {
        let at = format!("projects.csv 第 {line} 行：");
        projects.push(Project {
            id: i as i64 + 1,
            code: String::new(),
            name: get(&r, "项目名称").to_string(),
            unit_id: unit_id(get(&r, "单位代码"), &at)?,
            kind: parse(get(&r, "项目类别"), ProjectKind::parse, &at, "项目类别")?,
            competent_dept: get(&r, "业务主管部门").to_string(),
            overview: get(&r, "项目概况").to_string(),
            basis: get(&r, "立项依据").to_string(),
            goal: get(&r, "当年绩效目标").to_string(),
            budget: money(&r, "当年预算", &at)?,
            district: money(&r, "区级支出", &at)?,
            township: money(&r, "补助镇街", &at)?,
        });
    }
    b.projects = projects;
    let project_id = |name: &str, at: &str| -> Result<i64, String> {
        b.projects
            .iter()
            .find(|p| p.name == name)
            .map(|p| p.id)
            .ok_or_else(|| format!("{at}项目“{name}”不存在"))
    };

    for (i, (line, r)) in sheets.indicators.rows()?.into_iter().enumerate() {
        let at = format!("indicators.csv 第 {line} 行：");
        let target = get(&r, "绩效目标");
        let weight = get(&r, "指标权重");
        b.indicators.push(Indicator {
            id: i as i64 + 1,
            project_id: if target == "部门整体" {
                None
            } else {
                Some(project_id(target, &at)?)
            },
            level1: String::new(),
            level2: String::new(),
            name: get(&r, "指标名称").to_string(),
            weight: Decimal::from_str(weight).map_err(|_| format!("{at}指标权重“{weight}”无效"))?,
            unit: get(&r, "计量单位").to_string(),
            op: parse(get(&r, "指标性质"), IndicatorOp::parse, &at, "指标性质")?,
            value: get(&r, "指标值").to_string(),
            core: get(&r, "是否核心指标") == "是",
        });
    }

    for (i, (line, r)) in sheets.lines.rows()?.into_iter().enumerate() {
        let at = format!("lines.csv 第 {line} 行：");
        let project = get(&r, "项目");
        let gov = get(&r, "政府经济科目");
        b.lines.push(Line {
            id: i as i64 + 1,
            unit_id: unit_id(get(&r, "单位代码"), &at)?,
            func_code: get(&r, "功能科目").to_string(),
            dept_econ: get(&r, "部门经济科目").to_string(),
            gov_econ_override: (!gov.is_empty()).then(|| gov.to_string()),
            nature: parse(get(&r, "支出性质"), Nature::parse, &at, "支出性质")?,
            cost_class_override: None,
            project_id: if project.is_empty() {
                None
            } else {
                Some(project_id(project, &at)?)
            },
            fund_source: parse(get(&r, "资金来源"), FundSource::parse, &at, "资金来源")?,
            amount: money(&r, "金额", &at)?,
            remark: get(&r, "备注").to_string(),
            seq: (i as i64 + 1) * SEQ_STEP,
            computed: None,
        });
    }

    for (line, r) in sheets.prior_function.rows()? {
        let at = format!("prior_function.csv 第 {line} 行：");
        b.prior_functions.push(PriorFunction {
            func_code: get(&r, "功能科目").to_string(),
            nature: parse(get(&r, "支出性质"), Nature::parse, &at, "支出性质")?,
            amount: money(&r, "上年预算数", &at)?,
        });
    }
    for (line, r) in sheets.prior_misc.rows()? {
        let at = format!("prior_misc.csv 第 {line} 行：");
        b.prior_items.insert(
            parse(get(&r, "项目"), PriorItem::parse, &at, "项目")?,
            money(&r, "上年预算数", &at)?,
        );
    }
    for (i, (line, r)) in sheets.procurement.rows()?.into_iter().enumerate() {
        let at = format!("procurement.csv 第 {line} 行：");
        b.procurement.push(Procurement {
            id: i as i64 + 1,
            unit_id: unit_id(get(&r, "单位代码"), &at)?,
            name: get(&r, "采购项目名称").to_string(),
            fund_source: parse(get(&r, "资金来源"), FundSource::parse, &at, "资金来源")?,
            total: money(&r, "合计", &at)?,
            goods: money(&r, "货物类", &at)?,
            works: money(&r, "工程类", &at)?,
            services: money(&r, "服务类", &at)?,
            sme: money(&r, "面向中小企业预留", &at)?,
            small: money(&r, "其中小微企业", &at)?,
        });
    }
    for (line, r) in sheets.assets.rows()? {
        let at = format!("assets.csv 第 {line} 行：");
        let count = |col: &str| -> Result<u32, String> {
            get(&r, col)
                .parse()
                .map_err(|_| format!("{at}“{col}”不是整数"))
        };
        b.assets.push(Asset {
            category: parse(get(&r, "类别"), AssetCategory::parse, &at, "类别")?,
            owned: count("现有数量")?,
            to_buy: count("本年拟购置数量")?,
        });
    }
    for (_, r) in sheets.reasons.rows()? {
        b.reasons
            .insert(get(&r, "变动项目").to_string(), get(&r, "原因").to_string());
    }
    Ok(b)
}
