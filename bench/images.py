"""Images: the shared base, each lesson's own layers, and the rebuild after editing a lesson.

    python -m bench.images                        # images of the compose project rerun-lab-bench
    python -m bench.images --lesson forms --json images.json

Sizes come from `docker image inspect` and `docker history`: every lesson image is built
from apps/Dockerfile, so their histories are identical up to the first step that
depends on the LESSON build argument; what follows is the lesson's own part, the rest is
shared (stored once on disk).

Rebuild times are measured in a copy of the working tree (in a temporary directory, so
the repository is never modified): a no-op build, then a build after appending a comment
to apps/<lesson>/app.py, once for that one service and once for the whole stack (what
`docker compose up --build` does). Last, the images are rebuilt from the repository
itself (cached), so that the project's images match the repository again.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.bench_stack import BenchStack
from bench.cli import bench_parser, table, write_json
from bench.machine import machine, machine_line
from harness import REPO
from harness.docker import DockerError, docker, inspect
from harness.lessons import lesson_slugs

TARGET_OWN_MIB = 1.0
TARGET_REBUILD_S = 10.0
MIB = 1024 * 1024


def history(image: str) -> list[tuple[str, int]]:
    """(step, bytes) of an image's history, oldest first."""
    out = docker(
        "history", "--no-trunc", "--human=false", "--format", "{{.CreatedBy}}\t{{.Size}}", image
    ).stdout
    steps = []
    for line in out.splitlines():
        step, _, size = line.rpartition("\t")
        steps.append((step, int(size or 0)))
    return steps[::-1]


def image_sizes(project: str, slugs: list[str]) -> dict:
    images = {slug: f"{project}-{slug}" for slug in slugs}
    info = {slug: inspect(name) for slug, name in images.items()}
    histories = {slug: history(name) for slug, name in images.items()}
    # The first step whose command differs between lessons starts each lesson's own part.
    first_own = min(len(h) for h in histories.values())
    reference = next(iter(histories.values()))
    for i in range(first_own):
        if any(h[i][0] != reference[i][0] for h in histories.values()):
            first_own = i
            break
    layers = [i["RootFS"]["Layers"] for i in info.values()]
    shared_layers = 0
    while all(len(x) > shared_layers and x[shared_layers] == layers[0][shared_layers] for x in layers):
        shared_layers += 1
    own = {slug: sum(size for _, size in histories[slug][first_own:]) for slug in slugs}
    shared = {slug: info[slug]["Size"] - own[slug] for slug in slugs}
    return {
        "images": images,
        "image_size_mib": {slug: round(info[slug]["Size"] / MIB, 1) for slug in slugs},
        "shared_mib": round(max(shared.values()) / MIB, 1),
        "shared_layers": shared_layers,
        "layers": len(layers[0]),
        "own_kib": {slug: round(own[slug] / 1024, 1) for slug in slugs},
        "own_steps": [step[:90] for step, _ in reference[first_own:]],
        "shared_breakdown_mib": {
            step[:90]: round(size / MIB, 1) for step, size in reference[:first_own] if size >= MIB
        },
        "all_lessons_on_disk_mib": round((max(shared.values()) + sum(own.values())) / MIB, 1),
    }


def other_image_mib(name: str) -> float | None:
    try:
        return round(inspect(name)["Size"] / MIB, 1)
    except DockerError:
        return None


def _copy_tree(target: Path) -> None:
    """The working tree as git sees it (tracked and untracked, not ignored), nothing else."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO,
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    for raw in listed:
        if not raw:
            continue
        source = REPO / raw.decode()
        if source.is_file():
            destination = target / raw.decode()
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination)


def rebuild_times(project: str, lesson: str) -> dict:
    with tempfile.TemporaryDirectory(prefix="rerun-lab-bench-copy-") as folder:
        copy = Path(folder)
        _copy_tree(copy)
        stack = BenchStack(project=project, cwd=copy)
        app = copy / "apps" / lesson / "app.py"

        def edit(n: int) -> None:
            with app.open("a") as f:
                f.write(f"\n# bench/images.py edit {n} at {time.time()}\n")

        noop = stack.build()
        edit(1)
        started = time.monotonic()
        stack.compose("build", lesson)
        one = time.monotonic() - started
        edit(2)
        everything = stack.build()
    return {
        "noop_build_s": round(noop, 2),
        "edit_then_build_that_lesson_s": round(one, 2),
        "edit_then_build_all_s": round(everything, 2),
    }


def main(argv: list[str] | None = None) -> int:
    parser = bench_parser("images", __doc__, keep=False)
    parser.add_argument("--lesson", default="forms", help="the lesson to edit (default %(default)s)")
    a = parser.parse_args(argv)
    slugs = lesson_slugs()
    if a.lesson not in slugs:
        parser.error(f"unknown lesson {a.lesson!r}")
    stack = BenchStack(project=a.project, port=a.port)
    m = machine()
    print(f"building the images of {stack.project}…")
    first_build = stack.build()
    sizes = image_sizes(stack.project, slugs)
    base = os.environ.get("PYTHON_IMAGE", "python:3.12-slim")
    sizes["base_image"] = {"name": base, "mib": other_image_mib(base)}
    sizes["nginx_image_mib"] = other_image_mib(f"{stack.project}-nginx")
    rebuild = rebuild_times(stack.project, a.lesson)
    stack.build()  # the project's images match the repository again
    result = {"machine": m, "first_build_s": round(first_build, 1), **sizes, "rebuild": rebuild}

    worst_own = max(sizes["own_kib"].values()) / 1024
    rows = [[slug, sizes["image_size_mib"][slug], sizes["own_kib"][slug]] for slug in slugs]
    print(
        f"lesson images: {sizes['shared_mib']} MiB shared by all ({sizes['shared_layers']} of "
        f"{sizes['layers']} layers; base image {base}: {sizes['base_image']['mib']} MiB); "
        f"all {len(slugs)} lessons take {sizes['all_lessons_on_disk_mib']} MiB on disk; nginx image "
        f"{sizes['nginx_image_mib']} MiB"
    )
    print(
        "shared part, steps of 1 MiB or more: "
        + "; ".join(f"{k} {v} MiB" for k, v in sizes["shared_breakdown_mib"].items())
    )
    print(table(rows, ["lesson", "image (MiB)", "own layers (KiB)"]))
    print(
        f"own layers <= {TARGET_OWN_MIB:g} MiB: {'met' if worst_own <= TARGET_OWN_MIB else 'MISSED'} "
        f"(largest {worst_own * 1024:.1f} KiB)"
    )
    print(
        f"rebuild after editing apps/{a.lesson}/app.py: {rebuild['edit_then_build_that_lesson_s']} s "
        f"for that service, {rebuild['edit_then_build_all_s']} s for `docker compose build` (all services; "
        f"no-op build {rebuild['noop_build_s']} s); target <= {TARGET_REBUILD_S:g} s: "
        f"{'met' if rebuild['edit_then_build_all_s'] <= TARGET_REBUILD_S else 'MISSED'}"
    )
    print(machine_line(m))
    write_json(a.json, result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
