//! The months of the term: each one the scenario's stretch scaled to the month's volume on the
//! month's own calendar (weekdays, holidays), planned with Erlang; and the paid hours of an FTE
//! in each month.

use super::shared::*;

/// One month of the term: the scenario scaled to the month's volume, and its Erlang plan.
#[derive(Debug, Clone)]
pub struct MonthPlan {
    /// `2027-01`, or `M1` without a start date.
    pub label: String,
    /// How many of the month's scenarios make up the month: 1, since each month is built on its
    /// own calendar days (kept for callers that scale a plan's hours to the month).
    pub horizons_per_month: f64,
    /// The month as a scenario: its calendar days, the scenario's pattern, the month's volume.
    pub scenario: Scenario,
    /// Its Erlang plan.
    pub plan: Plan,
}

/// Per weekday and time of day: Σ volume, Σ volume × AHT, Σ AHT, rows, open.
type SlotSums = (f64, f64, f64, u32, bool);

/// The scenario's typical week: for each weekday and time of day, the mean volume and handle
/// time over the stretch's calendar days of that weekday (a weekday with no rows is closed).
/// Special days of the stretch are left out, so a holiday in the sample does not shape every
/// month. A one-day stretch is a typical day: every weekday takes it.
pub(super) struct WeekPattern {
    /// Per weekday (Monday = 0): (seconds after midnight, mean volume, mean AHT, open).
    pub(super) days: [Vec<(i64, f64, f64, bool)>; 7],
}

impl WeekPattern {
    fn of(scenario: &Scenario) -> Self {
        use std::collections::BTreeMap;
        let first = scenario.intervals.first().map(|i| i.start.date());
        let last = scenario.intervals.last().map(|i| i.start.date());
        let mut occurrences = [0u32; 7];
        let mut special = std::collections::HashSet::new();
        for i in &scenario.intervals {
            if i.special_day.is_some() {
                special.insert(i.start.date());
            }
        }
        let short = scenario.span_days() <= 1;
        // The weekday an interval's date counts as: its own, or all one for a one-day stretch.
        let weekday = |d: jiff::civil::Date| {
            if short {
                0
            } else {
                crate::forecast::weekday(d)
            }
        };
        if let (Some(a), Some(b)) = (first, last) {
            let mut d = a;
            loop {
                if !special.contains(&d) {
                    occurrences[weekday(d)] += 1;
                }
                match d.tomorrow() {
                    Ok(next) if d < b => d = next,
                    _ => break,
                }
            }
        }
        // (weekday, slot) → (Σ volume, Σ volume × AHT, Σ AHT, rows, open)
        let mut slots: [BTreeMap<i64, SlotSums>; 7] = Default::default();
        for i in &scenario.intervals {
            let date = i.start.date();
            if special.contains(&date) {
                continue;
            }
            let w = weekday(date);
            let t = i.start.time();
            let slot =
                i64::from(t.hour()) * 3600 + i64::from(t.minute()) * 60 + i64::from(t.second());
            let e = slots[w].entry(slot).or_insert((0.0, 0.0, 0.0, 0, false));
            let v = if i.open { i.volume } else { 0.0 };
            e.0 += v;
            e.1 += v * i.aht.get();
            e.2 += i.aht.get();
            e.3 += 1;
            e.4 |= i.open;
        }
        let days = std::array::from_fn(|w| {
            let w = if short { 0 } else { w };
            let n = f64::from(occurrences[w].max(1));
            slots[w]
                .iter()
                .map(|(&slot, &(v, va, a, rows, open))| {
                    let aht = if v > 0.0 {
                        va / v
                    } else {
                        a / f64::from(rows.max(1))
                    };
                    (slot, v / n, aht, open)
                })
                .collect()
        });
        WeekPattern { days }
    }
}

