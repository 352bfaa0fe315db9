//! Parallel sweeps over staffing options and scenario variants: each option is planned
//! analytically and simulated with common random numbers — every option sees the same replication
//! seeds, so the differences between options are the options', not the noise's.
//!
//! Work is spread over (option × replication) pairs through the one runner,
//! [`crate::sim::in_order`], folded in order, so the numbers are the same whatever the thread
//! count.

mod optimize;

pub use optimize::{Optimization, OptimizedInterval, optimize};

use crate::error::Result;
use crate::plan::{self, Plan};
use crate::progress::Progress;
use crate::queueing::SlDefinition;
use crate::scenario::{ConfidencePer, Patience, Scenario, Staffing, SweepConfig};
use crate::sim::{
    Estimate, IntervalCounters, Kpis, Running, SimModel, SimOptions, ledger, run_replication,
};
use crate::units::{Seconds, Shrinkage};
use rayon::prelude::*;
use std::time::Instant;

/// One combination of the sweep's axes; `None` leaves the scenario as it is.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize)]
pub struct SweepPoint {
    /// Agents added to every open interval.
    pub agents_added: Option<i32>,
    /// Staffing = ⌈requirement × m⌉.
    pub requirement_multiplier: Option<f64>,
    /// Agents per named shift.
    pub shift_agents: Vec<(String, u32)>,
    /// Volume × this.
    pub volume_multiplier: Option<f64>,
    /// AHT × this.
    pub aht_multiplier: Option<f64>,
    /// Total shrinkage.
    pub shrinkage: Option<f64>,
    /// Mean patience, seconds.
    pub patience_seconds: Option<f64>,
}

impl SweepPoint {
    /// "+2 agents, volume × 1.8".
    pub fn label(&self) -> String {
        let mut parts = Vec::new();
        if let Some(m) = self.requirement_multiplier {
            parts.push(format!("requirement × {m}"));
        }
        if let Some(a) = self.agents_added {
            let noun = if a.unsigned_abs() == 1 {
                "agent"
            } else {
                "agents"
            };
            parts.push(format!("{a:+} {noun}"));
        }
        for (name, n) in &self.shift_agents {
            parts.push(format!("{name} {n}"));
        }
        if let Some(v) = self.volume_multiplier {
            parts.push(format!("volume × {v}"));
        }
        if let Some(a) = self.aht_multiplier {
            parts.push(format!("AHT × {a}"));
        }
        if let Some(s) = self.shrinkage {
            parts.push(format!(
                "shrinkage {}",
                crate::report::format::percent(s, 0)
            ));
        }
        if let Some(p) = self.patience_seconds {
            parts.push(format!("patience {p} s"));
        }
        if parts.is_empty() {
            "as planned".into()
        } else {
            parts.join(", ")
        }
    }
}

/// Every combination of the axes in `config`.
pub fn grid(config: &SweepConfig) -> Vec<SweepPoint> {
    fn axis<T: Clone>(values: &[T]) -> Vec<Option<T>> {
        if values.is_empty() {
            vec![None]
        } else {
            values.iter().cloned().map(Some).collect()
        }
    }
    let mut points = vec![SweepPoint::default()];
    let expand = |points: Vec<SweepPoint>,
                  apply: &dyn Fn(&SweepPoint) -> Vec<SweepPoint>|
     -> Vec<SweepPoint> { points.iter().flat_map(apply).collect() };
    points = expand(points, &|p| {
        axis(&config.requirement_multiplier)
            .into_iter()
            .map(|m| SweepPoint {
                requirement_multiplier: m,
                ..p.clone()
            })
            .collect()
    });
    points = expand(points, &|p| {
        axis(&config.agents_added)
            .into_iter()
            .map(|a| SweepPoint {
                agents_added: a,
                ..p.clone()
            })
            .collect()
    });
    for (name, counts) in &config.shift_agents {
        points = expand(points, &|p| {
            counts
                .iter()
                .map(|&n| {
                    let mut q = p.clone();
                    q.shift_agents.push((name.clone(), n));
                    q
                })
                .collect()
        });
    }
    points = expand(points, &|p| {
        axis(&config.volume_multiplier)
            .into_iter()
            .map(|v| SweepPoint {
                volume_multiplier: v,
                ..p.clone()
            })
            .collect()
    });
    points = expand(points, &|p| {
        axis(&config.aht_multiplier)
            .into_iter()
            .map(|a| SweepPoint {
                aht_multiplier: a,
                ..p.clone()
            })
            .collect()
    });
    points = expand(points, &|p| {
        axis(&config.shrinkage)
            .into_iter()
            .map(|s| SweepPoint {
                shrinkage: s,
                ..p.clone()
            })
            .collect()
    });
    points = expand(points, &|p| {
        axis(&config.patience)
            .into_iter()
            .map(|s| SweepPoint {
                patience_seconds: s.map(Seconds::get),
                ..p.clone()
            })
            .collect()
    });
    points
}

