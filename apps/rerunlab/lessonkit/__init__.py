"""Shared teaching widgets for every Rerun Lab lesson.

A lesson script is wrapped in ``with lesson_page(__file__) as lesson:``, which draws the
heading from the catalog, counts the run and keeps the session's rerun timeline (time,
duration and cause of every run) in the sidebar.
"""

from rerunlab.lessonkit.claims import VERIFIED_STREAMLIT, claim
from rerunlab.lessonkit.echo import echo
from rerunlab.lessonkit.exercises import Acted, Exercise, predict, predict_then_check
from rerunlab.lessonkit.fragments import fragment_run
from rerunlab.lessonkit.page import FULL_RUNS_LABEL, SECTIONS, LessonPage, lesson_page
from rerunlab.lessonkit.panels import code_panel, further_reading, pitfalls, value_at_top_of_run
from rerunlab.lessonkit.slow import slow_step
from rerunlab.lessonkit.timeline import note, record_shown
from rerunlab.lessonkit.timeline import timeline as session_timeline  # this session's runs so far

__all__ = [
    "Acted",
    "Exercise",
    "FULL_RUNS_LABEL",
    "SECTIONS",
    "VERIFIED_STREAMLIT",
    "LessonPage",
    "claim",
    "code_panel",
    "echo",
    "fragment_run",
    "further_reading",
    "lesson_page",
    "note",
    "pitfalls",
    "predict",
    "predict_then_check",
    "record_shown",
    "session_timeline",
    "slow_step",
    "value_at_top_of_run",
]
