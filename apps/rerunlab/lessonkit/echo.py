"""``with echo():`` — st.echo's output, with the lesson's source parsed once per process.

st.echo (1.67, streamlit/commands/echo.py) walks the whole call stack, reads the script and
parses all of it with ``ast.parse`` on every call, so every run of a lesson with eight echo
blocks parsed its file eight times: under a class, the largest single cost of a rerun
(bench/RESULTS.md, "Where a rerun's CPU goes"). A lesson's file doesn't change while its
server runs (it is baked into the image; a changed file is parsed again), so the code shown
for each ``with`` line is worked out once. What the student sees is the same element st.echo
draws: ``st.code(code, "python")``, above the block's output (or below it).
"""

from __future__ import annotations

import ast
import contextlib
import functools
import os
import sys
import textwrap
import threading
from collections.abc import Iterator
from typing import Literal

import streamlit as st

_parsing = threading.Lock()  # sessions run in threads; parse each file once, not once per thread


@contextlib.contextmanager
def echo(code_location: Literal["above", "below"] = "above") -> Iterator[None]:
    """Draws the code inside the ``with`` block, then runs it (like ``st.echo``)."""
    caller = sys._getframe(2)  # 0: this generator, 1: contextmanager's __enter__, 2: the with
    filename, line = caller.f_code.co_filename, caller.f_lineno
    with _parsing:
        code = _blocks(filename, os.stat(filename).st_mtime_ns).get(line)
    if code is None:
        raise ValueError(f"echo(): no `with` statement starts at {filename}:{line}")
    placeholder = st.empty() if code_location == "above" else None
    yield
    (placeholder or st).code(code, "python")


@functools.lru_cache(maxsize=64)
def _blocks(filename: str, _mtime_ns: int) -> dict[int, str]:
    """line of each ``with`` statement in the file -> the code of its body, as st.echo shows it."""
    with open(filename, encoding="utf-8") as source:
        lines = source.readlines()
    blocks = {}
    for node in ast.walk(ast.parse("".join(lines), filename)):
        if isinstance(node, (ast.With, ast.AsyncWith)):
            first = node.body[0]
            start = min([first.lineno] + [d.lineno for d in getattr(first, "decorator_list", [])])
            blocks[node.lineno] = textwrap.dedent("".join(lines[start - 1 : node.end_lineno]))
    return blocks
