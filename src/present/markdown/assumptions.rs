//! The Assumptions section of summary.md: every input the numbers rest on, in a planner's words.

use super::page::*;

/// Every input the numbers rest on.
pub(super) fn assumptions(p: &Page, md: &mut String) {
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
pub(super) fn patience_words(patience: Patience) -> String {
    match patience {
        Patience::None => "callers wait as long as it takes".to_string(),
        Patience::Exponential { mean } => format!("exponential, mean {} s", mean.get()),
        Patience::Lognormal { mean, cv } => format!("lognormal, mean {} s, cv {cv}", mean.get()),
    }
}

/// The target in the channel's words.
pub(super) fn target_words(scenario: &Scenario) -> String {
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
