#!/usr/bin/env bash
# Start the workbench under Xvfb and save a screenshot of each view to assets/screenshots/.
# usage: scripts/screenshots.sh [BINARY]   (default target/debug/nines; build it first)
# The big-model shots (big-*.png) open the 500-component synthetic platform, written by a
# test-only helper (cargo test ... write_big_model -- --ignored), and drive the diagram with
# xdotool (find box, filter list) through ACT, a shell snippet run once the window is up.
# Needs: xvfb xauth xdotool imagemagick (installed by .ci/run). Fails if a screenshot is blank.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN="${1:-target/debug/nines}"
OUT="${OUT:-assets/screenshots}"
mkdir -p "$OUT"
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$(mktemp -d)}"
chmod 700 "$XDG_RUNTIME_DIR"
# A private settings folder so the user's saved settings do not change the pictures.
export XDG_DATA_HOME="$(mktemp -d)" XDG_CONFIG_HOME="$(mktemp -d)"

shoot() { # view, seconds to wait, extra args... (a few tries: Xvfb start-up can race)
  local view="$1" wait="$2"; shift 2
  # SHOTS="zone load" takes only those.
  if [ -n "${SHOTS:-}" ] && [[ " $SHOTS " != *" $view "* ]]; then return 0; fi
  local try
  for try in 1 2 3; do
    shoot_once "$view" "$wait" "$@" && break
    [ "$try" = 3 ] && { echo "screenshot $view failed three times" >&2; exit 1; }
    echo "screenshot $view: retrying" >&2
    sleep 1
  done
  # Blank check: a real screenshot has contrast.
  local sd
  sd=$(/usr/bin/convert "$OUT/$view.png" -colorspace Gray -format "%[fx:standard_deviation]" info:)
  if awk "BEGIN { exit !($sd < 0.02) }"; then
    echo "screenshot $view is blank (standard deviation $sd)" >&2
    exit 1
  fi
  echo "$OUT/$view.png (contrast $sd)"
}

shoot_once() {
  local view="$1" wait="$2"; shift 2
  rm -f "$OUT/$view.png"
  xvfb-run -a -s "-screen 0 1400x900x24 -nolisten tcp" bash -c '
    bin="$1"; out="$2"; wait="$3"; shift 3
    "$bin" gui "$@" & app=$!
    win=""
    for _ in $(seq 1 200); do
      # --onlyvisible: wait until the window is mapped (import fails on an unmapped one).
      win=$(xdotool search --onlyvisible --name "^nines$" 2>/dev/null | head -1) && [ -n "$win" ] && break
      sleep 0.2
    done
    [ -n "$win" ] || { echo "no window appeared" >&2; kill $app; exit 1; }
    xdotool windowsize "$win" 1360 860 || true
    xdotool mousemove --window "$win" 5 5 || true
    sleep "$wait"
    if [ -n "${ACT:-}" ]; then eval "$ACT"; fi
    import -window "$win" "$out"
    kill $app; wait $app 2>/dev/null || true
  ' _ "$BIN" "$OUT/$view.png" "$wait" "$@" && [ -s "$OUT/$view.png" ]
}

M=models/retail-reference.toml
shoot model 3 "$M" --view model --run --select cdn
shoot text 2 "$M" --view text
shoot run 4 "$M" --view run --run
shoot results 4 "$M" --view results --run
shoot compare 6 "$M" --view compare --compare models/retail-multi-cdn.toml
shoot load 6 "$M" --view load --run
# Tradeoffs: two options toggled; then scrolled down to the survey charts.
TO=(--view tradeoffs --option second_cdn --option waf_and_ddos_protection)
shoot tradeoffs "${TRADEOFFS_WAIT:-12}" "$M" "${TO[@]}"
ACT='xdotool mousemove --window "$win" 680 600; for _ in $(seq 1 25); do xdotool click 5; sleep 0.03; done; sleep 1' \
  shoot tradeoffs-charts "${TRADEOFFS_WAIT:-12}" "$M" "${TO[@]}"
# Sensitivity and the optimiser run their task at start (--run); wait for the answer.
shoot sensitivity "${SENSITIVITY_WAIT:-40}" "$M" --view sensitivity --run
shoot optimise "${OPTIMISE_WAIT:-90}" "$M" --view optimise --run
shoot catalog 3 "$M" --view model
shoot zone 3 "$M" --view model --select az-a
shoot cause 3 "$M" --view model --select bad_deploy
shoot sla 3 "$M" --view model --select database_sla

# The big model: 500 components, 50 services (nines::model::synthetic::platform, seed 1).
BIG="$(mktemp -d)/synthetic-500.toml"
NINES_SYNTHETIC_OUT="$BIG" ${CARGO:-cargo} test -q --test integration write_big_model -- --ignored >/dev/null
shoot big-fit "${BIG_WAIT:-6}" "$BIG" --view model
# Find: type part of a name, Enter centres the node, rings and selects it.
ACT='xdotool mousemove --window "$win" 95 119 click 1; sleep 0.3; xdotool windowfocus "$win"; xdotool type --delay 30 "checkout-eu"; sleep 0.5; xdotool key Return; sleep 2.5' \
  shoot big-zoomed "${BIG_WAIT:-6}" "$BIG" --view model
# Filter: the list under "everything", then "needs of checkout-eu-west".
ACT='xdotool mousemove --window "$win" 258 119 click 1; sleep 0.8; xdotool mousemove --window "$win" 300 305 click 1; sleep 2' \
  shoot big-filtered "${BIG_WAIT:-6}" "$BIG" --view model
