//! The README and docs/ name only paths that exist, and the README stays a map.
//!
//! A doc names a repository path in four ways, and each is checked:
//! - a Markdown link whose target is not a URL or an anchor (resolved from the doc's own
//!   folder, as GitHub resolves it; `#anchor` and `?query` are stripped);
//! - an inline code span holding a repository path: one that starts with a top-level
//!   folder of the repository (`src/`, `crates/`, ...; a leading `./` is allowed) or is one
//!   of the top-level files;
//! - a word of a fenced code block that is such a path (commands and their arguments);
//! - a line of a fenced block whose info string is `tree` (the README's layout): each line
//!   is a name, indented two spaces per level below the folder it sits in.
//!
//! Patterns are not paths: a token containing `<`, `*`, `{`, `$` or a space is skipped. A
//! trailing `:line` (or `:line:column`) and a trailing `/` are stripped.

use std::path::{Component, Path, PathBuf};

/// Folders at the top of the repository: a code span starting with one of them is a path.
const FOLDERS: &[&str] = &[
    "src/", "crates/", "scripts/", "tools/", "e2e/", "embed/", "style/", "tests/", "docs/", ".ci/",
];

/// Files at the top of the repository that docs name by their bare name.
const TOP_FILES: &[&str] = &[
    "index.html",
    "Trunk.toml",
    "Cargo.toml",
    "Cargo.lock",
    "package.json",
    "package-lock.json",
    "playwright.config.ts",
    "README.md",
];

/// Characters that make a token a pattern (`src/bin/<widget>.rs`, `crates/*/tests`).
const PATTERN: &[char] = &['<', '*', '{', '$', ' '];

/// The README's length limit: it is a map, the manuals are in docs/.
const README_MAX_LINES: usize = 250;

/// A path a doc names, repository-relative, and the doc's line (from 1) that names it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Named {
    path: String,
    line: usize,
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `token` without a trailing `:line` or `:line:column`.
fn strip_line_number(mut token: &str) -> &str {
    while let Some((before, after)) = token.rsplit_once(':') {
        if !after.is_empty() && after.bytes().all(|b| b.is_ascii_digit()) {
            token = before;
        } else {
            break;
        }
    }
    token
}

/// The repository path a code span or a code block's word names, if it names one.
fn repo_path(token: &str) -> Option<String> {
    if token.is_empty() || token.contains(PATTERN) {
        return None;
    }
    let token = token.strip_prefix("./").unwrap_or(token);
    let token = strip_line_number(token);
    let is_path = TOP_FILES.contains(&token) || FOLDERS.iter().any(|f| token.starts_with(f));
    if !is_path {
        return None;
    }
    let path = token.trim_end_matches('/');
    (!path.is_empty()).then(|| path.to_string())
}

/// `dir/target` with `.` and `..` resolved, or `None` if it climbs out of the repository.
fn join_normalised(dir: &str, target: &str) -> Option<String> {
    let mut parts: Vec<String> = Vec::new();
    for component in Path::new(dir).join(target).components() {
        match component {
            Component::Normal(part) => parts.push(part.to_string_lossy().into_owned()),
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::CurDir => {}
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    (!parts.is_empty()).then(|| parts.join("/"))
}

/// The repository path a Markdown link target names, resolved from `doc_dir` (the folder of
/// the doc, repository-relative, "" for the top), if it names one.
fn link_path(target: &str, doc_dir: &str) -> Option<String> {
    let target = target.trim();
    // `[text](path "title")` and `[text](<path>)`.
    let target = target.split_whitespace().next().unwrap_or("");
    let target = target
        .strip_prefix('<')
        .and_then(|t| t.strip_suffix('>'))
        .unwrap_or(target);
    if target.is_empty()
        || target.starts_with('#')
        || target.contains("://")
        || target.starts_with("mailto:")
        || target.starts_with("//")
    {
        return None;
    }
    let target = target.split(['#', '?']).next().unwrap_or("");
    if target.is_empty() {
        return None;
    }
    let target = target.trim_end_matches('/');
    match target.strip_prefix('/') {
        Some(from_root) => join_normalised("", from_root),
        None => join_normalised(doc_dir, target),
    }
    // A link that climbs out of the repository is reported as it is written.
    .or_else(|| Some(target.to_string()))
}

/// The code spans of a line (their contents, trimmed), and the line with them blanked out
/// (so that a link written inside a code span is not read as a link).
fn code_spans(line: &str) -> (Vec<String>, String) {
    let chars: Vec<char> = line.chars().collect();
    let mut spans = Vec::new();
    let mut rest = String::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] != '`' {
            rest.push(chars[i]);
            i += 1;
            continue;
        }
        let run = chars[i..].iter().take_while(|c| **c == '`').count();
        // The closing run: the same number of backticks, not part of a longer run.
        let mut j = i + run;
        let mut close = None;
        while j < chars.len() {
            if chars[j] == '`' {
                let n = chars[j..].iter().take_while(|c| **c == '`').count();
                if n == run {
                    close = Some(j);
                    break;
                }
                j += n;
            } else {
                j += 1;
            }
        }
        match close {
            Some(j) => {
                let content: String = chars[i + run..j].iter().collect();
                spans.push(content.trim().to_string());
                rest.push(' ');
                i = j + run;
            }
            None => {
                // No closing run: the backticks are literal text.
                rest.extend(&chars[i..i + run]);
                i += run;
            }
        }
    }
    (spans, rest)
}

