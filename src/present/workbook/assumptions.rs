//! The Assumptions sheet: every scenario input, by section.

use super::book::*;

/// Assumptions: every input of the scenario, grouped by section as in the scenario file, so a
/// reader of the workbook can rebuild the run: horizon and forecast, handle time and patience,
/// target, shrinkage, special days, staffing, cost, simulation, sweep, bid and report.
pub(super) fn assumptions_sheet(workbook: &mut Workbook, book: &Book) -> Result<(), XlsxError> {
    let Book {
        scenario,
        plan,
        sim,
        f,
        ..
    } = book;
    let Formats { header, bold, .. } = f;
    let ws = workbook.add_worksheet();
    ws.set_name("Assumptions")?;
    ws.set_column_width(0, 16)?;
    ws.set_column_width(1, 34)?;
    ws.set_column_width(2, 70)?;
    header_row(ws, 0, &["Section", "Input", "Value"], header)?;
    let mut row = 1u32;
    for (section, items) in assumptions(scenario, plan, sim) {
        for (k, (name, value)) in items.iter().enumerate() {
            if k == 0 {
                ws.write_string_with_format(row, 0, section, bold)?;
            }
            ws.write_string(row, 1, name)?;
            ws.write_string(row, 2, value)?;
            row += 1;
        }
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

/// An input as it was written: thousands grouped, up to four decimals, no trailing zeros
/// (0.15 → "0.15", 12.5 → "12.5", 36000 → "36,000").
pub(super) fn exact(x: f64) -> String {
    let decimals = (0..=4)
        .find(|&d| {
            let scale = 10f64.powi(d);
            ((x * scale).round() / scale - x).abs() <= 1e-9 * x.abs().max(1.0)
        })
        .unwrap_or(4);
    format::grouped(x, decimals as usize)
}

/// Every input of `scenario`, as (section, [(input, value)]) in the order of the scenario file.
pub(super) fn assumptions(
    scenario: &Scenario,
    plan: &Plan,
    sim: &SimulationResult,
) -> Vec<(&'static str, Vec<(String, String)>)> {
    let pct = |v: f64| format!("{} %", exact(v * 100.0));
    let opt_pct = |v: Option<f64>| v.map_or("–".to_string(), pct);
    let secs = |v: Seconds| format!("{} s", exact(v.get()));
    let list = |values: &[f64]| {
        values
            .iter()
            .map(|v| exact(*v))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let currency = &scenario.cost.currency;
    let money = |v: f64| format::money(v, currency);
    let pair = |a: &str, b: String| (a.to_string(), b);
    let t = scenario.target.service;
    let first = scenario.intervals.first().map(|i| i.start);
    let last = scenario.intervals.last().map(|i| i.start);
    let mut sections = Vec::new();

    let mut horizon = vec![
        pair("Scenario", scenario.name.clone()),
        pair("Description", scenario.description.clone()),
        pair("Scenario file", scenario.source.display().to_string()),
        pair("Interval", scenario.interval.to_string()),
        pair(
            "Horizon",
            match (first, last) {
                (Some(a), Some(b)) => format!(
                    "{} to {} ({} days, {} intervals, {} open)",
                    a.date(),
                    b.date(),
                    plan.days.len(),
                    scenario.intervals.len(),
                    plan.totals.intervals
                ),
                _ => "–".into(),
            },
        ),
        pair(
            "Contacts forecast",
            format::thousands(scenario.intervals.iter().map(|i| i.volume).sum()),
        ),
    ];
    if let Some(forecast) = &scenario.forecast {
        horizon.extend([
            pair("Forecast method", forecast.method.to_string()),
            pair("Backtest WAPE", pct(forecast.backtest_wape)),
            pair(
                "Poisson floor of the WAPE",
                pct(forecast.poisson_floor_wape),
            ),
            pair("History intervals", forecast.history_intervals.to_string()),
        ]);
    }
    sections.push(("Horizon", horizon));

    sections.push((
        "Handling",
        vec![
            pair(
                "Handle time distribution",
                match &scenario.handle_time {
                    HandleTime::Exponential => "exponential".into(),
                    HandleTime::Lognormal { cv } => format!("lognormal, cv {cv}"),
                    HandleTime::Gamma { cv } => format!("gamma, cv {cv}"),
                    HandleTime::Fixed => "fixed".into(),
                    HandleTime::Empirical { samples } => {
                        format!("empirical, {} observed handle times", samples.len())
                    }
                },
            ),
            pair(
                "Patience",
                match scenario.patience {
                    Patience::None => "none: nobody abandons".into(),
                    Patience::Exponential { mean } => format!("exponential, mean {}", secs(mean)),
                    Patience::Lognormal { mean, cv } => {
                        format!("lognormal, mean {}, cv {cv}", secs(mean))
                    }
                },
            ),
        ],
    ));

    sections.push((
        "Target",
        vec![
            pair(
                "Service level",
                format!(
                    "{} within {} ({})",
                    pct(t.service_level()),
                    secs(t.within()),
                    t.definition()
                ),
            ),
            pair("Max occupancy", opt_pct(scenario.target.max_occupancy)),
            pair("Max ASA", scenario.target.max_asa.map_or("–".into(), secs)),
            pair("Max abandonment", opt_pct(scenario.target.max_abandon)),
            pair("Confidence (sweep, bid)", pct(scenario.target.confidence)),
            pair("Model (plan)", plan.model.to_string()),
        ],
    ));

    let mut shrinkage = vec![pair("Total", pct(scenario.shrinkage.total.fraction()))];
    for (name, v) in &scenario.shrinkage.components {
        shrinkage.push((name.clone(), pct(*v)));
    }
    sections.push(("Shrinkage", shrinkage));

    let special: Vec<(String, String)> = scenario
        .special_days
        .iter()
        .map(|day| {
            let dates = if day.from == day.to {
                day.from.to_string()
            } else {
                format!("{} to {}", day.from, day.to)
            };
            let what = if day.closed {
                "closed".to_string()
            } else {
                format!(
                    "volume × {}, AHT × {}{}",
                    day.volume_multiplier,
                    day.aht_multiplier,
                    if day.intraday.is_some() {
                        ", own intraday profile"
                    } else {
                        ""
                    }
                )
            };
            (day.name.clone(), format!("{dates}: {what}"))
        })
        .collect();
    if !special.is_empty() {
        sections.push(("Special days", special));
    }

    let mut staffing = vec![pair("Method", scenario.staffing.method().to_string())];
    match &scenario.staffing {
        Staffing::Constant(n) => staffing.push(pair("Agents", n.to_string())),
        Staffing::Roster(shifts) => {
            for shift in shifts {
                let breaks: Vec<String> = shift
                    .breaks
                    .iter()
                    .map(|b| format!("break {} after {}", b.length, b.offset))
                    .collect();
                staffing.push((
                    format!("Shift {}", shift.name),
                    format!(
                        "{} agents from {} for {:.1} h, {}{}",
                        shift.agents,
                        shift.start,
                        shift.length.hours(),
                        shift.days.to_names().join(" "),
                        if breaks.is_empty() {
                            String::new()
                        } else {
                            format!("; {}", breaks.join(", "))
                        }
                    ),
                ));
            }
        }
        Staffing::Given(what) => staffing.push(pair("Given", what.clone())),
        Staffing::ErlangC | Staffing::ErlangA | Staffing::Csv => {}
    }
    sections.push(("Staffing", staffing));

    sections.push((
        "Cost",
        vec![
            pair("Currency", currency.clone()),
            pair(
                "Hourly cost (paid hour)",
                scenario.cost.hourly_cost.map_or("–".into(), money),
            ),
            pair("Fixed overheads", money(scenario.cost.fixed_overheads)),
        ],
    ));

    let s = &scenario.simulation;
    sections.push((
        "Simulation",
        vec![
            pair("Replications", sim.replications.to_string()),
            pair("Seed", sim.seed.to_string()),
            pair("Forecast error (daily volume cv)", s.volume_cv.to_string()),
            pair("First-contact resolution", pct(s.fcr)),
            pair("Repeat delay (mean)", secs(s.repeat_delay)),
            pair("Retry probability", pct(s.retry_probability)),
            pair("Retry delay (mean)", secs(s.retry_delay)),
        ],
    ));

    if let Some(sweep) = &scenario.sweep {
        let mut items = Vec::new();
        let ints = |v: &[i32]| v.iter().map(i32::to_string).collect::<Vec<_>>().join(", ");
        if !sweep.agents_added.is_empty() {
            items.push(pair("Agents added", ints(&sweep.agents_added)));
        }
        for (name, values) in [
            ("Requirement multiplier", &sweep.requirement_multiplier),
            ("Volume multiplier", &sweep.volume_multiplier),
            ("AHT multiplier", &sweep.aht_multiplier),
            ("Shrinkage", &sweep.shrinkage),
        ] {
            if !values.is_empty() {
                items.push(pair(name, list(values)));
            }
        }
        for (shift, agents) in &sweep.shift_agents {
            let agents: Vec<String> = agents.iter().map(u32::to_string).collect();
            items.push((format!("Agents on shift {shift}"), agents.join(", ")));
        }
        if !sweep.patience.is_empty() {
            let values: Vec<String> = sweep.patience.iter().map(|p| secs(*p)).collect();
            items.push(pair("Patience", values.join(", ")));
        }
        items.push(pair(
            "Replications",
            sweep
                .replications
                .map_or("as the simulation".into(), |r| r.to_string()),
        ));
        items.push(pair("Hours per FTE-week", exact(sweep.hours_per_fte_week)));
        sections.push(("Sweep", items));
    }

    if let Some(bid) = &scenario.bid {
        let mut items = vec![
            pair("Term", format!("{} months", bid.term_months)),
            pair(
                "Start",
                bid.start
                    .map_or("the scenario's first month".into(), |d| d.to_string()),
            ),
            pair("Monthly volume", list(&bid.monthly_volume)),
            pair("AHT", bid.aht.map_or("the scenario's AHT".into(), secs)),
            pair("Hours per FTE-month", exact(bid.hours_per_fte_month)),
            pair(
                "Shrinkage",
                bid.shrinkage.map_or("the scenario's".into(), pct),
            ),
            pair("Attrition (per month)", pct(bid.attrition)),
            pair(
                "New-hire months (their own attrition)",
                bid.new_hire_months.to_string(),
            ),
            pair("Training", format!("{} weeks", bid.training_weeks)),
            pair(
                "Ramp (productivity by month)",
                bid.ramp
                    .iter()
                    .map(|r| pct(*r))
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            pair("Hiring lead", format!("{} months", bid.hiring_lead_months)),
        ];
        for site in &bid.sites {
            items.push((
                format!("Site {}", site.name),
                format!(
                    "{} of contacts at {} per hour; AHT × {}; attrition {} a month, {} for new hires",
                    pct(site.share),
                    money(site.hourly_cost),
                    exact(site.aht_multiplier),
                    pct(site.attrition),
                    pct(site.new_hire_attrition)
                ),
            ));
        }
        items.extend([
            pair("Overheads per month", money(bid.overheads_per_month)),
            pair("Margin", pct(bid.margin)),
            pair("Hybrid base share", pct(bid.hybrid_base_share)),
            pair("SLA credit (share of the month's fee)", pct(bid.sla_credit)),
            pair("SLA credit cap (share of revenue)", pct(bid.sla_credit_cap)),
            pair("Max P(a month misses the SLA)", pct(bid.max_p_miss)),
            pair(
                "Volume cv",
                bid.volume_cv
                    .map_or("the simulation's".into(), |v| v.to_string()),
            ),
            pair("Replications", bid.replications.to_string()),
            pair(
                "Class size",
                if bid.class_size.1 == u32::MAX {
                    format!("at least {}", bid.class_size.0)
                } else {
                    format!("{} to {}", bid.class_size.0, bid.class_size.1)
                },
            ),
            pair(
                "Classes start at most every",
                format!("{} month(s)", bid.class_every_months),
            ),
            pair("Cost per hire", money(bid.cost_per_hire)),
            pair("Trainer cost per class", money(bid.trainer_cost_per_class)),
            pair(
                "Expected SLA credits",
                match bid.price_risk {
                    crate::scenario::PriceRisk::Include => "priced in".into(),
                    crate::scenario::PriceRisk::Show => "shown, not priced".into(),
                },
            ),
            pair("Monthly forecast error (cv)", exact(bid.monthly_cv)),
            pair("Month-to-month correlation", exact(bid.month_correlation)),
        ]);
        for g in &bid.gain_share {
            items.push((
                format!("Gain-share {:?}", g.kpi),
                format!(
                    "{} of the fee per point from {}, capped at {} either way",
                    pct(g.per_point),
                    exact(g.target),
                    pct(g.cap)
                ),
            ));
        }
        for sla in &bid.slas {
            let tiers: Vec<String> = sla
                .tiers
                .iter()
                .map(|(t, c)| format!("{} → {} of the fee", exact(*t), pct(*c)))
                .collect();
            items.push((
                format!("SLA {:?}", sla.kpi),
                format!(
                    "{}{}",
                    tiers.join("; "),
                    if sla.earn_back_months > 0 {
                        format!("; earned back after {} months met", sla.earn_back_months)
                    } else {
                        String::new()
                    }
                ),
            ));
        }
        for h in &bid.holidays {
            items.push((
                format!("Holiday {}", h.name),
                format!(
                    "{}{}: {}",
                    h.from,
                    if h.to != h.from {
                        format!(" to {}", h.to)
                    } else {
                        String::new()
                    },
                    if h.closed {
                        "closed".to_string()
                    } else {
                        format!(
                            "volume × {}, AHT × {}",
                            h.volume_multiplier, h.aht_multiplier
                        )
                    }
                ),
            ));
        }
        sections.push(("Bid", items));
    }

    if let Some(schedule) = &scenario.schedule {
        let mut items = vec![
            pair(
                "Objective",
                match schedule.objective {
                    crate::scenario::Objective::Cover => "cover every interval".into(),
                    crate::scenario::Objective::Service => {
                        "meet the target on the confidence, day by day".into()
                    }
                },
            ),
            pair(
                "Keep",
                if schedule.keep_roster {
                    "today's roster, adding shifts".into()
                } else {
                    "nothing: schedule from scratch".into()
                },
            ),
            pair(
                "Max agents per interval",
                schedule.max_agents.map_or("–".into(), |m| m.to_string()),
            ),
        ];
        for t in &schedule.templates {
            let starts = match (t.starts.first(), t.starts.last()) {
                (Some(a), Some(b)) if t.starts.len() > 1 => {
                    format!("{} starts from {a} to {b}", t.starts.len())
                }
                (Some(a), _) => format!("starts at {a}"),
                _ => String::new(),
            };
            let breaks: Vec<String> = t
                .breaks
                .iter()
                .map(|b| {
                    format!(
                        "{} {} break between {} and {} in",
                        b.length,
                        if b.paid { "paid" } else { "unpaid" },
                        b.earliest,
                        b.latest
                    )
                })
                .collect();
            items.push((
                format!("Template {}", t.name),
                format!(
                    "{}, {} long, {}; {}; agents per start {}{}{}",
                    starts,
                    t.length,
                    t.days.to_names().join(" "),
                    t.hourly_cost.map_or("the [cost] rate".into(), |c| format!(
                        "{} per hour",
                        money(c)
                    )),
                    t.min_agents,
                    t.max_agents
                        .map_or(" or more".into(), |m| format!(" to {m}")),
                    if breaks.is_empty() {
                        String::new()
                    } else {
                        format!("; {}", breaks.join(", "))
                    }
                ),
            ));
        }
        sections.push(("Schedule", items));
    }

    let report = &scenario.report;
    let (w, h) = report.style.size();
    sections.push((
        "Report",
        vec![
            pair("Title", report.title.clone().unwrap_or_else(|| "–".into())),
            pair(
                "Client",
                report.client.clone().unwrap_or_else(|| "–".into()),
            ),
            pair("Chart size", format!("{w}×{h}")),
            pair(
                "Brand colour",
                report
                    .style
                    .accent
                    .map_or("house blue".into(), |[r, g, b]| {
                        format!("#{r:02X}{g:02X}{b:02X}")
                    }),
            ),
            pair(
                "Logo",
                if report.style.logo.is_some() {
                    "yes, in every chart's footer".into()
                } else {
                    "–".into()
                },
            ),
        ],
    ));
    sections
}
