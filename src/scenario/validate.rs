//! From the parsed TOML to a validated [`Scenario`]: every section built by its own `from_raw`,
//! the cross-section checks, and TOML errors with their line and column.

use super::*;

/// A TOML value as a person wrote it, shortened for a one-line message.
pub(super) fn short(value: &toml::Value) -> String {
    let text = value.to_string();
    match text.char_indices().nth(40) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text,
    }
}

pub(super) fn toml_error(file: &str, text: &str, err: &toml::de::Error) -> Error {
    let message = err.message().trim().replace('\n', " ");
    match err.span() {
        Some(span) => {
            let before = &text[..span.start.min(text.len())];
            let line = before.matches('\n').count() + 1;
            let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
            Error::input(format!("{file}:{line}:{column}"), message)
        }
        None => Error::input(file, message),
    }
}

/// Refuses `[sweep] shift_agents` naming a shift the roster does not have.
fn check_sweep_shifts(sweep: &SweepConfig, staffing: &Staffing, fields: Fields) -> Result<()> {
    for (name, _) in &sweep.shift_agents {
        let known = match &staffing {
            Staffing::Roster(shifts) => shifts.iter().any(|s| &s.name == name),
            _ => false,
        };
        if !known {
            return Err(Error::input(
                fields.at("[sweep] shift_agents"),
                format!(
                    "'{name}' is not a shift of the roster: name shifts from [[staffing.shift]] (method = \"roster\")"
                ),
            ));
        }
    }
    Ok(())
}

/// Warnings about a bid's calendar: holidays outside its term, and a forecast of fewer than
/// seven days (the months open only on the weekdays it has).
fn bid_warnings(
    bid: &BidConfig,
    series_start: Option<jiff::civil::DateTime>,
    intervals: &[IntervalDemand],
) -> Vec<String> {
    let mut warnings = Vec::new();
    let first = bid
        .start
        .or_else(|| series_start.map(|d| d.date()))
        .map(|d| d.first_of_month());
    let end = first.and_then(|f| {
        f.checked_add(jiff::Span::new().months(i64::from(bid.term_months)))
            .ok()
    });
    if let (Some(first), Some(end)) = (first, end) {
        for h in &bid.holidays {
            if h.to < first || h.from >= end {
                warnings.push(format!(
                    "[[bid.holidays]] {} ({} to {}) falls outside the term ({first} to {}): it has no effect",
                    h.name,
                    h.from,
                    h.to,
                    end.yesterday().unwrap_or(end)
                ));
            }
        }
    }
    if let (Some(a), Some(b)) = (intervals.first(), intervals.last()) {
        let span = span_days(intervals);
        if (2..7).contains(&span) {
            warnings.push(format!(
                "[bid]: the forecast covers {span} days, less than a week: the bid's months are open only on the weekdays it has ({} to {})",
                a.start.date().strftime("%A"),
                b.start.date().strftime("%A")
            ));
        }
    }
    warnings
}

/// Warnings about handle times the scenario gives but does not use as written: chat's
/// `aht_by_concurrency` disagreeing with `[handle_time] aht` (only its ratios count), and a
/// handle-time CSV without the empirical distribution.
fn handling_warnings(raw: &RawScenario, handle_time: &HandleTime) -> Vec<String> {
    let mut warnings = Vec::new();
    // Chat: aht_by_concurrency gives ratios; its first time and the forecast's AHT disagreeing
    // means one of them is not what the planner meant, so say which times are used.
    if let (Some(given), Some(aht)) = (
        raw.channel
            .as_ref()
            .and_then(|c| c.aht_by_concurrency.as_ref()),
        raw.handle_time.aht,
    ) && let Some(first) = given.first()
        && (first.get() - aht.get()).abs() > 1e-9 * aht.get()
    {
        let used: Vec<String> = given
            .iter()
            .map(|a| Seconds(aht.get() * a.get() / first.get()).to_string())
            .collect();
        warnings.push(format!(
            "[channel] aht_by_concurrency starts at {first} but [handle_time] aht is {aht}: only its ratios count, so one session takes {} at 1, 2, … sessions",
            used.join(", ")
        ));
    }
    if raw.handle_time.csv.is_some() && !matches!(handle_time, HandleTime::Empirical { .. }) {
        warnings
            .push("[handle_time] csv is only used with distribution = \"empirical\"".to_string());
    }
    warnings
}

