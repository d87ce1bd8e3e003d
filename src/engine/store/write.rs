//! Writing edits: the rules an edit must keep, its SQL, and its mirror in the loaded
//! budget (which gives the edit that undoes it).

use super::records;
use super::{Result, db_err, refused};
use crate::engine::catalog::{CatalogKind, LoadedCatalog};
use crate::engine::edit::Edit;
use crate::engine::model::*;
use crate::engine::money::Money;
use crate::engine::records::{Kind, PriorFigure, Reason};
use rusqlite::{Transaction, params};
use rust_decimal::Decimal;

// ---------------------------------------------------------------------------------------
// Checking an edit against the rules of the model.

fn code_ok(code: &str, len: usize) -> bool {
    code.len() == len && code.bytes().all(|b| b.is_ascii_digit())
}

fn money_ok(m: Money, what: &str) -> Result<()> {
    if m.is_negative() {
        return Err(refused(format!("{what}不能为负数（{}）", m.grouped())));
    }
    if m.fen() > crate::engine::money::MAX_YUAN * 100 + 99 {
        return Err(refused(format!("{what}过大（{}）", m.grouped())));
    }
    Ok(())
}

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
        Edit::Batch(v) => v.iter().map(lines_added_fen).sum(),
        _ => 0,
    }
}

/// Whether an edit touches procurement (whose total is then added up again).
pub(super) fn touches_procurement(edit: &Edit) -> bool {
    match edit {
        Edit::PutProcurement(_) => true,
        Edit::Batch(v) => v.iter().any(touches_procurement),
        _ => false,
    }
}

