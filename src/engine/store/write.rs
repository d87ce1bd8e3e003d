//! Writing edits: the rules an edit must keep, its SQL, and its mirror in the loaded
//! budget (which gives the edit that undoes it).

use super::records;
use super::{Result, db_err, refused};
use crate::engine::catalog::{CatalogKind, LoadedCatalog};
use crate::engine::edit::Edit;
use crate::engine::model::*;
use crate::engine::money::Money;
use crate::engine::records::registry::{Before, KindFn, Record, RecordFn, RecordRefFn};
use crate::engine::records::{FieldType, Kind, Value};
use rusqlite::{Transaction, params};

// ---------------------------------------------------------------------------------------
// Checking an edit against the rules of the model.

/// The total of a budget's lines in 分.
pub(super) fn lines_fen(b: &Budget) -> i128 {
    b.lines
        .iter()
        .chain(&b.incomplete_lines)
        .map(|l| i128::from(l.amount.fen()))
        .sum()
}

/// Why a budget's figures cannot all be added up exactly, if they cannot: a kind of
/// record whose total passes [`crate::engine::money::MAX_TOTAL_YUAN`] (a pasted column of phone
/// numbers, a generated file). `lines` is the lines' total, known to the caller.
pub(super) fn totals_fault(b: &Budget, lines: i128) -> Option<String> {
    let max = i128::from(crate::engine::money::MAX_TOTAL_YUAN) * 100;
    let procurement: i128 = b
        .procurement
        .iter()
        .map(|p| i128::from(p.total.fen()))
        .sum();
    let fault = |what: &str, fen: i128| {
        format!(
            "{what}合计 {} 元，超过程序能准确合计的上限（90 万亿元）：请检查是否多粘贴了数字或整列填错",
            Money::from_fen_wide(fen).grouped()
        )
    };
    if lines > max {
        Some(fault("支出明细", lines))
    } else if procurement > max {
        Some(fault("政府采购", procurement))
    } else {
        None
    }
}

/// The 分 an edit adds to the lines at the most (its lines' amounts, before what they
/// replace is taken off): a bound on the total after it, cheap to know before it.
pub(super) fn lines_added_fen(edit: &Edit) -> i128 {
    match edit {
        Edit::PutLines(ls) => ls.iter().map(|l| i128::from(l.amount.fen())).sum(),
        Edit::Put(Record::Line(l)) => i128::from(l.amount.fen()),
        Edit::Batch(v) => v.iter().map(lines_added_fen).sum(),
        _ => 0,
    }
}

/// Whether an edit touches procurement (whose total is then added up again).
pub(super) fn touches_procurement(edit: &Edit) -> bool {
    match edit {
        Edit::Put(Record::Procurement(_)) => true,
        Edit::Batch(v) => v.iter().any(touches_procurement),
        _ => false,
    }
}

pub(super) fn validate(b: &Budget, edit: &Edit) -> Result<()> {
    match edit {
        Edit::Put(r) => r.visit_ref(Check {
            b,
            at: String::new(),
        }),
        Edit::Delete(kind, id) => {
            struct CanDelete<'a>(&'a Budget, i64);
            impl KindFn for CanDelete<'_> {
                type Out = Result<()>;
                fn call<R: Kind>(self) -> Result<()> {
                    R::delete_rules(self.0, self.1).map_err(refused)
                }
            }
            kind.visit(CanDelete(b, *id))
        }
        Edit::PutLines(lines) => lines.iter().enumerate().try_for_each(|(n, l)| {
            let at = if lines.len() > 1 {
                format!("第 {} 条：", n + 1)
            } else {
                String::new()
            };
            Check { b, at }.call(l)
        }),
        Edit::DeleteLines(_) | Edit::ResetCatalog(_) | Edit::Batch(_) => Ok(()),
        Edit::LoadCatalog(c) => {
            if c.is_empty() {
                return Err(refused(format!("{}是空的", c.kind().label())));
            }
            Ok(())
        }
        Edit::SetLayout(l) => {
            if l.source.len() > crate::engine::layout::MAX_SOURCE {
                return Err(refused("表样文件过大（最多 1 MB）"));
            }
            Ok(())
        }
    }
}

