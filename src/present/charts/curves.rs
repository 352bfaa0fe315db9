//! Staffing curves: service level and ASA against agents for one interval.

use super::{Context, ceiling};
use crate::queueing::{Constraints, QueueModel, SlDefinition};
use crate::report::{Chart, Colour, Mark, Panel, XAxis, YFormat};
use crate::units::Seconds;

/// The most staffing levels a curve evaluates: enough for a smooth line at 1600 px, few enough
/// that a curve at ten million agents draws in milliseconds.
const MAX_CURVE_POINTS: u32 = 400;

/// The levels of `agents` a curve evaluates: every one in a narrow range, evenly spaced ones
/// (ends included) in a wide one.
fn curve_levels(agents: &std::ops::RangeInclusive<u32>) -> Vec<u32> {
    let (lo, hi) = (*agents.start(), *agents.end());
    let span = hi - lo;
    if span < MAX_CURVE_POINTS {
        return agents.clone().collect();
    }
    let mut levels: Vec<u32> = (0..=MAX_CURVE_POINTS)
        .map(|k| lo + ((u64::from(span) * u64::from(k)) / u64::from(MAX_CURVE_POINTS)) as u32)
        .collect();
    levels.dedup();
    levels
}

/// The staffing curve of one interval: service level and ASA over a range of agents, with the
/// target, sampled at up to 400 levels.
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
    let rows = model.performance_at(&curve_levels(&agents), within, definition);
    let (lo, hi) = (f64::from(*agents.start()), f64::from(*agents.end()));
    let span = (hi - lo).max(1.0);
    let step = [1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 200.0, 500.0, 1000.0]
        .into_iter()
        .find(|s| span / s <= 16.0)
        .unwrap_or(2000.0);
    let ticks = (0..)
        .map(|k| (lo / step).ceil() * step + f64::from(k) * step)
        .take_while(|x| *x <= hi)
        .map(|x| (x, format!("{x:.0}")))
        .collect();
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
        sl_marks.push(Mark::HLine {
            label: format!("Target {:.0} %", target * 100.0),
            y: target,
            colour: Colour::Black,
        });
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
    for need in &needs {
        let binds = Some(need.agents) == required;
        let x = f64::from(need.agents);
        if (lo..=hi).contains(&x) {
            sl_marks.push(Mark::Line {
                label: format!(
                    "{} needs {}{}",
                    need.what,
                    need.agents,
                    if binds { ": sets the requirement" } else { "" }
                ),
                points: vec![(x, Some(0.0)), (x, Some(1.0))],
                colour: if binds {
                    Colour::Vermillion
                } else {
                    Colour::Grey
                },
                dashed: !binds,
            });
        }
    }
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
        x: XAxis {
            title: "Agents on the phones".into(),
            range: (lo - 0.5, hi + 0.5),
            ticks,
            separators: Vec::new(),
        },
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
            what: format!("occupancy ≤ {:.0} %", max * 100.0),
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
            what: format!("abandonment ≤ {:.1} %", max * 100.0),
            agents,
        });
    }
    needs
}

/// The staffing curve of the plan's peak interval, around its requirement — for the channels
/// whose requirement is an interval's queue (voice, chat). Email and back-office are planned as
/// a backlog and outbound by its dialler: an Erlang curve at their peak would draw a model they
/// are not planned with, so there is none (`None`) until each has its own.
pub fn peak_curve(ctx: &Context) -> Option<Chart> {
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
    // A campaign has no service-level target (its targets are contacts and the abandonment
    // cap): no target line is drawn for it.
    let mut constraints = scenario.constraints();
    if scenario.channel.outbound().is_some() {
        constraints.target = None;
    }
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
