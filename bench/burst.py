"""Class burst: a class behind one address (a school's NAT) opening its lessons in the same minute.

    python -m bench.burst                                  # 300 students within 10 s
    python -m bench.burst --students 60 --ramp 5 --json burst.json
    python -m bench.burst --limits raised                  # nginx's per-IP limits raised, for comparison

Every simulated student comes from 127.0.0.1, as a class behind one NAT comes from one
address, and does what a fresh browser (an empty cache) does on opening a lesson page
(harness/page_load.py): the page, then every file the page loads over at most 6 kept-alive
HTTP/1.1 connections (a browser's limit per host), then the websocket (harness/browser.py),
until the first run's script_finished. It keeps the websocket open to the end of its row, as
a class keeps its tabs open. Which files: at the start, Chromium opens the measured lesson
once and every same-origin request it makes is recorded (harness/page_load.py), then
replayed by every student under their own lesson's path (the frontend's files are the same
for every lesson: one pinned Streamlit). The browser loads some of them in parallel with
the websocket; here they all come before it, so page ready is, if anything, pessimistic.

Page ready: from a student's arrival until their first run finished (the lessons' own
deliberate sleeps included, as a student waits for them; subtracted in a note and the JSON).
A student is ready when every request and the first run went well.

Rows, one after the other in one run (students arrive evenly over --ramp seconds):

- direct: every student on the measured lesson's own Python (its port published on
  loopback, as bench/proxy_overhead.py does), which then serves the frontend's files too;
- nginx: the same students on the same lesson through nginx (the frontend from its disk);
- nginx, no port proxy: the same, sent to nginx's own address on the stack's network. From
  this machine, a connection to the published port on 127.0.0.1 goes through docker-proxy
  (Docker's userland port proxy, which copies every byte); a student's browser on the LAN
  reaches the published port through the kernel's forwarding (iptables DNAT) instead;
- nginx, all lessons: the same number spread over the lessons of the catalog in turn.

Before each row the lessons it uses are restarted (a closed tab's session stays in a lesson
for 300 s: no row inherits another's) and warmed by one unmeasured page load each.

nginx runs with its DEFAULT per-IP limits (nginx/entrypoint.sh), the point of this
benchmark: a class behind one address must not be refused with the defaults. --limits
raised runs it as the other benchmarks do. The stack is the compose project
rerun-lab-burst on 127.0.0.1:8191, removed at the end unless --keep.

Exit status: 1 when a student was refused or failed through nginx (direct is the
comparison), else 0.
"""

from __future__ import annotations

import asyncio
import os
import resource
import sys
import time
from collections import Counter
from dataclasses import dataclass, field

from bench.bench_stack import BenchStack, container_url, direct_lesson_file
from bench.classroom import MAX_STUDENTS
from bench.cli import bench_parser, is_loopback_url, table, write_json
from bench.container_usage import cgroup_cpu_all, cpu_delta
from bench.machine import machine, machine_line
from bench.stats import percentile
from bench.student import sleep_until
from harness.browser import Browser
from harness.http import http_get
from harness.lessons import lesson_slugs
from harness.page_load import BROWSER_CONNECTIONS, Fetched, is_ok, load_page, record_page_files
from harness.protocol import ConnectError

PROJECT, PORT = "rerun-lab-burst", 8191
ROWS = ("direct", "nginx", "nginx-bridge", "nginx-all")
LABELS = {
    "direct": "direct, one lesson",
    "nginx": "nginx, one lesson",
    "nginx-bridge": "nginx, one lesson, no port proxy",
    "nginx-all": "nginx, all lessons",
}
GOAL_P95_S = 3.0  # the goal: 300 students within 10 s, 0 failures, p95 page ready <= 3 s
MAX_RAMP, MAX_TIMEOUT = 60.0, 120.0


@dataclass
class StudentResult:
    lesson: str
    late_s: float = 0.0  # how much later than planned this process got them going
    fetched: Fetched = field(default_factory=Fetched)
    files_s: float | None = None  # the page and its files
    websocket: str = ""  # what went wrong on the websocket, "" when nothing did
    first_run_s: float | None = None  # the websocket opened and the first run finished
    ready_s: float | None = None  # arrival to the first run finished, when all went well
    deliberate_s: float = 0.0  # of it, the lesson's deliberate sleeps (its lesson.toml)
    timed_out: bool = False

    @property
    def requests(self) -> int:
        return self.fetched.requests + (1 if self.websocket or self.first_run_s is not None else 0)

    @property
    def refused(self) -> int:
        return self.fetched.refused + (1 if self.websocket == "connect:http_429" else 0)

    def failures(self) -> Counter:
        """What failed, by kind: HTTP statuses, connection errors, the websocket, a timeout."""
        out = Counter({f"http_{status}": n for status, n in self.fetched.failed_statuses.items()})
        out.update(self.fetched.errors)
        if self.websocket and self.websocket != "connect:http_429":
            out[f"websocket:{self.websocket}"] += 1
        if self.timed_out:
            out["page_timeout"] += 1
        return out


