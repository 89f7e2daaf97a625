"""How close ``plan_deliveries`` gets to the best-known distances of Solomon VRPTW instances.

Run: ``python benchmarks/solomon_vrptw.py`` (about 40 s; ``--time-limit`` to change the 10 s
per instance). Reads C101, R101, RC101 and R201 from ``../shared/benchmarks/solomon``
(``--data`` to point elsewhere) under the DIMACS convention (distances and travel times
truncated to one decimal; objective = total distance). First every best-known solution
(``.sol``) is scheduled with ``DeliveryPlan.from_sequences`` and must pass
``check_deliveries`` at its stated cost: a check of the reader and of the verifier. Then
each instance is solved with ``time_limit``, the plan verified, and one Markdown row
printed: best-known distance, ours, gap, vehicles, feasibility, seconds; the last row holds
the geometric mean of the gaps. The issue's bar: every plan feasible, geometric-mean gap
<= 5%; the exit status is 1 when it is not met.
"""

from __future__ import annotations

import argparse
import json
import math
import platform
import sys
import time
from pathlib import Path

from _solomon import read_instance, read_solution

from deepmarketing.routing import DeliveryPlan, check_deliveries, plan_deliveries

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "solomon"
INSTANCES = ["C101", "R101", "RC101", "R201"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--time-limit", type=float, default=10.0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("instances", nargs="*", help="instance names (default: all four)")
    args = parser.parse_args()
    bks = json.loads((args.data / "bks.json").read_text())["bks"]
    names = args.instances or INSTANCES
    print(
        f"plan_deliveries, time_limit={args.time_limit:g} s, seed={args.seed}; "
        f"Python {platform.python_version()}, {platform.machine()}"
    )
    print()
    print("| instance | BKS | ours | gap % | vehicles (BKS) | feasible | time s |")
    print("|---|--:|--:|--:|--:|:-:|--:|")
    ratios: list[float] = []
    all_feasible = True
    for name in names:
        problem = read_instance(args.data / f"{name}.vrp").problem()
        routes, stated = read_solution(args.data / f"{name}.sol")
        vehicles = [v.id for v in problem.vehicles]
        known = DeliveryPlan.from_sequences(problem, dict(zip(vehicles, routes, strict=False)))
        problems = check_deliveries(problem, known)
        if problems or not known.is_feasible():
            raise SystemExit(f"{name}: the best-known solution fails the check: {problems[:5]}")
        if round(known.cost, 1) != stated or stated != bks[name]["distance"]:
            raise SystemExit(f"{name}: best-known cost {known.cost:.1f}, stated {stated}")
        began = time.perf_counter()
        plan = plan_deliveries(problem, time_limit=args.time_limit, seed=args.seed)
        seconds = time.perf_counter() - began
        violations = check_deliveries(problem, plan)
        feasible = plan.is_feasible()
        all_feasible &= feasible
        if violations:
            print(f"{name}: {len(violations)} violations, e.g. {violations[0]}", file=sys.stderr)
        cost = round(plan.cost, 1)  # a sum of one-decimal distances, up to float noise
        ratios.append(cost / stated)
        print(
            f"| {name} | {stated:.1f} | {cost:.1f} | {100 * (cost / stated - 1):.2f} "
            f"| {plan.vehicles_used} ({bks[name]['vehicles']}) | {'yes' if feasible else 'NO'} "
            f"| {seconds:.1f} |",
            flush=True,
        )
    mean = 100 * (math.exp(sum(math.log(r) for r in ratios) / len(ratios)) - 1)
    print(f"| geomean | | | {mean:.2f} | | | |")
    print()
    checks = [
        (f"every plan feasible: {'yes' if all_feasible else 'no'}", all_feasible),
        (f"geometric-mean gap {mean:.2f}% <= 5%", mean <= 5.0),
    ]
    for text, ok in checks:
        print(f"- {'met' if ok else 'NOT MET'}: {text}")
    return 0 if all(ok for _, ok in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