/// The link targets of a line: `[text](target)` and a reference definition `[id]: target`.
fn link_targets(line: &str) -> Vec<String> {
    let mut targets = Vec::new();
    let trimmed = line.trim_start();
    if trimmed.starts_with('[') {
        if let Some((label, target)) = trimmed.split_once("]:") {
            if !label.contains(']') {
                targets.push(target.trim().to_string());
                return targets;
            }
        }
    }
    let mut rest = line;
    while let Some(start) = rest.find("](") {
        let after = &rest[start + 2..];
        // The target ends at the parenthesis that closes the link (a target may hold pairs).
        let mut depth = 0usize;
        let mut end = None;
        for (k, c) in after.char_indices() {
            match c {
                '(' => depth += 1,
                ')' if depth == 0 => {
                    end = Some(k);
                    break;
                }
                ')' => depth -= 1,
                _ => {}
            }
        }
        match end {
            Some(k) => {
                targets.push(after[..k].to_string());
                rest = &after[k + 1..];
            }
            None => break,
        }
    }
    targets
}

/// A word of a code block, without the punctuation around it in prose or shell.
fn block_word(word: &str) -> &str {
    word.trim_start_matches(['(', '"', '\'', '`', '['])
        .trim_end_matches([')', '"', '\'', '`', ']', ',', ';', '.', ':'])
}

/// Every repository path `markdown` names; `doc` is the doc's repository-relative path
/// (links are resolved from its folder).
fn named_paths(doc: &str, markdown: &str) -> Vec<Named> {
    let doc_dir = Path::new(doc)
        .parent()
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut named = Vec::new();
    // Inside a fenced block: its fence and info string. In a `tree` block, the folders
    // the current line sits in: (indent, name).
    let mut fence: Option<(String, String)> = None;
    let mut folders: Vec<(usize, String)> = Vec::new();
    for (index, line) in markdown.lines().enumerate() {
        let number = index + 1;
        let trimmed = line.trim_start();
        let marker: String = trimmed
            .chars()
            .take_while(|c| *c == '`' || *c == '~')
            .collect();
        if let Some((open, info)) = &fence {
            if marker.len() >= open.len()
                && marker.chars().all(|c| open.starts_with(c))
                && trimmed[marker.len()..].trim().is_empty()
            {
                fence = None;
                continue;
            }
            if info == "tree" {
                let Some(name) = line.split_whitespace().next() else {
                    continue;
                };
                let indent = line.len() - trimmed.len();
                while folders.last().is_some_and(|(i, _)| *i >= indent) {
                    folders.pop();
                }
                let mut path: String = folders.iter().map(|(_, n)| n.as_str()).collect();
                path.push_str(name);
                if name.ends_with('/') {
                    folders.push((indent, name.to_string()));
                }
                if !path.contains(PATTERN) {
                    let path = path.trim_end_matches('/').to_string();
                    named.push(Named { path, line: number });
                }
            } else {
                for word in line.split_whitespace() {
                    if let Some(path) = repo_path(block_word(word)) {
                        named.push(Named { path, line: number });
                    }
                }
            }
            continue;
        }
        if marker.len() >= 3 && marker.chars().all(|c| marker.starts_with(c)) {
            let info = trimmed[marker.len()..].trim().to_string();
            fence = Some((marker, info));
            folders.clear();
            continue;
        }
        let (spans, prose) = code_spans(line);
        for span in spans {
            if let Some(path) = repo_path(&span) {
                named.push(Named { path, line: number });
            }
        }
        for target in link_targets(&prose) {
            if let Some(path) = link_path(&target, &doc_dir) {
                named.push(Named { path, line: number });
            }
        }
    }
    named
}

