"""The teacher dashboard: who is in which lesson right now, what the class predicted in the
exercises (the check-in), and the class address to share.

Served by apps/teacher/app.py, whose class watch keeps the activity history between visits."""

import io
import os

import segno
import streamlit as st

from rerunlab.catalog import load_catalog
from rerunlab.checkin_view import checkin_section
from rerunlab.class_watch import REFRESH_S, read_class
from rerunlab.lessonkit.page import ACCESSIBLE_CSS

RUNNING = ":material/check_circle: running"
DOWN = ":material/cancel: down"

st.set_page_config(page_title="Teacher dashboard · Rerun Lab", page_icon="🧑‍🏫", layout="wide")
st.html(f"<style>{ACCESSIBLE_CSS}</style>")
lessons = load_catalog()


def class_url() -> str:
    """RERUNLAB_PUBLIC_URL if set, else the address this dashboard was opened with."""
    configured = os.environ.get("RERUNLAB_PUBLIC_URL", "").strip()
    if configured:
        return configured if configured.endswith("/") else configured + "/"
    headers = st.context.headers
    scheme = headers.get("X-Forwarded-Proto", "http")
    return f"{scheme}://{headers.get('Host', 'localhost')}/"


st.title("Teacher dashboard")
share, qr = st.columns([3, 1])
url = class_url()
with share:
    st.subheader("Class address")
    st.markdown(f"## [{url}]({url})")
    st.caption("Put this on the projector, or let students scan the QR code.")
with qr:
    image = io.BytesIO()
    segno.make(url, error="m").save(image, kind="png", scale=6, border=2)
    st.image(image.getvalue(), caption="QR code of the class address", width=200, alt=f"QR code for {url}")


@st.fragment(run_every=REFRESH_S)
def live_status():
    statuses, recent = read_class()
    total, up = sum(s.students for s in statuses), sum(s.up for s in statuses)
    now, joined, running = st.columns(3)
    now.metric("Students connected now", total)
    joined.metric("Sessions started, last 5 min", sum(recent))
    running.metric("Lessons running", f"{up} of {len(statuses)}")
    rows = [
        "| # | Lesson | Status | Replicas | Students now | Started, last 5 min | Started since restart |",
        "|---|---|---|---|---|---|---|",
    ]
    for lesson, status, joined_recently in zip(lessons, statuses, recent, strict=True):
        # Streamlit's own icon font: an emoji circle shows as a box where no emoji font is installed.
        state = RUNNING if status.up else f"{DOWN} ({status.problem})"
        replicas = str(status.replicas)
        if status.replicas != status.replicas_found:
            replicas += f" of {status.replicas_found} ({status.problem})"
        rows.append(
            f"| {lesson.number} | [{lesson.markdown_title}](../{lesson.slug}/) | {state} | {replicas} "
            f"| {status.students} | {joined_recently} | {status.sessions_started} |"
        )
    st.markdown("\n".join(rows))
    st.caption(
        f"Refreshed every {REFRESH_S} s from each lesson's own metrics, inside the server; "
        "sessions are counted from the server's start, whether or not this page was open."
    )


live_status()
checkin_section()
