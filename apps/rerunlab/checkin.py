"""The class check-in: every answer students check in an exercise, shared with the teacher.

The store is Valkey (compose.yaml's ``checkin`` service, reached at RERUNLAB_CHECKIN_URL such as
``valkey://checkin:6379/0``), in memory only: answers vanish with the stack, or with the
teacher's "New class". Without RERUNLAB_CHECKIN_URL (a lesson run on its own, AppTest) nothing
is recorded. The store being down never breaks a lesson: recording says so and gives up at
once, and is tried again a moment later (``RETRY_AFTER_S``).

What is stored, per answer a student locks in, and again when they check it: the lesson, the
exercise, the answer, right or wrong (once checked), when, and an anonymous id of the browser (a
hash of the affinity cookie nginx gives each browser; no name, no address). Keys:

- ``rerunlab:checkin:log``: a stream of every answer locked in and checked, tries again included;
- ``rerunlab:checkin:first:<lesson>/<exercise>``: a hash, browser id -> that browser's *first*
  locked-in answer (JSON): its prediction before it saw what really happens;
- ``rerunlab:checkin:checked:<lesson>/<exercise>``: a hash, browser id -> its first *checked*
  answer, right or wrong (JSON). The check-in view counts these two;
- ``rerunlab:checkin:questions``: a hash, ``<lesson>/<exercise>`` -> the question (JSON).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
import time
from collections import Counter
from dataclasses import dataclass
from typing import Literal

import valkey
from valkey.backoff import NoBackoff
from valkey.retry import Retry

LOG = logging.getLogger("rerunlab.checkin")
PREFIX = "rerunlab:checkin:"
LOG_KEY = PREFIX + "log"
QUESTIONS_KEY = PREFIX + "questions"
FIRST_PREFIX = PREFIX + "first:"
CHECKED_PREFIX = PREFIX + "checked:"
LOG_MAX_ENTRIES = 200_000  # a long class of 300 students stays far below; the stream never grows without end
RETRY_AFTER_S = 2.0  # after a failure, answers are "not shared" without trying, for this long
CONNECT_TIMEOUT_S = 0.3  # a student waits at most about this long for a store that is down
COMMAND_TIMEOUT_S = 0.5

Shared = Literal["shared", "down", "off"]  # recorded; store unreachable; no store configured


class StoreDown(RuntimeError):
    """The check-in store can't be reached (or answered with an error)."""


@dataclass(frozen=True)
class Answer:
    lesson: str
    exercise: str
    question: str
    choice: str
    right: bool | None  # None: locked in, not checked yet
    browser: str  # anonymous_browser_id()
    at: float  # Unix time


@dataclass(frozen=True)
class ExerciseSummary:
    lesson: str
    exercise: str
    question: str
    answered: int  # browsers that locked in an answer
    checked: int  # browsers that checked one
    right: int  # of their first checked answers, how many were right
    common_wrong: str | None  # the most common wrong one
    common_wrong_count: int


def anonymous_browser_id(cookie: str) -> str:
    """The id stored for a browser: a hash of its random affinity cookie, never the cookie."""
    return hashlib.sha256(f"rerun-lab check-in:{cookie}".encode()).hexdigest()[:16]


