"""Delivery routes for several vehicles: capacities, service times and time windows (VRPTW).

A :class:`DeliveryProblem` gathers a :class:`~deepmarketing.routing.TravelModel`, a depot,
:class:`Vehicle` records (capacity, working shift) and :class:`Delivery` records (demand,
service time, one or more time windows for the *start* of service; a vehicle that
arrives early waits). :func:`plan_deliveries` returns a frozen :class:`DeliveryPlan`: one
:class:`DeliveryRoute` per vehicle used, with the time of every stop, and the deliveries
it could not place (:class:`UnassignedDelivery`, each with an :class:`UnassignedReason` and
the figures behind it). Its verifier twin
:func:`check_deliveries` recomputes every load, time and total from the problem and lists
every :class:`DeliveryViolation`.

The search runs behind the :class:`DeliverySolver` protocol, so another backend can be
plugged in; the built-in one is :class:`RuinAndRecreate`.

Times inside the solver are float seconds from the horizon's start; the plan's times are
pendulum ``DateTime`` values (microseconds), so :func:`check_deliveries` compares times
with a tolerance of :data:`TIME_TOLERANCE` (1 ms).

Examples:
    >>> import pendulum
    >>> from decimal import Decimal
    >>> from deepmarketing.routing import (
    ...     Delivery,
    ...     DeliveryProblem,
    ...     TravelModel,
    ...     Vehicle,
    ...     check_deliveries,
    ...     plan_deliveries,
    ... )
    >>> travel = TravelModel.from_matrix(
    ...     [[0, 600, 900], [700, 0, 400], [900, 400, 0]], places=["depot", "a", "b"]
    ... )
    >>> nine = pendulum.datetime(2026, 7, 1, 9, tz="Asia/Shanghai")
    >>> problem = DeliveryProblem(
    ...     travel,
    ...     "depot",
    ...     vehicles=[Vehicle("van", Decimal(10))],
    ...     deliveries=[
    ...         Delivery("C-1", "a", demand=Decimal(4), service=pendulum.duration(minutes=5)),
    ...         Delivery("C-2", "b", demand=Decimal(5)),
    ...     ],
    ...     start=nine,
    ...     end=nine.add(hours=8),
    ... )
    >>> plan = plan_deliveries(problem, seed=0)
    >>> print(plan.summary())
    1 route, 2 deliveries, 0 unassigned; cost 1900 (travel time, s)
    van: depot 09:00 -> C-1 09:10-09:15 -> C-2 09:21-09:21 -> depot 09:36; load 9/10
    >>> check_deliveries(problem, plan), plan.is_feasible()
    ([], True)
"""

from __future__ import annotations

import datetime as dt
import enum
import math
import random
import time
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from decimal import Decimal
from functools import cached_property, partial
from typing import Any, Literal, Protocol, runtime_checkable

import attrs
import pendulum

from deepmarketing.errors import RoutingError
from deepmarketing.quantities import DECIMAL_CONTEXT, exact_sum, to_decimal
from deepmarketing.routing._budget import check_budget
from deepmarketing.routing._travel import TravelModel

__all__ = [
    "TIME_TOLERANCE",
    "Delivery",
    "DeliveryPlan",
    "DeliveryProblem",
    "DeliveryRoute",
    "DeliverySolver",
    "DeliveryStop",
    "DeliveryViolation",
    "RuinAndRecreate",
    "UnassignedDelivery",
    "UnassignedReason",
    "Vehicle",
    "check_deliveries",
    "plan_deliveries",
]

#: How far (seconds) a time in a plan may differ from its recomputed value in
#: :func:`check_deliveries`: DateTimes hold microseconds, the solver float seconds.
TIME_TOLERANCE = 0.001

#: Relative tolerance for recomputed distances, travel times and costs (float sums).
_REL = 1e-9

#: Slack of the solver's own float comparisons (seconds); far below TIME_TOLERANCE.
_EPS = 1e-7

#: How many problems one error message names before "and N more".
_MAX_NAMED = 20

Objective = Literal["duration", "distance"]
Window = tuple[dt.datetime, dt.datetime]


# -- small helpers --------------------------------------------------------------------------------


def _is_aware(value: object) -> bool:
    return (
        isinstance(value, dt.datetime)
        and value.tzinfo is not None
        and value.utcoffset() is not None
    )


def _pendulum(value: dt.datetime) -> pendulum.DateTime:
    return value if isinstance(value, pendulum.DateTime) else pendulum.instance(value)


def _seconds(delta: dt.timedelta) -> float:
    return delta.total_seconds()


def _hhmm(value: dt.datetime) -> str:
    return value.strftime("%H:%M")


def _quantity(value: Decimal) -> str:
    """A capacity, demand or load without trailing zeros or exponent: ``4``, ``2.5``."""
    return f"{value.normalize(DECIMAL_CONTEXT):f}"


def _number(value: float) -> str:
    """``1900`` for a whole number, else up to 3 decimals (``827.3``)."""
    rounded = round(value, 3)
    if rounded == int(rounded):
        return str(int(rounded))
    return f"{rounded:.3f}".rstrip("0")


def _to_tuple(value: Iterable[Any]) -> tuple[Any, ...]:
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise RoutingError(f"expected a sequence, got {value!r}")
    return tuple(value)


def _to_windows(value: Iterable[Any]) -> tuple[Any, ...]:
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise RoutingError(f"expected a sequence of (open, close) pairs, got {value!r}")
    return tuple(tuple(pair) if isinstance(pair, list) else pair for pair in value)


def _capacity(value: object) -> Decimal:
    return to_decimal(value, what="vehicle capacity")


def _demand(value: object) -> Decimal:
    return to_decimal(value, what="delivery demand")


def _raise_problems(problems: Sequence[str]) -> None:
    if len(problems) == 1:
        raise RoutingError(problems[0], record="delivery problem")
    if problems:
        shown = "; ".join(problems[:_MAX_NAMED])
        if len(problems) > _MAX_NAMED:
            shown += f"; and {len(problems) - _MAX_NAMED} more"
        raise RoutingError(f"{len(problems)} problems: {shown}", record="delivery problem")


# -- the problem ----------------------------------------------------------------------------------


@attrs.frozen
class Vehicle:
    """A vehicle: its id, its capacity and, optionally, its working shift.

    Args:
        id: The vehicle's id, any hashable key, unique in a problem.
        capacity: The most it can carry, in the unit of the deliveries' demand: a
            ``Decimal``, ``int`` or numeric string (a float raises ``AmountTypeError``).
        start: The earliest it may leave the depot, a time-zone-aware datetime; default
            the problem's horizon start.
        end: The latest it may be back at the depot; default the horizon end. A shift
            is clipped to the horizon.

    Examples:
        >>> import pendulum
        >>> van = Vehicle("V-1", 200, end=pendulum.datetime(2026, 7, 1, 17, tz="UTC"))
        >>> van.capacity, van.start
        (Decimal('200'), None)
        >>> Vehicle("V-2", 0.5)
        Traceback (most recent call last):
        ...
        deepmarketing.errors.AmountTypeError: vehicle capacity: expected a Decimal, ...
    """

    id: Hashable
    capacity: Decimal = attrs.field(converter=_capacity)
    start: dt.datetime | None = attrs.field(default=None, kw_only=True)
    end: dt.datetime | None = attrs.field(default=None, kw_only=True)


@attrs.frozen
class Delivery:
    """One customer's delivery: where, how much, how long it takes, and when it may start.

    Args:
        customer: The customer's id, any hashable key, unique in a problem.
        place: Where the delivery goes: a place of the problem's travel model.
        demand: How much it takes of a vehicle's capacity, >= 0 (``Decimal``, ``int`` or
            numeric string; a float raises ``AmountTypeError``).
        service: How long the stop takes once service starts (a ``timedelta`` or pendulum
            ``Duration``), >= 0.
        windows: When service may *start*: one or more ``(open, close)`` pairs of
            time-zone-aware datetimes, ``open <= close``, in any order (overlaps are
            merged). Arriving early means waiting for the next opening; service may end
            after the window closes. Empty (the default): any time in the horizon.

    Only types are checked here; :class:`DeliveryProblem` checks the values of all its
    deliveries together and reports every problem at once.

    Examples:
        >>> import pendulum
        >>> morning = (
        ...     pendulum.datetime(2026, 7, 1, 9, tz="UTC"),
        ...     pendulum.datetime(2026, 7, 1, 11, tz="UTC"),
        ... )
        >>> d = Delivery(
        ...     "C-1", 17, demand="2.5", service=pendulum.duration(minutes=10), windows=[morning]
        ... )
        >>> d.demand, d.service.total_seconds(), len(d.windows)
        (Decimal('2.5'), 600.0, 1)
    """

    customer: Hashable
    place: Hashable
    demand: Decimal = attrs.field(default=Decimal(0), kw_only=True, converter=_demand)
    service: dt.timedelta = attrs.field(default=dt.timedelta(0), kw_only=True)
    windows: tuple[Window, ...] = attrs.field(default=(), kw_only=True, converter=_to_windows)


