//! 重庆's 情况说明 (`builtin = "chongqing"`): sections 一 to 七 in the seed's order and
//! wording, every figure and count derived from the budget, the officer's own texts
//! (职能职责, 单位构成, reasons, contact) in place. Each paragraph that uses a reason names
//! its key, so that an editor can offer the reason beside the sentence that needs it.

use super::{Narrative, Paragraph, Section};
use crate::engine::kinds::*;
use crate::engine::model::*;
use crate::engine::money::{Money, percent_change, share};
use crate::engine::tables::office_running_of;
use crate::engine::tables::{self, Item, Sums};
use std::collections::BTreeMap;

fn p(text: impl Into<String>) -> Paragraph {
    Paragraph {
        text: text.into(),
        reason_key: None,
    }
}

fn pr(text: impl Into<String>, key: String) -> Paragraph {
    Paragraph {
        text: text.into(),
        reason_key: Some(key),
    }
}

/// `3,433,000`, `96,502.4`: amounts in sentences drop trailing zeros.
fn m(x: Money) -> String {
    x.narrative()
}

/// A share as the seed prints it: one decimal, without a trailing `.0` (`占 100%`).
fn share_text(part: Money, whole: Money) -> String {
    share(part, whole, 1)
        .map(|d| {
            let s = d.to_string();
            s.strip_suffix(".0").map(str::to_string).unwrap_or(s)
        })
        .unwrap_or_else(|| "0".into())
}

/// `较 2024 年增加 370,158.22 元，增长 13.4%` / `与上年持平`; with or without the rate.
fn change(prior_year: i32, prior: Money, cur: Money, rate: bool) -> String {
    if prior == cur {
        return "与上年持平".into();
    }
    let diff = (cur - prior).abs();
    let (verb, trend) = if cur > prior {
        ("增加", "增长")
    } else {
        ("减少", "下降")
    };
    let mut s = format!("较{prior_year}年{verb}{}元", m(diff));
    if rate && let Some(r) = percent_change(prior, cur, 1) {
        s.push_str(&format!("，{trend}{}%", r.abs()));
    }
    s
}

fn reason<'a>(b: &'a Budget, key: &str) -> Option<&'a str> {
    b.reason(key).map(|r| r.trim().trim_end_matches('。'))
}

/// Label of an income source in sentences (`一般公共预算财政拨款收入`).
fn income_label(s: FundSource) -> String {
    let l = s.label();
    if l.ends_with("收入") || l.starts_with("上年结转") || l.starts_with("用事业基金") {
        l.to_string()
    } else {
        format!("{l}收入")
    }
}

/// The largest basic general-budget economic 款 of a cost class, by amount, as named in
/// “主要包括…等”.
fn main_items(b: &Budget, sums: &Sums, class: CostClass, n: usize) -> String {
    let mut by: BTreeMap<&str, Money> = BTreeMap::new();
    for g in sums
        .coarse
        .live()
        .filter(|g| g.nature() == Nature::Basic && general(g) && g.cost() == class)
    {
        *by.entry(&sums.econ[g.econ as usize]).or_default() += g.money();
    }
    let mut v: Vec<(&str, Money)> = by.into_iter().collect();
    v.sort_by(|a, c| c.1.cmp(&a.1).then(a.0.cmp(c.0)));
    v.iter()
        .take(n)
        .map(|(code, _)| {
            b.catalog
                .dept_economic
                .name(code)
                .unwrap_or(code)
                .to_string()
        })
        .collect::<Vec<_>>()
        .join("、")
}

/// What the 人员经费 of basic general-budget spending are for, from the economic 类 it
/// holds: 工资福利支出 (301) for the staff's pay and insurance, 对个人和家庭的补助 (303) for
/// retirees; none when it holds neither.
fn personnel_purpose(sums: &Sums) -> Option<String> {
    let holds = |class: &str| {
        sums.coarse.live().any(|g| {
            general(g)
                && g.nature() == Nature::Basic
                && g.cost() == CostClass::Personnel
                && !g.money().is_zero()
                && sums.econ[g.econ as usize].starts_with(class)
        })
    };
    let parts: Vec<&str> = [
        ("301", "保障在职人员工资福利及社会保险缴费"),
        ("303", "退休人员补助"),
    ]
    .into_iter()
    .filter(|(class, _)| holds(class))
    .map(|(_, what)| what)
    .collect();
    (!parts.is_empty()).then(|| parts.join("、"))
}

