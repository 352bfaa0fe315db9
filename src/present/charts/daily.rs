//! Long horizons: over more than a week, interval charts are too dense for a slide, so the report
//! shows each day as one point (daily service level with its band, daily required against staffed
//! agent-hours, daily occupancy) and adds the worst week interval by interval.
//!
//! Closed days are shaded and labelled rather than silently skipped.

use super::timeline::{DaySlot, date_ticks};
use super::{Context, fit_shares};
use crate::plan::Plan;
use crate::report::{Chart, Colour, Mark, Panel, XAxis, YFormat};
use crate::sim::{Estimate, SimulationResult};

/// Horizons longer than this many days get daily charts.
pub(crate) const DAILY_AFTER_DAYS: usize = 7;

/// Whether `ctx` covers a horizon long enough for daily charts.
pub(crate) fn is_long(ctx: &Context) -> bool {
    ctx.plan.days.len() > DAILY_AFTER_DAYS
}

/// The day axis: day d spans [d, d + 1), labelled every few days (special days always, with
/// their name), with a separator before each Monday. Closed days are shaded by the charts.
fn day_axis(plan: &Plan) -> XAxis {
    let n = plan.days.len();
    let slots: Vec<DaySlot> = plan
        .days
        .iter()
        .enumerate()
        .map(|(d, day)| DaySlot {
            date: day.date,
            special: day.special_day.clone(),
            span: (d as f64, d as f64 + 1.0),
            open: true,
        })
        .collect();
    XAxis {
        title: "Date (one point per day)".into(),
        range: (0.0, n as f64),
        ticks: date_ticks(&slots, n as f64),
        separators: plan
            .days
            .iter()
            .enumerate()
            .skip(1)
            .filter(|(_, day)| day.date.weekday() == jiff::civil::Weekday::Monday)
            .map(|(d, _)| d as f64)
            .collect(),
    }
}

/// A day's value at its centre, `None` on closed days (a gap in the line).
fn per_day(plan: &Plan, value: impl Fn(usize) -> Option<f64>) -> Vec<(f64, Option<f64>)> {
    (0..plan.days.len())
        .map(|d| {
            let open = plan.days[d].totals.intervals > 0;
            (d as f64 + 0.5, if open { value(d) } else { None })
        })
        .collect()
}

/// Shading over closed days, labelled once in the legend.
fn closed_days(plan: &Plan, (y0, y1): (f64, f64)) -> Option<Mark> {
    let rects: Vec<(f64, f64, f64, f64)> = plan
        .days
        .iter()
        .enumerate()
        .filter(|(_, day)| day.totals.intervals == 0)
        .map(|(d, _)| (d as f64, d as f64 + 1.0, y0, y1))
        .collect();
    (!rects.is_empty()).then(|| Mark::Rects {
        label: "Closed".into(),
        rects,
        colour: Colour::Grey,
    })
}

/// The simulated daily mean with its band, when a simulation ran.
fn simulated(
    plan: &Plan,
    simulation: Option<&SimulationResult>,
    estimate: impl Fn(&crate::sim::KpiEstimates) -> Option<Estimate>,
    label: &str,
) -> Vec<Mark> {
    let Some(sim) = simulation else {
        return Vec::new();
    };
    let value = |d: usize| estimate(&sim.days[d].kpis);
    vec![
        Mark::Band {
            label: format!("{label} 95 % interval"),
            points: (0..plan.days.len())
                .map(|d| {
                    let band = value(d).and_then(|e| e.ci95).map(|[lo, hi]| (lo, hi));
                    (d as f64 + 0.5, band)
                })
                .collect(),
            colour: Colour::Blue,
        },
        Mark::Line {
            label: label.to_string(),
            points: per_day(plan, |d| value(d).map(|e| e.mean)),
            colour: Colour::Blue,
            dashed: false,
        },
    ]
}

