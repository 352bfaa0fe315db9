//! A roster of people as the commands print and write it.

use super::model::Problem;
use super::search::Stop;
use jiff::civil::DateTime;

/// A break inside a shift.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct RosterBreak {
    /// `HH:MM`.
    pub start: String,
    /// `HH:MM`.
    pub end: String,
    /// Paid or not.
    pub paid: bool,
}

/// One shift of one agent.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct RosterShift {
    /// `YYYY-MM-DD`, the day it starts.
    pub date: String,
    /// `HH:MM`.
    pub start: String,
    /// `HH:MM` (the next day when it runs past midnight).
    pub end: String,
    /// The template.
    pub template: String,
    /// Its breaks.
    pub breaks: Vec<RosterBreak>,
    /// Length less unpaid breaks, in hours.
    pub paid_hours: f64,
    /// When it starts and ends (for the checker, the calendar and the chart).
    #[serde(skip)]
    pub from: DateTime,
    /// When it ends.
    #[serde(skip)]
    pub to: DateTime,
    /// Breaks as date-times.
    #[serde(skip)]
    pub break_times: Vec<(DateTime, DateTime, bool)>,
    /// Index of its template.
    #[serde(skip)]
    pub template_index: usize,
    /// The scenario's intervals it puts its person on the phones for.
    #[serde(skip)]
    pub covers: Vec<usize>,
}

/// One agent's roster.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct AgentRoster {
    /// The staff list's id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Contract name.
    pub contract: String,
    /// Shifts, in order.
    pub shifts: Vec<RosterShift>,
    /// Σ paid hours.
    pub paid_hours: f64,
    /// Days with a shift.
    pub days_worked: u32,
}

/// How the rostered heads meet the requirement.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Coverage {
    /// Σ heads missing × interval hours.
    pub short_agent_hours: f64,
    /// Σ heads beyond the need × interval hours.
    pub over_agent_hours: f64,
    /// Open intervals with fewer heads than needed.
    pub intervals_short: u32,
    /// Where: each run of short intervals on one day.
    pub short_spans: Vec<ShortSpan>,
    /// The plan's requirement per interval (agents on the phones).
    #[serde(skip)]
    pub required: Vec<u32>,
    /// Heads needed per interval: ⌈requirement ÷ (1 − absence)⌉.
    #[serde(skip)]
    pub target: Vec<u32>,
    /// Heads rostered on the phones per interval.
    #[serde(skip)]
    pub rostered: Vec<u32>,
}

/// A run of consecutive intervals of one day with fewer heads than needed.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ShortSpan {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// `HH:MM`, the first short interval's start.
    pub from: String,
    /// `HH:MM`, the last short interval's end.
    pub to: String,
    /// The most heads missing in one of its intervals.
    pub most_short: u32,
    /// Heads missing × interval hours over the run.
    pub agent_hours: f64,
}

/// The runs of short intervals, day by day.
fn short_spans(problem: &Problem, rostered: &[u32]) -> Vec<ShortSpan> {
    let intervals = &problem.scenario.intervals;
    let length = jiff::SignedDuration::from_secs_f64(problem.scenario.interval.get());
    let mut spans: Vec<ShortSpan> = Vec::new();
    let mut last: Option<usize> = None;
    for (k, (&t, &r)) in problem.target.iter().zip(rostered).enumerate() {
        if r >= t {
            continue;
        }
        let start = intervals[k].start;
        let end = clock(start.saturating_add(length));
        let missing = t - r;
        let joins = last.is_some_and(|j| j + 1 == k && intervals[j].start.date() == start.date());
        match spans.last_mut() {
            Some(span) if joins => {
                span.to = end;
                span.most_short = span.most_short.max(missing);
                span.agent_hours += f64::from(missing) * problem.interval_hours;
            }
            _ => spans.push(ShortSpan {
                date: start.date().to_string(),
                from: clock(start),
                to: end,
                most_short: missing,
                agent_hours: f64::from(missing) * problem.interval_hours,
            }),
        }
        last = Some(k);
    }
    spans
}

/// A lower bound.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct LowerBound {
    /// No roster is short of fewer agent-hours.
    pub short_agent_hours: f64,
    /// No roster that holds every rule costs less.
    pub cost: f64,
}

/// How far the roster may be from the best.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Gap {
    /// Shortfall above its bound, in agent-hours (0: proven least).
    pub short_agent_hours: f64,
    /// (cost − bound) ÷ cost.
    pub cost_share: f64,
}

/// One broken rule.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Violation {
    /// The agent's id.
    pub agent: String,
    /// The rule: "days", "hours", "rest", "consecutive_days", "days_off_together",
    /// "weekends_off", "start_change", "availability", "template", "skills", "one_shift_a_day".
    pub rule: &'static str,
    /// What is wrong, in words.
    pub detail: String,
}

/// The checker's findings.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Rules {
    /// Every rule broken; empty when the roster holds them all.
    pub violations: Vec<Violation>,
}

