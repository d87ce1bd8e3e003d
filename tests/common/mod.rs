//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::PathBuf;
use yusuan::engine::model::Budget;
use yusuan::engine::money::Money;
use yusuan::engine::store::Store;

/// A fresh temporary directory, removed when dropped.
pub fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

pub fn demo() -> Budget {
    yusuan::exchange::demo::demo_budget().expect("demo data is valid")
}

/// The demo written to a new file in `dir`.
pub fn demo_file(dir: &tempfile::TempDir) -> (PathBuf, Store) {
    let path = dir.path().join("demo.db");
    let store = Store::create(&path, &demo()).expect("create demo file");
    (path, store)
}

/// `"3,129,066.95"` → Money.
pub fn yuan(s: &str) -> Money {
    yusuan::engine::money::parse_yuan(s).expect("test amount")
}

/// A budget taken through its data workbook (`yusuan export --data`) into a new file of
/// the same department (`yusuan new`) by an import, as an officer would, and loaded back.
pub fn through_data_workbook(b: &Budget) -> Budget {
    let dir = tempdir();
    let data = dir.path().join("数据.xlsx");
    std::fs::write(
        &data,
        yusuan::exchange::workbook::data_xlsx(b, true).expect("data workbook"),
    )
    .unwrap();
    let draft = yusuan::engine::create::BudgetDraft {
        name: b.department.name.clone(),
        code: b.department.code.clone(),
        year: b.department.year.to_string(),
        region: b.department.region.clone(),
        units: Vec::new(),
    };
    let path = dir.path().join("新.db");
    let mut store = Store::create(&path, &draft.department_only().expect("department")).unwrap();
    let preview = yusuan::exchange::import::read(&data, store.budget());
    assert!(preview.problems.is_empty(), "{:?}", preview.problems);
    store
        .apply(preview.edit().expect("something to import"))
        .unwrap();
    drop(store);
    Store::open(&path, yusuan::engine::store::Access::ReadOnly)
        .unwrap()
        .budget()
        .clone()
}

/// Runs the command line in-process, as `yusuan ARGS…`: its exit code, and what it wrote
/// to standard output then standard error.
pub fn cli(args: &[&str]) -> (i32, String) {
    let args: Vec<std::ffi::OsString> = std::iter::once("yusuan")
        .chain(args.iter().copied())
        .map(Into::into)
        .collect();
    let (mut o, mut e) = (Vec::new(), Vec::new());
    let code = yusuan::app::cli::run(&args, &mut o, &mut e);
    let mut text = String::from_utf8(o).expect("UTF-8 output");
    text.push_str(&String::from_utf8(e).expect("UTF-8 output"));
    (code, text)
}

/// A small deterministic generator (xorshift), so that a failure can be replayed.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    /// A number below `n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    pub fn pick<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        &v[self.below(v.len())]
    }
    /// True `percent` times in a hundred.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}