/// The paths `markdown` (the doc at `doc`) names that do not exist under `root`.
fn missing_paths(root: &Path, doc: &str, markdown: &str) -> Vec<Named> {
    named_paths(doc, markdown)
        .into_iter()
        .filter(|n| !root.join(&n.path).exists())
        .collect()
}

/// README.md and every `.md` under docs/, repository-relative, sorted.
fn docs(root: &Path) -> Vec<String> {
    fn walk(root: &Path, dir: &Path, found: &mut Vec<String>) {
        let entries =
            std::fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()));
        for entry in entries {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                walk(root, &path, found);
            } else if path.extension().is_some_and(|x| x == "md") {
                let relative = path.strip_prefix(root).expect("under the root");
                found.push(relative.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    let mut found = vec!["README.md".to_string()];
    walk(root, &root.join("docs"), &mut found);
    found[1..].sort();
    found
}

fn read(root: &Path, doc: &str) -> String {
    std::fs::read_to_string(root.join(doc)).unwrap_or_else(|e| panic!("cannot read {doc}: {e}"))
}

#[test]
fn every_path_the_docs_name_exists() {
    let root = repo_root();
    let docs = docs(&root);
    assert!(
        docs.len() > 1,
        "docs/ holds no .md file; found only {docs:?}"
    );
    let mut checked = 0;
    let mut missing = Vec::new();
    for doc in &docs {
        let text = read(&root, doc);
        checked += named_paths(doc, &text).len();
        for n in missing_paths(&root, doc, &text) {
            missing.push(format!("{doc}:{}: {}", n.line, n.path));
        }
    }
    assert!(
        checked > 0,
        "no path found in {docs:?}: is the scanner reading them?"
    );
    assert!(
        missing.is_empty(),
        "{} path(s) named in the docs do not exist:\n  {}",
        missing.len(),
        missing.join("\n  ")
    );
}

#[test]
fn the_readme_is_a_map() {
    let lines = read(&repo_root(), "README.md").lines().count();
    assert!(
        lines <= README_MAX_LINES,
        "README.md has {lines} lines; at most {README_MAX_LINES}: move the detail to docs/"
    );
}

#[test]
fn the_scanner_reports_exactly_the_missing_path() {
    let sample = "The table is `src/pages/mod.rs`; the manual is `src/pages/no_such_manual.rs`.\n";
    let missing: Vec<String> = missing_paths(&repo_root(), "docs/sample.md", sample)
        .into_iter()
        .map(|n| n.path)
        .collect();
    assert_eq!(missing, ["src/pages/no_such_manual.rs"]);
}

#[test]
fn the_scanner_reads_links_blocks_and_trees_and_skips_patterns() {
    let sample = "\
# A sample

See [the table](../src/pages/mod.rs#L1), [gone](../src/gone.rs) and [a page](https://example.com/src/x.rs),
[an anchor](#a-sample), `./scripts/run.sh`, `src/mount.rs:42`, `style/` and `Trunk.toml`.
Patterns are skipped: `src/bin/<widget>.rs`, `crates/*/tests`, `e2e/{a,b}.ts`, `$HOME/src/`,
`scripts/test.sh quick`; so is a link inside code: `[x](src/nowhere.rs)`.
[ref]: ../docs/nowhere.md

```sh
npx playwright test e2e/cards.spec.ts e2e/gone.spec.ts   # after ./scripts/test.sh
```

```tree
src/
  pages/
    mod.rs        the table
    gone.rs       missing
  bin/<widget>.rs patterns are skipped
  mount.rs
Cargo.toml
```
";
    let named: Vec<String> = named_paths("docs/sample.md", sample)
        .into_iter()
        .map(|n| n.path)
        .collect();
    assert_eq!(
        named,
        [
            "src/pages/mod.rs",
            "src/gone.rs",
            "scripts/run.sh",
            "src/mount.rs",
            "style",
            "Trunk.toml",
            "docs/nowhere.md",
            "e2e/cards.spec.ts",
            "e2e/gone.spec.ts",
            "scripts/test.sh",
            "src",
            "src/pages",
            "src/pages/mod.rs",
            "src/pages/gone.rs",
            "src/mount.rs",
            "Cargo.toml",
        ]
    );
    let missing: Vec<(String, usize)> = missing_paths(&repo_root(), "docs/sample.md", sample)
        .into_iter()
        .map(|n| (n.path, n.line))
        .collect();
    assert_eq!(
        missing,
        [
            ("src/gone.rs".to_string(), 3),
            ("docs/nowhere.md".to_string(), 7),
            ("e2e/gone.spec.ts".to_string(), 10),
            ("src/pages/gone.rs".to_string(), 17),
        ]
    );
}
