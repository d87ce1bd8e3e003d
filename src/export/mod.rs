//! What the department publishes, written to files.

pub mod xlsx;
