//! The binding layer under Node (wasm-bindgen-test): how JS values are read (numbers, undefined,
//! functions, hostile objects), the shape of KimError, and validatePlan's promise never to throw
//! for bad content. Run with
//! `CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner cargo test --target wasm32-unknown-unknown -p kim-wasm`.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Function, JSON, Reflect};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

fn js(text: &str) -> JsValue {
    JSON::parse(text).unwrap()
}

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(key)).unwrap()
}

fn set(v: &JsValue, key: &str, value: &JsValue) {
    Reflect::set(v, &JsValue::from_str(key), value).unwrap();
}

fn text(v: &JsValue, key: &str) -> String {
    get(v, key).as_string().unwrap_or_default()
}

/// Code and path of a thrown KimError.
fn code_path(e: &JsValue) -> (String, String) {
    (text(e, "code"), text(e, "path"))
}

fn grant_doc() -> JsValue {
    js(r#"{"posts": [{"kind": "case_manager", "fte": "1"}], "options": {"year": 2023}}"#)
}

/// The grant document with `posts[0].fte` set to `fte`.
fn grant_with_fte(fte: &JsValue) -> JsValue {
    let doc = grant_doc();
    let post = Reflect::get(&get(&doc, "posts"), &JsValue::from(0)).unwrap();
    set(&post, "fte", fte);
    doc
}

fn grant_error(doc: &JsValue) -> (String, String) {
    code_path(&kim_wasm::grant(doc.clone()).unwrap_err())
}

fn eval(code: &str) -> JsValue {
    Function::new_no_args(code).call0(&JsValue::NULL).unwrap()
}

#[wasm_bindgen_test]
fn safe_integers_are_decimals() {
    let g = kim_wasm::grant(grant_with_fte(&JsValue::from(2))).unwrap();
    assert_eq!(text(&g, "total"), "114000.00");
    // -0 is the integer 0
    let g = kim_wasm::grant(grant_with_fte(&JsValue::from(-0.0))).unwrap();
    assert_eq!(text(&g, "total"), "0.00");
}

#[wasm_bindgen_test]
fn floats_are_p004_with_path() {
    for f in [0.1, 1.5, f64::NAN, f64::INFINITY, f64::NEG_INFINITY, 1e-7] {
        let doc = grant_with_fte(&JsValue::from(f));
        assert_eq!(
            grant_error(&doc),
            ("KIM-P004".to_owned(), "posts[0].fte".to_owned()),
            "{f}"
        );
    }
    let e = kim_wasm::grant(grant_with_fte(&JsValue::from(0.1))).unwrap_err();
    let v = Reflect::get(&get(&e, "violations"), &JsValue::from(0)).unwrap();
    assert_eq!(text(&get(&v, "params"), "text"), "0.1");
    let e = kim_wasm::grant(grant_with_fte(&JsValue::from(f64::INFINITY))).unwrap_err();
    let v = Reflect::get(&get(&e, "violations"), &JsValue::from(0)).unwrap();
    assert_eq!(text(&get(&v, "params"), "text"), "Infinity");
}

#[wasm_bindgen_test]
fn unsafe_integers_are_p005() {
    for f in [9_007_199_254_740_992.0, 1e21, -1e300] {
        let doc = grant_with_fte(&JsValue::from(f));
        assert_eq!(
            grant_error(&doc),
            ("KIM-P005".to_owned(), "posts[0].fte".to_owned()),
            "{f}"
        );
    }
    let e = kim_wasm::grant(grant_with_fte(&JsValue::from(1e21))).unwrap_err();
    let v = Reflect::get(&get(&e, "violations"), &JsValue::from(0)).unwrap();
    assert_eq!(text(&get(&v, "params"), "text"), "1e+21");
    // the largest safe integer is read (and refused by the rule, not by the converter)
    let doc = grant_with_fte(&JsValue::from(9_007_199_254_740_991.0));
    assert_eq!(grant_error(&doc).0, "KIM-V014");
}

#[wasm_bindgen_test]
fn undefined_property_is_absent() {
    let doc = grant_doc();
    set(&doc, "overrides", &JsValue::UNDEFINED);
    assert!(kim_wasm::grant(doc).is_ok());
}

#[wasm_bindgen_test]
fn undefined_and_holes_in_arrays_are_refused() {
    let doc = grant_doc();
    let posts = get(&doc, "posts");
    Reflect::set(
        &posts,
        &JsValue::from(2),
        &js(r#"{"kind": "case_manager", "fte": "1"}"#),
    )
    .unwrap(); // posts[1] is a hole
    assert_eq!(
        grant_error(&doc),
        ("KIM-P010".to_owned(), "posts[1]".to_owned())
    );
}

#[wasm_bindgen_test]
fn functions_symbols_bigints_are_refused_with_path() {
    let values = [
        eval("return function f() {}"),
        eval("return Symbol('x')"),
        eval("return 12n"),
        eval("return new Date(0)"),
        eval("return new Map()"),
        eval("return new (class Point { constructor() { this.x = 1 } })()"),
        eval("return new Number(1)"),
    ];
    for v in values {
        assert_eq!(
            grant_error(&grant_with_fte(&v)),
            ("KIM-P010".to_owned(), "posts[0].fte".to_owned())
        );
    }
}

#[wasm_bindgen_test]
fn null_prototype_and_proto_keys_are_plain_keys() {
    // an own "__proto__" key is an ordinary (here: unknown) field, never a prototype
    let doc = js(
        r#"{"posts": [{"kind": "case_manager", "fte": "1", "__proto__": {"x": 1}}], "options": {"year": 2023}}"#,
    );
    assert_eq!(
        grant_error(&doc),
        ("KIM-P008".to_owned(), "posts[0].__proto__".to_owned())
    );
    assert!(get(&eval("return {}"), "x").is_undefined());
    let bare =
        eval("const o = Object.create(null); o.kind = 'case_manager'; o.fte = '1'; return o;");
    let doc = grant_doc();
    Reflect::set(&get(&doc, "posts"), &JsValue::from(0), &bare).unwrap();
    assert!(kim_wasm::grant(doc).is_ok());
}

#[wasm_bindgen_test]
fn deep_nesting_and_cycles_are_p015() {
    let deep = eval("let v = []; for (let i = 0; i < 10000; i++) v = [v]; return v;");
    let doc = grant_doc();
    set(&doc, "posts", &deep);
    assert_eq!(grant_error(&doc).0, "KIM-P015");
    let cyclic = eval("const o = {}; o.self = o; return o;");
    let (code, path) = code_path(&kim_wasm::grant(cyclic).unwrap_err());
    assert_eq!(code, "KIM-P015");
    assert!(path.starts_with("self.self.self"), "{path}");
}

#[wasm_bindgen_test]
fn huge_strings_and_arrays_are_p015() {
    let big = eval("return 'x'.repeat(11 * 1024 * 1024)");
    assert_eq!(
        grant_error(&grant_with_fte(&big)),
        ("KIM-P015".to_owned(), "posts[0].fte".to_owned())
    );
    let sparse = eval("const a = []; a.length = 4294967295; return a;");
    let doc = grant_doc();
    set(&doc, "posts", &sparse);
    assert_eq!(
        grant_error(&doc),
        ("KIM-P015".to_owned(), "posts".to_owned())
    );
}

#[wasm_bindgen_test]
fn throwing_getters_and_proxies_are_refused_with_path() {
    let getter = eval("return { get fte() { throw new Error('boom') }, kind: 'case_manager' }");
    let doc = grant_doc();
    Reflect::set(&get(&doc, "posts"), &JsValue::from(0), &getter).unwrap();
    assert_eq!(
        grant_error(&doc),
        ("KIM-P010".to_owned(), "posts[0].fte".to_owned())
    );
    let proxy = eval("return new Proxy({}, { ownKeys() { throw new TypeError('no keys') } })");
    let doc = grant_doc();
    set(&doc, "options", &proxy);
    assert_eq!(
        grant_error(&doc),
        ("KIM-P010".to_owned(), "options".to_owned())
    );
}

#[wasm_bindgen_test]
fn kim_error_is_an_error_subclass() {
    let e = kim_wasm::grant(grant_with_fte(&JsValue::from(0.1))).unwrap_err();
    assert!(e.is_instance_of::<js_sys::Error>());
    assert_eq!(text(&e, "name"), "KimError");
    let ctor = get(&e, "constructor");
    assert_eq!(text(&ctor, "name"), "KimError");
    let message = text(&e, "message");
    assert!(
        message.starts_with("KIM-P004 at posts[0].fte: 0.1 is a floating-point number"),
        "{message}"
    );
    let violations: Array = get(&e, "violations").dyn_into().unwrap();
    assert_eq!(violations.length(), 1);
    let v = violations.get(0);
    let keys = Function::new_with_args("v", "return Object.keys(v).sort().join(',')")
        .call1(&JsValue::NULL, &v)
        .unwrap();
    assert_eq!(
        keys.as_string().unwrap(),
        "code,message,messageDe,params,path,severity"
    );
    assert_eq!(text(&v, "severity"), "error");
    assert!(text(&v, "messageDe").contains("Gleitkommazahl"));
}

#[wasm_bindgen_test]
fn validate_plan_reports_content_and_throws_only_for_non_objects() {
    let plan = kim_wasm::example_plan().unwrap();
    let r = kim_wasm::validate_plan(plan.clone(), None).unwrap();
    assert_eq!(get(&r, "ok"), JsValue::TRUE);
    let funded = Reflect::get(&get(&plan, "funded"), &JsValue::from(0)).unwrap();
    set(&funded, "fte", &JsValue::from(0.1));
    let r = kim_wasm::validate_plan(plan.clone(), Some(js(r#"{"lang": "de"}"#))).unwrap();
    assert_eq!(get(&r, "ok"), JsValue::FALSE);
    let v = Reflect::get(&get(&r, "violations"), &JsValue::from(0)).unwrap();
    assert_eq!(text(&v, "code"), "KIM-P004");
    assert_eq!(text(&v, "path"), "funded[0].fte");
    assert_eq!(text(&v, "message"), text(&v, "messageDe"));
    for bad in [
        JsValue::from_str("kim.plan.v1"),
        JsValue::NULL,
        JsValue::UNDEFINED,
        js("[]"),
    ] {
        let e = kim_wasm::validate_plan(bad, None).unwrap_err();
        assert_eq!(code_path(&e), ("KIM-P010".to_owned(), String::new()));
    }
    let e = kim_wasm::validate_plan(plan, Some(js(r#"{"lang": "fr"}"#))).unwrap_err();
    assert_eq!(
        code_path(&e),
        ("KIM-P011".to_owned(), "options.lang".to_owned())
    );
}

#[wasm_bindgen_test]
fn evaluate_plan_options() {
    let plan = kim_wasm::example_plan().unwrap();
    let ev = kim_wasm::evaluate_plan(plan.clone(), Some(js(r#"{"strict": true}"#))).unwrap();
    assert_eq!(text(&get(&ev, "grant"), "total"), "1020000.00");
    let e = kim_wasm::evaluate_plan(
        plan.clone(),
        Some(js(r#"{"strict": true, "mode": "lenient"}"#)),
    )
    .unwrap_err();
    assert_eq!(
        code_path(&e),
        ("KIM-P010".to_owned(), "options.strict".to_owned())
    );
    let e = kim_wasm::evaluate_plan(plan.clone(), Some(js(r#"{"colour": "red"}"#))).unwrap_err();
    assert_eq!(
        code_path(&e),
        ("KIM-P008".to_owned(), "options.colour".to_owned())
    );
    set(&plan, "year", &JsValue::from(0.5));
    let e = kim_wasm::evaluate_plan(plan, Some(js(r#"{"lang": "de"}"#))).unwrap_err();
    assert_eq!(code_path(&e), ("KIM-P004".to_owned(), "year".to_owned()));
    assert!(text(&e, "message").starts_with("KIM-P004 bei year: 0.5 ist eine Gleitkommazahl"));
}

#[wasm_bindgen_test]
fn numbers_parse_and_format() {
    let v = kim_wasm::parse_fte(JsValue::from_str("1,75"), Some(JsValue::from_str("de"))).unwrap();
    assert_eq!(v.as_string().unwrap(), "1.75");
    let v = kim_wasm::parse_euro(
        JsValue::from_str("55.000,00 €"),
        Some(JsValue::from_str("de")),
    )
    .unwrap();
    assert_eq!(v.as_string().unwrap(), "55000.00");
    let e = kim_wasm::parse_fte(JsValue::from_str("1,5"), None).unwrap_err();
    assert_eq!(code_path(&e), ("KIM-P003".to_owned(), "text".to_owned()));
    let e = kim_wasm::parse_fte(JsValue::from(1.5), None).unwrap_err();
    assert_eq!(code_path(&e), ("KIM-P004".to_owned(), "text".to_owned()));
    assert_eq!(
        kim_wasm::format_euro(JsValue::from_str("82500"), None).unwrap(),
        "82.500,00 €"
    );
    assert_eq!(
        kim_wasm::format_euro(JsValue::from(82500), Some(JsValue::from_str("en"))).unwrap(),
        "82,500.00 €"
    );
    assert_eq!(
        kim_wasm::format_fte(JsValue::from_str("1.5"), None).unwrap(),
        "1,5"
    );
    let e = kim_wasm::format_fte(JsValue::from(0.5), None).unwrap_err();
    assert_eq!(code_path(&e), ("KIM-P004".to_owned(), "value".to_owned()));
    let e =
        kim_wasm::format_euro(JsValue::from_str("1"), Some(JsValue::from_str("fr"))).unwrap_err();
    assert_eq!(code_path(&e), ("KIM-P014".to_owned(), "locale".to_owned()));
}

#[wasm_bindgen_test]
fn reference_data_and_replays() {
    let table: Array = kim_wasm::transition_table().unwrap().dyn_into().unwrap();
    assert!(table.length() > 10);
    let vocab = kim_wasm::vocabulary().unwrap();
    assert!(Array::is_array(&get(&vocab, "vocabularies")));
    let doc = kim_wasm::synthetic(Some(js(r#"{"cases": 5, "consultations": 10}"#))).unwrap();
    let replay = kim_wasm::replay_cases(doc.clone()).unwrap();
    assert!(get(&replay, "cases").is_object());
    let e = kim_wasm::replay_case(js("[]"), Some(js(r#"{"suppress": 5}"#))).unwrap_err();
    assert_eq!(
        code_path(&e),
        ("KIM-P008".to_owned(), "config.suppress".to_owned())
    );
    let e = kim_wasm::run_op(JsValue::from_str("fly"), js("{}")).unwrap_err();
    assert_eq!(code_path(&e), ("KIM-P016".to_owned(), "op".to_owned()));
    assert_eq!(kim_wasm::version(), env!("CARGO_PKG_VERSION"));
}

#[wasm_bindgen_test]
fn strings_must_be_well_formed_unicode() {
    let lone = eval("return 'case_manager\\uD800'");
    assert_eq!(
        grant_error(&grant_with_fte(&lone)),
        ("KIM-P010".to_owned(), "posts[0].fte".to_owned())
    );
    // a pair is fine (and an unknown post kind to the core)
    let pair = eval("return 'x\\uD83D\\uDE00'");
    let doc = grant_doc();
    let post = Reflect::get(&get(&doc, "posts"), &JsValue::from(0)).unwrap();
    set(&post, "kind", &pair);
    assert_eq!(
        grant_error(&doc),
        ("KIM-P011".to_owned(), "posts[0].kind".to_owned())
    );
}
