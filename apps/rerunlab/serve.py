"""`streamlit run`, with TCP_NODELAY on the server's connections: how the images start a lesson.

    python3 -m rerunlab.serve /app/<slug>/app.py      (apps/Dockerfile's command)

Streamlit 1.67 binds its listening socket itself (starlette_server._bind_socket) as
``socket.socket(family)``, whose ``proto`` is 0; asyncio turns Nagle's algorithm off only on
sockets whose ``proto`` is IPPROTO_TCP (asyncio.base_events._set_nodelay). So on a kept-alive
connection every answer, written as its headers then its body, waits about 40 ms for the
client's delayed ACK: nginx could not reuse connections to a lesson. Linux gives an accepted
connection the TCP_NODELAY of the socket that accepted it: set it there. Nothing in
Streamlit's files changes; if its function moves, the lesson starts as before and says so.
"""

from __future__ import annotations

import functools
import socket
import sys


def nodelay_on_accepted_connections() -> bool:
    """Wraps Streamlit's socket binding so that its listening socket has TCP_NODELAY."""
    try:
        from streamlit.web.server.starlette import starlette_server as server

        bind = server._bind_socket
    except (ImportError, AttributeError) as exc:
        print(f"rerunlab.serve: TCP_NODELAY not set ({exc!r}); Streamlit's server changed", file=sys.stderr)
        return False

    @functools.wraps(bind)
    def bind_with_nodelay(*args, **kwargs) -> socket.socket:
        sock = bind(*args, **kwargs)
        if sock.family in (socket.AF_INET, socket.AF_INET6):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return sock

    server._bind_socket = bind_with_nodelay
    return True


def main() -> None:
    nodelay_on_accepted_connections()
    from streamlit.web import cli

    sys.argv = ["streamlit", "run", *sys.argv[1:]]
    sys.exit(cli.main())


if __name__ == "__main__":
    main()
