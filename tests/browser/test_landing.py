"""The landing page as a student meets it: health dots, progress, keyboard (its accessibility:
test_page_content.py)."""

import re

from playwright.sync_api import expect

from repo_layout import LESSONS
from student_view import screenshot


def test_health_dots_turn_green(page):
    page.goto("/")
    expect(page).to_have_title("Lessons · Rerun Lab")
    dots = page.locator("li.lesson .dot")
    expect(dots).to_have_count(len(LESSONS))
    for i in range(len(LESSONS)):
        expect(dots.nth(i)).to_have_attribute("data-state", "up")
    screenshot(page, "landing")


def test_progress_is_remembered_in_this_browser(page):
    page.goto("/")
    first, second = page.locator("li.lesson").nth(0), page.locator("li.lesson").nth(1)
    expect(first).to_have_class("lesson next-up")
    first.get_by_role("link").click()
    expect(page).to_have_url(re.compile(f"/{LESSONS[0].slug}/$"))
    page.go_back()
    expect(first.locator(".progress")).to_be_visible()
    expect(second).to_have_class("lesson next-up")
    page.get_by_role("button", name="Forget my progress").click()
    expect(first.locator(".progress")).to_be_hidden()


def test_keyboard_reaches_and_opens_a_lesson(page):
    page.goto("/")
    page.keyboard.press("Tab")  # the skip link comes first
    expect(page.get_by_role("link", name="Skip to content")).to_be_focused()
    first_lesson = page.get_by_role("link", name=LESSONS[0].title)
    for _ in range(5):  # past the brand and the class address, onto the first lesson
        page.keyboard.press("Tab")
        if first_lesson.evaluate("link => link === document.activeElement"):
            break
    expect(first_lesson).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name=LESSONS[0].title)).to_be_visible()
