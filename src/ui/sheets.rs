//! The sheets of the editor. Each reads the document and turns what the user does into
//! commands; none changes the budget itself.

use super::command::UiCommand;
use super::grid::{ColKind, ColumnSpec, GridAction, GridState, GridView};
use super::{CellOrigin, Command, Notice};
use crate::catalog::CatalogKind;
use crate::checks::{self, Finding, Place, Record, Sheet};
use crate::document::Document;
use crate::edit::Edit;
use crate::model::*;
use crate::money::{Money, parse_yuan};
use crate::paste;
use egui::{Color32, RichText};
use rust_decimal::Decimal;
use std::collections::{BTreeMap, HashMap};
use std::str::FromStr;

/// The sheets in navigation order.
pub const ORDER: [Sheet; 13] = Sheet::ALL;

/// Filters of the 支出明细 sheet.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct LineFilter {
    pub unit: Option<i64>,
    pub nature: Option<Nature>,
    pub project: Option<Option<i64>>,
    pub source: Option<FundSource>,
    /// A code prefix (function or economic) or part of a remark.
    pub text: String,
}

impl LineFilter {
    fn matches(&self, l: &Line) -> bool {
        self.unit.is_none_or(|u| l.unit_id == u)
            && self.nature.is_none_or(|n| l.nature == n)
            && self.project.is_none_or(|p| l.project_id == p)
            && self.source.is_none_or(|s| l.fund_source == s)
            && (self.text.is_empty()
                || l.func_code.starts_with(&self.text)
                || l.dept_econ.starts_with(&self.text)
                || l.remark.contains(&self.text))
    }

    fn is_active(&self) -> bool {
        *self != LineFilter::default()
    }
}

/// What the filtered, sorted view of lines depends on: revision, filter, sort.
type ViewKey = (u64, LineFilter, Option<(usize, bool)>);

#[derive(Default)]
pub struct LinesState {
    pub grid: GridState,
    pub filter: LineFilter,
    pub sort: Option<(usize, bool)>,
    /// Indices into `budget.lines`, filtered and sorted.
    pub view: Vec<usize>,
    view_key: Option<ViewKey>,
    pub find: String,
    pub find_open: bool,
    find_focus: bool,
    pub paste_problems: Option<Vec<paste::Problem>>,
    subtotals: Option<(u64, Subtotals)>,
}

#[derive(Default)]
pub struct SheetStates {
    pub lines: LinesState,
    pub published: super::published::PublishedState,
    pub charts: super::charts::ChartsState,
    changes: Option<(u64, std::rc::Rc<Vec<checks::Change>>)>,
    pub grids: HashMap<(Sheet, u8), GridState>,
    /// Text being typed in form fields, by field.
    pub drafts: HashMap<String, String>,
    pub project: Option<i64>,
    /// After 新增项目: select the first project whose id is above this once it exists.
    select_new_project_after: Option<i64>,
    prior_new: (String, Option<Nature>, String),
}

impl SheetStates {
    fn grid(&mut self, sheet: Sheet, n: u8) -> &mut GridState {
        if sheet == Sheet::Lines {
            return &mut self.lines.grid;
        }
        self.grids.entry((sheet, n)).or_default()
    }

    /// The outcome of an edit that came from a grid cell.
    pub fn commit_result(&mut self, o: CellOrigin, r: Result<(), String>) {
        self.grid(o.sheet, o.grid).commit_result(o.row, o.col, r);
    }

    /// Moves to the place of a finding.
    /// The items that changed from last year (the rows of 变动原因), derived once per
    /// revision: the sheet, its remarks and the jumps to it all read them.
    pub fn changed_items(&mut self, doc: &Document) -> std::rc::Rc<Vec<checks::Change>> {
        match &self.changes {
            Some((rev, c)) if *rev == doc.revision() => c.clone(),
            _ => {
                let c: std::rc::Rc<Vec<checks::Change>> = std::rc::Rc::new(
                    checks::year_on_year(doc.budget())
                        .into_iter()
                        .filter(|c| c.prior != c.current)
                        .collect(),
                );
                self.changes = Some((doc.revision(), c.clone()));
                c
            }
        }
    }

    /// The place selected on a sheet (for a remark): the record under the cursor and its
    /// column where the sheet has records, else the sheet.
    pub fn current_place(&mut self, sheet: Sheet, doc: &Document) -> Place {
        let b = doc.budget();
        let cursor = |st: &SheetStates, s: Sheet| st.grids.get(&(s, 0)).and_then(|g| g.cursor);
        let record = match sheet {
            Sheet::Lines => {
                let st = &mut self.lines;
                st.refresh_view(doc);
                if let Some((row, col)) = st.grid.cursor
                    && let Some(l) = st.view.get(row).and_then(|i| b.lines.get(*i))
                {
                    return Place::new(
                        sheet,
                        Some(Record::Id(l.id)),
                        paste::COLUMNS.get(col).copied(),
                    );
                }
                None
            }
            Sheet::Projects => {
                // An indicator selected in the project's indicator grid, else the project.
                let ind = self.project.and_then(|p| {
                    self.grids
                        .get(&(Sheet::Projects, 1))
                        .and_then(|g| g.cursor)
                        .and_then(|(r, _)| b.indicators_of(Some(p)).nth(r))
                });
                if let Some(i) = ind {
                    return Place::new(sheet, Some(Record::Id(i.id)), Some("指标名称"));
                }
                self.project.map(Record::Id)
            }
            Sheet::DepartmentTarget => {
                if let Some(i) = self
                    .grids
                    .get(&(Sheet::DepartmentTarget, 1))
                    .and_then(|g| g.cursor)
                    .and_then(|(r, _)| b.indicators_of(None).nth(r))
                {
                    return Place::new(sheet, Some(Record::Id(i.id)), Some("指标名称"));
                }
                None
            }
            Sheet::Procurement => cursor(self, sheet)
                .and_then(|(r, _)| b.procurement.get(r))
                .map(|p| Record::Id(p.id)),
            Sheet::Income => cursor(self, sheet)
                .and_then(|(r, _)| b.income.get(r))
                .map(|i| Record::Key(i.source.label().to_string())),
            Sheet::Reasons => cursor(self, sheet).and_then(|(r, _)| {
                self.changed_items(doc)
                    .get(r)
                    .map(|c| Record::Key(c.key.clone()))
            }),
            _ => None,
        };
        Place::new(sheet, record, None)
    }

    pub fn go_to(&mut self, doc: &Document, place: &Place) {
        let b = doc.budget();
        let f = Finding {
            check: "",
            severity: checks::Severity::Warning,
            message: String::new(),
            place: place.clone(),
        };
        match (&f.place.sheet, &f.place.record) {
            (Sheet::Lines, Some(Record::Id(id))) => {
                let Some(idx) = b.lines.iter().position(|l| l.id == *id) else {
                    return;
                };
                let st = &mut self.lines;
                st.refresh_view(doc);
                if !st.view.contains(&idx) {
                    st.filter = LineFilter::default();
                    st.refresh_view(doc);
                }
                let row = st.view.iter().position(|i| *i == idx).unwrap_or(0);
                let col = f
                    .place
                    .field
                    .and_then(|fd| paste::COLUMNS.iter().position(|c| *c == fd))
                    .unwrap_or(7);
                st.grid.select_only(row, col);
            }
            (Sheet::Projects, Some(Record::Id(id))) if f.place.field == Some("指标名称") => {
                if let Some(i) = b.indicators.iter().find(|i| i.id == *id)
                    && let Some(p) = i.project_id
                {
                    self.project = Some(p);
                    if let Some(row) = b.indicators_of(Some(p)).position(|x| x.id == *id) {
                        self.grid(Sheet::Projects, 1).select_only(row, 0);
                    }
                }
            }
            (Sheet::DepartmentTarget, Some(Record::Id(id))) => {
                if let Some(row) = b.indicators_of(None).position(|x| x.id == *id) {
                    self.grid(Sheet::DepartmentTarget, 1).select_only(row, 0);
                }
            }
            (Sheet::Projects, Some(Record::Id(id))) => self.project = Some(*id),
            (Sheet::Reasons, Some(Record::Key(k))) => {
                if let Some(row) = self.changed_items(doc).iter().position(|c| &c.key == k) {
                    self.grid(Sheet::Reasons, 0).select_only(row, 5);
                }
            }
            (Sheet::Procurement, Some(Record::Id(id))) => {
                if let Some(row) = b.procurement.iter().position(|p| p.id == *id) {
                    self.grid(Sheet::Procurement, 0).select_only(row, 3);
                }
            }
            (Sheet::Income, Some(Record::Key(k))) => {
                if let Some(row) = b.income.iter().position(|i| i.source.label() == k) {
                    self.grid(Sheet::Income, 0).select_only(row, 1);
                }
            }
            _ => {}
        }
    }

