//! `staffsim serve [SCENARIO]`: the local what-if page.

use super::UsageError;
use clap::Args;
use std::net::IpAddr;
use std::path::PathBuf;

pub(super) const EXAMPLES: &str = "\
Examples:
  # The page at http://127.0.0.1:8787/, opening the holiday week
  staffsim serve scenarios/holiday-peak.toml

  # Another port, and open the browser
  staffsim serve --port 9000 --open

  # Other machines may connect (a warning is printed; think twice)
  staffsim serve --host 0.0.0.0 --allow-remote";

/// Arguments of `staffsim serve`.
#[derive(Debug, Args)]
pub(super) struct ServeArgs {
    /// The scenario the page opens with, inside the current folder (the page lists the
    /// scenarios in it, in scenarios/ and in its subfolders).
    #[arg(value_name = "SCENARIO")]
    scenario: Option<PathBuf>,

    /// Port to listen on; 0 picks a free one (the address is printed).
    #[arg(long, default_value_t = 8787)]
    port: u16,

    /// Address to listen on. Anything but loopback needs --allow-remote.
    #[arg(long, default_value = "127.0.0.1")]
    host: IpAddr,

    /// Let other machines connect when --host is not loopback.
    #[arg(long)]
    allow_remote: bool,

    /// Open the page in the default browser.
    #[arg(long)]
    open: bool,
}

pub(super) fn run(args: ServeArgs) -> anyhow::Result<()> {
    if !args.host.is_loopback() {
        if !args.allow_remote {
            return Err(UsageError(format!(
                "--host {}: is not loopback; anyone who can reach this machine could use the page and read the scenarios here. Add --allow-remote to mean it",
                args.host
            ))
            .into());
        }
        eprintln!(
            "warning: --host {} lets other machines reach the page and every scenario in this folder; there is no login",
            args.host
        );
    }
    let root = std::env::current_dir()?;
    let scenario = match args.scenario {
        Some(path) => {
            let relative = if path.is_absolute() {
                path.strip_prefix(&root).map(PathBuf::from).map_err(|_| {
                    UsageError(format!(
                        "{}: the page reads scenarios inside the folder it is started in ({}); start it there",
                        path.display(),
                        root.display()
                    ))
                })?
            } else {
                path
            };
            if !root.join(&relative).is_file() {
                return Err(UsageError(format!(
                    "{}: does not exist or is not a file",
                    relative.display()
                ))
                .into());
            }
            Some(relative)
        }
        None => {
            Some(PathBuf::from("scenarios/holiday-peak.toml")).filter(|p| root.join(p).is_file())
        }
    };
    staffsim::serve::serve(staffsim::serve::ServeConfig {
        root,
        scenario,
        host: args.host,
        port: args.port,
        // Once listening, so the page opens at the address bound (`--port 0` included).
        ready: args
            .open
            .then_some(open_browser as fn(std::net::SocketAddr)),
    })?;
    Ok(())
}

/// Opens the page at `address` in the default browser (loopback when it listens on every
/// address).
fn open_browser(address: std::net::SocketAddr) {
    let host = if address.ip().is_unspecified() {
        "127.0.0.1".to_string()
    } else {
        match address {
            std::net::SocketAddr::V4(a) => a.ip().to_string(),
            std::net::SocketAddr::V6(a) => format!("[{}]", a.ip()),
        }
    };
    let url = format!("http://{host}:{}/", address.port());
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if std::process::Command::new(opener)
        .arg(&url)
        .spawn()
        .is_err()
    {
        eprintln!("note: could not open a browser; open {url}");
    }
}
