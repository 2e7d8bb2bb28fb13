"""session-state: the lesson's key claims as a student sees them in a real browser through nginx,
each with something that must NOT happen. Waits on conditions (expect), never on sleeps."""

import re
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import expect

from deployments import free_port
from repo_layout import REPO
from student_view import button, full_runs, lock_in, open_lesson, wait_for_run_to_finish

pytestmark = pytest.mark.lesson_behaviour  # the Compose pass (tests/conftest.py)


def increment(page, times: int, runs_before: int) -> None:
    for run in range(runs_before + 1, runs_before + times + 1):
        button(page, "Increment").click()
        expect(full_runs(page)).to_have_text(str(run))
        wait_for_run_to_finish(page)


def test_ss2_ss11_session_state_survives_reruns_but_not_into_another_tab(page):
    """Two clicks count to 2 in one tab; a second tab (another session) shows 0.

    Fails if the count were reset by a rerun, or if session state were shared between tabs (the
    other tab showing 2)."""
    open_lesson(page, "session-state")
    increment(page, 2, runs_before=1)
    expect(page.get_by_text("Count = 2", exact=True)).to_be_visible()
    other_tab = page.context.new_page()
    other_tab.goto("/session-state/")
    expect(full_runs(other_tab)).to_have_text("1")
    # Must NOT happen: another tab (another session) seeing this tab's count.
    expect(other_tab.get_by_text("Count = 0", exact=True)).to_be_visible()
    other_tab.close()


def test_ss11_a_reload_starts_a_new_session(page):
    """After two clicks, a reload shows a fresh session: run 1, Count = 0.

    Fails if a reload found its old session again (Count = 2 after the reload)."""
    open_lesson(page, "session-state")
    increment(page, 2, runs_before=1)
    expect(page.get_by_text("Count = 2", exact=True)).to_be_visible()
    page.reload()
    expect(full_runs(page)).to_have_text("1")
    expect(page.get_by_text("Count = 0", exact=True)).to_be_visible()
    # Must NOT happen: the reloaded page finding its old session again.
    expect(page.get_by_text("Count = 2", exact=True)).to_have_count(0)


def test_ss3_a_dropped_connection_reconnects_to_the_same_session(page):
    """The server sees the websocket drop; the page reconnects by itself and goes on counting.

    Fails if a dropped connection lost the session (a fresh one: count back to 0, run counter
    back to 1), or if the page did not reconnect by itself."""
    to_server = []  # the page's websockets, each passed through to the real server

    def pass_through(websocket):
        to_server.append(websocket.connect_to_server())

    page.route_web_socket(re.compile(r"/_stcore/stream$"), pass_through)
    open_lesson(page, "session-state")
    increment(page, 2, runs_before=1)
    expect(page.get_by_text("Count = 2", exact=True)).to_be_visible()
    with page.expect_websocket():  # the page opens a new connection by itself
        to_server[-1].close()  # the server sees the connection drop
    assert len(to_server) == 2
    expect(button(page, "Increment")).to_be_enabled()  # reconnected
    increment(page, 1, runs_before=3)  # the run counter goes on from 3: the same session
    expect(page.get_by_text("Count = 3", exact=True)).to_be_visible()
    # Must NOT happen: a fresh session (count back to 0, counter back to 1).
    expect(page.get_by_text("Count = 1", exact=True)).to_have_count(0)


def test_ss13_the_exercise_accepts_the_count_before_the_click_on_the_top_line(page):
    """The top-line exercise accepts 0 in a real browser, where the click's run is judged.

    Fails if the exercise judged by the count after the click (1) or by a later run."""
    open_lesson(page, "session-state")
    exercise = lock_in(page, "top-line", 0)
    wait_for_run_to_finish(page)
    increment(page, 1, runs_before=2)  # the lock-in's run was #2
    expect(page.get_by_text("Count = 1", exact=True)).to_be_visible()
    expect(page.get_by_text("Count as seen at the top of this run: 0")).to_be_visible()
    exercise.get_by_role("button", name="Check").click()
    expect(exercise.get_by_text(re.compile(r"^Right: the top line shows 0\. "))).to_be_visible()
    # Must NOT happen: a wrong verdict, or any error, for the right answer.
    expect(exercise.get_by_text(re.compile(r"^The top line shows"))).to_have_count(0)
    expect(page.get_by_test_id("stException")).to_have_count(0)


