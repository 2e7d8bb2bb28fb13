"""A plain HTTP GET with the standard library (the benchmarks run without `requests`)."""

from __future__ import annotations

import urllib.error
import urllib.request


def http_get(url: str, timeout: float = 3.0, headers: dict[str, str] | None = None) -> tuple[int, str]:
    """(status, body) of a GET; the status is 0 when nothing answered."""
    try:
        request = urllib.request.Request(url, headers=headers or {})
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read().decode(errors="replace")
    except urllib.error.HTTPError as exc:
        return exc.code, ""
    except OSError:
        return 0, ""
