//! Calendar arithmetic on unix seconds in UTC, without a date library: civil dates,
//! RFC 3339 formatting, and parsing what people type as a time.

/// Seconds in a day (UTC has no leap seconds in unix time).
pub const DAY: i64 = 86_400;

/// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The (year, month, day) of a day number.
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Whether `year` has a February 29 (Gregorian rules).
pub fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Number of days in `month` (1-12) of `year`.
pub fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// A UTC date and time of day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DateTime {
    /// Calendar year, proleptic Gregorian.
    pub year: i64,
    /// Month, 1-12.
    pub month: u32,
    /// Day of the month, 1-31.
    pub day: u32,
    /// Seconds since midnight.
    pub seconds: i64,
}

impl DateTime {
    /// The UTC date and time of unix seconds (negative ones too).
    pub fn from_unix(secs: i64) -> DateTime {
        let (year, month, day) = civil_from_days(secs.div_euclid(DAY));
        DateTime {
            year,
            month,
            day,
            seconds: secs.rem_euclid(DAY),
        }
    }

    /// Back to unix seconds.
    pub fn to_unix(self) -> i64 {
        days_from_civil(self.year, self.month, self.day) * DAY + self.seconds
    }

    /// `2026-06-17T12:00:00Z`.
    pub fn rfc3339(self) -> String {
        format!("{}T{}Z", self.date(), self.time())
    }

    /// `2026-06-17`.
    pub fn date(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// `12:00:00`.
    pub fn time(self) -> String {
        let s = self.seconds;
        format!("{:02}:{:02}:{:02}", s / 3600, (s % 3600) / 60, s % 60)
    }

    /// `20260617`, as the runbook's test customer names use.
    pub fn compact_date(self) -> String {
        format!("{:04}{:02}{:02}", self.year, self.month, self.day)
    }
}

/// The same day-of-month and time `months` later, clamped to the month's last day
/// (Jan 31 + 1 month = Feb 28, or 29 in a leap year).
pub fn add_months_clamped(secs: i64, months: i64, anchor_day: u32) -> i64 {
    let start = DateTime::from_unix(secs);
    let index = start.year * 12 + i64::from(start.month - 1) + months;
    let year = index.div_euclid(12);
    let month = (index.rem_euclid(12) + 1) as u32;
    let day = anchor_day.min(days_in_month(year, month));
    DateTime {
        year,
        month,
        day,
        seconds: start.seconds,
    }
    .to_unix()
}

/// `2026-06-17T12:00:00Z` for unix seconds.
pub fn rfc3339(secs: i64) -> String {
    DateTime::from_unix(secs).rfc3339()
}

/// Parses an RFC 3339 UTC timestamp (`Z` or `+00:00`), as the billing APIs send them.
pub fn parse_rfc3339(text: &str) -> Option<i64> {
    parse_instant(text).ok().filter(|_| text.contains('T'))
}

/// Reads what a person types as a point in time: unix seconds (`1781654400`), a date
/// (`2026-06-17`, midnight UTC), or a date and time (`2026-06-17 12:00`,
/// `2026-06-17T12:00:00Z`, `...+02:00`). The error says what was expected.
pub fn parse_instant(text: &str) -> Result<i64, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("Enter unix seconds or a date such as 2026-06-17 12:00.".into());
    }
    if text.bytes().all(|b| b.is_ascii_digit()) {
        if text.len() > 11 {
            return Err(format!(
                "{text} has {} digits: that looks like milliseconds. Use seconds ({}).",
                text.len(),
                &text[..text.len() - 3]
            ));
        }
        return text.parse().map_err(|_| format!("{text} is out of range."));
    }
    parse_date_time(text).ok_or_else(|| {
        format!("\"{text}\" is neither unix seconds nor a date like 2026-06-17 or 2026-06-17T12:00:00Z.")
    })
}

fn parse_date_time(text: &str) -> Option<i64> {
    let (date, rest) = text.split_at(text.find(['T', 't', ' ']).unwrap_or(text.len()));
    let mut parts = date.split('-');
    let year: i64 = parse_digits(parts.next()?, 4)?;
    let month: u32 = parse_digits(parts.next()?, 2)?;
    let day: u32 = parse_digits(parts.next()?, 2)?;
    if parts.next().is_some()
        || !(1..=12).contains(&month)
        || day == 0
        || day > days_in_month(year, month)
    {
        return None;
    }
    let base = days_from_civil(year, month, day) * DAY;
    let rest = rest.get(1..).unwrap_or("").trim();
    if rest.is_empty() {
        return Some(base);
    }
    let (clock, offset) = split_offset(rest)?;
    let mut hms = clock.split(':');
    let h: i64 = parse_digits(hms.next()?, 2)?;
    let m: i64 = parse_digits(hms.next()?, 2)?;
    let s: i64 = match hms.next() {
        Some(sec) => parse_digits(sec.split('.').next()?, 2)?,
        None => 0,
    };
    if hms.next().is_some() || h > 23 || m > 59 || s > 60 {
        return None;
    }
    Some(base + h * 3600 + m * 60 + s - offset)
}

