#!/usr/bin/env python3
"""Write a nines model (core format, ../../../shared/model-format.md) as AvailSim4 2.2.1 input files.

    python gen_inputs.py MODEL.toml --trials N --seed S --out DIR [--print]

writes DIR/<stem>_system.xlsx and DIR/<stem>_simulation.xlsx (the two Excel files AvailSim4
reads) and, with --print, shows every sheet row on stdout so the mapping can be reviewed.

Mapping (AvailSim4's own meaning is read from its source, availsim4core 2.2.1):

- A component with `replicas = n`, `min_up = k` becomes a *compound* of that name whose only
  child is a *basic* `<name>_R` with COMPONENT_NUMBER = n (n identical instances) and
  CHILDREN_LOGIC `kOOn` (AvailSim4's k-out-of-n: at least k children RUNNING or DEGRADED);
  `nOOn` is written `AND`. A single-replica component (n = k = 1) is a basic of its name.
- A `[[group]]` with `of` and `min_up` becomes a compound with those children and `kOOm`.
- The model is available when every service is available and a service when everything in
  its `requires` is, so the root `SYSTEM` is an `AND` of the union of all `requires`; with no
  `[[service]]` it is an `AND` of every component (the core format's "all in series").
- Each component gets one failure mode (TYPE_OF_FAILURE `DETECTABLE`: repair is ordered the
  moment the failure happens and starts at once; `NEVER_HELD` before and after repair; no
  inspection, no phases), assigned to its basic, so every instance alternates up/down on its
  own, as good as new after repair, with unlimited crews - the core format's semantics.
- Laws (AvailSim4 parameter lists are [p0, p1, ...]):
    exponential mean_hours=m      -> EXP [m]         numpy exponential(scale=m): mean m, rate 1/m
    weibull shape=b scale_hours=h -> WEIBULL [h, b]   h * numpy weibull(b): scale first, then shape
    fixed hours=h                 -> FIX [h]
    lognormal, gamma              -> refused: AvailSim4 2.2.1 has no such law (its laws are EXP,
                                     WEIBULL, EXPWEIBULL, NORMAL, FIX and POFOD).
- `horizon_hours` -> SIMULATION_DURATION; trials -> MIN_ and MAX_NUMBER_OF_SIMULATION (they must
  be equal: its Monte Carlo loop stops at the minimum and the local runner then fails); the seed
  -> SEED (run i uses numpy default_rng(SEED + i)).

Not mapped (refused with a message, exit 2): `depends_on`, a name required by more than one
parent (AvailSim4 would need its "shared child" syntax), and any key outside the core format.
"""

import argparse
import pathlib
import sys

try:
    import tomllib
except ImportError:  # Python < 3.11
    import tomli as tomllib

import openpyxl

ROOT = "SYSTEM"

SYSTEM_SHEETS = {
    "ARCHITECTURE": ["COMPONENT_NAME", "COMPONENT_TYPE", "COMPONENT_NUMBER", "CHILDREN_NAME",
                     "CHILDREN_LOGIC", "IN_MRU", "TRIGGER_MRU", "COMMENTS"],
    "FAILURE_MODES": ["FAILURE_MODE_NAME", "FAILURE_LAW", "FAILURE_PARAMETERS", "REPAIR_LAW",
                      "REPAIR_PARAMETERS", "TYPE_OF_FAILURE", "HELD_BEFORE_REPAIR",
                      "INSPECTION_NAME", "PHASE_NAME", "NEXT_PHASE_IF_FAILURE",
                      "PHASE_CHANGE_TRIGGER", "HELD_AFTER_REPAIR", "COMMENTS"],
    "FAILURE_MODE_ASSIGNMENTS": ["COMPONENT_NAME", "FAILURE_MODE_NAME", "COMMENTS"],
    "MRU": ["MRU_NAME", "MRU_LAW", "MRU_PARAMETERS", "MRU_SCHEDULE",
            "LOWEST_COMMON_ANCESTOR_SCOPE", "TRIGGERING_STATUS"],
    "INSPECTIONS": ["INSPECTION_NAME", "INSPECTION_PERIOD", "INSPECTION_DURATION"],
    "PHASES": ["PHASE_NAME", "PHASE_LAW", "PHASE_PARAMETERS", "NEXT_DEFAULT_PHASE",
               "FIRST_PHASE", "NEXT_DEFAULT_PHASE_IF_FAILURE"],
    "ROOT_CAUSE_ANALYSIS": ["TRIGGERING_COMPONENT_NAME", "TRIGGERED_BY_COMPONENT_STATUS",
                            "TRIGGERED_IN_PHASE"],
    "PHASE_JUMP": ["TRIGGERING_COMPONENT_NAME", "TRIGGERED_BY_COMPONENT_STATUS", "FROM_PHASE",
                   "TO_PHASE"],
}

