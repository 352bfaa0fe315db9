//! `staffsim run`: the full report, end to end.

use crate::common::{scratch, staffsim};

use serde_json::Value;
use std::io::Read;
use std::path::{Path, PathBuf};

const CHARTS: [&str; 9] = [
    "sweep-front",
    "sweep-confidence",
    "staffing",
    "service-level",
    "occupancy",
    "asa-abandonment",
    "staffing-curve",
    "special-day-1",
    "special-day-3",
];

/// The bundled report, run once (from a scratch folder as the working directory) for the tests
/// that only read it.
fn bundled_report() -> &'static Path {
    static REPORT: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    REPORT.get_or_init(|| run_bundled(&scratch("bundled")))
}

/// Runs the bundled scenario from `dir` (as the working directory) and returns the report folder.
fn run_bundled(dir: &Path) -> PathBuf {
    let output = staffsim()
        .current_dir(dir)
        .args(["run", "--replications", "24", "--seed", "9"])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("output/holiday-peak/summary.md"),
        "prints the paths written: {stdout}"
    );
    dir.join("output/holiday-peak")
}

#[test]
fn run_without_a_scenario_writes_the_full_holiday_peak_report_from_any_directory() {
    let report = bundled_report();
    for file in [
        "summary.md",
        "summary.json",
        "intervals.csv",
        "workbook.xlsx",
    ] {
        assert!(report.join(file).is_file(), "{file} missing");
    }
    let summary = std::fs::read_to_string(report.join("summary.md")).unwrap();
    for part in [
        "## The question",
        "## Assumptions",
        "## Results",
        "## Where the target is missed",
        "Boxing Day",
        "charts/service-level.png",
    ] {
        assert!(summary.contains(part), "summary.md lacks {part}");
    }
    let leftovers: Vec<_> = std::fs::read_dir(report.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n.to_string_lossy().starts_with('.'))
        .collect();
    assert!(
        leftovers.is_empty(),
        "no staging folders remain: {leftovers:?}"
    );
}

#[test]
fn every_chart_is_a_non_blank_1600_by_900_png_and_an_svg_with_its_titles() {
    let report = bundled_report();
    for stem in CHARTS {
        let png = std::fs::File::open(report.join(format!("charts/{stem}.png"))).unwrap();
        let mut reader = png::Decoder::new(std::io::BufReader::new(png))
            .read_info()
            .unwrap();
        let mut pixels = vec![0; reader.output_buffer_size()];
        let info = reader.next_frame(&mut pixels).unwrap();
        assert_eq!((info.width, info.height), (1600, 900), "{stem}.png size");
        let distinct: std::collections::HashSet<&[u8]> =
            pixels[..info.buffer_size()].chunks(3).collect();
        assert!(
            distinct.len() > 20,
            "{stem}.png looks blank ({} colours)",
            distinct.len()
        );

        let svg = std::fs::read_to_string(report.join(format!("charts/{stem}.svg"))).unwrap();
        assert!(svg.starts_with("<svg"), "{stem}.svg");
        assert!(
            svg.contains("width=\"1600\"") && svg.contains("height=\"900\""),
            "{stem}.svg size"
        );
        assert!(svg.contains("Scenario holiday-peak"), "{stem}.svg footnote");
    }
    let svg =
        |stem: &str| std::fs::read_to_string(report.join(format!("charts/{stem}.svg"))).unwrap();
    let titles = [
        (
            "staffing",
            [
                "Required vs staffed agents",
                "Agents on the phones",
                "Date (open hours only",
            ],
        ),
        (
            "service-level",
            [
                "Service level by interval",
                "Answered within 20 s",
                "Date (open hours only",
            ],
        ),
        (
            "occupancy",
            [
                "Agent occupancy by interval",
                "Occupancy",
                "Date (open hours only",
            ],
        ),
        (
            "asa-abandonment",
            [
                "Speed of answer and abandonment",
                "ASA (seconds)",
                "Abandoned (% of offered)",
            ],
        ),
        (
            "staffing-curve",
            [
                "Staffing curve at the peak",
                "ASA (seconds)",
                "Agents on the phones",
            ],
        ),
        (
            "special-day-3",
            [
                "Boxing Day against the same Saturday without it",
                "Contacts offered per interval",
                "Time of day",
            ],
        ),
    ];
    for (stem, texts) in titles {
        let text = svg(stem);
        for t in texts {
            assert!(text.contains(t), "{stem}.svg lacks {t:?}");
        }
    }
}

#[test]
fn summary_json_agrees_with_plan_and_simulate_for_the_same_seed() {
    let report = bundled_report();
    let summary: Value =
        serde_json::from_str(&std::fs::read_to_string(report.join("summary.json")).unwrap())
            .unwrap();
    let scenario = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/holiday-peak.toml");
    let json = |args: &[&str]| -> Value {
        let output = staffsim()
            .args(args)
            .arg(&scenario)
            .arg("--json")
            .output()
            .unwrap();
        assert!(output.status.success());
        serde_json::from_slice(&output.stdout).unwrap()
    };
    let plan = json(&["plan"]);
    assert_eq!(summary["plan"], plan);
    let mut simulated = json(&["simulate", "--replications", "24", "--seed", "9"]);
    let mut reported = summary["simulation"].clone();
    for timing in ["events_per_second", "wall_seconds"] {
        simulated.as_object_mut().unwrap().remove(timing);
        reported.as_object_mut().unwrap().remove(timing);
    }
    assert_eq!(reported, simulated);
}

