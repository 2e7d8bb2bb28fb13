"""The real browser the tests and the benchmarks drive: the system's Chromium, through Playwright.

Playwright's own browser download is not used: CHROMIUM_PATH (default /usr/bin/chromium,
Debian's `chromium` package) names the browser. Playwright is a test tool
(tests/requirements.txt): import it where a browser is launched, never at module level
here, so that harness/ stays importable without it.
"""

from __future__ import annotations

import os

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
