//! `kim._kim`: the native module behind the `kim` Python package.
//!
//! It converts and maps errors only: Python values become kim's JSON document model
//! (strictly: a `float` is a `TypeError`, decimals are `decimal.Decimal`, `int` or `str`), the
//! core computes, and results come back as dicts and lists whose amounts and VZÄ are
//! `decimal.Decimal` and whose dates are `datetime.date` (kim marks them in serialisation).
//! Every rule lives in kim-core.
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing,
        clippy::unreachable,
        clippy::todo,
        clippy::unimplemented
    )
)]

use kim_core::doc::Path;
use kim_core::money::{DATE_MARK, DECIMAL_MARK};
use kim_core::{Error as KimCoreError, Violation};
use pyo3::BoundObject;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use serde::Serialize;
use serde::ser::{self, SerializeMap as _};
use serde_json::Value;
use std::sync::Arc;

// ------------------------------------------------------------------------------------------
// Python → document model
// ------------------------------------------------------------------------------------------

/// The Python classes the conversions need.
struct Classes<'py> {
    decimal: Bound<'py, PyAny>,
    date: Bound<'py, PyAny>,
    datetime: Bound<'py, PyAny>,
    /// `collections.abc.Mapping`: kim's own result records (`kim.Record`) go back in as documents.
    mapping: Bound<'py, PyAny>,
}

/// The classes, imported once per interpreter (looking them up on every conversion cost
/// microseconds per call: a lazy result asked for one field paid it each time).
static CLASSES: pyo3::sync::PyOnceLock<[Py<PyAny>; 4]> = pyo3::sync::PyOnceLock::new();

impl<'py> Classes<'py> {
    fn get(py: Python<'py>) -> PyResult<Self> {
        let [decimal, date, datetime, mapping] = CLASSES.get_or_try_init(py, || {
            let dt = py.import("datetime")?;
            PyResult::Ok([
                py.import("decimal")?.getattr("Decimal")?.unbind(),
                dt.getattr("date")?.unbind(),
                dt.getattr("datetime")?.unbind(),
                py.import("collections.abc")?.getattr("Mapping")?.unbind(),
            ])
        })?;
        Ok(Classes {
            decimal: decimal.bind(py).clone(),
            date: date.bind(py).clone(),
            datetime: datetime.bind(py).clone(),
            mapping: mapping.bind(py).clone(),
        })
    }
}

/// A Python value that cannot be part of a kim document: `kim.InputTypeError` (a `KimError`
/// and a `TypeError`) with `KIM-P010` at its path.
fn type_error(py: Python<'_>, path: &str, what: &str) -> PyErr {
    let at = if path.is_empty() { "value" } else { path };
    let v = Violation::new(kim_core::Code::P010, path).with("detail", what);
    raise(py, "InputTypeError", &format!("{at}: {what}"), &[v])
}

/// Converts a Python value to the document model. `float` is refused: amounts and VZÄ are
/// exact (use `decimal.Decimal`, `int` or `str`). Lists and dicts nested deeper than
/// `kim_core::doc::MAX_DEPTH` are refused (`KIM-P015`) before the walk goes further.
fn to_value(obj: &Bound<'_, PyAny>, cls: &Classes<'_>, path: &str) -> PyResult<Value> {
    // the caller's path (`plan`, `[3]`) as the first step; paths are rendered only for an error
    let root = Path::Root;
    let under = Path::Key(&root, path);
    to_value_at(obj, cls, if path.is_empty() { &root } else { &under }, 0)
}

