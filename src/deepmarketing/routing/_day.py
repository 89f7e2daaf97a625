"""A consultant's day: the problem, the planned route, and its verifier.

:class:`DayProblem` says where the day starts and ends, when the shift runs, when the
lunch break may be taken, and which customers could be visited (:class:`Stop`: place,
service time, time windows, priority, required or optional, purpose). A
:class:`DayRoute` is the answer: each :class:`Visit` with arrival, wait, start and
departure, the break, the totals, and every stop left out with its reason.

:func:`check_day` is the verifier twin of :func:`~deepmarketing.routing.plan_day`: it
recomputes a route from the problem alone and lists every violation, so a route a
consultant made by hand (or a bare order of customer ids) can be scored the same way.

Time rules, used by the solver and the verifier alike:

* a window constrains the *start* of a visit; arriving early means waiting;
* the consultant leaves the start place at or after the shift start and must be back at
  the end place by the shift end;
* the break, when the problem has one, is taken between two visits (or before the first
  or after the last) at the place just left or the place just reached, entirely inside
  its window; it is owed only when the consultant is out over the whole break window:
  a day over before the break's latest start, or one starting after a full break could
  have been taken at home, needs no break in the route.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Hashable, Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

import attrs
import pendulum

from deepmarketing.errors import RoutingError
from deepmarketing.routing._travel import TravelModel

__all__ = [
    "Break",
    "DayProblem",
    "DayRoute",
    "ScheduledBreak",
    "Stop",
    "TimeWindow",
    "Unvisited",
    "UnvisitedReason",
    "Violation",
    "Visit",
    "VisitPurpose",
    "check_day",
]

#: Times in a route may differ from the verifier's own arithmetic by this much (seconds):
#: DateTimes hold microseconds, the solver works in float seconds.
TOLERANCE = 1e-3

_RECORD = "day problem"
_MAX_NAMED = 10


# -- small helpers --------------------------------------------------------------------------


def _is_aware(value: object) -> bool:
    return (
        isinstance(value, datetime)
        and value.tzinfo is not None
        and value.tzinfo.utcoffset(value) is not None
    )


def _to_datetime(value: Any) -> Any:
    """A tz-aware stdlib or pendulum datetime as a pendulum DateTime; others unchanged."""
    if _is_aware(value) and not isinstance(value, pendulum.DateTime):
        return pendulum.instance(value)
    return value


def _to_duration(value: Any) -> Any:
    """A timedelta as a pendulum Duration; others unchanged (the validator names them)."""
    if isinstance(value, timedelta) and not isinstance(value, pendulum.Duration):
        return pendulum.duration(seconds=value.total_seconds())
    return value


def _seconds(value: timedelta) -> float:
    return value.total_seconds()


def clock(moment: datetime) -> str:
    """``HH:MM`` of a moment, ``HH:MM:SS`` unless it is on the minute (to the second)."""
    whole = round(moment.second + moment.microsecond / 1e6)
    rounded = moment.replace(second=0, microsecond=0) + timedelta(seconds=whole)
    return f"{rounded:%H:%M}" + (f":{rounded.second:02d}" if rounded.second else "")


def hhmm(moment: datetime) -> str:
    """``HH:MM`` of a moment rounded to the nearest minute, for schedules."""
    rounded = moment + timedelta(seconds=30)
    return f"{rounded:%H:%M}"


def minutes(seconds: float) -> str:
    """A duration rounded to the minute: ``2h05m``, ``45m``, ``0m``."""
    whole = round(seconds / 60)
    hours, rest = divmod(abs(whole), 60)
    sign = "-" if whole < 0 else ""
    return f"{sign}{hours}h{rest:02d}m" if hours else f"{sign}{rest}m"


def span(seconds: float) -> str:
    """A duration as ``2h05m``, ``45m`` or ``30s`` (rounded to the second)."""
    whole = round(seconds)
    hours, rest = divmod(abs(whole), 3600)
    minutes, secs = divmod(rest, 60)
    sign = "-" if whole < 0 else ""
    if hours:
        return f"{sign}{hours}h{minutes:02d}m" + (f"{secs:02d}s" if secs else "")
    if minutes:
        return f"{sign}{minutes}m" + (f"{secs:02d}s" if secs else "")
    return f"{sign}{secs}s"


def _listing(items: Sequence[str]) -> str:
    shown = "; ".join(items[:_MAX_NAMED])
    if len(items) > _MAX_NAMED:
        shown += f"; and {len(items) - _MAX_NAMED} more"
    return shown


# -- validators -----------------------------------------------------------------------------


def _aware(instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
    if not _is_aware(value):
        got = "a naive datetime" if isinstance(value, datetime) else repr(value)
        raise RoutingError(
            f"expected {attribute.name} to be a datetime with a time zone, got {got}",
            record=type(instance).__name__,
        )


def _non_negative_duration(instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, timedelta) or value < timedelta(0):
        raise RoutingError(
            f"expected {attribute.name} to be a duration of 0 or more, got {value!r}",
            record=type(instance).__name__,
        )


# -- the problem ----------------------------------------------------------------------------


class VisitPurpose(enum.StrEnum):
    """The main purpose of a visit, as the daily visit plan (每天客户巡访计划) names them."""

    DEVELOP = "develop"
    """Develop a new customer (开发新客户)."""
    RESEARCH = "research"
    """Market research (市场调研)."""
    COLLECT = "collect"
    """Payment collection (回款)."""
    SERVICE = "service"
    """Service: display, inventory, business planning help (服务)."""
    COMPLAINT = "complaint"
    """Complaint handling (处理投诉)."""
    ORDER = "order"
    """Order taking (订货)."""
    OTHER = "other"
    """Anything else."""


@attrs.frozen
class TimeWindow:
    """When a visit may start: from ``start`` to ``end``, both included.

    Args:
        start: The earliest start, a datetime with a time zone.
        end: The latest start, not before ``start``.

    Examples:
        >>> import pendulum
        >>> morning = TimeWindow(
        ...     pendulum.datetime(2026, 7, 1, 8, tz="Asia/Shanghai"),
        ...     pendulum.datetime(2026, 7, 1, 11, tz="Asia/Shanghai"),
        ... )
        >>> str(morning)
        '08:00-11:00'
    """

    start: pendulum.DateTime = attrs.field(converter=_to_datetime, validator=_aware)
    end: pendulum.DateTime = attrs.field(converter=_to_datetime, validator=_aware)

    def __attrs_post_init__(self) -> None:
        if self.end < self.start:
            raise RoutingError(
                f"window ends at {self.end} before it starts at {self.start}; expected "
                "start <= end",
                record="TimeWindow",
            )

    def __str__(self) -> str:
        return f"{clock(self.start)}-{clock(self.end)}"


def _to_windows(value: Any) -> Any:
    """Windows given as TimeWindow objects or ``(start, end)`` pairs, as a tuple."""
    if isinstance(value, TimeWindow):
        return (value,)
    if isinstance(value, Iterable) and not isinstance(value, str | bytes):
        return tuple(
            TimeWindow(*item) if isinstance(item, tuple | list) and len(item) == 2 else item
            for item in value
        )
    return value


def _windows(instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, tuple) or not all(isinstance(w, TimeWindow) for w in value):
        raise RoutingError(
            f"expected windows to be TimeWindow objects or (start, end) pairs, got {value!r}",
            record=f"stop {getattr(instance, 'customer', '?')!r}",
        )


def _priority(instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise RoutingError(
            f"expected priority to be a whole number of 0 or more, got {value!r}",
            record=f"stop {getattr(instance, 'customer', '?')!r}",
        )


def _hashable(instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
    try:
        hash(value)
    except TypeError:
        raise RoutingError(
            f"expected {attribute.name} to be hashable (an id or a node), got {value!r}",
            record=type(instance).__name__,
        ) from None


@attrs.frozen
class Stop:
    """A customer who could be visited today, and what the visit needs.

    Args:
        customer: The customer's id.
        place: The customer's place in the problem's travel model (a graph node, or the
            key given to :meth:`TravelModel.from_coordinates
            <deepmarketing.routing.TravelModel.from_coordinates>`); the customer id when
            not given.
        service: How long the visit takes on site.
        windows: When the visit may start, as :class:`TimeWindow` objects or
            ``(start, end)`` pairs; several windows mean "any of these" (a shop open in
            the morning and again in the afternoon). Empty: any time in the shift.
        priority: How much the visit is worth, 0 or more. Optional stops are chosen to
            maximise the total priority; a priority-0 optional stop is never worth the
            travel.
        required: Whether the visit must happen (an appointment, a collection due).
        purpose: The main purpose of the visit.
        note: The approach for the visit, free text for the plan.

    Examples:
        >>> from datetime import timedelta
        >>> Stop("C-17", service=timedelta(minutes=45), priority=3).place
        'C-17'
    """

    customer: Hashable = attrs.field(validator=_hashable)
    place: Hashable = attrs.field(
        default=None, kw_only=True, validator=_hashable
    )  # None: set to the customer below
    service: pendulum.Duration = attrs.field(
        default=pendulum.duration(minutes=30),
        kw_only=True,
        converter=_to_duration,
        validator=_non_negative_duration,
    )
    windows: tuple[TimeWindow, ...] = attrs.field(
        default=(), kw_only=True, converter=_to_windows, validator=_windows
    )
    priority: int = attrs.field(default=1, kw_only=True, validator=_priority)
    required: bool = attrs.field(default=False, kw_only=True, converter=bool)
    purpose: VisitPurpose = attrs.field(
        default=VisitPurpose.OTHER, kw_only=True, converter=VisitPurpose
    )
    note: str = attrs.field(default="", kw_only=True)

    def __attrs_post_init__(self) -> None:
        if self.place is None:
            object.__setattr__(self, "place", self.customer)


@attrs.frozen
class Break:
    """A break (lunch) of ``duration`` to be taken entirely between ``start`` and ``end``.

    Args:
        start: The earliest moment the break may begin.
        end: The moment by which it must be over.
        duration: How long it lasts; at most ``end - start``.

    Examples:
        >>> import pendulum
        >>> lunch = Break(
        ...     pendulum.datetime(2026, 7, 1, 11, 30, tz="Asia/Shanghai"),
        ...     pendulum.datetime(2026, 7, 1, 13, 30, tz="Asia/Shanghai"),
        ...     duration=pendulum.duration(minutes=45),
        ... )
        >>> str(lunch)
        '45m break within 11:30-13:30'
    """

    start: pendulum.DateTime = attrs.field(converter=_to_datetime, validator=_aware)
    end: pendulum.DateTime = attrs.field(converter=_to_datetime, validator=_aware)
    duration: pendulum.Duration = attrs.field(
        kw_only=True, converter=_to_duration, validator=_non_negative_duration
    )

    def __attrs_post_init__(self) -> None:
        if self.start + self.duration > self.end:
            raise RoutingError(
                f"a {span(_seconds(self.duration))} break does not fit between "
                f"{self.start} and {self.end}; expected duration <= end - start",
                record="Break",
            )

    def __str__(self) -> str:
        return f"{span(_seconds(self.duration))} break within {clock(self.start)}-{clock(self.end)}"


def _to_stops(value: Iterable[Stop]) -> tuple[Stop, ...]:
    return tuple(value)


@attrs.frozen
class DayProblem:
    """Everything needed to plan one consultant's day.

    Args:
        travel: Travel times (and distances, if known) between the start, the end and
            every stop's place.
        stops: The customers that could be visited, each once.
        start: The place the day starts from (home or office).
        end: The place it ends at; the start place when not given.
        shift_start: When the consultant may leave, a datetime with a time zone; the
            route's times are shown in this time zone.
        shift_end: When the consultant must be back at ``end``.
        lunch: An optional break.

    Raises:
        RoutingError: Listing every problem at once: places missing from ``travel``,
            customers listed twice, a shift that ends before it starts, a break outside
            the shift.

    Examples:
        >>> import pendulum
        >>> from datetime import timedelta
        >>> from deepmarketing.routing import TravelModel
        >>> travel = TravelModel.from_matrix(
        ...     [[0, 900, 1200], [900, 0, 600], [1200, 600, 0]], places=["home", "A", "B"]
        ... )
        >>> day = pendulum.datetime(2026, 7, 1, 8, tz="Asia/Shanghai")
        >>> problem = DayProblem(
        ...     travel,
        ...     [Stop("A", priority=2), Stop("B", required=True)],
        ...     start="home",
        ...     shift_start=day,
        ...     shift_end=day.add(hours=9),
        ... )
        >>> [stop.customer for stop in problem.stops], problem.end
        (['A', 'B'], 'home')
        >>> DayProblem(
        ...     travel,
        ...     [Stop("A"), Stop("A"), Stop("Z")],
        ...     start="home",
        ...     shift_start=day,
        ...     shift_end=day,
        ... )
        Traceback (most recent call last):
        ...
        deepmarketing.errors.RoutingError: day problem: 2 problems: stop 'A' is listed twice; ...
    """

    travel: TravelModel = attrs.field()
    stops: tuple[Stop, ...] = attrs.field(converter=_to_stops)
    start: Hashable = attrs.field(kw_only=True, validator=_hashable)
    shift_start: pendulum.DateTime = attrs.field(
        kw_only=True, converter=_to_datetime, validator=_aware
    )
    shift_end: pendulum.DateTime = attrs.field(
        kw_only=True, converter=_to_datetime, validator=_aware
    )
    end: Hashable = attrs.field(default=None, kw_only=True, validator=_hashable)
    lunch: Break | None = attrs.field(default=None, kw_only=True)

    def __attrs_post_init__(self) -> None:
        if self.end is None:
            object.__setattr__(self, "end", self.start)
        problems: list[str] = []
        if not isinstance(self.travel, TravelModel):
            raise RoutingError(
                f"expected travel to be a TravelModel, got {type(self.travel).__name__}",
                record=_RECORD,
            )
        seen: set[Hashable] = set()
        for stop in self.stops:
            if not isinstance(stop, Stop):  # type: ignore[redundant-expr,unused-ignore]
                problems.append(f"{stop!r} is not a Stop")  # type: ignore[unreachable]
                continue
            if stop.customer in seen:
                problems.append(f"stop {stop.customer!r} is listed twice; expected each once")
            seen.add(stop.customer)
            if stop.place not in self.travel:
                problems.append(
                    f"stop {stop.customer!r}: place {stop.place!r} is not in the travel model"
                )
        for name in ("start", "end"):
            place = getattr(self, name)
            if place not in self.travel:
                problems.append(f"{name} place {place!r} is not in the travel model")
        if self.shift_end < self.shift_start:
            problems.append(
                f"the shift ends at {self.shift_end} before it starts at {self.shift_start}"
            )
        if self.lunch is not None:
            if not isinstance(self.lunch, Break):  # type: ignore[redundant-expr,unused-ignore]
                problems.append(  # type: ignore[unreachable]
                    f"lunch is {self.lunch!r}; expected a Break or None"
                )
            elif self.lunch.start < self.shift_start or self.lunch.end > self.shift_end:
                problems.append(
                    f"the break window {clock(self.lunch.start)}-{clock(self.lunch.end)} is "
                    f"not inside the shift {clock(self.shift_start)}-{clock(self.shift_end)}"
                )
        if len(problems) == 1:
            raise RoutingError(problems[0], record=_RECORD)
        if problems:
            raise RoutingError(f"{len(problems)} problems: {_listing(problems)}", record=_RECORD)

    def stop(self, customer: Hashable) -> Stop:
        """The stop of ``customer``.

        Raises:
            RoutingError: If no stop has that customer id.
        """
        for stop in self.stops:
            if stop.customer == customer:
                return stop
        raise RoutingError(f"no stop for customer {customer!r}", record=_RECORD)

    def offset(self, moment: datetime) -> float:
        """Seconds from the shift start to ``moment``."""
        return (moment - self.shift_start).total_seconds()

    def at(self, seconds: float) -> pendulum.DateTime:
        """The moment ``seconds`` after the shift start, in the shift's time zone."""
        return self.shift_start.add(microseconds=round(seconds * 1e6))


