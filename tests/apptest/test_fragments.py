"""fragments: what AppTest can check. The fragment-only rerun itself is proven in a real
browser (tests/browser), because AppTest reruns the whole script for a fragment's widget."""

from apptest_helpers import full_runs, metric


def test_first_run_runs_the_fragment_once(open_lesson):
    at = open_lesson("fragments")
    assert not at.exception
    assert full_runs(at) == 1
    assert metric(at, "Fragment runs") == "1"


def test_a_click_outside_the_fragment_reruns_everything(open_lesson):
    at = open_lesson("fragments")
    at.button(key="outside").click().run()
    assert full_runs(at) == 2
    assert metric(at, "Fragment runs") == "2"


def test_the_fragment_counter_is_per_session(open_lesson):
    first = open_lesson("fragments")
    first.button(key="outside").click().run()
    second = open_lesson("fragments")
    # Must NOT leak: another student's session starts its own count.
    assert metric(second, "Fragment runs") == "1"