fn to_value_at(
    obj: &Bound<'_, PyAny>,
    cls: &Classes<'_>,
    at: &Path<'_>,
    depth: usize,
) -> PyResult<Value> {
    if obj.is_none() {
        return Ok(Value::Null);
    }
    if obj.is_instance_of::<PyBool>() {
        return Ok(Value::Bool(obj.extract::<bool>()?));
    }
    if obj.is_instance_of::<PyInt>() {
        if let Ok(i) = obj.extract::<i64>() {
            return Ok(Value::from(i));
        }
        if let Ok(u) = obj.extract::<u64>() {
            return Ok(Value::from(u));
        }
        // beyond 64 bits: what the same integer in JSON text gives (a JSON reader can only take
        // it as a float): KIM-P005, out of range
        let f = obj.extract::<f64>().unwrap_or(f64::MAX);
        let v = kim_core::money::float_violation(&at.render(), f);
        return Err(to_py(obj.py(), v.into()));
    }
    if obj.is_instance_of::<PyFloat>() {
        // KIM-P004 with its path, raised as kim.FloatError (a KimError and a TypeError)
        let path = at.render();
        let v = kim_core::money::float_violation(&path, obj.extract::<f64>()?);
        let message = format!(
            "{}: float is not accepted for amounts or VZÄ (binary floating point is inexact): \
             use decimal.Decimal, int or str, e.g. Decimal(\"1.5\")",
            if path.is_empty() { "value" } else { &path }
        );
        return Err(raise(obj.py(), "FloatError", &message, &[v]));
    }
    if obj.is_instance_of::<PyString>() {
        // a str with a lone surrogate has no UTF-8 form: not part of a document
        return obj
            .extract::<&str>()
            .map(|t| Value::String(t.to_owned()))
            .map_err(|_| {
                type_error(
                    obj.py(),
                    &at.render(),
                    "a string that is not well-formed Unicode (a lone surrogate)",
                )
            });
    }
    // dicts, lists and tuples (most of a document) skip the isinstance checks below
    let builtin = obj.is_instance_of::<PyDict>()
        || obj.is_instance_of::<PyList>()
        || obj.is_instance_of::<PyTuple>();
    if !builtin {
        if obj.is_instance(&cls.decimal)? {
            if !obj.call_method0("is_finite")?.extract::<bool>()? {
                return Err(type_error(
                    obj.py(),
                    &at.render(),
                    "NaN and infinite decimals are not numbers kim accepts",
                ));
            }
            // plain notation (no exponent); a value that fits kim's decimal is written so that it
            // cannot be taken for German digit grouping, a larger one goes on as text and is
            // reported out of range with its path
            let text = obj
                .call_method1("__format__", ("f",))?
                .extract::<String>()?;
            // exactly, or not at all: a Decimal with more digits than kim's decimals hold goes on
            // as its text and is refused (KIM-P005), never rounded
            return Ok(Value::String(
                match kim_core::Decimal::from_str_exact(&text) {
                    Ok(d) => kim_core::money::document_text(d),
                    Err(_) => text,
                },
            ));
        }
        if obj.is_instance(&cls.datetime)? {
            return Ok(Value::String(
                obj.call_method1("isoformat", ("T", "seconds"))?
                    .extract::<String>()?,
            ));
        }
        if obj.is_instance(&cls.date)? {
            return Ok(Value::String(
                obj.call_method0("isoformat")?.extract::<String>()?,
            ));
        }
    }
    let mapping = !builtin && obj.is_instance(&cls.mapping)?;
    let container = builtin || mapping;
    if container && depth >= kim_core::doc::MAX_DEPTH {
        let v = kim_core::doc::too_deep(&at.render());
        return Err(to_py(obj.py(), v.into()));
    }
    let next = depth.saturating_add(1);
    let dict = match obj.cast::<PyDict>() {
        Ok(d) => Some(d.clone()),
        // any other Mapping (a kim.Record) as a dict of its items
        Err(_) if mapping => Some(PyDict::from_sequence(&obj.call_method0("items")?)?),
        Err(_) => None,
    };
    if let Some(d) = dict {
        let mut m = serde_json::Map::new();
        for (k, v) in d.iter() {
            let key = k
                .cast::<PyString>()
                .ok()
                .and_then(|k| k.to_str().ok())
                .ok_or_else(|| {
                    type_error(
                        obj.py(),
                        &at.render(),
                        "dict keys must be str (well-formed Unicode)",
                    )
                })?;
            let value = to_value_at(&v, cls, &Path::Key(at, key), next)?;
            m.insert(key.to_owned(), value);
        }
        return Ok(Value::Object(m));
    }
    if obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>() {
        let mut out = Vec::with_capacity(obj.len().unwrap_or(0));
        for (i, v) in obj.try_iter()?.enumerate() {
            out.push(to_value_at(&v?, cls, &Path::Index(at, i), next)?);
        }
        return Ok(Value::Array(out));
    }
    let name = obj.get_type().name()?.extract::<String>()?;
    Err(type_error(
        obj.py(),
        &at.render(),
        &format!("a {name} cannot be part of a kim document"),
    ))
}

fn doc<T: serde::de::DeserializeOwned>(
    py: Python<'_>,
    obj: &Bound<'_, PyAny>,
    path: &str,
) -> PyResult<T> {
    let cls = Classes::get(py)?;
    let v = to_value(obj, &cls, "")?;
    kim_core::doc::from_value(v).map_err(|e| to_py(py, e.under(path)))
}

// ------------------------------------------------------------------------------------------
// results → Python (dicts, lists, Decimal, date)
// ------------------------------------------------------------------------------------------

#[derive(Debug)]
struct SerError(String);

impl std::fmt::Display for SerError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}
impl std::error::Error for SerError {}
impl ser::Error for SerError {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        SerError(msg.to_string())
    }
}
impl From<PyErr> for SerError {
    fn from(e: PyErr) -> Self {
        SerError(e.to_string())
    }
}

#[derive(Clone, Copy)]
struct Ser<'a, 'py> {
    py: Python<'py>,
    cls: &'a Classes<'py>,
    /// The newtype mark being serialised (decimal or date), if any.
    mark: Option<&'static str>,
    /// Top level only: convert just this field of the result struct, or with [`KEYS`] list the
    /// field names (values `None`) — how [`Lazy`] converts a result field by field.
    only: Option<&'a str>,
}

/// [`Ser::only`] value that lists the field names without converting any value.
const KEYS: &str = "\0keys";

type R<'py> = Result<Bound<'py, PyAny>, SerError>;

impl<'a, 'py> Ser<'a, 'py> {
    fn plain(self) -> Self {
        Ser {
            mark: None,
            only: None,
            ..self
        }
    }
    fn obj<T: IntoPyObject<'py>>(self, v: T) -> R<'py> {
        v.into_pyobject(self.py)
            .map(|b| b.into_any().into_bound())
            .map_err(|e| SerError(Into::<PyErr>::into(e).to_string()))
    }
}

struct Seq<'a, 'py> {
    s: Ser<'a, 'py>,
    items: Vec<Bound<'py, PyAny>>,
    variant: Option<&'static str>,
}

struct Map<'a, 'py> {
    s: Ser<'a, 'py>,
    dict: Bound<'py, PyDict>,
    key: Option<Bound<'py, PyAny>>,
    variant: Option<&'static str>,
    /// The top-level filter ([`Ser::only`]).
    only: Option<&'a str>,
}

