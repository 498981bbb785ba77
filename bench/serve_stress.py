#!/usr/bin/env python3
"""Stress test of `carnet serve`, bounded and self-stopping, on 127.0.0.1 only.

On a copy of the demo site: 100 connections read pages in a loop and 100 more hold the
live-reload channel open, for 30 s, while a page is edited 20 times a second. Then a "request
bomb" of odd paths (`..`, `%00`, very long, invalid UTF-8, raw bytes). Checks that the server
keeps answering (no connection error, no 5xx), that its memory stays bounded, that once the
edits stop exactly the last saved text is served, and that every odd path gets a 4xx and never
a file from outside the site. Prints the figures; exits 1 when a check fails.

    python3 bench/serve_stress.py                  # 30 s, 200 connections
    python3 bench/serve_stress.py --duration 10 --readers 50 --listeners 50

Needs a release build of carnet (built by this script), or `--carnet PATH`. The test suite
runs a short version of it (`serve::the_server_holds_under_load_and_refuses_odd_paths`).
"""
import argparse
import http.client
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PAGES = ["/", "/sessions/", "/valeurs/", "/valeurs/frugalite/", "/agenda/", "/agenda.ics", "/tags/",
         "/css/carnet.css", "/atom.xml", "/parcours/", "/sessions/session-11/", "/pas-ici/", "/sessions"]
PAGE_FILE = "content/valeurs/frugalite.md"


