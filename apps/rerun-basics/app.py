"""Lesson 1: every widget interaction reruns the whole script, top to bottom."""

import streamlit as st

from lessonkit import further_reading, lesson_page, pitfalls, predict_then_check, slow_step

with lesson_page(__file__) as lesson:
    lesson.section("problem")
    st.markdown(
        "Streamlit has no event handlers. When you touch a widget, the browser sends the new "
        "value and Streamlit runs **this whole script again**, from the first line to the "
        "last. Anything slow in the script is paid again on every click."
    )

    lesson.section("technique")
    st.markdown(
        "The script *is* the event loop: each run reads every widget's current value and "
        "redraws the page. Watch the counter at the top and the timeline in the sidebar "
        "while you use these widgets:"
    )
    with st.echo():
        name = st.text_input("Your name", key="name", placeholder="type, then press Enter")
        level = st.slider("Pick a number", 0, 10, 3, key="level")
        took = slow_step(1.0)  # a deliberately slow step: it runs again on every rerun
        st.write(f"Hello **{name or 'student'}**, you picked **{level}**. The slow step took {took:.1f} s.")

    lesson.section("side-by-side")
    plain, remembered = st.columns(2)
    with plain, st.echo():
        clicks = 0  # this line runs again on every rerun, so the count starts over
        if st.button("Add one click", key="add_click"):
            clicks += 1
        st.write(f"Clicks in a plain variable: **{clicks}**")
    with remembered:
        st.markdown(
            "The run counter above is kept in `st.session_state`, which survives reruns "
            f"(lesson 3): it says **{lesson.runs}**. The plain variable on the left can "
            "never pass 1, however often you click."
        )

    lesson.section("try-it")
    predict_then_check(
        "enter-name",
        "type a new name in *Your name* and press Enter",
        explanation="One interaction, one full rerun: every line of the script ran again, "
        "the slow step included.",
    )

    lesson.section("pitfalls")
    pitfalls(
        "Slow work anywhere in the script slows every interaction, even unrelated ones: "
        "cache it (lesson 2) or move it behind a form or fragment.",
        "Local variables start over on every run; keep what must last in `st.session_state`.",
        "The script runs top to bottom: code above a widget can only see what the previous "
        "interactions left, never what is computed further down in this run.",
    )

    lesson.section("reading")
    further_reading(
        {
            "App model summary": "https://docs.streamlit.io/get-started/fundamentals/summary",
            "Working with Streamlit's execution model": "https://docs.streamlit.io/develop/concepts/architecture",
        }
    )
