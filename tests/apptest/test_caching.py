"""caching: reruns still happen, but a cached body runs once per argument.

Claims about one lesson script use the lesson; claims about how st.cache_* behaves in
general use a tiny script (AppTest.from_function). Every AppTest runs in the same test
session id, so claims about sessions (scope="session") are proven in the browser tests.
"""

import threading

import pytest
import streamlit as st
from streamlit.elements import spinner as spinner_element
from streamlit.runtime.caching.cache_errors import UnhashableParamError
from streamlit.testing.v1 import AppTest

from apptest_helpers import check, full_runs, not_judged, predict, texts, timeline

BODY_RUNS = "Times the body ran"


def body_runs(at) -> tuple[int, int]:
    """(plain, cached) body-run tallies, as shown in the two columns."""
    values = [int(m.value) for m in at.metric if m.label == BODY_RUNS]
    assert len(values) == 2
    return values[0], values[1]


@pytest.fixture
def cold_caches():
    """Caches are process-wide and outlive AppTest instances: start and end cold."""
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


def test_ca1_ca6_the_cached_body_runs_once_across_reruns(open_lesson):
    """Three runs of the lesson: all three happen, the plain body runs in each, the cached one once.

    Fails if caching stopped the reruns (fewer than 3 runs), or if the cached body ran again
    on a rerun with the argument it had already seen (like the plain one)."""
    at = open_lesson("caching")
    assert not at.exception
    for _ in range(2):
        at.run()
    assert full_runs(at) == 3  # the reruns still happen ...
    plain, cached = body_runs(at)
    assert plain == 3  # ... the plain function works every time ...
    assert cached == 1  # ... and the cached one must NOT run again
    assert "cached_square(4): cache hit: reused" in timeline(at)[0]
    assert "square(4): cache miss: computed" in timeline(at)[0]


def test_ca6_a_new_argument_is_a_miss_and_an_old_one_a_hit(open_lesson):
    """Fails if the cache held only the last argument (4 computed again after 7), or if a new
    argument were handed the old result (7 not computed)."""
    at = open_lesson("caching")
    at.slider(key="n").set_value(7).run()
    assert body_runs(at)[1] == 2
    assert "cached_square(7): cache miss" in timeline(at)[0]
    at.slider(key="n").set_value(4).run()
    assert body_runs(at)[1] == 2  # must NOT run again for 4
    assert "cached_square(4): cache hit" in timeline(at)[0]


def test_ca13_predict_two_runs_for_a_new_number_and_back(open_lesson):
    """Fails if caching skipped a rerun (the prediction of 2 runs refused), or if the body ran
    again for 4, a number it had already seen."""
    at = predict(open_lesson("caching"), "slider-twice", 2)
    cached_before = body_runs(at)[1]
    at.slider(key="n").set_value(9).run()
    at.slider(key="n").set_value(4).run()
    assert check(at, "slider-twice").startswith("Right")
    assert body_runs(at)[1] == cached_before + 1  # only 9 was computed; 4 must NOT be again


def test_ca2_ca15_cache_data_hands_out_copies(open_lesson):
    """Fails if st.cache_data handed out the stored object itself: the lesson's append to the
    value it got would show in the next call's value (and pile up run after run)."""
    at = open_lesson("caching")
    at.run()
    # The lesson appends to its copy on every run: the cached value must NOT change.
    assert "after appending to the copy it gave us: **['a', 'b', 'c']**" in texts(at)


def test_ca2_ca4_ca15_copies_from_cache_data_the_same_object_from_cache_resource(cold_caches):
    """Fails if st.cache_data returned the stored object (the same one twice), or if
    st.cache_resource returned a copy (a new object each call)."""

    def script():
        import streamlit as st

        @st.cache_data
        def data() -> list:
            return []

        @st.cache_resource
        def resource() -> list:
            return []

        st.write(f"data: {data() is data()}, resource: {resource() is resource()}")

    at = AppTest.from_function(script).run()
    assert not at.exception
    assert at.markdown[0].value == "data: False, resource: True"


def test_ca4_ca7_ca14_caches_are_shared_by_every_student(open_lesson):
    """Two AppTests of the lesson in one process (they share a session id: sessions apart are
    the browser test's).

    Fails if a global cache lived only as long as one script instance (the guestbook a new
    list for the second AppTest, or cached_square computed again)."""
    first = open_lesson("caching")
    first.text_input(key="signature").input("Ada")
    next(b for b in first.button if b.label == "Sign").click().run()
    second = open_lesson("caching")  # another AppTest on the same server process
    assert "Signed by: Ada." in texts(second)
    assert body_runs(second)[1] == 1  # the first one's cached result is reused, NOT computed again


