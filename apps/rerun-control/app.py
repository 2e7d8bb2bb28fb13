"""Lesson 8: trigger and cut short runs on purpose with st.rerun, st.stop and st.dialog."""

import streamlit as st

from lessonkit import fragment_run, further_reading, lesson_page, pitfalls, predict_then_check

with lesson_page(__file__) as lesson:
    lesson.section("problem")
    st.markdown(
        "Sometimes the run in progress is already wrong: state changed after the part of the "
        "page that shows it was drawn. Sometimes the rest of the page must not run at all. "
        "And sometimes one small window should rerun on its own."
    )

    lesson.section("technique")
    st.markdown(
        "`st.rerun()` ends the current run at once and starts a new one. `st.stop()` ends it "
        "without a new one: nothing below it is drawn. `@st.dialog` opens a modal that, like a "
        "fragment, reruns on its own. Watch the timeline in the sidebar for each."
    )

    lesson.section("side-by-side")
    items = st.session_state.setdefault("items", [])
    st.write(f"Items, counted above both buttons: **{len(items)}**")
    lagging, rerun = lesson.side_by_side("Without st.rerun", "With st.rerun")
    with lagging, st.echo():
        if st.button("Add an item", key="add_item"):
            items.append("item")  # the count above was already drawn: it lags by one
    with rerun, st.echo():
        if st.button("Add an item and rerun", key="add_item_rerun"):
            items.append("item")
            st.rerun()  # cut this run short; the next one draws the new count

    st.subheader("A dialog reruns on its own")
    with st.echo():

        @st.dialog("Rename the project")
        def rename():
            with fragment_run("dialog") as reruns:
                name = st.text_input("New name", key="new_name")
                st.caption(f"Dialog-only reruns so far: {reruns}")
                if st.button("Save", key="save_name"):
                    st.session_state.project = name
                    st.rerun()  # close the dialog with a full rerun that shows the new name

        st.write(f"Project: **{st.session_state.get('project', 'Untitled')}**")
        if st.button("Rename…", key="open_dialog"):
            rename()

    lesson.section("try-it")
    predict_then_check(
        "add-and-rerun",
        "click *Add an item and rerun* once",
        explanation="Two: the click's own run, cut short by `st.rerun()`, and the run it started.",
    )

    st.subheader("An exception ends the run too")
    with st.echo():
        if st.toggle("Raise an error in this run", key="raise_here"):
            raise RuntimeError("Raised on purpose: the run ends here, for you only.")
    st.caption(
        "Streamlit shows the error to the student whose run raised it; everyone else's "
        "sessions, and the server, carry on. Untick the toggle and the next run is whole again."
    )

    st.subheader("st.stop: nothing below runs")
    with st.echo():
        if st.toggle("Stop the script here", key="stop_here"):
            st.info("Stopped: the pitfalls and reading below were not drawn in this run.")
            st.stop()

    lesson.section("pitfalls")
    pitfalls(
        "`st.rerun()` in the script body without a condition that changes loops forever.",
        "Code after `st.stop()` never runs, including saving state or closing resources.",
        "A dialog's widgets rerun only the dialog: call `st.rerun()` to update the page behind "
        "it, which also closes the dialog.",
    )

    lesson.section("reading")
    further_reading(
        {
            "st.rerun": "https://docs.streamlit.io/develop/api-reference/execution-flow/st.rerun",
            "st.stop": "https://docs.streamlit.io/develop/api-reference/execution-flow/st.stop",
            "st.dialog": "https://docs.streamlit.io/develop/api-reference/execution-flow/st.dialog",
        }
    )
