//! `staffsim bid SCENARIO`: contract sizing and pricing over a term.

use super::{args, emit, emit_json, is_stdout, one_stdout, progress::progress_bar, warn_all};
use clap::Args;
use staffsim::bid::{self, BidTotals};
use staffsim::present::{charts, terminal};
use staffsim::report::write_csv;
use std::path::PathBuf;

pub(super) const EXAMPLES: &str = "\
Examples:
  # Size and price the bundled two-year bid
  staffsim bid scenarios/bpo-bid-baseline.toml

  # Months as CSV, the bid as JSON, the FTE plan as a chart
  staffsim bid scenarios/bpo-bid-baseline.toml --csv months.csv --json --chart fte.png

  # The finance director's view: cash flow, cost build-up and margin sensitivity as charts
  staffsim bid scenarios/bpo-bid-finance.toml --cash-flow-chart cash.png --cost-chart costs.png --tornado tornado.png";

/// Arguments of `staffsim bid`.
#[derive(Debug, Args)]
pub(super) struct BidArgs {
    /// The scenario file (TOML) with a [bid] section.
    #[arg(value_name = "SCENARIO")]
    scenario: PathBuf,

    /// Write the months as CSV to PATH.
    #[arg(long, value_name = "PATH")]
    csv: Option<PathBuf>,

    /// Draw the monthly FTE and headcount plan to PATH (.png or .svg).
    #[arg(long, value_name = "PATH")]
    chart: Option<PathBuf>,

    /// Draw the cash flow (each month's net, the cumulative position, payback) to PATH.
    #[arg(long, value_name = "PATH")]
    cash_flow_chart: Option<PathBuf>,

    /// Draw the cost build-up as a waterfall, every line named, to PATH.
    #[arg(long, value_name = "PATH")]
    cost_chart: Option<PathBuf>,

    /// Draw the margin against each [bid.sensitivity] input (a tornado) to PATH.
    #[arg(long, value_name = "PATH")]
    tornado: Option<PathBuf>,

    /// Print the bid as one JSON object and nothing else on stdout.
    #[arg(long)]
    json: bool,

    #[command(flatten)]
    shard: super::shard::ShardFlags,

    /// Replications (overrides [bid] replications), seed and threads of the SLA-risk simulation.
    #[command(flatten)]
    sim: args::SimFlags,
}

/// Runs `staffsim bid`.
pub(super) fn run(args: BidArgs) -> anyhow::Result<()> {
    one_stdout(args.json, "--csv", args.csv.as_deref())?;
    super::outputs_not_inputs(
        &staffsim::scenario::input_files(&args.scenario),
        &[
            ("--csv", args.csv.as_deref()),
            ("--chart", args.chart.as_deref()),
            ("--cash-flow-chart", args.cash_flow_chart.as_deref()),
            ("--cost-chart", args.cost_chart.as_deref()),
            ("--tornado", args.tornado.as_deref()),
        ],
    )?;
    let session = args.shard.begin("bid", Some(&args.scenario))?;
    let scenario = match super::input::load(&args.scenario)? {
        super::input::Input::Scenario(scenario) => *scenario,
        super::input::Input::Portfolio(portfolio) => {
            if portfolio.skills.is_some() {
                return run_shared(&portfolio, &args, session);
            }
            super::input::refuse_files(&[
                ("--csv", args.csv.is_some()),
                ("--chart", args.chart.is_some()),
            ])?;
            finance_charts_refused(&args)?;
            return run_portfolio(&portfolio, &args, session);
        }
    };
    warn_all(&scenario.warnings);
    let Some(config) = &scenario.bid else {
        return Err(super::UsageError(format!(
            "{} has no [bid] section: add term_months, a monthly volume and [[bid.sites]]",
            args.scenario.display()
        ))
        .into());
    };
    let options = args
        .sim
        .options(config.replications, scenario.simulation.seed);
    let (bar, tick) = progress_bar();
    if let Some(session) = session {
        let recorded = bid::shard(&scenario, options, &tick);
        bar.finish_and_clear();
        recorded?;
        return session.finish(options);
    }
    let result = bid::bid(&scenario, options, &tick);
    bar.finish_and_clear();
    let result = result?;
    if let Some(path) = &args.csv {
        write_csv(path, &result.month_rows())?;
    }
    if let Some(path) = &args.chart {
        charts::bid_fte(&scenario, &result).save_styled(path, &scenario.report.style)?;
    }
    let style = &scenario.report.style;
    if let Some(path) = &args.cash_flow_chart {
        charts::bid_cash_flow(&scenario, &result).save_styled(path, style)?;
    }
    if let Some(path) = &args.cost_chart {
        charts::bid_cost_build_up(&scenario, &result).save_styled(path, style)?;
    }
    if let Some(path) = &args.tornado {
        if result.sensitivity.is_empty() {
            return Err(super::UsageError(format!(
                "--tornado: {} has no [bid.sensitivity]: add e.g. aht = [-0.05, 0.05] and volume = [-0.15, 0.15]",
                args.scenario.display()
            ))
            .into());
        }
        charts::bid_tornado(&scenario, &result).save_styled(path, style)?;
    }
    if is_stdout(args.csv.as_deref()) {
        return Ok(());
    }
    if args.json {
        emit_json(&result)
    } else {
        emit(&terminal::bid(&scenario, &result))
    }
}