def test_ca15_sessions_use_one_cached_resource_at_the_same_time(cold_caches):
    """Two scripts meet at a barrier that is the cached object itself: both must be inside
    it at once (they run concurrently, on different threads), or the wait times out.

    Fails if scripts ran one after another (the first would wait alone and time out), or if
    each got its own barrier object (neither wait would ever be met)."""

    def script():
        import threading

        import streamlit as st

        @st.cache_resource
        def meeting_point() -> threading.Barrier:
            return threading.Barrier(2)

        meeting_point().wait(timeout=10)
        st.write(f"met on thread {threading.get_ident()}")

    tests = [AppTest.from_function(script, default_timeout=15) for _ in range(2)]
    runners = [threading.Thread(target=at.run) for at in tests]
    for runner in runners:
        runner.start()
    for runner in runners:
        runner.join()
    assert all(not at.exception for at in tests), [at.exception for at in tests]
    threads = {at.markdown[0].value for at in tests}
    assert len(threads) == 2  # two threads, NOT one after the other on the same thread


def test_ca3_ca16_an_entry_expires_ttl_seconds_after_it_was_computed(cold_caches):
    """Fails if the ttl counted from the entry's last read (a read at 2.5 s would keep it until
    6.5 s), if an entry were computed again within its ttl, or if it outlived it."""

    def script():
        import time

        import streamlit as st

        @st.cache_data(ttl=4)
        def stamp() -> float:
            return time.monotonic()

        st.write(str(stamp()))

    at = AppTest.from_function(script).run()
    first = at.markdown[0].value
    # No state to poll in AppTest: the ttl is about time itself (a margin for a slow run).
    threading.Event().wait(2.5)
    at.run()
    assert at.markdown[0].value == first  # within the ttl: must NOT be computed again
    threading.Event().wait(1.7)  # over 4 s after it was computed, under 2 s after its last read
    at.run()
    assert at.markdown[0].value != first  # expired: computed again


def test_ca16_a_full_cache_drops_its_least_recently_used_entry(cold_caches):
    """Fails if a full cache dropped its oldest-computed entry (first in, first out: 1 would be
    pushed out by 3 although it was just read, and computed again), or did not drop any."""

    def script():
        import streamlit as st

        calls = st.session_state.setdefault("calls", [])

        @st.cache_data(max_entries=2)
        def double(n: int) -> int:
            calls.append(n)
            return 2 * n

        for n in st.session_state.get("ask", []):
            double(n)

    at = AppTest.from_function(script).run()
    # 1 and 2 fill the cache; reading 1 makes 2 the least recently used; 3 pushes 2 out.
    at.session_state["ask"] = [1, 2, 1, 3, 1, 2]
    at.run()
    assert at.session_state["calls"] == [1, 2, 3, 2]  # 1 must NOT be computed again


def test_ca16_an_argument_streamlit_cannot_hash_raises_unless_its_name_starts_with_an_underscore(
    cold_caches,
):
    """Fails if an argument Streamlit cannot hash were silently left out of the key (no error),
    or if a parameter named with a leading underscore were hashed (another lock, another entry;
    or the same error)."""

    def script():
        import threading

        import streamlit as st

        @st.cache_data
        def hashed(lock, n: int) -> int:
            return n

        @st.cache_data
        def left_out(_lock, n: int) -> str:
            return f"computed with lock {id(_lock)}"

        first = left_out(threading.Lock(), 1)
        second = left_out(threading.Lock(), 1)  # another lock: not part of the key
        st.write(f"same entry: {first == second}")
        hashed(threading.Lock(), 1)

    at = AppTest.from_function(script).run()
    assert at.markdown[0].value == "same entry: True"
    # The lock can't be hashed: the call must NOT be cached silently.
    assert [e.proto.type for e in at.exception] == [f"{UnhashableParamError.__module__}.UnhashableParamError"]
    assert "Cannot hash argument 'lock'" in at.exception[0].message


def test_the_upload_section_waits_for_a_file(open_lesson):
    at = open_lesson("caching")
    assert len(at.file_uploader) == 1
    # No file yet: nothing is summarized and nothing offered for download.
    assert not at.download_button
    assert "summarize(" not in timeline(at)[0]


