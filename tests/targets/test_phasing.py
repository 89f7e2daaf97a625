"""Tests for deepmarketing.targets.phase and Phaser: splitting a target over time, exactly.

The properties run over random periods (natural and clipped, of every kind), every kind
of piece, several quanta, amounts of either sign, with or without a work calendar and a
seasonal profile (by month number, or a weight for each day). Exact shares are worked
out here from the docstring's definition of a day's weight: 1 for a working day (every
day without a calendar), times the day's profile weight, or times its month's profile
weight spread evenly over that month's working days.
"""

from __future__ import annotations

import decimal
import itertools
from collections.abc import Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import NamedTuple

import pendulum
import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from deepmarketing.errors import AllocationError, AmountTypeError
from deepmarketing.periods import Period, PeriodKind, WorkCalendar
from deepmarketing.targets import Phaser, Profile, phase
from strategies import clipped_periods, dates, decimals_at, period_kinds, periods, work_calendars

#: The quanta phasing is tested with: yuan, fen, five fen, kilograms.
PHASE_QUANTA = tuple(Decimal(q) for q in ("1", "0.01", "0.05", "0.001"))

#: The kinds that nest: year > quarter > month > dekad > day (weeks cut across them).
CHAIN = (PeriodKind.YEAR, PeriodKind.QUARTER, PeriodKind.MONTH, PeriodKind.DEKAD, PeriodKind.DAY)

EXACT = decimal.Context(prec=100, traps=[decimal.Inexact])


# -- profiles ---------------------------------------------------------------------------


class DayProfile:
    """A per-day profile: a weight by day of the month times a weight by weekday."""

    def __init__(self, by_day: Sequence[Decimal | int], by_weekday: Sequence[Decimal | int]):
        self.by_day = tuple(by_day)
        self.by_weekday = tuple(by_weekday)

    def __call__(self, day: pendulum.Date) -> Decimal:
        return EXACT.multiply(
            Decimal(self.by_day[day.day - 1]), Decimal(self.by_weekday[day.weekday()])
        )

    def scaled(self, factor: Decimal | int) -> DayProfile:
        """The same profile with every weight multiplied by ``factor``."""
        return DayProfile(
            [EXACT.multiply(Decimal(w), Decimal(factor)) for w in self.by_day], self.by_weekday
        )

    def __repr__(self) -> str:
        return f"DayProfile({list(self.by_day)!r}, {list(self.by_weekday)!r})"


def profile_weights() -> st.SearchStrategy[Decimal | int]:
    """Non-negative profile weights: zeros and small integers often, some decimals."""
    return st.one_of(
        st.just(0),
        st.integers(min_value=0, max_value=5),
        st.integers(min_value=0, max_value=1000),
        st.decimals(min_value=0, max_value=100, places=3, allow_nan=False, allow_infinity=False),
    )


def month_profiles() -> st.SearchStrategy[dict[int, Decimal | int]]:
    """A weight for each month number 1-12."""
    return st.fixed_dictionaries({m: profile_weights() for m in range(1, 13)})


def day_profiles() -> st.SearchStrategy[DayProfile]:
    """A callable giving each day a weight."""
    return st.builds(
        DayProfile,
        st.lists(profile_weights(), min_size=31, max_size=31),
        st.lists(profile_weights(), min_size=7, max_size=7),
    )


def profiles() -> st.SearchStrategy[Profile | None]:
    """No profile, a month profile or a per-day profile."""
    return st.one_of(st.none(), month_profiles(), day_profiles())


def scale_profile(profile: Profile, factor: Decimal | int) -> Profile:
    """``profile`` with every weight multiplied by ``factor``."""
    if isinstance(profile, DayProfile):
        return profile.scaled(factor)
    assert isinstance(profile, Mapping)
    return {m: EXACT.multiply(Decimal(w), Decimal(factor)) for m, w in profile.items()}


# -- the exact reference ----------------------------------------------------------------


