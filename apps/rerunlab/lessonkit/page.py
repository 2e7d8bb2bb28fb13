"""The frame of every lesson page: heading, run counter, navigation, sections, timeline."""

from __future__ import annotations

import html
import time
from pathlib import Path

import streamlit as st
from streamlit.runtime.scriptrunner_utils.exceptions import RerunException, StopException

from rerunlab.catalog import Lesson, catalog, get_lesson
from rerunlab.lessonkit import timeline as tl
from rerunlab.lessonkit.claims import VERIFIED_STREAMLIT, claim

# How to read the timeline, under it. What it says of Streamlit are claims, tested like a lesson's.
_READING_THE_TIMELINE = [
    claim(
        "KT2",
        "*Cut short: a newer interaction…* means you used a widget while the script was still "
        "running: with `runner.fastReruns` (on by default) Streamlit stops that run and starts "
        "a new one.",
    ),
    claim(
        "KT3",
        "The timeline names a widget with a key by its key, whatever its value's type (a number, "
        "a file, a list…). A widget without a key has no entry in `st.session_state`, so the "
        "timeline can't name it (a form's submit button is the exception: Streamlit gives it a "
        "key of its own).",
    ),
]
TIMELINE_LEGEND = " ".join(
    ["Newest first. Fragment-only runs appear here at the next full run.", *_READING_THE_TIMELINE]
)
# The run strip's timeline is redrawn by fragment runs too (see draw_run_strip).
STRIP_TIMELINE_LEGEND = " ".join(["Newest first, fragment-only runs included.", *_READING_THE_TIMELINE])

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
STRIP_KEY = "rerunlab-run-strip"  # its CSS class: st-key-rerunlab-run-strip
STRIP_CAUSE_CHARS = 90  # a long cause is cut at a comma: the timeline has it whole


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
        tl.timeline().lesson = lesson.slug
        # The run strip, pinned to the bottom of narrow screens (accessible.css hides it on wide
        # ones, where the sidebar timeline is open): drawn now with this run's count and cause,
        # again when the run ends with its duration, and by every fragment-only run.
        tl.timeline().strip = _run_strip()
        draw_run_strip()
        _navigation(lesson)
        st.title(lesson.title)
        st.caption(
            f"Lesson {lesson.number} · {lesson.summary}  \n"
            f"As of Streamlit {VERIFIED_STREAMLIT}: every statement marked like \\[RB1\\] "
            "is checked against that release by the test named after it."
        )
        st.metric(
            FULL_RUNS_LABEL,
            self.runs,
            help=claim(
                "KT1",
                "Counted at the top of the script: it goes up every time Streamlit reruns the whole "
                "script for you, and not when only a fragment reruns.",
            )
            + " The sidebar lists every run and what caused it.",
        )
        return self

    def __exit__(self, exc_type, exc, traceback) -> bool:
        tl.end_run(self.run, exc)
        if not isinstance(exc, (RerunException, StopException)):  # a run cut short can't draw
            draw_run_strip()
        if exc is None:
            # Drawn once, at the end, with this run's duration. A run that st.stop() or
            # st.rerun() cuts short can't draw any more: the next run shows how it ended.
            _draw_timeline()
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
    lessons = catalog()
    links = ['<a href="../" target="_self">← All lessons</a>']
    if lesson.number < len(lessons):
        following = lessons[lesson.number]  # numbers start at 1, so this is the next one
        title = html.escape(following.title).replace("_", "&#95;")  # "_" would start italics
        links.append(f'<a href="../{following.slug}/" target="_self">Next: {title} →</a>')
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


def _timeline_markdown(heading: str, legend: str) -> str:
    timeline = tl.timeline()
    rows = "\n".join(f"- {_describe(run)}" for run in reversed(timeline.last(TIMELINE_ROWS)))
    return (
        f"{heading}\n**{timeline.full_runs}** full runs · **{timeline.fragment_runs}** "
        f"fragment-only runs\n\n{rows}\n\n{legend}"
    )


def _draw_timeline() -> None:
    """The session's runs, newest first, in one markdown element: every element drawn is a
    message to the browser, and the timeline is drawn on every run."""
    st.sidebar.markdown(_timeline_markdown("### Rerun timeline", TIMELINE_LEGEND))


def _short(cause: str) -> str:
    """A cause cut to STRIP_CAUSE_CHARS at a comma between changes ("… and 2 more")."""
    if len(cause) <= STRIP_CAUSE_CHARS:
        return cause
    parts = cause.split(", ")
    for kept in range(len(parts) - 1, 0, -1):
        shown = ", ".join(parts[:kept]) + f" and {len(parts) - kept} more"
        if len(shown) <= STRIP_CAUSE_CHARS:
            return shown
    return "a change the timeline names"  # no cut at a comma is short enough


def strip_lines() -> tuple[str, str]:
    """The run strip's two lines: the counts, and the newest run (number, kind, duration, cause)."""
    timeline = tl.timeline()
    run = timeline.runs[-1]
    counts = f"Runs: **{timeline.full_runs}** full · **{timeline.fragment_runs}** fragment-only"
    kind = "full run" if run.kind == "full" else f"fragment `{run.fragment}`"
    if run.duration is not None:
        took = f"{run.duration:.2f} s"
    else:
        took = f"_{run.ending}_" if run.ending else "running…"
    return counts, f"Last run **#{run.number}** · {kind} · {took} — {_short(run.cause)}"


def _run_strip() -> tuple:
    """The run strip, pinned to the bottom of the screen with st.bottom: where a student on a
    phone looks, with the sidebar timeline closed. Returns its placeholders (the counts, the
    newest run, and the whole timeline in a popover), for draw_run_strip."""
    with st.bottom.container(key=STRIP_KEY, border=True, gap="xxsmall"):
        with st.container(horizontal=True, vertical_alignment="center", gap="xsmall"):
            counts = st.empty()
            with st.popover("Timeline", help="Every run, newest first"):
                rows = st.empty()
        last = st.empty()
    return counts, last, rows


def draw_run_strip() -> None:
    """Redraws the run strip's placeholders with the session's runs as they are now.

    A fragment-only run calls this too (fragments.py): Streamlit lets a fragment write into a
    container created outside it when it wrote there in the last full run as well. Each
    placeholder holds a single element. A fragment's write goes into a wrapper block that
    Streamlit puts in the placeholder's place, and Streamlit's message queue replaces a queued
    element by a newer one at the same place: with more than one element per placeholder, the
    browser could receive an element's children before the block that holds them.
    """
    strip = tl.timeline().strip
    if strip is None:  # a fragment outside a lesson page
        return
    counts_line, last_line = strip_lines()
    counts, last, rows = strip
    counts.markdown(counts_line, width="content")
    last.markdown(last_line)
    rows.markdown(_timeline_markdown("#### Rerun timeline", STRIP_TIMELINE_LEGEND))
