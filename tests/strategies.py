"""Hypothesis strategies for deepmarketing's value objects, one function per object.

Tests import these by name (``from strategies import periods``), so keep the names and
their meaning stable. Each section below covers one library module; add new strategies
to the section of the module that defines the object.
"""

from __future__ import annotations

import datetime as dt
import decimal
from decimal import Decimal

import pendulum
from hypothesis import strategies as st

from deepmarketing.periods import Period, PeriodKind, WorkCalendar
from deepmarketing.quantities import Metric

# -- deepmarketing.org: the strategies live in org_strategies.py (they need more room for
# random organization histories) and are re-exported here, so every value object's
# strategy can be imported from this one module.
from org_strategies import (  # noqa: F401  (re-exported)
    assignments,
    customers,
    geo_points,
    org_histories,
    people,
    territory_assignments,
    units,
)

__all__ = [
    "MAX_DATE",
    "MIN_DATE",
    "QUANTA",
    "amounts",
    "clipped_periods",
    "dates",
    "decimals_at",
    "metrics",
    "period_kinds",
    "periods",
    "quanta",
    "work_calendars",
]


# -- deepmarketing.periods --------------------------------------------------------------

#: The first and last date :func:`dates` draws unless told otherwise.
MIN_DATE = pendulum.Date(1900, 1, 1)
MAX_DATE = pendulum.Date(2199, 12, 31)


def _as_pendulum(day: dt.date) -> pendulum.Date:
    return pendulum.Date(day.year, day.month, day.day)


def dates(
    min_value: dt.date = MIN_DATE, max_value: dt.date = MAX_DATE
) -> st.SearchStrategy[pendulum.Date]:
    """Calendar days as ``pendulum.Date``, from 1900-01-01 to 2199-12-31 unless bounded."""
    return st.dates(min_value=min_value, max_value=max_value).map(_as_pendulum)


def period_kinds() -> st.SearchStrategy[PeriodKind]:
    """Any period kind, from YEAR to DAY."""
    return st.sampled_from(PeriodKind)


def periods(kinds: st.SearchStrategy[PeriodKind] | None = None) -> st.SearchStrategy[Period]:
    """Natural periods (never clipped), built with ``Period.containing`` on a random date.

    Args:
        kinds: The kinds to draw from; any kind unless given.
    """
    return st.builds(Period.containing, dates(), period_kinds() if kinds is None else kinds)


@st.composite
def _clipped_periods(draw: st.DrawFn, kinds: st.SearchStrategy[PeriodKind]) -> Period:
    parent = draw(periods())
    pieces = parent.split(draw(kinds))
    return draw(st.sampled_from(pieces))


def clipped_periods(
    kinds: st.SearchStrategy[PeriodKind] | None = None,
) -> st.SearchStrategy[Period]:
    """Pieces of ``Period.split``: natural or clipped periods, as split produces them.

    A random natural period is split into a random kind and one piece is drawn, so a
    coarser or non-nesting kind gives clipped pieces and a finer nested kind natural ones.

    Args:
        kinds: The kinds the pieces may have; any kind unless given.
    """
    return _clipped_periods(period_kinds() if kinds is None else kinds)


@st.composite
def _work_calendars(draw: st.DrawFn, days: st.SearchStrategy[pendulum.Date]) -> WorkCalendar:
    weekend = draw(st.frozensets(st.integers(min_value=0, max_value=6), max_size=6))
    holidays = draw(st.frozensets(days, max_size=8))
    extra_workdays = draw(st.frozensets(days, max_size=8)) - holidays
    return WorkCalendar(weekend=weekend, holidays=holidays, extra_workdays=extra_workdays)


def work_calendars(
    days: st.SearchStrategy[pendulum.Date] | None = None,
) -> st.SearchStrategy[WorkCalendar]:
    """Work calendars: zero to six weekend days, some holidays and some extra workdays.

    Args:
        days: Where holidays and extra workdays are drawn from; pass ``dates(start, end)``
            to have them fall inside the period under test. Any date unless given.
    """
    return _work_calendars(dates() if days is None else days)


# -- deepmarketing.quantities -----------------------------------------------------------

#: Quanta as the library meets them: kilograms, fen, five fen, quarters, yuan, tens, 500.
QUANTA = tuple(Decimal(q) for q in ("0.001", "0.01", "0.05", "0.25", "1", "10", "500"))

# Generated values stay far below this many digits, so building them is always exact.
_EXACT = decimal.Context(prec=100, traps=[decimal.Inexact])


def quanta() -> st.SearchStrategy[Decimal]:
    """Positive rounding steps, powers of ten and others (0.05, 0.25, 500)."""
    return st.sampled_from(QUANTA)


