//! staffsim's integration tests, one module per subject, in one test binary: one link, and
//! every test free to run beside any other (the layout ripgrep uses). Shared helpers and
//! fixtures live in `common`.

mod common;

mod actuals;
mod bid;
mod bid_finance;
mod channels;
mod charts;
mod cli;
mod cli_fuzz;
mod cli_plan;
mod cli_run;
mod cli_simulate;
mod forecasting;
mod fuzz_readers;
mod hardening;
mod intraday;
mod outputs;
mod portfolio;
mod properties;
mod reference;
mod report_html;
mod roster;
mod routing;
mod scenario;
mod schedule;
mod serve;
mod serve_browser;
mod shard;
mod simulation;
mod sweep_bid;
mod workbook;