/// Splits `12:00:00+02:00` into the clock and the offset in seconds (`Z` or none: 0).
fn split_offset(text: &str) -> Option<(&str, i64)> {
    if let Some(clock) = text.strip_suffix(['Z', 'z']) {
        return Some((clock, 0));
    }
    match text.rfind(['+', '-']) {
        Some(i) => {
            let (clock, off) = text.split_at(i);
            let sign = if off.starts_with('-') { -1 } else { 1 };
            let mut hm = off[1..].split(':');
            let h: i64 = parse_digits(hm.next()?, 2)?;
            let m: i64 = hm.next().map_or(Some(0), |m| parse_digits(m, 2))?;
            Some((clock, sign * (h * 3600 + m * 60)))
        }
        None => Some((text, 0)),
    }
}

fn parse_digits<T: std::str::FromStr>(text: &str, width: usize) -> Option<T> {
    (text.len() == width && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trips_across_centuries() {
        for days in (-800_000..800_000).step_by(997) {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(civil_from_days(days_from_civil(2024, 2, 29)), (2024, 2, 29));
    }

    #[test]
    fn leap_years() {
        assert!(is_leap(2024) && is_leap(2000) && !is_leap(1900) && !is_leap(2026));
        assert_eq!(days_in_month(2028, 2), 29);
        assert_eq!(days_in_month(2026, 2), 28);
    }

    #[test]
    fn month_steps_clamp_to_short_months() {
        let jan31 = days_from_civil(2027, 1, 31) * DAY + 3600;
        let feb = add_months_clamped(jan31, 1, 31);
        assert_eq!(DateTime::from_unix(feb).date(), "2027-02-28");
        assert_eq!(DateTime::from_unix(feb).seconds, 3600);
        assert_eq!(
            DateTime::from_unix(add_months_clamped(jan31, 2, 31)).date(),
            "2027-03-31"
        );
        assert_eq!(
            DateTime::from_unix(add_months_clamped(jan31, 13, 31)).date(),
            "2028-02-29"
        );
        assert_eq!(
            DateTime::from_unix(add_months_clamped(jan31, -2, 31)).date(),
            "2026-11-30"
        );
    }

    #[test]
    fn formats_rfc3339() {
        assert_eq!(rfc3339(1_700_000_000), "2023-11-14T22:13:20Z");
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(
            DateTime::from_unix(1_781_697_600).compact_date(),
            "20260617"
        );
    }

    #[test]
    fn parses_what_people_type() {
        assert_eq!(parse_instant("1700000000"), Ok(1_700_000_000));
        assert_eq!(parse_instant("2023-11-14T22:13:20Z"), Ok(1_700_000_000));
        assert_eq!(parse_instant("2023-11-14 22:13:20"), Ok(1_700_000_000));
        assert_eq!(
            parse_instant("2023-11-14T23:13:20+01:00"),
            Ok(1_700_000_000)
        );
        assert_eq!(parse_instant("2023-11-14t22:13:20.250z"), Ok(1_700_000_000));
        assert_eq!(parse_instant("2023-11-14 22:13"), Ok(1_700_000_000 - 20));
        assert_eq!(
            parse_instant("2026-06-17"),
            Ok(days_from_civil(2026, 6, 17) * DAY)
        );
        assert_eq!(parse_rfc3339("2026-06-17T12:00:00Z"), Some(1_781_697_600));
        assert_eq!(parse_rfc3339("2026-06-17"), None);
    }

    #[test]
    fn explains_bad_input() {
        assert!(parse_instant("").unwrap_err().contains("unix seconds"));
        assert!(parse_instant("1700000000000")
            .unwrap_err()
            .contains("milliseconds"));
        assert!(parse_instant("2026-02-30").is_err());
        assert!(parse_instant("2026-13-01").is_err());
        assert!(parse_instant("yesterday")
            .unwrap_err()
            .contains("\"yesterday\""));
        assert!(parse_instant("2026-06-17 25:00").is_err());
    }
}
