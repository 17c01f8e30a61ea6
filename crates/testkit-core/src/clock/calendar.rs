//! Billing periods on Stripe's calendar: the anchor fixes the weekday (weekly), the day of
//! month (monthly) or day and month (yearly); short months clamp to their last day without
//! the anchor ever drifting (Jan 31 -> Feb 28 -> Mar 31).

use crate::time::{add_months_clamped, DateTime, DAY};

crate::text_enum! {
    /// How often a subscription bills.
    ///
    /// Stripe's `recurring[interval]` value.
    pub enum Interval {
        /// `week`.
        Week = "week",
        /// `month`.
        Month = "month",
        /// `year`.
        Year = "year",
    }
}

impl Interval {
    /// Adjective for people (`Monthly`).
    pub fn label(self) -> &'static str {
        match self {
            Interval::Week => "Weekly",
            Interval::Month => "Monthly",
            Interval::Year => "Yearly",
        }
    }
}

/// The end of the `n`-th period after `anchor` (n = 1 is the first renewal).
pub fn period_end(anchor: i64, interval: Interval, n: i64) -> i64 {
    let day = DateTime::from_unix(anchor).day;
    match interval {
        Interval::Week => anchor + 7 * DAY * n,
        Interval::Month => add_months_clamped(anchor, n, day),
        Interval::Year => add_months_clamped(anchor, 12 * n, day),
    }
}

/// "+31 d 2 h" from `start`.
pub fn offset_label(start: i64, at: i64) -> String {
    let secs = at - start;
    let sign = if secs < 0 { "-" } else { "+" };
    let s = secs.abs();
    let (d, h, m) = (s / DAY, (s % DAY) / 3600, (s % 3600) / 60);
    match (d, h, m) {
        (0, 0, m) => format!("{sign}{m} min"),
        (0, h, 0) => format!("{sign}{h} h"),
        (0, h, m) => format!("{sign}{h} h {m} min"),
        (d, 0, _) => format!("{sign}{d} d"),
        (d, h, _) => format!("{sign}{d} d {h} h"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::{days_from_civil, rfc3339};

    fn at(y: i64, m: u32, d: u32) -> i64 {
        days_from_civil(y, m, d) * DAY + 12 * 3600
    }

    fn ends(anchor: i64, interval: Interval, n: i64) -> Vec<String> {
        (1..=n)
            .map(|k| rfc3339(period_end(anchor, interval, k))[..10].to_string())
            .collect()
    }

    #[test]
    fn monthly_from_the_31st_clamps_and_returns() {
        assert_eq!(
            ends(at(2027, 1, 31), Interval::Month, 4),
            ["2027-02-28", "2027-03-31", "2027-04-30", "2027-05-31"]
        );
        assert_eq!(
            ends(at(2028, 1, 31), Interval::Month, 2),
            ["2028-02-29", "2028-03-31"]
        );
        assert_eq!(
            ends(at(2026, 1, 30), Interval::Month, 2),
            ["2026-02-28", "2026-03-30"]
        );
    }

    #[test]
    fn yearly_from_a_leap_day() {
        assert_eq!(
            ends(at(2028, 2, 29), Interval::Year, 4),
            ["2029-02-28", "2030-02-28", "2031-02-28", "2032-02-29"]
        );
    }

    #[test]
    fn weekly_keeps_the_weekday_and_time() {
        let start = at(2026, 12, 30);
        assert_eq!(ends(start, Interval::Week, 2), ["2027-01-06", "2027-01-13"]);
        assert_eq!(period_end(start, Interval::Week, 1) - start, 7 * DAY);
    }

    #[test]
    fn offsets_read_naturally() {
        assert_eq!(offset_label(0, 31 * DAY + 2 * 3600), "+31 d 2 h");
        assert_eq!(offset_label(0, 3600), "+1 h");
        assert_eq!(offset_label(0, 90 * 60), "+1 h 30 min");
        assert_eq!(offset_label(0, 14 * DAY), "+14 d");
        assert_eq!(offset_label(100, 100), "+0 min");
    }
}
