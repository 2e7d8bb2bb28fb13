"""Streamlit 1.67's websocket protocol, the messages a browser tab sends and how a run ends.

- A tab opens ``/<slug>/_stcore/stream`` with the ``streamlit`` subprotocol and an Origin
  equal to the Host (Streamlit refuses other origins with 403): harness/streamlit_ws.py
  says how, for the tests' client and this one alike.
- It asks for a run with ``BackMsg.rerun_script`` (a ``ClientState``) carrying the states
  of every widget on the page, and for a fragment's run that fragment's id.
- Every run ends with a ``script_finished`` whose status says how: the ``*_OK`` ones below
  are a run that went well; ``FINISHED_EARLY_FOR_RERUN`` (``st.rerun()``) means another run
  follows.
"""

from __future__ import annotations

import asyncio
import base64

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import InvalidStatus

from harness.streamlit_ws import page_origin, stream_connection

FULL_OK = "FINISHED_SUCCESSFULLY"
FRAGMENT_OK = "FINISHED_FRAGMENT_RUN_SUCCESSFULLY"
EARLY = "FINISHED_EARLY_FOR_RERUN"
status_name = ForwardMsg.ScriptFinishedStatus.Name


class ConnectError(Exception):
    def __init__(self, kind: str, detail: str = ""):
        super().__init__(f"{kind}: {detail}")
        self.kind = kind  # the error kind the report counts, e.g. connect:http_429


def page_url(base_url: str, slug: str) -> str:
    """The address of the lesson's page, as the browser reports it with every rerun."""
    return f"{page_origin(base_url)}/{slug}/"


async def open_stream(
    base_url: str, slug: str, timeout: float, auth: str | None = None, cookie: str = ""
) -> ClientConnection:
    """Opens the lesson's websocket as a browser does. ``auth`` is HTTP basic auth
    ("user:password"), for a stack with a class password; ``cookie`` what the page set
    ("name=value", nginx's replica affinity), sent back as a browser does."""
    headers = {"Authorization": "Basic " + base64.b64encode(auth.encode()).decode()} if auth else {}
    if cookie:
        headers["Cookie"] = cookie
    try:
        return await asyncio.wait_for(
            connect(
                **stream_connection(base_url, slug, timeout),  # URL, Origin, subprotocol
                # What nginx's access log shows for a simulated tab (harness/browser.py).
                user_agent_header="rerun-lab-bench (harness/browser.py)",
                additional_headers=headers,
            ),
            timeout + 1,
        )
    except InvalidStatus as exc:
        raise ConnectError(f"connect:http_{exc.response.status_code}", str(exc)) from exc
    except TimeoutError as exc:
        raise ConnectError("connect:timeout", str(exc)) from exc
    except OSError as exc:
        raise ConnectError("connect:refused", str(exc)) from exc
    except Exception as exc:  # handshake failures of any other kind
        raise ConnectError("connect:failed", repr(exc)) from exc


def rerun_request(
    *,
    page_script_hash: str,
    page_url: str,
    fragment_id: str,
    auto: bool,
    widget_states: list[WidgetState],
    query_string: str = "",
) -> BackMsg:
    """``BackMsg.rerun_script`` as the frontend sends it from an English-speaking browser in UTC."""
    msg = BackMsg()
    rerun = msg.rerun_script
    rerun.query_string = query_string
    rerun.page_script_hash = page_script_hash
    if fragment_id:
        rerun.fragment_id = fragment_id
    rerun.is_auto_rerun = auto
    ctx = rerun.context_info
    ctx.timezone, ctx.timezone_offset, ctx.locale = "UTC", 0, "en-US"
    ctx.url, ctx.is_embedded, ctx.color_scheme = page_url, False, "light"
    rerun.widget_states.widgets.extend(widget_states)
    return msg
