#!/usr/bin/env bash
# Measure the workbench's frame times on the 500-component model under Xvfb: open it in the
# Model view with --frame-times, pan (drag the background), zoom (mouse wheel) and fit for
# about DRIVE seconds (20) with xdotool, quit through File > Quit, and print the median, p95
# and max of ui_ms (building the UI: what nines costs) and cpu_ms (eframe's CPU time for the
# whole frame: UI, tessellation, painting; under Xvfb that is Mesa's software renderer).
# usage: scripts/frame-times.sh [BINARY]   (default target/release/nines; build it first)
# The model is nines::model::synthetic::platform(seed 1, 500 components, 50 services), the one
# scripts/screenshots.sh shows, written by the `synthetic` example (MODEL=file.toml uses another).
# The CSV is kept at CSV (default: a temporary file; its path is printed).
# A measurement, not a test: not run by CI. Needs: xvfb xauth xdotool (installed by .ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN="${1:-target/release/nines}"
DRIVE="${DRIVE:-20}"
[ -x "$BIN" ] || { echo "frame-times: no binary at $BIN (cargo build --release first)" >&2; exit 2; }
for t in xvfb-run xdotool; do
  command -v "$t" >/dev/null || { echo "frame-times: needs $t (apt-get install xvfb xauth xdotool)" >&2; exit 2; }
done
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$(mktemp -d)}"
chmod 700 "$XDG_RUNTIME_DIR"
# Private settings: no saved zoom, layout or journal from earlier launches.
export XDG_DATA_HOME="$(mktemp -d)" XDG_CONFIG_HOME="$(mktemp -d)"
tmp="$(mktemp -d)"
if [ -z "${MODEL:-}" ]; then
  MODEL="$tmp/synthetic-500.toml"
  ${CARGO:-cargo} run -q --release --example synthetic -- 500 50 1 >"$MODEL"
fi
CSV="${CSV:-$tmp/frames.csv}"

xvfb-run -a -s "-screen 0 1400x900x24 -nolisten tcp" bash -c '
  set -u
  bin="$1"; model="$2"; csv="$3"; drive="$4"
  "$bin" gui "$model" --view model --frame-times "$csv" & app=$!
  win=""
  for _ in $(seq 1 200); do
    # --onlyvisible: wait until the window is mapped.
    win=$(xdotool search --onlyvisible --name "^nines$" 2>/dev/null | head -1) && [ -n "$win" ] && break
    sleep 0.2
  done
  [ -n "$win" ] || { echo "frame-times: no window appeared" >&2; kill $app; exit 1; }
  xdotool windowsize "$win" 1360 860 || true
  sleep 4
  # The what-if run that opening the model starts: cancel it, so that only the diagram is
  # measured (the toolbar'"'"'s Cancel button).
  xdotool mousemove --window "$win" 93 38 click 1; sleep 1
  # Window coordinates (see assets/screenshots/big-fit.png): "fit" at 465,119; A is
  # background at the fit zoom (left of the top rows), C the middle of the diagram.
  fit() { xdotool mousemove --window "$win" 465 119 click 1; sleep 0.5; }
  drag() { # x0 y0 x1 y1: press, move in 20 steps, release
    local x0=$1 y0=$2 x1=$3 y1=$4 i
    xdotool mousemove --window "$win" "$x0" "$y0" mousedown 1
    for i in $(seq 1 20); do
      xdotool mousemove --window "$win" $((x0 + (x1 - x0) * i / 20)) $((y0 + (y1 - y0) * i / 20))
      sleep 0.02
    done
    xdotool mouseup 1; sleep 0.2
  }
  wheel() { # x y button clicks (4 zooms in, 5 out)
    xdotool mousemove --window "$win" "$1" "$2"
    local i
    for i in $(seq 1 "$4"); do xdotool click "$3"; sleep 0.05; done
    sleep 0.3
  }
  end=$(( $(date +%s) + drive ))
  while [ "$(date +%s)" -lt "$end" ]; do
    fit
    # Pan at the fit zoom: out and back, always starting on the same background spot.
    drag 120 190 420 340; drag 420 340 120 190
    # Zoom into the middle and out again.
    wheel 500 470 4 8; wheel 500 470 5 8
    # Zoom in at the background spot, pan there, zoom out.
    wheel 120 190 4 6; drag 120 190 420 340; drag 420 340 120 190; wheel 120 190 5 6
  done
  fit; sleep 0.5
  # Quit through the menu (File > Quit at 30,231), so that the CSV is flushed.
  xdotool mousemove --window "$win" 20 11 click 1; sleep 0.5
  xdotool mousemove --window "$win" 30 231 click 1
  for _ in $(seq 1 50); do kill -0 $app 2>/dev/null || break; sleep 0.2; done
  if kill -0 $app 2>/dev/null; then
    echo "frame-times: the workbench did not quit; killed (the last frames may be missing)" >&2
    kill $app
  fi
  wait $app 2>/dev/null || true
' _ "$BIN" "$MODEL" "$CSV" "$DRIVE"

[ -s "$CSV" ] || { echo "frame-times: no frames written to $CSV" >&2; exit 1; }
echo "frames: $CSV"
# Median, p95 (nearest rank) and max of one column, over the frames that have it; the first
# frame (fonts, the diagram's layout) is shown apart.
stats() { # column name first-frame
  awk -F, -v c="$1" -v from="$3" 'NR > 1 && $1 >= from && $c != "" { print $c }' "$CSV" | sort -g |
    awk -v name="$2" '
    { v[NR] = $1 }
    END {
      if (NR == 0) { printf "%-7s no values\n", name; exit }
      m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
      p = int(NR * 0.95 + 0.999999); if (p < 1) p = 1
      printf "%-7s frames %5d  median %8.2f  p95 %8.2f  max %8.2f ms\n", name, NR, m, v[p], v[NR]
    }'
}
echo "first frame (ui_ms, cpu_ms): $(awk -F, 'NR == 2 { print $2 ", " $3 }' "$CSV")"
echo "all frames:"
stats 2 ui_ms 1
stats 3 cpu_ms 1
echo "from the second frame:"
stats 2 ui_ms 2
stats 3 cpu_ms 2
