"""Container health check: the lesson's own Streamlit health endpoint answers "ok".

Streamlit serves /<baseUrlPath>/_stcore/health; other paths (/healthz, /) answer 200
with the HTML index even when the app is broken, so they prove nothing.
A raw socket and `python3 -I -S` keep each check cheap (it runs every few seconds in
every lesson container): no site-packages, no urllib.
"""

import os
import socket
import sys

path = f"/{os.environ['LESSON']}/_stcore/health"
reply = b""
try:
    with socket.create_connection(("127.0.0.1", 8501), timeout=2) as server:
        server.sendall(f"GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".encode())
        while chunk := server.recv(4096):
            reply += chunk
except OSError as exc:
    sys.exit(f"unhealthy: {path}: {exc}")
head, _, body = reply.partition(b"\r\n\r\n")
if not head.startswith(b"HTTP/1.1 200") or body.strip() != b"ok":
    sys.exit(f"unhealthy: {path} answered {head.splitlines()[:1]} {body[:40]!r}")
