//! Splitting a surface's module at its separate parts (`split_part!` in the app): the
//! part's view and what only it uses go into a chunk the page downloads the first time
//! the part is shown, sharing the page's memory, table and runtime (wasm_split_cli_support,
//! the splitter Leptos's `#[lazy]` uses). The compiled module must keep its relocations
//! (`--emit-relocs`, which [`crate::bundles`] asks the linker for).

use std::path::Path;

use crate::assets::hashed_name;
use crate::Failure;

/// What splitting a surface's module made.
pub struct Split {
    /// The module left for the page, still to go through wasm-bindgen.
    pub main: std::path::PathBuf,
    /// The JS module that loads the chunks (its file name, and its text with
    /// [`MAIN_MODULE`] where the page's module name goes); `None` when the surface has
    /// no separate part, so nothing imports it.
    pub link: Option<(String, String)>,
    /// Each part's chunk.
    pub chunks: Vec<Chunk>,
}

/// One part's chunk, as the splitter wrote it.
pub struct Chunk {
    /// Its part's name (`clocks-replay`).
    pub part: String,
    /// The file name the link module asks for.
    pub file: String,
    /// Where it is, not yet optimised.
    pub path: std::path::PathBuf,
}

/// Where the page's module name goes in the link module, once it is known.
pub const MAIN_MODULE: &str = "./__btk_main_module__.js";

/// Splits `compiled` (the widget's linked module) into `work/split/<widget>/`.
pub fn split(widget: &str, compiled: &[u8], work: &Path) -> Result<Split, Failure> {
    let dir = work.join("split").join(widget);
    if dir.exists() {
        std::fs::remove_dir_all(&dir)
            .map_err(|e| Failure(format!("cannot empty {}: {e}", dir.display())))?;
    }
    // Named from what it is made of, so the name changes with the content (the sandbox
    // serves hashed names as immutable) and is known before wasm-bindgen writes the
    // page's module that imports it.
    let link_file = hashed_name(&format!("{widget}-split"), "js", compiled);
    let link_name = format!("./{link_file}");
    let main = dir.join(format!("{widget}.wasm"));
    let mut options = wasm_split_cli_support::Options::new(compiled);
    options.output_dir = &dir;
    options.main_out_path = &main;
    options.link_name = &link_name;
    options.main_module = MAIN_MODULE;
    options.target.web();
    let split = wasm_split_cli_support::transform(options)
        .map_err(|e| Failure(format!("cannot split the {widget} module: {e:#}")))?;
    let mut chunks = Vec::new();
    for path in &split.split_modules {
        let file = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_string();
        // One split point per chunk: a chunk of code that several parts share would need
        // its own entry in the manifest, and no surface has two separate parts.
        let Some(part) = file
            .strip_prefix("split_")
            .and_then(|f| f.strip_suffix(".wasm"))
        else {
            return Err(Failure(format!(
                "the {widget} module split into {file}, a chunk shared by several parts: give each surface at most one separate part, or list shared chunks in the manifest"
            )));
        };
        chunks.push(Chunk {
            part: part.replace('_', "-"),
            file,
            path: path.clone(),
        });
    }
    let link = if chunks.is_empty() {
        None
    } else {
        let path = dir.join(&link_file);
        let text = std::fs::read_to_string(&path)
            .map_err(|e| Failure(format!("cannot read {}: {e}", path.display())))?;
        Some((link_file, text))
    };
    Ok(Split { main, link, chunks })
}
