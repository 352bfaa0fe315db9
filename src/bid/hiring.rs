//! Hiring against the requirement: classes trained and ramped by site, attrition of new hires
//! and tenured staff, and the productive FTE that follow.

use super::shared::*;

/// Productivity in each month of tenure k = 0, 1, 2, … (training, then the ramp, then 1).
///
/// # Formula
///
/// `p_k = ∫_k^{k+1} q(t) dt`, where `q(t) = 0` during training (`t < weeks / (52/12)`), then
/// `ramp[j]` in the j-th month after training, then 1.
pub fn productivity(training_weeks: f64, ramp: &[f64], months: usize) -> Vec<f64> {
    let training = training_weeks * 12.0 / 52.0;
    let q = |t: f64| {
        if t < training {
            0.0
        } else {
            ramp.get(((t - training).floor()) as usize)
                .copied()
                .unwrap_or(1.0)
        }
    };
    const STEPS: usize = 400;
    (0..months)
        .map(|k| {
            (0..STEPS)
                .map(|s| q(k as f64 + (s as f64 + 0.5) / STEPS as f64))
                .sum::<f64>()
                / STEPS as f64
        })
        .collect()
}

/// Whole months of training before go-live: a hire starts training this many months before
/// the month they first take contacts in.
pub fn training_months(config: &BidConfig) -> usize {
    (config.training_weeks * 12.0 / 52.0 - 1e-9).ceil().max(0.0) as usize
}

/// What hiring for the term produced beyond the months' own figures.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Hiring {
    pub(super) launch_hires: u32,
    pub(super) launch_classes: u32,
    pub(super) transition_cost: f64,
    pub(super) classes: Vec<TrainingClass>,
    pub(super) sites: Vec<SiteResult>,
    /// The transition's and the term's costs by what they are for.
    pub(super) build_up: BuildUp,
}

/// The costs by what they are for, summing to the bid's total cost.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct BuildUp {
    /// The launch team's wages before go-live.
    pub(super) transition_wages: f64,
    /// Recruiting, every hire.
    pub(super) recruiting: f64,
    /// Trainers, every class.
    pub(super) trainers: f64,
    /// The bench's cost taken out of the contract (`release = "redeploy"`).
    pub(super) bench_released: f64,
    /// Each `[[bid.cost_line]]`: in the term, and in the transition.
    pub(super) lines: Vec<(f64, f64)>,
}

/// The label of the month `k` months after the term's first (negative: before it).
pub(super) fn month_label(config: &BidConfig, k: i64) -> String {
    match config
        .start
        .map(|s| s.first_of_month().checked_add(jiff::Span::new().months(k)))
    {
        Some(Ok(d)) => d.strftime("%Y-%m").to_string(),
        _ => format!("M{}", k + 1),
    }
}

/// Each site's share of the work: its share of the contacts × its handle-time multiplier,
/// normalised (`f_s = share_s × m_s ÷ Σ share × m`).
pub(super) fn workload_shares(config: &BidConfig) -> Vec<f64> {
    let total: f64 = config
        .sites
        .iter()
        .map(|s| s.share * s.aht_multiplier)
        .sum::<f64>()
        .max(1e-12);
    config
        .sites
        .iter()
        .map(|s| s.share * s.aht_multiplier / total)
        .collect()
}

/// The loaded cost per paid hour at the start, in the client's currency, weighted by each site's
/// share of the work: `Σ_s f_s × hourly_cost_s(0)`.
pub fn blended_hourly_cost(config: &BidConfig) -> f64 {
    blended_hourly_cost_at(config, 0)
}

/// [`blended_hourly_cost`] in month `m` of the term (escalated, at its exchange rates).
pub fn blended_hourly_cost_at(config: &BidConfig, m: usize) -> f64 {
    config
        .sites
        .iter()
        .zip(workload_shares(config))
        .map(|(s, f)| s.hourly_cost_at(m) * f)
        .sum()
}

/// One site's hiring over the term, by month of the plan (the `offset` months before go-live
/// first).
pub(super) struct SiteHiring {
    /// People starting training in each month of the plan.
    pub(super) cohorts: Vec<u32>,
    /// Productive FTE in each month of the term.
    pub(super) effective_fte: Vec<f64>,
    /// Headcount at the end of each month of the plan.
    pub(super) headcount: Vec<u32>,
}

