//! What a command's SCENARIO argument names, read once: one scenario or a portfolio of queues.

use super::warn_all;
use staffsim::portfolio::{self, Portfolio};
use std::path::Path;

/// What a command's SCENARIO argument names: a portfolio of queues, or one scenario.
pub(super) enum Input {
    /// A `[[queue]]` file.
    Portfolio(Box<Portfolio>),
    /// A scenario.
    Scenario(Box<staffsim::scenario::Scenario>),
}

/// Reads `path` once and loads it as a portfolio or a scenario, whichever it is.
pub(super) fn load(path: &Path) -> anyhow::Result<Input> {
    let text = staffsim::input::read_text(path)?;
    if !portfolio::is_portfolio(&text) {
        return Ok(Input::Scenario(Box::new(
            staffsim::scenario::Scenario::from_toml(&text, path)?,
        )));
    }
    let portfolio = Portfolio::from_toml(&text, path)?;
    warn_all(&portfolio.warnings());
    Ok(Input::Portfolio(Box::new(portfolio)))
}

/// Refuses the flags a portfolio does not take yet.
pub(super) fn refuse_files(flags: &[(&str, bool)]) -> anyhow::Result<()> {
    if let Some((flag, _)) = flags.iter().find(|(_, given)| *given) {
        return Err(super::UsageError(format!(
            "{flag} writes one queue's file: on a portfolio run it on a queue's scenario (portfolios print tables and --json)"
        ))
        .into());
    }
    Ok(())
}