def test_ca9_summarize_is_keyed_by_the_files_bytes_not_its_name(open_lesson):
    """Fails if the key included the file's name (the renamed file a miss), or if it ignored the
    content (other bytes under the same name a hit)."""
    at = open_lesson("caching")
    at.file_uploader(key="upload").set_value(("one.csv", b"a,b\n1,2\n", "text/csv")).run()
    assert "summarize(b'a,b\\n1,2\\n'): cache miss" in timeline(at)[0]
    at.file_uploader(key="upload").set_value(("two.csv", b"a,b\n1,2\n", "text/csv")).run()
    assert "summarize(b'a,b\\n1,2\\n'): cache hit" in timeline(at)[0]  # same bytes, another name
    at.file_uploader(key="upload").set_value(("two.csv", b"x\n", "text/csv")).run()
    assert "summarize(b'x\\n'): cache miss" in timeline(at)[0]  # same name, other bytes: NOT a hit


def test_ca12_a_download_button_reruns_on_click_unless_told_to_ignore(open_lesson):
    """The browser reads ``ignore_rerun`` off the button: false (the default) sends a click
    to the server as a trigger, which reruns the script; true only downloads. The browser
    test proves the lesson's click adds no run.

    Fails if a download button ignored clicks by default (``ignore_rerun`` set without
    ``on_click="ignore"``), or if the lesson's button were left to rerun."""

    def script():
        import streamlit as st

        st.download_button("Default", b"x", file_name="x.txt")
        st.download_button("Ignore", b"x", file_name="x.txt", on_click="ignore")

    at = AppTest.from_function(script).run()
    default, ignore = at.download_button
    assert not default.proto.ignore_rerun  # default: a click reruns
    assert ignore.proto.ignore_rerun
    lesson = open_lesson("caching")
    lesson.file_uploader(key="upload").set_value(("one.csv", b"a\n", "text/csv")).run()
    assert lesson.download_button(key="download").proto.ignore_rerun  # the lesson's must NOT rerun


def test_ca17_predict_the_cached_body_runs_once_for_4_7_4(open_lesson):
    """Fails if the body ran again for 4 on the way back (2 body runs), or the exercise's count
    disagreed with the page's own tally."""
    at = predict(open_lesson("caching"), "body-4-7-4", 1)
    cached_before = body_runs(at)[1]
    at.slider(key="n").set_value(7).run()
    at.slider(key="n").set_value(4).run()
    assert body_runs(at)[1] == cached_before + 1  # the page's own tally agrees
    verdict = check(at, "body-4-7-4")
    assert verdict.startswith(
        "Right: the timeline shows the body of `cached_square` ran 1 time(s) for 7 and 4."
    )


def test_predicting_two_body_runs_for_4_7_4_is_refused(open_lesson):
    at = predict(open_lesson("caching"), "body-4-7-4", 2)  # as if 4 were computed again
    at.slider(key="n").set_value(7).run()
    at.slider(key="n").set_value(4).run()
    verdict = check(at, "body-4-7-4")
    assert verdict.startswith(
        "The timeline shows the body of `cached_square` ran 1 time(s) for 7 and 4, not 2."
    )


def test_the_body_run_exercise_reads_the_cache_not_a_written_answer(open_lesson):
    at = open_lesson("caching")
    at.slider(key="n").set_value(7).run()  # 7 is now in the server's cache
    at.slider(key="n").set_value(4).run()
    at = predict(at, "body-4-7-4", 1)
    at.slider(key="n").set_value(7).run()
    at.slider(key="n").set_value(4).run()
    assert "cached_square(7): cache hit" in timeline(at)[1]
    # Must NOT happen: "1" accepted when 7 was already cached and the body never ran.
    verdict = check(at, "body-4-7-4")
    assert verdict.startswith(
        "The timeline shows the body of `cached_square` ran 0 time(s) for 7 and 4, not 1."
    )


def upload(at, name: str, data: bytes):
    return at.file_uploader(key="upload").set_value((name, data, "text/csv")).run()


def remove_upload(at):
    return at.file_uploader(key="upload").set_value(None).run()


