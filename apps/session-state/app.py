"""Lesson 3: st.session_state keeps values alive across reruns."""

import streamlit as st

from lessonkit import lesson_page

runs = lesson_page(__file__)

st.markdown(
    "A rerun starts the script afresh, so plain variables are reset. "
    "`st.session_state` is a dictionary that survives reruns for as long as this "
    "browser tab stays connected."
)

# What code *above* the buttons sees in this run: the click is handled further down.
st.write(f"Count as seen at the top of this run: **{st.session_state.get('count', 0)}**")

# The FAQ's counter, exactly as it runs here:
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

st.info(
    "Click Increment and compare the two counts: the top of the script still sees "
    "the old value, because `if st.button(...)` only updates it further down. The "
    "next lesson fixes that with callbacks. "
    "The `if 'count' not in st.session_state` guard matters: without it the counter "
    "would be set back to 0 on every rerun. Close the tab and the state is gone: it "
    "belongs to this session only, not to other students."
)
