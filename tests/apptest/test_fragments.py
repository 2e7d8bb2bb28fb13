"""fragments: what AppTest can check. A widget inside a fragment reruns the whole script in
AppTest and run_every never fires, so those are proven in a real browser
(tests/browser/test_fragments.py). A widget callback calling st.rerun("<fragment key>") does
make a fragment-only run in AppTest (the same ScriptRunner as the server): the small scripts
below use it, and after such a run AppTest's tree holds only what that run drew. AppTest holds
back a form's inputs by itself: FR9 (a form's inputs in one rerun) is proven in the browser."""

import pytest
from streamlit.testing.v1 import AppTest

from apptest_helpers import check, full_runs, metric, predict, texts

FRAGMENT_RUNS = "Fragment-only reruns"


def test_first_run_has_no_fragment_only_rerun(open_lesson):
    at = open_lesson("fragments")
    assert not at.exception
    assert full_runs(at) == 1
    assert metric(at, FRAGMENT_RUNS) == "0"


def test_fr2_a_click_outside_the_fragment_reruns_everything(open_lesson):
    """Fails if a full run skipped the fragment's code (its counter would be missing from the run's
    page), or counted it as a run of the fragment on its own."""
    at = open_lesson("fragments")
    at.button(key="outside").click().run()
    assert full_runs(at) == 2
    # The fragment ran as part of the full run (its elements were drawn again) ...
    assert any(m.label == FRAGMENT_RUNS for m in at.main.metric)
    # ... and must NOT count as a run on its own.
    assert metric(at, FRAGMENT_RUNS) == "0"


def test_the_clock_is_off_until_switched_on(open_lesson):
    at = open_lesson("fragments")
    assert "ticks so far: **0**" in texts(at)
    at.toggle(key="clock_on").set_value(True).run()
    assert not at.exception
    assert "ticks so far: **0**" in texts(at)  # AppTest doesn't tick; the browser test does


def test_fr16_a_click_outside_leaves_the_fragments_own_count_as_it_was(open_lesson):
    """Fails if the full run counted as a run of the fragment on its own (the counter would read 1
    and "a higher number" would be right)."""
    at = predict(open_lesson("fragments"), "outside-once", "the same number as before")
    at.button(key="outside").click().run()
    assert full_runs(at) == 3  # the lock-in's run and the click's: both full runs
    assert metric(at, FRAGMENT_RUNS) == "0"
    assert check(at, "outside-once").startswith(
        "Right: *Fragment-only reruns* shows the same number as before."
    )


def test_outside_once_refuses_a_higher_number(open_lesson):
    at = predict(open_lesson("fragments"), "outside-once", "a higher number")
    at.button(key="outside").click().run()
    verdict = check(at, "outside-once")
    assert verdict.startswith("*Fragment-only reruns* shows the same number as before, not a higher number.")


def test_outside_once_reads_the_count_the_timeline_keeps(open_lesson):
    # A widget inside the fragment reruns the whole script in AppTest: a fragment-only run of the
    # demo, as the browser makes one (tests/browser/test_fragments.py), is recorded by hand here.
    at = predict(open_lesson("fragments"), "outside-once", "a higher number")
    at.session_state["_lessonkit_timeline"].fragment_counts["demo"] = 1
    at.button(key="outside").click().run()
    assert metric(at, FRAGMENT_RUNS) == "1"  # the counter shows it, and the check reads it
    assert check(at, "outside-once").startswith("Right: *Fragment-only reruns* shows a higher number.")


def test_rolling_without_a_rerun_lags_behind(open_lesson):
    # ("Roll and rerun the fragment" calls st.rerun(scope="fragment"), which Streamlit allows
    # only during a fragment rerun: AppTest can't click it into one, the browser test does.)
    at = open_lesson("fragments")
    at.button(key="roll_lagging").click().run()
    assert 1 <= at.session_state["roll"] <= 6
    assert "Last roll, drawn at the top: **—**" in texts(at)  # drawn before the click was handled


def test_fr7_rerun_scope_fragment_is_refused_in_a_full_run(open_lesson):
    """st.rerun(scope="fragment") while the fragment runs as part of a full run (the browser test
    shows it working in a fragment rerun).

    Fails if it were allowed there, quietly rerunning the fragment or the whole app."""
    at = open_lesson("fragments")
    at.button(key="roll_rerun").click().run()
    assert "during fragment reruns" in at.exception[0].message