pub(super) fn validate(b: &Budget, edit: &Edit) -> Result<()> {
    match edit {
        Edit::SetDepartment(d) => {
            if d.name.trim().is_empty() {
                return Err(refused("部门名称不能为空"));
            }
            if !(2000..=2100).contains(&d.year) {
                return Err(refused(format!(
                    "预算年度“{}”无效，应在 2000 至 2100 之间",
                    d.year
                )));
            }
        }
        Edit::PutUnit(u) => {
            if u.code.trim().is_empty() || u.name.trim().is_empty() {
                return Err(refused("单位代码和单位名称都不能为空"));
            }
            if let Some(other) = b.units.iter().find(|o| o.code == u.code && o.id != u.id) {
                return Err(refused(format!(
                    "单位代码“{}”已被“{}”使用",
                    u.code, other.name
                )));
            }
        }
        Edit::DeleteUnit(id) => {
            let Some(u) = b.unit(*id) else {
                return Err(refused("要删除的单位不存在"));
            };
            let lines = b.lines.iter().filter(|l| l.unit_id == *id).count();
            let projects = b.projects.iter().filter(|p| p.unit_id == *id).count();
            let proc = b.procurement.iter().filter(|p| p.unit_id == *id).count();
            if lines + projects + proc > 0 {
                return Err(refused(format!(
                    "单位“{}”还有 {lines} 条支出明细、{projects} 个项目、{proc} 条政府采购，不能删除",
                    u.name
                )));
            }
        }
        Edit::SetIncome(i) => {
            money_ok(i.current, &format!("收入“{}”的本年预算数", i.source))?;
            money_ok(i.prior, &format!("收入“{}”的上年预算数", i.source))?;
        }
        Edit::PutLines(lines) => {
            for (n, l) in lines.iter().enumerate() {
                let at = if lines.len() > 1 {
                    format!("第 {} 条：", n + 1)
                } else {
                    String::new()
                };
                if b.unit(l.unit_id).is_none() {
                    return Err(refused(format!("{at}所选单位不存在")));
                }
                // A blank code is a row still being typed (an incomplete line).
                if !l.func_code.is_empty() && !code_ok(&l.func_code, 7) {
                    return Err(refused(format!(
                        "{at}功能科目“{}”应为 7 位数字的项级科目",
                        l.func_code
                    )));
                }
                if !l.dept_econ.is_empty() && !code_ok(&l.dept_econ, 5) {
                    return Err(refused(format!(
                        "{at}部门经济科目“{}”应为 5 位数字的款级科目",
                        l.dept_econ
                    )));
                }
                if let Some(g) = &l.gov_econ_override
                    && !code_ok(g, 5)
                {
                    return Err(refused(format!(
                        "{at}政府经济科目“{g}”应为 5 位数字的款级科目"
                    )));
                }
                if let Some(p) = l.project_id
                    && b.project(p).is_none()
                {
                    return Err(refused(format!("{at}所选项目不存在")));
                }
                money_ok(l.amount, &format!("{at}金额"))?;
            }
        }
        Edit::DeleteLines(_) | Edit::DeleteIndicator(_) | Edit::DeleteProcurement(_) => {}
        Edit::SetPriorFunction(p) => {
            if !code_ok(&p.func_code, 7) {
                return Err(refused(format!(
                    "功能科目“{}”应为 7 位数字的项级科目",
                    p.func_code
                )));
            }
            money_ok(p.amount, "上年预算数")?;
        }
        Edit::SetPriorItem(item, m) => money_ok(*m, &format!("上年“{item}”"))?,
        Edit::PutProject(p) => {
            if p.name.trim().is_empty() {
                return Err(refused("项目名称不能为空"));
            }
            if let Some(o) = b.projects.iter().find(|o| o.name == p.name && o.id != p.id) {
                return Err(refused(format!("已有同名项目“{}”", o.name)));
            }
            if b.unit(p.unit_id).is_none() {
                return Err(refused(format!("项目“{}”的单位不存在", p.name)));
            }
            money_ok(p.budget, "当年预算")?;
            money_ok(p.district, "区级支出")?;
            money_ok(p.township, "补助镇街")?;
        }
        Edit::DeleteProject(id) => {
            let n = b.lines.iter().filter(|l| l.project_id == Some(*id)).count();
            if n > 0 {
                let name = b.project(*id).map(|p| p.name.as_str()).unwrap_or("");
                return Err(refused(format!(
                    "项目“{name}”还有 {n} 条支出明细，请先删除或改挂这些明细"
                )));
            }
        }
        Edit::PutIndicator(i) => {
            if i.name.trim().is_empty() {
                return Err(refused("指标名称不能为空"));
            }
            if let Some(p) = i.project_id
                && b.project(p).is_none()
            {
                return Err(refused(format!("指标“{}”所属的项目不存在", i.name)));
            }
            if i.weight < Decimal::ZERO || i.weight > Decimal::ONE_HUNDRED {
                return Err(refused(format!(
                    "指标“{}”的权重 {} 应在 0 到 100 之间",
                    i.name, i.weight
                )));
            }
        }
        Edit::PutProcurement(p) => {
            if p.name.trim().is_empty() {
                return Err(refused("采购项目名称不能为空"));
            }
            if b.unit(p.unit_id).is_none() {
                return Err(refused(format!("采购项目“{}”的单位不存在", p.name)));
            }
            for (m, what) in [
                (p.total, "合计"),
                (p.goods, "货物类"),
                (p.works, "工程类"),
                (p.services, "服务类"),
            ] {
                money_ok(m, &format!("采购项目“{}”的{what}", p.name))?;
            }
        }
        Edit::SetAsset(_) | Edit::SetReason { .. } | Edit::ResetCatalog(_) => {}
        Edit::PutRemark(r) => {
            if r.text.trim().is_empty() {
                return Err(refused("批注内容不能为空"));
            }
            if r.author.trim().is_empty() {
                return Err(refused("批注需要署名（作者）"));
            }
            if r.text.chars().count() > 5000 {
                return Err(refused("批注过长（最多 5000 字）"));
            }
        }
        Edit::DeleteRemark(_) => {}
        Edit::LoadCatalog(c) => {
            if c.is_empty() {
                return Err(refused(format!("{}是空的", c.kind().label())));
            }
        }
        Edit::SetLayout(l) => {
            if l.source.len() > crate::engine::layout::MAX_SOURCE {
                return Err(refused("表样文件过大（最多 1 MB）"));
            }
        }
        Edit::Batch(_) => {}
    }
    fields_fit(edit)
}

