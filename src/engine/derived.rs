//! Everything derived from a budget (tables, findings, totals), kept current edit by
//! edit.
//!
//! [`Derived::of`] derives it all from scratch: the reference. [`Derived::update`] takes
//! what an edit touched ([`Touched`]) and derives again only what reads it: the lines'
//! sums move the touched lines between their groups; a check of each line re-checks the
//! touched lines (and those of a touched unit or project) and keeps the others'
//! findings; a check or table on the budget as a whole runs again only when it reads a
//! part the edit changed. A catalog or the layout changed derives everything anew. The
//! outcome equals [`Derived::of`] on the edited budget (`tests/derived.rs` compares them
//! after every edit of a long random sequence).

use crate::engine::checks::{self, CHECKS, Finding};
use crate::engine::edit::Touched;
use crate::engine::layout::spec::{FormKind, RecordKind, RowsKind, TableSpec};
use crate::engine::layout::{Figure, LineFilter};
use crate::engine::model::{Budget, Line};
use crate::engine::money::Money;
use crate::engine::parts::Parts;
use crate::engine::tables::{self, Moved, Sums, Table};
use std::collections::BTreeMap;

/// Everything derived from the budget.
#[derive(Clone, Debug, Default)]
pub struct Derived {
    pub tables: Vec<Table>,
    pub findings: Vec<Finding>,
    pub income_total: Money,
    pub spending_total: Money,
    pub errors: usize,
    pub warnings: usize,
    cache: Cache,
}

/// What the derivation keeps between edits.
#[derive(Clone, Default)]
struct Cache {
    sums: Sums,
    /// Per check: the findings of its part on the budget as a whole.
    whole: Vec<Vec<Finding>>,
    /// Per check: the findings of its check of each line, by line id (lines with none
    /// are left out).
    by_line: Vec<BTreeMap<i64, Vec<Finding>>>,
    /// Per check with a test of groups ([`checks::Check::groups`]): per coarse group,
    /// whether its lines need looking at (0: not known yet, 1: no, 2: yes).
    groups: Vec<Vec<u8>>,
    /// Per table of projects in 元, by number: its rows as derived, so that an edit of
    /// project lines sets its figures anew in place ([`tables::patch_project_rows`]).
    project_rows: BTreeMap<u8, tables::ProjectRows>,
}

impl std::fmt::Debug for Cache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Cache")
    }
}

/// From this many lines on, the work is shared by two threads.
const PARALLEL_FROM: usize = 2_000;

/// What a table reads: a table of project forms or of procurement reads no line, and
/// no table reads the reasons, the assets, the roster or the standards.
fn table_reads(t: &TableSpec) -> Parts {
    let all = Parts::ALL
        .without(Parts::REASONS)
        .without(Parts::ASSETS)
        .without(Parts::STAFF)
        .without(Parts::STANDARDS);
    match (t.rows.kind, t.rows.form, t.rows.of) {
        (RowsKind::Form, Some(FormKind::Projects), _)
        | (RowsKind::Records, _, Some(RecordKind::Procurement)) => all.without(Parts::LINES),
        _ => all,
    }
}

/// Whether a table takes a line of any of these groups (a line moved to or from them
/// changes the table).
fn takes_lines(t: &TableSpec, s: &Sums, moved: &Moved) -> bool {
    let any = |f: &LineFilter| {
        moved
            .coarse
            .iter()
            .map(|g| s.coarse.get(*g))
            .any(|g| g.taken_by(f, &s.econ[g.econ as usize]))
    };
    let r = &t.rows;
    match r.kind {
        // Rows of projects sum the lines of projects.
        RowsKind::Records => {
            r.of.unwrap_or(RecordKind::Projects) == RecordKind::Projects
                && moved.fine.iter().any(|g| s.fine.get(*g).is_project())
        }
        // The rows filter decides which lines count at all (and a code's row shows as
        // soon as a line of it counts, even of 0 元).
        RowsKind::Hierarchy => any(&r.lines.as_ref().map(LineFilter::of).unwrap_or_default()),
        // The department's form prints the total.
        RowsKind::Form => true,
        RowsKind::Fixed | RowsKind::Single | RowsKind::Panels => {
            t.measures().any(|m| match Figure::of(m) {
                Figure::Lines(f) => any(&f),
                _ => false,
            }) || r
                .left
                .iter()
                .chain(&r.right)
                .flatten()
                .filter_map(|row| row.get_ref().classes.as_ref())
                .any(|c| any(&LineFilter::of(&c.lines)))
        }
    }
}

