"""Headless Chromium through the real stack (Playwright driving the system's Chromium).

Playwright's own browser download is not used: CHROMIUM_PATH (default /usr/bin/chromium,
Debian's `chromium` package) names the browser.
"""

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect, sync_playwright

from harness.chromium import CHROMIUM, CHROMIUM_ARGS  # shared with harness/page_load.py
from student_context import CONSOLE, fresh_page

# A lesson's first render includes a deliberately slow step (about a second).
expect.set_options(timeout=30_000)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).is_file():
        pytest.fail(
            f"the browser tests need Chromium at {CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)"
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, stack, request) -> Page:
    """A fresh browser context (a new student) per test."""
    yield from fresh_page(browser, stack, request)


@pytest.fixture
def teacher_page(browser, stack, request) -> Page:
    """A fresh browser context logged in as the teacher (HTTP basic auth, sent when asked)."""
    user, password = stack.teacher_auth()
    yield from fresh_page(browser, stack, request, http_credentials={"username": user, "password": password})


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """On a failure, the report shows what the student saw: a flaky browser test is
    otherwise hard to understand from CI's output alone."""
    report = yield
    page = item.funcargs.get("page") or item.funcargs.get("teacher_page")
    page = page if report.when == "call" and report.failed else None
    if page is not None and not page.is_closed():
        try:
            seen = page.locator("body").inner_text(timeout=5_000)
        except Exception as error:  # the page itself may be what broke
            seen = f"(could not read the page: {error})"
        report.sections.append(("the page when the test failed", f"{page.url}\n{seen}"))
        console = item.stash.get(CONSOLE, [])
        report.sections.append(("the browser console (last 30)", "\n".join(console[-30:]) or "(empty)"))
    return report
