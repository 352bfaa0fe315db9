//! Forecasting interval volumes: four methods, chosen by a rolling-origin backtest on WAPE.
//!
//! Every method forecasts interval `t ≥ origin` from the observations before `origin` only, so the
//! backtest is honest. Missing observations (gaps, special days left out) are skipped.

use super::history::History;
use crate::error::{Error, Result};
use std::fmt;
use std::str::FromStr;

/// A forecasting method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Method {
    /// The same interval one week earlier.
    SeasonalNaive,
    /// A weighted average of the same weekday and interval over the last weeks (recent weeks weigh more).
    WeightedAverage,
    /// Additive double-seasonal Holt–Winters (Taylor 2003): level, daily and weekly seasonal terms.
    HoltWinters,
    /// Daily totals (trend × weekday) times each weekday's intraday profile.
    DailyProfile,
}

impl Method {
    /// Every method, in the order they are tried.
    pub const ALL: [Method; 4] = [
        Method::SeasonalNaive,
        Method::WeightedAverage,
        Method::HoltWinters,
        Method::DailyProfile,
    ];

    /// The name used on the command line and in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::SeasonalNaive => "seasonal-naive",
            Method::WeightedAverage => "weighted-average",
            Method::HoltWinters => "holt-winters",
            Method::DailyProfile => "daily-profile",
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Method {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        Method::ALL
            .into_iter()
            .find(|m| m.as_str() == text.trim().to_ascii_lowercase())
            .ok_or_else(|| {
                format!("'{text}' is not a method: use seasonal-naive, weighted-average, holt-winters or daily-profile")
            })
    }
}

/// Weeks of history the averaging methods look back over.
const WEEKS_BACK: usize = 8;

/// The grid the methods work on.
struct Grid<'a> {
    y: &'a [Option<f64>],
    day: usize,
    week: usize,
    /// Week slot of index 0.
    phase: usize,
}

impl Grid<'_> {
    fn week_slot(&self, t: usize) -> usize {
        (self.phase + t) % self.week
    }

    /// Index of the start of the day containing `t`.
    fn day_start(&self, t: usize) -> usize {
        let slot_in_day = (self.phase + t) % self.day;
        t.saturating_sub(slot_in_day)
    }
}

/// Forecasts `horizon` intervals from `origin` with `method`, using `y[..origin]` only.
fn forecast_from(
    method: Method,
    g: &Grid,
    origin: usize,
    horizon: usize,
    hw: HwParams,
) -> Vec<f64> {
    match method {
        Method::SeasonalNaive => (origin..origin + horizon)
            .map(|t| {
                (1..)
                    .map(|k| k * g.week)
                    .take_while(|&lag| lag <= t)
                    .filter(|&lag| t - lag < origin)
                    .find_map(|lag| g.y[t - lag])
                    .unwrap_or(0.0)
            })
            .collect(),
        Method::WeightedAverage => (origin..origin + horizon)
            .map(|t| {
                let mut total = 0.0;
                let mut weights = 0.0;
                let first_lag = (t - origin) / g.week + 1;
                for (j, k) in (first_lag..first_lag + WEEKS_BACK).enumerate() {
                    let lag = k * g.week;
                    if lag > t {
                        break;
                    }
                    if let Some(v) = g.y[t - lag] {
                        let w = (WEEKS_BACK - j) as f64;
                        total += w * v;
                        weights += w;
                    }
                }
                if weights > 0.0 { total / weights } else { 0.0 }
            })
            .collect(),
        Method::HoltWinters => holt_winters(g, origin, horizon, hw),
        Method::DailyProfile => daily_profile(g, origin, horizon),
    }
}

/// Smoothing parameters of the double-seasonal model.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct HwParams {
    /// Level.
    pub alpha: f64,
    /// Daily seasonal term.
    pub delta: f64,
    /// Weekly seasonal term.
    pub omega: f64,
}

