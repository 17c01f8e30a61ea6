//! Writing the site: content-hashed names for what may be cached forever, stable names
//! for what must be revalidated (the loader and the pages people link to), and every
//! text or wasm file compressed once here (brotli and gzip, at their highest levels)
//! so the server sends the stored variant instead of compressing per request.

use std::io::Write;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::Failure;

/// Hex digits of the content hash in a file name: `cards-0123456789ab.wasm`. The sandbox
/// serves names of this shape as immutable (crates/sandbox/src/static_files.rs).
pub const HASH_LEN: usize = 12;

/// `stem-<hash>.ext` for `bytes`.
pub fn hashed_name(stem: &str, ext: &str, bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("{stem}-{}.{ext}", &hex[..HASH_LEN])
}

/// The output folder, and what was written to it.
pub struct Site {
    dir: PathBuf,
    /// `(file name, bytes before compression)` of every file written, in order.
    pub written: Vec<(String, usize)>,
}

/// Extensions worth compressing (the rest, such as images, already are).
fn compressible(name: &str) -> bool {
    [".html", ".js", ".wasm", ".css", ".json", ".txt"]
        .iter()
        .any(|ext| name.ends_with(ext))
}

fn brotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    let _ = brotli::BrotliCompress(&mut &bytes[..], &mut out, &params);
    out
}

/// gzip at level 9.
pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let _ = encoder.write_all(bytes);
    encoder.finish().unwrap_or_default()
}

impl Site {
    /// Empties (or creates) `dir`.
    pub fn create(dir: &Path) -> Result<Site, Failure> {
        if dir.exists() {
            std::fs::remove_dir_all(dir)
                .map_err(|e| Failure(format!("cannot empty {}: {e}", dir.display())))?;
        }
        std::fs::create_dir_all(dir)
            .map_err(|e| Failure(format!("cannot create {}: {e}", dir.display())))?;
        Ok(Site {
            dir: dir.to_path_buf(),
            written: Vec::new(),
        })
    }

    fn write_file(&self, name: &str, bytes: &[u8]) -> Result<(), Failure> {
        let path = self.dir.join(name);
        std::fs::write(&path, bytes)
            .map_err(|e| Failure(format!("cannot write {}: {e}", path.display())))
    }

    /// Writes `name` with its `.br` and `.gz` variants (each only when it is smaller).
    pub fn write(&mut self, name: &str, bytes: &[u8]) -> Result<(), Failure> {
        self.write_file(name, bytes)?;
        if compressible(name) {
            for (suffix, packed) in [("br", brotli(bytes)), ("gz", gzip(bytes))] {
                if packed.len() < bytes.len() {
                    self.write_file(&format!("{name}.{suffix}"), &packed)?;
                }
            }
        }
        self.written.push((name.to_string(), bytes.len()));
        Ok(())
    }

    /// Writes `bytes` under a content-hashed name and returns that name.
    pub fn write_hashed(&mut self, stem: &str, ext: &str, bytes: &[u8]) -> Result<String, Failure> {
        let name = hashed_name(stem, ext, bytes);
        self.write(&name, bytes)?;
        Ok(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_names_change_with_the_content_only() {
        let a = hashed_name("cards", "wasm", b"one");
        assert_eq!(a, hashed_name("cards", "wasm", b"one"));
        assert_ne!(a, hashed_name("cards", "wasm", b"two"));
        assert!(a.starts_with("cards-") && a.ends_with(".wasm"));
        assert_eq!(a.len(), "cards-".len() + HASH_LEN + ".wasm".len());
    }

    #[test]
    fn variants_decompress_to_the_original() {
        let dir = std::env::temp_dir().join(format!("site-test-{}", std::process::id()));
        let mut site = Site::create(&dir).unwrap();
        let text = "<p>billing-testkit</p>".repeat(200);
        site.write("page.html", text.as_bytes()).unwrap();
        let br = std::fs::read(dir.join("page.html.br")).unwrap();
        let mut unpacked = Vec::new();
        brotli::BrotliDecompress(&mut &br[..], &mut unpacked).unwrap();
        assert_eq!(unpacked, text.as_bytes());
        let gz = std::fs::read(dir.join("page.html.gz")).unwrap();
        let mut unpacked = String::new();
        std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&gz[..]), &mut unpacked)
            .unwrap();
        assert_eq!(unpacked, text);
        std::fs::remove_dir_all(dir).unwrap();
    }
}
