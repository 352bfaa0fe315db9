//! Forecasting on synthetic history with a known pattern, gaps, and bad input.

use staffsim::forecast::{Columns, History, Method, Synthesis, fit, synthesize};

fn synthetic(weeks: u32, seed: u64) -> Synthesis {
    Synthesis {
        start: "2026-01-05".parse().unwrap(),
        weeks,
        interval_minutes: 15,
        daily_volume: 3000.0,
        weekly_growth: 0.003,
        seed,
    }
}

fn history(s: &Synthesis) -> History {
    History::parse(
        synthesize(s).as_bytes(),
        "synthetic.csv",
        &Columns::default(),
    )
    .unwrap()
}

#[test]
fn the_chosen_method_is_within_1_2x_of_the_poisson_floor_and_beats_seasonal_naive() {
    let mut h = history(&synthetic(16, 11));
    let (_, holidays) = staffsim::forecast::expected(&synthetic(16, 11));
    h.exclude(&holidays);
    let forecast = fit(&h, 7 * 96, None).unwrap();
    let chosen = &forecast.backtests[0];
    assert_eq!(chosen.method, forecast.method);
    let naive = forecast
        .backtests
        .iter()
        .find(|b| b.method == Method::SeasonalNaive)
        .unwrap();
    for b in &forecast.backtests {
        eprintln!(
            "{:?} wape {:.4} floor {:.4} ratio {:.3}",
            b.method,
            b.interval.wape,
            b.interval.poisson_floor,
            b.interval.wape / b.interval.poisson_floor
        );
    }
    assert!(
        chosen.interval.wape <= 1.2 * chosen.interval.poisson_floor,
        "{chosen:?}"
    );
    assert!(
        chosen.interval.wape < naive.interval.wape,
        "{chosen:?} vs {naive:?}"
    );
    assert_eq!(forecast.volume.len(), 7 * 96);
    assert!(
        forecast
            .low
            .iter()
            .zip(&forecast.volume)
            .zip(&forecast.high)
            .all(|((l, f), h)| l <= f && f <= h)
    );
}
