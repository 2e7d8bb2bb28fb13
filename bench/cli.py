"""A benchmark's command line: the arguments every benchmark shares, the check that a target
is on this machine, and what it gives back (a table on stdout, the figures as JSON)."""

from __future__ import annotations

import argparse
import ipaddress
import json
import socket
from pathlib import Path
from urllib.parse import urlsplit

from bench.bench_stack import BENCH_PORT, BENCH_PROJECT


def is_loopback_url(url: str) -> bool:
    """Whether every address the URL's host resolves to is loopback: the load generators load
    only a server on this machine unless told otherwise."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    try:
        infos = socket.getaddrinfo(host, parts.port or 80, proto=socket.IPPROTO_TCP)
    except OSError:
        return False
    return bool(infos) and all(ipaddress.ip_address(info[4][0]).is_loopback for info in infos)


def slugs_arg(text: str | None) -> list[str]:
    """--lessons a,b: those slugs; absent: every lesson."""
    from harness.lessons import lesson_slugs

    return [s.strip() for s in text.split(",")] if text else lesson_slugs()


def bench_parser(module: str, doc: str, *, stack: bool = True, keep: bool = True) -> argparse.ArgumentParser:
    """The command line every benchmark shares: its help, and (for the scripts that start
    their own stack) --project, --port and --keep; and --json."""
    parser = argparse.ArgumentParser(
        prog=f"python -m bench.{module}",
        description=doc,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    if stack:
        parser.add_argument("--project", default=BENCH_PROJECT)
        parser.add_argument("--port", type=int, default=BENCH_PORT)
    if keep:
        parser.add_argument("--keep", action="store_true", help="leave the stack running at the end")
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    return parser


def ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}" if value >= 10 else f"{value:.1f}"


def table(rows: list[list], header: list[str]) -> str:
    cells = [[str(c) for c in header]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    lines = []
    for n, row in enumerate(cells):
        lines.append(
            "  ".join(
                c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True))
            )
        )
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def write_json(path: str | None, data: dict) -> None:
    if path:
        Path(path).write_text(json.dumps(data, indent=2, sort_keys=False) + "\n")
        print(f"wrote {path}")
