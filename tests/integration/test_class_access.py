"""Who can open what: optional class and teacher passwords, the configured class address,
settings refused at start, lesson metrics kept internal.

The default stack has no passwords; the password cases run a second nginx, from the very
image the stack runs, in front of the same lessons with the passwords in its environment."""

import json
import subprocess
import time

import pytest
import requests

CLASS_PASSWORD = "rerun-class-pw"
TEACHER_PASSWORD = "rerun-teacher-pw"
STUDENT = ("student", CLASS_PASSWORD)
TEACHER = ("teacher", TEACHER_PASSWORD)


def docker(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(["docker", *args], capture_output=True, text=True, check=check)


def nginx_image(stack) -> str:
    return json.loads(docker("inspect", stack.container_id("nginx")).stdout)[0]["Image"]


@pytest.fixture
def second_nginx(owned_stack):
    """Starts nginx from the stack's image on the stack's network; yields its base URL."""
    started = []

    def start(**env: str) -> str:
        flags = [arg for name, value in env.items() for arg in ("-e", f"{name}={value}")]
        container = docker(
            "run",
            "-d",
            "--network",
            f"{owned_stack.project}_default",
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
        for _ in range(50):  # until nginx answers its own health check
            try:
                if requests.get(f"{url}/healthz", timeout=1).status_code == 200:
                    return url
            except requests.RequestException:
                pass
            time.sleep(0.2)
        raise AssertionError(docker("logs", container, check=False).stderr)

    yield start
    for container in started:
        docker("rm", "-f", container, check=False)


def test_no_password_by_default(stack):
    assert requests.get(stack.url("/"), timeout=5).status_code == 200
    assert requests.get(stack.url("/teacher/"), timeout=5).status_code == 200


def test_class_password_protects_the_whole_site_but_not_healthz(second_nginx):
    url = second_nginx(RERUNLAB_CLASS_PASSWORD=CLASS_PASSWORD)
    for path in ["/", "/forms/", "/forms/_stcore/health", "/teacher/", "/_lab/lab.css"]:
        assert requests.get(url + path, timeout=5).status_code == 401, path
        assert requests.get(url + path, auth=("student", "wrong"), timeout=5).status_code == 401, path
        assert requests.get(url + path, auth=STUDENT, timeout=5).status_code == 200, path
    assert requests.get(url + "/healthz", timeout=5).status_code == 200  # Docker's health check


def test_teacher_password_keeps_students_out_of_the_dashboard(second_nginx):
    url = second_nginx(RERUNLAB_CLASS_PASSWORD=CLASS_PASSWORD, RERUNLAB_TEACHER_PASSWORD=TEACHER_PASSWORD)
    assert requests.get(url + "/teacher/", timeout=5).status_code == 401
    assert requests.get(url + "/teacher/", auth=STUDENT, timeout=5).status_code == 401
    assert requests.get(url + "/teacher/", auth=TEACHER, timeout=5).status_code == 200
    assert requests.get(url + "/forms/", auth=STUDENT, timeout=5).status_code == 200


def test_teacher_password_alone_leaves_the_lessons_open(second_nginx):
    url = second_nginx(RERUNLAB_TEACHER_PASSWORD=TEACHER_PASSWORD)
    assert requests.get(url + "/forms/", timeout=5).status_code == 200
    assert requests.get(url + "/teacher/", timeout=5).status_code == 401
    assert requests.get(url + "/teacher/", auth=TEACHER, timeout=5).status_code == 200


def test_the_configured_class_address_is_served_to_the_landing_page(stack, second_nginx):
    assert requests.get(stack.url("/_lab/class.json"), timeout=5).json() == {"public_url": ""}
    url = second_nginx(RERUNLAB_PUBLIC_URL="http://192.0.2.10:8080")
    assert requests.get(url + "/_lab/class.json", timeout=5).json() == {
        "public_url": "http://192.0.2.10:8080/"
    }


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("RERUNLAB_PUBLIC_URL", "192.168.1.20:8080"),
        ("RERUNLAB_PUBLIC_URL", "http://evil.example/'; return 200 'x"),
        ("RERUNLAB_CLASS_PASSWORD", "abc"),
        ("RERUNLAB_TEACHER_PASSWORD", "x"),
    ],
)
def test_a_wrong_setting_stops_nginx_with_a_message_naming_it(owned_stack, variable, value):
    result = docker("run", "--rm", "-e", f"{variable}={value}", nginx_image(owned_stack), check=False)
    assert result.returncode == 64
    assert variable in result.stderr


def test_lesson_metrics_are_not_public(stack, lesson):
    assert requests.get(stack.url(f"/{lesson.slug}/_stcore/metrics"), timeout=5).status_code == 404
