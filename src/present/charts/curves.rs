//! Staffing curves: service level and ASA against agents for one interval.

use super::{Context, ceiling};
use crate::queueing::calculator::{Calculation, CalculatorRow};
use crate::queueing::{Constraints, QueueModel, SlDefinition};
use crate::report::{Chart, Colour, Mark, Panel, XAxis, YFormat};
use crate::units::Seconds;

/// The most staffing levels a curve evaluates: enough for a smooth line at 1600 px, few enough
/// that a curve at ten million agents draws in milliseconds.
const MAX_CURVE_POINTS: u32 = 400;

/// The levels of `agents` a curve evaluates: every one in a range narrower than `most`, else
/// `most + 1` evenly spaced ones, ends included.
fn curve_levels(agents: &std::ops::RangeInclusive<u32>, most: u32) -> Vec<u32> {
    let (lo, hi) = (*agents.start(), *agents.end());
    let span = hi - lo;
    if span < most {
        return agents.clone().collect();
    }
    let mut levels: Vec<u32> = (0..=most)
        .map(|k| lo + ((u64::from(span) * u64::from(k)) / u64::from(most)) as u32)
        .collect();
    levels.dedup();
    levels
}

/// An axis of agents from `lo` to `hi`, titled `title`, each level centred on its tick.
fn agents_axis(title: &str, lo: u32, hi: u32) -> XAxis {
    let (lo, hi) = (f64::from(lo), f64::from(hi));
    XAxis {
        title: title.into(),
        range: (lo - 0.5, hi + 0.5),
        ticks: agent_ticks(lo, hi),
        separators: Vec::new(),
    }
}

/// Ticks on an agents axis from `lo` to `hi`: whole steps of 1, 2 or 5 × 10ⁿ, at most 16.
fn agent_ticks(lo: f64, hi: f64) -> Vec<(f64, String)> {
    let span = (hi - lo).max(1.0);
    let step = [1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 200.0, 500.0, 1000.0]
        .into_iter()
        .find(|s| span / s <= 16.0)
        .unwrap_or(2000.0);
    (0..)
        .map(|k| (lo / step).ceil() * step + f64::from(k) * step)
        .take_while(|x| *x <= hi)
        .map(|x| (x, format!("{x:.0}")))
        .collect()
}

/// The Erlang calculator's staffing curve (`staffsim erlang --chart`): over the range asked for,
/// or around the one level evaluated or solved ([`Calculation::chart_range`]).
pub fn calculator_curve(calculation: &Calculation, rows: &[CalculatorRow]) -> Chart {
    staffing_curve(
        &calculation.model,
        calculation.chart_range(rows),
        calculation.within,
        calculation.definition,
        &calculation.constraints,
        &format!(
            "Staffing curve: {} contacts per {}, AHT {} s",
            calculation.volume,
            calculation.interval,
            calculation.aht.get()
        ),
        &format!(
            "staffsim erlang · {} · {:.2} Erlangs offered · staffsim {}",
            calculation.model.kind(),
            calculation.model.load_erlangs(),
            env!("CARGO_PKG_VERSION")
        ),
    )
}