/// The finance charts are one scenario's bid's: refused on a portfolio.
fn finance_charts_refused(args: &BidArgs) -> anyhow::Result<()> {
    super::input::refuse_files(&[
        ("--cash-flow-chart", args.cash_flow_chart.is_some()),
        ("--cost-chart", args.cost_chart.is_some()),
        ("--tornado", args.tornado.is_some()),
    ])
}

/// `bid` on a portfolio: every queue's own `[bid]`, each priced by its natural unit, and the whole.
fn run_portfolio(
    portfolio: &staffsim::portfolio::Portfolio,
    args: &BidArgs,
    session: Option<super::shard::Session>,
) -> anyhow::Result<()> {
    let mut results = Vec::with_capacity(portfolio.queues.len());
    let mut first_options = None;
    for q in &portfolio.queues {
        let Some(config) = &q.scenario.bid else {
            return Err(super::UsageError(format!(
                "{}: queue '{}' ({}) has no [bid] section: every queue of a bid portfolio needs one (a portfolio's [bid] gives the shared terms; each queue's file its volume)",
                args.scenario.display(),
                q.name,
                q.scenario.source.display()
            ))
            .into());
        };
        // Each queue's steps under its own name, should the run be sharded.
        let options = super::shard::scoped(
            args.sim
                .options(config.replications, q.scenario.simulation.seed),
            &q.name,
        );
        first_options.get_or_insert(options);
        let (bar, tick) = progress_bar();
        if session.is_some() {
            let recorded = bid::shard(&q.scenario, options, &tick);
            bar.finish_and_clear();
            recorded?;
            continue;
        }
        let result = bid::bid(&q.scenario, options, &tick);
        bar.finish_and_clear();
        results.push(result?);
    }
    if let (Some(session), Some(options)) = (session, first_options) {
        return session.finish(options);
    }
    let totals = BidTotals::of(&results);
    if args.json {
        let queues = portfolio
            .queues
            .iter()
            .zip(&results)
            .map(|(q, r)| -> anyhow::Result<serde_json::Value> {
                Ok(super::portfolio::queue_entry(
                    serde_json::json!({
                        "queue": q.name,
                        "channel": q.scenario.channel.kind(),
                        "unit": q.scenario.channel.priced_unit(),
                        "price_per_unit": r.price_per_contact,
                    }),
                    serde_json::to_value(r)?,
                ))
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        return super::portfolio::emit_with_totals(
            portfolio,
            queues,
            serde_json::to_value(totals)?,
        );
    }
    emit(&terminal::bid_portfolio(portfolio, &results, &totals))
}

/// `bid` on a portfolio whose queues share agents: the blended teams month by month.
fn run_shared(
    portfolio: &staffsim::portfolio::Portfolio,
    args: &BidArgs,
    session: Option<super::shard::Session>,
) -> anyhow::Result<()> {
    finance_charts_refused(args)?;
    let first = &portfolio.queues[0].scenario;
    let replications = first
        .bid
        .as_ref()
        .map_or(first.simulation.replications, |config| config.replications);
    let options = args.sim.options(replications, first.simulation.seed);
    let (bar, tick) = progress_bar();
    let result = staffsim::routing::bid::bid(portfolio, options, &tick);
    bar.finish_and_clear();
    let result = result?;
    if let Some(session) = session {
        return session.finish(options);
    }
    if let Some(path) = &args.csv {
        write_csv(path, &result.month_rows())?;
    }
    if let Some(path) = &args.chart {
        charts::routing_bid_fte(&result).save_styled(path, &first.report.style)?;
    }
    if is_stdout(args.csv.as_deref()) {
        return Ok(());
    }
    if args.json {
        emit_json(&result)
    } else {
        emit(&terminal::shared_bid(&result))
    }
}