async def one_student(
    base_url: str, slug: str, files: list[str], arrive_at: float, timeout: float, held: list[Browser]
) -> StudentResult:
    """A student opening a lesson page: its files, then its websocket's first run, all within
    ``timeout`` seconds of arriving; the tab (``held``) stays open."""
    await sleep_until(arrive_at)
    started = time.monotonic()
    result = StudentResult(lesson=slug, late_s=started - arrive_at)
    try:
        async with asyncio.timeout(timeout):
            await load_page(
                base_url, slug, files, connections=BROWSER_CONNECTIONS, timeout=timeout, into=result.fetched
            )
            result.files_s = time.monotonic() - started
            if not is_ok(result.fetched.page_status):
                return result  # no page, no websocket: as in a browser
            browser = Browser(base_url, slug, timeout=timeout, cookie=result.fetched.cookie)
            held.append(browser)
            try:
                await browser.connect()
            except ConnectError as exc:
                result.websocket = exc.kind
                return result
            run = await browser.load()
            result.first_run_s = time.monotonic() - started - result.files_s
            if run.errors:
                result.websocket = ",".join(run.errors)
            elif not result.refused and not result.failures():
                result.ready_s = time.monotonic() - started
                result.deliberate_s = run.deliberate
    except TimeoutError:
        result.timed_out = True
    return result


async def burst(
    base_url: str, slugs: list[str], files: list[str], students: int, ramp: float, timeout: float
) -> list[StudentResult]:
    """The class: students spread over ``slugs`` in turn, arriving evenly over ``ramp`` s."""
    held: list[Browser] = []
    start = time.monotonic() + 0.5
    try:
        return await asyncio.gather(
            *(
                one_student(
                    base_url, slugs[i % len(slugs)], files, start + ramp * i / students, timeout, held
                )
                for i in range(students)
            )
        )
    finally:
        await asyncio.gather(*(browser.close() for browser in held))


async def warm_up(base_url: str, slugs: list[str], files: list[str], timeout: float) -> Counter:
    """One unmeasured page load per lesson: each server's one-time costs (imports, caching's
    shared model) are not the class's. Returns what failed."""
    results = await burst(base_url, slugs, files, len(slugs), 0, timeout)
    failed = Counter()
    for r in results:
        failed.update({f"{r.lesson}:{kind}": n for kind, n in r.failures().items()})
        if r.refused:
            failed[f"{r.lesson}:refused"] += r.refused
    return failed


def restart(stack: BenchStack, slugs: list[str], direct_slug: str | None) -> str | None:
    """Restarts these lessons and waits until they answer through nginx (and straight, for
    ``direct_slug``); returns the lesson's direct URL then (its published port may change)."""
    stack.compose("restart", "--timeout", "5", *slugs)
    for slug in slugs:
        stack.wait_healthy(f"/{slug}/_stcore/health", timeout=180)
    if direct_slug is None:
        return None
    direct = f"http://127.0.0.1:{stack.published_port(direct_slug, 8501)}"
    deadline = time.monotonic() + 60
    while http_get(f"{direct}/{direct_slug}/_stcore/health")[0] != 200:
        if time.monotonic() > deadline:
            raise SystemExit(f"{direct_slug} does not answer at {direct}")
        time.sleep(0.5)
    return direct


