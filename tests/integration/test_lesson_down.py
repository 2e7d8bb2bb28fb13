"""A lesson that is down gets its own "restarting" page; the other lessons keep serving."""

import requests

from repo_layout import LESSONS, lesson_named

# Any lesson would do; one is named so that adding a lesson to the catalog doesn't change which.
DOWN = lesson_named("rerun-control")


def test_a_stopped_lesson_shows_its_page_and_the_others_stay_up(owned_stack):
    owned_stack.compose("stop", "--timeout", "2", DOWN.slug)
    try:
        response = requests.get(owned_stack.url(DOWN.path), timeout=10)
        assert response.status_code in (502, 503, 504)
        assert f"“{DOWN.title}” is restarting" in response.text
        assert '<script src="/_lab/down.js"' in response.text  # it retries by itself

        for other in (lesson for lesson in LESSONS if lesson is not DOWN):
            health = requests.get(owned_stack.url(f"/{other.slug}/_stcore/health"), timeout=5)
            assert (health.status_code, health.text.strip()) == (200, "ok"), other.slug
        assert requests.get(owned_stack.url("/"), timeout=5).status_code == 200
    finally:
        owned_stack.compose("start", DOWN.slug)
    # nginx finds the restarted container at its (possibly new) address by itself.
    owned_stack.wait_healthy(f"/{DOWN.slug}/_stcore/health")
