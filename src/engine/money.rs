//! Money: exact decimals with two places (分), 四舍五入 where rounding is asked for,
//! never binary floating point. Parsing accepts what people type and refuses, with a
//! Chinese message, what cannot be an amount.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};
use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Neg, Sub, SubAssign};
use std::str::FromStr;

/// An amount in 元, always held with exactly two decimal places.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Money(Decimal);

impl Default for Money {
    fn default() -> Self {
        Money::ZERO
    }
}

/// The largest amount accepted anywhere: 9,999 亿元. A department's budget is far below it;
/// anything larger is a typing slip (an extra row of digits pasted, a phone number).
pub const MAX_YUAN: i64 = 999_999_999_999;

/// The largest total of one kind of record a budget may hold (all its lines, all its
/// procurement): 90 万亿元, about three times the nation's general budget. Within it every
/// sum of a budget's figures is exact in 分 (an `i64`) and in the numbers a workbook holds
/// (an `f64` is exact to the 分 up to 2^53 分); beyond it nothing could be added up
/// exactly, so the store refuses it.
pub const MAX_TOTAL_YUAN: i64 = 90_000_000_000_000;

impl Money {
    /// Zero, with the two places every `Money` has.
    pub const ZERO: Money = Money(Decimal::from_parts(0, 0, 0, false, 2));

    /// From an integer number of 分 (the storage form).
    pub fn from_fen(fen: i64) -> Money {
        Money(Decimal::new(fen, 2))
    }

    /// The amount in 分. Exact and cheap: a `Money` always has scale 2, so its mantissa is
    /// the number of 分.
    pub fn fen(self) -> i64 {
        let mut d = self.0;
        if d.scale() != 2 {
            d.rescale(2);
        }
        i64::try_from(d.mantissa()).expect("Money is bounded by MAX_YUAN and fits in i64 fen")
    }

    /// From a sum of 分 that may exceed i64 (totals of many lines).
    pub fn from_fen_wide(fen: i128) -> Money {
        Money(Decimal::try_from_i128_with_scale(fen, 2).unwrap_or(Decimal::MAX))
    }

    pub fn from_yuan(yuan: i64) -> Money {
        Money::from_fen(yuan * 100)
    }

    /// Rounds any decimal to 分, 四舍五入 (half away from zero).
    pub fn round_from(d: Decimal) -> Money {
        Money::normalized(d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero))
    }

    fn normalized(mut d: Decimal) -> Money {
        if d.scale() != 2 {
            d.rescale(2);
        }
        Money(d)
    }

    pub fn decimal(self) -> Decimal {
        self.0
    }

    pub fn is_zero(self) -> bool {
        self.0.is_zero()
    }

    pub fn is_negative(self) -> bool {
        self.0.is_sign_negative() && !self.0.is_zero()
    }

    pub fn abs(self) -> Money {
        Money(self.0.abs())
    }

    /// Only to draw a chart: never for arithmetic.
    pub fn to_f64_for_chart(self) -> f64 {
        self.0.to_f64().unwrap_or(0.0)
    }

    /// `3129066.95`: two places, no separators (CSV, storage of text).
    pub fn plain(self) -> String {
        format!("{:.2}", self.0)
    }

    /// `3,129,066.95`: two places with thousands separators, as tables print.
    pub fn grouped(self) -> String {
        group_digits(&self.plain())
    }

    /// As sentences print amounts: separators, trailing zeros after the point dropped
    /// (`3,433,000`, `96,502.4`, `919.2`).
    pub fn narrative(self) -> String {
        let plain = self.plain();
        let trimmed = plain.trim_end_matches('0').trim_end_matches('.');
        group_digits(trimmed)
    }

    /// In 万元 with the given number of places, 四舍五入.
    pub fn wan(self, places: u32) -> Decimal {
        (self.0 / Decimal::from(10_000))
            .round_dp_with_strategy(places, RoundingStrategy::MidpointAwayFromZero)
    }
}

/// `1234567.8` → `1,234,567.8`.
pub fn group_digits(s: &str) -> String {
    let (sign, rest) = match s.strip_prefix('-') {
        Some(r) => ("-", r),
        None => ("", s),
    };
    let (int, frac) = match rest.find('.') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    let mut out = String::with_capacity(s.len() + int.len() / 3);
    out.push_str(sign);
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    out.push_str(frac);
    out
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.grouped())
    }
}

