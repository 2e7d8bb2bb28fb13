"""Idle memory (and idle CPU) of each lesson container and of the whole stack.

    python -m bench.idle_memory                  # fresh stack under the project rerun-lab-bench
    python -m bench.idle_memory --settle 20 --json idle.json

Starts the stack afresh (`down`, then `up --wait` from built images), lets it settle, and
reads each container's memory as `docker stats` reports it (usage less page cache), three
samples a few seconds apart (median). Then one student opens each lesson (a page run
through nginx, then the tab closes; Streamlit keeps the disconnected session for
STREAMLIT_SERVER_DISCONNECTED_SESSION_TTL) and the memory is read again. Idle CPU is each
container's cgroup CPU time over --cpu-seconds with nobody connected (the health checks
are most of it). Finally, for scale, the memory of a bare `python3 -c "import streamlit"`
inside a lesson container.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time

from bench.bench_stack import BenchStack
from bench.cli import bench_parser, table, write_json
from bench.container_usage import cgroup_cpu_all, cpu_delta, docker_stats
from bench.machine import machine, machine_line
from harness.browser import Browser
from harness.docker import docker
from harness.lessons import lesson_slugs

TARGET_MIB = 60.0


def memory(containers: dict[str, str], samples: int = 3, gap: float = 2.0) -> dict[str, float]:
    readings: dict[str, list[float]] = {}
    for i in range(samples):
        for service, values in docker_stats(containers).items():
            readings.setdefault(service, []).append(values["mem_mib"])
        if i < samples - 1:
            time.sleep(gap)
    return {service: round(statistics.median(values), 1) for service, values in readings.items()}


async def visit_each(base_url: str, slugs: list[str], teacher: str) -> dict[str, list[str]]:
    """One page load of each app; ``teacher`` is the dashboard's login ("teacher:password")."""

    async def one(slug: str) -> list[str]:
        browser = Browser(base_url, slug, timeout=60, auth=teacher if slug == "teacher" else None)
        try:
            await browser.connect()
            return (await browser.load()).errors
        finally:
            await browser.close()

    results = await asyncio.gather(*(one(s) for s in slugs))
    return {slug: errors for slug, errors in zip(slugs, results, strict=True) if errors}


def import_baseline(container_id: str) -> float | None:
    code = "import resource, streamlit; print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    done = docker("exec", container_id, "python3", "-c", code, check=False)
    try:
        return round(int(done.stdout.strip().splitlines()[-1]) / 1024, 1)
    except (ValueError, IndexError):
        return None


def main(argv: list[str] | None = None) -> int:
    parser = bench_parser("idle_memory", __doc__, keep=True)
    parser.add_argument("--settle", type=float, default=15.0, help="seconds to wait after start (1..120)")
    parser.add_argument("--cpu-seconds", type=float, default=30.0, help="idle CPU window (5..120)")
    a = parser.parse_args(argv)
    if not (1 <= a.settle <= 120 and 5 <= a.cpu_seconds <= 120):
        parser.error("bounds: --settle 1..120, --cpu-seconds 5..120")

    stack = BenchStack(project=a.project, port=a.port)
    m = machine()
    stack.build()
    stack.down()
    try:
        stack.up()
        time.sleep(a.settle)
        containers = stack.containers()
        lessons = [s for s in lesson_slugs() if s in containers]
        apps = [s for s in containers if s in (*lessons, "teacher")]  # the Streamlit apps
        fresh = memory(containers)
        before = cgroup_cpu_all(containers)
        time.sleep(a.cpu_seconds)
        idle_cpu = cpu_delta(before, cgroup_cpu_all(containers))
        visit_errors = asyncio.run(visit_each(stack.base_url, apps, ":".join(stack.teacher_auth())))
        time.sleep(5)
        visited = memory(containers)
        baseline = import_baseline(containers[lessons[0]]) if lessons else None
    finally:
        if not a.keep:
            stack.down()

    rows = []
    for service in sorted(containers, key=lambda s: (s == "nginx", s)):
        cpu = idle_cpu.get(service, {})
        pct = round(100 * cpu.get("cpu_s", 0) / a.cpu_seconds, 2) if cpu else "-"
        over = service in lessons and max(fresh.get(service, 0), visited.get(service, 0)) > TARGET_MIB
        rows.append(
            [service, fresh.get(service, "-"), visited.get(service, "-"), pct, "OVER" if over else ""]
        )
    lesson_fresh = [fresh[s] for s in lessons if s in fresh]
    lesson_visited = [visited[s] for s in lessons if s in visited]
    total_fresh = round(sum(fresh.values()), 1)
    total_visited = round(sum(visited.values()), 1)
    rows.append(
        [
            "whole stack",
            total_fresh,
            total_visited,
            round(sum(100 * c["cpu_s"] / a.cpu_seconds for c in idle_cpu.values()), 2),
            "",
        ]
    )
    result = {
        "machine": m,
        "fresh_mib": fresh,
        "after_one_visit_mib": visited,
        "idle_cpu_pct_of_a_core": {
            s: round(100 * c["cpu_s"] / a.cpu_seconds, 2) for s, c in idle_cpu.items()
        },
        "lesson_mean_fresh_mib": round(statistics.mean(lesson_fresh), 1) if lesson_fresh else None,
        "lesson_max_visited_mib": max(lesson_visited) if lesson_visited else None,
        "whole_stack_fresh_mib": total_fresh,
        "whole_stack_visited_mib": total_visited,
        "python_import_streamlit_mib": baseline,
        "visit_errors": visit_errors,
        "target_mib_per_lesson": TARGET_MIB,
    }
    worst = max(lesson_visited + lesson_fresh, default=0)
    print(
        f"idle memory: lessons {min(lesson_fresh, default=0)}-{max(lesson_fresh, default=0)} MiB fresh, "
        f"up to {max(lesson_visited, default=0)} MiB after one visit; whole stack {total_fresh} MiB fresh, "
        f"{total_visited} MiB after one visit each. Target <= {TARGET_MIB:g} MiB per lesson: "
        f"{'met' if worst <= TARGET_MIB else 'MISSED'}"
    )
    print(table(rows, ["service", "fresh (MiB)", "after one visit (MiB)", "idle CPU (% of a core)", ""]))
    print(
        f"for scale: `python3 -c 'import streamlit'` alone peaks at {baseline} MiB resident "
        "in a lesson container"
    )
    if visit_errors:
        print(f"visit errors: {visit_errors}")
    print(machine_line(m))
    write_json(a.json, result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
