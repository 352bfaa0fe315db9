//! What the roster search works on: every way to work a shift (a template's start and break
//! placement on a day), each agent's ways day by day (their contract's templates, not on their
//! unavailable days), the heads needed per interval, and the calendar weeks.

use crate::error::{Error, Result};
use crate::scenario::{RosterConfig, Scenario, ScheduleConfig};
use jiff::civil::{Date, DateTime};

/// One way to work a shift.
#[derive(Debug, Clone)]
pub(crate) struct Way {
    /// Day of the horizon the shift starts on.
    pub(crate) day: usize,
    /// Index into the `[schedule]` templates.
    pub(crate) template: usize,
    /// Start and end.
    pub(crate) start: DateTime,
    pub(crate) end: DateTime,
    /// Seconds from the start day's midnight to the start.
    pub(crate) start_seconds: i64,
    /// Start and end in seconds from the horizon's first midnight (for rest between shifts).
    pub(crate) from: i64,
    pub(crate) to: i64,
    /// Breaks: start, end, paid.
    pub(crate) breaks: Vec<(DateTime, DateTime, bool)>,
    /// Open intervals the agent is on the phones for.
    pub(crate) covers: Vec<usize>,
    /// Paid seconds: length less unpaid breaks.
    pub(crate) paid_seconds: f64,
    /// Cost of a paid hour.
    pub(crate) rate: f64,
    /// Ways with the same template, start time of day and break offsets share it, whatever
    /// the day: the same shift on another day.
    pub(crate) shape: u32,
}

impl Way {
    /// What one agent on it costs.
    pub(crate) fn cost(&self) -> f64 {
        self.paid_seconds / 3600.0 * self.rate
    }
}

/// The roster problem.
#[derive(Debug, Clone)]
pub(crate) struct Problem<'a> {
    pub(crate) scenario: &'a Scenario,
    pub(crate) config: &'a RosterConfig,
    pub(crate) schedule: &'a ScheduleConfig,
    /// The horizon's dates.
    pub(crate) dates: Vec<Date>,
    /// Calendar week (Monday first) of each day, from 0.
    pub(crate) week: Vec<usize>,
    /// Whether each calendar week lies wholly inside the horizon.
    pub(crate) full_week: Vec<bool>,
    /// The days of each calendar week (consecutive).
    pub(crate) week_days: Vec<std::ops::Range<usize>>,
    /// Every way.
    pub(crate) ways: Vec<Way>,
    /// `options[a][d]`: the ways agent `a` may work on day `d`.
    pub(crate) options: Vec<Vec<Vec<u32>>>,
    /// `available[a][w]`: days of calendar week `w` the centre is open and agent `a` is not
    /// unavailable.
    pub(crate) available: Vec<Vec<u32>>,
    /// `credited[a][w]`: days of week `w` that count as worked for agent `a`: dated leave (an
    /// `unavailable` date or range) and the centre's closed days.
    pub(crate) credited: Vec<Vec<u32>>,
    /// Heads needed on the phones per interval: ⌈required ÷ (1 − absence)⌉ where open.
    pub(crate) target: Vec<u32>,
    /// The requirement before absence.
    pub(crate) required: Vec<u32>,
    /// Hours per interval.
    pub(crate) interval_hours: f64,
}

