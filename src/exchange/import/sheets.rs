//! Reading each sheet of an import into records, through their declarations: a sheet of
//! records that have a key (a unit's code, a fund source, a project's name) updates the
//! record of that key and adds the others; lines, indicators and procurement items are
//! always added. Each reader checks its rows against the budget as the sheets before it
//! leave it (`scratch`), and records there what it read for the sheets after it.

use super::{Problem, Row, Rows};

#[path = "staff_sheets.rs"]
mod staff;
use crate::engine::catalog::{Catalog, CatalogKind, LoadedCatalog};
use crate::engine::kinds::*;
use crate::engine::model::*;
use crate::engine::records::{Field, FieldType, Kind, PriorFigure, Reason, Value};
use crate::exchange::sheet;

/// One sheet of the file being read, and where its problems go.
pub(super) struct SheetReader<'a> {
    pub name: &'a str,
    pub rows: &'a Rows,
    pub problems: &'a mut Vec<Problem>,
    /// What the preview says without refusing anything.
    pub notes: &'a mut Vec<String>,
    /// How other sheets name the records of rows refused here (a unit's code, name and
    /// 简称): their own problems naming them follow from these.
    pub refused: Vec<String>,
}

/// The columns of a header: the field each names.
type Cols<R> = Vec<Option<&'static Field<R>>>;

/// How many rows above a header may be a title that the header is looked for under.
const TITLE_ROWS: usize = 5;

/// Rows of a sheet, each with its row number.
type Data<'a> = Vec<(usize, Row<'a>)>;

