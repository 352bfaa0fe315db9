//! What one replication simulates: the intervals (rate, AHT, agents), the distributions, and the
//! caller behaviour — built once from a scenario and its staffing, shared by every replication.

use crate::error::{Error, Result};
use crate::scenario::{HandleTime, Patience, Scenario};
use rand::RngExt;
use rand_distr::{Distribution, Exp1, Gamma, StandardNormal};

/// One interval as the simulator sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct SimInterval {
    /// Arrivals per second before the day's forecast-error multiplier.
    pub rate: f64,
    /// Mean handle time of contacts arriving in the interval, in seconds.
    pub aht: f64,
    /// Agents on the phones.
    pub agents: u32,
    /// False when the centre is closed (no arrivals; the previous agents clear the queue).
    pub open: bool,
    /// Index of the interval's day, for the per-day forecast-error multiplier.
    pub day: usize,
}

/// Everything a replication needs.
#[derive(Debug, Clone)]
pub struct SimModel {
    /// Interval length in seconds.
    pub interval_seconds: f64,
    /// The intervals in order.
    pub intervals: Vec<SimInterval>,
    /// Number of distinct days.
    pub days: usize,
    /// Service-level threshold T in seconds.
    pub within: f64,
    /// Handle times.
    pub service: ServiceSampler,
    /// Patience.
    pub patience: PatienceSampler,
    /// Coefficient of variation of the per-day volume multiplier (0 = none).
    pub volume_cv: f64,
    /// First-contact resolution.
    pub fcr: f64,
    /// Mean delay of a repeat contact, seconds.
    pub repeat_delay: f64,
    /// Probability that an abandoned caller retries.
    pub retry_probability: f64,
    /// Mean delay of a retry, seconds.
    pub retry_delay: f64,
    /// A session's mean handle time, as a multiple of the interval's AHT, when its agent holds
    /// 1, 2, … sessions: its length is the concurrency (`[1.0]`: one contact per agent, voice).
    pub sessions: Vec<f64>,
    /// Deferrable work (email, back-office): the backlog waits through closed hours instead of
    /// being cleared at closing, and what is left at the horizon's end stays there.
    pub deferral: Option<Deferral>,
    /// Outbound campaigns: the dialler (the intervals' rates are its connects).
    pub outbound: Option<Campaign>,
}

/// How an outbound campaign is simulated.
#[derive(Debug, Clone)]
pub struct Campaign {
    /// Share of dials that reach a right party.
    pub contact_rate: f64,
    /// The unanswered dials before each right party: geometric with this success probability.
    pub failures: rand_distr::Geometric,
    /// Right-party contacts to reach, per interval (a preview campaign stops dialling an
    /// interval once its target is reached).
    pub targets: Vec<f64>,
    /// The most connected calls that may be abandoned.
    pub max_abandon: f64,
    /// Preview dialling only: agent seconds per unanswered dial.
    pub preview: Option<Preview>,
}

/// A preview campaign's per-agent dialling.
#[derive(Debug, Clone)]
pub struct Preview {
    /// Agent seconds per unanswered dial.
    pub dial_seconds: f64,
}

impl Campaign {
    /// Whether a stretch of the campaign (a day) whose target was `target` contacts met it, by
    /// [`crate::queueing::outbound::campaign_meets`]; `None` without a target.
    pub fn meets(&self, counters: &super::IntervalCounters, target: f64) -> Option<bool> {
        let connects = f64::from(counters.offered);
        (target > 0.0).then(|| {
            crate::queueing::outbound::campaign_meets(
                f64::from(counters.answered),
                target,
                (connects > 0.0).then(|| f64::from(counters.abandoned) / connects),
                self.max_abandon,
            )
        })
    }
}

/// How deferrable work is simulated.
#[derive(Debug, Clone)]
pub struct Deferral {
    /// The open-hours clock when waits are counted in open hours; `None` for calendar time.
    pub open_hours: Option<crate::queueing::backlog::OpenClock>,
}

impl SimModel {
    /// Whether agents clear the queue and go home at interval `k`'s start (a closed interval of
    /// a live channel); deferrable work just waits.
    #[inline]
    pub(super) fn drains_at(&self, k: usize) -> bool {
        !self.intervals[k].open && self.deferral.is_none()
    }

    /// A `wait` that ended at `start`, on the target's clock: as it is, unless deferrable work
    /// counts open hours only.
    #[inline]
    pub fn wait_on_clock(&self, wait: f64, start: f64) -> f64 {
        match &self.deferral {
            Some(Deferral {
                open_hours: Some(clock),
            }) => clock.elapsed(
                crate::queueing::backlog::Clock::OpenHours,
                start - wait,
                start,
            ),
            _ => wait,
        }
    }
}

