//! Discrete-event simulation of the contact centre: queues that carry over between intervals,
//! lognormal handle times, impatient callers who retry, repeat contacts, forecast error.
//!
//! Each replication is single-threaded and deterministic from `(seed, replication)` (its streams
//! come from [`rng`]); replications run in parallel through the one runner, [`in_order`], in
//! blocks whose results are folded in replication order, so the numbers are identical whatever
//! the thread count, and memory stays bounded by the block, not by the number of replications.

mod agents;
mod calendar;
mod chat;
mod confidence;
mod exact;
mod fcfs;
mod heap;
pub mod ledger;
mod model;
mod preview;
mod replicate;
mod replication;
/// The crate's random streams, where the simulation's callers have always found them.
pub use crate::rng;
mod stats;
pub mod summary;

pub use calendar::{Calendar, Packed};
pub use confidence::{DayConfidence, day_confidence, day_confidence_varying};
pub use exact::ExactSum;
pub use model::{
    Campaign, Deferral, PatienceSampler, Preview, ServiceSampler, SimInterval, SimModel,
};
pub use replicate::in_order;
pub use replication::{
    IntervalCounters, Replication, day_factors, next_arrival_after, replication_rng,
};
pub use stats::{Estimate, KpiEstimates, Kpis, Running, RunningKpis};

use crate::error::{Error, Result};
use crate::progress::Progress;
use crate::queueing::SlDefinition;
use crate::scenario::Scenario;
use jiff::civil::{Date, DateTime};
use std::time::Instant;

pub use crate::scenario::MAX_REPLICATIONS;

/// How to run.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SimOptions {
    /// Replications, ≥ 1.
    pub replications: u32,
    /// Base seed.
    pub seed: u64,
    /// Worker threads; `None` uses rayon's global pool (all cores).
    pub threads: Option<usize>,
    /// A sharded run's ledger (see [`ledger`]): the steps that can be sharded record a shard's
    /// share into it, or are answered from it at a merge; `None` runs everything here.
    pub ledger: Option<&'static ledger::Ledger>,
}

/// One interval's simulated KPIs.
#[derive(Debug, Clone, PartialEq)]
pub struct IntervalResult {
    /// Local start.
    pub start: DateTime,
    /// False when closed.
    pub open: bool,
    /// Agents on the phones.
    pub agents: u32,
    /// The estimates.
    pub kpis: KpiEstimates,
}

/// One day's simulated KPIs.
#[derive(Debug, Clone, PartialEq)]
pub struct DayResult {
    /// The date.
    pub date: Date,
    /// The estimates.
    pub kpis: KpiEstimates,
}

/// The result of a simulation run.
#[derive(Debug, Clone, PartialEq)]
pub struct SimulationResult {
    /// Replications run.
    pub replications: u32,
    /// Base seed.
    pub seed: u64,
    /// Per interval.
    pub intervals: Vec<IntervalResult>,
    /// Per day.
    pub days: Vec<DayResult>,
    /// The whole horizon.
    pub run: KpiEstimates,
    /// Contacts simulated over all replications.
    pub contacts_simulated: u64,
    /// Contacts answered + abandoned over all replications (equals `contacts_simulated`).
    pub contacts_resolved: u64,
    /// Contacts left waiting at the end because the last interval had no agents.
    pub contacts_stranded: u64,
    /// Events processed over all replications.
    pub events: u64,
    /// Wall-clock time of the replications.
    pub wall_seconds: f64,
}

impl SimulationResult {
    /// Events per wall-clock second.
    pub fn events_per_second(&self) -> f64 {
        if self.wall_seconds > 0.0 {
            self.events as f64 / self.wall_seconds
        } else {
            0.0
        }
    }

    /// Contacts offered per replication (mean).
    pub fn contacts_offered(&self) -> f64 {
        self.contacts_simulated as f64 / f64::from(self.replications)
    }
}

