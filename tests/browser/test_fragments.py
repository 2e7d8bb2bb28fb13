"""fragments: the lesson's key claims as a student sees them in a real browser through nginx,
each with something that must NOT happen. Waits on conditions (expect), never on sleeps."""

import re

import pytest
from playwright.sync_api import expect

from student_view import (
    button,
    counter,
    full_runs,
    open_lesson,
    timeline_entries,
    toggle,
    wait_for_run_to_finish,
)

pytestmark = pytest.mark.lesson_behaviour  # the Compose pass (tests/conftest.py)

CLOCK = "Run the clock (ticks every 2 s)"


def ticks_line(page):
    return page.get_by_text(re.compile(r"ticks so far: \d+$"))


def test_fr1_fr8_a_click_inside_reruns_only_the_fragment(page):
    """Fails if a click inside the fragment reran the whole script (the full-run counter would
    move), or didn't rerun the fragment (its counter would stay at 0)."""
    open_lesson(page, "fragments")
    fragment_runs = counter(page, "Fragment-only reruns")
    expect(fragment_runs).to_have_text("0")
    button(page, "Click inside the fragment").click()
    expect(fragment_runs).to_have_text("1")
    # Must NOT happen: the whole script rerunning for a click inside the fragment.
    expect(full_runs(page)).to_have_text("1")
    button(page, "Click outside the fragment").click()
    expect(full_runs(page)).to_have_text("2")
    expect(fragment_runs).to_have_text("1")
    # The fragment-only run was recorded; the sidebar shows it from the next full run on.
    expect(timeline_entries(page).nth(1)).to_contain_text("fragment demo")


def test_fr2_a_click_outside_reruns_the_fragment_too(page):
    """Fails if a full run left the fragment as it was drawn (its top line would keep the "—"
    drawn before the roll)."""
    open_lesson(page, "fragments")
    last_roll = page.get_by_text(re.compile(r"^Last roll, drawn at the top: "))
    button(page, "Roll (the line above lags)").click()
    expect(page.get_by_text("The dice fragment has rerun on its own 1 time(s)")).to_be_visible()
    expect(last_roll).to_have_text("Last roll, drawn at the top: —")  # drawn before the click was handled
    button(page, "Click outside the fragment").click()
    expect(full_runs(page)).to_have_text("2")
    # The full run ran the fragment's code too: its line now shows the roll.
    expect(last_roll).to_have_text(re.compile(r"^Last roll, drawn at the top: [1-6]$"))


def test_fr4_fr8_fr15_run_every_ticks_without_interaction(page):
    """Fails if run_every needed a click to rerun the fragment (no ticks), or if each tick reran
    the whole script (the full-run counter would move)."""
    open_lesson(page, "fragments")
    toggle(page, CLOCK).click()
    expect(full_runs(page)).to_have_text("2")
    expect(ticks_line(page)).to_have_text(re.compile(r"ticks so far: 3$"), timeout=15_000)
    # Must NOT happen: a tick rerunning the whole script.
    expect(full_runs(page)).to_have_text("2")


def test_fr5_switching_run_every_off_stops_the_ticks(page):
    """Fails if a full run passing run_every=None left the fragment's timer ticking (ten ticks'
    worth of time would take its count past 1)."""
    page.clock.install()  # the browser's timers, run_every's included, now go as fast as the test says
    open_lesson(page, "fragments")
    toggle(page, CLOCK).click()
    expect(full_runs(page)).to_have_text("2")
    page.clock.run_for(2_100)
    expect(ticks_line(page)).to_have_text(re.compile(r"ticks so far: 1$"))
    toggle(page, CLOCK).click()  # a full run that calls the fragment with run_every=None
    expect(full_runs(page)).to_have_text("3")
    expect(ticks_line(page)).to_have_text(re.compile(r"ticks so far: 1$"))
    page.clock.run_for(20_000)  # ten ticks' worth of time
    # A click inside another fragment: its run also carries any tick requested before it.
    button(page, "Click inside the fragment").click()
    expect(counter(page, "Fragment-only reruns")).to_have_text("1")
    button(page, "Click outside the fragment").click()  # a full run redraws the clock's count
    expect(full_runs(page)).to_have_text("4")
    # Must NOT have ticked again.
    expect(ticks_line(page)).to_have_text(re.compile(r"ticks so far: 1$"))


