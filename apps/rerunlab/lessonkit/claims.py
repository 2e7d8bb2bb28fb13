"""Statements a lesson makes about Streamlit, each with an id that names the test proving it.

A lesson writes ``claim("FR1", "A fragment may write into the sidebar…")``: the student
reads the text followed by a small ``[FR1]``, and a test whose name contains ``fr1``
(for example ``test_fr1_a_fragment_writes_into_the_sidebar``) would fail if the pinned
Streamlit behaved otherwise. ``tests/test_claims.py`` fails when a claim has no test, when
a test names a claim no lesson makes, or when the pinned Streamlit is not the one below.
"""

from __future__ import annotations

import re

# The Streamlit release every claim was checked against. Upgrading the pin in
# apps/requirements.txt fails tests/test_claims.py until this is changed too, after the
# claims have been read again against the new release.
VERIFIED_STREAMLIT = "1.67.0"

# Two capital letters for the lesson (or the kit), then a number: "RB1", "FR12".
CLAIM_ID = re.compile(r"^[A-Z]{2}\d{1,2}$")


def claim(claim_id: str, text: str) -> str:
    """``text`` with its claim id after it, as Markdown for any st element that takes it."""
    if not CLAIM_ID.match(claim_id):
        raise ValueError(f"claim id {claim_id!r} must be two capital letters and a number, e.g. 'FR1'")
    return f"{text} \\[{claim_id}\\]"
