#!/usr/bin/env bash
# Runs every test: lint, catalog checks, the AppTest suites, then the real stack
# (built and started under its own compose project, on a free port, and removed after),
# headless Chromium through nginx. A lesson's AppTest suite runs inside its shipped image
# then, not here as well (tests/conftest.py).
#
#   ./tests/run.sh                     everything
#   ./tests/run.sh tests/apptest       just the fast in-process suites (no Docker)
#   RERUNLAB_URL=http://localhost:8080 ./tests/run.sh tests/integration   against a running stack
#
# Needs Python 3.11+, Docker with Compose v2, and Chromium (CHROMIUM_PATH, default
# /usr/bin/chromium). Test tools are installed, pinned, into .venv on first use.
set -euo pipefail
cd "$(dirname "$0")/.."

venv=${RERUNLAB_VENV:-.venv}
stamp="$venv/.requirements.sha256"
wanted=$(cat tests/requirements.txt tests/requirements-apptest.txt apps/requirements.txt pyproject.toml | sha256sum | cut -d' ' -f1)
if [ ! -x "$venv/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
  echo "== installing the pinned test tools and the rerunlab package (editable) into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -qq --disable-pip-version-check -r tests/requirements.txt
  "$venv/bin/pip" install -qq --disable-pip-version-check --no-deps --editable .
  echo "$wanted" > "$stamp"
fi

if [ $# -eq 0 ] || [[ " $* " == *" tests/integration"* || " $* " == *" tests/browser"* ]]; then
  docker compose version >/dev/null 2>&1 || {
    echo "tests/run.sh: Docker with the Compose v2 plugin is needed (docker compose version failed)" >&2
    exit 2
  }
fi

echo "== ruff"
"$venv/bin/ruff" check .
"$venv/bin/ruff" format --check .

echo "== pytest"
exec "$venv/bin/python" -m pytest "$@"
