"""Counting fragment runs apart from full runs."""

from __future__ import annotations

from contextlib import contextmanager

from rerunlab.lessonkit import timeline as tl
from rerunlab.lessonkit.page import draw_run_strip


@contextmanager
def fragment_run(name: str):
    """Wrap a fragment's body: records the run in the timeline and yields its count.

    Inside a full run the fragment runs as part of the script and is not counted apart.
    Either way it draws the run strip (page.py), a container outside the fragment: Streamlit
    lets a fragment-only run write there only if the fragment wrote there in the last full
    run too, so it does so first thing, before the body can stop it. (Not for a
    ``parallel=True`` fragment: Streamlit lets those write nowhere outside themselves.)
    """
    if not tl.is_fragment_run():
        draw_run_strip()
        yield tl.timeline().fragment_counts.get(name, 0)
        return
    run = tl.start_run("fragment", fragment=name)
    draw_run_strip()  # the count goes up as the run starts, like the full-run counter's
    try:
        yield tl.timeline().fragment_counts[name]
    except BaseException as exc:
        tl.end_run(run, exc)
        raise
    tl.end_run(run, None)
    draw_run_strip()  # … and the duration shows as it ends
