"""Runs a coroutine to its end from synchronous test code, in a thread of its own: in a
session that also runs the browser tests, Playwright's sync API keeps an event loop running
in the main thread, where asyncio.run() refuses to start another."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    with ThreadPoolExecutor(max_workers=1) as runner:
        return runner.submit(asyncio.run, coroutine).result()