/// Additive double-seasonal Holt–Winters (Taylor, *Short-term electricity demand forecasting
/// using double seasonal exponential smoothing*, JORS 2003):
///
/// ```text
/// e_t = y_t − (ℓ_{t−1} + d_{t−s₁} + w_{t−s₂})
/// ℓ_t = ℓ_{t−1} + α e_t,   d_t = d_{t−s₁} + δ e_t,   w_t = w_{t−s₂} + ω e_t
/// ŷ_{n+h} = ℓ_n + d_{n+h−s₁⌈h/s₁⌉} + w_{n+h−s₂⌈h/s₂⌉}
/// ```
///
/// started from the first week (level = its mean, weekly terms = its deviations); missing
/// observations leave the state unchanged. Forecasts are floored at 0.
fn holt_winters(g: &Grid, origin: usize, horizon: usize, p: HwParams) -> Vec<f64> {
    let (s1, s2) = (g.day, g.week);
    let first_week: Vec<f64> = g.y[..s2.min(origin)]
        .iter()
        .map(|v| v.unwrap_or(f64::NAN))
        .collect();
    let observed: Vec<f64> = first_week
        .iter()
        .copied()
        .filter(|v| v.is_finite())
        .collect();
    let mut level = if observed.is_empty() {
        0.0
    } else {
        observed.iter().sum::<f64>() / observed.len() as f64
    };
    let mut daily = vec![0.0; s1];
    let mut weekly = vec![0.0; s2];
    for (t, v) in first_week.iter().enumerate() {
        weekly[g.week_slot(t)] = if v.is_finite() { v - level } else { 0.0 };
    }
    for t in s2.min(origin)..origin {
        let (di, wi) = ((g.phase + t) % s1, g.week_slot(t));
        if let Some(y) = g.y[t] {
            let e = y - (level + daily[di] + weekly[wi]);
            level += p.alpha * e;
            daily[di] += p.delta * e;
            weekly[wi] += p.omega * e;
        }
    }
    (origin..origin + horizon)
        .map(|t| (level + daily[(g.phase + t) % s1] + weekly[g.week_slot(t)]).max(0.0))
        .collect()
}

/// Daily totals × intraday profile. The daily total is the weekly total's linear trend over the
/// last weeks, times the weekday's share of its week; the intraday profile is each weekday's
/// average share per interval over the same weeks.
fn daily_profile(g: &Grid, origin: usize, horizon: usize) -> Vec<f64> {
    let today = g.day_start(origin);
    let weeks = (today / g.week).clamp(1, WEEKS_BACK);
    // Weekly blocks ending at the start of the origin's day: block 0 is the oldest.
    let block_start = |b: usize| today - (weeks - b) * g.week;
    let mut week_totals = Vec::new();
    let mut weekday_share = [(0.0, 0.0); 7];
    let mut slot_share = vec![(0.0, 0.0); g.week];
    for b in 0..weeks {
        let s = block_start(b);
        let values = &g.y[s..s + g.week];
        let observed = values.iter().filter(|v| v.is_some()).count();
        if observed * 10 < g.week * 9 {
            continue; // a week with more than 10 % missing says little about its total
        }
        let total: f64 = values.iter().flatten().sum::<f64>() * g.week as f64 / observed as f64;
        week_totals.push((b as f64, total));
        for d in 0..7 {
            let day = &values[d * g.day..(d + 1) * g.day];
            if day.iter().all(Option::is_some) && total > 0.0 {
                let day_total: f64 = day.iter().flatten().sum();
                let weekday = g.week_slot(s + d * g.day) / g.day;
                weekday_share[weekday].0 += day_total / total;
                weekday_share[weekday].1 += 1.0;
                if day_total > 0.0 {
                    for (k, v) in day.iter().enumerate() {
                        let slot = g.week_slot(s + d * g.day + k);
                        slot_share[slot].0 += v.unwrap_or(0.0) / day_total;
                        slot_share[slot].1 += 1.0;
                    }
                }
            }
        }
    }
    if week_totals.is_empty() {
        return forecast_from(
            Method::WeightedAverage,
            g,
            origin,
            horizon,
            HwParams {
                alpha: 0.0,
                delta: 0.0,
                omega: 0.0,
            },
        );
    }
    // Least-squares line through the weekly totals.
    let n = week_totals.len() as f64;
    let (mx, my) = (
        week_totals.iter().map(|p| p.0).sum::<f64>() / n,
        week_totals.iter().map(|p| p.1).sum::<f64>() / n,
    );
    let sxx: f64 = week_totals.iter().map(|p| (p.0 - mx).powi(2)).sum();
    let slope = if sxx > 0.0 {
        week_totals
            .iter()
            .map(|p| (p.0 - mx) * (p.1 - my))
            .sum::<f64>()
            / sxx
    } else {
        0.0
    };
    let mean = |(sum, count): (f64, f64)| if count > 0.0 { sum / count } else { 0.0 };
    (origin..origin + horizon)
        .map(|t| {
            let week_position = weeks as f64 + (t - today) as f64 / g.week as f64 - 0.5;
            let week_total = (my + slope * (week_position - mx)).max(0.0);
            let slot = g.week_slot(t);
            let share_of_week = mean(weekday_share[slot / g.day]);
            week_total * share_of_week * mean(slot_share[slot])
        })
        .collect()
}

/// Accuracy of forecasts against actuals at one level of aggregation.
#[derive(Debug, Clone, Copy, PartialEq, Default, serde::Serialize)]
pub struct Accuracy {
    /// Σ|actual − forecast| ÷ Σ actual.
    pub wape: f64,
    /// Mean of |actual − forecast| ÷ actual over actuals > 0.
    pub mape: f64,
    /// Σ(forecast − actual) ÷ Σ actual: positive when over-forecasting.
    pub bias: f64,
    /// The WAPE a perfect forecast of Poisson counts would still have: Σ√(2a/π) ÷ Σa.
    pub poisson_floor: f64,
}