/// Daily service level: simulated with its band, the Erlang prediction, the target.
pub(crate) fn daily_service_level(ctx: &Context) -> Chart {
    let (plan, scenario) = (ctx.plan, ctx.scenario);
    let target = scenario.target.service;
    let mut marks = simulated(plan, ctx.simulation, |k| k.service_level, "Simulated");
    marks.push(Mark::Line {
        label: format!("{} prediction", plan.model),
        points: per_day(plan, |d| plan.days[d].totals.service_level),
        colour: Colour::Orange,
        dashed: true,
    });
    if scenario.channel.outbound().is_none() {
        marks.push(super::level("Target", target.service_level(), 0));
    }
    let mut chart = Chart {
        title: "Service level by day".into(),
        subtitle: format!(
            "Share of each day's contacts answered within {} s, {} days; the worst week follows interval by interval",
            target.within().get(),
            plan.days.len()
        ),
        footnote: ctx.footnote(),
        x: day_axis(plan),
        panels: vec![Panel {
            y_title: super::service_title(scenario),
            y_range: (0.0, 1.0),
            y_format: YFormat::Percent,
            marks,
        }],
    };
    chart = fit_shares(chart, &[0]);
    let range = chart.panels[0].y_range;
    if let Some(closed) = closed_days(plan, range) {
        chart.panels[0].marks.insert(0, closed);
    }
    chart
}

/// Daily required against staffed agent-hours.
pub(crate) fn daily_staffing(ctx: &Context) -> Chart {
    let plan = ctx.plan;
    let required = per_day(plan, |d| Some(plan.days[d].totals.required_agent_hours));
    let staffed = per_day(plan, |d| Some(plan.days[d].totals.staffed_agent_hours));
    let top = super::ceiling(
        required
            .iter()
            .chain(&staffed)
            .filter_map(|(_, v)| *v)
            .collect::<Vec<_>>()
            .into_iter(),
        1.0,
    );
    let mut marks = Vec::new();
    if let Some(closed) = closed_days(plan, (0.0, top)) {
        marks.push(closed);
    }
    marks.push(Mark::Line {
        label: "Staffed".into(),
        points: staffed,
        colour: Colour::Green,
        dashed: false,
    });
    marks.push(Mark::Line {
        label: format!("Required ({})", plan.model),
        points: required,
        colour: Colour::Blue,
        dashed: true,
    });
    Chart {
        title: "Agent-hours by day: required against staffed".into(),
        subtitle: format!(
            "Hours on the phones each day, {} days; {:.0} required and {:.0} staffed in all",
            plan.days.len(),
            plan.totals.required_agent_hours,
            plan.totals.staffed_agent_hours
        ),
        footnote: ctx.footnote(),
        x: day_axis(plan),
        panels: vec![Panel {
            y_title: "Agent-hours on the phones".into(),
            y_range: (0.0, top),
            y_format: YFormat::Number,
            marks,
        }],
    }
}

/// Daily occupancy against the healthy 80–85 % band.
pub(crate) fn daily_occupancy(ctx: &Context) -> Chart {
    let plan = ctx.plan;
    let n = plan.days.len() as f64;
    let mut marks = vec![Mark::Rects {
        label: "Healthy 80–85 %".into(),
        rects: vec![(0.0, n, 0.80, 0.85)],
        colour: Colour::Green,
    }];
    marks.extend(simulated(
        plan,
        ctx.simulation,
        |k| k.occupancy,
        "Simulated",
    ));
    marks.push(Mark::Line {
        label: format!("{} prediction", plan.model),
        points: per_day(plan, |d| plan.days[d].totals.occupancy),
        colour: Colour::Orange,
        dashed: true,
    });
    if let Some(max) = ctx.scenario.target.max_occupancy {
        marks.push(super::level("Cap", max, 0));
    }
    fit_shares(
        Chart {
            title: "Agent occupancy by day".into(),
            subtitle: "Busy time ÷ time on the phones each day; 80–85 % is the sustainable range"
                .into(),
            footnote: ctx.footnote(),
            x: day_axis(plan),
            panels: vec![Panel {
                y_title: "Occupancy".into(),
                y_range: (0.0, 1.0),
                y_format: YFormat::Percent,
                marks,
            }],
        },
        &[0],
    )
}

