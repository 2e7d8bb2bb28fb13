"""Counting fragment runs apart from full runs."""

from __future__ import annotations

from contextlib import contextmanager

from rerunlab.lessonkit import timeline as tl


@contextmanager
def fragment_run(name: str):
    """Wrap a fragment's body: records the run in the timeline and yields its count.

    Inside a full run the fragment runs as part of the script and is not counted apart.
    """
    if not tl.is_fragment_run():
        yield tl.timeline().fragment_counts.get(name, 0)
        return
    run = tl.start_run("fragment", fragment=name)
    try:
        yield tl.timeline().fragment_counts[name]
    except BaseException as exc:
        tl.end_run(run, exc)
        raise
    tl.end_run(run, None)
