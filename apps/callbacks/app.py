"""Lesson 4: callbacks run before the rerun, so the page shows their effect at once."""

import time

import streamlit as st

from lessonkit import further_reading, lesson_page, pitfalls, predict_then_check, value_at_top_of_run


def log(event: str) -> None:
    """Keeps the last few events of this session, to show the order things happen in."""
    events = st.session_state.setdefault("events", [])
    events.append(f"{time.strftime('%H:%M:%S')} {event}")
    del events[:-6]


with lesson_page(__file__) as lesson:
    log(f"script run #{lesson.runs} starts")

    lesson.section("problem")
    st.markdown(
        "In lesson 3, a click was handled by `if st.button(...)` halfway down the script, so "
        "everything above the button showed the old value during that run."
    )

    lesson.section("technique")
    st.markdown(
        "With `on_click` (or `on_change`), Streamlit first stores the widget's new value, "
        "**then runs your callback, then** reruns the script. So even code *above* the "
        "buttons sees the new value in the same run. The FAQ's counter, as it runs:"
    )
    value_at_top_of_run("count_value")  # the callback has already run: the new value
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

    lesson.section("side-by-side")
    order, arguments = lesson.side_by_side("Order of operations", "args and kwargs")
    with order:
        with st.echo():

            def shout():
                log(f"on_change callback: the box now says {st.session_state.word!r}")

            st.text_input("Type a word, then press Enter", key="word", on_change=shout)
        st.markdown("Last events, oldest first:\n" + "\n".join(f"1. {e}" for e in st.session_state.events))
    with arguments, st.echo():
        if "total" not in st.session_state:
            st.session_state.total = 0

        def add(amount, *, note=""):
            st.session_state.total += amount
            log(f"callback add({amount}) {note}")

        st.button("Add 5", on_click=add, args=(5,), key="add_5")
        st.button("Add 10", on_click=add, args=(10,), kwargs={"note": "(kwargs)"}, key="add_10")
        st.write(f"Total: **{st.session_state.total}**")

    st.subheader("Pitfall, live: args are evaluated when the button is drawn")
    with st.echo():

        def record(drawn_at):
            st.session_state.recorded = f"args say {drawn_at}, clicked at {time.strftime('%H:%M:%S')}"

        st.button("Record the time", on_click=record, args=(time.strftime("%H:%M:%S"),), key="record")
        st.write(st.session_state.get("recorded", "Wait a few seconds, then click."))

    lesson.section("try-it")
    predict_then_check(
        "increment-twice",
        "click the FAQ's Increment button twice",
        explanation="A callback adds no rerun of its own: it runs just before the rerun the click causes.",
    )

    lesson.section("pitfalls")
    pitfalls(
        "Arguments are evaluated when the widget is drawn, in the previous run, not when it is "
        "clicked: pass a key and read `st.session_state` inside the callback for current values.",
        "Calling `st.rerun()` inside a callback does nothing useful: the rerun is already coming.",
        "A callback runs before the script, so widgets the script has not drawn yet in this run "
        "are not available; read their values from `st.session_state`.",
    )

    lesson.section("reading")
    further_reading(
        {
            "Session State: use callbacks": "https://docs.streamlit.io/develop/concepts/architecture/session-state#use-callbacks-to-update-session-state",
            "Widget behavior: order of operations": "https://docs.streamlit.io/develop/concepts/architecture/widget-behavior#order-of-operations",
        }
    )
