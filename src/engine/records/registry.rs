//! The registry of record kinds: every kind a budget holds is named once, in
//! [`registry!`] below, and [`KindId`] (the kinds by name) and [`Record`] (a record of any
//! kind) are made from that list. What is done to records of any kind (storing an edit,
//! undoing it, saying what it touched, describing it, checking it) is written once,
//! generically, against [`Kind`], and reaches a record's own kind through a visitor: a
//! type with one generic method, called with the kind of the record at hand.
//!
//! A new kind of record is declared in a file of its own here (its fields, key, blank
//! record, sheet, part of the budget and how the budget keeps it: [`Kind`]) and named in
//! the list below; its table is made by a migration (`store/schema.rs`).

use super::{Kind, PriorFigure, Reason};
use crate::engine::model::*;

/// Calls `call::<R>()` with the kind of a [`KindId`].
pub trait KindFn {
    type Out;
    fn call<R: Kind>(self) -> Self::Out;
}

/// Calls `call(r)` with a record taken out of a [`Record`].
pub trait RecordFn {
    type Out;
    fn call<R: Kind>(self, r: R) -> Self::Out;
}

/// Calls `call(&r)` with a record seen in a [`Record`].
pub trait RecordRefFn {
    type Out;
    fn call<R: Kind>(self, r: &R) -> Self::Out;
}

macro_rules! registry {
    ($($K:ident),+ $(,)?) => {
        /// Every kind of record, by name.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum KindId { $($K),+ }

        /// A record of any kind.
        #[derive(Clone, Debug, PartialEq)]
        pub enum Record { $($K($K)),+ }

        $(impl From<$K> for Record {
            fn from(r: $K) -> Record {
                Record::$K(r)
            }
        })+

        impl KindId {
            /// Every kind, in the order of the list.
            pub const ALL: &'static [KindId] = &[$(KindId::$K),+];

            /// Calls `f` with this kind.
            pub fn visit<F: KindFn>(self, f: F) -> F::Out {
                match self { $(KindId::$K => f.call::<$K>()),+ }
            }
        }

        impl Record {
            pub fn kind(&self) -> KindId {
                match self { $(Record::$K(_) => KindId::$K),+ }
            }

            /// Calls `f` with the record, taken out.
            pub fn visit<F: RecordFn>(self, f: F) -> F::Out {
                match self { $(Record::$K(r) => f.call(r)),+ }
            }

            /// Calls `f` with the record, seen.
            pub fn visit_ref<F: RecordRefFn>(&self, f: F) -> F::Out {
                match self { $(Record::$K(r) => f.call(r)),+ }
            }
        }
    };
}

// In the order records depend on one another: a unit before the projects and lines that
// name it, a project before its indicators and lines.
registry! {
    Department,
    Unit,
    Rule,
    Person,
    Project,
    Indicator,
    Line,
    Income,
    PriorFunction,
    PriorFigure,
    Procurement,
    Asset,
    Reason,
    Remark,
}

impl KindId {
    /// How users name the kind (支出明细, 单位, …).
    pub fn name(self) -> &'static str {
        struct Name;
        impl KindFn for Name {
            type Out = &'static str;
            fn call<R: Kind>(self) -> &'static str {
                R::NAME
            }
        }
        self.visit(Name)
    }
}

impl Record {
    /// Its id, for a kind kept by id.
    pub fn id(&self) -> Option<i64> {
        struct Id;
        impl RecordRefFn for Id {
            type Out = Option<i64>;
            fn call<R: Kind>(self, r: &R) -> Option<i64> {
                r.id()
            }
        }
        self.visit_ref(Id)
    }
}

/// What was where a record was put: the record it replaced (for a kind kept by key, the
/// empty record of the key when there was none), or nothing, for a new record of a kind
/// kept by id.
#[derive(Clone, Debug, PartialEq)]
pub enum Before<R> {
    Was(R),
    New(i64),
}

/// How kinds kept in a list sorted by id are kept: put, replacing the one of the same id.
pub fn put_by_id<R>(v: &mut Vec<R>, r: R, id: impl Fn(&R) -> i64) -> Before<R> {
    let key = id(&r);
    match v.binary_search_by_key(&key, &id) {
        Ok(i) => Before::Was(std::mem::replace(&mut v[i], r)),
        Err(i) => {
            v.insert(i, r);
            Before::New(key)
        }
    }
}

/// Takes the record of an id out of a list sorted by id.
pub fn take_by_id<R>(v: &mut Vec<R>, key: i64, id: impl Fn(&R) -> i64) -> Option<R> {
    v.binary_search_by_key(&key, id).ok().map(|i| v.remove(i))
}

/// How kinds kept in a list sorted by key are kept: put in the place of the one of its
/// key, or removed when `void`; what was there (or `empty`, the key's empty record).
pub fn put_by_key<R: Clone, K: Ord>(
    v: &mut Vec<R>,
    r: R,
    key: impl Fn(&R) -> K,
    void: bool,
    empty: R,
) -> Before<R> {
    let k = key(&r);
    match (v.binary_search_by_key(&k, &key), void) {
        (Ok(i), true) => Before::Was(v.remove(i)),
        (Ok(i), false) => Before::Was(std::mem::replace(&mut v[i], r)),
        (Err(_), true) => Before::Was(empty),
        (Err(i), false) => {
            v.insert(i, r);
            Before::Was(empty)
        }
    }
}
