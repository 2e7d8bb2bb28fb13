""" "Predict, then check": the student locks in a prediction, does what the exercise says,
presses Check, and the lesson compares the prediction with what really happened in this
session — read from its state and its timeline, never from an answer written in the lesson.

Two kinds of question: what the page will show (a value, whether something survives, which
element appears: ``about="output"``) and how many runs an action causes (``about="runs"``,
see ``predict_then_check``). The answer is a number, or one of ``choices``.

Every answer locked in, and again once checked, is shared with the teacher's check-in view
(rerunlab.checkin), anonymously; when the store is down the exercise still checks here and
says it was not shared.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

import streamlit as st

from rerunlab import checkin
from rerunlab.lessonkit import timeline as tl

LOCK_LABEL = "Lock in my prediction"
CHECK_LABEL = "Check"
RETRY_LABEL = "Try again"
AFFINITY_COOKIE = "rerunlab_affinity"  # nginx.conf gives every browser a random one
SHARED_NOTE = ":material/groups: Shared with your teacher's check-in, anonymously (no name, no address)."
NOT_SHARED_NOTE = (
    ":material/cloud_off: Not shared with the class: the class check-in is unavailable right now. "
    "Your answer was still checked here."
)


NOT_YET = (
    "Not yet: {action}, then press **Check**. Check compares your prediction with the run your action causes."
)
STILL_RUNNING = (
    "The run your last step caused was still running when you pressed **Check**, and your click "
    "cut it short (a new interaction stops the run in progress), so the page never finished showing "
    "it. Do the last step again, wait until the page has finished, then press **Check**."
)


_NOTHING = object()


class NotShown(LookupError):
    """None of the action's runs got as far as drawing what the exercise reads."""


@dataclass(frozen=True)
class Acted:
    """What the student did between locking in and pressing Check, from the session's timeline:
    ``runs``, the runs their actions caused (the lock-in click's own run and the runs of the
    kit's buttons left out), session state as text ``before`` (at lock-in) and ``now`` (at
    Check), and what ``snapshot`` returned at lock-in."""

    snapshot: Any
    runs: tuple[tl.Run, ...]
    before: dict[str, str]
    now: dict[str, str]

    def clicks(self, key: str) -> int:
        """Runs that a click on the button (or the submit) with this key caused: it is True in
        its click's run. Clicks on one button made while a run was queued count once: Streamlit
        merges them into one trigger."""
        return sum(run.state.get(key) == "True" for run in self.runs)

    def changed(self, key: str) -> bool:
        """The widget (or state) with this key holds another value than at lock-in."""
        return self.now.get(key) != self.before.get(key)

    def ran_with(self, key: str, value: str) -> list[tl.Run]:
        """The action's runs that started with this key at this value (as text: ``"7"``)."""
        return [run for run in self.runs if run.state.get(key) == value]

    def shown(self, name: str, default: Any = _NOTHING) -> Any:
        """What the newest of the action's runs that drew ``name`` recorded (record_shown): what
        the page shows there. Without a ``default``, NotShown when none of them drew it."""
        for run in reversed(self.runs):
            if name in run.shown:
                return run.shown[name]
        if default is _NOTHING:
            raise NotShown(name)
        return default

    def counted(self, counts: str = "full") -> int:
        """The action's full runs, or with a fragment's name its runs on its own."""
        if counts == "full":
            return sum(run.kind == "full" for run in self.runs)
        return sum(run.kind == "fragment" and run.fragment == counts for run in self.runs)


def _cut_by_this_check(runs: tuple[tl.Run, ...], timeline: tl.Timeline) -> bool:
    """The newest run is one the action caused, and it had not finished when Check was clicked:
    that click stops it (runner.fastReruns) before it draws the rest of its page."""
    if not runs or not timeline.runs or runs[-1] is not timeline.runs[-1]:
        return False
    newest = runs[-1]
    return newest.duration is None and newest.ending in ("", tl.ENDED_BY_NEWER_RUN, tl.ENDED_BY_RERUN_REQUEST)


