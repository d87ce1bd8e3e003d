//! How each of the 17 tables follows from the budget.

use super::{Cell, Row, RowKind, TABLE_NAMES, Table};
use crate::catalog::CodeList;
use crate::model::*;
use crate::money::{Money, percent_change};
use std::collections::BTreeMap;

/// All 17 tables, in order.
pub fn all_tables(b: &Budget) -> Vec<Table> {
    (1..=17).map(|n| table(b, n)).collect()
}

/// Table `n` (1–17).
pub fn table(b: &Budget, n: u8) -> Table {
    match n {
        1 => t01_summary(b),
        2 => t02_income(b),
        3 => t03_expenditure(b),
        4 => t04_fiscal_summary(b),
        5 => t05_general_by_function(b),
        6 => t06_basic_dept_econ(b),
        7 => t07_basic_gov_econ(b),
        8 => t08_project_dept_econ(b),
        9 => t09_project_gov_econ(b),
        10 => t10_three_public(b),
        11 => t11_12_fund(b, 11, FiscalKind::GovFund),
        12 => t11_12_fund(b, 12, FiscalKind::StateCapital),
        13 => t13_projects(b),
        14 => t14_procurement(b),
        15 => t15_department_target(b),
        16 => t16_17_project_targets(b, 16, ProjectKind::Key),
        17 => t16_17_project_targets(b, 17, ProjectKind::General),
        _ => panic!("there are 17 tables; asked for table {n}"),
    }
}

fn shell(b: &Budget, n: u8, header: Vec<Vec<&str>>) -> Table {
    let (name, sub) = TABLE_NAMES[n as usize - 1];
    let d = &b.department;
    let columns = header
        .last()
        .map(|last| {
            // A leaf name is the lowest non-empty label of its column.
            (0..last.len())
                .map(|c| {
                    header
                        .iter()
                        .rev()
                        .map(|h| h.get(c).copied().unwrap_or(""))
                        .find(|s| !s.is_empty())
                        .unwrap_or("")
                        .to_string()
                })
                .collect()
        })
        .unwrap_or_default();
    Table {
        number: n,
        title: format!("{}年{}部门{name}", d.year, d.region),
        subtitle: sub.map(str::to_string),
        org_label: format!("部门全称：{}", d.name),
        unit_label: "单位：元".to_string(),
        header: header
            .into_iter()
            .map(|h| h.into_iter().map(str::to_string).collect())
            .collect(),
        columns,
        rows: Vec::new(),
        note: None,
    }
}

fn money(m: Money) -> Cell {
    Cell::Money(m)
}

fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

/// Sums per code and per ancestor code (类/款/项), in code order. Lines are summed in
/// integer 分 per leaf code (one hash lookup a line), then rolled up to 款 and 类; a
/// BTreeMap on the code strings yields parents before children.
struct Hierarchy<'a, const N: usize> {
    levels: &'static [usize],
    leaves: crate::fxhash::FxHashMap<&'a str, [i128; N]>,
    sums: BTreeMap<String, [Money; N]>,
    total: [Money; N],
    total_fen: [i128; N],
}

impl<'a, const N: usize> Hierarchy<'a, N> {
    fn new(levels: &'static [usize]) -> Self {
        Hierarchy {
            levels,
            leaves: Default::default(),
            sums: BTreeMap::new(),
            total: [Money::ZERO; N],
            total_fen: [0; N],
        }
    }

    fn add(&mut self, code: &'a str, values: [Money; N]) {
        let e = self.leaves.entry(code).or_insert([0; N]);
        for (i, v) in values.iter().enumerate() {
            // Most columns of a line are zero (one fund source, one nature).
            if v.is_zero() {
                continue;
            }
            let f = i128::from(v.fen());
            e[i] += f;
            self.total_fen[i] += f;
        }
    }

