//! Dates and times as files and remarks write them: the civil date of a day count, and
//! the time now in 北京时间.

/// The date `days` after 1970-01-01 as `2026-01-01` (Howard Hinnant's civil-date
/// algorithm), for dates written in files and remarks.
pub fn civil_date(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// The time now in 北京时间 (UTC+8, no daylight saving), `2026-11-28 18:30`.
pub fn now_beijing() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
        + 8 * 3600;
    let rem = secs.rem_euclid(86_400);
    format!(
        "{} {:02}:{:02}",
        civil_date(secs.div_euclid(86_400)),
        rem / 3600,
        rem % 3600 / 60
    )
}

#[cfg(test)]
mod tests {
    /// Worked by hand: 1970-01-01 is day 0; 2000-01-01 is 30 × 365 + 7 leap days, and
    /// 2000-03-01 is 31 + 29 (a leap year) days later.
    #[test]
    fn days_since_1970_as_dates() {
        assert_eq!(super::civil_date(0), "1970-01-01");
        assert_eq!(super::civil_date(30 * 365 + 7 + 60), "2000-03-01");
        assert_eq!(super::civil_date(-1), "1969-12-31");
    }
}