@dataclass(frozen=True)
class Exercise:
    """One predict-then-check block.

    ``question`` is what to predict ("What will the top line show after one Increment
    click?"), ``action`` what to do once the answer is locked ("click Increment once").
    ``snapshot`` runs when the answer is locked in (a callback: before the lock click's own
    run) and may return anything ``truth`` needs, such as a counter's value at that moment.
    When Check is pressed (also a callback: before that click's own run), ``done(acted)`` says
    whether the student did the action (True, or False, or a sentence saying what is missing):
    until then nothing is judged, so doing nothing is never right. Then ``truth(acted)``
    returns what really happened in the runs the action caused — a number, or one of
    ``choices`` (``acted`` is an ``Acted``). ``outcome`` phrases it for the verdict, with ``{}``
    where the truth goes: "the top line shows {}". ``why`` explains, usually a ``claim(...)``.
    """

    key: str
    question: str
    action: str
    truth: Callable[[Acted], int | str]
    outcome: str
    done: Callable[[Acted], bool | str]
    why: str = ""
    choices: tuple[str, ...] = ()
    snapshot: Callable[[], Any] = lambda: None
    about: Literal["output", "runs"] = "output"

    def __post_init__(self) -> None:
        if "{}" not in self.outcome:
            raise ValueError(f"exercise {self.key!r}: outcome needs a {{}} where the real answer goes")
        if self.choices and len(set(self.choices)) != len(self.choices):
            raise ValueError(f"exercise {self.key!r}: choices must be different from each other")


@dataclass(frozen=True)
class Verdict:
    prediction: int | str
    actual: int | str

    @property
    def right(self) -> bool:
        return self.prediction == self.actual


def predict(exercise: Exercise) -> Verdict | None:
    """Draws the exercise; returns the verdict once the student has pressed Check."""
    ex = exercise
    state = st.session_state.setdefault(f"_lessonkit_exercise_{ex.key}", {})
    guess_key = f"_lessonkit_guess_{ex.key}"

    def lock_in() -> None:
        guess = st.session_state.get(guess_key)
        state.clear()
        if guess is None:  # a multiple choice left empty
            state["missing"] = True
            return
        state["prediction"] = guess
        state["snapshot"] = ex.snapshot()
        # The lock click's own run is the next one; the action's runs come after it.
        state["lock_run"] = len(tl.timeline().runs) + 1
        state["before"] = tl.shown_state()
        _share(ex, guess, right=None)

    def check() -> None:
        timeline = tl.timeline()
        runs = tuple(run for run in timeline.runs if run.number > state["lock_run"] and not run.kit_click)
        acted = Acted(state["snapshot"], runs, state["before"], tl.shown_state())
        cut_short = _cut_by_this_check(runs, timeline)
        # A run cut short drew part of its page: judged by what it drew if the exercise reads a
        # record (record_shown), refused if it reads none (it would read a later state).
        if ex.about == "output" and cut_short and not runs[-1].shown:
            state["not_yet"] = STILL_RUNNING
            return
        done = ex.done(acted)
        if done is not True:
            state["not_yet"] = done or NOT_YET.format(action=ex.action)
            return
        try:
            actual = ex.truth(acted)
        except NotShown:  # no run of the action drew it: the page never showed the action's result
            state["not_yet"] = STILL_RUNNING if cut_short else NOT_YET.format(action=ex.action)
            return
        state.pop("not_yet", None)
        if ex.choices and actual not in ex.choices:
            raise ValueError(f"exercise {ex.key!r}: truth returned {actual!r}, not one of its choices")
        state["verdict"] = Verdict(state["prediction"], actual)
        state["shared"] = _share(ex, state["prediction"], right=state["verdict"].right)

    with st.container(border=True, key=f"exercise-{ex.key}"):
        st.markdown(f"**Predict, then check:** {ex.question}")
        if "prediction" not in state:
            with st.form(f"_lessonkit_predict_{ex.key}", border=False):
                if ex.choices:
                    st.radio("My prediction", ex.choices, index=None, key=guess_key)
                else:
                    # Negative too: a counter can be decremented below 0 (lesson 3).
                    st.number_input(
                        "My prediction", min_value=-999, max_value=999, value=0, step=1, key=guess_key
                    )
                st.form_submit_button(LOCK_LABEL, on_click=lock_in, key=f"_lessonkit_lock_{ex.key}")
            if state.get("missing"):
                st.warning("Pick an answer first, then lock it in.")
            return None
        verdict: Verdict | None = state.get("verdict")
        if verdict is None:
            st.markdown(
                f"You predicted **{state['prediction']}**. Now {ex.action}, then press **{CHECK_LABEL}**."
            )
            if state.get("not_yet"):
                st.warning(state["not_yet"], icon=":material/pending:")
            st.button(CHECK_LABEL, key=f"_lessonkit_check_{ex.key}", on_click=check)
        else:
            # Checked once: a second Check would read a page that the first Check's own run changed.
            st.markdown(f"You predicted **{state['prediction']}**.")
            said = ex.outcome.format(verdict.actual)
            if verdict.right:
                st.success(f"Right: {said}. {ex.why}")
            else:
                st.error(f"{said[:1].upper()}{said[1:]}, not {verdict.prediction}. {ex.why}")
            if state.get("shared") == "shared":
                st.caption(SHARED_NOTE)
            elif state.get("shared") == "down":
                st.caption(NOT_SHARED_NOTE)
            st.button(RETRY_LABEL, key=f"_lessonkit_retry_{ex.key}", on_click=state.clear)
        return verdict


