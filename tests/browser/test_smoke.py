"""A student's first visit: landing page → each lesson → one interaction → the counter moves.

With RERUNLAB_SCREENSHOTS=<folder> set, each lesson is saved as a PNG there after its
interaction: docs/make-screenshots.sh uses this to refresh the README's pictures.
"""

import re

import pytest
from playwright.sync_api import expect

from repo_layout import LESSONS
from student_view import button, full_runs, newest_run, press_slider, screenshot, wait_for_run_to_finish


def click(name: str):
    return lambda page: button(page, name).click()


# One interaction per lesson that reruns the whole script. Every lesson in the catalog
# must have one (test_every_lesson_has_a_smoke_action).
SMOKE_ACTIONS = {
    "rerun-basics": click("Add one click"),
    "caching": lambda page: press_slider(page, 0, "ArrowRight"),
    "session-state": click("Increment"),
    "callbacks": click("Increment"),
    "buttons": click("Check availability"),
    "forms": lambda page: page.get_by_test_id("stForm").first.get_by_role("button", name="Submit").click(),
    # Moving the ignore-mode slider adds no run; Apply brings its value in one.
    "ignore-reruns": lambda page: [press_slider(page, 1, "ArrowRight"), button(page, "Apply").click()],
    "widget-keys": lambda page: page.get_by_text("inch", exact=True).click(),
    "fragments": click("Click outside the fragment"),
    "rerun-control": click("Add an item"),
    "during-a-rerun": click("Start a slow run"),
    "multipage": click("Add a coffee"),
}


def test_every_lesson_has_a_smoke_action():
    assert sorted(SMOKE_ACTIONS) == sorted(lesson.slug for lesson in LESSONS)


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
