"""Streamlit still works under the content security policy nginx sends with every page (each
page's own scripts under it, once drawn: test_page_content.py)."""

from playwright.sync_api import expect

from student_view import button, full_runs, wait_for_run_to_finish


def test_a_lesson_works_interactively_under_the_policy(page):
    violations = []
    page.on("console", lambda msg: "Content Security Policy" in msg.text and violations.append(msg.text))
    page.goto("/callbacks/")
    wait_for_run_to_finish(page)
    button(page, "Increment").click()
    expect(full_runs(page)).to_have_text("2")
    assert not violations, violations
