"""Reading what a student sees out of an AppTest run."""

from streamlit.testing.v1 import AppTest


def metric(at: AppTest, label: str) -> str:
    """The value shown by the st.metric with this label (exactly one must exist)."""
    values = [m.value for m in at.metric if m.label == label]
    assert len(values) == 1, f"expected one metric {label!r}, found {len(values)}"
    return values[0]


def full_runs(at: AppTest) -> int:
    """The lesson kit's full-run counter, as the student sees it."""
    return int(metric(at, "Full script runs in this session"))


def texts(at: AppTest) -> str:
    """Everything written with st.write/st.markdown, one line per element."""
    return "\n".join(m.value for m in at.markdown)
