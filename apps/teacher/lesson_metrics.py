"""What the teacher dashboard knows about a lesson: read from the lesson's own Streamlit
health and metrics endpoints (OpenMetrics) over the stack's internal network."""

from __future__ import annotations

import os
import time
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import requests
from prometheus_client.openmetrics.parser import text_string_to_metric_families

# Where a lesson answers inside the stack; {slug} is the lesson's slug.
DEFAULT_LESSON_URL = "http://{slug}:8501/{slug}"
ACTIVITY_WINDOW_S = 300
STARTS = ("connect", "reconnect")  # session event types that start (or resume) a session


@dataclass
class LessonStatus:
    slug: str
    up: bool
    students: int = 0  # sessions connected now
    sessions_started: int = 0  # connects and reconnects since the lesson started
    problem: str = ""


def parse_metrics(text: str) -> tuple[int, int]:
    """(active sessions, sessions started) from Streamlit's /_stcore/metrics text."""
    active = started = 0
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == "active_sessions":
                active = int(sample.value)
            elif sample.name == "session_events_total" and sample.labels.get("type") in (
                "connect",
                "reconnect",
            ):
                started += int(sample.value)
    return active, started


def read_lesson(slug: str, timeout: float = 2.0) -> LessonStatus:
    base = os.environ.get("RERUNLAB_LESSON_URL", DEFAULT_LESSON_URL).format(slug=slug)
    try:
        health = requests.get(f"{base}/_stcore/health", timeout=timeout)
        if health.status_code != 200 or health.text.strip() != "ok":
            return LessonStatus(slug, up=False, problem=f"health answered {health.status_code}")
        metrics = requests.get(f"{base}/_stcore/metrics", timeout=timeout)
        metrics.raise_for_status()
        active, started = parse_metrics(metrics.text)
    except (requests.RequestException, ValueError) as exc:
        return LessonStatus(slug, up=False, problem=type(exc).__name__)
    return LessonStatus(slug, up=True, students=active, sessions_started=started)


def read_all(slugs: list[str]) -> list[LessonStatus]:
    """Every lesson at once, so that one lesson that is down doesn't slow the others."""
    with ThreadPoolExecutor(max_workers=len(slugs) or 1) as pool:
        return list(pool.map(read_lesson, slugs))


class Activity:
    """Sessions started per lesson over the last few minutes, from successive readings."""

    def __init__(self, window_s: float = ACTIVITY_WINDOW_S):
        self.window_s = window_s
        self.readings: dict[str, deque[tuple[float, int]]] = {}

    def record(self, status: LessonStatus, now: float | None = None) -> int:
        """Adds a reading; returns the sessions started within the window (0 when down)."""
        now = time.monotonic() if now is None else now
        history = self.readings.setdefault(status.slug, deque())
        if not status.up:
            history.clear()  # a restarted lesson starts counting from zero again
            return 0
        history.append((now, status.sessions_started))
        while history and now - history[0][0] > self.window_s:
            history.popleft()
        return status.sessions_started - history[0][1]
