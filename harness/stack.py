"""One deployment of the stack, as the tests and the benchmarks start, inspect and scale it.

``Stack`` knows its URL and, when it was started here, its compose project: it runs
``docker compose`` under that project (with its own settings and compose files), builds,
starts and removes it, finds its containers, and scales a lesson until nginx spreads new
students over every replica (read from nginx's access log). A swarm deployment
(tests/swarm.py) is a ``Stack`` too, with ``deployment="swarm"``; one started elsewhere has
no project and is never touched.
"""

from __future__ import annotations

import base64
import os
import re
import subprocess
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from harness import REPO
from harness.docker import DockerError, docker, inspect_format, leftovers, project_containers, service_log
from harness.http import http_get

# Where each deployment's container logs are kept after it is removed (CI shows them on a failure).
LOG_DIR = REPO / "test-results"
# Compose commands that start or stop containers (and so add or remove host interfaces).
CONTAINER_CHANGES = {"up", "start", "restart", "stop", "kill", "down", "rm", "scale"}
AFFINITY_COOKIE = "rerunlab_affinity"  # nginx.conf: which replica a browser stays on
OFFLINE_HINT = (
    '\n(no registry? eval "$(docker/offline/build-base-images.sh --print-env)", '
    "see docs/configuration.md, 'Offline build')"
)


class ComposeError(RuntimeError):
    """A `docker compose` command that failed; the message has its command and stderr."""


def local_url(port: int) -> str:
    return f"http://127.0.0.1:{port}"


def own_settings(project: str, port: int) -> dict[str, str]:
    """What a stack started under its own project runs with: nginx on this port, and its own
    image names (compose.yaml's RERUNLAB_IMAGES), not the user's rerun-lab-*."""
    return {"RERUNLAB_PORT": str(port), "RERUNLAB_IMAGES": project}


