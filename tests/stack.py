"""Fixtures for the real stack, used by the integration and browser suites.

By default the session tests two deployments of the stack, one after the other, each on a
free port and removed afterwards: `docker compose` (its own compose project), then Docker
Swarm (`docker stack deploy`, 2 replicas per lesson, on a single-node swarm it creates if
this engine is in none). Every test that takes `stack` runs against both; tests that stop
or scale containers through compose take `owned_stack` and run against compose only.
RERUNLAB_DEPLOYMENTS=compose (or swarm) picks one. To test a stack that is already running
instead, set RERUNLAB_URL (e.g. http://localhost:8080); then nothing is started or stopped.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import time
import uuid
from dataclasses import dataclass, field

import pytest
import requests

from host_network import wait_for_host_network_to_settle
from repo_layout import REPO

PROJECT = os.environ.get("RERUNLAB_TEST_PROJECT", "rerun-lab-test")
# Where each deployment's container logs are kept after it is removed (CI shows them on a failure).
LOG_DIR = REPO / "test-results"
# Compose commands that start or stop containers (and so add or remove host interfaces).
CONTAINER_CHANGES = {"up", "start", "restart", "stop", "kill", "down", "rm", "scale"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Stack:
    base_url: str
    project: str | None  # None: a stack we did not start and must not touch
    env: dict[str, str] = field(default_factory=dict)  # settings it was started with
    deployment: str = "compose"  # compose, swarm, or external (RERUNLAB_URL)

    def url(self, path: str) -> str:
        return self.base_url.rstrip("/") + path

    def compose(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        assert self.project, "this stack was not started by the tests"
        done = subprocess.run(
            ["docker", "compose", "-p", self.project, *args],
            cwd=REPO,
            env={**os.environ, **self.env},
            check=check,
            text=True,
            capture_output=True,
        )
        if args[0] in CONTAINER_CHANGES:
            wait_for_host_network_to_settle()  # see host_network.py: the test browser shares this host
        return done

    def container_id(self, service: str) -> str:
        return self.compose("ps", "--all", "-q", service).stdout.strip()  # also while restarting

    def image_of(self, service: str) -> str:
        """The image a service's container runs (the very image the tests must exercise)."""
        return _docker("inspect", "--format", "{{.Image}}", self.container_id(service)).stdout.strip()

    @property
    def network(self) -> str:
        return f"{self.project}_default"

    def scale(self, service: str, replicas: int) -> None:
        """Runs this many replicas of a service (as `docker compose up --scale` does), waits
        until they are healthy and until nginx sends new students to all of them."""
        self.compose("up", "--detach", "--wait", "--no-deps", "--scale", f"{service}={replicas}", service)
        self.wait_for_spread(service, replicas)

    def wait_for_spread(self, slug: str, replicas: int, timeout: float = 30) -> None:
        """Waits until nginx sends new students to this many replicas of a lesson."""
        deadline = time.monotonic() + timeout
        while len(seen := self.replicas_in_use(slug)) != replicas:
            if time.monotonic() > deadline:
                raise AssertionError(f"nginx spreads {slug} over {sorted(seen)}, not {replicas} replicas")
            time.sleep(1)  # nginx re-resolves lesson names every 5 s

    def replicas_in_use(self, slug: str, students: int = 30) -> set[str]:
        """The replica addresses nginx picks for this many new students (fresh affinity
        cookies), read from nginx's access log."""
        probe = uuid.uuid4().hex
        for _ in range(students):
            cookie = {"rerunlab_affinity": uuid.uuid4().hex}
            requests.get(self.url(f"/{slug}/_stcore/health?probe={probe}"), cookies=cookie, timeout=10)
        return {address for path, address in self.upstream_log() if f"probe={probe}" in path}

    def upstream_log(self) -> list[tuple[str, str]]:
        """(request path, upstream address) of each request nginx proxied, oldest first."""
        if self.deployment == "swarm":
            log = _docker("service", "logs", "--raw", f"{self.project}_nginx").stdout
        else:
            log = self.compose("logs", "--no-color", "--no-log-prefix", "nginx").stdout
        return [
            (match["path"], match["upstream"])
            for match in re.finditer(r'"[A-Z]+ (?P<path>\S+) HTTP/[^"]*".* upstream=(?P<upstream>\S+)', log)
        ]

    def wait_healthy(self, path: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while True:
            try:
                response = requests.get(self.url(path), timeout=3)
                if response.status_code == 200 and response.text.strip() == "ok":
                    return
            except requests.RequestException:
                pass
            if time.monotonic() > deadline:
                raise AssertionError(f"{path} not healthy after {timeout} s")
            time.sleep(0.5)


def deployments() -> list[str]:
    if os.environ.get("RERUNLAB_URL"):
        return ["external"]
    wanted = os.environ.get("RERUNLAB_DEPLOYMENTS", "compose,swarm").split(",")
    unknown = set(wanted) - {"compose", "swarm"}
    assert not unknown, f"RERUNLAB_DEPLOYMENTS: unknown deployment(s) {sorted(unknown)}"
    return wanted


@pytest.fixture(scope="session", params=deployments())
def stack(request):
    if request.param == "external":
        yield Stack(os.environ["RERUNLAB_URL"], project=None, deployment="external")
    elif request.param == "swarm":
        from swarm import swarm_stack  # noqa: PLC0415  (only when the swarm is tested)

        yield from swarm_stack(PROJECT, _free_port())
    else:
        yield from compose_stack(PROJECT, _free_port())


def compose_stack(project: str, port: int):
    # Its own image names too (compose.yaml's RERUNLAB_IMAGES), not the user's rerun-lab-*.
    settings = {"RERUNLAB_PORT": str(port), "RERUNLAB_IMAGES": project}
    env = {**os.environ, **settings}
    cmd = ["docker", "compose", "-p", project]
    up = subprocess.run(
        [*cmd, "up", "--build", "--detach", "--wait"], cwd=REPO, env=env, text=True, capture_output=True
    )
    try:
        if up.returncode != 0:
            logs = subprocess.run(
                [*cmd, "logs", "--no-color", "--tail", "40"],
                cwd=REPO,
                env=env,
                text=True,
                capture_output=True,
            ).stdout
            pytest.fail(f"docker compose up failed:\n{up.stderr[-4000:]}\n--- logs ---\n{logs[-6000:]}")
        yield Stack(f"http://127.0.0.1:{port}", project=project, env=settings)
    finally:
        logs = subprocess.run(
            [*cmd, "logs", "--no-color", "--timestamps", "--tail", "300"],
            cwd=REPO,
            env=env,
            text=True,
            capture_output=True,
        )
        keep_logs(project, logs.stdout + logs.stderr)
        subprocess.run(
            [*cmd, "down", "--volumes", "--remove-orphans", "--timeout", "5"],
            cwd=REPO,
            env=env,
            capture_output=True,
        )
        left = leftovers(project)
        assert not left, f"`docker compose down` left these behind: {left}"


def keep_logs(name: str, text: str) -> None:
    """Saves a deployment's logs as test-results/<name>.log before the deployment is removed."""
    LOG_DIR.mkdir(exist_ok=True)
    (LOG_DIR / f"{name}.log").write_text(text, encoding="utf-8")


def leftovers(project: str) -> list[str]:
    """Containers, networks and volumes still labelled with the compose project."""
    label = f"label=com.docker.compose.project={project}"
    found = []
    for kind in (["ps", "-a"], ["network", "ls"], ["volume", "ls"]):
        listing = subprocess.run(
            ["docker", *kind, "-q", "--filter", label], capture_output=True, text=True, check=True
        )
        found += [f"{kind[0]} {ref}" for ref in listing.stdout.split()]
    return found


@pytest.fixture
def owned_stack(stack) -> Stack:
    """The compose stack, when the tests started it themselves and may stop its containers."""
    if stack.deployment == "external":
        pytest.skip("RERUNLAB_URL points at a stack these tests must not stop")
    if stack.deployment != "compose":
        pytest.skip("stops, starts or inspects containers through docker compose")
    return stack


def _docker(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(["docker", *args], capture_output=True, text=True, check=check)


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
        container = _docker(
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
        port = _docker("port", container, "8080/tcp").stdout.split(":")[-1].strip()
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:  # until nginx answers its own health check
            try:
                if requests.get(f"{url}/healthz", timeout=1).status_code == 200:
                    return ExtraNginx(url, container[:12])
            except requests.RequestException:
                pass
            time.sleep(0.2)
        raise AssertionError(_docker("logs", container, check=False).stderr)

    yield start
    for container in started:
        _docker("rm", "-f", container, check=False)