def test_ca18_predict_the_same_file_again_is_a_cache_hit(open_lesson):
    """Fails if the cache key included the file's name or the upload itself (the same bytes,
    renamed, a miss), or the exercise judged another verdict for it."""
    at = upload(open_lesson("caching"), "one.csv", b"a,b\n1,2\n")
    at = predict(at, "same-file", "a cache hit")
    at = remove_upload(at)
    at = upload(at, "renamed.csv", b"a,b\n1,2\n")
    assert "`summarize`: cache hit" in texts(at)
    assert check(at, "same-file").startswith("Right: the page shows a cache hit. ")


def test_predicting_a_cache_miss_for_the_same_file_is_refused(open_lesson):
    at = predict(open_lesson("caching"), "same-file", "a cache miss")
    at = upload(at, "one.csv", b"x,y\n")
    at = remove_upload(at)
    at = upload(at, "one.csv", b"x,y\n")
    assert check(at, "same-file").startswith("The page shows a cache hit, not a cache miss. ")


def test_the_same_file_exercise_reads_what_the_page_shows(open_lesson):
    at = predict(open_lesson("caching"), "same-file", "a cache hit")
    at = upload(at, "one.csv", b"first\n")
    at = remove_upload(at)
    at = upload(at, "one.csv", b"other bytes\n")  # the same name, other bytes
    assert "`summarize`: cache miss" in texts(at)
    # Must NOT happen: a hit accepted when the page shows a miss.
    assert check(at, "same-file").startswith("The page shows a cache miss, not a cache hit. ")


def test_the_same_file_exercise_judges_nothing_before_the_file_is_back(open_lesson):
    at = upload(open_lesson("caching"), "one.csv", b"first\n")
    at = predict(at, "same-file", "no `summarize` line")
    at = remove_upload(at)  # removed, not uploaded again: the page shows no summarize line
    # Must NOT happen: half the action judged ("no summarize line" would look right).
    assert not_judged(at, "same-file").startswith("Not yet: upload a file, remove it")


def test_body_4_7_4_moved_with_arrow_keys_counts_the_body_for_7_and_4_only(open_lesson):
    """Fails if the exercise counted every cache miss of the action's runs: arrow keys send one
    value per press (4 → 7 passes 5 and 6), so a right answer of 1 would be marked wrong."""
    at = predict(open_lesson("caching"), "body-4-7-4", 1)
    for n in (5, 6, 7, 6, 5, 4):  # → three times, ← three times, as the keyboard sends them
        at.slider(key="n").set_value(n).run()
    verdict = check(at, "body-4-7-4")
    assert verdict.startswith(
        "Right: the timeline shows the body of `cached_square` ran 1 time(s) for 7 and 4."
    )


def test_ca16_streamlit_hashes_lists_dicts_and_dataframes_that_python_cannot(cold_caches):
    """Fails if the cache key took Python's hashable types: a list, a dict and a DataFrame
    (not hashable by hash()) are keys, equal contents the same entry, while an object of a
    plain class of your own (hashable by hash()) is refused; or if Streamlit did not fall back
    on pickle's hook: a class with its own ``__reduce__`` is hashed by what it returns."""

    def script():
        import pandas as pd
        import streamlit as st

        runs = st.session_state.setdefault("runs", [])

        @st.cache_data
        def count(items, options, frame) -> int:
            runs.append(1)
            return len(items) + len(options) + len(frame)

        count([1, 2], {"a": 1}, pd.DataFrame({"x": [1]}))
        count([1, 2], {"a": 1}, pd.DataFrame({"x": [1]}))  # equal contents: the same entry
        count([1, 3], {"a": 1}, pd.DataFrame({"x": [1]}))  # another list: another entry

        st.write(f"body ran {len(runs)} times")

        class Celsius:  # pickle's hook says how to rebuild it: Streamlit hashes what it returns
            def __init__(self, degrees):
                self.degrees = degrees

            def __reduce__(self):
                return (Celsius, (self.degrees,))

        @st.cache_data
        def warm(temperature) -> bool:
            runs.append(2)
            return temperature.degrees > 20

        warm(Celsius(25))
        warm(Celsius(25))  # another object, the same pickle: the same entry
        warm(Celsius(10))
        st.write(f"warm ran {runs.count(2)} times")

        class Point:  # a class of your own: hashable by hash(), not by Streamlit
            def __init__(self, x):
                self.x = x

        @st.cache_data
        def where(point) -> int:
            return point.x

        where(Point(1))

    at = AppTest.from_function(script, default_timeout=30).run()  # its first run imports pandas
    assert at.markdown[0].value == "body ran 2 times"
    assert at.markdown[1].value == "warm ran 2 times"
    assert [e.proto.type for e in at.exception] == [f"{UnhashableParamError.__module__}.UnhashableParamError"]
    assert "Cannot hash argument 'point'" in at.exception[0].message


