//! The app's CSS, compiled in so that a widget carries its own styles into its shadow root.

/// Every rule is scoped under `.btk` (or `:host`), so nothing leaks into a host page.
pub const CSS: &str = concat!(
    include_str!("../style/base.css"),
    include_str!("../style/shell.css"),
    include_str!("../style/components.css"),
    include_str!("../style/cards.css"),
    include_str!("../style/signer.css"),
    include_str!("../style/subscribers.css"),
    include_str!("../style/clocks.css"),
    include_str!("../style/checklist.css"),
    include_str!("../style/appstore.css"),
);
