//! The report's charts, built from a scenario, its plan and its simulation.
//!
//! Time axes run over the *open* intervals only — closed nights and closed days are left out,
//! with a separator between days — and are labelled with clock times (one day) or dates (several).

use crate::plan::Plan;
use crate::queueing::{Model, QueueModel, SlDefinition};
use crate::report::{Chart, Colour, Mark, Panel, XAxis, YFormat, axis_number, numeric_ticks};
use crate::scenario::Scenario;
use crate::sim::{Estimate, SimulationResult};
use crate::sweep::{Optimization, SweepResult};
use crate::units::Seconds;
use jiff::civil::DateTime;

/// What every chart's footnote and subtitle need to know.
pub struct Context<'a> {
    /// The scenario.
    pub scenario: &'a Scenario,
    /// Its plan.
    pub plan: &'a Plan,
    /// Its simulation, when one was run.
    pub simulation: Option<&'a SimulationResult>,
}

impl Context<'_> {
    /// "holiday-peak · Erlang A interval by interval; simulation, 200 replications (seed 2026) · 21 Dec 2026 – 27 Dec 2026 · staffsim 0.1.0"
    pub fn footnote(&self) -> String {
        let first = self.scenario.intervals.first().map(|i| i.start.date());
        let last = self.scenario.intervals.last().map(|i| i.start.date());
        let dates = match (first, last) {
            (Some(a), Some(b)) if a == b => a.strftime("%a %-d %b %Y").to_string(),
            (Some(a), Some(b)) => format!("{} – {}", a.strftime("%-d %b"), b.strftime("%-d %b %Y")),
            _ => String::new(),
        };
        let simulation = self
            .simulation
            .map(|s| {
                format!(
                    "; simulation, {} replications (seed {})",
                    s.replications, s.seed
                )
            })
            .unwrap_or_default();
        format!(
            "Scenario {} · {} interval by interval{simulation} · {dates} · staffsim {}",
            self.scenario.name,
            self.plan.model,
            env!("CARGO_PKG_VERSION")
        )
    }

    fn target_text(&self) -> String {
        let t = self.scenario.target.service;
        format!("{:.0}/{}", t.service_level() * 100.0, t.within().get())
    }
}

/// Positions of the open intervals on a compressed time axis: interval k spans [k, k + 1).
struct Timeline {
    /// (index into the plan's intervals, position of its start)
    open: Vec<(usize, f64)>,
    axis: XAxis,
}

impl Timeline {
    fn new(starts: &[(usize, DateTime)], interval: Seconds) -> Self {
        let open: Vec<(usize, f64)> = starts
            .iter()
            .enumerate()
            .map(|(k, (i, _))| (*i, k as f64))
            .collect();
        let mut day_starts: Vec<(f64, DateTime)> = Vec::new();
        for (k, (_, start)) in starts.iter().enumerate() {
            if day_starts
                .last()
                .is_none_or(|(_, d)| d.date() != start.date())
            {
                day_starts.push((k as f64, *start));
            }
        }
        let n = open.len() as f64;
        let (ticks, separators) = if day_starts.len() <= 1 {
            // One day: a tick on the hour, every hour or every two.
            let hours = n * interval.hours();
            let every = if hours > 14.0 { 2 } else { 1 };
            let ticks = starts
                .iter()
                .enumerate()
                .filter(|(_, (_, s))| s.minute() == 0 && s.hour() % every == 0)
                .map(|(k, (_, s))| (k as f64, s.strftime("%H:%M").to_string()))
                .chain(std::iter::once((n, end_label(starts, interval))))
                .collect();
            (ticks, Vec::new())
        } else {
            // One label per day, centred on the day's open hours (every few days on long horizons).
            let every = day_starts.len().div_ceil(14);
            let ticks = day_starts
                .iter()
                .enumerate()
                .filter(|(d, _)| d % every == 0)
                .map(|(d, (k, s))| {
                    let end = day_starts.get(d + 1).map_or(n, |(next, _)| *next);
                    ((k + end) / 2.0, s.strftime("%a %-d %b").to_string())
                })
                .collect();
            let separators = day_starts.iter().skip(1).map(|(k, _)| *k).collect();
            (ticks, separators)
        };
        let title = if day_starts.len() <= 1 {
            format!(
                "Time of day, {} ({} intervals)",
                starts
                    .first()
                    .map(|(_, s)| s.strftime("%a %-d %b %Y").to_string())
                    .unwrap_or_default(),
                interval
            )
        } else {
            format!("Date (open hours only; {} intervals)", interval)
        };
        Timeline {
            open,
            axis: XAxis {
                title,
                range: (0.0, n.max(1.0)),
                ticks,
                separators,
            },
        }
    }