/// One piece of the work: a table, a check's part on the budget as a whole, or a
/// check's check of every line.
#[derive(Clone, Copy)]
enum Job {
    Table(u8),
    Whole(usize),
    Lines(usize),
}

enum Done {
    Table(u8, Box<Table>, Option<tables::ProjectRows>),
    Whole(usize, Vec<Finding>),
    Lines(usize, BTreeMap<i64, Vec<Finding>>, Vec<u8>),
}

fn run(b: &Budget, sums: &Sums, job: Job) -> Done {
    match job {
        Job::Table(n) => {
            let (table, rows) = tables::table_and_rows_of(b, sums, n);
            Done::Table(n, Box::new(table), rows)
        }
        Job::Whole(i) => {
            let mut out = Vec::new();
            CHECKS[i].whole(b, sums, &mut out);
            Done::Whole(i, out)
        }
        Job::Lines(i) => {
            let mut groups = Vec::new();
            let found = b
                .lines
                .iter()
                .filter_map(|l| findings_of(i, b, sums, &mut groups, l).map(|f| (l.id, f)))
                .collect();
            Done::Lines(i, found, groups)
        }
    }
}

/// The findings of check `i` on one line, if any. A check with a test of groups looks
/// only at lines of groups that pass it (`groups` remembers each group's outcome).
fn findings_of(
    i: usize,
    b: &Budget,
    sums: &Sums,
    groups: &mut Vec<u8>,
    l: &Line,
) -> Option<Vec<Finding>> {
    let c = &CHECKS[i];
    if let Some(test) = c.groups
        && let Some((slot, g)) = sums.group_of(l.id)
    {
        if slot >= groups.len() {
            groups.resize(slot + 1, 0);
        }
        if groups[slot] == 0 {
            groups[slot] = 1 + u8::from(test(b, sums, g));
        }
        if groups[slot] == 1 {
            return None;
        }
    }
    let mut out = Vec::new();
    c.line(b, l, &mut out);
    (!out.is_empty()).then_some(out)
}

/// Runs the jobs, on two threads when the budget is large (each thread takes the next
/// job when it is free, so that both are busy to the end); the outcome does not depend
/// on which thread did what.
fn run_all(b: &Budget, sums: &Sums, jobs: &[Job]) -> Vec<Done> {
    if b.lines.len() < PARALLEL_FROM || jobs.len() < 2 {
        return jobs.iter().map(|j| run(b, sums, *j)).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let work = || {
        let mut out = Vec::new();
        loop {
            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some(job) = jobs.get(i) else { break };
            out.push((i, run(b, sums, *job)));
        }
        out
    };
    let mut done = std::thread::scope(|s| {
        let other = s.spawn(|| {
            // Tests only (debug builds): a fault on the worker thread, to prove that it
            // ends the program with a message instead of hanging it.
            #[cfg(debug_assertions)]
            if std::env::var_os("YUSUAN_TEST_WORKER_PANIC").is_some() {
                panic!("测试：工作线程出错");
            }
            work()
        });
        let mut mine = work();
        match other.join() {
            Ok(theirs) => mine.extend(theirs),
            Err(panic) => std::panic::resume_unwind(panic),
        }
        mine
    });
    done.sort_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, d)| d).collect()
}

