//! The one document reader: a serde [`Deserializer`] over a borrowed [`serde_json::Value`] that
//! keeps the field path and reads structs only from objects.
//!
//! Every document — JSON text, a `Value` built by a binding (Python, JavaScript), the TOML
//! parameter table — is first a `Value` and then read into its type by this reader. One reader
//! means one copy of each type's visitor in the binary (the WebAssembly module is mostly such
//! code) and one place where paths and strictness are decided:
//!
//! * paths in kim's syntax (`forwardings[0].basis.actual_cost_capped.cap_per_fte`), built only
//!   when an error is reported: a failing value names its own path, an unknown field the path of
//!   the field, a missing field the path of its object;
//! * derived structs also accept arrays (fields by position) in serde; here a struct is read from
//!   an object only, so `["kim.plan.v1", {…}, 2023]` is not a plan.

use serde::de::{
    self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, Unexpected,
    VariantAccess, Visitor,
};
use serde_json::{Map, Number, Value};
use std::fmt;

/// Where a value sits in its document; rendered into kim's path syntax
/// (`forwardings[0].basis.cap`) only for an error, so that walking a document builds no text.
/// The faces' converters use it too (a Python dict on its way to a document).
///
/// ```
/// use kim_core::doc::Path;
///
/// let root = Path::Root;
/// let plan = Path::Key(&root, "forwardings");
/// let row = Path::Index(&plan, 0);
/// assert_eq!(Path::Key(&row, "fte").render(), "forwardings[0].fte");
/// assert_eq!(Path::Index(&Path::Root, 3).render(), "[3]");
/// ```
#[derive(Clone, Copy, Debug)]
pub enum Path<'a> {
    /// The document itself.
    Root,
    /// A field of an object (or an enum variant's content).
    Key(&'a Path<'a>, &'a str),
    /// An element of an array.
    Index(&'a Path<'a>, usize),
}

impl Path<'_> {
    /// Levels above this place (the document itself is 0).
    fn depth(&self) -> usize {
        match self {
            Path::Root => 0,
            Path::Key(parent, _) | Path::Index(parent, _) => parent.depth().saturating_add(1),
        }
    }

    /// The path as text (empty for the document itself).
    pub fn render(&self) -> String {
        match self {
            Path::Root => String::new(),
            Path::Key(parent, key) => {
                let p = parent.render();
                if p.is_empty() {
                    (*key).to_owned()
                } else {
                    format!("{p}.{key}")
                }
            }
            Path::Index(parent, i) => format!("{}[{i}]", parent.render()),
        }
    }
}

/// A reading error: serde's message and, once known, the path of the value it is about.
/// Boxed, so that every reader's `Result` is a pointer wide on the error side (less code to move
/// results around in each of the ~550 generic readers).
#[derive(Debug)]
pub(crate) struct ReadError(Box<ReadErrorInner>);

#[derive(Debug)]
pub(crate) struct ReadErrorInner {
    pub(crate) msg: String,
    pub(crate) path: Option<String>,
}

impl std::ops::Deref for ReadError {
    type Target = ReadErrorInner;
    fn deref(&self) -> &ReadErrorInner {
        &self.0
    }
}

impl std::ops::DerefMut for ReadError {
    fn deref_mut(&mut self) -> &mut ReadErrorInner {
        &mut self.0
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.msg)
    }
}

impl std::error::Error for ReadError {}