    /// Row commands (insert, duplicate, delete, find) on the current sheet.
    pub fn command(&mut self, sheet: Sheet, c: UiCommand, doc: &Document, out: &mut Vec<Command>) {
        if sheet != Sheet::Lines {
            if c == UiCommand::Find {
                out.push(Command::Notify(Notice::info("查找用于“支出明细”页")));
            }
            return;
        }
        let b = doc.budget();
        let st = &mut self.lines;
        st.refresh_view(doc);
        let selected: Vec<&Line> = st
            .grid
            .selection()
            .iter()
            .filter_map(|r| st.view.get(*r))
            .map(|i| &b.lines[*i])
            .collect();
        match c {
            UiCommand::Find => {
                st.find_open = true;
                st.find_focus = true;
            }
            UiCommand::InsertRow => {
                let template = selected
                    .first()
                    .map(|l| (*l).clone())
                    .or_else(|| b.lines.last().cloned());
                let line = match template {
                    Some(t) => Line {
                        id: 0,
                        amount: Money::ZERO,
                        remark: String::new(),
                        ..t
                    },
                    None => {
                        let Some(u) = b.units.first() else {
                            out.push(Command::Notify(Notice::error("请先在“单位信息”页添加单位")));
                            return;
                        };
                        Line {
                            id: 0,
                            unit_id: u.id,
                            func_code: b
                                .catalog
                                .function
                                .search("", true, 1)
                                .first()
                                .map(|s| s.to_string())
                                .unwrap_or_default(),
                            dept_econ: "30201".into(),
                            gov_econ_override: None,
                            nature: Nature::Basic,
                            cost_class_override: None,
                            project_id: None,
                            fund_source: FundSource::General,
                            amount: Money::ZERO,
                            remark: String::new(),
                        }
                    }
                };
                out.push(Command::Apply(Edit::PutLines(vec![line]), None));
                // Filters may hide the new line; show everything and go to its row.
                st.filter = LineFilter::default();
                st.sort = None;
                st.grid.select_only(b.lines.len(), 7);
            }
            UiCommand::DuplicateRows => {
                if selected.is_empty() {
                    return;
                }
                let copies = selected
                    .iter()
                    .map(|l| Line {
                        id: 0,
                        ..(*l).clone()
                    })
                    .collect();
                out.push(Command::Apply(Edit::PutLines(copies), None));
            }
            UiCommand::DeleteRows => {
                if selected.is_empty() {
                    return;
                }
                out.push(Command::Apply(
                    Edit::DeleteLines(selected.iter().map(|l| l.id).collect()),
                    None,
                ));
                st.grid.selected.clear();
            }
            _ => {}
        }
    }
}

impl LinesState {
    fn refresh_view(&mut self, doc: &Document) {
        let key = (doc.revision(), self.filter.clone(), self.sort);
        if self.view_key.as_ref() == Some(&key) {
            return;
        }
        let b = doc.budget();
        let mut view: Vec<usize> = (0..b.lines.len())
            .filter(|i| self.filter.matches(&b.lines[*i]))
            .collect();
        if let Some((col, desc)) = self.sort {
            let sort_key = |i: &usize| -> (String, i64) {
                let l = &b.lines[*i];
                match col {
                    7 => (String::new(), l.amount.fen()),
                    _ => (line_cell(b, l, col, false), 0),
                }
            };
            view.sort_by_cached_key(sort_key);
            if desc {
                view.reverse();
            }
        }
        self.view = view;
        self.view_key = Some(key);
    }
}

fn unit_name(b: &Budget, id: i64) -> String {
    b.unit(id).map(|u| u.name.clone()).unwrap_or_default()
}

fn line_cell(b: &Budget, l: &Line, col: usize, for_edit: bool) -> String {
    match col {
        0 => unit_name(b, l.unit_id),
        1 if for_edit => l.func_code.clone(),
        1 => format!(
            "{} {}",
            l.func_code,
            b.catalog
                .function
                .name(&l.func_code)
                .unwrap_or("（目录中没有）")
        ),
        2 if for_edit => l.dept_econ.clone(),
        2 => format!(
            "{} {}",
            l.dept_econ,
            b.catalog
                .dept_economic
                .name(&l.dept_econ)
                .unwrap_or("（目录中没有）")
        ),
        3 => match (&l.gov_econ_override, for_edit) {
            (Some(o), true) => o.clone(),
            (Some(o), false) => format!(
                "{o} {}（手工指定）",
                b.catalog.gov_economic.name(o).unwrap_or("")
            ),
            (None, true) => String::new(),
            (None, false) => b
                .gov_code(l)
                .map(|g| format!("{g} {}", b.catalog.gov_economic.name(&g).unwrap_or("")))
                .unwrap_or_else(|| "（无对应）".into()),
        },
        4 => l.nature.label().to_string(),
        5 => l
            .project_id
            .and_then(|p| b.project(p))
            .map(|p| p.name.clone())
            .unwrap_or_default(),
        6 => l.fund_source.label().to_string(),
        7 if for_edit => l.amount.plain(),
        7 => l.amount.grouped(),
        8 => l.remark.clone(),
        _ => String::new(),
    }
}

fn code_of(s: &str) -> String {
    s.trim()
        .chars()
        .take_while(|c| c.is_ascii_digit())
        .collect()
}

/// A line with one cell changed, or why the entry is refused.
fn line_with(b: &Budget, l: &Line, col: usize, text: &str) -> Result<Line, String> {
    let mut l = l.clone();
    let t = text.trim();
    match col {
        0 => {
            let u = b
                .units
                .iter()
                .find(|u| u.name == t || u.code == t || u.name.trim_end_matches("（本级）") == t)
                .ok_or_else(|| format!("没有单位“{t}”"))?;
            l.unit_id = u.id;
        }
        1 => {
            let c = code_of(t);
            if c.len() != 7 {
                return Err(format!("“{t}”不是 7 位的项级功能科目"));
            }
            if !b.catalog.function.contains(&c) {
                return Err(format!("功能科目“{c}”不在目录中"));
            }
            l.func_code = c;
        }
        2 => {
            let c = code_of(t);
            if c.len() != 5 || !b.catalog.dept_economic.contains(&c) {
                return Err(format!("“{t}”不是部门经济分类中的款级科目"));
            }
            l.dept_econ = c;
        }
        3 => {
            let c = code_of(t);
            if t.is_empty() {
                l.gov_econ_override = None;
            } else if c.len() != 5 || !b.catalog.gov_economic.contains(&c) {
                return Err(format!(
                    "“{t}”不是政府经济分类中的款级科目（留空则按对照表）"
                ));
            } else {
                let mapped = b.mapped_gov_code(&l).map(str::to_string);
                l.gov_econ_override = (mapped.as_deref() != Some(c.as_str())).then_some(c);
            }
        }
        4 => {
            l.nature = Nature::parse(t).ok_or_else(|| format!("“{t}”应为“基本支出”或“项目支出”"))?
        }
        5 => {
            l.project_id = if t.is_empty() {
                None
            } else {
                Some(
                    b.project_by_name(t)
                        .ok_or_else(|| format!("没有项目“{t}”"))?
                        .id,
                )
            }
        }
        6 => l.fund_source = FundSource::parse(t).ok_or_else(|| format!("“{t}”不是资金来源"))?,
        7 => l.amount = parse_yuan(t).map_err(|e| e.to_string())?,
        8 => l.remark = text.to_string(),
        _ => {}
    }
    Ok(l)
}

pub fn show(
    ui: &mut egui::Ui,
    sheet: Sheet,
    doc: &Document,
    st: &mut SheetStates,
    out: &mut Vec<Command>,
) {
    if sheet == Sheet::Charts {
        return super::charts::show(ui, doc, &mut st.charts);
    }
    ui.heading(sheet.label());
    ui.add_space(4.0);
    match sheet {
        Sheet::Department => department(ui, doc, st, out),
        Sheet::Income => income(ui, doc, st, out),
        Sheet::Lines => lines(ui, doc, st, out),
        Sheet::ThreePublic => three_public(ui, doc, st, out),
        Sheet::Projects => projects(ui, doc, st, out),
        Sheet::DepartmentTarget => department_target(ui, doc, st, out),
        Sheet::Procurement => procurement(ui, doc, st, out),
        Sheet::Assets => assets(ui, doc, st, out),
        Sheet::Prior => prior(ui, doc, st, out),
        Sheet::Reasons => reasons(ui, doc, st, out),
        Sheet::Tables => super::published::show_tables(ui, doc, &mut st.published),
        Sheet::Narrative => super::published::show_narrative(ui, doc, &mut st.published, out),
        Sheet::Charts => {}
    }
}

// ---- helpers ----------------------------------------------------------------------------

