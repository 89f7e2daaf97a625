"""Instances and the two baselines for benchmarks/routing_period.py.

The baselines are what a user might script without the library's period planner; both
route each day with ``plan_day`` (visits required), exactly as ``plan_period`` does, so
the comparison is about choosing the days:

(a) *due date*: each account's visits go on the earliest allowed working day on or after
    their target date (one interval after the previous visit) that still has room;
(b) *weekday zones*: the territory is cut into five sectors around the start place with
    equal numbers of customers ("Monday north, Tuesday east"), and each customer is
    visited on its sector's weekday nearest its target date, within its spacing.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping

import pendulum

from deepmarketing.routing import (
    Account,
    Frequency,
    PeriodPlan,
    PeriodProblem,
    TravelModel,
    plan_day,
)
from deepmarketing.routing._period import first_range
from deepmarketing.samples import SampleCompany

DAY_ITERATIONS = 600


def territory(company: SampleCompany, customers: int, *, seed: int) -> PeriodProblem:
    """``customers`` accounts on random road nodes around region D1-R1's office.

    3% of them are visited weekly (30 minutes a visit), 12% fortnightly (15 minutes), the
    rest every four weeks (10 minutes); one in five is closed one weekday, about one in
    seven receives visits only in the morning or the afternoon. The load is set so that a
    planned day fills about four fifths of the shift, as field plans aim to (the rest is
    the slack for the unexpected), not so that any method wins.
    """
    rng = random.Random(seed)
    roads = company.roads
    office = company.offices["D1-R1"]
    ox, oy = roads.nodes[office]["x"], roads.nodes[office]["y"]
    near = sorted(
        roads.nodes,
        key=lambda n: math.hypot(roads.nodes[n]["x"] - ox, roads.nodes[n]["y"] - oy),
    )[: customers * 3 // 2]
    nodes = rng.sample(near, customers)
    start = pendulum.date(2026, 7, 6)
    accounts = []
    for number, node in enumerate(nodes, start=1):
        roll = rng.random()
        if roll < 0.03:
            frequency, service = Frequency.per_week(), 30
        elif roll < 0.15:
            frequency, service = Frequency.per_fortnight(), 15
        else:
            frequency, service = Frequency.per_month(), 10
        weekdays = set(range(5))
        if rng.random() < 0.2:
            weekdays.discard(rng.randrange(5))
        windows = []
        if rng.random() < 0.15:
            windows = [
                rng.choice(
                    [(pendulum.time(8), pendulum.time(12)), (pendulum.time(13), pendulum.time(17))]
                )
            ]
        accounts.append(
            Account(
                f"T-{number:03d}",
                place=node,
                frequency=frequency,
                weekdays=weekdays,
                windows=windows,
                service=pendulum.duration(minutes=service),
                last_visit=start.subtract(days=rng.randint(1, int(frequency.interval))),
            )
        )
    travel = TravelModel.from_graph(roads, list(dict.fromkeys([office, *nodes])))
    return PeriodProblem(
        travel,
        accounts,
        window=(start, start.add(days=27)),
        calendar=company.calendar,
        start=office,
    )


def _route_days(problem: PeriodProblem, members: dict[pendulum.Date, list[object]]) -> PeriodPlan:
    days = tuple(
        (
            day,
            plan_day(
                problem.day_problem(day, members.get(day, [])),
                time_limit=None,
                max_iterations=DAY_ITERATIONS,
            ),
        )
        for day in problem.workdays()
    )
    return PeriodPlan(problem=problem, days=days)


def _capacity(problem: PeriodProblem) -> float:
    day = problem.workdays()[0]
    shift = (
        problem.moment(day, problem.shift[1]) - problem.moment(day, problem.shift[0])
    ).total_seconds()
    lunch = 0.0 if problem.lunch is None else problem.lunch[2].total_seconds()
    return 0.75 * (shift - lunch)  # leave a quarter of the day for driving


def due_date(problem: PeriodProblem) -> PeriodPlan:
    """Baseline (a): earliest allowed day with room on or after each target date."""
    days = problem.workdays()
    last = problem.window[1]
    load = dict.fromkeys(days, 0.0)
    members: dict[pendulum.Date, list[object]] = {day: [] for day in days}
    room = _capacity(problem)
    for account in sorted(
        problem.accounts, key=lambda a: (first_range(a, days[0])[2], str(a.customer))
    ):
        lo, hi, target = first_range(account, problem.window[0])
        service = problem.service_of(account).total_seconds()
        while target <= last:
            allowed = [
                d for d in days if lo <= d <= min(hi, last) and d.weekday() in account.weekdays
            ]
            if not allowed:
                break
            fits = [d for d in allowed if d >= target and load[d] + service <= room]
            day = (fits or [d for d in allowed if load[d] + service <= room] or allowed)[0]
            members[day].append(account.customer)
            load[day] += service
            lo = day.add(days=account.min_spacing)
            hi = day.add(days=account.max_spacing)
            target = day.add(days=round(account.frequency.interval))
    return _route_days(problem, members)


def weekday_zones(problem: PeriodProblem, xy: Mapping[object, tuple[float, float]]) -> PeriodPlan:
    """Baseline (b): five sectors around the start place, one weekday each.

    ``xy`` gives each place's coordinates (the start place's too): the sectors are cut by
    angle around the start so each holds a fifth of the customers.
    """
    days = problem.workdays()
    last = problem.window[1]
    cx, cy = xy[problem.start]
    by_angle = sorted(
        problem.accounts,
        key=lambda a: (math.atan2(xy[a.place][1] - cy, xy[a.place][0] - cx), str(a.customer)),
    )
    size = math.ceil(len(by_angle) / 5)
    zone_of = {a.customer: position // size for position, a in enumerate(by_angle)}
    members: dict[pendulum.Date, list[object]] = {day: [] for day in days}
    for account in problem.accounts:
        weekday = zone_of[account.customer]
        lo, hi, target = first_range(account, problem.window[0])
        while target <= last:
            span = [d for d in days if lo <= d <= min(hi, last)]
            allowed = [
                d for d in span if d.weekday() == weekday and d.weekday() in account.weekdays
            ]
            allowed = allowed or [d for d in span if d.weekday() in account.weekdays]
            if not allowed:
                break
            day = min(allowed, key=lambda d: (abs((d - target).days), d))
            members[day].append(account.customer)
            lo = day.add(days=account.min_spacing)
            hi = day.add(days=account.max_spacing)
            target = day.add(days=round(account.frequency.interval))
    return _route_days(problem, members)