/// Every field of an edit's records holds what its declaration allows (the rules above
/// say the rest, in their own words).
fn fields_fit(edit: &Edit) -> Result<()> {
    fn fit<R: Kind>(r: &R) -> Result<()> {
        records::check(r).map_err(|why| refused(format!("{}：{why}", R::NAME)))
    }
    match edit {
        Edit::SetDepartment(d) => fit(d),
        Edit::PutUnit(u) => fit(u),
        Edit::SetIncome(i) => fit(i),
        Edit::PutLines(lines) => lines.iter().try_for_each(fit),
        Edit::SetPriorFunction(p) => fit(p),
        Edit::PutProject(p) => fit(p),
        Edit::PutIndicator(i) => fit(i),
        Edit::PutProcurement(p) => fit(p),
        Edit::SetAsset(a) => fit(a),
        Edit::PutRemark(r) => fit(r),
        _ => Ok(()),
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
pub(super) fn write_sql(tx: &Transaction, mut edit: Edit) -> rusqlite::Result<Edit> {
    // A record with an id: written, and a new one's id filled in.
    fn put_id<R: crate::engine::records::Kind>(
        tx: &Transaction,
        r: &mut R,
        id: impl Fn(&mut R) -> &mut i64,
    ) -> rusqlite::Result<()> {
        if let Some(new) = records::put(tx, r)? {
            *id(r) = new;
        }
        Ok(())
    }
    // A record kept by key, removed when it would hold nothing.
    fn set_or_delete<R: crate::engine::records::Kind>(
        tx: &Transaction,
        r: &R,
        remove: bool,
    ) -> rusqlite::Result<()> {
        if remove {
            records::delete(tx, r)
        } else {
            records::put(tx, r).map(|_| ())
        }
    }
    let by_id = |table: &str, id: i64| -> rusqlite::Result<()> {
        tx.prepare_cached(&format!("DELETE FROM {table} WHERE id = ?1"))?
            .execute([id])?;
        Ok(())
    };
    match &mut edit {
        Edit::SetDepartment(d) => {
            records::put(tx, d)?;
        }
        Edit::PutUnit(u) => put_id(tx, u, |u| &mut u.id)?,
        Edit::DeleteUnit(id) => by_id(Unit::TABLE, *id)?,
        Edit::SetIncome(i) => set_or_delete(tx, i, i.current.is_zero() && i.prior.is_zero())?,
        Edit::PutLines(lines) => records::put_all(tx, lines, |l| &mut l.id)?,
        Edit::DeleteLines(ids) => {
            let mut st =
                tx.prepare_cached(&format!("DELETE FROM {} WHERE id = ?1", Line::TABLE))?;
            for id in ids.iter() {
                st.execute([id])?;
            }
        }
        Edit::SetPriorFunction(p) => set_or_delete(tx, p, p.amount.is_zero())?,
        Edit::SetPriorItem(item, m) => records::put(
            tx,
            &PriorFigure {
                item: *item,
                amount: *m,
            },
        )
        .map(|_| ())?,
        Edit::PutProject(p) => put_id(tx, p, |p| &mut p.id)?,
        Edit::DeleteProject(id) => by_id(Project::TABLE, *id)?,
        Edit::PutIndicator(i) => put_id(tx, i, |i| &mut i.id)?,
        Edit::DeleteIndicator(id) => by_id(Indicator::TABLE, *id)?,
        Edit::PutProcurement(p) => put_id(tx, p, |p| &mut p.id)?,
        Edit::DeleteProcurement(id) => by_id(Procurement::TABLE, *id)?,
        Edit::SetAsset(a) => {
            records::put(tx, a)?;
        }
        Edit::SetReason { key, text } => set_or_delete(
            tx,
            &Reason {
                key: key.clone(),
                text: text.clone(),
            },
            text.trim().is_empty(),
        )?,
        Edit::PutRemark(r) => put_id(tx, r, |r| &mut r.id)?,
        Edit::DeleteRemark(id) => by_id(Remark::TABLE, *id)?,
        Edit::LoadCatalog(c) => {
            write_catalog_kind(tx, c.kind(), Some(c))?;
        }
        Edit::ResetCatalog(kind) => {
            write_catalog_kind(tx, *kind, None)?;
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
        }
        Edit::Batch(_) => unreachable!("batches are split by apply_one"),
    }
    Ok(edit)
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

/// Keeps a vector sorted by id: replaces the record with the same id or inserts it in
/// place. Returns the replaced record.
fn put_sorted<T: Clone>(v: &mut Vec<T>, item: T, id: impl Fn(&T) -> i64) -> Option<T> {
    let key = id(&item);
    match v.binary_search_by_key(&key, &id) {
        Ok(i) => Some(std::mem::replace(&mut v[i], item)),
        Err(i) => {
            v.insert(i, item);
            None
        }
    }
}

/// Whether no two lines have the same id (a line put twice in one edit goes in order).
fn distinct_ids(lines: &[Line]) -> bool {
    let mut ids: Vec<i64> = lines.iter().map(|l| l.id).collect();
    ids.sort_unstable();
    ids.windows(2).all(|w| w[0] != w[1])
}

fn remove_sorted<T>(v: &mut Vec<T>, key: i64, id: impl Fn(&T) -> i64) -> Option<T> {
    v.binary_search_by_key(&key, id).ok().map(|i| v.remove(i))
}

/// Applies an edit (already checked and stored) to the loaded budget; returns its inverse.
pub(super) fn apply_memory(b: &mut Budget, edit: Edit) -> Edit {
    match edit {
        Edit::SetDepartment(d) => Edit::SetDepartment(std::mem::replace(&mut b.department, d)),
        Edit::PutUnit(u) => {
            let id = u.id;
            match put_sorted(&mut b.units, u, |u| u.id) {
                Some(old) => Edit::PutUnit(old),
                None => Edit::DeleteUnit(id),
            }
        }
        Edit::DeleteUnit(id) => match remove_sorted(&mut b.units, id, |u| u.id) {
            Some(old) => Edit::PutUnit(old),
            None => Edit::Batch(vec![]),
        },
        Edit::SetIncome(i) => {
            let source = i.source;
            let pos = b.income.iter().position(|x| x.source == source);
            let old = pos.map(|p| b.income[p].clone()).unwrap_or(Income {
                source,
                current: Money::ZERO,
                prior: Money::ZERO,
            });
            let remove = i.current.is_zero() && i.prior.is_zero();
            match (pos, remove) {
                (Some(p), true) => {
                    b.income.remove(p);
                }
                (Some(p), false) => b.income[p] = i,
                (None, true) => {}
                (None, false) => {
                    b.income.push(i);
                    b.income.sort_by_key(|x| x.source);
                }
            }
            Edit::SetIncome(old)
        }
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
                let id = l.id;
                // A line lives in one of the two lists, by whether it is complete.
                let (to, other) = if l.is_complete() {
                    (&mut b.lines, &mut b.incomplete_lines)
                } else {
                    (&mut b.incomplete_lines, &mut b.lines)
                };
                let moved = remove_sorted(other, id, |l| l.id);
                match put_sorted(to, l, |l| l.id).or(moved) {
                    Some(old) => olds.push(old),
                    None => news.push(id),
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
                .filter_map(|id| {
                    remove_sorted(&mut b.lines, *id, |l| l.id)
                        .or_else(|| remove_sorted(&mut b.incomplete_lines, *id, |l| l.id))
                })
                .collect();
            Edit::PutLines(olds)
        }
        Edit::SetPriorFunction(p) => {
            let pos = b
                .prior_functions
                .iter()
                .position(|x| x.func_code == p.func_code && x.nature == p.nature);
            let old = PriorFunction {
                amount: pos.map(|i| b.prior_functions[i].amount).unwrap_or_default(),
                ..p.clone()
            };
            match (pos, p.amount.is_zero()) {
                (Some(i), true) => {
                    b.prior_functions.remove(i);
                }
                (Some(i), false) => b.prior_functions[i] = p,
                (None, true) => {}
                (None, false) => {
                    b.prior_functions.push(p);
                    b.prior_functions
                        .sort_by(|a, c| (&a.func_code, a.nature).cmp(&(&c.func_code, c.nature)));
                }
            }
            Edit::SetPriorFunction(old)
        }
        Edit::SetPriorItem(item, m) => {
            let old = b.prior_items.insert(item, m).unwrap_or_default();
            Edit::SetPriorItem(item, old)
        }
        Edit::PutProject(p) => {
            let id = p.id;
            match put_sorted(&mut b.projects, p, |p| p.id) {
                Some(old) => Edit::PutProject(old),
                None => Edit::DeleteProject(id),
            }
        }
        Edit::DeleteProject(id) => {
            let Some(old) = remove_sorted(&mut b.projects, id, |p| p.id) else {
                return Edit::Batch(vec![]);
            };
            let mut restore = vec![Edit::PutProject(old)];
            let (gone, keep): (Vec<Indicator>, Vec<Indicator>) = std::mem::take(&mut b.indicators)
                .into_iter()
                .partition(|i| i.project_id == Some(id));
            b.indicators = keep;
            restore.extend(gone.into_iter().map(Edit::PutIndicator));
            Edit::Batch(restore)
        }
        Edit::PutIndicator(i) => {
            let id = i.id;
            match put_sorted(&mut b.indicators, i, |i| i.id) {
                Some(old) => Edit::PutIndicator(old),
                None => Edit::DeleteIndicator(id),
            }
        }
        Edit::DeleteIndicator(id) => match remove_sorted(&mut b.indicators, id, |i| i.id) {
            Some(old) => Edit::PutIndicator(old),
            None => Edit::Batch(vec![]),
        },
        Edit::PutProcurement(p) => {
            let id = p.id;
            match put_sorted(&mut b.procurement, p, |p| p.id) {
                Some(old) => Edit::PutProcurement(old),
                None => Edit::DeleteProcurement(id),
            }
        }
        Edit::DeleteProcurement(id) => match remove_sorted(&mut b.procurement, id, |p| p.id) {
            Some(old) => Edit::PutProcurement(old),
            None => Edit::Batch(vec![]),
        },
        Edit::SetAsset(a) => {
            let pos = b.assets.iter().position(|x| x.category == a.category);
            let old = pos.map(|i| b.assets[i].clone()).unwrap_or(Asset {
                category: a.category,
                owned: 0,
                to_buy: 0,
            });
            match pos {
                Some(i) => b.assets[i] = a,
                None => {
                    b.assets.push(a);
                    b.assets.sort_by_key(|x| x.category);
                }
            }
            Edit::SetAsset(old)
        }
        Edit::PutRemark(r) => {
            let id = r.id;
            match put_sorted(&mut b.remarks, r, |r| r.id) {
                Some(old) => Edit::PutRemark(old),
                None => Edit::DeleteRemark(id),
            }
        }
        Edit::DeleteRemark(id) => match remove_sorted(&mut b.remarks, id, |r| r.id) {
            Some(old) => Edit::PutRemark(old),
            None => Edit::Batch(vec![]),
        },
        Edit::SetReason { key, text } => {
            let old = if text.trim().is_empty() {
                b.reasons.remove(&key)
            } else {
                b.reasons.insert(key.clone(), text)
            };
            Edit::SetReason {
                key,
                text: old.unwrap_or_default(),
            }
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
