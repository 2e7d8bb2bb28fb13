"""buttons: st.button is True for one run; what a click means is kept in session state.

AppTest runs callbacks and the server's session state as the browser's session does, but it
sends every button's value itself: True for the click's run, False in every other run. So what
the browser sends after a click (nothing for the button: the server's reset makes it False) is
proven in tests/browser/test_buttons.py (BU1, BU2, BU10, BU13), and so are the reruns a click
causes (BU8). A run cut short by another interaction (BU12) is proven there too; here, the real
runner's stop and rerun requests cut the process's work at its next Streamlit command."""

import pytest
from streamlit.errors import StreamlitAPIException, StreamlitWidgetAlreadyInstantiatedError
from streamlit.testing.v1 import AppTest

from apptest_helpers import check, full_runs, not_judged, predict, texts

ANSWERS = ("We have that animal!", "We don't have that animal.")


def answers(at) -> list[str]:
    return [i.value for i in at.info if i.value in ANSWERS]


def buttons(at) -> list[str]:
    return [b.key for b in at.button]


def test_the_lesson_loads_with_its_demos_and_exercise(open_lesson):
    at = open_lesson("buttons")
    assert not at.exception
    assert full_runs(at) == 1
    assert at.text_input(key="animal").value == "cat"
    for key in ("check_availability", "click_me", "nested_outer", "kept_outer", "clear_after", "process"):
        assert key in buttons(at)
    assert at.toggle(key="show_details").value is False
    assert at.number_input(key="_lessonkit_guess_nested")  # the exercise
    assert not at.error
    assert not at.success
    assert not answers(at)


def test_bu1_the_answer_lasts_one_run(open_lesson):
    """The server's side: the button's entry in session state falls back to False as soon as its
    click's run ends (the browser sends nothing for it afterwards).

    Fails if Streamlit left the button True in session state once its click's run ended."""
    at = open_lesson("buttons")
    at.button(key="check_availability").click().run()
    assert answers(at) == ["We have that animal!"]
    assert at.session_state["check_availability"] is False  # reset as soon as the run ends
    at.text_input(key="animal").input("dog").run()  # another widget's rerun, no click
    assert full_runs(at) == 3
    assert answers(at) == []  # must NOT survive the next run, whatever its answer would be
    at.button(key="check_availability").click().run()
    assert answers(at) == ["We have that animal!"]  # the new value ("dog") is read by a new click


def test_bu1_a_run_no_browser_asked_for_finds_the_button_false():
    """st.rerun() in the click's run: a run that carries no widget values from anyone.

    Fails if a button stayed True until something sent it a new value (the run st.rerun() started
    seeing it True again)."""
    source = """
import streamlit as st
seen = st.session_state.setdefault("seen", [])
clicked = st.button("Go", key="go")
seen.append(clicked)
if clicked and "again" not in st.session_state:
    st.session_state.again = True
    st.rerun()
"""
    at = AppTest.from_string(source).run()
    at.button(key="go").click().run()
    assert at.session_state["seen"] == [False, True, False]  # first run, the click's, st.rerun()'s


def test_the_left_column_shows_that_button_2_s_code_never_ran(open_lesson):
    """The lesson's left column as the clicks leave it. AppTest sends Button 1's False itself:
    BU2 (Button 1 False in Button 2's run) is proven in the browser (test_bu2_bu8_bu10_…)."""
    at = open_lesson("buttons")
    at.button(key="nested_outer").click().run()
    assert "nested_inner" in buttons(at)
    assert "Button 1 was clicked" in texts(at)
    at.button(key="nested_inner").click().run()
    assert full_runs(at) == 3
    assert "nested_inner" not in buttons(at)  # not drawn in its own click's run
    assert at.session_state["nested_done"] == 0  # must NOT have run
    assert "Button 2's code ran **0** time(s)" in texts(at)


def test_bu3_a_click_kept_in_session_state_lasts(open_lesson):
    """Fails if a value the callback put in session state lasted one run as the button's True does
    (the line and the slider gone in the runs after the click's)."""
    at = open_lesson("buttons")
    at.button(key="click_me").click().run()
    assert "Button clicked! This stays, and so does the slider." in texts(at)
    at.slider(key="kept_slider").set_value(40).run()  # the nested widget is usable ...
    at.run()  # ... and more runs without a click
    assert at.session_state["clicked"] is True
    assert "Button clicked! This stays, and so does the slider." in texts(at)
    assert at.slider(key="kept_slider").value == 40