def decimals_at(quantum: Decimal, *, max_steps: int = 10**12) -> st.SearchStrategy[Decimal]:
    """Whole multiples of ``quantum`` (negative, zero and positive), at its exponent or finer.

    Args:
        quantum: The step every drawn value is a multiple of.
        max_steps: The largest number of steps, either side of zero.
    """
    return st.integers(min_value=-max_steps, max_value=max_steps).map(
        lambda n: _EXACT.multiply(Decimal(n), quantum)
    )


def amounts(*, max_places: int = 6, max_value: int = 10**12) -> st.SearchStrategy[Decimal]:
    """Finite Decimals of either sign with up to ``max_places`` decimal places."""
    return st.integers(min_value=0, max_value=max_places).flatmap(
        lambda places: st.decimals(
            min_value=-max_value,
            max_value=max_value,
            allow_nan=False,
            allow_infinity=False,
            places=places,
        )
    )


_LABELS = st.text(alphabet=st.characters(categories=("L", "N")), min_size=1, max_size=12)


def metrics() -> st.SearchStrategy[Metric]:
    """Metrics with a letters-and-digits name and unit and a quantum from :func:`quanta`."""
    return st.builds(Metric, name=_LABELS, unit=_LABELS, quantum=quanta())


# -- deepmarketing.targets --------------------------------------------------------------
# (Appended last, so its one extra import sits here rather than at the top.)

from typing import NamedTuple  # noqa: E402

__all__ += [
    "SPLIT_QUANTA",
    "Split",
    "bounded_splits",
    "split_quanta",
    "split_totals",
    "weight_maps",
    "weights",
]

#: The quanta splits are tested with: yuan, fen, five fen, kilograms and 500-yuan steps.
SPLIT_QUANTA = tuple(Decimal(q) for q in ("1", "0.01", "0.05", "0.001", "500"))

#: Ways of writing a zero weight.
_ZERO_WEIGHTS = (0, Decimal(0), Decimal("0.000"), "0", "0.00")

#: Keys of a weight mapping: short lower-case names, easy to read in a failing example.
_SPLIT_KEYS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=4)


def split_quanta() -> st.SearchStrategy[Decimal]:
    """One of :data:`SPLIT_QUANTA`."""
    return st.sampled_from(SPLIT_QUANTA)


def weights(
    *, max_value: int = 10**6, max_places: int = 25
) -> st.SearchStrategy[Decimal | int | str]:
    """Non-negative weights as ``apportion`` accepts them: ints, Decimals, numeric strings.

    Zeros (written several ways) and small integers (which tie) come often; Decimals
    have up to ``max_places`` decimal places, and strings are written both in plain
    notation with every place (``"0.0000012300"``) and as ``str(Decimal)`` writes them
    (which may use an exponent, ``"1.23E-6"``).
    """
    decimals = st.integers(min_value=0, max_value=max_places).flatmap(
        lambda places: st.decimals(
            min_value=0,
            max_value=max_value,
            allow_nan=False,
            allow_infinity=False,
            places=places,
        )
    )
    return st.one_of(
        st.sampled_from(_ZERO_WEIGHTS),
        st.integers(min_value=0, max_value=4),
        st.integers(min_value=0, max_value=max_value),
        decimals,
        decimals.map(lambda d: f"{d:f}"),
        decimals.map(str),
    )


def weight_maps(
    keys: st.SearchStrategy[object] | None = None,
    *,
    values: st.SearchStrategy[Decimal | int | str] | None = None,
    min_size: int = 1,
    max_size: int = 30,
) -> st.SearchStrategy[dict[object, Decimal | int | str]]:
    """Mappings from distinct keys to weights.

    Args:
        keys: The keys; short lower-case names unless given.
        values: The weights; :func:`weights` unless given.
        min_size: The fewest keys.
        max_size: The most keys.
    """
    return st.dictionaries(
        _SPLIT_KEYS if keys is None else keys,
        weights() if values is None else values,
        min_size=min_size,
        max_size=max_size,
    )


def split_totals(quantum: Decimal, *, max_steps: int = 10**12) -> st.SearchStrategy[Decimal]:
    """Totals to split: zero, and small and large multiples of ``quantum`` of either sign."""
    return st.one_of(
        st.just(_EXACT.multiply(Decimal(0), quantum)),
        decimals_at(quantum, max_steps=min(100, max_steps)),
        decimals_at(quantum, max_steps=max_steps),
    )


class Split(NamedTuple):
    """The arguments of one feasible call of ``apportion`` with bounds."""

    total: Decimal
    weights: dict[object, Decimal | int | str]
    quantum: Decimal
    minimums: dict[object, Decimal]
    maximums: dict[object, Decimal]


# A bound that is not a multiple of the quantum is rounded inward: a minimum of
# (n - f) quanta rounds up to n, a maximum of (n + f) quanta down to n.
_BOUND_FRACTIONS = (Decimal(0), Decimal(0), Decimal("0.5"), Decimal("0.999"))


