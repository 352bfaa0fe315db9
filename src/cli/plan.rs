//! `staffsim plan SCENARIO`: the interval-by-interval analytic plan.

use super::{emit, emit_json, is_stdout, one_stdout, warn_all};
use clap::Args;
use staffsim::plan::{self, Plan, PlanSummary, Totals};
use staffsim::present::charts;
use staffsim::report::{Align, Table, write_csv};
use staffsim::scenario::Scenario;
use std::path::PathBuf;

pub(super) const EXAMPLES: &str = "\
Examples:
  # The plan for the bundled holiday week, as a daily table
  staffsim plan scenarios/holiday-peak.toml

  # Every interval as CSV, and the totals as JSON
  staffsim plan scenarios/holiday-peak.toml --csv plan.csv --json";

/// Arguments of `staffsim plan`.
#[derive(Debug, Args)]
pub(super) struct PlanArgs {
    /// The scenario file (TOML).
    #[arg(value_name = "SCENARIO")]
    scenario: PathBuf,

    /// Write the per-interval plan (open intervals) as CSV to PATH.
    #[arg(long, value_name = "PATH")]
    csv: Option<PathBuf>,

    /// Draw required vs staffed agents to PATH (.png or .svg).
    #[arg(long, value_name = "PATH")]
    chart: Option<PathBuf>,

    /// Print the totals as one JSON object and nothing else on stdout.
    #[arg(long)]
    json: bool,
}

/// Runs `staffsim plan`.
pub(super) fn run(args: PlanArgs) -> anyhow::Result<()> {
    one_stdout(args.json, "--csv", args.csv.as_deref())?;
    let scenario = Scenario::load(&args.scenario)?;
    warn_all(&scenario.warnings);
    let plan = plan::plan(&scenario)?;
    if let Some(path) = &args.csv {
        write_csv(path, &plan.interval_rows(&scenario))?;
    }
    if let Some(path) = &args.chart {
        let ctx = charts::Context {
            scenario: &scenario,
            plan: &plan,
            simulation: None,
        };
        charts::staffing(&ctx).save_styled(path, &scenario.report.style)?;
    }
    let summary = plan.summary(&scenario);
    if is_stdout(args.csv.as_deref()) {
        return Ok(());
    }
    if args.json {
        emit_json(&summary)
    } else {
        emit(&render(&scenario, &plan, &summary))
    }
}

fn render(scenario: &Scenario, plan: &Plan, summary: &PlanSummary) -> String {
    let service = scenario.target.service;
    let mut out = scenario.name.clone();
    if !scenario.description.is_empty() {
        out.push_str(&format!(" — {}", scenario.description));
    }
    let deferrable = scenario.channel.is_deferrable();
    let within = if deferrable {
        format!(
            "{} on the {} clock",
            service.within(),
            scenario.target.clock.in_words()
        )
    } else {
        format!("{} s ({})", service.within().get(), service.definition())
    };
    out.push_str(&format!(
        "\n{} · {} · target {}% within {} · shrinkage {:.1} % · staffing {} · {} intervals\n\n",
        plan.model,
        scenario.channel.kind(),
        service.service_level() * 100.0,
        within,
        scenario.shrinkage.total.fraction() * 100.0,
        scenario.staffing.method(),
        scenario.interval,
    ));
    let currency = &scenario.cost.currency;
    let cost_header = format!("labour cost ({currency})");
    let mut table = Table::new([
        ("date", Align::Left),
        ("day", Align::Left),
        ("special", Align::Left),
        ("offered", Align::Right),
        ("required agent-h", Align::Right),
        ("paid agent-h", Align::Right),
        (cost_header.as_str(), Align::Right),
        ("service level", Align::Right),
        ("peak agents", Align::Right),
        ("below target", Align::Right),
    ]);
    let row = |date: String, day: String, special: String, t: &Totals| {
        vec![
            date,
            day,
            special,
            format!("{:.0}", t.offered),
            format!("{:.1}", t.required_agent_hours),
            format!("{:.1}", t.scheduled_agent_hours),
            t.labour_cost.map_or("–".into(), |c| format!("{c:.0}")),
            t.service_level
                .map_or("–".into(), |s| format!("{:.1} %", s * 100.0)),
            t.peak_required_agents.to_string(),
            t.intervals_below_target.to_string(),
        ]
    };
    for day in &plan.days {
        let closed = day.totals.intervals == 0;
        let special = match (&day.special_day, closed) {
            (Some(name), _) => name.clone(),
            (None, true) => "closed".to_string(),
            (None, false) => String::new(),
        };
        table.row(row(
            day.date.to_string(),
            day.date.strftime("%a").to_string(),
            special,
            &day.totals,
        ));
    }
    table.row(row(
        "total".into(),
        String::new(),
        String::new(),
        &plan.totals,
    ));
    out.push_str(&table.to_string());

    let t = &plan.totals;
    out.push('\n');
    if let Some(peak) = &summary.peak_interval {
        out.push_str(&format!(
            "peak          {peak} needs {} agents on the phones\n",
            t.peak_required_agents
        ));
    }
    if let Some(cost) = summary.total_cost {
        out.push_str(&format!(
            "cost          {cost:.0} {currency} ({} labour + {:.0} overheads); {} per contact answered\n",
            t.labour_cost.map_or("–".into(), |c| format!("{c:.0}")),
            scenario.cost.fixed_overheads,
            t.cost_per_contact.map_or("–".into(), |c| format!("{c:.2} {currency}")),
        ));
    }
    let kpis = [
        (
            if deferrable { "mean response" } else { "ASA" },
            t.asa_seconds.map(|a| {
                if deferrable {
                    format!("{:.1} h", a / 3600.0)
                } else {
                    format!("{a:.1} s")
                }
            }),
        ),
        (
            "occupancy",
            t.occupancy.map(|o| format!("{:.1} %", o * 100.0)),
        ),
        (
            "abandonment",
            t.abandon_rate.map(|a| format!("{:.2} %", a * 100.0)),
        ),
    ];
    let kpis: Vec<String> = kpis
        .into_iter()
        .filter_map(|(name, value)| value.map(|v| format!("{name} {v}")))
        .collect();
    if !kpis.is_empty() {
        out.push_str(&format!("expected      {}\n", kpis.join(" · ")));
    }
    if let (Some(open), Some(close), Some(oldest)) = (
        t.backlog_at_open,
        t.backlog_at_close,
        t.oldest_age_at_close_seconds,
    ) {
        out.push_str(&format!(
            "backlog       {open:.0} {unit} waiting at the first opening, {close:.0} at the last closing; oldest at any closing {:.1} h\n",
            oldest / 3600.0,
            unit = scenario.channel.unit(),
        ));
    }
    if !summary.below_target.is_empty() {
        let shown: Vec<&str> = summary
            .below_target
            .iter()
            .take(8)
            .map(String::as_str)
            .collect();
        let more = summary.below_target.len() - shown.len();
        out.push_str(&format!(
            "below target  {} intervals: {}{}\n",
            summary.below_target.len(),
            shown.join(", "),
            if more > 0 {
                format!(" and {more} more (see --csv)")
            } else {
                String::new()
            }
        ));
    }
    out
}
