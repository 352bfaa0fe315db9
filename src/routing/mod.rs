//! Skill-based routing: a portfolio whose queues share agents in `[[group]]`s with several
//! skills, simulated contact by contact (no closed formula gives service levels under skill-based
//! routing; the commercial suites that plan multi-skill centres simulate too).
//!
//! The model and its rules are in [`engine`]; [`simulate`] runs the replications in order
//! through [`crate::sim::in_order`] (the same results at any thread count) and reports each
//! queue's KPIs with 95 % intervals, each group's occupancy and what it handled, and the totals.
//!
//! References: R. B. Wallace and W. Whitt, *A staffing algorithm for call centers with
//! skill-based routing*, MSOM 7(4), 2005 (two skills per agent in a chain do almost as well as
//! every skill); M. T. Cezik and P. L'Ecuyer, *Staffing multiskill call centers via linear
//! programming and simulation*, Management Science 54(2), 2008.

pub mod bid;
pub mod bounds;
pub mod engine;
pub mod grid;
mod model;
pub mod optimize;
pub mod people;
mod schedule;

pub use bounds::{BoundInterval, Bounds, bounds};
pub use engine::{GroupCounters, SkillReplication, run_replication};
pub use model::SkillModel;
pub use optimize::{SkillOptimization, optimize, optimize_from};
pub use schedule::{GroupSchedule, SharedSchedule, schedule_groups};

use crate::error::{Error, Result};
use crate::portfolio::Portfolio;
use crate::progress::Progress;
use crate::sim::{Estimate, ExactSum, IntervalCounters, Kpis, Running, SimOptions};
use std::time::Instant;

/// One queue's simulated KPIs over the horizon.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct QueueOutcome {
    /// The queue's name.
    pub queue: String,
    /// Its channel: "voice", "chat", "email", "backoffice".
    pub channel: &'static str,
    /// Contacts offered, mean per replication.
    pub offered: f64,
    /// Contacts answered (handled), mean per replication.
    pub answered: f64,
    /// Service level by the queue's own target and definition.
    pub service_level: Option<Estimate>,
    /// Mean wait of answered contacts.
    pub asa_seconds: Option<Estimate>,
    /// Abandoned ÷ offered (live work; `None` for email and back-office).
    pub abandon_rate: Option<Estimate>,
    /// Items still waiting at the horizon's end, mean per replication (email, back-office).
    pub backlog_at_end: Option<f64>,
}

/// One group's agents: their hours, how busy they were and what they took.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct GroupOutcome {
    /// The group's name.
    pub group: String,
    /// Agent-hours on the phones (the staffing, the same in every replication).
    pub agent_hours: f64,
    /// Busy ÷ staffed time.
    pub occupancy: Option<Estimate>,
    /// Contacts taken per queue, mean per replication, by queue name.
    pub handled: std::collections::BTreeMap<String, f64>,
    /// Labour cost of those hours: agent-hours ÷ (1 − the first skill's queue's shrinkage) ×
    /// the group's hourly cost (or that queue's `[cost]` rate); `None` without a rate.
    pub labour_cost: Option<f64>,
}

/// One queue on one day.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct DayQueue {
    /// The queue's name.
    pub queue: String,
    /// Contacts offered, mean per replication.
    pub offered: f64,
    /// Service level over the day.
    pub service_level: Option<Estimate>,
    /// Abandoned ÷ offered over the day (live work).
    pub abandon_rate: Option<Estimate>,
}

/// One day of the horizon, queue by queue.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct DayOutcome {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Each queue, in file order.
    pub queues: Vec<DayQueue>,
}

/// The portfolio's totals.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct RoutingTotals {
    /// Contacts offered, mean per replication.
    pub offered: f64,
    /// Contacts answered, mean per replication.
    pub answered: f64,
    /// Σ groups' labour cost; `None` unless every group has a rate.
    pub labour_cost: Option<f64>,
    /// Labour cost ÷ answered.
    pub cost_per_contact: Option<f64>,
    /// Σ groups' agent-hours on the phones.
    pub agent_hours: f64,
}

