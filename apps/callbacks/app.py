"""Lesson 4: callbacks run before the rerun, so the page shows their effect at once."""

import streamlit as st

from lessonkit import lesson_page

runs = lesson_page(__file__)

st.markdown(
    "With `on_click`, Streamlit first runs your callback, **then** reruns the script. "
    "So even code *above* the buttons sees the new value in the same run."
)

# What code *above* the buttons sees in this run (the callback has already run).
st.write(f"Count as seen at the top of this run: **{st.session_state.get('count_value', 0)}**")

# The FAQ's counter with callbacks, exactly as it runs here:
with st.echo():
    # Initialize session state variables
    if "count_value" not in st.session_state:
        st.session_state.count_value = 0

    # Callback functions
    def increment_counter():
        st.session_state.count_value += 1

    def decrement_counter():
        st.session_state.count_value -= 1

    st.button("Increment", on_click=increment_counter, key="increment_btn")
    st.button("Decrement", on_click=decrement_counter, key="decrement_btn")

    # Print session state variable
    st.write("Count = ", st.session_state.count_value)

st.info(
    "Compare the session-state lesson, where the count is updated *inside* `if "
    "st.button(...)`: code above the button still sees the old value during that run. "
    "A callback has already run by the time the script starts."
)
