"""rerun-basics: the lesson's key claims as a student sees them in a real browser through nginx,
each with something that must NOT happen. Waits on conditions (expect), never on sleeps."""

import re

import pytest
from playwright.sync_api import expect

from student_view import (
    button,
    full_runs,
    lock_in,
    newest_run,
    open_lesson,
    press_slider,
    wait_for_run_to_finish,
)

pytestmark = pytest.mark.lesson_behaviour  # the Compose pass (tests/conftest.py)


def test_rb1_rb7_rb12_every_interaction_reruns_and_a_plain_variable_forgets(page):
    """Fails if the browser sent a new value without a full rerun (the counter at the top
    would stay put), or if a plain variable kept its count across those reruns."""
    open_lesson(page, "rerun-basics")
    name = page.get_by_label("Your name")
    name.fill("Ada")
    name.press("Enter")
    expect(full_runs(page)).to_have_text("2")
    expect(newest_run(page)).to_contain_text("name: '' → 'Ada'")
    expect(page.get_by_text("Hello Ada")).to_be_visible()
    for runs in ("3", "4"):
        button(page, "Add one click").click()
        expect(full_runs(page)).to_have_text(runs)
        # Must NOT happen: the plain variable counting past 1.
        expect(page.get_by_text("Clicks in a plain variable: 1")).to_be_visible()


def test_rb5_rb13_the_line_above_the_slider_shows_its_new_value_in_the_same_run(page):
    """Fails if the browser's new value reached the script only at the slider's call: the
    line above it would show 3 while the slider shows 4."""
    open_lesson(page, "rerun-basics")
    press_slider(page, 0, "ArrowRight")  # 3 → 4
    expect(full_runs(page)).to_have_text("2")
    expect(page.get_by_text("you picked 4")).to_be_visible()
    expect(page.get_by_text("Read above the slider, through its key: 4", exact=True)).to_be_visible()
    # Must NOT happen: the line above the slider one interaction behind.
    expect(page.get_by_text("Read above the slider, through its key: 3", exact=True)).to_have_count(0)


def test_rb8_the_button_is_false_again_in_the_run_after_its_click(page):
    """The browser sends a click once; Streamlit sets the button back to False after the
    run the click caused.

    Fails if st.button stayed True after its click's run, like a checkbox: the slider's run
    would count the click again and show 1."""
    open_lesson(page, "rerun-basics")
    button(page, "Add one click").click()
    expect(full_runs(page)).to_have_text("2")
    expect(page.get_by_text("Clicks in a plain variable: 1")).to_be_visible()
    wait_for_run_to_finish(page)
    press_slider(page, 0, "ArrowRight")  # another run, no click
    expect(full_runs(page)).to_have_text("3")
    expect(page.get_by_text("you picked 4")).to_be_visible()
    expect(page.get_by_text("Clicks in a plain variable: 0")).to_be_visible()
    # Must NOT happen: the click counted again in a run it didn't cause.
    expect(page.get_by_text("Clicks in a plain variable: 1")).to_have_count(0)


def test_rb10_enter_is_one_rerun_and_leaving_the_field_adds_none(page):
    """Fails if typing a name and pressing Enter caused no run or more than one (one per
    key), if that run skipped the slow step, or if leaving the field sent the value again."""
    open_lesson(page, "rerun-basics")
    name = page.get_by_label("Your name")
    name.fill("Grace")
    name.press("Enter")
    expect(full_runs(page)).to_have_text("2")
    # Run #2 finished (it shows its duration), every line ran again, the slow step included.
    expect(newest_run(page)).to_contain_text(re.compile(r"^#2 .* · \d+\.\d\d s .*slow step"))
    name.blur()  # the value was already sent: leaving the field must not send it again
    button(page, "Add one click").click()
    expect(newest_run(page)).to_contain_text(re.compile(r"^#\d+ .*add_click = True"))
    # Must NOT happen: a run for leaving the field (the click's run would then be #4).
    expect(full_runs(page)).to_have_text("3")
    expect(newest_run(page)).to_contain_text("#3 ")


def test_rb14_the_exercise_accepts_1_for_the_plain_variable_after_three_clicks(page):
    """Fails if the plain variable added up the clicks in a browser, or if the exercise
    refused the 1 the page shows."""
    open_lesson(page, "rerun-basics")
    exercise = lock_in(page, "three-clicks", 1)
    for runs in ("3", "4", "5"):  # the lock-in's run was #2
        button(page, "Add one click").click()
        expect(full_runs(page)).to_have_text(runs)
    expect(page.get_by_text("Clicks in a plain variable: 1")).to_be_visible()
    wait_for_run_to_finish(page)
    exercise.get_by_role("button", name="Check").click()
    expect(exercise.get_by_text(re.compile(r"^Right: the plain variable shows 1\. "))).to_be_visible()
    # Must NOT happen: a wrong verdict, or any error, for the right answer.
    expect(exercise.get_by_text(re.compile(r"^The plain variable shows"))).to_have_count(0)
    expect(page.get_by_test_id("stException")).to_have_count(0)
