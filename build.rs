//! Compiles the bundled classification catalogs (`assets/catalog/*.csv`) into the binary.
//! The build fails on a malformed, duplicated or orphaned code, or on a mapping row that
//! names a code the catalogs do not have: a bad catalog must never reach a user.
//! The built-in disclosure layouts (`assets/layouts/*.toml`) are checked here by the same
//! validator that checks a layout a user loads: a bad built-in layout fails the build.

#[path = "src/engine/catalog/validate.rs"]
mod validate;

#[allow(dead_code)]
#[path = "src/engine/layout/spec.rs"]
mod spec;

#[allow(dead_code)]
#[path = "src/engine/base/clock.rs"]
mod clock;

use std::fmt::Write as _;
use std::path::Path;

fn read(path: &str) -> String {
    println!("cargo:rerun-if-changed={path}");
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
}

/// Every built-in layout parses and passes the validator; the build stops on the first fault.
fn check_layouts() {
    println!("cargo:rerun-if-changed=assets/layouts");
    println!("cargo:rerun-if-changed=src/engine/layout/spec.rs");
    println!("cargo:rerun-if-changed=src/engine/layout/narrative_spec.rs");
    println!("cargo:rerun-if-changed=src/engine/layout/spec_check.rs");
    let mut names: Vec<_> = std::fs::read_dir("assets/layouts")
        .expect("assets/layouts")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    names.sort();
    let mut problems = Vec::new();
    for path in &names {
        let text = read(&path.to_string_lossy());
        if let Err(faults) = spec::parse(&text) {
            for f in faults {
                problems.push(format!("{}: {f}", path.display()));
            }
        }
    }
    if !problems.is_empty() {
        for p in &problems {
            println!("cargo:warning={p}");
        }
        panic!("bundled layouts are invalid:\n{}", problems.join("\n"));
    }
}

fn main() {
    check_layouts();
    build_date();
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

/// The build's date in 北京时间 (`yusuan --version`, 帮助 › 关于): `SOURCE_DATE_EPOCH`
/// when set (a reproducible package build), else now.
fn build_date() {
    println!("cargo:rerun-if-env-changed=SOURCE_DATE_EPOCH");
    let secs = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64)
        });
    let date = clock::civil_date((secs + 8 * 3600).div_euclid(86_400));
    println!("cargo:rustc-env=YUSUAN_BUILD_DATE={date}");
}
