"""The rerun timeline of one browser session: every run, its time, duration and cause.

Everything lives in st.session_state, so each student sees their own runs. The cause of a
run is worked out with public APIs only: session-state values (keyed widgets and plain
state) are compared with how the previous run left them. A key that changed between runs
was changed by the browser (a widget) or by a callback, which runs before the script.
"""

from __future__ import annotations

import time
import traceback
import zlib
from dataclasses import dataclass, field
from typing import Any

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx
from streamlit.runtime.scriptrunner_utils.exceptions import RerunException, StopException

_STATE = "_lessonkit_timeline"
SHOWN_TYPES = (bool, int, float, str, type(None))
# Lists and dicts a lesson keeps in session state change during its runs (a run cut short
# included): not tracked, so they are never named as the cause of the next run. A widget's
# list or tuple (a multiselect, a range slider) is tracked: only the browser changes it.
PLAIN_CONTAINERS = (list, dict, tuple, set, frozenset)


@dataclass
class Run:
    number: int  # 1, 2, … in this session, full and fragment runs together
    kind: str  # "full" or "fragment"
    cause: str
    started: float = field(default_factory=time.time)
    duration: float | None = None  # None while running, or when cut short
    ending: str = ""  # "", how it was cut short (see end_run), or "error: …"
    notes: list[str] = field(default_factory=list)
    fragment: str = ""
    # Session state as the run found it (widget values, buttons True in their click's run),
    # shown as text; whether a kit button (an exercise's Lock in, Check, Try again) caused it;
    # and what the lesson recorded as drawn in it (record_shown), at the moment it drew it.
    state: dict[str, str] = field(default_factory=dict)
    kit_click: bool = False
    shown: dict[str, Any] = field(default_factory=dict)
    timeline: Timeline | None = field(default=None, repr=False, compare=False)


@dataclass
class Timeline:
    runs: list[Run] = field(default_factory=list)
    full_runs: int = 0
    fragment_runs: int = 0
    fragment_counts: dict[str, int] = field(default_factory=dict)
    snapshot: dict[str, str] | None = None  # shown values of session state after the last run
    earlier_snapshot: dict[str, str] = field(default_factory=dict)  # … and after the one before
    pending_cause: str = ""  # a cause announced by the previous run (e.g. st.rerun())
    start_snapshot: dict[str, str] | None = None  # session state as the current run found it
    start_buttons: set[str] | None = None  # the buttons' keys as the current run found them
    page: str = ""  # the page (st.navigation) the last run ran, by its script hash
    lesson: str = ""  # the lesson's slug (page.py), under which exercises share their answers
    current: Run | None = None
    # Where the run strip is drawn (page.py): st.empty() placeholders the last full run made,
    # which that run's fragments redraw on their own reruns.
    strip: tuple[Any, Any, Any] | None = field(default=None, repr=False, compare=False)

    def last(self, n: int) -> list[Run]:
        return self.runs[-n:]


def timeline() -> Timeline:
    if _STATE not in st.session_state:
        st.session_state[_STATE] = Timeline()
    return st.session_state[_STATE]


# How a value of another type (a file upload, a list, a date…) is written in a snapshot: its
# type, then a fingerprint of its repr, so that a change shows without printing the value.
OTHER_TYPE = "\x00"


def _shown_state() -> dict[str, str]:
    """Session state as text, leaving out the kit's own keys and the PLAIN_CONTAINERS no
    widget owns. A value too big to show is cut short; one of another type (a keyed file
    uploader's file, a multiselect's list) is kept as its type and a fingerprint: its key is
    still named when it changes."""
    shown = {}
    for key, value in st.session_state.to_dict().items():
        if isinstance(key, str) and key.startswith("_lessonkit"):
            continue
        if isinstance(value, SHOWN_TYPES):
            text = repr(value)
            shown[key] = text if len(text) <= 40 else text[:37] + "…"
        elif not isinstance(value, PLAIN_CONTAINERS) or _is_widget_key(key):
            fingerprint = zlib.crc32(repr(value).encode("utf-8", "replace"))
            shown[key] = f"{OTHER_TYPE}{type(value).__name__}{OTHER_TYPE}{fingerprint:08x}"
    return shown


def _is_widget_key(key: str) -> bool:
    """Whether a widget registered ``key`` in this session (Streamlit keeps the mapping
    while the key lasts); False if this Streamlit keeps it where the kit doesn't look."""
    ctx = get_script_run_ctx()
    try:
        return ctx.session_state._state.get_widget_id_from_key(key) is not None
    except AttributeError:
        return False


