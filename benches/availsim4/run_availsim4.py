#!/usr/bin/env python3
"""Run AvailSim4's own command line (`availsim4 ...`) and keep each run's root availability.

    python run_availsim4.py PER_RUN.json availsim4 --simulation S.xlsx --system Y.xlsx --output_folder D

Everything after PER_RUN.json is passed unchanged to availsim4core.main.main(), the function the
`availsim4` console script calls, so the simulation, its logging and its Excel export are
exactly those of the command line. AvailSim4 reports only means over runs, split by status and
event description (its SUMMARY sheets), so the spread of the per-run availability, needed for an
interval, is not in its output. One hook is added: after each run's discrete event simulation,
before AvailSim4 folds the run into its statistics, the root component's timeline is read and
the time it spent RUNNING, DEGRADED or BLIND_DEGRADED (AvailSim4's "uptime" statuses, as in its
RESULTS_ROOT_SUMMARY sheet) is divided by the mission length. The hook's own time is recorded.
"""

import json
import sys
import time

from availsim4core import main as availsim4_main
from availsim4core.src.context.system.component_tree.status import Status
from availsim4core.src.simulation.monte_carlo import MonteCarlo
from availsim4core.src.timeline.record_component import RecordComponent

UP = {Status.RUNNING, Status.DEGRADED, Status.BLIND_DEGRADED}
DOWN = {Status.FAILED, Status.BLIND_FAILED, Status.INSPECTION, Status.UNDER_REPAIR}

runs = []
hook_seconds = [0.0]
original_update = MonteCarlo.update_statistics


def update_statistics(self, simulation_results, simulation_des, simulation_weight, simulation_level):
    """AvailSim4's update_statistics, after recording this run's root up, down and held hours."""
    t0 = time.perf_counter()
    root = simulation_des.context.root_component
    horizon = simulation_des.duration_of_simulation
    records = [r for r in simulation_des.context.timeline_record.record_list
               if isinstance(r, RecordComponent) and r.component is root]
    up = down = other = 0.0
    for i, rec in enumerate(records):
        end = records[i + 1].timestamp if i + 1 < len(records) else horizon
        span = end - rec.timestamp
        if rec.status in UP:
            up += span
        elif rec.status in DOWN:
            down += span
        else:
            other += span
    runs.append({"up": up, "down": down, "other": other, "horizon": horizon,
                 "events": simulation_des.execution_metrics["number_of_b_events_executed"]})
    hook_seconds[0] += time.perf_counter() - t0
    return original_update(self, simulation_results, simulation_des, simulation_weight,
                           simulation_level)


def main():
    out = sys.argv[1]
    sys.argv = sys.argv[2:]
    MonteCarlo.update_statistics = update_statistics
    t0 = time.perf_counter()
    availsim4_main.main()
    wall = time.perf_counter() - t0
    with open(out, "w", encoding="utf-8") as f:
        json.dump({"runs": runs, "hook_seconds": hook_seconds[0], "main_seconds": wall}, f)


if __name__ == "__main__":
    main()
