//! A narrative a layout declares (`[narrative]` with sections): each sentence pattern is
//! filled from the budget. Figures are in the narrative's unit; in 万元 each is rounded
//! half-up from its exact 元 total (never summed from rounded parts), with separators,
//! and zero prints `0`. The officer's texts (`{说明:…}`, a list's `{说明}`) are kept in
//! the budget's texts by key, like the reasons for changes.

use super::{Narrative, Paragraph, Section};
use crate::engine::kinds::*;
use crate::engine::layout::spec::narrative::{
    ChangeStyle, Each, FUNCTION_ITEM, Figure, NarrativeSpec, PROJECT_ITEM, ParagraphSpec, Slot,
};
use crate::engine::model::*;
use crate::engine::money::Money;
use crate::engine::tables::{Sums, three_public_of, three_public_prior};
use std::collections::BTreeMap;

/// The key under which the officer's text `{说明:KEY}` is kept.
fn says_key(key: &str) -> String {
    format!("说明:{key}")
}

/// The key of a list item's text: `主要用于:功能科目:2011301`.
fn item_key(explains: &str, code: &str) -> String {
    format!("{explains}:功能科目:{code}")
}

/// The key of a project's text in a repeated section: `项目:科技创新专项经费:实施方案`.
fn project_key(p: &Project, key: &str) -> String {
    format!("项目:{}:{key}", p.name)
}

struct Ctx<'a> {
    b: &'a Budget,
    /// The lines, summed: no figure walks the lines.
    sums: &'a Sums,
    wan: bool,
    /// Only the sentences that quote an officer's text (to find those still empty), and
    /// of a project's section only its lists and sentences printed when a figure is not
    /// zero ([`missing_project_texts`] has its other sentences).
    quoting_only: bool,
    /// What is left of the most a narrative may hold ([`MAX_BYTES`]), in bytes.
    room: std::cell::Cell<usize>,
}

/// The most text a narrative is made of: about two million characters, hundreds of pages.
/// A layout whose sentences would make more (one officer's long text quoted thousands of
/// times) stops there, saying so, instead of filling the memory.
pub const MAX_BYTES: usize = 6_000_000;

/// Where the narrative stops when it reaches [`MAX_BYTES`].
pub const CUT: &str =
    "（情况说明超过了 200 万字的上限，其后的内容未生成：请检查表样中重复引用长文字的句子）";

/// Whether a sentence pattern quotes an officer's text (`{说明:KEY}`, a list's `{说明}`).
fn quotes(pattern: &str) -> bool {
    pattern.contains("{说明")
}

/// What a list or a repeated section is about.
enum Item<'a> {
    Function {
        n: usize,
        code: &'a str,
        amount: Money,
        prior: Money,
        key: Option<String>,
    },
    Project(&'a Project),
}

/// Whether a fund source belongs to a group a figure names.
fn in_group(group: Option<&str>, s: FundSource) -> bool {
    let kind = s.fiscal_kind();
    match group {
        None => true,
        Some("财政拨款") => kind.is_some(),
        Some("一般公共预算") => kind == Some(FiscalKind::General),
        Some("政府性基金") => kind == Some(FiscalKind::GovFund),
        Some("国有资本经营") => kind == Some(FiscalKind::StateCapital),
        Some("事业收入") => s == FundSource::Business,
        Some("事业单位经营收入") => s == FundSource::Operating,
        Some("其他收入") => {
            kind.is_none() && s != FundSource::Business && s != FundSource::Operating
        }
        Some(label) => s.label() == label,
    }
}

fn sum(it: impl Iterator<Item = Money>) -> Money {
    Money::from_fen_wide(it.map(|m| m.fen() as i128).sum())
}

