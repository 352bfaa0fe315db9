//! `staffsim schedule SCENARIO`: whole agents on the shift templates of `[schedule]`.

use super::{args, emit, emit_json, is_stdout, one_stdout, progress::progress_bar, warn_all};
use clap::{Args, ValueEnum};
use staffsim::present::charts;
use staffsim::report::format::{money, money_whole, percent};
use staffsim::report::{Align, Table, write_atomically, write_csv};
use staffsim::scenario::{Objective, Scenario};
use staffsim::schedule::{self, ScheduleOptions, ScheduleResult};
use std::path::PathBuf;

pub(super) const EXAMPLES: &str = "\
Examples:
  # What to add to the holiday week's roster, and what it costs
  staffsim schedule scenarios/holiday-peak.toml

  # Hold 80/20 on 90 % of simulated days, each day on its own
  staffsim schedule scenarios/holiday-peak.toml --objective service

  # Publish: the shifts as CSV and as a roster the other commands read
  staffsim schedule scenarios/holiday-peak.toml --csv shifts.csv --roster-out roster.toml";

/// `--objective`.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum ObjectiveArg {
    /// Every open interval staffed at or above its requirement, at least cost.
    Cover,
    /// At least cost with every open day meeting the target on [target] confidence of its
    /// simulated replications.
    Service,
}

/// Arguments of `staffsim schedule`.
#[derive(Debug, Args)]
pub(super) struct ScheduleArgs {
    /// The scenario file (TOML) with a [schedule] section.
    #[arg(value_name = "SCENARIO")]
    scenario: PathBuf,

    /// What to optimise (overrides [schedule] objective).
    #[arg(long, value_enum)]
    objective: Option<ObjectiveArg>,

    /// Write one row per scheduled shift to PATH (- for stdout).
    #[arg(long, value_name = "PATH")]
    csv: Option<PathBuf>,

    /// Write the schedule as [[staffing.shift]] entries (dated, with breaks) to PATH.
    #[arg(long, value_name = "PATH")]
    roster_out: Option<PathBuf>,

    /// Draw coverage against requirement with the shifts beneath to PATH (.png or .svg).
    #[arg(long, value_name = "PATH")]
    chart: Option<PathBuf>,

    /// Print the schedule as one JSON object and nothing else on stdout.
    #[arg(long)]
    json: bool,

    /// Replications, seed and threads of the simulation that evaluates the schedule.
    #[command(flatten)]
    sim: args::SimFlags,
}

