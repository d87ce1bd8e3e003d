//! Entry points for fuzzing (the `fuzz/` cargo-fuzz targets) and for the test that runs
//! their corpus in CI: each takes arbitrary bytes and must return without panicking.

use crate::catalog::{self, CatalogKind};
use crate::money::{AmountRules, AmountUnit, parse_amount};
use std::sync::LazyLock;

static DEMO: LazyLock<crate::model::Budget> =
    LazyLock::new(|| crate::demo::demo_budget().expect("demo data is valid"));

/// The amount parser, under every set of rules; an accepted amount prints and reparses
/// to itself.
pub fn amount(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    for unit in [AmountUnit::Yuan, AmountUnit::Wan] {
        for allow_negative in [false, true] {
            let rules = AmountRules {
                unit,
                allow_negative,
                required: true,
            };
            if let Ok(Some(m)) = parse_amount(&text, rules) {
                let again = parse_amount(
                    &m.plain(),
                    AmountRules {
                        unit: AmountUnit::Yuan,
                        ..rules
                    },
                );
                assert_eq!(again, Ok(Some(m)), "{text:?} → {m:?} does not reparse");
                let _ = (m.grouped(), m.narrative(), m.fen());
            }
        }
    }
}

/// The paste parser on the demo budget; accepted lines copy out and paste back the same.
pub fn paste(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Ok(lines) = crate::paste::parse_lines(&text, &DEMO) {
        let refs: Vec<&crate::model::Line> = lines.iter().collect();
        let out = crate::paste::lines_to_tsv(&DEMO, &refs);
        let back = crate::paste::parse_lines(&out, &DEMO).expect("copied lines paste back");
        assert_eq!(back.len(), lines.len());
    }
}

/// The official-catalog loader, for every kind.
pub fn catalog(data: &[u8]) {
    for kind in CatalogKind::ALL {
        if let Ok(loaded) = catalog::load_official_csv(kind, data, &DEMO.catalog) {
            let c = catalog::Catalog::with_loaded(&[loaded]);
            let _ = c.function.search("20", true, 5);
        }
    }
}

/// The layout loader (a region's own layout file); a layout it accepts derives every
/// table of the demo and of the Shanghai demo, checks them and writes their CSV.
pub fn layout(data: &[u8]) {
    let text = crate::textfile::decode(data);
    let Ok(layout) = crate::layout::load(&text) else {
        return;
    };
    static SHANGHAI: LazyLock<crate::model::Budget> =
        LazyLock::new(|| crate::demo::shanghai_demo_budget().expect("demo data is valid"));
    for b in [&*DEMO, &*SHANGHAI] {
        let b = crate::model::Budget {
            layout: layout.clone(),
            ..b.clone()
        };
        let tables = crate::tables::all_tables(&b);
        let _ = crate::checks::table_relations(&b, &tables);
        for t in &tables {
            let _ = crate::tables::csv::to_csv(t);
            let _ = crate::tables::wan::in_wan(t);
        }
    }
}
