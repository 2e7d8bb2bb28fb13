"""Shared teaching widgets for every Rerun Lab lesson.

Each lesson script starts with ``runs = lesson_page(__file__)``: it draws the heading
from the catalog and counts how many times the script has run in this browser session.
"""

from __future__ import annotations

import time
from pathlib import Path

import streamlit as st

from catalog import Lesson, get_lesson, load_catalog

__all__ = ["Lesson", "count_fragment_run", "lesson_page", "slow_step"]

_RUNS_KEY = "_lessonkit_full_runs"
_FRAGMENT_RUNS_KEY = "_lessonkit_fragment_runs"


def _count_full_run() -> int:
    """Adds one to this session's full-run counter. Call exactly once per script run."""
    st.session_state[_RUNS_KEY] = st.session_state.get(_RUNS_KEY, 0) + 1
    return st.session_state[_RUNS_KEY]


def count_fragment_run(name: str) -> int:
    """Adds one to the counter of the fragment ``name``; call it inside the fragment."""
    counts = st.session_state.setdefault(_FRAGMENT_RUNS_KEY, {})
    counts[name] = counts.get(name, 0) + 1
    return counts[name]


def lesson_page(script_file: str) -> int:
    """Draws the lesson's heading and run counter; returns this session's run count.

    ``script_file`` is the lesson's ``__file__``: its folder name is the lesson's slug.
    """
    lesson = get_lesson(Path(script_file).resolve().parent.name)
    runs = _count_full_run()
    st.set_page_config(page_title=f"{lesson.title} · Rerun Lab", page_icon="🔁", layout="wide")
    _navigation(lesson)
    st.title(lesson.title)
    st.caption(f"Lesson {lesson.number} · {lesson.summary}")
    st.metric(
        "Full script runs in this session",
        runs,
        help="Counted at the top of the script: it goes up every time Streamlit reruns "
        "the whole script for you.",
    )
    return runs


def _navigation(lesson: Lesson) -> None:
    lessons = load_catalog()
    links = ['<a href="../" target="_self">← All lessons</a>']
    if lesson.number < len(lessons):
        following = lessons[lesson.number]  # numbers start at 1, so this is the next one
        title = following.title.replace("_", "\\_")  # keep st.session_state's "_" literal
        links.append(f'<a href="../{following.slug}/" target="_self">Next: {title} →</a>')
    st.markdown(" · ".join(links), unsafe_allow_html=True)


def slow_step(seconds: float, what: str = "Loading data") -> float:
    """A deliberately slow step, so that every rerun is felt. Returns the time it took."""
    started = time.perf_counter()
    with st.spinner(f"{what}… (this takes {seconds:g} s on every run)"):
        time.sleep(seconds)
    return time.perf_counter() - started
