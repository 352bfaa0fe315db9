//! The columns of the scheduling programme: every way one agent can work a template — a date, a
//! start and a placement of each break — and the open intervals it covers.

use crate::forecast::ClockTime;
use crate::scenario::{Scenario, ScheduleConfig, Template};
use crate::units::Seconds;
use jiff::SignedDuration;
use jiff::civil::{Date, DateTime};

/// One start of one template on one date; its columns differ only in where the breaks fall.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Start {
    /// The date the shift starts on.
    pub(crate) date: Date,
    /// Index into the schedule's templates.
    pub(crate) template: usize,
    /// When it starts and ends.
    pub(crate) start: DateTime,
    pub(crate) end: DateTime,
    /// Its columns (indices into [`Columns::columns`]).
    pub(crate) columns: Vec<usize>,
}

/// One way to work a start: break placements, the intervals covered, the cost of one agent.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Column {
    /// Index into [`Columns::starts`].
    pub(crate) start: usize,
    /// Breaks as (start, end, paid).
    pub(crate) breaks: Vec<(DateTime, DateTime, bool)>,
    /// Indices of the scenario's intervals on which the agent is on the phones: open, wholly
    /// inside the shift and touching no break.
    pub(crate) covers: Vec<usize>,
    /// Paid hours of one agent on the phones, shrinkage included.
    pub(crate) paid_hours: f64,
    /// Cost per paid hour.
    pub(crate) rate: f64,
}

impl Column {
    /// The cost of one agent on this column.
    pub(super) fn cost(&self) -> f64 {
        self.paid_hours * self.rate
    }
}

/// Every start and column of a schedule.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Columns {
    pub(crate) starts: Vec<Start>,
    pub(crate) columns: Vec<Column>,
}

fn at(date: Date, seconds: u32) -> DateTime {
    date.to_datetime(jiff::civil::Time::midnight())
        .saturating_add(SignedDuration::from_secs(i64::from(seconds)))
}

fn plus(t: DateTime, d: Seconds) -> DateTime {
    t.saturating_add(SignedDuration::from_secs_f64(d.get()))
}

/// Every placement of `breaks` as offsets from the start: each break anywhere in its window on
/// the interval grid, breaks not overlapping one another.
fn placements(rules: &[crate::scenario::BreakRule], step: f64) -> Vec<Vec<f64>> {
    let mut out: Vec<Vec<f64>> = vec![Vec::new()];
    for (k, rule) in rules.iter().enumerate() {
        let mut next = Vec::new();
        for placed in &out {
            let mut offset = rule.earliest.get();
            while offset + rule.length.get() <= rule.latest.get() + 1e-9 {
                let clash = placed
                    .iter()
                    .zip(rules)
                    .any(|(o, r)| offset < o + r.length.get() && *o < offset + rule.length.get());
                if !clash {
                    let mut p = placed.clone();
                    p.push(offset);
                    next.push(p);
                }
                offset += step;
            }
        }
        out = next;
        debug_assert!(out.iter().all(|p| p.len() == k + 1));
    }
    out
}

/// The open intervals wholly inside a shift from `start` to `end`.
fn inside(
    scenario: &Scenario,
    starts_at: &[DateTime],
    start: DateTime,
    end: DateTime,
) -> Vec<usize> {
    let first = starts_at.partition_point(|s| *s < start);
    (first..starts_at.len())
        .take_while(|&i| plus(starts_at[i], scenario.interval) <= end)
        .filter(|&i| scenario.intervals[i].open)
        .collect()
}

/// A template's breaks as (start, end, paid), placed at `offsets` from the shift's `start`.
fn placed(
    template: &Template,
    start: DateTime,
    offsets: &[f64],
) -> Vec<(DateTime, DateTime, bool)> {
    offsets
        .iter()
        .zip(&template.breaks)
        .map(|(offset, rule)| {
            let b = plus(start, Seconds(*offset));
            (b, plus(b, rule.length), rule.paid)
        })
        .collect()
}

/// The intervals of `inside` that touch no break.
fn covered(
    scenario: &Scenario,
    starts_at: &[DateTime],
    inside: &[usize],
    breaks: &[(DateTime, DateTime, bool)],
) -> Vec<usize> {
    inside
        .iter()
        .copied()
        .filter(|&i| {
            let (a, b) = (starts_at[i], plus(starts_at[i], scenario.interval));
            !breaks.iter().any(|(s, e, _)| a < *e && *s < b)
        })
        .collect()
}

