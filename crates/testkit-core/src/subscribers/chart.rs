//! The geometry of the summary's stacked bar charts (one bar per category, one segment
//! per store), as plain numbers a view draws as SVG.

use super::status::Store;
use super::summary::StoreCounts;

/// The chart's fixed measures, in SVG user units.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Frame {
    /// Room for the category labels, left of the bars.
    pub label_width: f64,
    /// The longest bar.
    pub bar_width: f64,
    /// Room for the total, right of each bar.
    pub total_width: f64,
    /// Height of one bar.
    pub bar_height: f64,
    /// Space between bars.
    pub gap: f64,
}

impl Default for Frame {
    fn default() -> Frame {
        Frame {
            label_width: 120.0,
            bar_width: 220.0,
            total_width: 40.0,
            bar_height: 18.0,
            gap: 6.0,
        }
    }
}

/// One store's part of a bar.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Segment {
    /// The store.
    pub store: Store,
    /// How many subscriptions.
    pub count: usize,
    /// Where it starts.
    pub x: f64,
    /// How long it is (0 for none).
    pub width: f64,
}

/// One category's bar.
#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    /// The category.
    pub label: String,
    /// Both stores together.
    pub total: usize,
    /// The bar's top.
    pub y: f64,
    /// Stripe first, then the App Store.
    pub segments: [Segment; 2],
}

/// A laid-out chart.
#[derive(Clone, Debug, PartialEq)]
pub struct Chart {
    /// One bar per category, in the given order.
    pub bars: Vec<Bar>,
    /// The SVG's width.
    pub width: f64,
    /// The SVG's height.
    pub height: f64,
}

/// Lays out one bar per `(label, counts)`, scaled so the largest total fills
/// `frame.bar_width`.
///
/// ```
/// use testkit_core::subscribers::{stacked_bars, Frame, StoreCounts};
/// let chart = stacked_bars(
///     vec![("Active".into(), StoreCounts { stripe: 3, app_store: 1 })],
///     Frame::default(),
/// );
/// let [stripe, app_store] = chart.bars[0].segments;
/// assert_eq!((stripe.width, app_store.width), (165.0, 55.0));
/// assert_eq!(app_store.x, stripe.x + stripe.width);
/// ```
pub fn stacked_bars(rows: Vec<(String, StoreCounts)>, frame: Frame) -> Chart {
    let largest = rows
        .iter()
        .map(|(_, c)| c.total())
        .max()
        .unwrap_or(0)
        .max(1);
    let scale = frame.bar_width / largest as f64;
    let bars: Vec<Bar> = rows
        .into_iter()
        .enumerate()
        .map(|(i, (label, counts))| {
            let y = i as f64 * (frame.bar_height + frame.gap);
            let stripe_width = counts.stripe as f64 * scale;
            Bar {
                label,
                total: counts.total(),
                y,
                segments: [
                    Segment {
                        store: Store::Stripe,
                        count: counts.stripe,
                        x: frame.label_width,
                        width: stripe_width,
                    },
                    Segment {
                        store: Store::AppStore,
                        count: counts.app_store,
                        x: frame.label_width + stripe_width,
                        width: counts.app_store as f64 * scale,
                    },
                ],
            }
        })
        .collect();
    let height = (bars.len() as f64 * (frame.bar_height + frame.gap) - frame.gap).max(0.0);
    Chart {
        bars,
        width: frame.label_width + frame.bar_width + frame.total_width,
        height,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_largest_total_fills_the_width_and_segments_touch() {
        let rows = vec![
            (
                "a".to_string(),
                StoreCounts {
                    stripe: 10,
                    app_store: 0,
                },
            ),
            (
                "b".to_string(),
                StoreCounts {
                    stripe: 2,
                    app_store: 3,
                },
            ),
        ];
        let frame = Frame::default();
        let chart = stacked_bars(rows, frame);
        assert_eq!(chart.bars[0].segments[0].width, frame.bar_width);
        assert_eq!(chart.bars[0].segments[1].width, 0.0);
        let [s, a] = chart.bars[1].segments;
        assert_eq!((s.width, a.width), (44.0, 66.0));
        assert_eq!(a.x, s.x + s.width);
        assert_eq!(chart.bars[1].y, frame.bar_height + frame.gap);
        assert_eq!(chart.height, 2.0 * frame.bar_height + frame.gap);
        assert_eq!(chart.width, 380.0);
    }

    #[test]
    fn an_empty_chart_has_no_bars_and_no_division_by_zero() {
        let chart = stacked_bars(Vec::new(), Frame::default());
        assert!(chart.bars.is_empty());
        assert_eq!(chart.height, 0.0);
        let zero = stacked_bars(vec![("x".into(), StoreCounts::default())], Frame::default());
        assert_eq!(zero.bars[0].segments[0].width, 0.0);
    }
}
