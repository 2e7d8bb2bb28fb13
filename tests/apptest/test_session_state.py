"""session-state: the FAQ's counter survives reruns in st.session_state."""

from apptest_helpers import full_runs


def count_line(at) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("Count as seen"))


def test_the_counter_survives_reruns_and_decrements(open_lesson):
    at = open_lesson("session-state")
    assert not at.exception
    assert at.session_state["count"] == 0
    for _ in range(3):
        at.button[0].click().run()  # Increment (look it up anew: each run rebuilds the page)
    at.button[1].click().run()  # Decrement
    # Must NOT happen: the counter being reset to 0 by a rerun.
    assert at.session_state["count"] == 2
    assert full_runs(at) == 5


def test_code_above_the_button_sees_the_old_value_during_that_run(open_lesson):
    at = open_lesson("session-state")
    at.button[0].click().run()
    assert at.session_state["count"] == 1
    assert count_line(at) == "Count as seen at the top of this run: **0**"
