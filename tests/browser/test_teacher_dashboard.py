"""The teacher dashboard and the landing page's share panel, in a real browser."""

import socket
from contextlib import ExitStack

import pytest
from playwright.sync_api import Page, expect

from harness.streamlit_ws import StreamlitSession
from repo_layout import lesson_named
from student_view import REPLICAS, STARTED_RECENTLY, STUDENTS_NOW, lesson_row, screenshot

WATCHED = lesson_named("session-state")  # a lesson no other test keeps sessions open on


def students_now(page: Page, lesson) -> int:
    row = lesson_row(page, lesson)
    expect(row).to_contain_text("running")
    return int(row.get_by_role("cell").nth(STUDENTS_NOW).inner_text())


def test_dashboard_counts_the_sessions_open_on_a_lesson(teacher_page, stack):
    page = teacher_page
    page.goto("/teacher/")
    expect(page.get_by_role("heading", name="Teacher dashboard")).to_be_visible()
    before = students_now(page, WATCHED)
    row = lesson_row(page, WATCHED)
    expect(row.get_by_role("cell").nth(REPLICAS)).to_have_text(stack.env.get("LESSON_REPLICAS", "1"))
    with ExitStack() as sessions:
        for _ in range(3):
            sessions.enter_context(StreamlitSession(stack.base_url, WATCHED.slug)).run_script()
        expect(row.get_by_role("cell").nth(STUDENTS_NOW)).to_have_text(str(before + 3), timeout=20_000)
        screenshot(page, "teacher")
    # Closed sessions leave the count again.
    expect(row.get_by_role("cell").nth(STUDENTS_NOW)).to_have_text(str(before), timeout=20_000)


def test_sessions_that_came_and_went_before_the_dashboard_was_opened_are_counted(teacher_page, owned_stack):
    page = teacher_page
    # A fresh teacher server, whose dashboard no one has opened yet.
    owned_stack.compose("restart", "teacher")
    owned_stack.wait_healthy("/teacher/_stcore/health", auth=owned_stack.teacher_auth())
    for _ in range(3):  # three students come and go
        with StreamlitSession(owned_stack.base_url, WATCHED.slug) as session:
            session.run_script()
    page.goto("/teacher/")
    row = lesson_row(page, WATCHED)
    expect(row).to_contain_text("running")
    # Must NOT start counting only when the page is opened (it showed 0 here before).
    started = int(row.get_by_role("cell").nth(STARTED_RECENTLY).inner_text())
    assert started >= 3


def test_landing_page_shares_the_class_address_with_a_qr_code(page, stack):
    page.goto("/")
    link = page.locator("#class-url")
    expect(link).to_have_text(f"{stack.base_url}/")
    expect(page.locator("#class-qr svg")).to_be_visible()
    # The tests open the page at 127.0.0.1, which students can't reach: say so.
    expect(page.get_by_role("alert")).to_contain_text("students can't use it")


def test_no_warning_when_opened_at_this_machines_network_address(page, stack):
    lan_ip = own_network_address()
    url = stack.base_url.replace("127.0.0.1", lan_ip) + "/"
    page.goto(url)
    expect(page.locator("#class-url")).to_have_text(url)
    expect(page.locator("#class-qr svg")).to_be_visible()
    expect(page.get_by_role("alert")).to_be_hidden()  # must NOT warn: students can use it
    screenshot(page, "share-panel")


def own_network_address() -> str:
    """This machine's address on its network (a UDP "connect" sends no packet)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.connect(("192.0.2.1", 9))  # TEST-NET-1: never routed anywhere real
        address = probe.getsockname()[0]
    if address.startswith("127."):
        pytest.skip("this machine has no network address besides loopback")
    return address
