"""Lesson 2: caching skips expensive work; the reruns still happen."""

import reprlib
import time
from collections import Counter

import streamlit as st

from lessonkit import code_panel, further_reading, lesson_page, note, pitfalls, predict_then_check


@st.cache_resource
def body_runs() -> Counter:
    """Server-wide tally of how often each expensive function body really ran."""
    return Counter()


def timed(function, *args):
    """Calls ``function`` and reports whether its body ran (a cache miss) and how long it took."""
    before = body_runs()[function.__name__]
    started = time.perf_counter()
    result = function(*args)
    took = time.perf_counter() - started
    outcome = "cache miss: computed" if body_runs()[function.__name__] > before else "cache hit: reused"
    shown = ", ".join(map(reprlib.repr, args))  # abbreviated: an argument may be a whole file
    note(f"{function.__name__}({shown}): {outcome} in {took:.2f} s")
    return result, f"{outcome} in {took:.2f} s"


with lesson_page(__file__) as lesson:
    lesson.section("problem")
    st.markdown(
        "Every rerun runs every line again, including the slow ones: a query, a download, a "
        "model that takes seconds to load. Caching does **not** stop the rerun: it lets a "
        "function skip its body when it has seen the same arguments before."
    )

    lesson.section("technique")
    with st.echo():

        def square(n: int) -> int:
            body_runs()["square"] += 1
            time.sleep(1.0)  # stands in for a slow query or computation
            return n * n

        @st.cache_data  # results are copied out: each caller gets its own copy
        def cached_square(n: int) -> int:
            body_runs()["cached_square"] += 1
            time.sleep(1.0)
            return n * n

        @st.cache_data(ttl=20)  # entries expire: computed again 20 s later
        def server_clock() -> str:
            return time.strftime("%H:%M:%S")

        @st.cache_data
        def cached_letters() -> list[str]:
            return ["a", "b", "c"]

        @st.cache_resource  # one shared object, not a copy: for models, connections…
        def guestbook() -> list[str]:
            return []

    lesson.section("side-by-side")
    n = st.slider("Square this number", 1, 10, 4, key="n")
    without_cache, with_cache = lesson.side_by_side("Plain function", "@st.cache_data")
    with without_cache:
        result, how = timed(square, n)
        st.write(f"{n}² = {result}: {how}")
        st.metric("Times the body ran", body_runs()["square"])
    with with_cache:
        result, how = timed(cached_square, n)
        st.write(f"{n}² = {result}: {how}")
        st.metric("Times the body ran", body_runs()["cached_square"])
    st.caption(
        "Both counters are for the whole server. Each rerun still costs a second because of "
        "the plain function on the left; the cached one only pays for a number it has not seen."
    )
    st.write(f"`server_clock()` (ttl 20 s) says it is **{server_clock()}**: rerun and watch it lag.")
    mine = cached_letters()
    mine.append("z")  # changes this caller's copy only
    st.write(
        f"`cached_letters()` after appending to the copy it gave us: **{cached_letters()}** (unchanged)."
    )

    st.subheader("Everyone shares the cache: sign the guestbook")
    with st.form("sign", clear_on_submit=True):
        signature = st.text_input("Your name", max_chars=30, key="signature")
        if st.form_submit_button("Sign") and signature.strip():
            guestbook().append(signature.strip())
            del guestbook()[:-20]  # keep the last 20: a shared object must stay bounded
    st.write("Signed by: " + (", ".join(guestbook()) or "nobody yet") + ".")
    st.caption(
        "`guestbook()` returns the same list object to every student on this server: ask a "
        "neighbour to sign and rerun. That is what `st.cache_resource` is for (a model, a "
        "connection) and why it must never hold one student's private data."
    )
    st.subheader("Your own file: kept for your session, parsed once")
    with st.echo():

        @st.cache_data(max_entries=20)  # keyed by the file's bytes: the same file is parsed once
        def summarize(data: bytes) -> dict:
            body_runs()["summarize"] += 1
            lines = data.decode("utf-8", errors="replace").splitlines()
            return {"lines": len(lines), "first line": lines[0] if lines else ""}

    upload = st.file_uploader("Upload a small text or CSV file", type=["csv", "txt"], key="upload")
    if upload is not None:
        data = upload.getvalue()
        summary, how = timed(summarize, data)
        st.write(f"**{upload.name}**: {summary['lines']} lines, {len(data)} bytes; `summarize`: {how}.")
        st.code(summary["first line"], language=None)
        st.download_button("Download it back", data, file_name=upload.name, key="download")
    st.caption(
        "The uploaded file stays in this server's memory for your session, so every rerun sees "
        "it without uploading again, and the download button serves it back from there; "
        "`summarize` only reads a file it has not seen before."
    )
    code_panel(timed)

    lesson.section("try-it")
    predict_then_check(
        "slider-twice",
        "move the slider to a new number, then back to the old one",
        explanation="Caching doesn't prevent reruns: each move is a full run. Only the body of "
        "`cached_square` was skipped for the number it had already seen.",
    )

    lesson.section("pitfalls")
    pitfalls(
        "Caches live in the server process, not in your session: every student shares them, "
        "and they survive page reloads. Never cache one user's private data without the user in "
        "the arguments.",
        "`st.cache_resource` hands out the same object: mutating it changes it for everyone, "
        "and it must be thread-safe. `st.cache_data` returns a fresh copy each time.",
        "Arguments are the cache key, so they must be hashable (prefix a parameter with `_` to "
        "leave it out). Bound memory with `ttl=` or `max_entries=`.",
    )

    lesson.section("reading")
    further_reading(
        {
            "Caching overview": "https://docs.streamlit.io/develop/concepts/architecture/caching",
            "st.cache_data": "https://docs.streamlit.io/develop/api-reference/caching-and-state/st.cache_data",
            "st.cache_resource": "https://docs.streamlit.io/develop/api-reference/caching-and-state/st.cache_resource",
        }
    )
