//! The bundled catalogs and loading an official catalog for a year.

use yusuan::engine::catalog::{self, Catalog, CatalogKind, LoadedCatalog, validate};
use yusuan::engine::kinds::UnitKind;

#[test]
fn bundled_catalogs_hold_the_seed_codes() {
    let c = Catalog::builtin();
    for (code, name) in [
        ("201", "一般公共服务支出"),
        ("20140", "信访事务"),
        ("2014001", "行政运行"),
        ("2014004", "信访业务"),
        ("2014099", "其他信访事务支出"),
        ("2080506", "机关事业单位职业年金缴费支出"),
        ("2101102", "事业单位医疗"),
        ("2210201", "住房公积金"),
    ] {
        assert_eq!(c.function.name(code), Some(name), "{code}");
    }
    assert_eq!(c.dept_economic.name("30231"), Some("公务用车运行维护费"));
    assert_eq!(c.gov_economic.name("50208"), Some("公务用车运行维护费"));
    assert!(
        c.function.len() > 500,
        "function catalog covers the common 款/项"
    );
    assert!(c.function.is_leaf_code("2014001"));
    assert!(!c.function.is_leaf_code("20140"));
}

#[test]
fn mapping_by_kind_of_unit_as_verified_on_the_seed() {
    let c = Catalog::builtin();
    let admin = |d| c.gov_for(d, UnitKind::Administrative);
    let inst = |d| c.gov_for(d, UnitKind::Institution);
    for (d, g) in [
        ("30101", "50101"),
        ("30108", "50102"),
        ("30113", "50103"),
        ("30114", "50199"),
        ("30215", "50202"),
        ("30216", "50203"),
        ("30217", "50206"),
        ("30231", "50208"),
        ("30213", "50209"),
        ("30226", "50205"),
        ("30299", "50299"),
        ("30201", "50201"),
        ("30239", "50201"),
        ("30305", "50901"),
    ] {
        assert_eq!(admin(d), Some(g), "行政 {d}");
    }
    assert_eq!(inst("30101"), Some("50501"));
    assert_eq!(inst("30201"), Some("50502"));
    assert_eq!(inst("30305"), Some("50901"));
    assert_eq!(
        c.gov_for("30101", UnitKind::CivilServiceManaged),
        Some("50101")
    );
}

#[test]
fn path_and_search() {
    let f = &Catalog::builtin().function;
    assert_eq!(
        f.path_text("2014001"),
        "201 一般公共服务支出 › 20140 信访事务 › 2014001 行政运行"
    );
    let by_number = f.search("2014", true, 50);
    assert!(by_number.contains(&"2014001") && by_number.iter().all(|c| c.starts_with("2014")));
    let by_name = f.search("信访", true, 50);
    assert!(
        by_name.contains(&"2014001"),
        "a 项 under 信访事务 is found by its 款's name"
    );
    assert!(by_name.contains(&"2014004"));
    let run = f.search("行政运行", true, 500);
    assert!(run.contains(&"2014001") && run.contains(&"2010101"));
}

#[test]
fn official_catalog_loads_from_utf8_and_gbk() {
    let text = "科目编码,科目名称\n201,一般公共服务支出\n20140,信访事务\n2014001,行政运行\n2014088,新设科目\n";
    let loaded =
        catalog::load_official_csv(CatalogKind::Function, text.as_bytes(), Catalog::builtin())
            .unwrap();
    assert_eq!(loaded.len(), 4);
    let c = Catalog::with_loaded(&[loaded]);
    assert_eq!(c.function.name("2014088"), Some("新设科目"));
    assert_eq!(
        c.function.name("2080505"),
        None,
        "the loaded list replaces the bundled one"
    );
    assert_eq!(c.loaded, vec![CatalogKind::Function]);

    let (gbk, _, _) = encoding_rs::GBK.encode(text);
    let loaded =
        catalog::load_official_csv(CatalogKind::Function, &gbk, Catalog::builtin()).unwrap();
    assert!(matches!(&loaded, LoadedCatalog::Codes(_, e) if e[1].1 == "信访事务"));
}

#[test]
fn official_catalog_with_problems_is_refused_whole_with_lines() {
    let text = "科目编码,科目名称\n201,一般公共服务支出\n20140,信访事务\n20140,重复\n2089901,孤立\n20A,坏\n2014,四位\n";
    let problems =
        catalog::load_official_csv(CatalogKind::Function, text.as_bytes(), Catalog::builtin())
            .unwrap_err();
    let all = problems.join("\n");
    assert!(all.contains("第 4 行") && all.contains("重复"), "{all}");
    assert!(all.contains("第 5 行") && all.contains("孤立"), "{all}");
    assert!(
        all.contains("第 6 行") && all.contains("不是纯数字"),
        "{all}"
    );
    assert!(all.contains("第 7 行") && all.contains("4 位"), "{all}");
    let e = catalog::load_official_csv(CatalogKind::Function, b"", Catalog::builtin()).unwrap_err();
    assert!(e[0].contains("空"));
    let e = catalog::load_official_csv(
        CatalogKind::Function,
        "a,b\n1,2\n".as_bytes(),
        Catalog::builtin(),
    )
    .unwrap_err();
    assert!(e[0].contains("表头"));
}

#[test]
fn official_mapping_is_checked_against_the_economic_catalogs() {
    let ok =
        "部门经济科目,名称,行政单位政府经济科目,事业单位政府经济科目\n30101,基本工资,50101,50501\n";
    assert!(
        catalog::load_official_csv(CatalogKind::Mapping, ok.as_bytes(), Catalog::builtin()).is_ok()
    );
    let bad =
        "部门经济科目,名称,行政单位政府经济科目,事业单位政府经济科目\n30101,基本工资,59998,50501\n";
    let e = catalog::load_official_csv(CatalogKind::Mapping, bad.as_bytes(), Catalog::builtin())
        .unwrap_err();
    assert!(e[0].contains("59998") && e[0].contains("第 2 行"), "{e:?}");
}

/// The rules build.rs applies to the bundled files (the build fails on any finding).
#[test]
fn build_time_validation_rejects_malformed_duplicate_and_orphan_codes() {
    let e = |line, code: &str| validate::RawEntry {
        line,
        code: code.into(),
        name: "名".into(),
    };
    let levels = validate::levels_of(false);
    assert!(validate::validate_entries("x", &[e(2, "301"), e(3, "30101")], levels).is_empty());
    assert_eq!(
        validate::validate_entries("x", &[e(2, "301"), e(3, "301")], levels).len(),
        1
    );
    assert_eq!(
        validate::validate_entries("x", &[e(2, "30101")], levels).len(),
        1
    );
    assert_eq!(
        validate::validate_entries("x", &[e(2, "3010")], levels).len(),
        1
    );
    assert_eq!(
        validate::validate_entries("x", &[e(2, "30x")], levels).len(),
        1
    );
}
