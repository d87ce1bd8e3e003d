//! The lines as the tables and checks read them: summed in groups, kept current edit by
//! edit, and many line filters tried together.
//!
//! [`Sums`] puts every line into a group of lines that every table and check treats
//! alike: same kind (fund source, nature, cost class, unit kind: a few hundred
//! combinations) and same function, economic and government codes (numbered, so that no
//! table hashes or compares a string per line). [`Sums::coarse`] has those groups;
//! [`Sums::fine`] has the lines of projects, told apart also by project (and a project
//! line by its unit), for what is summed per project. A 20,000-line budget has a few hundred coarse groups, so a
//! table sums hundreds of items, not thousands of lines. An edit moves the lines it
//! touched from their old groups to their new ones ([`Sums::update`]): one line edited
//! costs a few hash lookups whatever the size of the budget.
//!
//! [`Columns`] holds a table's filters: which of them take each kind of line is worked
//! out once, and which take each economic code once per code.

use crate::engine::base::fxhash::FxHashMap;
use crate::engine::kinds::*;
use crate::engine::layout::LineFilter;
use crate::engine::model::*;
use crate::engine::money::Money;

/// A group of lines, with their sum.
#[derive(Clone, Copy, Debug)]
pub struct Item {
    pub fen: i128,
    /// How many lines are in the group; a group of none is left out (a line of 0 元
    /// still makes its code's row appear).
    pub count: u32,
    pub kind: u16,
    /// Into [`Sums::func`], [`Sums::econ`], [`Sums::gov`] (`u32::MAX`: no government
    /// code).
    pub func: u32,
    pub econ: u32,
    pub gov: u32,
    /// In [`Sums::fine`] only: the lines' project, and for project lines (支出性质 项目支出)
    /// their unit (0 otherwise).
    pub project: i64,
    pub unit: i64,
}

impl Item {
    /// Whether the group's lines are 项目支出.
    pub fn is_project(&self) -> bool {
        (usize::from(self.kind) / UNIT_SLOTS / 2) % 2 == 1
    }

    pub fn nature(&self) -> Nature {
        NATURES[usize::from(self.is_project())]
    }

    /// Whether a filter takes the group's lines (`econ`: their economic code).
    pub fn taken_by(&self, f: &LineFilter, econ: &str) -> bool {
        f.takes_fund(self.fund())
            && f.takes_nature(self.nature())
            && f.takes_cost(self.cost())
            && f.takes_unit(self.unit_kind())
            && f.takes_econ(econ)
    }

    /// The fund source of the group's lines.
    pub fn fund(&self) -> FundSource {
        FundSource::ALL[usize::from(self.kind) / UNIT_SLOTS / 4]
    }

    /// The cost class of the group's lines.
    pub fn cost(&self) -> CostClass {
        COSTS[(usize::from(self.kind) / UNIT_SLOTS) % 2]
    }

    /// The kind of unit the group's lines belong to (none: a missing unit).
    pub fn unit_kind(&self) -> Option<UnitKind> {
        match usize::from(self.kind) % UNIT_SLOTS {
            0 => None,
            u => Some(UnitKind::ALL[u - 1]),
        }
    }

    pub fn money(&self) -> Money {
        Money::from_fen_wide(self.fen)
    }
}

type Key = (u16, u32, u32, u32, i64, i64);

/// Groups of lines by a key, each with its sum; a group emptied by an edit keeps its
/// place (with no lines) so that the places of the others never move.
#[derive(Clone, Default)]
pub struct Groups {
    items: Vec<Item>,
    index: FxHashMap<Key, u32>,
}

impl Groups {
    /// The group at a place.
    pub fn get(&self, slot: u32) -> &Item {
        &self.items[slot as usize]
    }

    /// The groups that have lines.
    pub fn live(&self) -> impl Iterator<Item = &Item> {
        self.items.iter().filter(|i| i.count > 0)
    }