/// A record list through the shared grid. `commit` turns an entry into an edit.
#[allow(clippy::too_many_arguments)]
fn record_grid(
    ui: &mut egui::Ui,
    doc: &Document,
    st: &mut GridState,
    origin: (Sheet, u8),
    columns: &[ColumnSpec],
    shown: &[Vec<String>],
    edited: &[Vec<String>],
    commit: &dyn Fn(usize, usize, &str) -> Result<Edit, String>,
    out: &mut Vec<Command>,
) {
    let view = GridView {
        id: &format!("grid-{:?}-{}", origin.0, origin.1),
        columns,
        rows: shown.len(),
        read_only: doc.is_read_only(),
        catalog: &doc.budget().catalog,
        cell: &|r, c| shown[r][c].clone(),
        edit_text: &|r, c| edited[r][c].clone(),
        sort: None,
        marked: &|_| false,
    };
    for a in view.show(ui, st) {
        if let GridAction::Commit { row, col, text } = a {
            let o = CellOrigin {
                sheet: origin.0,
                grid: origin.1,
                row,
                col,
            };
            match commit(row, col, &text) {
                Ok(edit) => out.push(Command::Apply(edit, Some(o))),
                Err(msg) => st.commit_result(row, col, Err(msg)),
            }
        }
    }
}

/// A form field that commits its text when it loses focus (or Enter on one line).
fn draft_field(
    ui: &mut egui::Ui,
    drafts: &mut HashMap<String, String>,
    key: &str,
    label: &str,
    current: &str,
    multiline: bool,
    read_only: bool,
) -> Option<String> {
    let l = ui.label(label);
    let text = drafts
        .entry(key.to_string())
        .or_insert_with(|| current.to_string());
    let edit = if multiline {
        egui::TextEdit::multiline(text)
            .desired_rows(3)
            .desired_width(f32::INFINITY)
    } else {
        egui::TextEdit::singleline(text).desired_width(320.0)
    };
    let resp = ui.add_enabled(!read_only, edit).labelled_by(l.id);
    let changed = resp.lost_focus() && text.as_str() != current;
    let value = text.clone();
    if !resp.has_focus() {
        drafts.remove(key);
    }
    changed.then_some(value)
}

fn money_text(m: Money) -> String {
    m.grouped()
}

fn choice(items: impl IntoIterator<Item = impl ToString>) -> ColKind {
    ColKind::Choice(items.into_iter().map(|s| s.to_string()).collect())
}

fn unit_choice(b: &Budget) -> ColKind {
    choice(b.units.iter().map(|u| u.name.clone()))
}

fn find_unit(b: &Budget, t: &str) -> Result<i64, String> {
    b.units
        .iter()
        .find(|u| u.name == t || u.code == t)
        .map(|u| u.id)
        .ok_or_else(|| format!("没有单位“{t}”"))
}

fn total_label(ui: &mut egui::Ui, text: String) {
    ui.label(RichText::new(text).strong());
}

// ---- 单位信息 ------------------------------------------------------------------------------

fn department(ui: &mut egui::Ui, doc: &Document, st: &mut SheetStates, out: &mut Vec<Command>) {
    let b = doc.budget();
    let ro = doc.is_read_only();
    let d = &b.department;
    egui::ScrollArea::vertical().id_salt("dept").show(ui, |ui| {
        let mut new = d.clone();
        let mut changed = false;
        egui::Grid::new("dept_form")
            .num_columns(2)
            .spacing([12.0, 6.0])
            .show(ui, |ui| {
                let year = d.year.to_string();
                let divisions = d.divisions.to_string();
                let fields: [(&str, &str, &str); 7] = [
                    ("name", "部门名称", &d.name),
                    ("code", "部门代码", &d.code),
                    ("year", "预算年度", &year),
                    ("region", "地区", &d.region),
                    ("divisions", "内设科室数", &divisions),
                    ("contact_name", "联系人", &d.contact_name),
                    ("contact_phone", "联系电话", &d.contact_phone),
                ];
                for (key, label, cur) in fields {
                    if let Some(v) = draft_field(ui, &mut st.drafts, key, label, cur, false, ro) {
                        changed = true;
                        match key {
                            "name" => new.name = v.trim().to_string(),
                            "code" => new.code = v.trim().to_string(),
                            "year" => match v.trim().parse() {
                                Ok(y) => new.year = y,
                                Err(_) => {
                                    out.push(Command::Notify(Notice::error(format!(
                                        "预算年度“{v}”不是年份，未保存"
                                    ))));
                                    changed = false;
                                }
                            },
                            "region" => new.region = v.trim().to_string(),
                            "divisions" => match v.trim().parse() {
                                Ok(n) => new.divisions = n,
                                Err(_) => {
                                    out.push(Command::Notify(Notice::error(format!(
                                        "内设科室数“{v}”不是整数，未保存"
                                    ))));
                                    changed = false;
                                }
                            },
                            "contact_name" => new.contact_name = v,
                            _ => new.contact_phone = v,
                        }
                    }
                    ui.end_row();
                }
            });
        ui.add_space(6.0);
        for (key, label, cur) in [
            ("duties", "职能职责", d.duties.clone()),
            ("composition", "单位构成", d.composition.clone()),
        ] {
            if let Some(v) = draft_field(ui, &mut st.drafts, key, label, &cur, true, ro) {
                changed = true;
                if key == "duties" {
                    new.duties = v;
                } else {
                    new.composition = v;
                }
            }
        }
        if changed {
            out.push(Command::Apply(Edit::SetDepartment(new), None));
        }
        ui.add_space(10.0);
        ui.horizontal(|ui| {
            ui.strong("预算单位");
            if ui.add_enabled(!ro, egui::Button::new("新增单位")).clicked() {
                let n = b.units.len() + 1;
                let code = format!("{}{:03}", d.code, n);
                out.push(Command::Apply(
                    Edit::PutUnit(Unit {
                        id: 0,
                        code,
                        name: format!("新单位{n}"),
                        kind: UnitKind::Institution,
                    }),
                    None,
                ));
            }
            let grid = st.grid(Sheet::Department, 0);
            let sel: Vec<i64> = grid
                .selection()
                .iter()
                .filter_map(|r| b.units.get(*r))
                .map(|u| u.id)
                .collect();
            if ui
                .add_enabled(!ro && !sel.is_empty(), egui::Button::new("删除单位"))
                .clicked()
            {
                for id in sel {
                    out.push(Command::Apply(Edit::DeleteUnit(id), None));
                }
            }
        });
        let columns = [
            ColumnSpec::new("单位代码", 110.0, ColKind::Text),
            ColumnSpec::new("单位名称", 320.0, ColKind::Text),
            ColumnSpec::new(
                "单位类型",
                90.0,
                choice(UnitKind::ALL.iter().map(|k| k.label())),
            ),
        ];
        let rows: Vec<Vec<String>> = b
            .units
            .iter()
            .map(|u| vec![u.code.clone(), u.name.clone(), u.kind.label().to_string()])
            .collect();
        let commit = |r: usize, c: usize, t: &str| -> Result<Edit, String> {
            let mut u = b.units[r].clone();
            let t = t.trim();
            match c {
                0 if t.is_empty() => return Err("单位代码不能为空".into()),
                0 => u.code = t.to_string(),
                1 if t.is_empty() => return Err("单位名称不能为空".into()),
                1 => u.name = t.to_string(),
                _ => {
                    u.kind = UnitKind::parse(t)
                        .ok_or_else(|| format!("单位类型应为 {}", UnitKind::labels()))?
                }
            }
            Ok(Edit::PutUnit(u))
        };
        ui.allocate_ui(egui::vec2(ui.available_width(), 200.0), |ui| {
            record_grid(
                ui,
                doc,
                st.grid(Sheet::Department, 0),
                (Sheet::Department, 0),
                &columns,
                &rows,
                &rows,
                &commit,
                out,
            );
        });
    });
}

// ---- 收入 ------------------------------------------------------------------------------------

