//! Disclosure layouts (表样): the set of tables a region publishes, declared as data
//! (`spec.rs`, `docs/layouts.md`). The built-in ones are TOML files in `assets/layouts/`,
//! checked by `build.rs`; a finance bureau may write its own and load it into a budget
//! file. Here a layout's names are resolved into what the tables are derived with.

pub mod spec;

use crate::engine::kinds::*;
use spec::{Fault, LayoutSpec, Measure, Source};
use std::sync::{Arc, LazyLock};

/// The built-in layouts: id and file.
const BUILTIN: [(&str, &str); 3] = [
    (
        "chongqing-17",
        include_str!("../../../assets/layouts/chongqing-17.toml"),
    ),
    (
        "shanghai-district-9",
        include_str!("../../../assets/layouts/shanghai-district-9.toml"),
    ),
    (
        "shanghai-unit-9",
        include_str!("../../../assets/layouts/shanghai-unit-9.toml"),
    ),
];

/// The layout of a budget that does not say (files from before layouts were data).
pub const DEFAULT_ID: &str = "chongqing-17";

/// A layout ready to derive tables with.
#[derive(Debug)]
pub struct Layout {
    pub spec: LayoutSpec,
    /// Its file, as written (what `yusuan layout save` writes back).
    pub source: String,
    /// One of the built-in layouts (else loaded from a file into the budget).
    pub builtin: bool,
}

impl PartialEq for Layout {
    fn eq(&self, o: &Layout) -> bool {
        self.spec.id == o.spec.id && self.source == o.source
    }
}

impl Layout {
    pub fn id(&self) -> &str {
        &self.spec.id
    }
    pub fn name(&self) -> &str {
        &self.spec.name
    }
    /// How many tables it has.
    pub fn len(&self) -> usize {
        self.spec.tables.len()
    }
    pub fn is_empty(&self) -> bool {
        self.spec.tables.is_empty()
    }
    /// The numbers of the tables that print figures from this source.
    pub fn tables_using(&self, source: Source) -> Vec<u8> {
        self.spec
            .tables
            .iter()
            .map(|t| t.get_ref())
            .filter(|t| t.measures().any(|m| m.of == source))
            .map(|t| t.number)
            .collect()
    }
    /// Which performance target forms it prints (a text they print cannot be empty).
    pub fn prints_forms(&self) -> PrintedForms {
        let has = |kind: spec::FormKind| {
            self.spec.tables.iter().any(|t| {
                let r = &t.get_ref().rows;
                r.kind == spec::RowsKind::Form && r.form == Some(kind)
            })
        };
        PrintedForms {
            department: has(spec::FormKind::Department),
            projects: has(spec::FormKind::Projects),
        }
    }
    /// Table `n` (from 1).
    pub fn table(&self, n: u8) -> Option<&spec::TableSpec> {
        self.spec
            .tables
            .get(usize::from(n).checked_sub(1)?)
            .map(|t| t.get_ref())
    }
}

/// The performance target forms a layout prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PrintedForms {
    /// 部门整体绩效目标.
    pub department: bool,
    /// 项目绩效目标.
    pub projects: bool,
}

static LAYOUTS: LazyLock<Vec<Arc<Layout>>> = LazyLock::new(|| {
    BUILTIN
        .iter()
        .map(|(id, text)| {
            // build.rs has checked every built-in layout: a fault here is a build fault.
            let spec = spec::parse(text)
                .unwrap_or_else(|f| panic!("built-in layout {id} is invalid: {f:?}"));
            Arc::new(Layout {
                spec,
                source: text.to_string(),
                builtin: true,
            })
        })
        .collect()
});

/// The built-in layouts, in order.
pub fn builtins() -> &'static [Arc<Layout>] {
    &LAYOUTS
}

/// The built-in layout of this id.
pub fn builtin(id: &str) -> Option<Arc<Layout>> {
    builtins().iter().find(|l| l.id() == id).cloned()
}

/// The layout of budgets that do not choose one.
pub fn default_layout() -> Arc<Layout> {
    builtin(DEFAULT_ID).expect("the default layout is built in")
}

/// The largest layout file a budget takes (the built-in ones are about 20 KB).
pub const MAX_SOURCE: usize = 1 << 20;

/// A layout from a file a user brings: checked whole; every fault by line and key. Its
/// id must not be a built-in one's (a bureau's own layout is its own).
pub fn load(text: &str) -> Result<Arc<Layout>, Vec<Fault>> {
    if text.len() > MAX_SOURCE {
        return Err(vec![Fault {
            line: 0,
            key: String::new(),
            message: "表样文件过大（最多 1 MB）".into(),
        }]);
    }
    let spec = spec::parse(text)?;
    if let Some(b) = builtin(&spec.id) {
        if b.source == text {
            return Ok(b);
        }
        return Err(vec![Fault {
            line: 0,
            key: "id".into(),
            message: format!(
                "id“{}”是内置表样“{}”的，自己的表样请另起一个 id",
                spec.id,
                b.name()
            ),
        }]);
    }
    Ok(Arc::new(Layout {
        spec,
        source: text.to_string(),
        builtin: false,
    }))
}

