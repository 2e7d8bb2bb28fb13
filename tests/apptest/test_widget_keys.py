"""widget-keys: identity by parameters or by key; widgets not drawn lose their state unless persist_state."""

from streamlit.testing.v1 import AppTest

from apptest_helpers import check, not_judged, predict, texts


def sliders(at):
    return at.slider[0], at.slider(key="length")


def moved(at):
    """Moves the keyless slider to 50 and the keyed one to 60, in one run."""
    keyless, keyed = sliders(at)
    keyless.set_value(50)
    keyed.set_value(60)
    at.run()
    assert [s.value for s in sliders(at)] == [50, 60]
    return at


def test_wk1_wk2_wk10_a_keyless_widget_resets_when_its_label_changes_a_keyed_one_does_not(open_lesson):
    """Fails if a keyless widget kept its value when its label changed (its identity ignoring
    the label), or if a keyed one reset with it (its identity not its key), or if the keyed
    slider's value were not under its key in st.session_state."""
    at = moved(open_lesson("widget-keys"))
    assert not at.exception
    at.radio(key="unit").set_value("inch").run()
    keyless, keyed = sliders(at)
    assert keyless.value == 10  # a new widget: back to its default
    assert keyed.value == 60  # must NOT reset: the key kept its identity
    assert keyless.label == "Length (inch)"
    assert at.session_state["length"] == 60  # the key is its name in st.session_state


def test_wk3_a_keyed_slider_still_resets_when_its_max_changes(open_lesson):
    """Fails if a key alone made a slider's identity, so that it kept 60 through a new
    max_value."""
    at = moved(open_lesson("widget-keys"))
    at.radio(key="top").set_value(200).run()
    keyless, keyed = sliders(at)
    assert keyed.max == 200
    assert keyed.value == 10  # must NOT keep 60: max_value is part of a keyed slider's identity
    assert keyless.value == 10
    assert at.session_state["length"] == 10


def parameters_app():
    import streamlit as st

    default = st.radio("Default", [10, 20], key="default")
    st.slider("Keyed", 0, 100, default, key="keyed")
    st.slider("Keyless", 0, 100, default)
    options = st.radio("Options", ["short", "long"], key="options")
    choices = ["a", "b", "c"] if options == "short" else ["a", "b", "c", "d"]
    st.selectbox("Keyless choice", choices)


def test_wk2_wk10_a_new_default_resets_only_the_keyless_widget_new_options_reset_it_too():
    """Fails if a new default reset a keyed slider too, or left the keyless one at its moved
    value, or if a keyless select box kept its choice through new options."""
    at = AppTest.from_function(parameters_app).run()
    at.slider(key="keyed").set_value(60)
    at.slider[1].set_value(50)
    at.selectbox[0].set_value("c")
    at.run()
    at.radio(key="default").set_value(20).run()
    assert at.slider(key="keyed").value == 60  # must NOT reset: a new default keeps a keyed value
    assert at.slider[1].value == 20  # the keyless one is a new widget, at its new default
    assert at.selectbox[0].value == "c"
    at.radio(key="options").set_value("long").run()
    assert at.selectbox[0].value == "a"  # new options: a new keyless widget, back to its default
    assert not at.exception


def test_wk4_wk9_a_widget_not_drawn_for_one_run_loses_its_state(open_lesson):
    """Fails if Streamlit kept a widget's state while it isn't drawn (the comment would come
    back), or deleted it during the run that hid it instead of at that run's end."""
    at = open_lesson("widget-keys")
    at.text_input(key="comment").input("first draft").run()
    assert at.session_state["comment"] == "first draft"
    at.toggle(key="show_comment").set_value(False).run()
    shown = "`'comment' in st.session_state` during this run: **{}**"
    assert shown.format(True) in texts(at)  # deleted only at the end of the run that hid it
    at.run()
    assert shown.format(False) in texts(at)
    assert "comment" not in at.session_state
    at.toggle(key="show_comment").set_value(True).run()
    assert at.text_input(key="comment").value == ""  # must NOT come back


def test_wk5_persist_state_page_keeps_a_hidden_widgets_value_and_key(open_lesson):
    """Fails if persist_state="page" kept nothing once the widget was hidden for a full run:
    its key would leave st.session_state and the draft come back empty."""
    at = open_lesson("widget-keys")
    at.text_input(key="draft").input("keep me").run()
    at.toggle(key="show_draft").set_value(False).run()
    at.run()  # a second run without the field: the default would have deleted it by now
    assert "`'draft' in st.session_state` during this run: **True**" in texts(at)
    assert at.session_state["draft"] == "keep me"
    at.toggle(key="show_draft").set_value(True).run()
    assert at.text_input(key="draft").value == "keep me"


