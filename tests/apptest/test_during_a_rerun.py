"""during-a-rerun: what the page does while the script runs.

AppTest runs a script to its end, one run at a time, and keeps only the final page (it skips
transient elements like a spinner): what a student sees *during* a run (elements streamed,
stale ones faded, a run cut short by a click) is proven in tests/browser/test_during_a_rerun.py.
Here: the final page of each demo, placeholders, st.progress and st.status, the spinner's
delay, the fastReruns default, and where a stopped run stops (the real runner's stop request, sent
from another thread: what the server does to a running script when a click comes)."""

import re
import time

import pytest
from streamlit import config
from streamlit.elements import spinner as spinner_module
from streamlit.testing.v1 import AppTest

from apptest_helpers import check, full_runs, not_judged, predict, texts
from rerunlab.lessonkit import SECTIONS

SLUG = "during-a-rerun"


def work_log(at) -> str:
    lines = [m.value for m in at.main.markdown if m.value.startswith("Work log: ")]
    assert len(lines) == 1, lines
    return lines[0]


def clicks_lines(at) -> tuple[str, str]:
    """The 'Clicks: **n**' line of the left column (no placeholder) and of the right one."""
    left, right = at.columns[0], at.columns[1]
    return (
        next(m.value for m in left.markdown if m.value.startswith("Clicks:")),
        next(m.value for m in right.markdown if m.value.startswith("Clicks:")),
    )


def test_the_lesson_loads_with_its_sections_counter_demos_and_exercise(open_lesson):
    at = open_lesson(SLUG)
    assert not at.exception
    assert [h.value for h in at.header] == [f"{i} · {t}" for i, t in enumerate(SECTIONS.values(), 1)]
    assert full_runs(at) == 1
    assert at.button(key="slow_run").label == "Start a slow run"
    assert work_log(at) == "Work log: empty"
    assert not at.get("progress")  # drawn only by a slow run
    assert not at.status
    assert clicks_lines(at) == ("Clicks: **0**", "Clicks: **0**")
    assert at.number_input(key="_lessonkit_guess_slow-twice").label == "My prediction"


def test_dr7_dr17_a_slow_run_fills_one_bar_and_completes_its_status(open_lesson):
    """Fails if each bar.progress() call drew a new bar (four bars, not one), or if leaving the
    status block while it was still running left it running."""
    at = open_lesson(SLUG)
    at.button(key="slow_run").click().run()
    assert not at.exception
    # One bar, updated in place: a new element per .progress() call must NOT pile up.
    bars = at.get("progress")
    assert [(b.value, b.text) for b in bars] == [(100, "Run #2: 3 of 3 steps")]
    assert [(s.label, s.state) for s in at.status] == [("Run #2: all 3 steps done", "complete")]
    for step in (1, 2, 3):
        assert f"Run #2: step {step} done" in texts(at)
    assert work_log(at) == "Work log: #2 started → #2 step 1 → #2 step 2 → #2 step 3"


def test_a_run_that_does_not_start_the_slow_demo_draws_none_of_it(open_lesson):
    at = open_lesson(SLUG)
    at.button(key="slow_run").click().run()
    at.button(key="add_slot").click().run()  # a run where the button is False again
    assert not at.get("progress")
    assert not at.status
    assert "Run #2: step 1 done" not in texts(at)
    assert work_log(at).startswith("Work log: #2 started")  # the list in session state stays


def test_dr10_dr11_dr12_the_placeholder_shows_the_new_count_in_the_same_run(open_lesson):
    """Fails if a write into st.empty() showed only at the next run (or needed st.rerun()), or
    appeared below the button whose code ran before it, or if the line drawn before the click's
    handling were already up to date."""
    at = open_lesson(SLUG)
    at.button(key="add_late").click().run()
    assert at.session_state["late_clicks"] == 1
    assert clicks_lines(at)[0] == "Clicks: **0**"  # drawn before the click was handled: one behind
    at.button(key="add_slot").click().run()
    assert at.session_state["slot_clicks"] == 1
    assert clicks_lines(at) == ("Clicks: **1**", "Clicks: **1**")  # left caught up a run late
    assert full_runs(at) == 3  # one run per click: no extra run (no st.rerun) behind the placeholder
    # Written after the button, shown above it: in the spot st.empty() reserved, not where it ran.
    right = [
        c.value if c.type == "markdown" else c.label
        for c in at.columns[1].children.values()
        if c.type in ("markdown", "button")
    ]
    assert right == ["Clicks: **1**", "Add one (placeholder)"], right


def test_dr9_dr10_st_empty_keeps_one_element_and_st_container_keeps_them_all():
    """Fails if st.empty() kept both writes, if st.container() kept only its last one, or if a
    later write went where the code ran (below "below") instead of into the reserved spot."""

    def script():
        import streamlit as st

        slot = st.empty()
        box = st.container()
        st.write("below")
        slot.write("first")
        slot.write("second")  # replaces "first"
        box.write("one")
        box.write("two")

    at = AppTest.from_function(script).run()
    assert [m.value for m in at.main.markdown] == ["second", "one", "two", "below"]
    assert "first" not in [m.value for m in at.main.markdown]


