//! Reading documents (JSON, TOML) into typed values with stable error codes and field paths.

use crate::error::{Error, Result};
use crate::validate::{Code, Violation};
use serde::de::DeserializeOwned;

/// Largest document accepted, in bytes of its JSON text (10 MiB). A document given as a value
/// (a [`Value`] from Rust, a `dict` from Python, an object from JavaScript) is measured as the
/// compact JSON text it would be.
pub const MAX_DOCUMENT_BYTES: usize = 10 * 1024 * 1024;

/// Deepest nesting of arrays and objects in a document (the document itself is level 1). Kim's
/// own documents need about 40 (a forwarding chain at its limit of
/// [`MAX_CHAIN_DEPTH`](crate::forwarding::MAX_CHAIN_DEPTH)); deeper input is refused with
/// `KIM-P015` before anything recursive reads it.
pub const MAX_DEPTH: usize = 100;

fn too_large(len: usize) -> Error {
    too_large_at("", len).into()
}

fn too_large_at(path: &str, len: usize) -> Violation {
    Violation::new(Code::P015, path)
        .with("size", len.to_string())
        .with("max", MAX_DOCUMENT_BYTES.to_string())
        .with("unit", "bytes")
}

/// The `KIM-P015` of an array or object nested deeper than [`MAX_DEPTH`], at `path` (for the
/// faces' converters, which meet the nesting first).
///
/// ```
/// let v = kim_core::doc::too_deep("funded[0]");
/// assert_eq!((v.code.as_str(), v.params["max"].as_str()), ("KIM-P015", "100"));
/// ```
pub fn too_deep(path: &str) -> Violation {
    Violation::new(Code::P015, path)
        .with("size", MAX_DEPTH.saturating_add(1).to_string())
        .with("max", MAX_DEPTH.to_string())
        .with("unit", "levels")
}

/// Checks a document value against [`MAX_DEPTH`] and [`MAX_DOCUMENT_BYTES`] (as compact JSON
/// text): the first problem as `KIM-P015` with its path — the too deep array or object, or the
/// value at which the document grows beyond the limit (as the JavaScript face's converter
/// reports it). Every reader of values calls it first, so that no recursive reader meets deeper
/// input.
///
/// ```
/// use kim_core::doc::{check_limits, MAX_DEPTH, MAX_DOCUMENT_BYTES};
/// use serde_json::{json, Value};
///
/// assert!(check_limits(&json!({"a": [1, "x"]})).is_ok());
/// let mut deep = Value::Null;
/// for _ in 0..=MAX_DEPTH {
///     deep = json!({ "a": deep });
/// }
/// let e = check_limits(&deep).unwrap_err();
/// assert_eq!(e.violations()[0].code.as_str(), "KIM-P015");
/// assert_eq!(e.violations()[0].path.matches('a').count(), MAX_DEPTH);
/// let big = json!({ "names": ["K", "x".repeat(MAX_DOCUMENT_BYTES)] });
/// let e = check_limits(&big).unwrap_err();
/// assert_eq!(e.violations()[0].path, "names[1]");
/// assert_eq!(e.violations()[0].params["unit"], "bytes");
/// ```
pub fn check_limits(value: &Value) -> Result<()> {
    let mut size = 0usize;
    limits(value, &Path::Root, 0, &mut size).map_err(Error::one)
}

