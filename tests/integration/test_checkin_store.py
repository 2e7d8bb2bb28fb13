"""apps/rerunlab/checkin.py against a real Valkey: a container of the stack's own store image,
started here on a loopback port of its own (the stack's store publishes none)."""

from __future__ import annotations

import logging
import time

import pytest
import valkey

from harness.docker import docker
from rerunlab import checkin


@pytest.fixture
def store(owned_stack):
    container = docker(
        "run", "-d", "--read-only", "--tmpfs", "/data", "--cap-drop", "ALL",
        "-p", "127.0.0.1::6379", owned_stack.image_of("checkin"),
    ).stdout.strip()  # fmt: skip
    try:
        port = docker("port", container, "6379/tcp").stdout.split(":")[-1].strip()
        client = valkey.Valkey(port=int(port))
        deadline = time.monotonic() + 20
        while True:
            try:
                client.ping()
                break
            except valkey.ConnectionError:
                assert time.monotonic() < deadline, docker("logs", container, check=False).stderr
                time.sleep(0.2)
        yield checkin.CheckinStore(f"valkey://127.0.0.1:{port}/0")
    finally:
        docker("rm", "-f", container, check=False)


def answer(browser: str, choice: str, right: bool | None, exercise: str = "three-clicks") -> checkin.Answer:
    return checkin.Answer("rerun-basics", exercise, "How many?", choice, right, browser, time.time())


def lock_and_check(store, browser: str, choice: str, right: bool, exercise: str = "three-clicks") -> None:
    assert store.record(answer(browser, choice, None, exercise)) == "shared"  # locked in
    assert store.record(answer(browser, choice, right, exercise)) == "shared"  # checked


def test_each_browser_counts_once_with_its_first_answer(store):
    for browser, choice, right in [("a", "1", True), ("b", "3", False), ("c", "3", False), ("b", "1", True)]:
        lock_and_check(store, browser, choice, right)
    assert store.record(answer("d", "2", None)) == "shared"  # locked in, not checked yet
    [summary] = store.summaries()
    assert (summary.answered, summary.checked, summary.right) == (4, 3, 1)
    assert (summary.common_wrong, summary.common_wrong_count) == ("3", 2)
    # Every answer is kept in the log, locked in and checked, the try again included.
    assert store.client.xlen(checkin.LOG_KEY) == 9
    locked = store.client.xrange(checkin.LOG_KEY)[-1][1]
    assert (locked["browser"], locked["right"]) == ("d", "")
    entry = store.client.xrange(checkin.LOG_KEY)[-2][1]
    assert entry == {
        "lesson": "rerun-basics", "exercise": "three-clicks", "choice": "1", "right": "1",
        "at": entry["at"], "browser": "b",
    }  # fmt: skip


def test_new_class_clears_every_answer(store):
    lock_and_check(store, "a", "1", True)
    lock_and_check(store, "a", "on", True, exercise="other")
    assert len(store.summaries()) == 2
    assert store.clear() >= 5
    assert store.summaries() == []
    assert store.client.keys("*") == []


def test_a_malformed_entry_is_skipped_and_logged_not_a_crash(store, caplog):
    lock_and_check(store, "a", "1", True)
    checked = checkin.CHECKED_PREFIX + "rerun-basics/three-clicks"
    store.client.hset(checked, "intruder", "{not json")
    store.client.hset(checked, "typed", '{"choice": 3, "right": "yes"}')
    store.client.hset(checkin.QUESTIONS_KEY, "no-slash", '{"question": "?"}')
    store.client.hset(checkin.QUESTIONS_KEY, "forms/bad", "[1, 2]")
    with caplog.at_level(logging.WARNING, logger="rerunlab.checkin"):
        summaries = store.summaries()
    assert [(s.exercise, s.checked, s.right) for s in summaries] == [("three-clicks", 1, 1)]
    skipped = [r.getMessage() for r in caplog.records if "malformed" in r.getMessage()]
    assert len(skipped) >= 4, skipped  # each bad entry named in the log


def test_an_unreachable_store_answers_down_at_once_and_is_tried_again_later():
    store = checkin.CheckinStore("valkey://127.0.0.1:9/0")  # nothing listens on port 9
    assert store.record(answer("a", "1", True)) == "down"
    started = time.monotonic()
    assert store.record(answer("b", "1", True)) == "down"  # within RETRY_AFTER_S: not even tried
    assert time.monotonic() - started < 0.05
    with pytest.raises(checkin.StoreDown):
        store.summaries()
