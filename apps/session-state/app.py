"""Lesson 3: st.session_state keeps values alive across reruns."""

import streamlit as st
from streamlit.errors import StreamlitAPIException

from lessonkit import further_reading, lesson_page, pitfalls, predict_then_check, value_at_top_of_run

with lesson_page(__file__) as lesson:
    lesson.section("problem")
    st.markdown(
        "A rerun starts the script afresh, so every variable is set again from scratch. To "
        "remember something between runs (a counter, a choice, a result) it has to live "
        "outside the run."
    )

    lesson.section("technique")
    st.markdown(
        "`st.session_state` is a dictionary that survives reruns for as long as this browser "
        "tab stays connected. Here is the FAQ's counter, exactly as it runs:"
    )
    value_at_top_of_run("count")  # the click is handled further down: the old value
    with st.echo():
        # Initialize session state variables
        if "count" not in st.session_state:
            st.session_state.count = 0

        # Update session state variables
        if st.button("Increment"):
            st.session_state.count += 1

        if st.button("Decrement"):
            st.session_state.count -= 1

        # Print session state variable
        st.write("Count = ", st.session_state.count)
    st.caption(
        "Click Increment and compare the two counts: the top of the script still sees the old "
        "value, because `if st.button(...)` only updates it further down. Lesson 4 fixes that."
    )

    lesson.section("side-by-side")
    unguarded, guarded = lesson.side_by_side("Without the guard", "Initialised only if missing")
    with unguarded, st.echo():
        st.session_state.unguarded = 0  # runs on every rerun: resets the value
        if st.button("Add one", key="add_unguarded"):
            st.session_state.unguarded += 1
        st.write(f"Value: **{st.session_state.unguarded}**")
    with guarded, st.echo():
        if "guarded" not in st.session_state:
            st.session_state.guarded = 0
        if st.button("Add one", key="add_guarded"):
            st.session_state.guarded += 1
        st.write(f"Value: **{st.session_state.guarded}**")

    st.subheader("A widget's key is its name in session state")
    with st.echo():

        def set_nickname():
            st.session_state.nickname = "Ada"  # before the widget is drawn: allowed

        st.text_input("Nickname", key="nickname")
        st.button("Set the nickname through session state", on_click=set_nickname, key="set_nick")
        st.write(f"`st.session_state.nickname` is **{st.session_state.nickname!r}**")

    st.subheader("What session state can't set")
    if st.button("Try to press a button through session state", key="try_preset"):
        st.session_state.pressed_for_me = True
        try:
            st.button("A button", key="pressed_for_me")
        except StreamlitAPIException as refusal:
            st.error(f"Streamlit refuses: {refusal}")
        del st.session_state.pressed_for_me
    st.caption(
        "Buttons, download buttons and file uploaders only take their value from the student: "
        "presetting them through their key raises an error."
    )

    lesson.section("try-it")
    predict_then_check(
        "increment-three",
        "click the FAQ's Increment button three times",
        explanation="Session state doesn't change how often the script reruns: one click, one "
        "rerun. It only changes what survives them.",
    )

    lesson.section("pitfalls")
    pitfalls(
        "Initialise with `if 'key' not in st.session_state:`, or the assignment resets the value "
        "on every rerun (left column above).",
        "Session state belongs to one browser tab: open this page in a new tab and every count "
        "starts at 0; close the tab (or reload) and it is gone.",
        "Set a widget's value through session state *before* the widget is drawn in the run "
        "(e.g. in a callback); after it is drawn, Streamlit raises an error.",
    )

    lesson.section("reading")
    further_reading(
        {
            "Session State": "https://docs.streamlit.io/develop/concepts/architecture/session-state",
            "st.session_state": "https://docs.streamlit.io/develop/api-reference/caching-and-state/st.session_state",
        }
    )
