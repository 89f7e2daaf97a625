"""Tests for plan_day, check_day and schedule_day: a consultant's day.

Random small days (asymmetric travel matrices, some metric and some not, windows, a
lunch break, a day across a daylight-saving change) are compared with a brute force
written here from the rules alone: it enumerates every subset and order of the stops and
every position and placement of the break, with times taken as absolute seconds
(``timestamp()``), and shares no code with the library's ``DayData``.
"""

from __future__ import annotations

import itertools
from collections.abc import Hashable, Iterator, Sequence
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pendulum
import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from deepmarketing.errors import RoutingError
from deepmarketing.routing import (
    Break,
    DayProblem,
    DayRoute,
    DaySolver,
    Stop,
    TimeWindow,
    TravelModel,
    UnvisitedReason,
    VisitPurpose,
    check_day,
    plan_day,
    schedule_day,
)
from deepmarketing.routing._plan_day import EXACT_MAX_STOPS
from deepmarketing.samples import sample_company

SHANGHAI = "Asia/Shanghai"
BERLIN = "Europe/Berlin"
#: Kinds of violation a route plan_day returns may have: it is never inconsistent in
#: itself, only short of a required stop or of the shift.
DAY_LEVEL = {"missing_required", "shift_end"}


def minutes(n: float) -> pendulum.Duration:
    """A duration of ``n`` minutes."""
    return pendulum.duration(minutes=n)


def at(hour: int, minute: int = 0) -> pendulum.DateTime:
    """A moment of the fixed day, 2026-07-01 in Shanghai."""
    return pendulum.datetime(2026, 7, 1, hour, minute, tz=SHANGHAI)


# -- strategies -----------------------------------------------------------------------------


def floyd_warshall(matrix: list[list[int]]) -> None:
    """Replace every entry by the shortest path over the matrix (in place)."""
    k = len(matrix)
    for h, i, j in itertools.product(range(k), repeat=3):
        if matrix[i][h] + matrix[h][j] < matrix[i][j]:
            matrix[i][j] = matrix[i][h] + matrix[h][j]


def is_metric(matrix: Sequence[Sequence[float]]) -> bool:
    """Whether no detour is faster than a direct drive."""
    k = range(len(matrix))
    return all(matrix[i][j] <= matrix[i][h] + matrix[h][j] for h in k for i in k for j in k)