/// Adds the JSON length of `value` to `size` and checks depth and size on the way.
fn limits(
    value: &Value,
    path: &Path<'_>,
    depth: usize,
    size: &mut usize,
) -> std::result::Result<(), Violation> {
    let mut add = |n: usize| {
        *size = size.saturating_add(n);
        if *size > MAX_DOCUMENT_BYTES {
            Err(too_large_at(&path.render(), *size))
        } else {
            Ok(())
        }
    };
    match value {
        Value::Null => add(4),
        Value::Bool(b) => add(if *b { 4 } else { 5 }),
        Value::Number(n) => add(n.to_string().len()),
        Value::String(s) => add(json_string_len(s)),
        Value::Array(items) => {
            if depth >= MAX_DEPTH {
                return Err(too_deep(&path.render()));
            }
            add(items.len().saturating_add(1).max(2))?;
            for (i, item) in items.iter().enumerate() {
                limits(item, &Path::Index(path, i), depth.saturating_add(1), size)?;
            }
            Ok(())
        }
        Value::Object(fields) => {
            if depth >= MAX_DEPTH {
                return Err(too_deep(&path.render()));
            }
            add(fields.len().saturating_mul(2).saturating_add(1).max(2))?;
            for (key, item) in fields {
                let at = Path::Key(path, key);
                *size = size.saturating_add(json_string_len(key));
                if *size > MAX_DOCUMENT_BYTES {
                    return Err(too_large_at(&at.render(), *size));
                }
                limits(item, &at, depth.saturating_add(1), size)?;
            }
            Ok(())
        }
    }
}

/// Bytes of a string in JSON text, with its quotes and escapes: `"` `\\` and the five short
/// control escapes take 2 bytes, other control characters 6 (`\u001f`). Counted without
/// branches, so that the loop runs over whole vectors of bytes (it ran on every string of
/// every document read; byte by byte it was a tenth of reading a batch of events).
fn json_string_len(s: &str) -> usize {
    let extra = s.bytes().fold(0usize, |n, b| {
        let quote = usize::from(b == b'"' || b == b'\\');
        let control = usize::from(b < 0x20);
        let short = usize::from(matches!(b, 0x08 | b'\t' | b'\n' | 0x0c | b'\r'));
        // short ⇒ control, so 5·control − 4·short is 0, 1 or 5
        n.wrapping_add(quote)
            .wrapping_add(control.wrapping_mul(5))
            .wrapping_sub(short.wrapping_mul(4))
    });
    s.len().saturating_add(2).saturating_add(extra)
}