SIMULATION_COLUMNS = ["SIMULATION_TYPE", "MIN_NUMBER_OF_SIMULATION", "MAX_NUMBER_OF_SIMULATION",
                      "CONVERGENCE_MARGIN", "MAX_EXECUTION_TIME", "SEED", "DIAGNOSTICS",
                      "SIMULATION_DURATION"]


class ModelError(Exception):
    """A model this generator cannot express in AvailSim4 2.2.1, with the file and key."""


def fmt(x):
    """A number as AvailSim4's list parser reads it back exactly (repr round-trips floats)."""
    return repr(float(x)) if not float(x).is_integer() else str(int(x))


def law(where, spec):
    """(AvailSim4 law name, parameter cell) for a core-format distribution table."""
    dist = spec.get("dist")
    if dist == "exponential":
        return "EXP", f"[{fmt(spec['mean_hours'])}]"
    if dist == "weibull":
        return "WEIBULL", f"[{fmt(spec['scale_hours'])}, {fmt(spec['shape'])}]"
    if dist == "fixed":
        return "FIX", f"[{fmt(spec['hours'])}]"
    raise ModelError(f"{where}: dist = {dist!r} has no AvailSim4 2.2.1 law "
                     "(it has EXP, WEIBULL, EXPWEIBULL, NORMAL, FIX, POFOD)")


def build(model, path):
    """Rows of every system sheet for the parsed TOML `model` read from `path`."""
    comps = model.get("component", [])
    groups = model.get("group", [])
    services = model.get("service", [])
    names = {c["name"] for c in comps} | {g["name"] for g in groups}
    arch, modes, assign = [], [], []

    for c in comps:
        name = c["name"]
        if c.get("depends_on"):
            raise ModelError(f"{path}: component.{name}.depends_on is not mapped to AvailSim4")
        n = int(c.get("replicas", 1))
        k = int(c.get("min_up", n))
        fl, fp = law(f"{path}: component.{name}.failure", c["failure"])
        rl, rp = law(f"{path}: component.{name}.repair", c["repair"])
        basic = name if n == 1 else f"{name}_R"
        if n > 1:
            logic = "AND" if k == n else f"{k}OO{n}"
            arch.append([name, "COMPOUND", 1, basic, logic, "NONE", "NONE",
                         f"{k} of {n} replicas"])
        arch.append([basic, "BASIC", n, "NONE", "NONE", "NONE", "NONE",
                     f"replica of {name}" if n > 1 else "single replica"])
        modes.append([f"{name}_FM", fl, fp, rl, rp, "DETECTABLE", "NEVER_HELD", "NONE", "NONE",
                      "NONE", "NEVER", "NEVER_HELD",
                      f"failure {c['failure']} repair {c['repair']}"])
        assign.append([basic, f"{name}_FM", ""])

    for g in groups:
        of = list(g["of"])
        k = int(g["min_up"])
        logic = "AND" if k == len(of) else f"{k}OO{len(of)}"
        arch.append([g["name"], "COMPOUND", 1, ",".join(of), logic, "NONE", "NONE",
                     f"group {k} of {len(of)}"])

    if services:
        top = []
        for s in services:
            for r in s["requires"]:
                if r not in top:
                    top.append(r)
    else:
        top = [c["name"] for c in comps]
    parents = {}
    for g in groups:
        for child in g["of"]:
            parents.setdefault(child, []).append(g["name"])
    for t in top:
        parents.setdefault(t, []).append(ROOT)
    for child, ps in parents.items():
        if child not in names:
            raise ModelError(f"{path}: {child!r} is referenced but not defined")
        if len(ps) > 1:
            raise ModelError(f"{path}: {child!r} has several parents {ps}; shared children "
                             "are not mapped to AvailSim4")
    # AvailSim4 upper-cases every name it reads, so names must differ by more than case.
    seen = {}
    for row in arch:
        key = row[0].upper()
        if key in seen or key == ROOT:
            raise ModelError(f"{path}: names {seen.get(key, ROOT)!r} and {row[0]!r} are the "
                             "same to AvailSim4, which upper-cases names")
        seen[key] = row[0]
    arch.insert(0, [ROOT, "COMPOUND", 1, ",".join(top), "AND", "NONE", "NONE",
                    "model: every service (all components when no service)"])
    return {"ARCHITECTURE": arch, "FAILURE_MODES": modes, "FAILURE_MODE_ASSIGNMENTS": assign}


