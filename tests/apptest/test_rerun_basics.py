"""rerun-basics: every interaction reruns the whole script; plain variables start over."""

from apptest_helpers import full_runs, texts


def test_first_visit_runs_the_script_once(open_lesson):
    at = open_lesson("rerun-basics")
    assert not at.exception
    assert full_runs(at) == 1
    assert "The slow step took 1.0 s" in texts(at)


def test_each_widget_interaction_reruns_the_whole_script(open_lesson):
    at = open_lesson("rerun-basics")
    at.text_input[0].input("Ada").run()
    assert full_runs(at) == 2
    assert "Hello **Ada**" in texts(at)
    at.slider[0].set_value(7).run()
    assert full_runs(at) == 3
    assert "you picked **7**" in texts(at)


def test_a_plain_variable_never_counts_past_one(open_lesson):
    at = open_lesson("rerun-basics")
    for _ in range(3):
        at.button[0].click().run()
        # Must NOT happen: the plain variable accumulating across reruns.
        assert "Clicks counted in a plain variable: **1**" in texts(at)
    assert full_runs(at) == 4
