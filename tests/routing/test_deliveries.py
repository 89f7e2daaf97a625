"""Tests for plan_deliveries, check_deliveries and the delivery value objects.

Small random problems come from the ``delivery_problems`` strategy below; on up to five
customers and two vehicles every assignment and order is enumerated (``brute_force``),
with its own schedule arithmetic, to check that the solver finds the optimum.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import re
from collections.abc import Hashable, Sequence
from decimal import Decimal

import attrs
import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from deepmarketing.errors import AmountTypeError, RoutingError
from deepmarketing.routing import (
    Delivery,
    DeliveryPlan,
    DeliveryProblem,
    DeliverySolver,
    RuinAndRecreate,
    TravelModel,
    UnassignedDelivery,
    UnassignedReason,
    Vehicle,
    check_deliveries,
    plan_deliveries,
)

T0 = pendulum.datetime(2026, 7, 1, 8, tz="Asia/Shanghai")


def at(minutes: float) -> pendulum.DateTime:
    """The time ``minutes`` after 08:00 on the test day."""
    return T0 + dt.timedelta(minutes=minutes)


def line_travel(*places: str, minutes: float = 10) -> TravelModel:
    """Places on a line, ``minutes`` apart, distances in km as metres."""
    rows = [[abs(i - j) * minutes * 60 for j in range(len(places))] for i in range(len(places))]
    metres = [[abs(i - j) * 1000 for j in range(len(places))] for i in range(len(places))]
    return TravelModel.from_matrix(rows, metres, places=list(places))


def problem_of(
    deliveries: Sequence[Delivery],
    vehicles: Sequence[Vehicle] = (Vehicle("van", 10),),
    *,
    travel: TravelModel | None = None,
    hours: float = 8,
    objective: str = "duration",
) -> DeliveryProblem:
    """A problem on ``line_travel("depot", "a", "b", "c", "d")`` from 08:00."""
    return DeliveryProblem(
        travel or line_travel("depot", "a", "b", "c", "d"),
        "depot",
        vehicles=vehicles,
        deliveries=deliveries,
        start=T0,
        end=T0 + dt.timedelta(hours=hours),
        objective=objective,  # type: ignore[arg-type]
    )


def kinds(problem: DeliveryProblem, plan: DeliveryPlan) -> set[str]:
    """The kinds of violation check_deliveries finds."""
    return {v.kind for v in check_deliveries(problem, plan)}


# -- validation ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"depot": "hub"}, "depot 'hub': is not a place of the travel model"),
        (
            {"deliveries": [Delivery("c", "zz")]},
            "delivery 'c': place 'zz' is not in the travel model",
        ),
        (
            {"deliveries": [Delivery("c", "a"), Delivery("c", "b")]},
            "delivery 'c': is listed twice",
        ),
        ({"vehicles": [Vehicle("v", 1), Vehicle("v", 2)]}, "vehicle 'v': is listed twice"),
        ({"vehicles": [Vehicle("v", -1)]}, "vehicle 'v': capacity -1 is negative"),
        ({"deliveries": [Delivery("c", "a", demand=-2)]}, "delivery 'c': demand -2 is negative"),
        (
            {"deliveries": [Delivery("c", "a", service=dt.timedelta(minutes=-1))]},
            "delivery 'c': service time -1 day, 23:59:00 is negative",
        ),
        (
            {"deliveries": [Delivery("c", "a", windows=[(at(60), at(30))])]},
            "delivery 'c': window opens at 2026-07-01 09:00:00+08:00 after it closes",
        ),
        (
            {"deliveries": [Delivery("c", "a", windows=[(at(60).naive(), at(30))])]},
            "delivery 'c': window (DateTime(2026, 7, 1, 9, 0, 0), ",
        ),
        ({"deliveries": [Delivery("c", "a", windows=[at(1)])]}, "is not an (open, close) pair"),
        ({"start": T0.naive()}, "horizon start: expected a time-zone-aware"),
        ({"end": at(-60)}, "horizon: starts at 2026-07-01 08:00:00+08:00 after it ends"),
        ({"objective": "money"}, "objective: expected 'duration' or 'distance', got 'money'"),
        (
            {"travel": TravelModel.from_matrix([[0]], places=["depot"]), "objective": "distance"},
            "objective 'distance' needs a travel model with distances",
        ),
        (
            {"vehicles": [Vehicle("v", 1, start=at(60).naive())]},
            "vehicle 'v': shift start DateTime(2026, 7, 1, 9, 0, 0) is not a time-zone",
        ),
        (
            {"vehicles": [Vehicle("v", 1, start=at(60), end=at(30))]},
            "vehicle 'v': shift starts at 2026-07-01 09:00:00+08:00 after it ends",
        ),
        ({"vehicles": ["v"]}, "vehicles: expected Vehicle records, got 'v'"),
        ({"deliveries": ["c"]}, "deliveries: expected Delivery records, got 'c'"),
        ({"travel": "matrix"}, "travel: expected a TravelModel, got str"),
    ],
)
def test_each_validation_problem_is_named(change: dict[str, object], message: str) -> None:
    """A bad record raises a RoutingError naming the record and what was expected."""
    fields = {
        "travel": line_travel("depot", "a", "b"),
        "depot": "depot",
        "vehicles": [Vehicle("v", 5)],
        "deliveries": [Delivery("c", "a")],
        "start": T0,
        "end": at(480),
    } | change
    with pytest.raises(RoutingError) as caught:
        DeliveryProblem(**fields)  # type: ignore[arg-type]
    assert message in str(caught.value)
    assert str(caught.value).startswith("delivery problem: ")


def test_every_problem_is_reported_at_once() -> None:
    """A problem with several faults raises one error that lists all of them."""
    with pytest.raises(RoutingError) as caught:
        DeliveryProblem(
            line_travel("depot", "a"),
            "hub",
            vehicles=[Vehicle("v", -1), Vehicle("v", 1)],
            deliveries=[
                Delivery("c", "x", demand=-1),
                Delivery("c", "a", windows=[(at(9), at(1))]),
            ],
            start=T0,
            end=at(60),
        )
    text = str(caught.value)
    assert text.startswith("delivery problem: 7 problems: depot 'hub'")
    for part in ("capacity -1", "vehicle 'v': is listed twice", "place 'x'", "demand -1"):
        assert part in text
    assert "delivery 'c': is listed twice" in text
    assert "window opens" in text
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize(
    "make", [lambda: Vehicle("v", 2.5), lambda: Delivery("c", "a", demand=0.5)]
)
def test_float_quantities_are_refused(make: object) -> None:
    """A float capacity or demand raises the library's AmountTypeError."""
    with pytest.raises(AmountTypeError):
        make()  # type: ignore[operator]


