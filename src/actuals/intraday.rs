//! The rest of today: from the day's actuals up to `now`, re-forecast the remaining intervals,
//! re-plan them, simulate the service level the current staffing gives, and find the fewest extra
//! agents from a given time (on a `[schedule]` template when there is one) that bring the rest of
//! the day to the target — or, over-staffed, the most that can go home (VTO) while it holds.
//!
//! # Re-forecast
//!
//! `ratio`: the remaining forecast × `ΣA ÷ ΣF` over the intervals so far (and the AHT × the
//! offered-weighted actual AHT ÷ the forecast's). `smoothed`: the same ratios with each interval
//! so far weighted `α(1 − α)^age` (α = [`SMOOTHING`], age 0 the latest), so the last hour counts
//! most — simple exponential smoothing of the actual-to-forecast ratio (Brown 1956; Gardner,
//! *J. Forecasting* 4, 1985), the "tracking ratio" WFM suites re-forecast with.
//!
//! The rest of the day is simulated from an empty queue at `now`: an interval report gives no
//! queue waiting.

use super::ActualRow;
use crate::error::{Error, Result};
use crate::forecast::ClockTime;
use crate::scenario::Scenario;
use crate::sim::SimOptions;
use crate::units::Seconds;

/// Weight of the latest interval in the `smoothed` re-forecast.
pub const SMOOTHING: f64 = 0.3;

/// The most agents an action adds or sends home.
pub const MOST_AGENTS: u32 = 2_000;

/// How the rest of the day is re-forecast.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    /// Actual ÷ forecast so far, every interval alike.
    Ratio,
    /// The same, the latest intervals weighted most.
    Smoothed,
}

/// One interval of the day.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct IntradayInterval {
    /// `YYYY-MM-DDTHH:MM`.
    pub start: String,
    /// The original forecast.
    pub forecast: f64,
    /// What came (up to `now`).
    pub actual: Option<f64>,
    /// The re-forecast (from `now`).
    pub reforecast: Option<f64>,
    /// Agents the target needs at the re-forecast (from `now`).
    pub required_agents: u32,
    /// Agents the plan staffs.
    pub staffed_agents: u32,
    /// … with the action.
    pub staffed_after: u32,
    /// Simulated service level at the planned staffing (from `now`).
    pub service_level_before: Option<f64>,
    /// … with the action.
    pub service_level_after: Option<f64>,
}

/// The rest of the day before and after the action.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct RestOfDay {
    /// Re-forecast contacts from `now` to close.
    pub offered: f64,
    /// Simulated service level at the plan's staffing.
    pub service_level_now: f64,
    /// … with the action.
    pub service_level_after: f64,
    /// Replications behind each.
    pub replications: u32,
}

/// Extra agents (or agents sent home) from a time.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Action {
    /// "add", "vto" (voluntary time off) or "none".
    pub kind: String,
    /// `HH:MM`.
    pub from: String,
    /// The `[schedule]` template worked, or "to close".
    pub template: String,
    /// Agents added (negative: sent home).
    pub agents: i64,
    /// Their paid cost (negative: saved).
    pub cost: f64,
}

/// `staffsim intraday --json`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Intraday {
    /// The scenario.
    pub scenario: String,
    /// The day.
    pub date: String,
    /// `HH:MM`.
    pub now: String,
    /// The re-forecast's method.
    pub method: Method,
    /// Actual ÷ forecast volume so far.
    pub volume_ratio: f64,
    /// Actual ÷ forecast AHT so far (1 without AHT in the report).
    pub aht_ratio: f64,
    /// The rest of the day.
    pub rest_of_day: RestOfDay,
    /// What to do.
    pub action: Action,
    /// Every interval of the day.
    pub intervals: Vec<IntradayInterval>,
    /// The service-level target.
    pub target: f64,
    /// The currency of `action.cost`.
    pub currency: String,
}

/// What `intraday` is asked.
#[derive(Debug, Clone, Copy)]
pub struct Ask {
    /// Now, on the day of the actuals.
    pub now: ClockTime,
    /// The re-forecast.
    pub method: Method,
    /// Extra agents start (or go home) here; `None`: the first interval from `now`.
    pub from: Option<ClockTime>,
    /// The simulation.
    pub sim: SimOptions,
}

