# The front door: nginx with the landing page and one route per lesson, both rendered
# from apps/catalog.toml at build time. Base images are build arguments so that offline
# machines can substitute local stand-ins (docker/offline/build-base-images.sh).
ARG PYTHON_IMAGE=python:3.12-slim
ARG NGINX_IMAGE=nginx:1.28

FROM ${PYTHON_IMAGE} AS render
COPY apps/catalog.toml apps/catalog.py /src/apps/
COPY nginx /src/nginx
RUN python3 /src/nginx/render.py --apps /src/apps --out /rendered

FROM ${NGINX_IMAGE}
COPY nginx/nginx.conf /etc/nginx/nginx.conf
COPY nginx/lesson-proxy.conf /etc/nginx/rerun-lab/lesson-proxy.conf
COPY --from=render /rendered/conf/ /etc/nginx/rerun-lab/
COPY --from=render /rendered/html /usr/share/nginx/html
COPY docker/nginx-entrypoint.sh /usr/local/bin/rerun-lab-entrypoint
# No setuid/setgid programs (as in the lesson image): no-new-privileges even under Swarm.
RUN find / -xdev -perm /6000 -type f -exec chmod a-s {} +
# uid 101 is the official image's unprivileged "nginx" user.
USER 101:101
EXPOSE 8080
STOPSIGNAL SIGQUIT
HEALTHCHECK --interval=3s --timeout=3s --start-period=10s --retries=3 \
  CMD ["curl", "-fsS", "-o", "/dev/null", "http://127.0.0.1:8080/healthz"]
ENTRYPOINT ["/usr/local/bin/rerun-lab-entrypoint"]
CMD ["nginx", "-g", "daemon off;"]