@st.composite
def day_problems(
    draw: st.DrawFn, *, min_stops: int = 0, max_stops: int = 7, metric: bool | None = None
) -> DayProblem:
    """A small day: asymmetric integer travel times, windows, priorities, maybe a lunch."""
    n = draw(st.integers(min_stops, max_stops))
    separate_end = draw(st.booleans())
    places = ["home", *(["office"] if separate_end else []), *(f"p{i}" for i in range(n))]
    places = draw(st.permutations(places))
    k = len(places)
    entries = draw(st.lists(st.integers(0, 3600), min_size=k * k, max_size=k * k))
    durations = [[0 if i == j else entries[i * k + j] for j in range(k)] for i in range(k)]
    if draw(st.booleans()) if metric is None else metric:
        floyd_warshall(durations)
    distances = None
    if draw(st.booleans()):
        distances = [
            [10 * durations[i][j] + (7 * i + 3 * j) % 50 * (i != j) for j in range(k)]
            for i in range(k)
        ]
    travel = TravelModel.from_matrix(durations, distances, places=places)

    if draw(st.booleans()):  # a plain summer day
        tz, first, last = SHANGHAI, 7 * 60, 10 * 60
        ymd = (2026, 7, 1)
    else:  # clocks go forward at 02:00: the shift straddles the missing hour
        tz, first, last = BERLIN, 30, 110
        ymd = (2026, 3, 29)
    begin = draw(st.integers(first, last))
    length = draw(st.integers(60, 660))
    shift_start = pendulum.datetime(*ymd, begin // 60, begin % 60, tz=tz)
    end_wall = begin + length  # on the wall clock: across the change, an hour shorter
    shift_end = pendulum.datetime(*ymd, end_wall // 60, end_wall % 60, tz=tz)
    in_utc = draw(st.booleans())

    def moment(offset: int) -> pendulum.DateTime:
        value = shift_start.add(minutes=offset)
        return value.in_timezone("UTC") if in_utc else value

    stops = []
    for i in range(n):
        # Now and then a customer shares a place with an earlier one, or with home.
        shared = draw(st.sampled_from(["home", *(f"p{j}" for j in range(i))]))
        place = shared if draw(st.integers(0, 5)) == 0 else f"p{i}"
        windows = []
        for _ in range(draw(st.integers(0, 2))):
            opens = draw(st.integers(-60, length + 60))
            windows.append((moment(opens), moment(opens + draw(st.integers(0, 240)))))
        stops.append(
            Stop(
                f"C-{i}",
                place=place,
                service=minutes(draw(st.integers(0, 90))),
                windows=windows,
                priority=draw(st.integers(0, 5)),
                required=draw(st.integers(0, 3)) == 0,
                purpose=draw(st.sampled_from(VisitPurpose)),
            )
        )
    lunch = None
    if length >= 90 and draw(st.booleans()):
        # Inside the shift, which is an hour shorter than its wall-clock length in Berlin.
        opens = draw(st.integers(0, length - 90))
        width = draw(st.integers(30, min(150, length - 60 - opens)))
        lunch = Break(
            moment(opens),
            moment(opens + width),
            duration=minutes(draw(st.integers(0, min(60, width)))),
        )
    end = "office" if separate_end else None
    return DayProblem(
        travel,
        stops,
        start="home",
        end=end,
        shift_start=shift_start,
        shift_end=shift_end,
        lunch=lunch,
    )


# -- the reference: every subset, order and break placement -------------------------------

Key = tuple[int, int, float]


class Reference:
    """The rules of the day written out plainly, in absolute seconds from the shift start."""

    def __init__(self, problem: DayProblem):
        self.problem = problem
        origin = problem.shift_start.timestamp()

        def seconds(moment: datetime) -> float:
            return moment.timestamp() - origin

        self.horizon = seconds(problem.shift_end)
        self.windows = {
            stop.customer: [(seconds(w.start), seconds(w.end)) for w in stop.windows]
            or [(0.0, self.horizon)]
            for stop in problem.stops
        }
        self.lunch: tuple[float, float, float] | None = None
        if problem.lunch is not None:
            length = problem.lunch.duration.total_seconds()
            self.lunch = (
                seconds(problem.lunch.start),
                seconds(problem.lunch.end) - length,  # the latest start
                length,
            )

    def legs(
        self, t: float, origin: Hashable, destination: Hashable, broke: bool
    ) -> Iterator[tuple[float, bool]]:
        """Every way to drive, ready at ``t``: (ready at the destination, break taken)."""
        dt = self.problem.travel.duration(origin, destination)
        yield t + dt, broke
        if self.lunch is not None and not broke:
            first, last, length = self.lunch
            before = max(t, first)  # at the place just left, then drive
            if before <= last:
                yield before + length + dt, True
            on_arrival = max(t + dt, first)  # at the place just reached
            if on_arrival <= last:
                yield on_arrival + length, True

    def start(self, customer: Hashable, ready: float) -> float | None:
        """The earliest start at or after ``ready`` inside one of the windows."""
        starts = [max(ready, a) for a, b in self.windows[customer] if max(ready, a) <= b]
        return min(starts, default=None)

    def backs(self, t: float, place: Hashable, broke: bool) -> Iterator[float]:
        """Every lawful return time to the end place, ready at ``t`` at ``place``."""
        for back, done in self.legs(t, place, self.problem.end, broke):
            owed = self.lunch is not None and not done and back > self.lunch[1]
            if back <= self.horizon and not owed:
                yield back

    def best(self, stops: Sequence[Stop] | None = None) -> Key | None:
        """The best (required, priority, -travel) over every subset and order of ``stops``."""
        problem = self.problem
        pool = list(problem.stops if stops is None else stops)
        best: Key | None = None

        def go(place: Hashable, t: float, broke: bool, travel: float, done: frozenset[int],
               required: int, priority: int) -> None:  # fmt: skip
            nonlocal best
            if t > self.horizon:
                return
            if any(True for _ in self.backs(t, place, broke)):
                key = (required, priority, -(travel + problem.travel.duration(place, problem.end)))
                if best is None or key > best:
                    best = key
            for i, stop in enumerate(pool):
                if i in done:
                    continue
                for ready, now_broke in self.legs(t, place, stop.place, broke):
                    start = self.start(stop.customer, ready)
                    if start is not None:
                        go(
                            stop.place,
                            start + stop.service.total_seconds(),
                            now_broke,
                            travel + problem.travel.duration(place, stop.place),
                            done | {i},
                            required + stop.required,
                            priority + stop.priority,
                        )

        go(problem.start, 0.0, broke=False, travel=0.0, done=frozenset(), required=0, priority=0)
        return best

    def fits(self, order: Sequence[Hashable]) -> bool:
        """Whether the customers can be visited in this order, the break anywhere."""
        stops = [self.problem.stop(c) for c in order]

        def go(k: int, place: Hashable, t: float, broke: bool) -> bool:
            if k == len(stops):
                return any(True for _ in self.backs(t, place, broke))
            stop = stops[k]
            for ready, now_broke in self.legs(t, place, stop.place, broke):
                start = self.start(stop.customer, ready)
                if start is not None and go(
                    k + 1, stop.place, start + stop.service.total_seconds(), now_broke
                ):
                    return True
            return False

        return go(0, self.problem.start, 0.0, broke=False)

    def alone(self, stop: Stop) -> bool:
        """Whether a day with this stop alone keeps every rule."""
        return self.fits([stop.customer])


def key_of(problem: DayProblem, route: DayRoute) -> Key:
    """The route's (required visits, priority, -travel) as the objective orders them."""
    required = sum(problem.stop(c).required for c in route.customers)
    return required, route.priority, -route.travel_time.total_seconds()


def assert_same_key(expected: Key, actual: Key) -> None:
    """Equal counts and priorities, travel times equal to 1e-6 s."""
    assert expected[:2] == actual[:2]
    assert expected[2] == pytest.approx(actual[2], abs=1e-6)


def assert_consistent(problem: DayProblem, route: DayRoute) -> None:
    """The verifier agrees with ``feasible``; an infeasible route is only short of a goal."""
    violations = check_day(problem, route)
    assert route.is_feasible() == (not violations)
    assert set() == {v.kind for v in violations} - DAY_LEVEL, violations
    listed = sorted(map(repr, [*route.customers, *(u.customer for u in route.unvisited)]))
    assert sorted(repr(s.customer) for s in problem.stops) == listed
    assert problem.shift_start <= route.departure
    for visit in route.visits:
        stop = problem.stop(visit.customer)
        assert (stop.place, stop.purpose) == (visit.place, visit.purpose)
        assert visit.arrival <= visit.start
        assert stop.service == visit.departure - visit.start
    legs = [v.travel.total_seconds() for v in route.visits] + [route.return_travel.total_seconds()]
    assert sum(legs) == pytest.approx(route.travel_time.total_seconds(), abs=1e-6)
    assert (problem.travel.distance(problem.start, problem.end) is None) == (route.distance is None)
    lunch = 0.0 if route.lunch is None else (route.lunch.end - route.lunch.start).total_seconds()
    day = (route.back - route.departure).total_seconds()
    assert day - lunch == pytest.approx(route.working_time.total_seconds(), abs=1e-6)
    assert 0 <= route.wait_time.total_seconds()
    text = route.summary()
    assert all(f"  {c}  " in text for c in route.customers)
    assert ("left out" in text) == bool(route.unvisited)


# -- the verifier accepts what the solver returns -------------------------------------------


@given(problem=day_problems())
def test_check_day_accepts_every_route_plan_day_returns(problem: DayProblem) -> None:
    """Feasible routes are check_day-clean; infeasible ones only fall short of a goal."""
    route = plan_day(problem)
    assert route.optimal
    assert_consistent(problem, route)
    missing = {s.customer for s in problem.stops if s.required} - set(route.customers)
    named = {v.customer for v in check_day(problem, route) if v.kind == "missing_required"}
    assert missing == named


# -- exact equals brute force ---------------------------------------------------------------


@given(problem=day_problems(max_stops=6, metric=True))
def test_plan_day_equals_brute_force_on_metric_instances(problem: DayProblem) -> None:
    """On small days with the triangle inequality the route is a proven optimum."""
    assert is_metric(problem.travel.durations_matrix())
    route = plan_day(problem)
    best = Reference(problem).best()
    assert route.optimal
    required = sum(s.required for s in problem.stops)
    assert (best is not None and best[0] == required) == route.is_feasible()
    if best is not None:
        assert_same_key(best, key_of(problem, route))


@given(problem=day_problems(max_stops=6, metric=False))
def test_plan_day_equals_brute_force_on_non_metric_instances(problem: DayProblem) -> None:
    """Asymmetric travel without the triangle inequality is solved optimally too."""
    best = Reference(problem).best()
    route = plan_day(problem)
    assert route.optimal
    if best is not None:
        assert_same_key(best, key_of(problem, route))
    assert_consistent(problem, route)


def test_a_stop_reached_only_through_a_detour_is_planned() -> None:
    """A stop too far to reach alone in time, but reached through another stop, is planned."""
    travel = TravelModel.from_matrix(
        [[0, 100, 3600], [100, 0, 100], [3600, 100, 0]], places=["home", "A", "B"]
    )
    problem = DayProblem(
        travel,
        [Stop("A", service=minutes(0)), Stop("B", priority=5, windows=[(at(8), at(8, 30))])],
        start="home",
        shift_start=at(8),
        shift_end=at(17),
    )
    assert [] == check_day(problem, ["A", "B"])  # the detour keeps every rule
    assert ("A", "B") == plan_day(problem).customers


# -- the heuristic --------------------------------------------------------------------------


def lunch_at_home_day() -> DayProblem:
    """No stops; the drive to the office ends after the break's latest start (08:00).

    Found by the properties below: the empty day must leave after lunch at home.
    """
    travel = TravelModel.from_matrix([[0, 120], [120, 0]], places=["home", "office"])
    return DayProblem(
        travel,
        [],
        start="home",
        end="office",
        shift_start=at(8),
        shift_end=at(11),
        lunch=Break(at(8), at(8, 30), duration=minutes(30)),
    )


def test_an_empty_day_that_owes_the_break_takes_it_at_home() -> None:
    """Lunch at home 08:00-08:30, then the drive: an empty day that keeps every rule."""
    problem = lunch_at_home_day()
    assert Reference(problem).fits([])
    assert plan_day(problem).is_feasible()  # the exact search gets it right
    assert [] == check_day(problem, [])
    route = plan_day(problem, exact=False, time_limit=None, max_iterations=5)
    assert [] == check_day(problem, route)


@example(problem=lunch_at_home_day(), seed=0)
@given(problem=day_problems(max_stops=6), seed=st.integers(0, 2**16))
def test_heuristic_routes_are_valid_no_better_than_brute_force_and_repeatable(
    problem: DayProblem, seed: int
) -> None:
    """Ruin and recreate: check_day-clean, never beats the optimum, same seed same route."""
    route = plan_day(problem, exact=False, time_limit=None, max_iterations=200, seed=seed)
    assert not route.optimal
    assert_consistent(problem, route)
    best = Reference(problem).best()
    if best is not None:
        assert key_of(problem, route) <= (best[0], best[1], best[2] + 1e-6)
    again = plan_day(problem, exact=False, time_limit=None, max_iterations=200, seed=seed)
    assert route == again


@settings(max_examples=25)
@given(problem=day_problems(min_stops=EXACT_MAX_STOPS + 1, max_stops=20), seed=st.integers(0, 9))
def test_heuristic_routes_on_larger_days_are_consistent(problem: DayProblem, seed: int) -> None:
    """Beyond the exact search's size the default search still returns a consistent route."""
    route = plan_day(problem, time_limit=None, max_iterations=100, seed=seed)
    assert_consistent(problem, route)
    assert route == plan_day(problem, time_limit=None, max_iterations=100, seed=seed)


def test_the_heuristic_plans_a_short_day_that_owes_no_break() -> None:
    """A morning shift over long before the latest break start needs no break, heuristic or not."""
    names = ["home"] + [f"S{i}" for i in range(13)]
    travel = TravelModel.from_matrix(
        [[0 if i == j else 300 for j in range(14)] for i in range(14)], places=names
    )
    stops = [Stop(f"S{i}", required=i == 0, service=minutes(5)) for i in range(13)]
    problem = DayProblem(
        travel,
        stops,
        start="home",
        shift_start=at(8),
        shift_end=at(12),
        lunch=Break(at(11), at(12), duration=minutes(60)),
    )
    assert [] == check_day(problem, [s.customer for s in stops])  # all 13, back at 10:10
    route = plan_day(problem, time_limit=None, max_iterations=300)
    assert not route.optimal  # 13 candidates: the heuristic
    assert route.is_feasible()
    assert 13 == len(route.visits)


# -- check_day rejects broken routes --------------------------------------------------------


@given(problem=day_problems(), choice=st.data())
def test_a_visit_moved_outside_its_windows_is_named(
    problem: DayProblem, choice: st.DataObject
) -> None:
    """Moving a planned visit before or after all its windows is a violation of that visit."""
    route = plan_day(problem)
    assume(route.is_feasible() and route.visits)
    number = choice.draw(st.integers(0, len(route.visits) - 1))
    visit = route.visits[number]
    stop = problem.stop(visit.customer)
    windows = stop.windows or (TimeWindow(problem.shift_start, problem.shift_end),)
    if choice.draw(st.booleans()):
        start = max(w.end for w in windows).add(hours=3)
    else:
        start = min(w.start for w in windows).subtract(hours=3)
    moved = attrs.evolve(visit, arrival=start, start=start, departure=start + stop.service)
    visits = (*route.visits[:number], moved, *route.visits[number + 1 :])
    violations = check_day(problem, attrs.evolve(route, visits=visits))
    assert {"window"} <= {v.kind for v in violations if v.customer == visit.customer}


@st.composite
def days_and_orders(draw: st.DrawFn) -> tuple[DayProblem, list[Hashable]]:
    """A day and an order of some of its customers, as a consultant might write it."""
    problem = draw(day_problems())
    customers = [s.customer for s in problem.stops]
    order = draw(st.permutations(customers))[: draw(st.integers(0, len(customers)))]
    return problem, order


@example(case=(lunch_at_home_day(), []))
@given(case=days_and_orders())
def test_a_hand_order_is_clean_exactly_when_it_can_be_kept(
    case: tuple[DayProblem, list[Hashable]],
) -> None:
    """check_day on a bare order (a swap, a subset) agrees with the brute-force schedule."""
    problem, order = case
    violations = check_day(problem, order)
    broken = [v for v in violations if v.kind != "missing_required"]
    assert Reference(problem).fits(order) == (not broken), violations
    route = schedule_day(problem, order)
    assert tuple(order) == route.customers
    assert route.is_feasible() == (not violations)
    assert violations == check_day(problem, route)


def test_a_hand_order_that_misses_a_window_names_the_customer() -> None:
    """The docstring's example: B first makes A start after its window."""
    travel = TravelModel.from_matrix(
        [[0, 1800, 1800], [1800, 0, 600], [1800, 600, 0]], places=["home", "A", "B"]
    )
    problem = DayProblem(
        travel,
        [Stop("A", windows=[(at(8), at(9))]), Stop("B", required=True)],
        start="home",
        shift_start=at(8),
        shift_end=at(17),
    )
    assert [] == check_day(problem, ["A", "B"])
    (violation,) = check_day(problem, ["B", "A"])
    assert ("A", "window") == (violation.customer, violation.kind)
    assert "09:10" in violation.detail
    assert "08:00-09:00" in violation.detail
    (missing,) = check_day(problem, ["A"])
    assert ("B", "missing_required") == (missing.customer, missing.kind)


def test_check_day_names_each_broken_rule_of_a_hand_made_route() -> None:
    """Travel, service, shift and priority totals stated wrongly are each named."""
    problem = three_stop_problem()
    route = plan_day(problem)
    first = route.visits[0]
    wrong = attrs.evolve(
        first, travel=first.travel + minutes(5), departure=first.start + minutes(1)
    )
    bad = attrs.evolve(
        route,
        visits=(wrong, *route.visits[1:]),
        departure=problem.shift_start.subtract(hours=1),
        back=problem.shift_end.add(hours=1),
        priority=route.priority + 1,
    )
    kinds = {(v.customer, v.kind) for v in check_day(problem, bad)}
    assert {
        (first.customer, "travel"),
        (first.customer, "service"),
        (None, "shift_start"),
        (None, "shift_end"),
        (None, "totals"),
    } <= kinds


# -- absolute time across a daylight-saving change ------------------------------------------


def test_a_shift_across_the_clock_change_is_measured_in_absolute_time() -> None:
    """01:00-09:00 in Berlin on 2026-03-29 lasts 7 hours, not 8."""
    start = pendulum.datetime(2026, 3, 29, 1, tz=BERLIN)
    end = pendulum.datetime(2026, 3, 29, 9, tz=BERLIN)
    travel = TravelModel.from_matrix([[0, 0, 0], [0, 0, 0], [0, 0, 0]], places=["home", "A", "B"])
    problem = DayProblem(
        travel,
        [Stop("A", service=minutes(6 * 60 + 50)), Stop("B", service=minutes(7 * 60 + 30))],
        start="home",
        shift_start=start,
        shift_end=end,
    )
    route = plan_day(problem)
    assert ("A",) == route.customers
    assert pendulum.datetime(2026, 3, 29, 8, 50, tz=BERLIN) == route.back
    (left,) = route.unvisited
    assert UnvisitedReason.SHIFT_TOO_SHORT == left.reason
    assert "09:30" in left.detail  # 01:00 + 7h30m on site, in summer time
    assert "7h30m" in left.detail


# -- the reasons for leaving a stop out -----------------------------------------------------


def line_problem(stops: Sequence[Stop], *, hours: float = 9, **kwargs: Any) -> DayProblem:
    """Home and A..D on a line, 30 minutes between neighbours, from 08:00."""
    names = ["home", "A", "B", "C", "D"]
    travel = TravelModel.from_matrix(
        [[1800 * abs(i - j) for j in range(5)] for i in range(5)], places=names
    )
    return DayProblem(
        travel,
        stops,
        start="home",
        shift_start=at(8),
        shift_end=at(8).add(minutes=round(hours * 60)),
        **kwargs,
    )


def three_stop_problem() -> DayProblem:
    """Three stops, one required with a window, a lunch break and distances."""
    names = ["home", "A", "B", "C"]
    durations = [
        [0, 900, 1500, 2400],
        [1000, 0, 600, 1500],
        [1500, 700, 0, 900],
        [2400, 1500, 800, 0],
    ]
    distances = [[10 * x for x in row] for row in durations]
    travel = TravelModel.from_matrix(durations, distances, places=names)
    stops = [
        Stop("A", priority=2, service=minutes(45), purpose="order"),
        Stop("B", required=True, windows=[(at(13), at(15))], purpose="collect"),
        Stop("C", priority=1, service=minutes(60)),
    ]
    lunch = Break(at(11, 30), at(13, 30), duration=minutes(45))
    return DayProblem(travel, stops, start="home", shift_start=at(8), shift_end=at(17), lunch=lunch)


def reason_of(route: DayRoute, customer: Hashable) -> tuple[UnvisitedReason, str]:
    """The reason and detail of a stop left out of ``route``."""
    (found,) = [u for u in route.unvisited if u.customer == customer]
    return found.reason, found.detail


def test_window_closed_when_the_window_ends_before_the_drive_does() -> None:
    """A window over before the consultant can get there, with the times in the detail."""
    problem = line_problem([Stop("B", windows=[(at(8), at(8, 30))]), Stop("A")])
    route = plan_day(problem)
    reason, detail = reason_of(route, "B")
    assert UnvisitedReason.WINDOW_CLOSED == reason
    assert "08:00-08:30" in detail
    assert "09:00" in detail  # the earliest arrival
    assert "1h00m" in detail
    assert route.is_feasible()


def test_shift_too_short_when_the_visit_alone_overruns_the_shift() -> None:
    """A visit longer than the shift allows, with the return time and shift end named."""
    problem = line_problem([Stop("A", service=minutes(9 * 60))])
    reason, detail = reason_of(plan_day(problem), "A")
    assert UnvisitedReason.SHIFT_TOO_SHORT == reason
    assert "18:00" in detail  # 08:30 + 9h + 30m back
    assert "17:00" in detail
    assert "9h00m" in detail


def test_shift_too_short_when_the_visit_leaves_no_room_for_the_break() -> None:
    """A visit that covers the whole break window, on a day that owes the break."""
    lunch = Break(at(12), at(13), duration=minutes(60))
    problem = line_problem(
        [Stop("A", service=minutes(120), windows=[(at(11, 30), at(11, 30))])], lunch=lunch
    )
    reason, detail = reason_of(plan_day(problem), "A")
    assert UnvisitedReason.SHIFT_TOO_SHORT == reason
    assert "skipping" in detail
    assert "1h00m break within 12:00-13:00" in detail


def test_crowded_out_when_two_optional_stops_want_the_same_moment() -> None:
    """Of two stops that fit only alone, the one with the lower priority is left out."""
    problem = line_problem(
        [
            Stop("A", priority=1, windows=[(at(9), at(9))]),
            Stop("D", priority=3, windows=[(at(10), at(10))]),
        ]
    )
    route = plan_day(problem)
    assert ("D",) == route.customers
    reason, detail = reason_of(route, "A")
    assert UnvisitedReason.CROWDED_OUT == reason
    assert "priority 1" in detail
    assert "1 planned visits" in detail
    assert "priority 3 in total" in detail
    assert "exhaustive search" in detail
    assert route.is_feasible()


def test_not_worth_travel_for_an_optional_stop_of_priority_zero() -> None:
    """A priority-0 optional stop only adds travel."""
    route = plan_day(line_problem([Stop("A", priority=0), Stop("B", priority=1)]))
    assert ("B",) == route.customers
    reason, detail = reason_of(route, "A")
    assert UnvisitedReason.NOT_WORTH_TRAVEL == reason
    assert "priority 0" in detail


def test_required_conflict_when_two_required_stops_want_the_same_moment() -> None:
    """Two required stops far apart at the same time: one is listed, the route infeasible."""
    problem = line_problem(
        [
            Stop("A", required=True, windows=[(at(10), at(10))]),
            Stop("D", required=True, windows=[(at(10), at(10))]),
        ]
    )
    route = plan_day(problem)
    assert not route.is_feasible()
    assert 1 == len(route.visits)
    (left,) = route.unvisited
    assert UnvisitedReason.REQUIRED_CONFLICT == left.reason
    assert "required" in left.detail
    assert [(left.customer, "missing_required")] == [
        (v.customer, v.kind) for v in check_day(problem, route)
    ]
    assert "NOT FEASIBLE" in route.summary()


def test_not_planned_when_a_hand_order_leaves_a_stop_out() -> None:
    """schedule_day lists the stops missing from the order; impossible ones keep their reason."""
    problem = line_problem([Stop("A"), Stop("B"), Stop("C", windows=[(at(8), at(8, 10))])])
    route = schedule_day(problem, ["B"])
    assert ("B",) == route.customers
    assert not route.optimal
    assert (UnvisitedReason.NOT_PLANNED, "not in the given order") == reason_of(route, "A")
    assert UnvisitedReason.WINDOW_CLOSED == reason_of(route, "C")[0]


def test_schedule_day_refuses_unknown_and_repeated_customers() -> None:
    """Every bad entry of the order is named in one error."""
    problem = line_problem([Stop("A"), Stop("B")])
    with pytest.raises(RoutingError) as caught:
        schedule_day(problem, ["A", "Z", "A"])
    assert "'Z' is not a stop of the problem" in str(caught.value)
    assert "'A' is listed twice" in str(caught.value)


# -- validation ------------------------------------------------------------------------------


def test_day_problem_lists_every_problem_at_once() -> None:
    """Duplicates, unknown places, a reversed shift and a stray break: one error, all named."""
    travel = TravelModel.from_matrix([[0, 60], [60, 0]], places=["home", "A"])
    with pytest.raises(RoutingError) as caught:
        DayProblem(
            travel,
            [Stop("A"), Stop("A"), Stop("B", place="nowhere")],
            start="garage",
            end="depot",
            shift_start=at(17),
            shift_end=at(8),
            lunch=Break(at(12), at(13), duration=minutes(30)),
        )
    message = str(caught.value)
    assert message.startswith("day problem: 6 problems: ")
    for part in (
        "stop 'A' is listed twice",
        "stop 'B': place 'nowhere' is not in the travel model",
        "start place 'garage' is not in the travel model",
        "end place 'depot' is not in the travel model",
        "the shift ends at",
        "the break window 12:00-13:00 is not inside the shift 17:00-08:00",
    ):
        assert part in message


def test_a_single_problem_is_raised_alone() -> None:
    """One problem: no count, just the message with the record."""
    travel = TravelModel.from_matrix([[0]], places=["home"])
    with pytest.raises(RoutingError) as caught:
        DayProblem(travel, [Stop("A")], start="home", shift_start=at(8), shift_end=at(9))
    assert "day problem: stop 'A': place 'A' is not in the travel model" == str(caught.value)


NAIVE = datetime(2026, 7, 1, 8)  # noqa: DTZ001  (the point: a datetime without a time zone)


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (
            lambda: DayProblem(
                TravelModel.from_matrix([[0]], places=["h"]),
                [],
                start="h",
                shift_start=NAIVE,
                shift_end=at(17),
            ),
            "shift_start to be a datetime with a time zone, got a naive datetime",
        ),
        (lambda: TimeWindow(NAIVE, at(9)), "start to be a datetime with a time zone"),
        (lambda: Break(at(12), "13:00", duration=minutes(30)), "end to be a datetime"),
        (lambda: TimeWindow(at(10), at(9)), "expected start <= end"),
        (lambda: Break(at(12), at(12, 30), duration=minutes(45)), "does not fit between"),
        (lambda: Break(at(12), at(13), duration=minutes(-5)), "duration of 0 or more"),
        (lambda: Stop("A", priority=-1), "priority to be a whole number of 0 or more, got -1"),
        (lambda: Stop("A", priority=True), "got True"),
        (lambda: Stop("A", priority=1.5), "got 1.5"),
        (lambda: Stop("A", service=timedelta(minutes=-1)), "service to be a duration of 0"),
        (lambda: Stop("A", windows=["morning"]), "TimeWindow objects or (start, end) pairs"),
        (lambda: Stop(["A"]), "customer to be hashable"),
    ],
)
def test_value_objects_refuse_bad_fields(build: Any, message: str) -> None:
    """Naive datetimes, reversed windows, breaks that do not fit, bad priorities: RoutingError."""
    with pytest.raises(RoutingError) as caught:
        build()
    assert message in str(caught.value)


