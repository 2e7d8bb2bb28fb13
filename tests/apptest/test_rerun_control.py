"""rerun-control: st.rerun adds a run, st.stop cuts the page short (but finally runs), st.dialog
opens, and small scripts for what the lesson states in general."""

import pytest
from streamlit.testing.v1 import AppTest

from apptest_helpers import check, full_runs, not_judged, predict, texts, timeline


def items_line(at):
    return next(m.value for m in at.markdown if m.value.startswith("Items, counted above"))


def cleanups_line(at):
    return next(m.value for m in at.markdown if m.value.startswith("`finally` blocks run"))


def test_rc4_without_st_rerun_the_count_drawn_first_lags(open_lesson):
    at = open_lesson("rerun-control")
    assert not at.exception
    at.button(key="add_item").click().run()
    assert len(at.session_state["items"]) == 1
    assert items_line(at).endswith("**0**")  # drawn before the click was handled: it lags
    assert full_runs(at) == 2


def test_rc1_rc5_st_rerun_adds_a_run_that_shows_the_new_count(open_lesson):
    at = open_lesson("rerun-control")
    at.button(key="add_item_rerun").click().run()
    assert items_line(at).endswith("**1**")
    assert full_runs(at) == 3
    newest, cut_short = timeline(at)[:2]
    assert "st.rerun()" in newest
    assert "cut short by st.rerun()" in cut_short


def test_rc1_nothing_after_st_rerun_runs_in_that_run():
    at = AppTest.from_string(
        """
import streamlit as st
log = st.session_state.setdefault("log", [])
log.append("before")
if len(log) == 1:
    st.rerun()
log.append("after")
"""
    ).run()
    # The first run stopped at st.rerun() and a second one ran whole; "after" must NOT come twice.
    assert at.session_state["log"] == ["before", "before", "after"]


def test_rc2_st_stop_cuts_the_rest_of_the_page(open_lesson):
    at = open_lesson("rerun-control")
    at.toggle(key="stop_here").set_value(True).run()
    assert not at.exception
    headers = [h.value for h in at.header]
    assert headers[-1] == "4 · Try it: predict, then check"  # pitfalls and reading must NOT be drawn
    assert "Stopped" in at.info[0].value
    assert "Not stopped: this line is drawn." not in texts(at)  # the line after st.stop()
    at.toggle(key="stop_here").set_value(False).run()
    assert "stopped by st.stop()" in timeline(at)[1]
    assert [h.value for h in at.header][-1] == "6 · Further reading"


def test_rc10_the_finally_block_runs_after_st_stop(open_lesson):
    at = open_lesson("rerun-control")
    assert cleanups_line(at).endswith("**0**")
    assert "Not stopped: this line is drawn." in texts(at)
    at.toggle(key="stop_here").set_value(True).run()
    assert at.session_state["cleanups"] == ["closed"]  # the stopped run's finally ran
    assert "Not stopped: this line is drawn." not in texts(at)  # must NOT: the line after st.stop()
    at.toggle(key="stop_here").set_value(False).run()
    assert cleanups_line(at).endswith("**1**")
    assert at.session_state["cleanups"] == ["closed"]  # a run that didn't stop must NOT add one


SCRIPT_CONTROL = """
import contextlib
import streamlit as st

log = st.session_state.setdefault("log", [])

@contextlib.contextmanager
def resource():
    try:
        yield
    finally:
        log.append("with exit")

try:
    with resource():
        try:
            if len(log) < 2:
                {call}
            log.append("after the call")
        except Exception:
            log.append("caught by except Exception")
finally:
    log.append("finally")
"""


@pytest.mark.parametrize("call", ["st.stop()", "st.rerun()"])
def test_rc9_rc10_rc12_except_exception_misses_st_stop_and_st_rerun_but_finally_and_with_run(call):
    at = AppTest.from_string(SCRIPT_CONTROL.format(call=call)).run()
    log = at.session_state["log"]
    assert log[:2] == ["with exit", "finally"]  # the with exit and the finally ran ...
    assert "caught by except Exception" not in log  # ... and except Exception must NOT have caught it
    assert "after the call" not in log[:2]


def test_rc9_except_baseexception_would_catch_st_stop():
    # The control for the test above: it is the exception's type that `except Exception` misses.
    at = AppTest.from_string(
        """
import streamlit as st
log = st.session_state.setdefault("log", [])
try:
    st.stop()
except BaseException as exc:
    log.append(type(exc).__name__)
"""
    ).run()
    assert at.session_state["log"] == ["StopException"]


