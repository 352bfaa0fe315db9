//! The independent check of a roster against every rule: written apart from the search's
//! scoring (it reads only the staff list, the contracts, the horizon's dates and the shifts as
//! printed), so a fault in one is caught by the other. Tests feed it broken rosters.

use super::result::{AgentRoster, Violation};
use crate::scenario::{Agent, Contract, RosterConfig, ScheduleConfig};
use jiff::civil::Date;
use std::collections::BTreeMap;

/// Seconds from `a` to `b`.
fn seconds(a: jiff::civil::DateTime, b: jiff::civil::DateTime) -> f64 {
    b.duration_since(a).as_secs_f64()
}

/// Every rule `agents` break, over the horizon `first..=last` of `queue`, whose centre is closed
/// on `closed` (public holidays, which like leave count as days of the contract).
pub fn check(
    config: &RosterConfig,
    schedule: &ScheduleConfig,
    queue: &str,
    (first, last, closed): (Date, Date, &[Date]),
    agents: &[AgentRoster],
) -> Vec<Violation> {
    let mut found = Vec::new();
    for (agent, roster) in config.agents.iter().zip(agents) {
        let contract = &config.contracts[agent.contract];
        let mut say = |rule: &'static str, detail: String| {
            found.push(Violation {
                agent: agent.id.clone(),
                rule,
                detail,
            });
        };
        check_shifts(agent, contract, schedule, queue, roster, &mut say);
        check_weeks(agent, contract, (first, last, closed), roster, &mut say);
    }
    found
}

