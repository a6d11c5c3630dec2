#!/bin/sh
# Failure biasing against plain Monte Carlo on the seven-nines model with lognormal repairs,
# interleaved (plain, biasing, plain, biasing …), one thread each. Prints relative error,
# CPU (wall, one thread) and events, and relvar × seconds / relvar × events: the smaller, the
# less work for the same relative error. Run on a quiet machine (check `uptime`).
# Usage: benches/rare.sh [path/to/nines]
set -eu
NINES=${1:-target/release/nines}
M=tests/data/seven-nines-lognormal.toml
for s in 1 2 3; do
  for meth in plain biasing; do
    if [ "$meth" = plain ]; then n=400000; else n=20000; fi
    "$NINES" simulate "$M" --trials "$n" --seed "$s" --threads 1 --method "$meth" --json --quiet |
      python3 -c "
import json, sys
d = json.load(sys.stdin); a = d['availability']; u = 1 - a['mean']
rel = a['std_error'] / u if u > 0 else float('nan')
print('%-8s seed=$s trials=$n unavail=%.3e se=%.2e rel=%.3f ess=%s events=%d wall=%.2f relvar*s=%.3g relvar*events=%.3g' % (
    d['method'], u, a['std_error'], rel, d.get('effective_trials'), d['events'], d['wall_seconds'],
    rel * rel * d['wall_seconds'], rel * rel * d['events']))"
  done
done
"$NINES" analyze "$M" --json | python3 -c "import json,sys; d=json.load(sys.stdin); print('steady-state unavailability %.4e' % (1 - d['steady_state']['availability']))"
