"""Fixtures for the real stack, used by the integration and browser suites.

By default the session tests two deployments of the stack, one after the other, each on a
free port and removed afterwards: `docker compose` (its own compose project), then Docker
Swarm (`docker stack deploy`, 2 replicas per lesson, on a single-node swarm it creates if
this engine is in none). Every test that takes `stack` runs against both; tests that stop
or scale containers through compose take `owned_stack` and run against compose only.
RERUNLAB_DEPLOYMENTS=compose (or swarm) picks one. To test a stack that is already running
instead, set RERUNLAB_URL (e.g. http://localhost:8080); then nothing is started or stopped.

The deployment itself is harness.stack.Stack, shared with the benchmarks; this file holds
the pytest fixtures around it.
"""

from __future__ import annotations

import os
import socket
import time
from dataclasses import dataclass

import pytest
import requests

from figures import report
from harness.docker import docker, leftovers, remove_networks, stack_leftovers
from harness.stack import Stack, keep_logs, local_url, own_settings
from host_network import wait_for_host_network_to_settle

PROJECT = os.environ.get("RERUNLAB_TEST_PROJECT", "rerun-lab-test")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def deployments() -> list[str]:
    if os.environ.get("RERUNLAB_URL"):
        return ["external"]
    wanted = os.environ.get("RERUNLAB_DEPLOYMENTS", "compose,swarm").split(",")
    unknown = set(wanted) - {"compose", "swarm"}
    assert not unknown, f"RERUNLAB_DEPLOYMENTS: unknown deployment(s) {sorted(unknown)}"
    return wanted


def remove_what_an_interrupted_run_left(project: str) -> None:
    """A run that was killed (a timeout, Ctrl-C) leaves its deployments running, and a swarm
    stack comes back with the engine: its lessons, failing their health checks over and over,
    would share the 2 cores with everything this run starts. Both carry this suite's names."""
    swarm_stack = f"{project}-swarm"
    left = stack_leftovers(swarm_stack) + leftovers(project)
    if not left:
        return
    report("removed before starting: what an interrupted earlier run left", " ".join(left))
    if any(ref.startswith("service ") for ref in left):
        docker("stack", "rm", swarm_stack, check=False)  # else the swarm starts new tasks
    deadline = time.monotonic() + 120
    while left and time.monotonic() < deadline:
        containers = [ref.split(" ", 1)[1] for ref in left if ref.startswith("ps ")]
        volumes = [ref.split(" ", 1)[1] for ref in left if ref.startswith("volume ")]
        if containers:
            docker("rm", "--force", "--volumes", *containers, check=False)
        if volumes:
            docker("volume", "rm", "--force", *volumes, check=False)
        remove_networks(left, wait_s=0)
        left = stack_leftovers(swarm_stack) + leftovers(project)
        time.sleep(1 if left else 0)
    assert not without_stuck_networks(left), f"could not remove what an interrupted run left: {left}"


@pytest.fixture(scope="session")
def clean_slate() -> None:
    """Once a session, before the first deployment is started."""
    remove_what_an_interrupted_run_left(PROJECT)


@pytest.fixture(scope="session", params=deployments())
def stack(request):
    if request.param != "external":
        request.getfixturevalue("clean_slate")
    if request.param == "external":
        yield Stack(os.environ["RERUNLAB_URL"], project=None, deployment="external")
    elif request.param == "swarm":
        from swarm import swarm_stack  # noqa: PLC0415  (only when the swarm is tested)

        yield from swarm_stack(PROJECT, free_port())
    else:
        yield from compose_stack(PROJECT, free_port())


def compose_stack(project: str, port: int):
    stack = Stack(
        local_url(port),
        project=project,
        env=own_settings(project, port),
        after_containers_change=wait_for_host_network_to_settle,  # the test browser shares this host
    )
    up = stack.compose("up", "--build", "--detach", "--wait", check=False, timeout=None)
    try:
        if up.returncode != 0:
            logs = stack.logs(tail=40)
            pytest.fail(f"docker compose up failed:\n{up.stderr[-4000:]}\n--- logs ---\n{logs[-6000:]}")
        yield stack
    finally:
        try:
            keep_logs(project, stack.logs())
        finally:  # removed even if its logs could not be kept
            stack.down()
        left = stack.leftovers()
        assert not without_stuck_networks(left), (
            f"`docker compose down` left these behind: {left}\n{stack.down_said}"
        )


def without_stuck_networks(left: list[str]) -> list[str]:
    """What a removed deployment left behind, less its networks that are gone after another
    try and those Docker 20.10 can't remove although nothing is attached
    (harness.docker.remove_networks): not the stack's doing, but reported with the figures."""
    removed, stuck = remove_networks(left)
    if stuck:
        report("networks Docker refused to remove, nothing attached (moby/moby#43286)", ", ".join(stuck))
    return [ref for ref in left if ref not in removed and ref not in stuck]


@pytest.fixture
def owned_stack(stack) -> Stack:
    """The compose stack, when the tests started it themselves and may stop its containers."""
    return only_an_owned_compose_stack(stack)


def only_an_owned_compose_stack(stack: Stack) -> Stack:
    """`stack`, or the test is skipped (for fixtures of a wider scope than owned_stack's)."""
    if stack.deployment == "external":
        pytest.skip("RERUNLAB_URL points at a stack these tests must not stop")
    if stack.deployment != "compose":
        pytest.skip("stops, starts or inspects containers through docker compose")
    return stack


def nginx_image(stack: Stack) -> str:
    return stack.image_of("nginx")


@dataclass
class ExtraNginx:
    url: str
    container: str  # its name on the stack's network, for clients inside the network


@pytest.fixture
def second_nginx(owned_stack):
    """Starts more nginx containers from the stack's own nginx image, on the stack's network
    and in front of the same lessons, with other run-time settings; removes them after."""
    started = []

    def start(**env: str) -> ExtraNginx:
        flags = [arg for name, value in env.items() for arg in ("-e", f"{name}={value}")]
        container = docker(
            "run",
            "-d",
            "--network",
            owned_stack.network,
            "-p",
            "127.0.0.1::8080",
            "--read-only",
            "--tmpfs",
            "/tmp",
            "--cap-drop",
            "ALL",
            *flags,
            nginx_image(owned_stack),
        ).stdout.strip()
        started.append(container)
        port = docker("port", container, "8080/tcp").stdout.split(":")[-1].strip()
        url = f"http://127.0.0.1:{port}"
        # Until nginx says every lesson answers through it (it has resolved their names): a
        # request before that may find no lesson yet (502), which no test here is about.
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            logs = docker("logs", container, check=False)
            if "rerun-lab: ready." in logs.stdout:
                assert requests.get(f"{url}/healthz", timeout=5).status_code == 200
                return ExtraNginx(url, container[:12])
            time.sleep(0.2)
        raise AssertionError(logs.stdout + logs.stderr)

    yield start
    for container in started:
        docker("rm", "-f", container, check=False)
