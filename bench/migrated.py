#!/usr/bin/env python3
"""Benchmark: carnet on a knowledge base migrated from Jekyll (`bench/gen_migrated.py`).

Generates the corpus (7,000 pages by default), then runs the default `carnet build` (search
index included) several times, each into a new output folder, and `carnet check --format json`
once. Prints the medians of wall time and peak memory, the build's exit code and how many lines
its report takes, and the problems `check` finds by lint: what a team migrating its site sees
on day one.

    python3 bench/migrated.py                  # 7,000 pages, 3 builds
    python3 bench/migrated.py --pages 20000 --runs 1 --errors

Needs a release build of carnet (built by this script) and Python 3.11.
"""
import argparse
import collections
import json
import os
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=7000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--errors", action="store_true", help="add the generator's genuine mistakes")
    ap.add_argument("--work", default=None, help="where the corpus goes (default: a temporary folder)")
    args = ap.parse_args()

    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    carnet = os.path.join(ROOT, "target", "release", "carnet")
    work = args.work or tempfile.mkdtemp(prefix="carnet-migrated-")
    site = os.path.join(work, "site")
    gen = [sys.executable, os.path.join(ROOT, "bench", "gen_migrated.py"), "--pages", str(args.pages), "--out", site]
    subprocess.run(gen + (["--errors"] if args.errors else []), check=True)

    walls, rss_values, code, lines = [], [], None, 0
    for i in range(args.runs):
        out = os.path.join(work, f"public-{i}")
        # Each run is a child of its own python process, so that its peak memory is its own.
        probe = (
            "import os,subprocess,sys,time,resource;t=time.perf_counter();"
            "p=subprocess.run(sys.argv[1:],capture_output=True);w=time.perf_counter()-t;"
            "r=resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss/1024;"
            "sys.stdout.write(f'{p.returncode} {w} {r}\\n');sys.stderr.write(p.stderr.decode())"
        )
        proc = subprocess.run([sys.executable, "-c", probe, carnet, "build", "--output", out], cwd=site,
                              capture_output=True, text=True)
        code, wall, rss = proc.stdout.split()
        walls.append(float(wall))
        rss_values.append(float(rss))
        lines = len(proc.stderr.splitlines())
    check = subprocess.run([carnet, "check", "--format", "json"], cwd=site, capture_output=True, text=True)
    report = json.loads(check.stdout)
    by_lint = collections.Counter((p["severity"], p["lint"] or "(not a lint)") for p in report["problems"])

    print(f"migrated site: {args.pages} pages{' with mistakes' if args.errors else ''}, {args.runs} builds")
    print(f"  build: exit {code}, median {statistics.median(walls):.2f} s, "
          f"peak {statistics.median(rss_values):.0f} MiB, report of {lines} lines")
    print(f"  check: {report['errors']} errors, {report['warnings']} warnings")
    for (severity, lint), n in sorted(by_lint.items(), key=lambda kv: -kv[1]):
        print(f"    {n:6d} {severity:7s} {lint}")


if __name__ == "__main__":
    main()
