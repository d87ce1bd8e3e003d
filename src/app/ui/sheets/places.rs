//! Places on the sheets: the place under the cursor (where a remark goes), going to a
//! place (a finding, a remark, an undo), how a place is named to the user, and the place
//! an edit changes.

use super::*;

impl SheetStates {
    /// The place selected on a sheet (for a remark): the record under the cursor and its
    /// column where the sheet has records, else the sheet.
    pub fn current_place(&mut self, sheet: Sheet, doc: &Document) -> Place {
        let b = doc.budget();
        let cursor =
            |st: &SheetStates, s: Sheet, n: u8| st.grids.get(&(s, n)).and_then(|g| g.cursor);
        let record = match sheet {
            Sheet::Lines => {
                self.lines.refresh_view(doc);
                if let Some((row, col)) = cursor(self, sheet, 0)
                    && let Some(id) = self.lines.view.get(row)
                {
                    return Place::new(
                        sheet,
                        Some(Target::Id(*id)),
                        lines::column_labels().get(col).copied(),
                    );
                }
                None
            }
            Sheet::Projects => {
                // An indicator selected in the project's indicator grid, else the project.
                let ind = self.project.and_then(|p| {
                    cursor(self, Sheet::Projects, 1)
                        .and_then(|(r, _)| b.indicators_of(Some(p)).nth(r))
                });
                if let Some(i) = ind
                    && self.shared.active.get(&Sheet::Projects) == Some(&1)
                {
                    return Place::new(sheet, Some(Target::Id(i.id)), Some("指标名称"));
                }
                self.project.map(Target::Id)
            }
            Sheet::DepartmentTarget => {
                if let Some(i) = cursor(self, Sheet::DepartmentTarget, 1)
                    .and_then(|(r, _)| b.indicators_of(None).nth(r))
                {
                    return Place::new(sheet, Some(Target::Id(i.id)), Some("指标名称"));
                }
                None
            }
            Sheet::Procurement => cursor(self, sheet, 0)
                .and_then(|(r, _)| b.procurement.get(r))
                .map(|p| Target::Id(p.id)),
            Sheet::Income => cursor(self, sheet, 0)
                .and_then(|(r, _)| FundSource::ALL.get(r))
                .map(|s| Target::Key(s.label().to_string())),
            Sheet::Reasons => cursor(self, sheet, 0).and_then(|(r, _)| {
                self.changed_items(doc)
                    .get(r)
                    .map(|c| Target::Key(c.key.clone()))
            }),
            _ => None,
        };
        Place::new(sheet, record, None)
    }

    /// Moves to a place: the sheet's grid cursor on its record and field.
    pub fn go_to(&mut self, doc: &Document, place: &Place) {
        let b = doc.budget();
        let field = place.field;
        let col_of = |cols: &[&str], default: usize| {
            field
                .and_then(|f| cols.iter().position(|c| *c == f))
                .unwrap_or(default)
        };
        match (&place.sheet, &place.record) {
            (Sheet::Lines, Some(Target::Id(id))) => {
                if let Some(row) = self.lines.row_of(doc, *id) {
                    let col = col_of(&lines::column_labels(), lines::amount_column());
                    self.grid(Sheet::Lines, 0).select_only(row, col);
                }
            }
            (Sheet::Projects, Some(Target::Id(id))) if b.indicators.iter().any(|i| i.id == *id) => {
                if let Some(i) = b.indicators.iter().find(|i| i.id == *id)
                    && let Some(p) = i.project_id
                {
                    self.project = Some(p);
                    if let Some(row) = b.indicators_of(Some(p)).position(|x| x.id == *id) {
                        self.grid(Sheet::Projects, 1)
                            .select_only(row, col_of(&labels::<Indicator>(), 2));
                        self.shared.active.insert(Sheet::Projects, 1);
                    }
                }
            }
            (Sheet::DepartmentTarget, Some(Target::Id(id))) => {
                if let Some(row) = b.indicators_of(None).position(|x| x.id == *id) {
                    self.grid(Sheet::DepartmentTarget, 1)
                        .select_only(row, col_of(&labels::<Indicator>(), 2));
                    self.shared.active.insert(Sheet::DepartmentTarget, 1);
                }
            }
            (Sheet::Projects, Some(Target::Id(id))) => self.project = Some(*id),
            (Sheet::Reasons, Some(Target::Key(k))) => {
                if let Some(row) = self.changed_items(doc).iter().position(|c| &c.key == k) {
                    self.grid(Sheet::Reasons, 0)
                        .select_only(row, reasons::REASON);
                }
            }
            (Sheet::Procurement, Some(Target::Id(id))) => {
                if let Some(row) = b.procurement.iter().position(|p| p.id == *id) {
                    self.grid(Sheet::Procurement, 0)
                        .select_only(row, col_of(&labels::<Procurement>(), 3));
                }
            }
            (Sheet::Income, Some(Target::Key(k))) => {
                if let Some(row) = FundSource::ALL.iter().position(|s| s.label() == k) {
                    self.grid(Sheet::Income, 0)
                        .select_only(row, col_of(&labels::<Income>(), 1));
                }
            }
            (Sheet::Department, Some(Target::Id(id))) => {
                if let Some(row) = b.units.iter().position(|u| u.id == *id) {
                    self.grid(Sheet::Department, 0)
                        .select_only(row, col_of(&labels::<Unit>(), 1));
                }
            }
            (Sheet::Prior, Some(Target::Key(k))) => {
                if let Some(row) = b.prior_functions.iter().position(|p| prior::key(p) == *k) {
                    self.grid(Sheet::Prior, 0).select_only(row, prior::AMOUNT);
                    self.shared.active.insert(Sheet::Prior, 0);
                } else if let Some(row) = PriorItem::ALL.iter().position(|i| i.label() == k) {
                    self.grid(Sheet::Prior, 1).select_only(row, 1);
                    self.shared.active.insert(Sheet::Prior, 1);
                }
            }
            (Sheet::ThreePublic, Some(Target::Key(k))) => {
                if let Some(row) = three_public::ITEMS.iter().position(|i| i.label() == k) {
                    self.grid(Sheet::ThreePublic, 0).select_only(row, 2);
                }
            }
            (Sheet::Assets, Some(Target::Key(k))) => {
                if let Some(row) = AssetCategory::ALL.iter().position(|c| c.label() == k) {
                    self.grid(Sheet::Assets, 0)
                        .select_only(row, col_of(&labels::<Asset>(), 1));
                }
            }
            _ => {}
        }
    }