def test_quantities_are_decimal() -> None:
    """Capacities and demands given as ints or strings become Decimals."""
    assert (Decimal("2.5"), Decimal(3)) == (
        Delivery("c", "a", demand="2.5").demand,
        Vehicle("v", 3).capacity,
    )


# -- plans and reasons ---------------------------------------------------------------------------


def test_summary_lists_routes_and_unassigned() -> None:
    """The summary has a totals line, one line per route and one per left-out delivery."""
    problem = problem_of(
        [
            Delivery(
                "A", "a", demand=2, service=dt.timedelta(minutes=5), windows=[(at(40), at(60))]
            ),
            Delivery("B", "b", demand=3, windows=[(at(20), at(22))]),
            Delivery("Z", "d", demand=11),
        ]
    )
    plan = plan_deliveries(problem, max_iterations=50)
    expected = (
        "1 route, 2 deliveries, 1 unassigned; cost 2400 (travel time, s)\n"
        "van: depot 08:00 -> B 08:20-08:20 -> A 08:40-08:45 -> depot 08:55; load 5/10\n"
        "unassigned Z: demand_exceeds_capacity: demand 11 exceeds every vehicle's capacity "
        "(at most 10)"
    )
    assert expected == plan.summary()
    assert not plan.is_feasible()
    assert [] == check_deliveries(problem, plan)


