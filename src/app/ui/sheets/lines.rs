//! 支出明细: the line items, in the order the officer gives them, with filters, find,
//! and subtotals by 类/款, unit, nature and project below the grid.

use super::plan::Plan;
use super::rows::RowRules;
use super::{Command, GridData, Notice, SetResult, SheetGrid, SheetStates, Verb, grid_ui};
use crate::app::document::Document;
use crate::app::ui::command::UiCommand;
use crate::app::ui::grid::{CellChange, ColumnSpec};
use crate::engine::edit::Edit;
use crate::engine::kinds::*;
use crate::engine::model::*;
use crate::engine::money::{Money, parse_yuan};
use crate::engine::records::Kind;
use crate::engine::records::place::{Sheet, Target};
use crate::exchange::paste;
use egui::RichText;
use std::collections::{BTreeMap, HashSet};
use std::rc::Rc;

/// The grid's columns, from the declaration of a line (`records/line.rs`): their labels
/// are also the fields of places and remarks.
pub fn column_labels() -> Vec<&'static str> {
    Line::grid_fields().iter().map(|f| f.label).collect()
}

/// The column of a field.
pub fn column(label: &str) -> usize {
    column_labels()
        .iter()
        .position(|l| *l == label)
        .unwrap_or(0)
}

const UNIT: usize = 0;

/// The 金额 column.
pub fn amount_column() -> usize {
    column("金额")
}

fn func_column() -> usize {
    column("功能科目")
}

/// Filters of the 支出明细 sheet.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct SheetFilter {
    pub unit: Option<i64>,
    pub nature: Option<Nature>,
    pub project: Option<Option<i64>>,
    pub source: Option<FundSource>,
    /// A code prefix (function or economic) or part of a remark.
    pub text: String,
}

impl SheetFilter {
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
        *self != SheetFilter::default()
    }
}

/// What the filtered, sorted view of lines depends on: revision, filter, sort.
type ViewKey = (u64, SheetFilter, Option<(usize, bool)>);

#[derive(Default)]
pub struct LinesState {
    pub filter: SheetFilter,
    pub sort: Option<(usize, bool)>,
    /// The ids of the lines shown, filtered and in order (shared with the frame's grid,
    /// not copied), and their sum.
    pub view: Rc<[i64]>,
    shown_total: Money,
    view_key: Option<ViewKey>,
    /// The lines a finding points at, as of a revision.
    flagged: Option<(u64, Rc<HashSet<i64>>)>,
    pub find: String,
    pub find_open: bool,
    find_focus: bool,
    subtotals: Option<(u64, Subtotals)>,
    /// The subtotal shown when the window is too narrow for all four side by side.
    subtotal_tab: usize,
    /// Rows just added (insert, duplicate): select those with these seqs once they exist.
    select_seqs: Option<(Vec<i64>, usize)>,
}

impl LinesState {
    pub(super) fn refresh_view(&mut self, doc: &Document) {
        let key = (doc.revision(), self.filter.clone(), self.sort);
        if self.view_key.as_ref() == Some(&key) {
            return;
        }
        let b = doc.budget();
        let mut view: Vec<&Line> = b
            .lines_in_order()
            .into_iter()
            .filter(|l| self.filter.matches(l))
            .collect();
        if let Some((col, desc)) = self.sort {
            let plan = Plan::<Line>::of_kind();
            if col == amount_column() {
                view.sort_by_key(|l| l.amount.fen());
            } else {
                view.sort_by_cached_key(|l| plan.shown(l, 0, col, b));
            }
            if desc {
                view.reverse();
            }
        }
        self.shown_total =
            Money::from_fen_wide(view.iter().map(|l| i128::from(l.amount.fen())).sum());
        self.view = view.into_iter().map(|l| l.id).collect();
        self.view_key = Some(key);
    }