def test_ca19_ca20_a_new_function_code_is_a_new_entry_but_a_global_read_is_not_in_the_key(
    cold_caches, tmp_path
):
    """Fails if a cached function's key left out its code (an edit would hand back the old
    result), or if it included a global the body reads (the stale result would not show)."""
    app = tmp_path / "app.py"
    source = """
import streamlit as st

FACTOR = st.session_state.get("factor", 10)


@st.cache_data
def scaled(n: int) -> int:
    return n * FACTOR  # BODY


st.write(f"scaled(2) = {scaled(2)}")
"""
    app.write_text(source)
    at = AppTest.from_file(str(app)).run()
    assert at.markdown[0].value == "scaled(2) = 20"
    at.session_state["factor"] = 100  # the global the body reads changes: not in the key
    at.run()
    assert at.markdown[0].value == "scaled(2) = 20"  # stale: must NOT be 200
    app.write_text(source.replace("n * FACTOR  # BODY", "n * FACTOR + 1  # BODY"))
    at.run()
    assert at.markdown[0].value == "scaled(2) = 201"  # new code: a new entry, computed anew


def coins(at) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("10 € = "))


def test_ca20_ca21_the_lessons_coins_go_stale_until_cleared(open_lesson):
    """Fails if the global the body reads were part of the key (the new rate at once), if
    ``clear(10)`` dropped more than the entry for 10 (20 € computed anew too), or if ``clear()``
    left an entry (20 € still at the old rate)."""
    at = open_lesson("caching")
    assert coins(at) == "10 € = **20** coins, 20 € = **40** coins"
    at.number_input(key="rate").set_value(3).run()
    assert coins(at) == "10 € = **20** coins, 20 € = **40** coins"  # stale: must NOT be 30 and 60
    at.button(key="clear_ten").click().run()
    assert coins(at) == "10 € = **30** coins, 20 € = **40** coins"  # only 10's entry dropped
    at.button(key="clear_all").click().run()
    assert coins(at) == "10 € = **30** coins, 20 € = **60** coins"


def test_ca21_clear_with_arguments_drops_that_entry_and_without_every_entry(cold_caches):
    """Fails if ``f.clear(1)`` dropped every entry of ``f`` (2 computed again) or none (1 not
    computed again), or if ``f.clear()`` left an entry."""

    def script():
        import streamlit as st

        calls = st.session_state.setdefault("calls", [])

        @st.cache_data
        def double(n: int) -> int:
            calls.append(n)
            return 2 * n

        double(1), double(2)
        clear = st.session_state.get("clear")
        if clear == "one":
            double.clear(1)
        elif clear == "all":
            double.clear()
        double(1), double(2)

    at = AppTest.from_function(script).run()
    assert at.session_state["calls"] == [1, 2]
    at.session_state["clear"] = "one"
    at.run()
    assert at.session_state["calls"] == [1, 2, 1]  # 2 must NOT be computed again
    at.session_state["clear"] = "all"
    at.session_state["calls"] = []
    at.run()
    assert at.session_state["calls"] == [1, 2]


def test_ca22_cache_data_clear_and_cache_resource_clear_each_empty_their_own(cold_caches):
    """Fails if ``st.cache_data.clear()`` left a function's entries (global or session-scoped)
    or emptied ``st.cache_resource`` too, or the other way round."""

    def script():
        import streamlit as st

        calls = st.session_state.setdefault("calls", [])

        @st.cache_data
        def data() -> int:
            calls.append("data")
            return 1

        @st.cache_data(scope="session")
        def mine() -> int:
            calls.append("mine")
            return 1

        @st.cache_resource
        def resource() -> int:
            calls.append("resource")
            return 1

        clear = st.session_state.get("clear")
        if clear == "data":
            st.cache_data.clear()
        elif clear == "resource":
            st.cache_resource.clear()
        data(), mine(), resource()

    at = AppTest.from_function(script).run()
    assert at.session_state["calls"] == ["data", "mine", "resource"]
    at.session_state["clear"] = "data"
    at.session_state["calls"] = []
    at.run()
    assert at.session_state["calls"] == ["data", "mine"]  # the resource must NOT be built again
    at.session_state["clear"] = "resource"
    at.session_state["calls"] = []
    at.run()
    assert at.session_state["calls"] == ["resource"]