def test_summary_shows_every_quantity_alike() -> None:
    """Loads and capacities have no trailing zeros, whatever exponent their Decimals carry."""
    problem = problem_of(
        [Delivery("A", "a", demand="1.50"), Delivery("B", "b", demand="2.5")],
        [Vehicle("van", "5.0"), Vehicle("car", "2.50")],
    )
    plan = DeliveryPlan.from_sequences(problem, {"van": ["A", "B"]})
    assert Decimal("4.00") == plan.routes[0].load
    assert plan.summary().splitlines()[1].endswith("; load 4/5")
    half = DeliveryPlan.from_sequences(problem, {"car": ["A"]})
    assert half.summary().splitlines()[1].endswith("; load 1.5/2.5")


@pytest.mark.parametrize(
    ("delivery", "vehicles", "reason", "detail"),
    [
        (
            Delivery("X", "a", demand=250),
            [Vehicle("v1", 200), Vehicle("v2", 100)],
            UnassignedReason.DEMAND_EXCEEDS_CAPACITY,
            "demand 250 exceeds every vehicle's capacity (at most 200)",
        ),
        (
            Delivery("X", "b", windows=[(at(0), at(15))]),
            [Vehicle("v", 1)],
            UnassignedReason.WINDOW_CLOSED,
            (
                "every time window closes before the earliest possible arrival from the "
                "depot: service may start at the latest at 08:15, the earliest arrival is 08:20"
            ),
        ),
        (
            Delivery("X", "b", windows=[(at(470), at(475))]),
            [Vehicle("v", 1)],
            UnassignedReason.SHIFT_TOO_SHORT,
            (
                "no vehicle can serve it and return to the depot before its shift ends: at "
                "best vehicle 'v' starts service at 15:50 and is back at 16:10, its shift "
                "ends at 16:00"
            ),
        ),
        (
            Delivery("X", "a", windows=[(at(600), at(700))]),
            [Vehicle("v", 1)],
            UnassignedReason.OUTSIDE_HORIZON,
            "every time window lies outside the planning horizon: 18:00-19:40, horizon 08:00-16:00",
        ),
        (
            Delivery("X", "a", windows=[(at(-90), at(-60)), (at(1440), at(1450))]),
            [Vehicle("v", 1)],
            UnassignedReason.OUTSIDE_HORIZON,
            (
                "every time window lies outside the planning horizon: 06:30-07:00, "
                "2026-07-02 08:00-08:10, horizon 08:00-16:00"
            ),
        ),
        (Delivery("X", "a"), [], UnassignedReason.NO_VEHICLE, "there is no vehicle"),
    ],
)
def test_each_unassigned_reason(
    delivery: Delivery, vehicles: list[Vehicle], reason: UnassignedReason, detail: str
) -> None:
    """A delivery no vehicle can serve is left out with its reason and the figures."""
    problem = problem_of([delivery], vehicles)
    plan = plan_deliveries(problem, max_iterations=10)
    assert (UnassignedDelivery("X", reason, detail=detail),) == plan.unassigned
    assert f"X: {reason.value}: {detail}" == str(plan.unassigned[0])
    assert [] == check_deliveries(problem, plan)


