"""Streamlit's websocket, as a browser opens it, and a small synchronous client for tests.

A browser opens /<slug>/_stcore/stream with the "streamlit" subprotocol and an Origin equal
to the page's own (Streamlit 1.67 refuses other origins with 403). ``stream_connection``
says so once, for websockets' sync client (``StreamlitSession`` here) and its asyncio
client (harness/browser.py) alike.

``StreamlitSession`` asks for a script run with BackMsg.rerun_script and reads ForwardMsgs
until script_finished, using Streamlit's own protobuf classes.
"""

from __future__ import annotations

from contextlib import ExitStack
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from google.protobuf import text_format
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.sync.client import ClientConnection, connect

SUBPROTOCOL = "streamlit"


def page_origin(base_url: str) -> str:
    """The Origin a browser sends from a page of this server: scheme and host, no path."""
    parts = urlsplit(base_url)
    return f"{parts.scheme}://{parts.netloc}"


def stream_url(base_url: str, slug: str) -> str:
    """The websocket URL of a lesson's Streamlit stream."""
    parts = urlsplit(base_url)
    scheme = "wss" if parts.scheme == "https" else "ws"
    return f"{scheme}://{parts.netloc}/{slug}/_stcore/stream"


def stream_connection(base_url: str, slug: str, timeout: float) -> dict:
    """The arguments of websockets' ``connect()`` (sync or asyncio) that open a lesson's
    stream as a browser on this server does."""
    return {
        "uri": stream_url(base_url, slug),
        "subprotocols": [SUBPROTOCOL],
        "origin": page_origin(base_url),
        "open_timeout": timeout,
        "max_size": None,
    }


@dataclass
class ScriptRun:
    status: str  # a ForwardMsg.ScriptFinishedStatus name, e.g. FINISHED_SUCCESSFULLY
    elements: list[str] = field(default_factory=list)  # each new element, as protobuf text
    message_types: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.elements)


class StreamlitSession:
    """One browser tab's session of a lesson, synchronous: ``with StreamlitSession(url, slug)
    as session: session.run_script()``."""

    def __init__(self, base_url: str, slug: str, timeout: float = 30.0):
        self.connection = stream_connection(base_url, slug, timeout)
        self.url = self.connection["uri"]
        self.origin = self.connection["origin"]
        self.timeout = timeout
        self._closing = ExitStack()
        self.ws: ClientConnection | None = None

    def __enter__(self) -> StreamlitSession:
        self.ws = self._closing.enter_context(connect(**self.connection))
        return self

    def __exit__(self, *exc) -> None:
        self._closing.close()

    @property
    def handshake_status(self) -> int:
        return self.ws.response.status_code

    def run_script(self) -> ScriptRun:
        """Asks for a full script run, as a browser does on page load, and waits for its end."""
        msg = BackMsg()
        msg.rerun_script.query_string = ""
        msg.rerun_script.page_script_hash = ""
        self.ws.send(msg.SerializeToString())

        run = ScriptRun(status="")
        while True:
            forward = ForwardMsg()
            forward.ParseFromString(self.ws.recv(timeout=self.timeout))
            kind = forward.WhichOneof("type")
            run.message_types.append(kind)
            if kind == "delta" and forward.delta.WhichOneof("type") == "new_element":
                run.elements.append(text_format.MessageToString(forward.delta.new_element, as_utf8=True))
            elif kind == "script_finished":
                run.status = ForwardMsg.ScriptFinishedStatus.Name(forward.script_finished)
                return run
