"""Shared by the benchmark scripts: the machine, the bench stack, docker stats, figures.

The stack itself, docker and Streamlit's websocket are harness/'s, shared with the tests."""

from __future__ import annotations

import argparse
import ipaddress
import json
import os
import platform
import re
import socket
import sys
import tempfile
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from harness import REPO
from harness.docker import docker, inspect_format, project_containers, quiet
from harness.http import http_get
from harness.stack import Stack, local_url, own_settings

BENCH_PROJECT = "rerun-lab-bench"
BENCH_PORT = 8190
# Projects the benchmarks must never start, stop or rebuild: the instructor's stack and
# the test suite's.
FORBIDDEN_PROJECTS = {"rerun-lab", "rerun-lab-test"}


# -- the machine --------------------------------------------------------------------------
def machine() -> dict:
    mem_kib = 0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_kib = int(line.split()[1])
    except OSError:
        pass
    cpu_model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu_model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    docker = quiet("version", "--format", "{{.Server.Version}}")
    compose = quiet("compose", "version", "--short")
    return {
        "cores": os.cpu_count(),
        "memory_gib": round(mem_kib / 1024 / 1024, 1),
        "cpu": cpu_model,
        "kernel": platform.release(),
        "python": platform.python_version(),
        "docker": docker,
        "compose": compose,
        "loadavg_1m": round(os.getloadavg()[0], 2),
        "cpu_pressure_avg60_pct": _psi_avg60(),
    }


def cpu_pressure_us() -> int | None:
    """Total microseconds some task waited for a CPU (Linux PSI), or None without PSI."""
    try:
        for line in Path("/proc/pressure/cpu").read_text().splitlines():
            if line.startswith("some"):
                return int(line.rsplit("total=", 1)[1])
    except (OSError, ValueError, IndexError):
        pass
    return None


def machine_line(m: dict | None = None) -> str:
    m = m or machine()
    return (
        f"machine: {m['cores']} cores ({m['cpu'] or 'unknown CPU'}), {m['memory_gib']} GiB, "
        f"Linux {m['kernel']}, Docker {m['docker']}, Compose {m['compose']}, Python {m['python']}; "
        f"load average {m['loadavg_1m']}, CPU pressure {m.get('cpu_pressure_avg60_pct', '-')}% "
        "(some tasks waiting for a CPU, last 60 s) at the start"
    )


def _psi_avg60() -> float | None:
    try:
        for line in Path("/proc/pressure/cpu").read_text().splitlines():
            if line.startswith("some"):
                return float(line.split("avg60=", 1)[1].split()[0])
    except (OSError, ValueError, IndexError):
        pass
    return None


# -- safety -------------------------------------------------------------------------------
def is_loopback_url(url: str) -> bool:
    parts = urlsplit(url)
    host = parts.hostname or ""
    try:
        infos = socket.getaddrinfo(host, parts.port or 80, proto=socket.IPPROTO_TCP)
    except OSError:
        return False
    return bool(infos) and all(ipaddress.ip_address(info[4][0]).is_loopback for info in infos)


def check_project(project: str) -> str:
    if project in FORBIDDEN_PROJECTS:
        sys.exit(f"refusing to touch compose project {project!r}: use e.g. {BENCH_PROJECT!r}")
    return project


# -- figures ------------------------------------------------------------------------------
def percentile(values: Sequence[float], q: float) -> float | None:
    """The q-th percentile (0-100), linearly interpolated; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    rank = (len(ordered) - 1) * q / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def latency_summary(seconds: Iterable[float]) -> dict:
    values = list(seconds)
    out = {"count": len(values)}
    for q in (50, 95, 99):
        p = percentile(values, q)
        out[f"p{q}_ms"] = None if p is None else round(p * 1000, 1)
    out["max_ms"] = round(max(values) * 1000, 1) if values else None
    return out


def ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}" if value >= 10 else f"{value:.1f}"


def table(rows: list[list], header: list[str]) -> str:
    cells = [[str(c) for c in header]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    lines = []
    for n, row in enumerate(cells):
        lines.append(
            "  ".join(
                c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True))
            )
        )
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def write_json(path: str | None, data: dict) -> None:
    if path:
        Path(path).write_text(json.dumps(data, indent=2, sort_keys=False) + "\n")
        print(f"wrote {path}")


# -- HTTP ---------------------------------------------------------------------------------
def active_sessions(base_url: str, slug: str) -> int | None:
    """Streamlit's own count of connected sessions of one lesson (/_stcore/metrics)."""
    status, body = http_get(f"{base_url.rstrip('/')}/{slug}/_stcore/metrics")
    if status != 200:
        return None
    match = re.search(r"^active_sessions (\d+)", body, re.MULTILINE)
    return int(match.group(1)) if match else None


