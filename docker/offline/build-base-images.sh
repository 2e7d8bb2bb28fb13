#!/usr/bin/env bash
# Builds local stand-ins for the public images (python:3.12-slim, nginx:1.28 and the
# check-in store's valkey/valkey:8) from Debian's archive, for machines that reach no
# container registry.
#
#   docker/offline/build-base-images.sh          # build (skips images that exist)
#   eval "$(docker/offline/build-base-images.sh --print-env)"
#
# Then `docker compose build` uses them through PYTHON_IMAGE and NGINX_IMAGE, and
# `docker compose up` runs the store from VALKEY_IMAGE.
# The stand-ins trust this host's CA bundle so that pip inside an offline build can
# reach PyPI through this network's TLS proxy. That trust lives only in these
# stand-ins: images built from the default public bases contain nothing of this host.
set -euo pipefail

# Python comes from Debian 13 (trixie, CPython 3.13): the nearest the archive has to the
# default python:3.12-slim. Not bookworm's CPython 3.11.2, whose ast.parse has a race
# (CPython gh-106905, fixed in 3.11.5) that students saw as "SystemError: AST constructor
# recursion depth mismatch" under load: st.echo parses the lesson on every run.
SUITE=trixie
# nginx comes from Debian's testing suite: lesson replicas need the upstream `server ... resolve`
# parameter of nginx >= 1.27.3 (the default nginx:1.28 has it; bookworm's 1.22 and trixie's 1.26 don't).
NGINX_SUITE=forky
# Valkey is packaged in Debian's testing suite only (Valkey 9 there, 8 in the default image;
# the check-in uses only streams and hashes, the same in both).
VALKEY_SUITE=forky
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
PYTHON_STANDIN=rerun-lab/python-offline:${SUITE}
NGINX_STANDIN=rerun-lab/nginx-offline:${NGINX_SUITE}
VALKEY_STANDIN=rerun-lab/valkey-offline:${VALKEY_SUITE}
HOST_CA=${HOST_CA_BUNDLE:-/etc/ssl/certs/ca-certificates.crt}

if [ "${1:-}" = "--print-env" ]; then
  echo "export PYTHON_IMAGE=${PYTHON_STANDIN} NGINX_IMAGE=${NGINX_STANDIN} VALKEY_IMAGE=${VALKEY_STANDIN}"
  exit 0
fi

# build_rootfs DIR SUITE PACKAGES...: debootstrap a minimal Debian SUITE with PACKAGES into DIR
build_rootfs() {
  local dir=$1 suite=$2; shift 2
  local include; include=$(IFS=,; echo "$*")
  echo "== debootstrap ${suite} (+ ${include}) into ${dir}"
  # Debian's testing suite follows sid's bootstrap script (an older debootstrap has no script of its name).
  debootstrap --variant=minbase --include="${include}" "${suite}" "${dir}" "${MIRROR}" \
    /usr/share/debootstrap/scripts/sid > "${dir}.log" 2>&1 || { tail -30 "${dir}.log"; return 1; }
  rm -rf "${dir}"/var/cache/apt/archives/*.deb "${dir}"/var/lib/apt/lists/*
}

import_rootfs() {
  local dir=$1 name=$2; shift 2
  echo "== docker import ${name}"
  tar -C "${dir}" -c . | docker import "$@" - "${name}" >/dev/null
}

work=$(mktemp -d)
trap 'rm -rf "${work}"' EXIT

if ! docker image inspect "${PYTHON_STANDIN}" >/dev/null 2>&1; then
  build_rootfs "${work}/python" "${SUITE}" python3 python3-venv ca-certificates passwd
  ln -sf python3 "${work}/python/usr/bin/python"
  cp "${HOST_CA}" "${work}/python/usr/local/share/ca-certificates/host-ca-bundle.crt"
  cp "${HOST_CA}" "${work}/python/etc/ssl/certs/ca-certificates.crt"
  import_rootfs "${work}/python" "${PYTHON_STANDIN}" \
    --change 'ENV LANG=C.UTF-8 PIP_CERT=/etc/ssl/certs/ca-certificates.crt' \
    --change 'CMD ["python3"]'
else
  echo "== ${PYTHON_STANDIN} exists"
fi

if ! docker image inspect "${NGINX_STANDIN}" >/dev/null 2>&1; then
  # Testing can be briefly uninstallable while packages migrate: then try unstable.
  build_rootfs "${work}/nginx" "${NGINX_SUITE}" nginx curl passwd \
    || { rm -rf "${work}/nginx"; build_rootfs "${work}/nginx" sid nginx curl passwd; }
  # Like the official image: an unprivileged "nginx" user with uid/gid 101.
  chroot "${work}/nginx" sh -c 'groupadd -g 101 nginx && useradd -u 101 -g 101 -M -d /nonexistent -s /usr/sbin/nologin nginx'
  import_rootfs "${work}/nginx" "${NGINX_STANDIN}" \
    --change 'CMD ["nginx", "-g", "daemon off;"]'
else
  echo "== ${NGINX_STANDIN} exists"
fi
if ! docker image inspect "${VALKEY_STANDIN}" >/dev/null 2>&1; then
  build_rootfs "${work}/valkey" "${VALKEY_SUITE}" valkey-server valkey-tools \
    || { rm -rf "${work}/valkey"; build_rootfs "${work}/valkey" sid valkey-server valkey-tools; }
  # Like the official image: runs as uid/gid 999 (compose.yaml says so), in /data.
  mkdir -p "${work}/valkey/data"
  import_rootfs "${work}/valkey" "${VALKEY_STANDIN}" \
    --change 'WORKDIR /data' \
    --change 'CMD ["valkey-server"]'
else
  echo "== ${VALKEY_STANDIN} exists"
fi
docker image ls 'rerun-lab/*-offline'