def test_no_room_left_is_a_reason() -> None:
    """Two deliveries that need the one vehicle at the same time: one is not fitted."""
    window = [(at(20), at(21))]
    problem = problem_of(
        [
            Delivery("A", "b", service=dt.timedelta(minutes=5), windows=window),
            Delivery("B", "b", service=dt.timedelta(minutes=5), windows=window),
            Delivery("Z", "c", demand=11),
        ]
    )
    plan = plan_deliveries(problem, max_iterations=20)
    assert 2 == len(plan.unassigned)
    fitted, too_big = plan.unassigned
    assert UnassignedReason.NOT_FITTED == fitted.reason
    # Z's demand counts for nothing: no vehicle could carry it anyway.
    assert (
        "could not be fitted into any route: every vehicle that could serve it is full, "
        "busy, or its schedule is too tight (demand 0, the most room left on a vehicle 10; "
        "total demand 0 of the deliveries a vehicle could serve alone, fleet capacity 10)"
    ) == fitted.detail
    assert ("Z", UnassignedReason.DEMAND_EXCEEDS_CAPACITY) == (too_big.customer, too_big.reason)
    assert [] == check_deliveries(problem, plan)


def test_fleet_capacity_is_named_when_the_demand_exceeds_it() -> None:
    """More demand than the whole fleet carries: the one left out says capacity."""
    problem = problem_of(
        [
            Delivery("A", "a", demand=4),
            Delivery("B", "b", demand=4),
            Delivery("C", "c", demand=1),
            Delivery("D", "d", demand=1),
        ],
        [Vehicle("big", 5), Vehicle("small", 3)],
    )
    plan = plan_deliveries(problem, max_iterations=200)
    (left,) = plan.unassigned
    assert UnassignedReason.FLEET_CAPACITY == left.reason
    assert left.detail.startswith(
        "demand 4; the fleet's capacity is short: total demand 10 of the deliveries a vehicle "
        "could serve alone, fleet capacity 8; the most room left on a vehicle "
    )
    assert "capacity" in str(left)
    assert [] == check_deliveries(problem, plan)


def test_from_sequences_gives_each_left_out_delivery_a_reason() -> None:
    """A customer in no route gets its given record, else its reason, else not planned."""
    problem = problem_of(
        [Delivery("A", "a"), Delivery("B", "b"), Delivery("C", "c", demand=99)],
    )
    dropped = UnassignedDelivery("B", UnassignedReason.NOT_FITTED, detail="dropped by the engine")
    plan = DeliveryPlan.from_sequences(problem, {}, unassigned=[dropped])
    assert [
        "A: not_planned: not in any route",
        "B: not_fitted: dropped by the engine",
        "C: demand_exceeds_capacity: demand 99 exceeds every vehicle's capacity (at most 10)",
    ] == [str(item) for item in plan.unassigned]


def test_unassigned_reason_must_be_the_enum() -> None:
    """Free text is refused as a reason: it goes in ``detail``."""
    with pytest.raises(TypeError):
        UnassignedDelivery("C", "too far", detail="")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        UnassignedDelivery("C", UnassignedReason.NOT_FITTED)  # type: ignore[call-arg]


def test_waits_for_the_next_window() -> None:
    """An early arrival waits for the next window's opening."""
    problem = problem_of(
        [
            Delivery("A", "a", windows=[(at(10), at(15))]),
            Delivery("B", "b", windows=[(at(0), at(5)), (at(60), at(70))]),
        ]
    )
    plan = plan_deliveries(problem, max_iterations=20)
    (route,) = plan.routes
    assert ("A", "B") == route.customers
    stops = route.stops
    assert (at(0), at(10), at(20), at(60)) == (
        route.leaves,
        stops[0].start,
        stops[1].arrival,
        stops[1].start,
    )
    assert dt.timedelta(minutes=40) == stops[1].wait
    assert dt.timedelta(minutes=80) == route.duration


def test_vehicle_shift_is_kept() -> None:
    """A vehicle leaves no earlier than its shift start; a too short shift is not used."""
    problem = problem_of(
        [Delivery("A", "c")],
        [Vehicle("early", 1, end=at(30)), Vehicle("late", 1, start=at(120))],
    )
    plan = plan_deliveries(problem, max_iterations=20)
    (route,) = plan.routes
    assert ("late", at(120), at(180)) == (route.vehicle, route.leaves, route.returns)


