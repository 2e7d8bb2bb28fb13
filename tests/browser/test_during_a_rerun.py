"""during-a-rerun: what a student sees while a run is in progress, in a real browser.

Only a browser shows a page *during* a run: elements arriving one by one, spots the run has
not reached yet marked stale (the 1.67 frontend sets data-stale="true" on their element
container and fades them to opacity 0.33 after a 0.5 s delay), and a click cutting a slow run
short. A MutationObserver installed before the click remembers every watched text that was in
the page even for a moment, so what must NOT happen is checked over the whole run, and short
lived things (a spinner, a bar at one third) are waited for without polling gaps.
Waits on conditions (expect, wait_for_function), never on sleeps."""

import re

import pytest
from playwright.sync_api import Page, expect
from streamlit.proto.BackMsg_pb2 import BackMsg

from rerunlab.lessonkit.timeline import ENDED_BY_NEWER_RUN
from student_view import button, full_runs, open_lesson, timeline_entries, wait_for_run_to_finish

pytestmark = pytest.mark.lesson_behaviour  # the Compose pass (tests/conftest.py)

SLUG = "during-a-rerun"
START = "Start a slow run"
DEMO_CODE = 'if st.button("Start a slow run", key="slow_run"):'

# Installed once per page: the watched texts ever present in the DOM, and the most progress
# bars ever on the page at once.
WATCH = """(texts) => {
  window.__seen = new Set();
  window.__maxBars = 0;
  const look = () => {
    const now = document.body.textContent;
    for (const text of texts) if (now.includes(text)) window.__seen.add(text);
    const bars = document.querySelectorAll('[data-testid="stProgress"]').length;
    window.__maxBars = Math.max(window.__maxBars, bars);
  };
  look();
  new MutationObserver(look).observe(document.body, {subtree: true, childList: true, characterData: true});
}"""


def watch(page: Page, *texts: str) -> None:
    page.evaluate(WATCH, list(texts))


def seen(page: Page) -> set[str]:
    return set(page.evaluate("() => [...window.__seen]"))


def wait_until_seen(page: Page, text: str) -> None:
    page.wait_for_function("(text) => window.__seen.has(text)", arg=text, timeout=30_000)


def line(page: Page, text: str):
    """A line the script wrote (not the same words in a code panel), by its exact text."""
    return page.get_by_test_id("stMarkdownContainer").get_by_text(text, exact=True)


def spot(page: Page, has):
    """The element container (the spot Streamlit marks stale) around ``has``."""
    return page.get_by_test_id("stElementContainer").filter(has=has)


def work_log(page: Page):
    return page.get_by_test_id("stMarkdownContainer").get_by_text(re.compile(r"^Work log: "))


def run_entry(page: Page, number: int):
    return timeline_entries(page).filter(has_text=re.compile(rf"^#{number} "))


def test_the_slow_run_smoke(page):
    """The lesson's main demo: one click, one full run that completes."""
    open_lesson(page, SLUG)
    button(page, START).click()
    expect(full_runs(page)).to_have_text("2")
    expect(page.get_by_text("Run #2: all 3 steps done")).to_be_visible()
    wait_for_run_to_finish(page)
    expect(page.get_by_test_id("stException")).to_have_count(0)


def test_dr1_dr5_dr7_the_page_fills_in_while_the_script_runs(page):
    """Fails if the page were sent only when the run ended (step 3's line would already be there
    with step 1's, and "working…" never shown), if the spinner stayed after its block, or if each
    step drew a bar of its own."""
    open_lesson(page, SLUG)
    watch(page, "Run #2: step 3 done", "Step 2 of 3…", "Run #2: 1 of 3 steps")
    button(page, START).click()
    # Step 1's line is on the page while the script still works on the next steps ...
    expect(line(page, "Run #2: step 1 done")).to_be_visible()
    assert "Run #2: step 3 done" not in seen(page)  # ... it must NOT wait for the end of the run
    expect(page.get_by_text("Run #2: working…")).to_be_visible()
    # During step 2: its spinner, and the bar a third full.
    wait_until_seen(page, "Step 2 of 3…")
    wait_until_seen(page, "Run #2: 1 of 3 steps")
    # At the end: the spinner is gone, the same single bar is full, the status complete.
    expect(page.get_by_text("Run #2: all 3 steps done")).to_be_visible()
    expect(page.get_by_test_id("stSpinner")).to_have_count(0)
    bar = page.get_by_test_id("stProgress")
    expect(bar).to_have_count(1)
    expect(bar).to_contain_text("Run #2: 3 of 3 steps")
    expect(bar.get_by_role("progressbar")).to_have_attribute("aria-valuenow", "100")
    assert page.evaluate("window.__maxBars") == 1  # must NOT have been one bar per step, at any time
    wait_for_run_to_finish(page)


