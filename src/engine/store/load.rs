//! Loading a budget from its file: each kind of record through its declaration
//! (`records::load_all`, which checks every value and names the record and field that
//! is wrong), then the catalogs the file carries.

use super::records::load_all;
use super::{Result, StoreError, db_err};
use crate::engine::catalog::{CatalogKind, LoadedCatalog};
use crate::engine::model::*;
use crate::engine::records::Kind;
use crate::engine::records::registry::{KindFn, KindId};
use rusqlite::{Connection, OptionalExtension};

pub(super) fn load(conn: &Connection) -> Result<Budget> {
    // Every kind of record, through its declaration, into where the budget keeps it.
    struct Load<'a>(&'a Connection, &'a mut Budget);
    impl KindFn for Load<'_> {
        type Out = Result<()>;
        fn call<R: Kind>(self) -> Result<()> {
            R::load_into(self.1, load_all::<R>(self.0)?);
            Ok(())
        }
    }
    if load_all::<Department>(conn)?.is_empty() {
        return Err(StoreError::Damaged("缺少部门信息".into()));
    }
    let mut b = Budget::default();
    for kind in KindId::ALL {
        kind.visit(Load(conn, &mut b))?;
    }

    let q = |e: rusqlite::Error| db_err(e);
    for kind in [
        CatalogKind::Function,
        CatalogKind::DeptEconomic,
        CatalogKind::GovEconomic,
    ] {
        let mut st = conn
            .prepare("SELECT code, name FROM catalog_entry WHERE kind = ?1 ORDER BY code")
            .map_err(q)?;
        let entries: Vec<(String, String)> = st
            .query_map([kind.key()], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(q)?
            .collect::<rusqlite::Result<_>>()
            .map_err(q)?;
        if !entries.is_empty() {
            b.loaded_catalogs.push(LoadedCatalog::Codes(kind, entries));
        }
    }
    let mut st = conn
        .prepare(
            "SELECT dept_code, gov_admin, gov_institution FROM catalog_mapping ORDER BY dept_code",
        )
        .map_err(q)?;
    let rows: Vec<(String, String, String)> = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .map_err(q)?
        .collect::<rusqlite::Result<_>>()
        .map_err(q)?;
    if !rows.is_empty() {
        b.loaded_catalogs.push(LoadedCatalog::Mapping(rows));
    }
    b.refresh_catalog();
    b.layout = load_layout(conn)?;
    Ok(b)
}

/// The layout the file records: a built-in one by id, or the text of the region's own.
fn load_layout(conn: &Connection) -> Result<std::sync::Arc<crate::engine::layout::Layout>> {
    let row: Option<(String, String)> = conn
        .query_row("SELECT builtin, source FROM layout WHERE id = 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()
        .map_err(db_err)?;
    let Some((builtin, source)) = row else {
        return Ok(crate::engine::layout::default_layout());
    };
    if !builtin.is_empty() {
        return crate::engine::layout::builtin(&builtin).ok_or_else(|| {
            StoreError::Damaged(format!(
                "文件记录的表样“{builtin}”不是本程序内置的（请用更新版本的 yusuan 打开）"
            ))
        });
    }
    crate::engine::layout::load(&source).map_err(|faults| {
        let first = faults.first().map(|f| f.to_string()).unwrap_or_default();
        StoreError::Damaged(format!("文件中的表样有误：{first}"))
    })
}