fn income(ui: &mut egui::Ui, doc: &Document, st: &mut SheetStates, out: &mut Vec<Command>) {
    let b = doc.budget();
    let ro = doc.is_read_only();
    ui.horizontal(|ui| {
        let missing: Vec<FundSource> = FundSource::ALL
            .iter()
            .copied()
            .filter(|s| b.income_of(*s).is_none())
            .collect();
        let l = ui.label("新增收入来源");
        ui.add_enabled_ui(!ro && !missing.is_empty(), |ui| {
            egui::ComboBox::from_id_salt("add_income")
                .selected_text("选择…")
                .show_ui(ui, |ui| {
                    for s in missing {
                        if ui.selectable_label(false, s.label()).clicked() {
                            out.push(Command::Apply(
                                Edit::SetIncome(Income {
                                    source: s,
                                    current: Money::from_fen(1),
                                    prior: Money::ZERO,
                                }),
                                None,
                            ));
                        }
                    }
                })
                .response
                .labelled_by(l.id);
        });
        let grid = st.grid(Sheet::Income, 0);
        let sel: Vec<FundSource> = grid
            .selection()
            .iter()
            .filter_map(|r| b.income.get(*r))
            .map(|i| i.source)
            .collect();
        if ui
            .add_enabled(!ro && !sel.is_empty(), egui::Button::new("删除所选来源"))
            .clicked()
        {
            let edits = sel
                .into_iter()
                .map(|s| {
                    Edit::SetIncome(Income {
                        source: s,
                        current: Money::ZERO,
                        prior: Money::ZERO,
                    })
                })
                .collect();
            out.push(Command::Apply(Edit::Batch(edits), None));
        }
    });
    let columns = [
        ColumnSpec::new("资金来源", 260.0, ColKind::Fixed),
        ColumnSpec::new("本年预算数", 160.0, ColKind::Money),
        ColumnSpec::new("上年预算数", 160.0, ColKind::Money),
        ColumnSpec::new("增减", 160.0, ColKind::FixedMoney),
    ];
    let shown: Vec<Vec<String>> = b
        .income
        .iter()
        .map(|i| {
            vec![
                i.source.label().into(),
                money_text(i.current),
                money_text(i.prior),
                money_text(i.current - i.prior),
            ]
        })
        .collect();
    let edited: Vec<Vec<String>> = b
        .income
        .iter()
        .map(|i| {
            vec![
                String::new(),
                i.current.plain(),
                i.prior.plain(),
                String::new(),
            ]
        })
        .collect();
    let commit = |r: usize, c: usize, t: &str| -> Result<Edit, String> {
        let mut i = b.income[r].clone();
        let m = parse_yuan(t).map_err(|e| e.to_string())?;
        if c == 1 {
            i.current = m;
        } else {
            i.prior = m;
        }
        Ok(Edit::SetIncome(i))
    };
    let cur: Money = b.income.iter().map(|i| i.current).sum();
    let prior: Money = b.income.iter().map(|i| i.prior).sum();
    total_label(
        ui,
        format!(
            "收入合计：本年 {}，上年 {}，增减 {}",
            cur.grouped(),
            prior.grouped(),
            (cur - prior).grouped()
        ),
    );
    record_grid(
        ui,
        doc,
        st.grid(Sheet::Income, 0),
        (Sheet::Income, 0),
        &columns,
        &shown,
        &edited,
        &commit,
        out,
    );
}

// ---- 支出明细 ----------------------------------------------------------------------------------

#[derive(Clone, Default)]
struct Subtotals {
    by_unit: Vec<(String, Money)>,
    by_nature: Vec<(String, Money)>,
    by_project: Vec<(String, Money)>,
    by_class: Vec<(String, Money, u8)>,
    total: Money,
}

fn subtotals(b: &Budget) -> Subtotals {
    let mut unit: BTreeMap<String, Money> = BTreeMap::new();
    let mut nature: BTreeMap<&str, Money> = BTreeMap::new();
    let mut project: BTreeMap<String, Money> = BTreeMap::new();
    let mut class: BTreeMap<String, Money> = BTreeMap::new();
    for l in &b.lines {
        let u = b
            .unit(l.unit_id)
            .map(|u| format!("{} {}", u.code, u.name))
            .unwrap_or_default();
        *unit.entry(u).or_default() += l.amount;
        *nature.entry(l.nature.label()).or_default() += l.amount;
        if let Some(p) = l.project_id.and_then(|p| b.project(p)) {
            *project.entry(p.name.clone()).or_default() += l.amount;
        }
        *class
            .entry(l.func_code[..3.min(l.func_code.len())].to_string())
            .or_default() += l.amount;
        *class
            .entry(l.func_code[..5.min(l.func_code.len())].to_string())
            .or_default() += l.amount;
    }
    Subtotals {
        by_unit: unit.into_iter().collect(),
        by_nature: nature
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
        by_project: project.into_iter().collect(),
        by_class: class
            .into_iter()
            .map(|(c, m)| {
                let level = if c.len() == 3 { 0 } else { 1 };
                (
                    format!("{c} {}", b.catalog.function.name(&c).unwrap_or("")),
                    m,
                    level,
                )
            })
            .collect(),
        total: b.lines.iter().map(|l| l.amount).sum(),
    }
}

fn lines(ui: &mut egui::Ui, doc: &Document, st: &mut SheetStates, out: &mut Vec<Command>) {
    let b = doc.budget();
    let ro = doc.is_read_only();
    let ls = &mut st.lines;
    ls.refresh_view(doc);

    // Subtotals beside the grid.
    if ls
        .subtotals
        .as_ref()
        .is_none_or(|(rev, _)| *rev != doc.revision())
    {
        ls.subtotals = Some((doc.revision(), subtotals(b)));
    }
    let sub = ls
        .subtotals
        .as_ref()
        .map(|(_, s)| s.clone())
        .unwrap_or_default();
    // The grid is laid out after the subtotals panel has taken its place below.
    egui::Panel::bottom("line_subtotals")
        .resizable(true)
        .default_size(170.0)
        .show(ui, |ui| {
            ui.add_space(4.0);
            ui.columns(4, |cols| {
                let section = |ui: &mut egui::Ui, title: &str, rows: &[(String, Money, u8)]| {
                    ui.strong(title);
                    // Only the visible rows are laid out (300 projects, …).
                    egui::ScrollArea::vertical()
                        .id_salt(title)
                        .auto_shrink([false, true])
                        .show_rows(ui, 18.0, rows.len(), |ui, range| {
                            for (k, m, level) in &rows[range] {
                                let t = if *level == 0 {
                                    RichText::new(k).strong()
                                } else {
                                    RichText::new(format!("  {k}"))
                                };
                                let w = ui.available_width();
                                ui.allocate_ui_with_layout(
                                    egui::vec2(w, 18.0),
                                    egui::Layout::right_to_left(egui::Align::Center),
                                    |ui| {
                                        ui.monospace(m.grouped());
                                        ui.add(egui::Label::new(t).truncate()).on_hover_text(k);
                                    },
                                );
                            }
                        });
                };
                let flat = |v: &[(String, Money)]| {
                    v.iter()
                        .map(|(k, m)| (k.clone(), *m, 1u8))
                        .collect::<Vec<_>>()
                };
                let mut nature = flat(&sub.by_nature);
                nature.insert(0, ("支出合计".into(), sub.total, 0));
                section(&mut cols[0], "按功能科目（类/款）", &sub.by_class);
                section(&mut cols[1], "按单位", &flat(&sub.by_unit));
                section(&mut cols[2], "按支出性质", &nature);
                section(&mut cols[3], "按项目", &flat(&sub.by_project));
            });
        });

    // Toolbar: row commands, filters, find.
    ui.horizontal_wrapped(|ui| {
        for c in [
            UiCommand::InsertRow,
            UiCommand::DuplicateRows,
            UiCommand::DeleteRows,
        ] {
            let tip = c
                .shortcut()
                .map(|s| ui.ctx().format_shortcut(&s))
                .unwrap_or_default();
            if ui
                .add_enabled(!ro, egui::Button::new(c.label()))
                .on_hover_text(tip)
                .clicked()
            {
                out.push(Command::Ui(c));
            }
        }
        ui.separator();
        let f = &mut ls.filter;
        let l = ui.label("单位");
        egui::ComboBox::from_id_salt("f_unit")
            .selected_text(
                f.unit
                    .map(|u| unit_name(b, u))
                    .unwrap_or_else(|| "全部单位".into()),
            )
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut f.unit, None, "全部单位");
                for u in &b.units {
                    ui.selectable_value(&mut f.unit, Some(u.id), &u.name);
                }
            })
            .response
            .labelled_by(l.id);
        let l = ui.label("性质");
        egui::ComboBox::from_id_salt("f_nature")
            .selected_text(f.nature.map(|n| n.label()).unwrap_or("全部性质"))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut f.nature, None, "全部性质");
                for n in Nature::ALL {
                    ui.selectable_value(&mut f.nature, Some(*n), n.label());
                }
            })
            .response
            .labelled_by(l.id);
        let l = ui.label("项目");
        egui::ComboBox::from_id_salt("f_project")
            .selected_text(match f.project {
                None => "全部项目".to_string(),
                Some(None) => "（无项目）".to_string(),
                Some(Some(p)) => b.project(p).map(|p| p.name.clone()).unwrap_or_default(),
            })
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut f.project, None, "全部项目");
                ui.selectable_value(&mut f.project, Some(None), "（无项目）");
                for p in &b.projects {
                    ui.selectable_value(&mut f.project, Some(Some(p.id)), &p.name);
                }
            })
            .response
            .labelled_by(l.id);
        let l = ui.label("资金来源");
        egui::ComboBox::from_id_salt("f_source")
            .selected_text(f.source.map(|s| s.label()).unwrap_or("全部资金来源"))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut f.source, None, "全部资金来源");
                for s in FundSource::ALL {
                    ui.selectable_value(&mut f.source, Some(*s), s.label());
                }
            })
            .response
            .labelled_by(l.id);
        let l = ui.label("编码/备注");
        ui.add(
            egui::TextEdit::singleline(&mut f.text)
                .hint_text("如 2014 或 301")
                .desired_width(90.0),
        )
        .labelled_by(l.id);
        if f.is_active() && ui.button("清除筛选").clicked() {
            *f = LineFilter::default();
        }
    });
    ls.refresh_view(doc);
    let shown_total: Money = ls.view.iter().map(|i| b.lines[*i].amount).sum();
    ui.horizontal(|ui| {
        ui.label(format!(
            "共 {} 条{}，合计 {}",
            b.lines.len(),
            if ls.filter.is_active() {
                format!("，筛选后 {} 条", ls.view.len())
            } else {
                String::new()
            },
            shown_total.grouped()
        ));
        if ls.find_open {
            ui.separator();
            let r = ui.add(
                egui::TextEdit::singleline(&mut ls.find)
                    .hint_text("查找编码、名称或金额，回车查找下一个")
                    .desired_width(240.0),
            );
            if ls.find_focus {
                r.request_focus();
                ls.find_focus = false;
            }
            let next = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter))
                || ui.button("下一个").clicked();
            if next {
                match find_next(b, ls) {
                    Some(row) => {
                        ls.grid.select_only(row, 0);
                        ls.find_focus = true;
                    }
                    None => out.push(Command::Notify(Notice::info(format!(
                        "找不到“{}”",
                        ls.find
                    )))),
                }
            }
            if ui.button("关闭查找").clicked() {
                ls.find_open = false;
            }
        }
    });

    let columns = line_columns(b);
    let flagged: std::collections::HashSet<i64> = doc
        .derived()
        .findings
        .iter()
        .filter_map(|f| match (&f.place.sheet, &f.place.record) {
            (Sheet::Lines, Some(Record::Id(id))) => Some(*id),
            _ => None,
        })
        .collect();
    let view = &ls.view;
    let grid = GridView {
        id: "lines",
        columns: &columns,
        rows: view.len(),
        read_only: ro,
        catalog: &b.catalog,
        cell: &|r, c| line_cell(b, &b.lines[view[r]], c, false),
        edit_text: &|r, c| line_cell(b, &b.lines[view[r]], c, true),
        sort: ls.sort,
        marked: &|r| flagged.contains(&b.lines[view[r]].id),
    };
    let actions = grid.show(ui, &mut ls.grid);
    for a in actions {
        match a {
            GridAction::Commit { row, col, text } => {
                let Some(l) = view.get(row).map(|i| &b.lines[*i]) else {
                    continue;
                };
                let o = CellOrigin {
                    sheet: Sheet::Lines,
                    grid: 0,
                    row,
                    col,
                };
                match line_with(b, l, col, &text) {
                    Ok(new) if &new == l => ls.grid.commit_result(row, col, Ok(())),
                    Ok(new) => out.push(Command::Apply(Edit::PutLines(vec![new]), Some(o))),
                    Err(msg) => ls.grid.commit_result(row, col, Err(msg)),
                }
            }
            GridAction::Copy(rows) => {
                let sel: Vec<&Line> = rows
                    .iter()
                    .filter_map(|r| view.get(*r))
                    .map(|i| &b.lines[*i])
                    .collect();
                if !sel.is_empty() {
                    ui.ctx().copy_text(paste::lines_to_tsv(b, &sel));
                    out.push(Command::Notify(Notice::info(format!(
                        "已复制 {} 行，可粘贴到 Excel",
                        sel.len()
                    ))));
                }
            }
            GridAction::Paste(text) => match paste::parse_lines(&text, b) {
                Ok(new) => {
                    let n = new.len();
                    out.push(Command::Apply(Edit::PutLines(new), None));
                    out.push(Command::Notify(Notice::info(format!(
                        "已粘贴 {n} 行（一步，可撤销）"
                    ))));
                    ls.paste_problems = None;
                }
                Err(problems) => ls.paste_problems = Some(problems),
            },
            GridAction::SortBy(c) => {
                ls.sort = match ls.sort {
                    Some((s, false)) if s == c => Some((c, true)),
                    Some((s, true)) if s == c => None,
                    _ => Some((c, false)),
                };
            }
        }
    }
    if let Some(problems) = &ls.paste_problems {
        let mut open = true;
        egui::Window::new("粘贴的内容有问题，未粘贴任何一行")
            .open(&mut open)
            .default_width(520.0)
            .show(ui.ctx(), |ui| {
                ui.label(format!(
                    "共 {} 处问题。请在 Excel 中改正后重新复制粘贴：",
                    problems.len()
                ));
                egui::ScrollArea::vertical()
                    .max_height(300.0)
                    .show(ui, |ui| {
                        for p in problems {
                            ui.label(p.to_string());
                        }
                    });
            });
        if !open {
            ls.paste_problems = None;
        }
    }
}

