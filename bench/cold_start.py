"""Cold start: from built images, how long until every service is healthy.

    python -m bench.cold_start                 # 3 cold starts of the compose project rerun-lab-bench
    python -m bench.cold_start --repeat 5 --json cold.json
    python -m bench.cold_start --compose-file variant.yaml   # the same, with a variant over compose.yaml

Builds the images first (not timed: a cached build), then for each repeat removes the
project's containers (`docker compose down`) and times `docker compose up --detach --wait`,
which returns once every service's health check passed (nginx starts at once; it logs
"ready" once every lesson answers). For each service it also reads, from Docker, when the
container started, when Streamlit said it was ready (its "You can now view" log line, which
the shipped config hides and this bench turns back on) and when the first health check
passed, to tell Streamlit's own start-up from the waiting that the health-check schedule
adds. After the last start, the first page run of each lesson through nginx is timed (the
first run of a fresh process imports the lesson's code).
"""

from __future__ import annotations

import asyncio
import statistics
import sys
from datetime import datetime
from pathlib import Path

from bench.bench_stack import BenchStack, lesson_env_file
from bench.cli import bench_parser, table, write_json
from bench.container_usage import cgroup_cpu
from bench.machine import machine, machine_busy_s, machine_line
from harness.browser import Browser
from harness.docker import docker, inspect

TARGET_S = 5.0


def _time(stamp: str) -> datetime:
    """Docker's RFC 3339 times have nanoseconds; Python takes microseconds."""
    stamp = stamp.replace("Z", "+00:00")
    if "." in stamp:
        head, rest = stamp.split(".", 1)
        digits = rest[: len(rest) - len(rest.lstrip("0123456789"))]
        zone = rest[len(digits) :]
        stamp = f"{head}.{digits[:6].ljust(6, '0')}{zone}"
    return datetime.fromisoformat(stamp)


def service_timings(containers: dict[str, str], up_started: datetime) -> dict[str, dict]:
    out = {}
    for service, cid in containers.items():
        info = inspect(cid)
        started = _time(info["State"]["StartedAt"])
        healthy = None
        for entry in (info["State"].get("Health") or {}).get("Log") or []:
            if entry["ExitCode"] == 0:
                healthy = _time(entry["End"])
                break
        ready = None
        logs = docker("logs", "--timestamps", cid, check=False)
        for line in (logs.stdout + logs.stderr).splitlines():
            if "You can now view" in line:
                ready = _time(line.split(" ", 1)[0])
                break
        out[service] = {
            "started_after_up_s": round((started - up_started).total_seconds(), 2),
            "ready_after_start_s": round((ready - started).total_seconds(), 2) if ready else None,
            "healthy_after_start_s": round((healthy - started).total_seconds(), 2) if healthy else None,
            "healthy_after_up_s": round((healthy - up_started).total_seconds(), 2) if healthy else None,
        }
    return out


async def first_runs(base_url: str, slugs: list[str]) -> dict[str, float | None]:
    async def one(slug: str) -> float | None:
        browser = Browser(base_url, slug, timeout=60)
        try:
            await browser.connect()
            result = await browser.load()
            return None if result.errors else round(result.server_seconds * 1000, 1)
        finally:
            await browser.close()

    times = await asyncio.gather(*(one(slug) for slug in slugs))
    return dict(zip(slugs, times, strict=True))


