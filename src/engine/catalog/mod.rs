//! Classification catalogs (政府收支分类科目): 支出功能分类, 部门预算支出经济分类,
//! 政府预算支出经济分类 and the 部门→政府 mapping by kind of unit. The bundled catalogs
//! are compiled in by `build.rs`; a budget file may carry an official catalog for its year
//! that replaces the bundled one (see [`load_official_csv`]).

pub mod validate;

mod data {
    include!(concat!(env!("OUT_DIR"), "/catalog_data.rs"));
}

use crate::engine::base::fxhash::FxHashMap;
use crate::engine::base::text;
use crate::engine::kinds::UnitKind;
use std::collections::BTreeMap;
use std::sync::LazyLock;
pub use validate::{RawEntry, RawMapping};

/// Which catalog.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CatalogKind {
    Function,
    DeptEconomic,
    GovEconomic,
    Mapping,
}

impl CatalogKind {
    pub const ALL: [CatalogKind; 4] = [
        CatalogKind::Function,
        CatalogKind::DeptEconomic,
        CatalogKind::GovEconomic,
        CatalogKind::Mapping,
    ];

    pub fn label(self) -> &'static str {
        match self {
            CatalogKind::Function => "支出功能分类",
            CatalogKind::DeptEconomic => "部门预算支出经济分类",
            CatalogKind::GovEconomic => "政府预算支出经济分类",
            CatalogKind::Mapping => "部门经济分类与政府经济分类对照表",
        }
    }

    /// The key stored in the budget file.
    pub fn key(self) -> &'static str {
        match self {
            CatalogKind::Function => "function",
            CatalogKind::DeptEconomic => "economic_dept",
            CatalogKind::GovEconomic => "economic_gov",
            CatalogKind::Mapping => "economic_mapping",
        }
    }

    pub fn from_key(s: &str) -> Option<CatalogKind> {
        CatalogKind::ALL.into_iter().find(|k| {
            k.key() == s
                || k.label() == s
                || matches!(
                    (k, s),
                    (CatalogKind::Function, "功能" | "功能分类")
                        | (CatalogKind::DeptEconomic, "部门经济" | "部门经济分类")
                        | (CatalogKind::GovEconomic, "政府经济" | "政府经济分类")
                        | (CatalogKind::Mapping, "对照" | "对照表" | "mapping")
                )
        })
    }
}

/// A list of codes with their names, in code order (with a hash index for lookups).
#[derive(Clone, Debug, Default)]
pub struct CodeList {
    names: BTreeMap<String, String>,
    index: FxHashMap<String, String>,
    levels: &'static [usize],
    /// Names that more than one code of the same level carries (行政运行, 其他…支出):
    /// such a code is shown with its parent's name too.
    shared_names: std::collections::HashSet<(usize, String)>,
}

impl PartialEq for CodeList {
    fn eq(&self, o: &Self) -> bool {
        self.names == o.names && self.levels == o.levels
    }
}
impl Eq for CodeList {}

impl CodeList {
    fn new(entries: impl IntoIterator<Item = (String, String)>, levels: &'static [usize]) -> Self {
        let names: BTreeMap<String, String> = entries.into_iter().collect();
        let index = names.iter().map(|(c, n)| (c.clone(), n.clone())).collect();
        let mut seen = std::collections::HashSet::new();
        let mut shared_names = std::collections::HashSet::new();
        for (c, n) in &names {
            let key = (c.len(), n.clone());
            if !seen.insert(key.clone()) {
                shared_names.insert(key);
            }
        }
        CodeList {
            names,
            index,
            levels,
            shared_names,
        }
    }

    pub fn name(&self, code: &str) -> Option<&str> {
        self.index.get(code).map(String::as_str)
    }

    pub fn contains(&self, code: &str) -> bool {
        self.index.contains_key(code)
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// Code lengths of the levels: [3, 5, 7] or [3, 5].
    pub fn levels(&self) -> &'static [usize] {
        self.levels
    }

    /// True when the code is at the lowest level (项 for functions, 款 for economic codes).
    pub fn is_leaf_code(&self, code: &str) -> bool {
        self.levels.last() == Some(&code.len())
    }

    /// The code and its ancestors with names, from the top: 类 › 款 › 项.
    pub fn path(&self, code: &str) -> Vec<(String, String)> {
        self.levels
            .iter()
            .filter(|l| **l <= code.len())
            .map(|l| {
                let c = &code[..*l];
                (
                    c.to_string(),
                    self.name(c).unwrap_or("（目录中没有）").to_string(),
                )
            })
            .collect()
    }

