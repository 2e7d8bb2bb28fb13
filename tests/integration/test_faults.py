"""Faults survived, each with a measured outcome: a lesson's process killed, a lesson over
its memory limit. Meanwhile clients keep using every other lesson, and not one of their
requests fails.

A crash is simulated with SIGKILL to the lesson's main process from the host (the tests run
as root, like CI). `docker kill` itself would not do: Docker counts it as a manual stop, and
no restart policy brings a container back after a manual stop.
(nginx restarting under open sessions, and a script error, are in tests/browser/test_student_faults.py.)"""

import os
import signal
import threading
import time
from collections import Counter

import requests

from figures import report
from harness.docker import docker, inspect_format
from harness.streamlit_ws import StreamlitSession
from repo_layout import LESSONS, lesson_named

# Killed and brought back while the others are used. Any lesson would do; one is named so
# that adding a lesson to the catalog doesn't change which.
VICTIM = lesson_named("caching")
OTHERS = [lesson for lesson in LESSONS if lesson is not VICTIM]
CGROUP_V2_USAGE = "/sys/fs/cgroup/memory.current"
CGROUP_V1_USAGE = "/sys/fs/cgroup/memory/memory.usage_in_bytes"


class Classroom(threading.Thread):
    """Clients using the other lessons the whole time: page loads and health checks, about
    20 requests a second (a busy class; nginx's per-address limit is far above it)."""

    def __init__(self, stack):
        super().__init__(daemon=True)
        self.stack, self.running, self.results = stack, True, Counter()

    def run(self):
        with requests.Session() as client:
            while self.running:
                for lesson in OTHERS:
                    for path in (lesson.path, f"/{lesson.slug}/_stcore/health"):
                        try:
                            status = client.get(self.stack.url(path), timeout=5).status_code
                        except requests.RequestException as exc:
                            status = type(exc).__name__
                        self.results[status] += 1
                        time.sleep(0.05)

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.running = False
        self.join()


def wait_until_healthy_through_nginx(stack, lesson, timeout=90) -> tuple[float, set]:
    """Seconds until the lesson answers again, and what the students got in the meantime."""
    started, seen = time.monotonic(), set()
    while time.monotonic() - started < timeout:
        try:
            response = requests.get(stack.url(f"/{lesson.slug}/_stcore/health"), timeout=2)
            if response.status_code == 200 and response.text == "ok":
                return time.monotonic() - started, seen
            page = requests.get(stack.url(lesson.path), timeout=2)
            seen.add((page.status_code, "is restarting" in page.text))
        except requests.RequestException as exc:
            seen.add(type(exc).__name__)
        time.sleep(0.2)
    raise AssertionError(f"{lesson.slug} not back after {timeout} s; students saw {seen}")


def test_a_killed_lesson_restarts_by_itself_and_no_other_request_fails(owned_stack):
    container = owned_stack.container_id(VICTIM.slug)
    restarts = int(inspect_format(container, "{{.RestartCount}}"))
    with Classroom(owned_stack) as classroom:
        time.sleep(1)  # the classroom is busy before the fault
        os.kill(int(inspect_format(container, "{{.State.Pid}}")), signal.SIGKILL)  # the lesson crashes
        recovery, seen = wait_until_healthy_through_nginx(owned_stack, VICTIM)
        time.sleep(1)
    assert int(inspect_format(container, "{{.RestartCount}}")) == restarts + 1  # Docker restarted it
    assert (502, True) in seen  # meanwhile its students saw its "restarting" page
    assert set(classroom.results) == {200}, classroom.results  # not one failure elsewhere
    report(
        "recovery after a lesson's process is killed (s)",
        f"{recovery:.1f} (meanwhile {classroom.results[200]} requests to the other lessons, 0 failed)",
    )


def test_a_lesson_over_its_memory_limit_is_killed_and_restarted(owned_stack):
    container = owned_stack.container_id(VICTIM.slug)
    memory, swap = inspect_format(container, "{{.HostConfig.Memory}} {{.HostConfig.MemorySwap}}").split()
    usage = int(
        docker(
            "exec", container, "sh", "-c", f"cat {CGROUP_V2_USAGE} 2>/dev/null || cat {CGROUP_V1_USAGE}"
        ).stdout
    )
    tight = str(usage + 4 * 1024 * 1024)  # the lesson's next script runs need more than this
    with Classroom(owned_stack) as classroom:
        docker("update", "--memory", tight, "--memory-swap", tight, container)
        try:
            deadline = time.monotonic() + 60
            while inspect_format(container, "{{.State.OOMKilled}}") != "true" and time.monotonic() < deadline:
                try:
                    with StreamlitSession(owned_stack.base_url, VICTIM.slug, timeout=10) as student:
                        student.run_script()
                except Exception:  # noqa: BLE001 - the lesson is meant to die under us
                    time.sleep(0.2)
            assert inspect_format(container, "{{.State.OOMKilled}}") == "true"
        finally:
            docker("update", "--memory", memory, "--memory-swap", swap, container)
        recovery, _ = wait_until_healthy_through_nginx(owned_stack, VICTIM)
    assert set(classroom.results) == {200}, classroom.results
    report("recovery after out-of-memory kill (s)", f"{recovery:.1f}")