impl<'a> Problem<'a> {
    /// Builds the problem of `scenario`'s `[roster]` against `required` agents per interval.
    ///
    /// # Errors
    /// [`Error::Input`] without `[schedule]` and `[roster]`.
    ///
    /// Over 80 lines: the calendar, the ways, each agent's options and weeks, the heads needed,
    /// each a short step.
    pub(crate) fn new(scenario: &'a Scenario, required: Vec<u32>) -> Result<Self> {
        let (Some(schedule), Some(config)) = (&scenario.schedule, &scenario.roster) else {
            return Err(Error::input(
                scenario.source.display(),
                "has no [roster]: add [roster] agents = \"agents.csv\" and [[roster.contract]] entries, with [[schedule.template]]s to work",
            ));
        };
        if let Some(missing) = &config.staff_missing {
            return Err(Error::input(scenario.source.display(), missing.clone()));
        }
        let days = scenario.days();
        let dates: Vec<Date> = days.iter().map(|d| d.date).collect();
        let (week, full_week) = calendar_weeks(&dates);
        let week_days = (0..full_week.len())
            .map(|w| {
                let first = week.iter().position(|&x| x == w).unwrap_or(0);
                let count = week.iter().filter(|&&x| x == w).count();
                first..first + count
            })
            .collect();
        let ways = ways(scenario, schedule, &dates);
        let options = config
            .agents
            .iter()
            .map(|agent| {
                let contract = &config.contracts[agent.contract];
                let mut per_day = vec![Vec::new(); dates.len()];
                for (w, way) in ways.iter().enumerate() {
                    if contract.templates.contains(&way.template)
                        && !agent.unavailable.contains(dates[way.day])
                    {
                        per_day[way.day].push(w as u32);
                    }
                }
                per_day
            })
            .collect();
        let weeks_n = full_week.len();
        // A day the centre is closed (no open interval) is a public holiday: like leave, it
        // counts as a day of the contract.
        let open_day: Vec<bool> = days
            .iter()
            .map(|day| day.intervals.clone().any(|k| scenario.intervals[k].open))
            .collect();
        // Per agent and week: days they may work (open, not unavailable), and days credited
        // as worked (dated leave, and the centre's closed days).
        let (available, credited): (Vec<Vec<u32>>, Vec<Vec<u32>>) = config
            .agents
            .iter()
            .map(|agent| {
                let (mut free, mut credit) = (vec![0u32; weeks_n], vec![0u32; weeks_n]);
                for (d, date) in dates.iter().enumerate() {
                    let on_leave = agent
                        .unavailable
                        .dates
                        .iter()
                        .any(|(a, b)| a <= date && date <= b);
                    if !open_day[d] || on_leave {
                        credit[week[d]] += 1;
                    } else if !agent.unavailable.contains(*date) {
                        free[week[d]] += 1;
                    }
                }
                (free, credit)
            })
            .unzip();
        let keep = 1.0 - config.absence;
        let target = scenario
            .intervals
            .iter()
            .zip(&required)
            .map(|(i, &r)| {
                if i.open {
                    (f64::from(r) / keep - 1e-9).ceil().max(0.0) as u32
                } else {
                    0
                }
            })
            .collect();
        Ok(Problem {
            scenario,
            config,
            schedule,
            dates,
            week,
            full_week,
            week_days,
            ways,
            options,
            available,
            credited,
            target,
            required,
            interval_hours: scenario.interval.hours(),
        })
    }

    /// Calendar weeks touched by the horizon.
    pub(crate) fn weeks(&self) -> usize {
        self.full_week.len()
    }

    /// Agent `a`'s most days and hours (seconds) in week `w`: credited days count only in a
    /// full week (see [`week_maximum`]).
    pub(crate) fn week_maximum(&self, a: usize, w: usize) -> (u32, f64) {
        let contract = &self.config.contracts[self.config.agents[a].contract];
        let credited = if self.full_week[w] {
            self.credited[a][w]
        } else {
            0
        };
        week_maximum(contract, credited)
    }

    /// Agent `a`'s fewest days and hours (seconds) in full week `w` (see [`week_minimum`]).
    pub(crate) fn week_minimum(&self, a: usize, w: usize) -> (u32, f64) {
        let contract = &self.config.contracts[self.config.agents[a].contract];
        week_minimum(contract, self.available[a][w], self.credited[a][w])
    }
}

/// The hours (seconds) one credited day counts for: the contract's fewest hours over its fewest
/// days (a seventh of them without fewest days).
pub(crate) fn credit_per_day(contract: &crate::scenario::Contract) -> f64 {
    let (days, hours) = (contract.days.0, contract.hours.0.get());
    if days == 0 {
        hours / 7.0
    } else {
        hours / f64::from(days)
    }
}

