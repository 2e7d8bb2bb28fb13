"""Lesson 6: caching skips expensive work; the reruns still happen."""

import time
from collections import Counter

import streamlit as st

from lessonkit import lesson_page

runs = lesson_page(__file__)

st.markdown(
    "Caching does not stop reruns: the script still runs top to bottom. What it skips "
    "is the *work* inside a cached function when it has seen the same arguments before."
)


@st.cache_resource
def body_runs() -> Counter:
    """Server-wide tally of how often each expensive function body really ran."""
    return Counter()


with st.echo():

    def expensive_square(n: int, tally: str) -> int:
        body_runs()[tally] += 1
        time.sleep(1.0)  # stands in for a slow query, download or model call
        return n * n

    @st.cache_data
    def cached_square(n: int) -> int:
        return expensive_square(n, "cached")

    @st.cache_resource
    def shared_model() -> dict:
        time.sleep(1.0)  # stands in for loading a big model once per server
        return {"loaded_at": time.strftime("%H:%M:%S")}


n = st.slider("Square this number", 1, 10, 4)
without_cache, with_cache = st.columns(2)

with without_cache:
    st.subheader("Without a cache")
    started = time.perf_counter()
    result = expensive_square(n, "uncached")
    st.write(f"{n}² = {result}, computed in {time.perf_counter() - started:.2f} s")
    st.metric("Times the body ran", body_runs()["uncached"])

with with_cache:
    st.subheader("With st.cache_data")
    before = body_runs()["cached"]
    started = time.perf_counter()
    result = cached_square(n)
    outcome = "cache miss: computed" if body_runs()["cached"] > before else "cache hit: reused"
    st.write(f"{n}² = {result}, {outcome} in {time.perf_counter() - started:.2f} s")
    st.metric("Times the body ran", body_runs()["cached"])

st.subheader("st.cache_resource: one object for everybody")
model = shared_model()
st.write(
    f"The shared model was loaded at **{model['loaded_at']}**. Every rerun, and every "
    "other student on this server, gets this very same object."
)
st.warning(
    "Caches live in the server process, not in your session: all students share them. "
    "Never put one student's private data in a cache, and never mutate what "
    "`st.cache_resource` returns unless you mean everyone to see the change."
)
