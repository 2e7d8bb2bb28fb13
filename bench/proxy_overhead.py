"""Proxy overhead: the same lesson through nginx and straight to its container, side by side.

    python -m bench.proxy_overhead                       # starts and removes its own stack
    python -m bench.proxy_overhead --keep --json proxy.json

Starts the stack under the compose project ``rerun-lab-bench`` with one extra compose file
(written to a temporary directory) that also publishes the measured lesson's port 8501 on
127.0.0.1, so both paths are loopback from this machine and both go through Docker's
port publishing: host -> nginx -> lesson, and host -> lesson. Then, interleaving the two
paths round by round so that any drift of the machine hits both alike:

- health throughput: keep-alive HTTP/1.1 GETs of /<slug>/_stcore/health from
  --connections concurrent connections for --seconds per round;
- websocket rerun latency: one Streamlit session per path (harness/browser.py), full
  reruns of the page one after the other, alternating the paths rerun by rerun.

Ratios: throughput nginx/direct and latency direct/nginx (1.0 = no overhead; the target
is >= 0.95). The load generator runs on the same machine, so its CPU use is reported.

--no-port-proxy reaches nginx and the lesson at their own addresses on the stack's network
instead: no docker-proxy (the userland proxy every connection to a port published on
127.0.0.1 goes through) on either path, so the difference is nginx's alone.
"""

from __future__ import annotations

import asyncio
import resource
import sys
import time

from bench.bench_stack import BenchStack, container_url, direct_lesson_file
from bench.cli import bench_parser, is_loopback_url, table, write_json
from bench.machine import machine, machine_busy_s, machine_line
from bench.stats import latency_summary
from harness.browser import Browser
from harness.lessons import deliberate, lesson_slugs

TARGET_RATIO = 0.95


async def _health_round(
    host: str, port: int, path: str, connections: int, seconds: float, keepalive: bool
) -> tuple[int, int]:
    """(answers, errors) of GETs from `connections` clients for `seconds`; without keep-alive,
    each request opens a connection of its own (Connection: close)."""
    close = "" if keepalive else "Connection: close\r\n"
    request = (
        f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nUser-Agent: rerun-lab-bench\r\n{close}\r\n".encode()
    )
    deadline = time.monotonic() + seconds
    counts = [0, 0]

    async def client() -> None:
        reader = writer = None
        while time.monotonic() < deadline:
            try:
                if writer is None:
                    reader, writer = await asyncio.open_connection(host, port)
                writer.write(request)
                await writer.drain()
                head = await reader.readuntil(b"\r\n\r\n")
                status = int(head.split(b" ", 2)[1])
                length = 0
                chunked = False
                for line in head.split(b"\r\n"):
                    name, _, value = line.partition(b":")
                    if name.strip().lower() == b"content-length":
                        length = int(value.strip())
                    elif name.strip().lower() == b"transfer-encoding" and b"chunked" in value.lower():
                        chunked = True
                if chunked:
                    while True:
                        size = int((await reader.readuntil(b"\r\n")).strip(), 16)
                        await reader.readexactly(size + 2)
                        if size == 0:
                            break
                else:
                    await reader.readexactly(length)
                counts[0 if status == 200 else 1] += 1
                if not keepalive:
                    writer.close()
                    reader = writer = None
            except (OSError, asyncio.IncompleteReadError, ValueError):
                counts[1] += 1
                if writer is not None:
                    writer.close()
                reader = writer = None
        if writer is not None:
            writer.close()

    await asyncio.gather(*(client() for _ in range(connections)))
    return counts[0], counts[1]