def day_weights(
    period: Period, profile: Profile | None, calendar: WorkCalendar | None
) -> dict[pendulum.Date, Fraction]:
    """Each day's weight as the docstring of ``phase`` defines it."""

    def base(day: pendulum.Date) -> int:
        return 1 if calendar is None or calendar.is_workday(day) else 0

    weights: dict[pendulum.Date, Fraction] = {}
    for day in period.dates():
        if profile is None:
            weights[day] = Fraction(base(day))
        elif isinstance(profile, Mapping):
            month = Period.containing(day, PeriodKind.MONTH)
            working = sum(base(d) for d in month.dates())
            share = Fraction(Decimal(profile[day.month])) / working if working else Fraction(0)
            weights[day] = share * base(day)
        else:
            weights[day] = Fraction(profile(day)) * base(day)
    return weights


def exact_shares(
    amount: Decimal, pieces: Sequence[Period], weights: Mapping[pendulum.Date, Fraction]
) -> list[Fraction]:
    """Each piece's exact share of ``amount``; by days when nothing weighs anything."""
    if not any(weights.values()):
        weights = dict.fromkeys(weights, Fraction(1))
    total = sum(weights.values())
    return [Fraction(amount) * sum(weights[d] for d in piece.dates()) / total for piece in pieces]


def whole_quanta(value: Decimal, quantum: Decimal) -> int:
    """``value`` in whole quanta (failing if it is not a multiple)."""
    steps = Fraction(value) / Fraction(quantum)
    assert 1 == steps.denominator, f"{value} is not a multiple of {quantum}"
    return steps.numerator


# -- cases ------------------------------------------------------------------------------


class Case(NamedTuple):
    """One call of ``phase``."""

    amount: Decimal
    period: Period
    into: PeriodKind
    quantum: Decimal
    profile: Profile | None
    calendar: WorkCalendar | None

    def run(self, into: PeriodKind | None = None) -> dict[Period, Decimal]:
        """Phase the case (into another kind if given)."""
        return phase(
            self.amount,
            self.period,
            self.into if into is None else into,
            quantum=self.quantum,
            profile=self.profile,
            calendar=self.calendar,
        )


def any_periods() -> st.SearchStrategy[Period]:
    """Natural and clipped periods of every kind."""
    return st.one_of(periods(), clipped_periods())


def amounts_at(quantum: Decimal) -> st.SearchStrategy[Decimal]:
    """Zero, and small and large multiples of ``quantum`` of either sign."""
    return st.one_of(
        st.just(EXACT.multiply(Decimal(0), quantum)),
        decimals_at(quantum, max_steps=60),
        decimals_at(quantum, max_steps=10**9),
    )


@st.composite
def calendars_for(draw: st.DrawFn, period: Period) -> WorkCalendar:
    """Work calendars whose holidays and make-up days fall in or near ``period``."""
    first = pendulum.Date.fromordinal(period.start.toordinal() - 7)
    last = pendulum.Date.fromordinal(period.end.toordinal() + 7)
    return draw(work_calendars(dates(first, last)))


@st.composite
def cases(
    draw: st.DrawFn,
    period_strategy: st.SearchStrategy[Period] | None = None,
    profile_strategy: st.SearchStrategy[Profile | None] | None = None,
    with_calendar: bool | None = None,
) -> Case:
    """Random phasings: any period, kind, quantum, amount, calendar and profile."""
    period = draw(any_periods() if period_strategy is None else period_strategy)
    quantum = draw(st.sampled_from(PHASE_QUANTA))
    if with_calendar is None:
        with_calendar = draw(st.booleans())
    return Case(
        amount=draw(amounts_at(quantum)),
        period=period,
        into=draw(period_kinds()),
        quantum=quantum,
        profile=draw(profiles() if profile_strategy is None else profile_strategy),
        calendar=draw(calendars_for(period)) if with_calendar else None,
    )


# -- conservation, quantum, keys ----------------------------------------------------------


@given(cases())
def test_pieces_add_up_to_the_amount_exactly(case: Case) -> None:
    """The pieces add up to the amount exactly, whatever the period, kind, calendar and profile."""
    assert case.amount == sum(case.run().values(), Decimal(0))


