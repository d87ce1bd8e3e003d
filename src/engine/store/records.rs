//! Records in and out of their tables, from their declarations (`records`): the columns
//! an insert or update writes, and what loading reads, checks and names when it is
//! wrong. No record kind's columns are spelled anywhere else in the store.

use super::{Result, StoreError};
use crate::engine::records::{Field, FieldType, Kind, Value};
use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::{Connection, ToSql, Transaction};

impl ToSql for Value {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match self {
            Value::Null => ToSqlOutput::Owned(rusqlite::types::Value::Null),
            Value::Int(i) => ToSqlOutput::Owned(rusqlite::types::Value::Integer(*i)),
            Value::Text(s) => ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes())),
        })
    }
}

/// `INSERT INTO t (…) VALUES (…) ON CONFLICT(key) DO UPDATE SET …` for a kind.
fn upsert_sql<R: Kind>() -> String {
    let fields = R::fields();
    let cols: Vec<&str> = fields.iter().map(|f| f.column).collect();
    let marks: Vec<String> = (1..=cols.len()).map(|i| format!("?{i}")).collect();
    let updates: Vec<String> = cols
        .iter()
        .filter(|c| !R::KEY.contains(c))
        .map(|c| format!("{c}=excluded.{c}"))
        .collect();
    let on_conflict = if updates.is_empty() {
        "DO NOTHING".to_string()
    } else {
        format!("DO UPDATE SET {}", updates.join(", "))
    };
    format!(
        "INSERT INTO {} ({}) VALUES ({}) ON CONFLICT({}) {on_conflict}",
        R::TABLE,
        cols.join(", "),
        marks.join(", "),
        R::KEY.join(", "),
    )
}

/// The values an insert or update writes; a record not yet stored (id 0) gets its id
/// from the file.
fn params<R: Kind>(r: &R) -> Vec<Value> {
    R::fields()
        .iter()
        .map(|f| match ((f.get)(r), f.ty) {
            (Value::Int(0), FieldType::Id) => Value::Null,
            (v, _) => v,
        })
        .collect()
}

/// Writes a record, inserted or replacing the one with its key. Returns the id the file
/// gave a new record (`None` for a kind keyed otherwise, or a record that had its id).
pub fn put<R: Kind>(tx: &Transaction, r: &R) -> rusqlite::Result<Option<i64>> {
    let sql = upsert_sql::<R>();
    let mut st = tx.prepare_cached(&sql)?;
    let p = params(r);
    st.execute(rusqlite::params_from_iter(p.iter()))?;
    let new = R::fields()
        .iter()
        .find(|f| matches!(f.ty, FieldType::Id))
        .is_some_and(|f| (f.get)(r) == Value::Int(0));
    Ok(new.then(|| tx.last_insert_rowid()))
}

/// Writes records of a kind as [`put`] does, the statement made once for all of them
/// (a paste of 10,000 lines); `id` gives a new record's id its place.
pub fn put_all<R: Kind>(
    tx: &Transaction,
    rs: &mut [R],
    id: impl Fn(&mut R) -> &mut i64,
) -> rusqlite::Result<()> {
    let sql = upsert_sql::<R>();
    let mut st = tx.prepare_cached(&sql)?;
    let id_field = R::fields().iter().find(|f| matches!(f.ty, FieldType::Id));
    for r in rs {
        let new = id_field.is_some_and(|f| (f.get)(r) == Value::Int(0));
        st.execute(rusqlite::params_from_iter(params(r).iter()))?;
        if new {
            *id(r) = tx.last_insert_rowid();
        }
    }
    Ok(())
}

