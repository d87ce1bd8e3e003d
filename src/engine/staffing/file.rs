//! Standards files (测算标准): a region's rules as TOML, loaded into a budget, used from
//! the built-in ones, saved back. A file is read whole and checked rule by rule with the
//! same fields the 测算标准 sheet has; a fault is named by its line, and a file with any
//! fault is not loaded at all.
//!
//! ```toml
//! name = "通用标准"
//!
//! [[rule]]
//! name = "机关事业单位基本养老保险缴费"
//! way = "按比例"
//! base = "养老缴费基数"
//! rate = "16%"
//! econ = "30108"
//! func = "2080505"
//! ```

use crate::engine::edit::Edit;
use crate::engine::layout::spec::{Fault, line_of, syntax_fault};
use crate::engine::model::{Budget, Rule};
use crate::engine::records::rule::rate_text;
use crate::engine::records::{Field, Kind};
use std::collections::BTreeMap;
use toml::Spanned;

/// A standards file is at most this large (a region's has a few dozen rules).
pub const MAX_SOURCE: usize = 1024 * 1024;

/// The keys of a rule in a file, and the field of the sheet each one sets.
pub const KEYS: &[(&str, &str)] = &[
    ("name", "名称"),
    ("way", "方式"),
    ("base", "依据"),
    ("rate", "比例或定额"),
    ("staff", "人员类别"),
    ("identity", "身份"),
    ("econ", "经济科目"),
    ("func", "功能科目"),
    ("func_institution", "事业功能科目"),
    ("class", "经费类型"),
];

/// A set of standards: its name and its rules, in order.
#[derive(Clone, Debug, PartialEq)]
pub struct Standards {
    pub name: String,
    pub rules: Vec<Rule>,
}

/// The built-in standards: id and file.
const BUILTIN: [(&str, &str); 2] = [
    (
        "general",
        include_str!("../../../assets/standards/general.toml"),
    ),
    (
        "chongqing-yubei-2025",
        include_str!("../../../assets/standards/chongqing-yubei-2025.toml"),
    ),
];

/// The ids of the built-in standards, with their names.
pub fn builtins() -> Vec<(&'static str, String)> {
    BUILTIN
        .iter()
        .map(|(id, text)| {
            let name = parse(text, &Budget::default())
                .map(|s| s.name)
                .unwrap_or_default();
            (*id, name)
        })
        .collect()
}

