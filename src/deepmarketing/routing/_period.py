"""Several weeks of visits: the problem, the plan, and its verifier.

A :class:`PeriodProblem` lists a consultant's accounts (:class:`Account`): how often each customer
is to be visited (a :class:`Frequency`), how close together and how far apart two visits
may be, on which weekdays and at which times of day the customer receives visits, the
date of the last real visit, and fixed appointments. A :class:`PeriodPlan` gives each
working day's :class:`~deepmarketing.routing.DayRoute` and every visit it could not place,
with the reason.

The rules, shared by the planner and :func:`check_period`:

* visits happen on working days of the calendar, inside the window, on the account's
  weekdays;
* two consecutive visits of a customer are at least ``min_spacing`` and at most
  ``max_spacing`` days apart, counting from the last real visit before the window; an
  appointment is a visit (it resets the clock) but, agreed with the customer, is exempt
  from ``min_spacing``;
* coverage: every visit whose target date (one interval after the previous visit; the
  window's start for a customer never visited or overdue) falls inside the window is in
  the plan;
* each day is a feasible day route: windows, shift, lunch break (see
  :mod:`~deepmarketing.routing`'s day rules).
"""

from __future__ import annotations

import datetime as _dt
import enum
import math
import types
from collections.abc import Hashable, Iterable, Mapping
from fractions import Fraction
from typing import Any

import attrs
import pendulum

from deepmarketing.errors import RoutingError
from deepmarketing.periods import Period, WorkCalendar
from deepmarketing.routing._day import (
    Break,
    DayProblem,
    DayRoute,
    Stop,
    Violation,
    VisitPurpose,
    check_day,
    minutes,
)
from deepmarketing.routing._travel import TravelModel

__all__ = [
    "Account",
    "Appointment",
    "Frequency",
    "PeriodPlan",
    "PeriodProblem",
    "Unplaced",
    "UnplacedReason",
    "check_period",
]

_RECORD = "period problem"


def _to_date(value: Any) -> Any:
    if isinstance(value, _dt.datetime):
        return value
    if isinstance(value, _dt.date) and not isinstance(value, pendulum.Date):
        return pendulum.date(value.year, value.month, value.day)
    return value


def _is_date(value: object) -> bool:
    return isinstance(value, _dt.date) and not isinstance(value, _dt.datetime)


def _to_time(value: Any) -> Any:
    if isinstance(value, _dt.time) and not isinstance(value, pendulum.Time):
        return pendulum.time(value.hour, value.minute, value.second, value.microsecond)
    return value


@attrs.frozen
class Frequency:
    """How often a customer is to be visited: once every ``interval`` days.

    Build one with :meth:`per_week`, :meth:`per_fortnight`, :meth:`per_month` or
    :meth:`every`. A month counts as 28 days (four weeks), the cadence a field plan
    actually runs on.

    Args:
        interval: Days between visits, a positive exact fraction (``7/2`` for twice a week).

    Examples:
        >>> Frequency.per_week(2).interval
        Fraction(7, 2)
        >>> str(Frequency.per_fortnight()), str(Frequency.every(10))
        ('every 14 days', 'every 10 days')
    """

    interval: Fraction = attrs.field(converter=Fraction)

    def __attrs_post_init__(self) -> None:
        if self.interval <= 0:
            raise RoutingError(
                f"expected a positive number of days between visits, got {self.interval}",
                record="Frequency",
            )

    @classmethod
    def per_week(cls, visits: int = 1) -> Frequency:
        """``visits`` visits a week."""
        return cls(Fraction(7, _positive(visits)))

    @classmethod
    def per_fortnight(cls, visits: int = 1) -> Frequency:
        """``visits`` visits every two weeks."""
        return cls(Fraction(14, _positive(visits)))

    @classmethod
    def per_month(cls, visits: int = 1) -> Frequency:
        """``visits`` visits every four weeks."""
        return cls(Fraction(28, _positive(visits)))

    @classmethod
    def every(cls, days: int) -> Frequency:
        """One visit every ``days`` days."""
        return cls(Fraction(_positive(days)))

    def __str__(self) -> str:
        days = self.interval
        shown = str(days.numerator) if days.denominator == 1 else f"{float(days):.1f}"
        return f"every {shown} days"