def test_bu3_the_kept_stage_lets_button_2_run(open_lesson):
    """Fails if the stage kept in session state were lost in the run Button 2's click caused
    (Button 2 not drawn there, its code not run)."""
    at = open_lesson("buttons")
    at.button(key="kept_outer").click().run()
    at.button(key="kept_inner").click().run()
    assert at.session_state["kept_done"] == 1
    assert "Button 2's code ran **1** time(s)" in texts(at)
    at.run()
    assert at.session_state["kept_done"] == 1  # must NOT run again without a click
    assert "kept_inner" in buttons(at)


def test_bu4_a_toggle_keeps_its_value_run_after_run(open_lesson):
    """Fails if the toggle fell back to off in a later run (reset when its run ended, as a button's
    True is), or its details stayed once it was off. A click flipping it: the browser's test_bu4."""
    at = open_lesson("buttons")
    at.toggle(key="show_details").set_value(True).run()
    for _ in range(2):
        at.button(key="click_me").click().run()  # other reruns
        assert at.toggle(key="show_details").value is True
        assert "The details stay while the toggle is on." in texts(at)
    at.toggle(key="show_details").set_value(False).run()
    assert "The details stay while the toggle is on." not in texts(at)


def test_bu4_a_checkbox_keeps_its_value_while_it_stays_on_the_page():
    """Fails if a checkbox fell back to unticked in a later run, or kept its value through a run
    that didn't draw it (the claim's "while it stays on the page")."""
    source = """
import streamlit as st
if not st.checkbox("Hide c", key="hide"):
    st.checkbox("c", key="c")
st.button("b", key="b")
"""
    at = AppTest.from_string(source).run()
    at.checkbox(key="c").check().run()
    at.button(key="b").click().run()
    at.run()
    assert at.checkbox(key="c").value is True
    at.checkbox(key="hide").check().run()  # a run that doesn't draw it
    assert "c" not in at.session_state
    at.checkbox(key="hide").uncheck().run()
    assert at.checkbox(key="c").value is False  # drawn again: its default


def test_bu5_setting_a_drawn_widget_s_key_is_refused_live(open_lesson):
    """Fails if the script could set the key of a field it had drawn (no refusal shown, the field
    emptied), or the refusal were another error."""
    at = open_lesson("buttons")
    at.text_input(key="name_after").input("Grace").run()
    at.button(key="clear_after").click().run()
    assert not at.exception  # the lesson catches it and shows it
    shown = [e.value for e in at.error]
    assert len(shown) == 1, shown
    assert shown[0].startswith("`StreamlitWidgetAlreadyInstantiatedError`: ")
    refusal = "`st.session_state['name_after']` cannot be modified after the widget with that key is"
    assert refusal in shown[0]
    assert at.text_input(key="name_after").value == "Grace"  # must NOT be cleared


def test_bu5_the_refusal_is_a_streamlit_api_exception():
    """Fails if the refusal were not a StreamlitAPIException (the lesson's `except` would miss it),
    were only a warning, or came for an assignment above the widget too."""
    source = """
import streamlit as st
st.text_input("t", key="t")
st.session_state.t = "x"
"""
    at = AppTest.from_string(source).run()
    assert len(at.exception) == 1
    assert "cannot be modified after the widget with that key is instantiated" in at.exception[0].message
    assert issubclass(StreamlitWidgetAlreadyInstantiatedError, StreamlitAPIException)
    assert at.exception[0].is_warning is False
    # Above the widget, the same assignment is allowed.
    above = 'import streamlit as st\nst.session_state.t = "x"\nst.text_input("t", key="t")\n'
    at = AppTest.from_string(above).run()
    assert not at.exception
    assert at.text_input(key="t").value == "x"


def test_bu6_a_callback_may_set_the_field(open_lesson):
    """Fails if setting the field's key from an on_click callback were refused as the script's
    assignment is (an error shown), or didn't reach the field."""
    at = open_lesson("buttons")
    at.text_input(key="name_callback").input("Grace").run()
    at.button(key="clear_callback").click().run()
    assert not at.exception
    assert not at.error
    assert at.text_input(key="name_callback").value == ""


def test_bu6_the_field_is_empty_in_the_click_s_own_run():
    """What the field returns to the script in the click's run.

    Fails if the callback ran after the script drew the field (the click's run getting 'Grace',
    the field emptied only in a later run)."""
    source = """
import streamlit as st
def clear_name():
    st.session_state.name = ""
name = st.text_input("Name", value="Ada", key="name")
st.write(f"The script got {name!r}")
st.button("Clear the name", on_click=clear_name, key="clear")
"""
    at = AppTest.from_string(source).run()
    at.text_input(key="name").input("Grace").run()
    assert at.markdown[0].value == "The script got 'Grace'"
    at.button(key="clear").click().run()
    assert not at.exception
    assert at.markdown[0].value == "The script got ''"


