"""Loads and validates apps/rerunlab/catalog.toml, the one list of lessons.

Used by the lessons (titles, navigation), by nginx/render.py (routes, landing page) and
by the tests (parametrisation). A malformed catalog fails with a message naming the field.
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

CATALOG_PATH = Path(__file__).resolve().parent / "catalog.toml"

# A slug is a URL path segment, a folder name and a Docker DNS name all at once.
SLUG_PATTERN = re.compile(r"^[a-z][a-z0-9-]{0,38}[a-z0-9]$")
RESERVED_SLUGS = {"healthz", "_lab", "teacher"}
FIELDS = ("slug", "title", "summary", "see")


class CatalogError(ValueError):
    """The catalog file is malformed; the message names the offending field."""


@dataclass(frozen=True)
class Lesson:
    number: int
    slug: str
    title: str
    summary: str
    see: str

    @property
    def path(self) -> str:
        return f"/{self.slug}/"

    @property
    def markdown_title(self) -> str:
        """The title for st.markdown, where the "_" of st.session_state would start italics."""
        return self.title.replace("_", "\\_")


def load_catalog(path: Path = CATALOG_PATH) -> list[Lesson]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise CatalogError(f"{path}: not valid TOML: {exc}") from exc

    entries = data.get("lessons")
    if not isinstance(entries, list) or not entries:
        raise CatalogError(f"{path}: expected at least one [[lessons]] table")

    lessons: list[Lesson] = []
    for number, entry in enumerate(entries, start=1):
        where = f"{path}: lessons[{number - 1}]"
        for field in FIELDS:
            value = entry.get(field)
            if not isinstance(value, str) or not value.strip():
                raise CatalogError(f"{where}.{field}: missing or empty (a string is required)")
        unknown = set(entry) - set(FIELDS)
        if unknown:
            raise CatalogError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
        slug = entry["slug"]
        if not SLUG_PATTERN.match(slug) or slug in RESERVED_SLUGS:
            raise CatalogError(
                f"{where}.slug: {slug!r} must be 2-40 lowercase letters, digits or '-', "
                f"start with a letter, and not be one of {sorted(RESERVED_SLUGS)}"
            )
        if any(lesson.slug == slug for lesson in lessons):
            raise CatalogError(f"{where}.slug: {slug!r} is listed twice")
        lessons.append(Lesson(number, *(entry[field].strip() for field in FIELDS)))
    return lessons


@functools.cache
def catalog() -> tuple[Lesson, ...]:
    """The installed catalog, read once per process: it is package data, baked into the image.
    (Every lesson run looks itself up; parsing the TOML each time cost a rerun about 5 % of its
    CPU.)"""
    return tuple(load_catalog())


def get_lesson(slug: str, path: Path = CATALOG_PATH) -> Lesson:
    for lesson in catalog() if path == CATALOG_PATH else load_catalog(path):
        if lesson.slug == slug:
            return lesson
    raise CatalogError(f"{path}: no lesson with slug {slug!r}")
