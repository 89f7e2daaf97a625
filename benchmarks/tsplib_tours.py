"""How close ``shortest_tour`` gets to the proven optima of 12 TSPLIB instances.

Run: ``python benchmarks/tsplib_tours.py`` (about 30 s; ``--time-limit`` to change the 2 s
per instance). Reads the instances from ``../shared/benchmarks/tsplib`` (``--data`` to point
elsewhere), checks every stored optimal tour against ``optima.json``, and prints one
Markdown table: per instance its size, the optimum, our tour's length and gap with
``time_limit=2``, and, measured in the same run on the same graph, the gaps of networkx's
``christofides`` and ``greedy_tsp``; ``ratio`` is our length over christofides'. The last
row holds geometric means (of length / optimum, minus 1). Then the issue's bar: geometric
mean gap <= 2.0%, no instance above 5%, every instance better than christofides; the exit
status is 1 when it is not met.
"""

from __future__ import annotations

import argparse
import json
import math
import platform
import sys
import time
from pathlib import Path

import networkx as nx
from _tsplib import Instance, read_instance, read_tour

from deepmarketing.routing import check_tour, shortest_tour, tour_cost

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "tsplib"


def gap(length: float, optimum: float) -> float:
    return 100.0 * (length / optimum - 1.0)


def geomean_gap(ratios: list[float]) -> float:
    return 100.0 * (math.exp(sum(math.log(r) for r in ratios) / len(ratios)) - 1.0)


def measure(instance: Instance, optimum: int, time_limit: float, seed: int) -> dict[str, float]:
    graph = instance.graph()
    began = time.perf_counter()
    tour = shortest_tour(graph, time_limit=time_limit, seed=seed)
    seconds = time.perf_counter() - began
    problems = check_tour(graph, tour)
    if problems:
        raise SystemExit(f"{instance.name}: invalid tour: {problems}")
    ours = instance.length(tour)
    if ours != tour_cost(graph, tour):
        raise SystemExit(f"{instance.name}: tour_cost disagrees with the TSPLIB length")
    christofides = instance.length(nx.approximation.christofides(graph, weight="weight"))
    greedy = instance.length(nx.approximation.greedy_tsp(graph, weight="weight"))
    return {
        "ours": ours,
        "seconds": seconds,
        "christofides": christofides,
        "greedy": greedy,
        "optimum": optimum,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--time-limit", type=float, default=2.0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("instances", nargs="*", help="instance names (default: all)")
    args = parser.parse_args()
    optima: dict[str, int] = json.loads((args.data / "optima.json").read_text())["optima"]
    names = args.instances or list(optima)
    print(
        f"shortest_tour, time_limit={args.time_limit:g} s, seed={args.seed}; "
        f"Python {platform.python_version()}, networkx {nx.__version__}, {platform.machine()}"
    )
    print()
    header = (
        "| instance | n | optimum | ours | gap % | christofides gap % | greedy gap % "
        "| ratio | time s |"
    )
    print(header)
    print("|---|--:|--:|--:|--:|--:|--:|--:|--:|")
    ours_ratios, christofides_ratios, greedy_ratios, vs = [], [], [], []
    worst, beaten = 0.0, 0
    for name in names:
        instance = read_instance(args.data / f"{name}.tsp")
        optimum = optima[name]
        stored = args.data / f"{name}.opt.tour"
        if stored.exists() and instance.length(read_tour(stored)) != optimum:
            raise SystemExit(f"{name}: the stored optimal tour does not have length {optimum}")
        r = measure(instance, optimum, args.time_limit, args.seed)
        ours_ratios.append(r["ours"] / optimum)
        christofides_ratios.append(r["christofides"] / optimum)
        greedy_ratios.append(r["greedy"] / optimum)
        vs.append(r["ours"] / r["christofides"])
        worst = max(worst, gap(r["ours"], optimum))
        beaten += r["ours"] < r["christofides"]
        print(
            f"| {name} | {instance.n} | {optimum} | {r['ours']:.0f} "
            f"| {gap(r['ours'], optimum):.2f} | {gap(r['christofides'], optimum):.2f} "
            f"| {gap(r['greedy'], optimum):.2f} | {vs[-1]:.3f} | {r['seconds']:.2f} |",
            flush=True,
        )
    mean = geomean_gap(ours_ratios)
    ratio = math.exp(sum(math.log(v) for v in vs) / len(vs))
    print(
        f"| geomean | | | | {mean:.2f} | {geomean_gap(christofides_ratios):.2f} "
        f"| {geomean_gap(greedy_ratios):.2f} | {ratio:.3f} | |"
    )
    print()
    checks = [
        (f"geometric-mean gap {mean:.2f}% <= 2.0%", mean <= 2.0),
        (f"worst instance {worst:.2f}% <= 5%", worst <= 5.0),
        (f"better than christofides on {beaten} of {len(names)}", beaten == len(names)),
    ]
    for text, ok in checks:
        print(f"- {'met' if ok else 'NOT MET'}: {text}")
    return 0 if all(ok for _, ok in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