@dataclass
class Stack:
    base_url: str
    project: str | None  # None: a stack we did not start and must not touch
    env: dict[str, str] = field(default_factory=dict)  # settings it runs with, over the environment's
    deployment: str = "compose"  # compose, swarm, or external (RERUNLAB_URL)
    defaults: dict[str, str] = field(default_factory=dict)  # settings unless the environment has them
    files: tuple[Path, ...] = ()  # extra compose files, after compose.yaml
    cwd: Path = REPO  # the tree whose compose files and build context are used
    # Called after a compose command started or stopped containers (the tests wait there
    # for the host's network to settle: tests/host_network.py).
    after_containers_change: Callable[[], None] | None = None
    down_said: str = ""  # how the last `down` failed, if it did

    def url(self, path: str) -> str:
        return self.base_url.rstrip("/") + path

    def process_env(self) -> dict[str, str]:
        """The environment `docker compose` runs in."""
        return {**self.defaults, **os.environ, **self.env}

    def compose_command(self, *args: str) -> list[str]:
        assert self.project, "this stack was not started here"
        files = []
        if self.files:
            files = ["-f", str(self.cwd / "compose.yaml")]
            for f in self.files:
                files += ["-f", str(f)]
        return ["docker", "compose", "-p", self.project, *files, *args]

    def compose(
        self, *args: str, check: bool = True, timeout: float | None = 900
    ) -> subprocess.CompletedProcess:
        """Runs `docker compose <args>` under this stack's project; unless check=False, a
        failure raises ComposeError."""
        command = self.compose_command(*args)
        done = docker(*command[1:], env=self.process_env(), cwd=self.cwd, check=False, timeout=timeout)
        if check and done.returncode != 0:
            stderr = done.stderr.lower()
            hint = OFFLINE_HINT if "pull" in stderr or "not found" in stderr else ""
            raise ComposeError(f"{' '.join(command)} failed:\n{done.stderr[-3000:]}{hint}")
        if args[0] in CONTAINER_CHANGES and self.after_containers_change:
            self.after_containers_change()
        return done

    # -- its life -----------------------------------------------------------------------
    def build(self) -> float:
        """Builds its images; returns the seconds it took."""
        started = time.monotonic()
        self.compose("build")
        return time.monotonic() - started

    def up(self, *extra: str) -> float:
        """Starts it and waits until every service is healthy; returns the seconds it took."""
        started = time.monotonic()
        self.compose("up", "--detach", "--wait", *extra)
        return time.monotonic() - started

    def down(self) -> float:
        """Removes its containers and network; returns the seconds it took."""
        started = time.monotonic()
        done = self.compose("down", "--volumes", "--remove-orphans", "--timeout", "5", check=False)
        # Kept for a report of what it left behind: why, if docker compose said.
        self.down_said = f"exit {done.returncode}: {done.stderr[-3000:]}" if done.returncode else ""
        return time.monotonic() - started

    def logs(self, tail: int = 300) -> str:
        """The last lines of every container's log, timestamped (or why there are none: they
        are read for a report, which must not stop what follows, e.g. removing the stack)."""
        try:
            done = self.compose(
                "logs", "--no-color", "--timestamps", "--tail", str(tail), check=False, timeout=120
            )
        except DockerError as error:
            return f"(no logs: {error})"
        return done.stdout + done.stderr

    def leftovers(self) -> list[str]:
        """What `down` left behind: containers, networks, volumes of its project."""
        return leftovers(self.project)

    # -- its containers -----------------------------------------------------------------
    def container_id(self, service: str) -> str:
        return self.compose("ps", "--all", "-q", service).stdout.strip()  # also while restarting

    def containers(self) -> dict[str, str]:
        """service -> container id of its running containers (replicas as service#2…)."""
        return project_containers(self.project)

    def image_of(self, service: str) -> str:
        """The image a service's container runs (the very image the tests must exercise)."""
        return inspect_format(self.container_id(service), "{{.Image}}")

    def published_port(self, service: str, private: int) -> int:
        out = self.compose("port", service, str(private)).stdout.strip()
        return int(out.rsplit(":", 1)[1])

    @property
    def network(self) -> str:
        return f"{self.project}_default"

    def stop_service(self, service: str) -> None:
        """Stops a service's containers (Swarm: scales it to 0 and waits until they are gone)."""
        if self.deployment == "swarm":
            docker("service", "scale", f"{self.project}_{service}=0", timeout=120)
        else:
            self.compose("stop", service)

    def start_service(self, service: str) -> None:
        """Starts a stopped service again and waits until it runs (Swarm: one replica)."""
        if self.deployment == "swarm":
            docker("service", "scale", f"{self.project}_{service}=1", timeout=120)
        else:
            self.compose("up", "--detach", "--wait", "--no-deps", service)
        if self.after_containers_change:
            self.after_containers_change()

    # -- replicas -----------------------------------------------------------------------
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
            cookie = {"Cookie": f"{AFFINITY_COOKIE}={uuid.uuid4().hex}"}
            http_get(self.url(f"/{slug}/_stcore/health?probe={probe}"), timeout=10, headers=cookie)
        return {address for path, address in self.upstream_log() if f"probe={probe}" in path}

    def nginx_log(self) -> str:
        """What nginx said since its container started (its messages and access log)."""
        if self.deployment == "swarm":
            return service_log(f"{self.project}_nginx")
        return self.compose("logs", "--no-color", "--no-log-prefix", "nginx").stdout

    def teacher_auth(self) -> tuple[str, str]:
        """The teacher's login: RERUNLAB_TEACHER_PASSWORD when set, else the password nginx
        made at its last start and said in its log (nginx/entrypoint.sh)."""
        configured = self.process_env().get("RERUNLAB_TEACHER_PASSWORD", "")
        if configured or self.project is None:
            assert configured, (
                "set RERUNLAB_TEACHER_PASSWORD to test the teacher pages of a stack started elsewhere"
            )
            return ("teacher", configured)
        made = re.findall(
            r"teacher dashboard at /teacher/: user teacher, password (\S+) \(made", self.nginx_log()
        )
        assert made, "nginx's log says no teacher password"
        return ("teacher", made[-1])

    def upstream_log(self) -> list[tuple[str, str]]:
        """(request path, upstream address) of each request nginx proxied, oldest first."""
        log = self.nginx_log()
        return [
            (match["path"], match["upstream"])
            for match in re.finditer(r'"[A-Z]+ (?P<path>\S+) HTTP/[^"]*".* upstream=(?P<upstream>\S+)', log)
        ]

    def wait_healthy(self, path: str, timeout: float = 60, auth: tuple[str, str] | None = None) -> None:
        """Waits until `path` answers 200 "ok" (a health endpoint; ``auth``: its login)."""
        headers = (
            {"Authorization": "Basic " + base64.b64encode(":".join(auth).encode()).decode()} if auth else {}
        )
        deadline = time.monotonic() + timeout
        while True:
            status, body = http_get(self.url(path), timeout=3, headers=headers)
            if status == 200 and body.strip() == "ok":
                return
            if time.monotonic() > deadline:
                raise AssertionError(f"{path} not healthy after {timeout} s")
            time.sleep(0.5)


def keep_logs(name: str, text: str) -> None:
    """Saves a deployment's logs as test-results/<name>.log before the deployment is removed."""
    LOG_DIR.mkdir(exist_ok=True)
    (LOG_DIR / f"{name}.log").write_text(text, encoding="utf-8")
