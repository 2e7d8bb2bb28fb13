"""Lesson: by default, every widget interaction reruns the whole script, top to bottom."""

import streamlit as st

from rerunlab.catalog import get_lesson
from rerunlab.lessonkit import (
    Exercise,
    claim,
    echo,
    further_reading,
    lesson_page,
    pitfalls,
    predict,
    predict_then_check,
    record_shown,
    slow_step,
)

with lesson_page(__file__) as lesson:
    lesson.section("problem")
    st.markdown(
        "Your script is what Streamlit runs for every event. "
        + claim(
            "RB1",
            f"By default (lessons {get_lesson('forms').number}, {get_lesson('ignore-reruns').number} "
            f"and {get_lesson('fragments').number} show the exceptions), when you touch a widget, the "
            "browser sends the new value and Streamlit runs **this whole script again**, from the first "
            "line to the last.",
        )
        + " "
        + claim(
            "RB2",
            f"A widget's `on_change` or `on_click` callback (lesson {get_lesson('callbacks').number}) "
            "runs first, just before that rerun.",
        )
        + " "
        + claim("RB3", "Anything slow in the script is paid again on every click.")
    )

    lesson.section("technique")
    st.markdown(
        "Streamlit's server runs the event loop, and your script is what it runs: "
        + claim(
            "RB4",
            "each run gets every widget's current value from the widget call and draws the page again.",
        )
        + " Watch the counter at the top and the timeline in the sidebar while you use these widgets:"
    )
    with echo():
        name = st.text_input("Your name", key="name", placeholder="type, then press Enter")
        above = st.session_state.get("level", "no slider yet")  # this run's new value [RB5]
        st.write(f"Read above the slider, through its key: **{above}**")
    record_shown("above", above)  # what the line above the slider showed, for the exercise
    with echo():
        level = st.slider("Pick a number", 0, 10, 3, key="level")
        took = slow_step(1.0)  # a deliberately slow step: it runs again on every rerun [RB6]
        st.write(f"Hello **{name or 'student'}**, you picked **{level}**. The slow step took {took:.1f} s.")

    lesson.section("side-by-side")
    plain, remembered = st.columns(2)
    with plain, echo():
        clicks = 0  # this line runs again on every rerun, so the count starts over [RB7]
        if st.button("Add one click", key="add_click"):
            clicks += 1
        st.write(f"Clicks in a plain variable: **{clicks}**")
    record_shown("clicks", clicks)  # what the left column showed, for the exercise
    with remembered:
        st.markdown(
            "The run counter above is kept in `st.session_state`: "
            + claim("RB9", "unlike a plain variable, a value in `st.session_state` survives reruns")
            + f" (lesson {get_lesson('session-state').number}). It says **{lesson.runs}**. "
            "The plain variable on the left can never pass 1, however often you click: "
            + claim(
                "RB8",
                "`st.button` returns `True` only in the run its click causes, `False` in the runs after",
            )
            + "."
        )

    lesson.section("try-it")
    predict_then_check(
        "enter-name",
        "type a new name in *Your name* and press Enter",
        done=lambda acted: acted.changed("name"),
        explanation=claim(
            "RB10",
            "One interaction, one full rerun: every line of the script ran again, the slow step included.",
        ),
    )
    predict(
        Exercise(
            key="three-clicks",
            question="click **Add one click** three times: what will *Clicks in a plain variable* show?",
            action="click *Add one click* three times",
            done=lambda acted: acted.clicks("add_click") > 0,
            truth=lambda acted: acted.shown("clicks"),  # what the last click's run wrote
            outcome="the plain variable shows {}",
            why=claim(
                "RB14",
                "`clicks = 0` runs again at the start of every run, and the button adds 1 only in "
                "its own click's run: it shows 1, never more.",
            ),
        )
    )
    predict(
        Exercise(
            key="slider-seven",
            question="move the slider to **7**: what will the line *Read above the slider* show?",
            action="move *Pick a number* to 7",
            # Arrow keys send every value on the way (4, 5, 6, 7): the run for 7 is the one judged.
            done=lambda acted: acted.now.get("level") == "7" and bool(acted.ran_with("level", "7")),
            truth=lambda acted: acted.shown("above"),  # what that run wrote above the slider
            outcome="the line above the slider shows {}",
            why=claim(
                "RB15",
                "The browser sends the slider's new value before the run starts, so code above the "
                "slider already reads it through the key.",
            ),
        )
    )

    lesson.section("pitfalls")
    pitfalls(
        claim("RB11", "Slow work anywhere in the script slows every interaction, even unrelated ones")
        + f": cache it (lesson {get_lesson('caching').number}), keep the interaction in a form or a "
        f"fragment (lessons {get_lesson('forms').number} and {get_lesson('fragments').number}), or "
        f"let the widget skip its rerun (lesson {get_lesson('ignore-reruns').number}).",
        claim("RB12", "Plain variables start over on every run")
        + "; keep what must last in `st.session_state`.",
        claim(
            "RB13",
            "The script runs top to bottom: code above a widget can't see anything computed further "
            "down in this run. It can read the widget's new value through its key (`st.session_state.level` "
            "above the slider), because the browser sends the value before the run starts.",
        ),
    )

    lesson.section("reading")
    further_reading(
        {
            "App model summary": "https://docs.streamlit.io/get-started/fundamentals/summary",
            "Working with Streamlit's execution model": "https://docs.streamlit.io/develop/concepts/architecture",
        }
    )
