"""The week of benches/pyworkforce/week.toml solved by pyworkforce's MinRequiredResources
(OR-Tools CP-SAT, 2 workers) and by `staffsim schedule`, on the same requirement (staffsim's
Erlang C plan) and the same shifts (3 families, a start every 30 minutes from 06:00, no breaks).

    python3 -m venv .venv && .venv/bin/pip install pyworkforce
    cargo build --release
    .venv/bin/python benches/pyworkforce/compare.py

Prints both costs and times.
"""

import csv
import io
import json
import subprocess
import time
from pathlib import Path

from pyworkforce.scheduling import MinRequiredResources

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = ROOT / "benches" / "pyworkforce" / "week.toml"
STAFFSIM = ROOT / "target" / "release" / "staffsim"
PERIODS = 96  # 15-minute periods from 00:00
HOURLY = 22.0
SHRINKAGE = 0.14  # breaks 0.06 + absenteeism 0.08: no template has explicit breaks
FAMILIES = [("four", 4, "18:00"), ("six", 6, "16:00"), ("eight", 8, "14:00")]


def minutes(clock):
    h, m = clock.split(":")
    return int(h) * 60 + int(m)


def requirement():
    out = subprocess.run(
        [STAFFSIM, "plan", "--csv", "-", SCENARIO], check=True, capture_output=True, text=True
    ).stdout
    days = {}
    for row in csv.DictReader(io.StringIO(out)):
        date, clock = row["start"].split("T")
        days.setdefault(date, [0] * PERIODS)[minutes(clock) // 15] = int(row["required_agents"])
    return [days[d] for d in sorted(days)]


def shifts():
    coverage, cost = {}, {}
    for name, hours, last in FAMILIES:
        start = minutes("06:00")
        while start <= minutes(last):
            key = f"{name}_{start // 60:02d}{start % 60:02d}"
            first = start // 15
            coverage[key] = [1 if first <= p < first + hours * 4 else 0 for p in range(PERIODS)]
            cost[key] = HOURLY * hours / (1.0 - SHRINKAGE)
            start += 30
    return coverage, cost


def main():
    required = requirement()
    coverage, cost = shifts()
    problem = MinRequiredResources(
        num_days=len(required),
        periods=PERIODS,
        shifts_coverage=coverage,
        required_resources=required,
        max_period_concurrency=10_000,
        max_shift_concurrency=10_000,
        cost_dict=cost,
        max_search_time=240.0,
        num_search_workers=2,
    )
    started = time.perf_counter()
    solution = problem.solve()
    pyworkforce_seconds = time.perf_counter() - started
    pyworkforce_cost = solution["cost"]

    started = time.perf_counter()
    out = subprocess.run(
        [STAFFSIM, "schedule", "--json", "--replications", "1", SCENARIO],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    staffsim_process_seconds = time.perf_counter() - started
    result = json.loads(out)
    print(f"pyworkforce MinRequiredResources: status {solution['status']}, cost {pyworkforce_cost:,.2f}, solve {pyworkforce_seconds:.3f} s")
    print(
        f"staffsim schedule: cost {result['cover_cost']:,.2f}, lower bound {result['lower_bound_cost']:,.2f}, "
        f"gap {result['gap'] * 100:.2f} %, solve {result['solve_seconds']:.3f} s "
        f"(whole process incl. plan and a 1-replication evaluation: {staffsim_process_seconds:.3f} s)"
    )


if __name__ == "__main__":
    main()