/// A roster of people: what `staffsim roster --json` prints.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct RosterResult {
    /// The scenario.
    pub scenario: String,
    /// "cover" or "cost".
    pub objective: crate::scenario::RosterObjective,
    /// Expected unplanned absence.
    pub absence: f64,
    /// Each agent, in staff-list order.
    pub agents: Vec<AgentRoster>,
    /// Against the requirement.
    pub coverage: Coverage,
    /// Σ paid hours × rate.
    pub cost: f64,
    /// What no roster beats.
    pub lower_bound: LowerBound,
    /// How far from it.
    pub gap: Gap,
    /// The independent check of every rule.
    pub rules: Rules,
    /// Each open day simulated with the people absent at the `absence` rate: its service level
    /// and the share of replications meeting the target.
    pub days: Vec<super::RosterDay>,
    /// Moves the search ran.
    pub moves: u64,
    /// Why it stopped.
    pub stopped: Stop,
    /// Its seed.
    pub seed: u64,
    /// Wall-clock seconds.
    pub wall_seconds: f64,
}

fn clock(t: DateTime) -> String {
    t.strftime("%H:%M").to_string()
}

/// The agents' rosters and the coverage of `rows` (`rows[a][d]`: a way or the day off).
pub(crate) fn agents_and_coverage(
    problem: &Problem,
    rows: &[Vec<Option<u32>>],
) -> (Vec<AgentRoster>, Coverage, f64) {
    let mut rostered = vec![0u32; problem.target.len()];
    let mut cost = 0.0;
    let agents = problem
        .config
        .agents
        .iter()
        .zip(rows)
        .map(|(agent, row)| {
            let shifts: Vec<RosterShift> = row
                .iter()
                .flatten()
                .map(|&w| {
                    let way = &problem.ways[w as usize];
                    for &k in &way.covers {
                        rostered[k] += 1;
                    }
                    cost += way.cost();
                    RosterShift {
                        date: problem.dates[way.day].to_string(),
                        start: clock(way.start),
                        end: clock(way.end),
                        template: problem.schedule.templates[way.template].name.clone(),
                        breaks: way
                            .breaks
                            .iter()
                            .map(|&(a, b, paid)| RosterBreak {
                                start: clock(a),
                                end: clock(b),
                                paid,
                            })
                            .collect(),
                        paid_hours: way.paid_seconds / 3600.0,
                        from: way.start,
                        to: way.end,
                        break_times: way.breaks.clone(),
                        template_index: way.template,
                        covers: way.covers.clone(),
                    }
                })
                .collect();
            AgentRoster {
                id: agent.id.clone(),
                name: agent.name.clone(),
                contract: problem.config.contracts[agent.contract].name.clone(),
                paid_hours: shifts.iter().map(|s| s.paid_hours).sum(),
                days_worked: shifts.len() as u32,
                shifts,
            }
        })
        .collect();
    let h = problem.interval_hours;
    let (mut short, mut over, mut intervals_short) = (0u64, 0u64, 0u32);
    for (k, (&t, &r)) in problem.target.iter().zip(&rostered).enumerate() {
        short += u64::from(t.saturating_sub(r));
        if problem.scenario.intervals[k].open {
            over += u64::from(r.saturating_sub(t));
        }
        intervals_short += u32::from(r < t);
    }
    let coverage = Coverage {
        short_agent_hours: short as f64 * h,
        over_agent_hours: over as f64 * h,
        intervals_short,
        short_spans: short_spans(problem, &rostered),
        required: problem.required.clone(),
        target: problem.target.clone(),
        rostered,
    };
    (agents, coverage, cost)
}

/// One CSV row: an agent's shift.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ShiftCsvRow {
    /// The staff list's id.
    pub agent_id: String,
    /// Name.
    pub name: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// `HH:MM`.
    pub start: String,
    /// `HH:MM`.
    pub end: String,
    /// The template.
    pub template: String,
    /// `11:00-11:30 unpaid; …`.
    pub breaks: String,
    /// Paid hours.
    pub paid_hours: f64,
}

impl RosterResult {
    /// One row per agent-shift, for `--csv`.
    pub fn shift_rows(&self) -> Vec<ShiftCsvRow> {
        self.agents
            .iter()
            .flat_map(|a| {
                a.shifts.iter().map(|s| ShiftCsvRow {
                    agent_id: a.id.clone(),
                    name: a.name.clone(),
                    date: s.date.clone(),
                    start: s.start.clone(),
                    end: s.end.clone(),
                    template: s.template.clone(),
                    breaks: s
                        .breaks
                        .iter()
                        .map(|b| {
                            format!(
                                "{}-{} {}",
                                b.start,
                                b.end,
                                if b.paid { "paid" } else { "unpaid" }
                            )
                        })
                        .collect::<Vec<_>>()
                        .join("; "),
                    paid_hours: s.paid_hours,
                })
            })
            .collect()
    }
}