def _window_problems(owner: str, windows: tuple[Any, ...]) -> list[str]:
    problems: list[str] = []
    for pair in windows:
        if not (isinstance(pair, tuple) and len(pair) == 2):
            problems.append(f"{owner}: window {pair!r} is not an (open, close) pair")
            continue
        opens, closes = pair
        if not (_is_aware(opens) and _is_aware(closes)):
            problems.append(
                f"{owner}: window {pair!r} has a naive or non-datetime end; expected "
                "time-zone-aware datetimes"
            )
        elif opens > closes:
            problems.append(f"{owner}: window opens at {opens} after it closes at {closes}")
    return problems


@attrs.frozen(repr=False)
class DeliveryProblem:
    """Everything a delivery plan needs: travel, depot, vehicles, deliveries, horizon.

    Every vehicle starts and ends at ``depot``. A plan's cost is the total of the
    ``objective`` over all legs driven: ``"duration"`` (travel seconds; waiting and
    service are not counted) or ``"distance"`` (metres, which the travel model must know;
    the Solomon benchmarks use distance).

    Args:
        travel: Durations (and distances) between the depot and the deliveries' places.
        depot: Where every route starts and ends: a place of ``travel``.
        vehicles: The fleet; each may serve one route.
        deliveries: What to deliver, one record per customer.
        start: The planning horizon's start, a time-zone-aware datetime; every time in
            the plan is measured from it.
        end: The horizon's end, not before ``start``.
        objective: ``"duration"`` (default) or ``"distance"``.

    Raises:
        RoutingError: Once, naming every problem: a depot or delivery place not in the
            travel model, a repeated vehicle or customer id, a negative capacity, demand
            or service time, a naive datetime, a reversed window, shift or horizon, an
            unknown objective, or ``"distance"`` without distances. A delivery that no
            vehicle can carry or reach in time is not an error: the plan lists it as
            unassigned with its reason.

    Examples:
        >>> import pendulum
        >>> travel = TravelModel.from_matrix([[0, 60], [60, 0]], places=["depot", "a"])
        >>> t0 = pendulum.datetime(2026, 7, 1, 8, tz="UTC")
        >>> DeliveryProblem(
        ...     travel, "depot", vehicles=[Vehicle("v", 5)],
        ...     deliveries=[Delivery("c", "a", demand=1)], start=t0, end=t0.add(hours=9),
        ... )
        <DeliveryProblem: 1 vehicle, 1 delivery, depot 'depot', objective duration>
        >>> DeliveryProblem(
        ...     travel, "hub", vehicles=[Vehicle("v", 5), Vehicle("v", -1)],
        ...     deliveries=[Delivery("c", "b", windows=[(t0.add(hours=2), t0)])],
        ...     start=t0, end=t0.add(hours=9), objective="distance",
        ... )
        Traceback (most recent call last):
        ...
        deepmarketing.errors.RoutingError: delivery problem: 6 problems: depot 'hub': is not a \
place of the travel model; objective 'distance' needs a travel model with distances; ...
    """

    travel: TravelModel
    depot: Hashable
    vehicles: tuple[Vehicle, ...] = attrs.field(kw_only=True, converter=_to_tuple)
    deliveries: tuple[Delivery, ...] = attrs.field(kw_only=True, converter=_to_tuple)
    start: dt.datetime = attrs.field(kw_only=True)
    end: dt.datetime = attrs.field(kw_only=True)
    objective: Objective = attrs.field(default="duration", kw_only=True)

    def __attrs_post_init__(self) -> None:
        _raise_problems(self._problems())

    def _problems(self) -> list[str]:
        problems: list[str] = []
        travel: Any = self.travel
        if not isinstance(travel, TravelModel):
            problems.append(f"travel: expected a TravelModel, got {type(travel).__name__}")
            return problems
        if self.depot not in travel:
            problems.append(f"depot {self.depot!r}: is not a place of the travel model")
        if self.objective not in ("duration", "distance"):
            problems.append(f"objective: expected 'duration' or 'distance', got {self.objective!r}")
        elif self.objective == "distance" and not travel.has_distances:
            problems.append("objective 'distance' needs a travel model with distances")
        horizon_ok = True
        for name, value in (("start", self.start), ("end", self.end)):
            if not _is_aware(value):
                problems.append(
                    f"horizon {name}: expected a time-zone-aware datetime, got {value!r}"
                )
                horizon_ok = False
        if horizon_ok and self.start > self.end:
            problems.append(f"horizon: starts at {self.start} after it ends at {self.end}")
        seen: set[Hashable] = set()
        vehicle: Any
        for vehicle in self.vehicles:
            if not isinstance(vehicle, Vehicle):
                problems.append(f"vehicles: expected Vehicle records, got {vehicle!r}")
                continue
            who = f"vehicle {vehicle.id!r}"
            if vehicle.id in seen:
                problems.append(f"{who}: is listed twice; expected each vehicle id once")
            seen.add(vehicle.id)
            if vehicle.capacity < 0:
                problems.append(f"{who}: capacity {vehicle.capacity} is negative")
            shift_ok = True
            for name, moment in (("start", vehicle.start), ("end", vehicle.end)):
                if moment is not None and not _is_aware(moment):
                    problems.append(
                        f"{who}: shift {name} {moment!r} is not a time-zone-aware datetime"
                    )
                    shift_ok = False
            if shift_ok and horizon_ok:
                begins = self.start if vehicle.start is None else vehicle.start
                ends = self.end if vehicle.end is None else vehicle.end
                if begins > ends:
                    problems.append(f"{who}: shift starts at {begins} after it ends at {ends}")
        customers: set[Hashable] = set()
        delivery: Any
        for delivery in self.deliveries:
            if not isinstance(delivery, Delivery):
                problems.append(f"deliveries: expected Delivery records, got {delivery!r}")
                continue
            who = f"delivery {delivery.customer!r}"
            if delivery.customer in customers:
                problems.append(f"{who}: is listed twice; expected each customer once")
            customers.add(delivery.customer)
            if delivery.place not in travel:
                problems.append(f"{who}: place {delivery.place!r} is not in the travel model")
            if delivery.demand < 0:
                problems.append(f"{who}: demand {delivery.demand} is negative")
            service: object = delivery.service
            if not isinstance(service, dt.timedelta):
                problems.append(f"{who}: service {service!r} is not a timedelta or Duration")
            elif service < dt.timedelta(0):
                problems.append(f"{who}: service time {service} is negative")
            problems.extend(_window_problems(who, delivery.windows))
        return problems

    def __repr__(self) -> str:
        v, d = len(self.vehicles), len(self.deliveries)
        return (
            f"<DeliveryProblem: {v} vehicle{'s' * (v != 1)}, {d} deliver"
            f"{'ies' if d != 1 else 'y'}, depot {self.depot!r}, objective {self.objective}>"
        )

    # -- conveniences used by the solver, the checker and the plan --------------------------

    def at(self, seconds: float) -> pendulum.DateTime:
        """The time ``seconds`` after the horizon start, as a pendulum DateTime.

        Examples:
            >>> import pendulum
            >>> t0 = pendulum.datetime(2026, 7, 1, 8, tz="Asia/Shanghai")
            >>> travel = TravelModel.from_matrix([[0]], places=["d"])
            >>> p = DeliveryProblem(travel, "d", vehicles=[], deliveries=[], start=t0, end=t0)
            >>> p.at(90.5).isoformat()
            '2026-07-01T08:01:30.500000+08:00'
        """
        return _pendulum(self.start) + dt.timedelta(seconds=seconds)

    def delivery(self, customer: Hashable) -> Delivery:
        """The delivery of ``customer``.

        Raises:
            RoutingError: If no delivery has that customer id.
        """
        for delivery in self.deliveries:
            if delivery.customer == customer:
                return delivery
        raise RoutingError("has no delivery in the problem", record=f"customer {customer!r}")

    def vehicle(self, vehicle_id: Hashable) -> Vehicle:
        """The vehicle with id ``vehicle_id``.

        Raises:
            RoutingError: If no vehicle has that id.
        """
        for vehicle in self.vehicles:
            if vehicle.id == vehicle_id:
                return vehicle
        raise RoutingError("is not in the problem", record=f"vehicle {vehicle_id!r}")


# -- the plan -------------------------------------------------------------------------------------


def _stops(value: Iterable[DeliveryStop]) -> tuple[DeliveryStop, ...]:
    return tuple(value)


def _routes(value: Iterable[DeliveryRoute]) -> tuple[DeliveryRoute, ...]:
    return tuple(value)


def _left(value: Iterable[UnassignedDelivery]) -> tuple[UnassignedDelivery, ...]:
    return tuple(value)


@attrs.frozen
class DeliveryStop:
    """One stop of a route: when the vehicle arrives, starts service and leaves.

    Examples:
        >>> import pendulum
        >>> t = pendulum.datetime(2026, 7, 1, 9, tz="UTC")
        >>> stop = DeliveryStop(
        ...     "C-1", "a", arrival=t, start=t.add(minutes=5), departure=t.add(minutes=15)
        ... )
        >>> stop.wait.total_seconds()
        300.0
    """

    customer: Hashable
    place: Hashable
    arrival: dt.datetime = attrs.field(kw_only=True)
    start: dt.datetime = attrs.field(kw_only=True)
    departure: dt.datetime = attrs.field(kw_only=True)

    @property
    def wait(self) -> dt.timedelta:
        """How long the vehicle waits for the window to open (start - arrival)."""
        return self.start - self.arrival


