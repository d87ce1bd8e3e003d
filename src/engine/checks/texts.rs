//! Checks on the texts a budget holds: characters a reader cannot see, what a template
//! left behind, the texts a published budget cannot do without, and the 单位构成 against
//! the units the data holds.

use super::{Finding, err, warn};
use crate::engine::kinds::*;
use crate::engine::model::*;
use crate::engine::records::place::{Place, Sheet, Target};
use crate::engine::records::{FieldType, Kind, Value};
use crate::engine::tables::Sums;

/// A text field of a record where a check found something: where it is, how the record
/// is named, the field's label.
struct Located {
    place: Place,
    what: String,
    label: &'static str,
}

/// Which records a text check reads: every record but the lines, or one line (the
/// lines' findings are kept line by line, so that an edit re-reads only its lines).
#[derive(Clone, Copy)]
pub enum Scope<'a> {
    Others,
    Line(&'a Line),
    /// The roster and the standards (their own check, so that a roster edit does not
    /// read every other text again).
    Staff,
}

/// Every free-text field of every record kind the officer writes in `scope`, from the
/// kinds' declarations: `find` looks at each text (and whether it may hold several
/// lines), and for what it finds `found` gets the place. Only a finding costs the naming
/// of its record, so that a budget of 20,000 lines is walked in well under a millisecond.
fn each_text<D>(
    b: &Budget,
    scope: Scope,
    find: impl Fn(&str, bool) -> Option<D>,
    mut found: impl FnMut(Located, D),
) {
    fn of<R: Kind, D>(
        find: &impl Fn(&str, bool) -> Option<D>,
        found: &mut impl FnMut(Located, D),
        records: &[R],
        sheet: Sheet,
        record: impl Fn(&R) -> (Option<Target>, String),
    ) {
        let texts = || {
            R::fields()
                .iter()
                .filter(|f| matches!(f.ty, FieldType::Text | FieldType::LongText))
        };
        for r in records {
            for f in texts() {
                let Value::Text(text) = (f.get)(r) else {
                    continue;
                };
                if text.is_empty() {
                    continue;
                }
                if let Some(d) = find(&text, matches!(f.ty, FieldType::LongText)) {
                    let (key, what) = record(r);
                    found(
                        Located {
                            place: Place::new(sheet, key, Some(f.label)),
                            // A name is quoted as every output prints it.
                            what: crate::engine::records::visible(what),
                            label: f.label,
                        },
                        d,
                    );
                }
            }
        }
    }
    let (find, found) = (&find, &mut found);
    if let Scope::Line(l) = scope {
        of(find, found, std::slice::from_ref(l), Sheet::Lines, |l| {
            (Some(Target::Id(l.id)), format!("支出明细 #{}", l.id))
        });
        return;
    }
    if let Scope::Staff = scope {
        of(find, found, &b.rules, Sheet::Standards, |r| {
            (Some(Target::Id(r.id)), format!("测算规则“{}”", r.name))
        });
        of(find, found, &b.persons, Sheet::Staff, |p| {
            (Some(Target::Id(p.id)), format!("人员 #{}", p.id))
        });
        return;
    }
    of(
        find,
        found,
        std::slice::from_ref(&b.department),
        Sheet::Department,
        |_| (None, "单位信息".into()),
    );
    of(find, found, &b.units, Sheet::Department, |u| {
        (Some(Target::Id(u.id)), format!("单位 {}", u.code))
    });
    of(find, found, &b.projects, Sheet::Projects, |p| {
        (Some(Target::Id(p.id)), format!("项目“{}”", p.name))
    });
    of(find, found, &b.indicators, Sheet::Projects, |i| {
        (Some(Target::Id(i.id)), format!("绩效指标“{}”", i.name))
    });
    of(find, found, &b.procurement, Sheet::Procurement, |x| {
        (Some(Target::Id(x.id)), format!("政府采购“{}”", x.name))
    });
    for (key, text) in &b.reasons {
        if let Some(d) = find(text, true) {
            found(
                Located {
                    place: Place::new(Sheet::Reasons, Some(Target::Key(key.clone())), Some("原因")),
                    what: crate::engine::records::visible(format!("变动原因“{key}”")),
                    label: "原因",
                },
                d,
            );
        }
    }
}

