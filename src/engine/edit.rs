//! Every change to a budget is an [`Edit`], passed through one gate
//! ([`crate::engine::store::Store::apply`]) that checks it, stores it durably in one transaction,
//! updates the loaded budget and returns the edit that undoes it.

use crate::engine::catalog::{CatalogKind, LoadedCatalog};
use crate::engine::kinds::*;
use crate::engine::layout::Layout;
use crate::engine::model::*;
use crate::engine::money::Money;
use std::sync::Arc;

#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    SetDepartment(Department),
    /// Insert (`id == 0`) or replace a unit.
    PutUnit(Unit),
    DeleteUnit(i64),
    /// Income of a source this year and last; both zero removes the row.
    SetIncome(Income),
    /// Insert (`id == 0`) or replace lines.
    PutLines(Vec<Line>),
    DeleteLines(Vec<i64>),
    /// Last year's figure of a function and nature; zero removes it.
    SetPriorFunction(PriorFunction),
    SetPriorItem(PriorItem, Money),
    PutProject(Project),
    /// Deletes a project and its indicators (refused while lines refer to it).
    DeleteProject(i64),
    PutIndicator(Indicator),
    DeleteIndicator(i64),
    PutProcurement(Procurement),
    DeleteProcurement(i64),
    SetAsset(Asset),
    /// The reason for a change; empty text removes it.
    SetReason {
        key: String,
        text: String,
    },
    /// Puts an official catalog in place of the bundled one of its kind.
    LoadCatalog(LoadedCatalog),
    /// Goes back to the bundled catalog of a kind.
    ResetCatalog(CatalogKind),
    /// The disclosure layout (表样) the budget's tables follow.
    SetLayout(Arc<Layout>),
    /// Adds or replaces a remark (id 0 = new).
    PutRemark(Remark),
    DeleteRemark(i64),
    /// Several edits as one step: all or nothing, undone together.
    Batch(Vec<Edit>),
}

impl Edit {
    /// A short Chinese description, for undo/redo menus and messages.
    pub fn describe(&self) -> String {
        match self {
            Edit::SetDepartment(_) => "修改部门信息".into(),
            Edit::PutUnit(u) => format!("修改单位“{}”", u.name),
            Edit::DeleteUnit(_) => "删除单位".into(),
            Edit::SetIncome(i) => format!("修改收入“{}”", i.source),
            Edit::PutLines(l) if l.len() == 1 => "修改支出明细".into(),
            Edit::PutLines(l) => format!("修改 {} 条支出明细", l.len()),
            Edit::DeleteLines(l) => format!("删除 {} 条支出明细", l.len()),
            Edit::SetPriorFunction(p) => format!("修改上年数 {}", p.func_code),
            Edit::SetPriorItem(i, _) => format!("修改上年数“{i}”"),
            Edit::PutProject(p) => format!("修改项目“{}”", p.name),
            Edit::DeleteProject(_) => "删除项目".into(),
            Edit::PutIndicator(i) => format!("修改绩效指标“{}”", i.name),
            Edit::DeleteIndicator(_) => "删除绩效指标".into(),
            Edit::PutProcurement(p) => format!("修改政府采购“{}”", p.name),
            Edit::DeleteProcurement(_) => "删除政府采购".into(),
            Edit::SetAsset(a) => format!("修改资产“{}”", a.category),
            Edit::SetReason { .. } => "修改变动原因".into(),
            Edit::PutRemark(r) if r.id == 0 => "添加批注".into(),
            Edit::PutRemark(_) => "修改批注".into(),
            Edit::DeleteRemark(_) => "删除批注".into(),
            Edit::LoadCatalog(c) => format!("载入{}", c.kind().label()),
            Edit::ResetCatalog(k) => format!("恢复内置{}", k.label()),
            Edit::SetLayout(l) => format!("改用表样“{}”", l.name()),
            Edit::Batch(v) if v.len() == 1 => v[0].describe(),
            Edit::Batch(v) => format!("{} 项修改", v.len()),
        }
    }
}
