"""Streamlit still works under the content security policy nginx sends with every page."""

import pytest
from playwright.sync_api import expect

from repo_layout import LESSONS
from student_view import button, full_runs, wait_for_run_to_finish


@pytest.mark.page_content  # the Compose pass (tests/conftest.py); the next test runs under both
@pytest.mark.parametrize("path", ["/", "/teacher/", *(lesson.path for lesson in LESSONS)])
def test_no_content_security_policy_violation(page, teacher_page, path):
    page = teacher_page if path == "/teacher/" else page
    violations = []
    page.on("console", lambda msg: "Content Security Policy" in msg.text and violations.append(msg.text))
    response = page.goto(path)
    assert "default-src 'self'" in response.headers["content-security-policy"]
    if path == "/":
        expect(page.locator("#class-qr svg")).to_be_visible()  # the landing page's scripts ran
    elif path == "/teacher/":
        expect(page.get_by_text("Students connected now")).to_be_visible()
    else:
        expect(full_runs(page)).to_have_text("1")  # the websocket and the script run work
        wait_for_run_to_finish(page)
    assert not violations, violations


def test_a_lesson_works_interactively_under_the_policy(page):
    violations = []
    page.on("console", lambda msg: "Content Security Policy" in msg.text and violations.append(msg.text))
    page.goto("/callbacks/")
    wait_for_run_to_finish(page)
    button(page, "Increment").click()
    expect(full_runs(page)).to_have_text("2")
    assert not violations, violations
