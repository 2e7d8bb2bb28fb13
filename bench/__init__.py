"""Rerun Lab benchmarks: a classroom simulator and scripts that print measured figures.

Run each from the repository root as a module, e.g. ``python -m bench.classroom --help``.
See bench/README.md.
"""