@attrs.frozen
class DeliveryRoute:
    """The route of one vehicle: it leaves the depot, serves its stops in order, returns.

    Args:
        vehicle: The vehicle's id.
        stops: The stops in visiting order.
        leaves: When it leaves the depot.
        returns: When it is back at the depot.
        load: The total demand of its stops.
        travel_time: Seconds spent driving (the sum of the legs' durations).
        distance: Metres driven, or ``None`` when the travel model has no distances.

    Examples:
        >>> import pendulum
        >>> t = pendulum.datetime(2026, 7, 1, 9, tz="UTC")
        >>> route = DeliveryRoute(
        ...     "van",
        ...     (),
        ...     leaves=t,
        ...     returns=t.add(hours=2),
        ...     load=Decimal(0),
        ...     travel_time=0.0,
        ...     distance=None,
        ... )
        >>> route.duration
        Duration(hours=2)
    """

    vehicle: Hashable
    stops: tuple[DeliveryStop, ...] = attrs.field(converter=_stops)
    leaves: dt.datetime = attrs.field(kw_only=True)
    returns: dt.datetime = attrs.field(kw_only=True)
    load: Decimal = attrs.field(kw_only=True)
    travel_time: float = attrs.field(kw_only=True)
    distance: float | None = attrs.field(kw_only=True)

    @property
    def duration(self) -> pendulum.Duration:
        """From leaving the depot to being back (driving, waiting and service)."""
        return pendulum.duration(seconds=(self.returns - self.leaves).total_seconds())

    @property
    def customers(self) -> tuple[Hashable, ...]:
        """The customers in visiting order."""
        return tuple(stop.customer for stop in self.stops)


class UnassignedReason(enum.StrEnum):
    """Why a delivery is left out of the plan.

    The first five hold for the delivery on its own, whatever the other deliveries; the
    next two say that it could be served alone but not together with the others.
    """

    NO_VEHICLE = "no_vehicle"
    """The problem has no vehicle."""
    DEMAND_EXCEEDS_CAPACITY = "demand_exceeds_capacity"
    """Its demand is more than the largest vehicle's capacity."""
    OUTSIDE_HORIZON = "outside_horizon"
    """Every time window lies outside the planning horizon."""
    WINDOW_CLOSED = "window_closed"
    """Every window closes before the earliest possible arrival from the depot."""
    SHIFT_TOO_SHORT = "shift_too_short"
    """No vehicle that can carry it can serve it, even alone, and be back at the depot
    before its shift ends."""
    FLEET_CAPACITY = "fleet_capacity"
    """A vehicle could serve it alone, but the deliveries a vehicle could serve alone need
    more than the fleet's total capacity, so some are left out, this one among them."""
    NOT_FITTED = "not_fitted"
    """A vehicle could serve it alone and the fleet's total capacity would do, but no
    route has the room and the time for it: the schedules are too tight."""
    NOT_PLANNED = "not_planned"
    """Not in the visiting orders given to :meth:`DeliveryPlan.from_sequences`."""


@attrs.frozen
class UnassignedDelivery:
    """A delivery the plan leaves out, with the reason and the figures behind it.

    Examples:
        >>> item = UnassignedDelivery(
        ...     "C-9",
        ...     UnassignedReason.DEMAND_EXCEEDS_CAPACITY,
        ...     detail="demand 250 exceeds every vehicle's capacity (at most 200)",
        ... )
        >>> print(item)
        C-9: demand_exceeds_capacity: demand 250 exceeds every vehicle's capacity (at most 200)
    """

    customer: Hashable
    reason: UnassignedReason = attrs.field(validator=attrs.validators.instance_of(UnassignedReason))
    detail: str = attrs.field(kw_only=True)

    def __str__(self) -> str:
        return f"{self.customer}: {self.reason.value}: {self.detail}"


@attrs.frozen
class DeliveryViolation:
    """One way a plan breaks its problem's rules, found by :func:`check_deliveries`.

    Args:
        kind: What is broken, a short stable code: ``"capacity"`` (load over the
            vehicle's capacity), ``"window"`` (service starts outside every window),
            ``"arrival"``, ``"start"``, ``"departure"``, ``"return"`` (a time that is not
            the one the travel and service times give), ``"shift_start"`` (leaves the
            depot before the shift starts), ``"shift_end"`` (back after it ends),
            ``"duplicate"`` (served more than once, or served and listed as unassigned,
            or listed twice), ``"missing"`` (neither served nor listed as unassigned),
            ``"unknown_customer"``, ``"unknown_vehicle"``, ``"vehicle_reused"`` (two
            routes for one vehicle), ``"place"`` (a stop away from the delivery's place)
            or ``"totals"`` (a load, travel time, distance or cost that does not add up).
        detail: What was expected and what the plan says.
        customer: The customer at fault, if any.
        vehicle: The vehicle at fault, if any.

    Examples:
        >>> print(DeliveryViolation("capacity", "load 12 exceeds capacity 10", vehicle="van"))
        vehicle 'van': capacity: load 12 exceeds capacity 10
    """

    kind: str
    detail: str
    customer: Hashable = attrs.field(default=None, kw_only=True)
    vehicle: Hashable = attrs.field(default=None, kw_only=True)

    def __str__(self) -> str:
        where = []
        if self.customer is not None:
            where.append(f"customer {self.customer!r}")
        if self.vehicle is not None:
            where.append(f"vehicle {self.vehicle!r}")
        prefix = f"{', '.join(where)}: " if where else ""
        return f"{prefix}{self.kind}: {self.detail}"