    /// The lines a finding points at (found again only when the document changed).
    fn flagged(&mut self, doc: &Document) -> Rc<HashSet<i64>> {
        match &self.flagged {
            Some((rev, set)) if *rev == doc.revision() => set.clone(),
            _ => {
                let set: Rc<HashSet<i64>> = Rc::new(
                    doc.derived()
                        .findings
                        .iter()
                        .filter_map(|f| match (&f.place.sheet, &f.place.record) {
                            (Sheet::Lines, Some(Target::Id(id))) => Some(*id),
                            _ => None,
                        })
                        .collect(),
                );
                self.flagged = Some((doc.revision(), set.clone()));
                set
            }
        }
    }

    /// The row a line is shown at, clearing the filter if it hides the line.
    pub(super) fn row_of(&mut self, doc: &Document, id: i64) -> Option<usize> {
        doc.budget().line(id)?;
        self.refresh_view(doc);
        if !self.view.contains(&id) {
            self.filter = SheetFilter::default();
            self.refresh_view(doc);
        }
        self.view.iter().position(|x| *x == id)
    }

    pub(super) fn open_find(&mut self) {
        self.find_open = true;
        self.find_focus = true;
    }
}

// ---- cells ------------------------------------------------------------------------------

struct LineGrid<'a> {
    b: &'a Budget,
    view: &'a [i64],
    flagged: &'a HashSet<i64>,
    plan: &'a Plan<'a, Line>,
}

impl LineGrid<'_> {
    fn line(&self, r: usize) -> Option<&Line> {
        self.view.get(r).and_then(|id| self.b.line(*id))
    }
}

impl GridData for LineGrid<'_> {
    fn rows(&self) -> usize {
        self.view.len()
    }
    fn cell(&self, r: usize, c: usize) -> String {
        self.line(r)
            .map(|l| self.plan.shown(l, r, c, self.b))
            .unwrap_or_default()
    }
    fn edit_text(&self, r: usize, c: usize) -> String {
        self.line(r)
            .map(|l| self.plan.edit_text(l, r, c, self.b))
            .unwrap_or_default()
    }
    fn hover(&self, r: usize, c: usize) -> Option<String> {
        let l = self.line(r)?;
        match c {
            UNIT => self
                .b
                .unit(l.unit_id)
                .map(|u| format!("{} {}（{}）", u.code, u.name, u.kind)),
            1 if l.func_code.is_empty() => Some("尚未填写功能科目：此行不计入公开表".into()),
            2 if l.dept_econ.is_empty() => Some("尚未填写部门经济科目：此行不计入公开表".into()),
            // A computed line: how it was arrived at.
            _ if l.is_computed() => crate::engine::staffing::working::of_line(self.b, l),
            _ => None,
        }
    }
    fn marked(&self, r: usize) -> bool {
        self.line(r)
            .is_some_and(|l| !l.is_complete() || self.flagged.contains(&l.id))
    }
}

/// The unit column is as wide as its longest 简称 (it is frozen: it does not narrow).
fn unit_width(b: &Budget) -> f32 {
    let longest = b
        .units
        .iter()
        .map(|u| u.short_label().chars().count())
        .max()
        .unwrap_or(4);
    (longest as f32 * 14.0 + 14.0).clamp(60.0, 160.0)
}

fn columns(b: &Budget, plan: &Plan<Line>) -> Vec<ColumnSpec> {
    let mut c = plan.columns(b);
    c[UNIT].width = unit_width(b);
    c
}

/// Seqs for `k` new lines placed before the `pos`-th line of the ordered list (after the
/// last when `pos` is its length), and the lines renumbered to make room, if any had to be.
fn seqs_for_insert(ordered: &[&Line], pos: usize, k: usize) -> (Vec<i64>, Vec<Line>) {
    let k64 = k as i64;
    if pos >= ordered.len() {
        let start = ordered.last().map_or(SEQ_STEP, |l| l.seq + SEQ_STEP);
        return ((0..k64).map(|i| start + i * SEQ_STEP).collect(), Vec::new());
    }
    let hi = ordered[pos].seq;
    let lo = if pos == 0 {
        hi - (k64 + 1) * SEQ_STEP
    } else {
        ordered[pos - 1].seq
    };
    if hi - lo > k64 {
        let step = (hi - lo) / (k64 + 1);
        return ((1..=k64).map(|i| lo + i * step).collect(), Vec::new());
    }
    // No room between the two: every line gets a fresh seq, with a gap for the new ones.
    let mut renumbered = Vec::new();
    for (i, l) in ordered.iter().enumerate() {
        let slot = if i < pos {
            i as i64 + 1
        } else {
            i as i64 + 1 + k64
        };
        let seq = slot * SEQ_STEP;
        if l.seq != seq {
            renumbered.push(Line {
                seq,
                ..(*l).clone()
            });
        }
    }
    (
        (0..k64).map(|i| (pos as i64 + 1 + i) * SEQ_STEP).collect(),
        renumbered,
    )
}

