//! yusuan (预算): prepares a department's annual budget offline and derives the
//! published tables (部门预算公开表) from it.
//!
//! Three layers, a folder each:
//! - [`engine`]: the budget and what follows from it (money, catalogs, model, edits,
//!   store, tables, checks, narrative, charts). It knows nothing of any user interface.
//! - [`exchange`]: budgets in and out of other files (import, paste, export, diff,
//!   carry-over, consolidation, demo, generator).
//! - [`app`]: the document, the lock, the command line and the window.
//!
//! Every path names its layer (`yusuan::engine::money::Money`): nothing is re-exported at
//! the root.

pub mod app;
pub mod engine;
pub mod exchange;
#[doc(hidden)]
pub mod fuzz_targets;
