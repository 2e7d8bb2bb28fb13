"""Container health check: the lesson's own Streamlit health endpoint answers "ok".

Streamlit serves /<baseUrlPath>/_stcore/health; other paths (/healthz, /) answer 200
with the HTML index even when the app is broken, so they prove nothing.
"""

import os
import sys
import urllib.request

url = f"http://127.0.0.1:8501/{os.environ['LESSON']}/_stcore/health"
try:
    with urllib.request.urlopen(url, timeout=2) as response:
        body = response.read().decode().strip()
except OSError as exc:
    sys.exit(f"unhealthy: {url}: {exc}")
if body != "ok":
    sys.exit(f"unhealthy: {url} answered {body!r}")
