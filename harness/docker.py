"""Running docker, and what the tests and the benchmarks ask it about containers."""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

from harness import REPO


class DockerError(RuntimeError):
    """A docker command that failed or hung; the message has its command and what it printed."""


# A docker command that has not finished in 5 minutes is stuck (`docker service logs` is known
# to hang now and then: docker/cli#4678). Builds and deployments that may take longer pass
# their own timeout.
TIMEOUT_S = 300


def docker(
    *args: str,
    env: dict[str, str] | None = None,
    cwd: Path = REPO,
    check: bool = True,
    timeout: float | None = TIMEOUT_S,
) -> subprocess.CompletedProcess:
    """Runs `docker <args>` in the repository (where the compose files are), its output captured
    as text. A failure (unless check=False) or a command still running after `timeout` seconds
    (None: no limit) raises DockerError with the end of its output."""
    try:
        done = subprocess.run(
            ["docker", *args], cwd=cwd, env=env, text=True, capture_output=True, timeout=timeout
        )
    except subprocess.TimeoutExpired as hung:
        output = _text(hung.stdout)[-3000:] + _text(hung.stderr)[-4000:]
        raise DockerError(f"docker {' '.join(args)} did not finish in {timeout} s:\n{output}") from None
    if check and done.returncode != 0:
        output = done.stdout[-3000:] + done.stderr[-4000:]
        raise DockerError(f"docker {' '.join(args)} failed (exit {done.returncode}):\n{output}")
    return done


def quiet(*args: str, timeout: float = 30) -> str:
    """docker's output, stripped; "" when docker is missing, fails to start or does not answer
    in time (for figures that may stay blank)."""
    try:
        return docker(*args, check=False, timeout=timeout).stdout.strip()
    except (OSError, DockerError):
        return ""


def _text(output: str | bytes | None) -> str:
    """What a timed-out command printed (TimeoutExpired may hold bytes even in text mode)."""
    if isinstance(output, bytes):
        return output.decode(errors="replace")
    return output or ""


def inspect(ref: str) -> dict:
    """`docker inspect` of one container, image or network."""
    return json.loads(docker("inspect", ref).stdout)[0]


def inspect_format(ref: str, template: str) -> str:
    """One Go template over `docker inspect`, e.g. "{{.State.Pid}}"."""
    return docker("inspect", "--format", template, ref).stdout.strip()


def project_containers(project: str) -> dict[str, str]:
    """service name -> container id of a compose project's running containers; a service's
    further replicas are named service#2, service#3… (see bench.container_usage.merge_replicas)."""
    out = quiet(
        "ps",
        "--filter",
        f"label=com.docker.compose.project={project}",
        "--format",
        '{{.ID}}\t{{.Label "com.docker.compose.service"}}\t{{.Label "com.docker.compose.container-number"}}',
    )
    found = {}
    for line in out.splitlines():
        cid, service, number = (line.split("\t") + ["", ""])[:3]
        if service:
            found[service if number in ("", "1") else f"{service}#{number}"] = cid
    return found


def _labelled(label: str, kinds: list[list[str]], check: bool) -> list[str]:
    found = []
    for kind in kinds:
        listing = docker(*kind, "-q", "--filter", f"label={label}", check=check).stdout.split()
        found += [f"{kind[0]} {ref}" for ref in listing]
    return found


def leftovers(project: str) -> list[str]:
    """Containers, networks and volumes still labelled with the compose project."""
    kinds = [["ps", "-a"], ["network", "ls"], ["volume", "ls"]]
    return _labelled(f"com.docker.compose.project={project}", kinds, check=True)


def service_containers(service: str) -> list[str]:
    """A swarm service's containers on this node, running or not, oldest first."""
    label = f"label=com.docker.swarm.service.name={service}"
    listing = docker("ps", "-a", "--filter", label, "--format", "{{.CreatedAt}}\t{{.ID}}").stdout
    return [line.split("\t")[1] for line in sorted(listing.splitlines()) if "\t" in line]


def service_log(service: str, *flags: str) -> str:
    """What a swarm service's containers on this node printed, oldest container first; each
    container's stdout, then its stderr. Read with `docker logs`, not `docker service logs`,
    which now and then never returns (docker/cli#4678). `flags`: `docker logs` options."""
    text = []
    for container in service_containers(service):
        done = docker("logs", *flags, container, check=False, timeout=60)
        text += [done.stdout, done.stderr]
    return "".join(text)


STALE = "has active endpoints"  # what Docker says when it refuses to remove a network in use


def remove_networks(refs: list[str], wait_s: float = 10) -> tuple[list[str], list[str]]:
    """Removes the networks among a removed deployment's leftovers ("network <id>", "container
    <id>"…), trying again for up to `wait_s`. Returns (removed, stuck): stuck are the networks
    no container is attached to that Docker still refuses to remove ("has active endpoints"):
    Docker 20.10's count of a network's endpoints gone stale (moby/moby#43286; only restarting
    dockerd clears it)."""
    waiting = [ref for ref in refs if ref.startswith("network ")]
    removed: list[str] = []
    deadline = time.monotonic() + wait_s
    while True:
        stuck = []
        for ref in waiting:
            network = ref.split(" ", 1)[1]
            attached = docker("network", "inspect", "--format", "{{len .Containers}}", network, check=False)
            done = docker("network", "rm", network, check=False)
            if done.returncode == 0 or attached.returncode != 0:
                removed.append(ref)
            elif attached.stdout.strip() == "0" and STALE in done.stderr:
                stuck.append(ref)
        if not stuck or time.monotonic() > deadline:
            return removed, stuck
        waiting = stuck
        time.sleep(1)


def stack_leftovers(name: str) -> list[str]:
    """Services, containers and networks still labelled with the swarm stack."""
    kinds = [["service", "ls"], ["ps", "-a"], ["network", "ls"]]
    return _labelled(f"com.docker.stack.namespace={name}", kinds, check=False)