/// Turns a serde error message and path into a violation with a stable code.
pub(crate) fn classify(path: &str, msg: &str, syntax: bool) -> Violation {
    let path = if path == "." || path == "?" { "" } else { path };
    // Coded errors from kim's own deserializers: "KIM-P007: detail"
    if let Some((code, detail)) = msg.split_once(": ")
        && let Ok(code) = code.parse::<Code>()
    {
        // KIM-P005 carries the bound it breaks (money::coded_out_of_range)
        let (detail, max) = match detail.split_once(crate::money::MAX_MARK) {
            Some((text, max)) => (text, Some(max)),
            None => (detail, None),
        };
        let v = Violation::new(code, path)
            .with("detail", detail)
            .with("text", detail)
            .with("field", detail)
            .with("expected", "");
        return match code {
            Code::P005 => v.with(
                "max",
                max.map_or_else(|| rust_decimal::Decimal::MAX.to_string(), str::to_owned),
            ),
            // nested deeper than MAX_DEPTH (the detail is the level reached)
            Code::P015 => v
                .with("size", detail)
                .with("max", MAX_DEPTH.to_string())
                .with("unit", "levels"),
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

pub use reader::Path;
use reader::{ReadError, ValueSeed};
use serde::de::DeserializeSeed;
use serde_json::Value;
use std::cell::RefCell;

/// Parses JSON text into `T`, reporting the first problem with code and path.
///
/// ```
/// let post: kim_core::FundedPost = kim_core::doc::from_json(r#"{"kind": "coordination", "fte": "1"}"#).unwrap();
/// assert_eq!(post.fte.to_string(), "1");
/// let e = kim_core::doc::from_json::<kim_core::FundedPost>(r#"{"kind": "coordination", "ftee": "1"}"#).unwrap_err();
/// assert_eq!((e.code().as_str(), e.path()), ("KIM-P008", "ftee"));
/// ```
pub fn from_json<T: DeserializeOwned>(text: &str) -> Result<T> {
    // the text reader has kept both limits already (the text's length, the nesting as it went)
    read_doc(&json_value(text)?, false)
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
///
/// ```
/// let v = serde_json::json!({"kind": "case_manager", "fte": 2});
/// assert_eq!(kim_core::doc::from_value::<kim_core::FundedPost>(v).unwrap().fte.to_string(), "2");
/// ```
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
#[inline]
pub fn read<T: DeserializeOwned>(value: &Value) -> Result<T> {
    read_doc(value, true)
}

/// [`read`], with [`check_limits`] first or not (a value from JSON text is within them); one
/// copy per type whichever way it is called.
fn read_doc<T: DeserializeOwned>(value: &Value, check: bool) -> Result<T> {
    if check {
        check_limits(value)?;
    }
    reader::read(value).map_err(read_error)
}

/// A reading error as kim's error (one copy for every type read).
#[inline(never)]
fn read_error(e: ReadError) -> Error {
    Error::one(classify(e.path.as_deref().unwrap_or(""), &e.msg, false))
}

/// Parses TOML text into `T`, reporting the first problem with code and path.
///
/// ```
/// let post: kim_core::FundedPost = kim_core::doc::from_toml("kind = \"case_manager\"\nfte = \"1.5\"").unwrap();
/// assert_eq!(post.fte.to_string(), "1.5");
/// ```
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn nested(levels: usize) -> Value {
        (1..levels).fold(json!([]), |v, _| json!([v]))
    }

    fn code_and_path(r: Result<()>) -> (String, String) {
        let v = r.unwrap_err().violations().remove(0);
        (v.code.as_str().to_owned(), v.path)
    }

    #[test]
    fn depth_at_and_beyond_the_limit() {
        assert!(check_limits(&nested(MAX_DEPTH)).is_ok());
        let (code, path) = code_and_path(check_limits(&nested(MAX_DEPTH + 1)));
        assert_eq!((code.as_str(), path), ("KIM-P015", "[0]".repeat(MAX_DEPTH)));
        // JSON text: the same limit, before serde_json's own recursion limit (128)
        let text = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
        assert!(json_value(&text(MAX_DEPTH)).is_ok());
        let e = json_value(&text(MAX_DEPTH + 1))
            .unwrap_err()
            .violations()
            .remove(0);
        assert_eq!(
            (e.code.as_str(), e.path.as_str()),
            ("KIM-P015", "[0]".repeat(MAX_DEPTH).as_str())
        );
        assert_eq!(e.params["max"], MAX_DEPTH.to_string());
        let e = json_value(&text(100_000))
            .unwrap_err()
            .violations()
            .remove(0);
        assert_eq!(e.code.as_str(), "KIM-P015");
    }

    proptest::proptest! {
        #[test]
        fn string_length_is_that_of_the_json_text(s in "(?s).{0,40}") {
            proptest::prop_assert_eq!(json_string_len(&s), serde_json::to_string(&s).unwrap().len());
        }
    }

    #[test]
    fn size_at_and_beyond_the_limit() {
        // a string of n bytes is n + 2 in JSON
        let doc = |n: usize| Value::String("x".repeat(n));
        assert!(check_limits(&doc(MAX_DOCUMENT_BYTES - 2)).is_ok());
        let (code, path) = code_and_path(check_limits(&doc(MAX_DOCUMENT_BYTES - 1)));
        assert_eq!((code.as_str(), path.as_str()), ("KIM-P015", ""));
        // escapes count as JSON writes them
        assert_eq!(json_string_len("a\"\\\n\u{1}ü"), 2 + 1 + 2 + 2 + 2 + 6 + 2);
        // the measured size is the compact JSON text
        let v = json!({"a": [1, true, null, "x"], "b": {}});
        assert_eq!(
            {
                let mut n = 0;
                limits(&v, &Path::Root, 0, &mut n).unwrap();
                n
            },
            serde_json::to_string(&v).unwrap().len()
        );
        // every reader of values checks first
        let e = read::<Value>(&json!({"k": "x".repeat(MAX_DOCUMENT_BYTES)})).unwrap_err();
        assert_eq!(e.violations()[0].path, "k");
    }
}
