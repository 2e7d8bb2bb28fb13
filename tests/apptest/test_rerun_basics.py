"""rerun-basics: every interaction reruns the whole script; plain variables start over."""

import re

from streamlit.testing.v1 import AppTest

from apptest_helpers import check, full_runs, predict, texts, timeline
from rerunlab.catalog import get_lesson


def test_first_visit_runs_the_script_and_its_slow_step_once(open_lesson):
    at = open_lesson("rerun-basics")
    assert not at.exception
    assert full_runs(at) == 1
    # A second and a bit: a busy machine may sleep longer than asked.
    assert re.search(r"The slow step took 1\.\d s", texts(at))
    assert re.search(r"slow step 1\.\d s$", timeline(at)[0])


def test_rb1_rb4_each_widget_interaction_reruns_the_whole_script(open_lesson):
    """Fails if a widget change reran only part of the script: the counter at its first line
    would stay at 1, or the timeline its last line draws would not name the change; if the
    widget call returned its previous value; or if RB1 sent the student to lessons that are
    not the exceptions (a form, a widget that ignores reruns, a fragment)."""
    at = open_lesson("rerun-basics")
    exceptions = [get_lesson(slug).number for slug in ("forms", "ignore-reruns", "fragments")]
    assert "(lessons {}, {} and {} show the exceptions)".format(*exceptions) in texts(at)
    at.text_input(key="name").input("Ada").run()
    assert full_runs(at) == 2  # the counter at the very top ran again
    assert "Hello **Ada**" in texts(at)  # the widget call returned the new value
    # The timeline, drawn last, names the cause of run #2.
    assert timeline(at)[0].startswith("**#2** ")
    assert "`name`: `''` → `'Ada'`" in timeline(at)[0]
    at.slider(key="level").set_value(7).run()
    assert full_runs(at) == 3
    assert "you picked **7**" in texts(at)
    assert "slow step" in timeline(at)[0]  # the slow step ran again
    # Must NOT happen: the previous run's page left in place.
    assert "you picked **3**" not in texts(at)


def test_rb2_a_callback_runs_first_just_before_the_rerun():
    """Fails if a callback ran after the script's first line (during or after the rerun its
    click caused), or ran again in a later run without a new click."""

    def script():
        import streamlit as st

        st.session_state.setdefault("order", [])
        st.session_state.order.append("script starts")
        st.button("Go", key="go", on_click=lambda: st.session_state.order.append("callback"))

    at = AppTest.from_function(script).run()
    assert at.session_state["order"] == ["script starts"]
    at.button(key="go").click().run()
    # The click's callback ran before the rerun it caused, not during or after it.
    assert at.session_state["order"] == ["script starts", "callback", "script starts"]
    at.run()  # a rerun without a click
    # Must NOT happen: the callback running again without a new click.
    assert at.session_state["order"].count("callback") == 1


def test_rb3_rb6_rb11_an_unrelated_click_pays_the_slow_step_again(open_lesson):
    """Fails if Streamlit reran only the code an interaction concerns, or kept a slow step's
    result from the run before: the click's run would have no slow step of its own."""
    at = open_lesson("rerun-basics")
    at.button(key="add_click").click().run()  # nothing to do with the slow step
    assert full_runs(at) == 2
    newest = timeline(at)[0]  # the click's run, with what it noted while it ran
    assert newest.startswith("**#2** ")
    assert "`add_click` = True" in newest
    assert re.search(r"slow step 1\.\d s$", newest)
    assert re.search(r"The slow step took 1\.\d s", texts(at))


def test_rb5_rb13_code_above_the_slider_reads_its_new_value_in_the_same_run(open_lesson):
    """Fails if a widget's new value reached session state only when its call ran: the line
    above the slider would still show the value before the move, 3."""
    at = open_lesson("rerun-basics")
    assert "Read above the slider, through its key: **no slider yet**" in texts(at)  # first run
    at.slider(key="level").set_value(7).run()
    assert "Read above the slider, through its key: **7**" in texts(at)
    # Must NOT happen: the line above the slider lagging one interaction behind.
    assert "Read above the slider, through its key: **3**" not in texts(at)


def test_rb13_code_above_cannot_see_what_is_computed_further_down():
    """Fails if a run started in the namespace the previous run left, so that code above
    read what the previous run computed below it."""

    def script():
        import streamlit as st

        st.write(f"above: {globals().get('below', 'nothing yet')}")
        below = "computed below"  # noqa: F841 (read above, in vain)

    at = AppTest.from_function(script).run()
    at.run()
    # Must NOT happen: a value computed further down reaching the code above it.
    assert at.markdown[0].value == "above: nothing yet"


