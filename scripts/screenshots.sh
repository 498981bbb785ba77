#!/usr/bin/env bash
# Re-takes the screenshots shown in the README (docs/screenshots/*.png): builds the demo site
# into a temporary folder, serves it on 127.0.0.1 and photographs it with Debian's Chromium
# through the browser tests' packages (scripts/test.sh installs both).
#   scripts/screenshots.sh           # build with `cargo run --release`, then the screenshots
#   CARNET=path/to/carnet scripts/screenshots.sh   # use an already built binary instead
# The build uses a fixed --today, inside the demo's spring 2018 so that the agenda has events
# to come, and so that the pictures change only when the site or the theme does.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d tests/browser/node_modules/playwright-core ]; then
  echo "the browser test packages are missing: run scripts/test.sh (or npm ci in tests/browser)" >&2
  exit 2
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

today=2018-05-20
if [ -n "${CARNET:-}" ]; then
  "$CARNET" build --today "$today" --output "$tmp/public"
else
  cargo run --release --quiet -- build --today "$today" --output "$tmp/public"
fi
node scripts/screenshots.mjs "$tmp/public" docs/screenshots
