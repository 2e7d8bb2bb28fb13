"""session-state: the lesson's key claims as a student sees them in a real browser through nginx,
each with something that must NOT happen. Waits on conditions (expect), never on sleeps."""

from playwright.sync_api import expect

from student_view import button, full_runs, open_lesson, wait_for_run_to_finish


def test_session_state_survives_reruns_but_not_into_another_tab(page):
    open_lesson(page, "session-state")
    for runs in ("2", "3"):
        button(page, "Increment").click()
        expect(full_runs(page)).to_have_text(runs)
        wait_for_run_to_finish(page)
    expect(page.get_by_text("Count = 2", exact=True)).to_be_visible()
    other_tab = page.context.new_page()
    other_tab.goto("/session-state/")
    expect(full_runs(other_tab)).to_have_text("1")
    # Must NOT happen: another tab (another session) seeing this tab's count.
    expect(other_tab.get_by_text("Count = 0", exact=True)).to_be_visible()
    other_tab.close()