impl fmt::Debug for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "¥{}", self.plain())
    }
}

impl Add for Money {
    type Output = Money;
    fn add(self, o: Money) -> Money {
        Money::normalized(self.0 + o.0)
    }
}
impl Sub for Money {
    type Output = Money;
    fn sub(self, o: Money) -> Money {
        Money::normalized(self.0 - o.0)
    }
}
impl Neg for Money {
    type Output = Money;
    fn neg(self) -> Money {
        Money(-self.0)
    }
}
impl AddAssign for Money {
    fn add_assign(&mut self, o: Money) {
        *self = *self + o;
    }
}
impl SubAssign for Money {
    fn sub_assign(&mut self, o: Money) {
        *self = *self - o;
    }
}
impl Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, |a, b| a + b)
    }
}
impl<'a> Sum<&'a Money> for Money {
    fn sum<I: Iterator<Item = &'a Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, |a, b| a + *b)
    }
}

/// Which unit the user is typing in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AmountUnit {
    Yuan,
    /// 万元: up to six decimal places, since 0.000001 万元 is one 分.
    Wan,
}

/// What a field accepts.
#[derive(Clone, Copy, Debug)]
pub struct AmountRules {
    pub unit: AmountUnit,
    pub allow_negative: bool,
    pub required: bool,
}

impl AmountRules {
    /// The common case: 元, not negative, required.
    pub const YUAN: AmountRules = AmountRules {
        unit: AmountUnit::Yuan,
        allow_negative: false,
        required: true,
    };
    pub const WAN: AmountRules = AmountRules {
        unit: AmountUnit::Wan,
        allow_negative: false,
        required: true,
    };
}

/// Why a typed amount was refused. `Display` gives the Chinese message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AmountError {
    Empty,
    NotANumber(String),
    TooManyDecimals { given: usize, allowed: usize },
    Negative,
    TooLarge,
    BadGrouping,
}

impl fmt::Display for AmountError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AmountError::Empty => write!(f, "金额不能为空"),
            AmountError::NotANumber(s) => {
                write!(f, "“{s}”不是金额：只能包含数字、小数点和千分位逗号")
            }
            AmountError::TooManyDecimals { given, allowed } => write!(
                f,
                "小数位过多：输入了 {given} 位小数，最多 {allowed} 位（精确到分），不会自动舍入"
            ),
            AmountError::Negative => write!(f, "此处金额不能为负数"),
            AmountError::TooLarge => write!(f, "金额过大：超过 9,999 亿元，请检查是否多输了数字"),
            AmountError::BadGrouping => {
                write!(f, "千分位逗号位置不对（应为每三位一个，如 1,234,567.89）")
            }
        }
    }
}

impl std::error::Error for AmountError {}

