//! The rest of today drawn: the volume that came, the original forecast and the re-forecast
//! through the day; under it the agents the re-forecast needs against those staffed before and
//! after the action; and the rest of the day's simulated service level before and after it.

use super::{ceiling, share_range};
use crate::actuals::intraday::Intraday;
use crate::report::format;
use crate::report::{Chart, Colour, Mark, Panel, XAxis, YFormat};
use crate::scenario::Scenario;

/// The hour of the day an interval's `start` (`YYYY-MM-DDTHH:MM`) names: the chart's x.
fn hour_of(start: &str) -> f64 {
    start
        .get(11..16)
        .and_then(|t| t.parse::<crate::forecast::ClockTime>().ok())
        .map_or(0.0, |t| f64::from(t.seconds()) / 3600.0)
}

/// The intraday chart (see the module docs); x is hours of the day.
pub fn intraday(scenario: &Scenario, r: &Intraday) -> Chart {
    let x = hour_of;
    let half = scenario.interval.hours() / 2.0;
    let (from, to) = (
        r.intervals.first().map_or(0.0, |i| x(&i.start)),
        r.intervals
            .last()
            .map_or(24.0, |i| x(&i.start) + 2.0 * half),
    );
    Chart {
        title: format!("The rest of {}", r.date),
        subtitle: format!(
            "Volume × {:.2} and AHT × {:.2} so far; service level {} at the planned staffing, {} after the action",
            r.volume_ratio,
            r.aht_ratio,
            format::percent(r.rest_of_day.service_level_now, 1),
            format::percent(r.rest_of_day.service_level_after, 1)
        ),
        footnote: format!(
            "Scenario {} · re-forecast by {} · {} replications from an empty queue at {} · staffsim {}",
            r.scenario,
            serde_json::to_string(&r.method)
                .unwrap_or_default()
                .trim_matches('"'),
            r.rest_of_day.replications,
            r.now,
            env!("CARGO_PKG_VERSION")
        ),
        x: XAxis {
            title: "Time of day".into(),
            range: (from, to),
            ticks: (0..=24)
                .filter(|&h| (from..=to).contains(&f64::from(h)))
                .map(|h| (f64::from(h), format!("{h:02}:00")))
                .collect(),
            separators: Vec::new(),
        },
        panels: panels(scenario, r),
    }
}

/// The volume and agents panels, with now marked.
fn panels(scenario: &Scenario, r: &Intraday) -> Vec<Panel> {
    let x = hour_of;
    let half = scenario.interval.hours() / 2.0;
    let line = |f: &dyn Fn(&crate::actuals::intraday::IntradayInterval) -> Option<f64>| {
        r.intervals
            .iter()
            .map(|i| (x(&i.start) + half, f(i)))
            .collect::<Vec<_>>()
    };
    let mark = |label: &str,
                f: &dyn Fn(&crate::actuals::intraday::IntradayInterval) -> Option<f64>,
                colour,
                dashed| Mark::Line {
        label: label.into(),
        points: line(f),
        colour,
        dashed,
    };
    let now = r
        .now
        .parse::<crate::forecast::ClockTime>()
        .map_or(0.0, |t| f64::from(t.seconds()) / 3600.0);
    let volume_top = ceiling(
        r.intervals
            .iter()
            .flat_map(|i| [Some(i.forecast), i.actual, i.reforecast])
            .flatten(),
        5.0,
    );
    let agents_top = ceiling(
        r.intervals
            .iter()
            .flat_map(|i| [i.required_agents, i.staffed_agents, i.staffed_after])
            .map(f64::from),
        5.0,
    );
    let now_line = |top: f64| Mark::Line {
        label: format!("Now ({})", r.now),
        points: vec![(now, Some(0.0)), (now, Some(top))],
        colour: Colour::Grey,
        dashed: true,
    };
    vec![
        Panel {
            y_title: "Contacts per interval".into(),
            y_range: (0.0, volume_top),
            y_format: YFormat::Number,
            marks: vec![
                mark("Actual", &|i| i.actual, Colour::Blue, false),
                mark("Forecast", &|i| Some(i.forecast), Colour::Black, true),
                mark("Re-forecast", &|i| i.reforecast, Colour::Orange, false),
                now_line(volume_top),
            ],
        },
        Panel {
            y_title: "Agents".into(),
            y_range: (0.0, agents_top),
            y_format: YFormat::Number,
            marks: vec![
                mark(
                    "Required at the re-forecast",
                    &|i| Some(f64::from(i.required_agents)),
                    Colour::Black,
                    true,
                ),
                mark(
                    "Staffed as planned",
                    &|i| Some(f64::from(i.staffed_agents)),
                    Colour::Sky,
                    false,
                ),
                mark(
                    "Staffed after the action",
                    &|i| Some(f64::from(i.staffed_after)),
                    Colour::Green,
                    false,
                ),
                now_line(agents_top),
            ],
        },
        service_panel(
            scenario,
            line(&|i| i.service_level_before),
            line(&|i| i.service_level_after),
        ),
    ]
}

/// The rest of the day's simulated service level, interval by interval, before and after the
/// action, against the target.
fn service_panel(
    scenario: &Scenario,
    before: Vec<(f64, Option<f64>)>,
    after: Vec<(f64, Option<f64>)>,
) -> Panel {
    let marks = vec![
        Mark::Line {
            label: "Service level as planned".into(),
            points: before,
            colour: Colour::Sky,
            dashed: false,
        },
        Mark::Line {
            label: "After the action".into(),
            points: after,
            colour: Colour::Green,
            dashed: false,
        },
        Mark::HLine {
            label: "Target".into(),
            y: scenario.target.service.service_level(),
            colour: Colour::Black,
        },
    ];
    Panel {
        y_title: "Service level".into(),
        y_range: share_range(&marks),
        y_format: YFormat::Percent,
        marks,
    }
}
