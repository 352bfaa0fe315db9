//! A sweep as text: the options cheapest first with their recommendation; `--optimize`'s day
//! by day staffing; and a portfolio of sweeps.

use super::shared::percent_ci;
use crate::plan::format_start;
use crate::portfolio::Portfolio;
use crate::report::format;
use crate::report::{Align, Table};
use crate::scenario::{ConfidencePer, Scenario};
use crate::sweep::{Optimization, SweepOption, SweepResult, SweepTotals};

/// A sweep as text: the heading, the options cheapest first, and each variant's recommendation.
pub fn sweep(scenario: &Scenario, result: &SweepResult) -> String {
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
         target {} within {} s; recommended = cheapest option whose simulated days meet it {} of the time\n\n",
        scenario.name,
        result.options.len(),
        result.replications,
        result.seed,
        crate::report::format::percent(target.service_level(), 0),
        target.within().get(),
        crate::report::format::percent(result.confidence, 0)
    );
    render_options(scenario, result, header)
}

/// The options table under `header`, and the recommendations.
fn render_options(scenario: &Scenario, result: &SweepResult, header: String) -> String {
    let mut out = header;
    out.push_str(&options_table(scenario, result).to_string());
    out.push('\n');
    out.push_str(&recommendations(scenario, result));
    out
}

/// The options, cheapest first, the recommended and the cost-service front marked.
fn options_table(scenario: &Scenario, result: &SweepResult) -> Table {
    let currency = &scenario.cost.currency;
    let cost_header = if scenario.cost.hourly_cost.is_some() {
        format!("cost ({currency})")
    } else {
        "paid hours".into()
    };
    let per_day = scenario.target.confidence_per == ConfidencePer::Day;
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
            percent_ci(o.service_level),
            format::percent(o.p_meet_target, 0),
            o.abandon_rate
                .map_or("–".into(), |e| format::percent(e.mean, 1)),
            marks.join(" "),
        ]);
    }
    table
}

/// Each variant's recommendation, and the simulation's speed.
fn recommendations(scenario: &Scenario, result: &SweepResult) -> String {
    let currency = &scenario.cost.currency;
    let per_day = scenario.target.confidence_per == ConfidencePer::Day;
    let mut out = String::new();
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
                    percent_ci(o.service_level),
                    if per_day {
                        "worst day meeting the target"
                    } else {
                        "days meeting the target"
                    },
                    format::percent(o.p_meet_target, 0),
                    o.worst_day
                        .as_ref()
                        .filter(|_| per_day)
                        .map_or(String::new(), |d| format!(" ({d})"))
                ));
                if o.point.requirement_multiplier.is_some() {
                    out.push_str("  (a multiple of the requirement changes staffing every interval and cannot be rostered as it stands: `staffsim schedule` turns it into shifts)\n");
                }
            }
            None => out.push_str(&format!(
                "{variant}: no option meets the target on {} of simulated days; widen the sweep\n",
                crate::report::format::percent(result.confidence, 0)
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

/// `sweep --optimize` as text: day by day, Erlang against the simulation's staffing, then the
/// carry-over and the intervals still below target.
pub fn optimization(scenario: &Scenario, r: &Optimization) -> String {
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
    out.push_str(&optimized_days(r).to_string());
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

/// The optimised staffing day by day against Erlang's.
fn optimized_days(r: &Optimization) -> Table {
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
            percent_ci(s.kpis.service_level),
        ]);
    }
    table
}

/// `sweep` on a portfolio: each queue's sweep under its own heading, then the recommended
/// options together.
pub fn sweep_portfolio(
    portfolio: &Portfolio,
    results: &[SweepResult],
    totals: &SweepTotals,
) -> String {
    let mut out = super::portfolio::queue_sections(portfolio, |k| {
        sweep(&portfolio.queues[k].scenario, &results[k])
    });
    let currency = portfolio
        .queues
        .first()
        .map_or(String::new(), |q| q.scenario.cost.currency.clone());
    match (totals.recommended_paid_hours, totals.recommended_cost) {
        (Some(hours), Some(cost)) => out.push_str(&format!(
            "portfolio {}: the recommended options together need {} paid hours, {}\n",
            portfolio.name,
            format::thousands(hours),
            format::money_whole(cost, &currency)
        )),
        _ => out.push_str(&format!(
            "portfolio {}: {} queue(s) have no option that meets the target; widen their sweeps\n",
            portfolio.name, totals.queues_without_a_recommendation
        )),
    }
    out
}