const NUMBERS: [&str; 10] = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

/// Whether a group's lines are of the general budget.
fn general(g: &Item) -> bool {
    g.fund().fiscal_kind() == Some(FiscalKind::General)
}

/// 重庆's narrative of a budget (its lines read through their sums).
pub fn narrative(b: &Budget, sums: &Sums) -> Narrative {
    let d = &b.department;
    let y = d.year;
    let py = y - 1;
    let total_income: Money = b.income.iter().map(|i| i.current).sum();
    let prior_income: Money = b.income.iter().map(|i| i.prior).sum();
    let spending: Money = sums.total();
    // Last year's general-budget spending, by function (the only prior spending stored).
    let prior_general_spending: Money = b.prior_functions.iter().map(|p| p.amount).sum();
    // Whether every fund, this year and last, is the general budget's: then total
    // spending and general spending are one figure and the seed's sentences apply as
    // they stand.
    let only_general = b.income.iter().all(|i| {
        (i.current.is_zero() && i.prior.is_zero())
            || i.source.fiscal_kind() == Some(FiscalKind::General)
    });
    // Last year's total spending, like with like: a budget balances, so it is last
    // year's total income; with the general budget alone, its spending by function.
    let prior_spending = if only_general {
        prior_general_spending
    } else {
        prior_income
    };
    let nature_sum = |n: Nature| -> Money { sums.sum(|g| general(g) && g.nature() == n) };
    let nature_prior = |n: Nature| -> Money {
        b.prior_functions
            .iter()
            .filter(|p| p.nature == n)
            .map(|p| p.amount)
            .sum()
    };
    let general_spending: Money = sums.sum(general);
    let general_income: Money = b
        .income
        .iter()
        .filter(|i| i.source.fiscal_kind() == Some(FiscalKind::General))
        .map(|i| i.current)
        .sum();
    let mut sections = Vec::new();

    // 一、单位基本情况
    sections.push(Section {
        heading: "一、单位基本情况".into(),
        paragraphs: vec![
            p("（一）职能职责"),
            p(d.duties.clone()),
            p("（二）单位构成"),
            p(d.composition.clone()),
        ],
    });

    // 二、部门预算总体情况
    let mut two = vec![p(format!(
        "按照综合预算的原则，{}所有收入和支出均纳入部门预算管理。",
        d.name
    ))];
    let sources: Vec<String> = b
        .income
        .iter()
        .filter(|i| !i.current.is_zero())
        .map(|i| {
            format!(
                "{}{}元占{}%",
                income_label(i.source),
                m(i.current),
                share_text(i.current, total_income)
            )
        })
        .collect();
    let mut s = format!(
        "（一）收入预算：{y}年年初预算总收入{}元，其中：{}。",
        m(total_income),
        sources.join("、")
    );
    if prior_income == total_income {
        s.push_str("收入与上年持平。");
    } else {
        let by_source: Vec<String> = b
            .income
            .iter()
            .filter(|i| i.current != i.prior)
            .map(|i| {
                let verb = if i.current > i.prior {
                    "增加"
                } else {
                    "减少"
                };
                format!(
                    "{}{verb}{}元",
                    income_label(i.source),
                    m((i.current - i.prior).abs())
                )
            })
            .collect();
        s.push_str(&format!(
            "收入{}，主要是{}。",
            change(py, prior_income, total_income, false),
            by_source.join("，")
        ));
    }
    two.push(p(s));
    // Spending by function 类, in code order (the 类 rows of 重庆's 表三, whatever the
    // layout prints).
    let mut classes: std::collections::BTreeMap<&str, Money> = Default::default();
    for g in sums.coarse.live() {
        let code = &sums.func[g.func as usize];
        *classes.entry(code.get(..3).unwrap_or(code)).or_default() += g.money();
    }
    let class_parts: Vec<String> = classes
        .into_iter()
        .map(|(code, amount)| {
            format!(
                "{}{}元占{}%",
                b.catalog.function.name(code).unwrap_or(code),
                m(amount),
                share_text(amount, spending)
            )
        })
        .collect();
    let mut s = format!(
        "（二）支出预算：{y}年年初预算总支出{}元，其中：{}。",
        m(spending),
        class_parts.join("、")
    );
    if prior_spending == spending {
        s.push_str("支出与上年持平。");
    } else {
        let mut parts = Vec::new();
        if only_general {
            for (n, label) in [
                (Nature::Basic, "基本支出预算"),
                (Nature::Project, "项目支出预算"),
            ] {
                let (pr_, cu) = (nature_prior(n), nature_sum(n));
                if pr_ != cu {
                    let verb = if cu > pr_ { "增加" } else { "减少" };
                    parts.push(format!("{label}{verb}{}元", m((cu - pr_).abs())));
                }
            }
        } else {
            // By fund source: each source's spending is its income (the budget
            // balances), last year's as this year's; by nature only the general budget's
            // is known for last year, which would not add up to the total.
            for i in b.income.iter().filter(|i| i.current != i.prior) {
                let verb = if i.current > i.prior {
                    "增加"
                } else {
                    "减少"
                };
                parts.push(format!(
                    "{}安排的支出{verb}{}元",
                    i.source.label(),
                    m((i.current - i.prior).abs())
                ));
            }
        }
        s.push_str(&format!(
            "支出{}，主要是{}。",
            change(py, prior_spending, spending, false),
            parts.join("，")
        ));
    }
    two.push(p(s));
    sections.push(Section {
        heading: "二、部门预算总体情况".into(),
        paragraphs: two,
    });

    // 三、部门预算情况说明
    let mut three = vec![p("（一）一般公共预算")];
    three.push(p(format!(
        "{y}年一般公共预算财政拨款收入{}元，一般公共预算财政拨款支出{}元，{}。",
        m(general_income),
        m(general_spending),
        change(py, prior_general_spending, general_spending, false)
    )));
    three.push(p("1.按支出属性说明"));
    for (i, n) in [Nature::Basic, Nature::Project].into_iter().enumerate() {
        let (cur, prior) = (nature_sum(n), nature_prior(n));
        let key = reason_key::nature(n);
        let mut s = format!(
            "（{}）{}{}元，占{}%，{}",
            i + 1,
            n.label(),
            m(cur),
            share_text(cur, general_spending),
            change(py, prior, cur, false)
        );
        if prior != cur
            && let Some(r) = reason(b, &key)
        {
            s.push_str(&format!("，主要原因是{r}"));
        }
        if n == Nature::Basic {
            let personnel: Money = sums.sum(|g| {
                general(g) && g.nature() == Nature::Basic && g.cost() == CostClass::Personnel
            });
            let public = cur - personnel;
            // What each class is for, named only as far as the budget holds it.
            let purpose = personnel_purpose(sums)
                .map(|p| {
                    format!(
                        "，主要用于{p}等，主要包括{}等",
                        main_items(b, sums, CostClass::Personnel, 8)
                    )
                })
                .unwrap_or_default();
            let public_purpose = if public.is_zero() {
                String::new()
            } else {
                format!(
                    "，主要用于保障部门正常运转的各项商品服务支出，主要包括{}等",
                    main_items(b, sums, CostClass::Public, 8)
                )
            };
            s.push_str(&format!(
                "，其中：人员经费{}元{purpose}；公用经费{}元{public_purpose}。",
                m(personnel),
                m(public),
            ));
        } else {
            s.push('。');
        }
        three.push(pr(s, key));
    }
    three.push(p("2.按支出功能科目说明"));
    let mut by_func: BTreeMap<&str, (Money, Money)> = BTreeMap::new();
    for g in sums.coarse.live().filter(|g| general(g)) {
        by_func.entry(&sums.func[g.func as usize]).or_default().1 += g.money();
    }
    // A 项 budgeted last year and not this year is listed too (预算数为0元, 减少…), so that
    // its reason, which the checks ask for, is published.
    for pf in &b.prior_functions {
        by_func.entry(&pf.func_code).or_default().0 += pf.amount;
    }
    let fc = &b.catalog.function;
    for (i, (code, (prior, cur))) in by_func.into_iter().enumerate() {
        let path = format!(
            "{}（类）{}（款）{}（项）",
            fc.name(&code[..3]).unwrap_or(&code[..3]),
            fc.name(&code[..5]).unwrap_or(&code[..5]),
            fc.name(code).unwrap_or(code)
        );
        let key = reason_key::function(code);
        let mut s = format!(
            "（{}）{path}{y}年预算数为{}元，{}。",
            i + 1,
            m(cur),
            change(py, prior, cur, true)
        );
        if prior != cur
            && let Some(r) = reason(b, &key)
        {
            s.push_str(&format!("主要原因是{r}。"));
        }
        three.push(pr(s, key));
    }
    for (n, kind, what) in [
        (
            "（二）政府性基金预算",
            FiscalKind::GovFund,
            "政府性基金预算",
        ),
        (
            "（三）国有资本经营预算",
            FiscalKind::StateCapital,
            "国有资本经营预算",
        ),
    ] {
        three.push(p(n));
        let amount: Money = sums.sum(|g| g.fund().fiscal_kind() == Some(kind));
        three.push(p(if amount.is_zero() {
            format!("{}{y}年无使用{what}拨款安排的支出。", d.name)
        } else {
            format!("{}{y}年{what}财政拨款支出{}元。", d.name, m(amount))
        }));
    }
    sections.push(Section {
        heading: "三、部门预算情况说明".into(),
        paragraphs: three,
    });

    // 四、“三公”经费情况说明
    let cur = tables::three_public_of(sums);
    let prior = tables::three_public_prior(b);
    let (ct, pt): (Money, Money) = (cur.iter().copied().sum(), prior.iter().copied().sum());
    let same = |pv: Money, cv: Money, key: &str| -> String {
        if pv == cv {
            "与上年持平".into()
        } else {
            let verb = if cv > pv { "增加" } else { "减少" };
            let mut s = format!("较上年{verb}{}元", m((cv - pv).abs()));
            if let Some(r) = reason(b, key) {
                s.push_str(&format!("，主要原因是{r}"));
            }
            s
        }
    };
    // The seed's order: 出国, 接待, 运行, 购置.
    let order = [
        (0, "因公出国（境）费用", PriorItem::Abroad),
        (3, "公务接待费", PriorItem::Reception),
        (2, "公务用车运行维护费", PriorItem::CarRunning),
        (1, "公务用车购置费", PriorItem::CarPurchase),
    ];
    let items: Vec<String> = order
        .iter()
        .map(|(i, label, item)| {
            format!(
                "{label}{}元，{}",
                m(cur[*i]),
                same(prior[*i], cur[*i], &reason_key::item(*item))
            )
        })
        .collect();
    let total_change = if ct == pt {
        "与上年持平".to_string()
    } else {
        let verb = if ct > pt { "增加" } else { "减少" };
        format!("较上年{verb}{}元", m((ct - pt).abs()))
    };
    sections.push(Section {
        heading: "四、“三公”经费情况说明".into(),
        paragraphs: vec![p(format!(
            "{y}年“三公”经费预算{}元，{total_change}。其中：{}。",
            m(ct),
            items.join("；")
        ))],
    });

    // 五、其他重要事项的情况说明
    let mut five = Vec::new();
    let office = office_running_of(sums);
    let office_prior = b.prior_item(PriorItem::OfficeRunning);
    let office_key = reason_key::item(PriorItem::OfficeRunning);
    let office_change = if office == office_prior {
        "与上年持平".to_string()
    } else {
        let verb = if office > office_prior {
            "增加"
        } else {
            "减少"
        };
        let mut s = format!("比去年{verb}{}元", m((office - office_prior).abs()));
        if let Some(r) = reason(b, &office_key) {
            s.push_str(&format!("，主要原因是{r}"));
        }
        s
    };
    let subordinate = b.units.len().saturating_sub(1);
    five.push(pr(
        format!(
            "（一）机关运行经费。{y}年{}及{subordinate}家下属单位的机关运行经费财政拨款预算{}元，{office_change}，主要用于{}等。",
            d.name,
            m(office),
            main_items(b, sums, CostClass::Public, 8)
        ),
        office_key,
    ));
    let sum = |f: &dyn Fn(&Procurement) -> Money, general_only: bool| -> Money {
        b.procurement
            .iter()
            .filter(|x| !general_only || x.fund_source.fiscal_kind() == Some(FiscalKind::General))
            .map(f)
            .sum()
    };
    let parts = |g: bool| {
        format!(
            "政府采购货物预算{}元、政府采购工程预算{}元、政府采购服务预算{}元",
            m(sum(&|x| x.goods, g)),
            m(sum(&|x| x.works, g)),
            m(sum(&|x| x.services, g))
        )
    };
    five.push(p(format!(
        "（二）政府采购情况。{}所属各预算单位政府采购预算总额{}元（{}）。其中一般公共预算财政拨款政府采购{}元（{}）。",
        d.name,
        m(sum(&|x| x.total, false)),
        parts(false),
        m(sum(&|x| x.total, true)),
        parts(true)
    )));
    let project_fiscal: Money =
        sums.sum(|g| g.nature() == Nature::Project && g.fund().fiscal_kind().is_some());
    let project_general: Money = sums.sum(|g| general(g) && g.nature() == Nature::Project);
    let with_lines = |pred: &dyn Fn(&Project) -> bool| -> Vec<&Project> {
        b.projects
            .iter()
            .filter(|p| pred(p) && sums.project(p.id).is_some())
            .collect()
    };
    let all = with_lines(&|_| true);
    let with_general: std::collections::HashSet<i64> = sums
        .fine
        .live()
        .filter(|g| general(g))
        .map(|g| g.project)
        .collect();
    let general_projects = b
        .projects
        .iter()
        .filter(|p| with_general.contains(&p.id))
        .count();
    let key = with_lines(&|p| p.kind == ProjectKind::Key);
    let ordinary = with_lines(&|p| p.kind == ProjectKind::General);
    let amount_of = |ps: &[&Project]| -> Money {
        Money::from_fen_wide(
            ps.iter()
                .filter_map(|p| sums.project(p.id))
                .map(|s| s.fen)
                .sum(),
        )
    };
    let mut s = format!(
        "（三）绩效目标设置情况。{y}年项目支出均实行了绩效目标管理，涉及项目{}个，涉及当年财政拨款{}元（其中当年一般公共预算财政拨款安排项目{general_projects}个，金额{}元）。纳入重点绩效评价的项目{}个",
        all.len(),
        m(project_fiscal),
        m(project_general),
        key.len()
    );
    if !key.is_empty() {
        s.push_str(&format!("，金额{}元", m(amount_of(&key))));
    }
    s.push_str(&format!(
        "。纳入一般绩效评价的项目{}个，金额{}元。",
        ordinary.len(),
        m(amount_of(&ordinary))
    ));
    five.push(p(s));
    // 领导干部用车 (含在职和离退休部级干部用车) takes the kinds other regions print apart.
    let asset = |c: AssetCategory| {
        let kinds: &[AssetCategory] = if c == AssetCategory::LeaderCar {
            &[
                AssetCategory::LeaderCar,
                AssetCategory::MinisterCar,
                AssetCategory::PrincipalCar,
                AssetCategory::RetiredCar,
            ]
        } else {
            std::slice::from_ref(&c)
        };
        let of = |f: fn(&Asset) -> u32| -> u32 {
            b.assets
                .iter()
                .filter(|a| kinds.contains(&a.category))
                .map(f)
                .sum()
        };
        Asset {
            category: c,
            owned: of(|a| a.owned),
            to_buy: of(|a| a.to_buy),
        }
    };
    let cars = [
        (
            AssetCategory::LeaderCar,
            "领导干部用车（含在职和离退休部级干部用车）",
            "领导干部用车",
        ),
        (
            AssetCategory::ConfidentialCar,
            "机要通信用车",
            "机要通信用车",
        ),
        (AssetCategory::EmergencyCar, "应急保障用车", "应急保障用车"),
        (
            AssetCategory::LawEnforcementCar,
            "执法执勤用车",
            "执法执勤用车",
        ),
        (
            AssetCategory::SpecialCar,
            "特种专业技术用车",
            "特种专业技术用车",
        ),
        (AssetCategory::OtherCar, "其他用车", "其他用车"),
    ];
    let owned: u32 = cars.iter().map(|(c, _, _)| asset(*c).owned).sum();
    let to_buy: u32 = cars.iter().map(|(c, _, _)| asset(*c).to_buy).sum();
    let owned_list: Vec<String> = cars
        .iter()
        .map(|(c, long, _)| format!("{long}{}辆", asset(*c).owned))
        .collect();
    let buy_list: Vec<String> = cars
        .iter()
        .map(|(c, _, short)| format!("{short}{}辆", asset(*c).to_buy))
        .collect();
    let eq = asset(AssetCategory::LargeEquipment);
    five.push(p(format!(
        "（四）国有资产占有使用情况。截至{py}年12月底，{}本级及所属各预算单位共有车辆{owned}辆，其中，{}。单位价值100万元（含）以上设备（不含车辆）{}台（套）。",
        d.name,
        owned_list.join("、"),
        eq.owned
    )));
    five.push(p(format!(
        "{y}年一般公共预算安排购置车辆{to_buy}辆，其中，{}。单位价值100万元（含）以上设备（不含车辆）{}台（套）。",
        buy_list.join("、"),
        eq.to_buy
    )));
    sections.push(Section {
        heading: "五、其他重要事项的情况说明".into(),
        paragraphs: five,
    });

    // 六、专业性名词解释
    sections.push(Section {
        heading: "六、专业性名词解释".into(),
        paragraphs: TERMS
            .iter()
            .enumerate()
            .map(|(i, t)| p(format!("（{}）{t}", NUMBERS[i])))
            .collect(),
    });
    // 七、预算公开联系方式及信息反馈
    sections.push(Section {
        heading: "七、预算公开联系方式及信息反馈".into(),
        paragraphs: vec![p(format!(
            "部门预算公开联系人：{} 联系电话：{}",
            d.contact_name, d.contact_phone
        ))],
    });
    Narrative {
        title: format!("{}{y}年部门预算情况说明", d.name),
        sections,
    }
}

/// 专业性名词解释, as published.
pub const TERMS: [&str; 5] = [
    "财政拨款收入：指本年度从本级财政部门取得的财政拨款，包括一般公共预算财政拨款、政府性基金预算财政拨款和国有资本经营预算财政拨款。",
    "其他收入：指单位取得的除“财政拨款收入”、“事业收入”、“经营收入”等以外的收入。",
    "基本支出：指为保障机构正常运转、完成日常工作任务而发生的人员经费和公用经费。",
    "项目支出：指在基本支出之外为完成特定行政任务和事业发展目标所发生的支出。",
    "“三公”经费：指用一般公共预算财政拨款安排的因公出国（境）费、公务用车购置及运行维护费、公务接待费。其中，因公出国（境）费反映单位公务出国（境）的国际旅费、国外城市间交通费、住宿费、伙食费、培训费、公杂费等支出；公务用车购置费反映单位公务用车购置支出（含车辆购置税）；公务用车运行维护费反映单位按规定保留的公务用车燃料费、维修费、过路过桥费、保险费、安全奖励费用等支出；公务接待费反映单位按规定开支的各类公务接待（含外宾接待）支出。",
];