/// A template's breaks placed by hand rather than by the optimiser: as offsets from the shift's
/// start, each as near the middle of its window as the interval grid (`step` seconds) and the
/// other breaks allow.
pub fn breaks_mid_window(template: &Template, step: f64) -> Vec<f64> {
    let middle: Vec<f64> = template
        .breaks
        .iter()
        .map(|r| (r.earliest.get() + r.latest.get() - r.length.get()) / 2.0)
        .collect();
    let distance =
        |p: &Vec<f64>| -> f64 { p.iter().zip(&middle).map(|(o, m)| (o - m).abs()).sum() };
    placements(&template.breaks, step)
        .into_iter()
        .min_by(|a, b| distance(a).total_cmp(&distance(b)))
        .unwrap_or_default()
}

/// What one agent working `template` from `start` adds to each interval (0 or 1) on every day
/// the template is offered, the day before the horizon included (its night shift may run into
/// it, as a roster's does), with its breaks at [`breaks_mid_window`]. This is the what-if page's
/// "agents added on a schedule template" lever: a shift the planner places by hand rather than
/// one the optimiser picks, covering exactly what the same shift in a roster covers.
pub fn template_cover(scenario: &Scenario, template: &Template, start: ClockTime) -> Vec<u32> {
    let offsets = breaks_mid_window(template, scenario.interval.get());
    let starts_at: Vec<DateTime> = scenario.intervals.iter().map(|i| i.start).collect();
    let mut cover = vec![0; scenario.intervals.len()];
    let days: Vec<jiff::civil::Date> = scenario.days().iter().map(|d| d.date).collect();
    let before = days.first().and_then(|d| d.yesterday().ok());
    for date in before.into_iter().chain(days) {
        if !template.days.contains(date) {
            continue;
        }
        let from = at(date, start.seconds());
        let inside = inside(scenario, &starts_at, from, plus(from, template.length));
        for i in covered(
            scenario,
            &starts_at,
            &inside,
            &placed(template, from, &offsets),
        ) {
            cover[i] += 1;
        }
    }
    cover
}

/// Builds every column of `config` over `scenario`'s days. `need[i]` is what interval `i` still
/// needs; columns that cover no needy interval are left out unless a template's `min_agents`
/// requires them. `shrinkage` is the fraction of paid time the explicit breaks do not account
/// for; `default_rate` the `[cost] hourly_cost` (1 when none, so the programme minimises paid
/// hours).
pub(crate) fn build(
    scenario: &Scenario,
    config: &ScheduleConfig,
    need: &[u32],
    shrinkage: f64,
    default_rate: f64,
) -> Columns {
    let step = scenario.interval.get();
    let starts_at: Vec<DateTime> = scenario.intervals.iter().map(|i| i.start).collect();
    let mut starts = Vec::new();
    let mut columns = Vec::new();
    for day in scenario.days() {
        for (t, template) in config.templates.iter().enumerate() {
            if !template.days.contains(day.date) {
                continue;
            }
            let placements = placements(&template.breaks, step);
            for clock in &template.starts {
                let start = at(day.date, clock.seconds());
                let end = plus(start, template.length);
                let inside = inside(scenario, &starts_at, start, end);
                let index = starts.len();
                let mut ids = Vec::new();
                for placement in &placements {
                    let breaks = placed(template, start, placement);
                    let covers = covered(scenario, &starts_at, &inside, &breaks);
                    let useful = covers.iter().any(|&i| need[i] > 0);
                    if !useful && template.min_agents == 0 {
                        continue;
                    }
                    let unpaid: f64 = template
                        .breaks
                        .iter()
                        .filter(|r| !r.paid)
                        .map(|r| r.length.hours())
                        .sum();
                    ids.push(columns.len());
                    columns.push(Column {
                        start: index,
                        breaks,
                        covers,
                        paid_hours: (template.length.hours() - unpaid) / (1.0 - shrinkage),
                        rate: template.hourly_cost.unwrap_or(default_rate),
                    });
                }
                if !ids.is_empty() {
                    starts.push(Start {
                        date: day.date,
                        template: t,
                        start,
                        end,
                        columns: ids,
                    });
                }
            }
        }
    }
    Columns { starts, columns }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::BreakRule;

    #[test]
    fn one_break_in_a_two_hour_window_has_seven_quarter_hour_placements() {
        let rule = BreakRule {
            length: Seconds(1800.0),
            earliest: Seconds(3.0 * 3600.0),
            latest: Seconds(5.0 * 3600.0),
            paid: false,
        };
        let p = placements(&[rule], 900.0);
        assert_eq!(p.len(), 7);
        assert_eq!(p[0], [3.0 * 3600.0]);
        assert_eq!(p[6], [4.5 * 3600.0]);
        // Two breaks in the same window never overlap.
        let two = placements(&[rule, rule], 900.0);
        assert!(two.iter().all(|p| (p[0] - p[1]).abs() >= 1800.0));
        assert!(!two.is_empty());
    }
}