fn line_columns(b: &Budget) -> Vec<ColumnSpec> {
    let mut projects = vec![String::new()];
    projects.extend(b.projects.iter().map(|p| p.name.clone()));
    vec![
        ColumnSpec::new("单位", 150.0, unit_choice(b)),
        ColumnSpec::new("功能科目", 150.0, ColKind::Code(CatalogKind::Function)),
        ColumnSpec::new(
            "部门经济科目",
            120.0,
            ColKind::Code(CatalogKind::DeptEconomic),
        ),
        ColumnSpec::new(
            "政府经济科目",
            120.0,
            ColKind::Code(CatalogKind::GovEconomic),
        ),
        ColumnSpec::new("性质", 64.0, choice(Nature::ALL.iter().map(|n| n.label()))),
        ColumnSpec::new("项目", 130.0, ColKind::Choice(projects)),
        ColumnSpec::new(
            "资金来源",
            150.0,
            choice(FundSource::ALL.iter().map(|s| s.label())),
        ),
        ColumnSpec::new("金额", 110.0, ColKind::Money),
        ColumnSpec::new("备注", 120.0, ColKind::Text),
    ]
}

/// The next row (after the cursor) whose code, name, amount or remark holds the query.
fn find_next(b: &Budget, ls: &LinesState) -> Option<usize> {
    let q = ls.find.trim();
    if q.is_empty() || ls.view.is_empty() {
        return None;
    }
    let amount = parse_yuan(q).ok();
    let start = ls.grid.cursor.map(|(r, _)| r + 1).unwrap_or(0);
    let n = ls.view.len();
    (0..n).map(|k| (start + k) % n).find(|r| {
        let l = &b.lines[ls.view[*r]];
        let names = [
            b.catalog.function.name(&l.func_code).unwrap_or(""),
            b.catalog.dept_economic.name(&l.dept_econ).unwrap_or(""),
        ];
        l.func_code.contains(q)
            || l.dept_econ.contains(q)
            || names.iter().any(|s| s.contains(q))
            || l.remark.contains(q)
            || amount.is_some_and(|m| m == l.amount)
            || l.amount.grouped().contains(q)
    })
}

// ---- 三公经费 ------------------------------------------------------------------------------

fn three_public(ui: &mut egui::Ui, doc: &Document, st: &mut SheetStates, out: &mut Vec<Command>) {
    let b = doc.budget();
    let cur = crate::tables::three_public_current(b);
    let prior = crate::tables::three_public_prior(b);
    let items = [
        PriorItem::Abroad,
        PriorItem::CarPurchase,
        PriorItem::CarRunning,
        PriorItem::Reception,
    ];
    ui.label("本年数由支出明细按经济科目汇总（因公出国 30212、公务用车购置 31013/30913、公务用车运行维护 30231、公务接待 30217），上年数在此填写。");
    let columns = [
        ColumnSpec::new("项目", 200.0, ColKind::Fixed),
        ColumnSpec::new("本年预算数", 150.0, ColKind::FixedMoney),
        ColumnSpec::new("上年预算数", 150.0, ColKind::Money),
        ColumnSpec::new("增减", 150.0, ColKind::FixedMoney),
    ];
    let shown: Vec<Vec<String>> = items
        .iter()
        .enumerate()
        .map(|(i, it)| {
            vec![
                it.label().into(),
                money_text(cur[i]),
                money_text(prior[i]),
                money_text(cur[i] - prior[i]),
            ]
        })
        .collect();
    let edited: Vec<Vec<String>> = prior
        .iter()
        .map(|p| vec![String::new(), String::new(), p.plain(), String::new()])
        .collect();
    let commit = |r: usize, _c: usize, t: &str| -> Result<Edit, String> {
        Ok(Edit::SetPriorItem(
            items[r],
            parse_yuan(t).map_err(|e| e.to_string())?,
        ))
    };
    let (ct, pt) = (
        cur.iter().copied().sum::<Money>(),
        prior.iter().copied().sum::<Money>(),
    );
    total_label(
        ui,
        format!(
            "“三公”经费合计：本年 {}，上年 {}",
            ct.grouped(),
            pt.grouped()
        ),
    );
    ui.allocate_ui(egui::vec2(ui.available_width(), 140.0), |ui| {
        record_grid(
            ui,
            doc,
            st.grid(Sheet::ThreePublic, 0),
            (Sheet::ThreePublic, 0),
            &columns,
            &shown,
            &edited,
            &commit,
            out,
        );
    });
    ui.add_space(8.0);
    ui.strong("构成本年数的支出明细");
    let codes: Vec<&str> = [
        crate::tables::ABROAD,
        crate::tables::CAR_PURCHASE,
        crate::tables::CAR_RUNNING,
        crate::tables::RECEPTION,
    ]
    .concat();
    egui::Grid::new("sangong_lines")
        .striped(true)
        .show(ui, |ui| {
            for h in ["单位", "功能科目", "经济科目", "性质", "金额"] {
                ui.strong(h);
            }
            ui.end_row();
            for l in b
                .lines
                .iter()
                .filter(|l| codes.contains(&l.dept_econ.as_str()))
            {
                ui.label(unit_name(b, l.unit_id));
                ui.label(&l.func_code);
                ui.label(format!(
                    "{} {}",
                    l.dept_econ,
                    b.catalog.dept_economic.name(&l.dept_econ).unwrap_or("")
                ));
                ui.label(l.nature.label());
                ui.monospace(l.amount.grouped());
                ui.end_row();
            }
        });
    ui.add_space(8.0);
    ui.strong("公务用车（见“资产”页）");
    let cars: u32 = b
        .assets
        .iter()
        .filter(|a| a.category != AssetCategory::LargeEquipment)
        .map(|a| a.owned)
        .sum();
    let buy: u32 = b
        .assets
        .iter()
        .filter(|a| a.category != AssetCategory::LargeEquipment)
        .map(|a| a.to_buy)
        .sum();
    ui.label(format!("现有车辆 {cars} 辆，本年拟购置 {buy} 辆。"));
}