/// The ratios of actual to forecast volume and AHT over `so_far` (interval, actual) pairs.
fn ratios(scenario: &Scenario, so_far: &[(usize, &ActualRow)], method: Method) -> (f64, f64) {
    let n = so_far.len();
    let weight = |j: usize| match method {
        Method::Ratio => 1.0,
        Method::Smoothed => SMOOTHING * (1.0 - SMOOTHING).powi((n - 1 - j) as i32),
    };
    let (mut a, mut f, mut aa, mut af) = (0.0, 0.0, 0.0, 0.0);
    for (j, (k, row)) in so_far.iter().enumerate() {
        let w = weight(j);
        let forecast = &scenario.intervals[*k];
        let fv = if forecast.open { forecast.volume } else { 0.0 };
        a += w * row.offered;
        f += w * fv;
        if let Some(aht) = row.aht_seconds {
            aa += w * row.offered * aht;
            af += w * row.offered * forecast.aht.get();
        }
    }
    let volume = if f > 0.0 { a / f } else { 1.0 };
    let aht = if af > 0.0 { aa / af } else { 1.0 };
    (volume, aht)
}

/// The rest of today (see the module docs); `name` names the report in messages.
///
/// # Errors
/// [`Error::Input`] when the actuals span several days, `--now` or `--from` lies outside the
/// day's open hours, no actual falls before `now`, or no template starts at `--from`; the
/// plan's and the simulation's errors.
///
/// Over 80 lines: the day and its rows, the re-forecast, the re-plan, then the action's search,
/// each a short step.
pub fn intraday(scenario: &Scenario, rows: &[ActualRow], ask: Ask, name: &str) -> Result<Intraday> {
    let at = &super::place(scenario, rows, name)?;
    let day = TheDay::of(scenario, rows, ask.now, name)?;
    let (date, open) = (day.date, &day.open);
    let closes = day.closes;
    let clock = |k: usize| day.clock(k);
    let so_far = day.so_far(at, rows, ask.now)?;
    let (volume_ratio, aht_ratio) = ratios(scenario, &so_far, ask.method);
    let rest = day.rest(ask.now)?;
    // The rest of the day as a scenario: the re-forecast, planned and staffed as planned.
    let plan = crate::plan::plan(scenario)?;
    let later = rest_of_day(scenario, &rest, volume_ratio, aht_ratio);
    let replanned = crate::plan::plan(&later)?;
    let staffed: Vec<u32> = rest
        .iter()
        .map(|&k| plan.intervals[k].staffed_agents)
        .collect();
    let from = day.from(ask)?;
    let shift = Shift::of(scenario, date, from, closes)?;
    let covered: Vec<bool> = rest
        .iter()
        .map(|&k| (from..from + shift.length).contains(&clock(k)))
        .collect();
    let service = |extra: i64| -> Result<Outcome> {
        let agents = with_extra(&staffed, &covered, extra);
        let result = crate::sim::simulate(&later, &agents, ask.sim, &|| {})?;
        let each = result
            .intervals
            .iter()
            .map(|i| i.kpis.service_level.map(|e| e.mean))
            .collect();
        Ok((result.run.service_level.map_or(1.0, |e| e.mean), each))
    };
    let target = scenario.target.service.service_level();
    let most_home = (0..staffed.len())
        .filter(|&p| covered[p])
        .map(|p| staffed[p])
        .min()
        .unwrap_or(0);
    let ((before, before_each), signed, (after, after_each)) = decide(&service, target, most_home)?;
    let after_agents = with_extra(&staffed, &covered, signed);
    let kind = match signed {
        0 => "none",
        n if n > 0 => "add",
        _ => "vto",
    };
    let intervals = open
        .iter()
        .map(|&k| {
            let r = rest.iter().position(|&j| j == k);
            let actual = at.iter().position(|&j| j == k).map(|p| rows[p].offered);
            let f = &scenario.intervals[k];
            IntradayInterval {
                start: crate::plan::format_start(f.start),
                forecast: if f.open { f.volume } else { 0.0 },
                actual,
                reforecast: r.map(|p| later.intervals[p].volume),
                required_agents: r.map_or(plan.intervals[k].required_agents, |p| {
                    replanned.intervals[p].required_agents
                }),
                staffed_agents: plan.intervals[k].staffed_agents,
                staffed_after: r.map_or(plan.intervals[k].staffed_agents, |p| after_agents[p]),
                service_level_before: r.and_then(|p| before_each.get(p).copied().flatten()),
                service_level_after: r.and_then(|p| after_each.get(p).copied().flatten()),
            }
        })
        .collect();
    Ok(Intraday {
        scenario: scenario.name.clone(),
        date: date.to_string(),
        now: ask.now.to_string(),
        method: ask.method,
        volume_ratio,
        aht_ratio,
        rest_of_day: RestOfDay {
            offered: later
                .intervals
                .iter()
                .filter(|i| i.open)
                .map(|i| i.volume)
                .sum(),
            service_level_now: before,
            service_level_after: after,
            replications: ask.sim.replications,
        },
        action: Action {
            kind: kind.into(),
            from: hhmm(from),
            template: shift.name,
            agents: signed,
            cost: signed as f64 * shift.paid_hours * shift.rate,
        },
        intervals,
        target,
        currency: scenario.cost.currency.clone(),
    })
}