    /// Where a line is shown (its row on 支出明细), before an undo or redo takes it away:
    /// the text that names it, and its row.
    pub fn line_row_before(&mut self, doc: &Document, place: &Place) -> Option<(String, usize)> {
        let (Sheet::Lines, Some(Target::Id(id))) = (place.sheet, &place.record) else {
            return None;
        };
        let row = self.lines.row_of(doc, *id)?;
        Some((self.place_text(doc, place), row))
    }

    /// After a line went: the cursor on the row it was in, marked for a moment.
    pub fn flash_row(&mut self, row: usize, until: f64) {
        let rows = self.lines.view.len();
        let g = self.grid(Sheet::Lines, 0);
        let col = g.cursor.map(|c| c.1).unwrap_or(0);
        g.select_only(row.min(rows), col);
        g.flash((row.min(rows), col), until);
    }

    /// Goes to a place and marks its cell for a moment (after undo and redo).
    pub fn go_to_and_flash(&mut self, doc: &Document, place: &Place, until: f64) {
        self.go_to(doc, place);
        let n = match place.sheet {
            Sheet::Projects | Sheet::DepartmentTarget => 1,
            Sheet::Prior => self.shared.active.get(&Sheet::Prior).copied().unwrap_or(0),
            _ => 0,
        };
        if let Some(g) = self.grids.get_mut(&(place.sheet, n))
            && let Some(cell) = g.cursor
        {
            g.flash(cell, until);
        }
    }

    /// Where a place is, as the user sees it: `（第 5 行“金额”）`.
    pub fn place_text(&mut self, doc: &Document, place: &Place) -> String {
        match (place.sheet, &place.record) {
            (Sheet::Lines, Some(Target::Id(id))) => match self.lines.row_of(doc, *id) {
                Some(row) => match place.field {
                    Some(f) => format!("（第 {} 行“{f}”）", row + 1),
                    None => format!("（第 {} 行）", row + 1),
                },
                None => String::new(),
            },
            _ => format!("（{}）", place.describe(doc.budget())),
        }
    }
}

/// The place an edit changes, for undo and redo to show it: the record and, where one
/// field changed, that field.
pub fn place_of_edit(b: &Budget, e: &Edit) -> Option<Place> {
    // A record put: its place, at the first field it changes.
    struct Put<'a>(&'a Budget);
    impl RecordRefFn for Put<'_> {
        type Out = Option<Place>;
        fn call<R: Kind>(self, r: &R) -> Option<Place> {
            let mut place = r.place()?;
            if let Some(old) = r.current(self.0) {
                place.field = place.field.or_else(|| {
                    crate::engine::records::changed_field(self.0, &old, r)
                        .and_then(|f| Place::new(place.sheet, None, Some(f)).field)
                });
            }
            Some(place)
        }
    }
    // A record deleted: where it is until it goes.
    struct Gone(i64);
    impl KindFn for Gone {
        type Out = Option<Place>;
        fn call<R: Kind>(self) -> Option<Place> {
            R::SHEET.map(|s| Place::new(s, Some(Target::Id(self.0)), None))
        }
    }
    match e {
        Edit::Batch(v) => v.iter().find_map(|e| place_of_edit(b, e)),
        Edit::PutLines(ls) => Put(b).call(ls.first()?),
        // The line as it is before it goes (undoing an insert, redoing a deletion).
        Edit::DeleteLines(ids) => Some(Place::new(
            Sheet::Lines,
            Some(Target::Id(*ids.first()?)),
            None,
        )),
        Edit::Put(r) => r.visit_ref(Put(b)),
        Edit::Delete(kind, id) => kind.visit(Gone(*id)),
        _ => None,
    }
}
