"""ignore-reruns: on_change="ignore" keeps a widget's change in the browser, with no rerun.

Holding the value back is the browser's job: AppTest has no browser, and its runs are the
test's own, so that the slider adds no run, that the next rerun brings the held value, and
what a reload keeps are proven in tests/browser/test_ignore_reruns.py. What the script
accepts, refuses and sends to the browser (the widget's ignore_rerun flag) is proven here."""

import pytest
from streamlit.testing.v1 import AppTest

from apptest_helpers import check, full_runs, predict, texts, timeline

SLUG = "ignore-reruns"
REFUSED = "is not supported on this widget"


def test_the_lesson_loads_with_its_demos_and_exercise(open_lesson):
    at = open_lesson(SLUG)
    assert not at.exception
    assert full_runs(at) == 1
    assert at.slider(key="ignored").value == 3
    assert at.slider(key="zoom").value == 5
    assert at.number_input(key="_lessonkit_guess_move-then-apply")  # the exercise waits for a prediction
    assert "`st.session_state.ignored` at the top of this run: **3**" in texts(at)


def test_ir2_ir4_the_next_run_brings_the_value_in_session_state_from_the_top(open_lesson):
    """Fails if a value sent with another widget's rerun (Apply's) reached st.session_state
    only when the slider's line ran (the top line would still say 3), or if the timeline
    didn't name it as changed before the run."""
    at = open_lesson(SLUG)
    at.slider(key="ignored").set_value(7)
    at.button(key="apply").click().run()
    assert "`st.session_state.ignored` at the top of this run: **7**" in texts(at)
    assert "changed before the run: " in timeline(at)[0]
    assert "`ignored`: `3` → `7`" in timeline(at)[0]
    assert "The script sees: **7**" in texts(at)
    assert "The script sees: **3**" in texts(at)  # the plain slider, untouched


# Each input widget the lesson names, with on_change="ignore", and the element type it draws.
IGNORING_WIDGETS = {
    "slider": ('st.slider("w", on_change="ignore")', "slider"),
    "select slider": ('st.select_slider("w", ["a", "b"], on_change="ignore")', "select_slider"),
    "select box": ('st.selectbox("w", ["a", "b"], on_change="ignore")', "selectbox"),
    "multiselect": ('st.multiselect("w", ["a", "b"], on_change="ignore")', "multiselect"),
    "radio": ('st.radio("w", ["a", "b"], on_change="ignore")', "radio"),
    "checkbox": ('st.checkbox("w", on_change="ignore")', "checkbox"),
    "toggle": ('st.toggle("w", on_change="ignore")', "toggle"),
    "pills": ('st.pills("w", ["a", "b"], on_change="ignore")', "button_group"),
    "segmented control": ('st.segmented_control("w", ["a", "b"], on_change="ignore")', "button_group"),
    "text input": ('st.text_input("w", on_change="ignore")', "text_input"),
    "text area": ('st.text_area("w", on_change="ignore")', "text_area"),
    "number input": ('st.number_input("w", on_change="ignore")', "number_input"),
    "date input": ('st.date_input("w", on_change="ignore")', "date_input"),
    "time input": ('st.time_input("w", on_change="ignore")', "time_input"),
    "datetime input": ('st.datetime_input("w", on_change="ignore")', "date_time_input"),
    "color picker": ('st.color_picker("w", on_change="ignore")', "color_picker"),
    "file uploader": ('st.file_uploader("w", on_change="ignore")', "file_uploader"),
    "data editor": ('st.data_editor(pd.DataFrame({"a": [1]}), on_change="ignore")', "dataframe"),
    "audio input": ('st.audio_input("w", on_change="ignore")', "audio_input"),
    "camera input": ('st.camera_input("w", on_change="ignore")', "camera_input"),
    "feedback": ('st.feedback("thumbs", on_change="ignore")', "feedback"),
    "pagination": ('st.pagination(3, on_change="ignore")', "pagination"),
}


