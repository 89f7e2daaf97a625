"""Tests for plan_period, replan and check_period: several weeks of visits.

Random small problems (places on a grid with Manhattan travel times, so the matrix is
symmetric and keeps the triangle inequality; up to eight accounts with weekly,
twice-weekly, fortnightly, four-weekly or every-N-days visits, weekday subsets, morning
or afternoon windows, last visits before the window, appointments, a window of one to
three weeks from a Monday, sometimes a holiday, lunch or not) check the planner against
its verifier twin: the plan never breaks a rule without saying so in ``unplaced`` or in
an infeasible day.
"""

from __future__ import annotations

import itertools
from collections.abc import Hashable

import attrs
import pendulum
import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from deepmarketing.errors import RoutingError
from deepmarketing.periods import Period, WorkCalendar
from deepmarketing.routing import (
    Account,
    Appointment,
    Frequency,
    PeriodPlan,
    PeriodProblem,
    TravelModel,
    UnplacedReason,
    Violation,
    check_period,
    plan_day,
    plan_period,
    replan,
)
from deepmarketing.routing._period import first_range
from deepmarketing.samples import sample_company, sample_period

MONDAY = pendulum.date(2026, 7, 6)
MORNING = (pendulum.time(8), pendulum.time(11, 30))
AFTERNOON = (pendulum.time(14), pendulum.time(17))
LUNCH = (pendulum.time(11, 30), pendulum.time(13, 30), pendulum.duration(minutes=45))
#: Violations an unplaced visit of the customer explains: a missing visit leaves a gap
#: (spacing), a due visit uncovered, or an appointment not kept.
EXPLAINED_BY_UNPLACED = {"coverage", "spacing", "appointment"}


def day(offset: int) -> pendulum.Date:
    """The day ``offset`` days after Monday 2026-07-06."""
    return MONDAY.add(days=offset)


def travel_of(*customers: str) -> TravelModel:
    """Travel between ``home`` and ``customers``: ten minutes between any two places."""
    places = ["home", *customers]
    return TravelModel.from_matrix(
        [[0 if a == b else 600 for b in places] for a in places], places=places
    )


def week_problem(accounts: list[Account], **kwargs: object) -> PeriodProblem:
    """A problem over the week of Monday 2026-07-06 for ``accounts``, from ``home``."""
    customers = [str(a.customer) for a in accounts]
    kwargs.setdefault("window", (day(0), day(6)))
    return PeriodProblem(travel_of(*customers), accounts, start="home", **kwargs)


# -- strategies -----------------------------------------------------------------------------


def frequencies() -> st.SearchStrategy[Frequency]:
    """Weekly, twice weekly, fortnightly, every 28 days, or every 2 to 20 days."""
    return st.one_of(
        st.just(Frequency.per_week()),
        st.just(Frequency.per_week(2)),
        st.just(Frequency.per_fortnight()),
        st.just(Frequency.every(28)),
        st.integers(min_value=2, max_value=20).map(Frequency.every),
    )


def weekday_sets() -> st.SearchStrategy[frozenset[int]]:
    """Every day, some weekdays Monday to Friday, or any non-empty set of days."""
    return st.one_of(
        st.just(frozenset(range(7))),
        st.frozensets(st.integers(min_value=0, max_value=4), min_size=1),
        st.frozensets(st.integers(min_value=0, max_value=6), min_size=1),
    )


