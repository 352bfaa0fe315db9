//! The assumptions a report rests on: every input of the scenario, by section, in one set of
//! words. The workbook's Assumptions sheet lists every item; summary.md lists the headline ones,
//! in the same words, so the two never tell a reader different things.

use crate::plan::Plan;
use crate::report::format;
use crate::scenario::{
    BidConfig, HandleTime, Objective, Pacing, Patience, PriceRisk, Scenario, ScheduleConfig,
    Staffing, SweepConfig,
};
use crate::sim::SimulationResult;
use crate::units::Seconds;

/// One section of the assumptions, named as in the scenario file.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Section {
    /// "Horizon", "Handling", "Target", …
    pub(crate) name: &'static str,
    /// Its inputs, in the order of the scenario file.
    pub(crate) items: Vec<Assumption>,
}

/// One input and its value, in words.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Assumption {
    /// What the input is.
    pub(crate) input: String,
    /// Its value as written, with units.
    pub(crate) value: String,
    /// Whether summary.md shows it (the workbook shows every item).
    pub(crate) headline: bool,
}

impl Section {
    /// The items summary.md shows.
    pub(crate) fn headlines(&self) -> impl Iterator<Item = &Assumption> {
        self.items.iter().filter(|a| a.headline)
    }
}

/// An item summary.md shows.
fn headline(input: impl Into<String>, value: impl Into<String>) -> Assumption {
    Assumption {
        input: input.into(),
        value: value.into(),
        headline: true,
    }
}

/// An item only the workbook shows.
fn detail(input: impl Into<String>, value: impl Into<String>) -> Assumption {
    Assumption {
        headline: false,
        ..headline(input, value)
    }
}

/// Every input of `scenario`, by section in the order of the scenario file.
pub(crate) fn assumptions(
    scenario: &Scenario,
    plan: &Plan,
    sim: &SimulationResult,
) -> Vec<Section> {
    let mut sections = vec![
        horizon(scenario, plan),
        handling(scenario),
        target(scenario, plan),
        shrinkage(scenario),
    ];
    sections.extend(special_days(scenario));
    sections.extend([
        staffing(scenario, plan),
        cost(scenario),
        simulation(scenario, sim),
    ]);
    sections.extend(scenario.sweep.as_ref().map(sweep));
    sections.extend(
        scenario
            .bid
            .as_ref()
            .map(|b| bid(b, &scenario.cost.currency)),
    );
    sections.extend(
        scenario
            .schedule
            .as_ref()
            .map(|s| schedule(s, &scenario.cost.currency)),
    );
    sections.push(report(scenario));
    sections
}

/// An input as it was written: thousands grouped, up to four decimals, no trailing zeros
/// (0.15 → "0.15", 12.5 → "12.5", 36000 → "36,000").
pub(crate) fn exact(x: f64) -> String {
    let decimals = (0..=4)
        .find(|&d| {
            let scale = 10f64.powi(d);
            ((x * scale).round() / scale - x).abs() <= 1e-9 * x.abs().max(1.0)
        })
        .unwrap_or(4);
    format::grouped(x, decimals as usize)
}

/// A share as written, in percent: 0.15 → "15 %".
fn pct(share: f64) -> String {
    format!("{} %", exact(share * 100.0))
}

/// A duration as written, in seconds: "20 s".
fn secs(v: Seconds) -> String {
    format!("{} s", exact(v.get()))
}