TWO_PAGES_APP = """
import streamlit as st

def form_page():
    st.text_input("Session-wide", key="everywhere", persist_state="session")
    st.text_input("This page only", key="page_only", persist_state="page")
    if st.button("Go to the other page", key="away"):
        st.switch_page(other)

def other_page():
    if st.button("Come back", key="back"):
        st.switch_page(form)

form = st.Page(form_page, title="Form", default=True)
other = st.Page(other_page, title="Other")
st.navigation([form, other]).run()
"""


def test_wk5_persist_state_session_survives_a_page_switch_page_does_not():
    """Fails if "session" lost its value on a page switch, or if "page" kept its value
    through one (the two scopes the same)."""
    at = AppTest.from_string(TWO_PAGES_APP).run()
    at.text_input(key="everywhere").input("Ada")
    at.text_input(key="page_only").input("Bob")
    at.run()
    at.button(key="away").click().run()
    at.button(key="back").click().run()
    assert not at.exception
    assert at.text_input(key="everywhere").value == "Ada"
    assert at.text_input(key="page_only").value == ""  # must NOT come back after a page switch


def persist_without_key_app():
    import streamlit as st

    st.text_input("No key", persist_state="page")


def test_wk5_persist_state_needs_a_key():
    """Fails if persist_state worked on a keyless widget, as the lesson says it doesn't."""
    at = AppTest.from_function(persist_without_key_app).run()
    assert [e.proto.type for e in at.exception] == ["streamlit.errors.StreamlitMissingRequiredParameterError"]


def test_wk6_a_value_kept_under_a_key_no_widget_owns_survives(open_lesson):
    """Fails if the clean-up at the end of a run deleted a key no widget owns too (the note
    would come back empty), or if the hidden widget's own key had stayed."""
    at = open_lesson("widget-keys")
    at.text_input(key="note").input("remember me").run()
    at.toggle(key="show_note").set_value(False).run()
    at.run()
    assert at.session_state["kept_note"] == "remember me"
    assert "note" not in at.session_state  # the widget's own key did go
    at.toggle(key="show_note").set_value(True).run()
    assert at.text_input(key="note").value == "remember me"


def test_wk7_predict_two_reruns_to_hide_and_show(open_lesson):
    """Fails if the comment survived being hidden, or if the exercise counted other than the
    two runs the two toggles caused."""
    at = open_lesson("widget-keys")
    at.text_input(key="comment").input("gone soon").run()
    at = predict(at, "hide-and-show", 2)
    at.toggle(key="show_comment").set_value(False).run()
    at.toggle(key="show_comment").set_value(True).run()
    assert check(at, "hide-and-show").startswith("Right")
    assert at.text_input(key="comment").value == ""  # must NOT have survived the hidden run


def same_parameters_app():
    import streamlit as st

    st.button("OK")
    st.button("OK")


def same_key_app():
    import streamlit as st

    st.button("OK", key="ok")
    st.text_input("Name", key="ok")


def distinct_keys_app():
    import streamlit as st

    st.button("OK", key="privacy")
    st.button("OK", key="terms")


def test_wk8_duplicates_raise_duplicate_element_id_or_key():
    """Fails if identical keyless widgets, or two widgets sharing a key, were let through or
    raised another error than the lesson names, or if distinct keys did not cure it."""
    errors = "streamlit.errors.StreamlitDuplicateElement"
    at = AppTest.from_function(same_parameters_app).run()
    assert [e.proto.type for e in at.exception] == [errors + "Id"]
    at = AppTest.from_function(same_key_app).run()
    assert [e.proto.type for e in at.exception] == [errors + "Key"]
    at = AppTest.from_function(distinct_keys_app).run()
    assert not at.exception  # must NOT raise once each has its own key


def type_hide_and_show_both(at):
    at.text_input(key="comment").input("lost").run()
    at.text_input(key="draft").input("kept").run()
    for shown in (False, True):
        for toggle in ("show_comment", "show_draft"):
            at.toggle(key=toggle).set_value(shown).run()
    # What the student sees: the draft back, the comment empty.
    assert at.text_input(key="draft").value == "kept"
    assert at.text_input(key="comment").value == ""


def test_wk11_the_exercise_finds_only_the_draft_back(open_lesson):
    """Fails if the comment came back after being hidden, or the draft didn't, or if the
    exercise refused "the draft only" for that page."""
    at = predict(open_lesson("widget-keys"), "come-back", "the draft only")
    type_hide_and_show_both(at)
    verdict = check(at, "come-back")
    assert verdict.startswith("Right: the text is back in the draft only. The run that hid the comment")
    assert "WK11" in verdict


def test_the_come_back_exercise_refuses_both_fields(open_lesson):
    at = predict(open_lesson("widget-keys"), "come-back", "both fields")
    type_hide_and_show_both(at)
    assert check(at, "come-back").startswith("The text is back in the draft only, not both fields.")


def test_the_come_back_exercise_judges_nothing_before_both_fields_were_hidden(open_lesson):
    """Fails if typing alone were judged, from fields that were never hidden."""
    at = predict(open_lesson("widget-keys"), "come-back", "both fields")
    at.text_input(key="comment").input("still here").run()
    at.text_input(key="draft").input("kept").run()  # typed, never hidden: both show their text
    assert not_judged(at, "come-back").startswith("Not yet: type in both fields, hide both")