# -- docker -------------------------------------------------------------------------------
def merge_replicas(stats: dict[str, dict]) -> dict[str, dict]:
    """Folds service#N entries into their service: CPU added up, memory the largest."""
    merged: dict[str, dict] = {}
    for name in sorted(stats, key=lambda n: "#" in n):  # first replicas first
        service = name.partition("#")[0]
        if service not in merged:
            merged[service] = {**stats[name], "replicas": 1}
            continue
        into = merged[service]
        into["replicas"] += 1
        for key, value in stats[name].items():
            if key.startswith("mem_"):
                into[key] = max(into.get(key, 0), value)
            elif key in ("cpu_s", "throttled_periods", "throttled_s", "cpu_mean_pct", "cpu_max_pct"):
                into[key] = round(into.get(key, 0) + value, 3)
    return merged


_UNITS = {"b": 1, "kib": 1024, "mib": 1024**2, "gib": 1024**3, "kb": 1000, "mb": 1000**2, "gb": 1000**3}


def _bytes(text: str) -> float:
    match = re.match(r"([\d.]+)\s*([A-Za-z]+)", text.strip())
    if not match:
        return 0.0
    return float(match.group(1)) * _UNITS.get(match.group(2).lower(), 1)


def docker_stats(containers: dict[str, str]) -> dict[str, dict]:
    """One `docker stats --no-stream` sample: service -> {cpu_pct, mem_mib}."""
    if not containers:
        return {}
    out = quiet(
        "stats", "--no-stream", "--format", "{{.ID}}\t{{.CPUPerc}}\t{{.MemUsage}}", *containers.values()
    )
    by_id = {cid[:12]: service for service, cid in containers.items()}
    sample = {}
    for line in out.splitlines():
        parts = line.split("\t")
        if len(parts) != 3 or parts[0][:12] not in by_id:
            continue
        cpu = float(parts[1].rstrip("%") or 0)
        mem = _bytes(parts[2].split("/")[0]) / 1024**2
        sample[by_id[parts[0][:12]]] = {"cpu_pct": cpu, "mem_mib": round(mem, 1)}
    return sample


def _read(path: Path) -> str | None:
    try:
        return path.read_text()
    except OSError:
        return None


