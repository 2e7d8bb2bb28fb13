"""buttons: the lesson's key claims as a student sees them in a real browser, each with
something that must NOT happen. Waits on conditions (expect), never on sleeps.

After a click the browser sends nothing more for the button, and the server's reset makes it
False: a button's True lasting one run, a button inside a button and the reruns clicks cause are
proven here (AppTest sends every button's value itself); the server's side of them, and a run cut
at its next Streamlit command by the runner's own requests, in tests/apptest/test_buttons.py."""

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
    toggle,
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
    """Fails if the button's True outlived its click's run (the answer drawn again in the run the
    text field caused), e.g. the browser sending it again, or the server not resetting it."""
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


def test_bu2_bu8_bu10_a_button_inside_a_button_never_runs_its_code(page):
    """Button 2 is a widget inside `if st.button(...)`: it vanishes the first time it is used.

    Fails if Button 1 stayed True in the run Button 2's click caused (Button 2 drawn again, its
    code run), or if that click caused no run because the script wouldn't draw Button 2 (the
    counter staying at 2)."""
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


def test_bu3_bu14_the_click_kept_in_state_lets_button_2_run_once_per_click(page):
    """Fails if the stage kept in session state were lost in the run Button 2's click caused
    (Button 1's line gone, Button 2's code not run), or a second click of the same button didn't
    reach the script as True (a button's value sent only when it changes: the count stuck at 1)."""
    open_lesson(page, "buttons")
    right = page.get_by_test_id("stColumn").filter(has=keyed(page, "kept_outer"))
    click(page, "kept_outer", 2)
    click(page, "kept_inner", 3)
    expect(right.get_by_text("Button 2's code ran 1 time(s)", exact=True)).to_be_visible()
    expect(right.get_by_text("Button 1 was clicked", exact=True)).to_be_visible()  # still open
    click(page, "kept_inner", 4)  # the second click of the same button
    expect(right.get_by_text("Button 2's code ran 2 time(s)", exact=True)).to_be_visible()


def test_bu4_a_click_flips_the_toggle_and_it_stays(page):
    """Fails if the toggle's on lasted one run as a button's True does (off again, its details
    gone, in the run another widget caused), or a click didn't flip it."""
    open_lesson(page, "buttons")
    details = page.get_by_text("The details stay while the toggle is on.", exact=True)
    switch = keyed(page, "show_details").locator("input")
    expect(details).to_have_count(0)
    toggle(page, "Show the details").click()
    expect(full_runs(page)).to_have_text("2")
    wait_for_run_to_finish(page)
    expect(switch).to_be_checked()
    expect(details).to_be_visible()
    click(page, "click_me", 3)  # another widget's run
    expect(newest_run(page)).to_contain_text("click_me = True")
    expect(switch).to_be_checked()  # must NOT fall back to off
    expect(details).to_be_visible()
    toggle(page, "Show the details").click()
    expect(full_runs(page)).to_have_text("4")
    wait_for_run_to_finish(page)
    expect(switch).not_to_be_checked()
    expect(details).to_have_count(0)


def test_bu5_bu6_the_refusal_shown_live_and_the_callback_that_works(page):
    """Fails if the script could set the key of the field it had drawn (no refusal, the field
    emptied), or the callback's assignment were refused or reached the field only in a later run
    (the field not empty once the click's run is over)."""
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
    """Fails if the report lasted one run as the button's True does (gone after the toggle's run),
    or the work under the button ran again in that run (its caption drawn, the count at 2)."""
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
    """Fails if the toggle's click waited for the process to finish (run #2 with a duration, a
    report saved, the count at 1), or the new run found the button True and did the work again."""
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
    """Fails if Enter in the field didn't rerun the script (the counter at 3), or the button's
    True outlived the click's run (the answer drawn again), or the exercise judged it wrongly."""
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