def write(path, sheets, columns):
    """One workbook with a sheet per key of `columns`: header row, then the rows given."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, header in columns.items():
        ws = wb.create_sheet(title)
        ws.append(header)
        for row in sheets.get(title, []):
            ws.append(row)
    wb.save(path)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("model", type=pathlib.Path)
    ap.add_argument("--trials", type=int, required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=pathlib.Path, required=True)
    ap.add_argument("--print", action="store_true", help="show the sheets on stdout")
    args = ap.parse_args()
    try:
        with open(args.model, "rb") as f:
            model = tomllib.load(f)
        sheets = build(model, args.model)
        horizon = float(model.get("model", {}).get("horizon_hours", 8760))
    except (OSError, tomllib.TOMLDecodeError) as e:
        print(f"gen_inputs: {args.model}: {e}", file=sys.stderr)
        sys.exit(2)
    except KeyError as e:
        print(f"gen_inputs: {args.model}: missing key {e}", file=sys.stderr)
        sys.exit(2)
    except ModelError as e:
        print(f"gen_inputs: {e}", file=sys.stderr)
        sys.exit(2)
    args.out.mkdir(parents=True, exist_ok=True)
    stem = args.model.stem
    system = args.out / f"{stem}_system.xlsx"
    simulation = args.out / f"{stem}_simulation.xlsx"
    write(system, sheets, SYSTEM_SHEETS)
    # CONVERGENCE_MARGIN is read but unused by the Monte Carlo loop; MAX_EXECUTION_TIME only
    # matters on HTCondor. DIAGNOSTICS = SUMMARY gives the RESULTS_ROOT_SUMMARY sheet.
    sim_row = ["MONTE_CARLO", args.trials, args.trials, 0, 86400, args.seed, "[SUMMARY]",
               fmt(horizon)]
    write(simulation, {"SIMULATION": [sim_row]}, {"SIMULATION": SIMULATION_COLUMNS})
    if args.print:
        for title, header in SYSTEM_SHEETS.items():
            rows = sheets.get(title, [])
            if rows:
                print(f"--- {system.name} / {title}")
                print(" | ".join(header))
                for r in rows:
                    print(" | ".join(str(x) for x in r))
        print(f"--- {simulation.name} / SIMULATION")
        print(" | ".join(SIMULATION_COLUMNS))
        print(" | ".join(str(x) for x in sim_row))
    print(system)
    print(simulation)


if __name__ == "__main__":
    main()
