//! Synthetic interval history for demos and tests: known weekly and intraday seasonality, a
//! trend, holidays, and Poisson noise.

use rand_distr::{Distribution, Poisson};

/// Settings of a synthetic history.
#[derive(Debug, Clone, PartialEq)]
pub struct Synthesis {
    /// The first day (its weekday starts the pattern).
    pub start: jiff::civil::Date,
    /// Whole weeks of history.
    pub weeks: u32,
    /// Minutes per interval (dividing a day).
    pub interval_minutes: u32,
    /// Contacts at the start on a day whose weekday factor is 1 (a Wednesday; Mondays run at
    /// 1.15 ×, Sundays at 0.55 ×).
    pub daily_volume: f64,
    /// Growth per week (0.003 = 0.3 %).
    pub weekly_growth: f64,
    /// Seed of the noise.
    pub seed: u64,
}

/// The expected volume (λ) of each interval, and the dates made holidays.
///
/// # Formula
///
/// `λ = daily_volume × (1 + growth)^(day/7) × weekday[day] × intraday(t) × holiday(day)`, where
/// `intraday` is a double hump (late morning and early evening) over a quiet night, and every
/// fifth week's Wednesday runs at 40 % (a holiday).
pub fn expected(s: &Synthesis) -> (Vec<f64>, Vec<jiff::civil::Date>) {
    const WEEKDAY: [f64; 7] = [1.15, 1.05, 1.0, 0.98, 0.95, 0.7, 0.55];
    let per_day = (1440 / s.interval_minutes) as usize;
    let curve: Vec<f64> = (0..per_day)
        .map(|k| {
            let hour = (k as f64 + 0.5) * 24.0 / per_day as f64;
            let hump = |centre: f64, width: f64| (-((hour - centre) / width).powi(2)).exp();
            0.08 + hump(11.0, 2.8) + 0.75 * hump(18.5, 2.2)
        })
        .collect();
    let curve_total: f64 = curve.iter().sum();
    let mut holidays = Vec::new();
    let mut lambda = Vec::with_capacity(per_day * 7 * s.weeks as usize);
    for day in 0..(7 * s.weeks) {
        let date = s
            .start
            .checked_add(jiff::Span::new().days(i64::from(day)))
            .expect("a calendar date");
        let weekday = super::profile::weekday_index(date.weekday());
        let holiday = weekday == 2 && (day / 7) % 5 == 4;
        if holiday {
            holidays.push(date);
        }
        let total = s.daily_volume
            * (1.0 + s.weekly_growth).powf(f64::from(day) / 7.0)
            * WEEKDAY[weekday]
            * if holiday { 0.4 } else { 1.0 };
        lambda.extend(curve.iter().map(|c| total * c / curve_total));
    }
    (lambda, holidays)
}

/// CSV text `start,volume,aht` of a synthetic history.
pub fn synthesize(s: &Synthesis) -> String {
    let (lambda, _) = expected(s);
    let mut rng = crate::rng::stream(s.seed, crate::rng::Domain::Synthesis, 0);
    let mut out = String::from("start,volume,aht\n");
    let start = s.start.to_datetime(jiff::civil::Time::midnight());
    let per_day = (1440 / s.interval_minutes) as usize;
    for (k, l) in lambda.iter().enumerate() {
        let volume = if *l > 0.0 {
            Poisson::new(*l).map(|p| p.sample(&mut rng)).unwrap_or(0.0)
        } else {
            0.0
        };
        let minutes = (k % per_day) as f64 * f64::from(s.interval_minutes);
        let aht = 280.0 + 40.0 * ((minutes / 1440.0) * std::f64::consts::TAU).sin();
        let when = start.saturating_add(jiff::SignedDuration::from_mins(
            i64::from(s.interval_minutes) * k as i64,
        ));
        out.push_str(&format!(
            "{},{volume},{aht:.0}\n",
            when.strftime("%Y-%m-%dT%H:%M")
        ));
    }
    out
}