impl<'a, 'py> Seq<'a, 'py> {
    fn finish(self) -> R<'py> {
        let list = PyList::new(self.s.py, self.items)?.into_any();
        wrap_variant(self.s, self.variant, list)
    }
}

fn wrap_variant<'py>(
    s: Ser<'_, 'py>,
    variant: Option<&'static str>,
    v: Bound<'py, PyAny>,
) -> R<'py> {
    match variant {
        None => Ok(v),
        Some(name) => {
            let d = PyDict::new(s.py);
            d.set_item(name, v)?;
            Ok(d.into_any())
        }
    }
}

impl<'a, 'py> ser::Serializer for Ser<'a, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = SerError;
    type SerializeSeq = Seq<'a, 'py>;
    type SerializeTuple = Seq<'a, 'py>;
    type SerializeTupleStruct = Seq<'a, 'py>;
    type SerializeTupleVariant = Seq<'a, 'py>;
    type SerializeMap = Map<'a, 'py>;
    type SerializeStruct = Map<'a, 'py>;
    type SerializeStructVariant = Map<'a, 'py>;

    fn serialize_bool(self, v: bool) -> R<'py> {
        self.obj(v)
    }
    fn serialize_i8(self, v: i8) -> R<'py> {
        self.obj(v)
    }
    fn serialize_i16(self, v: i16) -> R<'py> {
        self.obj(v)
    }
    fn serialize_i32(self, v: i32) -> R<'py> {
        self.obj(v)
    }
    fn serialize_i64(self, v: i64) -> R<'py> {
        self.obj(v)
    }
    fn serialize_u8(self, v: u8) -> R<'py> {
        self.obj(v)
    }
    fn serialize_u16(self, v: u16) -> R<'py> {
        self.obj(v)
    }
    fn serialize_u32(self, v: u32) -> R<'py> {
        self.obj(v)
    }
    fn serialize_u64(self, v: u64) -> R<'py> {
        self.obj(v)
    }
    fn serialize_f32(self, _v: f32) -> R<'py> {
        Err(SerError(
            "kim results carry no floating-point numbers".into(),
        ))
    }
    fn serialize_f64(self, _v: f64) -> R<'py> {
        Err(SerError(
            "kim results carry no floating-point numbers".into(),
        ))
    }
    fn serialize_char(self, v: char) -> R<'py> {
        self.obj(v.to_string())
    }
    fn serialize_str(self, v: &str) -> R<'py> {
        match self.mark {
            Some(DECIMAL_MARK) => Ok(self.cls.decimal.call1((v,))?),
            Some(DATE_MARK) => Ok(self.cls.date.call_method1("fromisoformat", (v,))?),
            _ => self.obj(v),
        }
    }
    fn serialize_bytes(self, v: &[u8]) -> R<'py> {
        self.obj(v.to_vec())
    }
    fn serialize_none(self) -> R<'py> {
        Ok(self.py.None().into_bound(self.py))
    }
    fn serialize_some<T: ?Sized + Serialize>(self, v: &T) -> R<'py> {
        v.serialize(self)
    }
    fn serialize_unit(self) -> R<'py> {
        self.serialize_none()
    }
    fn serialize_unit_struct(self, _name: &'static str) -> R<'py> {
        self.serialize_none()
    }
    fn serialize_unit_variant(self, _n: &'static str, _i: u32, variant: &'static str) -> R<'py> {
        self.obj(variant)
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(self, name: &'static str, v: &T) -> R<'py> {
        let mark = [DECIMAL_MARK, DATE_MARK].into_iter().find(|m| *m == name);
        v.serialize(Ser { mark, ..self })
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _n: &'static str,
        _i: u32,
        variant: &'static str,
        v: &T,
    ) -> R<'py> {
        let inner = v.serialize(self.plain())?;
        wrap_variant(self, Some(variant), inner)
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Seq<'a, 'py>, SerError> {
        Ok(Seq {
            s: self.plain(),
            items: Vec::with_capacity(len.unwrap_or(0)),
            variant: None,
        })
    }
    fn serialize_tuple(self, len: usize) -> Result<Seq<'a, 'py>, SerError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(
        self,
        _n: &'static str,
        len: usize,
    ) -> Result<Seq<'a, 'py>, SerError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _n: &'static str,
        _i: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Seq<'a, 'py>, SerError> {
        let mut s = self.serialize_seq(Some(len))?;
        s.variant = Some(variant);
        Ok(s)
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Map<'a, 'py>, SerError> {
        Ok(Map {
            s: self.plain(),
            dict: PyDict::new(self.py),
            key: None,
            variant: None,
            only: self.only,
        })
    }
    fn serialize_struct(self, _n: &'static str, len: usize) -> Result<Map<'a, 'py>, SerError> {
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        _n: &'static str,
        _i: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Map<'a, 'py>, SerError> {
        let mut m = self.serialize_map(Some(len))?;
        m.variant = Some(variant);
        Ok(m)
    }
}

/// The four sequence-like serde traits: each element appended to the list.
macro_rules! seq_like {
    ($($trait:ident :: $method:ident),*) => {$(
        impl<'a, 'py> ser::$trait for Seq<'a, 'py> {
            type Ok = Bound<'py, PyAny>;
            type Error = SerError;
            fn $method<T: ?Sized + Serialize>(&mut self, v: &T) -> Result<(), SerError> {
                self.items.push(v.serialize(self.s)?);
                Ok(())
            }
            fn end(self) -> R<'py> {
                self.finish()
            }
        }
    )*};
}
seq_like!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

impl<'a, 'py> ser::SerializeMap for Map<'a, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = SerError;
    fn serialize_key<T: ?Sized + Serialize>(&mut self, k: &T) -> Result<(), SerError> {
        self.key = Some(k.serialize(self.s)?);
        Ok(())
    }
    fn serialize_value<T: ?Sized + Serialize>(&mut self, v: &T) -> Result<(), SerError> {
        let k = self
            .key
            .take()
            .ok_or_else(|| SerError("map value without a key".into()))?;
        self.dict.set_item(k, v.serialize(self.s)?)?;
        Ok(())
    }
    fn end(self) -> R<'py> {
        wrap_variant(self.s, self.variant, self.dict.into_any())
    }
}
/// The two struct-like serde traits: each field set in the dict.
macro_rules! struct_like {
    ($($trait:ident),*) => {$(
        impl<'a, 'py> ser::$trait for Map<'a, 'py> {
            type Ok = Bound<'py, PyAny>;
            type Error = SerError;
            fn serialize_field<T: ?Sized + Serialize>(
                &mut self,
                k: &'static str,
                v: &T,
            ) -> Result<(), SerError> {
                match self.only {
                    None => self.serialize_entry(k, v),
                    Some(KEYS) => Ok(self.dict.set_item(k, self.s.py.None())?),
                    Some(only) if only == k => self.serialize_entry(k, v),
                    Some(_) => Ok(()),
                }
            }
            fn end(self) -> R<'py> {
                wrap_variant(self.s, self.variant, self.dict.into_any())
            }
        }
    )*};
}
struct_like!(SerializeStruct, SerializeStructVariant);