/// Characters a reader cannot see in any text the budget holds: control characters (a
/// NUL, a line break pasted into a name) and the marks that reorder text (a right-to-left
/// override shows `txt.exe` for `exe.txt`). A reviewer could be shown a name that reads
/// differently from what it holds, so each is reported naming the record, the field and
/// the character (they cannot be typed in: the store refuses them; this finds them in a
/// file another program wrote).
pub(super) fn hidden_characters(b: &Budget, scope: Scope) -> Vec<Finding> {
    let mut out = Vec::new();
    each_text(b, scope, crate::engine::records::hidden_char, |t, c| {
        out.push(warn(
                "hidden-characters",
                t.place,
                format!(
                    "{}：“{}”中有看不见的字符（U+{:04X}），显示出来与实际内容可能不同，请删去后重新输入",
                    t.what, t.label, c as u32
                ),
            ))
    });
    out
}

/// [`hidden_characters`] in the roster's and the standards' texts.
pub(super) fn staff_hidden_characters(b: &Budget) -> Vec<Finding> {
    hidden_characters(b, Scope::Staff)
}

/// What templates leave in a text for the officer to replace: the published-budget
/// checkers treat any of them as fatal.
#[rustfmt::skip]
const LEFTOVERS: &[&str] = &[
    "XX", "xx", "××", "ＸＸ", "某某", "待填写", "请填写", "待补充", "请补充", "请输入", "TODO",
    "TBD", "N/A", "{单位}", "{部门}", "（略）", "(略)", "（待）", "(待)", "……", "...", "。。。",
    "···", "＿＿", "__", "○○", "此处填写", "此处输入",
];

/// The first template leftover in a text: a marker of [`LEFTOVERS`], or a hint in
/// brackets that trails off (`（绩效目标管理工作情况，以及…）`).
pub fn leftover(text: &str) -> Option<String> {
    // One pass: a marker is looked for only where a character it begins with stands.
    let mut bracket = false;
    for (i, c) in text.char_indices() {
        bracket |= c == '（';
        // The characters the markers begin with.
        if !matches!(
            c,
            'X' | 'x'
                | '＿'
                | '_'
                | '○'
                | '此'
                | '×'
                | 'Ｘ'
                | '某'
                | '待'
                | '请'
                | 'T'
                | 'N'
                | '{'
                | '（'
                | '('
                | '…'
                | '.'
                | '。'
                | '·'
        ) {
            continue;
        }
        if let Some(m) = LEFTOVERS
            .iter()
            .find(|m| m.starts_with(c) && text[i..].starts_with(**m))
        {
            return Some(m.to_string());
        }
    }
    if !bracket {
        return None;
    }
    let mut rest = text;
    while let Some(open) = rest.find('（') {
        let inner = &rest[open + '（'.len_utf8()..];
        let Some(close) = inner.find('）') else {
            break;
        };
        let hint = &inner[..close];
        if hint.contains('…') || hint.contains("...") {
            return Some(format!("（{hint}）"));
        }
        rest = &inner[close..];
    }
    None
}

/// Template text left in any of the officer's texts (职能职责, 单位构成, contact, targets,
/// reasons, projects, indicators, procurement): it would be published as it stands.
pub(super) fn placeholders(b: &Budget, scope: Scope) -> Vec<Finding> {
    let mut out = Vec::new();
    each_text(
        b,
        scope,
        |text, _| leftover(text),
        |t, m| {
            out.push(err(
                "placeholders",
                t.place,
                format!(
                    "{}：“{}”中还有模板的占位文字“{m}”，会照样公开，请改为实际内容",
                    t.what, t.label
                ),
            ))
        },
    );
    out
}

