"""fragments: the lesson's key claims as a student sees them in a real browser through nginx,
each with something that must NOT happen. Waits on conditions (expect), never on sleeps."""

import re

from playwright.sync_api import expect

from student_view import button, counter, full_runs, open_lesson, timeline_entries, toggle


def test_fragments_a_click_inside_reruns_only_the_fragment(page):
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


def test_fragments_run_every_ticks_without_interaction(page):
    open_lesson(page, "fragments")
    toggle(page, "Run the clock (ticks every 2 s)").click()
    expect(full_runs(page)).to_have_text("2")
    expect(page.get_by_text(re.compile(r"ticks so far: 2$"))).to_be_visible(timeout=15_000)
    # Must NOT happen: a tick rerunning the whole script.
    expect(full_runs(page)).to_have_text("2")


def test_fragments_rerun_scope_fragment_redraws_the_fragment(page):
    open_lesson(page, "fragments")
    button(page, "Roll and rerun the fragment").click()
    expect(page.get_by_text(re.compile(r"^Last roll, drawn at the top: [1-6]$"))).to_be_visible()
    expect(full_runs(page)).to_have_text("1")


def test_fragments_a_fragment_rerun_redraws_what_it_wrote_outside(page):
    open_lesson(page, "fragments")
    line = page.get_by_text(re.compile(r"^The dice fragment has rerun on its own"))
    expect(line).to_have_text("The dice fragment has rerun on its own 0 time(s)")  # full run
    for reruns in (1, 2):
        button(page, "Roll (the line above lags)").click()
        expect(line).to_have_text(f"The dice fragment has rerun on its own {reruns} time(s)")
    expect(line).to_have_count(1)  # redrawn in place, not added
    expect(full_runs(page)).to_have_text("1")  # must NOT have rerun the whole script
    expect(page.get_by_test_id("stException")).to_have_count(0)