/// A result as Python objects (dicts, lists, `Decimal`, `date`, `str`, `int`, `bool`, `None`).
fn to_py_obj<T: Serialize>(py: Python<'_>, v: &T) -> PyResult<Py<PyAny>> {
    to_py_only(py, v, None)
}

/// [`to_py_obj`] of one top-level field only, or the field names ([`KEYS`]).
fn to_py_only<T: Serialize>(py: Python<'_>, v: &T, only: Option<&str>) -> PyResult<Py<PyAny>> {
    let cls = Classes::get(py)?;
    v.serialize(Ser {
        py,
        cls: &cls,
        mark: None,
        only,
    })
    .map(Bound::unbind)
    .map_err(|e| PyValueError::new_err(e.0))
}

/// A result kept native: its fields are converted to Python one by one when first read
/// (`kim._records` wraps it in a read-only mapping). A notebook that reads `ev.totals` does
/// not pay for converting the whole trace.
#[pyclass(frozen, module = "kim._kim", name = "Lazy")]
struct Lazy {
    out: Arc<kim_core::conformance::Output>,
}

/// The results of a batch, kept native: `batch[i]` is the [`Lazy`] result of item `i`, made
/// when asked for (a state-wide replay makes one result per case; wrapping each as a Python
/// object cost more than the batch's own work).
#[pyclass(frozen, sequence, module = "kim._kim", name = "Batch")]
struct Batch {
    items: Vec<Arc<kim_core::conformance::Output>>,
}

#[pymethods]
impl Batch {
    fn __len__(&self) -> usize {
        self.items.len()
    }
    /// Item `index` (negative counts from the end); `IndexError` beyond the ends.
    fn __getitem__(&self, index: isize) -> PyResult<Lazy> {
        let at = if index < 0 {
            index
                .checked_add_unsigned(self.items.len())
                .and_then(|i| usize::try_from(i).ok())
        } else {
            usize::try_from(index).ok()
        };
        match at.and_then(|i| self.items.get(i)) {
            Some(out) => Ok(Lazy {
                out: Arc::clone(out),
            }),
            None => Err(pyo3::exceptions::PyIndexError::new_err(
                "batch index out of range",
            )),
        }
    }
}

impl Batch {
    fn of(outputs: impl Iterator<Item = kim_core::conformance::Output>) -> Self {
        Batch {
            items: outputs.map(Arc::new).collect(),
        }
    }
}

#[pymethods]
impl Lazy {
    /// The names of the result's fields, in document order.
    fn keys(&self, py: Python<'_>) -> PyResult<Vec<String>> {
        let d = to_py_only(py, &*self.out, Some(KEYS))?;
        d.bind(py).cast::<PyDict>()?.keys().extract()
    }
    /// One field as Python objects (`KeyError` if the result has no such field).
    fn field(&self, py: Python<'_>, key: &str) -> PyResult<Py<PyAny>> {
        if key == KEYS {
            return Err(pyo3::exceptions::PyKeyError::new_err(key.to_owned()));
        }
        let d = to_py_only(py, &*self.out, Some(key))?;
        match d.bind(py).cast::<PyDict>()?.get_item(key)? {
            Some(v) => Ok(v.unbind()),
            None => Err(pyo3::exceptions::PyKeyError::new_err(key.to_owned())),
        }
    }
    /// The whole result as Python objects.
    fn to_py(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        to_py_obj(py, &*self.out)
    }
}

/// A plan read once (`kim.Plan` keeps it and evaluates it many times without converting and
/// reading the document again).
#[pyclass(frozen, module = "kim._kim", name = "NativePlan")]
struct NativePlan {
    inner: kim_core::Plan,
}

