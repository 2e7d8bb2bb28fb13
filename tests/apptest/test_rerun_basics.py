"""rerun-basics: every interaction reruns the whole script; plain variables start over."""

from apptest_helpers import check, full_runs, predict, texts, timeline


def test_first_visit_runs_the_script_and_its_slow_step_once(open_lesson):
    at = open_lesson("rerun-basics")
    assert not at.exception
    assert full_runs(at) == 1
    assert "The slow step took 1.0 s" in texts(at)
    assert "slow step 1.0 s" in timeline(at)[0]


def test_each_widget_interaction_reruns_the_whole_script(open_lesson):
    at = open_lesson("rerun-basics")
    at.text_input(key="name").input("Ada").run()
    assert full_runs(at) == 2
    assert "Hello **Ada**" in texts(at)
    assert "`name`: `''` → `'Ada'`" in timeline(at)[0]  # the timeline names the cause
    at.slider(key="level").set_value(7).run()
    assert full_runs(at) == 3
    assert "you picked **7**" in texts(at)
    assert "slow step" in timeline(at)[0]  # the slow step ran again


def test_a_plain_variable_never_counts_past_one(open_lesson):
    at = open_lesson("rerun-basics")
    for _ in range(3):
        at.button(key="add_click").click().run()
        # Must NOT happen: the plain variable accumulating across reruns.
        assert "Clicks in a plain variable: **1**" in texts(at)
    assert full_runs(at) == 4


def test_predict_then_check_counts_one_rerun_for_one_interaction(open_lesson):
    at = predict(open_lesson("rerun-basics"), "enter-name", 1)
    at.text_input(key="name").input("Grace").run()
    assert check(at, "enter-name").startswith("Right: the timeline shows 1 full script runs")


def test_a_wrong_prediction_is_told_so(open_lesson):
    at = predict(open_lesson("rerun-basics"), "enter-name", 0)
    at.text_input(key="name").input("Grace").run()
    assert check(at, "enter-name").startswith("The timeline shows 1 full script runs, not 0")
