#!/usr/bin/env bash
# Re-takes the screenshots shown in the README (docs/screenshots/*.png): builds the demo site
# into a temporary folder, serves it on 127.0.0.1 and photographs it with Debian's Chromium
# through the browser tests' packages (scripts/test.sh installs both).
#   scripts/screenshots.sh           # build with `cargo run --release`, then the screenshots
#   CARNET=path/to/carnet scripts/screenshots.sh   # use an already built binary instead
# The build uses a fixed --today, inside the demo's spring 2018 so that the agenda has events
# to come, and so that the pictures change only when the site or the theme does. Then the same
# for a site at scale: the 3,000-page migrated corpus (bench/gen_migrated.py: its agenda and its
# busiest month) and a site of twelve sections (the header, and its menu open on a phone).
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

carnet() { if [ -n "${CARNET:-}" ]; then "$CARNET" "$@"; else cargo run --release --quiet -- "$@"; fi; }
python3 bench/gen_migrated.py --pages 3000 --seed 7 --out "$tmp/large" >/dev/null
carnet build --root "$tmp/large" --today 2026-11-27 --no-search --output "$tmp/large/public"
# The month page with the most days holding events in its grid.
busiest=$(cd "$tmp/large/public" && for f in agenda/[0-9]*/[0-9]*/index.html; do
  echo "$(grep -o 'class="has-events"' "$f" | wc -l) ${f%index.html}"; done | sort -n | tail -1 | cut -d' ' -f2)
node scripts/screenshots.mjs "$tmp/large/public" docs/screenshots "agenda-large=/agenda/" "month-busy=/$busiest"

mkdir -p "$tmp/sections/content"
printf 'title: "Le Lab Occitanie"\nbase_url: "https://example.org/"\n' > "$tmp/sections/carnet.yaml"
i=0
for title in "Nos valeurs" "Parcours nouvel ambassadeur" "Sessions de travail" "Tutoriels" "Évènements" \
  "Projets accompagnés" "Ressources" "Équipe" "Actualités" "Partenaires" "Publications" "Contribuer"; do
  d="$tmp/sections/content/s$i"; mkdir -p "$d"
  printf -- '---\ntitle: "%s"\nweight: %d\n---\n' "$title" "$i" > "$d/_index.md"
  printf -- '---\ntitle: "Une page"\n---\nTexte.\n' > "$d/page.md"
  i=$((i + 1))
done
carnet build --root "$tmp/sections" --today 2026-11-27 --no-search --output "$tmp/sections/public"
node scripts/screenshots.mjs "$tmp/sections/public" docs/screenshots "sections-12=/" "sections-12-menu=/"
