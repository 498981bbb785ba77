#!/usr/bin/env python3
"""Benchmark: carnet against Hugo and Zola on the same generated knowledge-base corpus.

For each corpus size, generates the corpus for each tool with the shared generator
(`gen_corpus.py --target carnet|hugo|zola`, same seed: identical Markdown bodies, code blocks
highlighted by all), then builds it with each tool in alternation, cold (a new output folder,
no cache), several runs each, and prints the medians of wall time, CPU time (user + system)
and peak memory (max RSS), a Markdown table for the README, and the ratio of carnet's default
build (with its search index) to the faster of Hugo and Zola with its search index (Zola's
`config-search.toml`; Hugo writes none). The tools, in the order they run in each round:

- `carnet`: `carnet build`, the default build, search index included;
- `carnet-no-search`: `carnet build --no-search`;
- `hugo`: Debian's Hugo;
- `zola-search`: Zola 0.22.1 with its search index (`--config config-search.toml`);
- `zola`: Zola without its index.

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
(`apt-get install hugo`), the Zola binary (default: ../shared/tools/zola/zola, or --zola PATH)
and the corpus generator (default: ../shared/bench/gen_corpus.py, or --gen PATH).
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


TOOLS = ["carnet", "carnet-no-search", "hugo", "zola-search", "zola"]


def command(tool, site, out, bins):
    """The command that builds `site` into `out` with `tool`."""
    if tool.startswith("carnet"):
        return [bins["carnet"], "build", "--root", site, "--output", out] + (["--no-search"] if tool == "carnet-no-search" else [])
    if tool == "hugo":
        shutil.rmtree(os.path.join(site, "resources"), ignore_errors=True)  # Hugo's cache
        return [bins["hugo"], "--quiet", "--source", site, "--destination", out]
    config = ["--config", os.path.join(site, "config-search.toml")] if tool == "zola-search" else []
    return [bins["zola"], "--root", site] + config + ["build", "--output-dir", out]


def machine():
    """A line saying on what the figures were measured."""
    model = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            model = next((line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), model)
    except OSError:
        pass
    return f"{time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores ({model}), {os.uname().sysname} {os.uname().machine}"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--with-50k", action="store_true", help="also 50,000 pages")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--gen", default=os.path.join(ROOT, "..", "shared", "bench", "gen_corpus.py"))
    ap.add_argument("--hugo", default=shutil.which("hugo") or "hugo")
    ap.add_argument("--zola", default=os.path.join(ROOT, "..", "shared", "tools", "zola", "zola"))
    ap.add_argument("--tools", nargs="+", default=TOOLS, choices=TOOLS)
    ap.add_argument("--work", default=None, help="where corpora go (default: a temporary folder)")
    ap.add_argument("--settle", type=float, default=370,
                    help="seconds to wait after deleting files before timing runs (see above)")
    ap.add_argument("--warm-page-cache", action="store_true",
                    help="do not drop the kernel's page cache before each run")
    ap.add_argument("--tmpfs", action="store_true",
                    help="write every tool's output to /dev/shm (memory), to compare the work without the disk")
    args = ap.parse_args()
    sizes = args.pages + ([50000] if args.with_50k else [])
    if not os.path.exists(args.gen):
        sys.exit(f"corpus generator not found: {args.gen} (pass --gen PATH)")
    if "hugo" in args.tools and not shutil.which(args.hugo):
        sys.exit("hugo not found: install Debian's package (apt-get install hugo)")
    if any(t.startswith("zola") for t in args.tools) and not os.access(args.zola, os.X_OK):
        sys.exit(f"zola not found at {args.zola} (pass --zola PATH)")
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    bins = {"carnet": os.path.join(ROOT, "target", "release", "carnet"), "hugo": args.hugo, "zola": args.zola}
    version = lambda cmd: subprocess.run(cmd, capture_output=True, text=True).stdout.strip()  # noqa: E731
    print(f"carnet {version([bins['carnet'], '--version'])}; {version([args.hugo, 'version']) if 'hugo' in args.tools else ''}; "
          f"{version([args.zola, '--version']) if any(t.startswith('zola') for t in args.tools) else ''}")
    drop = not args.warm_page_cache and os.access("/proc/sys/vm/drop_caches", os.W_OK)
    if not args.warm_page_cache and not drop:
        print("note: not root, the page cache is not dropped between runs (sources are read from memory)")
    cache = "page cache dropped before each run" if drop else "page cache warm"
    where = "/dev/shm (memory)" if args.tmpfs else "the corpus's disk"
    print(f"{machine()}; {args.runs} cold runs each, alternating; {cache}; output on {where}; medians\n")
    work = args.work or tempfile.mkdtemp(prefix="carnet-bench-")
    rows = []
    corpora = {}
    targets = sorted({t.split("-")[0] for t in args.tools})
    for n in sizes:
        for target in targets:
            site = os.path.join(work, f"{target}-{n}")
            subprocess.run([sys.executable, args.gen, "--pages", str(n), "--target", target, "--out", site, "--clean"],
                           check=True, stdout=subprocess.DEVNULL)
            corpora[(target, n)] = site
    outs = []
    if not args.tmpfs:
        settle(args.settle)
    for n in sizes:
        results = {t: [] for t in args.tools}
        for i in range(args.runs):
            for tool in args.tools:
                site = corpora[(tool.split("-")[0], n)]
                out = os.path.join("/dev/shm" if args.tmpfs else site, f"bench-out-{tool}-{n}-{i}")
                outs.append(out)
                subprocess.run(["sync"], check=False)
                if drop:
                    with open("/proc/sys/vm/drop_caches", "w") as f:
                        f.write("3\n")
                results[tool].append(measure(command(tool, site, out, bins), site))
                if args.tmpfs:
                    shutil.rmtree(out, ignore_errors=True)
        med = {t: [statistics.median(r[i] for r in results[t]) for i in range(3)] for t in results}
        rows.append((n, med))
        for t in args.tools:
            wall, cpu, mem = med[t]
            print(f"{n:>6} pages  {t:<17} wall {wall:7.2f} s   cpu {cpu:7.2f} s   peak {mem:7.0f} MiB   {wall / n * 1000:6.3f} ms/page")
        rivals = [t for t in ("hugo", "zola-search") if t in med]
        if "carnet" in med and rivals:
            best = min(rivals, key=lambda t: med[t][0])
            c, r = med["carnet"], med[best]
            print(f"{n:>6} pages  carnet / {best}: wall {c[0] / r[0]:.2f}   peak memory {c[2] / r[2]:.2f}")
        print()
    for out in outs:
        shutil.rmtree(out, ignore_errors=True)
    print("| pages | " + " | ".join(args.tools) + " |")
    print("|---|" + "---|" * len(args.tools))
    for n, med in rows:
        print(f"| {n:,} | " + " | ".join(f"{med[t][0]:.1f} s, {med[t][2]:.0f} MiB" for t in args.tools) + " |")
    if len(rows) > 1 and "carnet" in args.tools:
        per_page = [med["carnet"][0] / n for n, med in rows]
        spread = max(per_page) / min(per_page) - 1
        print(f"\ncarnet time per page from {rows[0][0]} to {rows[-1][0]} pages varies by {spread * 100:.0f}%")
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
