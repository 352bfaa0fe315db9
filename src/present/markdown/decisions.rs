//! The decisions' sections of summary.md: the sweep's options, the schedule and the bid.

use super::page::*;

/// The staffing options of a sweep.
pub(super) fn sweep_options(p: &Page, md: &mut String) {
    let Page { extras, .. } = *p;
    if let Some(sweep) = extras.sweep {
        let _ = writeln!(md, "## Staffing options\n");
        let per_day = p.scenario.target.confidence_per == crate::scenario::ConfidencePer::Day;
        let _ = writeln!(
            md,
            "{} options × {} replications with common random numbers; recommended: the cheapest option whose {} the target on {} of simulated days.\n",
            sweep.options.len(),
            sweep.replications,
            if per_day {
                "every open day, each on its own, meets"
            } else {
                "simulated days, pooled over the horizon, meet"
            },
            crate::report::format::percent(sweep.confidence, 0)
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
pub(super) fn schedule(p: &Page, md: &mut String) {
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
    schedule_tables(p, r, md);
    let _ = writeln!(
        md,
        "\n`schedule.csv` lists these shifts; `staffsim schedule {} --roster-out roster.toml` writes them as a roster the other commands read.\n",
        scenario.source.display()
    );
}

/// The roster of people: who works, by contract; coverage against the requirement; the rules
/// checked; and the chart.
///
/// Over 80 lines: the section's paragraphs and two tables, a row at a time.
pub(super) fn roster(p: &Page, md: &mut String) {
    let Page {
        extras, scenario, ..
    } = *p;
    let Some(r) = extras.roster else { return };
    let fmt = crate::report::format::grouped;
    let _ = writeln!(
        md,
        "## The roster: who works when
"
    );
    let _ = writeln!(
        md,
        "{} people on the staff list, each given at most one shift a day under their contract's rules, to cover the requirement raised for {} unplanned absence.\n",
        r.agents.len(),
        pct(r.absence)
    );
    let _ = writeln!(
        md,
        "| Contract | People | Shifts | Paid hours |\n| --- | ---: | ---: | ---: |"
    );
    let mut contracts: Vec<&str> = r.agents.iter().map(|a| a.contract.as_str()).collect();
    contracts.dedup();
    contracts.sort_unstable();
    contracts.dedup();
    for contract in contracts {
        let of = r.agents.iter().filter(|a| a.contract == contract);
        let people = of.clone().count();
        let shifts: u32 = of.clone().map(|a| a.days_worked).sum();
        let hours: f64 = of.map(|a| a.paid_hours).sum();
        let _ = writeln!(
            md,
            "| {contract} | {people} | {shifts} | {} |",
            fmt(hours, 1)
        );
    }
    let c = &r.coverage;
    let _ = writeln!(
        md,
        "\nThe rostered heads are short of the need by **{} agent-hours** in {} intervals (no roster of these people is short of fewer than {}), and over it by {}; the roster costs **{}** (no roster holding every rule costs under {}). {}\n",
        fmt(c.short_agent_hours, 1),
        c.intervals_short,
        fmt(r.lower_bound.short_agent_hours, 1),
        fmt(c.over_agent_hours, 1),
        money_whole(r.cost, &scenario.cost.currency),
        money_whole(r.lower_bound.cost, &scenario.cost.currency),
        if r.rules.violations.is_empty() {
            "Every rule (rest, days and hours, days off, availability) is held, checked apart from the search.".to_string()
        } else {
            format!(
                "{} rules are broken (checked apart from the search): see `roster.csv` and `staffsim roster`.",
                r.rules.violations.len()
            )
        }
    );
    if !r.days.is_empty() {
        let _ = writeln!(
            md,
            "Simulated with {} of the rostered shifts missed (absence drawn per person and shift):\n\n| Day | Service level | P(meets target) |\n| --- | --- | ---: |",
            pct(r.absence)
        );
        for d in &r.days {
            let _ = writeln!(
                md,
                "| {} | {} | {} |",
                d.date,
                d.service_level
                    .map_or("–".into(), |e| crate::report::format::percent_ci(
                        e.mean, e.ci95, 1
                    )),
                pct(d.p_meet_target)
            );
        }
        md.push('\n');
    }
    let _ = writeln!(
        md,
        "![Who works when](charts/roster.png)\n\n`roster.csv` lists every person's shifts; `staffsim roster {} --ics calendars` writes a calendar file for each.\n",
        scenario.source.display()
    );
}

/// The bid.
pub(super) fn bid(p: &Page, md: &mut String) {
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
        clause_rows(scenario, bid, md);
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
        risk_rows(bid, md);
        md.push('\n');
        super::bid_finance::finance(bid, md);
    }
}

/// The day-by-day table of what the schedule adds (with a roster kept), then every shift.
fn schedule_tables(p: &Page, r: &crate::schedule::ScheduleResult, md: &mut String) {
    let scenario = p.scenario;
    let c = &r.currency;
    let keep = r.keep == "roster";
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
}

/// Each site where there are several, and the expected gain-share where the terms have one.
fn clause_rows(scenario: &Scenario, bid: &crate::bid::BidResult, md: &mut String) {
    let c = &bid.currency;
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
}

/// The bench, the risk of missing the SLA, the staffing priced and the plain requirement's cost.
fn risk_rows(bid: &crate::bid::BidResult, md: &mut String) {
    let c = &bid.currency;
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
}
