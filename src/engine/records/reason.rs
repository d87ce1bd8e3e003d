//! 变动原因: the reason given for an item that changed from last year.

use super::place::{Sheet, Target};
use super::registry::{Before, KindId};
use super::{Field, FieldType, Kind, Value};
use crate::engine::kinds::{Nature, PriorItem};
use crate::engine::model::{Budget, reason_key};
use crate::engine::parts::Parts;
use std::borrow::Cow;

/// A reason, by the key of the item it explains (the budget keeps them by key).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reason {
    pub key: String,
    pub text: String,
}

impl Kind for Reason {
    const ID: KindId = KindId::Reason;
    const SHEET: Option<Sheet> = Some(Sheet::Reasons);
    const PART: Parts = Parts::REASONS;
    const NAME: &'static str = "变动原因";
    const TABLE: &'static str = "reason";
    const KEY: &'static [&'static str] = &["key"];

    fn fields() -> &'static [Field<Reason>] {
        FIELDS
    }

    fn blank() -> Reason {
        Reason {
            key: String::new(),
            text: String::new(),
        }
    }

    fn describe_put(&self) -> String {
        "修改变动原因".into()
    }

    fn is_void(&self) -> bool {
        self.text.trim().is_empty()
    }

    fn target(&self) -> Target {
        Target::Key(self.key.clone())
    }

    fn put_in(self, b: &mut Budget) -> Before<Self> {
        let old = if self.is_void() {
            b.reasons.remove(&self.key)
        } else {
            b.reasons.insert(self.key.clone(), self.text)
        };
        Before::Was(Reason {
            key: self.key,
            text: old.unwrap_or_default(),
        })
    }

    fn load_into(b: &mut Budget, all: Vec<Self>) {
        b.reasons = all.into_iter().map(|r| (r.key, r.text)).collect();
    }

    fn records(b: &Budget) -> Cow<'_, [Self]> {
        Cow::Owned(
            b.reasons
                .iter()
                .map(|(key, text)| Reason {
                    key: key.clone(),
                    text: text.clone(),
                })
                .collect(),
        )
    }
}

/// The fields, in the order of the grid, the template and a pasted row.
type F = Field<Reason>;

static FIELDS: &[Field<Reason>] = &[
    F::new(
        "变动项目",
        "key",
        FieldType::Text,
        |r| Value::Text(r.key.clone()),
        |r, v| r.key = v.into_text(),
    )
    .aliases(&["项目"])
    .required()
    .width(300.0)
    .read(read_key),
    F::new(
        "原因",
        "text",
        FieldType::LongText,
        |r| Value::Text(r.text.clone()),
        |r, v| r.text = v.into_text(),
    )
    .aliases(&["变动原因", "说明"])
    .width(420.0),
];

/// The key of the item a reason explains, from how a sheet writes it: `功能科目:2014001`
/// (a code that left the catalog may still need its reason, when last year has it), `支出性质:基本支出`, or the
/// name of a 三公 item or 机关运行经费.
fn read_key(r: &mut Reason, t: &str, b: &Budget) -> Result<(), String> {
    let t = t.trim();
    let after = |prefix: &str| {
        t.strip_prefix(prefix)
            .map(|rest| rest.trim_start_matches([':', '：', ' ']).trim())
    };
    let key = if let Some(rest) = after("功能科目") {
        let code = super::code_of(rest);
        if code.len() != 7 {
            return Err(format!("“{t}”中的功能科目应为 7 位项级科目"));
        }
        let known = b.catalog.function.contains(&code)
            || b.prior_functions.iter().any(|p| p.func_code == code)
            || b.lines.iter().any(|l| l.func_code == code);
        if !known {
            return Err(format!(
                "功能科目“{code}”不在目录中，也不在上年数和支出明细中"
            ));
        }
        reason_key::function(&code)
    } else if let Some(rest) = after("支出性质") {
        let n = Nature::parse(rest)
            .ok_or_else(|| format!("“{t}”中的支出性质应为“基本支出”或“项目支出”"))?;
        reason_key::nature(n)
    } else if let Some(item) = PriorItem::parse(t) {
        reason_key::item(item)
    } else if let Some(key) = narrative_key(t, b) {
        key
    } else {
        return Err(format!(
            "“{t}”不是可说明变动的项目（应为“功能科目:2014001”“支出性质:基本支出”、三公经费或机关运行经费的名称，或情况说明中的“说明:…”“主要用于:功能科目:2011301”“项目:项目名称:实施方案”）"
        ));
    };
    r.key = key;
    Ok(())
}

/// A text a declared 情况说明 quotes: `说明:财政拨款收支变动原因`, `主要用于:功能科目:2011301`
/// (any word before the function code), `项目:科技创新专项经费:实施方案` (a project of the
/// budget). Full-width colons are read as colons.
fn narrative_key(t: &str, b: &Budget) -> Option<String> {
    let t = t.replace('：', ":");
    let parts: Vec<&str> = t.split(':').map(str::trim).collect();
    let ok = match parts.as_slice() {
        ["说明", rest @ ..] => !rest.is_empty() && rest.iter().all(|p| !p.is_empty()),
        ["项目", name, key] => !key.is_empty() && b.projects.iter().any(|p| p.name == *name),
        [word, "功能科目", code] => {
            !word.is_empty() && code.len() == 7 && code.chars().all(|c| c.is_ascii_digit())
        }
        _ => false,
    };
    ok.then(|| parts.join(":"))
}
