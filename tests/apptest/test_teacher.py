"""teacher: the dashboard's parts that AppTest can check without a stack. Its live counts
against real lessons are checked through the stack (tests/browser/test_teacher_dashboard.py)."""

import time

import pytest
from streamlit.testing.v1 import AppTest
from streamlit.web.server.app_discovery import discover_asgi_app

from apptest_helpers import APPS_DIR, RUN_TIMEOUT_S
from rerunlab.catalog import load_catalog
from rerunlab.checkin import ExerciseSummary
from rerunlab.checkin_view import CLEAR_LABEL, STORE_DOWN, table
from rerunlab.class_watch import ClassWatch
from rerunlab.lesson_metrics import Activity, LessonStatus, parse_metrics

# What a Streamlit 1.67 lesson answers at /<slug>/_stcore/metrics.
METRICS = """\
# TYPE session_events counter
# HELP session_events Total count of session events by type.
session_events_total{type="connect"} 7
session_events_total{type="reconnect"} 2
session_events_total{type="disconnect"} 5
# TYPE session_duration_seconds counter
# UNIT session_duration_seconds seconds
# HELP session_duration_seconds Total time spent in active sessions, in seconds.
session_duration_seconds_total 120
# TYPE active_sessions gauge
# HELP active_sessions Current number of active sessions.
active_sessions 4
# EOF
"""


def test_metrics_give_students_now_and_sessions_started():
    assert parse_metrics(METRICS) == (4, 9)


def test_activity_counts_sessions_started_within_the_window():
    activity = Activity(window_s=300)
    assert activity.record(LessonStatus("forms", True, sessions_started=10), now=0) == 0
    assert activity.record(LessonStatus("forms", True, sessions_started=13), now=100) == 3
    # Readings older than the window drop out:
    assert activity.record(LessonStatus("forms", True, sessions_started=14), now=350) == 1
    # Must NOT carry counts across a restart:
    assert activity.record(LessonStatus("forms", False), now=360) == 0
    assert activity.record(LessonStatus("forms", True, sessions_started=1), now=370) == 0


@pytest.fixture
def dashboard(monkeypatch):
    # Nothing answers on port 9: every lesson is down, as when the stack is starting.
    monkeypatch.setenv("RERUNLAB_LESSON_URL", "http://127.0.0.1:9/{slug}")
    monkeypatch.setenv("RERUNLAB_PUBLIC_URL", "http://192.0.2.10:8080")
    # The dashboard's script; apps/teacher/app.py is the st.App that serves it.
    return AppTest.from_file(str(APPS_DIR / "teacher" / "dashboard.py"), default_timeout=RUN_TIMEOUT_S).run()


def test_the_teacher_server_is_an_st_app_serving_the_dashboard_with_the_class_watch():
    # `streamlit run apps/teacher/app.py` (the image's command) must find the st.App.
    found = discover_asgi_app(APPS_DIR / "teacher" / "app.py")
    assert found.is_asgi_app
    assert found.import_string.endswith(":app")


def test_the_class_watch_records_readings_without_a_dashboard(monkeypatch):
    monkeypatch.setenv("RERUNLAB_LESSON_URL", "http://127.0.0.1:9/{slug}")
    activity = Activity()
    watch = ClassWatch(interval_s=0.05, activity=activity)
    watch.start()
    try:
        deadline = time.monotonic() + 10
        while len(activity.readings) < len(load_catalog()) and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        watch.stop()
    assert not watch.thread.is_alive()  # stops with the server
    assert sorted(activity.readings) == sorted(lesson.slug for lesson in load_catalog())


def test_the_dashboard_shows_the_class_address_and_qr(dashboard):
    assert not dashboard.exception
    assert dashboard.title[0].value == "Teacher dashboard"
    assert any("http://192.0.2.10:8080/" in m.value for m in dashboard.markdown)
    assert dashboard.get("image")  # the QR code


def test_lessons_that_do_not_answer_are_shown_down(dashboard):
    table = next(m.value for m in dashboard.markdown if m.value.startswith("| # | Lesson"))
    lessons = len(load_catalog())
    assert table.count(":material/cancel: down") == lessons
    assert "running" not in table  # must NOT claim a lesson runs
    assert next(m.value for m in dashboard.metric if m.label == "Lessons running") == f"0 of {lessons}"


def test_without_a_check_in_store_the_dashboard_says_answers_are_not_shared(dashboard):
    assert any("No check-in store is configured" in i.value for i in dashboard.info)
    assert not dashboard.error


def test_a_check_in_store_that_is_down_is_shown_down(monkeypatch):
    monkeypatch.setenv("RERUNLAB_LESSON_URL", "http://127.0.0.1:9/{slug}")
    monkeypatch.setenv("RERUNLAB_CHECKIN_URL", "valkey://127.0.0.1:9/0")  # nothing listens there
    at = AppTest.from_file(str(APPS_DIR / "teacher" / "dashboard.py"), default_timeout=RUN_TIMEOUT_S).run()
    assert not at.exception
    assert [e.value for e in at.error] == [STORE_DOWN]
    # Must NOT happen: the lessons' table gone with the store.
    assert any(m.value.startswith("| # | Lesson") for m in at.markdown)


def test_the_check_in_table_lists_exercises_in_lesson_order_with_safe_cells():
    summaries = [
        ExerciseSummary("forms", "f1", "What | now?", 4, 3, 1, "2", 2),
        ExerciseSummary("rerun-basics", "r1", "How many **runs**?", 2, 2, 2, None, 0),
        ExerciseSummary("gone", "x", "Old lesson", 1, 0, 0, None, 0),
    ]
    rows = table(summaries).splitlines()[2:]
    assert [row.split(" | ")[1] for row in rows][0].startswith("[")  # a link to the lesson
    assert ["rerun-basics" in rows[0], "forms" in rows[1], "gone" in rows[2]] == [True] * 3
    assert "What \\| now?" in rows[1]  # must NOT split the row
    assert rows[1].endswith("| 4 | 3 | 1 (33 %) | 2 (2) |")  # right: of those who checked
    assert rows[0].endswith("| 2 | 2 | 2 (100 %) | none |")
    assert rows[2].endswith("| 1 | 0 | 0 | none |")  # locked in, not checked yet


def test_new_class_asks_again_before_clearing_and_says_when_nothing_was_cleared(monkeypatch):
    monkeypatch.setenv("RERUNLAB_LESSON_URL", "http://127.0.0.1:9/{slug}")
    monkeypatch.setenv("RERUNLAB_CHECKIN_URL", "valkey://127.0.0.1:9/0")  # configured, but down
    at = AppTest.from_file(str(APPS_DIR / "teacher" / "dashboard.py"), default_timeout=RUN_TIMEOUT_S).run()
    # Must NOT be one click away: clearing every answer.
    assert not [b for b in at.button if b.key == "checkin_clear"]
    at.button(key="checkin_new_class").click().run()
    assert at.button(key="checkin_clear").label == CLEAR_LABEL
    at.button(key="checkin_cancel").click().run()
    assert not [b for b in at.button if b.key == "checkin_clear"]
    at.button(key="checkin_new_class").click().run()
    at.button(key="checkin_clear").click().run()
    assert [t.value for t in at.toast] == ["The check-in store is down: nothing was cleared."]
    assert [b.key for b in at.button if b.key.startswith("checkin_")] == ["checkin_new_class"]
