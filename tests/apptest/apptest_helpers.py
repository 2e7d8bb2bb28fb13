"""Reading what a student sees out of an AppTest run, and acting like one."""

import os
from pathlib import Path

from streamlit.testing.v1 import AppTest

from rerunlab.lessonkit import FULL_RUNS_LABEL as FULL_RUNS

# These suites also run inside each lesson's image (its `test` build target), where the
# lessons live in /app; RERUNLAB_APPS_DIR says where to find them.
APPS_DIR = Path(os.environ.get("RERUNLAB_APPS_DIR", Path(__file__).resolve().parents[2] / "apps"))

# Generous: a lesson's deliberately slow steps take about a second each.
RUN_TIMEOUT_S = 15


def metric(at: AppTest, label: str) -> str:
    """The value shown by the st.metric with this label (exactly one must exist)."""
    values = [m.value for m in at.main.metric if m.label == label]
    assert len(values) == 1, f"expected one metric {label!r}, found {len(values)}"
    return values[0]


def full_runs(at: AppTest) -> int:
    """The lesson kit's full-run counter, as the student sees it."""
    return int(metric(at, FULL_RUNS))


def texts(at: AppTest) -> str:
    """Everything written with st.write/st.markdown in the main area, one element per line."""
    return "\n".join(m.value for m in at.main.markdown)


def timeline(at: AppTest) -> list[str]:
    """The sidebar timeline's entries, newest first."""
    lines = "\n".join(m.value for m in at.sidebar.markdown).splitlines()
    return [line.removeprefix("- ") for line in lines if line.startswith("- **#")]


def predict(at: AppTest, exercise: str, guess: int | str) -> AppTest:
    """Locks in a prediction in one of the lesson's predict-then-check blocks: a number, or
    the text of one of its choices."""
    field = at.radio if isinstance(guess, str) else at.number_input
    field(key=f"_lessonkit_guess_{exercise}").set_value(guess)
    return at.button(key=f"_lessonkit_lock_{exercise}").click().run()


def check(at: AppTest, exercise: str) -> str:
    """Presses Check and returns the verdict the student reads."""
    at.button(key=f"_lessonkit_check_{exercise}").click().run()
    block = at.get_by_key(f"exercise-{exercise}")  # the exercise's own container
    verdicts = [s.value for s in block.success] + [e.value for e in block.error]
    assert len(verdicts) == 1, (verdicts, [w.value for w in block.warning])  # a warning: not judged
    return verdicts[0]


def not_judged(at: AppTest, exercise: str) -> str:
    """Presses Check and returns what the student reads instead of a verdict: Check judged
    nothing (no right, no wrong), and said what is still to do."""
    at.button(key=f"_lessonkit_check_{exercise}").click().run()
    block = at.get_by_key(f"exercise-{exercise}")
    verdicts = [v.value for v in [*block.success, *block.error]]
    assert not verdicts, verdicts
    warnings = [w.value for w in block.warning]
    assert len(warnings) == 1, warnings
    return warnings[0]