@given(cases())
def test_every_piece_is_a_multiple_of_the_quantum(case: Case) -> None:
    """Every piece is a whole number of quanta."""
    for value in case.run().values():
        whole_quanta(value, case.quantum)


@given(cases())
def test_keys_are_the_split_of_the_period_in_order(case: Case) -> None:
    """The keys are exactly ``period.split(into)``, in date order."""
    assert case.period.split(case.into) == list(case.run())


@given(cases())
def test_negating_the_amount_negates_every_piece(case: Case) -> None:
    """Phasing -x gives the negated phasing of x."""
    negated = case._replace(amount=-case.amount)
    assert [-v for v in case.run().values()] == list(negated.run().values())


# -- consistency across grains --------------------------------------------------------------


@settings(max_examples=60)
@given(cases())
def test_days_add_up_to_the_pieces_of_every_grain(case: Case) -> None:
    """Summing the days of each piece gives the piece's figure, for every kind of piece."""
    days = case.run(PeriodKind.DAY)
    for kind in PeriodKind:
        direct = case.run(kind)
        gathered = {
            piece: sum((days[Period(PeriodKind.DAY, d)] for d in piece.dates()), Decimal(0))
            for piece in direct
        }
        assert gathered == direct, kind


@settings(max_examples=60)
@given(cases())
def test_finer_pieces_add_up_to_the_coarser_ones_they_nest_in(case: Case) -> None:
    """Months add up to quarters, dekads to months, and so on, wherever the kinds nest."""
    runs = {kind: case.run(kind) for kind in CHAIN}
    for coarse, fine in itertools.combinations(CHAIN, 2):
        upper, lower = runs[coarse], runs[fine]
        for piece, value in upper.items():
            inside = [v for p, v in lower.items() if piece.contains(p)]
            assert value == sum(inside, Decimal(0)), (coarse, fine, piece)


# -- weights: calendar and profiles --------------------------------------------------------


@given(cases(with_calendar=True))
def test_pieces_without_weight_get_nothing(case: Case) -> None:
    """Pieces with no working day (or no profile weight) get 0 while any day weighs."""
    weights = day_weights(case.period, case.profile, case.calendar)
    assume(any(weights.values()))
    for piece, value in case.run().items():
        if not any(weights[d] for d in piece.dates()):
            assert 0 == value, piece


@given(cases(profile_strategy=st.none(), with_calendar=True))
def test_non_working_days_get_nothing_unless_the_period_has_no_working_day(case: Case) -> None:
    """With a calendar, a non-working day gets 0 unless no day of the period is worked."""
    assert case.calendar is not None
    days = case.run(PeriodKind.DAY)
    worked = case.calendar.workdays(case.period)
    if worked:
        for piece, value in days.items():
            if not case.calendar.is_workday(piece.start):
                assert 0 == value, piece
    else:
        # Nothing to go on: split by days, every day within one quantum of an even share.
        even = Fraction(case.amount) / case.period.days
        assert all(abs(Fraction(v) - even) < Fraction(case.quantum) for v in days.values())


def nests(period: Period, into: PeriodKind) -> bool:
    """Whether ``phase`` reaches the pieces by nested splits (not gathering days)."""
    return (period.kind in CHAIN and into in CHAIN) or into is PeriodKind.DAY


# Found while writing these tests: the quarter got 2 quanta (exact 1.3), then January
# got both (0.988 exact of the year's 2); a split level by level must keep each piece
# within one quantum of its share of the whole.
@example(
    Case(
        amount=Decimal(2),
        period=Period.parse("2026"),
        into=PeriodKind.MONTH,
        quantum=Decimal(1),
        profile=dict(
            zip(range(1, 13), (494, 156, 0, 125, 0, 0, 125, 0, 0, 100, 0, 0), strict=True)
        ),
        calendar=None,
    )
)
@given(cases())
def test_pieces_are_within_one_quantum_of_their_exact_share(case: Case) -> None:
    """Where the pieces nest in the period, each is within one quantum of its exact share."""
    assume(nests(case.period, case.into))
    result = case.run()
    weights = day_weights(case.period, case.profile, case.calendar)
    exact = exact_shares(case.amount, list(result), weights)
    for (piece, value), share in zip(result.items(), exact, strict=True):
        assert abs(Fraction(value) - share) < Fraction(case.quantum), piece


