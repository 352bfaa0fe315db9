//! `staffsim erlang`: one interval, evaluated or solved analytically.

use super::{UsageError, args, emit, emit_json};
use clap::Args;
use staffsim::queueing::{
    Constraints, ErlangB, Performance, QueueModel, ServiceTarget, SlDefinition,
    offered_load_erlangs,
};
use staffsim::report::format;
use staffsim::report::{Align, Table};
use staffsim::units::{Seconds, Shrinkage};
use std::ops::RangeInclusive;
use std::path::{Path, PathBuf};

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
#[derive(Debug, Clone)]
enum Mode {
    /// Evaluate these staffing levels.
    Evaluate(RangeInclusive<u32>),
    /// Find the fewest agents meeting the constraints.
    Solve,
    /// Only Erlang B blocking for `--lines`.
    BlockingOnly,
}

/// The validated request: every combination of flags has been checked.
#[derive(Debug)]
struct ErlangRequest {
    volume: f64,
    interval: Seconds,
    aht: Seconds,
    patience: Option<Seconds>,
    model: QueueModel,
    mode: Mode,
    within: Seconds,
    definition: SlDefinition,
    constraints: Constraints,
    shrinkage: Option<Shrinkage>,
    lines: Option<u32>,
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
            chart: args.chart,
            json: args.json,
        })
    }
}

/// One staffing level's results, as printed in JSON. Fields that do not apply are `null`.
#[derive(Debug, serde::Serialize)]
struct ErlangRow {
    agents: Option<u32>,
    offered_load_erlangs: f64,
    service_level: Option<f64>,
    sl_definition: SlDefinition,
    within_seconds: f64,
    asa_seconds: Option<f64>,
    p_wait: Option<f64>,
    occupancy: Option<f64>,
    abandon_rate: Option<f64>,
    lines: Option<u32>,
    blocking: Option<f64>,
    shrinkage: Option<f64>,
    fte: Option<f64>,
    stable: Option<bool>,
    meets_target: Option<bool>,
    model: &'static str,
    solved: bool,
    volume: f64,
    interval_seconds: f64,
    aht_seconds: f64,
    patience_seconds: Option<f64>,
    target_service_level: Option<f64>,
}

/// Runs `staffsim erlang`.
pub(super) fn run(args: ErlangArgs) -> anyhow::Result<()> {
    let request = ErlangRequest::from_args(args)?;
    let rows = evaluate(&request)?;
    warn(&request, &rows);
    if let Some(path) = &request.chart {
        draw_curve(&request, &rows, path)?;
    }
    if request.json {
        match request.mode {
            Mode::Evaluate(ref range) if range.start() != range.end() => emit_json(&rows),
            _ => emit_json(&rows[0]),
        }
    } else {
        emit(&render(&request, &rows))
    }
}

fn evaluate(request: &ErlangRequest) -> anyhow::Result<Vec<ErlangRow>> {
    let blocking = match request.lines {
        Some(lines) => Some(ErlangB::new(request.model.load_erlangs())?.blocking(lines)),
        None => None,
    };
    let performances: Vec<Option<Performance>> = match &request.mode {
        Mode::Evaluate(range) => {
            check_range_work(&request.model, range)?;
            request
                .model
                .performance_at(
                    &range.clone().collect::<Vec<_>>(),
                    request.within,
                    request.definition,
                )
                .into_iter()
                .map(Some)
                .collect()
        }
        Mode::Solve => vec![Some(request.model.required_agents(&request.constraints)?)],
        Mode::BlockingOnly => vec![None],
    };
    let evaluating = matches!(request.mode, Mode::Evaluate(_));
    Ok(performances
        .into_iter()
        .map(|p| ErlangRow {
            agents: p.map(|p| p.agents),
            offered_load_erlangs: request.model.load_erlangs(),
            service_level: p.map(|p| p.service_level),
            sl_definition: request.definition,
            within_seconds: request.within.get(),
            asa_seconds: p.and_then(|p| p.asa).map(Seconds::get),
            p_wait: p.map(|p| p.p_wait),
            occupancy: p.map(|p| p.occupancy),
            abandon_rate: p.and_then(|p| p.abandon_rate),
            lines: request.lines,
            blocking,
            shrinkage: request.shrinkage.map(Shrinkage::fraction),
            fte: p.and_then(|p| request.shrinkage.map(|s| s.fte(p.agents))),
            stable: p.map(|p| p.stable),
            meets_target: p
                .filter(|_| evaluating && !request.constraints.is_empty())
                .map(|p| request.constraints.are_met_by(&p)),
            model: match request.model {
                QueueModel::ErlangC(_) if p.is_none() => "erlang-b",
                QueueModel::ErlangC(_) => "erlang-c",
                QueueModel::ErlangA(_) => "erlang-a",
                QueueModel::Chat(_) => "chat",
            },
            solved: matches!(request.mode, Mode::Solve),
            volume: request.volume,
            interval_seconds: request.interval.get(),
            aht_seconds: request.aht.get(),
            patience_seconds: request.patience.map(Seconds::get),
            target_service_level: request.constraints.target.map(|t| t.service_level()),
        })
        .collect())
}

