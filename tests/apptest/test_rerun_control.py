"""rerun-control: st.rerun adds a run, st.stop cuts the page short, st.dialog opens."""

from apptest_helpers import check, full_runs, predict, texts, timeline


def items_line(at):
    return next(m.value for m in at.markdown if m.value.startswith("Items, counted above"))


def test_without_st_rerun_the_count_drawn_first_lags(open_lesson):
    at = open_lesson("rerun-control")
    assert not at.exception
    at.button(key="add_item").click().run()
    assert len(at.session_state["items"]) == 1
    assert items_line(at).endswith("**0**")  # drawn before the click was handled: it lags
    assert full_runs(at) == 2


def test_st_rerun_adds_a_run_that_shows_the_new_count(open_lesson):
    at = open_lesson("rerun-control")
    at.button(key="add_item_rerun").click().run()
    assert items_line(at).endswith("**1**")
    assert full_runs(at) == 3
    newest, cut_short = timeline(at)[:2]
    assert "st.rerun()" in newest
    assert "cut short by st.rerun()" in cut_short


def test_st_stop_cuts_the_rest_of_the_page(open_lesson):
    at = open_lesson("rerun-control")
    at.toggle(key="stop_here").set_value(True).run()
    assert not at.exception
    headers = [h.value for h in at.header]
    assert headers[-1] == "4 · Try it: predict, then check"  # pitfalls and reading must NOT be drawn
    assert "Stopped" in at.info[0].value
    at.toggle(key="stop_here").set_value(False).run()
    assert "stopped by st.stop()" in timeline(at)[1]
    assert [h.value for h in at.header][-1] == "6 · Further reading"


def test_the_dialog_opens(open_lesson):
    at = open_lesson("rerun-control")
    at.button(key="open_dialog").click().run()
    assert not at.exception
    assert at.text_input(key="new_name").label == "New name"


def test_predict_two_runs_for_add_and_rerun(open_lesson):
    at = predict(open_lesson("rerun-control"), "add-and-rerun", 2)
    at.button(key="add_item_rerun").click().run()
    assert check(at, "add-and-rerun").startswith("Right")
    assert "Project: **Untitled**" in texts(at)


def test_an_exception_ends_the_run_and_the_next_run_is_whole(open_lesson):
    at = open_lesson("rerun-control")
    at.toggle(key="raise_here").set_value(True).run()
    assert "Raised on purpose" in at.exception[0].message
    assert "6 · Further reading" not in [h.value for h in at.header]  # the rest was not drawn
    at.toggle(key="raise_here").set_value(False).run()
    assert not at.exception
    assert "error: RuntimeError" in timeline(at)[1]
