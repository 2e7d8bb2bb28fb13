"""Bad input, table-driven: each case gets the status it should, never an unintended 5xx,
and afterwards every container of the stack is still up and healthy.

Requests go out byte for byte as written (http.client or a raw socket): a normal client
library would tidy the paths and headers these cases are about."""

import contextlib
import http.client
import socket
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import pytest
from streamlit.proto.BackMsg_pb2 import BackMsg
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.sync.client import connect

from figures import report
from harness.docker import docker, inspect
from harness.streamlit_ws import StreamlitSession, stream_connection
from repo_layout import LESSONS, OTHER_SERVICES

BIG = 20_000  # bytes: more than nginx's 8 KB header buffers
# The bad-input cases that passed in this run, for the summary (counted, not assumed).
PASSED: list[str] = []

# (name, method, path, headers, body, expected status)
HTTP_CASES = [
    ("traversal above root", "GET", "/../etc/passwd", {}, None, 400),
    ("traversal out of a lesson", "GET", "/forms/../../etc/passwd", {}, None, 400),
    ("encoded traversal", "GET", "/%2e%2e/etc/passwd", {}, None, 400),
    ("encoded traversal in a lesson", "GET", "/forms/%2e%2e/%2e%2e/etc/passwd", {}, None, 400),
    ("double-encoded traversal", "GET", "/%252e%252e/etc/passwd", {}, None, 404),
    ("encoded slashes", "GET", "/forms/..%2f..%2fetc/passwd", {}, None, 400),
    ("traversal out of the static folder", "GET", "/_lab/../../etc/passwd", {}, None, 400),
    ("traversal to nginx's config", "GET", "/_lab/%2e%2e/nginx.conf", {}, None, 404),
    ("null byte", "GET", "/forms/%00", {}, None, 400),
    ("unknown lesson", "GET", "/no-such-lesson/", {}, None, 404),
    ("lesson name in capitals", "GET", "/FORMS/", {}, None, 404),
    ("lesson without its slash", "GET", "/forms", {}, None, 301),
    ("plain GET on the websocket route", "GET", "/forms/_stcore/stream", {}, None, 426),
    ("lesson metrics from outside", "GET", "/forms/_stcore/metrics", {}, None, 404),
    ("request from another site", "GET", "/forms/", {"Origin": "http://evil.example"}, None, 403),
    (
        "upload without the XSRF token",
        "PUT",
        "/forms/_stcore/upload_file/s/f",
        {"Content-Type": "multipart/form-data; boundary=b"},
        b"--b--\r\n",
        403,
    ),
    (
        "upload over the size limit",
        "PUT",
        "/forms/_stcore/upload_file/s/f",
        {"Content-Type": "multipart/form-data; boundary=b"},
        b"x" * (12 * 1024 * 1024),
        413,
    ),
    ("huge header", "GET", "/forms/", {"X-Big": "x" * BIG}, None, 400),
    ("huge cookie", "GET", "/forms/", {"Cookie": "a=" + "x" * BIG}, None, 400),
    ("huge query string", "GET", "/forms/?q=" + "x" * BIG, {}, None, 414),
    ("huge path", "GET", "/" + "a" * BIG, {}, None, 414),
    ("TRACE", "TRACE", "/", {}, None, 405),
    ("DELETE on a lesson", "DELETE", "/forms/", {}, None, 405),
]

# (name, raw request bytes, expected status)
RAW_CASES = [
    ("unknown method", b"FOO / HTTP/1.1\r\nHost: x\r\n\r\n", 405),
    ("Host header with a space", b"GET / HTTP/1.1\r\nHost: a b\r\n\r\n", 400),
    (
        "smuggling: Content-Length and chunked",
        b"POST /forms/ HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n"
        b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        400,
    ),
    ("HTTP/1.1 without Host", b"GET / HTTP/1.1\r\n\r\n", 400),
    ("not HTTP at all", b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + b"\x00" * 40 + b"\r\n\r\n", 400),
]


def address(stack) -> tuple[str, int]:
    parts = urlsplit(stack.base_url)
    return parts.hostname, parts.port


def send(stack, method, path, headers, body) -> int:
    connection = http.client.HTTPConnection(*address(stack), timeout=15)
    try:
        connection.putrequest(method, path, skip_accept_encoding=True)
        for name, value in headers.items():
            connection.putheader(name, value)
        if body is not None:
            connection.putheader("Content-Length", str(len(body)))
        # nginx may answer (413) and close before the whole body is sent:
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            connection.endheaders(body)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def send_raw(stack, data: bytes) -> int:
    with socket.create_connection(address(stack), timeout=15) as raw:
        raw.sendall(data)
        status_line = raw.recv(1024).split(b"\r\n")[0]
    return int(status_line.split()[1])


@pytest.mark.parametrize(
    ("name", "method", "path", "headers", "body", "expected"),
    HTTP_CASES,
    ids=[case[0] for case in HTTP_CASES],
)
def test_http_case(stack, name, method, path, headers, body, expected):
    assert send(stack, method, path, headers, body) == expected
    PASSED.append(name)


@pytest.mark.parametrize(("name", "data", "expected"), RAW_CASES, ids=[case[0] for case in RAW_CASES])
def test_raw_case(stack, name, data, expected):
    assert send_raw(stack, data) == expected
    PASSED.append(name)


