//! Pieces shared by pages: a part that is a bundle of its own, copy button, labelled form parts, secret input, readiness
//! banner, TEST MODE banner, widget frame.

mod bundle_part;
mod copy_button;
mod form;
mod readiness;
mod secret_input;
mod send_outcome;
mod test_mode_banner;
mod widget_frame;

pub use bundle_part::{BundlePart, PartToggle};
pub use copy_button::CopyButton;
pub use form::{options_of, Field, FieldMessage, Select, TextArea, TextField};
pub use readiness::ReadinessBanner;
pub use secret_input::SecretInput;
pub use send_outcome::SendOutcomeView;
pub use test_mode_banner::TestModeBanner;
pub use widget_frame::WidgetFrame;
