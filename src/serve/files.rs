//! The served folder's safety: every path a request names, or a posted scenario names, is
//! confined to the folder (links resolved) and must be a regular file; and the scenario a
//! request describes, loaded from it.

use super::app::*;

/// A relative path from the page, resolved inside the root; `..`, absolute paths and links
/// that lead outside are refused with 403.
pub(super) fn inside(app: &App, relative: &str) -> ApiResult<PathBuf> {
    let forbidden = || {
        ApiError(
            StatusCode::FORBIDDEN,
            format!("'{relative}' is outside the folder the server was started in"),
        )
    };
    let path = Path::new(relative);
    if relative.is_empty()
        || path
            .components()
            .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir))
    {
        return Err(forbidden());
    }
    let root = app.root.canonicalize().map_err(|_| forbidden())?;
    // The deepest part that exists must resolve inside the root (no link leads out).
    let mut probe = app.root.join(path);
    while !probe.exists() {
        match probe.parent() {
            Some(parent) => probe = parent.to_path_buf(),
            None => break,
        }
    }
    match probe.canonicalize() {
        Ok(real) if real.starts_with(&root) => Ok(path.to_path_buf()),
        _ => Err(forbidden()),
    }
}

/// A path relative to the root with `.` and `..` folded away; `None` when it is absolute or
/// climbs above the root.
pub(super) fn folded(path: &Path) -> Option<PathBuf> {
    let mut parts: Vec<&std::ffi::OsStr> = Vec::new();
    for c in path.components() {
        match c {
            Component::Normal(part) => parts.push(part),
            Component::CurDir => {}
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(parts.iter().collect())
}

/// Refuses anything but a regular file at `relative` (inside the root) when something is there:
/// a FIFO would block the reader for ever, a device would never end.
pub(super) fn regular_file(app: &App, relative: &Path, what: &str) -> ApiResult<()> {
    match std::fs::metadata(app.root.join(relative)) {
        Ok(meta) if !meta.is_file() => Err(ApiError(
            StatusCode::BAD_REQUEST,
            format!("{what}: '{}' is not a regular file", relative.display()),
        )),
        _ => Ok(()),
    }
}

/// The files a scenario's text names (`[forecast] csv` and `history`, `[handle_time] csv`,
/// `[report] logo`), resolved from the scenario's folder, must lie inside the root (links
/// resolved) and be regular files: posted text reads nothing the page could not open itself,
/// and an error never quotes a file outside the folder, since none is read.
pub(super) fn confine_named_files(app: &App, scenario: &Path, text: &str) -> ApiResult<()> {
    let folder = scenario.parent().unwrap_or(Path::new(""));
    for (key, value) in crate::scenario::named_files(text) {
        let field = format!("{}: {key}", scenario.display());
        let outside = || {
            ApiError(
                StatusCode::FORBIDDEN,
                format!(
                    "{field} = {value:?} is outside the folder the server was started in: name a file inside it"
                ),
            )
        };
        let relative = folded(&folder.join(&value)).ok_or_else(outside)?;
        inside(app, &relative.to_string_lossy()).map_err(|_| outside())?;
        regular_file(app, &relative, &field)?;
    }
    Ok(())
}

/// ", open one of its queues: a.toml, b.toml" for a portfolio's text at `path` (the queues'
/// files relative to the server's root, as the page names them), or nothing when it lists none.
pub(super) fn queue_files(path: &str, text: &str) -> String {
    let folder = Path::new(path).parent().unwrap_or(Path::new(""));
    let files: Vec<String> = toml::from_str::<toml::Table>(text)
        .ok()
        .and_then(|t| t.get("queue")?.as_array().cloned())
        .unwrap_or_default()
        .iter()
        .filter_map(|q| q.get("scenario")?.as_str().map(|f| folder.join(f)))
        .map(|f| f.to_string_lossy().replace('\\', "/"))
        .collect();
    if files.is_empty() {
        String::new()
    } else {
        format!(", open one of its queues: {}", files.join(", "))
    }
}

/// Refuses a portfolio, naming its queues' files to open instead.
pub(super) fn one_queue(state: &ScenarioState) -> ApiResult<()> {
    if crate::scenario::is_portfolio(&state.text) {
        let shared = state
            .text
            .lines()
            .any(|l| l.trim_start().starts_with("[[group]]"));
        if shared {
            return Err(ApiError(
                StatusCode::BAD_REQUEST,
                format!(
                    "{}: is a portfolio whose agents are shared in [[group]]s: the page takes one queue's scenario{}; the shared agents are the command line's (`staffsim simulate`, `staffsim sweep --optimize` and `staffsim run` on the portfolio)",
                    state.path,
                    queue_files(&state.path, &state.text)
                ),
            ));
        }
        return Err(ApiError(
            StatusCode::BAD_REQUEST,
            format!(
                "{}: is a portfolio of queues: the page takes one queue's scenario{} (run `staffsim run` on the portfolio)",
                state.path,
                queue_files(&state.path, &state.text)
            ),
        ));
    }
    Ok(())
}

/// The scenario of a state: the text checked at its path, the levers applied, the horizon
/// capped.
pub(super) fn load(app: &App, state: &ScenarioState) -> ApiResult<Scenario> {
    let path = inside(app, &state.path)?;
    one_queue(state)?;
    confine_named_files(app, &path, &state.text)?;
    // Relative, as the page and the CLI name it: the server runs in its root.
    let scenario = state.levers.apply(&state.text, &path)?;
    if scenario.intervals.len() > MAX_INTERVALS {
        return Err(ApiError(
            StatusCode::BAD_REQUEST,
            format!(
                "{}: {} intervals is more than the page plans ({MAX_INTERVALS}); use the CLI for longer horizons",
                state.path,
                scenario.intervals.len()
            ),
        ));
    }
    Ok(scenario)
}
