//! Portfolios of queues: `[[queue]]` files planned and simulated queue by queue, with totals.

#[allow(unused_imports)]
use crate::common::Edited;
use crate::common::{edited, repo, scratch, staffsim, stderr};
use serde_json::Value;
use std::path::Path;

fn json(args: &[&str]) -> Value {
    let output = staffsim().args(args).output().unwrap();
    assert!(output.status.success(), "{args:?}: {}", stderr(&output));
    serde_json::from_slice(&output.stdout).unwrap()
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * (1.0 + a.abs().max(b.abs()))
}

#[test]
fn a_portfolios_plan_totals_are_the_sums_of_its_queues_standalone_plans() {
    let portfolio = repo("scenarios/omnichannel-bid.toml");
    let whole = json(&["plan", path(&portfolio), "--json"]);
    assert_eq!(whole["portfolio"], "omnichannel-bid");
    let queues = whole["queues"].as_array().unwrap();
    let files = ["voice", "chat", "email", "backoffice"];
    assert_eq!(queues.len(), files.len());
    let mut sums = [0.0; 6];
    let keys = [
        "required_agent_hours",
        "scheduled_agent_hours",
        "labour_cost",
        "total_cost",
        "offered",
        "answered",
    ];
    for (queue, file) in queues.iter().zip(files) {
        let alone = json(&[
            "plan",
            path(&repo(&format!("scenarios/omnichannel/{file}.toml"))),
            "--json",
        ]);
        // Each queue's entry is its own plan --json, with its name added.
        let mut entry = queue.clone();
        entry.as_object_mut().unwrap().remove("queue");
        assert_eq!(entry, alone, "{file}");
        assert_eq!(queue["channel"], file);
        for (sum, key) in sums.iter_mut().zip(keys) {
            *sum += alone[key].as_f64().unwrap();
        }
    }
    let totals = &whole["totals"];
    for (sum, key) in sums.iter().zip(keys) {
        assert!(
            close(totals[key].as_f64().unwrap(), *sum),
            "{key}: {} against {sum}",
            totals[key]
        );
    }
    let blended = totals["cost_per_contact"].as_f64().unwrap();
    assert!(close(blended, sums[3] / sums[5]));
    // By channel: one entry per channel, adding up to the totals.
    let by_channel = totals["by_channel"].as_array().unwrap();
    assert_eq!(by_channel.len(), 4);
    let paid: f64 = by_channel
        .iter()
        .map(|c| c["scheduled_agent_hours"].as_f64().unwrap())
        .sum();
    assert!(close(paid, sums[1]));
}

#[test]
fn a_portfolios_simulation_is_each_queue_simulated_on_its_own() {
    let portfolio = repo("scenarios/omnichannel-bid.toml");
    let whole = json(&[
        "simulate",
        path(&portfolio),
        "--json",
        "--replications",
        "8",
    ]);
    let queues = whole["queues"].as_array().unwrap();
    let mut handled = 0.0;
    for (queue, file) in queues.iter().zip(["voice", "chat", "email", "backoffice"]) {
        let alone = json(&[
            "simulate",
            path(&repo(&format!("scenarios/omnichannel/{file}.toml"))),
            "--json",
            "--replications",
            "8",
        ]);
        for key in [
            "service_level",
            "occupancy",
            "abandon_rate",
            "contacts_offered",
            "seed",
        ] {
            assert_eq!(queue[key], alone[key], "{file}: {key}");
        }
        let offered = alone["contacts_offered"].as_f64().unwrap();
        let abandon = alone["abandon_rate"]["mean"].as_f64().unwrap_or(0.0);
        handled += offered * (1.0 - abandon);
    }
    let totals = &whole["totals"];
    let answered = totals["answered"].as_f64().unwrap();
    // Answered is the mean of each replication's count: within a contact or two of offered ×
    // (1 − mean abandonment) per queue.
    assert!(
        (answered - handled).abs() < 0.005 * handled,
        "{answered} against {handled}"
    );
}