def test_stop_defaults_and_conversions() -> None:
    """Place defaults to the customer; pairs become windows; stdlib times become pendulum."""
    stop = Stop("A", windows=[(datetime(2026, 7, 1, 9, tzinfo=ZoneInfo(SHANGHAI)), at(10))])
    assert "A" == stop.place
    assert isinstance(stop.windows[0], TimeWindow)
    assert minutes(30) == stop.service
    assert VisitPurpose.OTHER == stop.purpose
    assert "09:00-10:00" == str(stop.windows[0])
    assert isinstance(Stop("A", service=timedelta(minutes=5)).service, pendulum.Duration)


# -- the break -------------------------------------------------------------------------------


def test_a_short_day_over_before_the_latest_break_start_takes_no_break() -> None:
    """Back by 11:00 with lunch that may start until 12:45: no break is owed."""
    lunch = Break(at(11, 30), at(13, 30), duration=minutes(45))
    problem = line_problem([Stop("A", service=minutes(60))], lunch=lunch)
    route = plan_day(problem)
    assert route.lunch is None
    assert at(10) == route.back
    assert [] == check_day(problem, route)


def test_a_long_day_takes_its_break_inside_the_window() -> None:
    """A day past the latest break start has the break, as long as asked, in its window."""
    problem = three_stop_problem()
    route = plan_day(problem)
    assert route.is_feasible()
    assert route.lunch is not None
    assert problem.lunch is not None
    assert problem.lunch.duration == route.lunch.end - route.lunch.start
    assert problem.lunch.start <= route.lunch.start
    assert route.lunch.end <= problem.lunch.end
    without = attrs.evolve(route, lunch=None)
    (owed,) = check_day(problem, without)
    assert (None, "break") == (owed.customer, owed.kind)
    assert "no break" in owed.detail
    assert f"{route.back:%H:%M}" in owed.detail
    assert "45m break within 11:30-13:30" in owed.detail