@pytest.mark.parametrize(
    "streamlit_call", ["st.session_state.get('x')", "st.session_state['x'] = 1", "st.write('x')"]
)
def test_rc12_after_st_stop_a_streamlit_call_in_finally_stops_again(streamlit_call):
    at = AppTest.from_string(
        f"""
import streamlit as st
log = st.session_state.setdefault("log", [])
try:
    st.stop()
finally:
    log.append("finally started")
    try:
        {streamlit_call}
        log.append("the Streamlit call worked")
    except BaseException as exc:
        log.append(type(exc).__name__)
        raise
"""
    ).run()
    assert at.session_state["log"] == ["finally started", "StopException"]
    assert not at.exception


def test_rc11_st_rerun_without_a_changing_condition_never_ends():
    at = AppTest.from_string(
        """
import streamlit as st
st.session_state.runs = st.session_state.get("runs", 0) + 1
st.rerun()
"""
    )
    with pytest.raises(RuntimeError, match="timed out"):
        at.run(timeout=1.5)  # AppTest stops the runner at the timeout
    assert at.session_state["runs"] > 10  # it must NOT have settled after a run or two


def test_rc3_the_dialog_opens(open_lesson):
    at = open_lesson("rerun-control")
    at.button(key="open_dialog").click().run()
    assert not at.exception
    assert at.text_input(key="new_name").label == "New name"


def test_rc7_predict_two_runs_for_add_and_rerun(open_lesson):
    at = predict(open_lesson("rerun-control"), "add-and-rerun", 2)
    at.button(key="add_item_rerun").click().run()
    assert check(at, "add-and-rerun").startswith("Right")
    assert "Project: **Untitled**" in texts(at)


def test_an_exception_ends_the_run_and_the_next_run_is_whole(open_lesson):
    at = open_lesson("rerun-control")
    at.toggle(key="raise_here").set_value(True).run()
    assert "Raised on purpose" in at.exception[0].message
    assert "6 · Further reading" not in [h.value for h in at.header]  # the rest was not drawn
    at.toggle(key="raise_here").set_value(False).run()
    assert not at.exception
    assert "error: RuntimeError" in timeline(at)[1]


def headers(at) -> list[str]:
    return [h.value for h in at.header]


def test_rc14_the_items_line_shows_the_same_count_after_add_an_item(open_lesson):
    at = predict(open_lesson("rerun-control"), "add-item", "the same count as before")
    at.button(key="add_item").click().run()
    assert len(at.session_state["items"]) == 1
    assert items_line(at).endswith("**0**")
    assert check(at, "add-item").startswith("Right: the line shows the same count as before.")


def test_add_item_refuses_a_higher_count(open_lesson):
    at = predict(open_lesson("rerun-control"), "add-item", "a higher count")
    at.button(key="add_item").click().run()
    assert check(at, "add-item").startswith("The line shows the same count as before, not a higher count.")


def test_add_item_starts_from_the_count_the_lock_in_run_draws(open_lesson):
    at = open_lesson("rerun-control")
    at.button(key="add_item").click().run()  # an item the line doesn't show yet ...
    at = predict(at, "add-item", "the same count as before")
    assert items_line(at).endswith("**1**")  # ... the lock-in's run shows it
    at.button(key="add_item").click().run()
    assert items_line(at).endswith("**1**")
    # Must NOT count the item added before the lock-in as a change the action made.
    assert check(at, "add-item").startswith("Right: the line shows the same count as before.")


def test_add_item_judges_nothing_after_the_other_button(open_lesson):
    """Fails if any click counted as the action: the st.rerun() button does show a higher count."""
    at = predict(open_lesson("rerun-control"), "add-item", "a higher count")
    at.button(key="add_item_rerun").click().run()
    assert items_line(at).endswith("**1**")
    assert not_judged(at, "add-item").startswith("Not yet: click *Add an item* once")


def test_rc15_st_stop_takes_the_pitfalls_off_the_page(open_lesson):
    at = predict(open_lesson("rerun-control"), "stop-pitfalls", "gone from the page")
    assert "5 · Pitfalls" in headers(at)
    at.toggle(key="stop_here").set_value(True).run()
    assert "5 · Pitfalls" not in headers(at)
    assert check(at, "stop-pitfalls").startswith("Right: the *Pitfalls* section is gone from the page.")


def test_stop_pitfalls_refuses_still_on_the_page(open_lesson):
    at = predict(open_lesson("rerun-control"), "stop-pitfalls", "still on the page")
    at.toggle(key="stop_here").set_value(True).run()
    verdict = check(at, "stop-pitfalls")
    assert verdict.startswith("The *Pitfalls* section is gone from the page, not still on the page.")


def test_stop_pitfalls_reads_a_whole_run_after_the_stop_is_unticked(open_lesson):
    at = predict(open_lesson("rerun-control"), "stop-pitfalls", "still on the page")
    at.toggle(key="stop_here").set_value(True).run()
    # Untick it: the next run is whole again, and the same prediction is right.
    at.toggle(key="stop_here").set_value(False).run()
    assert "5 · Pitfalls" in headers(at)
    assert check(at, "stop-pitfalls").startswith("Right: the *Pitfalls* section is still on the page.")
