"""The machine the figures come from: what it is (cores, memory, versions, load at the
start), and its CPU counters (busy time, and pressure: time tasks waited for a CPU)."""

from __future__ import annotations

import os
import platform
from pathlib import Path

from harness.docker import quiet


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


def machine_busy_s() -> float:
    """CPU seconds the whole machine has been busy so far (all cores; not idle, not I/O wait)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return (sum(fields[:8]) - fields[3] - fields[4]) / os.sysconf("SC_CLK_TCK")
