//! Checking a layout file whole: TOML and shape errors in Chinese, then every rule a
//! layout keeps (a table's columns, its rows, the names it uses, the relations between
//! its tables), each fault named by its line and key.

use super::*;
use toml::Spanned;

/// Reads a layout file and checks it whole.
pub fn parse(text: &str) -> Result<LayoutSpec, Vec<Fault>> {
    if text.trim().is_empty() {
        return Err(vec![Fault {
            line: 0,
            key: String::new(),
            message: "表样文件是空的".into(),
        }]);
    }
    let spec: LayoutSpec = toml::from_str(text).map_err(|e| vec![syntax_fault(text, &e)])?;
    let mut v = Validator {
        text,
        faults: Vec::new(),
    };
    v.layout(&spec);
    if v.faults.is_empty() {
        Ok(spec)
    } else {
        Err(v.faults)
    }
}

/// The line (from 1) of a byte offset.
pub fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

/// A TOML or shape error, in Chinese (the parser's own words are English).
pub fn syntax_fault(text: &str, e: &toml::de::Error) -> Fault {
    let line = e.span().map_or(0, |s| line_of(text, s.start));
    let m = e.message();
    let quoted = |after: &str| -> String {
        m.split_once(after)
            .and_then(|(_, rest)| rest.split('`').next())
            .unwrap_or("")
            .to_string()
    };
    let expected = || -> String {
        // serde writes `expected one of `a`, `b`, `c`` or `expected `a` or `b``.
        let list = m
            .split_once("expected one of ")
            .or_else(|| m.split_once("expected `"))
            .map(|(_, l)| l)
            .unwrap_or("");
        let list = list.replace(" or ", ", ");
        let names: Vec<&str> = list
            .split(", ")
            .map(|x| x.trim_matches(|c| c == '`' || c == ' '))
            .filter(|x| !x.is_empty())
            .collect();
        if names.is_empty() {
            String::new()
        } else {
            format!("（应为：{}）", names.join("、"))
        }
    };
    let (key, message) = if m.starts_with("unknown field `") {
        let k = quoted("unknown field `");
        (k.clone(), format!("没有“{k}”这一项{}", expected()))
    } else if m.starts_with("unknown variant `") {
        let k = quoted("unknown variant `");
        (String::new(), format!("不认识“{k}”{}", expected()))
    } else if m.starts_with("missing field `") {
        let k = quoted("missing field `");
        (k.clone(), "缺少这一项".to_string())
    } else if m.starts_with("invalid type") || m.starts_with("invalid value") {
        // The integer given, when it is one out of range (`integer `256`, expected u8`).
        let given = m
            .split_once("integer `")
            .and_then(|(_, r)| r.split_once('`'))
            .map(|(n, _)| n.to_string());
        let range;
        let want = if let (true, Some(n)) = (m.contains("expected u8"), &given) {
            range = format!("应为 0 到 255 之间的整数，此处是 {n}（表号最大为 255）");
            range.as_str()
        } else if let (true, Some(n)) = (m.contains("expected usize"), &given) {
            range = format!("应为不小于 0 的整数，此处是 {n}");
            range.as_str()
        } else if m.contains("expected u8") || m.contains("expected usize") {
            "应为整数"
        } else if m.contains("expected a string") || m.contains("expected a str") {
            "应为文字（加引号）"
        } else if m.contains("expected a sequence") {
            "应为列表 [ … ]"
        } else if m.contains("expected a boolean") {
            "应为 true 或 false"
        } else if m.contains("expected struct") || m.contains("expected a map") {
            "应为 { … } 或 [ … ] 小节"
        } else {
            "类型不对"
        };
        (String::new(), want.to_string())
    } else if m.contains("duplicate key") {
        (String::new(), "同一项写了两次".to_string())
    } else if m.contains("missing field") {
        (quoted("missing field `"), "缺少这一项".to_string())
    } else {
        (String::new(), "不是有效的 TOML 格式".to_string())
    };
    Fault {
        line,
        key,
        message: match source_line(text, line) {
            Some(l) => format!("{message}（此行为：{l}）"),
            None => message,
        },
    }
}

