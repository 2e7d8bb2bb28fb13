#!/usr/bin/env bash
# Regenerates the pictures of the README and docs/ from a real browser run through the real stack:
# docs/screenshots/landing.png, share-panel.png, teacher.png, teacher-checkin.png, one <lesson>.png per lesson, and
# phone-lesson.png and phone-landing.png (tests/browser/test_phone.py).
# Takes the same environment as tests/run.sh (e.g. PYTHON_IMAGE/NGINX_IMAGE offline).
set -euo pipefail
cd "$(dirname "$0")/.."
# The stack as `docker compose up` runs it (not the tests' second, swarm deployment).
RERUNLAB_DEPLOYMENTS=${RERUNLAB_DEPLOYMENTS:-compose} RERUNLAB_SCREENSHOTS=docs/screenshots ./tests/run.sh \
  tests/browser/test_smoke.py tests/browser/test_landing.py::test_health_dots_turn_green \
  tests/browser/test_teacher_dashboard.py tests/browser/test_teacher_checkin.py::test_the_check_in_shows_the_class_answers_as_they_come_in \
  tests/browser/test_phone.py::test_phone_screenshots "$@"
ls -1 docs/screenshots