/// Deletes the record with the key of `r`.
pub fn delete<R: Kind>(tx: &Transaction, r: &R) -> rusqlite::Result<()> {
    let fields = R::fields();
    let keys: Vec<&Field<R>> = R::KEY
        .iter()
        .filter_map(|k| fields.iter().find(|f| f.column == *k))
        .collect();
    let cond: Vec<String> = keys
        .iter()
        .enumerate()
        .map(|(i, f)| format!("{} = ?{}", f.column, i + 1))
        .collect();
    let sql = format!("DELETE FROM {} WHERE {}", R::TABLE, cond.join(" AND "));
    let values: Vec<Value> = keys.iter().map(|f| (f.get)(r)).collect();
    tx.prepare_cached(&sql)?
        .execute(rusqlite::params_from_iter(values.iter()))?;
    Ok(())
}

/// How a record is named in a message: `支出明细 #12`, `收入“事业收入”`.
fn record_name<R: Kind>(key: &str) -> String {
    if R::KEY == ["id"] {
        format!("{} #{key}", R::NAME)
    } else {
        format!("{}“{key}”", R::NAME)
    }
}

/// Every record of a kind, in the order of its key, each field read, checked and set.
/// A value of the wrong type or outside the field's rule refuses the file with a message
/// naming the record and the field.
pub fn load_all<R: Kind>(conn: &Connection) -> Result<Vec<R>> {
    let fields = R::fields();
    let cols: Vec<&str> = fields.iter().map(|f| f.column).collect();
    let sql = format!(
        "SELECT {} FROM {} ORDER BY {}",
        cols.join(", "),
        R::TABLE,
        R::KEY.join(", ")
    );
    let mut st = conn.prepare(&sql).map_err(super::db_err)?;
    let mut rows = st.query([]).map_err(super::db_err)?;
    let mut out = Vec::new();
    while let Some(row) = rows.next().map_err(super::db_err)? {
        let mut r = R::blank();
        let mut key = String::new();
        for (i, f) in fields.iter().enumerate() {
            let raw = row.get_ref(i).map_err(super::db_err)?;
            let v = match raw {
                ValueRef::Null => Value::Null,
                ValueRef::Integer(n) => Value::Int(n),
                ValueRef::Text(t) => match std::str::from_utf8(t) {
                    Ok(s) => Value::Text(s.to_string()),
                    Err(_) => {
                        return Err(damaged::<R>(&key, f, "不是有效的文字（编码不是 UTF-8）"));
                    }
                },
                ValueRef::Real(_) => return Err(damaged::<R>(&key, f, "是小数，应为整数或文字")),
                ValueRef::Blob(_) => {
                    return Err(damaged::<R>(&key, f, "是二进制数据，应为整数或文字"));
                }
            };
            if i == 0 {
                key = match &v {
                    Value::Int(n) => n.to_string(),
                    Value::Text(s) => s.chars().take(40).collect(),
                    Value::Null => String::new(),
                };
            }
            if let Err(why) = f.check(&v) {
                return Err(StoreError::Damaged(format!(
                    "{}：{why}",
                    record_name::<R>(&key)
                )));
            }
            (f.set)(&mut r, v);
        }
        out.push(r);
    }
    Ok(out)
}

fn damaged<R: Kind>(key: &str, f: &Field<R>, why: &str) -> StoreError {
    StoreError::Damaged(format!("{}的“{}”{why}", record_name::<R>(key), f.label))
}

/// Whether every field of a record holds a value its declaration allows, or what is
/// wrong (checking an edit before it is written).
pub fn check<R: Kind>(r: &R) -> std::result::Result<(), String> {
    for f in R::fields() {
        let v = (f.get)(r);
        // An id of 0 is a record not yet stored.
        if matches!(f.ty, FieldType::Id) {
            continue;
        }
        f.check(&v)?;
        // What is typed, pasted or imported holds no character a reader cannot see (a
        // file that already does is flagged by the checks instead).
        if let Value::Text(s) = &v
            && let Some(c) =
                crate::engine::records::hidden_char(s, matches!(f.ty, FieldType::LongText))
        {
            return Err(format!(
                "“{}”中有看不见的字符（U+{:04X}），请删去后重新输入",
                f.label, c as u32
            ));
        }
    }
    Ok(())
}
