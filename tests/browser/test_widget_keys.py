"""widget-keys: the lesson's key claims as a student sees them in a real browser through nginx,
each with something that must NOT happen. Waits on conditions (expect), never on sleeps."""

import re

import pytest
from playwright.sync_api import Page, expect

from student_view import full_runs, lock_in, open_lesson, press_slider, toggle, wait_for_run_to_finish

pytestmark = pytest.mark.lesson_behaviour  # the Compose pass (tests/conftest.py)


def move_both_sliders(page: Page) -> None:
    press_slider(page, 0, "ArrowRight", times=3)  # keyless: 10 → 13 (one rerun per key press)
    press_slider(page, 1, "ArrowRight", times=5)  # keyed: 10 → 15
    expect(page.get_by_text("Value: 15")).to_be_visible()
    expect(page.get_by_text("Value: 13")).to_be_visible()


def test_widget_keys_wk2_a_keyed_slider_survives_a_label_change(page):
    """Fails if the keyed slider went back to 10 with its new label in the browser (its
    identity its parameters, not its key), or if the keyless one kept 13."""
    open_lesson(page, "widget-keys")
    move_both_sliders(page)
    page.get_by_text("inch", exact=True).click()
    expect(page.get_by_text("Value: 10")).to_be_visible()  # the keyless slider started over
    # Must NOT happen: the keyed slider resetting with its label.
    expect(page.get_by_text("Value: 15")).to_be_visible()


def test_widget_keys_wk3_a_keyed_slider_resets_when_its_max_changes(page):
    """Fails if the keyed slider kept 15 through a new max_value (a key alone its identity)."""
    open_lesson(page, "widget-keys")
    move_both_sliders(page)
    page.get_by_text("200", exact=True).click()
    expect(page.get_by_text("Value: 10")).to_have_count(2)  # both sliders started over
    expect(page.get_by_text("Value: 15")).to_have_count(0)  # must NOT keep the keyed value


def type_and_enter(page: Page, label: str, text: str) -> None:
    field = page.get_by_label(label, exact=True)
    field.fill(text)
    field.press("Enter")


def test_widget_keys_wk4_wk5_hidden_fields_lose_their_value_unless_persist_state(page):
    """Fails if the browser brought the hidden comment's text back (the frontend keeping what
    the server deleted), or if persist_state="page" lost the draft's."""
    open_lesson(page, "widget-keys")
    type_and_enter(page, "Comment", "lost")
    expect(full_runs(page)).to_have_text("2")
    type_and_enter(page, "Draft (persist_state)", "kept")
    expect(full_runs(page)).to_have_text("3")
    wait_for_run_to_finish(page)
    for runs, label in (("4", "Show the comment field"), ("5", "Show the draft field")):
        toggle(page, label).click()
        expect(full_runs(page)).to_have_text(runs)
        wait_for_run_to_finish(page)
    expect(page.get_by_text("'comment' in st.session_state during this run: False")).to_be_visible()
    expect(page.get_by_text("'draft' in st.session_state during this run: True")).to_be_visible()
    for runs, label in (("6", "Show the comment field"), ("7", "Show the draft field")):
        toggle(page, label).click()
        expect(full_runs(page)).to_have_text(runs)
        wait_for_run_to_finish(page)
    expect(page.get_by_label("Draft (persist_state)", exact=True)).to_have_value("kept")
    # Must NOT come back: the comment's state was deleted while it was hidden.
    expect(page.get_by_label("Comment", exact=True)).to_have_value("")


def test_widget_keys_wk11_the_come_back_exercise_finds_only_the_draft_back(page):
    """Fails if the comment came back in the browser, or if the exercise refused "the draft
    only" for that page."""
    open_lesson(page, "widget-keys")
    exercise = lock_in(page, "come-back", "the draft only")
    expect(full_runs(page)).to_have_text("2")
    wait_for_run_to_finish(page)
    type_and_enter(page, "Comment", "lost")
    expect(full_runs(page)).to_have_text("3")
    type_and_enter(page, "Draft (persist_state)", "kept")
    expect(full_runs(page)).to_have_text("4")
    wait_for_run_to_finish(page)
    clicks = ("Show the comment field", "Show the draft field") * 2  # hide both, then show both
    for runs, label in enumerate(clicks, start=5):
        toggle(page, label).click()
        expect(full_runs(page)).to_have_text(str(runs))
        wait_for_run_to_finish(page)
    expect(page.get_by_label("Draft (persist_state)", exact=True)).to_have_value("kept")
    exercise.get_by_role("button", name="Check", exact=True).click()
    expect(exercise.get_by_test_id("stAlert")).to_contain_text(
        "Right: the text is back in the draft only. The run that hid the comment"
    )
    # Must NOT happen: a wrong verdict, or the comment's text back.
    expect(exercise.get_by_text(re.compile(r", not "))).to_have_count(0)
    expect(page.get_by_label("Comment", exact=True)).to_have_value("")
