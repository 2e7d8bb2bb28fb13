"""What the stack's containers use: `docker stats` samples (CPU %, memory), CPU time and CFS
throttling from their cgroups, and a lesson's replicas folded into the lesson."""

from __future__ import annotations

import os
import re
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from harness.docker import project_containers, quiet


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
