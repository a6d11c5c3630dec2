#!/usr/bin/env bash
# Run the Slurm route for real on this machine: bring up a one-node Slurm cluster (munged,
# slurmctld, slurmd; every file under a temporary folder), submit simulate.sbatch as a job
# array and merge.sbatch with --dependency=afterok, wait, check that the merged result equals
# the unsharded run (every JSON key but wall_seconds); then the same for a sweep (sweep.sbatch
# and sweep-merge.sbatch: the merged CSV must equal the unsharded sweep's byte for byte); and
# stop the daemons it started.
#
#   examples/slurm/run-local.sh [NINES_BINARY] [MODEL] [SHARDS] [TRIALS]
#
# Installs Debian's slurm-wlm and munge when they are missing (needs root, as in CI).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
NINES="$(realpath "${1:-$root/target/release/nines}")"
MODEL="$(realpath "${2:-$root/models/r2-checkout.toml}")"
SHARDS="${3:-4}"
TRIALS="${4:-200000}"
SEED=7

if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null || ! command -v sbatch >/dev/null; then
  echo "== installing slurm-wlm and munge"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends slurm-wlm munge >/dev/null
fi
[ -x "$NINES" ] || { echo "no nines binary at $NINES (build it: cargo build --release)"; exit 1; }

work="$(mktemp -d /tmp/nines-slurm.XXXXXX)"
pids=()
stop() {
  # Stop exactly the daemons this script started, by their pids, and wait for them.
  for f in "$work/slurmd.pid" "$work/slurmctld.pid" "$work/munge/munged.pid"; do
    [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null || true
  done
  for f in "$work/slurmd.pid" "$work/slurmctld.pid" "$work/munge/munged.pid"; do
    [ -f "$f" ] || continue
    p="$(cat "$f")"
    for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$p" 2>/dev/null || true
  done
  if [ "${KEEP:-0}" = 1 ]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap stop EXIT

echo "== one-node cluster in $work"
mkdir -p "$work/munge" "$work/state" "$work/spool" "$work/log" "$work/parts"
chmod 700 "$work/munge"
head -c 1024 /dev/urandom > "$work/munge/munge.key"
chmod 600 "$work/munge/munge.key"
munged --force --socket="$work/munge/sock" --key-file="$work/munge/munge.key" \
  --log-file="$work/log/munged.log" --pid-file="$work/munge/munged.pid" \
  --seed-file="$work/munge/seed"

host="$(hostname -s)"
cpus="$(nproc)"
# Free ports for this run (so it never meets another cluster on the machine).
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
cat > "$work/slurm.conf" <<EOF
ClusterName=nines-local
SlurmctldHost=$host
AuthType=auth/munge
AuthInfo=socket=$work/munge/sock
CredType=cred/munge
SlurmUser=root
SlurmdUser=root
SlurmctldPort=$(port)
SlurmdPort=$(port)
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/log/slurmctld.log
SlurmdLogFile=$work/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
MpiDefault=none
NodeName=$host CPUs=$cpus State=UNKNOWN
PartitionName=local Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF="$work/slurm.conf"
slurmctld -f "$SLURM_CONF"
slurmd -f "$SLURM_CONF"
for _ in $(seq 50); do sinfo -h -o %T 2>/dev/null | grep -q idle && break; sleep 0.2; done
sinfo

# Submit an array of $SHARDS tasks and a merge that starts after all of them; wait for the queue.
submit_and_wait() {
  array=$(sbatch --parsable --array=0-$((SHARDS - 1)) --export=ALL "$here/$1")
  merge=$(sbatch --parsable --dependency=afterok:"$array" --export=ALL "$here/$2")
  echo "array job $array, merge job $merge"
  for _ in $(seq 600); do
    [ -z "$(squeue -h 2>/dev/null)" ] && break
    sleep 0.5
  done
}

echo "== submitting $SHARDS shards of $TRIALS trials of $(basename "$MODEL") and the merge"
export NINES NINES_MODEL="$MODEL" NINES_TRIALS="$TRIALS" NINES_SEED="$SEED" \
  NINES_SHARDS="$SHARDS" NINES_PARTS="$work/parts" NINES_OUT="$work/merged.json"
cd "$work"
submit_and_wait simulate.sbatch merge.sbatch
state=$(scontrol show job "$merge" 2>/dev/null | grep -o 'JobState=[A-Z_]*' || true)
echo "merge job: $state"
if [ ! -s "$work/merged.json" ]; then
  echo "FAIL: no merged result"; tail -n 20 "$work"/*.log "$work/log/"*.log 2>/dev/null; exit 1
fi

echo "== the same run unsharded"
"$NINES" simulate "$MODEL" --trials "$TRIALS" --seed "$SEED" --json --quiet > "$work/whole.json"
python3 - "$work/whole.json" "$work/merged.json" <<'EOF'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
for d in (a, b):
    d.pop("wall_seconds", None)
if a != b:
    diff = [k for k in sorted(set(a) | set(b)) if a.get(k) != b.get(k)]
    sys.exit(f"FAIL: merged result differs from the unsharded run in {diff}")
print(f"OK: {len(a)} keys identical (wall_seconds aside); availability {a['availability']['mean']}")
EOF

echo "== a sweep of the model's horizon over $SHARDS shards, merged, against the unsharded sweep"
sweep_params="--param model.horizon_hours=1095..8760:1095"
export NINES_PARAMS="$sweep_params" NINES_TRIALS=2000 NINES_OUT="$work/sweep.csv"
submit_and_wait sweep.sbatch sweep-merge.sbatch
if [ ! -s "$work/sweep.csv" ]; then
  echo "FAIL: no merged sweep"; tail -n 20 "$work"/*.log 2>/dev/null; exit 1
fi
# shellcheck disable=SC2086
"$NINES" sweep "$MODEL" $sweep_params --trials 2000 --seed "$SEED" --quiet --out "$work/sweep-whole.csv" >/dev/null
if ! cmp "$work/sweep-whole.csv" "$work/sweep.csv"; then
  echo "FAIL: the merged sweep differs from the unsharded one"; exit 1
fi
echo "OK: merged sweep CSV identical to the unsharded one ($(($(wc -l < "$work/sweep.csv") - 1)) rows)"