def test_dr2_dr4_spots_not_reached_yet_are_stale_and_faded(page):
    """Fails if the spots a run hasn't reached yet kept their look (not stale, not faded) or were
    blanked, if what the run had drawn were faded too, if spots went by element rather than by
    position (the work log would stay during the run), or if unreached spots outlived the run."""
    open_lesson(page, SLUG)
    later = spot(page, page.get_by_role("heading", name="3 · Side by side"))  # far below the demo
    counter = spot(page, page.get_by_test_id("stMetric"))  # redrawn at the top of every run
    demo_code = spot(page, page.get_by_test_id("stCode").filter(has_text=DEMO_CODE))
    expect(later).to_have_attribute("data-stale", "false")
    expect(later).to_have_css("opacity", "1")
    expect(work_log(page)).to_be_visible()
    button(page, START).click()
    expect(line(page, "Run #2: step 1 done")).to_be_visible()
    expect(later).to_have_attribute("data-stale", "true")
    expect(later).to_have_css("opacity", "0.33")  # faded, after the half-second delay
    # Must NOT be faded: what this run has already drawn (the counter, step 1's line).
    expect(counter).to_have_attribute("data-stale", "false")
    expect(counter).to_have_css("opacity", "1")
    expect(spot(page, line(page, "Run #2: step 1 done"))).to_have_attribute("data-stale", "false")
    # Spots go by position: the bar and the status box took the spots of the work log and the code.
    expect(work_log(page)).to_have_count(0)
    expect(demo_code).to_have_count(0)
    expect(page.get_by_text("Run #2: working…")).to_be_visible()  # all of the above during the run
    expect(page.get_by_text("Run #2: all 3 steps done")).to_be_visible()
    wait_for_run_to_finish(page)
    expect(later).to_have_attribute("data-stale", "false")
    expect(later).to_have_css("opacity", "1")
    expect(work_log(page)).to_be_visible()
    expect(demo_code).to_have_count(1)
    # A run that doesn't draw the slow demo: once it completes, its bar and status are removed.
    button(page, "Add one (placeholder)").click()
    expect(full_runs(page)).to_have_text("3")
    wait_for_run_to_finish(page)
    expect(page.get_by_test_id("stProgress")).to_have_count(0)
    expect(page.get_by_text("Run #2: all 3 steps done")).to_have_count(0)
    expect(line(page, "Run #2: step 1 done")).to_have_count(0)


def test_dr3_dr6_dr8_dr14_a_click_during_a_slow_run_cuts_it_short(page):
    """Fails if the click waited for the running run to end (run #2 would draw its later steps
    and not be "cut short"), if the stop killed run #2 in its plain Python (the step it was in
    would never log, after run #3 started), or if that step's line reached the page."""
    open_lesson(page, SLUG)
    later_lines = [f"Run #2: step {step} done" for step in (2, 3)] + ["Run #2: all 3 steps done"]
    watch(page, *later_lines)
    button(page, START).click()
    expect(line(page, "Run #2: step 1 done")).to_be_visible()  # run #2 is past its step 1 ...
    button(page, START).click()  # ... when the second click comes
    expect(page.get_by_text("Run #3: all 3 steps done")).to_be_visible()
    wait_for_run_to_finish(page)
    # The timeline: run #2 was cut short by the newer interaction; run #3 ran whole.
    expect(run_entry(page, 2)).to_contain_text(ENDED_BY_NEWER_RUN)
    expect(run_entry(page, 3)).not_to_contain_text("cut short")
    expect(run_entry(page, 3)).to_contain_text(re.compile(r" · \d+\.\d\d s"))
    # The work log, in the order things happened (appends, from both runs).
    log = work_log(page).inner_text().removeprefix("Work log: ").split(" → ")
    assert [entry for entry in log if entry.startswith("#3 ")] == [
        "#3 started",
        "#3 step 1",
        "#3 step 2",
        "#3 step 3",
    ], log
    # Run #2 was not killed: the step it was in finished (its sleep, then its append) after
    # run #3 had started, the two runs going on at once ...
    late = [entry for entry in log[log.index("#3 started") :] if entry.startswith("#2 ")]
    assert len(late) == 1, f"expected run #2's step in progress to end after run #3 started: {log}"
    # ... yet that step's line, and anything after it, never reached the page, even for a moment.
    assert seen(page).isdisjoint({f"Run #2: step {late[0].split()[-1]} done", "Run #2: all 3 steps done"})
    expect(page.get_by_test_id("stException")).to_have_count(0)


