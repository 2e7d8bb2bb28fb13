"""A class behind one address (a school's NAT) opening a lesson at once is not refused, while
one address flooding a lesson's Python still is: nginx's per-IP limits (nginx/nginx.conf)
count only the requests that reach a lesson's Python, never the frontend's files.

Both run against a second nginx in front of the same lessons with a small rate limit (5
requests/s, bursts of 50: nginx/entrypoint.sh), so that a small class shows it. Each student
loads the page as a fresh browser does (harness/page_load.py): the page, then every file
Chromium was seen to load for it, over 6 kept-alive connections."""

import asyncio
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from figures import report
from harness.chromium import CHROMIUM
from harness.page_load import BROWSER_CONNECTIONS, fetch_all, load_page, record_page_files
from repo_layout import lesson_named

LESSON = lesson_named("forms")  # any lesson: the frontend is the same; this one starts quickly
RATE = 5  # RERUNLAB_MAX_REQUESTS_PER_IP
BURST = RATE * 10  # nginx/entrypoint.sh lets 10 s worth through at once


def reaches_python(path: str) -> bool:
    """Whether nginx passes this path (relative to /<slug>/) to the lesson, and so counts it
    against the rate limit (nginx.conf's $python_client map)."""
    return not (path.startswith("static/") or path in ("favicon.png", "manifest.json"))


def in_a_thread(work):
    """Runs work() in a thread of its own: Playwright's sync API and asyncio.run each need a
    thread without a running event loop, and tests/browser's Playwright keeps one in the main
    thread of the same pytest process."""
    with ThreadPoolExecutor(max_workers=1) as runner:
        return runner.submit(work).result()


@pytest.fixture(scope="module")
def page_files(stack) -> list[str]:
    """What Chromium loads for the lesson page, recorded once through the stack's own nginx."""
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"recording a page load needs Chromium at {CHROMIUM} (or set CHROMIUM_PATH)")
    return in_a_thread(lambda: record_page_files(stack.base_url, LESSON.slug))


def test_a_class_behind_one_address_opens_a_lesson_without_refusals(second_nginx, page_files):
    nginx = second_nginx(RERUNLAB_MAX_REQUESTS_PER_IP=str(RATE))
    dynamic = [path for path in page_files if reaches_python(path)]  # the page, health, host-config
    # As many students as the burst lets reach Python at once: more would be refused, rightly.
    students = BURST // len(dynamic)
    assert students >= 10, f"a page load reaches Python {len(dynamic)} times: {dynamic}"

    async def class_opens_the_page():
        return await asyncio.gather(*(load_page(nginx.url, LESSON.slug, page_files) for _ in range(students)))

    loads = in_a_thread(lambda: asyncio.run(class_opens_the_page()))
    statuses, errors = Counter(), Counter()
    for load in loads:
        statuses.update(load.statuses)
        errors.update(load.errors)
    assert not errors
    assert statuses == {200: students * len(page_files)}  # no 429, no 5xx, nothing missing
    # The point: the class sent far more requests than the limit lets reach Python.
    assert students * (len(page_files) - len(dynamic)) > 10 * BURST
    report(
        "class burst from one address at 5 requests/s per address",
        f"{students} students x {len(page_files)} requests, none refused",
    )


def test_one_address_flooding_a_lessons_python_is_still_refused(second_nginx):
    nginx = second_nginx(RERUNLAB_MAX_REQUESTS_PER_IP=str(RATE))
    pages = [f"/{LESSON.slug}/"] * (3 * BURST)  # the page itself: every GET reaches Python
    fetched = in_a_thread(lambda: asyncio.run(fetch_all(nginx.url, pages, connections=BROWSER_CONNECTIONS)))
    assert not fetched.errors
    assert set(fetched.statuses) <= {200, 429}  # refused politely, never a 5xx
    assert fetched.refused > 0
    # Must NOT happen: more let through than the burst and the rate allow.
    assert fetched.statuses[200] <= BURST + RATE * (fetched.seconds + 1)
