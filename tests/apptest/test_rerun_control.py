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
    """Fails if the line drawn above the button showed the item the click's own run added
    (as if Streamlit redrew the page after the button's block), or the click added none."""
    at = open_lesson("rerun-control")
    assert not at.exception
    at.button(key="add_item").click().run()
    assert len(at.session_state["items"]) == 1
    assert items_line(at).endswith("**0**")  # drawn before the click was handled: it lags
    assert full_runs(at) == 2


def test_rc1_rc5_st_rerun_adds_a_run_that_shows_the_new_count(open_lesson):
    """Fails if st.rerun() started no new run (the line would lag at 0, two runs), or let the
    click's run go on to its end instead of cutting it short."""
    at = open_lesson("rerun-control")
    at.button(key="add_item_rerun").click().run()
    assert items_line(at).endswith("**1**")
    assert full_runs(at) == 3
    newest, cut_short = timeline(at)[:2]
    assert "st.rerun()" in newest
    assert "cut short by st.rerun()" in cut_short


def test_rc1_nothing_after_st_rerun_runs_in_that_run():
    """Fails if st.rerun() only asked for a run after this one ended ("after" twice), or
    started no new run ("before" once)."""
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
    """Fails if st.stop() let anything below it run, if it started a new run as st.rerun()
    does (the counter would pass 2), or if it ended the run as an error."""
    at = open_lesson("rerun-control")
    at.toggle(key="stop_here").set_value(True).run()
    assert not at.exception
    assert full_runs(at) == 2  # must NOT be 3: no new run
    headers = [h.value for h in at.header]
    assert headers[-1] == "4 · Try it: predict, then check"  # pitfalls and reading must NOT be drawn
    assert "Stopped" in at.info[0].value
    assert "Not stopped: this line is drawn." not in texts(at)  # the line after st.stop()
    at.toggle(key="stop_here").set_value(False).run()
    assert "stopped by st.stop()" in timeline(at)[1]
    assert [h.value for h in at.header][-1] == "6 · Further reading"


def test_rc10_the_finally_block_runs_after_st_stop(open_lesson):
    """Fails if st.stop() ended the run without running the finally block: the stopped run
    would add nothing to the list, and the next run's count would still say 0."""
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
    """Fails if st.stop() or st.rerun() raised an Exception (except Exception would catch it and
    the code after the call run), or ended the run skipping the with exit and the finally."""
    at = AppTest.from_string(SCRIPT_CONTROL.format(call=call)).run()
    log = at.session_state["log"]
    assert log[:2] == ["with exit", "finally"]  # the with exit and the finally ran ...
    assert "caught by except Exception" not in log  # ... and except Exception must NOT have caught it
    assert "after the call" not in log[:2]


def test_rc9_except_baseexception_would_catch_st_stop():
    """The control for the test above: it is the exception's type that except Exception misses.

    Fails if st.stop() ended the run some other way than by raising StopException (except
    BaseException would catch nothing)."""
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
    """Fails if a Streamlit call in the finally block after st.stop() worked (drawing, or
    reading or writing st.session_state), or failed with an error the student would see."""
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
    """Fails if Streamlit noticed the loop and stopped it after a run or two (the run would
    end before the timeout with a handful of runs)."""
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


def test_rc3_rename_opens_a_modal_dialog_with_its_widgets(open_lesson):
    """Fails if @st.dialog drew its widgets on the page like a plain function, not in an open
    modal, or before Rename… was clicked. That they rerun only the dialog, AppTest can't show
    (it runs no fragments): the browser test does (test_rc3_rc6_rc13)."""
    at = open_lesson("rerun-control")
    assert not at.get("dialog")  # must NOT be open before the click
    at.button(key="open_dialog").click().run()
    assert not at.exception
    (dialog,) = at.get("dialog")
    assert dialog.proto.dialog.is_open
    assert dialog.proto.dialog.title == "Rename the project"
    assert [t.key for t in dialog.text_input] == ["new_name"]
    assert not [t for t in at.main.text_input if t.key == "new_name"]  # must NOT be on the page


def test_rc7_predict_two_runs_for_add_and_rerun(open_lesson):
    """Fails if the click and st.rerun() made one run between them, or the exercise missed the
    run st.rerun() cut short: 2 would be marked wrong."""
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
    """Fails if the click's own run drew the line with its new item: the line would show 1,
    and the exercise say "a higher count"."""
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
    """Fails if the exercise took the stopped run for unfinished and judged by the last run
    that drew the pitfalls ("gone" marked wrong). AppTest shows only what a run drew: that the
    browser removes the rest is the browser test's (test_rc15 in tests/browser)."""
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
