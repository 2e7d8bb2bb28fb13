"""what-reruns: what a rerun executes again (the script, not its imports), what every session
shares (a module's variables, st.cache_resource) and what is yours (st.session_state), and a
thread without a run context. Two AppTest instances are two sessions of one process, as two
students are of one lesson server: the module and the caches are the process's in both.
In a real browser: tests/browser/test_what_reruns.py."""

import logging
import sys

from streamlit.testing.v1 import AppTest

from apptest_helpers import APPS_DIR, RUN_TIMEOUT_S, check, not_judged, predict

SLUG = "what-reruns"
LABELS = {
    "imported_once.notes_added": "module",
    "cached_tally()": "cache",
    "st.session_state.notes_added": "mine",
}


def another_session() -> AppTest:
    """The lesson opened by another student of the same server: same process, caches kept."""
    return AppTest.from_file(str(APPS_DIR / SLUG / "app.py"), default_timeout=RUN_TIMEOUT_S).run()


def counts(at: AppTest) -> dict[str, int]:
    return {LABELS[m.label]: int(m.value) for m in at.metric if m.label in LABELS}


def shown(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def test_wr1_wr6_wr11_a_rerun_runs_the_script_again_and_not_the_module_it_imports(open_lesson):
    """Two runs: the script's own time moves, the imported module's stays, and the module
    object is the same one.

    Fails if a rerun imported the lesson's module again (its top level run again, a new module
    object), or if the script itself were not run again."""
    at = open_lesson(SLUG)
    module, module_time = sys.modules["imported_once"], shown(at, "imported_once.py's top level ran at")
    script_time = shown(at, "app.py's top level ran at")
    at.button(key="rerun_now").click().run()
    assert shown(at, "app.py's top level ran at") != script_time
    assert shown(at, "imported_once.py's top level ran at") == module_time
    assert sys.modules["imported_once"] is module  # must NOT happen: a fresh import


def test_wr2_wr3_wr4_wr9_wr12_wr14_a_note_counts_for_every_session_in_the_module_and_the_cache(open_lesson):
    """One session adds a note; another session, opened after, reads the same module count and
    cache count, and its own session-state count at 0.

    Fails if a module-level variable or st.cache_resource were kept per session (the second
    session would read 0 there too), or if st.session_state were shared between sessions."""
    first = open_lesson(SLUG)
    before = counts(first)
    first.button(key="add_note").click().run()
    added = {"module": before["module"] + 1, "cache": before["cache"] + 1}
    assert counts(first) == {**added, "mine": 1}
    assert counts(another_session()) == {**added, "mine": 0}


def test_wr3_wr10_wr13_wr16_clear_drops_the_cache_for_every_session_and_leaves_the_module_alone(open_lesson):
    """A note, then Clear the cache in one session: the other session's cache count is back to
    0, its module count is not.

    Fails if .clear() emptied only the calling session's view of the cache, or if it reset the
    module's variable as well (the module is not Streamlit's to drop)."""
    first = open_lesson(SLUG)
    first.button(key="add_note").click().run()
    module = counts(first)["module"]
    assert counts(first)["cache"] >= 1
    first.button(key="clear_cache").click().run()
    assert counts(another_session()) == {"module": module, "cache": 0, "mine": 0}


def test_wr5_wr15_a_thread_without_a_run_context_draws_nothing_and_says_so_in_the_log(open_lesson, caplog):
    """The thread's st.write: no element, no exception, and Streamlit's warning in the log; the
    script's own line after join() is drawn. (AppTest runs the lesson's thread as a server does;
    the browser test checks the page too.)

    Fails if a thread's st.write drew on the page, raised, or went by without the warning."""
    at = open_lesson(SLUG)
    with caplog.at_level(logging.WARNING):
        at.toggle(key="start_thread").set_value(True).run()
    assert not at.exception
    texts = [m.value for m in at.markdown]
    assert "Back in the script: the thread computed **499500**." in texts
    assert not [t for t in texts if t == "Hello from the thread"]  # must NOT be drawn
    assert any(
        "missing ScriptRunContext" in r.getMessage() and "work" in r.getMessage() for r in caplog.records
    )


def test_the_module_time_exercise_is_right_for_the_same_time_and_wrong_for_a_new_one(open_lesson):
    at = predict(open_lesson(SLUG), "module-time", "the same time as before")
    at.button(key="rerun_now").click().run()
    assert check(at, "module-time").startswith("Right: it shows the same time as before")
    at = predict(open_lesson(SLUG), "module-time", "a new time")
    at.button(key="rerun_now").click().run()
    assert check(at, "module-time").startswith("It shows the same time as before, not a new time")


def test_the_thread_exercise_is_right_for_nothing_and_wrong_for_it_appears(open_lesson):
    at = predict(open_lesson(SLUG), "thread-write", "nothing from the thread appears")
    at.toggle(key="start_thread").set_value(True).run()
    assert check(at, "thread-write").startswith("Right: nothing from the thread appears")
    at = predict(open_lesson(SLUG), "thread-write", "it appears")
    at.toggle(key="start_thread").set_value(True).run()
    assert check(at, "thread-write").startswith("Nothing from the thread appears, not it appears")


def test_the_other_session_exercise_reads_what_another_sessions_note_changed(open_lesson):
    """A note added by another session, then Rerun here: the module's and the cache's counts
    went up, this session's did not. A note added here too makes it all three."""
    shared = "the module's and the cache's, not st.session_state's"
    at = predict(open_lesson(SLUG), "other-session", shared)
    another_session().button(key="add_note").click().run()
    at.button(key="rerun_now").click().run()
    assert check(at, "other-session").startswith(f"Right: {shared} went up")

    at = predict(open_lesson(SLUG), "other-session", shared)
    at.button(key="add_note").click().run()
    at.button(key="rerun_now").click().run()
    assert check(at, "other-session").startswith(f"All three went up, not {shared}")


def test_the_other_session_exercise_judges_nothing_until_another_session_added_a_note(open_lesson):
    """Rerun alone, with no note added anywhere since lock-in: not judged, so "none of them"
    can't be right by doing nothing elsewhere."""
    at = predict(open_lesson(SLUG), "other-session", "none of them")
    at.button(key="rerun_now").click().run()
    assert not_judged(at, "other-session").startswith("Not yet: no note was added since you locked in")
