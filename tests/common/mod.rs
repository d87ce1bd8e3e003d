//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::PathBuf;
use yusuan::model::Budget;
use yusuan::money::Money;
use yusuan::store::Store;

/// A fresh temporary directory, removed when dropped.
pub fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

pub fn demo() -> Budget {
    yusuan::demo::demo_budget().expect("demo data is valid")
}

/// The demo written to a new file in `dir`.
pub fn demo_file(dir: &tempfile::TempDir) -> (PathBuf, Store) {
    let path = dir.path().join("demo.db");
    let store = Store::create(&path, &demo()).expect("create demo file");
    (path, store)
}

/// `"3,129,066.95"` → Money.
pub fn yuan(s: &str) -> Money {
    yusuan::money::parse_yuan(s).expect("test amount")
}