/// The day of the actuals: its open intervals, opening and closing times, and `now` checked
/// against them.
struct TheDay<'s> {
    scenario: &'s Scenario,
    date: jiff::civil::Date,
    open: Vec<usize>,
    length: u32,
    opens: u32,
    closes: u32,
}

impl<'s> TheDay<'s> {
    fn of(scenario: &'s Scenario, rows: &[ActualRow], now: ClockTime, name: &str) -> Result<Self> {
        let date = rows[0].start.date();
        if let Some(other) = rows.iter().find(|r| r.start.date() != date) {
            return Err(Error::input(
                format!("{name}:{}", other.line),
                format!(
                    "{} is another day than {date}: intraday reads one day's actuals",
                    other.start
                ),
            ));
        }
        let open: Vec<usize> = scenario
            .days()
            .into_iter()
            .find(|d| d.date == date)
            .map_or(0..0, |d| d.intervals)
            .filter(|&k| scenario.intervals[k].open)
            .collect();
        let length = scenario.interval.get() as u32;
        let mut day = TheDay {
            scenario,
            date,
            open,
            length,
            opens: 0,
            closes: 0,
        };
        let (Some(&first), Some(&last)) = (day.open.first(), day.open.last()) else {
            return Err(Error::input(
                "--now",
                format!("{date} is closed in the scenario"),
            ));
        };
        (day.opens, day.closes) = (day.clock(first), day.clock(last) + length);
        if !(day.opens..day.closes).contains(&now.seconds()) {
            return Err(Error::input(
                "--now",
                format!(
                    "{now} is outside {date}'s open hours ({} to {})",
                    hhmm(day.opens),
                    hhmm(day.closes)
                ),
            ));
        }
        Ok(day)
    }

    /// The (interval, row) pairs of the actuals that end by `now`; at least one.
    fn so_far<'r>(
        &self,
        at: &[usize],
        rows: &'r [ActualRow],
        now: ClockTime,
    ) -> Result<Vec<(usize, &'r ActualRow)>> {
        let so_far: Vec<(usize, &ActualRow)> = at
            .iter()
            .zip(rows)
            .filter(|(k, _)| self.clock(**k) + self.length <= now.seconds())
            .map(|(k, r)| (*k, r))
            .collect();
        if so_far.is_empty() {
            return Err(Error::input(
                "--now",
                format!("no interval of the actuals ends by {now}: nothing to re-forecast from"),
            ));
        }
        Ok(so_far)
    }

    /// When the action starts: `--from`, or the first interval from now; between now and the
    /// close.
    fn from(&self, ask: Ask) -> Result<u32> {
        let now = ask.now.seconds();
        let from = ask
            .from
            .map_or(now.div_ceil(self.length) * self.length, ClockTime::seconds);
        if ask.from.is_none() && from >= self.closes {
            return Err(Error::input(
                "--now",
                format!(
                    "{} is in the day's last interval: no agent can start before the close ({})",
                    ask.now,
                    hhmm(self.closes)
                ),
            ));
        }
        if !(self.opens..self.closes).contains(&from) || from < now {
            return Err(Error::input(
                "--from",
                format!(
                    "{} is not between now ({}) and the close ({})",
                    hhmm(from),
                    ask.now,
                    hhmm(self.closes)
                ),
            ));
        }
        Ok(from)
    }

    /// The rest of the day: every open interval not yet over at `now` (the one in progress
    /// included); at least one.
    fn rest(&self, now: ClockTime) -> Result<Vec<usize>> {
        let rest: Vec<usize> = self
            .open
            .iter()
            .copied()
            .filter(|&k| self.clock(k) + self.length > now.seconds())
            .collect();
        if rest.is_empty() {
            return Err(Error::input(
                "--now",
                format!("{now} is at the close: no interval is left to plan"),
            ));
        }
        Ok(rest)
    }

    /// Seconds after midnight interval `k` starts.
    fn clock(&self, k: usize) -> u32 {
        let t = self.scenario.intervals[k].start.time();
        u32::try_from(t.hour()).unwrap_or(0) * 3600 + u32::try_from(t.minute()).unwrap_or(0) * 60
    }
}

