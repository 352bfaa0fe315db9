//! The compressed time axis of interval charts: open intervals only, each one unit wide, with a
//! separator between days and clock-time or date labels.
//!
//! Nothing closed is skipped silently: a closed day (or a run of them, such as a weekend) takes a
//! shaded slot half a normal day wide, labelled with its dates and "closed"; closed hours inside
//! a day take a narrow shaded slot. Special days carry their name under the date.

use crate::plan::Plan;
use crate::queueing::Model;
use crate::report::{Chart, Colour, Mark, XAxis};
use crate::sim::Estimate;
use crate::units::Seconds;
use jiff::civil::{Date, DateTime};

/// The widest slot, in intervals, that closed hours inside one day take.
const MAX_CLOSED_HOURS_SLOT: f64 = 3.0;

/// Positions of the open intervals on a compressed time axis: interval k spans [x, x + 1).
pub(super) struct Timeline {
    /// (index into the plan's intervals, position of its start)
    pub(super) open: Vec<(usize, f64)>,
    /// Closed stretches inside the horizon, as (x0, x1) slots on the axis.
    pub(super) closed: Vec<(f64, f64)>,
    pub(super) axis: XAxis,
}

/// One calendar day as laid out on an axis.
pub(super) struct DaySlot {
    pub(super) date: Date,
    /// The special day's name.
    pub(super) special: Option<String>,
    /// (x0, x1); a closed day's slot may be shared with its closed neighbours.
    pub(super) span: (f64, f64),
    /// False labels the slot "closed".
    pub(super) open: bool,
}

impl Timeline {
    /// Lays out `plan`'s intervals, which last `interval` each.
    pub(super) fn new(plan: &Plan, interval: Seconds) -> Self {
        let layout = Layout::of(plan);
        let axis = layout.axis(plan, interval);
        Timeline {
            open: layout.open,
            closed: layout.closed,
            axis,
        }
    }

    /// `chart` with the closed slots shaded grey in every panel, behind everything else, over
    /// each panel's fitted y range (the x axis's title names them).
    pub(super) fn shade_closed(&self, mut chart: Chart) -> Chart {
        if self.closed.is_empty() {
            return chart;
        }
        for panel in &mut chart.panels {
            let (y0, y1) = panel.y_range;
            panel.marks.insert(
                0,
                Mark::Rects {
                    // The axis title names the shading: no legend entry, more room for data.
                    label: String::new(),
                    rects: self.closed.iter().map(|&(a, b)| (a, b, y0, y1)).collect(),
                    colour: Colour::Grey,
                },
            );
        }
        chart
    }

    /// Points at interval midpoints.
    pub(super) fn line(&self, value: impl Fn(usize) -> Option<f64>) -> Vec<(f64, Option<f64>)> {
        let mut points = Vec::with_capacity(self.open.len());
        for (n, &(i, x)) in self.open.iter().enumerate() {
            if n > 0 && self.open[n - 1].1 + 1.0 < x {
                // A closed slot: the line breaks across it.
                points.push((x, None));
            }
            points.push((x + 0.5, value(i)));
        }
        points
    }

    /// A step line: flat across each interval, breaking where the value is undefined.
    pub(super) fn steps(&self, value: impl Fn(usize) -> Option<f64>) -> Vec<(f64, Option<f64>)> {
        let mut points = Vec::with_capacity(2 * self.open.len());
        for (n, &(i, x)) in self.open.iter().enumerate() {
            if n > 0 && self.open[n - 1].1 + 1.0 < x {
                points.push((x, None));
            }
            points.extend([(x, value(i)), (x + 1.0, value(i))]);
        }
        points
    }