    /// Rolls the leaf sums up; call once, after the last `add`.
    fn finish(mut self) -> Self {
        let mut sums: BTreeMap<String, [i128; N]> = BTreeMap::new();
        for (code, v) in &self.leaves {
            for l in self.levels.iter().filter(|l| **l <= code.len()) {
                let e = sums.entry(code[..*l].to_string()).or_insert([0; N]);
                for i in 0..N {
                    e[i] += v[i];
                }
            }
        }
        self.sums = sums
            .into_iter()
            .map(|(k, v)| (k, v.map(Money::from_fen_wide)))
            .collect();
        self.total = self.total_fen.map(Money::from_fen_wide);
        self
    }

    fn is_empty(&self) -> bool {
        self.leaves.is_empty()
    }

    /// Rows: code, name, then the values (mapped by `cells`).
    fn rows(&self, names: &CodeList, cells: impl Fn(&[Money; N]) -> Vec<Cell>) -> Vec<Row> {
        self.sums
            .iter()
            .map(|(code, v)| {
                let level = self
                    .levels
                    .iter()
                    .position(|l| *l == code.len())
                    .unwrap_or(0) as u8;
                let name = names.name(code).unwrap_or("（目录中没有此科目）");
                let mut c = vec![text(code.clone()), text(name)];
                c.extend(cells(v));
                Row::new(RowKind::Level(level), c)
            })
            .collect()
    }

    fn top_level(&self) -> impl Iterator<Item = (&String, &[Money; N])> {
        let first = self.levels[0];
        self.sums.iter().filter(move |(c, _)| c.len() == first)
    }
}

const FUNC: &[usize] = &[3, 5, 7];
const ECON: &[usize] = &[3, 5];

fn is_general(l: &Line) -> bool {
    l.fund_source.fiscal_kind() == Some(FiscalKind::General)
}

fn by_nature(l: &Line) -> [Money; 3] {
    match l.nature {
        Nature::Basic => [l.amount, l.amount, Money::ZERO],
        Nature::Project => [l.amount, Money::ZERO, l.amount],
    }
}

fn total_row(label: &str, values: Vec<Cell>) -> Row {
    let mut c = vec![text(label), Cell::Empty];
    c.extend(values);
    Row::new(RowKind::Total, c)
}

// ---- 表一 收支预算总表 ------------------------------------------------------------------

/// Income-side labels of table 1 with the sources they sum.
const T1_SOURCES: [(&str, FundSource); 9] = [
    ("一般公共预算财政拨款资金", FundSource::General),
    ("政府性基金预算财政拨款资金", FundSource::GovFund),
    ("国有资本经营预算财政拨款资金", FundSource::StateCapital),
    ("财政专户管理资金", FundSource::SpecialAccount),
    ("事业收入资金", FundSource::Business),
    ("上级补助收入资金", FundSource::Superior),
    ("附属单位上缴收入资金", FundSource::Affiliated),
    ("事业单位经营收入资金", FundSource::Operating),
    ("其他收入资金", FundSource::Other),
];

fn income_current(b: &Budget, pred: impl Fn(FundSource) -> bool) -> Money {
    b.income
        .iter()
        .filter(|i| pred(i.source))
        .map(|i| i.current)
        .sum()
}

fn class_totals(b: &Budget, pred: impl Fn(&Line) -> bool) -> Hierarchy<'_, 4> {
    // [all, general, gov fund, state capital] by 类 only.
    let mut h = Hierarchy::<4>::new(&[3]);
    for l in b.lines.iter().filter(|l| pred(l)) {
        let k = l.fund_source.fiscal_kind();
        let v = |f: FiscalKind| if k == Some(f) { l.amount } else { Money::ZERO };
        h.add(
            &l.func_code,
            [
                l.amount,
                v(FiscalKind::General),
                v(FiscalKind::GovFund),
                v(FiscalKind::StateCapital),
            ],
        );
    }
    h.finish()
}

