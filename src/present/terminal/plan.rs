//! A plan as text: the heading, a row per day with the total, and the peak, cost, campaign,
//! expected KPIs, backlog and misses under it.

use crate::plan::{self as planning, Plan, PlanSummary, Totals};
use crate::report::format::{self, grouped, thousands};
use crate::report::{Align, Table};
use crate::scenario::{Channel, Outbound, Pacing, Scenario};

/// A plan as text: the heading, a row per day, and the lines under the table.
pub fn plan(scenario: &Scenario, plan: &Plan, summary: &PlanSummary) -> String {
    let mut out = heading(scenario, plan);
    out.push_str(&day_table(scenario, plan));
    out.push_str(&totals(scenario, plan, summary));
    out
}

/// The plan's first lines: the scenario, the model, the channel, the target, shrinkage,
/// staffing and the interval.
fn heading(scenario: &Scenario, plan: &Plan) -> String {
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
    let dialler = scenario.channel.outbound();
    let target = match dialler {
        Some(d) => format!(
            "target the forecast's right-party contacts at a {} contact rate{}",
            crate::report::format::percent(d.contact_rate, 0),
            match d.pacing {
                Pacing::Predictive =>
                    format!(", abandonment ≤ {}", format::percent(d.max_abandon, 1)),
                Pacing::Preview => String::new(),
            }
        ),
        None => format!(
            "target {} within {within}",
            format::share(service.service_level())
        ),
    };
    out.push_str(&format!(
        "\n{} · {} · {target} · shrinkage {:.1} % · staffing {} · {} intervals\n\n",
        plan.model,
        scenario.channel.kind(),
        scenario.shrinkage.total.fraction() * 100.0,
        if campaign_staffing_is_solved(scenario) {
            "by the dialler model"
        } else {
            scenario.staffing.method()
        },
        scenario.interval,
    ));
    out
}