impl Derived {
    /// Everything, from scratch.
    pub fn of(b: &Budget) -> Derived {
        let mut d = Derived::default();
        d.derive_all(b);
        d
    }

    fn derive_all(&mut self, b: &Budget) {
        // The checks of every line that test no groups and the tables that read no line
        // need no sums: they run while the sums are made; the others after.
        let reads_lines = |n: u8| {
            b.layout
                .table(n)
                .is_none_or(|t| table_reads(t).meets(Parts::LINES))
        };
        let line_jobs: Vec<Job> = (1..=b.layout.len() as u8)
            .filter(|n| !reads_lines(*n))
            .map(Job::Table)
            .chain(
                (0..CHECKS.len())
                    .filter(|i| CHECKS[*i].has_lines() && CHECKS[*i].groups.is_none())
                    .map(Job::Lines),
            )
            .collect();
        let empty = Sums::default();
        let (sums, lines) = if b.lines.len() >= PARALLEL_FROM {
            std::thread::scope(|s| {
                let sums = s.spawn(|| Sums::of(b));
                let lines = run_all_on_one(b, &empty, &line_jobs);
                match sums.join() {
                    Ok(sums) => (sums, lines),
                    Err(panic) => std::panic::resume_unwind(panic),
                }
            })
        } else {
            (Sums::of(b), run_all_on_one(b, &empty, &line_jobs))
        };
        self.cache = Cache {
            sums,
            whole: vec![Vec::new(); CHECKS.len()],
            by_line: vec![BTreeMap::new(); CHECKS.len()],
            groups: vec![Vec::new(); CHECKS.len()],
            project_rows: BTreeMap::new(),
        };
        self.tables = (1..=b.layout.len() as u8)
            .map(|n| Table {
                number: n,
                ..Table::default()
            })
            .collect();
        self.store(lines);
        // The largest pieces first, so that the two threads end together.
        let jobs: Vec<Job> = (1..=b.layout.len() as u8)
            .filter(|n| reads_lines(*n))
            .map(Job::Table)
            .chain(
                (0..CHECKS.len())
                    .filter(|i| CHECKS[*i].groups.is_some())
                    .map(Job::Lines),
            )
            .chain((0..CHECKS.len()).map(Job::Whole))
            .collect();
        let done = run_all(b, &self.cache.sums, &jobs);
        self.store(done);
        self.finish(b);
    }

    fn store(&mut self, done: Vec<Done>) {
        for d in done {
            match d {
                Done::Table(n, t, rows) => {
                    self.tables[usize::from(n) - 1] = *t;
                    match rows {
                        Some(rows) => self.cache.project_rows.insert(n, rows),
                        None => self.cache.project_rows.remove(&n),
                    };
                }
                Done::Whole(i, f) => self.cache.whole[i] = f,
                Done::Lines(i, f, groups) => {
                    self.cache.by_line[i] = f;
                    self.cache.groups[i] = groups;
                }
            }
        }
    }