/// The seven consecutive days with the lowest service level (simulated where a simulation ran,
/// else Erlang), as a plan and simulation of their own, with a label such as "18–24 Jan".
pub(crate) fn worst_week(ctx: &Context) -> Option<(Plan, Option<SimulationResult>, String)> {
    let plan = ctx.plan;
    let days = plan.days.len();
    if days <= DAILY_AFTER_DAYS {
        return None;
    }
    let level = |d: usize| match ctx.simulation {
        Some(sim) => sim.days[d].kpis.service_level.map(|e| e.mean),
        None => plan.days[d].totals.service_level,
    };
    let week_level = |start: usize| {
        let values: Vec<f64> = (start..start + 7).filter_map(level).collect();
        (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
    };
    let start = (0..=days - 7)
        .filter_map(|s| week_level(s).map(|l| (s, l)))
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(s, _)| s)?;
    let window = start..start + 7;
    let dates = ctx.scenario.days();
    let intervals = dates[window.start].intervals.start..dates[window.end - 1].intervals.end;
    let sub_plan = Plan {
        model: plan.model,
        intervals: plan.intervals[intervals.clone()].to_vec(),
        days: plan.days[window.clone()].to_vec(),
        totals: plan.totals.clone(),
    };
    let sub_sim = ctx.simulation.map(|sim| SimulationResult {
        intervals: sim.intervals[intervals].to_vec(),
        days: sim.days[window.clone()].to_vec(),
        ..sim.clone()
    });
    let label = format!(
        "{} – {}",
        plan.days[window.start].date.strftime("%a %-d %b"),
        plan.days[window.end - 1].date.strftime("%a %-d %b")
    );
    Some((sub_plan, sub_sim, label))
}

/// Daily ASA and abandonment, in two panels: simulated with its band where a simulation ran,
/// the Erlang prediction, and the caps of the target.
///
/// Over 80 lines: one chart literal, panel by panel.
pub(crate) fn daily_asa_abandonment(ctx: &Context) -> Chart {
    let (plan, scenario) = (ctx.plan, ctx.scenario);
    let mut asa = simulated(plan, ctx.simulation, |k| k.asa_seconds, "Simulated");
    asa.push(Mark::Line {
        label: format!("{} prediction", plan.model),
        points: per_day(plan, |d| plan.days[d].totals.asa_seconds),
        colour: Colour::Orange,
        dashed: true,
    });
    let mut abandon = simulated(plan, ctx.simulation, |k| k.abandon_rate, "");
    if let Some(Mark::Band { label, .. }) = abandon.first_mut() {
        label.clear();
    }
    abandon.push(Mark::Line {
        label: format!("{} prediction", plan.model),
        points: per_day(plan, |d| {
            (plan.days[d].totals.offered > 0.0)
                .then(|| plan.days[d].totals.abandon_rate.unwrap_or(0.0))
        }),
        colour: Colour::Orange,
        dashed: true,
    });
    if let Some(max) = scenario.target.max_asa {
        asa.push(Mark::HLine {
            label: format!("Cap {} s", max.get()),
            y: max.get(),
            colour: Colour::Black,
        });
    }
    if let Some(max) = scenario.target.max_abandon {
        abandon.push(super::level("Cap", max, 0));
    }
    let top = |marks: &[Mark], floor: f64| {
        super::ceiling(
            marks
                .iter()
                .flat_map(Mark::y_values)
                .collect::<Vec<_>>()
                .into_iter(),
            floor,
        )
    };
    let asa_range = (0.0, top(&asa, 5.0));
    let abandon_range = (0.0, top(&abandon, 0.02).min(1.0));
    if let Some(closed) = closed_days(plan, asa_range) {
        asa.insert(0, closed);
    }
    if let Some(Mark::Rects { rects, colour, .. }) = closed_days(plan, abandon_range) {
        abandon.insert(
            0,
            Mark::Rects {
                label: String::new(),
                rects,
                colour,
            },
        );
    }
    Chart {
        title: "Speed of answer and abandonment by day".into(),
        subtitle: if scenario.patience.mean().is_some() {
            format!(
                "Each day's average speed of answer and share of callers who hang up, {} days",
                plan.days.len()
            )
        } else {
            format!(
                "Each day's average speed of answer, {} days; nobody abandons in this scenario (no [patience])",
                plan.days.len()
            )
        },
        footnote: ctx.footnote(),
        x: day_axis(plan),
        panels: vec![
            Panel {
                y_title: "ASA (seconds)".into(),
                y_range: asa_range,
                y_format: YFormat::Seconds,
                marks: asa,
            },
            Panel {
                y_title: "Abandoned (% of offered)".into(),
                y_range: abandon_range,
                y_format: YFormat::Percent,
                marks: abandon,
            },
        ],
    }
}
