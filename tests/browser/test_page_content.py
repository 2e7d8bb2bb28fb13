"""What each page holds once drawn, read from one load of it: no serious accessibility
violation, and scripts that all ran under nginx's content security policy.

Both checks read the same load (a module-scoped page per path): a page load costs the test
browser about 5 s of CPU, and neither check changes the page. The Compose pass only
(page_content, tests/conftest.py): the Swarm pass serves the same images and nginx config.
"""

from dataclasses import dataclass

import pytest
from playwright.sync_api import Page, expect

from repo_layout import LESSONS
from student_context import fresh_page
from student_view import full_runs, serious_accessibility_violations, wait_for_run_to_finish

LESSON_PATHS = [lesson.path for lesson in LESSONS]
PAGES = ["/", "/teacher/", "/no-such-lesson/", f"/_lab/down/{LESSONS[0].slug}.html", *LESSON_PATHS]

pytestmark = pytest.mark.page_content


@dataclass
class Drawn:
    page: Page
    policy: str  # the Content-Security-Policy header the page came with
    refused: list[str]  # what the browser said the policy refused while the page was drawn


def wait_until_drawn(page: Page, path: str) -> None:
    """Until the page's own scripts have run (the static pages draw nothing more)."""
    if path == "/":
        expect(page.locator("#class-qr svg")).to_be_visible()  # the landing page's script drew it
    elif path == "/teacher/":
        expect(page.get_by_text("Students connected now")).to_be_visible()
    elif path in LESSON_PATHS:
        expect(full_runs(page)).to_have_text("1")  # the websocket and the script run work
        wait_for_run_to_finish(page)  # the whole lesson is drawn


@pytest.fixture(scope="module", params=PAGES)
def drawn(request, browser, stack) -> Drawn:
    path = request.param
    login = {}
    if path == "/teacher/":
        user, password = stack.teacher_auth()
        login = {"http_credentials": {"username": user, "password": password}}
    pages = fresh_page(browser, stack, request, **login)
    page = next(pages)
    refused = []
    page.on("console", lambda msg: "Content Security Policy" in msg.text and refused.append(msg.text))
    response = page.goto(path)
    wait_until_drawn(page, path)
    yield Drawn(page, response.headers.get("content-security-policy", ""), list(refused))
    next(pages, None)  # closes its browser context


def test_no_serious_accessibility_violations(drawn):
    serious = serious_accessibility_violations(drawn.page)
    assert not serious, serious


def test_no_content_security_policy_violation(drawn):
    assert "default-src 'self'" in drawn.policy
    assert not drawn.refused, drawn.refused
