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

/// Parses JSON text into `T`, reporting the first problem with code and path.
pub fn from_json<T: DeserializeOwned>(text: &str) -> Result<T> {
    if text.len() > MAX_DOCUMENT_BYTES {
        return Err(too_large(text.len()));
    }
    let mut de = serde_json::Deserializer::from_str(text);
    let value: T = serde_path_to_error::deserialize(strict::Strict(&mut de)).map_err(json_error)?;
    de.end()
        .map_err(|e| Error::one(classify("", &e.to_string(), true)))?;
    Ok(value)
}

/// Converts a JSON value into `T`, reporting the first problem with code and path.
pub fn from_value<T: DeserializeOwned>(value: serde_json::Value) -> Result<T> {
    serde_path_to_error::deserialize(strict::Strict(value)).map_err(json_error)
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
    serde_path_to_error::deserialize(strict::Strict(de)).map_err(|e| {
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

/// A deserializer adapter that reads structs only from JSON/TOML objects (maps): serde's
/// derived structs also accept arrays with fields by position, which would let
/// `["kim.plan.v1", {...}, 2023]` pass as a plan. Everything else is forwarded unchanged.
pub(crate) mod strict {
    use serde::de::{
        self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess,
        Visitor,
    };
    use std::fmt;

    pub(crate) struct Strict<D>(pub(crate) D);

    struct Seed<S>(S);
    impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for Seed<S> {
        type Value = S::Value;
        fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<S::Value, D::Error> {
            self.0.deserialize(Strict(d))
        }
    }

    /// Wraps a visitor; `no_seq` refuses arrays (for structs).
    struct Wrap<V> {
        inner: V,
        no_seq: bool,
    }

    macro_rules! forward_visit {
        ($($method:ident($ty:ty)),* $(,)?) => {$(
            fn $method<E: de::Error>(self, v: $ty) -> Result<V::Value, E> { self.inner.$method(v) }
        )*};
    }

    impl<'de, V: Visitor<'de>> Visitor<'de> for Wrap<V> {
        type Value = V::Value;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            self.inner.expecting(f)
        }
        forward_visit!(
            visit_bool(bool),
            visit_i8(i8),
            visit_i16(i16),
            visit_i32(i32),
            visit_i64(i64),
            visit_i128(i128),
            visit_u8(u8),
            visit_u16(u16),
            visit_u32(u32),
            visit_u64(u64),
            visit_u128(u128),
            visit_f32(f32),
            visit_f64(f64),
            visit_char(char),
            visit_str(&str),
            visit_string(String),
            visit_bytes(&[u8]),
            visit_byte_buf(Vec<u8>),
        );
        fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<V::Value, E> {
            self.inner.visit_borrowed_str(v)
        }
        fn visit_borrowed_bytes<E: de::Error>(self, v: &'de [u8]) -> Result<V::Value, E> {
            self.inner.visit_borrowed_bytes(v)
        }
        fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
            self.inner.visit_none()
        }
        fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
            self.inner.visit_unit()
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
            self.inner.visit_some(Strict(d))
        }
        fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
            self.inner.visit_newtype_struct(Strict(d))
        }
        fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
            if self.no_seq {
                return Err(de::Error::invalid_type(de::Unexpected::Seq, &self));
            }
            self.inner.visit_seq(Seq(seq))
        }
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
            self.inner.visit_map(Map(map))
        }
        fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<V::Value, A::Error> {
            self.inner.visit_enum(Enum(data))
        }
    }

    struct Seq<A>(A);
    impl<'de, A: SeqAccess<'de>> SeqAccess<'de> for Seq<A> {
        type Error = A::Error;
        fn next_element_seed<T: DeserializeSeed<'de>>(
            &mut self,
            seed: T,
        ) -> Result<Option<T::Value>, A::Error> {
            self.0.next_element_seed(Seed(seed))
        }
        fn size_hint(&self) -> Option<usize> {
            self.0.size_hint()
        }
    }

    struct Map<A>(A);
    impl<'de, A: MapAccess<'de>> MapAccess<'de> for Map<A> {
        type Error = A::Error;
        fn next_key_seed<K: DeserializeSeed<'de>>(
            &mut self,
            seed: K,
        ) -> Result<Option<K::Value>, A::Error> {
            self.0.next_key_seed(Seed(seed))
        }
        fn next_value_seed<T: DeserializeSeed<'de>>(
            &mut self,
            seed: T,
        ) -> Result<T::Value, A::Error> {
            self.0.next_value_seed(Seed(seed))
        }
        fn size_hint(&self) -> Option<usize> {
            self.0.size_hint()
        }
    }

    struct Enum<A>(A);
    impl<'de, A: EnumAccess<'de>> EnumAccess<'de> for Enum<A> {
        type Error = A::Error;
        type Variant = Variant<A::Variant>;
        fn variant_seed<T: DeserializeSeed<'de>>(
            self,
            seed: T,
        ) -> Result<(T::Value, Self::Variant), A::Error> {
            self.0
                .variant_seed(Seed(seed))
                .map(|(v, rest)| (v, Variant(rest)))
        }
    }

    struct Variant<A>(A);
    impl<'de, A: VariantAccess<'de>> VariantAccess<'de> for Variant<A> {
        type Error = A::Error;
        fn unit_variant(self) -> Result<(), A::Error> {
            self.0.unit_variant()
        }
        fn newtype_variant_seed<T: DeserializeSeed<'de>>(
            self,
            seed: T,
        ) -> Result<T::Value, A::Error> {
            self.0.newtype_variant_seed(Seed(seed))
        }
        fn tuple_variant<V: Visitor<'de>>(
            self,
            len: usize,
            visitor: V,
        ) -> Result<V::Value, A::Error> {
            self.0.tuple_variant(
                len,
                Wrap {
                    inner: visitor,
                    no_seq: false,
                },
            )
        }
        fn struct_variant<V: Visitor<'de>>(
            self,
            fields: &'static [&'static str],
            visitor: V,
        ) -> Result<V::Value, A::Error> {
            self.0.struct_variant(
                fields,
                Wrap {
                    inner: visitor,
                    no_seq: true,
                },
            )
        }
    }

    macro_rules! forward_de {
        ($($method:ident),* $(,)?) => {$(
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
                self.0.$method(Wrap { inner: visitor, no_seq: false })
            }
        )*};
    }

    impl<'de, D: Deserializer<'de>> Deserializer<'de> for Strict<D> {
        type Error = D::Error;
        forward_de!(
            deserialize_any,
            deserialize_bool,
            deserialize_i8,
            deserialize_i16,
            deserialize_i32,
            deserialize_i64,
            deserialize_i128,
            deserialize_u8,
            deserialize_u16,
            deserialize_u32,
            deserialize_u64,
            deserialize_u128,
            deserialize_f32,
            deserialize_f64,
            deserialize_char,
            deserialize_str,
            deserialize_string,
            deserialize_bytes,
            deserialize_byte_buf,
            deserialize_option,
            deserialize_unit,
            deserialize_seq,
            deserialize_map,
            deserialize_identifier,
            deserialize_ignored_any,
        );
        fn deserialize_unit_struct<V: Visitor<'de>>(
            self,
            name: &'static str,
            visitor: V,
        ) -> Result<V::Value, D::Error> {
            self.0.deserialize_unit_struct(
                name,
                Wrap {
                    inner: visitor,
                    no_seq: false,
                },
            )
        }
        fn deserialize_newtype_struct<V: Visitor<'de>>(
            self,
            name: &'static str,
            visitor: V,
        ) -> Result<V::Value, D::Error> {
            self.0.deserialize_newtype_struct(
                name,
                Wrap {
                    inner: visitor,
                    no_seq: false,
                },
            )
        }
        fn deserialize_tuple<V: Visitor<'de>>(
            self,
            len: usize,
            visitor: V,
        ) -> Result<V::Value, D::Error> {
            self.0.deserialize_tuple(
                len,
                Wrap {
                    inner: visitor,
                    no_seq: false,
                },
            )
        }
        fn deserialize_tuple_struct<V: Visitor<'de>>(
            self,
            name: &'static str,
            len: usize,
            visitor: V,
        ) -> Result<V::Value, D::Error> {
            self.0.deserialize_tuple_struct(
                name,
                len,
                Wrap {
                    inner: visitor,
                    no_seq: false,
                },
            )
        }
        fn deserialize_struct<V: Visitor<'de>>(
            self,
            name: &'static str,
            fields: &'static [&'static str],
            visitor: V,
        ) -> Result<V::Value, D::Error> {
            self.0.deserialize_struct(
                name,
                fields,
                Wrap {
                    inner: visitor,
                    no_seq: true,
                },
            )
        }
        fn deserialize_enum<V: Visitor<'de>>(
            self,
            name: &'static str,
            variants: &'static [&'static str],
            visitor: V,
        ) -> Result<V::Value, D::Error> {
            self.0.deserialize_enum(
                name,
                variants,
                Wrap {
                    inner: visitor,
                    no_seq: false,
                },
            )
        }
        fn is_human_readable(&self) -> bool {
            self.0.is_human_readable()
        }
    }
}