#[pymethods]
impl NativePlan {
    /// Reads a plan document; errors carry the path under `plan` as in `run("evaluate_plan")`.
    #[staticmethod]
    fn read(py: Python<'_>, doc: &Bound<'_, PyAny>) -> PyResult<Self> {
        let cls = Classes::get(py)?;
        let value = to_value(doc, &cls, "plan")?;
        let inner = core(
            py,
            kim_core::Plan::from_value(value).map_err(|e| e.under("plan")),
        )?;
        Ok(NativePlan { inner })
    }
    /// The embedded example (Kreis Heinsberg 2023), read natively.
    #[staticmethod]
    fn example() -> Self {
        NativePlan {
            inner: kim_core::Plan::example(),
        }
    }
    /// The plan document as Python objects.
    fn to_py(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        to_py_obj(py, &self.inner)
    }
    /// Evaluates the plan (`options`, `overrides` as in `run("evaluate_plan")`; `params`, else
    /// the embedded table). The result is [`Lazy`].
    #[pyo3(signature = (options=None, overrides=None, params=None))]
    fn evaluate(
        &self,
        py: Python<'_>,
        options: Option<&Bound<'_, PyAny>>,
        overrides: Option<&Bound<'_, PyAny>>,
        params: Option<&PyParams>,
    ) -> PyResult<Lazy> {
        let cls = Classes::get(py)?;
        let doc = |v: Option<&Bound<'_, PyAny>>, path: &str| match v {
            Some(v) if !v.is_none() => to_value(v, &cls, path),
            _ => Ok(Value::Null),
        };
        let (options, overrides) = (doc(options, "options")?, doc(overrides, "overrides")?);
        let base = table_of(params);
        let out = core(
            py,
            kim_core::conformance::evaluate_read(&self.inner, options, overrides, base),
        )?;
        Ok(Lazy { out: Arc::new(out) })
    }
}

// ------------------------------------------------------------------------------------------
// errors
// ------------------------------------------------------------------------------------------

/// Maps a core error to the exception class of its area (defined in `kim/_errors.py`):
/// `ParamsError` (R), `AllocationError` (A), `CaseError` (C), else `ValidationError`.
fn to_py(py: Python<'_>, e: KimCoreError) -> PyErr {
    let violations = e.violations();
    let class = match violations
        .first()
        .map(|v| v.code.as_str().as_bytes().get(4).copied())
    {
        Some(Some(b'R')) => "ParamsError",
        Some(Some(b'A')) => "AllocationError",
        Some(Some(b'C')) => "CaseError",
        _ => "ValidationError",
    };
    raise(py, class, &e.to_string(), &violations)
}

/// An instance of the exception class `class` of `kim._errors` with the violations.
fn raise(py: Python<'_>, class: &str, message: &str, violations: &[Violation]) -> PyErr {
    let build = || -> PyResult<PyErr> {
        let module = py.import("kim._errors")?;
        let cls = module.getattr(class)?;
        let list = to_py_obj(py, &violations)?;
        let exc = cls.call1((message, list))?;
        Ok(PyErr::from_value(exc))
    };
    build().unwrap_or_else(|err| err)
}

fn core<T>(py: Python<'_>, r: kim_core::Result<T>) -> PyResult<T> {
    r.map_err(|e| to_py(py, e))
}

// ------------------------------------------------------------------------------------------
// functions
// ------------------------------------------------------------------------------------------

/// The crate version.
#[pyfunction]
fn version() -> &'static str {
    kim_core::VERSION
}

/// Runs one operation of the shared conformance vectors' vocabulary on a document: `parse`,
/// `grant`, `forward`, `distribute`, `evaluate_plan`, `validate_plan`, `case_replay`,
/// `report`, `synthetic`, `distribute_many`, `replay_many`. The Python API functions are built on this (see `kim/__init__.py`).
#[pyfunction]
fn run(py: Python<'_>, op: &str, input: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
    to_py_obj(py, &*run_lazy(py, op, input)?.out)
}

/// [`run`], with the result kept native ([`Lazy`]): its fields become Python objects when
/// read. A distribution over 396 Gemeinden returns in a fraction of the time it takes to
/// convert its shares, quotas and explanation.
#[pyfunction]
fn run_lazy(py: Python<'_>, op: &str, input: &Bound<'_, PyAny>) -> PyResult<Lazy> {
    let cls = Classes::get(py)?;
    let value = to_value(input, &cls, "")?;
    let out = core(py, kim_core::conformance::run_op_typed(op, &value))?;
    Ok(Lazy { out: Arc::new(out) })
}

/// A language argument (`"de"`, `"en"`); anything else is a `kim.ValidationError` (`KIM-P011`)
/// at `lang`.
fn lang_of(py: Python<'_>, lang: &str) -> PyResult<kim_core::Lang> {
    core(
        py,
        lang.parse::<kim_core::Lang>().map_err(|e| e.under("lang")),
    )
}

/// Renders violations as text in German or English.
#[pyfunction]
fn render_violations(
    py: Python<'_>,
    violations: &Bound<'_, PyAny>,
    lang: &str,
) -> PyResult<String> {
    let list: Vec<Violation> = doc(py, violations, "violations")?;
    let lang = lang_of(py, lang)?;
    Ok(kim_core::text::render_violations(&list, lang))
}