#[test]
fn bad_portfolios_are_refused_naming_the_queue_or_field() {
    let dir = scratch("portfolio-bad");
    let voice = repo("scenarios/omnichannel/voice.toml");
    let chat = repo("scenarios/omnichannel/chat.toml");
    let hourly = repo("scenarios/holiday-peak.toml");
    let write = |name: &str, text: &str| {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        p
    };
    let queue = |p: &Path, name: &str| {
        format!(
            "[[queue]]\nname = \"{name}\"\nscenario = \"{}\"\n",
            p.display()
        )
    };
    let inner = write("inner.toml", &queue(&voice, "v"));
    let own = dir.join("self.toml");
    let cases = [
        (
            "self.toml",
            format!("[[queue]]\nscenario = \"{}\"\n", own.display()),
            "includes itself".to_string(),
        ),
        (
            "missing.toml",
            "[[queue]]\nscenario = \"nowhere.toml\"\n".into(),
            "nowhere.toml".into(),
        ),
        (
            "twins.toml",
            queue(&voice, "a") + &queue(&chat, "a"),
            "[[queue]] 2 name".into(),
        ),
        (
            "nested.toml",
            queue(&inner, "inner"),
            "is itself a portfolio".into(),
        ),
        (
            "mixed.toml",
            queue(&voice, "v") + &queue(&hourly, "h"),
            "share one interval length".into(),
        ),
        (
            "overheads.toml",
            queue(&voice, "v") + "[cost]\nfixed_overheads = 20000\n",
            "[cost] fixed_overheads".into(),
        ),
        (
            "volume.toml",
            queue(&voice, "v") + "[bid]\nterm_months = 12\nbase_monthly_volume = 1000\n",
            "[bid] base_monthly_volume".into(),
        ),
        (
            "termless.toml",
            queue(&voice, "v") + "[bid]\nmargin = 0.2\n",
            "term_months".into(),
        ),
        (
            "currencies.toml",
            queue(&voice, "v")
                + &queue(
                    &write(
                        "dollars.toml",
                        &std::fs::read_to_string(&chat)
                            .unwrap()
                            .edited("currency = \"EUR\"", "currency = \"USD\""),
                    ),
                    "c",
                ),
            "one currency".into(),
        ),
    ];
    for (name, text, field) in cases {
        let p = write(name, &text);
        let output = staffsim().args(["plan", path(&p)]).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{name}: {}", stderr(&output));
        let message = stderr(&output);
        assert!(message.contains(&field), "{name}: {message}");
    }
    // The subcommands that take one queue say so.
    let portfolio = repo("scenarios/omnichannel-bid.toml");
    let output = staffsim()
        .args(["schedule", path(&portfolio)])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("is a portfolio of queues"),
        "{}",
        stderr(&output)
    );
    let output = staffsim()
        .args(["sweep", path(&portfolio)])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(
        message.contains("queue 'voice'") && message.contains("[sweep]"),
        "{message}"
    );
}

#[test]
fn a_swept_portfolio_totals_its_queues_recommended_options() {
    let dir = scratch("portfolio-sweep");
    let sweep = "\n[sweep]\nrequirement_multiplier = [0.9, 1.0, 1.1]\nreplications = 6\n";
    let mut files = Vec::new();
    for name in ["voice", "chat"] {
        let text =
            std::fs::read_to_string(repo(&format!("scenarios/omnichannel/{name}.toml"))).unwrap();
        let file = dir.join(format!("{name}.toml"));
        std::fs::write(&file, text + sweep).unwrap();
        files.push(file);
    }
    let portfolio = dir.join("two.toml");
    std::fs::write(
        &portfolio,
        "name = \"two\"\n[[queue]]\nscenario = \"voice.toml\"\n[[queue]]\nscenario = \"chat.toml\"\n",
    )
    .unwrap();
    let whole = json(&["sweep", path(&portfolio), "--json"]);
    let (mut hours, mut cost) = (0.0, 0.0);
    for (queue, file) in whole["queues"].as_array().unwrap().iter().zip(&files) {
        let alone = json(&["sweep", path(file), "--json"]);
        assert_eq!(queue["recommended"], alone["recommended"]);
        hours += alone["recommended"]["paid_hours"].as_f64().unwrap();
        cost += alone["recommended"]["cost"].as_f64().unwrap();
    }
    let totals = &whole["totals"];
    assert!(close(
        totals["recommended_paid_hours"].as_f64().unwrap(),
        hours
    ));
    assert!(close(totals["recommended_cost"].as_f64().unwrap(), cost));
}

