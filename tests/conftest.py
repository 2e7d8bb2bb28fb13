"""Shared by every suite: the repository's layout and the catalog of lessons.

Any test that takes a ``lesson`` argument runs once per lesson in apps/rerunlab/catalog.toml.
"""

import os

import pytest

import figures
from deployments import clean_slate, owned_stack, second_nginx, stack  # noqa: F401  (fixtures for the stack suites)
from repo_layout import LESSONS, REPO
from rerunlab.catalog import Lesson


@pytest.fixture(params=LESSONS, ids=[lesson.slug for lesson in LESSONS])
def lesson(request) -> Lesson:
    return request.param


def pytest_terminal_summary(terminalreporter):
    """Prints the figures the tests measured (see tests/figures.py)."""
    lines = figures.summary_lines()
    if lines:
        terminalreporter.section("measured figures")
        for line in lines:
            terminalreporter.write_line(line)


def pytest_collection_modifyitems(config, items):
    in_images = lessons_tested_inside_their_images(items)
    dropped = {item for item in items if swarm_repeat_of_the_same_image(item) or item.path in in_images}
    if dropped:
        config.hook.pytest_deselected(items=[item for item in items if item in dropped])
        items[:] = [item for item in items if item not in dropped]


def swarm_repeat_of_the_same_image(item) -> bool:
    """A lesson's behaviour in the browser (marked lesson_behaviour) and what each page holds
    (page_content) are tested in the Compose pass: the Swarm pass runs the very same images,
    so what it can break is the way there (nginx to the replicas, affinity, restarts, headers),
    which the unmarked browser tests and tests/integration cover under both.
    RERUNLAB_SWARM_LESSONS=1 runs them under Swarm too."""
    if os.environ.get("RERUNLAB_SWARM_LESSONS") == "1":
        return False
    on_swarm = getattr(item, "callspec", None) and item.callspec.params.get("stack") == "swarm"
    same_everywhere = any(item.get_closest_marker(name) for name in ("lesson_behaviour", "page_content"))
    return bool(on_swarm) and same_everywhere


def lessons_tested_inside_their_images(items) -> set:
    """The host's AppTest suites (tests/apptest/test_<lesson>.py) that this run also runs inside
    the lesson's image under Compose (tests/integration/test_images.py): a suite runs once, in
    the Python and packages that ship. `./tests/run.sh tests/apptest` runs them all here."""
    return {
        REPO / "tests" / "apptest" / f"test_{item.callspec.params['lesson'].slug.replace('-', '_')}.py"
        for item in items
        if item.originalname == "test_lesson_apptest_suite_passes_inside_its_image"
        and item.callspec.params.get("stack") == "compose"
    }