def seconds(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def summarize(
    row: str, lessons: list[str], ramp: float, results: list[StudentResult], cpu_pct: float
) -> dict:
    ready = [r.ready_s for r in results if r.ready_s is not None]
    server = [r.ready_s - r.deliberate_s for r in results if r.ready_s is not None]
    failures = Counter()
    responses = Counter()
    for r in results:
        failures.update(r.failures())
        responses.update({str(status): n for status, n in r.fetched.statuses.items()})
    files = [r.files_s for r in results if r.files_s is not None]
    first_runs = [r.first_run_s for r in results if r.first_run_s is not None]
    return {
        "row": row,
        "path": LABELS[row],
        "lessons": lessons,
        "students": len(results),
        "ramp_s": ramp,
        "requests": sum(r.requests for r in results),
        "refused_429": sum(r.refused for r in results),
        "failed": sum(failures.values()),
        "failures": dict(failures.most_common()),
        "responses": dict(sorted(responses.items())),
        "ready": len(ready),
        "page_ready_s": {q: percentile(ready, n) for q, n in (("p50", 50), ("p95", 95))}
        | {"max": max(ready, default=None)},
        "page_ready_without_deliberate_s": {"p50": percentile(server, 50), "p95": percentile(server, 95)},
        "files_s": {"p50": percentile(files, 50), "p95": percentile(files, 95)},
        "first_run_s": {"p50": percentile(first_runs, 50), "p95": percentile(first_runs, 95)},
        "late_max_s": max((r.late_s for r in results), default=0.0),
        "bytes": sum(r.fetched.bytes for r in results),
        "loadgen_cpu_pct": round(cpu_pct, 1),
        # Ready means every request of the page went well: all ready is 0 refused, 0 failed.
        "goal_met": len(ready) == len(results) and (percentile(ready, 95) or 0) <= GOAL_P95_S,
    }


def run_row(row: str, base_url: str, slugs: list[str], files: list[str], args, containers: dict) -> dict:
    """One row: the class, what it got, what this process and the containers spent."""
    before = resource.getrusage(resource.RUSAGE_SELF)
    cpu_before = cgroup_cpu_all(containers)
    started = time.monotonic()
    results = asyncio.run(burst(base_url, slugs, files, args.students, args.ramp, args.timeout))
    used_by = cpu_delta(cpu_before, cgroup_cpu_all(containers))
    after = resource.getrusage(resource.RUSAGE_SELF)
    used = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    out = summarize(row, slugs, args.ramp, results, 100 * used / (time.monotonic() - started))
    out["containers_cpu"] = used_by  # cgroup CPU seconds: what nginx and each lesson spent
    return out


def p50_p95(figures: dict) -> str:
    return f"{seconds(figures['p50'])}/{seconds(figures['p95'])} s"


def cpu_spent(r: dict) -> str:
    """CPU the stack spent on the row: nginx, and the lessons the row used."""
    used = r.get("containers_cpu") or {}
    if not used:
        return "containers' CPU unknown (cgroups not readable)"
    nginx = used.get("nginx", {})
    lessons = [used[slug] for slug in r["lessons"] if slug in used]
    cpu = sum(x["cpu_s"] for x in lessons)
    throttled = sum(x["throttled_s"] for x in lessons) + nginx.get("throttled_s", 0)
    where = "nginx unused, " if r["row"] == "direct" else f"nginx {nginx.get('cpu_s', 0):.1f} s, "
    return f"CPU {where}lessons {cpu:.1f} s (CFS-throttled {throttled:.1f} s)"


def report_lines(out: dict) -> list[str]:
    rows = []
    notes = []
    for r in out["rows"]:
        p = r["page_ready_s"]
        rows.append(
            [
                r["path"],
                r["students"],
                f"{r['ramp_s']:g} s",
                r["requests"],
                r["refused_429"],
                r["failed"],
                f"{r['ready']}/{r['students']}",
                seconds(p["p50"]),
                seconds(p["p95"]),
                seconds(p["max"]),
                "yes" if r["goal_met"] else "NO",
            ]
        )
        notes.append(
            f"{r['path']}: p50/p95 page and files {p50_p95(r['files_s'])}, websocket and first run "
            f"{p50_p95(r['first_run_s'])}; page ready without the lessons' deliberate sleeps "
            f"{p50_p95(r['page_ready_without_deliberate_s'])}; {r['bytes'] / 1e6:.0f} MB; load average "
            f"{r['loadavg_before']} before; load generator {r['loadgen_cpu_pct']}% of one core, "
            f"students started up to {r['late_max_s'] * 1000:.0f} ms late; {cpu_spent(r)}"
        )
        if r["failures"] or r["refused_429"]:
            kinds = ", ".join(f"{kind} {n}" for kind, n in r["failures"].items())
            notes.append(f"  {r['path']}: refused {r['refused_429']}; failed: {kinds or '-'}")
    files = out["page_files"]
    dynamic = ", ".join(path or "(the page)" for path in files if not path.startswith("static/"))
    return [
        f"class burst: {out['students']} students from one address within {out['ramp_s']:g} s, each "
        f"loading a lesson page as a fresh browser does: the page and {len(files) - 1} files "
        f"(recorded by Chromium on /{out['lesson']}/; outside static/: {dynamic}) over <= "
        f"{BROWSER_CONNECTIONS} kept-alive connections, then the websocket's first run",
        f"nginx per-IP limits: {out['limits']} ({out['limits_in_effect']})",
        table(
            rows,
            [
                "path",
                "students",
                "ramp",
                "requests",
                "refused(429)",
                "failed",
                "ready",
                "p50 s",
                "p95 s",
                "max s",
                f"0 failed, p95<={GOAL_P95_S:g}s",
            ],
        ),
        "page ready: from arrival until the first run finished, students all of whose requests went well",
        *notes,
    ]


def main(argv: list[str] | None = None) -> int:
    parser = bench_parser("burst", __doc__, keep=True)
    parser.set_defaults(project=PROJECT, port=PORT)
    parser.add_argument("--students", type=int, default=300, help=f"1..{MAX_STUDENTS} (default %(default)s)")
    parser.add_argument("--ramp", type=float, default=10.0, help="seconds over which they arrive")
    parser.add_argument(
        "--lesson", default="session-state", help="the one lesson of the direct and nginx rows"
    )
    parser.add_argument(
        "--limits",
        choices=["default", "raised"],
        default="default",
        help="nginx's per-IP limits: its defaults (nginx/entrypoint.sh), or raised as other benchmarks run",
    )
    parser.add_argument(
        "--rows", default=",".join(ROWS), help=f"which rows, in order (default {','.join(ROWS)})"
    )
    parser.add_argument(
        "--timeout", type=float, default=60.0, help="seconds a student waits for a ready page"
    )
    args = parser.parse_args(argv)
    rows = [row.strip() for row in args.rows.split(",") if row.strip()]
    if args.lesson not in lesson_slugs():
        parser.error(f"unknown lesson {args.lesson!r}")
    if not rows or set(rows) - set(ROWS):
        parser.error(f"--rows: some of {', '.join(ROWS)}")
    if not (
        1 <= args.students <= MAX_STUDENTS and 0 <= args.ramp <= MAX_RAMP and 1 <= args.timeout <= MAX_TIMEOUT
    ):
        parser.error(
            f"bounds: --students 1..{MAX_STUDENTS}, --ramp 0..{MAX_RAMP:g}, --timeout 1..{MAX_TIMEOUT:g}"
        )

    machine_before = machine()  # before our stack starts: the machine's own load
    stack = BenchStack(
        project=args.project,
        port=args.port,
        files=(direct_lesson_file(args.lesson, "bench/burst.py"),),
        raised_limits=args.limits == "raised",
    )
    print(f"starting {stack.project} on {stack.base_url} (lesson {args.lesson} also published on loopback)")
    stack.compose("up", "--build", "--detach", "--wait", timeout=None)
    out = {
        "students": args.students,
        "ramp_s": args.ramp,
        "lesson": args.lesson,
        "limits": args.limits,
        "timeout_s": args.timeout,
        "machine": machine_before,
        "rows": [],
    }
    try:
        out["limits_in_effect"] = stack.nginx_limits()
        direct = f"http://127.0.0.1:{stack.published_port(args.lesson, 8501)}"
        if not (is_loopback_url(direct) and is_loopback_url(stack.base_url)):
            raise SystemExit("refusing: the measured addresses are not loopback")
        print(f"recording what Chromium loads for /{args.lesson}/ ...")
        out["page_files"] = files = record_page_files(stack.base_url, args.lesson)
        for row in rows:
            slugs = lesson_slugs() if row == "nginx-all" else [args.lesson]
            print(
                f"{LABELS[row]}: restarting {', '.join(slugs)}, "
                f"then {args.students} students over {args.ramp:g} s"
            )
            direct = restart(stack, slugs, args.lesson if row == "direct" else None) or direct
            url = stack.base_url
            if row == "direct":
                url = direct
            elif row == "nginx-bridge":
                url = container_url(stack, "nginx", 8080)
            warm = asyncio.run(warm_up(url, slugs, files, args.timeout))
            loadavg = round(os.getloadavg()[0], 2)
            if warm:
                print(f"  warm-up failures (not counted): {dict(warm)}")
            result = run_row(row, url, slugs, files, args, stack.containers())
            result.update(loadavg_before=loadavg, warmup_failures=dict(warm))
            out["rows"].append(result)
            ready, refused, failed = result["ready"], result["refused_429"], result["failed"]
            print(f"  {ready}/{args.students} ready, refused {refused}, failed {failed}")
    finally:
        if not args.keep:
            stack.down()
    print("\n".join(report_lines(out)))
    print(machine_line(machine_before))
    write_json(args.json, out)
    through_nginx = [r for r in out["rows"] if r["row"] != "direct"]
    return 1 if any(r["refused_429"] or r["failed"] for r in through_nginx) else 0


if __name__ == "__main__":
    sys.exit(main())
