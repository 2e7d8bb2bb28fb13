"""callbacks: on_click runs before the rerun, so its effect shows in the same run."""

import re
import time

from apptest_helpers import check, full_runs, predict, texts, timeline


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
    assert "`count_value`: `0` → `1`" in timeline(at)[0]  # changed before the run


def test_increment_and_decrement(open_lesson):
    at = open_lesson("callbacks")
    for _ in range(2):
        at.button(key="increment_btn").click().run()
    at.button(key="decrement_btn").click().run()
    assert at.session_state["count_value"] == 1


def test_order_of_operations_callback_before_script(open_lesson):
    at = open_lesson("callbacks")
    at.text_input(key="word").input("hello").run()
    events = [e.split(" ", 1)[1] for e in at.session_state["events"]]
    assert events[-2:] == ["on_change callback: the box now says 'hello'", "script run #2 starts"]


def test_args_and_kwargs_reach_the_callback(open_lesson):
    at = open_lesson("callbacks")
    at.button(key="add_5").click().run()
    at.button(key="add_10").click().run()
    assert at.session_state["total"] == 15
    assert "callback add(10) (kwargs)" in at.session_state["events"][-2]


def test_args_are_frozen_when_the_button_is_drawn(open_lesson, monkeypatch):
    ticks = iter(range(1, 10_000))
    monkeypatch.setattr(time, "strftime", lambda *_: f"T{next(ticks):04d}")  # a clock that always moves
    at = open_lesson("callbacks")
    at.run()
    at.button(key="record").click().run()
    drawn, clicked = re.fullmatch(
        r"args say (T\d+), clicked at (T\d+)", at.session_state["recorded"]
    ).groups()
    # The argument was computed when the button was drawn, in the previous run: earlier.
    assert drawn < clicked


def test_predict_two_reruns_for_two_clicks(open_lesson):
    at = predict(open_lesson("callbacks"), "increment-twice", 2)
    for _ in range(2):
        at.button(key="increment_btn").click().run()
    assert check(at, "increment-twice").startswith("Right")
    assert "Count = " in texts(at)
