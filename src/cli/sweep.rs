//! `staffsim sweep SCENARIO`: compare staffing options in parallel, or `--optimize` the staffing
//! interval by interval in simulation.

use super::{
    UsageError, args, emit, emit_json, is_stdout, one_stdout, progress::progress_bar, warn_all,
};
use clap::Args;
use staffsim::plan::format_start;
use staffsim::present::charts;
use staffsim::report::format;
use staffsim::report::{Align, Table, write_csv};
use staffsim::scenario::Scenario;
use staffsim::sim::Estimate;
use staffsim::sweep::{self, Optimization, SweepOption, SweepResult};
use std::path::PathBuf;

pub(super) const EXAMPLES: &str = "\
Examples:
  # Every option of the scenario's [sweep], simulated with common random numbers
  staffsim sweep scenarios/holiday-peak.toml

  # The same as JSON, with the cost-vs-service front as a chart
  staffsim sweep scenarios/holiday-peak.toml --json --chart front.png

  # Staffing that meets the target in simulation, interval by interval
  staffsim sweep scenarios/holiday-peak.toml --optimize --csv optimised.csv";

/// Arguments of `staffsim sweep`.
#[derive(Debug, Args)]
pub(super) struct SweepArgs {
    /// The scenario file (TOML), with a [sweep] section unless --optimize.
    #[arg(value_name = "SCENARIO")]
    scenario: PathBuf,

    /// Find per-interval staffing that meets the target in simulation (starting from the Erlang
    /// plan), and show how it differs from the interval-by-interval plan.
    #[arg(long)]
    optimize: bool,

    #[command(flatten)]
    sim: args::SimFlags,

    /// Write the options (or, with --optimize, the intervals) as CSV to PATH.
    #[arg(long, value_name = "PATH")]
    csv: Option<PathBuf>,

    /// Draw the cost-vs-service front (or, with --optimize, required vs optimised agents) to PATH.
    #[arg(long, value_name = "PATH")]
    chart: Option<PathBuf>,

    /// Print one JSON object and nothing else on stdout.
    #[arg(long)]
    json: bool,
}

/// Runs `staffsim sweep`.
pub(super) fn run(args: SweepArgs) -> anyhow::Result<()> {
    one_stdout(args.json, "--csv", args.csv.as_deref())?;
    super::outputs_not_inputs(
        &staffsim::scenario::input_files(&args.scenario),
        &[
            ("--csv", args.csv.as_deref()),
            ("--chart", args.chart.as_deref()),
        ],
    )?;
    let scenario = match super::input::load(&args.scenario)? {
        super::input::Input::Scenario(scenario) => *scenario,
        super::input::Input::Portfolio(portfolio) => {
            super::input::refuse_files(&[
                ("--csv", args.csv.is_some()),
                ("--chart", args.chart.is_some()),
                ("--optimize", args.optimize),
            ])?;
            return run_portfolio(&portfolio, &args);
        }
    };
    warn_all(&scenario.warnings);
    if args.optimize {
        if scenario.channel.outbound().is_some() || scenario.channel.is_deferrable() {
            return Err(UsageError(format!(
                "--optimize tunes a live queue's service level interval by interval; {} is {} work, planned exactly by its own model: sweep it with a [sweep] section instead",
                args.scenario.display(),
                scenario.channel.kind()
            ))
            .into());
        }
        return run_optimize(&scenario, &args);
    }
    let Some(config) = scenario.sweep.clone() else {
        return Err(UsageError(format!(
            "{} has no [sweep] section: add one (e.g. requirement_multiplier = [1.0, 1.1]) or use --optimize",
            args.scenario.display()
        ))
        .into());
    };
    let options = args.sim.options(
        config
            .replications
            .unwrap_or(scenario.simulation.replications),
        scenario.simulation.seed,
    );
    let (bar, tick) = progress_bar();
    let result = sweep::sweep(&scenario, &config, options, &tick);
    bar.finish_and_clear();
    let result = result?;
    if let Some(path) = &args.csv {
        write_csv(path, &csv_rows(&result))?;
    }
    if let Some(path) = &args.chart {
        charts::sweep_front(&scenario, &result).save_styled(path, &scenario.report.style)?;
    }
    if is_stdout(args.csv.as_deref()) {
        return Ok(());
    }
    if args.json {
        emit_json(&result.json())
    } else {
        emit(&render(&scenario, &result))
    }
}