def test_distance_objective_and_totals() -> None:
    """With the distance objective the cost is the metres driven; totals add up."""
    problem = problem_of(
        [Delivery("A", "a", demand="1.5"), Delivery("D", "d", demand="2.25")],
        [Vehicle("v1", "2.5"), Vehicle("v2", "2.5")],
        objective="distance",
    )
    plan = plan_deliveries(problem, max_iterations=50)
    assert (10000.0, 10000.0, 6000.0, Decimal("3.75"), 2) == (
        plan.cost,
        plan.distance,
        plan.travel_time,
        plan.load,
        plan.vehicles_used,
    )
    assert plan.is_feasible()


def test_nothing_to_deliver() -> None:
    """No deliveries: no routes, cost 0, feasible."""
    plan = plan_deliveries(problem_of([]))
    assert ((), (), 0.0, True) == (plan.routes, plan.unassigned, plan.cost, plan.is_feasible())


def test_from_sequences_refuses_unknown_records() -> None:
    """A stored solution naming an unknown vehicle or customer raises a RoutingError."""
    problem = problem_of([Delivery("A", "a")])
    with pytest.raises(RoutingError, match="vehicle 'bus'"):
        DeliveryPlan.from_sequences(problem, {"bus": ["A"]})
    with pytest.raises(RoutingError, match="customer 'Q'"):
        DeliveryPlan.from_sequences(problem, {"van": ["Q"]})


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"time_limit": 0}, "expected time_limit to be a number of seconds > 0 or None, got 0"),
        ({"time_limit": -1}, "expected time_limit to be a number of seconds > 0 or None, got -1"),
        ({"time_limit": "1"}, "got '1'"),
        ({"time_limit": True}, "got True"),
        ({"time_limit": math.inf}, "got inf"),
        ({"time_limit": math.nan}, "got nan"),
        ({"max_iterations": 0}, "expected max_iterations to be a whole number > 0 or None, got 0"),
        ({"max_iterations": -1}, "got -1"),
        ({"max_iterations": 1.5}, "got 1.5"),
        ({"max_iterations": True}, "got True"),
    ],
)
def test_bad_budgets_are_refused(arguments: dict[str, object], message: str) -> None:
    """A time limit or iteration budget that is not positive raises as plan_day does."""
    with pytest.raises(RoutingError) as caught:
        plan_deliveries(problem_of([]), **arguments)  # type: ignore[arg-type]
    assert "plan_deliveries" == caught.value.record
    assert str(caught.value).startswith("plan_deliveries: expected ")
    assert str(caught.value).endswith(message)


def test_smallest_budgets_are_accepted() -> None:
    """One iteration, or a tiny time limit, still gives a verified plan."""
    problem = problem_of([Delivery("A", "a"), Delivery("B", "b")])
    for plan in (
        plan_deliveries(problem, max_iterations=1),
        plan_deliveries(problem, time_limit=0.001),
    ):
        assert plan.is_feasible()


def test_a_solver_backend_plugs_in() -> None:
    """plan_deliveries hands the problem to the given DeliverySolver."""

    class Everything:
        def solve(
            self,
            problem: DeliveryProblem,
            *,
            time_limit: float | None,
            seed: int,
            max_iterations: int | None,
        ) -> DeliveryPlan:
            customers = [d.customer for d in problem.deliveries]
            return DeliveryPlan.from_sequences(problem, {problem.vehicles[0].id: customers})

    problem = problem_of([Delivery("A", "a"), Delivery("B", "b")])
    assert isinstance(Everything(), DeliverySolver)
    plan = plan_deliveries(problem, solver=Everything())
    assert (("A", "B"),) == tuple(route.customers for route in plan.routes)


def test_solver_parameters_are_checked() -> None:
    """RuinAndRecreate refuses a non-positive tunable."""
    with pytest.raises(RoutingError, match="average_removed"):
        RuinAndRecreate(average_removed=0)


