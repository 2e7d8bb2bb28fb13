"""callbacks: on_click runs before the rerun, so its effect shows in the same run."""

from apptest_helpers import full_runs


def count_line(at) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("Count as seen"))


def test_the_faq_buttons_have_their_keys(open_lesson):
    at = open_lesson("callbacks")
    assert not at.exception
    assert at.button(key="increment_btn").label == "Increment"
    assert at.button(key="decrement_btn").label == "Decrement"


def test_the_callback_effect_is_visible_in_the_same_run(open_lesson):
    at = open_lesson("callbacks")
    at.button(key="increment_btn").click().run()
    # Must NOT show the stale 0: the callback ran before the script started.
    assert count_line(at) == "Count as seen at the top of this run: **1**"
    assert full_runs(at) == 2


def test_increment_and_decrement(open_lesson):
    at = open_lesson("callbacks")
    for _ in range(2):
        at.button(key="increment_btn").click().run()
    at.button(key="decrement_btn").click().run()
    assert at.session_state["count_value"] == 1
    assert count_line(at) == "Count as seen at the top of this run: **1**"