/// The council report (Sachstandsbericht) of a plan as one self-contained HTML page
/// (`kim_core::council::render_html`): `cases` a `kim.cases.v1` document or `None` (the plan's
/// inline cases), `period` as in `run("report")` (`None`: the plan's year), `lang` `"de"` or
/// `"en"`. Errors carry their path (`cases.…`, `period`).
#[pyfunction]
#[pyo3(signature = (plan, cases=None, period=None, lang="de"))]
fn report_html(
    py: Python<'_>,
    plan: &NativePlan,
    cases: Option<&Bound<'_, PyAny>>,
    period: Option<&str>,
    lang: &str,
) -> PyResult<String> {
    let cases = match cases {
        Some(c) if !c.is_none() => {
            let value = to_value(c, &Classes::get(py)?, "cases")?;
            Some(core(
                py,
                kim_core::cases::CasesDocument::from_value(value).map_err(|e| e.under("cases")),
            )?)
        }
        _ => None,
    };
    let period = core(
        py,
        kim_core::reporting::ReportPeriod::of_plan(&plan.inner, period),
    )?;
    let lang = lang_of(py, lang)?;
    core(
        py,
        kim_core::council::render_html(&plan.inner, cases.as_ref(), &period, lang),
    )
}

/// Formats an amount (`kind = "euro"`) or VZÄ (`"fte"`) in German (`"de"`), English (`"en"`)
/// or plain (`""`) notation.
#[pyfunction]
fn format_number(
    py: Python<'_>,
    kind: &str,
    value: &Bound<'_, PyAny>,
    locale: &str,
) -> PyResult<String> {
    let locale: kim_core::Locale = core(py, locale.parse())?;
    match kind {
        "euro" => Ok(doc::<kim_core::Euro>(py, value, "value")?.format(locale)),
        _ => Ok(doc::<kim_core::Fte>(py, value, "value")?.format(locale)),
    }
}

/// Renders an explanation as text: a `kim.trace.v1` dict, or a single trace node (as in a
/// forwarding result).
#[pyfunction]
fn render_trace(py: Python<'_>, trace: &Bound<'_, PyAny>, lang: &str) -> PyResult<String> {
    let lang = lang_of(py, lang)?;
    let is_tree = trace
        .cast::<PyDict>()
        .map(|d| d.contains("root"))
        .unwrap_or(Ok(false))?;
    let t = if is_tree {
        doc::<kim_core::Trace>(py, trace, "trace")?
    } else {
        kim_core::Trace::new(doc::<kim_core::TraceNode>(py, trace, "trace")?)
    };
    Ok(t.render(lang))
}

/// The case lifecycle's transition table.
#[pyfunction]
fn transition_table(py: Python<'_>) -> PyResult<Py<PyAny>> {
    to_py_obj(py, &kim_core::cases::transition_table())
}

/// The vocabulary: every code list with labels, and the terms of result fields.
#[pyfunction]
fn vocabulary(py: Python<'_>) -> PyResult<Py<PyAny>> {
    #[derive(Serialize)]
    struct Vocabulary {
        vocabularies: Vec<kim_core::vocab::Vocabulary>,
        terms: &'static [kim_core::vocab::Term],
    }
    to_py_obj(
        py,
        &Vocabulary {
            vocabularies: kim_core::vocab::vocabularies(),
            terms: kim_core::vocab::TERMS,
        },
    )
}

/// A parameter table (rates per VZÄ with validity, status and source).
#[pyclass(frozen, module = "kim._kim", name = "Params")]
struct PyParams {
    inner: kim_core::Params,
}

#[pymethods]
impl PyParams {
    /// The embedded table (`kim-core/data/params.toml`).
    #[staticmethod]
    fn default() -> Self {
        PyParams {
            inner: kim_core::Params::default(),
        }
    }

    /// A table from TOML text (the format of `kim-core/data/params.toml`).
    #[staticmethod]
    fn from_toml(py: Python<'_>, text: &str) -> PyResult<Self> {
        Ok(PyParams {
            inner: core(py, kim_core::Params::from_toml(text))?,
        })
    }

    /// The table with one rate overridden (what-if): `key`, first day, last day (or None),
    /// value per VZÄ and year.
    #[pyo3(signature = (key, start, end, value))]
    fn with_override(
        &self,
        py: Python<'_>,
        key: &Bound<'_, PyAny>,
        start: &Bound<'_, PyAny>,
        end: &Bound<'_, PyAny>,
        value: &Bound<'_, PyAny>,
    ) -> PyResult<Self> {
        let d = PyDict::new(py);
        d.set_item("key", key)?;
        d.set_item("from", start)?;
        d.set_item("to", end)?;
        d.set_item("value", value)?;
        let o: kim_core::conformance::RateOverride = doc(py, d.as_any(), "")?;
        Ok(PyParams {
            inner: core(py, self.inner.with_override(o.key, o.from, o.to, o.value))?,
        })
    }

    /// The rate for `key` on `day` with its value, validity, status and source; `lenient`
    /// carries the last known value forward (status `assumed`) instead of `KIM-R001`.
    #[pyo3(signature = (key, day, lenient = false))]
    fn rate(
        &self,
        py: Python<'_>,
        key: &Bound<'_, PyAny>,
        day: &Bound<'_, PyAny>,
        lenient: bool,
    ) -> PyResult<Py<PyAny>> {
        let key: kim_core::RateKey = doc(py, key, "key")?;
        let cls = Classes::get(py)?;
        let text = match to_value(day, &cls, "day")? {
            Value::String(t) => t,
            other => other.to_string(),
        };
        let day = core(
            py,
            kim_core::period::parse_date(&text).map_err(|e| e.under("day")),
        )?;
        let mode = if lenient {
            kim_core::Mode::Lenient
        } else {
            kim_core::Mode::Strict
        };
        let used = core(py, self.inner.rate(key, day, mode))?;
        to_py_obj(py, &kim_core::TraceParam::from(&used))
    }