@st.composite
def period_problems(
    draw: st.DrawFn,
    *,
    min_accounts: int = 1,
    max_accounts: int = 8,
    appointments: str = "any",
) -> PeriodProblem:
    """Small period problems (module docstring).

    Args:
        draw: Hypothesis' draw.
        min_accounts: Fewest accounts.
        max_accounts: Most accounts.
        appointments: ``"any"``: an account has an appointment one time in four, on any
            working day of the window (two may share a day and an hour); ``"apart"``: the
            same, but no two on one day; ``"none"``: no appointments.
    """
    n = draw(st.integers(min_value=min_accounts, max_value=max_accounts))
    coordinate = st.integers(min_value=0, max_value=15)
    points = draw(
        st.lists(st.tuples(coordinate, coordinate), min_size=n + 1, max_size=n + 1, unique=True)
    )
    places = ["home"] + [f"C{i}" for i in range(n)]
    # Manhattan distance on distinct grid points, a minute a step: 60..1800 s, metric.
    matrix = [[60 * (abs(a[0] - b[0]) + abs(a[1] - b[1])) for b in points] for a in points]
    travel = TravelModel.from_matrix(matrix, places=places)
    first = MONDAY.add(weeks=draw(st.integers(min_value=0, max_value=20)))
    weeks = draw(st.integers(min_value=1, max_value=3))
    last = first.add(days=7 * weeks - 1)
    holidays = set()
    if draw(st.booleans()):
        week = draw(st.integers(min_value=0, max_value=weeks - 1))
        holidays.add(first.add(days=7 * week + draw(st.integers(min_value=0, max_value=4))))
    calendar = WorkCalendar(holidays=holidays)
    workdays = [first.add(days=k) for k in range(7 * weeks)]
    workdays = [d for d in workdays if calendar.is_workday(d)]
    taken: set[pendulum.Date] = set()
    accounts = []
    for i in range(n):
        fixed = ()
        free = [d for d in workdays if appointments == "any" or d not in taken]
        if appointments != "none" and free and draw(st.integers(min_value=0, max_value=3)) == 0:
            when = draw(st.sampled_from(free))
            hour = draw(st.integers(min_value=9, max_value=15))
            fixed = (Appointment(when, pendulum.time(hour), pendulum.time(hour + 1)),)
            taken.add(when)
        accounts.append(
            Account(
                f"C{i}",
                frequency=draw(frequencies()),
                weekdays=draw(weekday_sets()),
                windows=draw(st.sampled_from([(), (), (MORNING,), (AFTERNOON,)])),
                service=draw(st.none() | st.integers(min_value=10, max_value=90).map(_minutes)),
                last_visit=draw(
                    st.none()
                    | st.integers(min_value=1, max_value=40).map(lambda k: first.subtract(days=k))
                ),
                appointments=fixed,
            )
        )
    return PeriodProblem(
        travel,
        accounts,
        window=(first, last),
        calendar=calendar,
        start="home",
        lunch=draw(st.sampled_from([None, LUNCH])),
    )


def _minutes(n: int) -> pendulum.Duration:
    return pendulum.duration(minutes=n)


# -- helpers --------------------------------------------------------------------------------


def unexplained(plan: PeriodPlan, violations: list[Violation]) -> list[Violation]:
    """The violations neither an ``unplaced`` entry nor an infeasible day accounts for.

    A day's violations (from check_day) carry the day as their detail's prefix; a
    customer's period-level violations are explained by an unplaced visit of theirs.
    """
    unplaced = {u.customer for u in plan.unplaced}
    bad_days = {str(d) for d, route in plan.days if not route.is_feasible()}
    return [
        v
        for v in violations
        if v.detail[:10] not in bad_days
        and not (v.customer in unplaced and v.kind in EXPLAINED_BY_UNPLACED)
    ]


def customers_by_day(plan: PeriodPlan) -> list[tuple[pendulum.Date, tuple[Hashable, ...]]]:
    """Each day's customers in visiting order."""
    return [(d, route.customers) for d, route in plan.days]


def planned_visits(plan: PeriodPlan, before: pendulum.Date) -> list[tuple[str, pendulum.Date]]:
    """``(customer, day)`` for every visit ``plan`` makes before ``before``."""
    return [(c, d) for d, route in plan.days if d < before for c in route.customers]