    /// A simulated KPI: its 95 % band (labelled `band_label`, "" for none) and its mean.
    pub(super) fn simulated(
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
    pub(super) fn predicted(&self, model: Model, value: impl Fn(usize) -> Option<f64>) -> Mark {
        Mark::Line {
            label: format!("{model} prediction"),
            points: self.line(value),
            colour: Colour::Orange,
            dashed: true,
        }
    }

    pub(super) fn band(
        &self,
        estimate: impl Fn(usize) -> Option<Estimate>,
    ) -> Vec<(f64, Option<(f64, f64)>)> {
        let mut points = Vec::with_capacity(self.open.len());
        for (n, &(i, x)) in self.open.iter().enumerate() {
            if n > 0 && self.open[n - 1].1 + 1.0 < x {
                points.push((x, None));
            }
            let band = estimate(i).and_then(|e| e.ci95).map(|[lo, hi]| (lo, hi));
            points.push((x + 0.5, band));
        }
        points
    }
}

/// The open intervals, closed slots and day slots of a plan on the compressed axis.
struct Layout {
    open: Vec<(usize, f64)>,
    closed: Vec<(f64, f64)>,
    slots: Vec<DaySlot>,
    /// The axis's length, in intervals.
    width: f64,
    open_days: usize,
}

impl Layout {
    /// Each open interval one unit wide; closed hours inside a day a narrow slot (at most
    /// [`MAX_CLOSED_HOURS_SLOT`]); a closed day, or a run of them, a slot half an open day wide.
    fn of(plan: &Plan) -> Self {
        let days: Vec<(Date, Option<String>, bool)> = plan
            .days
            .iter()
            .map(|d| (d.date, d.special_day.clone(), d.totals.intervals > 0))
            .collect();
        let open_days = days.iter().filter(|d| d.2).count();
        let open_count = plan.intervals.iter().filter(|i| i.open).count();
        let per_open_day = open_count as f64 / open_days.max(1) as f64;
        let closed_day_slot = (per_open_day / 2.0).max(1.0);

        let mut open = Vec::with_capacity(open_count);
        let mut closed: Vec<(f64, f64)> = Vec::new();
        let mut slots: Vec<DaySlot> = Vec::with_capacity(days.len());
        let mut x = 0.0;
        let mut k = 0;
        for (date, special, is_open) in days {
            let start = x;
            if is_open {
                let mut last_open: Option<DateTime> = None;
                let mut pending_closed = 0usize;
                while k < plan.intervals.len() && plan.intervals[k].start.date() == date {
                    let i = &plan.intervals[k];
                    if i.open {
                        if last_open.is_some() && pending_closed > 0 {
                            let width = (pending_closed as f64).min(MAX_CLOSED_HOURS_SLOT);
                            closed.push((x, x + width));
                            x += width;
                        }
                        open.push((k, x));
                        x += 1.0;
                        last_open = Some(i.start);
                        pending_closed = 0;
                    } else {
                        pending_closed += 1;
                    }
                    k += 1;
                }
            } else {
                while k < plan.intervals.len() && plan.intervals[k].start.date() == date {
                    k += 1;
                }
                match slots.last_mut() {
                    // A run of closed days (a weekend) shares one slot.
                    Some(previous) if !previous.open => {
                        let shared = previous.span;
                        slots.push(DaySlot {
                            date,
                            special,
                            span: shared,
                            open: false,
                        });
                        continue;
                    }
                    _ => {
                        closed.push((x, x + closed_day_slot));
                        x += closed_day_slot;
                    }
                }
            }
            slots.push(DaySlot {
                date,
                special,
                span: (start, x),
                open: is_open,
            });
        }
        Layout {
            open,
            closed,
            slots,
            width: x,
            open_days,
        }
    }