def drawn(source: str):
    at = AppTest.from_string(f"import pandas as pd\nimport streamlit as st\n{source}\n").run()
    assert not at.exception, at.exception
    (element,) = at.main.children.values()
    return element


@pytest.mark.parametrize("widget", IGNORING_WIDGETS)
def test_ir3_each_input_widget_named_accepts_ignore_and_tells_the_browser(widget):
    """Each widget the lesson names takes on_change="ignore" and sets ignore_rerun for the browser.

    Fails if a named widget refused "ignore" (an exception), or took it without telling the
    browser (ignore_rerun unset: the browser would rerun for it), or set the flag by default."""
    source, element_type = IGNORING_WIDGETS[widget]
    element = drawn(source)
    assert element.type == element_type
    assert element.proto.ignore_rerun is True  # the browser is told not to rerun for it
    # Must NOT be set without the argument: the default reruns.
    assert drawn(source.replace(', on_change="ignore"', "")).proto.ignore_rerun is False


def test_ir6_the_zoom_slider_is_both_ignore_mode_and_bound_to_the_address(open_lesson):
    """Fails if bind="query-params" cancelled on_change="ignore" (the browser would rerun for
    each move), or "ignore" dropped the binding to the address. That the address changes at
    once without a rerun is the browser's doing: tests/browser/test_ignore_reruns.py."""
    at = open_lesson(SLUG)
    zoom = at.slider(key="zoom").proto
    assert zoom.ignore_rerun is True
    assert zoom.query_param_key == "zoom"
    assert at.slider(key="ignored").proto.query_param_key == ""  # the other is not bound


def test_ir8_ignore_inside_a_form_is_accepted_where_a_callback_is_refused(open_lesson):
    """The lesson's form slider takes on_change="ignore"; an on_change callback there is refused.

    Fails if Streamlit took "ignore" for a callback and refused it inside a form. (AppTest holds
    back a form's values itself: that the form holds and submit sends is the browser test's.)"""
    at = open_lesson(SLUG)
    assert not at.exception
    in_form = at.slider(key="in_form")
    assert in_form.form_id == "settings"
    assert in_form.proto.ignore_rerun is True
    # The control: a callback, where "ignore" was accepted, is refused.
    callback = AppTest.from_string(
        'import streamlit as st\nwith st.form("f"):\n    st.slider("s", on_change=lambda: None)\n'
        '    st.form_submit_button("go")\n'
    ).run()
    assert callback.exception[0].proto.type == "streamlit.errors.StreamlitInvalidFormCallbackError"


def test_ir10_the_quiet_download_tells_the_browser_not_to_rerun(open_lesson):
    """Fails if st.download_button refused on_click="ignore" as st.button does, or took it
    without telling the browser, or if the default download were quiet too. That both
    download the file, and which reruns, is the browser test's."""
    at = open_lesson(SLUG)
    buttons = {b.proto.label: b.proto for b in at.get("download_button")}
    assert buttons['Download (on_click="ignore")'].ignore_rerun is True
    assert buttons["Download (reruns)"].ignore_rerun is False  # the default reruns


REFUSALS = {
    "st.button": 'st.button("b", on_click="ignore")',
    "st.form_submit_button": 'with st.form("f"):\n    st.form_submit_button("s", on_click="ignore")',
    "st.chat_input": 'st.chat_input("c", on_submit="ignore")',
}


@pytest.mark.parametrize("widget", REFUSALS)
def test_ir11_buttons_and_chat_input_refuse_ignore(widget):
    """Fails if the widget accepted "ignore" as st.download_button does (no exception), or
    refused it with another error than StreamlitAPIException."""
    at = AppTest.from_string(f"import streamlit as st\n{REFUSALS[widget]}\n").run()
    assert len(at.exception) == 1
    assert at.exception[0].proto.type == "streamlit.errors.StreamlitAPIException"
    assert REFUSED in at.exception[0].message


