#!/bin/sh
# Failure biasing against plain Monte Carlo, side by side in one run: interleaved (plain,
# biasing, plain, biasing …), one thread each, CPU time (user + system of the process, so a
# loaded machine slows both alike but does not count other processes' time). Prints each
# run's unavailability, relative error (std_error / mean), events, CPU seconds and relvar × CPU
# seconds (the smaller, the less work for the same relative error; the ratio of plain's to
# biasing's is the speed-up for the same relative error). Then the retail reference model with
# --method auto (which says whether biasing applies). Check `uptime` and say how loaded it was.
# Usage: benches/rare.sh [path/to/nines] [ROUNDS]
set -eu
NINES=${1:-target/release/nines}
ROUNDS=${2:-3}
M=tests/data/seven-nines-lognormal.toml
python3 - "$NINES" "$M" "$ROUNDS" <<'EOF'
import json, resource, subprocess, sys
nines, model, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])

def run(args):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = subprocess.run([nines] + args, check=True, capture_output=True, text=True).stdout
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return json.loads(out), cpu

trials = {"plain": 400_000, "biasing": 20_000}
score = {"plain": [], "biasing": []}
print("%-8s %4s %8s %11s %9s %7s %9s %7s %10s" % (
    "method", "seed", "trials", "unavail", "std_err", "rel", "events", "cpu_s", "relvar*s"))
for seed in range(1, rounds + 1):
    for meth in ("plain", "biasing"):
        d, cpu = run(["simulate", model, "--trials", str(trials[meth]), "--seed", str(seed),
                      "--threads", "1", "--method", meth, "--json", "--quiet"])
        a = d["availability"]
        u = 1 - a["mean"]
        rel = a["std_error"] / u if u > 0 else float("nan")
        score[meth].append(rel * rel * cpu)
        print("%-8s %4d %8d %11.4e %9.2e %7.4f %9d %7.2f %10.3g" % (
            d["method"], seed, trials[meth], u, a["std_error"], rel, d["events"], cpu,
            rel * rel * cpu))
a = json.loads(subprocess.run([nines, "analyze", model, "--json"], check=True,
                              capture_output=True, text=True).stdout)
print("steady-state unavailability (nines analyze): %.4e" % (1 - a["steady_state"]["availability"]))
med = lambda xs: sorted(xs)[len(xs) // 2]
print("median relvar*cpu_s: plain %.3g, biasing %.3g: %.0fx less CPU for the same relative error"
      % (med(score["plain"]), med(score["biasing"]), med(score["plain"]) / med(score["biasing"])))
d, cpu = run(["simulate", "models/retail-reference.toml", "--trials", "2000", "--seed", "1",
              "--threads", "1", "--method", "auto", "--json", "--quiet"])
print("retail-reference --method auto: method %s; %s" % (d["method"], d.get("method_note")))
EOF
