"""The kit's echo() shows exactly what st.echo shows, for every echo block of every lesson
(it only parses the file once per process instead of on every call)."""

import re

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from apptest_helpers import APPS_DIR, RUN_TIMEOUT_S
from rerunlab.catalog import load_catalog

ECHO_CALL = re.compile(r"\b(?:st\.)?echo\(")
ECHOING = [
    lesson.slug
    for lesson in load_catalog()
    if ECHO_CALL.search((APPS_DIR / lesson.slug / "app.py").read_text())
]


def shown_code(tmp_path, slug: str, echo: str) -> list[str]:
    """The code elements of a first run of the lesson with its echo blocks drawn by `echo`."""
    source = (APPS_DIR / slug / "app.py").read_text()
    variant = tmp_path / echo.replace(".", "-") / slug / "app.py"  # lesson_page() reads the folder's name
    variant.parent.mkdir(parents=True)
    for module in (APPS_DIR / slug).glob("*.py"):  # the lesson's own modules, beside app.py
        if module.name != "app.py":
            (variant.parent / module.name).write_text(module.read_text())
    variant.write_text(
        "import streamlit as st\nfrom rerunlab.lessonkit.echo import echo\n"
        + ECHO_CALL.sub(f"{echo}(", source)
    )
    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(str(variant), default_timeout=RUN_TIMEOUT_S).run()
    assert not at.exception
    return [code.value for code in at.code]


@pytest.mark.parametrize("slug", ECHOING)
def test_the_kits_echo_shows_what_st_echo_shows(tmp_path, slug):
    theirs = shown_code(tmp_path, slug, "st.echo")
    ours = shown_code(tmp_path, slug, "echo")
    assert theirs  # the lesson has echo blocks drawn on its first run
    assert ours == theirs


def test_echo_below_draws_the_code_after_the_blocks_output():
    def script():
        import streamlit as st

        from rerunlab.lessonkit.echo import echo

        with echo(code_location="below"):
            st.write("output")
        with echo():
            st.write("second")

    at = AppTest.from_function(script).run()
    kinds = [(node.type, getattr(node, "value", "")) for node in at.main if node.type in ("markdown", "code")]
    assert kinds == [
        ("markdown", "output"),
        ("code", 'st.write("output")'),
        ("code", 'st.write("second")'),
        ("markdown", "second"),
    ]
