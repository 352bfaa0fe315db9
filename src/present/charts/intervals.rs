//! Interval KPI charts over the horizon: staffing, service level, occupancy, ASA and
//! abandonment.

use super::timeline::timeline;
use super::{Context, ceiling};
use crate::queueing::SlDefinition;
use crate::report::{Chart, Colour, Mark, Panel, YFormat};
use crate::units::Seconds;

/// Required vs staffed agents, shortfall shaded.
pub fn staffing(ctx: &Context) -> Chart {
    let (plan, scenario) = (ctx.plan, ctx.scenario);
    let t = timeline(plan, scenario.interval);
    let shortfall: Vec<(f64, f64, f64, f64)> = t
        .open
        .iter()
        .filter_map(|&(i, x)| {
            let p = &plan.intervals[i];
            (p.required_agents > p.staffed_agents).then(|| {
                (
                    x,
                    x + 1.0,
                    f64::from(p.staffed_agents),
                    f64::from(p.required_agents),
                )
            })
        })
        .collect();
    let missing: f64 =
        shortfall.iter().map(|(_, _, s, r)| r - s).sum::<f64>() * scenario.interval.hours();
    let top = ceiling(
        plan.intervals
            .iter()
            .flat_map(|i| [f64::from(i.required_agents), f64::from(i.staffed_agents)]),
        5.0,
    );
    let subtitle = if scenario.staffing.is_given() {
        format!(
            "Agents on the phones ({}) against the {} requirement for {}; {} agent-hours short",
            scenario.staffing.method(),
            plan.model,
            ctx.target_text(),
            crate::report::thousands(missing.max(0.0))
        )
    } else {
        format!(
            "Agents on the phones staffed to the {} requirement for {}",
            plan.model,
            ctx.target_text()
        )
    };
    t.shade_closed(Chart {
        title: "Required vs staffed agents".into(),
        subtitle,
        footnote: ctx.footnote(),
        x: t.axis.clone(),
        panels: vec![Panel {
            y_title: "Agents on the phones".into(),
            y_range: (0.0, top),
            y_format: YFormat::Number,
            marks: vec![
                Mark::Rects {
                    label: "Shortfall".into(),
                    rects: shortfall,
                    colour: Colour::Vermillion,
                },
                Mark::Line {
                    label: "Staffed".into(),
                    points: t.steps(|i| Some(f64::from(plan.intervals[i].staffed_agents))),
                    colour: Colour::Green,
                    dashed: false,
                },
                Mark::Line {
                    label: format!("Required ({})", plan.model),
                    points: t.steps(|i| Some(f64::from(plan.intervals[i].required_agents))),
                    colour: Colour::Blue,
                    dashed: true,
                },
            ],
        }],
    })
}

/// Service level per interval: simulated mean and 95 % band, the Erlang prediction, the target.
pub fn service_level(ctx: &Context) -> Chart {
    let (plan, scenario) = (ctx.plan, ctx.scenario);
    let t = timeline(plan, scenario.interval);
    let target = scenario.target.service;
    let mut marks = Vec::new();
    if let Some(sim) = ctx.simulation {
        marks.extend(t.simulated(
            |i| sim.intervals[i].kpis.service_level,
            Colour::Blue,
            "Simulated 95 % interval",
        ));
    }
    marks.push(t.predicted(plan.model, |i| {
        (plan.intervals[i].volume > 0.0).then_some(plan.intervals[i].performance.service_level)
    }));
    // A campaign has no service-level target: its targets are contacts and the abandonment cap.
    if scenario.channel.outbound().is_none() {
        marks.push(super::level("Target", target.service_level(), 0));
    }
    t.shade_closed(Chart {
        title: "Service level by interval".into(),
        subtitle: format!(
            "{}, {}",
            within_text(scenario),
            if ctx.simulation.is_some() {
                "simulated with queues carried over, against the interval-by-interval prediction"
            } else {
                "interval-by-interval prediction"
            }
        ),
        footnote: ctx.footnote(),
        x: t.axis.clone(),
        panels: vec![Panel {
            y_title: super::service_title(scenario),
            y_range: super::share_range(&marks),
            y_format: YFormat::Percent,
            marks,
        }],
    })
}

/// What the service level counts, in the channel's words.
fn within_text(scenario: &crate::scenario::Scenario) -> String {
    let target = scenario.target.service;
    if scenario.channel.is_deferrable() {
        return format!(
            "Share of {} picked up within {} on the {} clock",
            scenario.channel.unit(),
            target.within(),
            scenario.target.clock.in_words()
        );
    }
    if scenario.channel.outbound().is_some() {
        return "Share of right-party connects put through to an agent".to_string();
    }
    format!(
        "Share answered within {} s ({})",
        target.within().get(),
        definition_text(target.definition())
    )
}

