//! Each open special day against a normal day.

use super::{Context, ceiling};
use crate::report::{Chart, Colour, Mark, Panel, XAxis, YFormat};

/// Each non-closed special day against a like day, on the same scale: a normal day of the same
/// weekday where the horizon has one (a Saturday spike against a normal Saturday); else the same
/// date without its special day (its forecast ÷ the multiplier, planned by Erlang) when the day
/// only scales the volume; else a normal day of the same kind (weekend or weekday). The subtitle
/// states the ratio the chart plots, the day's contacts ÷ the baseline's.
pub fn special_days(ctx: &Context) -> Vec<(String, Chart)> {
    let (plan, scenario) = (ctx.plan, ctx.scenario);
    let normal_days: Vec<jiff::civil::Date> = plan
        .days
        .iter()
        .filter(|d| d.special_day.is_none() && d.totals.intervals > 0)
        .map(|d| d.date)
        .collect();
    if normal_days.is_empty() {
        return Vec::new();
    }
    let weekend = |d: jiff::civil::Date| d.weekday().to_monday_one_offset() >= 6;
    let baseline_for = |date: jiff::civil::Date| {
        let find = |same: &dyn Fn(&jiff::civil::Date) -> bool| {
            normal_days.iter().copied().find(|d| same(d))
        };
        find(&|d| d.weekday() == date.weekday())
            .or_else(|| find(&|d| weekend(*d) == weekend(date)))
            .unwrap_or(normal_days[0])
    };
    let day_points = |date: jiff::civil::Date,
                      value: &dyn Fn(usize) -> Option<f64>|
     -> Vec<(f64, Option<f64>)> {
        plan.intervals
            .iter()
            .enumerate()
            .filter(|(_, i)| i.open && i.start.date() == date)
            .map(|(k, i)| {
                let hour = f64::from(i.start.hour()) + f64::from(i.start.minute()) / 60.0;
                (hour + scenario.interval.hours() / 2.0, value(k))
            })
            .collect()
    };
    let mut charts = Vec::new();
    for (k, day) in scenario.special_days.iter().enumerate() {
        let Some(date) = plan
            .days
            .iter()
            .find(|d| day.covers(d.date) && d.totals.intervals > 0)
            .map(|d| d.date)
        else {
            continue;
        };
        // Like with like: the same weekday, or the same date without the special day.
        let same_weekday = normal_days.iter().any(|d| d.weekday() == date.weekday());
        let without = (!same_weekday && day.intraday.is_none() && day.volume_multiplier > 0.0)
            .then(|| plan_without(scenario, k, date))
            .flatten();
        let baseline_date = if without.is_some() {
            date
        } else {
            baseline_for(date)
        };
        let volume = |i: usize| Some(plan.intervals[i].volume);
        let sl = |i: usize| match ctx.simulation {
            Some(sim) => sim.intervals[i].kpis.service_level.map(|e| e.mean),
            None => (plan.intervals[i].volume > 0.0)
                .then_some(plan.intervals[i].performance.service_level),
        };
        let base_plan = without.as_ref().unwrap_or(plan);
        let base_volume = |i: usize| Some(base_plan.intervals[i].volume);
        let base_sl = |i: usize| match (ctx.simulation, &without) {
            (Some(sim), None) => sim.intervals[i].kpis.service_level.map(|e| e.mean),
            _ => (base_plan.intervals[i].volume > 0.0)
                .then_some(base_plan.intervals[i].performance.service_level),
        };
        let base_label = if without.is_some() {
            format!(
                "{} without {} (Erlang)",
                date.strftime("%a %-d %b"),
                day.name
            )
        } else {
            format!("Baseline {}", baseline_date.strftime("%a %-d %b"))
        };
        let total = |p: &crate::plan::Plan, on: jiff::civil::Date| -> f64 {
            p.intervals
                .iter()
                .filter(|i| i.open && i.start.date() == on)
                .map(|i| i.volume)
                .sum()
        };
        let ratio = total(plan, date) / total(base_plan, baseline_date).max(1e-9);
        let day_label = format!("{} ({})", day.name, date.strftime("%a %-d %b"));
        let hours: Vec<f64> = plan
            .intervals
            .iter()
            .filter(|i| i.open && (i.start.date() == date || i.start.date() == baseline_date))
            .map(|i| f64::from(i.start.hour()) + f64::from(i.start.minute()) / 60.0)
            .collect();
        let first = hours.iter().copied().fold(24.0, f64::min).floor();
        let last = (hours.iter().copied().fold(0.0, f64::max) + scenario.interval.hours()).ceil();
        let every = if last - first > 14.0 { 2.0 } else { 1.0 };
        let ticks = (0..)
            .map(|h| first + f64::from(h) * every)
            .take_while(|h| *h <= last)
            .map(|h| (h, format!("{:02}:00", h as u32)))
            .collect();
        let volumes = plan
            .intervals
            .iter()
            .chain(&base_plan.intervals)
            .filter(|i| i.open && (i.start.date() == date || i.start.date() == baseline_date))
            .map(|i| i.volume);
        let target = scenario.target.service;
        let what = if ctx.simulation.is_some() {
            "simulated".to_string()
        } else {
            plan.model.to_string()
        };
        let chart = Chart {
            title: if without.is_some() {
                format!(
                    "{} against the same {} without it",
                    day.name,
                    date.strftime("%A")
                )
            } else {
                format!(
                    "{} against a normal {}",
                    day.name,
                    baseline_date.strftime("%A")
                )
            },
            subtitle: format!(
                "{} contacts × {ratio:.2} of the baseline's (special-day multiplier × {:.2}), handle time × {:.2}: contacts per interval and {what} service level",
                day.name, day.volume_multiplier, day.aht_multiplier
            ),
            footnote: ctx.footnote(),
            x: XAxis {
                title: format!("Time of day ({} intervals)", scenario.interval),
                range: (first, last),
                ticks,
                separators: Vec::new(),
            },
            panels: vec![
                Panel {
                    y_title: "Contacts offered per interval".into(),
                    y_range: (0.0, ceiling(volumes, 5.0)),
                    y_format: YFormat::Number,
                    marks: vec![
                        Mark::Line {
                            label: base_label.clone(),
                            points: day_points(baseline_date, &base_volume),
                            colour: Colour::Grey,
                            dashed: false,
                        },
                        Mark::Line {
                            label: day_label.clone(),
                            points: day_points(date, &volume),
                            colour: Colour::Vermillion,
                            dashed: false,
                        },
                    ],
                },
                Panel {
                    y_title: super::service_title(scenario),
                    y_range: (0.0, 1.0),
                    y_format: YFormat::Percent,
                    marks: vec![
                        Mark::Line {
                            label: base_label,
                            points: day_points(baseline_date, &base_sl),
                            colour: Colour::Grey,
                            dashed: false,
                        },
                        Mark::Line {
                            label: day_label,
                            points: day_points(date, &sl),
                            colour: Colour::Vermillion,
                            dashed: false,
                        },
                        super::level("Target", target.service_level(), 0),
                    ],
                },
            ],
        };
        charts.push((
            format!("special-day-{}", k + 1),
            super::fit_shares(chart, &[1]),
        ));
    }
    charts
}

/// The plan of `scenario` with special day `k` taken off `date`: its intervals' volume and
/// handle time divided by the day's multipliers, as the forecast had them. `None` when that
/// plan fails (it is a chart's baseline, never worth failing the report for).
fn plan_without(
    scenario: &crate::scenario::Scenario,
    k: usize,
    date: jiff::civil::Date,
) -> Option<crate::plan::Plan> {
    let day = scenario.special_days.get(k)?;
    let mut plain = scenario.clone();
    for i in plain
        .intervals
        .iter_mut()
        .filter(|i| i.special_day == Some(k) && i.start.date() == date)
    {
        i.volume /= day.volume_multiplier;
        i.aht = crate::units::Seconds(i.aht.get() / day.aht_multiplier);
        i.special_day = None;
    }
    crate::plan::plan(&plain).ok()
}