#: Two accounts with an appointment at 09:00 sharp on the same Monday, ten minutes apart:
#: one day cannot hold both.
CLASHING_APPOINTMENTS = week_problem(
    [
        Account(
            c,
            frequency=Frequency.per_week(),
            appointments=[Appointment(day(0), pendulum.time(9), pendulum.time(9))],
        )
        for c in ("A", "B")
    ],
    window=(day(0), day(4)),
)


# -- the planner against its verifier -----------------------------------------------------


@given(period_problems(appointments="none"))
def test_check_period_accepts_every_feasible_plan_without_appointments(
    problem: PeriodProblem,
) -> None:
    """Without appointments, a feasible plan passes check_period and no violation is unsaid."""
    plan = plan_period(problem)
    violations = check_period(problem, plan)
    if plan.is_feasible():
        assert [] == violations
    assert [] == unexplained(plan, violations)


@given(period_problems())
@example(CLASHING_APPOINTMENTS)
def test_check_period_accepts_every_feasible_plan(problem: PeriodProblem) -> None:
    """A feasible plan passes check_period, and every violation is an unplaced visit or bad day."""
    plan = plan_period(problem)
    violations = check_period(problem, plan)
    if plan.is_feasible():
        assert [] == violations
    assert [] == unexplained(plan, violations)


def test_appointment_the_day_cannot_hold_is_kept_or_reported() -> None:
    """Two appointments at 09:00 sharp on one day: one is unplaced, never moved unsaid."""
    plan = plan_period(CLASHING_APPOINTMENTS)
    assert (False, ["A"]) == (plan.is_feasible(), [u.customer for u in plan.unplaced])


@given(
    period_problems(appointments="apart"),
    st.integers(min_value=0, max_value=2**16),
    st.integers(min_value=1, max_value=4),
)
def test_same_seed_and_budget_give_the_same_plan(
    problem: PeriodProblem, seed: int, rounds: int
) -> None:
    """The same seed and iteration budget give the same plan, day by day."""
    first = plan_period(problem, seed=seed, max_iterations=rounds)
    second = plan_period(problem, seed=seed, max_iterations=rounds)
    assert customers_by_day(first) == customers_by_day(second)
    assert first.unplaced == second.unplaced
    assert first == second


@given(period_problems(min_accounts=2, appointments="apart"), st.data())
def test_removing_a_customer_keeps_a_feasible_plan_feasible(
    problem: PeriodProblem, data: st.DataObject
) -> None:
    """Dropping one account from a problem with a feasible plan leaves a feasible plan."""
    assume(plan_period(problem).is_feasible())
    gone = data.draw(st.integers(min_value=0, max_value=len(problem.accounts) - 1))
    smaller = attrs.evolve(problem, accounts=problem.accounts[:gone] + problem.accounts[gone + 1 :])
    plan = plan_period(smaller)
    assert (True, []) == (plan.is_feasible(), check_period(smaller, plan))


@given(period_problems(appointments="apart"), st.data())
def test_replan_after_a_missed_and_an_extra_visit(
    problem: PeriodProblem, data: st.DataObject
) -> None:
    """After a missed and an unplanned visit, replan keeps spacing from the real visits."""
    plan = plan_period(problem)
    assume(plan.is_feasible() and not check_period(problem, plan))
    workdays = problem.workdays()
    assume(len(workdays) > 1)
    as_of = data.draw(st.sampled_from(workdays[1:]))
    planned = planned_visits(plan, as_of)
    done = list(planned)
    if done:  # a missed visit
        done.pop(data.draw(st.integers(min_value=0, max_value=len(done) - 1)))
    extra = data.draw(st.sampled_from([a.customer for a in problem.accounts]))
    unplanned = [d for d in workdays if d < as_of and (extra, d) not in planned]
    if unplanned:  # a visit made on a day it was not planned
        done.append((extra, data.draw(st.sampled_from(unplanned))))

    new = replan(plan, done, as_of=as_of)

    violations = check_period(new.problem, new)
    if new.is_feasible():
        assert [] == violations
    assert [] == unexplained(new, violations)
    too_close = []
    for account in problem.accounts:
        c = account.customer
        real = [d for who, d in done if who == c] + [account.last_visit] * bool(account.last_visit)
        upcoming = [d for d in new.visits_of(c) if d >= as_of]
        fixed = {a.date for a in account.appointments}
        if (
            real
            and upcoming
            and upcoming[0] not in fixed
            and (upcoming[0] - max(real)).days < account.min_spacing
        ):
            too_close.append((c, max(real), upcoming[0]))
    assert [] == too_close
    expected_past = {d: sorted(c for c, when in done if when == d) for d in workdays if d < as_of}
    assert expected_past == {d: sorted(route.customers) for d, route in new.past}
    assert new.moved >= 0
    assert (as_of, problem.window[1]) == new.problem.window


