//! Actuals against the plan drawn: the volume that came against the forecast, interval by
//! interval, and under it the service level achieved against what the model predicts at the
//! agents staffed.

use super::{ceiling, share_range};
use crate::actuals::ActualsReport;
use crate::report::format;
use crate::report::{Chart, Colour, Mark, Panel, XAxis, YFormat};
use crate::scenario::Scenario;

/// The actuals chart (see the module docs); x is hours from the first reported day's midnight.
pub fn actuals(scenario: &Scenario, r: &ActualsReport) -> Chart {
    let first = first_date(r);
    let epoch = first.to_datetime(jiff::civil::Time::midnight());
    let x = |start: &str| -> f64 {
        start
            .parse::<jiff::civil::DateTime>()
            .map_or(0.0, |t| t.duration_since(epoch).as_secs_f64() / 3600.0)
    };
    let half = scenario.interval.hours() / 2.0;
    let line = |f: &dyn Fn(&crate::actuals::ActualInterval) -> Option<f64>| {
        r.intervals
            .iter()
            .map(|i| (x(&i.start) + half, f(i)))
            .collect::<Vec<_>>()
    };
    let volume = vec![
        Mark::Line {
            label: "Offered".into(),
            points: line(&|i| Some(i.offered)),
            colour: Colour::Blue,
            dashed: false,
        },
        Mark::Line {
            label: "Forecast".into(),
            points: line(&|i| Some(i.forecast)),
            colour: Colour::Black,
            dashed: true,
        },
    ];
    let service = vec![
        Mark::Line {
            label: "Achieved".into(),
            points: line(&|i| i.service_level),
            colour: Colour::Blue,
            dashed: false,
        },
        Mark::Line {
            label: "Predicted at the agents staffed".into(),
            points: line(&|i| Some(i.predicted_service_level)),
            colour: Colour::Orange,
            dashed: true,
        },
        Mark::HLine {
            label: "Target".into(),
            y: scenario.target.service.service_level(),
            colour: Colour::Black,
        },
    ];
    let span = r
        .intervals
        .last()
        .map_or(24.0, |i| x(&i.start) + 2.0 * half);
    let top = ceiling(
        r.intervals.iter().flat_map(|i| [i.offered, i.forecast]),
        5.0,
    );
    let pct = |v: Option<f64>| v.map_or("—".into(), |s| format::percent(s, 1));
    let from = x(&r
        .intervals
        .first()
        .map_or(String::new(), |i| i.start.clone()));
    Chart {
        title: "Actuals against the plan".into(),
        subtitle: format!(
            "{} offered against {} forecast: WAPE {}, bias {}; service level {} achieved, {} predicted",
            format::grouped(r.offered, 0),
            format::grouped(r.forecast, 0),
            pct(r.wape),
            r.bias
                .map_or("—".into(), |b| format!("{:+.1} %", b * 100.0)),
            pct(r.service_level),
            pct(r.predicted_service_level)
        ),
        footnote: format!(
            "Scenario {} · {} intervals reported · staffsim {}",
            r.scenario,
            r.intervals_reported,
            env!("CARGO_PKG_VERSION")
        ),
        x: time_axis(first, from, span),
        panels: vec![
            Panel {
                y_title: "Contacts per interval".into(),
                y_range: (0.0, top),
                y_format: YFormat::Number,
                marks: volume,
            },
            Panel {
                y_title: "Service level".into(),
                y_range: share_range(&service),
                y_format: YFormat::Percent,
                marks: service,
            },
        ],
    }
}

/// Hours from `first`'s midnight, `from` to `span`: clock times for one day, dates for more.
fn time_axis(first: jiff::civil::Date, from: f64, span: f64) -> XAxis {
    let days = (span / 24.0).ceil().max(1.0) as usize;
    XAxis {
        title: "Time".into(),
        range: (from, span),
        ticks: if days == 1 {
            (0..=24)
                .step_by(2)
                .filter(|&h| (from..=span).contains(&(h as f64)))
                .map(|h| (h as f64, format!("{h:02}:00")))
                .collect()
        } else {
            (0..days)
                .map(|d| {
                    let date = first
                        .checked_add(jiff::Span::new().days(d as i64))
                        .unwrap_or(first);
                    (
                        d as f64 * 24.0 + 12.0,
                        date.strftime("%a %-d %b").to_string(),
                    )
                })
                .collect()
        },
        separators: (1..days).map(|d| d as f64 * 24.0).collect(),
    }
}

/// The first reported interval's date.
fn first_date(r: &ActualsReport) -> jiff::civil::Date {
    r.intervals
        .first()
        .and_then(|i| i.start.get(..10))
        .and_then(|d| d.parse::<jiff::civil::Date>().ok())
        .unwrap_or_default()
}
