"""callbacks: on_click runs before the rerun, so its effect shows in the same run."""

import time

import pytest
from streamlit.testing.v1 import AppTest

from apptest_helpers import APPS_DIR, check, full_runs, metric, not_judged, predict, texts, timeline


def count_line(at) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("Count as seen"))


def test_the_faq_buttons_have_their_keys(open_lesson):
    at = open_lesson("callbacks")
    assert not at.exception
    assert at.button(key="increment_btn").label == "Increment"
    assert at.button(key="decrement_btn").label == "Decrement"


def test_cb1_the_callback_effect_is_visible_in_the_same_run(open_lesson):
    """The FAQ's counter: one Increment click, and the line drawn above the buttons already shows 1.

    Fails if the callback ran after the script (or halfway, where the button is drawn): the
    top line would show the old 0, as `if st.button(...)` does in lesson 3."""
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


def test_cb1_order_of_operations_value_then_callback_then_script(open_lesson):
    """Fails if the callback ran after the script had started (its line would come after
    "script run #2 starts"), or before the new value was stored (it would read '')."""
    at = open_lesson("callbacks")
    at.text_input(key="word").input("hello").run()
    events = [e.split(" ", 1)[1] for e in at.session_state["events"]]
    # The callback already reads the new value, and runs before the script: never after it.
    assert events[-2:] == ["on_change callback: the box now says 'hello'", "script run #2 starts"]


def test_args_and_kwargs_reach_the_callback(open_lesson):
    at = open_lesson("callbacks")
    at.button(key="add_5").click().run()
    at.button(key="add_10").click().run()
    assert at.session_state["total"] == 15
    assert "callback add(10) (kwargs)" in at.session_state["events"][-2]


def test_cb2_args_are_frozen_when_the_button_is_drawn(open_lesson, monkeypatch):
    """The clock says 10:00:00 while the run draws the button, 10:00:05 when it is clicked.

    Fails if the argument were evaluated when the button is clicked (it would say 10:00:05)
    rather than when the previous run drew the button."""
    clock = {"now": "10:00:00"}
    monkeypatch.setattr(time, "strftime", lambda *_: clock["now"])
    at = open_lesson("callbacks")
    clock["now"] = "10:00:05"  # the student waits five seconds, then clicks
    at.button(key="record").click().run()
    assert at.session_state["recorded"] == "args say 10:00:00, clicked at 10:00:05"
    assert "args say 10:00:00, clicked at 10:00:05" in texts(at)


def test_cb3_predict_two_reruns_for_two_clicks(open_lesson):
    """Fails if a callback added a run of its own (4 runs for 2 clicks), or if the exercise
    refused the right answer, 2."""
    at = predict(open_lesson("callbacks"), "increment-twice", 2)
    runs = full_runs(at)
    for _ in range(2):
        at.button(key="increment_btn").click().run()
    assert full_runs(at) == runs + 2  # must NOT be +4: the callbacks added no run of their own
    assert check(at, "increment-twice").startswith("Right")
    assert "Count = " in texts(at)


def test_cb4_cb5_st_rerun_ends_the_callback_and_the_script_runs_once(open_lesson):
    """Fails if st.rerun() in a callback added a run, or if the click were passed on to the
    run after it (the clicked button returning True there)."""
    at = open_lesson("callbacks")
    at.button(key="stop_early").click().run()
    assert at.session_state["before_rerun"] == 1
    assert "after_rerun" not in at.session_state  # must NOT run: the line after st.rerun()
    assert "Line before `st.rerun()` ran **1** time(s), line after it **0**" in texts(at)
    assert full_runs(at) == 2  # must NOT be 3: st.rerun() replaced the click's run, added none
    # Must NOT be True: the click is not passed on to the run after st.rerun().
    assert "The button returned **False** in this run." in texts(at)


def test_cb8_what_a_callback_draws_lands_at_the_top_and_goes_away(open_lesson):
    """Fails if what a callback draws landed where its button is (below the title), or stayed
    after the next full run that did not call the callback."""
    at = open_lesson("callbacks")
    at.button(key="draw").click().run()
    drawn = "Drawn by a callback: at the very top of the page"
    top_level = [type(node).__name__ for node in at.main]
    assert top_level.index("Info") < top_level.index("Title")  # above everything the script draws
    assert [i.value for i in at.info] == [drawn]
    at.button(key="increment_btn").click().run()
    assert drawn not in [i.value for i in at.info]  # must NOT stay: the next run didn't call it


# Module level, like a lesson: the callback reads a global of the script.
STALE_VARIABLE_APP = """
import streamlit as st

def remember():
    st.session_state.seen = (name, st.session_state.name)

st.button("Go", on_click=remember, key="go")
name = st.text_input("Name", key="name")
"""