def test_the_break_is_taken_on_arrival_while_waiting_for_a_window() -> None:
    """Arriving at 12:00 for a window opening at 13:00, lunch is taken there and then."""
    lunch = Break(at(12), at(14), duration=minutes(60))
    problem = line_problem(
        [Stop("A", windows=[(at(13), at(14))]), Stop("B", windows=[(at(11), at(11))])],
        lunch=lunch,
    )
    route = plan_day(problem)
    assert ("B", "A") == route.customers
    assert route.lunch is not None
    assert ("A", 1, at(12), at(13)) == (
        route.lunch.place,
        route.lunch.after,
        route.lunch.start,
        route.lunch.end,
    )
    assert at(13) == route.visits[1].start
    assert [] == check_day(problem, route)
    assert 0 == route.wait_time.total_seconds()  # the hour on site is the break


def test_a_break_in_the_wrong_place_or_too_short_is_named() -> None:
    """check_day names a break at a third place and one shorter than asked."""
    problem = three_stop_problem()
    route = plan_day(problem)
    assert route.lunch is not None
    elsewhere = attrs.evolve(route, lunch=attrs.evolve(route.lunch, place="nowhere"))
    assert any("'nowhere'" in v.detail for v in check_day(problem, elsewhere))
    short = attrs.evolve(route.lunch, end=route.lunch.start + minutes(10))
    violations = check_day(problem, attrs.evolve(route, lunch=short))
    assert any("must last 45m" in v.detail for v in violations)


