"""Planning several weeks of visits, and re-planning them as reports come in.

:func:`plan_period` works in three steps:

1. **Patterns.** For each account, every way to lay its visits over the working days:
   the first visit on any allowed day of its first range (see
   :func:`~deepmarketing.routing._period.first_range`), each next one on the allowed
   day nearest to one interval later within the spacing limits, appointments kept where
   they are and restarting the clock. A visit with no allowed day in range is unplaced
   (``no_allowed_day``).
2. **Days.** Each day holds a route (an order of places) priced by the travel model.
   Accounts are placed one by one, fewest patterns first, on the pattern that adds the
   least cost; then rounds of local search re-choose each account's pattern given all
   the others (moving a visit costs its removal saving against its cheapest insertion
   elsewhere). The cost is travel time plus a penalty on each day's working time past
   92% of the shift and a small quadratic term that evens out the days; in a re-plan,
   a visit moved off its old day also costs a little, so unaffected days stay as they
   were. Between rounds each day's order is improved by moving single visits.
3. **Routes.** Each day is planned by :func:`~deepmarketing.routing.plan_day` with its
   visits required (a proven optimum up to 12 visits). A visit the day cannot hold
   (windows, shift) moves to another allowed day that stays within its spacing and
   still plans feasibly; if there is none it is unplaced (``day_capacity``). Last, the
   days are levelled on their real working times: visits move off the longest day to a
   lighter one while that shortens it by a quarter of an hour for little extra driving.
"""

from __future__ import annotations

import datetime as _dt
import math
import random
import time
from collections.abc import Hashable, Iterable, Mapping

import attrs
import pendulum

from deepmarketing.errors import RoutingError
from deepmarketing.routing._budget import check_budget
from deepmarketing.routing._day import DayRoute
from deepmarketing.routing._period import (
    Account,
    Appointment,
    PeriodPlan,
    PeriodProblem,
    Unplaced,
    UnplacedReason,
    first_range,
)
from deepmarketing.routing._plan_day import plan_day
from deepmarketing.routing._schedule import schedule_day

__all__ = ["plan_period", "replan"]

#: Local-search rounds over all accounts when ``time_limit`` is ``None``.
DEFAULT_ROUNDS = 12

#: Share of the shift a day is planned to fill before the overload penalty starts.
FILL = 0.92

_OVERLOAD = 10.0  # cost per second of working time beyond FILL x shift
_BALANCE = 4.0  # weight of the quadratic evening-out term (per shift length)
_MOVE = 900.0  # seconds of cost for moving a visit off its old day (re-plans)
_DAY_ITERATIONS = 600  # plan_day rounds per day with more than 12 visits

#: Levelling: a move must shorten the longest day by this many seconds...
LEVEL_GAIN = 900.0
#: ...and add less than this many seconds of driving...
LEVEL_DRIVE = 300.0
#: ...and at most this many day plans are tried.
LEVEL_TRIALS = 60


