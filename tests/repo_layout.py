"""Where things are in the repository, and its lessons, for every test suite."""

from pathlib import Path

from rerunlab.catalog import Lesson, load_catalog

REPO = Path(__file__).resolve().parent.parent
LESSONS = load_catalog()  # apps/rerunlab/catalog.toml, through the installed package
# compose.yaml's services besides the lessons: the dashboard, the proxy, the check-in store.
OTHER_SERVICES = ("teacher", "nginx", "checkin")


def lesson_named(slug: str) -> Lesson:
    """A lesson by its slug: a test that picks one says which and why, never a catalog position."""
    return next(lesson for lesson in LESSONS if lesson.slug == slug)
