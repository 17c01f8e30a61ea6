//! Pieces shared by pages: copy button, secret and text inputs, readiness banner, TEST MODE
//! banner, widget frame.

mod copy_button;
mod readiness;
mod secret_input;
mod test_mode_banner;
mod text_field;
mod widget_frame;

pub use copy_button::CopyButton;
pub use readiness::ReadinessBanner;
pub use secret_input::SecretInput;
pub use test_mode_banner::TestModeBanner;
pub use text_field::TextField;
pub use widget_frame::WidgetFrame;