impl de::Error for ReadError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        ReadError(Box::new(ReadErrorInner {
            msg: msg.to_string(),
            path: None,
        }))
    }

    // serde's texts (a float written by `float_text`, see there), each in one non-inlined copy:
    // otherwise every derived reader builds the message in place
    #[inline(never)]
    fn invalid_type(unexp: Unexpected<'_>, exp: &dyn de::Expected) -> Self {
        Self::custom(format_args!(
            "invalid type: {}, expected {exp}",
            Unexp(unexp)
        ))
    }

    #[inline(never)]
    fn invalid_value(unexp: Unexpected<'_>, exp: &dyn de::Expected) -> Self {
        Self::custom(format_args!(
            "invalid value: {}, expected {exp}",
            Unexp(unexp)
        ))
    }

    #[inline(never)]
    fn invalid_length(len: usize, exp: &dyn de::Expected) -> Self {
        Self::custom(format_args!("invalid length {len}, expected {exp}"))
    }

    #[inline(never)]
    fn unknown_variant(variant: &str, expected: &'static [&'static str]) -> Self {
        match expected {
            [] => Self::custom(format_args!(
                "unknown variant `{variant}`, there are no variants"
            )),
            _ => Self::custom(format_args!(
                "unknown variant `{variant}`, expected {}",
                OneOf(expected)
            )),
        }
    }

    #[inline(never)]
    fn unknown_field(field: &str, expected: &'static [&'static str]) -> Self {
        match expected {
            [] => Self::custom(format_args!("unknown field `{field}`, there are no fields")),
            _ => Self::custom(format_args!(
                "unknown field `{field}`, expected {}",
                OneOf(expected)
            )),
        }
    }

    #[inline(never)]
    fn missing_field(field: &'static str) -> Self {
        Self::custom(format_args!("missing field `{field}`"))
    }

    #[inline(never)]
    fn duplicate_field(field: &'static str) -> Self {
        Self::custom(format_args!("duplicate field `{field}`"))
    }
}

/// serde's "expected one of" list of names, worded as serde words it.
struct OneOf(&'static [&'static str]);

impl fmt::Display for OneOf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            [a] => write!(f, "`{a}`"),
            [a, b] => write!(f, "`{a}` or `{b}`"),
            names => {
                f.write_str("one of ")?;
                for (i, name) in names.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "`{name}`")?;
                }
                Ok(())
            }
        }
    }
}

/// serde's description of an unexpected value, worded as serde words it.
struct Unexp<'a>(Unexpected<'a>);

impl fmt::Display for Unexp<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Unexpected::Bool(b) => write!(f, "boolean `{b}`"),
            Unexpected::Unsigned(i) => write!(f, "integer `{i}`"),
            Unexpected::Signed(i) => write!(f, "integer `{i}`"),
            Unexpected::Float(v) => write!(f, "floating point `{}`", crate::money::float_text(v)),
            Unexpected::Char(c) => write!(f, "character `{c}`"),
            Unexpected::Str(s) => write!(f, "string {s:?}"),
            Unexpected::Bytes(_) => f.write_str("byte array"),
            Unexpected::Unit => f.write_str("unit value"),
            Unexpected::Option => f.write_str("Option value"),
            Unexpected::NewtypeStruct => f.write_str("newtype struct"),
            Unexpected::Seq => f.write_str("sequence"),
            Unexpected::Map => f.write_str("map"),
            Unexpected::Enum => f.write_str("enum"),
            Unexpected::UnitVariant => f.write_str("unit variant"),
            Unexpected::NewtypeVariant => f.write_str("newtype variant"),
            Unexpected::TupleVariant => f.write_str("tuple variant"),
            Unexpected::StructVariant => f.write_str("struct variant"),
            Unexpected::Other(other) => f.write_str(other),
        }
    }
}

/// The deepest place that reports an error names it: outer levels keep that path.
fn at(mut e: ReadError, path: &Path<'_>) -> ReadError {
    if e.path.is_none() {
        e.path = Some(path.render());
    }
    e
}

/// serde's description of a value, as serde_json's own `Value` reader gives it.
fn unexpected(v: &Value) -> Unexpected<'_> {
    match v {
        Value::Null => Unexpected::Unit,
        Value::Bool(b) => Unexpected::Bool(*b),
        Value::Number(n) => match (n.as_u64(), n.as_i64(), n.as_f64()) {
            (Some(u), _, _) => Unexpected::Unsigned(u),
            (None, Some(i), _) => Unexpected::Signed(i),
            (None, None, Some(f)) => Unexpected::Float(f),
            (None, None, None) => Unexpected::Other("number"),
        },
        Value::String(s) => Unexpected::Str(s),
        Value::Array(_) => Unexpected::Seq,
        Value::Object(_) => Unexpected::Map,
    }
}

/// "invalid type: …, expected …" for a value of the wrong kind: one copy for all readers
/// (`expected` is the visitor).
#[inline(never)]
fn wrong_type(value: &Value, expected: &dyn de::Expected) -> ReadError {
    de::Error::invalid_type(unexpected(value), expected)
}