@contextmanager
def own_streamlit(script: Path, port: int, log: Path):
    """A Streamlit server of this test's own on 127.0.0.1:port, serving script under
    /session-state/ with the lessons' settings (apps/.streamlit/config.toml); stopped on leaving.
    The claims about a server's memory need a server this test can stop."""
    command = [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port)]
    command += ["--server.address", "127.0.0.1", "--server.baseUrlPath", "session-state"]
    with log.open("a") as output:
        server = subprocess.Popen(command, cwd=REPO / "apps", stdout=output, stderr=subprocess.STDOUT)
    try:
        health = f"http://127.0.0.1:{port}/session-state/_stcore/health"
        deadline = time.monotonic() + 90
        while True:
            assert server.poll() is None, f"Streamlit exited: {log.read_text()[-2000:]}"
            try:
                with urllib.request.urlopen(health, timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                assert time.monotonic() < deadline, f"Streamlit never answered: {log.read_text()[-2000:]}"
                time.sleep(0.2)  # polling a process start-up, not waiting on the page
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.fixture
def own_page(browser):
    """A new student's page for a server of the test's own (own_streamlit)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


# A session-scoped cache beside session state: what a dropped connection keeps, and what not.
SESSION_CACHE_SCRIPT = """
import time

import streamlit as st


@st.cache_data(scope="session")
def stamp():
    return time.time_ns()


if "count" not in st.session_state:
    st.session_state.count = 0
if st.button("Increment"):
    st.session_state.count += 1
st.write(f"Count = {st.session_state.count}")
st.write(f"Cached stamp = {stamp()}")
"""


def test_ss3_a_dropped_connection_keeps_session_state_but_not_the_session_cache(own_page, tmp_path):
    """On a running server, a dropped websocket that reconnects finds its session state, while
    its `scope="session"` cache was dropped at the disconnect (SS3 agrees with the caching lesson).

    Fails if a disconnect dropped session state too (Count back to 0), or if a session-scoped
    cache survived a disconnect whose session resumed (the same stamp after the reconnect)."""
    script = tmp_path / "session_cache.py"
    script.write_text(SESSION_CACHE_SCRIPT)
    with own_streamlit(script, free_port(), tmp_path / "streamlit.log") as url:
        page = own_page
        to_server = []  # the page's websockets, each passed through to the real server
        page.route_web_socket(
            re.compile(r"/_stcore/stream$"), lambda ws: to_server.append(ws.connect_to_server())
        )
        page.goto(f"{url}/session-state/")
        expect(page.get_by_text("Count = 0", exact=True)).to_be_visible()
        stamp = page.get_by_text(re.compile(r"^Cached stamp = \d+$"))
        first = stamp.inner_text()
        button(page, "Increment").click()
        expect(page.get_by_text("Count = 1", exact=True)).to_be_visible()
        expect(stamp).to_have_text(first)  # a cache hit while connected
        with page.expect_websocket():  # the page opens a new connection by itself
            to_server[-1].close()  # the server sees the connection drop
        expect(button(page, "Increment")).to_be_enabled()
        button(page, "Increment").click()
        expect(page.get_by_text("Count = 2", exact=True)).to_be_visible()  # the same session
        # Must NOT happen: the session's cache still holding the value from before the drop.
        expect(stamp).not_to_have_text(first)


def nickname_line(page):
    return page.get_by_text(re.compile(r"^st\.session_state\.nickname is '.*'$"))


def test_ss16_ss20_a_deleted_widget_key_leaves_the_box_showing_its_text(page):
    """Forget deletes the nickname's key in a callback: in that run the line reads '', while the
    box in the browser still shows the nickname, and the next interaction brings the key back.
    The exercise accepts the '' of the click's run.

    Fails if deleting a widget's key emptied the box on the page, if the click's run still read
    the nickname, if the browser did not send the box's text back with the next click, or if
    setting the key in a callback (the way SS16 offers) did not change the box either."""
    open_lesson(page, "session-state")
    exercise = lock_in(page, "forget-nickname", "'' (an empty string)")
    wait_for_run_to_finish(page)
    box = page.get_by_label("Nickname", exact=True)
    box.fill("Grace")
    box.press("Enter")
    expect(nickname_line(page)).to_have_text("st.session_state.nickname is 'Grace'")
    wait_for_run_to_finish(page)
    button(page, "Forget the nickname").click()
    expect(nickname_line(page)).to_have_text("st.session_state.nickname is ''")
    wait_for_run_to_finish(page)
    # Must NOT happen: the box emptied along with its key.
    expect(box).to_have_value("Grace")
    exercise.get_by_role("button", name="Check").click()
    expect(
        exercise.get_by_text(re.compile(r"^Right: the line showed '' \(an empty string\)\. "))
    ).to_be_visible()
    # The Check click was the next interaction: the browser sent "Grace" back with it.
    expect(nickname_line(page)).to_have_text("st.session_state.nickname is 'Grace'")
    wait_for_run_to_finish(page)
    button(page, "Set the nickname through session state").click()  # what does change the box
    expect(box).to_have_value("Ada")


def test_ss18_a_restarted_server_has_forgotten_every_session(own_page, tmp_path):
    """The lesson on a server of the test's own: two clicks count to 2, the server is stopped and
    started again; the page reconnects by itself, and its next click runs in a new session that
    counts from 0.

    Fails if session state outlived the server process (Count = 3 after the click, the run
    counter going on from 3), or if the page did not reconnect by itself to the new server."""
    page, port, log = own_page, free_port(), tmp_path / "streamlit.log"
    lesson = REPO / "apps" / "session-state" / "app.py"
    with own_streamlit(lesson, port, log) as url:
        page.goto(f"{url}/session-state/")
        expect(full_runs(page)).to_have_text("1")
        wait_for_run_to_finish(page)
        increment(page, 2, runs_before=1)
        expect(page.get_by_text("Count = 2", exact=True)).to_be_visible()
    expect(button(page, "Increment")).to_be_disabled()  # the page has lost its server
    with own_streamlit(lesson, port, log):
        expect(button(page, "Increment")).to_be_enabled()  # reconnected by itself
        increment(page, 1, runs_before=0)  # the new session's first run
        expect(page.get_by_text("Count = 1", exact=True)).to_be_visible()
        # Must NOT happen: the old session's count going on.
        expect(page.get_by_text("Count = 3", exact=True)).to_have_count(0)
