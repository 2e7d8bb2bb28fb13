"""The shipped images: each lesson's AppTest suite inside it, and the lock-down compose applies."""

import re
import tomllib
from concurrent.futures import ThreadPoolExecutor

import pytest
import yaml

from deployments import only_an_owned_compose_stack
from figures import report
from harness.docker import docker, inspect
from repo_layout import LESSONS, OTHER_SERVICES, REPO

SUITE_TIMEOUT_S = 600
# The suites mostly wait (the lessons' deliberate sleeps: all 13, two at a time, took 123 s of
# CPU in 174 s), so three run at once; the longest (caching's, about 145 s) sets the pace.
SUITES_AT_ONCE = 3


def build_test_targets(stack, tmp_path) -> dict[str, str]:
    """Builds every lesson's `test` stage exactly as compose builds its runtime stage, in one
    build: its image tag per lesson.

    The same compose file, build arguments and builder (BuildKit, through compose) are
    used, with only the target changed by an override file, so the layers are shared.
    """
    tags = {lesson.slug: f"{stack.project}-{lesson.slug}-apptest" for lesson in LESSONS}
    override = tmp_path / "compose.apptest.yaml"
    services = {slug: {"build": {"target": "test"}, "image": tag} for slug, tag in tags.items()}
    override.write_text(yaml.safe_dump({"services": services}))
    docker(
        "compose",
        "-p",
        f"{stack.project}-apptest",
        "-f",
        "compose.yaml",
        "-f",
        str(override),
        "build",
        "--quiet",
        *tags,
        timeout=None,  # a build: pytest's own timeout bounds it
    )
    return tags


def run_suite(tag: str, slug: str) -> str:
    """What pytest printed running the lesson's AppTest suite in its test image, locked down as
    compose runs the lesson (a suite with a failing test raises DockerError with its output)."""
    return docker(
        "run",
        "--rm",
        "--read-only",
        "--tmpfs",
        "/tmp",
        "--cap-drop",
        "ALL",
        "--security-opt",
        "no-new-privileges:true",
        tag,
        "python3",
        "-m",
        "pytest",
        "-p",
        "no:cacheprovider",
        "-q",
        f"/app/tests/apptest/test_{slug.replace('-', '_')}.py",
        timeout=SUITE_TIMEOUT_S,
    ).stdout


@pytest.fixture(scope="module")
def suites_in_images(stack, tmp_path_factory):
    """Every lesson's suite started in its test image, SUITES_AT_ONCE at a time: for each
    lesson its test image's tag and the future of what pytest printed."""
    stack = only_an_owned_compose_stack(stack)
    tags = build_test_targets(stack, tmp_path_factory.mktemp("apptest-images"))
    try:
        with ThreadPoolExecutor(max_workers=SUITES_AT_ONCE, thread_name_prefix="suite") as pool:
            yield {slug: (tag, pool.submit(run_suite, tag, slug)) for slug, tag in tags.items()}
            pool.shutdown(cancel_futures=True)  # a run cut short: start no suite nobody waits for
    finally:
        docker("image", "rm", "-f", *tags.values(), check=False)


PASSED_INSIDE: dict[str, int] = {}  # lesson: its AppTest tests that passed inside its image


def test_lesson_apptest_suite_passes_inside_its_image(owned_stack, suites_in_images, lesson):
    tag, suite = suites_in_images[lesson.slug]
    # The test image is the very image compose runs, plus pytest on top: same layers.
    runtime_layers = inspect(inspect(owned_stack.container_id(lesson.slug))["Image"])["RootFS"]["Layers"]
    assert inspect(tag)["RootFS"]["Layers"][: len(runtime_layers)] == runtime_layers
    output = suite.result()
    summary = output.strip().splitlines()[-1]
    passed = re.match(r"(\d+) passed", summary)
    assert passed, output[-3000:]
    assert not re.search(r"failed|error", summary), output[-3000:]
    PASSED_INSIDE[lesson.slug] = int(passed[1])
    report(
        "AppTest tests passed inside the lesson images (their host copies not run again)",
        f"{sum(PASSED_INSIDE.values())} in {len(PASSED_INSIDE)} of {len(LESSONS)} suites",
    )


def test_the_runtime_image_has_no_test_tools(owned_stack):
    container = owned_stack.container_id(LESSONS[0].slug)
    assert docker("exec", container, "python3", "-c", "import pytest", check=False).returncode != 0


def test_the_lesson_package_is_installed_in_the_image_not_reached_by_a_path(owned_stack):
    container = owned_stack.container_id(LESSONS[0].slug)
    env = inspect(container)["Config"]["Env"]
    assert not [var for var in env if var.startswith("PYTHONPATH=")], env
    where = docker(
        "exec",
        container,
        "python3",
        "-c",
        "import importlib.metadata as m, rerunlab.catalog as c, rerunlab.lessonkit as k;"
        "print(m.version('rerun-lab'), c.CATALOG_PATH, k.__file__)",
    ).stdout.split()
    assert where[0] == tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["version"]
    # Installed into the venv's site-packages, with the catalog as package data.
    for path in where[1:]:
        assert path.startswith("/opt/venv/lib/"), where
        assert "/site-packages/rerunlab/" in path, where


def test_the_lessons_python_has_no_ast_parse_race(owned_stack):
    # CPython gh-106905 (fixed in 3.11.5 and 3.12): concurrent ast.parse, as st.echo does on
    # every run of every session, raised "SystemError: AST constructor recursion depth
    # mismatch" on the page (Debian 12's 3.11.2, the old offline stand-in).
    version = docker(
        "exec",
        owned_stack.container_id(LESSONS[0].slug),
        "python3",
        "-c",
        "import sys; print(*sys.version_info[:3])",
    ).stdout.split()
    assert tuple(map(int, version)) >= (3, 11, 5), version


@pytest.mark.parametrize("service", [LESSONS[0].slug, "teacher"])
def test_lessons_start_through_rerunlab_serve(owned_stack, service):
    # `streamlit run` with TCP_NODELAY on its connections (apps/rerunlab/serve.py).
    command = docker("exec", owned_stack.container_id(service), "cat", "/proc/1/cmdline").stdout.split("\0")
    assert command[:3] == ["python3", "-m", "rerunlab.serve"], command


@pytest.mark.parametrize("service", [*[lesson.slug for lesson in LESSONS], *OTHER_SERVICES])
def test_every_container_is_locked_down(owned_stack, service):
    info = inspect(owned_stack.container_id(service))
    host = info["HostConfig"]
    assert info["Config"]["User"] not in ("", "0", "root"), "runs as root"
    uid = docker("exec", info["Id"], "id", "-u").stdout.strip()
    assert uid != "0"
    assert host["ReadonlyRootfs"] is True
    assert host["CapDrop"] == ["ALL"]
    assert not host["CapAdd"]
    assert "no-new-privileges:true" in host["SecurityOpt"]
    assert host["Memory"] > 0
    assert host["NanoCpus"] > 0
    assert host["RestartPolicy"]["Name"] == "unless-stopped"
    assert info["State"]["Health"]["Status"] == "healthy"
    published = {port: bindings for port, bindings in (host["PortBindings"] or {}).items() if bindings}
    assert bool(published) == (service == "nginx"), "only nginx may publish a port"
