"""A student's first visit: landing page → each lesson → one interaction → the counter moves."""

import re

import pytest
from playwright.sync_api import Page, expect

from repo_layout import LESSONS
from student_view import counter, full_runs


def click(name: str):
    return lambda page: page.get_by_role("button", name=name, exact=True).click()


def move_slider(page: Page):
    page.get_by_role("slider").first.focus()
    page.keyboard.press("ArrowRight")


# One interaction per lesson that reruns the whole script. Every lesson in the catalog
# must have one (test_every_lesson_has_a_smoke_action).
SMOKE_ACTIONS = {
    "rerun-basics": click("Add one click"),
    "forms": click("Submit"),
    "session-state": click("Increment"),
    "callbacks": click("Increment"),
    "fragments": click("Click outside the fragment"),
    "caching": move_slider,
}


def test_every_lesson_has_a_smoke_action():
    assert sorted(SMOKE_ACTIONS) == sorted(lesson.slug for lesson in LESSONS)


def test_landing_page_health_dots_turn_green(page):
    page.goto("/")
    expect(page).to_have_title("Lessons · Rerun Lab")
    dots = page.locator("li.lesson .dot")
    expect(dots).to_have_count(len(LESSONS))
    for i in range(len(LESSONS)):
        expect(dots.nth(i)).to_have_attribute("data-state", "up")


@pytest.mark.parametrize("lesson", LESSONS, ids=[lesson.slug for lesson in LESSONS])
def test_follow_the_landing_link_interact_and_see_the_counter_change(page, lesson):
    page.goto("/")
    page.get_by_role("link", name=re.compile(re.escape(lesson.title))).click()
    expect(page).to_have_url(re.compile(f"/{lesson.slug}/$"))
    expect(page.get_by_role("heading", name=lesson.title)).to_be_visible()
    expect(full_runs(page)).to_have_text("1")

    SMOKE_ACTIONS[lesson.slug](page)

    expect(full_runs(page)).to_have_text("2")
    expect(page.get_by_test_id("stException")).to_have_count(0)


def test_a_click_inside_a_fragment_reruns_only_the_fragment(page):
    page.goto("/fragments/")
    expect(full_runs(page)).to_have_text("1")
    expect(counter(page, "Fragment runs")).to_have_text("1")

    page.get_by_role("button", name="Click inside the fragment").click()
    expect(counter(page, "Fragment runs")).to_have_text("2")
    # Must NOT happen: the whole script rerunning for a click inside the fragment.
    expect(full_runs(page)).to_have_text("1")

    page.get_by_role("button", name="Click outside the fragment").click()
    expect(full_runs(page)).to_have_text("2")
    expect(counter(page, "Fragment runs")).to_have_text("3")


def test_typing_in_a_form_does_not_rerun_until_submit(page):
    page.goto("/forms/")
    expect(full_runs(page)).to_have_text("1")
    form = page.get_by_test_id("stForm")
    field = form.get_by_role("textbox", name="Enter some text")
    field.fill("hello")
    field.press("Tab")  # leaving a field outside a form would rerun the script
    form.get_by_role("button", name="Submit").click()
    expect(page.get_by_text("Submitted: hello")).to_be_visible()
    # Exactly one rerun for the submit: the typing must NOT have caused one of its own.
    expect(full_runs(page)).to_have_text("2")


def test_a_field_outside_the_form_reruns_at_once(page):
    page.goto("/forms/")
    expect(full_runs(page)).to_have_text("1")
    field = page.get_by_role("textbox", name="Enter some text").first
    field.fill("loose")
    field.press("Enter")
    expect(full_runs(page)).to_have_text("2")
    expect(page.get_by_text("Submitted:")).to_have_count(0)