def plan_period(
    problem: PeriodProblem,
    *,
    time_limit: float | None = None,
    seed: int = 0,
    max_iterations: int | None = None,
) -> PeriodPlan:
    """Plan every working day of the window: who is visited when, and each day's route.

    Args:
        problem: The accounts, the window, the calendar, the shift and the travel model.
        time_limit: Seconds for the day-assignment search (the routes of the days come
            after, with a fixed budget each); ``None`` (the default) runs
            :data:`DEFAULT_ROUNDS` rounds, so the plan depends on ``seed`` alone.
        seed: Seeds the search.
        max_iterations: Rounds of the day-assignment search (overrides the default).

    Returns:
        The plan: each working day's route, and every due visit that could not be placed
        with its reason.

    Raises:
        RoutingError: If ``time_limit`` or ``max_iterations`` is out of range.

    Examples:
        >>> import pendulum
        >>> from deepmarketing.routing import (
        ...     Account,
        ...     Frequency,
        ...     PeriodProblem,
        ...     TravelModel,
        ...     check_period,
        ... )
        >>> travel = TravelModel.from_matrix(
        ...     [[0, 900, 1200], [900, 0, 600], [1200, 600, 0]], places=["home", "A", "B"]
        ... )
        >>> problem = PeriodProblem(
        ...     travel,
        ...     [
        ...         Account("A", frequency=Frequency.per_week()),
        ...         Account("B", frequency=Frequency.per_fortnight(), weekdays=[1, 3]),
        ...     ],
        ...     window=(pendulum.date(2026, 7, 6), pendulum.date(2026, 7, 17)),
        ...     start="home",
        ... )
        >>> plan = plan_period(problem)
        >>> plan.visits_of("A"), plan.visits_of("B")
        ((Date(2026, 7, 7), Date(2026, 7, 14)), (Date(2026, 7, 7),))
        >>> plan.is_feasible(), check_period(problem, plan)
        (True, [])
    """
    return _plan(problem, time_limit=time_limit, seed=seed, max_iterations=max_iterations)


def _plan(
    problem: PeriodProblem,
    *,
    time_limit: float | None,
    seed: int,
    max_iterations: int | None,
    previous: Mapping[Hashable, frozenset[pendulum.Date]] | None = None,
) -> PeriodPlan:
    time_limit, max_iterations = check_budget(time_limit, max_iterations, record="plan_period")
    if max_iterations is not None and not (
        isinstance(max_iterations, int)
        and not isinstance(max_iterations, bool)
        and max_iterations > 0
    ):
        raise RoutingError(
            f"expected max_iterations to be a whole number > 0 or None, got {max_iterations!r}",
            record="plan_period",
        )
    if not isinstance(problem, PeriodProblem):
        raise RoutingError(
            f"expected a PeriodProblem, got {type(problem).__name__}", record="plan_period"
        )
    rng = random.Random(seed)
    search = _Assignment(problem, rng, previous or {})
    rounds = max_iterations if max_iterations is not None else DEFAULT_ROUNDS
    deadline = None if time_limit is None else time.perf_counter() + time_limit
    search.run(rounds if time_limit is None or max_iterations is not None else None, deadline)
    return search.plan(seed)


# -- patterns ---------------------------------------------------------------------------------


@attrs.frozen
class _Pattern:
    days: tuple[int, ...]  # indices into the working days, increasing
    missing: tuple[tuple[pendulum.Date, UnplacedReason, str], ...]


def _patterns(
    problem: PeriodProblem, account: Account, days: list[pendulum.Date]
) -> list[_Pattern]:
    """Every pattern of ``account`` (module docstring, step 1), the fewest missing first."""
    first, last = problem.window
    index = {day: k for k, day in enumerate(days)}
    allowed = [day for day in days if day.weekday() in account.weekdays]
    fixed = sorted(a.date for a in account.appointments if first <= a.date <= last)
    interval = float(account.frequency.interval)
    lo, hi, first_target = first_range(account, first)
    options = [day for day in allowed if lo <= day <= min(hi, last)]
    patterns: dict[tuple[int, ...], _Pattern] = {}
    choices: list[pendulum.Date | None] = [*options] or [None]
    for choice in choices:
        chosen: list[pendulum.Date] = []
        missing: list[tuple[pendulum.Date, UnplacedReason, str]] = []
        pending = list(fixed)
        low, high, target = lo, hi, first_target
        pick = choice
        while True:
            if pending and pending[0] <= min(high, last):
                day = pending.pop(0)  # an appointment comes first: it is the visit
            elif target > last:
                break  # the next visit is due after the window
            else:
                top = min(high, last)
                candidates = [d for d in allowed if low <= d <= top]
                if pick is not None and pick in candidates:
                    day, pick = pick, None
                elif not candidates:
                    missing.append(
                        (
                            target,
                            UnplacedReason.NO_ALLOWED_DAY,
                            f"no working day on its weekdays between {low} and {top}",
                        )
                    )
                    day = top  # the clock restarts as if visited on the last possible day
                    low = day.add(days=account.min_spacing)
                    high = day.add(days=account.max_spacing)
                    target = day.add(days=round(interval))
                    continue
                else:
                    day = min(candidates, key=lambda d: (abs((d - target).days), d))
            chosen.append(day)
            low = day.add(days=account.min_spacing)
            high = day.add(days=account.max_spacing)
            target = day.add(days=round(interval))
        key = tuple(sorted({index[d] for d in chosen if d in index}))
        missing.extend(
            (d, UnplacedReason.NO_ALLOWED_DAY, f"the appointment on {d} is not a working day")
            for d in chosen
            if d not in index
        )
        if key not in patterns or len(missing) < len(patterns[key].missing):
            patterns[key] = _Pattern(key, tuple(missing))
    return sorted(patterns.values(), key=lambda p: (len(p.missing), p.days))


