//! What the subcommands print: each command's result as text for a terminal. The CLI parses,
//! runs and writes files; the words and tables are here, beside the report's other renderings.

mod erlang;

pub use erlang::erlang;
