"""on_change="ignore": a widget changes in the browser, and the script doesn't rerun for it."""

import streamlit as st
from streamlit.errors import StreamlitAPIException

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
)

PANEL_RUNS = "Panel-only reruns"
# What the line under the ignore-mode slider can show: the exercises' choices.
SLIDERS_VALUE, OLDER_VALUE = "the slider's value", "an older value"


def line_under_the_slider() -> str:
    """Whether the line under the ignore-mode slider shows the slider's value. Read in Check's
    callback: the click brought the slider's value into session state (a held one too), while the
    line is still the one the last run drew."""
    return SLIDERS_VALUE if st.session_state.ignored_seen == st.session_state.ignored else OLDER_VALUE


with lesson_page(__file__) as lesson:
    lesson.section("problem")
    st.markdown(
        "You try a few positions of a slider before settling on one. "
        + claim("IR1", "By default, each position you let go of reruns the whole script.")
        + " Most of those runs are wasted: you weren't done yet."
    )

    lesson.section("technique")
    st.markdown(
        claim(
            "IR2",
            'With `on_change="ignore"`, the widget still changes in the browser, but Streamlit does '
            "**not** rerun the script. The new value waits in the browser and reaches the script with "
            "the next rerun that something else causes (a click, another widget): as the widget's "
            "return value and in `st.session_state`.",
        )
    )
    st.markdown(
        claim(
            "IR3",
            "These input widgets take it: sliders and select sliders, select boxes, multiselects, radios, "
            "checkboxes, toggles, pills, segmented controls, text inputs and areas, number, date, time "
            "and datetime inputs, color pickers, file uploaders, data editors, audio and camera inputs, "
            "feedback ratings (`st.feedback`) and paginations (`st.pagination`).",
        )
    )

    lesson.section("side-by-side")
    without, with_ignore = lesson.side_by_side("Without: the default", 'With on_change="ignore"')
    with without, echo():
        plain = st.slider("A plain slider", 0, 10, 3, key="plain")
        st.write(f"The script sees: **{plain}**")
    with with_ignore:
        st.write(
            f"`st.session_state.ignored` at the top of this run: **{st.session_state.get('ignored', 3)}**"
        )
        with echo():
            ignored = st.slider("An ignore-mode slider", 0, 10, 3, key="ignored", on_change="ignore")
            st.write(f"The script sees: **{ignored}**")
        st.session_state.ignored_seen = ignored  # what that line shows, for the exercises in section 4
    st.button("Apply", key="apply")  # a plain button: a click reruns the script
    st.caption(
        "Move each slider, watching the counter at the top, then click *Apply*. "
        + claim(
            "IR4",
            "The ignore-mode slider adds no run, and the line under it keeps the old value. The click's "
            "run brings the new value: it is in `st.session_state` from the top of that run, and the "
            "sidebar lists it as changed before the run.",
        )
    )

    st.subheader("A reload loses the held value, unless the URL keeps it")
    with echo():
        zoom = st.slider(
            "Zoom (kept in the URL)", 1, 10, 5, key="zoom", on_change="ignore", bind="query-params"
        )
        st.write(f"The script sees: **{zoom}**")
    st.caption(
        "Move the ignore-mode slider above and this one, then reload the page before anything reruns. "
        + claim(
            "IR5",
            "A held value has not reached the server: a reload opens a new session, and the "
            "ignore-mode slider above is back at 3.",
        )
        + " "
        + claim(
            "IR6",
            'With `bind="query-params"`, moving the slider writes its value into the page address at '
            "once (`?zoom=…`), still without a rerun, so the reload starts from it.",
        )
    )

    st.subheader("Ignore, a form or a fragment?")
    in_form, in_fragment = st.columns(2)
    with in_form, echo():
        with st.form("settings"):
            form_value = st.slider("In a form, with ignore", 0, 10, 3, key="in_form", on_change="ignore")
            st.form_submit_button("Submit")
        st.write(f"The script sees: **{form_value}**")
    with in_fragment, echo():

        @st.fragment
        def panel():
            with fragment_run("panel") as runs, st.container(border=True):
                st.button("Click inside the panel (a fragment)", key="in_fragment")
                with st.form("panel_form", border=False):  # a form inside the fragment
                    st.form_submit_button("Submit a form inside the panel")
                st.write(f"`st.session_state.ignored`, as this run sees it: **{st.session_state.ignored}**")
                st.metric(PANEL_RUNS, runs)

        panel()
    st.markdown(
        "- "
        + claim(
            "IR7",
            '`on_change="ignore"` holds back one widget and runs nothing at all. Its cost: nothing on '
            "the page reacts to that widget until something else reruns.",
        )
        + "\n- "
        + claim(
            "IR8",
            "`st.form` holds back every widget in it until you submit, then reruns once: the whole "
            "script, or only the fragment when the form is inside one. "
            '`on_change="ignore"` inside a form changes nothing: the form already holds the value, '
            "and submitting sends it.",
        )
        + "\n- "
        + claim(
            "IR9",
            "`st.fragment` holds nothing back: a widget inside it reruns the fragment at once, and only "
            "the fragment, so the rest of the page isn't redrawn. A fragment's run also brings a held "
            "value into `st.session_state`.",
        )
    )

    st.subheader("Buttons")
    with echo():
        st.download_button("Download (reruns)", "Hello!", file_name="hello.txt", key="download_rerun")
        st.download_button(
            'Download (on_click="ignore")',
            "Hello!",
            file_name="hello.txt",
            key="download_quiet",
            on_click="ignore",
        )
        try:
            st.button("A button that ignores its click?", on_click="ignore")
        except StreamlitAPIException as refusal:
            st.error(f"st.button: {refusal}")
    st.caption(
        claim(
            "IR10",
            "Both download buttons download the file. By default the click also reruns the script; with "
            '`on_click="ignore"` it doesn\'t.',
        )
        + " "
        + claim(
            "IR11",
            '`st.button` and `st.form_submit_button` refuse `on_click="ignore"`, and `st.chat_input` '
            'refuses `on_submit="ignore"`: each raises `StreamlitAPIException`.',
        )
    )

    st.subheader("A callback is not a way to skip the rerun")
    with echo():

        def count_call():
            st.session_state.calls = st.session_state.get("calls", 0) + 1

        st.slider("A slider with a callback", 0, 10, 3, key="with_callback", on_change=count_call)
        st.write(f"The callback has run **{st.session_state.get('calls', 0)}** time(s)")
    st.caption(
        claim(
            "IR12", "A callback doesn't skip the rerun: Streamlit runs the callback, then reruns the script."
        )
    )

    lesson.section("try-it")
    predict_then_check(
        "move-then-apply",
        "move the ignore-mode slider three times, then click *Apply*",
        # The held value reaches session state with the Apply click's run.
        done=lambda acted: acted.clicks("apply") > 0 and acted.changed("ignored"),
        explanation=claim(
            "IR13", "Moving an ignore-mode slider runs nothing; the click reruns the script once."
        ),
    )
    predict(
        Exercise(
            key="held",
            question="move the ignore-mode slider (section 3) and click nothing else. What will the "
            "line under it, *The script sees: …*, show?",
            action="move the ignore-mode slider, and click nothing else",
            choices=(SLIDERS_VALUE, OLDER_VALUE),
            done=lambda acted: acted.changed("ignored"),  # the Check click brings the held value
            truth=lambda _: line_under_the_slider(),
            outcome="the line showed {}",
            why=claim(
                "IR17",
                "Moving the slider ran nothing, so nothing drew the line again. Your Check click sent "
                "the held value: the line shows it now.",
            ),
        )
    )
    predict(
        Exercise(
            key="another-rerun",
            question="move the ignore-mode slider, then move the plain slider once. What will the line "
            "under the ignore-mode slider, *The script sees: …*, show?",
            action="move the ignore-mode slider, then the plain slider once",
            choices=(SLIDERS_VALUE, OLDER_VALUE),
            done=lambda acted: acted.changed("ignored") and acted.changed("plain"),
            truth=lambda _: line_under_the_slider(),
            outcome="the line showed {}",
            why=claim(
                "IR18",
                "The plain slider's move reran the script, and the browser sent the held value with "
                "that rerun: it doesn't wait for *Apply*.",
            ),
        )
    )

    lesson.section("pitfalls")
    pitfalls(
        claim(
            "IR14",
            "Until the next rerun, the page shows the widget at its new value and everything computed "
            "from it at the old one: say so near the widget, or add a button to apply it.",
        ),
        claim(
            "IR15",
            "A held value lives only in the browser tab: a reload before the next rerun loses it "
            '(unless `bind="query-params"` keeps it in the address).',
        ),
        claim(
            "IR16",
            'Any rerun brings the held value, including one you didn\'t mean as "apply": another widget, '
            "a fragment's run.",
        ),
    )

    lesson.section("reading")
    further_reading(
        {
            "st.slider (on_change and bind)": "https://docs.streamlit.io/develop/api-reference/widgets/st.slider",
            "st.download_button": "https://docs.streamlit.io/develop/api-reference/widgets/st.download_button",
            "Widget behavior": "https://docs.streamlit.io/develop/concepts/architecture/widget-behavior",
            "Using forms": "https://docs.streamlit.io/develop/concepts/architecture/forms",
            "Working with fragments": "https://docs.streamlit.io/develop/concepts/architecture/fragments",
        }
    )
