//! Value parsers shared by the subcommands. Each returns a message that completes
//! "invalid value 'x' for '--flag': ...", so clap's error names the flag, the value and what is
//! allowed.

use staffsim::sim::SimOptions;
use staffsim::units::Seconds;
use std::ops::RangeInclusive;

/// A count of contacts: a finite number ≥ 0 (fractional volumes are fine for averages).
pub(super) fn volume(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(v) if v.is_finite() && v >= 0.0 => Ok(v),
        _ => Err("must be a non-negative number of contacts, e.g. 100 or 12.5".into()),
    }
}

/// A duration that must be greater than zero: `180`, `180s`, `3m`, `30min`, `1h`.
pub(super) fn positive_duration(text: &str) -> Result<Seconds, String> {
    match text.parse::<Seconds>() {
        Ok(s) if s.get() > 0.0 => Ok(s),
        Ok(_) => Err("must be greater than zero, e.g. 180s, 3m or 30min".into()),
        Err(err) => Err(err.to_string()),
    }
}

/// A duration that may be zero.
pub(super) fn duration(text: &str) -> Result<Seconds, String> {
    text.parse::<Seconds>().map_err(|err| err.to_string())
}

/// A fraction written `0.85` or `85%`, checked against a range with a description of it.
fn fraction(text: &str, ok: impl Fn(f64) -> bool, allowed: &str) -> Result<f64, String> {
    let trimmed = text.trim();
    let value = match trimmed.strip_suffix('%') {
        Some(percent) => percent.trim().parse::<f64>().map(|p| p / 100.0),
        None => trimmed.parse::<f64>(),
    };
    match value {
        Ok(v) if v.is_finite() && ok(v) => Ok(v),
        _ => Err(format!("must be a fraction {allowed}, written 0.85 or 85%")),
    }
}

/// Shrinkage: a fraction in [0, 1).
pub(super) fn shrinkage(text: &str) -> Result<f64, String> {
    fraction(text, |v| (0.0..1.0).contains(&v), "in [0, 1)")
}

/// An occupancy cap: a fraction in (0, 1].
pub(super) fn max_occupancy(text: &str) -> Result<f64, String> {
    fraction(text, |v| v > 0.0 && v <= 1.0, "in (0, 1]")
}

/// An abandonment cap: a fraction in (0, 1] (no staffing makes abandonment exactly 0).
pub(super) fn max_abandon(text: &str) -> Result<f64, String> {
    fraction(
        text,
        |v| v > 0.0 && v <= 1.0,
        "in (0, 1] (no staffing makes abandonment exactly 0)",
    )
}

/// A service target `SL/T`: `80/20` is 80 % answered within 20 s; `90/1m` is 90 % within a minute.
pub(super) fn target(text: &str) -> Result<(f64, Seconds), String> {
    let err = || {
        "must be SL/T with SL a percentage in (0, 100) and T a duration, e.g. 80/20 or 90/30s (100 % cannot be guaranteed by any staffing)"
            .to_string()
    };
    let (sl, within) = text.split_once('/').ok_or_else(err)?;
    let sl = sl
        .trim()
        .trim_end_matches('%')
        .trim()
        .parse::<f64>()
        .map_err(|_| err())?;
    if !(sl > 0.0 && sl < 100.0) {
        return Err(err());
    }
    let within = within.parse::<Seconds>().map_err(|_| err())?;
    Ok((sl / 100.0, within))
}

/// A number of agents `14`, or an inclusive range `10..20`.
pub(super) fn agents(text: &str) -> Result<RangeInclusive<u32>, String> {
    let err = || "must be a whole number of agents ≥ 0, or a range like 10..20".to_string();
    let count = |s: &str| s.trim().parse::<u32>().map_err(|_| err());
    match text.split_once("..") {
        Some((low, high)) => {
            let (low, high) = (count(low)?, count(high.trim_start_matches('='))?);
            if low > high {
                return Err(format!(
                    "range {low}..{high} is empty: write the smaller number first"
                ));
            }
            if high - low >= 10_000 {
                return Err(
                    "range is too wide: at most 10,000 staffing levels (a table nobody reads beyond that)"
                        .into(),
                );
            }
            Ok(low..=high)
        }
        None => count(text).map(|n| n..=n),
    }
}

/// A whole number of lines ≥ 0.
pub(super) fn lines(text: &str) -> Result<u32, String> {
    text.trim()
        .parse::<u32>()
        .map_err(|_| "must be a whole number of lines ≥ 0".to_string())
}

/// A size in bytes: `1048576`, `500MB`, `2GB`, `4GiB` (k/M/G/T decimal, Ki/Mi/Gi/Ti binary).
pub(super) fn byte_size(text: &str) -> Result<u64, String> {
    let err = || "must be a size such as 500MB, 2GB, 4GiB or a number of bytes".to_string();
    let (number, unit) = staffsim::units::split_number_and_unit(text);
    let number: f64 = number.parse().map_err(|_| err())?;
    let unit = unit.to_ascii_lowercase();
    let scale = match unit.trim_end_matches('b') {
        "" => 1.0,
        "k" => 1e3,
        "m" => 1e6,
        "g" => 1e9,
        "t" => 1e12,
        "ki" => 1024.0,
        "mi" => 1024.0 * 1024.0,
        "gi" => 1024.0 * 1024.0 * 1024.0,
        "ti" => 1024.0 * 1024.0 * 1024.0 * 1024.0,
        _ => return Err(err()),
    };
    let bytes = number * scale;
    if !(bytes.is_finite() && (1.0..1.8e19).contains(&bytes)) {
        return Err(err());
    }
    Ok(bytes as u64)
}

/// The simulation flags of `simulate`, `sweep` and `run`.
#[derive(Debug, clap::Args)]
pub(super) struct SimFlags {
    /// Replications (overrides the scenario's).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=i64::from(staffsim::sim::MAX_REPLICATIONS)))]
    pub replications: Option<u32>,

    /// Base seed (overrides [simulation] seed): the same seed gives the same numbers on any
    /// number of threads.
    #[arg(long, value_name = "SEED")]
    pub seed: Option<u64>,

    /// Worker threads (default: all cores).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub threads: Option<u16>,
}

impl SimFlags {
    /// The options, with the scenario's replications and seed where no flag overrides them.
    pub(super) fn options(&self, replications: u32, seed: u64) -> SimOptions {
        SimOptions {
            replications: self.replications.unwrap_or(replications),
            seed: self.seed.unwrap_or(seed),
            threads: self.threads.map(usize::from),
            ledger: super::shard::ledger(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_read_as_percent_over_duration() {
        assert_eq!(target("80/20").unwrap(), (0.8, Seconds(20.0)));
        assert_eq!(target("90%/1m").unwrap(), (0.9, Seconds(60.0)));
        for bad in ["80", "0/20", "101/20", "80/-5", "x/20", "80/"] {
            assert!(target(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn agents_are_a_count_or_a_range() {
        assert_eq!(agents("14").unwrap(), 14..=14);
        assert_eq!(agents("10..20").unwrap(), 10..=20);
        assert_eq!(agents("10..=20").unwrap(), 10..=20);
        for bad in ["-3", "20..10", "a", "1.5"] {
            assert!(agents(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn fractions_accept_percent_signs() {
        assert_eq!(max_occupancy("85%").unwrap(), 0.85);
        assert_eq!(shrinkage("0.3").unwrap(), 0.3);
        assert!(shrinkage("1").is_err());
        assert!(max_occupancy("0").is_err());
        assert!(max_abandon("1.2").is_err());
    }
}