def test_a_break_between_two_stops_at_the_same_place_is_accepted() -> None:
    """Two customers in one mall with lunch between them: the route keeps every rule."""
    travel = TravelModel.from_matrix([[0, 1800], [1800, 0]], places=["home", "mall"])
    problem = DayProblem(
        travel,
        [
            Stop("A", place="mall", service=minutes(180), windows=[(at(8), at(9))]),
            Stop("B", place="mall", windows=[(at(13), at(14))]),
        ],
        start="home",
        shift_start=at(8),
        shift_end=at(17),
        lunch=Break(at(12), at(14), duration=minutes(60)),
    )
    assert Reference(problem).fits(["A", "B"])
    route = plan_day(problem)
    assert ("A", "B") == route.customers
    assert [] == check_day(problem, route)
    assert route.is_feasible()


# -- the route's totals and summary ---------------------------------------------------------


def test_route_totals_add_up() -> None:
    """Travel is the sum of the legs, working time is the day less the break."""
    problem = three_stop_problem()
    route = plan_day(problem)
    legs = [v.travel for v in route.visits] + [route.return_travel]
    assert sum(d.total_seconds() for d in legs) == route.travel_time.total_seconds()
    assert route.travel_time.total_seconds() == route.cost
    assert route.distance is not None
    assert 10 * route.cost == pytest.approx(route.distance)
    assert route.lunch is not None
    day = (route.back - route.departure).total_seconds()
    lunch = (route.lunch.end - route.lunch.start).total_seconds()
    assert day - lunch == route.working_time.total_seconds()
    service = sum(problem.stop(c).service.total_seconds() for c in route.customers)
    assert service == route.service_time.total_seconds()
    assert sum(problem.stop(c).priority for c in route.customers) == route.priority