#[test]
fn a_portfolios_chart_stacks_paid_hours_by_channel() {
    let dir = scratch("portfolio-chart");
    let svg = dir.join("stack.svg");
    let portfolio = repo("scenarios/omnichannel-bid.toml");
    let output = staffsim()
        .args(["plan", path(&portfolio), "--chart", path(&svg)])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let text = std::fs::read_to_string(&svg).unwrap();
    for words in [
        "Paid agent-hours by channel",
        "voice",
        "chat",
        "email",
        "backoffice",
    ] {
        assert!(text.contains(words), "no '{words}' in the chart");
    }
    // The total in the subtitle is the plan's paid hours.
    let whole = json(&["plan", path(&portfolio), "--json"]);
    let paid = whole["totals"]["scheduled_agent_hours"].as_f64().unwrap();
    // Read back from the chart: the number before "paid agent-hours in all", separators and all.
    let before = text
        .split(" paid agent-hours in all")
        .next()
        .filter(|b| b.len() < text.len())
        .unwrap_or_else(|| panic!("no total in the chart's subtitle"));
    let digits: String = before
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_digit() || *c == ',')
        .collect::<String>()
        .chars()
        .rev()
        .filter(|c| *c != ',')
        .collect();
    let read: f64 = digits
        .parse()
        .unwrap_or_else(|_| panic!("'{digits}' is not a number"));
    assert!(
        (read - paid).abs() <= 0.5,
        "the chart says {read}, the plan {paid}"
    );
}