@st.composite
def yearly_cases(draw: st.DrawFn) -> Case:
    """A full year into months, with a month profile and maybe a calendar."""
    case = draw(
        cases(
            period_strategy=periods(st.just(PeriodKind.YEAR)),
            profile_strategy=month_profiles(),
        )
    )
    return case._replace(into=PeriodKind.MONTH)


@given(yearly_cases())
def test_months_follow_the_month_profile_within_one_quantum(case: Case) -> None:
    """Over a year each month is within one quantum of amount x profile[m] / sum(profile)."""
    assert isinstance(case.profile, Mapping)
    profile = {m: Fraction(Decimal(w)) for m, w in case.profile.items()}
    total = sum(profile.values())
    assume(total > 0)
    if case.calendar is not None:
        months = case.period.split(PeriodKind.MONTH)
        assume(all(case.calendar.count_workdays(m) for m in months if profile[m.start.month]))
    for month, value in case.run().items():
        exact = Fraction(case.amount) * profile[month.start.month] / total
        assert abs(Fraction(value) - exact) < Fraction(case.quantum), month


@given(cases(profile_strategy=month_profiles()))
def test_months_with_zero_profile_weight_get_nothing(case: Case) -> None:
    """Days of a month whose profile weight is zero get 0 while another day weighs."""
    assert isinstance(case.profile, Mapping)
    assume(any(day_weights(case.period, case.profile, case.calendar).values()))
    for day, value in case.run(PeriodKind.DAY).items():
        if not Decimal(case.profile[day.start.month]):
            assert 0 == value, day


@given(
    cases(profile_strategy=st.one_of(month_profiles(), day_profiles())),
    st.one_of(st.integers(min_value=1, max_value=10**6), st.sampled_from(["0.001", "0.5", "7.25"])),
)
def test_scaling_a_profile_changes_nothing(case: Case, factor: int | str) -> None:
    """Multiplying every profile weight by the same positive factor gives the same pieces."""
    assert case.profile is not None
    scaled = case._replace(profile=scale_profile(case.profile, Decimal(factor)))
    assert case.run() == scaled.run()


# -- Phaser ---------------------------------------------------------------------------------


@given(cases(), st.lists(st.integers(min_value=-(10**12), max_value=10**12), max_size=5))
def test_split_units_agrees_with_split(case: Case, more: list[int]) -> None:
    """A Phaser's split_units gives the quanta of split, for every amount it is reused on."""
    phaser = Phaser(
        case.period, case.into, quantum=case.quantum, profile=case.profile, calendar=case.calendar
    )
    assert case.period.split(case.into) == list(phaser.pieces)
    for units in [whole_quanta(case.amount, case.quantum), *more]:
        amount = EXACT.multiply(Decimal(units), case.quantum)
        split = phaser.split(amount)
        assert list(phaser.pieces) == list(split)
        assert [whole_quanta(v, case.quantum) for v in split.values()] == phaser.split_units(units)
        assert case._replace(amount=amount).run() == split


def test_phaser_examples() -> None:
    """Known figures: July into dekads and Q3 into months, by days and with a profile."""
    july = Period.parse("2026-07")
    dekads = phase(Decimal("1000.00"), july, PeriodKind.DEKAD, quantum=Decimal("0.01"))
    assert [Decimal("322.58"), Decimal("322.58"), Decimal("354.84")] == list(dekads.values())
    q3 = Period.parse("2026-Q3")
    assert [Decimal(303), Decimal(303), Decimal(294)] == list(
        phase(900, q3, "month", quantum=1).values()
    )
    peak = {7: 2, 8: 1, 9: 1}
    assert [Decimal(450), Decimal(225), Decimal(225)] == list(
        phase(900, q3, "month", quantum=1, profile=peak).values()
    )


