//! Staffing curves: service level and ASA against agents for one interval.

use super::{Context, ceiling};
use crate::queueing::{QueueModel, SlDefinition};
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
    target: Option<f64>,
    title: &str,
    footnote: &str,
) -> Chart {
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
    Chart {
        title: title.to_string(),
        subtitle: format!(
            "{:.1} Erlangs offered: service level within {} s and ASA at each staffing level",
            model.load_erlangs(),
            within.get()
        ),
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
                marks: vec![Mark::Line {
                    label: "ASA".into(),
                    points: asa,
                    colour: Colour::Orange,
                    dashed: false,
                }],
            },
        ],
    }
}

/// The staffing curve of the plan's peak interval, around its requirement.
pub fn peak_curve(ctx: &Context) -> Option<Chart> {
    let (plan, scenario) = (ctx.plan, ctx.scenario);
    let peak = plan
        .intervals
        .iter()
        .filter(|i| i.open && i.volume > 0.0)
        .max_by_key(|i| i.required_agents)?;
    let load = peak.performance.offered_load_erlangs;
    let model = QueueModel::new(load, peak.aht, scenario.patience.mean()).ok()?;
    let need = peak.required_agents;
    let width = (f64::from(need).sqrt() * 2.0).ceil().max(5.0) as u32;
    let low = need.saturating_sub(width).max(load.floor() as u32 / 2);
    let target = scenario.target.service;
    Some(staffing_curve(
        &model,
        low..=need + width,
        target.within(),
        target.definition(),
        Some(target.service_level()),
        &format!(
            "Staffing curve at the peak, {}",
            peak.start.strftime("%a %-d %b %H:%M")
        ),
        &ctx.footnote(),
    ))
}
