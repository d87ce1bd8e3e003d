//! Amount parsing, formatting and rounding, on forms people type.

use rust_decimal::Decimal;
use std::str::FromStr;
use yusuan::engine::money::*;

fn ok(s: &str) -> String {
    parse_yuan(s)
        .unwrap_or_else(|e| panic!("{s:?} refused: {e}"))
        .plain()
}

fn refused(s: &str, rules: AmountRules) -> AmountError {
    match parse_amount(s, rules) {
        Err(e) => e,
        Ok(v) => panic!("{s:?} accepted as {v:?}"),
    }
}

#[test]
fn accepts_what_people_type() {
    assert_eq!(ok("1234.5"), "1234.50");
    assert_eq!(ok("1,234.50"), "1234.50");
    assert_eq!(ok("3,129,066.95"), "3129066.95");
    assert_eq!(ok("１２３４．５０"), "1234.50");
    assert_eq!(ok("１，２３４．５"), "1234.50");
    assert_eq!(ok("¥1234.5"), "1234.50");
    assert_eq!(ok("￥ 1,234.50"), "1234.50");
    assert_eq!(ok("1234.5元"), "1234.50");
    assert_eq!(ok("  88 "), "88.00");
    assert_eq!(ok(".5"), "0.50");
    assert_eq!(ok("0"), "0.00");
    assert_eq!(ok("007"), "7.00");
}

#[test]
fn wan_yuan_fields_take_up_to_six_places() {
    let m = parse_amount("5.2", AmountRules::WAN).unwrap().unwrap();
    assert_eq!(m.plain(), "52000.00");
    let m = parse_amount("0.000001万元", AmountRules::WAN)
        .unwrap()
        .unwrap();
    assert_eq!(m.plain(), "0.01");
    // An explicit 元 in a 万元 field is honoured.
    let m = parse_amount("300元", AmountRules::WAN).unwrap().unwrap();
    assert_eq!(m.plain(), "300.00");
    assert_eq!(
        refused("1.0000001", AmountRules::WAN),
        AmountError::TooManyDecimals {
            given: 7,
            allowed: 6
        }
    );
}

#[test]
fn refuses_with_reasons() {
    let y = AmountRules::YUAN;
    assert_eq!(
        refused("1.234", y),
        AmountError::TooManyDecimals {
            given: 3,
            allowed: 2
        }
    );
    assert!(matches!(refused("12a", y), AmountError::NotANumber(_)));
    assert!(matches!(refused("一百", y), AmountError::NotANumber(_)));
    assert!(matches!(refused("1.2.3", y), AmountError::NotANumber(_)));
    assert_eq!(refused("", y), AmountError::Empty);
    assert_eq!(refused("  ", y), AmountError::Empty);
    assert_eq!(refused("-5", y), AmountError::Negative);
    assert_eq!(refused("(5)", y), AmountError::Negative);
    assert_eq!(refused("1000000000000", y), AmountError::TooLarge);
    assert_eq!(
        refused("99999999999999999999999999999", y),
        AmountError::TooLarge
    );
    assert_eq!(refused("12,34.5", y), AmountError::BadGrouping);
    assert_eq!(refused("1,2345", y), AmountError::BadGrouping);
    // Messages are Chinese and say why.
    assert!(refused("1.234", y).to_string().contains("小数位过多"));
    assert!(refused("-5", y).to_string().contains("不能为负数"));
    assert!(refused("", y).to_string().contains("不能为空"));
    assert!(refused("1e5", y).to_string().contains("不是金额"));
}

#[test]
fn optional_and_negative_fields() {
    let opt = AmountRules {
        required: false,
        ..AmountRules::YUAN
    };
    assert_eq!(parse_amount("", opt), Ok(None));
    let neg = AmountRules {
        allow_negative: true,
        ..AmountRules::YUAN
    };
    assert_eq!(
        parse_amount("-13,729.87", neg).unwrap().unwrap().plain(),
        "-13729.87"
    );
    assert_eq!(
        parse_amount("(13,729.87)", neg).unwrap().unwrap().plain(),
        "-13729.87"
    );
    assert_eq!(parse_amount("－5", neg).unwrap().unwrap().plain(), "-5.00");
}

#[test]
fn formats_as_documents_print() {
    let m = parse_yuan("10250408.78").unwrap();
    assert_eq!(m.grouped(), "10,250,408.78");
    assert_eq!(parse_yuan("3433000").unwrap().narrative(), "3,433,000");
    assert_eq!(parse_yuan("96502.40").unwrap().narrative(), "96,502.4");
    assert_eq!(parse_yuan("919.20").unwrap().narrative(), "919.2");
    assert_eq!(parse_yuan("999").unwrap().grouped(), "999.00");
    assert_eq!(
        (Money::ZERO - parse_yuan("13729.87").unwrap()).grouped(),
        "-13,729.87"
    );
    assert_eq!(Money::from_fen(123).plain(), "1.23");
    assert_eq!(parse_yuan("1.23").unwrap().fen(), 123);
}

#[test]
fn rounding_is_half_away_from_zero_not_bankers() {
    let d = |s: &str| Decimal::from_str(s).unwrap();
    assert_eq!(Money::round_from(d("0.125")).plain(), "0.13"); // banker's would give 0.12
    assert_eq!(Money::round_from(d("0.135")).plain(), "0.14");
    assert_eq!(Money::round_from(d("-0.125")).plain(), "-0.13");
    assert_eq!(parse_yuan("25000").unwrap().wan(0), d("3")); // 2.5 万 → 3
    assert_eq!(parse_yuan("15000").unwrap().wan(0), d("2")); // 1.5 万 → 2
}

#[test]
fn percentages_as_table_5_and_the_narrative_print_them() {
    // From the seed: 2014001 2,758,908.73 → 3,129,066.95 is 13% (13.4% in the narrative);
    // 2014004 2,046,000 → 1,293,000 is -37% (下降 36.8%); the total is 0%, never -0%.
    let p = |a: &str, b: &str, places| {
        percent_change(parse_yuan(a).unwrap(), parse_yuan(b).unwrap(), places)
            .unwrap()
            .to_string()
    };
    assert_eq!(p("2758908.73", "3129066.95", 0), "13");
    assert_eq!(p("2758908.73", "3129066.95", 1), "13.4");
    assert_eq!(p("2046000", "1293000", 0), "-37");
    assert_eq!(p("2046000", "1293000", 1), "-36.8");
    assert_eq!(p("10264138.65", "10250408.78", 0), "0");
    assert_eq!(p("95583.20", "96502.40", 1), "1.0");
    assert_eq!(percent_change(Money::ZERO, Money::from_yuan(5), 0), None);
    // Shares: 一般公共服务支出 8,555,192.31 of 10,250,408.78 is 83.5%.
    let s = share(
        parse_yuan("8555192.31").unwrap(),
        parse_yuan("10250408.78").unwrap(),
        1,
    )
    .unwrap();
    assert_eq!(s.to_string(), "83.5");
}
