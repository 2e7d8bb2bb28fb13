"""Headless Chromium through the real stack (Playwright driving the system's Chromium).

Playwright's own browser download is not used: CHROMIUM_PATH (default /usr/bin/chromium,
Debian's `chromium` package) names the browser.
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect, sync_playwright

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
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
def page(browser, stack) -> Page:
    """A fresh browser context (a new student) per test."""
    context = browser.new_context(base_url=stack.base_url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()
