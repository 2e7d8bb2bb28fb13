"""Capacity: the largest class that keeps reruns fast, searched upward with the simulator.

    python -m bench.capacity                                  # students spread over every lesson
    python -m bench.capacity --lessons rerun-basics           # the whole class in one lesson
    python -m bench.capacity --url http://127.0.0.1:8080 --project rerun-lab   # a running stack

A step is a classroom (bench/classroom.py) of N students for --step-duration seconds, one
action per student every --think seconds. It passes when the p95 of rerun latency (student
actions and run_every reruns, page loads apart; the lessons' deliberate sleeps subtracted,
see each lesson's lesson.toml) is at most --p95-ms, no rerun failed, and every student held their
session. N grows by half each step from --start; after the first failing step, --refine
steps bisect between the last pass and the first failure. Bounded by --max-students
(<= 300) and --max-minutes. Without --url it starts the stack under the compose project
rerun-lab-bench and removes it afterwards.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import statistics
import sys
import time
from pathlib import Path

from bench.bench_stack import BENCH_PORT, BENCH_PROJECT, BenchStack, lesson_env_file
from bench.classroom import MAX_STUDENTS, Classroom, Config
from bench.cli import table, write_json
from bench.machine import machine, machine_line
from harness.lessons import lesson_slugs


def _env_override(pairs: list[str]) -> Path:
    """--lesson-env NAME=VALUE pairs as a compose file adding them to every lesson."""
    env = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.isidentifier():
            raise SystemExit(f"--lesson-env wants NAME=VALUE, not {pair!r}")
        env[name] = value
    return lesson_env_file(env, "bench/capacity.py --lesson-env: a what-if, never the real stack")


def passed(report: dict, p95_ms: float, ignore: set[str]) -> tuple[bool, str]:
    o = report["overall"]
    errors = {k: v for k, v in o["errors"].items() if k.split(":")[0] not in ignore}
    p95 = o["server"]["p95_ms"]
    if errors:
        return False, "errors " + ", ".join(f"{k} {v}" for k, v in errors.items())
    if o["unfinished_students"] or o["sessions_held"] < o["students"]:
        return False, f"sessions held {o['sessions_held']}/{o['students']}"
    if p95 is None:
        return False, "no reruns"
    if p95 > p95_ms:
        return False, f"p95 {p95:.0f} ms > {p95_ms:g}"
    return True, f"p95 {p95:.0f} ms"


def step_row(report: dict, ok: bool, why: str) -> list:
    o = report["overall"]
    containers = [x["container"] or {} for x in report["lessons"].values()]
    busiest = max((c.get("cpu_mean_pct", 0) for c in containers), default=0)
    per_rerun = [c["cpu_ms_per_rerun"] for c in containers if c.get("cpu_ms_per_rerun")]
    memory = max((c.get("mem_max_mib", 0) for c in containers), default=0)
    throttled = sum(c.get("throttled_periods", 0) for c in containers)
    return [
        o["students"],
        o["reruns_per_s"],
        o["server"]["p50_ms"],
        o["server"]["p95_ms"],
        o["server"]["p99_ms"],
        o["page_load_server"]["p95_ms"],
        o["error_count"],
        busiest,
        round(statistics.median(per_rerun), 1) if per_rerun else "-",
        throttled,
        memory,
        report["loadgen_cpu_pct"],
        report.get("cpu_pressure_pct", "-"),
        ("PASS " if ok else "FAIL ") + why,
    ]


HEADER = [
    "students",
    "reruns/s",
    "p50 ms",
    "p95 ms",
    "p99 ms",
    "load p95",
    "errors",
    "busiest CPU%",
    "CPU ms/rerun",
    "throttled",
    "max mem MiB",
    "loadgen CPU%",
    "CPU pressure%",
    "verdict",
]


def search(
    url: str, project: str | None, lessons: list[str] | None, a, ignore: set[str], deadline: float
) -> dict:
    """Grows the class step by step until a step fails, then bisects (see the module doc).
    `a` holds the step settings (start, max_students, step_duration, think, p95_ms, refine)."""
    steps: list[dict] = []

    def run_step(n: int) -> bool:
        config = Config(
            base_url=url,
            students=n,
            duration=a.step_duration,
            ramp=min(20.0, a.step_duration / 3),
            think=a.think,
            lessons=lessons,
            project=project,
            progress="lines",
        )
        print(f"-- step: {n} students for {a.step_duration:g} s", flush=True)
        report = asyncio.run(Classroom(config).run())
        ok, why = passed(report, a.p95_ms, ignore)
        steps.append(
            {"students": n, "passed": ok, "why": why, "report": report, "row": step_row(report, ok, why)}
        )
        print(table([steps[-1]["row"]], HEADER), flush=True)
        time.sleep(5)  # let the sessions close
        return ok

    def time_left() -> bool:
        return time.monotonic() + a.step_duration + 40 < deadline

    best, worst = 0, None
    n = a.start
    while n <= a.max_students and time_left():
        if run_step(n):
            best = n
            if n == a.max_students:
                break
            n = min(a.max_students, max(n + 1, math.ceil(n * 1.5)))
        else:
            worst = n
            break
    for _ in range(a.refine):
        if worst is None or worst - best <= max(2, best // 10) or not time_left():
            break
        middle = (best + worst) // 2
        if run_step(middle):
            best = middle
        else:
            worst = middle
    steps.sort(key=lambda step: step["students"])
    return {
        "largest_passing": best,
        "first_failing": worst,
        "limit": f"at least {best}" if worst is None else f"{best} to {worst - 1}",
        "rows": [step.pop("row") for step in steps],
        "steps": steps,
    }


def add_step_arguments(parser: argparse.ArgumentParser) -> None:
    """The settings of a capacity search's steps (shared with bench.replicas)."""
    parser.add_argument("--start", type=int, default=8)
    parser.add_argument("--max-students", type=int, default=MAX_STUDENTS)
    parser.add_argument("--step-duration", type=float, default=45.0, help="seconds per step (20..600)")
    parser.add_argument("--think", type=float, default=3.0)
    parser.add_argument("--p95-ms", type=float, default=300.0)
    parser.add_argument("--refine", type=int, default=2, help="bisection steps after the first failure")
    parser.add_argument("--max-minutes", type=float, default=20.0)
    parser.add_argument(
        "--ignore-errors",
        default="",
        help="comma-separated error kinds that don't fail a step (e.g. script_exception: a "
        "lesson's own bug, which no amount of capacity fixes); they are still reported",
    )