/// The staffing curve of one interval: service level and ASA over a range of agents, with the
/// target, sampled at up to 400 levels.
///
/// Over 80 lines: one chart literal after the curve's samples.
pub fn staffing_curve(
    model: &QueueModel,
    agents: std::ops::RangeInclusive<u32>,
    within: Seconds,
    definition: SlDefinition,
    constraints: &Constraints,
    title: &str,
    footnote: &str,
) -> Chart {
    let target = constraints.target.map(|t| t.service_level());
    let rows = model.performance_at(&curve_levels(&agents, MAX_CURVE_POINTS), within, definition);
    let (lo, hi) = (f64::from(*agents.start()), f64::from(*agents.end()));
    let sl: Vec<(f64, Option<f64>)> = rows
        .iter()
        .map(|p| (f64::from(p.agents), Some(p.service_level)))
        .collect();
    let asa: Vec<(f64, Option<f64>)> = rows
        .iter()
        .map(|p| (f64::from(p.agents), p.asa.map(Seconds::get)))
        .collect();
    let asa_top = ceiling(
        asa.iter().filter_map(|(_, a)| *a).map(|a| a.min(600.0)),
        5.0,
    );
    let mut sl_marks = vec![Mark::Line {
        label: format!("Service level ({})", model.kind()),
        points: sl,
        colour: Colour::Blue,
        dashed: false,
    }];
    if let Some(target) = target {
        sl_marks.push(super::level("Target", target, 0));
    }
    let mut asa_marks = vec![Mark::Line {
        label: "ASA".into(),
        points: asa,
        colour: Colour::Orange,
        dashed: false,
    }];
    if let Some(max) = constraints.max_asa {
        asa_marks.push(Mark::HLine {
            label: format!("ASA cap {} s", max.get()),
            y: max.get(),
            colour: Colour::Black,
        });
    }
    // Each constraint alone, and which of them sets the requirement (the largest).
    let needs = binding_constraints(model, constraints);
    let required = needs.iter().map(|n| n.agents).max();
    let mut subtitle = format!(
        "{:.1} Erlangs offered: service level within {} s and ASA at each staffing level",
        model.load_erlangs(),
        within.get()
    );
    sl_marks.extend(need_lines(&needs, &rows, (lo, hi)));
    if let (Some(required), true) = (required, needs.len() > 1)
        && let Some(binding) = needs.iter().find(|n| n.agents == required)
    {
        subtitle = format!(
            "{:.1} Erlangs offered; the requirement, {required} agents, is set by {}",
            model.load_erlangs(),
            binding.what
        );
    }
    Chart {
        title: title.to_string(),
        subtitle,
        footnote: footnote.to_string(),
        x: agents_axis("Agents on the phones", *agents.start(), *agents.end()),
        panels: vec![
            Panel {
                y_title: format!("Answered within {} s", within.get()),
                y_range: (0.0, 1.0),
                y_format: YFormat::Percent,
                marks: sl_marks,
            },
            Panel {
                y_title: "ASA (seconds)".into(),
                y_range: (0.0, asa_top),
                y_format: YFormat::Seconds,
                marks: asa_marks,
            },
        ],
    }
}

/// A drop line from the axis to the curve at each constraint's need, the one setting the
/// requirement (the largest) solid and red: the room above the curve stays free.
fn need_lines(
    needs: &[Need],
    rows: &[crate::queueing::Performance],
    (lo, hi): (f64, f64),
) -> Vec<Mark> {
    let required = needs.iter().map(|n| n.agents).max();
    let mut lines = Vec::new();
    for need in needs {
        let binds = Some(need.agents) == required;
        let x = f64::from(need.agents);
        if (lo..=hi).contains(&x) {
            let reached = rows
                .iter()
                .min_by_key(|p| p.agents.abs_diff(need.agents))
                .map_or(1.0, |p| p.service_level);
            lines.push(Mark::Line {
                label: format!(
                    "{} needs {}{}",
                    need.what,
                    need.agents,
                    if binds { ": sets the requirement" } else { "" }
                ),
                points: vec![(x, Some(0.0)), (x, Some(reached))],
                colour: if binds {
                    Colour::Vermillion
                } else {
                    Colour::Grey
                },
                dashed: !binds,
            });
        }
    }
    lines
}

/// The fewest agents one constraint needs on its own, and how to name it.
struct Need {
    what: String,
    agents: u32,
}

