"""The lesson kit's own statements about Streamlit (claims KT…), and how its timeline names
the causes of runs. A fragment-only run and a run cut short by a newer interaction need a
real server: tests/browser/test_lesson_kit.py."""

import pytest
from streamlit.testing.v1 import AppTest

from apptest_helpers import check, not_judged, predict, timeline
from rerunlab.catalog import catalog
from rerunlab.lessonkit import VERIFIED_STREAMLIT
from rerunlab.lessonkit.exercises import NOT_SHARED_NOTE


def keyed_and_keyless_buttons():
    import streamlit as st

    st.button("Keyless")
    st.button("Keyed", key="keyed")
    with st.form("form"):
        st.form_submit_button("Submit")  # Streamlit gives a submit button a key of its own
    st.markdown(repr(sorted(st.session_state.to_dict().items())))


def test_kt3_a_widget_without_a_key_has_no_entry_in_session_state():
    """Fails if a keyless widget had an entry in st.session_state (under the id Streamlit makes
    for it), which the timeline could then name, or if a form's submit button had none."""
    at = AppTest.from_function(keyed_and_keyless_buttons).run()
    submit = "('FormSubmitter:form-Submit', False)"
    assert at.markdown[0].value == f"[{submit}, ('keyed', False)]"
    at.button[0].click().run()  # the keyless one
    # Must NOT appear: any entry for the keyless button, even in the run its click caused.
    assert at.markdown[0].value == f"[{submit}, ('keyed', False)]"
    at.button(key="keyed").click().run()
    assert at.markdown[0].value == f"[{submit}, ('keyed', True)]"


def test_kt3_the_timeline_calls_a_click_on_a_keyless_widget_that(open_lesson):
    """Fails if the timeline named a keyless click by some key, or said nothing of its cause."""
    at = open_lesson("session-state")
    next(b for b in at.button if b.label == "Increment").click().run()  # the FAQ's, no key
    assert timeline(at)[0].endswith("a widget without a key")


def test_kt1_the_counter_goes_up_with_every_full_rerun(open_lesson):
    """Fails if the counter started over on each run (a plain variable: it would stay at 1), or
    counted only the runs a widget caused (it would miss the rerun with nothing changed)."""
    at = open_lesson("rerun-basics")
    assert at.metric[0].value == "1"
    at.run()
    at.button(key="add_click").click().run()
    assert at.metric[0].value == "3"


def test_the_timeline_names_the_exercises_own_buttons(open_lesson):
    at = predict(open_lesson("rerun-basics"), "enter-name", 1)
    assert "Lock in my prediction" in timeline(at)[0]
    at.text_input(key="name").input("Ada").run()
    check(at, "enter-name")
    assert "the exercise's *Check* button" in timeline(at)[0]
    # Must NOT happen: the kit's own keyed button reported as "a widget without a key".
    assert not any("without a key" in entry for entry in timeline(at)[:2])


def test_every_lesson_page_says_which_streamlit_its_claims_were_checked_against(open_lesson):
    at = open_lesson("rerun-basics")
    assert f"As of Streamlit {VERIFIED_STREAMLIT}" in at.caption[0].value


def run_strip(at: AppTest) -> tuple[str, str, str]:
    """The run strip (st.bottom: the tree's fourth root): its counts, its newest run, and the
    timeline in its popover."""
    shown = [m.value for m in at._tree.children[3] if getattr(m, "type", "") == "markdown"]
    assert len(shown) == 3, shown

    def one(prefix: str) -> str:
        return next(value for value in shown if value.startswith(prefix))

    return one("Runs: "), one("Last run "), one("#### Rerun timeline")


def test_the_run_strip_shows_the_newest_full_run(open_lesson):
    at = open_lesson("rerun-basics")
    counts, last, timeline_in_popover = run_strip(at)
    assert counts == "Runs: **1** full · **0** fragment-only"
    assert last.startswith("Last run **#1** · full run · ")
    assert last.endswith(" s — initial load")
    at.button(key="add_click").click().run()
    counts, last, timeline_in_popover = run_strip(at)
    assert counts == "Runs: **2** full · **0** fragment-only"
    assert last.startswith("Last run **#2** · full run · ")
    assert timeline_in_popover.startswith("#### Rerun timeline\n**2** full runs · **0** fragment-only runs")
    # Must NOT happen: the strip telling a different newest run than the sidebar timeline.
    assert timeline(at)[0].split(" — ")[1] in last


