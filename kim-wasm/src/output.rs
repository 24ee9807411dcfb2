//! Results → plain JS values: the core's JSON documents (what `kim … --json` prints: decimals and
//! dates as strings, fields in declaration order, absent optional fields absent), built directly
//! as JS objects by serde-wasm-bindgen's JSON-compatible serializer.
//!
//! Measured against the alternative, JSON text parsed by the engine's `JSON.parse` (one boundary
//! crossing per result), serde-wasm-bindgen was faster for every large result: 0.62 instead of
//! 0.70 ms for `evaluatePlan(example)`, 2.8 instead of 3.6 ms with 50 forwarding rows, 16
//! instead of 19 ms for a synthetic Kreis-year (Node 20; kim-wasm/README.md, "Measurements"):
//! writing JSON in a size-optimised module is slower than handing V8 the values. It costs 10 KB
//! of the gzipped module.
//!
//! Two properties of the JSON route are kept: a 64-bit integer beyond 2⁵³ − 1 is refused (the
//! serializer neither rounds it nor makes it a BigInt; kim results hold no such number and no
//! 128-bit integers, which it would make BigInts), and no
//! key can reach a prototype: the serializer sets properties with `obj[key] = value`, and the
//! only maps in kim's results (`Violation.params`) have keys written by the core, never by the
//! user (`tests/api.test.mjs` checks a result for a `__proto__` key from the input).

use kim_core::Error;
use kim_core::validate::{Code, Violation};
use serde::Serialize;
use wasm_bindgen::JsValue;

/// A result as a plain JS value.
pub fn to_js<T: Serialize + ?Sized>(v: &T) -> Result<JsValue, Error> {
    v.serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| {
            Error::from(
                Violation::new(Code::P005, "")
                    .with("text", e.to_string())
                    .with("max", "9007199254740991"),
            )
        })
}
