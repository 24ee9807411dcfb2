//! JSON Schema (draft 2020-12) of kim's documents and results (cargo feature `schema`).
//!
//! Every public serde type of the documents derives [`schemars::JsonSchema`] under this
//! feature, beside its TypeScript declaration (feature `ts`, module `kim_core::ts`): the two describe
//! the same JSON. Types whose JSON form is written by hand (decimals, dates, [`Baustein`],
//! [`Code`], [`Violation`], [`Count`], fractions) have their schema written by hand here, to
//! match their serde code. [`documents`] gives the schema of each document kind; the files in
//! `docs/schema/` are written from it and checked fresh by `kim-core/tests/schema.rs`
//! (`make test`), and every example document and vector input is validated against them
//! (`kim-py/tests/test_schema.py`).
//!
//! # What a schema checks, and what it leaves to kim's reader
//!
//! A schema describes the shape: fields, their types, which are required, that no unknown field
//! is allowed (`additionalProperties: false`, as kim's reader refuses them with `KIM-P008`),
//! the codes of every enumeration and the syntax of decimals and dates. kim's reader is
//! stricter in ways a schema cannot say: a decimal such as `"1.500"` that reads differently in
//! German and English notation (`KIM-P003`), a day that is not in the calendar (`2023-02-30`,
//! `KIM-P007`), and the rules themselves (validation, `KIM-V…`). A document that kim accepts
//! always validates; one that validates may still be refused, with a code and a path.
//!
//! Decimals are text (`"1.5"`, `"82500.00"`) or whole JSON numbers (`43000`); kim writes them as
//! text. Input documents use the schema for reading (fields with a default are optional);
//! results use the schema for writing (fields that are always written are required).
//!
//! ```
//! let docs = kim_core::schema::documents();
//! let plan = &docs.iter().find(|d| d.name == "kim.plan.v1").unwrap().schema;
//! assert_eq!(plan["$schema"], "https://json-schema.org/draft/2020-12/schema");
//! assert_eq!(plan["properties"]["schema_version"]["const"], "kim.plan.v1");
//! assert_eq!(plan["additionalProperties"], false);
//! ```

use std::borrow::Cow;

use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};

use crate::program::Baustein;
use crate::reporting::Count;
use crate::validate::{Code, Violation};

/// The syntax of a decimal as text, as kim's reader takes it in a document: plain notation,
/// `.` as the decimal point, an optional sign, surrounding spaces (the reader refuses some
/// texts this admits, such as the ambiguous `"1.500"`: `KIM-P003`).
pub const DECIMAL_PATTERN: &str = r"^\s*[-+−]?[0-9]+(\.[0-9]+)?\s*$";

/// `YYYY-MM-DD`, the form of every day in kim's documents.
pub const DATE_PATTERN: &str = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$";

/// A schema written by hand for a type whose JSON form is written by hand: the type, its name
/// in `$defs`, and the schema.
macro_rules! by_hand {
    ($ty:ty, $name:literal, $schema:block) => {
        impl JsonSchema for $ty {
            fn schema_name() -> Cow<'static, str> {
                $name.into()
            }
            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                $schema
            }
        }
    };
}

/// A day (`"2023-12-31"`): the schema of the fields kim reads and writes with its date code.
///
/// ```
/// use schemars::JsonSchema;
/// assert_eq!(kim_core::schema::IsoDate::schema_name(), "IsoDate");
/// ```
pub struct IsoDate;

by_hand!(IsoDate, "IsoDate", {
    json_schema!({
        "description": "A day as YYYY-MM-DD (a real calendar day: 2023-02-30 is refused, KIM-P007).",
        "type": "string",
        "format": "date",
        "pattern": DATE_PATTERN,
    })
});

/// A local date and time without zone (`"2023-04-03T09:15:00"`, a fraction of a second
/// optional): when a case event was recorded.
///
/// ```
/// use schemars::JsonSchema;
/// assert_eq!(kim_core::schema::IsoDateTime::schema_name(), "IsoDateTime");
/// ```
pub struct IsoDateTime;

by_hand!(IsoDateTime, "IsoDateTime", {
    json_schema!({
        "description": "A local date and time without zone, YYYY-MM-DDTHH:MM:SS with an optional fraction of a second (KIM-P017 otherwise).",
        "type": "string",
        "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,9})?$",
    })
});

/// A decimal number: the schema of `rust_decimal::Decimal` fields and of the named decimals.
fn decimal(description: &str) -> Schema {
    json_schema!({
        "description": description,
        "anyOf": [
            { "type": "string", "pattern": DECIMAL_PATTERN },
            { "type": "integer", "minimum": -9007199254740991_i64, "maximum": 9007199254740991_i64 },
        ],
    })
}

/// An exact decimal number (the fields of type `Decimal`).
///
/// ```
/// use schemars::JsonSchema;
/// assert_eq!(kim_core::schema::DecimalText::schema_name(), "Decimal");
/// ```
pub struct DecimalText;

by_hand!(DecimalText, "Decimal", {
    decimal(
        "An exact decimal number as text in plain notation (\"1.5\", \"82500.00\"), or a whole JSON number (a safe integer). A JSON number with a fraction is refused (KIM-P004).",
    )
});

by_hand!(crate::Euro, "Euro", {
    decimal(
        "An amount in euro: a decimal, written by kim with exactly two decimal places (\"82500.00\").",
    )
});

by_hand!(crate::Fte, "Fte", {
    decimal("Full-time equivalents (VZÄ): a decimal (\"1.5\", \"0.75\").")
});