def move_keyed_then_switch_the_maximum(at):
    at.slider(key="length").set_value(60).run()
    at.radio(key="top").set_value(200).run()
    assert at.slider(key="length").value == 10
    assert texts(at).count("Value: **10**") == 2  # what the student reads, under both sliders


def test_wk12_the_exercise_sees_the_keyed_slider_back_at_its_default(open_lesson):
    """Fails if the keyed slider kept its moved value through a new max_value, or if the
    exercise refused the 10 its Value line shows."""
    at = predict(open_lesson("widget-keys"), "keyed-max", 10)
    move_keyed_then_switch_the_maximum(at)
    verdict = check(at, "keyed-max")
    assert verdict.startswith("Right: its line shows Value: 10. A key does not keep a slider")
    assert "WK12" in verdict


def test_the_keyed_max_exercise_refuses_the_moved_value(open_lesson):
    at = predict(open_lesson("widget-keys"), "keyed-max", 60)
    move_keyed_then_switch_the_maximum(at)
    assert check(at, "keyed-max").startswith("Its line shows Value: 10, not 60.")


def test_the_keyed_max_exercise_judges_nothing_when_the_unit_changed_instead(open_lesson):
    """Fails if any change after moving the slider counted: the unit keeps 60, which would be judged."""
    at = predict(open_lesson("widget-keys"), "keyed-max", 60)
    at.slider(key="length").set_value(60).run()
    at.radio(key="unit").set_value("inch").run()  # the unit, not the maximum: the key keeps 60
    assert not_judged(at, "keyed-max").startswith("Not yet: move the keyed slider, then switch the maximum")


def error_app():
    import streamlit as st

    if st.checkbox("Raise before the field", key="raise"):
        raise RuntimeError("this run ends here")
    st.text_input("Name", key="name")


def test_wk4_a_run_an_error_ends_keeps_what_it_did_not_draw():
    """Fails if a run that raised before drawing the field counted as finished for widget
    clean-up: the field would come back empty."""
    at = AppTest.from_function(error_app).run()
    at.text_input(key="name").input("Ada").run()
    at.checkbox(key="raise").check().run()
    assert [e.message for e in at.exception] == ["this run ends here"]
    at.run()  # a second run that raises: the default would have deleted it by now
    assert at.session_state["name"] == "Ada"
    at.checkbox(key="raise").uncheck().run()
    assert at.text_input(key="name").value == "Ada"  # must NOT be back to ""


def bound_app():
    import streamlit as st

    if st.toggle("Show the fields", value=True, key="show"):
        st.text_input("Bound", key="bound", bind="query-params")
        st.text_input("Plain", key="plain")


def test_wk9_a_hidden_widget_bound_to_the_url_keeps_its_key_a_plain_one_does_not():
    """Fails if bind="query-params" let the key go with the widget like a plain key, or if
    the plain widget's key stayed in st.session_state after a full run without it."""
    at = AppTest.from_function(bound_app).run()
    at.text_input(key="bound").input("Ada")
    at.text_input(key="plain").input("Bob")
    at.run()
    at.toggle(key="show").set_value(False).run()
    at.run()
    assert at.session_state["bound"] == "Ada"
    assert "plain" not in at.session_state
    at.toggle(key="show").set_value(True).run()
    assert [at.text_input(key=key).value for key in ("bound", "plain")] == ["Ada", ""]


def test_wk4_mp3_rc15_a_run_cut_short_by_st_stop_or_st_rerun_keeps_what_it_did_not_draw():
    """Streamlit deletes the state of a widget a run didn't draw only when that run ends on its
    own: a run ended by st.stop() or cut short by st.rerun() keeps it.

    Fails if a stopped (or rerun) run counted as finished for widget clean-up, as it does
    for the elements on the page: the field would come back empty."""

    def app():
        import streamlit as st

        end = st.radio("End the run with", ["st.stop()", "st.rerun()"], key="end")
        if st.button("Cut this run short", key="cut"):
            if end == "st.stop()":
                st.stop()
            st.rerun()
        if not st.checkbox("Leave out the field", key="leave_out"):
            st.text_input("Name", key="name")

    for end in ["st.stop()", "st.rerun()"]:
        at = AppTest.from_function(app).run()
        at.radio(key="end").set_value(end).run()
        at.text_input(key="name").input("Ada").run()
        at.button(key="cut").click().run()  # a run that stops before the field
        assert at.session_state["name"] == "Ada", end  # kept
        at.run()
        assert at.text_input(key="name").value == "Ada", end  # must NOT be back to ""
    # A run that ends on its own without the field: its state is deleted.
    at.checkbox(key="leave_out").check().run()
    assert "name" not in at.session_state
    at.checkbox(key="leave_out").uncheck().run()
    assert at.text_input(key="name").value == ""