    /// Points at interval midpoints.
    fn line(&self, value: impl Fn(usize) -> Option<f64>) -> Vec<(f64, Option<f64>)> {
        self.open
            .iter()
            .map(|&(i, x)| (x + 0.5, value(i)))
            .collect()
    }

    /// A step line: flat across each interval, breaking where the value is undefined.
    fn steps(&self, value: impl Fn(usize) -> Option<f64>) -> Vec<(f64, Option<f64>)> {
        self.open
            .iter()
            .flat_map(|&(i, x)| [(x, value(i)), (x + 1.0, value(i))])
            .collect()
    }

    /// A simulated KPI: its 95 % band (labelled `band_label`, "" for none) and its mean.
    fn simulated(
        &self,
        estimate: impl Fn(usize) -> Option<Estimate>,
        colour: Colour,
        band_label: &str,
    ) -> [Mark; 2] {
        [
            Mark::Band {
                label: band_label.to_string(),
                points: self.band(&estimate),
                colour,
            },
            Mark::Line {
                label: "Simulated".into(),
                points: self.line(|i| estimate(i).map(|e| e.mean)),
                colour,
                dashed: false,
            },
        ]
    }

    /// The interval-by-interval prediction of a KPI, dashed orange.
    fn predicted(&self, model: Model, value: impl Fn(usize) -> Option<f64>) -> Mark {
        Mark::Line {
            label: format!("{model} prediction"),
            points: self.line(value),
            colour: Colour::Orange,
            dashed: true,
        }
    }

    fn band(&self, estimate: impl Fn(usize) -> Option<Estimate>) -> Vec<(f64, Option<(f64, f64)>)> {
        self.open
            .iter()
            .map(|&(i, x)| {
                (
                    x + 0.5,
                    estimate(i).and_then(|e| e.ci95).map(|[lo, hi]| (lo, hi)),
                )
            })
            .collect()
    }
}

fn end_label(starts: &[(usize, DateTime)], interval: Seconds) -> String {
    starts
        .last()
        .map(|(_, s)| {
            s.saturating_add(jiff::SignedDuration::from_secs_f64(interval.get()))
                .strftime("%H:%M")
                .to_string()
        })
        .unwrap_or_default()
}

fn timeline(plan: &Plan, scenario: &Scenario) -> Timeline {
    let starts: Vec<(usize, DateTime)> = plan
        .intervals
        .iter()
        .enumerate()
        .filter(|(_, i)| i.open)
        .map(|(k, i)| (k, i.start))
        .collect();
    Timeline::new(&starts, scenario.interval)
}

/// The largest value of a series, rounded up for an axis.
fn ceiling(values: impl Iterator<Item = f64>, floor: f64) -> f64 {
    let max = values.filter(|v| v.is_finite()).fold(floor, f64::max);
    let magnitude = 10f64.powf(max.log10().floor());
    let step = if max / magnitude > 5.0 {
        magnitude
    } else {
        magnitude / 2.0
    };
    ((max * 1.08) / step).ceil() * step
}

/// Required vs staffed agents, shortfall shaded.
pub fn staffing(ctx: &Context) -> Chart {
    let (plan, scenario) = (ctx.plan, ctx.scenario);
    let t = timeline(plan, scenario);
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
            "Agents on the phones ({}) against the {} requirement for {}; {:.0} agent-hours short",
            scenario.staffing.method(),
            plan.model,
            ctx.target_text(),
            missing
        )
    } else {
        format!(
            "Agents on the phones staffed to the {} requirement for {}",
            plan.model,
            ctx.target_text()
        )
    };
    Chart {
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
                    label: format!("Required ({})", plan.model),
                    points: t.steps(|i| Some(f64::from(plan.intervals[i].required_agents))),
                    colour: Colour::Blue,
                    dashed: true,
                },
                Mark::Line {
                    label: "Staffed".into(),
                    points: t.steps(|i| Some(f64::from(plan.intervals[i].staffed_agents))),
                    colour: Colour::Green,
                    dashed: false,
                },
            ],
        }],
    }
}

