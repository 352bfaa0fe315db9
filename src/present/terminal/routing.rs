//! A multi-skill portfolio simulated, as text: each queue's KPIs with their intervals, each
//! group's hours, occupancy and what it took, and the totals.

use super::shared::percent_ci;
use crate::portfolio::CrossTraining;
use crate::report::format;
use crate::report::{Align, Table};
use crate::routing::{Bounds, QueueOutcome, RoutingResult, SharedSchedule, SkillOptimization};

/// The queues, the groups and the totals of a shared-agents simulation.
pub fn routing(r: &RoutingResult) -> String {
    let mut out = format!(
        "{} — {} served by {} of agents, {} replications (seed {}); [95 % intervals]\n\n",
        r.portfolio,
        format::count_of(r.queues.len() as u64, "queue"),
        format::count_of(r.groups.len() as u64, "group"),
        r.replications,
        r.seed
    );
    out.push_str(&queue_table(&r.queues).to_string());
    let mut groups = Table::new([
        ("group", Align::Left),
        ("agent-h", Align::Right),
        ("occupancy", Align::Right),
        ("took", Align::Left),
    ]);
    for g in &r.groups {
        let took: Vec<String> = g
            .handled
            .iter()
            .map(|(queue, n)| format!("{queue} {}", format::thousands(*n)))
            .collect();
        groups.row([
            g.group.clone(),
            format::grouped(g.agent_hours, 1),
            percent_ci(g.occupancy),
            took.join(", "),
        ]);
    }
    out.push('\n');
    out.push_str(&groups.to_string());
    if r.days.len() > 1 {
        out.push('\n');
        out.push_str(&days_table(r, None).to_string());
    }
    let t = &r.totals;
    out.push_str(&format!(
        "\ntotal         {} agent-hours on the phones; {} offered, {} answered{}\n",
        format::grouped(t.agent_hours, 1),
        format::thousands(t.offered),
        format::thousands(t.answered),
        match (t.labour_cost, t.cost_per_contact) {
            (Some(c), Some(per)) => format!(
                "; labour {} ({} per contact answered)",
                format::thousands(c),
                format::grouped(per, 2)
            ),
            _ => String::new(),
        }
    ));
    out
}

/// `plan` on a portfolio with shared agents: by day, the dedicated and pooled requirements and
/// the groups' agents, in agent-hours, and what the groups save against dedicated teams.
pub fn bounds(b: &Bounds) -> String {
    let mut out = format!(
        "{} — shared agents against their bounds: dedicated (each queue its own team) and pooled (every agent every skill)\n\n",
        b.portfolio
    );
    let mut days: Vec<(String, [u32; 3])> = Vec::new();
    for i in &b.intervals {
        let date = i.start[..10].to_string();
        let sums = [i.dedicated, i.pooled, i.groups];
        match days.last_mut() {
            Some((d, totals)) if *d == date => {
                for (t, v) in totals.iter_mut().zip(sums) {
                    *t += v;
                }
            }
            _ => days.push((date, sums)),
        }
    }
    let hours = b.interval_hours;
    let mut table = Table::new([
        ("date", Align::Left),
        ("dedicated agent-h", Align::Right),
        ("pooled agent-h", Align::Right),
        ("groups' agent-h", Align::Right),
    ]);
    for (date, [dedicated, pooled, groups]) in &days {
        table.row([
            date.clone(),
            format::grouped(f64::from(*dedicated) * hours, 1),
            format::grouped(f64::from(*pooled) * hours, 1),
            format::grouped(f64::from(*groups) * hours, 1),
        ]);
    }
    table.row([
        "total".to_string(),
        format::grouped(b.dedicated_agent_hours, 1),
        format::grouped(b.pooled_agent_hours, 1),
        format::grouped(b.group_agent_hours, 1),
    ]);
    out.push_str(&table.to_string());
    let saved = b.dedicated_agent_hours - b.group_agent_hours;
    out.push_str(&format!(
        "\nthe groups staff {} agent-hours: {} {} than dedicated teams need ({}), the pooled requirement is {}; `staffsim simulate` tells whether they hold every queue's target\n",
        format::grouped(b.group_agent_hours, 1),
        format::grouped(saved.abs(), 1),
        if saved >= 0.0 { "fewer" } else { "more" },
        format::percent(saved.abs() / b.dedicated_agent_hours.max(1e-9), 1),
        format::grouped(b.pooled_agent_hours, 1),
    ));
    out
}

