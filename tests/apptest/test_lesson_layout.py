"""Every lesson has the same shape: six sections in order, counter, timeline, no error."""

import pytest

from apptest_helpers import full_runs, timeline
from repo_layout import LESSONS
from rerunlab.lessonkit import SECTIONS


@pytest.mark.parametrize("slug", [lesson.slug for lesson in LESSONS])
def test_lesson_has_the_six_sections_in_order(open_lesson, slug):
    at = open_lesson(slug)
    assert not at.exception
    headers = [h.value for h in at.header]
    assert headers == [f"{i} · {title}" for i, title in enumerate(SECTIONS.values(), start=1)]
    assert full_runs(at) == 1
    assert timeline(at)[0].startswith("**#1**")
    assert "initial load" in timeline(at)[0]
    assert at.title[0].value == next(lesson.title for lesson in LESSONS if lesson.slug == slug)
