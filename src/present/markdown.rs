//! `summary.md`: the one-page report.

use crate::plan::{Plan, format_start};
use crate::report::format::{self, money_whole};
use crate::report::{Chart, thousands};
use crate::scenario::{Channel, HandleTime, Pacing, Patience, Scenario, Staffing};
use crate::sim::{Estimate, SimulationResult};
use std::fmt::Write;

fn pct(x: f64) -> String {
    format::percent(x, 1)
}

fn secs(x: f64) -> String {
    format::seconds(x, 1)
}

fn pct_ci(e: Option<Estimate>) -> String {
    e.map_or("–".into(), |e| format::percent_ci(e.mean, e.ci95, 1))
}

fn secs_ci(e: Option<Estimate>) -> String {
    e.map_or("–".into(), |e| format::seconds_ci(e.mean, e.ci95, 1))
}

/// The report's title: `[report] title`, else "NAME — staffing report".
pub(crate) fn title(scenario: &Scenario) -> String {
    scenario
        .report
        .title
        .clone()
        .unwrap_or_else(|| format!("{} — staffing report", scenario.name))
}

/// What every section of the report reads.
#[derive(Clone, Copy)]
struct Page<'a> {
    scenario: &'a Scenario,
    plan: &'a Plan,
    sim: &'a SimulationResult,
    extras: super::Extras<'a>,
    charts: &'a [(String, Chart)],
    target: crate::queueing::ServiceTarget,
    horizon: &'a str,
    currency: &'a str,
}

/// The report as Markdown: a heading, then one section after another.
pub(crate) fn render(
    scenario: &Scenario,
    plan: &Plan,
    sim: &SimulationResult,
    extras: super::Extras,
    charts: &[(String, Chart)],
) -> String {
    let target = scenario.target.service;
    let first = plan.intervals.first().map(|i| i.start.date());
    let last = plan.intervals.last().map(|i| i.start.date());
    let horizon = match (first, last) {
        (Some(a), Some(b)) if a == b => a.strftime("%a %-d %b %Y").to_string(),
        (Some(a), Some(b)) => format!(
            "{} to {}",
            a.strftime("%a %-d %b"),
            b.strftime("%a %-d %b %Y")
        ),
        _ => String::new(),
    };
    let currency = &scenario.cost.currency;
    let mut md = String::new();
    let _ = writeln!(md, "# {}\n", title(scenario));
    if let Some(client) = &scenario.report.client {
        let _ = writeln!(md, "**Prepared for {client}**\n");
    }
    if !scenario.description.is_empty() {
        let _ = writeln!(md, "> {}\n", scenario.description);
    }
    let page = Page {
        scenario,
        plan,
        sim,
        extras,
        charts,
        target,
        horizon: &horizon,
        currency,
    };
    for section in [
        question,
        assumptions,
        results,
        where_missed,
        sweep_options,
        schedule,
        bid,
        chart_list,
    ] {
        section(&page, &mut md);
    }
    md
}

/// The question the report answers.
fn question(p: &Page, md: &mut String) {
    let Page {
        scenario,
        plan,
        sim,
        target,
        horizon,
        ..
    } = *p;
    let _ = writeln!(md, "## The question\n");
    if scenario.channel != Channel::Voice && !matches!(scenario.channel, Channel::Chat { .. }) {
        let _ = writeln!(
            md,
            "Does this staffing meet **{}** from {horizon}? Answered two ways: interval by interval with **{}**, and by **simulating the whole horizon {} times** (seed {}) with {} handle times{}.\n",
            target_words(scenario),
            plan.model,
            sim.replications,
            sim.seed,
            handle_time_name(&scenario.handle_time),
            if scenario.channel.is_deferrable() {
                ", the backlog carried across intervals, nights and closed days"
            } else {
                ""
            },
        );
        return;
    }
    let _ = writeln!(
        md,
        "Does this staffing answer **{:.0} % of contacts within {} s** ({} definition) from {horizon}? \
         Answered two ways: interval by interval with **{}**, as an Erlang spreadsheet would, and by \
         **simulating the whole horizon {} times** (seed {}), with queues carried over from one interval \
         to the next, {} handle times and {}.\n",
        target.service_level() * 100.0,
        target.within().get(),
        target.definition(),
        plan.model,
        sim.replications,
        sim.seed,
        handle_time_name(&scenario.handle_time),
        if scenario.patience.mean().is_some() {
            "callers who hang up when kept waiting too long"
        } else {
            "callers who wait as long as it takes (no [patience] is set)"
        },
    );
}

