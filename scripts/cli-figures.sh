#!/usr/bin/env bash
# Wall time and peak memory of the JSON twin on 100,000 demo accounts:
# runs the release binary RUNS times and prints the median of each.
#   bash scripts/cli-figures.sh [RUNS]
# With STORE=DIR, the same from a store in DIR (`--offline`, a REST
# source at http://127.0.0.1:9), filled the first time by
#   cargo run --release --example fill_store -- DIR [SIZE]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-7}
cargo build --release --quiet
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
for _ in $(seq "$runs"); do
  env -u ORIENTEER_CONFIG XDG_CONFIG_HOME="$(mktemp -d)" \
    /usr/bin/time -f "%e %M" -a -o "$tmp" \
    ./target/release/orienteer watchlist --demo --demo-size 100000 --format json --limit 20 >/dev/null
done
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
wall=$(cut -d' ' -f1 "$tmp" | median)
kib=$(cut -d' ' -f2 "$tmp" | median)
echo "orienteer watchlist --demo --demo-size 100000 --format json --limit 20 ($runs runs)"
echo "median wall: ${wall} s"
echo "median peak RSS: ${kib} KiB ($((kib * 1024 / 1000000)) MB)"

if [ -n "${STORE:-}" ]; then
  [ -f "$STORE/orienteer.db" ] || cargo run --release --quiet --example fill_store -- "$STORE"
  : >"$tmp"
  config=$(mktemp)
  printf '[source]\nkind = "rest"\nbase_url = "http://127.0.0.1:9"\ntoken_env = "ORIENTEER_FIGURES_TOKEN"\n' >"$config"
  for _ in $(seq "$runs"); do
    ORIENTEER_CONFIG="$config" ORIENTEER_DATA="$STORE" ORIENTEER_STATE="$STORE/state.json" \
      ORIENTEER_LOG="$STORE/orienteer.log" ORIENTEER_FIGURES_TOKEN=unused \
      /usr/bin/time -f "%e %M" -a -o "$tmp" \
      ./target/release/orienteer --offline watchlist --format json --limit 20 >/dev/null 2>&1
  done
  rm -f "$config"
  wall=$(cut -d' ' -f1 "$tmp" | median)
  kib=$(cut -d' ' -f2 "$tmp" | median)
  echo "orienteer --offline watchlist --format json --limit 20, store in $STORE ($runs runs)"
  echo "median wall: ${wall} s"
  echo "median peak RSS: ${kib} KiB ($((kib * 1024 / 1000000)) MB)"
fi
