"""Planning a consultant's day: which stops, in which order, at what time.

Two searches share the rules of :mod:`deepmarketing.routing._schedule`:

* up to :data:`EXACT_MAX_STOPS` candidate stops, a labelling dynamic programme over
  (visited set, last stop) whose labels are (ready time, travel, break taken), kept when no
  other label is at least as early, as short and as far through the break. Every route is
  covered, so the best label is a proven optimum;
* beyond, a ruin-and-recreate search: the route is an array with the break as an element
  and the earliest departure and latest start at every position, so whether a stop fits
  between two others is known in constant time. Each round removes a few stops close to
  each other (and sometimes the break), puts stops back required first, then by
  priority, each at its cheapest feasible position, and keeps the result when it is better,
  or no more than a shrinking threshold longer (record-to-record travel). Each new best
  route is polished by moving single stops and reversing stretches; after
  :data:`RESTART_AFTER` rounds without one, the search restarts from the best route with a
  bigger shake.

The objective, in order: the most required stops, the highest total priority, then the
least travel time and the earliest return (``objective="travel"``, the default), or the
earliest return and the least travel time (``objective="duration"``).
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable
from typing import Protocol, runtime_checkable

from deepmarketing.errors import RoutingError
from deepmarketing.routing._budget import check_budget
from deepmarketing.routing._day import DayProblem, DayRoute, Unvisited, UnvisitedReason
from deepmarketing.routing._schedule import (
    DayData,
    _Timing,
    break_leg,
    build_route,
    earliest,
    latest,
)

__all__ = ["EXACT_MAX_STOPS", "DaySolver", "plan_day"]

#: Up to this many candidate stops (those that could be visited alone), :func:`plan_day`
#: returns a proven optimum.
EXACT_MAX_STOPS = 12

#: Rounds of the ruin-and-recreate search when ``time_limit`` is ``None`` and
#: ``max_iterations`` is not given.
DEFAULT_ITERATIONS = 2000

_EPS = 1e-9
_BREAK = -1
#: Record-to-record travel: a round's route is kept when its travel is at most this share
#: above the current one (shrinking to 0 over the search), priorities being equal.
THRESHOLD = 0.03

#: Rounds without a new best after which the search restarts from the best route,
#: shaking out up to half of its stops.
RESTART_AFTER = 200


@runtime_checkable
class DaySolver(Protocol):
    """What :func:`plan_day` needs from another solver: a route for a problem.

    The built-in search is the default. To plug in another engine (OR-Tools, PyVRP),
    wrap it in an object with this ``solve`` method and pass it as
    ``plan_day(problem, solver=...)``: it must return a :class:`DayRoute`, most simply by
    handing its chosen order of customers to
    :func:`~deepmarketing.routing.schedule_day`. The verifier
    :func:`~deepmarketing.routing.check_day` applies to its routes all the same, as does
    :class:`~deepmarketing.routing.DeliverySolver`'s for deliveries.
    """

    def solve(
        self,
        problem: DayProblem,
        *,
        time_limit: float | None,
        seed: int,
        max_iterations: int | None,
    ) -> DayRoute:
        """Plan the day of ``problem``."""
        ...


def plan_day(
    problem: DayProblem,
    *,
    time_limit: float | None = 1.0,
    seed: int = 0,
    max_iterations: int | None = None,
    exact: bool | None = None,
    objective: str = "travel",
    solver: DaySolver | None = None,
) -> DayRoute:
    """The best day for ``problem``: required stops, then priority, then least travel.

    Every required stop is visited when that is possible at all; optional stops are
    chosen to maximise their total priority; among those plans, the one with the least
    travel time (then the earliest return) wins. Each stop left out is listed with its
    reason: its windows close before the consultant can get there, even a day with it
    alone does not fit the shift, it was crowded out by required or higher-priority stops,
    it is a required stop in conflict with other required stops, or (priority 0) it is
    not worth any travel.

    Args:
        problem: The day.
        time_limit: Seconds the heuristic search may run (problems with more than
            :data:`EXACT_MAX_STOPS` candidates); ``None`` for an iteration budget instead,
            which makes the result depend on ``seed`` alone.
        seed: Seeds the heuristic search.
        max_iterations: Rounds of the heuristic search; with a ``time_limit`` too, it
            stops at whichever comes first. Default with ``time_limit=None``:
            :data:`DEFAULT_ITERATIONS`.
        exact: ``True`` forces the exact search (exponential in the number of
            candidates), ``False`` the heuristic; ``None`` chooses by size.
        objective: What to minimise once required stops and priority are settled:
            ``"travel"`` (the default) the driving time, then the return time;
            ``"duration"`` the return time (counted from the shift start), then the
            driving time: fewer idle hours waiting for late windows, at the price of
            some extra driving.
        solver: Another solver to use instead (see :class:`DaySolver`).

    Returns:
        The route; ``route.optimal`` says whether it is proven optimal,
        ``route.is_feasible()`` whether it keeps every rule and visits every required stop.

    Raises:
        RoutingError: If ``time_limit`` or ``max_iterations`` is not a positive number.

    Notes:
        The schedule leaves as late as it can without coming back later, so waiting for a
        late window happens before setting off, not at a customer's door.

        The exact search visits each (set of stops, last stop) once with a small set of
        non-dominated labels: O(2^k k^2) label extensions for k candidates in the worst
        case, well under a second for 12 stops. The heuristic costs O(k m) per round for
        a route of m visits. Travel times come from the problem's travel model and are
        used as they are (the triangle inequality is used for pruning only when it holds).

    Examples:
        >>> import pendulum
        >>> from deepmarketing.routing import DayProblem, Stop, TravelModel
        >>> travel = TravelModel.from_matrix(
        ...     [
        ...         [0, 900, 1200, 7200],
        ...         [900, 0, 600, 7000],
        ...         [1200, 600, 0, 7100],
        ...         [7200, 7000, 7100, 0],
        ...     ],
        ...     places=["home", "A", "B", "C"],
        ... )
        >>> day = pendulum.datetime(2026, 7, 1, 8, tz="Asia/Shanghai")
        >>> stops = [
        ...     Stop("A", priority=2, purpose="order"),
        ...     Stop(
        ...         "B",
        ...         required=True,
        ...         purpose="collect",
        ...         windows=[(day.add(hours=1), day.add(hours=2))],
        ...     ),
        ...     Stop("C", priority=1, windows=[(day, day.add(hours=1))]),
        ... ]
        >>> route = plan_day(
        ...     DayProblem(travel, stops, start="home", shift_start=day, shift_end=day.add(hours=9))
        ... )
        >>> route.customers, route.optimal, route.is_feasible()
        (('A', 'B'), True, True)
        >>> print(route.unvisited[0])
        C: window_closed: window 08:00-09:00 closes before the earliest possible arrival 10:00 ...
    """
    time_limit, max_iterations = check_budget(time_limit, max_iterations, record="plan_day")
    if max_iterations is not None and not (
        isinstance(max_iterations, int)
        and not isinstance(max_iterations, bool)
        and max_iterations > 0
    ):
        raise RoutingError(
            f"expected max_iterations to be a whole number > 0 or None, got {max_iterations!r}",
            record="plan_day",
        )
    if objective not in ("travel", "duration"):
        raise RoutingError(
            f"expected objective 'travel' or 'duration', got {objective!r}", record="plan_day"
        )
    if solver is not None:
        return solver.solve(
            problem, time_limit=time_limit, seed=seed, max_iterations=max_iterations
        )
    if not isinstance(problem, DayProblem):
        raise RoutingError(
            f"expected a DayProblem, got {type(problem).__name__}", record="plan_day"
        )
    data = DayData(problem)
    left_out: dict[int, Unvisited] = {}
    candidates = []
    for i in range(data.n):
        # Without the triangle inequality a detour through other stops may reach a stop
        # that cannot be reached alone, so every stop stays a candidate then.
        reason = data.alone(i)
        if reason is None or not data.triangle:
            candidates.append(i)
        else:
            left_out[i] = Unvisited(problem.stops[i].customer, reason[0], detail=reason[1])
    use_exact = len(candidates) <= EXACT_MAX_STOPS if exact is None else exact
    if use_exact:
        timing = _exact(data, candidates, by_duration=objective == "duration")
    else:
        if time_limit is None and max_iterations is None:
            max_iterations = DEFAULT_ITERATIONS
        deadline = None if time_limit is None else time.perf_counter() + time_limit
        timing = _heuristic(
            data,
            candidates,
            seed=seed,
            deadline=deadline,
            max_iterations=max_iterations,
            by_duration=objective == "duration",
        )
    timing = data.compressed(timing, None if timing.lunch is None else timing.lunch[1])
    visited = set(timing.order)
    total = sum(data.priority[i] for i in visited)
    for i in candidates:
        if i not in visited:
            reason = data.alone(i)
            left_out[i] = (
                _crowded_out(data, i, len(visited), total, proven=use_exact)
                if reason is None
                else Unvisited(problem.stops[i].customer, reason[0], detail=reason[1])
            )
    return build_route(data, timing, optimal=use_exact, left_out=left_out.values())


def _heuristic(
    data: DayData,
    candidates: list[int],
    *,
    seed: int,
    deadline: float | None,
    max_iterations: int | None,
    by_duration: bool,
) -> _Timing:
    """The ruin-and-recreate search; with a break, also the two days that owe none.

    Most of the budget goes to days with the break on the road; a tenth each to a day
    over before the break's latest start and to one starting after a break at home.
    """
    lunch = data.lunch
    variants: list[tuple[bool, float, float, float]] = [(lunch is not None, 0.0, data.horizon, 1.0)]
    if lunch is not None:
        share = 0.1
        variants = [
            (True, 0.0, data.horizon, 1.0 - 2 * share),
            (False, 0.0, min(data.horizon, lunch[1]), share),
            (False, lunch[0] + lunch[2], data.horizon, share),
        ]
    started = time.perf_counter()
    best: tuple[tuple[int, int, float], _Timing] | None = None
    spent = 0.0
    for number, (with_break, depart, horizon, part) in enumerate(variants):
        until = None
        if deadline is not None:
            spent += part
            until = started + (deadline - started) * spent
        rounds = None if max_iterations is None else max(1, round(max_iterations * part))
        search = _Search(
            data,
            candidates,
            random.Random(seed + number),
            by_duration=by_duration,
            with_break=with_break,
            depart=depart,
            horizon=horizon,
        )
        order = search.run(until, rounds)
        timing = data.best_schedule(order)
        if timing is None:
            continue
        req = sum(data.required[i] for i in timing.order)
        pri = sum(data.priority[i] for i in timing.order)
        third = timing.back if by_duration else data.travel(timing.order)
        key = (req, pri, -third)
        if best is None or key > best[0]:
            best = (key, timing)
    return _fallback(data) if best is None else best[1]


def _fallback(data: DayData) -> _Timing:
    """The empty day, kept even when it breaks the shift (then the route is infeasible)."""
    timing = data.best_schedule([], strict=False)
    assert timing is not None
    return timing


def _crowded_out(data: DayData, i: int, visits: int, total: int, *, proven: bool) -> Unvisited:
    stop = data.problem.stops[i]
    proof = "; no plan with it is better (exhaustive search)" if proven else ""
    if stop.required:
        return Unvisited(
            stop.customer,
            UnvisitedReason.REQUIRED_CONFLICT,
            detail="required and fits alone, but not together with the other required "
            f"visits{proof}",
        )
    if stop.priority == 0:
        return Unvisited(
            stop.customer,
            UnvisitedReason.NOT_WORTH_TRAVEL,
            detail="priority 0: a visit would only add travel",
        )
    windows = f", window {', '.join(str(w) for w in stop.windows)}" if stop.windows else ""
    return Unvisited(
        stop.customer,
        UnvisitedReason.CROWDED_OUT,
        detail=f"priority {stop.priority}{windows}: fits alone, but not together with the "
        f"{visits} planned visits (required ones first, then priority {total} in total){proof}",
    )


# -- exact search ---------------------------------------------------------------------------

# A label: (ready time, travel so far, break taken, parent label, candidate, break info)
# break info: (break start, taken on arrival) for the leg into this candidate, or None.
_Label = tuple[float, float, bool, object, int, tuple[float, bool] | None]


def _exact(data: DayData, candidates: list[int], *, by_duration: bool = False) -> _Timing:
    """The optimal route over ``candidates`` by labelling over subsets (module docstring)."""
    k = len(candidates)
    d, windows, service = data.d, data.windows, data.service
    start, end, horizon, lunch = data.start, data.end, data.horizon, data.lunch
    prune = data.triangle
    last_break_start = math.inf if lunch is None else lunch[1] + _EPS
    home = [d[c][end] for c in candidates]
    required = [int(data.required[c]) for c in candidates]
    priority = [data.priority[c] for c in candidates]
    root: _Label = (0.0, 0.0, lunch is None, None, -1, None)
    levels: list[dict[int, list[_Label]] | None] = [None] * (1 << k)
    roots = [root]
    if lunch is not None:  # or leave after a full break at home: no break owed then
        _insert(roots, (lunch[0] + lunch[2], 0.0, True, None, -1, None))
    levels[0] = {-1: roots}
    score_of = [(0, 0)] * (1 << k)
    best: tuple[tuple[int, int, float, float], _Label, tuple[float, bool] | None] | None = None

    for mask in range(1 << k):
        level = levels[mask]
        if level is None:
            continue
        levels[mask] = None  # free memory as we go; labels keep their parents alive
        score = score_of[mask]
        for last, labels in level.items():
            place = start if last < 0 else candidates[last]
            row = d[place]
            for label in labels:
                t, cost, done = label[0], label[1], label[2]
                # close the day here
                dt = row[end]
                back, brk = t + dt, None
                if not done:
                    assert lunch is not None
                    if back > lunch[1] + _EPS:
                        taken = break_leg(t, dt, lunch)
                        back = math.inf if taken is None else taken[0]
                        brk = None if taken is None else (taken[1], taken[2])
                if back <= horizon + _EPS:
                    key = (
                        (score[0], score[1], -back, -(cost + dt))
                        if by_duration
                        else (score[0], score[1], -(cost + dt), -back)
                    )
                    if best is None or key > best[0]:
                        best = (key, label, brk)
                # extend by each candidate not yet visited
                for j in range(k):
                    bit = 1 << j
                    if mask & bit:
                        continue
                    c = candidates[j]
                    dt = row[c]
                    w = windows[c]
                    extended: list[tuple[float, bool, tuple[float, bool] | None]] = []
                    s = earliest(w, t + dt)
                    if s is not None:
                        extended.append((s + service[c], done, None))
                    if not done:
                        assert lunch is not None
                        taken = break_leg(t, dt, lunch)
                        if taken is not None:
                            s = earliest(w, taken[0])
                            if s is not None:
                                extended.append((s + service[c], True, (taken[1], taken[2])))
                    for ready, now_done, brk_info in extended:
                        if prune and ready + home[j] > horizon + _EPS:
                            continue
                        if not now_done and ready > last_break_start:
                            continue  # the break can no longer be taken, nor the day end
                            # before it was owed
                        new: _Label = (ready, cost + dt, now_done, label, j, brk_info)
                        target = mask | bit
                        slot = levels[target]
                        if slot is None:
                            slot = levels[target] = {}
                            score_of[target] = (score[0] + required[j], score[1] + priority[j])
                        _insert(slot.setdefault(j, []), new)
    if best is None:  # not even the empty day fits: the shift is too short to get home
        return _fallback(data)
    return _timing_of(data, candidates, best[1], best[2])


def _insert(labels: list[_Label], new: _Label) -> None:
    """Add ``new`` unless a label is as early, as short and as far through the break."""
    t, c, done = new[0], new[1], new[2]
    for old in labels:
        if old[0] <= t + _EPS and old[1] <= c + _EPS and (old[2] or not done):
            return
    labels[:] = [
        old
        for old in labels
        if not (t <= old[0] + _EPS and c <= old[1] + _EPS and (done or not old[2]))
    ]
    labels.append(new)


def _timing_of(
    data: DayData, candidates: list[int], label: _Label, last_break: tuple[float, bool] | None
) -> _Timing:
    """Rebuild the schedule of the best label (the DP's own times, re-simulated)."""
    order: list[int] = []
    breaks: list[int] = []
    node: _Label | None = label
    while node is not None and node[4] >= 0:
        order.append(candidates[node[4]])
        if node[5] is not None:
            breaks.append(len(order))
        node = node[3]  # type: ignore[assignment]
    order.reverse()
    depart = 0.0 if node is None else node[0]  # the root: leave at once, or after lunch
    break_after: int | None = None
    if breaks:
        break_after = len(order) - breaks[0]
    elif last_break is not None:
        break_after = len(order)
    timing = data.simulate(order, break_after, depart=depart)
    assert timing is not None, "the DP's route must be feasible"
    return timing


# -- heuristic search -----------------------------------------------------------------------


class _Search:
    """Ruin and recreate over one route, the break an element of it (module docstring).

    The route is ``seq``: the start place (``data.start``), stops and the break
    (:data:`_BREAK`), the end place (``data.end``). A break is taken before leaving the
    place of the element before it; the final schedule then picks the break's best form
    (on arrival where it fits), which is never later.
    """

    def __init__(
        self,
        data: DayData,
        candidates: list[int],
        rng: random.Random,
        *,
        by_duration: bool = False,
        with_break: bool = True,
        depart: float = 0.0,
        horizon: float | None = None,
    ):
        self.by_duration = by_duration
        self.with_break = with_break and data.lunch is not None
        self.depart = depart
        self.horizon = data.horizon if horizon is None else horizon
        self.data = data
        self.rng = rng
        self.candidates = [c for c in candidates if data.required[c] or data.priority[c] > 0]
        self.end_windows = [(0.0, self.horizon)]
        lunch = data.lunch
        self.break_windows = [] if lunch is None else [(lunch[0], lunch[1])]
        # windows and service by element: stops, then the start, the end and (at -1) the
        # break, so a list index serves every element of a route
        self.win_of = [*data.windows, self.end_windows, self.end_windows, self.break_windows]
        self.svc_of = [*data.service, 0.0, 0.0, 0.0 if lunch is None else lunch[2]]
        seq = [data.start, _BREAK, data.end] if self.with_break else [data.start, data.end]
        self.seq = seq
        self.refresh()

    # -- arrays ---------------------------------------------------------------------------

    def window(self, e: int) -> list[tuple[float, float]]:
        if e == _BREAK:
            return self.break_windows
        if e == self.data.end or e == self.data.start:
            return self.end_windows
        return self.data.windows[e]

    def service(self, e: int) -> float:
        if e == _BREAK:
            assert self.data.lunch is not None
            return self.data.lunch[2]
        if e >= self.data.n:
            return 0.0
        return self.data.service[e]

    def refresh(self) -> bool:
        """Recompute places, earliest departures and latest starts; False if infeasible."""
        seq, d = self.seq, self.data.d
        win, svc = self.win_of, self.svc_of
        places: list[int] = []
        for e in seq:
            places.append(places[-1] if e == _BREAK else e)
        self.places = places
        n = len(seq)
        dep = [0.0] * n
        dep[0] = self.depart
        ok = True
        for k in range(1, n):
            e = seq[k]
            t = dep[k - 1] + d[places[k - 1]][places[k]]
            s = earliest(win[e], t)
            if s is None:
                ok = False
                s = t
            dep[k] = s + svc[e]
        lat = [0.0] * n
        lat[-1] = self.horizon
        for k in range(n - 2, 0, -1):
            e = seq[k]
            v = latest(win[e], lat[k + 1] - svc[e] - d[places[k]][places[k + 1]])
            lat[k] = -math.inf if v is None else v
        self.dep, self.lat = dep, lat
        return ok and dep[-1] <= self.horizon + _EPS

    def travel(self) -> float:
        d, places = self.data.d, self.places
        return sum(d[places[k]][places[k + 1]] for k in range(len(places) - 1))

    # -- moves ----------------------------------------------------------------------------

    def best_insertion(self, j: int) -> tuple[float, int] | None:
        """The cheapest feasible position for ``j`` as (added travel, index), or None."""
        d, seq, places, dep, lat = self.data.d, self.seq, self.places, self.dep, self.lat
        w, sj = self.data.windows[j], self.data.service[j]
        dj_row = d[j]
        best: tuple[float, int] | None = None
        closes = w[-1][1] if w else -math.inf
        for k in range(len(seq) - 1):
            if dep[k] > closes:
                break  # departures only get later along the route
            pk = places[k]
            s = earliest(w, dep[k] + d[pk][j])
            if s is None:
                continue
            ready = s + sj
            nxt = seq[k + 1]
            if nxt == _BREAK:
                sb = earliest(self.break_windows, ready)
                if sb is None:
                    continue
                ready = sb + self.service(_BREAK)
                n2 = k + 2
            else:
                n2 = k + 1
            p2 = places[n2]
            s2 = earliest(self.window(seq[n2]), ready + dj_row[p2])
            if s2 is None or s2 > lat[n2] + _EPS:
                continue
            delta = d[pk][j] + dj_row[p2] - d[pk][p2]
            if best is None or delta < best[0] - _EPS:
                best = (delta, k + 1)
        return best

    def break_positions(self) -> list[int]:
        """Every index where the (absent) break can be inserted feasibly."""
        d, seq, places, dep, lat = self.data.d, self.seq, self.places, self.dep, self.lat
        duration = self.service(_BREAK)
        found = []
        for k in range(len(seq) - 1):
            sb = earliest(self.break_windows, dep[k])
            if sb is None:
                break
            p1 = places[k + 1]
            s1 = earliest(self.window(seq[k + 1]), sb + duration + d[places[k]][p1])
            if s1 is not None and s1 <= lat[k + 1] + _EPS:
                found.append(k + 1)
        return found

    def relocate(self) -> None:
        """Move single stops to their cheapest feasible position while that shortens the day."""
        n = self.data.n
        improved = True
        while improved:
            improved = False
            for e in [x for x in self.seq if 0 <= x < n]:
                at = self.seq.index(e)
                before = self.travel()
                self.seq.pop(at)
                self.refresh()
                found = self.best_insertion(e)
                if found is not None and self.travel() + found[0] < before - 1e-6:
                    self.seq.insert(found[1], e)
                    improved = True
                else:
                    self.seq.insert(at, e)
                self.refresh()

    def two_opt(self) -> None:
        """Reverse stretches of stops while that shortens the day and keeps it feasible."""
        improved = True
        while improved:
            improved = False
            before = self.travel()
            last = len(self.seq) - 1
            for i in range(1, last - 1):
                for j in range(i + 1, last):
                    if _BREAK in self.seq[i : j + 1]:
                        continue
                    self.seq[i : j + 1] = self.seq[i : j + 1][::-1]
                    if self.refresh() and self.travel() < before - 1e-6:
                        improved = True
                        break
                    self.seq[i : j + 1] = self.seq[i : j + 1][::-1]
                if improved:
                    break
        self.refresh()

    def objective(self) -> tuple[int, int, float]:
        data = self.data
        req = pri = 0
        for e in self.seq:
            if 0 <= e < data.n:
                req += data.required[e]
                pri += data.priority[e]
        return req, pri, -(self.dep[-1] if self.by_duration else self.travel())

    def recreate(self, pool: list[int]) -> None:
        rng = self.rng
        data = self.data
        if self.with_break and _BREAK not in self.seq:
            positions = self.break_positions()
            if not positions:
                return  # cannot happen from a feasible route; keep it breakless (rejected)
            self.seq.insert(rng.choice(positions), _BREAK)
            self.refresh()
        pool.sort(key=lambda c: (not data.required[c], -data.priority[c], rng.random()))
        for j in pool:
            found = self.best_insertion(j)
            if found is not None:
                self.seq.insert(found[1], j)
                self.refresh()

    def ruin(self, *, big: bool = False) -> None:
        rng, seq, d = self.rng, self.seq, self.data.d
        stops = [e for e in seq if 0 <= e < self.data.n]
        removed: list[int] = []
        if stops:
            most = len(stops) // 2 if big else 2 + len(stops) // 3
            q = rng.randint(max(1, most // 2) if big else 1, max(1, min(len(stops), most)))
            centre = rng.choice(stops)
            if rng.random() < 0.5:
                removed = sorted(stops, key=lambda e: d[centre][e] + d[e][centre])[:q]
            else:
                at = stops.index(centre)
                removed = stops[at : at + q]
        if self.with_break and rng.random() < 0.3:
            self.seq = [e for e in seq if e != _BREAK]
        gone = set(removed)
        self.seq = [e for e in self.seq if e not in gone]
        self.refresh()

    def run(self, deadline: float | None, max_iterations: int | None) -> list[int]:
        data = self.data
        self.recreate(list(self.candidates))
        self.relocate()
        self.two_opt()
        best_seq, best = list(self.seq), self.objective()
        current = best
        iterations = since_best = 0
        limit = max_iterations if max_iterations is not None else math.inf
        started = time.perf_counter()
        total = None if deadline is None else deadline - started
        clock: Callable[[], float] = time.perf_counter
        while iterations < limit and (deadline is None or clock() < deadline):
            iterations += 1
            progress = (
                (clock() - started) / total
                if total
                else iterations / (limit if limit != math.inf else DEFAULT_ITERATIONS)
            )
            threshold = THRESHOLD * max(0.0, 1.0 - progress)
            restart = since_best >= RESTART_AFTER
            if restart:  # stuck: start again from the best route, shaken harder
                self.seq = list(best_seq)
                self.refresh()
                current, since_best = best, 0
            saved = list(self.seq)
            self.ruin(big=restart)
            visited = set(self.seq)
            pool = [c for c in self.candidates if c not in visited]
            self.recreate(pool)
            feasible = self.refresh() and (not self.with_break or _BREAK in self.seq)
            new = self.objective()
            accept = feasible and (
                restart
                or new[:2] > current[:2]
                or (new[:2] == current[:2] and -new[2] <= -current[2] * (1 + threshold) + _EPS)
            )
            since_best += 1
            if accept:
                current = new
                if new > best:
                    if not self.by_duration:  # the polish shortens travel only
                        self.relocate()
                        self.two_opt()
                        current = new = self.objective()
                    best, best_seq, since_best = new, list(self.seq), 0
            else:
                self.seq = saved
                self.refresh()
        return [e for e in best_seq if 0 <= e < data.n]
