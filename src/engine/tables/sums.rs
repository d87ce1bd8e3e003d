//! The lines as the tables read them, and many line filters tried together.
//!
//! [`Prepared`] turns the budget's lines, once per recalculation, into a compact array:
//! each line's amount in 分, its kind (fund source, nature, cost class, unit kind: a few
//! hundred combinations) and its function, economic and government codes as small
//! numbers. Every table then reads that array, sums into arrays indexed by code number,
//! and never hashes or compares a string per line.
//!
//! [`Columns`] holds a table's filters: which of them take each kind of line is worked
//! out once, and which take each economic code once per code.

use crate::fxhash::FxHashMap;
use crate::layout::LineFilter;
use crate::model::*;
use crate::money::Money;

/// A line, compact.
#[derive(Clone, Copy, Debug)]
pub struct Item {
    pub fen: i64,
    pub kind: u16,
    /// Into [`Prepared::func`], [`Prepared::econ`], [`Prepared::gov`] (`u32::MAX`: no
    /// government code).
    pub func: u32,
    pub econ: u32,
    pub gov: u32,
}

/// The lines of a budget, compact, with the codes they use.
pub struct Prepared<'a> {
    pub items: Vec<Item>,
    pub func: Vec<&'a str>,
    pub econ: Vec<&'a str>,
    pub gov: Vec<&'a str>,
}

const NATURES: [Nature; 2] = [Nature::Basic, Nature::Project];
const COSTS: [CostClass; 2] = [CostClass::Personnel, CostClass::Public];
/// Unit kinds, and none (a line whose unit is missing).
const UNIT_SLOTS: usize = 4;

/// The number of kinds of lines.
fn kinds() -> usize {
    FundSource::ALL.len() * NATURES.len() * COSTS.len() * UNIT_SLOTS
}

fn kind_index(fund: FundSource, nature: Nature, cost: CostClass, unit: Option<UnitKind>) -> usize {
    let n = usize::from(nature == Nature::Project);
    let c = usize::from(cost == CostClass::Public);
    let u = unit.map_or(0, |k| k.index() + 1);
    ((fund.index() * 2 + n) * 2 + c) * UNIT_SLOTS + u
}

/// Numbers codes in the order they are met. A code of digits is looked up by its value
/// (one multiplication to hash), any other by its text.
struct Interner<'a> {
    by_value: FxHashMap<u32, u32>,
    by_text: FxHashMap<&'a str, u32>,
    codes: Vec<&'a str>,
}

/// A code of one to nine digits as a number, told apart by its length (`01` ≠ `1`).
fn value(code: &str) -> Option<u32> {
    let len = code.len();
    if len == 0 || len > 9 || !code.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let n = code.bytes().fold(0u64, |n, c| n * 10 + u64::from(c - b'0'));
    u32::try_from(n * 10 + len as u64).ok().filter(|_| len <= 8)
}

impl<'a> Interner<'a> {
    fn new() -> Self {
        Interner {
            by_value: FxHashMap::default(),
            by_text: FxHashMap::default(),
            codes: Vec::new(),
        }
    }
    fn id(&mut self, code: &'a str) -> u32 {
        let next = self.codes.len() as u32;
        let id = match value(code) {
            Some(v) => *self.by_value.entry(v).or_insert(next),
            None => *self.by_text.entry(code).or_insert(next),
        };
        if id == next {
            self.codes.push(code);
        }
        id
    }
}

impl<'a> Prepared<'a> {
    pub fn of(b: &'a Budget) -> Prepared<'a> {
        let (mut func, mut econ, mut gov) = (Interner::new(), Interner::new(), Interner::new());
        // Per economic code number: its default cost class, and its government code by
        // unit kind (worked out the first time the code is met with that kind).
        let mut by_econ: Vec<(CostClass, [Option<u32>; UNIT_SLOTS])> = Vec::new();
        let mut last_unit: Option<(i64, Option<UnitKind>)> = None;
        let items = b
            .lines
            .iter()
            .map(|l| {
                let unit = match last_unit {
                    Some((id, kind)) if id == l.unit_id => kind,
                    _ => {
                        let kind = b.unit(l.unit_id).map(|u| u.kind);
                        last_unit = Some((l.unit_id, kind));
                        kind
                    }
                };
                let e = econ.id(&l.dept_econ);
                if e as usize == by_econ.len() {
                    by_econ.push((default_cost_class(&l.dept_econ), [None; UNIT_SLOTS]));
                }
                let slot = unit.map_or(0, |k| k.index() + 1);
                let gov_id = match &l.gov_econ_override {
                    Some(o) => gov.id(o),
                    None => match unit {
                        None => u32::MAX,
                        Some(kind) => *by_econ[e as usize].1[slot].get_or_insert_with(|| {
                            b.catalog
                                .gov_for(&l.dept_econ, kind)
                                .map_or(u32::MAX, |g| gov.id(g))
                        }),
                    },
                };
                let cost = l.cost_class_override.unwrap_or(by_econ[e as usize].0);
                Item {
                    fen: l.amount.fen(),
                    kind: kind_index(l.fund_source, l.nature, cost, unit) as u16,
                    func: func.id(&l.func_code),
                    econ: e,
                    gov: gov_id,
                }
            })
            .collect();
        Prepared {
            items,
            func: func.codes,
            econ: econ.codes,
            gov: gov.codes,
        }
    }
}

/// At most this many filters are told apart by bits (a layout's table has at most
/// [`crate::layout::spec::MAX_COLUMNS`] columns; a table's whole-budget figures beyond
/// this many are summed one by one).
const BITS: usize = 128;

/// Filters by index, with what each takes worked out per kind of line and per code.
pub struct Columns<'f> {
    filters: Vec<&'f LineFilter>,
    /// For each kind of line: the filters that take it, economic codes aside, as bits
    /// (the first [`BITS`] filters).
    kind_bits: Vec<u128>,
    /// For each kind of line: the filters beyond [`BITS`] that take it (only when a
    /// table has that many whole-budget figures).
    beyond_kind: Vec<Vec<usize>>,
    /// For each economic code of the lines: the filters (bits) that take it, economic
    /// conditions only (a filter without one takes every code).
    econ_bits: Vec<u128>,
    /// For each economic code: whether each filter beyond [`BITS`] takes it.
    beyond: Vec<Vec<bool>>,
}

