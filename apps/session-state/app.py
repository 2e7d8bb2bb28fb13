"""Lesson: st.session_state keeps values alive across reruns."""

import streamlit as st
from streamlit.errors import StreamlitAPIException

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
    value_at_top_of_run,
)

with lesson_page(__file__) as lesson:
    lesson.section("problem")
    st.markdown(
        claim("SS1", "A rerun starts the script afresh, so every variable in it is set again from scratch.")
        + " To remember something between runs (a counter, a choice, a result) it has to live "
        "outside the run."
    )

    lesson.section("technique")
    ttl = st.get_option("server.disconnectedSessionTTL")
    st.markdown(
        claim(
            "SS2",
            "`st.session_state` works like a dictionary (`st.session_state['count']` or "
            "`st.session_state.count`) that belongs to your session and survives its reruns.",
        )
        + " "
        + claim(
            "SS3",
            "If the connection drops, the page reconnects to the same session, state and all "
            '(not its caches with `scope="session"`, lesson 2: every disconnect drops those). The '
            "server keeps a disconnected session for `server.disconnectedSessionTTL` seconds (120 by "
            "default), and at most 128 of them",
        )
        + f". This server keeps them for **{ttl} s**. Here is the FAQ's counter, exactly as it runs:"
    )
    record_shown("count_at_top", st.session_state.get("count", 0))  # what the next line shows
    value_at_top_of_run("count")  # the click is handled further down: the old value
    with echo():
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
    st.caption(
        "Click Increment and compare the two counts: "
        + claim(
            "SS4",
            "the top of the script still sees the old value, because the `+= 1` under "
            "`if st.button(...)` only runs further down",
        )
        + f". Lesson {get_lesson('callbacks').number} fixes that."
    )

    lesson.section("side-by-side")
    unguarded, guarded = lesson.side_by_side("Without the guard", "Initialised only if missing")
    with unguarded, echo():
        st.session_state.unguarded = 0  # runs on every rerun: resets the value [SS5]
        if st.button("Add one", key="add_unguarded"):
            st.session_state.unguarded += 1
        st.write(f"Value: **{st.session_state.unguarded}**")
    with guarded, echo():
        if "guarded" not in st.session_state:
            st.session_state.guarded = 0
        if st.button("Add one", key="add_guarded"):
            st.session_state.guarded += 1
        st.write(f"Value: **{st.session_state.guarded}**")

    st.subheader("A widget's key is its name in session state")
    st.caption(
        claim(
            "SS6",
            "A widget with a `key` keeps its value in `st.session_state[key]`: reading it gives what the "
            "student entered, and setting it before the widget is drawn changes the widget.",
        )
    )
    with echo():

        def set_nickname():
            st.session_state.nickname = "Ada"  # a callback runs before the script: allowed [SS7]

        st.text_input("Nickname", key="nickname")
        st.button("Set the nickname through session state", on_click=set_nickname, key="set_nick")
        st.write(f"`st.session_state.nickname` is **{st.session_state.nickname!r}**")

    st.subheader("What session state can't set")
    if st.button("Try to preset a button and a file uploader through session state", key="try_preset"):
        read_only = {
            "pressed_for_me": lambda key: st.button("A button", key=key),
            "uploaded_for_me": lambda key: st.file_uploader("A file", key=key),
        }
        for key, draw in read_only.items():
            st.session_state[key] = True
            try:
                draw(key)
            except StreamlitAPIException as refusal:
                st.error(f"Streamlit refuses: {refusal}")
            del st.session_state[key]
    st.caption(
        claim(
            "SS8",
            "Session state can't preset these widgets; giving their key a value raises an error: "
            "buttons (`st.button`, `st.form_submit_button`, `st.download_button`, a keyed "
            "`st.link_button`, `st.menu_button`), file and media inputs (`st.file_uploader`, "
            "`st.camera_input`, `st.audio_input`), `st.data_editor`, a form's own key, chart "
            "selections and `ButtonColumn` clicks.",
        )
    )

    lesson.section("try-it")
    predict_then_check(
        "increment-three",
        "click the FAQ's Increment button three times",
        done=lambda acted: acted.changed("count"),
        explanation=claim(
            "SS9",
            "Session state doesn't change how often the script reruns: one click, one rerun. It only "
            "changes what survives them.",
        ),
    )
    predict(
        Exercise(
            key="top-line",
            question=f"the FAQ's counter says Count = {st.session_state.count} now. Click **Increment** "
            "once: what will *Count as seen at the top of this run* show?",
            action="click the FAQ's Increment button once",
            done=lambda acted: acted.changed("count"),
            truth=lambda acted: acted.shown("count_at_top"),  # what the click's run's top line showed
            outcome="the top line shows {}",
            why=claim(
                "SS13",
                'The top line runs before `if st.button("Increment"):` adds 1 further down, so it '
                "still shows the count from before the click.",
            ),
        )
    )
    predict(
        Exercise(
            key="unguarded-three",
            question="click **Add one** under *Without the guard* three times: what will its *Value* show?",
            action="click *Add one* under *Without the guard* three times",
            done=lambda acted: acted.clicks("add_unguarded") > 0,
            truth=lambda _: st.session_state.unguarded,  # what the last click's run wrote there
            outcome="the left column shows {}",
            why=claim(
                "SS14",
                "`st.session_state.unguarded = 0` runs again in every run, before the button's "
                "`+= 1`, so each click adds 1 to a fresh 0: it shows 1, never more.",
            ),
        )
    )

    lesson.section("pitfalls")
    pitfalls(
        claim(
            "SS10",
            "Initialise with `if 'key' not in st.session_state:`, or the assignment resets the value "
            "on every rerun",
        )
        + " (left column above).",
        claim(
            "SS11",
            "Session state belongs to one session: open this page in a new tab, or reload it, and you "
            "get a new session where every count starts at 0. The page keeps its session's id only in "
            "memory, so a reload can't find the old session again.",
        ),
        claim(
            "SS12",
            "Set a widget's value through session state *before* the widget is drawn in the run: in a "
            "callback, or above the widget. Once it is drawn, setting its key raises an error.",
        ),
    )

    lesson.section("reading")
    further_reading(
        {
            "Session State": "https://docs.streamlit.io/develop/concepts/architecture/session-state",
            "st.session_state": "https://docs.streamlit.io/develop/api-reference/caching-and-state/st.session_state",
        }
    )