@given(period_problems(appointments="apart"), st.data())
def test_quiet_replan_counts_moved_visits(problem: PeriodProblem, data: st.DataObject) -> None:
    """With the plan done as planned, replan is feasible and ``moved`` counts changed visits."""
    plan = plan_period(problem)
    assume(plan.is_feasible() and not check_period(problem, plan))
    workdays = problem.workdays()
    assume(len(workdays) > 1)
    as_of = data.draw(st.sampled_from(workdays[1:]))

    new = replan(plan, planned_visits(plan, as_of), as_of=as_of)

    assert (True, []) == (new.is_feasible(), check_period(new.problem, new))
    changed = 0
    for account in problem.accounts:
        old = {d for d in plan.visits_of(account.customer) if d >= as_of}
        now = set(new.visits_of(account.customer))
        changed += max(len(old - now), len(now - old))
    assert changed == new.moved


def test_replan_past_keeps_a_weekend_visit() -> None:
    """A visit reported on a Saturday appears in past on that Saturday."""
    problem = week_problem([Account("A", frequency=Frequency.per_week())], window=(day(0), day(13)))
    new = replan(plan_period(problem), [("A", day(5))], as_of=day(7))
    assert (day(5), ("A",)) in [(d, route.customers) for d, route in new.past]


def test_quiet_replan_of_the_sample_moves_few_visits() -> None:
    """Replanning the sample month as done moves at most a quarter of the visits to come."""
    problem = sample_period(sample_company())
    plan = plan_period(problem)
    moved = []
    for as_of in problem.workdays()[1::5]:
        new = replan(plan, planned_visits(plan, as_of), as_of=as_of)
        future = sum(len(route.visits) for d, route in plan.days if d >= as_of)
        moved.append((new.is_feasible(), new.moved <= future // 4))
    assert [(True, True)] * len(moved) == moved


def test_sample_period_plan_is_feasible_and_clean() -> None:
    """The sample consultant's four weeks plan feasibly and pass check_period."""
    problem = sample_period(sample_company())
    plan = plan_period(problem)
    assert (True, []) == (plan.is_feasible(), check_period(problem, plan))


# -- Frequency ------------------------------------------------------------------------------


def test_frequency_constructors() -> None:
    """per_week, per_fortnight, per_month (28 days) and every give the interval in days."""
    expected = [7, pytest.approx(3.5), 14, 7, 28, 14, 10]
    actual = [
        Frequency.per_week().interval,
        Frequency.per_week(2).interval,
        Frequency.per_fortnight().interval,
        Frequency.per_fortnight(2).interval,
        Frequency.per_month().interval,
        Frequency.per_month(2).interval,
        Frequency.every(10).interval,
    ]
    assert expected == actual


@pytest.mark.parametrize("bad", [0, -1, True, 1.5])
@pytest.mark.parametrize(
    "make", [Frequency.per_week, Frequency.per_fortnight, Frequency.per_month, Frequency.every]
)
def test_frequency_refuses_non_positive_counts(make: object, bad: object) -> None:
    """Zero, negative, boolean and fractional counts are refused."""
    with pytest.raises(RoutingError, match="whole number > 0"):
        make(bad)  # type: ignore[operator]


def test_frequency_refuses_non_positive_interval() -> None:
    """A raw interval of zero days is refused."""
    with pytest.raises(RoutingError, match="positive number of days"):
        Frequency(0)


# -- Account --------------------------------------------------------------------------------


def test_account_defaults() -> None:
    """Spacing defaults to ceil(0.7 I)..floor(1.3 I); place is the customer; all weekdays."""
    weekly = Account("C-1", frequency=Frequency.per_week())
    monthly = Account("C-2", frequency=Frequency.per_month())
    twice = Account("C-3", frequency=Frequency.per_week(2))
    daily = Account("C-4", frequency=Frequency.every(1))
    expected = [(5, 9, "C-1", frozenset(range(7))), (20, 36), (3, 4), (1, 1)]
    actual = [
        (weekly.min_spacing, weekly.max_spacing, weekly.place, weekly.weekdays),
        (monthly.min_spacing, monthly.max_spacing),
        (twice.min_spacing, twice.max_spacing),
        (daily.min_spacing, daily.max_spacing),
    ]
    assert expected == actual


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"min_spacing": 6, "max_spacing": 5}, "max_spacing 5 is below min_spacing 6"),
        ({"min_spacing": 0}, "min_spacing is 0"),
        ({"weekdays": []}, "weekdays are"),
        ({"weekdays": [7]}, "weekdays are"),
        ({"windows": [(pendulum.time(12), pendulum.time(9))]}, "window 12:00:00-09:00:00"),
        ({"priority": -1}, "priority is -1"),
        ({"priority": True}, "priority is True"),
        ({"service": pendulum.duration(minutes=-5)}, "service is"),
    ],
)
def test_account_validation(kwargs: dict[str, object], message: str) -> None:
    """Each bad account field is named in the error, with the account."""
    with pytest.raises(RoutingError, match=message) as caught:
        Account("C-9", frequency=Frequency.per_week(), **kwargs)  # type: ignore[arg-type]
    assert "C-9" in str(caught.value)


