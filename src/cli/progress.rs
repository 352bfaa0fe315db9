//! The progress bar long commands draw on stderr, as the library's [`Progress`].

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use staffsim::plan::Plan;
use staffsim::progress::Progress;
use staffsim::scenario::Scenario;
use staffsim::sim::{self, SimOptions, SimulationResult};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// A progress bar on stderr that appears only once a run has taken a second (and never when
/// stderr is not a terminal), and the [`Progress`] to hand the library: each tick is one
/// finished unit of work (a replication), and work announced later grows the bar's total.
pub(super) fn progress_bar() -> (ProgressBar, BarProgress) {
    let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::hidden());
    bar.set_style(
        ProgressStyle::with_template("simulating {bar:40} {pos}/{len} replications, {eta} left")
            .expect("a valid template"),
    );
    let progress = BarProgress {
        bar: bar.clone(),
        started: Instant::now(),
        shown: AtomicBool::new(false),
    };
    (bar, progress)
}

/// The library's [`Progress`] drawn as an indicatif bar.
pub(super) struct BarProgress {
    bar: ProgressBar,
    started: Instant,
    shown: AtomicBool,
}

impl Progress for BarProgress {
    fn tick(&self) {
        self.bar.inc(1);
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
