//! The 情况说明 a layout declares (`[narrative]`): its sections in order, each a heading
//! and paragraphs; a paragraph is a sentence pattern whose `{…}` slots the program fills
//! from the budget (figures in the narrative's money unit, counts, the officer's texts),
//! or a list with one sentence per function 项; a section may repeat for each project.
//! `builtin = "chongqing"` keeps the 重庆 情况说明, which is built by code. Like the rest of
//! the layout format this file depends on nothing else of the crate (`build.rs` checks the
//! built-in layouts with it); `docs/layouts.md` documents every slot.

use serde::Deserialize;
use toml::Spanned;

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NarrativeSpec {
    /// A narrative built by the program: `chongqing` (重庆's 情况说明, in 元).
    #[serde(default)]
    pub builtin: Option<String>,
    /// The title: `{year}年{department}部门预算`.
    #[serde(default)]
    pub title: Option<String>,
    /// The unit of every figure: `万元` (two places, rounded half-up from the exact 元,
    /// with separators; zero prints `0`) or `元` (trailing zeros dropped).
    #[serde(default)]
    pub money: Option<String>,
    #[serde(default, rename = "section")]
    pub sections: Vec<Spanned<SectionSpec>>,
}

/// A section: its heading and paragraphs; with `each = "项目"` one section per project
/// that has a 项目概况, in the projects' order.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionSpec {
    pub heading: String,
    #[serde(default)]
    pub each: Option<Each>,
    #[serde(default)]
    pub paragraphs: Vec<ParagraphSpec>,
}

/// A sentence pattern, a list, or a sentence printed only when a figure is not zero.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum ParagraphSpec {
    Text(String),
    List(ListSpec),
    When(WhenSpec),
}

/// `{ when = "政府采购:中小企业", text = "…", otherwise = "…" }`: `text` when the figure
/// (a money slot without braces) is not zero, else `otherwise` (or nothing).
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WhenSpec {
    pub when: String,
    pub text: String,
    #[serde(default)]
    pub otherwise: Option<String>,
}

