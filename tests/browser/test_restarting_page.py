"""A student on a lesson that goes down sees its "restarting" page, which brings them back."""

from playwright.sync_api import expect

from repo_layout import lesson_named

# Any lesson would do; one is named so that adding a lesson to the catalog doesn't change which.
DOWN = lesson_named("caching")


def test_the_restarting_page_reopens_the_lesson_when_it_is_back(page, owned_stack):
    owned_stack.compose("stop", "--timeout", "2", DOWN.slug)
    try:
        page.goto(DOWN.path)
        expect(page.get_by_role("heading", name=f"“{DOWN.title}” is restarting")).to_be_visible()
        expect(page.get_by_role("status")).to_contain_text("Still restarting")
    finally:
        owned_stack.compose("start", DOWN.slug)
    # No click, no reload by the student: the page notices the lesson is back.
    expect(page.get_by_role("heading", name=DOWN.title, exact=True)).to_be_visible(timeout=90_000)