def test_dr5_dr15_a_spinner_shows_only_after_half_a_second_and_is_cleared_at_the_end(monkeypatch):
    """What st.spinner sends to the browser, recorded at the message it enqueues.

    Fails if the spinner showed at once (a 0.1 s block would send it too), or stayed after its
    block ended (no clearing message)."""
    sent = []
    real = spinner_module.enqueue_message

    def record(msg):
        sent.append("spinner" if msg.delta.new_transient.elements else "cleared")
        return real(msg)

    monkeypatch.setattr(spinner_module, "enqueue_message", record)

    def script():
        import time

        import streamlit as st

        with st.spinner("Working…"):
            time.sleep(st.session_state.seconds)

    for seconds, expected in ((0.1, ["cleared"]), (0.9, ["spinner", "cleared"])):
        sent.clear()
        at = AppTest.from_function(script)
        at.session_state.seconds = seconds
        at.run()
        assert not at.exception
        # A quick block must NOT show the spinner; a slow one shows it, then clears it.
        assert sent == expected, (seconds, sent)
    assert spinner_module.DELAY_SECS == 0.5


def test_dr16_st_progress_takes_an_int_percentage_or_a_float_fraction():
    """Fails if st.progress read 1 and 1.0 alike (both full, or both 1 %)."""

    def script():
        import streamlit as st

        st.progress(1)
        st.progress(1.0)
        st.progress(50)
        st.progress(0.5)

    at = AppTest.from_function(script).run()
    assert [b.value for b in at.get("progress")] == [1, 100, 50, 50]


@pytest.mark.parametrize("value", ["101", "-1", "1.5"])
def test_dr16_st_progress_refuses_a_value_out_of_its_range(value):
    """Fails if a value outside 0-100 (int) or 0.0-1.0 (float) were clipped and drawn, not refused."""
    at = AppTest.from_string(f"import streamlit as st\nst.progress({value})\n").run()
    assert len(at.exception) == 1
    assert not at.get("progress")  # no bar drawn


STATUS_SCRIPTS = {
    "left running": ("pass", "complete"),
    "an exception escaped": ('raise ValueError("on purpose")', "error"),
    "set to error": ('status.update(state="error")', "error"),
    "set to complete": ('status.update(state="complete")', "complete"),
}


@pytest.mark.parametrize("case", STATUS_SCRIPTS)
def test_dr17_leaving_a_status_block_sets_its_state(case):
    """Fails if leaving the block left a running status running, marked an escaped exception
    complete, or overwrote a state the code had set with .update()."""
    body, state = STATUS_SCRIPTS[case]
    at = AppTest.from_string(
        f'import streamlit as st\nwith st.status("Working") as status:\n    {body}\n'
    ).run()
    assert [s.state for s in at.status] == [state]


def test_dr3_fast_reruns_is_on_by_default():
    """The default only: the browser test of a click during a slow run shows what it does.

    Fails if runner.fastReruns were off unless a config.toml turned it on."""
    option = config.get_config_options()["runner.fastReruns"]
    assert option.default_val is True
    assert "immediately" in option.description


# What a stopped run does next: each of these is a Streamlit command, where the runner checks
# for a stop request. Each stop point must NOT take effect: the assignment, the drawing.
STOP_POINTS = {
    "an assignment to st.session_state": 'st.session_state["step"] = "#2 step 2"',
    "an attribute assignment": 'st.session_state.step = "#2 step 2"',
    "a read of st.session_state": "step = st.session_state.step",
    "an element": 'st.write("#2 step 2 done")',
    "a widget": 'st.button("Start a slow run")',
}
STOPPED_RUN = """
import threading

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

log = st.session_state.setdefault("log", [])  # a plain list in session state, as the lesson's work log
st.session_state["step"] = "#2 step 1"
# Under fastReruns a click during a run makes the server call the running ScriptRunner's
# request_stop() from another thread: that sets the stop on these requests, which the runner checks.
stop = threading.Thread(target=get_script_run_ctx().script_requests.request_stop)
stop.start()
stop.join()
log.append("#2 step 1 done")  # plain Python after the stop request: it goes on
{stop_point}
log.append("past the stop point")
st.write("drawn past the stop point")
"""


@pytest.mark.parametrize("stop_point", STOP_POINTS)
def test_dr8_dr14_a_stopped_run_goes_on_to_its_next_streamlit_command_and_stops_there(stop_point):
    """The real runner's stop request, sent from another thread while the script is in plain Python.

    Fails if the stopped run finished the Streamlit command it stopped at (the assignment landing,
    the element drawn), went on past it, or were cut off in its plain Python (no append)."""
    at = AppTest.from_string(STOPPED_RUN.format(stop_point=STOP_POINTS[stop_point])).run()
    assert not at.exception
    assert at.session_state["log"] == ["#2 step 1 done"]  # the append ran; nothing past the stop point
    assert at.session_state["step"] == "#2 step 1"  # the stopped run's assignment must NOT land
    assert not at.markdown  # nothing drawn at or past the stop point
    assert not at.button