def machine_busy_s() -> float:
    """CPU seconds the whole machine has been busy so far (all cores; not idle, not I/O wait)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return (sum(fields[:8]) - fields[3] - fields[4]) / os.sysconf("SC_CLK_TCK")


def cgroup_cpu(container_id: str) -> dict | None:
    """CPU time used by a container so far, and CFS throttling, from its cgroup (v1 or v2).

    None when this process can't read the container's cgroup (e.g. a remote Docker host).
    """
    cid = container_id
    if len(cid) < 64:
        cid = quiet("inspect", "--format", "{{.Id}}", cid)
    v1 = Path("/sys/fs/cgroup/cpu,cpuacct/docker") / cid
    if not v1.exists():
        v1 = Path("/sys/fs/cgroup/cpuacct/docker") / cid
    usage = _read(v1 / "cpuacct.usage")
    if usage is not None:
        stat = _read(Path("/sys/fs/cgroup/cpu/docker") / cid / "cpu.stat") or _read(v1 / "cpu.stat") or ""
        fields = dict(line.split() for line in stat.splitlines() if len(line.split()) == 2)
        split = dict(line.split() for line in (_read(v1 / "cpuacct.stat") or "").splitlines())
        return {
            "cpu_s": int(usage) / 1e9,
            "system_s": int(split.get("system", 0)) / os.sysconf("SC_CLK_TCK"),  # kernel time
            "throttled": int(fields.get("nr_throttled", 0)),
            "throttled_s": int(fields.get("throttled_time", 0)) / 1e9,
        }
    for v2 in (Path(f"/sys/fs/cgroup/system.slice/docker-{cid}.scope"), Path("/sys/fs/cgroup/docker") / cid):
        stat = _read(v2 / "cpu.stat")
        if stat is not None:
            fields = dict(line.split() for line in stat.splitlines() if len(line.split()) == 2)
            return {
                "cpu_s": int(fields.get("usage_usec", 0)) / 1e6,
                "system_s": int(fields.get("system_usec", 0)) / 1e6,
                "throttled": int(fields.get("nr_throttled", 0)),
                "throttled_s": int(fields.get("throttled_usec", 0)) / 1e6,
            }
    return None


def cgroup_cpu_all(containers: dict[str, str]) -> dict[str, dict]:
    found = {}
    for service, cid in containers.items():
        usage = cgroup_cpu(cid)
        if usage is not None:
            found[service] = usage
    return found


def cpu_delta(before: dict[str, dict], after: dict[str, dict]) -> dict[str, dict]:
    """service -> CPU seconds used and CFS throttling between two cgroup_cpu_all() readings."""
    return {
        service: {
            "cpu_s": round(after[service]["cpu_s"] - before[service]["cpu_s"], 3),
            "system_s": round(after[service]["system_s"] - before[service]["system_s"], 3),
            "throttled_periods": after[service]["throttled"] - before[service]["throttled"],
            "throttled_s": round(after[service]["throttled_s"] - before[service]["throttled_s"], 3),
        }
        for service in after
        if service in before
    }


@dataclass
class StatsSampler:
    """Samples `docker stats` of a compose project in a thread, as often as it answers."""

    project: str
    interval: float = 2.0
    samples: list[tuple[float, dict]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self.containers = project_containers(self.project)

    def __enter__(self) -> StatsSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(timeout=15)

    def _loop(self) -> None:
        while not self._stop.is_set():
            sample = docker_stats(self.containers)
            if sample:
                self.samples.append((time.monotonic(), sample))
            self._stop.wait(self.interval)

    def summary(self) -> dict[str, dict]:
        """service -> cpu mean/max (% of one core) and memory max (MiB) over the samples."""
        out = {}
        for service in self.containers:
            cpu = [s[service]["cpu_pct"] for _, s in self.samples if service in s]
            mem = [s[service]["mem_mib"] for _, s in self.samples if service in s]
            if cpu:
                out[service] = {
                    "cpu_mean_pct": round(sum(cpu) / len(cpu), 1),
                    "cpu_max_pct": round(max(cpu), 1),
                    "mem_max_mib": round(max(mem), 1),
                    "mem_last_mib": mem[-1],
                    "samples": len(cpu),
                }
        return out


# -- the bench stack ----------------------------------------------------------------------
# Every simulated student and every benchmark request comes from 127.0.0.1: nginx's per-IP
# limits (meant for one person, or one NAT) would measure themselves. Raised unless set by
# hand; a real class comes from many addresses.
RAISED_PER_IP_LIMITS = {
    "RERUNLAB_MAX_CONNECTIONS_PER_IP": "10000",  # nginx takes < 65536
    "RERUNLAB_MAX_WEBSOCKETS_PER_IP": "10000",
    "RERUNLAB_MAX_REQUESTS_PER_IP": "10000",
}


def lesson_env_file(env: dict[str, str], why: str) -> Path:
    """A compose file (in a temporary directory) adding environment variables to every lesson."""
    from bench.lessons import lesson_slugs

    lines = [f"# Written by {why}.", "services:"]
    for slug in lesson_slugs():
        lines += [f"  {slug}:", "    environment:"]
        lines += [f"      {name}: {json.dumps(value)}" for name, value in env.items()]
    path = Path(tempfile.mkdtemp(prefix="rerun-lab-bench-")) / "compose.env.yaml"
    path.write_text("\n".join(lines) + "\n")
    return path


def direct_lesson_file(slug: str, why: str) -> Path:
    """A compose file (in a temporary directory) that also publishes one lesson's port 8501 on
    127.0.0.1 (a free port: BenchStack.published_port), to reach it without nginx. Both paths
    are then loopback and go through Docker's port publishing alike. Never the real stack's."""
    path = Path(tempfile.mkdtemp(prefix="rerun-lab-bench-")) / "compose.direct.yaml"
    path.write_text(
        f"# Written by {why}: also publish one lesson on loopback, to measure it without nginx.\n"
        f'services:\n  {slug}:\n    ports:\n      - "127.0.0.1::8501"\n'
    )
    return path


def container_url(stack: Stack, service: str, port: int) -> str:
    """A service of the bench's own stack at its address on the stack's network: reached from
    this machine without docker-proxy, the userland proxy that copies every byte of a
    connection to a port published on 127.0.0.1 (a LAN browser's packets are forwarded by the
    kernel instead). Only a container of a private network."""
    address = inspect_format(
        stack.container_id(service), f'{{{{(index .NetworkSettings.Networks "{stack.network}").IPAddress}}}}'
    )
    if not ipaddress.ip_address(address).is_private:
        raise SystemExit(f"refusing: {service}'s address on {stack.network} is not private ({address})")
    return f"http://{address}:{port}"


class BenchStack(Stack):
    """A copy of the stack under its own compose project, started and removed by the bench
    (a harness.stack.Stack on 127.0.0.1:port, nginx's per-IP limits raised).

    ``raised_limits=False``: nginx runs with its default per-IP limits (nginx/entrypoint.sh),
    whatever the environment says, for a benchmark about those limits (bench/burst.py).

    Never the instructor's (`rerun-lab`) or the tests' (`rerun-lab-test`) project.
    """

    def __init__(
        self,
        project: str = BENCH_PROJECT,
        port: int = BENCH_PORT,
        files: tuple[Path, ...] = (),  # extra compose files (e.g. direct_lesson_file())
        cwd: Path = REPO,
        raised_limits: bool = True,
    ) -> None:
        # Loopback only: the bench's traffic comes from this machine, and a copy of the stack
        # with raised limits has no business listening on the LAN.
        env = {**own_settings(project, port), "RERUNLAB_BIND": "127.0.0.1"}
        if not raised_limits:
            # Empty: compose.yaml passes "" and the entrypoint falls back to its defaults.
            env.update(dict.fromkeys(RAISED_PER_IP_LIMITS, ""))
        super().__init__(
            local_url(port),
            project=check_project(project),
            env=env,
            defaults=RAISED_PER_IP_LIMITS if raised_limits else {},
            files=tuple(files),
            cwd=cwd,
        )
        self.port = port

    def nginx_limits(self) -> str:
        """The per-IP limits nginx runs with, as its entrypoint wrote them (one line)."""
        nginx = self.container_id("nginx")
        lines = []
        for name in ("limits-http.conf", "limits-server.conf"):
            done = docker("exec", nginx, "cat", f"/tmp/rerun-lab/{name}", check=False)
            lines += [line.strip().rstrip(";") for line in done.stdout.splitlines() if line.strip()]
        return "; ".join(lines) or "unknown (could not read nginx's /tmp/rerun-lab/limits-*.conf)"


def started_stack(a: argparse.Namespace, out_name: str) -> tuple[BenchStack, Path]:
    """For the scripts that study the stack from the host (bench.profile, bench.kernel_time):
    prints the machine, builds and starts the bench stack, and makes the folder
    bench/out/<out_name>-<time>/ for the raw files they keep."""
    stack = BenchStack(project=a.project, port=a.port)
    print(machine_line())
    stack.build()
    stack.up()
    out = REPO / "bench" / "out" / time.strftime(f"{out_name}-%Y%m%d-%H%M%S")
    out.mkdir(parents=True)
    return stack, out


def slugs_arg(text: str | None) -> list[str]:
    """--lessons a,b: those slugs; absent: every lesson."""
    from bench.lessons import lesson_slugs

    return [s.strip() for s in text.split(",")] if text else lesson_slugs()


def bench_parser(module: str, doc: str, *, stack: bool = True, keep: bool = True) -> argparse.ArgumentParser:
    """The command line every benchmark shares: its help, and (for the scripts that start
    their own stack) --project, --port and --keep; and --json."""
    parser = argparse.ArgumentParser(
        prog=f"python -m bench.{module}",
        description=doc,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    if stack:
        parser.add_argument("--project", default=BENCH_PROJECT)
        parser.add_argument("--port", type=int, default=BENCH_PORT)
    if keep:
        parser.add_argument("--keep", action="store_true", help="leave the stack running at the end")
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    return parser
