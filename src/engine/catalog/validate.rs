//! Validation of classification catalogs, shared by `build.rs` (the bundled catalogs) and
//! by the loader of an official catalog a user brings. Standard library only, so that the
//! build script can include this file as it is.

/// One code of a catalog, with the line of the file it came from (1-based, header = 1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawEntry {
    pub line: usize,
    pub code: String,
    pub name: String,
}

/// One row of the 部门→政府 mapping.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawMapping {
    pub line: usize,
    pub dept: String,
    pub gov_admin: String,
    pub gov_institution: String,
}

/// Code lengths of the levels of a catalog: 支出功能分类 3/5/7 (类/款/项),
/// 经济分类 3/5 (类/款).
pub fn levels_of(function: bool) -> &'static [usize] {
    if function { &[3, 5, 7] } else { &[3, 5] }
}

/// Checks codes: digits only, a length of one of the levels, no duplicate, every code's
/// parent present. Returns one Chinese message per problem, naming the file's line.
pub fn validate_entries(what: &str, entries: &[RawEntry], levels: &[usize]) -> Vec<String> {
    let mut problems = Vec::new();
    let mut seen: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for e in entries {
        if e.code.is_empty() || !e.code.bytes().all(|b| b.is_ascii_digit()) {
            problems.push(format!(
                "{what} 第 {} 行：编码“{}”不是纯数字",
                e.line, e.code
            ));
            continue;
        }
        if !levels.contains(&e.code.len()) {
            problems.push(format!(
                "{what} 第 {} 行：编码“{}”为 {} 位，应为 {} 位",
                e.line,
                e.code,
                e.code.len(),
                levels
                    .iter()
                    .map(|l| l.to_string())
                    .collect::<Vec<_>>()
                    .join("/")
            ));
            continue;
        }
        if e.name.trim().is_empty() {
            problems.push(format!("{what} 第 {} 行：编码“{}”缺少名称", e.line, e.code));
        }
        if let Some(first) = seen.insert(&e.code, e.line) {
            problems.push(format!(
                "{what} 第 {} 行：编码“{}”重复（第 {first} 行已有）",
                e.line, e.code
            ));
        }
    }
    for e in entries {
        let Some(pos) = levels.iter().position(|l| *l == e.code.len()) else {
            continue;
        };
        if pos == 0 || !e.code.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        let parent = &e.code[..levels[pos - 1]];
        if !seen.contains_key(parent) {
            problems.push(format!(
                "{what} 第 {} 行：编码“{}”的上级“{parent}”不在目录中（孤立编码）",
                e.line, e.code
            ));
        }
    }
    problems
}

/// Checks the mapping against the two economic catalogs: each 部门 code is a 款 of the
/// department catalog, each 政府 code a 款 of the government catalog, no 部门 code twice.
pub fn validate_mapping(
    mapping: &[RawMapping],
    dept: &[RawEntry],
    gov: &[RawEntry],
) -> Vec<String> {
    let dept: std::collections::HashSet<&str> = dept.iter().map(|e| e.code.as_str()).collect();
    let gov: std::collections::HashSet<&str> = gov.iter().map(|e| e.code.as_str()).collect();
    let mut seen = std::collections::HashMap::new();
    let mut problems = Vec::new();
    for m in mapping {
        if m.dept.len() != 5 || !dept.contains(m.dept.as_str()) {
            problems.push(format!(
                "对照表 第 {} 行：部门经济科目“{}”不是部门经济分类中的款级科目",
                m.line, m.dept
            ));
        }
        for (label, g) in [("行政/参公", &m.gov_admin), ("事业", &m.gov_institution)] {
            if g.len() != 5 || !gov.contains(g.as_str()) {
                problems.push(format!(
                    "对照表 第 {} 行：{label}单位对应的政府经济科目“{g}”不是政府经济分类中的款级科目",
                    m.line
                ));
            }
        }
        if let Some(first) = seen.insert(m.dept.clone(), m.line) {
            problems.push(format!(
                "对照表 第 {} 行：部门经济科目“{}”重复（第 {first} 行已有）",
                m.line, m.dept
            ));
        }
    }
    problems
}

/// Splits one CSV record (RFC 4180 quoting, no embedded newlines): enough for catalog files.
pub fn split_csv_line(line: &str) -> Vec<String> {
    let mut fields = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            ('"', true) => quoted = false,
            ('"', false) if cur.is_empty() => quoted = true,
            (',', false) => fields.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    fields.push(cur);
    fields.into_iter().map(|f| f.trim().to_string()).collect()
}

/// Reads a catalog file in our layout (`code,name,…` with a header line).
pub fn read_entries(text: &str) -> Vec<RawEntry> {
    text.trim_start_matches('\u{feff}')
        .lines()
        .enumerate()
        .skip(1)
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            let f = split_csv_line(l);
            RawEntry {
                line: i + 1,
                code: f.first().cloned().unwrap_or_default(),
                name: f.get(1).cloned().unwrap_or_default(),
            }
        })
        .collect()
}

/// Reads a mapping file in our layout (`dept_code,dept_name,gov_admin,gov_institution,…`).
pub fn read_mapping(text: &str) -> Vec<RawMapping> {
    text.trim_start_matches('\u{feff}')
        .lines()
        .enumerate()
        .skip(1)
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            let f = split_csv_line(l);
            RawMapping {
                line: i + 1,
                dept: f.first().cloned().unwrap_or_default(),
                gov_admin: f.get(2).cloned().unwrap_or_default(),
                gov_institution: f.get(3).cloned().unwrap_or_default(),
            }
        })
        .collect()
}