# -- the answer -----------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Visit:
    """One planned visit: when the consultant arrives, waits, starts and leaves.

    Args:
        customer: The customer visited.
        place: Where.
        purpose: Why (copied from the stop).
        travel: The drive from the previous place.
        distance: Its metres, ``None`` when the travel model has no distances.
        arrival: When the consultant gets there.
        start: When the visit starts (``arrival + wait``, possibly after a break taken on
            arrival).
        departure: When the consultant leaves (``start + service``).
    """

    customer: Hashable
    place: Hashable
    purpose: VisitPurpose
    travel: pendulum.Duration
    distance: float | None
    arrival: pendulum.DateTime
    start: pendulum.DateTime
    departure: pendulum.DateTime

    @property
    def wait(self) -> pendulum.Duration:
        """Time on site before the visit starts (waiting for the window, or the break)."""
        return pendulum.duration(seconds=(self.start - self.arrival).total_seconds())


@attrs.frozen(kw_only=True)
class ScheduledBreak:
    """The break as planned: where and when, and after which visit.

    Args:
        start: When it begins.
        end: When it ends.
        place: Where it is taken: the place just left or the place just reached.
        after: How many visits come before it (0: before the first visit).
    """

    start: pendulum.DateTime
    end: pendulum.DateTime
    place: Hashable
    after: int