/// Values as written, comma-separated.
fn list(values: &[f64]) -> String {
    values
        .iter()
        .map(|v| exact(*v))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A day or a range of days.
fn dates(from: impl std::fmt::Display, to: impl std::fmt::Display) -> String {
    let (from, to) = (from.to_string(), to.to_string());
    if from == to {
        from
    } else {
        format!("{from} to {to}")
    }
}

/// Horizon and forecast.
fn horizon(scenario: &Scenario, plan: &Plan) -> Section {
    let span = match (scenario.intervals.first(), scenario.intervals.last()) {
        (Some(a), Some(b)) => format!(
            "{} ({} days, {} intervals of {}, {} open)",
            dates(a.start.date(), b.start.date()),
            plan.days.len(),
            scenario.intervals.len(),
            scenario.interval,
            plan.totals.intervals
        ),
        _ => "–".into(),
    };
    let forecast = match (plan.totals.target_contacts, scenario.channel.unit()) {
        (Some(target), _) => format!(
            "{} right-party contacts to reach",
            format::thousands(target)
        ),
        (None, "contacts") => format!(
            "{} contacts offered",
            format::thousands(plan.totals.offered)
        ),
        (None, unit) => format!("{} {unit}", format::thousands(plan.totals.offered)),
    };
    let mut items = vec![
        detail("Scenario", scenario.name.clone()),
        detail("Description", scenario.description.clone()),
        detail("Scenario file", scenario.source.display().to_string()),
        headline("Dates", span),
        headline("Forecast", forecast),
    ];
    if let Some(f) = &scenario.forecast {
        items.push(headline(
            "Forecast method",
            format!(
                "fitted from {} intervals of history: {} (backtest WAPE {}, Poisson floor {})",
                f.history_intervals,
                f.method,
                format::percent(f.backtest_wape, 1),
                format::percent(f.poisson_floor_wape, 1)
            ),
        ));
    }
    Section {
        name: "Horizon",
        items,
    }
}

/// Handle time and patience.
fn handling(scenario: &Scenario) -> Section {
    let aht = scenario
        .intervals
        .iter()
        .find(|i| i.open && i.special_day.is_none())
        .map(|i| i.aht);
    Section {
        name: "Handling",
        items: vec![
            headline(
                "Handle time",
                format!(
                    "{}{}",
                    aht.map_or(String::new(), |a| format!("{:.0} s average, ", a.get())),
                    handle_time_name(&scenario.handle_time)
                ),
            ),
            headline("Patience", patience_in_channel(scenario)),
        ],
    }
}

/// The handle-time distribution in words.
pub(crate) fn handle_time_name(h: &HandleTime) -> String {
    match h {
        HandleTime::Exponential => "exponential".into(),
        HandleTime::Lognormal { cv } => format!("lognormal (cv {cv})"),
        HandleTime::Gamma { cv } => format!("gamma (cv {cv})"),
        HandleTime::Fixed => "fixed".into(),
        HandleTime::Empirical { samples } => format!("empirical ({} observed)", samples.len()),
    }
}

/// Who abandons, in the channel's words: a dialler's cap, a backlog that waits, or callers'
/// patience.
fn patience_in_channel(scenario: &Scenario) -> String {
    match (scenario.patience, scenario.channel.outbound()) {
        (_, Some(d)) if d.pacing == Pacing::Predictive => format!(
            "none: a right party who answers with no free agent is abandoned by the dialler (cap {})",
            pct(d.max_abandon)
        ),
        (_, Some(_)) => "none: preview dialling abandons nobody".to_string(),
        (Patience::None, None) if scenario.channel.is_deferrable() => {
            "none: work waits in the backlog, oldest first".to_string()
        }
        (patience, None) => patience_words(patience),
    }
}

/// Caller patience in words.
pub(crate) fn patience_words(patience: Patience) -> String {
    match patience {
        Patience::None => "callers wait as long as it takes".to_string(),
        Patience::Exponential { mean } => format!("exponential, mean {}", secs(mean)),
        Patience::Lognormal { mean, cv } => format!("lognormal, mean {}, cv {cv}", secs(mean)),
    }
}

/// The target in the channel's words.
pub(crate) fn target_words(scenario: &Scenario) -> String {
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
            "{} of {} picked up within {} on the {} clock",
            pct(target.service_level()),
            scenario.channel.unit(),
            target.within(),
            scenario.target.clock.in_words()
        );
    }
    format!(
        "{} within {} ({})",
        pct(target.service_level()),
        secs(target.within()),
        target.definition()
    )
}

/// The target, its limits and the plan's model.
fn target(scenario: &Scenario, plan: &Plan) -> Section {
    let t = &scenario.target;
    let limit = |input: &str, value: Option<String>| Assumption {
        input: input.into(),
        headline: value.is_some(),
        value: value.map_or("–".into(), |v| format!("≤ {v}")),
    };
    Section {
        name: "Target",
        items: vec![
            headline("Service", target_words(scenario)),
            limit("Max occupancy", t.max_occupancy.map(pct)),
            limit("Max ASA", t.max_asa.map(secs)),
            limit("Max abandonment", t.max_abandon.map(pct)),
            detail("Confidence (sweep, bid)", pct(t.confidence)),
            detail("Model (plan)", plan.model.to_string()),
        ],
    }
}