/// An enum's variant name and content: a string (`"lot"`) or an object with one key
/// (`{ "lot": { "seed": 7 } }`).
#[inline(never)]
fn enum_parts(value: &Value) -> Result<(&str, Option<&Value>), ReadError> {
    match value {
        Value::String(variant) => Ok((variant, None)),
        Value::Object(fields) => match fields.iter().next() {
            Some((variant, content)) if fields.len() == 1 => Ok((variant, Some(content))),
            _ => Err(de::Error::invalid_value(
                Unexpected::Map,
                &"map with a single key",
            )),
        },
        other => Err(de::Error::invalid_type(unexpected(other), &"string or map")),
    }
}

/// A float anywhere in a document: `KIM-P004`, or `KIM-P005` for a whole number beyond the
/// exact range ([`float_code`](crate::money::float_code)) — whatever type was expected there, as
/// the Python and JavaScript converters refuse it before it reaches a reader.
#[inline(never)]
fn float_error(f: f64) -> ReadError {
    let v = crate::money::float_violation("", f);
    de::Error::custom(match v.params.get("max") {
        Some(max) => crate::money::coded_out_of_range(crate::money::float_text(f), max),
        None => crate::money::coded(v.code, crate::money::float_text(f)),
    })
}

/// A number for a typed reader (an integer or a decimal): a float is refused here.
fn visit_number<'v, V: Visitor<'v>>(n: &Number, visitor: V) -> Result<V::Value, ReadError> {
    match (n.as_u64(), n.as_i64(), n.as_f64()) {
        (Some(u), _, _) => visitor.visit_u64(u),
        (None, Some(i), _) => visitor.visit_i64(i),
        (None, None, Some(f)) => Err(float_error(f)),
        (None, None, None) => Err(de::Error::custom("number out of range")),
    }
}

/// A number for a reader that takes any value (a `Value` kept for later, an untagged enum):
/// a float is passed on, and refused by the typed reader that meets it.
fn visit_any_number<'v, V: Visitor<'v>>(n: &Number, visitor: V) -> Result<V::Value, ReadError> {
    match (n.as_u64(), n.as_i64(), n.as_f64()) {
        (Some(u), _, _) => visitor.visit_u64(u),
        (None, Some(i), _) => visitor.visit_i64(i),
        (None, None, Some(f)) => visitor.visit_f64(f),
        (None, None, None) => Err(de::Error::custom("number out of range")),
    }
}

/// Reads `T` from `value`.
pub(crate) fn read<'v, T: serde::Deserialize<'v>>(value: &'v Value) -> Result<T, ReadError> {
    T::deserialize(Reader {
        value,
        path: &Path::Root,
    })
}

/// A value at a path.
struct Reader<'v, 'p> {
    value: &'v Value,
    path: &'p Path<'p>,
}

impl<'v> Reader<'v, '_> {
    fn seq<V: Visitor<'v>>(&self, items: &'v [Value], visitor: V) -> Result<V::Value, ReadError> {
        let mut seq = SeqReader {
            items: items.iter().enumerate(),
            path: self.path,
        };
        let out = visitor.visit_seq(&mut seq)?;
        match seq.items.len() {
            0 => Ok(out),
            _ => Err(de::Error::invalid_length(
                items.len(),
                &"fewer elements in array",
            )),
        }
    }

    fn map<V: Visitor<'v>>(
        &self,
        fields: &'v Map<String, Value>,
        visitor: V,
    ) -> Result<V::Value, ReadError> {
        let mut map = MapReader {
            entries: fields.iter(),
            pending: None,
            path: self.path,
        };
        let out = visitor.visit_map(&mut map)?;
        match map.entries.len() {
            0 => Ok(out),
            _ => Err(de::Error::invalid_length(
                fields.len(),
                &"fewer elements in map",
            )),
        }
    }
}