#[derive(serde::Serialize)]
struct OptionRow<'a> {
    option: &'a str,
    paid_hours: f64,
    fte: f64,
    peak_agents: u32,
    cost: f64,
    cost_per_contact: Option<f64>,
    erlang_service_level: Option<f64>,
    service_level: Option<f64>,
    service_level_lo: Option<f64>,
    service_level_hi: Option<f64>,
    p_meet_target: f64,
    worst_day: Option<&'a str>,
    asa_seconds: Option<f64>,
    abandon_rate: Option<f64>,
    occupancy: Option<f64>,
    pareto: bool,
    recommended: bool,
}

fn csv_rows(result: &SweepResult) -> Vec<OptionRow<'_>> {
    let mean = |e: Option<Estimate>| e.map(|e| e.mean);
    result
        .options
        .iter()
        .enumerate()
        .map(|(k, o)| OptionRow {
            option: &o.label,
            paid_hours: o.paid_hours,
            fte: o.fte,
            peak_agents: o.peak_agents,
            cost: o.cost,
            cost_per_contact: o.cost_per_contact,
            erlang_service_level: o.erlang_service_level,
            service_level: mean(o.service_level),
            service_level_lo: o.service_level.and_then(|e| e.ci95).map(|c| c[0]),
            service_level_hi: o.service_level.and_then(|e| e.ci95).map(|c| c[1]),
            p_meet_target: o.p_meet_target,
            worst_day: o.worst_day.as_deref(),
            asa_seconds: mean(o.asa_seconds),
            abandon_rate: mean(o.abandon_rate),
            occupancy: mean(o.occupancy),
            pareto: o.pareto,
            recommended: result.recommended.iter().any(|(_, r)| *r == Some(k)),
        })
        .collect()
}

fn render(scenario: &Scenario, result: &SweepResult) -> String {
    let target = scenario.target.service;
    if let Some(dialler) = scenario.channel.outbound() {
        return render_options(
            scenario,
            result,
            format!(
                "{} — sweep of {} options × {} replications (common random numbers, seed {})\n\
                 target: each day's right-party contacts (less 2√target of dialler noise) with abandonment ≤ {:.1} %; recommended = cheapest option whose simulated days meet it {:.0} % of the time\n\n",
                scenario.name,
                result.options.len(),
                result.replications,
                result.seed,
                dialler.max_abandon * 100.0,
                result.confidence * 100.0,
            ),
        );
    }
    let header = format!(
        "{} — sweep of {} options × {} replications (common random numbers, seed {})\n\
         target {:.0} % within {} s; recommended = cheapest option whose simulated days meet it {:.0} % of the time\n\n",
        scenario.name,
        result.options.len(),
        result.replications,
        result.seed,
        target.service_level() * 100.0,
        target.within().get(),
        result.confidence * 100.0
    );
    render_options(scenario, result, header)
}

/// The options table under `header`, and the recommendation.
fn render_options(scenario: &Scenario, result: &SweepResult, header: String) -> String {
    let currency = &scenario.cost.currency;
    let mut out = header;
    let cost_header = if scenario.cost.hourly_cost.is_some() {
        format!("cost ({currency})")
    } else {
        "paid hours".into()
    };
    let per_day = scenario.target.confidence_per == staffsim::scenario::ConfidencePer::Day;
    let mut table = Table::new([
        ("option", Align::Left),
        ("paid hours", Align::Right),
        ("FTE", Align::Right),
        (cost_header.as_str(), Align::Right),
        ("SL Erlang", Align::Right),
        ("SL simulated", Align::Right),
        (
            if per_day {
                "P(worst day meets)"
            } else {
                "P(day meets)"
            },
            Align::Right,
        ),
        ("abandoned", Align::Right),
        ("", Align::Left),
    ]);
    let mut order: Vec<usize> = (0..result.options.len()).collect();
    order.sort_by(|&a, &b| result.options[a].cost.total_cmp(&result.options[b].cost));
    for k in order {
        let o: &SweepOption = &result.options[k];
        let mut marks = Vec::new();
        if result.recommended.iter().any(|(_, r)| *r == Some(k)) {
            marks.push("← recommended");
        } else if o.pareto {
            marks.push("front");
        }
        table.row([
            o.label.clone(),
            format::thousands(o.paid_hours),
            format::grouped(o.fte, 1),
            format::thousands(o.cost),
            o.erlang_service_level
                .map_or("–".into(), |s| format::percent(s, 1)),
            super::percent_ci(o.service_level),
            format::percent(o.p_meet_target, 0),
            o.abandon_rate
                .map_or("–".into(), |e| format::percent(e.mean, 1)),
            marks.join(" "),
        ]);
    }
    out.push_str(&table.to_string());
    out.push('\n');
    for (variant, k) in &result.recommended {
        match k {
            Some(k) => {
                let o = &result.options[*k];
                let cost = if scenario.cost.hourly_cost.is_some() {
                    format!(", {}", format::money_whole(o.cost, currency))
                } else {
                    String::new()
                };
                out.push_str(&format!(
                    "{variant}: {} — {} paid hours{cost}, simulated service level {}, {} {}{}\n",
                    o.label,
                    format::thousands(o.paid_hours),
                    super::percent_ci(o.service_level),
                    if per_day { "worst day meeting the target" } else { "days meeting the target" },
                    format::percent(o.p_meet_target, 0),
                    o.worst_day.as_ref().filter(|_| per_day).map_or(String::new(), |d| format!(" ({d})"))
                ));
                if o.point.requirement_multiplier.is_some() {
                    out.push_str("  (a multiple of the requirement changes staffing every interval and cannot be rostered as it stands: `staffsim schedule` turns it into shifts)\n");
                }
            }
            None => out.push_str(&format!(
                "{variant}: no option meets the target on {:.0} % of simulated days; widen the sweep\n",
                result.confidence * 100.0
            )),
        }
    }
    out.push_str(&format!(
        "{} contacts simulated in {:.2} s ({:.1} million per second)\n",
        result.contacts_simulated,
        result.wall_seconds,
        result.contacts_per_second() / 1e6
    ));
    out
}