/// The most agent-levels × agents an Erlang A range may cost (each level is O(agents + queue)):
/// about a minute of work. Erlang C ranges cost one recursion and need no cap.
const MAX_ERLANG_A_RANGE_WORK: u64 = 200_000_000;

/// Refuses an Erlang A range whose work would run for many minutes, naming the band where the
/// service level actually moves.
fn check_range_work(
    model: &QueueModel,
    range: &std::ops::RangeInclusive<u32>,
) -> anyhow::Result<()> {
    let QueueModel::ErlangA(_) = model else {
        return Ok(());
    };
    let levels = u64::from(range.end() - range.start()) + 1;
    if levels.saturating_mul(u64::from(*range.end()).max(1)) <= MAX_ERLANG_A_RANGE_WORK {
        return Ok(());
    }
    let load = model.load_erlangs();
    let spread = 6.0 * load.sqrt();
    Err(UsageError(format!(
        "--agents {}..{} asks for {levels} Erlang A evaluations at up to {} agents, hours of work: narrow it to the useful band, about {}..{} for {load:.0} Erlangs",
        range.start(),
        range.end(),
        range.end(),
        (load - spread).max(0.0).floor(),
        (load + spread + 10.0).ceil()
    ))
    .into())
}

/// The staffing curve over the range asked for, or around the one staffing level evaluated or solved.
fn draw_curve(request: &ErlangRequest, rows: &[ErlangRow], path: &Path) -> anyhow::Result<()> {
    let range = match &request.mode {
        Mode::Evaluate(range) if range.start() != range.end() => range.clone(),
        _ => {
            let n = rows[0].agents.unwrap_or(0);
            let width = (f64::from(n).sqrt() * 2.0).ceil().max(5.0) as u32;
            n.saturating_sub(width)..=n + width
        }
    };
    let chart = staffsim::present::charts::staffing_curve(
        &request.model,
        range,
        request.within,
        request.definition,
        &request.constraints,
        &format!(
            "Staffing curve: {} contacts per {}, AHT {} s",
            request.volume,
            request.interval,
            request.aht.get()
        ),
        &format!(
            "staffsim erlang · {} · {:.2} Erlangs offered · staffsim {}",
            request.model.kind(),
            request.model.load_erlangs(),
            env!("CARGO_PKG_VERSION")
        ),
    );
    chart.save(path)?;
    Ok(())
}

/// Warnings go to stderr, so `--json` output stays clean.
fn warn(request: &ErlangRequest, rows: &[ErlangRow]) {
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
            request.model.load_erlangs()
        );
    }
    if request.constraints.max_abandon.is_some() && request.patience.is_none() {
        eprintln!(
            "warning: --max-abandon has no effect without --patience (Erlang C has no abandonment)"
        );
    }
}

fn percent(x: f64) -> String {
    format::percent(x, 2)
}

fn seconds(x: Option<f64>) -> String {
    x.map_or_else(|| "∞".to_string(), |s| format::seconds(s, 2))
}