class UnvisitedReason(enum.StrEnum):
    """Why a stop is not in the route."""

    WINDOW_CLOSED = "window_closed"
    """Every window closes before the earliest possible arrival (leaving at shift start)."""
    SHIFT_TOO_SHORT = "shift_too_short"
    """Even a day with this visit alone does not fit in the shift."""
    CROWDED_OUT = "crowded_out"
    """Fits alone, but not together with the required and higher-priority visits."""
    NOT_WORTH_TRAVEL = "not_worth_travel"
    """An optional stop of priority 0: it would only add travel."""
    REQUIRED_CONFLICT = "required_conflict"
    """A required stop that fits alone but not together with the other required stops."""
    NOT_PLANNED = "not_planned"
    """Not in a hand-made order (:func:`~deepmarketing.routing.schedule_day`)."""


@attrs.frozen
class Unvisited:
    """A stop left out of the route, with the reason and the figures behind it."""

    customer: Hashable
    reason: UnvisitedReason
    detail: str = attrs.field(kw_only=True)

    def __str__(self) -> str:
        return f"{self.customer}: {self.reason.value}: {self.detail}"


@attrs.frozen
class Violation:
    """One thing wrong with a route, as :func:`check_day` reports it.

    Args:
        customer: The customer concerned, or ``None`` for the day as a whole.
        kind: A short stable code, e.g. ``"window"``, ``"shift_end"``, ``"missing_required"``.
        detail: What was expected and what the route does.
    """

    customer: Hashable | None
    kind: str
    detail: str = attrs.field(kw_only=True)

    def __str__(self) -> str:
        who = "day" if self.customer is None else f"{self.customer!r}"
        return f"{who}: {self.kind}: {self.detail}"


