//! Pieces shared by pages: parts (typed, linked in or split off into a chunk), copy button, labelled form parts, secret input, readiness
//! banner, TEST MODE banner, widget frame.

mod copy_button;
mod form;
pub mod part;
mod readiness;
mod secret_input;
mod send_outcome;
mod test_mode_banner;
mod widget_frame;

pub use copy_button::CopyButton;
pub use form::{options_of, Field, FieldMessage, Select, TextArea, TextField};
pub use part::{show_part, Events, Part, PartInfo, PartToggle};
pub use readiness::ReadinessBanner;
pub use secret_input::SecretInput;
pub use send_outcome::SendOutcomeView;
pub use test_mode_banner::TestModeBanner;
pub use widget_frame::WidgetFrame;
