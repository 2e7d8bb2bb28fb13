"""widget-keys: identity by parameters or by key; widgets not drawn lose their state."""

from apptest_helpers import check, predict, texts


def sliders(at):
    return at.slider[0], at.slider(key="length")


def test_a_keyless_widget_resets_when_its_label_changes_a_keyed_one_does_not(open_lesson):
    at = open_lesson("widget-keys")
    assert not at.exception
    keyless, keyed = sliders(at)
    keyless.set_value(50)
    keyed.set_value(60)
    at.run()
    assert [s.value for s in sliders(at)] == [50, 60]
    at.radio(key="unit").set_value("inch").run()
    keyless, keyed = sliders(at)
    assert keyless.value == 10  # a new widget: back to its default
    assert keyed.value == 60  # must NOT reset: the key kept its identity
    assert keyless.label == "Length (inch)"


def test_a_widget_not_drawn_for_one_run_loses_its_state(open_lesson):
    at = open_lesson("widget-keys")
    at.text_input(key="comment").input("first draft").run()
    assert at.session_state["comment"] == "first draft"
    at.toggle(key="show_comment").set_value(False).run()
    shown = "`'comment' in st.session_state` during this run: **{}**"
    assert shown.format(True) in texts(at)  # deleted only at the end of the run that hid it
    at.run()
    assert shown.format(False) in texts(at)
    at.toggle(key="show_comment").set_value(True).run()
    assert at.text_input(key="comment").value == ""


def test_a_value_kept_under_a_key_no_widget_owns_survives(open_lesson):
    at = open_lesson("widget-keys")
    at.text_input(key="note").input("remember me").run()
    at.toggle(key="show_note").set_value(False).run()
    at.toggle(key="show_note").set_value(True).run()
    assert at.text_input(key="note").value == "remember me"


def test_predict_two_reruns_to_hide_and_show(open_lesson):
    at = predict(open_lesson("widget-keys"), "hide-and-show", 2)
    at.toggle(key="show_comment").set_value(False).run()
    at.toggle(key="show_comment").set_value(True).run()
    assert check(at, "hide-and-show").startswith("Right")
