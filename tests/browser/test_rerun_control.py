"""rerun-control: the lesson's key claims as a student sees them in a real browser through nginx,
each with something that must NOT happen. Waits on conditions (expect), never on sleeps."""

from playwright.sync_api import expect

from student_view import button, full_runs, newest_run, open_lesson, toggle


def test_rerun_control_st_rerun_adds_a_run_and_st_stop_cuts_the_page(page):
    open_lesson(page, "rerun-control")
    button(page, "Add an item and rerun").click()
    expect(page.get_by_text("Items, counted above both buttons: 1")).to_be_visible()
    expect(full_runs(page)).to_have_text("3")
    expect(newest_run(page)).to_contain_text("st.rerun()")

    toggle(page, "Stop the script here").click()
    expect(page.get_by_text("Stopped: the pitfalls and reading below were not drawn")).to_be_visible()
    # Must NOT be drawn: everything after st.stop().
    expect(page.get_by_role("heading", name="5 · Pitfalls")).to_have_count(0)


def test_rerun_control_a_dialog_saves_and_closes_with_st_rerun(page):
    open_lesson(page, "rerun-control")
    button(page, "Rename…").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("New name").fill("Lab 1")
    dialog.get_by_label("New name").press("Enter")
    expect(dialog.get_by_text("Dialog-only reruns so far: 1")).to_be_visible()
    expect(full_runs(page)).to_have_text("2")  # the dialog reran alone
    button(page, "Save").click()
    expect(page.get_by_text("Project: Lab 1")).to_be_visible()
    expect(dialog).to_have_count(0)