/// `sweep --optimize` on a portfolio with groups: each group's agent-hours and cost, the queues
/// at the optimum, and the saving against dedicated teams beside the pooled bound.
pub fn skill_optimization(r: &SkillOptimization) -> String {
    let mut out = format!(
        "{} — groups staffed in simulation ({} iterations, {}; {} replications each)\n\n",
        r.portfolio,
        r.iterations,
        if r.converged {
            "converged"
        } else {
            "stopped at the iteration limit"
        },
        r.replications
    );
    let mut groups = Table::new([
        ("group", Align::Left),
        ("agent-h", Align::Right),
        ("peak agents", Align::Right),
        ("cost", Align::Right),
    ]);
    for g in &r.groups {
        groups.row([
            g.group.clone(),
            format::grouped(g.agent_hours, 1),
            g.intervals
                .iter()
                .map(|i| i.agents)
                .max()
                .unwrap_or(0)
                .to_string(),
            g.cost.map_or("–".into(), format::thousands),
        ]);
    }
    out.push_str(&groups.to_string());
    out.push('\n');
    out.push_str(&queue_table(&r.queues).to_string());
    out.push_str(&format!(
        "\ncross-training {} against dedicated teams ({}); the pooled bound is {}\n",
        crate::present::sharing_saves(r.dedicated.agent_hours, r.agent_hours),
        format::grouped(r.dedicated.agent_hours, 1),
        format::grouped(r.pooled_bound.agent_hours, 1),
    ));
    out
}

/// Each queue's KPIs with their intervals.
fn queue_table(queues: &[QueueOutcome]) -> Table {
    let mut table = Table::new([
        ("queue", Align::Left),
        ("channel", Align::Left),
        ("offered", Align::Right),
        ("answered", Align::Right),
        ("service level", Align::Right),
        ("ASA", Align::Right),
        ("abandoned", Align::Right),
    ]);
    for q in queues {
        table.row([
            q.queue.clone(),
            q.channel.to_string(),
            format::thousands(q.offered),
            format::thousands(q.answered),
            percent_ci(q.service_level),
            q.asa_seconds
                .map_or("–".into(), |e| format::seconds_ci(e.mean, e.ci95, 1)),
            percent_ci(q.abandon_rate),
        ]);
    }
    table
}

/// `schedule` on a portfolio with groups: each group's shifts and their cost, and the queues at
/// the scheduled coverage.
pub fn shared_schedule(r: &SharedSchedule) -> String {
    let mut out = format!(
        "{} — shifts for the shared agents, covering each group's optimised requirement\n",
        r.portfolio
    );
    for g in &r.groups {
        out.push_str(&format!(
            "\n{}: {} shifts, {} agents, {} paid hours, cost {}; {} agent-hours on the phones for {} required (gap {}{})\n",
            g.group,
            g.shifts.len(),
            g.heads,
            format::grouped(g.paid_hours, 1),
            format::thousands(g.cost),
            format::grouped(g.scheduled_agent_hours, 1),
            format::grouped(g.required_agent_hours, 1),
            format::percent(g.gap, 2),
            if g.optimal { ", optimal" } else { "" },
        ));
        let mut table = Table::new([
            ("date", Align::Left),
            ("template", Align::Left),
            ("start", Align::Left),
            ("end", Align::Left),
            ("agents", Align::Right),
        ]);
        for s in &g.shifts {
            table.row([
                s.date.clone(),
                s.template.clone(),
                s.start[11..].to_string(),
                s.end[11..].to_string(),
                s.agents.to_string(),
            ]);
        }
        out.push_str(&table.to_string());
    }
    if !r.unscheduled.is_empty() {
        out.push_str(&format!(
            "\nwithout templates, at the optimiser's staffing: {}\n",
            r.unscheduled.join(", ")
        ));
    }
    out.push_str("\nthe queues at the scheduled shifts\n");
    out.push_str(&queue_table(&r.queues).to_string());
    out
}

