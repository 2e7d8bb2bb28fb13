"""nginx serves Streamlit's frontend (nginx/streamlit-frontend.conf): the very bytes, content
types and caching a lesson would answer with, never asking the lesson; and from the Streamlit
the lessons pin, so an upgrade can't leave an old frontend behind."""

import gzip
import hashlib
import json
import uuid

import pytest
import requests

from harness.docker import docker
from repo_layout import REPO, lesson_named

# Any lesson serves the same frontend (one pinned Streamlit); this one is quick to start.
LESSON = lesson_named("forms")

# What a lesson's own Python has: every frontend file with its hash, and its Streamlit version.
LESSON_FILES = """
import hashlib, json, pathlib, streamlit
root = pathlib.Path(streamlit.__file__).parent / "static"
print(json.dumps({
    "version": streamlit.__version__,
    "files": {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
              for p in sorted(root.rglob("*")) if p.is_file()},
}))
"""

# The headers a lesson itself answers with for one file (straight to its Streamlit, inside it).
LESSON_HEADERS = """
import json, sys, urllib.request
with urllib.request.urlopen(f"http://127.0.0.1:8501/{sys.argv[1]}/{sys.argv[2]}") as r:
    print(json.dumps({k.lower(): v for k, v in r.headers.items()}))
"""


@pytest.fixture
def lesson_frontend(owned_stack) -> dict:
    container = owned_stack.container_id(LESSON.slug)
    return json.loads(docker("exec", container, "python3", "-c", LESSON_FILES).stdout)


def served(stack, path: str, **headers) -> requests.Response:
    return requests.get(stack.url(f"/{LESSON.slug}/{path}"), headers=headers, timeout=10)


def test_nginx_serves_every_frontend_file_byte_for_byte(owned_stack, lesson_frontend):
    files = {path: digest for path, digest in lesson_frontend["files"].items() if path != "index.html"}
    assert len(files) > 100  # the bundle, its fonts and images
    different = []
    with requests.Session() as session:
        for path, digest in files.items():
            # Identity: the file itself, not a compressed copy.
            response = session.get(
                owned_stack.url(f"/{LESSON.slug}/{path}"), headers={"Accept-Encoding": "identity"}, timeout=10
            )
            if response.status_code != 200 or hashlib.sha256(response.content).hexdigest() != digest:
                different.append(f"{path}: {response.status_code}")
    assert not different, different[:10]


def test_the_frontend_comes_with_streamlits_own_headers_and_a_gzip_copy(owned_stack, lesson_frontend):
    container = owned_stack.container_id(LESSON.slug)
    samples = {}  # one file of each kind
    for path in lesson_frontend["files"]:
        kind = path.rsplit(".", 1)[-1]
        if path != "index.html":
            samples.setdefault(kind, path)
    samples["manifest"] = "manifest.json"  # revalidated, not immutable
    for path in samples.values():
        own = json.loads(docker("exec", container, "python3", "-c", LESSON_HEADERS, LESSON.slug, path).stdout)
        response = served(owned_stack, path, **{"Accept-Encoding": "identity"})
        assert response.headers["Content-Type"].lower() == own["content-type"].lower(), path
        assert response.headers["Cache-Control"] == own["cache-control"], path
        assert response.headers["X-Content-Type-Options"] == "nosniff", path  # the site's headers too
    script = next(path for path in lesson_frontend["files"] if path.endswith(".js"))
    raw = served(owned_stack, script, **{"Accept-Encoding": "identity"})
    assert "Content-Encoding" not in raw.headers  # must NOT send gzip to a client that didn't ask
    with requests.get(
        owned_stack.url(f"/{LESSON.slug}/{script}"),
        headers={"Accept-Encoding": "gzip"},
        stream=True,
        timeout=10,
    ) as packed:
        assert packed.headers.get("Content-Encoding") == "gzip"
        assert "Accept-Encoding" in packed.headers.get("Vary", "")
        compressed = packed.raw.read(decode_content=False)
    assert len(compressed) < len(raw.content)
    assert gzip.decompress(compressed) == raw.content  # the copy made at build is the same file


def test_a_frontend_request_never_reaches_the_lesson(owned_stack, lesson_frontend):
    probe = uuid.uuid4().hex
    script = next(path for path in lesson_frontend["files"] if path.endswith(".js"))
    for path in (script, "favicon.png", "manifest.json"):
        assert served(owned_stack, f"{path}?probe={probe}").status_code == 200
    page = f"?probe={probe}"
    assert served(owned_stack, page).status_code == 200  # the page itself: the lesson's
    upstreams = {path: address for path, address in owned_stack.upstream_log() if probe in path}
    assert upstreams[f"/{LESSON.slug}/{page}"] != "-"
    for path in (script, "favicon.png", "manifest.json"):
        assert upstreams[f"/{LESSON.slug}/{path}?probe={probe}"] == "-", path


def test_the_frontend_is_from_the_streamlit_the_lessons_pin(owned_stack, lesson_frontend):
    nginx = owned_stack.container_id("nginx")
    served_version = docker(
        "exec", nginx, "cat", "/usr/share/nginx/streamlit/.streamlit-version"
    ).stdout.strip()
    pins = (REPO / "apps" / "requirements.txt").read_text().splitlines()
    assert f"streamlit=={served_version}" in pins
    assert served_version == lesson_frontend["version"]
