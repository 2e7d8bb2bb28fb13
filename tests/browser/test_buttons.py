"""buttons: the lesson's key claims as a student sees them in a real browser, each with
something that must NOT happen. Waits on conditions (expect), never on sleeps.

A button's True lasting one run and a button inside a button are proven here and in
tests/apptest/test_buttons.py; a run cut short by another click (runner.fastReruns) only here."""

import re

import pytest
from playwright.sync_api import expect

from student_view import (
    button,
    full_runs,
    lock_in,
    newest_run,
    open_lesson,
    timeline_entries,
    wait_for_run_to_finish,
)

pytestmark = pytest.mark.lesson_behaviour  # the Compose pass (tests/conftest.py)

ANSWER = "We have that animal!"


def keyed(page, key: str):
    """The widget drawn with this key (Streamlit gives its container the class st-key-<key>)."""
    return page.locator(f".st-key-{key}")


def click(page, key: str, runs_after: int) -> None:
    """Clicks the keyed button and waits for the run it causes to finish."""
    keyed(page, key).get_by_role("button").click()
    expect(full_runs(page)).to_have_text(str(runs_after))
    wait_for_run_to_finish(page)


def test_bu1_the_answer_is_gone_on_the_next_run_another_widget_causes(page):
    open_lesson(page, "buttons")
    expect(newest_run(page)).to_contain_text("initial load")
    button(page, "Check availability").click()  # the smoke action proposed for test_smoke.py
    expect(page.get_by_text(ANSWER, exact=True)).to_be_visible()
    expect(full_runs(page)).to_have_text("2")
    expect(newest_run(page)).to_contain_text("#2 ")
    expect(page.get_by_test_id("stException")).to_have_count(0)
    wait_for_run_to_finish(page)
    field = page.get_by_role("textbox", name="Type an animal")
    field.fill("Cat")  # still a cat (the check lowercases it): the same answer if it ran
    field.press("Enter")
    expect(full_runs(page)).to_have_text("3")
    wait_for_run_to_finish(page)
    expect(newest_run(page)).to_contain_text("animal: 'cat' → 'Cat'")  # the text field caused this run
    # Must NOT happen: the answer surviving the run the click didn't cause.
    expect(page.get_by_text(ANSWER, exact=True)).to_have_count(0)
    expect(page.get_by_text("We don't have that animal.", exact=True)).to_have_count(0)


def test_bu2_bu8_a_button_inside_a_button_never_runs_its_code(page):
    open_lesson(page, "buttons")
    left = page.get_by_test_id("stColumn").filter(has=keyed(page, "nested_outer"))
    click(page, "nested_outer", 2)
    expect(left.get_by_text("Button 1 was clicked", exact=True)).to_be_visible()
    expect(keyed(page, "nested_inner")).to_be_visible()
    click(page, "nested_inner", 3)  # one full run for Button 2's click too [BU8]
    expect(newest_run(page)).to_contain_text("nested_inner = True")
    # Must NOT happen: Button 2's code running, or Button 2 still drawn.
    expect(left.get_by_text("Button 2's code ran 0 time(s)", exact=True)).to_be_visible()
    expect(keyed(page, "nested_inner")).to_have_count(0)
    expect(left.get_by_text("Button 1 was clicked", exact=True)).to_have_count(0)


def test_bu3_the_click_kept_in_state_lets_button_2_run(page):
    open_lesson(page, "buttons")
    right = page.get_by_test_id("stColumn").filter(has=keyed(page, "kept_outer"))
    click(page, "kept_outer", 2)
    click(page, "kept_inner", 3)
    expect(right.get_by_text("Button 2's code ran 1 time(s)", exact=True)).to_be_visible()
    expect(right.get_by_text("Button 1 was clicked", exact=True)).to_be_visible()  # still open