# -- the day-assignment search ----------------------------------------------------------------


class _Assignment:
    """Accounts on patterns, days as priced routes (module docstring, step 2)."""

    def __init__(
        self,
        problem: PeriodProblem,
        rng: random.Random,
        previous: Mapping[Hashable, frozenset[pendulum.Date]],
    ):
        self.problem = problem
        self.rng = rng
        self.days = problem.workdays()
        travel = problem.travel
        places = [problem.start, problem.end] + [a.place for a in problem.accounts]
        self.d = [[travel.duration(a, b) for b in places] for a in places]
        self.start, self.end = 0, 1
        self.accounts = list(problem.accounts)
        self.node = [2 + i for i in range(len(self.accounts))]
        self.service = [problem.service_of(a).total_seconds() for a in self.accounts]
        day0 = self.days[0]
        origin = problem.moment(day0, problem.shift[0])

        def offset(moment: _dt.time) -> float:
            return (problem.moment(day0, moment) - origin).total_seconds()

        self.opens = [min((offset(w[0]) for w in a.windows), default=0.0) for a in self.accounts]
        self.closes = [
            max((offset(w[1]) for w in a.windows), default=math.inf) + self.service[n]
            for n, a in enumerate(self.accounts)
        ]
        shift = (
            problem.moment(self.days[0], problem.shift[1])
            - problem.moment(self.days[0], problem.shift[0])
        ).total_seconds()
        lunch = 0.0 if problem.lunch is None else problem.lunch[2].total_seconds()
        self.capacity = FILL * shift - lunch
        self.shift = shift
        self.patterns = [_patterns(problem, a, self.days) for a in self.accounts]
        self.previous = [
            {k for k, day in enumerate(self.days) if day in previous.get(a.customer, frozenset())}
            for a in self.accounts
        ]
        self.orders: list[list[int]] = [[] for _ in self.days]  # account indices in order
        self.load = [0.0 for _ in self.days]  # service time on the day
        self.choice = [-1] * len(self.accounts)

    # -- day costs ------------------------------------------------------------------------

    def travel(self, route: list[int]) -> float:
        d, node = self.d, self.node
        place, total = self.start, 0.0
        for i in route:
            total += d[place][node[i]]
            place = node[i]
        return total + d[place][self.end]

    def penalty(self, work: float) -> float:
        over = work - self.capacity
        return (_OVERLOAD * over if over > 0 else 0.0) + _BALANCE * work * work / self.shift

    def insertion(self, k: int, i: int) -> tuple[float, int]:
        """Cheapest (added travel, position) for account ``i`` on day ``k``."""
        d, node, route = self.d, self.node, self.orders[k]
        x = node[i]
        best, at = math.inf, 0
        prev = self.start
        for pos in range(len(route) + 1):
            nxt = node[route[pos]] if pos < len(route) else self.end
            delta = d[prev][x] + d[x][nxt] - d[prev][nxt]
            if delta < best:
                best, at = delta, pos
            prev = nxt
        return best, at

    def removal(self, k: int, i: int) -> float:
        """Travel saved by taking account ``i`` off day ``k``."""
        d, node, route = self.d, self.node, self.orders[k]
        pos = route.index(i)
        prev = node[route[pos - 1]] if pos > 0 else self.start
        nxt = node[route[pos + 1]] if pos + 1 < len(route) else self.end
        x = node[i]
        return d[prev][x] + d[x][nxt] - d[prev][nxt]

    def day_cost(self, k: int, travel: float, load: float, idle: float = 0.0) -> float:
        return travel + self.penalty(travel + load + idle) if load else travel

    def idle(self, members: Iterable[int]) -> float:
        """Time a day must stand idle between its latest-opening and earliest-closing visits.

        A morning-only and an afternoon-only customer on one day stretch it from the one
        to the other whatever else it holds.
        """
        opens, closes = 0.0, math.inf
        for i in members:
            opens = max(opens, self.opens[i])
            closes = min(closes, self.closes[i])
        return max(0.0, opens - closes)

    # -- moves ----------------------------------------------------------------------------

    def delta(self, i: int, new: _Pattern) -> float:
        """Cost change of moving account ``i`` from its pattern to ``new``."""
        old_days = set() if self.choice[i] < 0 else set(self.patterns[i][self.choice[i]].days)
        new_days = set(new.days)
        total = 0.0
        s = self.service[i]
        for k in old_days - new_days:
            route = self.orders[k]
            t = self.travel(route)
            saved = self.removal(k, i)
            idle = self.idle(route)
            after = self.idle(j for j in route if j != i)
            total += self.day_cost(k, t - saved, self.load[k] - s, after) - self.day_cost(
                k, t, self.load[k], idle
            )
        for k in new_days - old_days:
            route = self.orders[k]
            t = self.travel(route)
            added, _ = self.insertion(k, i)
            idle = self.idle(route)
            after = self.idle([*route, i])
            total += self.day_cost(k, t + added, self.load[k] + s, after) - self.day_cost(
                k, t, self.load[k], idle
            )
        previous = self.previous[i]
        if previous:
            total += _MOVE * (len(new_days - previous) - len(old_days - previous))
        if self.choice[i] >= 0:
            total += 1e9 * (len(new.missing) - len(self.patterns[i][self.choice[i]].missing))
        return total

    def apply(self, i: int, p: int) -> None:
        old_days = set() if self.choice[i] < 0 else set(self.patterns[i][self.choice[i]].days)
        new = self.patterns[i][p]
        s = self.service[i]
        for k in old_days - set(new.days):
            self.orders[k].remove(i)
            self.load[k] -= s
        for k in set(new.days) - old_days:
            _, at = self.insertion(k, i)
            self.orders[k].insert(at, i)
            self.load[k] += s
        self.choice[i] = p

    def resequence(self, k: int) -> None:
        """Improve day ``k``'s order by moving single visits to their best position."""
        route = self.orders[k]
        improved = True
        while improved:
            improved = False
            for i in list(route):
                saved = self.removal(k, i)
                route.remove(i)
                added, at = self.insertion(k, i)
                route.insert(at, i)
                if added < saved - 1e-9:
                    improved = True

    def run(self, rounds: int | None, deadline: float | None) -> None:
        order = sorted(range(len(self.accounts)), key=lambda i: (len(self.patterns[i]), i))
        for i in order:  # construction: fewest patterns first; in a re-plan, the old days
            previous = self.previous[i]
            best = min(
                range(len(self.patterns[i])),
                key=lambda p: (
                    len(self.patterns[i][p].missing),
                    -len(previous & set(self.patterns[i][p].days)),
                    self._first_cost(i, p),
                ),
            )
            self.apply(i, best)
        done = 0
        while (rounds is None or done < rounds) and (
            deadline is None or time.perf_counter() < deadline
        ):
            done += 1
            changed = False
            accounts = list(range(len(self.accounts)))
            self.rng.shuffle(accounts)
            for i in accounts:
                if deadline is not None and time.perf_counter() >= deadline:
                    break
                current = self.choice[i]
                best, best_delta = current, -1e-6
                for p, pattern in enumerate(self.patterns[i]):
                    if p == current:
                        continue
                    delta = self.delta(i, pattern)
                    if delta < best_delta:
                        best, best_delta = p, delta
                if best != current:
                    self.apply(i, best)
                    changed = True
            for k in range(len(self.days)):
                self.resequence(k)
            if not changed and rounds is None and deadline is None:
                break

    def _first_cost(self, i: int, p: int) -> float:
        return self.delta(i, self.patterns[i][p]) if self.choice[i] < 0 else 0.0

    # -- routes ---------------------------------------------------------------------------

    def plan(self, seed: int) -> PeriodPlan:
        problem = self.problem
        unplaced: list[Unplaced] = []
        members: list[list[Hashable]] = [
            [self.accounts[i].customer for i in route] for route in self.orders
        ]
        for i, account in enumerate(self.accounts):
            for due, reason, detail in self.patterns[i][self.choice[i]].missing:
                unplaced.append(Unplaced(account.customer, due, reason, detail=detail))
        planned: dict[int, DayRoute] = {}
        for k, day in enumerate(self.days):
            planned[k] = self._plan_day(day, members[k], seed)
        # repair: a visit a day cannot hold moves to another allowed day, or is unplaced
        for k, day in enumerate(self.days):
            route = planned[k]
            if route.is_feasible():
                continue
            out = [u.customer for u in route.unvisited]
            for customer in out:
                members[k].remove(customer)
                fixed = any(a.date == day for a in problem.account(customer).appointments)
                target = None if fixed else self._rehome(customer, k, members, planned, seed)
                if target is None:
                    detail = (
                        f"the appointment on {day} cannot be kept: the day cannot hold it "
                        "with the other visits (windows or shift)"
                        if fixed
                        else f"{day} cannot hold it (windows or shift), nor can any other "
                        "allowed day within its spacing"
                    )
                    unplaced.append(
                        Unplaced(customer, day, UnplacedReason.DAY_CAPACITY, detail=detail)
                    )
            planned[k] = self._plan_day(day, members[k], seed)
        self._level(members, planned, seed)
        days = tuple((day, planned[k]) for k, day in enumerate(self.days))
        return PeriodPlan(
            problem=problem,
            days=days,
            unplaced=tuple(sorted(unplaced, key=lambda u: (u.due, str(u.customer)))),
        )

    def _plan_day(self, day: pendulum.Date, customers: list[Hashable], seed: int) -> DayRoute:
        return plan_day(
            self.problem.day_problem(day, customers),
            time_limit=None,
            max_iterations=_DAY_ITERATIONS,
            seed=seed,
        )

    def _range(
        self, customer: Hashable, k: int, members: list[list[Hashable]]
    ) -> tuple[pendulum.Date, pendulum.Date]:
        """The days ``customer``'s visit on day ``k`` may move to, keeping every rule.

        Between its neighbouring visits' spacing limits (or its first range), and, for its
        last visit in the window, late enough that no further visit falls due inside it.
        """
        account = self.problem.account(customer)
        dates = sorted(self.days[j] for j, m in enumerate(members) if customer in m)
        earlier = [d for d in dates if d < self.days[k]]
        later = [d for d in dates if d > self.days[k]]
        lo, hi, _ = first_range(account, self.problem.window[0])
        if earlier:
            lo = earlier[-1].add(days=account.min_spacing)
            hi = earlier[-1].add(days=account.max_spacing)
        if later:
            lo = max(lo, later[0].subtract(days=account.max_spacing))
            hi = min(hi, later[0].subtract(days=account.min_spacing))
        else:
            due_after = self.problem.window[1].subtract(days=round(account.frequency.interval))
            lo = max(lo, min(due_after.add(days=1), self.days[k]))
        return lo, hi

    def _level(
        self, members: list[list[Hashable]], planned: dict[int, DayRoute], seed: int
    ) -> None:
        """Even out the days: move visits from the longest day, or into the shortest.

        A visit moves between a longer and a shorter day when it may (its spacing,
        weekdays, not an appointment), both days stay feasible, the gap between their
        working times shrinks by at least :data:`LEVEL_GAIN` seconds without the shorter
        one becoming the longer by more than that, and the drive grows by less than
        :data:`LEVEL_DRIVE` seconds. At most :data:`LEVEL_TRIALS` days are re-planned.
        """
        trials = 0
        tried: set[tuple[Hashable, int, int]] = set()

        def work(k: int) -> float:
            route = planned[k]
            return route.working_time.total_seconds() if route.visits else 0.0

        def attempt(source: int, target: int, customer: Hashable) -> bool:
            nonlocal trials
            key = (customer, source, target)
            if key in tried or trials >= LEVEL_TRIALS:
                return False
            tried.add(key)
            account = self.problem.account(customer)
            day = self.days[target]
            if any(a.date == self.days[source] for a in account.appointments):
                return False
            lo, hi = self._range(customer, source, members)
            if not (lo <= day <= hi and day.weekday() in account.weekdays):
                return False
            trials += 2
            there = self._plan_day(day, [*members[target], customer], seed)
            rest = [c for c in members[source] if c != customer]
            here = self._plan_day(self.days[source], rest, seed)
            drive = there.cost + here.cost - planned[target].cost - planned[source].cost
            gap = work(source) - work(target)
            after = here.working_time.total_seconds() - there.working_time.total_seconds()
            if not (
                there.is_feasible()
                and here.is_feasible()
                and abs(after) < gap - LEVEL_GAIN
                and drive < LEVEL_DRIVE
            ):
                return False
            members[target].append(customer)
            members[source] = rest
            planned[target], planned[source] = there, here
            return True

        days = range(len(self.days))
        while trials < LEVEL_TRIALS:
            order = sorted(days, key=lambda k: (work(k), k))
            shortest, longest = order[0], order[-1]
            moved = any(
                attempt(longest, target, customer)
                for target in order[:-1]
                if work(longest) - work(target) > 2 * LEVEL_GAIN
                for customer in list(members[longest])
            ) or any(
                attempt(source, shortest, customer)
                for source in reversed(order[1:])
                if work(source) - work(shortest) > 2 * LEVEL_GAIN
                for customer in list(members[source])
            )
            if not moved:
                return

    def _rehome(
        self,
        customer: Hashable,
        k: int,
        members: list[list[Hashable]],
        planned: dict[int, DayRoute],
        seed: int,
    ) -> int | None:
        """Move ``customer``'s visit off day ``k`` to a day that keeps every rule."""
        account = self.problem.account(customer)
        lo, hi = self._range(customer, k, members)
        options = [
            j
            for j, day in enumerate(self.days)
            if j != k and lo <= day <= hi and day.weekday() in account.weekdays
        ]
        options.sort(key=lambda j: abs(j - k))
        for j in options:
            trial = self._plan_day(self.days[j], [*members[j], customer], seed)
            if trial.is_feasible():
                members[j].append(customer)
                planned[j] = trial
                return j
        return None


