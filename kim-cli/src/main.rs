//! `kim`: KIM plans, validation, distribution, cases and conformance vectors from the shell
//! (the commands live in the library, so `python -m kim` runs the same ones).

fn main() -> std::process::ExitCode {
    std::process::ExitCode::from(kim_cli::run_args(std::env::args().collect()))
}
