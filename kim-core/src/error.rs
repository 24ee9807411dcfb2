//! The library's error type. Every error carries one or more [`Violation`]s, so every face
//! (Rust, Python, JavaScript, CLI) reports the same stable codes, paths and messages.

use crate::validate::{Code, Violation};

/// What can go wrong in kim. Each variant carries [`Violation`]s with stable codes.
///
/// ```
/// use kim_core::{Fte, Locale};
/// let err = Fte::parse("1,5", Locale::Plain).unwrap_err();
/// assert_eq!(err.code().as_str(), "KIM-P003");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// A single problem with one input (unreadable document, bad number, missing rate, …).
    #[error("{0}")]
    Rejected(Box<Violation>),
    /// The input was read but breaks one or more rules; all of them are listed.
    #[error("{} problem(s) in the input; first: {}", .0.len(), first(.0))]
    Invalid(Vec<Violation>),
}

fn first(v: &[Violation]) -> String {
    v.first().map(ToString::to_string).unwrap_or_default()
}

impl Error {
    /// An error from one violation.
    ///
    /// ```
    /// use kim_core::{Code, Error, Violation};
    /// let e = Error::one(Violation::new(Code::V013, "funded[0].fte"));
    /// assert_eq!(e.code(), Code::V013);
    /// ```
    pub fn one(v: Violation) -> Self {
        Error::Rejected(Box::new(v))
    }

    /// An error from a code and path without parameters.
    ///
    /// ```
    /// use kim_core::{Code, Error};
    /// assert_eq!(Error::at(Code::A004, "weights").path(), "weights");
    /// ```
    pub fn at(code: Code, path: impl Into<String>) -> Self {
        Error::one(Violation::new(code, path))
    }

    /// The code of the (first) violation.
    ///
    /// ```
    /// let e = kim_core::Plan::from_json("{").unwrap_err();
    /// assert_eq!(e.code().as_str(), "KIM-P001");
    /// ```
    pub fn code(&self) -> Code {
        match self {
            Error::Rejected(v) => v.code,
            Error::Invalid(vs) => vs.first().map_or(Code::P001, |v| v.code),
        }
    }

    /// The path of the (first) violation.
    ///
    /// ```
    /// let e = kim_core::Fte::parse("1,5", kim_core::Locale::Plain).unwrap_err();
    /// assert_eq!(e.path(), "");
    /// ```
    pub fn path(&self) -> &str {
        match self {
            Error::Rejected(v) => &v.path,
            Error::Invalid(vs) => vs.first().map_or("", |v| v.path.as_str()),
        }
    }

    /// All violations.
    ///
    /// ```
    /// use kim_core::{Code, Error, Violation};
    /// let e = Error::Invalid(vec![Violation::new(Code::A001, "weights"), Violation::new(Code::A006, "options.step")]);
    /// assert_eq!(e.violations().len(), 2);
    /// ```
    pub fn violations(&self) -> Vec<Violation> {
        match self {
            Error::Rejected(v) => vec![(**v).clone()],
            Error::Invalid(vs) => vs.clone(),
        }
    }

    /// Prefixes the path of every violation.
    ///
    /// ```
    /// use kim_core::{Code, Error};
    /// assert_eq!(Error::at(Code::P009, "fte").under("[3]").path(), "[3].fte");
    /// ```
    #[must_use]
    pub fn under(self, prefix: &str) -> Self {
        match self {
            Error::Rejected(v) => Error::Rejected(Box::new(v.under(prefix))),
            Error::Invalid(vs) => Error::Invalid(vs.into_iter().map(|v| v.under(prefix)).collect()),
        }
    }
}

impl From<Violation> for Error {
    fn from(v: Violation) -> Self {
        Error::one(v)
    }
}

/// `Result` with kim's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
