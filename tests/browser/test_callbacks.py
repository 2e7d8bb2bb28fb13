"""callbacks: the lesson's key claims as a student sees them in a real browser through nginx,
each with something that must NOT happen. Waits on conditions (expect), never on sleeps."""

from playwright.sync_api import expect

from student_view import button, full_runs, newest_run, open_lesson


def test_callbacks_the_effect_shows_in_the_same_run(page):
    open_lesson(page, "callbacks")
    button(page, "Increment").click()
    expect(full_runs(page)).to_have_text("2")
    # Must NOT show 0: the callback ran before the script drew this line.
    expect(page.get_by_text("Count as seen at the top of this run: 1")).to_be_visible()
    expect(newest_run(page)).to_contain_text("count_value: 0 → 1")
