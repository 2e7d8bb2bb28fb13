"""Lesson: st.fragment reruns only part of the page."""

import random
import time

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
    record_shown,
    session_timeline,
)

FRAGMENT_RUNS = "Fragment-only reruns"

with lesson_page(__file__) as lesson:
    lesson.section("problem")
    st.markdown(
        "One slow chart, one live clock, one small control panel: with full reruns, touching "
        "any of them reruns everything, and the whole page waits."
    )

    lesson.section("technique")
    st.markdown(
        claim(
            "FR1",
            "A function decorated with `@st.fragment` reruns **on its own** when you use a widget "
            "inside it: the rest of the script does not run, so the full-run counter at the top "
            "stays put.",
        )
        + " "
        + claim("FR2", "A widget outside the fragment still reruns everything, fragment included.")
    )
    st.markdown(
        claim(
            "FR3",
            'Give a fragment a name, `@st.fragment(key="charts")`, and a widget callback anywhere '
            'on the page can rerun just that fragment: `on_click=lambda: st.rerun("charts")`.',
        )
    )

    lesson.section("side-by-side")
    with echo():

        @st.fragment
        def fragment_demo():
            with fragment_run("demo") as fragment_runs, st.container(border=True):
                st.button("Click inside the fragment", key="inside")
                st.metric(FRAGMENT_RUNS, fragment_runs)

        fragment_demo()
        st.button("Click outside the fragment", key="outside")

    st.subheader("A fragment that reruns by itself: run_every")
    with echo():
        st.toggle("Run the clock (ticks every 2 s)", key="clock_on")

        # run_every=None (clock off) stops the ticks from the full run that passes it [FR5]
        @st.fragment(run_every=2 if st.session_state.clock_on else None)
        def clock():
            with fragment_run("clock") as ticks:
                st.write(f"🕒 {time.strftime('%H:%M:%S')} · ticks so far: **{ticks}**")

        clock()
    st.caption(
        claim(
            "FR4",
            "With `run_every`, Streamlit reruns the fragment on a timer, with no click at all, "
            "and only the fragment: the full-run counter stays put.",
        )
    )

    st.subheader('st.rerun(scope="fragment") and writing outside the fragment')
    outside = st.container(border=True)
    with echo():

        @st.fragment
        def dice():
            with fragment_run("dice") as reruns:
                roll = st.session_state.get("roll", "—")
                # Writes outside the fragment, the sidebar too, are redrawn in place on its reruns [FR6]
                outside.write(f"The dice fragment has rerun on its own {reruns} time(s)")
                st.sidebar.write(f"Last roll, from the dice fragment: **{roll}**")
                st.write(f"Last roll, drawn at the top: **{roll}**")
                if st.button("Roll (the line above lags)", key="roll_lagging"):
                    st.session_state.roll = random.randint(1, 6)
                if st.button("Roll and rerun the fragment", key="roll_rerun"):
                    st.session_state.roll = random.randint(1, 6)
                    st.rerun(scope="fragment")  # reruns only this fragment, with the new roll [FR7]

        dice()
    st.caption(
        "Roll a few times: the box above the code and the top of the sidebar are outside the "
        "fragment, yet its reruns redraw their lines."
    )

    st.subheader("What a fragment rerun is given, and what it gives back")
    with echo():
        st.session_state.setdefault("points", 0)

        def add_point():
            st.session_state.points += 1

        @st.fragment
        def scoreboard(points):
            with fragment_run("scoreboard"):
                st.button("Add a point", key="add_point", on_click=add_point)
                record_shown("points", points)  # for the exercise below
                # A fragment rerun passes the arguments of the last full run's call again [FR17]
                st.write(f"Argument `points`: **{points}**")
                st.write(f"`st.session_state.points`: **{st.session_state.points}**")
                return st.session_state.points

        got_back = scoreboard(st.session_state.points)
        # Only a full run's call returns here: a fragment rerun's return value is dropped [FR18]
        st.write(f"The script got back: **{got_back}**")
    st.caption(
        "Add a point twice, then click *Click outside the fragment*: only that full run passes the "
        "new count in and gets the fragment's answer back. Pass a fragment what it must read fresh "
        "through `st.session_state`, not as an argument."
    )

    st.subheader("Which tool when?")
    st.markdown(
        "| You want… | Use |\n|---|---|\n"
        f"| {claim('FR8', 'part of the page to react on its own, or refresh on a timer')} | `st.fragment` |\n"
        f"| {claim('FR9', 'several inputs sent together, one rerun')} | `st.form` |\n"
        f"| {claim('FR10', 'state updated before the rerun, visible everywhere in it')} | a callback |\n"
        f"| {claim('FR11', 'the rerun to skip slow work it has done before')} | caching |"
    )

    lesson.section("try-it")
    predict(
        Exercise(
            key="inside-three",
            question="click **Click inside the fragment** three times: what will the full-run counter "
            "at the top of the page show?",
            action="click *Click inside the fragment* three times",
            choices=("the same number as before", "a higher number"),
            # What the counter shows once the lock-in click's own full run has drawn it.
            snapshot=lambda: session_timeline().full_runs + 1,
            done=lambda acted: acted.clicks("inside") > 0,
            truth=lambda acted: (
                "a higher number"
                if session_timeline().full_runs > acted.snapshot
                else "the same number as before"
            ),
            outcome="the full-run counter shows {}",
            why=claim(
                "FR12", "Each click reran only the fragment. The full-run counter at the top didn't move."
            ),
        )
    )

    def demo_runs_shown() -> int:
        # The demo's counter shows the fragment's own runs as the timeline counts them, redrawn
        # by every run of the fragment, full or fragment-only.
        return session_timeline().fragment_counts.get("demo", 0)

    predict(
        Exercise(
            key="outside-once",
            question="click **Click outside the fragment** once: what will the fragment's counter "
            "*Fragment-only reruns* show?",
            action="click *Click outside the fragment* once",
            choices=("the same number as before", "a higher number"),
            snapshot=demo_runs_shown,
            done=lambda acted: acted.clicks("outside") > 0,
            truth=lambda acted: (
                "a higher number" if demo_runs_shown() > acted.snapshot else "the same number as before"
            ),
            outcome="*Fragment-only reruns* shows {}",
            why=claim(
                "FR16",
                "The click reran the whole script, the fragment's code with it: a full run, not a "
                "run of the fragment on its own.",
            ),
        )
    )

    predict(
        Exercise(
            key="points-twice",
            question="click **Add a point** twice: what will the fragment show for its argument `points`?",
            action="click *Add a point* twice",
            choices=("the same number as before", "a higher number"),
            # What the lock-in click's own full run passes in.
            snapshot=lambda: st.session_state.points,
            done=lambda acted: acted.clicks("add_point") >= 2,
            truth=lambda acted: (
                "a higher number" if acted.shown("points") > acted.snapshot else "the same number as before"
            ),
            outcome="the argument `points` shows {}",
            why=claim(
                "FR19",
                "Each click reran only the fragment, with the argument its last full run passed: "
                "`st.session_state.points` went up, `points` did not.",
            ),
        )
    )

    lesson.section("pitfalls")
    pitfalls(
        claim(
            "FR13",
            "A fragment may write into the sidebar or any container created outside it, but it must "
            "write there in every full run too: a fragment rerun that writes there for the first time "
            "raises an error. A `parallel=True` fragment can't write outside itself at all.",
        ),
        claim(
            "FR14",
            "A fragment rerun doesn't redraw what the rest of the script drew: a value the fragment "
            "changes shows there only at the next full run. Call `st.rerun()` (scope app) from the "
            "fragment when the whole page must update.",
        ),
        claim(
            "FR15",
            "`run_every` keeps rerunning the fragment while the page is open, even when nobody "
            "touches it: turn it off when not needed.",
        ),
    )

    lesson.section("reading")
    further_reading(
        {
            "Working with fragments": "https://docs.streamlit.io/develop/concepts/architecture/fragments",
            "st.fragment": "https://docs.streamlit.io/develop/api-reference/execution-flow/st.fragment",
            "Start and stop a streaming fragment": "https://docs.streamlit.io/develop/tutorials/execution-flow/start-and-stop-fragment-auto-reruns",
        }
    )
