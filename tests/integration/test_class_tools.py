"""The instructor's host-side commands: scripts/class-url, and the offline bundle's full
round trip (save → remove the images → load → up → healthy)."""

import os
import re
import subprocess
import time

import pytest
import requests

from harness.docker import leftovers
from repo_layout import LESSONS, REPO


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
    project = {"COMPOSE_PROJECT_NAME": owned_stack.project, **owned_stack.env}  # env has RERUNLAB_IMAGES
    archive = tmp_path / "class.tar.gz"
    saved = run("scripts/bundle-save", str(archive), **project)
    assert saved.returncode == 0, saved.stderr[-3000:]
    assert "[1/" in saved.stdout  # progress, image by image
    assert (tmp_path / "class.tar.gz.sha256").is_file()

    images = run("docker", "compose", "config", "--images", **project).stdout.split()
    assert len(images) == len(LESSONS) + 2  # the lessons, the teacher dashboard, nginx
    owned_stack.compose("down", "--timeout", "5")
    assert leftovers(owned_stack.project) == []  # down leaves no container, network or volume
    removed = run("docker", "image", "rm", "--force", *images)
    assert removed.returncode == 0, removed.stderr
    assert run("docker", "image", "inspect", images[0]).returncode != 0  # really gone

    loaded = run("scripts/bundle-load", str(archive), **project)
    assert loaded.returncode == 0, loaded.stdout[-2000:] + loaded.stderr[-3000:]
    assert loaded.stdout.count("Loaded image") == len(images)
    for lesson in LESSONS:
        health = requests.get(owned_stack.url(f"/{lesson.slug}/_stcore/health"), timeout=5)
        assert (health.status_code, health.text) == (200, "ok")


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
    deadline = time.monotonic() + 60  # the lessons are healthy: nginx checks them once a second
    while ready not in (logs := owned_stack.compose("logs", "--no-color", "nginx").stdout):
        assert time.monotonic() < deadline, logs[-2000:]
        time.sleep(1)
    assert logs.count(ready) == 1
    # Said once, not per lesson; and no Streamlit start banner with addresses that don't work
    # (a lesson's port isn't published).
    lessons = owned_stack.compose("logs", "--no-color", *[lesson.slug for lesson in LESSONS]).stdout
    assert "You can now view your Streamlit app" not in lessons
    assert not re.search(r"https?://\S+:8501", lessons)
