"""Classroom simulator: N students, each a real Streamlit session, using the lessons.

Run from the repository root, against a running stack (loopback only, unless
--allow-remote):

    python -m bench.classroom --url http://127.0.0.1:8080 --students 60 --duration 120
    python -m bench.classroom --students 30 --lessons fragments,forms --json class.json

Each student (bench/student.py) uses a browser tab (harness/browser.py): a websocket through
nginx, page load, then the lesson's real interactions (every widget the page shows, in a shuffled turn:
clicks, slider moves, typing, form submits, clicks inside fragments as fragment runs; a
widget with on_change="ignore" holds its new value without a rerun, sent with the next),
one action every --think seconds on average (uniformly 0.5x-1.5x, counted from one
action's start to the next), students starting evenly over --ramp seconds and spread
over the lessons of the catalog in turn.

Latency is measured from sending the rerun to receiving its script_finished. The seconds
a lesson sleeps on purpose (declared in each lesson's lesson.toml: rerun-basics' 1 s slow step,
caching's 1 s uncached body on every run plus 1 s per cache miss) are subtracted: the
"server" figures measure Streamlit, nginx and the machine, not a sleep the lesson chose.
The raw figures are reported too. Before the class, one unmeasured warm-up page load per
lesson pays each server's one-time costs (caching's shared model load).

Every simulated student connects from this machine's one address: nginx's per-IP limit on
websockets (RERUNLAB_MAX_WEBSOCKETS_PER_IP, 600 by default) caps a class at that many
students, so raise it for bigger classes (the other benchmarks' own stack does). A stack with a class
password needs --auth student:PASSWORD.

Exit status: 0 when every rerun finished as it should, 1 when there were errors, 2 when
the arguments are refused.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import re
import resource
import sys
import time
from collections import Counter
from dataclasses import asdict, dataclass

from bench.cli import is_loopback_url, write_json
from bench.container_usage import StatsSampler, cgroup_cpu_all, cpu_delta
from bench.machine import cpu_pressure_us, machine
from bench.report import LessonTally, build_report, format_report, progress_lines, show_progress
from bench.student import Student, sleep_until
from harness.browser import Browser
from harness.http import http_get
from harness.lessons import lesson_slugs
from harness.protocol import ConnectError

MAX_STUDENTS = 300
MAX_DURATION = 600.0
MIN_THINK = 0.5


def active_sessions(base_url: str, slug: str) -> int | None:
    """Streamlit's own count of connected sessions of one lesson (/_stcore/metrics)."""
    status, body = http_get(f"{base_url.rstrip('/')}/{slug}/_stcore/metrics")
    if status != 200:
        return None
    match = re.search(r"^active_sessions (\d+)", body, re.MULTILINE)
    return int(match.group(1)) if match else None


@dataclass
class Config:
    base_url: str = "http://127.0.0.1:8080"
    students: int = 12
    duration: float = 60.0  # seconds from the first student's arrival to the end of the class
    ramp: float = 10.0  # students arrive evenly over this many seconds
    think: float = 3.0  # mean seconds from one action to the next, per student
    lessons: list[str] | None = None  # default: every lesson of the catalog
    timeout: float = 30.0  # a rerun without script_finished after this long is an error
    seed: int = 1
    project: str | None = None  # compose project whose containers' CPU/memory to sample
    allow_remote: bool = False
    warmup: bool = True
    progress: str = "auto"  # auto (live on a TTY, else lines), live, lines, off
    auth: str | None = None  # "user:password" when the stack has a class password

    def validate(self) -> None:
        if not 1 <= self.students <= MAX_STUDENTS:
            raise ValueError(f"--students must be 1..{MAX_STUDENTS}")
        if not 1 <= self.duration <= MAX_DURATION:
            raise ValueError(f"--duration must be 1..{MAX_DURATION:g} seconds")
        if not 0 <= self.ramp <= self.duration:
            raise ValueError("--ramp must be between 0 and --duration")
        if self.think < MIN_THINK:
            raise ValueError(f"--think must be at least {MIN_THINK} s")
        if not 1 <= self.timeout <= 120:
            raise ValueError("--timeout must be 1..120 seconds")
        if not self.allow_remote and not is_loopback_url(self.base_url):
            raise ValueError(
                f"{self.base_url} is not a loopback address: load only a server you run on this "
                "machine, or pass --allow-remote for one you own"
            )
        known = lesson_slugs()
        for slug in self.lessons or []:
            if slug not in known:
                raise ValueError(f"unknown lesson {slug!r} (the catalog has {', '.join(known)})")


