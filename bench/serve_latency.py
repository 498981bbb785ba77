#!/usr/bin/env python3
"""Benchmark: how long from saving a page to having the new page, under `carnet serve`.

Generates the corpus (`gen_corpus.py --target carnet --pages N`, 10,000 by default), starts
`carnet serve` on it, listens to the live-reload events as a browser tab does, then edits one
page's body 20 times. Each measure runs from just before the file is written to the moment the
reload event has arrived and the new page has been fetched over HTTP with the new text in it.
Prints the median and the 95th percentile, and the server's own rebuild times.

    python3 bench/serve_latency.py                 # 10,000 pages, 20 edits
    python3 bench/serve_latency.py --pages 1000 --edits 50
    python3 bench/serve_latency.py --edit title    # front matter: the site is assembled again

Needs a release build of carnet (built by this script) and the corpus generator
(default: ../shared/bench/gen_corpus.py, or --gen PATH). Only 127.0.0.1 is used.
"""
import argparse
import http.client
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import queue

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def events(port, out):
    """Reads the server-sent events into the queue `out` as (name, data)."""
    sock = socket.create_connection(("127.0.0.1", port))
    sock.sendall(b"GET /__carnet/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
    name = ""
    for raw in sock.makefile("rb"):
        line = raw.decode("utf-8", "replace").rstrip("\r\n")
        if line.startswith("event: "):
            name = line[7:]
        elif line.startswith("data: "):
            out.put((name, line[6:], time.perf_counter()))


def fetch(port, path):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", "/" + path)
    body = conn.getresponse().read().decode("utf-8", "replace")
    conn.close()
    return body


def percentile(values, p):
    values = sorted(values)
    k = (len(values) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=10000)
    ap.add_argument("--edits", type=int, default=20)
    ap.add_argument("--gen", default=os.path.join(ROOT, "..", "shared", "bench", "gen_corpus.py"))
    ap.add_argument("--edit", choices=["body", "title"], default="body",
                    help="what each edit changes: a paragraph (default) or the title (every list showing it)")
    ap.add_argument("--work", default=None, help="where the corpus goes (default: a temporary folder)")
    args = ap.parse_args()
    if not os.path.exists(args.gen):
        sys.exit(f"corpus generator not found: {args.gen} (pass --gen PATH)")
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    carnet = os.path.join(ROOT, "target", "release", "carnet")
    work = args.work or tempfile.mkdtemp(prefix="carnet-serve-bench-")
    site = os.path.join(work, f"carnet-{args.pages}")
    subprocess.run([sys.executable, args.gen, "--pages", str(args.pages), "--target", "carnet", "--out", site,
                    "--clean"], check=True, stdout=subprocess.DEVNULL)
    # A page with a body to edit: the first session log.
    sessions = os.path.join(site, "content", "sessions")
    page = next(os.path.join(dp, f) for dp, _, fs in sorted(os.walk(sessions)) for f in sorted(fs)
                if f.endswith(".md") and f != "_index.md")
    original = open(page, encoding="utf-8").read()

    started = time.perf_counter()
    server = subprocess.Popen([carnet, "serve", "--port", "0", "--no-search", "--root", site],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = server.stdout.readline()
    match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
    if not match:
        server.kill()
        sys.exit(f"carnet serve did not start: {line}{server.stderr.read()}")
    port = int(match.group(1))
    print(f"carnet serve on {args.pages} pages: ready in {time.perf_counter() - started:.2f} s")
    rebuilds = []
    threading.Thread(target=lambda: [rebuilds.append(float(m.group(1))) for l in server.stderr
                                     if (m := re.search(r"Change: .* in ([\d.]+) ms", l))], daemon=True).start()
    q = queue.Queue()
    threading.Thread(target=events, args=(port, q), daemon=True).start()
    while q.get(timeout=30)[0] != "hello":
        pass
    times, out_path = [], None
    try:
        for i in range(args.edits):
            marker = f"Marqueur de mesure {i} {time.time_ns()}"
            if args.edit == "title":
                text = original.replace("title: \"", f"title: \"{marker} ", 1)
            else:
                text = original.replace("\n\n", f"\n\n{marker}\n\n", 2).replace(f"\n\n{marker}\n\n", "\n\n", 1)
            t0 = time.perf_counter()
            with open(page, "w", encoding="utf-8") as f:
                f.write(text)
            while True:
                name, data, _ = q.get(timeout=60)
                if name == "failure":
                    sys.exit(f"the rebuild failed: {data}")
                if name == "reload":
                    break
            paths = json.loads(data)["paths"]
            if out_path is None:
                out_path = next(p for p in paths if p.endswith("index.html") and marker in fetch(port, p))
            body = fetch(port, out_path)
            t1 = time.perf_counter()
            if marker not in body:
                sys.exit(f"edit {i}: the served page does not have the new text")
            times.append((t1 - t0) * 1000)
            time.sleep(0.3)
    finally:
        with open(page, "w", encoding="utf-8") as f:
            f.write(original)
        server.terminate()
        server.wait()
    print(f"{args.edits} edits of {os.path.relpath(page, site)} → /{out_path}")
    print(f"save → new page fetched: median {statistics.median(times):.1f} ms, p95 {percentile(times, 0.95):.1f} ms, "
          f"max {max(times):.1f} ms")
    if rebuilds:
        print(f"server rebuild alone: median {statistics.median(rebuilds):.1f} ms "
              f"(the rest is the {30} ms quiet period that gathers one save's events, and HTTP)")
    if not args.work:
        import shutil
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
