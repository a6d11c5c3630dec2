#!/usr/bin/env python3
"""Plain vs failure biasing over many seeds on the seven-nines lognormal model: mean, mean of se^2,
variance across seeds, CPU per run, relvar x CPU s, and the biasing z-scores and coverage.
Usage: NINES=target/release/nines [BT=20000] python3 benches/rare-seeds.py PLAIN_SEEDS BIASING_SEEDS"""
import json, resource, subprocess, sys, statistics as st
import os; nines, model = os.environ.get("NINES", "target/release/nines"), "tests/data/seven-nines-lognormal.toml"
def run(meth, n, seed):
    b = resource.getrusage(resource.RUSAGE_CHILDREN)
    d = json.loads(subprocess.run([nines, "simulate", model, "--trials", str(n), "--seed", str(seed), "--threads", "1", "--method", meth, "--json", "--quiet"], check=True, capture_output=True, text=True).stdout)
    a = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = a.ru_utime - b.ru_utime + a.ru_stime - b.ru_stime
    return 1 - d["availability"]["mean"], d["availability"]["std_error"], cpu
exact = 2.6532e-08
res = {"plain": [], "biasing": []}
P, B = int(sys.argv[1]), int(sys.argv[2])
for s in range(1, max(P, B) + 1):
    if s <= P: res["plain"].append(run("plain", 400000, 100 + s))
    if s <= B: res["biasing"].append(run("biasing", int(os.environ.get("BT", "20000")), 100 + s))
for m, rs in res.items():
    us = [r[0] for r in rs]; var = st.mean(r[1] ** 2 for r in rs); cpu = st.mean(r[2] for r in rs)
    emp = st.variance(us) if len(us) > 1 else float('nan')
    print("%-8s seeds %2d  mean %.4e  mean-of-se^2 %.3e  empirical var %.3e  cpu %.3f s  relvar*s (pooled se) %.3g  (empirical) %.3g  max z %.2f" % (
        m, len(rs), st.mean(us), var, emp, cpu, var / exact**2 * cpu, emp / exact**2 * cpu, max(abs(r[0]-exact)/r[1] for r in rs)))
zs = sorted((r[0]-exact)/r[1] for r in res["biasing"])
print("biasing z:", " ".join("%.1f" % z for z in zs))
print("covered (|z|<=1.96): %d of %d" % (sum(abs(z) <= 1.96 for z in zs), len(zs)))
