//! The sandbox's own App Store test chain: made once (a fresh random key for every new
//! database or file) and kept, in the database or in the PEM file given with
//! --apple-test-chain. Only a backend that trusts its root accepts what it signs.

use std::io::Read;
use std::path::Path;

use crate::db::{Conn, OptionalExtension};
use crate::params;
use testkit_core::appstore::{pem, pem_blocks, ChainOptions, TestChain};
use testkit_core::time::rfc3339;

/// A new chain with keys nobody else has: the seed comes from the OS's random source.
pub fn fresh() -> TestChain {
    let mut seed = [0u8; 32];
    let read = std::fs::File::open("/dev/urandom").and_then(|mut f| f.read_exact(&mut seed));
    if read.is_err() {
        // Not Linux: the time and the process id still make each chain its own.
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        seed[..16].copy_from_slice(&nanos.to_le_bytes());
        seed[16..20].copy_from_slice(&std::process::id().to_le_bytes());
    }
    let hex: String = seed.iter().map(|b| format!("{b:02x}")).collect();
    TestChain::build(&ChainOptions {
        seed: hex,
        name: "billing-sandbox test".into(),
        ..ChainOptions::default()
    })
}

/// The chain kept in the database, made and stored on first use.
pub fn in_database(conn: &Conn, now: i64) -> crate::db::Result<TestChain> {
    let kept = conn
        .query_row(
            "SELECT root_der, intermediate_der, leaf_der, leaf_key_pkcs8 FROM sandbox_apple_test_chain WHERE id = 1",
            params![],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get::<_, Vec<u8>>(3)?)),
        )
        .optional()?;
    if let Some((root, intermediate, leaf, key)) = kept {
        if let Some(chain) = TestChain::from_parts(root, intermediate, leaf, &key) {
            return Ok(chain);
        }
    }
    let chain = fresh();
    conn.write(
        "INSERT INTO sandbox_apple_test_chain (id, root_der, intermediate_der, leaf_der, leaf_key_pkcs8, created_at)
         VALUES (1, ?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (id) DO UPDATE SET root_der = excluded.root_der,
             intermediate_der = excluded.intermediate_der, leaf_der = excluded.leaf_der,
             leaf_key_pkcs8 = excluded.leaf_key_pkcs8, created_at = excluded.created_at",
        params![chain.root.der, chain.intermediate.der, chain.leaf.der, chain.leaf_key.pkcs8_der(), rfc3339(now)],
    )?;
    Ok(chain)
}

/// The chain in a PEM file (leaf, intermediate, root, then the leaf's key), made and
/// written there when the file does not exist.
pub fn in_file(path: &Path) -> Result<TestChain, String> {
    if path.exists() {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let blocks = pem_blocks(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        let certs: Vec<Vec<u8>> = blocks
            .iter()
            .filter(|(l, _)| l == "CERTIFICATE")
            .map(|(_, d)| d.clone())
            .collect();
        let key = blocks
            .iter()
            .find(|(l, _)| l == "PRIVATE KEY")
            .map(|(_, d)| d.clone());
        let [leaf, intermediate, root] = <[Vec<u8>; 3]>::try_from(certs).map_err(|c| {
            format!(
                "{}: expected 3 certificates (leaf, intermediate, root), found {}",
                path.display(),
                c.len()
            )
        })?;
        let key = key.ok_or_else(|| {
            format!(
                "{}: no PRIVATE KEY block (the leaf's PKCS#8 key)",
                path.display()
            )
        })?;
        return TestChain::from_parts(root, intermediate, leaf, &key).ok_or_else(|| {
            format!(
                "{}: the private key is not a P-256 PKCS#8 key",
                path.display()
            )
        });
    }
    let chain = fresh();
    let text = [
        chain.leaf.pem.clone(),
        chain.intermediate.pem.clone(),
        chain.root.pem.clone(),
        pem("PRIVATE KEY", &chain.leaf_key.pkcs8_der()),
    ]
    .concat();
    write_private(path, &text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(chain)
}

/// Writes a file only its owner can read (it holds a private key).
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)?.write_all(text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chain_is_made_once_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("chain.pem");
        let made = in_file(&path).unwrap();
        let read = in_file(&path).unwrap();
        assert_eq!(made.root.der, read.root.der);
        assert_eq!(made.leaf_key.pkcs8_der(), read.leaf_key.pkcs8_der());
        assert_ne!(
            fresh().root.der,
            made.root.der,
            "every new chain has its own keys"
        );
        std::fs::write(dir.path().join("bad.pem"), made.root.pem.clone()).unwrap();
        let err = in_file(&dir.path().join("bad.pem")).unwrap_err();
        assert!(err.contains("expected 3 certificates"), "{err}");
    }
}