async def measure(
    nginx_url: str, direct_url: str, slug: str, rounds: int, seconds: float, connections: int, reruns: int
) -> dict:
    paths = {"nginx": nginx_url, "direct": direct_url}
    modes = {"close": False, "keepalive": True}
    # answers, errors, seconds, and the CPU seconds the whole machine spent meanwhile
    health = {(mode, name): [0, 0, 0.0, 0.0] for mode in modes for name in paths}
    for _ in range(rounds):
        for mode, keepalive in modes.items():
            for name, url in paths.items():
                host, port = url.split("://", 1)[1].rsplit(":", 1)
                started, busy = time.monotonic(), machine_busy_s()
                ok, bad = await _health_round(
                    host, int(port), f"/{slug}/_stcore/health", connections, seconds, keepalive
                )
                tally = health[(mode, name)]
                tally[0] += ok
                tally[1] += bad
                tally[2] += time.monotonic() - started
                tally[3] += machine_busy_s() - busy

    sessions = {name: Browser(url, slug, timeout=30) for name, url in paths.items()}
    latencies: dict[str, list[float]] = {"nginx": [], "direct": []}
    errors = {"nginx": 0, "direct": 0}
    try:
        for browser in sessions.values():
            await browser.connect()
            await browser.load()  # the first run of a session costs more: not measured
        for i in range(reruns):
            order = ["nginx", "direct"] if i % 2 == 0 else ["direct", "nginx"]
            for name in order:
                result = await sessions[name].load()
                if result.errors:
                    errors[name] += 1
                else:
                    latencies[name].append(result.server_seconds)
    finally:
        for browser in sessions.values():
            await browser.close()

    out = {"lesson": slug, "deliberate_subtracted": deliberate(slug).per_full_run > 0}
    for (mode, name), (ok, bad, spent, cpu) in health.items():
        out[f"health_{mode}_{name}"] = {
            "requests_per_s": round(ok / spent, 1),
            "answers": ok,
            "errors": bad,
            # the whole machine: load generator, Docker's port proxy, nginx, the lesson, the kernel
            "machine_cpu_pct": round(100 * cpu / spent, 1),
            "machine_cpu_ms_per_request": round(1000 * cpu / ok, 3) if ok else None,
        }
    for name in paths:
        out[f"rerun_{name}"] = {**latency_summary(latencies[name]), "errors": errors[name]}
    for mode in modes:
        nginx_rps = out[f"health_{mode}_nginx"]["requests_per_s"]
        direct_rps = out[f"health_{mode}_direct"]["requests_per_s"]
        out[f"health_{mode}_ratio"] = round(nginx_rps / direct_rps, 3) if direct_rps else None
    n50, d50 = out["rerun_nginx"]["p50_ms"], out["rerun_direct"]["p50_ms"]
    n95, d95 = out["rerun_nginx"]["p95_ms"], out["rerun_direct"]["p95_ms"]
    out["rerun_p50_ratio"] = round(d50 / n50, 3) if n50 else None
    out["rerun_p95_ratio"] = round(d95 / n95, 3) if n95 else None
    out["rerun_p50_added_ms"] = round(n50 - d50, 1) if n50 is not None and d50 is not None else None
    return out


