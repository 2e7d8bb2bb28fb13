"""A student answering one of a lesson's exercises over the websocket, as the browser does:
lock in an answer, act, press Check, read the verdict (apps/rerunlab/lessonkit/exercises.py).

Used by the check-in tests (tests/integration/test_checkin.py) with harness.browser.Browser; the
classroom simulator (bench/student.py) reaches the same buttons by using every widget in turn.
"""

from __future__ import annotations

import uuid

from streamlit.proto.WidgetStates_pb2 import WidgetState

from harness.browser import Browser, RunResult
from harness.page import Widget

# The kit's widget keys for an exercise (exercises.py).
GUESS = "_lessonkit_guess_{}"
LOCK = "_lessonkit_lock_{}"
CHECK = "_lessonkit_check_{}"


def widget(browser: Browser, key: str) -> Widget:
    """The widget with this user key on the page as it is now (Streamlit 1.67 ends a keyed
    widget's id with "-<key>")."""
    found = [w for w in browser.page.widgets if w.id.endswith(f"-{key}")]
    if len(found) != 1:
        raise LookupError(f"{len(found)} widgets with key {key!r} on /{browser.slug}/")
    return found[0]


def _ok(result: RunResult) -> RunResult:
    if result.errors:
        raise AssertionError(f"{result.action}: {result.errors} {result.details}")
    return result


async def click(browser: Browser, key: str) -> RunResult:
    """Clicks the button with this key (a run of its fragment, if it is in one)."""
    button = widget(browser, key)
    changes = {button.id: WidgetState(id=button.id, trigger_value=True)}
    return _ok(await browser.rerun(f"click {key}", changes, fragment_id=button.fragment_id, keep_text=True))


async def lock_in(browser: Browser, exercise: str, answer: int | str) -> RunResult:
    """Types a number (or picks a choice) and presses "Lock in my prediction": the form's submit."""
    guess, lock = widget(browser, GUESS.format(exercise)), widget(browser, LOCK.format(exercise))
    state = WidgetState(id=guess.id)
    if isinstance(answer, str):
        state.string_value = answer  # a radio's value is its option's text
    elif guess.proto.data_type == guess.proto.INT:
        state.int_value = answer
    else:
        state.double_value = float(answer)
    changes = {guess.id: state, lock.id: WidgetState(id=lock.id, trigger_value=True)}
    return _ok(await browser.rerun(f"lock in {exercise}", changes, fragment_id=lock.fragment_id))


async def check(browser: Browser, exercise: str) -> list[str]:
    """Presses Check; returns the text the page drew in that run (the verdict among it)."""
    return (await click(browser, CHECK.format(exercise))).texts


async def a_student_answers(
    base_url: str, lesson: str, exercise: str, answer: int | str, clicks: list[str]
) -> list[str]:
    """A new browser (its own affinity cookie, as nginx gives one) opens the lesson, locks in
    ``answer``, clicks the buttons with the keys in ``clicks``, presses Check; returns the
    text Check's run drew."""
    browser = Browser(base_url, lesson, cookie=f"rerunlab_affinity={uuid.uuid4().hex}")
    await browser.connect()
    try:
        await browser.load()
        await lock_in(browser, exercise, answer)
        for key in clicks:
            await click(browser, key)
        return await check(browser, exercise)
    finally:
        await browser.close()