// ---- 项目 ------------------------------------------------------------------------------------

fn indicator_grid(
    ui: &mut egui::Ui,
    doc: &Document,
    st: &mut SheetStates,
    sheet: Sheet,
    project: Option<i64>,
    out: &mut Vec<Command>,
) {
    let b = doc.budget();
    let ro = doc.is_read_only();
    let list: Vec<&Indicator> = b.indicators_of(project).collect();
    let sum: Decimal = list.iter().map(|i| i.weight).sum();
    ui.horizontal(|ui| {
        ui.strong("绩效指标");
        let t = RichText::new(format!("权重合计 {}", sum.normalize()));
        ui.label(if sum == Decimal::ONE_HUNDRED || list.is_empty() {
            t
        } else {
            t.color(Color32::from_rgb(200, 40, 40))
        });
        if ui.add_enabled(!ro, egui::Button::new("新增指标")).clicked() {
            out.push(Command::Apply(
                Edit::PutIndicator(Indicator {
                    id: 0,
                    project_id: project,
                    level1: "产出指标".into(),
                    level2: "数量指标".into(),
                    name: "新指标".into(),
                    weight: Decimal::ZERO,
                    unit: String::new(),
                    op: IndicatorOp::Ge,
                    value: String::new(),
                    core: false,
                }),
                None,
            ));
        }
        let sel: Vec<i64> = st
            .grid(sheet, 1)
            .selection()
            .iter()
            .filter_map(|r| list.get(*r))
            .map(|i| i.id)
            .collect();
        if ui
            .add_enabled(!ro && !sel.is_empty(), egui::Button::new("删除指标"))
            .clicked()
        {
            out.push(Command::Apply(
                Edit::Batch(sel.into_iter().map(Edit::DeleteIndicator).collect()),
                None,
            ));
        }
    });
    let columns = [
        ColumnSpec::new(
            "一级指标",
            90.0,
            choice(["产出指标", "效益指标", "满意度指标"]),
        ),
        ColumnSpec::new(
            "二级指标",
            90.0,
            choice([
                "数量指标",
                "质量指标",
                "时效指标",
                "成本指标",
                "社会效益指标",
                "经济效益指标",
                "生态效益指标",
                "可持续影响指标",
                "服务对象满意度指标",
            ]),
        ),
        ColumnSpec::new("指标名称", 220.0, ColKind::Text),
        ColumnSpec::new("指标权重", 70.0, ColKind::Text),
        ColumnSpec::new("计量单位", 70.0, ColKind::Text),
        ColumnSpec::new(
            "指标性质",
            70.0,
            choice(IndicatorOp::ALL.iter().map(|o| o.label())),
        ),
        ColumnSpec::new("指标值", 90.0, ColKind::Text),
        ColumnSpec::new("是否核心指标", 90.0, choice(["是", "否"])),
    ];
    let rows: Vec<Vec<String>> = list
        .iter()
        .map(|i| {
            vec![
                i.level1.clone(),
                i.level2.clone(),
                i.name.clone(),
                i.weight.normalize().to_string(),
                i.unit.clone(),
                i.op.label().into(),
                i.value.clone(),
                if i.core { "是" } else { "否" }.into(),
            ]
        })
        .collect();
    let commit = |r: usize, c: usize, t: &str| -> Result<Edit, String> {
        let mut i = list[r].clone();
        let t = t.trim();
        match c {
            0 => i.level1 = t.into(),
            1 => i.level2 = t.into(),
            2 if t.is_empty() => return Err("指标名称不能为空".into()),
            2 => i.name = t.into(),
            3 => {
                let w = Decimal::from_str(t).map_err(|_| format!("权重“{t}”不是数字"))?;
                if w < Decimal::ZERO || w > Decimal::ONE_HUNDRED {
                    return Err("权重应在 0 到 100 之间".into());
                }
                i.weight = w;
            }
            4 => i.unit = t.into(),
            5 => {
                i.op = IndicatorOp::parse(t)
                    .ok_or_else(|| "指标性质应为 ≥、≤、= 或 定性".to_string())?
            }
            6 => i.value = t.into(),
            _ => i.core = matches!(t, "是" | "Y" | "y" | "1" | "true"),
        }
        Ok(Edit::PutIndicator(i))
    };
    ui.allocate_ui(egui::vec2(ui.available_width(), 260.0), |ui| {
        record_grid(
            ui,
            doc,
            st.grid(sheet, 1),
            (sheet, 1),
            &columns,
            &rows,
            &rows,
            &commit,
            out,
        );
    });
}