/// A blank line for a new row: the unit of the line it is typed beside, nothing else
/// filled in but the defaults of a new line (basic spending, general budget).
fn blank_line(b: &Budget, unit_id: i64, seq: i64) -> Line {
    Line {
        unit_id,
        seq: if seq == 0 { b.next_seq() } else { seq },
        ..Line::blank()
    }
}

// ---- the sheet --------------------------------------------------------------------------

pub(super) fn show(
    ui: &mut egui::Ui,
    doc: &Document,
    st: &mut SheetStates,
    out: &mut Vec<Command>,
) {
    let b = doc.budget();
    let ro = doc.is_read_only();
    st.lines.refresh_view(doc);

    subtotals_panel(ui, doc, &mut st.lines);
    toolbar(ui, doc, &mut st.lines, out);
    st.lines.refresh_view(doc);
    if let Some((seqs, col)) = st.lines.select_seqs.take() {
        let rows: Vec<usize> = st
            .lines
            .view
            .iter()
            .enumerate()
            .filter(|(_, id)| b.line(**id).is_some_and(|l| seqs.contains(&l.seq)))
            .map(|(r, _)| r)
            .collect();
        match (rows.first(), rows.last()) {
            (Some(a), Some(z)) => st.grid(Sheet::Lines, 0).select_block((*a, col), (*z, col)),
            _ => st.lines.select_seqs = Some((seqs, col)),
        }
    }
    if b.units.is_empty() {
        ui.label(
            RichText::new("请先在“单位信息”页添加单位，再填写支出明细。")
                .color(egui::Color32::from_rgb(180, 120, 0)),
        );
    } else if st.lines.view.is_empty() && b.lines.is_empty() && b.incomplete_lines.is_empty() {
        ui.label("还没有支出明细：按 Ctrl+I 插入一行，或从 Excel 复制后按 Ctrl+V 粘贴。");
    }

    // The mark of a computed line is the standards' to set.
    let plan = Plan::<Line>::of_kind().fixed(crate::engine::records::line::RULE);
    let columns = columns(b, &plan);
    let flagged = st.lines.flagged(doc);
    let view = st.lines.view.clone();
    let data = LineGrid {
        b,
        view: &view,
        flagged: &flagged,
        plan: &plan,
    };
    let cursor_unit = st
        .grids
        .get(&(Sheet::Lines, 0))
        .and_then(|g| g.cursor)
        .and_then(|(r, _)| {
            data.line(r)
                .or_else(|| view.last().and_then(|id| b.line(*id)))
        })
        .map(|l| l.unit_id)
        .or_else(|| b.units.first().map(|u| u.id));
    let base_seq = b.next_seq();
    let get = |r: usize| data.line(r).cloned().unwrap_or_else(|| blank_line(b, 0, 0));
    let new_row = |k: usize| -> Result<Line, String> {
        let unit = cursor_unit.ok_or("请先在“单位信息”页添加单位")?;
        Ok(blank_line(b, unit, base_seq + k as i64 * SEQ_STEP))
    };
    let set_one = |l: &mut Line, c: usize, t: &str| plan.read(l, c, t, b);
    let rules = RowRules {
        columns: &columns,
        get: Box::new(get),
        rows: view.len(),
        new_row: Box::new(new_row),
        set: Box::new(set_one),
    };
    let set = |changes: &[CellChange]| -> SetResult {
        let changed = rules.apply(changes)?;
        let lines: Vec<Line> = changed.into_iter().map(|(_, l)| l).collect();
        Ok((!lines.is_empty()).then_some(Edit::PutLines(lines)))
    };
    // Whole rows copied with their header (or an 一体化 export) go in as new lines at the
    // cursor; a block without one goes over the cells.
    let cursor_row = st
        .grids
        .get(&(Sheet::Lines, 0))
        .and_then(|g| g.cursor)
        .map(|c| c.0);
    let paste_rows = |text: &str| -> Option<SetResult> {
        if !paste::has_header(text) {
            return None;
        }
        Some(match paste::parse_lines(text, b) {
            Ok(mut new) => {
                let ordered = b.lines_in_order();
                let pos = cursor_row
                    .and_then(|r| view.get(r))
                    .and_then(|id| ordered.iter().position(|l| l.id == *id))
                    .unwrap_or(ordered.len());
                let (seqs, renumbered) = seqs_for_insert(&ordered, pos, new.len());
                for (l, s) in new.iter_mut().zip(seqs) {
                    l.seq = s;
                }
                let mut all = renumbered;
                all.extend(new);
                Ok(Some(Edit::PutLines(all)))
            }
            Err(problems) => Err(problems),
        })
    };
    let mut g = SheetGrid::new((Sheet::Lines, 0), "支出明细", &columns, &data, &set).with_new_row();
    g.paste = Some(&paste_rows);
    g.frozen = 1;
    g.pinned = Some(amount_column());
    g.sortable = true;
    g.sort = st.lines.sort;
    let outcome = grid_ui(ui, doc, st, &g, out);
    if let Some(c) = outcome.sort_by {
        st.lines.sort = match st.lines.sort {
            Some((s, false)) if s == c => Some((c, true)),
            Some((s, true)) if s == c => None,
            _ => Some((c, false)),
        };
    }
    if let Some(v) = outcome.verb {
        if ro {
            out.push(Command::Notify(Notice::error(
                "审阅模式（只读），不能修改此文件",
            )));
        } else {
            row_verb(doc, st, v, &view, out);
        }
    }
}