def main(argv: list[str] | None = None) -> int:
    parser = bench_parser("cold_start", __doc__, keep=True)
    parser.add_argument("--repeat", type=int, default=3, help="cold starts to time (1..10)")
    parser.add_argument(
        "--compose-file",
        type=Path,
        action="append",
        default=[],
        help="another compose file over compose.yaml, to time a variant (repeatable)",
    )
    a = parser.parse_args(argv)
    if not 1 <= a.repeat <= 10:
        parser.error("--repeat must be 1..10")
    missing = [str(f) for f in a.compose_file if not f.is_file()]
    if missing:
        parser.error(f"--compose-file: no such file: {', '.join(missing)}")
    # Streamlit's start banner, hidden in the shipped config, marks when its server is ready.
    banner = lesson_env_file({"STREAMLIT_LOGGER_HIDE_WELCOME_MESSAGE": "false"}, "bench/cold_start.py")
    variants = tuple(f.resolve() for f in a.compose_file)
    stack = BenchStack(project=a.project, port=a.port, files=(banner, *variants))
    m = machine()
    print(f"building the images of {stack.project} (cached build, not timed)…")
    build_s = stack.build()
    runs = []
    try:
        for i in range(a.repeat):
            stack.down()
            up_started = datetime.now().astimezone()
            busy = machine_busy_s()
            wall = stack.up()
            busy = machine_busy_s() - busy
            containers = stack.containers()
            inside = sum((cgroup_cpu(cid) or {"cpu_s": 0.0})["cpu_s"] for cid in containers.values())
            services = service_timings(containers, up_started)
            runs.append(
                {
                    "up_wait_s": round(wall, 2),
                    "machine_cpu_s": round(busy, 2),
                    "containers_cpu_s": round(inside, 2),
                    "services": services,
                }
            )
            print(
                f"  cold start {i + 1}: `up --wait` returned after {wall:.2f} s; the machine was busy "
                f"{busy:.1f} CPU-s meanwhile ({inside:.1f} of them in the containers)"
            )
        from harness.lessons import lesson_slugs

        slugs = [s for s in lesson_slugs() if s in runs[-1]["services"]]
        first = asyncio.run(first_runs(stack.base_url, slugs))
    finally:
        if not a.keep:
            stack.down()

    walls = [r["up_wait_s"] for r in runs]
    result = {
        "machine": m,
        "variant_compose_files": [str(f) for f in variants],
        "build_cached_s": round(build_s, 1),
        "runs": runs,
        "up_wait_s": {"median": statistics.median(walls), "min": min(walls), "max": max(walls)},
        "first_page_run_ms": first,
        "target_s": TARGET_S,
    }
    services = sorted(runs[-1]["services"], key=lambda s: (s == "nginx", s))
    rows = []
    for service in services:
        per = [r["services"][service] for r in runs if service in r["services"]]

        def med(key: str, per=per) -> str:
            values = [p[key] for p in per if p[key] is not None]
            return f"{statistics.median(values):.2f}" if values else "-"

        rows.append(
            [
                service,
                med("started_after_up_s"),
                med("ready_after_start_s"),
                med("healthy_after_start_s"),
                med("healthy_after_up_s"),
                first.get(service, "") if service != "nginx" else "",
            ]
        )
    if variants:
        print(f"variant: compose.yaml with {', '.join(map(str, variants))} over it")
    print(
        f"cold start ({a.repeat} runs, medians): `docker compose up --wait` from built images took "
        f"{result['up_wait_s']['median']:.2f} s (min {min(walls):.2f}, max {max(walls):.2f}); "
        f"target <= {TARGET_S:g} s: {'met' if result['up_wait_s']['median'] <= TARGET_S else 'MISSED'}"
    )
    print(
        table(
            rows,
            [
                "service",
                "started after up (s)",
                "Streamlit ready after start (s)",
                "healthy after start (s)",
                "healthy after up (s)",
                "first page run (ms)",
            ],
        )
    )
    cores = m["cores"]
    cpu = statistics.median(r["machine_cpu_s"] for r in runs)
    inside = statistics.median(r["containers_cpu_s"] for r in runs)
    print(
        f"CPU while starting (median): {cpu:.1f} CPU-s on the machine, {inside:.1f} of them in the "
        f"containers (Streamlit's imports and start, the first health checks), the rest outside "
        f"(Docker creating the containers and networks, runc, compose): on {cores} cores no start "
        f"can be shorter than {cpu / cores:.1f} s, even with every core busy all the time."
    )
    print(
        "Docker runs the first health check one interval (healthcheck.interval in compose.yaml) after the "
        "container starts; nginx starts at once (no start order) and `up --wait` waits for every service."
    )
    print(machine_line(m))
    write_json(a.json, result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