/// A multi-skill portfolio simulated: what `simulate --json` prints for it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct RoutingResult {
    /// The portfolio's name.
    pub portfolio: String,
    /// Replications run.
    pub replications: u32,
    /// Base seed.
    pub seed: u64,
    /// Each queue, in file order.
    pub queues: Vec<QueueOutcome>,
    /// Each group, in file order.
    pub groups: Vec<GroupOutcome>,
    /// Each day, queue by queue (a holiday's own service level).
    pub days: Vec<DayOutcome>,
    /// The totals.
    pub totals: RoutingTotals,
    /// Contacts simulated over every replication.
    pub contacts_simulated: u64,
    /// Events processed over every replication.
    pub events: u64,
    /// Wall-clock seconds.
    pub wall_seconds: f64,
}

/// Running sums over replications: counts and exact sums, so a sharded run's parts add up to
/// the whole (see [`crate::sim::ledger`]).
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
struct Folded {
    service_level: Vec<Running>,
    asa: Vec<Running>,
    abandon: Vec<Running>,
    offered: Vec<u64>,
    answered: Vec<u64>,
    backlog: Vec<u64>,
    occupancy: Vec<Running>,
    handled: Vec<Vec<u64>>,
    staffed_seconds: Vec<ExactSum>,
    /// `interval_sl[q][k]`: queue `q`'s service level in interval `k`.
    interval_sl: Vec<Vec<Running>>,
    /// `day_sl[q][d]`, `day_abandon[q][d]`, `day_offered[q][d]`: queue `q` on day `d`.
    day_sl: Vec<Vec<Running>>,
    day_abandon: Vec<Vec<Running>>,
    day_offered: Vec<Vec<u64>>,
    events: u64,
}

/// Simulates `portfolio`'s queues served by its groups.
///
/// # Errors
/// [`Error::Input`] when the portfolio has no `[[group]]`, or uses what the engine does not
/// simulate yet ([`SkillModel::new`]); [`Error::InvalidParameter`] for replications out of range;
/// [`Error::Cancelled`] when `progress` asks.
pub fn simulate(
    portfolio: &Portfolio,
    options: SimOptions,
    progress: &dyn Progress,
) -> Result<RoutingResult> {
    let Some(skills) = &portfolio.skills else {
        return Err(Error::input(
            portfolio.source.display(),
            "has no [[group]]: its queues have dedicated agents (simulate them as a portfolio of teams)",
        ));
    };
    let max = crate::sim::MAX_REPLICATIONS;
    if !(1..=max).contains(&options.replications) {
        return Err(Error::invalid(
            "replications",
            options.replications,
            format!("from 1 to {max}"),
        ));
    }
    let model = SkillModel::new(portfolio, skills, None)?;
    Ok(run(portfolio, &model, options, progress)?.0)
}

/// Simulates `model` of `portfolio`: the result, and each queue's mean service level in each
/// interval (`None` where it had no contacts).
pub(crate) fn run(
    portfolio: &Portfolio,
    model: &SkillModel,
    options: SimOptions,
    progress: &dyn Progress,
) -> Result<(RoutingResult, Vec<Vec<Option<f64>>>)> {
    run_varying(portfolio, model, None, options, progress)
}

/// A change to the groups' agents (`agents[g][k]`) in replication `r`: people absent, say.
pub(crate) type Vary<'a> = &'a (dyn Fn(u64, &mut [Vec<u32>]) + Sync);