def test_bu7_the_report_stays_the_work_does_not_repeat(open_lesson):
    """Fails if the report kept in session state lasted one run as the button's True does (gone
    after the toggle's run). AppTest sends the button's False itself: the work not running again
    in the browser's later runs is the browser's test_bu7."""
    at = open_lesson("buttons")
    at.button(key="process").click().run()
    assert at.session_state["processed"] == 1
    assert [s.value for s in at.success] == [at.session_state["report"]]
    assert at.session_state["report"].startswith("Report #1, made at ")
    work = [c.value for c in at.caption if "s of work" in c.value]
    assert work == ["Processed in this run (0.8 s of work)."]
    at.toggle(key="show_details").set_value(True).run()
    at.run()
    assert at.session_state["processed"] == 1  # must NOT run again
    assert [s.value for s in at.success] == [at.session_state["report"]]
    assert not [c.value for c in at.caption if "s of work" in c.value]


def test_the_nested_exercise_judges_two_runs_right(open_lesson):
    """AppTest runs the script once per .run(): that Button 2's click reruns the script (BU8) is
    proven in the browser (test_bu2_bu8_bu10_…)."""
    at = open_lesson("buttons")
    predict(at, "nested", 2)
    at.button(key="nested_outer").click().run()
    at.button(key="nested_inner").click().run()
    assert check(at, "nested").startswith("Right: the timeline shows 2 full script runs.")


def check_then_type_dog(at):
    at.button(key="check_availability").click().run()
    at.text_input(key="animal").input("dog").run()  # Enter: a rerun that isn't the click's


def test_the_availability_exercise_judges_no_answer_right(open_lesson):
    """AppTest sends the button's False in Enter's run itself: BU13 is proven in the browser
    (test_bu13_…)."""
    at = predict(open_lesson("buttons"), "availability", "no answer")
    check_then_type_dog(at)
    verdict = check(at, "availability")
    assert verdict.startswith("Right: the page shows no answer under the button. Pressing Enter")
    assert "BU13" in verdict


def test_the_availability_exercise_refuses_the_answer_the_click_drew(open_lesson):
    at = predict(open_lesson("buttons"), "availability", '"We have that animal!"')
    check_then_type_dog(at)
    assert answers(at) == []  # what the student sees: nothing under the button
    verdict = check(at, "availability")
    assert verdict.startswith('The page shows no answer under the button, not "We have that animal!".')


def test_the_availability_exercise_judges_nothing_until_the_whole_action_is_done(open_lesson):
    at = predict(open_lesson("buttons"), "availability", '"We have that animal!"')
    at.button(key="check_availability").click().run()  # half the action: no dog typed yet
    assert answers(at) == ["We have that animal!"]
    # Must NOT happen: the half-done action's page judged (here it would say "Right").
    assert not_judged(at, "availability").startswith("Not yet: click Check availability, then type dog")


def test_the_availability_exercise_reads_the_page_not_a_fixed_answer(open_lesson):
    at = predict(open_lesson("buttons"), "availability", "no answer")
    check_then_type_dog(at)
    at.button(key="check_availability").click().run()  # and the button once more: the answer is shown
    assert answers(at) == ["We have that animal!"]
    verdict = check(at, "availability")
    assert verdict.startswith('The page shows "We have that animal!" under the button, not no answer.')


def click_the_kept_buttons(at):
    at.button(key="kept_outer").click().run()
    for _ in range(2):
        at.button(key="kept_inner").click().run()
    assert "Button 2's code ran **2** time(s)" in texts(at)  # what the student reads


def test_bu14_the_exercise_says_each_kept_click_counts(open_lesson):
    """Fails if Button 1's click kept in session state were lost (Button 2 not drawn for its
    clicks), or the exercise judged the right answer wrong. Each of the two clicks reaching the
    script as True: the browser's test_bu3_bu14_…"""
    at = predict(open_lesson("buttons"), "kept-clicks", "up by one for each click of Button 2")
    click_the_kept_buttons(at)
    verdict = check(at, "kept-clicks")
    assert verdict.startswith(
        "Right: the number went up by one for each click of Button 2. On the right, Button 1"
    )


def test_the_kept_clicks_exercise_counts_from_the_lock_in_not_the_start(open_lesson):
    at = open_lesson("buttons")
    click_the_kept_buttons(at)  # clicks before the lock-in, as the caption above invites
    at = predict(at, "kept-clicks", "up by one, however many clicks")
    for _ in range(2):
        at.button(key="kept_inner").click().run()
    assert "Button 2's code ran **4** time(s)" in texts(at)
    assert check(at, "kept-clicks").startswith(
        "The number went up by one for each click of Button 2, not up by one, however many clicks."
    )


