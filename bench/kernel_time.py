"""Why a quarter of the stack's CPU is kernel time: the system calls behind one rerun, and
what a container spends at rest.

    sudo .venv/bin/python -m bench.kernel_time [--lessons buttons,forms] [--reruns 20] [--idle 30]

Two measurements on the bench stack, both read from the host (the containers stay locked
down; root, and `strace` from Debian's package of that name):

1. **At rest**, for ``--idle`` seconds with no student: each container's CPU time (its
   cgroup: user and kernel) split into the container's own main process (a lesson's
   Streamlit server; for nginx, its master and workers) and everything else the cgroup
   ran: the processes Docker starts inside it, i.e. the health check; and the machine's
   CPU outside the containers.
2. **Per rerun**, for each lesson: one student asks for ``--reruns`` full runs while
   ``strace -f`` traces the Streamlit process's system calls, and the same for nginx's
   workers relaying them; an equally long window with no rerun is subtracted (the idle
   polling). Printed per rerun and per websocket message (a ForwardMsg: one per element
   drawn). strace slows the process it watches: counts, not times.
"""

from __future__ import annotations

import asyncio
import collections
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from bench.bench_stack import BenchStack, started_stack
from bench.cli import bench_parser, slugs_arg, table, write_json
from bench.container_usage import cgroup_cpu
from bench.machine import machine_busy_s, machine_line
from harness import REPO
from harness.browser import Browser
from harness.docker import inspect_format

STRACE = shutil.which("strace")
TICK = os.sysconf("SC_CLK_TCK")


def process_times(pid: int) -> tuple[float, float]:
    """(user, kernel) seconds of a process and all its threads so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) / TICK, int(fields[12]) / TICK


def worker_pids(master: int) -> list[int]:
    """nginx's worker processes: the children of its master."""
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return [int(pid) for pid in children]


def at_rest(stack: BenchStack, seconds: float) -> tuple[list[dict], float]:
    """Per container: CPU ms per second at rest, all of its cgroup vs its main process tree;
    and the machine's CPU ms per second outside the containers."""
    containers = stack.containers()
    pids = {s: int(inspect_format(cid, "{{.State.Pid}}")) for s, cid in containers.items()}

    def main_tree(service: str) -> tuple[float, float]:
        user, kernel = process_times(pids[service])
        if service == "nginx":
            for worker in worker_pids(pids[service]):
                u, k = process_times(worker)
                user, kernel = user + u, kernel + k
        return user, kernel

    before = {s: (cgroup_cpu(cid), main_tree(s)) for s, cid in containers.items()}
    busy = machine_busy_s()
    time.sleep(seconds)
    busy = machine_busy_s() - busy
    rows = []
    for service, cid in sorted(containers.items()):
        (cg0, (u0, k0)), cg1 = before[service], cgroup_cpu(cid)
        u1, k1 = main_tree(service)
        all_ms = 1000 * (cg1["cpu_s"] - cg0["cpu_s"]) / seconds
        all_kernel = 1000 * (cg1["system_s"] - cg0["system_s"]) / seconds
        main_ms = 1000 * ((u1 - u0) + (k1 - k0)) / seconds
        rows.append(
            {
                "service": service,
                "cgroup_ms_per_s": round(all_ms, 1),
                "cgroup_kernel_ms_per_s": round(all_kernel, 1),
                "main_ms_per_s": round(main_ms, 1),
                "main_kernel_ms_per_s": round(1000 * (k1 - k0) / seconds, 1),
                "other_ms_per_s": round(all_ms - main_ms, 1),
            }
        )
    outside = 1000 * busy / seconds - sum(r["cgroup_ms_per_s"] for r in rows)
    return rows, round(outside, 1)


WAKE_UP = re.compile(r'^sendto\(\d+, "\\0", 1,')  # asyncio's self-pipe: call_soon_threadsafe()


def strace_counts(path: Path) -> collections.Counter:
    """syscall -> calls, from strace's trace (a line per call; "resumed" halves not counted).
    A one-byte write of a zero byte is counted apart: it is how another thread wakes asyncio's
    event loop (loop.call_soon_threadsafe writes to the loop's own socket pair)."""
    counts = collections.Counter()
    for line in path.read_text().splitlines():
        call = line.split(None, 1)[1] if line[:1].isdigit() else line
        if call.startswith("<...") or call.startswith("+++") or call.startswith("---"):
            continue
        name = call.split("(", 1)[0]
        counts["sendto (event-loop wake-up)" if WAKE_UP.match(call) else name] += 1
    return counts


def counting(pids: list[int], out: Path) -> subprocess.Popen:
    command = [STRACE, "-f", "-qq", "-e", "signal=none", "-o", str(out)]
    for pid in pids:
        command += ["-p", str(pid)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1.0)  # attached to every thread
    return process


def stop(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGINT)  # strace detaches
    process.wait(timeout=30)


async def reruns(stack: BenchStack, slug: str, count: int) -> tuple[int, float]:
    """(messages, seconds) of ``count`` full runs asked for by one student."""
    browser = Browser(stack.base_url, slug, timeout=60)
    await browser.connect()
    try:
        await browser.load()
        messages, started = 0, time.monotonic()
        for _ in range(count):
            result = await browser.rerun("rerun", {}, "")
            if result.errors:
                raise RuntimeError(f"{slug}: a rerun failed: {result.errors} {result.details}")
            messages += result.messages
        return messages, time.monotonic() - started
    finally:
        await browser.close()


