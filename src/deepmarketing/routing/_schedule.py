"""A day problem in numbers, and the schedule of a given order of visits.

:class:`DayData` turns a :class:`~deepmarketing.routing.DayProblem` into plain floats:
seconds from the shift start, a travel matrix over the stops plus the start and end
places, each stop's windows clipped to the shift and merged. The solvers and
:func:`schedule_day` share it, so the rules of time are written once:

* :func:`earliest` is the first moment a visit can start when the consultant is ready
  at ``t``;
* :func:`break_leg` takes the break on the way between two places, on arrival when that
  fits, else before setting off.

:func:`schedule_day` gives the earliest schedule of an order of customers, the break at
its best position, and builds the :class:`~deepmarketing.routing.DayRoute`, including
why every other stop is left out.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Sequence

import attrs
import pendulum

from deepmarketing.errors import RoutingError
from deepmarketing.routing._day import (
    DayProblem,
    DayRoute,
    ScheduledBreak,
    Unvisited,
    UnvisitedReason,
    Visit,
    _Checker,
    clock,
    span,
)

__all__ = ["DayData", "break_leg", "earliest", "schedule_day"]

_EPS = 1e-9

Windows = list[tuple[float, float]]


def earliest(windows: Windows, t: float) -> float | None:
    """The first start at or after ``t`` inside one of ``windows`` (sorted), else ``None``."""
    for a, b in windows:
        if t <= b:
            return a if a > t else t
    return None


def latest(windows: Windows, t: float) -> float | None:
    """The last start at or before ``t`` inside one of ``windows`` (sorted), else ``None``."""
    for a, b in reversed(windows):
        if a <= t:
            return b if b < t else t
    return None


def break_leg(
    t: float, dt: float, lunch: tuple[float, float, float]
) -> tuple[float, float, bool] | None:
    """Take the break between being ready at ``t`` and a drive of ``dt`` seconds.

    Returns ``(ready, break_start, on_arrival)``: when the consultant is ready at the
    destination, when the break starts, and whether it is taken on arrival (else before
    setting off); ``None`` when the break's window has passed either way. On arrival is
    tried first: it is never later, as waiting for the break window can overlap the drive.
    """
    start, last_start, duration = lunch
    arrival = t + dt
    b = arrival if arrival > start else start
    if b <= last_start + _EPS:
        return b + duration, b, True
    b = t if t > start else start
    if b <= last_start + _EPS:
        return b + duration + dt, b, False
    return None


class DayData:
    """The problem as floats: seconds from the shift start, indices instead of ids.

    Stops are numbered ``0 .. n-1`` in the problem's order; ``n`` is the start place and
    ``n + 1`` the end place in the travel matrices ``d`` (seconds) and ``m`` (metres or
    ``None``).
    """

    def __init__(self, problem: DayProblem):
        self.problem = problem
        stops = problem.stops
        n = self.n = len(stops)
        self.start, self.end = n, n + 1
        travel = problem.travel
        places: list[Hashable] = [s.place for s in stops] + [problem.start, problem.end]
        self.places = places
        position = [travel.index(p) for p in places]
        full = travel.durations_matrix() if len(travel) <= 4 * len(places) else None
        if full is not None:
            self.d = [[full[i][j] for j in position] for i in position]
        else:
            self.d = [[travel.duration(a, b) for b in places] for a in places]
        self.m = (
            [[travel.distance(a, b) or 0.0 for b in places] for a in places]
            if travel.has_distances
            else None
        )
        self.horizon = problem.offset(problem.shift_end)
        self.service = [s.service.total_seconds() for s in stops]
        self.priority = [s.priority for s in stops]
        self.required = [s.required for s in stops]
        self.windows: list[Windows] = [self._windows(i) for i in range(n)]
        lunch = problem.lunch
        self.lunch: tuple[float, float, float] | None = None
        if lunch is not None:
            duration = lunch.duration.total_seconds()
            self.lunch = (
                problem.offset(lunch.start),
                problem.offset(lunch.end) - duration,
                duration,
            )
        self.index = {s.customer: i for i, s in enumerate(stops)}
        self.triangle = self._triangle()

    def _windows(self, i: int) -> Windows:
        """Stop ``i``'s windows in seconds, clipped to the shift, sorted and merged."""
        stop = self.problem.stops[i]
        horizon = self.horizon
        if not stop.windows:
            return [(0.0, horizon)]
        spans = sorted(
            (max(0.0, self.problem.offset(w.start)), min(horizon, self.problem.offset(w.end)))
            for w in stop.windows
        )
        merged: Windows = []
        for a, b in spans:
            if a > b:
                continue
            if merged and a <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], b))
            else:
                merged.append((a, b))
        return merged

    def _triangle(self) -> bool:
        """Whether no detour through another place is faster than the direct drive."""
        d = self.d
        k = len(d)
        if k > 80:
            return False
        return all(
            d[i][j] <= d[i][h] + d[h][j] + _EPS
            for h in range(k)
            for i in range(k)
            for j in range(k)
        )

    # -- simulation ---------------------------------------------------------------------

    def simulate(
        self,
        order: Sequence[int],
        break_after: int | None,
        *,
        strict: bool = True,
        depart: float = 0.0,
    ) -> _Timing | None:
        """The earliest schedule of ``order`` with the break before visit ``break_after``.

        ``break_after`` counts visits before the break (``len(order)``: after the last);
        ``None``: no break. With ``strict``, returns ``None`` when a window, the break's
        window or the shift end is missed; otherwise a missed window starts the visit on
        arrival anyway and the schedule goes on (the checker then names the problem).
        ``depart`` is the earliest departure, in seconds from the shift start.
        """
        d, lunch = self.d, self.lunch
        place = self.start
        t = depart
        arrivals: list[float] = []
        starts: list[float] = []
        brk: tuple[float, int, bool] | None = None
        for k, i in enumerate([*order, self.end]):
            dt = d[place][i]
            ready = t + dt
            arrival = ready
            if break_after == k and lunch is not None:
                taken = break_leg(t, dt, lunch)
                if taken is None:
                    if strict:
                        return None
                    b = max(t, lunch[0])
                    taken = (b + lunch[2] + dt, b, False)
                ready, b, on_arrival = taken
                arrival = t + dt if on_arrival else b + lunch[2] + dt
                brk = (b, k, on_arrival)
            if i == self.end:
                if strict and ready > self.horizon + _EPS:
                    return None
                return _Timing(list(order), arrivals, starts, ready, brk)
            s = earliest(self.windows[i], ready)
            if s is None:
                if strict:
                    return None
                s = ready
            arrivals.append(arrival)
            starts.append(s)
            t = s + self.service[i]
            place = i
        raise AssertionError("unreachable")  # pragma: no cover

    def best_schedule(self, order: Sequence[int], *, strict: bool = True) -> _Timing | None:
        """The schedule of ``order`` with the break where it serves best.

        Without a break in the problem, the plain schedule. Otherwise: no break if none is
        owed (the day is over before the break's latest start, or can start after a full
        break at home), else the position giving the earliest return (strict) or the
        fewest missed rules, then the earliest return (lenient).
        """
        lunch = self.lunch
        if lunch is None:
            return self.simulate(order, None, strict=strict)
        plain = self.simulate(order, None, strict=strict)
        if plain is not None and self._clean(plain) and not self.owed(plain):
            return plain
        best: _Timing | None = None
        best_key: tuple[int, float, float] | None = None
        home = self.simulate(order, None, strict=strict, depart=lunch[0] + lunch[2])
        trials = [home] if home is not None and self._clean(home) else []
        trials.extend(
            timing
            for k in range(len(order) + 1)
            if (timing := self.simulate(order, k, strict=strict)) is not None
        )
        for timing in trials:
            key = (0 if strict else self._misses(timing), timing.back, math.fsum(timing.starts))
            if best_key is None or key < best_key:
                best, best_key = timing, key
        return best

    def compressed(self, timing: _Timing, break_after: int | None) -> _Timing:
        """The same order, leaving as late as possible without coming back later.

        Waiting moves to before the departure: the working day gets no longer than the
        windows force. When leaving after a full break at home brings the consultant back
        no later, that is preferred (no break on the road then). The departure is found by
        bisection: the return time does not decrease as the departure moves later.
        """
        order = timing.order
        if not order:
            return timing
        back = timing.back + 1e-6
        options: list[tuple[int | None, _Timing]] = []
        if self.lunch is not None:
            home = self.simulate(order, None, depart=self.lunch[0] + self.lunch[2])
            if home is not None and home.back <= back:
                options.append((None, home))
        options.append((break_after, timing))
        for brk, first in options:
            # the departure can move no later than the return minus the drives and visits
            low, high = self.latest_departure(first), first.back
            if brk is not None and brk == 0:
                low = 0.0  # a break on the first leg: its timing depends on the departure
            best = first
            for _ in range(40):
                if high - low < 1e-3:
                    break
                middle = (low + high) / 2
                trial = self.simulate(order, brk, depart=middle)
                if trial is not None and trial.back <= back:
                    best, low = trial, middle
                else:
                    high = middle
            if brk is None and self.owed(best):
                continue
            whole = self.simulate(order, brk, depart=math.floor(self.latest_departure(best)))
            if whole is not None and whole.back <= back and not (brk is None and self.owed(whole)):
                best = whole  # leave on a whole second: no sub-second noise in the times
            return best
        return timing

    def owed(self, timing: _Timing) -> bool:
        """Whether a schedule without a break still owes one (see the module docstring)."""
        if self.lunch is None:
            return False
        start, last_start, duration = self.lunch
        if timing.back <= last_start + _EPS:
            return False
        return self.latest_departure(timing) < start + duration - _EPS

    def latest_departure(self, timing: _Timing) -> float:
        """The latest departure that keeps the first visit's start (the shift start if none)."""
        if not timing.order:
            return 0.0
        return max(0.0, timing.starts[0] - self.d[self.start][timing.order[0]])

    def _clean(self, timing: _Timing) -> bool:
        return self._misses(timing) == 0

    def _misses(self, timing: _Timing) -> int:
        """How many windows, the break window and the shift end a lenient schedule misses."""
        misses = sum(
            1
            for i, s in zip(timing.order, timing.starts, strict=True)
            if not any(a - _EPS <= s <= b + _EPS for a, b in self.windows[i])
        )
        if timing.back > self.horizon + _EPS:
            misses += 1
        if (
            self.lunch is not None
            and timing.lunch is not None
            and timing.lunch[0] > self.lunch[1] + _EPS
        ):
            misses += 1
        return misses

    def travel(self, order: Sequence[int]) -> float:
        """Total drive time of ``order`` from the start place back to the end place."""
        d = self.d
        total = 0.0
        place = self.start
        for i in order:
            total += d[place][i]
            place = i
        return total + d[place][self.end]

    # -- reasons ------------------------------------------------------------------------

    def alone(self, i: int) -> tuple[UnvisitedReason, str] | None:
        """Why stop ``i`` cannot be visited even alone, or ``None`` when it can."""
        problem = self.problem
        windows = self.windows[i]
        there = self.d[self.start][i]
        closes = max((b for _, b in windows), default=None)
        if closes is None or there > closes + _EPS:
            shown = ", ".join(str(w) for w in problem.stops[i].windows) or "the shift"
            return (
                UnvisitedReason.WINDOW_CLOSED,
                (
                    f"window {shown} closes before the earliest possible arrival "
                    f"{clock(problem.at(there))} ({span(there)} from {problem.start!r} leaving "
                    f"at the shift start {clock(problem.shift_start)})"
                ),
            )
        if self.best_schedule([i]) is not None:
            return None
        s = earliest(windows, there)
        assert s is not None  # the window closes after the earliest arrival
        back = s + self.service[i] + self.d[i][self.end]
        if back > self.horizon + _EPS:
            return (
                UnvisitedReason.SHIFT_TOO_SHORT,
                (
                    f"alone it needs until {clock(problem.at(back))} (start "
                    f"{clock(problem.at(s))}, {span(self.service[i])} on site, "
                    f"{span(self.d[i][self.end])} back to {problem.end!r}); the shift ends at "
                    f"{clock(problem.shift_end)}"
                ),
            )
        return (
            UnvisitedReason.SHIFT_TOO_SHORT,
            (
                f"alone it fits only by skipping the {problem.lunch}: its windows and the "
                "drive leave no room for the break within the shift"
            ),
        )