def _share(ex: Exercise, prediction: int | str, right: bool | None) -> checkin.Shared:
    """Records an answer locked in (``right`` None) or checked in the class check-in, when
    the stack has one."""
    store = checkin.store()
    if store is None:
        return "off"
    answer = checkin.Answer(
        lesson=tl.timeline().lesson,
        exercise=ex.key,
        question=ex.question,
        choice=str(prediction),
        right=right,
        browser=_browser_id(),
        at=time.time(),
    )
    return store.record(answer)


def _browser_id() -> str:
    """The anonymous id of this browser: from nginx's affinity cookie, so that a student's
    tabs and reconnects count once; without nginx (a lesson run on its own), this session's."""
    cookie = st.context.cookies.get(AFFINITY_COOKIE)
    if not cookie:
        cookie = st.session_state.setdefault("_lessonkit_browser", secrets.token_hex(16))
    return checkin.anonymous_browser_id(cookie)


def predict_then_check(
    key: str,
    action: str,
    *,
    done: Callable[[Acted], bool | str],
    fragment: str = "",
    explanation: str = "",
) -> Verdict | None:
    """How many runs will ``action`` cause? ``action`` says what to do, e.g. "click Increment twice".

    It counts full script runs, or with ``fragment`` the runs of that one fragment (as named
    in ``fragment_run``) on its own: another fragment's runs, a ``run_every`` tick
    included, are not part of the answer. Neither the lock-in click's run nor the Check
    click's run counts: both buttons act in callbacks, before their own run. ``done`` says
    whether the student did the action (see ``Exercise``). A run cut short still counts: it
    had started.
    """
    what = f"runs of the fragment `{fragment}` on its own" if fragment else "full script runs"
    counts = fragment or "full"
    # The lock-in callback runs before the lock click's own full run, which is not part of the action.
    own_run = 1 if counts == "full" else 0
    return predict(
        Exercise(
            key=key,
            question=f"how many {what} will this cause? **{action}**",
            action=action,
            snapshot=lambda: _count(counts) + own_run,
            truth=lambda acted: _count(counts) - acted.snapshot,
            done=done,
            outcome=f"the timeline shows {{}} {what}",
            why=explanation,
            about="runs",
        )
    )


def _count(counts: str) -> int:
    timeline = tl.timeline()
    return timeline.full_runs if counts == "full" else timeline.fragment_counts.get(counts, 0)
