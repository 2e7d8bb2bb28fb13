"""what-reruns: the lesson's key claims as students see them in a real browser through nginx,
each with something that must NOT happen. Waits on conditions (expect), never on sleeps."""

import re

import pytest
from playwright.sync_api import expect

from harness.stack import AFFINITY_COOKIE
from student_view import button, counter, full_runs, lock_in, open_lesson, toggle, wait_for_run_to_finish

pytestmark = pytest.mark.lesson_behaviour  # the Compose pass (tests/conftest.py)

SLUG = "what-reruns"
MODULE, CACHE, MINE = "imported_once.notes_added", "cached_tally()", "st.session_state.notes_added"


def test_wr5_wr7_a_threads_st_write_never_reaches_the_page(page):
    """Fails if the frontend received anything from the thread's st.write (its text on the page)
    or the run failed (an exception element) instead of going on to the script's own line."""
    open_lesson(page, SLUG)
    toggle(page, "Start a thread that calls st.write").click()
    expect(page.get_by_text("Back in the script: the thread computed 499500.")).to_be_visible()
    wait_for_run_to_finish(page)
    # Must NOT be on the page: a paragraph of the thread's line (the code panel and the
    # exercise's question name it inside other text only).
    thread_line = page.get_by_role("paragraph").filter(has_text=re.compile(r"^Hello from the thread$"))
    expect(thread_line).to_have_count(0)
    expect(page.get_by_test_id("stException")).to_have_count(0)


def test_wr2_wr4_wr8_another_students_note_counts_here_in_the_module_and_the_cache(page, browser, stack):
    """Two students on the same lesson server (the same affinity cookie: with replicas another
    one could mean another process). The neighbour adds a note; a rerun here shows the module's
    and the cache's counts up by one, this session's at 0; then the exercise says so.

    Fails if the module's variable or the cache were per session on a real server (no change
    here), or if the neighbour's click changed this session's st.session_state."""
    open_lesson(page, SLUG)
    before = {label: int(counter(page, label).inner_text()) for label in (MODULE, CACHE)}
    exercise = lock_in(page, "other-session", "the module's and the cache's, not st.session_state's")
    neighbour = browser.new_context(base_url=stack.base_url).new_page()
    neighbour.context.add_cookies(
        [cookie for cookie in page.context.cookies() if cookie["name"] == AFFINITY_COOKIE]
    )
    try:
        open_lesson(neighbour, SLUG)
        button(neighbour, "Add a note to all three").click()
        expect(counter(neighbour, MINE)).to_have_text("1")
    finally:
        neighbour.context.close()

    runs = int(full_runs(page).inner_text())
    button(page, "Rerun the script").click()
    expect(full_runs(page)).to_have_text(str(runs + 1))
    wait_for_run_to_finish(page)
    for label, count in before.items():
        assert int(counter(page, label).inner_text()) >= count + 1, label  # others may add too
    expect(counter(page, MINE)).to_have_text("0")  # must NOT move: the neighbour's session isn't ours
    exercise.get_by_role("button", name="Check").click()
    expect(exercise.get_by_text("Right: the module's and the cache's")).to_be_visible()
