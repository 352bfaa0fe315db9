//! The `staffsim` binary: parse the command line, run the subcommand, map errors to exit codes.
//!
//! Exit codes: 0 success, 1 runtime error, 2 bad usage or bad input.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    let command = match cli::parse() {
        Ok(command) => command,
        Err(code) => return code,
    };
    match cli::dispatch(command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {}", cli::one_line(&err));
            cli::exit_code(&err)
        }
    }
}