def test_account_lists_every_problem() -> None:
    """An account with several bad fields names all of them in one error."""
    with pytest.raises(RoutingError) as caught:
        Account("C-9", frequency=Frequency.per_week(), weekdays=[], priority=-1, min_spacing=0)
    text = str(caught.value)
    assert [True, True, True] == [m in text for m in ("min_spacing", "weekdays", "priority")]


def test_account_with_spacing_refuses_a_non_frequency() -> None:
    """A bare number of days as frequency is refused (spacing given)."""
    with pytest.raises(RoutingError, match="expected a Frequency"):
        Account("C-9", frequency=7, min_spacing=5, max_spacing=9)  # type: ignore[arg-type]


def test_account_refuses_a_non_frequency() -> None:
    """A bare number of days as frequency is refused with a RoutingError."""
    with pytest.raises(RoutingError, match="expected a Frequency"):
        Account("C-9", frequency=7)  # type: ignore[arg-type]


# -- PeriodProblem --------------------------------------------------------------------------


def test_period_problem_lists_every_problem() -> None:
    """Duplicate account, unknown place, reversed shift and unknown zone come out together."""
    accounts = [
        Account("A", frequency=Frequency.per_week()),
        Account("A", frequency=Frequency.per_week()),
        Account("B", place="nowhere", frequency=Frequency.per_week()),
    ]
    with pytest.raises(RoutingError) as caught:
        PeriodProblem(
            travel_of("A", "B"),
            accounts,
            window=(day(0), day(6)),
            start="home",
            shift=(pendulum.time(17), pendulum.time(8)),
            timezone="Mars/Olympus",
        )
    text = str(caught.value)
    expected = [True] * 4
    actual = [
        "'A' is listed twice" in text,
        "place 'nowhere' is not in the travel model" in text,
        "ends before it starts" in text,
        "'Mars/Olympus' is not a known time zone" in text,
    ]
    assert expected == actual


