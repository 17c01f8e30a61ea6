//! The order a stream is delivered in: as produced, or shuffled within each step (Stripe
//! does not guarantee order), with a share of the events delivered again later in their
//! step (Stripe retries). Seeded: the same seed gives the same deliveries.

use super::options::mix;
use super::stream::Stream;
use crate::events::IdGen;

crate::text_enum! {
    /// The order of the deliveries within a step.
    pub enum Order {
        /// As Stripe produces them.
        InOrder = "in-order",
        /// Shuffled within each step.
        Shuffled = "shuffled",
    }
}

/// A share of the events, from 0 to 1, kept in millionths so the browser needs no floats.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Share(u32);

const MILLION: u64 = 1_000_000;

impl Share {
    /// Reads `0.2`, `.25`, `1` or `20%`; the error says what is allowed.
    pub fn parse(text: &str) -> Result<Share, String> {
        let text = text.trim();
        let (number, scale) = match text.strip_suffix('%') {
            Some(number) => (number.trim(), 100),
            None => (text, 1),
        };
        let bad = || {
            format!("\"{text}\" is not a share from 0 to 1 (such as 0.2) or a percentage (20%).")
        };
        let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if (whole.is_empty() && fraction.is_empty()) || !digits(whole) || !digits(fraction) {
            return Err(bad());
        }
        if fraction.len() > 6 || whole.len() > 3 {
            return Err(bad());
        }
        let whole: u64 = if whole.is_empty() {
            0
        } else {
            whole.parse().map_err(|_| bad())?
        };
        let fraction: u64 = format!("{fraction:0<6}").parse().map_err(|_| bad())?;
        let millionths = (whole * MILLION + fraction) / scale;
        if millionths > MILLION {
            return Err(bad());
        }
        Ok(Share(millionths as u32))
    }

    /// The share as a percentage (`20%`, `33.3%`).
    pub fn percent(self) -> String {
        let tenths = (u64::from(self.0) + 500) / 1000;
        if tenths % 10 == 0 {
            format!("{}%", tenths / 10)
        } else {
            format!("{}.{}%", tenths / 10, tenths % 10)
        }
    }

    /// How many of `n` events the share is, rounded.
    pub fn of(self, n: usize) -> usize {
        ((n as u64 * u64::from(self.0) + MILLION / 2) / MILLION) as usize
    }
}

/// How a stream is delivered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DeliveryOptions {
    /// In order, or shuffled within each step.
    pub order: Order,
    /// The share of the events delivered a second time, later in the same step.
    pub redeliver: Share,
    /// Seeds the shuffle and the choice of redeliveries.
    pub seed: u64,
}

/// One delivery: which event of its step, and whether it is a redelivery (the same body,
/// signed again when sent).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Delivery {
    /// Index into the step's `events`.
    pub event: usize,
    /// A second delivery of an event already delivered.
    pub redelivery: bool,
}

/// Every step's deliveries, in the order to send them.
pub fn plan(stream: &Stream, options: &DeliveryOptions) -> Vec<Vec<Delivery>> {
    let mut gen = IdGen::new(mix(options.seed));
    // Which events are delivered twice: a seeded sample of the whole run.
    let mut picks: Vec<(usize, usize)> = stream
        .steps
        .iter()
        .enumerate()
        .flat_map(|(s, step)| (0..step.events.len()).map(move |e| (s, e)))
        .collect();
    let count = options.redeliver.of(picks.len());
    for i in 0..count {
        let j = i + gen.below((picks.len() - i) as u64) as usize;
        picks.swap(i, j);
    }
    picks.truncate(count);
    stream
        .steps
        .iter()
        .enumerate()
        .map(|(s, step)| {
            let mut order: Vec<Delivery> = (0..step.events.len())
                .map(|event| Delivery {
                    event,
                    redelivery: false,
                })
                .collect();
            if options.order == Order::Shuffled {
                for i in (1..order.len()).rev() {
                    order.swap(i, gen.below(i as u64 + 1) as usize);
                }
            }
            for &(_, event) in picks.iter().filter(|(ps, _)| *ps == s) {
                let first = order
                    .iter()
                    .position(|d| d.event == event)
                    .expect("every event is delivered once");
                let at = first + 1 + gen.below((order.len() - first) as u64) as usize;
                order.insert(
                    at,
                    Delivery {
                        event,
                        redelivery: true,
                    },
                );
            }
            order
        })
        .collect()
}
