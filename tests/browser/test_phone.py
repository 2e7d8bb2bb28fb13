"""A student on a phone (issue 16): Chromium's mobile emulation at 390 × 844, touch, 3× pixels.

Streamlit starts the sidebar, and the rerun timeline in it, closed on a screen this narrow:
every lesson shows a run strip at the bottom of the screen instead (lessonkit/page.py), which
every run redraws, fragment-only runs included. The landing page leads with the lessons.
"""

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from host_network import wait_for_host_network_to_settle
from repo_layout import LESSONS
from rerunlab.lessonkit.page import STRIP_KEY
from student_view import (
    SMOKE_ACTIONS,
    button,
    counter,
    full_runs,
    newest_run,
    open_lesson,
    screenshot,
    serious_accessibility_violations,
    wait_for_run_to_finish,
)

# The pages' layout at a phone's size: the Swarm pass runs the very same images, so these run
# in the Compose pass, like the lessons' behaviour (tests/conftest.py).
pytestmark = pytest.mark.lesson_behaviour

PHONE = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 3,
}


@pytest.fixture
def page(browser, stack) -> Page:
    """A fresh phone (a new student); replaces conftest.py's wide-screen page in this file."""
    wait_for_host_network_to_settle()
    context = browser.new_context(base_url=stack.base_url, **PHONE)
    page = context.new_page()
    yield page
    context.close()


def run_strip(page: Page) -> Locator:
    return page.locator(f".st-key-{STRIP_KEY}")


def strip_counts(page: Page) -> Locator:
    return run_strip(page).get_by_test_id("stMarkdown").filter(has_text=re.compile(r"^Runs: "))


def strip_last_run(page: Page) -> Locator:
    return run_strip(page).get_by_test_id("stMarkdown").filter(has_text=re.compile(r"^Last run #"))


def expect_where_the_student_looks(page: Page, element: Locator) -> None:
    """Wholly inside the viewport as the page stands (nothing scrolled or opened), and on top."""
    expect(element).to_be_in_viewport(ratio=1)
    on_top = element.evaluate(
        """element => {
            const box = element.getBoundingClientRect();
            const hit = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
            return element.contains(hit);
        }"""
    )
    assert on_top, "something covers the run strip"


def sidebar_counts(page: Page) -> tuple[str, str]:
    """The full and fragment-only run counts in the (closed) sidebar timeline's heading."""
    counts = re.compile(r"^\d+ full runs · \d+ fragment-only runs$")
    heading = page.get_by_test_id("stSidebar").get_by_text(counts)
    full, fragment = re.findall(r"\d+", heading.text_content())
    return full, fragment


def expect_no_serious_accessibility_violation(page: Page) -> None:
    serious = serious_accessibility_violations(page)
    assert not serious, serious


