//! Where something in a budget is: a sheet of the editor, optionally a record on it (by
//! id or key) and a field. Findings point at places, remarks are left on them, and the
//! window goes to them. A place is stored with a remark as text (`支出明细|#12|金额`).

use crate::engine::model::{Budget, Remark};
use std::fmt;

/// The sheets of the editor, where a finding points.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Sheet {
    Department,
    /// 人员: the roster.
    Staff,
    /// 测算标准: the rules that compute lines from the roster.
    Standards,
    /// 测算表: each computed line's working (read only).
    Working,
    Income,
    Lines,
    ThreePublic,
    Projects,
    DepartmentTarget,
    Procurement,
    Assets,
    Prior,
    Reasons,
    /// A derived table (an internal inconsistency).
    Tables,
    /// The 情况说明.
    Narrative,
    /// The charts for a meeting.
    Charts,
}

impl Sheet {
    pub const ALL: [Sheet; 16] = [
        Sheet::Department,
        Sheet::Staff,
        Sheet::Standards,
        Sheet::Working,
        Sheet::Income,
        Sheet::Lines,
        Sheet::ThreePublic,
        Sheet::Projects,
        Sheet::DepartmentTarget,
        Sheet::Procurement,
        Sheet::Assets,
        Sheet::Prior,
        Sheet::Reasons,
        Sheet::Tables,
        Sheet::Narrative,
        Sheet::Charts,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Sheet::Department => "单位信息",
            Sheet::Staff => "人员",
            Sheet::Standards => "测算标准",
            Sheet::Working => "测算表",
            Sheet::Income => "收入",
            Sheet::Lines => "支出明细",
            Sheet::ThreePublic => "三公经费",
            Sheet::Projects => "项目",
            Sheet::DepartmentTarget => "整体绩效",
            Sheet::Procurement => "政府采购",
            Sheet::Assets => "资产",
            Sheet::Prior => "上年数",
            Sheet::Reasons => "变动原因",
            Sheet::Tables => "公开表",
            Sheet::Narrative => "情况说明",
            Sheet::Charts => "图表",
        }
    }
}

/// Where a finding points: a sheet, optionally a record (its id, or a key such as a
/// function code or a fund source), optionally a field.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Place {
    pub sheet: Sheet,
    pub record: Option<Target>,
    pub field: Option<&'static str>,
}

/// The record a place points at.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Target {
    /// A record with an id (line, project, indicator, procurement item, unit).
    Id(i64),
    /// A keyed record (a function code, a fund source, a reason key).
    Key(String),
}

impl Place {
    /// A place on a sheet, with an optional record and field.
    pub fn new(sheet: Sheet, record: Option<Target>, field: Option<&str>) -> Place {
        Place {
            sheet,
            record,
            field: field.and_then(|f| super::field_labels().iter().copied().find(|x| *x == f)),
        }
    }

    /// The place as stored with a remark: `支出明细|#12|金额`, `收入|=事业收入|`.
    pub fn to_key(&self) -> String {
        let record = match &self.record {
            Some(Target::Id(id)) => format!("#{id}"),
            Some(Target::Key(k)) => format!("={}", k.replace('|', "｜")),
            None => String::new(),
        };
        format!(
            "{}|{record}|{}",
            self.sheet.label(),
            self.field.unwrap_or("")
        )
    }

    /// The place as a reader knows it, with the names the budget gives its records:
    /// `项目“信访信息系统运行维护” · 指标名称`.
    pub fn describe(&self, b: &Budget) -> String {
        let name = match (&self.sheet, &self.record) {
            (Sheet::Projects | Sheet::DepartmentTarget, Some(Target::Id(id)))
                if self.field == Some("指标名称") =>
            {
                b.indicators
                    .iter()
                    .find(|i| i.id == *id)
                    .map(|i| format!("绩效指标“{}”", i.name))
            }
            (Sheet::Projects, Some(Target::Id(id))) => {
                b.project(*id).map(|p| format!("“{}”", p.name))
            }
            (Sheet::Procurement, Some(Target::Id(id))) => b
                .procurement
                .iter()
                .find(|p| p.id == *id)
                .map(|p| format!("“{}”", p.name)),
            (Sheet::Staff, Some(Target::Id(id))) => {
                b.persons.iter().position(|p| p.id == *id).map(|i| {
                    let p = &b.persons[i];
                    let unit = b.unit(p.unit_id).map_or("", |u| u.short_label());
                    format!("{unit} 第 {} 行", i + 1)
                })
            }
            (Sheet::Standards, Some(Target::Id(id))) => b
                .rules
                .iter()
                .find(|r| r.id == *id)
                .map(|r| format!("规则“{}”", r.name)),
            _ => None,
        };
        match name {
            Some(n) => format!("{} {n}", self.sheet.label()),
            None => self.to_string(),
        }
    }

    /// Reads a place written by [`Place::to_key`].
    pub fn from_key(key: &str) -> Option<Place> {
        let mut parts = key.splitn(3, '|');
        let sheet = parts.next()?;
        let sheet = Sheet::ALL.iter().copied().find(|s| s.label() == sheet)?;
        let record = match parts.next().unwrap_or("") {
            "" => None,
            r => match (r.strip_prefix('#'), r.strip_prefix('=')) {
                (Some(id), _) => Some(Target::Id(id.parse().ok()?)),
                (_, Some(k)) => Some(Target::Key(k.to_string())),
                _ => return None,
            },
        };
        let field = parts.next().filter(|f| !f.is_empty());
        Some(Place::new(sheet, record, field))
    }

    /// A sheet as a whole.
    pub fn sheet(sheet: Sheet) -> Place {
        Place {
            sheet,
            record: None,
            field: None,
        }
    }
    /// A field of a record with an id.
    pub fn id(sheet: Sheet, id: i64, field: &'static str) -> Place {
        Place {
            sheet,
            record: Some(Target::Id(id)),
            field: Some(field),
        }
    }
    /// A record known by its key, and maybe a field of it.
    pub fn key(sheet: Sheet, key: impl Into<String>, field: Option<&'static str>) -> Place {
        Place {
            sheet,
            record: Some(Target::Key(key.into())),
            field,
        }
    }
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.sheet.label())?;
        match &self.record {
            Some(Target::Id(id)) => write!(f, " #{id}")?,
            Some(Target::Key(k)) => write!(f, " {k}")?,
            None => {}
        }
        if let Some(field) = self.field {
            write!(f, " · {field}")?;
        }
        Ok(())
    }
}

impl Remark {
    /// Where it points, read back from the text [`Place::to_key`] wrote.
    pub fn place(&self) -> Option<Place> {
        Place::from_key(&self.target)
    }
}