# -- the verifier on hand-made plans ---------------------------------------------------------------


@pytest.fixture
def served() -> tuple[DeliveryProblem, DeliveryPlan]:
    """A feasible two-stop plan."""
    problem = problem_of(
        [
            Delivery("A", "a", demand=4, service=dt.timedelta(minutes=5)),
            Delivery("B", "b", demand=5, windows=[(at(15), at(30))]),
        ],
        [Vehicle("van", 10), Vehicle("car", 2)],
    )
    return problem, DeliveryPlan.from_sequences(problem, {"van": ["A", "B"]})


def test_check_accepts_a_good_plan(served: tuple[DeliveryProblem, DeliveryPlan]) -> None:
    """A scheduled, feasible plan has no violations."""
    problem, plan = served
    assert [] == check_deliveries(problem, plan)
    assert plan.is_feasible()


def test_check_finds_capacity_and_window(served: tuple[DeliveryProblem, DeliveryPlan]) -> None:
    """Loading the small vehicle, or reversing the order, is caught."""
    problem, _ = served
    small = DeliveryPlan.from_sequences(problem, {"car": ["A", "B"]})
    assert {"capacity"} == kinds(problem, small)
    late = problem_of([Delivery("B", "b", windows=[(at(0), at(5))])], [Vehicle("van", 10)])
    assert {"window"} == kinds(late, DeliveryPlan.from_sequences(late, {"van": ["B"]}))


def test_check_finds_every_tampering(served: tuple[DeliveryProblem, DeliveryPlan]) -> None:
    """Wrong times, places, totals and duplicates are each reported."""
    problem, plan = served
    route = plan.routes[0]
    a, b = route.stops
    shifted = attrs.evolve(a, arrival=a.arrival + dt.timedelta(minutes=1))
    tampered = attrs.evolve(
        plan,
        routes=[
            attrs.evolve(
                route,
                stops=[
                    attrs.evolve(shifted, place="c", departure=a.departure + dt.timedelta(1)),
                    b,
                ],
                load=Decimal(1),
                leaves=route.leaves - dt.timedelta(hours=1),
                returns=route.returns + dt.timedelta(hours=9),
                travel_time=1.0,
                distance=2.0,
            ),
            attrs.evolve(route, vehicle="bus", stops=[b]),
            attrs.evolve(route, vehicle="van", stops=[]),
        ],
        unassigned=[UnassignedDelivery("Q", UnassignedReason.NOT_PLANNED, detail="?")],
        cost=5.0,
    )
    found = check_deliveries(problem, tampered)
    expected = {
        "shift_start",
        "shift_end",
        "start",
        "place",
        "arrival",
        "departure",
        "return",
        "totals",
        "unknown_vehicle",
        "vehicle_reused",
        "duplicate",
        "unknown_customer",
    }
    assert expected == {v.kind for v in found}
    messages = [str(v) for v in found]
    assert "customer 'B': duplicate: is served 2 times, expected once" in messages
    assert "vehicle 'van': totals: load 1, expected 9" in messages
    assert all(re.fullmatch(r"[a-z]+(_[a-z]+)*", v.kind) for v in found)


def test_check_finds_missing_and_doubly_listed(
    served: tuple[DeliveryProblem, DeliveryPlan],
) -> None:
    """A customer neither served nor listed, or served and listed, is reported."""
    problem, plan = served
    missing = attrs.evolve(plan, routes=[], cost=0.0)
    assert ["missing", "missing"] == [v.kind for v in check_deliveries(problem, missing)]
    both = attrs.evolve(
        plan, unassigned=[UnassignedDelivery("A", UnassignedReason.NOT_PLANNED, detail="?")]
    )
    assert ["duplicate"] == [v.kind for v in check_deliveries(problem, both)]


# -- properties on small random problems ---------------------------------------------------------


