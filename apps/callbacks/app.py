"""Lesson: callbacks run before the rerun, so the page shows their effect at once."""

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
    predict_then_check,
    record_shown,
    value_at_top_of_run,
)

SCOREBOARD_RUNS = "Scoreboard-only reruns"
EVENTS_SHOWN = 6
BOX_LINE = "on_change callback: the box now says"
RING_LINE = "on_click callback: Ring"
RING_ORDER_CHOICES = (
    "the box's line, then Ring's",
    "Ring's line, then the box's",
    "only Ring's line: without Enter the word isn't sent",
)
AFTER_RERUN_CHOICES = (
    "both went up",
    "only the line before went up",
    "only the line after went up",
    "neither changed",
)


def rerun_lines() -> tuple[int, int]:
    """The two counts the st.rerun() demo shows: the line before st.rerun(), the line after."""
    return st.session_state.get("before_rerun", 0), st.session_state.get("after_rerun", 0)


def rerun_lines_changed(before: tuple[int, int]) -> str:
    """Which of the two counts went up since ``before``: one of AFTER_RERUN_CHOICES."""
    went_up = [now > then for now, then in zip(rerun_lines(), before, strict=True)]
    return {
        (True, True): AFTER_RERUN_CHOICES[0],
        (True, False): AFTER_RERUN_CHOICES[1],
        (False, True): AFTER_RERUN_CHOICES[2],
        (False, False): AFTER_RERUN_CHOICES[3],
    }[tuple(went_up)]


def log(event: str) -> None:
    """Keeps this session's recent events, numbered, to show the order things happen in."""
    events = st.session_state.setdefault("events", [])
    events.append(f"{time.strftime('%H:%M:%S')} {event}")
    del events[:-50]  # the page shows the last EVENTS_SHOWN; an exercise may read a few more
    # In a dict: the timeline names no change of a dict, so the count never shows up as a cause.
    st.session_state.setdefault("events_tally", {"logged": 0})["logged"] += 1


def events_logged() -> int:
    """How many events this session has logged so far."""
    return st.session_state.get("events_tally", {}).get("logged", 0)


def events_since(acted) -> list[str]:
    """The events logged since lock-in, as the newest run of the student's action listed them."""
    logged, events = acted.shown("events", (0, ()))
    fresh = logged - acted.snapshot
    return list(events[max(0, len(events) - fresh) :]) if fresh > 0 else []


def ring_order(acted) -> str:
    """Which of the two callbacks' lines the list shows first since lock-in: one of RING_ORDER_CHOICES."""
    lines = events_since(acted)
    box = [i for i, line in enumerate(lines) if BOX_LINE in line]
    ring = [i for i, line in enumerate(lines) if RING_LINE in line]
    if not box:
        return RING_ORDER_CHOICES[2]
    return RING_ORDER_CHOICES[0] if box[0] < ring[0] else RING_ORDER_CHOICES[1]


def rang_with_a_new_word(acted) -> bool:
    """The student changed the word and clicked Ring since lock-in."""
    return acted.changed("word") and any(RING_LINE in line for line in events_since(acted))


