"""Does recording the class's answers slow the class down? The same simulated class, side by
side, with the check-in store recording and with it stopped.

    python -m bench.checkin_cost --students 120 --duration 60 --rounds 2

One stack (its own compose project); each round runs the same class (students spread over
the lessons, the same seed) twice: with the `checkin` store running (every Check a student
presses is recorded: the simulator presses the exercises' Lock in and Check buttons among
the page's other widgets), then with the store stopped (a lesson says "not shared" at once,
without trying it for 2 s after a failure). Prints, side by side, the rerun p95, errors,
reruns answered, CPU ms per rerun of the stack (lessons + nginx) and of the store itself, and
how many answers the store recorded (read from it, then cleared for the next class).
"""

from __future__ import annotations

import statistics
import sys

from bench import classroom
from bench.bench_stack import BenchStack
from bench.cli import bench_parser, table, write_json
from bench.container_usage import cgroup_cpu
from bench.machine import machine_line
from bench.rerun_cost import figures
from harness.docker import docker
from rerunlab.checkin import LOG_KEY, PREFIX

MODES = ("recording", "store stopped")


def recorded_answers(stack: BenchStack) -> int:
    """Answers in the store's log, then the store emptied (as the teacher's New class does)."""
    store = stack.container_id("checkin")
    count = int(docker("exec", store, "valkey-cli", "XLEN", LOG_KEY).stdout.strip() or 0)
    keys = docker("exec", store, "valkey-cli", "--scan", "--pattern", PREFIX + "*").stdout.split()
    if keys:
        docker("exec", store, "valkey-cli", "UNLINK", *keys)
    return count


def one_class(stack: BenchStack, mode: str, a) -> dict:
    if mode == "recording":
        stack.start_service("checkin")
        store = stack.container_id("checkin")
        before = cgroup_cpu(store)
    else:
        stack.stop_service("checkin")
    config, _ = classroom.parse_args(
        ["--url", stack.base_url, "--project", stack.project, "--progress", "off", "--no-warmup"]
        + ["--students", str(a.students), "--duration", str(a.duration), "--seed", str(a.seed)]
    )
    print(f"== {mode}: {a.students} students, {a.duration:g} s", flush=True)
    result = figures(classroom.run(config))
    result["answers_recorded"] = recorded_answers(stack) if mode == "recording" else 0
    result["store_ms_per_rerun"] = None
    if mode == "recording" and before is not None and result["reruns"]:
        used = cgroup_cpu(store)["cpu_s"] - before["cpu_s"]
        result["store_ms_per_rerun"] = round(1000 * used / result["reruns"], 2)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = bench_parser("checkin_cost", __doc__)
    parser.add_argument("--students", type=int, default=120)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--rounds", type=int, default=1, help="recording, stopped, … : the median")
    parser.add_argument("--seed", type=int, default=7)
    a = parser.parse_args(argv)
    if not 1 <= a.rounds <= 5:
        parser.error("--rounds 1..5")
    print(machine_line())
    stack = BenchStack(project=a.project, port=a.port)
    stack.build()
    runs: dict[str, list[dict]] = {mode: [] for mode in MODES}
    try:
        stack.up()
        classroom.run(  # one unmeasured class: every server's one-time costs paid
            classroom.parse_args(
                ["--url", stack.base_url, "--progress", "off", "--students", "12", "--duration", "10"]
            )[0]
        )
        recorded_answers(stack)
        for _ in range(a.rounds):
            for mode in MODES:
                runs[mode].append(one_class(stack, mode, a))
    finally:
        if not a.keep:
            stack.down()

    def med(mode: str, key: str):
        values = [r[key] for r in runs[mode] if r[key] is not None]
        return round(statistics.median(values), 1) if values else None

    keys = [
        ("p95_ms", "rerun p95 ms (all lessons)"),
        ("errors", "errors"),
        ("reruns", "reruns answered"),
        ("answers_recorded", "answers recorded in the store"),
        ("stack_ms_per_rerun", "CPU ms per rerun, lessons + nginx"),
        ("store_ms_per_rerun", "CPU ms per rerun, the store"),
    ]
    rows = [[name, *(med(mode, key) for mode in MODES)] for key, name in keys]
    print(f"\n{a.students} students over the lessons, {a.duration:g} s each, median of {a.rounds} round(s)")
    print(table(rows, ["", *MODES]))
    print(machine_line())
    write_json(a.json, {"rounds": runs})
    return 1 if any(r["errors"] for rs in runs.values() for r in rs) else 0


if __name__ == "__main__":
    sys.exit(main())