/// Every input the numbers rest on.
fn assumptions(p: &Page, md: &mut String) {
    let Page {
        scenario,
        plan,
        horizon,
        currency,
        ..
    } = *p;
    let _ = writeln!(md, "## Assumptions\n");
    let _ = writeln!(md, "| | |\n| --- | --- |");
    let open = plan.totals.intervals;
    let _ = writeln!(
        md,
        "| Horizon | {horizon}; {} intervals, {open} of them open |",
        scenario.interval
    );
    let (offered, unit) = match (plan.totals.target_contacts, scenario.channel.unit()) {
        (Some(target), _) => (target, "right-party contacts to reach"),
        (None, "contacts") => (plan.totals.offered, "contacts offered"),
        (None, unit) => (plan.totals.offered, unit),
    };
    let _ = writeln!(md, "| Forecast | {} {unit} |", thousands(offered));
    if let Some(f) = &scenario.forecast {
        let _ = writeln!(
            md,
            "| Forecast method | fitted from {} intervals of history: {} (backtest WAPE {}, Poisson floor {}) |",
            f.history_intervals,
            f.method,
            pct(f.backtest_wape),
            pct(f.poisson_floor_wape)
        );
    }
    if !scenario.special_days.is_empty() {
        let days: Vec<String> = scenario
            .special_days
            .iter()
            .map(|d| {
                if d.closed {
                    format!("{} ({}): closed", d.name, d.from)
                } else {
                    format!(
                        "{} ({}): volume × {}, AHT × {}",
                        d.name, d.from, d.volume_multiplier, d.aht_multiplier
                    )
                }
            })
            .collect();
        let _ = writeln!(md, "| Special days | {} |", days.join("; "));
    }
    let aht = scenario
        .intervals
        .iter()
        .find(|i| i.open && i.special_day.is_none())
        .map(|i| i.aht.get());
    let _ = writeln!(
        md,
        "| Handle time | {}{} |",
        aht.map_or(String::new(), |a| format!("{a:.0} s average, ")),
        handle_time_name(&scenario.handle_time)
    );
    let patience = match (scenario.patience, scenario.channel.outbound()) {
        (_, Some(d)) if d.pacing == Pacing::Predictive => format!(
            "none: a right party who answers with no free agent is abandoned by the dialler (cap {})",
            pct(d.max_abandon)
        ),
        (_, Some(_)) => "none: preview dialling abandons nobody".to_string(),
        (Patience::None, None) if scenario.channel.is_deferrable() => {
            "none: work waits in the backlog, oldest first".to_string()
        }
        (patience, None) => patience_words(patience),
    };
    let _ = writeln!(md, "| Patience | {patience} |");
    let mut limits = vec![target_words(scenario)];
    if let Some(o) = scenario.target.max_occupancy {
        limits.push(format!(
            "occupancy ≤ {}",
            crate::report::format::percent(o, 0)
        ));
    }
    if let Some(a) = scenario.target.max_asa {
        limits.push(format!("ASA ≤ {} s", a.get()));
    }
    if let Some(a) = scenario.target.max_abandon {
        limits.push(format!(
            "abandonment ≤ {}",
            crate::report::format::percent(a, 1)
        ));
    }
    let _ = writeln!(md, "| Target | {} |", limits.join("; "));
    let components: Vec<String> = scenario
        .shrinkage
        .components
        .iter()
        .map(|(name, v)| format!("{name} {}", pct(*v)))
        .collect();
    let _ = writeln!(
        md,
        "| Shrinkage | {}{} |",
        pct(scenario.shrinkage.total.fraction()),
        if components.is_empty() {
            String::new()
        } else {
            format!(" ({})", components.join(", "))
        }
    );
    let staffing = match &scenario.staffing {
        Staffing::Roster(shifts) => {
            let list: Vec<String> = shifts
                .iter()
                .map(|s| format!("{} {} for {} × {}", s.name, s.start, s.length, s.agents))
                .collect();
            format!("roster: {}", list.join("; "))
        }
        Staffing::Constant(n) => format!("{n} agents on the phones in every open interval"),
        Staffing::Csv => "agents per interval from the forecast file".into(),
        Staffing::Given(what) => what.clone(),
        Staffing::ErlangC | Staffing::ErlangA => {
            format!("the {} requirement in every interval", plan.model)
        }
    };
    let _ = writeln!(
        md,
        "| Staffing | {staffing} (agents on the phones, net of shrinkage) |"
    );
    if let Some(c) = scenario.cost.hourly_cost {
        let _ = writeln!(
            md,
            "| Cost | {} per paid agent hour; fixed overheads {} |",
            format::money(c, currency),
            format::money_whole(scenario.cost.fixed_overheads, currency)
        );
    }
    md.push('\n');
}