/// Hires whole people at `site`, in classes, month by month so its productive FTE covers
/// `required_fte` (one per month of the term).
///
/// A hire needed in month t starts training ⌈training⌉ months earlier, so training ends by t and
/// the ramp happens on live work (a ramping hire counts at its productivity, so more heads cover
/// the same FTE). The classes that start before month 1 are the launch team. A cohort of n hires
/// has `round(n × Π_{j<k} r_j)` people k months on, `r_j` the site's retention in tenure month j
/// (new-hire attrition in the first `new_hire_months`, then tenured attrition), so headcount,
/// leavers and hires are whole. Hires in a month fill classes of at most `class_size.max`, and a
/// class smaller than `class_size.min` is filled up to it. With `class_every`, classes start only
/// every that many months; a month between class starts is covered by the class before it.
pub(super) fn hire_site(
    config: &BidConfig,
    site: &crate::scenario::Site,
    required_fte: &[f64],
) -> SiteHiring {
    let term = required_fte.len();
    let offset = training_months(config);
    let span = term + offset;
    let p = productivity(config.training_weeks, &config.ramp, span + 1);
    // kept[k]: the share of a cohort still there k months after it starts.
    let mut kept = vec![1.0; span + 1];
    for k in 1..=span {
        kept[k] = kept[k - 1] * site.retention(config.new_hire_months, k - 1);
    }
    let survivors = |n: u32, age: usize| (f64::from(n) * kept[age]).round() as u32;
    let (class_min, class_max) = config.class_size;
    let mut cohorts = vec![0u32; span];
    let every = config.class_every_months.max(1);
    for (m, &required) in required_fte.iter().enumerate() {
        let t = m + offset;
        // The cohort that starts training `offset` months before t, or the last class start
        // allowed by `class_every` before it (those hires are further along by t).
        let h = m - m % every;
        let per_hire = p[t - h].max(1e-9);
        // Whole hires, then classes: never fewer than the shortfall needs.
        let mut n = 0u32;
        loop {
            let short = required - effective_with(&cohorts, h, n, t, &survivors, &p);
            if short <= 1e-9 {
                break;
            }
            n += (short / per_hire).ceil().max(1.0) as u32;
        }
        if n > 0 {
            let classes = n.div_ceil(class_max);
            n = n.max(classes * class_min);
        }
        cohorts[h] += n;
    }
    let headcount = (0..span)
        .map(|t| (0..=t).map(|h| survivors(cohorts[h], t - h)).sum())
        .collect();
    let effective_fte = (offset..span)
        .map(|t| effective_with(&cohorts, 0, 0, t, &survivors, &p))
        .collect();
    SiteHiring {
        cohorts,
        effective_fte,
        headcount,
    }
}

/// Classes for `n` hires starting together.
pub(super) fn class_count(config: &BidConfig, n: u32) -> u32 {
    if n == 0 {
        0
    } else {
        n.div_ceil(config.class_size.1)
    }
}

/// Hires for every site (each its share of the work, its own attrition and wage) and fills the
/// months' hires, classes, leavers, headcount, paid hours, effective FTE and cost with the sums;
/// the launch team's wages until go-live, recruiting and trainers are the transition cost.
pub(super) fn hire(config: &BidConfig, months: &mut [BidMonth]) -> Hiring {
    let shares = workload_shares(config);
    for month in months.iter_mut() {
        month.effective_fte = 0.0;
        month.hires = 0;
        month.classes = 0;
        month.leavers = 0;
        month.headcount = 0;
        month.paid_hours = 0.0;
        month.labour_cost = 0.0;
        month.cost = config.overheads_per_month;
    }
    let mut hiring = Hiring {
        launch_hires: 0,
        launch_classes: 0,
        transition_cost: 0.0,
        classes: Vec::new(),
        sites: Vec::new(),
        build_up: BuildUp::default(),
    };
    for (site, &share) in config.sites.iter().zip(&shares) {
        let site = hire_site_into(config, (site, share), months, &mut hiring);
        hiring.sites.push(site);
    }
    hiring.build_up.bench_released = bench(config, months);
    let lines = super::costs::add_cost_lines(config, months, &hiring.sites);
    hiring.transition_cost += lines.iter().map(|l| l.1).sum::<f64>();
    hiring.build_up.lines = lines;
    hiring
}