def test_distance_is_none_without_distances() -> None:
    """A travel model without distances gives a route without a distance."""
    route = plan_day(line_problem([Stop("A"), Stop("B")]))
    assert route.distance is None
    assert route.visits[0].distance is None


def test_summary_lists_the_schedule_and_who_was_left_out() -> None:
    """The summary names the day, every visit, the break and each stop left out."""
    problem = line_problem(
        [Stop("A", purpose="order", service=minutes(240)), Stop("D", windows=[(at(8), at(8))])],
        lunch=Break(at(11, 30), at(13, 30), duration=minutes(45)),
    )
    route = plan_day(problem)
    text = route.summary()
    lines = text.splitlines()
    assert lines[0].startswith("2026-07-01: 1 visit, priority 1, travel 1h00m")
    assert "working 5h00m, optimal" in lines[0]
    assert "  08:00  leave" == lines[1]
    assert any(line.startswith("  08:30  A  order  (30m drive") for line in lines)
    assert "  12:30  break until 13:15" in lines
    assert "left out (1):" in text
    assert "D: window_closed:" in text


def test_summary_shows_distance_when_known() -> None:
    """With distances the first line gives kilometres."""
    assert " km)" in plan_day(three_stop_problem()).summary().splitlines()[0]


# -- plan_day's arguments --------------------------------------------------------------------


