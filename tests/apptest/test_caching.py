"""caching: reruns still happen, but the cached body runs once per argument."""

from apptest_helpers import full_runs

BODY_RUNS = "Times the body ran"


def body_runs(at) -> tuple[int, int]:
    """(uncached, cached) body-run tallies, as shown in the two columns."""
    values = [int(m.value) for m in at.metric if m.label == BODY_RUNS]
    assert len(values) == 2
    return values[0], values[1]


def test_the_cached_body_runs_once_across_reruns(open_lesson):
    at = open_lesson("caching")
    assert not at.exception
    for _ in range(2):
        at.run()
    assert full_runs(at) == 3  # the reruns still happen ...
    uncached, cached = body_runs(at)
    assert uncached == 3  # ... the plain function works every time ...
    assert cached == 1  # ... and the cached one must NOT run again
    assert any("cache hit: reused" in m.value for m in at.markdown)


def test_a_new_argument_is_a_cache_miss_and_an_old_one_a_hit(open_lesson):
    at = open_lesson("caching")
    at.slider[0].set_value(7).run()
    assert body_runs(at)[1] == 2
    assert any("cache miss: computed" in m.value for m in at.markdown)
    at.slider[0].set_value(4).run()
    assert body_runs(at)[1] == 2


def test_the_cache_is_shared_by_every_session(open_lesson):
    open_lesson("caching")
    other_student = open_lesson("caching")
    assert body_runs(other_student)[1] == 1  # the first student's result is reused