def test_a_fragment_only_run_redraws_the_run_strip(open_lesson):
    # A callback calling st.rerun("scoreboard") makes a fragment-only run in AppTest too, and its
    # tree then holds only what that run drew: the strip must be among it, up to date.
    at = open_lesson("callbacks")
    at.button(key="outside_targeted").click().run()
    assert not at.exception
    counts, last, _ = run_strip(at)
    assert counts == "Runs: **1** full · **1** fragment-only"
    assert last.startswith("Last run **#2** · fragment `scoreboard` · ")
    # Must NOT happen: the strip lagging at the full run before it.
    assert "**#1**" not in last


def choice_exercise():
    import streamlit as st

    from rerunlab.lessonkit import Exercise, predict

    st.session_state.setdefault("light", "off")
    st.button("Switch", key="switch", on_click=lambda: st.session_state.update(light="on"))
    predict(
        Exercise(
            key="light",
            question="What will the light be after one Switch click?",
            action="click Switch",
            choices=("on", "off"),
            done=lambda acted: acted.changed("light"),
            truth=lambda _: st.session_state.light,  # read, not written down
            outcome="the light is {}",
            why="The callback switched it.",
        )
    )


def test_a_multiple_choice_exercise_checks_against_the_sessions_state():
    at = AppTest.from_function(choice_exercise).run()
    at = predict(at, "light", "on")
    at.button(key="switch").click().run()
    assert check(at, "light") == "Right: the light is on. The callback switched it."
    # Must NOT be offered: a second Check, which would read a page its own run had changed.
    assert not [b for b in at.button if b.key == "_lessonkit_check_light"]


def test_a_wrong_choice_is_refused_and_can_be_tried_again():
    at = AppTest.from_function(choice_exercise).run()
    at = predict(at, "light", "off")
    at.button(key="switch").click().run()
    assert check(at, "light") == "The light is on, not off. The callback switched it."
    at.button(key="_lessonkit_retry_light").click().run()
    assert at.radio(key="_lessonkit_guess_light").value is None  # asked again, from scratch


def test_locking_in_no_choice_asks_for_one_and_records_nothing():
    at = AppTest.from_function(choice_exercise).run()
    at.button(key="_lessonkit_lock_light").click().run()
    assert [w.value for w in at.warning] == ["Pick an answer first, then lock it in."]
    # Must NOT happen: an empty prediction accepted, the Check button offered.
    assert not [b for b in at.button if b.key == "_lessonkit_check_light"]


def captions(at: AppTest, exercise: str) -> list[str]:
    return [c.value for c in at.get_by_key(f"exercise-{exercise}").caption]


def test_without_a_check_in_store_an_answer_is_checked_and_nothing_is_said_about_sharing(monkeypatch):
    monkeypatch.delenv("RERUNLAB_CHECKIN_URL", raising=False)  # a lesson run on its own
    at = AppTest.from_function(choice_exercise).run()
    at = predict(at, "light", "on")
    at.button(key="switch").click().run()
    assert check(at, "light").startswith("Right")
    assert captions(at, "light") == []


def test_with_the_check_in_store_down_an_answer_is_still_checked_and_said_not_shared(monkeypatch):
    # Nothing listens on port 9: the store is configured but unreachable.
    monkeypatch.setenv("RERUNLAB_CHECKIN_URL", "valkey://127.0.0.1:9/0")
    at = AppTest.from_function(choice_exercise).run()
    at = predict(at, "light", "off")
    at.button(key="switch").click().run()
    assert check(at, "light") == "The light is on, not off. The callback switched it."
    assert captions(at, "light") == [NOT_SHARED_NOTE]
    assert not at.exception


LOCK = "_lessonkit_lock_"


@pytest.mark.parametrize("slug", [lesson.slug for lesson in catalog()])
def test_check_pressed_without_doing_the_action_judges_nothing(open_lesson, slug):
    """Every exercise of every lesson, locked in and checked at once, the action not done.

    Fails if any exercise judged a page its action never changed: doing nothing is never
    right (nor wrong), and nothing is shared as checked."""
    at = open_lesson(slug)
    keys = [b.key.removeprefix(LOCK) for b in at.button if b.key and b.key.startswith(LOCK)]
    assert len(keys) >= 2, keys
    for key in keys:
        choices = [r for r in at.radio if r.key == f"_lessonkit_guess_{key}"]
        at = predict(at, key, choices[0].options[0] if choices else 0)
        assert not_judged(at, key).startswith(("Not yet: ", "The run your last step caused")), key