def test_the_kept_clicks_exercise_judges_nothing_after_one_click(open_lesson):
    at = predict(open_lesson("buttons"), "kept-clicks", "up by one, however many clicks")
    at.button(key="kept_outer").click().run()
    at.button(key="kept_inner").click().run()  # one of the two clicks
    # Must NOT happen: one click judged, where "up by one" would look right.
    assert not_judged(at, "kept-clicks").startswith("Not yet: click Button 1, then Button 2 twice")


def test_bu9_a_callback_on_the_inner_button_does_run():
    """Fails if a callback ran only for a button the current run draws (the inner button's
    skipped, since its click's run never reaches it), or the code under its `if` ran."""
    source = """
import streamlit as st
st.session_state.setdefault("callback", 0)
st.session_state.setdefault("body", 0)
def count():
    st.session_state.callback += 1
if st.button("outer", key="outer"):
    if st.button("inner", key="inner", on_click=count):
        st.session_state.body += 1
"""
    at = AppTest.from_string(source).run()
    at.button(key="outer").click().run()
    at.button(key="inner").click().run()
    assert at.session_state["callback"] == 1
    assert at.session_state["body"] == 0  # must NOT run
    assert [b.key for b in at.button] == ["outer"]


def test_the_pitfall_s_text_field_inside_a_button_is_gone_in_its_own_run():
    """The pitfall's sign-up code. AppTest sends the button's False itself: BU10 is proven in the
    browser, where the lesson's Button 2 inside Button 1 vanishes once clicked (test_bu2_bu8_bu10_…)."""
    source = """
import streamlit as st
if st.button("Sign up", key="sign_up"):
    name = st.text_input("Name", key="name")
    if name:
        st.success(f"Welcome {name}")
"""
    at = AppTest.from_string(source).run()
    at.button(key="sign_up").click().run()
    assert len(at.text_input) == 1
    at.text_input(key="name").input("Ada").run()
    assert len(at.text_input) == 0  # gone in the run its own use caused
    assert not at.success  # must NOT greet


def test_bu11_a_keyed_button_is_true_above_itself_in_its_run():
    """Fails if the key's entry got the click only once the button was drawn (the line above it
    reading False in the click's run), or kept True in the next run."""
    source = """
import streamlit as st
st.write(f"top sees {st.session_state.get('go')}")
st.button("Go", key="go")
"""
    at = AppTest.from_string(source).run()
    assert at.markdown[0].value == "top sees None"  # first run: no entry yet
    at.button(key="go").click().run()
    assert at.markdown[0].value == "top sees True"
    at.run()
    assert at.markdown[0].value == "top sees False"


# What the server asks of the running ScriptRunner when a widget is used during a run
# (AppSession.request_rerun): with runner.fastReruns on, request_stop(), and a new runner takes
# the new run; off, request_rerun(), which the same runner takes up. The lesson's process, with
# the request made from another thread between two of its steps.
CUT_PROCESS = """
import threading

import streamlit as st
from streamlit.runtime.scriptrunner import RerunData, get_script_run_ctx

# Plain lists in session state: appending to them is no Streamlit command.
steps = st.session_state.setdefault("steps", [])
seen = st.session_state.setdefault("seen", [])
st.session_state.setdefault("processed", 0)
clicked = st.button("Process", key="process")
seen.append(clicked)
if clicked:
    bar = st.progress(0, text="Processing…")
    for step in range(1, 5):
        steps.append(step)
        if step == 2:  # another widget used while the process runs
            requests = get_script_run_ctx().script_requests
            other = threading.Thread(target={request})
            other.start()
            other.join()
        bar.progress(step * 25, text="Processing…")
    st.session_state.processed += 1
    st.session_state.report = "Report #1"
"""
REQUESTS = {
    "fastReruns on: stop": "requests.request_stop",
    "fastReruns off: rerun": "lambda: requests.request_rerun(RerunData())",
}


@pytest.mark.parametrize("request_made", REQUESTS)
def test_bu12_the_run_ends_at_its_next_streamlit_command_with_fast_reruns_on_or_off(request_made):
    """The server's side of BU12 (the browser's test_bu12 shows the page, fastReruns on).

    Fails if the run finished its work when another widget was used (steps 3 and 4 done, the count
    and report saved), under either setting, or the rerun found the button True again."""
    at = AppTest.from_string(CUT_PROCESS.format(request=REQUESTS[request_made])).run()
    at.button(key="process").click().run()
    assert not at.exception
    assert at.session_state["steps"] == [1, 2]  # cut at step 2's progress update
    assert at.session_state["processed"] == 0  # must NOT be saved
    assert "report" not in at.session_state
    if "rerun" in request_made:  # the same runner ran the new run: the button is False there
        assert at.session_state["seen"] == [False, True, False]
    else:  # stopped: the server starts a new runner for the new run
        assert at.session_state["seen"] == [False, True]
