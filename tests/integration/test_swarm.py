"""The stack on Docker Swarm: every lesson replicated and healthy, nginx spreading students
over the replicas, containers as locked down as under compose, and a rolling update of one
lesson while the class goes on."""

import json
import threading
import time
from collections import Counter

import pytest
import requests

import figures
from harness.docker import docker
from harness.streamlit_ws import StreamlitSession
from repo_layout import LESSONS, OTHER_SERVICES
from swarm import REPLICAS, services

UPDATED = next(lesson for lesson in LESSONS if lesson.slug == "forms")


@pytest.fixture
def swarm(stack):
    if stack.deployment != "swarm":
        pytest.skip("needs the swarm deployment")
    return stack


def test_every_lesson_runs_its_replicas(swarm):
    replicas = services(swarm.project)
    for lesson in LESSONS:
        assert replicas[f"{swarm.project}_{lesson.slug}"] == f"{REPLICAS}/{REPLICAS}"
    assert replicas[f"{swarm.project}_teacher"] == "1/1"
    assert replicas[f"{swarm.project}_nginx"] == "1/1"
    assert replicas[f"{swarm.project}_checkin"] == "1/1"


def test_nginx_spreads_new_students_over_the_replicas(swarm, lesson):
    swarm.wait_for_spread(lesson.slug, REPLICAS)  # raises if it doesn't


def test_only_nginx_publishes_a_port(swarm):
    for name in services(swarm.project):
        ports = json.loads(docker("service", "inspect", "--format", "{{json .Endpoint.Ports}}", name).stdout)
        assert bool(ports) == name.endswith("_nginx"), name


def test_every_container_is_locked_down(swarm):
    label = f"label=com.docker.stack.namespace={swarm.project}"
    containers = docker("ps", "-q", "--filter", label).stdout.split()
    assert len(containers) == len(LESSONS) * REPLICAS + len(OTHER_SERVICES)
    images = set()
    for info in json.loads(docker("inspect", *containers).stdout):
        host = info["HostConfig"]
        name = info["Name"]
        assert host["ReadonlyRootfs"], name
        assert host["CapDrop"] == ["ALL"], name
        assert info["Config"]["User"] not in ("", "0", "root"), name
        assert host["Memory"] > 0, name
        assert host["NanoCpus"] > 0, name
        # Writable only in memory: /tmp (the store: /data, which it never saves to).
        assert [m["Type"] for m in info["Mounts"]] == ["tmpfs"], name
        images.add(info["Image"])
    # Swarm ignores security_opt (no-new-privileges): the images have no setuid program. Found
    # as root with the default capabilities, in a container of its own: the running one's root
    # has none, and can't read a folder of another user (e.g. the store's /var/lib/valkey).
    for image in images:
        find = ["--entrypoint", "find", image, "/", "-xdev", "-perm", "/6000", "-type", "f"]
        setuid = docker("run", "--rm", "-u", "0", "--network", "none", *find).stdout
        assert setuid == "", f"{image}: {setuid}"


class Classroom(threading.Thread):
    """Students who keep using every lesson but the one being updated (health and page
    through nginx), and new students who keep opening the updated one (a full script run
    over the websocket), counting what fails."""

    def __init__(self, base_url: str):
        super().__init__(daemon=True)
        self.base_url = base_url
        self.stop = threading.Event()
        self.requests = Counter()
        self.failures: list[str] = []
        self.new_sessions = Counter()

    def run(self) -> None:
        others = [lesson for lesson in LESSONS if lesson != UPDATED]
        while not self.stop.is_set():
            for lesson in others:
                for path in (f"/{lesson.slug}/", f"/{lesson.slug}/_stcore/health"):
                    try:
                        status = requests.get(self.base_url + path, timeout=10).status_code
                    except requests.RequestException as exc:
                        status = type(exc).__name__
                    self.requests[lesson.slug] += 1
                    if status != 200:
                        self.failures.append(f"{path}: {status}")
            try:
                with StreamlitSession(self.base_url, UPDATED.slug, timeout=15) as student:
                    outcome = student.run_script().status
            except Exception as exc:  # noqa: BLE001  (any failure of a new session counts)
                outcome = type(exc).__name__
            self.new_sessions[outcome] += 1


def test_a_rolling_update_keeps_the_class_going(swarm):
    service = f"{swarm.project}_{UPDATED.slug}"
    before = set(docker("service", "ps", "-q", "--filter", "desired-state=running", service).stdout.split())
    classroom = Classroom(swarm.base_url)
    classroom.start()
    started = time.monotonic()
    try:
        # A new release of one lesson: replicas replaced one at a time, each new one started
        # (and healthy) before an old one stops (compose.yaml's deploy.update_config).
        docker("service", "update", "--detach=false", "--env-add", "RERUNLAB_RELEASE=next", service)
        took = time.monotonic() - started
        time.sleep(2)  # the class goes on a moment after the update too
    finally:
        classroom.stop.set()
        classroom.join(timeout=60)

    after = set(docker("service", "ps", "-q", "--filter", "desired-state=running", service).stdout.split())
    assert before.isdisjoint(after)  # every replica was replaced ...
    assert len(after) == REPLICAS  # ... by as many
    state = docker("service", "inspect", "--format", "{{.UpdateStatus.State}}", service).stdout.strip()
    assert state == "completed"

    figures.report(
        "swarm rolling update of one lesson",
        f"{took:.0f} s; {sum(classroom.requests.values())} requests to the other lessons, "
        f"{len(classroom.failures)} failed; new sessions on the updated one: {dict(classroom.new_sessions)}",
    )
    assert sum(classroom.requests.values()) > 50
    assert classroom.failures == []  # the other lessons served throughout
    assert classroom.new_sessions["FINISHED_SUCCESSFULLY"] > 0
    # The updated lesson's new sessions work on the new replicas.
    with StreamlitSession(swarm.base_url, UPDATED.slug) as student:
        assert student.run_script().status == "FINISHED_SUCCESSFULLY"
    swarm.wait_for_spread(UPDATED.slug, REPLICAS)
