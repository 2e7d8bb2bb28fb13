"""Lesson 1: every widget interaction reruns the whole script, top to bottom."""

import streamlit as st

from lessonkit import lesson_page, slow_step

runs = lesson_page(__file__)

st.markdown(
    "Streamlit has no event handlers: when you touch a widget, it runs **this whole "
    "script again** from the first line, with the widget's new value. Watch the run "
    "counter above while you play with the widgets below."
)

name = st.text_input("Your name", placeholder="type and press Enter")
level = st.slider("Pick a number", 0, 10, 3)

# A deliberately slow step: because it sits in the script, it runs again on every rerun.
took = slow_step(1.0)
st.write(f"Hello **{name or 'student'}**, you picked **{level}**. The slow step took {took:.1f} s.")

st.subheader("A plain variable forgets")
clicks = 0  # this line runs again on every rerun, so the count starts over each time
if st.button("Add one click"):
    clicks += 1
st.write(f"Clicks counted in a plain variable: **{clicks}**")
st.info(
    "However often you press the button, the plain variable never passes 1: each rerun "
    "starts the script, and `clicks = 0`, afresh. The next lessons show how to control "
    "reruns (forms, callbacks, fragments, caching) and how to remember values "
    "(session state)."
)