/// The rules of each shift and of each pair in a row.
///
/// Over 80 lines: one check per rule on each pair of shifts in a row, each a few lines.
fn check_shifts(
    agent: &Agent,
    contract: &Contract,
    schedule: &ScheduleConfig,
    queue: &str,
    roster: &AgentRoster,
    say: &mut dyn FnMut(&'static str, String),
) {
    if !agent.skills.is_empty() && !agent.skills.iter().any(|s| s == queue) {
        say(
            "skills",
            format!("rostered on '{queue}', which is not among their skills"),
        );
    }
    let mut shifts: Vec<_> = roster.shifts.iter().collect();
    shifts.sort_by_key(|s| s.from);
    let mut run = 0u32;
    for (k, s) in shifts.iter().enumerate() {
        let date = s.from.date();
        if agent.unavailable.contains(date) {
            say(
                "availability",
                format!("works {date}, a day they are unavailable"),
            );
        }
        let template = &schedule.templates[s.template_index];
        if !contract
            .templates
            .iter()
            .any(|&t| schedule.templates[t].name == template.name)
        {
            say(
                "template",
                format!(
                    "works '{}' on {date}, not a template of contract '{}'",
                    template.name, contract.name
                ),
            );
        }
        let Some(prev) = k.checked_sub(1).map(|j| shifts[j]) else {
            run = 1;
            continue;
        };
        let gap_days = prev.from.date().until(date).map_or(0, |s| s.get_days());
        if gap_days == 0 {
            say("one_shift_a_day", format!("two shifts start on {date}"));
        }
        run = if gap_days == 1 { run + 1 } else { 1 };
        if run > contract.max_consecutive_days {
            say(
                "consecutive_days",
                format!(
                    "{run} days in a row up to {date}, more than {}",
                    contract.max_consecutive_days
                ),
            );
        }
        let rest = seconds(prev.to, s.from);
        if rest < contract.min_rest.get() - 1e-6 {
            say(
                "rest",
                format!(
                    "{:.1} h between the shift ending {} and the one starting {}, less than {:.1} h",
                    rest / 3600.0,
                    prev.to,
                    s.from,
                    contract.min_rest.hours()
                ),
            );
        }
        if let (Some(max), 1) = (contract.max_start_change, gap_days) {
            let of_day = |t: jiff::civil::DateTime| {
                f64::from(t.hour()) * 3600.0 + f64::from(t.minute()) * 60.0 + f64::from(t.second())
            };
            let change = (of_day(s.from) - of_day(prev.from)).abs();
            if change > max.get() + 1e-6 {
                say(
                    "start_change",
                    format!(
                        "starts {} on {date} after {} the day before: {:.1} h apart, more than {:.1} h",
                        s.start,
                        prev.start,
                        change / 3600.0,
                        max.hours()
                    ),
                );
            }
        }
    }
}

/// The weekly rules: days and hours, two days off in a row, weekends off.
fn check_weeks(
    agent: &Agent,
    contract: &Contract,
    (first, last, closed): (Date, Date, &[Date]),
    roster: &AgentRoster,
    say: &mut dyn FnMut(&'static str, String),
) {
    // Each calendar week by its Monday: the dates worked and the hours.
    let monday = |d: Date| {
        let back = i64::from(d.weekday().to_monday_zero_offset());
        d.checked_sub(jiff::Span::new().days(back)).unwrap_or(d)
    };
    let mut weeks: BTreeMap<Date, (Vec<Date>, f64)> = BTreeMap::new();
    let mut d = first;
    while d <= last {
        weeks.entry(monday(d)).or_default();
        d = match d.tomorrow() {
            Ok(next) => next,
            Err(_) => break,
        };
    }
    for s in &roster.shifts {
        let date = s.from.date();
        let entry = weeks.entry(monday(date)).or_default();
        entry.0.push(date);
        entry.1 += s.paid_hours;
    }
    let mut weekend_off = Vec::new();
    for (start, (worked, hours)) in &weeks {
        let dates: Vec<Date> = (0..7)
            .filter_map(|k| start.checked_add(jiff::Span::new().days(k)).ok())
            .collect();
        let full =
            dates.first().is_some_and(|d| *d >= first) && dates.last().is_some_and(|d| *d <= last);
        let n = worked.len() as u32;
        let owed = Owed::of(agent, contract, &dates, closed, full);
        let (max_days, max_hours) = (owed.max_days, owed.max_hours);
        if n > max_days {
            say(
                "days",
                format!("{n} days in the week of {start}, more than {max_days}"),
            );
        }
        if *hours > max_hours + 1e-6 {
            say(
                "hours",
                format!("{hours:.2} h in the week of {start}, more than {max_hours:.2}"),
            );
        }
        if !full {
            continue;
        }
        let (min_days, min_hours) = (owed.min_days, owed.min_hours);
        if n < min_days {
            say(
                "days",
                format!("{n} days in the week of {start}, fewer than {min_days}"),
            );
        }
        if *hours < min_hours - 1e-6 {
            say(
                "hours",
                format!("{hours:.2} h in the week of {start}, fewer than {min_hours:.2}"),
            );
        }
        let off: Vec<bool> = dates.iter().map(|d| !worked.contains(d)).collect();
        if contract.days_off_together && !off.windows(2).any(|w| w[0] && w[1]) {
            say(
                "days_off_together",
                format!("no two days off in a row in the week of {start}"),
            );
        }
        weekend_off.push((*start, off[5] && off[6]));
    }
    if let Some(rule) = contract.weekends_off {
        check_weekends(rule, &weekend_off, say);
    }
}

/// What one week owes: the fewest and most days and hours.
struct Owed {
    min_days: u32,
    max_days: u32,
    min_hours: f64,
    max_hours: f64,
}

impl Owed {
    /// The week of `dates` for `agent` under `contract`: dated leave and closed days count as
    /// days worked in a full week (lowering both ends, at the contract's hours per day);
    /// weekday entries are days off (only the days free to work cap the fewest). A partial week
    /// only caps.
    fn of(agent: &Agent, contract: &Contract, dates: &[Date], closed: &[Date], full: bool) -> Self {
        let on_leave = |d: &Date| {
            agent
                .unavailable
                .dates
                .iter()
                .any(|(a, b)| a <= d && d <= b)
        };
        let credited = if full {
            dates
                .iter()
                .filter(|d| closed.contains(d) || on_leave(d))
                .count() as u32
        } else {
            0
        };
        let free = dates
            .iter()
            .filter(|d| !closed.contains(d) && !agent.unavailable.contains(**d))
            .count() as u32;
        let (days, hours) = (contract.days.0, contract.hours.0.hours());
        let per_day = if days == 0 {
            hours / 7.0
        } else {
            hours / f64::from(days)
        };
        let owed_days = days.saturating_sub(credited);
        Owed {
            min_days: if full { owed_days.min(free) } else { 0 },
            max_days: contract.days.1.saturating_sub(credited),
            min_hours: if !full {
                0.0
            } else if days == 0 {
                hours * f64::from(7u32.saturating_sub(credited)) / 7.0
            } else {
                hours * f64::from(owed_days) / f64::from(days)
            },
            max_hours: (contract.hours.1.hours() - f64::from(credited) * per_day).max(0.0),
        }
    }
}

/// "N in M" weekends off over the full weeks (`weekend_off`: each full week's Monday and
/// whether its Saturday and Sunday were both off); a horizon shorter than M weeks owes what
/// the unseen weeks could not give.
fn check_weekends(
    (n, m): (u32, u32),
    weekend_off: &[(Date, bool)],
    say: &mut dyn FnMut(&'static str, String),
) {
    let (n, m) = (n as usize, m as usize);
    if weekend_off.len() < m {
        let needed = n.saturating_sub(m - weekend_off.len());
        let have = weekend_off.iter().filter(|w| w.1).count();
        if have < needed {
            say(
                "weekends_off",
                format!(
                    "{have} weekends off in the horizon's {} full weeks, fewer than {needed} (\"{n} in {m}\")",
                    weekend_off.len()
                ),
            );
        }
    } else {
        for window in weekend_off.windows(m) {
            let have = window.iter().filter(|w| w.1).count();
            if have < n {
                say(
                    "weekends_off",
                    format!(
                        "{have} weekends off in the {m} weeks from {}, fewer than {n}",
                        window[0].0
                    ),
                );
            }
        }
    }
}