impl<'de> Deserializer<'de> for Reader<'de, '_> {
    type Error = ReadError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        let out = match self.value {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(*b),
            Value::Number(n) => visit_any_number(n, visitor),
            Value::String(s) => visitor.visit_borrowed_str(s),
            Value::Array(items) => self.seq(items, visitor),
            Value::Object(fields) => self.map(fields, visitor),
        };
        out.map_err(|e| at(e, self.path))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        let path = self.path;
        let out = match self.value {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        };
        out.map_err(|e| at(e, path))
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, ReadError> {
        let path = self.path;
        visitor.visit_newtype_struct(self).map_err(|e| at(e, path))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, ReadError> {
        let out = match self.value {
            Value::Object(fields) => self.map(fields, visitor),
            // strict: a struct is never read from an array of its fields
            other => Err(wrong_type(other, &visitor)),
        };
        out.map_err(|e| at(e, self.path))
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, ReadError> {
        let out = enum_parts(self.value).and_then(|(variant, content)| {
            visitor.visit_enum(EnumReader {
                variant,
                content,
                path: self.path,
            })
        });
        out.map_err(|e| at(e, self.path))
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        visitor.visit_unit()
    }

    // Type-directed entries: each visits only the kinds of value its type can be, so a string
    // or number visitor is not compiled together with the array and object readers (and the
    // other way round). The messages are those `deserialize_any` gives through the visitors'
    // defaults: "invalid type: <value>, expected <what the visitor expects>".
    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        let out = match self.value {
            Value::String(s) => visitor.visit_borrowed_str(s),
            other => Err(wrong_type(other, &visitor)),
        };
        out.map_err(|e| at(e, self.path))
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        let out = match self.value {
            Value::Bool(b) => visitor.visit_bool(*b),
            other => Err(wrong_type(other, &visitor)),
        };
        out.map_err(|e| at(e, self.path))
    }

    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        let out = match self.value {
            Value::Number(n) => visit_number(n, visitor),
            other => Err(wrong_type(other, &visitor)),
        };
        out.map_err(|e| at(e, self.path))
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        let out = match self.value {
            Value::Array(items) => self.seq(items, visitor),
            other => Err(wrong_type(other, &visitor)),
        };
        out.map_err(|e| at(e, self.path))
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        let out = match self.value {
            Value::Object(fields) => self.map(fields, visitor),
            other => Err(wrong_type(other, &visitor)),
        };
        out.map_err(|e| at(e, self.path))
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, ReadError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, ReadError> {
        self.deserialize_seq(visitor)
    }

    // every integer width reads a number as `u64` does: a float is refused with KIM-P004 or
    // KIM-P005 (not "invalid type"), as the faces' converters refuse it
    fn deserialize_i32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        self.deserialize_u64(visitor)
    }

    fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        self.deserialize_u64(visitor)
    }

    fn deserialize_u32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        self.deserialize_u64(visitor)
    }

    fn deserialize_u16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        self.deserialize_u64(visitor)
    }

    fn deserialize_u8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        self.deserialize_u64(visitor)
    }

    // widths kim's documents do not use, floats and bytes keep `deserialize_any`
    serde::forward_to_deserialize_any! {
        i8 i16 i128 u128 f32 f64 bytes byte_buf unit unit_struct
    }
}

struct SeqReader<'v, 'p> {
    items: std::iter::Enumerate<std::slice::Iter<'v, Value>>,
    path: &'p Path<'p>,
}

impl<'v> SeqAccess<'v> for &mut SeqReader<'v, '_> {
    type Error = ReadError;
    fn next_element_seed<T: DeserializeSeed<'v>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, ReadError> {
        match self.items.next() {
            None => Ok(None),
            Some((i, value)) => {
                let path = Path::Index(self.path, i);
                seed.deserialize(Reader { value, path: &path })
                    .map(Some)
                    .map_err(|e| at(e, &path))
            }
        }
    }
    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

struct MapReader<'v, 'p> {
    entries: serde_json::map::Iter<'v>,
    pending: Option<(&'v str, &'v Value)>,
    path: &'p Path<'p>,
}