@st.composite
def delivery_problems(
    draw: st.DrawFn, *, max_customers: int = 7, max_vehicles: int = 3
) -> DeliveryProblem:
    """A small random problem: grid points, integer minutes, a few windows and vehicles."""
    n = draw(st.integers(0, max_customers))
    points = draw(
        st.lists(st.tuples(st.integers(0, 6), st.integers(0, 6)), min_size=n + 1, max_size=n + 1)
    )
    places = ["depot", *(f"p{i}" for i in range(n))]
    minutes = [[5 * (abs(a[0] - b[0]) + abs(a[1] - b[1])) for b in points] for a in points]
    seconds = [[60 * m for m in row] for row in minutes]
    metres = [[draw(st.integers(1, 9)) * 100 * m for m in row] for row in minutes]
    for i in range(n + 1):
        metres[i][i] = 0
    travel = TravelModel.from_matrix(seconds, metres, places=places)
    horizon = 240
    deliveries = []
    for i in range(n):
        windows = []
        for _ in range(draw(st.integers(0, 2))):
            opens = draw(st.integers(0, horizon - 10))
            windows.append((at(opens), at(min(horizon, opens + draw(st.integers(0, 90))))))
        deliveries.append(
            Delivery(
                f"C{i}",
                places[i + 1],
                demand=draw(st.integers(0, 5)),
                service=dt.timedelta(minutes=draw(st.sampled_from([0, 5, 15]))),
                windows=windows,
            )
        )
    vehicles = []
    for k in range(draw(st.integers(1, max_vehicles))):
        start = draw(st.sampled_from([None, 0, 30]))
        end = draw(st.sampled_from([None, 180]))
        vehicles.append(
            Vehicle(
                f"V{k}",
                draw(st.integers(2, 10)),
                start=None if start is None else at(start),
                end=None if end is None else at(end),
            )
        )
    return DeliveryProblem(
        travel,
        "depot",
        vehicles=vehicles,
        deliveries=deliveries,
        start=T0,
        end=at(horizon),
        objective=draw(st.sampled_from(["duration", "distance"])),
    )


def schedule(problem: DeliveryProblem, vehicle: Vehicle, order: Sequence[Hashable]) -> float | None:
    """The cost of ``order`` served by ``vehicle`` as early as possible; None if infeasible.

    An independent re-implementation of the rules.
    """
    travel = problem.travel
    deliveries = {d.customer: d for d in problem.deliveries}
    if sum(deliveries[c].demand for c in order) > vehicle.capacity:
        return None
    clock = ((vehicle.start or problem.start) - T0).total_seconds()
    end = ((vehicle.end or problem.end) - T0).total_seconds()
    here = problem.depot
    cost = 0.0
    for customer in order:
        d = deliveries[customer]
        clock += travel.duration(here, d.place)
        cost += (
            travel.duration(here, d.place)
            if problem.objective == "duration"
            else travel.distance(here, d.place) or 0.0
        )
        windows = [((a - T0).total_seconds(), (b - T0).total_seconds()) for a, b in d.windows]
        windows = windows or [(0.0, (problem.end - T0).total_seconds())]
        starts = [max(clock, a) for a, b in windows if max(clock, a) <= b]
        if not starts:
            return None
        clock = min(starts) + d.service.total_seconds()
        here = d.place
    clock += travel.duration(here, problem.depot)
    cost += (
        travel.duration(here, problem.depot)
        if problem.objective == "duration"
        else travel.distance(here, problem.depot) or 0.0
    )
    return cost if clock <= end else None