/// Service level per interval: simulated mean and 95 % band, the Erlang prediction, the target.
pub fn service_level(ctx: &Context) -> Chart {
    let (plan, scenario) = (ctx.plan, ctx.scenario);
    let t = timeline(plan, scenario);
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
    marks.push(Mark::HLine {
        label: format!("Target {:.0} %", target.service_level() * 100.0),
        y: target.service_level(),
        colour: Colour::Black,
    });
    Chart {
        title: "Service level by interval".into(),
        subtitle: format!(
            "Share answered within {} s ({}), {}",
            target.within().get(),
            definition_text(target.definition()),
            if ctx.simulation.is_some() {
                "simulated with queues carried over, against the interval-by-interval prediction"
            } else {
                "interval-by-interval prediction"
            }
        ),
        footnote: ctx.footnote(),
        x: t.axis.clone(),
        panels: vec![Panel {
            y_title: format!("Answered within {} s", target.within().get()),
            y_range: (0.0, 1.0),
            y_format: YFormat::Percent,
            marks,
        }],
    }
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
    let t = timeline(plan, scenario);
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
        marks.push(Mark::HLine {
            label: format!("Cap {:.0} %", max * 100.0),
            y: max,
            colour: Colour::Black,
        });
    }
    Chart {
        title: "Agent occupancy by interval".into(),
        subtitle: "Busy time ÷ time on the phones; 80–85 % is the sustainable range".into(),
        footnote: ctx.footnote(),
        x: t.axis.clone(),
        panels: vec![Panel {
            y_title: "Occupancy".into(),
            y_range: (0.0, 1.0),
            y_format: YFormat::Percent,
            marks,
        }],
    }
}

/// ASA and abandonment through the day(s), in two panels.
pub fn asa_abandonment(ctx: &Context) -> Chart {
    let (plan, scenario) = (ctx.plan, ctx.scenario);
    let t = timeline(plan, scenario);
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
        abandon_marks.push(Mark::HLine {
            label: format!("Cap {:.0} %", max * 100.0),
            y: max,
            colour: Colour::Black,
        });
    }
    let abandon_top = ceiling(abandon_values.into_iter(), 0.02).min(1.0);
    Chart {
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
    }
}

/// The agents → service level / ASA curve of one interval, by Erlang.
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

/// Each non-closed special day against a baseline day (the first open day without one): volume
/// and service level through the day.
pub fn special_days(ctx: &Context) -> Vec<(String, Chart)> {
    let (plan, scenario) = (ctx.plan, ctx.scenario);
    let baseline_date = plan
        .days
        .iter()
        .find(|d| d.special_day.is_none() && d.totals.intervals > 0)
        .map(|d| d.date);
    let Some(baseline_date) = baseline_date else {
        return Vec::new();
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
        let volume = |i: usize| Some(plan.intervals[i].volume);
        let sl = |i: usize| match ctx.simulation {
            Some(sim) => sim.intervals[i].kpis.service_level.map(|e| e.mean),
            None => (plan.intervals[i].volume > 0.0)
                .then_some(plan.intervals[i].performance.service_level),
        };
        let base_label = format!("Baseline {}", baseline_date.strftime("%a %-d %b"));
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
            .filter(|i| i.open && (i.start.date() == date || i.start.date() == baseline_date))
            .map(|i| i.volume);
        let target = scenario.target.service;
        let what = if ctx.simulation.is_some() {
            "simulated".to_string()
        } else {
            plan.model.to_string()
        };
        let chart = Chart {
            title: format!("{} against a normal day", day.name),
            subtitle: format!(
                "Volume × {:.2}, handle time × {:.2}: contacts per interval and {what} service level",
                day.volume_multiplier, day.aht_multiplier
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
                            points: day_points(baseline_date, &volume),
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
                    y_title: format!("Answered within {} s", target.within().get()),
                    y_range: (0.0, 1.0),
                    y_format: YFormat::Percent,
                    marks: vec![
                        Mark::Line {
                            label: base_label,
                            points: day_points(baseline_date, &sl),
                            colour: Colour::Grey,
                            dashed: false,
                        },
                        Mark::Line {
                            label: day_label,
                            points: day_points(date, &sl),
                            colour: Colour::Vermillion,
                            dashed: false,
                        },
                        Mark::HLine {
                            label: format!("Target {:.0} %", target.service_level() * 100.0),
                            y: target.service_level(),
                            colour: Colour::Black,
                        },
                    ],
                },
            ],
        };
        charts.push((format!("special-day-{}", k + 1), chart));
    }
    charts
}