def report_lines(r: dict) -> list[str]:
    def verdict(ratio: float | None) -> str:
        return "-" if ratio is None else "yes" if ratio >= TARGET_RATIO else "NO"

    rows = []
    for mode, label in (("close", "a connection per request"), ("keepalive", "keep-alive")):
        nginx, direct, ratio = (
            r[f"health_{mode}_nginx"],
            r[f"health_{mode}_direct"],
            r[f"health_{mode}_ratio"],
        )
        rows.append(
            [
                f"health GET, {label}",
                f"{nginx['requests_per_s']} req/s",
                f"{direct['requests_per_s']} req/s",
                ratio,
                verdict(ratio),
                nginx["errors"] + direct["errors"],
            ]
        )
    for q in ("p50", "p95"):
        ratio = r[f"rerun_{q}_ratio"]
        rows.append(
            [
                f"websocket full rerun {q}",
                f"{r['rerun_nginx'][f'{q}_ms']} ms",
                f"{r['rerun_direct'][f'{q}_ms']} ms",
                ratio,
                verdict(ratio),
                r["rerun_nginx"]["errors"] + r["rerun_direct"]["errors"] if q == "p50" else "",
            ]
        )
    return [
        f"proxy overhead, lesson {r['lesson']}: {r['rounds']} interleaved rounds of {r['seconds']:g} s x "
        f"{r['connections']} connections per path and mode; {r['reruns']} reruns per path, alternating",
        table(rows, ["measure", "through nginx", "direct", "ratio", f">= {TARGET_RATIO}", "errors"]),
        f"ratio: throughput nginx/direct, latency direct/nginx. nginx adds {r['rerun_p50_added_ms']} ms "
        "to a rerun's p50. nginx reuses kept-alive connections to the lesson (which has TCP_NODELAY: "
        "apps/rerunlab/serve.py). Keep-alive errors through nginx are most likely nginx closing a "
        "client's kept-alive connection after keepalive_requests (1000) answers, which this client "
        "counts as an error.",
        f"load generator (this process) used {r['loadgen_cpu_pct']}% of one core",
        "the whole machine during the health rounds (CPU % of one core; CPU ms per answer): "
        + "; ".join(
            f"{mode} {name} {r[f'health_{mode}_{name}']['machine_cpu_pct']} % "
            f"({r[f'health_{mode}_{name}']['machine_cpu_ms_per_request']} ms)"
            for mode in ("close", "keepalive")
            for name in ("nginx", "direct")
        )
        + f" of {r['machine']['cores']} cores: where the machine is busy both ways, the ratio is the "
        "ratio of CPU per answer, not a wait nginx adds.",
    ]


def main(argv: list[str] | None = None) -> int:
    parser = bench_parser("proxy_overhead", __doc__, keep=True)
    parser.add_argument("--lesson", default="session-state", help="lesson to measure (default %(default)s)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=5.0, help="seconds per health round and path")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--reruns", type=int, default=150, help="reruns per path")
    parser.add_argument(
        "--no-port-proxy",
        action="store_true",
        help="both paths to the containers' own addresses, without Docker's userland port proxy",
    )
    a = parser.parse_args(argv)
    if a.lesson not in lesson_slugs():
        parser.error(f"unknown lesson {a.lesson!r}")
    if not (
        1 <= a.rounds <= 10 and 1 <= a.seconds <= 30 and 1 <= a.connections <= 64 and 1 <= a.reruns <= 1000
    ):
        parser.error("bounds: --rounds 1..10, --seconds 1..30, --connections 1..64, --reruns 1..1000")

    stack = BenchStack(
        project=a.project, port=a.port, files=(direct_lesson_file(a.lesson, "bench/proxy_overhead.py"),)
    )
    m = machine()
    print(f"starting {stack.project} on {stack.base_url} (lesson {a.lesson} also published on loopback)")
    stack.compose("up", "--build", "--detach", "--wait")
    try:
        direct = f"http://127.0.0.1:{stack.published_port(a.lesson, 8501)}"
        if not (is_loopback_url(direct) and is_loopback_url(stack.base_url)):
            raise SystemExit("refusing: the measured addresses are not loopback")
        nginx = stack.base_url
        if a.no_port_proxy:
            nginx, direct = container_url(stack, "nginx", 8080), container_url(stack, a.lesson, 8501)
        print(f"measuring {nginx} (nginx) and {direct} (the lesson)")
        before = resource.getrusage(resource.RUSAGE_SELF)
        started = time.monotonic()
        result = asyncio.run(measure(nginx, direct, a.lesson, a.rounds, a.seconds, a.connections, a.reruns))
        after = resource.getrusage(resource.RUSAGE_SELF)
        used = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
        result.update(
            port_proxy=not a.no_port_proxy,
            rounds=a.rounds,
            seconds=a.seconds,
            connections=a.connections,
            reruns=a.reruns,
            loadgen_cpu_pct=round(100 * used / (time.monotonic() - started), 1),
            machine=m,
        )
    finally:
        if not a.keep:
            stack.down()
    print("\n".join(report_lines(result)))
    print(machine_line(m))
    write_json(a.json, result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
