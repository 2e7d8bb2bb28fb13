"""Where a rerun's CPU goes: a simulated class on the bench stack, with py-spy sampling each
lesson's Streamlit process from the host.

    sudo .venv/bin/python -m bench.profile --students 60 --duration 90 [--lessons buttons,forms] [--keep]

py-spy runs on the host, as root, against the container's process (`docker inspect` gives its
host pid): the containers stay as locked down as in a class (no SYS_PTRACE inside them).
``--gil`` keeps only samples of a thread holding Python's GIL, so threads waiting on a lock,
a socket or a sleep don't count: what is left is the Python CPU. ``--nonblocking`` never
pauses the server. Prints, per lesson and over all of them, the functions with the largest
share of samples (inclusive: the function and what it called; self: its own code), and keeps
py-spy's raw collapsed stacks in bench/out/profile-<time>/ (speedscope.app reads them).
"""

from __future__ import annotations

import collections
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

from bench import classroom
from bench.bench_stack import started_stack
from bench.cli import bench_parser, slugs_arg, table
from harness import REPO
from harness.docker import inspect_format

PY_SPY = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
FRAME_LINE = re.compile(r":\d+\)$")  # "func (file.py:12)" -> "func (file.py)": one row per function


def record(pid: int, seconds: float, out: Path, rate: int) -> subprocess.Popen:
    command = [PY_SPY, "record", "--pid", str(pid), "--duration", str(int(seconds)), "--rate", str(rate)]
    command += ["--gil", "--nonblocking", "--format", "raw", "--output", str(out)]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def shares(raw: str) -> tuple[int, collections.Counter, collections.Counter]:
    """(samples, inclusive samples per function, self samples per function) of collapsed stacks."""
    inclusive, own, total = collections.Counter(), collections.Counter(), 0
    for line in raw.splitlines():
        if not line.strip():
            continue
        stack, count = line.rsplit(" ", 1)
        frames = [FRAME_LINE.sub(")", frame) for frame in stack.split(";")]
        total += int(count)
        for frame in set(frames):
            inclusive[frame] += int(count)
        own[frames[-1]] += int(count)
    return total, inclusive, own


# Frames every sample of a thread has in common: they say nothing about where time goes.
PLUMBING = re.compile(
    r"threading\.py|runpy|click/core|asyncio/(runners|base_events)|bootstrap\.py|cli\.py|serve\.py"
)


def function_table(title: str, raw: str, rows: int) -> str:
    total, inclusive, own = shares(raw)
    if not total:
        return f"{title}: no samples (was py-spy allowed to read the process? run as root)"
    lines = [f"{title}: {total} samples holding the GIL", "  inclusive  self  function (file)"]
    shown = [(f, n) for f, n in inclusive.most_common() if not PLUMBING.search(f)][:rows]
    for frame, count in shown:
        lines.append(f"  {100 * count / total:8.1f}% {100 * own[frame] / total:5.1f}%  {frame[:110]}")
    return "\n".join(lines)


# Where a sample is, by the frames on its stack: the first category that matches.
CATEGORIES = (
    ("config polling", "polling_path_watcher"),  # Streamlit re-reads config.toml 5 times a second
    ("lesson kit", "rerunlab/lessonkit/"),  # frame, run strip, timeline, exercises, echo
    ("lesson script", "code_to_exec"),  # the lesson's own statements and the elements they draw
    ("script runner", "_run_script_thread"),  # a run's set-up and tear-down around the script
    ("event loop", "asyncio/"),  # sending messages, the websocket, HTTP, health checks
    # "other": thread-pool workers, and stacks py-spy read only in part (--nonblocking)
)


def categories(raw: str) -> dict[str, float]:
    """Share of samples per category (CATEGORIES, then "other"), in %."""
    counts, total = collections.Counter(), 0
    for line in raw.splitlines():
        if line.strip():
            stack, count = line.rsplit(" ", 1)
            name = next((name for name, mark in CATEGORIES if mark in stack), "other")
            counts[name] += int(count)
            total += int(count)
    names = [name for name, _ in CATEGORIES] + ["other"]
    return {name: round(100 * counts[name] / total, 1) if total else 0.0 for name in names}


def category_table(raws: dict[str, str]) -> str:
    names = [name for name, _ in CATEGORIES] + ["other"]
    rows = []
    for slug, raw in [*raws.items(), ("all profiled lessons", "\n".join(raws.values()))]:
        share = categories(raw)
        rows.append([slug, shares(raw)[0]] + [f"{share[name]:.0f} %" for name in names])
    return table(rows, ["lesson", "samples", *names])


def main(argv: list[str] | None = None) -> int:
    parser = bench_parser("profile", __doc__)
    parser.add_argument("--students", type=int, default=60)
    parser.add_argument(
        "--duration", type=float, default=90, help="seconds of class (py-spy samples the middle)"
    )
    parser.add_argument("--lessons", help="comma-separated slugs to profile (default: every lesson)")
    parser.add_argument("--rows", type=int, default=25)
    parser.add_argument("--rate", type=int, default=50, help="py-spy samples per second")
    a = parser.parse_args(argv)
    if not Path(PY_SPY).exists():
        print(
            "bench.profile: py-spy is not installed (./tests/run.sh tests/apptest installs it)",
            file=sys.stderr,
        )
        return 2
    slugs = slugs_arg(a.lessons)
    stack, out = started_stack(a, "profile")
    try:
        config, _ = classroom.parse_args(
            ["--url", stack.base_url, "--students", str(a.students), "--duration", str(a.duration)]
            + ["--project", stack.project, "--progress", "off"]
        )
        report: dict = {}
        runner = threading.Thread(target=lambda: report.update(classroom.run(config)))
        runner.start()
        time.sleep(min(20, a.duration / 4))  # past the ramp and the warm-up
        seconds = a.duration / 2
        recorders = {}
        for slug in slugs:
            pid = int(inspect_format(stack.container_id(slug), "{{.State.Pid}}"))
            recorders[slug] = record(pid, seconds, out / f"{slug}.txt", a.rate)
        failed = {slug: p.communicate()[1] for slug, p in recorders.items() if p.wait() != 0}
        runner.join()
        print(classroom.format_report(report))
        for slug, why in failed.items():
            print(f"py-spy failed on {slug}: {why.strip()[-300:]}")
        raws = {slug: (out / f"{slug}.txt").read_text() for slug in slugs if (out / f"{slug}.txt").exists()}
        for slug, raw in raws.items():
            print("\n" + function_table(slug, raw, a.rows))
        print("\n" + function_table("all profiled lessons", "\n".join(raws.values()), a.rows))
        print("\nWhere the samples holding the GIL are, per lesson (by the frames on each stack):")
        print(category_table(raws))
        print(f"\nraw stacks: {out.relative_to(REPO)}/<slug>.txt")
        return 1 if failed else 0
    finally:
        if not a.keep:
            stack.down()


if __name__ == "__main__":
    sys.exit(main())
