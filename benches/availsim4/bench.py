#!/usr/bin/env python3
"""Side by side: AvailSim4 2.2.1 and `nines simulate` on R2 and R3, same trials, same mission.

    python bench.py --nines PATH/TO/nines --work DIR [--seed S] [--r2-trials N] [--r3-trials N]
                    [--big-trials N]

Run by run.sh inside a venv that has availsim4 installed. For each model it writes the AvailSim4
inputs (gen_inputs.py), runs AvailSim4's command line through run_availsim4.py (which keeps each
run's availability), runs `nines simulate --json` with one thread and with two on the same trial
count, takes the exact mission availability from `nines analyze --json`, and prints a Markdown
table. Exit status 1 when an estimate's 95 % interval misses the exact value.
"""

import argparse
import json
import math
import os
import pathlib
import resource
import statistics
import subprocess
import sys
import time

import pandas

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parent.parent
Z95 = 1.959963984540054  # two-sided 95 % normal quantile


def timed(cmd, stdout=None):
    """Run cmd; return (CompletedProcess, wall seconds, child CPU seconds user+sys)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, stdout=stdout if stdout else subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True, check=False)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode != 0:
        sys.exit(f"bench: {' '.join(map(str, cmd))} failed ({proc.returncode}):\n{proc.stderr}")
    return proc, wall, cpu


def run_availsim4(model, trials, seed, work):
    """AvailSim4 on `model`: its estimate from the per-run availabilities, and its timings."""
    inputs = work / "inputs"
    subprocess.run([sys.executable, HERE / "gen_inputs.py", model, "--trials", str(trials),
                    "--seed", str(seed), "--out", inputs], check=True, stdout=subprocess.DEVNULL)
    out = work / f"availsim4-{model.stem}"
    per_run = work / f"availsim4-{model.stem}-runs.json"
    with open(work / f"availsim4-{model.stem}.log", "w", encoding="utf-8") as log:
        _, wall, cpu = timed([sys.executable, HERE / "run_availsim4.py", per_run, "availsim4",
                              "--simulation", inputs / f"{model.stem}_simulation.xlsx",
                              "--system", inputs / f"{model.stem}_system.xlsx",
                              "--output_folder", out], stdout=log)
    data = json.loads(per_run.read_text(encoding="utf-8"))
    runs = data["runs"]
    if len(runs) != trials:
        sys.exit(f"bench: AvailSim4 did {len(runs)} runs, asked for {trials}")
    if any(r["other"] > 0 for r in runs):
        sys.exit("bench: AvailSim4 root spent time HELD; the model mapping is wrong")
    avail = [r["up"] / r["horizon"] for r in runs]
    mean = statistics.fmean(avail)
    se = statistics.stdev(avail) / math.sqrt(len(avail))
    # AvailSim4's own figure: RESULTS_ROOT_SUMMARY.availability in its output workbook.
    [book] = sorted(out.glob("simulation_result_*.xlsx"))
    own = float(pandas.read_excel(book, sheet_name="RESULTS_ROOT_SUMMARY")["availability"][0])
    return {"tool": "AvailSim4 2.2.1", "trials": trials, "wall": wall, "cpu": cpu, "mean": mean,
            "se": se, "ci": (mean - Z95 * se, mean + Z95 * se), "own": own,
            "events": sum(r["events"] for r in runs), "hook": data["hook_seconds"]}


def run_nines(nines, model, trials, seed, threads):
    """`nines simulate --json` on `model`; its estimate and timings."""
    proc, wall, cpu = timed([nines, "simulate", model, "--trials", str(trials), "--seed",
                             str(seed), "--threads", str(threads), "--json", "--quiet"])
    rep = json.loads(proc.stdout)
    a = rep["availability"]
    return {"tool": f"nines, {threads} thread{'s' if threads > 1 else ''}", "trials": trials,
            "wall": wall, "cpu": cpu, "mean": a["mean"], "se": a["std_error"],
            "ci": tuple(a["ci95"]), "events": rep["events"], "own_wall": rep["wall_seconds"]}


def exact(nines, model):
    """The exact mission availability from `nines analyze --json`."""
    proc, _, _ = timed([nines, "analyze", model, "--json"])
    return json.loads(proc.stdout)["mission"]["availability"]


def row(model, r, ex):
    """One Markdown table row; also whether the exact value is inside the interval."""
    inside = r["ci"][0] <= ex <= r["ci"][1]
    z = (r["mean"] - ex) / r["se"] if r["se"] > 0 else float("nan")
    cells = [r["tool"], model, f"{r['trials']:,}", f"{r['wall']:.2f}", f"{r['cpu']:.2f}",
             f"{r['trials'] / r['wall']:,.0f}", f"{r['mean']:.7f}",
             f"[{r['ci'][0]:.7f}, {r['ci'][1]:.7f}]", f"{ex:.7f}",
             f"{'yes' if inside else 'NO'} ({z:+.2f})"]
    return "| " + " | ".join(cells) + " |", inside


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--nines", required=True)
    ap.add_argument("--work", type=pathlib.Path, required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--r2-trials", type=int, default=2000)
    ap.add_argument("--r3-trials", type=int, default=1000)
    ap.add_argument("--big-trials", type=int, default=1_000_000,
                    help="trials for the extra nines-only throughput rows (0: none)")
    args = ap.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    models = [("R2", REPO / "models" / "r2-checkout.toml", args.r2_trials),
              ("R3", REPO / "models" / "r3-twenty-tiers.toml", args.r3_trials)]
    header = ("| tool | model | trials | wall s | CPU s | trials/s | availability | 95 % interval "
              "| exact (`nines analyze`) | exact inside? (z) |\n" + "|---" * 10 + "|")
    lines, notes, ok = [header], [], True
    for name, path, trials in models:
        ex = exact(args.nines, path)
        print(f"{name}: AvailSim4, {trials} runs ...", file=sys.stderr)
        results = [run_availsim4(path, trials, args.seed, args.work)]
        for threads in (1, 2):
            results.append(run_nines(args.nines, path, trials, args.seed, threads))
        if args.big_trials:
            for threads in (1, 2):
                results.append(run_nines(args.nines, path, args.big_trials, args.seed, threads))
        for r in results:
            line, inside = row(name, r, ex)
            lines.append(line)
            ok &= inside
        a, n = results[0], results[-1]
        diff = a["mean"] - n["mean"]
        dse = math.hypot(a["se"], n["se"])
        notes.append(f"- {name}: AvailSim4 minus nines ({n['trials']:,} trials): {diff:+.2e} "
                     f"± {Z95 * dse:.1e} (95 %), z = {diff / dse:+.2f}.")
        notes.append(f"- {name}: AvailSim4's own RESULTS_ROOT_SUMMARY availability "
                     f"{a['own']:.10f}, per-run mean {a['mean']:.10f} (difference "
                     f"{a['own'] - a['mean']:.1e}); {a['events'] / a['trials']:.1f} AvailSim4 "
                     f"B-events per run vs {results[1]['events'] / results[1]['trials']:.1f} "
                     f"nines events per trial; per-run hook {a['hook']:.2f} s of the wall time.")
    print("\n".join(lines))
    print()
    print("\n".join(notes))
    load = os.getloadavg()
    print(f"- machine: {os.cpu_count()} CPUs, load average {load[0]:.2f} / {load[1]:.2f} / "
          f"{load[2]:.2f} (1 / 5 / 15 min) at the end of the run.")
    if not ok:
        print("bench: an interval misses the exact value (see the last column)", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