/// The fewest agents each set constraint needs on its own (those that can be met).
fn binding_constraints(model: &QueueModel, constraints: &Constraints) -> Vec<Need> {
    let alone = |c: Constraints| model.required_agents(&c).ok().map(|p| p.agents);
    let mut needs = Vec::new();
    if let Some(t) = constraints.target
        && let Some(agents) = alone(Constraints {
            target: Some(t),
            ..Constraints::default()
        })
    {
        needs.push(Need {
            what: format!(
                "{:.0}/{} service level",
                t.service_level() * 100.0,
                t.within().get()
            ),
            agents,
        });
    }
    if let Some(max) = constraints.max_occupancy
        && let Some(agents) = alone(Constraints {
            max_occupancy: Some(max),
            ..Constraints::default()
        })
    {
        needs.push(Need {
            what: format!("occupancy ≤ {}", crate::report::format::percent(max, 0)),
            agents,
        });
    }
    if let Some(max) = constraints.max_asa
        && let Some(agents) = alone(Constraints {
            max_asa: Some(max),
            ..Constraints::default()
        })
    {
        needs.push(Need {
            what: format!("ASA ≤ {} s", max.get()),
            agents,
        });
    }
    if let Some(max) = constraints.max_abandon
        && let Some(agents) = alone(Constraints {
            max_abandon: Some(max),
            ..Constraints::default()
        })
    {
        needs.push(Need {
            what: format!("abandonment ≤ {}", crate::report::format::percent(max, 1)),
            agents,
        });
    }
    needs
}

/// The staffing curve of the plan in its channel's own model: for voice and chat the Erlang
/// curve of the peak interval around its requirement; for email and back-office the backlog's
/// (`backlog_curve`); for outbound the dialler's (`dialler_curve`). `None` when the plan has
/// no open interval with work.
pub fn peak_curve(ctx: &Context) -> Option<Chart> {
    if ctx.scenario.channel.is_deferrable() {
        return backlog_curve(ctx);
    }
    if let Some(outbound) = ctx.scenario.channel.outbound() {
        return dialler_curve(ctx, outbound);
    }
    queue_curve(ctx)
}

/// The Erlang staffing curve at the plan's peak interval (voice, chat).
fn queue_curve(ctx: &Context) -> Option<Chart> {
    let (plan, scenario) = (ctx.plan, ctx.scenario);
    if scenario.channel.is_deferrable() || scenario.channel.outbound().is_some() {
        return None;
    }
    // The plan's own peak (the first interval with the largest requirement), so the chart and
    // the report name the same interval.
    let peak = plan
        .totals
        .peak_start
        .and_then(|start| plan.intervals.iter().find(|i| i.start == start))
        .filter(|i| i.open && i.volume > 0.0)?;
    let load = peak.performance.offered_load_erlangs;
    let model = QueueModel::for_channel(
        load,
        peak.aht,
        scenario.patience.mean(),
        scenario.channel.aht_factors(),
    )
    .ok()?;
    let need = peak.required_agents;
    let width = (f64::from(need).sqrt() * 2.0).ceil().max(5.0) as u32;
    // Agents carry `concurrency` sessions in chat: half the load in agents (not in sessions)
    // is the floor, so the curve starts below the requirement and its target crossing shows.
    let concurrency = scenario.channel.aht_factors().len().max(1) as f64;
    let low = need
        .saturating_sub(width)
        .max((load / concurrency).floor() as u32 / 2);
    let target = scenario.target.service;
    let constraints = scenario.constraints();
    Some(staffing_curve(
        &model,
        low..=need + width,
        target.within(),
        target.definition(),
        &constraints,
        &format!(
            "Staffing curve at the peak, {}",
            peak.start.strftime("%a %-d %b %H:%M")
        ),
        &ctx.footnote(),
    ))
}

/// The most flat staffing levels a backlog curve runs: each is a fluid run over the horizon.
const MAX_BACKLOG_POINTS: u32 = 120;

