"""caching: the lesson's key claims as a student sees them in a real browser through nginx,
each with something that must NOT happen. Waits on conditions (expect), never on sleeps."""

import re
import uuid

import pytest
from playwright.sync_api import expect

from harness.stack import AFFINITY_COOKIE
from student_view import (
    button,
    counter,
    full_runs,
    lock_in,
    newest_run,
    open_lesson,
    press_slider,
    wait_for_run_to_finish,
)

pytestmark = pytest.mark.lesson_behaviour  # the Compose pass (tests/conftest.py)


def test_ca6_caching_a_seen_argument_is_a_cache_hit(page):
    """Fails if the cached body ran again, on the real server, for an argument it had seen."""
    open_lesson(page, "caching")
    cached_body = counter(page, "Times the body ran").nth(1)
    before = int(cached_body.inner_text())
    press_slider(page, 0, "ArrowRight")  # 4 → 5: new to this session, maybe not to the server
    expect(newest_run(page)).to_contain_text("n: 4 → 5")
    wait_for_run_to_finish(page)
    after_new = int(cached_body.inner_text())
    press_slider(page, 0, "ArrowLeft")  # back to 4: seen before
    expect(newest_run(page)).to_contain_text("n: 5 → 4")
    expect(newest_run(page)).to_contain_text("cached_square(4): cache hit")
    # Must NOT happen: the cached body running again for an argument it has seen.
    expect(cached_body).to_have_text(str(after_new))
    assert after_new >= before


def submit_in_form(page, field: str, text: str, submit: str) -> None:
    page.get_by_role("textbox", name=field).fill(text)
    button(page, submit).click()


def test_ca4_ca5_ca7_ca8_ca14_a_global_cache_is_shared_a_session_cache_is_not(page, browser, stack):
    """Fails if a global cache were per session (the neighbour, another session of the same
    server, would not see the signature) or dropped with the session (gone after the reload),
    or if a scope="session" cache were shared (the neighbour would see the note) or kept for
    the browser across a reload (the note back in the new session)."""
    mark = uuid.uuid4().hex[:8]  # the server's guestbook outlives this test: find our own entries
    signature, secret = f"Ada {mark}", f"secret {mark}"
    open_lesson(page, "caching")
    submit_in_form(page, "Your name", signature, "Sign")
    expect(page.get_by_text("Signed by:")).to_contain_text(signature)
    submit_in_form(page, "A private note", secret, "Keep")
    expect(page.get_by_text("Your notes:")).to_have_text(f"Your notes: {secret}.")

    # Another student, sent by nginx to the same lesson process: a cache lives in one process,
    # and with replicas (the swarm deployment) another cookie could mean another replica.
    neighbour = browser.new_context(base_url=stack.base_url).new_page()
    neighbour.context.add_cookies(
        [cookie for cookie in page.context.cookies() if cookie["name"] == AFFINITY_COOKIE]
    )
    try:
        open_lesson(neighbour, "caching")
        # scope="global": the neighbour gets the same list object ...
        expect(neighbour.get_by_text("Signed by:")).to_contain_text(signature)
        # ... scope="session": the neighbour must NOT see the note.
        expect(neighbour.get_by_text("Your notes:")).to_have_text("Your notes: none yet.")
    finally:
        neighbour.context.close()

    page.reload()  # the old session disconnects; the page starts a new one
    expect(full_runs(page)).to_have_text("1")
    wait_for_run_to_finish(page)
    expect(page.get_by_text("Signed by:")).to_contain_text(signature)  # survives the reload
    expect(page.get_by_text("Your notes:")).to_have_text("Your notes: none yet.")  # dropped


def test_ca5_ca8_ss3_a_dropped_connection_keeps_the_session_but_drops_its_session_cache(page):
    """The connection drops and the page reconnects to the same session (its run counter goes
    on): the session's state survives, the scope="session" cache does not.

    Fails if a session-scoped cache lived as long as the session (kept through a reconnect),
    or if the reconnect had started a new session instead (counter back to 1)."""
    to_server = []  # the page's websockets, each passed through to the real server

    def pass_through(websocket):
        to_server.append(websocket.connect_to_server())

    page.route_web_socket(re.compile(r"/_stcore/stream$"), pass_through)
    open_lesson(page, "caching")
    submit_in_form(page, "A private note", "kept?", "Keep")
    expect(page.get_by_text("Your notes:")).to_have_text("Your notes: kept?.")
    expect(full_runs(page)).to_have_text("2")
    wait_for_run_to_finish(page)
    with page.expect_websocket():  # the page opens a new connection by itself
        to_server[-1].close()  # the server sees the connection drop
    assert len(to_server) == 2
    expect(button(page, "Keep")).to_be_enabled()  # reconnected
    press_slider(page, 0, "ArrowRight")  # a rerun in the reconnected session
    expect(full_runs(page)).to_have_text("3")  # the same session: its counter goes on
    wait_for_run_to_finish(page)
    # Must NOT happen: the note surviving the disconnect, as the session's state did.
    expect(page.get_by_text("Your notes:")).to_have_text("Your notes: none yet.")