def test_cb9_a_callback_sees_last_runs_variables_but_new_session_state():
    """Fails if the callback saw the script variable's new value ("Bea", as if the script had
    run first), or the old value in session state ("Ada", as if the interaction's new values
    were stored only after the callbacks)."""
    at = AppTest.from_string(STALE_VARIABLE_APP).run()
    at.text_input(key="name").input("Ada").run()
    at.text_input(key="name").input("Bea")
    at.button(key="go").click().run()  # one interaction: the new text and the click together
    variable, state = at.session_state["seen"]
    assert state == "Bea"  # the interaction's new value is already in session state
    assert variable == "Ada"  # must NOT be "Bea": the script hasn't run yet, the variable is stale


def keyed_rerun_app():
    import streamlit as st

    @st.fragment(key="box")
    def box():
        st.write("inside the box")

    box()
    st.button("From a callback", key="callback", on_click=lambda: st.rerun("box"))
    if st.button("From the script body", key="body"):
        st.rerun("box")


def test_cb10_a_keyed_rerun_is_allowed_only_in_a_callback():
    """Fails if st.rerun("<key>") in the script body were allowed (no exception), or if it
    raised from a callback too."""
    at = AppTest.from_function(keyed_rerun_app).run()
    at.button(key="body").click().run()
    assert [e.proto.type for e in at.exception] == ["streamlit.errors.StreamlitAPIException"]
    assert "only allowed from a widget callback" in at.exception[0].value
    at = AppTest.from_function(keyed_rerun_app).run()
    at.button(key="callback").click().run()
    assert not at.exception  # must NOT raise from a callback
    assert "inside the box" in [m.value for m in at.markdown]


BUTTON_IN_THE_MIDDLE_APP = """
import streamlit as st

if "count" not in st.session_state:
    st.session_state.count = 0
st.write(f"above: {st.session_state.count}")
if st.button("Increment", key="inc"):
    st.session_state.count += 1
st.write(f"below: {st.session_state.count}")
"""


def test_cb11_without_a_callback_code_above_the_button_shows_the_old_value():
    """Fails if code above `if st.button(...)` already saw the click's new value (the line
    above the button would say 1 in the click's run)."""
    at = AppTest.from_string(BUTTON_IN_THE_MIDDLE_APP).run()
    at.button(key="inc").click().run()
    shown = [m.value for m in at.markdown]
    assert shown == ["above: 0", "below: 1"]  # must NOT show 1 above: the click is handled below it


@pytest.mark.skipif(
    not (APPS_DIR / "session-state").is_dir(),
    reason="a lesson's image holds only its own lesson: the AppTest run on the host covers this",
)
def test_cb11_lesson_3_handles_the_click_below_the_line_that_shows_the_count(open_lesson):
    """Fails if lesson 3's counter (session-state) already showed the click's new value on its
    top line: then the problem this lesson solves would not be there."""
    at = open_lesson("session-state")
    next(b for b in at.button if b.label == "Increment").click().run()
    assert at.session_state["count"] == 1  # the click was handled, further down
    assert count_line(at) == "Count as seen at the top of this run: **0**"  # must NOT be 1


def test_cb12_predict_the_top_line_shows_the_new_count_at_once(open_lesson):
    """Fails if the top line showed the old count (the callback running after the script), or
    if the exercise refused the right answer."""
    at = predict(open_lesson("callbacks"), "top-line", 1)
    at.button(key="increment_btn").click().run()
    assert count_line(at) == "Count as seen at the top of this run: **1**"
    assert check(at, "top-line").startswith("Right: the top line shows 1. ")


def test_predicting_the_old_count_on_the_top_line_is_refused(open_lesson):
    at = open_lesson("callbacks")
    at.button(key="increment_btn").click().run()  # Count = 1 before the exercise
    at = predict(at, "top-line", 1)  # the old count, as lesson 3's counter would show it
    at.button(key="increment_btn").click().run()
    # Must NOT be accepted: the callback ran first, so the top line already shows 2.
    assert check(at, "top-line").startswith("The top line shows 2, not 1. ")


def test_cb13_predict_the_line_after_st_rerun_never_runs(open_lesson):
    """Fails if the line after st.rerun() in the callback ran (its count would go up too), or
    if the line before it missed a click."""
    at = predict(open_lesson("callbacks"), "after-rerun", "only the line before went up")
    for _ in range(2):
        at.button(key="stop_early").click().run()
    assert "Line before `st.rerun()` ran **2** time(s), line after it **0**" in texts(at)
    assert check(at, "after-rerun").startswith("Right: the counts: only the line before went up. ")


def test_predicting_both_lines_go_up_after_st_rerun_is_refused(open_lesson):
    at = predict(open_lesson("callbacks"), "after-rerun", "both went up")
    for _ in range(2):
        at.button(key="stop_early").click().run()
    assert check(at, "after-rerun").startswith("The counts: only the line before went up, not both went up. ")


def test_the_after_rerun_exercise_reads_the_counts_the_page_shows(open_lesson):
    """Fails if the exercise judged a fixed answer rather than the two counts the page shows."""
    at = predict(open_lesson("callbacks"), "after-rerun", "only the line before went up")
    at.session_state["after_rerun"] = 5  # as if the line after st.rerun() had run: read, not written
    for _ in range(2):
        at.button(key="stop_early").click().run()
    assert "line after it **5**" in texts(at)
    # Must NOT happen: "only the line before" accepted while both counts went up.
    assert check(at, "after-rerun").startswith("The counts: both went up, not only the line before went up. ")


