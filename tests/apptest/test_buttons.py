"""buttons: st.button is True for one run; what a click means is kept in session state.

AppTest runs callbacks and sends a button's click as a one-run trigger, like the browser.
It runs each script to the end, so a run cut short by another interaction (runner.fastReruns,
BU12) is proven in tests/browser/test_buttons.py only."""

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
    at = open_lesson("buttons")
    at.button(key="check_availability").click().run()
    assert answers(at) == ["We have that animal!"]
    assert at.session_state["check_availability"] is False  # reset as soon as the run ends
    at.text_input(key="animal").input("dog").run()  # another widget's rerun, no click
    assert full_runs(at) == 3
    assert answers(at) == []  # must NOT survive the next run, whatever its answer would be
    at.button(key="check_availability").click().run()
    assert answers(at) == ["We have that animal!"]  # the new value ("dog") is read by a new click


def test_bu2_bu8_a_button_inside_a_button_never_runs_its_code(open_lesson):
    at = open_lesson("buttons")
    at.button(key="nested_outer").click().run()
    assert "nested_inner" in buttons(at)
    assert "Button 1 was clicked" in texts(at)
    at.button(key="nested_inner").click().run()
    assert full_runs(at) == 3  # one run per click, Button 2's too [BU8]
    assert "nested_inner" not in buttons(at)  # not drawn in its own click's run
    assert at.session_state["nested_done"] == 0  # must NOT have run
    assert "Button 2's code ran **0** time(s)" in texts(at)


def test_bu3_a_click_kept_in_session_state_lasts(open_lesson):
    at = open_lesson("buttons")
    at.button(key="click_me").click().run()
    assert "Button clicked! This stays, and so does the slider." in texts(at)
    at.slider(key="kept_slider").set_value(40).run()  # the nested widget is usable ...
    at.run()  # ... and more runs without a click
    assert at.session_state["clicked"] is True
    assert "Button clicked! This stays, and so does the slider." in texts(at)
    assert at.slider(key="kept_slider").value == 40


def test_bu3_the_kept_stage_lets_button_2_run(open_lesson):
    at = open_lesson("buttons")
    at.button(key="kept_outer").click().run()
    at.button(key="kept_inner").click().run()
    assert at.session_state["kept_done"] == 1
    assert "Button 2's code ran **1** time(s)" in texts(at)
    at.run()
    assert at.session_state["kept_done"] == 1  # must NOT run again without a click
    assert "kept_inner" in buttons(at)


def test_bu4_a_toggle_keeps_its_value_run_after_run(open_lesson):
    at = open_lesson("buttons")
    at.toggle(key="show_details").set_value(True).run()
    for _ in range(2):
        at.button(key="click_me").click().run()  # other reruns
        assert at.toggle(key="show_details").value is True
        assert "The details stay while the toggle is on." in texts(at)
    at.toggle(key="show_details").set_value(False).run()
    assert "The details stay while the toggle is on." not in texts(at)


def test_bu4_a_checkbox_keeps_its_value_too():
    source = 'import streamlit as st\nst.checkbox("c", key="c")\nst.button("b", key="b")\n'
    at = AppTest.from_string(source).run()
    at.checkbox(key="c").check().run()
    at.button(key="b").click().run()
    at.run()
    assert at.checkbox(key="c").value is True


def test_bu5_setting_a_drawn_widget_s_key_is_refused_live(open_lesson):
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
    at = open_lesson("buttons")
    at.text_input(key="name_callback").input("Grace").run()
    at.button(key="clear_callback").click().run()
    assert not at.exception
    assert not at.error
    assert at.text_input(key="name_callback").value == ""


def test_bu7_the_report_stays_the_work_does_not_repeat(open_lesson):
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


def test_bu8_the_exercise_counts_two_runs_for_the_nested_clicks(open_lesson):
    at = open_lesson("buttons")
    predict(at, "nested", 2)
    at.button(key="nested_outer").click().run()
    at.button(key="nested_inner").click().run()
    assert check(at, "nested").startswith("Right: the timeline shows 2 full script runs.")


def check_then_type_dog(at):
    at.button(key="check_availability").click().run()
    at.text_input(key="animal").input("dog").run()  # Enter: a rerun that isn't the click's


def test_bu13_the_exercise_sees_no_answer_after_the_next_run(open_lesson):
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


def test_bu10_a_widget_inside_a_button_vanishes_when_used():
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