/// Accuracy of `pairs` of (actual, forecast).
///
/// # Formula
///
/// For Poisson counts with mean λ, `E|X − λ| ≈ √(2λ/π)`, so no forecast beats
/// `WAPE = Σ√(2λᵢ/π) / Σλᵢ`, estimated with the actuals in place of λ.
pub fn accuracy(pairs: &[(f64, f64)]) -> Accuracy {
    let total: f64 = pairs.iter().map(|p| p.0).sum();
    if total <= 0.0 {
        return Accuracy::default();
    }
    let positive: Vec<&(f64, f64)> = pairs.iter().filter(|p| p.0 > 0.0).collect();
    Accuracy {
        wape: pairs.iter().map(|(a, f)| (a - f).abs()).sum::<f64>() / total,
        mape: positive.iter().map(|(a, f)| (a - f).abs() / a).sum::<f64>()
            / positive.len().max(1) as f64,
        bias: pairs.iter().map(|(a, f)| f - a).sum::<f64>() / total,
        poisson_floor: pairs
            .iter()
            .map(|(a, _)| (2.0 * a / std::f64::consts::PI).sqrt())
            .sum::<f64>()
            / total,
    }
}

/// A method's backtest: accuracy at interval, daily and weekly level.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Backtest {
    /// The method.
    pub method: Method,
    /// Per interval.
    pub interval: Accuracy,
    /// Per day.
    pub daily: Accuracy,
    /// Per week (one per origin).
    pub weekly: Accuracy,
    /// Quasi-Poisson dispersion of the interval errors: Σ(a − f)² ÷ Σ max(f, 1).
    pub dispersion: f64,
}

/// The fitted forecast.
#[derive(Debug, Clone, PartialEq)]
pub struct Forecast {
    /// The method used.
    pub method: Method,
    /// Every method's backtest, best first.
    pub backtests: Vec<Backtest>,
    /// Rolling origins used by the backtest.
    pub origins: usize,
    /// Holt–Winters parameters chosen by the backtest.
    pub holt_winters: HwParams,
    /// Point forecasts for the horizon.
    pub volume: Vec<f64>,
    /// 95 % prediction interval: `f ∓ z·√(φ·f)` with φ the backtest dispersion and z = 1.96 (`Z_95`).
    pub low: Vec<f64>,
    /// Upper bound.
    pub high: Vec<f64>,
    /// AHT forecast (the mean of the same interval over the last four weeks), when the history has AHT.
    pub aht: Option<Vec<f64>>,
}

/// Fits every method (or `forced`), backtests them from rolling origins one week apart, and
/// forecasts `horizon` intervals after the history with the best.
pub fn fit(history: &History, horizon: usize, forced: Option<Method>) -> Result<Forecast> {
    check_enough(history)?;
    let spd = history.slots_per_day();
    let week = 7 * spd;
    let n = history.volume.len();
    let backtester = Backtester {
        g: Grid {
            y: &history.volume,
            day: spd,
            week,
            phase: history.week_slot(0),
        },
        n,
        origins: (n / week).saturating_sub(2).clamp(1, 4),
    };
    let hw = backtester.tune_holt_winters(forced);
    let methods: Vec<Method> = forced.map_or(Method::ALL.to_vec(), |m| vec![m]);
    let mut backtests: Vec<Backtest> = methods
        .into_iter()
        .map(|method| backtester.backtest(method, hw))
        .collect();
    backtests.sort_by(|a, b| a.interval.wape.total_cmp(&b.interval.wape));
    let best = &backtests[0];
    let volume = forecast_from(best.method, &backtester.g, n, horizon, hw);
    let spread = |f: f64| crate::units::Z_95 * (best.dispersion.max(1.0) * f.max(0.0)).sqrt();
    let low = volume.iter().map(|&f| (f - spread(f)).max(0.0)).collect();
    let high = volume.iter().map(|&f| f + spread(f)).collect();
    let aht = history
        .aht
        .as_ref()
        .map(|aht| aht_forecast(aht, horizon, week));
    Ok(Forecast {
        method: best.method,
        origins: backtester.origins,
        holt_winters: hw,
        backtests,
        volume,
        low,
        high,
        aht,
    })
}

/// At least three weeks of history, and 21 days with observations once gaps and excluded
/// dates are left out: enough to fit weekly patterns.
fn check_enough(history: &History) -> Result<()> {
    let spd = history.slots_per_day();
    let n = history.volume.len();
    if n < 21 * spd {
        return Err(Error::input(
            "history",
            format!(
                "{} days of history: at least 21 days are needed to fit weekly patterns",
                n / spd
            ),
        ));
    }
    let observed_days = history
        .volume
        .chunks(spd)
        .filter(|day| day.iter().any(Option::is_some))
        .count();
    if observed_days < 21 {
        return Err(Error::input(
            "history",
            format!(
                "{observed_days} days with observations once gaps and excluded dates are left out: at least 21 are needed to fit weekly patterns"
            ),
        ));
    }
    Ok(())
}

