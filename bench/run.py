#!/usr/bin/env python3
"""Benchmark: carnet against Hugo on the same generated knowledge-base corpus.

For each corpus size, generates the corpus for both tools with the shared generator
(`gen_corpus.py --target carnet|hugo`, same seed: identical Markdown bodies, code blocks
highlighted by both), then builds it with carnet and with Hugo in alternation, cold (the
output folder removed before each run, no cache), several runs each, and prints the medians of
wall time, CPU time (user + system) and peak memory (max RSS), and the ratios carnet/Hugo.

Cold means: no cache of either tool, and (when run as root) the kernel's page cache dropped
before each run, so that the sources are read from the disk.

Every corpus is generated first; then the script waits for the file system to settle
(--settle, 370 s), and every run writes into a new output folder: nothing is deleted until the
last run. The reason: on ext4 without a journal (the root file system of this project's VMs),
the kernel skips inodes freed in the last minute (six if their inode block is dirty, which a
build writing next to them makes it) when it allocates new ones, and rescans them for each new
file, so a build that starts right after tens of thousands of files were deleted spends seconds
in the kernel whatever the tool: removing the previous run's output before each run made the
figures measure the harness's own deletions (carnet 10k: 1.5 s of system time after a settled
disk, 6 to 22 s right after deleting the previous output).

    python3 bench/run.py                       # 1,000 and 10,000 pages, 3 runs each
    python3 bench/run.py --pages 1000 --runs 5
    python3 bench/run.py --with-50k            # adds 50,000 pages (slow)

Needs: a release build of carnet (built by this script), Debian's `hugo` package
(`apt-get install hugo`), and the corpus generator (default: ../shared/bench/gen_corpus.py,
or --gen PATH).
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def measure(cmd, cwd):
    """Runs cmd; returns (wall seconds, cpu seconds, peak RSS in MiB) of that child alone."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{err}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def settle(seconds):
    """Flushes the disk and lets recently freed inodes age (see the module's docstring)."""
    subprocess.run(["sync"], check=False)
    if seconds > 0:
        print(f"  (waiting {seconds:.0f} s for the file system to settle after deletions)", flush=True)
        time.sleep(seconds)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--with-50k", action="store_true", help="also 50,000 pages")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--gen", default=os.path.join(ROOT, "..", "shared", "bench", "gen_corpus.py"))
    ap.add_argument("--hugo", default=shutil.which("hugo") or "hugo")
    ap.add_argument("--work", default=None, help="where corpora go (default: a temporary folder)")
    ap.add_argument("--with-search", action="store_true",
                    help="let carnet also write its search index (Hugo writes none)")
    ap.add_argument("--settle", type=float, default=370,
                    help="seconds to wait after deleting files before timing runs (see above)")
    ap.add_argument("--warm-page-cache", action="store_true",
                    help="do not drop the kernel's page cache before each run")
    ap.add_argument("--tmpfs", action="store_true",
                    help="write both tools' output to /dev/shm (memory), to compare the work without the disk")
    args = ap.parse_args()
    sizes = args.pages + ([50000] if args.with_50k else [])
    if not os.path.exists(args.gen):
        sys.exit(f"corpus generator not found: {args.gen} (pass --gen PATH)")
    if not shutil.which(args.hugo):
        sys.exit("hugo not found: install Debian's package (apt-get install hugo)")
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    carnet = os.path.join(ROOT, "target", "release", "carnet")
    hugo_version = subprocess.run([args.hugo, "version"], capture_output=True, text=True).stdout.strip()
    print(f"carnet {subprocess.run([carnet, '--version'], capture_output=True, text=True).stdout.strip()}; {hugo_version}")
    drop = not args.warm_page_cache and os.access("/proc/sys/vm/drop_caches", os.W_OK)
    if not args.warm_page_cache and not drop:
        print("note: not root, the page cache is not dropped between runs (sources are read from memory)")
    cache = "page cache dropped before each run" if drop else "page cache warm"
    where = "/dev/shm (memory)" if args.tmpfs else "the corpus's disk"
    print(f"{os.cpu_count()} cores; {args.runs} cold runs each, alternating; {cache}; output on {where}; medians\n")
    work = args.work or tempfile.mkdtemp(prefix="carnet-bench-")
    rows = []
    corpora = {}
    for n in sizes:
        for target in ("carnet", "hugo"):
            site = os.path.join(work, f"{target}-{n}")
            subprocess.run([sys.executable, args.gen, "--pages", str(n), "--target", target, "--out", site, "--clean"],
                           check=True, stdout=subprocess.DEVNULL)
            for old in os.listdir(site):
                if old.startswith("bench-out-"):
                    shutil.rmtree(os.path.join(site, old), ignore_errors=True)
            corpora[(target, n)] = site
    outs = []
    if not args.tmpfs:
        settle(args.settle)
    for n in sizes:
        results = {"carnet": [], "hugo": []}
        for i in range(args.runs):
            for target in ("carnet", "hugo"):
                site = corpora[(target, n)]
                out = os.path.join("/dev/shm" if args.tmpfs else site, f"bench-out-{target}-{n}-{i}")
                outs.append(out)
                subprocess.run(["sync"], check=False)
                if drop:
                    with open("/proc/sys/vm/drop_caches", "w") as f:
                        f.write("3\n")
                if target == "carnet":
                    # Hugo writes no search index: compare like with like (see --with-search).
                    cmd = [carnet, "build", "--root", site, "--output", out] + ([] if args.with_search else ["--no-search"])
                else:
                    shutil.rmtree(os.path.join(site, "resources"), ignore_errors=True)  # Hugo's cache
                    cmd = [args.hugo, "--quiet", "--source", site, "--destination", out]
                results[target].append(measure(cmd, site))
                if args.tmpfs:
                    shutil.rmtree(out, ignore_errors=True)
        med = {t: [statistics.median(r[i] for r in results[t]) for i in range(3)] for t in results}
        rows.append((n, med))
        for t in ("carnet", "hugo"):
            wall, cpu, mem = med[t]
            print(f"{n:>6} pages  {t:<7} wall {wall:7.2f} s   cpu {cpu:7.2f} s   peak {mem:7.0f} MiB   {wall / n * 1000:6.3f} ms/page")
        c, h = med["carnet"], med["hugo"]
        print(f"{n:>6} pages  carnet/hugo: wall {c[0] / h[0]:.2f}   cpu {c[1] / h[1]:.2f}   peak memory {c[2] / h[2]:.2f}\n")
    for out in outs:
        shutil.rmtree(out, ignore_errors=True)
    if len(rows) > 1:
        per_page = [med["carnet"][0] / n for n, med in rows]
        spread = max(per_page) / min(per_page) - 1
        print(f"carnet time per page from {rows[0][0]} to {rows[-1][0]} pages varies by {spread * 100:.0f}%")
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