def test_period_problem_window_without_a_working_day() -> None:
    """A window of one weekend has no working day and is refused."""
    with pytest.raises(RoutingError, match="has no working day"):
        week_problem([Account("A", frequency=Frequency.per_week())], window=(day(5), day(6)))


def test_period_problem_window_from_a_period() -> None:
    """A Period gives the window's first and last dates; the end place defaults to start."""
    problem = week_problem(
        [Account("A", frequency=Frequency.per_week())], window=Period.parse("2026-W28")
    )
    assert ((day(0), day(6)), "home", 5) == (problem.window, problem.end, len(problem.workdays()))


# -- first_range ----------------------------------------------------------------------------


def test_first_range_after_a_last_visit() -> None:
    """After a last visit: min..max spacing after it, aiming one interval after it."""
    account = Account("A", frequency=Frequency.per_week(), last_visit=day(-3))
    assert (day(2), day(6), day(4)) == first_range(account, day(0))


def test_first_range_never_visited() -> None:
    """Never visited: within the first interval of the window, aiming at its start."""
    account = Account("A", frequency=Frequency.per_fortnight())
    assert (day(0), day(13), day(0)) == first_range(account, day(0))


def test_first_range_overdue() -> None:
    """Overdue (last visit more than max spacing ago): within the first min_spacing days."""
    account = Account("A", frequency=Frequency.per_week(), last_visit=day(-10))
    assert (day(0), day(4), day(0)) == first_range(account, day(0))


def test_first_range_starts_at_the_window() -> None:
    """A range that opened before the window starts at the window's first day."""
    account = Account("A", frequency=Frequency.per_week(), last_visit=day(-6))
    assert (day(0), day(3), day(1)) == first_range(account, day(0))


# -- unplaced visits ------------------------------------------------------------------------


def test_no_allowed_day_when_the_only_weekday_is_a_holiday() -> None:
    """A weekly Monday-only account with that Monday a holiday is unplaced: no_allowed_day."""
    problem = week_problem(
        [Account("A", frequency=Frequency.per_week(), weekdays=[0])],
        calendar=WorkCalendar(holidays={day(0)}),
    )
    plan = plan_period(problem)
    expected = (False, [("A", UnplacedReason.NO_ALLOWED_DAY)], ())
    actual = (
        plan.is_feasible(),
        [(u.customer, u.reason) for u in plan.unplaced],
        plan.visits_of("A"),
    )
    assert expected == actual


def test_day_capacity_when_forced_visits_overflow_the_shift() -> None:
    """Four 3-hour Monday-only visits cannot fit one shift: the rest are day_capacity."""
    accounts = [
        Account(c, frequency=Frequency.per_week(), weekdays=[0], service=_minutes(180))
        for c in ("A", "B", "C", "D")
    ]
    plan = plan_period(week_problem(accounts))
    reasons = {u.reason for u in plan.unplaced}
    visited = plan.visits_of("A") + plan.visits_of("B") + plan.visits_of("C") + plan.visits_of("D")
    expected = (False, {UnplacedReason.DAY_CAPACITY}, True, 4)
    actual = (
        plan.is_feasible(),
        reasons,
        set(visited) <= {day(0)},
        len(plan.unplaced) + len(visited),
    )
    assert expected == actual
    assert [] == unexplained(plan, check_period(plan.problem, plan))


# -- check_period on hand-broken plans ----------------------------------------------------


@pytest.fixture(scope="module")
def two_weeks() -> tuple[PeriodProblem, PeriodPlan]:
    """Weekly A on Mon-Wed, fortnightly B on any day: two weeks planned cleanly."""
    problem = week_problem(
        [
            Account("A", frequency=Frequency.per_week(), weekdays=[0, 1, 2]),
            Account("B", frequency=Frequency.per_fortnight()),
        ],
        window=(day(0), day(13)),
    )
    plan = plan_period(problem)
    assert (True, []) == (plan.is_feasible(), check_period(problem, plan))
    return problem, plan


