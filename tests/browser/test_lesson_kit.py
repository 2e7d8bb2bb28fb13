"""The lesson kit's claims that only a real server shows: a fragment-only run leaves the
full-run counter alone, an interaction during a run cuts that run short (runner.fastReruns),
and the timeline names a keyed button clicked twice in a row both times."""

import pytest
from playwright.sync_api import expect

from student_view import (
    button,
    counter,
    full_runs,
    newest_run,
    open_lesson,
    timeline_entries,
    wait_for_run_to_finish,
)

pytestmark = pytest.mark.lesson_behaviour  # the Compose pass (tests/conftest.py)


def test_kt1_the_counter_stays_put_when_only_a_fragment_reruns(page):
    """Fails if the full-run counter also counted a fragment-only run (it would read 2 after
    the click inside the fragment), or missed the full run a click outside causes."""
    open_lesson(page, "fragments")
    button(page, "Click inside the fragment").click()
    expect(counter(page, "Fragment-only reruns")).to_have_text("1")
    # Must NOT happen: the full-run counter counting a fragment-only run.
    expect(full_runs(page)).to_have_text("1")
    button(page, "Click outside the fragment").click()
    expect(full_runs(page)).to_have_text("2")


def test_kt2_an_interaction_during_a_run_cuts_it_short(page):
    """Fails if the timeline said fastReruns stopped a run it did not: with runner.fastReruns
    off, the old run is cut by a rerun request at its next st call instead, and the timeline
    says so; or if it blamed the cut on st.rerun() or st.stop(), or lost the student's change."""
    open_lesson(page, "rerun-basics")
    name = page.get_by_label("Your name")
    name.fill("Ada")
    name.press("Enter")
    # The counter at the top is drawn as the run for "Ada" starts; its one-second slow step
    # follows: change the name again now.
    expect(full_runs(page)).to_have_text("2")
    name.fill("Bob")
    name.press("Enter")
    # The run cut short never finished, so the new one is compared with the run before it.
    expect(newest_run(page)).to_contain_text("name: '' → 'Bob'")
    expect(newest_run(page)).to_contain_text("slow step")  # the new run's own note, not lost to the old one
    cut = timeline_entries(page).nth(1)
    expect(cut).to_contain_text("name: '' → 'Ada'")
    expect(cut).to_contain_text("cut short: a newer interaction started a new run (runner.fastReruns)")
    # Must NOT happen: the cut blamed on st.rerun() or st.stop(), or the student's change lost.
    expect(timeline_entries(page).filter(has_text="st.rerun()")).to_have_count(0)
    expect(timeline_entries(page).filter(has_text="st.stop()")).to_have_count(0)
    expect(page.get_by_text("Hello Bob, you picked 3")).to_be_visible()


def test_kt3_a_keyed_button_clicked_twice_in_a_row_is_named_both_times(page):
    """Fails if the timeline called the second click of the same keyed button "a widget
    without a key" (comparing with how the first click's run ended, the button still True:
    the server sets it back to False after that run), or named the button in the run a name
    typed afterwards caused."""
    open_lesson(page, "rerun-basics")
    for run in ("2", "3"):
        button(page, "Add one click").click()
        expect(full_runs(page)).to_have_text(run)
        expect(newest_run(page)).to_contain_text(f"#{run} ")
        expect(newest_run(page)).to_contain_text("add_click = True")
        wait_for_run_to_finish(page)
    name = page.get_by_label("Your name")
    name.fill("Ada")
    name.press("Enter")
    expect(newest_run(page)).to_contain_text("name: '' → 'Ada'")
    # Must NOT happen: the button, back to False, named in the run the name caused.
    expect(newest_run(page)).not_to_contain_text("add_click")