/// `simulate --cross-train`: each queue before and after, and the groups after.
pub fn cross_training(
    change: &CrossTraining,
    before: &RoutingResult,
    after: &RoutingResult,
) -> String {
    let mut out = format!(
        "{} — {} agents of '{}' trained on '{}' too: the same contacts ({} replications, seed {}) before and after\n\n",
        before.portfolio,
        change.agents,
        change.group,
        change.skill,
        before.replications,
        before.seed
    );
    let mut table = Table::new([
        ("queue", Align::Left),
        ("service level before", Align::Right),
        ("after", Align::Right),
        ("ASA before", Align::Right),
        ("after", Align::Right),
        ("abandoned before", Align::Right),
        ("after", Align::Right),
    ]);
    let secs = |e: Option<crate::sim::Estimate>| {
        e.map_or("–".into(), |e| format::seconds_ci(e.mean, e.ci95, 1))
    };
    for (b, a) in before.queues.iter().zip(&after.queues) {
        table.row([
            b.queue.clone(),
            percent_ci(b.service_level),
            percent_ci(a.service_level),
            secs(b.asa_seconds),
            secs(a.asa_seconds),
            percent_ci(b.abandon_rate),
            percent_ci(a.abandon_rate),
        ]);
    }
    out.push_str(&table.to_string());
    if before.days.len() > 1 {
        out.push_str("\nservice level by day, before → after\n");
        out.push_str(&days_table(before, Some(after)).to_string());
    }
    out.push_str("\nafter\n");
    let routed = routing(after);
    out.push_str(
        routed
            .split_once("\n\n")
            .map_or(routed.as_str(), |(_, rest)| rest),
    );
    out
}

/// Each day's service level per queue (means), or before → after with `after`.
fn days_table(r: &RoutingResult, after: Option<&RoutingResult>) -> Table {
    let mut columns = vec![("date".to_string(), Align::Left)];
    columns.extend(r.queues.iter().map(|q| (q.queue.clone(), Align::Right)));
    let mut table = Table::new(columns);
    let sl = |d: &crate::routing::DayQueue| {
        d.service_level
            .map_or("–".into(), |e| format::percent(e.mean, 1))
    };
    for (k, day) in r.days.iter().enumerate() {
        let mut cells = vec![day.date.clone()];
        for (q, queue) in day.queues.iter().enumerate() {
            cells.push(match after {
                Some(after) => format!("{} → {}", sl(queue), sl(&after.days[k].queues[q])),
                None => sl(queue),
            });
        }
        table.row(cells);
    }
    table
}

/// A shared-agents bid: the groups' FTE and cost, each queue's price and SLA risk, and the same
/// queues as dedicated teams.
///
/// Over 80 lines: two tables and the totals' two lines, a row and a cell at a time.
pub fn shared_bid(r: &crate::routing::bid::SharedBid) -> String {
    let money = |x: f64| format::money_whole(x, &r.currency);
    let mut out = format!(
        "{} — a {}-month bid worked by {} of shared agents; each month's groups optimised in simulation ({} replications an iteration), its SLA risk over {} replications (seed {})\n\n",
        r.portfolio,
        r.term_months,
        format::count_of(r.groups.len() as u64, "group"),
        r.optimisation_replications,
        r.risk_replications,
        r.seed
    );
    let mut groups = Table::new([
        ("group", Align::Left),
        ("skills", Align::Left),
        ("FTE", Align::Right),
        ("peak FTE", Align::Right),
        ("agent-h", Align::Right),
        ("cost", Align::Right),
    ]);
    for g in &r.groups {
        groups.row([
            g.group.clone(),
            g.skills.join(", "),
            format::grouped(g.fte, 1),
            format::grouped(g.peak_fte, 1),
            format::grouped(g.agent_hours, 0),
            money(g.cost),
        ]);
    }
    out.push_str(&groups.to_string());
    let mut queues = Table::new([
        ("queue", Align::Left),
        ("handled", Align::Right),
        ("FTE", Align::Right),
        ("dedicated FTE", Align::Right),
        ("cost", Align::Right),
        ("price", Align::Right),
        ("P(miss) avg", Align::Right),
        ("riskiest month", Align::Left),
    ]);
    for q in &r.queues {
        queues.row([
            q.queue.clone(),
            format::thousands(q.handled),
            format::grouped(q.fte, 1),
            format::grouped(q.dedicated_fte, 1),
            money(q.cost),
            format!(
                "{} per {}",
                format::money(q.price_per_unit, &r.currency),
                q.unit
            ),
            format::percent(q.p_miss_sla, 1),
            if q.riskiest_p_miss_sla > 0.0 {
                format!(
                    "{} {}",
                    q.riskiest_month,
                    format::percent(q.riskiest_p_miss_sla, 1)
                )
            } else {
                "none missed".into()
            },
        ]);
    }
    out.push('\n');
    out.push_str(&queues.to_string());
    let t = &r.totals;
    let shared = if t.fte_saved >= 0.0 {
        format!(
            "sharing saves {} FTE ({}) and {} against dedicated teams",
            format::grouped(t.fte_saved, 1),
            format::percent(t.fte_saved / t.dedicated_fte.max(1e-9), 1),
            money(t.dedicated_cost - t.cost)
        )
    } else {
        format!(
            "sharing costs {} FTE ({}) more than dedicated teams",
            format::grouped(-t.fte_saved, 1),
            format::percent(-t.fte_saved / t.dedicated_fte.max(1e-9), 1)
        )
    };
    out.push_str(&format!(
        "\ntotal   {} FTE on average against {} as dedicated teams: {shared}\n        cost {}, revenue {}, {} handled; expected SLA credits {}\n",
        format::grouped(t.fte, 1),
        format::grouped(t.dedicated_fte, 1),
        money(t.cost),
        money(t.revenue),
        format::thousands(t.handled),
        money(t.expected_sla_credits),
    ));
    out.push_str(
        "\nStaffing on the phones each month (no hiring plan: attrition, training and bench are the single-queue bid's); dedicated teams costed the same way at their plain Erlang requirement.\n",
    );
    out
}

