//! The surfaces the app offers, as data: route, widget name, title and summary.

/// One page of the app, which a docs page can also host as a widget.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Surface {
    Cards,
    Signer,
    Clocks,
    Subscribers,
    Checklist,
}

impl Surface {
    pub const ALL: [Surface; 5] = [
        Surface::Checklist,
        Surface::Cards,
        Surface::Signer,
        Surface::Clocks,
        Surface::Subscribers,
    ];

    /// The value of `data-testkit` that mounts this surface as a widget.
    pub fn widget_name(self) -> &'static str {
        match self {
            Surface::Cards => "cards",
            Surface::Signer => "signer",
            Surface::Clocks => "clocks",
            Surface::Checklist => "checklist",
            Surface::Subscribers => "subscribers",
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
            Surface::Signer => "/signer",
            Surface::Clocks => "/clocks",
            Surface::Checklist => "/checklist",
            Surface::Subscribers => "/subscribers",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Surface::Cards => "Test cards",
            Surface::Signer => "Webhook signer",
            Surface::Clocks => "Test clocks",
            Surface::Checklist => "Checklists",
            Surface::Subscribers => "Subscribers",
        }
    }

    pub fn summary(self) -> &'static str {
        match self {
            Surface::Cards => {
                "Every Stripe test card and test PaymentMethod id, grouped by outcome."
            }
            Surface::Signer => {
                "Craft a Stripe webhook event, sign it in the browser, send it, and verify headers."
            }
            Surface::Subscribers => {
                "Stripe and App Store subscribers in one list, each person counted once."
            }
            Surface::Checklist => {
                "The runbook's pre-flight, wiring, cleanup and iOS checklists, with live-key guards."
            }
            Surface::Clocks => {
                "Subscription lifecycle scenarios on Stripe test clocks, with correct times and a script."
            }
        }
    }
}

/// Widget names, for messages that list what a host page may ask for.
pub fn widget_names() -> String {
    Surface::ALL.map(Surface::widget_name).join(", ")
}