fn t01_summary(b: &Budget) -> Table {
    let mut t = shell(
        b,
        1,
        vec![
            vec!["收入", "", "支出", ""],
            vec!["项目", "预算数", "项目", "预算数"],
        ],
    );
    let current = income_current(b, |s| !s.is_carry_over() && s != FundSource::ReserveFund);
    let carry = income_current(b, FundSource::is_carry_over);
    let reserve = income_current(b, |s| s == FundSource::ReserveFund);
    let classes = class_totals(b, |_| true);
    let spending = classes.total[0];
    let fc = &b.catalog.function;
    let class_rows: Vec<(String, Money)> = classes
        .top_level()
        .map(|(c, v)| (fc.name(c).unwrap_or(c).to_string(), v[0]))
        .collect();
    let body = T1_SOURCES.len().max(class_rows.len());
    t.rows.push(Row::new(
        RowKind::Total,
        vec![
            text("合计"),
            money(current + carry + reserve),
            text("合计"),
            money(spending),
        ],
    ));
    t.rows.push(Row::new(
        RowKind::Total,
        vec![
            text("一、本年收入合计"),
            money(current),
            text("一、本年支出合计"),
            money(spending),
        ],
    ));
    for i in 0..body {
        let (l1, l2) = match T1_SOURCES.get(i) {
            Some((label, s)) => (text(*label), money(income_current(b, |x| x == *s))),
            None => (Cell::Empty, Cell::Empty),
        };
        let (r1, r2) = match class_rows.get(i) {
            Some((name, m)) => (text(name.clone()), money(*m)),
            None => (Cell::Empty, Cell::Empty),
        };
        t.rows.push(Row::new(RowKind::Detail, vec![l1, l2, r1, r2]));
    }
    t.rows.push(Row::new(
        RowKind::Detail,
        vec![
            text("二、上年结转"),
            money(carry),
            text("二、结转下年"),
            money(Money::ZERO),
        ],
    ));
    t.rows.push(Row::new(
        RowKind::Detail,
        vec![
            text("三、用事业基金弥补收支差额"),
            money(reserve),
            Cell::Empty,
            Cell::Empty,
        ],
    ));
    t
}

// ---- 表二 收入预算总表 ------------------------------------------------------------------

/// Table 2's fund columns: label and the sources it sums.
const T2_COLUMNS: [(&str, &[FundSource]); 11] = [
    ("一般公共预算财政拨款", &[FundSource::General]),
    ("政府性基金预算财政拨款", &[FundSource::GovFund]),
    ("国有资本经营预算财政拨款", &[FundSource::StateCapital]),
    ("财政专户管理资金", &[FundSource::SpecialAccount]),
    ("事业收入", &[FundSource::Business]),
    ("上级补助收入", &[FundSource::Superior]),
    ("附属单位上缴收入", &[FundSource::Affiliated]),
    ("事业单位经营收入", &[FundSource::Operating]),
    ("其他收入", &[FundSource::Other]),
    (
        "上年结转",
        &[
            FundSource::CarryGeneral,
            FundSource::CarryGovFund,
            FundSource::CarryStateCapital,
            FundSource::CarryOther,
        ],
    ),
    ("用事业基金弥补收支差额", &[FundSource::ReserveFund]),
];

fn t02_income(b: &Budget) -> Table {
    let mut h0 = vec!["科目编码", "科目名称", "总计"];
    h0.extend(T2_COLUMNS.iter().map(|(l, _)| *l));
    let mut t = shell(b, 2, vec![h0]);
    let mut h = Hierarchy::<12>::new(FUNC);
    for l in &b.lines {
        let mut v = [Money::ZERO; 12];
        v[0] = l.amount;
        if let Some(i) = T2_COLUMNS
            .iter()
            .position(|(_, s)| s.contains(&l.fund_source))
        {
            v[i + 1] = l.amount;
        }
        h.add(&l.func_code, v);
    }
    let h = h.finish();
    t.rows.push(total_row(
        "合计",
        h.total.iter().copied().map(money).collect(),
    ));
    t.rows.extend(h.rows(&b.catalog.function, |v| {
        v.iter().copied().map(money).collect()
    }));
    t
}