/// One sentence per function 项 with spending from the funds named (any fund when none),
/// in code order; `{说明}` in it is the officer's text for that 项, kept under
/// `explains` (`主要用于`).
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListSpec {
    pub each: Each,
    #[serde(default)]
    pub fund: Vec<String>,
    pub text: String,
    #[serde(default)]
    pub explains: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
pub enum Each {
    /// Each function 项.
    #[serde(rename = "功能科目")]
    Function,
    /// Each project with a 项目概况.
    #[serde(rename = "项目")]
    Project,
}

/// The built-in narratives.
pub const BUILTIN: [&str; 1] = ["chongqing"];

/// Fund groups a figure may name (besides a fund source by its own name).
pub const FUNDS: [&str; 7] = [
    "财政拨款",
    "一般公共预算",
    "政府性基金",
    "国有资本经营",
    "事业收入",
    "事业单位经营收入",
    "其他收入",
];

/// 三公 items a figure may name.
pub const THREE_PUBLIC: [&str; 5] = [
    "因公出国（境）费",
    "公务用车购置及运行费",
    "公务用车购置费",
    "公务用车运行费",
    "公务接待费",
];

/// Vehicle kinds a count may name (国有资产占有使用情况).
pub const VEHICLES: [&str; 9] = [
    "部级领导干部用车",
    "主要领导干部用车",
    "领导干部用车",
    "机要通信用车",
    "应急保障用车",
    "执法执勤用车",
    "特种专业技术用车",
    "离退休干部用车",
    "其他用车",
];

/// What a slot `{…}` is filled with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Slot {
    /// year, prior_year, department, region, and the department's texts.
    Text(&'static str),
    /// A count: 单位数[:行政|参公|事业], 下属单位数, 绩效项目数, 车辆:现有[:kind],
    /// 车辆:拟购置[:kind], 设备:现有, 设备:拟购置.
    Count(String, Option<String>),
    /// A figure this year, or last year (`上年…`).
    Money { figure: Figure, prior: bool },
    /// A figure against last year: `增减` (增加12.00万元 | 减少… | 持平), `同比`
    /// (比2024年预算增加… | 与2024年预算持平), `变化` (增加 | 减少 | 持平).
    Change { figure: Figure, style: ChangeStyle },
    /// The officer's text kept under this key (`说明:三公:公务接待费`).
    Says(String),
    /// A field of the item a list or a repeated section is about.
    Item(&'static str),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Figure {
    /// 收入合计, 收入:G.
    Income(Option<String>),
    /// 支出合计, 支出:G.
    Spending(Option<String>),
    /// 三公合计, 三公:I.
    ThreePublic(Option<String>),
    /// 机关运行经费.
    OfficeRunning,
    /// 政府采购合计, 政府采购:货物|工程|服务.
    Procurement(Option<String>),
    /// 绩效项目金额: the spending of projects with lines.
    TargetProjects,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChangeStyle {
    Amount,
    Against,
    Word,
}

const TEXTS: [&str; 10] = [
    "本级",
    "year",
    "prior_year",
    "department",
    "region",
    "职能职责",
    "单位构成",
    "联系人",
    "联系电话",
    "整体绩效目标",
];

/// The fields of a function 项 in a list.
pub const FUNCTION_ITEM: [&str; 8] = ["序号", "类", "款", "项", "编码", "金额", "上年金额", "说明"];
/// The fields of a project in a repeated section.
pub const PROJECT_ITEM: [&str; 6] = [
    "项目名称",
    "项目概况",
    "立项依据",
    "当年绩效目标",
    "业务主管部门",
    "项目金额",
];

fn figure(name: &str, arg: Option<&str>) -> Result<Option<Figure>, String> {
    let one_of = |list: &[&str], what: &str| -> Result<Option<String>, String> {
        match arg {
            None => Ok(None),
            Some(a) if list.contains(&a) => Ok(Some(a.to_string())),
            Some(a) => Err(format!("“{a}”不是{what}（应为：{}）", list.join("、"))),
        }
    };
    let bare = |f: Figure| -> Result<Figure, String> {
        match arg {
            None => Ok(f),
            Some(a) => Err(format!("“{name}”后不能再写“:{a}”")),
        }
    };
    Ok(Some(match name {
        "收入合计" => bare(Figure::Income(None))?,
        "支出合计" => bare(Figure::Spending(None))?,
        "三公合计" => bare(Figure::ThreePublic(None))?,
        "政府采购合计" => bare(Figure::Procurement(None))?,
        "收入" => {
            require(arg, "资金")?;
            Figure::Income(one_of(&FUNDS, "资金")?)
        }
        "支出" => {
            require(arg, "资金")?;
            Figure::Spending(one_of(&FUNDS, "资金")?)
        }
        "三公" => {
            require(arg, "“三公”经费项目")?;
            Figure::ThreePublic(one_of(&THREE_PUBLIC, "“三公”经费项目")?)
        }
        "政府采购" => {
            require(arg, "采购类别")?;
            Figure::Procurement(one_of(
                &["货物", "工程", "服务", "中小企业", "小微企业"],
                "采购类别",
            )?)
        }
        "机关运行经费" => bare(Figure::OfficeRunning)?,
        "绩效项目金额" => bare(Figure::TargetProjects)?,
        _ => return Ok(None),
    }))
}

fn require<'a>(arg: Option<&'a str>, what: &str) -> Result<&'a str, String> {
    arg.ok_or_else(|| format!("需写明{what}，如“{{收入:财政拨款}}”"))
}

/// Reads a slot (the text between `{` and `}`) in its place: `item` names the fields of
/// the list or repeated section it stands in, if any.
pub fn slot(text: &str, item: Option<&[&'static str]>) -> Result<Slot, String> {
    if text.contains('{') {
        return Err(format!("“{{{text}}}”中的“{{”没有对应的“}}”"));
    }
    if text.contains('：') {
        return Err(format!("“{{{text}}}”中用了全角冒号“：”，应为半角冒号“:”"));
    }
    let mut parts = text.splitn(2, ':');
    let name = parts.next().unwrap_or("");
    let arg = parts.next();
    if let Some(t) = TEXTS.iter().find(|t| **t == name)
        && arg.is_none()
    {
        return Ok(Slot::Text(t));
    }
    if let Some(fields) = item
        && let Some(f) = fields.iter().find(|f| **f == name)
        && arg.is_none()
    {
        return Ok(Slot::Item(f));
    }
    if name == "说明" {
        return match arg {
            Some(k) if !k.trim().is_empty() => Ok(Slot::Says(k.to_string())),
            _ => Err("“{说明:…}”需写明说明的名称，如“{说明:财政拨款收支变动原因}”".into()),
        };
    }
    let counted = |list: &[&str], arg: Option<&str>| -> Result<Option<String>, String> {
        match arg {
            None => Ok(None),
            Some(a) if list.contains(&a) => Ok(Some(a.to_string())),
            Some(a) => Err(format!(
                "“{a}”不在可选的类别中（应为：{}）",
                list.join("、")
            )),
        }
    };
    match name {
        "单位数" => {
            return Ok(Slot::Count(
                name.into(),
                counted(&["行政", "参公", "事业"], arg)?,
            ));
        }
        "下属单位数" | "绩效项目数" if arg.is_none() => {
            return Ok(Slot::Count(name.into(), None));
        }
        "车辆" | "设备" => {
            let mut a = arg.unwrap_or("").splitn(2, ':');
            let when = a.next().unwrap_or("");
            if when != "现有" && when != "拟购置" {
                return Err(format!(
                    "“{{{name}:…}}”应为“{{{name}:现有}}”或“{{{name}:拟购置}}”"
                ));
            }
            let kind = a.next();
            if name == "设备" && kind.is_some() {
                return Err("“{设备:…}”不分类别".into());
            }
            return Ok(Slot::Count(
                format!("{name}:{when}"),
                counted(&VEHICLES, kind)?,
            ));
        }
        _ => {}
    }
    let (prior, base) = match name.strip_prefix("上年") {
        Some(rest) => (true, rest),
        None => (false, name),
    };
    if let Some(f) = figure(base, arg)? {
        if prior && matches!(f, Figure::Procurement(_) | Figure::TargetProjects) {
            return Err(format!("“{{{text}}}”没有上年数"));
        }
        return Ok(Slot::Money { figure: f, prior });
    }
    if let Some(style) = match name {
        "增减" => Some(ChangeStyle::Amount),
        "同比" => Some(ChangeStyle::Against),
        "变化" => Some(ChangeStyle::Word),
        _ => None,
    } {
        let inner = arg
            .ok_or_else(|| format!("“{{{name}:…}}”需写明比较的数，如“{{{name}:收入:财政拨款}}”"))?;
        let mut p = inner.splitn(2, ':');
        let (fname, farg) = (p.next().unwrap_or(""), p.next());
        return match figure(fname, farg)? {
            Some(f) if !matches!(f, Figure::Procurement(_) | Figure::TargetProjects) => {
                Ok(Slot::Change { figure: f, style })
            }
            _ => Err(format!("“{{{text}}}”中的“{inner}”不是有上年数的数")),
        };
    }
    if item.is_none() && PROJECT_ITEM.contains(&name) {
        return Err(format!(
            "“{{{text}}}”只能用在按项目重复的节中（each = \"项目\"）"
        ));
    }
    if item.is_none() && FUNCTION_ITEM.contains(&name) {
        return Err(format!(
            "“{{{text}}}”只能用在按功能科目列出的段落中（each = \"功能科目\"）"
        ));
    }
    Err(format!("不认识“{{{text}}}”"))
}

/// Every slot of a pattern, or the first fault: `{` without `}`, or a slot it cannot read.
pub fn slots(text: &str, item: Option<&[&'static str]>) -> Result<Vec<Slot>, String> {
    if text.contains(['｛', '｝']) {
        return Err(format!("“{text}”中用了全角括号“｛｝”，应为半角“{{}}”"));
    }
    let mut out = Vec::new();
    let mut rest = text;
    loop {
        let Some(open) = rest.find('{') else {
            if rest.contains('}') {
                return Err(format!("“{text}”中的“}}”前面没有对应的“{{”"));
            }
            break;
        };
        if rest[..open].contains('}') {
            return Err(format!("“{text}”中的“}}”前面没有对应的“{{”"));
        }
        let after = &rest[open + 1..];
        let close = after
            .find('}')
            .ok_or_else(|| format!("“{text}”中的“{{”没有对应的“}}”"))?;
        if after[..close].contains('{') {
            return Err(format!("“{text}”中的“{{”没有对应的“}}”"));
        }
        out.push(slot(&after[..close], item)?);
        rest = &after[close + 1..];
    }
    Ok(out)
}

/// The faults of a declared narrative: (byte offset in `source`, key, message). A fault
/// in a pattern points at the line that holds the pattern.
pub fn faults(n: &Spanned<NarrativeSpec>, source: &str) -> Vec<(usize, &'static str, String)> {
    let mut out = faults_in(n);
    for (at, _, _, pattern) in &mut out {
        if let Some(p) = pattern {
            let needle: String = p.chars().take(12).collect();
            if let Some(i) = source.get(*at..).and_then(|s| s.find(&needle)) {
                *at += i;
            }
        }
    }
    out.into_iter()
        .map(|(at, key, m, _)| (at, key, m))
        .collect()
}

type Found = (usize, &'static str, String, Option<String>);

fn faults_in(n: &Spanned<NarrativeSpec>) -> Vec<Found> {
    let at = n.span().start;
    let spec = n.get_ref();
    let mut out = Vec::new();
    if let Some(b) = &spec.builtin {
        if !BUILTIN.contains(&b.as_str()) {
            out.push((
                at,
                "builtin",
                format!(
                    "没有名为“{b}”的内置情况说明（应为：{}）",
                    BUILTIN.join("、")
                ),
                None,
            ));
        }
        if !spec.sections.is_empty() {
            out.push((
                at,
                "section",
                "内置情况说明不能再声明 [[narrative.section]]".into(),
                None,
            ));
        }
        return out;
    }
    if spec.sections.is_empty() {
        out.push((
            at,
            "section",
            "情况说明没有任何 [[narrative.section]]（或写 builtin = \"chongqing\"）".into(),
            None,
        ));
    }
    if let Some(m) = &spec.money
        && m != "元"
        && m != "万元"
    {
        out.push((
            at,
            "money",
            format!("“{m}”不是金额单位（应为：元、万元）"),
            None,
        ));
    }
    if let Some(t) = &spec.title
        && let Err(e) = slots(t, None)
    {
        out.push((at, "title", e, Some(t.clone())));
    }
    for s in &spec.sections {
        let at = s.span().start;
        let s = s.get_ref();
        let item: Option<&[&'static str]> = match s.each {
            Some(Each::Project) => Some(&PROJECT_ITEM),
            Some(Each::Function) => {
                out.push((
                    at,
                    "each",
                    "一节只能按项目重复（each = \"项目\"）；按功能科目列出请用段落中的 each".into(),
                    None,
                ));
                None
            }
            None => None,
        };
        if let Err(e) = slots(&s.heading, item) {
            out.push((at, "heading", e, Some(s.heading.clone())));
        }
        for p in &s.paragraphs {
            let (text, item, key) = match p {
                ParagraphSpec::Text(t) => (t.as_str(), item, "paragraphs"),
                ParagraphSpec::List(l) => {
                    if l.each != Each::Function {
                        out.push((
                            at,
                            "each",
                            "段落中只能按功能科目列出（each = \"功能科目\"）".into(),
                            None,
                        ));
                    }
                    for f in &l.fund {
                        if !FUNDS.contains(&f.as_str()) {
                            out.push((
                                at,
                                "fund",
                                format!("“{f}”不是资金（应为：{}）", FUNDS.join("、")),
                                None,
                            ));
                        }
                    }
                    (l.text.as_str(), Some(&FUNCTION_ITEM[..]), "text")
                }
                ParagraphSpec::When(w) => {
                    if !matches!(slot(&w.when, None), Ok(Slot::Money { .. })) {
                        out.push((
                            at,
                            "when",
                            format!(
                                "“{}”不是一个金额（如“政府采购合计”“收入:事业收入”）",
                                w.when
                            ),
                            None,
                        ));
                    }
                    if let Some(o) = &w.otherwise
                        && let Err(e) = slots(o, item)
                    {
                        out.push((at, "otherwise", e, Some(o.clone())));
                    }
                    (w.text.as_str(), item, "text")
                }
            };
            if let Err(e) = slots(text, item) {
                out.push((at, key, e, Some(text.to_string())));
            }
        }
    }
    // A narrative of a few pages has some hundreds of slots; tens of thousands would make
    // a text of gigabytes from one officer's text.
    let count = |t: &str| t.matches('{').count();
    let mut slots_in_all = spec.title.as_deref().map_or(0, count);
    for s in &spec.sections {
        let s = s.get_ref();
        slots_in_all += count(&s.heading);
        for p in &s.paragraphs {
            slots_in_all += match p {
                ParagraphSpec::Text(t) => count(t),
                ParagraphSpec::List(l) => count(&l.text),
                ParagraphSpec::When(w) => count(&w.text) + w.otherwise.as_deref().map_or(0, count),
            };
        }
    }
    if slots_in_all > MAX_SLOTS {
        out.push((
            at,
            "section",
            format!("情况说明共有 {slots_in_all} 处 {{…}}，超过上限 {MAX_SLOTS} 处"),
            None,
        ));
    }
    out
}

/// The most `{…}` slots a layout's narrative may have in all.
pub const MAX_SLOTS: usize = 2_000;
