//! The engine: a budget's records and what follows from them, knowing nothing of any
//! window or file format besides its own store. It names nothing of `exchange` or `app`.
//!
//! - `base`: text encodings, the system's errors in Chinese, the clock, a fast hash.
//! - `money`: exact amounts and parsing what people type.
//! - `kinds`: the closed sets of values records choose from (资金来源, 支出性质, …).
//! - `catalog`: the classification catalogs and their mapping.
//! - `model`: the budget as entered; `records`: each kind of record's fields, declared
//!   once; `edit`: every change to it, as data.
//! - `staffing`: the lines the roster and the region's standards compute (基本支出测算).
//! - `store`: the budget file, and the one gate every edit passes.
//! - `tables`, `checks`, `narrative`, `charts`: what is derived and published (as data:
//!   writing CSV, drawing SVG and PDF are `exchange::export`'s).
//! - `create`: a new budget from what the officer fills in.

pub mod base;
pub mod catalog;
pub mod charts;
pub mod checks;
pub mod create;
pub mod derived;
pub mod edit;
pub mod fonts;
pub mod kinds;
pub mod layout;
pub mod model;
pub mod money;
pub mod narrative;
pub mod parts;
pub mod records;
pub mod staffing;
pub mod store;
pub mod tables;