class CheckinStore:
    """One process's connection to the store, shared by its sessions (the client's pool is thread-safe)."""

    def __init__(self, url: str):
        self.client = valkey.Valkey.from_url(
            url,
            socket_connect_timeout=CONNECT_TIMEOUT_S,
            socket_timeout=COMMAND_TIMEOUT_S,
            # Once more on a fresh connection: after the store restarts, a pooled one is dead.
            retry=Retry(NoBackoff(), 1),
            retry_on_error=[valkey.ConnectionError],
            decode_responses=True,
        )
        self._down_until = 0.0
        self._lock = threading.Lock()

    # -- writing -------------------------------------------------------------------------
    def record(self, answer: Answer) -> Shared:
        """Records an answer locked in (``right`` None) or checked; "down" (at once, nothing
        raised) when the store is unreachable."""
        if time.monotonic() < self._down_until:
            return "down"
        exercise = f"{answer.lesson}/{answer.exercise}"
        entry = json.dumps({"choice": answer.choice, "right": answer.right, "at": answer.at})
        try:
            pipe = self.client.pipeline(transaction=False)  # one round trip
            pipe.xadd(
                LOG_KEY,
                {
                    "lesson": answer.lesson,
                    "exercise": answer.exercise,
                    "choice": answer.choice,
                    "right": "" if answer.right is None else int(answer.right),
                    "at": f"{answer.at:.3f}",
                    "browser": answer.browser,
                },
                maxlen=LOG_MAX_ENTRIES,
                approximate=True,
            )
            first_of = FIRST_PREFIX if answer.right is None else CHECKED_PREFIX
            pipe.hsetnx(first_of + exercise, answer.browser, entry)
            pipe.hset(QUESTIONS_KEY, exercise, json.dumps({"question": answer.question}))
            pipe.execute()
        except valkey.ValkeyError as error:
            self._failed(error)
            return "down"
        return "shared"

    def clear(self) -> int:
        """The teacher's "New class": removes every answer. Returns how many keys went."""
        try:
            keys = list(self.client.scan_iter(match=PREFIX + "*", count=500))
            return self.client.unlink(*keys) if keys else 0
        except valkey.ValkeyError as error:
            self._failed(error)
            raise StoreDown(str(error)) from error

    # -- reading -------------------------------------------------------------------------
    def summaries(self) -> list[ExerciseSummary]:
        """Per exercise answered so far: how many students locked in an answer, how many
        checked one, how many of those were right, the most common wrong one (each browser's
        first only). A malformed entry is skipped and logged."""
        try:
            questions = self.client.hgetall(QUESTIONS_KEY)
            pipe = self.client.pipeline(transaction=False)
            names = sorted(questions)
            for name in names:
                pipe.hkeys(FIRST_PREFIX + name)
                pipe.hgetall(CHECKED_PREFIX + name)
            replies = pipe.execute()
        except valkey.ValkeyError as error:
            self._failed(error)
            raise StoreDown(str(error)) from error
        result = []
        for name, locked, checked in zip(names, replies[::2], replies[1::2], strict=True):
            lesson, _, exercise = name.partition("/")
            if not (lesson and exercise):
                _skip(name, questions[name], "not named <lesson>/<exercise>")
                continue
            question = _field(questions[name], "question", str, name)
            if question is None:
                continue
            verdicts = {b: v for b, v in ((b, _checked(raw, name)) for b, raw in checked.items()) if v}
            wrong = Counter(choice for choice, right in verdicts.values() if not right).most_common(1)
            result.append(
                ExerciseSummary(
                    lesson=lesson,
                    exercise=exercise,
                    question=question,
                    # A lock-in the store missed (it was down then) still counts once checked.
                    answered=len(set(locked) | set(verdicts)),
                    checked=len(verdicts),
                    right=sum(1 for _, right in verdicts.values() if right),
                    common_wrong=wrong[0][0] if wrong else None,
                    common_wrong_count=wrong[0][1] if wrong else 0,
                )
            )
        return result

    def _failed(self, error: Exception) -> None:
        with self._lock:
            if time.monotonic() >= self._down_until:  # log once per outage window, not per answer
                LOG.warning("check-in store unreachable (%s): answers are not shared for now", error)
            self._down_until = time.monotonic() + RETRY_AFTER_S


_MALFORMED_SEEN: set[tuple[str, str]] = set()


def _skip(name: str, raw: str, why: str) -> None:
    """Logs a malformed entry once per process (the view reads every few seconds)."""
    if (name, raw) not in _MALFORMED_SEEN and len(_MALFORMED_SEEN) < 10_000:
        _MALFORMED_SEEN.add((name, raw))
        LOG.warning("check-in store: skipped a malformed entry of %s (%s): %.200r", name, why, raw)


def _field(raw: str, key: str, kind: type, name: str):
    try:
        value = json.loads(raw)[key]
    except (ValueError, TypeError, KeyError) as error:
        _skip(name, raw, f"{type(error).__name__}: {error}")
        return None
    if not isinstance(value, kind):
        _skip(name, raw, f"{key} is not a {kind.__name__}")
        return None
    return value


def _checked(raw: str, name: str) -> tuple[str, bool] | None:
    """(choice, right) of a checked answer's entry; None, logged, when malformed."""
    choice, right = _field(raw, "choice", str, name), _field(raw, "right", bool, name)
    return None if choice is None or right is None else (choice, right)


_STORES: dict[str, CheckinStore] = {}
_STORES_LOCK = threading.Lock()


def store() -> CheckinStore | None:
    """This process's store, or None when RERUNLAB_CHECKIN_URL is not set."""
    url = os.environ.get("RERUNLAB_CHECKIN_URL", "").strip()
    if not url:
        return None
    with _STORES_LOCK:
        if url not in _STORES:
            _STORES[url] = CheckinStore(url)
        return _STORES[url]