/// The backlog's staffing curve (email, back-office): the share of the horizon's items picked
/// up within the deadline, and the backlog left at its end, if every open interval had the same
/// agents — with the fewest such agents that hold the target; the subtitle compares the plan's
/// own staffing, which varies by interval.
///
/// Over 80 lines: one chart literal, panel by panel, after the curve's samples.
fn backlog_curve(ctx: &Context) -> Option<Chart> {
    use crate::plan::deferred::at_flat_staffing;
    let (plan, scenario) = (ctx.plan, ctx.scenario);
    let open: Vec<u32> = plan
        .intervals
        .iter()
        .filter(|i| i.open)
        .map(|i| i.required_agents)
        .collect();
    let peak = open.iter().copied().max().filter(|&p| p > 0)?;
    let mean = f64::from(open.iter().sum::<u32>()) / open.len() as f64;
    let target = scenario.target.service.service_level();
    // The fewest flat agents that hold the target: the peak requirement always does (every
    // interval gets at least its own requirement), so search below it.
    let holds =
        |agents: u32| at_flat_staffing(scenario, &[agents])[0].within_share >= target - 1e-9;
    let (mut lo_a, mut hi_a) = (0u32, peak);
    while hi_a - lo_a > 1 {
        let mid = lo_a + (hi_a - lo_a) / 2;
        if holds(mid) {
            hi_a = mid;
        } else {
            lo_a = mid;
        }
    }
    let flat = hi_a;
    let width = (f64::from(peak).sqrt() * 2.0).ceil().max(5.0) as u32;
    let lo = (flat / 2).min(flat.saturating_sub(width));
    let hi = peak.max(flat + width);
    let rows = at_flat_staffing(scenario, &curve_levels(&(lo..=hi), MAX_BACKLOG_POINTS));
    let within = scenario.target.service.within();
    let items = crate::present::vocabulary::words(&scenario.channel).work;
    let share: Vec<(f64, Option<f64>)> = rows
        .iter()
        .map(|r| (f64::from(r.agents), Some(r.within_share)))
        .collect();
    let left: Vec<(f64, Option<f64>)> = rows
        .iter()
        .map(|r| (f64::from(r.agents), Some(r.backlog_at_end)))
        .collect();
    let left_top = ceiling(rows.iter().map(|r| r.backlog_at_end), 5.0);
    // Drop lines from the axis to the curve: the room above the curve stays free.
    let vertical = |label: String, x: u32, colour: Colour, dashed: bool| {
        let reached = rows
            .iter()
            .min_by_key(|r| r.agents.abs_diff(x))
            .map_or(1.0, |r| r.within_share);
        Mark::Line {
            label,
            points: vec![(f64::from(x), Some(0.0)), (f64::from(x), Some(reached))],
            colour,
            dashed,
        }
    };
    let share_marks = vec![
        Mark::Line {
            label: format!("Picked up within {within} (backlog model)"),
            points: share,
            colour: Colour::Blue,
            dashed: false,
        },
        super::level("Target", target, 0),
        vertical(
            format!("{flat} agents all day hold the target"),
            flat,
            Colour::Vermillion,
            false,
        ),
    ];
    Some(Chart {
        title: "Staffing curve: the backlog".into(),
        subtitle: format!(
            "Share of the {items} picked up within {within}, at the same agents in every open interval; the plan staffs {:.1} on average (peak {peak}) by shaping the day",
            mean
        ),
        footnote: ctx.footnote(),
        x: agents_axis("Agents in every open interval", lo, hi),
        panels: vec![
            Panel {
                y_title: format!("Picked up within {within}"),
                y_range: (0.0, 1.0),
                y_format: YFormat::Percent,
                marks: share_marks,
            },
            Panel {
                y_title: format!("Backlog at the end ({items})"),
                y_range: (0.0, left_top),
                y_format: YFormat::Number,
                marks: vec![Mark::Line {
                    label: "Left waiting when the horizon ends".into(),
                    points: left,
                    colour: Colour::Orange,
                    dashed: false,
                }],
            },
        ],
    })
}