/// Caller patience in words.
fn patience_words(patience: Patience) -> String {
    match patience {
        Patience::None => "callers wait as long as it takes".to_string(),
        Patience::Exponential { mean } => format!("exponential, mean {} s", mean.get()),
        Patience::Lognormal { mean, cv } => format!("lognormal, mean {} s, cv {cv}", mean.get()),
    }
}

/// The target in the channel's words.
fn target_words(scenario: &Scenario) -> String {
    let target = scenario.target.service;
    if let Some(d) = scenario.channel.outbound() {
        return format!(
            "the forecast's right-party contacts, {} of dials reaching a right party ({} dialling){}",
            pct(d.contact_rate),
            d.pacing.as_str(),
            if d.pacing == Pacing::Predictive {
                format!(", abandonment ≤ {}", pct(d.max_abandon))
            } else {
                String::new()
            }
        );
    }
    if scenario.channel.is_deferrable() {
        return format!(
            "{:.0} % of {} picked up within {} on the {} clock",
            target.service_level() * 100.0,
            scenario.channel.unit(),
            target.within(),
            scenario.target.clock.in_words()
        );
    }
    format!(
        "{:.0} % within {} s ({})",
        target.service_level() * 100.0,
        target.within().get(),
        target.definition()
    )
}

/// Simulated and predicted KPIs, staffing and cost.
fn results(p: &Page, md: &mut String) {
    let Page {
        scenario,
        plan,
        sim,
        currency,
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
    let _ = writeln!(
        md,
        "| Occupancy | {} | {} |",
        pct_ci(r.occupancy),
        t.occupancy.map_or("–".into(), pct)
    );
    let _ = writeln!(
        md,
        "| {} | {} per replication | {} |",
        match scenario.channel.unit() {
            _ if scenario.channel.outbound().is_some() => "Connects (right parties reached)",
            "sessions" => "Sessions offered",
            "items" => "Items offered",
            _ => "Contacts offered",
        },
        thousands(sim.contacts_offered()),
        thousands(t.offered)
    );
    let _ = writeln!(
        md,
        "\n95 % intervals are Student-t intervals over the {} replications, clipped to what the KPI can take (0–100 % for shares, ≥ 0 s for waits).",
        sim.replications
    );
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
    md.push('\n');
}

/// Where the target is missed, by day.
fn where_missed(p: &Page, md: &mut String) {
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

/// The staffing options of a sweep.
fn sweep_options(p: &Page, md: &mut String) {
    let Page { extras, .. } = *p;
    if let Some(sweep) = extras.sweep {
        let _ = writeln!(md, "## Staffing options\n");
        let per_day = p.scenario.target.confidence_per == crate::scenario::ConfidencePer::Day;
        let _ = writeln!(
            md,
            "{} options × {} replications with common random numbers; recommended: the cheapest option whose {} the target on {:.0} % of simulated days.\n",
            sweep.options.len(),
            sweep.replications,
            if per_day {
                "every open day, each on its own, meets"
            } else {
                "simulated days, pooled over the horizon, meet"
            },
            sweep.confidence * 100.0
        );
        let _ = writeln!(
            md,
            "| Scenario variant | Recommended option | Paid hours | Cost | Simulated service level | {} |\n| --- | --- | --- | --- | --- | --- |",
            if per_day {
                "Worst day meeting target"
            } else {
                "Days meeting target"
            }
        );
        for (variant, k) in &sweep.recommended {
            match k {
                Some(k) => {
                    let o = &sweep.options[*k];
                    let _ = writeln!(
                        md,
                        "| {variant} | {} | {:.0} | {} | {} | {} |",
                        o.label,
                        o.paid_hours,
                        thousands(o.cost),
                        pct_ci(o.service_level),
                        match &o.worst_day {
                            Some(day) if per_day => format!("{} ({day})", pct(o.p_meet_target)),
                            _ => pct(o.p_meet_target),
                        }
                    );
                }
                None => {
                    let _ = writeln!(
                        md,
                        "| {variant} | none meets the confidence asked | | | | |"
                    );
                }
            }
        }
        md.push('\n');
        let per_interval = sweep.recommended.iter().any(|(_, k)| {
            k.is_some_and(|k| sweep.options[k].point.requirement_multiplier.is_some())
        });
        if per_interval {
            let _ = writeln!(
                md,
                "Options set as a multiple of the requirement change staffing interval by interval: they cannot be rostered as they stand.{}\n",
                if p.extras.schedule.is_some() {
                    " The schedule below gives shifts that can."
                } else {
                    " Add [schedule] templates to the scenario to turn them into shifts."
                }
            );
        }
    }
}

/// The schedule: what to add to today's roster (or the shifts to publish), day by day.
fn schedule(p: &Page, md: &mut String) {
    let Page {
        extras, scenario, ..
    } = *p;
    let Some(r) = extras.schedule else { return };
    let c = &r.currency;
    let keep = r.keep == "roster";
    let _ = writeln!(
        md,
        "## {}\n",
        if keep {
            "Shifts to add to today's roster"
        } else {
            "The schedule"
        }
    );
    let what = match r.objective {
        crate::scenario::Objective::Cover => format!(
            "to staff every open interval at or above its {} requirement",
            p.plan.model
        ),
        crate::scenario::Objective::Service => format!(
            "to meet the target on at least {} of simulated days, every day on its own",
            pct(scenario.target.confidence)
        ),
    };
    let _ = writeln!(
        md,
        "{} {} shifts ({} agents, {:.0} paid hours) {what}, at a cost of **{}**. The covering schedule is solved to a proven bound ({} lower bound, gap {}{}).\n",
        if keep { "Add" } else { "Schedule" },
        r.shifts.len(),
        r.heads,
        r.paid_hours,
        money_whole(r.cost, c),
        money_whole(r.lower_bound_cost, c),
        crate::report::format::percent(r.gap, 2),
        if r.optimal { ", optimal" } else { "" }
    );
    if !r.short_days.is_empty() {
        let _ = writeln!(
            md,
            "The search stopped with {} still short of the confidence; the best schedule found is shown.\n",
            r.short_days.join(", ")
        );
    }
    let calendar = scenario.days();
    let day_name = |date: &str| -> String {
        let Ok(day) = date.parse::<jiff::civil::Date>() else {
            return date.to_string();
        };
        let special = scenario
            .special_day_on(day)
            .map(|s| format!(" ({})", s.name))
            .unwrap_or_default();
        format!("{}{special}", day.strftime("%a %-d %b"))
    };
    let maybe = |v: Option<f64>| v.map_or("–".to_string(), pct);
    if keep {
        let _ = writeln!(
            md,
            "| Day | Shifts added | Agents | Agent-hours | Paid hours | Cost | Service level before → after | Days meeting target before → after |\n| --- | --- | --- | --- | --- | --- | --- | --- |"
        );
        for (day, cal) in r.days.iter().zip(&calendar) {
            let Some(a) = &day.added else { continue };
            if !cal.intervals.clone().any(|i| scenario.intervals[i].open) {
                continue;
            }
            let before = a.service_level_before();
            let after = day.service_level();
            let _ = writeln!(
                md,
                "| {} | {} | {} | {:.1} | {:.1} | {} | {} → {} | {} → {} |",
                day_name(&day.date),
                a.shifts,
                a.heads,
                a.agent_hours,
                a.paid_hours,
                money_whole(a.cost, c),
                maybe(before),
                maybe(after),
                maybe(a.p_meet_target_before),
                maybe(day.p_meet_target)
            );
        }
        md.push('\n');
    }
    let _ = writeln!(
        md,
        "| Day | Shift | Start | End | Breaks | Agents | Cost |\n| --- | --- | --- | --- | --- | --- | --- |"
    );
    for shift in &r.shifts {
        let breaks: Vec<String> = shift
            .breaks
            .iter()
            .map(|b| format!("{}–{}", &b.start[11..], &b.end[11..]))
            .collect();
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {} | {} | {} |",
            day_name(&shift.date),
            shift.template,
            &shift.start[11..],
            &shift.end[11..],
            if breaks.is_empty() {
                "–".to_string()
            } else {
                breaks.join(", ")
            },
            shift.agents,
            shift.cost.map_or("–".into(), |v| money_whole(v, c))
        );
    }
    let _ = writeln!(
        md,
        "\n`schedule.csv` lists these shifts; `staffsim schedule {} --roster-out roster.toml` writes them as a roster the other commands read.\n",
        scenario.source.display()
    );
}

/// The bid.
fn bid(p: &Page, md: &mut String) {
    let Page {
        extras, scenario, ..
    } = *p;
    if let Some(bid) = extras.bid {
        let c = &bid.currency;
        let _ = writeln!(md, "## The bid\n");
        let _ = writeln!(md, "| | |\n| --- | --- |");
        let _ = writeln!(
            md,
            "| Term | {} months from {} |",
            bid.months.len(),
            bid.months.first().map_or("", |m| m.label.as_str())
        );
        let _ = writeln!(
            md,
            "| Launch team | {} hires in {}, training until go-live, recruiting {} ahead; {} transition cost |",
            bid.launch_hires,
            format::count_of(bid.launch_classes, "class"),
            format::count_of(bid.recruit_months_before_start as u64, "month"),
            format::money_whole(bid.transition_cost, c)
        );
        let _ = writeln!(
            md,
            "| Total cost | {} ({} per handled contact) |",
            format::money_whole(bid.total_cost, c),
            format::money(bid.cost_per_handled_contact, c)
        );
        let _ = writeln!(
            md,
            "| Revenue | {}: {} margin after {} expected SLA credits (target {}{}) |",
            format::money_whole(bid.revenue, c),
            format::percent(bid.margin_after_expected_credits, 1),
            format::money_whole(bid.expected_sla_credits, c),
            pct(bid.margin),
            match bid.price_risk {
                crate::scenario::PriceRisk::Include => ", credits priced in",
                crate::scenario::PriceRisk::Show => ", credits shown, not priced",
            }
        );
        if bid.sites.len() > 1 {
            for s in &bid.sites {
                let _ = writeln!(
                    md,
                    "| Site {} | {} of contacts, {} of the work (AHT × {:.2}); attrition {} a month ({} for new hires); {} hires; {} per paid hour, {} labour after go-live |",
                    s.name,
                    pct(s.share),
                    pct(s.workload_share),
                    s.aht_multiplier,
                    format::percent(s.attrition, 1),
                    format::percent(s.new_hire_attrition, 1),
                    s.hires,
                    format::money(s.hourly_cost, c),
                    format::money_whole(s.labour_cost, c)
                );
            }
        }
        if scenario
            .bid
            .as_ref()
            .is_some_and(|b| !b.gain_share.is_empty())
        {
            let _ = writeln!(
                md,
                "| Gain-share | expected {} of {} over the term; {} margin after credits and gain-share |",
                if bid.expected_gain_share >= 0.0 {
                    "bonus"
                } else {
                    "malus"
                },
                format::money_whole(bid.expected_gain_share.abs(), c),
                format::percent(bid.expected_margin, 1)
            );
        }
        let _ = writeln!(
            md,
            "| Price per FTE-month | {} |",
            format::money(bid.price_per_fte_month, c)
        );
        let _ = writeln!(
            md,
            "| Price per handled contact | {} |",
            format::money(bid.price_per_contact, c)
        );
        let _ = writeln!(
            md,
            "| Price per handled minute | {} |",
            format::money(bid.price_per_minute, c)
        );
        let _ = writeln!(
            md,
            "| Hybrid | {} a month + {} per contact |",
            format::money_whole(bid.hybrid_base_per_month, c),
            format::money(bid.hybrid_per_contact, c)
        );
        if bid.bench_fte > 0.05 {
            let _ = writeln!(
                md,
                "| Bench | {:.1} FTE-months beyond the requirement, {} ({}) |",
                bid.bench_fte,
                format::money_whole(bid.bench_cost, c),
                match bid.release {
                    crate::scenario::Release::Attrition => "paid until attrition takes them",
                    crate::scenario::Release::Redeploy => "redeployed: out of this contract's cost",
                }
            );
        }
        let riskiest = bid.riskiest_month();
        let _ = writeln!(
            md,
            "| P(a month misses the SLA) | {} on average; riskiest month {} at {} (95 % interval, {} replications{}) |",
            pct(bid.p_miss_sla),
            riskiest.label,
            format::percent_ci(riskiest.p_miss_sla, Some(riskiest.p_miss_sla_ci95), 1),
            bid.risk_replications,
            if bid.risk_decided {
                ""
            } else {
                "; some month still undecided against the bound"
            }
        );
        match (bid.staffing_uplift_for_bound, bid.fte_at_bound) {
            (Some(u), Some(fte)) => {
                let _ = writeln!(
                    md,
                    "| Priced staffing | Erlang requirement × {u:.2}, the least whose hiring plan keeps every month's P(miss) ≤ {} ({fte:.1} FTE on average) |",
                    pct(bid.max_p_miss)
                );
            }
            _ => {
                let _ = writeln!(
                    md,
                    "| Priced staffing | no staffing up to × {:.2} keeps every month's P(miss) ≤ {}: priced there with the credits it expects |",
                    crate::bid::UPLIFTS[crate::bid::UPLIFTS.len() - 1],
                    pct(bid.max_p_miss)
                );
            }
        }
        let _ = writeln!(
            md,
            "| At the plain requirement | total cost {}, {} per handled contact |",
            format::money_whole(bid.unadjusted.total_cost, c),
            format::money(bid.unadjusted.price_per_contact, c)
        );
        md.push('\n');
    }
}

/// Every chart, with its title and subtitle.
fn chart_list(p: &Page, md: &mut String) {
    let Page {
        scenario, charts, ..
    } = *p;
    let _ = writeln!(md, "## Charts\n");
    for (stem, chart) in charts {
        let _ = writeln!(
            md,
            "### {}\n\n{}\n\n![{}](charts/{stem}.png)\n",
            chart.title, chart.subtitle, chart.title
        );
    }
    let _ = writeln!(
        md,
        "---\nWritten by staffsim {} from scenario `{}`. Each chart is also in `charts/` as SVG; every interval is in `intervals.csv` and `workbook.xlsx`.",
        env!("CARGO_PKG_VERSION"),
        scenario.name
    );
}

fn handle_time_name(h: &HandleTime) -> String {
    match h {
        HandleTime::Exponential => "exponential".into(),
        HandleTime::Lognormal { cv } => format!("lognormal (cv {cv})"),
        HandleTime::Gamma { cv } => format!("gamma (cv {cv})"),
        HandleTime::Fixed => "fixed".into(),
        HandleTime::Empirical { samples } => format!("empirical ({} observed)", samples.len()),
    }
}
