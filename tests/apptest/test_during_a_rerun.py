"""during-a-rerun: what the page does while the script runs.

AppTest runs a script to its end, one run at a time, and keeps only the final page (it skips
transient elements like a spinner): what a student sees *during* a run (elements streamed,
stale ones faded, a run cut short by a click) is proven in tests/browser/test_during_a_rerun.py.
Here: the final page of each demo, placeholders, st.progress and st.status, the spinner's
delay, the fastReruns default, and why an assignment to st.session_state is safe in a stopped run."""

import re
import time

import pytest
from streamlit import config
from streamlit.elements import spinner as spinner_module
from streamlit.runtime.scriptrunner_utils.exceptions import StopException
from streamlit.runtime.state import SafeSessionState, SessionState
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
    at = open_lesson(SLUG)
    at.button(key="add_late").click().run()
    assert at.session_state["late_clicks"] == 1
    assert clicks_lines(at)[0] == "Clicks: **0**"  # drawn before the click was handled: one behind
    at.button(key="add_slot").click().run()
    assert at.session_state["slot_clicks"] == 1
    assert clicks_lines(at) == ("Clicks: **1**", "Clicks: **1**")  # left caught up a run late
    assert full_runs(at) == 3  # one run per click: no extra run (no st.rerun) behind the placeholder


def test_dr9_dr10_st_empty_keeps_one_element_and_st_container_keeps_them_all():
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
    body, state = STATUS_SCRIPTS[case]
    at = AppTest.from_string(
        f'import streamlit as st\nwith st.status("Working") as status:\n    {body}\n'
    ).run()
    assert [s.state for s in at.status] == [state]


def test_dr3_fast_reruns_is_on_by_default():
    option = config.get_config_options()["runner.fastReruns"]
    assert option.default_val is True
    assert "immediately" in option.description


def test_dr8_dr14_a_stopped_run_stops_at_an_assignment_before_the_value_changes():
    state = SessionState()
    state["step"] = "#2 step 1"
    stop_requested = False

    def yield_point():  # what the runner does at each Streamlit command once a stop is requested
        if stop_requested:
            raise StopException()

    session_state = SafeSessionState(state, yield_point)
    session_state["step"] = "#2 step 1 (again)"
    stop_requested = True
    with pytest.raises(StopException):
        session_state["step"] = "#2 step 2"
    assert state["step"] == "#2 step 1 (again)"  # the stopped run's assignment must NOT land
    with pytest.raises(StopException):
        session_state["step"]  # noqa: B018 (reading is a stopping point too)


def test_dr13_two_clicks_are_two_full_runs(open_lesson):
    at = predict(open_lesson(SLUG), "slow-twice", 2)
    started = time.perf_counter()
    at.button(key="slow_run").click().run()
    at.button(key="slow_run").click().run()  # AppTest runs them one after the other, uncut
    assert time.perf_counter() - started > 5  # each took its ~3 s
    assert check(at, "slow-twice").startswith("Right")


def step_lines(at) -> list[str]:
    return [line for line in texts(at).splitlines() if re.fullmatch(r"Run #\d+: step \d done", line)]


def test_dr18_after_two_slow_runs_the_page_shows_the_newest_runs_three_lines(open_lesson):
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
