"""Lesson: a rerun runs the script again, not the modules it imports, and not your own threads."""

import socket
import threading
from datetime import datetime

import imported_once  # this lesson's own module, beside app.py
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from rerunlab.lessonkit import (
    Exercise,
    claim,
    code_panel,
    echo,
    further_reading,
    lesson_page,
    pitfalls,
    predict,
    record_shown,
)

SHARED_UP = "the module's and the cache's, not st.session_state's"
ALL_UP = "all three"
NONE_UP = "none of them"
OTHER_MIX = "another mix (someone cleared the cache)"


def now() -> str:
    return datetime.now().strftime("%H:%M:%S.%f")[:-3]


with lesson_page(__file__) as lesson:
    lesson.section("problem")
    st.markdown(
        "Every interaction runs `app.py` again from its first line (lesson 1). So does "
        "everything start again? A Python module the script imports, a variable at its top "
        "level, a thread the script starts: which of them run again, and whose are they?"
    )

    lesson.section("technique")
    st.markdown(
        claim(
            "WR1",
            "A rerun executes only the script Streamlit was started with (here `app.py`) again. A "
            "module it imports runs its top level once per server process, at the first import: "
            "every later run, in every session, finds it in Python's `sys.modules` and gets the "
            "same module object.",
        )
        + " Rerun and compare the two times:"
    )
    record_shown("module_time", imported_once.IMPORTED_AT)  # what the right-hand time shows
    script_time, module_time = st.columns(2)
    script_time.metric("app.py's top level ran at", now())
    module_time.metric("imported_once.py's top level ran at", imported_once.IMPORTED_AT)
    st.button("Rerun the script", key="rerun_now")
    code_panel(imported_once, caption="imported_once.py, exactly as this server imported it")

    lesson.section("side-by-side")
    st.markdown("One button adds a note to three places. Which of them are yours?")
    with echo():

        @st.cache_resource  # one object for every session of this server process [WR3]
        def cached_tally() -> dict[str, int]:
            return {"notes_added": 0}

        if st.button("Add a note to all three", key="add_note"):
            with imported_once.LOCK:  # in case another session adds at the same moment
                imported_once.notes_added += 1  # a module's variable: shared by every session [WR2]
                cached_tally()["notes_added"] += 1
            st.session_state.notes_added = st.session_state.get("notes_added", 0) + 1  # yours [WR4]
        if st.button("Clear the cache", key="clear_cache"):
            cached_tally.clear()  # the next call builds a new one, for every session [WR10]
    counts = {
        "module": imported_once.notes_added,
        "cache": cached_tally()["notes_added"],
        "mine": st.session_state.get("notes_added", 0),
    }
    record_shown("counts", counts)
    module_column, cache_column, session_column = st.columns(3)
    module_column.metric("imported_once.notes_added", counts["module"], help="every session of this server")
    cache_column.metric("cached_tally()", counts["cache"], help="every session of this server")
    session_column.metric("st.session_state.notes_added", counts["mine"], help="your session only")
    st.caption(
        claim(
            "WR12",
            "A module-level variable keeps its value across reruns and across sessions: every "
            "student this server process serves adds to the same `notes_added`, and nothing "
            "resets it until the process ends.",
        )
        + " "
        + claim(
            "WR13",
            "`st.cache_resource` hands every session of the server the same object too; unlike "
            "the module's variable, Streamlit can drop it: after `cached_tally.clear()` the next "
            "call builds a new one.",
        )
        + " "
        + claim(
            "WR14",
            "`st.session_state` belongs to your session: a new tab starts at 0 while the other "
            "two counts carry on.",
        )
        + f" This server process is `{socket.gethostname()}`: with several replicas of a lesson "
        "(the Swarm deployment runs two), each replica has its own module and cache, and "
        "students on another one see other counts."
    )

    st.subheader("A thread of your own can't draw")
    with echo():

        def work(result: dict) -> None:
            result["had_run_context"] = get_script_run_ctx(suppress_warning=True) is not None
            st.write("Hello from the thread")  # no run context in this thread: nothing is drawn [WR5]
            result["total"] = sum(range(1_000))  # plain Python works as anywhere

        if st.toggle("Start a thread that calls st.write", key="start_thread"):
            result: dict = {}
            thread = threading.Thread(target=work, args=(result,))
            thread.start()
            thread.join()  # the run waits here until the thread is done
            st.write(f"Back in the script: the thread computed **{result['total']}**.")
            record_shown("thread_drew", result["had_run_context"])
    st.caption(
        claim(
            "WR15",
            "A thread you start has no script run context: Streamlit commands in it draw nothing "
            "and raise no error (the server logs `missing ScriptRunContext`). Compute in the "
            "thread, then draw its result from the script.",
        )
    )

    lesson.section("try-it")
    predict(
        Exercise(
            key="module-time",
            question="click **Rerun the script**: what will *imported_once.py's top level ran at* show?",
            action="click *Rerun the script*",
            choices=("a new time", "the same time as before"),
            snapshot=lambda: imported_once.IMPORTED_AT,
            done=lambda acted: acted.clicks("rerun_now") > 0,
            truth=lambda acted: (
                "the same time as before" if acted.shown("module_time") == acted.snapshot else "a new time"
            ),
            outcome="it shows {}",
            why=claim(
                "WR6",
                "Your click reran `app.py`, and its `import imported_once` found the module in "
                "`sys.modules`: the module's top level didn't run again.",
            ),
        )
    )
    predict(
        Exercise(
            key="thread-write",
            question="tick **Start a thread that calls st.write**: will *Hello from the thread* appear?",
            action="tick *Start a thread that calls st.write*",
            choices=("it appears", "nothing from the thread appears"),
            done=lambda acted: bool(acted.ran_with("start_thread", "True")),
            truth=lambda acted: (
                "it appears" if acted.shown("thread_drew") else "nothing from the thread appears"
            ),
            outcome="{}",
            why=claim(
                "WR7",
                "The thread had no run context, so its `st.write` had nowhere to draw; the script's "
                "own line after `join()` did.",
            ),
        )
    )

    def counts_now() -> dict[str, int]:
        return {
            "module": imported_once.notes_added,
            "cache": cached_tally()["notes_added"],
            "mine": st.session_state.get("notes_added", 0),
        }

    def which_went_up(acted) -> str:
        shown, before = acted.shown("counts"), acted.snapshot
        up = {name: shown[name] > before[name] for name in before}
        if up["module"] and up["cache"]:
            return ALL_UP if up["mine"] else SHARED_UP
        return NONE_UP if not any(up.values()) else OTHER_MIX

    predict(
        Exercise(
            key="other-session",
            question="open this lesson in a **new tab** (or let a neighbour do it), click **Add a note "
            "to all three** there, then come back and click **Rerun the script** here. Which of "
            "this tab's three counts will have gone up?",
            action="add a note in the other tab, then click *Rerun the script* in this one",
            choices=(SHARED_UP, ALL_UP, NONE_UP, OTHER_MIX),
            snapshot=counts_now,
            done=lambda acted: (
                acted.clicks("rerun_now") > 0
                and (
                    acted.shown("counts", {"module": 0})["module"] > acted.snapshot["module"]
                    or "Not yet: no note was added since you locked in. Add one in the other tab, "
                    "then click *Rerun the script* here and press **Check**."
                )
            ),
            truth=which_went_up,
            outcome="{} went up",
            why=claim(
                "WR8",
                "The other tab is another session: its click changed the server process's module "
                "variable and cache, which this session reads too, and not this session's "
                "`st.session_state`.",
            ),
        )
    )

    lesson.section("pitfalls")
    pitfalls(
        claim(
            "WR9",
            "Don't keep a student's data in a module-level variable or in `st.cache_resource`: "
            "every session of the server sees and changes it. Keep it in `st.session_state`.",
        ),
        claim(
            "WR16",
            "`cached_tally.clear()` (or `st.cache_resource.clear()`) empties the cache for every "
            "session, not just yours.",
        ),
        "A module-level object that every session adds to grows for as long as the server runs: "
        "keep it bounded, and change it under a lock.",
    )

    lesson.section("reading")
    further_reading(
        {
            "Multithreading in Streamlit": "https://docs.streamlit.io/develop/concepts/design/multithreading",
            "Caching overview": "https://docs.streamlit.io/develop/concepts/architecture/caching",
            "The module cache (Python's import system)": "https://docs.python.org/3/reference/import.html#the-module-cache",
        }
    )
