"""The stack deployed on Docker Swarm, as docs/large-class.md tells a teacher:

    docker stack deploy -c compose.yaml -c compose.swarm.yaml <name>

with the images built by `docker compose build`, LESSON_REPLICAS replicas per lesson, on
this engine's swarm; a single-node swarm is created first (and left after) when the engine
is in none.
"""

from __future__ import annotations

import os
import time

import pytest
import requests

from harness.docker import docker, service_log, stack_leftovers
from harness.stack import Stack, keep_logs, local_url, own_settings
from host_network import wait_for_host_network_to_settle
from repo_layout import LESSONS, OTHER_SERVICES

REPLICAS = 2  # per lesson: enough to show nginx spreading students, small enough for 2 cores
CONVERGE_TIMEOUT_S = 300


def swarm_state() -> str:
    return docker("info", "--format", "{{.Swarm.LocalNodeState}}").stdout.strip()


def services(name: str) -> dict[str, str]:
    """Each service of the stack with its replicas, as 'running/desired'."""
    listing = docker("stack", "services", name, "--format", "{{.Name}} {{.Replicas}}", check=False).stdout
    return dict(line.split(" ", 1) for line in listing.splitlines() if " " in line)


def converged(name: str) -> bool:
    replicas = services(name)
    return len(replicas) == len(LESSONS) + len(OTHER_SERVICES) and all(
        running == desired for running, _, desired in (r.partition("/") for r in replicas.values())
    )


def answering(base_url: str) -> bool:
    try:
        paths = ["/healthz", *(f"/{lesson.slug}/_stcore/health" for lesson in LESSONS)]
        return all(requests.get(base_url + path, timeout=3).status_code == 200 for path in paths)
    except requests.RequestException:
        return False


def swarm_stack(images: str, port: int):
    """Deploys the stack on the swarm; yields it as a harness.stack.Stack; removes it after."""
    name = f"{images}-swarm"
    settings = {**own_settings(images, port), "LESSON_REPLICAS": str(REPLICAS)}
    env = {**os.environ, **settings}
    client = docker("version", "--format", "{{.Client.Version}}").stdout.strip()
    if int(client.split(".")[0]) < 23:
        pytest.fail(
            f"docker stack deploy needs a Docker CLI 23 or newer (this one is {client}): docs/large-class.md"
        )
    state = swarm_state()
    if state not in ("inactive", "active"):
        pytest.fail(f"this Docker engine's swarm is '{state}': fix or leave it to test the swarm deployment")
    created = state == "inactive"
    if created:
        docker("swarm", "init", "--advertise-addr", "127.0.0.1")
    try:
        # The very images the compose deployment runs (built now if that one did not run).
        docker("compose", "-p", images, "build", "--quiet", env=env, timeout=None)
        # No registry to ask for digests here: the images are this engine's own.
        docker(
            "stack",
            "deploy",
            "--resolve-image",
            "never",
            "-c",
            "compose.yaml",
            "-c",
            "compose.swarm.yaml",
            name,
            env=env,
        )
        base_url = local_url(port)
        deadline = time.monotonic() + CONVERGE_TIMEOUT_S
        while not (converged(name) and answering(base_url)):
            if time.monotonic() > deadline:
                pytest.fail(f"the swarm stack did not converge in {CONVERGE_TIMEOUT_S} s: {services(name)}")
            time.sleep(2)
        yield Stack(
            base_url,
            project=name,
            env=settings,
            deployment="swarm",
            after_containers_change=wait_for_host_network_to_settle,
        )
    finally:
        try:
            keep_logs(
                name,
                "".join(
                    f"--- {service}\n" + service_log(service, "--timestamps", "--tail", "300")
                    for service in services(name)
                ),
            )
        finally:  # removed even if its logs could not be kept
            docker("stack", "rm", name, check=False)
        deadline = time.monotonic() + 60
        while stack_leftovers(name) and time.monotonic() < deadline:  # removal runs in the background
            time.sleep(1)
        left = stack_leftovers(name)
        if created:
            docker("swarm", "leave", "--force", check=False)
        assert not left, f"`docker stack rm` left these behind: {left}"
