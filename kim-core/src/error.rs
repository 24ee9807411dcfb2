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
    pub fn one(v: Violation) -> Self {
        Error::Rejected(Box::new(v))
    }

    /// An error from a code and path without parameters.
    pub fn at(code: Code, path: impl Into<String>) -> Self {
        Error::one(Violation::new(code, path))
    }

    /// The code of the (first) violation.
    pub fn code(&self) -> Code {
        match self {
            Error::Rejected(v) => v.code,
            Error::Invalid(vs) => vs.first().map_or(Code::P001, |v| v.code),
        }
    }

    /// The path of the (first) violation.
    pub fn path(&self) -> &str {
        match self {
            Error::Rejected(v) => &v.path,
            Error::Invalid(vs) => vs.first().map_or("", |v| v.path.as_str()),
        }
    }

    /// All violations.
    pub fn violations(&self) -> Vec<Violation> {
        match self {
            Error::Rejected(v) => vec![(**v).clone()],
            Error::Invalid(vs) => vs.clone(),
        }
    }

    /// Prefixes the path of every violation.
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