/// The sweep's options: cost against simulated service level, the Pareto front, the recommended
/// option and the target.
pub fn sweep_front(scenario: &Scenario, result: &SweepResult) -> Chart {
    let costed = scenario.cost.hourly_cost.is_some();
    let sl = |k: usize| result.options[k].service_level.map_or(0.0, |e| e.mean);
    let all: Vec<(f64, f64)> = (0..result.options.len())
        .map(|k| (result.options[k].cost, sl(k)))
        .collect();
    let mut front: Vec<(f64, f64)> = (0..result.options.len())
        .filter(|&k| result.options[k].pareto)
        .map(|k| (result.options[k].cost, sl(k)))
        .collect();
    front.sort_by(|a, b| a.0.total_cmp(&b.0));
    let recommended: Vec<(f64, f64)> = result
        .recommended
        .iter()
        .filter_map(|(_, k)| *k)
        .map(|k| (result.options[k].cost, sl(k)))
        .collect();
    let (c0, c1) = span(all.iter().map(|p| p.0));
    let target = scenario.target.service.service_level();
    let currency = &scenario.cost.currency;
    let x_title = if costed {
        format!("Cost over the horizon ({currency})")
    } else {
        "Paid agent-hours".to_string()
    };
    let footnote = format!(
        "Scenario {} · {} options × {} replications, common random numbers (seed {}) · staffsim {}",
        scenario.name,
        result.options.len(),
        result.replications,
        result.seed,
        env!("CARGO_PKG_VERSION")
    );
    Chart {
        title: "Cost against service: the staffing options".into(),
        subtitle: format!(
            "One dot per simulated option; the line joins those nothing beats on cost and service; recommended: cheapest meeting {:.0}/{} on {:.0} % of days",
            target * 100.0,
            scenario.target.service.within().get(),
            result.confidence * 100.0
        ),
        footnote,
        x: XAxis {
            title: x_title,
            range: (c0, c1),
            ticks: numeric_ticks(c0, c1, axis_number),
            separators: Vec::new(),
        },
        panels: vec![Panel {
            y_title: format!(
                "Simulated service level (within {} s)",
                scenario.target.service.within().get()
            ),
            y_range: (0.0, 1.0),
            y_format: YFormat::Percent,
            marks: vec![
                Mark::Points {
                    label: "Option".into(),
                    points: all,
                    colour: Colour::Grey,
                    size: 6,
                },
                Mark::Line {
                    label: "Cost–service front".into(),
                    points: front.into_iter().map(|(x, y)| (x, Some(y))).collect(),
                    colour: Colour::Blue,
                    dashed: false,
                },
                Mark::Points {
                    label: "Recommended".into(),
                    points: recommended,
                    colour: Colour::Vermillion,
                    size: 10,
                },
                Mark::HLine {
                    label: format!("Target {:.0} %", target * 100.0),
                    y: target,
                    colour: Colour::Black,
                },
            ],
        }],
    }
}

