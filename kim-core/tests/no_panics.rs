//! No panicking shortcuts in non-test code of the core and the bindings: `unwrap`, `expect`,
//! `panic!`, `unreachable!`, `todo!`, `unimplemented!` (clippy's `deny` at each crate root
//! enforces them together with `indexing_slicing`; this test keeps the lint blocks in place and
//! catches what a lint might be allowed away). Test code (after `#[cfg(test)]`) may use them.

use std::path::{Path, PathBuf};

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/..");

/// The crate roots whose lint block must deny the shortcuts outside tests.
const ROOTS: [&str; 3] = [
    "kim-core/src/lib.rs",
    "kim-py/src/lib.rs",
    "kim-wasm/src/lib.rs",
];

const LINTS: [&str; 7] = [
    "clippy::unwrap_used",
    "clippy::expect_used",
    "clippy::panic",
    "clippy::indexing_slicing",
    "clippy::unreachable",
    "clippy::todo",
    "clippy::unimplemented",
];

const CALLS: [&str; 6] = [
    ".unwrap()",
    ".expect(",
    "panic!(",
    "unreachable!(",
    "todo!(",
    "unimplemented!(",
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn crate_roots_deny_the_shortcuts_outside_tests() {
    for root in ROOTS {
        let text = std::fs::read_to_string(format!("{ROOT}/{root}")).unwrap();
        let block = text
            .split("#![cfg_attr(")
            .find(|b| b.trim_start().starts_with("not(test),"))
            .unwrap_or_else(|| panic!("{root}: no #![cfg_attr(not(test), deny(…))] block"));
        let block = block.split(")]").next().unwrap_or_default();
        for lint in LINTS {
            assert!(
                block.contains(lint),
                "{root}: {lint} is not denied outside tests"
            );
        }
    }
}

#[test]
fn no_panicking_calls_in_non_test_code() {
    let mut files = Vec::new();
    for dir in ["kim-core/src", "kim-py/src", "kim-wasm/src"] {
        rust_files(&Path::new(ROOT).join(dir), &mut files);
    }
    assert!(files.len() > 20, "only {} files", files.len());
    let mut found = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        // test modules come last in every file
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        for (n, line) in code.lines().enumerate() {
            let line = line.split("//").next().unwrap_or_default();
            for call in CALLS {
                if line.contains(call) {
                    found.push(format!("{}:{}: {}", file.display(), n + 1, line.trim()));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "panicking calls outside tests:\n{}",
        found.join("\n")
    );
}