impl<'f> Columns<'f> {
    pub fn new(filters: Vec<&'f LineFilter>, p: &Prepared) -> Columns<'f> {
        let units: Vec<Option<UnitKind>> = std::iter::once(None)
            .chain(UnitKind::ALL.iter().copied().map(Some))
            .collect();
        // Each condition on its own, as bits of the filters that meet it; a kind's bits
        // are those that meet all four.
        let bits_of = |ok: &dyn Fn(&LineFilter) -> bool| {
            filters
                .iter()
                .take(BITS)
                .enumerate()
                .filter(|(_, f)| ok(f))
                .fold(0u128, |m, (i, _)| m | (1 << i))
        };
        let by_fund: Vec<u128> = FundSource::ALL
            .iter()
            .map(|x| bits_of(&|f| f.takes_fund(*x)))
            .collect();
        let by_nature = NATURES.map(|x| bits_of(&|f| f.takes_nature(x)));
        let by_cost = COSTS.map(|x| bits_of(&|f| f.takes_cost(x)));
        let by_unit: Vec<u128> = units
            .iter()
            .map(|x| bits_of(&|f| f.takes_unit(*x)))
            .collect();
        let mut kind_bits = vec![0u128; kinds()];
        let mut beyond_kind: Vec<Vec<usize>> = if filters.len() > BITS {
            vec![Vec::new(); kinds()]
        } else {
            Vec::new()
        };
        for (fi, fund) in FundSource::ALL.iter().enumerate() {
            for (ni, nature) in NATURES.iter().enumerate() {
                for (ci, cost) in COSTS.iter().enumerate() {
                    for (ui, unit) in units.iter().enumerate() {
                        let k = kind_index(*fund, *nature, *cost, *unit);
                        kind_bits[k] = by_fund[fi] & by_nature[ni] & by_cost[ci] & by_unit[ui];
                        for (i, f) in filters.iter().enumerate().skip(BITS) {
                            if f.takes_fund(*fund)
                                && f.takes_nature(*nature)
                                && f.takes_cost(*cost)
                                && f.takes_unit(*unit)
                            {
                                beyond_kind[k].push(i);
                            }
                        }
                    }
                }
            }
        }
        let bits = |v: &mut dyn Iterator<Item = usize>| {
            v.filter(|&i| i < BITS).fold(0u128, |m, i| m | (1 << i))
        };
        let econ_bits = p
            .econ
            .iter()
            .map(|code| bits(&mut (0..filters.len()).filter(|&i| filters[i].takes_econ(code))))
            .collect();
        let beyond = if filters.len() > BITS {
            p.econ
                .iter()
                .map(|code| filters[BITS..].iter().map(|f| f.takes_econ(code)).collect())
                .collect()
        } else {
            Vec::new()
        };
        Columns {
            filters,
            kind_bits,
            beyond_kind,
            econ_bits,
            beyond,
        }
    }

    /// The filters (the first [`BITS`]) that take an item, as bits.
    #[inline]
    pub fn bits(&self, it: &Item) -> u128 {
        self.kind_bits[usize::from(it.kind)] & self.econ_bits[it.econ as usize]
    }

    /// Whether filter `i` takes an item.
    #[inline]
    pub fn takes(&self, i: usize, it: &Item) -> bool {
        if i < BITS {
            self.bits(it) & (1 << i) != 0
        } else {
            self.beyond_kind[usize::from(it.kind)].contains(&i)
                && self.beyond[it.econ as usize][i - BITS]
        }
    }

    /// Calls `f` with every filter that takes an item, in order.
    #[inline]
    pub fn each(&self, it: &Item, mut f: impl FnMut(usize)) {
        let mut bits = self.bits(it);
        while bits != 0 {
            f(bits.trailing_zeros() as usize);
            bits &= bits - 1;
        }
        if self.filters.len() > BITS {
            for &i in &self.beyond_kind[usize::from(it.kind)] {
                if self.beyond[it.econ as usize][i - BITS] {
                    f(i);
                }
            }
        }
    }

    /// What each filter takes of all the lines, summed.
    pub fn sums(&self, p: &Prepared) -> Vec<Money> {
        let mut fen = vec![0i128; self.filters.len()];
        for it in &p.items {
            let a = i128::from(it.fen);
            self.each(it, |i| fen[i] += a);
        }
        fen.into_iter().map(Money::from_fen_wide).collect()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn codes_are_told_apart_by_value_and_length() {
        let mut i = super::Interner::new();
        let a = i.id("2014001");
        assert_eq!(i.id("2014001"), a);
        assert_ne!(i.id("02014001"), a);
        assert_ne!(i.id("201"), a);
        assert_eq!(i.id("x1"), 3);
        assert_eq!(i.codes, ["2014001", "02014001", "201", "x1"]);
        assert_eq!(super::value("999999999"), None);
    }
}
