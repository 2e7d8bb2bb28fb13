"""Lesson: a widget's identity decides whether its value survives; keys name it."""

import streamlit as st

from rerunlab.lessonkit import (
    Exercise,
    claim,
    echo,
    further_reading,
    lesson_page,
    pitfalls,
    predict,
    predict_then_check,
)

# Which of the two fields shows text: the come-back exercise's choices, by (comment, draft).
BACK_IN = {
    (True, True): "both fields",
    (True, False): "the comment only",
    (False, True): "the draft only",
    (False, False): "neither field",
}


def hid_both_and_showed_them(acted) -> bool:
    hidden = all(acted.ran_with(toggle, "False") for toggle in ("show_comment", "show_draft"))
    return hidden and acted.now.get("show_comment") == acted.now.get("show_draft") == "True"


def fields_with_text() -> str:
    """Which fields the page shows with text in them. A hidden field shows nothing, even the
    draft, whose value persist_state keeps."""
    state = st.session_state
    comment = bool(state.get("show_comment") and state.get("comment"))
    draft = bool(state.get("show_draft") and state.get("draft"))
    return BACK_IN[comment, draft]


with lesson_page(__file__) as lesson:
    lesson.section("problem")
    st.markdown(
        claim(
            "WK1",
            "On every rerun Streamlit has to match each widget with the one it drew last time, "
            "to give it back its value. Without a key it matches by the widget's parameters "
            "(label, range, default…): change one, and it is a *new* widget with its default value.",
        )
    )

    lesson.section("technique")
    st.markdown(
        claim(
            "WK2",
            "Give the widget a `key`: the key becomes its identity, so its value survives a new "
            "label or default, and the key is its name in `st.session_state`.",
        )
        + " "
        + claim(
            "WK3",
            "Not every parameter, though: a keyed slider still resets when its `min_value`, "
            "`max_value` or `step` changes, because they decide which values are valid.",
        )
    )
    unit = st.radio("Unit (changes both sliders' labels)", ["cm", "inch"], horizontal=True, key="unit")
    top = st.radio("Maximum (changes both sliders' max_value)", [100, 200], horizontal=True, key="top")

    lesson.section("side-by-side")
    no_key, with_key = lesson.side_by_side("No key", 'key="length"')
    with no_key:
        with echo():
            length = st.slider(f"Length ({unit})", 0, top, 10)
        st.write(f"Value: **{length}**")
    with with_key:
        with echo():
            keyed_length = st.slider(f"Keyed length ({unit})", 0, top, 10, key="length")
        st.write(f"Value: **{keyed_length}**")
    st.caption(
        "Move both sliders, then switch the unit: only the keyed one keeps its value. "
        "Then switch the maximum: both start over."
    )

    st.subheader("When a widget is not drawn")
    show, persisted = st.columns(2)
    with show:
        with echo():
            if st.toggle("Show the comment field", value=True, key="show_comment"):
                st.text_input("Comment", key="comment")
        st.write(f"`'comment' in st.session_state` during this run: **{'comment' in st.session_state}**")
    with persisted:
        with echo():
            if st.toggle("Show the draft field", value=True, key="show_draft"):
                st.text_input("Draft (persist_state)", key="draft", persist_state="page")
        st.write(f"`'draft' in st.session_state` during this run: **{'draft' in st.session_state}**")
    st.caption(
        "Type in both fields (press Enter), hide both, show them again. "
        + claim(
            "WK4",
            "By default, when a full script run reaches its end, Streamlit deletes the state of "
            "every widget that run didn't draw: the run that hides the comment still sees it, the "
            "next one doesn't. A run that `st.stop()`, `st.rerun()` or an error ends early deletes "
            "nothing: the widgets it didn't reach keep their state.",
        )
        + " "
        + claim(
            "WK5",
            '`persist_state="page"` (the widget needs a key) keeps a hidden widget\'s value, and '
            'its key, while the student stays on the page; `"session"` keeps it across page '
            "switches too.",
        )
    )
    st.markdown("**The older way:** keep the value yourself, under a key no widget owns.")
    with echo():

        def keep():
            st.session_state.kept_note = st.session_state.note

        if st.toggle("Show the note field", value=True, key="show_note"):
            st.session_state.note = st.session_state.get("kept_note", "")  # copy it back before drawing
            st.text_input("Note (kept while hidden)", key="note", on_change=keep)
    st.write(f"Kept note: **{st.session_state.get('kept_note', '')!r}**")
    st.caption(
        claim(
            "WK6",
            "The note survives because its value is copied to `kept_note`, a key no widget owns: "
            "the clean-up at the end of a run leaves such keys alone.",
        )
    )

    lesson.section("try-it")
    predict_then_check(
        "hide-and-show",
        "hide the comment field, then show it again",
        done=lambda acted: (
            bool(acted.ran_with("show_comment", "False")) and acted.now.get("show_comment") == "True"
        ),
        explanation=claim(
            "WK7",
            "Two toggles, two full runs. And the comment is gone: the run that hid the field "
            "deleted its state.",
        ),
    )
    predict(
        Exercise(
            key="come-back",
            question="type in both the *Comment* and the *Draft* field (press Enter after each), hide "
            "both, then show both again. Where will your text be back?",
            action="type in both fields, hide both, then show both again",
            choices=tuple(BACK_IN.values()),
            done=hid_both_and_showed_them,
            truth=lambda _: fields_with_text(),
            outcome="the text is back in {}",
            why=claim(
                "WK11",
                "The run that hid the comment deleted its state at its end, so the field came back "
                'empty; `persist_state="page"` kept the draft\'s value.',
            ),
        )
    )
    predict(
        Exercise(
            key="keyed-max",
            question='move the slider with `key="length"` (section 3), then switch the maximum to the '
            "other value. What number will its *Value* line show?",
            action="move the keyed slider, then switch the maximum",
            done=lambda acted: (
                acted.changed("top")
                and any(run.state.get("length") != acted.before.get("length") for run in acted.runs)
            ),
            truth=lambda _: st.session_state.length,  # the keyed slider's value, as that line shows it
            outcome="its line shows Value: {}",
            why=claim(
                "WK12",
                "A key does not keep a slider through a new `max_value`: it becomes a new widget, "
                "which starts at its default, 10.",
            ),
        )
    )

    lesson.section("pitfalls")
    pitfalls(
        claim(
            "WK8",
            "Two keyless widgets of the same type and parameters raise `StreamlitDuplicateElementId`; "
            "two widgets with the same key raise `StreamlitDuplicateElementKey`. Give each its own key.",
        ),
        claim(
            "WK9",
            "A widget's key belongs to the widget: without `persist_state` (or "
            '`bind="query-params"`), the key leaves `st.session_state` after one full run that '
            "reaches its end without drawing the widget. Keep long-lived values under a key of "
            "your own.",
        ),
        claim(
            "WK10",
            "Changing a keyless widget's label, options or default creates a new widget and "
            "silently resets the student's input.",
        ),
    )

    lesson.section("reading")
    further_reading(
        {
            "Widget behavior": "https://docs.streamlit.io/develop/concepts/architecture/widget-behavior",
            "Widget life cycle": "https://docs.streamlit.io/develop/concepts/architecture/widget-behavior#widget-life-cycle",
            "st.text_input (persist_state)": "https://docs.streamlit.io/develop/api-reference/widgets/st.text_input",
        }
    )
