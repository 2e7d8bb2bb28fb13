"""Teacher dashboard only: the class check-in on the dashboard (apps/teacher/dashboard.py),
what the class predicted in each exercise, live.

Per exercise answered so far: how many students locked in an answer, how many checked it, how
many were right, and the most common wrong answer (each student's first: their prediction
before seeing the truth).
Read from the check-in store (rerunlab.checkin) every ``REFRESH_S`` seconds; "New class"
clears it. Students never see this page (nginx asks for the teacher's password).
"""

from __future__ import annotations

import streamlit as st

from rerunlab import checkin
from rerunlab.catalog import catalog

REFRESH_S = 2
HEADING = "Class check-in"
NEW_CLASS_LABEL = "New class…"
CLEAR_LABEL = "Clear every answer"
CANCEL_LABEL = "Cancel"
NO_ANSWERS = "No answers yet: they appear here as students lock in their predictions in a lesson's exercises."
STORE_DOWN = (
    "**The check-in store is down.** Students' exercises still check their answers, but don't "
    "share them until it is back (the stack's `checkin` service); answers checked meanwhile are "
    "not recorded."
)
COLUMNS = ("#", "Lesson", "Question", "Answered", "Checked", "Right", "Most common wrong answer")


def _cell(text: str) -> str:
    """Text safe inside a markdown table cell."""
    return " ".join(text.split()).replace("|", "\\|")


def table(summaries: list[checkin.ExerciseSummary]) -> str:
    """The check-in as a markdown table, in the catalog's lesson order."""
    lessons = {lesson.slug: lesson for lesson in catalog()}
    order = {slug: index for index, slug in enumerate(lessons)}
    rows = [f"| {' | '.join(COLUMNS)} |", "|" + "---|" * len(COLUMNS)]
    for s in sorted(summaries, key=lambda s: (order.get(s.lesson, len(order)), s.lesson, s.question)):
        lesson = lessons.get(s.lesson)
        number = str(lesson.number) if lesson else ""
        title = f"[{lesson.markdown_title}](../{lesson.slug}/)" if lesson else _cell(s.lesson)
        right = f"{s.right} ({round(100 * s.right / s.checked)} %)" if s.checked else "0"
        wrong = f"{_cell(s.common_wrong)} ({s.common_wrong_count})" if s.common_wrong else "none"
        rows.append(
            f"| {number} | {title} | {_cell(s.question)} | {s.answered} | {s.checked} | {right} | {wrong} |"
        )
    return "\n".join(rows)


CONFIRMING = "_checkin_confirming"  # session state: "New class…" pressed, Clear not yet


def _clear(store: checkin.CheckinStore) -> None:
    st.session_state[CONFIRMING] = False
    try:
        store.clear()
    except checkin.StoreDown:
        st.toast("The check-in store is down: nothing was cleared.", icon=":material/cloud_off:")
    else:
        st.toast("Check-in cleared: a new class starts.", icon=":material/check_circle:")


def new_class() -> None:
    """The "New class" control: asks again before clearing, so that one stray click clears
    nothing. (Plain buttons and session state: a popover closed from a callback can miss a
    click made while its run is under way.)"""
    store = checkin.store()
    if not st.session_state.get(CONFIRMING):
        st.button(
            NEW_CLASS_LABEL,
            key="checkin_new_class",
            disabled=store is None,
            help="Clear every answer, for the next class",
            on_click=st.session_state.update,
            kwargs={CONFIRMING: True},
        )
        return
    with st.container(horizontal=True, gap="small"):
        st.button(
            CLEAR_LABEL,
            type="primary",
            key="checkin_clear",
            help="Every answer of every exercise goes. It can't be undone.",
            on_click=_clear,
            args=(store,),
        )
        st.button(
            CANCEL_LABEL, key="checkin_cancel", on_click=st.session_state.update, kwargs={CONFIRMING: False}
        )


@st.fragment(run_every=REFRESH_S)
def live_checkin() -> None:
    store = checkin.store()
    if store is None:
        st.info("No check-in store is configured (RERUNLAB_CHECKIN_URL): answers are not shared.")
        return
    try:
        summaries = store.summaries()
    except checkin.StoreDown:
        st.error(STORE_DOWN, icon=":material/cloud_off:")
        return
    st.markdown(table(summaries) if summaries else NO_ANSWERS)
    st.caption(
        f"Refreshed every {REFRESH_S} s. *Answered*: students who locked in a prediction; "
        "*Checked*: who then pressed Check. Each student counts once per exercise, with their "
        "first answer: the prediction made before seeing what really happens. Anonymous: no "
        "names, no addresses; kept in memory until New class or until the server stops."
    )


SECTION_KEY = "class-checkin"  # its CSS class: st-key-class-checkin


def checkin_section() -> None:
    with st.container(key=SECTION_KEY):
        title, action = st.columns([3, 2], vertical_alignment="bottom")
        title.subheader(HEADING)
        with action:
            new_class()
        live_checkin()