def brute_force(problem: DeliveryProblem) -> tuple[int, float]:
    """The fewest unassigned deliveries, then the least cost, over every plan."""
    customers = [d.customer for d in problem.deliveries]
    vehicles = problem.vehicles
    best = (len(customers), 0.0)
    options = range(-1, len(vehicles))
    for assignment in itertools.product(options, repeat=len(customers)):
        left = assignment.count(-1)
        if left > best[0]:
            continue
        total = 0.0
        for k, vehicle in enumerate(vehicles):
            mine = [c for c, a in zip(customers, assignment, strict=True) if a == k]
            costs = [schedule(problem, vehicle, order) for order in itertools.permutations(mine)]
            feasible = [c for c in costs if c is not None]
            if not feasible:
                break
            total += min(feasible)
        else:
            best = min(best, (left, total))
    return best


@given(delivery_problems())
def test_check_accepts_every_plan(problem: DeliveryProblem) -> None:
    """Every plan plan_deliveries returns passes check_deliveries."""
    plan = plan_deliveries(problem, max_iterations=60, seed=3)
    assert [] == check_deliveries(problem, plan)
    assert plan.is_feasible() == (not plan.unassigned)
    short = sum(d.demand for d in problem.deliveries) > sum(v.capacity for v in problem.vehicles)
    for item in plan.unassigned:
        assert isinstance(item.reason, UnassignedReason)
        assert item.detail
        assert item.reason is not UnassignedReason.NOT_PLANNED
        if item.reason is UnassignedReason.FLEET_CAPACITY:
            assert short


@given(delivery_problems(), st.integers(0, 2**32))
@settings(max_examples=30)
def test_same_seed_same_plan(problem: DeliveryProblem, seed: int) -> None:
    """The same problem, seed and iteration budget give the same plan."""
    first = plan_deliveries(problem, max_iterations=40, seed=seed)
    second = plan_deliveries(problem, max_iterations=40, seed=seed)
    assert first == second
    assert first.summary() == second.summary()


@given(delivery_problems(max_customers=5, max_vehicles=2))
def test_optimal_on_tiny_problems(problem: DeliveryProblem) -> None:
    """On up to 5 deliveries and 2 vehicles the plan is optimal (brute force agrees)."""
    plan = plan_deliveries(problem, seed=1)
    left, cost = brute_force(problem)
    assert left == len(plan.unassigned)
    assert math.isclose(cost, plan.cost, rel_tol=1e-9, abs_tol=1e-6), (cost, plan.cost)


@given(delivery_problems(), st.data())
@settings(max_examples=50)
def test_check_rejects_a_stop_moved_out_of_its_windows(
    problem: DeliveryProblem, data: st.DataObject
) -> None:
    """Moving a stop's start past its last window's close is reported as a window breach."""
    plan = plan_deliveries(problem, max_iterations=30)
    stops = [(r, s) for r, route in enumerate(plan.routes) for s in range(len(route.stops))]
    if not stops:
        return
    r, s = data.draw(st.sampled_from(stops))
    route = plan.routes[r]
    stop = route.stops[s]
    delivery = problem.delivery(stop.customer)
    closes = max([b for _, b in delivery.windows] or [problem.end])
    start = closes + dt.timedelta(seconds=1)
    service = delivery.service
    moved = attrs.evolve(stop, start=start, arrival=start, departure=start + service)
    stops_after = list(route.stops)
    stops_after[s] = moved
    routes = list(plan.routes)
    routes[r] = attrs.evolve(route, stops=stops_after)
    found = check_deliveries(problem, attrs.evolve(plan, routes=routes))
    assert any(v.kind == "window" and v.customer == stop.customer for v in found)


@given(delivery_problems())
@settings(max_examples=50)
def test_check_flags_capacity_exactly_when_exceeded(problem: DeliveryProblem) -> None:
    """All deliveries on the first vehicle: a capacity violation iff the demand exceeds it."""
    vehicle = problem.vehicles[0]
    customers = [d.customer for d in problem.deliveries]
    plan = DeliveryPlan.from_sequences(problem, {vehicle.id: customers})
    over = sum(d.demand for d in problem.deliveries) > vehicle.capacity
    assert over == ("capacity" in kinds(problem, plan))
