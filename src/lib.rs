//! yusuan (预算): prepares a department's annual budget offline and derives the 17
//! published tables (部门预算公开表) from it.
//!
//! The engine (`model`, `store`, `tables`, `checks`) knows nothing of any user interface.

pub mod carryover;
pub mod catalog;
pub mod charts;
pub mod checks;
pub mod cli;
pub mod consolidate;
pub mod create;
pub mod demo;
pub mod diff;
pub mod document;
pub mod edit;
pub mod export;
pub mod fonts;
#[doc(hidden)]
pub mod fuzz_targets;
pub mod fxhash;
pub mod generate;
pub mod import;
pub mod lock;
pub mod model;
pub mod money;
pub mod narrative;
pub mod paste;
pub mod store;
pub mod tables;
pub mod textfile;
#[cfg(feature = "gui")]
pub mod ui;
