"""Fixtures for the AppTest suites: one lesson script run in-process, no server.

These tests also run inside each lesson's image (its `test` build target), where the
lessons live in /app; RERUNLAB_APPS_DIR says where to find them.
"""

import os
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

APPS_DIR = Path(os.environ.get("RERUNLAB_APPS_DIR", Path(__file__).resolve().parents[2] / "apps"))

# Generous: a lesson's deliberately slow steps take about a second each.
RUN_TIMEOUT_S = 15


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