/// The calendar days of month `m` of the term: from `[bid] start`, or from the first of the
/// scenario's first month when the bid has no start.
pub(super) fn month_dates(
    config: &BidConfig,
    scenario: &Scenario,
    m: usize,
) -> (String, Vec<jiff::civil::Date>) {
    let anchor = config
        .start
        .or_else(|| scenario.intervals.first().map(|i| i.start.date()))
        .map(|d| d.first_of_month());
    let Some(first) = anchor.and_then(|a| a.checked_add(jiff::Span::new().months(m as i64)).ok())
    else {
        return (format!("M{}", m + 1), Vec::new());
    };
    let label = if config.start.is_some() {
        first.strftime("%Y-%m").to_string()
    } else {
        format!("M{}", m + 1)
    };
    let dates = (0..i64::from(first.days_in_month()))
        .filter_map(|d| first.checked_add(jiff::Span::new().days(d)).ok())
        .collect();
    (label, dates)
}

/// Each month of the term built from its real calendar days: the scenario's weekday pattern and
/// intraday shape on that month's dates, `[bid] holidays` applied, the month's volume spread over
/// its open days; with its Erlang plan. A pattern given as a CSV (closed hours and days absent)
/// and as a profile (closed intervals present) build the same months.
pub fn months(scenario: &Scenario) -> Result<Vec<MonthPlan>> {
    let config = scenario
        .bid
        .as_ref()
        .ok_or_else(|| Error::input(scenario.source.display(), "no [bid] section"))?;
    let base_volume: f64 = scenario.open_intervals().map(|i| i.volume).sum();
    if base_volume <= 0.0 {
        return Err(Error::input(
            scenario.source.display(),
            "the forecast has no volume to scale into months",
        ));
    }
    let pattern = WeekPattern::of(scenario);
    // Months are planned in parallel: each is a whole Erlang plan of its own.
    (0..config.term_months as usize)
        .into_par_iter()
        .map(|m| {
            let (label, dates) = month_dates(config, scenario, m);
            let mut intervals = Vec::new();
            for date in &dates {
                let holiday = config.holidays.iter().find(|h| h.covers(*date));
                let midnight = date.to_datetime(jiff::civil::Time::midnight());
                for &(slot, volume, aht, open) in &pattern.days[crate::forecast::weekday(*date)] {
                    let closed = holiday.is_some_and(|h| h.closed);
                    let (vm, am) = holiday.map_or((1.0, 1.0), |h| (h.volume_multiplier, h.aht_multiplier));
                    intervals.push(crate::scenario::IntervalDemand {
                        start: midnight.saturating_add(jiff::SignedDuration::from_secs(slot)),
                        volume: if open && !closed { volume * vm } else { 0.0 },
                        aht: Seconds(aht * am),
                        open: open && !closed,
                        special_day: None,
                        given_agents: None,
                    });
                }
            }
            if !intervals.iter().any(|i| i.open) {
                return Err(Error::input(
                    format!("{}: [bid]", scenario.source.display()),
                    format!("month {label} has no open interval: the pattern or the holidays close every day"),
                ));
            }
            let mut month = scenario.clone();
            month.intervals = intervals;
            month.special_days = Vec::new();
            let volume: f64 = month.open_intervals().map(|i| i.volume).sum();
            let scale = if volume > 0.0 { config.monthly_volume[m] / volume } else { 0.0 };
            let mut month = scaled(&month, scale, config.aht);
            // The sites share one queue: a contact's handle time is the site mix's.
            let site_aht: f64 = config.sites.iter().map(|s| s.share * s.aht_multiplier).sum();
            for i in &mut month.intervals {
                i.aht = Seconds(i.aht.get() * site_aht);
            }
            let plan = plan::plan(&month)?;
            Ok(MonthPlan {
                label,
                horizons_per_month: 1.0,
                scenario: month,
                plan,
            })
        })
        .collect()
}

