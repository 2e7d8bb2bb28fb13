"""The machinery the tests (tests/) and the benchmarks (bench/) share: starting and
inspecting the stack, talking Streamlit's websocket protocol, docker helpers.

- ``harness.docker``: one ``docker(*args)`` runner, ``inspect``, a compose project's
  containers, what a removed deployment left behind.
- ``harness.stack``: ``Stack``, one deployment of the stack (its URL, ``docker compose``
  under its own project, up/build/down, containers, scaling a lesson and waiting until
  nginx spreads students over its replicas), and ``keep_logs``.
- ``harness.streamlit_ws``: how a browser opens a lesson's websocket (URL, Origin,
  subprotocol), and a small synchronous Streamlit client.
- ``harness.http``: a plain HTTP GET.

Only the standard library, ``streamlit`` and ``websockets`` (apps/requirements.txt): the
benchmarks run without the test tools. Import it from the repository root (``python -m
bench.<name>``), or through pytest, whose ``pythonpath`` (pyproject.toml) has the root.
"""

from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