    /// The whole table as dicts.
    fn to_dict(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        to_py_obj(py, &self.inner)
    }

    fn __repr__(&self) -> String {
        "Params(…)".to_owned()
    }
}

/// Like [`run`], computing with the given parameter table.
#[pyfunction]
fn run_with(
    py: Python<'_>,
    op: &str,
    input: &Bound<'_, PyAny>,
    params: &PyParams,
) -> PyResult<Py<PyAny>> {
    let cls = Classes::get(py)?;
    let value = to_value(input, &cls, "")?;
    let out = core(
        py,
        kim_core::conformance::run_op_with(op, &value, &params.inner),
    )?;
    to_py_obj(py, &out)
}

/// One case, built event by event with the same rules as `replay`.
#[pyclass(module = "kim._kim", name = "Case")]
struct PyCase {
    inner: kim_core::cases::Case,
}

#[pymethods]
impl PyCase {
    /// A new, not yet opened case; `config` is a Kreis's case configuration (dict).
    #[new]
    #[pyo3(signature = (id, config = None))]
    fn new(py: Python<'_>, id: &str, config: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        let config: kim_core::cases::CaseConfig = match config {
            Some(c) => doc(py, c, "config")?,
            None => kim_core::cases::CaseConfig::default(),
        };
        Ok(PyCase {
            inner: kim_core::cases::Case::with_config(id, config),
        })
    }

    /// Applies the next event (recorded order); returns the warnings. On error the case is
    /// unchanged and a `kim.CaseError` lists every problem.
    fn apply(&mut self, py: Python<'_>, event: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        let e: kim_core::cases::CaseEvent = doc(py, event, "event")?;
        let warnings = core(py, self.inner.apply(e))?;
        to_py_obj(py, &warnings)
    }

    /// The current state (`None` before `open`).
    #[getter]
    fn state(&self) -> Option<&'static str> {
        self.inner.state().map(|s| s.as_str())
    }

    /// The case as it stands (dict).
    fn record(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        to_py_obj(py, self.inner.record())
    }

    /// The accepted events, in recorded order.
    fn events(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        to_py_obj(py, &self.inner.events())
    }

    /// The transitions allowed now (rows of the transition table).
    fn next_steps(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        to_py_obj(py, &self.inner.next_steps())
    }

    fn __repr__(&self) -> String {
        format!(
            "Case({:?}, state={})",
            self.inner.record().id,
            self.inner.state().map_or("None", |s| s.as_str())
        )
    }
}

/// Runs the `kim` command line (`plan`, `validate`, `distribute`, `replay`, `report`, …) with
/// the given arguments (the first is the program name); returns the exit code. Output goes to
/// the process's standard output and error. Backs `python -m kim`.
#[pyfunction]
fn cli(args: Vec<String>) -> u8 {
    kim_cli::run_args(args)
}

/// The caller's parameter table, else the embedded one.
fn table_of(params: Option<&PyParams>) -> &kim_core::Params {
    match params {
        Some(p) => &p.inner,
        None => kim_core::Params::embedded(),
    }
}

// ------------------------------------------------------------------------------------------
// batches: one crossing per batch, the core's work without the GIL (kim_core::batch)
// ------------------------------------------------------------------------------------------

/// The items of a batch argument, each read with its index in the path (`[3].funded[0].fte`).
fn batch_items<T: serde::de::DeserializeOwned>(
    py: Python<'_>,
    items: &Bound<'_, PyAny>,
) -> PyResult<Vec<T>> {
    let cls = Classes::get(py)?;
    let mut out = Vec::new();
    for (i, item) in items.try_iter()?.enumerate() {
        let path = format!("[{i}]");
        let v = to_value(&item?, &cls, &path)?;
        out.push(kim_core::doc::from_value(v).map_err(|e| to_py(py, e.under(&path)))?);
    }
    Ok(out)
}

/// Results of a batch as [`Lazy`] results, in input order; the first failed item raises, with
/// its index in the path.
fn batch_results<T>(
    py: Python<'_>,
    results: Vec<kim_core::Result<T>>,
    wrap: impl Fn(T) -> kim_core::conformance::Output,
) -> PyResult<Batch> {
    let mut items = Vec::with_capacity(results.len());
    for (i, r) in results.into_iter().enumerate() {
        match r {
            Ok(v) => items.push(Arc::new(wrap(v))),
            Err(e) => return Err(to_py(py, e.under(&format!("[{i}]")))),
        }
    }
    Ok(Batch { items })
}