fn render(request: &ErlangRequest, rows: &[ErlangRow]) -> String {
    let model = match request.model {
        QueueModel::ErlangC(_) => "Erlang C (M/M/n, no abandonment)",
        QueueModel::ErlangA(_) => "Erlang A (M/M/n+M, exponential patience)",
        QueueModel::Chat(_) => "Chat (several sessions per agent)",
    };
    let mut inputs = Table::new([("", Align::Left), ("", Align::Left)]);
    inputs.row(["model".to_string(), model.to_string()]);
    inputs.row([
        "volume".to_string(),
        format!("{} contacts per {}", request.volume, request.interval),
    ]);
    inputs.row(["AHT".to_string(), format!("{} s", request.aht.get())]);
    if let Some(p) = request.patience {
        inputs.row(["patience".to_string(), format!("{} s (mean)", p.get())]);
    }
    inputs.row([
        "offered load".to_string(),
        format!("{:.3} Erlangs", request.model.load_erlangs()),
    ]);
    if let Some(t) = request.constraints.target {
        inputs.row([
            "target".to_string(),
            format!(
                "{} within {} s ({})",
                staffsim::report::format::share(t.service_level()),
                t.within().get(),
                t.definition()
            ),
        ]);
    }
    if let Some(max) = request.constraints.max_occupancy {
        inputs.row(["max occupancy".to_string(), percent(max)]);
    }
    if let Some(max) = request.constraints.max_asa {
        inputs.row(["max ASA".to_string(), format!("{} s", max.get())]);
    }
    if let Some(max) = request.constraints.max_abandon {
        inputs.row(["max abandonment".to_string(), percent(max)]);
    }
    if let Some(s) = request.shrinkage {
        inputs.row(["shrinkage".to_string(), percent(s.fraction())]);
    }
    let mut out = String::from("Inputs\n");
    out.push_str(&indent(&inputs.to_string()));

    match &request.mode {
        Mode::Evaluate(range) if range.start() != range.end() => {
            out.push_str(&format!(
                "\nStaffing curve (service level within {} s, {})\n",
                request.within.get(),
                request.definition
            ));
            out.push_str(&indent(&curve_table(request, rows).to_string()));
        }
        Mode::BlockingOnly => {}
        mode => {
            let row = &rows[0];
            let heading = match mode {
                Mode::Solve => "Result: fewest agents that meet every constraint",
                _ => "Result",
            };
            let mut result = Table::new([("", Align::Left), ("", Align::Left)]);
            result.row(["agents".to_string(), row.agents.unwrap_or(0).to_string()]);
            if let Some(fte) = row.fte {
                result.row([
                    "FTE".to_string(),
                    format!("{fte:.2} (paid, before rounding)"),
                ]);
            }
            result.row([
                "service level".to_string(),
                format!(
                    "{} within {} s ({})",
                    percent(row.service_level.unwrap_or(0.0)),
                    request.within.get(),
                    request.definition
                ),
            ]);
            result.row(["ASA".to_string(), seconds(row.asa_seconds)]);
            result.row(["P(wait)".to_string(), percent(row.p_wait.unwrap_or(0.0))]);
            result.row([
                "occupancy".to_string(),
                percent(row.occupancy.unwrap_or(0.0)),
            ]);
            if let Some(ab) = row.abandon_rate {
                result.row(["abandonment".to_string(), percent(ab)]);
            }
            if row.stable == Some(false) {
                result.row(["stable".to_string(), "no: load ≥ agents".to_string()]);
            }
            if let Some(meets) = row.meets_target {
                result.row([
                    "meets target".to_string(),
                    if meets { "yes" } else { "no" }.to_string(),
                ]);
            }
            out.push_str(&format!("\n{heading}\n"));
            out.push_str(&indent(&result.to_string()));
        }
    }
    if let (Some(lines), Some(blocking)) = (request.lines, rows[0].blocking) {
        out.push_str(&format!(
            "\nErlang B\n  blocking with {lines} lines  {}\n",
            percent(blocking)
        ));
    }
    out
}

fn curve_table(request: &ErlangRequest, rows: &[ErlangRow]) -> Table {
    let mut columns = vec![
        ("agents", Align::Right),
        ("service level", Align::Right),
        ("ASA", Align::Right),
        ("P(wait)", Align::Right),
        ("occupancy", Align::Right),
    ];
    let abandon = request.patience.is_some();
    if abandon {
        columns.push(("abandonment", Align::Right));
    }
    if request.shrinkage.is_some() {
        columns.push(("FTE", Align::Right));
    }
    let targeted = rows.iter().any(|r| r.meets_target.is_some());
    if targeted {
        columns.push(("meets target", Align::Left));
    }
    let mut table = Table::new(columns);
    for row in rows {
        let mut cells = vec![
            row.agents.unwrap_or(0).to_string(),
            percent(row.service_level.unwrap_or(0.0)),
            seconds(row.asa_seconds),
            percent(row.p_wait.unwrap_or(0.0)),
            percent(row.occupancy.unwrap_or(0.0)),
        ];
        if abandon {
            cells.push(percent(row.abandon_rate.unwrap_or(0.0)));
        }
        if let Some(fte) = row.fte {
            cells.push(format!("{fte:.2}"));
        }
        if targeted {
            cells.push(
                if row.meets_target == Some(true) {
                    "yes"
                } else {
                    "no"
                }
                .to_string(),
            );
        }
        table.row(cells);
    }
    table
}

fn indent(text: &str) -> String {
    text.lines().map(|l| format!("  {l}\n")).collect()
}
