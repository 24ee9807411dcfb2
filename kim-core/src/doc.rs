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
        let v = Violation::new(code, path)
            .with("detail", detail)
            .with("text", detail)
            .with("field", detail)
            .with("expected", "");
        return match code {
            Code::P005 => v.with("max", crate::money::MAX_EURO.to_string()),
            _ => v,
        };
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
    // serde names the field or value between backticks: "unknown field `ftee`, expected …"
    let field = msg.split('`').nth(1).unwrap_or(msg);
    let expected = msg.split_once(", expected ").map_or("", |(_, e)| e);
    Violation::new(code, path)
        .with("detail", msg.replace('`', "\""))
        .with("field", field)
        .with("expected", expected.replace('`', "\""))
}

mod reader;

use reader::{Path, ReadError, ValueSeed};
use serde::de::DeserializeSeed;
use serde_json::Value;
use std::cell::RefCell;

/// Parses JSON text into `T`, reporting the first problem with code and path.
pub fn from_json<T: DeserializeOwned>(text: &str) -> Result<T> {
    read(&json_value(text)?)
}

/// Parses JSON text into a [`Value`] (a key twice in one object is an error, `KIM-P001`).
///
/// ```
/// use kim_core::doc::json_value;
///
/// assert_eq!(json_value(r#"{"a": [1, "x"]}"#).unwrap()["a"][1], "x");
/// let twice = json_value(r#"{"fte": "1", "fte": "2"}"#).unwrap_err();
/// assert_eq!(twice.violations()[0].code.as_str(), "KIM-P001");
/// assert_eq!(twice.violations()[0].path, "fte");
/// ```
pub fn json_value(text: &str) -> Result<Value> {
    if text.len() > MAX_DOCUMENT_BYTES {
        return Err(too_large(text.len()));
    }
    let failed = RefCell::new(None);
    let mut de = serde_json::Deserializer::from_str(text);
    let seed = ValueSeed {
        path: &Path::Root,
        failed: &failed,
    };
    seed.deserialize(&mut de)
        .and_then(|v| de.end().map(|()| v))
        .map_err(|e| {
            let syntax = matches!(
                e.classify(),
                serde_json::error::Category::Syntax | serde_json::error::Category::Eof
            );
            let mut msg = e.to_string();
            if let Some(i) = msg.rfind(" at line ")
                && !syntax
            {
                msg.truncate(i);
            }
            let path = failed.borrow().clone().unwrap_or_default();
            Error::one(classify(&path, &msg, syntax))
        })
}

/// Converts a JSON value into `T`, reporting the first problem with code and path.
pub fn from_value<T: DeserializeOwned>(value: serde_json::Value) -> Result<T> {
    read(&value)
}

/// Reads `T` from a borrowed value (see [`from_value`]): strictly (a struct only from an
/// object), the first problem with its code and path.
///
/// ```
/// use kim_core::doc::read;
/// use kim_core::FundedPost;
/// use serde_json::json;
///
/// let post: FundedPost = read(&json!({"kind": "case_manager", "fte": "1.5"})).unwrap();
/// assert_eq!(post.fte.to_string(), "1.5");
/// let e = read::<Vec<FundedPost>>(&json!([{"kind": "case_manager", "fte": 1.5}])).unwrap_err();
/// assert_eq!((e.violations()[0].code.as_str(), e.violations()[0].path.as_str()), ("KIM-P004", "[0].fte"));
/// let e = read::<FundedPost>(&json!(["case_manager", "1.5"])).unwrap_err();
/// assert_eq!(e.violations()[0].code.as_str(), "KIM-P010");
/// ```
pub fn read<T: DeserializeOwned>(value: &Value) -> Result<T> {
    reader::read(value).map_err(|e: ReadError| {
        Error::one(classify(e.path.as_deref().unwrap_or(""), &e.msg, false))
    })
}

/// Parses TOML text into `T`, reporting the first problem with code and path.
pub fn from_toml<T: DeserializeOwned>(text: &str) -> Result<T> {
    if text.len() > MAX_DOCUMENT_BYTES {
        return Err(too_large(text.len()));
    }
    let de = toml::de::Deserializer::parse(text)
        .map_err(|e| Error::one(classify("", e.message(), true)))?;
    let failed = RefCell::new(None);
    let seed = ValueSeed {
        path: &Path::Root,
        failed: &failed,
    };
    let value = seed.deserialize(de).map_err(|e| {
        let path = failed.borrow().clone().unwrap_or_default();
        Error::one(classify(&path, e.message(), false))
    })?;
    read(&value)
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
