"""Lesson 7: st.fragment reruns only part of the page."""

import random
import time

import streamlit as st

from lessonkit import fragment_run, further_reading, lesson_page, pitfalls, predict_then_check

FRAGMENT_RUNS = "Fragment-only reruns"

with lesson_page(__file__) as lesson:
    lesson.section("problem")
    st.markdown(
        "One slow chart, one live clock, one small control panel: with full reruns, touching "
        "any of them reruns everything, and the whole page waits."
    )

    lesson.section("technique")
    st.markdown(
        "A function decorated with `@st.fragment` reruns **on its own** when you use a widget "
        "inside it: the rest of the script does not run, so the full-run counter at the top "
        "stays put. A widget outside the fragment still reruns everything, fragment included."
    )

    lesson.section("side-by-side")
    with st.echo():

        @st.fragment
        def fragment_demo():
            with fragment_run("demo") as fragment_runs, st.container(border=True):
                st.button("Click inside the fragment", key="inside")
                st.metric(FRAGMENT_RUNS, fragment_runs)

        fragment_demo()
        st.button("Click outside the fragment", key="outside")

    st.subheader("A fragment that reruns by itself: run_every")
    with st.echo():
        st.toggle("Run the clock (ticks every 2 s)", key="clock_on")

        @st.fragment(run_every=2 if st.session_state.clock_on else None)
        def clock():
            with fragment_run("clock") as ticks:
                st.write(f"🕒 {time.strftime('%H:%M:%S')} · ticks so far: **{ticks}**")

        clock()

    st.subheader('st.rerun(scope="fragment") and writing outside the fragment')
    outside = st.container(border=True)
    with st.echo():

        @st.fragment
        def dice():
            with fragment_run("dice") as reruns:
                # A line in a box outside the fragment: each fragment rerun redraws it in place.
                outside.write(f"The dice fragment has rerun on its own {reruns} time(s)")
                st.write(f"Last roll, drawn at the top: **{st.session_state.get('roll', '—')}**")
                if st.button("Roll (the line above lags)", key="roll_lagging"):
                    st.session_state.roll = random.randint(1, 6)
                if st.button("Roll and rerun the fragment", key="roll_rerun"):
                    st.session_state.roll = random.randint(1, 6)
                    st.rerun(scope="fragment")  # redraw the fragment with the new roll

        dice()
    st.caption(
        "Roll a few times and watch the box above the code: it is outside the fragment, yet "
        "the fragment's reruns redraw its line, while the full-run counter stays put."
    )

    st.subheader("Which tool when?")
    st.markdown(
        "| You want… | Use |\n|---|---|\n"
        "| part of the page to react on its own, or refresh on a timer | `st.fragment` |\n"
        "| several inputs sent together, one rerun | `st.form` |\n"
        "| state updated before the rerun, visible everywhere in it | a callback |\n"
        "| the rerun to skip slow work it has done before | caching |"
    )

    lesson.section("try-it")
    predict_then_check(
        "inside-three",
        "click *Click inside the fragment* three times",
        fragment="demo",
        explanation="Each click reran only the fragment. The full-run counter at the top didn't move.",
    )

    lesson.section("pitfalls")
    pitfalls(
        "A fragment can't draw into the sidebar. It may write into a container created outside "
        "it only if it also did so in the last full run: otherwise Streamlit raises an error.",
        "Values a fragment computes don't reach the rest of the script until a full rerun: "
        "call `st.rerun()` (scope app) from the fragment when the whole page must update.",
        "`run_every` keeps rerunning for as long as the page is open: turn it off when not needed.",
    )

    lesson.section("reading")
    further_reading(
        {
            "Working with fragments": "https://docs.streamlit.io/develop/concepts/architecture/fragments",
            "st.fragment": "https://docs.streamlit.io/develop/api-reference/execution-flow/st.fragment",
            "Start and stop a streaming fragment": "https://docs.streamlit.io/develop/tutorials/execution-flow/start-and-stop-fragment-auto-reruns",
        }
    )
