"""The catalog, apps/, compose.yaml, nginx and the test suites must agree on the lessons."""

import re
import tomllib

import pytest
import yaml

from repo_layout import LESSONS, REPO
from rerunlab.catalog import CatalogError, load_catalog

SLUGS = [lesson.slug for lesson in LESSONS]
NOT_LESSONS = {"rerunlab", "teacher", "__pycache__", ".streamlit"}  # folders that are not lessons


def compose(name: str = "compose.yaml") -> dict:
    return yaml.safe_load((REPO / name).read_text())


def lesson_services() -> list[str]:
    return [
        name
        for name, service in compose()["services"].items()
        if service.get("build", {}).get("dockerfile") == "apps/Dockerfile" and name not in NOT_LESSONS
    ]


def test_every_lesson_folder_is_in_the_catalog_and_back():
    folders = sorted(
        p.name
        for p in (REPO / "apps").iterdir()
        if p.is_dir() and p.name not in NOT_LESSONS and not p.name.endswith(".egg-info")
    )
    assert folders == sorted(SLUGS), "apps/ folders and the catalog (apps/rerunlab/catalog.toml) disagree"
    for slug in SLUGS:
        assert (REPO / "apps" / slug / "app.py").is_file(), f"apps/{slug}/app.py is missing"


def test_every_lesson_has_a_compose_service_built_for_it():
    services = compose()["services"]
    missing = "".join(
        f"  {slug}:\n    <<: *lesson\n"
        f"    image: ${{RERUNLAB_IMAGES:-rerun-lab}}-{slug}:${{RERUNLAB_TAG:-latest}}\n"
        f"    build: {{<<: *lesson-build, args: {{<<: *build-args, LESSON: {slug}}}}}\n"
        for slug in SLUGS
        if slug not in services
    )
    assert not missing, f"compose.yaml has no service for these lessons of the catalog; add:\n{missing}"
    assert sorted(lesson_services()) == sorted(SLUGS), "compose.yaml lesson services and the catalog disagree"
    for slug in SLUGS:
        assert services[slug]["build"]["args"]["LESSON"] == slug
        assert services[slug]["image"] == f"${{RERUNLAB_IMAGES:-rerun-lab}}-{slug}:${{RERUNLAB_TAG:-latest}}"


def test_one_compose_file_serves_compose_and_swarm():
    # No compose.override.yaml: that name is the user's own (Compose reads it by itself). No
    # start order either: nginx serves a "restarting" page for a lesson still starting, and
    # says "ready" once every lesson answers (nginx/entrypoint.sh, tests/integration).
    assert not (REPO / "compose.override.yaml").exists()
    assert "depends_on" not in compose()["services"]["nginx"]
    assert "name" not in compose()  # `docker stack deploy` refuses a top-level name


def test_every_lesson_has_an_apptest_suite():
    for slug in SLUGS:
        suite = REPO / "tests" / "apptest" / f"test_{slug.replace('-', '_')}.py"
        assert suite.is_file(), f"{suite.relative_to(REPO)} is missing"


def test_only_nginx_publishes_a_port():
    published = [name for name, service in compose()["services"].items() if service.get("ports")]
    assert published == ["nginx"]


@pytest.mark.parametrize("dockerfile", ["apps/Dockerfile", "nginx/Dockerfile"])
def test_dockerfile_base_image_defaults_match_compose(dockerfile):
    text = (REPO / dockerfile).read_text()
    compose_args = (REPO / "compose.yaml").read_text()
    for arg, default in re.findall(r"^ARG (\w+_IMAGE)=(\S+)$", text, re.MULTILINE):
        assert f"{arg}: ${{{arg}:-{default}}}" in compose_args, f"{arg} default differs from compose.yaml"


def test_upload_limits_of_nginx_and_streamlit_agree():
    streamlit_mb = tomllib.loads((REPO / "apps" / ".streamlit" / "config.toml").read_text())["server"][
        "maxUploadSize"
    ]
    nginx_mb = int(
        re.search(r"client_max_body_size (\d+)m;", (REPO / "nginx" / "lesson-proxy.conf").read_text())[1]
    )
    # nginx must let through every file Streamlit accepts, plus a little multipart envelope.
    assert streamlit_mb < nginx_mb <= streamlit_mb + 2


@pytest.mark.parametrize(
    ("toml", "field"),
    [
        ('[[lessons]]\ntitle = "T"\nsummary = "S"\nsee = "V"\n', "lessons[0].slug"),
        ('[[lessons]]\nslug = "ok"\ntitle = ""\nsummary = "S"\nsee = "V"\n', "lessons[0].title"),
        ('[[lessons]]\nslug = "Bad_Slug"\ntitle = "T"\nsummary = "S"\nsee = "V"\n', "lessons[0].slug"),
        ('[[lessons]]\nslug = "healthz"\ntitle = "T"\nsummary = "S"\nsee = "V"\n', "lessons[0].slug"),
        ('[[lessons]]\nslug = "ab"\ntitle = "T"\nsummary = "S"\nsee = "V"\ncolour = "red"\n', "colour"),
        (
            '[[lessons]]\nslug = "ab"\ntitle = "T"\nsummary = "S"\nsee = "V"\n'
            '[[lessons]]\nslug = "ab"\ntitle = "U"\nsummary = "S"\nsee = "V"\n',
            "lessons[1].slug",
        ),
        ('[[lessons]]\nslug = "ok"\ntitle = "T"\nsummary = "S"\n', "lessons[0].see"),
        ("lessons = 3\n", "[[lessons]]"),
        ("[[lessons]\n", "not valid TOML"),
    ],
)
def test_a_malformed_catalog_is_refused_naming_the_field(tmp_path, toml, field):
    path = tmp_path / "catalog.toml"
    path.write_text(toml)
    with pytest.raises(CatalogError, match=re.escape(field)):
        load_catalog(path)


def test_the_lessons_page_lists_every_lesson_in_catalog_order_with_its_screenshot():
    page = (REPO / "docs" / "lessons.md").read_text()
    row = r"^\| (\d+) \| \[`/([a-z0-9-]+)/`\]\(\.\./apps/\2/app\.py\).*screenshots/\2\.png"
    listed = [(int(number), slug) for number, slug in re.findall(row, page, re.MULTILINE)]
    in_catalog = [(lesson.number, lesson.slug) for lesson in LESSONS]
    assert listed == in_catalog, "docs/lessons.md and the catalog disagree"
    for _, slug in listed:
        assert (REPO / "docs" / "screenshots" / f"{slug}.png").is_file(), f"no screenshot of {slug}"


def test_the_readme_is_a_short_front_door():
    # What it is, the two commands, the expected result, a short tour, links: depth is in docs/.
    assert len((REPO / "README.md").read_bytes()) <= 12_000