/// A contract's most days and hours (seconds) in a week with `credited` days counted as worked:
/// its most, less the credited days and their hours.
pub(crate) fn week_maximum(contract: &crate::scenario::Contract, credited: u32) -> (u32, f64) {
    (
        contract.days.1.saturating_sub(credited),
        (contract.hours.1.get() - f64::from(credited) * credit_per_day(contract)).max(0.0),
    )
}

/// A contract's fewest days and hours (seconds) in a full week where `credited` days count as
/// worked (leave, public holidays) and `available` are free to work: its fewest days less the
/// credited ones, at most the available ones; the hours in proportion (a contract with no
/// fewest days owes its hours less a seventh per credited day).
pub(crate) fn week_minimum(
    contract: &crate::scenario::Contract,
    available: u32,
    credited: u32,
) -> (u32, f64) {
    let (days, hours) = (contract.days.0, contract.hours.0.get());
    let owed = days.saturating_sub(credited).min(available);
    let hours = if days == 0 {
        hours * f64::from(7u32.saturating_sub(credited)) / 7.0
    } else {
        hours * f64::from(days.saturating_sub(credited)) / f64::from(days)
    };
    (owed, hours)
}

/// Each day's calendar week (Monday first, from 0) and whether each week lies wholly inside the
/// horizon.
fn calendar_weeks(dates: &[Date]) -> (Vec<usize>, Vec<bool>) {
    let first_monday = dates
        .first()
        .map(|d| {
            d.checked_sub(jiff::Span::new().days(crate::forecast::weekday(*d) as i64))
                .unwrap_or(*d)
        })
        .unwrap_or_default();
    let week: Vec<usize> = dates
        .iter()
        .map(|d| (first_monday.until(*d).map_or(0, |s| s.get_days()) / 7) as usize)
        .collect();
    let weeks = week.last().map_or(0, |w| w + 1);
    let full_week: Vec<bool> = (0..weeks)
        .map(|w| week.iter().filter(|&&x| x == w).count() == 7)
        .collect();
    (week, full_week)
}

/// Every way to work the templates on the horizon's `dates` ([`crate::schedule::columns`]),
/// paid at the length less unpaid breaks; a shift on the phones for no open interval (a closed
/// day) is no way to work.
fn ways(scenario: &Scenario, schedule: &ScheduleConfig, dates: &[Date]) -> Vec<Way> {
    let rate = scenario.cost.hourly_cost.unwrap_or(0.0);
    let columns = crate::schedule::columns::build(
        scenario,
        schedule,
        &vec![1; scenario.intervals.len()],
        0.0,
        rate,
    );
    // A shift on the phones for no open interval (a closed day) is no way to work.
    let mut shapes: std::collections::HashMap<(usize, i64, Vec<i64>), u32> = Default::default();
    columns
        .columns
        .iter()
        .filter(|c| !c.covers.is_empty())
        .map(|c| {
            let s = &columns.starts[c.start];
            let day = dates.iter().position(|d| *d == s.date).unwrap_or(0);
            let midnight = s.date.to_datetime(jiff::civil::Time::midnight());
            let seconds = |a: DateTime, b: DateTime| b.duration_since(a).as_secs();
            let epoch = dates[0].to_datetime(jiff::civil::Time::midnight());
            let offsets = c.breaks.iter().map(|b| seconds(s.start, b.0)).collect();
            let key = (s.template, seconds(midnight, s.start), offsets);
            let next = shapes.len() as u32;
            let shape = *shapes.entry(key).or_insert(next);
            Way {
                from: seconds(epoch, s.start),
                to: seconds(epoch, s.end),
                day,
                template: s.template,
                start: s.start,
                end: s.end,
                start_seconds: seconds(midnight, s.start),
                breaks: c.breaks.clone(),
                covers: c.covers.clone(),
                paid_seconds: c.paid_hours * 3600.0,
                rate: c.rate,
                shape,
            }
        })
        .collect()
}
