#!/usr/bin/env bash
# Side by side against CERN's AvailSim4 2.2.1 on R2 and R3 (see README.md here). Not run in CI.
#
#   benches/availsim4/run.sh
#
# Environment (all optional):
#   NINES=path        the nines binary (default: target/release/nines, built if missing)
#   AVAILSIM4_VENV=d  the Python venv to create or reuse (default: ~/.cache/nines-availsim4/venv)
#   R2_TRIALS, R3_TRIALS  trials for both tools (default 2000 and 1000)
#   BIG_TRIALS        trials of the extra nines-only throughput rows (default 1000000, 0: none)
#   SEED              seed for both tools (default 1)
#   KEEP=1            keep the work folder (inputs, AvailSim4 output and logs) and print its path
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
venv="${AVAILSIM4_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/nines-availsim4/venv}"

if [ ! -x "$venv/bin/availsim4" ] || [ "$("$venv/bin/availsim4" --version 2>/dev/null)" != "availsim4 2.2.1" ]; then
    echo "run.sh: making a venv with availsim4 2.2.1 in $venv" >&2
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check availsim4==2.2.1
    # Python < 3.11 has no tomllib; gen_inputs.py then uses tomli.
    "$venv/bin/python" -c 'import tomllib' 2>/dev/null || "$venv/bin/pip" install --quiet tomli
fi

nines="${NINES:-$repo/target/release/nines}"
if [ ! -x "$nines" ]; then
    echo "run.sh: building $nines" >&2
    (cd "$repo" && cargo build --release --bin nines)
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/nines-availsim4.XXXXXX")"
if [ "${KEEP:-0}" = 1 ]; then
    echo "run.sh: work folder $work" >&2
else
    trap 'rm -rf "$work"' EXIT
fi

"$venv/bin/python" "$here/bench.py" --nines "$nines" --work "$work" \
    --seed "${SEED:-1}" --r2-trials "${R2_TRIALS:-2000}" --r3-trials "${R3_TRIALS:-1000}" \
    --big-trials "${BIG_TRIALS:-1000000}"