@attrs.frozen(repr=False)
class DeliveryPlan:
    """The routes of a delivery problem, the deliveries left out, and the cost.

    Build one with :func:`plan_deliveries`, or from given visiting orders with
    :meth:`from_sequences`.

    Args:
        problem: The problem the plan answers.
        routes: One route per vehicle used.
        unassigned: The deliveries left out, each with its reason.
        cost: The total of the problem's objective over every route's legs.

    Examples:
        >>> import pendulum
        >>> travel = TravelModel.from_matrix([[0, 60], [60, 0]], places=["depot", "a"])
        >>> t0 = pendulum.datetime(2026, 7, 1, 8, tz="UTC")
        >>> problem = DeliveryProblem(
        ...     travel,
        ...     "depot",
        ...     vehicles=[Vehicle("v", 5)],
        ...     deliveries=[Delivery("c", "a", demand=1)],
        ...     start=t0,
        ...     end=t0.add(hours=9),
        ... )
        >>> plan = DeliveryPlan.from_sequences(problem, {"v": ["c"]})
        >>> plan.cost, plan.vehicles_used, plan.is_feasible()
        (120.0, 1, True)
        >>> plan
        <DeliveryPlan: 1 route, 1 delivery, 0 unassigned, cost 120>
    """

    problem: DeliveryProblem = attrs.field(eq=False)
    routes: tuple[DeliveryRoute, ...] = attrs.field(converter=_routes, kw_only=True)
    unassigned: tuple[UnassignedDelivery, ...] = attrs.field(converter=_left, kw_only=True)
    cost: float = attrs.field(kw_only=True)

    @classmethod
    def from_sequences(
        cls,
        problem: DeliveryProblem,
        sequences: Mapping[Hashable, Sequence[Hashable]],
        *,
        unassigned: Iterable[UnassignedDelivery] = (),
    ) -> DeliveryPlan:
        """Schedule given visiting orders as early as their windows allow.

        Each vehicle leaves the depot at its shift start, or later when it would
        otherwise wait at its first stop; every service starts at the arrival or at the
        next window opening. Nothing is checked: a stop that misses every window starts
        at its arrival, and :func:`check_deliveries` reports it. This is how another
        solver (or a stored solution) becomes a plan.

        Args:
            problem: The problem.
            sequences: Each used vehicle's id and its customers in visiting order.
            unassigned: Why customers are left out, as the solver knows it; a record for
                a customer in a route is ignored. A customer in neither gets the reason
                no vehicle can serve it even alone (as :func:`plan_deliveries` gives it)
                or, if a vehicle could, :attr:`UnassignedReason.NOT_PLANNED`.

        Returns:
            The plan, its routes in the problem's vehicle order.

        Raises:
            RoutingError: A vehicle or customer that is not in the problem.

        Examples:
            >>> import pendulum
            >>> t0 = pendulum.datetime(2026, 7, 1, 8, tz="UTC")
            >>> travel = TravelModel.from_matrix(
            ...     [[0, 60, 60], [60, 0, 30], [60, 30, 0]], places=["d", "a", "b"]
            ... )
            >>> problem = DeliveryProblem(
            ...     travel,
            ...     "d",
            ...     vehicles=[Vehicle("v", 9)],
            ...     deliveries=[Delivery("A", "a"), Delivery("B", "b")],
            ...     start=t0,
            ...     end=t0.add(hours=1),
            ... )
            >>> plan = DeliveryPlan.from_sequences(problem, {"v": ["B"]})
            >>> plan.cost, [str(item) for item in plan.unassigned]
            (120.0, ['A: not_planned: not in any route'])
        """
        compiled = _Compiled(problem)
        index = {d.customer: i + 1 for i, d in enumerate(problem.deliveries)}
        by_vehicle = {v.id: k for k, v in enumerate(problem.vehicles)}
        chosen: dict[int, list[int]] = {}
        for vehicle_id, customers in sequences.items():
            if vehicle_id not in by_vehicle:
                raise RoutingError("is not in the problem", record=f"vehicle {vehicle_id!r}")
            nodes = []
            for customer in customers:
                if customer not in index:
                    raise RoutingError(
                        "has no delivery in the problem", record=f"customer {customer!r}"
                    )
                nodes.append(index[customer])
            chosen[by_vehicle[vehicle_id]] = nodes
        routes = [(k, chosen[k]) for k in sorted(chosen)]
        served = {c for _, nodes in routes for c in nodes}
        given = {item.customer: item for item in unassigned}
        left = []
        for i, d in enumerate(problem.deliveries):
            if i + 1 in served:
                continue
            item = given.get(d.customer)
            if item is None:
                reason, detail = compiled.alone.get(
                    i + 1, (UnassignedReason.NOT_PLANNED, "not in any route")
                )
                item = UnassignedDelivery(d.customer, reason, detail=detail)
            left.append(item)
        return compiled.plan(routes, left)

    @property
    def objective(self) -> Objective:
        """What :attr:`cost` totals: ``"duration"`` (seconds) or ``"distance"``."""
        return self.problem.objective

    @property
    def vehicles_used(self) -> int:
        """How many vehicles have a route."""
        return len(self.routes)

    @property
    def travel_time(self) -> float:
        """Seconds of driving over all routes."""
        return math.fsum(route.travel_time for route in self.routes)

    @property
    def distance(self) -> float | None:
        """Metres driven over all routes, or ``None`` without distances."""
        if any(route.distance is None for route in self.routes):
            return None
        return math.fsum(route.distance or 0.0 for route in self.routes)

    @property
    def load(self) -> Decimal:
        """The total demand delivered."""
        return exact_sum(route.load for route in self.routes)

    def is_feasible(self) -> bool:
        """True iff every delivery is assigned and :func:`check_deliveries` finds nothing."""
        return not self.unassigned and not check_deliveries(self.problem, self)

    def summary(self) -> str:
        """A few human-readable lines: totals, then one line per route and per left-out.

        Loads and capacities are shown without trailing zeros (``load 4/5``, ``2.5/3``).

        Examples:
            See the module's example.
        """
        served = sum(len(route.stops) for route in self.routes)
        unit = "travel time, s" if self.objective == "duration" else "distance"
        n = len(self.routes)
        head = (
            f"{n} route{'s' * (n != 1)}, {served} deliver{'ies' if served != 1 else 'y'}, "
            f"{len(self.unassigned)} unassigned; cost {_number(self.cost)} ({unit})"
        )
        lines = [head]
        capacities = {v.id: v.capacity for v in self.problem.vehicles}
        depot = self.problem.depot
        for route in self.routes:
            parts = [f"{depot} {_hhmm(route.leaves)}"]
            parts.extend(
                f"{stop.customer} {_hhmm(stop.start)}-{_hhmm(stop.departure)}"
                for stop in route.stops
            )
            parts.append(f"{depot} {_hhmm(route.returns)}")
            capacity = capacities.get(route.vehicle)
            shown = "?" if capacity is None else _quantity(capacity)
            load = _quantity(route.load)
            lines.append(f"{route.vehicle}: {' -> '.join(parts)}; load {load}/{shown}")
        lines.extend(f"unassigned {item}" for item in self.unassigned)
        return "\n".join(lines)

    def __repr__(self) -> str:
        served = sum(len(route.stops) for route in self.routes)
        n = len(self.routes)
        return (
            f"<DeliveryPlan: {n} route{'s' * (n != 1)}, {served} deliver"
            f"{'ies' if served != 1 else 'y'}, {len(self.unassigned)} unassigned, "
            f"cost {_number(self.cost)}>"
        )


# -- the verifier ---------------------------------------------------------------------------------


def check_deliveries(problem: DeliveryProblem, plan: DeliveryPlan) -> list[DeliveryViolation]:
    """Every way ``plan`` breaks the rules of ``problem``; empty if it keeps them all.

    The verifier twin of :func:`plan_deliveries`, written independently of the solver:
    it recomputes each route from the travel model and the records and compares.
    Times may differ from the recomputed ones by :data:`TIME_TOLERANCE` (1 ms);
    distances, travel times and the cost by a relative 1e-9.

    Checked, for every route: the vehicle exists and has one route; it leaves no earlier
    than its shift start and is back no later than its shift end; each stop's customer
    exists and its place is the delivery's; each arrival is the previous departure plus
    the travel time; service starts no earlier than the arrival and inside a window;
    each departure is the start plus the service time; the return is the last
    departure plus the trip to the depot; the load equals the demands' sum and fits the
    capacity; the travel time and distance are the sums of the legs. Over the plan:
    every customer is served once or listed as unassigned (not both, not twice), and
    the cost is the objective's total. A delivery listed as unassigned is not a
    violation (the plan says so); :meth:`DeliveryPlan.is_feasible` is false for it.

    Args:
        problem: The problem.
        plan: The plan to check, from any solver or built by hand.

    Returns:
        Every violation found, route by route in visiting order, then plan-wide ones.

    Examples:
        >>> import pendulum
        >>> t0 = pendulum.datetime(2026, 7, 1, 8, tz="UTC")
        >>> travel = TravelModel.from_matrix([[0, 60], [60, 0]], places=["d", "a"])
        >>> window = (t0.add(minutes=10), t0.add(minutes=20))
        >>> problem = DeliveryProblem(
        ...     travel, "d", vehicles=[Vehicle("v", 1)],
        ...     deliveries=[Delivery("A", "a", demand=2, windows=[window])],
        ...     start=t0, end=t0.add(hours=1),
        ... )
        >>> plan = DeliveryPlan.from_sequences(problem, {"v": ["A"]})
        >>> for violation in check_deliveries(problem, plan):
        ...     print(violation)
        vehicle 'v': capacity: load 2 exceeds capacity 1
        >>> late = attrs.evolve(problem, deliveries=[Delivery("A", "a", windows=[(t0, t0)])])
        >>> bad = DeliveryPlan.from_sequences(late, {"v": ["A"]})
        >>> [str(v) for v in check_deliveries(late, bad)]
        ["customer 'A', vehicle 'v': window: service starts at 08:01:00, expected in a \
window: 08:00:00-08:00:00"]
    """
    violations: list[DeliveryViolation] = []
    travel = problem.travel
    t0 = problem.start
    vehicles = {v.id: v for v in problem.vehicles}
    deliveries = {d.customer: d for d in problem.deliveries}
    depot = problem.depot
    with_distance = travel.has_distances
    served: Counter[Hashable] = Counter()
    used: Counter[Hashable] = Counter()
    total = 0.0

    def late(a: dt.datetime, b: dt.datetime) -> bool:
        """Whether ``a`` is after ``b`` by more than the tolerance."""
        return (a - b).total_seconds() > TIME_TOLERANCE

    def differs(a: dt.datetime, expected_seconds: float) -> bool:
        return abs((a - t0).total_seconds() - expected_seconds) > TIME_TOLERANCE

    def clock(value: dt.datetime) -> str:
        return value.strftime("%H:%M:%S")

    for route in plan.routes:
        vid = route.vehicle
        used[vid] += 1
        vehicle = vehicles.get(vid)
        if vehicle is None:
            violations.append(
                DeliveryViolation("unknown_vehicle", "is not in the problem", vehicle=vid)
            )
        elif used[vid] == 2:
            violations.append(
                DeliveryViolation("vehicle_reused", "has more than one route", vehicle=vid)
            )
        shift_start = problem.start if vehicle is None or vehicle.start is None else vehicle.start
        shift_end = problem.end if vehicle is None or vehicle.end is None else vehicle.end
        if late(shift_start, route.leaves):
            violations.append(
                DeliveryViolation(
                    "shift_start",
                    f"leaves the depot at {clock(route.leaves)}, before its shift starts at "
                    f"{clock(shift_start)}",
                    vehicle=vid,
                )
            )
        here = depot
        clock_s = (route.leaves - t0).total_seconds()
        travel_time = 0.0
        distance = 0.0
        load = Decimal(0)
        for stop in route.stops:
            customer = stop.customer
            served[customer] += 1
            delivery = deliveries.get(customer)
            if delivery is None:
                violations.append(
                    DeliveryViolation(
                        "unknown_customer",
                        "has no delivery in the problem",
                        customer=customer,
                        vehicle=vid,
                    )
                )
                continue
            if stop.place != delivery.place:
                violations.append(
                    DeliveryViolation(
                        "place",
                        f"stop at {stop.place!r}, expected the delivery's place {delivery.place!r}",
                        customer=customer,
                        vehicle=vid,
                    )
                )
            place = delivery.place
            leg = travel.duration(here, place)
            travel_time += leg
            distance += travel.distance(here, place) or 0.0
            clock_s += leg
            if differs(stop.arrival, clock_s):
                violations.append(
                    DeliveryViolation(
                        "arrival",
                        f"arrives at {clock(stop.arrival)}, expected "
                        f"{clock(problem.at(clock_s))} (previous departure + {leg:g} s)",
                        customer=customer,
                        vehicle=vid,
                    )
                )
            if late(stop.arrival, stop.start):
                violations.append(
                    DeliveryViolation(
                        "start",
                        f"service starts at {clock(stop.start)}, before the arrival at "
                        f"{clock(stop.arrival)}",
                        customer=customer,
                        vehicle=vid,
                    )
                )
            windows = delivery.windows or ((problem.start, problem.end),)
            if not any(
                not late(opens, stop.start) and not late(stop.start, closes)
                for opens, closes in windows
            ):
                shown = ", ".join(f"{clock(a)}-{clock(b)}" for a, b in windows)
                violations.append(
                    DeliveryViolation(
                        "window",
                        f"service starts at {clock(stop.start)}, expected in a window: {shown}",
                        customer=customer,
                        vehicle=vid,
                    )
                )
            if (
                abs((stop.departure - stop.start).total_seconds() - _seconds(delivery.service))
                > TIME_TOLERANCE
            ):
                violations.append(
                    DeliveryViolation(
                        "departure",
                        f"leaves at {clock(stop.departure)}, expected the start "
                        f"{clock(stop.start)} + service {delivery.service}",
                        customer=customer,
                        vehicle=vid,
                    )
                )
            clock_s = (stop.departure - t0).total_seconds()
            load += delivery.demand
            here = place
        leg = travel.duration(here, depot)
        travel_time += leg
        distance += travel.distance(here, depot) or 0.0
        clock_s += leg
        if differs(route.returns, clock_s):
            violations.append(
                DeliveryViolation(
                    "return",
                    f"back at the depot at {clock(route.returns)}, expected "
                    f"{clock(problem.at(clock_s))}",
                    vehicle=vid,
                )
            )
        if late(route.returns, shift_end):
            violations.append(
                DeliveryViolation(
                    "shift_end",
                    f"back at the depot at {clock(route.returns)}, after its shift ends at "
                    f"{clock(shift_end)}",
                    vehicle=vid,
                )
            )
        if load != route.load:
            violations.append(
                DeliveryViolation(
                    "totals",
                    f"load {_quantity(route.load)}, expected {_quantity(load)}",
                    vehicle=vid,
                )
            )
        if vehicle is not None and load > vehicle.capacity:
            violations.append(
                DeliveryViolation(
                    "capacity",
                    f"load {_quantity(load)} exceeds capacity {_quantity(vehicle.capacity)}",
                    vehicle=vid,
                )
            )
        if not math.isclose(route.travel_time, travel_time, rel_tol=_REL, abs_tol=1e-6):
            violations.append(
                DeliveryViolation(
                    "totals",
                    f"travel time {route.travel_time:g} s, expected {travel_time:g}",
                    vehicle=vid,
                )
            )
        expected_distance = distance if with_distance else None
        if (route.distance is None) != (expected_distance is None) or (
            route.distance is not None
            and expected_distance is not None
            and not math.isclose(route.distance, expected_distance, rel_tol=_REL, abs_tol=1e-6)
        ):
            violations.append(
                DeliveryViolation(
                    "totals",
                    f"distance {route.distance}, expected {expected_distance}",
                    vehicle=vid,
                )
            )
        total += distance if problem.objective == "distance" else travel_time
    left: Counter[Hashable] = Counter(item.customer for item in plan.unassigned)
    for customer, count in served.items():
        if count > 1 and customer in deliveries:
            violations.append(
                DeliveryViolation(
                    "duplicate", f"is served {count} times, expected once", customer=customer
                )
            )
    for customer, count in left.items():
        if customer not in deliveries:
            violations.append(
                DeliveryViolation(
                    "unknown_customer",
                    "is listed as unassigned but has no delivery",
                    customer=customer,
                )
            )
        elif served[customer]:
            violations.append(
                DeliveryViolation(
                    "duplicate", "is served and also listed as unassigned", customer=customer
                )
            )
        elif count > 1:
            violations.append(
                DeliveryViolation(
                    "duplicate", f"is listed as unassigned {count} times", customer=customer
                )
            )
    violations.extend(
        DeliveryViolation("missing", "is neither served nor listed as unassigned", customer=c)
        for c in deliveries
        if not served[c] and not left[c]
    )
    if not math.isclose(plan.cost, total, rel_tol=_REL, abs_tol=1e-6):
        violations.append(
            DeliveryViolation(
                "totals", f"cost {plan.cost:g}, expected {total:g} ({problem.objective})"
            )
        )
    return violations