def per_rerun(stack: BenchStack, slug: str, count: int, out: Path) -> dict:
    lesson = int(inspect_format(stack.container_id(slug), "{{.State.Pid}}"))
    nginx = worker_pids(int(inspect_format(stack.container_id("nginx"), "{{.State.Pid}}")))
    tracers = [counting([lesson], out / f"{slug}.strace"), counting(nginx, out / f"{slug}-nginx.strace")]
    messages, seconds = asyncio.run(reruns(stack, slug, count))
    time.sleep(0.5)  # the last messages leave nginx
    for tracer in tracers:
        stop(tracer)
    # The same window with no student: what the processes do anyway (polling, health checks).
    tracers = [
        counting([lesson], out / f"{slug}-idle.strace"),
        counting(nginx, out / f"{slug}-nginx-idle.strace"),
    ]
    time.sleep(seconds + 0.5)
    for tracer in tracers:
        stop(tracer)

    def net(name: str) -> dict[str, int]:
        busy, idle = strace_counts(out / f"{name}.strace"), strace_counts(out / f"{name}-idle.strace")
        return {call: busy.get(call, 0) - idle.get(call, 0) for call in busy}

    return {
        "lesson": slug,
        "reruns": count,
        "messages": messages,
        "streamlit": net(slug),
        "nginx": net(f"{slug}-nginx"),
    }


def main(argv: list[str] | None = None) -> int:
    parser = bench_parser("kernel_time", __doc__)
    parser.add_argument("--lessons", help="comma-separated slugs (default: every lesson)")
    parser.add_argument("--reruns", type=int, default=20, help="full runs per lesson")
    parser.add_argument("--idle", type=float, default=30, help="seconds at rest to measure")
    a = parser.parse_args(argv)
    if STRACE is None or os.geteuid() != 0:
        print("bench.kernel_time: needs root and strace (apt-get install strace)", file=sys.stderr)
        return 2
    slugs = slugs_arg(a.lessons)
    stack, out = started_stack(a, "kernel-time")
    try:
        time.sleep(10)  # past the start-up of every container
        rest, outside = at_rest(stack, a.idle)
        print(f"\nAt rest ({a.idle:g} s, no student): CPU ms per second of each container")
        print(
            table(
                [
                    [
                        r["service"],
                        r["cgroup_ms_per_s"],
                        r["cgroup_kernel_ms_per_s"],
                        r["main_ms_per_s"],
                        r["main_kernel_ms_per_s"],
                        r["other_ms_per_s"],
                    ]
                    for r in rest
                ],
                ["container", "all", "of it kernel", "main process", "of it kernel", "other processes"],
            )
        )
        total = sum(r["cgroup_ms_per_s"] for r in rest)
        other = sum(r["other_ms_per_s"] for r in rest)
        print(
            f"containers at rest: {total:.0f} ms/s ({total / 10:.1f} % of one core), of which "
            f"{other:.0f} ms/s in processes other than each container's own (Docker's health checks); "
            f"outside the containers (Docker's daemons, runc, this script, anything else): "
            f"{outside:.0f} ms/s"
        )
        runs = [per_rerun(stack, slug, a.reruns, out) for slug in slugs]
        print(f"\nPer full run ({a.reruns} per lesson, one student, idle window subtracted): system calls")
        rows = []
        for r in runs:
            n, msgs, calls = r["reruns"], r["messages"], r["streamlit"]
            wake = calls.get("sendto (event-loop wake-up)", 0)
            rows.append(
                [r["lesson"], round(msgs / n, 1), round(sum(calls.values()) / n)]
                + [round(calls.get(c, 0) / n) for c in ("sendto", "futex", "epoll_wait", "recvfrom")]
                + [round(wake / n), round(calls.get("sendto", 0) / msgs, 2), round(wake / msgs, 2)]
                + [round(sum(r["nginx"].values()) / n)]
            )
        print(
            table(
                rows,
                [
                    "lesson",
                    "messages",
                    "all calls",
                    "sendto",
                    "futex",
                    "epoll_wait",
                    "recvfrom",
                    "wake-ups",
                    "sendto/msg",
                    "wake-ups/msg",
                    "nginx calls",
                ],
            )
        )
        print(
            "sendto: writes to a socket (the websocket, the health check's answer, the check-in store); "
            "wake-ups: one-byte writes that wake the event loop from another thread"
        )
        every = {c for r in runs for c in r["nginx"]}
        top = sorted(every, key=lambda c: -sum(r["nginx"].get(c, 0) for r in runs))[:5]
        print(
            "nginx's calls per run, over all lessons: "
            + ", ".join(
                f"{c} {sum(r['nginx'].get(c, 0) for r in runs) / sum(r['reruns'] for r in runs):.0f}"
                for c in top
            )
        )
        print(f"strace's traces: {out.relative_to(REPO)}/")
        write_json(
            a.json,
            {"machine": machine_line(), "at_rest": rest, "outside_ms_per_s": outside, "per_rerun": runs},
        )
        return 0
    finally:
        if not a.keep:
            stack.down()


if __name__ == "__main__":
    sys.exit(main())