/// The cells of each row, read one row at a time (a million rows are never all copied).
fn cells<'s, 'r>(rows: &'s [(usize, Row<'r>)]) -> impl Iterator<Item = (usize, Vec<&'r str>)> + 's {
    rows.iter().map(|(n, r)| (*n, r.cells()))
}

impl<'a> SheetReader<'a> {
    /// The rows that are not blank, each with its row number as Excel shows it.
    fn filled(&self) -> Data<'a> {
        let rows: &'a Rows = self.rows;
        rows.iter()
            .enumerate()
            .filter(|(_, r)| !r.is_blank())
            .map(|(i, r)| (i + 1, r))
            .collect()
    }

    /// Whether the sheet holds more than a header.
    pub fn has_data(&self) -> bool {
        self.filled().len() >= 2
    }

    /// The rows from the header on: the first of the first rows that `is_header` takes
    /// (a title above the header is passed over), else the first row.
    fn rows_under_header(&self, is_header: impl Fn(&[&str]) -> bool) -> Data<'a> {
        let filled = self.filled();
        let at = filled
            .iter()
            .take(TITLE_ROWS + 1)
            .position(|(_, r)| is_header(&r.cells()))
            .unwrap_or(0);
        filled[at..].to_vec()
    }

    fn problem(&mut self, row: usize, column: &str, message: impl Into<String>) {
        self.problems.push(Problem {
            sheet: self.name.to_string(),
            row,
            column: column.to_string(),
            message: message.into(),
        });
    }

    /// The header's columns, or `None` (and a problem) when it leaves out a required one.
    fn columns<R: Kind>(&mut self) -> Option<(Cols<R>, Data<'a>)> {
        self.columns_with::<R>(&[])
    }

    /// As [`columns`](Self::columns), with columns the sheet needs beyond its required
    /// fields (a line's 金额). Columns no field takes are noted, not refused (an 一体化
    /// export has many).
    fn columns_with<R: Kind>(&mut self, needed: &[&'static str]) -> Option<(Cols<R>, Data<'a>)> {
        let filled = self.rows_under_header(|r| sheet::is_header::<R>(r));
        let (at, header) = *filled.first()?;
        let header = header.cells();
        let cols = sheet::header_fields::<R>(&header);
        if let Some(why) = sheet::duplicate_columns(&header, &cols) {
            self.problem(at, "", why);
            return None;
        }
        let data = filled[1..].to_vec();
        let mut missing = sheet::missing_columns(&cols);
        missing.extend(
            needed
                .iter()
                .filter(|l| !cols.iter().flatten().any(|f| f.label == **l)),
        );
        let unknown: Vec<&str> = header
            .iter()
            .zip(&cols)
            .filter(|(h, f)| f.is_none() && !h.trim().is_empty())
            .map(|(h, _)| h.trim())
            .collect();
        if missing.is_empty() {
            if !unknown.is_empty() {
                let shown: Vec<&str> = unknown.iter().take(8).copied().collect();
                let more = if unknown.len() > 8 {
                    format!("等 {} 列", unknown.len())
                } else {
                    String::new()
                };
                self.notes.push(format!(
                    "“{}”中的“{}”{more}不是{}的列，未导入",
                    self.name,
                    shown.join("”“"),
                    R::NAME
                ));
            }
            return Some((cols, data));
        }
        let unknown = if unknown.is_empty() {
            String::new()
        } else {
            format!("；“{}”不是可导入的列", unknown.join("”“"))
        };
        self.problem(
            at,
            "",
            format!(
                "表头缺少“{}”（表头应为：{}{unknown}）",
                missing.join("、"),
                sheet::headers::<R>().join("、")
            ),
        );
        None
    }

    /// Each row read into a record: `start` gives the record a row starts from (one of
    /// the budget's, to update, or a new one) and whether it is new; `take` gets each
    /// record read, with its row.
    fn read<'r, R: Kind>(
        &mut self,
        cols: &Cols<R>,
        rows: impl IntoIterator<Item = (usize, Vec<&'r str>)>,
        b: &Budget,
        mut start: impl FnMut(&[&str]) -> (R, bool),
        mut take: impl FnMut(&mut Self, R, usize, &[&str]),
    ) {
        for (n, row) in rows {
            let (r, is_new) = start(&row);
            match sheet::read_row(&row, cols, r, is_new, b) {
                Ok(r) => take(self, r, n, &row),
                Err(p) => {
                    for (column, message) in p {
                        self.problem(n, column, message);
                    }
                    // How other sheets may name the record this row would have been.
                    for (cell, f) in row.iter().zip(cols) {
                        if f.is_some_and(|f| f.names) && !cell.trim().is_empty() {
                            self.refused.push(cell.trim().to_string());
                        }
                    }
                }
            }
        }
    }

    /// A sheet of records with a key: a row whose key cells name a record that `find`
    /// finds updates it (a blank cell keeps its value), another adds one. A key given
    /// twice is a problem. Returns the records that the rows change or add, each with
    /// whether it is new.
    #[allow(clippy::too_many_arguments)]
    fn read_keyed<R: Kind>(
        &mut self,
        cols: &Cols<R>,
        rows: &[(usize, Row<'_>)],
        b: &Budget,
        key_fields: &[&str],
        key: impl Fn(&R) -> String,
        find: impl Fn(&str) -> Option<R>,
        new: impl Fn() -> R,
    ) -> Vec<(R, bool, usize)> {
        let mut seen: Vec<(String, usize)> = Vec::new();
        let mut out = Vec::new();
        let first_key = key_fields.first().copied().unwrap_or("");
        self.read(
            cols,
            cells(rows),
            b,
            |row| {
                // The key alone, to find the record: a cell the field refuses (a unit
                // code already in use, which is how an update names its unit) is taken
                // as it is written.
                let mut probe = new();
                let mut complete = true;
                for (cell, f) in row.iter().zip(cols) {
                    let Some(f) = f.filter(|f| key_fields.contains(&f.label)) else {
                        continue;
                    };
                    if cell.trim().is_empty() {
                        complete = false;
                    } else if f.read_text(&mut probe, cell, b).is_err() {
                        (f.set)(&mut probe, Value::Text(cell.trim().to_string()));
                    }
                }
                match complete.then(|| find(&key(&probe))).flatten() {
                    Some(existing) => (existing, false),
                    None => (new(), true),
                }
            },
            |s, r, n, _| {
                let k = key(&r);
                if let Some((_, earlier)) = seen.iter().find(|(x, _)| *x == k) {
                    s.problem(n, first_key, format!("与第 {earlier} 行重复"));
                    return;
                }
                seen.push((k.clone(), n));
                if find(&k).as_ref() != Some(&r) {
                    let is_new = find(&k).is_none();
                    out.push((r, is_new, n));
                }
            },
        );
        out
    }

    /// 单位信息: one record, down a column (项目 | 内容) or across a row under a header.
    /// The year must be the budget's; the code too when the budget has one.
    pub fn department(&mut self, scratch: &mut Budget, out: &mut Option<Department>) {
        let filled = self.rows_under_header(|r| sheet::is_header::<Department>(r));
        let mut d = scratch.department.clone();
        // The row each field came from, for the rules below.
        let mut at: Vec<(&'static str, usize)> = Vec::new();
        let before = self.problems.len();
        if sheet::is_header::<Department>(&filled[0].1.cells()) {
            let Some((cols, rows)) = self.columns::<Department>() else {
                return;
            };
            if let Some((n, _)) = rows.get(1) {
                self.problem(*n, "", "单位信息只能有一行数据");
                return;
            }
            let row = rows[0].0;
            at.extend(cols.iter().flatten().map(|f| (f.label, row)));
            let start = d.clone();
            self.read(
                &cols,
                cells(&rows),
                scratch,
                |_| (start.clone(), false),
                |_, r, _, _| d = r,
            );
        } else {
            for (n, row) in &filled {
                let label = row.first().unwrap_or("");
                let value = row.get(1).unwrap_or("");
                if label == "项目" && value.trim() == "内容" {
                    continue;
                }
                let Some(f) = Department::fields().iter().find(|f| f.is_named(label)) else {
                    let labels = sheet::headers::<Department>().join("、");
                    self.problem(
                        *n,
                        "项目",
                        format!("“{label}”不是单位信息的项目（应为：{labels}）"),
                    );
                    continue;
                };
                if let Some((_, earlier)) = at.iter().find(|(l, _)| *l == f.label) {
                    self.problem(*n, f.label, format!("与第 {earlier} 行重复"));
                    continue;
                }
                at.push((f.label, *n));
                if !value.trim().is_empty()
                    && let Err(e) = f.read_text(&mut d, value, scratch)
                {
                    self.problem(*n, f.label, e);
                }
            }
        }
        if self.problems.len() > before {
            return;
        }
        let row_of = |label: &str| at.iter().find(|(l, _)| *l == label).map_or(0, |x| x.1);
        let was = &scratch.department;
        if d.year != was.year {
            let (dy, wy) = (d.year, was.year);
            self.problem(
                row_of("预算年度"),
                "预算年度",
                format!("预算年度 {dy} 与本预算文件的 {wy} 年不同（请导入 {dy} 年的预算文件）"),
            );
        }
        if !was.code.is_empty() && d.code != was.code {
            let (dc, wc) = (&d.code, &was.code);
            self.problem(
                row_of("部门代码"),
                "部门代码",
                format!("部门代码“{dc}”与本预算文件的“{wc}”不同"),
            );
        } else if let Some(u) = scratch
            .units
            .iter()
            .find(|u| crate::engine::create::unit_code_problem(&d.code, &u.code).is_some())
        {
            let (dc, uc, un) = (&d.code, &u.code, &u.name);
            self.problem(
                row_of("部门代码"),
                "部门代码",
                format!("部门代码“{dc}”与已有单位“{un}”的代码“{uc}”不符"),
            );
        }
        if self.problems.len() == before && d != scratch.department {
            scratch.department = d.clone();
            *out = Some(d);
        }
    }

    /// An official catalog, checked as `yusuan catalog load` checks its file; it takes
    /// the place of the one in force for the sheets after it.
    pub fn catalog(
        &mut self,
        kind: CatalogKind,
        scratch: &mut Budget,
        out: &mut Vec<LoadedCatalog>,
    ) {
        let filled = self.filled();
        let header = filled[0].1.to_vec();
        let rows: Vec<(usize, Vec<String>)> =
            filled[1..].iter().map(|(n, r)| (*n, r.to_vec())).collect();
        match crate::engine::catalog::load_official_rows(kind, &header, rows, &scratch.catalog) {
            Ok(c) => {
                if scratch.loaded_catalogs.contains(&c) {
                    return;
                }
                scratch.loaded_catalogs.retain(|x| x.kind() != kind);
                scratch.loaded_catalogs.push(c.clone());
                scratch.catalog = Catalog::with_loaded(&scratch.loaded_catalogs);
                out.push(c);
            }
            Err(problems) => {
                for m in problems {
                    self.problem(0, "", m);
                }
            }
        }
    }

    /// 单位: a unit of an existing code is updated, another added with the next id.
    pub fn units(&mut self, scratch: &mut Budget, new: &mut Vec<Unit>, updated: &mut Vec<Unit>) {
        let Some((cols, rows)) = self.columns::<Unit>() else {
            return;
        };
        let read = {
            let b = &*scratch;
            self.read_keyed(
                &cols,
                &rows,
                b,
                &["单位代码"],
                |u: &Unit| u.code.clone(),
                |k| b.units.iter().find(|u| u.code == k).cloned(),
                Unit::blank,
            )
        };
        let mut next = scratch.units.iter().map(|u| u.id).max().unwrap_or(0) + 1;
        for (mut u, is_new, n) in read {
            // Lines and projects name a unit by its code, name or 简称: each must be
            // one unit's only.
            let clash = scratch.units.iter().find(|o| {
                o.code != u.code
                    && [&u.name, &u.short_name]
                        .iter()
                        .any(|x| !x.is_empty() && (o.name == **x || o.short_name == **x))
            });
            if let Some(o) = clash {
                self.problem(
                    n,
                    "",
                    format!(
                        "单位名称或简称与单位“{}”（{}）相同，无法区分",
                        o.name, o.code
                    ),
                );
                self.refused.push(u.code.clone());
                continue;
            }
            if is_new {
                u.id = next;
                next += 1;
            }
            u.clone().put_in(scratch);
            if is_new { new.push(u) } else { updated.push(u) }
        }
    }

    /// 收入: this year's and last year's income of each fund source.
    pub fn income(&mut self, scratch: &mut Budget, out: &mut Vec<Income>) {
        self.keyed_sheet(scratch, out);
    }

    /// A sheet of records kept by key (收入 by fund source, 资产 by category, 上年数 by
    /// function and nature): each record read takes the place of the one of its key in
    /// the budget being read (`scratch`), and is listed in `out`. The key is the kind's
    /// own, named by its fields' labels.
    fn keyed<R: Kind>(
        &mut self,
        cols: &Cols<R>,
        rows: &[(usize, Row<'_>)],
        scratch: &mut Budget,
        out: &mut Vec<R>,
    ) {
        let key_fields: Vec<&'static Field<R>> = R::KEY
            .iter()
            .filter_map(|c| R::fields().iter().find(|f| f.column == *c))
            .collect();
        let labels: Vec<&str> = key_fields.iter().map(|f| f.label).collect();
        // The values of its key's columns, as the file stores them.
        let key = |r: &R| {
            key_fields
                .iter()
                .map(|f| match (f.get)(r) {
                    Value::Text(t) => t,
                    Value::Int(i) => i.to_string(),
                    Value::Null => String::new(),
                })
                .collect::<Vec<_>>()
                .join("|")
        };
        let existing = R::records(scratch).into_owned();
        let find = |k: &str| existing.iter().find(|x| key(x) == k).cloned();
        let read = self.read_keyed(cols, rows, scratch, &labels, key, find, R::blank);
        for (r, _, _) in read {
            r.clone().put_in(scratch);
            out.push(r);
        }
    }

    /// A whole sheet of records kept by key.
    fn keyed_sheet<R: Kind>(&mut self, scratch: &mut Budget, out: &mut Vec<R>) {
        if let Some((cols, rows)) = self.columns::<R>() {
            self.keyed(&cols, &rows, scratch, out);
        }
    }

    /// 上年数: a row with a 功能科目 (and 支出性质) is last year's figure of a function; a
    /// row with a 项目 is a 三公 item's or 机关运行经费.
    pub fn prior(
        &mut self,
        scratch: &mut Budget,
        functions: &mut Vec<PriorFunction>,
        items: &mut Vec<PriorFigure>,
    ) {
        let filled = self.rows_under_header(|r| {
            sheet::is_header::<PriorFunction>(r) || sheet::is_header::<PriorFigure>(r)
        });
        let (at, header) = filled[0];
        let header = header.cells();
        let fcols = sheet::header_fields::<PriorFunction>(&header);
        let icols = sheet::header_fields::<PriorFigure>(&header);
        let col = |cols: &[Option<&'static Field<_>>], label: &str| {
            cols.iter()
                .position(|f| f.is_some_and(|f| f.label == label))
        };
        let func = col(&fcols, "功能科目");
        let item = icols
            .iter()
            .position(|f| f.is_some_and(|f| matches!(f.ty, FieldType::Choice(..))));
        if func.is_none() && item.is_none() {
            self.problem(
                at,
                "",
                format!(
                    "表头缺少“功能科目”（与“支出性质”）或“项目”（表头应为：{}）",
                    crate::exchange::workbook::WorkbookSheet::Prior
                        .headers()
                        .join("、")
                ),
            );
            return;
        }
        let given = |row: &Row, c: Option<usize>| {
            c.and_then(|c| row.get(c))
                .is_some_and(|s| !s.trim().is_empty())
        };
        let (mut frows, mut irows) = (Vec::new(), Vec::new());
        for (n, row) in &filled[1..] {
            match (given(row, func), given(row, item)) {
                (true, true) => self.problem(*n, "", "一行只能填“功能科目”或“项目”之一"),
                (true, false) => frows.push((*n, *row)),
                (false, true) => irows.push((*n, *row)),
                (false, false) => self.problem(
                    *n,
                    "",
                    "请填写“功能科目”与“支出性质”，或在“项目”列填三公经费、机关运行经费的名称",
                ),
            }
        }
        if !frows.is_empty() {
            if !sheet::missing_columns(&fcols).is_empty() {
                let missing = sheet::missing_columns(&fcols).join("、");
                self.problem(at, "", format!("表头缺少“{missing}”"));
            } else {
                self.keyed(&fcols, &frows, scratch, functions);
            }
        }
        if !irows.is_empty() {
            let read = {
                let b = &*scratch;
                self.read_keyed(
                    &icols,
                    &irows,
                    b,
                    &["项目"],
                    |p: &PriorFigure| p.item.label().to_string(),
                    |k| {
                        let item = PriorItem::parse(k)?;
                        let amount = *b.prior_items.get(&item)?;
                        Some(PriorFigure { item, amount })
                    },
                    PriorFigure::blank,
                )
            };
            for (p, _, _) in read {
                scratch.prior_items.insert(p.item, p.amount);
                items.push(p);
            }
        }
    }

    /// 项目: one of the same name is updated, another added (with an id the lines and
    /// indicators of the same import refer to). A new project without a unit belongs to
    /// the first unit.
    pub fn projects(
        &mut self,
        scratch: &mut Budget,
        new: &mut Vec<Project>,
        updated: &mut Vec<Project>,
    ) {
        let Some((cols, rows)) = self.columns::<Project>() else {
            return;
        };
        let read = {
            let b = &*scratch;
            self.read_keyed(
                &cols,
                &rows,
                b,
                &["项目名称"],
                |p: &Project| p.name.clone(),
                |k| b.projects.iter().find(|p| p.name == k).cloned(),
                || Project {
                    unit_id: b.units.first().map_or(0, |u| u.id),
                    ..Project::blank()
                },
            )
        };
        let mut next = scratch.projects.iter().map(|x| x.id).max().unwrap_or(0) + 1;
        for (mut p, is_new, _) in read {
            if is_new {
                p.id = next;
                next += 1;
            }
            p.clone().put_in(scratch);
            if is_new { new.push(p) } else { updated.push(p) }
        }
    }

    /// 支出明细: every row a new line, with its amount (a blank one is refused: an amount
    /// missed, or a column not recognised, must not become 0).
    pub fn lines(&mut self, b: &Budget, out: &mut Vec<Line>) {
        let Some((cols, rows)) = self.columns_with::<Line>(&["金额"]) else {
            return;
        };
        let amount = cols
            .iter()
            .position(|f| f.is_some_and(|f| f.label == "金额"));
        let start = |_: &[&str]| (Line::blank(), true);
        self.read(&cols, cells(&rows), b, start, |s, l, n, row| {
            if amount
                .and_then(|c| row.get(c))
                .is_none_or(|a| a.trim().is_empty())
            {
                s.problem(n, "金额", "不能为空（金额为 0 的明细请填 0）");
            } else {
                out.push(l)
            }
        });
    }

    /// 绩效指标: of the project their row names, or of the department (blank or
    /// 整体绩效).
    pub fn indicators(&mut self, b: &Budget, out: &mut Vec<Indicator>) {
        let Some((cols, rows)) = self.columns::<Indicator>() else {
            return;
        };
        // “整体绩效” names the department's own target, as a blank does.
        let project = cols
            .iter()
            .position(|f| f.is_some_and(|f| matches!(f.ty, FieldType::Project)));
        let rows = cells(&rows).map(|(n, mut r)| {
            if let Some(cell) = project.and_then(|c| r.get_mut(c))
                && matches!(*cell, "整体绩效" | "部门整体" | "部门整体绩效")
            {
                *cell = "";
            }
            (n, r)
        });
        let mut next = b.indicators.iter().map(|i| i.id).max().unwrap_or(0) + 1;
        self.read(
            &cols,
            rows,
            b,
            |_| (Indicator::blank(), true),
            |_, mut i, _, _| {
                i.id = next;
                next += 1;
                out.push(i);
            },
        );
    }

    /// 政府采购: every row a new item; a 合计 left blank is the sum of the parts.
    pub fn procurement(&mut self, b: &Budget, out: &mut Vec<Procurement>) {
        let Some((cols, rows)) = self.columns::<Procurement>() else {
            return;
        };
        let total = cols
            .iter()
            .position(|f| f.is_some_and(|f| f.label == "合计"));
        let mut next = b.procurement.iter().map(|x| x.id).max().unwrap_or(0) + 1;
        self.read(
            &cols,
            cells(&rows),
            b,
            |_| (Procurement::blank(), true),
            |_, mut x, _, row| {
                let blank = total
                    .and_then(|c| row.get(c))
                    .is_none_or(|s| s.trim().is_empty());
                if blank {
                    x.total = x.goods + x.works + x.services;
                }
                x.id = next;
                next += 1;
                out.push(x);
            },
        );
    }

    /// 资产: the vehicles and equipment of each category.
    pub fn assets(&mut self, scratch: &mut Budget, out: &mut Vec<Asset>) {
        self.keyed_sheet(scratch, out);
    }

    /// 变动原因: the reason for each item that changed from last year.
    pub fn reasons(&mut self, scratch: &mut Budget, out: &mut Vec<Reason>) {
        let Some((cols, rows)) = self.columns::<Reason>() else {
            return;
        };
        let read = {
            let b = &*scratch;
            self.read_keyed(
                &cols,
                &rows,
                b,
                &["变动项目"],
                |r: &Reason| r.key.clone(),
                |k| {
                    b.reasons.get(k).map(|t| Reason {
                        key: k.to_string(),
                        text: t.clone(),
                    })
                },
                Reason::blank,
            )
        };
        for (r, _, _) in read {
            scratch.reasons.insert(r.key.clone(), r.text.clone());
            out.push(r);
        }
    }
}