    /// The axis: clock ticks over one day, else dates with a separator between open days;
    /// its title says what is left out.
    fn axis(&self, plan: &Plan, interval: Seconds) -> XAxis {
        let (open, closed, slots, open_days) =
            (&self.open, &self.closed, &self.slots, self.open_days);
        let n = self.width;
        let single_day = slots.len() <= 1 || (open_days <= 1 && closed.is_empty());
        let ticks = if single_day {
            clock_ticks(plan, open, interval, n)
        } else {
            date_ticks(slots, n)
        };
        let separators = if single_day {
            Vec::new()
        } else {
            slots
                .windows(2)
                .filter(|pair| pair[0].open && pair[1].open)
                .map(|pair| pair[1].span.0)
                .collect()
        };
        let title = if single_day {
            format!(
                "Time of day, {} ({}{} intervals)",
                plan.intervals
                    .get(open.first().map_or(0, |o| o.0))
                    .map(|i| i.start.strftime("%a %-d %b %Y").to_string())
                    .unwrap_or_default(),
                if closed.is_empty() {
                    ""
                } else {
                    "closed hours shaded; "
                },
                interval
            )
        } else if closed.is_empty() {
            format!("Date (open hours only; {interval} intervals)")
        } else {
            format!("Date (open hours only, closed days and hours shaded; {interval} intervals)")
        };
        XAxis {
            title,
            range: (0.0, n.max(1.0)),
            ticks,
            separators,
        }
    }
}

/// One day: a tick on the hour, every hour or every two, and the closing time at the end.
fn clock_ticks(
    plan: &Plan,
    open: &[(usize, f64)],
    interval: Seconds,
    n: f64,
) -> Vec<(f64, String)> {
    let hours = open.len() as f64 * interval.hours();
    let every = if hours > 14.0 { 2 } else { 1 };
    let mut ticks: Vec<(f64, String)> = open
        .iter()
        .map(|&(i, x)| (x, plan.intervals[i].start))
        .filter(|(_, s)| s.minute() == 0 && s.hour() % every == 0)
        .map(|(x, s)| (x, s.strftime("%H:%M").to_string()))
        .collect();
    if let Some(&(i, _)) = open.last() {
        let end = plan.intervals[i]
            .start
            .saturating_add(jiff::SignedDuration::from_secs_f64(interval.get()));
        ticks.push((n, end.strftime("%H:%M").to_string()));
    }
    ticks
}

/// Several days: one label per day (every few days on long horizons) centred on its slot, the
/// special day's name on a second line, and "closed" under a closed slot. Special and closed
/// days are always labelled; ordinary labels too close to them are dropped.
pub(super) fn date_ticks(slots: &[DaySlot], n: f64) -> Vec<(f64, String)> {
    let every = slots.len().div_ceil(14).max(1);
    let spacing = n / slots.len().max(1) as f64 * every as f64 * 0.8;
    let mut labelled: Vec<(f64, String, bool)> = Vec::new();
    let mut d = 0;
    while d < slots.len() {
        let slot = &slots[d];
        // Closed days sharing a slot get one label: "Sat 2 – Sun 3 Jan".
        let mut last = d;
        while !slot.open && last + 1 < slots.len() && slots[last + 1].span == slot.span {
            last += 1;
        }
        let centre = (slot.span.0 + slot.span.1) / 2.0;
        let date = if last > d {
            format!(
                "{} – {}",
                slot.date.strftime("%a %-d"),
                slots[last].date.strftime("%a %-d %b")
            )
        } else {
            slot.date.strftime("%a %-d %b").to_string()
        };
        let special = slots[d..=last].iter().find_map(|s| s.special.clone());
        let second = match (special, slot.open) {
            (Some(name), true) => Some(name),
            (Some(name), false) => Some(format!("{name}, closed")),
            (None, false) => Some("closed".to_string()),
            (None, true) => None,
        };
        let pinned = second.is_some();
        if pinned || d % every == 0 {
            let text = match second {
                Some(line) => format!("{date}\n{line}"),
                None => date,
            };
            labelled.push((centre, text, pinned));
        }
        d = last + 1;
    }
    let pinned: Vec<f64> = labelled.iter().filter(|l| l.2).map(|l| l.0).collect();
    labelled
        .into_iter()
        .filter(|(x, _, is_pinned)| {
            *is_pinned || pinned.iter().all(|p| (p - x).abs() >= spacing.min(n)) || every == 1
        })
        .map(|(x, text, _)| (x, text))
        .collect()
}

/// The timeline of `plan`, whose intervals last `interval`.
pub(super) fn timeline(plan: &Plan, interval: Seconds) -> Timeline {
    Timeline::new(plan, interval)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{DayPlan, IntervalPlan, Totals};
    use crate::queueing::Performance;

    fn plan(days: &[(&str, Option<&str>, &[bool])]) -> Plan {
        let mut intervals = Vec::new();
        let mut day_plans = Vec::new();
        for (date, special, open) in days {
            let date: Date = date.parse().unwrap();
            for (k, is_open) in open.iter().enumerate() {
                intervals.push(IntervalPlan {
                    start: date.at(8 + k as i8, 0, 0, 0),
                    open: *is_open,
                    volume: 0.0,
                    aht: Seconds(300.0),
                    required_agents: 0,
                    staffed_agents: 0,
                    scheduled_agents: 0.0,
                    performance: Performance {
                        agents: 0,
                        offered_load_erlangs: 0.0,
                        p_wait: 0.0,
                        service_level: 1.0,
                        within: Seconds(20.0),
                        sl_definition: crate::queueing::SlDefinition::Offered,
                        asa: None,
                        occupancy: 0.0,
                        abandon_rate: None,
                        stable: true,
                    },
                    meets_target: true,
                    special_day: None,
                });
            }
            day_plans.push(DayPlan {
                date,
                special_day: special.map(str::to_string),
                totals: Totals {
                    intervals: open.iter().filter(|o| **o).count(),
                    ..Totals::default()
                },
            });
        }
        Plan {
            model: Model::ErlangC,
            intervals,
            days: day_plans,
            totals: Totals::default(),
        }
    }

    #[test]
    fn a_closed_weekend_takes_one_labelled_shaded_slot_between_the_weeks() {
        let open = [true; 4];
        let shut = [false; 4];
        let p = plan(&[
            ("2027-01-01", None, &open),
            ("2027-01-02", None, &shut),
            ("2027-01-03", None, &shut),
            ("2027-01-04", None, &open),
        ]);
        let t = Timeline::new(&p, Seconds(3600.0));
        assert_eq!(t.closed, vec![(4.0, 6.0)]);
        assert_eq!(t.open.last().unwrap().1, 9.0);
        let labels: Vec<&str> = t.axis.ticks.iter().map(|t| t.1.as_str()).collect();
        assert_eq!(
            labels,
            ["Fri 1 Jan", "Sat 2 – Sun 3 Jan\nclosed", "Mon 4 Jan"]
        );
        assert_eq!(t.axis.ticks[1].0, 5.0);
        // No day separator at a closed slot's edges; the line breaks across it.
        assert!(t.axis.separators.is_empty());
        let line = t.line(|_| Some(1.0));
        assert!(line.iter().any(|(x, y)| *x == 6.0 && y.is_none()));
    }

    #[test]
    fn special_days_carry_their_name_and_closed_hours_inside_a_day_are_shaded() {
        let p = plan(&[
            ("2026-12-24", None, &[true, true]),
            ("2026-12-25", Some("Christmas Day"), &[false, false]),
            (
                "2026-12-26",
                Some("Boxing Day"),
                &[true, false, false, true],
            ),
        ]);
        let t = Timeline::new(&p, Seconds(3600.0));
        let labels: Vec<&str> = t.axis.ticks.iter().map(|t| t.1.as_str()).collect();
        assert_eq!(
            labels,
            [
                "Thu 24 Dec",
                "Fri 25 Dec\nChristmas Day, closed",
                "Sat 26 Dec\nBoxing Day"
            ]
        );
        // Christmas: half a normal open day (2 intervals); Boxing Day's two closed hours: 2.
        assert_eq!(t.closed, vec![(2.0, 3.0), (4.0, 6.0)]);
        assert!(labels.iter().all(|l| !l.contains("  ")));
    }
}
