"""Reading and using a lesson page the way a student does."""

import os
import re
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Locator, Page, expect

from rerunlab.lessonkit import FULL_RUNS_LABEL as FULL_RUNS


def counter(page: Page, label: str) -> Locator:
    """The value of the st.metric with exactly this label that the student sees, as a locator
    to expect on. Visible only: right after a rerun, the page can still hold an unseen copy
    of an element from the run before (CI saw two such metrics, one with the old value)."""
    label_locator = page.get_by_test_id("stMetricLabel").get_by_text(label, exact=True)
    metric = page.get_by_test_id("stMetric").filter(has=label_locator, visible=True)
    return metric.get_by_test_id("stMetricValue")


def full_runs(page: Page) -> Locator:
    """The lesson kit's full-run counter at the top of every lesson."""
    return counter(page, FULL_RUNS)


def newest_run(page: Page) -> Locator:
    """The newest entry of the sidebar's rerun timeline."""
    return timeline_entries(page).first


def button(page: Page, name: str) -> Locator:
    """A Streamlit button (st.button or a form's submit button) by its label."""
    widgets = page.locator('[data-testid="stButton"], [data-testid="stFormSubmitButton"]')
    return widgets.get_by_role("button", name=name, exact=True)


def timeline_entries(page: Page) -> Locator:
    """The sidebar's rerun timeline, newest first."""
    return page.get_by_test_id("stSidebar").get_by_role("listitem").filter(has_text=re.compile(r"^#\d+ "))


def press_slider(page: Page, index: int, key: str, times: int = 1) -> None:
    """Moves the index-th slider of the main area with the keyboard, as a student can."""
    thumb = page.get_by_test_id("stMain").get_by_role("slider").nth(index)
    thumb.focus()
    for _ in range(times):
        thumb.press(key)


def wait_for_run_to_finish(page: Page) -> None:
    """The script has finished: Streamlit's own marker says so (what its e2e tests wait on),
    and the newest run in the timeline shows its duration. The timeline alone isn't enough:
    it is drawn at the end of a run, so until then its newest entry is the previous run's."""
    expect(page.get_by_test_id("stApp")).to_have_attribute("data-test-script-state", "notRunning")
    expect(newest_run(page)).to_contain_text(re.compile(r" · \d+\.\d\d s"))


def lock_in(page: Page, exercise_key: str, answer: str | int) -> Locator:
    """Locks in an answer in one of the lesson's predict-then-check exercises: a choice by its
    text, or a number. Returns the exercise's container once its Check button shows."""
    exercise = page.locator(f".st-key-exercise-{exercise_key}")
    if isinstance(answer, str):
        exercise.get_by_text(answer, exact=True).click()  # a choice in a form: no run yet
    else:
        exercise.get_by_role("spinbutton").fill(str(answer))
    exercise.get_by_role("button", name="Lock in my prediction").click()
    expect(exercise.get_by_role("button", name="Check", exact=True)).to_be_visible()
    return exercise


def toggle(page: Page, label: str) -> Locator:
    """An st.toggle or st.checkbox by its label (not the same words in a code panel)."""
    return page.get_by_test_id("stCheckbox").get_by_text(label, exact=True)


def _picture(name: str) -> Path | None:
    """Where <name>.png goes when RERUNLAB_SCREENSHOTS names a folder (docs/make-screenshots.sh)."""
    folder = os.environ.get("RERUNLAB_SCREENSHOTS")
    if not folder:
        return None
    Path(folder).mkdir(parents=True, exist_ok=True)
    return Path(folder) / f"{name}.png"


def screenshot(page: Page, name: str) -> None:
    """Saves the page, scrolled to the top, as <name>.png (see _picture)."""
    if (path := _picture(name)) is not None:
        size = page.viewport_size or {"width": 1280, "height": 900}
        page.mouse.move(min(640, size["width"] // 2), min(400, size["height"] // 2))  # over the page
        page.mouse.wheel(0, -20_000)  # back to the top: the heading, counter and timeline
        page.wait_for_timeout(300)  # let the scroll settle before the picture (not a test wait)
        page.screenshot(path=str(path))


def screenshot_of(part: Locator, name: str) -> None:
    """Saves one part of a page as <name>.png (see _picture)."""
    if (path := _picture(name)) is not None:
        part.scroll_into_view_if_needed()
        part.screenshot(path=str(path))


def open_lesson(page: Page, slug: str) -> None:
    """Opens a lesson through nginx and waits for its first run to finish."""
    page.goto(f"/{slug}/")
    expect(full_runs(page)).to_have_text("1")
    wait_for_run_to_finish(page)  # so that the first interaction doesn't cut the first run short


# The teacher dashboard's table: one row per lesson; columns by index.
REPLICAS, STUDENTS_NOW, STARTED_RECENTLY = 3, 4, 5


def lesson_row(page: Page, lesson) -> Locator:
    """A lesson's row in the teacher dashboard's table."""
    return page.get_by_role("row").filter(has=page.get_by_role("link", name=lesson.title, exact=True))


def click(name: str):
    return lambda page: button(page, name).click()


# One interaction per lesson that reruns the whole script (exactly once), used by test_smoke.py
# and test_phone.py. Every lesson in the catalog must have one
# (test_smoke.py: test_every_lesson_has_a_smoke_action).
SMOKE_ACTIONS = {
    "rerun-basics": click("Add one click"),
    "caching": lambda page: press_slider(page, 0, "ArrowRight"),
    "session-state": click("Increment"),
    "what-reruns": click("Add a note to all three"),
    "callbacks": click("Increment"),
    "buttons": click("Check availability"),
    "forms": lambda page: page.get_by_test_id("stForm").first.get_by_role("button", name="Submit").click(),
    # Moving the ignore-mode slider adds no run; Apply brings its value in one.
    "ignore-reruns": lambda page: [press_slider(page, 1, "ArrowRight"), button(page, "Apply").click()],
    "widget-keys": lambda page: page.get_by_text("inch", exact=True).click(),
    "fragments": click("Click outside the fragment"),
    "rerun-control": click("Add an item"),
    "during-a-rerun": click("Start a slow run"),
    "multipage": click("Add a coffee"),
}


SERIOUS = {"serious", "critical"}  # axe's impact levels the suite refuses


def serious_accessibility_violations(page: Page) -> list[str]:
    """axe-core's serious or critical findings on the page as it is now."""
    violations = Axe().run(page).response["violations"]
    return [f"{v['id']} ({v['impact']}): {v['help']}" for v in violations if v["impact"] in SERIOUS]