/// [`run`] where each replication's groups are first changed by `vary` (on a copy of the model).
pub(crate) fn run_varying(
    portfolio: &Portfolio,
    model: &SkillModel,
    vary: Option<Vary>,
    options: SimOptions,
    progress: &dyn Progress,
) -> Result<(RoutingResult, Vec<Vec<Option<f64>>>)> {
    let skills = portfolio
        .skills
        .as_ref()
        .expect("a model is built from a portfolio with groups");
    let started = Instant::now();
    let (queues, groups) = (model.queues.len(), model.groups.len());
    let mut folded = Folded {
        service_level: vec![Running::default(); queues],
        asa: vec![Running::default(); queues],
        abandon: vec![Running::default(); queues],
        offered: vec![0; queues],
        answered: vec![0; queues],
        backlog: vec![0; queues],
        occupancy: vec![Running::default(); groups],
        handled: vec![vec![0; queues]; groups],
        staffed_seconds: vec![ExactSum::default(); groups],
        interval_sl: vec![vec![Running::default(); model.intervals]; queues],
        day_sl: vec![vec![Running::default(); model.days()]; queues],
        day_abandon: vec![vec![Running::default(); model.days()]; queues],
        day_offered: vec![vec![0; model.days()]; queues],
        events: 0,
    };
    let run = |replications: std::ops::Range<u64>| {
        crate::sim::in_order(
            replications,
            4,
            progress,
            |k| match vary {
                None => run_replication(model, options.seed, k),
                Some(vary) => {
                    let mut varied = model.clone();
                    let mut agents: Vec<Vec<u32>> =
                        varied.groups.iter().map(|g| g.agents.clone()).collect();
                    vary(k, &mut agents);
                    for (group, agents) in varied.groups.iter_mut().zip(agents) {
                        group.agents = agents;
                    }
                    run_replication(&varied, options.seed, k)
                }
            },
            |_, r| fold(model, &r, &mut folded),
        )
        .map(|()| folded)
    };
    // A variation (people absent) is the roster's check, which is not sharded.
    let ledger = options.ledger.filter(|_| vary.is_none());
    let tasks = u64::from(options.replications);
    let folded: Folded = crate::sim::ledger::step(ledger, "shared agents", tasks, |range| {
        progress.add_work(range.end - range.start);
        crate::sim::on_threads(options.threads, || run(range))?
    })?;
    let interval_sl = folded
        .interval_sl
        .iter()
        .map(|q| q.iter().map(|r| r.estimate().map(|e| e.mean)).collect())
        .collect();
    let result = outcome(
        portfolio,
        skills,
        model,
        folded,
        options,
        started.elapsed().as_secs_f64(),
    );
    Ok((result, interval_sl))
}

/// Adds one replication to the running sums.
fn fold(model: &SkillModel, r: &SkillReplication, f: &mut Folded) {
    for (q, intervals) in r.queues.iter().enumerate() {
        let mut total = IntervalCounters::default();
        for c in intervals {
            total.absorb(c);
        }
        let queue = &model.queues[q];
        let mut days = vec![IntervalCounters::default(); f.day_sl[q].len()];
        for (k, c) in intervals.iter().enumerate() {
            f.interval_sl[q][k].push(Kpis::of(c, queue.definition).service_level);
            days[queue.sim.intervals[k].day].absorb(c);
        }
        for (d, c) in days.iter().enumerate() {
            let kpis = Kpis::of(c, queue.definition);
            f.day_sl[q][d].push(kpis.service_level);
            f.day_abandon[q][d].push(if queue.live { kpis.abandon_rate } else { None });
            f.day_offered[q][d] += u64::from(c.offered);
        }
        let kpis = Kpis::of(&total, queue.definition);
        f.service_level[q].push(kpis.service_level);
        f.asa[q].push(kpis.asa);
        f.abandon[q].push(if queue.live { kpis.abandon_rate } else { None });
        f.offered[q] += u64::from(total.offered);
        f.answered[q] += u64::from(total.answered);
        f.backlog[q] += u64::from(r.stranded[q]);
    }
    for (g, intervals) in r.groups.iter().enumerate() {
        let (mut staffed, mut busy) = (0.0, 0.0);
        for c in intervals {
            staffed += c.staffed_seconds;
            busy += c.busy_seconds;
            for (q, n) in c.handled.iter().enumerate() {
                f.handled[g][q] += u64::from(*n);
            }
        }
        f.occupancy[g].push((staffed > 0.0).then(|| busy / staffed));
        f.staffed_seconds[g].add(staffed);
    }
    f.events += r.events;
}