/// A sweep point's scenario variant, staffed as the point says, with its plan.
#[derive(Debug, Clone)]
pub struct Variant {
    /// The scenario with the point's volume, AHT, shrinkage, patience and staffing.
    pub scenario: Scenario,
    /// Its plan (the analytic column of the sweep).
    pub plan: Plan,
}

/// The scenario variant of one sweep point, staffed as the point says, and its plan.
pub fn variant(scenario: &Scenario, point: &SweepPoint) -> Result<Variant> {
    let mut v = scenario.clone();
    for demand in &mut v.intervals {
        if let Some(m) = point.volume_multiplier {
            demand.volume *= m;
        }
        if let Some(m) = point.aht_multiplier {
            demand.aht = Seconds(demand.aht.get() * m);
        }
    }
    if let Some(s) = point.shrinkage {
        v.shrinkage.total = Shrinkage::new(s)?;
        v.shrinkage.components.clear();
    }
    if let Some(p) = point.patience_seconds {
        v.patience = match v.patience {
            Patience::Lognormal { cv, .. } => Patience::Lognormal {
                mean: Seconds(p),
                cv,
            },
            _ => Patience::Exponential { mean: Seconds(p) },
        };
    }
    if !point.shift_agents.is_empty()
        && let Staffing::Roster(shifts) = &v.staffing
    {
        let mut shifts = shifts.clone();
        for (name, n) in &point.shift_agents {
            for shift in shifts.iter_mut().filter(|s| &s.name == name) {
                shift.agents = *n;
            }
        }
        let agents = v.roster_agents(&shifts);
        for (demand, n) in v.intervals.iter_mut().zip(agents) {
            demand.given_agents = Some(n);
        }
        v.staffing = Staffing::Roster(shifts);
    }
    let base = plan::plan(&v)?;
    let agents: Vec<u32> = base
        .intervals
        .iter()
        .map(|i| {
            let staffed = match point.requirement_multiplier {
                Some(m) => (f64::from(i.required_agents) * m).ceil() as u32,
                None => i.staffed_agents,
            };
            let added = point.agents_added.unwrap_or(0);
            if i.open {
                staffed.saturating_add_signed(added)
            } else {
                0
            }
        })
        .collect();
    let staffed = v.with_agents(&agents, point.label());
    let plan = plan::plan(&staffed)?;
    Ok(Variant {
        scenario: staffed,
        plan,
    })
}

/// KPIs of one option, analytic and simulated.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SweepOption {
    /// The point on the grid.
    #[serde(flatten)]
    pub point: SweepPoint,
    /// Human-readable description.
    pub label: String,
    /// Σ agents on the phones × hours.
    pub staffed_agent_hours: f64,
    /// Σ paid agents × hours.
    pub paid_hours: f64,
    /// Paid hours ÷ (hours per FTE per week × weeks in the horizon).
    pub fte: f64,
    /// The most agents on the phones at once.
    pub peak_agents: u32,
    /// Labour cost (paid hours × hourly cost); `None` without `[cost] hourly_cost`.
    pub labour_cost: Option<f64>,
    /// Labour cost plus fixed overheads (paid hours when no cost is given).
    pub cost: f64,
    /// Labour cost ÷ contacts answered (analytic).
    pub cost_per_contact: Option<f64>,
    /// Analytic (interval-by-interval Erlang) service level.
    pub erlang_service_level: Option<f64>,
    /// Simulated service level over the horizon.
    pub service_level: Option<Estimate>,
    /// P(meet target): with `[target] confidence_per = "day"` (the default) the worst open day's
    /// share of replications whose day service level meets the target; with `"horizon"` the
    /// share of all simulated (replication, open day) pairs.
    pub p_meet_target: f64,
    /// The open day with the lowest share of replications meeting the target.
    pub worst_day: Option<String>,
    /// Simulated ASA.
    pub asa_seconds: Option<Estimate>,
    /// Simulated abandonment.
    pub abandon_rate: Option<Estimate>,
    /// Simulated occupancy.
    pub occupancy: Option<Estimate>,
    /// On the cost-vs-service Pareto front.
    pub pareto: bool,
}

