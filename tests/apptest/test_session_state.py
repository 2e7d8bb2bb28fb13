"""session-state: the FAQ's counter survives reruns in st.session_state."""

from apptest_helpers import full_runs, texts


def count_line(at) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("Count as seen"))


def faq_button(at, label):
    return next(b for b in at.button if b.label == label)


def test_the_counter_survives_reruns_and_decrements(open_lesson):
    at = open_lesson("session-state")
    assert not at.exception
    assert at.session_state["count"] == 0
    for _ in range(3):
        faq_button(at, "Increment").click().run()  # looked up anew: each run rebuilds the page
    faq_button(at, "Decrement").click().run()
    # Must NOT happen: the counter being reset to 0 by a rerun.
    assert at.session_state["count"] == 2
    assert full_runs(at) == 5


def test_code_above_the_button_sees_the_old_value_during_that_run(open_lesson):
    at = open_lesson("session-state")
    faq_button(at, "Increment").click().run()
    assert at.session_state["count"] == 1
    assert count_line(at) == "Count as seen at the top of this run: **0**"


def test_without_the_init_guard_the_value_resets(open_lesson):
    at = open_lesson("session-state")
    for _ in range(2):
        at.button(key="add_unguarded").click().run()
        at.button(key="add_guarded").click().run()
    assert at.session_state["unguarded"] == 0  # reset by the next run's assignment
    assert at.session_state["guarded"] == 2


def test_a_widget_and_its_key_in_session_state_are_one(open_lesson):
    at = open_lesson("session-state")
    at.text_input(key="nickname").input("Grace").run()
    assert at.session_state["nickname"] == "Grace"
    at.button(key="set_nick").click().run()
    assert at.text_input(key="nickname").value == "Ada"


def test_session_state_cannot_press_a_button(open_lesson):
    at = open_lesson("session-state")
    at.button(key="try_preset").click().run()
    assert not at.exception  # the lesson catches Streamlit's refusal and shows it
    assert "is read-only and cannot be assigned through session state" in at.error[0].value
    assert "pressed_for_me" not in at.session_state


def test_a_new_session_starts_from_zero(open_lesson):
    first = open_lesson("session-state")
    faq_button(first, "Increment").click().run()
    second = open_lesson("session-state")
    assert second.session_state["count"] == 0
    assert "Count = " in texts(second)
