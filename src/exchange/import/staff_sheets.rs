//! 人员 and 测算标准 sheets: the roster's rows (added, or in place of the budget's), and
//! the standards' rules (in place of the budget's), each row checked as the sheets of
//! the editor check it.

use super::{SheetReader, cells};
use crate::engine::model::*;
use crate::engine::records::Kind;

impl SheetReader<'_> {
    /// 人员: the roster's rows, with the ids they will have after the budget's.
    pub fn persons(&mut self, b: &Budget, out: &mut Vec<Person>) {
        let Some((cols, rows)) = self.columns::<Person>() else {
            return;
        };
        let mut next = b.persons.iter().map(|x| x.id).max().unwrap_or(0) + 1;
        self.read(
            &cols,
            cells(&rows),
            b,
            |_| (Person::blank(), true),
            |_, mut x, _, _| {
                x.id = next;
                next += 1;
                out.push(x);
            },
        );
    }

    /// 测算标准: the rules, each checked against all the others of the sheet (a base
    /// may name a rule further down). They take the budget's rules' place in `scratch`,
    /// so that the lines of the same file are read against them.
    pub fn rules(&mut self, scratch: &mut Budget) -> Vec<Rule> {
        let Some((cols, rows)) = self.columns::<Rule>() else {
            return Vec::new();
        };
        let mut read: Vec<(usize, Rule)> = Vec::new();
        self.read(
            &cols,
            cells(&rows),
            scratch,
            |_| (Rule::blank(), true),
            |_, mut r, n, _| {
                r.id = read.len() as i64 + 1;
                r.seq = r.id;
                read.push((n, r));
            },
        );
        scratch.rules = read.iter().map(|(_, r)| r.clone()).collect();
        for (n, r) in &read {
            if let Err(why) = r.rules(scratch) {
                self.problem(*n, "", why);
            }
        }
        read.into_iter().map(|(_, r)| r).collect()
    }
}