/// Parses an amount as people type or paste it. Accepts `1234.5`, `1,234.50`,
/// full-width digits and punctuation (`１２３４．５０`), a leading `¥`/`￥`, a trailing
/// `元` (or `万元` where the field is in 万元), surrounding spaces, and accounting
/// parentheses for negatives where negatives are allowed. Returns `Ok(None)` for an empty
/// input when the field is optional.
pub fn parse_amount(input: &str, rules: AmountRules) -> Result<Option<Money>, AmountError> {
    let mut s: String = input
        .chars()
        .filter_map(|c| match c {
            // Full-width forms U+FF01..U+FF5E map to ASCII by offset.
            '\u{FF10}'..='\u{FF19}' | '\u{FF0C}' | '\u{FF0E}' | '\u{FF0D}' | '\u{FF0B}' => {
                char::from_u32(c as u32 - 0xFEE0)
            }
            '\u{3000}' | '\u{00A0}' | ' ' | '\t' | '\r' | '\n' => None,
            '。' => Some('.'),
            '（' => Some('('),
            '）' => Some(')'),
            '−' => Some('-'),
            _ => Some(c),
        })
        .collect();
    for prefix in ["¥", "￥", "RMB", "CNY"] {
        if let Some(rest) = s.strip_prefix(prefix) {
            s = rest.to_string();
        }
    }
    let mut unit = rules.unit;
    if let Some(rest) = s.strip_suffix("万元") {
        if rules.unit != AmountUnit::Wan {
            return Err(AmountError::NotANumber(input.trim().to_string()));
        }
        s = rest.to_string();
    } else if let Some(rest) = s.strip_suffix('元') {
        s = rest.to_string();
        unit = AmountUnit::Yuan;
        if rules.unit == AmountUnit::Wan {
            // An explicit 元 in a 万元 field is still unambiguous: honour it.
            unit = AmountUnit::Yuan;
        }
    }
    if s.is_empty() {
        return if rules.required {
            Err(AmountError::Empty)
        } else {
            Ok(None)
        };
    }
    let mut negative = false;
    if s.starts_with('(') && s.ends_with(')') && s.len() >= 2 {
        negative = true;
        s = s[1..s.len() - 1].to_string();
    }
    if let Some(rest) = s.strip_prefix('-') {
        negative = !negative;
        s = rest.to_string();
    } else if let Some(rest) = s.strip_prefix('+') {
        s = rest.to_string();
    }
    if s.is_empty()
        || !s
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    {
        return Err(AmountError::NotANumber(input.trim().to_string()));
    }
    let (int_part, frac_part) = match s.split_once('.') {
        Some((i, f)) => (i.to_string(), Some(f.to_string())),
        None => (s.clone(), None),
    };
    if frac_part
        .as_ref()
        .is_some_and(|f| f.contains('.') || f.contains(','))
    {
        return Err(AmountError::NotANumber(input.trim().to_string()));
    }
    if int_part.contains(',') {
        let groups: Vec<&str> = int_part.split(',').collect();
        let ok = !groups[0].is_empty()
            && groups[0].len() <= 3
            && groups[1..].iter().all(|g| g.len() == 3);
        if !ok {
            return Err(AmountError::BadGrouping);
        }
    }
    let digits: String = int_part.chars().filter(|c| *c != ',').collect();
    let frac = frac_part.unwrap_or_default();
    if digits.is_empty() && frac.is_empty() {
        return Err(AmountError::NotANumber(input.trim().to_string()));
    }
    let allowed = match unit {
        AmountUnit::Yuan => 2,
        AmountUnit::Wan => 6,
    };
    if frac.len() > allowed {
        return Err(AmountError::TooManyDecimals {
            given: frac.len(),
            allowed,
        });
    }
    let digits = digits.trim_start_matches('0');
    // 13 integer digits already exceed the limit in 元; refuse before building a Decimal.
    if digits.len() > 13 {
        return Err(AmountError::TooLarge);
    }
    let text = format!(
        "{}.{}",
        if digits.is_empty() { "0" } else { digits },
        if frac.is_empty() { "0" } else { &frac }
    );
    let mut value =
        Decimal::from_str(&text).map_err(|_| AmountError::NotANumber(input.trim().to_string()))?;
    if unit == AmountUnit::Wan {
        value *= Decimal::from(10_000);
    }
    if value > Decimal::from(MAX_YUAN) + Decimal::new(99, 2) {
        return Err(AmountError::TooLarge);
    }
    if negative && !value.is_zero() {
        if !rules.allow_negative {
            return Err(AmountError::Negative);
        }
        value = -value;
    }
    Ok(Some(Money::normalized(value)))
}

/// Parses a required amount in 元 that may not be negative.
pub fn parse_yuan(input: &str) -> Result<Money, AmountError> {
    parse_amount(input, AmountRules::YUAN).map(|m| m.unwrap_or(Money::ZERO))
}

/// Ratio as a whole percent, 四舍五入 (table 5's 增幅: `13%`, `-37%`, `0%`).
/// `None` when the base is zero.
pub fn percent_change(previous: Money, current: Money, places: u32) -> Option<Decimal> {
    if previous.is_zero() {
        return None;
    }
    let r = (current.0 - previous.0) / previous.0 * Decimal::ONE_HUNDRED;
    let mut r = r.round_dp_with_strategy(places, RoundingStrategy::MidpointAwayFromZero);
    if r.is_zero() {
        r = Decimal::ZERO; // never "-0%"
    }
    r.rescale(places);
    Some(r)
}

/// Share of `part` in `whole` in percent with `places` decimals (`83.5`).
pub fn share(part: Money, whole: Money, places: u32) -> Option<Decimal> {
    if whole.is_zero() {
        return None;
    }
    let mut r = (part.0 / whole.0 * Decimal::ONE_HUNDRED)
        .round_dp_with_strategy(places, RoundingStrategy::MidpointAwayFromZero);
    r.rescale(places);
    Some(r)
}