// ---- 表三 支出预算总表 ------------------------------------------------------------------

fn nature_table(b: &Budget, t: &mut Table, pred: impl Fn(&Line) -> bool) -> bool {
    let mut h = Hierarchy::<3>::new(FUNC);
    for l in b.lines.iter().filter(|l| pred(l)) {
        h.add(&l.func_code, by_nature(l));
    }
    let h = h.finish();
    t.rows.push(total_row(
        "合计",
        h.total.iter().copied().map(money).collect(),
    ));
    t.rows.extend(h.rows(&b.catalog.function, |v| {
        v.iter().copied().map(money).collect()
    }));
    !h.is_empty()
}

fn t03_expenditure(b: &Budget) -> Table {
    let mut t = shell(
        b,
        3,
        vec![vec!["科目编码", "科目名称", "总计", "基本支出", "项目支出"]],
    );
    nature_table(b, &mut t, |_| true);
    t
}

// ---- 表四 财政拨款收支预算总表 ------------------------------------------------------------

fn t04_fiscal_summary(b: &Budget) -> Table {
    let mut t = shell(
        b,
        4,
        vec![
            vec!["收入", "", "支出", "", "", "", ""],
            vec![
                "项目",
                "预算数",
                "项目",
                "合计",
                "一般公共预算",
                "政府性基金预算",
                "国有资本经营预算",
            ],
        ],
    );
    let inc = |s: FundSource| income_current(b, |x| x == s);
    let current = [
        FundSource::General,
        FundSource::GovFund,
        FundSource::StateCapital,
    ];
    let carry = [
        FundSource::CarryGeneral,
        FundSource::CarryGovFund,
        FundSource::CarryStateCapital,
    ];
    let current_total: Money = current.iter().map(|s| inc(*s)).sum();
    let carry_total: Money = carry.iter().map(|s| inc(*s)).sum();
    let classes = class_totals(b, |l| l.fund_source.fiscal_kind().is_some());
    let fc = &b.catalog.function;
    let four = |v: &[Money; 4]| -> Vec<Cell> { v.iter().copied().map(money).collect() };
    let mut first = vec![
        text("一、本年收入"),
        money(current_total),
        text("一、本年支出"),
    ];
    first.extend(four(&classes.total));
    t.rows.push(Row::new(RowKind::Total, first));
    let class_rows: Vec<(String, [Money; 4])> = classes
        .top_level()
        .map(|(c, v)| (fc.name(c).unwrap_or(c).to_string(), *v))
        .collect();
    let labels = [
        "一般公共预算财政拨款",
        "政府性基金预算财政拨款",
        "国有资本经营预算财政拨款",
    ];
    #[allow(clippy::needless_range_loop)] // two lists of different lengths side by side
    for i in 0..labels.len().max(class_rows.len()) {
        let mut cells = match labels.get(i) {
            Some(l) => vec![text(*l), money(inc(current[i]))],
            None => vec![Cell::Empty, Cell::Empty],
        };
        match class_rows.get(i) {
            Some((name, v)) => {
                cells.push(text(name.clone()));
                cells.extend(four(v));
            }
            None => cells.extend(std::iter::repeat_n(Cell::Empty, 5)),
        }
        t.rows.push(Row::new(RowKind::Detail, cells));
    }
    let mut carry_row = vec![
        text("二、上年结转"),
        money(carry_total),
        text("二、结转下年"),
    ];
    carry_row.extend(std::iter::repeat_n(Cell::Empty, 4));
    t.rows.push(Row::new(RowKind::Detail, carry_row));
    for (i, l) in labels.iter().enumerate() {
        let mut cells = vec![text(*l), money(inc(carry[i]))];
        cells.extend(std::iter::repeat_n(Cell::Empty, 5));
        t.rows.push(Row::new(RowKind::Detail, cells));
    }
    let mut last = vec![
        text("收入合计"),
        money(current_total + carry_total),
        text("支出合计"),
    ];
    last.extend(four(&classes.total));
    t.rows.push(Row::new(RowKind::Total, last));
    t
}

