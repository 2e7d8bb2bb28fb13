"""The frame of every lesson page: heading, run counter, navigation, sections, timeline."""

from __future__ import annotations

import time
from pathlib import Path

import streamlit as st

from catalog import Lesson, get_lesson, load_catalog
from lessonkit import timeline as tl

# Every lesson walks through the same six steps, in this order.
SECTIONS = {
    "problem": "The problem",
    "technique": "The technique",
    "side-by-side": "Side by side: without vs with",
    "try-it": "Try it: predict, then check",
    "pitfalls": "Pitfalls",
    "reading": "Further reading",
}
FULL_RUNS_LABEL = "Full script runs in this session"
ACCESSIBLE_CSS = (Path(__file__).parent / "accessible.css").read_text(encoding="utf-8")
TIMELINE_ROWS = 12


class LessonPage:
    """``with lesson_page(__file__) as lesson:`` wraps a lesson script.

    Entering draws the heading and counts the run; leaving records how the run ended
    (also when st.stop() or st.rerun() cut it short) and draws the session's timeline.
    """

    def __init__(self, script_file: str):
        self.lesson: Lesson = get_lesson(Path(script_file).resolve().parent.name)
        self.run: tl.Run | None = None

    @property
    def runs(self) -> int:
        return tl.timeline().full_runs

    def __enter__(self) -> LessonPage:
        lesson = self.lesson
        st.set_page_config(page_title=f"{lesson.title} · Rerun Lab", page_icon="🔁", layout="wide")
        st.html(f"<style>{ACCESSIBLE_CSS}</style>")  # style only: takes no room on the page
        self.run = tl.start_run("full")
        # Drawn now and again at the end: a run cut short (st.stop) still shows its timeline.
        self._timeline_slot = st.sidebar.empty()
        _draw_timeline(self._timeline_slot)
        _navigation(lesson)
        st.title(lesson.title)
        st.caption(f"Lesson {lesson.number} · {lesson.summary}")
        st.metric(
            FULL_RUNS_LABEL,
            self.runs,
            help="Counted at the top of the script: it goes up every time Streamlit reruns "
            "the whole script for you. The sidebar lists every run and what caused it.",
        )
        return self

    def __exit__(self, exc_type, exc, traceback) -> bool:
        tl.end_run(self.run, exc)
        if exc is None:
            _draw_timeline(self._timeline_slot)  # again, now with this run's duration
        return False  # never swallow st.stop()/st.rerun() or a lesson's error

    def section(self, name: str) -> None:
        number = list(SECTIONS).index(name) + 1
        st.header(f"{number} · {SECTIONS[name]}", anchor=name, divider="gray")

    @staticmethod
    def side_by_side(left: str, right: str):
        """Two columns headed ``left`` and ``right`` (usually "without" and "with")."""
        columns = st.columns(2)
        for column, title in zip(columns, (left, right), strict=True):
            column.subheader(title)
        return columns


def lesson_page(script_file: str) -> LessonPage:
    return LessonPage(script_file)


def _navigation(lesson: Lesson) -> None:
    lessons = load_catalog()
    links = ['<a href="../" target="_self">← All lessons</a>']
    if lesson.number < len(lessons):
        following = lessons[lesson.number]  # numbers start at 1, so this is the next one
        links.append(f'<a href="../{following.slug}/" target="_self">Next: {following.markdown_title} →</a>')
    st.markdown(" · ".join(links), unsafe_allow_html=True)


def _describe(run: tl.Run) -> str:
    clock = time.strftime("%H:%M:%S", time.localtime(run.started))
    kind = "full run" if run.kind == "full" else f"fragment `{run.fragment}`"
    took = f"{run.duration:.2f} s" if run.duration is not None else "…"
    parts = [f"**#{run.number}** {clock} · {kind} · {took}", run.cause]
    if run.ending:
        parts.append(f"_{run.ending}_")
    parts += run.notes
    return " — ".join(parts)


def _draw_timeline(slot) -> None:
    timeline = tl.timeline()
    with slot.container():
        st.subheader("Rerun timeline")
        full, fragment = st.columns(2)
        full.metric("Full runs", timeline.full_runs)
        fragment.metric("Fragment runs", timeline.fragment_runs)
        st.caption("Newest first. Fragment-only runs appear here at the next full run.")
        for run in reversed(timeline.last(TIMELINE_ROWS)):
            st.markdown(_describe(run))