/// A built-in standard, read against a budget's catalogs.
pub fn builtin(id: &str, b: &Budget) -> Option<Result<Standards, Vec<Fault>>> {
    BUILTIN
        .iter()
        .find(|(i, _)| *i == id)
        .map(|(_, text)| parse(text, b))
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSpec {
    name: Spanned<String>,
    #[serde(default)]
    #[allow(dead_code)]
    note: String,
    #[serde(default)]
    rule: Vec<Spanned<BTreeMap<Spanned<String>, Spanned<Scalar>>>>,
}

#[derive(serde::Deserialize)]
#[serde(untagged)]
enum Scalar {
    Text(String),
    Int(i64),
    Float(f64),
    List(Vec<String>),
}

impl Scalar {
    fn text(&self) -> String {
        match self {
            Scalar::Text(s) => s.clone(),
            Scalar::Int(i) => i.to_string(),
            Scalar::Float(f) => f.to_string(),
            Scalar::List(v) => v.join("、"),
        }
    }
}

fn fault(text: &str, at: usize, key: &str, message: String) -> Fault {
    Fault {
        line: line_of(text, at),
        key: key.to_string(),
        message,
    }
}

/// Reads a standards file and checks it whole, against the catalogs of `b` (the codes
/// its rules book on must be in them). Every fault, each named by its line.
pub fn parse(text: &str, b: &Budget) -> Result<Standards, Vec<Fault>> {
    let whole = |m: &str| {
        vec![Fault {
            line: 0,
            key: String::new(),
            message: m.into(),
        }]
    };
    if text.trim().is_empty() {
        return Err(whole("测算标准文件是空的"));
    }
    if text.len() > MAX_SOURCE {
        return Err(whole("测算标准文件过大（最多 1 MB）"));
    }
    let spec: FileSpec = toml::from_str(text).map_err(|e| vec![syntax_fault(text, &e)])?;
    let mut faults = Vec::new();
    let mut rules: Vec<(usize, Rule)> = Vec::new();
    for (i, table) in spec.rule.iter().enumerate() {
        let start = table.span().start;
        let mut r = Rule::blank();
        r.id = i as i64 + 1;
        r.seq = i as i64 + 1;
        let mut given = Vec::new();
        for (key, value) in table.get_ref() {
            let Some((_, label)) = KEYS.iter().find(|(k, _)| *k == key.get_ref()) else {
                faults.push(fault(
                    text,
                    key.span().start,
                    key.get_ref(),
                    format!(
                        "规则中没有“{}”这一项（可用：{}）",
                        key.get_ref(),
                        KEYS.iter().map(|(k, _)| *k).collect::<Vec<_>>().join("、")
                    ),
                ));
                continue;
            };
            given.push(*label);
            let f: &Field<Rule> = Rule::field(label).expect("each key names a field");
            if let Err(why) = f.read_text(&mut r, &value.get_ref().text(), b) {
                faults.push(fault(text, value.span().start, key.get_ref(), why));
            }
        }
        for (key, label) in [("name", "名称"), ("way", "方式"), ("econ", "经济科目")] {
            if !given.contains(&label) {
                faults.push(fault(
                    text,
                    start,
                    key,
                    format!("第 {} 条规则缺少 {key}（{label}）", i + 1),
                ));
            }
        }
        rules.push((start, r));
    }
    // The rules' own rules (names distinct, bases that name items or other rules, no
    // circle), each against all the others.
    let mut scratch = Budget {
        catalog: b.catalog.clone(),
        ..Budget::default()
    };
    scratch.rules = rules.iter().map(|(_, r)| r.clone()).collect();
    for (start, r) in &rules {
        if let Err(why) = r.rules(&scratch) {
            faults.push(fault(text, *start, "rule", why));
        }
    }
    if !faults.is_empty() {
        faults.sort_by_key(|f| f.line);
        faults.dedup();
        return Err(faults);
    }
    Ok(Standards {
        name: spec.name.get_ref().trim().to_string(),
        rules: rules.into_iter().map(|(_, r)| r).collect(),
    })
}

/// Writes standards as a file that [`parse`] reads back to the same rules.
pub fn write(name: &str, rules: &[Rule], b: &Budget) -> String {
    let q = |s: &str| {
        let mut out = String::from("\"");
        for c in s.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
                c => out.push(c),
            }
        }
        out.push('"');
        out
    };
    let mut s = format!(
        "# 测算标准：由 yusuan 保存（{}年度 {}）\nname = {}\n",
        b.department.year,
        b.department.name,
        q(name)
    );
    let mut ordered: Vec<&Rule> = rules.iter().collect();
    ordered.sort_by_key(|r| (r.seq, r.id));
    for r in ordered {
        s.push_str("\n[[rule]]\n");
        for (key, label) in KEYS {
            let f = Rule::field(label).expect("each key names a field");
            let v = match *label {
                "比例或定额" => rate_text(r).replace(',', "").replace(" 个月", ""),
                "功能科目" => r.func.clone(),
                "事业功能科目" => r.func_institution.clone(),
                "经费类型" => r
                    .cost_class
                    .map(|c| c.label().to_string())
                    .unwrap_or_default(),
                _ => f.written(r, b),
            };
            if !v.is_empty() {
                s.push_str(&format!("{key} = {}\n", q(&v)));
            }
        }
    }
    s
}

/// The edit that puts these standards in place of the rules of these ids (a budget's:
/// one step, undone as one), the rules a base names put before it.
pub fn replace_edit(old: &[i64], s: &Standards) -> Edit {
    let mut edits: Vec<Edit> = old.iter().map(|id| Edit::delete::<Rule>(*id)).collect();
    let scratch = Budget {
        rules: s.rules.clone(),
        ..Budget::default()
    };
    edits.extend(
        super::rules_in_order(&scratch)
            .into_iter()
            .map(|r| Edit::put(Rule { id: 0, ..r.clone() })),
    );
    Edit::Batch(edits)
}
