"""A deliberately slow step, so that every rerun is felt."""

import time

import streamlit as st

from rerunlab.lessonkit.timeline import note


def slow_step(seconds: float, what: str = "Loading data") -> float:
    """Sleeps ``seconds`` under a spinner and notes it in the timeline. Returns the time taken."""
    started = time.perf_counter()
    with st.spinner(f"{what}… (this takes {seconds:g} s on every run)"):
        time.sleep(seconds)
    took = time.perf_counter() - started
    note(f"slow step {took:.1f} s")
    return took
