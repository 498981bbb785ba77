#!/usr/bin/env bash
# Runs every fuzz target of fuzz/ for a while each (default 5 minutes; `scripts/fuzz.sh 60` for
# one minute), installing cargo-fuzz first when it is missing. Needs a nightly toolchain
# (`rustup toolchain install nightly`). A crash stops the script and leaves its input in
# fuzz/artifacts/<target>/ (see fuzz/README.md). Not run by CI: fuzzing runs for minutes.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
seconds="${1:-300}"
if ! cargo +nightly --version >/dev/null 2>&1; then
  echo "error: fuzzing needs a nightly toolchain: rustup toolchain install nightly" >&2
  exit 2
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "== installing cargo-fuzz"
  cargo install cargo-fuzz --locked
fi
for target in front_matter markdown slug ics config links; do
  echo "== $target, ${seconds} s"
  dict=()
  [ "$target" = markdown ] && dict=(-dict=markdown.dict)
  cargo +nightly fuzz run "$target" -- -max_total_time="$seconds" "${dict[@]}"
done
echo "== no crash in ${seconds} s of each target"