/// A sweep's result.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SweepResult {
    /// Every option, in grid order.
    pub options: Vec<SweepOption>,
    /// For each scenario variant (volume, AHT, shrinkage and patience held fixed), the index of
    /// its cheapest staffing option whose `p_meet_target` reaches the confidence asked; `None`
    /// where no option does. Options of one variant are compared only with each other.
    #[serde(skip)]
    pub recommended: Vec<(String, Option<usize>)>,
    /// The confidence asked.
    pub confidence: f64,
    /// Replications per option.
    pub replications: u32,
    /// Base seed, the same for every option.
    pub seed: u64,
    /// Contacts simulated over all options and replications.
    pub contacts_simulated: u64,
    /// Wall-clock seconds of the simulations.
    pub wall_seconds: f64,
}

/// A portfolio of sweeps, one per queue, summed at each queue's first recommendation: the
/// `totals` of `staffsim sweep --json` on a portfolio. The sums are `None` unless every queue has
/// a recommendation.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SweepTotals {
    /// Queues with no option meeting their target.
    pub queues_without_a_recommendation: usize,
    /// Cost of the recommended options together.
    pub recommended_cost: Option<f64>,
    /// FTE of the recommended options together.
    pub recommended_fte: Option<f64>,
    /// Paid hours of the recommended options together.
    pub recommended_paid_hours: Option<f64>,
}

impl SweepTotals {
    /// The totals of `sweeps` at each one's first recommendation.
    pub fn of(sweeps: &[SweepResult]) -> Self {
        let chosen: Vec<Option<&SweepOption>> =
            sweeps.iter().map(SweepResult::first_recommended).collect();
        let all = chosen.iter().all(Option::is_some);
        let sum = |f: fn(&SweepOption) -> f64| {
            all.then(|| chosen.iter().flatten().map(|o| f(o)).sum::<f64>())
        };
        Self {
            queues_without_a_recommendation: chosen.iter().filter(|c| c.is_none()).count(),
            recommended_cost: sum(|o| o.cost),
            recommended_fte: sum(|o| o.fte),
            recommended_paid_hours: sum(|o| o.paid_hours),
        }
    }
}

impl SweepResult {
    /// The first variant's recommended option, if any option meets its target.
    pub fn first_recommended(&self) -> Option<&SweepOption> {
        self.recommended
            .first()
            .and_then(|(_, k)| *k)
            .map(|k| &self.options[k])
    }

    /// `{"options": [...], "recommended": {...}, "recommendations": [...], ...}`: the first
    /// variant's recommendation as `recommended`, every variant's in `recommendations`.
    pub fn json(&self) -> serde_json::Value {
        let recommendations: Vec<serde_json::Value> = self
            .recommended
            .iter()
            .map(|(variant, k)| {
                serde_json::json!({
                    "variant": variant,
                    "recommended": k.map(|k| &self.options[k]),
                })
            })
            .collect();
        let first = self.first_recommended();
        serde_json::json!({
            "options": self.options,
            "recommended": first,
            "recommendations": recommendations,
            "confidence": self.confidence,
            "replications": self.replications,
            "seed": self.seed,
            "contacts_simulated": self.contacts_simulated,
            "contacts_per_second": self.contacts_per_second(),
            "wall_seconds": self.wall_seconds,
        })
    }

    /// Simulated contacts per wall-clock second.
    pub fn contacts_per_second(&self) -> f64 {
        if self.wall_seconds > 0.0 {
            self.contacts_simulated as f64 / self.wall_seconds
        } else {
            0.0
        }
    }
}

