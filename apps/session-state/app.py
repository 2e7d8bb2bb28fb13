"""Lesson: st.session_state keeps values alive across reruns."""

import streamlit as st
from streamlit.errors import StreamlitAPIException

from rerunlab.catalog import get_lesson
from rerunlab.lessonkit import (
    Acted,
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
from rerunlab.lessonkit.exercises import NotShown

FORGET_CHOICES = ("the nickname you typed", "'' (an empty string)", "an error: the key is gone")


def forgot_a_nickname(acted: Acted) -> bool | str:
    """Done once Forget was clicked while the box held a nickname (an empty box forgets nothing)."""
    forget_runs = [run.number for run in acted.runs if run.state.get("forget_nick") == "True"]
    if not forget_runs:
        return False
    typed = [acted.before] + [run.state for run in acted.runs if run.number < forget_runs[-1]]
    if all(state.get("nickname") in (None, "''") for state in typed):
        return "Type a nickname in the box and press Enter first, then click **Forget the nickname**."
    return True


def line_in_the_forget_run(acted: Acted) -> str:
    """What the nickname line showed in the run of the last Forget click, not in a later one."""
    forget_runs = [run for run in acted.runs if run.state.get("forget_nick") == "True"]
    if not forget_runs or "nickname_line" not in forget_runs[-1].shown:
        raise NotShown("nickname_line")
    return FORGET_CHOICES[1] if forget_runs[-1].shown["nickname_line"] == "" else FORGET_CHOICES[0]


with lesson_page(__file__) as lesson:
    lesson.section("problem")
    st.markdown(
        claim("SS1", "A rerun starts the script afresh, so every variable in it is set again from scratch.")
        + " To remember something between runs (a counter, a choice, a result) it has to live "
        "outside the run."
    )

    lesson.section("technique")
    ttl = st.get_option("server.disconnectedSessionTTL")
    serializable = st.get_option("runner.enforceSerializableSessionState")
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
            f'(not its caches with `scope="session"`, lesson {get_lesson("caching").number}: every '
            "disconnect drops those). The "
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
    record_shown("nickname_line", st.session_state.nickname)  # what the line above shows

    st.subheader("Forgetting a value: `del` and `clear()`")
    st.caption(
        claim(
            "SS15",
            "`del st.session_state.count` (or `del st.session_state['count']`) removes one entry and "
            "`st.session_state.clear()` removes every one, your own values and every keyed widget's: "
            "reading one again raises an error until the `if 'count' not in st.session_state:` guard "
            "sets it back to 0.",
        )
    )
    with echo():

        def forget_nickname():
            del st.session_state.nickname

        st.button("Forget the nickname", on_click=forget_nickname, key="forget_nick")
    st.caption(
        claim(
            "SS16",
            "Deleting a widget's key doesn't empty the widget on the page. In the run the click "
            "causes, `st.text_input` finds no value and returns its default, `''`, while the box still "
            "shows your nickname: the browser keeps it, and sends it back with your next "
            "interaction, which puts the key back. To empty a widget, set its key in a callback "
            "(`st.session_state.nickname = ''`), as the Ada button sets it.",
        )
    )

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
    predict(
        Exercise(
            key="forget-nickname",
            question="type a nickname in **Nickname** and press Enter, then click **Forget the nickname**. "
            "In the run that click causes, what will the line *`st.session_state.nickname` is …* show?",
            action="type a nickname, press Enter, then click *Forget the nickname*",
            choices=FORGET_CHOICES,
            done=forgot_a_nickname,
            truth=line_in_the_forget_run,
            outcome="the line showed {}",
            why=claim(
                "SS20",
                "The callback deleted the key before the run, so `st.text_input` found no value and "
                "returned its default, `''`, with no error. The box itself still shows your nickname: "
                "press another button (Increment, say) and the line shows it again.",
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
        claim(
            "SS17",
            "Give a widget its first value one way. Set its key in session state *and* pass a default "
            "(`st.session_state.volume = 80`, then `st.slider('Volume', 0, 100, 20, key='volume')`) and "
            "the widget takes session state's value, 80. Nothing on the page says your 20 was "
            "ignored: Streamlit writes a warning to the server's log only, once per server process.",
        ),
        claim(
            "SS18",
            "Session state lives in the server's memory only. When the server restarts (a new version "
            "deployed, a crash), every session is gone. The page reconnects by itself but keeps "
            "showing the old values until your next click, which runs in a new session: every "
            "count starts again at 0.",
        ),
        claim(
            "SS19",
            "Session state keeps any Python object: a function, a lock, an open connection. With "
            "`runner.enforceSerializableSessionState = true`, Streamlit tries to pickle every value at "
            "the end of each run and shows an error naming the first that can't be (the page "
            "above it is still drawn). It is off by default",
        )
        + f"; on this server it is **{'on' if serializable else 'off'}**.",
    )

    lesson.section("reading")
    further_reading(
        {
            "Session State": "https://docs.streamlit.io/develop/concepts/architecture/session-state",
            "st.session_state": "https://docs.streamlit.io/develop/api-reference/caching-and-state/st.session_state",
        }
    )
