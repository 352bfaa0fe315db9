//! `staffsim erlang`: one interval, evaluated or solved analytically.

use super::{UsageError, args, emit, emit_json};
use clap::Args;
use staffsim::present::{charts, terminal};
use staffsim::queueing::calculator::{Calculation, CalculatorRow, Mode};
use staffsim::queueing::{
    Constraints, QueueModel, ServiceTarget, SlDefinition, offered_load_erlangs,
};
use staffsim::units::{Seconds, Shrinkage};
use std::ops::RangeInclusive;
use std::path::PathBuf;

pub(super) const EXAMPLES: &str = "\
Examples:
  # Fewest agents for 80% answered within 20 s: 100 contacts per 30 min, AHT 3 min
  staffsim erlang --volume 100 --interval 30m --aht 180s --target 80/20

  # Evaluate 14 agents, measuring service level at 20 s
  staffsim erlang --volume 100 --interval 30m --aht 180s --agents 14 --within 20s

  # The staffing curve from 10 to 20 agents, with impatient callers (Erlang A), as JSON
  staffsim erlang --volume 100 --interval 30m --aht 180s --agents 10..20 --within 20s --patience 2m --json

  # Solve with an occupancy cap and shrinkage, and report the blocking of 70 trunk lines
  staffsim erlang --volume 400 --interval 30m --aht 257s --target 80/20 --max-occupancy 85% --shrinkage 30% --lines 70";

/// Arguments of `staffsim erlang`.
#[derive(Debug, Args)]
pub(super) struct ErlangArgs {
    /// Contacts offered in the interval.
    #[arg(long, value_name = "CONTACTS", value_parser = args::volume, allow_negative_numbers = true)]
    volume: f64,

    /// Length of the interval: 15m, 30m, 1h, or seconds.
    #[arg(long, value_name = "DURATION", value_parser = args::positive_duration, allow_hyphen_values = true)]
    interval: Seconds,

    /// Average handle time (talk + hold + wrap-up): 180s, 3m, or seconds.
    #[arg(long, value_name = "DURATION", value_parser = args::positive_duration, allow_hyphen_values = true)]
    aht: Seconds,

    /// Agents on the phones to evaluate: a number (14) or a range (10..20).
    #[arg(long, value_name = "N|A..B", value_parser = args::agents, allow_hyphen_values = true)]
    agents: Option<RangeInclusive<u32>>,

    /// Service-level threshold T when evaluating --agents without a --target.
    #[arg(long, value_name = "DURATION", value_parser = args::duration, conflicts_with = "target", allow_hyphen_values = true)]
    within: Option<Seconds>,

    /// Service target SL/T, e.g. 80/20 (80 % within 20 s). Alone it solves for the fewest agents;
    /// with --agents it evaluates them and reports whether they meet it.
    #[arg(long, value_name = "SL/T", value_parser = args::target, allow_hyphen_values = true)]
    target: Option<(f64, Seconds)>,

    /// Mean patience of waiting callers: switches from Erlang C to Erlang A (M/M/n+M).
    #[arg(long, value_name = "DURATION", value_parser = args::positive_duration, allow_hyphen_values = true)]
    patience: Option<Seconds>,

    /// What the service level divides by: offered contacts, answered contacts, or offered minus
    /// contacts abandoned within T.
    #[arg(long, value_name = "DEFINITION", default_value = "offered", value_parser = parse_sl_definition)]
    sl_definition: SlDefinition,

    /// Highest acceptable occupancy when solving (0.85 or 85%).
    #[arg(long, value_name = "FRACTION", value_parser = args::max_occupancy, allow_negative_numbers = true)]
    max_occupancy: Option<f64>,

    /// Highest acceptable ASA (mean wait of answered contacts) when solving; > 0.
    #[arg(long, value_name = "DURATION", value_parser = args::positive_duration, allow_hyphen_values = true)]
    max_asa: Option<Seconds>,

    /// Highest acceptable abandonment rate when solving (0.05 or 5%); needs --patience.
    #[arg(long, value_name = "FRACTION", value_parser = args::max_abandon, allow_negative_numbers = true)]
    max_abandon: Option<f64>,

    /// Shrinkage (0.3 or 30%): reports FTE = agents / (1 − shrinkage).
    #[arg(long, value_name = "FRACTION", value_parser = args::shrinkage, allow_negative_numbers = true)]
    shrinkage: Option<f64>,

