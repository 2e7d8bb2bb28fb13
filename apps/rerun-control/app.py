"""Lesson: trigger and cut short runs on purpose with st.rerun, st.stop and st.dialog."""

import streamlit as st

from rerunlab.lessonkit import (
    Exercise,
    claim,
    echo,
    fragment_run,
    further_reading,
    lesson_page,
    pitfalls,
    predict,
    predict_then_check,
    session_timeline,
)

with lesson_page(__file__) as lesson:
    lesson.section("problem")
    st.markdown(
        "Sometimes the run in progress is already wrong: state changed after the part of the "
        "page that shows it was drawn. Sometimes the rest of the page must not run at all. "
        "And sometimes one small window should rerun on its own."
    )

    lesson.section("technique")
    st.markdown(
        claim("RC1", "`st.rerun()` ends the current run at once and starts a new one.")
        + " "
        + claim("RC2", "`st.stop()` ends it without a new one: nothing below it is drawn.")
        + " "
        + claim(
            "RC3",
            "`@st.dialog` opens a modal that, like a fragment, reruns on its own when you use a "
            "widget inside it.",
        )
        + " Watch the timeline in the sidebar for each."
    )

    # What the page showed, for the exercises to check against. A dict: the timeline never names
    # a change to it as the cause of a run (a stopped run changes it, then leaves no record).
    on_the_page = st.session_state.setdefault("on_the_page", {})

    lesson.section("side-by-side")
    items = st.session_state.setdefault("items", [])
    st.write(f"Items, counted above both buttons: **{len(items)}**")
    on_the_page["items"] = len(items)
    lagging, rerun = lesson.side_by_side("Without st.rerun", "With st.rerun")
    with lagging, echo():
        if st.button("Add an item", key="add_item"):
            items.append("item")  # the count above was already drawn: it lags by one [RC4]
    with rerun, echo():
        if st.button("Add an item and rerun", key="add_item_rerun"):
            items.append("item")
            st.rerun()  # cut this run short; the next one draws the new count [RC5]

    st.subheader("A dialog reruns on its own")
    with echo():

        @st.dialog("Rename the project")
        def rename():
            with fragment_run("dialog") as reruns:
                name = st.text_input("New name", key="new_name")
                st.caption(f"Dialog-only reruns so far: {reruns}")
                if st.button("Save", key="save_name"):
                    st.session_state.project = name
                    # A full rerun: it shows the new name and, not calling rename(), closes the dialog [RC6]
                    st.rerun()

        st.write(f"Project: **{st.session_state.get('project', 'Untitled')}**")
        if st.button("Rename…", key="open_dialog"):
            rename()

    lesson.section("try-it")
    predict_then_check(
        "add-and-rerun",
        "click *Add an item and rerun* once",
        done=lambda acted: acted.clicks("add_item_rerun") > 0,
        explanation=claim(
            "RC7", "Two: the click's own run, cut short by `st.rerun()`, and the run it started."
        ),
    )
    predict(
        Exercise(
            key="add-item",
            question="click **Add an item** (without st.rerun) once: what will the line "
            "*Items, counted above both buttons* show?",
            action="click *Add an item* once",
            choices=("the same count as before", "a higher count"),
            # The count the lock-in click's own run draws: what the student sees before acting.
            snapshot=lambda: len(st.session_state["items"]),
            done=lambda acted: acted.clicks("add_item") > 0,
            truth=lambda acted: (
                "a higher count"
                if st.session_state.on_the_page["items"] > acted.snapshot
                else "the same count as before"
            ),
            outcome="the line shows {}",
            why=claim(
                "RC14",
                "The line was drawn before `if st.button(...)` added the item: it shows the new "
                "count only from the next run on.",
            ),
        )
    )
    predict(
        Exercise(
            key="stop-pitfalls",
            question="tick **Stop the script here** (below): will the *Pitfalls* section still be "
            "on the page?",
            action="tick *Stop the script here*",
            choices=("still on the page", "gone from the page"),
            # On the page if the newest full run drew it: a finished run removes what it didn't draw.
            done=lambda acted: bool(acted.ran_with("stop_here", "True")),
            truth=lambda _: (
                "still on the page"
                if st.session_state.on_the_page.get("pitfalls_run") == session_timeline().full_runs
                else "gone from the page"
            ),
            outcome="the *Pitfalls* section is {}",
            why=claim(
                "RC15",
                "`st.stop()` ended the run above it, and for the page a stopped run counts as "
                "finished: what it didn't draw leaves the page. Not for widget state: a widget the "
                "stopped run didn't reach keeps its value.",
            ),
        )
    )

    st.subheader("An exception ends the run too")
    with echo():
        if st.toggle("Raise an error in this run", key="raise_here"):
            raise RuntimeError("Raised on purpose: the run ends here, for you only.")
    st.caption(
        claim(
            "RC8",
            "Streamlit shows the error to the student whose run raised it; everyone else's "
            "sessions, and the server, carry on.",
        )
        + " Untick the toggle and the next run is whole again."
    )

    st.subheader("st.stop: nothing below runs, but finally does")
    with echo():
        cleanups = st.session_state.setdefault("cleanups", [])  # a list: plain Python can add to it
        st.write(f"`finally` blocks run after `st.stop()` so far: **{len(cleanups)}**")
        stop = st.toggle("Stop the script here", key="stop_here")
        try:
            if stop:
                st.info("Stopped: the pitfalls and reading below were not drawn in this run.")
                st.stop()  # raises StopException, a BaseException: `except Exception` misses it [RC9]
            st.write("Not stopped: this line is drawn.")
        finally:
            if stop:
                cleanups.append("closed")  # runs after st.stop(), like a `with` block's exit [RC10]
    st.caption("Tick the toggle, then untick it: the count above went up by one in the stopped run.")

    lesson.section("pitfalls")
    pitfalls(
        claim("RC11", "`st.rerun()` in the script body without a condition that changes loops forever."),
        claim(
            "RC12",
            "`st.stop()` and `st.rerun()` end the run with an exception that `except Exception` "
            "doesn't catch, so `finally` blocks and `with` exits still run. After `st.stop()`, "
            "do only plain Python there: drawing an element or even reading `st.session_state` "
            "there stops it again.",
        ),
        claim(
            "RC13",
            "A dialog's widgets rerun only the dialog: call `st.rerun()` to update the page behind "
            "it. That full run closes the dialog, because it doesn't call the dialog function again.",
        ),
    )
    on_the_page["pitfalls_run"] = lesson.runs  # this run drew the pitfalls

    lesson.section("reading")
    further_reading(
        {
            "st.rerun": "https://docs.streamlit.io/develop/api-reference/execution-flow/st.rerun",
            "st.stop": "https://docs.streamlit.io/develop/api-reference/execution-flow/st.stop",
            "st.dialog": "https://docs.streamlit.io/develop/api-reference/execution-flow/st.dialog",
        }
    )
