"""What the benchmarks know about the lessons, in one place.

The simulator finds every widget (and its id, form and fragment) in the deltas it
receives; nothing here names a widget. What it cannot see in the protocol is the time a
lesson *chooses* to spend sleeping, so that is declared here, next to where it comes from
in the lesson, and subtracted from measured latencies: the "server" figures measure
Streamlit, nginx and the machine, not a ``time.sleep`` the lesson put there to be felt.
The raw figures are reported as well.

Likewise, an exception a lesson raises on purpose (to show what an error does to a run) is
declared here, so that the simulator counts it as a note and every other exception as an
error.

If a lesson changes its deliberate sleeps, change this file: a run that finishes faster
than its declared sleep is reported as ``deliberate_delay_overstated``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rerunlab.catalog import load_catalog
from rerunlab.lessonkit import FULL_RUNS_LABEL


@dataclass(frozen=True)
class Deliberate:
    """Seconds a lesson sleeps on purpose in a run chain."""

    per_full_run: float = 0.0  # on every full run (never on a fragment run)
    # Seconds per occurrence of this text in the main area of the page drawn by the chain:
    # for sleeps that happen only sometimes and that the lesson reports on the page.
    per_marker: dict[str, float] = field(default_factory=dict)
    # Exceptions the lesson raises on purpose (text of their message): shown on the page
    # as an exception element, reported as a note, not as an error.
    exceptions: tuple[str, ...] = ()
    source: str = ""

    def is_deliberate_exception(self, message: str) -> bool:
        return any(text in message for text in self.exceptions)

    def seconds(self, full_runs: int, main_text: str) -> float:
        marked = sum(main_text.count(marker) * s for marker, s in self.per_marker.items())
        return self.per_full_run * full_runs + marked


DELIBERATE: dict[str, Deliberate] = {
    "rerun-basics": Deliberate(
        per_full_run=1.0,
        source="apps/rerun-basics/app.py: slow_step(1.0) on every full run",
    ),
    "caching": Deliberate(
        # square() sleeps 1 s on every run and cached_square() 1 s on a cache miss; the
        # page writes "cache miss: computed in … s" in the main area for each body that ran
        # (the sidebar's timeline repeats older runs' notes, so only the main area counts).
        per_marker={"cache miss": 1.0},
        source="apps/caching/app.py: square() every run, cached_square() on a miss, 1 s each",
    ),
    "buttons": Deliberate(
        # The Process button's work: 4 × 0.2 s, only in the run its click causes, which says so.
        per_marker={"0.8 s of work": 0.8},
        source="apps/buttons/app.py: the Process button sleeps PROCESS_SECONDS (0.8 s) in its click's run",
    ),
    "rerun-control": Deliberate(
        exceptions=("Raised on purpose",),
        source="apps/rerun-control/app.py: the 'Raise an error in this run' toggle raises RuntimeError",
    ),
    "during-a-rerun": Deliberate(
        # Only "Start a slow run" sleeps: 3 steps of time.sleep(1.0); each finished step writes
        # "Run #N: step k done" in the main area (the code panel has "step {step} done", no digit).
        per_marker={"step 1 done": 1.0, "step 2 done": 1.0, "step 3 done": 1.0},
        source="apps/during-a-rerun/app.py: time.sleep(STEP_SECONDS=1.0) per step of a slow run",
    ),
}

NO_DELIBERATE = Deliberate()

# The run counter the lesson kit draws at the top of every page: the simulator checks that it
# shows this session's number of full runs (sessions never see each other's state, and no run
# is lost, even under load).
RUN_COUNTER_LABEL = FULL_RUNS_LABEL


def deliberate(slug: str) -> Deliberate:
    return DELIBERATE.get(slug, NO_DELIBERATE)


def lesson_slugs() -> list[str]:
    """The lessons of the catalog, in learning order."""
    return [lesson.slug for lesson in load_catalog()]
