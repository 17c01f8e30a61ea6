//! One wasm bundle per surface: `cargo build` of the app's `src/bin/<widget>.rs` entries
//! for wasm32 (one invocation, so cargo links them in parallel, with the feature
//! `split-parts` and the relocations [`crate::split`] needs), each module split at its
//! separate parts, then `wasm-bindgen --target web` (an ES module exporting the bundle's
//! `mount`), `wasm-opt -Oz` (npm's binaryen) of the module and each chunk, and the ES
//! module minified (npm's terser). The tools are the ones scripts/lib.sh installed, at
//! the versions tools/versions.env pins; nothing is downloaded.

use std::path::Path;
use std::process::Command;

use crate::split::split;
use crate::Failure;

/// A surface's bundle, ready to be hashed and written.
pub struct Bundle {
    /// The widget name (also the cargo binary's name).
    pub widget: &'static str,
    /// wasm-bindgen's ES module, minified.
    pub js: Vec<u8>,
    /// The optimised wasm (the one before wasm-opt, with its names section, stays in
    /// `<work>/bindgen/<widget>_bg.wasm` for size analysis).
    pub wasm: Vec<u8>,
    /// The module that loads its parts' chunks (file name, text to be completed with the
    /// page's module name), when it has separate parts.
    pub link: Option<(String, String)>,
    /// Its separate parts' chunks, optimised.
    pub chunks: Vec<Chunk>,
}

/// A separate part's chunk, ready to be hashed and written.
pub struct Chunk {
    /// Its part's name (`clocks-replay`).
    pub part: String,
    /// The file name the link module asks for, until the site names it by its content.
    pub file: String,
    /// The optimised wasm.
    pub wasm: Vec<u8>,
}

/// Runs `command`, failing with its name and status.
fn run(command: &mut Command) -> Result<(), Failure> {
    let shown = format!("{command:?}");
    let status = command
        .status()
        .map_err(|e| Failure(format!("cannot run {shown}: {e}")))?;
    if status.success() {
        Ok(())
    } else {
        Err(Failure(format!("{shown} failed ({status})")))
    }
}

fn read(path: &Path) -> Result<Vec<u8>, Failure> {
    std::fs::read(path).map_err(|e| Failure(format!("cannot read {}: {e}", path.display())))
}

/// Minifies the ES module at `input` into `output` (terser: compress and mangle; the
/// module's exports keep their names).
pub fn minify(input: &Path, output: &Path) -> Result<(), Failure> {
    run(Command::new("terser")
        .arg(input)
        .args(["--module", "--compress", "--mangle", "--output"])
        .arg(output))
}

/// Builds every widget's bundle under `root` (the workspace) into `work`.
pub fn build(root: &Path, work: &Path, widgets: &[&'static str]) -> Result<Vec<Bundle>, Failure> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut build = Command::new(cargo);
    build
        .current_dir(root)
        .args([
            "build",
            "--locked",
            "--release",
            "--target",
            "wasm32-unknown-unknown",
        ])
        .args(["-p", "billing-testkit", "--features", "split-parts"])
        // Added to .cargo/config.toml's flags (cargo joins the arrays): the splitter reads
        // the module's relocations.
        .args([
            "--config",
            r#"target.wasm32-unknown-unknown.rustflags=["-C", "link-arg=--emit-relocs"]"#,
        ]);
    for widget in widgets {
        build.args(["--bin", widget]);
    }
    run(&mut build)?;

    let compiled = root.join("target/wasm32-unknown-unknown/release");
    let bindgen = work.join("bindgen");
    let optimised = work.join("opt");
    for dir in [&bindgen, &optimised] {
        std::fs::create_dir_all(dir)
            .map_err(|e| Failure(format!("cannot create {}: {e}", dir.display())))?;
    }
    widgets
        .iter()
        .map(|&widget| {
            let split = split(
                widget,
                &read(&compiled.join(format!("{widget}.wasm")))?,
                work,
            )?;
            // The chunks reach the page's table through its export, which wasm-bindgen
            // drops unless told to keep it.
            run(Command::new("wasm-bindgen")
                .args(["--target", "web", "--no-typescript", "--keep-lld-exports"])
                .args(["--out-name", widget])
                .arg("--out-dir")
                .arg(&bindgen)
                .arg(&split.main))?;
            let unoptimised = bindgen.join(format!("{widget}_bg.wasm"));
            let module = bindgen.join(format!("{widget}.js"));
            let output = optimised.join(format!("{widget}.wasm"));
            optimise(&unoptimised, &output)?;
            let chunks = split
                .chunks
                .into_iter()
                .map(|chunk| {
                    let output = optimised.join(&chunk.file);
                    optimise(&chunk.path, &output)?;
                    Ok(Chunk {
                        part: chunk.part,
                        file: chunk.file,
                        wasm: read(&output)?,
                    })
                })
                .collect::<Result<Vec<_>, Failure>>()?;
            let js = optimised.join(format!("{widget}.js"));
            minify(&module, &js)?;
            Ok(Bundle {
                widget,
                js: read(&js)?,
                wasm: read(&output)?,
                link: split.link,
                chunks,
            })
        })
        .collect()
}

/// `wasm-opt -Oz` of `input` into `output`.
fn optimise(input: &Path, output: &Path) -> Result<(), Failure> {
    run(Command::new("wasm-opt")
        .arg("-Oz")
        .arg("--output")
        .arg(output)
        .arg(input))
}