/// P(a simulated day meets the target) against FTE, one dot per option.
pub fn sweep_confidence(scenario: &Scenario, result: &SweepResult) -> Chart {
    let fte: Vec<(f64, f64)> = result
        .options
        .iter()
        .map(|o| (o.fte, o.p_meet_target))
        .collect();
    let recommended: Vec<(f64, f64)> = result
        .recommended
        .iter()
        .filter_map(|(_, k)| *k)
        .map(|k| (result.options[k].fte, result.options[k].p_meet_target))
        .collect();
    let (f0, f1) = span(fte.iter().map(|p| p.0));
    Chart {
        title: "How sure is the target? P(day meets target) against FTE".into(),
        subtitle: format!(
            "Share of simulated days meeting {:.0}/{} for each option; the line is the confidence asked",
            scenario.target.service.service_level() * 100.0,
            scenario.target.service.within().get()
        ),
        footnote: format!(
            "Scenario {} · {} options × {} replications, common random numbers (seed {}) · FTE = paid hours ÷ hours per FTE-week · staffsim {}",
            scenario.name,
            result.options.len(),
            result.replications,
            result.seed,
            env!("CARGO_PKG_VERSION")
        ),
        x: XAxis {
            title: "FTE (paid)".into(),
            range: (f0, f1),
            ticks: numeric_ticks(f0, f1, axis_number),
            separators: Vec::new(),
        },
        panels: vec![Panel {
            y_title: "P(simulated day meets the target)".into(),
            y_range: (0.0, 1.0),
            y_format: YFormat::Percent,
            marks: vec![
                Mark::Points {
                    label: "Option".into(),
                    points: fte,
                    colour: Colour::Blue,
                    size: 7,
                },
                Mark::Points {
                    label: "Recommended".into(),
                    points: recommended,
                    colour: Colour::Vermillion,
                    size: 11,
                },
                Mark::HLine {
                    label: format!("Confidence {:.0} %", result.confidence * 100.0),
                    y: result.confidence,
                    colour: Colour::Black,
                },
            ],
        }],
    }
}

/// Required (Erlang) against the staffing optimised in simulation.
pub fn optimized_staffing(scenario: &Scenario, result: &Optimization) -> Chart {
    let ctx = Context {
        scenario,
        plan: &result.optimized,
        simulation: Some(&result.simulation),
    };
    let mut chart = staffing(&ctx);
    let extra =
        result.optimized.totals.staffed_agent_hours - result.erlang.totals.required_agent_hours;
    chart.title = "Staffing that holds the target in simulation".into();
    chart.subtitle = format!(
        "Optimised agents against the interval-by-interval {} requirement: {extra:+.1} agent-hours for the carry-over",
        result.erlang.model
    );
    if let Some(panel) = chart.panels.first_mut() {
        for mark in &mut panel.marks {
            match mark {
                Mark::Line { label, .. } if label == "Staffed" => {
                    *label = "Optimised in simulation".into()
                }
                Mark::Rects { label, .. } => *label = "Erlang requirement above optimised".into(),
                _ => {}
            }
        }
    }
    chart
}

/// A padded range around values.
fn span(values: impl Iterator<Item = f64>) -> (f64, f64) {
    let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
        (a.min(v), b.max(v))
    });
    if !lo.is_finite() {
        return (0.0, 1.0);
    }
    let pad = ((hi - lo) * 0.06).max(hi.abs() * 0.01).max(1e-6);
    ((lo - pad).max(0.0), hi + pad)
}

fn month_axis(result: &crate::bid::BidResult) -> XAxis {
    let n = result.months.len();
    let every = n.div_ceil(12).max(1);
    XAxis {
        title: "Month of the contract".into(),
        range: (0.5, n as f64 + 0.5),
        ticks: result
            .months
            .iter()
            .enumerate()
            .filter(|(k, _)| k % every == 0)
            .map(|(k, m)| (k as f64 + 1.0, m.label.clone()))
            .collect(),
        separators: Vec::new(),
    }
}

fn bid_footnote(scenario: &Scenario, result: &crate::bid::BidResult) -> String {
    format!(
        "Scenario {} · {} months from {} · monthly Erlang plans of the scenario's pattern · staffsim {}",
        scenario.name,
        result.months.len(),
        result
            .months
            .first()
            .map_or(String::new(), |m| m.label.clone()),
        env!("CARGO_PKG_VERSION")
    )
}

