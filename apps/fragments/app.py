"""Lesson 5: st.fragment reruns only part of the page."""

import streamlit as st

from lessonkit import count_fragment_run, lesson_page

runs = lesson_page(__file__)

st.markdown(
    "A function decorated with `@st.fragment` reruns **on its own** when you use a "
    "widget inside it: the rest of the script does not run, so the full-run counter "
    "above stays put. A widget outside the fragment still reruns everything."
)

with st.echo():

    @st.fragment
    def fragment_demo():
        fragment_runs = count_fragment_run("demo")
        with st.container(border=True):
            st.button("Click inside the fragment", key="inside")
            st.metric("Fragment runs", fragment_runs)

    fragment_demo()

st.button("Click outside the fragment", key="outside")

st.info(
    "Click each button and watch both counters. Inside: only *Fragment runs* goes up. "
    "Outside: both go up, because a full rerun runs the fragment too."
)