class Classroom:
    """The class: students arriving over the ramp, each at a lesson, reconnecting when a
    session breaks, and what the machine and the containers spent meanwhile."""

    def __init__(self, config: Config):
        config.validate()
        self.cfg = config
        self.slugs = config.lessons or lesson_slugs()
        self.tallies = {slug: LessonTally(slug) for slug in self.slugs}
        self.warmup_errors: Counter = Counter()
        self.rng = random.Random(config.seed)
        self.started = 0.0
        self.ended = 0.0
        self.stats: StatsSampler | None = None
        self.unfinished = 0
        # Measured by run(), around the class.
        self.machine: dict | None = None
        self.cpu: dict[str, dict] = {}  # each sampled container's CPU time (cgroup)
        self.loadgen_cpu_pct = 0.0
        self.pressure_pct: float | None = None

    async def run(self) -> dict:
        cfg = self.cfg
        if cfg.warmup:
            await self._warmup()
        usage_before = resource.getrusage(resource.RUSAGE_SELF)
        wall_before = time.monotonic()
        pressure_before = cpu_pressure_us()
        self.machine = machine()  # before the class: its load average is the machine's own
        self.stats = StatsSampler(cfg.project) if cfg.project else None
        cpu_before = cgroup_cpu_all(self.stats.containers) if self.stats else {}
        if self.stats:
            self.stats.__enter__()
        try:
            self.started = time.monotonic()
            end_at = self.started + cfg.duration
            tasks = []
            for i in range(cfg.students):
                slug = self.slugs[i % len(self.slugs)]
                self.tallies[slug].students += 1
                start_at = self.started + (cfg.ramp * i / cfg.students)
                rng = random.Random(self.rng.random())
                tasks.append(asyncio.create_task(self._seat(i + 1, slug, start_at, end_at, rng)))
            watchers = [
                asyncio.create_task(self._watch_sessions()),
                asyncio.create_task(show_progress(cfg.progress, self._progress_lines)),
            ]
            done, pending = await asyncio.wait(tasks, timeout=cfg.duration + cfg.timeout + 30)
            self.unfinished = len(pending)
            for task in pending:
                task.cancel()
            for task in done:
                if task.exception() is not None:
                    self.tallies[self.slugs[0]].errors[f"simulator:{type(task.exception()).__name__}"] += 1
            self.ended = time.monotonic()
            for task in watchers:
                task.cancel()
            await asyncio.gather(*watchers, *pending, return_exceptions=True)
        finally:
            if self.stats:
                self.stats.__exit__(None, None, None)
        self.cpu = cpu_delta(cpu_before, cgroup_cpu_all(self.stats.containers)) if self.stats else {}
        usage_after = resource.getrusage(resource.RUSAGE_SELF)
        cpu = (usage_after.ru_utime - usage_before.ru_utime) + (usage_after.ru_stime - usage_before.ru_stime)
        wall = max(1e-9, time.monotonic() - wall_before)
        self.loadgen_cpu_pct = 100 * cpu / wall
        pressure_after = cpu_pressure_us()
        self.pressure_pct = (
            None
            if pressure_before is None or pressure_after is None
            else (pressure_after - pressure_before) / wall / 1e4
        )
        return self.report()

    async def _warmup(self) -> None:
        async def one(slug: str) -> None:
            browser = Browser(self.cfg.base_url, slug, timeout=self.cfg.timeout, auth=self.cfg.auth)
            try:
                await browser.connect()
                result = await browser.load()
                for kind in result.errors:
                    self.warmup_errors[f"{slug}:{kind}"] += 1
            except ConnectError as exc:
                self.warmup_errors[f"{slug}:{exc.kind}"] += 1
            finally:
                await browser.close()

        await asyncio.gather(*(one(slug) for slug in self.slugs))

    async def _seat(self, number: int, slug: str, start_at: float, end_at: float, rng: random.Random) -> None:
        """One seat of the class: arrives at start_at and stays to end_at, opening a new tab
        whenever a session breaks, as a browser does."""
        tally = self.tallies[slug]
        await sleep_until(start_at)
        held = True
        while time.monotonic() < end_at:
            browser = Browser(self.cfg.base_url, slug, timeout=self.cfg.timeout, auth=self.cfg.auth)
            try:
                await browser.connect()
            except ConnectError as exc:
                tally.errors[exc.kind] += 1
                held = False
                await asyncio.sleep(min(2.0, max(0.0, end_at - time.monotonic())))
                continue
            tally.opened()
            student = Student(browser, f"student {number}", rng, think=self.cfg.think)
            try:
                reached_end = await student.attend(tally, end_at)
            finally:
                tally.connected -= 1
                tally.unsupported |= student.unsupported
                await browser.close()
            if reached_end:
                break
            held = False  # the session broke: reconnect, as a browser does
        if held:
            tally.held += 1

    async def _watch_sessions(self) -> None:
        """Samples Streamlit's own active_sessions of each lesson every 2 s, where the stack
        lets /<slug>/_stcore/metrics through (nginx may keep it internal: then "-")."""
        while True:
            counts = await asyncio.gather(
                *(asyncio.to_thread(active_sessions, self.cfg.base_url, slug) for slug in self.slugs)
            )
            if all(count is None for count in counts):
                return
            for slug, count in zip(self.slugs, counts, strict=True):
                tally = self.tallies[slug]
                if count is not None:
                    tally.server_peak = max(tally.server_peak or 0, count)
            await asyncio.sleep(2.0)

    def _progress_lines(self) -> list[str]:
        elapsed = time.monotonic() - self.started
        return progress_lines(self.tallies.values(), elapsed, self.cfg.duration, self.cfg.students)

    def report(self) -> dict:
        containers = self.stats.summary() if self.stats else {}
        for service, used in self.cpu.items():
            containers.setdefault(service, {}).update(used)
        # The class lasts --duration; the last reruns may finish a little later.
        duration = max(self.cfg.duration, (self.ended or time.monotonic()) - self.started)
        return build_report(
            config={**asdict(self.cfg), "auth": "***" if self.cfg.auth else None},
            tallies=self.tallies,
            warmup_errors=self.warmup_errors,
            unfinished=self.unfinished,
            duration=duration,
            machine=self.machine or machine(),
            containers=containers,
            loadgen_cpu_pct=self.loadgen_cpu_pct,
            cpu_pressure_pct=self.pressure_pct,
        )