def expect_no_sideways_scrolling(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["viewport"]["width"], f"the page is {width} px wide"


@pytest.mark.parametrize("lesson", LESSONS, ids=[lesson.slug for lesson in LESSONS])
def test_after_a_tap_the_run_strip_shows_the_run_where_the_student_looks(page, lesson):
    open_lesson(page, lesson.slug)
    expect(strip_last_run(page)).to_contain_text("Last run #1 · full run")
    SMOKE_ACTIONS[lesson.slug](page)
    expect(full_runs(page)).to_have_text("2")  # the counter at the top, drawn after the strip's start
    # Must NOT happen: the strip lagging behind the run that drew the counter.
    assert strip_counts(page).inner_text().startswith("Runs: 2 full · 0 fragment-only")
    assert strip_last_run(page).inner_text().startswith("Last run #2 · full run · ")
    wait_for_run_to_finish(page)
    expect(strip_last_run(page)).to_contain_text(re.compile(r"^Last run #2 · full run · \d+\.\d\d s — "))
    # The strip and the sidebar timeline (closed on a phone) tell the same run.
    assert sidebar_counts(page) == ("2", "0")
    cause = newest_run(page).text_content().split(" — ")[1]
    expect(strip_last_run(page)).to_contain_text(cause)
    expect_where_the_student_looks(page, strip_counts(page))
    expect_where_the_student_looks(page, strip_last_run(page))
    expect(page.get_by_test_id("stException")).to_have_count(0)
    expect_no_sideways_scrolling(page)
    expect_no_serious_accessibility_violation(page)


def test_fragment_only_runs_update_the_strip_too(page):
    open_lesson(page, "fragments")
    for runs in (1, 2):
        button(page, "Click inside the fragment").click()
        expect(counter(page, "Fragment-only reruns")).to_have_text(str(runs))
        # Must NOT happen: the strip lagging behind the fragment run that drew the counter above,
        # or counting it as a full run.
        assert strip_counts(page).inner_text().startswith(f"Runs: 1 full · {runs} fragment-only")
        assert strip_last_run(page).inner_text().startswith(f"Last run #{runs + 1} · fragment demo · ")
        expect(strip_last_run(page)).to_contain_text(re.compile(r" · \d+\.\d\d s — "))  # and it ends
    expect(full_runs(page)).to_have_text("1")
    expect_where_the_student_looks(page, strip_counts(page))


def test_a_run_every_clock_moves_the_strip_with_no_tap(page):
    open_lesson(page, "fragments")
    page.get_by_test_id("stCheckbox").get_by_text("Run the clock (ticks every 2 s)", exact=True).click()
    ticks = page.get_by_text(re.compile(r"ticks so far: [1-9]"))
    expect(ticks).to_be_visible()
    expect(strip_last_run(page)).to_contain_text("fragment clock")
    # The strip is drawn before the clock's line in each tick: it never shows fewer runs.
    shown = int(re.search(r"ticks so far: (\d+)", ticks.inner_text()).group(1))
    counted = int(re.search(r"(\d+) fragment-only", strip_counts(page).inner_text()).group(1))
    assert counted >= shown
    page.get_by_test_id("stCheckbox").get_by_text("Run the clock (ticks every 2 s)", exact=True).click()


def test_the_whole_timeline_is_one_tap_away(page):
    open_lesson(page, "rerun-basics")
    timeline = run_strip(page).get_by_role("button", name="Timeline")
    expect_where_the_student_looks(page, timeline)
    timeline.tap()
    popover = page.get_by_test_id("stPopoverBody")
    expect(popover.get_by_role("listitem").first).to_contain_text("#1 ")
    expect(popover.get_by_role("listitem").first).to_contain_text("initial load")
    expect(popover).to_be_in_viewport()


def test_the_landing_page_leads_with_the_lessons(page):
    page.goto("/")
    first = page.locator("li.lesson").first
    expect(first.get_by_role("link")).to_have_text(re.compile(re.escape(LESSONS[0].title)))
    expect(first).to_be_in_viewport(ratio=1)  # above the fold
    join = page.get_by_text("Join the class", exact=True)
    expect(join).to_be_in_viewport()
    expect(page.locator("#class-qr")).to_be_hidden()  # the projector's panel, closed on a phone
    join.tap()  # one tap away
    expect(page.locator("#class-qr svg")).to_be_visible()
    expect_no_sideways_scrolling(page)


@pytest.mark.parametrize("path", ["/", "/no-such-lesson/"])
def test_site_pages_on_a_phone_have_no_serious_accessibility_violations(page, path):
    page.goto(path)
    expect(page.locator("main")).to_be_visible()
    expect_no_sideways_scrolling(page)
    expect_no_serious_accessibility_violation(page)


def test_phone_screenshots(page):
    """docs/make-screenshots.sh: a lesson after a tap, and the landing page, as a phone shows them."""
    page.goto("/")
    expect(page.locator("li.lesson").first).to_be_visible()
    screenshot(page, "phone-landing")
    open_lesson(page, "callbacks")
    SMOKE_ACTIONS["callbacks"](page)
    expect(full_runs(page)).to_have_text("2")
    wait_for_run_to_finish(page)
    screenshot(page, "phone-lesson")