fn run_optimize(scenario: &Scenario, args: &SweepArgs) -> anyhow::Result<()> {
    let options = args
        .sim
        .options(scenario.simulation.replications, scenario.simulation.seed);
    let (bar, tick) = progress_bar();
    let result = sweep::optimize(scenario, options, &tick);
    bar.finish_and_clear();
    let result = result?;
    if let Some(path) = &args.csv {
        write_csv(path, &result.intervals)?;
    }
    if let Some(path) = &args.chart {
        charts::optimized_staffing(scenario, &result).save_styled(path, &scenario.report.style)?;
    }
    if is_stdout(args.csv.as_deref()) {
        return Ok(());
    }
    if args.json {
        emit_json(&optimize_json(scenario, &result))
    } else {
        emit(&render_optimize(scenario, &result))
    }
}

fn optimize_json(scenario: &Scenario, r: &Optimization) -> serde_json::Value {
    let (e, o) = (&r.erlang.totals, &r.optimized.totals);
    serde_json::json!({
        "scenario": scenario.name,
        "iterations": r.iterations,
        "converged": r.converged,
        "erlang_agent_hours": e.required_agent_hours,
        "optimized_agent_hours": o.staffed_agent_hours,
        "extra_agent_hours": o.staffed_agent_hours - e.required_agent_hours,
        "erlang_paid_hours": e.required_agent_hours / (1.0 - scenario.shrinkage.total.fraction()),
        "optimized_paid_hours": o.scheduled_agent_hours,
        "extra_cost": scenario.cost.hourly_cost.map(|c| (o.scheduled_agent_hours - e.required_agent_hours / (1.0 - scenario.shrinkage.total.fraction())) * c),
        "service_level": r.simulation.run.service_level,
        "intervals": r.intervals,
    })
}