/// The monthly FTE plan: required and effective FTE, headcount, and hires.
pub fn bid_fte(scenario: &Scenario, result: &crate::bid::BidResult) -> Chart {
    let at = |f: &dyn Fn(&crate::bid::BidMonth) -> f64| -> Vec<(f64, Option<f64>)> {
        result
            .months
            .iter()
            .enumerate()
            .map(|(k, m)| (k as f64 + 1.0, Some(f(m))))
            .collect()
    };
    let top = ceiling(
        result
            .months
            .iter()
            .flat_map(|m| [m.headcount, m.required_fte, m.hires]),
        5.0,
    );
    Chart {
        title: "Monthly FTE and headcount plan".into(),
        subtitle: format!(
            "Required FTE from Erlang, productive FTE after training and ramp, headcount on payroll with {:.1} launch hires",
            result.launch_hires
        ),
        footnote: bid_footnote(scenario, result),
        x: month_axis(result),
        panels: vec![Panel {
            y_title: "FTE".into(),
            y_range: (0.0, top),
            y_format: YFormat::Number,
            marks: vec![
                Mark::Points {
                    label: "Hires".into(),
                    points: result
                        .months
                        .iter()
                        .enumerate()
                        .map(|(k, m)| (k as f64 + 1.0, m.hires))
                        .collect(),
                    colour: Colour::Purple,
                    size: 6,
                },
                Mark::Line {
                    label: "Headcount (paid)".into(),
                    points: at(&|m| m.headcount),
                    colour: Colour::Orange,
                    dashed: false,
                },
                Mark::Line {
                    label: "Effective FTE".into(),
                    points: at(&|m| m.effective_fte),
                    colour: Colour::Green,
                    dashed: false,
                },
                Mark::Line {
                    label: "Required FTE".into(),
                    points: at(&|m| m.required_fte),
                    colour: Colour::Blue,
                    dashed: true,
                },
            ],
        }],
    }
}

/// The price build-up per handled contact: labour, overheads, transition, margin.
pub fn bid_price(scenario: &Scenario, result: &crate::bid::BidResult) -> Chart {
    let handled: f64 = result
        .months
        .iter()
        .map(|m| m.handled)
        .sum::<f64>()
        .max(1e-9);
    let labour: f64 = result.months.iter().map(|m| m.labour_cost).sum::<f64>() / handled;
    let overheads: f64 = result
        .months
        .iter()
        .map(|m| m.cost - m.labour_cost)
        .sum::<f64>()
        / handled;
    let transition = result.transition_cost / handled;
    let margin = (result.revenue - result.total_cost) / handled;
    let steps = [
        ("Labour", labour, Colour::Blue),
        ("Overheads", overheads, Colour::Sky),
        ("Transition", transition, Colour::Purple),
        ("Margin", margin, Colour::Green),
    ];
    let mut marks = Vec::new();
    let mut base = 0.0;
    for (k, (name, value, colour)) in steps.iter().enumerate() {
        let x = k as f64 + 1.0;
        marks.push(Mark::Rects {
            label: format!("{name} {} {:.3}", result.currency, value),
            rects: vec![(x - 0.35, x + 0.35, base, base + value)],
            colour: *colour,
        });
        base += value;
    }
    marks.push(Mark::Rects {
        label: format!("Price {} {:.3}", result.currency, result.price_per_contact),
        rects: vec![(4.65, 5.35, 0.0, result.price_per_contact)],
        colour: Colour::Vermillion,
    });
    Chart {
        title: "Price build-up per handled contact".into(),
        subtitle: format!(
            "From cost to price at a {:.0} % margin: {} {:.3} per contact, {} {:.2} per FTE-month, {} {:.4} per minute",
            result.margin * 100.0,
            result.currency,
            result.price_per_contact,
            result.currency,
            result.price_per_fte_month,
            result.currency,
            result.price_per_minute
        ),
        footnote: bid_footnote(scenario, result),
        x: XAxis {
            title: "Component".into(),
            range: (0.4, 5.6),
            ticks: ["Labour", "Overheads", "Transition", "Margin", "Price"]
                .iter()
                .enumerate()
                .map(|(k, l)| (k as f64 + 1.0, l.to_string()))
                .collect(),
            separators: Vec::new(),
        },
        panels: vec![Panel {
            y_title: format!("{} per handled contact", result.currency),
            y_range: (0.0, result.price_per_contact * 1.15),
            y_format: YFormat::Number,
            marks,
        }],
    }
}
