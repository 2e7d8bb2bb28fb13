"""Every lesson asks students to predict, and mostly what the page will show: at least two
exercises per lesson, at most a third of all of them run counts rather than outputs (read
from the lessons' code: an ``Exercise(...)`` is about outputs unless ``about="runs"``;
``predict_then_check(...)`` counts runs)."""

import ast

import pytest

from repo_layout import LESSONS, REPO

APPS = REPO / "apps"


def exercises(slug: str) -> list[str]:
    """ "output" or "runs" for each exercise the lesson's files create."""
    kinds = []
    for path in sorted((APPS / slug).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            if name == "predict_then_check":
                kinds.append("runs")
            elif name == "Exercise":
                about = next((k.value for k in node.keywords if k.arg == "about"), None)
                kinds.append(about.value if isinstance(about, ast.Constant) else "output")
    return kinds


@pytest.mark.parametrize("slug", [lesson.slug for lesson in LESSONS])
def test_every_lesson_has_at_least_two_exercises_one_about_the_page(slug):
    kinds = exercises(slug)
    assert len(kinds) >= 2, kinds
    assert "output" in kinds


def test_at_most_a_third_of_all_exercises_ask_for_a_run_count():
    """Fails if run counts crept past a third of the exercises: what a rerun does to the page is
    what the lessons teach, the count only its symptom."""
    kinds = [kind for lesson in LESSONS for kind in exercises(lesson.slug)]
    assert kinds.count("runs") * 3 <= len(kinds), f"{kinds.count('runs')} of {len(kinds)} ask for a run count"
