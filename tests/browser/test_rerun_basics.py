"""rerun-basics: the lesson's key claims as a student sees them in a real browser through nginx,
each with something that must NOT happen. Waits on conditions (expect), never on sleeps."""

from playwright.sync_api import expect

from student_view import button, full_runs, newest_run, open_lesson


def test_rerun_basics_every_interaction_reruns_and_a_plain_variable_forgets(page):
    open_lesson(page, "rerun-basics")
    name = page.get_by_label("Your name")
    name.fill("Ada")
    name.press("Enter")
    expect(full_runs(page)).to_have_text("2")
    expect(newest_run(page)).to_contain_text("name: '' → 'Ada'")
    expect(page.get_by_text("Hello Ada")).to_be_visible()
    for runs in ("3", "4"):
        button(page, "Add one click").click()
        expect(full_runs(page)).to_have_text(runs)
        # Must NOT happen: the plain variable counting past 1.
        expect(page.get_by_text("Clicks in a plain variable: 1")).to_be_visible()