def _positive(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        raise RoutingError(f"expected a whole number > 0, got {value!r}", record="Frequency")
    return value


@attrs.frozen
class Appointment:
    """A visit fixed with the customer: a date, a time window, a purpose.

    Args:
        date: The day.
        start: Earliest start time of the visit on that day.
        end: Latest start time.
        purpose: Why; the account's usual purpose (and its service time) when not given.
    """

    date: pendulum.Date = attrs.field(converter=_to_date)
    start: pendulum.Time = attrs.field(converter=_to_time)
    end: pendulum.Time = attrs.field(converter=_to_time)
    purpose: VisitPurpose | None = attrs.field(
        default=None, kw_only=True, converter=attrs.converters.optional(VisitPurpose)
    )

    def __attrs_post_init__(self) -> None:
        if not _is_date(self.date):
            raise RoutingError(f"expected a date, got {self.date!r}", record="Appointment")
        if self.end < self.start:
            raise RoutingError(
                f"window ends at {self.end} before it starts at {self.start}",
                record="Appointment",
            )


def _to_windows(value: Any) -> Any:
    if isinstance(value, Iterable) and not isinstance(value, str | bytes):
        return tuple((_to_time(a), _to_time(b)) for a, b in value)
    return value


def _to_weekdays(value: Any) -> frozenset[int]:
    return frozenset(value)


def _frequency(instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, Frequency):
        raise RoutingError(
            f"frequency is {value!r}; expected a Frequency",
            record=f"account {getattr(instance, 'customer', '?')!r}",
        )


def _default_min(account: Account) -> int:
    frequency: object = account.frequency
    if not isinstance(frequency, Frequency):
        return 1  # the frequency's validator names the problem
    return max(1, math.ceil(frequency.interval * 7 / 10))


def _default_max(account: Account) -> int:
    frequency: object = account.frequency
    if not isinstance(frequency, Frequency):
        return 1
    return max(account.min_spacing, math.floor(frequency.interval * 13 / 10))


def _to_appointments(value: Iterable[Appointment]) -> tuple[Appointment, ...]:
    return tuple(value)


def _to_accounts(value: Iterable[Account]) -> tuple[Account, ...]:
    return tuple(value)


def _to_shift(value: tuple[_dt.time, _dt.time]) -> tuple[pendulum.Time, pendulum.Time]:
    start, end = value
    return _to_time(start), _to_time(end)


@attrs.frozen
class Account:
    """A customer in the plan: how often, when and how long to visit.

    Args:
        customer: The customer id.
        place: The customer's place in the travel model; the customer id when not given.
        frequency: How often to visit.
        min_spacing: Fewest days between two visits; default: 70% of the interval,
            rounded up (5 days for weekly visits).
        max_spacing: Most days between two visits; default: the interval plus 30%,
            rounded down, and never less than ``min_spacing`` (9 days for weekly visits).
        weekdays: The weekdays the customer receives visits, ``date.weekday()`` numbers
            (0 = Monday); all by default.
        windows: Times of day a visit may start, as ``(start, end)`` pairs of times; any
            time in the shift when empty.
        service: How long a visit takes; the problem's duration for the purpose when not
            given.
        purpose: The usual purpose of the visits.
        priority: How much the customer matters (passed on to each day's plan).
        last_visit: The date of the last real visit before the window, if any.
        appointments: Visits fixed with the customer.

    Examples:
        >>> a = Account("C-1", frequency=Frequency.per_week())
        >>> a.min_spacing, a.max_spacing, a.place
        (5, 9, 'C-1')
    """

    customer: Hashable
    place: Hashable = attrs.field(default=None, kw_only=True)
    frequency: Frequency = attrs.field(kw_only=True, validator=_frequency)
    min_spacing: int = attrs.field(
        default=attrs.Factory(_default_min, takes_self=True), kw_only=True
    )
    max_spacing: int = attrs.field(
        default=attrs.Factory(_default_max, takes_self=True), kw_only=True
    )
    weekdays: frozenset[int] = attrs.field(
        default=frozenset(range(7)), kw_only=True, converter=_to_weekdays
    )
    windows: tuple[tuple[pendulum.Time, pendulum.Time], ...] = attrs.field(
        default=(), kw_only=True, converter=_to_windows
    )
    service: pendulum.Duration | None = attrs.field(default=None, kw_only=True)
    purpose: VisitPurpose = attrs.field(
        default=VisitPurpose.OTHER, kw_only=True, converter=VisitPurpose
    )
    priority: int = attrs.field(default=1, kw_only=True)
    last_visit: pendulum.Date | None = attrs.field(default=None, kw_only=True, converter=_to_date)
    appointments: tuple[Appointment, ...] = attrs.field(
        default=(), kw_only=True, converter=_to_appointments
    )

    def __attrs_post_init__(self) -> None:
        problems = []
        if self.place is None:
            object.__setattr__(self, "place", self.customer)
        for name in ("min_spacing", "max_spacing"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                problems.append(f"{name} is {value!r}; expected a whole number of days >= 1")
        if not problems and self.max_spacing < self.min_spacing:
            problems.append(
                f"max_spacing {self.max_spacing} is below min_spacing {self.min_spacing}"
            )
        if not self.weekdays or not all(isinstance(d, int) and 0 <= d <= 6 for d in self.weekdays):
            problems.append(f"weekdays are {sorted(self.weekdays)!r}; expected some of 0..6")
        for a, b in self.windows:
            if not (isinstance(a, _dt.time) and isinstance(b, _dt.time)) or b < a:
                problems.append(f"window {a}-{b} is not a pair of times with start <= end")
        if self.last_visit is not None and not _is_date(self.last_visit):
            problems.append(f"last_visit is {self.last_visit!r}; expected a date")
        if self.service is not None and (
            not isinstance(self.service, _dt.timedelta) or self.service < _dt.timedelta(0)
        ):
            problems.append(f"service is {self.service!r}; expected a duration >= 0")
        if (
            not isinstance(self.priority, int)
            or isinstance(self.priority, bool)
            or self.priority < 0
        ):
            problems.append(f"priority is {self.priority!r}; expected a whole number >= 0")
        if problems:
            raise RoutingError("; ".join(problems), record=f"account {self.customer!r}")


def _to_window(value: Any) -> tuple[pendulum.Date, pendulum.Date]:
    if isinstance(value, Period):
        return value.start, value.end
    start, end = value
    return _to_date(start), _to_date(end)


_DEFAULT_SERVICE = {
    VisitPurpose.DEVELOP: 45,
    VisitPurpose.RESEARCH: 30,
    VisitPurpose.COLLECT: 20,
    VisitPurpose.SERVICE: 30,
    VisitPurpose.COMPLAINT: 45,
    VisitPurpose.ORDER: 20,
    VisitPurpose.OTHER: 30,
}


def _to_services(value: Mapping[Any, _dt.timedelta]) -> Mapping[VisitPurpose, pendulum.Duration]:
    """The defaults overridden by ``value``, as a read-only mapping."""
    full = {p: pendulum.duration(minutes=m) for p, m in _DEFAULT_SERVICE.items()}
    for purpose, duration in value.items():
        full[VisitPurpose(purpose)] = pendulum.duration(seconds=duration.total_seconds())
    return types.MappingProxyType(full)


@attrs.frozen
class PeriodProblem:
    """A consultant's accounts over a planning window of working days.

    Args:
        travel: Travel between the start and end places and every account's place.
        accounts: The customers to plan, each once.
        window: The days to plan: a :class:`~deepmarketing.periods.Period` or a
            ``(first, last)`` pair of dates.
        calendar: Which days are worked.
        start: Where each day starts (home or office).
        end: Where each day ends; ``start`` when not given.
        shift: The daily shift as ``(start, end)`` times.
        timezone: The time zone of the shift and of every time of day (an IANA name).
        lunch: The daily break as ``(earliest start, latest end, duration)``, or ``None``.
        services: Visit duration by purpose, over the defaults (20 to 45 minutes).

    Raises:
        RoutingError: Listing every problem: accounts listed twice, places missing from
            the travel model, a window with no working day, a shift ending before it
            starts.
    """

    travel: TravelModel
    accounts: tuple[Account, ...] = attrs.field(converter=_to_accounts)
    window: tuple[pendulum.Date, pendulum.Date] = attrs.field(kw_only=True, converter=_to_window)
    calendar: WorkCalendar = attrs.field(kw_only=True, factory=WorkCalendar)
    start: Hashable = attrs.field(kw_only=True)
    end: Hashable = attrs.field(default=None, kw_only=True)
    shift: tuple[pendulum.Time, pendulum.Time] = attrs.field(
        default=(pendulum.time(8), pendulum.time(17, 30)),
        kw_only=True,
        converter=_to_shift,
    )
    timezone: str = attrs.field(default="Asia/Shanghai", kw_only=True)
    lunch: tuple[pendulum.Time, pendulum.Time, pendulum.Duration] | None = attrs.field(
        default=(pendulum.time(11, 30), pendulum.time(13, 30), pendulum.duration(minutes=45)),
        kw_only=True,
    )
    services: Mapping[VisitPurpose, pendulum.Duration] = attrs.field(
        factory=dict, kw_only=True, converter=_to_services
    )

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
        for account in self.accounts:
            if account.customer in seen:
                problems.append(f"account {account.customer!r} is listed twice")
            seen.add(account.customer)
        problems.extend(
            f"account {a.customer!r}: place {a.place!r} is not in the travel model"
            for a in self.accounts
            if a.place not in self.travel
        )
        problems.extend(
            f"{name} place {getattr(self, name)!r} is not in the travel model"
            for name in ("start", "end")
            if getattr(self, name) not in self.travel
        )
        first, last = self.window
        if not (_is_date(first) and _is_date(last)) or last < first:
            problems.append(f"window {first}..{last} is not two dates in order")
        elif not self.workdays():
            problems.append(f"window {first}..{last} has no working day")
        if self.shift[1] <= self.shift[0]:
            problems.append(f"the shift {self.shift[0]}-{self.shift[1]} ends before it starts")
        try:
            pendulum.timezone(self.timezone)
        except Exception:
            problems.append(f"timezone {self.timezone!r} is not a known time zone")
        if problems:
            raise RoutingError("; ".join(problems), record=_RECORD)

    def workdays(self) -> list[pendulum.Date]:
        """The working days of the window, in order."""
        first, last = self.window
        days = []
        day = first
        while day <= last:
            if self.calendar.is_workday(day):
                days.append(day)
            day = day.add(days=1)
        return days

    def account(self, customer: Hashable) -> Account:
        """The account of ``customer``.

        Raises:
            RoutingError: If there is none.
        """
        for account in self.accounts:
            if account.customer == customer:
                return account
        raise RoutingError(f"no account for customer {customer!r}", record=_RECORD)

    def service_of(
        self, account: Account, purpose: VisitPurpose | None = None
    ) -> pendulum.Duration:
        """How long a visit to ``account`` takes (for ``purpose``, else its usual one)."""
        if account.service is not None and purpose in (None, account.purpose):
            return account.service
        return self.services[purpose or account.purpose]

    def moment(self, day: _dt.date, time: _dt.time) -> pendulum.DateTime:
        """``time`` on ``day`` in the problem's time zone."""
        return pendulum.datetime(
            day.year, day.month, day.day, time.hour, time.minute, time.second, tz=self.timezone
        )

    def day_problem(self, day: _dt.date, customers: Iterable[Hashable]) -> DayProblem:
        """The day's problem with ``customers`` as required stops (for a day's route)."""
        stops = []
        for customer in customers:
            account = self.account(customer)
            appointment = next((a for a in account.appointments if a.date == day), None)
            if appointment is not None:
                windows = [(self.moment(day, appointment.start), self.moment(day, appointment.end))]
                purpose = appointment.purpose or account.purpose
            else:
                windows = [(self.moment(day, a), self.moment(day, b)) for a, b in account.windows]
                purpose = account.purpose
            stops.append(
                Stop(
                    customer,
                    place=account.place,
                    service=self.service_of(account, purpose),
                    windows=windows,
                    priority=account.priority,
                    required=True,
                    purpose=purpose,
                )
            )
        lunch = None
        if self.lunch is not None:
            begin, finish, duration = self.lunch
            lunch = Break(self.moment(day, begin), self.moment(day, finish), duration=duration)
        return DayProblem(
            self.travel,
            stops,
            start=self.start,
            end=self.end,
            shift_start=self.moment(day, self.shift[0]),
            shift_end=self.moment(day, self.shift[1]),
            lunch=lunch,
        )


def first_range(
    account: Account, start: pendulum.Date
) -> tuple[pendulum.Date, pendulum.Date, pendulum.Date]:
    """When the first visit in a window starting on ``start`` may fall: ``(lo, hi, target)``.

    After a last visit: ``min_spacing`` to ``max_spacing`` days after it (from the window's
    start on), aiming at one interval after it. Never visited: within the first interval
    of the window. Overdue (the last visit is more than ``max_spacing`` days before the
    window): within the first ``max(2, min_spacing)`` days. A visit is due in a window
    when its target falls inside it.
    """
    last = account.last_visit
    interval = account.frequency.interval
    if last is None:
        return start, start.add(days=max(1, math.ceil(interval)) - 1), start
    lo, hi = last.add(days=account.min_spacing), last.add(days=account.max_spacing)
    if hi < start:  # overdue: as soon as possible
        return start, start.add(days=max(2, account.min_spacing) - 1), start
    return max(lo, start), hi, max(start, last.add(days=round(interval)))


class UnplacedReason(enum.StrEnum):
    """Why a visit that was due could not be placed."""

    NO_ALLOWED_DAY = "no_allowed_day"
    """No working day on the customer's weekdays within the spacing range."""
    DAY_CAPACITY = "day_capacity"
    """Allowed days exist, but none has room left for the visit."""
    SPACING = "spacing"
    """The spacing rules cannot be met (e.g. an appointment too close)."""


@attrs.frozen
class Unplaced:
    """A visit the plan could not place: the customer, when it was due, and why."""

    customer: Hashable
    due: pendulum.Date
    reason: UnplacedReason
    detail: str = attrs.field(kw_only=True)

    def __str__(self) -> str:
        return f"{self.customer} (due {self.due}): {self.reason.value}: {self.detail}"


@attrs.frozen(kw_only=True)
class PeriodPlan:
    """Each working day's route over the window, and the visits that could not be placed.

    Args:
        problem: The problem planned (after a re-plan: the problem from ``as_of`` on).
        days: ``(date, route)`` for every working day of the window, in order.
        unplaced: Every due visit left out, with its reason.
        past: After a re-plan: the days before ``as_of``, as the reports say they went.
        moved: After a re-plan: how many visits from ``as_of`` on changed day.
    """

    problem: PeriodProblem
    days: tuple[tuple[pendulum.Date, DayRoute], ...]
    unplaced: tuple[Unplaced, ...] = ()
    past: tuple[tuple[pendulum.Date, DayRoute], ...] = ()
    moved: int = 0

    @property
    def routes(self) -> dict[pendulum.Date, DayRoute]:
        """Each day's route by date."""
        return dict(self.days)

    def visits_of(self, customer: Hashable) -> tuple[pendulum.Date, ...]:
        """The dates ``customer`` is visited, in order."""
        return tuple(day for day, route in self.days if customer in route.customers)

    @property
    def visit_count(self) -> int:
        """How many visits the plan holds."""
        return sum(len(route.visits) for _, route in self.days)

    @property
    def travel_time(self) -> pendulum.Duration:
        """Total driving time over the window."""
        return pendulum.duration(seconds=sum(r.cost for _, r in self.days))

    def working_times(self) -> dict[pendulum.Date, pendulum.Duration]:
        """Each day's working time (leaving to return, the break excluded; 0 for an empty day)."""
        return {
            day: route.working_time if route.visits else pendulum.duration()
            for day, route in self.days
        }

    @property
    def spread(self) -> pendulum.Duration:
        """Longest minus shortest working time over the days with visits."""
        times = [t.total_seconds() for t in self.working_times().values() if t.total_seconds()]
        return pendulum.duration(seconds=(max(times) - min(times)) if times else 0)

    def is_feasible(self) -> bool:
        """Whether every due visit is placed and every day's route is feasible."""
        return not self.unplaced and all(route.is_feasible() for _, route in self.days)

    def summary(self) -> str:
        """A compact calendar: each day's customers, visits and travel; then the totals."""
        lines = []
        for day, route in self.days:
            names = ", ".join(str(c) for c in route.customers) or "-"
            working = route.working_time.total_seconds() if route.visits else 0.0
            lines.append(
                f"{day} {day.format('ddd')}: {len(route.visits):>2} "
                f"{'visit, ' if len(route.visits) == 1 else 'visits,'} travel "
                f"{minutes(route.cost):>6}, working {minutes(working):>6}  {names}"
            )
        travel = minutes(self.travel_time.total_seconds())
        lines.append(
            f"total: {self.visit_count} visits, travel {travel}, "
            f"spread of working time {minutes(self.spread.total_seconds())}"
            + ("" if self.is_feasible() else ", NOT FEASIBLE")
            + (f", {self.moved} visits moved" if self.moved else "")
        )
        if self.unplaced:
            lines.append(f"unplaced ({len(self.unplaced)}):")
            lines.extend(f"  {u}" for u in self.unplaced)
        return "\n".join(lines)


def check_period(problem: PeriodProblem, plan: PeriodPlan) -> list[Violation]:
    """Every way ``plan`` breaks the rules of ``problem`` (module docstring); ``[]`` if none.

    The verifier twin of :func:`~deepmarketing.routing.plan_period`: each day's route is
    checked by :func:`~deepmarketing.routing.check_day` against the day's problem with
    the day's customers required; then every account's visits for weekdays, working days,
    spacing and coverage, and the appointments for being kept.

    Args:
        problem: The problem.
        plan: A plan from the planner or made by hand.

    Returns:
        The violations, day by day, then account by account.
    """
    found: list[Violation] = []
    workdays = set(problem.workdays())
    known = {a.customer for a in problem.accounts}
    visits: dict[Hashable, list[pendulum.Date]] = {c: [] for c in known}
    for day, route in plan.days:
        if day not in workdays:
            found.extend(
                Violation(c, "day", detail=f"visited on {day}, not a working day of the window")
                for c in route.customers
            )
        customers = [c for c in route.customers if c in known]
        found.extend(
            Violation(c, "unknown", detail="is not an account of the problem")
            for c in route.customers
            if c not in known
        )
        if len(customers) < len(route.customers):
            pass  # a day with unknown customers: its schedule cannot be checked against them
        elif len(set(customers)) == len(customers):
            found.extend(
                attrs.evolve(violation, detail=f"{day}: {violation.detail}")
                for violation in check_day(problem.day_problem(day, customers), route)
            )
        else:
            found.extend(
                Violation(c, "duplicate", detail=f"visited more than once on {day}")
                for c in sorted(set(customers), key=str)
                if customers.count(c) > 1
            )
        for c in dict.fromkeys(customers):
            visits[c].append(day)
    first, last = problem.window
    for account in problem.accounts:
        c = account.customer
        dates = sorted(visits[c])
        fixed = {a.date for a in account.appointments}
        found.extend(
            Violation(c, "appointment", detail=f"the appointment on {a.date} is not kept")
            for a in account.appointments
            if first <= a.date <= last and a.date not in dates
        )
        found.extend(
            Violation(
                c,
                "weekday",
                detail=f"visited on {day} ({day.format('dddd')}), not one of its weekdays",
            )
            for day in dates
            if day.weekday() not in account.weekdays and day not in fixed
        )
        lo, hi, target = first_range(account, first)
        previous = None
        for day in dates:
            if previous is None:
                if not lo <= day <= hi and day not in fixed:
                    found.append(
                        Violation(
                            c,
                            "spacing",
                            detail=f"first visit on {day}; expected between {lo} and {hi}",
                        )
                    )
            else:
                gap = (day - previous).days
                if gap < account.min_spacing and day not in fixed and previous not in fixed:
                    found.append(
                        Violation(
                            c,
                            "spacing",
                            detail=f"visits on {previous} and {day} are {gap} days apart; at "
                            f"least {account.min_spacing} expected",
                        )
                    )
                if gap > account.max_spacing:
                    found.append(
                        Violation(
                            c,
                            "spacing",
                            detail=f"visits on {previous} and {day} are {gap} days apart; at "
                            f"most {account.max_spacing} expected",
                        )
                    )
            previous = day
        if previous is not None:
            target = previous.add(days=round(account.frequency.interval))
        if target <= last:
            found.append(
                Violation(
                    c,
                    "coverage",
                    detail=f"a visit was due around {target}"
                    + ("" if previous is None else f" (the last is on {previous})")
                    + " and the plan has none",
                )
            )
    return found