/// Runs `staffsim schedule`.
pub(super) fn run(args: ScheduleArgs) -> anyhow::Result<()> {
    one_stdout(args.json, "--csv", args.csv.as_deref())?;
    super::outputs_not_inputs(
        &staffsim::scenario::input_files(&args.scenario),
        &[
            ("--csv", args.csv.as_deref()),
            ("--roster-out", args.roster_out.as_deref()),
            ("--chart", args.chart.as_deref()),
        ],
    )?;
    let scenario = Scenario::load(&args.scenario)?;
    warn_all(&scenario.warnings);
    if scenario.schedule.is_none() {
        return Err(super::UsageError(format!(
            "{} has no [schedule] section: add [[schedule.template]] entries (name, start, length, days) to schedule from",
            args.scenario.display()
        ))
        .into());
    }
    let options = ScheduleOptions {
        sim: args
            .sim
            .options(scenario.simulation.replications, scenario.simulation.seed),
        objective: args.objective.map(|o| match o {
            ObjectiveArg::Cover => Objective::Cover,
            ObjectiveArg::Service => Objective::Service,
        }),
    };
    let (bar, tick) = progress_bar();
    let result = schedule::schedule(&scenario, options, &tick);
    bar.finish_and_clear();
    let result = result?;
    warn_all(&result.warnings);
    if let Some(path) = &args.csv {
        write_csv(path, &result.csv_rows())?;
    }
    if let Some(path) = &args.roster_out {
        write_atomically(
            path,
            schedule::roster_fragment(&scenario, &result).as_bytes(),
        )?;
    }
    if let Some(path) = &args.chart {
        charts::schedule(&scenario, &result)?.save_styled(path, &scenario.report.style)?;
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

/// "Sat 26 Dec 2026 — Boxing Day".
fn day_heading(scenario: &Scenario, date: &str) -> String {
    let Ok(day) = date.parse::<jiff::civil::Date>() else {
        return date.to_string();
    };
    let special = scenario
        .special_day_on(day)
        .map(|s| format!(" — {}", s.name))
        .unwrap_or_default();
    format!("{}{special}", day.strftime("%a %-d %b %Y"))
}

/// The text report: per day the shifts and the day's cover, the added-versus-today table when
/// the roster is kept, then the totals and the solver's bound.
pub(super) fn render(scenario: &Scenario, r: &ScheduleResult) -> String {
    let c = &r.currency;
    let objective = match r.objective {
        Objective::Cover => "cover every interval's requirement at least cost",
        Objective::Service => "meet the target on every day at least cost",
    };
    let mut out = format!(
        "{} — schedule: {objective}{}\n",
        scenario.name,
        if r.keep == "roster" {
            ", keeping today's roster and adding shifts"
        } else {
            ""
        }
    );
    for day in &r.days {
        let shifts: Vec<_> = r.shifts.iter().filter(|s| s.date == day.date).collect();
        if shifts.is_empty() {
            continue;
        }
        out.push_str(&format!("\n{}\n", day_heading(scenario, &day.date)));
        let mut table = Table::new([
            ("template", Align::Left),
            ("start", Align::Left),
            ("end", Align::Left),
            ("breaks", Align::Left),
            ("agents", Align::Right),
            ("paid hours", Align::Right),
            ("cost", Align::Right),
        ]);
        for s in shifts {
            let breaks: Vec<String> = s
                .breaks
                .iter()
                .map(|b| format!("{}–{}", &b.start[11..], &b.end[11..]))
                .collect();
            table.row([
                s.template.clone(),
                s.start[11..].to_string(),
                s.end[11..].to_string(),
                if breaks.is_empty() {
                    "–".to_string()
                } else {
                    breaks.join(", ")
                },
                s.agents.to_string(),
                format!("{:.1}", s.paid_hours),
                s.cost.map_or("–".into(), |v| money(v, c)),
            ]);
        }
        out.push_str(&table.to_string());
    }
    if let Some(added) = &r.added {
        out.push_str("\nAdded versus today's roster\n");
        let mut table = Table::new([
            ("date", Align::Left),
            ("shifts", Align::Right),
            ("agents", Align::Right),
            ("agent-hours", Align::Right),
            ("paid hours", Align::Right),
            ("cost", Align::Right),
            ("SL before → after", Align::Right),
            ("P(meet) before → after", Align::Right),
        ]);
        let pct = |v: Option<f64>| v.map_or("–".to_string(), |v| percent(v, 0));
        for (day, calendar) in r.days.iter().zip(scenario.days()) {
            let Some(a) = &day.added else { continue };
            if !calendar
                .intervals
                .clone()
                .any(|i| scenario.intervals[i].open)
            {
                continue;
            }
            let sl_before = a.service_level_before();
            let sl_after = day.service_level();
            table.row([
                day.date.clone(),
                a.shifts.to_string(),
                a.heads.to_string(),
                format!("{:.1}", a.agent_hours),
                format!("{:.1}", a.paid_hours),
                money_whole(a.cost, c),
                format!("{} → {}", pct(sl_before), pct(sl_after)),
                format!(
                    "{} → {}",
                    pct(a.p_meet_target_before),
                    pct(day.p_meet_target)
                ),
            ]);
        }
        table.row([
            "total".to_string(),
            added.shifts.to_string(),
            added.heads.to_string(),
            format!("{:.1}", added.agent_hours),
            format!("{:.1}", added.paid_hours),
            money_whole(added.cost, c),
            String::new(),
            String::new(),
        ]);
        out.push_str(&table.to_string());
    }
    out.push_str(&format!(
        "\ncoverage         {:.1} agent-hours on the phones for {:.1} required; {:.1} over, {:.1} short\n\
         shifts           {} shifts, {} agents, {:.1} paid hours, {}\n\
         solver           covering schedule {}, lower bound {}, gap {} ({}), {:.2} s\n",
        r.scheduled_agent_hours,
        r.required_agent_hours,
        r.over_coverage_agent_hours,
        r.under_coverage_agent_hours,
        r.shifts.len(),
        r.heads,
        r.paid_hours,
        money_whole(r.cost, c),
        money_whole(r.cover_cost, c),
        money_whole(r.lower_bound_cost, c),
        percent(r.gap, 2),
        if r.optimal { "optimal" } else { "within the gap" },
        r.solve_seconds
    ));
    if r.objective == Objective::Service {
        if r.short_days.is_empty() {
            out.push_str(&format!(
                "service          every open day meets the target on at least {} of simulated days\n",
                percent(scenario.target.confidence, 0)
            ));
        } else {
            out.push_str(&format!(
                "service          still short on {} after the search's limit: the best schedule found is shown\n",
                r.short_days.join(", ")
            ));
        }
    }
    out
}