/// A line of the file, shortened, to show beside a fault.
fn source_line(text: &str, line: usize) -> Option<String> {
    let l = text.lines().nth(line.checked_sub(1)?)?.trim();
    if l.is_empty() {
        return None;
    }
    let short: String = l.chars().take(60).collect();
    Some(if short.len() < l.len() {
        format!("{short}…")
    } else {
        short
    })
}

struct Validator<'t> {
    text: &'t str,
    faults: Vec<Fault>,
}

impl Validator<'_> {
    fn fault(&mut self, span: std::ops::Range<usize>, key: &str, message: impl Into<String>) {
        self.faults.push(Fault {
            line: line_of(self.text, span.start),
            key: key.to_string(),
            message: message.into(),
        });
    }

    /// Within `span`, where the first line that starts with `key =` and holds `holding`
    /// begins (else the span itself): a fault points at the line that declares it.
    fn at_key(
        &self,
        span: &std::ops::Range<usize>,
        key: &str,
        holding: &str,
    ) -> std::ops::Range<usize> {
        // The span of an array-of-tables entry may cover only its `[[…]]` line: look on to
        // the next entry.
        let rest = self.text.get(span.start..).unwrap_or("");
        let end = rest
            .match_indices("\n[[")
            .map(|(i, _)| i)
            .find(|&i| i > 0)
            .unwrap_or(rest.len());
        let Some(within) = rest.get(..end.max(span.len().min(rest.len()))) else {
            return span.clone();
        };
        let mut offset = 0;
        for line in within.split_inclusive('\n') {
            let t = line.trim_start();
            let key_here = t
                .strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='));
            if (key_here || key.is_empty()) && line.contains(holding) {
                let at = span.start + offset + (line.len() - t.len());
                return at..at;
            }
            offset += line.len();
        }
        span.clone()
    }

    fn layout(&mut self, l: &LayoutSpec) {
        let whole = 0..0;
        if let Some(n) = &l.narrative {
            for (at, key, message) in narrative::faults(n, self.text) {
                self.fault(at..at, key, message);
            }
        }
        if l.id.trim().is_empty() || !l.id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            self.fault(
                whole.clone(),
                "id",
                "表样的 id 应为字母、数字和连字符（如 chongqing-17）",
            );
        }
        if l.tables.is_empty() {
            self.fault(whole.clone(), "table", "表样中没有表");
        }
        for (key, text) in [
            ("title", &l.title),
            ("org", &l.org),
            ("contents", &l.contents),
        ] {
            self.placeholders(&whole, key, text);
        }
        for (i, t) in l.tables.iter().enumerate() {
            let span = t.span();
            let t = t.get_ref();
            if usize::from(t.number) != i + 1 {
                self.fault(
                    span.clone(),
                    "number",
                    format!("表应按顺序编号：这里应为 {}，而不是 {}", i + 1, t.number),
                );
            }
            self.table(span, t, l);
        }
        for r in &l.relations {
            let span = r.span();
            for c in r.get_ref().left.iter().chain(&r.get_ref().right) {
                let at = self.at_key(&span, "", &format!("table = {}", c.table));
                match l.tables.iter().find(|t| t.get_ref().number == c.table) {
                    None => self.fault(
                        at,
                        "table",
                        format!("勾稽关系“{}”引用的表 {} 不存在", r.get_ref().name, c.table),
                    ),
                    Some(t) => {
                        if let Some(labels) = row_labels(t.get_ref())
                            && c.row != "合计"
                            && c.row != "first"
                            && !labels.contains(&c.row.as_str())
                        {
                            let at = self.at_key(
                                &span,
                                "",
                                &format!("table = {}, row = \"{}\"", c.table, c.row),
                            );
                            self.fault(
                                at,
                                "row",
                                format!(
                                    "勾稽关系“{}”引用表 {} 的“{}”行，而该表没有这一行（应为：{}）",
                                    r.get_ref().name,
                                    c.table,
                                    c.row,
                                    labels.join("、")
                                ),
                            );
                        }
                        let width = width(t.get_ref(), l);
                        if c.column == 0 || c.column > width {
                            self.fault(
                                at.clone(),
                                "column",
                                format!(
                                    "勾稽关系“{}”引用表 {} 的第 {} 列，而该表只有 {width} 列",
                                    r.get_ref().name,
                                    c.table,
                                    c.column
                                ),
                            );
                        }
                    }
                }
            }
        }
    }

    /// Every `{…}` of a pattern is one the program fills in.
    fn placeholders(&mut self, span: &std::ops::Range<usize>, key: &str, text: &str) {
        let mut rest = text;
        while let Some(open) = rest.find('{') {
            let after = &rest[open + 1..];
            let Some(close) = after.find('}') else {
                let at = self.at_key(span, key, "{");
                self.fault(at, key, format!("“{text}”中的“{{”没有对应的“}}”"));
                return;
            };
            let name = &after[..close];
            if !PLACEHOLDERS.contains(&name) {
                let at = self.at_key(span, key, &format!("{{{name}}}"));
                self.fault(
                    at,
                    key,
                    format!(
                        "不认识“{{{name}}}”（可用：{}）",
                        PLACEHOLDERS.map(|p| format!("{{{p}}}")).join("、")
                    ),
                );
            }
            rest = &after[close + 1..];
        }
    }

    fn table(&mut self, span: std::ops::Range<usize>, t: &TableSpec, l: &LayoutSpec) {
        let w = width(t, l);
        let patterns = [
            ("title", t.title.as_deref()),
            ("org", t.org.as_deref()),
            ("subtitle", t.subtitle.as_deref()),
            ("empty_note", t.empty_note.as_deref()),
            ("unit_label", t.unit_label.as_deref()),
        ];
        for (key, text) in patterns {
            if let Some(text) = text {
                self.placeholders(&span, key, text);
            }
        }
        for cell in t.header.iter().flatten() {
            self.placeholders(&span, "header", cell);
        }
        if w > MAX_COLUMNS {
            self.fault(
                span.clone(),
                "columns",
                format!("表 {} 有 {w} 列，一张表最多 {MAX_COLUMNS} 列", t.number),
            );
        }
        for (r, h) in t.header.iter().enumerate() {
            if h.len() != w {
                let what = if h.len() > w { "多于" } else { "少于" };
                let at = self.at_key(&span, "header", "");
                self.fault(
                    at,
                    "header",
                    format!(
                        "表 {} 的表头第 {} 行有 {} 列，{what}表的 {w} 列",
                        t.number,
                        r + 1,
                        h.len()
                    ),
                );
            }
        }
        if (t.rows.kind == RowsKind::Form) != t.header.is_empty() {
            self.fault(
                span.clone(),
                "header",
                format!("表 {}：绩效目标表没有表头，其他表都要有表头", t.number),
            );
        }
        let r = &t.rows;
        // Keys that belong to another kind of rows.
        let stray: Vec<&str> = [
            (
                "classification",
                r.classification.is_some(),
                RowsKind::Hierarchy,
            ),
            ("levels", r.levels.is_some(), RowsKind::Hierarchy),
            ("lines", r.lines.is_some(), RowsKind::Hierarchy),
            ("rows", !r.rows.is_empty(), RowsKind::Fixed),
            ("of", r.of.is_some(), RowsKind::Records),
            ("by_unit", r.by_unit, RowsKind::Records),
            ("left", !r.left.is_empty(), RowsKind::Panels),
            ("right", !r.right.is_empty(), RowsKind::Panels),
            ("form", r.form.is_some(), RowsKind::Form),
            ("project_kind", r.project_kind.is_some(), RowsKind::Form),
        ]
        .into_iter()
        .filter(|(_, given, kind)| *given && *kind != r.kind)
        .map(|(k, _, _)| k)
        .collect();
        if !stray.is_empty() {
            self.fault(
                span.clone(),
                "rows",
                format!("表 {}：{} 不用于这种行（kind）", t.number, stray.join("、")),
            );
        }
        let columns = !r.columns.is_empty();
        let needs_columns = matches!(
            r.kind,
            RowsKind::Hierarchy | RowsKind::Single | RowsKind::Records
        );
        if columns != needs_columns {
            let m = if needs_columns {
                "要有 columns"
            } else {
                "不用 columns"
            };
            self.fault(
                span.clone(),
                "columns",
                format!("表 {}：这种行{m}", t.number),
            );
        }
        match r.kind {
            RowsKind::Hierarchy => {
                let Some(c) = r.classification else {
                    self.fault(
                        span,
                        "classification",
                        format!("表 {}：要写明分类", t.number),
                    );
                    return;
                };
                let max = c.levels().len() as u8;
                if r.levels.is_some_and(|n| n == 0 || n > max) {
                    self.fault(
                        span.clone(),
                        "levels",
                        format!("表 {}：这种分类最多 {max} 级", t.number),
                    );
                }
                if let Some(f) = &r.lines {
                    self.filter(span.clone(), f);
                }
                self.measures(&r.columns, None);
            }
            RowsKind::Fixed => {
                for row in &r.rows {
                    self.measures(&row.get_ref().values, None);
                }
            }
            RowsKind::Single => self.measures(&r.columns, None),
            RowsKind::Records => {
                let Some(of) = r.of else {
                    self.fault(
                        span,
                        "of",
                        format!("表 {}：要写明“项目”或“政府采购”", t.number),
                    );
                    return;
                };
                self.measures(&r.columns, Some(of));
            }
            RowsKind::Panels => {
                if r.left.is_empty() || r.right.is_empty() {
                    self.fault(
                        span.clone(),
                        "left",
                        format!("表 {}：左右两栏都要有行", t.number),
                    );
                }
                for row in r.left.iter().chain(&r.right).flatten() {
                    let s = row.span();
                    let row = row.get_ref();
                    if row.label.is_none() == row.classes.is_none() {
                        self.fault(s.clone(), "label", "每一行应给出 label 或 classes 之一");
                    }
                    if let Some(c) = &row.classes {
                        self.filter(s, &c.lines);
                    }
                    self.measures(&row.values, None);
                }
            }
            RowsKind::Form => match (r.form, &r.project_kind) {
                (None, _) => self.fault(span, "form", format!("表 {}：要写明 form", t.number)),
                (Some(FormKind::Projects), Some(k))
                    if !words::PROJECT_KINDS.contains(&k.as_str()) =>
                {
                    self.fault(span, "project_kind", "应为“重点”或“一般”")
                }
                (Some(FormKind::Projects), None) => {
                    self.fault(span, "project_kind", "项目绩效目标表要写明“重点”或“一般”")
                }
                _ => {}
            },
        }
    }

    /// Checks columns or figures; `record`: of a table of such records (fields allowed).
    fn measures(&mut self, ms: &[Spanned<Measure>], record: Option<RecordKind>) {
        for (i, m) in ms.iter().enumerate() {
            let span = m.span();
            let m = m.get_ref();
            let filter = m.filter();
            self.filter(span.clone(), &filter);
            let filtered = filter != Filter::default();
            if let Some(f) = &m.field {
                let fields: &[&str] = match record {
                    Some(RecordKind::Projects) => &words::PROJECT_FIELDS,
                    Some(RecordKind::Procurement) => &words::PROCUREMENT_FIELDS,
                    None => &[],
                };
                if record.is_none() {
                    self.fault(span.clone(), "field", "field 只用于项目或政府采购的表");
                } else if !fields.contains(&f.as_str()) {
                    self.fault(
                        span.clone(),
                        "field",
                        format!("没有“{f}”这一项（应为：{}）", fields.join("、")),
                    );
                } else if filtered || m.of != Source::Lines {
                    self.fault(
                        span.clone(),
                        "field",
                        "一列是记录的一项（field）或一个合计，不能两者都是",
                    );
                }
                continue;
            }
            if record == Some(RecordKind::Procurement) {
                self.fault(
                    span.clone(),
                    "field",
                    "政府采购表的每一列都是记录的一项（field）",
                );
                continue;
            }
            match m.of {
                Source::Lines | Source::PriorFunctions | Source::Zero => {}
                Source::Income => {
                    self.funds(span.clone(), "sources", &m.sources);
                    if filtered {
                        self.fault(
                            span.clone(),
                            "of",
                            "收入没有支出的筛选条件（用 sources 指定资金来源）",
                        );
                    }
                }
                Source::PriorItems => {
                    for it in &m.items {
                        if !words::PRIOR_ITEMS.contains(&it.as_str()) {
                            self.fault(
                                span.clone(),
                                "items",
                                format!("没有“{it}”（应为：{}）", words::PRIOR_ITEMS.join("、")),
                            );
                        }
                    }
                }
                Source::Change => {
                    let ok =
                        |c: Option<usize>| c.is_some_and(|c| c >= 1 && c <= ms.len() && c != i + 1);
                    if !ok(m.from) || !ok(m.to) {
                        self.fault(
                            span.clone(),
                            "from",
                            "增幅要用 from 和 to 指明本表的另外两列（从 1 数起）",
                        );
                    }
                }
            }
            if m.of != Source::PriorItems && !m.items.is_empty() {
                self.fault(span.clone(), "items", "items 只用于 of = \"上年三公\"");
            }
            if m.of != Source::Income && (!m.sources.is_empty() || m.prior) {
                self.fault(
                    span.clone(),
                    "sources",
                    "sources 和 prior 只用于 of = \"收入\"",
                );
            }
        }
    }

    fn funds(&mut self, span: std::ops::Range<usize>, key: &str, names: &[String]) {
        for f in names {
            let known = words::FUND_SOURCES.contains(&f.as_str())
                || words::FUND_GROUPS.iter().any(|(g, _)| g == f);
            if !known {
                let groups: Vec<&str> = words::FUND_GROUPS.iter().map(|(g, _)| *g).collect();
                self.fault(
                    span.clone(),
                    key,
                    format!(
                        "没有资金来源“{f}”（应为：{}；或 {}）",
                        words::FUND_SOURCES.join("、"),
                        groups.join("、")
                    ),
                );
            }
        }
    }

    fn filter(&mut self, span: std::ops::Range<usize>, f: &Filter) {
        self.funds(span.clone(), "fund", &f.fund);
        let one = |v: &mut Self, key: &str, x: &Option<String>, allowed: &[&str]| {
            if let Some(x) = x
                && !allowed.contains(&x.as_str())
            {
                v.fault(
                    span.clone(),
                    key,
                    format!("没有“{x}”（应为：{}）", allowed.join("、")),
                );
            }
        };
        one(self, "nature", &f.nature, &words::NATURES);
        one(self, "cost", &f.cost, &words::COST_CLASSES);
        for k in &f.unit_kind {
            one(self, "unit_kind", &Some(k.clone()), &words::UNIT_KINDS);
        }
        for e in &f.econ {
            if !(e.len() == 3 || e.len() == 5) || !e.bytes().all(|b| b.is_ascii_digit()) {
                self.fault(
                    span.clone(),
                    "econ",
                    format!("经济科目“{e}”应为 3 位的类或 5 位的款"),
                );
            }
        }
    }
}

/// The labels of a table's rows the layout writes out (fixed rows, panels' labelled
/// rows); `None` when its rows come from the data.
fn row_labels(t: &TableSpec) -> Option<Vec<&str>> {
    let r = &t.rows;
    match r.kind {
        RowsKind::Fixed => Some(r.rows.iter().map(|x| x.get_ref().label.as_str()).collect()),
        // A row per function 类 is not named in advance: a relation names written rows.
        RowsKind::Panels => Some(
            r.left
                .iter()
                .chain(&r.right)
                .flatten()
                .filter_map(|x| x.get_ref().label.as_deref())
                .collect(),
        ),
        _ => None,
    }
}
