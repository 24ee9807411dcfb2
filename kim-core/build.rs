//! Converts the embedded parameter table (`data/params.toml`, the source of truth that people
//! edit and review) into JSON at build time, so that `Params::default()` reads it with the same
//! JSON reader as every other document: binaries that never call `Params::from_toml` (the
//! WebAssembly module) carry no TOML parser.

use std::path::PathBuf;

fn main() {
    let src = "data/params.toml";
    println!("cargo:rerun-if-changed={src}");
    let text = std::fs::read_to_string(src).expect("data/params.toml is readable");
    let value: toml::Value = toml::from_str(&text).expect("data/params.toml is valid TOML");
    let json = serde_json::to_string(&value).expect("the table converts to JSON");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("params.json"), json).expect("OUT_DIR is writable");
}