// ---- 表五 一般公共预算财政拨款支出预算表 -------------------------------------------------

fn t05_general_by_function(b: &Budget) -> Table {
    let y = b.department.year;
    let prior = format!("{}年预算数", y - 1);
    let cur = format!("{y}年预算数");
    let growth = format!("{y}年预算比{}年预算增幅%", y - 1);
    let mut t = shell(
        b,
        5,
        vec![
            vec!["功能分类科目", "", &prior, &cur, "", "", &growth],
            vec![
                "科目编码",
                "科目名称",
                "",
                "小计",
                "基本支出",
                "项目支出",
                "",
            ],
        ],
    );
    // [prior, subtotal, basic, project]
    let mut h = Hierarchy::<4>::new(FUNC);
    for l in b.lines.iter().filter(|l| is_general(l)) {
        let [a, basic, project] = by_nature(l);
        h.add(&l.func_code, [Money::ZERO, a, basic, project]);
    }
    for p in &b.prior_functions {
        h.add(
            &p.func_code,
            [p.amount, Money::ZERO, Money::ZERO, Money::ZERO],
        );
    }
    let h = h.finish();
    let cells = |v: &[Money; 4]| -> Vec<Cell> {
        let mut c: Vec<Cell> = v.iter().copied().map(money).collect();
        c.push(
            percent_change(v[0], v[1], 0)
                .map(Cell::Percent)
                .unwrap_or(Cell::Empty),
        );
        c
    };
    t.rows.push(total_row("合计", cells(&h.total)));
    t.rows.extend(h.rows(&b.catalog.function, cells));
    t
}

// ---- 表六–表九 经济分类 ------------------------------------------------------------------

fn t06_basic_dept_econ(b: &Budget) -> Table {
    let y = b.department.year;
    let basic = format!("{y}年基本支出");
    let mut t = shell(
        b,
        6,
        vec![
            vec!["经济分类科目", "", &basic, "", ""],
            vec!["科目编码", "科目名称", "总计", "人员经费", "日常公用经费"],
        ],
    );
    let mut h = Hierarchy::<3>::new(ECON);
    for l in b
        .lines
        .iter()
        .filter(|l| is_general(l) && l.nature == Nature::Basic)
    {
        let v = match b.cost_class(l) {
            CostClass::Personnel => [l.amount, l.amount, Money::ZERO],
            CostClass::Public => [l.amount, Money::ZERO, l.amount],
        };
        h.add(&l.dept_econ, v);
    }
    let h = h.finish();
    t.rows.push(total_row(
        "合计",
        h.total.iter().copied().map(money).collect(),
    ));
    t.rows.extend(h.rows(&b.catalog.dept_economic, |v| {
        v.iter().copied().map(money).collect()
    }));
    t
}

/// One-column economic tables: by department or government code, basic or project.
fn econ_single(b: &Budget, n: u8, nature: Nature, gov: bool) -> Table {
    let (group, col) = match (gov, nature) {
        (true, Nature::Basic) => ("政府预算经济科目", "基本支出"),
        (true, Nature::Project) => ("政府预算经济科目", "项目支出"),
        (false, _) => ("部门预算支出经济科目", "项目支出"),
    };
    let mut t = shell(
        b,
        n,
        vec![vec![group, "", col], vec!["科目编码", "科目名称", ""]],
    );
    let mut h = Hierarchy::<1>::new(ECON);
    let mut unmapped = Money::ZERO;
    for l in b
        .lines
        .iter()
        .filter(|l| is_general(l) && l.nature == nature)
    {
        let code = if gov {
            b.gov_code_ref(l)
        } else {
            Some(l.dept_econ.as_str())
        };
        match code {
            Some(c) => h.add(c, [l.amount]),
            None => unmapped += l.amount,
        }
    }
    let mut h = h.finish();
    h.total[0] += unmapped;
    let names = if gov {
        &b.catalog.gov_economic
    } else {
        &b.catalog.dept_economic
    };
    t.rows.push(total_row("合计", vec![money(h.total[0])]));
    t.rows.extend(h.rows(names, |v| vec![money(v[0])]));
    if !unmapped.is_zero() {
        t.rows.push(Row::new(
            RowKind::Level(0),
            vec![Cell::Empty, text("（未对应政府经济科目）"), money(unmapped)],
        ));
    }
    t
}