def test_ca23_hash_funcs_hashes_what_the_function_returns(cold_caches):
    """Fails if ``hash_funcs`` were ignored (the argument still refused as unhashable), or if
    the key were not what the function returns (another object with the same id a new entry,
    another id the same entry)."""

    def script():
        import streamlit as st

        runs = st.session_state.setdefault("runs", [])

        class Connection:  # a plain class: Streamlit can't hash it on its own
            def __init__(self, name):
                self.name = name

        @st.cache_data(hash_funcs={Connection: lambda connection: connection.name})
        def rows(connection) -> str:
            runs.append(connection.name)
            return f"rows of {connection.name}"

        rows(Connection("a")), rows(Connection("a")), rows(Connection("b"))

    at = AppTest.from_function(script).run()
    assert not at.exception
    assert at.session_state["runs"] == ["a", "b"]


def test_ca24_a_slow_miss_shows_a_spinner_a_hit_none(cold_caches, monkeypatch):
    """Records the spinners the run sends to the page (the element is transient: AppTest's
    tree keeps no trace of it).

    Fails if a hit showed a spinner too, if a miss quicker than half a second flashed one, if
    ``show_spinner`` did not set its text, or if ``show_spinner=False`` still showed one."""
    sent = []
    enqueue = spinner_element.enqueue_message

    def recorded(message):
        if message.delta.new_transient.elements:
            sent.extend(element.spinner.text for element in message.delta.new_transient.elements)
        enqueue(message)

    monkeypatch.setattr(spinner_element, "enqueue_message", recorded)
    at = AppTest.from_string(
        """
import time

import streamlit as st


@st.cache_data
def cached_square(n: int) -> int:
    time.sleep(0.8)
    return n * n


@st.cache_data(show_spinner="Squaring…")
def told(n: int) -> int:
    time.sleep(0.8)
    return n * n


@st.cache_data(show_spinner=False)
def quiet(n: int) -> int:
    time.sleep(0.8)
    return n * n


@st.cache_data
def quick(n: int) -> int:
    return n * n


cached_square(2), told(2), quiet(2), quick(2)
""",
        default_timeout=15,
    ).run()
    assert not at.exception
    assert sent == ["Running `cached_square(...)`.", "Squaring…"]
    at.run()
    assert sent == ["Running `cached_square(...)`.", "Squaring…"]  # hits: must NOT show one


def stale_coins(at, prediction: int, rate: int = 3):
    at = predict(at, "stale-coins", prediction)
    at.number_input(key="rate").set_value(rate).run()
    return at.button(key="clear_ten").click().run()


def test_ca25_predict_the_stale_20_euros_after_clearing_10(open_lesson):
    """Fails if the exercise read 20 € at the new rate (it shows the old entry), or refused
    the value the page shows."""
    at = stale_coins(open_lesson("caching"), 40)
    assert coins(at) == "10 € = **30** coins, 20 € = **40** coins"
    assert check(at, "stale-coins").startswith("Right: the page shows 20 € = 40 coins. ")


def test_predicting_the_new_rate_for_20_euros_is_refused(open_lesson):
    at = stale_coins(open_lesson("caching"), 60)
    assert check(at, "stale-coins").startswith("The page shows 20 € = 40 coins, not 60. ")


def test_the_stale_coins_exercise_judges_the_run_its_clear_caused(open_lesson):
    at = stale_coins(open_lesson("caching"), 40)
    at.button(key="clear_all").click().run()  # after the action: 20 € now at the new rate
    assert coins(at) == "10 € = **30** coins, 20 € = **60** coins"
    # Must NOT happen: the latest run judged instead of the one the clear(10) click caused.
    assert check(at, "stale-coins").startswith("Right: the page shows 20 € = 40 coins. ")


def test_the_stale_coins_exercise_judges_nothing_before_the_clear(open_lesson):
    at = predict(open_lesson("caching"), "stale-coins", 40)
    at.button(key="clear_ten").click().run()  # cleared, but with the rate unchanged
    at.number_input(key="rate").set_value(3).run()  # changed, but not cleared since
    # Must NOT happen: half the action judged.
    assert not_judged(at, "stale-coins").startswith("Not yet: change Coins per euro")
