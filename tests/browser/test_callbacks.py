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


def event_lines(page):
    """The lesson's list of events (Order of operations), oldest first."""
    items = page.get_by_test_id("stMain").get_by_role("listitem")
    return items.filter(has_text=re.compile(r"^\d\d:\d\d:\d\d "))


def event(page, text: str):
    return event_lines(page).filter(has_text=text)


def word_box(page):
    return page.get_by_label("Type a word, then press Enter")


SHOUT = "on_change callback: the box now says '{}'"
RING = "on_click callback: Ring"


def test_callbacks_cb14_cb15_on_change_runs_only_for_a_new_value(page):
    """Fails if `shout` ran again when Ring's click sent the word unchanged (CB14), or if Enter
    on the same word, or on a word typed back to it, sent anything: each would add a run (CB15)."""
    open_lesson(page, "callbacks")
    word_box(page).fill("hello")
    word_box(page).press("Enter")
    expect(event(page, SHOUT.format("hello"))).to_have_count(1)
    expect(full_runs(page)).to_have_text("2")
    wait_for_run_to_finish(page)
    word_box(page).press("Enter")  # the same word
    word_box(page).press("x")
    word_box(page).press("Backspace")
    word_box(page).press("Enter")  # typed back to the same word
    button(page, "Ring").click()
    expect(event(page, RING)).to_have_count(1)
    wait_for_run_to_finish(page)
    # Must NOT happen: a run for either Enter (3 is Ring's), or `shout` called again.
    expect(full_runs(page)).to_have_text("3")
    expect(event(page, SHOUT.format("hello"))).to_have_count(1)


def test_callbacks_cb16_a_word_left_in_the_box_is_sent_as_ring_is_pressed(page):
    """The mouse pressed on Ring and held: the box has lost its focus, not yet been clicked.

    Fails if the word were sent only with the click, or not at all without Enter (no line for
    the box while the mouse is down), or if Ring's callback ran before the box's."""
    open_lesson(page, "callbacks")
    word_box(page).fill("hello")
    button(page, "Ring").hover()
    page.mouse.down()
    expect(event(page, SHOUT.format("hello"))).to_have_count(1)
    expect(event(page, RING)).to_have_count(0)  # must NOT have run: the click hasn't happened
    page.mouse.up()
    expect(event(page, RING)).to_have_count(1)
    wait_for_run_to_finish(page)
    lines = [line.split(" ", 1)[1] for line in event_lines(page).all_inner_texts()]
    assert lines.index(SHOUT.format("hello")) < lines.index(RING)


def send_together(page, word: str, button_name: str) -> None:
    """A new word and a click in one message: the box loses its focus and the button is
    clicked in one browser task, and the frontend sends what one task changed together (a
    Playwright click is usually that fast too, a person's never)."""
    word_box(page).fill(word)
    button(page, button_name).evaluate("(b) => { document.activeElement.blur(); b.click(); }")


def test_callbacks_cb17_one_message_runs_both_callbacks_before_one_run(page):
    """Fails if only the clicked button's callback ran, if Ring's ran before the box's, or if a
    script run started between the two callbacks."""
    open_lesson(page, "callbacks")
    send_together(page, "hello", "Ring")
    expect(event(page, RING)).to_have_count(1)
    expect(full_runs(page)).to_have_text("2")
    wait_for_run_to_finish(page)
    lines = [line.split(" ", 1)[1] for line in event_lines(page).all_inner_texts()]
    assert lines == ["script run #1 starts", SHOUT.format("hello"), RING, "script run #2 starts"]


def test_callbacks_cb18_a_sibling_callback_turns_the_fragment_rerun_into_a_full_run(page):
    """Fails if st.rerun("scoreboard") still reran only the fragment when the same message
    brought a new word, whose callback `shout` returns normally."""
    open_lesson(page, "callbacks")
    scoreboard = counter(page, "Scoreboard-only reruns")
    send_together(page, "hello", 'Click outside (callback calls st.rerun("scoreboard"))')
    expect(event(page, SHOUT.format("hello"))).to_have_count(1)
    expect(full_runs(page)).to_have_text("2")
    wait_for_run_to_finish(page)
    expect(scoreboard).to_have_text("0")  # must NOT count a fragment-only run
    expect(newest_run(page)).to_contain_text("full run")
    # The contrast: the same click alone reruns the fragment only.
    button(page, 'Click outside (callback calls st.rerun("scoreboard"))').click()
    expect(scoreboard).to_have_text("1")
    expect(full_runs(page)).to_have_text("2")


def test_callbacks_cb16_the_ring_order_exercise_judges_a_real_press_and_click(page):
    """Fails if the exercise refused the box's line first when a student types a word and
    clicks Ring at a person's pace (two messages, a run between them), or gave any error."""
    open_lesson(page, "callbacks")
    exercise = lock_in(page, "ring-order", "the box's line, then Ring's")
    wait_for_run_to_finish(page)
    word_box(page).fill("hello")
    button(page, "Ring").hover()
    page.mouse.down()
    expect(event(page, SHOUT.format("hello"))).to_have_count(1)  # sent as the mouse went down
    page.mouse.up()
    expect(event(page, RING)).to_have_count(1)
    wait_for_run_to_finish(page)
    exercise.get_by_role("button", name="Check").click()
    right = re.compile(r"^Right: the list shows the box's line, then Ring's\. ")
    expect(exercise.get_by_text(right)).to_be_visible()
    expect(page.get_by_test_id("stException")).to_have_count(0)
