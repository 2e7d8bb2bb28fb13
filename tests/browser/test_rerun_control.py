"""rerun-control: the lesson's key claims as a student sees them in a real browser through nginx,
each with something that must NOT happen. Waits on conditions (expect), never on sleeps."""

import re

import pytest
from playwright.sync_api import expect

from student_view import button, full_runs, newest_run, open_lesson, toggle, wait_for_run_to_finish

pytestmark = pytest.mark.lesson_behaviour  # the Compose pass (tests/conftest.py)


def test_rc1_rc2_st_rerun_adds_a_run_and_st_stop_cuts_the_page(page):
    """Fails if st.rerun() added no run (the count drawn above the buttons would lag at 0, the
    counter at 2), or if st.stop() let the page below it be drawn."""
    open_lesson(page, "rerun-control")
    button(page, "Add an item and rerun").click()
    expect(page.get_by_text("Items, counted above both buttons: 1")).to_be_visible()
    expect(full_runs(page)).to_have_text("3")
    expect(newest_run(page)).to_contain_text("st.rerun()")

    toggle(page, "Stop the script here").click()
    expect(page.get_by_text("Stopped: the pitfalls and reading below were not drawn")).to_be_visible()
    # Must NOT be drawn: everything after st.stop().
    expect(page.get_by_role("heading", name="5 · Pitfalls")).to_have_count(0)
    expect(page.get_by_text("Not stopped: this line is drawn.")).to_have_count(0)


def test_rc10_the_finally_block_ran_after_st_stop(page):
    """Fails if st.stop() skipped the finally block (the count would stay at 0), or if the
    finally's plain Python raised an error."""
    open_lesson(page, "rerun-control")
    count = page.get_by_text("finally blocks run after st.stop() so far:")
    expect(count).to_have_text("finally blocks run after st.stop() so far: 0")
    toggle(page, "Stop the script here").click()
    expect(full_runs(page)).to_have_text("2")
    expect(page.get_by_text("Stopped: the pitfalls and reading below were not drawn")).to_be_visible()
    # Until the stopped run has ended (its finally block included): a click before that starts
    # the next run beside it (runner.fastReruns), which may draw the count before finally adds.
    expect(page.get_by_test_id("stApp")).to_have_attribute("data-test-script-state", "notRunning")
    toggle(page, "Stop the script here").click()
    expect(full_runs(page)).to_have_text("3")
    expect(count).to_have_text("finally blocks run after st.stop() so far: 1")
    expect(newest_run(page)).to_contain_text("stop_here: True → False")  # the untick, named
    expect(page.get_by_role("heading", name="5 · Pitfalls")).to_be_visible()
    expect(page.get_by_test_id("stException")).to_have_count(0)  # must NOT: an error from the finally


def test_rc3_rc6_rc13_a_dialog_reruns_alone_then_saves_and_closes_with_st_rerun(page):
    """Fails if a widget in the dialog reran the whole page (the dialog would close, its own
    count stay at 0, the counter go to 3), if Save's st.rerun() didn't update the page behind,
    or if that full run left the dialog open."""
    open_lesson(page, "rerun-control")
    button(page, "Rename…").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("New name").fill("Lab 1")
    dialog.get_by_label("New name").press("Enter")
    expect(dialog.get_by_text("Dialog-only reruns so far: 1")).to_be_visible()
    expect(full_runs(page)).to_have_text("2")  # the dialog reran alone
    expect(page.get_by_text("Project: Untitled")).to_be_visible()  # the page behind: not updated yet
    button(page, "Save").click()
    expect(page.get_by_text("Project: Lab 1")).to_be_visible()
    expect(dialog).to_have_count(0)
    # One more full run, the one st.rerun() started: the Save click itself ran only the dialog.
    expect(full_runs(page)).to_have_text("3")


def test_rc8_a_script_error_shows_for_that_student_only(page, browser):
    """Fails if one student's error showed in another's session or stopped it (their click
    would not run), or if the error stuck to the next run once the toggle is off."""
    open_lesson(page, "rerun-control")
    other_student = browser.new_context(base_url=page.url.split("/rerun-control/")[0]).new_page()
    open_lesson(other_student, "rerun-control")

    toggle(page, "Raise an error in this run").click()
    expect(page.get_by_test_id("stException")).to_contain_text("Raised on purpose")
    expect(page.get_by_role("heading", name="6 · Further reading")).to_have_count(0)

    # Must NOT reach the other student: their session carries on, untouched by the error.
    expect(other_student.get_by_test_id("stException")).to_have_count(0)
    button(other_student, "Add an item").click()
    expect(full_runs(other_student)).to_have_text("2")
    wait_for_run_to_finish(other_student)
    expect(other_student.get_by_test_id("stException")).to_have_count(0)
    other_student.context.close()

    toggle(page, "Raise an error in this run").click()  # and the first student's next run is whole
    expect(page.get_by_test_id("stException")).to_have_count(0)
    expect(page.get_by_role("heading", name="6 · Further reading")).to_be_visible()


def test_rc15_st_stop_takes_the_pitfalls_off_the_page(page):
    """Fails if the browser kept what the stopped run didn't draw (the last whole run's
    pitfalls), as if a stopped run were unfinished, or if the exercise judged otherwise."""
    open_lesson(page, "rerun-control")
    exercise = page.locator(".st-key-exercise-stop-pitfalls")
    pitfalls = page.get_by_role("heading", name="5 · Pitfalls")
    exercise.get_by_text("gone from the page", exact=True).click()
    button(exercise, "Lock in my prediction").click()
    expect(button(exercise, "Check")).to_be_visible()
    expect(pitfalls).to_be_visible()
    wait_for_run_to_finish(page)
    toggle(page, "Stop the script here").click()
    expect(full_runs(page)).to_have_text("3")
    expect(pitfalls).to_have_count(0)
    button(exercise, "Check").click()
    expect(
        exercise.get_by_text(re.compile(r"^Right: the Pitfalls section is gone from the page\."))
    ).to_be_visible()
    # Must NOT happen: a wrong verdict, or the stopped Check run drawing the pitfalls back.
    expect(exercise.get_by_text(re.compile(r", not still on the page\."))).to_have_count(0)
    expect(full_runs(page)).to_have_text("4")
    # A stopped run draws no timeline (wait_for_run_to_finish reads it): Streamlit's marker only.
    expect(page.get_by_test_id("stApp")).to_have_attribute("data-test-script-state", "notRunning")
    expect(pitfalls).to_have_count(0)