impl Ctx<'_> {
    fn money(&self, m: Money) -> String {
        if !self.wan {
            return m.narrative();
        }
        if m.is_zero() {
            return "0".into();
        }
        // Half-up from the exact 分 to 0.01 万元, as the 万元 tables round; the count of
        // 0.01 万元 prints as 分 do, with two places (Money's grouping keeps the sign).
        Money::from_fen(crate::engine::tables::wan::round_hundreds(m.fen())).grouped()
    }

    fn unit(&self) -> &'static str {
        if self.wan { "万元" } else { "元" }
    }

    /// A figure this year and last.
    fn figure(&self, f: &Figure) -> (Money, Money) {
        let b = self.b;
        match f {
            Figure::Income(g) => (
                sum(b
                    .income
                    .iter()
                    .filter(|i| in_group(g.as_deref(), i.source))
                    .map(|i| i.current)),
                sum(b
                    .income
                    .iter()
                    .filter(|i| in_group(g.as_deref(), i.source))
                    .map(|i| i.prior)),
            ),
            Figure::Spending(g) => {
                let g = g.as_deref();
                let current = self.sums.sum(|it| in_group(g, it.fund()));
                // Last year's general-budget spending is stored by function; other funds'
                // spending is their income (a budget balances by source).
                let general = g.is_none() || in_group(g, FundSource::General);
                let by_function = if general {
                    sum(b.prior_functions.iter().map(|p| p.amount))
                } else {
                    Money::ZERO
                };
                let others = sum(b
                    .income
                    .iter()
                    .filter(|i| {
                        in_group(g, i.source) && i.source.fiscal_kind() != Some(FiscalKind::General)
                    })
                    .map(|i| i.prior));
                (current, by_function + others)
            }
            Figure::ThreePublic(item) => {
                let (c, p) = (three_public_of(self.sums), three_public_prior(b));
                // [出国, 购置, 运行, 接待]
                let pick = |v: [Money; 4]| match item.as_deref() {
                    None => v[0] + v[1] + v[2] + v[3],
                    Some("因公出国（境）费") => v[0],
                    Some("公务用车购置及运行费") => v[1] + v[2],
                    Some("公务用车购置费") => v[1],
                    Some("公务用车运行费") => v[2],
                    _ => v[3],
                };
                (pick(c), pick(p))
            }
            Figure::OfficeRunning => (
                crate::engine::tables::office_running_of(self.sums),
                b.prior_item(PriorItem::OfficeRunning),
            ),
            Figure::Procurement(part) => (
                sum(b.procurement.iter().map(|x| match part.as_deref() {
                    None => x.total,
                    Some("货物") => x.goods,
                    Some("工程") => x.works,
                    Some("中小企业") => x.sme,
                    Some("小微企业") => x.small,
                    _ => x.services,
                })),
                Money::ZERO,
            ),
            Figure::TargetProjects => (
                Money::from_fen_wide(self.sums.fine.live().map(|g| g.fen).sum()),
                Money::ZERO,
            ),
        }
    }

    fn count(&self, what: &str, kind: Option<&str>) -> usize {
        let b = self.b;
        let asset = |when: &str, equipment: bool| -> usize {
            b.assets
                .iter()
                .filter(|a| (a.category == AssetCategory::LargeEquipment) == equipment)
                .filter(|a| kind.is_none_or(|k| a.category.label() == k))
                .map(|a| if when == "现有" { a.owned } else { a.to_buy } as usize)
                .sum()
        };
        match what {
            "单位数" => b
                .units
                .iter()
                .filter(|u| kind.is_none_or(|k| u.kind.label() == k))
                .count(),
            "下属单位数" => b.units.len().saturating_sub(1),
            "绩效项目数" => b
                .projects
                .iter()
                .filter(|p| self.sums.project(p.id).is_some())
                .count(),
            "车辆:现有" => asset("现有", false),
            "车辆:拟购置" => asset("拟购置", false),
            "设备:现有" => asset("现有", true),
            _ => asset("拟购置", true),
        }
    }

    /// The officer's text under a key, as written; where the pattern goes on with its own
    /// punctuation, without a full stop of its own at the end.
    fn text(&self, key: &str, punctuated: bool) -> String {
        let t = self.b.reason(key).map(str::trim).unwrap_or_default();
        if punctuated {
            t.trim_end_matches('。').to_string()
        } else {
            t.to_string()
        }
    }

    fn change(&self, f: &Figure, style: ChangeStyle) -> String {
        let (cur, prior) = self.figure(f);
        let py = self.b.department.year - 1;
        if cur == prior {
            return match style {
                ChangeStyle::Against => format!("与{py}年预算持平"),
                _ => "持平".into(),
            };
        }
        let verb = if cur > prior { "增加" } else { "减少" };
        let amount = format!("{}{}", self.money((cur - prior).abs()), self.unit());
        match style {
            ChangeStyle::Amount => format!("{verb}{amount}"),
            ChangeStyle::Against => format!("比{py}年预算{verb}{amount}"),
            ChangeStyle::Word => verb.into(),
        }
    }

    fn fill_item(&self, item: &Item, field: &str) -> String {
        let fc = &self.b.catalog.function;
        match item {
            Item::Function {
                n,
                code,
                amount,
                prior,
                key,
            } => {
                let name = |len: usize| {
                    let c = code.get(..len).unwrap_or(code);
                    fc.name(c).unwrap_or(c).to_string()
                };
                match field {
                    "序号" => n.to_string(),
                    "类" => name(3),
                    "款" => name(5),
                    "项" => name(7),
                    "编码" => code.to_string(),
                    "金额" => self.money(*amount),
                    "上年金额" => self.money(*prior),
                    _ => key
                        .as_deref()
                        .map(|k| self.text(k, true))
                        .unwrap_or_default(),
                }
            }
            Item::Project(p) => match field {
                "项目名称" => p.name.clone(),
                "项目概况" => p.overview.clone(),
                "立项依据" => p.basis.clone(),
                "当年绩效目标" => p.goal.clone(),
                "业务主管部门" => p.competent_dept.clone(),
                _ => self.money(
                    self.sums
                        .project(p.id)
                        .map_or(Money::ZERO, |s| Money::from_fen_wide(s.fen)),
                ),
            },
        }
    }

    /// The key an officer's text `{说明:KEY}` is kept under, where it stands.
    fn says(&self, key: &str, item: Option<&Item>) -> String {
        match item {
            Some(Item::Project(p)) => project_key(p, key),
            _ => says_key(key),
        }
    }

    /// A pattern filled in, with the key of the first officer's text it quotes.
    fn fill(&self, pattern: &str, item: Option<&Item>) -> (String, Option<String>) {
        let fields: Option<&[&'static str]> = match item {
            Some(Item::Function { .. }) => Some(&FUNCTION_ITEM),
            Some(Item::Project(_)) => Some(&PROJECT_ITEM),
            None => None,
        };
        let d = &self.b.department;
        let mut out = String::new();
        let mut key = None;
        if self.room.get() == 0 {
            return (out, key);
        }
        let mut rest = pattern;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let Some(close) = after.find('}') else {
                break;
            };
            // The layout was checked when it was loaded; a slot that does not read prints
            // as it stands.
            let text = &after[..close];
            let punctuated = after[close + 1..].starts_with(['。', '；', '，']);
            let filled = match crate::engine::layout::spec::narrative::slot(text, fields) {
                Ok(Slot::Text(t)) => match t {
                    "year" => d.year.to_string(),
                    "prior_year" => (d.year - 1).to_string(),
                    "department" => d.name.clone(),
                    "region" => d.region.clone(),
                    "职能职责" => d.duties.clone(),
                    "单位构成" => d.composition.clone(),
                    "联系人" => d.contact_name.clone(),
                    "联系电话" => d.contact_phone.clone(),
                    "本级" => self
                        .b
                        .units
                        .first()
                        .map(|u| {
                            if u.short_name.trim().is_empty() {
                                u.name.clone()
                            } else {
                                u.short_name.clone()
                            }
                        })
                        .unwrap_or_default(),
                    _ => d.goal.clone(),
                },
                Ok(Slot::Count(what, kind)) => self.count(&what, kind.as_deref()).to_string(),
                Ok(Slot::Money { figure, prior }) => {
                    let (c, p) = self.figure(&figure);
                    self.money(if prior { p } else { c })
                }
                Ok(Slot::Change { figure, style }) => self.change(&figure, style),
                Ok(Slot::Says(k)) => {
                    let k = self.says(&k, item);
                    let t = self.text(&k, punctuated);
                    key.get_or_insert(k);
                    t
                }
                Ok(Slot::Item(f)) => {
                    if f == "说明"
                        && let Some(Item::Function { key: Some(k), .. }) = item
                    {
                        key.get_or_insert(k.clone());
                    }
                    self.fill_item(item.expect("an item slot has its item"), f)
                }
                Err(_) => format!("{{{text}}}"),
            };
            if out.len() + filled.len() + rest.len() > self.room.get() {
                self.room.set(0);
                return (CUT.to_string(), key);
            }
            out.push_str(&filled);
            rest = &after[close + 1..];
        }
        out.push_str(rest);
        self.room.set(self.room.get().saturating_sub(out.len()));
        (out, key)
    }

    /// The function 项 a list names: spending from its funds by code, with last year's
    /// general-budget figure.
    fn functions<'b>(&'b self, fund: &[String], explains: Option<&str>) -> Vec<Item<'b>> {
        let mut by: BTreeMap<&str, i128> = BTreeMap::new();
        for it in self
            .sums
            .coarse
            .live()
            .filter(|it| fund.is_empty() || fund.iter().any(|g| in_group(Some(g), it.fund())))
        {
            *by.entry(&self.sums.func[it.func as usize]).or_default() += it.fen;
        }
        let by = by
            .into_iter()
            .map(|(code, fen)| (code, Money::from_fen_wide(fen)));
        by.into_iter()
            .enumerate()
            .map(|(i, (code, amount))| Item::Function {
                n: i + 1,
                code,
                amount,
                prior: sum(self
                    .b
                    .prior_functions
                    .iter()
                    .filter(|p| p.func_code == code)
                    .map(|p| p.amount)),
                key: explains.map(|e| item_key(e, code)),
            })
            .collect()
    }

    fn paragraphs(&self, spec: &[ParagraphSpec], item: Option<&Item>) -> Vec<Paragraph> {
        let mut out = Vec::new();
        for p in spec {
            match p {
                ParagraphSpec::Text(t)
                    if self.quoting_only
                        && (!quotes(t) || matches!(item, Some(Item::Project(_)))) => {}
                ParagraphSpec::List(l) if self.quoting_only && !quotes(&l.text) => {}
                ParagraphSpec::Text(t) => {
                    let (text, reason_key) = self.fill(t, item);
                    out.push(Paragraph { text, reason_key });
                }
                ParagraphSpec::List(l) => {
                    for it in self.functions(&l.fund, l.explains.as_deref()) {
                        let (text, reason_key) = self.fill(&l.text, Some(&it));
                        out.push(Paragraph { text, reason_key });
                    }
                }
                ParagraphSpec::When(w) => {
                    let nonzero = match crate::engine::layout::spec::narrative::slot(&w.when, None)
                    {
                        Ok(Slot::Money { figure, prior }) => {
                            let (c, p) = self.figure(&figure);
                            !(if prior { p } else { c }).is_zero()
                        }
                        _ => true,
                    };
                    let pattern = if nonzero {
                        Some(&w.text)
                    } else {
                        w.otherwise.as_ref()
                    };
                    if let Some(t) = pattern.filter(|t| !self.quoting_only || quotes(t)) {
                        let (text, reason_key) = self.fill(t, item);
                        out.push(Paragraph { text, reason_key });
                    }
                }
            }
        }
        out
    }
}

