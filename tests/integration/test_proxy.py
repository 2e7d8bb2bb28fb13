"""Through nginx, for every lesson: health, page, redirect; plus the landing and error pages."""

import html
import re

import requests

from repo_layout import LESSONS


def test_nginx_answers_its_own_healthz(stack):
    response = requests.get(stack.url("/healthz"), timeout=5)
    assert response.status_code == 200
    assert response.text == "ok\n"


def test_lesson_health_endpoint_through_nginx(stack, lesson):
    response = requests.get(stack.url(f"/{lesson.slug}/_stcore/health"), timeout=5)
    assert response.status_code == 200
    assert response.text.strip() == "ok"


def test_lesson_page_loads_through_nginx(stack, lesson):
    response = requests.get(stack.url(lesson.path), timeout=5)
    assert response.status_code == 200
    assert '<div id="root">' in response.text  # Streamlit's app shell, not an nginx page
    assert "Server" in response.headers
    assert "nginx/" not in response.headers["Server"]


def test_lesson_path_without_slash_redirects_relatively(stack, lesson):
    response = requests.get(stack.url(f"/{lesson.slug}?tab=1"), allow_redirects=False, timeout=5)
    assert response.status_code == 301
    assert response.headers["Location"] == f"/{lesson.slug}/?tab=1"


def test_landing_page_lists_every_lesson_in_order(stack):
    response = requests.get(stack.url("/"), timeout=5)
    assert response.status_code == 200
    links = re.findall(
        r'<li class="lesson" data-slug="([a-z0-9-]+)">\s*<a href="/([a-z0-9-]+)/">', response.text
    )
    assert links == [(lesson.slug, lesson.slug) for lesson in LESSONS]
    for lesson in LESSONS:
        assert html.escape(lesson.title) in response.text  # as the page writes it: doesn&#x27;t
    # Self-contained: no CDN, fonts or scripts from elsewhere.
    assert not re.search(r'(src|href)="(https?:)?//', response.text)


def test_landing_assets_are_served(stack):
    for asset, kind in [("/_lab/lab.css", "text/css"), ("/_lab/landing.js", "javascript")]:
        response = requests.get(stack.url(asset), timeout=5)
        assert response.status_code == 200
        assert kind in response.headers["Content-Type"]


def test_unknown_path_gets_the_helpful_404_page(stack):
    for path in ["/no-such-lesson/", "/no-such-lesson", "/forms-extra/x", "/_stcore/health"]:
        response = requests.get(stack.url(path), timeout=5)
        assert response.status_code == 404, path
        assert "Page not found" in response.text
        for lesson in LESSONS:
            assert f'href="/{lesson.slug}/"' in response.text


def test_requests_from_another_site_are_refused_by_nginx(stack):
    url = stack.url("/forms/_stcore/health")
    assert requests.get(url, headers={"Origin": "http://evil.example"}, timeout=5).status_code == 403
    same_origin = stack.base_url.rstrip("/")
    assert requests.get(url, headers={"Origin": same_origin}, timeout=5).status_code == 200
