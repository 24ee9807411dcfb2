//! The JSON Schema files in `docs/schema/` are generated from the Rust types
//! (`kim_core::schema::documents`, feature `schema`) and must be fresh: this test compares them
//! and fails on a difference. `KIM_SCHEMA_WRITE=1 cargo test -p kim-core --features schema
//! --test schema` (or `make schema`) writes them.

use std::path::Path;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/schema");

fn text(schema: &serde_json::Value) -> String {
    let mut s = serde_json::to_string_pretty(schema).unwrap();
    s.push('\n');
    s
}

#[test]
fn the_schema_files_are_fresh() {
    let write = std::env::var_os("KIM_SCHEMA_WRITE").is_some();
    let mut stale = Vec::new();
    let docs = kim_core::schema::documents();
    assert_eq!(docs.len(), 6, "one schema per document kind");
    for d in &docs {
        let path = Path::new(DIR).join(format!("{}.schema.json", d.name));
        let want = text(&d.schema);
        if write {
            std::fs::create_dir_all(DIR).unwrap();
            std::fs::write(&path, &want).unwrap();
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(want.as_str()) {
            stale.push(path.display().to_string());
        }
    }
    // no schema file without its document kind
    let names: Vec<String> = docs
        .iter()
        .map(|d| format!("{}.schema.json", d.name))
        .collect();
    for entry in std::fs::read_dir(DIR).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if name.ends_with(".schema.json") && !names.contains(&name) {
            stale.push(format!("{name} (no such document kind)"));
        }
    }
    assert!(
        stale.is_empty(),
        "stale JSON Schema files (run `make schema`): {stale:?}"
    );
}

#[test]
fn inputs_are_described_for_reading_and_results_for_writing() {
    let docs = kim_core::schema::documents();
    let get = |n: &str| &docs.iter().find(|d| d.name == n).unwrap().schema;
    let plan = get("kim.plan.v1");
    // a field with a default may be left out of an input document
    let required: Vec<&str> = plan["required"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert!(required.contains(&"schema_version") && !required.contains(&"options"));
    assert_eq!(plan["additionalProperties"], false);
    // a decimal is text or a whole number
    let fte = &plan["$defs"]["Fte"]["anyOf"];
    assert_eq!(fte[0]["type"], "string");
    assert_eq!(fte[1]["type"], "integer");
    // codes of an enumeration are the serde codes
    let kinds = serde_json::to_string(&plan["$defs"]["PostKind"]).unwrap();
    assert!(kinds.contains("case_manager"), "{kinds}");
    let evaluation = get("kim.evaluation.v1");
    assert_eq!(
        evaluation["properties"]["schema_version"]["const"],
        "kim.evaluation.v1"
    );
    let cases = get("kim.cases.v1");
    assert_eq!(
        cases["$defs"]["CaseEvent"]["properties"]["effective"]["$ref"],
        "#/$defs/IsoDate"
    );
}

#[test]
fn descriptions_are_prose_without_the_code_examples() {
    for d in kim_core::schema::documents() {
        let text = serde_json::to_string(&d.schema).unwrap();
        assert!(
            !text.contains("```"),
            "{}: a code example in a description",
            d.name
        );
        assert!(
            !text.contains("assert"),
            "{}: a code example in a description",
            d.name
        );
    }
}
