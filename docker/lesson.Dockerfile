# One image per lesson, all from this file (compose passes LESSON=<slug>).
# Layers are ordered so that every lesson shares the base, the dependencies and the
# lesson kit; a lesson's own layer is only `COPY apps/<slug>`, so editing one lesson
# rebuilds one small layer.
#
# PYTHON_IMAGE is a build argument so that machines without a registry can build from a
# local stand-in (docker/offline/build-base-images.sh); users get the official image.
ARG PYTHON_IMAGE=python:3.12-slim

FROM ${PYTHON_IMAGE} AS base
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH=/opt/venv/bin:$PATH

# --- dependencies, shared by all lessons --------------------------------------------
FROM base AS deps
COPY apps/requirements.txt /tmp/requirements.txt
RUN python3 -m venv /opt/venv \
 && /opt/venv/bin/pip install --no-cache-dir --disable-pip-version-check -r /tmp/requirements.txt

# Test tools live apart, so the runtime image carries none of them.
FROM deps AS test-deps
COPY tests/requirements-apptest.txt /tmp/requirements-apptest.txt
RUN /opt/venv/bin/pip install --no-cache-dir --disable-pip-version-check \
      --target /opt/test-tools -r /tmp/requirements-apptest.txt

# --- runtime --------------------------------------------------------------------------
FROM base AS runtime
# The home is /tmp: with a read-only root filesystem it is the only writable place.
# No setuid/setgid programs: nothing in the container can gain privileges, even where
# no-new-privileges isn't applied (Docker Swarm ignores security_opt).
RUN useradd --uid 10001 --user-group --no-create-home --home-dir /tmp --shell /usr/sbin/nologin lesson \
 && find / -xdev -perm /6000 -type f -exec chmod a-s {} +
COPY --from=deps /opt/venv /opt/venv
ENV HOME=/tmp \
    PYTHONPATH=/app \
    STREAMLIT_BROWSER_GATHER_USAGE_STATS=false
WORKDIR /app
COPY docker/streamlit-config.toml /app/.streamlit/config.toml
COPY docker/lesson-healthcheck.py /usr/local/bin/lesson-healthcheck
COPY apps/catalog.toml apps/catalog.py /app/
COPY apps/lessonkit /app/lessonkit

ARG LESSON
RUN test -n "${LESSON}" || { echo "build argument LESSON (the lesson's slug) is required" >&2; exit 1; }
ENV LESSON=${LESSON} \
    STREAMLIT_SERVER_BASE_URL_PATH=${LESSON}
COPY apps/${LESSON} /app/${LESSON}

USER 10001:10001
EXPOSE 8501
HEALTHCHECK --interval=3s --timeout=3s --start-period=30s --retries=3 \
  CMD ["python3", "-I", "-S", "/usr/local/bin/lesson-healthcheck"]
CMD ["sh", "-c", "exec streamlit run \"/app/${LESSON}/app.py\""]

# --- test: the runtime image plus pytest, to run the lesson's AppTest suite -----------
FROM runtime AS test
COPY --from=test-deps /opt/test-tools /opt/test-tools
COPY tests/apptest /app/tests/apptest
ENV PYTHONPATH=/app:/opt/test-tools \
    RERUNLAB_APPS_DIR=/app
HEALTHCHECK NONE
CMD ["python3", "-m", "pytest", "-p", "no:cacheprovider", "-q", "/app/tests/apptest"]