/// Which lines a figure sums, resolved from its names.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LineFilter {
    /// Bit `i`: `FundSource::ALL[i]`; 0 = any source.
    funds: u32,
    nature: Option<Nature>,
    cost: Option<CostClass>,
    econ: Vec<String>,
    /// Bit `i`: `UnitKind::ALL[i]`; 0 = any.
    unit_kinds: u8,
}

/// The bits of fund sources or groups named.
pub fn fund_bits(names: &[String]) -> u32 {
    let bit = |label: &str| {
        FundSource::ALL
            .iter()
            .position(|f| f.label() == label)
            .map_or(0, |i| 1u32 << i)
    };
    names
        .iter()
        .map(
            |n| match spec::words::FUND_GROUPS.iter().find(|(g, _)| g == n) {
                Some((_, members)) => members.iter().map(|m| bit(m)).fold(0, |a, b| a | b),
                None => bit(n),
            },
        )
        .fold(0, |a, b| a | b)
}

/// Whether a set of fund bits takes a source.
pub fn takes_fund(bits: u32, f: FundSource) -> bool {
    bits == 0 || bits & (1 << f.index()) != 0
}

impl LineFilter {
    pub fn of(f: &spec::Filter) -> LineFilter {
        LineFilter {
            funds: fund_bits(&f.fund),
            nature: f.nature.as_deref().and_then(Nature::parse),
            cost: f.cost.as_deref().and_then(CostClass::parse),
            econ: f.econ.clone(),
            unit_kinds: f
                .unit_kind
                .iter()
                .filter_map(|k| UnitKind::parse(k))
                .filter_map(|k| UnitKind::ALL.iter().position(|x| *x == k))
                .fold(0, |a, i| a | (1 << i)),
        }
    }

    /// Whether it takes a line of this source, nature, cost class and unit kind (`None`:
    /// the line's unit is missing), its economic code aside: each condition on its own.
    pub fn takes_fund(&self, fund: FundSource) -> bool {
        takes_fund(self.funds, fund)
    }
    pub fn takes_nature(&self, nature: Nature) -> bool {
        self.nature.is_none_or(|n| n == nature)
    }
    pub fn takes_cost(&self, cost: CostClass) -> bool {
        self.cost.is_none_or(|c| cost == c)
    }
    pub fn takes_unit(&self, unit: Option<UnitKind>) -> bool {
        self.unit_kinds == 0 || unit.is_some_and(|k| self.unit_kinds & (1 << k.index()) != 0)
    }

    /// Whether it takes this department economic code.
    pub fn takes_econ(&self, code: &str) -> bool {
        self.econ.is_empty() || self.econ.iter().any(|e| code.starts_with(e.as_str()))
    }

    /// Whether it takes every line (nothing to check).
    pub fn is_all(&self) -> bool {
        *self == LineFilter::default()
    }
}

/// A column or figure, resolved.
#[derive(Clone, Debug, PartialEq)]
pub enum Figure {
    Lines(LineFilter),
    Income {
        sources: u32,
        prior: bool,
    },
    PriorFunctions(Option<Nature>),
    PriorItems(Vec<PriorItem>),
    /// Percentage change between two columns (from 0).
    Change {
        from: usize,
        to: usize,
    },
    Zero,
    Field(String),
}

impl Figure {
    pub fn of(m: &Measure) -> Figure {
        if let Some(f) = &m.field {
            return Figure::Field(f.clone());
        }
        match m.of {
            Source::Lines => Figure::Lines(LineFilter::of(&m.filter())),
            Source::Income => Figure::Income {
                sources: fund_bits(&m.sources),
                prior: m.prior,
            },
            Source::PriorFunctions => {
                Figure::PriorFunctions(m.nature.as_deref().and_then(Nature::parse))
            }
            Source::PriorItems => {
                Figure::PriorItems(m.items.iter().filter_map(|i| PriorItem::parse(i)).collect())
            }
            Source::Change => Figure::Change {
                from: m.from.unwrap_or(1).saturating_sub(1),
                to: m.to.unwrap_or(1).saturating_sub(1),
            },
            Source::Zero => Figure::Zero,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The names a layout may use are the model's own.
    #[test]
    fn a_layouts_words_are_the_models() {
        assert_eq!(FundSource::LABELS, spec::words::FUND_SOURCES);
        assert_eq!(Nature::LABELS, spec::words::NATURES);
        assert_eq!(CostClass::LABELS, spec::words::COST_CLASSES);
        assert_eq!(UnitKind::LABELS, spec::words::UNIT_KINDS);
        assert_eq!(PriorItem::LABELS, spec::words::PRIOR_ITEMS);
        assert_eq!(ProjectKind::LABELS, spec::words::PROJECT_KINDS);
    }

    #[test]
    fn the_builtin_layouts_load() {
        for l in builtins() {
            assert!(!l.is_empty(), "{}", l.id());
        }
        assert_eq!(default_layout().len(), 17);
    }
}
