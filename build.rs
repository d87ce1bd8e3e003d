//! Compiles the bundled classification catalogs (`assets/catalog/*.csv`) into the binary.
//! The build fails on a malformed, duplicated or orphaned code, or on a mapping row that
//! names a code the catalogs do not have: a bad catalog must never reach a user.

#[path = "src/engine/catalog/validate.rs"]
mod validate;

use std::fmt::Write as _;
use std::path::Path;

fn read(path: &str) -> String {
    println!("cargo:rerun-if-changed={path}");
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
}

fn main() {
    let function = validate::read_entries(&read("assets/catalog/function.csv"));
    let dept = validate::read_entries(&read("assets/catalog/economic_dept.csv"));
    let gov = validate::read_entries(&read("assets/catalog/economic_gov.csv"));
    let mapping = validate::read_mapping(&read("assets/catalog/economic_mapping.csv"));

    let mut problems = Vec::new();
    problems.extend(validate::validate_entries(
        "function.csv",
        &function,
        validate::levels_of(true),
    ));
    problems.extend(validate::validate_entries(
        "economic_dept.csv",
        &dept,
        validate::levels_of(false),
    ));
    problems.extend(validate::validate_entries(
        "economic_gov.csv",
        &gov,
        validate::levels_of(false),
    ));
    problems.extend(validate::validate_mapping(&mapping, &dept, &gov));
    if !problems.is_empty() {
        for p in &problems {
            println!("cargo:warning={p}");
        }
        panic!("bundled catalogs are invalid:\n{}", problems.join("\n"));
    }

    let mut out = String::new();
    for (name, entries) in [
        ("FUNCTION", &function),
        ("ECONOMIC_DEPT", &dept),
        ("ECONOMIC_GOV", &gov),
    ] {
        writeln!(out, "pub static {name}: &[(&str, &str)] = &[").unwrap();
        for e in entries.iter() {
            writeln!(out, "    ({:?}, {:?}),", e.code, e.name).unwrap();
        }
        writeln!(out, "];").unwrap();
    }
    writeln!(out, "pub static MAPPING: &[(&str, &str, &str)] = &[").unwrap();
    for m in &mapping {
        writeln!(
            out,
            "    ({:?}, {:?}, {:?}),",
            m.dept, m.gov_admin, m.gov_institution
        )
        .unwrap();
    }
    writeln!(out, "];").unwrap();
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("catalog_data.rs");
    std::fs::write(dest, out).unwrap();
}
