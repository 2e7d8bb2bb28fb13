"""Lesson: st.button is True for one run only; keep what a click means in session state."""

import time

import streamlit as st
from streamlit.errors import StreamlitAPIException

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
)

PROCESS_SECONDS = 0.8  # the deliberate work behind the Process button (its lesson.toml)
# How the right column's count can change in the kept-clicks exercise: its choices.
KEPT_CHOICES = (
    "up by one for each click of Button 2",
    "up by one, however many clicks",
    "nowhere: it stayed",
)


def kept_clicks_change(went_up: int) -> str:
    """How the right column's count changed, in KEPT_CHOICES' words."""
    return KEPT_CHOICES[2] if went_up == 0 else KEPT_CHOICES[1] if went_up == 1 else KEPT_CHOICES[0]


# What the page can show under *Check availability*: the exercise's choices.
HAVE_IT, DONT_HAVE_IT, NO_ANSWER = '"We have that animal!"', '"We don\'t have that animal."', "no answer"

with lesson_page(__file__) as lesson:
    lesson.section("problem")
    st.markdown(
        claim(
            "BU1",
            "`st.button` returns `True` only in the run its click causes. The next time the script "
            "runs past it, whatever caused that run, it returns `False`, so what you drew under "
            "`if st.button(...)` disappears.",
        )
        + " The docs' example:"
    )
    with echo():
        animal_shelter = ["cat", "dog", "rabbit", "bird"]
        animal = st.text_input("Type an animal", value="cat", key="animal")
        if st.button("Check availability", key="check_availability"):
            have_it = animal.lower() in animal_shelter
            st.info("We have that animal!" if have_it else "We don't have that animal.")
    # Kept for the exercise in section 4: what this run left under the button. The docs' code
    # keeps nothing, and a keyed button's entry in session state is True for its click's run only.
    if st.session_state.check_availability:
        record_shown("animal_answer", HAVE_IT if have_it else DONT_HAVE_IT)
    else:
        record_shown("animal_answer", NO_ANSWER)
    st.caption("Click **Check availability**, then type another animal and press Enter: watch the answer.")

    lesson.section("technique")
    st.markdown(
        claim(
            "BU3",
            "To keep a click, store what it means in `st.session_state` from the button's `on_click` "
            "callback: the value stays there, run after run, until your code changes it.",
        )
    )
    with echo():
        if "clicked" not in st.session_state:
            st.session_state.clicked = False

        def click_button():
            st.session_state.clicked = True

        st.button("Click me", on_click=click_button, key="click_me")
        if st.session_state.clicked:
            st.write("Button clicked! This stays, and so does the slider.")
            st.slider("Select a value", key="kept_slider")
    st.markdown(
        claim(
            "BU4",
            "If the state is an on/off switch, let `st.toggle` or `st.checkbox` keep it: while it stays "
            "on the page, it keeps its value from run to run, and a click flips it.",
        )
    )
    with echo():
        if st.toggle("Show the details", key="show_details"):
            st.write("The details stay while the toggle is on.")

    lesson.section("side-by-side")
    nested, kept = lesson.side_by_side("Without: a button inside a button", "With: the click kept in state")
    with nested, echo():
        if "nested_done" not in st.session_state:
            st.session_state.nested_done = 0

        if st.button("Button 1", key="nested_outer"):
            st.write("Button 1 was clicked")
            if st.button("Button 2", key="nested_inner"):
                st.session_state.nested_done += 1

        st.write(f"Button 2's code ran **{st.session_state.nested_done}** time(s)")
    with kept, echo():
        if "stage_open" not in st.session_state:
            st.session_state.stage_open = False
            st.session_state.kept_done = 0

        def open_stage():
            st.session_state.stage_open = True

        st.button("Button 1", on_click=open_stage, key="kept_outer")
        if st.session_state.stage_open:
            st.write("Button 1 was clicked")
            if st.button("Button 2", key="kept_inner"):
                st.session_state.kept_done += 1

        st.write(f"Button 2's code ran **{st.session_state.kept_done}** time(s)")
    st.caption(
        "Click Button 1, then Button 2, on each side. "
        + claim(
            "BU2",
            "On the left, clicking Button 2 reruns the script; in that run Button 1 returns `False`, "
            "so Button 2 is not drawn and the code under its `if` never runs.",
        )
    )

    st.subheader("A button that changes another widget")
    after, before = lesson.side_by_side("Without: the script sets it after the field", "With: a callback")
    with after, echo():
        st.text_input("Name", value="Ada", key="name_after")
        if st.button("Clear the name", key="clear_after"):
            try:
                st.session_state.name_after = ""
            except StreamlitAPIException as refusal:
                st.error(f"`{type(refusal).__name__}`: {refusal}")
    with before, echo():

        def clear_name():
            st.session_state.name_callback = ""

        st.text_input("Name", value="Ada", key="name_callback")
        st.button("Clear the name", on_click=clear_name, key="clear_callback")
    st.caption(
        claim(
            "BU5",
            "Setting a widget's key in `st.session_state` after the widget is drawn in the same run "
            "raises `StreamlitWidgetAlreadyInstantiatedError`, a `StreamlitAPIException`; the field "
            "keeps its value.",
        )
        + " "
        + claim(
            "BU6",
            "An `on_click` callback runs before the script draws the field, so it may set the field's "
            "key: the field is empty in the click's own run.",
        )
    )

    st.subheader("A button that starts a longer process")
    with echo():
        if "report" not in st.session_state:
            st.session_state.report = ""
            st.session_state.processed = 0

        if st.button("Process", key="process"):
            bar = st.progress(0, text="Processing…")
            for step in range(1, 5):
                time.sleep(PROCESS_SECONDS / 4)
                bar.progress(step * 25, text="Processing…")
            bar.empty()
            st.session_state.processed += 1
            st.session_state.report = f"Report #{st.session_state.processed}, made at {time.strftime('%X')}"
            st.caption(f"Processed in this run ({PROCESS_SECONDS:g} s of work).")

        if st.session_state.report:
            st.success(st.session_state.report)
        st.write(f"The process ran **{st.session_state.processed}** time(s)")
    st.caption(
        claim(
            "BU7",
            "The report kept in session state stays on the page in later runs, while the work under "
            "`if st.button(...)` does not run again: the button is `False` in those runs.",
        )
        + " Click Process, then flip the toggle above."
    )

    lesson.section("try-it")
    predict_then_check(
        "nested",
        "click Button 1, then Button 2, in the left column of section 3",
        done=lambda acted: acted.clicks("nested_outer") > 0 and acted.counted() >= 2,
        explanation=claim(
            "BU8",
            "Each click is one full rerun, Button 2's too: the script reruns even though, in that run, "
            "Button 2 is not drawn and its code does not run.",
        ),
    )
    predict(
        Exercise(
            key="availability",
            question="click **Check availability** (section 1), then type *dog* in the field and press "
            "Enter. What will the page show under the button?",
            action="click Check availability, then type dog and press Enter",
            choices=(HAVE_IT, DONT_HAVE_IT, NO_ANSWER),
            done=lambda acted: acted.clicks("check_availability") > 0 and acted.changed("animal"),
            truth=lambda acted: acted.shown("animal_answer"),  # what the last run drew there
            outcome="the page shows {} under the button",
            why=claim(
                "BU13",
                "Pressing Enter in the field reran the script, and in that run the button returned "
                "`False`: the answer was not drawn again.",
            ),
        )
    )
    predict(
        Exercise(
            key="kept-clicks",
            question="in the right column of section 3, click **Button 1**, then **Button 2** twice. "
            "How will the number in the line under them (*Button 2's code ran … time(s)*) change?",
            action="click Button 1, then Button 2 twice, on the right",
            choices=KEPT_CHOICES,
            snapshot=lambda: st.session_state.kept_done,
            done=lambda acted: acted.clicks("kept_inner") >= 2,
            truth=lambda acted: kept_clicks_change(st.session_state.kept_done - acted.snapshot),
            outcome="the number went {}",
            why=claim(
                "BU14",
                "On the right, Button 1's click is kept in `st.session_state`, so every run draws "
                "Button 2, and each of its clicks' runs finds it `True`: its code runs once per click.",
            ),
        )
    )

    lesson.section("pitfalls")
    pitfalls(
        claim(
            "BU9",
            "A callback on a button inside a button *does* run: callbacks run before the script, for "
            "the button the previous run drew. Only the code under its `if` never runs.",
        ),
        claim(
            "BU10",
            "Other widgets inside `if st.button(...)` vanish the first time they are used: using them "
            "reruns the script, and the button is `False` in that run, so they are not drawn.",
        ),
        claim(
            "BU11",
            "Need the click *above* the button? Give the button a key: `st.session_state[key]` is "
            "already `True` at the top of the click's run.",
        ),
        claim(
            "BU12",
            "Using another widget while a long process runs ends that run at its next Streamlit "
            "command (here, the progress bar's next update), with `runner.fastReruns` on (the "
            "default) or off, and starts a new one in which the button is `False`: the work is cut "
            "short and its result is never saved.",
        ),
    )

    lesson.section("reading")
    further_reading(
        {
            "Button behavior and examples": "https://docs.streamlit.io/develop/concepts/design/buttons",
            "st.button": "https://docs.streamlit.io/develop/api-reference/widgets/st.button",
            "st.toggle": "https://docs.streamlit.io/develop/api-reference/widgets/st.toggle",
            "Session State: use callbacks": "https://docs.streamlit.io/develop/api-reference/caching-and-state/st.session_state#use-callbacks-to-update-session-state",
        }
    )
