//! One replication of a preview-dialled outbound campaign: each agent dials one record at a
//! time and waits for its outcome.
//!
//! A dial reaches a right party with probability `contact_rate`; the right party then takes a
//! handle time drawn from the handle-time distribution (mean the interval's AHT), an unanswered
//! or wrong-party dial takes `dial_seconds`. Within an interval the agent free first dials next;
//! the campaign stops dialling an interval once its target of right-party contacts is reached
//! (the target, fractional in the plan, is rounded up or down at random so its mean is kept)
//! and starts afresh at the next. An agent busy at a boundary finishes first; agents beyond the
//! next interval's staffing finish what they hold and go, counted on the phones until then.
//! Busy time is dialling plus handling, so occupancy counts dialling, as the plan does.

use super::model::{Preview, SimModel};
use super::replication::{IntervalCounters, Replication, replication_rng};
use rand::RngExt;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// Runs replication `replication` of the preview campaign `model`.
pub(super) fn run_preview_replication(
    model: &SimModel,
    preview: &Preview,
    seed: u64,
    replication: u64,
) -> Replication {
    let mut rng = replication_rng(seed, replication);
    let length = model.interval_seconds;
    let campaign = model
        .outbound
        .as_ref()
        .expect("a preview model is a campaign");
    let rate = campaign.contact_rate;
    let mut counters = vec![IntervalCounters::default(); model.intervals.len()];
    // Each agent's next free time, by slot; slots beyond an interval's staffing are off.
    let most = model.intervals.iter().map(|i| i.agents).max().unwrap_or(0) as usize;
    let mut free = vec![0.0_f64; most];
    let mut events = 0u64;
    let mut queue: BinaryHeap<Reverse<(u64, usize)>> = BinaryHeap::new();
    for (k, interval) in model.intervals.iter().enumerate() {
        let start = k as f64 * length;
        let end = start + length;
        let n = interval.agents as usize;
        events += 1;
        counters[k].staffed_seconds += n as f64 * length;
        // Agents beyond the staffing who are still busy stay on until they finish.
        for &f in &free[n..] {
            if f > start {
                counters[k].staffed_seconds += (f - start).min(length);
            }
        }
        let target = campaign.targets[k];
        let whole = target.floor();
        let goal = whole + f64::from(u8::from(rng.random::<f64>() < target - whole));
        let mut reached = 0.0;
        queue.clear();
        for (j, f) in free.iter_mut().enumerate().take(n) {
            *f = f.max(start);
            queue.push(Reverse(((*f).to_bits(), j)));
        }
        while reached < goal {
            let Some(Reverse((bits, j))) = queue.pop() else {
                break;
            };
            let t = f64::from_bits(bits);
            if t >= end {
                break;
            }
            events += 1;
            let c = &mut counters[k];
            c.dials += 1;
            let took = if rng.random::<f64>() < rate {
                let handle = model.service.sample(&mut rng, interval.aht);
                c.offered += 1;
                c.count_answered(0.0, model.within, handle);
                reached += 1.0;
                handle
            } else {
                preview.dial_seconds
            };
            charge_busy(&mut counters, k, t, t + took, length);
            free[j] = t + took;
            queue.push(Reverse((free[j].to_bits(), j)));
        }
    }
    Replication {
        intervals: counters,
        events,
        stranded: 0,
    }
}

/// Charges busy time from `from` (in interval `k`) to `to` to the intervals it falls in.
fn charge_busy(counters: &mut [IntervalCounters], mut k: usize, from: f64, to: f64, length: f64) {
    let mut time = from;
    while time < to && k < counters.len() {
        let edge = ((k + 1) as f64 * length).min(to);
        counters[k].busy_seconds += edge - time;
        time = edge;
        k += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::super::model::{Campaign, PatienceSampler, ServiceSampler, SimInterval};
    use super::*;

    fn campaign(agents: &[u32], target: f64, rate: f64) -> SimModel {
        SimModel {
            interval_seconds: 3600.0,
            intervals: agents
                .iter()
                .map(|&agents| SimInterval {
                    rate: 0.0,
                    aht: 300.0,
                    agents,
                    open: true,
                    day: 0,
                })
                .collect(),
            days: 1,
            within: 20.0,
            service: ServiceSampler::Fixed,
            patience: PatienceSampler::Immediate,
            volume_cv: 0.0,
            fcr: 1.0,
            repeat_delay: 0.0,
            retry_probability: 0.0,
            retry_delay: 0.0,
            sessions: vec![1.0],
            deferral: None,
            outbound: Some(Campaign {
                contact_rate: rate,
                failures: rand_distr::Geometric::new(rate).unwrap(),
                targets: vec![target; agents.len()],
                max_abandon: 0.03,
                preview: Some(Preview { dial_seconds: 20.0 }),
            }),
        }
    }

    fn run(model: &SimModel, seed: u64) -> Replication {
        let preview = model.outbound.as_ref().unwrap().preview.as_ref().unwrap();
        run_preview_replication(model, preview, seed, 0)
    }

    #[test]
    fn every_dial_reaches_a_right_party_at_a_contact_rate_of_one() {
        // 2 agents × 3600 s ÷ 300 s = 24 contacts possible; the target stops dialling at 20.
        let r = run(&campaign(&[2], 20.0, 1.0), 1);
        let c = r.intervals[0];
        assert_eq!((c.offered, c.answered, c.dials), (20, 20, 20));
        assert_eq!(c.busy_seconds, 20.0 * 300.0);
        assert_eq!(c.staffed_seconds, 2.0 * 3600.0);
    }

    #[test]
    fn too_few_agents_reach_what_their_time_allows() {
        let r = run(&campaign(&[1], 100.0, 1.0), 1);
        assert_eq!(r.intervals[0].answered, 12, "3600 s ÷ 300 s");
    }

    #[test]
    fn unanswered_dials_cost_agent_time_and_count() {
        let r = run(&campaign(&[10], 30.0, 0.25), 7);
        let c = r.intervals[0];
        assert_eq!(c.answered, 30);
        let failed = f64::from(c.dials - c.answered);
        assert!((c.busy_seconds - (30.0 * 300.0 + failed * 20.0)).abs() < 1e-6);
        assert!(
            c.dials > 60 && c.dials < 200,
            "about 120 dials: {}",
            c.dials
        );
    }
}