    /// Report Erlang B blocking for this many lines (trunks) at the offered load.
    #[arg(long, value_name = "N", value_parser = args::lines, allow_hyphen_values = true)]
    lines: Option<u32>,

    /// Draw the staffing curve (service level and ASA by agents) to PATH (.png or .svg).
    #[arg(long, value_name = "PATH")]
    chart: Option<PathBuf>,

    /// Print one JSON object (a JSON array for a range of agents) and nothing else on stdout.
    #[arg(long)]
    json: bool,
}

fn parse_sl_definition(text: &str) -> Result<SlDefinition, String> {
    text.parse()
}

/// What the user asked for.
/// The validated request: the calculation, and where its answer goes.
#[derive(Debug)]
struct ErlangRequest {
    calculation: Calculation,
    chart: Option<PathBuf>,
    json: bool,
}

impl ErlangRequest {
    fn from_args(args: ErlangArgs) -> anyhow::Result<Self> {
        let load = offered_load_erlangs(args.volume, args.interval, args.aht);
        let model = QueueModel::new(load, args.aht, args.patience)?;
        let target = args
            .target
            .map(|(sl, within)| ServiceTarget::new(sl, within, args.sl_definition))
            .transpose()?;
        let constraints = Constraints {
            target,
            max_occupancy: args.max_occupancy,
            max_asa: args.max_asa,
            max_abandon: args.max_abandon,
        };
        constraints.validate()?;
        if args.chart.is_some() && args.agents.is_none() && constraints.is_empty() {
            return Err(UsageError(
                "--chart draws the staffing curve: give --agents A..B, --agents N or --target SL/T"
                    .into(),
            )
            .into());
        }
        let mode = match (&args.agents, constraints.is_empty(), args.lines) {
            (Some(range), _, _) => Mode::Evaluate(range.clone()),
            (None, false, _) => Mode::Solve,
            (None, true, Some(_)) => Mode::BlockingOnly,
            (None, true, None) => {
                return Err(UsageError(
                    "nothing to do: give --agents N to evaluate, --target SL/T to solve, or --lines N for blocking".into(),
                )
                .into());
            }
        };
        let within = match (target, args.within, &mode) {
            (Some(t), _, _) => t.within(),
            (None, Some(within), _) => within,
            (None, None, Mode::Evaluate(_)) => {
                return Err(UsageError(
                    "--agents needs a service-level threshold: give --within T (e.g. --within 20s) or --target SL/T".into(),
                )
                .into());
            }
            (None, None, _) => Seconds(0.0),
        };
        Ok(Self {
            calculation: Calculation {
                volume: args.volume,
                interval: args.interval,
                aht: args.aht,
                patience: args.patience,
                model,
                mode,
                within,
                definition: args.sl_definition,
                constraints,
                shrinkage: args.shrinkage.map(Shrinkage::new).transpose()?,
                lines: args.lines,
            },
            chart: args.chart,
            json: args.json,
        })
    }
}

/// Runs `staffsim erlang`.
pub(super) fn run(args: ErlangArgs) -> anyhow::Result<()> {
    let ErlangRequest {
        calculation,
        chart,
        json,
    } = ErlangRequest::from_args(args)?;
    let rows = calculation.evaluate()?;
    warn(&calculation, &rows);
    if let Some(path) = &chart {
        charts::calculator_curve(&calculation, &rows).save(path)?;
    }
    match (json, calculation.mode.is_curve()) {
        (true, true) => emit_json(&rows),
        (true, false) => emit_json(&rows[0]),
        (false, _) => emit(&terminal::erlang(&calculation, &rows)),
    }
}

/// Warnings go to stderr, so `--json` output stays clean.
fn warn(calculation: &Calculation, rows: &[CalculatorRow]) {
    let unstable: Vec<u32> = rows
        .iter()
        .filter(|r| r.stable == Some(false))
        .filter_map(|r| r.agents)
        .collect();
    if let (Some(first), Some(last)) = (unstable.first(), unstable.last()) {
        let who = if first == last {
            format!("{first} agents")
        } else {
            format!("{first} to {last} agents")
        };
        eprintln!(
            "warning: {who} cannot carry {:.3} Erlangs without abandonment: the queue grows without bound \
             (service level 0, ASA infinite); add agents or give --patience",
            calculation.model.load_erlangs()
        );
    }
    if calculation.constraints.max_abandon.is_some() && calculation.patience.is_none() {
        eprintln!(
            "warning: --max-abandon has no effect without --patience (Erlang C has no abandonment)"
        );
    }
}
