"""Which files a browser loads for a lesson page, and loading them the way a browser does.

- ``record_page_files(base_url, slug)``: opens the lesson once in the real browser
  (harness/chromium.py) until its first run has finished and the network is idle, and
  returns every same-origin request it made under /<slug>/, relative to it, in the order it
  made them: the page itself (``PAGE``), Streamlit's JavaScript, CSS, fonts and images,
  the chunks the JavaScript loads for what the run drew, and its fetches
  (``_stcore/health``, ``_stcore/host-config``). Not the websocket (``STREAM``): a Streamlit
  client opens that (harness/browser.py, harness/streamlit_ws.py).
- ``load_page(base_url, slug, files)``: one fresh browser's page load (an empty cache): the
  page, then every other file over at most ``BROWSER_CONNECTIONS`` kept-alive HTTP/1.1
  connections, the page's connection among them.
- ``fetch_all(base_url, targets)``: any list of paths over N kept-alive connections.

Each returns a ``Fetched``: how many answers of each status, connection errors by kind,
bytes. Only the standard library and h11 for HTTP (h11 is pinned in apps/requirements.txt:
Streamlit's uvicorn needs it); Playwright only inside ``record_page_files``.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import Counter, deque
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import h11

from harness.chromium import CHROMIUM, CHROMIUM_ARGS
from harness.streamlit_ws import page_origin

PAGE = ""  # the lesson page itself, relative to /<slug>/
STREAM = "_stcore/stream"  # Streamlit's websocket: opened by a Streamlit client, not fetched
BROWSER_CONNECTIONS = 6  # a browser's limit of HTTP/1.1 connections per host
USER_AGENT = "rerun-lab-bench (harness/page_load.py)"  # what nginx's access log shows
# What Chromium asks for; the server picks (nginx has gzip copies of the frontend's files).
ACCEPT_ENCODING = "gzip, deflate, br, zstd"
READ_SIZE = 256 * 1024


def record_page_files(base_url: str, slug: str, timeout: float = 120.0) -> list[str]:
    """The paths, relative to /<slug>/, that Chromium requests when it opens the lesson page
    and waits for its first run: the page (``PAGE``) first, each path once, no websocket."""
    from playwright.sync_api import sync_playwright  # noqa: PLC0415  (a test tool: only here)

    prefix = f"{page_origin(base_url)}/{slug}/"
    seen: list[str] = []

    def on_request(request) -> None:
        if request.url.startswith(prefix):
            path = request.url[len(prefix) :].partition("#")[0]
            if path.partition("?")[0] != STREAM and path not in seen:
                seen.append(path)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on("request", on_request)
            page.goto(prefix, timeout=timeout * 1000)
            # Streamlit's own marker of a finished run ("initial" until the first run starts).
            finished = page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]')
            finished.wait_for(timeout=timeout * 1000)
            # The chunks, fonts and images of what the run drew are requested as it draws.
            page.wait_for_load_state("networkidle", timeout=timeout * 1000)
        finally:
            browser.close()
    if not seen or seen[0] != PAGE:
        raise RuntimeError(f"Chromium's first request was not the page {prefix}: {seen[:3]}")
    return seen


@dataclass
class Fetched:
    """What a set of requests got back."""

    statuses: Counter = field(default_factory=Counter)  # HTTP status -> answers
    errors: Counter = field(default_factory=Counter)  # connection error kind -> requests
    bytes: int = 0  # response bodies as sent (compressed, when the server compressed them)
    page_status: int = 0  # the page's own status (load_page); 0 when it got no answer
    cookie: str = ""  # "name=value" the page set (nginx's replica-affinity cookie), sent back
    seconds: float = 0.0

    @property
    def requests(self) -> int:
        return sum(self.statuses.values()) + sum(self.errors.values())

    @property
    def refused(self) -> int:
        return self.statuses[429]

    @property
    def failed_statuses(self) -> Counter:
        """Answers other than 2xx, 304 and 429, by status."""
        return Counter({s: n for s, n in self.statuses.items() if not is_ok(s) and s != 429})


def is_ok(status: int) -> bool:
    return 200 <= status < 300 or status == 304


class _ClosedBeforeAnswer(Exception):
    """The server closed a connection before any byte of the answer."""


class _Connection:
    """One kept-alive HTTP/1.1 connection, opened on first use and again after the server
    closes it."""

    def __init__(self, host: str, port: int, timeout: float):
        self.host, self.port, self.timeout = host, port, timeout
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None
        self._h11: h11.Connection | None = None

    async def close(self) -> None:
        writer, self._writer = self._writer, None
        if writer is not None:
            writer.close()
            with contextlib.suppress(Exception):  # closing a broken connection may fail
                await writer.wait_closed()

    async def get(self, target: str, headers: list[tuple[str, str]]) -> tuple[int, int, list]:
        """(status, body bytes, headers) of one GET."""
        reused = self._writer is not None
        for attempt in (1, 2):
            try:
                async with asyncio.timeout(self.timeout):
                    return await self._exchange(target, headers)
            except _ClosedBeforeAnswer:
                await self.close()
                # A kept-alive connection the server closed before this request arrived (its
                # keepalive_timeout or keepalive_requests): a browser sends the request again
                # on a new connection, and so does this, once.
                if not reused or attempt == 2:
                    raise
            except Exception:
                await self.close()  # in an unknown state: the next request opens another
                raise
        raise AssertionError("unreachable")

    async def _exchange(self, target: str, headers: list[tuple[str, str]]) -> tuple[int, int, list]:
        if self._writer is None:
            self._reader, self._writer = await asyncio.open_connection(self.host, self.port)
            self._h11 = h11.Connection(h11.CLIENT)
        conn = self._h11
        status, size, answer_headers, received = 0, 0, [], False
        try:
            self._writer.write(conn.send(h11.Request(method="GET", target=target, headers=headers)))
            self._writer.write(conn.send(h11.EndOfMessage()))
            await self._writer.drain()
            while True:
                event = conn.next_event()
                if event is h11.NEED_DATA:
                    data = await self._reader.read(READ_SIZE)
                    if not data and not received:
                        raise _ClosedBeforeAnswer
                    received = True
                    conn.receive_data(data)  # b"": the server closed (h11 decides if too early)
                elif isinstance(event, h11.Response):
                    status, answer_headers = event.status_code, event.headers
                elif isinstance(event, h11.Data):
                    size += len(event.data)
                elif isinstance(event, h11.EndOfMessage):
                    break
        except (ConnectionResetError, BrokenPipeError) as exc:
            if received:
                raise
            raise _ClosedBeforeAnswer from exc
        if conn.our_state is h11.MUST_CLOSE or conn.their_state is h11.MUST_CLOSE:
            await self.close()  # e.g. "Connection: close": the next request opens another
        else:
            conn.start_next_cycle()
        return status, size, answer_headers


def _error_kind(exc: BaseException) -> str:
    if isinstance(exc, TimeoutError):
        return "timeout"
    if isinstance(exc, ConnectionRefusedError):
        return "connect:refused"
    if isinstance(exc, ConnectionResetError | BrokenPipeError):
        return "reset"
    if isinstance(exc, _ClosedBeforeAnswer):
        return "closed"
    if isinstance(exc, h11.ProtocolError):
        return "protocol"
    return f"error:{type(exc).__name__}"


class _Client:
    """Requests from one browser to one server: its connections, headers and tally."""

    def __init__(self, base_url: str, timeout: float, into: Fetched | None = None):
        parts = urlsplit(base_url)
        self.host, self.port, self.netloc = parts.hostname, parts.port or 80, parts.netloc
        self.timeout = timeout
        self.cookie = ""
        self.fetched = into if into is not None else Fetched()
        self.connections: list[_Connection] = []

    def connection(self) -> _Connection:
        self.connections.append(_Connection(self.host, self.port, self.timeout))
        return self.connections[-1]

    def headers(self) -> list[tuple[str, str]]:
        headers = [
            ("Host", self.netloc),
            ("User-Agent", USER_AGENT),
            ("Accept", "*/*"),
            ("Accept-Encoding", ACCEPT_ENCODING),
        ]
        return headers + ([("Cookie", self.cookie)] if self.cookie else [])

    async def get(self, conn: _Connection, target: str) -> int:
        """One GET, tallied; its status, 0 when it got no answer."""
        try:
            status, size, headers = await conn.get(target, self.headers())
        except (OSError, TimeoutError, _ClosedBeforeAnswer, h11.ProtocolError) as exc:
            self.fetched.errors[_error_kind(exc)] += 1
            return 0
        self.fetched.statuses[status] += 1
        self.fetched.bytes += size
        for name, value in headers:
            if name == b"set-cookie" and not self.cookie:
                self.cookie = value.decode("latin-1").partition(";")[0]
        return status

    async def get_over(self, connections: list[_Connection], targets: list[str]) -> None:
        """Every target, each connection taking the next one as soon as it is free."""
        queue = deque(targets)

        async def take_turns(conn: _Connection) -> None:
            while queue:
                await self.get(conn, queue.popleft())

        await asyncio.gather(*(take_turns(conn) for conn in connections))

    async def close(self) -> None:
        await asyncio.gather(*(conn.close() for conn in self.connections))


async def fetch_all(
    base_url: str, targets: list[str], *, connections: int = BROWSER_CONNECTIONS, timeout: float = 30.0
) -> Fetched:
    """GETs of these paths (e.g. "/forms/") over at most ``connections`` kept-alive
    connections, from one client."""
    client = _Client(base_url, timeout)
    started = time.monotonic()
    try:
        pool = [client.connection() for _ in range(min(connections, len(targets)))]
        await client.get_over(pool, targets)
    finally:
        await client.close()
    client.fetched.seconds = time.monotonic() - started
    return client.fetched


async def load_page(
    base_url: str,
    slug: str,
    files: list[str],
    *,
    connections: int = BROWSER_CONNECTIONS,
    timeout: float = 30.0,
    into: Fetched | None = None,
) -> Fetched:
    """A fresh browser opening /<slug>/: the page, then (if it loaded) the other ``files``
    (as record_page_files returns them) over at most ``connections`` kept-alive connections,
    the page's own first, sending back the cookie the page set. A page that did not load
    (e.g. 429) loads nothing else, as in a browser. ``timeout``: per request; ``into``: a
    Fetched to tally in as it goes (what a caller's own deadline cut short still counts)."""
    client = _Client(base_url, timeout, into)
    started = time.monotonic()
    try:
        first = client.connection()
        client.fetched.page_status = await client.get(first, f"/{slug}/")
        client.fetched.cookie = client.cookie
        assets = [f"/{slug}/{path}" for path in files if path != PAGE]
        if is_ok(client.fetched.page_status) and assets:
            pool = [first] + [client.connection() for _ in range(min(connections, len(assets)) - 1)]
            await client.get_over(pool, assets)
    finally:
        await client.close()
    client.fetched.seconds = time.monotonic() - started
    return client.fetched
