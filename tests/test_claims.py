"""Every statement a lesson makes about Streamlit is backed by a test, and the lessons were
checked against the Streamlit release the images pin.

A lesson marks a statement with ``claim("FR1", …)`` (apps/rerunlab/lessonkit/claims.py), or a comment
in code the student reads with a closing ``[FR1]``; the test
that proves it has the id in its name, e.g. ``test_fr1_a_fragment_writes_into_the_sidebar``.
"""

import ast
import re

import streamlit

from harness.lesson_facts import lesson_facts
from repo_layout import LESSONS, REPO
from rerunlab.lessonkit.claims import CLAIM_ID, VERIFIED_STREAMLIT

# Each lesson's claims start with its own two letters (apps/<slug>/lesson.toml); KT is the lesson
# kit (apps/rerunlab/lessonkit).
PREFIXES = {lesson.slug: lesson_facts(lesson.slug).claims for lesson in LESSONS}
PREFIXES["rerunlab/lessonkit"] = "KT"


# A comment that states a fact inside code a student reads (st.echo) ends with its id: "# … [CA3]".
COMMENT_CLAIM = re.compile(r"#.*\[([A-Z]{2}\d{1,2})\]\s*$")


def claims_in(path) -> dict[str, int]:
    """The claim ids a source file makes, with the line of each: claim("XX1", …) calls and
    comments ending in [XX1]."""
    source = path.read_text(encoding="utf-8")
    found = {}

    def add(claim_id, line):
        assert claim_id not in found, f"{path}:{line}: claim {claim_id} made twice"
        found[claim_id] = line

    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "claim":
            first = node.args[0] if node.args else None
            assert isinstance(first, ast.Constant), f"{path}:{node.lineno}: claim() needs a literal id"
            add(first.value, node.lineno)
    for line, text in enumerate(source.splitlines(), start=1):
        match = COMMENT_CLAIM.search(text)
        if match:
            add(match.group(1), line)
    return found


def all_claims() -> dict[str, str]:
    """Every claim id in apps/, with where it is made."""
    claims = {}
    for folder, prefix in PREFIXES.items():
        for path in sorted((REPO / "apps" / folder).glob("*.py")):
            for claim_id, line in claims_in(path).items():
                where = f"{path.relative_to(REPO)}:{line}"
                assert CLAIM_ID.match(claim_id), f"{where}: malformed claim id {claim_id!r}"
                assert claim_id.startswith(prefix), f"{where}: {claim_id} should start with {prefix}"
                assert claim_id not in claims, f"{where}: {claim_id} is also made at {claims[claim_id]}"
                claims[claim_id] = where
    return claims


def claim_tests():
    """Every test function that names claims (a word of its name like ``fr1``): its place,
    the ids it names and the function's node."""
    for path in sorted((REPO / "tests").rglob("test_*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.FunctionDef) and node.name.startswith("test_")):
                continue
            ids = [
                word.upper()
                for word in node.name.split("_")
                if re.fullmatch(r"[a-z]{2}\d{1,2}", word) and word[:2].upper() in PREFIXES.values()
            ]
            if ids:
                yield f"{path.relative_to(REPO)}::{node.name}", ids, node


def claims_named_by_tests() -> dict[str, list[str]]:
    """Claim ids named by test functions, with the tests."""
    tested: dict[str, list[str]] = {}
    for where, ids, _ in claim_tests():
        for claim_id in ids:
            tested.setdefault(claim_id, []).append(where)
    return tested


def test_every_claim_test_says_what_it_rules_out():
    """A claim test's docstring has a line starting `Fails if`, naming the false alternative
    it would catch: a test that can't say what would make it fail proves nothing.

    Fails if one claim test has no such line."""

    def says(node) -> bool:
        lines = (ast.get_docstring(node) or "").splitlines()
        return any(line.lstrip().startswith("Fails if") for line in lines)

    silent = [where for where, _, node in claim_tests() if not says(node)]
    assert not silent, f"claim tests without a `Fails if …` line in their docstring: {silent}"


def test_no_two_lessons_share_a_claim_prefix():
    owners: dict[str, list[str]] = {}
    for folder, prefix in PREFIXES.items():
        owners.setdefault(prefix, []).append(folder)
    assert not {p: f for p, f in owners.items() if len(f) > 1}, "claim prefixes used twice (lesson.toml)"


def test_every_claim_a_lesson_makes_has_a_test():
    tested = claims_named_by_tests()
    untested = {claim_id: where for claim_id, where in all_claims().items() if claim_id not in tested}
    assert not untested, f"claims without a test (name one test_<id>_…): {untested}"


def test_every_claim_a_test_names_is_made_by_a_lesson():
    made = all_claims()
    stale = {claim_id: tests for claim_id, tests in claims_named_by_tests().items() if claim_id not in made}
    assert not stale, f"tests name claims no lesson makes: {stale}"


def test_every_lesson_makes_claims():
    made = all_claims()
    for lesson in LESSONS:
        prefix = PREFIXES[lesson.slug]
        assert any(claim_id.startswith(prefix) for claim_id in made), f"{lesson.slug} makes no claim"


def test_the_pinned_streamlit_is_the_one_the_claims_were_checked_against():
    pins = re.findall(r"^streamlit==(\S+)$", (REPO / "apps" / "requirements.txt").read_text(), re.MULTILINE)
    assert pins == [VERIFIED_STREAMLIT], (
        f"apps/requirements.txt pins streamlit {pins}, the lessons were checked against "
        f"{VERIFIED_STREAMLIT}: read every claim again against the new release, then change "
        "VERIFIED_STREAMLIT in apps/rerunlab/lessonkit/claims.py"
    )
    assert streamlit.__version__ == VERIFIED_STREAMLIT, "the test environment runs another Streamlit"
