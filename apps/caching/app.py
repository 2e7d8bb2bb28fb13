"""Lesson: caching skips expensive work; the reruns still happen."""

import reprlib
import time
from collections import Counter

import streamlit as st

from rerunlab.lessonkit import (
    Exercise,
    claim,
    code_panel,
    echo,
    further_reading,
    lesson_page,
    note,
    pitfalls,
    predict,
    predict_then_check,
    record_shown,
)
from rerunlab.lessonkit.exercises import NotShown


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


def misses(runs, call: str) -> int:
    """How often these runs' timeline notes say the body ran for ``call``, such as
    ``cached_square(7)``: the times it ran for this student's own runs."""
    return sum(note.startswith(f"{call}: cache miss") for run in runs for note in run.notes)


def called(runs, call: str) -> bool:
    """Whether one of these runs got as far as calling ``call`` (hit or miss)."""
    return any(note.startswith(f"{call}: ") for run in runs for note in run.notes)


def body_4_7_4_done(acted) -> bool | str:
    at_seven = acted.ran_with("n", "7")
    if acted.now.get("n") != "4" or not at_seven:
        return False
    if not called(at_seven, "cached_square(7)"):
        return (
            "The run for 7 never got as far as `cached_square(7)`: `square` takes a second first, and "
            "moving on within it cut that run short. Move to 7, wait for its result, then back to 4, "
            "then press **Check**."
        )
    return True


def same_file_done(acted) -> bool:
    """The action removed a file (a run with no summarize line) and then uploaded one again."""
    said = [run.shown["summary"] for run in acted.runs if "summary" in run.shown]
    return bool(said) and said[-1] is not None and None in said


def cleared_ten(acted) -> list:
    """The runs a click on `in_coins.clear(10)` caused after the rate was changed."""
    return [
        run
        for run in acted.runs
        if run.state.get("clear_ten") == "True" and run.state.get("rate") != acted.before.get("rate")
    ]


def coins_for_20(acted) -> int:
    """What the 20 € line showed in the run the clear(10) click caused (the last such click)."""
    shown = cleared_ten(acted)[-1].shown
    if "coins_20" not in shown:
        raise NotShown("coins_20")  # that run was cut short before the line
    return shown["coins_20"]


# What the summarize line said in the last run, for the exercise (None: no file, no line).
SUMMARY_SAID = {"cache hit": "a cache hit", "cache miss": "a cache miss", None: "no `summarize` line"}


