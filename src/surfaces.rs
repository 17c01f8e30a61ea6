//! The surfaces the app offers, as data: route, widget name, title and summary.

/// One page of the app, which a docs page can also host as a widget.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Surface {
    Cards,
}

impl Surface {
    pub const ALL: [Surface; 1] = [Surface::Cards];

    /// The value of `data-testkit` that mounts this surface as a widget.
    pub fn widget_name(self) -> &'static str {
        match self {
            Surface::Cards => "cards",
        }
    }

    pub fn from_widget_name(name: &str) -> Option<Surface> {
        Surface::ALL.into_iter().find(|s| s.widget_name() == name)
    }

    /// The surface a normalised path shows, if any.
    pub fn from_path(path: &str) -> Option<Surface> {
        Surface::ALL.into_iter().find(|s| s.path() == path)
    }

    pub fn path(self) -> &'static str {
        match self {
            Surface::Cards => "/cards",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Surface::Cards => "Test cards",
        }
    }

    pub fn summary(self) -> &'static str {
        match self {
            Surface::Cards => {
                "Every Stripe test card and test PaymentMethod id, grouped by outcome."
            }
        }
    }
}

/// Widget names, for messages that list what a host page may ask for.
pub fn widget_names() -> String {
    Surface::ALL.map(Surface::widget_name).join(", ")
}