fn t07_basic_gov_econ(b: &Budget) -> Table {
    econ_single(b, 7, Nature::Basic, true)
}

fn t08_project_dept_econ(b: &Budget) -> Table {
    econ_single(b, 8, Nature::Project, false)
}

fn t09_project_gov_econ(b: &Budget) -> Table {
    econ_single(b, 9, Nature::Project, true)
}

// ---- 表十 “三公”经费 --------------------------------------------------------------------

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

fn t10_three_public(b: &Budget) -> Table {
    let y = b.department.year;
    let cur = format!("{y}年预算数");
    let prior = format!("{}年预算数", y - 1);
    let group = [
        "合计",
        "因公出国（境）费",
        "公务用车购置及运行费",
        "",
        "",
        "公务接待费",
    ];
    let sub = ["", "", "小计", "公务用车购置费", "公务用车运行费", ""];
    let mut h0 = vec![cur.as_str(), "", "", "", "", ""];
    h0.extend([prior.as_str(), "", "", "", "", ""]);
    let h1: Vec<&str> = group.iter().chain(group.iter()).copied().collect();
    let h2: Vec<&str> = sub.iter().chain(sub.iter()).copied().collect();
    let mut t = shell(b, 10, vec![h0, h1, h2]);
    let half = |v: [Money; 4]| -> Vec<Cell> {
        let [abroad, purchase, running, reception] = v;
        vec![
            money(abroad + purchase + running + reception),
            money(abroad),
            money(purchase + running),
            money(purchase),
            money(running),
            money(reception),
        ]
    };
    let mut cells = half(three_public_current(b));
    cells.extend(half(three_public_prior(b)));
    t.rows.push(Row::new(RowKind::Detail, cells));
    t
}

// ---- 表十一、十二 政府性基金 / 国有资本经营 -------------------------------------------------

fn t11_12_fund(b: &Budget, n: u8, kind: FiscalKind) -> Table {
    let group = if kind == FiscalKind::GovFund {
        "本年政府性基金预算财政拨款支出"
    } else {
        "国有资本经营预算财政拨款支出"
    };
    let mut t = shell(
        b,
        n,
        vec![
            vec!["科目编码", "科目名称", group, "", ""],
            vec!["", "", "总计", "基本支出", "项目支出"],
        ],
    );
    let any = nature_table(b, &mut t, |l| l.fund_source.fiscal_kind() == Some(kind));
    if !any {
        t.note = Some(if kind == FiscalKind::GovFund {
            "本部门无政府性基金收支，故此表无数据。".to_string()
        } else {
            "本部门无该项收支，故此表无数据。".to_string()
        });
    }
    t
}

// ---- 表十三 项目支出明细表 ----------------------------------------------------------------