@attrs.frozen(kw_only=True)
class DayRoute:
    """A planned day: the visits in order, the break, the totals and who was left out.

    Args:
        departure: When the consultant leaves the start place.
        visits: The visits in order.
        return_travel: The drive from the last place back to the end place.
        return_distance: Its metres, or ``None``.
        back: When the consultant is back at the end place.
        lunch: The break, or ``None`` (no break in the problem, or none owed).
        unvisited: Every stop not visited, with its reason.
        feasible: Whether the route keeps every rule and visits every required stop.
        optimal: Whether the route is a proven optimum (exact search).
        priority: The total priority of the visits.
    """

    departure: pendulum.DateTime
    visits: tuple[Visit, ...]
    return_travel: pendulum.Duration
    return_distance: float | None
    back: pendulum.DateTime
    lunch: ScheduledBreak | None
    unvisited: tuple[Unvisited, ...]
    feasible: bool
    optimal: bool
    priority: int

    def is_feasible(self) -> bool:
        """Whether every rule holds and every required stop is visited."""
        return self.feasible

    @property
    def customers(self) -> tuple[Hashable, ...]:
        """The customers visited, in order."""
        return tuple(visit.customer for visit in self.visits)

    @property
    def travel_time(self) -> pendulum.Duration:
        """Total driving time, the return included."""
        seconds = sum(_seconds(v.travel) for v in self.visits) + _seconds(self.return_travel)
        return pendulum.duration(seconds=seconds)

    @property
    def cost(self) -> float:
        """The travel time in seconds: what the solver minimises once priorities are met."""
        return _seconds(self.travel_time)

    @property
    def distance(self) -> float | None:
        """Total metres driven, or ``None`` when the travel model has no distances."""
        legs = [v.distance for v in self.visits] + [self.return_distance]
        if any(leg is None for leg in legs):
            return None
        return math.fsum(leg for leg in legs if leg is not None)

    @property
    def service_time(self) -> pendulum.Duration:
        """Total time spent in visits."""
        return pendulum.duration(
            seconds=sum((v.departure - v.start).total_seconds() for v in self.visits)
        )

    @property
    def wait_time(self) -> pendulum.Duration:
        """Total time waiting on site for a window to open (breaks not included)."""
        seconds = sum(_seconds(v.wait) for v in self.visits)
        if self.lunch is not None:
            seconds -= _on_site_break(self)
        return pendulum.duration(seconds=max(0.0, seconds))

    @property
    def working_time(self) -> pendulum.Duration:
        """From leaving the start place to being back, the break excluded."""
        seconds = (self.back - self.departure).total_seconds()
        if self.lunch is not None:
            seconds -= (self.lunch.end - self.lunch.start).total_seconds()
        return pendulum.duration(seconds=seconds)

    def summary(self) -> str:
        """The day as a few lines of text: the totals, the schedule, and who was left out.

        Times are rounded to the minute here; the visits hold them exactly.
        """
        distance = self.distance
        lines = [
            f"{self.departure:%Y-%m-%d}: {_count(len(self.visits), 'visit')}, priority "
            f"{self.priority}, "
            f"travel {minutes(self.cost)}"
            + ("" if distance is None else f" ({distance / 1000:.1f} km)")
            + f", working {minutes(_seconds(self.working_time))}"
            + (", optimal" if self.optimal else "")
            + ("" if self.feasible else ", NOT FEASIBLE"),
            f"  {hhmm(self.departure)}  leave",
        ]
        on_arrival = _on_site_break(self)
        for number, visit in enumerate(self.visits):
            wait = _seconds(visit.wait)
            if self.lunch is not None and self.lunch.after == number:
                lines.append(_break_line(self.lunch))
                wait -= on_arrival
            lines.append(
                f"  {hhmm(visit.start)}  {visit.customer}  {visit.purpose.value}"
                f"  ({minutes(_seconds(visit.travel))} drive"
                + (f", {minutes(wait)} wait" if wait >= 30 else "")
                + f", leave {hhmm(visit.departure)})"
            )
        if self.lunch is not None and self.lunch.after == len(self.visits):
            lines.append(_break_line(self.lunch))
        lines.append(f"  {hhmm(self.back)}  back ({minutes(_seconds(self.return_travel))} drive)")
        if self.unvisited:
            lines.append(f"  left out ({len(self.unvisited)}):")
            lines.extend(f"    {item}" for item in self.unvisited)
        return "\n".join(lines)