/// A record may be stored: the rules of its kind, then each field's value as its
/// declaration allows (codes of their length, money not negative, one of a closed set,
/// a unit or project that exists). `at` names the record in a batch.
struct Check<'a> {
    b: &'a Budget,
    at: String,
}

impl RecordRefFn for Check<'_> {
    type Out = Result<()>;
    fn call<R: Kind>(self, r: &R) -> Result<()> {
        let at = &self.at;
        r.rules(self.b)
            .map_err(|why| refused(format!("{at}{why}")))?;
        for f in R::fields() {
            let ok = match (f.ty, (f.get)(r)) {
                (FieldType::Unit, v) => self.b.unit(v.int()).is_some(),
                (FieldType::Project, Value::Int(id)) => self.b.project(id).is_some(),
                _ => true,
            };
            if !ok {
                let what = if matches!(f.ty, FieldType::Unit) {
                    "单位"
                } else {
                    "项目"
                };
                return Err(refused(format!("{at}所选{what}不存在")));
            }
        }
        records::check(r).map_err(|why| refused(format!("{at}{}：{why}", R::NAME)))
    }
}

// ---------------------------------------------------------------------------------------
// Applying: SQL, then memory.

pub(super) fn apply_one(
    tx: &Transaction,
    b: &mut Budget,
    edit: Edit,
    done: &mut Vec<Edit>,
) -> Result<Edit> {
    if let Edit::Batch(edits) = edit {
        let mut inverses = Vec::with_capacity(edits.len());
        for e in edits {
            inverses.push(apply_one(tx, b, e, done)?);
        }
        inverses.reverse();
        return Ok(Edit::Batch(inverses));
    }
    validate(b, &edit)?;
    let edit = write_sql(tx, edit).map_err(db_err)?;
    let inverse = apply_memory(b, edit);
    done.push(inverse.clone());
    Ok(inverse)
}

/// Writes one edit (not a batch) and returns it with the ids of new records filled in.
/// Each record's columns come from its declaration (`records`).
pub(super) fn write_sql(tx: &Transaction, edit: Edit) -> rusqlite::Result<Edit> {
    // A record: written (a new one's id filled in), or removed when it holds nothing.
    struct Write<'a>(&'a Transaction<'a>);
    impl RecordFn for Write<'_> {
        type Out = rusqlite::Result<Record>;
        fn call<R: Kind>(self, mut r: R) -> rusqlite::Result<Record> {
            if r.is_void() {
                records::delete(self.0, &r)?;
            } else if let Some(new) = records::put(self.0, &r)?
                && let Some(f) = R::fields().iter().find(|f| matches!(f.ty, FieldType::Id))
            {
                (f.set)(&mut r, Value::Int(new));
            }
            Ok(r.into())
        }
    }
    struct Table;
    impl KindFn for Table {
        type Out = &'static str;
        fn call<R: Kind>(self) -> &'static str {
            R::TABLE
        }
    }
    Ok(match edit {
        Edit::Put(r) => Edit::Put(r.visit(Write(tx))?),
        Edit::Delete(kind, id) => {
            tx.prepare_cached(&format!("DELETE FROM {} WHERE id = ?1", kind.visit(Table)))?
                .execute([id])?;
            Edit::Delete(kind, id)
        }
        Edit::PutLines(mut lines) => {
            records::put_all(tx, &mut lines, |l| &mut l.id)?;
            Edit::PutLines(lines)
        }
        Edit::DeleteLines(ids) => {
            let mut st =
                tx.prepare_cached(&format!("DELETE FROM {} WHERE id = ?1", Line::TABLE))?;
            for id in ids.iter() {
                st.execute([id])?;
            }
            Edit::DeleteLines(ids)
        }
        Edit::LoadCatalog(c) => {
            write_catalog_kind(tx, c.kind(), Some(&c))?;
            Edit::LoadCatalog(c)
        }
        Edit::ResetCatalog(kind) => {
            write_catalog_kind(tx, kind, None)?;
            Edit::ResetCatalog(kind)
        }
        Edit::SetLayout(l) => {
            let (builtin, source) = if l.builtin {
                (l.id(), "")
            } else {
                ("", l.source.as_str())
            };
            tx.execute(
                "INSERT OR REPLACE INTO layout (id, builtin, source) VALUES (1, ?1, ?2)",
                (builtin, source),
            )?;
            Edit::SetLayout(l)
        }
        Edit::Batch(_) => unreachable!("batches are split by apply_one"),
    })
}

