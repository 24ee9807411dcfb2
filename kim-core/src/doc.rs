//! Reading documents (JSON, TOML) into typed values with stable error codes and field paths.

use crate::error::{Error, Result};
use crate::validate::{Code, Violation};
use serde::de::DeserializeOwned;

/// Largest document accepted, in bytes (10 MiB).
pub const MAX_DOCUMENT_BYTES: usize = 10 * 1024 * 1024;

fn too_large(len: usize) -> Error {
    Violation::new(Code::P015, "")
        .with("size", len.to_string())
        .with("max", MAX_DOCUMENT_BYTES.to_string())
        .with("unit", "bytes")
        .into()
}

/// Turns a serde error message and path into a violation with a stable code.
pub(crate) fn classify(path: &str, msg: &str, syntax: bool) -> Violation {
    let path = if path == "." || path == "?" { "" } else { path };
    // Coded errors from kim's own deserializers: "KIM-P007: detail"
    if let Some((code, detail)) = msg.split_once(": ")
        && let Ok(code) = code.parse::<Code>()
    {
        return Violation::new(code, path)
            .with("detail", detail)
            .with("text", detail);
    }
    let code = if syntax {
        Code::P001
    } else if msg.starts_with("unknown field") {
        Code::P008
    } else if msg.starts_with("missing field") {
        Code::P009
    } else if msg.starts_with("unknown variant") {
        Code::P011
    } else if msg.starts_with("invalid type")
        || msg.starts_with("invalid value")
        || msg.starts_with("invalid length")
    {
        Code::P010
    } else {
        Code::P001
    };
    // serde_json appends " at line L column C"; keep the message, it is useful.
    Violation::new(code, path).with("detail", msg.replace('`', "\""))
}

/// Parses JSON text into `T`, reporting the first problem with code and path.
pub fn from_json<T: DeserializeOwned>(text: &str) -> Result<T> {
    if text.len() > MAX_DOCUMENT_BYTES {
        return Err(too_large(text.len()));
    }
    let mut de = serde_json::Deserializer::from_str(text);
    let value: T = serde_path_to_error::deserialize(&mut de).map_err(json_error)?;
    de.end()
        .map_err(|e| Error::one(classify("", &e.to_string(), true)))?;
    Ok(value)
}

/// Converts a JSON value into `T`, reporting the first problem with code and path.
pub fn from_value<T: DeserializeOwned>(value: serde_json::Value) -> Result<T> {
    serde_path_to_error::deserialize(value).map_err(json_error)
}

fn json_error(e: serde_path_to_error::Error<serde_json::Error>) -> Error {
    let path = e.path().to_string();
    let inner = e.inner();
    let syntax = matches!(
        inner.classify(),
        serde_json::error::Category::Syntax | serde_json::error::Category::Eof
    );
    let mut msg = inner.to_string();
    if let Some(i) = msg.rfind(" at line ")
        && !syntax
    {
        msg.truncate(i);
    }
    Error::one(classify(&path, &msg, syntax))
}

/// Parses TOML text into `T`, reporting the first problem with code and path.
pub fn from_toml<T: DeserializeOwned>(text: &str) -> Result<T> {
    if text.len() > MAX_DOCUMENT_BYTES {
        return Err(too_large(text.len()));
    }
    let de = toml::de::Deserializer::parse(text)
        .map_err(|e| Error::one(classify("", e.message(), true)))?;
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        Error::one(classify(&path, e.inner().message(), false))
    })
}

/// Checks a `schema_version` field.
pub(crate) fn check_schema(found: &str, expected: &str) -> Result<()> {
    if found == expected {
        Ok(())
    } else {
        Err(Violation::new(Code::P012, "schema_version")
            .with("found", found.chars().take(40).collect::<String>())
            .with("expected", expected)
            .into())
    }
}