fn t13_projects(b: &Budget) -> Table {
    let mut h0 = vec!["项目名称", "单位名称", "项目类别", "合计"];
    h0.extend(T2_COLUMNS.iter().map(|(l, _)| *l));
    let mut t = shell(b, 13, vec![h0]);
    let width = T2_COLUMNS.len() + 1;
    // (project id, unit id) → [total, per column]
    let mut sums: BTreeMap<(i64, i64), Vec<Money>> = BTreeMap::new();
    let mut total = vec![Money::ZERO; width];
    for l in b.lines.iter().filter(|l| l.nature == Nature::Project) {
        let Some(p) = l.project_id else { continue };
        let e = sums
            .entry((p, l.unit_id))
            .or_insert_with(|| vec![Money::ZERO; width]);
        e[0] += l.amount;
        total[0] += l.amount;
        if let Some(i) = T2_COLUMNS
            .iter()
            .position(|(_, s)| s.contains(&l.fund_source))
        {
            e[i + 1] += l.amount;
            total[i + 1] += l.amount;
        }
    }
    let mut tr = vec![text("合计"), Cell::Empty, Cell::Empty];
    tr.extend(total.iter().copied().map(money));
    t.rows.push(Row::new(RowKind::Total, tr));
    for p in &b.projects {
        let mut units: Vec<(&i64, &Vec<Money>)> = sums
            .range((p.id, i64::MIN)..=(p.id, i64::MAX))
            .map(|((_, u), v)| (u, v))
            .collect();
        let empty = vec![Money::ZERO; width];
        if units.is_empty() {
            units.push((&p.unit_id, &empty));
        }
        units.sort_by_key(|(u, _)| b.unit(**u).map(|u| u.code.clone()));
        for (u, v) in units {
            let mut c = vec![
                text(p.name.clone()),
                text(b.unit(*u).map(|u| u.name.clone()).unwrap_or_default()),
                text(p.kind.label()),
            ];
            c.extend(v.iter().copied().map(money));
            t.rows.push(Row::new(RowKind::Detail, c));
        }
    }
    if b.projects.is_empty() {
        t.note = Some("本部门无项目支出，故此表无数据。".to_string());
    }
    t
}

// ---- 表十四 政府采购预算明细表 -------------------------------------------------------------

fn t14_procurement(b: &Budget) -> Table {
    let mut t = shell(
        b,
        14,
        vec![vec![
            "部门代码",
            "部门名称",
            "单位代码",
            "单位名称",
            "采购项目名称",
            "合计",
            "货物类",
            "工程类",
            "服务类",
        ]],
    );
    let sum = |f: fn(&Procurement) -> Money| b.procurement.iter().map(f).sum::<Money>();
    let mut tr = vec![Cell::Empty; 5];
    tr.extend([
        money(sum(|p| p.total)),
        money(sum(|p| p.goods)),
        money(sum(|p| p.works)),
        money(sum(|p| p.services)),
    ]);
    t.rows.push(Row::new(RowKind::Total, tr));
    for p in &b.procurement {
        let unit = b.unit(p.unit_id);
        t.rows.push(Row::new(
            RowKind::Detail,
            vec![
                text(b.department.code.clone()),
                text(b.department.name.clone()),
                text(unit.map(|u| u.code.clone()).unwrap_or_default()),
                text(unit.map(|u| u.name.clone()).unwrap_or_default()),
                text(p.name.clone()),
                money(p.total),
                money(p.goods),
                money(p.works),
                money(p.services),
            ],
        ));
    }
    if b.procurement.is_empty() {
        t.note = Some("本部门无政府采购预算，故此表无数据。".to_string());
    }
    t
}

// ---- 表十五–十七 绩效目标 ------------------------------------------------------------------

const FORM_WIDTH: usize = 7;

fn form_row(kind: RowKind, cells: Vec<Cell>) -> Row {
    let mut cells = cells;
    cells.resize(FORM_WIDTH, Cell::Empty);
    Row::new(kind, cells)
}

fn indicator_rows(b: &Budget, project: Option<i64>, rows: &mut Vec<Row>) {
    let of: Vec<&Indicator> = b.indicators_of(project).collect();
    indicator_rows_of(&of, rows);
}

fn indicator_rows_of(indicators: &[&Indicator], rows: &mut Vec<Row>) {
    rows.push(form_row(
        RowKind::Heading,
        [
            "绩效指标",
            "指标名称",
            "指标权重",
            "计量单位",
            "指标性质",
            "指标值",
            "是否核心指标",
        ]
        .into_iter()
        .map(text)
        .collect(),
    ));
    for i in indicators {
        rows.push(form_row(
            RowKind::Detail,
            vec![
                Cell::Empty,
                text(i.name.clone()),
                Cell::Number(i.weight),
                text(i.unit.clone()),
                text(i.op.label()),
                text(i.value.clone()),
                text(if i.core { "是" } else { "否" }),
            ],
        ));
    }
}