fn projects(ui: &mut egui::Ui, doc: &Document, st: &mut SheetStates, out: &mut Vec<Command>) {
    let b = doc.budget();
    let ro = doc.is_read_only();
    if let Some(max) = st.select_new_project_after
        && let Some(p) = b.projects.iter().find(|p| p.id > max)
    {
        st.project = Some(p.id);
        st.select_new_project_after = None;
        st.drafts.clear();
    }
    if st.project.is_none_or(|p| b.project(p).is_none()) {
        st.project = b.projects.first().map(|p| p.id);
    }
    egui::Panel::left("project_list")
        .resizable(true)
        .default_size(240.0)
        .show(ui, |ui| {
            ui.horizontal(|ui| {
                if ui
                    .add_enabled(!ro && !b.units.is_empty(), egui::Button::new("新增项目"))
                    .clicked()
                {
                    let mut n = b.projects.len() + 1;
                    while b.project_by_name(&format!("新项目{n}")).is_some() {
                        n += 1;
                    }
                    out.push(Command::Apply(
                        Edit::PutProject(Project {
                            id: 0,
                            code: String::new(),
                            name: format!("新项目{n}"),
                            unit_id: b.units[0].id,
                            kind: ProjectKind::General,
                            competent_dept: b.department.name.clone(),
                            overview: String::new(),
                            basis: String::new(),
                            goal: String::new(),
                            budget: Money::ZERO,
                            district: Money::ZERO,
                            township: Money::ZERO,
                        }),
                        None,
                    ));
                    st.select_new_project_after =
                        Some(b.projects.iter().map(|p| p.id).max().unwrap_or(0));
                }
                if let Some(p) = st.project
                    && ui.add_enabled(!ro, egui::Button::new("删除项目")).clicked()
                {
                    out.push(Command::Apply(Edit::DeleteProject(p), None));
                }
            });
            ui.separator();
            for p in &b.projects {
                let lines: Money = b
                    .lines
                    .iter()
                    .filter(|l| l.project_id == Some(p.id))
                    .map(|l| l.amount)
                    .sum();
                let ok = lines == p.budget;
                let text = RichText::new(format!(
                    "{}\n{}  {}",
                    p.name,
                    p.kind.label(),
                    p.budget.grouped()
                ));
                let text = if ok {
                    text
                } else {
                    text.color(Color32::from_rgb(200, 40, 40))
                };
                if ui
                    .selectable_label(st.project == Some(p.id), text)
                    .clicked()
                {
                    st.project = Some(p.id);
                    st.drafts.clear();
                }
            }
        });
    let Some(p) = st.project.and_then(|id| b.project(id)) else {
        ui.label("还没有项目。点击“新增项目”。");
        return;
    };
    egui::ScrollArea::vertical()
        .id_salt("project_form")
        .show(ui, |ui| {
            let mut new = p.clone();
            let mut changed = false;
            let key = |k: &str| format!("p{}-{k}", p.id);
            egui::Grid::new("project_form_grid")
                .num_columns(2)
                .spacing([12.0, 6.0])
                .show(ui, |ui| {
                    for (k, label, cur) in [
                        ("name", "项目名称", p.name.clone()),
                        ("code", "项目编码", p.code.clone()),
                        ("competent", "业务主管部门", p.competent_dept.clone()),
                    ] {
                        if let Some(v) =
                            draft_field(ui, &mut st.drafts, &key(k), label, &cur, false, ro)
                        {
                            changed = true;
                            match k {
                                "name" => new.name = v.trim().to_string(),
                                "code" => new.code = v.trim().to_string(),
                                _ => new.competent_dept = v.trim().to_string(),
                            }
                        }
                        ui.end_row();
                    }
                    let l = ui.label("单位");
                    ui.add_enabled_ui(!ro, |ui| {
                        egui::ComboBox::from_id_salt("project_unit")
                            .selected_text(unit_name(b, p.unit_id))
                            .show_ui(ui, |ui| {
                                for u in &b.units {
                                    if ui.selectable_label(u.id == p.unit_id, &u.name).clicked()
                                        && u.id != p.unit_id
                                    {
                                        new.unit_id = u.id;
                                        changed = true;
                                    }
                                }
                            })
                            .response
                            .labelled_by(l.id);
                    });
                    ui.end_row();
                    ui.label("项目类别");
                    ui.add_enabled_ui(!ro, |ui| {
                        ui.horizontal(|ui| {
                            for k in ProjectKind::ALL {
                                if ui
                                    .radio(p.kind == *k, format!("{}项目", k.label()))
                                    .clicked()
                                    && p.kind != *k
                                {
                                    new.kind = *k;
                                    changed = true;
                                }
                            }
                        });
                    });
                    ui.end_row();
                    for (k, label, cur) in [
                        ("budget", "当年预算", p.budget),
                        ("district", "区级支出", p.district),
                        ("township", "补助镇街", p.township),
                    ] {
                        if let Some(v) = draft_field(
                            ui,
                            &mut st.drafts,
                            &key(k),
                            label,
                            &cur.grouped(),
                            false,
                            ro,
                        ) {
                            let m = if v.trim().is_empty() {
                                Ok(Money::ZERO)
                            } else {
                                parse_yuan(&v)
                            };
                            match m {
                                Ok(m) => {
                                    changed = true;
                                    match k {
                                        "budget" => new.budget = m,
                                        "district" => new.district = m,
                                        _ => new.township = m,
                                    }
                                }
                                Err(e) => out.push(Command::Notify(Notice::error(format!(
                                    "{label}：{e}，未保存"
                                )))),
                            }
                        }
                        ui.end_row();
                    }
                });
            let lines: Money = b
                .lines
                .iter()
                .filter(|l| l.project_id == Some(p.id))
                .map(|l| l.amount)
                .sum();
            let msg = format!(
                "支出明细合计 {}；当年预算 {}；区级 + 补助镇街 = {}",
                lines.grouped(),
                p.budget.grouped(),
                (p.district + p.township).grouped()
            );
            let ok = lines == p.budget && p.district + p.township == p.budget;
            ui.label(if ok {
                RichText::new(msg)
            } else {
                RichText::new(msg).color(Color32::from_rgb(200, 40, 40))
            });
            for (k, label, cur) in [
                ("overview", "项目概况", p.overview.clone()),
                ("basis", "立项依据", p.basis.clone()),
                ("goal", "当年绩效目标", p.goal.clone()),
            ] {
                if let Some(v) = draft_field(ui, &mut st.drafts, &key(k), label, &cur, true, ro) {
                    changed = true;
                    match k {
                        "overview" => new.overview = v,
                        "basis" => new.basis = v,
                        _ => new.goal = v,
                    }
                }
            }
            if changed {
                out.push(Command::Apply(Edit::PutProject(new), None));
            }
            ui.add_space(6.0);
            indicator_grid(ui, doc, st, Sheet::Projects, Some(p.id), out);
        });
}

// ---- 整体绩效 ---------------------------------------------------------------------------------

fn department_target(
    ui: &mut egui::Ui,
    doc: &Document,
    st: &mut SheetStates,
    out: &mut Vec<Command>,
) {
    let b = doc.budget();
    ui.label(format!(
        "部门支出预算数 {}",
        doc.derived().spending_total.grouped()
    ));
    if let Some(v) = draft_field(
        ui,
        &mut st.drafts,
        "dept_goal",
        "当年整体绩效目标",
        &b.department.goal,
        true,
        doc.is_read_only(),
    ) {
        out.push(Command::Apply(
            Edit::SetDepartment(Department {
                goal: v,
                ..b.department.clone()
            }),
            None,
        ));
    }
    ui.add_space(6.0);
    indicator_grid(ui, doc, st, Sheet::DepartmentTarget, None, out);
}

// ---- 政府采购 ---------------------------------------------------------------------------------

fn procurement(ui: &mut egui::Ui, doc: &Document, st: &mut SheetStates, out: &mut Vec<Command>) {
    let b = doc.budget();
    let ro = doc.is_read_only();
    ui.horizontal(|ui| {
        if ui
            .add_enabled(
                !ro && !b.units.is_empty(),
                egui::Button::new("新增采购项目"),
            )
            .clicked()
        {
            out.push(Command::Apply(
                Edit::PutProcurement(Procurement {
                    id: 0,
                    unit_id: b.units[0].id,
                    name: "新采购项目".into(),
                    fund_source: FundSource::General,
                    total: Money::ZERO,
                    goods: Money::ZERO,
                    works: Money::ZERO,
                    services: Money::ZERO,
                }),
                None,
            ));
        }
        let sel: Vec<i64> = st
            .grid(Sheet::Procurement, 0)
            .selection()
            .iter()
            .filter_map(|r| b.procurement.get(*r))
            .map(|p| p.id)
            .collect();
        if ui
            .add_enabled(!ro && !sel.is_empty(), egui::Button::new("删除"))
            .clicked()
        {
            out.push(Command::Apply(
                Edit::Batch(sel.into_iter().map(Edit::DeleteProcurement).collect()),
                None,
            ));
        }
    });
    let columns = [
        ColumnSpec::new("单位", 200.0, unit_choice(b)),
        ColumnSpec::new("采购项目名称", 300.0, ColKind::Text),
        ColumnSpec::new(
            "资金来源",
            170.0,
            choice(FundSource::ALL.iter().map(|s| s.label())),
        ),
        ColumnSpec::new("合计", 120.0, ColKind::Money),
        ColumnSpec::new("货物类", 110.0, ColKind::Money),
        ColumnSpec::new("工程类", 110.0, ColKind::Money),
        ColumnSpec::new("服务类", 110.0, ColKind::Money),
    ];
    let shown: Vec<Vec<String>> = b
        .procurement
        .iter()
        .map(|p| {
            vec![
                unit_name(b, p.unit_id),
                p.name.clone(),
                p.fund_source.label().into(),
                money_text(p.total),
                money_text(p.goods),
                money_text(p.works),
                money_text(p.services),
            ]
        })
        .collect();
    let edited: Vec<Vec<String>> = b
        .procurement
        .iter()
        .map(|p| {
            vec![
                unit_name(b, p.unit_id),
                p.name.clone(),
                p.fund_source.label().into(),
                p.total.plain(),
                p.goods.plain(),
                p.works.plain(),
                p.services.plain(),
            ]
        })
        .collect();
    let commit = |r: usize, c: usize, t: &str| -> Result<Edit, String> {
        let mut p = b.procurement[r].clone();
        let t = t.trim();
        match c {
            0 => p.unit_id = find_unit(b, t)?,
            1 if t.is_empty() => return Err("采购项目名称不能为空".into()),
            1 => p.name = t.into(),
            2 => {
                p.fund_source = FundSource::parse(t).ok_or_else(|| format!("“{t}”不是资金来源"))?
            }
            _ => {
                let m = parse_yuan(t).map_err(|e| e.to_string())?;
                match c {
                    3 => p.total = m,
                    4 => p.goods = m,
                    5 => p.works = m,
                    _ => p.services = m,
                }
            }
        }
        Ok(Edit::PutProcurement(p))
    };
    let sum = |f: fn(&Procurement) -> Money| b.procurement.iter().map(f).sum::<Money>();
    total_label(
        ui,
        format!(
            "合计 {}（货物 {}，工程 {}，服务 {}）",
            sum(|p| p.total).grouped(),
            sum(|p| p.goods).grouped(),
            sum(|p| p.works).grouped(),
            sum(|p| p.services).grouped()
        ),
    );
    record_grid(
        ui,
        doc,
        st.grid(Sheet::Procurement, 0),
        (Sheet::Procurement, 0),
        &columns,
        &shown,
        &edited,
        &commit,
        out,
    );
}

// ---- 资产 ------------------------------------------------------------------------------------