fn render_optimize(scenario: &Scenario, r: &Optimization) -> String {
    let shrink = 1.0 - scenario.shrinkage.total.fraction();
    let mut out = format!(
        "{} — staffing optimised in simulation ({} iterations, {}; {} replications each)\n\n",
        scenario.name,
        r.iterations,
        if r.converged {
            "converged"
        } else {
            "stopped at the iteration limit"
        },
        r.simulation.replications
    );
    let mut table = Table::new([
        ("date", Align::Left),
        ("Erlang agent-h", Align::Right),
        ("optimised agent-h", Align::Right),
        ("difference", Align::Right),
        ("intervals raised", Align::Right),
        ("intervals lowered", Align::Right),
        ("simulated SL", Align::Right),
    ]);
    for ((e, o), s) in r
        .erlang
        .days
        .iter()
        .zip(&r.optimized.days)
        .zip(&r.simulation.days)
    {
        if e.totals.intervals == 0 {
            continue;
        }
        let day: Vec<_> = r
            .intervals
            .iter()
            .filter(|i| i.start.date() == e.date)
            .collect();
        table.row([
            e.date.to_string(),
            format!("{:.1}", e.totals.required_agent_hours),
            format!("{:.1}", o.totals.staffed_agent_hours),
            format!(
                "{:+.1}",
                o.totals.staffed_agent_hours - e.totals.required_agent_hours
            ),
            day.iter()
                .filter(|i| i.optimized_agents > i.erlang_agents)
                .count()
                .to_string(),
            day.iter()
                .filter(|i| i.optimized_agents < i.erlang_agents)
                .count()
                .to_string(),
            super::percent_ci(s.kpis.service_level),
        ]);
    }
    out.push_str(&table.to_string());
    let (e, o) = (&r.erlang.totals, &r.optimized.totals);
    let extra = o.staffed_agent_hours - e.required_agent_hours;
    out.push_str(&format!(
        "\ncarry-over: the simulation needs {extra:+.1} agent-hours ({:+.1} paid hours) against the interval-by-interval {} plan",
        extra / shrink,
        r.erlang.model
    ));
    if let Some(c) = scenario.cost.hourly_cost {
        let amount = extra / shrink * c;
        out.push_str(&format!(
            ", {}{}",
            if amount >= 0.0 { "+" } else { "-" },
            format::money_whole(amount.abs(), &scenario.cost.currency)
        ));
    }
    out.push('\n');
    let misses: Vec<String> = r
        .intervals
        .iter()
        .filter(|i| {
            i.service_level
                .is_some_and(|s| s < scenario.target.service.service_level())
        })
        .map(|i| format_start(i.start))
        .collect();
    if !misses.is_empty() {
        out.push_str(&format!("still below target: {}\n", misses.join(", ")));
    }
    out
}

/// `sweep` on a portfolio: each queue's own `[sweep]`, and the totals of the recommended options.
fn run_portfolio(
    portfolio: &staffsim::portfolio::Portfolio,
    args: &SweepArgs,
) -> anyhow::Result<()> {
    let mut results = Vec::with_capacity(portfolio.queues.len());
    for q in &portfolio.queues {
        let Some(config) = &q.scenario.sweep else {
            return Err(UsageError(format!(
                "{}: queue '{}' ({}) has no [sweep] section: every queue of a swept portfolio needs one",
                args.scenario.display(),
                q.name,
                q.scenario.source.display()
            ))
            .into());
        };
        let options = args.sim.options(
            config
                .replications
                .unwrap_or(q.scenario.simulation.replications),
            q.scenario.simulation.seed,
        );
        let (bar, tick) = progress_bar();
        let result = sweep::sweep(&q.scenario, config, options, &tick);
        bar.finish_and_clear();
        results.push(result?);
    }
    // The first variant's recommendation of each queue; the totals only when every queue has one.
    let chosen: Vec<Option<&SweepOption>> = results
        .iter()
        .map(|r| {
            r.recommended
                .first()
                .and_then(|(_, k)| *k)
                .map(|k| &r.options[k])
        })
        .collect();
    let all = chosen.iter().all(Option::is_some);
    let sum = |f: &dyn Fn(&SweepOption) -> f64| {
        all.then(|| chosen.iter().flatten().map(|o| f(o)).sum::<f64>())
    };
    let totals = serde_json::json!({
        "recommended_paid_hours": sum(&|o| o.paid_hours),
        "recommended_fte": sum(&|o| o.fte),
        "recommended_cost": sum(&|o| o.cost),
        "queues_without_a_recommendation": chosen.iter().filter(|c| c.is_none()).count(),
    });
    if args.json {
        let queues = portfolio
            .queues
            .iter()
            .zip(&results)
            .map(|(q, r)| {
                super::portfolio::queue_entry(
                    serde_json::json!({ "queue": q.name, "channel": q.scenario.channel.kind() }),
                    r.json(),
                )
            })
            .collect::<Vec<_>>();
        return super::portfolio::emit_with_totals(portfolio, queues, totals);
    }
    let mut out = super::portfolio::queue_sections(portfolio, |k| {
        render(&portfolio.queues[k].scenario, &results[k])
    });
    let currency = portfolio
        .queues
        .first()
        .map_or(String::new(), |q| q.scenario.cost.currency.clone());
    match (sum(&|o| o.paid_hours), sum(&|o| o.cost)) {
        (Some(hours), Some(cost)) => out.push_str(&format!(
            "portfolio {}: the recommended options together need {} paid hours, {}\n",
            portfolio.name,
            format::thousands(hours),
            format::money_whole(cost, &currency)
        )),
        _ => out.push_str(&format!(
            "portfolio {}: {} queue(s) have no option that meets the target; widen their sweeps\n",
            portfolio.name,
            chosen.iter().filter(|c| c.is_none()).count()
        )),
    }
    emit(&out)
}
