"""Fixtures for the AppTest suites: one lesson script run in-process, no server."""

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from apptest_helpers import APPS_DIR, RUN_TIMEOUT_S


@pytest.fixture
def open_lesson():
    """Returns a function that loads a lesson by slug and runs it once, like a first visit."""
    # Caches are process-wide and outlive AppTest instances: start every test cold.
    st.cache_data.clear()
    st.cache_resource.clear()

    def _open(slug: str) -> AppTest:
        return AppTest.from_file(str(APPS_DIR / slug / "app.py"), default_timeout=RUN_TIMEOUT_S).run()

    yield _open
    st.cache_data.clear()
    st.cache_resource.clear()