def rebuilt(problem: PeriodProblem, plan: PeriodPlan, visits: dict[str, list[int]]) -> PeriodPlan:
    """``plan`` with each day's route re-planned for the given ``customer: [day offsets]``."""
    by_day: dict[pendulum.Date, list[str]] = {}
    for customer, offsets in visits.items():
        for offset in offsets:
            by_day.setdefault(day(offset), []).append(customer)
    days = sorted(set(problem.workdays()) | set(by_day))
    return attrs.evolve(
        plan,
        days=tuple((d, plan_day(problem.day_problem(d, by_day.get(d, [])))) for d in days),
    )


def kinds(violations: list[Violation]) -> list[tuple[Hashable, str]]:
    """``(customer, kind)`` of each violation."""
    return [(v.customer, v.kind) for v in violations]


def test_check_period_accepts_a_hand_made_plan(two_weeks: tuple[PeriodProblem, PeriodPlan]) -> None:
    """A hand-made plan within every rule passes."""
    problem, plan = two_weeks
    assert [] == check_period(problem, rebuilt(problem, plan, {"A": [0, 7], "B": [3]}))


def test_check_period_catches_a_disallowed_weekday(
    two_weeks: tuple[PeriodProblem, PeriodPlan],
) -> None:
    """A visit on a Thursday to a Monday-to-Wednesday customer is a weekday violation."""
    problem, plan = two_weeks
    broken = rebuilt(problem, plan, {"A": [3, 9], "B": [3]})
    assert [("A", "weekday")] == kinds(check_period(problem, broken))


def test_check_period_catches_a_missing_visit(
    two_weeks: tuple[PeriodProblem, PeriodPlan],
) -> None:
    """Dropping the second week's visit leaves a due visit uncovered."""
    problem, plan = two_weeks
    broken = rebuilt(problem, plan, {"A": [0], "B": [3]})
    assert [("A", "coverage")] == kinds(check_period(problem, broken))


def test_check_period_catches_visits_too_close(
    two_weeks: tuple[PeriodProblem, PeriodPlan],
) -> None:
    """Two weekly visits two days apart break min_spacing."""
    problem, plan = two_weeks
    broken = rebuilt(problem, plan, {"A": [0, 2, 7], "B": [3]})
    found = check_period(problem, broken)
    assert [("A", "spacing")] == kinds(found)
    assert "at least 5 expected" in found[0].detail


def test_check_period_catches_visits_too_far_apart(
    two_weeks: tuple[PeriodProblem, PeriodPlan],
) -> None:
    """Weekly visits ten days apart break max_spacing."""
    problem, plan = two_weeks
    broken = rebuilt(problem, plan, {"A": [0, 10], "B": [3]})
    found = [v for v in check_period(problem, broken) if v.kind == "spacing"]
    assert ["at most 9 expected"] == [v.detail[-18:] for v in found]


def test_check_period_catches_a_weekend_visit(
    two_weeks: tuple[PeriodProblem, PeriodPlan],
) -> None:
    """A visit on a Saturday is on no working day of the window."""
    problem, plan = two_weeks
    broken = rebuilt(problem, plan, {"A": [0, 7], "B": [5]})
    assert ("B", "day") in kinds(check_period(problem, broken))


def with_stranger(plan: PeriodPlan, problem: PeriodProblem) -> PeriodPlan:
    """``plan`` with a visit to X, who is no account, added to A's first day."""
    stranger = PeriodProblem(
        travel_of("A", "B", "X"),
        [*problem.accounts, Account("X", frequency=Frequency.per_week())],
        window=problem.window,
        start="home",
    )
    first = plan.visits_of("A")[0]
    route = plan_day(stranger.day_problem(first, [*plan.routes[first].customers, "X"]))
    return attrs.evolve(plan, days=tuple((d, route if d == first else r) for d, r in plan.days))


