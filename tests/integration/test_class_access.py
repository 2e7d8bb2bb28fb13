"""Who can open what: the teacher's password (made at start unless set), the optional class
password, the configured class address, settings refused at start, lesson metrics kept internal.

The default stack has no class password and a teacher password nginx made at start; the
password cases run a second nginx, from the very image the stack runs, in front of the same
lessons with the passwords in its environment."""

import re

import pytest
import requests
from websockets.exceptions import InvalidStatus

from deployments import nginx_image
from harness.docker import docker
from harness.streamlit_ws import StreamlitSession

CLASS_PASSWORD = "rerun-class-pw"
TEACHER_PASSWORD = "rerun-teacher-pw"
STUDENT = ("student", CLASS_PASSWORD)
TEACHER = ("teacher", TEACHER_PASSWORD)


def test_students_need_no_password_by_default(stack):
    assert requests.get(stack.url("/"), timeout=5).status_code == 200
    assert requests.get(stack.url("/forms/"), timeout=5).status_code == 200


# Every way into the teacher's server: its page, its files, and its websocket, through which
# the dashboard shows the class's answers and "New class" clears them.
TEACHER_PATHS = ["/teacher/", "/teacher/_stcore/health", "/teacher/_stcore/host-config"]


@pytest.mark.parametrize("path", TEACHER_PATHS)
def test_the_teacher_pages_are_the_teachers_by_default(stack, path):
    assert requests.get(stack.url(path), timeout=5).status_code == 401
    assert requests.get(stack.url(path), auth=("teacher", "wrong"), timeout=5).status_code == 401
    assert requests.get(stack.url(path), auth=stack.teacher_auth(), timeout=5).status_code == 200


def test_a_student_cannot_open_the_teachers_websocket(stack):
    with pytest.raises(InvalidStatus) as refused, StreamlitSession(stack.base_url, "teacher", timeout=10):
        pass
    assert refused.value.response.status_code == 401


def test_each_start_makes_its_own_teacher_password_and_says_it(second_nginx):
    """Not baked into the image: two nginx from the same image make different passwords."""
    said = []
    for _ in range(2):
        extra = second_nginx()
        log = docker("logs", extra.container).stdout
        made = re.findall(r"user teacher, password ([a-z0-9]{12}) \(made at this start", log)
        assert made, log
        said.append(made[0])
        assert requests.get(extra.url + "/teacher/", timeout=5).status_code == 401
        assert requests.get(extra.url + "/teacher/", auth=("teacher", said[-1]), timeout=5).status_code == 200
    assert said[0] != said[1]


def test_class_password_protects_the_whole_site_but_not_healthz(second_nginx):
    url = second_nginx(RERUNLAB_CLASS_PASSWORD=CLASS_PASSWORD).url
    for path in ["/", "/forms/", "/forms/_stcore/health", "/_lab/lab.css"]:
        assert requests.get(url + path, timeout=5).status_code == 401, path
        assert requests.get(url + path, auth=("student", "wrong"), timeout=5).status_code == 401, path
        assert requests.get(url + path, auth=STUDENT, timeout=5).status_code == 200, path
    # Must NOT happen: the class password opening the teacher's pages.
    assert requests.get(url + "/teacher/", auth=STUDENT, timeout=5).status_code == 401
    assert requests.get(url + "/healthz", timeout=5).status_code == 200  # Docker's health check


def test_teacher_password_keeps_students_out_of_the_dashboard(second_nginx):
    url = second_nginx(RERUNLAB_CLASS_PASSWORD=CLASS_PASSWORD, RERUNLAB_TEACHER_PASSWORD=TEACHER_PASSWORD).url
    assert requests.get(url + "/teacher/", timeout=5).status_code == 401
    assert requests.get(url + "/teacher/", auth=STUDENT, timeout=5).status_code == 401
    assert requests.get(url + "/teacher/", auth=TEACHER, timeout=5).status_code == 200
    assert requests.get(url + "/forms/", auth=STUDENT, timeout=5).status_code == 200


def test_teacher_password_alone_leaves_the_lessons_open(second_nginx):
    url = second_nginx(RERUNLAB_TEACHER_PASSWORD=TEACHER_PASSWORD).url
    assert requests.get(url + "/forms/", timeout=5).status_code == 200
    assert requests.get(url + "/teacher/", timeout=5).status_code == 401
    assert requests.get(url + "/teacher/", auth=TEACHER, timeout=5).status_code == 200


def test_the_configured_class_address_is_served_to_the_landing_page(stack, second_nginx):
    assert requests.get(stack.url("/_lab/class.json"), timeout=5).json() == {"public_url": ""}
    url = second_nginx(RERUNLAB_PUBLIC_URL="http://192.0.2.10:8080").url
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
        ("RERUNLAB_MAX_CONNECTIONS_PER_IP", "65536"),
        ("RERUNLAB_MAX_WEBSOCKETS_PER_IP", "0"),
        ("RERUNLAB_MAX_REQUESTS_PER_IP", "lots"),
    ],
)
def test_a_wrong_setting_stops_nginx_with_a_message_naming_it(owned_stack, variable, value):
    result = docker("run", "--rm", "-e", f"{variable}={value}", nginx_image(owned_stack), check=False)
    assert result.returncode == 64
    assert variable in result.stderr


def test_lesson_metrics_are_not_public(stack, lesson):
    assert requests.get(stack.url(f"/{lesson.slug}/_stcore/metrics"), timeout=5).status_code == 404
