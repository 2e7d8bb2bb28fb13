"""fragments: what AppTest can check. AppTest reruns the whole script for a fragment's
widget and never fires run_every, so the fragment-only rerun itself is proven in a real
browser (tests/browser/test_fragments.py)."""

from apptest_helpers import full_runs, metric, texts

FRAGMENT_RUNS = "Fragment-only reruns"


def test_first_run_has_no_fragment_only_rerun(open_lesson):
    at = open_lesson("fragments")
    assert not at.exception
    assert full_runs(at) == 1
    assert metric(at, FRAGMENT_RUNS) == "0"


def test_a_click_outside_the_fragment_reruns_everything(open_lesson):
    at = open_lesson("fragments")
    at.button(key="outside").click().run()
    assert full_runs(at) == 2
    # Must NOT count: the fragment ran as part of a full run, not on its own.
    assert metric(at, FRAGMENT_RUNS) == "0"


def test_the_clock_is_off_until_switched_on(open_lesson):
    at = open_lesson("fragments")
    assert "ticks so far: **0**" in texts(at)
    at.toggle(key="clock_on").set_value(True).run()
    assert not at.exception
    assert "ticks so far: **0**" in texts(at)  # AppTest doesn't tick; the browser test does


def test_rolling_without_a_rerun_lags_behind(open_lesson):
    # ("Roll and rerun the fragment" calls st.rerun(scope="fragment"), which Streamlit allows
    # only during a fragment rerun: AppTest can't make one, the browser test clicks it.)
    at = open_lesson("fragments")
    at.button(key="roll_lagging").click().run()
    assert 1 <= at.session_state["roll"] <= 6
    assert "Last roll, drawn at the top: **—**" in texts(at)  # drawn before the click was handled