def _total_range(
    weighted: dict[object, bool], lows: dict[object, int], highs: dict[object, int]
) -> tuple[int, int | None]:
    """The least and the most (None: no limit) the bounds let the shares add up to, in quanta.

    A key without a minimum is at least 0 (or its maximum, if that is below 0); a key
    without weight keeps 0 as far as its bounds allow.
    """
    least = {k: lows.get(k, min(0, highs.get(k, 0))) for k in weighted}
    kept = {k: max(least[k], min(0, highs.get(k, 0))) for k in weighted}
    smallest = sum(least[k] if w else kept[k] for k, w in weighted.items())
    if any(w and k not in highs for k, w in weighted.items()):
        return smallest, None
    return smallest, sum(highs[k] if w else kept[k] for k, w in weighted.items())


@st.composite
def _bounded_splits(
    draw: st.DrawFn,
    keys: st.SearchStrategy[object] | None,
    values: st.SearchStrategy[Decimal | int | str] | None,
    max_keys: int,
    max_steps: int,
) -> Split:
    quantum = draw(split_quanta())
    weight_map = draw(weight_maps(keys, values=values, max_size=max_keys))
    weighted = {k: Decimal(str(w)) != 0 for k, w in weight_map.items()}
    if not any(weighted.values()):
        weighted = dict.fromkeys(weighted, True)  # all-zero weights split evenly
    # Bounds in whole quanta, low <= high; a few below zero.
    bound = st.integers(min_value=-(max_steps // 4), max_value=max_steps)
    lows: dict[object, int] = {}
    highs: dict[object, int] = {}
    for key in weight_map:
        low = draw(st.none() | bound)
        high = draw(st.none() | bound)
        if low is not None:
            lows[key] = low
        if high is not None:
            highs[key] = high if low is None else max(high, low)
    smallest, largest = _total_range(weighted, lows, highs)
    if largest is not None and largest < max(smallest, 0):
        # No non-negative total fits: let one key with weight grow without limit.
        del highs[next(k for k, w in weighted.items() if w)]
        smallest, largest = _total_range(weighted, lows, highs)
    smallest = max(smallest, 0)
    largest = smallest + max_steps if largest is None else largest
    steps = draw(st.integers(min_value=smallest, max_value=largest))
    fraction = st.sampled_from(_BOUND_FRACTIONS)
    return Split(
        total=_EXACT.multiply(Decimal(steps), quantum),
        weights=weight_map,
        quantum=quantum,
        minimums={k: _EXACT.multiply(n - draw(fraction), quantum) for k, n in lows.items()},
        maximums={k: _EXACT.multiply(n + draw(fraction), quantum) for k, n in highs.items()},
    )


def bounded_splits(
    keys: st.SearchStrategy[object] | None = None,
    *,
    values: st.SearchStrategy[Decimal | int | str] | None = None,
    max_keys: int = 8,
    max_steps: int = 60,
) -> st.SearchStrategy[Split]:
    """Feasible splits with bounds: a non-negative total, weights, a quantum and bounds.

    Each key may have a minimum, a maximum, both or neither (a minimum never above the
    maximum once both are rounded inward to whole quanta); some bounds are below zero,
    and some are not multiples of the quantum. The total is a multiple of the quantum
    that the bounds can reach. Negate the total and swap and negate the bounds for a
    negative split.

    Args:
        keys: The keys; short lower-case names unless given.
        values: The weights; :func:`weights` unless given.
        max_keys: The most keys.
        max_steps: Bounds and totals stay within about this many quanta.
    """
    return _bounded_splits(keys, values, max_keys, max_steps)


# -- deepmarketing.targets.negotiation ------------------------------------------------------

from deepmarketing.targets._negotiation import Action, NegotiationEvent  # noqa: E402

__all__ += ["negotiation_events"]


def negotiation_events() -> st.SearchStrategy[NegotiationEvent]:
    """``NegotiationEvent`` values of every action: a key, a person, a day, maybe a figure.

    The events are well-formed, not necessarily legal moves in any plan; build legal
    sequences with the negotiation's own methods (see tests/targets/test_negotiation.py).
    """
    ids = st.text(alphabet="ABCDR-0123456789", min_size=1, max_size=8)
    keys = st.tuples(st.sampled_from(["unit", "person"]), ids, ids)
    figures = st.none() | decimals_at(Decimal("0.01"), max_steps=10**10).map(abs)
    reasons = st.none() | st.text(max_size=20)
    return st.builds(
        NegotiationEvent,
        st.sampled_from(Action),
        keys,
        by=ids,
        at=dates(),
        amount=figures,
        reason=reasons,
    )
