//! Every change to a budget is an [`Edit`], passed through one gate
//! ([`crate::engine::store::Store::apply`]) that checks it, stores it durably in one
//! transaction, updates the loaded budget and returns the edit that undoes it.
//!
//! Records of every kind are put and deleted by the same two edits, [`Edit::Put`] and
//! [`Edit::Delete`]; what they do follows from the kind's declaration (`records`).

use crate::engine::catalog::{CatalogKind, LoadedCatalog};
use crate::engine::layout::Layout;
use crate::engine::model::Line;
use crate::engine::parts::Parts;
use crate::engine::records::Kind;
use crate::engine::records::registry::{KindId, Record, RecordRefFn};
use std::sync::Arc;

#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    /// Puts a record: a record of id 0 is inserted, another takes the place of the one of
    /// its id or key; a record kept by key that holds nothing (an income of 0 and 0, a
    /// blank reason) removes the one of its key.
    Put(Record),
    /// Deletes the record of an id, of a kind kept by id, with the records kept under it
    /// (a project's indicators); refused while others refer to it.
    Delete(KindId, i64),
    /// Puts many lines at once (a paste of 10,000, an import, an undone deletion): what
    /// [`Edit::Put`] does for each, in one pass.
    PutLines(Vec<Line>),
    /// Deletes many lines at once.
    DeleteLines(Vec<i64>),
    /// Puts an official catalog in place of the bundled one of its kind.
    LoadCatalog(LoadedCatalog),
    /// Goes back to the bundled catalog of a kind.
    ResetCatalog(CatalogKind),
    /// The disclosure layout (表样) the budget's tables follow.
    SetLayout(Arc<Layout>),
    /// Several edits as one step: all or nothing, undone together.
    Batch(Vec<Edit>),
}

impl Edit {
    /// Puts a record of any kind.
    pub fn put(r: impl Into<Record>) -> Edit {
        Edit::Put(r.into())
    }

    /// Deletes the record of kind `R` with this id.
    pub fn delete<R: Kind>(id: i64) -> Edit {
        Edit::Delete(R::ID, id)
    }

    /// A short Chinese description, for undo/redo menus and messages.
    pub fn describe(&self) -> String {
        struct Put;
        impl RecordRefFn for Put {
            type Out = String;
            fn call<R: Kind>(self, r: &R) -> String {
                r.describe_put()
            }
        }
        match self {
            Edit::Put(r) => r.visit_ref(Put),
            Edit::Delete(k, _) => format!("删除{}", k.name()),
            Edit::PutLines(l) if l.len() == 1 => "修改支出明细".into(),
            Edit::PutLines(l) => format!("修改 {} 条支出明细", l.len()),
            Edit::DeleteLines(l) => format!("删除 {} 条支出明细", l.len()),
            Edit::LoadCatalog(c) => format!("载入{}", c.kind().label()),
            Edit::ResetCatalog(k) => format!("恢复内置{}", k.label()),
            Edit::SetLayout(l) => format!("改用表样“{}”", l.name()),
            Edit::Batch(v) if v.len() == 1 => v[0].describe(),
            Edit::Batch(v) => format!("{} 项修改", v.len()),
        }
    }

    /// A remark put or deleted, and nothing else (a remark changes no figure).
    pub fn is_remark(&self) -> bool {
        matches!(
            self,
            Edit::Put(Record::Remark(_)) | Edit::Delete(KindId::Remark, _)
        )
    }
}

/// What an edit changed: the parts, and the lines, units and projects by id (what the
/// derivation of lines reads).
#[derive(Clone, Debug, Default)]
pub struct Touched {
    pub parts: Parts,
    pub lines: Vec<i64>,
    pub units: Vec<i64>,
    pub projects: Vec<i64>,
}

impl Touched {
    /// Everything: the budget read again, a catalog or the layout changed.
    pub fn all() -> Touched {
        Touched {
            parts: Parts::ALL,
            ..Touched::default()
        }
    }

    /// What an edit changed, told by the edit that undoes it (the store returns it): it
    /// names every record the edit put, replaced or deleted, new ones included.
    pub fn of_inverse(inverse: &Edit) -> Touched {
        let mut t = Touched::default();
        t.add(inverse);
        t
    }

    fn record(&mut self, kind: KindId, part: Parts, id: Option<i64>) {
        self.parts = self.parts | part;
        let ids = match kind {
            KindId::Line => &mut self.lines,
            KindId::Unit => &mut self.units,
            KindId::Project => &mut self.projects,
            _ => return,
        };
        ids.extend(id);
    }

    fn add(&mut self, e: &Edit) {
        struct Part;
        impl RecordRefFn for Part {
            type Out = Parts;
            fn call<R: Kind>(self, _: &R) -> Parts {
                R::PART
            }
        }
        match e {
            Edit::Put(r) => self.record(r.kind(), r.visit_ref(Part), r.id()),
            Edit::Delete(k, id) => {
                struct KindPart;
                impl crate::engine::records::registry::KindFn for KindPart {
                    type Out = Parts;
                    fn call<R: Kind>(self) -> Parts {
                        R::PART
                    }
                }
                self.record(*k, k.visit(KindPart), Some(*id))
            }
            Edit::PutLines(lines) => {
                self.parts = self.parts | Parts::LINES;
                self.lines.extend(lines.iter().map(|l| l.id));
            }
            Edit::DeleteLines(ids) => {
                self.parts = self.parts | Parts::LINES;
                self.lines.extend(ids);
            }
            Edit::LoadCatalog(_) | Edit::ResetCatalog(_) => {
                self.parts = self.parts | Parts::CATALOG
            }
            Edit::SetLayout(_) => self.parts = self.parts | Parts::LAYOUT,
            Edit::Batch(v) => v.iter().for_each(|e| self.add(e)),
        }
    }
}