/// Simulates `scenario` staffed with `agents` per interval. `progress` is called once per
/// finished replication (from worker threads).
pub fn simulate(
    scenario: &Scenario,
    agents: &[u32],
    options: SimOptions,
    progress: &dyn Progress,
) -> Result<SimulationResult> {
    if !(1..=MAX_REPLICATIONS).contains(&options.replications) {
        return Err(Error::invalid(
            "replications",
            options.replications,
            format!("from 1 to {MAX_REPLICATIONS}"),
        ));
    }
    let model = SimModel::new(scenario, agents)?;
    let definition = scenario.target.service.definition();
    let started = Instant::now();
    let tasks = u64::from(options.replications);
    let run = |replications: std::ops::Range<u64>| {
        progress.add_work(replications.end - replications.start);
        on_threads(options.threads, || {
            run_all(&model, definition, options.seed, replications, progress)
        })?
    };
    let Statistics {
        intervals,
        days,
        whole,
        totals,
    } = ledger::step(options.ledger, "simulate", tasks, run)?;
    let wall_seconds = started.elapsed().as_secs_f64();
    let dates: Vec<Date> = scenario.days().into_iter().map(|d| d.date).collect();
    Ok(SimulationResult {
        replications: options.replications,
        seed: options.seed,
        intervals: scenario
            .intervals
            .iter()
            .zip(&model.intervals)
            .zip(intervals)
            .map(|((demand, sim), running)| IntervalResult {
                start: demand.start,
                open: demand.open,
                agents: sim.agents,
                kpis: running.estimates(),
            })
            .collect(),
        days: dates
            .into_iter()
            .zip(days)
            .map(|(date, running)| DayResult {
                date,
                kpis: running.estimates(),
            })
            .collect(),
        run: whole.estimates(),
        contacts_simulated: totals.offered,
        contacts_resolved: totals.resolved,
        contacts_stranded: totals.stranded,
        events: totals.events,
        wall_seconds,
    })
}

/// The service level over the whole horizon (`None` without contacts) of each replication in
/// `replications`, in order: what a monthly SLA is judged on. Callers stream long runs in
/// blocks of replications, so memory does not grow with the count.
pub fn replication_service_levels(
    scenario: &Scenario,
    agents: &[u32],
    options: SimOptions,
    replications: std::ops::Range<u64>,
    progress: &dyn Progress,
) -> Result<Vec<Option<f64>>> {
    Ok(
        replication_kpis(scenario, agents, options, replications, progress)?
            .into_iter()
            .map(|k| k.service_level)
            .collect(),
    )
}

/// The whole-horizon KPIs of each replication in `replications` (service level, ASA,
/// abandonment…), for contract terms that judge a month on several KPIs.
pub fn replication_kpis(
    scenario: &Scenario,
    agents: &[u32],
    options: SimOptions,
    replications: std::ops::Range<u64>,
    progress: &dyn Progress,
) -> Result<Vec<Kpis>> {
    let model = SimModel::new(scenario, agents)?;
    let definition = scenario.target.service.definition();
    progress.add_work(replications.end.saturating_sub(replications.start));
    let run = || {
        let mut kpis = Vec::with_capacity((replications.end - replications.start) as usize);
        replicate::in_order(
            replications,
            16,
            progress,
            |k| {
                let replication = run_replication(&model, options.seed, k);
                let mut total = IntervalCounters::default();
                for c in &replication.intervals {
                    total.absorb(c);
                }
                campaign_kpis(&model, Kpis::of(&total, definition), &total)
            },
            |_, k| kpis.push(k),
        )
        .map(|()| kpis)
    };
    on_threads(options.threads, run)?
}

/// Runs replication `replication` of `model` with base seed `seed` on the engine its channel
/// needs: preview dialling, chat (more than one session per agent), or the FCFS queue.
pub fn run_replication(model: &SimModel, seed: u64, replication: u64) -> Replication {
    if let Some(preview) = model.outbound.as_ref().and_then(|c| c.preview.as_ref()) {
        return preview::run_preview_replication(model, preview, seed, replication);
    }
    if model.sessions.len() > 1 {
        return chat::run_chat_replication(model, seed, replication);
    }
    fcfs::run_fcfs_replication(model, seed, replication)
}

/// Runs `work` on a pool of `threads` workers, or on rayon's global pool (all cores) when `None`.
pub fn on_threads<R: Send>(threads: Option<usize>, work: impl FnOnce() -> R + Send) -> Result<R> {
    match threads {
        Some(threads) => Ok(rayon::ThreadPoolBuilder::new()
            .num_threads(threads.max(1))
            .build()
            .map_err(|e| {
                Error::invalid("threads", threads, format!("a usable thread count ({e})"))
            })?
            .install(work)),
        None => Ok(work()),
    }
}

