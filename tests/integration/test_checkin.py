"""The class check-in end to end, against the real stack and its real Valkey store, under
Compose and under Swarm: students answer an exercise through Streamlit websocket sessions
(through nginx, each with its own affinity cookie), the teacher dashboard's figures match,
"New class" clears them, and with the store stopped the lessons still serve and check
answers, the dashboard says the store is down, and recording resumes once it is back.

The exercise: rerun-basics' "three-clicks" (a plain variable shows 1 after three clicks).
"""

from __future__ import annotations

import re
import time
import uuid

import pytest
from async_runner import run

from harness import exercise
from harness.browser import Browser
from harness.docker import docker, inspect
from rerunlab.checkin_view import NO_ANSWERS, STORE_DOWN
from rerunlab.lessonkit.exercises import NOT_SHARED_NOTE, SHARED_NOTE

LESSON, EXERCISE, RIGHT = "rerun-basics", "three-clicks", 1
QUESTION = "click **Add one click** three times"


def a_student_answers(base_url: str, answer: int) -> list[str]:
    """A new student locks in ``answer``, clicks Add one click three times, presses Check."""
    return run(exercise.a_student_answers(base_url, LESSON, EXERCISE, answer, ["add_click"] * 3))


async def the_teacher(stack, *, clear: bool = False) -> list[str]:
    """The dashboard's text as the teacher's browser gets it (after "New class", if asked)."""
    user, password = stack.teacher_auth()
    browser = Browser(stack.base_url, "teacher", auth=f"{user}:{password}")
    await browser.connect()
    try:
        shown = (await browser.load(keep_text=True)).texts
        if clear:  # "New class…", then "Clear every answer"
            await exercise.click(browser, "checkin_new_class")
            shown = (await exercise.click(browser, "checkin_clear")).texts
        return shown
    finally:
        await browser.close()


def row(texts: list[str]) -> str | None:
    """The check-in table's row of the exercise, if any."""
    for text in texts:
        for line in text.splitlines():
            if QUESTION in line:
                return line
    return None


def figures(line: str) -> tuple[str, ...]:
    """(answered, checked, right, most common wrong) of a check-in row."""
    cells = [cell.strip() for cell in line.strip().strip("|").split(" | ")]
    return tuple(cells[3:7])


def wait_for_dashboard(stack, wanted, timeout: float = 30) -> list[str]:
    """The dashboard's text once ``wanted(texts)`` holds (the store is read on every run)."""
    deadline = time.monotonic() + timeout
    while True:
        texts = run(the_teacher(stack))
        if wanted(texts) or time.monotonic() > deadline:
            return texts
        time.sleep(1)


@pytest.fixture
def new_class(stack):
    """Starts from an empty check-in, cleared through the dashboard's own "New class"."""
    if stack.deployment == "external":
        pytest.skip("clears the check-in of a stack these tests don't own")
    texts = run(the_teacher(stack, clear=True))
    assert not any(STORE_DOWN in t for t in texts), texts
    return stack


def test_the_dashboard_shows_what_three_students_answered_and_new_class_clears_it(new_class):
    stack = new_class
    assert NO_ANSWERS in run(the_teacher(stack))
    verdicts = [a_student_answers(stack.base_url, answer) for answer in (RIGHT, 3, 3)]
    for said in verdicts:
        assert SHARED_NOTE in said, said
    assert any(t.startswith("Right: the plain variable shows 1") for t in verdicts[0])
    assert any(t.startswith("The plain variable shows 1, not 3") for t in verdicts[1])

    texts = run(the_teacher(stack))
    line = row(texts)
    assert line is not None, texts
    assert figures(line) == ("3", "3", "1 (33 %)", "3 (2)")
    assert "[Every click reruns the script](../rerun-basics/)" in line

    texts = run(the_teacher(stack, clear=True))
    assert row(texts) is None
    assert NO_ANSWERS in run(the_teacher(stack))


def test_a_student_who_checks_again_counts_once_with_the_first_answer(new_class):
    stack = new_class
    cookie = f"rerunlab_affinity={uuid.uuid4().hex}"

    async def twice() -> None:
        browser = Browser(stack.base_url, LESSON, cookie=cookie)
        await browser.connect()
        try:
            await browser.load()
            for answer in (5, RIGHT):  # wrong, then (Try again) right
                await exercise.lock_in(browser, EXERCISE, answer)
                for _ in range(3):
                    await exercise.click(browser, "add_click")
                await exercise.check(browser, EXERCISE)
                await exercise.click(browser, f"_lessonkit_retry_{EXERCISE}")
        finally:
            await browser.close()

    run(twice())
    line = row(run(the_teacher(stack)))
    assert line is not None
    assert figures(line) == ("1", "1", "0 (0 %)", "5 (1)")


def test_with_the_store_stopped_lessons_work_and_the_dashboard_says_so_until_it_returns(new_class):
    stack = new_class
    stack.stop_service("checkin")
    try:
        said = a_student_answers(stack.base_url, RIGHT)
        assert any(t.startswith("Right: the plain variable shows 1") for t in said), said
        assert NOT_SHARED_NOTE in said
        # Must NOT happen: a lesson broken by the store, or an answer said to be shared.
        assert SHARED_NOTE not in said
        texts = wait_for_dashboard(stack, lambda texts: STORE_DOWN in texts)
        assert STORE_DOWN in texts
        assert any(re.match(r"^\| # \| Lesson \| Status", t) for t in texts)  # the rest of the page
    finally:
        stack.start_service("checkin")

    # Back (empty: it keeps answers in memory only), and recording again. A lesson retries
    # the store at most RETRY_AFTER_S after its last failure: a student may need a second try.
    deadline = time.monotonic() + 30
    while SHARED_NOTE not in (said := a_student_answers(stack.base_url, 3)):
        assert time.monotonic() < deadline, said
        time.sleep(1)
    texts = wait_for_dashboard(stack, lambda texts: row(texts) is not None)
    assert STORE_DOWN not in texts
    # Only the answer said to be shared was checked into the store: none while it was away.
    assert figures(row(texts))[1:] == ("1", "0 (0 %)", "3 (1)")


def test_only_the_lessons_and_the_dashboard_reach_the_store(owned_stack):
    """The store listens on an internal network that nginx, the one container students reach,
    is not on; no port is published (test_images.py), and the network has no way out."""
    network = inspect(f"{owned_stack.project}_checkin")
    assert network["Internal"] is True
    connect = "import socket, sys; socket.create_connection((sys.argv[1], 6379), 3)"
    for service in (LESSON, "teacher"):
        reached = docker(
            "exec", owned_stack.container_id(service), "python3", "-c", connect, "checkin", check=False
        )
        assert reached.returncode == 0, (service, reached.stderr)
    # Must NOT happen: nginx finding the store.
    tried = docker(
        "exec",
        owned_stack.container_id("nginx"),
        "curl",
        "-sS",
        "--max-time",
        "3",
        "telnet://checkin:6379",
        check=False,
    )
    assert tried.returncode != 0
    assert "resolve" in tried.stderr.lower(), tried.stderr