#[test]
fn a_portfolio_run_writes_each_queues_report_and_the_portfolios_summary() {
    let dir = scratch("portfolio-run");
    let out = dir.join("report");
    // The bundled portfolio with each queue's bid over its first 3 months at 40 replications:
    // the report's files are the subject here, not the risk run (tested in tests/bid.rs).
    std::fs::create_dir_all(dir.join("omnichannel")).unwrap();
    for name in ["voice", "chat", "email", "backoffice"] {
        let file = format!("omnichannel/{name}.toml");
        let text = std::fs::read_to_string(repo(&format!("scenarios/{file}"))).unwrap();
        let text = edited(
            &text,
            "term_months = 12",
            "term_months = 3\nreplications = 40",
        );
        std::fs::write(dir.join(&file), text).unwrap();
    }
    let portfolio = dir.join("omnichannel-bid.toml");
    std::fs::copy(repo("scenarios/omnichannel-bid.toml"), &portfolio).unwrap();
    let output = staffsim()
        .args([
            "run",
            path(&portfolio),
            "--replications",
            "4",
            "--no-workbook",
            "--out",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    for queue in ["voice", "chat", "email", "back-office"] {
        for file in ["report.html", "summary.md", "summary.json", "intervals.csv"] {
            assert!(out.join(queue).join(file).is_file(), "{queue}/{file}");
        }
    }
    for file in [
        "summary.md",
        "report.html",
        "summary.json",
        "charts/channels.png",
        "charts/channels.svg",
    ] {
        assert!(out.join(file).is_file(), "{file}");
    }
    let md = std::fs::read_to_string(out.join("summary.md")).unwrap();
    for words in ["## By channel", "| backoffice |", "back-office/report.html"] {
        assert!(md.contains(words), "no '{words}' in\n{md}");
    }
    let summary: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(summary["queues"].as_array().unwrap().len(), 4);
    let planned = json(&["plan", path(&portfolio), "--json"]);
    for key in [
        "scheduled_agent_hours",
        "required_agent_hours",
        "total_cost",
    ] {
        assert!(
            close(
                summary["totals"][key].as_f64().unwrap(),
                planned["totals"][key].as_f64().unwrap()
            ),
            "{key}"
        );
    }
}

#[test]
fn a_bid_portfolio_prices_each_queue_by_its_unit_and_totals_them() {
    let dir = scratch("portfolio-bid");
    let bid = |volume: u32| {
        format!(
            "\n[bid]\nterm_months = 3\nstart = \"2027-05-01\"\nbase_monthly_volume = {volume}\nmargin = 0.15\nreplications = 4\n\n[[bid.sites]]\nname = \"Porto\"\nhourly_cost = 24\nshare = 1.0\n"
        )
    };
    let mut files = Vec::new();
    for (name, volume) in [("voice", 90_000), ("backoffice", 12_000)] {
        let text =
            std::fs::read_to_string(repo(&format!("scenarios/omnichannel/{name}.toml"))).unwrap();
        // The bundled queue without its own [bid], priced here on a short term.
        let queue = text.split("\n[bid]").next().unwrap().to_string();
        let file = dir.join(format!("{name}.toml"));
        std::fs::write(&file, queue + &bid(volume)).unwrap();
        files.push(file);
    }
    let portfolio = dir.join("two.toml");
    std::fs::write(
        &portfolio,
        "name = \"two\"\n[[queue]]\nscenario = \"voice.toml\"\n[[queue]]\nscenario = \"backoffice.toml\"\n",
    )
    .unwrap();
    let whole = json(&["bid", path(&portfolio), "--json", "--replications", "40"]);
    let queues = whole["queues"].as_array().unwrap();
    assert_eq!(queues[0]["unit"], "contact");
    assert_eq!(queues[1]["unit"], "transaction");
    let (mut cost, mut revenue) = (0.0, 0.0);
    for (queue, file) in queues.iter().zip(&files) {
        let alone = json(&["bid", path(file), "--json", "--replications", "40"]);
        assert_eq!(queue["price_per_unit"], alone["price_per_contact"]);
        assert_eq!(queue["total_cost"], alone["total_cost"]);
        cost += alone["total_cost"].as_f64().unwrap();
        revenue += alone["revenue"].as_f64().unwrap();
    }
    let totals = &whole["totals"];
    assert!(close(totals["total_cost"].as_f64().unwrap(), cost));
    assert!(close(totals["revenue"].as_f64().unwrap(), revenue));
    let handled = totals["handled"].as_f64().unwrap();
    assert!(close(
        totals["price_per_handled_unit"].as_f64().unwrap(),
        revenue / handled
    ));
}

#[test]
fn a_portfolios_cost_and_bid_fill_in_what_its_queues_leave_out() {
    let dir = scratch("portfolio-inherits");
    let text = std::fs::read_to_string(repo("scenarios/omnichannel/backoffice.toml")).unwrap();
    let body = text.split("\n[bid]").next().unwrap();
    // One queue without [cost], whose [bid] gives only its volume; one with its own wage.
    let bare = body.split("\n[cost]").next().unwrap().to_string()
        + "\n[simulation]\nreplications = 20\n\n[bid]\nbase_monthly_volume = 12000\n";
    let own = body.to_string() + "\n[bid]\nbase_monthly_volume = 9000\nmargin = 0.25\n";
    std::fs::write(dir.join("bare.toml"), &bare).unwrap();
    std::fs::write(dir.join("own.toml"), &own).unwrap();
    let shared = "[cost]\ncurrency = \"EUR\"\nhourly_cost = 21\nhours_per_fte_week = 37.5\n\n\
        [bid]\nterm_months = 3\nstart = \"2027-06-01\"\nmargin = 0.15\nreplications = 4\n\n\
        [[bid.sites]]\nname = \"Porto\"\nhourly_cost = 24\nshare = 1.0\n";
    let portfolio = dir.join("contract.toml");
    std::fs::write(
        &portfolio,
        format!(
            "name = \"contract\"\n[[queue]]\nname = \"bare\"\nscenario = \"bare.toml\"\n\
             [[queue]]\nname = \"own\"\nscenario = \"own.toml\"\n{shared}"
        ),
    )
    .unwrap();
    // The same queues written out in full, standalone.
    let full = |body: &str, cost: &str, bid: &str| {
        body.to_string()
            + "\n"
            + cost
            + "\n[bid]\n"
            + bid
            + "term_months = 3\nstart = \"2027-06-01\"\nreplications = 4\n\n[[bid.sites]]\nname = \"Porto\"\nhourly_cost = 24\nshare = 1.0\n"
    };
    let bare_body = bare.split("\n[bid]").next().unwrap();
    let own_body = own.split("\n[bid]").next().unwrap();
    let bare_full = dir.join("bare-full.toml");
    let own_full = dir.join("own-full.toml");
    std::fs::write(
        &bare_full,
        full(
            bare_body,
            "[cost]\ncurrency = \"EUR\"\nhourly_cost = 21\nhours_per_fte_week = 37.5\n",
            "base_monthly_volume = 12000\nmargin = 0.15\n",
        ),
    )
    .unwrap();
    // Its own [cost] keeps its wage (22) and takes the FTE week it lacks.
    let own_cost = own_body.edited("[cost]\n", "[cost]\nhours_per_fte_week = 37.5\n");
    std::fs::write(
        &own_full,
        full(&own_cost, "", "base_monthly_volume = 9000\nmargin = 0.25\n"),
    )
    .unwrap();
    let whole = json(&["plan", path(&portfolio), "--json"]);
    let queues = whole["queues"].as_array().unwrap();
    let mut fte = 0.0;
    for (queue, file) in queues.iter().zip([&bare_full, &own_full]) {
        let alone = json(&["plan", path(file), "--json"]);
        let mut entry = queue.clone();
        entry.as_object_mut().unwrap().remove("queue");
        assert_eq!(entry, alone, "{}", file.display());
        // One week of paid hours at 37.5 hours an FTE.
        fte += alone["scheduled_agent_hours"].as_f64().unwrap() / 37.5;
    }
    assert!(close(whole["totals"]["fte"].as_f64().unwrap(), fte));
    // The bare queue is paid the portfolio's wage.
    assert!(close(
        queues[0]["labour_cost"].as_f64().unwrap(),
        queues[0]["scheduled_agent_hours"].as_f64().unwrap() * 21.0
    ));
    let priced = json(&["bid", path(&portfolio), "--json", "--replications", "40"]);
    for (queue, file) in priced["queues"]
        .as_array()
        .unwrap()
        .iter()
        .zip([&bare_full, &own_full])
    {
        let alone = json(&["bid", path(file), "--json", "--replications", "40"]);
        assert_eq!(
            queue["total_cost"],
            alone["total_cost"],
            "{}",
            file.display()
        );
        assert_eq!(queue["revenue"], alone["revenue"], "{}", file.display());
        assert_eq!(queue["margin"], alone["margin"], "{}", file.display());
    }
    assert_eq!(priced["queues"][1]["margin"].as_f64(), Some(0.25));
    // The queue that keeps its own margin is told so.
    let output = staffsim()
        .args(["plan", path(&portfolio)])
        .output()
        .unwrap();
    assert!(output.status.success());
    assert!(
        stderr(&output).contains("own: [bid] margin is the queue's own, not the portfolio's 0.15"),
        "{}",
        stderr(&output)
    );
}