fn t15_department_target(b: &Budget) -> Table {
    let mut t = shell(b, 15, vec![]);
    let total: Money = b.lines.iter().map(|l| l.amount).sum();
    t.rows.push(form_row(
        RowKind::Heading,
        vec![
            text("部门(单位)名称"),
            text(b.department.name.clone()),
            text("部门支出预算数"),
            money(total),
        ],
    ));
    t.rows.push(form_row(
        RowKind::Heading,
        vec![text("当年整体绩效目标"), text(b.department.goal.clone())],
    ));
    indicator_rows(b, None, &mut t.rows);
    t
}

fn project_form(b: &Budget, p: Option<&Project>, indicators: &[&Indicator], rows: &mut Vec<Row>) {
    let unit = p
        .and_then(|p| b.unit(p.unit_id))
        .map(|u| u.name.clone())
        .unwrap_or_default();
    // A unit's own name prints without the （本级） suffix on these forms.
    let unit = unit.trim_end_matches("（本级）").to_string();
    let s = |f: fn(&Project) -> String| p.map(f).unwrap_or_default();
    let m = |f: fn(&Project) -> Money| p.map(f).map(money).unwrap_or(Cell::Empty);
    rows.push(form_row(
        RowKind::Heading,
        vec![text(format!("编制单位：{unit}"))],
    ));
    rows.push(form_row(
        RowKind::Heading,
        vec![
            text("专项资金名称"),
            text(s(|p| p.name.clone())),
            Cell::Empty,
            text("业务主管部门"),
            text(s(|p| p.competent_dept.clone())),
        ],
    ));
    rows.push(form_row(
        RowKind::Heading,
        vec![
            text("当年预算"),
            m(|p| p.budget),
            Cell::Empty,
            text("区级支出（元）"),
            m(|p| p.district),
        ],
    ));
    rows.push(form_row(
        RowKind::Heading,
        vec![
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
            text("补助镇街（元）"),
            m(|p| p.township),
        ],
    ));
    rows.push(form_row(
        RowKind::Heading,
        vec![text("项目概况"), text(s(|p| p.overview.clone()))],
    ));
    rows.push(form_row(
        RowKind::Heading,
        vec![text("立项依据"), text(s(|p| p.basis.clone()))],
    ));
    rows.push(form_row(
        RowKind::Heading,
        vec![text("当年绩效目标"), text(s(|p| p.goal.clone()))],
    ));
    match p {
        Some(_) => indicator_rows_of(indicators, rows),
        None => indicator_rows_of(&[], rows),
    }
}

fn t16_17_project_targets(b: &Budget, n: u8, kind: ProjectKind) -> Table {
    let mut t = shell(b, n, vec![]);
    t.org_label = String::new();
    let projects: Vec<&Project> = b.projects.iter().filter(|p| p.kind == kind).collect();
    // Each project's indicators, found in one pass (not one pass per project).
    let mut by_project: crate::fxhash::FxHashMap<i64, Vec<&Indicator>> = Default::default();
    for i in &b.indicators {
        if let Some(p) = i.project_id {
            by_project.entry(p).or_default().push(i);
        }
    }
    if projects.is_empty() {
        project_form(b, None, &[], &mut t.rows);
        t.note = Some(match kind {
            ProjectKind::Key => "本部门无重点项目绩效。".to_string(),
            ProjectKind::General => "本部门无一般项目绩效。".to_string(),
        });
    }
    for p in projects {
        let of = by_project.get(&p.id).map(Vec::as_slice).unwrap_or(&[]);
        project_form(b, Some(p), of, &mut t.rows);
    }
    t
}