def parse_args(argv: list[str] | None = None) -> tuple[Config, str | None]:
    parser = argparse.ArgumentParser(
        prog="python -m bench.classroom",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--url", default=Config.base_url, help="the stack's address (default %(default)s)")
    parser.add_argument("--students", type=int, default=Config.students, help=f"1..{MAX_STUDENTS}")
    parser.add_argument(
        "--duration", type=float, default=Config.duration, help=f"seconds, max {MAX_DURATION:g}"
    )
    parser.add_argument("--ramp", type=float, default=Config.ramp, help="seconds over which students arrive")
    parser.add_argument("--think", type=float, default=Config.think, help="mean seconds between actions")
    parser.add_argument("--lessons", help="comma-separated slugs (default: every lesson of the catalog)")
    parser.add_argument("--timeout", type=float, default=Config.timeout, help="seconds to wait for a rerun")
    parser.add_argument("--seed", type=int, default=Config.seed)
    parser.add_argument("--project", help="compose project whose containers' CPU and memory to sample")
    parser.add_argument("--json", metavar="FILE", help="also write the report as JSON")
    parser.add_argument("--allow-remote", action="store_true", help="allow a non-loopback --url")
    parser.add_argument("--no-warmup", action="store_true", help="skip the unmeasured warm-up page loads")
    parser.add_argument("--progress", choices=["auto", "live", "lines", "off"], default="auto")
    parser.add_argument("--auth", metavar="USER:PASSWORD", help="the class password, if the stack has one")
    a = parser.parse_args(argv)
    config = Config(
        base_url=a.url,
        students=a.students,
        duration=a.duration,
        ramp=a.ramp,
        think=a.think,
        lessons=[s.strip() for s in a.lessons.split(",") if s.strip()] if a.lessons else None,
        timeout=a.timeout,
        seed=a.seed,
        project=a.project,
        allow_remote=a.allow_remote,
        warmup=not a.no_warmup,
        progress=a.progress,
        auth=a.auth,
    )
    return config, a.json


def run(config: Config) -> dict:
    return asyncio.run(Classroom(config).run())


def main(argv: list[str] | None = None) -> int:
    config, json_path = parse_args(argv)
    try:
        classroom = Classroom(config)
    except ValueError as exc:
        print(f"bench.classroom: {exc}", file=sys.stderr)
        return 2
    report = asyncio.run(classroom.run())
    print(format_report(report))
    write_json(json_path, report)
    return 1 if report["overall"]["error_count"] or report["overall"]["unfinished_students"] else 0


if __name__ == "__main__":
    sys.exit(main())
