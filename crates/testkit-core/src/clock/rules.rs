//! Stripe's test-clock rules, applied: an advance moves forward, and by at most two
//! intervals of the shortest subscription on the clock (two years with none). Longer
//! advances become several legal ones.

use super::calendar::{period_end, Interval};
use crate::time::{add_months_clamped, DateTime};

/// The furthest a clock at `now` may be advanced in one call.
pub fn max_advance(now: i64, shortest: Option<Interval>) -> i64 {
    match shortest {
        Some(interval) => period_end(now, interval, 2),
        None => add_months_clamped(now, 24, DateTime::from_unix(now).day),
    }
}

/// Why an advance cannot be planned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AdvanceError {
    /// Stripe rejects a frozen_time at or before the clock's current one.
    NotForward {
        /// The clock's current frozen time, unix seconds.
        now: i64,
        /// The frozen time asked for, unix seconds.
        target: i64,
    },
}

/// The frozen times to advance through to reach `target` from `now`, each legal.
pub fn legal_advances(
    now: i64,
    target: i64,
    shortest: Option<Interval>,
) -> Result<Vec<i64>, AdvanceError> {
    if target <= now {
        return Err(AdvanceError::NotForward { now, target });
    }
    let mut steps = Vec::new();
    let mut at = now;
    while target > max_advance(at, shortest) {
        at = max_advance(at, shortest);
        steps.push(at);
    }
    steps.push(target);
    Ok(steps)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::{days_from_civil, DAY};

    #[test]
    fn short_advances_are_one_step() {
        let now = days_from_civil(2026, 6, 17) * DAY;
        assert_eq!(
            legal_advances(now, now + 31 * DAY, Some(Interval::Month)),
            Ok(vec![now + 31 * DAY])
        );
    }

    #[test]
    fn long_advances_are_split_at_two_intervals() {
        let now = days_from_civil(2026, 6, 17) * DAY;
        let target = now + 30 * DAY;
        let steps = legal_advances(now, target, Some(Interval::Week)).unwrap();
        assert_eq!(steps, vec![now + 14 * DAY, now + 28 * DAY, target]);
        let years = legal_advances(now, now + 1000 * DAY, None).unwrap();
        assert_eq!(years.len(), 2);
        assert_eq!(years[0], days_from_civil(2028, 6, 17) * DAY);
    }

    #[test]
    fn backwards_or_standing_still_is_refused() {
        assert_eq!(
            legal_advances(100, 100, None),
            Err(AdvanceError::NotForward {
                now: 100,
                target: 100
            })
        );
        assert!(legal_advances(100, 50, Some(Interval::Month)).is_err());
    }

    #[test]
    fn every_split_step_moves_forward_within_the_limit() {
        for interval in [Interval::Week, Interval::Month, Interval::Year] {
            let now = days_from_civil(2027, 1, 31) * DAY;
            let steps = legal_advances(now, now + 900 * DAY, Some(interval)).unwrap();
            let mut at = now;
            for step in steps {
                assert!(
                    step > at && step <= max_advance(at, Some(interval)),
                    "{interval:?}"
                );
                at = step;
            }
        }
    }
}