/// Ctrl+I, 复制为新行 and Ctrl+-: rows inserted at the cursor, copied below the selection,
/// deleted.
fn row_verb(doc: &Document, st: &mut SheetStates, v: Verb, view: &[i64], out: &mut Vec<Command>) {
    let b = doc.budget();
    let g = st.grid(Sheet::Lines, 0);
    let rows = g.selected_rows();
    let selected: Vec<&Line> = rows
        .iter()
        .filter_map(|r| view.get(*r))
        .filter_map(|id| b.line(*id))
        .collect();
    let ordered = b.lines_in_order();
    let pos_of = |l: &Line| ordered.iter().position(|x| x.id == l.id);
    // A computed line follows the roster and the standards: it is not deleted or copied
    // by hand (nothing of the selection is, then).
    if matches!(v, Verb::DeleteRows | Verb::DuplicateRows)
        && let Some(k) = selected.iter().position(|l| l.is_computed())
    {
        let l = selected[k];
        // The row as shown (sorted or filtered as it may be).
        let row = view.iter().position(|id| *id == l.id).map_or(0, |p| p + 1);
        let what = if v == Verb::DeleteRows {
            "删除"
        } else {
            "复制"
        };
        out.push(Command::Notify(Notice::error(format!(
            "第 {row} 行由测算标准“{}”算出，不能{what}：请在“人员”或“测算标准”页修改；要改金额，直接在此行输入（记为手工调整）",
            l.rule()
        ))));
        return;
    }
    match v {
        Verb::InsertRow => {
            let Some(unit) = selected
                .first()
                .map(|l| l.unit_id)
                .or_else(|| b.units.first().map(|u| u.id))
            else {
                out.push(Command::Notify(Notice::error("请先在“单位信息”页添加单位")));
                return;
            };
            let pos = selected
                .first()
                .and_then(|l| pos_of(l))
                .unwrap_or(ordered.len());
            let (seqs, mut all) = seqs_for_insert(&ordered, pos, 1);
            all.push(blank_line(b, unit, seqs[0]));
            out.push(Command::Apply(Edit::PutLines(all), None));
            // Filters and sorting may hide the new row: show everything, in order.
            st.lines.filter = SheetFilter::default();
            st.lines.sort = None;
            st.lines.select_seqs = Some((seqs, func_column()));
            out.push(Command::Notify(Notice::info("已插入一行（撤销可去掉）")));
        }
        Verb::DuplicateRows => {
            if selected.is_empty() {
                return;
            }
            let pos = selected
                .iter()
                .filter_map(|l| pos_of(l))
                .max()
                .map_or(ordered.len(), |p| p + 1);
            let (seqs, mut all) = seqs_for_insert(&ordered, pos, selected.len());
            all.extend(selected.iter().zip(&seqs).map(|(l, s)| Line {
                id: 0,
                seq: *s,
                ..(*l).clone()
            }));
            out.push(Command::Apply(Edit::PutLines(all), None));
            st.lines.filter = SheetFilter::default();
            st.lines.sort = None;
            st.lines.select_seqs = Some((seqs, UNIT));
        }
        Verb::DeleteRows => {
            if selected.is_empty() {
                return;
            }
            let n = selected.len();
            out.push(Command::Apply(
                Edit::DeleteLines(selected.iter().map(|l| l.id).collect()),
                None,
            ));
            out.push(Command::Notify(Notice::info(format!(
                "已删除 {n} 行（可撤销）"
            ))));
            let first = rows.first().copied().unwrap_or(0);
            let col = g_col(st);
            st.grid(Sheet::Lines, 0).select_only(first, col);
        }
        Verb::FillDown | Verb::FillRight => {}
    }
}