/// The rest of the day (intervals `rest`) as a scenario: the forecast × the ratios.
fn rest_of_day(scenario: &Scenario, rest: &[usize], volume: f64, aht: f64) -> Scenario {
    let mut later = scenario.clone();
    later.intervals = rest
        .iter()
        .map(|&k| {
            let mut i = scenario.intervals[k].clone();
            i.volume *= volume;
            i.aht = Seconds(i.aht.get() * aht);
            i
        })
        .collect();
    later
}

/// The agents staffed with `extra` more (or fewer) in the intervals the action covers.
fn with_extra(staffed: &[u32], covered: &[bool], extra: i64) -> Vec<u32> {
    staffed
        .iter()
        .zip(covered)
        .map(|(&s, &c)| {
            if c {
                (i64::from(s) + extra).max(0) as u32
            } else {
                s
            }
        })
        .collect()
}

/// The shift extra agents work from `from`: a `[schedule]` template offered that day starting
/// there, or (without templates) from `from` to the close.
struct Shift {
    name: String,
    length: u32,
    paid_hours: f64,
    rate: f64,
}

impl Shift {
    fn of(scenario: &Scenario, date: jiff::civil::Date, from: u32, closes: u32) -> Result<Shift> {
        let rate = scenario.cost.hourly_cost.unwrap_or(0.0);
        let Some(schedule) = &scenario.schedule else {
            return Ok(Shift {
                name: "to close".into(),
                length: closes - from,
                paid_hours: f64::from(closes - from) / 3600.0,
                rate,
            });
        };
        let template = schedule
            .templates
            .iter()
            .find(|t| t.days.contains(date) && t.starts.iter().any(|s| s.seconds() == from))
            .ok_or_else(|| {
                Error::input(
                    "--from",
                    format!(
                        "no [schedule] template starts at {} on {date}: pick one of their starts",
                        hhmm(from)
                    ),
                )
            })?;
        Ok(Shift {
            name: template.name.clone(),
            length: template.length.get() as u32,
            paid_hours: crate::scenario::paid_seconds(template) / 3600.0,
            rate: template.hourly_cost.unwrap_or(rate),
        })
    }
}

/// A simulated rest of the day: its service level, and each interval's.
type Outcome = (f64, Vec<Option<f64>>);

/// The rest of the day at the planned staffing, the agents to add (negative: to send home, at
/// most `most_home`) and the rest of the day after: the fewest that reach `target` when short,
/// the most that keep it when over. Each staffing is simulated once.
fn decide(
    service: &dyn Fn(i64) -> Result<Outcome>,
    target: f64,
    most_home: u32,
) -> Result<(Outcome, i64, Outcome)> {
    let tried = std::cell::RefCell::new(std::collections::HashMap::<i64, Outcome>::new());
    let level = |extra: i64| -> Result<f64> {
        if let Some(o) = tried.borrow().get(&extra) {
            return Ok(o.0);
        }
        let outcome = service(extra)?;
        let level = outcome.0;
        tried.borrow_mut().insert(extra, outcome);
        Ok(level)
    };
    let before = level(0)?;
    let signed = if before < target {
        i64::from(search(|n| Ok(level(i64::from(n))? >= target))?)
    } else {
        let breaks = search(|n| Ok(n > most_home || level(-i64::from(n))? < target))?;
        -i64::from(breaks.saturating_sub(1))
    };
    level(signed)?;
    let mut tried = tried.into_inner();
    let after = tried.get(&signed).cloned().unwrap_or_default();
    Ok((tried.remove(&0).unwrap_or_default(), signed, after))
}

/// The least n in 1..=[`MOST_AGENTS`] with `enough(n)` (monotone), by doubling then bisection;
/// [`MOST_AGENTS`] when none is.
fn search(mut enough: impl FnMut(u32) -> Result<bool>) -> Result<u32> {
    let mut hi = 1;
    while hi < MOST_AGENTS && !enough(hi)? {
        hi = (hi * 2).min(MOST_AGENTS);
    }
    let mut lo = hi / 2 + 1;
    if hi == 1 {
        return Ok(1);
    }
    while lo < hi {
        let mid = (lo + hi) / 2;
        if enough(mid)? {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    Ok(hi)
}

fn hhmm(seconds: u32) -> String {
    format!("{:02}:{:02}", seconds / 3600, seconds / 60 % 60)
}