fn assets(ui: &mut egui::Ui, doc: &Document, st: &mut SheetStates, out: &mut Vec<Command>) {
    let b = doc.budget();
    ui.label(
        "截至上年 12 月底的车辆和单位价值 100 万元（含）以上设备，以及本年一般公共预算安排的购置。",
    );
    let rows: Vec<Asset> = AssetCategory::ALL
        .iter()
        .map(|c| {
            b.assets
                .iter()
                .find(|a| a.category == *c)
                .cloned()
                .unwrap_or(Asset {
                    category: *c,
                    owned: 0,
                    to_buy: 0,
                })
        })
        .collect();
    let columns = [
        ColumnSpec::new("类别", 260.0, ColKind::Fixed),
        ColumnSpec::new("现有数量", 120.0, ColKind::Text),
        ColumnSpec::new("本年拟购置数量", 140.0, ColKind::Text),
    ];
    let shown: Vec<Vec<String>> = rows
        .iter()
        .map(|a| {
            vec![
                a.category.label().into(),
                a.owned.to_string(),
                a.to_buy.to_string(),
            ]
        })
        .collect();
    let commit = |r: usize, c: usize, t: &str| -> Result<Edit, String> {
        let n: u32 = t
            .trim()
            .parse()
            .map_err(|_| format!("“{}”不是非负整数", t.trim()))?;
        let mut a = rows[r].clone();
        if c == 1 {
            a.owned = n;
        } else {
            a.to_buy = n;
        }
        Ok(Edit::SetAsset(a))
    };
    record_grid(
        ui,
        doc,
        st.grid(Sheet::Assets, 0),
        (Sheet::Assets, 0),
        &columns,
        &shown,
        &shown,
        &commit,
        out,
    );
}

// ---- 上年数 ------------------------------------------------------------------------------------

fn prior(ui: &mut egui::Ui, doc: &Document, st: &mut SheetStates, out: &mut Vec<Command>) {
    let b = doc.budget();
    let ro = doc.is_read_only();
    ui.label("上年一般公共预算财政拨款预算数（按功能科目和支出性质），用于表五和情况说明。上年收入在“收入”页填写。");
    ui.horizontal(|ui| {
        let (code, nature_opt, amount) = &mut st.prior_new;
        let nature = nature_opt.get_or_insert(Nature::Basic);
        let l = ui.label("新增：功能科目");
        ui.add(egui::TextEdit::singleline(code).desired_width(80.0))
            .labelled_by(l.id);
        let l = ui.label("性质");
        egui::ComboBox::from_id_salt("prior_nature")
            .selected_text(nature.label())
            .show_ui(ui, |ui| {
                for n in Nature::ALL {
                    ui.selectable_value(nature, *n, n.label());
                }
            })
            .response
            .labelled_by(l.id);
        let l = ui.label("金额");
        ui.add(egui::TextEdit::singleline(amount).desired_width(120.0))
            .labelled_by(l.id);
        if ui.add_enabled(!ro, egui::Button::new("添加")).clicked() {
            let c = code_of(code);
            match parse_yuan(amount) {
                _ if c.len() != 7 || !b.catalog.function.contains(&c) => out.push(Command::Notify(
                    Notice::error(format!("“{code}”不是目录中的项级功能科目")),
                )),
                Err(e) => out.push(Command::Notify(Notice::error(format!("金额：{e}")))),
                Ok(m) => {
                    out.push(Command::Apply(
                        Edit::SetPriorFunction(PriorFunction {
                            func_code: c,
                            nature: *nature,
                            amount: m,
                        }),
                        None,
                    ));
                    code.clear();
                    amount.clear();
                }
            }
        }
    });
    let columns = [
        ColumnSpec::new("功能科目", 100.0, ColKind::Code(CatalogKind::Function)),
        ColumnSpec::new("科目名称", 260.0, ColKind::Fixed),
        ColumnSpec::new(
            "支出性质",
            100.0,
            choice(Nature::ALL.iter().map(|n| n.label())),
        ),
        ColumnSpec::new("上年预算数", 150.0, ColKind::Money),
    ];
    let list = &b.prior_functions;
    let shown: Vec<Vec<String>> = list
        .iter()
        .map(|p| {
            vec![
                p.func_code.clone(),
                b.catalog.function.name(&p.func_code).unwrap_or("").into(),
                p.nature.label().into(),
                money_text(p.amount),
            ]
        })
        .collect();
    let edited: Vec<Vec<String>> = list
        .iter()
        .map(|p| {
            vec![
                p.func_code.clone(),
                String::new(),
                p.nature.label().into(),
                p.amount.plain(),
            ]
        })
        .collect();
    let commit = |r: usize, c: usize, t: &str| -> Result<Edit, String> {
        let old = list[r].clone();
        let mut new = old.clone();
        match c {
            0 => {
                let code = code_of(t);
                if code.len() != 7 || !b.catalog.function.contains(&code) {
                    return Err(format!("“{t}”不是目录中的项级功能科目"));
                }
                new.func_code = code;
            }
            2 => {
                new.nature =
                    Nature::parse(t).ok_or_else(|| "应为“基本支出”或“项目支出”".to_string())?
            }
            _ => {
                new.amount = parse_yuan(t).map_err(|e| e.to_string())?;
                return Ok(Edit::SetPriorFunction(new));
            }
        }
        Ok(Edit::Batch(vec![
            Edit::SetPriorFunction(PriorFunction {
                amount: Money::ZERO,
                ..old
            }),
            Edit::SetPriorFunction(new),
        ]))
    };
    let total: Money = list.iter().map(|p| p.amount).sum();
    total_label(ui, format!("上年合计 {}", total.grouped()));
    ui.allocate_ui(
        egui::vec2(
            ui.available_width(),
            (ui.available_height() - 200.0).max(160.0),
        ),
        |ui| {
            record_grid(
                ui,
                doc,
                st.grid(Sheet::Prior, 0),
                (Sheet::Prior, 0),
                &columns,
                &shown,
                &edited,
                &commit,
                out,
            );
        },
    );
    ui.add_space(6.0);
    ui.strong("上年“三公”经费和机关运行经费");
    let items = PriorItem::ALL;
    let columns = [
        ColumnSpec::new("项目", 200.0, ColKind::Fixed),
        ColumnSpec::new("上年预算数", 150.0, ColKind::Money),
    ];
    let shown: Vec<Vec<String>> = items
        .iter()
        .map(|i| vec![i.label().into(), money_text(b.prior_item(*i))])
        .collect();
    let edited: Vec<Vec<String>> = items
        .iter()
        .map(|i| vec![String::new(), b.prior_item(*i).plain()])
        .collect();
    let commit = |r: usize, _c: usize, t: &str| -> Result<Edit, String> {
        Ok(Edit::SetPriorItem(
            items[r],
            parse_yuan(t).map_err(|e| e.to_string())?,
        ))
    };
    record_grid(
        ui,
        doc,
        st.grid(Sheet::Prior, 1),
        (Sheet::Prior, 1),
        &columns,
        &shown,
        &edited,
        &commit,
        out,
    );
}

// ---- 变动原因 ---------------------------------------------------------------------------------

fn reasons(ui: &mut egui::Ui, doc: &Document, st: &mut SheetStates, out: &mut Vec<Command>) {
    let b = doc.budget();
    ui.label("与上年相比有变动的每一项，需写明原因（用于情况说明）。");
    let changes = st.changed_items(doc);
    let columns = [
        ColumnSpec::new("项目", 300.0, ColKind::Fixed),
        ColumnSpec::new("上年", 120.0, ColKind::FixedMoney),
        ColumnSpec::new("本年", 120.0, ColKind::FixedMoney),
        ColumnSpec::new("增减", 120.0, ColKind::FixedMoney),
        ColumnSpec::new("增幅", 70.0, ColKind::Fixed),
        ColumnSpec::new("原因", 420.0, ColKind::Text),
    ];
    let shown: Vec<Vec<String>> = changes
        .iter()
        .map(|c| {
            vec![
                c.what.clone(),
                money_text(c.prior),
                money_text(c.current),
                money_text(c.current - c.prior),
                crate::money::percent_change(c.prior, c.current, 1)
                    .map(|p| format!("{p}%"))
                    .unwrap_or_default(),
                b.reasons.get(&c.key).cloned().unwrap_or_default(),
            ]
        })
        .collect();
    let missing = changes
        .iter()
        .filter(|c| b.reason(&c.key).is_none())
        .count();
    total_label(
        ui,
        format!("共 {} 项变动，{} 项尚未填写原因", changes.len(), missing),
    );
    let commit = |r: usize, _c: usize, t: &str| -> Result<Edit, String> {
        Ok(Edit::SetReason {
            key: changes[r].key.clone(),
            text: t.trim().to_string(),
        })
    };
    record_grid(
        ui,
        doc,
        st.grid(Sheet::Reasons, 0),
        (Sheet::Reasons, 0),
        &columns,
        &shown,
        &shown,
        &commit,
        out,
    );
}