/// Group `g` as one queue's scenario, for the tools that work a single queue (the scheduler,
/// the roster): its first skill's queue's calendar, shrinkage and limits, named for that queue,
/// at the group's cost of a paid hour.
pub(crate) fn group_scenario(portfolio: &Portfolio, g: usize) -> crate::scenario::Scenario {
    let skills = portfolio.skills.as_ref().expect("groups");
    let first = &portfolio.queues[skills.groups[g].skills[0].queue];
    let mut scenario = first.scenario.clone();
    scenario.name = first.name.clone();
    scenario.cost.hourly_cost = group_rate(portfolio, g);
    scenario
}

/// Group `g`'s cost of a paid agent hour: its own `hourly_cost`, else its first skill's queue's
/// `[cost]` rate.
pub(crate) fn group_rate(portfolio: &Portfolio, g: usize) -> Option<f64> {
    let group = &portfolio.skills.as_ref()?.groups[g];
    group.hourly_cost.or(portfolio.queues[group.skills[0].queue]
        .scenario
        .cost
        .hourly_cost)
}

/// The result from the folded sums.
///
/// Over 80 lines: the result's one literal, a field (and its sums) at a time.
fn outcome(
    portfolio: &Portfolio,
    skills: &crate::portfolio::Skills,
    model: &SkillModel,
    f: Folded,
    options: SimOptions,
    wall_seconds: f64,
) -> RoutingResult {
    let n = f64::from(options.replications);
    let queues: Vec<QueueOutcome> = portfolio
        .queues
        .iter()
        .enumerate()
        .map(|(q, queue)| QueueOutcome {
            queue: queue.name.clone(),
            channel: queue.scenario.channel.kind(),
            offered: f.offered[q] as f64 / n,
            answered: f.answered[q] as f64 / n,
            service_level: f.service_level[q].estimate_fraction(),
            asa_seconds: f.asa[q].estimate(),
            abandon_rate: f.abandon[q].estimate_fraction(),
            backlog_at_end: (!model.queues[q].live).then(|| f.backlog[q] as f64 / n),
        })
        .collect();
    let groups: Vec<GroupOutcome> = skills
        .groups
        .iter()
        .enumerate()
        .map(|(g, group)| {
            let agent_hours = f.staffed_seconds[g].value() / n / 3600.0;
            let first = &portfolio.queues[group.skills[0].queue].scenario;
            let rate = group_rate(portfolio, g);
            GroupOutcome {
                group: group.name.clone(),
                agent_hours,
                occupancy: f.occupancy[g].estimate_fraction(),
                handled: portfolio
                    .queues
                    .iter()
                    .enumerate()
                    .filter(|(q, _)| group.skills.iter().any(|s| s.queue == *q))
                    .map(|(q, queue)| (queue.name.clone(), f.handled[g][q] as f64 / n))
                    .collect(),
                labour_cost: rate.map(|r| first.shrinkage.total.fte(1) * agent_hours * r),
            }
        })
        .collect();
    let days = portfolio.queues[0]
        .scenario
        .days()
        .iter()
        .enumerate()
        .map(|(d, day)| DayOutcome {
            date: day.date.to_string(),
            queues: portfolio
                .queues
                .iter()
                .enumerate()
                .map(|(q, queue)| DayQueue {
                    queue: queue.name.clone(),
                    offered: f.day_offered[q].get(d).map_or(0.0, |o| *o as f64 / n),
                    service_level: f.day_sl[q].get(d).and_then(Running::estimate_fraction),
                    abandon_rate: f.day_abandon[q].get(d).and_then(Running::estimate_fraction),
                })
                .collect(),
        })
        .collect();
    let offered: f64 = queues.iter().map(|q| q.offered).sum();
    let answered: f64 = queues.iter().map(|q| q.answered).sum();
    let labour_cost: Option<f64> = groups.iter().map(|g| g.labour_cost).sum();
    RoutingResult {
        portfolio: portfolio.name.clone(),
        replications: options.replications,
        seed: options.seed,
        totals: RoutingTotals {
            offered,
            answered,
            labour_cost,
            cost_per_contact: labour_cost.filter(|_| answered > 0.0).map(|c| c / answered),
            agent_hours: groups.iter().map(|g| g.agent_hours).sum(),
        },
        queues,
        groups,
        days,
        contacts_simulated: f.offered.iter().sum::<u64>(),
        events: f.events,
        wall_seconds,
    }
}
