//! The CSS each page needs, from `style/`: the shared files, plus a surface's own file
//! (`style/<widget>.css`). Every rule is scoped under `.btk` (or `:host`), so a widget's
//! styles stay in its shadow root and the app's stay off a host page.

use std::path::Path;

use crate::Failure;

/// Shared by every surface: tokens and controls, the frame and banner, shared parts.
const SHARED: [&str; 3] = ["base", "shell", "components"];

fn read(root: &Path, name: &str) -> Result<String, Failure> {
    let path = root.join("style").join(format!("{name}.css"));
    std::fs::read_to_string(&path)
        .map_err(|e| Failure(format!("cannot read {}: {e}", path.display())))
}

/// The shared CSS and that of `widgets`, in order.
pub fn css_for(root: &Path, widgets: &[&str]) -> Result<String, Failure> {
    let mut css = String::new();
    for name in SHARED.iter().copied().chain(widgets.iter().copied()) {
        css.push_str(&read(root, name)?);
    }
    Ok(css)
}
