"""ignore-reruns: the lesson's key claims as a student sees them in a real browser, each with
something that must NOT happen. Waits on conditions (expect), never on sleeps.

What only the browser decides (whether a change is sent, when, and what a reload keeps) is
proven here; what the script accepts or refuses is proven in tests/apptest/test_ignore_reruns.py."""

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
    press_slider,
    timeline_entries,
    wait_for_run_to_finish,
)

pytestmark = pytest.mark.lesson_behaviour  # the Compose pass (tests/conftest.py)

SLUG = "ignore-reruns"
PLAIN, IGNORED, ZOOM = "A plain slider", "An ignore-mode slider", "Zoom (kept in the URL)"
IN_FORM = "In a form, with ignore"
APPLY = "Apply"


def slider(page, label):
    """The slider's thumb, by the slider's label."""
    return page.get_by_test_id("stSlider").filter(has_text=label).get_by_role("slider")


def move(page, label, steps):
    """Moves a slider with the keyboard, one step per key press, as a student can."""
    thumb = slider(page, label)
    thumb.focus()
    for _ in range(abs(steps)):
        thumb.press("ArrowRight" if steps > 0 else "ArrowLeft")


def column(page, title):
    """One of the side-by-side columns, by its heading."""
    return page.get_by_test_id("stColumn").filter(has=page.get_by_role("heading", name=title, exact=True))


def messages_sent(page) -> list:
    """Every message the page sends to the server over its websocket (call before opening the lesson)."""
    sent = []
    page.on("websocket", lambda socket: socket.on("framesent", lambda payload: sent.append(payload)))
    return sent


def script_sees(where, value):
    return where.get_by_text(f"The script sees: {value}", exact=True)


def test_ir1_a_plain_slider_reruns_for_each_change(page):
    """Fails if a plain slider's change waited for another rerun (as an ignore-mode one does),
    or if two changes, each let go of, made one run or sent one message."""
    sent = messages_sent(page)
    open_lesson(page, SLUG)
    before_moves = len(sent)
    left = column(page, "Without: the default")
    move(page, PLAIN, 1)
    expect(script_sees(left, 4)).to_be_visible()
    expect(full_runs(page)).to_have_text("2")
    wait_for_run_to_finish(page)
    move(page, PLAIN, 1)
    expect(script_sees(left, 5)).to_be_visible()
    expect(full_runs(page)).to_have_text("3")
    expect(newest_run(page)).to_contain_text("plain: 4 → 5")
    assert len(sent) - before_moves == 2  # one message to the server per change


def test_ir2_ir4_ir7_ir14_an_ignore_slider_adds_no_run_and_the_next_click_brings_its_value(page):
    """KEY CLAIM: moving an ignore-mode slider adds no run; the next click shows its new value.

    Fails if the moves reran the script or sent anything, if the line under the slider followed
    it before a rerun, or if the click's run missed the held value (top line and timeline)."""
    sent = messages_sent(page)
    open_lesson(page, SLUG)
    right = column(page, 'With on_change="ignore"')
    before_moves = len(sent)
    move(page, IGNORED, 4)  # 3 → 7, four changes
    expect(slider(page, IGNORED)).to_have_value("7")  # the browser shows it ...
    expect(script_sees(right, 3)).to_be_visible()  # ... the script hasn't seen it
    button(page, APPLY).click()
    expect(script_sees(right, 7)).to_be_visible()
    expect(right.get_by_text("st.session_state.ignored at the top of this run: 7")).to_be_visible()
    # Must NOT happen: a run for any of the four moves. The click's run is the second, and the only new one.
    expect(full_runs(page)).to_have_text("2")
    expect(timeline_entries(page)).to_have_count(2)
    expect(newest_run(page)).to_contain_text("ignored: 3 → 7")
    # ... nor anything sent for them: the one message since the moves is the click's.
    assert len(sent) - before_moves == 1


