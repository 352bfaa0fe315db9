//! `[staffing]`: how many agents each interval has, or that Erlang decides.

use super::check::Fields;
use super::schema::{RawScenario, StaffingMethod};
use super::{Patience, Staffing, roster};
use crate::error::{Error, Result};
use crate::forecast::IntervalSeries;

/// The staffing method and, where agents are given, the agents of every interval.
#[derive(Debug)]
pub(super) struct StaffedBy {
    /// The method.
    pub(super) staffing: Staffing,
    /// Agents per interval of the series for given staffing (constant, csv, roster).
    pub(super) given_agents: Option<Vec<u32>>,
}

/// Builds `[staffing]` for `series`; Erlang A needs `patience`.
pub(super) fn from_raw(
    raw: &RawScenario,
    patience: &Patience,
    series: &IntervalSeries,
    fields: Fields,
    warnings: &mut Vec<String>,
) -> Result<StaffedBy> {
    let staffing = method(raw, patience, series, fields)?;
    if raw.staffing.agents.is_some() && !matches!(staffing, Staffing::Constant(_)) {
        warnings.push(format!(
            "[staffing] agents is ignored with method = \"{}\"",
            staffing.method()
        ));
    }

    let given_agents = given_agents(&staffing, series, fields)?;
    Ok(StaffedBy {
        staffing,
        given_agents,
    })
}

/// The staffing method with what it needs: patience for Erlang A, agents for a constant, an
/// agents column for CSV, shifts for a roster.
fn method(
    raw: &RawScenario,
    patience: &Patience,
    series: &IntervalSeries,
    fields: Fields,
) -> Result<Staffing> {
    Ok(match raw.staffing.method {
        StaffingMethod::ErlangC => Staffing::ErlangC,
        StaffingMethod::ErlangA => {
            if *patience == Patience::None {
                return Err(Error::input(
                    fields.at("[staffing] method"),
                    "\"erlang-a\" needs callers who abandon: set [patience] distribution and mean",
                ));
            }
            Staffing::ErlangA
        }
        StaffingMethod::Constant => Staffing::Constant(raw.staffing.agents.ok_or_else(|| {
            Error::input(
                fields.at("[staffing] agents"),
                "is required with method = \"constant\"",
            )
        })?),
        StaffingMethod::Csv => {
            if raw.forecast.csv.is_none() {
                return Err(Error::input(
                    fields.at("[staffing] method"),
                    "\"csv\" takes agents from the forecast CSV's agents column, but the forecast is a profile",
                ));
            }
            if let Some(i) = series
                .intervals
                .iter()
                .find(|i| i.open && i.agents.is_none())
            {
                return Err(Error::input(
                    fields.at("[staffing] method"),
                    format!(
                        "\"csv\" needs an agents value in every row of the forecast CSV; the interval starting {} has none",
                        i.start
                    ),
                ));
            }
            Staffing::Csv
        }
        StaffingMethod::Roster => {
            let shifts = raw
                .staffing
                .shift
                .iter()
                .enumerate()
                .map(|(k, s)| roster::shift(k, s, fields.file, "[[staffing.shift]]"))
                .collect::<Result<Vec<_>>>()?;
            if shifts.is_empty() {
                return Err(Error::input(
                    fields.at("[staffing]"),
                    "method = \"roster\" needs at least one [[staffing.shift]]",
                ));
            }
            Staffing::Roster(shifts)
        }
    })
}

/// The agents the method puts on the phones in every interval, where it gives them (none for
/// the Erlang requirement), within what staffsim models.
fn given_agents(
    staffing: &Staffing,
    series: &IntervalSeries,
    fields: Fields,
) -> Result<Option<Vec<u32>>> {
    let given: Option<Vec<u32>> = match staffing {
        Staffing::ErlangC | Staffing::ErlangA => None,
        Staffing::Constant(n) => Some(vec![*n; series.intervals.len()]),
        Staffing::Csv => Some(
            series
                .intervals
                .iter()
                .map(|i| i.agents.unwrap_or(0))
                .collect(),
        ),
        Staffing::Roster(shifts) => Some(roster::agents_per_interval(shifts, series)),
        Staffing::Given(_) => None,
    };

    if let Some(most) = given.as_ref().and_then(|g| g.iter().max())
        && *most > crate::queueing::MAX_SERVERS
    {
        return Err(Error::input(
            fields.at("[staffing]"),
            format!(
                "{most} agents in one interval is more than the {} staffsim models",
                crate::queueing::MAX_SERVERS
            ),
        ));
    }
    Ok(given)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::forecast::Interval;

    fn series() -> IntervalSeries {
        let start: jiff::civil::DateTime = "2026-01-05T09:00".parse().unwrap();
        IntervalSeries {
            length: crate::units::Seconds(1800.0),
            intervals: vec![Interval::open(start, 10.0)],
        }
    }

    fn build(toml: &str, patience: Patience) -> String {
        let raw: RawScenario = toml::from_str(&format!("[forecast]\n{toml}")).unwrap();
        from_raw(
            &raw,
            &patience,
            &series(),
            Fields { file: "s.toml" },
            &mut Vec::new(),
        )
        .map(|s| format!("{:?}", s.given_agents))
        .unwrap_or_else(|e| e.to_string())
    }

    #[test]
    fn each_method_gets_what_it_needs_or_says_what_is_missing() {
        assert_eq!(build("", Patience::None), "None");
        assert!(
            build("[staffing]\nmethod = \"erlang-a\"", Patience::None)
                .contains("needs callers who abandon")
        );
        assert!(
            build("[staffing]\nmethod = \"constant\"", Patience::None)
                .contains("[staffing] agents: is required")
        );
        assert_eq!(
            build(
                "[staffing]\nmethod = \"constant\"\nagents = 7",
                Patience::None
            ),
            "Some([7])"
        );
        assert!(
            build("[staffing]\nmethod = \"roster\"", Patience::None)
                .contains("at least one [[staffing.shift]]")
        );
        assert!(
            build("[staffing]\nmethod = \"csv\"", Patience::None).contains("\"csv\" takes agents")
        );
    }
}