    fn add(&mut self, it: Item) -> u32 {
        let key = (it.kind, it.func, it.econ, it.gov, it.project, it.unit);
        let next = self.items.len() as u32;
        let slot = *self.index.entry(key).or_insert(next);
        if slot == next {
            self.items.push(Item {
                fen: 0,
                count: 0,
                ..it
            });
        }
        let g = &mut self.items[slot as usize];
        g.fen += it.fen;
        g.count += 1;
        slot
    }

    fn remove(&mut self, slot: u32, fen: i128) {
        let g = &mut self.items[slot as usize];
        g.fen -= fen;
        g.count -= 1;
    }
}

/// The groups lines left or joined in an edit, by place.
#[derive(Clone, Debug, Default)]
pub struct Moved {
    pub coarse: Vec<u32>,
    pub fine: Vec<u32>,
}

/// Where a line was put: its groups (`u32::MAX`: none) and its amount.
#[derive(Clone, Copy)]
struct Placed {
    coarse: u32,
    fine: u32,
    fen: i64,
}

const NOWHERE: Placed = Placed {
    coarse: u32::MAX,
    fine: u32::MAX,
    fen: 0,
};

/// Where each line was put, by id: in a list indexed by id (ids are given in order by
/// the store, so they are dense), those beyond it in a map.
#[derive(Clone, Default)]
struct Places {
    dense: Vec<Placed>,
    sparse: FxHashMap<i64, Placed>,
    len: usize,
}

/// Ids below this many are kept in the list (16 bytes each).
const DENSE_IDS: i64 = 1 << 24;

impl Places {
    fn insert(&mut self, id: i64, p: Placed) {
        self.len += 1;
        if (0..DENSE_IDS).contains(&id) {
            let i = id as usize;
            if i >= self.dense.len() {
                self.dense.resize(i + 1, NOWHERE);
            }
            self.dense[i] = p;
        } else {
            self.sparse.insert(id, p);
        }
    }

    fn get(&self, id: i64) -> Option<Placed> {
        if (0..DENSE_IDS).contains(&id) {
            self.dense
                .get(id as usize)
                .copied()
                .filter(|p| p.coarse != u32::MAX)
        } else {
            self.sparse.get(&id).copied()
        }
    }

    fn remove(&mut self, id: i64) -> Option<Placed> {
        let p = if (0..DENSE_IDS).contains(&id) {
            let slot = self.dense.get_mut(id as usize)?;
            let p = std::mem::replace(slot, NOWHERE);
            (p.coarse != u32::MAX).then_some(p)
        } else {
            self.sparse.remove(&id)
        };
        if p.is_some() {
            self.len -= 1;
        }
        p
    }
}

/// The lines of a budget, summed in groups, with the codes they use.
#[derive(Clone, Default)]
pub struct Sums {
    pub coarse: Groups,
    pub fine: Groups,
    pub func: Vec<Box<str>>,
    pub econ: Vec<Box<str>>,
    pub gov: Vec<Box<str>>,
    func_ids: Interner,
    econ_ids: Interner,
    gov_ids: Interner,
    /// Per economic code number: its default cost class, and its government code by
    /// unit kind (worked out the first time the code is met with that kind).
    by_econ: Vec<(CostClass, [Option<u32>; UNIT_SLOTS])>,
    lines: Places,
    by_project: FxHashMap<i64, ProjectSum>,
}

/// The lines of a project, summed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ProjectSum {
    pub fen: i128,
    /// How many lines name the project, and how many of them are 项目支出.
    pub lines: u32,
    pub project_lines: u32,
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
#[derive(Clone, Default)]
struct Interner {
    by_value: FxHashMap<u32, u32>,
    by_text: FxHashMap<Box<str>, u32>,
}

/// A code of one to eight digits as a number, told apart by its length (`01` ≠ `1`).
fn value(code: &str) -> Option<u32> {
    let len = code.len();
    if len == 0 || len > 9 || !code.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let n = code.bytes().fold(0u64, |n, c| n * 10 + u64::from(c - b'0'));
    u32::try_from(n * 10 + len as u64).ok().filter(|_| len <= 8)
}