def _change(key: str, before: str | None, value: str) -> str:
    """One change, as the timeline writes it."""
    if value.startswith(OTHER_TYPE):  # a value not shown: its key and type
        return f"`{key}` = a new `{value.split(OTHER_TYPE)[1]}`"
    if before is None:
        return f"`{key}` = True" if value == "True" else f"`{key}` = `{value}`"
    if before.startswith(OTHER_TYPE):
        return f"`{key}` = `{value}`"
    return f"`{key}`: `{before}` → `{value}`"


# The kit's own buttons, by key prefix: a click on one is named, not "a widget without a key".
KIT_BUTTONS = {
    "_lessonkit_lock_": "the exercise's *Lock in my prediction* button",
    "_lessonkit_check_": "the exercise's *Check* button",
    "_lessonkit_retry_": "the exercise's *Try again* button",
}


def _kit_buttons_clicked() -> list[str]:
    state = st.session_state
    return [
        name
        for key in state
        if isinstance(key, str) and state[key] is True
        for prefix, name in KIT_BUTTONS.items()
        if key.startswith(prefix)
    ]


# The value types Streamlit gives a button-like widget: True (or its value) in its click's run only.
TRIGGER_TYPES = frozenset({"trigger_value", "string_trigger_value", "json_trigger_value"})


def _trigger_keys() -> set[str] | None:
    """The keys of the buttons (trigger widgets) Streamlit has registered in this session, or
    None if this Streamlit keeps them where the kit doesn't look (internal, read-only)."""
    ctx = get_script_run_ctx()
    try:
        state = ctx.session_state._state
        metadata = state._new_widget_state.widget_metadata
        mapper = state._key_id_mapper
        triggers = {wid for wid, meta in metadata.items() if meta.value_type in TRIGGER_TYPES}
        return {key for key in st.session_state.to_dict() if mapper.get_id_from_key(key) in triggers}
    except AttributeError:
        return None


def _changes_since_last_run(tl: Timeline) -> list[str]:
    if tl.snapshot is None:
        return []
    changes = []
    buttons = _trigger_keys()
    for key, value in _shown_state().items():
        before = tl.snapshot.get(key)
        if before is None:  # set between the runs: by a callback, or a widget's first True
            changes.append(_change(key, None, value))
        elif before == "False" and value == "True":  # a button clicked, or a box ticked
            changes.append(f"`{key}` = True")
        elif before == "True" and value == "False" and _fell_back(key, tl, buttons):
            continue  # a button falling back to False after its one True run: not an event
        elif before != value:
            changes.append(_change(key, before, value))
    return changes


def _as_the_next_run_finds_it(shown: dict[str, str], buttons: set[str] | None) -> dict[str, str]:
    """Session state at the end of a run as the next run finds it when no button is clicked: a
    button is True in its click's run only, and Streamlit sets it back to False once that run
    is over. Against this, a second click on the same button is a change like the first."""
    buttons = buttons or set()
    return {key: "False" if value == "True" and key in buttons else value for key, value in shown.items()}


def _fell_back(key: str, tl: Timeline, buttons: set[str] | None) -> bool:
    """Whether ``key`` going True → False is a button resetting, not a box unticked."""
    if buttons is not None:
        return key in buttons
    return tl.earlier_snapshot.get(key) != "True"  # True for one run only: most likely a button


def is_fragment_run() -> bool:
    """True while Streamlit runs only a fragment, not the whole script."""
    ctx = get_script_run_ctx()
    return bool(ctx and ctx.fragment_ids_this_run)


def current_page() -> tuple[str, str]:
    """The page this run runs (its script hash, and its title under st.navigation)."""
    ctx = get_script_run_ctx()
    if ctx is None:
        return "", ""
    info = ctx.pages_manager.get_pages().get(ctx.page_script_hash) or {}
    return ctx.page_script_hash, info.get("page_name", "")