/// A shared-agents grid: each combination's agent-hours, cost and every queue's service level.
pub fn skill_sweep(r: &crate::routing::grid::SkillSweep) -> String {
    let mut out = format!(
        "{} — {} of [sweep] simulated on the same contacts ({} replications each, seed {}); service level [95 % interval]\n\n",
        r.portfolio,
        format::count_of(r.options.len() as u64, "combination"),
        r.replications,
        r.seed
    );
    let mut columns = vec![
        ("volume ×".to_string(), Align::Right),
        ("AHT ×".to_string(), Align::Right),
        ("agents added".to_string(), Align::Right),
        ("agent-h".to_string(), Align::Right),
        ("cost".to_string(), Align::Right),
    ];
    if let Some(first) = r.options.first() {
        columns.extend(first.queues.iter().map(|q| (q.queue.clone(), Align::Right)));
    }
    let mut table = Table::new(columns.iter().map(|(t, a)| (t.as_str(), *a)));
    for o in &r.options {
        let mut row = vec![
            format!("{:.2}", o.volume_multiplier),
            format!("{:.2}", o.aht_multiplier),
            format!("{:+}", o.agents_added),
            format::grouped(o.agent_hours, 1),
            o.labour_cost.map_or("–".into(), format::thousands),
        ];
        row.extend(o.queues.iter().map(|q| percent_ci(q.service_level)));
        table.row(row);
    }
    out.push_str(&table.to_string());
    out
}

/// A multi-skill portfolio's people: each group's roster in brief, then the queues at the heads
/// rostered.
pub fn shared_roster(r: &crate::routing::people::SharedRoster) -> String {
    let mut out = format!(
        "{} — people rostered group by group on each group's optimised requirement; the queues simulated at the heads rostered\n",
        r.portfolio
    );
    for g in &r.groups {
        let roster = &g.roster;
        out.push_str(&format!(
            "\ngroup {}: {} people, {} shifts, {} paid hours; {} agent-hours short in {} intervals, cost {}; {}\n",
            g.group,
            roster.agents.len(),
            roster.agents.iter().map(|a| a.days_worked).sum::<u32>(),
            format::grouped(roster.agents.iter().map(|a| a.paid_hours).sum(), 1),
            format::grouped(roster.coverage.short_agent_hours, 2),
            roster.coverage.intervals_short,
            format::thousands(roster.cost),
            if roster.rules.violations.is_empty() {
                "every rule held".to_string()
            } else {
                format!("{} rules broken", roster.rules.violations.len())
            }
        ));
        let mut table = Table::new([
            ("agent", Align::Left),
            ("contract", Align::Left),
            ("shifts", Align::Left),
            ("paid hours", Align::Right),
        ]);
        for a in &roster.agents {
            let shifts: Vec<String> = a
                .shifts
                .iter()
                .map(|s| format!("{} {}–{}", &s.date[5..], s.start, s.end))
                .collect();
            table.row([
                format!("{} {}", a.id, a.name),
                a.contract.clone(),
                shifts.join(", "),
                format::grouped(a.paid_hours, 1),
            ]);
        }
        out.push_str(&table.to_string());
        for v in &roster.rules.violations {
            out.push_str(&format!("  {} {}: {}\n", v.agent, v.rule, v.detail));
        }
    }
    if !r.unrostered.is_empty() {
        out.push_str(&format!(
            "\nnobody on the staff list works {}: the optimiser's staffing is kept there\n",
            r.unrostered.join(", ")
        ));
    }
    out.push('\n');
    out.push_str(&queue_table(&r.queues).to_string());
    out
}
