"""What the simulated student knows about the lessons: their slugs in learning order, the run
counter every page has, and the time each spends on purpose (its apps/<slug>/lesson.toml, read
by harness.lesson_facts). The simulator finds every widget in the deltas it receives; nothing
here names a widget.
"""

from __future__ import annotations

from harness.lesson_facts import Deliberate, lesson_facts
from rerunlab.catalog import catalog
from rerunlab.lessonkit import FULL_RUNS_LABEL

__all__ = ["RUN_COUNTER_LABEL", "Deliberate", "deliberate", "lesson_slugs"]

# The run counter the lesson kit draws at the top of every page: the simulator checks that it
# shows this session's number of full runs (sessions never see each other's state, and no run
# is lost, even under load).
RUN_COUNTER_LABEL = FULL_RUNS_LABEL


def deliberate(slug: str) -> Deliberate:
    """The seconds the lesson sleeps on purpose, and the exceptions it raises on purpose; none
    for the teacher dashboard, which is not a lesson."""
    if slug not in lesson_slugs():
        return Deliberate()
    return lesson_facts(slug).deliberate


def lesson_slugs() -> list[str]:
    """The lessons of the catalog, in learning order."""
    return [lesson.slug for lesson in catalog()]