/// The most contacts (dials, for a preview campaign) one replication may simulate: about a
/// second of the engine's time each. A horizon beyond it is planned, not simulated.
pub(super) const MAX_CONTACTS_PER_REPLICATION: f64 = 20_000_000.0;

/// Refuses a model whose replication would take minutes and gigabytes: more than
/// [`MAX_CONTACTS_PER_REPLICATION`] contacts, or more than [`crate::queueing::MAX_SERVERS`] agents
/// in an interval.
fn check_size(
    scenario: &Scenario,
    intervals: &[SimInterval],
    campaign: Option<&Campaign>,
) -> Result<()> {
    let mut contacts: f64 = intervals
        .iter()
        .map(|i| i.rate * scenario.interval.get())
        .sum();
    contacts *= 1.0 + scenario.simulation.retry_probability;
    if let Some(c) = campaign.filter(|c| c.preview.is_some()) {
        contacts = c.targets.iter().sum::<f64>() / c.contact_rate;
    }
    if contacts.is_nan() || contacts > MAX_CONTACTS_PER_REPLICATION {
        return Err(Error::input(
            scenario.source.display().to_string(),
            format!(
                "one replication would simulate {contacts:.3e} contacts, more than the {MAX_CONTACTS_PER_REPLICATION:.0} a simulation takes: plan it (staffsim plan), or simulate a shorter horizon or a smaller volume"
            ),
        ));
    }
    if let Some(most) = intervals.iter().map(|i| i.agents).max()
        && most > crate::queueing::MAX_SERVERS
    {
        return Err(Error::invalid(
            "agents on the phones",
            most,
            format!(
                "at most {} in an interval to simulate",
                crate::queueing::MAX_SERVERS
            ),
        ));
    }
    Ok(())
}

impl SimModel {
    /// The model of `scenario` staffed with `agents` per interval (one per scenario interval).
    ///
    /// Over 80 lines: one pass over the intervals that precomputes every rate and table the engines
    /// read; splitting it would pass a dozen half-built vectors around.
    pub fn new(scenario: &Scenario, agents: &[u32]) -> Result<Self> {
        if agents.len() != scenario.intervals.len() {
            return Err(Error::invalid(
                "staffing",
                agents.len(),
                format!(
                    "one number of agents per interval ({})",
                    scenario.intervals.len()
                ),
            ));
        }
        let interval_seconds = scenario.interval.get();
        let calendar = scenario.days();
        let mut day_of = vec![0; scenario.intervals.len()];
        for (d, day) in calendar.iter().enumerate() {
            day_of[day.intervals.clone()].fill(d);
        }
        let intervals = scenario
            .intervals
            .iter()
            .zip(agents)
            .zip(day_of)
            .map(|((demand, &agents), day)| SimInterval {
                rate: if demand.open {
                    demand.volume / interval_seconds
                } else {
                    0.0
                },
                aht: demand.aht.get(),
                agents: if demand.open { agents } else { 0 },
                open: demand.open,
                day,
            })
            .collect::<Vec<_>>();
        let mut intervals = intervals;
        let outbound = scenario.channel.outbound().map(|dialler| {
            let within = scenario.target.service.within();
            let length = scenario.interval;
            for ((sim, demand), &n) in intervals.iter_mut().zip(&scenario.intervals).zip(agents) {
                // The dialler's connects: the plan's pacing at these agents.
                let at = crate::plan::outbound::interval_at(dialler, demand, n, length, within);
                sim.rate = at.connects / interval_seconds;
            }
            Campaign {
                contact_rate: dialler.contact_rate,
                failures: rand_distr::Geometric::new(dialler.contact_rate)
                    .expect("contact_rate in (0, 1] was validated"),
                targets: scenario
                    .intervals
                    .iter()
                    .map(|d| if d.open { d.volume } else { 0.0 })
                    .collect(),
                max_abandon: dialler.max_abandon,
                preview: (dialler.pacing == crate::scenario::Pacing::Preview).then(|| Preview {
                    dial_seconds: dialler.dial_seconds.get(),
                }),
            }
        });
        let campaign = outbound.is_some();
        check_size(scenario, &intervals, outbound.as_ref())?;
        let sim = &scenario.simulation;
        Ok(Self {
            interval_seconds,
            days: calendar.len(),
            intervals,
            within: scenario.target.service.within().get(),
            service: ServiceSampler::new(&scenario.handle_time),
            // A connect that finds no free agent is abandoned at once; the dialler sets the
            // pace, so there is no forecast error, and nobody calls back.
            patience: if campaign {
                PatienceSampler::Immediate
            } else {
                PatienceSampler::new(&scenario.patience)
            },
            volume_cv: if campaign { 0.0 } else { sim.volume_cv },
            fcr: if campaign { 1.0 } else { sim.fcr },
            repeat_delay: sim.repeat_delay.get(),
            retry_probability: if campaign { 0.0 } else { sim.retry_probability },
            retry_delay: sim.retry_delay.get(),
            sessions: scenario.channel.aht_factors().to_vec(),
            deferral: scenario.channel.is_deferrable().then(|| Deferral {
                open_hours: (scenario.target.clock == crate::queueing::backlog::Clock::OpenHours)
                    .then(|| {
                        crate::queueing::backlog::OpenClock::new(
                            interval_seconds,
                            scenario.intervals.iter().map(|i| i.open),
                        )
                    }),
            }),
            outbound,
        })
    }