@pytest.mark.parametrize(
    "kwargs",
    [
        {"time_limit": 0},
        {"time_limit": -1.0},
        {"time_limit": True},
        {"max_iterations": 0},
        {"max_iterations": True},
        {"max_iterations": 2.5},
    ],
)
def test_plan_day_refuses_bad_budgets(kwargs: dict[str, Any]) -> None:
    """A time limit or iteration budget that is not a positive number is refused."""
    problem = line_problem([Stop("A")])
    with pytest.raises(RoutingError) as caught:
        plan_day(problem, **kwargs)
    assert str(caught.value).startswith("plan_day: expected ")


def test_plan_day_refuses_something_else_than_a_problem() -> None:
    """The problem must be a DayProblem."""
    with pytest.raises(RoutingError, match="expected a DayProblem, got dict"):
        plan_day({})  # type: ignore[arg-type]


class RecordingSolver:
    """A DaySolver that records its calls and schedules the customers in reverse order."""

    def __init__(self) -> None:
        self.calls: list[tuple[DayProblem, dict[str, Any]]] = []

    def solve(
        self,
        problem: DayProblem,
        *,
        time_limit: float | None,
        seed: int,
        max_iterations: int | None,
    ) -> DayRoute:
        """Record the call; the route of the stops in reverse order."""
        kwargs = {"time_limit": time_limit, "seed": seed, "max_iterations": max_iterations}
        self.calls.append((problem, kwargs))
        return schedule_day(problem, [s.customer for s in reversed(problem.stops)])