/// The texts a published budget prints and cannot leave empty: the department's 职能职责,
/// 单位构成 and contact, and its 整体绩效目标 where the layout prints its form
/// ([`project_texts`] and [`indicator_texts`] do the projects' and the indicators', each
/// run again only when what it reads changes).
pub(super) fn required_texts(b: &Budget) -> Vec<Finding> {
    let mut out = Vec::new();
    let d = &b.department;
    let mut need = |place: Place, what: String| out.push(missing_text(place, what));
    let dept_field = |f: &str| Place::new(Sheet::Department, None, Some(f));
    for (text, label) in [
        (&d.duties, "职能职责"),
        (&d.composition, "单位构成"),
        (&d.contact_name, "联系人"),
        (&d.contact_phone, "联系电话"),
    ] {
        if text.trim().is_empty() {
            need(dept_field(label), format!("单位信息的“{label}”"));
        }
    }
    let forms = b.layout.prints_forms();
    if forms.department && d.goal.trim().is_empty() {
        need(
            Place::new(Sheet::DepartmentTarget, None, Some("整体绩效目标")),
            "部门整体绩效目标".into(),
        );
    }
    out
}

/// Each funded project's 项目概况, 立项依据 and 业务主管部门, where the layout prints the
/// projects' forms (a part of [`required_texts`] that reads the lines).
pub(super) fn project_texts(b: &Budget, sums: &Sums) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut need = |place: Place, what: String| out.push(missing_text(place, what));
    let forms = b.layout.prints_forms();
    if forms.projects {
        for p in &b.projects {
            let funded = !p.budget.is_zero() || sums.project(p.id).is_some();
            if !funded {
                continue;
            }
            for (text, label) in [
                (&p.overview, "项目概况"),
                (&p.basis, "立项依据"),
                (&p.competent_dept, "业务主管部门"),
            ] {
                if text.trim().is_empty() {
                    need(
                        Place::new(Sheet::Projects, Some(Target::Id(p.id)), Some(label)),
                        format!("项目“{}”的“{label}”", p.name),
                    );
                }
            }
        }
    }
    out
}

/// Each indicator's 指标值, and its 计量单位 unless it is qualitative (a part of
/// [`required_texts`]).
pub(super) fn indicator_texts(b: &Budget) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut need = |place: Place, what: String| out.push(missing_text(place, what));
    for i in &b.indicators {
        let owner = match i.project_id.and_then(|id| b.project(id)) {
            Some(p) => format!("项目“{}”的", p.name),
            None => "整体绩效目标的".into(),
        };
        let sheet = if i.project_id.is_some() {
            Sheet::Projects
        } else {
            Sheet::DepartmentTarget
        };
        if i.value.trim().is_empty() {
            need(
                Place::new(sheet, Some(Target::Id(i.id)), Some("指标值")),
                format!("{owner}绩效指标“{}”的“指标值”", i.name),
            );
        }
        if i.unit.trim().is_empty() && i.op != IndicatorOp::Qualitative {
            need(
                Place::new(sheet, Some(Target::Id(i.id)), Some("计量单位")),
                format!("{owner}绩效指标“{}”的“计量单位”", i.name),
            );
        }
    }
    out
}

/// A text the published budget prints, left empty.
fn missing_text(place: Place, what: String) -> Finding {
    warn(
        "required-texts",
        place,
        format!("{what}尚未填写，公开时会是空白"),
    )
}

/// A count in a text, in digits or in Chinese numerals (`5`, `五`, `十二`, `两`).
fn count(s: &str) -> Option<u32> {
    let s = s.trim();
    if let Ok(n) = s.parse() {
        return Some(n);
    }
    let digit = |c: char| {
        "零一二三四五六七八九"
            .chars()
            .position(|d| d == c)
            .map(|p| p as u32)
    };
    let s: String = s.replace('两', "二");
    let chars: Vec<char> = s.chars().collect();
    match chars.as_slice() {
        [c] if *c == '十' => Some(10),
        [c] => digit(*c),
        ['十', u] => Some(10 + digit(*u)?),
        [t, '十'] => Some(digit(*t)? * 10),
        [t, '十', u] => Some(digit(*t)? * 10 + digit(*u)?),
        _ => None,
    }
}