def _count(number: int, noun: str) -> str:
    """``1 visit``, ``2 visits``."""
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _break_line(lunch: ScheduledBreak) -> str:
    return f"  {hhmm(lunch.start)}  break until {hhmm(lunch.end)}"


def _on_site_break(route: DayRoute) -> float:
    """The part of the break that falls inside a visit's wait (a break taken on arrival)."""
    lunch = route.lunch
    if lunch is None or lunch.after >= len(route.visits):
        return 0.0
    visit = route.visits[lunch.after]
    if lunch.start >= visit.arrival:
        return (lunch.end - lunch.start).total_seconds()
    return 0.0


# -- the verifier ---------------------------------------------------------------------------


def check_day(problem: DayProblem, route: DayRoute | Iterable[Hashable]) -> list[Violation]:
    """Every way ``route`` breaks the rules of ``problem``; an empty list when none.

    The verifier twin of :func:`~deepmarketing.routing.plan_day`. It uses the problem's
    travel model and nothing the solver computed: each leg's travel time, each visit's
    window, service time and order of events, the break, the shift, the required stops.

    Args:
        problem: The day's problem.
        route: A :class:`DayRoute` (from the solver or made by hand), or just the order of
            customer ids a consultant chose: then the schedule is the earliest one for that
            order (see :func:`schedule_day`) and it is checked the same way.

    Returns:
        One :class:`Violation` per problem found, in route order, the day-level ones last.

    Examples:
        >>> import pendulum
        >>> from deepmarketing.routing import TravelModel
        >>> travel = TravelModel.from_matrix(
        ...     [[0, 1800, 1800], [1800, 0, 600], [1800, 600, 0]], places=["home", "A", "B"]
        ... )
        >>> day = pendulum.datetime(2026, 7, 1, 8, tz="Asia/Shanghai")
        >>> problem = DayProblem(
        ...     travel,
        ...     [Stop("A", windows=[(day, day.add(hours=1))]), Stop("B", required=True)],
        ...     start="home",
        ...     shift_start=day,
        ...     shift_end=day.add(hours=9),
        ... )
        >>> check_day(problem, ["A", "B"])
        []
        >>> for violation in check_day(problem, ["B", "A"]):
        ...     print(violation)
        'A': window: starts at 09:10, outside every window (08:00-09:00)
    """
    if not isinstance(route, DayRoute):
        from deepmarketing.routing._schedule import schedule_day

        route = schedule_day(problem, route)
    return _Checker(problem, route).run()