def check_step_arguments(parser: argparse.ArgumentParser, a) -> set[str]:
    """Validates them; returns the error kinds to ignore."""
    if not (1 <= a.start <= a.max_students <= MAX_STUDENTS and 20 <= a.step_duration <= 600):
        parser.error(f"bounds: 1 <= --start <= --max-students <= {MAX_STUDENTS}, --step-duration 20..600")
    if not 1 <= a.max_minutes <= 120:
        parser.error("--max-minutes must be 1..120")
    return {k.strip() for k in a.ignore_errors.split(",") if k.strip()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.capacity",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--url", help="a running stack (loopback); default: start rerun-lab-bench")
    parser.add_argument("--project", help="compose project to sample CPU/memory of (with --url)")
    parser.add_argument("--lessons", help="comma-separated slugs (default: every lesson)")
    add_step_arguments(parser)
    parser.add_argument(
        "--lesson-env",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="what-if: set this environment variable in every lesson container of the stack the "
        "bench starts (e.g. STREAMLIT_RUNNER_POST_SCRIPT_GC=false); repeatable",
    )
    parser.add_argument("--keep", action="store_true", help="leave the stack running")
    parser.add_argument("--json", metavar="FILE")
    a = parser.parse_args(argv)
    ignore = check_step_arguments(parser, a)
    lessons = [s.strip() for s in a.lessons.split(",")] if a.lessons else None
    for slug in lessons or []:
        if slug not in lesson_slugs():
            parser.error(f"unknown lesson {slug!r}")

    stack = None
    if a.url:
        if a.lesson_env:
            parser.error("--lesson-env applies only to the stack the bench starts (no --url)")
        url, project = a.url, a.project
    else:
        files = (_env_override(a.lesson_env),) if a.lesson_env else ()
        stack = BenchStack(project=BENCH_PROJECT, port=BENCH_PORT, files=files)
        what_if = " with " + " ".join(a.lesson_env) if a.lesson_env else ""
        print(f"starting {stack.project} on {stack.base_url}{what_if}…")
        stack.compose("up", "--build", "--detach", "--wait", "--force-recreate")
        url, project = stack.base_url, stack.project

    m = machine()
    try:
        result = search(url, project, lessons, a, ignore, time.monotonic() + a.max_minutes * 60)
    finally:
        if stack and not a.keep:
            stack.down()
    best, worst, steps = result["largest_passing"], result["first_failing"], result["steps"]

    scope = f"lessons {','.join(lessons)}" if lessons else "students spread over every lesson"
    if a.lesson_env:
        scope += f"; what-if {' '.join(a.lesson_env)}"
    print(
        f"\ncapacity ({scope}; one action per ~{a.think:g} s; pass = p95 <= {a.p95_ms:g} ms, no errors"
        f"{' except ' + ', '.join(sorted(ignore)) if ignore else ''}, every session held)"
    )
    print(table(result["rows"], HEADER))
    limit = result["limit"]
    print(
        f"largest class that passed: {best} students"
        + (
            f" (the first failure was at {worst})"
            if worst
            else f" (no failure up to {steps[-1]['students']})"
        )
    )
    print(machine_line(m))
    write_json(
        a.json,
        {
            "machine": m,
            "scope": scope,
            "lessons": lessons,
            "p95_ms_target": a.p95_ms,
            "think_s": a.think,
            "ignored_errors": sorted(ignore),
            "lesson_env": a.lesson_env,
            "largest_passing": best,
            "first_failing": worst,
            "limit": limit,
            "steps": steps,
        },
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
