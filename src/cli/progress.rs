//! The progress bar long commands draw on stderr, as the library's [`Progress`].

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use staffsim::plan::Plan;
use staffsim::progress::Progress;
use staffsim::scenario::Scenario;
use staffsim::sim::{self, SimOptions, SimulationResult};
use std::io::IsTerminal;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// A progress bar on stderr that appears only once a run has taken a second (and never when
/// stderr is not a terminal), and the [`Progress`] to hand the library: each tick is one
/// finished unit of work (a replication), and work announced later grows the bar's total.
///
/// A shard writing to a log (a batch job's stderr is not a terminal) prints a line instead every
/// [`LOG_EVERY`], so its progress shows in the scheduler's log.
pub(super) fn progress_bar() -> (ProgressBar, BarProgress) {
    let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::hidden());
    bar.set_style(
        ProgressStyle::with_template("simulating {bar:40} {pos}/{len} replications, {eta} left")
            .expect("a valid template"),
    );
    let log = super::shard::ledger()
        .and_then(|ledger| ledger.shard_of())
        .filter(|_| !std::io::stderr().is_terminal())
        .map(|shard| LineLog {
            label: format!("shard {} of {}", shard.index, shard.count),
            last: Mutex::new(Instant::now()),
        });
    let progress = BarProgress {
        bar: bar.clone(),
        started: Instant::now(),
        shown: AtomicBool::new(false),
        log,
    };
    (bar, progress)
}

/// How often a shard writing to a log says how far it has got.
const LOG_EVERY: Duration = Duration::from_secs(10);

/// A shard's progress as lines in a log.
struct LineLog {
    label: String,
    last: Mutex<Instant>,
}

/// The library's [`Progress`] drawn as an indicatif bar (or, for a shard, lines in its log).
pub(super) struct BarProgress {
    bar: ProgressBar,
    started: Instant,
    shown: AtomicBool,
    log: Option<LineLog>,
}

impl BarProgress {
    /// A line for the log when [`LOG_EVERY`] has passed since the last.
    fn log_line(&self, log: &LineLog) {
        let Ok(mut last) = log.last.try_lock() else {
            return;
        };
        if last.elapsed() < LOG_EVERY {
            return;
        }
        *last = Instant::now();
        let (done, total) = (self.bar.position(), self.bar.length().unwrap_or(0).max(1));
        eprintln!(
            "{}: {done} of {total} tasks ({:.0} %), {:.0} s",
            log.label,
            100.0 * done as f64 / total as f64,
            self.started.elapsed().as_secs_f64()
        );
    }
}

impl Progress for BarProgress {
    fn tick(&self) {
        self.bar.inc(1);
        if let Some(log) = &self.log {
            self.log_line(log);
            return;
        }
        if !self.shown.load(Ordering::Relaxed) && self.started.elapsed() > Duration::from_secs(1) {
            self.shown.store(true, Ordering::Relaxed);
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
        }
    }

    fn add_work(&self, units: u64) {
        self.bar.inc_length(units);
    }
}

/// Simulates the plan's staffing with a progress bar.
pub(super) fn run_with_progress(
    scenario: &Scenario,
    plan: &Plan,
    options: SimOptions,
) -> anyhow::Result<SimulationResult> {
    let (bar, tick) = progress_bar();
    let agents: Vec<u32> = plan.intervals.iter().map(|i| i.staffed_agents).collect();
    let result = sim::simulate(scenario, &agents, options, &tick);
    bar.finish_and_clear();
    Ok(result?)
}