/// Forecasts from rolling origins one week apart, scored against what happened.
struct Backtester<'a> {
    g: Grid<'a>,
    /// Intervals of history.
    n: usize,
    /// Origins: 1 to 4 weeks before the end.
    origins: usize,
}

impl Backtester<'_> {
    /// A week's forecast from each origin.
    fn run(&self, method: Method, hw: HwParams) -> Vec<(usize, Vec<f64>)> {
        let week = self.g.week;
        (1..=self.origins)
            .map(|k| {
                let origin = self.n - k * week;
                (origin, forecast_from(method, &self.g, origin, week, hw))
            })
            .collect()
    }

    /// (interval, actual, forecast) wherever the interval was observed.
    fn pairs(&self, forecasts: &[(usize, Vec<f64>)]) -> Vec<(usize, f64, f64)> {
        forecasts
            .iter()
            .flat_map(|&(origin, ref f)| {
                f.iter()
                    .enumerate()
                    .filter_map(move |(h, &fc)| self.g.y[origin + h].map(|a| (origin + h, a, fc)))
            })
            .collect()
    }

    /// Holt–Winters' smoothing parameters with the best backtest WAPE over a grid (the defaults
    /// when another method is forced).
    fn tune_holt_winters(&self, forced: Option<Method>) -> HwParams {
        let grid = [0.005, 0.02, 0.05, 0.1, 0.2];
        let mut best = (
            f64::INFINITY,
            HwParams {
                alpha: 0.02,
                delta: 0.02,
                omega: 0.05,
            },
        );
        if forced.is_some_and(|m| m != Method::HoltWinters) {
            return best.1;
        }
        for &alpha in &grid {
            for &delta in &grid {
                for &omega in &grid {
                    let p = HwParams {
                        alpha,
                        delta,
                        omega,
                    };
                    let pairs: Vec<(f64, f64)> = self
                        .pairs(&self.run(Method::HoltWinters, p))
                        .iter()
                        .map(|&(_, a, f)| (a, f))
                        .collect();
                    let w = accuracy(&pairs).wape;
                    if w < best.0 {
                        best = (w, p);
                    }
                }
            }
        }
        best.1
    }

    /// `method`'s backtest: its accuracy by interval, day and week, and its dispersion
    /// φ = Σ (a − f)² ÷ Σ max(f, 1), the variance-to-mean ratio its prediction band uses.
    fn backtest(&self, method: Method, hw: HwParams) -> Backtest {
        let (week, n) = (self.g.week, self.n);
        let pairs = self.pairs(&self.run(method, hw));
        let interval: Vec<(f64, f64)> = pairs.iter().map(|&(_, a, f)| (a, f)).collect();
        let mut days: std::collections::BTreeMap<usize, (f64, f64)> = Default::default();
        let mut weeks: std::collections::BTreeMap<usize, (f64, f64)> = Default::default();
        for &(t, a, f) in &pairs {
            let d = days.entry(self.g.day_start(t)).or_default();
            d.0 += a;
            d.1 += f;
            let w = weeks.entry((n - t).div_ceil(week)).or_default();
            w.0 += a;
            w.1 += f;
        }
        let dispersion = pairs.iter().map(|&(_, a, f)| (a - f).powi(2)).sum::<f64>()
            / pairs
                .iter()
                .map(|&(_, _, f)| f.max(1.0))
                .sum::<f64>()
                .max(1.0);
        Backtest {
            method,
            interval: accuracy(&interval),
            daily: accuracy(&days.into_values().collect::<Vec<_>>()),
            weekly: accuracy(&weeks.into_values().collect::<Vec<_>>()),
            dispersion,
        }
    }
}

/// AHT over the horizon: the mean of the same interval over the last four weeks, else the
/// history's mean.
fn aht_forecast(aht: &[Option<f64>], horizon: usize, week: usize) -> Vec<f64> {
    let n = aht.len();
    let overall: Vec<f64> = aht.iter().flatten().copied().collect();
    let mean = overall.iter().sum::<f64>() / overall.len().max(1) as f64;
    (n..n + horizon)
        .map(|t| {
            let recent: Vec<f64> = (1..=4)
                .map(|k| k * week)
                .filter(|&lag| lag <= t && t - lag < n)
                .filter_map(|lag| aht[t - lag])
                .collect();
            if recent.is_empty() {
                mean
            } else {
                recent.iter().sum::<f64>() / recent.len() as f64
            }
        })
        .collect()
}
