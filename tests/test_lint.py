"""Linters that must stay clean: hadolint on every Dockerfile, gixy on the nginx config as
nginx really runs it (routes rendered from the catalog, run-time files from the entrypoint).
ruff runs first, in tests/run.sh."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from repo_layout import REPO

BIN = Path(sys.executable).parent  # the tools come with the test requirements
# Host spoofing: nginx passes the browser's Host header on purpose, port included, because
# Streamlit refuses websockets whose Origin doesn't match it (see nginx/lesson-proxy.conf).
GIXY_SKIPS = "host_spoofing"


def test_dockerfiles_pass_hadolint():
    # Beside the code they build (apps/: every lesson; nginx/), or in docker/ (the store's image).
    dockerfiles = sorted(str(p) for p in [*REPO.glob("*/Dockerfile"), *REPO.glob("docker/*/Dockerfile")])
    assert len(dockerfiles) == 3, dockerfiles
    result = subprocess.run([BIN / "hadolint", *dockerfiles], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture
def nginx_tree(tmp_path) -> Path:
    """The nginx config files laid out under tmp_path, with their include paths pointing there."""
    etc, runtime = tmp_path / "etc" / "nginx", tmp_path / "runtime"
    (etc / "rerun-lab").mkdir(parents=True)
    shutil.copy(REPO / "nginx" / "nginx.conf", etc)
    for name in ("lesson-proxy.conf", "security-headers.conf", "streamlit-frontend.conf"):
        shutil.copy(REPO / "nginx" / name, etc / "rerun-lab")
    # Written at image build from the Streamlit wheel (nginx/unpack_frontend.py): its shape here.
    (etc / "rerun-lab" / "streamlit-types.conf").write_text(
        "types { text/javascript js; text/css css; }\ndefault_type application/octet-stream;\n"
        "charset utf-8;\ncharset_types text/javascript text/css;\n"
    )
    subprocess.run([sys.executable, REPO / "nginx" / "render.py", "--out", tmp_path / "rendered"], check=True)
    shutil.copytree(tmp_path / "rendered" / "conf", etc / "rerun-lab", dirs_exist_ok=True)
    (etc / "mime.types").write_text("types { text/html html; text/css css; application/javascript js; }\n")
    env = {**os.environ, "RERUNLAB_RUNTIME_DIR": str(runtime), "RERUNLAB_CLASS_PASSWORD": "secret-pw"}
    subprocess.run(["sh", REPO / "nginx" / "entrypoint.sh", "true"], env=env, check=True)
    for conf in [*etc.rglob("*.conf"), *runtime.glob("*.conf")]:
        text = conf.read_text().replace("/etc/nginx/", f"{etc}/").replace("/tmp/rerun-lab/", f"{runtime}/")
        conf.write_text(text)
    return etc / "nginx.conf"


def test_nginx_config_passes_gixy(nginx_tree):
    result = subprocess.run(
        [BIN / "gixy", "--skips", GIXY_SKIPS, str(nginx_tree)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