def test_bu5_bu6_the_refusal_shown_live_and_the_callback_that_works(page):
    open_lesson(page, "buttons")
    click(page, "clear_after", 2)
    error = page.get_by_test_id("stAlert").filter(has_text="StreamlitWidgetAlreadyInstantiatedError")
    expect(error).to_contain_text("cannot be modified after the widget with that key is instantiated")
    expect(keyed(page, "name_after").get_by_role("textbox")).to_have_value("Ada")  # must NOT be cleared
    expect(page.get_by_test_id("stException")).to_have_count(0)
    click(page, "clear_callback", 3)
    expect(keyed(page, "name_callback").get_by_role("textbox")).to_have_value("")
    expect(error).to_have_count(0)  # the refusal lasted one run too


def test_bu7_the_report_stays_the_work_does_not_repeat(page):
    open_lesson(page, "buttons")
    click(page, "process", 2)
    report = page.get_by_test_id("stAlert").filter(has_text=re.compile(r"^Report #1, made at "))
    expect(report).to_be_visible()
    expect(page.get_by_text("Processed in this run (0.8 s of work).", exact=True)).to_be_visible()
    page.get_by_test_id("stCheckbox").get_by_text("Show the details", exact=True).click()
    expect(full_runs(page)).to_have_text("3")
    wait_for_run_to_finish(page)
    expect(report).to_be_visible()
    expect(page.get_by_text("The process ran 1 time(s)", exact=True)).to_be_visible()
    worked = page.get_by_text("Processed in this run (0.8 s of work).", exact=True)
    expect(worked).to_have_count(0)  # must NOT have worked again


# Two clicks 150 ms apart in the page itself, so that a slow test machine can't let the
# 0.8 s process finish between them: the toggle's click reaches the server while the
# Process click's run is still going.
CLICK_PROCESS_THEN_THE_TOGGLE = """() => {
    document.querySelector('.st-key-process button').click();
    setTimeout(() => document.querySelector('.st-key-show_details input').click(), 150);
}"""


def test_bu12_another_click_during_the_process_cuts_it_short(page):
    open_lesson(page, "buttons")
    # document.querySelector doesn't wait: wait for both here (right after the first run, the
    # Process button can still be missing from the page).
    expect(keyed(page, "process").get_by_role("button")).to_be_visible()
    expect(keyed(page, "show_details").locator("input")).to_be_attached()
    page.evaluate(CLICK_PROCESS_THEN_THE_TOGGLE)
    expect(page.get_by_text("The details stay while the toggle is on.", exact=True)).to_be_visible()
    expect(full_runs(page)).to_have_text("3")
    wait_for_run_to_finish(page)
    # The timeline: run #2 (the Process click) never finished, so it has no duration (its
    # "cut short" ending may only be written after run #3 drew the timeline).
    click_run = timeline_entries(page).nth(1)
    expect(click_run).to_contain_text("#2 ")
    expect(click_run).to_contain_text("process = True")
    expect(click_run).not_to_contain_text(re.compile(r" · \d+\.\d\d s"))
    # Must NOT happen: a saved report, or the work running again on its own.
    expect(page.get_by_text("The process ran 0 time(s)", exact=True)).to_be_visible()
    expect(page.get_by_text(re.compile(r"^Report #"))).to_have_count(0)
    expect(page.get_by_test_id("stProgress")).to_have_count(0)


def test_bu13_the_availability_exercise_sees_the_answer_gone(page):
    open_lesson(page, "buttons")
    exercise = lock_in(page, "availability", "no answer")
    expect(full_runs(page)).to_have_text("2")
    wait_for_run_to_finish(page)
    click(page, "check_availability", 3)
    expect(page.get_by_text(ANSWER, exact=True)).to_be_visible()
    field = page.get_by_role("textbox", name="Type an animal")
    field.fill("dog")
    field.press("Enter")
    expect(full_runs(page)).to_have_text("4")
    wait_for_run_to_finish(page)
    expect(page.get_by_text(ANSWER, exact=True)).to_have_count(0)  # what the student predicted
    exercise.get_by_role("button", name="Check", exact=True).click()
    expect(exercise.get_by_test_id("stAlert")).to_contain_text(
        "Right: the page shows no answer under the button. Pressing Enter in the field reran the script"
    )
    # Must NOT happen: a wrong verdict, or the answer drawn again by Check's own run.
    expect(exercise.get_by_text(re.compile(r", not "))).to_have_count(0)
    expect(page.get_by_text(ANSWER, exact=True)).to_have_count(0)