fn definition_text(definition: SlDefinition) -> &'static str {
    match definition {
        SlDefinition::Offered => "of offered contacts",
        SlDefinition::Answered => "of answered contacts",
        SlDefinition::OfferedMinusShortAbandons => "of offered contacts less short abandons",
    }
}

/// Occupancy per interval against the healthy 80–85 % band.
pub fn occupancy(ctx: &Context) -> Chart {
    let (plan, scenario) = (ctx.plan, ctx.scenario);
    let t = timeline(plan, scenario.interval);
    let (x0, x1) = t.axis.range;
    let mut marks = vec![Mark::Rects {
        label: "Healthy 80–85 %".into(),
        rects: vec![(x0, x1, 0.80, 0.85)],
        colour: Colour::Green,
    }];
    if let Some(sim) = ctx.simulation {
        marks.extend(t.simulated(|i| sim.intervals[i].kpis.occupancy, Colour::Blue, ""));
    }
    marks.push(t.predicted(plan.model, |i| {
        (plan.intervals[i].staffed_agents > 0).then_some(plan.intervals[i].performance.occupancy)
    }));
    if let Some(max) = scenario.target.max_occupancy {
        marks.push(super::level("Cap", max, 0));
    }
    t.shade_closed(Chart {
        title: "Agent occupancy by interval".into(),
        subtitle: "Busy time ÷ time on the phones; 80–85 % is the sustainable range".into(),
        footnote: ctx.footnote(),
        x: t.axis.clone(),
        panels: vec![Panel {
            y_title: "Occupancy".into(),
            y_range: super::share_range(&marks),
            y_format: YFormat::Percent,
            marks,
        }],
    })
}

/// ASA and abandonment through the day(s), in two panels.
pub fn asa_abandonment(ctx: &Context) -> Chart {
    let (plan, scenario) = (ctx.plan, ctx.scenario);
    let t = timeline(plan, scenario.interval);
    let erlang_asa = |i: usize| {
        let p = &plan.intervals[i];
        (p.volume > 0.0)
            .then(|| p.performance.asa.map(Seconds::get))
            .flatten()
    };
    let erlang_abandon = |i: usize| {
        let p = &plan.intervals[i];
        (p.volume > 0.0).then(|| p.performance.abandon_rate.unwrap_or(0.0))
    };
    let mut asa_marks = Vec::new();
    let mut abandon_marks = Vec::new();
    let mut asa_values: Vec<f64> = t.open.iter().filter_map(|&(i, _)| erlang_asa(i)).collect();
    let mut abandon_values: Vec<f64> = t
        .open
        .iter()
        .filter_map(|&(i, _)| erlang_abandon(i))
        .collect();
    if let Some(sim) = ctx.simulation {
        let k = |i: usize| &sim.intervals[i].kpis;
        asa_values.extend(
            t.open
                .iter()
                .filter_map(|&(i, _)| k(i).asa_seconds.map(|e| e.mean)),
        );
        abandon_values.extend(
            t.open
                .iter()
                .filter_map(|&(i, _)| k(i).abandon_rate.map(|e| e.mean)),
        );
        asa_marks.extend(t.simulated(
            |i| k(i).asa_seconds,
            Colour::Blue,
            "Simulated 95 % interval",
        ));
        abandon_marks.extend(t.simulated(|i| k(i).abandon_rate, Colour::Blue, ""));
    }
    asa_marks.push(t.predicted(plan.model, erlang_asa));
    abandon_marks.push(t.predicted(plan.model, erlang_abandon));
    if let Some(max) = scenario.target.max_asa {
        asa_marks.push(Mark::HLine {
            label: format!("Cap {} s", max.get()),
            y: max.get(),
            colour: Colour::Black,
        });
    }
    if let Some(max) = scenario.target.max_abandon {
        abandon_marks.push(super::level("Cap", max, 0));
    }
    let abandon_top = ceiling(abandon_values.into_iter(), 0.02).min(1.0);
    t.shade_closed(Chart {
        title: "Speed of answer and abandonment".into(),
        subtitle: if scenario.patience.mean().is_some() {
            "Average speed of answer (mean wait of answered contacts) and the share of callers who hang up"
        } else {
            "Average speed of answer (mean wait of answered contacts); nobody abandons in this scenario (no [patience])"
        }
        .into(),
        footnote: ctx.footnote(),
        x: t.axis.clone(),
        panels: vec![
            Panel {
                y_title: "ASA (seconds)".into(),
                y_range: (0.0, ceiling(asa_values.into_iter(), 5.0)),
                y_format: YFormat::Seconds,
                marks: asa_marks,
            },
            Panel {
                y_title: "Abandoned (% of offered)".into(),
                y_range: (0.0, abandon_top),
                y_format: YFormat::Percent,
                marks: abandon_marks,
            },
        ],
    })
}
