//! JS values → kim's document model (`serde_json::Value`), strictly.
//!
//! The converter walks the value itself instead of going through `JSON.stringify`, so that every
//! value that JSON would silently change is refused with a stable code and the field path in
//! kim's syntax (`forwardings[0].fte`). The walk runs on the JS side of the binding
//! (`toJson` in `js/kim.js`), in one call that hands back JSON text (read here by serde_json) or
//! the first offending value with its path; this module assigns the codes. Walking from Rust
//! with one `js_sys` call per value was measured at 0.5 ms for a 20 KB plan (a 50-row form),
//! against 0.1 ms for the walk in JS and one crossing (kim-wasm/README.md, "Measurements").
//!
//! | JS value | becomes |
//! |---|---|
//! | string, boolean, `null` | the same |
//! | number with `Number.isSafeInteger` (also `-0`, read as `0`) | a JSON integer |
//! | any other finite or non-finite non-integer (`0.1`, `NaN`, `Infinity`) | `KIM-P004` |
//! | an integer beyond ±(2⁵³ − 1) (`2**53`, `1e21`) | `KIM-P005` |
//! | array | an array; a hole or `undefined` element is `KIM-P010` |
//! | plain object (prototype `Object.prototype` of any realm, or `null`) | an object of its own enumerable string keys; a key whose value is `undefined` is left out; `__proto__` is an ordinary key |
//! | function, symbol, BigInt, `undefined` (as a value), Date, Map, class instance, … | `KIM-P010` |
//! | arrays and objects nested more than [`MAX_DEPTH`] deep (also a cycle), or more than `MAX_DOCUMENT_BYTES` of JSON | `KIM-P015` |
//! | a string with a lone surrogate (not well-formed Unicode) | `KIM-P010` |
//!
//! Getters and Proxy traps run while the value is read; when one throws, the value is refused
//! (`KIM-P010`) with the path where it happened. `toJSON` methods are not called.

use kim_core::Error;
use kim_core::validate::join_path as join;
use kim_core::validate::{Code, Violation};
use serde_json::Value;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/kim.js")]
extern "C" {
    #[wasm_bindgen(catch, js_name = toJson)]
    fn to_json(v: &JsValue, max_depth: f64, max_bytes: f64) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = isPlainObject)]
    fn is_plain(v: &JsValue) -> bool;
    #[wasm_bindgen(js_name = describe)]
    fn describe(v: &JsValue) -> String;
    #[wasm_bindgen(js_name = arrayItems)]
    fn array_items(v: &JsValue, max_items: f64) -> JsValue;
}

/// Most elements of a batch argument (each element is a document of its own).
pub const MAX_BATCH_ITEMS: usize = 1_000_000;

/// The elements of a batch argument (an array), read on the JS side: not an array, an element
/// that throws when read, or more than [`MAX_BATCH_ITEMS`] elements are refused at `path`.
pub fn batch_elements(v: &JsValue, path: &str) -> Result<Vec<JsValue>, Error> {
    let out = array_items(v, MAX_BATCH_ITEMS as f64);
    if js_sys::Array::is_array(&out) {
        return Ok(js_sys::Array::from(&out).iter().collect());
    }
    let refused = if out.is_null() {
        Violation::new(Code::P010, path).with("detail", "a batch is an array")
    } else if let Some(size) = field(&out, "size").as_string() {
        Violation::new(Code::P015, path)
            .with("size", size)
            .with("max", MAX_BATCH_ITEMS.to_string())
            .with("unit", "items")
    } else {
        let text = field(&out, "threw").as_string().unwrap_or_default();
        Violation::new(Code::P010, path).with(
            "detail",
            format!("reading the value threw ({text}); it is not part of a kim document"),
        )
    };
    Err(refused.into())
}

/// Deepest nesting of arrays and objects accepted (the core's limit); a cycle ends here too.
pub const MAX_DEPTH: usize = kim_core::doc::MAX_DEPTH;

/// Largest document, in bytes of its JSON text (the core's limit for JSON text).
const MAX_BYTES: usize = kim_core::doc::MAX_DOCUMENT_BYTES;

/// Is the value `undefined` or `null` (an optional argument not given)?
pub fn is_absent(v: &JsValue) -> bool {
    v.is_undefined() || v.is_null()
}

/// Is the value a plain object (what a document is)?
pub fn is_plain_object(v: &JsValue) -> bool {
    is_plain(v)
}

/// A short description of a JS value for messages (`a Date`, `a function`, `a String`).
pub fn describe_value(v: &JsValue) -> String {
    describe(v)
}

fn field(v: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(v, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// Converts a JS value to a document; `path` is the prefix of every reported path.
pub fn to_value(v: &JsValue, path: &str) -> Result<Value, Error> {
    let text = to_text(v, path)?;
    serde_json::from_str(&text)
        .map_err(|e| Error::from(Violation::new(Code::P001, path).with("detail", e.to_string())))
}

/// Converts a JS value to a document as JSON text (for the core's JSON readers, which skip
/// building a `Value`: `Plan::from_json`, `CasesDocument::from_json`).
pub fn to_text(v: &JsValue, path: &str) -> Result<String, Error> {
    let out = to_json(v, MAX_DEPTH as f64, MAX_BYTES as f64).map_err(|_| {
        Error::from(Violation::new(Code::P010, path).with("detail", "the value cannot be read"))
    })?;
    if let Some(text) = out.as_string() {
        return Ok(text);
    }
    let kind = field(&out, "kind").as_string().unwrap_or_default();
    let at = join(path, &field(&out, "path").as_string().unwrap_or_default());
    let text = field(&out, "text").as_string().unwrap_or_default();
    let size = field(&out, "size").as_string().unwrap_or_default();
    let v = match kind.as_str() {
        "float" => Violation::new(Code::P004, at).with("text", text),
        "unsafe" => Violation::new(Code::P005, at)
            .with("text", text)
            .with("max", "9007199254740991"),
        "depth" => kim_core::doc::too_deep(&at),
        "size" => Violation::new(Code::P015, at)
            .with("size", size.as_str())
            .with("max", MAX_BYTES.to_string())
            .with("unit", "bytes"),
        "threw" => Violation::new(Code::P010, at).with(
            "detail",
            format!("reading the value threw ({text}); it is not part of a kim document"),
        ),
        _ => Violation::new(Code::P010, at).with(
            "detail",
            format!(
                "{text} is not part of a kim document (use strings, safe integers, booleans, null, arrays and plain objects)"
            ),
        ),
    };
    Err(v.into())
}
