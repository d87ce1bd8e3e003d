//! Loading a budget from its file: each kind of record through its declaration
//! (`records::load_all`, which checks every value and names the record and field that
//! is wrong), then the catalogs the file carries.

use super::records::load_all;
use super::{Result, StoreError, db_err};
use crate::engine::catalog::{CatalogKind, LoadedCatalog};
use crate::engine::model::*;
use crate::engine::records::{PriorFigure, Reason};
use rusqlite::{Connection, OptionalExtension};

pub(super) fn load(conn: &Connection) -> Result<Budget> {
    let department = load_all::<Department>(conn)?
        .into_iter()
        .next()
        .ok_or_else(|| StoreError::Damaged("缺少部门信息".into()))?;
    let mut b = Budget {
        department,
        ..Budget::default()
    };
    b.units = load_all(conn)?;
    b.income = load_all(conn)?;
    b.income.sort_by_key(|i| i.source);
    b.projects = load_all(conn)?;
    // Complete lines make the tables; the others wait for their codes.
    let lines: Vec<Line> = load_all(conn)?;
    b.lines.reserve(lines.len());
    for l in lines {
        if l.is_complete() {
            b.lines.push(l);
        } else {
            b.incomplete_lines.push(l);
        }
    }
    b.prior_functions = load_all(conn)?;
    b.prior_functions
        .sort_by(|a, c| (&a.func_code, a.nature).cmp(&(&c.func_code, c.nature)));
    b.prior_items = load_all::<PriorFigure>(conn)?
        .into_iter()
        .map(|p| (p.item, p.amount))
        .collect();
    b.indicators = load_all(conn)?;
    b.procurement = load_all(conn)?;
    b.assets = load_all(conn)?;
    b.assets.sort_by_key(|a| a.category);
    b.remarks = load_all(conn)?;
    b.reasons = load_all::<Reason>(conn)?
        .into_iter()
        .map(|r| (r.key, r.text))
        .collect();

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
