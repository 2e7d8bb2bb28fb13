"""The machinery the tests (tests/) and the benchmarks (bench/) share: starting and
inspecting the stack, talking Streamlit's websocket protocol, docker helpers.

- ``harness.docker``: one ``docker(*args)`` runner (with a timeout: a hung command fails),
  ``inspect``, a compose project's containers, a swarm service's logs, what a removed
  deployment left behind.
- ``harness.stack``: ``Stack``, one deployment of the stack (its URL, ``docker compose``
  under its own project, up/build/down, containers, scaling a lesson and waiting until
  nginx spreads students over its replicas), and ``keep_logs``.
- ``harness.streamlit_ws``: how a browser opens a lesson's websocket (URL, Origin,
  subprotocol), and a small synchronous Streamlit client.
- The simulated student's browser tab, asyncio: ``harness.protocol`` (Streamlit's websocket
  messages, opening a lesson's stream), ``harness.page`` (the page a tab holds: what the
  deltas drew, the widgets' states), ``harness.browser`` (one tab's session: asking for runs,
  reading them to their end, checking them), ``harness.exercise`` (a student answering an
  exercise) and ``harness.lessons`` (what the simulator knows about the lessons: their
  deliberate sleeps and exceptions, the run counter).
- ``harness.lesson_facts``: a lesson's facts from its apps/<slug>/lesson.toml (claim prefix,
  deliberate time), for the tests and the simulator.
- ``harness.http``: a plain HTTP GET.
- ``harness.chromium``: where the real browser is and how it is launched.
- ``harness.page_load``: which files a browser loads for a lesson page (recorded once with
  Chromium), and loading them as a fresh browser does, over a few kept-alive connections.

Only the standard library, ``streamlit``, ``websockets`` and ``h11`` (apps/requirements.txt),
and the lesson package ``rerunlab`` (the catalog, the run counter's label): the benchmarks run
without the test tools, except what drives the real browser (Playwright, imported only where a
page load is recorded). Import it from the repository root (``python -m bench.<name>``), or
through pytest, whose ``pythonpath`` (pyproject.toml) has the root.
"""

from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