def test_slow_twice_judges_two_clicks_right(open_lesson):
    """AppTest runs each click whole: DR13's cut run is proven in the browser (test_dr13_…)."""
    at = predict(open_lesson(SLUG), "slow-twice", 2)
    started = time.perf_counter()
    at.button(key="slow_run").click().run()
    at.button(key="slow_run").click().run()  # AppTest runs them one after the other, uncut
    assert time.perf_counter() - started > 5  # each took its ~3 s
    assert check(at, "slow-twice").startswith("Right")


def step_lines(at) -> list[str]:
    return [line for line in texts(at).splitlines() if re.fullmatch(r"Run #\d+: step \d done", line)]


def test_slow_lines_judges_the_newest_runs_three_lines_right(open_lesson):
    """AppTest runs each click whole: DR18's cut run is proven in the browser (test_dr18_…)."""
    at = predict(open_lesson(SLUG), "slow-lines", 3)  # runs 1 and 2
    at.button(key="slow_run").click().run()  # run 3
    at.button(key="slow_run").click().run()  # run 4 (AppTest runs it after run 3, uncut)
    assert step_lines(at) == [f"Run #4: step {step} done" for step in (1, 2, 3)]
    assert check(at, "slow-lines").startswith("Right: the page shows 3 step lines.")


def test_slow_lines_refuses_a_line_count_the_page_does_not_show(open_lesson):
    at = predict(open_lesson(SLUG), "slow-lines", 6)
    for _ in range(2):  # AppTest clicks once a run has finished: two whole slow runs
        at.button(key="slow_run").click().run()
    assert check(at, "slow-lines").startswith("The page shows 3 step lines, not 6.")


def test_slow_lines_reads_the_page_a_run_without_the_slow_demo_left(open_lesson):
    at = predict(open_lesson(SLUG), "slow-lines", 6)
    for _ in range(2):
        at.button(key="slow_run").click().run()
    # A run that doesn't start the slow demo takes its lines off the page: the check reads that too.
    at.button(key="add_slot").click().run()
    assert step_lines(at) == []
    assert check(at, "slow-lines").startswith("The page shows 0 step lines, not 6.")


def test_dr19_the_placeholder_shows_the_new_count_in_the_clicks_own_run(open_lesson):
    """Fails if the placeholder showed the new count only a run later (it would still read 0
    and "the same count" would be right), as the line drawn above the other button does."""
    at = predict(open_lesson(SLUG), "placeholder-once", "a higher count")
    at.button(key="add_slot").click().run()
    assert clicks_lines(at)[1] == "Clicks: **1**"
    assert check(at, "placeholder-once").startswith("Right: the line shows a higher count.")


def test_placeholder_once_refuses_the_same_count(open_lesson):
    at = predict(open_lesson(SLUG), "placeholder-once", "the same count as before")
    at.button(key="add_slot").click().run()
    assert check(at, "placeholder-once").startswith(
        "The line shows a higher count, not the same count as before."
    )


def test_placeholder_once_judges_nothing_after_the_other_columns_button(open_lesson):
    """Fails if any click counted as the action: "the same count" would then be right."""
    at = predict(open_lesson(SLUG), "placeholder-once", "the same count as before")
    at.button(key="add_late").click().run()  # the other column's button: the placeholder stays at 0
    assert clicks_lines(at) == ("Clicks: **0**", "Clicks: **0**")
    assert not_judged(at, "placeholder-once").startswith("Not yet: click *Add one (placeholder)* once")


def test_fragment_during_reads_the_started_runs_lines_off_the_page(open_lesson):
    # AppTest runs a click inside the fragment as a whole run, after the slow run has ended
    # (nothing queued, no fragment-only run): that run doesn't draw the slow demo, so the page
    # shows none of the started run's lines, and the check must say so. DR20 and DR21, where the
    # click is queued behind the slow run, are proven in the browser.
    at = predict(open_lesson(SLUG), "fragment-during", 3)
    at.button(key="slow_run").click().run()
    at.button(key="fragment_click").click().run()
    assert step_lines(at) == []
    assert check(at, "fragment-during").startswith("The page shows 0 step lines of that run, not 3.")


def test_fragment_during_counts_the_started_runs_lines_when_they_are_on_the_page(open_lesson):
    at = predict(open_lesson(SLUG), "fragment-during", 3)
    at.button(key="fragment_click").click().run()
    assert "The work log's end, as this fragment saw it: fragment click" in texts(at)
    at.button(key="slow_run").click().run()
    assert step_lines(at) == [f"Run #4: step {step} done" for step in (1, 2, 3)]
    assert check(at, "fragment-during").startswith("Right: the page shows 3 step lines of that run.")


def test_fragment_during_judges_nothing_without_the_click_inside_the_fragment(open_lesson):
    at = predict(open_lesson(SLUG), "fragment-during", 3)
    at.button(key="slow_run").click().run()
    assert not_judged(at, "fragment-during").startswith("Not yet")
