//! The editor's dialogs, one file each.

pub mod new_budget;