fn g_col(st: &mut SheetStates) -> usize {
    st.grid(Sheet::Lines, 0)
        .cursor
        .map(|c| c.1)
        .unwrap_or_else(amount_column)
}

fn toolbar(ui: &mut egui::Ui, doc: &Document, ls: &mut LinesState, out: &mut Vec<Command>) {
    let b = doc.budget();
    let ro = doc.is_read_only();
    ui.horizontal_wrapped(|ui| {
        for c in [
            UiCommand::InsertRow,
            UiCommand::DuplicateRows,
            UiCommand::DeleteRows,
        ] {
            let tip = c
                .shortcut()
                .map(|s| crate::app::ui::command::shortcut_text(&s))
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
        let l = super::tag(ui, "单位");
        egui::ComboBox::from_id_salt("f_unit")
            .selected_text(
                f.unit
                    .and_then(|u| b.unit(u))
                    .map(|u| u.short_label().to_string())
                    .unwrap_or_else(|| "全部单位".into()),
            )
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut f.unit, None, "全部单位");
                for u in &b.units {
                    ui.selectable_value(
                        &mut f.unit,
                        Some(u.id),
                        format!("{} {}", u.short_label(), u.name),
                    );
                }
            })
            .response
            .labelled_by(l.id);
        let l = super::tag(ui, "性质");
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
        let l = super::tag(ui, "项目");
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
        let l = super::tag(ui, "资金来源");
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
        let l = super::tag(ui, "编码/备注");
        ui.add(
            egui::TextEdit::singleline(&mut f.text)
                .hint_text("如 2014 或 301")
                .desired_width(90.0),
        )
        .labelled_by(l.id);
        if f.is_active() && ui.button("清除筛选").clicked() {
            *f = SheetFilter::default();
        }
    });
    ls.refresh_view(doc);
    let shown_total = ls.shown_total;
    let all = b.lines.len() + b.incomplete_lines.len();
    ui.horizontal(|ui| {
        ui.label(format!(
            "共 {all} 条{}，合计 {}",
            if ls.filter.is_active() {
                format!("，筛选后 {} 条", ls.view.len())
            } else {
                String::new()
            },
            shown_total.grouped()
        ));
        if !b.incomplete_lines.is_empty() {
            ui.label(
                RichText::new(format!(
                    "（{} 行尚未填完科目，不计入公开表）",
                    b.incomplete_lines.len()
                ))
                .color(egui::Color32::from_rgb(180, 120, 0)),
            );
        }
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
                out.push(Command::FindNext);
            }
            if ui.button("关闭查找").clicked() {
                ls.find_open = false;
            }
        }
    });
}