def test_the_after_rerun_exercise_judges_nothing_without_the_two_clicks(open_lesson):
    """Fails if doing nothing were judged: "neither changed" would then be right."""
    at = predict(open_lesson("callbacks"), "after-rerun", "neither changed")
    at.button(key="stop_early").click().run()  # one of the two clicks
    assert not_judged(at, "after-rerun").startswith("Not yet: click *Call a callback")


def events(at) -> list[str]:
    """The lesson's event log, without the times."""
    return [e.split(" ", 1)[1] for e in at.session_state["events"]]


SHOUT_HELLO = "on_change callback: the box now says 'hello'"
RING = "on_click callback: Ring"


def test_cb14_on_change_runs_only_when_the_value_changed(open_lesson):
    """Every rerun sends the word again; only the first, which changed it, calls `shout`.

    Fails if on_change ran for a value sent again unchanged: on Ring's click, or when the
    box is set to the word it already holds (the rule compares with the last run's value)."""
    at = open_lesson("callbacks")
    at.text_input(key="word").input("hello").run()
    at.button(key="ring").click().run()
    at.text_input(key="word").input("hello").run()  # the same word, sent again
    assert full_runs(at) == 4  # three reruns, each sending the word
    assert events(at).count(SHOUT_HELLO) == 1  # must NOT be 2 or 3
    assert events(at)[-3:] == [RING, "script run #3 starts", "script run #4 starts"]


def test_cb17_one_message_runs_every_changed_widgets_callback_before_the_script(open_lesson):
    """A new word and Ring's click in one rerun request, as a browser sends them together.

    Fails if only the clicked button's callback ran, if Ring's ran before the box's, or if the
    script started between the two callbacks."""
    at = open_lesson("callbacks")
    at.text_input(key="word").input("hello")
    at.button(key="ring").click().run()
    assert events(at)[-3:] == [SHOUT_HELLO, RING, "script run #2 starts"]
    assert full_runs(at) == 2


def test_cb18_a_sibling_callback_turns_a_fragment_rerun_into_a_full_run(open_lesson):
    """Fails if st.rerun("scoreboard") from the outside button's callback still reran only the
    fragment when the same rerun request also changed the word, whose callback returns normally."""
    at = open_lesson("callbacks")
    at.text_input(key="word").input("hello")
    at.button(key="outside_targeted").click().run()
    assert full_runs(at) == 2  # the whole script ran
    assert "full run" in timeline(at)[0]
    # Must NOT happen: a fragment-only run in its place.
    assert metric(at, "Scoreboard-only reruns") == "0"
    at.button(key="outside_targeted").click().run()  # the contrast: alone, a fragment-only run
    assert [m.label for m in at.main.metric] == ["Scoreboard-only reruns"]  # the fragment alone drew
    assert metric(at, "Scoreboard-only reruns") == "1"


RING_FIRST = "Ring's line, then the box's"
NO_BOX = "only Ring's line: without Enter the word isn't sent"
BOX_FIRST = "the box's line, then Ring's"


def test_cb16_predict_the_box_line_comes_before_ring(open_lesson):
    """Fails if the exercise refused the order the list shows (the box's line first), or did not
    read it from the list."""
    at = predict(open_lesson("callbacks"), "ring-order", BOX_FIRST)
    at.text_input(key="word").input("hello")
    at.button(key="ring").click().run()
    assert check(at, "ring-order").startswith("Right: the list shows the box's line, then Ring's. ")


def test_predicting_ring_first_is_refused(open_lesson):
    """Fails if the exercise accepted the click's callback first, or no line for the box."""
    for wrong in (RING_FIRST, NO_BOX):
        at = predict(open_lesson("callbacks"), "ring-order", wrong)
        at.text_input(key="word").input("hello")
        at.button(key="ring").click().run()
        assert check(at, "ring-order").startswith(
            f"The list shows the box's line, then Ring's, not {wrong}. "
        )


def test_the_ring_order_exercise_reads_the_list_since_lock_in(open_lesson):
    """Fails if the exercise judged a fixed answer: Ring clicked first, the word entered after,
    and the list shows Ring's line first."""
    at = predict(open_lesson("callbacks"), "ring-order", BOX_FIRST)
    at.button(key="ring").click().run()
    at.text_input(key="word").input("hello").run()
    assert check(at, "ring-order").startswith(
        f"The list shows Ring's line, then the box's, not {BOX_FIRST}. "
    )


def test_the_ring_order_exercise_judges_nothing_without_a_new_word(open_lesson):
    """Fails if a click on Ring alone were judged ("only Ring's line" would then be right)."""
    at = predict(
        open_lesson("callbacks"), "ring-order", "only Ring's line: without Enter the word isn't sent"
    )
    at.button(key="ring").click().run()
    assert not_judged(at, "ring-order").startswith("Not yet: type a new word")