    /// Takes an edit into account: `b` is the budget after it, `t` what it touched.
    pub fn update(&mut self, b: &Budget, t: &Touched) {
        if t.parts.meets(Parts::CATALOG.with(Parts::LAYOUT))
            || self.cache.whole.len() != CHECKS.len()
            || self.tables.len() != b.layout.len()
        {
            self.derive_all(b);
            return;
        }
        // The lines touched, and those of a touched unit (its kind is part of their
        // sums and checks) or project (its name is in their findings).
        let mut lines = t.lines.clone();
        if !t.units.is_empty() || !t.projects.is_empty() {
            lines.extend(
                b.lines
                    .iter()
                    .chain(&b.incomplete_lines)
                    .filter(|l| {
                        t.units.contains(&l.unit_id)
                            || l.project_id.is_some_and(|p| t.projects.contains(&p))
                    })
                    .map(|l| l.id),
            );
        }
        lines.sort_unstable();
        lines.dedup();
        let mut parts = t.parts;
        if !lines.is_empty() {
            parts = parts | Parts::LINES;
        }
        let moved = self.cache.sums.update(b, &lines);
        // Checks of each line: the touched lines again, or every line when the check
        // reads something else the edit changed.
        let mut jobs = Vec::new();
        for (i, c) in CHECKS.iter().enumerate() {
            if c.has_lines() {
                let beyond = c
                    .reads
                    .without(Parts::UNITS)
                    .without(Parts::PROJECTS)
                    .without(Parts::LINES);
                if parts.meets(beyond) {
                    jobs.push(Job::Lines(i));
                } else {
                    let (sums, by_line) = (&self.cache.sums, &mut self.cache.by_line[i]);
                    let groups = &mut self.cache.groups[i];
                    for id in &lines {
                        by_line.remove(id);
                        if let Ok(k) = b.lines.binary_search_by_key(id, |l| l.id)
                            && let Some(f) = findings_of(i, b, sums, groups, &b.lines[k])
                        {
                            by_line.insert(*id, f);
                        }
                    }
                }
            }
            if parts.meets(c.whole_reads()) {
                jobs.push(Job::Whole(i));
            }
        }
        for n in 1..=b.layout.len() as u8 {
            let again = match b.layout.table(n) {
                None => true,
                Some(spec) => {
                    let reads = table_reads(spec);
                    // Only lines changed, as far as the table reads: it is derived again
                    // when it takes a line of a group one left or joined.
                    if parts.without(Parts::LINES).meets(reads) {
                        true
                    } else if parts.meets(reads) && takes_lines(spec, &self.cache.sums, &moved) {
                        // A table of projects whose rows are the same sets its figures
                        // anew in place.
                        let i = usize::from(n) - 1;
                        let patched = self.cache.project_rows.get(&n).and_then(|was| {
                            tables::patch_project_rows(
                                b,
                                &self.cache.sums,
                                spec,
                                &mut self.tables[i],
                                was,
                            )
                        });
                        match patched {
                            Some(rows) => {
                                self.cache.project_rows.insert(n, rows);
                                false
                            }
                            None => true,
                        }
                    } else {
                        false
                    }
                }
            };
            if again {
                jobs.push(Job::Table(n));
            }
        }
        let done = run_all(b, &self.cache.sums, &jobs);
        self.store(done);
        self.finish(b);
    }

    /// The findings in order, the relations between the tables, the totals.
    fn finish(&mut self, b: &Budget) {
        let mut findings = Vec::new();
        for (whole, by_line) in self.cache.whole.iter().zip(&self.cache.by_line) {
            findings.extend(whole.iter().cloned());
            findings.extend(by_line.values().flatten().cloned());
        }
        self.findings = checks::with_table_relations(b, findings, &self.tables);
        (self.errors, self.warnings) = checks::counts(&self.findings);
        self.income_total = b.income.iter().map(|i| i.current).sum();
        self.spending_total = self.cache.sums.total();
    }

    /// The lines' sums the tables and checks read.
    pub fn sums(&self) -> &Sums {
        &self.cache.sums
    }

    /// Whether two derivations agree: tables, findings, totals and the lines' sums.
    pub fn same_as(&self, other: &Derived) -> bool {
        self.tables == other.tables
            && self.findings == other.findings
            && self.income_total == other.income_total
            && self.spending_total == other.spending_total
            && (self.errors, self.warnings) == (other.errors, other.warnings)
            && self.cache.sums.same_as(&other.cache.sums)
    }
}

/// The jobs one after the other (the checks of every line, while another thread makes
/// the sums).
fn run_all_on_one(b: &Budget, sums: &Sums, jobs: &[Job]) -> Vec<Done> {
    jobs.iter().map(|j| run(b, sums, *j)).collect()
}

/// All checks on a budget, errors first, each group in the order of the checks (its
/// tables derived for them; an open document keeps its own [`Derived`] current instead).
pub fn findings(b: &Budget) -> Vec<Finding> {
    Derived::of(b).findings
}