def test_ir2_ir16_ir18_another_widget_s_rerun_brings_the_held_value_too(page):
    """Fails if the held value waited for a click (Apply) to be sent, or had a run of its own:
    either way the plain slider's run would not be the one that brings it."""
    open_lesson(page, SLUG)
    move(page, IGNORED, 4)  # 3 → 7, held
    move(page, PLAIN, 1)  # a rerun for the plain slider
    expect(newest_run(page)).to_contain_text("plain: 3 → 4")  # the plain slider's run ...
    expect(newest_run(page)).to_contain_text("ignored: 3 → 7")  # ... brought the held value
    expect(script_sees(column(page, 'With on_change="ignore"'), 7)).to_be_visible()
    # Must NOT happen: a run of its own for the held value. The plain slider's run is the second.
    expect(full_runs(page)).to_have_text("2")
    expect(timeline_entries(page)).to_have_count(2)


def test_ir6_a_bound_slider_writes_the_address_at_once_without_a_rerun(page):
    """Fails if the address changed only with a rerun, or if binding to the address made the
    moves rerun (Apply's run would not be the second, nor name zoom's change)."""
    open_lesson(page, SLUG)
    move(page, ZOOM, 3)  # 5 → 8
    expect(page).to_have_url(re.compile(r"[?&]zoom=8$"))
    expect(page.get_by_text("The script sees: 5", exact=True)).to_be_visible()  # zoom, as the script saw it
    button(page, APPLY).click()
    expect(newest_run(page)).to_contain_text("zoom: 5 → 8")
    # Must NOT happen: a run for the moves, though the address changed. Apply's run is the second.
    expect(full_runs(page)).to_have_text("2")
    expect(timeline_entries(page)).to_have_count(2)


def test_ir5_ir6_ir15_a_reload_loses_a_held_value_the_address_keeps_a_bound_one(page):
    """Fails if the held values had been sent before the reload, if the reload kept the session
    (counter past 1), kept the unbound held value, or lost the one the address holds."""
    sent = messages_sent(page)
    open_lesson(page, SLUG)
    before_moves = len(sent)
    move(page, IGNORED, 4)  # 3 → 7, held in the browser
    move(page, ZOOM, 3)  # 5 → 8, held in the browser and written to the address
    expect(page).to_have_url(re.compile(r"[?&]zoom=8$"))
    assert len(sent) == before_moves  # nothing sent to the server: the values are only in this tab
    page.reload()
    expect(newest_run(page)).to_contain_text("initial load")  # a new session: its first run
    expect(full_runs(page)).to_have_text("1")
    expect(slider(page, ZOOM)).to_have_value("8")
    expect(page.get_by_text("The script sees: 8", exact=True)).to_be_visible()
    # Must NOT survive the reload: the held value of the slider not bound to the address.
    expect(slider(page, IGNORED)).to_have_value("3")
    expect(script_sees(column(page, 'With on_change="ignore"'), 3)).to_be_visible()


def test_ir9_ir16_a_fragment_run_brings_the_held_value_but_redraws_only_itself(page):
    """Fails if a fragment's run left the held value in the browser (the panel would read 3),
    or ran the whole script and redrew the rest of the page with it."""
    open_lesson(page, SLUG)
    move(page, IGNORED, 4)
    button(page, "Click inside the panel (a fragment)").click()
    expect(counter(page, "Panel-only reruns")).to_have_text("1")
    expect(page.get_by_text("st.session_state.ignored, as this run sees it: 7")).to_be_visible()
    # Must NOT happen: a full run, or the rest of the page redrawn with the new value.
    expect(full_runs(page)).to_have_text("1")
    expect(script_sees(column(page, 'With on_change="ignore"'), 3)).to_be_visible()


def test_ir8_in_a_form_ignore_holds_the_value_until_submit_which_sends_it(page):
    """Fails if a move in the form reran the script, or if on_change="ignore" kept the value
    back from the submit too (the line would still say 3 after it)."""
    open_lesson(page, SLUG)
    form = page.get_by_test_id("stForm").filter(has_text=IN_FORM)
    move(page, IN_FORM, 2)
    expect(slider(page, IN_FORM)).to_have_value("5")
    expect(script_sees(page.get_by_test_id("stColumn").filter(has=form), 3)).to_be_visible()
    form.get_by_role("button", name="Submit").click()
    expect(script_sees(page.get_by_test_id("stColumn").filter(has=form), 5)).to_be_visible()
    # Must NOT happen: a run for either move. The submit's run is the second.
    expect(full_runs(page)).to_have_text("2")
    expect(timeline_entries(page)).to_have_count(2)


