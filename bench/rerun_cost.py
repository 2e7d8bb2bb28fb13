"""CPU per rerun, side by side: the same simulated class on two or more builds of the stack.

    python -m bench.rerun_cost --variant before=b797b4b --variant now=HEAD
    python -m bench.rerun_cost --variant py3.11=HEAD@rerun-lab/python-offline:bookworm \\
                               --variant py3.13=HEAD@rerun-lab/python-offline:trixie

A variant is LABEL=REV[@PYTHON_IMAGE]: the tree of git revision REV ("." for the working
tree), built with that Python base image (default: PYTHON_IMAGE from the environment, as
`docker compose build` takes it). Each variant is built, started under a compose project of
its own, given the same class (students spread over the lessons, the same seed), and removed
before the next starts; with --rounds 2 the order is A B A B and the median is kept. Prints,
per lesson and for the whole stack (every lesson plus nginx, the issue's figure), the CPU
time its containers used per rerun answered (cgroup), rerun p95 and errors; then the share
of kernel time.
"""

from __future__ import annotations

import io
import statistics
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bench import classroom
from bench.bench_stack import BenchStack
from bench.cli import bench_parser, table, write_json
from bench.machine import machine_line
from harness import REPO


@dataclass
class Variant:
    label: str
    rev: str
    python_image: str | None

    @classmethod
    def parse(cls, text: str) -> Variant:
        label, sep, rest = text.partition("=")
        rev, _, image = rest.partition("@")
        if not sep or not label or not rev:
            raise SystemExit(f"--variant wants LABEL=REV[@PYTHON_IMAGE], not {text!r}")
        return cls(label, rev, image or None)


def tree_of(rev: str, scratch: Path) -> Path:
    """The files of `rev` (the working tree itself for ".") to build from."""
    if rev == ".":
        return REPO
    where = scratch / rev.replace("/", "_")
    if not where.exists():
        where.mkdir(parents=True)
        archive = subprocess.run(["git", "archive", rev], cwd=REPO, capture_output=True, check=True).stdout
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(where, filter="data")
    return where


def one_class(variant: Variant, number: int, scratch: Path, a) -> dict:
    stack = BenchStack(
        project=f"rerun-lab-cost-{number}", port=a.port + number, cwd=tree_of(variant.rev, scratch)
    )
    if variant.python_image:
        stack.env["PYTHON_IMAGE"] = variant.python_image
    print(f"== {variant.label}: building and starting {stack.project}", flush=True)
    stack.build()
    try:
        stack.up()
        config, _ = classroom.parse_args(
            ["--url", stack.base_url, "--project", stack.project, "--progress", "off"]
            + ["--students", str(a.students), "--duration", str(a.duration), "--seed", str(a.seed)]
        )
        return classroom.run(config)
    finally:
        stack.down()


def figures(report: dict) -> dict:
    """CPU ms per rerun answered, per lesson and for the stack (lessons + nginx); p95; errors."""
    lessons = {}
    used = kernel = 0.0
    for slug, x in report["lessons"].items():
        c = x.get("container") or {}
        lessons[slug] = c.get("cpu_ms_per_rerun")
        used += c.get("cpu_s", 0)
        kernel += c.get("system_s", 0)
    nginx = report.get("nginx") or {}
    reruns = report["overall"]["reruns_finished"]
    stack_cpu = used + nginx.get("cpu_s", 0)
    return {
        "lessons": lessons,
        "stack_ms_per_rerun": round(1000 * stack_cpu / reruns, 1) if reruns else None,
        "nginx_ms_per_rerun": round(1000 * nginx.get("cpu_s", 0) / reruns, 2) if reruns else None,
        "kernel_share_pct": round(100 * (kernel + nginx.get("system_s", 0)) / stack_cpu)
        if stack_cpu
        else None,
        "p95_ms": report["overall"]["server"]["p95_ms"],
        "errors": report["overall"]["error_count"],
        "reruns": reruns,
    }


def median_of(runs: list[dict]) -> dict:
    def med(values):
        values = [v for v in values if v is not None]
        return round(statistics.median(values), 1) if values else None

    slugs = runs[0]["lessons"]
    return {
        "lessons": {slug: med(r["lessons"].get(slug) for r in runs) for slug in slugs},
        **{key: med(r[key] for r in runs) for key in runs[0] if key != "lessons"},
    }


def main(argv: list[str] | None = None) -> int:
    parser = bench_parser("rerun_cost", __doc__, keep=False)
    parser.add_argument("--variant", action="append", required=True, help="LABEL=REV[@PYTHON_IMAGE]")
    parser.add_argument("--students", type=int, default=60)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--rounds", type=int, default=1, help="A B A B …: the median of the rounds")
    parser.add_argument("--seed", type=int, default=7)
    parser.set_defaults(port=8200)  # variant N listens on --port + N
    a = parser.parse_args(argv)
    variants = [Variant.parse(v) for v in a.variant]
    if len({v.label for v in variants}) != len(variants) or not 1 <= a.rounds <= 5:
        parser.error("variant labels must differ; --rounds 1..5")
    print(machine_line())
    runs: dict[str, list[dict]] = {v.label: [] for v in variants}
    with tempfile.TemporaryDirectory(prefix="rerun-lab-cost-") as scratch:
        for _ in range(a.rounds):
            for number, variant in enumerate(variants, start=1):
                runs[variant.label].append(figures(one_class(variant, number, Path(scratch), a)))
    result = {label: median_of(r) for label, r in runs.items()}
    labels = list(result)
    slugs = list(result[labels[0]]["lessons"])
    rows = [[slug, *(result[label]["lessons"].get(slug, "-") for label in labels)] for slug in slugs]
    for key, name in [
        ("stack_ms_per_rerun", "STACK (lessons + nginx)"),
        ("nginx_ms_per_rerun", "of which nginx"),
        ("kernel_share_pct", "kernel time % of the stack's CPU"),
        ("p95_ms", "rerun p95 ms (all lessons)"),
        ("errors", "errors"),
        ("reruns", "reruns answered"),
    ]:
        rows.append([name, *(result[label][key] for label in labels)])
    print(
        f"\nCPU ms per rerun answered, {a.students} students spread over the lessons, {a.duration:g} s, "
        f"median of {a.rounds} round(s)"
    )
    print(table(rows, ["lesson", *labels]))
    print(machine_line())
    write_json(a.json, {"variants": [vars(v) for v in variants], "rounds": runs, "median": result})
    return 1 if any(r["errors"] for rs in runs.values() for r in rs) else 0


if __name__ == "__main__":
    sys.exit(main())