def test_kt3_the_timeline_names_a_keyed_widget_whatever_its_value(open_lesson):
    """A file upload (an UploadedFile, not a bool, number or text) in the caching lesson's
    uploader, key="upload": the timeline names the key.

    Fails if the timeline called a keyed widget "a widget without a key" because it can't
    print its value (beside a legend saying such a widget has no entry in session state)."""
    at = open_lesson("caching")
    at.file_uploader(key="upload").set_value(("one.csv", b"a,b\n1,2\n", "text/csv")).run()
    assert "`upload` = a new `UploadedFile`" in timeline(at)[0]
    at.file_uploader(key="upload").set_value(("two.csv", b"x\n", "text/csv")).run()
    assert "`upload` = a new `UploadedFile`" in timeline(at)[0]
    assert not any(entry.endswith("a widget without a key") for entry in timeline(at)[:2])


def test_kt3_the_timeline_names_a_keyed_button_clicked_twice_in_a_row(open_lesson):
    """rerun-basics' keyed *Add one click* button, clicked twice in a row, then a name typed.

    Fails if the timeline compared the second click's run with how the first click's run
    ended, the button still True (Streamlit sets it back to False only after its click's
    run), and so called the second click "a widget without a key"; or if it named the button,
    back to False, in the run the name caused."""
    at = open_lesson("rerun-basics")
    for _ in range(2):
        at.button(key="add_click").click().run()
        assert "changed before the run: `add_click` = True" in timeline(at)[0], timeline(at)[0]
    at.text_input(key="name").input("Ada").run()
    assert "`name`: `''` → `'Ada'`" in timeline(at)[0], timeline(at)[0]
    # Must NOT happen: the button named in a run no click of it caused.
    assert "add_click" not in timeline(at)[0]


def keyed_list_and_tuple_widgets():
    import streamlit as st

    from rerunlab.lessonkit import timeline as tl

    run = tl.start_run("full")
    visits = st.session_state.setdefault("visits", [])  # a plain list, no widget's
    st.multiselect("Toppings", ["cheese", "olives", "basil"], key="toppings")  # a list
    st.slider("Range", 0, 10, (2, 5), key="range")  # a tuple
    st.button("Keyless", on_click=lambda: visits.append("click"))  # grows the plain list
    tl.end_run(run, None)
    st.markdown(run.cause)


def test_kt3_the_timeline_names_a_keyed_multiselect_and_range_slider_by_their_key():
    """A keyed widget whose value is a list (st.multiselect) or a tuple (a range slider) is
    named by its key, while a list the script keeps in session state is not.

    Fails if the timeline left out every list and tuple, widgets' included, and so called a
    keyed multiselect "a widget without a key"; or if it named a list no widget owns, which a
    callback grew, as the cause of a run."""
    at = AppTest.from_function(keyed_list_and_tuple_widgets).run()
    at.multiselect(key="toppings").select("olives").run()
    assert at.markdown[0].value == "changed before the run: `toppings` = a new `list`"
    at.slider(key="range").set_value((3, 5)).run()
    assert at.markdown[0].value == "changed before the run: `range` = a new `tuple`"
    at.button[0].click().run()  # keyless: the list its callback grew must NOT be named instead
    assert at.session_state["visits"] == ["click"]
    assert at.markdown[0].value == "a widget without a key"


def test_the_timeline_names_a_toggle_unticked_and_not_a_button_falling_back(open_lesson):
    """rerun-control's toggles: one whose run raised, one whose run st.stop() ended, then a
    button's click run and the run after it.

    Fails if the timeline called unticking a toggle "a widget without a key" (taking its
    True → False for a button falling back after its click's run), if a run st.stop() ended
    left the next run comparing with the run before it, or if it named a button's return to
    False as a change."""
    at = open_lesson("rerun-control")

    def newest_cause() -> str:  # a run that raised or stopped draws no timeline: read its record
        return at.session_state["_lessonkit_timeline"].runs[-1].cause

    for key in ("raise_here", "stop_here"):
        at.toggle(key=key).set_value(True).run()
        assert newest_cause() == f"changed before the run: `{key}` = True", newest_cause()
        at.toggle(key=key).set_value(False).run()
        assert newest_cause() == f"changed before the run: `{key}`: `True` → `False`", newest_cause()
    at.button(key="add_item").click().run()
    at.toggle(key="raise_here").set_value(True).run()
    # Must NOT be named: the button's value going back to False after its click's run.
    assert newest_cause() == "changed before the run: `raise_here` = True", newest_cause()