/// Refuses `[patience]` where nobody abandons a queue: deferrable work waits in its backlog, and
/// a campaign's abandonment is its dialler's.
fn check_patience_fits(channel: &Channel, patience: Patience, fields: Fields) -> Result<()> {
    if channel.is_deferrable() && patience != Patience::None {
        return Err(Error::input(
            fields.at("[patience] distribution"),
            format!(
                "{} work waits in a backlog and nobody abandons it: remove [patience]",
                channel.kind()
            ),
        ));
    }
    if channel.outbound().is_some() && patience != Patience::None {
        return Err(Error::input(
            fields.at("[patience] distribution"),
            "an outbound campaign's abandonment is the dialler's (pacing and max_abandon in [outbound]): remove [patience]",
        ));
    }
    Ok(())
}

/// A response-time target a backlog can be planned to (at least one interval), and the clock
/// setting only where it applies.
fn check_target_fits(
    raw: &RawScenario,
    channel: &Channel,
    target: &Target,
    interval: Seconds,
    fields: Fields,
    warnings: &mut Vec<String>,
) -> Result<()> {
    if channel.is_deferrable() && target.service.within().get() < interval.get() {
        return Err(Error::input(
            fields.at("[target] within"),
            format!(
                "{} work is planned interval by interval: its response-time target must be at least one interval ({}), got {}",
                channel.kind(),
                interval,
                target.service.within()
            ),
        ));
    }
    if !channel.is_deferrable() && raw.target.clock != crate::queueing::backlog::Clock::Calendar {
        warnings.push(
            "[target] clock only applies to email and backoffice: live channels count waits in seconds".to_string(),
        );
    }
    Ok(())
}

/// The demand of every interval: the forecast with its given agents, the outbound daily target
/// spread over the day, and the horizon's volume and AHT multipliers.
fn demand(
    raw: &RawScenario,
    series: crate::forecast::IntervalSeries,
    given_agents: Option<Vec<u32>>,
    special_days: &[crate::forecast::SpecialDay],
    fields: Fields,
) -> Result<Vec<IntervalDemand>> {
    if !series.intervals.iter().any(|i| i.open) {
        return Err(Error::input(
            fields.at("[forecast]"),
            "every interval is closed (closed days, zero day-of-week factors or special days that close): nothing to plan",
        ));
    }
    let intervals: Vec<IntervalDemand> = series
        .intervals
        .into_iter()
        .enumerate()
        .map(|(k, i)| IntervalDemand {
            start: i.start,
            volume: i.volume,
            aht: i.aht.unwrap_or(Seconds(1.0)),
            open: i.open,
            special_day: i.special_day,
            given_agents: given_agents.as_ref().map(|g| if i.open { g[k] } else { 0 }),
        })
        .collect();
    let mut intervals = intervals;
    if let Some(per_day) = raw.outbound.as_ref().and_then(|o| o.target_contacts) {
        let per_day = fields.in_range(
            "[outbound] target_contacts",
            per_day,
            0.0..=1e6,
            "right-party contacts per day, from 0 to 1,000,000",
        )?;
        spread_daily_target(&mut intervals, per_day, special_days);
    }
    // What if the whole horizon were busier, or its contacts longer: every interval × these.
    let multiplier = |name: &str, value: Option<f64>| {
        value
            .map(|x| fields.in_range(name, x, 0.01..=100.0, "a multiplier from 0.01 to 100"))
            .transpose()
    };
    let volume = multiplier(
        "[forecast] volume_multiplier",
        raw.forecast.volume_multiplier,
    )?;
    let aht = multiplier("[forecast] aht_multiplier", raw.forecast.aht_multiplier)?;
    for interval in &mut intervals {
        if let Some(x) = volume {
            interval.volume *= x;
        }
        if let Some(x) = aht {
            interval.aht = Seconds(interval.aht.get() * x);
        }
    }
    Ok(intervals)
}

