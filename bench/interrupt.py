#!/usr/bin/env python3
"""How fast `carnet build` ends on Ctrl-C (SIGINT) or SIGTERM, in each stage.

Generates the benchmark corpus (`../shared/bench/gen_corpus.py`, 10,000 pages by default),
builds it once, then for each stage starts a build over that output with `--progress`, sends
the signal when the stage is announced, and prints how long the build took to end, its exit
code, and whether the previous output is intact (its `index.html` unchanged).

    python3 bench/interrupt.py
    python3 bench/interrupt.py --pages 50000 --signal TERM

Needs a release build of carnet (built by this script).
"""
import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
STAGES = ["scan", "model", "markdown", "derive", "render", "search", "write"]


def interrupt(carnet, site, out, stage, sig):
    proc = subprocess.Popen([carnet, "build", "--progress", "--output", out], cwd=site,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    for line in proc.stderr:
        if line.strip() == f"{stage}…":
            break
    sent = time.perf_counter()
    proc.send_signal(sig)
    proc.stderr.read()
    code = proc.wait()
    return time.perf_counter() - sent, code


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=10000)
    ap.add_argument("--signal", choices=["INT", "TERM"], default="INT")
    ap.add_argument("--gen", default=os.path.join(ROOT, "..", "shared", "bench", "gen_corpus.py"))
    args = ap.parse_args()
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    carnet = os.path.join(ROOT, "target", "release", "carnet")
    work = tempfile.mkdtemp(prefix="carnet-interrupt-")
    site, out = os.path.join(work, "site"), os.path.join(work, "public")
    subprocess.run([sys.executable, args.gen, "--pages", str(args.pages), "--target", "carnet", "--out", site],
                   check=True, stdout=subprocess.DEVNULL)
    subprocess.run([carnet, "build", "--output", out], cwd=site, check=True, stderr=subprocess.DEVNULL)
    before = open(os.path.join(out, "index.html"), "rb").read()
    sig = getattr(signal, f"SIG{args.signal}")
    print(f"{args.pages} pages, SIG{args.signal}:")
    for stage in STAGES:
        took, code = interrupt(carnet, site, out, stage, sig)
        intact = open(os.path.join(out, "index.html"), "rb").read() == before
        print(f"  {stage:9s} ended after {took * 1000:6.0f} ms, exit {code}, previous site intact: {intact}")


if __name__ == "__main__":
    main()
