//! The layers, as the compiler cannot see them within one crate: read from the sources.
//!
//! - Nothing is re-exported at the crate root: every path names its layer.
//! - The engine names nothing of `exchange` or `app`; `exchange` names nothing of `app`.
//! - The engine's modules stand in an order, each naming only those below it, so that no
//!   two of them reach each other ([`ENGINE`]).
//! - No source file is over 900 lines.

use std::path::{Path, PathBuf};

/// The engine's modules from the bottom up: a module may name only those before it.
/// Several on one line stand side by side and name none of each other.
const ENGINE: &[&[&str]] = &[
    &["base", "money", "fonts"],
    // The closed sets of values (资金来源, 支出性质, …).
    &["kinds"],
    &["catalog"],
    // A layout (表样) as data: the model holds the one a budget follows.
    &["layout"],
    // The budget as entered, and the parts it is seen in.
    &["model", "parts"],
    &["create"],
    // Each kind of record registered once, with the places they are found at.
    &["records"],
    &["edit"],
    // The lines the roster and the standards compute: the store keeps them current.
    &["staffing"],
    &["store"],
    // What is derived, reading the model.
    &["tables"],
    &["narrative"],
    &["checks"],
    &["charts"],
    &["derived"],
];

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            sources(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The code of a file without its comments (doc comments name other modules freely).
fn code(text: &str) -> String {
    text.lines()
        .map(|l| match l.find("//") {
            Some(i) => &l[..i],
            None => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The modules of a layer that a piece of code names as `crate::layer::module`.
fn named<'a>(code: &'a str, layer: &str) -> Vec<&'a str> {
    let pat = format!("crate::{layer}::");
    code.match_indices(&pat)
        .map(|(i, _)| {
            let rest = &code[i + pat.len()..];
            let end = rest
                .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            &rest[..end]
        })
        .collect()
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rank(module: &str) -> Option<usize> {
    ENGINE.iter().position(|row| row.contains(&module))
}

#[test]
fn nothing_is_re_exported_at_the_root() {
    let lib = std::fs::read_to_string(src().join("lib.rs")).unwrap();
    let code = code(&lib);
    let flat: Vec<&str> = code
        .lines()
        .filter(|l| l.trim_start().starts_with("pub use"))
        .collect();
    assert!(flat.is_empty(), "{flat:?}");
}

#[test]
fn imports_run_downwards_only() {
    let mut files = Vec::new();
    sources(&src(), &mut files);
    let mut wrong = Vec::new();
    for f in &files {
        let rel = f.strip_prefix(src()).unwrap();
        let mut parts = rel.iter().map(|p| p.to_str().unwrap());
        let layer = parts.next().unwrap();
        let module = parts.next().map(|m| m.trim_end_matches(".rs"));
        let text = code(&std::fs::read_to_string(f).unwrap());
        let above: &[&str] = match layer {
            "engine" => &["exchange", "app"],
            "exchange" => &["app"],
            _ => &[],
        };
        for l in above {
            if text.contains(&format!("crate::{l}::")) {
                wrong.push(format!("{} names crate::{l}", rel.display()));
            }
        }
        if layer != "engine" {
            continue;
        }
        let Some(own) = module
            .filter(|m| *m != "mod")
            .map(|m| rank(m).unwrap_or_else(|| panic!("engine module {m} has no place in ENGINE")))
        else {
            continue;
        };
        for m in named(&text, "engine") {
            let Some(r) = rank(m) else {
                panic!(
                    "{} names engine::{m}, which has no place in ENGINE",
                    rel.display()
                );
            };
            if r >= own && Some(m) != module {
                wrong.push(format!("{} names engine::{m}", rel.display()));
            }
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}
#[test]
fn no_source_file_is_over_900_lines() {
    let mut files = Vec::new();
    sources(&src(), &mut files);
    let long: Vec<String> = files
        .iter()
        .filter_map(|f| {
            let n = std::fs::read_to_string(f).unwrap().lines().count();
            (n > 900).then(|| format!("{} ({n})", f.display()))
        })
        .collect();
    assert!(long.is_empty(), "{long:?}");
}