/// The number written just before one of `nouns` (`内设 5 个科室`, `下属两个事业单位`), or
/// just after one followed by a measure word (`事业单位1家`).
fn stated(text: &str, before: &[&str], after: &[&str]) -> Option<u32> {
    let numeral = |c: char| c.is_ascii_digit() || "零一二两三四五六七八九十".contains(c);
    for noun in before {
        for (at, _) in text.match_indices(noun) {
            let head = text[..at]
                .trim_end()
                .trim_end_matches(['个', '家'])
                .trim_end();
            let digits: String = head
                .chars()
                .rev()
                .take_while(|c| numeral(*c))
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            if let Some(n) = count(&digits) {
                return Some(n);
            }
        }
    }
    for noun in after {
        for (at, _) in text.match_indices(noun) {
            let tail = text[at + noun.len()..].trim_start();
            let digits: String = tail.chars().take_while(|c| numeral(*c)).collect();
            let unit = tail[digits.len()..].trim_start();
            if (unit.starts_with('家') || unit.starts_with('个'))
                && let Some(n) = count(&digits)
            {
                return Some(n);
            }
        }
    }
    None
}

/// The 单位构成 is the officer's text; where it states how many internal divisions or
/// 事业单位 there are, the count must match the 内设科室数 and the units of the data.
pub(super) fn composition_counts(b: &Budget) -> Vec<Finding> {
    let text = &b.department.composition;
    let mut out = Vec::new();
    let place = Place::new(Sheet::Department, None, Some("单位构成"));
    let divisions = stated(
        text,
        &["内设科室", "科室", "内设机构", "处室", "职能科室"],
        &[],
    );
    if let Some(n) = divisions
        && n != b.department.divisions
    {
        out.push(warn(
            "composition-counts",
            place.clone(),
            format!(
                "单位构成中写有 {n} 个内设科室（机构），而“内设科室数”为 {}",
                b.department.divisions
            ),
        ));
    }
    let institutions = b
        .units
        .iter()
        .filter(|u| u.kind != UnitKind::Administrative)
        .count() as u32;
    if let Some(n) = stated(text, &["事业单位"], &["事业单位"])
        && n != institutions
    {
        out.push(warn(
            "composition-counts",
            place,
            format!("单位构成中写有 {n} 个事业单位，而单位中有 {institutions} 个事业单位"),
        ));
    }
    out
}

/// A year in an officer's text (`2023年`) that is neither the budget's year nor the one
/// before or after it: most often a text carried over from an old budget. Years a text
/// cites are left alone: inside 《》 or 〔〕 (a document's name or number), in a 立项依据,
/// and after 截至, 依据, 根据 or 任务书 in the same sentence.
pub(super) fn stale_years(b: &Budget, scope: Scope) -> Vec<Finding> {
    let y = b.department.year;
    let mut out = Vec::new();
    each_text(
        b,
        scope,
        |text, _| stale_year(text, y),
        |t, found| {
            if t.label != "立项依据" {
                out.push(warn(
                    "stale-years",
                    t.place,
                    format!(
                        "{}：“{}”中写的是 {found} 年，而预算年度为 {y} 年，请核对是否沿用了往年的文字",
                        t.what, t.label
                    ),
                ));
            }
        },
    );
    out
}

/// The first `20dd年` in a text outside what [`stale_years`] leaves alone, when it is not
/// `year` − 1, `year` or `year` + 1.
pub fn stale_year(text: &str, year: i32) -> Option<i32> {
    if !text.contains("年") {
        return None;
    }
    let chars: Vec<char> = text.chars().collect();
    let mut depth = 0i32;
    let mut sentence_start = 0;
    for i in 0..chars.len() {
        match chars[i] {
            '《' | '〔' => depth += 1,
            '》' | '〕' => depth -= 1,
            '。' | '；' | '\n' => sentence_start = i + 1,
            _ => {}
        }
        let is_year = i + 4 < chars.len()
            && chars[i] == '2'
            && chars[i + 1] == '0'
            && chars[i + 2..i + 4].iter().all(char::is_ascii_digit)
            && chars[i + 4] == '年'
            && (i == 0 || !chars[i - 1].is_ascii_digit());
        if !is_year || depth > 0 {
            continue;
        }
        let before: String = chars[sentence_start..i].iter().collect();
        if ["截至", "截止", "依据", "根据", "任务书"]
            .iter()
            .any(|w| before.contains(w))
        {
            continue;
        }
        let found: i32 = chars[i..i + 4].iter().collect::<String>().parse().ok()?;
        if (found - year).abs() > 1 {
            return Some(found);
        }
    }
    None
}