impl Interner {
    fn id(&mut self, code: &str, codes: &mut Vec<Box<str>>) -> u32 {
        let next = codes.len() as u32;
        let id = match value(code) {
            Some(v) => *self.by_value.entry(v).or_insert(next),
            None => match self.by_text.get(code) {
                Some(id) => *id,
                None => *self.by_text.entry(code.into()).or_insert(next),
            },
        };
        if id == next {
            codes.push(code.into());
        }
        id
    }
}

impl Sums {
    pub fn of(b: &Budget) -> Sums {
        let mut s = Sums {
            coarse: Groups::default(),
            fine: Groups::default(),
            func: Vec::new(),
            econ: Vec::new(),
            gov: Vec::new(),
            func_ids: Interner::default(),
            econ_ids: Interner::default(),
            gov_ids: Interner::default(),
            by_econ: Vec::new(),
            lines: Places::default(),
            by_project: FxHashMap::default(),
        };
        if let Some(last) = b.lines.last() {
            s.lines
                .dense
                .reserve(last.id.clamp(0, DENSE_IDS) as usize + 1);
        }
        let mut last_unit: Option<(i64, Option<UnitKind>)> = None;
        for l in &b.lines {
            let unit = match last_unit {
                Some((id, kind)) if id == l.unit_id => kind,
                _ => {
                    let kind = b.unit(l.unit_id).map(|u| u.kind);
                    last_unit = Some((l.unit_id, kind));
                    kind
                }
            };
            s.put(b, l, unit);
        }
        s
    }

    /// Moves the lines with these ids from the groups they were in to those they belong
    /// to now (a line deleted or made incomplete leaves its group; one added joins one).
    /// Returns the groups left and joined.
    pub fn update(&mut self, b: &Budget, ids: &[i64]) -> Moved {
        let mut moved = Moved::default();
        for id in ids {
            if let Some(old) = self.lines.remove(*id) {
                self.coarse.remove(old.coarse, i128::from(old.fen));
                moved.coarse.push(old.coarse);
                if old.fine != u32::MAX {
                    self.fine.remove(old.fine, i128::from(old.fen));
                    moved.fine.push(old.fine);
                    let g = self.fine.items[old.fine as usize];
                    if let Some(p) = self.by_project.get_mut(&g.project) {
                        p.fen -= i128::from(old.fen);
                        p.lines -= 1;
                        p.project_lines -= u32::from(g.is_project());
                        if p.lines == 0 {
                            self.by_project.remove(&g.project);
                        }
                    }
                }
            }
            if let Ok(i) = b.lines.binary_search_by_key(id, |l| l.id) {
                let l = &b.lines[i];
                self.put(b, l, b.unit(l.unit_id).map(|u| u.kind));
                if let Some(p) = self.lines.get(*id) {
                    moved.coarse.push(p.coarse);
                    if p.fine != u32::MAX {
                        moved.fine.push(p.fine);
                    }
                }
            }
        }
        moved
    }

    fn put(&mut self, b: &Budget, l: &Line, unit: Option<UnitKind>) {
        let e = self.econ_ids.id(&l.dept_econ, &mut self.econ);
        if e as usize == self.by_econ.len() {
            self.by_econ
                .push((default_cost_class(&l.dept_econ), [None; UNIT_SLOTS]));
        }
        let slot = unit.map_or(0, |k| k.index() + 1);
        let gov = match &l.gov_econ_override {
            Some(o) => self.gov_ids.id(o, &mut self.gov),
            None => match unit {
                None => u32::MAX,
                Some(kind) => match self.by_econ[e as usize].1[slot] {
                    Some(g) => g,
                    None => {
                        let g = b
                            .catalog
                            .gov_for(&l.dept_econ, kind)
                            .map_or(u32::MAX, |g| self.gov_ids.id(g, &mut self.gov));
                        self.by_econ[e as usize].1[slot] = Some(g);
                        g
                    }
                },
            },
        };
        let cost = l.cost_class_override.unwrap_or(self.by_econ[e as usize].0);
        let it = Item {
            fen: i128::from(l.amount.fen()),
            count: 1,
            kind: kind_index(l.fund_source, l.nature, cost, unit) as u16,
            func: self.func_ids.id(&l.func_code, &mut self.func),
            econ: e,
            gov,
            project: 0,
            unit: 0,
        };
        let coarse = self.coarse.add(it);
        let fine = match l.project_id {
            None => u32::MAX,
            Some(project) => {
                let p = self.by_project.entry(project).or_default();
                p.fen += it.fen;
                p.lines += 1;
                p.project_lines += u32::from(l.nature == Nature::Project);
                self.fine.add(Item {
                    project,
                    unit: if l.nature == Nature::Project {
                        l.unit_id
                    } else {
                        0
                    },
                    ..it
                })
            }
        };
        self.lines.insert(
            l.id,
            Placed {
                coarse,
                fine,
                fen: l.amount.fen(),
            },
        );
    }