impl<'v> MapAccess<'v> for &mut MapReader<'v, '_> {
    type Error = ReadError;
    fn next_key_seed<K: DeserializeSeed<'v>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, ReadError> {
        match self.entries.next() {
            None => Ok(None),
            Some((key, value)) => {
                self.pending = Some((key, value));
                // an unknown field is reported at the field's own path
                seed.deserialize(de::value::BorrowedStrDeserializer::<ReadError>::new(key))
                    .map(Some)
                    .map_err(|e| at(e, &Path::Key(self.path, key)))
            }
        }
    }
    fn next_value_seed<T: DeserializeSeed<'v>>(&mut self, seed: T) -> Result<T::Value, ReadError> {
        match self.pending.take() {
            None => Err(de::Error::custom("a map value without its key")),
            Some((key, value)) => {
                let path = Path::Key(self.path, key);
                seed.deserialize(Reader { value, path: &path })
                    .map_err(|e| at(e, &path))
            }
        }
    }
    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

struct EnumReader<'v, 'p> {
    variant: &'v str,
    content: Option<&'v Value>,
    path: &'p Path<'p>,
}

impl<'v, 'p> EnumAccess<'v> for EnumReader<'v, 'p> {
    type Error = ReadError;
    type Variant = VariantReader<'v, 'p>;
    fn variant_seed<T: DeserializeSeed<'v>>(
        self,
        seed: T,
    ) -> Result<(T::Value, VariantReader<'v, 'p>), ReadError> {
        let v = seed.deserialize(de::value::BorrowedStrDeserializer::<ReadError>::new(
            self.variant,
        ))?;
        Ok((
            v,
            VariantReader {
                variant: self.variant,
                content: self.content,
                path: self.path,
            },
        ))
    }
}

struct VariantReader<'v, 'p> {
    variant: &'v str,
    content: Option<&'v Value>,
    path: &'p Path<'p>,
}

impl<'v> VariantAccess<'v> for VariantReader<'v, '_> {
    type Error = ReadError;
    fn unit_variant(self) -> Result<(), ReadError> {
        match self.content {
            None | Some(Value::Null) => Ok(()),
            Some(other) => Err(de::Error::invalid_type(unexpected(other), &"unit variant")),
        }
    }
    fn newtype_variant_seed<T: DeserializeSeed<'v>>(self, seed: T) -> Result<T::Value, ReadError> {
        match self.content {
            None => Err(de::Error::invalid_type(
                Unexpected::UnitVariant,
                &"newtype variant",
            )),
            Some(value) => {
                let path = Path::Key(self.path, self.variant);
                seed.deserialize(Reader { value, path: &path })
                    .map_err(|e| at(e, &path))
            }
        }
    }
    fn tuple_variant<V: Visitor<'v>>(self, _len: usize, visitor: V) -> Result<V::Value, ReadError> {
        let path = Path::Key(self.path, self.variant);
        match self.content {
            Some(Value::Array(items)) => Reader {
                value: &Value::Null,
                path: &path,
            }
            .seq(items, visitor)
            .map_err(|e| at(e, &path)),
            Some(other) => Err(de::Error::invalid_type(unexpected(other), &"tuple variant")),
            None => Err(de::Error::invalid_type(
                Unexpected::UnitVariant,
                &"tuple variant",
            )),
        }
    }
    fn struct_variant<V: Visitor<'v>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, ReadError> {
        let path = Path::Key(self.path, self.variant);
        match self.content {
            Some(Value::Object(fields)) => Reader {
                value: &Value::Null,
                path: &path,
            }
            .map(fields, visitor)
            .map_err(|e| at(e, &path)),
            Some(other) => Err(de::Error::invalid_type(
                unexpected(other),
                &"struct variant",
            )),
            None => Err(de::Error::invalid_type(
                Unexpected::UnitVariant,
                &"struct variant",
            )),
        }
    }
}

/// Builds a [`Value`] from JSON (or TOML) text, refusing a key that appears twice in one object
/// (a `Value` would silently keep the last); records the path of the first problem, including
/// a syntax error, in `failed`.
pub(crate) struct ValueSeed<'p, 'f> {
    pub(crate) path: &'p Path<'p>,
    pub(crate) failed: &'f std::cell::RefCell<Option<String>>,
}

impl ValueSeed<'_, '_> {
    /// An array or object deeper than [`MAX_DEPTH`](crate::doc::MAX_DEPTH): refused before
    /// the parser recurses further (`KIM-P015`, with the level as detail).
    fn too_deep<E: de::Error>(&self) -> Option<E> {
        let max = crate::doc::MAX_DEPTH;
        (self.path.depth() >= max).then(|| {
            self.note(self.path);
            E::custom(crate::money::coded(
                crate::validate::Code::P015,
                max.saturating_add(1),
            ))
        })
    }