/// Slips a reviewer marks in a text: a word typed twice (预算预算) and an ASCII comma
/// between a Chinese character and a figure (`经费,2025`).
pub(super) fn text_slips(b: &Budget, scope: Scope) -> Vec<Finding> {
    let mut out = Vec::new();
    each_text(
        b,
        scope,
        |text, _| slip(text),
        |t, slip| {
            out.push(warn(
                "text-slips",
                t.place,
                format!("{}：“{}”中{slip}", t.what, t.label),
            ))
        },
    );
    out
}

/// The first slip of a text, in words.
pub fn slip(text: &str) -> Option<String> {
    // Both slips need Chinese characters.
    if text.is_ascii() {
        return None;
    }
    let chars: Vec<char> = text.chars().collect();
    let cjk = |c: char| ('\u{4E00}'..='\u{9FFF}').contains(&c);
    for n in 2..=4 {
        for i in 0..(chars.len() + 1).saturating_sub(2 * n) {
            let (a, b) = (&chars[i..i + n], &chars[i + n..i + 2 * n]);
            if a == b && a.iter().all(|c| cjk(*c)) {
                let w: String = a.iter().collect();
                return Some(format!("“{w}”连写了两次"));
            }
        }
    }
    for w in chars.windows(3) {
        if cjk(w[0]) && w[1] == ',' && w[2].is_ascii_digit() {
            return Some(format!(
                "“{}{}{}”中文与数字之间用了英文逗号",
                w[0], w[1], w[2]
            ));
        }
    }
    None
}

/// A sentence of the layout's 情况说明 that quotes an officer's text still empty (a
/// 主要用于 for a 项 with spending, a reason for a 三公 item, a project's 实施方案): it would
/// be published with a gap.
pub(super) fn narrative_texts(b: &Budget, sums: &crate::engine::tables::Sums) -> Vec<Finding> {
    crate::engine::narrative::missing_texts(b, sums)
        .into_iter()
        .map(|(key, sentence)| {
            // A long sentence shortened, never inside a figure.
            let chars: Vec<char> = sentence.chars().collect();
            let mut cut = chars.len().min(80);
            while cut < chars.len() && (chars[cut].is_ascii_digit() || ".,".contains(chars[cut])) {
                cut += 1;
            }
            let shown: String = chars[..cut].iter().collect();
            let more = if cut < chars.len() { "…" } else { "" };
            warn(
                "narrative-texts",
                Place::new(Sheet::Narrative, Some(Target::Key(key.clone())), None),
                format!("情况说明“{shown}{more}”需要的说明（{key}）尚未填写"),
            )
        })
        .collect()
}

/// A project's 经费情况说明 in the layout's 情况说明 that quotes an officer's text still
/// empty (its 实施方案, …): named by project and text, so that an edit of a line never
/// needs it found again.
pub(super) fn project_narrative_texts(b: &Budget) -> Vec<Finding> {
    crate::engine::narrative::missing_project_texts(b)
        .into_iter()
        .map(|(project, name, key)| {
            warn(
                "project-narrative-texts",
                Place::new(Sheet::Narrative, Some(Target::Key(key)), None),
                format!("情况说明中项目“{project}”的“{name}”尚未填写"),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::engine::model::Line;
    use crate::engine::records::{FieldType, Kind};

    /// The checks of a line's texts skip a line whose 备注 is empty: it must be the one
    /// free text a line has (its 测算 mark is a rule's name, which the checks of the
    /// standards see).
    #[test]
    fn a_lines_only_free_text_is_its_remark() {
        let texts: Vec<&str> = Line::fields()
            .iter()
            .filter(|f| matches!(f.ty, FieldType::Text | FieldType::LongText))
            .map(|f| f.label)
            .collect();
        assert_eq!(texts, ["备注", crate::engine::records::line::RULE]);
    }
}
