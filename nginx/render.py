"""Renders nginx's lesson routes and the static pages from the catalog (apps/rerunlab/catalog.toml).

Run at image build time (nginx/Dockerfile), or by hand to look at the output:

    .venv/bin/python nginx/render.py --out /tmp/rendered

(any Python with the project installed: it reads the catalog through the rerunlab package)

Writes  conf/lesson-upstreams.conf  one upstream (server group) per lesson and the teacher app
        conf/lessons.txt          the lessons' slugs, one per line (the entrypoint waits for them)
        conf/lesson-routes.conf   one location per lesson, included by nginx.conf
        html/index.html           the landing page
        html/_lab/404.html        the page for unknown paths
        html/_lab/down/<slug>.html  one "restarting" page per lesson (and the teacher app)
        html/_lab/*               the landing page's CSS and script
"""

from __future__ import annotations

import argparse
import shutil
import sys
from html import escape
from pathlib import Path
from string import Template
from types import SimpleNamespace

from rerunlab.catalog import CATALOG_PATH, CatalogError, load_catalog

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
# Not a lesson, but it gets a "restarting" page too (its route is in nginx.conf).
TEACHER = SimpleNamespace(slug="teacher", number=0, title="Teacher dashboard", summary="", see="")

# A lesson's replicas, found through Docker's DNS (its compose service name) and re-resolved as
# replicas come and go. Each browser stays on one replica, by its affinity cookie (nginx.conf):
# Streamlit keeps a session, its uploads and its media in that replica's memory.
# Not `hash ... consistent`: for a name resolved to several addresses, that hashes among the
# `server` lines and round-robins among the addresses (nginx/nginx#523); the plain hash
# spreads over the addresses. So a change in the number of replicas moves most browsers.
# keepalive: idle connections kept open to the lesson, reused by the next requests (lessons
# answer without a delayed-ACK stall: apps/rerunlab/serve.py).
UPSTREAM = """\
upstream {slug} {{
    zone upstream_{slug} 64k;
    hash $affinity_key;
    server {slug}:8501 resolve fail_timeout=5s;
    keepalive 16;
}}
"""

# Streamlit's frontend files of every lesson and the dashboard, from disk (the same files:
# one pinned Streamlit); the lesson's Python keeps its page (index.html) and the rest.
FRONTEND = """\
location ~ ^/(?:{slugs})/(?<streamlit_file>static/.+|favicon\\.png|manifest\\.json)$ {{
    alias /usr/share/nginx/streamlit/$streamlit_file;
    include /etc/nginx/rerun-lab/streamlit-frontend.conf;
}}
"""

ROUTE = """\
location /{slug}/ {{
    set $lesson {slug};
    include /etc/nginx/rerun-lab/lesson-proxy.conf;
}}
location = /{slug} {{
    return 301 /{slug}/$is_args$args;
}}
"""


def template(name: str) -> Template:
    return Template((TEMPLATES / name).read_text(encoding="utf-8"))


def page(title: str, body: str, scripts: str = "") -> str:
    return template("layout.html").substitute(title=escape(title), body=body, scripts=scripts)


def fields(lesson) -> dict[str, str]:
    return {
        "slug": lesson.slug,  # validated by the catalog: [a-z0-9-] only
        "number": str(lesson.number),
        "title": escape(lesson.title),
        "summary": escape(lesson.summary),
        "see": escape(lesson.see),
    }


def render(lessons, out: Path) -> None:
    html = out / "html"
    (html / "_lab" / "down").mkdir(parents=True, exist_ok=True)
    (out / "conf").mkdir(parents=True, exist_ok=True)

    header = "# Generated from apps/rerunlab/catalog.toml by nginx/render.py; do not edit.\n\n"
    slugs = "|".join(app.slug for app in [*lessons, TEACHER])
    routes = (
        FRONTEND.format(slugs=slugs) + "\n" + "\n".join(ROUTE.format(slug=lesson.slug) for lesson in lessons)
    )
    (out / "conf" / "lesson-routes.conf").write_text(header + routes, encoding="utf-8")
    upstreams = "\n".join(UPSTREAM.format(slug=app.slug) for app in [*lessons, TEACHER])
    (out / "conf" / "lesson-upstreams.conf").write_text(header + upstreams, encoding="utf-8")
    (out / "conf" / "lessons.txt").write_text(
        "".join(f"{lesson.slug}\n" for lesson in lessons), encoding="utf-8"
    )

    items = "".join(template("lesson-item.html").substitute(fields(lesson)) for lesson in lessons)
    landing = template("index.html").substitute(lessons=items)
    scripts = (
        '  <script src="/_lab/vendor/qrcode-generator.js" defer></script>\n'
        '  <script src="/_lab/share.js" defer></script>\n'
        '  <script src="/_lab/landing.js" defer></script>'
    )
    (html / "index.html").write_text(page("Lessons", landing, scripts=scripts), encoding="utf-8")

    links = "".join(template("404-item.html").substitute(fields(lesson)) for lesson in lessons)
    not_found = template("404.html").substitute(lessons=links)
    (html / "_lab" / "404.html").write_text(page("Page not found", not_found), encoding="utf-8")

    retry = '  <script src="/_lab/down.js" defer></script>'
    for lesson in [*lessons, TEACHER]:
        down = template("lesson-down.html").substitute(fields(lesson))
        (html / "_lab" / "down" / f"{lesson.slug}.html").write_text(
            page(f"{lesson.title} is restarting", down, scripts=retry), encoding="utf-8"
        )

    shutil.copytree(HERE / "static", html / "_lab", dirs_exist_ok=True, ignore=shutil.ignore_patterns("*.md"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="output folder")
    parser.add_argument(
        "--catalog", type=Path, default=CATALOG_PATH, help="catalog file (default: the rerunlab package's)"
    )
    args = parser.parse_args()

    try:
        lessons = load_catalog(args.catalog)
    except CatalogError as exc:
        print(f"render.py: {exc}", file=sys.stderr)
        return 1
    render(lessons, args.out)
    print(f"render.py: {len(lessons)} lessons rendered into {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