with lesson_page(__file__) as lesson:
    log(f"script run #{lesson.runs} starts")

    lesson.section("problem")
    st.markdown(
        claim(
            "CB11",
            "In lesson 3, a click was handled by `if st.button(...)` halfway down the script, so "
            "everything above the button showed the old value during that run.",
        )
    )

    lesson.section("technique")
    st.markdown(
        claim(
            "CB1",
            "With `on_click` (or `on_change`), Streamlit first stores the widget's new value, "
            "**then runs your callback, then** runs the script. So even code *above* the "
            "buttons sees the new value in the same run.",
        )
        + " The FAQ's counter, as it runs:"
    )
    record_shown("count_at_top", st.session_state.get("count_value", 0))  # what the next line shows
    value_at_top_of_run("count_value")  # the callback has already run: the new value
    with echo():
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
        with echo():

            def shout():
                log(f"on_change callback: the box now says {st.session_state.word!r}")

            def ring():
                log("on_click callback: Ring")

            st.text_input("Type a word, then press Enter", key="word", on_change=shout)
            st.button("Ring", key="ring", on_click=ring)
        events = st.session_state.events
        record_shown("events", (events_logged(), tuple(events)))
        st.markdown("Last events, oldest first:\n" + "\n".join(f"1. {e}" for e in events[-EVENTS_SHOWN:]))
        st.caption(
            claim(
                "CB14",
                "`shout` runs only when the word changed: every rerun sends the value of every "
                "widget, and Streamlit calls `on_change` only where it differs (`!=`) from the "
                "value the widget held when the last run ended. Click **Ring**: the word is sent "
                "again, unchanged, and `shout` stays quiet.",
            )
            + " "
            + claim(
                "CB15",
                "Press Enter on the same word, or type a letter and delete it before Enter: the "
                "browser sends nothing, so nothing runs.",
            )
        )
        st.caption(
            claim(
                "CB16",
                "Type a new word and click **Ring** without pressing Enter: pressing the mouse "
                "takes the focus from the box, which sends its word then, before the click. "
                "`shout` runs, then `ring`, and the page you end up with is drawn after both.",
            )
            + " "
            + claim(
                "CB17",
                "When one message brings several changes (a word and a click sent together), "
                "every changed widget's callback runs, the box's before the button's, all before "
                "one script run.",
            )
        )
    with arguments, echo():
        if "total" not in st.session_state:
            st.session_state.total = 0

        def add(amount, *, note=""):
            st.session_state.total += amount
            log(f"callback add({amount}) {note}")

        st.button("Add 5", on_click=add, args=(5,), key="add_5")
        st.button("Add 10", on_click=add, args=(10,), kwargs={"note": "(kwargs)"}, key="add_10")
        st.write(f"Total: **{st.session_state.total}**")

    st.subheader("Pitfall, live: when are args evaluated?")
    st.caption("Wait a few seconds after the page loads, then click: compare the two times.")
    with echo():

        def record(drawn_at):
            st.session_state.recorded = f"args say {drawn_at}, clicked at {time.strftime('%H:%M:%S')}"

        st.button("Record the time", on_click=record, args=(time.strftime("%H:%M:%S"),), key="record")
        st.write(st.session_state.get("recorded", "Wait a few seconds, then click."))

    st.subheader("st.rerun() in a callback")
    with echo():

        def stop_early():
            st.session_state.before_rerun = st.session_state.get("before_rerun", 0) + 1
            st.rerun()  # the callback ends here: the next line never runs [CB4]
            st.session_state.after_rerun = st.session_state.get("after_rerun", 0) + 1

        clicked = st.button("Call a callback that calls st.rerun()", on_click=stop_early, key="stop_early")
        before = st.session_state.get("before_rerun", 0)
        after = st.session_state.get("after_rerun", 0)
        st.write(f"Line before `st.rerun()` ran **{before}** time(s), line after it **{after}**")
        st.write(f"The button returned **{clicked}** in this run.")
    st.caption(
        claim(
            "CB5",
            "`st.rerun()` in a callback adds no run of its own: the script still runs once for the "
            "click. In that run the clicked button itself returns `False`: the click isn't passed on "
            "after `st.rerun()`.",
        )
    )
    st.markdown("**Which part reruns?** A fragment with a key, and `st.rerun()` called from callbacks:")
    with echo():

        def rerun_app():
            st.rerun()  # a full-app rerun, even for a widget inside a fragment [CB6]

        def rerun_scoreboard():
            st.rerun("scoreboard")  # reruns only the fragment with this key [CB7]

        @st.fragment(key="scoreboard")
        def scoreboard():
            with fragment_run("scoreboard") as reruns, st.container(border=True):
                st.metric(SCOREBOARD_RUNS, reruns)
                st.button("Click inside (no callback)", key="inside_plain")
                st.button("Click inside (callback calls st.rerun())", key="inside_rerun", on_click=rerun_app)

        scoreboard()
        st.button(
            'Click outside (callback calls st.rerun("scoreboard"))',
            key="outside_targeted",
            on_click=rerun_scoreboard,
        )
    st.caption(f"Try each button. Full script runs so far: **{lesson.runs}** (the counter at the top).")
    st.subheader("Pitfall, live: what a callback draws")
    with echo():

        def draw_from_callback():
            st.info("Drawn by a callback: at the very top of the page")

        st.button("Draw from a callback (then scroll to the top)", on_click=draw_from_callback, key="draw")

    lesson.section("try-it")
    predict_then_check(
        "increment-twice",
        "click the FAQ's Increment button twice",
        done=lambda acted: acted.changed("count_value"),
        explanation=claim(
            "CB3", "A callback adds no rerun of its own: it runs just before the rerun the click causes."
        ),
    )
    predict(
        Exercise(
            key="top-line",
            question=f"the FAQ's counter says Count = {st.session_state.count_value} now. Click "
            "**Increment** once: what will *Count as seen at the top of this run* show?",
            action="click the FAQ's Increment button once",
            done=lambda acted: acted.changed("count_value"),
            truth=lambda acted: acted.shown("count_at_top"),  # what the click's run's top line showed
            outcome="the top line shows {}",
            why=claim(
                "CB12",
                "`increment_counter` ran before the script started, so even the top line shows the "
                "new count (in lesson 3 it showed the old one).",
            ),
        )
    )
    predict(
        Exercise(
            key="ring-order",
            question="type a new word in the box under *Order of operations* and click **Ring** "
            "without pressing Enter: which callback's line will the list of events show first?",
            action="type a new word in the box, then click **Ring** without pressing Enter",
            choices=RING_ORDER_CHOICES,
            snapshot=events_logged,
            done=rang_with_a_new_word,
            truth=ring_order,  # from the list as the action's newest run drew it
            outcome="the list shows {}",
            why="Pressing the mouse on Ring takes the focus from the box, which sends its word "
            "before the click: both callbacks run, `shout` first \\[CB16\\].",
        )
    )
    predict(
        Exercise(
            key="after-rerun",
            question="click **Call a callback that calls st.rerun()** twice: how will the two counts "
            "under it change (*Line before `st.rerun()` ran … time(s), line after it …*)?",
            action="click *Call a callback that calls st.rerun()* twice",
            choices=AFTER_RERUN_CHOICES,
            snapshot=rerun_lines,
            # The line before st.rerun() counts the clicks (the button's own value is False in its
            # run after st.rerun() in its callback, so it can't tell).
            done=lambda acted: rerun_lines()[0] - acted.snapshot[0] >= 2,
            truth=lambda acted: rerun_lines_changed(acted.snapshot),
            outcome="the counts: {}",
            why=claim(
                "CB13",
                "`st.rerun()` ends the callback where it is called, every time: the line after it "
                "never runs, and the line before it counts each click.",
            ),
        )
    )

    lesson.section("pitfalls")
    pitfalls(
        claim(
            "CB2",
            "Arguments are evaluated when the widget is drawn, in the previous run, not when it is "
            "clicked: pass a key and read `st.session_state` inside the callback for current values.",
        ),
        claim(
            "CB8",
            "What a callback draws (`st.write`, `st.info`…) lands at the very top of the page, "
            "above everything the script draws, and is gone after the next full run that doesn't "
            "call that callback: show results from the script, using state the callback set.",
        ),
        claim(
            "CB9",
            "A callback runs before the script, so a script variable it reads still holds the "
            "previous run's value. Read widget values from `st.session_state`, by key: the "
            "interaction's new values are all there already.",
        ),
        claim(
            "CB18",
            "A callback's `st.rerun(\"<fragment key>\")` replaces the interaction's full run only "
            "if no other callback of that interaction expects it: when the same message also brings "
            "another changed widget whose callback returns normally (or calls `st.rerun()`), "
            "Streamlit reruns the whole app.",
        ),
        claim(
            "CB10",
            '`st.rerun("<fragment key>")` is allowed only in a callback: in the script body it '
            "raises `StreamlitAPIException`.",
        ),
    )

    lesson.section("reading")
    further_reading(
        {
            "Session State API: use callbacks": "https://docs.streamlit.io/develop/api-reference/caching-and-state/st.session_state#use-callbacks-to-update-session-state",
            "Widget behavior: order of operations": "https://docs.streamlit.io/develop/concepts/architecture/widget-behavior#order-of-operations",
            "st.rerun": "https://docs.streamlit.io/develop/api-reference/execution-flow/st.rerun",
        }
    )