fn write_catalog_kind(
    tx: &Transaction,
    kind: CatalogKind,
    c: Option<&LoadedCatalog>,
) -> rusqlite::Result<()> {
    if kind == CatalogKind::Mapping {
        tx.execute("DELETE FROM catalog_mapping", [])?;
    } else {
        tx.execute("DELETE FROM catalog_entry WHERE kind = ?1", [kind.key()])?;
    }
    match c {
        Some(LoadedCatalog::Codes(k, entries)) => {
            let mut st = tx.prepare_cached(
                "INSERT INTO catalog_entry (kind, code, name) VALUES (?1, ?2, ?3)",
            )?;
            for (code, name) in entries {
                st.execute(params![k.key(), code, name])?;
            }
        }
        Some(LoadedCatalog::Mapping(rows)) => {
            let mut st = tx.prepare_cached(
                "INSERT INTO catalog_mapping (dept_code, gov_admin, gov_institution) VALUES (?1, ?2, ?3)",
            )?;
            for (d, a, i) in rows {
                st.execute(params![d, a, i])?;
            }
        }
        None => {}
    }
    Ok(())
}

/// Whether no two lines have the same id (a line put twice in one edit goes in order).
fn distinct_ids(lines: &[Line]) -> bool {
    let mut ids: Vec<i64> = lines.iter().map(|l| l.id).collect();
    ids.sort_unstable();
    ids.windows(2).all(|w| w[0] != w[1])
}

