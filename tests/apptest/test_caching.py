"""caching: reruns still happen, but a cached body runs once per argument."""

from apptest_helpers import full_runs, texts, timeline

BODY_RUNS = "Times the body ran"


def body_runs(at) -> tuple[int, int]:
    """(plain, cached) body-run tallies, as shown in the two columns."""
    values = [int(m.value) for m in at.metric if m.label == BODY_RUNS]
    assert len(values) == 2
    return values[0], values[1]


def test_the_cached_body_runs_once_across_reruns(open_lesson):
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


def test_a_new_argument_is_a_miss_and_an_old_one_a_hit(open_lesson):
    at = open_lesson("caching")
    at.slider(key="n").set_value(7).run()
    assert body_runs(at)[1] == 2
    assert "cached_square(7): cache miss" in timeline(at)[0]
    at.slider(key="n").set_value(4).run()
    assert body_runs(at)[1] == 2
    assert "cached_square(4): cache hit" in timeline(at)[0]


def test_cache_data_hands_out_copies(open_lesson):
    at = open_lesson("caching")
    at.run()
    # The lesson appends to its copy on every run: the cached value must NOT change.
    assert "after appending to the copy it gave us: **['a', 'b', 'c']**" in texts(at)


def test_caches_are_shared_by_every_student(open_lesson):
    first = open_lesson("caching")
    first.text_input(key="signature").input("Ada")
    next(b for b in first.button if b.label == "Sign").click().run()
    second = open_lesson("caching")  # another student: a new session, the same server
    assert "Signed by: Ada." in texts(second)
    assert body_runs(second)[1] == 1  # the first student's cached result is reused


def test_the_upload_section_waits_for_a_file(open_lesson):
    at = open_lesson("caching")
    assert len(at.get("file_uploader")) == 1
    # No file yet: nothing is summarized and nothing offered for download.
    assert not at.get("download_button")
    assert "summarize(" not in timeline(at)[0]
