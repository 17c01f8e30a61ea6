//! Drops the classes wasm-streams exports (`IntoUnderlyingSource`, `…Sink`,
//! `…ByteSource`): leptos's server_fn links wasm-streams into every browser build, its
//! `#[wasm_bindgen]` classes are exports, and an export keeps its code however unused.
//! The app never streams a body, so the classes leave the wasm's export section (wasm-opt
//! then removes their code) and wasm-bindgen's module.

use crate::Failure;

/// The exported classes no bundle uses.
pub const UNUSED_CLASSES: &[&str] = &[
    "IntoUnderlyingByteSource",
    "IntoUnderlyingSink",
    "IntoUnderlyingSource",
];

/// Whether a wasm export belongs to an unused class: its methods are `<class>_<name>`
/// and its destructor `__wbg_<class>_free`, the class name in lower case.
fn is_unused_export(name: &str) -> bool {
    UNUSED_CLASSES.iter().any(|class| {
        let lower = class.to_ascii_lowercase();
        name.strip_prefix("__wbg_")
            .unwrap_or(name)
            .starts_with(&format!("{lower}_"))
    })
}

/// Reads an unsigned LEB128 number at `*at`, moving past it.
fn read_leb(bytes: &[u8], at: &mut usize) -> Result<u32, Failure> {
    let mut value: u32 = 0;
    for shift in (0..35).step_by(7) {
        let byte = *bytes
            .get(*at)
            .ok_or_else(|| Failure("wasm ends inside a number".into()))?;
        *at += 1;
        value |= u32::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Ok(value);
        }
    }
    Err(Failure("wasm number longer than 5 bytes".into()))
}

fn write_leb(out: &mut Vec<u8>, mut value: u32) {
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// `n` bytes at `*at`, moving past them.
fn take<'a>(bytes: &'a [u8], at: &mut usize, n: usize) -> Result<&'a [u8], Failure> {
    let end = at
        .checked_add(n)
        .filter(|&end| end <= bytes.len())
        .ok_or_else(|| Failure("wasm ends inside a section".into()))?;
    let taken = &bytes[*at..end];
    *at = end;
    Ok(taken)
}

/// The export section without the unused classes' exports.
fn filter_exports(section: &[u8]) -> Result<Vec<u8>, Failure> {
    let mut at = 0;
    let count = read_leb(section, &mut at)?;
    let mut kept = Vec::new();
    let mut kept_count = 0;
    for _ in 0..count {
        let start = at;
        let len = read_leb(section, &mut at)? as usize;
        let name = std::str::from_utf8(take(section, &mut at, len)?)
            .map_err(|_| Failure("wasm export name is not UTF-8".into()))?;
        let unused = is_unused_export(name);
        take(section, &mut at, 1)?;
        read_leb(section, &mut at)?;
        if !unused {
            kept.extend_from_slice(&section[start..at]);
            kept_count += 1;
        }
    }
    let mut out = Vec::new();
    write_leb(&mut out, kept_count);
    out.extend_from_slice(&kept);
    Ok(out)
}

/// The module without the unused classes' exports (`strip_js` checks they were there).
pub fn strip_wasm(wasm: &[u8]) -> Result<Vec<u8>, Failure> {
    const EXPORT_SECTION: u8 = 7;
    if wasm.len() < 8 || &wasm[..4] != b"\0asm" {
        return Err(Failure("not a wasm module".into()));
    }
    let mut out = wasm[..8].to_vec();
    let mut at = 8;
    while at < wasm.len() {
        let id = wasm[at];
        at += 1;
        let len = read_leb(wasm, &mut at)? as usize;
        let payload = take(wasm, &mut at, len)?;
        let payload = if id == EXPORT_SECTION {
            filter_exports(payload)?
        } else {
            payload.to_vec()
        };
        out.push(id);
        write_leb(&mut out, payload.len() as u32);
        out.extend_from_slice(&payload);
    }
    Ok(out)
}