def _cause(tl: Timeline, fragment: str = "") -> str:
    if tl.full_runs == 0 and not fragment:
        return "initial load"
    page, title = current_page()
    if tl.page and page != tl.page:
        # A page switch (menu, st.page_link or st.switch_page) changes no session state.
        tl.pending_cause = ""
        return f"page switch to *{title}*" if title else "page switch"
    if tl.snapshot is None:  # no run has finished yet (the first was cut short): compare with its start
        tl.snapshot = tl.start_snapshot
        changes = [
            _change(key, None, value) for key, value in _shown_state().items() if key not in tl.snapshot
        ]
    else:
        changes = _changes_since_last_run(tl)
    pending, tl.pending_cause = tl.pending_cause, ""
    if changes:
        return "changed before the run: " + ", ".join(changes)
    if pending:
        return pending
    kit = _kit_buttons_clicked()
    if kit:
        return ", ".join(kit)
    if fragment:
        return "run_every tick, a widget without a key, or st.rerun() naming it in a callback"
    return "a widget without a key"


def start_run(kind: str, fragment: str = "") -> Run:
    tl = timeline()
    cause = _cause(tl, fragment)
    tl.page = current_page()[0]
    tl.start_snapshot = _shown_state()
    tl.start_buttons = _trigger_keys()  # for end_run, when st.stop() leaves session state unreadable
    if kind == "full":
        tl.full_runs += 1
    else:
        tl.fragment_runs += 1
        tl.fragment_counts[fragment] = tl.fragment_counts.get(fragment, 0) + 1
    run = Run(
        number=len(tl.runs) + 1,
        kind=kind,
        cause=cause,
        fragment=fragment,
        state=tl.start_snapshot,
        kit_click=bool(_kit_buttons_clicked()),
        timeline=tl,
    )
    tl.runs.append(run)
    del tl.runs[:-200]  # bounded: a long class must not grow the session without end
    tl.current = run
    return run


def _called(exc: BaseException, command: str) -> bool:
    """Whether ``exc`` was raised inside st.<command>() (its frame is on the traceback).

    st.rerun() and st.stop() raise the same exceptions Streamlit uses to end a run that a
    newer interaction replaces (runner.fastReruns): only where they were raised tells them apart.
    """
    return any(
        frame.f_code.co_name == command and frame.f_code.co_filename.endswith("execution_control.py")
        for frame, _ in traceback.walk_tb(exc.__traceback__)
    )


# How a run cut short ended, shown in the timeline.
ENDED_BY_ST_RERUN = "cut short by st.rerun()"
ENDED_BY_ST_STOP = "stopped by st.stop()"
ENDED_BY_NEWER_RUN = "cut short: a newer interaction started a new run (runner.fastReruns)"
ENDED_BY_RERUN_REQUEST = "cut short by a rerun request"


def end_run(run: Run, exc: BaseException | None) -> None:
    """Records how the run ended; called on the way out, also when st.stop/st.rerun cut it short."""
    tl = run.timeline  # not st.session_state: while a stop or rerun is pending, touching it raises
    if tl.current is run:  # a run cut short by a newer one may end after the newer one started
        tl.current = None
    if isinstance(exc, RerunException):
        if _called(exc, "rerun"):
            run.ending = ENDED_BY_ST_RERUN
            tl.pending_cause = "st.rerun()"
        else:
            run.ending = ENDED_BY_RERUN_REQUEST
        return  # the next run compares with the last complete run's state
    if isinstance(exc, StopException):
        if _called(exc, "stop"):
            run.ending = ENDED_BY_ST_STOP
            run.duration = time.time() - run.started
            # It ran with these widget values: the next run compares with them (session state
            # itself can't be read while the stop is pending).
            tl.earlier_snapshot = tl.snapshot or {}
            tl.snapshot = _as_the_next_run_finds_it(run.state, tl.start_buttons)
        else:
            # With runner.fastReruns (on by default) a new interaction during a run stops
            # it and starts a new one: the next run shows what the student changed.
            run.ending = ENDED_BY_NEWER_RUN
        return
    if exc is not None:
        run.ending = f"error: {type(exc).__name__}"
    else:
        run.duration = time.time() - run.started
    tl.earlier_snapshot = tl.snapshot or {}
    tl.snapshot = _as_the_next_run_finds_it(_shown_state(), _trigger_keys())


def note(text: str) -> None:
    """Adds a note to the run in progress (e.g. "cache hit"), shown in the timeline."""
    current = timeline().current
    if current is not None:
        current.notes.append(text)


def record_shown(name: str, value: Any) -> None:
    """Records that the run in progress drew ``value`` as ``name`` (what a line of the page
    shows), at once: an exercise judges the run the student's action caused by what it drew,
    even if a later click cut that run short further down."""
    current = timeline().current
    if current is not None:
        current.shown[name] = value


def shown_state() -> dict[str, str]:
    """Session state as the timeline compares it between runs: values as text, kit keys left out."""
    return _shown_state()
