"""One student's browser tab, speaking Streamlit 1.67's websocket protocol (asyncio).

What a browser does, and so what this does (sources: streamlit/runtime/app_session.py,
streamlit/runtime/fragment.py, streamlit/runtime/scriptrunner_utils/script_run_context.py
and the frontend's WidgetStateManager and App in streamlit/static/static/js/index.*.js):

- opens ``/<slug>/_stcore/stream`` with the ``streamlit`` subprotocol and an Origin equal
  to the Host (Streamlit refuses other origins with 403);
- asks for a run with ``BackMsg.rerun_script`` (a ``ClientState``) carrying the states of
  every widget on the page, and reads ``ForwardMsg``s until the run chain ends: every run
  starts with a ``new_session`` whose ``metadata.run.fragment_ids`` is empty for a full
  run, and ends with a ``script_finished``; ``FINISHED_EARLY_FOR_RERUN`` (``st.rerun()``)
  means another run follows, so the chain ends at the first other status (a run a
  callback's ``st.rerun()`` ends never reaches the script body, so the lesson's own run
  counter may count fewer runs than there were ``new_session``s);
- learns the widgets from the deltas: each widget's element proto carries its ``id`` and
  ``form_id``, and ``Delta.fragment_id`` is set on every delta written while a fragment
  (or a dialog, which is a fragment) runs, which tells which fragment a widget belongs to;
- keeps widget states as the frontend does: a widget reports its value when it mounts; a
  button sends ``trigger_value`` once; a widget in a form keeps its edits in the form until
  the form's submit button copies them over and sends them with its trigger; after a full
  run, states of widgets no longer on the page are dropped (``removeInactive``);
- a widget inside a fragment asks for a fragment run: ``ClientState.fragment_id`` is the
  widget's fragment, sent with the states of *all* widgets (``sendUpdateWidgetsMessage``);
- ``auto_rerun`` (a fragment's ``run_every``) starts a timer that asks for that fragment's
  run every ``interval`` seconds with ``is_auto_rerun``; ``stop_auto_rerun`` and every full
  run's ``new_session`` clear the timers (``cleanupAutoReruns``) until ``auto_rerun``
  comes again;
- while a dialog is open, only the widgets inside it can be used (it is modal).

Widget values use the wire types Streamlit registers for them (``value_type`` in
streamlit/elements/widgets/*.py): slider ``double_array_value`` (also for an int slider),
text input ``string_value``, radio ``string_value`` (the option), checkbox and toggle
``bool_value``, number input ``int_value``/``double_value``, buttons ``trigger_value``.

Not simulated: the frontend's forward-message cache (the browser lists the hashes of the
messages it has cached, so the server may send a reference instead of a big message: these
lessons' messages are small), static files, and the landing page's health polls.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import random
import time
from dataclasses import dataclass, field

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidStatus

from bench.lessons import RUN_COUNTER_LABEL, deliberate
from harness.streamlit_ws import stream_connection

FULL_OK = "FINISHED_SUCCESSFULLY"
FRAGMENT_OK = "FINISHED_FRAGMENT_RUN_SUCCESSFULLY"
EARLY = "FINISHED_EARLY_FOR_RERUN"
_STATUS_NAME = ForwardMsg.ScriptFinishedStatus.Name
MAIN = 0  # delta_path[0] of the main area (1 is the sidebar)

# Element types whose text the simulator reads (for the declared markers of bench/lessons.py).
_TEXT_ELEMENTS = ("markdown", "text", "alert", "heading")
# Widgets the simulator knows how to use; others on a page are left alone (and reported).
SUPPORTED_WIDGETS = ("button", "slider", "text_input", "text_area", "checkbox", "number_input", "radio")


class ConnectError(Exception):
    def __init__(self, kind: str, detail: str = ""):
        super().__init__(f"{kind}: {detail}")
        self.kind = kind


@dataclass
class Widget:
    id: str
    kind: str  # the Element oneof name: button, slider, text_input, ...
    label: str
    form_id: str
    fragment_id: str
    path: tuple[int, ...]
    proto: object  # the element's own message (Button, Slider, ...)

    @property
    def is_submit(self) -> bool:
        return self.kind == "button" and self.proto.is_form_submitter


@dataclass
class Entry:
    """What the page shows at one delta path."""

    fragment_id: str
    widget: Widget | None = None
    block: str = ""  # for a block: its kind (column, form, dialog, ...)
    open: bool = False  # for a dialog: is it open


@dataclass
class Action:
    name: str  # e.g. "click 'Add one click'", "move 'Pick a number'", "submit form 'my_form'"
    widget: Widget


@dataclass
class RunResult:
    action: str  # "page load", "auto-rerun (run_every)" or an Action's name
    requested_fragment: bool
    seconds: float  # from sending the rerun to receiving the chain's last script_finished
    deliberate: float = 0.0  # seconds of it the lesson sleeps on purpose (bench/lessons.py)
    status: str = ""  # the chain's last ScriptFinishedStatus name, "" if none arrived
    full_runs: int = 0  # runs in the chain (st.rerun() adds one)
    counter: int = 0  # the last value of the lesson's run counter drawn in the chain (0: none)
    fragment_runs: int = 0
    errors: list[str] = field(default_factory=list)  # error kinds; empty when all is well
    notes: list[str] = field(default_factory=list)  # not errors: e.g. a deliberate-delay mismatch
    details: list[str] = field(default_factory=list)  # what went wrong, e.g. an exception's message
    broken: bool = False  # the session can't go on (timeout, connection lost)
    messages: int = 0
    auto: bool = False

    @property
    def server_seconds(self) -> float:
        return max(0.0, self.seconds - self.deliberate)


class Browser:
    """One browser tab on one lesson: a Streamlit session of its own."""

    def __init__(
        self,
        base_url: str,
        slug: str,
        *,
        timeout: float = 30.0,
        name: str = "student",
        auth: str | None = None,
    ):
        self.slug = slug
        self.connection = stream_connection(base_url, slug, timeout)  # URL, Origin, subprotocol
        self.url = self.connection["uri"]
        self.origin = self.connection["origin"]
        self.page_url = f"{self.origin}/{slug}/"
        self.timeout = timeout
        self.name = name
        # HTTP basic auth ("user:password"), for a stack with a class password.
        self.headers = {"Authorization": "Basic " + base64.b64encode(auth.encode()).decode()} if auth else {}
        self.ws: ClientConnection | None = None
        self.page_script_hash = ""
        self.page: dict[tuple[int, ...], Entry] = {}
        self.states: dict[str, WidgetState] = {}  # what the frontend's widgetStates holds
        self.runs = 0  # full runs of this session: what its run counter should show
        self.auto: dict[str, list[float]] = {}  # fragment id -> [interval, next due (monotonic)]
        self.unsupported: set[str] = set()
        self._typed = 0
        self._plan: list[str] = []  # widget ids: the order in which this student uses them

    # -- connection ---------------------------------------------------------------------
    async def connect(self) -> None:
        try:
            self.ws = await asyncio.wait_for(
                connect(
                    **self.connection,
                    user_agent_header="rerun-lab-bench (bench/browser.py)",
                    additional_headers=self.headers,
                ),
                self.timeout + 1,
            )
        except InvalidStatus as exc:
            raise ConnectError(f"connect:http_{exc.response.status_code}", str(exc)) from exc
        except TimeoutError as exc:
            raise ConnectError("connect:timeout", str(exc)) from exc
        except OSError as exc:
            raise ConnectError("connect:refused", str(exc)) from exc
        except Exception as exc:  # handshake failures of any other kind
            raise ConnectError("connect:failed", repr(exc)) from exc

    async def close(self) -> None:
        if self.ws is not None:
            ws, self.ws = self.ws, None
            with contextlib.suppress(Exception):  # closing a broken connection may fail
                await asyncio.wait_for(ws.close(), 5)

    # -- the page -----------------------------------------------------------------------
    @property
    def widgets(self) -> list[Widget]:
        return [e.widget for e in self.page.values() if e.widget is not None]

    def open_dialogs(self) -> list[tuple[int, ...]]:
        return [path for path, e in self.page.items() if e.block == "dialog" and e.open]

    def actions(self) -> list[Action]:
        """Every interaction a student can do on the page as it is now."""
        dialogs = self.open_dialogs()
        found = []
        for w in self.widgets:
            if w.kind not in SUPPORTED_WIDGETS:
                self.unsupported.add(w.kind)
                continue
            if getattr(w.proto, "disabled", False):
                continue
            if dialogs and not any(w.path[: len(d)] == d for d in dialogs):
                continue  # behind a modal dialog
            if w.is_submit:
                found.append(Action(f"submit form '{w.form_id}'", w))
            elif w.form_id:
                continue  # edited as part of its form's submit
            elif w.kind == "button":
                found.append(Action(f"click '{w.label}'", w))
            elif w.kind in ("slider", "number_input"):
                found.append(Action(f"move '{w.label}'", w))
            elif w.kind in ("text_input", "text_area"):
                found.append(Action(f"type in '{w.label}'", w))
            elif w.kind in ("checkbox", "radio"):
                found.append(Action(f"switch '{w.label}'", w))
        return found

    def next_action(self, rng: random.Random) -> Action | None:
        """The student's next interaction: each of the page's in turn, in a shuffled order."""
        available = {a.widget.id: a for a in self.actions()}
        if not available:
            return None
        if not self._plan or any(wid not in available for wid in self._plan):
            self._plan = list(available)
            rng.shuffle(self._plan)
        return available[self._plan.pop(0)]

    def next_auto_rerun(self) -> tuple[float, str] | None:
        """(when, fragment id) of the next run_every tick, if a fragment asked for one."""
        if not self.auto:
            return None
        fragment_id, (_, due) = min(self.auto.items(), key=lambda item: item[1][1])
        return due, fragment_id

    # -- runs ---------------------------------------------------------------------------
    async def load(self) -> RunResult:
        """What a browser does on opening (or reconnecting to) the page: a full run."""
        return await self._run("page load", {}, fragment_id="")

    async def auto_rerun(self, fragment_id: str) -> RunResult:
        interval, due = self.auto[fragment_id]
        now = time.monotonic()
        while due <= now:  # like setInterval: the next tick, skipping those missed while busy
            due += interval
        self.auto[fragment_id] = [interval, due]
        return await self._run("auto-rerun (run_every)", {}, fragment_id=fragment_id, auto=True)

    async def perform(self, action: Action, rng: random.Random) -> RunResult:
        w = action.widget
        changes: dict[str, WidgetState] = {}
        if w.is_submit:
            for member in self.widgets:
                if member.form_id == w.form_id and member.id != w.id and member.kind in SUPPORTED_WIDGETS:
                    state = self._new_value(member, rng)
                    if state is not None:
                        changes[member.id] = state
            changes[w.id] = WidgetState(id=w.id, trigger_value=True)
        elif w.kind == "button":
            changes[w.id] = WidgetState(id=w.id, trigger_value=True)
        else:
            state = self._new_value(w, rng)
            if state is not None:
                changes[w.id] = state
        return await self._run(action.name, changes, fragment_id=w.fragment_id)

    def _new_value(self, w: Widget, rng: random.Random) -> WidgetState | None:
        current = self.states.get(w.id)
        state = WidgetState(id=w.id)
        p = w.proto
        if w.kind == "slider":
            now = list(current.double_array_value.data) if current is not None else list(p.default)
            step = p.step or 1
            steps = max(1, round((p.max - p.min) / step))
            values = [p.min + step * rng.randint(0, steps) for _ in now or [0]]
            if values == now:  # a move always changes the value
                values = [p.min + step * ((round((v - p.min) / step) + 1) % (steps + 1)) for v in now]
            state.double_array_value.data.extend(values)
        elif w.kind == "number_input":
            step = p.step or 1
            if p.data_type == p.INT:
                base = current.int_value if current is not None else int(p.default)
            else:
                base = current.double_value if current is not None else p.default
            value = base + step * rng.choice((-1, 1))
            if (p.has_min and value < p.min) or (p.has_max and value > p.max):
                value = base - (value - base)  # bounce off the limit
            if p.data_type == p.INT:
                state.int_value = int(value)
            else:
                state.double_value = float(value)
        elif w.kind in ("text_input", "text_area"):
            self._typed += 1
            text = f"{self.name} #{self._typed}"
            state.string_value = text[: p.max_chars] if p.max_chars else text
        elif w.kind == "checkbox":
            state.bool_value = not (current.bool_value if current is not None else p.default)
        elif w.kind == "radio":
            options = list(p.options)
            if not options:
                return None
            now = current.string_value if current is not None else ""
            others = [o for o in options if o != now] or options
            state.string_value = rng.choice(others)
        else:
            return None
        return state

    def _initial_state(self, w: Widget) -> WidgetState | None:
        """The value a widget reports when it mounts (fromUi=false), as the frontend does."""
        p = w.proto
        state = WidgetState(id=w.id)
        if w.kind == "slider":
            state.double_array_value.data.extend(p.value if p.set_value else p.default)
        elif w.kind in ("text_input", "text_area"):
            if p.set_value and p.HasField("value"):
                state.string_value = p.value
            elif p.HasField("default"):
                state.string_value = p.default
            else:
                return None
        elif w.kind == "checkbox":
            state.bool_value = p.value if p.set_value else p.default
        elif w.kind == "number_input":
            value = p.value if p.set_value else p.default
            if p.data_type == p.INT:
                state.int_value = int(value)
            else:
                state.double_value = float(value)
        elif w.kind == "radio":
            if p.set_value and p.HasField("raw_value"):
                state.string_value = p.raw_value
            elif p.HasField("default") and 0 <= p.default < len(p.options):
                state.string_value = p.options[p.default]
            else:
                return None
        else:
            return None  # buttons keep no state: their trigger is sent once
        return state

    async def _run(
        self, name: str, changes: dict[str, WidgetState], fragment_id: str, auto: bool = False
    ) -> RunResult:
        assert self.ws is not None, "connect() first"
        msg = BackMsg()
        rerun = msg.rerun_script
        rerun.query_string = ""
        rerun.page_script_hash = self.page_script_hash
        if fragment_id:
            rerun.fragment_id = fragment_id
        rerun.is_auto_rerun = auto
        ctx = rerun.context_info
        ctx.timezone, ctx.timezone_offset, ctx.locale = "UTC", 0, "en-US"
        ctx.url, ctx.is_embedded, ctx.color_scheme = self.page_url, False, "light"
        sent = dict(self.states)
        sent.update(changes)
        rerun.widget_states.widgets.extend(sent.values())
        # Values (not triggers) stay in the widget states, as in the frontend.
        for wid, state in changes.items():
            if state.WhichOneof("value") != "trigger_value":
                self.states[wid] = state

        result = RunResult(action=name, requested_fragment=bool(fragment_id), seconds=0.0, auto=auto)
        page = dict(self.page)
        main_text: list[str] = []
        running: list[str] | None = None  # fragment ids of the run in progress ([] = full run)
        runs_before = self.runs
        started = time.perf_counter()
        try:
            await self.ws.send(msg.SerializeToString())
            async with asyncio.timeout(self.timeout):
                while True:
                    forward = ForwardMsg()
                    forward.ParseFromString(await self.ws.recv())
                    result.messages += 1
                    kind = forward.WhichOneof("type")
                    if kind == "delta":
                        if running is None:
                            result.errors.append("protocol:delta_before_new_session")
                            running = []
                        self._apply_delta(forward, page, main_text, running, result, runs_before)
                    elif kind == "new_session":
                        self.page_script_hash = forward.new_session.page_script_hash
                        running = list(forward.metadata.run.fragment_ids)
                        if running:
                            result.fragment_runs += 1
                            page = {k: e for k, e in page.items() if e.fragment_id not in running}
                        else:
                            result.full_runs += 1
                            page = {}
                            self.auto.clear()  # the frontend's cleanupAutoReruns()
                    elif kind == "script_finished":
                        status = _STATUS_NAME(forward.script_finished)
                        if status != EARLY:  # st.rerun(): another run of the chain follows
                            result.seconds = time.perf_counter() - started
                            result.status = status
                            break
                    elif kind == "auto_rerun":
                        fid, interval = forward.auto_rerun.fragment_id, forward.auto_rerun.interval
                        if fid and self.auto.get(fid, [None])[0] != interval:
                            self.auto[fid] = [interval, time.monotonic() + interval]
                    elif kind == "stop_auto_rerun":
                        for fid in forward.stop_auto_rerun.fragment_ids:
                            self.auto.pop(fid, None)
                    elif kind in ("page_not_found", "ref_hash"):
                        result.errors.append(f"protocol:{kind}")
        except TimeoutError:
            result.seconds = time.perf_counter() - started
            result.errors.append("timeout")
            result.broken = True
            return result
        except ConnectionClosed as exc:
            result.seconds = time.perf_counter() - started
            code = exc.rcvd.code if exc.rcvd is not None else "none"
            result.errors.append(f"disconnected:{code}")
            result.broken = True
            return result

        expected = FRAGMENT_OK if running else FULL_OK
        if result.status != expected:
            result.errors.append(f"status:{result.status}")
            result.details.append(f"{result.action}: ended {result.status}, expected {expected}")
        # The lesson counts the runs whose script body started; a run its callback's
        # st.rerun() ends before the body never counts. What the page last drew is the count
        # (a chain that drew none, e.g. one st.rerun("<fragment key>") turned into a fragment
        # run, ran no script body).
        self.runs = result.counter or self.runs
        result.deliberate = deliberate(self.slug).seconds(result.full_runs, "\n".join(main_text))
        if result.deliberate > result.seconds + 0.05:
            result.notes.append("deliberate_delay_overstated")  # bench/lessons.py is out of date

        self.page = page
        for w in self.widgets:
            if w.id not in self.states:
                state = self._initial_state(w)
                if state is not None:
                    self.states[w.id] = state
        if result.full_runs:
            on_page = {w.id for w in self.widgets}
            self.states = {wid: s for wid, s in self.states.items() if wid in on_page}
        for fid in list(self.auto):
            if not any(e.fragment_id == fid for e in self.page.values()) and fid not in (running or []):
                # The fragment left the page: the server ignores runs of fragments it no
                # longer holds (AppSession.request_rerun) and would send no script_finished.
                self.auto.pop(fid)
        return result

    def _apply_delta(
        self,
        forward: ForwardMsg,
        page: dict,
        main_text: list[str],
        running: list[str],
        result: RunResult,
        runs_before: int,
    ) -> None:
        delta = forward.delta
        path = tuple(forward.metadata.delta_path)
        if running and not delta.fragment_id:
            result.errors.append("fragment_leak")  # a fragment run drew outside any fragment
        which = delta.WhichOneof("type")
        if which == "add_block":
            block = delta.add_block
            kind = block.WhichOneof("type") or ""
            page[path] = Entry(delta.fragment_id, block=kind, open=kind == "dialog" and block.dialog.is_open)
            return
        if which != "new_element":
            return  # transient elements (spinners)
        element = delta.new_element
        kind = element.WhichOneof("type")
        proto = getattr(element, kind)
        if kind == "exception":
            if deliberate(self.slug).is_deliberate_exception(proto.message):
                result.notes.append("deliberate_exception")  # the lesson shows an error on purpose
            else:
                result.errors.append("script_exception")
                first_line = proto.message.strip().splitlines()[0] if proto.message.strip() else ""
                result.details.append(f"{result.action}: {proto.type}: {first_line}"[:300])
        elif kind in _TEXT_ELEMENTS and path and path[0] == MAIN:
            main_text.append(proto.body)
        elif kind == "metric" and proto.label == RUN_COUNTER_LABEL:
            # Drawn once per full run: it must show this session's own count, no other. A run
            # ended by st.rerun() may end before its body (a callback's st.rerun()) or have its
            # counter dropped from the send queue, so the chain's count lies in a range.
            shown = int(proto.body) if proto.body.isdigit() else -1
            if not (max(runs_before, result.counter) < shown <= runs_before + result.full_runs):
                result.errors.append("counter")
                expected = f"{runs_before + 1}..{runs_before + result.full_runs}"
                result.details.append(f"{result.action}: run counter {proto.body}, expected {expected}")
            result.counter = max(result.counter, shown)
        widget = None
        widget_id = getattr(proto, "id", "")  # widgets (and selectable charts) have one
        if widget_id:
            widget = Widget(
                id=widget_id,
                kind=kind,
                label=getattr(proto, "label", ""),
                form_id=getattr(proto, "form_id", ""),
                fragment_id=delta.fragment_id,
                path=path,
                proto=proto,
            )
        page[path] = Entry(delta.fragment_id, widget=widget)