def test_dr13_predict_two_runs_for_a_click_during_a_slow_run(page):
    """Fails if the run the second click cut short were not counted (1 run, not 2), or if the
    lock-in and Check clicks counted as the action's runs."""
    open_lesson(page, SLUG)
    exercise = page.locator(".st-key-exercise-slow-twice")
    exercise.get_by_label("My prediction").fill("2")
    button(exercise, "Lock in my prediction").click()
    expect(button(exercise, "Check")).to_be_visible()
    wait_for_run_to_finish(page)
    button(page, START).click()
    expect(line(page, "Run #3: step 1 done")).to_be_visible()
    button(page, START).click()
    expect(page.get_by_text("Run #4: all 3 steps done")).to_be_visible()
    wait_for_run_to_finish(page)
    expect(run_entry(page, 3)).to_contain_text(ENDED_BY_NEWER_RUN)
    button(exercise, "Check").click()
    expect(exercise.get_by_text(re.compile(r"^Right: the timeline shows 2 full script runs"))).to_be_visible()
    # Must NOT leave the cut run out, nor count the lock-in and Check clicks in.
    expect(exercise.get_by_text(re.compile(r"^The timeline shows"))).to_have_count(0)


def test_dr18_after_a_cut_run_the_page_shows_only_the_newest_runs_lines(page):
    """Fails if the cut run's step line stayed on the page next to the newest run's three, or if
    the exercise counted other lines than the page shows."""
    open_lesson(page, SLUG)
    exercise = page.locator(".st-key-exercise-slow-lines")
    exercise.get_by_label("My prediction").fill("3")
    button(exercise, "Lock in my prediction").click()
    expect(button(exercise, "Check")).to_be_visible()
    wait_for_run_to_finish(page)
    button(page, START).click()
    expect(line(page, "Run #3: step 1 done")).to_be_visible()
    button(page, START).click()  # during run #3: cuts it short
    expect(page.get_by_text("Run #4: all 3 steps done")).to_be_visible()
    wait_for_run_to_finish(page)
    expect(run_entry(page, 3)).to_contain_text(ENDED_BY_NEWER_RUN)
    steps = page.get_by_test_id("stMarkdownContainer").get_by_text(re.compile(r"^Run #\d+: step \d done$"))
    expect(steps).to_have_count(3)
    # Must NOT stay on the page: the cut run's line.
    expect(line(page, "Run #3: step 1 done")).to_have_count(0)
    button(exercise, "Check").click()
    expect(exercise.get_by_text(re.compile(r"^Right: the page shows 3 step lines\."))).to_be_visible()
    expect(exercise.get_by_text(re.compile(r"^The page shows"))).to_have_count(0)  # must NOT: a wrong verdict


FRAGMENT_BUTTON = "Click inside the fragment"

# Installed before the page loads: every message the page sends over its websocket, and every
# click, each with the script's state at that moment as the page knows it ("running" from the
# moment a run starts until it has finished).
RECORD_SENDS = """
window.__sent = [];
window.__clicks = [];
const state = () => document.querySelector('[data-testid="stApp"]')?.dataset.testScriptState;
const send = WebSocket.prototype.send;
WebSocket.prototype.send = function (data) {
  const bytes = ArrayBuffer.isView(data)
    ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
    : new Uint8Array(data);
  window.__sent.push({bytes: Array.from(bytes), state: state()});
  return send.call(this, data);
};
document.addEventListener("click", () => window.__clicks.push(state()), true);
"""


