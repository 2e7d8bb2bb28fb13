"""A student's first visit: landing page → each lesson → one interaction → the counter moves.

With RERUNLAB_SCREENSHOTS=<folder> set, each lesson is saved as a PNG there after its
interaction: docs/make-screenshots.sh uses this to refresh the README's pictures.
"""

import re

import pytest
from playwright.sync_api import expect

from repo_layout import LESSONS
from student_view import SMOKE_ACTIONS, full_runs, newest_run, screenshot, wait_for_run_to_finish


def test_every_lesson_has_a_smoke_action():
    assert sorted(SMOKE_ACTIONS) == sorted(lesson.slug for lesson in LESSONS)


# Each lesson in a browser: the Compose pass (tests/conftest.py). Under Swarm every lesson's way
# through nginx to its replicas is checked by tests/integration (test_proxy: page and health;
# test_websocket: a script run over the websocket), and in a browser by
# test_security_headers.py's interactive lesson and test_student_faults.py.
@pytest.mark.lesson_behaviour
@pytest.mark.parametrize("lesson", LESSONS, ids=[lesson.slug for lesson in LESSONS])
def test_follow_the_landing_link_interact_and_see_the_counter_change(page, lesson):
    page.goto("/")
    page.get_by_role("link", name=re.compile(re.escape(lesson.title))).click()
    expect(page).to_have_url(re.compile(f"/{lesson.slug}/$"))
    expect(page.get_by_role("heading", name=lesson.title)).to_be_visible()
    expect(full_runs(page)).to_have_text("1")
    expect(newest_run(page)).to_contain_text("initial load")

    SMOKE_ACTIONS[lesson.slug](page)

    expect(full_runs(page)).to_have_text("2")
    expect(newest_run(page)).to_contain_text("#2 ")
    expect(page.get_by_test_id("stException")).to_have_count(0)
    wait_for_run_to_finish(page)
    screenshot(page, lesson.slug)