    fn note(&self, path: &Path<'_>) {
        let mut failed = self.failed.borrow_mut();
        if failed.is_none() {
            *failed = Some(path.render());
        }
    }
}

impl<'de> DeserializeSeed<'de> for ValueSeed<'_, '_> {
    type Value = Value;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ValueSeed<'_, '_> {
    type Value = Value;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        // JSON has no NaN or infinity; TOML has (`nan`, `inf`): never a number kim reads
        Number::from_f64(v).map(Value::Number).ok_or_else(|| {
            de::Error::custom(crate::money::coded(
                crate::validate::Code::P004,
                crate::money::float_text(v),
            ))
        })
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        if let Some(e) = self.too_deep() {
            return Err(e);
        }
        let mut items = Vec::new();
        loop {
            let path = Path::Index(self.path, items.len());
            let seed = ValueSeed {
                path: &path,
                failed: self.failed,
            };
            match seq.next_element_seed(seed) {
                Ok(Some(v)) => items.push(v),
                Ok(None) => return Ok(Value::Array(items)),
                Err(e) => {
                    self.note(&path);
                    return Err(e);
                }
            }
        }
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        if let Some(e) = self.too_deep() {
            return Err(e);
        }
        let mut fields = Map::new();
        loop {
            let key = match map.next_key::<String>() {
                Ok(Some(k)) => k,
                Ok(None) => return Ok(Value::Object(fields)),
                Err(e) => {
                    self.note(self.path);
                    return Err(e);
                }
            };
            let path = Path::Key(self.path, &key);
            if fields.contains_key(&key) {
                self.note(&path);
                return Err(de::Error::custom(format_args!("duplicate field `{key}`")));
            }
            let seed = ValueSeed {
                path: &path,
                failed: self.failed,
            };
            match map.next_value_seed(seed) {
                Ok(v) => {
                    fields.insert(key.clone(), v);
                }
                Err(e) => {
                    self.note(&path);
                    return Err(e);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::de::Error as _;
    use serde::de::value::Error as SerdeError;

    /// The reader's own error texts are serde's, word for word (the codes are derived from them).
    #[test]
    fn error_texts_are_serdes() {
        let names: [&'static [&'static str]; 4] = [&[], &["a"], &["a", "b"], &["a", "b", "c"]];
        let same = |ours: ReadError, theirs: SerdeError| assert_eq!(ours.msg, theirs.to_string());
        for n in names {
            same(
                ReadError::unknown_field("x", n),
                SerdeError::unknown_field("x", n),
            );
            same(
                ReadError::unknown_variant("x", n),
                SerdeError::unknown_variant("x", n),
            );
        }
        same(
            ReadError::missing_field("f"),
            SerdeError::missing_field("f"),
        );
        same(
            ReadError::duplicate_field("f"),
            SerdeError::duplicate_field("f"),
        );
        same(
            ReadError::invalid_length(3, &"fewer elements in map"),
            SerdeError::invalid_length(3, &"fewer elements in map"),
        );
        for u in [
            Unexpected::Bool(true),
            Unexpected::Unsigned(7),
            Unexpected::Signed(-7),
            Unexpected::Float(1.5),
            Unexpected::Char('x'),
            Unexpected::Str("a\"b"),
            Unexpected::Bytes(b"x"),
            Unexpected::Unit,
            Unexpected::Option,
            Unexpected::NewtypeStruct,
            Unexpected::Seq,
            Unexpected::Map,
            Unexpected::Enum,
            Unexpected::UnitVariant,
            Unexpected::NewtypeVariant,
            Unexpected::TupleVariant,
            Unexpected::StructVariant,
            Unexpected::Other("thing"),
        ] {
            same(
                ReadError::invalid_type(u, &"a string"),
                SerdeError::invalid_type(u, &"a string"),
            );
            same(
                ReadError::invalid_value(u, &"a string"),
                SerdeError::invalid_value(u, &"a string"),
            );
        }
    }
}
