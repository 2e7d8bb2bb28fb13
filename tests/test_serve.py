"""apps/rerunlab/serve.py: the lessons' server answers a kept-alive connection without
waiting for the client's delayed ACK, because its connections have TCP_NODELAY."""

import socket

import pytest
from streamlit.web.server.starlette import starlette_server

from rerunlab import serve


@pytest.fixture
def streamlit_bind(monkeypatch):
    """Streamlit's own socket binding, restored after the test."""
    monkeypatch.setattr(starlette_server, "_bind_socket", starlette_server._bind_socket)
    return starlette_server._bind_socket


def nodelay(sock: socket.socket) -> int:
    return sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)


def accepted_connection(listening: socket.socket) -> socket.socket:
    listening.setblocking(True)
    client = socket.create_connection(listening.getsockname()[:2])
    connection, _ = listening.accept()
    client.close()
    return connection


def test_streamlits_own_socket_leaves_nagle_on(streamlit_bind):
    # Why serve.py exists: if a Streamlit upgrade fixes this, serve.py can go.
    with streamlit_bind("127.0.0.1", 0, 8) as listening:
        assert listening.proto == 0  # so asyncio's _set_nodelay skips its connections
        with accepted_connection(listening) as connection:
            assert nodelay(connection) == 0


def test_serve_gives_every_accepted_connection_tcp_nodelay(streamlit_bind):
    assert serve.nodelay_on_accepted_connections()
    assert starlette_server._bind_socket is not streamlit_bind
    with starlette_server._bind_socket("127.0.0.1", 0, 8) as listening:
        assert nodelay(listening) == 1
        with accepted_connection(listening) as connection:
            assert nodelay(connection) == 1  # Linux copies it from the listening socket
