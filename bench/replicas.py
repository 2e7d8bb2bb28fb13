"""Replicas: the capacity of one busy lesson with 1 and with 2 replicas, side by side in one run.

    python -m bench.replicas                                   # rerun-basics, 1 then 2 replicas
    python -m bench.replicas --lesson fragments --replicas 1,2,3 --step-duration 30

Starts the stack under the compose project rerun-lab-bench, then for each replica count
scales the lesson (`docker compose up --scale <lesson>=N`), waits for nginx to spread new
students over the replicas, and searches the largest class in that lesson whose reruns keep
p95 <= --p95-ms (bench/capacity.py's search, the class all in that one lesson). Prints each
capacity and its ratio to the first; removes the stack afterwards.
"""

from __future__ import annotations

import argparse
import sys
import time

from bench.bench_stack import BENCH_PORT, BENCH_PROJECT, BenchStack
from bench.capacity import HEADER, add_step_arguments, check_step_arguments, search
from bench.cli import table, write_json
from bench.machine import machine, machine_line
from harness.lessons import lesson_slugs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.replicas",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--lesson", default="rerun-basics", help="the busy lesson (default: rerun-basics)")
    parser.add_argument("--replicas", default="1,2", help="replica counts to compare (default: 1,2)")
    add_step_arguments(parser)
    parser.add_argument("--json", metavar="FILE")
    parser.set_defaults(step_duration=30.0, max_minutes=12.0, start=12)
    a = parser.parse_args(argv)
    ignore = check_step_arguments(parser, a)
    if a.lesson not in lesson_slugs():
        parser.error(f"unknown lesson {a.lesson!r}")
    try:
        counts = [int(n) for n in a.replicas.split(",")]
    except ValueError:
        parser.error("--replicas wants whole numbers such as 1,2")
    if not all(1 <= n <= 4 for n in counts):
        parser.error("--replicas: 1 to 4 each (this is one machine)")

    stack = BenchStack(project=BENCH_PROJECT, port=BENCH_PORT)
    print(f"starting {stack.project} on {stack.base_url}…")
    stack.compose("up", "--build", "--detach", "--wait", "--force-recreate")
    m = machine()
    results = {}
    try:
        for n in counts:
            stack.scale(a.lesson, n)  # and waits until nginx sends new students to every replica
            print(f"\n== {a.lesson} with {n} replica(s)", flush=True)
            deadline = time.monotonic() + a.max_minutes * 60
            results[n] = search(stack.base_url, stack.project, [a.lesson], a, ignore, deadline)
    finally:
        stack.down()

    base = results[counts[0]]["largest_passing"] or None
    excepted = f" except {', '.join(sorted(ignore))}" if ignore else ""
    print(
        f"\ncapacity of {a.lesson} by replicas (one action per ~{a.think:g} s per student; "
        f"pass = p95 <= {a.p95_ms:g} ms, no errors{excepted}, every session held)"
    )
    for n in counts:
        print(f"\n{n} replica(s):")
        print(table(results[n]["rows"], HEADER))
    summary = [
        [
            n,
            results[n]["limit"],
            results[n]["largest_passing"],
            f"{results[n]['largest_passing'] / base:.2f}" if base else "-",
        ]
        for n in counts
    ]
    print()
    print(table(summary, ["replicas", "students that pass", "largest passing", f"ratio to {counts[0]}"]))
    print(machine_line(m))
    write_json(
        a.json,
        {
            "machine": m,
            "lesson": a.lesson,
            "p95_ms_target": a.p95_ms,
            "think_s": a.think,
            "results": {str(n): results[n] for n in counts},
        },
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