def streamlit_socket(stack, slug="forms"):
    """A lesson's websocket, opened as a browser opens it (and then misused)."""
    return connect(**stream_connection(stack.base_url, slug, timeout=15))


def closed_with(ws, data) -> int:
    """Sends data; returns the close code the server ends the connection with (1006: it
    dropped the connection without a close frame)."""
    ws.send(data)
    try:
        while True:
            ws.recv(timeout=15)  # whatever the server still sends, until it closes
    except ConnectionClosed as closed:
        frame = closed.rcvd or closed.sent
        return frame.code if frame else 1006


def test_websocket_to_an_unknown_lesson_is_404(stack):
    with pytest.raises(InvalidStatus) as refused, streamlit_socket(stack, slug="no-such-lesson"):
        pass
    assert refused.value.response.status_code == 404
    PASSED.append("websocket to an unknown lesson")


def test_websocket_text_frame_closes_only_that_connection(stack):
    with StreamlitSession(stack.base_url, "forms") as other, streamlit_socket(stack) as ws:
        assert other.run_script().status == "FINISHED_SUCCESSFULLY"  # another student, already in
        # Streamlit takes binary protobufs only: it drops this connection, without a close frame.
        assert closed_with(ws, "hello, I am text") == 1006
        # Must NOT happen: the other student's connection dropped with it.
        assert other.run_script().status == "FINISHED_SUCCESSFULLY"
    PASSED.append("websocket text frame")


def test_websocket_garbage_binary_frame_is_a_protocol_error(stack):
    with streamlit_socket(stack) as ws:
        assert closed_with(ws, b"\xff\x00garbage\x13\x37" * 10) == 1002
    PASSED.append("websocket garbage binary frame")


def test_websocket_oversized_frame_is_refused(stack):
    message = BackMsg()
    message.rerun_script.query_string = "x" * (8 * 1024 * 1024)  # over server.maxWidgetStateSize (5 MB)
    with streamlit_socket(stack) as ws:
        assert closed_with(ws, message.SerializeToString()) == 1009
    PASSED.append("websocket oversized frame")


def test_slow_headers_are_cut_off(stack):
    started = time.monotonic()
    with socket.create_connection(address(stack), timeout=30) as slow:
        slow.sendall(b"GET /forms/ HTTP/1.1\r\nHost: x\r\n")  # and never the end of the headers
        answer = slow.recv(1024)  # nginx gives up after client_header_timeout (10 s)
    assert answer in (b"",) or answer.startswith(b"HTTP/1.1 408")
    assert time.monotonic() - started < 20
    PASSED.append("slow headers")


def test_one_client_flooding_gets_429_and_others_are_unaffected(second_nginx, owned_stack):
    """A second nginx with small limits, so that the flood stays small and short."""
    nginx = second_nginx(RERUNLAB_MAX_REQUESTS_PER_IP="5", RERUNLAB_MAX_CONNECTIONS_PER_IP="10")
    port = int(urlsplit(nginx.url).port)

    def get(_):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
        connection.request("GET", "/forms/_stcore/health")
        status = connection.getresponse().status
        connection.close()
        return status

    with ThreadPoolExecutor(max_workers=20) as pool:
        statuses = list(pool.map(get, range(200)))
    assert statuses.count(429) > 0
    assert set(statuses) <= {200, 429}  # refused politely, never a 5xx
    # Meanwhile a client at another address (inside the stack's network) gets through:
    other = docker(
        "exec",
        owned_stack.container_id(LESSONS[0].slug),
        "python3",
        "-c",
        f"import urllib.request; print(urllib.request.urlopen('http://{nginx.container}:8080/forms/_stcore/health').status)",
        check=False,
    )
    assert other.stdout.strip() == "200", other.stderr
    PASSED.append("request flood from one address")


def test_one_client_opening_too_many_websockets_gets_429(second_nginx):
    # Websockets have a limit of their own: a class's pages may have many more requests in progress.
    nginx = second_nginx(RERUNLAB_MAX_WEBSOCKETS_PER_IP="5", RERUNLAB_MAX_CONNECTIONS_PER_IP="1")
    opened, refusals = 0, []
    with contextlib.ExitStack() as sockets:
        for _ in range(8):
            try:
                sockets.enter_context(connect(**stream_connection(nginx.url, "forms", timeout=15)))
                opened += 1
            except InvalidStatus as refused:
                refusals.append(refused.response.status_code)
    assert opened == 5
    assert refusals == [429, 429, 429]
    PASSED.append("too many websockets from one address")


def test_every_container_is_still_up_and_healthy(owned_stack):
    """Runs after the cases above (pytest keeps file order): nothing crashed or restarted."""
    ids = owned_stack.compose("ps", "-q").stdout.split()
    states = [inspect(i) for i in ids]
    assert len(states) == len(LESSONS) + len(OTHER_SERVICES)
    for state in states:
        assert state["State"]["Health"]["Status"] == "healthy", state["Name"]
        assert state["RestartCount"] == 0, state["Name"]
    refused = f"{len(PASSED)} (no unintended 5xx, no container restarted)"
    report("bad-input cases refused as expected", refused)
