#!/usr/bin/env bash
# Runs every test of carnet, installing first what the tests need on a fresh Debian machine:
# Chromium (apt), the browser test packages (npm, pinned in tests/browser/package-lock.json) and
# Python's icalendar (pip, pinned in tests/ical/requirements.txt).
# The same command runs in CI (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v chromium >/dev/null 2>&1; then
  echo "== installing Chromium (apt)"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
if ! command -v java >/dev/null 2>&1; then
  echo "== installing a Java runtime for the Nu Html Checker (apt)"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null
fi
echo "== installing the browser test packages (npm ci)"
(cd tests/browser && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)

echo "== installing the independent iCalendar parser (pip, pinned in tests/ical/requirements.txt)"
[ -x tests/ical/.venv/bin/python ] || python3 -m venv tests/ical/.venv
tests/ical/.venv/bin/pip install -q --disable-pip-version-check -r tests/ical/requirements.txt

echo "== cargo fmt and clippy"
cargo fmt --check
cargo clippy --all-targets --locked -- -D warnings

echo "== tests"
if cargo nextest --version >/dev/null 2>&1; then
  cargo nextest run --locked --no-fail-fast
else
  cargo test --locked --no-fail-fast
fi
