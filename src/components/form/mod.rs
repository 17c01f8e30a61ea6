//! Labelled form parts every page uses: a field frame with its message beneath, and the
//! text input, text area and select built on it.

mod field;
mod select;
mod text_area;
mod text_field;

pub use field::{Field, FieldMessage};
pub use select::{options_of, Select};
pub use text_area::TextArea;
pub use text_field::TextField;
