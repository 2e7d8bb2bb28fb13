"""Lesson 6: a widget's identity decides whether its value survives; keys name it."""

import streamlit as st

from lessonkit import further_reading, lesson_page, pitfalls, predict_then_check

with lesson_page(__file__) as lesson:
    lesson.section("problem")
    st.markdown(
        "On every rerun Streamlit has to match each widget with the one it drew last time, "
        "to give it back its value. Without a key it matches by the widget's parameters "
        "(label, range, default…): change one, and it is a *new* widget with its default value."
    )

    lesson.section("technique")
    st.markdown(
        "Give the widget a `key`: its identity is then the key, its value survives parameter "
        "changes, and the key is its name in `st.session_state`."
    )
    unit = st.radio("Unit (changes both sliders' labels)", ["cm", "inch"], horizontal=True, key="unit")

    lesson.section("side-by-side")
    no_key, with_key = lesson.side_by_side("No key", 'key="length"')
    with no_key:
        with st.echo():
            length = st.slider(f"Length ({unit})", 0, 100, 10)
        st.write(f"Value: **{length}**")
    with with_key:
        with st.echo():
            keyed_length = st.slider(f"Keyed length ({unit})", 0, 100, 10, key="length")
        st.write(f"Value: **{keyed_length}**")
    st.caption("Move both sliders, then switch the unit: only the keyed one keeps its value.")

    st.subheader("Widgets that are not drawn lose their state")
    show, kept = st.columns(2)
    with show:
        with st.echo():
            if st.toggle("Show the comment field", value=True, key="show_comment"):
                st.text_input("Comment", key="comment")
        st.write(f"`'comment' in st.session_state` during this run: **{'comment' in st.session_state}**")
    with kept:
        with st.echo():
            # Keep the value under a key no widget owns, and copy it back before drawing.
            def keep():
                st.session_state.kept_note = st.session_state.note

            if st.toggle("Show the note field", value=True, key="show_note"):
                st.session_state.note = st.session_state.get("kept_note", "")
                st.text_input("Note (kept while hidden)", key="note", on_change=keep)
        st.write(f"Kept note: **{st.session_state.get('kept_note', '')!r}**")
    st.caption(
        "Type in both fields (press Enter), hide both, show them again. At the end of a run, "
        "Streamlit deletes the state of every widget that run didn't draw: the run that hides "
        "the comment still sees it, the next one doesn't. The note survives because its value "
        "was copied to `kept_note`, a key no widget owns."
    )

    lesson.section("try-it")
    predict_then_check(
        "hide-and-show",
        "hide the comment field, then show it again",
        explanation="Two toggles, two full runs. And the comment is gone: the run that hid the "
        "field deleted its state.",
    )

    lesson.section("pitfalls")
    pitfalls(
        "Two widgets with the same parameters and no key clash (`DuplicateElementId`): give "
        "them distinct keys.",
        "A widget's key belongs to the widget: a value stored under it disappears when the "
        "widget is not drawn for one run. Keep long-lived values under a key of your own.",
        "Changing a keyless widget's label, options or default creates a new widget and "
        "silently resets the student's input.",
    )

    lesson.section("reading")
    further_reading(
        {
            "Widget behavior": "https://docs.streamlit.io/develop/concepts/architecture/widget-behavior",
            "Widget life cycle": "https://docs.streamlit.io/develop/concepts/architecture/widget-behavior#widget-life-cycle",
        }
    )
