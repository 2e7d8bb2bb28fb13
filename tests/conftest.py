"""Shared by every suite: the repository's layout and the catalog of lessons.

Any test that takes a ``lesson`` argument runs once per lesson in apps/catalog.toml.
"""

import pytest

from catalog import Lesson
from repo_layout import LESSONS
from stack import owned_stack, stack  # noqa: F401  (fixtures for tests/integration and tests/browser)


@pytest.fixture(params=LESSONS, ids=[lesson.slug for lesson in LESSONS])
def lesson(request) -> Lesson:
    return request.param


@pytest.fixture(scope="session")
def lessons() -> list[Lesson]:
    return LESSONS