/// Total shrinkage and its components.
fn shrinkage(scenario: &Scenario) -> Section {
    let s = &scenario.shrinkage;
    let mut items = vec![headline("Total", pct(s.total.fraction()))];
    items.extend(s.components.iter().map(|(name, v)| headline(name, pct(*v))));
    Section {
        name: "Shrinkage",
        items,
    }
}

/// Holidays and other special days, if any.
fn special_days(scenario: &Scenario) -> Option<Section> {
    let items: Vec<Assumption> = scenario
        .special_days
        .iter()
        .map(|day| {
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
            headline(&day.name, format!("{}: {what}", dates(day.from, day.to)))
        })
        .collect();
    (!items.is_empty()).then_some(Section {
        name: "Special days",
        items,
    })
}

/// How agents are put on the phones.
fn staffing(scenario: &Scenario, plan: &Plan) -> Section {
    let on_the_phones = match &scenario.staffing {
        Staffing::Roster(shifts) => format!("a roster of {} shifts, below", shifts.len()),
        Staffing::Constant(n) => format!("{n} in every open interval"),
        Staffing::Csv => "per interval, from the forecast file".into(),
        Staffing::Given(what) => what.clone(),
        Staffing::ErlangC | Staffing::ErlangA => {
            format!("the {} requirement in every interval", plan.model)
        }
    };
    let mut items = vec![
        detail("Method", scenario.staffing.method()),
        headline("Agents on the phones (net of shrinkage)", on_the_phones),
    ];
    if let Staffing::Roster(shifts) = &scenario.staffing {
        items.extend(shifts.iter().map(|shift| {
            let breaks: Vec<String> = shift
                .breaks
                .iter()
                .map(|b| format!("break {} after {}", b.length, b.offset))
                .collect();
            headline(
                format!("Shift {}", shift.name),
                format!(
                    "{} agents from {} for {}, {}{}",
                    shift.agents,
                    shift.start,
                    format::hours(shift.length.get(), 1),
                    shift.days.to_names().join(" "),
                    if breaks.is_empty() {
                        String::new()
                    } else {
                        format!("; {}", breaks.join(", "))
                    }
                ),
            )
        }));
    }
    Section {
        name: "Staffing",
        items,
    }
}

/// The agent-hour rate and the overheads.
fn cost(scenario: &Scenario) -> Section {
    let c = &scenario.cost;
    let priced = c.hourly_cost.is_some();
    Section {
        name: "Cost",
        items: vec![
            detail("Currency", c.currency.clone()),
            Assumption {
                headline: priced,
                ..detail(
                    "Hourly cost (paid hour)",
                    c.hourly_cost
                        .map_or("–".into(), |v| format::money(v, &c.currency)),
                )
            },
            Assumption {
                headline: priced,
                ..detail(
                    "Fixed overheads",
                    format::money_whole(c.fixed_overheads, &c.currency),
                )
            },
        ],
    }
}

/// The simulation's replications, seed and behaviours; summary.md shows the behaviours that are
/// switched on.
fn simulation(scenario: &Scenario, sim: &SimulationResult) -> Section {
    let s = &scenario.simulation;
    let when = |on: bool, input: &str, value: String| Assumption {
        headline: on,
        ..detail(input, value)
    };
    Section {
        name: "Simulation",
        items: vec![
            headline("Replications", sim.replications.to_string()),
            headline("Seed", sim.seed.to_string()),
            when(
                s.volume_cv > 0.0,
                "Forecast error (daily volume cv)",
                s.volume_cv.to_string(),
            ),
            when(s.fcr < 1.0, "First-contact resolution", pct(s.fcr)),
            when(s.fcr < 1.0, "Repeat delay (mean)", secs(s.repeat_delay)),
            when(
                s.retry_probability > 0.0,
                "Retry probability",
                pct(s.retry_probability),
            ),
            when(
                s.retry_probability > 0.0,
                "Retry delay (mean)",
                secs(s.retry_delay),
            ),
        ],
    }
}