def rss_mib(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def raw_request(port, request_line):
    """Sends raw bytes; returns the status code, or None when the server closed the connection."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(request_line + b"\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        data = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    m = re.match(rb"HTTP/1\.[01] (\d{3})", data)
    return (int(m.group(1)), data) if m else (None, data)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--duration", type=float, default=30.0)
    ap.add_argument("--readers", type=int, default=100)
    ap.add_argument("--listeners", type=int, default=100)
    ap.add_argument("--edits-per-second", type=float, default=20.0)
    ap.add_argument("--carnet", default=None, help="the carnet binary to test (default: a release build, built)")
    args = ap.parse_args()
    carnet = args.carnet
    if carnet is None:
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
        carnet = os.path.join(ROOT, "target", "release", "carnet")
    work = tempfile.mkdtemp(prefix="carnet-stress-")
    site = os.path.join(work, "site")
    os.makedirs(site)
    for d in ("content", "themes"):
        shutil.copytree(os.path.join(ROOT, d), os.path.join(site, d))
    shutil.copy(os.path.join(ROOT, "carnet.yaml"), site)
    original = open(os.path.join(site, PAGE_FILE), encoding="utf-8").read()
    server = subprocess.Popen([carnet, "serve", "--port", "0", "--no-search"], cwd=site,
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    port = int(re.search(r":(\d+)/", server.stdout.readline()).group(1))
    failures, lock = [], threading.Lock()
    stats = {"requests": 0, "errors": 0, "5xx": 0, "events": 0, "reconnects": 0, "edits": 0}
    latencies = []
    stop = threading.Event()

    def count(key, n=1):
        with lock:
            stats[key] += n

    def reader():
        rnd = random.Random()
        while not stop.is_set():
            path = rnd.choice(PAGES)
            t0 = time.perf_counter()
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                conn.request("GET", path)
                r = conn.getresponse()
                r.read()
                conn.close()
                with lock:
                    stats["requests"] += 1
                    stats["5xx"] += r.status >= 500
                    latencies.append((time.perf_counter() - t0) * 1000)
            except OSError:
                count("errors")

    def listener():
        while not stop.is_set():
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=2) as s:
                    s.sendall(b"GET /__carnet/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                    while not stop.is_set():
                        try:
                            chunk = s.recv(65536)
                        except socket.timeout:
                            continue
                        if not chunk:
                            break
                        count("events", chunk.count(b"event: reload"))
            except OSError:
                pass
            if not stop.is_set():
                count("reconnects")

    def editor():
        n = 0
        while not stop.is_set():
            n += 1
            text = original.replace("La frugalité n'est pas", f"Version {n}. La frugalité n'est pas", 1)
            with open(os.path.join(site, PAGE_FILE), "w", encoding="utf-8") as f:
                f.write(text)
            count("edits")
            time.sleep(1 / args.edits_per_second)
        return n

    threads = [threading.Thread(target=reader, daemon=True) for _ in range(args.readers)]
    threads += [threading.Thread(target=listener, daemon=True) for _ in range(args.listeners)]
    edits = threading.Thread(target=editor, daemon=True)
    rss = [rss_mib(server.pid)]
    for t in threads + [edits]:
        t.start()
    end = time.time() + args.duration
    while time.time() < end:
        time.sleep(1)
        rss.append(rss_mib(server.pid))
        if server.poll() is not None:
            failures.append(f"the server died (exit code {server.returncode})")
            break
    stop.set()
    edits.join()
    for t in threads:
        t.join(timeout=15)
    last = stats["edits"]
    time.sleep(1.5)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", "/valeurs/frugalite/")
    body = conn.getresponse().read().decode()
    versions = set(re.findall(r"Version (\d+)\.", body))
    if versions != {str(last)}:
        failures.append(f"after the edits, the page shows versions {sorted(versions)} instead of {last}")

    # The request bomb.
    bomb = [b"GET /.. HTTP/1.1", b"GET /../carnet.yaml HTTP/1.1", b"GET /%2e%2e/carnet.yaml HTTP/1.1",
            b"GET /%2e%2e%2f%2e%2e%2fetc%2fpasswd HTTP/1.1", b"GET /valeurs/../../carnet.yaml HTTP/1.1",
            b"GET /%00 HTTP/1.1", b"GET /index.html%00 HTTP/1.1", b"GET /%ff%fe HTTP/1.1",
            b"GET /\xff\xfe HTTP/1.1", b"GET /..\\carnet.yaml HTTP/1.1", b"GET /%5c..%5ccarnet.yaml HTTP/1.1",
            b"GET /" + b"a" * 100_000 + b" HTTP/1.1", b"GET /" + b"%2e%2e/" * 5000 + b" HTTP/1.1",
            b"GET //etc/passwd HTTP/1.1", b"GET /./carnet.yaml HTTP/1.1", b"GET /content/_index.md HTTP/1.1",
            b"GET /carnet.yaml HTTP/1.1", b"GET /C:/Windows HTTP/1.1", b"GET /%u002e%u002e/ HTTP/1.1",
            b"GET http://127.0.0.1/../carnet.yaml HTTP/1.1", b"GET * HTTP/1.1", b"BREW / HTTP/1.1",
            b"GET /\x00 HTTP/1.1", b"GET /\r HTTP/1.1"]
    codes = {}
    for line in bomb:
        try:
            code, data = raw_request(port, line)
        except OSError as e:
            code, data = f"closed ({e.__class__.__name__})", b""
        codes.setdefault(str(code), 0)
        codes[str(code)] += 1
        shown = line[:60]
        if isinstance(code, int) and not 400 <= code < 500:
            failures.append(f"{shown!r} answered {code}")
        if b"base_url" in data or b"root:" in data:
            failures.append(f"{shown!r} exposed a file outside the site")
    server.terminate()
    server.wait()
    shutil.rmtree(work, ignore_errors=True)

    rss = [r for r in rss if r is not None]
    print(f"{args.duration:.0f} s, {args.readers} readers + {args.listeners} live-reload listeners, "
          f"{stats['edits']} edits ({args.edits_per_second:.0f}/s)")
    print(f"requests answered: {stats['requests']} ({stats['requests'] / args.duration:.0f}/s), "
          f"connection errors: {stats['errors']}, 5xx: {stats['5xx']}")
    if latencies:
        lat = sorted(latencies)
        print(f"request time: median {statistics.median(lat):.1f} ms, p99 {lat[int(len(lat) * 0.99)]:.1f} ms")
    print(f"reload events received: {stats['events']}, listener reconnections: {stats['reconnects']}")
    print(f"server memory (RSS): start {rss[0]:.0f} MiB, max {max(rss):.0f} MiB, end {rss[-1]:.0f} MiB")
    print(f"request bomb: {len(bomb)} odd requests → {codes}")
    if stats["errors"] or stats["5xx"]:
        failures.append("the server failed to answer some requests")
    if max(rss) > 4 * rss[0] + 200:
        failures.append("memory grew without bound")
    for f in failures:
        print(f"FAIL: {f}")
    print("stress: ok" if not failures else "stress: FAILED")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
