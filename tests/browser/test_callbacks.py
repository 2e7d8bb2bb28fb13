"""callbacks: the lesson's key claims as a student sees them in a real browser through nginx,
each with something that must NOT happen. Waits on conditions (expect), never on sleeps."""

import re

import pytest
from playwright.sync_api import expect

from student_view import (
    button,
    counter,
    full_runs,
    lock_in,
    newest_run,
    open_lesson,
    timeline_entries,
    wait_for_run_to_finish,
)

pytestmark = pytest.mark.lesson_behaviour  # the Compose pass (tests/conftest.py)


def test_callbacks_cb1_the_effect_shows_in_the_same_run(page):
    """Fails if the callback ran after the script had drawn the top line: it would show 0 in
    the click's run."""
    open_lesson(page, "callbacks")
    button(page, "Increment").click()
    expect(full_runs(page)).to_have_text("2")
    # Must NOT show 0: the callback ran before the script drew this line.
    expect(page.get_by_text("Count as seen at the top of this run: 1")).to_be_visible()
    expect(newest_run(page)).to_contain_text("count_value: 0 → 1")


def test_callbacks_cb4_cb5_st_rerun_ends_the_callback_and_the_script_runs_once(page):
    """Fails if the line after st.rerun() ran, if st.rerun() added a second run for the one
    click, or if the click were passed on to the run after st.rerun() (the clicked button
    returning True there)."""
    open_lesson(page, "callbacks")
    button(page, "Call a callback that calls st.rerun()").click()
    expect(page.get_by_text("Line before st.rerun() ran 1 time(s), line after it 0")).to_be_visible()
    expect(full_runs(page)).to_have_text("2")
    wait_for_run_to_finish(page)  # the first run's line said False too: read the click's run's own
    # Must NOT say True: st.rerun() drops the click, so the button is False in the run after it.
    expect(page.get_by_text("The button returned False in this run.")).to_be_visible()
    expect(page.get_by_text("The button returned True in this run.")).to_have_count(0)
    # Must NOT happen: a second run for the one click (st.rerun() replaced the click's run).
    expect(timeline_entries(page)).to_have_count(2)
    expect(full_runs(page)).to_have_text("2")


def test_callbacks_cb6_cb7_st_rerun_from_a_callback_picks_what_reruns(page):
    """Fails if st.rerun() in the callback of a button inside the fragment reran only the
    fragment (CB6), or if st.rerun("scoreboard") from a button outside it reran the whole
    script (CB7)."""
    open_lesson(page, "callbacks")
    scoreboard = counter(page, "Scoreboard-only reruns")
    expect(scoreboard).to_have_text("0")
    button(page, "Click inside (no callback)").click()  # the contrast: a fragment-only run
    expect(scoreboard).to_have_text("1")
    expect(full_runs(page)).to_have_text("1")

    # CB6: the same kind of click, but its callback calls st.rerun(): the whole script reruns.
    button(page, "Click inside (callback calls st.rerun())").click()
    expect(full_runs(page)).to_have_text("2")
    wait_for_run_to_finish(page)
    expect(scoreboard).to_have_text("1")  # must NOT count as a fragment-only run

    # CB7: a button outside the fragment whose callback calls st.rerun("scoreboard").
    button(page, 'Click outside (callback calls st.rerun("scoreboard"))').click()
    expect(scoreboard).to_have_text("2")
    # Must NOT happen: the full run the click outside would otherwise cause.
    expect(full_runs(page)).to_have_text("2")
    expect(page.get_by_test_id("stException")).to_have_count(0)
    button(page, "Increment").click()  # the next full run lists the fragment-only run
    expect(full_runs(page)).to_have_text("3")
    expect(timeline_entries(page).nth(1)).to_contain_text("fragment scoreboard")


def test_callbacks_cb8_what_a_callback_draws_lands_at_the_top_and_goes_away(page):
    """Fails if what the callback drew appeared below the lesson's first line (where its button
    is), or stayed after a full run that did not call that callback."""
    open_lesson(page, "callbacks")
    button(page, "Draw from a callback (then scroll to the top)").click()
    drawn = page.get_by_test_id("stAlertContentInfo").filter(has_text="Drawn by a callback")
    expect(drawn).to_be_visible()
    wait_for_run_to_finish(page)
    first = page.get_by_test_id("stMain").get_by_test_id("stElementContainer").first
    expect(first).to_contain_text("Drawn by a callback")  # above the lesson's own first line
    button(page, "Increment").click()
    expect(full_runs(page)).to_have_text("3")
    expect(drawn).to_have_count(0)  # must NOT stay: this run did not call that callback


def test_callbacks_cb12_the_exercise_accepts_the_new_count_on_the_top_line(page):
    """Fails if the top line showed the old count in the click's run, or if the exercise
    refused the right answer in a real browser."""
    open_lesson(page, "callbacks")
    exercise = lock_in(page, "top-line", 1)
    wait_for_run_to_finish(page)
    button(page, "Increment").click()
    expect(full_runs(page)).to_have_text("3")  # the lock-in's run was #2
    expect(page.get_by_text("Count as seen at the top of this run: 1")).to_be_visible()
    wait_for_run_to_finish(page)
    exercise.get_by_role("button", name="Check").click()
    expect(exercise.get_by_text(re.compile(r"^Right: the top line shows 1\. "))).to_be_visible()
    # Must NOT happen: a wrong verdict, or any error, for the right answer.
    expect(exercise.get_by_text(re.compile(r"^The top line shows"))).to_have_count(0)
    expect(page.get_by_test_id("stException")).to_have_count(0)