/// wasm-bindgen's module without the unused classes: each `export class X {…}` (to its
/// closing brace at the start of a line), its `Symbol.dispose` line and its
/// `XFinalization` registry. Fails if the module no longer has that shape, rather than
/// leaving classes that call exports that are gone.
pub fn strip_js(js: &str) -> Result<String, Failure> {
    let mut out = String::with_capacity(js.len());
    let mut lines = js.lines();
    let mut removed = 0;
    while let Some(line) = lines.next() {
        let class = UNUSED_CLASSES.iter().find(|class| {
            line == format!("export class {class} {{")
                || line.starts_with(&format!("const {class}Finalization = "))
                || line.starts_with(&format!("if (Symbol.dispose) {class}.prototype"))
        });
        let Some(class) = class else {
            out.push_str(line);
            out.push('\n');
            continue;
        };
        if line.starts_with("export class") {
            removed += 1;
            lines
                .by_ref()
                .find(|l| *l == "}")
                .ok_or_else(|| Failure(format!("class {class} never closes")))?;
        } else if line.starts_with("const") && !line.ends_with(';') {
            lines
                .by_ref()
                .find(|l| l.ends_with(';'))
                .ok_or_else(|| Failure(format!("{class}Finalization never ends")))?;
        }
    }
    if removed != UNUSED_CLASSES.len() {
        return Err(Failure(format!(
            "wasm-bindgen's module has {removed} of the {} wasm-streams classes: its shape changed",
            UNUSED_CLASSES.len()
        )));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A module exporting `mount` (function 0) and `intounderlyingsink_write` (function 1).
    fn module() -> Vec<u8> {
        let mut exports = Vec::new();
        write_leb(&mut exports, 2);
        for (name, index) in [("mount", 0u32), ("intounderlyingsink_write", 1)] {
            write_leb(&mut exports, name.len() as u32);
            exports.extend_from_slice(name.as_bytes());
            exports.push(0);
            write_leb(&mut exports, index);
        }
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        wasm.extend_from_slice(&[0, 3, 1, b'x', 9]); // a custom section, kept as it is
        wasm.push(7);
        write_leb(&mut wasm, exports.len() as u32);
        wasm.extend_from_slice(&exports);
        wasm
    }

    #[test]
    fn only_the_unused_classes_exports_leave() {
        let stripped = strip_wasm(&module()).unwrap();
        let text = String::from_utf8_lossy(&stripped);
        assert!(text.contains("mount") && !text.contains("intounderlying"));
        assert_eq!(&stripped[8..13], &[0, 3, 1, b'x', 9]);
        assert!(is_unused_export("__wbg_intounderlyingbytesource_free"));
        assert!(!is_unused_export("__wbg_mounted_free"));
    }

    #[test]
    fn a_truncated_module_is_an_error() {
        let wasm = module();
        assert!(strip_wasm(&wasm[..wasm.len() - 3]).is_err());
        assert!(strip_wasm(b"nope").is_err());
    }

    #[test]
    fn the_classes_leave_the_module_and_the_rest_stays() {
        let mut js = String::new();
        for class in UNUSED_CLASSES {
            js.push_str(&format!(
                "export class {class} {{\n    free() {{\n    }}\n}}\nif (Symbol.dispose) {class}.prototype[Symbol.dispose] = {class}.prototype.free;\n"
            ));
            js.push_str(&format!(
                "const {class}Finalization = (typeof FinalizationRegistry === 'undefined')\n    ? {{}}\n    : new FinalizationRegistry(ptr => 1);\n"
            ));
        }
        js.push_str("export class Mounted {\n}\nexport function mount() {}\n");
        let stripped = strip_js(&js).unwrap();
        assert_eq!(
            stripped,
            "export class Mounted {\n}\nexport function mount() {}\n"
        );
        assert!(strip_js("export function mount() {}\n").is_err());
    }
}