@attrs.frozen
class _Timing:
    """A schedule in seconds: visit arrivals and starts, the return, the break."""

    order: list[int]
    arrivals: list[float]
    starts: list[float]
    back: float
    #: (start, visits before it, taken on arrival) or None
    lunch: tuple[float, int, bool] | None


def build_route(
    data: DayData,
    timing: _Timing,
    *,
    optimal: bool,
    left_out: Iterable[Unvisited] = (),
) -> DayRoute:
    """The :class:`DayRoute` of a schedule, checked by the verifier for its ``feasible``.

    The departure is put off so that the first visit involves no waiting, unless the
    break comes before it.
    """
    problem = data.problem
    order = timing.order
    d, m = data.d, data.m
    brk = timing.lunch
    if brk is not None and brk[1] == 0 and not brk[2] and data.lunch is not None:
        # a break before setting off is lunch at home: the day starts after it
        brk = None
    departure = 0.0
    arrivals = list(timing.arrivals)
    if order:
        first = order[0]
        if brk is not None and brk[1] == 0:  # the break on arrival at the first visit
            departure = max(0.0, brk[0] - d[data.start][first])
        else:
            departure = max(0.0, timing.starts[0] - d[data.start][first])
        arrivals[0] = departure + d[data.start][first]
    else:  # no visits: leave as late as still gets the consultant back on time
        drive = d[data.start][data.end]
        departure = max(0.0, (brk[0] if brk is not None else timing.back) - drive)
    visits = []
    place = data.start
    for i, arrival, start in zip(order, arrivals, timing.starts, strict=True):
        stop = problem.stops[i]
        visits.append(
            Visit(
                customer=stop.customer,
                place=stop.place,
                purpose=stop.purpose,
                travel=pendulum.duration(seconds=d[place][i]),
                distance=None if m is None else m[place][i],
                arrival=problem.at(arrival),
                start=problem.at(start),
                departure=problem.at(start + data.service[i]),
            )
        )
        place = i
    lunch = None
    if brk is not None and data.lunch is not None:
        b, after, on_arrival = brk
        at = (
            (order[after] if after < len(order) else data.end)
            if on_arrival
            else place_before(data, order, after)
        )
        lunch = ScheduledBreak(
            start=problem.at(b),
            end=problem.at(b + data.lunch[2]),
            place=data.places[at],
            after=after,
        )
    visited = set(order)
    route = DayRoute(
        departure=problem.at(departure),
        visits=tuple(visits),
        return_travel=pendulum.duration(seconds=d[place][data.end]),
        return_distance=None if m is None else m[place][data.end],
        back=problem.at(timing.back),
        lunch=lunch,
        unvisited=tuple(sorted(left_out, key=lambda u: data.index[u.customer])),
        feasible=False,
        optimal=optimal,
        priority=sum(data.priority[i] for i in visited),
    )
    return attrs.evolve(route, feasible=not _Checker(problem, route).run())