/// A budget's narrative as its layout declares it.
pub fn narrative(b: &Budget, sums: &Sums, spec: &NarrativeSpec) -> Narrative {
    build(b, sums, spec, false)
}

/// The narrative, or only its sentences that quote an officer's text (under no headings).
fn build(b: &Budget, sums: &Sums, spec: &NarrativeSpec, quoting_only: bool) -> Narrative {
    let cx = Ctx {
        b,
        sums,
        wan: spec.money.as_deref() == Some("万元"),
        quoting_only,
        room: std::cell::Cell::new(MAX_BYTES),
    };
    let heading = |pattern: &str, item: Option<&Item>| {
        if quoting_only {
            String::new()
        } else {
            cx.fill(pattern, item).0
        }
    };
    let mut sections = Vec::new();
    for s in &spec.sections {
        let s = s.get_ref();
        match s.each {
            Some(Each::Project) => {
                for p in b.projects.iter().filter(|p| !p.overview.trim().is_empty()) {
                    let item = Item::Project(p);
                    // “{项目名称}经费情况说明” of a project named …经费 says 经费 once.
                    sections.push(Section {
                        heading: heading(&s.heading, Some(&item)).replace("经费经费", "经费"),
                        paragraphs: cx.paragraphs(&s.paragraphs, Some(&item)),
                    });
                }
            }
            _ => sections.push(Section {
                heading: heading(&s.heading, None),
                paragraphs: cx.paragraphs(&s.paragraphs, None),
            }),
        }
    }
    let title = spec
        .title
        .as_deref()
        .unwrap_or("{department}{year}年部门预算");
    Narrative {
        title: heading(title, None),
        sections,
    }
}

