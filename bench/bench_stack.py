"""The bench's own copy of the stack: its compose project and port (never the instructor's or
the tests'), nginx's per-IP limits raised, extra compose files, and its containers' addresses.

The stack itself is harness.stack.Stack, shared with the tests."""

from __future__ import annotations

import argparse
import ipaddress
import json
import sys
import tempfile
import time
from pathlib import Path

from bench.machine import machine_line
from harness import REPO
from harness.docker import docker, inspect_format
from harness.stack import Stack, local_url, own_settings

BENCH_PROJECT = "rerun-lab-bench"
BENCH_PORT = 8190
# Projects the benchmarks must never start, stop or rebuild: the instructor's stack and
# the test suite's.
FORBIDDEN_PROJECTS = {"rerun-lab", "rerun-lab-test"}


def check_project(project: str) -> str:
    if project in FORBIDDEN_PROJECTS:
        sys.exit(f"refusing to touch compose project {project!r}: use e.g. {BENCH_PROJECT!r}")
    return project


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
    from harness.lessons import lesson_slugs

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


def started_stack(args: argparse.Namespace, out_name: str) -> tuple[BenchStack, Path]:
    """For the scripts that study the stack from the host (bench.profile, bench.kernel_time):
    prints the machine, builds and starts the bench stack, and makes the folder
    bench/out/<out_name>-<time>/ for the raw files they keep."""
    stack = BenchStack(project=args.project, port=args.port)
    print(machine_line())
    stack.build()
    stack.up()
    out = REPO / "bench" / "out" / time.strftime(f"{out_name}-%Y%m%d-%H%M%S")
    out.mkdir(parents=True)
    return stack, out