/// One replication of one option, reduced to what the sweep reports.
#[derive(Debug, Clone)]
struct Outcome {
    kpis: Kpis,
    /// Per day of the horizon: whether its service level met the target (`None` when nothing
    /// was offered that day).
    day_meets: Vec<Option<bool>>,
    offered: u64,
}

fn outcome(
    model: &SimModel,
    replication: &crate::sim::Replication,
    definition: SlDefinition,
    target: f64,
) -> Outcome {
    let mut day = vec![IntervalCounters::default(); model.days];
    let mut run = IntervalCounters::default();
    for (c, i) in replication.intervals.iter().zip(&model.intervals) {
        day[i.day].absorb(c);
        run.absorb(c);
    }
    // A campaign's day meets its target by its contacts and abandonment cap.
    let day_meets = match &model.outbound {
        Some(campaign) => {
            let mut targets = vec![0.0; model.days];
            for (t, i) in campaign.targets.iter().zip(&model.intervals) {
                targets[i.day] += t;
            }
            day.iter()
                .zip(targets)
                .map(|(c, t)| campaign.meets(c, t))
                .collect()
        }
        None => day
            .iter()
            .map(|c| Kpis::of(c, definition).service_level.map(|sl| sl >= target))
            .collect(),
    };
    Outcome {
        kpis: Kpis::of(&run, definition),
        day_meets,
        offered: u64::from(run.offered),
    }
}

/// One option's replications folded so far: running KPI statistics and per-day counts of
/// replications meeting the target.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
struct OptionTally {
    service_level: Running,
    asa: Running,
    abandon_rate: Running,
    occupancy: Running,
    /// Per day: (replications meeting the target, replications with contacts).
    per_day: Vec<(u64, u64)>,
    offered: u64,
}

impl OptionTally {
    fn absorb(&mut self, out: &Outcome) {
        self.service_level.push(out.kpis.service_level);
        self.asa.push(out.kpis.asa);
        self.abandon_rate.push(out.kpis.abandon_rate);
        self.occupancy.push(out.kpis.occupancy);
        for (tally, meets) in self.per_day.iter_mut().zip(&out.day_meets) {
            if let Some(meets) = meets {
                tally.0 += u64::from(*meets);
                tally.1 += 1;
            }
        }
        self.offered += out.offered;
    }

    /// P(meet target): per day (the worst day's share of replications) or pooled over every
    /// (replication, day); with the worst day's index.
    fn p_meet(&self, per: ConfidencePer) -> (f64, Option<usize>) {
        let shares = self
            .per_day
            .iter()
            .enumerate()
            .filter(|(_, (_, n))| *n > 0)
            .map(|(d, (m, n))| (d, *m as f64 / *n as f64));
        let worst = shares.min_by(|a, b| a.1.total_cmp(&b.1));
        match per {
            ConfidencePer::Day => worst.map_or((0.0, None), |(d, p)| (p, Some(d))),
            ConfidencePer::Horizon => {
                let (m, n) = self
                    .per_day
                    .iter()
                    .fold((0, 0), |(a, b), (m, n)| (a + m, b + n));
                let pooled = if n > 0 { m as f64 / n as f64 } else { 0.0 };
                (pooled, worst.map(|w| w.0))
            }
        }
    }
}

/// Runs the sweep in `config` over `scenario`: every option planned, then simulated with common
/// random numbers, each variant's cheapest option holding the target recommended.
pub fn sweep(
    scenario: &Scenario,
    config: &SweepConfig,
    options: SimOptions,
    progress: &dyn Progress,
) -> Result<SweepResult> {
    let points = grid(config);
    let started = Instant::now();
    let (variants, folded) = crate::sim::on_threads(options.threads, || -> Result<_> {
        let (variants, models) = prepare(scenario, &points)?;
        let folded = simulate_options(scenario, &models, options, progress)?;
        Ok((variants, folded))
    })??;
    let wall_seconds = started.elapsed().as_secs_f64();
    let mut results = sweep_options(scenario, config, points, &variants, &folded);
    mark_pareto(&mut results);
    let recommended = recommend(scenario, &results);
    Ok(SweepResult {
        options: results,
        recommended,
        confidence: scenario.target.confidence,
        replications: options.replications,
        seed: options.seed,
        contacts_simulated: folded.iter().map(|f| f.offered).sum(),
        wall_seconds,
    })
}

