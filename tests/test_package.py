"""The lesson code is one installed package, rerunlab (apps/rerunlab/, declared in
pyproject.toml): nothing reaches it through a path trick, and the declaration ships every
part of it (a subpackage or data file left out would work in the tests' editable install
and be missing from the images)."""

import re
import tomllib

import rerunlab
from repo_layout import REPO

PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text())
PACKAGE = REPO / "apps" / "rerunlab"

# sys.path edits, loading a module by file path, or a PYTHONPATH that points at the lessons.
PATH_TRICKS = re.compile(r"sys\.path\.(insert|append)|spec_from_file_location|PYTHONPATH=\S*(/app\b|apps)")


SKIPPED = {".git", ".venv", "test-results", "build"}
SOURCE_SUFFIXES = {".py", ".sh", ".yaml", ".yml", ".toml"}


def source_files():
    for path in sorted(REPO.rglob("*")):
        parts = path.relative_to(REPO).parts
        if parts[0] in SKIPPED or "__pycache__" in parts or not path.is_file():
            continue
        if path.suffix in SOURCE_SUFFIXES or path.name in {"Dockerfile", "run"} or parts[0] == "scripts":
            yield path


def test_nothing_reaches_the_lesson_code_by_a_path_trick():
    found = [
        f"{path.relative_to(REPO)}:{number}: {line.strip()}"
        for path in source_files()
        if str(path) != __file__
        for number, line in enumerate(path.read_text(errors="replace").splitlines(), start=1)
        if PATH_TRICKS.search(line)
    ]
    assert not found, "reach the rerunlab package by importing it:\n" + "\n".join(found)
    assert not [p for p in PYPROJECT["tool"]["pytest"]["ini_options"]["pythonpath"] if p.startswith("apps")]


def test_the_tests_import_the_package_from_this_tree():
    # tests/run.sh installs it editable: the tests exercise the working tree, not a stale copy.
    assert rerunlab.__file__ == str(PACKAGE / "__init__.py")


def test_the_package_declaration_ships_every_subpackage_and_data_file():
    setuptools = PYPROJECT["tool"]["setuptools"]
    declared = set(setuptools["packages"])
    on_disk = {
        ".".join(init.parent.relative_to(REPO / "apps").parts)
        for init in PACKAGE.rglob("__init__.py")
        if "__pycache__" not in init.parts
    }
    assert declared == on_disk, "pyproject.toml [tool.setuptools] packages and apps/rerunlab disagree"
    data = setuptools["package-data"]
    for path in PACKAGE.rglob("*"):
        if not path.is_file() or path.suffix in {".py", ".pyc"}:
            continue
        package = ".".join(path.parent.relative_to(REPO / "apps").parts)
        assert any(path.match(pattern) for pattern in data.get(package, [])), (
            f"{path.relative_to(REPO)} is not package data in pyproject.toml: the images would lack it"
        )
