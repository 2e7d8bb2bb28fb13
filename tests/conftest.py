"""Shared by every suite: the repository's layout and the catalog of lessons.

Any test that takes a ``lesson`` argument runs once per lesson in apps/rerunlab/catalog.toml.
"""

import pytest

import figures
from deployments import owned_stack, second_nginx, stack  # noqa: F401  (fixtures for the stack suites)
from repo_layout import LESSONS
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
