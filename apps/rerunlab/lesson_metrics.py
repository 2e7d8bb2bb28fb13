"""Teacher dashboard only: what the dashboard knows about a lesson, read from the lesson's own
Streamlit health and metrics endpoints (OpenMetrics) over the stack's internal network."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

import requests
from prometheus_client.openmetrics.parser import text_string_to_metric_families

# Where a lesson answers inside the stack; {slug} is the lesson's slug.
DEFAULT_LESSON_URL = "http://{slug}:8501/{slug}"
ACTIVITY_WINDOW_S = 300
STARTS = ("connect", "reconnect")  # session event types that start (or resume) a session


@dataclass
class LessonStatus:
    slug: str
    up: bool  # at least one replica answers
    students: int = 0  # sessions connected now, over every replica
    sessions_started: int = 0  # connects and reconnects since the replicas started
    problem: str = ""
    replicas: int = 1  # replicas that answer
    replicas_found: int = 1  # replicas Docker's DNS knows


def parse_metrics(text: str) -> tuple[int, int]:
    """(active sessions, sessions started) from Streamlit's /_stcore/metrics text."""
    active = started = 0
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == "active_sessions":
                active = int(sample.value)
            elif sample.name == "session_events_total" and sample.labels.get("type") in STARTS:
                started += int(sample.value)
    return active, started


def replica_urls(base: str) -> list[str]:
    """One URL per replica: Docker's DNS answers a lesson's name with every replica's address."""
    parts = urlsplit(base)
    try:
        found = socket.getaddrinfo(parts.hostname, parts.port, socket.AF_INET, socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        return [base]  # the request itself reports the failure
    addresses = sorted({info[4][0] for info in found})
    return [urlunsplit(parts._replace(netloc=f"{address}:{parts.port}")) for address in addresses]


def read_replica(base: str, timeout: float) -> tuple[int, int]:
    """(active sessions, sessions started) of one replica; raises if it doesn't answer well."""
    health = requests.get(f"{base}/_stcore/health", timeout=timeout)
    if health.status_code != 200 or health.text.strip() != "ok":
        raise ValueError(f"health answered {health.status_code}")
    metrics = requests.get(f"{base}/_stcore/metrics", timeout=timeout)
    metrics.raise_for_status()
    return parse_metrics(metrics.text)


def read_lesson(slug: str, timeout: float = 2.0) -> LessonStatus:
    urls = replica_urls(os.environ.get("RERUNLAB_LESSON_URL", DEFAULT_LESSON_URL).format(slug=slug))
    status = LessonStatus(slug, up=False, replicas=0, replicas_found=len(urls))
    for url in urls:
        try:
            active, started = read_replica(url, timeout)
        except (requests.RequestException, ValueError) as exc:
            status.problem = str(exc) if isinstance(exc, ValueError) else type(exc).__name__
            continue
        status.up = True
        status.replicas += 1
        status.students += active
        status.sessions_started += started
    return status


def read_all(slugs: list[str]) -> list[LessonStatus]:
    """Every lesson at once, so that one lesson that is down doesn't slow the others."""
    with ThreadPoolExecutor(max_workers=len(slugs) or 1) as pool:
        return list(pool.map(read_lesson, slugs))


class Activity:
    """Sessions started per lesson over the last few minutes, from successive readings."""

    def __init__(self, window_s: float = ACTIVITY_WINDOW_S):
        self.window_s = window_s
        self.readings: dict[str, deque[tuple[float, int]]] = {}
        self.lock = threading.Lock()  # the class watch and every open dashboard record

    def record(self, status: LessonStatus, now: float | None = None) -> int:
        """Adds a reading; returns the sessions started within the window (0 when down)."""
        with self.lock:
            return self._record(status, time.monotonic() if now is None else now)

    def _record(self, status: LessonStatus, now: float) -> int:
        history = self.readings.setdefault(status.slug, deque())
        if not status.up:
            history.clear()  # a restarted lesson starts counting from zero again
            return 0
        history.append((now, status.sessions_started))
        while history and now - history[0][0] > self.window_s:
            history.popleft()
        return max(0, status.sessions_started - history[0][1])  # a replica may have gone