/// The dialler's staffing curve (outbound) at the plan's peak interval: right-party contacts
/// reached against the interval's target, and the dialler's abandonment against its cap
/// (predictive) or the agents' occupancy against the cap (preview), at each staffing level. A
/// campaign has no service-level target, so none is drawn.
///
/// Over 80 lines: one chart literal after the dialler's samples.
fn dialler_curve(ctx: &Context, outbound: &crate::scenario::Outbound) -> Option<Chart> {
    use crate::plan::outbound::interval_at;
    use crate::scenario::Pacing;
    let (plan, scenario) = (ctx.plan, ctx.scenario);
    let peak = plan
        .totals
        .peak_start
        .and_then(|start| plan.intervals.iter().position(|i| i.start == start))
        .filter(|&k| plan.intervals[k].open && plan.intervals[k].required_agents > 0)?;
    let demand = scenario.intervals.get(peak)?;
    let need = plan.intervals[peak].required_agents;
    let width = (f64::from(need).sqrt() * 2.0).ceil().max(5.0) as u32;
    let (lo, hi) = (need.saturating_sub(width).max(1), need + width);
    let within = scenario.target.service.within();
    let rows: Vec<_> = curve_levels(&(lo..=hi), MAX_CURVE_POINTS)
        .into_iter()
        .map(|agents| {
            (
                f64::from(agents),
                interval_at(outbound, demand, agents, scenario.interval, within),
            )
        })
        .collect();
    let contacts: Vec<(f64, Option<f64>)> =
        rows.iter().map(|(x, r)| (*x, Some(r.contacts))).collect();
    let contacts_top = ceiling(
        rows.iter()
            .map(|(_, r)| r.contacts)
            .chain(std::iter::once(demand.volume)),
        5.0,
    );
    let reached = rows
        .iter()
        .find(|(x, _)| *x == f64::from(need))
        .map_or(demand.volume, |(_, r)| r.contacts);
    let required = Mark::Line {
        label: format!("{need} agents reach the target"),
        points: vec![
            (f64::from(need), Some(0.0)),
            (f64::from(need), Some(reached)),
        ],
        colour: Colour::Vermillion,
        dashed: false,
    };
    let second = dialler_panel(outbound, &rows, scenario.target.max_occupancy);
    Some(Chart {
        title: format!(
            "Staffing curve: the dialler at the peak, {}",
            plan.intervals[peak].start.strftime("%a %-d %b %H:%M")
        ),
        subtitle: format!(
            "{} dialling: right-party contacts reached in the interval against its target of {:.0}",
            match outbound.pacing {
                Pacing::Predictive => "Predictive",
                Pacing::Preview => "Preview",
            },
            demand.volume
        ),
        footnote: ctx.footnote(),
        x: agents_axis("Agents on the campaign", lo, hi),
        panels: vec![
            Panel {
                y_title: "Contacts reached".into(),
                y_range: (0.0, contacts_top),
                y_format: YFormat::Number,
                marks: vec![
                    Mark::Line {
                        label: "Right-party contacts".into(),
                        points: contacts,
                        colour: Colour::Blue,
                        dashed: false,
                    },
                    Mark::HLine {
                        label: format!("Contacts to reach: {:.0}", demand.volume),
                        y: demand.volume,
                        colour: Colour::Black,
                    },
                    required,
                ],
            },
            second,
        ],
    })
}

/// The dialler's second panel: abandonment against its cap (predictive), or the agents'
/// occupancy against the occupancy cap, if any (preview).
fn dialler_panel(
    outbound: &crate::scenario::Outbound,
    rows: &[(f64, crate::plan::outbound::CampaignInterval)],
    cap: Option<f64>,
) -> Panel {
    use crate::scenario::Pacing;
    match outbound.pacing {
        Pacing::Predictive => Panel {
            y_title: "Dialler abandonment".into(),
            y_range: (
                0.0,
                (outbound.max_abandon * 3.0)
                    .max(
                        rows.iter()
                            .map(|(_, r)| r.performance.p_wait)
                            .fold(0.0, f64::max),
                    )
                    .min(1.0),
            ),
            y_format: YFormat::Percent,
            marks: vec![
                Mark::Line {
                    label: "Connects abandoned by the dialler".into(),
                    points: rows
                        .iter()
                        .map(|(x, r)| (*x, r.performance.abandon_rate))
                        .collect(),
                    colour: Colour::Orange,
                    dashed: false,
                },
                super::level("Cap", outbound.max_abandon, 1),
            ],
        },
        Pacing::Preview => {
            let mut marks = vec![Mark::Line {
                label: "Occupancy (dialling included)".into(),
                points: rows
                    .iter()
                    .map(|(x, r)| (*x, Some(r.performance.occupancy)))
                    .collect(),
                colour: Colour::Orange,
                dashed: false,
            }];
            if let Some(cap) = cap {
                marks.push(super::level("Cap", cap, 0));
            }
            Panel {
                y_title: "Occupancy".into(),
                y_range: (0.0, 1.0),
                y_format: YFormat::Percent,
                marks,
            }
        }
    }
}