def test_rb7_rb9_rb12_a_plain_variable_never_counts_past_one(open_lesson):
    """Fails if a plain variable kept its value across reruns (it would count 2, 3), or if a
    value in st.session_state started over like it (the run counter would stay at 1)."""
    at = open_lesson("rerun-basics")
    for runs in (2, 3, 4):
        at.button(key="add_click").click().run()
        # Must NOT happen: the plain variable accumulating across reruns.
        assert "Clicks in a plain variable: **1**" in texts(at)
        assert full_runs(at) == runs  # kept in st.session_state: it survives the reruns
        assert f"It says **{runs}**" in texts(at)


def test_rb8_a_button_is_true_only_in_the_run_its_click_causes(open_lesson):
    """Fails if the lesson counted a click in a later run no click caused (the line would
    show 1 again). AppTest sends every button it isn't clicking as False, so whether Streamlit
    itself sets a clicked button back to False: tests/browser/test_rerun_basics.py."""
    at = open_lesson("rerun-basics")
    at.button(key="add_click").click().run()
    assert "Clicks in a plain variable: **1**" in texts(at)
    at.run()  # the next rerun, without a click
    # Must NOT happen: the button still True after the run its click caused.
    assert "Clicks in a plain variable: **0**" in texts(at)


def test_rb10_predict_then_check_counts_one_rerun_for_one_interaction(open_lesson):
    """Fails if the run a new name caused skipped the slow step (only part of the script
    rerun), or if the exercise counted other than that one run. How many runs one Enter
    causes in a browser: tests/browser/test_rerun_basics.py."""
    at = predict(open_lesson("rerun-basics"), "enter-name", 1)
    at.text_input(key="name").input("Grace").run()
    assert "slow step" in timeline(at)[0]  # every line ran, the slow step included
    assert check(at, "enter-name").startswith("Right: the timeline shows 1 full script runs")


def test_a_wrong_prediction_is_told_so(open_lesson):
    at = predict(open_lesson("rerun-basics"), "enter-name", 0)
    at.text_input(key="name").input("Grace").run()
    assert check(at, "enter-name").startswith("The timeline shows 1 full script runs, not 0")


def test_rb14_predict_the_plain_variable_shows_1_after_three_clicks(open_lesson):
    """Fails if the plain variable added up the three clicks, or if the exercise refused the
    1 the page shows."""
    at = predict(open_lesson("rerun-basics"), "three-clicks", 1)
    for _ in range(3):
        at.button(key="add_click").click().run()
    assert "Clicks in a plain variable: **1**" in texts(at)  # what the student is looking at
    assert check(at, "three-clicks").startswith("Right: the plain variable shows 1. ")


def test_predicting_three_clicks_for_the_plain_variable_is_refused(open_lesson):
    at = predict(open_lesson("rerun-basics"), "three-clicks", 3)
    for _ in range(3):
        at.button(key="add_click").click().run()
    assert check(at, "three-clicks").startswith("The plain variable shows 1, not 3. ")


def test_the_plain_variable_exercise_reads_the_last_run_not_a_written_answer(open_lesson):
    at = predict(open_lesson("rerun-basics"), "three-clicks", 1)
    at.button(key="add_click").click().run()
    at.slider(key="level").set_value(5).run()  # a later run without the click: the line shows 0
    assert "Clicks in a plain variable: **0**" in texts(at)
    # Must NOT happen: the verdict saying 1 while the page shows 0.
    assert check(at, "three-clicks").startswith("The plain variable shows 0, not 1. ")


def test_rb15_predict_the_line_above_the_slider_shows_its_new_value(open_lesson):
    """Fails if the line above the slider lagged one move behind (showing 3), or if the
    exercise refused the 7 it shows."""
    at = predict(open_lesson("rerun-basics"), "slider-seven", 7)
    at.slider(key="level").set_value(7).run()
    assert "Read above the slider, through its key: **7**" in texts(at)
    assert check(at, "slider-seven").startswith("Right: the line above the slider shows 7. ")


def test_predicting_the_old_value_above_the_slider_is_refused(open_lesson):
    at = predict(open_lesson("rerun-basics"), "slider-seven", 3)  # the value before the move
    at.slider(key="level").set_value(7).run()
    assert check(at, "slider-seven").startswith("The line above the slider shows 7, not 3. ")