#[derive(Debug, Default, Clone, Copy, serde::Serialize, serde::Deserialize)]
struct Totals {
    offered: u64,
    resolved: u64,
    stranded: u64,
    events: u64,
}

/// A simulation's statistics over some of its replications: what a shard records, and what
/// parts add up to (every field a count or an exact sum).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct Statistics {
    intervals: Vec<RunningKpis>,
    days: Vec<RunningKpis>,
    whole: RunningKpis,
    totals: Totals,
}

/// Runs `replications` through [`in_order`] and folds them into the running KPIs.
fn run_all(
    model: &SimModel,
    definition: SlDefinition,
    seed: u64,
    replications: std::ops::Range<u64>,
    progress: &dyn Progress,
) -> Result<Statistics> {
    let mut intervals = vec![RunningKpis::default(); model.intervals.len()];
    let mut days = vec![RunningKpis::default(); model.days];
    let mut whole = RunningKpis::default();
    let mut totals = Totals::default();
    // A replication's result is a counter per interval: four per thread at a time.
    replicate::in_order(
        replications,
        4,
        progress,
        |k| run_replication(model, seed, k),
        |_, r| {
            fold(
                model,
                definition,
                &r,
                &mut intervals,
                &mut days,
                &mut whole,
                &mut totals,
            )
        },
    )?;
    Ok(Statistics {
        intervals,
        days,
        whole,
        totals,
    })
}

/// `kpis` in the channel's own terms: a campaign's contacts and dials from `counters`; for
/// deferrable work (email, back-office) no abandonment — nobody hangs up on an email, and the
/// items unfinished at the horizon's end are the backlog, not abandoned.
pub fn campaign_kpis(model: &SimModel, mut kpis: Kpis, counters: &IntervalCounters) -> Kpis {
    if model.deferral.is_some() {
        kpis.abandon_rate = None;
    }
    if model.outbound.is_some() {
        kpis.contacts = Some(f64::from(counters.answered));
        kpis.dials = Some(f64::from(counters.dials));
    }
    kpis
}

fn fold(
    model: &SimModel,
    definition: SlDefinition,
    replication: &Replication,
    intervals: &mut [RunningKpis],
    days: &mut [RunningKpis],
    whole: &mut RunningKpis,
    totals: &mut Totals,
) {
    let mut day_counters = vec![IntervalCounters::default(); model.days];
    let mut run_counters = IntervalCounters::default();
    let deferrable = model.deferral.is_some();
    let with_campaign = |kpis: Kpis, c: &IntervalCounters| campaign_kpis(model, kpis, c);
    // Deferrable work: the backlog at each day's last open interval's end.
    let mut day_close: Vec<Option<f64>> = vec![None; model.days];
    for ((counters, running), sim) in replication
        .intervals
        .iter()
        .zip(intervals.iter_mut())
        .zip(&model.intervals)
    {
        let mut kpis = with_campaign(Kpis::of(counters, definition), counters);
        if deferrable {
            let backlog = f64::from(counters.backlog_at_end);
            kpis.backlog = Some(backlog);
            if sim.open {
                day_close[sim.day] = Some(backlog);
            }
        }
        running.push(&kpis);
        day_counters[sim.day].absorb(counters);
        run_counters.absorb(counters);
    }
    for ((counters, running), close) in day_counters.iter().zip(days.iter_mut()).zip(day_close) {
        let mut kpis = with_campaign(Kpis::of(counters, definition), counters);
        kpis.backlog = close;
        running.push(&kpis);
    }
    let mut kpis = with_campaign(Kpis::of(&run_counters, definition), &run_counters);
    if deferrable {
        kpis.backlog = Some(f64::from(replication.stranded));
    }
    whole.push(&kpis);
    totals.offered += u64::from(run_counters.offered);
    totals.resolved += u64::from(run_counters.answered) + u64::from(run_counters.abandoned);
    totals.stranded += u64::from(replication.stranded);
    totals.events += replication.events;
}