def test_fr7_rerun_scope_fragment_redraws_the_fragment(page):
    """Fails if st.rerun(scope="fragment") reran the whole script (full-run counter 2), or didn't
    rerun at all (the top line would lag at "—" as with the other Roll button)."""
    open_lesson(page, "fragments")
    button(page, "Roll and rerun the fragment").click()
    expect(page.get_by_text(re.compile(r"^Last roll, drawn at the top: [1-6]$"))).to_be_visible()
    expect(full_runs(page)).to_have_text("1")


def test_fr6_a_fragment_rerun_redraws_what_it_wrote_outside(page):
    """Fails if a fragment rerun could not redraw what it wrote outside itself (the line would
    stay at 0), or added a second line instead of replacing the first."""
    open_lesson(page, "fragments")
    line = page.get_by_text(re.compile(r"^The dice fragment has rerun on its own"))
    expect(line).to_have_text("The dice fragment has rerun on its own 0 time(s)")  # full run
    for reruns in (1, 2):
        button(page, "Roll (the line above lags)").click()
        expect(line).to_have_text(f"The dice fragment has rerun on its own {reruns} time(s)")
    expect(line).to_have_count(1)  # redrawn in place, not added
    expect(full_runs(page)).to_have_text("1")  # must NOT have rerun the whole script
    expect(page.get_by_test_id("stException")).to_have_count(0)


def test_fr6_fr13_a_fragment_writes_into_the_sidebar_in_place(page):
    """Fails if a fragment rerun's sidebar line piled up (a second one) or moved below the
    timeline, or if writing there raised although the full run writes there too."""
    open_lesson(page, "fragments")
    sidebar = page.get_by_test_id("stSidebar")
    line = sidebar.get_by_text(re.compile(r"^Last roll, from the dice fragment: "))
    expect(line).to_have_text("Last roll, from the dice fragment: —")  # the full run's write
    for reruns in (2, 4):  # the click's fragment run, then the one st.rerun(scope="fragment") asks for
        button(page, "Roll and rerun the fragment").click()
        expect(page.get_by_text(f"The dice fragment has rerun on its own {reruns} time(s)")).to_be_visible()
        expect(line).to_have_text(re.compile(r"^Last roll, from the dice fragment: [1-6]$"))
    # Must NOT happen: the line piling up, moving below the timeline, or a full run.
    expect(line).to_have_count(1)
    first_block = sidebar.get_by_test_id("stMarkdownContainer").first
    expect(first_block).to_contain_text("Last roll, from the dice fragment")
    expect(full_runs(page)).to_have_text("1")
    expect(page.get_by_test_id("stException")).to_have_count(0)


def test_fr12_a_clock_tick_between_the_clicks_does_not_change_the_answer(page):
    """Fails if the clock's ticks (another fragment's runs) or the clicks inside the fragment
    moved the full-run counter, or if the exercise judged anything but that counter."""
    open_lesson(page, "fragments")
    toggle(page, CLOCK).click()
    expect(full_runs(page)).to_have_text("2")
    exercise = page.locator(".st-key-exercise-inside-three")
    exercise.get_by_text("the same number as before", exact=True).click()
    button(exercise, "Lock in my prediction").click()
    expect(button(exercise, "Check")).to_be_visible()
    fragment_runs = counter(page, "Fragment-only reruns")
    for clicks in (1, 2, 3):
        before = ticks_line(page).inner_text()
        button(page, "Click inside the fragment").click()
        expect(fragment_runs).to_have_text(str(clicks))
        # Wait for a clock tick (another fragment's run) before the next click.
        expect(ticks_line(page)).not_to_have_text(before, timeout=15_000)
    expect(full_runs(page)).to_have_text("3")  # the toggle and the lock-in only: the clicks added none
    button(exercise, "Check").click()
    right = exercise.get_by_text(re.compile(r"^Right: the full-run counter shows the same number as before"))
    expect(right).to_be_visible()
    # Must NOT happen: the ticks or the clicks counted as full runs.
    expect(exercise.get_by_text(re.compile(r"^The full-run counter shows"))).to_have_count(0)


def test_fr16_a_click_outside_leaves_the_fragments_own_count_as_it_was(page):
    """Fails if the full run counted as a run of the fragment on its own (the counter would read 1
    and "a higher number" would be right)."""
    open_lesson(page, "fragments")
    exercise = page.locator(".st-key-exercise-outside-once")
    exercise.get_by_text("the same number as before", exact=True).click()
    button(exercise, "Lock in my prediction").click()
    expect(button(exercise, "Check")).to_be_visible()
    wait_for_run_to_finish(page)
    button(page, "Click outside the fragment").click()
    expect(full_runs(page)).to_have_text("3")
    wait_for_run_to_finish(page)
    button(exercise, "Check").click()
    right = exercise.get_by_text(
        re.compile(r"^Right: Fragment-only reruns shows the same number as before\.")
    )
    expect(right).to_be_visible()
    # Must NOT happen: the full run counted as a run of the fragment on its own, or a wrong verdict.
    expect(counter(page, "Fragment-only reruns")).to_have_text("0")
    expect(exercise.get_by_text(re.compile(r", not a higher number\."))).to_have_count(0)