with lesson_page(__file__) as lesson:
    lesson.section("problem")
    st.markdown(
        claim(
            "CA1",
            "Every rerun runs every line again, including the slow ones: a query, a download, a "
            "model that takes seconds to load. Caching does **not** stop the rerun: it lets a "
            "function skip its body when it has seen the same arguments before.",
        )
    )

    lesson.section("technique")
    with echo():

        def square(n: int) -> int:
            body_runs()["square"] += 1
            time.sleep(1.0)  # stands in for a slow query or computation
            return n * n

        @st.cache_data  # results are copied out: each caller gets its own copy [CA2]
        def cached_square(n: int) -> int:
            body_runs()["cached_square"] += 1
            time.sleep(1.0)
            return n * n

        @st.cache_data(ttl=20)  # an entry expires 20 s after it is computed [CA3]
        def server_clock() -> str:
            return time.strftime("%H:%M:%S")

        @st.cache_data
        def cached_letters() -> list[str]:
            return ["a", "b", "c"]

        @st.cache_resource  # one object for every session (a model, a connection) [CA4]
        def guestbook() -> list[str]:
            return []

        @st.cache_resource(scope="session")  # one object per session, dropped at each disconnect [CA5]
        def my_notes() -> list[str]:
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
        "Both counters are for this lesson's whole Streamlit server, every student in it. "
        + claim(
            "CA6",
            "Each rerun still costs a second because of the plain function on the left; the "
            "cached one only pays for a number it has not seen.",
        )
    )
    st.write(f"`server_clock()` (ttl 20 s) says it is **{server_clock()}**: rerun and watch it lag.")
    mine = cached_letters()
    mine.append("z")  # changes this caller's copy only
    st.write(
        f"`cached_letters()` after appending to the copy it gave us: **{cached_letters()}** (unchanged)."
    )

    st.subheader("Shared with everyone, or yours alone")
    shared, yours = st.columns(2)
    with shared:
        with st.form("sign", clear_on_submit=True):
            signature = st.text_input("Your name", max_chars=30, key="signature")
            if st.form_submit_button("Sign") and signature.strip():
                guestbook().append(signature.strip())
                del guestbook()[:-20]  # keep the last 20: a shared object must stay bounded
        st.write("Signed by: " + (", ".join(guestbook()) or "nobody yet") + ".")
        st.caption(
            claim(
                "CA7",
                "`guestbook()` hands every student of this Streamlit server the same list, and it "
                "outlives your session: ask a neighbour to sign, or reload the page.",
            )
        )
    with yours:
        with st.form("note", clear_on_submit=True):
            private = st.text_input("A private note", max_chars=30, key="private_note")
            if st.form_submit_button("Keep") and private.strip():
                my_notes().append(private.strip())
                del my_notes()[:-20]
        st.write("Your notes: " + (", ".join(my_notes()) or "none yet") + ".")
        st.caption(
            claim(
                "CA8",
                '`my_notes()` (`scope="session"`) gives each session its own list, which no '
                "neighbour sees. It is dropped whenever your connection drops, even if the page "
                "then rejoins the same session (a network blip) with your `st.session_state` "
                "intact, and at a reload.",
            )
        )

    st.subheader("Your own file: kept for your session, parsed once")
    with echo():

        @st.cache_data(max_entries=20)  # keyed by the bytes: the same file is parsed once [CA9]
        def summarize(data: bytes) -> dict:
            body_runs()["summarize"] += 1
            lines = data.decode("utf-8", errors="replace").splitlines()
            return {"lines": len(lines), "first line": lines[0] if lines else ""}

    upload = st.file_uploader("Upload a small text or CSV file", type=["csv", "txt"], key="upload")
    record_shown("summary", None)  # what the summarize line says in this run, for the exercise
    if upload is not None:
        data = upload.getvalue()
        summary, how = timed(summarize, data)
        record_shown("summary", how.split(":")[0])  # "cache hit" or "cache miss"
        st.write(f"**{upload.name}**: {summary['lines']} lines, {len(data)} bytes; `summarize`: {how}.")
        st.code(summary["first line"], language=None)
        with echo():
            st.download_button(
                "Download it back", data, file_name=upload.name, key="download", on_click="ignore"
            )
    st.caption(
        claim(
            "CA10",
            "The uploaded file stays in the server's memory for your session: every rerun reads it "
            "again without a new upload.",
        )
        + " "
        + claim(
            "CA11",
            "The download button serves the bytes this run handed it, from Streamlit's media "
            "files, not the upload itself.",
        )
        + " "
        + claim(
            "CA12",
            "A download button click reruns the whole script by default (here: another second for "
            '`square`); with `on_click="ignore"` the file downloads and nothing reruns.',
        )
    )
    code_panel(timed)

    st.subheader("When the cache goes stale")
    st.markdown(
        claim(
            "CA19",
            "The key is the arguments **and the function's source code**: edit the body and the "
            "next call computes anew.",
        )
        + " "
        + claim(
            "CA20",
            "What the body reads from outside, a global or `st.session_state`, is not part of "
            "the key: change it and the cache hands back the old result until you clear it.",
        )
    )
    with echo():
        rate = st.number_input("Coins per euro", 1, 9, 2, key="rate")

        @st.cache_data(scope="session")  # yours alone, like my_notes() above
        def in_coins(euros: int) -> int:
            return euros * rate  # reads the global `rate`

        if st.button("in_coins.clear(10)", key="clear_ten"):
            in_coins.clear(10)  # the entry for 10 only; clear() drops every entry [CA21]
        if st.button("in_coins.clear()", key="clear_all"):
            in_coins.clear()
        ten, twenty = in_coins(10), in_coins(20)
        st.write(f"10 € = **{ten}** coins, 20 € = **{twenty}** coins")
    record_shown("coins_20", twenty)
    st.caption(
        claim(
            "CA22",
            "`st.cache_data.clear()` empties every `st.cache_data` function's cache on the "
            "server, every session's; `st.cache_resource.clear()` does the same for "
            "`st.cache_resource`. Neither touches the other's.",
        )
        + " "
        + claim(
            "CA23",
            "For an argument Streamlit can't hash, `hash_funcs={YourType: function}` makes it "
            "hash what the function returns for it (an id, a version) instead.",
        )
        + " "
        + claim(
            "CA24",
            "A miss that takes over half a second shows a spinner while it computes, "
            '`Running cached_square(...).` (`show_spinner="your text"` for your own words, '
            "`show_spinner=False` for none); a hit shows none.",
        )
    )

    lesson.section("try-it")
    predict_then_check(
        "slider-twice",
        "move the slider one step (drag it, or press → once), then one step back",
        # Arrow keys send one value per press: one step each way is two values however it moves.
        done=lambda acted: acted.counted() >= 2 and not acted.changed("n"),
        explanation=claim(
            "CA13",
            "Caching doesn't prevent reruns: each move is a full run. Only the body of "
            "`cached_square` was skipped for the number it had already seen.",
        ),
    )
    predict(
        Exercise(
            key="body-4-7-4",
            question="move the slider from 4 to **7**, then back to **4**: how many times will the "
            "body of `cached_square` run for 7 and for 4, together?",
            action="move the slider from 4 to 7, then back to 4",
            done=body_4_7_4_done,
            # For 7 and 4 only: arrow keys also pass 5 and 6 on the way.
            truth=lambda acted: (
                misses(acted.runs, "cached_square(7)") + misses(acted.runs, "cached_square(4)")
            ),
            outcome="the timeline shows the body of `cached_square` ran {} time(s) for 7 and 4",
            why=claim(
                "CA17",
                "The body runs only for an argument the cache hasn't seen: once for 7, unless 7 was "
                "already asked for on this server; back at 4, the stored result is reused.",
            ),
        )
    )
    predict(
        Exercise(
            key="same-file",
            question="upload a small file, remove it (✕), then upload **the same file** again: what "
            "will the `summarize` line say?",
            action="upload a file, remove it, then upload the same file again",
            choices=tuple(SUMMARY_SAID.values()),
            done=same_file_done,
            truth=lambda acted: SUMMARY_SAID[acted.shown("summary")],  # what the last upload's run said
            outcome="the page shows {}",
            why=claim(
                "CA18",
                "`summarize` gets only the file's bytes, and `st.cache_data` keys results by the "
                "arguments: the same bytes again are a cache hit, whatever the file is called.",
            ),
        )
    )

    predict(
        Exercise(
            key="stale-coins",
            question="change **Coins per euro**, then press **in_coins.clear(10)**: what number "
            "will the page show for 20 €?",
            action="change Coins per euro, then press in_coins.clear(10)",
            done=lambda acted: bool(cleared_ten(acted)),
            truth=coins_for_20,
            outcome="the page shows 20 € = {} coins",
            why=claim(
                "CA25",
                "The rate is not part of the key, so `in_coins(20)` hands back the entry computed "
                "at the old rate; `clear(10)` dropped only the entry for 10.",
            ),
        )
    )

    lesson.section("pitfalls")
    pitfalls(
        claim(
            "CA14",
            'By default (`scope="global"`) a cache lives in the server process: every student it '
            "serves shares it (each replica of a lesson has its own), and it survives reloads. "
            'Keep one user\'s private data out of it: use `scope="session"` (a cache per session) '
            "or `st.session_state`.",
        ),
        claim(
            "CA15",
            "`st.cache_resource` hands out the same object: mutating a global one changes it for "
            "everyone, and sessions run their scripts at the same time on different threads, so "
            "it must be thread-safe. `st.cache_data` returns a fresh copy each time.",
        ),
        claim(
            "CA16",
            "Arguments are the cache key, hashed by Streamlit, not by Python's `hash()`: lists, "
            "dicts and DataFrames by their content, other objects by what pickle would save "
            "of them (their `__reduce__`). One it can't hash (a lock, an object of a plain "
            "class of your own) raises an error: prefix that parameter with `_` to leave it out "
            "of the key. Bound memory with `ttl=` (entries expire) or "
            "`max_entries=` (a full cache drops its least recently used entry).",
        ),
    )

    lesson.section("reading")
    further_reading(
        {
            "Caching overview": "https://docs.streamlit.io/develop/concepts/architecture/caching",
            "st.cache_data": "https://docs.streamlit.io/develop/api-reference/caching-and-state/st.cache_data",
            "st.cache_resource": "https://docs.streamlit.io/develop/api-reference/caching-and-state/st.cache_resource",
            "st.download_button": "https://docs.streamlit.io/develop/api-reference/widgets/st.download_button",
        }
    )
