//! Each open special day against a normal day.

use super::{Context, ceiling};
use crate::forecast::SpecialDay;
use crate::plan::Plan;
use crate::report::{Chart, Colour, Mark, Panel, XAxis, YFormat};
use jiff::civil::Date;

/// Each non-closed special day against a like day, on the same scale: a normal day of the same
/// weekday where the horizon has one (a Saturday spike against a normal Saturday); else the same
/// date without its special day (its forecast ÷ the multiplier, planned by Erlang) when the day
/// only scales the volume; else a normal day of the same kind (weekend or weekday). The subtitle
/// states the ratio the chart plots, the day's contacts ÷ the baseline's.
pub fn special_days(ctx: &Context) -> Vec<(String, Chart)> {
    let normal_days: Vec<Date> = ctx
        .plan
        .days
        .iter()
        .filter(|d| d.special_day.is_none() && d.totals.intervals > 0)
        .map(|d| d.date)
        .collect();
    if normal_days.is_empty() {
        return Vec::new();
    }
    let mut charts = Vec::new();
    for (k, day) in ctx.scenario.special_days.iter().enumerate() {
        let Some(date) = ctx
            .plan
            .days
            .iter()
            .find(|d| day.covers(d.date) && d.totals.intervals > 0)
            .map(|d| d.date)
        else {
            continue;
        };
        let baseline = Baseline::of(ctx, (k, day, date), &normal_days);
        let chart = day_chart(ctx, day, date, &baseline);
        charts.push((
            format!("special-day-{}", k + 1),
            super::fit_shares(chart, &[1]),
        ));
    }
    charts
}

/// What a special day is set against: a normal day, or the same date without the special day.
struct Baseline {
    /// The day compared with.
    date: Date,
    /// The plan without the special day, when the day is compared with itself.
    without: Option<Plan>,
    /// Its legend label.
    label: String,
}

impl Baseline {
    /// Like with like: a normal day of the same weekday where the horizon has one; else the
    /// same date without the special day when it only scales the volume; else a normal day of
    /// the same kind (weekend or weekday), or the first normal day.
    fn of(ctx: &Context, (k, day, date): (usize, &SpecialDay, Date), normal_days: &[Date]) -> Self {
        let same_weekday = normal_days.iter().any(|d| d.weekday() == date.weekday());
        let without = (!same_weekday && day.intraday.is_none() && day.volume_multiplier > 0.0)
            .then(|| plan_without(ctx.scenario, k, date))
            .flatten();
        if without.is_some() {
            let label = format!(
                "{} without {} (Erlang)",
                date.strftime("%a %-d %b"),
                day.name
            );
            return Self {
                date,
                without,
                label,
            };
        }
        let weekend = |d: Date| d.weekday().to_monday_one_offset() >= 6;
        let find = |same: &dyn Fn(&Date) -> bool| normal_days.iter().copied().find(|d| same(d));
        let date = find(&|d| d.weekday() == date.weekday())
            .or_else(|| find(&|d| weekend(*d) == weekend(date)))
            .unwrap_or(normal_days[0]);
        Self {
            date,
            without: None,
            label: format!("Baseline {}", date.strftime("%a %-d %b")),
        }
    }

    /// The plan the baseline is read from.
    fn plan<'a>(&'a self, plan: &'a Plan) -> &'a Plan {
        self.without.as_ref().unwrap_or(plan)
    }
}

/// `value` of each open interval of `date`, at the middle of the interval in hours of the day.
fn day_points(
    ctx: &Context,
    date: Date,
    value: &dyn Fn(usize) -> Option<f64>,
) -> Vec<(f64, Option<f64>)> {
    ctx.plan
        .intervals
        .iter()
        .enumerate()
        .filter(|(_, i)| i.open && i.start.date() == date)
        .map(|(k, i)| {
            let hour = f64::from(i.start.hour()) + f64::from(i.start.minute()) / 60.0;
            (hour + ctx.scenario.interval.hours() / 2.0, value(k))
        })
        .collect()
}