def test_ir8_a_form_inside_a_fragment_reruns_only_the_fragment(page):
    """Fails if submitting a form reran the whole script even from inside a fragment."""
    open_lesson(page, SLUG)
    button(page, "Submit a form inside the panel").click()
    expect(counter(page, "Panel-only reruns")).to_have_text("1")
    button(page, "Submit a form inside the panel").click()
    expect(counter(page, "Panel-only reruns")).to_have_text("2")
    expect(full_runs(page)).to_have_text("1")  # must NOT be 2 or 3: no full run


def test_ir10_a_download_with_on_click_ignore_does_not_rerun(page):
    """Fails if either button didn't download the file, if the default one didn't rerun, or
    if the quiet one did (Apply's run would be the fourth)."""
    open_lesson(page, SLUG)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download (reruns)").click()
    assert download.value.suggested_filename == "hello.txt"
    expect(full_runs(page)).to_have_text("2")
    with page.expect_download() as download:
        page.get_by_role("button", name='Download (on_click="ignore")').click()
    assert download.value.suggested_filename == "hello.txt"
    button(page, APPLY).click()
    # Must NOT happen: a run for the quiet download. Apply's run is the third.
    expect(full_runs(page)).to_have_text("3")
    expect(timeline_entries(page)).to_have_count(3)


def test_ir12_a_callback_slider_still_reruns(page):
    """Fails if the callback ran without a rerun (the line would still say 0 and the counter 1),
    as if a callback, like "ignore", took the rerun's place."""
    open_lesson(page, SLUG)
    move(page, "A slider with a callback", 1)
    expect(page.get_by_text("The callback has run 1 time(s)")).to_be_visible()
    expect(full_runs(page)).to_have_text("2")  # the rerun happened, after the callback


def test_ir13_the_exercise_counts_one_run_for_three_moves_and_a_click(page):
    """Fails if the three moves ran the script (the counter past 3, the exercise counting more
    than 1), or Apply's click didn't."""
    open_lesson(page, SLUG)
    exercise = lock_in(page, "move-then-apply", 1)
    move(page, IGNORED, 3)
    button(page, APPLY).click()
    expect(full_runs(page)).to_have_text("3")  # the lock-in's run, then Apply's: none for the moves
    exercise.get_by_role("button", name="Check").click()
    expect(exercise.get_by_text("Right: the timeline shows 1 full script runs.")).to_be_visible()


def test_ir17_the_held_exercise_sees_the_line_keep_the_older_value(page):
    """Fails if the line under the slider followed it with no rerun, if Check's click left the
    held value behind (the line would stay at 3), or if the moves ran the script."""
    open_lesson(page, SLUG)
    exercise = lock_in(page, "held", "an older value")
    expect(full_runs(page)).to_have_text("2")
    wait_for_run_to_finish(page)
    right = column(page, 'With on_change="ignore"')
    move(page, IGNORED, 4)  # 3 → 7, held in the browser
    expect(slider(page, IGNORED)).to_have_value("7")
    expect(script_sees(right, 3)).to_be_visible()  # what the student predicted
    exercise.get_by_role("button", name="Check", exact=True).click()
    expect(exercise.get_by_test_id("stAlert")).to_contain_text(
        "Right: the line showed an older value. Moving the slider ran nothing"
    )
    expect(script_sees(right, 7)).to_be_visible()  # Check's click brought the held value
    # Must NOT happen: a wrong verdict, or a run for the moves (Check's run is the third).
    expect(exercise.get_by_text(re.compile(r", not "))).to_have_count(0)
    expect(full_runs(page)).to_have_text("3")
    expect(timeline_entries(page)).to_have_count(3)


def test_the_smoke_action_proposed_for_test_smoke(page):
    """The action proposed for SMOKE_ACTIONS in tests/browser/test_smoke.py, checked the same way."""
    open_lesson(page, SLUG)
    press_slider(page, 1, "ArrowRight")  # the ignore-mode slider: the second of the main area
    button(page, APPLY).click()
    expect(full_runs(page)).to_have_text("2")
    expect(newest_run(page)).to_contain_text("#2 ")
    expect(newest_run(page)).to_contain_text("ignored: 3 → 4")
    expect(page.get_by_test_id("stException")).to_have_count(0)