    /// The end of the last interval, in seconds from the start.
    pub fn horizon(&self) -> f64 {
        self.intervals.len() as f64 * self.interval_seconds
    }
}

/// Draws handle times with a given mean.
#[derive(Debug, Clone)]
pub enum ServiceSampler {
    /// Exponential.
    Exponential,
    /// Lognormal `exp(σZ − σ²/2)` × mean, with `σ² = ln(1 + cv²)`.
    Lognormal {
        /// σ.
        sigma: f64,
    },
    /// Gamma with shape `1/cv²` and scale `cv²` (mean 1) × mean.
    Gamma(Gamma<f64>),
    /// Always the mean.
    Fixed,
    /// Observed values scaled to mean 1, resampled uniformly, × mean.
    Empirical(Vec<f64>),
}

impl ServiceSampler {
    fn new(handle_time: &HandleTime) -> Self {
        match handle_time {
            HandleTime::Exponential => ServiceSampler::Exponential,
            HandleTime::Lognormal { cv } => ServiceSampler::Lognormal {
                sigma: (1.0 + cv * cv).ln().sqrt(),
            },
            HandleTime::Gamma { cv } => {
                let shape = 1.0 / (cv * cv);
                ServiceSampler::Gamma(Gamma::new(shape, 1.0 / shape).expect("cv > 0 was validated"))
            }
            HandleTime::Fixed => ServiceSampler::Fixed,
            HandleTime::Empirical { samples } => {
                let mean = samples.iter().sum::<f64>() / samples.len() as f64;
                ServiceSampler::Empirical(samples.iter().map(|s| s / mean).collect())
            }
        }
    }

    /// One handle time with mean `mean` seconds.
    #[inline]
    pub fn sample<R: rand::Rng + ?Sized>(&self, rng: &mut R, mean: f64) -> f64 {
        match self {
            ServiceSampler::Exponential => mean * Distribution::<f64>::sample(&Exp1, rng),
            ServiceSampler::Lognormal { sigma } => {
                let z: f64 = StandardNormal.sample(rng);
                mean * (sigma * z - 0.5 * sigma * sigma).exp()
            }
            ServiceSampler::Gamma(gamma) => mean * gamma.sample(rng),
            ServiceSampler::Fixed => mean,
            ServiceSampler::Empirical(unit) => mean * unit[rng.random_range(0..unit.len())],
        }
    }
}

/// Draws patience times.
#[derive(Debug, Clone, Copy)]
pub enum PatienceSampler {
    /// Nobody abandons.
    None,
    /// Nobody waits: a contact that finds no free agent is lost (a predictive dialler's
    /// abandoned connect).
    Immediate,
    /// Exponential with this mean.
    Exponential(f64),
    /// Lognormal with this mean and σ.
    Lognormal {
        /// Mean patience, seconds.
        mean: f64,
        /// σ of the underlying normal.
        sigma: f64,
    },
}

impl PatienceSampler {
    fn new(patience: &Patience) -> Self {
        match *patience {
            Patience::None => PatienceSampler::None,
            Patience::Exponential { mean } => PatienceSampler::Exponential(mean.get()),
            Patience::Lognormal { mean, cv } => PatienceSampler::Lognormal {
                mean: mean.get(),
                sigma: (1.0 + cv * cv).ln().sqrt(),
            },
        }
    }

    /// One patience in seconds; infinite when nobody abandons.
    #[inline]
    pub fn sample<R: rand::Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        match *self {
            PatienceSampler::None => f64::INFINITY,
            PatienceSampler::Immediate => 0.0,
            PatienceSampler::Exponential(mean) => mean * Distribution::<f64>::sample(&Exp1, rng),
            PatienceSampler::Lognormal { mean, sigma } => {
                let z: f64 = StandardNormal.sample(rng);
                mean * (sigma * z - 0.5 * sigma * sigma).exp()
            }
        }
    }
}