def fragment_reruns_sent(page: Page) -> list[str]:
    """For each fragment rerun the page asked the server for: the script's state when it went."""
    asked = []
    for message in page.evaluate("() => window.__sent"):
        back = BackMsg.FromString(bytes(message["bytes"]))
        if back.WhichOneof("type") == "rerun_script" and back.rerun_script.fragment_id:
            asked.append(message["state"])
    return asked


def fragment_line(page: Page):
    return page.get_by_test_id("stMarkdownContainer").get_by_text(
        re.compile(r"^The work log's end, as this fragment saw it: ")
    )


def test_dr20_a_click_inside_a_fragment_during_a_run_waits_for_it(page):
    """Fails if the click inside the fragment stopped the full run as a click outside does (run
    #2 cut short, its later step lines never drawn), if the fragment reran at once beside the
    run or the click were dropped (the fragment would not show it ran after #2 step 3), or if
    the browser held the click back until the run ended (its message would go once the script
    had stopped running)."""
    page.add_init_script(RECORD_SENDS)
    open_lesson(page, SLUG)
    watch(page, "Run #2: working…", "Run #2: step 2 done", "Run #2: step 3 done")
    button(page, START).click()
    wait_until_seen(page, "Run #2: working…")  # run #2 has redrawn the fragment, and works ...
    button(page, FRAGMENT_BUTTON).click()  # ... when the click inside the fragment comes
    expect(page.get_by_text("Run #2: all 3 steps done")).to_be_visible()
    expect(fragment_line(page)).to_have_text(
        "The work log's end, as this fragment saw it: #2 step 3 → fragment click"
    )
    wait_for_run_to_finish(page)
    # Run #2 ran whole: all its steps drawn, no cut in the timeline, no new full run.
    assert {"Run #2: step 2 done", "Run #2: step 3 done"} <= seen(page)
    expect(run_entry(page, 2)).not_to_contain_text("cut short")
    expect(run_entry(page, 2)).to_contain_text(re.compile(r" · \d+\.\d\d s"))
    expect(full_runs(page)).to_have_text("2")
    # The click came during run #2, and the browser sent it at once, during the run: the
    # server, not the browser, held the fragment's rerun back.
    assert page.evaluate("() => window.__clicks") == ["notRunning", "running"]  # Start, the fragment's
    assert fragment_reruns_sent(page) == ["running"]
    expect(page.get_by_test_id("stException")).to_have_count(0)


def test_dr21_after_a_fragment_click_during_a_run_the_started_runs_lines_stay(page):
    """Fails if the click inside the fragment cut the started run short (the page would show
    none of its step lines: 0, not 3), or if the exercise counted other lines than the page shows."""
    open_lesson(page, SLUG)
    exercise = page.locator(".st-key-exercise-fragment-during")
    exercise.get_by_label("My prediction").fill("3")
    button(exercise, "Lock in my prediction").click()
    expect(button(exercise, "Check")).to_be_visible()
    wait_for_run_to_finish(page)
    watch(page, "Run #3: working…")
    button(page, START).click()
    wait_until_seen(page, "Run #3: working…")
    button(page, FRAGMENT_BUTTON).click()
    expect(page.get_by_text("Run #3: all 3 steps done")).to_be_visible()
    expect(fragment_line(page)).to_have_text(
        "The work log's end, as this fragment saw it: #3 step 3 → fragment click"
    )
    wait_for_run_to_finish(page)
    steps = page.get_by_test_id("stMarkdownContainer").get_by_text(re.compile(r"^Run #3: step \d done$"))
    expect(steps).to_have_count(3)
    button(exercise, "Check").click()
    expect(
        exercise.get_by_text(re.compile(r"^Right: the page shows 3 step lines of that run\."))
    ).to_be_visible()
    expect(exercise.get_by_text(re.compile(r"^The page shows"))).to_have_count(0)  # must NOT: a wrong verdict