def written(page, start: str):
    """A line the script wrote (not the code panel's same words), by how its text starts."""
    return page.get_by_test_id("stMarkdownContainer").get_by_text(re.compile(f"^{re.escape(start)}"))


def add_two_points(page) -> None:
    """Two clicks on *Add a point*, each waited for: each makes one run of the fragment alone."""
    state = written(page, "st.session_state.points: ")
    for points in (1, 2):
        button(page, "Add a point").click()
        expect(state).to_have_text(f"st.session_state.points: {points}")


def test_fr17_a_fragment_rerun_passes_the_last_full_runs_arguments(page):
    """Fails if a fragment rerun evaluated its call's arguments again (`points` would follow
    st.session_state.points to 2), or if the clicks reran the whole script; and if a full run
    did not pass the new value in (it must show 2 after one)."""
    open_lesson(page, "fragments")
    argument = written(page, "Argument points: ")
    expect(argument).to_have_text("Argument points: 0")
    add_two_points(page)
    # Must NOT happen: the argument following the state (drawn by the same fragment run).
    expect(argument).to_have_text("Argument points: 0")
    expect(full_runs(page)).to_have_text("1")
    button(page, "Click outside the fragment").click()
    expect(full_runs(page)).to_have_text("2")
    expect(argument).to_have_text("Argument points: 2")  # the full run's call passes the new value


def test_fr18_a_fragment_reruns_return_value_never_reaches_the_script(page):
    """Fails if a fragment rerun handed its return value back to the script (the line drawn from
    it would show 2 after the two clicks, with no full run), or if a full run's call did not
    (it must show 2 after one)."""
    open_lesson(page, "fragments")
    got_back = written(page, "The script got back: ")
    expect(got_back).to_have_text("The script got back: 0")
    add_two_points(page)  # each fragment rerun returned 1, then 2
    expect(got_back).to_have_text("The script got back: 0")  # must NOT have moved
    expect(got_back).to_have_count(1)
    expect(full_runs(page)).to_have_text("1")
    button(page, "Click outside the fragment").click()
    expect(full_runs(page)).to_have_text("2")
    expect(got_back).to_have_text("The script got back: 2")


def test_fr19_the_argument_after_two_fragment_reruns_is_the_same(page):
    """Fails if the fragment reruns passed the new count in (the exercise would find "a higher
    number" and call the prediction wrong), or if the exercise judged another value than the
    argument the fragment drew."""
    open_lesson(page, "fragments")
    exercise = page.locator(".st-key-exercise-points-twice")
    exercise.get_by_text("the same number as before", exact=True).click()
    button(exercise, "Lock in my prediction").click()
    expect(button(exercise, "Check")).to_be_visible()
    wait_for_run_to_finish(page)
    add_two_points(page)
    expect(written(page, "Argument points: ")).to_have_text("Argument points: 0")
    button(exercise, "Check").click()
    right = exercise.get_by_text(re.compile(r"^Right: the argument points shows the same number as before\."))
    expect(right).to_be_visible()
    # Must NOT happen: a wrong verdict.
    expect(exercise.get_by_text(re.compile(r", not the same number as before\."))).to_have_count(0)


def test_fr9_a_form_sends_several_inputs_in_one_rerun(page):
    """The forms lesson's basket form (Item, How many, Add): two inputs sent by one click.

    Fails if each input in the form reran the script when left, as outside a form (more than 2
    runs), or if the submit's run missed one of them (the basket would not hold two apples)."""
    open_lesson(page, "forms")
    item = page.get_by_role("textbox", name=re.compile("^Item"))
    how_many = page.get_by_role("spinbutton", name=re.compile("^How many"))
    item.fill("apple")
    item.press("Tab")
    how_many.fill("2")
    how_many.press("Tab")
    button(page, "Add").click()
    expect(page.get_by_text("Basket: ['apple', 'apple']")).to_be_visible()
    wait_for_run_to_finish(page)
    expect(full_runs(page)).to_have_text("2")  # the first visit's run and the Add click's