/// Applies an edit (already checked and stored) to the loaded budget; returns its inverse.
pub(super) fn apply_memory(b: &mut Budget, edit: Edit) -> Edit {
    // A record put where the budget keeps its kind: undone by putting back what was there,
    // or by deleting it when it is new.
    struct Put<'a>(&'a mut Budget);
    impl RecordFn for Put<'_> {
        type Out = Edit;
        fn call<R: Kind>(self, r: R) -> Edit {
            match r.put_in(self.0) {
                Before::Was(old) => Edit::put(old),
                Before::New(id) => Edit::Delete(R::ID, id),
            }
        }
    }
    // A record taken out, with those kept under it: undone by putting them all back.
    struct Take<'a>(&'a mut Budget, i64);
    impl KindFn for Take<'_> {
        type Out = Edit;
        fn call<R: Kind>(self) -> Edit {
            let mut gone: Vec<Edit> = R::take_from(self.0, self.1)
                .into_iter()
                .map(Edit::Put)
                .collect();
            match gone.len() {
                1 => gone.remove(0),
                _ => Edit::Batch(gone),
            }
        }
    }
    match edit {
        Edit::Put(r) => r.visit(Put(b)),
        Edit::Delete(kind, id) => kind.visit(Take(b, id)),
        Edit::PutLines(lines) if lines.len() > 32 && distinct_ids(&lines) => {
            // Many at once (a paste, an undone deletion): the lines they replace taken out
            // in one pass, then all put in their lists and each list sorted once.
            let wanted: crate::engine::base::fxhash::FxHashSet<i64> =
                lines.iter().map(|l| l.id).collect();
            let mut gone: crate::engine::base::fxhash::FxHashMap<i64, Line> = Default::default();
            for list in [&mut b.lines, &mut b.incomplete_lines] {
                if list.iter().any(|l| wanted.contains(&l.id)) {
                    let (out, keep): (Vec<Line>, Vec<Line>) = std::mem::take(list)
                        .into_iter()
                        .partition(|l| wanted.contains(&l.id));
                    *list = keep;
                    gone.extend(out.into_iter().map(|l| (l.id, l)));
                }
            }
            let mut olds = Vec::new();
            let mut news = Vec::new();
            for l in lines {
                match gone.remove(&l.id) {
                    Some(old) => olds.push(old),
                    None => news.push(l.id),
                }
                if l.is_complete() {
                    b.lines.push(l);
                } else {
                    b.incomplete_lines.push(l);
                }
            }
            b.lines.sort_by_key(|l| l.id);
            b.incomplete_lines.sort_by_key(|l| l.id);
            match (olds.is_empty(), news.is_empty()) {
                (true, _) => Edit::DeleteLines(news),
                (false, true) => Edit::PutLines(olds),
                (false, false) => Edit::Batch(vec![Edit::DeleteLines(news), Edit::PutLines(olds)]),
            }
        }
        Edit::PutLines(lines) => {
            let mut olds = Vec::new();
            let mut news = Vec::new();
            for l in lines {
                match l.put_in(b) {
                    Before::Was(old) => olds.push(old),
                    Before::New(id) => news.push(id),
                }
            }
            match (olds.is_empty(), news.is_empty()) {
                (true, _) => Edit::DeleteLines(news),
                (false, true) => Edit::PutLines(olds),
                (false, false) => Edit::Batch(vec![Edit::DeleteLines(news), Edit::PutLines(olds)]),
            }
        }
        Edit::DeleteLines(ids) if ids.len() > 32 => {
            // Many at once (an undone paste): one pass over the lists, not a shift of
            // their tails per line.
            let wanted: crate::engine::base::fxhash::FxHashSet<i64> = ids.iter().copied().collect();
            let mut gone: crate::engine::base::fxhash::FxHashMap<i64, Line> = Default::default();
            for list in [&mut b.lines, &mut b.incomplete_lines] {
                let (out, keep): (Vec<Line>, Vec<Line>) = std::mem::take(list)
                    .into_iter()
                    .partition(|l| wanted.contains(&l.id));
                *list = keep;
                gone.extend(out.into_iter().map(|l| (l.id, l)));
            }
            Edit::PutLines(ids.iter().filter_map(|id| gone.remove(id)).collect())
        }
        Edit::DeleteLines(ids) => {
            let olds: Vec<Line> = ids
                .iter()
                .flat_map(|id| Line::take_from(b, *id))
                .filter_map(|r| match r {
                    Record::Line(l) => Some(l),
                    _ => None,
                })
                .collect();
            Edit::PutLines(olds)
        }
        Edit::LoadCatalog(c) => {
            let kind = c.kind();
            let old = take_loaded(b, kind);
            b.loaded_catalogs.push(c);
            b.loaded_catalogs.sort_by_key(|c| c.kind());
            b.refresh_catalog();
            old.map(Edit::LoadCatalog)
                .unwrap_or(Edit::ResetCatalog(kind))
        }
        Edit::ResetCatalog(kind) => {
            let old = take_loaded(b, kind);
            b.refresh_catalog();
            old.map(Edit::LoadCatalog)
                .unwrap_or(Edit::ResetCatalog(kind))
        }
        Edit::SetLayout(l) => Edit::SetLayout(std::mem::replace(&mut b.layout, l)),
        Edit::Batch(edits) => {
            let mut inv: Vec<Edit> = edits.into_iter().map(|e| apply_memory(b, e)).collect();
            inv.reverse();
            Edit::Batch(inv)
        }
    }
}

fn take_loaded(b: &mut Budget, kind: CatalogKind) -> Option<LoadedCatalog> {
    let pos = b.loaded_catalogs.iter().position(|c| c.kind() == kind)?;
    Some(b.loaded_catalogs.remove(pos))
}
