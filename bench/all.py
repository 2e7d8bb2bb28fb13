"""Every benchmark in turn, each printing its figures; JSON of each into one folder.

    python -m bench.all                 # about 35 minutes on 2 cores, plus the replicas run
    python -m bench.all --quick         # shorter runs, about 12 minutes plus replicas: a smoke check

The replicas run searches twice (1, then 2 replicas), each search bounded by --max-minutes
(6 with --quick, else 12).

A benchmark that exits non-zero (a class run with errors, a failed start) is reported as
failed, and so is the whole run.

Uses the compose project rerun-lab-bench on port 8190 (never the instructor's `rerun-lab`
or the tests' `rerun-lab-test`) and removes it at the end. Build offline with
PYTHON_IMAGE/NGINX_IMAGE set as in docs/configuration.md, "Offline build".
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from bench import capacity, classroom, cold_start, idle_memory, images, proxy_overhead, replicas
from bench.bench_stack import BenchStack
from bench.machine import machine_line


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.all", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--out", default=str(Path(__file__).parent / "out" / time.strftime("%Y%m%d-%H%M%S")))
    a = parser.parse_args(argv)
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    quick = a.quick
    print(machine_line())
    runs = [
        ("images", images.main, ["--json", str(out / "images.json")]),
        (
            "cold start",
            cold_start.main,
            ["--repeat", "2" if quick else "3", "--json", str(out / "cold_start.json")],
        ),
        ("idle memory", idle_memory.main, ["--json", str(out / "idle_memory.json"), "--keep"]),
        (
            "proxy overhead",
            proxy_overhead.main,
            ["--rounds", "2" if quick else "3", "--reruns", "60" if quick else "150", "--keep"]
            + ["--json", str(out / "proxy_overhead.json")],
        ),
        (
            "class of 60",
            classroom.main,
            ["--url", BenchStack().base_url, "--project", BenchStack().project, "--students", "60"]
            + ["--duration", "60" if quick else "120", "--ramp", "20", "--progress", "lines"]
            + ["--json", str(out / "classroom60.json")],
        ),
        (
            "capacity, students spread over the lessons",
            capacity.main,
            # A script exception on a student's page fails a step like any other error.
            ["--url", BenchStack().base_url, "--project", BenchStack().project, "--start", "16"]
            + ["--step-duration", "30" if quick else "45", "--max-minutes", "6" if quick else "12"]
            + ["--json", str(out / "capacity_spread.json")],
        ),
        (
            "capacity, the whole class in lesson 1",
            capacity.main,
            ["--url", BenchStack().base_url, "--project", BenchStack().project, "--lessons", "rerun-basics"]
            + [
                "--start",
                "8",
                "--step-duration",
                "30" if quick else "45",
                "--max-minutes",
                "4" if quick else "8",
            ]
            + ["--json", str(out / "capacity_rerun_basics.json")],
        ),
        (
            "replicas, one lesson with 1 and 2 replicas",
            replicas.main,
            # Starts (and removes) its own copy of the stack: it rescales a lesson.
            ["--step-duration", "30" if quick else "45"]
            + ["--max-minutes", "6" if quick else "12", "--json", str(out / "replicas.json")],
        ),
    ]
    failed = []
    try:
        for title, run, args in runs:
            print(f"\n===== {title}: python -m {run.__module__} {' '.join(args)}", flush=True)
            try:
                status = run(args)
            except (RuntimeError, OSError) as exc:
                failed.append(title)
                print(f"{title} failed: {exc}", flush=True)
                continue
            if status:
                failed.append(title)
                print(f"{title} failed: exit status {status}", flush=True)
    finally:
        BenchStack().down()
    print(f"\nJSON of every run in {out}")
    if failed:
        print("failed: " + ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