# -- re-planning ------------------------------------------------------------------------------


def replan(
    plan: PeriodPlan,
    done: Iterable[tuple[Hashable, _dt.date]] | Mapping[Hashable, Iterable[_dt.date]],
    *,
    as_of: _dt.date,
    urgent: Iterable[tuple[Hashable, Appointment]] = (),
    time_limit: float | None = None,
    seed: int = 0,
    max_iterations: int | None = None,
) -> PeriodPlan:
    """Re-make ``plan`` from ``as_of`` with what was really done.

    The days before ``as_of`` become what the reports say: each day's route is the
    earliest schedule of the visits done that day, in the planned order where there was
    one. Each account's last visit becomes its latest visit done, so a missed visit is
    overdue and comes back at once, and spacing counts from the real visit. Urgent
    visits (a complaint) become appointments. The rest of the window is planned again,
    keeping visits on their old days unless moving them pays (see the module docstring).

    Args:
        plan: The plan being followed.
        done: The visits actually made up to the day before ``as_of``: ``(customer, date)``
            pairs, or a mapping of customer to dates.
        as_of: The first day to re-plan (today).
        urgent: ``(customer, appointment)`` pairs to fit in, on or after ``as_of``.
        time_limit: As for :func:`plan_period`.
        seed: As for :func:`plan_period`.
        max_iterations: As for :func:`plan_period`.

    Returns:
        The new plan: its ``days`` are the working days from ``as_of`` on, ``past`` holds
        the days before as done, and ``moved`` counts the visits from ``as_of`` on that
        changed day, were added or were dropped (each once).

    Raises:
        RoutingError: If a visit done is for an unknown customer or on or after ``as_of``,
            an urgent visit is before ``as_of``, or ``as_of`` is outside the window.
    """
    problem = plan.problem
    first, last = problem.window
    today = pendulum.date(as_of.year, as_of.month, as_of.day)
    problems: list[str] = []
    if not first <= today <= last:
        problems.append(f"as_of {today} is outside the window {first}..{last}")
    pairs = (
        [(c, d) for c, dates in done.items() for d in dates]
        if isinstance(done, Mapping)
        else list(done)
    )
    known = {a.customer: a for a in problem.accounts}
    visits: dict[Hashable, list[pendulum.Date]] = {}
    for customer, day in pairs:
        when = pendulum.date(day.year, day.month, day.day)
        if customer not in known:
            problems.append(f"done visit to {customer!r}: not an account of the plan")
        elif when >= today:
            problems.append(f"done visit to {customer!r} on {when}: not before as_of {today}")
        else:
            visits.setdefault(customer, []).append(when)
    extra: dict[Hashable, list[Appointment]] = {}
    for customer, appointment in urgent:
        if customer not in known:
            problems.append(f"urgent visit to {customer!r}: not an account of the plan")
        elif appointment.date < today:
            problems.append(f"urgent visit to {customer!r} on {appointment.date}: before as_of")
        else:
            extra.setdefault(customer, []).append(appointment)
    if problems:
        raise RoutingError("; ".join(problems), record="replan")
    accounts = []
    for account in problem.accounts:
        dates = visits.get(account.customer, [])
        last_visit = max(
            [*dates, *([account.last_visit] if account.last_visit else [])], default=None
        )
        accounts.append(
            attrs.evolve(
                account,
                last_visit=last_visit,
                appointments=(
                    *(a for a in account.appointments if a.date >= today),
                    *extra.get(account.customer, ()),
                ),
            )
        )
    future = attrs.evolve(problem, accounts=accounts, window=(today, last))
    old_future = {c: frozenset(day for day in plan.visits_of(c) if day >= today) for c in known}
    new = _plan(
        future, time_limit=time_limit, seed=seed, max_iterations=max_iterations, previous=old_future
    )
    past = []
    old_routes = plan.routes
    reported = {d for dates in visits.values() for d in dates}
    for day in sorted({*problem.workdays(), *reported}):
        if day >= today:
            break
        planned_order = list(old_routes[day].customers) if day in old_routes else []
        done_today = [c for c, dates in visits.items() if day in dates]
        order = [c for c in planned_order if c in done_today] + sorted(
            (c for c in done_today if c not in planned_order), key=str
        )
        past.append((day, schedule_day(problem.day_problem(day, order), order)))
    past_before = tuple(p for p in plan.past if p[0] < first)
    moved = 0
    for c in known:
        now = frozenset(new.visits_of(c))
        moved += max(len(old_future[c] - now), len(now - old_future[c]))
    return attrs.evolve(new, past=(*past_before, *past), moved=moved)
