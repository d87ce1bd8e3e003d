//! A sheet's grid laid out from its record kind's declaration: each column a declared
//! field (its title, width and kind of cell from the field's type; its text shown,
//! edited and read by the field), or a figure the sheet computes beside them.

use super::super::grid::{ColKind, ColumnSpec, GridData};
use crate::engine::model::Budget;
use crate::engine::records::{Field, FieldType, Kind};

/// One column of a grid over records of kind `R`.
pub(super) enum Col<'a, R: 'static> {
    /// A declared field; `editable` false shows it without letting it change (the fund
    /// source that names a row of 收入).
    Field(&'static Field<R>, bool),
    /// A figure or text computed by the sheet, one a row.
    Extra(ColumnSpec, &'a dyn Fn(usize) -> String),
}

/// The columns of a grid over records of kind `R`, in order.
pub(super) struct Plan<'a, R: Kind> {
    pub cols: Vec<Col<'a, R>>,
}

/// The kind of grid cell for a field's type.
pub(super) fn col_kind<R>(f: &Field<R>, b: &Budget) -> ColKind {
    match f.ty {
        FieldType::Money | FieldType::OptMoney | FieldType::SignedMoney => ColKind::Money,
        FieldType::Code(k) => ColKind::Code(k),
        FieldType::Choice(labels, _) => {
            let mut v: Vec<String> = Vec::new();
            if f.nullable {
                v.push(String::new());
            }
            v.extend(labels.iter().map(|s| s.to_string()));
            ColKind::Choice(v)
        }
        FieldType::Unit => ColKind::Choice(
            b.units
                .iter()
                .map(|u| u.short_label().to_string())
                .collect(),
        ),
        FieldType::Project => {
            let mut v = vec![String::new()];
            v.extend(b.projects.iter().map(|p| p.name.clone()));
            ColKind::Choice(v)
        }
        FieldType::YesNo => ColKind::Choice(vec!["是".into(), "否".into()]),
        FieldType::Count | FieldType::Decimal | FieldType::Year => ColKind::Number,
        FieldType::Id | FieldType::Order => ColKind::Fixed,
        FieldType::Text if !f.suggest.is_empty() => {
            ColKind::Choice(f.suggest.iter().map(|s| s.to_string()).collect())
        }
        FieldType::Text | FieldType::LongText => ColKind::Text,
    }
}

impl<'a, R: Kind> Plan<'a, R> {
    /// Every field the declaration shows in a grid, each editable.
    pub fn of_kind() -> Self {
        Plan {
            cols: R::grid_fields()
                .into_iter()
                .map(|f| Col::Field(f, true))
                .collect(),
        }
    }

    /// The fields of these labels, in this order, each editable.
    pub fn fields(labels: &[&str]) -> Self {
        Plan {
            cols: labels
                .iter()
                .filter_map(|l| R::field(l))
                .map(|f| Col::Field(f, true))
                .collect(),
        }
    }

    /// The field of this label is shown, not edited.
    pub fn fixed(mut self, label: &str) -> Self {
        for c in &mut self.cols {
            if let Col::Field(f, editable) = c
                && f.label == label
            {
                *editable = false;
            }
        }
        self
    }

    /// A computed column at `at` (its position among the columns).
    pub fn extra(
        mut self,
        at: usize,
        spec: ColumnSpec,
        value: &'a dyn Fn(usize) -> String,
    ) -> Self {
        let at = at.min(self.cols.len());
        self.cols.insert(at, Col::Extra(spec, value));
        self
    }

    pub fn columns(&self, b: &Budget) -> Vec<ColumnSpec> {
        self.cols
            .iter()
            .map(|c| match c {
                Col::Field(f, true) => ColumnSpec::new(f.label, f.width, col_kind(f, b)),
                Col::Field(f, false) => ColumnSpec::new(
                    f.label,
                    f.width,
                    if matches!(f.ty, FieldType::Money) {
                        ColKind::FixedMoney
                    } else {
                        ColKind::Fixed
                    },
                ),
                Col::Extra(spec, _) => spec.clone(),
            })
            .collect()
    }

    /// A record's cell as shown.
    pub fn shown(&self, r: &R, row: usize, col: usize, b: &Budget) -> String {
        match self.cols.get(col) {
            Some(Col::Field(f, _)) => f.shown(r, b),
            Some(Col::Extra(_, v)) => v(row),
            None => String::new(),
        }
    }

    /// A record's cell as the editor opens it.
    pub fn edit_text(&self, r: &R, row: usize, col: usize, b: &Budget) -> String {
        match self.cols.get(col) {
            Some(Col::Field(f, true)) => f.edit_text(r, b),
            _ => self.shown(r, row, col, b),
        }
    }

