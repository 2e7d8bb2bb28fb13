"""Container health check: the lesson's own Streamlit health endpoint answers "ok".

Streamlit serves /<baseUrlPath>/_stcore/health; other paths (/healthz, /) answer 200
with the HTML index even when the app is broken, so they prove nothing.
A raw socket and `python3 -I -S` keep each check cheap (it runs every few seconds in
every lesson container): no site-packages, no urllib.

A check that finds no answer asks again until WAIT_S, inside the check's own timeout
(3 s, apps/Dockerfile). Docker runs the first check one interval after the container
starts; a Streamlit still starting then (on 2 cores, with the whole stack starting, it is
ready 3-4 s after its start) would otherwise fail it and wait a whole interval for the next.
Docker 25's `start_interval` does this in Docker itself; Debian 12's Docker 20.10 has none.
A healthy lesson answers at once, so a check at rest is one connection.
"""

import os
import socket
import sys
import time

WAIT_S = 2.8  # under the HEALTHCHECK timeout (3 s), or Docker counts the check as failed
RETRY_S = 0.1


def problem(path: str, timeout: float) -> str | None:
    """Why the lesson is not healthy now, or None when it answered "ok" within `timeout` s
    (a busy lesson may take a while: the whole time left)."""
    reply = b""
    try:
        with socket.create_connection(("127.0.0.1", 8501), timeout=timeout) as server:
            server.sendall(f"GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".encode())
            while chunk := server.recv(4096):
                reply += chunk
    except OSError as exc:
        return f"{path}: {exc}"
    head, _, body = reply.partition(b"\r\n\r\n")
    if not head.startswith(b"HTTP/1.1 200") or body.strip() != b"ok":
        return f"{path} answered {head.splitlines()[:1]} {body[:40]!r}"
    return None


def main() -> None:
    path = f"/{os.environ['LESSON']}/_stcore/health"
    deadline = time.monotonic() + WAIT_S
    while (why := problem(path, deadline - time.monotonic())) and time.monotonic() + RETRY_S < deadline:
        time.sleep(RETRY_S)
    if why:
        sys.exit(f"unhealthy: {why}")


if __name__ == "__main__":
    main()