/// The sweep's grid.
fn sweep(sweep: &SweepConfig) -> Section {
    let mut items = Vec::new();
    if !sweep.agents_added.is_empty() {
        let added: Vec<String> = sweep.agents_added.iter().map(i32::to_string).collect();
        items.push(detail("Agents added", added.join(", ")));
    }
    for (name, values) in [
        ("Requirement multiplier", &sweep.requirement_multiplier),
        ("Volume multiplier", &sweep.volume_multiplier),
        ("AHT multiplier", &sweep.aht_multiplier),
        ("Shrinkage", &sweep.shrinkage),
    ] {
        if !values.is_empty() {
            items.push(detail(name, list(values)));
        }
    }
    for (shift, agents) in &sweep.shift_agents {
        let agents: Vec<String> = agents.iter().map(u32::to_string).collect();
        items.push(detail(
            format!("Agents on shift {shift}"),
            agents.join(", "),
        ));
    }
    if !sweep.patience.is_empty() {
        let values: Vec<String> = sweep.patience.iter().map(|p| secs(*p)).collect();
        items.push(detail("Patience", values.join(", ")));
    }
    items.push(detail(
        "Replications",
        sweep
            .replications
            .map_or("as the simulation".into(), |r| r.to_string()),
    ));
    items.push(detail(
        "Hours per FTE-week",
        exact(sweep.hours_per_fte_week),
    ));
    Section {
        name: "Sweep",
        items,
    }
}

/// The bid's terms: volume, workforce, sites, money, risk and the contract's clauses.
fn bid(bid: &BidConfig, currency: &str) -> Section {
    let mut items = bid_workforce(bid);
    items.extend(bid.sites.iter().map(|site| {
        detail(
            format!("Site {}", site.name),
            format!(
                "{} of contacts at {} per hour; AHT × {}; attrition {} a month, {} for new hires",
                pct(site.share),
                format::money(site.hourly_cost, currency),
                exact(site.aht_multiplier),
                pct(site.attrition),
                pct(site.new_hire_attrition)
            ),
        )
    }));
    items.extend(bid_money(bid, currency));
    items.extend(bid_clauses(bid));
    Section { name: "Bid", items }
}

/// The bid's volume and workforce inputs.
fn bid_workforce(bid: &BidConfig) -> Vec<Assumption> {
    vec![
        detail("Term", format!("{} months", bid.term_months)),
        detail(
            "Start",
            bid.start
                .map_or("the scenario's first month".into(), |d| d.to_string()),
        ),
        detail("Monthly volume", list(&bid.monthly_volume)),
        detail("AHT", bid.aht.map_or("the scenario's AHT".into(), secs)),
        detail("Hours per FTE-month", exact(bid.hours_per_fte_month)),
        detail(
            "Shrinkage",
            bid.shrinkage.map_or("the scenario's".into(), pct),
        ),
        detail("Attrition (per month)", pct(bid.attrition)),
        detail(
            "New-hire months (their own attrition)",
            bid.new_hire_months.to_string(),
        ),
        detail("Training", format!("{} weeks", bid.training_weeks)),
        detail(
            "Ramp (productivity by month)",
            bid.ramp
                .iter()
                .map(|r| pct(*r))
                .collect::<Vec<_>>()
                .join(", "),
        ),
        detail("Hiring lead", format!("{} months", bid.hiring_lead_months)),
    ]
}

/// The bid's money, risk and hiring-class inputs.
fn bid_money(bid: &BidConfig, currency: &str) -> Vec<Assumption> {
    let money = |v: f64| format::money(v, currency);
    vec![
        detail("Overheads per month", money(bid.overheads_per_month)),
        detail("Margin", pct(bid.margin)),
        detail("Hybrid base share", pct(bid.hybrid_base_share)),
        detail("SLA credit (share of the month's fee)", pct(bid.sla_credit)),
        detail("SLA credit cap (share of revenue)", pct(bid.sla_credit_cap)),
        detail("Max P(a month misses the SLA)", pct(bid.max_p_miss)),
        detail(
            "Volume cv",
            bid.volume_cv
                .map_or("the simulation's".into(), |v| v.to_string()),
        ),
        detail("Replications", bid.replications.to_string()),
        detail(
            "Class size",
            if bid.class_size.1 == u32::MAX {
                format!("at least {}", bid.class_size.0)
            } else {
                format!("{} to {}", bid.class_size.0, bid.class_size.1)
            },
        ),
        detail(
            "Classes start at most every",
            format!("{} month(s)", bid.class_every_months),
        ),
        detail("Cost per hire", money(bid.cost_per_hire)),
        detail("Trainer cost per class", money(bid.trainer_cost_per_class)),
        detail(
            "Expected SLA credits",
            match bid.price_risk {
                PriceRisk::Include => "priced in",
                PriceRisk::Show => "shown, not priced",
            },
        ),
        detail("Monthly forecast error (cv)", exact(bid.monthly_cv)),
        detail("Month-to-month correlation", exact(bid.month_correlation)),
    ]
}

