"""The teacher dashboard's server: Streamlit serving dashboard.py, plus a lifespan hook.

`streamlit run` finds the ``st.App`` below and serves its script as usual (same config, same
routes); the hook starts the class watch with the server, so the dashboard's "sessions
started, last 5 min" counts students who came and went while no dashboard was open.
"""

import streamlit as st

from rerunlab.class_watch import watch_lessons

app = st.App("dashboard.py", lifespan=watch_lessons)