# -- solvers --------------------------------------------------------------------------------------


@runtime_checkable
class DeliverySolver(Protocol):
    """What :func:`plan_deliveries` needs from a solver backend: an object with ``solve``.

    The built-in backend is :class:`RuinAndRecreate`. To plug in another engine, say
    OR-Tools' routing library or PyVRP, write a class with a method
    ``solve(problem, *, time_limit, seed, max_iterations)`` that returns a
    :class:`DeliveryPlan` of that very ``problem``, and pass an instance as
    ``plan_deliveries(problem, solver=...)``:

    - The arguments come checked by :func:`plan_deliveries`: ``time_limit`` is ``None``
      or seconds > 0 (for the engine's own time limit), ``seed`` an int (for its random
      seed), ``max_iterations`` ``None`` or a whole number > 0 (its iteration limit,
      if it has one). Each may be ignored by an engine without the setting.
    - Build the engine's model from the problem: ``problem.travel.durations_matrix()``
      (seconds; ``distances_matrix()`` for the ``"distance"`` objective) reindexed to
      ``[problem.depot, *(d.place for d in problem.deliveries)]``, each
      :class:`Vehicle`'s capacity and shift, each :class:`Delivery`'s demand, service
      time and windows, measured from ``problem.start`` (OR-Tools wants integers:
      scale demands and round times, and let the verifier have the last word). Allow
      the engine to drop a delivery (a large penalty), since the plan may leave some out.
    - Return ``DeliveryPlan.from_sequences(problem, {vehicle_id: [customer, ...]},
      unassigned=[...])``: each used vehicle's customers in the order the engine found.
      It schedules every stop as early as the windows allow and computes the loads,
      totals and cost; customers in no route get an :class:`UnassignedDelivery` with the
      reason when no vehicle could serve them alone, else ``NOT_PLANNED``, unless
      ``unassigned`` gives a record with a better reason.

    :func:`check_deliveries` then verifies the backend's plan like any other. The
    protocol is ``runtime_checkable``: ``isinstance`` checks that ``solve`` exists, not
    its signature.

    Examples:
        >>> import pendulum
        >>> class OneVan:
        ...     # A toy backend: the first vehicle takes everything, in the problem's order.
        ...     def solve(self, problem, *, time_limit, seed, max_iterations):
        ...         orders = {problem.vehicles[0].id: [d.customer for d in problem.deliveries]}
        ...         return DeliveryPlan.from_sequences(problem, orders)
        >>> isinstance(OneVan(), DeliverySolver), isinstance(RuinAndRecreate(), DeliverySolver)
        (True, True)
        >>> t0 = pendulum.datetime(2026, 7, 1, 8, tz="UTC")
        >>> problem = DeliveryProblem(
        ...     TravelModel.from_matrix([[0, 60], [60, 0]], places=["depot", "a"]),
        ...     "depot",
        ...     vehicles=[Vehicle("van", 5)],
        ...     deliveries=[Delivery("C-1", "a", demand=2)],
        ...     start=t0,
        ...     end=t0.add(hours=1),
        ... )
        >>> plan = plan_deliveries(problem, solver=OneVan())
        >>> plan.routes[0].customers, plan.cost, check_deliveries(problem, plan)
        (('C-1',), 120.0, [])
    """

    def solve(
        self,
        problem: DeliveryProblem,
        *,
        time_limit: float | None,
        seed: int,
        max_iterations: int | None,
    ) -> DeliveryPlan:
        """Plan ``problem``; see :func:`plan_deliveries` for the arguments."""
        ...  # pragma: no cover


