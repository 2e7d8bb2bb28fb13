"""forms: the lesson's key claims as a student sees them in a real browser through nginx,
each with something that must NOT happen. Waits on conditions (expect), never on sleeps."""

import re

from playwright.sync_api import expect

from student_view import button, full_runs, open_lesson


def test_forms_typing_does_not_rerun_until_submit(page):
    open_lesson(page, "forms")
    form = page.get_by_test_id("stForm").first
    field = form.get_by_role("textbox", name="Enter some text")
    field.fill("hello")
    field.press("Tab")  # leaving a field outside a form would rerun the script
    form.get_by_role("button", name="Submit").click()
    expect(page.get_by_text("Submitted: hello")).to_be_visible()
    # Exactly one rerun for the submit: the typing must NOT have caused one of its own.
    expect(full_runs(page)).to_have_text("2")


def test_forms_clear_on_submit_empties_the_field(page):
    open_lesson(page, "forms")
    field = page.get_by_role("textbox", name=re.compile("^Item"))
    field.fill("apple")
    button(page, "Add").click()
    expect(page.get_by_text("Basket: ['apple']")).to_be_visible()
    expect(field).to_have_value("")