/// Every option's variant planned and its simulation model built, in parallel: they are
/// independent.
fn prepare(scenario: &Scenario, points: &[SweepPoint]) -> Result<(Vec<Variant>, Vec<SimModel>)> {
    let variants: Vec<Variant> = points
        .par_iter()
        .map(|p| variant(scenario, p))
        .collect::<Result<_>>()?;
    let models = variants
        .par_iter()
        .map(|v| {
            SimModel::new(
                &v.scenario,
                &v.plan
                    .intervals
                    .iter()
                    .map(|i| i.staffed_agents)
                    .collect::<Vec<_>>(),
            )
        })
        .collect::<Result<_>>()?;
    Ok((variants, models))
}

/// Every option's replications, folded per option in order.
///
/// Outcomes are a few numbers each: large blocks keep every thread busy between the ordered
/// folds. Tasks are numbered option-major and generated block by block, so memory does not grow
/// with the replication count.
fn simulate_options(
    scenario: &Scenario,
    models: &[SimModel],
    options: SimOptions,
    progress: &dyn Progress,
) -> Result<Vec<OptionTally>> {
    let definition = scenario.target.service.definition();
    let target = scenario.target.service.service_level();
    let replications = u64::from(options.replications);
    let total = models.len() as u64 * replications;
    let task = |k: u64| ((k / replications) as usize, k % replications);
    // Every option's tally has a count per day from the start, so a shard's parts have one
    // shape whichever options its tasks reach.
    let mut folded: Vec<OptionTally> = models
        .iter()
        .map(|m| OptionTally {
            per_day: vec![(0, 0); m.days],
            ..OptionTally::default()
        })
        .collect();
    ledger::step(options.ledger, "sweep", total, |tasks| {
        progress.add_work(tasks.end - tasks.start);
        crate::sim::in_order(
            tasks,
            64,
            progress,
            |k| {
                let (o, r) = task(k);
                let replication = run_replication(&models[o], options.seed, r);
                outcome(&models[o], &replication, definition, target)
            },
            |k, out| folded[task(k).0].absorb(&out),
        )?;
        Ok(folded)
    })
}

/// Each option's figures: its plan's hours and cost, FTE over the horizon (paid hours ÷ (paid
/// hours per FTE per week × weeks covered)), and its simulated KPIs and chance of meeting the
/// target.
fn sweep_options(
    scenario: &Scenario,
    config: &SweepConfig,
    points: Vec<SweepPoint>,
    variants: &[Variant],
    folded: &[OptionTally],
) -> Vec<SweepOption> {
    let weeks = scenario.fte_weeks();
    let calendar = scenario.days();
    points
        .into_iter()
        .zip(variants)
        .zip(folded)
        .map(|((point, Variant { plan, .. }), tally)| {
            let t = &plan.totals;
            let cost = match t.labour_cost {
                Some(labour) => labour + scenario.cost.fixed_overheads,
                None => t.scheduled_agent_hours,
            };
            SweepOption {
                label: point.label(),
                point,
                staffed_agent_hours: t.staffed_agent_hours,
                paid_hours: t.scheduled_agent_hours,
                fte: t.scheduled_agent_hours / (config.hours_per_fte_week * weeks),
                peak_agents: plan
                    .intervals
                    .iter()
                    .map(|i| i.staffed_agents)
                    .max()
                    .unwrap_or(0),
                labour_cost: t.labour_cost,
                cost,
                cost_per_contact: t.cost_per_contact,
                erlang_service_level: t.service_level,
                service_level: tally.service_level.estimate_fraction(),
                p_meet_target: tally.p_meet(scenario.target.confidence_per).0,
                worst_day: tally
                    .p_meet(scenario.target.confidence_per)
                    .1
                    .and_then(|d| calendar.get(d).map(|day| day.date.to_string())),
                asa_seconds: tally.asa.estimate(),
                abandon_rate: tally.abandon_rate.estimate_fraction(),
                occupancy: tally.occupancy.estimate_fraction(),
                pareto: false,
            }
        })
        .collect()
}

