"""How fast and how well plan_day plans a consultant's day on the sample road network.

Run: ``python benchmarks/routing_day.py`` (about half a minute). Prints one table.

The instances come from :func:`deepmarketing.samples.sample_day`: a consultant's own
customers as candidates, a third with two-hour windows, one in six required, a 08:00-17:30
shift with a 45-minute lunch between 11:30 and 13:30, travel on the sample roads. What is
measured:

* 12 candidate stops, 15 instances (5 consultants x 3 seeds): the exact search's time
  (median and worst); every route must be proven optimal and pass ``check_day``
  (target: a proven optimum in under 1 s);
* the heuristic on the same 15 instances with 0.2 s each: how many reach the optimum's
  priority and travel, and the worst travel gap;
* 60 candidate stops (a company with 60 customers per consultant), 5 instances with the
  default ``time_limit=1.0``: wall time (target: within the time limit, plus the time to
  build the result), visits, and the gain over the search's own first solution (greedy
  insertion by priority), which is what a simple script would do.
"""

from __future__ import annotations

import platform
import statistics
import sys
import time

from _bench import print_table

from deepmarketing.routing import check_day, plan_day
from deepmarketing.samples import sample_company, sample_day

PEOPLE = ("P-D1-R1-C1", "P-D1-R2-C2", "P-D2-R1-C3", "P-D2-R3-C4", "P-D3-R2-C2")


def main() -> int:
    rows: list[tuple[str, str, str]] = []
    company = sample_company()
    exact_times, heuristic_hits, gaps = [], 0, []
    count = 0
    for person in PEOPLE:
        for seed in range(3):
            problem = sample_day(company, person, stops=12, seed=seed)
            began = time.perf_counter()
            best = plan_day(problem)
            exact_times.append(time.perf_counter() - began)
            assert best.optimal, (person, seed)
            assert not check_day(problem, best), (person, seed)
            quick = plan_day(problem, exact=False, time_limit=0.2)
            assert not check_day(problem, quick)
            if quick.priority == best.priority and quick.cost <= best.cost + 1e-6:
                heuristic_hits += 1
            gaps.append((best.priority - quick.priority, quick.cost / best.cost - 1))
            count += 1
    rows.append(
        (
            f"12 candidates, exact: median time ({count} days)",
            f"{statistics.median(exact_times):.2f} s",
            "< 1 s",
        )
    )
    rows.append(
        (f"12 candidates, exact: worst time ({count} days)", f"{max(exact_times):.2f} s", "< 1 s")
    )
    rows.append(
        (
            "12 candidates, heuristic 0.2 s: reaches the optimum",
            f"{heuristic_hits} of {count}",
            "-",
        )
    )
    worst_priority = max(g[0] for g in gaps)
    worst_travel = max(g[1] for g in gaps if g[0] == 0) if any(g[0] == 0 for g in gaps) else 0.0
    rows.append(
        (
            "12 candidates, heuristic: worst priority lost / travel gap",
            f"{worst_priority} / {worst_travel:.1%}",
            "-",
        )
    )

    big = sample_company(customers_per_consultant=60)
    walls, visits, gains = [], [], []
    for seed in range(5):
        problem = sample_day(big, PEOPLE[seed % len(PEOPLE)], stops=60, seed=seed)
        began = time.perf_counter()
        route = plan_day(problem, time_limit=1.0, seed=seed)
        walls.append(time.perf_counter() - began)
        assert route.is_feasible()
        assert not check_day(problem, route)
        first = plan_day(problem, exact=False, time_limit=None, max_iterations=1, seed=seed)
        visits.append(len(route.visits))
        gains.append(
            (route.priority - first.priority, 1 - route.cost / first.cost if first.cost else 0)
        )
    rows.append(
        ("60 candidates, time_limit=1.0: worst wall time (5 days)", f"{max(walls):.2f} s", "~1 s")
    )
    rows.append(("60 candidates: visits planned (min-max)", f"{min(visits)}-{max(visits)}", "-"))
    rows.append(
        (
            "60 candidates: gain over greedy insertion (priority / travel)",
            (
                f"+{statistics.mean(g[0] for g in gains):.1f} / "
                f"{statistics.mean(g[1] for g in gains):.1%} less"
            ),
            "-",
        )
    )
    print("deepmarketing plan_day on the sample company's roads")
    print(f"Python {platform.python_version()} on {platform.machine()}")
    print_table(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
