"""Where things are in the repository, and its lessons, for every test suite."""

from pathlib import Path

from catalog import load_catalog

REPO = Path(__file__).resolve().parent.parent
LESSONS = load_catalog(REPO / "apps" / "catalog.toml")