/// Each scenario variant's cheapest option that meets the target on the confidence asked
/// (`None` where none does); options of one variant are compared only with each other.
fn recommend(scenario: &Scenario, results: &[SweepOption]) -> Vec<(String, Option<usize>)> {
    let mut groups: Vec<String> = Vec::new();
    for option in results {
        let key = variant_key(&option.point);
        if !groups.contains(&key) {
            groups.push(key);
        }
    }
    groups
        .into_iter()
        .map(|key| {
            let best = results
                .iter()
                .enumerate()
                .filter(|(_, o)| {
                    variant_key(&o.point) == key && o.p_meet_target >= scenario.target.confidence
                })
                .min_by(|a, b| cheaper(a.1, b.1))
                .map(|(k, _)| k);
            (key, best)
        })
        .collect()
}

/// Orders options by cost, cheapest first; costs within 1e-9 of each other (relative) are a tie,
/// broken towards the higher P(meet target), then the higher simulated service level — so
/// rounding noise never picks the worse of two equal-cost options.
pub fn cheaper(a: &SweepOption, b: &SweepOption) -> std::cmp::Ordering {
    let scale = a.cost.abs().max(b.cost.abs()).max(1e-300);
    if (a.cost - b.cost).abs() > 1e-9 * scale {
        return a.cost.total_cmp(&b.cost);
    }
    let sl = |o: &SweepOption| o.service_level.map_or(f64::NEG_INFINITY, |e| e.mean);
    b.p_meet_target
        .total_cmp(&a.p_meet_target)
        .then(sl(b).total_cmp(&sl(a)))
}

/// The scenario variant of a point, without its staffing: "volume × 1.8, AHT × 1.15", or
/// "as given".
pub fn variant_key(point: &SweepPoint) -> String {
    SweepPoint {
        agents_added: None,
        requirement_multiplier: None,
        shift_agents: Vec::new(),
        ..point.clone()
    }
    .label()
    .replace("as planned", "scenario as given")
}

/// Marks the options no other option *of the same scenario variant* beats on both cost (lower)
/// and simulated service (higher). Variants (another volume, AHT, shrinkage or patience) are
/// different questions, so each has its own front, as each has its own recommendation.
fn mark_pareto(options: &mut [SweepOption]) {
    let sl = |o: &SweepOption| o.service_level.map_or(0.0, |e| e.mean);
    let mut keys: Vec<String> = options.iter().map(|o| variant_key(&o.point)).collect();
    keys.sort();
    keys.dedup();
    for key in keys {
        let mut order: Vec<usize> = (0..options.len())
            .filter(|&k| variant_key(&options[k].point) == key)
            .collect();
        order.sort_by(|&a, &b| {
            options[a]
                .cost
                .total_cmp(&options[b].cost)
                .then(sl(&options[b]).total_cmp(&sl(&options[a])))
        });
        let mut best = f64::NEG_INFINITY;
        for k in order {
            if sl(&options[k]) > best {
                options[k].pareto = true;
                best = sl(&options[k]);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn option(cost: f64, p_meet_target: f64) -> SweepOption {
        SweepOption {
            point: SweepPoint::default(),
            label: String::new(),
            staffed_agent_hours: 0.0,
            paid_hours: 0.0,
            fte: 0.0,
            peak_agents: 0,
            labour_cost: None,
            cost,
            cost_per_contact: None,
            erlang_service_level: None,
            service_level: None,
            p_meet_target,
            worst_day: None,
            asa_seconds: None,
            abandon_rate: None,
            occupancy: None,
            pareto: false,
        }
    }

    #[test]
    fn costs_equal_to_rounding_noise_are_a_tie_broken_by_the_higher_confidence() {
        use std::cmp::Ordering;
        // Two options whose costs differ by 6e-12: the one more likely to meet the target wins.
        let (worse, better) = (option(1000.0, 0.91), option(1000.0 + 6e-12, 0.97));
        assert_eq!(cheaper(&better, &worse), Ordering::Less);
        assert_eq!(cheaper(&worse, &better), Ordering::Greater);
        // A real cost difference still decides.
        assert_eq!(
            cheaper(&option(999.0, 0.5), &option(1000.0, 0.99)),
            Ordering::Less
        );
    }
}
