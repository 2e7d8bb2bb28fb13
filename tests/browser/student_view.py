"""Reading a lesson page the way a student sees it."""

from playwright.sync_api import Locator, Page


def counter(page: Page, label: str) -> Locator:
    """The value of the st.metric with this label, as a locator to expect on."""
    return page.get_by_test_id("stMetric").filter(has_text=label).get_by_test_id("stMetricValue")


def full_runs(page: Page) -> Locator:
    """The lesson kit's full-run counter."""
    return counter(page, "Full script runs in this session")