def test_another_solver_is_called_with_the_budget() -> None:
    """solver= receives the problem and the keywords, and its route is returned as is."""
    problem = line_problem([Stop("A"), Stop("B")])
    solver: DaySolver = RecordingSolver()
    route = plan_day(problem, solver=solver, seed=7, time_limit=None, max_iterations=9)
    assert ("B", "A") == route.customers
    assert [] == check_day(problem, route)
    expected = [(problem, {"time_limit": None, "seed": 7, "max_iterations": 9})]
    assert expected == solver.calls  # type: ignore[attr-defined]


def test_exact_can_be_forced_on_and_off() -> None:
    """exact=False gives an unproven route, exact=True a proven one, on the same day."""
    problem = three_stop_problem()
    heuristic = plan_day(problem, exact=False, time_limit=None, max_iterations=50)
    exact = plan_day(problem, exact=True)
    assert (False, True) == (heuristic.optimal, exact.optimal)
    assert key_of(problem, heuristic) <= key_of(problem, exact)


# -- the sample company ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_day() -> tuple[TravelModel, list[Stop], Any]:
    """The travel model and stops of consultant P-D1-R1-C1's customers on the sample roads."""
    company = sample_company()
    customers = company.org.customers_of("P-D1-R1-C1", as_of=company.as_of)
    places = {"home": company.homes["P-D1-R1-C1"]} | {c.id: c.node for c in customers}
    travel = TravelModel.from_graph(company.roads, places)
    stops = [
        Stop(
            c.id,
            priority=c.priority,
            service=minutes(20 + 5 * (i % 4)),
            required=i in {2, 5},
            windows=[(at(13), at(15))] if i == 5 else [],
        )
        for i, c in enumerate(customers)
    ]
    return travel, stops, company


def sample_problem(travel: TravelModel, stops: list[Stop]) -> DayProblem:
    """A nine-hour day from home with a 45-minute lunch."""
    return DayProblem(
        travel,
        stops,
        start="home",
        shift_start=at(8),
        shift_end=at(17, 30),
        lunch=Break(at(11, 30), at(13, 30), duration=minutes(45)),
    )


def test_a_twelve_stop_sample_day_is_optimal_and_feasible(
    sample_day: tuple[TravelModel, list[Stop], Any],
) -> None:
    """Twelve of the consultant's customers: the exact search, a clean route."""
    travel, stops, _ = sample_day
    problem = sample_problem(travel, stops[:EXACT_MAX_STOPS])
    route = plan_day(problem)
    assert route.optimal
    assert route.is_feasible()
    assert [] == check_day(problem, route)
    assert {stops[2].customer, stops[5].customer} <= set(route.customers)
    assert route.distance is not None


def test_a_thirty_stop_sample_day_by_the_heuristic_is_feasible(
    sample_day: tuple[TravelModel, list[Stop], Any],
) -> None:
    """Thirty customers with an iteration budget: feasible, check_day-clean, repeatable."""
    travel, stops, _ = sample_day
    problem = sample_problem(travel, stops[:30])
    route = plan_day(problem, time_limit=None, max_iterations=300)
    assert not route.optimal
    assert route.is_feasible()
    assert [] == check_day(problem, route)
    assert route.visits
    assert 30 == len(route.visits) + len(route.unvisited)
    assert route == plan_day(problem, time_limit=None, max_iterations=300)
