"""Unpacks Streamlit's frontend from the pinned Streamlit wheel for nginx to serve.

Run at image build (nginx/Dockerfile), with the Python of the lesson image's base and the
types Streamlit adds at start, so that content types come out as the lessons' Starlette names
them (mimetypes.guess_type):

    python3 nginx/unpack_frontend.py --wheel streamlit-1.67.0-py3-none-any.whl --out /frontend

Writes  <out>/files/...                 streamlit/static/ of the wheel, as Streamlit serves it
        <out>/files/**/*.gz             gzip copies of the compressible files (gzip_static)
        <out>/streamlit-types.conf      nginx `types` for those files, charset as Starlette adds it
        <out>/files/.streamlit-version  the wheel's version, for the tests
"""

from __future__ import annotations

import argparse
import ast
import gzip
import mimetypes
import shutil
import zipfile
from pathlib import Path

PREFIX = "streamlit/static/"
# Streamlit registers a few content types of its own at start (bootstrap._initialize_mimetypes):
# read them from the same wheel, so the types follow the pinned Streamlit.
BOOTSTRAP = "streamlit/web/bootstrap.py"
COMPRESSIBLE = {".js", ".css", ".json", ".svg", ".html", ".map", ".txt"}


def streamlits_own_types(source: str) -> list[tuple[str, str]]:
    """(type, extension) of every mimetypes.add_type(...) call with literal arguments."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "add_type"
            and len(node.args) == 2
            and all(isinstance(arg, ast.Constant) for arg in node.args)
        ):
            found.append((node.args[0].value, node.args[1].value))
    return found


def unpack(wheel: Path, out: Path) -> int:
    files = out / "files"
    version = wheel.name.split("-")[1]
    count = 0
    with zipfile.ZipFile(wheel) as archive:
        for kind, extension in streamlits_own_types(archive.read(BOOTSTRAP).decode()):
            mimetypes.add_type(kind, extension)
        for member in archive.infolist():
            if member.is_dir() or not member.filename.startswith(PREFIX):
                continue
            target = files / member.filename[len(PREFIX) :]
            target.parent.mkdir(parents=True, exist_ok=True)
            with archive.open(member) as source, target.open("wb") as copy:
                shutil.copyfileobj(source, copy)
            count += 1
            if target.suffix in COMPRESSIBLE:
                # mtime=0: the same bytes on every build.
                target.with_name(target.name + ".gz").write_bytes(
                    gzip.compress(target.read_bytes(), compresslevel=9, mtime=0)
                )
    if not count:
        raise SystemExit(f"{wheel}: no {PREFIX} in this wheel")
    (files / ".streamlit-version").write_text(version + "\n")

    # Starlette's FileResponse: mimetypes.guess_type (with Streamlit's own types added, as
    # above), else application/octet-stream; text/* gets "; charset=utf-8".
    types: dict[str, set[str]] = {}
    for path in files.rglob("*"):
        if path.is_file() and path.suffix and path.suffix != ".gz":
            kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            types.setdefault(kind, set()).add(path.suffix[1:])
    lines = ["# Written by nginx/unpack_frontend.py at image build; do not edit.", "types {"]
    lines += [f"    {kind} {' '.join(sorted(exts))};" for kind, exts in sorted(types.items())]
    lines += ["}", "default_type application/octet-stream;", "charset utf-8;"]
    text_types = sorted(kind for kind in types if kind.startswith("text/"))
    lines.append(f"charset_types {' '.join(text_types)};" if text_types else "charset off;")
    (out / "streamlit-types.conf").write_text("\n".join(lines) + "\n")
    return count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wheel", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    count = unpack(args.wheel, args.out)
    print(f"unpack_frontend.py: {count} files of Streamlit's frontend into {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
