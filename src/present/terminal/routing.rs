//! A multi-skill portfolio simulated, as text: each queue's KPIs with their intervals, each
//! group's hours, occupancy and what it took, and the totals.

use super::shared::percent_ci;
use crate::report::format;
use crate::report::{Align, Table};
use crate::routing::RoutingResult;

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
    let mut queues = Table::new([
        ("queue", Align::Left),
        ("channel", Align::Left),
        ("offered", Align::Right),
        ("answered", Align::Right),
        ("service level", Align::Right),
        ("ASA", Align::Right),
        ("abandoned", Align::Right),
    ]);
    for q in &r.queues {
        queues.row([
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
    out.push_str(&queues.to_string());
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