    /// A code's name as a cell shows it: the name, with its parent's after it where other
    /// codes of its level have the same name (`行政运行（人大事务）`, `行政运行（信访事务）`:
    /// a narrow cell still shows which 项 it is first).
    pub fn label(&self, code: &str) -> Option<String> {
        let name = self.name(code)?;
        if !self.shared_names.contains(&(code.len(), name.to_string())) {
            return Some(name.to_string());
        }
        let parent = self
            .levels
            .iter()
            .rev()
            .find(|l| **l < code.len())
            .and_then(|l| self.name(&code[..*l]));
        Some(match parent {
            Some(p) => format!("{name}（{p}）"),
            None => name.to_string(),
        })
    }

    /// `201 一般公共服务支出 › 20140 信访事务 › 2014001 行政运行`
    pub fn path_text(&self, code: &str) -> String {
        self.path(code)
            .iter()
            .map(|(c, n)| format!("{c} {n}"))
            .collect::<Vec<_>>()
            .join(" › ")
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.names.iter().map(|(c, n)| (c.as_str(), n.as_str()))
    }

    /// Codes whose number starts with the query, or whose name or path contains it.
    /// Leaf codes only when `leaf_only`. In code order, at most `limit`.
    pub fn search(&self, query: &str, leaf_only: bool, limit: usize) -> Vec<&str> {
        let q = query.trim();
        self.names
            .iter()
            .filter(|(c, _)| !leaf_only || self.is_leaf_code(c))
            .filter(|(c, n)| {
                q.is_empty()
                    || c.starts_with(q)
                    || n.contains(q)
                    || self
                        .levels
                        .iter()
                        .filter(|l| **l < c.len())
                        .any(|l| self.name(&c[..*l]).is_some_and(|pn| pn.contains(q)))
            })
            .map(|(c, _)| c.as_str())
            .take(limit)
            .collect()
    }
}

/// The catalogs a budget uses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Catalog {
    pub function: CodeList,
    pub dept_economic: CodeList,
    pub gov_economic: CodeList,
    /// 部门经济科目 → (政府经济科目 for 行政/参公, for 事业).
    mapping: FxHashMap<String, (String, String)>,
    /// Which kinds come from an official catalog loaded into the file (else bundled).
    pub loaded: Vec<CatalogKind>,
}

static BUILTIN: LazyLock<Catalog> = LazyLock::new(|| {
    let own = |list: &[(&str, &str)]| {
        list.iter()
            .map(|(c, n)| (c.to_string(), n.to_string()))
            .collect::<Vec<_>>()
    };
    Catalog {
        function: CodeList::new(own(data::FUNCTION), validate::levels_of(true)),
        dept_economic: CodeList::new(own(data::ECONOMIC_DEPT), validate::levels_of(false)),
        gov_economic: CodeList::new(own(data::ECONOMIC_GOV), validate::levels_of(false)),
        mapping: data::MAPPING
            .iter()
            .map(|(d, a, i)| (d.to_string(), (a.to_string(), i.to_string())))
            .collect(),
        loaded: Vec::new(),
    }
});

/// An official catalog as stored in a budget file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LoadedCatalog {
    Codes(CatalogKind, Vec<(String, String)>),
    Mapping(Vec<(String, String, String)>),
}