/// The hours both days are open, ticked every hour (every two over 14 hours).
fn hours_axis(ctx: &Context, dates: [Date; 2]) -> XAxis {
    let hours: Vec<f64> = ctx
        .plan
        .intervals
        .iter()
        .filter(|i| i.open && dates.contains(&i.start.date()))
        .map(|i| f64::from(i.start.hour()) + f64::from(i.start.minute()) / 60.0)
        .collect();
    let first = hours.iter().copied().fold(24.0, f64::min).floor();
    let last = (hours.iter().copied().fold(0.0, f64::max) + ctx.scenario.interval.hours()).ceil();
    let every = if last - first > 14.0 { 2.0 } else { 1.0 };
    let ticks = (0..)
        .map(|h| first + f64::from(h) * every)
        .take_while(|h| *h <= last)
        .map(|h| (h, format!("{:02}:00", h as u32)))
        .collect();
    XAxis {
        title: format!("Time of day ({} intervals)", ctx.scenario.interval),
        range: (first, last),
        ticks,
        separators: Vec::new(),
    }
}

/// One special day against its baseline: contacts per interval, then service level, each day a
/// line; the subtitle states the ratio of the days' contacts.
///
/// Over 80 lines: one chart literal, panel by panel.
fn day_chart(ctx: &Context, day: &SpecialDay, date: Date, baseline: &Baseline) -> Chart {
    let (plan, scenario) = (ctx.plan, ctx.scenario);
    let base_plan = baseline.plan(plan);
    let volume = |i: usize| Some(plan.intervals[i].volume);
    let sl = |i: usize| match ctx.simulation {
        Some(sim) => sim.intervals[i].kpis.service_level.map(|e| e.mean),
        None => {
            (plan.intervals[i].volume > 0.0).then_some(plan.intervals[i].performance.service_level)
        }
    };
    let base_volume = |i: usize| Some(base_plan.intervals[i].volume);
    let base_sl = |i: usize| match (ctx.simulation, &baseline.without) {
        (Some(sim), None) => sim.intervals[i].kpis.service_level.map(|e| e.mean),
        _ => (base_plan.intervals[i].volume > 0.0)
            .then_some(base_plan.intervals[i].performance.service_level),
    };
    let total = |p: &Plan, on: Date| -> f64 {
        p.intervals
            .iter()
            .filter(|i| i.open && i.start.date() == on)
            .map(|i| i.volume)
            .sum()
    };
    let ratio = total(plan, date) / total(base_plan, baseline.date).max(1e-9);
    let day_label = format!("{} ({})", day.name, date.strftime("%a %-d %b"));
    let both = [date, baseline.date];
    let volumes = plan
        .intervals
        .iter()
        .chain(&base_plan.intervals)
        .filter(|i| i.open && both.contains(&i.start.date()))
        .map(|i| i.volume);
    let what = match ctx.simulation {
        Some(_) => "simulated".to_string(),
        None => plan.model.to_string(),
    };
    let line = |label: &str, points, colour| Mark::Line {
        label: label.to_string(),
        points,
        colour,
        dashed: false,
    };
    Chart {
        title: match baseline.without {
            Some(_) => format!(
                "{} against the same {} without it",
                day.name,
                date.strftime("%A")
            ),
            None => format!(
                "{} against a normal {}",
                day.name,
                baseline.date.strftime("%A")
            ),
        },
        subtitle: format!(
            "{} contacts × {ratio:.2} of the baseline's (special-day multiplier × {:.2}), handle time × {:.2}: contacts per interval and {what} service level",
            day.name, day.volume_multiplier, day.aht_multiplier
        ),
        footnote: ctx.footnote(),
        x: hours_axis(ctx, both),
        panels: vec![
            Panel {
                y_title: "Contacts offered per interval".into(),
                y_range: (0.0, ceiling(volumes, 5.0)),
                y_format: YFormat::Number,
                marks: vec![
                    line(
                        &baseline.label,
                        day_points(ctx, baseline.date, &base_volume),
                        Colour::Grey,
                    ),
                    line(
                        &day_label,
                        day_points(ctx, date, &volume),
                        Colour::Vermillion,
                    ),
                ],
            },
            Panel {
                y_title: super::service_title(scenario),
                y_range: (0.0, 1.0),
                y_format: YFormat::Percent,
                marks: vec![
                    line(
                        &baseline.label,
                        day_points(ctx, baseline.date, &base_sl),
                        Colour::Grey,
                    ),
                    line(&day_label, day_points(ctx, date, &sl), Colour::Vermillion),
                    super::level("Target", scenario.target.service.service_level(), 0),
                ],
            },
        ],
    }
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