def test_a_week_is_weighted_by_working_days() -> None:
    """With the default calendar, a week's target goes to Monday to Friday only."""
    days = phase(Decimal(100), Period.parse("2026-W28"), "day", quantum=1, calendar=WorkCalendar())
    assert [Decimal(20)] * 5 + [Decimal(0)] * 2 == list(days.values())


# -- errors -----------------------------------------------------------------------------------


@given(
    cases(),
    st.sampled_from([Fraction(1, 2), Fraction(1, 10), Fraction(3, 4), Fraction(1, 1000)]),
)
def test_an_amount_off_the_quantum_is_refused(case: Case, fraction: Fraction) -> None:
    """An amount that is not a whole number of quanta raises AllocationError."""
    off = EXACT.divide(
        EXACT.multiply(case.quantum, Decimal(fraction.numerator)), Decimal(fraction.denominator)
    )
    amount = EXACT.add(case.amount, off)
    with pytest.raises(AllocationError, match="multiple"):
        case._replace(amount=amount).run()


@given(cases(profile_strategy=month_profiles()), st.data())
def test_a_profile_missing_a_month_is_refused_naming_the_month(
    case: Case, data: st.DataObject
) -> None:
    """A month profile without a month the period touches raises AllocationError naming it."""
    assert isinstance(case.profile, Mapping)
    touched = sorted({d.month for d in case.period.dates()})
    missing = data.draw(st.sets(st.sampled_from(touched), min_size=1))
    profile = {m: w for m, w in case.profile.items() if m not in missing}
    with pytest.raises(AllocationError, match="missing months") as info:
        case._replace(profile=profile).run()
    assert str(sorted(missing)) in str(info.value)


@given(cases(profile_strategy=month_profiles()), st.data())
def test_a_negative_month_weight_is_refused(case: Case, data: st.DataObject) -> None:
    """A negative weight for a month the period touches raises AllocationError naming the month."""
    assert isinstance(case.profile, Mapping)
    month = data.draw(st.sampled_from(sorted({d.month for d in case.period.dates()})))
    profile = {**case.profile, month: Decimal("-0.5")}
    with pytest.raises(AllocationError, match="non-negative") as info:
        case._replace(profile=profile).run()
    assert f"month {month}" in str(info.value)


def test_a_negative_day_weight_is_refused() -> None:
    """A per-day profile with a negative weight raises AllocationError naming the day."""

    def profile(day: pendulum.Date) -> int:
        return -1 if day.day == 13 else 1

    with pytest.raises(AllocationError, match="2026-07-13"):
        phase(100, Period.parse("2026-07"), "day", quantum=1, profile=profile)


def test_a_profile_month_outside_the_period_may_be_missing() -> None:
    """A month profile needs only the months the period touches."""
    pieces = phase(60, Period.parse("2026-Q3"), "month", quantum=1, profile={7: 1, 8: 1, 9: 1})
    assert [Decimal(20)] * 3 == list(pieces.values())


@given(cases(), st.floats(min_value=-1e9, max_value=1e9, allow_nan=False))
def test_a_float_amount_is_refused(case: Case, amount: float) -> None:
    """A float amount raises AmountTypeError (also a TypeError)."""
    with pytest.raises(AmountTypeError):
        case._replace(amount=amount).run()  # type: ignore[arg-type]


def test_a_float_profile_weight_is_refused() -> None:
    """A float in a month profile raises AmountTypeError."""
    with pytest.raises(AmountTypeError):
        phase(100, Period.parse("2026-07"), "day", quantum=1, profile={7: 0.5})


def test_a_float_quantum_is_refused() -> None:
    """A float quantum raises AmountTypeError."""
    with pytest.raises(AmountTypeError):
        phase(100, Period.parse("2026-07"), "day", quantum=0.01)
