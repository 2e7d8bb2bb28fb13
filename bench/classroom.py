"""Classroom simulator: N students, each a real Streamlit session, using the lessons.

Run from the repository root, against a running stack (loopback only, unless
--allow-remote):

    python -m bench.classroom --url http://127.0.0.1:8080 --students 60 --duration 120
    python -m bench.classroom --students 30 --lessons fragments,forms --json class.json

Each student is a browser tab (bench/browser.py): a websocket through nginx, page load,
then the lesson's real interactions (every widget the page shows, in a shuffled turn:
clicks, slider moves, typing, form submits, clicks inside fragments as fragment runs),
one action every --think seconds on average (uniformly 0.5x-1.5x, counted from one
action's start to the next), students starting evenly over --ramp seconds and spread
over the lessons of apps/catalog.toml in turn.

Latency is measured from sending the rerun to receiving its script_finished. The seconds
a lesson sleeps on purpose (declared in bench/lessons.py: rerun-basics' 1 s slow step,
caching's 1 s uncached body on every run plus 1 s per cache miss) are subtracted: the
"server" figures measure Streamlit, nginx and the machine, not a sleep the lesson chose.
The raw figures are reported too. Before the class, one unmeasured warm-up page load per
lesson pays each server's one-time costs (caching's shared model load).

Every simulated student connects from this machine's one address: nginx's per-IP limit
(RERUNLAB_MAX_CONNECTIONS_PER_IP, 256 by default) caps a class at that many students, so
raise it for bigger classes (the other benchmarks' own stack does). A stack with a class
password needs --auth student:PASSWORD.

Exit status: 0 when every rerun finished as it should, 1 when there were errors, 2 when
the arguments are refused.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import resource
import sys
import time
from collections import Counter, deque
from dataclasses import asdict, dataclass, field

from bench.browser import FRAGMENT_OK, FULL_OK, Browser, ConnectError, RunResult
from bench.common import (
    StatsSampler,
    active_sessions,
    cgroup_cpu_all,
    cpu_delta,
    cpu_pressure_us,
    is_loopback_url,
    latency_summary,
    machine,
    machine_line,
    merge_replicas,
    ms,
    percentile,
    table,
    write_json,
)
from bench.lessons import deliberate, lesson_slugs

MAX_STUDENTS = 300
MAX_DURATION = 600.0
MIN_THINK = 0.5


@dataclass
class Config:
    base_url: str = "http://127.0.0.1:8080"
    students: int = 12
    duration: float = 60.0  # seconds from the first student's arrival to the end of the class
    ramp: float = 10.0  # students arrive evenly over this many seconds
    think: float = 3.0  # mean seconds from one action to the next, per student
    lessons: list[str] | None = None  # default: every lesson of apps/catalog.toml
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
                raise ValueError(f"unknown lesson {slug!r} (apps/catalog.toml has {', '.join(known)})")


@dataclass
class LessonTally:
    slug: str
    students: int = 0
    loads: list[RunResult] = field(default_factory=list)
    actions: list[RunResult] = field(default_factory=list)
    errors: Counter = field(default_factory=Counter)
    notes: Counter = field(default_factory=Counter)
    error_samples: list = field(default_factory=list)  # a few distinct details of what went wrong
    statuses: Counter = field(default_factory=Counter)
    sent: int = 0  # reruns asked for (page loads and actions)
    finished: int = 0  # reruns answered with script_finished
    sessions: int = 0  # sessions opened (reconnects count again)
    connected: int = 0
    peak_connected: int = 0
    held: int = 0  # students whose first session lasted to the end of the class
    server_peak: int | None = None  # Streamlit's own active_sessions, highest sample
    unsupported: set = field(default_factory=set)
    recent: deque = field(default_factory=lambda: deque(maxlen=200))

    def record(self, result: RunResult, load: bool = False) -> None:
        self.sent += 1
        if result.status:
            self.finished += 1
            self.statuses[result.status] += 1
        for kind in result.errors:
            self.errors[kind] += 1
        for kind in result.notes:
            self.notes[kind] += 1
        for detail in result.details:
            if detail not in self.error_samples and len(self.error_samples) < 5:
                self.error_samples.append(detail)
        (self.loads if load else self.actions).append(result)
        if not load and result.status:
            self.recent.append(result.server_seconds)

    def opened(self) -> None:
        self.sessions += 1
        self.connected += 1
        self.peak_connected = max(self.peak_connected, self.connected)


class Classroom:
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

    # -- the class ----------------------------------------------------------------------
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
                tasks.append(asyncio.create_task(self._student(i + 1, slug, start_at, end_at, rng)))
            watchers = [asyncio.create_task(self._watch_sessions()), asyncio.create_task(self._progress())]
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
        self._loadgen_cpu_pct = 100 * cpu / wall
        pressure_after = cpu_pressure_us()
        self._pressure_pct = (
            None
            if pressure_before is None or pressure_after is None
            else (pressure_after - pressure_before) / wall / 1e4
        )
        return self.report()

    async def _warmup(self) -> None:
        async def one(slug: str) -> None:
            browser = Browser(
                self.cfg.base_url, slug, timeout=self.cfg.timeout, name="warm-up", auth=self.cfg.auth
            )
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

    async def _student(
        self, number: int, slug: str, start_at: float, end_at: float, rng: random.Random
    ) -> None:
        tally = self.tallies[slug]
        await _sleep_until(start_at)
        held = True
        while time.monotonic() < end_at:
            browser = Browser(
                self.cfg.base_url,
                slug,
                timeout=self.cfg.timeout,
                name=f"student {number}",
                auth=self.cfg.auth,
            )
            try:
                await browser.connect()
            except ConnectError as exc:
                tally.errors[exc.kind] += 1
                held = False
                await asyncio.sleep(min(2.0, max(0.0, end_at - time.monotonic())))
                continue
            tally.opened()
            try:
                reached_end = await self._session(browser, tally, rng, end_at)
            finally:
                tally.connected -= 1
                tally.unsupported |= browser.unsupported
                await browser.close()
            if reached_end:
                break
            held = False  # the session broke: reconnect, as a browser does
        if held:
            tally.held += 1

    async def _session(self, browser: Browser, tally: LessonTally, rng: random.Random, end_at: float) -> bool:
        think = self.cfg.think
        result = await browser.load()
        tally.record(result, load=True)
        if result.broken:
            return False
        next_at = time.monotonic() + think * rng.uniform(0.5, 1.5)
        while True:
            tick = browser.next_auto_rerun()
            if tick is not None and tick[0] < next_at:
                # A fragment's run_every timer fires first: the browser asks for that run.
                if tick[0] >= end_at:
                    return True
                await _sleep_until(tick[0])
                result = await browser.auto_rerun(tick[1])
            else:
                if next_at >= end_at:
                    return True
                await _sleep_until(next_at)
                action = browser.next_action(rng)
                sent_at = time.monotonic()
                if action is None:
                    # Nothing to use (e.g. a run that ended in an exception drew no widgets):
                    # the student reloads the page, as a person would.
                    tally.notes["reloaded_a_page_without_widgets"] += 1
                    result = await browser.load()
                    tally.record(result, load=True)
                    if result.broken:
                        return False
                    next_at = max(time.monotonic(), sent_at + think * rng.uniform(0.5, 1.5))
                    continue
                result = await browser.perform(action, rng)
                next_at = max(time.monotonic(), sent_at + think * rng.uniform(0.5, 1.5))
            tally.record(result)
            if result.broken:
                return False

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

    # -- progress -----------------------------------------------------------------------
    async def _progress(self) -> None:
        mode = self.cfg.progress
        if mode == "auto":
            mode = "live" if sys.stderr.isatty() else "lines"
        if mode == "off":
            return
        drawn = 0
        while True:
            await asyncio.sleep(1.0 if mode == "live" else 10.0)
            lines = self._progress_lines()
            if mode == "live":
                sys.stderr.write((f"\x1b[{drawn}F\x1b[J" if drawn else "") + "\n".join(lines) + "\n")
                drawn = len(lines)
            else:
                sys.stderr.write(lines[0] + "\n")
            sys.stderr.flush()

    def _progress_lines(self) -> list[str]:
        elapsed = time.monotonic() - self.started
        t = self.tallies.values()
        connected = sum(x.connected for x in t)
        actions = sum(len(x.actions) for x in t)
        errors = sum(sum(x.errors.values()) for x in t)
        recent = [s for x in t for s in x.recent]
        p95 = percentile(recent, 95)
        head = (
            f"[{elapsed:5.0f}/{self.cfg.duration:.0f} s] students connected {connected}/{self.cfg.students}  "
            f"actions {actions}  errors {errors}  recent p95 {ms(p95 and p95 * 1000)} ms"
        )
        lines = [head]
        for x in t:
            p = percentile(list(x.recent), 95)
            lines.append(
                f"  {x.slug:<16} {x.connected:>3} connected  {len(x.actions):>5} actions  "
                f"p95 {ms(p and p * 1000):>6} ms  errors {sum(x.errors.values())}"
            )
        return lines

    # -- report -------------------------------------------------------------------------
    def report(self) -> dict:
        stats = self.stats.summary() if self.stats else {}
        for service, used in getattr(self, "cpu", {}).items():
            stats.setdefault(service, {}).update(used)
        stats = merge_replicas(stats)  # a lesson's replicas count as one lesson
        lessons = {}
        everything: list[RunResult] = []
        loads_all: list[RunResult] = []
        for slug, t in self.tallies.items():
            finished = [r for r in t.actions if r.status]
            everything += finished
            loads = [r for r in t.loads if r.status]
            loads_all += loads
            by_action = {}
            for name in sorted({r.action for r in finished}):
                runs = [r for r in finished if r.action == name]
                by_action[name] = {
                    "student_action": not runs[0].auto,
                    "fragment_runs": sum(r.fragment_runs for r in runs),
                    "full_runs": sum(r.full_runs for r in runs),
                    "deliberate_s": round(sum(r.deliberate for r in runs) / len(runs), 3),
                    "server": latency_summary(r.server_seconds for r in runs),
                    "raw_p50_ms": round(percentile([r.seconds for r in runs], 50) * 1000, 1),
                }
            lessons[slug] = {
                "students": t.students,
                "sessions_opened": t.sessions,
                "sessions_held": t.held,
                "peak_connected": t.peak_connected,
                "server_active_sessions_peak": t.server_peak,
                "reruns_sent": t.sent,
                "reruns_finished": t.finished,
                "statuses": dict(t.statuses),
                "actions": sum(1 for r in t.actions if not r.auto),
                "auto_reruns": sum(1 for r in t.actions if r.auto),
                "full_runs": sum(r.full_runs for r in t.actions + t.loads),
                "fragment_runs": sum(r.fragment_runs for r in t.actions + t.loads),
                "server": latency_summary(r.server_seconds for r in finished),
                "raw": latency_summary(r.seconds for r in finished),
                "page_load_server": latency_summary(r.server_seconds for r in loads),
                "deliberate": {
                    **asdict(deliberate(slug)),
                    "subtracted_s": round(sum(r.deliberate for r in finished), 1),
                },
                "by_action": by_action,
                "errors": dict(t.errors),
                "error_samples": t.error_samples,
                "notes": dict(t.notes),
                "unsupported_widgets": sorted(t.unsupported),
                "container": stats.get(slug),
            }
            used = (stats.get(slug) or {}).get("cpu_s")
            if used is not None and t.finished:
                lessons[slug]["container"]["cpu_ms_per_rerun"] = round(1000 * used / t.finished, 1)
        errors = Counter()
        for t in self.tallies.values():
            errors.update(t.errors)
        # The class lasts --duration; the last reruns may finish a little later.
        duration = max(self.cfg.duration, (self.ended or time.monotonic()) - self.started)
        overall = {
            "students": self.cfg.students,
            "sessions_held": sum(t.held for t in self.tallies.values()),
            "actions": sum(x["actions"] for x in lessons.values()),
            "auto_reruns": sum(x["auto_reruns"] for x in lessons.values()),
            "reruns_per_s": round(len(everything) / max(duration, 1e-9), 2),
            "reruns_sent": sum(t.sent for t in self.tallies.values()),
            "reruns_finished": sum(t.finished for t in self.tallies.values()),
            "server": latency_summary(r.server_seconds for r in everything),
            "raw": latency_summary(r.seconds for r in everything),
            "page_load_server": latency_summary(r.server_seconds for r in loads_all),
            "errors": dict(errors),
            "notes": dict(sum((t.notes for t in self.tallies.values()), Counter())),
            "error_count": sum(errors.values()),
            "warmup_errors": dict(self.warmup_errors),
            "unfinished_students": self.unfinished,
        }
        return {
            "machine": getattr(self, "machine", None) or machine(),
            "config": {**asdict(self.cfg), "auth": "***" if self.cfg.auth else None},
            "duration_s": round(duration, 1),
            "lessons": lessons,
            "overall": overall,
            "nginx": stats.get("nginx"),
            "loadgen_cpu_pct": round(getattr(self, "_loadgen_cpu_pct", 0.0), 1),
            # Share of the class's time during which some task on this machine waited for a CPU.
            "cpu_pressure_pct": None
            if getattr(self, "_pressure_pct", None) is None
            else round(self._pressure_pct, 1),
            "ok_statuses": [FULL_OK, FRAGMENT_OK],
        }


async def _sleep_until(when: float) -> None:
    delay = when - time.monotonic()
    if delay > 0:
        await asyncio.sleep(delay)


def format_report(report: dict) -> str:
    def row(name, held, sessions, x, container) -> list:
        c = container or {}
        return [
            name,
            held,
            sessions,
            x["actions"],
            x["auto_reruns"],
            f"{x['full_runs']}/{x['fragment_runs']}",
            ms(x["server"]["p50_ms"]),
            ms(x["server"]["p95_ms"]),
            ms(x["server"]["p99_ms"]),
            ms(x["raw"]["p95_ms"]),
            ms(x["page_load_server"]["p95_ms"]),
            sum(x["errors"].values()),
            f"{c.get('cpu_mean_pct', '-')}/{c.get('cpu_max_pct', '-')}",
            c.get("cpu_ms_per_rerun", "-"),
            c.get("throttled_periods", "-"),
            c.get("mem_max_mib", "-"),
        ]

    rows = []
    for slug, x in report["lessons"].items():
        peak = x["server_active_sessions_peak"]
        rows.append(
            row(
                slug,
                f"{x['sessions_held']}/{x['students']}",
                "-" if peak is None else peak,
                x,
                x["container"],
            )
        )
    o = report["overall"]
    total = {
        **o,
        "full_runs": sum(x["full_runs"] for x in report["lessons"].values()),
        "fragment_runs": sum(x["fragment_runs"] for x in report["lessons"].values()),
    }
    rows.append(row("ALL", f"{o['sessions_held']}/{o['students']}", "", total, None))
    if report["nginx"]:
        n = report["nginx"]
        rows.append(
            [
                "nginx",
                *[""] * 11,
                f"{n.get('cpu_mean_pct', '-')}/{n.get('cpu_max_pct', '-')}",
                "",
                n.get("throttled_periods", "-"),
                n.get("mem_max_mib", "-"),
            ]
        )
    header = [
        "lesson",
        "held",
        "srv sess",
        "actions",
        "auto",
        "full/frag",
        "p50 ms",
        "p95 ms",
        "p99 ms",
        "raw p95",
        "load p95",
        "errors",
        "CPU% mean/max",
        "CPU ms/rerun",
        "throttled",
        "mem MiB",
    ]
    cfg = report["config"]
    lines = [
        f"classroom: {cfg['students']} students for {report['duration_s']} s (ramp {cfg['ramp']:g} s), "
        f"one action per ~{cfg['think']:g} s each: {o['reruns_per_s']} reruns/s through {cfg['base_url']}",
        table(rows, header),
        "held: students whose session lasted the whole class; srv sess: Streamlit's own active_sessions "
        "(peak); auto: run_every reruns; p50/p95/p99: rerun latency minus the lesson's declared deliberate "
        "sleep (bench/lessons.py); raw p95: with it; load: page load; CPU%: of one core (docker stats); "
        "CPU ms/rerun: the container's CPU time (cgroup) over reruns answered; throttled: CFS periods "
        "the container's CPU limit held it back",
    ]
    if o["errors"]:
        lines.append("errors by kind: " + ", ".join(f"{k} {v}" for k, v in sorted(o["errors"].items())))
        for slug, x in report["lessons"].items():
            for sample in x["error_samples"]:
                lines.append(f"  {slug}: {sample}")
    if o["notes"]:
        lines.append("notes: " + ", ".join(f"{k} {v}" for k, v in sorted(o["notes"].items())))
    if o["warmup_errors"]:
        lines.append(
            "warm-up errors: " + ", ".join(f"{k} {v}" for k, v in sorted(o["warmup_errors"].items()))
        )
    if o["unfinished_students"]:
        lines.append(f"students still running at the hard deadline: {o['unfinished_students']}")
    unsupported = sorted({w for x in report["lessons"].values() for w in x["unsupported_widgets"]})
    if unsupported:
        lines.append("widgets on the pages that the simulator leaves alone: " + ", ".join(unsupported))
    lines.append(
        f"load generator (this process) used {report['loadgen_cpu_pct']}% of one core; some task waited for "
        f"a CPU {report['cpu_pressure_pct']}% of the time (Linux CPU pressure during the class)"
    )
    lines.append(machine_line(report["machine"]))
    return "\n".join(lines)


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
