"""What a class came to: each lesson's tally of reruns, the report (written as JSON), its
table, and the progress lines shown while the class runs.

The "server" latencies are the measured ones minus the seconds the lesson sleeps on purpose
(each lesson's lesson.toml); the raw ones are reported too.
"""

from __future__ import annotations

import asyncio
import sys
from collections import Counter, deque
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field

from bench.cli import ms, table
from bench.container_usage import merge_replicas
from bench.machine import machine_line
from bench.stats import latency_summary, percentile
from harness.browser import RunResult
from harness.lessons import deliberate
from harness.protocol import FRAGMENT_OK, FULL_OK


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


def build_report(
    *,
    config: dict,
    tallies: dict[str, LessonTally],
    warmup_errors: Counter,
    unfinished: int,
    duration: float,
    machine: dict,
    containers: dict[str, dict],
    loadgen_cpu_pct: float,
    cpu_pressure_pct: float | None,
) -> dict:
    """The class's report. ``containers``: what was sampled of each container, by compose
    service (a lesson's replicas apart); ``duration``: seconds from the first arrival to
    the last rerun's end."""
    stats = merge_replicas(containers)  # a lesson's replicas count as one lesson
    lessons = {}
    everything: list[RunResult] = []
    loads_all: list[RunResult] = []
    for slug, t in tallies.items():
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
    for t in tallies.values():
        errors.update(t.errors)
    overall = {
        "students": config["students"],
        "sessions_held": sum(t.held for t in tallies.values()),
        "actions": sum(x["actions"] for x in lessons.values()),
        "auto_reruns": sum(x["auto_reruns"] for x in lessons.values()),
        "reruns_per_s": round(len(everything) / max(duration, 1e-9), 2),
        "reruns_sent": sum(t.sent for t in tallies.values()),
        "reruns_finished": sum(t.finished for t in tallies.values()),
        "server": latency_summary(r.server_seconds for r in everything),
        "raw": latency_summary(r.seconds for r in everything),
        "page_load_server": latency_summary(r.server_seconds for r in loads_all),
        "errors": dict(errors),
        "notes": dict(sum((t.notes for t in tallies.values()), Counter())),
        "error_count": sum(errors.values()),
        "warmup_errors": dict(warmup_errors),
        "unfinished_students": unfinished,
    }
    return {
        "machine": machine,
        "config": config,
        "duration_s": round(duration, 1),
        "lessons": lessons,
        "overall": overall,
        "nginx": stats.get("nginx"),
        "loadgen_cpu_pct": round(loadgen_cpu_pct, 1),
        # Share of the class's time during which some task on this machine waited for a CPU.
        "cpu_pressure_pct": None if cpu_pressure_pct is None else round(cpu_pressure_pct, 1),
        "ok_statuses": [FULL_OK, FRAGMENT_OK],
    }


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
        "sleep (lesson.toml); raw p95: with it; load: page load; CPU%: of one core (docker stats); "
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
    lines.append(system_time_line(report))
    lines.append(
        f"load generator (this process) used {report['loadgen_cpu_pct']}% of one core; some task waited for "
        f"a CPU {report['cpu_pressure_pct']}% of the time (Linux CPU pressure during the class)"
    )
    lines.append(machine_line(report["machine"]))
    return "\n".join(lines)


def system_time_line(report: dict) -> str:
    """How much of the CPU the containers used went to the kernel (network, syscalls)."""
    lessons = [x["container"] for x in report["lessons"].values() if x.get("container")]
    used = sum(c.get("cpu_s", 0) for c in lessons)
    kernel = sum(c.get("system_s", 0) for c in lessons)
    nginx = report.get("nginx") or {}
    if not used:
        return "kernel (system) time: the containers' CPU could not be read"
    line = f"kernel (system) time: {100 * kernel / used:.0f}% of the lessons' CPU ({used:.1f} s)"
    if nginx.get("cpu_s"):
        share = 100 * nginx.get("system_s", 0) / nginx["cpu_s"]
        line += f", {share:.0f}% of nginx's ({nginx['cpu_s']:.1f} s)"
    return line


# -- while the class runs -------------------------------------------------------------------
def progress_lines(
    tallies: Iterable[LessonTally], elapsed: float, duration: float, students: int
) -> list[str]:
    """A head line for the whole class, then one line per lesson."""
    t = list(tallies)
    connected = sum(x.connected for x in t)
    actions = sum(len(x.actions) for x in t)
    errors = sum(sum(x.errors.values()) for x in t)
    recent = [s for x in t for s in x.recent]
    p95 = percentile(recent, 95)
    head = (
        f"[{elapsed:5.0f}/{duration:.0f} s] students connected {connected}/{students}  "
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


async def show_progress(mode: str, lines: Callable[[], list[str]]) -> None:
    """Shows ``lines()`` on stderr until cancelled: ``live`` redraws them all every second,
    ``lines`` prints the head line every 10 s, ``auto`` is live on a terminal, ``off``
    shows nothing."""
    if mode == "auto":
        mode = "live" if sys.stderr.isatty() else "lines"
    if mode == "off":
        return
    drawn = 0
    while True:
        await asyncio.sleep(1.0 if mode == "live" else 10.0)
        shown = lines()
        if mode == "live":
            sys.stderr.write((f"\x1b[{drawn}F\x1b[J" if drawn else "") + "\n".join(shown) + "\n")
            drawn = len(shown)
        else:
            sys.stderr.write(shown[0] + "\n")
        sys.stderr.flush()