# Small scripts: a fragment named "side" and a button whose callback reruns only it.


def named_fragment_script():
    import streamlit as st
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    st.session_state.full = st.session_state.get("full", 0) + 1
    st.session_state.setdefault("value", 0)
    st.write(f"Drawn by the full run: value {st.session_state.value}")

    @st.fragment(key="side")
    def side():
        st.session_state.fragment_runs = st.session_state.get("fragment_runs", 0) + 1
        st.session_state.alone = bool(get_script_run_ctx().fragment_ids_this_run)
        st.sidebar.write(f"The fragment wrote this in the sidebar: value {st.session_state.value}")
        st.write(f"Inside the fragment: value {st.session_state.value}")
        if st.session_state.get("whole_page") and st.session_state.alone:
            st.rerun()

    side()
    st.sidebar.write("Drawn by the full run, in the sidebar")

    def bump():
        st.session_state.value += 1
        st.rerun("side")

    st.button("Bump and rerun the fragment", key="bump", on_click=bump)


def open_named_fragment(**state) -> AppTest:
    at = AppTest.from_function(named_fragment_script)
    for key, value in state.items():
        at.session_state[key] = value
    return at.run()


def sidebar(at: AppTest) -> list[str]:
    return [m.value for m in at.sidebar.markdown]


def test_fr3_a_callback_reruns_a_named_fragment_only():
    """Fails if st.rerun("<fragment key>") from a callback reran the whole script (full would be 2)."""
    at = open_named_fragment()
    at.button(key="bump").click().run()
    assert not at.exception
    assert at.session_state["fragment_runs"] == 2
    assert at.session_state["alone"]
    assert texts(at) == "Inside the fragment: value 1"
    # Must NOT have run the rest of the script.
    assert at.session_state["full"] == 1


def test_fr6_a_fragment_rerun_redraws_its_sidebar_line_in_place():
    """Fails if a fragment rerun left its sidebar line as the full run drew it (value 0), or sent
    the rest of the sidebar again."""
    at = open_named_fragment()
    assert sidebar(at) == [
        "The fragment wrote this in the sidebar: value 0",
        "Drawn by the full run, in the sidebar",
    ]
    at.button(key="bump").click().run()
    assert not at.exception
    # The fragment rerun sent its sidebar line again, with the new value, and nothing else there.
    assert sidebar(at) == ["The fragment wrote this in the sidebar: value 1"]
    assert at.session_state["full"] == 1  # must NOT be a full run


@pytest.mark.parametrize("target", ["sidebar", "box"])
def test_fr13_a_first_write_outside_in_a_fragment_rerun_raises(target):
    """Fails if a fragment rerun could write into a container outside it for the first time (no
    error, the line drawn)."""

    def script(target):
        import streamlit as st
        from streamlit.runtime.scriptrunner import get_script_run_ctx

        box = st.container()

        @st.fragment(key="late")
        def late():
            st.write("Inside the fragment")
            if get_script_run_ctx().fragment_ids_this_run:  # only in a fragment rerun
                (st.sidebar if target == "sidebar" else box).write("a first write outside")

        late()
        st.button("Rerun the fragment", key="go", on_click=lambda: st.rerun("late"))

    at = AppTest.from_function(script, kwargs={"target": target}).run()
    assert not at.exception  # the full run doesn't write outside
    at.button(key="go").click().run()
    assert "did not write to that container during the last full app run" in at.exception[0].message
    assert "a first write outside" not in [m.value for m in at.markdown]  # must NOT be drawn


def test_fr13_a_parallel_fragment_cannot_write_into_the_sidebar():
    """Fails if a parallel=True fragment could write into the sidebar as a plain fragment can."""

    def script():
        import streamlit as st

        @st.fragment(parallel=True)
        def parallel_fragment():
            st.sidebar.write("from a parallel fragment")

        parallel_fragment()

    at = AppTest.from_function(script).run()
    assert "Writing to a container created outside a parallel fragment" in at.exception[0].message
    assert not at.sidebar.markdown  # must NOT have been drawn


