//! The application: an open document (store, history, derived figures), the lock that
//! tells who edits a file, the command line, and the window.

pub mod cli;
pub mod document;
pub mod lock;
pub mod ops;
pub mod paths;
#[cfg(feature = "gui")]
pub mod ui;
