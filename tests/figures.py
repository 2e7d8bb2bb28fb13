"""Figures measured by the tests (recovery time, cases refused…), printed at the end of the
pytest run and kept in test-results/figures.json: docs/reliability.md quotes them from there."""

import json

from repo_layout import REPO

RESULTS = REPO / "test-results" / "figures.json"
_figures: dict[str, str] = {}


def report(name: str, value: str) -> None:
    _figures[name] = value
    RESULTS.parent.mkdir(exist_ok=True)
    existing = json.loads(RESULTS.read_text()) if RESULTS.is_file() else {}
    RESULTS.write_text(json.dumps({**existing, **_figures}, indent=2) + "\n")


def summary_lines() -> list[str]:
    return [f"{name}: {value}" for name, value in _figures.items()]