/// Hires for one site (its share of the work, its own attrition and wage): its classes and
/// launch into `hiring`, its people, hours and cost added to the months; returns the site's
/// result.
fn hire_site_into(
    config: &BidConfig,
    (site, share): (&crate::scenario::Site, f64),
    months: &mut [BidMonth],
    hiring: &mut Hiring,
) -> SiteResult {
    let offset = training_months(config);
    let recruiting = |n: u32| f64::from(n) * config.cost_per_hire;
    let trainers = |n: u32| f64::from(class_count(config, n)) * config.trainer_cost_per_class;
    let per_start = |n: u32| recruiting(n) + trainers(n);
    let required: Vec<f64> = months.iter().map(|m| m.required_fte * share).collect();
    let plan = hire_site(config, site, &required);
    let rate = site.hourly_cost_at(0);
    for (h, &n) in plan.cohorts.iter().enumerate() {
        let count = class_count(config, n);
        for c in 0..count {
            hiring.classes.push(TrainingClass {
                start: month_label(config, h as i64 - offset as i64),
                site: site.name.clone(),
                size: n / count + u32::from(c < n % count),
            });
        }
    }
    let launch = &plan.cohorts[..offset.min(plan.cohorts.len())];
    let launch_hires: u32 = launch.iter().sum();
    hiring.launch_hires += launch_hires;
    hiring.launch_classes += launch.iter().map(|&n| class_count(config, n)).sum::<u32>();
    let wages: f64 = (0..offset)
        .map(|t| f64::from(plan.headcount[t]) * config.hours_per_fte_month * rate)
        .sum();
    let transition = wages + launch.iter().map(|&n| per_start(n)).sum::<f64>();
    hiring.transition_cost += transition;
    let up = &mut hiring.build_up;
    up.transition_wages += wages;
    up.recruiting += plan.cohorts.iter().map(|&n| recruiting(n)).sum::<f64>();
    up.trainers += plan.cohorts.iter().map(|&n| trainers(n)).sum::<f64>();
    let mut result = SiteResult {
        name: site.name.clone(),
        share: site.share,
        workload_share: share,
        aht_multiplier: site.aht_multiplier,
        attrition: site.attrition,
        new_hire_attrition: site.new_hire_attrition,
        hourly_cost: rate,
        required_fte_months: required.iter().sum(),
        launch_hires,
        hires: plan.cohorts.iter().sum(),
        leavers: 0,
        paid_hours: 0.0,
        labour_cost: 0.0,
        transition_cost: transition,
        monthly_headcount: Vec::with_capacity(months.len()),
        monthly_hires: Vec::with_capacity(months.len()),
        monthly_cost: Vec::with_capacity(months.len()),
        launch_hires_by_month: launch.to_vec(),
    };
    for (m, month) in months.iter_mut().enumerate() {
        let t = m + offset;
        let hires = plan.cohorts.get(t).copied().unwrap_or(0);
        let headcount = plan.headcount[t];
        let before = if t > 0 { plan.headcount[t - 1] } else { 0 };
        let leavers = (before + hires).saturating_sub(headcount);
        let paid_hours = f64::from(headcount) * month.hours_per_fte;
        month.effective_fte += plan.effective_fte[m];
        month.hires += hires;
        month.classes += class_count(config, hires);
        month.leavers += leavers;
        month.headcount += headcount;
        month.paid_hours += paid_hours;
        let rate = site.hourly_cost_at(m);
        month.labour_cost += paid_hours * rate;
        month.cost += paid_hours * rate + per_start(hires);
        result.leavers += leavers;
        result.paid_hours += paid_hours;
        result.labour_cost += paid_hours * rate;
        result.monthly_headcount.push(headcount);
        result.monthly_hires.push(hires);
        result
            .monthly_cost
            .push(paid_hours * rate + per_start(hires));
    }
    result
}

/// The bench: productive FTE beyond the requirement, paid at the month's blended rate (or,
/// released to other work, out of this contract's cost); returns what is released.
fn bench(config: &BidConfig, months: &mut [BidMonth]) -> f64 {
    let mut released = 0.0;
    for (m, month) in months.iter_mut().enumerate() {
        let blended = blended_hourly_cost_at(config, m);
        month.bench_fte = (month.effective_fte - month.required_fte).max(0.0);
        month.bench_cost = month.bench_fte * month.hours_per_fte * blended;
        if config.release == crate::scenario::Release::Redeploy {
            month.paid_hours -= month.bench_fte * month.hours_per_fte;
            month.labour_cost -= month.bench_cost;
            month.cost -= month.bench_cost;
            released += month.bench_cost;
        }
    }
    released
}

/// Productive FTE in month `t` with `extra` more hires in cohort `h`.
pub(super) fn effective_with(
    cohorts: &[u32],
    h: usize,
    extra: u32,
    t: usize,
    survivors: &dyn Fn(u32, usize) -> u32,
    p: &[f64],
) -> f64 {
    (0..=t)
        .map(|c| {
            let n = cohorts[c] + if c == h { extra } else { 0 };
            f64::from(survivors(n, t - c)) * p[t - c]
        })
        .sum()
}
