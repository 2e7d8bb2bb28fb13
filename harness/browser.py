"""One student's browser tab: a Streamlit session of its own that asks for runs and checks them.

What a browser does, and so what this does (sources: streamlit/runtime/app_session.py,
streamlit/runtime/fragment.py, streamlit/runtime/scriptrunner_utils/script_run_context.py
and the frontend's WidgetStateManager and App in streamlit/static/static/js/index.*.js):

- asks for a run (harness/protocol.py) carrying the states of every widget on the page
  (harness/page.py); a widget inside a fragment asks for a run of its fragment, still sent
  with the states of *all* widgets (``sendUpdateWidgetsMessage``);
- reads ``ForwardMsg``s until the run chain ends: every run starts with a ``new_session``
  whose ``metadata.run.fragment_ids`` is empty for a full run, and ends with a
  ``script_finished``; ``FINISHED_EARLY_FOR_RERUN`` (``st.rerun()``) means another run
  follows, so the chain ends at the first other status (a run a callback's ``st.rerun()``
  ends never reaches the script body, so the lesson's own run counter may count fewer runs
  than there were ``new_session``s);
- ``auto_rerun`` (a fragment's ``run_every``) starts a timer that asks for that fragment's
  run every ``interval`` seconds with ``is_auto_rerun``; ``stop_auto_rerun`` and every full
  run's ``new_session`` clear the timers (``cleanupAutoReruns``) until ``auto_rerun``
  comes again.

What a student does on the page is bench/student.py's.

Not simulated: the frontend's forward-message cache (the browser lists the hashes of the
messages it has cached, so the server may send a reference instead of a big message: these
lessons' messages are small), static files (bench/burst.py loads them, with
harness/page_load.py), and the landing page's health polls.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from dataclasses import dataclass, field

from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import ClientConnection
from websockets.exceptions import ConnectionClosed

from harness.lessons import deliberate
from harness.page import Element, Page, WidgetStates
from harness.protocol import EARLY, FRAGMENT_OK, FULL_OK, open_stream, page_url, rerun_request, status_name


@dataclass
class RunResult:
    action: str  # "page load", "auto-rerun (run_every)" or an Action's name
    requested_fragment: bool
    seconds: float  # from sending the rerun to receiving the chain's last script_finished
    deliberate: float = 0.0  # seconds of it the lesson sleeps on purpose (its lesson.toml)
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
    texts: list[str] = field(default_factory=list)  # the main area's text it drew (if keep_text)

    @property
    def server_seconds(self) -> float:
        return max(0.0, self.seconds - self.deliberate)


class Browser:
    """One browser tab on one lesson: a Streamlit session of its own."""

    def __init__(
        self, base_url: str, slug: str, *, timeout: float = 30.0, auth: str | None = None, cookie: str = ""
    ):
        self.base_url = base_url
        self.slug = slug
        self.timeout = timeout
        self.auth = auth  # "user:password", for a stack with a class password
        self.cookie = cookie  # what the page set, if it was loaded (bench/burst.py)
        self.page_url = page_url(base_url, slug)
        self.ws: ClientConnection | None = None
        self.page_script_hash = ""
        self.page = Page()
        self.states = WidgetStates()
        self.runs = 0  # full runs of this session: what its run counter should show
        self.auto: dict[str, list[float]] = {}  # fragment id -> [interval, next due (monotonic)]

    # -- connection ---------------------------------------------------------------------
    async def connect(self) -> None:
        """Raises harness.protocol.ConnectError."""
        self.ws = await open_stream(self.base_url, self.slug, self.timeout, self.auth, self.cookie)

    async def close(self) -> None:
        if self.ws is not None:
            ws, self.ws = self.ws, None
            with contextlib.suppress(Exception):  # closing a broken connection may fail
                await asyncio.wait_for(ws.close(), 5)

    # -- runs ---------------------------------------------------------------------------
    async def load(self, keep_text: bool = False) -> RunResult:
        """What a browser does on opening (or reconnecting to) the page: a full run."""
        return await self.rerun("page load", {}, fragment_id="", keep_text=keep_text)

    def next_auto_rerun(self) -> tuple[float, str] | None:
        """(when, fragment id) of the next run_every tick, if a fragment asked for one."""
        if not self.auto:
            return None
        fragment_id, (_, due) = min(self.auto.items(), key=lambda item: item[1][1])
        return due, fragment_id

    async def auto_rerun(self, fragment_id: str) -> RunResult:
        interval, due = self.auto[fragment_id]
        now = time.monotonic()
        while due <= now:  # like setInterval: the next tick, skipping those missed while busy
            due += interval
        self.auto[fragment_id] = [interval, due]
        return await self.rerun("auto-rerun (run_every)", {}, fragment_id=fragment_id, auto=True)

    async def rerun(
        self,
        name: str,
        changes: dict[str, WidgetState],
        fragment_id: str,
        auto: bool = False,
        page: tuple[str, str] | None = None,
        keep_text: bool = False,
    ) -> RunResult:
        """Asks for a run (of one fragment, with its id) with these widget changes and reads
        the run chain to its end; ``name`` says what asked for it, in the report. ``page``
        (script hash, query string): a run of another page, as a click on an st.page_link
        asks for (its new_session then names the page this tab is on). ``keep_text``: the
        result keeps the main area's text (RunResult.texts), for a caller that reads the page
        (a class of hundreds keeps thousands of results: only when asked)."""
        assert self.ws is not None, "connect() first"
        msg = rerun_request(
            page_script_hash=page[0] if page else self.page_script_hash,
            query_string=page[1] if page else "",
            page_url=self.page_url,
            fragment_id=fragment_id,
            auto=auto,
            widget_states=self.states.sent_with(changes),
        )
        self.states.keep(changes)

        result = RunResult(action=name, requested_fragment=bool(fragment_id), seconds=0.0, auto=auto)
        page = self.page.copy()  # the page as the chain draws it; kept only if the chain ends
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
                        if running and not forward.delta.fragment_id:
                            result.errors.append("fragment_leak")  # a fragment run drew outside any fragment
                        element = page.apply(forward)
                        if element is not None:
                            self._check(element, result, main_text, runs_before)
                    elif kind == "new_session":
                        self.page_script_hash = forward.new_session.page_script_hash
                        running = list(forward.metadata.run.fragment_ids)
                        page.start_run(running)
                        if running:
                            result.fragment_runs += 1
                        else:
                            result.full_runs += 1
                            self.auto.clear()  # the frontend's cleanupAutoReruns()
                    elif kind == "script_finished":
                        status = status_name(forward.script_finished)
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
        if keep_text:
            result.texts = main_text
        result.deliberate = deliberate(self.slug).seconds(result.full_runs, "\n".join(main_text))
        if result.deliberate > result.seconds + 0.05:
            result.notes.append("deliberate_delay_overstated")  # its lesson.toml is out of date

        self.page = page
        self.states.after_run(page, full_run=bool(result.full_runs))
        for fid in list(self.auto):
            if not page.has_fragment(fid) and fid not in (running or []):
                # The fragment left the page: the server ignores runs of fragments it no
                # longer holds (AppSession.request_rerun) and would send no script_finished.
                self.auto.pop(fid)
        return result

    def _check(self, element: Element, result: RunResult, main_text: list[str], runs_before: int) -> None:
        """What a drawn element tells about the chain: an exception, text for the declared
        markers (its lesson.toml), the run counter."""
        if element.kind == "exception":
            message = element.proto.message
            if deliberate(self.slug).is_deliberate_exception(message):
                result.notes.append("deliberate_exception")  # the lesson shows an error on purpose
            else:
                result.errors.append("script_exception")
                first_line = message.strip().splitlines()[0] if message.strip() else ""
                result.details.append(f"{result.action}: {element.proto.type}: {first_line}"[:300])
        elif (text := element.main_text) is not None:
            main_text.append(text)
        elif (shown := element.run_counter) is not None:
            # Drawn once per full run: it must show this session's own count, no other. A run
            # ended by st.rerun() may end before its body (a callback's st.rerun()) or have its
            # counter dropped from the send queue, so the chain's count lies in a range.
            if not (max(runs_before, result.counter) < shown <= runs_before + result.full_runs):
                result.errors.append("counter")
                expected = f"{runs_before + 1}..{runs_before + result.full_runs}"
                result.details.append(
                    f"{result.action}: run counter {element.proto.body}, expected {expected}"
                )
            result.counter = max(result.counter, shown)
