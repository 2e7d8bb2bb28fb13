"""The instructor's host-side commands: scripts/class-url, and the offline bundle's full
round trip (save → remove the images → load → up → healthy)."""

import os
import re
import subprocess
import time

import pytest
import requests

from deployments import free_port, without_stuck_networks
from harness.docker import docker, inspect_format
from harness.stack import Stack, local_url, own_settings
from host_network import wait_for_host_network_to_settle
from repo_layout import LESSONS, OTHER_SERVICES, REPO


def run(*command: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        command, cwd=REPO, capture_output=True, text=True, env={**os.environ, **env}, timeout=600
    )


def test_class_url_prints_the_lan_address_and_a_qr_code(owned_stack):
    result = run("python3", "scripts/class-url", RERUNLAB_PORT="8123", RERUNLAB_IMAGES=owned_stack.project)
    assert result.returncode == 0, result.stderr
    assert ":8123/" in result.stdout
    assert "127.0.0.1" not in result.stdout  # a LAN address, not loopback
    assert result.stdout.count("█") > 100  # the QR code, drawn by segno in the teacher image


def test_class_url_tells_the_teacher_the_password_nginx_made(owned_stack):
    port = owned_stack.env["RERUNLAB_PORT"]
    result = run("python3", "scripts/class-url", RERUNLAB_PORT=port, RERUNLAB_IMAGES=owned_stack.project)
    _, password = owned_stack.teacher_auth()
    assert f":{port}/teacher/" in result.stdout
    assert f"user teacher, password {password} (made when nginx started)" in result.stdout


def test_class_url_prefers_the_configured_public_url(owned_stack):
    result = run(
        "python3",
        "scripts/class-url",
        RERUNLAB_PUBLIC_URL="http://192.0.2.10:8080",
        RERUNLAB_IMAGES=owned_stack.project,
    )
    assert "http://192.0.2.10:8080/" in result.stdout
    assert result.returncode == 0


@pytest.mark.parametrize(
    ("setting", "warning"),
    [
        ({"RERUNLAB_BIND": "127.0.0.1"}, "nginx only listens on this computer"),
        ({"RERUNLAB_PUBLIC_URL": "http://localhost:8080/"}, "points at this computer itself"),
    ],
)
def test_class_url_warns_about_addresses_students_cannot_reach(setting, warning):
    result = run("python3", "scripts/class-url", **setting)
    assert result.returncode == 1
    assert warning in result.stderr


def test_offline_bundle_round_trip(owned_stack, tmp_path):
    # Under a project and image names of its own, so that whatever fails here (a slow load, a
    # lesson that starts late) cannot stop the stack or remove the images the other tests use.
    port = free_port()
    bundle = Stack(
        local_url(port),
        project=f"{owned_stack.project}-bundle",
        env=own_settings(f"{owned_stack.project}-bundle", port),
        after_containers_change=wait_for_host_network_to_settle,
    )
    project = {"COMPOSE_PROJECT_NAME": bundle.project, **bundle.env}  # env has RERUNLAB_IMAGES
    images = bundle.compose("config", "--images").stdout.split()
    assert len(images) == len(LESSONS) + len(OTHER_SERVICES)
    # The very images the shared stack runs, under this project's names ("<prefix>-<service>:tag";
    # `config --images` lists them in no fixed order).
    shared_prefix, prefix = owned_stack.env["RERUNLAB_IMAGES"], bundle.env["RERUNLAB_IMAGES"]
    for built in owned_stack.compose("config", "--images").stdout.split():
        docker("tag", built, prefix + built.removeprefix(shared_prefix))
    assert all(run("docker", "image", "inspect", name).returncode == 0 for name in images)
    try:
        archive = tmp_path / "class.tar.gz"
        saved = run("scripts/bundle-save", str(archive), **project)
        assert saved.returncode == 0, saved.stdout[-2000:] + saved.stderr[-3000:]
        assert "== building" not in saved.stdout  # nothing was missing
        assert "[1/" in saved.stdout  # progress, image by image
        assert (tmp_path / "class.tar.gz.sha256").is_file()

        removed = run("docker", "image", "rm", *images)  # the names; the shared stack's stay
        assert removed.returncode == 0, removed.stderr
        assert run("docker", "image", "inspect", images[0]).returncode != 0  # really gone

        loaded = run("scripts/bundle-load", str(archive), **project)
        wait_for_host_network_to_settle()
        told = loaded.stdout[-2000:] + loaded.stderr[-3000:]
        assert loaded.returncode == 0, told + bundle.logs(tail=20)[-4000:]
        assert loaded.stdout.count("Loaded image") == len(images)
        for lesson in LESSONS:
            health = requests.get(bundle.url(f"/{lesson.slug}/_stcore/health"), timeout=5)
            assert (health.status_code, health.text) == (200, "ok")
    finally:
        bundle.down()
        run("docker", "image", "rm", *images)
    assert without_stuck_networks(bundle.leftovers()) == []  # no container, network or volume


def test_a_damaged_bundle_is_refused_before_loading_anything(tmp_path):
    archive = tmp_path / "class.tar.gz"
    archive.write_bytes(b"not really an archive")
    (tmp_path / "class.tar.gz.sha256").write_text(f"{'0' * 64}  class.tar.gz\n")
    result = run("scripts/bundle-load", str(archive))
    assert result.returncode == 65
    assert "doesn't match its checksum" in result.stderr
    assert "Loaded image" not in result.stdout


def test_the_stack_says_where_the_class_goes_once_every_lesson_answers(owned_stack):
    port = owned_stack.env["RERUNLAB_PORT"]
    ready = f"rerun-lab: ready. On this computer open http://localhost:{port}/"
    # Since nginx last started: an earlier test may have restarted it (test_student_faults).
    started = inspect_format(owned_stack.container_id("nginx"), "{{.State.StartedAt}}")
    deadline = time.monotonic() + 60  # the lessons are healthy: nginx checks them once a second
    while ready not in (
        logs := owned_stack.compose("logs", "--no-color", "--since", started, "nginx").stdout
    ):
        assert time.monotonic() < deadline, logs[-2000:]
        time.sleep(1)
    assert logs.count(ready) == 1
    # Said once, not per lesson; and no Streamlit start banner with addresses that don't work
    # (a lesson's port isn't published).
    lessons = owned_stack.compose("logs", "--no-color", *[lesson.slug for lesson in LESSONS]).stdout
    assert "You can now view your Streamlit app" not in lessons
    assert not re.search(r"https?://\S+:8501", lessons)
