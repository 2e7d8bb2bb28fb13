"""Teacher dashboard only: reads every lesson's metrics in the background while the teacher
server runs.

Streamlit's metrics count sessions since a lesson started, with no times; "sessions started in
the last 5 minutes" needs readings taken over those minutes. A dashboard page only reads while
someone has it open, so the teacher server reads from its own start (the st.App lifespan in
apps/teacher/app.py) into one shared history, which every dashboard shows.
"""

from __future__ import annotations

import threading
from contextlib import asynccontextmanager

from rerunlab.catalog import load_catalog
from rerunlab.lesson_metrics import Activity, LessonStatus, read_all

REFRESH_S = 3

# The teacher process's one activity history: fed by the watch, and by every dashboard reading.
ACTIVITY = Activity()
# The catalog is baked into the image: read it once, not on every reading.
SLUGS = [lesson.slug for lesson in load_catalog()]


def read_class(activity: Activity = ACTIVITY) -> tuple[list[LessonStatus], list[int]]:
    """Every lesson's status now, and the sessions each started within the activity window."""
    statuses = read_all(SLUGS)
    return statuses, [activity.record(status) for status in statuses]


class ClassWatch:
    def __init__(self, interval_s: float = REFRESH_S, activity: Activity = ACTIVITY):
        self.interval_s = interval_s
        self.activity = activity
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._run, name="class-watch", daemon=True)

    def _run(self) -> None:
        while not self.stopping.is_set():
            read_class(self.activity)
            self.stopping.wait(self.interval_s)

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.stopping.set()
        self.thread.join(timeout=10)


@asynccontextmanager
async def watch_lessons(app):
    """st.App lifespan: the watch runs while the server does."""
    watch = ClassWatch()
    watch.start()
    try:
        yield
    finally:
        watch.stop()
