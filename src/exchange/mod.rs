//! What moves budgets in and out of files other than the budget file itself: import from
//! workbooks and CSV, pasted blocks, the published outputs, comparison of two files,
//! last year's file, consolidation of departments, the demo and the test generator.

pub mod carryover;
pub mod consolidate;
pub mod demo;
pub mod diff;
pub mod export;
pub mod generate;
pub mod import;
pub mod paste;
pub mod sheet;
pub mod textfile;
pub mod workbook;
