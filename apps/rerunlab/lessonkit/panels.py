"""Code, pitfalls and further-reading panels, the same on every lesson."""

from __future__ import annotations

import inspect

import streamlit as st


def code_panel(*objects, caption: str = "The code behind this demo, exactly as it runs here") -> None:
    """Shows the source of functions or classes the lesson really uses (no drifting copy)."""
    source = "\n\n".join(inspect.getsource(obj).rstrip() for obj in objects)
    with st.expander(caption, expanded=False):
        st.code(source, language="python")


def pitfalls(*items: str) -> None:
    for item in items:
        st.warning(item, icon="⚠️")


def further_reading(links: dict[str, str]) -> None:
    st.markdown("\n".join(f"- [{title}]({url})" for title, url in links.items()))


def value_at_top_of_run(key: str) -> None:
    """Shows st.session_state[key] as this run found it, before any click below is handled."""
    st.write(f"Count as seen at the top of this run: **{st.session_state.get(key, 0)}**")