/// Evaluates many plans (documents or `NativePlan`s) with the same options, overrides and
/// parameter table: read with the GIL, evaluated without it on several threads.
#[pyfunction]
#[pyo3(signature = (plans, options=None, overrides=None, params=None))]
fn evaluate_many(
    py: Python<'_>,
    plans: &Bound<'_, PyAny>,
    options: Option<&Bound<'_, PyAny>>,
    overrides: Option<&Bound<'_, PyAny>>,
    params: Option<&PyParams>,
) -> PyResult<Batch> {
    let cls = Classes::get(py)?;
    let mut natives = Vec::new();
    for (i, item) in plans.try_iter()?.enumerate() {
        let item = item?;
        natives.push(match item.cast::<NativePlan>() {
            Ok(n) => n.get().inner.clone(),
            Err(_) => {
                let path = format!("[{i}]");
                let v = to_value(&item, &cls, &path)?;
                kim_core::Plan::from_value(v).map_err(|e| to_py(py, e.under(&path)))?
            }
        });
    }
    let doc = |v: Option<&Bound<'_, PyAny>>, path: &str| match v {
        Some(v) if !v.is_none() => to_value(v, &cls, path),
        _ => Ok(Value::Null),
    };
    let base = table_of(params);
    let (opts, table) = core(
        py,
        kim_core::conformance::evaluation_setup(
            doc(options, "options")?,
            doc(overrides, "overrides")?,
            base,
        ),
    )?;
    let results = py.detach(|| kim_core::batch::evaluate_many(&natives, &table, &opts));
    batch_results(py, results, kim_core::conformance::Output::Evaluation)
}

/// Case events read once (`kim.EventLog` keeps them): replaying them again, with another
/// configuration, converts nothing.
#[pyclass(frozen, module = "kim._kim", name = "NativeEvents")]
struct NativeEvents {
    events: Vec<kim_core::cases::CaseEvent>,
}

#[pymethods]
impl NativeEvents {
    /// Reads event documents (errors with the index first in the path, `[3].effective`) and
    /// checks the events-per-case limit.
    #[staticmethod]
    fn read(py: Python<'_>, events: &Bound<'_, PyAny>) -> PyResult<Self> {
        let events: Vec<kim_core::cases::CaseEvent> = batch_items(py, events)?;
        core(
            py,
            kim_core::cases::check_event_limit(&events).map_err(kim_core::Error::from),
        )?;
        Ok(NativeEvents { events })
    }
    fn __len__(&self) -> usize {
        self.events.len()
    }
    /// The events as Python objects (dicts, `date`, `datetime`).
    fn to_py(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        to_py_obj(py, &self.events)
    }
}

/// Replays the events of many cases (grouped by case, in order of first appearance): event
/// documents, or `NativeEvents` read before.
#[pyfunction]
#[pyo3(signature = (events, config=None))]
fn replay_many(
    py: Python<'_>,
    events: &Bound<'_, PyAny>,
    config: Option<&Bound<'_, PyAny>>,
) -> PyResult<Batch> {
    let read;
    let native = match events.cast::<NativeEvents>() {
        Ok(n) => n.get(),
        Err(_) => {
            read = NativeEvents::read(py, events)?;
            &read
        }
    };
    let config: kim_core::cases::CaseConfig = match config {
        Some(c) if !c.is_none() => doc(py, c, "config")?,
        _ => kim_core::cases::CaseConfig::default(),
    };
    let reports = py.detach(|| kim_core::batch::replay_many(&native.events, &config));
    Ok(Batch::of(
        reports
            .into_iter()
            .map(kim_core::conformance::Output::Replay),
    ))
}

/// Distributes posts for many scenarios (`kim.distribute` documents).
#[pyfunction]
fn distribute_many(py: Python<'_>, inputs: &Bound<'_, PyAny>) -> PyResult<Batch> {
    let inputs: Vec<kim_core::allocation::DistributionInput> = batch_items(py, inputs)?;
    let results = py.detach(|| kim_core::batch::distribute_many(&inputs));
    batch_results(py, results, kim_core::conformance::Output::Distribution)
}

/// The Land's grant for many requests (`{posts, options}` each) with one parameter table.
#[pyfunction]
#[pyo3(signature = (requests, params=None))]
fn grant_lines(
    py: Python<'_>,
    requests: &Bound<'_, PyAny>,
    params: Option<&PyParams>,
) -> PyResult<Batch> {
    let requests: Vec<kim_core::batch::GrantRequest> = batch_items(py, requests)?;
    let table = table_of(params);
    let results = py.detach(|| kim_core::batch::grant_lines(&requests, table));
    batch_results(py, results, kim_core::conformance::Output::Grant)
}

/// The module.
#[pymodule]
fn _kim(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(version, m)?)?;
    m.add_function(wrap_pyfunction!(run, m)?)?;
    m.add_function(wrap_pyfunction!(run_lazy, m)?)?;
    m.add_function(wrap_pyfunction!(render_violations, m)?)?;
    m.add_function(wrap_pyfunction!(report_html, m)?)?;
    m.add_function(wrap_pyfunction!(transition_table, m)?)?;
    m.add_function(wrap_pyfunction!(format_number, m)?)?;
    m.add_function(wrap_pyfunction!(run_with, m)?)?;
    m.add_function(wrap_pyfunction!(render_trace, m)?)?;
    m.add_function(wrap_pyfunction!(cli, m)?)?;
    m.add_function(wrap_pyfunction!(vocabulary, m)?)?;
    m.add_function(wrap_pyfunction!(evaluate_many, m)?)?;
    m.add_function(wrap_pyfunction!(replay_many, m)?)?;
    m.add_function(wrap_pyfunction!(distribute_many, m)?)?;
    m.add_function(wrap_pyfunction!(grant_lines, m)?)?;
    m.add_class::<PyParams>()?;
    m.add_class::<Lazy>()?;
    m.add_class::<Batch>()?;
    m.add_class::<NativePlan>()?;
    m.add_class::<NativeEvents>()?;
    m.add_class::<PyCase>()?;
    Ok(())
}
