//! Safe quoting for generated shell commands: what a person copies must reach the
//! program byte for byte (quotes, `$`, backslashes, newlines, Unicode).

/// Plain single quotes for text that is printable ASCII ('\'' closes, escapes, reopens).
pub fn single_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// Bash ANSI-C quoting (`$'…'`) of arbitrary bytes: printable ASCII stays readable, every
/// other byte becomes `\xHH`, so the result is one line that survives any terminal and
/// locale, and the shell turns it back into exactly these bytes.
pub fn ansi_c_quote(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() + bytes.len() / 8 + 3);
    out.push_str("$'");
    for &b in bytes {
        match b {
            b'\\' => out.push_str(r"\\"),
            b'\'' => out.push_str(r"\'"),
            b'\n' => out.push_str(r"\n"),
            b'\t' => out.push_str(r"\t"),
            b'\r' => out.push_str(r"\r"),
            0x20..=0x7e => out.push(b as char),
            _ => out.push_str(&format!("\\x{b:02x}")),
        }
    }
    out.push('\'');
    out
}

/// A curl command that POSTs exactly `body` with the `Stripe-Signature` header. The body
/// goes through the `printf` builtin and `--data-binary @-`, because a single program
/// argument is limited to 128 KiB on Linux and `-d` would strip newlines from files.
pub fn webhook_curl(url: &str, signature_header: &str, body: &[u8]) -> String {
    json_post_curl(
        url,
        &[format!("Stripe-Signature: {signature_header}")],
        body,
    )
}

/// A curl command that POSTs `body` byte for byte as JSON to `url` with `headers`
/// (`Name: value`): the body goes through bash's `printf` into `--data-binary @-`, so
/// neither quoting nor the argument length limit can change it.
pub fn json_post_curl(url: &str, headers: &[String], body: &[u8]) -> String {
    let mut command = format!(
        "printf '%s' {} | curl -sS {} \\\n  -H 'Content-Type: application/json'",
        ansi_c_quote(body),
        single_quote(url),
    );
    for header in headers {
        command.push_str(&format!(" \\\n  -H {}", single_quote(header)));
    }
    command.push_str(" \\\n  --data-binary @- -w '\\nHTTP %{http_code}\\n'");
    command
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use std::process::{Command, Stdio};

    /// Runs `script` in bash with `curl` replaced by a function that saves what it reads
    /// and its arguments: proves the bytes a pasted command would send.
    fn run_with_fake_curl(script: &str) -> (Vec<u8>, String) {
        let dir =
            std::env::temp_dir().join(format!("btk-shell-{}-{}", std::process::id(), script.len()));
        std::fs::create_dir_all(&dir).unwrap();
        let body = dir.join("body");
        let args = dir.join("args");
        let prelude = format!(
            "curl() {{ cat > {}; printf '%s\\n' \"$@\" > {}; }}\n",
            body.display(),
            args.display()
        );
        let mut child = Command::new("bash")
            .arg("-s")
            .stdin(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(prelude.as_bytes()).unwrap();
        stdin.write_all(script.as_bytes()).unwrap();
        drop(stdin);
        assert!(child.wait().unwrap().success());
        let out = (
            std::fs::read(&body).unwrap(),
            std::fs::read_to_string(&args).unwrap(),
        );
        std::fs::remove_dir_all(&dir).unwrap();
        out
    }

    const TRICKY: &[&str] = &[
        "{\"a\":\"it's \\\"quoted\\\"\"}",
        "{\n  \"price\": \"$PATH ${HOME} $(rm -rf /) `id`\"\n}",
        "{\"path\":\"C:\\\\temp\\\\new\",\"esc\":\"\\n\\t\\u00e9\"}",
        "{\"emoji\":\"🧾 café — 東京 \u{200d}\"}",
        "{\r\n\t\"crlf\": true\r\n}\r\n",
        "{\"bang\":\"!event !! ^x\",\"glob\":\"* ? [a]\"}",
        "{\"percent\":\"%s %d %%\",\"backslash-end\":\"\\\\\"}",
        "",
    ];

    #[test]
    fn ansi_c_quoting_round_trips_through_bash() {
        for body in TRICKY {
            let script = format!("printf '%s' {} | curl\n", ansi_c_quote(body.as_bytes()));
            let (sent, _) = run_with_fake_curl(&script);
            assert_eq!(sent, body.as_bytes(), "{body:?}");
        }
    }

    #[test]
    fn the_curl_command_sends_exact_bytes_and_header() {
        for body in TRICKY {
            let header = "t=1700000000,v1=abc";
            let cmd = webhook_curl(
                "http://127.0.0.1:8080/api/v1/billing/webhook?a=1&b=$x",
                header,
                body.as_bytes(),
            );
            let (sent, args) = run_with_fake_curl(&format!("{cmd}\n"));
            assert_eq!(sent, body.as_bytes(), "{body:?}");
            assert!(
                args.contains("Stripe-Signature: t=1700000000,v1=abc\n"),
                "{args}"
            );
            assert!(
                args.contains("http://127.0.0.1:8080/api/v1/billing/webhook?a=1&b=$x\n"),
                "{args}"
            );
        }
    }

    #[test]
    fn a_megabyte_body_is_not_limited_by_argument_size() {
        let body = format!("{{\"blob\":\"{}\"}}", "x'\\$\n".repeat(200_000));
        let cmd = webhook_curl("http://x", "t=1,v1=a", body.as_bytes());
        let (sent, _) = run_with_fake_curl(&format!("{cmd}\n"));
        assert_eq!(sent.len(), body.len());
        assert_eq!(sent, body.as_bytes());
    }

    #[test]
    fn quoting_is_one_line_and_readable_for_ascii() {
        let q = ansi_c_quote(b"{\n\"a\": 1}");
        assert_eq!(q, r#"$'{\n"a": 1}'"#);
        assert_eq!(single_quote("it's"), r"'it'\''s'");
        assert!(!ansi_c_quote("é\n".as_bytes()).contains('\n'));
    }
}
