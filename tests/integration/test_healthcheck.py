"""The lesson image's health check (docker/lesson-healthcheck.py), run as Docker runs it, in the very
image compose runs, against a stand-in for a lesson's server that starts late or never."""

import runpy

import pytest

from harness.docker import docker, inspect
from repo_layout import LESSONS, REPO, lesson_named

LESSON = lesson_named("forms")  # any lesson: they share the check
# A stand-in for Streamlit's server: it binds port 8501 only after STARTS_AFTER_S, as a lesson
# still starting does, then answers the health path as Streamlit does ("ok", HTTP/1.1).
STARTS_AFTER_S = 2.0
LATE_SERVER = f"""
import http.server, os, time
time.sleep({STARTS_AFTER_S})
class Health(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def do_GET(self):
        ok = self.path == f"/{{os.environ['LESSON']}}/_stcore/health"
        body = b"ok" if ok else b"not found"
        self.send_response(200 if ok else 404)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)
        self.close_connection = True
http.server.HTTPServer(("127.0.0.1", 8501), Health).serve_forever()
"""

CONNECT = "import socket; socket.create_connection(('127.0.0.1', 8501), 1)"


@pytest.fixture
def lesson_image(owned_stack) -> str:
    return owned_stack.image_of(LESSON.slug)


def run(image: str, *command: str) -> str:
    """A locked-down container of the lesson image running `command` instead of Streamlit."""
    return docker(
        "run", "-d", "--read-only", "--cap-drop", "ALL", "--network", "none",
        "--entrypoint", command[0], image, *command[1:],
    ).stdout.strip()  # fmt: skip


def check(container: str, image: str):
    """The image's own HEALTHCHECK command, run inside the container as Docker runs it."""
    command = inspect(image)["Config"]["Healthcheck"]["Test"]
    assert command[0] == "CMD", command
    return docker("exec", container, *command[1:], check=False)


def test_a_check_waits_for_a_lesson_still_starting(lesson_image):
    container = run(lesson_image, "python3", "-c", LATE_SERVER)
    try:
        # Nothing listens yet (as when Docker's first check finds Streamlit still starting) ...
        probe = docker("exec", container, "python3", "-c", CONNECT, check=False)
        assert "refused" in probe.stderr, probe.stderr
        # ... and the check passes once it does. Must NOT happen: failing at once (that costs
        # a whole interval, 3 s, until Docker's next check).
        done = check(container, lesson_image)
        assert done.returncode == 0, done.stdout + done.stderr
    finally:
        docker("rm", "-f", container, check=False)


def test_a_check_fails_when_nothing_answers(lesson_image):
    container = run(lesson_image, "sleep", "60")
    try:
        done = check(container, lesson_image)
        assert done.returncode != 0
        assert f"unhealthy: /{LESSON.slug}/_stcore/health" in done.stderr, done.stderr
    finally:
        docker("rm", "-f", container, check=False)


def test_the_check_gives_up_before_dockers_timeout(owned_stack):
    """A check still running at its timeout is killed and counted as failed by Docker, whatever
    it would have said: its waiting stops well before, in every container that runs it (with
    the timeout compose.yaml gives them)."""
    wait_s = runpy.run_path(str(REPO / "docker" / "lesson-healthcheck.py"))["WAIT_S"]  # not run as __main__
    for service in [*(lesson.slug for lesson in LESSONS), "teacher"]:
        healthcheck = inspect(owned_stack.container_id(service))["Config"]["Healthcheck"]
        assert healthcheck["Test"][-1] == "/usr/local/bin/lesson-healthcheck", (service, healthcheck)
        timeout_s = healthcheck["Timeout"] / 1e9
        assert 0 < wait_s <= timeout_s - 0.2, (service, wait_s, timeout_s)