    /// Sets a record's cell from a text; the columns that cannot change refuse.
    pub fn read(&self, r: &mut R, col: usize, text: &str, b: &Budget) -> Result<(), String> {
        match self.cols.get(col) {
            Some(Col::Field(f, true)) => f.read_text(r, text, b),
            Some(Col::Field(f, false)) => Err(format!("“{}”不能在此修改", f.label)),
            Some(Col::Extra(spec, _)) => Err(format!("“{}”是计算出的，不能修改", spec.title)),
            None => Ok(()),
        }
    }
}

/// A grid over a list of records, through its plan.
pub(super) struct PlanGrid<'p, 'a, R: Kind> {
    pub plan: &'p Plan<'a, R>,
    pub records: &'p [R],
    pub b: &'p Budget,
    pub hover: Option<&'p dyn Fn(usize, usize) -> Option<String>>,
}

impl<R: Kind> GridData for PlanGrid<'_, '_, R> {
    fn rows(&self) -> usize {
        self.records.len()
    }
    fn cell(&self, row: usize, col: usize) -> String {
        self.records
            .get(row)
            .map(|r| self.plan.shown(r, row, col, self.b))
            .unwrap_or_default()
    }
    fn edit_text(&self, row: usize, col: usize) -> String {
        self.records
            .get(row)
            .map(|r| self.plan.edit_text(r, row, col, self.b))
            .unwrap_or_default()
    }
    fn choices(&self, row: usize, col: usize) -> Option<Vec<String>> {
        let r = self.records.get(row)?;
        match self.plan.cols.get(col)? {
            Col::Field(f, true) if f.suggest_for.is_some() => {
                Some(f.suggestions(r).iter().map(|s| s.to_string()).collect())
            }
            _ => None,
        }
    }
    fn hover(&self, row: usize, col: usize) -> Option<String> {
        if let Some(h) = self.hover {
            return h(row, col);
        }
        // A unit by its code and full name.
        let r = self.records.get(row)?;
        match self.plan.cols.get(col)? {
            Col::Field(f, _) if matches!(f.ty, FieldType::Unit) => {
                let id = (f.get)(r).int();
                self.b
                    .unit(id)
                    .map(|u| format!("{} {}（{}）", u.code, u.name, u.kind))
            }
            _ => None,
        }
    }
}

/// What [`records_grid`] shows: the grid's place and name, the records, the record a new
/// row starts from, the fields that make it.
pub(super) struct RecordsGrid<'g, R> {
    pub origin: (crate::engine::records::place::Sheet, u8),
    pub id: &'g str,
    pub records: &'g [R],
    pub new: &'g dyn Fn() -> Result<R, String>,
    pub needed: &'g [&'g str],
    /// What 插入行 says of typing a new row.
    pub hint: &'g str,
}

/// The grid of a sheet of records of one kind, every field a column (the first frozen),
/// with a new row below the last: a record typed there is made once the `needed` fields
/// are typed, starting from `new` (or refused with its message). 插入行 goes to the new
/// row, 复制为新行 and 删除 copy and delete the selected records.
pub(super) fn records_grid<R: Kind>(
    ui: &mut egui::Ui,
    doc: &crate::app::document::Document,
    st: &mut super::SheetStates,
    out: &mut Vec<super::Command>,
    g: RecordsGrid<R>,
) -> super::GridOutcome {
    let RecordsGrid {
        origin,
        id,
        records,
        new,
        needed,
        hint,
    } = g;
    use super::super::grid::CellChange;
    use crate::exchange::paste::PasteProblem;
    let b = doc.budget();
    let plan = Plan::<R>::of_kind();
    let columns = plan.columns(b);
    let data = PlanGrid {
        plan: &plan,
        records,
        b,
        hover: None,
    };
    let rules = super::rows::RowRules::of_plan(&plan, &columns, records, b, |_| new());
    let set = |changes: &[CellChange]| rules.edits(changes, crate::engine::edit::Edit::put);
    let pending = |cells: &[CellChange]| -> Result<Option<String>, Vec<PasteProblem>> {
        rules.apply(cells)?;
        Ok(super::first_untyped(cells, &columns, needed))
    };
    let mut g = super::SheetGrid::new(origin, id, &columns, &data, &set).with_new_row();
    g.pending_row = Some(&pending);
    g.frozen = 1;
    let outcome = super::grid_ui(ui, doc, st, &g, out);
    match outcome.verb {
        Some(super::Verb::InsertRow) => match new() {
            Ok(_) => {
                // The new row, blank: the record is made of what is typed there.
                st.grid(origin.0, origin.1).select_only(records.len(), 0);
                out.push(super::Command::Notify(super::Notice::info(hint)));
            }
            Err(why) => out.push(super::Command::Notify(super::Notice::error(why))),
        },
        Some(v) => {
            super::rows::copy_or_delete(v, st, origin, records, out);
        }
        None => {}
    }
    outcome
}
