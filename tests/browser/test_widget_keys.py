"""widget-keys: the lesson's key claims as a student sees them in a real browser through nginx,
each with something that must NOT happen. Waits on conditions (expect), never on sleeps."""

from playwright.sync_api import expect

from student_view import open_lesson, press_slider


def test_widget_keys_a_keyed_slider_survives_a_label_change(page):
    open_lesson(page, "widget-keys")
    press_slider(page, 0, "ArrowRight", times=3)  # keyless: 10 → 13 (one rerun per key press)
    press_slider(page, 1, "ArrowRight", times=5)  # keyed: 10 → 15
    expect(page.get_by_text("Value: 15")).to_be_visible()
    expect(page.get_by_text("Value: 13")).to_be_visible()
    page.get_by_text("inch", exact=True).click()
    expect(page.get_by_text("Value: 10")).to_be_visible()  # the keyless slider started over
    # Must NOT happen: the keyed slider resetting with its label.
    expect(page.get_by_text("Value: 15")).to_be_visible()
