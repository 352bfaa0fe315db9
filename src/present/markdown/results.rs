//! The Results and "Where the target is missed" sections of summary.md.

use super::page::*;

/// Simulated and predicted KPIs, staffing and cost.
pub(super) fn results(p: &Page, md: &mut String) {
    let Page {
        scenario,
        plan,
        sim,
        ..
    } = *p;
    let _ = writeln!(md, "## Results\n");
    let _ = writeln!(
        md,
        "| KPI | Simulated [95 % interval] | {} interval by interval |",
        plan.model
    );
    let _ = writeln!(md, "| --- | --- | --- |");
    let t = &plan.totals;
    let r = &sim.run;
    let _ = writeln!(
        md,
        "| {} | {} | {} |",
        if scenario.channel.outbound().is_some() {
            "Connects put through to an agent"
        } else {
            "Service level"
        },
        pct_ci(r.service_level),
        t.service_level.map_or("–".into(), pct)
    );
    channel_rows(p, md);
    let _ = writeln!(
        md,
        "| Occupancy | {} | {} |",
        pct_ci(r.occupancy),
        t.occupancy.map_or("–".into(), pct)
    );
    let _ = writeln!(
        md,
        "| {} | {} per replication | {} |",
        crate::present::vocabulary::words(&scenario.channel).offered,
        thousands(sim.contacts_offered()),
        thousands(t.offered)
    );
    let _ = writeln!(
        md,
        "\n95 % intervals are Student-t intervals over the {} replications, clipped to what the KPI can take (0–100 % for shares, ≥ 0 s for waits).",
        sim.replications
    );
    staffing_and_cost(p, md);
    md.push('\n');
}

/// The rows only some channels have: a campaign's contacts, dials and dialler abandonment; a
/// backlog's response time and what is left at the end; a live queue's ASA and abandonment.
fn channel_rows(p: &Page, md: &mut String) {
    let Page {
        scenario,
        plan,
        sim,
        ..
    } = *p;
    let (t, r) = (&plan.totals, &sim.run);
    let count_ci =
        |e: Option<Estimate>| e.map_or("–".into(), |e| format::count_ci(e.mean, e.ci95));
    if scenario.channel.outbound().is_some() {
        let _ = writeln!(
            md,
            "| Right-party contacts | {} | {} |",
            count_ci(r.contacts),
            thousands(t.answered)
        );
        let _ = writeln!(
            md,
            "| Dials | {} | {} |",
            count_ci(r.dials),
            t.dials.map_or("–".into(), thousands)
        );
        let _ = writeln!(
            md,
            "| Dialler abandonment | {} | {} |",
            pct_ci(r.abandon_rate),
            pct(t.abandon_rate.unwrap_or(0.0))
        );
    } else if scenario.channel.is_deferrable() {
        let _ = writeln!(
            md,
            "| Mean response | {} | {} |",
            r.asa_seconds
                .map_or("–".into(), |e| format::hours_ci(e.mean, e.ci95, 1)),
            t.asa_seconds.map_or("–".into(), |a| format::hours(a, 1))
        );
        let _ = writeln!(
            md,
            "| Backlog at the horizon's end ({}) | {} | {} |",
            scenario.channel.unit(),
            count_ci(r.backlog_at_close),
            t.backlog_at_close.map_or("–".into(), thousands)
        );
    } else {
        let _ = writeln!(
            md,
            "| {} | {} | {} |",
            if matches!(scenario.channel, Channel::Chat { .. }) {
                "ASA (first response)"
            } else {
                "ASA"
            },
            secs_ci(r.asa_seconds),
            t.asa_seconds.map_or("∞".into(), secs)
        );
        let _ = writeln!(
            md,
            "| Abandoned | {} | {} |",
            pct_ci(r.abandon_rate),
            pct(t.abandon_rate.unwrap_or(0.0))
        );
    }
}