/// The contract's gain-share, SLA tiers and holidays.
fn bid_clauses(bid: &BidConfig) -> Vec<Assumption> {
    let gain_share = bid.gain_share.iter().map(|g| {
        detail(
            format!("Gain-share {:?}", g.kpi),
            format!(
                "{} of the fee per point from {}, capped at {} either way",
                pct(g.per_point),
                exact(g.target),
                pct(g.cap)
            ),
        )
    });
    let slas = bid.slas.iter().map(|sla| {
        let tiers: Vec<String> = sla
            .tiers
            .iter()
            .map(|(t, c)| format!("{} → {} of the fee", exact(*t), pct(*c)))
            .collect();
        let earn_back = if sla.earn_back_months > 0 {
            format!("; earned back after {} months met", sla.earn_back_months)
        } else {
            String::new()
        };
        detail(format!("SLA {:?}", sla.kpi), tiers.join("; ") + &earn_back)
    });
    let holidays = bid.holidays.iter().map(|h| {
        let what = if h.closed {
            "closed".to_string()
        } else {
            format!(
                "volume × {}, AHT × {}",
                h.volume_multiplier, h.aht_multiplier
            )
        };
        detail(
            format!("Holiday {}", h.name),
            format!("{}: {what}", dates(h.from, h.to)),
        )
    });
    gain_share.chain(slas).chain(holidays).collect()
}

/// The scheduler's objective, limits and shift templates.
fn schedule(schedule: &ScheduleConfig, currency: &str) -> Section {
    let mut items = vec![
        detail(
            "Objective",
            match schedule.objective {
                Objective::Cover => "cover every interval",
                Objective::Service => "meet the target on the confidence, day by day",
            },
        ),
        detail(
            "Keep",
            if schedule.keep_roster {
                "today's roster, adding shifts"
            } else {
                "nothing: schedule from scratch"
            },
        ),
        detail(
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
                let paid = if b.paid { "paid" } else { "unpaid" };
                format!(
                    "{} {paid} break between {} and {} in",
                    b.length, b.earliest, b.latest
                )
            })
            .collect();
        let rate = t.hourly_cost.map_or("the [cost] rate".into(), |c| {
            format!("{} per hour", format::money(c, currency))
        });
        let agents = t
            .max_agents
            .map_or(" or more".into(), |m| format!(" to {m}"));
        let breaks = if breaks.is_empty() {
            String::new()
        } else {
            format!("; {}", breaks.join(", "))
        };
        items.push(detail(
            format!("Template {}", t.name),
            format!(
                "{starts}, {} long, {}; {rate}; agents per start {}{agents}{breaks}",
                t.length,
                t.days.to_names().join(" "),
                t.min_agents,
            ),
        ));
    }
    Section {
        name: "Schedule",
        items,
    }
}

/// The report's title, client and chart style.
fn report(scenario: &Scenario) -> Section {
    let report = &scenario.report;
    let (w, h) = report.style.size();
    let accent = report
        .style
        .accent
        .map_or("house blue".into(), |[r, g, b]| {
            format!("#{r:02X}{g:02X}{b:02X}")
        });
    let logo = if report.style.logo.is_some() {
        "yes, in every chart's footer"
    } else {
        "–"
    };
    Section {
        name: "Report",
        items: vec![
            detail("Title", report.title.clone().unwrap_or_else(|| "–".into())),
            detail(
                "Client",
                report.client.clone().unwrap_or_else(|| "–".into()),
            ),
            detail("Chart size", format!("{w}×{h}")),
            detail("Brand colour", accent),
            detail("Logo", logo),
        ],
    }
}