/// The scenario with every volume × `scale`, and every AHT rescaled so the open-interval mean is
/// `aht` (when given).
pub(super) fn scaled(scenario: &Scenario, scale: f64, aht: Option<Seconds>) -> Scenario {
    let mut s = scenario.clone();
    let volume: f64 = s.open_intervals().map(|i| i.volume).sum();
    let mean_aht = s
        .open_intervals()
        .map(|i| i.aht.get() * i.volume)
        .sum::<f64>()
        / volume.max(1e-9);
    let aht_factor = aht.map_or(1.0, |a| a.get() / mean_aht.max(1e-9));
    for i in &mut s.intervals {
        i.volume *= scale;
        i.aht = Seconds(i.aht.get() * aht_factor);
    }
    if s.staffing.is_given() {
        // A bid staffs to the requirement: agents given for the scenario would not scale with
        // the volume.
        s.staffing = match s.patience.mean() {
            Some(_) => Staffing::ErlangA,
            None => Staffing::ErlangC,
        };
        for i in &mut s.intervals {
            i.given_agents = None;
        }
    }
    s
}

/// Paid hours of one FTE in month `m`: with calendar hours, the month's working days (Monday to
/// Friday, less the `[[bid.holidays]]` falling on them) × the daily contracted hours
/// (`[cost] hours_per_fte_week` ÷ 5); otherwise `hours_per_fte_month`.
///
/// # Formula
///
/// `h_m = |{d ∈ month m : weekday(d) ≤ Friday, d not a holiday}| × hours_per_fte_week ÷ 5`
pub fn hours_per_fte(config: &BidConfig, scenario: &Scenario, m: usize) -> f64 {
    let Some(per_day) = config.hours_per_fte_day else {
        return config.hours_per_fte_month;
    };
    let (_, dates) = month_dates(config, scenario, m);
    if dates.is_empty() {
        return config.hours_per_fte_month;
    }
    let working = dates
        .iter()
        .filter(|d| crate::forecast::weekday(**d) < 5)
        .filter(|d| !config.holidays.iter().any(|h| h.covers(**d)))
        .count();
    working as f64 * per_day
}

/// The months of the term at the plain Erlang requirement: volume, handled contacts and minutes,
/// required agent-hours and FTE (at the bid's shrinkage and each month's paid hours per FTE);
/// hiring, cost and risk are filled in later. A term that handles no contacts is refused: it has
/// no price per contact, minute or FTE.
pub fn requirement_months(
    scenario: &Scenario,
    config: &BidConfig,
    monthly: &[MonthPlan],
) -> Result<Vec<BidMonth>> {
    let shrinkage = config
        .shrinkage
        .unwrap_or(scenario.shrinkage.total.fraction());
    let base: Vec<BidMonth> = monthly
        .iter()
        .enumerate()
        .map(|(m, month)| {
            let (s, p) = (&month.scenario, &month.plan);
            let per_month = month.horizons_per_month;
            let t = &p.totals;
            let required_agent_hours = t.required_agent_hours * per_month;
            let handled = t.answered * per_month;
            let aht = s
                .open_intervals()
                .map(|i| i.aht.get() * i.volume)
                .sum::<f64>()
                / t.offered.max(1e-9);
            let hours_per_fte = hours_per_fte(config, scenario, m);
            BidMonth {
                month: m as u32 + 1,
                label: month.label.clone(),
                volume: config.monthly_volume[m],
                handled,
                handled_minutes: handled * aht / 60.0,
                required_agent_hours,
                required_fte: required_agent_hours / (1.0 - shrinkage) / hours_per_fte,
                effective_fte: 0.0,
                hours_per_fte,
                bench_fte: 0.0,
                bench_cost: 0.0,
                hires: 0,
                classes: 0,
                leavers: 0,
                headcount: 0,
                paid_hours: 0.0,
                labour_cost: 0.0,
                cost: 0.0,
                fee: 0.0,
                p_miss_sla: 0.0,
                p_miss_sla_ci95: [0.0, 1.0],
            }
        })
        .collect();

    let handled_over_term: f64 = base.iter().map(|m| m.handled).sum();
    if handled_over_term < 1.0 {
        return Err(Error::input(
            format!("{}: [bid] monthly_volume", scenario.source.display()),
            format!(
                "the term handles {handled_over_term:.0} contacts: a contract with no volume has no price per contact, minute or FTE; give the months their volume"
            ),
        ));
    }
    Ok(base)
}