/// Agent-hours, the peak and the cost.
fn staffing_and_cost(p: &Page, md: &mut String) {
    let Page {
        scenario,
        plan,
        currency,
        ..
    } = *p;
    let t = &plan.totals;
    let _ = writeln!(md, "\n| Staffing and cost | |\n| --- | --- |");
    let _ = writeln!(
        md,
        "| Required agent-hours ({}) | {:.1} |",
        plan.model, t.required_agent_hours
    );
    let _ = writeln!(md, "| Staffed agent-hours | {:.1} |", t.staffed_agent_hours);
    let _ = writeln!(
        md,
        "| Paid agent-hours (after shrinkage) | {:.1} |",
        t.scheduled_agent_hours
    );
    if let Some(peak) = t.peak_start {
        let _ = writeln!(
            md,
            "| Peak requirement | {} agents at {} |",
            t.peak_required_agents,
            format_start(peak)
        );
    }
    if let Some(cost) = t.labour_cost {
        let _ = writeln!(
            md,
            "| Labour cost | {} |",
            format::money_whole(cost, currency)
        );
        let _ = writeln!(
            md,
            "| Total cost (with overheads) | {} |",
            format::money_whole(cost + scenario.cost.fixed_overheads, currency)
        );
    }
    if let Some(c) = t.cost_per_contact {
        let _ = writeln!(
            md,
            "| Labour cost per contact answered | {} |",
            format::money(c, currency)
        );
    }
}

/// Where the target is missed, by day.
///
/// Over 80 lines: one section of summary.md, written top to bottom as it reads.
pub(super) fn where_missed(p: &Page, md: &mut String) {
    let Page {
        plan, sim, target, ..
    } = *p;
    let _ = writeln!(md, "## Where the target is missed\n");
    let goal = target.service_level();
    let mut any = false;
    // Days that meet the target over the day but have intervals below it: named after the table.
    let mut dipping: Vec<(String, usize)> = Vec::new();
    let mut table = String::from(
        "| Day | Simulated service level | Intervals below target | Worst interval | Its service level | Short by | Lost (abandoned) |\n| --- | --- | --- | --- | --- | --- | --- |\n",
    );
    for (day, predicted) in sim.days.iter().zip(&plan.days) {
        if predicted.totals.intervals == 0 {
            continue;
        }
        let misses: Vec<(usize, f64)> = sim
            .intervals
            .iter()
            .enumerate()
            .filter(|(_, i)| i.open && i.start.date() == day.date)
            .filter_map(|(k, i)| i.kpis.service_level.map(|e| (k, e.mean)))
            .filter(|(_, sl)| *sl < goal)
            .collect();
        if misses.is_empty() {
            continue;
        }
        let day_meets = day.kpis.service_level.is_some_and(|e| e.mean >= goal);
        if day_meets {
            dipping.push((day.date.strftime("%a %-d %b").to_string(), misses.len()));
            continue;
        }
        any = true;
        let (worst, worst_sl) = misses
            .iter()
            .copied()
            .fold((0, f64::INFINITY), |a, b| if b.1 < a.1 { b } else { a });
        // Callers lost that day: the day's simulated offered × its abandonment, per replication.
        let lost = match (day.kpis.offered, day.kpis.abandon_rate) {
            (Some(offered), Some(rate)) => thousands(offered.mean * rate.mean),
            _ => "–".to_string(),
        };
        let _ = writeln!(
            table,
            "| {}{} | {} | {} of {} | {} | {} | {:.1} points | {lost} |",
            day.date.strftime("%a %-d %b"),
            predicted
                .special_day
                .as_ref()
                .map_or(String::new(), |s| format!(" ({s})")),
            pct_ci(day.kpis.service_level),
            misses.len(),
            predicted.totals.intervals,
            sim.intervals[worst].start.strftime("%H:%M"),
            pct(worst_sl),
            (goal - worst_sl) * 100.0,
        );
    }
    if any {
        md.push_str("Days whose simulated service level is below the target:\n\n");
        md.push_str(&table);
        let s = &p.scenario.simulation;
        let redials = if s.retry_probability > 0.0 {
            format!(
                "redials are modelled: {} of the callers who abandon call again after {} on average (`[patience] retry_probability`, `retry_delay`), and count again as offered",
                pct(s.retry_probability),
                crate::units::Seconds(s.retry_delay.get()),
            )
        } else {
            "redials are not modelled: a caller who abandons is lost (set `[patience] retry_probability` to model callers who try again)".to_string()
        };
        let _ = writeln!(
            md,
            "\nLost callers are those who abandoned, per replication; {redials}."
        );
    } else {
        let _ = writeln!(
            md,
            "Every open day's simulated service level meets the target."
        );
    }
    if !dipping.is_empty() {
        let list: Vec<String> = dipping
            .iter()
            .map(|(day, n)| format!("{day} ({n} interval{})", if *n == 1 { "" } else { "s" }))
            .collect();
        let _ = writeln!(
            md,
            "\nThese days meet the target over the day, with intervals below it: {}.",
            list.join(", ")
        );
    }
    md.push('\n');
}