/// `[actuals]`: the report's path relative to the scenario, and its header names.
fn actuals_source(raw: &RawScenario, base: &Path) -> Option<super::ActualsSource> {
    raw.actuals.as_ref().map(|a| super::ActualsSource {
        path: base.join(&a.csv),
        columns: a.columns.clone(),
    })
}

/// Builds the validated scenario from the raw file, section by section: each section's
/// `from_raw` checks its own fields and names them in its errors.
///
/// Over 80 lines: an outline of one call per section of the scenario file, ending in the one
/// literal of [`Scenario`].
pub(super) fn validate(raw: RawScenario, path: &Path) -> Result<Scenario> {
    let file = path.display().to_string();
    let fields = Fields { file: &file };
    let base = path.parent().unwrap_or(Path::new("."));
    let mut warnings = Vec::new();

    let name = identity::name(raw.name.clone(), path, fields)?;
    identity::description(&raw.description, fields)?;
    let forecast_source::Forecasted {
        series,
        interval,
        special_days,
        fit,
    } = forecast_source::from_raw(&raw, base, fields, &mut warnings)?;
    let channel = channel::from_raw(raw.channel.as_ref(), raw.outbound.as_ref(), fields)?;
    let handle_time = handling::handle_time(&raw.handle_time, base, fields)?;
    warnings.extend(handling_warnings(&raw, &handle_time));
    let patience = handling::patience(&raw.patience, fields)?;
    check_patience_fits(&channel, patience, fields)?;
    let target = target::from_raw(
        &raw.target,
        patience != Patience::None,
        channel.default_within(),
        &file,
        &mut warnings,
    )?;
    check_target_fits(&raw, &channel, &target, interval, fields, &mut warnings)?;
    let shrinkage = shrinkage::from_raw(&raw.shrinkage, &file)?;
    let staffing::StaffedBy {
        staffing,
        given_agents,
    } = staffing::from_raw(&raw, &patience, &series, fields, &mut warnings)?;
    let series_start = series.intervals.first().map(|i| i.start);
    let intervals = demand(&raw, series, given_agents, &special_days, fields)?;
    let cost = economics::from_raw(&raw.cost, fields)?;
    let simulation = simulation::from_raw(&raw.simulation, &raw.patience, fields)?;
    let sweep = raw
        .sweep
        .as_ref()
        .map(|s| sweep::sweep(s, &file, cost.hours_per_fte_week))
        .transpose()?;
    if let Some(sweep) = &sweep {
        check_sweep_shifts(sweep, &staffing, fields)?;
    }
    let bid = raw
        .bid
        .as_ref()
        .map(|b| {
            bid::bid(
                b,
                &file,
                target.service.service_level(),
                cost.hours_per_fte_week,
                &cost.currency,
            )
        })
        .transpose()?;
    if let Some(bid) = &bid {
        warnings.extend(bid_warnings(bid, series_start, &intervals));
    }

    let schedule = raw
        .schedule
        .as_ref()
        .map(|s| schedule::from_raw(s, interval, &staffing, fields))
        .transpose()?;

    let roster = raw
        .roster
        .as_ref()
        .map(|r| super::people::from_raw(r, schedule.as_ref(), base, &name, fields))
        .transpose()?;

    let report = branding::from_raw(&raw.report, base, fields)?;
    Ok(Scenario {
        schedule,
        roster,
        actuals: actuals_source(&raw, base),
        report,
        name,
        description: raw.description,
        source: path.to_path_buf(),
        interval,
        intervals,
        special_days,
        channel,
        handle_time,
        patience,
        target,
        shrinkage,
        staffing,
        cost,
        simulation,
        sweep,
        bid,
        forecast: fit,
        warnings,
    })
}