def test_ir11_the_lesson_shows_the_buttons_refusal(open_lesson):
    """Fails if st.button accepted on_click="ignore": the lesson would draw the button and
    show no refusal."""
    at = open_lesson(SLUG)
    assert not at.exception
    (shown,) = [e.value for e in at.error if e.value.startswith("st.button: ")]
    assert 'on_click="ignore"' in shown
    assert REFUSED in shown
    # Must NOT have been drawn.
    assert not [b for b in at.button if b.label == "A button that ignores its click?"]


def test_ir12_a_callback_runs_before_the_script_which_still_runs(open_lesson):
    """Fails if the callback ran instead of a script run (the counter would stay at 1, the
    line not drawn again) or after it (the line drawn in that run would still say 0)."""
    at = open_lesson(SLUG)
    assert "The callback has run **0** time(s)" in texts(at)
    at.slider(key="with_callback").set_value(5).run()
    # The script's line, drawn in the same run, already counts the call: the callback ran first.
    assert "The callback has run **1** time(s)" in texts(at)
    assert full_runs(at) == 2


def test_ir13_predict_one_run_for_moves_then_apply(open_lesson):
    """Fails if the exercise counted the lock-in's or Check's own run with Apply's (1 would be
    marked wrong). AppTest runs only when told: that the moves add no run, the browser test
    shows (test_ir13 in tests/browser/test_ignore_reruns.py)."""
    at = predict(open_lesson(SLUG), "move-then-apply", 1)
    at.slider(key="ignored").set_value(6)
    at.button(key="apply").click().run()
    assert check(at, "move-then-apply").startswith("Right")


# The two output exercises. AppTest holds a value set without .run() and sends it with the
# next run, as the browser does with an ignore-mode widget's value: here the Check click's.


def test_ir17_the_exercise_sees_the_line_kept_the_older_value(open_lesson):
    """Fails if the exercise judged the line as Check's own run drew it again (with the held 7:
    "the slider's value"), not as the student saw it. That moving the slider redraws nothing
    is the browser test's (test_ir17 in tests/browser/test_ignore_reruns.py)."""
    at = predict(open_lesson(SLUG), "held", "an older value")
    at.slider(key="ignored").set_value(7)  # moved, nothing sent yet
    verdict = check(at, "held")
    assert verdict.startswith("Right: the line showed an older value. Moving the slider ran nothing")
    assert "IR17" in verdict
    assert "The script sees: **7**" in texts(at)  # ... and Check's own run drew the held value


def test_the_held_exercise_refuses_the_sliders_value(open_lesson):
    at = predict(open_lesson(SLUG), "held", "the slider's value")
    at.slider(key="ignored").set_value(7)
    assert check(at, "held").startswith("The line showed an older value, not the slider's value.")


def test_the_held_exercise_reads_the_line_not_a_fixed_answer(open_lesson):
    at = predict(open_lesson(SLUG), "held", "an older value")
    at.slider(key="ignored").set_value(7)
    at.button(key="apply").click().run()  # a rerun before Check: the line shows 7
    assert check(at, "held").startswith("The line showed the slider's value, not an older value.")


def move_then_the_plain_slider(at):
    at.slider(key="ignored").set_value(7)  # held ...
    at.slider(key="plain").set_value(4).run()  # ... and sent with the plain slider's rerun
    assert "The script sees: **7**" in texts(at)


def test_ir18_the_exercise_sees_another_widgets_rerun_bring_the_value(open_lesson):
    """Fails if the exercise judged the line as it was before the plain slider's run (the older
    value). That the browser sends the held value with that run, not waiting for Apply, is
    the browser test's (test_ir2_ir16_ir18 in tests/browser/test_ignore_reruns.py)."""
    at = predict(open_lesson(SLUG), "another-rerun", "the slider's value")
    move_then_the_plain_slider(at)
    verdict = check(at, "another-rerun")
    assert verdict.startswith("Right: the line showed the slider's value. The plain slider's move reran")
    assert "IR18" in verdict


def test_the_another_rerun_exercise_refuses_an_older_value(open_lesson):
    at = predict(open_lesson(SLUG), "another-rerun", "an older value")
    move_then_the_plain_slider(at)
    assert check(at, "another-rerun").startswith("The line showed the slider's value, not an older value.")
