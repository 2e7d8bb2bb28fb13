"""A short class of the classroom simulator (bench/classroom.py) through nginx.

A few students per lesson for a few seconds, each a real Streamlit session doing the
lesson's interactions. Correctness only: every rerun asked for got its script_finished
with the right status, nothing failed, every lesson of the catalog was used. Speed is
measured by the benchmarks (bench/), never asserted here.

The simulator runs as a user runs it, ``python -m bench.classroom … --json FILE``, and the
tests read its JSON report: no test imports bench/ (the tests share harness/ with it).
"""

import json
import subprocess
import sys

import pytest

from harness.protocol import FRAGMENT_OK, FULL_OK
from repo_layout import LESSONS, REPO

DURATION_S, TIMEOUT_S = 10, 20
# The class's own bound (bench.classroom waits duration + timeout + 30 s for its students),
# its warm-up page loads (one timeout at most) and the interpreter's start.
RUN_LIMIT_S = DURATION_S + TIMEOUT_S + 30 + TIMEOUT_S + 60


@pytest.fixture(scope="module")
def short_class(stack, tmp_path_factory) -> dict:
    report = tmp_path_factory.mktemp("classroom") / "class.json"
    command = [
        sys.executable,
        "-m",
        "bench.classroom",
        f"--url={stack.base_url}",
        f"--students={2 * len(LESSONS)}",
        f"--duration={DURATION_S}",
        "--ramp=2",
        "--think=1.0",
        f"--timeout={TIMEOUT_S}",
        "--progress=off",
        f"--json={report}",
    ]
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=RUN_LIMIT_S)
    if done.returncode == 2 and "is not a loopback address" in done.stderr:  # RERUNLAB_URL elsewhere
        pytest.skip(f"the simulator loads only loopback addresses: {done.stderr.strip()}")
    output = f"bench.classroom exited {done.returncode}:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    # Exit status 1 (errors in the class) still writes the report: the tests below say which.
    assert done.returncode in (0, 1), output
    assert report.is_file(), output
    return json.loads(report.read_text())


def test_every_rerun_finished_without_errors(short_class):
    overall = short_class["overall"]
    errors = {
        slug: (x["errors"], x["error_samples"]) for slug, x in short_class["lessons"].items() if x["errors"]
    }
    assert overall["error_count"] == 0, errors
    assert overall["warmup_errors"] == {}
    assert overall["unfinished_students"] == 0
    assert overall["reruns_finished"] == overall["reruns_sent"] > 0
    for slug, lesson in short_class["lessons"].items():
        assert lesson["reruns_finished"] == lesson["reruns_sent"], slug
        assert set(lesson["statuses"]) <= {FULL_OK, FRAGMENT_OK}, (slug, lesson["statuses"])
        assert lesson["sessions_held"] == lesson["students"], (slug, lesson["errors"])


def test_every_lesson_of_the_catalog_was_used(short_class):
    assert list(short_class["lessons"]) == [lesson.slug for lesson in LESSONS]
    for slug, lesson in short_class["lessons"].items():
        assert lesson["actions"] > 0, f"no student action in {slug}"


def test_clicks_inside_a_fragment_ran_only_the_fragment(short_class):
    fragment_runs = {slug: x["statuses"].get(FRAGMENT_OK, 0) for slug, x in short_class["lessons"].items()}
    assert sum(fragment_runs.values()) > 0, fragment_runs


def test_students_answered_exercises_and_every_answer_reached_the_class_check_in(short_class):
    """The simulator presses the exercises' Check buttons; the lessons say "shared"."""
    notes = short_class["overall"]["notes"]
    assert notes.get("answer_shared", 0) > 0, notes
    # Must NOT happen with the store up: an answer said not shared.
    assert notes.get("answer_not_shared", 0) == 0, notes