def _positive(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
        raise RoutingError(f"{attribute.name} must be a positive number, got {value!r}")


@attrs.frozen
class RuinAndRecreate:
    """The built-in solver: slack-induced string removals and greedy reinsertion (SISR).

    Each iteration removes a few strings of consecutive customers near a random seed
    customer from different routes, reinserts the removed customers one by one at the
    cheapest feasible place (skipping each candidate place with a small "blink"
    probability), and accepts the result by simulated annealing; the best plan seen is
    returned. Christiaens and Vanden Berghe (2020), *Slack induction by string removals
    for vehicle routing problems*, Transportation Science 54(2).

    Args:
        average_removed: The average number of customers an iteration removes.
        max_string: The longest string removed from one route.
        blink_rate: The probability of skipping a candidate insertion place.
        start_temperature: The annealing temperature at the start, as a fraction of
            the average cost of one leg of the first plan.
        end_temperature: The temperature at the end, the same way.
        iterations_per_customer: The iteration budget per delivery when neither
            ``time_limit`` nor ``max_iterations`` is given.

    Examples:
        >>> RuinAndRecreate(average_removed=8).max_string
        10
    """

    average_removed: float = attrs.field(default=10.0, kw_only=True, validator=_positive)
    max_string: int = attrs.field(default=10, kw_only=True, validator=_positive)
    blink_rate: float = attrs.field(default=0.01, kw_only=True)
    start_temperature: float = attrs.field(default=3.0, kw_only=True, validator=_positive)
    end_temperature: float = attrs.field(default=0.01, kw_only=True, validator=_positive)
    iterations_per_customer: int = attrs.field(default=200, kw_only=True, validator=_positive)

    def solve(
        self,
        problem: DeliveryProblem,
        *,
        time_limit: float | None,
        seed: int,
        max_iterations: int | None,
    ) -> DeliveryPlan:
        """Plan ``problem``; see :func:`plan_deliveries`.

        Raises:
            RoutingError: If ``time_limit`` or ``max_iterations`` is not a positive
                number (checked here too, for a direct call).
        """
        began = time.perf_counter()
        limit, budget = check_budget(time_limit, max_iterations, record="RuinAndRecreate")
        deadline = None if limit is None else began + limit
        compiled = _Compiled(problem)
        if budget is None and deadline is None:
            budget = self.iterations_per_customer * max(1, len(problem.deliveries))
        search = _Search(compiled, self, random.Random(seed))
        routes, left = search.run(deadline=deadline, limit=limit, budget=budget)
        return compiled.plan(routes, compiled.left_out(routes, left))


def plan_deliveries(
    problem: DeliveryProblem,
    *,
    time_limit: float | None = None,
    seed: int = 0,
    max_iterations: int | None = None,
    solver: DeliverySolver | None = None,
) -> DeliveryPlan:
    """Routes for the vehicles of ``problem`` that serve its deliveries at the least cost.

    Minimises the total of the problem's objective (travel seconds or distance) with at
    most one route per vehicle, every route within its vehicle's capacity and shift and
    every service starting inside one of its windows. Serving a delivery always comes
    first: a delivery is left out only when no vehicle can take it or it could not be
    fitted, and the plan names the reason (an :class:`UnassignedReason`) and the figures.

    Args:
        problem: The problem.
        time_limit: Seconds of wall-clock time for the search; the result then depends
            on the machine's speed. The construction always finishes, so a tiny limit
            can be overrun.
        seed: Seeds the only random source.
        max_iterations: Iterations of the search. When neither this nor ``time_limit``
            is given, 200 per delivery apply. With a budget and no time limit, the same
            inputs and seed give the same plan on every machine. When both are given,
            whichever ends first stops the search.
        solver: A :class:`DeliverySolver` backend; default :class:`RuinAndRecreate`.

    Returns:
        The plan: its routes in the problem's vehicle order (a vehicle without stops has
        no route), the unassigned deliveries in the problem's order.

    Raises:
        RoutingError: If ``time_limit`` or ``max_iterations`` is not a positive number
            (``time_limit`` also finite; ``max_iterations`` a whole number), with
            ``record="plan_deliveries"``, as :func:`~deepmarketing.routing.plan_day`.

    Notes:
        The built-in search keeps, for each route, the earliest possible start of
        service at each stop (forward) and the latest start that keeps the rest of the
        route feasible (backward), so whether a customer fits between two stops is
        known in constant time; an insertion pass over all routes costs O(n), and one
        iteration (about 10 customers removed and reinserted) takes about 0.2 ms on 100
        customers. The ruin step walks the seed customer's neighbour list (customers by
        cost both ways). There is no cost per vehicle: the fleet is a limit, not an
        objective. On the Solomon instances C101, R101, RC101 and R201 (100 customers,
        DIMACS distances) with ``time_limit=10`` the geometric-mean gap to the
        best-known distances is 0.4% to 0.7% depending on the seed, every plan
        feasible (``benchmarks/solomon_vrptw.py``).

    Examples:
        >>> import pendulum
        >>> t0 = pendulum.datetime(2026, 7, 1, 8, tz="UTC")
        >>> travel = TravelModel.from_matrix(
        ...     [[0, 10, 10, 10], [10, 0, 1, 14], [10, 2, 0, 14], [10, 14, 14, 0]],
        ...     places=["d", "a", "b", "c"],
        ... )
        >>> problem = DeliveryProblem(
        ...     travel, "d", vehicles=[Vehicle("v1", 2), Vehicle("v2", 2)],
        ...     deliveries=[Delivery(p.upper(), p, demand=1) for p in "abc"]
        ...     + [Delivery("Z", "c", demand=3)],
        ...     start=t0, end=t0.add(hours=1),
        ... )
        >>> plan = plan_deliveries(problem, max_iterations=100)
        >>> [route.customers for route in plan.routes], plan.cost
        ([('A', 'B'), ('C',)], 41.0)
        >>> for item in plan.unassigned:
        ...     print(item)
        Z: demand_exceeds_capacity: demand 3 exceeds every vehicle's capacity (at most 2)
        >>> plan_deliveries(problem, time_limit=0)
        Traceback (most recent call last):
        ...
        deepmarketing.errors.RoutingError: plan_deliveries: expected time_limit to be a number \
of seconds > 0 or None, got 0
    """
    limit, budget = check_budget(time_limit, max_iterations, record="plan_deliveries")
    chosen: DeliverySolver = RuinAndRecreate() if solver is None else solver
    return chosen.solve(problem, time_limit=limit, seed=seed, max_iterations=budget)


# -- the compiled problem: integers and floats for the search -------------------------------------


def _scale(values: Iterable[Decimal]) -> int:
    """The power of ten that makes every value an integer."""
    places = 0
    for value in values:
        exponent = value.as_tuple().exponent
        if isinstance(exponent, int) and exponent < 0:
            places = max(places, -exponent)
    return int(10**places)


class _Compiled:
    """A problem as plain lists: node 0 is the depot, node i is delivery i - 1."""

    def __init__(self, problem: DeliveryProblem) -> None:
        self.problem = problem
        travel = problem.travel
        deliveries = problem.deliveries
        t0 = problem.start
        horizon = _seconds(problem.end - t0)
        self.horizon = horizon
        places = [problem.depot, *(d.place for d in deliveries)]
        at = [travel.index(p) for p in places]
        full_t = travel.durations_matrix()
        self.tm = [[full_t[i][j] for j in at] for i in at]
        full_d = travel.distances_matrix()
        self.dist = None if full_d is None else [[full_d[i][j] for j in at] for i in at]
        self.cm = self.dist if problem.objective == "distance" and self.dist else self.tm
        self.sv = [0.0, *(_seconds(d.service) for d in deliveries)]
        scale = _scale([*(d.demand for d in deliveries), *(v.capacity for v in problem.vehicles)])
        self.demand = [0, *(int(d.demand * scale) for d in deliveries)]
        self.windows: list[list[tuple[float, float]]] = [[(0.0, horizon)]]
        for d in deliveries:
            raw = d.windows or ((t0, problem.end),)
            spans = sorted(
                (max(0.0, _seconds(a - t0)), min(horizon, _seconds(b - t0))) for a, b in raw
            )
            merged: list[tuple[float, float]] = []
            for a, b in spans:
                if a > b:
                    continue
                if merged and a <= merged[-1][1]:
                    merged[-1] = (merged[-1][0], max(merged[-1][1], b))
                else:
                    merged.append((a, b))
            self.windows.append(merged)
        self.cap: list[int] = []
        self.vstart: list[float] = []
        self.vend: list[float] = []
        for v in problem.vehicles:
            self.cap.append(int(v.capacity * scale))
            begins = 0.0 if v.start is None else max(0.0, _seconds(v.start - t0))
            ends = horizon if v.end is None else min(horizon, _seconds(v.end - t0))
            self.vstart.append(begins)
            self.vend.append(ends)
        self.n = len(places)
        self.scale = scale

    # earliest start of service at or after ``t``, or None
    def next_start(self, node: int, t: float) -> float | None:
        for a, b in self.windows[node]:
            if t <= b + _EPS:
                return t if t > a else a
        return None

    def prior_start(self, node: int, t: float) -> float | None:
        """The latest start of service at or before ``t``, or None."""
        for a, b in reversed(self.windows[node]):
            if t >= a - _EPS:
                return t if t < b else b
        return None

    def when(self, seconds: float, *, on: dt.date | None = None) -> str:
        """The time ``seconds`` after the horizon start, as ``HH:MM`` for a reason's detail.

        ``HH:MM:SS`` off the minute; the date in front when it is not ``on`` (default:
        the horizon start's date).
        """
        moment = self.problem.at(seconds)
        shown = moment.strftime("%H:%M" if moment.second == 0 else "%H:%M:%S")
        if moment.date() != (self.problem.at(0.0).date() if on is None else on):
            shown = f"{moment.date()} {shown}"
        return shown

    def span(self, opens: float, closes: float) -> str:
        """``when(opens)-when(closes)``, the date written once."""
        return f"{self.when(opens)}-{self.when(closes, on=self.problem.at(opens).date())}"

    @cached_property
    def alone(self) -> dict[int, tuple[UnassignedReason, str]]:
        """Deliveries no vehicle can serve even alone, with the reason and the detail."""
        out: dict[int, tuple[UnassignedReason, str]] = {}
        problem = self.problem
        vehicles = range(len(self.cap))
        biggest = max((v.capacity for v in problem.vehicles), default=None)
        when = self.when
        for c in range(1, self.n):
            if biggest is None:
                out[c] = (UnassignedReason.NO_VEHICLE, "there is no vehicle")
                continue
            delivery = problem.deliveries[c - 1]
            demand = delivery.demand
            if demand > biggest:
                detail = (
                    f"demand {_quantity(demand)} exceeds every vehicle's capacity "
                    f"(at most {_quantity(biggest)})"
                )
                out[c] = (UnassignedReason.DEMAND_EXCEEDS_CAPACITY, detail)
                continue
            if not self.windows[c]:
                shown = ", ".join(
                    self.span(_seconds(a - problem.start), _seconds(b - problem.start))
                    for a, b in sorted(delivery.windows)
                )
                detail = (
                    f"every time window lies outside the planning horizon: {shown}, horizon "
                    f"{self.span(0.0, self.horizon)}"
                )
                out[c] = (UnassignedReason.OUTSIDE_HORIZON, detail)
                continue
            reachable = False
            fits = False
            earliest = math.inf
            overrun = (math.inf, 0, 0.0, 0.0)
            for k in vehicles:
                if self.cap[k] < self.demand[c]:
                    continue
                arrival = self.vstart[k] + self.tm[0][c]
                earliest = min(earliest, arrival)
                start = self.next_start(c, arrival)
                if start is None:
                    continue
                reachable = True
                back = start + self.sv[c] + self.tm[c][0]
                if back <= self.vend[k] + _EPS:
                    fits = True
                    break
                overrun = min(overrun, (back - self.vend[k], k, start, back))
            if fits:
                continue
            if reachable:
                _, k, start, back = overrun
                detail = (
                    "no vehicle can serve it and return to the depot before its shift ends: "
                    f"at best vehicle {problem.vehicles[k].id!r} starts service at "
                    f"{when(start)} and is back at {when(back)}, its shift ends at "
                    f"{when(self.vend[k])}"
                )
                out[c] = (UnassignedReason.SHIFT_TOO_SHORT, detail)
            else:
                detail = (
                    "every time window closes before the earliest possible arrival from the "
                    f"depot: service may start at the latest at {when(self.windows[c][-1][1])}, "
                    f"the earliest arrival is {when(earliest)}"
                )
                out[c] = (UnassignedReason.WINDOW_CLOSED, detail)
        return out

    def left_out(
        self, routes: Sequence[tuple[int, list[int]]], nodes: Iterable[int]
    ) -> list[UnassignedDelivery]:
        """The deliveries of ``nodes`` left out of ``routes``, each with its reason."""
        problem = self.problem
        deliveries = problem.deliveries
        alone = self.alone
        fleet = exact_sum(v.capacity for v in problem.vehicles)
        wanted = exact_sum(deliveries[c - 1].demand for c in range(1, self.n) if c not in alone)
        loads = {k: exact_sum(deliveries[c - 1].demand for c in nodes_k) for k, nodes_k in routes}
        room = max(
            (v.capacity - loads.get(k, Decimal(0)) for k, v in enumerate(problem.vehicles)),
            default=Decimal(0),
        )
        totals = (
            f"total demand {_quantity(wanted)} of the deliveries a vehicle could serve alone, "
            f"fleet capacity {_quantity(fleet)}"
        )
        out: list[UnassignedDelivery] = []
        for c in sorted(nodes):
            delivery = deliveries[c - 1]
            if c in alone:
                reason, detail = alone[c]
            elif wanted > fleet:
                reason = UnassignedReason.FLEET_CAPACITY
                detail = (
                    f"demand {_quantity(delivery.demand)}; the fleet's capacity is short: "
                    f"{totals}; the most room left on a vehicle {_quantity(room)}"
                )
            else:
                reason = UnassignedReason.NOT_FITTED
                detail = (
                    "could not be fitted into any route: every vehicle that could serve it is "
                    f"full, busy, or its schedule is too tight (demand "
                    f"{_quantity(delivery.demand)}, the most room left on a vehicle "
                    f"{_quantity(room)}; {totals})"
                )
            out.append(UnassignedDelivery(delivery.customer, reason, detail=detail))
        return out

    def plan(
        self, routes: Sequence[tuple[int, list[int]]], left: Sequence[UnassignedDelivery]
    ) -> DeliveryPlan:
        """Schedule ``(vehicle index, customer nodes)`` routes; ``left`` are the left-out."""
        problem = self.problem
        deliveries = problem.deliveries
        tm, sv, dist = self.tm, self.sv, self.dist
        out: list[DeliveryRoute] = []
        cost = 0.0
        for k, nodes in routes:
            if not nodes:
                continue
            first = nodes[0]
            begin = self.vstart[k]
            arrival = begin + tm[0][first]
            start = self.next_start(first, arrival)
            if start is not None and start > arrival:
                begin += start - arrival
            clock = begin
            prev = 0
            stops = []
            travel_time = 0.0
            distance = 0.0
            for c in nodes:
                leg = tm[prev][c]
                travel_time += leg
                if dist is not None:
                    distance += dist[prev][c]
                arrival = clock + leg
                start = self.next_start(c, arrival)
                if start is None:
                    start = arrival
                clock = start + sv[c]
                d = deliveries[c - 1]
                stops.append(
                    DeliveryStop(
                        d.customer,
                        d.place,
                        arrival=problem.at(arrival),
                        start=problem.at(start),
                        departure=problem.at(clock),
                    )
                )
                prev = c
            travel_time += tm[prev][0]
            if dist is not None:
                distance += dist[prev][0]
            clock += tm[prev][0]
            load = exact_sum(deliveries[c - 1].demand for c in nodes)
            route = DeliveryRoute(
                problem.vehicles[k].id,
                stops,
                leaves=problem.at(begin),
                returns=problem.at(clock),
                load=load,
                travel_time=travel_time,
                distance=distance if dist is not None else None,
            )
            out.append(route)
            cost += distance if problem.objective == "distance" else travel_time
        return DeliveryPlan(problem, routes=out, unassigned=left, cost=cost)


# -- the search -----------------------------------------------------------------------------------


def _closeness(row: list[float], cost: list[list[float]], i: int, j: int) -> tuple[float, int]:
    """Sort key of ``j`` among the neighbours of ``i``: the cost both ways, then ``j``."""
    return row[j] + cost[j][i], j


class _Route:
    """One vehicle's route: nodes with the depot at both ends, and its cached arrays."""

    __slots__ = ("cost", "es", "kind", "load", "ls", "nodes", "ok", "vehicle")

    def __init__(self, vehicle: int, kind: int) -> None:
        self.vehicle = vehicle
        self.kind = kind
        self.nodes: list[int] = [0, 0]
        self.es: list[float] = []
        self.ls: list[float] = []
        self.load = 0
        self.cost = 0.0
        self.ok = True

    def state(self) -> tuple[list[int], list[float], list[float], int, float, bool]:
        return self.nodes, self.es, self.ls, self.load, self.cost, self.ok

    def restore(self, state: tuple[list[int], list[float], list[float], int, float, bool]) -> None:
        self.nodes, self.es, self.ls, self.load, self.cost, self.ok = state


class _Search:
    """Ruin-and-recreate with simulated annealing over a :class:`_Compiled` problem."""

    def __init__(self, data: _Compiled, params: RuinAndRecreate, rng: random.Random) -> None:
        self.data = data
        self.params = params
        self.rng = rng
        n = data.n
        self.single = [len(w) == 1 for w in data.windows]
        self.wa = [w[0][0] if w else 0.0 for w in data.windows]
        self.wb = [w[-1][1] if w else -1.0 for w in data.windows]
        kinds: dict[tuple[int, float, float], int] = {}
        self.routes: list[_Route] = []
        for k in range(len(data.cap)):
            key = (data.cap[k], data.vstart[k], data.vend[k])
            kind = kinds.setdefault(key, len(kinds))
            route = _Route(k, kind)
            self._update(route)
            self.routes.append(route)
        self.where = [-1] * n
        self.saved: dict[int, tuple[list[int], list[float], list[float], int, float, bool]] = {}
        cost = data.cm
        self.adjacent = [
            sorted(range(1, n), key=partial(_closeness, cost[i], cost, i)) for i in range(n)
        ]
        biggest = max((max(row) for row in cost), default=0.0)
        self.penalty = 10.0 * (biggest + 1.0) * n

    # -- route arrays ------------------------------------------------------------------------

    def _update(self, route: _Route) -> None:
        data = self.data
        tm, sv, cm = data.tm, data.sv, data.cm
        nodes = route.nodes
        m = len(nodes)
        es = [0.0] * m
        ls = [0.0] * m
        single, wa, wb = self.single, self.wa, self.wb
        ok = True
        t = data.vstart[route.vehicle]
        es[0] = t
        prev = 0
        cost = 0.0
        load = 0
        demand = data.demand
        for k in range(1, m - 1):
            c = nodes[k]
            t = t + sv[prev] + tm[prev][c]
            if single[c]:
                if t < wa[c]:
                    t = wa[c]
                elif t > wb[c] + _EPS:
                    ok = False
            else:
                start = data.next_start(c, t)
                if start is None:
                    ok = False
                else:
                    t = start
            es[k] = t
            cost += cm[prev][c]
            load += demand[c]
            prev = c
        t = t + sv[prev] + tm[prev][0]
        cost += cm[prev][0]
        es[m - 1] = t
        end = data.vend[route.vehicle]
        if t > end + _EPS:
            ok = False
        ls[m - 1] = end
        t = end
        nxt = 0
        for k in range(m - 2, 0, -1):
            c = nodes[k]
            t = t - sv[c] - tm[c][nxt]
            if single[c]:
                if t > wb[c]:
                    t = wb[c]
            else:
                latest = data.prior_start(c, t)
                t = -math.inf if latest is None else latest
            ls[k] = t
            nxt = c
        ls[0] = t - tm[0][nxt]
        route.es, route.ls, route.load, route.cost = es, ls, load, cost
        route.ok = ok and load <= data.cap[route.vehicle]

    # -- insertion -----------------------------------------------------------------------------

    def _best_insertion(self, c: int, blink: float) -> tuple[float, _Route | None, int]:
        data = self.data
        tm, sv, cm = data.tm, data.sv, data.cm
        c_row = cm[c]
        t_row = tm[c]
        sc = sv[c]
        dc = data.demand[c]
        single = self.single[c]
        wa, wb = self.wa[c], self.wb[c]
        caps = data.cap
        best = math.inf
        best_route: _Route | None = None
        best_k = -1
        rng = self.rng.random
        seen_empty: set[int] = set()
        for route in self.routes:
            nodes = route.nodes
            if len(nodes) == 2:
                if route.kind in seen_empty:
                    continue
                seen_empty.add(route.kind)
            if route.load + dc > caps[route.vehicle]:
                continue
            es, ls = route.es, route.ls
            p = 0
            for k in range(len(nodes) - 1):
                q = nodes[k + 1]
                delta = cm[p][c] + c_row[q] - cm[p][q]
                if delta < best:
                    t = es[k] + sv[p] + tm[p][c]
                    if single:
                        if t < wa:
                            t = wa
                        elif t > wb + _EPS:
                            p = q
                            continue
                    else:
                        start = data.next_start(c, t)
                        if start is None:
                            p = q
                            continue
                        t = start
                    if t + sc + t_row[q] <= ls[k + 1] + _EPS and (blink <= 0 or rng() >= blink):
                        best = delta
                        best_route = route
                        best_k = k
                p = q
        return best, best_route, best_k

    def _insert(self, route: _Route, k: int, c: int) -> None:
        nodes = route.nodes
        route.nodes = [*nodes[: k + 1], c, *nodes[k + 1 :]]
        self._update(route)
        self.where[c] = route.vehicle

    def _recreate(self, removed: list[int], unassigned: set[int]) -> None:
        rng = self.rng
        data = self.data
        choice = rng.random() * 11
        if choice < 4:
            rng.shuffle(removed)
        elif choice < 8:
            removed.sort(key=lambda c: -data.demand[c])
        elif choice < 10:
            removed.sort(key=lambda c: -data.cm[0][c])
        else:
            removed.sort(key=lambda c: data.cm[0][c])
        blink = self.params.blink_rate
        for c in removed:
            _, route, k = self._best_insertion(c, blink)
            if route is None and blink > 0:
                _, route, k = self._best_insertion(c, 0.0)
            if route is None:
                unassigned.add(c)
                self.where[c] = -1
            else:
                unassigned.discard(c)
                self._save(route)
                self._insert(route, k, c)

    # -- ruin -----------------------------------------------------------------------------------

    def _save(self, route: _Route) -> None:
        if route.vehicle not in self.saved:
            self.saved[route.vehicle] = route.state()

    def _ruin(self) -> list[int] | None:
        rng = self.rng
        routes = self.routes
        used = [r for r in routes if len(r.nodes) > 2]
        if not used:
            return []
        served = sum(len(r.nodes) - 2 for r in used)
        average = served / len(used)
        ls_max = min(float(self.params.max_string), average)
        ks_max = 4.0 * self.params.average_removed / (1.0 + ls_max) - 1.0
        ks = int(rng.uniform(1.0, ks_max + 1.0))
        seed = rng.randrange(1, self.data.n)
        ruined: set[int] = set()
        removed: list[int] = []
        where = self.where
        for c in (seed, *self.adjacent[seed]):
            if len(ruined) >= ks:
                break
            v = where[c]
            if v < 0 or v in ruined:
                continue
            route = routes[v]
            nodes = route.nodes
            size = len(nodes) - 2
            l_max = min(float(size), ls_max)
            length = int(rng.uniform(1.0, l_max + 1.0))
            position = nodes.index(c)
            if rng.random() < 0.5 or length >= size:
                first = rng.randint(max(1, position - length + 1), min(position, size - length + 1))
                gone = nodes[first : first + length]
                kept = [*nodes[:first], *nodes[first + length :]]
            else:
                keep = 1
                while length + keep < size and rng.random() < 0.5:
                    keep += 1
                total = length + keep
                first = rng.randint(max(1, position - total + 1), min(position, size - total + 1))
                span = nodes[first : first + total]
                at = rng.randint(0, length)
                gone = [*span[:at], *span[at + keep :]]
                kept = [*nodes[:first], *span[at : at + keep], *nodes[first + total :]]
            self._save(route)
            route.nodes = kept
            self._update(route)
            if not route.ok:
                return None
            for g in gone:
                where[g] = -1
            removed.extend(gone)
            ruined.add(v)
        return removed

    # -- the loop -------------------------------------------------------------------------------

    def _total(self, unassigned: set[int]) -> float:
        return sum(r.cost for r in self.routes) + self.penalty * len(unassigned)

    def _snapshot(self) -> list[list[int]]:
        return [r.nodes for r in self.routes]

    def run(
        self, *, deadline: float | None, limit: float | None, budget: int | None
    ) -> tuple[list[tuple[int, list[int]]], list[int]]:
        """The best routes found, ``(vehicle index, customer nodes)``, and the nodes left out."""
        data = self.data
        reasons = data.alone
        todo = [c for c in range(1, data.n) if c not in reasons]
        unassigned: set[int] = set()
        todo.sort(key=lambda c: (-data.cm[0][c], c))
        self._recreate_initial(todo, unassigned)
        self.saved = {}
        current = self._total(unassigned)
        best = current
        best_routes = self._snapshot()
        best_left = set(unassigned)
        served = max(1, len(todo) - len(unassigned))
        legs = served + sum(1 for r in self.routes if len(r.nodes) > 2)
        scale = (current - self.penalty * len(unassigned)) / legs if legs else 1.0
        scale = scale if scale > 0 else 1.0
        t_start = self.params.start_temperature * scale
        t_end = self.params.end_temperature * scale
        ratio = t_end / t_start
        rng = self.rng
        began = time.perf_counter()
        iteration = 0
        if todo:
            while True:
                if budget is not None and iteration >= budget:
                    break
                if deadline is not None:
                    now = time.perf_counter()
                    if now >= deadline:
                        break
                    progress = (now - began) / max(limit or 0.0, 1e-9)
                    if budget:
                        progress = max(progress, iteration / budget)
                else:
                    progress = iteration / budget if budget else 1.0
                iteration += 1
                temperature = t_start * ratio ** min(1.0, progress)
                self.saved = {}
                left_before = set(unassigned)
                removed = self._ruin()
                if removed is not None:
                    removed.extend(c for c in unassigned if c not in removed)
                    self._recreate(removed, unassigned)
                    candidate = self._total(unassigned)
                    threshold = current - temperature * math.log(1.0 - rng.random())
                    if candidate < threshold and all(r.ok for r in self.routes):
                        current = candidate
                        if candidate < best - 1e-9:
                            best = candidate
                            best_routes = self._snapshot()
                            best_left = set(unassigned)
                        continue
                for vehicle, state in self.saved.items():
                    route = self.routes[vehicle]
                    for c in route.nodes[1:-1]:
                        self.where[c] = -1
                    route.restore(state)
                for route in (self.routes[v] for v in self.saved):
                    for c in route.nodes[1:-1]:
                        self.where[c] = route.vehicle
                unassigned = left_before
                for c in unassigned:
                    self.where[c] = -1
        routes = [(k, nodes[1:-1]) for k, nodes in enumerate(best_routes) if len(nodes) > 2]
        left = [c for c in range(1, data.n) if c in reasons or c in best_left]
        return routes, left

    def _recreate_initial(self, todo: list[int], unassigned: set[int]) -> None:
        for c in todo:
            _, route, k = self._best_insertion(c, 0.0)
            if route is None:
                unassigned.add(c)
            else:
                self._insert(route, k, c)