/// Finds the next line (after the cursor) whose code, name, amount or remark holds the
/// query, and puts the cursor on it.
pub(super) fn find_next(doc: &Document, st: &mut SheetStates) -> bool {
    let b = doc.budget();
    st.lines.refresh_view(doc);
    let ls = &st.lines;
    let q = ls.find.trim();
    if q.is_empty() || ls.view.is_empty() {
        return false;
    }
    let amount = parse_yuan(q).ok();
    let start = st
        .grids
        .get(&(Sheet::Lines, 0))
        .and_then(|g| g.cursor)
        .map(|(r, _)| r + 1)
        .unwrap_or(0);
    let n = ls.view.len();
    let found = (0..n).map(|k| (start + k) % n).find(|r| {
        let Some(l) = b.line(ls.view[*r]) else {
            return false;
        };
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
    });
    match found {
        Some(row) => {
            st.grid(Sheet::Lines, 0).select_only(row, 0);
            st.lines.find_focus = true;
            true
        }
        None => false,
    }
}

// ---- subtotals --------------------------------------------------------------------------

/// A subtotal as listed: its name, its amount, its level (0: a 类, bold).
type SubtotalRow = (String, Money, u8);

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

fn subtotals_panel(ui: &mut egui::Ui, doc: &Document, ls: &mut LinesState) {
    let b = doc.budget();
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
    // The grid is laid out after the subtotals panel has taken its place below; the panel
    // never takes more than a third of the height, so that the grid keeps its rows.
    let max = (ui.available_height() / 3.0).max(60.0);
    egui::Panel::bottom("line_subtotals")
        .resizable(true)
        .default_size(150.0_f32.min(ui.available_height() / 5.0).max(48.0))
        .min_size(48.0)
        .max_size(max)
        .show(ui, |ui| {
            ui.add_space(4.0);
            // A section's rows, under its title (`None`: the title is on its tab).
            let section = |ui: &mut egui::Ui, title: Option<&str>, rows: &[SubtotalRow]| {
                if let Some(t) = title {
                    ui.strong(t);
                }
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
            let sections: [(&str, Vec<SubtotalRow>); 4] = [
                ("按功能科目（类/款）", sub.by_class.clone()),
                ("按单位", flat(&sub.by_unit)),
                ("按支出性质", nature),
                ("按项目", flat(&sub.by_project)),
            ];
            if ui.available_width() >= 4.0 * 250.0 {
                ui.columns(4, |cols| {
                    for (col, (title, rows)) in cols.iter_mut().zip(&sections) {
                        section(col, Some(title), rows);
                    }
                });
            } else {
                // Too narrow for four side by side (names would be cut to nothing): one
                // at a time, chosen above it.
                ui.horizontal_wrapped(|ui| {
                    for (i, (title, _)) in sections.iter().enumerate() {
                        ui.selectable_value(&mut ls.subtotal_tab, i, *title);
                    }
                });
                let (_, rows) = &sections[ls.subtotal_tab.min(3)];
                section(ui, None, rows);
            }
        });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(id: i64, seq: i64) -> Line {
        Line {
            id,
            seq,
            ..blank_line(&Budget::default(), 1, seq)
        }
    }

    #[test]
    fn a_line_goes_between_two_or_the_list_is_renumbered() {
        let ls = [line(1, 1024), line(2, 2048), line(3, 2049)];
        let ordered: Vec<&Line> = ls.iter().collect();
        let (s, r) = seqs_for_insert(&ordered, 1, 1);
        assert!(s[0] > 1024 && s[0] < 2048 && r.is_empty());
        let (s, r) = seqs_for_insert(&ordered, 3, 2);
        assert_eq!(s, vec![2049 + 1024, 2049 + 2048]);
        assert!(r.is_empty());
        // Between 2048 and 2049 there is no room: renumbered, the new one in the gap.
        let (s, r) = seqs_for_insert(&ordered, 2, 1);
        assert_eq!(s, vec![3 * 1024]);
        assert_eq!(
            r.iter().map(|l| (l.id, l.seq)).collect::<Vec<_>>(),
            vec![(3, 4 * 1024)]
        );
        let (s, _) = seqs_for_insert(&ordered, 0, 1);
        assert!(s[0] < 1024);
    }
}