#[test]
fn the_workbook_is_a_valid_xlsx_with_its_sheets_and_a_native_chart() {
    let report = bundled_report();
    let file = std::fs::File::open(report.join("workbook.xlsx")).unwrap();
    let mut zip = zip::ZipArchive::new(file).expect("an xlsx is a zip archive");
    let mut workbook = String::new();
    zip.by_name("xl/workbook.xml")
        .unwrap()
        .read_to_string(&mut workbook)
        .unwrap();
    for sheet in ["Summary", "Intervals", "Assumptions", "Sweep"] {
        assert!(
            workbook.contains(&format!("name=\"{sheet}\"")),
            "sheet {sheet} missing"
        );
    }
    let names: Vec<String> = zip.file_names().map(String::from).collect();
    assert!(
        names.iter().any(|n| n.starts_with("xl/charts/chart")),
        "no chart part in {names:?}"
    );
    assert!(
        names.iter().any(|n| n.starts_with("xl/worksheets/sheet3")),
        "{names:?}"
    );

    // The cost cells are formulas over their inputs, and their cached values are summary.json's.
    let mut summary_sheet = String::new();
    zip.by_name("xl/worksheets/sheet1.xml")
        .unwrap()
        .read_to_string(&mut summary_sheet)
        .unwrap();
    let summary: Value =
        serde_json::from_str(&std::fs::read_to_string(report.join("summary.json")).unwrap())
            .unwrap();
    let plan = &summary["plan"];
    let cached = |formula: &str| -> f64 {
        let at = summary_sheet
            .find(&format!("<f>{formula}</f>"))
            .unwrap_or_else(|| panic!("no formula {formula}"));
        let rest = &summary_sheet[at..];
        let v = rest.find("<v>").unwrap() + 3;
        let end = rest[v..].find("</v>").unwrap();
        rest[v..v + end].parse().unwrap()
    };
    let labour = plan["labour_cost"].as_f64().unwrap();
    assert!((cached("B13*B19") - labour).abs() < 1e-6 * labour);
    let total = cached("B15+B20");
    assert!((total - plan["total_cost"].as_f64().unwrap()).abs() < 1e-6 * total);
    let per_contact = plan["cost_per_contact"].as_f64().unwrap();
    assert!(
        (cached("IF(B21&gt;0,B15/B21,\"–\")") - per_contact).abs() < 1e-9 * per_contact.max(1.0)
    );
}

#[test]
fn an_unwritable_output_folder_fails_with_exit_1_and_leaves_nothing() {
    let dir = scratch("unwritable");
    std::fs::write(dir.join("blocker"), "a file, not a folder").unwrap();
    let out = dir.join("blocker").join("report");
    let output = staffsim()
        .args(["run", "--replications", "2", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.starts_with("error: cannot write") && stderr.contains("report"),
        "{stderr}"
    );
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    let entries: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(entries.len(), 1, "nothing but the blocker: {entries:?}");
}

#[test]
fn a_failed_run_leaves_the_previous_report_intact() {
    let dir = scratch("intact");
    let report = run_bundled(&dir);
    let before = std::fs::read(report.join("summary.json")).unwrap();
    std::fs::write(
        dir.join("broken.toml"),
        "name = \"holiday-peak\"\n[forecast]\ncsv = \"missing.csv\"\n",
    )
    .unwrap();
    let output = staffsim()
        .current_dir(&dir)
        .args(["run", "broken.toml", "--out", "output/holiday-peak"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(std::fs::read(report.join("summary.json")).unwrap(), before);
    assert!(report.join("charts/service-level.png").is_file());
}

#[test]
fn erlang_plan_and_simulate_draw_their_main_chart() {
    let dir = scratch("main-charts");
    let contract =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/contract/intraday-peak.toml");
    let erlang = dir.join("curve.svg");
    staffsim()
        .args([
            "erlang",
            "--volume",
            "100",
            "--interval",
            "30m",
            "--aht",
            "180s",
            "--agents",
            "10..20",
            "--within",
            "20",
            "--chart",
        ])
        .arg(&erlang)
        .assert()
        .success();
    let svg = std::fs::read_to_string(&erlang).unwrap();
    assert!(
        svg.contains("Staffing curve")
            && svg.contains("Agents on the phones")
            && svg.contains("ASA (seconds)")
    );
    for (command, title) in [
        ("plan", "Required vs staffed agents"),
        ("simulate", "Service level by interval"),
    ] {
        let path = dir.join(format!("{command}.svg"));
        staffsim()
            .arg(command)
            .arg(&contract)
            .arg("--chart")
            .arg(&path)
            .assert()
            .success();
        assert!(
            std::fs::read_to_string(&path).unwrap().contains(title),
            "{command}"
        );
    }
    let output = staffsim()
        .arg("plan")
        .arg(&contract)
        .args(["--chart", "chart.gif"])
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(2),
        "an unknown chart format is bad input"
    );
}

#[test]
fn run_forecasts_first_when_the_scenario_names_a_history() {
    let dir = scratch("forecast");
    let output = staffsim()
        .arg("run")
        .arg(crate::common::repo("scenarios/forecast-demo.toml"))
        .args(["--replications", "3", "--out"])
        .arg(dir.join("report"))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let summary = std::fs::read_to_string(dir.join("report/summary.md")).unwrap();
    assert!(
        summary.contains("| Forecast method | fitted from 8064 intervals of history"),
        "{summary}"
    );
    let json: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("report/summary.json")).unwrap())
            .unwrap();
    assert!(
        json["forecast"]["backtest_wape"].as_f64().unwrap()
            < 1.3 * json["forecast"]["poisson_floor_wape"].as_f64().unwrap()
    );
}

#[test]
fn an_output_folder_that_is_a_file_is_refused_and_left_alone() {
    let dir = scratch("file-out");
    let file = dir.join("notes.txt");
    std::fs::write(&file, "keep me").unwrap();
    let output = staffsim()
        .args(["run", "--replications", "2", "--out"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("not a folder"));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "keep me");
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
}