/// One row per day (and a total): volume, agent-hours, service and labour cost — for a
/// campaign, the contacts reached, the dials and the dialler's abandonment.
fn day_table(scenario: &Scenario, plan: &Plan) -> String {
    let mut out = String::new();
    let dialler = scenario.channel.outbound();
    let currency = &scenario.cost.currency;
    let cost_header = format!("labour cost ({currency})");
    let campaign = dialler.is_some();
    // A campaign's days show contacts reached, dials and the dialler's abandonment.
    let (offered, level) = if campaign {
        ("contacts", "abandonment")
    } else {
        ("offered", "service level")
    };
    let mut columns = vec![
        ("date", Align::Left),
        ("day", Align::Left),
        ("special", Align::Left),
        (offered, Align::Right),
    ];
    if campaign {
        columns.push(("dials", Align::Right));
    }
    columns.extend([
        ("required agent-h", Align::Right),
        ("paid agent-h", Align::Right),
        (cost_header.as_str(), Align::Right),
        (level, Align::Right),
        ("peak agents", Align::Right),
        ("below target", Align::Right),
    ]);
    let mut table = Table::new(columns);
    let row = |date: String, day: String, special: String, t: &Totals| {
        let mut cells = vec![date, day, special];
        if campaign {
            cells.push(thousands(t.answered));
            cells.push(t.dials.map_or("–".into(), thousands));
        } else {
            cells.push(thousands(t.offered));
        }
        cells.extend([
            grouped(t.required_agent_hours, 1),
            grouped(t.scheduled_agent_hours, 1),
            t.labour_cost.map_or("–".into(), thousands),
            if campaign {
                t.abandon_rate.map_or("–".into(), |a| format::percent(a, 2))
            } else {
                t.service_level
                    .map_or("–".into(), |s| format::percent(s, 1))
            },
            t.peak_required_agents.to_string(),
            t.intervals_below_target.to_string(),
        ]);
        cells
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

    out
}

/// The lines under the table: the peak, the cost, the campaign, the expected KPIs, the backlog
/// and the intervals below target.
fn totals(scenario: &Scenario, plan: &Plan, summary: &PlanSummary) -> String {
    let mut out = String::new();
    let currency = &scenario.cost.currency;
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
            "cost          {currency} {} ({currency} {} labour + {currency} {} overheads); {} per contact answered\n",
            thousands(cost),
            t.labour_cost.map_or("–".into(), thousands),
            thousands(scenario.cost.fixed_overheads),
            t.cost_per_contact.map_or("–".into(), |c| format::money(c, currency)),
        ));
    }
    if let Some(d) = scenario.channel.outbound() {
        out.push_str(&campaign_lines(scenario, plan, d));
    }
    out.push_str(&expected(scenario, t));
    if let (Some(open), Some(close), Some(oldest)) = (
        t.backlog_at_open,
        t.backlog_at_close,
        t.oldest_age_at_close_seconds,
    ) {
        out.push_str(&format!(
            "backlog       {open:.0} {unit} waiting at the first opening, {close:.0} at the last closing; oldest at any closing {}\n",
            format::hours(oldest, 1),
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

/// An outbound campaign whose agents the plan solves (not given): its staffing method is the
/// dialler model, whatever `[staffing] method` says.
fn campaign_staffing_is_solved(scenario: &Scenario) -> bool {
    scenario.channel.outbound().is_some() && !scenario.staffing.is_given()
}

/// The required agent-hours of `scenario` dialled the other way (preview ↔ predictive), for the
/// planner's comparison.
fn other_pacing_hours(scenario: &Scenario, dialler: &Outbound) -> Option<f64> {
    let mut other = scenario.clone();
    let pacing = match dialler.pacing {
        Pacing::Preview => Pacing::Predictive,
        Pacing::Predictive => Pacing::Preview,
    };
    other.channel = Channel::Outbound(Outbound { pacing, ..*dialler });
    planning::plan(&other)
        .ok()
        .map(|p| p.totals.required_agent_hours)
}

/// A campaign's reach, and what the other pacing would need.
fn campaign_lines(scenario: &Scenario, plan: &Plan, d: &Outbound) -> String {
    let t = &plan.totals;
    let mut out = String::new();
    if let (Some(target), Some(dials)) = (t.target_contacts, t.dials) {
        out.push_str(&format!(
            "campaign      {:.0} of {target:.0} right-party contacts from {dials:.0} dials ({} reach a right party)\n",
            t.answered,
            crate::report::format::percent(d.contact_rate, 0)
        ));
        if let Some(hours) = other_pacing_hours(scenario, d) {
            let other = match d.pacing {
                Pacing::Preview => format!(
                    "a predictive dialler at a {} abandonment cap",
                    crate::report::format::percent(d.max_abandon, 0)
                ),
                Pacing::Predictive => "preview dialling".to_string(),
            };
            out.push_str(&format!(
                "compare       {other} would need {hours:.1} required agent-h against {:.1}\n",
                t.required_agent_hours
            ));
        }
    }
    out
}

/// The plan's expected KPIs in the channel's words (a campaign has no wait: no ASA).
fn expected(scenario: &Scenario, t: &Totals) -> String {
    let deferrable = scenario.channel.is_deferrable();
    let campaign = scenario.channel.outbound().is_some();
    let kpis = [
        (
            if deferrable { "mean response" } else { "ASA" },
            t.asa_seconds.map(|a| {
                if deferrable {
                    format::hours(a, 1)
                } else {
                    format!("{a:.1} s")
                }
            }),
        ),
        ("occupancy", t.occupancy.map(|o| format::percent(o, 1))),
        ("abandonment", t.abandon_rate.map(|a| format::percent(a, 2))),
    ];
    // A campaign has no wait: its ASA says nothing.
    let kpis = kpis.into_iter().skip(usize::from(campaign));
    let kpis: Vec<String> = kpis
        .into_iter()
        .filter_map(|(name, value)| value.map(|v| format!("{name} {v}")))
        .collect();
    if !kpis.is_empty() {
        return format!("expected      {}\n", kpis.join(" · "));
    }
    String::new()
}