    /// The coarse group a line is in, by the line's id, with its place among the groups.
    pub fn group_of(&self, line: i64) -> Option<(usize, &Item)> {
        let p = self.lines.get(line)?;
        let slot = p.coarse as usize;
        Some((slot, self.coarse.items.get(slot)?))
    }

    /// The lines of a project, summed (none: no line names it).
    pub fn project(&self, id: i64) -> Option<&ProjectSum> {
        self.by_project.get(&id)
    }

    /// The sum of all lines.
    pub fn total(&self) -> Money {
        Money::from_fen_wide(self.coarse.live().map(|i| i.fen).sum())
    }

    /// The sum of the lines whose groups `take`.
    pub fn sum(&self, take: impl Fn(&Item) -> bool) -> Money {
        Money::from_fen_wide(self.coarse.live().filter(|i| take(i)).map(|i| i.fen).sum())
    }

    /// Whether the groups, codes and lines equal those of another (the same budget summed
    /// from scratch), whatever the order the groups were made in.
    pub fn same_as(&self, other: &Sums) -> bool {
        type Group<'a> = (u16, &'a str, &'a str, &'a str, i64, i64, i128, u32);
        fn norm<'a>(s: &'a Sums, g: &'a Groups) -> Vec<Group<'a>> {
            let mut v: Vec<_> = g
                .live()
                .map(|i| {
                    (
                        i.kind,
                        &*s.func[i.func as usize],
                        &*s.econ[i.econ as usize],
                        s.gov.get(i.gov as usize).map_or("", |g| &**g),
                        i.project,
                        i.unit,
                        i.fen,
                        i.count,
                    )
                })
                .collect();
            v.sort_unstable();
            v
        }
        norm(self, &self.coarse) == norm(other, &other.coarse)
            && norm(self, &self.fine) == norm(other, &other.fine)
            && self.lines.len == other.lines.len
            && self.by_project == other.by_project
    }
}
/// At most this many filters are told apart by bits (a layout's table has at most
/// [`crate::engine::layout::spec::MAX_COLUMNS`] columns; a table's whole-budget figures beyond
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
    pub fn new(filters: Vec<&'f LineFilter>, p: &Sums) -> Columns<'f> {
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
    pub fn sums(&self, p: &Sums) -> Vec<Money> {
        let mut fen = vec![0i128; self.filters.len()];
        for it in p.coarse.live() {
            let a = it.fen;
            self.each(it, |i| fen[i] += a);
        }
        fen.into_iter().map(Money::from_fen_wide).collect()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn codes_are_told_apart_by_value_and_length() {
        let mut i = super::Interner::default();
        let mut codes = Vec::new();
        let a = i.id("2014001", &mut codes);
        assert_eq!(i.id("2014001", &mut codes), a);
        assert_ne!(i.id("02014001", &mut codes), a);
        assert_ne!(i.id("201", &mut codes), a);
        assert_eq!(i.id("x1", &mut codes), 3);
        assert_eq!(i.id("x1", &mut codes), 3);
        let codes: Vec<&str> = codes.iter().map(|c| &**c).collect();
        assert_eq!(codes, ["2014001", "02014001", "201", "x1"]);
        assert_eq!(super::value("999999999"), None);
    }
}