def place_before(data: DayData, order: Sequence[int], after: int) -> int:
    """The place the consultant is at after ``after`` visits of ``order``."""
    return order[after - 1] if after > 0 else data.start


def schedule_day(problem: DayProblem, order: Iterable[Hashable]) -> DayRoute:
    """The earliest schedule for visiting customers in a given order.

    For scoring a consultant's own plan: each visit starts as soon as the consultant is
    there and a window is open; the break goes where it lets the day end earliest (no
    break if the day is over before the break could last start). A missed window does not
    stop the schedule: the visit starts on arrival and :func:`check_day` names the miss.

    Args:
        problem: The day's problem.
        order: Customer ids in visiting order, each a stop of ``problem``.

    Returns:
        The route; stops not in ``order`` are listed as unvisited, ``NOT_PLANNED`` unless
        they could not be visited at all.

    Raises:
        RoutingError: If a customer is not a stop of ``problem`` or is listed twice (all
            of them are named).

    Examples:
        >>> import pendulum
        >>> from deepmarketing.routing import DayProblem, Stop, TravelModel
        >>> travel = TravelModel.from_matrix(
        ...     [[0, 900, 1200], [900, 0, 600], [1200, 600, 0]], places=["home", "A", "B"]
        ... )
        >>> day = pendulum.datetime(2026, 7, 1, 8, tz="Asia/Shanghai")
        >>> problem = DayProblem(
        ...     travel,
        ...     [Stop("A"), Stop("B")],
        ...     start="home",
        ...     shift_start=day,
        ...     shift_end=day.add(hours=9),
        ... )
        >>> route = schedule_day(problem, ["B", "A"])
        >>> [clock(v.start) for v in route.visits], clock(route.back), route.is_feasible()
        (['08:20', '09:00'], '09:45', True)
    """
    data = DayData(problem)
    customers = list(order)
    problems = [f"{c!r} is not a stop of the problem" for c in customers if c not in data.index]
    seen: set[Hashable] = set()
    for c in customers:
        if c in seen:
            problems.append(f"{c!r} is listed twice")
        seen.add(c)
    if problems:
        raise RoutingError(
            f"cannot schedule the order: {'; '.join(problems)}", record="day problem"
        )
    indices = [data.index[c] for c in customers]
    timing = data.best_schedule(indices, strict=False)
    assert timing is not None  # a lenient schedule always exists
    left_out = []
    for i in range(data.n):
        if i in set(indices):
            continue
        reason = data.alone(i)
        if reason is None:
            reason = (UnvisitedReason.NOT_PLANNED, "not in the given order")
        left_out.append(Unvisited(problem.stops[i].customer, reason[0], detail=reason[1]))
    return build_route(data, timing, optimal=False, left_out=left_out)