class _Checker:
    """Recompute a route's timings from the problem and collect what is wrong."""

    def __init__(self, problem: DayProblem, route: DayRoute):
        self.problem = problem
        self.route = route
        self.found: list[Violation] = []
        self.stops = {stop.customer: stop for stop in problem.stops}

    def add(self, customer: Hashable | None, kind: str, detail: str) -> None:
        self.found.append(Violation(customer, kind, detail=detail))

    def leg(self, origin: Hashable, visit: Visit | None) -> float:
        """The model's travel time to ``visit`` (or the end place), checking the stated one."""
        problem = self.problem
        destination = problem.end if visit is None else visit.place
        seconds = problem.travel.duration(origin, destination)
        stated = self.route.return_travel if visit is None else visit.travel
        if abs(_seconds(stated) - seconds) > TOLERANCE:
            who = None if visit is None else visit.customer
            self.add(
                who,
                "travel",
                f"states {span(_seconds(stated))} of travel from {origin!r}; the travel model "
                f"says {span(seconds)}",
            )
        return seconds

    def run(self) -> list[Violation]:
        problem, route = self.problem, self.route
        lunch = route.lunch
        if problem.offset(route.departure) < -TOLERANCE:
            self.add(
                None,
                "shift_start",
                f"leaves at {clock(route.departure)}, before the shift starts at "
                f"{clock(problem.shift_start)}",
            )
        place: Hashable = problem.start
        ready: datetime = route.departure
        seen: set[Hashable] = set()
        for number, visit in enumerate(route.visits):
            stop = self.stops.get(visit.customer)
            if stop is None:
                self.add(visit.customer, "unknown", "is not a stop of the problem")
                continue
            if visit.customer in seen:
                self.add(visit.customer, "duplicate", "is visited more than once")
            seen.add(visit.customer)
            if visit.place != stop.place:
                self.add(
                    visit.customer, "place", f"visited at {visit.place!r}, not at {stop.place!r}"
                )
            seconds = self.leg(place, visit)
            not_before = None
            if lunch is not None and lunch.after == number:
                ready, not_before = self.check_break(lunch, place, ready, visit.place, seconds)
            self.check_visit(stop, visit, ready, seconds, place, not_before)
            place, ready = stop.place, visit.departure
        seconds = self.leg(place, None)
        if lunch is not None and lunch.after == len(route.visits):
            ready, not_before = self.check_break(lunch, place, ready, problem.end, seconds)
            if not_before is not None and route.back < not_before:
                self.add(None, "break", "the break at the end place ends after the day is over")
        earliest_back = problem.offset(ready) + seconds
        if problem.offset(route.back) < earliest_back - TOLERANCE:
            self.add(
                None,
                "timing",
                f"back at {clock(route.back)}, but the drive from {place!r} ends at "
                f"{clock(problem.at(earliest_back))} at the earliest",
            )
        if route.back > problem.shift_end.add(microseconds=round(TOLERANCE * 1e6)):
            self.add(
                None,
                "shift_end",
                f"back at {clock(route.back)}, after the shift ends at {clock(problem.shift_end)}",
            )
        self.check_break_owed()
        for stop in problem.stops:
            if stop.required and stop.customer not in seen:
                self.add(stop.customer, "missing_required", "is required but not visited")
        visited_priority = sum(self.stops[c].priority for c in seen)
        if route.priority != visited_priority:
            self.add(
                None,
                "totals",
                f"states priority {route.priority}; the visits add up to {visited_priority}",
            )
        return self.found

    def check_visit(
        self,
        stop: Stop,
        visit: Visit,
        ready: datetime,
        seconds: float,
        origin: Hashable,
        not_before: datetime | None,
    ) -> None:
        problem = self.problem
        earliest = problem.offset(ready) + seconds
        if problem.offset(visit.arrival) < earliest - TOLERANCE:
            self.add(
                stop.customer,
                "timing",
                f"arrives at {clock(visit.arrival)}, but leaving {origin!r} at {clock(ready)} "
                f"it takes {span(seconds)}: {clock(problem.at(earliest))} at the earliest",
            )
        if visit.start < visit.arrival.subtract(microseconds=round(TOLERANCE * 1e6)):
            self.add(
                stop.customer,
                "timing",
                f"starts at {clock(visit.start)}, before arriving at {clock(visit.arrival)}",
            )
        if not_before is not None and visit.start < not_before:
            self.add(
                stop.customer,
                "break",
                f"starts at {clock(visit.start)}, during the break taken on arrival (until "
                f"{clock(not_before)})",
            )
        start = problem.offset(visit.start)
        windows = stop.windows or (TimeWindow(problem.shift_start, problem.shift_end),)
        if not any(
            problem.offset(w.start) - TOLERANCE <= start <= problem.offset(w.end) + TOLERANCE
            for w in windows
        ):
            self.add(
                stop.customer,
                "window",
                f"starts at {clock(visit.start)}, outside every window "
                f"({', '.join(str(w) for w in windows)})",
            )
        needed = _seconds(stop.service)
        stayed = (visit.departure - visit.start).total_seconds()
        if stayed < needed - TOLERANCE:
            self.add(
                stop.customer,
                "service",
                f"leaves after {span(stayed)}; the visit takes {span(needed)}",
            )

    def check_break(
        self,
        lunch: ScheduledBreak,
        origin: Hashable,
        ready: datetime,
        destination: Hashable,
        seconds: float,
    ) -> tuple[datetime, datetime | None]:
        """Check the break between leaving ``origin`` and reaching ``destination``.

        Returns when the consultant can set off for ``destination`` and, for a break
        taken on arrival, the moment before which the visit there cannot start.
        """
        problem = self.problem
        window = problem.lunch
        if window is None:
            self.add(None, "break", "the route has a break but the problem has none")
            return ready, None
        length = (lunch.end - lunch.start).total_seconds()
        if length < _seconds(window.duration) - TOLERANCE:
            self.add(
                None,
                "break",
                f"the break lasts {span(length)}; it must last {span(_seconds(window.duration))}",
            )
        tolerance = pendulum.duration(microseconds=round(TOLERANCE * 1e6))
        if lunch.start < window.start - tolerance or lunch.end > window.end + tolerance:
            self.add(
                None,
                "break",
                f"the break {clock(lunch.start)}-{clock(lunch.end)} is outside its window "
                f"{clock(window.start)}-{clock(window.end)}",
            )
        on_arrival = lunch.place == destination and (
            lunch.place != origin
            or problem.offset(lunch.start) >= problem.offset(ready) + seconds - TOLERANCE
        )
        if lunch.place == origin and not on_arrival:  # taken before the drive
            if lunch.start < ready - tolerance:
                self.add(
                    None,
                    "break",
                    f"the break starts at {clock(lunch.start)}, before the previous visit "
                    f"ends at {clock(ready)}",
                )
            return lunch.end, None
        if lunch.place == destination:  # taken on arrival, before the visit
            arrival = problem.offset(ready) + seconds
            if problem.offset(lunch.start) < arrival - TOLERANCE:
                self.add(
                    None,
                    "break",
                    f"the break at {destination!r} starts at {clock(lunch.start)}, before "
                    f"arriving there at {clock(problem.at(arrival))}",
                )
            return ready, lunch.end
        self.add(
            None,
            "break",
            f"the break is at {lunch.place!r}; expected the place just left ({origin!r}) or "
            f"the next one ({destination!r})",
        )
        return ready, None

    def check_break_owed(self) -> None:
        problem, route = self.problem, self.route
        window = problem.lunch
        if window is None or route.lunch is not None:
            return
        latest_start = window.end - window.duration
        home_break_end = window.start + window.duration
        if route.back > latest_start and route.departure < home_break_end:
            self.add(
                None,
                "break",
                f"no break, but the day runs from {clock(route.departure)} to "
                f"{clock(route.back)}, over the whole {window}",
            )