by_hand!(crate::period::Fraction, "Fraction", {
    json_schema!({
        "description": "A fraction as text: \"n/d\" or a whole number \"n\".",
        "type": "string",
        "pattern": r"^\s*[0-9]+\s*(/\s*[0-9]+\s*)?$",
    })
});

by_hand!(crate::allocation::Ratio, "Ratio", {
    json_schema!({
        "description": "An exact quotient of whole numbers as text, \"n/d\".",
        "type": "string",
        "pattern": r"^[0-9]+(/[0-9]+)?$",
    })
});

by_hand!(Baustein, "Baustein", {
    json_schema!({
        "description": "Building block of KIM: 1 coordination, 2 case management, 3 immigration and naturalisation offices.",
        "enum": [1, 2, 3],
    })
});

by_hand!(Code, "Code", {
    let codes: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
    json_schema!({
        "description": "A stable violation code (docs/errors.md).",
        "enum": codes,
    })
});

impl JsonSchema for Violation {
    fn schema_name() -> Cow<'static, str> {
        "Violation".into()
    }
    fn json_schema(g: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A problem found: code, the path of the field, severity, messages in English and German, and the parameters of the messages.",
            "type": "object",
            "properties": {
                "code": g.subschema_for::<Code>(),
                "path": { "type": "string" },
                "severity": g.subschema_for::<crate::validate::Severity>(),
                "message_en": { "type": "string" },
                "message_de": { "type": "string" },
                "params": { "type": "object", "additionalProperties": { "type": "string" } },
            },
            "required": ["code", "path", "severity", "message_en", "message_de", "params"],
            "additionalProperties": false,
        })
    }
}

by_hand!(Count, "Count", {
    json_schema!({
        "description": "A count, or \"<k\" where a small cell is suppressed.",
        "anyOf": [
            { "type": "integer", "minimum": 0 },
            { "type": "string", "pattern": "^<[0-9]+$" },
        ],
    })
});

/// One document kind and its schema.
///
/// ```
/// let docs = kim_core::schema::documents();
/// assert_eq!(docs[0].name, "kim.plan.v1");
/// ```
#[derive(Clone, Debug)]
pub struct Document {
    /// The document's `schema_version` or name (`kim.plan.v1`); the file in `docs/schema/` is
    /// this name with `.schema.json`.
    pub name: &'static str,
    /// What the document is.
    pub title: &'static str,
    /// The schema, with `$schema`, `$id`, `title` and `$defs`.
    pub schema: serde_json::Value,
}

fn generate<T: JsonSchema>(
    name: &'static str,
    title: &'static str,
    read: bool,
) -> Option<Document> {
    let settings = if read {
        SchemaSettings::draft2020_12().for_deserialize()
    } else {
        SchemaSettings::draft2020_12().for_serialize()
    };
    let mut schema = settings.into_generator().into_root_schema_for::<T>();
    schema.insert(
        "$id".into(),
        format!("https://kim.invalid/schema/{name}.schema.json").into(),
    );
    schema.insert("title".into(), format!("{title} ({name})").into());
    let mut schema = serde_json::to_value(schema).ok()?;
    prose_only(&mut schema);
    Some(Document {
        name,
        title,
        schema,
    })
}

/// Cuts the Rust code examples out of the descriptions (schemars takes a type's whole doc
/// comment; a schema's reader wants the prose, not `assert_eq!`s).
fn prose_only(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Object(map) => {
            for (key, item) in map.iter_mut() {
                match item {
                    serde_json::Value::String(text) if key == "description" => {
                        if let Some(at) = text.find("```") {
                            text.truncate(at);
                            let kept = text.trim_end().len();
                            text.truncate(kept);
                        }
                    }
                    _ => prose_only(item),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(prose_only),
        _ => {}
    }
}

/// The schema of each document kind: the inputs `kim.plan.v1` and `kim.cases.v1` (as kim reads
/// them), the results `kim.evaluation.v1`, `kim.trace.v1` and `kim.report.v1` (as kim writes
/// them), and the conformance vectors `kim.vectors.v1`.
///
/// ```
/// let names: Vec<&str> = kim_core::schema::documents().iter().map(|d| d.name).collect();
/// assert!(names.contains(&"kim.cases.v1") && names.contains(&"kim.report.v1"));
/// ```
pub fn documents() -> Vec<Document> {
    type Generate = fn(&'static str, &'static str, bool) -> Option<Document>;
    // (generator, name, title, described for reading?)
    let kinds: [(Generate, &str, &str, bool); 6] = [
        (
            generate::<crate::Plan>,
            "kim.plan.v1",
            "A KIM plan: one authority, one year",
            true,
        ),
        (
            generate::<crate::cases::CasesDocument>,
            "kim.cases.v1",
            "Case data: consultations and case events of one authority",
            true,
        ),
        (
            generate::<crate::Evaluation>,
            "kim.evaluation.v1",
            "The evaluation of a plan",
            false,
        ),
        (
            generate::<crate::explain::Trace>,
            "kim.trace.v1",
            "The explanation of a result",
            false,
        ),
        (
            generate::<crate::reporting::Report>,
            "kim.report.v1",
            "Report tables over a period",
            false,
        ),
        (
            generate::<crate::conformance::VectorFile>,
            "kim.vectors.v1",
            "A file of conformance vectors",
            true,
        ),
    ];
    kinds
        .into_iter()
        .filter_map(|(generate, name, title, read)| generate(name, title, read))
        .collect()
}