def test_ca10_ca11_ca12_the_upload_stays_and_the_download_adds_no_run(page):
    """Fails if a rerun needed the file uploaded again (another upload request), if the download
    were served from the upload's URL or with other bytes, or if its click added a run despite
    on_click="ignore"."""
    open_lesson(page, "caching")
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    content = b"name,answer\nada,42\n"
    page.locator('input[type="file"]').set_input_files(
        {"name": "answers.csv", "mimeType": "text/csv", "buffer": content}
    )
    expect(page.get_by_text("answers.csv: 2 lines, 19 bytes")).to_be_visible()
    wait_for_run_to_finish(page)
    uploads = [url for url in requests if "/_stcore/upload_file/" in url]
    assert uploads, requests

    # Another rerun reads the file again from the server's memory: no new upload.
    runs = int(full_runs(page).inner_text())
    press_slider(page, 0, "ArrowRight")
    expect(full_runs(page)).to_have_text(str(runs + 1))
    wait_for_run_to_finish(page)
    expect(newest_run(page)).to_contain_text("summarize(b'name,answer\\nada,42\\n'): cache hit")
    assert [url for url in requests if "/_stcore/upload_file/" in url] == uploads  # must NOT upload again

    # The download: the bytes given to the button, served as media, and no rerun.
    with page.expect_download() as download:
        page.get_by_role("button", name="Download it back").click()
    assert download.value.suggested_filename == "answers.csv"
    assert "/media/" in download.value.url
    assert "upload_file" not in download.value.url
    with open(download.value.path(), "rb") as downloaded:
        assert downloaded.read() == content
    # Must NOT happen: a run for the click. The next rerun is only one more.
    press_slider(page, 0, "ArrowLeft")
    expect(newest_run(page)).to_contain_text(f"#{runs + 2} ")
    expect(full_runs(page)).to_have_text(str(runs + 2))


def test_ca18_the_exercise_accepts_a_cache_hit_for_the_same_file_again(page):
    """Fails if the same bytes under another name were a cache miss on the real server, or the
    exercise refused the right answer for it."""
    open_lesson(page, "caching")
    content = f"mark,{uuid.uuid4().hex}\n".encode()  # bytes no one has uploaded to this server yet
    uploader = page.locator('input[type="file"]')
    uploader.set_input_files({"name": "first.csv", "mimeType": "text/csv", "buffer": content})
    expect(page.get_by_text("first.csv: 1 lines")).to_contain_text("summarize: cache miss")
    wait_for_run_to_finish(page)
    exercise = lock_in(page, "same-file", "a cache hit")
    wait_for_run_to_finish(page)
    page.get_by_role("button", name="Remove first.csv").click()  # the ✕ next to the file
    expect(page.get_by_text("first.csv: 1 lines")).to_have_count(0)
    wait_for_run_to_finish(page)
    uploader.set_input_files({"name": "renamed.csv", "mimeType": "text/csv", "buffer": content})
    expect(page.get_by_text("renamed.csv: 1 lines")).to_contain_text("summarize: cache hit")
    wait_for_run_to_finish(page)
    exercise.get_by_role("button", name="Check").click()
    expect(exercise.get_by_text(re.compile(r"^Right: the page shows a cache hit\. "))).to_be_visible()
    # Must NOT happen: a wrong verdict, or any error, for the right answer.
    expect(exercise.get_by_text(re.compile(r"^The page shows"))).to_have_count(0)
    expect(page.get_by_test_id("stException")).to_have_count(0)


def test_ca20_ca21_ca25_a_stale_entry_stays_until_its_own_clear(page):
    """The lesson's `in_coins` reads the global `rate`, not an argument, through a cache of the
    page's own session (so no other test's clicks reach it).

    Fails if a changed global reached a cached result without a clear (20 € at the new rate at
    once), if `in_coins.clear(10)` dropped more than the entry for 10, or if the exercise judged
    20 € at the new rate."""
    open_lesson(page, "caching")
    line = page.get_by_text(re.compile(r"^10 € = "))
    expect(line).to_have_text("10 € = 20 coins, 20 € = 40 coins")
    exercise = lock_in(page, "stale-coins", 40)
    wait_for_run_to_finish(page)
    rate = page.get_by_test_id("stNumberInput").filter(has_text="Coins per euro")
    rate.get_by_test_id("stNumberInputStepUp").click()  # 2 → 3
    expect(rate.get_by_role("spinbutton")).to_have_value("3")
    expect(newest_run(page)).to_contain_text("rate: 2 → 3")
    wait_for_run_to_finish(page)
    # Must NOT happen: the new rate in the cached results without a clear.
    expect(line).to_have_text("10 € = 20 coins, 20 € = 40 coins")
    button(page, "in_coins.clear(10)").click()
    expect(line).to_have_text("10 € = 30 coins, 20 € = 40 coins")  # only 10's entry computed anew
    wait_for_run_to_finish(page)
    exercise.get_by_role("button", name="Check").click()
    expect(exercise.get_by_text(re.compile(r"^Right: the page shows 20 € = 40 coins\. "))).to_be_visible()
    button(page, "in_coins.clear()").click()
    expect(line).to_have_text("10 € = 30 coins, 20 € = 60 coins")
