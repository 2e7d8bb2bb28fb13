"""A lesson's facts that the tools cannot read off its page, from ``apps/<slug>/lesson.toml``
beside its app: the prefix of its claim ids (tests/test_claims.py), and the time it spends on
purpose (the classroom simulator subtracts it).

The simulator finds every widget in the deltas it receives; what it cannot see in the
protocol is a ``time.sleep`` the lesson put there to be felt, so the "server" figures measure
Streamlit, nginx and the machine, not that sleep (the raw figures are reported as well). An
exception a lesson raises on purpose is likewise a note, not an error. A run that finishes
faster than its declared sleep is reported as ``deliberate_delay_overstated``.
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from harness import REPO

APPS = REPO / "apps"
CLAIM_PREFIX = re.compile(r"^[A-Z]{2}$")
FIELDS = {"claims", "deliberate"}
DELIBERATE_FIELDS = {"per_full_run", "per_marker", "exceptions", "source"}


class LessonFactsError(ValueError):
    """A lesson.toml is missing or malformed; the message names the file and the field."""


@dataclass(frozen=True)
class Deliberate:
    """Seconds a lesson sleeps on purpose in a run chain."""

    per_full_run: float = 0.0  # on every full run (never on a fragment run)
    # Seconds per occurrence of this text in the main area of the page drawn by the chain:
    # for sleeps that happen only sometimes and that the lesson reports on the page.
    per_marker: dict[str, float] = field(default_factory=dict)
    # Exceptions the lesson raises on purpose (text of their message): shown on the page
    # as an exception element, reported as a note, not as an error.
    exceptions: tuple[str, ...] = ()
    source: str = ""  # the line of the lesson's app.py these come from

    def is_deliberate_exception(self, message: str) -> bool:
        return any(text in message for text in self.exceptions)

    def seconds(self, full_runs: int, main_text: str) -> float:
        marked = sum(main_text.count(marker) * s for marker, s in self.per_marker.items())
        return self.per_full_run * full_runs + marked


@dataclass(frozen=True)
class LessonFacts:
    slug: str
    claims: str
    deliberate: Deliberate


def _seconds(value, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise LessonFactsError(f"{where}: expected a number of seconds ≥ 0, got {value!r}")
    return float(value)


def _deliberate(table, where: str) -> Deliberate:
    if not isinstance(table, dict):
        raise LessonFactsError(f"{where}: expected a table")
    unknown = set(table) - DELIBERATE_FIELDS
    if unknown:
        raise LessonFactsError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
    source = table.get("source")
    if not isinstance(source, str) or not source.strip():
        raise LessonFactsError(f"{where}.source: the line of app.py the time comes from is required")
    markers = table.get("per_marker", {})
    if not isinstance(markers, dict):
        raise LessonFactsError(f"{where}.per_marker: expected a table of text = seconds")
    exceptions = table.get("exceptions", [])
    if not isinstance(exceptions, list) or not all(isinstance(x, str) and x for x in exceptions):
        raise LessonFactsError(f"{where}.exceptions: expected a list of non-empty strings")
    return Deliberate(
        per_full_run=_seconds(table.get("per_full_run", 0.0), f"{where}.per_full_run"),
        per_marker={text: _seconds(s, f"{where}.per_marker.{text}") for text, s in markers.items()},
        exceptions=tuple(exceptions),
        source=source,
    )


def load_lesson_facts(path: Path, slug: str) -> LessonFacts:
    if not path.is_file():
        raise LessonFactsError(f"{path}: missing (every lesson's folder has one)")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise LessonFactsError(f"{path}: not valid TOML: {exc}") from exc
    unknown = set(data) - FIELDS
    if unknown:
        raise LessonFactsError(f"{path}: unknown field(s) {', '.join(sorted(unknown))}")
    claims = data.get("claims")
    if not isinstance(claims, str) or not CLAIM_PREFIX.match(claims):
        raise LessonFactsError(f"{path}: claims: expected two capital letters, got {claims!r}")
    if "deliberate" not in data:
        return LessonFacts(slug, claims, Deliberate())
    return LessonFacts(slug, claims, _deliberate(data["deliberate"], f"{path}: deliberate"))


@functools.cache
def lesson_facts(slug: str) -> LessonFacts:
    """The facts of the lesson in apps/<slug>/, read once per process."""
    return load_lesson_facts(APPS / slug / "lesson.toml", slug)