impl LoadedCatalog {
    pub fn kind(&self) -> CatalogKind {
        match self {
            LoadedCatalog::Codes(k, _) => *k,
            LoadedCatalog::Mapping(_) => CatalogKind::Mapping,
        }
    }
    pub fn len(&self) -> usize {
        match self {
            LoadedCatalog::Codes(_, v) => v.len(),
            LoadedCatalog::Mapping(v) => v.len(),
        }
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Catalog {
    /// The catalogs compiled into the program.
    pub fn builtin() -> &'static Catalog {
        &BUILTIN
    }

    /// The bundled catalogs with the official ones a file carries put in their place.
    pub fn with_loaded(loaded: &[LoadedCatalog]) -> Catalog {
        let mut c = Catalog::builtin().clone();
        for l in loaded {
            match l {
                LoadedCatalog::Codes(kind, entries) => {
                    let list = match kind {
                        CatalogKind::Function => &mut c.function,
                        CatalogKind::DeptEconomic => &mut c.dept_economic,
                        CatalogKind::GovEconomic => &mut c.gov_economic,
                        CatalogKind::Mapping => continue,
                    };
                    *list = CodeList::new(entries.iter().cloned(), list.levels);
                }
                LoadedCatalog::Mapping(rows) => {
                    c.mapping = rows
                        .iter()
                        .map(|(d, a, i)| (d.clone(), (a.clone(), i.clone())))
                        .collect();
                }
            }
            c.loaded.push(l.kind());
        }
        c
    }

    /// The government code that the mapping gives for a department code and a kind of unit.
    pub fn gov_for(&self, dept_code: &str, kind: UnitKind) -> Option<&str> {
        self.mapping.get(dept_code).map(|(admin, inst)| match kind {
            UnitKind::Administrative | UnitKind::CivilServiceManaged => admin.as_str(),
            UnitKind::Institution => inst.as_str(),
        })
    }

    pub fn mapping_len(&self) -> usize {
        self.mapping.len()
    }
}

/// Reads an official catalog for a year from a CSV file a user brings (UTF-8 or GBK, as
/// Excel or WPS saves it). The header names the columns: for codes `科目编码`/`编码`/`code`
/// and `科目名称`/`名称`/`name`; for the mapping `部门经济科目`/`dept_code`,
/// `行政`… / `gov_code_admin`… and `事业`… / `gov_code_institution`…. Every problem is
/// reported with its line; nothing is returned unless the whole file is valid.
pub fn load_official_csv(
    kind: CatalogKind,
    bytes: &[u8],
    current: &Catalog,
) -> Result<LoadedCatalog, Vec<String>> {
    let text = text::decode(bytes);
    let mut lines = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty());
    let Some((_, header)) = lines.next() else {
        return Err(vec!["文件是空的：没有表头，也没有科目".to_string()]);
    };
    let header = validate::split_csv_line(header);
    let rows: Vec<(usize, Vec<String>)> = lines
        .map(|(i, l)| (i + 1, validate::split_csv_line(l)))
        .collect();
    load_official_rows(kind, &header, rows, current)
}

/// Reads an official catalog from rows of cells (a CSV file's lines, a workbook's sheet),
/// each with its line number for the messages; the header names the columns as for
/// [`load_official_csv`].
pub fn load_official_rows(
    kind: CatalogKind,
    header: &[String],
    rows: Vec<(usize, Vec<String>)>,
    current: &Catalog,
) -> Result<LoadedCatalog, Vec<String>> {
    let header: Vec<String> = header.iter().map(|h| h.trim().to_lowercase()).collect();
    let find = |names: &[&str]| {
        header
            .iter()
            .position(|h| names.iter().any(|n| h.contains(n)))
    };
    if rows.is_empty() {
        return Err(vec!["文件只有表头，没有科目".to_string()]);
    }
    let cell = |r: &Vec<String>, i: usize| r.get(i).cloned().unwrap_or_default();
    match kind {
        CatalogKind::Mapping => {
            let dept = find(&["部门经济", "dept_code", "部门预算"]);
            let admin = find(&["行政", "admin"]);
            let inst = find(&["事业", "institution"]);
            let (Some(d), Some(a), Some(i)) = (dept, admin, inst) else {
                return Err(vec![
                    "表头中找不到“部门经济科目”“行政单位政府经济科目”“事业单位政府经济科目”三列"
                        .to_string(),
                ]);
            };
            let raw: Vec<RawMapping> = rows
                .iter()
                .map(|(line, r)| RawMapping {
                    line: *line,
                    dept: cell(r, d),
                    gov_admin: cell(r, a),
                    gov_institution: cell(r, i),
                })
                .collect();
            let as_raw = |l: &CodeList| {
                l.iter()
                    .map(|(c, n)| RawEntry {
                        line: 0,
                        code: c.to_string(),
                        name: n.to_string(),
                    })
                    .collect::<Vec<_>>()
            };
            let problems = validate::validate_mapping(
                &raw,
                &as_raw(&current.dept_economic),
                &as_raw(&current.gov_economic),
            );
            if !problems.is_empty() {
                return Err(problems);
            }
            Ok(LoadedCatalog::Mapping(
                raw.into_iter()
                    .map(|m| (m.dept, m.gov_admin, m.gov_institution))
                    .collect(),
            ))
        }
        _ => {
            let code = find(&["编码", "代码", "code"]);
            let name = find(&["名称", "name"]);
            let (Some(c), Some(n)) = (code, name) else {
                return Err(vec!["表头中找不到“科目编码”和“科目名称”两列".to_string()]);
            };
            let raw: Vec<RawEntry> = rows
                .iter()
                .map(|(line, r)| RawEntry {
                    line: *line,
                    code: cell(r, c),
                    name: cell(r, n),
                })
                .collect();
            let problems = validate::validate_entries(
                kind.label(),
                &raw,
                validate::levels_of(kind == CatalogKind::Function),
            );
            if !problems.is_empty() {
                return Err(problems);
            }
            Ok(LoadedCatalog::Codes(
                kind,
                raw.into_iter().map(|e| (e.code, e.name)).collect(),
            ))
        }
    }
}
