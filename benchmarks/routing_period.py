"""How well plan_period plans a month of visits, against two baselines a user might script.

Run: ``python benchmarks/routing_period.py`` (a few minutes). Prints one table per set of
instances and the ratios of total travel time.

Instances:

* the sample company's consultants (about 40 accounts each: dealers weekly, sub-dealers
  fortnightly, the rest every four weeks; some closed one weekday, some morning- or
  afternoon-only) over four weeks (:func:`deepmarketing.samples.sample_period`);
* a generated territory of 400 accounts on the sample road network around a regional
  office (3% weekly, 12% fortnightly, the rest every four weeks; days about four fifths
  full) over 20 working days.

For each plan: the share of due visits placed, ``check_period``'s verdict, the longest
working day against the shift, the spread of daily working time (max - min over days
with visits), the total travel time, and the wall time. The baselines are in
``_period_baselines.py``: (a) by due date, (b) weekday zones; both route their days with
``plan_day`` exactly as ``plan_period`` does.
"""

from __future__ import annotations

import platform
import sys
import time

from _period_baselines import due_date, territory, weekday_zones

from deepmarketing.routing import PeriodPlan, PeriodProblem, check_period, plan_period
from deepmarketing.samples import sample_company, sample_period

PEOPLE = ("P-D1-R1-C1", "P-D1-R2-C2", "P-D2-R1-C3", "P-D2-R3-C4", "P-D3-R2-C2")


def _due(problem: PeriodProblem, plan: PeriodPlan) -> tuple[int, int]:
    """(visits placed, visits due): due = placed + unplaced + coverage violations."""
    placed = plan.visit_count
    missing = len(plan.unplaced) + sum(
        1 for v in check_period(problem, plan) if v.kind == "coverage"
    )
    for _, route in plan.days:
        missing += sum(1 for u in route.unvisited)
    return placed, placed + missing


def _row(name: str, problem: PeriodProblem, plan: PeriodPlan, seconds: float) -> tuple[str, ...]:
    placed, due = _due(problem, plan)
    violations = check_period(problem, plan)
    working = [t.total_seconds() for t in plan.working_times().values() if t.total_seconds()]
    return (
        name,
        f"{placed}/{due}",
        str(len(violations)),
        f"{max(working) / 3600:.2f} h" if working else "-",
        f"{plan.spread.total_seconds() / 3600:.2f} h",
        f"{plan.travel_time.total_seconds() / 3600:.2f} h",
        f"{seconds:.1f} s",
    )


def _measure(label: str, problems: list[tuple[PeriodProblem, dict]]) -> list[tuple[str, ...]]:
    rows = []
    totals = {"plan_period": 0.0, "due date": 0.0, "weekday zones": 0.0}
    for number, (problem, xy) in enumerate(problems, start=1):
        for name, solve in (
            ("plan_period", lambda p=problem: plan_period(p)),
            ("due date", lambda p=problem: due_date(p)),
            ("weekday zones", lambda p=problem, c=xy: weekday_zones(p, c)),
        ):
            began = time.perf_counter()
            plan = solve()
            seconds = time.perf_counter() - began
            rows.append(_row(f"{label} {number}: {name}", problem, plan, seconds))
            totals[name] += plan.travel_time.total_seconds()
    ours = totals["plan_period"]
    rows.append(
        (
            f"{label}: travel ratio plan_period / due date, / weekday zones",
            f"{ours / totals['due date']:.3f}",
            f"{ours / totals['weekday zones']:.3f}",
            "",
            "",
            "",
            "",
        )
    )
    return rows


def _table(rows: list[tuple[str, ...]]) -> None:
    head = ("plan", "visits placed/due", "violations", "longest day", "spread", "travel", "time")
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    print("| " + " | ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)) + " |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in rows:
        print("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |")


def main() -> int:
    company = sample_company()
    coordinates = {
        c.id: (c.location.lon, c.location.lat) for c in company.org.customers if c.location
    }
    sample = []
    for person in PEOPLE:
        problem = sample_period(company, person)
        home = company.roads.nodes[company.homes[person]]
        sample.append((problem, coordinates | {"home": (home["x"], home["y"])}))
    roads = company.roads
    generated = []
    for seed in (1, 2):
        problem = territory(company, 400, seed=seed)
        xy = {n: (roads.nodes[n]["x"], roads.nodes[n]["y"]) for n in problem.travel.places}
        generated.append((problem, xy))
    print("deepmarketing plan_period against two baselines (shift 08:00-17:30, lunch 45 min)")
    print(f"Python {platform.python_version()} on {platform.machine()}")
    rows = _measure("sample consultant", sample)
    rows += _measure("400 accounts", generated)
    _table(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
