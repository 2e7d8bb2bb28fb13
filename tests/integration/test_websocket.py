"""A real Streamlit session through nginx: websocket upgrade and a full script run."""

import pytest
from google.protobuf.text_encoding import CEscape
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from harness.streamlit_ws import StreamlitSession
from rerunlab.lessonkit import FULL_RUNS_LABEL


def test_websocket_upgrades_and_a_script_run_completes(stack, lesson):
    with StreamlitSession(stack.base_url, lesson.slug) as session:
        assert session.handshake_status == 101
        run = session.run_script()
    assert run.status == "FINISHED_SUCCESSFULLY"
    assert "new_session" in run.message_types
    # The lesson's heading, drawn by this very run (in protobuf's text format: doesn\'t).
    assert CEscape(lesson.title, as_utf8=True) in run.text
    assert FULL_RUNS_LABEL in run.text


def test_two_runs_in_one_session_count_two(stack):
    with StreamlitSession(stack.base_url, "rerun-basics") as session:
        first = session.run_script()
        second = session.run_script()
    assert 'body: "1"' in first.text
    assert 'body: "2"' in second.text


def test_websocket_with_a_foreign_origin_is_refused(stack):
    url = stack.url("/forms/_stcore/stream").replace("http", "ws", 1)
    with (
        pytest.raises(InvalidStatus) as refused,
        connect(url, subprotocols=["streamlit"], origin="http://evil.example", open_timeout=10),
    ):
        pass
    assert refused.value.response.status_code == 403