/// Each officer's text the narrative quotes that is still empty, but those of projects'
/// sections' plain sentences ([`missing_project_texts`]): its key and the sentence that
/// needs it.
pub fn missing_texts(b: &Budget, sums: &Sums, spec: &NarrativeSpec) -> Vec<(String, String)> {
    build(b, sums, spec, true)
        .sections
        .into_iter()
        .flat_map(|s| s.paragraphs)
        .filter_map(|p| {
            let key = p.reason_key?;
            b.reason(&key).is_none().then_some((key, p.text))
        })
        .collect()
}

/// Each officer's text a project's section quotes in its plain sentences that is still
/// empty: the project's name and the text's name and key. It depends on the projects and
/// the texts only, never on the lines (a list or a sentence printed when a figure is not
/// zero is left to [`missing_texts`]).
pub fn missing_project_texts(b: &Budget, spec: &NarrativeSpec) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for s in &spec.sections {
        let s = s.get_ref();
        if s.each != Some(Each::Project) {
            continue;
        }
        let names: Vec<String> = s
            .paragraphs
            .iter()
            .filter_map(|p| match p {
                ParagraphSpec::Text(t) => Some(t),
                _ => None,
            })
            .flat_map(|t| quoted(t))
            .collect();
        for p in b.projects.iter().filter(|p| !p.overview.trim().is_empty()) {
            for name in &names {
                let key = project_key(p, name);
                if b.reason(&key).is_none() {
                    out.push((p.name.clone(), name.clone(), key));
                }
            }
        }
    }
    out
}

/// The names of the officer's texts a project's sentence pattern quotes (`{说明:NAME}`).
fn quoted(pattern: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            break;
        };
        if let Ok(Slot::Says(k)) =
            crate::engine::layout::spec::narrative::slot(&after[..close], Some(&PROJECT_ITEM))
        {
            out.push(k);
        }
        rest = &after[close + 1..];
    }
    out
}
