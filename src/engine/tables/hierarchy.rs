//! Sums per code and per parent code (类/款/项), in code order. Lines are summed in
//! integer 分 per leaf code (one hash lookup a line), then rolled up to the levels
//! shown; a BTreeMap on the code strings yields parents before children.

use crate::engine::base::fxhash::FxHashMap;
use crate::engine::money::Money;
use std::collections::BTreeMap;

pub struct Hierarchy<'a> {
    /// The code lengths of the levels shown (`[3, 5, 7]`).
    pub levels: &'a [usize],
    width: usize,
    leaves: FxHashMap<&'a str, Vec<i128>>,
    total_fen: Vec<i128>,
    /// After [`finish`](Self::finish): each code shown with its sums.
    pub sums: BTreeMap<String, Vec<Money>>,
    pub total: Vec<Money>,
}

impl<'a> Hierarchy<'a> {
    pub fn new(levels: &'a [usize], width: usize) -> Self {
        Hierarchy {
            levels,
            width,
            leaves: Default::default(),
            total_fen: vec![0; width],
            sums: BTreeMap::new(),
            total: Vec::new(),
        }
    }

    /// The leaf's sums and the running total together, to add a line to.
    pub fn leaf_and_total(&mut self, code: &'a str) -> (&mut [i128], &mut [i128]) {
        let w = self.width;
        let leaf = self.leaves.entry(code).or_insert_with(|| vec![0; w]);
        (leaf, &mut self.total_fen)
    }

    /// Rolls the leaf sums up; call once, after the last line.
    pub fn finish(mut self) -> Self {
        let mut sums: BTreeMap<String, Vec<i128>> = BTreeMap::new();
        for (code, v) in &self.leaves {
            for l in self.levels.iter().filter(|l| **l <= code.len()) {
                let e = sums
                    .entry(code[..*l].to_string())
                    .or_insert_with(|| vec![0; self.width]);
                for (a, b) in e.iter_mut().zip(v) {
                    *a += b;
                }
            }
        }
        self.sums = sums
            .into_iter()
            .map(|(k, v)| (k, v.into_iter().map(Money::from_fen_wide).collect()))
            .collect();
        self.total = self
            .total_fen
            .iter()
            .map(|f| Money::from_fen_wide(*f))
            .collect();
        self
    }

    pub fn is_empty(&self) -> bool {
        self.leaves.is_empty()
    }

    /// The level (0 = 类) of a code shown.
    pub fn level(&self, code: &str) -> u8 {
        self.levels
            .iter()
            .position(|l| *l == code.len())
            .unwrap_or(0) as u8
    }
}