def test_fr14_a_fragment_rerun_does_not_redraw_the_rest_and_st_rerun_does():
    """Fails if a fragment rerun redrew the rest of the script too, or if st.rerun() called from a
    fragment rerun reran only the fragment (the full-run line would not show value 2)."""
    at = open_named_fragment()
    at.button(key="bump").click().run()
    # The line the full run drew was not sent again: it still shows value 0 in the browser.
    assert "Drawn by the full run" not in texts(at)
    assert at.session_state["value"] == 1
    assert at.session_state["full"] == 1
    # With st.rerun() (scope app) called from the fragment rerun, the whole page updates:
    at.session_state["whole_page"] = True
    at.run()  # a full run (2), to draw the button again in AppTest's tree
    at.button(key="bump").click().run()
    assert at.session_state["full"] == 3
    assert "Drawn by the full run: value 2" in texts(at)


def test_fr10_a_callback_updates_state_before_the_rerun_draws_anything():
    """Fails if a callback ran after the script had drawn (the line above would lag as it does
    without one), or if the plain button's change showed in its own run."""

    def script():
        import streamlit as st

        st.session_state.setdefault("count", 0)
        st.write(f"Drawn above the buttons: {st.session_state.count}")

        def add():
            st.session_state.count += 1

        st.button("With a callback", key="cb", on_click=add)
        if st.button("Without", key="plain"):
            st.session_state.count += 1

    at = AppTest.from_function(script).run()
    at.button(key="cb").click().run()
    assert texts(at) == "Drawn above the buttons: 1"
    at.button(key="plain").click().run()
    assert texts(at) == "Drawn above the buttons: 1"  # without a callback it lags: must NOT be 2 yet
    assert at.session_state["count"] == 2


def test_fr11_caching_skips_work_it_has_done_before():
    """Fails if st.cache_data ran the body again on the rerun (calls would be [4, 4])."""

    def script():
        import streamlit as st

        calls = st.session_state.setdefault("calls", [])

        @st.cache_data
        def slow_square(x, _calls):
            _calls.append(x)
            return x * x

        st.write(f"square: {slow_square(4, calls)}")

    at = AppTest.from_function(script).run()
    at.run()
    assert texts(at) == "square: 16"
    assert at.session_state["calls"] == [4]  # the body ran once: the rerun must NOT redo it


def test_points_twice_reads_the_argument_the_fragment_drew(open_lesson):
    # A widget inside the fragment reruns the whole script in AppTest: each click is a full run,
    # which passes the new count in, so the check must find "a higher number" here (the browser
    # test makes real fragment reruns, where it stays the same).
    at = predict(open_lesson("fragments"), "points-twice", "a higher number")
    for _ in range(2):
        at.button(key="add_point").click().run()
    assert "Argument `points`: **2**" in texts(at)
    assert check(at, "points-twice").startswith("Right: the argument `points` shows a higher number.")


def test_fr17_fr18_a_fragment_rerun_reuses_its_arguments_and_drops_its_return_value():
    """A callback's st.rerun("<key>") makes a real fragment-only run here (the browser test does
    it with a click inside the lesson's fragment).

    Fails if a fragment rerun evaluated its call's arguments again (the fragment would draw
    argument 1), or handed its return value back to the script (got_back would be set to 1)."""

    def script():
        import streamlit as st

        st.session_state.setdefault("points", 0)

        @st.fragment(key="board")
        def board(points):
            st.write(f"argument {points}, state {st.session_state.points}")
            return st.session_state.points

        st.session_state.got_back = board(st.session_state.points)

        def add_and_rerun_the_fragment():
            st.session_state.points += 1
            st.rerun("board")

        st.button("Add", key="add", on_click=add_and_rerun_the_fragment)

    at = AppTest.from_function(script).run()
    at.button(key="add").click().run()
    assert not at.exception
    assert texts(at) == "argument 0, state 1"  # must NOT be argument 1
    assert at.session_state["got_back"] == 0  # the fragment rerun's 1 went nowhere
    at.run()  # a full run passes the new value in and gets the answer back
    assert texts(at) == "argument 1, state 1"
    assert at.session_state["got_back"] == 1