def test_check_period_catches_an_unknown_customer(
    two_weeks: tuple[PeriodProblem, PeriodPlan],
) -> None:
    """A visit to a customer who is not an account is reported as unknown."""
    problem, plan = two_weeks
    assert ("X", "unknown") in kinds(check_period(problem, with_stranger(plan, problem)))


def test_unknown_customer_is_reported_once(
    two_weeks: tuple[PeriodProblem, PeriodPlan],
) -> None:
    """A visit to an unknown customer gives one 'unknown' violation and nothing else."""
    problem, plan = two_weeks
    assert [("X", "unknown")] == kinds(check_period(problem, with_stranger(plan, problem)))


def test_check_period_catches_a_missed_appointment() -> None:
    """An appointment in the window the plan does not keep is reported."""
    problem = week_problem(
        [
            Account(
                "A",
                frequency=Frequency.per_week(),
                appointments=[Appointment(day(2), pendulum.time(9), pendulum.time(10))],
            )
        ]
    )
    plan = plan_period(problem)
    assert (day(2),) == plan.visits_of("A")
    moved = rebuilt(problem, plan, {"A": [1]})
    assert [("A", "appointment")] == kinds(check_period(problem, moved))


def test_appointment_is_exempt_from_min_spacing() -> None:
    """An appointment two days after a visit is kept: it is exempt from min_spacing."""
    problem = week_problem(
        [
            Account(
                "A",
                frequency=Frequency.per_week(),
                last_visit=day(-1),
                appointments=[Appointment(day(1), pendulum.time(9), pendulum.time(10))],
            )
        ],
        window=(day(0), day(13)),
    )
    plan = plan_period(problem)
    visits = plan.visits_of("A")
    expected = (True, [], day(1), True)
    actual = (
        plan.is_feasible(),
        check_period(problem, plan),
        visits[0],
        all(5 <= (b - a).days <= 9 for a, b in itertools.pairwise(visits)),
    )
    assert expected == actual


# -- PeriodPlan totals and summary ----------------------------------------------------------


def test_plan_totals(two_weeks: tuple[PeriodProblem, PeriodPlan]) -> None:
    """travel_time sums the days; working_times are 0 on empty days; spread is max - min."""
    _, plan = two_weeks
    working = plan.working_times()
    busy = [t.total_seconds() for d, t in working.items() if plan.routes[d].visits]
    expected = (
        sum(route.cost for _, route in plan.days),
        {0.0},
        max(busy) - min(busy),
        3,
    )
    actual = (
        plan.travel_time.total_seconds(),
        {t.total_seconds() for d, t in working.items() if not plan.routes[d].visits},
        plan.spread.total_seconds(),
        plan.visit_count,
    )
    assert expected == actual


def test_summary_text(two_weeks: tuple[PeriodProblem, PeriodPlan]) -> None:
    """The summary has a line per day, then the totals; no NOT FEASIBLE on a clean plan."""
    _, plan = two_weeks
    lines = plan.summary().splitlines()
    expected = (len(plan.days) + 1, True, True, False)
    actual = (
        len(lines),
        lines[0].startswith("2026-07-06 Mon:"),
        lines[-1].startswith("total: 3 visits, travel "),
        "NOT FEASIBLE" in plan.summary(),
    )
    assert expected == actual


def test_summary_of_an_infeasible_plan_lists_the_unplaced() -> None:
    """An infeasible plan's summary says so and lists each unplaced visit with its reason."""
    problem = week_problem(
        [Account("A", frequency=Frequency.per_week(), weekdays=[0])],
        calendar=WorkCalendar(holidays={day(0)}),
    )
    text = plan_period(problem).summary()
    expected = [True, True, True]
    actual = [
        "NOT FEASIBLE" in text,
        "unplaced (1):" in text,
        "A (due 2026-07-06): no_allowed_day" in text,
    ]
    assert expected == actual
